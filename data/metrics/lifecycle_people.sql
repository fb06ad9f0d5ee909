-- lifecycle, people: the persons in state $7 ('new', 'returning',
-- 'resurrecting', 'dormant') in the bucket, as lifecycle.sql classifies
-- them: B is the bucket's days inside the range, B' the whole calendar
-- period before B's period. Detail: active days and last active day in B
-- (in B' for the dormant).
WITH
-- @include people_args.sql
pd AS (  -- distinct (person, local day) in B' and B
    SELECT DISTINCT e.person_id, (e.occurred_at AT TIME ZONE a.tz)::date AS day,
           e.occurred_at >= a.b_start AS in_b
      FROM arg a
      JOIN activity_events e
        ON (e.occurred_at >= a.prev_start AND e.occurred_at < (a.period::timestamp AT TIME ZONE a.tz))
        OR (e.occurred_at >= a.b_start AND e.occurred_at < a.b_end)
),
st AS (
    SELECT pd.person_id, bool_or(pd.in_b) AS in_b, bool_or(NOT pd.in_b) AS in_prev,
           count(*) FILTER (WHERE pd.in_b)::integer AS days_b,
           max(pd.day) FILTER (WHERE pd.in_b) AS last_b,
           count(*) FILTER (WHERE NOT pd.in_b)::integer AS days_prev,
           max(pd.day) FILTER (WHERE NOT pd.in_b) AS last_prev
      FROM pd
     GROUP BY 1
),
cls AS (  -- one state per person; NULL created_at is never new
    SELECT st.*,
           CASE
               WHEN st.in_b AND p.created_at >= a.b_start AND p.created_at < a.b_end THEN 'new'
               WHEN st.in_b AND st.in_prev THEN 'returning'
               WHEN st.in_b AND (p.id IS NULL OR p.created_at < a.b_start) THEN 'resurrecting'
               WHEN NOT st.in_b THEN 'dormant'
           END AS state
      FROM st
     CROSS JOIN arg a
      LEFT JOIN persons p ON p.id = st.person_id
     WHERE a.segment = 'all' OR p.role = a.segment
)
SELECT c.person_id,
       CASE WHEN c.in_b THEN c.days_b ELSE c.days_prev END AS active_days,
       CASE WHEN c.in_b THEN c.last_b ELSE c.last_prev END AS last_active
  FROM cls c, arg a
 WHERE c.state = a.series
