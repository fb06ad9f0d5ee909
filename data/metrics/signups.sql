-- signups (source: table persons)
-- Persons with created_at in the bucket, all and per role. Soft-deleted
-- persons still count (flow metric).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
agg AS (
    SELECT c.bkt[width_bucket(r.created_at, c.starts)] AS bucket,
           count(*) AS n_all,
           count(*) FILTER (WHERE r.role = 'BUILDER') AS n_builder,
           count(*) FILTER (WHERE r.role = 'FINDER')  AS n_finder
      FROM cal c
      JOIN persons r
        ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'all', coalesce(a.n_all, 0)),
                            (2, 'BUILDER', coalesce(a.n_builder, 0)),
                            (3, 'FINDER', coalesce(a.n_finder, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
