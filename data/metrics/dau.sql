-- dau (source: table activity_events)
-- Distinct persons (activity_events.person_id) with occurred_at in the day,
-- all and per persons.role. For week/month: distinct over the whole bucket.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH
-- @include calendar.sql
pb AS (  -- distinct (bucket, person): distinct over the whole bucket
    SELECT c.bkt[width_bucket(e.occurred_at, c.starts)] AS bucket, e.person_id
      FROM cal c
      JOIN activity_events e
        ON e.occurred_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1, 2
),
agg AS (
    SELECT pb.bucket,
           count(*) AS n_all,
           count(*) FILTER (WHERE p.role = 'BUILDER') AS n_builder,
           count(*) FILTER (WHERE p.role = 'FINDER')  AS n_finder
      FROM pb JOIN persons p ON p.id = pb.person_id
     GROUP BY pb.bucket
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'all', coalesce(a.n_all, 0)),
                            (2, 'BUILDER', coalesce(a.n_builder, 0)),
                            (3, 'FINDER', coalesce(a.n_finder, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
