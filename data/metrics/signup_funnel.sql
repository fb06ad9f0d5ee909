-- signup_funnel (source: table persons, profiles, activity_events, finder_searches);
-- range-level, ignores $4. E is the instant the range's last day ends.
-- Cohort: persons with created_at in [from, to] whose first 7 days (168 hours)
-- have passed by E: created_at + 168 hours <= E. Summary immature: persons
-- created in the range whose 7 days have not passed. Steps, each counting the
-- persons who meet it and every earlier step of their segment's list:
--   all:     created, email_verified, onboarded, first_activity_7d
--   BUILDER: created, email_verified, onboarded, profile_completed, first_activity_7d
--   FINDER:  created, email_verified, onboarded, first_search_7d
-- email_verified: email_verified_at not null; onboarded: onboarded_at not
-- null; profile_completed: their profile's completed_at not null;
-- first_activity_7d / first_search_7d: an activity event (a finder_searches
-- row) at or after created_at and before created_at + 168 hours.
-- Rows: kind 'step', key = segment, label = step id; the segment column too.
-- Parameters: $1 from (date, inclusive), $2 to (date, inclusive),
--             $3 IANA time zone, $4 granularity 'day' | 'week' | 'month'.
-- Columns:    kind text, key text, label text, value double precision, segment text.
WITH
-- @include segments.sql
-- @include signup_funnel_steps.sql
lists AS (  -- every step of every segment, also for an empty cohort
    SELECT g.segment, l.ord, l.id
      FROM segments g
      JOIN (VALUES ('all', 1, 'created'), ('all', 2, 'email_verified'), ('all', 3, 'onboarded'),
                   ('all', 5, 'first_activity_7d'),
                   ('BUILDER', 1, 'created'), ('BUILDER', 2, 'email_verified'), ('BUILDER', 3, 'onboarded'),
                   ('BUILDER', 4, 'profile_completed'), ('BUILDER', 5, 'first_activity_7d'),
                   ('FINDER', 1, 'created'), ('FINDER', 2, 'email_verified'), ('FINDER', 3, 'onboarded'),
                   ('FINDER', 6, 'first_search_7d')) AS l(segment, ord, id) ON l.segment = g.segment
),
per_role AS (  -- the cohort per role: how many meet each step of 'all''s list and of
               -- the role's own (counts add up, so 'all' is their sum)
    SELECT c.role,
           count(*) AS created,
           count(*) FILTER (WHERE c.verified) AS email_verified,
           count(*) FILTER (WHERE c.verified AND c.onboarded) AS onboarded,
           count(*) FILTER (WHERE c.verified AND c.onboarded AND c.completed) AS profile_completed,
           count(*) FILTER (WHERE c.verified AND c.onboarded AND c.active) AS active,
           count(*) FILTER (WHERE c.role = 'BUILDER' AND c.verified AND c.onboarded AND c.completed
                                  AND c.active) AS completed_active,
           count(*) FILTER (WHERE c.role = 'FINDER' AND c.verified AND c.onboarded AND c.searched) AS searched
      FROM cohort c
     GROUP BY 1
),
counts AS (  -- (segment, step id, count); lists keeps each segment's own steps
    SELECT 'all' AS segment, v.id, v.n
      FROM (SELECT sum(created) AS created, sum(email_verified) AS email_verified,
                   sum(onboarded) AS onboarded, sum(active) AS active
              FROM per_role) AS t
     CROSS JOIN LATERAL (VALUES ('created', t.created), ('email_verified', t.email_verified),
                                ('onboarded', t.onboarded), ('first_activity_7d', t.active)) AS v(id, n)
    UNION ALL
    SELECT r.role, v.id, v.n
      FROM per_role r
     CROSS JOIN LATERAL (VALUES ('created', r.created), ('email_verified', r.email_verified),
                                ('onboarded', r.onboarded), ('profile_completed', r.profile_completed),
                                ('first_activity_7d', r.completed_active),
                                ('first_search_7d', r.searched)) AS v(id, n)
     WHERE r.role IS NOT NULL
)
SELECT 'step'::text AS kind, l.segment AS key, l.id AS label,
       coalesce(s.n, 0)::double precision AS value, l.segment
  FROM lists l
  LEFT JOIN counts s ON s.segment = l.segment AND s.id = l.id
UNION ALL
SELECT 'summary', 'immature', NULL, count(c.id)::double precision, g.segment
  FROM segments g
  LEFT JOIN (SELECT cr.id, sg.segment
               FROM created cr
              CROSS JOIN LATERAL (VALUES ('all'), (cr.role)) AS sg(segment)
              WHERE NOT cr.mature) AS c ON c.segment = g.segment
 GROUP BY g.segment
