-- shared_collections, variant "proxy" (source: table collections; used when the
-- collection_shares table does not exist). Series public_collections_created:
-- PUBLIC collections with created_at in the bucket (soft-deleted ones count).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
agg AS (
    SELECT c.bkt[width_bucket(r.created_at, c.starts)] AS bucket,
           count(*) AS n
      FROM cal c
      JOIN collections r
        ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
       AND r.privacy = 'PUBLIC'
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'public_collections_created', coalesce(a.n, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
