/* test-activity-sessions.c: session_duration from the activity index
 *
 * Generated sessions (persons of both roles and some unknown to persons,
 * sessions at and a microsecond before local midnight, unknown
 * durations, durations from ended_at alone, repeated and distinct
 * durations, a DST switch) are answered by the history variant's SQL and
 * by the index, in four zones at day, week and month buckets: every
 * value of every segment must agree. Then what changes under a cache: a
 * session extended on a recent day (read again at each update) and on an
 * old one (found by the check), a deleted one, a range that needs the
 * estimate (the SQL answers), and a warm update that reads no old day;
 * each kind of change on an old day the check must find (a row deleted,
 * inserted, moved to another day, its duration, person or person's role
 * changed, its unknown person appearing), and rows at the edges of the
 * checksum's arithmetic that it must not take for a change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "pulse-data-export.h"
#include "pulse-metric-query.h"
#include "pulse-test-json.h"
#include "pulse-test-pg.h"
#include "pulse-worker.h"

#define FROM "2026-01-20"
#define TO "2026-03-15"
#define METRIC "session_duration"

static PulseCatalog *catalog;
static const char * const zones[] = { "UTC", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu" };

/* Persons 1..200; events enough for the index; sessions of persons
 * 1..220 (201..220 unknown to persons: only in all) from 2026-01-10
 * (before the range: no estimate) to mid-April: on even days of the
 * month durations of a few values (kept as pairs), else distinct ones;
 * every eleventh without a duration (and without an end), every
 * eleventh but one with only ended_at (a µs fraction); and sessions at
 * and just before local midnight of every third day in each zone. */
static const char generate_sql[] =
  "WITH p AS (INSERT INTO persons (id, email, role, created_at)"
  "  SELECT i, 'p' || i || '@example.com',"
  "         CASE WHEN abs (hashint8extended (i, $1::bigint)) % 2 = 0 THEN 'BUILDER' ELSE 'FINDER' END,"
  "         '2025-11-01 00:00+00'::timestamptz"
  "    FROM generate_series (1, 200) AS i RETURNING 1),"
  "e AS (INSERT INTO activity_events (person_id, kind, occurred_at)"
  "  SELECT 1 + i % 200, 'x', '2025-12-01 00:00+00'::timestamptz + i * interval '1 hour'"
  "    FROM generate_series (1, 3000) AS i RETURNING 1),"
  "r AS ("
  "  SELECT i, 1 + abs (hashint8extended (i, $1::bigint + 1)) % 220 AS person,"
  "         '2026-01-10 00:00+00'::timestamptz"
  "           + (abs (hashint8extended (i, $1::bigint + 2)) % (95 * 86400)) * interval '1 second' AS at"
  "    FROM generate_series (1, 5000) AS i"
  "  UNION ALL"
  "  SELECT 100000 + d * 8 + z * 2 + s, 1 + abs (hashint8extended (d * 8 + z, $1::bigint + 3)) % 220,"
  "         (('2026-01-12'::date + d)::timestamp AT TIME ZONE t.tz) - s * interval '1 microsecond'"
  "    FROM generate_series (0, 90, 3) AS d,"
  "         unnest (ARRAY['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu']) WITH ORDINALITY AS t (tz, z),"
  "         (VALUES (0), (1)) AS v (s))"
  "INSERT INTO sessions (session_id, person_id, started_at, ended_at, duration_seconds)"
  "SELECT md5 ('s' || i)::uuid, person, at,"
  "       CASE WHEN i % 11 = 0 THEN NULL"
  "            ELSE at + (abs (hashint8extended (i, $1::bigint + 4)) % 5000000000) * interval '1 microsecond' END,"
  "       CASE WHEN i % 11 IN (0, 1) THEN NULL"
  "            WHEN extract (day FROM at) % 2 = 0 THEN 60 * (abs (hashint8extended (i, $1::bigint + 5)) % 4)"
  "            ELSE abs (hashint8extended (i, $1::bigint + 6)) % 7200 END"
  "  FROM r";

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

  pulse_test_pg_run_file (conninfo, "../data/migrations/0001_sessions.sql");
  /* Sessions of persons missing from persons, as the SQL's LEFT JOIN reads them. */
  pulse_db_exec_script (conn, "ALTER TABLE sessions DROP CONSTRAINT sessions_person_id_fkey", &error);
  g_assert_no_error (error);
  result = pulse_db_exec (conn, generate_sql, 1, params, NULL, &error);
  g_assert_no_error (error);
  return conninfo;
}

static PulseQueryRange *
make_range (const char       *from,
            const char       *to,
            const char       *timezone,
            PulseGranularity  granularity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse (from, to, timezone, &error);

  g_assert_no_error (error);
  return pulse_query_range_new (pulse_query_range_get_from (days), pulse_query_range_get_to (days),
                                timezone, granularity);
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

static gboolean
index_answers (PulseActivityIndex *index,
               PulseQueryRange    *range)
{
  return pulse_activity_index_answers_range (index, METRIC, pulse_query_range_get_from (range),
                                             pulse_query_range_get_to (range));
}

/* session_duration as an exported document: from @index, or its SQL (@index NULL). */
static JsonNode *
run (PGconn             *conn,
     PulseActivityIndex *index,
     PulseQueryRange    *range)
{
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PulseMetric *metric = pulse_catalog_lookup (catalog, METRIC);

  tables = pulse_db_list_tables (conn, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pulse_metric_query_uses_activity (metric, tables));
  if (index != NULL)
    {
      g_assert_true (index_answers (index, range));
      g_ptr_array_add (results, pulse_metric_query_run_activity (metric, index, range, tables, &error));
    }
  else
    g_ptr_array_add (results, pulse_metric_query_run (metric, conn, range, tables, NULL, &error));
  g_assert_no_error (error);
  return pulse_data_export_build_json (range, results, NULL);
}

static void
assert_same (JsonNode *sql,
             JsonNode *index)
{
  pulse_test_json_assert_matches (sql, index, "$");
  pulse_test_json_assert_matches (index, sql, "$");
}

static JsonObject *
summary_of (JsonNode   *document,
            const char *segment)
{
  JsonObject *metrics = json_object_get_object_member (json_node_get_object (document), "metrics");
  JsonObject *object = json_object_get_object_member (metrics, METRIC);

  if (!g_str_equal (segment, "all"))
    object = json_object_get_object_member (json_object_get_object_member (object, "segments"), segment);
  return json_object_get_object_member (object, "summary");
}

static double
summary (JsonNode   *document,
         const char *segment,
         const char *key)
{
  return json_object_get_double_member (summary_of (document, segment), key);
}

/* Not vacuous: sessions of both roles and of unknown persons, medians
 * and averages, no estimated session. */
static void
assert_seen (JsonNode *document)
{
  g_assert_cmpfloat (summary (document, "all", "sessions"), >,
                     summary (document, "BUILDER", "sessions") + summary (document, "FINDER", "sessions"));
  g_assert_cmpfloat (summary (document, "BUILDER", "sessions"), >, 0);
  g_assert_cmpfloat (summary (document, "FINDER", "median_seconds"), >, 0);
  g_assert_cmpfloat (summary (document, "all", "avg_seconds"), >, 0);
  g_assert_cmpfloat (summary (document, "all", "estimated_sessions"), ==, 0);
}

static void
test_equal_to_sql (gconstpointer data)
{
  guint seed = GPOINTER_TO_UINT (data);
  g_autofree char *name = g_strdup_printf ("activity_sessions_seed_%u", seed);
  g_autofree char *conninfo = create_db (name, seed);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (zones[z], NULL);

      for (PulseGranularity g = PULSE_GRANULARITY_DAY; g <= PULSE_GRANULARITY_MONTH; g++)
        {
          g_autoptr(PulseQueryRange) range = make_range (FROM, TO, zones[z], g);
          g_autoptr(JsonNode) sql = run (conn, NULL, range);
          g_autoptr(JsonNode) indexed = NULL;

          update (index, conn, range);
          indexed = run (conn, index, range);
          g_test_message ("seed %u, %s, %s", seed, zones[z], pulse_granularity_to_string (g));
          assert_same (sql, indexed);
          assert_seen (indexed);
        }
      /* One day: the sessions at its midnight and a µs before. */
      {
        g_autoptr(PulseQueryRange) range = make_range ("2026-01-15", "2026-01-15", zones[z], PULSE_GRANULARITY_DAY);
        g_autoptr(JsonNode) sql = run (conn, NULL, range);
        g_autoptr(JsonNode) indexed = NULL;

        update (index, conn, range);
        indexed = run (conn, index, range);
        assert_same (sql, indexed);
        g_assert_cmpfloat (summary (indexed, "all", "sessions"), >, 0);
      }
    }
}

/* Medians of even counts are the mean of the two middle durations, an
 * unknown duration counts as a session only, and a session with ended_at
 * alone has ended_at - started_at: on one day of a few sessions. */
static void
test_exact_figures (void)
{
  g_autofree char *conninfo = create_db ("activity_sessions_exact", 1);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("2026-04-20", "2026-04-20", "UTC", PULSE_GRANULARITY_DAY);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", NULL);
  g_autoptr(JsonNode) sql = NULL, indexed = NULL;

  pulse_test_pg_exec (conninfo,
                      "INSERT INTO sessions (session_id, person_id, started_at, ended_at, duration_seconds) VALUES"
                      " (md5 ('x1')::uuid, 1, '2026-04-20 01:00+00', NULL, 10),"
                      " (md5 ('x2')::uuid, 1, '2026-04-20 02:00+00', NULL, 40),"
                      " (md5 ('x3')::uuid, 1, '2026-04-20 03:00+00', '2026-04-20 03:00:20.5+00', NULL),"
                      " (md5 ('x4')::uuid, 1, '2026-04-20 04:00+00', NULL, 40),"
                      " (md5 ('x5')::uuid, 1, '2026-04-20 05:00+00', NULL, NULL)");
  sql = run (conn, NULL, range);
  update (index, conn, range);
  indexed = run (conn, index, range);
  assert_same (sql, indexed);
  g_assert_cmpfloat (summary (indexed, "all", "sessions"), ==, 5);
  g_assert_cmpfloat (summary (indexed, "all", "median_seconds"), ==, 30.25);
  g_assert_cmpfloat (summary (indexed, "all", "avg_seconds"), ==, 110.5 / 4);
}

/* A range that starts before the first recorded session needs the
 * estimate: the index does not answer it and the SQL does, through the
 * worker too, and equal. */
static void
test_before_first_session (void)
{
  g_autofree char *conninfo = create_db ("activity_sessions_before_first", 2);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("2026-01-05", "2026-02-05", "Asia/Kolkata", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseQueryRange) later = make_range ("2026-01-10", "2026-02-05", "UTC", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("Asia/Kolkata", NULL);
  g_autoptr(JsonNode) sql = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonNode) through_catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseActivityIndex) utc = pulse_activity_index_new ("UTC", NULL);

  /* Events before the first session: estimated sessions. */
  pulse_test_pg_exec (conninfo,
                      "INSERT INTO activity_events (person_id, kind, occurred_at)"
                      " SELECT 1 + i % 50, 'x', '2026-01-06 00:00+00'::timestamptz + i * interval '7 minutes'"
                      "   FROM generate_series (1, 500) AS i");
  sql = run (conn, NULL, range);
  g_assert_cmpfloat (summary (sql, "all", "estimated_sessions"), >, 0);
  update (index, conn, range);
  g_assert_true (pulse_activity_index_answers (index, METRIC));
  g_assert_false (index_answers (index, range));
  {
    PulseCatalog *one = pulse_catalog_new_bundled (&error);
    g_assert_no_error (error);
    results = pulse_metric_query_run_catalog (one, conn, range, NULL, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < results->len; i++)
      if (!g_str_equal (pulse_metric_get_id (pulse_metric_result_get_metric (g_ptr_array_index (results, i))),
                        METRIC))
        g_ptr_array_remove_index (results, i--);
    through_catalog = pulse_data_export_build_json (range, results, NULL);
    g_object_unref (one);
  }
  assert_same (sql, through_catalog);
  /* The first session at the range's first instant (UTC midnight): no estimate. */
  pulse_test_pg_exec (conninfo,
                      "INSERT INTO sessions (session_id, person_id, started_at, ended_at, duration_seconds)"
                      " VALUES (md5 ('first')::uuid, 1, '2026-01-10 00:00+00', NULL, 30)");
  update (utc, conn, later);
  g_assert_true (index_answers (utc, later));
  {
    g_autoptr(JsonNode) a = run (conn, NULL, later);
    g_autoptr(JsonNode) b = run (conn, utc, later);

    assert_same (a, b);
  }
}

static gboolean counting;
static gint sessions_statements, checks;

static void
count_sessions_statement (PGconn     *conn,
                          const char *sql,
                          gpointer    user_data)
{
  if (!g_atomic_int_get (&counting) || strstr (sql, "FROM sessions") == NULL)
    return;
  g_atomic_int_inc (&sessions_statements);
  if (strstr (sql, "width_bucket") != NULL)
    g_atomic_int_inc (&checks);
}

/* A fresh index from @cache_dir, updated for @range. */
static PulseActivityIndex *
warm_index (PGconn          *conn,
            PulseQueryRange *range,
            const char      *cache_dir)
{
  PulseActivityIndex *index = pulse_activity_index_new (pulse_query_range_get_timezone (range), cache_dir);

  update (index, conn, range);
  return index;
}

static void
verify (PulseActivityIndex *index,
        PGconn             *conn,
        gboolean            expect_rebuilt)
{
  g_autoptr(GError) error = NULL;
  gboolean rebuilt = !expect_rebuilt;

  g_assert_true (pulse_activity_index_verify (index, conn, &rebuilt, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rebuilt, ==, expect_rebuilt);
  g_assert_true (pulse_activity_index_is_verified (index));
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files of @cache_dir as "name inode" lines, in name order: a file
 * written again has another inode. */
static char *
cache_inodes (const char *cache_dir)
{
  g_autoptr(GDir) dir = g_dir_open (cache_dir, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (cache_dir, name, NULL);
      GStatBuf st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_ptr_array_add (lines, g_strdup_printf ("%s %" G_GUINT64_FORMAT, name, (guint64) st.st_ino));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (lines, i));
  return g_string_free (text, FALSE);
}

/* Sessions change under a cache: one on the last day (after the cut) is
 * read again by the warm update; one on an old day is not read (the warm
 * update asks only the days from the cut), and the check finds it and
 * the rebuild corrects it; a deleted one alike. A broken file is
 * refused. */
static void
test_changes_under_cache (void)
{
  g_autofree char *conninfo = create_db ("activity_sessions_cache", 3);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("2026-02-01", "2026-04-15", "America/New_York",
                                                 PULSE_GRANULARITY_DAY);
  g_autofree char *cache_dir = pulse_test_make_tmp_dir ("pulse-sessions-XXXXXX");
  g_autoptr(PulseActivityIndex) first = warm_index (conn, range, cache_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint files = 0;

  g_assert_true (index_answers (first, range));
  /* The sessions' own file, beside the events'. */
  dir = g_dir_open (cache_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    files++;
  g_assert_cmpuint (files, >=, 2);

  /* A heartbeat on the latest session (its day is read at each update). */
  pulse_test_pg_exec (conninfo,
                      "UPDATE sessions SET duration_seconds = duration_seconds + 1000, ended_at = ended_at + interval '1000 s'"
                      " WHERE session_id = (SELECT session_id FROM sessions WHERE duration_seconds IS NOT NULL"
                      "                      ORDER BY started_at DESC LIMIT 1)");
  /* A heartbeat long after its day closed (before the cut). */
  pulse_test_pg_exec (conninfo,
                      "UPDATE sessions SET duration_seconds = duration_seconds + 5000"
                      " WHERE session_id = (SELECT session_id FROM sessions WHERE duration_seconds IS NOT NULL"
                      "                        AND started_at >= '2026-02-10' ORDER BY started_at LIMIT 1)");
  {
    g_autoptr(PulseActivityIndex) warm = NULL;
    g_autoptr(JsonNode) sql = run (conn, NULL, range);
    g_autoptr(JsonNode) stale = NULL, checked = NULL;
    g_autoptr(PulseQueryRange) last_days = make_range ("2026-04-13", "2026-04-15", "America/New_York",
                                                       PULSE_GRANULARITY_DAY);
    g_autoptr(JsonNode) sql_last = run (conn, NULL, last_days);
    g_autoptr(JsonNode) warm_last = NULL;

    /* The warm update sends the first session's and the cut's read: no check, no old day. */
    pulse_db_set_statement_observer (count_sessions_statement, NULL);
    g_atomic_int_set (&counting, TRUE);
    warm = warm_index (conn, range, cache_dir);
    g_atomic_int_set (&counting, FALSE);
    pulse_db_set_statement_observer (NULL, NULL);
    g_assert_cmpint (g_atomic_int_get (&sessions_statements), ==, 2);
    g_assert_cmpint (g_atomic_int_get (&checks), ==, 0);
    g_assert_false (pulse_activity_index_is_verified (warm));

    /* The latest day's heartbeat is seen; the old day's is not yet. */
    warm_last = run (conn, warm, last_days);
    assert_same (sql_last, warm_last);
    stale = run (conn, warm, range);
    g_assert_cmpfloat (summary (stale, "all", "avg_seconds"), <, summary (sql, "all", "avg_seconds"));

    verify (warm, conn, TRUE);
    checked = run (conn, warm, range);
    assert_same (sql, checked);
    assert_seen (checked);
  }

  /* A deleted session on an old day: the check finds it. */
  pulse_test_pg_exec (conninfo,
                      "DELETE FROM sessions WHERE session_id = (SELECT session_id FROM sessions"
                      " WHERE started_at >= '2026-02-20' ORDER BY started_at LIMIT 1)");
  {
    g_autoptr(PulseActivityIndex) warm = warm_index (conn, range, cache_dir);
    g_autoptr(JsonNode) sql = run (conn, NULL, range);
    g_autoptr(JsonNode) stale = run (conn, warm, range);
    g_autoptr(JsonNode) checked = NULL;

    g_assert_cmpfloat (summary (stale, "all", "sessions"), ==, summary (sql, "all", "sessions") + 1);
    verify (warm, conn, TRUE);
    checked = run (conn, warm, range);
    assert_same (sql, checked);
  }

  /* Unchanged: the check passes, and no file is written again. */
  {
    g_autofree char *inodes = cache_inodes (cache_dir);
    g_autoptr(PulseActivityIndex) warm = warm_index (conn, range, cache_dir);
    g_autoptr(JsonNode) sql = run (conn, NULL, range);
    g_autoptr(JsonNode) cached = run (conn, warm, range);
    g_autofree char *after = NULL;

    assert_same (sql, cached);
    verify (warm, conn, FALSE);
    after = cache_inodes (cache_dir);
    g_assert_cmpstr (after, ==, inodes);
  }

  /* A role change moves a person's sessions: rebuilt at the update. */
  pulse_test_pg_exec (conninfo,
                      "UPDATE persons SET role = CASE role WHEN 'BUILDER' THEN 'FINDER' ELSE 'BUILDER' END"
                      " WHERE id IN (SELECT person_id FROM sessions WHERE started_at < '2026-02-15' LIMIT 3)");
  update (first, conn, range);
  {
    g_autoptr(JsonNode) sql = run (conn, NULL, range);
    g_autoptr(JsonNode) indexed = run (conn, first, range);

    assert_same (sql, indexed);
  }
  pulse_test_remove_tree (cache_dir);
}

/* A change of the sessions (or persons) on days before the cut, which a
 * warm update does not read: @probe's summary @key of @segment differs
 * until the check finds it. */
typedef struct
{
  const char *what;
  const char *sql;
  const char *probe;     /* one day, or NULL: the whole range */
  const char *segment;
  const char *key;
} Change;

static const Change changes[] = {
  { "deleted",
    "DELETE FROM sessions WHERE session_id = (SELECT session_id FROM sessions"
    " WHERE started_at >= '2026-02-20 12:00+00' ORDER BY started_at LIMIT 1)",
    NULL, "all", "sessions" },
  { "inserted",
    "INSERT INTO sessions (session_id, person_id, started_at, duration_seconds)"
    " VALUES (md5 ('inserted')::uuid, 3, '2026-02-12 15:00+00', 77)",
    NULL, "all", "sessions" },
  { "moved to another day",
    "UPDATE sessions SET started_at = started_at + interval '2 days' WHERE session_id = (SELECT session_id"
    " FROM sessions WHERE started_at >= '2026-02-10 12:00+00' AND started_at < '2026-02-10 20:00+00'"
    " ORDER BY started_at LIMIT 1)",
    "2026-02-10", "all", "sessions" },
  { "duration_seconds",
    "UPDATE sessions SET duration_seconds = duration_seconds + 5000 WHERE session_id = (SELECT session_id"
    " FROM sessions WHERE duration_seconds IS NOT NULL AND started_at >= '2026-02-14 12:00+00'"
    " ORDER BY started_at LIMIT 1)",
    NULL, "all", "avg_seconds" },
  { "ended_at",
    "UPDATE sessions SET ended_at = ended_at + interval '1 hour' WHERE session_id = (SELECT session_id"
    " FROM sessions WHERE duration_seconds IS NULL AND ended_at IS NOT NULL"
    " AND started_at >= '2026-02-16 12:00+00' ORDER BY started_at LIMIT 1)",
    NULL, "all", "avg_seconds" },
  { "person",
    "UPDATE sessions SET person_id = (SELECT min (id) FROM persons WHERE role = 'FINDER')"
    " WHERE session_id = (SELECT s.session_id FROM sessions s JOIN persons p ON p.id = s.person_id"
    " WHERE p.role = 'BUILDER' AND s.started_at >= '2026-02-18 12:00+00' ORDER BY s.started_at LIMIT 1)",
    NULL, "BUILDER", "sessions" },
  { "person's role",
    "UPDATE persons SET role = CASE role WHEN 'BUILDER' THEN 'FINDER' ELSE 'BUILDER' END"
    " WHERE id = (SELECT person_id FROM sessions WHERE person_id <= 200"
    " AND started_at >= '2026-02-22 12:00+00' ORDER BY started_at LIMIT 1)",
    NULL, "BUILDER", "sessions" },
  { "unknown person appearing",
    "INSERT INTO persons (id, email, role, created_at)"
    " SELECT person_id, 'late@example.com', 'BUILDER', '2025-11-01 00:00+00' FROM sessions"
    " WHERE person_id BETWEEN 201 AND 220 AND started_at >= '2026-02-24 12:00+00' ORDER BY started_at LIMIT 1",
    NULL, "BUILDER", "sessions" },
};

/* Each change on an old day is found by the check and the rebuild
 * corrects it; unchanged rows at the edges of the checksum's arithmetic
 * (a negative duration, the largest duration_seconds, the largest and a
 * negative person id) check the same on the server as in memory. */
static void
test_check_finds_changes (void)
{
  g_autofree char *conninfo = create_db ("activity_sessions_check", 5);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range ("2026-02-01", "2026-04-15", "America/New_York",
                                                 PULSE_GRANULARITY_DAY);
  g_autofree char *cache_dir = pulse_test_make_tmp_dir ("pulse-sessions-check-XXXXXX");

  pulse_test_pg_exec (conninfo,
                      "INSERT INTO sessions (session_id, person_id, started_at, ended_at, duration_seconds) VALUES"
                      " (md5 ('edge1')::uuid, 4, '2026-02-05 10:00+00', '2026-02-05 09:00:00.5+00', NULL),"
                      " (md5 ('edge2')::uuid, 5, '2026-02-05 11:00+00', NULL, 2147483647),"
                      " (md5 ('edge3')::uuid, 9223372036854775807, '2026-02-06 10:00+00', NULL, 30),"
                      " (md5 ('edge4')::uuid, -9223372036854775807, '2026-02-06 11:00+00', NULL, -30)");
  g_object_unref (warm_index (conn, range, cache_dir));
  {
    g_autoptr(PulseActivityIndex) warm = warm_index (conn, range, cache_dir);

    verify (warm, conn, FALSE);
  }
  for (guint c = 0; c < G_N_ELEMENTS (changes); c++)
    {
      const Change *change = &changes[c];
      g_autoptr(PulseQueryRange) probe = change->probe != NULL
                                           ? make_range (change->probe, change->probe, "America/New_York",
                                                         PULSE_GRANULARITY_DAY)
                                           : pulse_query_range_ref (range);
      g_autoptr(PulseActivityIndex) warm = NULL;
      g_autoptr(JsonNode) sql = NULL, stale = NULL, checked = NULL, sql_range = NULL, checked_range = NULL;

      g_test_message ("%s", change->what);
      pulse_test_pg_exec (conninfo, change->sql);
      warm = warm_index (conn, range, cache_dir);
      sql = run (conn, NULL, probe);
      stale = run (conn, warm, probe);
      g_assert_cmpfloat (summary (stale, change->segment, change->key), !=,
                         summary (sql, change->segment, change->key));
      verify (warm, conn, TRUE);
      checked = run (conn, warm, probe);
      assert_same (sql, checked);
      sql_range = run (conn, NULL, range);
      checked_range = run (conn, warm, range);
      assert_same (sql_range, checked_range);
    }
  pulse_test_remove_tree (cache_dir);
}

/* The offset in a sessions file (see pulse-activity-sessions.c) of the
 * number of sessions of everybody without a role on @day. */
static gsize
sessions_count_offset (const char *contents,
                       gsize       length,
                       const char *timezone,
                       const char *day)
{
  const char *zone = NULL;
  gsize pos;
  gint32 first_day;
  guint32 n_days;
  GDate date;

  for (pos = 0; zone == NULL && pos + strlen (timezone) <= length; pos++)
    if (memcmp (contents + pos, timezone, strlen (timezone)) == 0)
      zone = contents + pos;
  g_assert_nonnull (zone);
  pos = (gsize) (zone - contents) + strlen (timezone);
  pos += (8 - pos % 8) % 8;
  memcpy (&first_day, contents + pos, 4);
  memcpy (&n_days, contents + pos + 4, 4);
  pos += 48 + 8 * ((gsize) n_days + 1);
  g_date_clear (&date, 1);
  g_date_set_parse (&date, day);
  g_assert_true (g_date_valid (&date));
  for (gint d = first_day; d < (gint) g_date_get_julian (&date); d++)
    {
      pos += 16;
      for (guint g = 0; g < 3; g++)
        {
          guint32 n_values, pairs;

          memcpy (&n_values, contents + pos + 24, 4);
          memcpy (&pairs, contents + pos + 28, 4);
          pos += 32 + (gsize) n_values * (pairs ? 12 : 8);
          pos += (8 - pos % 8) % 8;
        }
    }
  g_assert_cmpuint (pos + 16, <, length);
  return pos + 16;
}

/* A truncated or altered sessions file is refused: the numbers are read
 * from the server and equal the SQL's. */
static void
test_broken_cache (void)
{
  g_autofree char *conninfo = create_db ("activity_sessions_broken", 4);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(PulseQueryRange) range = make_range (FROM, TO, "Asia/Kathmandu", PULSE_GRANULARITY_WEEK);
  g_autofree char *cache_dir = pulse_test_make_tmp_dir ("pulse-sessions-broken-XXXXXX");
  g_autoptr(JsonNode) sql = run (conn, NULL, range);
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseActivityIndex) built = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL, *pristine = NULL;
  gsize length = 0;

  built = warm_index (conn, range, cache_dir);
  /* The largest file is not the events' here: find the sessions' by its magic. */
  dir = g_dir_open (cache_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL && path == NULL)
    {
      g_autofree char *candidate = g_build_filename (cache_dir, name, NULL);
      g_autofree char *text = NULL;

      if (g_file_get_contents (candidate, &text, &length, NULL) && length > 8 && memcmp (text, "PULSESES", 8) == 0)
        path = g_steal_pointer (&candidate);
    }
  g_assert_nonnull (path);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  pristine = g_memdup2 (contents, length);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(PulseActivityIndex) warm = NULL;
      g_autoptr(JsonNode) indexed = NULL;

      if (round == 0)
        g_file_set_contents (path, contents, (gssize) (length / 2), &error);
      else
        {
          /* The range's first day has 64 sessions more or less. */
          contents[sessions_count_offset (contents, length, "Asia/Kathmandu", FROM)] ^= 0x40;
          g_file_set_contents (path, contents, (gssize) length, &error);
        }
      g_assert_no_error (error);
      warm = warm_index (conn, range, cache_dir);
      indexed = run (conn, warm, range);
      assert_same (sql, indexed);
      /* Refused, read again and written anew: as before it was broken. */
      {
        g_autofree char *now = NULL;
        gsize now_length = 0;

        g_file_get_contents (path, &now, &now_length, &error);
        g_assert_no_error (error);
        g_assert_cmpmem (now, now_length, pristine, length);
      }
    }
  pulse_test_remove_tree (cache_dir);
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

  g_test_add_data_func ("/activity/sessions/equal-to-sql/seed-1", GUINT_TO_POINTER (1), test_equal_to_sql);
  g_test_add_data_func ("/activity/sessions/equal-to-sql/seed-2", GUINT_TO_POINTER (2), test_equal_to_sql);
  g_test_add_func ("/activity/sessions/exact-figures", test_exact_figures);
  g_test_add_func ("/activity/sessions/before-first-session", test_before_first_session);
  g_test_add_func ("/activity/sessions/changes-under-cache", test_changes_under_cache);
  g_test_add_func ("/activity/sessions/check-finds-changes", test_check_finds_changes);
  g_test_add_func ("/activity/sessions/broken-cache", test_broken_cache);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_clear_object (&catalog);
  return status;
}
