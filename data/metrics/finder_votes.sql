-- finder_votes (source: table finder_votes, persons)
-- finder_votes rows with voted_at in the bucket, per segment (the voter's
-- role): up (value = 1) and down (value = -1). Summaries over [from, to]:
-- up, down and total (up + down).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (  -- each row once for 'all' and once for the segment of r.person_id
    SELECT c.bkt[width_bucket(r.voted_at, c.starts)] AS bucket, sg.segment, r.value
      FROM cal c
      JOIN finder_votes r
        ON r.voted_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.voted_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
      LEFT JOIN persons p ON p.id = r.person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT bucket, segment,
           count(*) FILTER (WHERE value = 1) AS n_up,
           count(*) FILTER (WHERE value = -1) AS n_down
      FROM rows GROUP BY 1, 2
),
tot AS (  -- over the whole range
    SELECT segment,
           count(*) FILTER (WHERE value = 1) AS n_up,
           count(*) FILTER (WHERE value = -1) AS n_down
      FROM rows GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('up', coalesce(a.n_up, 0)), ('down', coalesce(a.n_down, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('up', coalesce(t.n_up, 0)), ('down', coalesce(t.n_down, 0)), ('total', coalesce(t.n_up, 0) + coalesce(t.n_down, 0))) AS s(key, value)
