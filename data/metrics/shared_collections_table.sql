-- shared_collections, variant "table" (source: table collection_shares)
-- shares: collection_shares rows with shared_at in the bucket;
-- collections_shared: distinct collection_id among them (distinct over the bucket).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
agg AS (
    SELECT c.bkt[width_bucket(r.shared_at, c.starts)] AS bucket,
           count(*) AS n,
           count(DISTINCT r.collection_id) AS n_collections
      FROM cal c
      JOIN collection_shares r
        ON r.shared_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.shared_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'shares', coalesce(a.n, 0)),
                            (2, 'collections_shared', coalesce(a.n_collections, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
