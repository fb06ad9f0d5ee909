-- lifecycle (source: table activity_events, persons)
-- For each bucket B (its in-range days) and B', the whole calendar period
-- before B's period (for days, the day before), per segment (persons.role):
--   new:          created_at on a day of B, and active in B;
--   returning:    active in B and in B', not new;
--   resurrecting: active in B, not in B', created_at before B;
--   dormant:      active in B', not in B (a positive count).
-- Active: at least one activity_events row on the day. A person missing from
-- persons counts only in 'all', never as new (no created_at): returning,
-- resurrecting or dormant by activity alone. Summary quick_ratio:
-- (new + resurrecting) / dormant over the range's buckets, NULL without dormant.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include calendar.sql
-- @include segments.sql
ext AS MATERIALIZED (  -- p0: first day of the period before the first bucket's period
    SELECT x.p0,
           -- starts[k]: instant of local midnight of day p0 + k - 1, k = 1 .. t-p0+2
           ARRAY(SELECT (x.p0 + i)::timestamp AT TIME ZONE c.tz
                   FROM generate_series(0, c.t - x.p0 + 1) AS i ORDER BY i) AS starts
      FROM cal c
     CROSS JOIN LATERAL (SELECT CASE c.g
                                    WHEN 'day'  THEN c.f - 1
                                    WHEN 'week' THEN date_trunc('week', c.f::timestamp)::date - 7
                                    ELSE (date_trunc('month', c.f::timestamp) - interval '1 month')::date
                                END AS p0) AS x
),
days AS (  -- every day from p0 to the range's last day, with its calendar period
    SELECT d::date AS day,
           CASE c.g
               WHEN 'day'  THEN d::date
               WHEN 'week' THEN date_trunc('week', d)::date
               ELSE date_trunc('month', d)::date
           END AS period
      FROM cal c, ext x, generate_series(x.p0::timestamp, c.t::timestamp, interval '1 day') AS d
),
pp AS (  -- (person, period) with activity; in_range: on a day of the range
    SELECT pd.person_id, dy.period, bool_or(dy.day >= c.f) AS in_range
      FROM (SELECT DISTINCT e.person_id, x.p0 + width_bucket(e.occurred_at, x.starts) - 1 AS day
              FROM ext x
              JOIN activity_events e
                ON e.occurred_at >= x.starts[1]
               AND e.occurred_at <  x.starts[array_length(x.starts, 1)]) AS pd
      JOIN days dy ON dy.day = pd.day
     CROSS JOIN cal c
     GROUP BY 1, 2
),
bk AS (  -- each bucket: its first instant, its end, its period and the one before
    SELECT b.bucket, c.starts[b.j0] AS b_start, c.starts[b.j1 + 1] AS b_end,
           dy.period,
           CASE c.g
               WHEN 'day'  THEN dy.period - 1
               WHEN 'week' THEN dy.period - 7
               ELSE (dy.period - interval '1 month')::date
           END AS prev
      FROM cal c
     CROSS JOIN LATERAL (SELECT l.bucket, min(l.j) AS j0, max(l.j) AS j1
                           FROM unnest(c.bkt) WITH ORDINALITY AS l(bucket, j)
                          GROUP BY 1) AS b
      JOIN days dy ON dy.day = b.bucket
),
st AS (  -- per bucket and person: active in B, active in B'
    SELECT bk.bucket, bk.b_start, bk.b_end, pp.person_id,
           bool_or(pp.period = bk.period) AS in_b,
           bool_or(pp.period = bk.prev) AS in_prev
      FROM bk
      -- B is only the period's days inside the range: a partial first bucket
      -- ignores the activity of its period before `from`
      JOIN pp ON (pp.period = bk.period AND pp.in_range) OR pp.period = bk.prev
     GROUP BY 1, 2, 3, 4
),
cls AS (  -- each (bucket, person) in at most one state; NULL created_at is never new
    SELECT st.bucket, p.role,
           CASE
               WHEN st.in_b AND p.created_at >= st.b_start AND p.created_at < st.b_end THEN 'new'
               WHEN st.in_b AND st.in_prev THEN 'returning'
               WHEN st.in_b AND (p.id IS NULL OR p.created_at < st.b_start) THEN 'resurrecting'
               WHEN NOT st.in_b THEN 'dormant'  -- so active in B'
           END AS state
      FROM st
      LEFT JOIN persons p ON p.id = st.person_id
),
agg AS (
    SELECT cls.bucket, sg.segment, cls.state, count(*) AS n
      FROM cls
     CROSS JOIN LATERAL (VALUES ('all'), (cls.role)) AS sg(segment)
     WHERE sg.segment IS NOT NULL AND cls.state IS NOT NULL
     GROUP BY 1, 2, 3
),
series AS (
    SELECT g.segment, b.bucket, s.state, coalesce(a.n, 0) AS n
      FROM segments g
     CROSS JOIN buckets b
     CROSS JOIN (VALUES ('new'), ('returning'), ('resurrecting'), ('dormant')) AS s(state)
      LEFT JOIN agg a ON a.bucket = b.bucket AND a.segment = g.segment AND a.state = s.state
)
SELECT 'series'::text AS kind, s.state AS key, to_char(s.bucket::timestamp, 'YYYY-MM-DD') AS label,
       s.n::double precision AS value, s.segment
  FROM series s
UNION ALL
SELECT 'summary', 'quick_ratio', NULL,
       (sum(s.n) FILTER (WHERE s.state IN ('new', 'resurrecting')))::double precision
           / nullif(sum(s.n) FILTER (WHERE s.state = 'dormant'), 0),
       s.segment
  FROM series s
 GROUP BY s.segment
