-- signup_funnel_steps.sql: the funnel's cohort and steps, shared by
-- signup_funnel.sql (which counts the cohort's rows per role: the same counts
-- as the steps', without a row per person, segment and step) and
-- signup_funnel_people.sql (which lists the steps' persons). Taken after segments.sql (or people_args.sql) with the line
--   -- @include signup_funnel_steps.sql
-- steps: one row per cohort member, segment ('all' and their role) and step
-- of that segment's list: (person_id, segment, ord, id, met).
-- Range-level: $4 (granularity) is accepted and ignored.
bounds AS (
    SELECT ($1::date::timestamp AT TIME ZONE $3::text) AS f,
           (($2::date + 1)::timestamp AT TIME ZONE $3::text) AS e,
           $4::text AS granularity
),
created AS (
    SELECT p.*, p.created_at + interval '168 hours' <= b.e AS mature
      FROM bounds b
      JOIN persons p ON p.created_at >= b.f AND p.created_at < b.e
),
cohort AS (
    SELECT p.id AS person_id, p.role,
           p.email_verified_at IS NOT NULL AS verified,
           p.onboarded_at IS NOT NULL AS onboarded,
           pr.completed_at IS NOT NULL AS completed,
           EXISTS (SELECT 1 FROM activity_events e
                    WHERE e.person_id = p.id
                      AND e.occurred_at >= p.created_at
                      AND e.occurred_at <  p.created_at + interval '168 hours') AS active,
           EXISTS (SELECT 1 FROM finder_searches s
                    WHERE s.person_id = p.id
                      AND s.searched_at >= p.created_at
                      AND s.searched_at <  p.created_at + interval '168 hours') AS searched
      FROM created p
      LEFT JOIN profiles pr ON pr.person_id = p.id
     WHERE p.mature
),
steps AS (  -- each segment's list: (segment, order, id, met) per person
    SELECT c.person_id, sg.segment, st.ord, st.id, st.met
      FROM cohort c
     CROSS JOIN LATERAL (VALUES ('all'), (c.role)) AS sg(segment)
     CROSS JOIN LATERAL (VALUES
         (1, 'created', TRUE),
         (2, 'email_verified', c.verified),
         (3, 'onboarded', c.verified AND c.onboarded),
         (4, 'profile_completed', CASE WHEN sg.segment = 'BUILDER' THEN c.verified AND c.onboarded AND c.completed END),
         (5, 'first_activity_7d', CASE sg.segment
                                      WHEN 'all' THEN c.verified AND c.onboarded AND c.active
                                      WHEN 'BUILDER' THEN c.verified AND c.onboarded AND c.completed AND c.active END),
         (6, 'first_search_7d', CASE WHEN sg.segment = 'FINDER' THEN c.verified AND c.onboarded AND c.searched END)
     ) AS st(ord, id, met)
     WHERE sg.segment IS NOT NULL AND st.met IS NOT NULL
),
