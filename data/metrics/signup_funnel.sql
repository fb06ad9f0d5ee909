-- signup_funnel (source: table persons, profiles, activity_events); range-level, ignores $4.
-- Cohort: persons with created_at in [from, to]. Steps, each also requiring all
-- earlier ones: created; email_verified (email_verified_at not null); onboarded
-- (onboarded_at not null); profile_completed (their profile's completed_at not
-- null); first_activity_7d (an activity event with created_at <= occurred_at <
-- created_at + 168 hours). Rows: kind 'step', key = segment, label = step id.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- Range-level: $4 (granularity) is accepted and ignored.
params AS (SELECT $4::text AS granularity),
cohort AS (
    SELECT p.role,
           TRUE AS s1,
           p.email_verified_at IS NOT NULL AS s2,
           p.onboarded_at IS NOT NULL AS s3,
           pr.completed_at IS NOT NULL AS s4,
           EXISTS (SELECT 1 FROM activity_events e
                    WHERE e.person_id = p.id
                      AND e.occurred_at >= p.created_at
                      AND e.occurred_at <  p.created_at + interval '168 hours') AS s5
      FROM persons p
      LEFT JOIN profiles pr ON pr.person_id = p.id
     WHERE p.created_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND p.created_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
       AND EXISTS (SELECT 1 FROM params)
),
flags AS (  -- a step counts persons meeting it and every earlier step
    SELECT role, s1 AS f1, s1 AND s2 AS f2, s1 AND s2 AND s3 AS f3,
           s1 AND s2 AND s3 AND s4 AS f4, s1 AND s2 AND s3 AND s4 AND s5 AS f5
      FROM cohort
),
seg AS (
    SELECT g.ord AS seg_ord, g.seg,
           count(*) FILTER (WHERE f.f1) AS n1, count(*) FILTER (WHERE f.f2) AS n2,
           count(*) FILTER (WHERE f.f3) AS n3, count(*) FILTER (WHERE f.f4) AS n4,
           count(*) FILTER (WHERE f.f5) AS n5
      FROM (VALUES (1, 'all'), (2, 'BUILDER'), (3, 'FINDER')) AS g(ord, seg)
      LEFT JOIN flags f ON g.seg = 'all' OR f.role = g.seg
     GROUP BY g.ord, g.seg
)
SELECT 'step'::text AS kind, seg.seg AS key, st.id AS label, st.n::double precision AS value
  FROM seg
 CROSS JOIN LATERAL (VALUES (1, 'created', seg.n1), (2, 'email_verified', seg.n2),
                            (3, 'onboarded', seg.n3), (4, 'profile_completed', seg.n4),
                            (5, 'first_activity_7d', seg.n5)) AS st(ord, id, n)
 ORDER BY seg.seg_ord, st.ord
