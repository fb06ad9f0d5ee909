-- shared_collections, variant "table" (source: table collection_shares, persons)
-- shares: collection_shares rows with shared_at in the bucket;
-- collections_shared: distinct collection_id among them (distinct over the
-- bucket). Per segment: the role of the person who shared
-- (shared_by_person_id). Summaries over [from, to]: shares and
-- collections_shared (distinct over the range).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (  -- each row once for 'all' and once for the segment of r.shared_by_person_id
    SELECT c.bkt[width_bucket(r.shared_at, c.starts)] AS bucket, sg.segment, r.collection_id
      FROM cal c
      JOIN collection_shares r
        ON r.shared_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.shared_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
      LEFT JOIN persons p ON p.id = r.shared_by_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT bucket, segment,
           count(*) AS n,
           count(DISTINCT collection_id) AS n_collections
      FROM rows GROUP BY 1, 2
),
tot AS (  -- over the whole range
    SELECT segment,
           count(*) AS n,
           count(DISTINCT collection_id) AS n_collections
      FROM rows GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('shares', coalesce(a.n, 0)), ('collections_shared', coalesce(a.n_collections, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('shares', coalesce(t.n, 0)), ('collections_shared', coalesce(t.n_collections, 0))) AS s(key, value)
