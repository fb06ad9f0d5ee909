-- profile_views (source: table profile_views, persons)
-- views: profile_views rows with viewed_at in the bucket; profiles_viewed:
-- distinct profile_id among them (distinct over the bucket). Per segment: the
-- viewer's role (viewer_person_id; views with no viewer count only in 'all').
-- Summaries over [from, to]: views and profiles_viewed (distinct over the range).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
seen AS (  -- each (bucket, profile, viewer role) once, with its views; role NULL: no
           -- or an unknown viewer. first: the profile's first row in the bucket, so
           -- that a profile seen by both roles counts once in 'all'
    SELECT v.bucket, v.profile_id, v.role, count(*) AS n,
           row_number() OVER (PARTITION BY v.bucket, v.profile_id ORDER BY v.role) = 1 AS first
      FROM (SELECT c.bkt[width_bucket(r.viewed_at, c.starts)] AS bucket, r.profile_id, p.role
              FROM cal c
              JOIN profile_views r
                ON r.viewed_at >= ($1::date::timestamp AT TIME ZONE $3::text)
               AND r.viewed_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
              LEFT JOIN persons p ON p.id = r.viewer_person_id) AS v
     GROUP BY v.bucket, v.profile_id, v.role
),
per_role AS (  -- per bucket and viewer role: views, profiles, and those profiles
               -- not seen by an earlier role (their sum is the bucket's profiles)
    SELECT bucket, role, sum(n) AS n, count(*) AS n_profiles, count(*) FILTER (WHERE first) AS n_first
      FROM seen GROUP BY 1, 2
),
agg AS (
    SELECT bucket, role AS segment, n, n_profiles FROM per_role WHERE role IS NOT NULL
    UNION ALL
    SELECT bucket, 'all', sum(n), sum(n_first) FROM per_role GROUP BY 1
),
range_seen AS (  -- each (profile, viewer role) once over the range
    SELECT profile_id, role, sum(n) AS n,
           row_number() OVER (PARTITION BY profile_id ORDER BY role) = 1 AS first
      FROM seen GROUP BY 1, 2
),
range_role AS (
    SELECT role, sum(n) AS n, count(*) AS n_profiles, count(*) FILTER (WHERE first) AS n_first
      FROM range_seen GROUP BY 1
),
tot AS (  -- over the whole range
    SELECT role AS segment, n, n_profiles FROM range_role WHERE role IS NOT NULL
    UNION ALL
    SELECT 'all', sum(n), sum(n_first) FROM range_role
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('views', coalesce(a.n, 0)), ('profiles_viewed', coalesce(a.n_profiles, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('views', coalesce(t.n, 0)), ('profiles_viewed', coalesce(t.n_profiles, 0))) AS s(key, value)
