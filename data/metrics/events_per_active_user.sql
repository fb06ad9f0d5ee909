-- events_per_active_user (source: table activity_events)
-- Activity events in the bucket / distinct persons with an event in the
-- bucket (= dau.all for a day); 0 where nobody was active.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
pe AS (  -- events per (bucket, person)
    SELECT c.bkt[width_bucket(e.occurred_at, c.starts)] AS bucket, e.person_id, count(*) AS n
      FROM cal c
      JOIN activity_events e
        ON e.occurred_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1, 2
),
agg AS (
    SELECT pe.bucket, sum(pe.n)::double precision / count(*) AS v
      FROM pe GROUP BY pe.bucket
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'all', coalesce(a.v, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
