-- session_estimate.sql: sessions estimated from activity_events, shared by
-- the "estimated" and "table" (with history) variants of session_duration,
-- which take it after the calendar and a CTE
--   est_until(ts): the instant the estimate ends (exclusive)
-- with the line
--   -- @include session_estimate.sql
-- A person's events ordered by time form sessions: a new session starts when
-- the gap to the previous event is more than 30 minutes. Sessions are formed
-- over ALL of the person's events (one that began before `from` is not
-- counted and its later events do not start a new one). A session belongs to
-- the day of its first event; duration = last event - first event (seconds).
-- est(person_id, first_ts, dur): the sessions that start in the range and
-- before est_until.
ev AS (  -- events from 30 min before `from` (to know whether an event continues an
         -- earlier session) to 24 h after the estimate's end (to see most sessions end)
    SELECT e.person_id, e.occurred_at AS ts,
           lag(e.occurred_at)  OVER w AS prev_ts,
           lead(e.occurred_at) OVER w AS next_ts
      FROM est_until u
      JOIN activity_events e ON e.occurred_at < u.ts + interval '24 hours'
     WHERE e.occurred_at >= ($1::date::timestamp AT TIME ZONE $3::text) - interval '30 minutes'
       -- est_until joined rather than a subquery, and the range's end (est_until is
       -- at most that) said as a constant: the planner then expects the range's
       -- rows, not its guess for a range with an unknown end (15 times fewer), and
       -- plans the joins and sorts that follow for them
       AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text) + interval '24 hours'
    WINDOW w AS (PARTITION BY e.person_id ORDER BY e.occurred_at)
),
marks AS (  -- only the first and the last event of each session
    SELECT m.* FROM (
        SELECT ev.person_id, ev.ts,
               (ev.prev_ts IS NULL OR ev.prev_ts < ev.ts - interval '30 minutes') AS is_start,
               (ev.next_ts IS NULL OR ev.next_ts > ev.ts + interval '30 minutes') AS is_end
          FROM ev
    ) AS m
     WHERE m.is_start OR m.is_end
),
ses AS (  -- sessions whose first event is in the range, before est_until (a true start: its
          -- predecessor, if any, is more than 30 minutes earlier). Rows with equal
          -- ts belong to one session; ordering by is_end puts its end row last.
    SELECT s.person_id, s.first_ts, s.last_ts FROM (
        SELECT m.person_id, m.ts AS first_ts, m.is_start,
               CASE WHEN m.is_end THEN m.ts
                    ELSE lead(m.ts) OVER (PARTITION BY m.person_id ORDER BY m.ts, m.is_end)
               END AS last_ts
          FROM marks m
    ) AS s
     WHERE s.is_start
       AND s.first_ts >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND s.first_ts <  (SELECT u.ts FROM est_until u)
),
ext(person_id, first_ts, last_ts) AS (  -- follow the rare sessions that may go on
                                        -- past the scanned window, 30 min at a time
    SELECT s.person_id, s.first_ts, s.last_ts
      FROM ses s
     WHERE s.last_ts >= (SELECT u.ts FROM est_until u) + interval '24 hours' - interval '30 minutes'
    UNION ALL
    SELECT x.person_id, x.first_ts, nx.ts
      FROM ext x
     CROSS JOIN LATERAL (SELECT max(e.occurred_at) AS ts
                           FROM activity_events e
                          WHERE e.person_id = x.person_id
                            AND e.occurred_at >  x.last_ts
                            AND e.occurred_at <= x.last_ts + interval '30 minutes') AS nx
     WHERE nx.ts IS NOT NULL
),
ext_end AS (
    SELECT person_id, first_ts, max(last_ts) AS last_ts FROM ext GROUP BY 1, 2
),
est AS (  -- the estimated sessions: person, start, duration in seconds
    SELECT s.person_id, s.first_ts,
           extract(epoch FROM greatest(s.last_ts, x.last_ts) - s.first_ts)::double precision AS dur
      FROM ses s
      LEFT JOIN ext_end x ON x.person_id = s.person_id AND x.first_ts = s.first_ts
),
