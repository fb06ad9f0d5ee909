-- profile_update_frequency (source: table profile_updates)
-- updates: profile_updates rows with updated_at in the bucket;
-- profiles_updated: distinct profile_id among them (distinct over the bucket).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH cal AS MATERIALIZED (
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
agg AS (
    SELECT c.bkt[width_bucket(r.updated_at, c.starts)] AS bucket,
           count(*) AS n,
           count(DISTINCT r.profile_id) AS n_profiles
      FROM cal c
      JOIN profile_updates r
        ON r.updated_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.updated_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'updates', coalesce(a.n, 0)),
                            (2, 'profiles_updated', coalesce(a.n_profiles, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
