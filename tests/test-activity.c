/* test-activity.c: the activity index answers as the SQL does
 *
 * Generated data (several seeds, persons missing from persons, events
 * exactly at local midnight and a microsecond before, a DST switch) is
 * answered by the SQL variants and by the index, in four zones and at
 * day, week and month buckets: every series value, summary and histogram
 * row, of everybody and each role, must agree. Then the cache: a late
 * event, a deleted one, broken and foreign files, a password, and no
 * writable cache folder. The other person-keyed tables the index reads
 * (finder_searches, posts, finder_votes) are generated the same way and
 * their metrics compared alike, and so are the keyed ones (profile_views,
 * profile_updates: distinct profiles, by the viewer's or owner's role),
 * and the collection metrics (shares and items as keyed sources, the
 * collections' and items' state at each day's end).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pulse-activity-store-private.h"
#include "pulse-data-export.h"
#include "pulse-error.h"
#include "pulse-metric-query.h"
#include "pulse-migration-runner.h"
#include "pulse-test-json.h"
#include "pulse-test-pg.h"
#include "pulse-worker.h"

#define FROM "2026-01-20"
#define TO "2026-03-15"

static PulseCatalog *catalog;
static const char * const activity_metrics[] = {
  "dau", "wau", "mau", "stickiness", "events_per_active_user", "active_days", "lifecycle", "retention",
  "finder_searches", "post_frequency", "finder_votes", "signups", "profile_views", "profile_update_frequency",
  "post_engagement_rate", "shared_collections", "collection_items", "collections_created", "collection_privacy",
  "signup_funnel",
};
static const char * const zones[] = { "UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu" };

/* persons 1..200 (some soft-deleted), signed up from 2025-11-01 to
 * mid-April, every fifth one exactly at local midnight in one of the
 * zones; events of persons 1..220, so 201..220 are unknown to persons;
 * random times from 2025-12-01 (before the lookback) to mid-April, plus
 * events at and just before local midnight of every third day in each
 * zone. */
static const char generate_sql[] =
  "WITH p AS (INSERT INTO persons (id, email, role, created_at, deleted_at)"
  "  SELECT i, 'p' || i || '@example.com',"
  "         CASE WHEN abs (hashint8extended (i, $1::bigint)) % 2 = 0 THEN 'BUILDER' ELSE 'FINDER' END,"
  "         CASE WHEN i % 5 = 0"
  "              THEN ('2025-11-01'::date + (abs (hashint8extended (i, $1::bigint + 5)) % 165)::integer)::timestamp"
  "                   AT TIME ZONE (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu'])[1 + i / 5 % 4]"
  "              ELSE '2025-11-01 00:00+00'::timestamptz"
  "                   + (abs (hashint8extended (i, $1::bigint + 5)) % (165 * 86400)) * interval '1 second' END,"
  "         CASE WHEN abs (hashint8extended (i, $1::bigint + 1)) % 10 = 0 THEN '2026-02-01 00:00+00'::timestamptz END"
  "    FROM generate_series (1, 200) AS i RETURNING 1)"
  "INSERT INTO activity_events (person_id, kind, occurred_at)"
  "SELECT person, 'x', at FROM ("
  "  SELECT 1 + abs (hashint8extended (i, $1::bigint + 2)) % 220 AS person,"
  "         '2025-12-01 00:00+00'::timestamptz"
  "           + (abs (hashint8extended (i, $1::bigint + 3)) % (136 * 86400)) * interval '1 second' AS at"
  "    FROM generate_series (1, 6000) AS i"
  "  UNION ALL"
  "  SELECT 1 + abs (hashint8extended (d * 8 + z, $1::bigint + 4)) % 220,"
  "         (('2025-12-20'::date + d)::timestamp AT TIME ZONE t.tz) - s * interval '1 microsecond'"
  "    FROM generate_series (0, 100, 3) AS d,"
  "         unnest (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu']) WITH ORDINALITY AS t (tz, z),"
  "         (VALUES (0), (1)) AS v (s)) AS e "
  "ORDER BY at";

/* Rows of finder_searches, posts (every seventh soft-deleted) and
 * finder_votes (up and down) from one draw: persons 1..220, a fifth of
 * the rows by persons 1..7 (several a day), random times as the events',
 * and rows at and just before local midnight of every other day in each
 * zone. */
static const char generate_tables_sql[] =
  "WITH r AS ("
  "  SELECT i, CASE WHEN i % 5 = 0 THEN 1 + i % 7 ELSE 1 + abs (hashint8extended (i, $1::bigint + 6)) % 220 END AS person,"
  "         '2025-12-01 00:00+00'::timestamptz"
  "           + (abs (hashint8extended (i, $1::bigint + 7)) % (136 * 86400)) * interval '1 second' AS at"
  "    FROM generate_series (1, 4500) AS i"
  "  UNION ALL"
  "  SELECT 100000 + d * 8 + z * 2 + s, 1 + abs (hashint8extended (d * 8 + z, $1::bigint + 8)) % 220,"
  "         (('2025-12-20'::date + d)::timestamp AT TIME ZONE t.tz) - s * interval '1 microsecond'"
  "    FROM generate_series (0, 100, 2) AS d,"
  "         unnest (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu']) WITH ORDINALITY AS t (tz, z),"
  "         (VALUES (0), (1)) AS v (s)),"
  "searches AS (INSERT INTO finder_searches (person_id, query, searched_at)"
  "  SELECT person, 'q', at FROM r WHERE i % 3 <> 0 ORDER BY at RETURNING 1),"
  "posted AS (INSERT INTO posts (author_person_id, created_at, deleted_at)"
  "  SELECT person, at, CASE WHEN i % 7 = 0 THEN at + interval '1 day' END FROM r WHERE i % 3 <> 1 ORDER BY at RETURNING 1)"
  "INSERT INTO finder_votes (person_id, profile_id, value, voted_at)"
  "SELECT person, 1, CASE WHEN abs (hashint8extended (i, $1::bigint + 9)) % 3 = 0 THEN -1 ELSE 1 END, at"
  "  FROM r WHERE i % 3 <> 2 ORDER BY at";

/* Profiles 501..710 of persons 1..210 (201..210 unknown to persons);
 * profile_views and profile_updates from one draw: two fifths of the
 * rows on profiles 501..503 (several a day, by viewers of both roles),
 * the rest on 501..715 (711..715 are no profile), every fourth view
 * without a viewer, viewers 1..220 (201..220 unknown), random times as
 * the events', and rows at and just before local midnight of every
 * other day in each zone. */
static const char generate_profiles_sql[] =
  "WITH pr AS (INSERT INTO profiles (id, person_id, created_at, updated_at)"
  "  SELECT 500 + i, i, '2025-11-01 00:00+00', '2025-11-01 00:00+00' FROM generate_series (1, 210) AS i RETURNING 1),"
  "r AS ("
  "  SELECT i, CASE WHEN i % 5 < 2 THEN 501 + i % 3 ELSE 501 + abs (hashint8extended (i, $1::bigint + 10)) % 215 END"
  "              AS profile,"
  "         CASE WHEN i % 4 <> 0 THEN 1 + abs (hashint8extended (i, $1::bigint + 11)) % 220 END AS viewer,"
  "         '2025-12-01 00:00+00'::timestamptz"
  "           + (abs (hashint8extended (i, $1::bigint + 12)) % (136 * 86400)) * interval '1 second' AS at"
  "    FROM generate_series (1, 4500) AS i"
  "  UNION ALL"
  "  SELECT 100000 + d * 8 + z * 2 + s, 501 + abs (hashint8extended (d * 8 + z, $1::bigint + 13)) % 215,"
  "         CASE WHEN (d + z) % 5 <> 0 THEN 1 + abs (hashint8extended (d * 8 + z, $1::bigint + 14)) % 220 END,"
  "         (('2025-12-20'::date + d)::timestamp AT TIME ZONE t.tz) - s * interval '1 microsecond'"
  "    FROM generate_series (0, 100, 2) AS d,"
  "         unnest (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu']) WITH ORDINALITY AS t (tz, z),"
  "         (VALUES (0), (1)) AS v (s)),"
  "views AS (INSERT INTO profile_views (profile_id, viewer_person_id, viewed_at)"
  "  SELECT profile, viewer, at FROM r WHERE i % 3 <> 0 ORDER BY at RETURNING 1)"
  "INSERT INTO profile_updates (profile_id, updated_at)"
  "SELECT profile, at FROM r WHERE i % 3 <> 1 ORDER BY at";

/* post_reactions, post_comments (every seventh soft-deleted) and
 * post_views from one draw on the posts above (1..3400, authors of both
 * roles and unknown ones): a ninth of the rows on posts 900000..900004
 * (no such post), random times as the events', and rows at and just
 * before local midnight of every other day in each zone; no views from
 * 2026-02-01 to 2026-02-10 UTC, so those days' rates are NULL. */
static const char generate_post_events_sql[] =
  "WITH r AS ("
  "  SELECT i, CASE WHEN i % 9 = 0 THEN 900000 + i % 5 ELSE 1 + abs (hashint8extended (i, $1::bigint + 15)) % 3400 END"
  "              AS post,"
  "         '2025-12-01 00:00+00'::timestamptz"
  "           + (abs (hashint8extended (i, $1::bigint + 16)) % (136 * 86400)) * interval '1 second' AS at"
  "    FROM generate_series (1, 4500) AS i"
  "  UNION ALL"
  "  SELECT 100000 + d * 8 + z * 2 + s, 1 + abs (hashint8extended (d * 8 + z, $1::bigint + 17)) % 3400,"
  "         (('2025-12-20'::date + d)::timestamp AT TIME ZONE t.tz) - s * interval '1 microsecond'"
  "    FROM generate_series (0, 100, 2) AS d,"
  "         unnest (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu']) WITH ORDINALITY AS t (tz, z),"
  "         (VALUES (0), (1)) AS v (s)),"
  "reactions AS (INSERT INTO post_reactions (post_id, person_id, kind, created_at)"
  "  SELECT post, 1, 'like', at FROM r WHERE i % 3 <> 0 ORDER BY at RETURNING 1),"
  "comments AS (INSERT INTO post_comments (post_id, person_id, created_at, deleted_at)"
  "  SELECT post, 1, at, CASE WHEN i % 7 = 0 THEN at + interval '1 day' END FROM r WHERE i % 3 <> 1 ORDER BY at"
  "  RETURNING 1)"
  "INSERT INTO post_views (post_id, viewer_person_id, viewed_at)"
  "SELECT post, NULL, at FROM r"
  " WHERE i % 3 <> 2 AND NOT (at >= '2026-02-01 00:00+00' AND at < '2026-02-11 00:00+00') ORDER BY at";

/* Collections 1..400 of owners 1..220 (201..220 unknown to persons),
 * public and private, created from 2025-11-01 to mid-April, every tenth
 * at or just before local midnight in one of the zones; a quarter
 * deleted within 40 days, every twentieth at a local midnight. Then
 * collection_shares and collection_items from one draw: two fifths on
 * collections 1..3 (items: profiles 501..503), the rest on 1..400
 * (items: 501..715, and every eleventh in collection 9000..9002, no such
 * collection), by persons 1..220, random times as the events', and rows
 * at and just before local midnight of every other day in each zone;
 * every sixth item removed within 30 days, some at the day after. */
static const char generate_collections_sql[] =
  "WITH co AS (INSERT INTO collections (id, owner_person_id, name, privacy, created_at, updated_at, deleted_at)"
  "  SELECT i, 1 + abs (hashint8extended (i, $1::bigint + 20)) % 220, 'c' || i,"
  "         CASE WHEN abs (hashint8extended (i, $1::bigint + 21)) % 3 = 0 THEN 'PRIVATE' ELSE 'PUBLIC' END,"
  "         t.created, t.created,"
  "         CASE WHEN i % 4 = 0"
  "              THEN t.created + (abs (hashint8extended (i, $1::bigint + 22)) % (40 * 86400)) * interval '1 second'"
  "              WHEN i % 20 = 3"
  "              THEN (('2026-01-25'::date + i / 20)::timestamp AT TIME ZONE"
  "                    (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu'])[1 + i / 20 % 4]) END"
  "    FROM generate_series (1, 400) AS i,"
  "         LATERAL (SELECT CASE WHEN i % 10 = 0"
  "                              THEN (('2026-01-01'::date + i / 10 * 2)::timestamp AT TIME ZONE"
  "                                    (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu'])[1 + i / 10 % 4])"
  "                                   - (i / 10 % 2) * interval '1 microsecond'"
  "                              ELSE '2025-11-01 00:00+00'::timestamptz"
  "                                   + (abs (hashint8extended (i, $1::bigint + 23)) % (166 * 86400)) * interval '1 second'"
  "                         END AS created) AS t"
  "  RETURNING 1),"
  "r AS ("
  "  SELECT i, CASE WHEN i % 5 < 2 THEN 1 + i % 3 ELSE 1 + abs (hashint8extended (i, $1::bigint + 24)) % 400 END"
  "              AS collection,"
  "         1 + abs (hashint8extended (i, $1::bigint + 25)) % 220 AS person,"
  "         '2025-12-01 00:00+00'::timestamptz"
  "           + (abs (hashint8extended (i, $1::bigint + 26)) % (136 * 86400)) * interval '1 second' AS at"
  "    FROM generate_series (1, 4500) AS i"
  "  UNION ALL"
  "  SELECT 100000 + d * 8 + z * 2 + s, 1 + abs (hashint8extended (d * 8 + z, $1::bigint + 27)) % 400,"
  "         1 + abs (hashint8extended (d * 8 + z, $1::bigint + 28)) % 220,"
  "         (('2025-12-20'::date + d)::timestamp AT TIME ZONE t.tz) - s * interval '1 microsecond'"
  "    FROM generate_series (0, 100, 2) AS d,"
  "         unnest (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu']) WITH ORDINALITY AS t (tz, z),"
  "         (VALUES (0), (1)) AS v (s)),"
  "shares AS (INSERT INTO collection_shares (collection_id, shared_by_person_id, shared_with_person_id, shared_at,"
  "                                          permission_level)"
  "  SELECT collection, person, 1, at, 'view' FROM r WHERE i % 3 <> 0 ORDER BY at RETURNING 1)"
  "INSERT INTO collection_items (collection_id, profile_id, added_by_person_id, added_at, deleted_at)"
  "SELECT CASE WHEN i % 11 = 0 THEN 9000 + i % 3 ELSE collection END,"
  "       CASE WHEN i % 5 < 2 THEN 501 + i % 3 ELSE 501 + abs (hashint8extended (i, $1::bigint + 29)) % 215 END,"
  "       person, at,"
  "       CASE WHEN i % 6 = 0 THEN at + (abs (hashint8extended (i, $1::bigint + 30)) % (30 * 86400)) * interval '1 second'"
  "            WHEN i % 6 = 1 AND i >= 100000 THEN at + interval '1 day' END"
  "  FROM r WHERE i % 3 <> 1 ORDER BY at";
/* The funnel's steps: persons 1..200 verified, onboarded and with a
 * completed profile at random; then, in each zone, persons signed up
 * exactly 168 hours before the range's end (mature) and 1 µs after
 * (immature), exactly at the range's start and 1 µs before; and persons
 * 500100..500115, each with one event and one search exactly at created_at,
 * 1 µs before it, exactly at created_at + 168 hours (outside the
 * window) or 1 µs before that. */
static const char generate_funnel_sql[] =
  "UPDATE persons SET"
  "  email_verified_at = CASE WHEN abs (hashint8extended (id, %1$u + 20)) %% 4 <> 0 THEN created_at END,"
  "  onboarded_at = CASE WHEN abs (hashint8extended (id, %1$u + 21)) %% 3 <> 0 THEN created_at END;"
  "UPDATE profiles SET completed_at = CASE WHEN abs (hashint8extended (id, %1$u + 22)) %% 2 = 0 THEN created_at END;"
  "INSERT INTO persons (id, email, role, created_at, email_verified_at, onboarded_at)"
  "  SELECT 500000 + z * 10 + k, 'edge' || (500000 + z * 10 + k) || '@example.com',"
  "         CASE WHEN k %% 2 = 0 THEN 'BUILDER' ELSE 'FINDER' END, c, c, c"
  "    FROM unnest (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu']) WITH ORDINALITY AS t (tz, z),"
  "         LATERAL (VALUES (0, ('" TO "'::date + 1)::timestamp AT TIME ZONE t.tz - interval '168 hours'),"
  "                         (1, ('" TO "'::date + 1)::timestamp AT TIME ZONE t.tz - interval '168 hours'),"
  "                         (2, ('" TO "'::date + 1)::timestamp AT TIME ZONE t.tz - interval '167:59:59.999999'),"
  "                         (3, ('" TO "'::date + 1)::timestamp AT TIME ZONE t.tz - interval '167:59:59.999999'),"
  "                         (4, '" FROM "'::date::timestamp AT TIME ZONE t.tz),"
  "                         (5, '" FROM "'::date::timestamp AT TIME ZONE t.tz - interval '1 microsecond')) AS v (k, c);"
  "INSERT INTO persons (id, email, role, created_at, email_verified_at, onboarded_at)"
  "  SELECT 500100 + n, 'bound' || n || '@example.com', CASE WHEN n / 4 %% 2 = 0 THEN 'BUILDER' ELSE 'FINDER' END,"
  "         '2026-02-10 13:17:05.123456+00'::timestamptz + n * interval '17 hours 3 minutes', now (), now ()"
  "    FROM generate_series (0, 15) AS n;"
  "INSERT INTO profiles (id, person_id, created_at, updated_at, completed_at)"
  "  SELECT 100000 + id, id, created_at, created_at, created_at FROM persons WHERE id >= 500000;"
  "INSERT INTO activity_events (person_id, kind, occurred_at)"
  "  SELECT id, 'edge', created_at + CASE WHEN id >= 500100 THEN (ARRAY[interval '0', interval '-1 microsecond',"
  "                                          interval '168 hours', interval '167:59:59.999999'])[1 + (id - 500100) %% 4]"
  "                                  ELSE interval '1 hour' END"
  "    FROM persons WHERE id >= 500000;"
  "INSERT INTO finder_searches (person_id, query, searched_at)"
  "  SELECT id, 'edge', created_at + CASE WHEN id >= 500100 THEN (ARRAY[interval '0', interval '-1 microsecond',"
  "                                          interval '168 hours', interval '167:59:59.999999'])[1 + (id - 500100) %% 4]"
  "                                  ELSE interval '1 hour' END"
  "    FROM persons WHERE id >= 500000";

static char *
create_db (const char *name,
           guint       seed)
{
  char *conninfo = pulse_test_pg_create_db (name);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  const char *params[] = { seed_text };
  g_autoptr(PGresult) result = NULL;

  /* The collection tables of the setup migrations. */
  pulse_migration_apply_bundled (conninfo, NULL, &error);
  g_assert_no_error (error);
  /* Events of persons missing from persons, as the metrics define them. */
  pulse_db_exec_script (conn, "ALTER TABLE activity_events DROP CONSTRAINT activity_events_person_id_fkey;"
                              "ALTER TABLE finder_searches DROP CONSTRAINT finder_searches_person_id_fkey;"
                              "ALTER TABLE posts DROP CONSTRAINT posts_author_person_id_fkey;"
                              "ALTER TABLE finder_votes DROP CONSTRAINT finder_votes_person_id_fkey;"
                              "ALTER TABLE finder_votes DROP CONSTRAINT finder_votes_profile_id_fkey;"
                              "ALTER TABLE profiles DROP CONSTRAINT profiles_person_id_fkey;"
                              "ALTER TABLE profile_views DROP CONSTRAINT profile_views_profile_id_fkey;"
                              "ALTER TABLE profile_views DROP CONSTRAINT profile_views_viewer_person_id_fkey;"
                              "ALTER TABLE profile_updates DROP CONSTRAINT profile_updates_profile_id_fkey;"
                              "ALTER TABLE post_reactions DROP CONSTRAINT post_reactions_post_id_fkey;"
                              "ALTER TABLE post_comments DROP CONSTRAINT post_comments_post_id_fkey;"
                              "ALTER TABLE post_views DROP CONSTRAINT post_views_post_id_fkey;"
                              "ALTER TABLE collections DROP CONSTRAINT collections_owner_person_id_fkey;"
                              "ALTER TABLE collection_shares DROP CONSTRAINT collection_shares_collection_id_fkey;"
                              "ALTER TABLE collection_shares DROP CONSTRAINT collection_shares_shared_by_person_id_fkey;"
                              "ALTER TABLE collection_shares DROP CONSTRAINT collection_shares_shared_with_person_id_fkey;"
                              "ALTER TABLE collection_items DROP CONSTRAINT collection_items_collection_id_fkey;"
                              "ALTER TABLE collection_items DROP CONSTRAINT collection_items_profile_id_fkey;"
                              "ALTER TABLE collection_items DROP CONSTRAINT collection_items_added_by_person_id_fkey", &error);
  g_assert_no_error (error);
  result = pulse_db_exec (conn, generate_sql, 1, params, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, PQclear);
  result = pulse_db_exec (conn, generate_tables_sql, 1, params, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, PQclear);
  result = pulse_db_exec (conn, generate_profiles_sql, 1, params, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, PQclear);
  result = pulse_db_exec (conn, generate_post_events_sql, 1, params, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, PQclear);
  result = pulse_db_exec (conn, generate_collections_sql, 1, params, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *funnel_sql = g_strdup_printf (generate_funnel_sql, seed);

    pulse_test_pg_exec (conninfo, funnel_sql);
  }
  return conninfo;
}

/* For the tests of the activity events' cache file: no other source's
 * files beside it, as without their tables the index leaves those
 * metrics to the SQL. */
static char *
create_events_only_db (const char *name,
                       guint       seed)
{
  char *conninfo = create_db (name, seed);

  pulse_test_pg_exec (conninfo, "DROP TABLE finder_searches, posts, finder_votes, profile_views, profile_updates,"
                                " post_reactions, post_comments, post_views, collections, collection_shares,"
                                " collection_items CASCADE");
  return conninfo;
}

static PulseQueryRange *
make_range (const char       *timezone,
            PulseGranularity  granularity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse (FROM, TO, timezone, &error);

  g_assert_no_error (error);
  return pulse_query_range_new (pulse_query_range_get_from (days), pulse_query_range_get_to (days),
                                timezone, granularity);
}

/* The metrics @ids' results as one exported document. */
static JsonNode *
run_some (PGconn             *conn,
          PulseActivityIndex *index,
          PulseQueryRange    *range,
          const char * const *ids,
          guint               n_ids)
{
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  tables = pulse_db_list_tables (conn, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_ids; i++)
    {
      PulseMetric *metric = pulse_catalog_lookup (catalog, ids[i]);
      PulseMetricResult *result;

      /* A database without the other tables (see create_events_only_db()). */
      if (pulse_metric_choose_variant (metric, tables) == NULL)
        continue;
      g_assert_true (pulse_metric_query_uses_activity (metric, tables));
      if (index != NULL)
        result = pulse_metric_query_run_activity (metric, index, range, tables, &error);
      else
        result = pulse_metric_query_run (metric, conn, range, tables, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (results, result);
    }
  return pulse_data_export_build_json (range, results, NULL);
}

/* Every metric the index answers, as one exported document. */
static JsonNode *
run_all (PGconn             *conn,
         PulseActivityIndex *index,
         PulseQueryRange    *range)
{
  return run_some (conn, index, range, activity_metrics, G_N_ELEMENTS (activity_metrics));
}

static void
assert_same (JsonNode *sql,
             JsonNode *index)
{
  pulse_test_json_assert_matches (sql, index, "$");
  pulse_test_json_assert_matches (index, sql, "$");
}

static void
update (PulseActivityIndex *index,
        PGconn             *conn,
        PulseQueryRange    *range)
{
  g_autoptr(GError) error = NULL;

  pulse_metric_query_update_activity (index, conn, range, NULL, &error);
  g_assert_no_error (error);
}

/* Brings @index up to date and asserts that every metric it answers
 * equals the SQL; returns its answers. */
static JsonNode *
update_equal_to_sql (PulseActivityIndex *index,
                     PGconn             *conn,
                     PulseQueryRange    *range)
{
  g_autoptr(JsonNode) sql = NULL;
  JsonNode *indexed;

  update (index, conn, range);
  indexed = run_all (conn, index, range);
  sql = run_all (conn, NULL, range);
  assert_same (sql, indexed);
  return indexed;
}

/* The value of one metric's "all" series on one bucket, from a document. */
static double
series_value (JsonNode   *document,
              const char *metric,
              guint       bucket)
{
  JsonObject *metrics = json_object_get_object_member (json_node_get_object (document), "metrics");
  JsonObject *series = json_object_get_object_member (json_object_get_object_member (metrics, metric), "series");

  return json_array_get_double_element (json_object_get_array_member (series, "all"), bucket);
}

static JsonObject *
metric_of (JsonNode   *document,
           const char *metric)
{
  JsonObject *metrics = json_object_get_object_member (json_node_get_object (document), "metrics");

  return json_object_get_object_member (metrics, metric);
}

/* The summary @key of everybody in @metric, from a document. */
static double
summary_value (JsonNode   *document,
               const char *metric,
               const char *key)
{
  return json_object_get_double_member (json_object_get_object_member (metric_of (document, metric), "summary"),
                                        key);
}

/* The summary @key of @segment ("all", "BUILDER" or "FINDER") in @metric. */
static double
segment_summary (JsonNode   *document,
                 const char *metric,
                 const char *segment,
                 const char *key)
{
  JsonObject *object = metric_of (document, metric);

  if (!g_str_equal (segment, "all"))
    object = json_object_get_object_member (json_object_get_object_member (object, "segments"), segment);
  return json_object_get_double_member (json_object_get_object_member (object, "summary"), key);
}

/* The summary @key of the two roles together in @metric. */
static double
roles_summary (JsonNode   *document,
               const char *metric,
               const char *key)
{
  return segment_summary (document, metric, "BUILDER", key) + segment_summary (document, metric, "FINDER", key);
}

/* assert_same() of one metric of both documents. */
static void
assert_same_metric (JsonNode   *sql,
                    JsonNode   *index,
                    const char *metric)
{
  g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), metric_of (sql, metric));
  g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), metric_of (index, metric));

  assert_same (a, b);
}

/* The sum of everybody's series @key of @metric over the buckets. */
static double
series_sum (JsonNode   *document,
            const char *metric,
            const char *key)
{
  JsonObject *series = json_object_get_object_member (metric_of (document, metric), "series");
  JsonArray *values = json_object_get_array_member (series, key);
  double sum = 0;

  for (guint i = 0; i < json_array_get_length (values); i++)
    sum += json_array_get_double_element (values, i);
  return sum;
}

/* Not vacuous: views without a viewer or by one unknown to persons (only
 * in all), profiles seen by both roles (once in all), several views of
 * a profile in a bucket, updates of profiles without a known owner. */
static void
assert_profiles_seen (JsonNode *document)
{
  g_assert_cmpfloat (segment_summary (document, "profile_views", "all", "views"), >,
                     roles_summary (document, "profile_views", "views"));
  g_assert_cmpfloat (segment_summary (document, "profile_views", "BUILDER", "profiles_viewed"), >, 0);
  g_assert_cmpfloat (segment_summary (document, "profile_views", "FINDER", "profiles_viewed"), >, 0);
  g_assert_cmpfloat (segment_summary (document, "profile_views", "all", "profiles_viewed"), <,
                     roles_summary (document, "profile_views", "profiles_viewed"));
  g_assert_cmpfloat (series_sum (document, "profile_views", "views"), >,
                     series_sum (document, "profile_views", "profiles_viewed"));
  g_assert_cmpfloat (segment_summary (document, "profile_update_frequency", "all", "updates"), >,
                     roles_summary (document, "profile_update_frequency", "updates"));
  g_assert_cmpfloat (segment_summary (document, "profile_update_frequency", "BUILDER", "profiles_updated"), >, 0);
  g_assert_cmpfloat (segment_summary (document, "profile_update_frequency", "FINDER", "profiles_updated"), >, 0);
}

/* Not vacuous: shares by persons unknown to persons (only in all),
 * collections shared by both roles (once in all), several shares of a
 * collection in a bucket. */
static void
assert_collections_seen (JsonNode *document)
{
  g_assert_cmpfloat (segment_summary (document, "shared_collections", "all", "shares"), >,
                     roles_summary (document, "shared_collections", "shares"));
  g_assert_cmpfloat (segment_summary (document, "shared_collections", "all", "collections_shared"), <,
                     roles_summary (document, "shared_collections", "collections_shared"));
  g_assert_cmpfloat (series_sum (document, "shared_collections", "shares"), >,
                     series_sum (document, "shared_collections", "collections_shared"));
  g_assert_cmpfloat (segment_summary (document, "collection_items", "all", "items_added"), >,
                     roles_summary (document, "collection_items", "items_added"));
  g_assert_cmpfloat (segment_summary (document, "collection_items", "all", "profiles_collected"), <,
                     roles_summary (document, "collection_items", "profiles_collected"));
  for (guint s = 0; s < 3; s++)
    {
      const char *segment = (const char * const []) { "all", "BUILDER", "FINDER" }[s];

      g_assert_cmpfloat (segment_summary (document, "collection_items", segment, "live_items_per_live_collection"), >, 0);
      g_assert_cmpfloat (segment_summary (document, "collections_created", segment, "PRIVATE"), >, 0);
      g_assert_cmpfloat (segment_summary (document, "collection_privacy", segment, "PUBLIC"), >, 0);
    }
  /* Owners unknown to persons count in all only. */
  g_assert_cmpfloat (segment_summary (document, "collections_created", "all", "total"), >,
                     roles_summary (document, "collections_created", "total"));
  g_assert_cmpfloat (segment_summary (document, "collection_privacy", "all", "total"), >,
                     roles_summary (document, "collection_privacy", "total"));
}

/* Step @id of @segment's sign-up funnel. */
static double
funnel_step (JsonNode   *document,
             const char *segment,
             const char *id)
{
  JsonObject *object = metric_of (document, "signup_funnel");
  JsonArray *steps;

  if (!g_str_equal (segment, "all"))
    object = json_object_get_object_member (json_object_get_object_member (object, "segments"), segment);
  steps = json_object_get_array_member (object, "steps");
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      if (g_str_equal (json_object_get_string_member (step, "id"), id))
        return json_object_get_double_member (step, "value");
    }
  g_assert_not_reached ();
}

/* The sum of everybody's @key over retention's cohorts (cell @n of an array). */
static double
cohorts_sum (JsonNode   *document,
             const char *key,
             gint        n)
{
  JsonArray *cohorts = json_object_get_array_member (metric_of (document, "retention"), "cohorts");
  double sum = 0;

  for (guint i = 0; i < json_array_get_length (cohorts); i++)
    {
      JsonObject *cohort = json_array_get_object_element (cohorts, i);
      JsonNode *value = n < 0 ? json_object_get_member (cohort, key)
                              : json_array_get_element (json_object_get_array_member (cohort, key), (guint) n);

      if (!JSON_NODE_HOLDS_NULL (value))
        sum += json_node_get_double (value);
    }
  return sum;
}

/* Not vacuous: cohorts with members who came back, every lifecycle state. */
static void
assert_cohorts_seen (JsonNode *document)
{
  g_assert_cmpfloat (cohorts_sum (document, "size", -1), >, 0);
  g_assert_cmpfloat (cohorts_sum (document, "on", 1), >, 0);
  g_assert_cmpfloat (cohorts_sum (document, "on_or_after", 1), >, 0);
  g_assert_cmpfloat (series_sum (document, "lifecycle", "new"), >, 0);
  g_assert_cmpfloat (series_sum (document, "lifecycle", "returning"), >, 0);
  g_assert_cmpfloat (series_sum (document, "lifecycle", "resurrecting"), >, 0);
  g_assert_cmpfloat (series_sum (document, "lifecycle", "dormant"), >, 0);
}

static void
test_equal_to_sql (gconstpointer data)
{
  guint seed = GPOINTER_TO_UINT (data);
  g_autofree char *name = g_strdup_printf ("activity_seed_%u", seed);
  g_autofree char *conninfo = create_db (name, seed);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (zones[z], NULL);

      for (PulseGranularity g = PULSE_GRANULARITY_DAY; g <= PULSE_GRANULARITY_MONTH; g++)
        {
          g_autoptr(PulseQueryRange) range = make_range (zones[z], g);
          g_autoptr(JsonNode) sql = run_all (conn, NULL, range);
          g_autoptr(JsonNode) indexed = NULL;

          update (index, conn, range);
          indexed = run_all (conn, index, range);
          g_test_message ("seed %u, %s, %s", seed, zones[z], pulse_granularity_to_string (g));
          assert_same (sql, indexed);
          /* Not vacuous: people were active, searched, posted, voted. */
          g_assert_cmpfloat (series_value (indexed, "dau", 0), >, 0);
          g_assert_cmpfloat (summary_value (indexed, "finder_searches", "searches_per_searcher"), >, 1);
          g_assert_cmpfloat (summary_value (indexed, "post_frequency", "posts_per_author"), >, 1);
          g_assert_cmpfloat (summary_value (indexed, "finder_votes", "down"), >, 0);
          g_assert_cmpfloat (summary_value (indexed, "signups", "total"), >, 0);
          /* Every step leaks somewhere, and some sign-ups are too recent. */
          g_assert_cmpfloat (funnel_step (indexed, "BUILDER", "first_activity_7d"), >, 0);
          g_assert_cmpfloat (funnel_step (indexed, "BUILDER", "first_activity_7d"), <,
                             funnel_step (indexed, "BUILDER", "profile_completed"));
          g_assert_cmpfloat (funnel_step (indexed, "FINDER", "first_search_7d"), >, 0);
          g_assert_cmpfloat (funnel_step (indexed, "all", "first_activity_7d"), <,
                             funnel_step (indexed, "all", "onboarded"));
          g_assert_cmpfloat (segment_summary (indexed, "signup_funnel", "all", "immature"), >, 0);
          assert_profiles_seen (indexed);
          assert_collections_seen (indexed);
          /* Three month buckets may have nobody back after a break. */
          if (g != PULSE_GRANULARITY_MONTH)
            assert_cohorts_seen (indexed);
        }
    }
  /* A short range is built from the days' rows alone (the time index),
   * a long one from a scan of every row. */
  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (zones[z], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(PulseQueryRange) range = pulse_query_range_new_parse ("2026-03-06", "2026-03-10", zones[z], &error);
      g_autoptr(JsonNode) sql = NULL, indexed = NULL;

      g_assert_no_error (error);
      sql = run_all (conn, NULL, range);
      update (index, conn, range);
      indexed = run_all (conn, index, range);
      assert_same (sql, indexed);
    }
}

/* More persons than one word of a day's bitset holds many times over,
 * and more than the 256 words (16384 persons) the rolling windows take
 * at a time: every metric, cohorts included, still equals the SQL. */
static void
test_many_persons (void)
{
  g_autofree char *conninfo = create_db ("activity_many_persons", 7);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);

  pulse_test_pg_exec (conninfo,
                      "INSERT INTO persons (id, email, role, created_at)"
                      " SELECT i, 'many' || i || '@example.com',"
                      "        CASE WHEN i % 3 = 0 THEN 'FINDER' ELSE 'BUILDER' END,"
                      "        '2025-12-01 00:00+00'::timestamptz + (i % 100) * interval '1 day'"
                      "   FROM generate_series (1001, 21000) AS i;"
                      "INSERT INTO activity_events (person_id, kind, occurred_at)"
                      " SELECT 1001 + abs (hashint8extended (i, 70)) % 20000, 'x',"
                      "        '2025-12-15 00:00+00'::timestamptz"
                      "          + (abs (hashint8extended (i, 71)) % (95 * 86400)) * interval '1 second'"
                      "   FROM generate_series (1, 60000) AS i;"
                      "ANALYZE activity_events");
  for (PulseGranularity g = PULSE_GRANULARITY_DAY; g <= PULSE_GRANULARITY_MONTH; g++)
    {
      g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("Asia/Kolkata", NULL);
      g_autoptr(PulseQueryRange) range = make_range ("Asia/Kolkata", g);
      g_autoptr(JsonNode) sql = run_all (conn, NULL, range);
      g_autoptr(JsonNode) indexed = NULL;

      update (index, conn, range);
      indexed = run_all (conn, index, range);
      assert_same (sql, indexed);
      g_assert_cmpfloat (series_value (indexed, "dau", 0), >, 100);
      assert_cohorts_seen (indexed);
    }
}

/* Seven times 24 hours after a sign-up at 00:30 on 2025-10-27 in New
 * York is 23:30 on 2025-11-02, the day clocks went back: d7 has matured
 * by the end of a range ending that day, and its day (11-03) is the day
 * after the range, which the index must hold. */
static void
test_day_after_the_range (void)
{
  g_autofree char *conninfo = create_db ("activity_day_after", 13);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseQueryRange) range = pulse_query_range_new_parse ("2025-10-20", "2025-11-02", "America/New_York",
                                                                  &error);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("America/New_York", NULL);
  g_autoptr(JsonNode) sql = NULL, indexed = NULL;

  g_assert_no_error (error);
  pulse_test_pg_exec (conninfo,
                      "INSERT INTO persons (id, email, role, created_at)"
                      " VALUES (9100, 'late-autumn@example.com', 'BUILDER', '2025-10-27 00:30-04');"
                      "INSERT INTO activity_events (person_id, kind, occurred_at)"
                      " VALUES (9100, 'x', '2025-11-03 12:00-05')");
  sql = run_all (conn, NULL, range);
  update (index, conn, range);
  indexed = run_all (conn, index, range);
  assert_same (sql, indexed);
  /* Nobody else had matured for d7: the one person came back. */
  g_assert_cmpfloat (summary_value (indexed, "retention", "d7"), ==, 1);
}

static char *
make_cache_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("pulse-activity-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
insert_event (const char *conninfo,
              const char *person,
              const char *at)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *params[] = { person, at };

  result = pulse_db_exec (conn, "INSERT INTO activity_events (person_id, kind, occurred_at) VALUES ($1, 'late', $2)",
                          2, params, NULL, &error);
  g_assert_no_error (error);
}

/* A late event with an old time lands on its day; deleting it again is
 * caught by the check after the cache is read, which rebuilds. */
static void
test_late_and_deleted (void)
{
  g_autofree char *conninfo = create_db ("activity_late", 7);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("America/New_York", PULSE_GRANULARITY_DAY);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("America/New_York", cache_dir);
  g_autoptr(PulseActivityIndex) reopened = pulse_activity_index_new ("America/New_York", cache_dir);
  g_autoptr(JsonNode) before = NULL, after = NULL, cached = NULL, checked = NULL;
  g_autoptr(GError) error = NULL;
  /* 2026-02-10 in New York is bucket 21 of the range. */
  guint bucket = 21;
  gboolean rebuilt = FALSE;

  GStatBuf written, kept;

  update (index, conn, range);
  before = run_all (conn, index, range);
  /* Nothing new: the cache file is left as it is (a rewrite replaces it). */
  g_assert_cmpint (g_stat (pulse_activity_index_get_cache_path (index), &written), ==, 0);
  update (index, conn, range);
  g_assert_cmpint (g_stat (pulse_activity_index_get_cache_path (index), &kept), ==, 0);
  g_assert_cmpuint (written.st_ino, ==, kept.st_ino);

  /* A person nobody has seen, at noon of an old day. */
  insert_event (conninfo, "9001", "2026-02-10 12:00-05");
  after = update_equal_to_sql (index, conn, range);
  g_assert_cmpfloat (series_value (after, "dau", bucket), ==, series_value (before, "dau", bucket) + 1);

  /* A newer event after the range keeps the highest id where it is. */
  insert_event (conninfo, "9002", "2026-04-10 12:00-04");
  pulse_test_pg_exec (conninfo, "DELETE FROM activity_events WHERE person_id = 9001");
  /* A new session starts from the cache, which still has the event. */
  update (reopened, conn, range);
  g_assert_false (pulse_activity_index_is_verified (reopened));
  cached = run_all (conn, reopened, range);
  g_assert_cmpfloat (series_value (cached, "dau", bucket), ==, series_value (after, "dau", bucket));

  pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebuilt);
  checked = run_all (conn, reopened, range);
  assert_same (before, checked);

  /* Nothing changed since: the check agrees. */
  pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rebuilt);

  /* Nor after the span grows to earlier days: the rows read before keep
   * their place in the checksum. */
  {
    g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse ("2025-11-01", TO,
                                                                   pulse_query_range_get_timezone (range), &error);
    g_autoptr(PulseQueryRange) wider = NULL;
    g_autoptr(JsonNode) widened = NULL, widened_sql = NULL;

    g_assert_no_error (error);
    wider = pulse_query_range_new (pulse_query_range_get_from (days), pulse_query_range_get_to (days),
                                   pulse_query_range_get_timezone (range), PULSE_GRANULARITY_WEEK);
    update (reopened, conn, wider);
    pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (rebuilt);
    widened = run_all (conn, reopened, wider);
    widened_sql = run_all (conn, NULL, wider);
    assert_same (widened_sql, widened);
  }
  pulse_test_remove_tree (cache_dir);
}

/* The funnel follows its inputs: steps met after the first read (a
 * verification, an onboarding, a profile completed), a late event with
 * an old time inside a sign-up's first 168 hours, and its deletion,
 * caught by the check of a new session's cache. */
static void
test_funnel_changes (void)
{
  g_autofree char *conninfo = create_db ("activity_funnel_changes", 10);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kolkata", PULSE_GRANULARITY_DAY);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("Asia/Kolkata", cache_dir);
  g_autoptr(PulseActivityIndex) reopened = pulse_activity_index_new ("Asia/Kolkata", cache_dir);
  g_autoptr(JsonNode) before = NULL, changed = NULL, late = NULL, cached = NULL, checked = NULL, sql = NULL;
  g_autoptr(GError) error = NULL;
  gboolean rebuilt = FALSE;
  GStatBuf written, kept;

  /* 7001: a builder with an event in the window, no completed profile
   * yet; 7002: a finder not verified yet, with a search; 7003: a
   * builder through every step but activity. */
  pulse_test_pg_exec (conninfo,
                      "INSERT INTO persons (id, email, role, created_at, email_verified_at, onboarded_at) VALUES"
                      " (7001, 'f1@example.com', 'BUILDER', '2026-02-10 10:00+00', now (), now ()),"
                      " (7002, 'f2@example.com', 'FINDER', '2026-02-11 00:00+00', NULL, NULL),"
                      " (7003, 'f3@example.com', 'BUILDER', '2026-02-14 00:00+00', now (), now ()),"
                      " (7004, 'f4@example.com', 'BUILDER', '2026-02-16 00:00+00', now (), now ());"
                      "INSERT INTO profiles (id, person_id, created_at, updated_at, completed_at) VALUES"
                      " (7501, 7001, now (), now (), NULL), (7503, 7003, now (), now (), now ()),"
                      " (7504, 7004, now (), now (), now ());"
                      "INSERT INTO activity_events (person_id, kind, occurred_at) VALUES (7001, 'x', '2026-02-10 11:00+00'),"
                      " (7004, 'x', '2026-02-15 12:00+00');"
                      "INSERT INTO finder_searches (person_id, query, searched_at) VALUES (7002, 'q', '2026-02-11 01:00+00')");
  update (index, conn, range);
  before = run_all (conn, index, range);
  sql = run_all (conn, NULL, range);
  assert_same_metric (sql, before, "signup_funnel");

  pulse_test_pg_exec (conninfo,
                      "UPDATE profiles SET completed_at = now () WHERE person_id = 7001;"
                      "UPDATE persons SET email_verified_at = now (), onboarded_at = now () WHERE id = 7002");
  update (index, conn, range);
  changed = run_all (conn, index, range);
  g_clear_pointer (&sql, json_node_unref);
  sql = run_all (conn, NULL, range);
  assert_same_metric (sql, changed, "signup_funnel");
  g_assert_cmpfloat (funnel_step (changed, "BUILDER", "profile_completed"), ==,
                     funnel_step (before, "BUILDER", "profile_completed") + 1);
  g_assert_cmpfloat (funnel_step (changed, "BUILDER", "first_activity_7d"), ==,
                     funnel_step (before, "BUILDER", "first_activity_7d") + 1);
  g_assert_cmpfloat (funnel_step (changed, "FINDER", "first_search_7d"), ==,
                     funnel_step (before, "FINDER", "first_search_7d") + 1);

  /* 7003's first event, late: a new id, a time inside its first 168 hours. */
  insert_event (conninfo, "7003", "2026-02-20 23:59:59.999999+00");
  update (index, conn, range);
  late = run_all (conn, index, range);
  g_clear_pointer (&sql, json_node_unref);
  sql = run_all (conn, NULL, range);
  assert_same_metric (sql, late, "signup_funnel");
  g_assert_cmpfloat (funnel_step (late, "BUILDER", "first_activity_7d"), ==,
                     funnel_step (changed, "BUILDER", "first_activity_7d") + 1);
  g_assert_cmpfloat (funnel_step (late, "all", "first_activity_7d"), ==,
                     funnel_step (changed, "all", "first_activity_7d") + 1);

  /* It goes again (a newer event keeps the highest id): a new session
   * shows the cache's numbers until the check rebuilds. */
  insert_event (conninfo, "9002", "2026-04-10 12:00+00");
  pulse_test_pg_exec (conninfo, "DELETE FROM activity_events WHERE person_id = 7003");
  g_assert_cmpint (g_stat (pulse_activity_index_get_cache_path (index), &written), ==, 0);
  update (reopened, conn, range);
  g_assert_false (pulse_activity_index_is_verified (reopened));
  /* The funnel's file matched the events' file: no rebuild (a delta). */
  g_assert_cmpint (g_stat (pulse_activity_index_get_cache_path (reopened), &kept), ==, 0);
  g_assert_cmpuint (written.st_ino, ==, kept.st_ino);
  g_assert_true (pulse_activity_index_answers (reopened, "signup_funnel"));
  cached = run_all (conn, reopened, range);
  g_assert_cmpfloat (funnel_step (cached, "BUILDER", "first_activity_7d"), ==,
                     funnel_step (late, "BUILDER", "first_activity_7d"));
  pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebuilt);
  checked = run_all (conn, reopened, range);
  g_clear_pointer (&sql, json_node_unref);
  sql = run_all (conn, NULL, range);
  assert_same_metric (sql, checked, "signup_funnel");
  g_assert_cmpfloat (funnel_step (checked, "BUILDER", "first_activity_7d"), ==,
                     funnel_step (changed, "BUILDER", "first_activity_7d"));

  /* 7004 signed up earlier after all: its event before the old
   * created_at is in the new window (the sources are read again). */
  pulse_test_pg_exec (conninfo, "UPDATE persons SET created_at = '2026-02-15 00:00+00' WHERE id = 7004");
  update (reopened, conn, range);
  g_clear_pointer (&late, json_node_unref);
  late = run_all (conn, reopened, range);
  g_clear_pointer (&sql, json_node_unref);
  sql = run_all (conn, NULL, range);
  assert_same_metric (sql, late, "signup_funnel");
  g_assert_cmpfloat (funnel_step (late, "BUILDER", "first_activity_7d"), ==,
                     funnel_step (checked, "BUILDER", "first_activity_7d") + 1);
  pulse_test_remove_tree (cache_dir);
}

/* Without finder_searches the funnel is its SQL's; a changed created_at
 * still rebuilds the events (the only store) and the rest answers. */
static void
test_funnel_without_searches (void)
{
  g_autofree char *conninfo = create_events_only_db ("activity_funnel_no_searches", 4);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("UTC", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", NULL);
  g_autoptr(JsonNode) sql = NULL, indexed = NULL;

  update (index, conn, range);
  g_assert_false (pulse_activity_index_answers (index, "signup_funnel"));
  g_assert_true (pulse_activity_index_answers (index, "dau"));
  pulse_test_pg_exec (conninfo, "UPDATE persons SET created_at = created_at - interval '1 hour' WHERE id = 5");
  update (index, conn, range);
  g_assert_false (pulse_activity_index_answers (index, "signup_funnel"));
  sql = run_all (conn, NULL, range);
  indexed = run_all (conn, index, range);
  assert_same (sql, indexed);
}

/* A person with two profiles (a platform without the baseline's unique
 * constraint) fails the funnel's read of persons (its SQL answers
 * signup_funnel); the index then reads the roles itself, and
 * a role changed after that still moves the person's rows. */
static void
test_roles_without_funnel (void)
{
  g_autofree char *conninfo = create_db ("activity_roles_without_funnel", 6);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kathmandu", PULSE_GRANULARITY_DAY);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("Asia/Kathmandu", NULL);
  /* Every metric by role but the funnel. */
  static const char * const by_role[] = { "dau", "mau", "lifecycle", "retention", "finder_searches", "profile_views" };
  g_autoptr(JsonNode) before = NULL, after = NULL, sql = NULL;

  pulse_test_pg_exec (conninfo, "ALTER TABLE profiles DROP CONSTRAINT profiles_person_id_key;"
                                "INSERT INTO profiles (id, person_id, created_at, updated_at)"
                                " SELECT 99001, person_id, now (), now () FROM profiles ORDER BY id LIMIT 1");
  update (index, conn, range);
  g_assert_false (pulse_activity_index_answers (index, "signup_funnel"));
  before = run_some (conn, index, range, by_role, G_N_ELEMENTS (by_role));
  sql = run_some (conn, NULL, range, by_role, G_N_ELEMENTS (by_role));
  assert_same (sql, before);
  pulse_test_pg_exec (conninfo, "UPDATE persons SET role = 'FINDER' WHERE role = 'BUILDER' AND id <= 60");
  update (index, conn, range);
  after = run_some (conn, index, range, by_role, G_N_ELEMENTS (by_role));
  g_clear_pointer (&sql, json_node_unref);
  sql = run_some (conn, NULL, range, by_role, G_N_ELEMENTS (by_role));
  assert_same (sql, after);
  g_assert_cmpfloat (segment_summary (after, "dau", "BUILDER", "daily_average"), <,
                     segment_summary (before, "dau", "BUILDER", "daily_average"));
}

/* A late row of another source, and its deletion, as for the events. */
typedef struct
{
  const char *db;
  const char *timezone;
  PulseGranularity granularity;
  const char *late_sql;    /* a row on an old day, of a person (or post) nobody has seen: "all" only */
  const char *delete_sql;  /* a newer row after the range (the highest id stays), then the late one goes */
  const char *metric;
  const char *grows;       /* the summary the late row adds one to in "all" */
  const char *counts;      /* the summary it adds to in "all", not in the roles */
} LateCase;

static const LateCase late_cases[] = {
  { "activity_late_search", "Asia/Kathmandu", PULSE_GRANULARITY_WEEK,
    "INSERT INTO finder_searches (person_id, query, searched_at) VALUES (9001, 'late', '2026-02-10 12:00+05:45')",
    "INSERT INTO finder_searches (person_id, query, searched_at) VALUES (9002, 'later', '2026-04-10 12:00+05:45');"
    "DELETE FROM finder_searches WHERE person_id = 9001",
    "finder_searches", "total", "total" },
  /* A keyed source: a profile nobody viewed in the range (owner unknown):
   * one more view, and profile viewed. */
  { "activity_late_view", "Asia/Kolkata", PULSE_GRANULARITY_DAY,
    "INSERT INTO profiles (id, person_id, created_at, updated_at)"
    " VALUES (9500, 9001, '2025-11-01 00:00+00', '2025-11-01 00:00+00');"
    "INSERT INTO profile_views (profile_id, viewer_person_id, viewed_at) VALUES (9500, 9001, '2026-02-10 12:00+05:30')",
    "INSERT INTO profile_views (profile_id, viewer_person_id, viewed_at) VALUES (501, 1, '2026-04-10 12:00+05:30');"
    "DELETE FROM profile_views WHERE profile_id = 9500",
    "profile_views", "profiles_viewed", "views" },
  /* A keyed source without a key: a view of a post of no known author. */
  { "activity_late_post_view", "Asia/Kolkata", PULSE_GRANULARITY_DAY,
    "INSERT INTO posts (id, author_person_id, created_at) VALUES (9500, 9001, '2025-11-01 00:00+00');"
    "INSERT INTO post_views (post_id, viewer_person_id, viewed_at) VALUES (9500, NULL, '2026-02-12 12:00+05:30')",
    "INSERT INTO post_views (post_id, viewer_person_id, viewed_at) VALUES (1, 1, '2026-04-10 12:00+05:30');"
    "DELETE FROM post_views WHERE post_id = 9500",
    "post_engagement_rate", "views", "views" },
  /* A share of a collection nobody shared in the range, by a person unknown to persons. */
  { "activity_late_share", "Asia/Kathmandu", PULSE_GRANULARITY_MONTH,
    "INSERT INTO collection_shares (collection_id, shared_by_person_id, shared_with_person_id, shared_at,"
    " permission_level) VALUES (9500, 9001, 1, '2026-02-10 12:00+05:45', 'view')",
    "INSERT INTO collection_shares (collection_id, shared_by_person_id, shared_with_person_id, shared_at,"
    " permission_level) VALUES (1, 1, 2, '2026-04-10 12:00+05:45', 'view');"
    "DELETE FROM collection_shares WHERE shared_by_person_id = 9001",
    "shared_collections", "collections_shared", "shares" },
  /* An item of a profile nobody collected in the range (in no collection: not live). */
  { "activity_late_item", "America/New_York", PULSE_GRANULARITY_WEEK,
    "INSERT INTO collection_items (collection_id, profile_id, added_by_person_id, added_at)"
    " VALUES (9500, 9500, 9001, '2026-02-10 12:00-05')",
    "INSERT INTO collection_items (collection_id, profile_id, added_by_person_id, added_at)"
    " VALUES (1, 501, 1, '2026-04-10 12:00-04');"
    "DELETE FROM collection_items WHERE added_by_person_id = 9001",
    "collection_items", "profiles_collected", "items_added" },
};

/* Collections change privacy, are deleted or come back, items are
 * removed, an owner's role changes, after the first read: the next
 * update agrees with the SQL (their state is read at every update), and
 * so does a new session from the cache, checked. */
static void
test_collections_change (void)
{
  g_autofree char *conninfo = create_db ("activity_collections_change", 12);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kolkata", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("Asia/Kolkata", cache_dir);
  g_autoptr(PulseActivityIndex) reopened = pulse_activity_index_new ("Asia/Kolkata", cache_dir);
  g_autoptr(JsonNode) before = NULL, sql = NULL, after = NULL, cached = NULL;
  g_autoptr(GError) error = NULL;
  gboolean rebuilt = FALSE;

  update (index, conn, range);
  before = run_all (conn, index, range);
  pulse_test_pg_exec (conninfo, "UPDATE collections SET privacy = CASE privacy WHEN 'PUBLIC' THEN 'PRIVATE' ELSE 'PUBLIC' END"
                                " WHERE id % 7 = 0;"
                                "UPDATE collections SET deleted_at = '2026-02-10 00:00+05:30' WHERE id % 9 = 0;"
                                "UPDATE collections SET deleted_at = NULL WHERE id % 4 = 0 AND id % 3 = 0;"
                                "UPDATE collection_items SET deleted_at = '2026-03-15 23:59:59.999999+05:30'"
                                " WHERE id % 5 = 0 AND deleted_at IS NULL;"
                                "UPDATE persons SET role = CASE role WHEN 'BUILDER' THEN 'FINDER' ELSE 'BUILDER' END"
                                " WHERE id = (SELECT owner_person_id FROM collections WHERE id = 2)");
  after = update_equal_to_sql (index, conn, range);
  g_assert_cmpfloat (segment_summary (after, "collections_created", "all", "PUBLIC"), !=,
                     segment_summary (before, "collections_created", "all", "PUBLIC"));
  g_assert_cmpfloat (segment_summary (after, "collection_privacy", "all", "total"), !=,
                     segment_summary (before, "collection_privacy", "all", "total"));
  g_assert_cmpfloat (segment_summary (after, "collection_items", "all", "live_items_per_live_collection"), !=,
                     segment_summary (before, "collection_items", "all", "live_items_per_live_collection"));
  g_assert_cmpfloat (segment_summary (after, "collections_created", "all", "total"), ==,
                     segment_summary (before, "collections_created", "all", "total"));

  /* Rows the schema's constraints refuse, read as the SQL reads them:
   * owners without a role or no owner (segment all only), a privacy
   * that is neither (counted nowhere), no created_at (not counted), an
   * item of no collection. */
  g_clear_pointer (&before, json_node_unref);
  before = g_steal_pointer (&after);
  pulse_test_pg_exec (conninfo, "ALTER TABLE persons ALTER COLUMN role DROP NOT NULL;"
                                "ALTER TABLE collections ALTER COLUMN owner_person_id DROP NOT NULL,"
                                " ALTER COLUMN privacy DROP NOT NULL, ALTER COLUMN created_at DROP NOT NULL,"
                                " DROP CONSTRAINT collections_privacy_check;"
                                "ALTER TABLE collection_items ALTER COLUMN collection_id DROP NOT NULL;"
                                "UPDATE persons SET role = NULL"
                                " WHERE id IN (SELECT owner_person_id FROM collections WHERE id % 13 = 1);"
                                "UPDATE collections SET owner_person_id = NULL WHERE id % 17 = 2;"
                                "UPDATE collections SET privacy = NULL WHERE id % 19 = 3;"
                                "UPDATE collections SET privacy = 'UNLISTED' WHERE id % 23 = 4;"
                                "UPDATE collections SET created_at = NULL WHERE id % 29 = 5;"
                                "UPDATE collection_items SET collection_id = NULL WHERE id % 31 = 6");
  after = update_equal_to_sql (index, conn, range);
  for (guint i = 0; i < 2; i++)
    {
      const char *metric = i == 0 ? "collections_created" : "collection_privacy";

      g_assert_cmpfloat (segment_summary (after, metric, "all", "total"), <,
                         segment_summary (before, metric, "all", "total"));
      g_assert_cmpfloat (roles_summary (after, metric, "total") - segment_summary (after, metric, "all", "total"), <,
                         roles_summary (before, metric, "total") - segment_summary (before, metric, "all", "total"));
    }
  g_assert_cmpfloat (segment_summary (after, "collection_items", "all", "live_items_per_live_collection"), !=,
                     segment_summary (before, "collection_items", "all", "live_items_per_live_collection"));

  /* A new session: the cache's rows, the state as it is now. */
  pulse_test_pg_exec (conninfo, "UPDATE collections SET privacy = 'PRIVATE' WHERE id % 11 = 0");
  update (reopened, conn, range);
  pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&sql, json_node_unref);
  sql = run_all (conn, NULL, range);
  cached = run_all (conn, reopened, range);
  assert_same (sql, cached);
  pulse_test_remove_tree (cache_dir);
}

/* The same for a source of its own: the late row lands on its day (in
 * "all" only), a new session's cache keeps it after its deletion until
 * the check, which rebuilds that source. */
static void
test_late_and_deleted_other (gconstpointer data)
{
  const LateCase *c = data;
  g_autofree char *conninfo = create_db (c->db, 8);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range (c->timezone, c->granularity);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (c->timezone, cache_dir);
  g_autoptr(PulseActivityIndex) reopened = pulse_activity_index_new (c->timezone, cache_dir);
  g_autoptr(JsonNode) before = NULL, after = NULL, cached = NULL, checked = NULL;
  g_autoptr(GError) error = NULL;
  gboolean rebuilt = FALSE;

  update (index, conn, range);
  before = run_all (conn, index, range);
  pulse_test_pg_exec (conninfo, c->late_sql);
  after = update_equal_to_sql (index, conn, range);
  g_assert_cmpfloat (segment_summary (after, c->metric, "all", c->grows), ==,
                     segment_summary (before, c->metric, "all", c->grows) + 1);
  g_assert_cmpfloat (roles_summary (after, c->metric, c->counts), ==, roles_summary (before, c->metric, c->counts));

  pulse_test_pg_exec (conninfo, c->delete_sql);
  update (reopened, conn, range);
  g_assert_false (pulse_activity_index_is_verified (reopened));
  cached = run_all (conn, reopened, range);
  g_assert_cmpfloat (segment_summary (cached, c->metric, "all", c->counts), ==,
                     segment_summary (after, c->metric, "all", c->counts));
  pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebuilt);
  checked = run_all (conn, reopened, range);
  assert_same (before, checked);
  pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rebuilt);
  pulse_test_remove_tree (cache_dir);
}

/* A keyed source's rows count in the segment of their person's role
 * now, as the SQL joins it: a viewer's (and an owner's) role changes, an
 * unknown viewer signs up, a profile changes hands; the next update
 * agrees with the SQL, and so does a new session from the cache once
 * checked. */
static void
test_profile_roles_change (void)
{
  g_autofree char *conninfo = create_db ("activity_profile_roles", 10);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("America/New_York", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("America/New_York", cache_dir);
  g_autoptr(PulseActivityIndex) reopened = pulse_activity_index_new ("America/New_York", cache_dir);
  g_autoptr(PulseActivityIndex) again = NULL;
  g_autoptr(JsonNode) before = NULL, sql = NULL, after = NULL, cached = NULL;
  g_autoptr(GError) error = NULL;
  gboolean rebuilt = FALSE;

  update (index, conn, range);
  before = run_all (conn, index, range);
  /* Persons 1 and 2 view and own profiles 501 and 502 (the busiest);
   * 215 viewed as an unknown person. */
  pulse_test_pg_exec (conninfo, "UPDATE persons SET role = CASE role WHEN 'BUILDER' THEN 'FINDER' ELSE 'BUILDER' END"
                                " WHERE id IN (1, 2);"
                                "INSERT INTO persons (id, email, role, created_at)"
                                " VALUES (215, 'p215@example.com', 'BUILDER', '2025-11-01 00:00+00')");
  after = update_equal_to_sql (index, conn, range);
  g_assert_cmpfloat (segment_summary (after, "profile_views", "BUILDER", "views"), !=,
                     segment_summary (before, "profile_views", "BUILDER", "views"));
  g_assert_cmpfloat (segment_summary (after, "profile_update_frequency", "BUILDER", "updates"), !=,
                     segment_summary (before, "profile_update_frequency", "BUILDER", "updates"));
  g_assert_cmpfloat (segment_summary (after, "post_engagement_rate", "BUILDER", "views"), !=,
                     segment_summary (before, "post_engagement_rate", "BUILDER", "views"));

  /* Profile 501 changes hands, to a person of the other role than its
   * owner's: its updates change segment; nobody's role changed. */
  pulse_test_pg_exec (conninfo, "INSERT INTO persons (id, email, role, created_at)"
                                " SELECT 300, 'p300@example.com',"
                                "        CASE role WHEN 'BUILDER' THEN 'FINDER' ELSE 'BUILDER' END, created_at"
                                "   FROM persons WHERE id = 1");
  update (index, conn, range);
  g_clear_pointer (&before, json_node_unref);
  before = run_all (conn, index, range);
  pulse_test_pg_exec (conninfo, "UPDATE profiles SET person_id = 300 WHERE id = 501");
  g_clear_pointer (&after, json_node_unref);
  after = update_equal_to_sql (index, conn, range);
  g_assert_cmpfloat (segment_summary (after, "profile_update_frequency", "BUILDER", "updates"), !=,
                     segment_summary (before, "profile_update_frequency", "BUILDER", "updates"));

  /* Person 1's posts change hands alike: their reactions, comments and
   * views change segment. (post_frequency, by rows of posts, sees
   * that at its check.) */
  g_clear_pointer (&before, json_node_unref);
  before = g_steal_pointer (&after);
  pulse_test_pg_exec (conninfo, "UPDATE posts SET author_person_id = 300 WHERE author_person_id = 1");
  update (index, conn, range);
  after = run_all (conn, index, range);
  g_clear_pointer (&sql, json_node_unref);
  sql = run_all (conn, NULL, range);
  assert_same_metric (sql, after, "post_engagement_rate");
  g_assert_cmpfloat (segment_summary (after, "post_engagement_rate", "BUILDER", "views"), !=,
                     segment_summary (before, "post_engagement_rate", "BUILDER", "views"));
  g_assert_cmpfloat (segment_summary (after, "post_engagement_rate", "all", "views"), ==,
                     segment_summary (before, "post_engagement_rate", "all", "views"));

  /* Changed back: a new session from the cache has the old roles until
   * its check. */
  pulse_test_pg_exec (conninfo, "UPDATE persons SET role = CASE role WHEN 'BUILDER' THEN 'FINDER' ELSE 'BUILDER' END"
                                " WHERE id IN (1, 2)");
  update (reopened, conn, range);
  pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebuilt);
  g_clear_pointer (&sql, json_node_unref);
  sql = run_all (conn, NULL, range);
  cached = run_all (conn, reopened, range);
  assert_same (sql, cached);

  /* A third session from the cache, checked with nothing changed; then
   * 300's posts change hands, to a person of the other role: the
   * session summed its link table at its check, so its next update
   * sees that. */
  again = pulse_activity_index_new ("America/New_York", cache_dir);
  update (again, conn, range);
  pulse_activity_index_verify (again, conn, &rebuilt, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rebuilt);
  pulse_test_pg_exec (conninfo, "UPDATE posts SET author_person_id = (SELECT min (id) FROM persons"
                                "  WHERE role <> (SELECT role FROM persons WHERE id = 300))"
                                " WHERE author_person_id = 300");
  update (again, conn, range);
  g_clear_pointer (&after, json_node_unref);
  after = run_all (conn, again, range);
  g_clear_pointer (&sql, json_node_unref);
  sql = run_all (conn, NULL, range);
  assert_same_metric (sql, after, "post_engagement_rate");
  g_assert_cmpfloat (segment_summary (after, "post_engagement_rate", "BUILDER", "views"), !=,
                     segment_summary (cached, "post_engagement_rate", "BUILDER", "views"));
  pulse_test_remove_tree (cache_dir);
}

/* A check that fails (the events' table not readable) is an error and
 * trusts nothing: the next one still finds the change and rebuilds. */
static void
test_check_stopped_midway (void)
{
  g_autofree char *conninfo = create_db ("activity_midway", 11);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("UTC", PULSE_GRANULARITY_DAY);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", cache_dir);
  g_autoptr(PulseActivityIndex) reopened = pulse_activity_index_new ("UTC", cache_dir);
  g_autoptr(JsonNode) rebuilt_json = NULL;
  g_autoptr(GError) error = NULL;
  gboolean rebuilt = FALSE;

  update (index, conn, range);
  update (reopened, conn, range);
  g_assert_false (pulse_activity_index_is_verified (reopened));
  /* A rewritten row, then a check that fails reading the events. */
  pulse_test_pg_exec (conninfo, "DELETE FROM activity_events WHERE id = (SELECT min(id) FROM activity_events"
                                " WHERE occurred_at >= '" FROM "')");
  pulse_test_pg_exec (conninfo, "ALTER TABLE activity_events RENAME COLUMN occurred_at TO occurred_away");
  g_assert_false (pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  pulse_test_pg_exec (conninfo, "ALTER TABLE activity_events RENAME COLUMN occurred_away TO occurred_at");

  g_assert_false (pulse_activity_index_is_verified (reopened));
  g_assert_true (pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rebuilt);
  rebuilt_json = update_equal_to_sql (reopened, conn, range);
  pulse_test_remove_tree (cache_dir);
}

typedef struct
{
  PulseActivityIndex *index;
  PGconn             *conn;
  GCancellable       *cancellable;
  GError             *error;
} Check;

static gpointer
run_check (gpointer data)
{
  Check *check = data;

  pulse_activity_index_verify (check->index, check->conn, NULL, check->cancellable, &check->error);
  return NULL;
}

/* Whether a query on @conninfo's database waits for a lock. */
static gboolean
query_waits_for_lock (const char *conninfo)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = pulse_db_exec (conn, "SELECT count(*) FROM pg_stat_activity"
                                " WHERE datname = current_database () AND wait_event_type = 'Lock'",
                          0, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_str_equal (PQgetvalue (result, 0, 0), "1");
}

/* A check stopped midway (the worker's next job cancels it) keeps the
 * cached days: the numbers shown stay, and the next check, finding
 * nothing changed, says so (no rebuild, no page asked again). */
static void
test_check_cancelled (void)
{
  g_autofree char *conninfo = create_db ("activity_check_cancelled", 12);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PGconn) locker = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kolkata", PULSE_GRANULARITY_DAY);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("Asia/Kolkata", cache_dir);
  g_autoptr(PulseActivityIndex) reopened = pulse_activity_index_new ("Asia/Kolkata", cache_dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) sql = NULL, cached = NULL, kept = NULL;
  g_autoptr(GError) error = NULL;
  Check check = { reopened, conn, cancellable, NULL };
  gboolean rebuilt = TRUE;
  GThread *thread;

  update (index, conn, range);
  update (reopened, conn, range);
  g_assert_false (pulse_activity_index_is_verified (reopened));
  cached = run_all (conn, reopened, range);

  /* The posts' check, after the events' and the searches', waits. */
  PQclear (pulse_db_exec (locker, "BEGIN; LOCK TABLE posts IN ACCESS EXCLUSIVE MODE", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  thread = g_thread_new ("check", run_check, &check);
  while (!query_waits_for_lock (conninfo))
    g_usleep (G_USEC_PER_SEC / 100);
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  g_assert_error (check.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&check.error);
  PQclear (pulse_db_exec (locker, "ROLLBACK", 0, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (pulse_activity_index_is_verified (reopened));
  kept = run_all (conn, reopened, range);
  assert_same (cached, kept);
  g_assert_true (pulse_activity_index_verify (reopened, conn, &rebuilt, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (rebuilt);
  sql = run_all (conn, NULL, range);
  assert_same (sql, kept);
  pulse_test_remove_tree (cache_dir);
}

typedef struct
{
  PulseActivityIndex *index;
  PGconn             *conn;
  PulseQueryRange    *range;
  GCancellable       *cancellable;
  GError             *error;
} Update;

static gpointer
run_update (gpointer data)
{
  Update *update = data;

  pulse_metric_query_update_activity (update->index, update->conn, update->range, update->cancellable,
                                      &update->error);
  return NULL;
}

/* An update stopped midway (a newer job cancels it) keeps the sources it
 * did not touch and those it finished, checked as they were: no cache
 * file read again, nothing to verify, no card asked again; but nothing
 * answers from memory before the next update has read the roles. */
static void
test_update_cancelled (void)
{
  g_autofree char *conninfo = create_db ("activity_update_cancelled", 14);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PGconn) locker = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("America/New_York", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("America/New_York", cache_dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) sql = NULL, indexed = NULL;
  g_autoptr(GError) error = NULL;
  Update stopped = { index, conn, range, cancellable, NULL };
  gboolean rebuilt = TRUE;
  GThread *thread;

  update (index, conn, range);
  g_assert_true (pulse_activity_index_is_verified (index));
  /* New rows for the events' and the searches' refresh, read before the posts' waits. */
  insert_event (conninfo, "1", FROM " 12:00:00+00");
  pulse_test_pg_exec (conninfo, "INSERT INTO finder_searches (person_id, query, searched_at)"
                                " SELECT person_id, 'late', '" FROM " 13:00:00+00' FROM finder_searches LIMIT 1");
  PQclear (pulse_db_exec (locker, "BEGIN; LOCK TABLE posts IN ACCESS EXCLUSIVE MODE", 0, NULL, NULL, &error));
  g_assert_no_error (error);
  thread = g_thread_new ("update", run_update, &stopped);
  while (!query_waits_for_lock (conninfo))
    g_usleep (G_USEC_PER_SEC / 100);
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  g_assert_error (stopped.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&stopped.error);
  PQclear (pulse_db_exec (locker, "ROLLBACK", 0, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The roles were not read: memory answers nothing yet. */
  g_assert_false (pulse_metric_query_covers_activity (index, pulse_catalog_lookup (catalog, "dau"), range));
  update (index, conn, range);
  g_assert_true (pulse_metric_query_covers_activity (index, pulse_catalog_lookup (catalog, "dau"), range));
  g_assert_true (pulse_activity_index_is_verified (index));
  g_assert_true (pulse_activity_index_verify (index, conn, &rebuilt, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (rebuilt);
  indexed = run_all (conn, index, range);
  sql = run_all (conn, NULL, range);
  assert_same (sql, indexed);
  pulse_test_remove_tree (cache_dir);
}

/* Opens a new index on @conninfo's cache and reports whether it came
 * from the cache file (not yet verified) rather than from the server. */
static gboolean
used_cache (PGconn          *conn,
            const char      *cache_dir,
            PulseQueryRange *range)
{
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (pulse_query_range_get_timezone (range), cache_dir);
  g_autoptr(JsonNode) sql = run_all (conn, NULL, range);
  g_autoptr(JsonNode) indexed = NULL;

  update (index, conn, range);
  indexed = run_all (conn, index, range);
  assert_same (sql, indexed);
  return !pulse_activity_index_is_verified (index);
}

static char *
cache_path_of (PGconn          *conn,
               const char      *cache_dir,
               PulseQueryRange *range)
{
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (pulse_query_range_get_timezone (range), cache_dir);

  update (index, conn, range);
  g_assert_true (g_file_test (pulse_activity_index_get_cache_path (index), G_FILE_TEST_IS_REGULAR));
  return g_strdup (pulse_activity_index_get_cache_path (index));
}

static void
rewrite (const char *path,
         gsize       keep,
         gssize      flip)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  if (flip >= 0)
    contents[flip] ^= 0x20;
  g_file_set_contents (path, contents, MIN (keep, length), &error);
  g_assert_no_error (error);
}

/* A delta file in @cache_dir that is neither @path nor @other_path, or
 * %NULL (the funnel's files beside them are whole files). */
static char *
find_other_file (const char *cache_dir,
                 const char *path,
                 const char *other_path)
{
  g_autoptr(GDir) dir = g_dir_open (cache_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *other = g_build_filename (cache_dir, name, NULL);

      if (!g_str_equal (other, path) && !g_str_equal (other, other_path) && strstr (name, ".delta") != NULL)
        return g_steal_pointer (&other);
    }
  return NULL;
}

/* A few new events go into a small delta file beside the cache, which a
 * new session reads with it; a truncated or altered delta makes the
 * whole cache untrusted. */
static void
check_broken_delta (const char      *conninfo,
                    PGconn          *conn,
                    const char      *cache_dir,
                    const char      *path,
                    const char      *other_path,
                    PulseQueryRange *range)
{
  GStatBuf base_before, base_after, st;
  g_autofree char *delta = NULL;

  g_assert_cmpint (g_stat (path, &base_before), ==, 0);
  insert_event (conninfo, "9001", "2026-02-10 12:00-05");
  g_assert_true (used_cache (conn, cache_dir, range));
  g_assert_cmpint (g_stat (path, &base_after), ==, 0);
  g_assert_cmpuint (base_before.st_ino, ==, base_after.st_ino);
  delta = find_other_file (cache_dir, path, other_path);
  g_assert_nonnull (delta);
  g_assert_cmpint (g_stat (delta, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_size, <, base_after.st_size);
  /* Read back with the base, new event included (used_cache compares with the SQL). */
  g_assert_true (used_cache (conn, cache_dir, range));

  rewrite (delta, (gsize) st.st_size, st.st_size / 2);
  g_assert_false (used_cache (conn, cache_dir, range));
  /* The rebuild wrote a whole file and no delta. */
  g_assert_false (g_file_test (delta, G_FILE_TEST_EXISTS));

  insert_event (conninfo, "9002", "2026-02-11 12:00-05");
  g_assert_true (used_cache (conn, cache_dir, range));
  g_assert_cmpint (g_stat (delta, &st), ==, 0);
  rewrite (delta, (gsize) st.st_size - 1, -1);
  g_assert_false (used_cache (conn, cache_dir, range));
  g_assert_true (used_cache (conn, cache_dir, range));
}

/* Days without any event, read back from the cache (where they take no
 * bytes) and freed with the index: nothing is freed that was not ours. */
static void
test_empty_days_cached (void)
{
  g_autofree char *conninfo = create_events_only_db ("activity_empty_days", 13);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(GError) error = NULL;
  /* Long after the generated events. */
  g_autoptr(PulseQueryRange) range = pulse_query_range_new_parse ("2027-06-01", "2027-06-30", "UTC", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = cache_path_of (conn, cache_dir, range);
  g_assert_true (used_cache (conn, cache_dir, range));
  g_assert_true (used_cache (conn, cache_dir, range));
  pulse_test_remove_tree (cache_dir);
}

static void
test_broken_cache (void)
{
  g_autofree char *conninfo = create_events_only_db ("activity_broken", 11);
  g_autofree char *other_conninfo = create_events_only_db ("activity_foreign", 12);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PGconn) other = pulse_test_pg_connect_dashboard (other_conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kathmandu", PULSE_GRANULARITY_WEEK);
  g_autofree char *path = cache_path_of (conn, cache_dir, range);
  g_autofree char *other_path = cache_path_of (other, cache_dir, range);
  GStatBuf st;
  gsize length;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  length = (gsize) st.st_size;
  g_assert_cmpuint (pulse_activity_cache_get_size (cache_dir), >=, length);

  /* A whole file is used. */
  g_assert_true (used_cache (conn, cache_dir, range));
  check_broken_delta (conninfo, conn, cache_dir, path, other_path, range);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  length = (gsize) st.st_size;

  /* Cut short: rebuilt from the server, with the right numbers. */
  rewrite (path, length / 2, -1);
  g_assert_false (used_cache (conn, cache_dir, range));
  g_assert_true (used_cache (conn, cache_dir, range));

  /* One byte changed. */
  rewrite (path, length, (gssize) length / 3);
  g_assert_false (used_cache (conn, cache_dir, range));

  /* Another database's file under this one's name. */
  g_assert_no_errno (g_rename (other_path, path));
  g_assert_false (used_cache (conn, cache_dir, range));

  /* A clear empties the folder of caches. */
  g_assert_true (pulse_activity_cache_clear (cache_dir, NULL));
  g_assert_cmpuint (pulse_activity_cache_get_size (cache_dir), ==, 0);

  /* An open index whose file was cleared writes a whole file again, not a delta. */
  {
    g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (pulse_query_range_get_timezone (range), cache_dir);

    update (index, conn, range);
    g_assert_true (pulse_activity_cache_clear (cache_dir, NULL));
    insert_event (conninfo, "9003", "2026-02-12 12:00-05");
    update (index, conn, range);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (used_cache (conn, cache_dir, range));
  }
  pulse_test_remove_tree (cache_dir);
}

/* A day's extras as the store writes them: each person's events in two
 * batches add up, read back in order, and a block is valid exactly as
 * written, not with an overlong varint, a person the day lacks or bytes
 * after the extras. */
static void
test_day_extras (void)
{
  static const gint64 starts[] = { 0, G_GINT64_CONSTANT (86400000000) };
  PulseActivityStore *store = pulse_activity_store_new (2451545, starts, 1);
  guint32 counts[300] = { 0 };
  g_autofree guint64 *forged = NULL;
  const guint64 *block;
  PulseDaySet set;
  PulseDayExtras extras;
  guint32 person, more, seen = 0;
  guint n;

  for (gint64 id = 0; id < 300; id++)
    pulse_activity_store_intern (store, 1000 + id * 7);
  /* Person p: p % 5 events (0 to 4), in two batches; 299 has 200. */
  for (guint batch = 0; batch < 2; batch++)
    {
      for (guint p = 0; p < 300; p++)
        for (guint e = batch; e < p % 5; e += 2)
          {
            pulse_activity_store_add_event (store, 0, p);
            counts[p]++;
          }
      for (guint e = 0; e < 100; e++)
        {
          pulse_activity_store_add_event (store, 0, 299);
          counts[299]++;
        }
      pulse_activity_store_flush (store);
    }
  block = pulse_activity_store_get_block (store, 0, &n);
  g_assert_true (pulse_activity_day_block_valid (block, n, 300));
  pulse_activity_store_get_set (store, 0, &set);
  pulse_day_extras_init (&extras, &set);
  while (pulse_day_extras_next (&extras, &person, &more))
    {
      g_assert_cmpuint (person, <, 300);
      g_assert_cmpuint (more + 1, ==, counts[person]);
      seen++;
    }
  /* 2, 3 and 4 events: three persons in five, and 299. */
  g_assert_cmpuint (seen, ==, 180);
  g_assert_false (pulse_activity_day_block_valid (block, n, 250));

  forged = g_memdup2 (block, sizeof (guint64) * n);
  /* A byte after the extras. */
  g_assert_cmpuint (set.extra_size % 8, !=, 0);
  ((guint8 *) (forged + n))[-1] = 1;
  g_assert_false (pulse_activity_day_block_valid (forged, n, 300));
  memcpy (forged, block, sizeof (guint64) * n);
  /* The first gap, overlong: 0x80 0x00 in place of 0x00 0x00 (person 2, one more). */
  g_assert_cmpuint (set.extra[0], ==, 2);
  ((guint8 *) (forged + 1 + set.n_words))[0] = 0x82;
  ((guint8 *) (forged + 1 + set.n_words))[1] = 0x00;
  g_assert_false (pulse_activity_day_block_valid (forged, n, 300));
  memcpy (forged, block, sizeof (guint64) * n);
  /* A first person without events that day (0). */
  ((guint8 *) (forged + 1 + set.n_words))[0] = 0;
  g_assert_false (pulse_activity_day_block_valid (forged, n, 300));
  pulse_activity_store_free (store);
}

/* Whether @needle is anywhere in the @length bytes at @data (NULs included). */
static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

#define ROLE "activity_reader"
#define PASSWORD "Sw0rdf1sh-activity"

static void
test_no_password_in_cache (void)
{
  g_autofree char *conninfo = create_db ("activity_password", 5);
  g_autofree char *cache_dir = make_cache_dir ();
  g_autofree char *grant = g_strdup_printf ("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %s", ROLE);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kolkata", PULSE_GRANULARITY_MONTH);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("Asia/Kolkata", cache_dir);
  g_autofree char *host_conninfo = g_strdup_printf ("host=%s port=%u dbname=activity_password user=" ROLE,
                                                    pulse_test_pg_socket_dir (), pulse_test_pg_port ());
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  PulseSessionOptions options;

  pulse_test_pg_add_password_role (ROLE, PASSWORD);
  pulse_test_pg_exec (conninfo, grant);
  pulse_session_options_init_dashboard (&options);
  options.password = PASSWORD;
  conn = pulse_db_connect (host_conninfo, &options, NULL, &error);
  g_assert_no_error (error);

  update (index, conn, range);
  g_file_get_contents (pulse_activity_index_get_cache_path (index), &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  g_assert_false (contains (contents, length, PASSWORD));
  /* The identity is there: this is the file that would hold it. */
  g_assert_true (contains (contents, length, ROLE));
  pulse_test_remove_tree (cache_dir);
}

/* Without a folder to write the cache to, the index works from memory. */
static void
test_unwritable_cache (void)
{
  g_autofree char *conninfo = create_db ("activity_unwritable", 3);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("UTC", PULSE_GRANULARITY_DAY);
  /* Under a device, not a folder: no mkdir succeeds there, even as root. */
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", "/dev/null/pulse");
  g_autoptr(JsonNode) sql = run_all (conn, NULL, range);
  g_autoptr(JsonNode) indexed = NULL;

  update (index, conn, range);
  indexed = run_all (conn, index, range);
  assert_same (sql, indexed);
  g_assert_false (g_file_test (pulse_activity_index_get_cache_path (index), G_FILE_TEST_EXISTS));
}

typedef struct
{
  GCancellable *cancellable;
  guint         reports;
  guint64       rows_read;
  guint64       rows_estimated;
} Progress;

/* Stops the build at its first report. */
static void
cancel_on_progress (guint64  rows_read,
                    guint64  rows_estimated,
                    gpointer user_data)
{
  Progress *progress = user_data;

  progress->reports++;
  progress->rows_read = rows_read;
  progress->rows_estimated = rows_estimated;
  g_cancellable_cancel (progress->cancellable);
}

/* A cold build reports rows read of the planner's estimate, and a
 * cancel stops the COPY on the server, not after it. */
static void
test_progress_and_cancel (void)
{
  g_autofree char *conninfo = create_db ("activity_cancel", 9);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("UTC", PULSE_GRANULARITY_DAY);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) count = NULL;
  Progress progress = { cancellable, 0, 0, 0 };
  guint64 total;

  /* Enough rows for reports on the way. */
  pulse_test_pg_exec (conninfo,
                      "INSERT INTO activity_events (person_id, kind, occurred_at)"
                      " SELECT 1 + i % 200, 'x', '2026-02-01 00:00+00'::timestamptz + i * interval '1 second'"
                      "   FROM generate_series (1, 300000) AS i;"
                      "ANALYZE activity_events");
  count = pulse_db_exec (conn, "SELECT count(*) FROM activity_events", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  total = g_ascii_strtoull (PQgetvalue (count, 0, 0), NULL, 10);

  pulse_activity_index_set_progress_func (index, cancel_on_progress, &progress);
  g_assert_false (pulse_metric_query_update_activity (index, conn, range, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* No row was taken after the cancel. */
  g_assert_cmpuint (progress.reports, ==, 1);
  g_assert_cmpuint (progress.rows_read, >, 0);
  g_assert_cmpuint (progress.rows_read, <, total);
  g_assert_cmpuint (progress.rows_estimated, >=, total / 2);
  g_assert_false (pulse_activity_index_covers (index, pulse_query_range_get_from (range),
                                               pulse_query_range_get_to (range)));

  /* The connection is usable after the cancel, and a new build completes. */
  g_clear_error (&error);
  pulse_activity_index_set_progress_func (index, NULL, NULL);
  update (index, conn, range);
  g_assert_true (pulse_activity_index_covers (index, pulse_query_range_get_from (range),
                                              pulse_query_range_get_to (range)));
}

typedef struct
{
  PulseMetricResult *result;
  GError            *error;
  gboolean           done;
} Outcome;

static void
on_metric_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = pulse_worker_run_metric_finish (PULSE_WORKER (source), result, NULL, &outcome->error);
  outcome->done = TRUE;
}

/* @metric_id through @worker in @generation, as an exported document. */
static JsonNode *
worker_run (PulseWorker     *worker,
            const char      *metric_id,
            PulseQueryRange *range,
            guint            generation)
{
  Outcome outcome = { NULL, NULL, FALSE };
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);

  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, metric_id), range, "activity", generation,
                                 NULL, on_metric_done, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  g_ptr_array_add (results, outcome.result);
  return pulse_data_export_build_json (range, results, NULL);
}

static JsonNode *
sql_run (PGconn          *conn,
         const char      *metric_id,
         PulseQueryRange *range)
{
  g_autoptr(GHashTable) tables = pulse_db_list_tables (conn, NULL, NULL);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (results, pulse_metric_query_run (pulse_catalog_lookup (catalog, metric_id), conn, range, tables,
                                                    NULL, &error));
  g_assert_no_error (error);
  return pulse_data_export_build_json (range, results, NULL);
}

/* dau through @worker, as a page asks for it. */
static JsonNode *
worker_dau (PulseWorker     *worker,
            PulseQueryRange *range)
{
  return worker_run (worker, "dau", range, pulse_worker_begin_generation (worker, "activity"));
}

static JsonNode *
sql_dau (PGconn          *conn,
         PulseQueryRange *range)
{
  return sql_run (conn, "dau", range);
}

/* The cache file of @conn's identity in the user's cache folder. */
static char *
user_cache_path (PGconn          *conn,
                 PulseQueryRange *range)
{
  g_autofree char *dir = pulse_activity_cache_dup_default_dir ();
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (pulse_query_range_get_timezone (range), dir);

  update (index, conn, range);
  return g_strdup (pulse_activity_index_get_cache_path (index));
}

static ino_t
inode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_ino;
}

/* The worker answers from the index (its cache file is written), shows
 * a cache first, and rebuilds it between jobs when rows changed. */
static void
test_worker (void)
{
  g_autofree char *conninfo = create_db ("activity_worker", 4);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kathmandu", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseWorker) first = NULL, second = NULL;
  g_autoptr(JsonNode) answer = NULL, cached = NULL, checked = NULL;
  g_autoptr(JsonNode) before = sql_dau (conn, range);
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *path = NULL;
  PulseSessionOptions options;
  gint64 deadline;
  ino_t written;

  pulse_session_options_init_dashboard (&options);
  first = pulse_worker_new (conninfo, &options);
  answer = worker_dau (first, range);
  assert_same (before, answer);
  path = user_cache_path (conn, range);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  written = inode_of (path);

  /* One person's only event of their day goes away (not the newest row). */
  pulse_test_pg_exec (conninfo,
                      "DELETE FROM activity_events WHERE id = (SELECT min (e.id) FROM activity_events e"
                      " WHERE e.occurred_at >= '2026-02-02 00:00+05:45' AND e.occurred_at < '2026-02-09 00:00+05:45'"
                      "   AND NOT EXISTS (SELECT 1 FROM activity_events o WHERE o.person_id = e.person_id AND o.id <> e.id"
                      "                   AND o.occurred_at >= '2026-02-02 00:00+05:45' AND o.occurred_at < '2026-02-09 00:00+05:45'))");
  after = sql_dau (conn, range);

  /* A new session shows the cache's numbers first... */
  second = pulse_worker_new (conninfo, &options);
  cached = worker_dau (second, range);
  assert_same (before, cached);
  /* ...and the check between jobs rebuilds the cache. */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (inode_of (path) == written && g_get_monotonic_time () < deadline)
    g_usleep (G_USEC_PER_SEC / 100);
  g_assert_cmpuint (inode_of (path), !=, written);
  checked = worker_dau (second, range);
  assert_same (after, checked);
}

/* Statements over activity_events (or another table the index reads)
 * the worker sent while counting. */
static gint events_statements;
static gint counting_statements;
/* Of those, the sums of posts as the post sources' link table. */
static gint posts_link_sums;

static void
count_events_statement (PGconn     *conn,
                        const char *sql,
                        gpointer    user_data)
{
  static const char * const tables[] = {
    "activity_events", "finder_searches", "posts", "finder_votes", "profile_views", "profile_updates",
    "post_reactions", "post_comments", "post_views",
  };

  if (g_atomic_int_get (&counting_statements) && strstr (sql, "hashint8extended") != NULL &&
      strstr (sql, " FROM posts)") != NULL)
    g_atomic_int_inc (&posts_link_sums);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_atomic_int_get (&counting_statements) && strstr (sql, tables[i]) != NULL)
      {
        g_atomic_int_inc (&events_statements);
        return;
      }
}

static PulseQueryRange *
days_range (const char       *from,
            const char       *to,
            PulseGranularity  granularity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse (from, to, "Asia/Kolkata", &error);

  g_assert_no_error (error);
  return pulse_query_range_new (pulse_query_range_get_from (days), pulse_query_range_get_to (days),
                                "Asia/Kolkata", granularity);
}

/* As the window asks after a change of range, buckets or comparison on
 * days the worker's index holds (each a new generation of the page):
 * every activity metric (and finder_searches, post_frequency,
 * finder_votes, profile_views, profile_update_frequency,
 * post_engagement_rate) is answered,
 * equal to its SQL, and no statement over activity_events or those
 * tables reaches the server. A segment is no request at
 * all: every answer holds each segment's series. A refresh reads the new
 * events, which shows that the count sees them. */
static void
test_worker_changes_ask_no_events (void)
{
  g_autofree char *conninfo = create_db ("activity_worker_changes", 9);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) loaded = days_range ("2026-01-01", "2026-03-31", PULSE_GRANULARITY_MONTH);
  g_autoptr(PulseQueryRange) shorter = days_range ("2026-02-15", "2026-03-15", PULSE_GRANULARITY_DAY);
  g_autoptr(GPtrArray) ranges = g_ptr_array_new_with_free_func ((GDestroyNotify) pulse_query_range_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(PulseWorker) worker = NULL;
  PulseSessionOptions options;

  /* The change of range, then of buckets, then the comparison's period. */
  g_ptr_array_add (ranges, pulse_query_range_ref (shorter));
  g_ptr_array_add (ranges, days_range ("2026-02-15", "2026-03-15", PULSE_GRANULARITY_WEEK));
  g_ptr_array_add (ranges, days_range ("2026-02-15", "2026-03-15", PULSE_GRANULARITY_MONTH));
  g_ptr_array_add (ranges, pulse_query_range_dup_previous (shorter));
  for (guint r = 0; r < ranges->len; r++)
    for (guint m = 0; m < G_N_ELEMENTS (activity_metrics); m++)
      g_ptr_array_add (expected, sql_run (conn, activity_metrics[m], g_ptr_array_index (ranges, r)));

  pulse_db_set_statement_observer (count_events_statement, NULL);
  pulse_session_options_init_dashboard (&options);
  worker = pulse_worker_new (conninfo, &options);
  {
    guint generation = pulse_worker_begin_generation (worker, "activity");

    for (guint m = 0; m < G_N_ELEMENTS (activity_metrics); m++)
      json_node_unref (worker_run (worker, activity_metrics[m], loaded, generation));
  }

  g_atomic_int_set (&counting_statements, TRUE);
  for (guint r = 0; r < ranges->len; r++)
    {
      guint generation = pulse_worker_begin_generation (worker, "activity");

      for (guint m = 0; m < G_N_ELEMENTS (activity_metrics); m++)
        {
          g_autoptr(JsonNode) answer = worker_run (worker, activity_metrics[m], g_ptr_array_index (ranges, r),
                                                   generation);

          g_test_message ("%s, change %u", activity_metrics[m], r);
          assert_same (g_ptr_array_index (expected, r * G_N_ELEMENTS (activity_metrics) + m), answer);
        }
    }
  g_assert_cmpint (g_atomic_int_get (&events_statements), ==, 0);
  g_assert_nonnull (json_object_get_object_member (metric_of (g_ptr_array_index (expected, 0), "dau"), "segments"));

  /* A refresh reads what is new; the three post sources' link table
   * is summed once. */
  pulse_worker_refresh (worker);
  json_node_unref (worker_dau (worker, shorter));
  g_assert_cmpint (g_atomic_int_get (&events_statements), >, 0);
  g_assert_cmpint (g_atomic_int_get (&posts_link_sums), ==, 1);

  g_atomic_int_set (&counting_statements, FALSE);
  pulse_db_set_statement_observer (NULL, NULL);
}

static void
on_unverified (PulseWorker *worker,
               const char  *metric_id,
               gboolean    *from_cache)
{
  *from_cache = TRUE;
}

/* The demo's server listens in a new folder at each start: a worker
 * told whose data it is (as the window tells it for the demo) finds the
 * cache another conninfo of the same data wrote, and answers from it
 * (unverified: read from the file, not from a COPY of the events). */
static void
test_worker_named_identity (void)
{
  g_autofree char *conninfo = create_db ("activity_worker_identity", 10);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("UTC", PULSE_GRANULARITY_DAY);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-activity-link-XXXXXX", &error);
  g_autofree char *link = g_build_filename (dir, "socket", NULL);
  g_autofree char *quoted = pulse_db_quote_conninfo_value (link);
  g_autofree char *other = NULL;
  g_autofree char *identity = g_strdup_printf ("workspace=test-%d-%" G_GINT64_FORMAT, (int) getpid (),
                                               g_get_real_time ());
  g_autofree char *cache_dir = pulse_activity_cache_dup_default_dir ();
  g_autoptr(PulseWorker) first = NULL, second = NULL;
  g_autoptr(JsonNode) expected = sql_dau (conn, range);
  g_autoptr(JsonNode) built = NULL, cached = NULL;
  g_autofree char *path = NULL;
  gboolean from_cache = FALSE;
  PulseSessionOptions options;

  g_assert_no_error (error);
  /* The same server through another folder name. */
  g_assert_cmpint (symlink (pulse_test_pg_socket_dir (), link), ==, 0);
  other = g_strdup_printf ("host=%s port=%u user=pulse dbname=activity_worker_identity", quoted,
                           pulse_test_pg_port ());

  pulse_session_options_init_dashboard (&options);
  first = pulse_worker_new (conninfo, &options);
  pulse_worker_set_identity (first, identity);
  built = worker_dau (first, range);
  assert_same (expected, built);
  g_clear_object (&first);

  second = pulse_worker_new (other, &options);
  pulse_worker_set_identity (second, identity);
  g_signal_connect (second, "activity-unverified", G_CALLBACK (on_unverified), &from_cache);
  cached = worker_dau (second, range);
  assert_same (expected, cached);
  g_assert_true (from_cache);

  g_clear_object (&second);
  /* This test's cache file (and any delta: "activity-HASH.delta.cache") goes. */
  {
    g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", cache_dir);
    g_autofree char *stem = NULL;
    g_autofree char *delta = NULL;

    pulse_activity_index_set_identity (index, identity);
    update (index, conn, range);
    path = g_strdup (pulse_activity_index_get_cache_path (index));
    stem = g_strndup (path, strlen (path) - strlen (".cache"));
    delta = g_strconcat (stem, ".delta.cache", NULL);
    g_assert_cmpint (g_unlink (path), ==, 0);
    g_unlink (delta);
  }
  pulse_test_remove_tree (dir);
}

/* Once the worker's index holds a range, retention and lifecycle on
 * days inside it, at any granularity, come from memory: with
 * activity_events gone from the server, the answers are still the SQL's. */
static void
test_worker_cohorts_from_memory (void)
{
  g_autofree char *conninfo = create_db ("activity_worker_cohorts", 8);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kolkata", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseWorker) worker = NULL;
  g_autoptr(GPtrArray) ranges = g_ptr_array_new_with_free_func ((GDestroyNotify) pulse_query_range_unref);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  static const char * const metrics[] = { "retention", "lifecycle", "dau" };
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) first_by_sql = NULL;
  PulseSessionOptions options;
  guint generation;

  for (PulseGranularity g = PULSE_GRANULARITY_DAY; g <= PULSE_GRANULARITY_MONTH; g++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse ("2026-02-01", "2026-03-10", "Asia/Kolkata", &error);

      g_assert_no_error (error);
      g_ptr_array_add (ranges, pulse_query_range_new (pulse_query_range_get_from (days),
                                                      pulse_query_range_get_to (days), "Asia/Kolkata", g));
    }
  for (guint r = 0; r < ranges->len; r++)
    for (guint m = 0; m < G_N_ELEMENTS (metrics); m++)
      g_ptr_array_add (expected, sql_run (conn, metrics[m], g_ptr_array_index (ranges, r)));

  pulse_session_options_init_dashboard (&options);
  worker = pulse_worker_new (conninfo, &options);
  generation = pulse_worker_begin_generation (worker, "activity");
  first = worker_run (worker, "retention", range, generation);
  first_by_sql = sql_run (conn, "retention", range);
  assert_same (first_by_sql, first);

  pulse_test_pg_exec (conninfo, "ALTER TABLE activity_events RENAME TO activity_events_gone");
  for (guint r = 0; r < ranges->len; r++)
    for (guint m = 0; m < G_N_ELEMENTS (metrics); m++)
      {
        g_autoptr(JsonNode) answer = worker_run (worker, metrics[m], g_ptr_array_index (ranges, r), generation);

        g_test_message ("%s, range %u", metrics[m], r);
        assert_same (g_ptr_array_index (expected, r * G_N_ELEMENTS (metrics) + m), answer);
      }
}

/* A role the metrics have no segment for: the index declines, and the
 * worker's answer comes from the SQL, which reports dau by its fixed
 * segments. */
static void
test_fallback_to_sql (void)
{
  g_autofree char *conninfo = create_db ("activity_fallback", 6);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("UTC", PULSE_GRANULARITY_MONTH);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", NULL);
  g_autoptr(PulseWorker) worker = NULL;
  g_autoptr(JsonNode) sql = NULL, answer = NULL;
  g_autoptr(GError) error = NULL;
  PulseSessionOptions options;

  pulse_test_pg_exec (conninfo, "ALTER TABLE persons DROP CONSTRAINT persons_role_check;"
                                "UPDATE persons SET role = 'ADMIN' WHERE id = 1");
  g_assert_false (pulse_metric_query_update_activity (index, conn, range, NULL, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM);

  pulse_session_options_init_dashboard (&options);
  worker = pulse_worker_new (conninfo, &options);
  sql = sql_dau (conn, range);
  answer = worker_dau (worker, range);
  assert_same (sql, answer);
}

/* A table of the index's that it cannot read (here a search without a
 * person, which the SQL counts in all but not as a searcher) leaves that
 * metric to its SQL, in the export and the worker, and the rest to the
 * index. */
static void
test_source_fallback_to_sql (void)
{
  g_autofree char *conninfo = create_db ("activity_source_fallback", 5);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("America/New_York", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("America/New_York", NULL);
  g_autoptr(PulseWorker) worker = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonNode) sql = NULL, answer = NULL;
  g_autoptr(GError) error = NULL;
  PulseSessionOptions options;

  pulse_test_pg_exec (conninfo, "ALTER TABLE finder_searches ALTER COLUMN person_id DROP NOT NULL;"
                                "INSERT INTO finder_searches (person_id, query, searched_at)"
                                " VALUES (NULL, 'anonymous', '2026-02-10 12:00-05')");
  update (index, conn, range);
  g_assert_false (pulse_activity_index_answers (index, "finder_searches"));
  g_assert_true (pulse_activity_index_answers (index, "post_frequency"));
  g_assert_true (pulse_activity_index_answers (index, "dau"));

  /* The export: every metric as its SQL has it. */
  results = pulse_metric_query_run_catalog (catalog, conn, range, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      PulseMetricResult *result = g_ptr_array_index (results, i);
      const char *id = pulse_metric_get_id (pulse_metric_result_get_metric (result));

      if (g_str_equal (id, "finder_searches") || g_str_equal (id, "post_frequency"))
        {
          g_autoptr(JsonNode) from_sql = sql_run (conn, id, range);
          g_autoptr(GPtrArray) one = g_ptr_array_new ();
          g_autoptr(JsonNode) exported = NULL;

          g_ptr_array_add (one, result);
          exported = pulse_data_export_build_json (range, one, NULL);
          assert_same (from_sql, exported);
        }
    }

  pulse_session_options_init_dashboard (&options);
  worker = pulse_worker_new (conninfo, &options);
  sql = sql_run (conn, "finder_searches", range);
  answer = worker_run (worker, "finder_searches", range, pulse_worker_begin_generation (worker, "activity"));
  assert_same (sql, answer);
}

/* The keyed sources fail alike: a view without a profile (which the SQL
 * counts as one more profile viewed) and an update of a profile whose
 * id times four is beyond a bigint leave those metrics to their SQL. */
static void
test_keyed_source_fallback_to_sql (void)
{
  g_autofree char *conninfo = create_db ("activity_keyed_fallback", 4);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("Asia/Kathmandu", PULSE_GRANULARITY_MONTH);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("Asia/Kathmandu", NULL);
  g_autoptr(PulseWorker) worker = NULL;
  PulseSessionOptions options;
  const char * const ids[] = { "profile_views", "profile_update_frequency" };

  update (index, conn, range);
  g_assert_true (pulse_activity_index_answers (index, "profile_views"));
  g_assert_true (pulse_activity_index_answers (index, "profile_update_frequency"));
  pulse_test_pg_exec (conninfo, "ALTER TABLE profile_views ALTER COLUMN profile_id DROP NOT NULL;"
                                "INSERT INTO profile_views (profile_id, viewer_person_id, viewed_at)"
                                " VALUES (NULL, 1, '2026-02-10 12:00+05:45');"
                                "INSERT INTO profile_updates (profile_id, updated_at)"
                                " VALUES (4611686018427387904, '2026-02-10 12:00+05:45')");
  update (index, conn, range);
  g_assert_false (pulse_activity_index_answers (index, "profile_views"));
  g_assert_false (pulse_activity_index_answers (index, "profile_update_frequency"));
  g_assert_true (pulse_activity_index_answers (index, "finder_searches"));
  g_assert_true (pulse_activity_index_answers (index, "dau"));

  pulse_session_options_init_dashboard (&options);
  worker = pulse_worker_new (conninfo, &options);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(JsonNode) sql = sql_run (conn, ids[i], range);
      g_autoptr(JsonNode) answer = worker_run (worker, ids[i], range, pulse_worker_begin_generation (worker, "activity"));

      assert_same (sql, answer);
    }
}

/* collection_items' table gone after the index was first read: its
 * source and its state cannot be read, so that metric is its SQL's
 * (the proxy variant's, as the tables now say), the others the index's. */
static void
test_collection_source_fallback_to_sql (void)
{
  g_autofree char *conninfo = create_db ("activity_collection_fallback", 3);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("UTC", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", NULL);
  g_autoptr(PulseWorker) worker = NULL;
  g_autoptr(JsonNode) sql = NULL, answer = NULL;
  PulseSessionOptions options;

  update (index, conn, range);
  g_assert_true (pulse_activity_index_answers (index, "collection_items"));
  g_assert_true (pulse_activity_index_answers (index, "shared_collections"));
  pulse_test_pg_exec (conninfo, "DROP TABLE collection_items");
  update (index, conn, range);
  g_assert_false (pulse_activity_index_answers (index, "collection_items"));
  g_assert_true (pulse_activity_index_answers (index, "shared_collections"));
  g_assert_true (pulse_activity_index_answers (index, "collections_created"));
  g_assert_true (pulse_activity_index_answers (index, "dau"));

  pulse_session_options_init_dashboard (&options);
  worker = pulse_worker_new (conninfo, &options);
  sql = sql_run (conn, "collection_items", range);
  answer = worker_run (worker, "collection_items", range, pulse_worker_begin_generation (worker, "activity"));
  assert_same (sql, answer);
}

/* A user catalog's own dau is its SQL: the index answers only the
 * stock definition. */
static void
test_user_catalog_runs_its_sql (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) user = pulse_catalog_new_bundled (&error);
  g_autofree char *dir = g_dir_make_tmp ("pulse-activity-catalog-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GHashTable) tables = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_hash_table_add (tables, "activity_events");
  g_hash_table_add (tables, "persons");
  g_assert_true (pulse_metric_query_uses_activity (pulse_catalog_lookup (user, "dau"), tables));

  g_file_set_contents (path,
                       "{\"metrics\": [{\"id\": \"dau\", \"group\": \"activity\", \"title\": \"Mine\","
                       " \"description\": \"d\", \"chart\": \"line\", \"variants\": [{\"source\": \"table\","
                       " \"requires\": [\"activity_events\"], \"sql\": \"SELECT 1\"}]}]}",
                       -1, &error);
  g_assert_no_error (error);
  g_assert_true (pulse_catalog_load_file (user, file, &error));
  g_assert_no_error (error);
  g_assert_false (pulse_metric_query_uses_activity (pulse_catalog_lookup (user, "dau"), tables));
  /* A proxy variant stays with its SQL: the index answers only the table variant. */
  g_hash_table_add (tables, "collections");
  g_assert_true (pulse_metric_query_uses_activity (pulse_catalog_lookup (catalog, "collections_created"), tables));
  g_assert_false (pulse_metric_query_uses_activity (pulse_catalog_lookup (catalog, "shared_collections"), tables));
  g_hash_table_add (tables, "collection_shares");
  g_assert_true (pulse_metric_query_uses_activity (pulse_catalog_lookup (catalog, "shared_collections"), tables));
  pulse_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  pulse_test_pg_start ();

  g_test_add_data_func ("/activity/equal-to-sql/seed-1", GUINT_TO_POINTER (1), test_equal_to_sql);
  g_test_add_data_func ("/activity/equal-to-sql/seed-2", GUINT_TO_POINTER (2), test_equal_to_sql);
  g_test_add_data_func ("/activity/equal-to-sql/seed-3", GUINT_TO_POINTER (3), test_equal_to_sql);
  g_test_add_func ("/activity/equal-to-sql/many-persons", test_many_persons);
  g_test_add_func ("/activity/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/activity/worker", test_worker);
  g_test_add_func ("/activity/worker-cohorts-from-memory", test_worker_cohorts_from_memory);
  g_test_add_func ("/activity/worker-changes-ask-no-events", test_worker_changes_ask_no_events);
  g_test_add_func ("/activity/worker-named-identity", test_worker_named_identity);
  g_test_add_func ("/activity/retention/day-after-the-range", test_day_after_the_range);
  g_test_add_func ("/activity/fallback-to-sql", test_fallback_to_sql);
  g_test_add_func ("/activity/source-fallback-to-sql", test_source_fallback_to_sql);
  g_test_add_func ("/activity/keyed-source-fallback-to-sql", test_keyed_source_fallback_to_sql);
  g_test_add_func ("/activity/collection-source-fallback-to-sql", test_collection_source_fallback_to_sql);
  g_test_add_func ("/activity/user-catalog", test_user_catalog_runs_its_sql);
  g_test_add_func ("/activity/cache/late-and-deleted", test_late_and_deleted);
  g_test_add_func ("/activity/cache/funnel-changes", test_funnel_changes);
  g_test_add_func ("/activity/funnel-without-searches", test_funnel_without_searches);
  g_test_add_data_func ("/activity/cache/late-and-deleted-search", &late_cases[0], test_late_and_deleted_other);
  g_test_add_data_func ("/activity/cache/late-and-deleted-view", &late_cases[1], test_late_and_deleted_other);
  g_test_add_data_func ("/activity/cache/late-and-deleted-post-view", &late_cases[2], test_late_and_deleted_other);
  g_test_add_data_func ("/activity/cache/late-and-deleted-share", &late_cases[3], test_late_and_deleted_other);
  g_test_add_data_func ("/activity/cache/late-and-deleted-item", &late_cases[4], test_late_and_deleted_other);
  g_test_add_func ("/activity/collections-change", test_collections_change);
  g_test_add_func ("/activity/roles-without-funnel", test_roles_without_funnel);
  g_test_add_func ("/activity/day-extras", test_day_extras);
  g_test_add_func ("/activity/profile-roles-change", test_profile_roles_change);
  g_test_add_func ("/activity/cache/check-stopped-midway", test_check_stopped_midway);
  g_test_add_func ("/activity/cache/check-cancelled", test_check_cancelled);
  g_test_add_func ("/activity/cache/update-cancelled", test_update_cancelled);
  g_test_add_func ("/activity/cache/broken", test_broken_cache);
  g_test_add_func ("/activity/cache/empty-days", test_empty_days_cached);
  g_test_add_func ("/activity/cache/no-password", test_no_password_in_cache);
  g_test_add_func ("/activity/cache/unwritable", test_unwritable_cache);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_clear_object (&catalog);
  return status;
}
