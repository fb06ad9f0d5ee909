-- signup_funnel, people: the persons of the cohort who met step $7 and
-- every earlier step of their segment's list (signup_funnel.sql); with
-- dropped, those of them who missed the list's next step (nobody after the
-- last step). Range-level, the bucket is ignored. Detail: the number of
-- days with activity in the person's first 7 days, and the last of them.
WITH
-- @include people_args.sql
-- @include signup_funnel_steps.sql
reached AS (  -- per person of the segment: met the step; met the list's next step
    SELECT s.person_id,
           bool_or(s.id = a.series AND s.met) AS at_step,
           (array_agg(s.met ORDER BY s.ord)
                FILTER (WHERE s.ord > (SELECT min(x.ord) FROM steps x WHERE x.id = a.series)))[1] AS at_next
      FROM steps s, arg a
     WHERE s.segment = a.segment
     GROUP BY s.person_id
),
counted AS (
    SELECT r.person_id
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
