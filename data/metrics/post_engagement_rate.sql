-- post_engagement_rate (source: tables post_reactions, post_comments, post_views)
-- reactions (created_at), comments (created_at) and post views (viewed_at) in
-- the bucket, soft-deleted comments included; rate = (reactions + comments) /
-- views, NULL where views = 0 (recomputed from the bucket's totals).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
re AS (
    SELECT c.bkt[width_bucket(r.created_at, c.starts)] AS bucket, count(*) AS n
      FROM cal c
      JOIN post_reactions r
        ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
),
co AS (
    SELECT c.bkt[width_bucket(r.created_at, c.starts)] AS bucket, count(*) AS n
      FROM cal c
      JOIN post_comments r
        ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
),
vi AS (
    SELECT c.bkt[width_bucket(r.viewed_at, c.starts)] AS bucket, count(*) AS n
      FROM cal c
      JOIN post_views r
        ON r.viewed_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.viewed_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
),
agg AS (
    SELECT b.bucket, coalesce(re.n, 0) AS reactions, coalesce(co.n, 0) AS comments,
           coalesce(vi.n, 0) AS views
      FROM buckets b
      LEFT JOIN re ON re.bucket = b.bucket
      LEFT JOIN co ON co.bucket = b.bucket
      LEFT JOIN vi ON vi.bucket = b.bucket
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'rate', CASE WHEN a.views > 0 THEN (a.reactions + a.comments)::double precision / a.views END),
                            (2, 'reactions', a.reactions),
                            (3, 'comments', a.comments),
                            (4, 'views', a.views)) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
