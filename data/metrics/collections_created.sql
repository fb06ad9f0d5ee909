-- collections_created (source: table collections, persons)
-- Collections with created_at in the bucket, by privacy (soft-deleted ones
-- count), per segment (the owner's role). Summaries over [from, to]: PUBLIC,
-- PRIVATE and total.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (  -- each row once for 'all' and once for the segment of r.owner_person_id
    SELECT c.bkt[width_bucket(r.created_at, c.starts)] AS bucket, sg.segment, r.privacy
      FROM cal c
      JOIN collections r
        ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
      LEFT JOIN persons p ON p.id = r.owner_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT bucket, segment,
           count(*) FILTER (WHERE privacy = 'PUBLIC') AS n_public,
           count(*) FILTER (WHERE privacy = 'PRIVATE') AS n_private
      FROM rows GROUP BY 1, 2
),
tot AS (  -- over the whole range
    SELECT segment,
           count(*) FILTER (WHERE privacy = 'PUBLIC') AS n_public,
           count(*) FILTER (WHERE privacy = 'PRIVATE') AS n_private
      FROM rows GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('PUBLIC', coalesce(a.n_public, 0)), ('PRIVATE', coalesce(a.n_private, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('PUBLIC', coalesce(t.n_public, 0)), ('PRIVATE', coalesce(t.n_private, 0)), ('total', coalesce(t.n_public, 0) + coalesce(t.n_private, 0))) AS s(key, value)
