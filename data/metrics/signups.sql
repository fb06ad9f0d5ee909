-- signups (source: table persons)
-- Persons with created_at in the bucket, per segment (persons.role).
-- Soft-deleted persons still count (flow metric). Summary total: the range's
-- sign-ups.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision,
--             segment text ('all', 'BUILDER', 'FINDER').
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (
    SELECT c.bkt[width_bucket(r.created_at, c.starts)] AS bucket, sg.segment
      FROM cal c
      JOIN persons r
        ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     CROSS JOIN LATERAL (VALUES ('all'), (r.role)) AS sg(segment)
),
agg AS (
    SELECT bucket, segment, count(*) AS n FROM rows GROUP BY 1, 2
)
SELECT 'series'::text AS kind, 'all'::text AS key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       coalesce(a.n, 0)::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
UNION ALL
SELECT 'summary', 'total', NULL, coalesce(sum(a.n), 0)::double precision, g.segment
  FROM segments g
  LEFT JOIN agg a ON a.segment = g.segment
 GROUP BY g.segment
