-- stickiness (source: table activity_events, persons)
-- For day d and each segment: dau / mau of that segment (0 where mau is 0).
-- Week/month buckets: mean of the daily values over the bucket's in-range
-- days. Summary daily_average: the mean over the range's days.
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
seg_iv AS (  -- each piece once for 'all' and once for its person's role
    SELECT iv.a, iv.b, sg.segment
      FROM iv
      LEFT JOIN persons p ON p.id = iv.person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
delta AS (
    SELECT v.k, s.segment, sum(v.x) AS x
      FROM seg_iv s CROSS JOIN LATERAL (VALUES (s.a, 1), (s.b, -1)) AS v(k, x)
     GROUP BY 1, 2
),
dau AS (  -- a person's pieces start on their active days
    SELECT a AS k, segment, count(*) AS n FROM seg_iv GROUP BY 1, 2
),
daily AS (
    SELECT g.segment, d.k, coalesce(u.n, 0) AS dau,
           sum(coalesce(x.x, 0)) OVER (PARTITION BY g.segment ORDER BY d.k) AS mau
      FROM cal c
     CROSS JOIN generate_series(1, c.t - c.f + 30) AS d(k)
     CROSS JOIN segments g
      LEFT JOIN delta x ON x.k = d.k AND x.segment = g.segment
      LEFT JOIN dau u ON u.k = d.k AND u.segment = g.segment
),
ratio AS (
    SELECT dl.segment, dl.k,
           CASE WHEN dl.mau > 0 THEN dl.dau::double precision / dl.mau ELSE 0 END AS v
      FROM daily dl
     WHERE dl.k > 29
)
SELECT 'series'::text AS kind, 'all'::text AS key, to_char(c.bkt[r.k - 29]::timestamp, 'YYYY-MM-DD') AS label,
       avg(r.v) AS value, r.segment
  FROM ratio r, cal c
 GROUP BY r.segment, c.bkt[r.k - 29]
UNION ALL
SELECT 'summary', 'daily_average', NULL, avg(r.v), r.segment
  FROM ratio r
 GROUP BY r.segment
