-- Pulse metrics fixture, tracking part: creates the three tracking tables
-- (DDL of the tracking migrations) and fills them. Load after
-- data/schema/baseline.sql and tests/data/metrics-fixture.sql; with these
-- tables present session_duration, shared_collections and collection_items
-- use their "table" variants.
-- Expected document: tests/data/metrics-expected-tracking-UTC.json
-- (range 2026-03-05 .. 2026-03-14, UTC).
--
-- Hand-checked values (UTC):
--   session_duration 03-05: sessions 3, avg = median = 750 (s1 600 - its
--     duration_seconds wins over ended_at - started_at = 1800 -, s2 900,
--     s3 unknown: counted in sessions, not in avg/median).
--   03-06: 2 sessions 100 and 300: median of an even count = 200.
--   03-07: 10, 20, 90: avg 40, median 20.
--   03-08: erin's session across the DST switch: 1200 s, not 4800.
--   03-09: one session with no duration at all: sessions 1, avg/median null.
--   estimated_sessions 0 every day: the first recorded session (03-04
--     23:59:59Z) is before the range, so no session in it is estimated.
--   shared_collections 03-06: shares 3, collections_shared 2.
--   collection_items 03-05: items_added 2, profiles_collected 1 (the same
--     profile in two collections); live_items_per_live_collection at the end
--     of 03-14 (03-15 00:00Z): live items 3 (ci1, ci3 deleted at exactly the
--     end instant, ci5) / live collections 2 (c1, c4) = 1.5.

CREATE TABLE sessions (
    session_id       UUID PRIMARY KEY,
    person_id        BIGINT NOT NULL REFERENCES persons,
    started_at       TIMESTAMPTZ NOT NULL,
    ended_at         TIMESTAMPTZ,
    duration_seconds INT,
    page_views       INT NOT NULL DEFAULT 0,
    device_type      VARCHAR(32)
);

CREATE TABLE collection_shares (
    id                    BIGSERIAL PRIMARY KEY,
    collection_id         BIGINT NOT NULL REFERENCES collections,
    shared_by_person_id   BIGINT NOT NULL REFERENCES persons,
    shared_with_person_id BIGINT NOT NULL REFERENCES persons,
    shared_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    permission_level      VARCHAR(16) NOT NULL CHECK (permission_level IN ('view', 'edit'))
);

CREATE TABLE collection_items (
    id                 BIGSERIAL PRIMARY KEY,
    collection_id      BIGINT NOT NULL REFERENCES collections,
    profile_id         BIGINT NOT NULL REFERENCES profiles,
    added_by_person_id BIGINT NOT NULL REFERENCES persons,
    added_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    notes              TEXT,
    deleted_at         TIMESTAMPTZ
);

INSERT INTO sessions (session_id, person_id, started_at, ended_at, duration_seconds, page_views, device_type) VALUES
  -- 03-05: duration_seconds (600) wins over ended_at - started_at (1800)
  ('00000000-0000-4000-8000-000000000001', 1,  '2026-03-05 10:00:00Z', '2026-03-05 10:30:00Z', 600,  5, 'desktop'),
  -- 03-05: no duration_seconds: ended_at - started_at = 900
  ('00000000-0000-4000-8000-000000000002', 3,  '2026-03-05 11:00:00Z', '2026-03-05 11:15:00Z', NULL, 2, 'mobile'),
  -- 03-05: neither: unknown duration, still a session
  ('00000000-0000-4000-8000-000000000003', 4,  '2026-03-05 12:00:00Z', NULL,                   NULL, 0, NULL),
  -- 03-06: an even count: median = (100 + 300) / 2
  ('00000000-0000-4000-8000-000000000004', 1,  '2026-03-06 08:00:00Z', NULL,                   100,  1, 'desktop'),
  ('00000000-0000-4000-8000-000000000005', 2,  '2026-03-06 09:00:00Z', '2026-03-06 09:05:00Z', 300,  1, 'desktop'),
  -- 03-07: 10, 20, 90 -> avg 40, median 20 (the 90 comes from timestamps)
  ('00000000-0000-4000-8000-000000000006', 1,  '2026-03-07 08:00:00Z', NULL,                   10,   1, 'tablet'),
  ('00000000-0000-4000-8000-000000000007', 2,  '2026-03-07 09:00:00Z', NULL,                   20,   1, 'tablet'),
  ('00000000-0000-4000-8000-000000000008', 4,  '2026-03-07 10:00:00Z', '2026-03-07 10:01:30Z', NULL, 1, 'tablet'),
  -- 03-08: 01:50 EST -> 03:10 EDT: 1200 real seconds
  ('00000000-0000-4000-8000-000000000009', 5,  '2026-03-08 06:50:00Z', '2026-03-08 07:10:00Z', NULL, 3, 'mobile'),
  -- 03-09: only an unknown duration: avg and median null, sessions 1
  ('00000000-0000-4000-8000-00000000000a', 7,  '2026-03-09 12:00:00Z', NULL,                   NULL, 0, NULL),
  -- 03-04 23:59:59Z: the day before the UTC range (NY 03-04 too)
  ('00000000-0000-4000-8000-00000000000b', 1,  '2026-03-04 23:59:59Z', '2026-03-05 00:30:00Z', NULL, 1, 'desktop'),
  -- 03-15 00:00:00Z exactly: outside the UTC range (its end is exclusive)
  ('00000000-0000-4000-8000-00000000000c', 12, '2026-03-15 00:00:00Z', '2026-03-15 01:00:00Z', NULL, 1, 'desktop');

INSERT INTO collection_shares (id, collection_id, shared_by_person_id, shared_with_person_id, shared_at, permission_level) VALUES
  -- 03-06: c1 shared twice, c2 once: shares 3, collections_shared 2
  (1, 1, 1, 2,  '2026-03-06 10:00:00Z', 'view'),
  (2, 1, 1, 4,  '2026-03-06 11:00:00Z', 'edit'),
  (3, 2, 3, 1,  '2026-03-06 12:00:00Z', 'view'),
  -- a share of a collection deleted later still counts (flow)
  (4, 2, 3, 10, '2026-03-08 10:00:00Z', 'view'),
  (5, 1, 1, 10, '2026-03-10 13:00:00Z', 'view');

INSERT INTO collection_items (id, collection_id, profile_id, added_by_person_id, added_at, notes, deleted_at) VALUES
  -- 03-05: the same profile in two collections: items 2, profiles 1
  (1, 1, 103, 1, '2026-03-05 10:30:00Z', 'great GTK work', NULL),
  (2, 2, 103, 3, '2026-03-05 11:00:00Z', NULL,             '2026-03-08 10:00:00Z'),
  -- deleted exactly at the end of the range: still live at the end
  (3, 1, 104, 1, '2026-03-10 09:00:00Z', NULL,             '2026-03-15 00:00:00Z'),
  -- removed the same day: counted as added, not live
  (4, 1, 106, 1, '2026-03-10 09:30:00Z', NULL,             '2026-03-10 09:45:00Z'),
  -- last second of the range, in a collection created the same second
  (5, 4, 107, 3, '2026-03-14 23:59:59Z', NULL,             NULL),
  -- after the UTC range: neither added in range nor live at its end
  (6, 1, 111, 1, '2026-03-15 02:00:00Z', NULL,             NULL);
