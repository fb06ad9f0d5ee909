-- session_duration_output.sql: the rows of the session_duration variants,
-- from rows(bucket, role, dur, estimated): one row per session, role NULL
-- where the person is unknown, dur NULL where the duration is unknown.
-- One pass groups them per bucket and role, per bucket, per role over the
-- range and over the range ('all' sees every role; a median is not a sum
-- of medians, so each group sorts its own durations).
, sets AS (
    SELECT bucket, role, GROUPING(bucket) AS whole_range, GROUPING(role) AS everybody,
           count(*) AS n, avg(dur) AS avg_s,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY dur) AS med_s,
           count(*) FILTER (WHERE estimated) AS n_est
      FROM rows
     GROUP BY GROUPING SETS ((bucket, role), (bucket), (role), ())
),
per AS (  -- role NULL counts only in 'all'
    SELECT s.*, CASE WHEN s.everybody = 1 THEN 'all' ELSE s.role END AS segment
      FROM sets s
     WHERE s.everybody = 1 OR s.role IS NOT NULL
),
agg AS (SELECT * FROM per WHERE whole_range = 0),
tot AS (SELECT * FROM per WHERE whole_range = 1)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('sessions', coalesce(a.n, 0)), ('avg_seconds', a.avg_s),
                            ('median_seconds', a.med_s)) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('sessions', coalesce(t.n, 0)), ('avg_seconds', t.avg_s),
                            ('median_seconds', t.med_s)) AS s(key, value)
