-- Backfill: sessions for the days before the backend began recording them,
-- rebuilt from activity_events with the rule of the session_duration
-- estimate (data/metrics/session_duration_estimated.sql): a person's events
-- ordered by time; a new session starts when the gap to the previous event
-- is more than 30 minutes; duration = last event - first event.
-- Only sessions that start before the backend's first recorded session (or
-- now, when there is none) are written, marked device_type = 'backfill'; a
-- re-run replaces them. The runner sends this file in one transaction.
DELETE FROM public.sessions WHERE device_type = 'backfill';

WITH cutoff AS (
    SELECT coalesce(min(started_at), now()) AS ts FROM public.sessions
),
ev AS (
    SELECT e.person_id, e.occurred_at AS ts,
           lag(e.occurred_at) OVER w AS prev_ts
      FROM public.activity_events e
    WINDOW w AS (PARTITION BY e.person_id ORDER BY e.occurred_at)
),
numbered AS (
    SELECT ev.person_id, ev.ts,
           count(*) FILTER (WHERE ev.prev_ts IS NULL OR ev.prev_ts < ev.ts - interval '30 minutes')
               -- the default RANGE frame gives events at the same instant one number
               OVER (PARTITION BY ev.person_id ORDER BY ev.ts) AS n
      FROM ev
),
ses AS (
    SELECT person_id, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS events
      FROM numbered
     GROUP BY person_id, n
)
INSERT INTO public.sessions (session_id, person_id, started_at, ended_at, duration_seconds,
                             page_views, device_type)
SELECT md5('pulse/backfill/' || s.person_id || '/' || extract(epoch FROM s.first_ts))::uuid,
       s.person_id, s.first_ts, s.last_ts,
       -- whole seconds only when exact, so the table and the estimate agree
       CASE WHEN extract(epoch FROM s.last_ts - s.first_ts) = floor(extract(epoch FROM s.last_ts - s.first_ts))
            THEN extract(epoch FROM s.last_ts - s.first_ts)::int END,
       0, 'backfill'
  FROM ses s
 WHERE s.first_ts < (SELECT ts FROM cutoff)
ON CONFLICT (session_id) DO NOTHING;
