-- stickiness (source: table activity_events)
-- Daily dau.all / mau.all (0 where mau is 0). Week/month buckets: mean of the
-- daily values over the bucket's in-range days.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision.
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
pd AS (  -- distinct (person, day index k); k = 1 is day f-29, k = 30 is day f
    SELECT e.person_id, width_bucket(e.occurred_at, c.starts) AS k
      FROM cal c
      JOIN activity_events e
        ON e.occurred_at >= (($1::date - 29)::timestamp AT TIME ZONE $3::text)
       AND e.occurred_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
     GROUP BY 1, 2
),
iv AS (
    SELECT pd.person_id, pd.k AS a,
           least(pd.k + 30, lead(pd.k) OVER (PARTITION BY pd.person_id ORDER BY pd.k)) AS b
      FROM pd
),
delta AS (
    SELECT v.k, sum(v.x) AS x
      FROM iv CROSS JOIN LATERAL (VALUES (iv.a, 1), (iv.b, -1)) AS v(k, x)
     GROUP BY v.k
),
dau AS (
    SELECT pd.k, count(*) AS n FROM pd GROUP BY pd.k
),
daily AS (
    SELECT g.k, coalesce(u.n, 0) AS dau, sum(coalesce(d.x, 0)) OVER (ORDER BY g.k) AS mau
      FROM cal c
     CROSS JOIN generate_series(1, c.t - c.f + 30) AS g(k)
      LEFT JOIN delta d ON d.k = g.k
      LEFT JOIN dau u ON u.k = g.k
),
agg AS (  -- mean of the daily stickiness values over the bucket's days
    SELECT c.bkt[dl.k - 29] AS bucket,
           avg(CASE WHEN dl.mau > 0 THEN dl.dau::double precision / dl.mau ELSE 0 END) AS v
      FROM daily dl, cal c
     WHERE dl.k > 29
     GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value
  FROM buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket
 CROSS JOIN LATERAL (VALUES (1, 'all', coalesce(a.v, 0))) AS s(ord, key, value)
 ORDER BY s.ord, b.bucket
