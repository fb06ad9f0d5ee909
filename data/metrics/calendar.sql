-- calendar.sql: the reporting calendar most metric queries share. A query
-- takes it right after its WITH, with the line
--   -- @include calendar.sql
-- which the catalog loader (and tests/reference/crosscheck.py) replaces
-- with this file.
-- cal:     one row: f, t (the range's dates), tz, g (granularity), and
--          starts[k], the instant of local midnight of day f + k - 1, and
--          bkt[j], the bucket label of day f + j - 1.
-- buckets: the range's bucket labels, one row each.
cal AS MATERIALIZED (
    SELECT c0.*,
           -- starts[k]: instant of local midnight of day f + k - 1, k = 1 .. t-f+2.
           -- width_bucket(ts, starts) = k  <=>  starts[k] <= ts < starts[k+1]  (ts is on that day)
           ARRAY(SELECT (c0.f + i)::timestamp AT TIME ZONE c0.tz
                   FROM generate_series(0, c0.t - c0.f + 1) AS i ORDER BY i) AS starts,
           -- bkt[j]: bucket label of day f + j - 1, j = 1 .. t-f+1
           ARRAY(SELECT CASE c0.g
                            WHEN 'day'   THEN c0.f + i
                            WHEN 'week'  THEN greatest(date_trunc('week',  (c0.f + i)::timestamp)::date, c0.f)
                            WHEN 'month' THEN greatest(date_trunc('month', (c0.f + i)::timestamp)::date, c0.f)
                            ELSE CAST('invalid granularity: ' || c0.g AS date)
                        END
                   FROM generate_series(0, c0.t - c0.f) AS i ORDER BY i) AS bkt
      FROM (SELECT $1::date AS f, $2::date AS t, $3::text AS tz, $4::text AS g) AS c0
),
buckets AS (
    SELECT DISTINCT unnest(c.bkt) AS bucket FROM cal c
),
