-- session_duration, variant "table" (source: table sessions)
-- Sessions with started_at in the bucket; duration = duration_seconds, or
-- ended_at - started_at in seconds where that is null; avg and median
-- (even count: mean of the two middle values) over the sessions with a known
-- duration, NULL where there is none.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
agg AS (
    SELECT c.bkt[width_bucket(s.started_at, c.starts)] AS bucket,
           count(*) AS n,
           avg(s.dur) AS avg_s,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s.dur) AS med_s
      FROM cal c
      JOIN (SELECT started_at,
                   coalesce(duration_seconds::double precision,
                            extract(epoch FROM ended_at - started_at)::double precision) AS dur
              FROM sessions
             WHERE started_at >= ($1::date::timestamp AT TIME ZONE $3::text)
               AND started_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)) AS s ON TRUE
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'sessions', coalesce(a.n, 0)),
                            (2, 'avg_seconds', a.avg_s),
                            (3, 'median_seconds', a.med_s)) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
