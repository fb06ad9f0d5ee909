-- session_duration_output.sql: the rows of both session_duration variants,
-- from rows(bucket, segment, dur) with dur NULL where the duration is unknown.
, agg AS (
    SELECT bucket, segment, count(*) AS n, avg(dur) AS avg_s,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY dur) AS med_s
      FROM rows GROUP BY 1, 2
),
tot AS (
    SELECT segment, count(*) AS n, avg(dur) AS avg_s,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY dur) AS med_s
      FROM rows GROUP BY 1
)
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
