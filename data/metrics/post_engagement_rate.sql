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
author AS (  -- each post's author's role
    SELECT po.id AS post_id, p.role
      FROM posts po
      JOIN persons p ON p.id = po.author_person_id
),
days AS (  -- reactions, comments and views per local day (k: its index in cal.starts)
           -- and author role (NULL: unknown), counted before the segments are
    SELECT ev.k, a.role,
           count(*) FILTER (WHERE ev.what = 1) AS reactions,
           count(*) FILTER (WHERE ev.what = 2) AS comments,
           count(*) FILTER (WHERE ev.what = 3) AS views
      FROM (SELECT 1 AS what, r.post_id, width_bucket(r.created_at, c.starts) AS k
              FROM cal c
              JOIN post_reactions r
                ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
               AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
            UNION ALL
            SELECT 2, r.post_id, width_bucket(r.created_at, c.starts)
              FROM cal c
              JOIN post_comments r
                ON r.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
               AND r.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
            UNION ALL
            SELECT 3, r.post_id, width_bucket(r.viewed_at, c.starts)
              FROM cal c
              JOIN post_views r
                ON r.viewed_at >= ($1::date::timestamp AT TIME ZONE $3::text)
               AND r.viewed_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)) AS ev
      LEFT JOIN author a ON a.post_id = ev.post_id
     GROUP BY 1, 2
),
agg AS (  -- the counts add up: a bucket's are the sums of its days'
    SELECT c.bkt[d.k] AS bucket, sg.segment,
           sum(d.reactions)::bigint AS reactions,
           sum(d.comments)::bigint AS comments,
           sum(d.views)::bigint AS views
      FROM cal c, days d
     CROSS JOIN LATERAL (VALUES ('all'), (d.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
     GROUP BY 1, 2
),
tot AS (
    SELECT segment,
           sum(reactions)::bigint AS reactions,
           sum(comments)::bigint AS comments,
           sum(views)::bigint AS views
      FROM agg GROUP BY 1
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
