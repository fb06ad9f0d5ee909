-- mau (source: table activity_events, persons)
-- For day d: distinct persons with an activity event in the trailing 30 days
-- [d-29, d], per segment (persons.role; a person not in persons counts only in
-- 'all'); events before `from` count toward the first days' windows.
-- Week/month buckets: the value of the bucket's last in-range day. Summary
-- latest: the value of the range's last day.
-- Computed with one pass: distinct (person, day), each active day covers
-- [a, a+29], pieces merged per person with lead(), summed as a difference array.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH cal AS MATERIALIZED (
    SELECT c0.*,
           -- starts[k]: instant of local midnight of day f - 29 + k - 1, k = 1 .. t-f+31 (k = 30 is day f).
           -- width_bucket(ts, starts) = k  <=>  starts[k] <= ts < starts[k+1]  (ts is on that day)
           ARRAY(SELECT ((c0.f - 29) + i)::timestamp AT TIME ZONE c0.tz
                   FROM generate_series(0, c0.t - c0.f + 30) AS i ORDER BY i) AS starts,
           -- bkt[j]: bucket label of day f + j - 1, j = 1 .. t-f+1
           ARRAY(SELECT CASE c0.g
                            WHEN 'day'   THEN c0.f + i
                            WHEN 'week'  THEN greatest(date_trunc('week',  (c0.f + i)::timestamp)::date, c0.f)
                            WHEN 'month' THEN greatest(date_trunc('month', (c0.f + i)::timestamp)::date, c0.f)
                            ELSE CAST('invalid granularity: ' || c0.g AS date)
                        END
                   FROM generate_series(0, c0.t - c0.f) AS i ORDER BY i) AS bkt
      FROM (SELECT $1::date AS f, $2::date AS t, $3::text AS tz, $4::text AS g) AS c0
),
buckets AS (
    SELECT DISTINCT unnest(c.bkt) AS bucket FROM cal c
),
-- @include segments.sql
pd AS (  -- distinct (person, day index k); k = 1 is day f-29, k = 30 is day f
    SELECT e.person_id, width_bucket(e.occurred_at, c.starts) AS k
      FROM cal c
      JOIN activity_events e
        ON e.occurred_at >= (($1::date - 29)::timestamp AT TIME ZONE $3::text)
       AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1, 2
),
iv AS (  -- active day a covers days [a, a+29]; cut at the person's next active day so
         -- that the pieces [a, b) of one person are disjoint and their union is covered
    SELECT pd.person_id, pd.k AS a,
           least(pd.k + 30, lead(pd.k) OVER (PARTITION BY pd.person_id ORDER BY pd.k)) AS b
      FROM pd
),
delta AS (  -- difference array per segment: +1 at a, -1 at b
    SELECT v.k, sg.segment, sum(v.x) AS x
      FROM iv
      LEFT JOIN persons p ON p.id = iv.person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     CROSS JOIN LATERAL (VALUES (iv.a, 1), (iv.b, -1)) AS v(k, x)
     WHERE sg.segment IS NOT NULL
     GROUP BY 1, 2
),
daily AS (
    SELECT g.segment, d.k, sum(coalesce(x.x, 0)) OVER (PARTITION BY g.segment ORDER BY d.k) AS v
      FROM cal c
     CROSS JOIN generate_series(1, c.t - c.f + 30) AS d(k)
     CROSS JOIN segments g
      LEFT JOIN delta x ON x.k = d.k AND x.segment = g.segment
),
agg AS (  -- point-in-time value: the bucket's last in-range day
    SELECT DISTINCT ON (1, 2) dl.segment, c.bkt[dl.k - 29] AS bucket, dl.v
      FROM daily dl, cal c
     WHERE dl.k > 29
     ORDER BY 1, 2, dl.k DESC
)
SELECT 'series'::text AS kind, 'all'::text AS key, to_char(a.bucket::timestamp, 'YYYY-MM-DD') AS label,
       a.v::double precision AS value, a.segment
  FROM agg a
UNION ALL
SELECT 'summary', 'latest', NULL, dl.v::double precision, dl.segment
  FROM daily dl, cal c
 WHERE dl.k = c.t - c.f + 30
