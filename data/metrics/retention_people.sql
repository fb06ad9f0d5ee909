-- retention, people: the persons of the cohort that starts on the bucket
-- $5 (created_at on its days inside the range) counted in cell $8 of kind
-- $7, as retention.sql counts them: 'on', active on a day of period N up to
-- the range's last day; 'on_or_after', active on a day from period N's
-- first day up to the range's last day. Nobody in a cell not yet known.
-- Detail: active days and last active day in those days.
WITH
-- @include people_args.sql
cell AS (
    SELECT (a.period + a.n * s.step)::date AS n_first,
           CASE a.series
               WHEN 'on' THEN least((a.period + (a.n + 1) * s.step)::date, a.t + 1)
               ELSE a.t + 1
           END AS n_end
      FROM arg a
     CROSS JOIN LATERAL (SELECT CASE a.g WHEN 'day' THEN interval '1 day' WHEN 'week' THEN interval '7 days'
                                         ELSE interval '1 month' END AS step) AS s
),
members AS (
    SELECT p.id
      FROM arg a
      JOIN persons p ON p.created_at >= a.b_start AND p.created_at < a.b_end
     WHERE a.segment = 'all' OR p.role = a.segment
)
SELECT m.id AS person_id,
       count(DISTINCT (e.occurred_at AT TIME ZONE a.tz)::date)::integer AS active_days,
       max((e.occurred_at AT TIME ZONE a.tz)::date) AS last_active
  FROM members m
 CROSS JOIN arg a
 CROSS JOIN cell c
  JOIN activity_events e
    ON e.person_id = m.id
   AND e.occurred_at >= (c.n_first::timestamp AT TIME ZONE a.tz)
   AND e.occurred_at <  (c.n_end::timestamp AT TIME ZONE a.tz)
 WHERE a.series IN ('on', 'on_or_after') AND c.n_first < c.n_end
 GROUP BY m.id
