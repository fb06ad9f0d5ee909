-- events_per_active_user (source: table activity_events, persons)
-- Per segment: activity events of the segment's persons in the bucket /
-- distinct persons of the segment with an event in the bucket (= dau for a
-- day); 0 where nobody was active. Summary per_active_day: events in the
-- range / the sum of the range's daily dau (0 if nobody was active).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
pe AS (  -- events per (day index, person)
    SELECT width_bucket(e.occurred_at, c.starts) AS k, e.person_id, count(*) AS n
      FROM cal c
      JOIN activity_events e
        ON e.occurred_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1, 2
),
rows AS (
    SELECT pe.k, pe.person_id, pe.n, sg.segment
      FROM pe
      LEFT JOIN persons p ON p.id = pe.person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT c.bkt[r.k] AS bucket, r.segment,
           sum(r.n)::double precision / count(DISTINCT r.person_id) AS v
      FROM rows r, cal c
     GROUP BY 1, 2
),
tot AS (  -- (day, person) pairs = the sum of the daily dau
    SELECT r.segment, sum(r.n)::double precision / count(*) AS v
      FROM rows r
     GROUP BY 1
)
SELECT 'series'::text AS kind, 'all'::text AS key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       coalesce(a.v, 0) AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
UNION ALL
SELECT 'summary', 'per_active_day', NULL, coalesce(t.v, 0), g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
