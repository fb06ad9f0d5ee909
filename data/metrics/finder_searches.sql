-- finder_searches (source: table finder_searches, persons)
-- Series searches: finder_searches rows with searched_at in the bucket, per
-- segment (the searcher's role). Summaries over [from, to]: total, and
-- searches_per_searcher = searches / distinct person_id among them (0 if none).
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
rows AS (  -- each row once for 'all' and once for the segment of r.person_id
    SELECT c.bkt[width_bucket(r.searched_at, c.starts)] AS bucket, sg.segment, r.person_id AS searcher
      FROM cal c
      JOIN finder_searches r
        ON r.searched_at >= ($1::date::timestamp AT TIME ZONE $3::text)
       AND r.searched_at <  (($2::date + 1)::timestamp AT TIME ZONE $3::text)
      LEFT JOIN persons p ON p.id = r.person_id
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL
),
agg AS (
    SELECT bucket, segment,
           count(*) AS n,
           count(DISTINCT searcher) AS n_searchers
      FROM rows GROUP BY 1, 2
),
tot AS (  -- over the whole range
    SELECT segment,
           count(*) AS n,
           count(DISTINCT searcher) AS n_searchers
      FROM rows GROUP BY 1
)
SELECT 'series'::text AS kind, s.key, to_char(b.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.value::double precision AS value, g.segment
  FROM segments g
 CROSS JOIN buckets b
  LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('searches', coalesce(a.n, 0))) AS s(key, value)
UNION ALL
SELECT 'summary', s.key, NULL, s.value::double precision, g.segment
  FROM segments g
  LEFT JOIN tot t ON t.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('total', coalesce(t.n, 0)), ('searches_per_searcher', CASE WHEN coalesce(t.n_searchers, 0) > 0 THEN t.n::double precision / t.n_searchers ELSE 0 END)) AS s(key, value)
