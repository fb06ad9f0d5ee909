-- profile_update_frequency (source: table profile_updates, profiles, persons)
-- updates: profile_updates rows with updated_at in the bucket; profiles_updated:
-- distinct profile_id among them (distinct over the bucket). Per segment: the
-- role of the person whose profile it is. Summaries over [from, to]: updates
-- and profiles_updated (distinct over the range).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (  -- each row once for 'all' and once for the segment of pr.person_id
    SELECT c.bkt[width_bucket(r.updated_at, c.starts)] AS bucket, sg.segment, r.profile_id
      FROM cal c
      JOIN profile_updates r
        ON r.updated_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.updated_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
      LEFT JOIN profiles pr ON pr.id = r.profile_id
      LEFT JOIN persons p ON p.id = pr.person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT bucket, segment,
           count(*) AS n,
           count(DISTINCT profile_id) AS n_profiles
      FROM rows GROUP BY 1, 2
),
tot AS (  -- over the whole range
    SELECT segment,
           count(*) AS n,
           count(DISTINCT profile_id) AS n_profiles
      FROM rows GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('updates', coalesce(a.n, 0)), ('profiles_updated', coalesce(a.n_profiles, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('updates', coalesce(t.n, 0)), ('profiles_updated', coalesce(t.n_profiles, 0))) AS s(key, value)
