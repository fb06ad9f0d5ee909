-- profile_update_frequency (source: table profile_updates)
-- updates: profile_updates rows with updated_at in the bucket;
-- profiles_updated: distinct profile_id among them (distinct over the bucket).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
agg AS (
    SELECT c.bkt[width_bucket(r.updated_at, c.starts)] AS bucket,
           count(*) AS n,
           count(DISTINCT r.profile_id) AS n_profiles
      FROM cal c
      JOIN profile_updates r
        ON r.updated_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.updated_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'updates', coalesce(a.n, 0)),
                            (2, 'profiles_updated', coalesce(a.n_profiles, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
