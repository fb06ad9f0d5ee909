-- finder_votes (source: table finder_votes)
-- up / down: votes with voted_at in the bucket and value 1 / -1.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
agg AS (
    SELECT c.bkt[width_bucket(r.voted_at, c.starts)] AS bucket,
           count(*) FILTER (WHERE r.value = 1)  AS n_up,
           count(*) FILTER (WHERE r.value = -1) AS n_down
      FROM cal c
      JOIN finder_votes r
        ON r.voted_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.voted_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'up', coalesce(a.n_up, 0)),
                            (2, 'down', coalesce(a.n_down, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
