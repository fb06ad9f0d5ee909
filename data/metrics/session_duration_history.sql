-- session_duration, variant "table" with history (source: table sessions;
-- activity_events for the time before it). Sessions the backend recorded
-- (as the plain table variant, session_duration_table.sql) and, before the
-- first of them (min(started_at); none yet: the whole range), sessions
-- estimated from activity events (as the estimated variant), so the days
-- before tracking began keep their numbers. Per segment (the person's role).
-- Series: sessions, avg_seconds, median_seconds (over the bucket's sessions
-- of both kinds) and estimated_sessions (how many of them are estimated);
-- the same four as summaries over the whole range.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH RECURSIVE
-- @include calendar.sql
-- @include segments.sql
est_until AS (  -- the first recorded session, or the end of the range
    SELECT least((($2::date + 1)::timestamp AT TIME ZONE $3::text),
                 (SELECT min(s.started_at) FROM sessions s)) AS ts
),
-- @include session_estimate.sql
both_kinds AS (
    SELECT e.person_id, e.first_ts AS started_at, e.dur, true AS estimated
      FROM est e
    UNION ALL
    SELECT s.person_id, s.started_at,
           coalesce(s.duration_seconds::double precision,
                    extract(epoch FROM s.ended_at - s.started_at)::double precision),
           false
      FROM sessions s
     WHERE s.started_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND s.started_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
),
rows AS (
    SELECT c.bkt[width_bucket(k.started_at, c.starts)] AS bucket, p.role, k.dur, k.estimated
      FROM cal c, both_kinds k
      LEFT JOIN persons p ON p.id = k.person_id
)
-- @include session_duration_output.sql
UNION ALL
SELECT 'series', 'estimated_sessions', to_char(b.bucket::timestamp, 'YYYY-MM-DD'),
       coalesce(a.n_est, 0)::double precision, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
UNION ALL
SELECT 'summary', 'estimated_sessions', NULL, coalesce(t.n_est, 0)::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
