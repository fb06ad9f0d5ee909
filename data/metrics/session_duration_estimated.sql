-- session_duration, variant "estimated" (source: activity_events; used when
-- the sessions table does not exist).
-- A person's events ordered by time form sessions: a new session starts when
-- the gap to the previous event is more than 30 minutes. Sessions are formed
-- over ALL of the person's events (one that began before `from` is not
-- counted and its later events do not start a new one). A session belongs to
-- the day of its first event; duration = last event - first event (seconds).
-- Per segment (the person's role). Series: sessions, avg_seconds,
-- median_seconds (NULL where no session); the same three as summaries over
-- the whole range.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH RECURSIVE
-- @include calendar.sql
-- @include segments.sql
est_until AS (  -- the estimate covers the whole range
    SELECT (($2::date + 1)::timestamp AT TIME ZONE $3::text) AS ts
),
-- @include session_estimate.sql
rows AS (
    SELECT c.bkt[width_bucket(s.first_ts, c.starts)] AS bucket, p.role, s.dur, true AS estimated
      FROM cal c, est s
      LEFT JOIN persons p ON p.id = s.person_id
)
-- @include session_duration_output.sql
