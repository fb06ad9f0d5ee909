-- post_frequency (source: table posts)
-- Series posts: posts with created_at in the bucket (soft-deleted posts count).
-- Summary posts_per_author (range-level): posts created in [from, to] /
-- distinct authors of those posts (0 if none).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
agg AS (
    SELECT c.bkt[width_bucket(r.created_at, c.starts)] AS bucket,
           count(*) AS n
      FROM cal c
      JOIN posts r
        ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
)
SELECT kind, key, label, value FROM (
    SELECT 0 AS part, s.ord, 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
           s.value::double precision AS value, b.bucket
      FROM buckets b
      LEFT JOIN agg a ON a.bucket = b.bucket
     CROSS JOIN LATERAL (VALUES (1, 'posts', coalesce(a.n, 0))) AS s(ord, key, value)
    UNION ALL
    SELECT 1 AS part, 1 AS ord, 'summary'::text AS kind, 'posts_per_author'::text AS key, NULL::text AS label,
           (SELECT CASE WHEN count(DISTINCT r.author_person_id) > 0 THEN (count(*))::double precision / count(DISTINCT r.author_person_id) ELSE 0 END
              FROM posts r
             WHERE r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
               AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)) AS value,
           NULL::date AS bucket
) AS o
 ORDER BY part, ord, bucket
