-- retention (source: table activity_events, persons)
-- The period is the granularity. Cohort c: the persons with created_at on a
-- day of the range within one period (one per bucket; the first and last may
-- be partial), per segment (persons.role). Period N of c: the N-th calendar
-- period after c's (N = 0: c's own whole period), N = 0 .. 30 for days, 0 .. 12
-- for weeks and months.
--   on[N]:          persons of c active on a day of period N up to `to`;
--   on_or_after[N]: persons of c active on a day from period N's first day
--                   up to `to`;
--   both NULL where period N starts after `to`.
-- partial_from: the N whose period contains `to` but does not end with it
-- (NULL if none). Summaries dN (N = 1, 7, 30): among persons with created_at
-- in the range and created_at + N * 24 h <= E (E: the end of `to`), the share
-- active on the local day N days after their sign-up day; NULL if nobody.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text:
--   'cohort', cohort start, 'size' | 'partial_from', number (partial_from may be NULL)
--   'cell',   cohort start, 'on:N' | 'on_or_after:N', number or NULL
--   'summary', 'd1' | 'd7' | 'd30', NULL, share or NULL
WITH
-- @include calendar.sql
-- @include segments.sql
per AS MATERIALIZED (  -- the calendar period: its step and the last N reported
    SELECT CASE c.g WHEN 'day' THEN interval '1 day' WHEN 'week' THEN interval '7 days'
                    ELSE interval '1 month' END AS step,
           CASE c.g WHEN 'day' THEN 30 ELSE 12 END AS n_max,
           date_trunc(CASE c.g WHEN 'day' THEN 'day' ELSE c.g END, c.f::timestamp)::date AS p0
      FROM cal c
),
ext AS MATERIALIZED (  -- starts[k]: instant of local midnight of day p0 + k - 1, up to the end of `to`
    SELECT ARRAY(SELECT (pr.p0 + i)::timestamp AT TIME ZONE c.tz
                   FROM generate_series(0, c.t - pr.p0 + 1) AS i ORDER BY i) AS starts
      FROM cal c, per pr
),
coh AS (  -- one cohort per bucket: its created_at span and its period's first day
    SELECT b.bucket, c.starts[b.j0] AS c_start, c.starts[b.j1 + 1] AS c_end,
           date_trunc(CASE c.g WHEN 'day' THEN 'day' ELSE c.g END, b.bucket::timestamp)::date AS period
      FROM cal c
     CROSS JOIN LATERAL (SELECT l.bucket, min(l.j) AS j0, max(l.j) AS j1
                           FROM unnest(c.bkt) WITH ORDINALITY AS l(bucket, j)
                          GROUP BY 1) AS b
),
cells AS (  -- cohort x N: period N's first day and the day after its last
    SELECT coh.bucket, n, (coh.period + n * pr.step)::date AS n_first,
           (coh.period + (n + 1) * pr.step)::date AS n_next
      FROM coh, per pr, generate_series(0, pr.n_max) AS n
),
members AS (  -- each member once for 'all' and once for their role
    SELECT coh.bucket, coh.period, p.id AS person_id, sg.segment
      FROM coh
      JOIN persons p ON p.created_at >= coh.c_start AND p.created_at < coh.c_end
     CROSS JOIN LATERAL (VALUES ('all'), (p.role)) AS sg(segment)
),
active AS (  -- distinct (person, local day) from p0 up to `to`
    SELECT DISTINCT e.person_id, pr.p0 + width_bucket(e.occurred_at, x.starts) - 1 AS day
      FROM per pr, ext x
      JOIN activity_events e
        ON e.occurred_at >= x.starts[1]
       AND e.occurred_at <  x.starts[array_length(x.starts, 1)]
),
reach AS (  -- per member: the periods N (0 .. n_max) with activity
    SELECT DISTINCT m.bucket, m.person_id, m.segment,
           CASE c.g
               WHEN 'day'  THEN a.day - m.period
               WHEN 'week' THEN (a.day - m.period) / 7
               ELSE (extract(year FROM a.day) * 12 + extract(month FROM a.day)
                     - extract(year FROM m.period) * 12 - extract(month FROM m.period))::int
           END AS n
      FROM cal c, members m
      JOIN active a ON a.person_id = m.person_id AND a.day >= m.period
),
n_on AS (
    SELECT r.bucket, r.n, r.segment, count(*) AS n_on FROM reach r GROUP BY 1, 2, 3
),
n_after AS (  -- active in period N or later: the member's last period is N or later
    SELECT l.bucket, cl.n, l.segment, count(*) AS n_after
      FROM (SELECT bucket, person_id, segment, max(n) AS n FROM reach GROUP BY 1, 2, 3) AS l
      JOIN cells cl ON cl.bucket = l.bucket AND cl.n <= l.n
     GROUP BY 1, 2, 3
),
signup AS (  -- persons created in the range, their sign-up day
    SELECT p.id, p.role, p.created_at, c.f + width_bucket(p.created_at, c.starts) - 1 AS day
      FROM cal c
      JOIN persons p ON p.created_at >= c.starts[1] AND p.created_at < c.starts[array_length(c.starts, 1)]
),
day_n AS (  -- dN: matured persons and whether they were active on sign-up day + N
    SELECT d.n, sg.segment,
           EXISTS (SELECT 1 FROM activity_events e
                    WHERE e.person_id = s.id
                      AND e.occurred_at >= ((s.day + d.n)::timestamp AT TIME ZONE c.tz)
                      AND e.occurred_at <  ((s.day + d.n + 1)::timestamp AT TIME ZONE c.tz)) AS back
      FROM cal c, signup s
     CROSS JOIN (VALUES (1), (7), (30)) AS d(n)
     CROSS JOIN LATERAL (VALUES ('all'), (s.role)) AS sg(segment)
     WHERE s.created_at + d.n * interval '24 hours' <= c.starts[array_length(c.starts, 1)]
)
SELECT 'cohort'::text AS kind, to_char(coh.bucket, 'YYYY-MM-DD') AS key, 'size'::text AS label,
       count(m.person_id)::double precision AS value, g.segment
  FROM coh
 CROSS JOIN segments g
  LEFT JOIN members m ON m.bucket = coh.bucket AND m.segment = g.segment
 GROUP BY coh.bucket, g.segment
UNION ALL
-- partial_from: the N of `to`'s period, unless `to` ends it or N > n_max
SELECT 'cohort', to_char(coh.bucket, 'YYYY-MM-DD'), 'partial_from',
       (SELECT cl.n FROM cells cl
         WHERE cl.bucket = coh.bucket AND cl.n_first <= c.t AND cl.n_next > c.t + 1)::double precision,
       g.segment
  FROM coh, cal c, segments g
UNION ALL
SELECT 'cell', to_char(cl.bucket, 'YYYY-MM-DD'), v.label,
       CASE WHEN cl.n_first <= c.t THEN v.value END::double precision, g.segment
  FROM cal c, cells cl
 CROSS JOIN segments g
  LEFT JOIN n_on o ON o.bucket = cl.bucket AND o.n = cl.n AND o.segment = g.segment
  LEFT JOIN n_after x ON x.bucket = cl.bucket AND x.n = cl.n AND x.segment = g.segment
 CROSS JOIN LATERAL (VALUES ('on:' || cl.n, coalesce(o.n_on, 0)),
                            ('on_or_after:' || cl.n, coalesce(x.n_after, 0))) AS v(label, value)
UNION ALL
SELECT 'summary', 'd' || d.n, NULL, avg(x.back::int)::double precision, g.segment  -- NULL: nobody matured
  FROM segments g
 CROSS JOIN (VALUES (1), (7), (30)) AS d(n)
  LEFT JOIN day_n x ON x.n = d.n AND x.segment = g.segment
 GROUP BY d.n, g.segment
