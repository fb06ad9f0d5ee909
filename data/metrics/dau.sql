-- dau (source: table activity_events)
-- Distinct persons (activity_events.person_id) with occurred_at in the day,
-- per segment (persons.role; a person not in persons counts only in 'all').
-- Week/month buckets: distinct over the whole bucket. Summary daily_average:
-- the mean of the range's daily values (days without activity count as 0).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
pd AS (  -- distinct (day index, person)
    SELECT width_bucket(e.occurred_at, c.starts) AS k, e.person_id
      FROM cal c
      JOIN activity_events e
        ON e.occurred_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1, 2
),
rows AS (
    SELECT pd.k, pd.person_id, sg.segment
      FROM pd
      LEFT JOIN persons p ON p.id = pd.person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (  -- distinct over the whole bucket
    SELECT c.bkt[r.k] AS bucket, r.segment, count(DISTINCT r.person_id) AS n
      FROM rows r, cal c
     GROUP BY 1, 2
),
tot AS (  -- (day, person) pairs / days = mean of the daily values
    SELECT r.segment, count(*)::double precision / (max(c.t) - max(c.f) + 1) AS daily_average
      FROM rows r, cal c
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       coalesce(a.n, 0)::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN (VALUES ('all')) AS s(key)
UNION ALL
SELECT 'summary', 'daily_average', NULL, coalesce(t.daily_average, 0), g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
