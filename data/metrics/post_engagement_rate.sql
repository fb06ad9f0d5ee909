-- post_engagement_rate (source: tables post_reactions, post_comments, post_views, posts, persons)
-- reactions (created_at), comments (created_at) and post views (viewed_at) in
-- the bucket, soft-deleted comments included; rate = (reactions + comments) /
-- views, NULL where views = 0 (recomputed from the bucket's totals). Per
-- segment: the role of the author of the post reacted to, commented on or
-- viewed. Summaries over [from, to]: rate (NULL if no views), reactions,
-- comments, views.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
ev AS (  -- one row per reaction, comment or view: what, when, on which post
    SELECT 'reaction' AS what, r.post_id, r.created_at AS ts
      FROM post_reactions r
     WHERE r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
    UNION ALL
    SELECT 'comment', r.post_id, r.created_at
      FROM post_comments r
     WHERE r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
    UNION ALL
    SELECT 'view', r.post_id, r.viewed_at
      FROM post_views r
     WHERE r.viewed_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.viewed_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
),
rows AS (
    SELECT c.bkt[width_bucket(ev.ts, c.starts)] AS bucket, sg.segment, ev.what
      FROM cal c, ev
      LEFT JOIN posts po ON po.id = ev.post_id
      LEFT JOIN persons p ON p.id = po.author_person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT bucket, segment,
           count(*) FILTER (WHERE what = 'reaction') AS reactions,
           count(*) FILTER (WHERE what = 'comment') AS comments,
           count(*) FILTER (WHERE what = 'view') AS views
      FROM rows GROUP BY 1, 2
),
tot AS (
    SELECT segment,
           count(*) FILTER (WHERE what = 'reaction') AS reactions,
           count(*) FILTER (WHERE what = 'comment') AS comments,
           count(*) FILTER (WHERE what = 'view') AS views
      FROM rows GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('rate', CASE WHEN a.views > 0 THEN (a.reactions + a.comments)::double precision / a.views END),
                            ('reactions', coalesce(a.reactions, 0)),
                            ('comments', coalesce(a.comments, 0)),
                            ('views', coalesce(a.views, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('rate', CASE WHEN t.views > 0 THEN (t.reactions + t.comments)::double precision / t.views END),
                            ('reactions', coalesce(t.reactions, 0)),
                            ('comments', coalesce(t.comments, 0)),
                            ('views', coalesce(t.views, 0))) AS s(key, value)
