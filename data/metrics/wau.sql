-- wau (source: table activity_events)
-- Distinct persons with an activity event in the trailing 7 days [d-6, d]
-- (events before `from` count toward the first days' windows).
-- Week/month buckets: the value of the bucket's last in-range day.
-- Computed with one pass: distinct (person, day), each active day covers
-- [a, a+6], pieces merged per person with lead(), summed as a difference array.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
WITH cal AS MATERIALIZED (
    SELECT c0.*,
           -- starts[k]: instant of local midnight of day f - 6 + k - 1, k = 1 .. t-f+8 (k = 7 is day f).
           -- width_bucket(ts, starts) = k  <=>  starts[k] <= ts < starts[k+1]  (ts is on that day)
           ARRAY(SELECT ((c0.f - 6) + i)::timestamp AT TIME ZONE c0.tz
                   FROM generate_series(0, c0.t - c0.f + 7) AS i ORDER BY i) AS starts,
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
pd AS (  -- distinct (person, day index k); k = 1 is day f-6, k = 7 is day f
    SELECT e.person_id, width_bucket(e.occurred_at, c.starts) AS k
      FROM cal c
      JOIN activity_events e
        ON e.occurred_at >= (($1::date - 6)::timestamp AT TIME ZONE $3::text)
       AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1, 2
),
iv AS (  -- active day a covers days [a, a+6]; cut at the person's next active day so
         -- that the pieces [a, b) of one person are disjoint and their union is covered
    SELECT pd.person_id, pd.k AS a,
           least(pd.k + 7, lead(pd.k) OVER (PARTITION BY pd.person_id ORDER BY pd.k)) AS b
      FROM pd
),
delta AS (  -- difference array: +1 at a, -1 at b
    SELECT v.k, sum(v.x) AS x_all
      FROM iv
     CROSS JOIN LATERAL (VALUES (iv.a, 1), (iv.b, -1)) AS v(k, x)
     GROUP BY v.k
),
daily AS (
    SELECT g.k, sum(coalesce(d.x_all, 0)) OVER w AS v_all
      FROM cal c
     CROSS JOIN generate_series(1, c.t - c.f + 7) AS g(k)
      LEFT JOIN delta d ON d.k = g.k
    WINDOW w AS (ORDER BY g.k)
),
agg AS (  -- point-in-time value: the bucket's last in-range day
    SELECT DISTINCT ON (1) c.bkt[dl.k - 6] AS bucket, dl.v_all
      FROM daily dl, cal c
     WHERE dl.k > 6
     ORDER BY 1, dl.k DESC
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'all', coalesce(a.v_all, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
