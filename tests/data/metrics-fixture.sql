-- Pulse metrics fixture: a small hand-made dataset for the baseline tables.
-- Load after data/schema/baseline.sql. INSERTs only; ids are explicit (the
-- sequences are not advanced: don't insert more rows without ids afterwards).
--
-- Expected documents: tests/data/metrics-expected-UTC.json and
-- tests/data/metrics-expected-America_New_York.json, range 2026-03-05 ..
-- 2026-03-14, computed by tests/reference/pulse_metrics_reference.py.
--
-- Calendar of the range (all timestamps below are UTC, 'Z'):
--   UTC day d                 = [d 00:00Z, d+1 00:00Z)
--   America/New_York day d    = [d 05:00Z, d+1 05:00Z) up to 2026-03-07 (EST),
--   2026-03-08 (DST starts at 02:00 EST = 07:00Z; 23-hour day)
--                             = [03-08 05:00Z, 03-09 04:00Z),
--   then [d 04:00Z, d+1 04:00Z) (EDT).
--   UTC range = [03-05 00:00Z, 03-15 00:00Z); NY range = [03-05 05:00Z, 03-15 04:00Z).
-- Empty days: nothing at all happens on 03-11 and 03-12 in either zone (no
-- row in [03-11 00:00Z, 03-13 04:00Z)); only the point-in-time / rolling
-- metrics (wau, mau, collection_privacy) have values there.
--
-- Hand-checked values (see the notes at the rows):
--   signups.all           UTC 03-05 = 1 (carol), NY 03-05 = 1 (dave);
--                         UTC 03-15 is outside, NY 03-14 = 2 (hank, ivan).
--   signup_funnel UTC     created 7 (carol..hank, judy; not ivan), email_verified
--                         6 (not hank), onboarded 5 (not dave), profile_completed
--                         3 (not erin, not judy), first_activity_7d 2 (carol,
--                         gina; not frank).
--   mau.all UTC 03-05 = 5 (alice, bob, carol, kim, leo), 03-06 = 5 (bob's only
--                         event is exactly on 03-05 - 29 days and drops out,
--                         dave comes in).
--   session_duration (estimated) UTC 03-05: sessions 4 (alice 3000 s, alice
--                         0 s, carol 0 s, kim 1500 s), avg 1125, median 750;
--                         NY 03-05: 2 sessions (alice 3000, alice 0; carol's
--                         and kim's began on NY 03-04), avg = median = 1500.
--   session_duration UTC 03-14 and NY 03-14: leo's chain (1 session lasting
--                         214500 s, found only by following it past to + 24 h).
--   post_engagement_rate  UTC 03-05: (2 + 1) / 3 = 1.0; NY 03-05: 3 / 4 = 0.75;
--                         03-10: 1 reaction, no view -> rate null.
--   collection_privacy    UTC end of 03-08: PRIVATE 1 (c2, deleted exactly at
--                         03-09 00:00Z, still alive), UTC end of 03-09: 0;
--                         NY end of 03-08 (= 03-09 04:00Z): 0.

-- ---------------------------------------------------------------- persons
INSERT INTO persons (id, email, role, created_at, email_verified_at, onboarded_at, deleted_at) VALUES
  -- alice: old, very active builder.
  (1,  'alice@example.test', 'BUILDER', '2026-02-01 10:00:00Z', '2026-02-01 11:00:00Z', '2026-02-01 12:00:00Z', NULL),
  -- bob: only one event, on 2026-02-04 = 03-05 minus 29 days: in mau of 03-05, not of 03-06.
  (2,  'bob@example.test',   'FINDER',  '2026-02-01 09:00:00Z', NULL, NULL, NULL),
  -- carol: 03-05 00:30Z is UTC 03-05 but NY 03-04 19:30 EST -> sign-up in UTC
  -- only; full funnel (verified, onboarded, completed profile, active 15 min later).
  (3,  'carol@example.test', 'BUILDER', '2026-03-05 00:30:00Z', '2026-03-05 00:40:00Z', '2026-03-05 00:50:00Z', NULL),
  -- dave: 03-06 04:59:59Z = NY 03-05 23:59:59 EST: NY day 03-05, UTC day 03-06.
  -- Verified but never onboarded: funnel stops at email_verified although his
  -- profile is completed and he is active (later steps need the earlier ones).
  (4,  'dave@example.test',  'FINDER',  '2026-03-06 04:59:59Z', '2026-03-06 05:30:00Z', NULL, NULL),
  -- erin: 01:30 EST on the DST day (NY 03-08). Profile never completed:
  -- funnel stops at onboarded.
  (5,  'erin@example.test',  'BUILDER', '2026-03-08 06:30:00Z', '2026-03-08 06:31:00Z', '2026-03-08 06:32:00Z', NULL),
  -- frank: 03:30 EDT on the DST day (NY 03-08); soft-deleted later but still
  -- a sign-up (flow metric). Activity 1 s before created_at and exactly at
  -- created_at + 168 h: neither counts -> funnel stops at profile_completed.
  (6,  'frank@example.test', 'FINDER',  '2026-03-08 07:30:00Z', '2026-03-08 07:31:00Z', '2026-03-08 07:32:00Z', '2026-03-10 00:00:00Z'),
  -- gina: UTC 03-09 03:30Z = NY 03-08 23:30 EDT (last hour of the short day).
  -- Her only event is after the range (03-16 03:00Z, created + 167.5 h): counts
  -- for first_activity_7d.
  (7,  'gina@example.test',  'BUILDER', '2026-03-09 03:30:00Z', '2026-03-09 03:31:00Z', '2026-03-09 03:32:00Z', NULL),
  -- hank: last UTC/NY day of the range, nothing else.
  (8,  'hank@example.test',  'FINDER',  '2026-03-14 23:30:00Z', NULL, NULL, NULL),
  -- ivan: 03-15 03:30Z is after the UTC range but NY 03-14 23:30 EDT: NY only.
  (9,  'ivan@example.test',  'BUILDER', '2026-03-15 03:30:00Z', '2026-03-15 03:40:00Z', NULL, NULL),
  -- judy: verified and onboarded but has no profile row at all.
  (10, 'judy@example.test',  'FINDER',  '2026-03-10 12:00:00Z', '2026-03-10 12:05:00Z', '2026-03-10 12:10:00Z', NULL),
  -- kim: a session that began before `from` (see activity_events).
  (11, 'kim@example.test',   'BUILDER', '2026-01-15 08:00:00Z', '2026-01-15 08:10:00Z', NULL, NULL),
  -- leo: one very long session at the end of the range (see activity_events).
  (12, 'leo@example.test',   'FINDER',  '2026-02-20 08:00:00Z', '2026-02-20 08:10:00Z', NULL, NULL);

-- ---------------------------------------------------------------- profiles
-- Profile ids differ from person ids on purpose (100 + person id).
INSERT INTO profiles (id, person_id, headline, created_at, completed_at, updated_at) VALUES
  (101, 1,  'Rust & C',       '2026-02-01 12:00:00Z', '2026-02-02 12:00:00Z', '2026-03-14 10:00:00Z'),
  (102, 2,  'Recruiter',      '2026-02-01 09:30:00Z', NULL,                   '2026-02-01 09:30:00Z'),
  (103, 3,  'GTK hacker',     '2026-03-05 00:55:00Z', '2026-03-05 01:00:00Z', '2026-03-05 02:00:00Z'),
  (104, 4,  'Talent scout',   '2026-03-06 05:31:00Z', '2026-03-06 05:40:00Z', '2026-03-09 03:59:59Z'),
  (105, 5,  NULL,             '2026-03-08 06:33:00Z', NULL,                   '2026-03-08 06:33:00Z'),
  (106, 6,  'Hiring manager', '2026-03-08 07:33:00Z', '2026-03-08 07:40:00Z', '2026-03-08 07:40:00Z'),
  (107, 7,  'Designer',       '2026-03-09 03:33:00Z', '2026-03-09 03:40:00Z', '2026-03-09 03:40:00Z'),
  (109, 9,  NULL,             '2026-03-15 03:45:00Z', NULL,                   '2026-03-15 03:45:00Z'),
  (111, 11, 'Embedded',       '2026-01-15 08:20:00Z', '2026-01-16 08:00:00Z', '2026-01-16 08:00:00Z'),
  (112, 12, 'Agency',         '2026-02-20 08:20:00Z', NULL,                   '2026-02-20 08:20:00Z');

-- ---------------------------------------------------------------- activity_events
INSERT INTO activity_events (id, person_id, kind, occurred_at) VALUES
  -- alice: 02-20 keeps her in every mau window (window of 03-14 starts 02-13).
  (1,  1,  'login',        '2026-02-20 09:00:00Z'),
  -- alice on 03-05: gaps 20 min, exactly 30 min (NOT more than 30: same
  -- session), then 31 min (new session). Sessions: 10:00-10:50 (3000 s) and
  -- 11:21 alone (0 s). NY: 05:00-06:21 EST, same day 03-05.
  (2,  1,  'view_profile', '2026-03-05 10:00:00Z'),
  (3,  1,  'view_profile', '2026-03-05 10:20:00Z'),
  (4,  1,  'search',       '2026-03-05 10:50:00Z'),
  (5,  1,  'post',         '2026-03-05 11:21:00Z'),
  -- alice: one session across UTC midnight (23:50Z -> 00:10Z, 1200 s): it
  -- belongs to UTC 03-06 (first event) but makes her active on UTC 03-06 AND
  -- 03-07. In NY both are on 03-06 (18:50 / 19:10 EST).
  (6,  1,  'view_profile', '2026-03-06 23:50:00Z'),
  (7,  1,  'view_profile', '2026-03-07 00:10:00Z'),
  (8,  1,  'login',        '2026-03-09 12:00:00Z'),
  -- alice: two events with the same timestamp on 03-13: 2 events, 1 active
  -- person, 1 session of 0 s.
  (9,  1,  'view_profile', '2026-03-13 15:00:00Z'),
  (10, 1,  'view_profile', '2026-03-13 15:00:00Z'),
  -- bob: exactly day 03-05 minus 29 (UTC and NY day 02-04).
  (11, 2,  'login',        '2026-02-04 12:00:00Z'),
  -- carol: first activity 15 min after sign-up (UTC 03-05, NY 03-04).
  (12, 3,  'login',        '2026-03-05 00:45:00Z'),
  (13, 3,  'post',         '2026-03-10 14:00:00Z'),
  -- dave: 03-06 05:10Z = NY 03-06 00:10 EST.
  (14, 4,  'search',       '2026-03-06 05:10:00Z'),
  -- erin: 01:50 EST and 03:10 EDT on the DST day: 20 real minutes apart ->
  -- one session of 1200 s (the wall clock says 1 h 20 min).
  (15, 5,  'login',        '2026-03-08 06:50:00Z'),
  (16, 5,  'view_profile', '2026-03-08 07:10:00Z'),
  -- frank: 1 s before created_at, and exactly created_at + 168 h (excluded).
  (17, 6,  'login',        '2026-03-08 07:29:59Z'),
  (18, 6,  'login',        '2026-03-15 07:30:00Z'),
  -- gina: after the range; 167.5 h after sign-up.
  (19, 7,  'login',        '2026-03-16 03:00:00Z'),
  -- judy
  (20, 10, 'search',       '2026-03-10 12:30:00Z'),
  (21, 10, 'vote',         '2026-03-10 12:45:00Z'),
  -- kim: a session starting 03-04 23:40Z (before the UTC range) continued by
  -- 00:05Z and 00:30Z: not counted in UTC and those two don't start a new one.
  -- 04:45Z starts a new session (gap > 30 min) that 05:10Z continues: UTC
  -- 03-05, 1500 s. In NY 04:45Z is 03-04 23:45 EST, so that session began
  -- before the NY range and 05:10Z (NY 03-05 00:10) is not a new session;
  -- kim is still active on NY 03-05.
  (22, 11, 'login',        '2026-03-04 23:40:00Z'),
  (23, 11, 'view_profile', '2026-03-05 00:05:00Z'),
  (24, 11, 'view_profile', '2026-03-05 00:30:00Z'),
  (25, 11, 'login',        '2026-03-05 04:45:00Z'),
  (26, 11, 'view_profile', '2026-03-05 05:10:00Z'),
  -- leo: events on 02-25 (in early mau windows only).
  (27, 12, 'login',        '2026-02-25 16:00:00Z');
-- leo: one event every 25 minutes from 03-14 23:00Z for 59 h 35 min
-- (144 events, ids 1000..1143): one session starting on 03-14 in both zones,
-- running far past `to` + 24 h, so the SQL must follow it event by event.
-- Duration 143 * 1500 = 214500 s.
INSERT INTO activity_events (id, person_id, kind, occurred_at)
SELECT 1000 + i, 12, 'ping', timestamptz '2026-03-14 23:00:00Z' + i * interval '25 minutes'
  FROM generate_series(0, 143) AS i;

-- ---------------------------------------------------------------- posts
INSERT INTO posts (id, author_person_id, created_at, deleted_at) VALUES
  (1, 1,  '2026-03-05 12:00:00Z', NULL),
  -- UTC 03-06 / NY 03-05 23:30 EST
  (2, 1,  '2026-03-06 04:30:00Z', NULL),
  -- soft-deleted the next day: still counts on 03-08
  (3, 3,  '2026-03-08 06:00:00Z', '2026-03-09 06:00:00Z'),
  (4, 4,  '2026-03-20 10:00:00Z', NULL),
  (5, 10, '2026-03-01 10:00:00Z', NULL),
  -- NY 03-14 22:00 EDT only: posts_per_author UTC 3/2 = 1.5, NY 4/3
  (6, 11, '2026-03-15 02:00:00Z', NULL);

INSERT INTO post_views (id, post_id, viewer_person_id, viewed_at) VALUES
  (1, 1, 2,    '2026-03-05 13:00:00Z'),
  (2, 1, 3,    '2026-03-05 13:00:00Z'),
  -- anonymous view
  (3, 1, NULL, '2026-03-05 13:00:00Z'),
  -- UTC 03-06, NY 03-05 21:00 EST
  (4, 2, 4,    '2026-03-06 02:00:00Z'),
  (5, 3, 5,    '2026-03-08 06:30:00Z'),
  (6, 3, 1,    '2026-03-13 09:00:00Z');

INSERT INTO post_reactions (id, post_id, person_id, kind, created_at) VALUES
  (1, 1, 2, 'like',  '2026-03-05 14:00:00Z'),
  (2, 1, 3, 'clap',  '2026-03-05 14:05:00Z'),
  -- a reaction on a day without views: rate null on 03-10
  (3, 2, 10, 'like', '2026-03-10 15:00:00Z');

INSERT INTO post_comments (id, post_id, person_id, created_at, deleted_at) VALUES
  -- deleted an hour later: still counts on 03-05
  (1, 1, 2, '2026-03-05 15:00:00Z', '2026-03-05 16:00:00Z'),
  (2, 3, 1, '2026-03-08 07:05:00Z', NULL);

-- ---------------------------------------------------------------- profiles activity
INSERT INTO profile_updates (id, profile_id, updated_at, fields) VALUES
  -- two updates of one profile: updates 2, profiles_updated 1 (UTC 03-05;
  -- both are NY 03-04)
  (1, 103, '2026-03-05 01:00:00Z', '{headline}'),
  (2, 103, '2026-03-05 02:00:00Z', '{skills}'),
  -- UTC 03-09, NY 03-08 23:59:59 EDT (last second of the short day)
  (3, 104, '2026-03-09 03:59:59Z', '{headline,links}'),
  (4, 101, '2026-03-14 10:00:00Z', '{}');

INSERT INTO profile_views (id, profile_id, viewer_person_id, viewed_at) VALUES
  (1, 101, 4,    '2026-03-06 10:00:00Z'),
  (2, 101, NULL, '2026-03-06 11:00:00Z'),
  (3, 103, 4,    '2026-03-06 12:00:00Z'),
  (4, 107, 10,   '2026-03-13 08:00:00Z');

-- ---------------------------------------------------------------- finders
INSERT INTO finder_searches (id, person_id, query, result_count, searched_at) VALUES
  (1, 4,  'gtk developer', 3, '2026-03-06 06:00:00Z'),
  (2, 2,  'rust',          0, '2026-03-07 10:00:00Z'),
  (3, 10, 'c embedded',    5, '2026-03-10 12:30:00Z'),
  (4, 10, 'c embedded',    5, '2026-03-10 12:31:00Z');

INSERT INTO finder_votes (id, person_id, profile_id, value, voted_at) VALUES
  -- UTC 03-06 04:00Z = NY 03-05 23:00 EST
  (1, 4,  101, 1,  '2026-03-06 04:00:00Z'),
  (2, 10, 101, 1,  '2026-03-10 12:45:00Z'),
  (3, 10, 103, -1, '2026-03-10 12:46:00Z');

-- ---------------------------------------------------------------- collections
INSERT INTO collections (id, owner_person_id, name, privacy, created_at, updated_at, deleted_at) VALUES
  -- alive through the whole range
  (1, 1,  'Shortlist',   'PUBLIC',  '2026-02-15 10:00:00Z', '2026-02-15 10:00:00Z', NULL),
  -- deleted exactly at UTC midnight 03-09 00:00Z: alive at the end of UTC
  -- 03-08 (deleted at the day's end), gone at the end of 03-09; in NY gone at
  -- the end of 03-08 (which is 03-09 04:00Z).
  (2, 3,  'Maybe',       'PRIVATE', '2026-03-05 10:00:00Z', '2026-03-05 10:00:00Z', '2026-03-09 00:00:00Z'),
  -- created and deleted within the same day: counted as created, never alive
  -- at a day's end
  (3, 4,  'Oops',        'PUBLIC',  '2026-03-08 06:00:00Z', '2026-03-08 06:00:00Z', '2026-03-08 07:00:00Z'),
  -- last second of UTC 03-14
  (4, 3,  'Favourites',  'PUBLIC',  '2026-03-14 23:59:59Z', '2026-03-14 23:59:59Z', NULL),
  -- created before the range, deleted during it
  (5, 10, 'Old',         'PRIVATE', '2026-03-01 10:00:00Z', '2026-03-01 10:00:00Z', '2026-03-06 12:00:00Z'),
  -- NY 03-14 22:00 EDT only
  (6, 10, 'Late',        'PRIVATE', '2026-03-15 02:00:00Z', '2026-03-15 02:00:00Z', NULL);
