-- shared_collections, variant "proxy" (source: collections, persons; used when
-- collection_shares does not exist). public_collections_created: PUBLIC
-- collections with created_at in the bucket (soft-deleted included), per
-- segment (the owner's role). Summary: the same over [from, to].
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (  -- each row once for 'all' and once for the segment of r.owner_person_id
    SELECT c.bkt[width_bucket(r.created_at, c.starts)] AS bucket, sg.segment, r.id
      FROM cal c
      JOIN collections r
        ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
       AND r.privacy = 'PUBLIC'
      LEFT JOIN persons p ON p.id = r.owner_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT bucket, segment,
           count(*) AS n
      FROM rows GROUP BY 1, 2
),
tot AS (  -- over the whole range
    SELECT segment,
           count(*) AS n
      FROM rows GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('public_collections_created', coalesce(a.n, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('public_collections_created', coalesce(t.n, 0))) AS s(key, value)
