-- signup_funnel, people: the persons of the cohort who met step $7 and
-- every earlier step of their segment's list (signup_funnel.sql); with
-- dropped, those of them who missed the list's next step (nobody after the
-- last step). Range-level, the bucket is ignored. Detail: the number of
-- days with activity in the person's first 7 days, and the last of them.
WITH
-- @include people_args.sql
cohort AS (
    SELECT p.id,
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
      FROM arg a
      JOIN persons p ON p.created_at >= a.f_start AND p.created_at < a.e
      LEFT JOIN profiles pr ON pr.person_id = p.id
     WHERE p.created_at + interval '168 hours' <= a.e
       AND (a.segment = 'all' OR p.role = a.segment)
),
steps AS (  -- the segment's list (met NULL: not on it), as in signup_funnel.sql
    SELECT c.id, st.ord, st.id AS step, st.met
      FROM cohort c
     CROSS JOIN arg a
     CROSS JOIN LATERAL (VALUES
         (1, 'created', TRUE),
         (2, 'email_verified', c.verified),
         (3, 'onboarded', c.verified AND c.onboarded),
         (4, 'profile_completed', CASE WHEN a.segment = 'BUILDER' THEN c.verified AND c.onboarded AND c.completed END),
         (5, 'first_activity_7d', CASE a.segment
                                      WHEN 'all' THEN c.verified AND c.onboarded AND c.active
                                      WHEN 'BUILDER' THEN c.verified AND c.onboarded AND c.completed AND c.active END),
         (6, 'first_search_7d', CASE WHEN a.segment = 'FINDER' THEN c.verified AND c.onboarded AND c.searched END)
     ) AS st(ord, id, met)
     WHERE st.met IS NOT NULL
),
reached AS (  -- per person: met the clicked step; met the next step of the list
    SELECT s.id,
           bool_or(s.step = a.series AND s.met) AS at_step,
           (array_agg(s.met ORDER BY s.ord) FILTER (WHERE s.ord > (SELECT min(x.ord) FROM steps x WHERE x.step = a.series)))[1] AS at_next
      FROM steps s, arg a
     GROUP BY s.id
),
counted AS (
    SELECT r.id AS person_id
      FROM reached r, arg a
     WHERE r.at_step AND (NOT a.dropped OR NOT r.at_next)
),
first_week AS (
    SELECT c.person_id,
           count(DISTINCT (e.occurred_at AT TIME ZONE a.tz)::date)::integer AS active_days,
           max((e.occurred_at AT TIME ZONE a.tz)::date) AS last_active
      FROM counted c
      JOIN persons p ON p.id = c.person_id
     CROSS JOIN arg a
      LEFT JOIN activity_events e
        ON e.person_id = c.person_id
       AND e.occurred_at >= p.created_at
       AND e.occurred_at <  p.created_at + interval '168 hours'
     GROUP BY 1
)
SELECT f.person_id, f.active_days, f.last_active FROM first_week f
