-- active_window_people.sql: `counted`, the persons with an activity event
-- on a day of [w0, w1] (local days), of the segment (a person missing from
-- persons only in 'all'), with their number of active days and last active
-- day there. The including query defines `win` (one row: w0, w1) after
-- people_args.sql and selects from `counted`.
pd AS (
    SELECT e.person_id,
           count(DISTINCT (e.occurred_at AT TIME ZONE a.tz)::date)::integer AS active_days,
           max((e.occurred_at AT TIME ZONE a.tz)::date) AS last_active
      FROM arg a
     CROSS JOIN win w
      JOIN activity_events e
        ON e.occurred_at >= (w.w0::timestamp AT TIME ZONE a.tz)
       AND e.occurred_at <  ((w.w1 + 1)::timestamp AT TIME ZONE a.tz)
     GROUP BY 1
),
counted AS (
    SELECT pd.person_id, pd.active_days, pd.last_active
      FROM pd
     CROSS JOIN arg a
      LEFT JOIN persons p ON p.id = pd.person_id
     WHERE a.segment = 'all' OR p.role = a.segment
)
