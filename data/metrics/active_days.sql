-- active_days (source: table activity_events, persons); range-level, ignores $4.
-- For each person with an activity event in [from, to]: k = number of distinct
-- days of the range with an event. Per segment (persons.role; a person not in
-- persons counts only in 'all'): kind 'histogram' rows (label k, value =
-- persons) for every k that occurs, and summary 'mean' = average k (0 if nobody).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH cal AS MATERIALIZED (  -- range-level: $4 (granularity) is accepted and ignored
    SELECT c0.*,
           -- starts[k]: instant of local midnight of day f + k - 1, k = 1 .. t-f+2.
           -- width_bucket(ts, starts) = k  <=>  starts[k] <= ts < starts[k+1]  (ts is on that day)
           ARRAY(SELECT (c0.f + i)::timestamp AT TIME ZONE c0.tz
                   FROM generate_series(0, c0.t - c0.f + 1) AS i ORDER BY i) AS starts
      FROM (SELECT $1::date AS f, $2::date AS t, $3::text AS tz, $4::text AS g) AS c0
),
-- @include segments.sql
pk AS (  -- per person: number of distinct days in the range with an event
    SELECT d.person_id, count(*) AS k
      FROM (SELECT e.person_id, width_bucket(e.occurred_at, c.starts) AS day
              FROM cal c
              JOIN activity_events e
                ON e.occurred_at >= ($1::date::timestamp AT TIME ZONE $3::text)
               AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
             GROUP BY 1, 2) AS d
     GROUP BY d.person_id
),
rows AS (
    SELECT pk.k, sg.segment
      FROM pk
      LEFT JOIN persons p ON p.id = pk.person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
)
SELECT 'histogram'::text AS kind, 'histogram'::text AS key, r.k::text AS label,
       count(*)::double precision AS value, r.segment
  FROM rows r
 GROUP BY r.segment, r.k
UNION ALL
SELECT 'summary', 'mean', NULL, coalesce(avg(r.k), 0)::double precision, g.segment
  FROM segments g
  LEFT JOIN rows r ON r.segment = g.segment
 GROUP BY g.segment
