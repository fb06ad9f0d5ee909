-- session_duration, variant "table" (source: table sessions, persons)
-- Sessions with started_at in the bucket, per segment (the session's
-- person's role); duration = duration_seconds, or ended_at - started_at in
-- seconds where that is null; avg and median (even count: mean of the two
-- middle values) over the sessions with a known duration, NULL where there
-- is none. Summaries over the whole range: sessions (every session started),
-- avg_seconds and median_seconds (over those with a known duration).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (
    SELECT c.bkt[width_bucket(s.started_at, c.starts)] AS bucket, p.role,
           coalesce(s.duration_seconds::double precision,
                    extract(epoch FROM s.ended_at - s.started_at)::double precision) AS dur,
           false AS estimated
      FROM cal c
      JOIN sessions s
        ON s.started_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND s.started_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
      LEFT JOIN persons p ON p.id = s.person_id
)
-- @include session_duration_output.sql
