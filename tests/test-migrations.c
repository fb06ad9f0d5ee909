/* test-migrations.c: the schema migrations and their runner, on a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "pulse-annotation-store.h"
#include "pulse-catalog.h"
#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-metric-query.h"
#include "pulse-metric-result.h"
#include "pulse-migration-runner-private.h"
#include "pulse-query-range.h"
#include "pulse-test-pg.h"
#include "pulse-test-run.h"

/* The bundled migrations, 0001 to 0006. */
#define N_BUNDLED 6

static PulseCatalog *catalog;

static char *
query_value (const char *conninfo,
             const char *sql)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = pulse_db_exec (conn, sql, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetisnull (result, 0, 0) ? "(null)" : PQgetvalue (result, 0, 0));
}

static void
assert_value (const char *conninfo,
              const char *sql,
              const char *expected)
{
  g_autofree char *value = query_value (conninfo, sql);
  g_assert_cmpstr (value, ==, expected);
}

static void
assert_relation (const char *conninfo,
                 const char *relation,
                 gboolean    exists)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *params[] = { relation };

  result = pulse_db_exec (conn, "SELECT to_regclass($1) IS NOT NULL", 1, params, NULL, &error);
  g_assert_no_error (error);
  if (exists != g_str_equal (PQgetvalue (result, 0, 0), "t"))
    g_error ("%s should %sexist", relation, exists ? "" : "not ");
}

static char *
history (const char *conninfo)
{
  g_autofree char *exists = query_value (conninfo, "SELECT to_regclass('pulse.schema_migrations') IS NOT NULL");

  if (!g_str_equal (exists, "t"))
    return g_strdup ("");
  return query_value (conninfo,
                      "SELECT coalesce(string_agg(version || ':' || name || ':' || checksum_algorithm, ',' "
                      "ORDER BY version), '') FROM pulse.schema_migrations");
}

static GPtrArray *
bundled (void)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *migrations = pulse_migration_load_bundled (&error);

  g_assert_no_error (error);
  return migrations;
}

static void
ensure_role (const char *conninfo,
             const char *role)
{
  g_autofree char *sql = NULL;

  /* Test-chosen identifiers only. */
  g_assert_true (g_regex_match_simple ("^[a-z_]+$", role, 0, 0));
  sql = g_strdup_printf ("DO $$ BEGIN "
                         "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') THEN "
                         "CREATE ROLE %s LOGIN; END IF; END $$; "
                         "GRANT SELECT ON ALL TABLES IN SCHEMA public TO %s;",
                         role, role, role);
  pulse_test_pg_exec (conninfo, sql);
}

static char *
with_user (const char *conninfo,
           const char *user)
{
  return g_strdup_printf ("%s user=%s", conninfo, user);
}

static PulseMetricResult *
run_metric (const char      *conninfo,
            const char      *metric_id,
            PulseQueryRange *range)
{
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GError) error = NULL;
  PulseMetricResult *result;

  conn = pulse_test_pg_connect_dashboard (conninfo);
  tables = pulse_db_list_tables (conn, NULL, &error);
  g_assert_no_error (error);
  result = pulse_metric_query_run (pulse_catalog_lookup (catalog, metric_id), conn, range, tables, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static PulseQueryRange *
range_new (const char *from,
           const char *to,
           const char *timezone)
{
  g_autoptr(GError) error = NULL;
  PulseQueryRange *range = pulse_query_range_new_parse (from, to, timezone, &error);

  g_assert_no_error (error);
  return range;
}

static void
test_checksum (void)
{
  g_autofree char *lf = pulse_migration_compute_checksum ("CREATE TABLE t (a int);\nSELECT 1;\n");
  g_autofree char *crlf = pulse_migration_compute_checksum ("CREATE TABLE t (a int);\r\nSELECT 1;\r\n");
  g_autofree char *cr = pulse_migration_compute_checksum ("CREATE TABLE t (a int);\rSELECT 1;\r");
  g_autofree char *other = pulse_migration_compute_checksum ("CREATE TABLE t (a int);\nSELECT 2;\n");
  g_autoptr(GPtrArray) migrations = bundled ();
  const char *names[] = { "sessions", "collection_shares", "collection_items", "tracking_functions",
                          "event_time_brin", "annotations" };

  g_assert_cmpstr (lf, ==, crlf);
  g_assert_cmpstr (lf, ==, cr);
  g_assert_cmpstr (lf, !=, other);
  g_assert_cmpuint (strlen (lf), ==, 64);

  g_assert_cmpuint (migrations->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < migrations->len; i++)
    {
      PulseMigration *m = g_ptr_array_index (migrations, i);
      g_assert_cmpuint (pulse_migration_get_version (m), ==, i + 1);
      g_assert_cmpstr (pulse_migration_get_name (m), ==, names[i]);
    }
}

static void
test_dry_run (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_dry");
  g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = pulse_migration_runner_dry_run (runner, NULL, &error);
  const char *order[] = { "pulse.schema_migrations", "0001_sessions.sql", "CREATE TABLE public.sessions",
                          "0002_collection_shares.sql", "0003_collection_items.sql",
                          "0004_tracking_functions.sql", "pulse.record_session_heartbeat" };
  const char *at = sql;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *found = strstr (at, order[i]);
      if (found == NULL)
        g_error ("dry run lacks “%s” (in order): %s", order[i], sql);
      at = found;
    }
  /* Nothing ran. */
  assert_relation (conninfo, "public.sessions", FALSE);
  assert_relation (conninfo, "pulse.schema_migrations", FALSE);
}

static void
test_apply_then_noop (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_apply");
  g_autoptr(PulseQueryRange) range = range_new ("2026-03-01", "2026-03-07", "UTC");
  const char *metrics[] = { "session_duration", "shared_collections", "collection_items" };
  g_autoptr(GError) error = NULL;
  g_autofree char *first_history = NULL;
  g_autofree char *dry = NULL;
  guint n_applied = 99;

  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    {
      g_autoptr(PulseMetricResult) before = run_metric (conninfo, metrics[i], range);
      g_assert_cmpint (pulse_metric_result_get_source (before), !=, PULSE_SOURCE_TABLE);
    }

  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, N_BUNDLED);
  }
  first_history = history (conninfo);
  g_assert_cmpstr (first_history, ==,
                   "1:sessions:sha256-lf,2:collection_shares:sha256-lf,"
                   "3:collection_items:sha256-lf,4:tracking_functions:sha256-lf,5:event_time_brin:sha256-lf,"
                   "6:annotations:sha256-lf");
  assert_value (conninfo, "SELECT count(*) FROM pulse.schema_migrations "
                "WHERE applied_by = current_user AND execution_ms >= 0 AND length(checksum) = 64", "6");

  /* A re-run changes nothing. */
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
    g_autoptr(GPtrArray) pending = pulse_migration_runner_list_pending (runner, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (pending->len, ==, 0);
    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, 0);
    dry = pulse_migration_runner_dry_run (runner, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (dry, "Nothing to do"));
  }
  {
    g_autofree char *again = history (conninfo);
    g_assert_cmpstr (again, ==, first_history);
  }

  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    {
      g_autoptr(PulseMetricResult) after = run_metric (conninfo, metrics[i], range);
      g_assert_cmpint (pulse_metric_result_get_source (after), ==, PULSE_SOURCE_TABLE);
    }
}

static GFile *
write_migrations (GPtrArray  *migrations,
                  gboolean    crlf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-migrations-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < migrations->len; i++)
    {
      PulseMigration *m = g_ptr_array_index (migrations, i);
      g_autofree char *path = g_build_filename (dir, pulse_migration_get_file_name (m), NULL);
      g_autofree char *text = NULL;

      if (crlf)
        {
          g_auto(GStrv) lines = g_strsplit (pulse_migration_get_sql (m), "\n", -1);
          text = g_strjoinv ("\r\n", lines);
        }
      else
        text = g_strdup (pulse_migration_get_sql (m));
      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }
  return g_file_new_for_path (dir);
}

static void
remove_tree (GFile *dir)
{
  g_autofree char *path = g_file_get_path (dir);

  pulse_test_remove_tree (path);
}

static void
test_tampered (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_tampered");
  g_autoptr(GPtrArray) originals = bundled ();
  g_autoptr(GFile) dir = write_migrations (originals, FALSE);
  g_autoptr(GFile) crlf_dir = write_migrations (originals, TRUE);
  g_autoptr(GFile) changed = NULL;
  g_autoptr(GFile) extra = NULL;
  g_autoptr(GPtrArray) from_dir = NULL;
  g_autoptr(GPtrArray) from_crlf = NULL;
  g_autoptr(GPtrArray) tampered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  guint n_applied = 0;

  from_dir = pulse_migration_load_directory (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_dir->len, ==, N_BUNDLED);
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, from_dir);
    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, N_BUNDLED);
  }
  before = history (conninfo);

  /* The same files with Windows line endings are the same migrations. */
  from_crlf = pulse_migration_load_directory (crlf_dir, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, from_crlf);
    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, 0);
  }

  /* Edit an applied file and add a new one: the runner refuses, runs nothing. */
  changed = g_file_get_child (dir, "0002_collection_shares.sql");
  extra = g_file_get_child (dir, "0007_extra.sql");
  {
    g_autofree char *text = g_strconcat (pulse_migration_get_sql (g_ptr_array_index (originals, 1)),
                                         "CREATE INDEX ON public.collection_shares (permission_level);\n", NULL);
    g_file_replace_contents (changed, text, strlen (text), NULL, FALSE, 0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_file_replace_contents (extra, "CREATE TABLE public.extra (id int);\n", 35, NULL, FALSE, 0, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  tampered = pulse_migration_load_directory (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tampered->len, ==, N_BUNDLED + 1);
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, tampered);
    g_autofree char *dry = NULL;

    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_MIGRATION_CHANGED);
    g_assert_nonnull (strstr (error->message, "0002_collection_shares.sql"));
    g_assert_cmpuint (n_applied, ==, 0);
    g_clear_error (&error);

    /* The wizard's check and the dry run refuse it too. */
    dry = pulse_migration_runner_dry_run (runner, NULL, &error);
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_MIGRATION_CHANGED);
    g_assert_null (dry);
    g_clear_error (&error);
  }
  assert_relation (conninfo, "public.extra", FALSE);
  {
    g_autofree char *after = history (conninfo);
    g_assert_cmpstr (after, ==, before);
  }
  assert_value (conninfo, "SELECT count(*) FROM pg_indexes WHERE tablename = 'collection_shares'", "4");

  remove_tree (dir);
  remove_tree (crlf_dir);
}

static void
assert_lock_free (const char *conninfo)
{
  /* Another session can take the lock, so nobody holds it. */
  assert_value (conninfo, "SELECT pg_try_advisory_lock(" PULSE_MIGRATION_LOCK_KEY ") "
                "AND pg_advisory_unlock(" PULSE_MIGRATION_LOCK_KEY ")", "t");
}

static void
test_broken (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_broken");
  g_autoptr(GPtrArray) originals = bundled ();
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PulseMigrationRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *broken_sql = NULL;
  guint n_applied = 0;

  /* 0002 creates its table and an index, then hits a broken statement. */
  broken_sql = g_strconcat (pulse_migration_get_sql (g_ptr_array_index (originals, 1)),
                            "CREATE TABLE public.halfway (id int);\n"
                            "INSERT INTO public.halfway VALUES (1 / 0);\n", NULL);
  g_ptr_array_add (migrations, g_object_ref (g_ptr_array_index (originals, 0)));
  g_ptr_array_add (migrations, pulse_migration_new (2, "collection_shares", broken_sql, NULL));
  g_ptr_array_add (migrations, g_object_ref (g_ptr_array_index (originals, 2)));

  runner = pulse_migration_runner_new (conninfo, migrations);
  pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "0002_collection_shares.sql"));
  g_assert_nonnull (strstr (error->message, "division by zero"));
  g_assert_cmpuint (n_applied, ==, 1);
  g_clear_error (&error);

  /* 0001 stays; nothing of 0002 remains, 0003 never ran. */
  assert_relation (conninfo, "public.sessions", TRUE);
  assert_relation (conninfo, "public.collection_shares", FALSE);
  assert_relation (conninfo, "public.halfway", FALSE);
  assert_relation (conninfo, "public.collection_items", FALSE);
  {
    g_autofree char *h = history (conninfo);
    g_assert_cmpstr (h, ==, "1:sessions:sha256-lf");
  }
  /* ... and the lock is released while the runner's session is still open. */
  assert_lock_free (conninfo);

  /* Fixed file: the rest applies. */
  {
    g_autoptr(PulseMigrationRunner) fixed = pulse_migration_runner_new (conninfo, NULL);
    pulse_migration_runner_apply (fixed, &n_applied, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, N_BUNDLED - 1);
  }
}

/* What the wizard shows of a migration comes from its file. */
static void
test_headers (void)
{
  g_autoptr(GPtrArray) migrations = bundled ();
  const char *summaries[] = { "One row per visit of a person", "A finder shares one of their collections with another person",
                              "Profiles collected into collections", "The only way the platform's backend needs to write the tracking tables",
                              "BRIN indexes on the event timestamps", "Notes a team pins to dates" };
  const char *tables[] = { "sessions", "collection_shares", "collection_items", NULL, NULL, "annotations" };
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (migrations->len, ==, G_N_ELEMENTS (summaries));
  for (guint i = 0; i < migrations->len; i++)
    {
      PulseMigration *m = g_ptr_array_index (migrations, i);
      const char * const *created = pulse_migration_get_created_tables (m);

      g_assert_cmpstr (pulse_migration_get_summary (m), ==, summaries[i]);
      g_assert_cmpstr (created[0], ==, tables[i]);
      if (created[0] != NULL)
        g_assert_null (created[1]);
      /* Only the index builds run outside a transaction. */
      g_assert_cmpint (pulse_migration_get_transactional (m), ==, i != 4);
      /* Only the annotations are the dashboard's to write. */
      g_assert_cmpint (pulse_migration_get_dashboard_writes (m), ==, i == 5);
    }

  /* A no-transaction migration may hold nothing that could be half-applied. */
  {
    g_autoptr(PulseMigration) mixed = pulse_migration_new (8, "mixed", "-- 0008_mixed: indexes\n"
                                                           "-- pulse: no-transaction\n"
                                                           "CREATE INDEX CONCURRENTLY IF NOT EXISTS a_brin "
                                                           "ON public.a USING brin (t);\n"
                                                           "DROP TABLE public.b;\n", &error);

    g_assert_null (mixed);
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "0008_mixed.sql runs without a transaction"));
    g_assert_nonnull (strstr (error->message, "DROP TABLE public.b;"));
    g_clear_error (&error);
  }

  {
    g_autoptr(PulseMigration) plain = pulse_migration_new (7, "plain", "create table if not exists Extra.Things (id int);\n"
                                                           "-- CREATE TABLE commented_out (id int);\n"
                                                           "  CREATE TABLE other (id int);\n", NULL);
    const char * const *created = pulse_migration_get_created_tables (plain);

    g_assert_cmpstr (pulse_migration_get_summary (plain), ==, "");
    g_assert_cmpuint (g_strv_length ((GStrv)created), ==, 2);
    g_assert_cmpstr (created[0], ==, "things");
    g_assert_cmpstr (created[1], ==, "other");
  }
}

static char *
list_functions (PGconn     *conn,
                const char *schema)
{
  const char *params[] = { schema };
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  /* What the backend's role may call, as the server spells it. */
  result = pulse_db_exec (conn,
                          "SELECT coalesce(string_agg(p.proname || '(' || pg_get_function_arguments(p.oid) || ') RETURNS ' "
                          "       || pg_get_function_result(p.oid), E'\\n' ORDER BY p.proname), '') "
                          "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                          " WHERE n.nspname = $1 AND has_function_privilege('backend_rw', p.oid, 'EXECUTE')",
                          1, params, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (PQgetvalue (result, 0, 0));
}

/* The signatures handed to the backend's engineers are the functions
 * 0004 creates: each shipped one is declared in a scratch schema and the
 * server compares them, defaults and all. */
static void
test_backend_signatures (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_signatures");
  g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *shipped = pulse_migration_load_backend_signatures (&error);
  g_autoptr(GString) code = g_string_new (NULL);
  g_autoptr(GString) declarations = g_string_new ("CREATE SCHEMA shipped;\n");
  g_autoptr(PGconn) conn = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) blocks = NULL;
  g_autofree char *created = NULL;
  g_autofree char *declared = NULL;

  g_assert_no_error (error);
  ensure_role (conninfo, "backend_rw");
  pulse_migration_runner_set_grant_role (runner, "backend_rw");
  pulse_migration_runner_apply (runner, NULL, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (shipped, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "--"))
      g_string_append_printf (code, "%s\n", lines[i]);
  blocks = g_strsplit (code->str, "\n\n", -1);
  for (guint i = 0; blocks[i] != NULL; i++)
    {
      const char *block = g_strstrip (blocks[i]);

      if (*block == '\0')
        continue;
      g_assert_true (g_str_has_prefix (block, "pulse."));
      /* The test's own data file, not input: DDL takes no parameters. */
      g_string_append_printf (declarations, "CREATE FUNCTION shipped.%s LANGUAGE plpgsql "
                              "AS $$BEGIN RETURN NULL; END$$;\n", block + strlen ("pulse."));
    }
  pulse_test_pg_exec (conninfo, declarations->str);

  conn = pulse_test_pg_connect_admin (conninfo);
  created = list_functions (conn, "pulse");
  declared = list_functions (conn, "shipped");
  g_test_message ("created by 0004:\n%s", created);
  g_assert_cmpuint (g_strv_length (blocks), >=, 4);
  g_assert_nonnull (strstr (created, "record_session_heartbeat(p_session_id uuid"));
  g_assert_cmpstr (declared, ==, created);
}

#define N_RUNNERS 8

typedef struct
{
  const char *conninfo;
  GMutex      mutex;
  GCond       cond;
  guint       n_ready;
} Race;

typedef struct
{
  Race   *race;
  guint   n_applied;
  GError *error;
} Racer;

static gpointer
race_thread (gpointer data)
{
  Racer *racer = data;
  Race *race = racer->race;
  g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (race->conninfo, NULL);

  /* Everyone connects first, then all go at once. */
  if (!pulse_migration_runner_connect (runner, NULL, &racer->error))
    return NULL;
  g_mutex_lock (&race->mutex);
  race->n_ready++;
  g_cond_broadcast (&race->cond);
  while (race->n_ready < N_RUNNERS)
    g_cond_wait (&race->cond, &race->mutex);
  g_mutex_unlock (&race->mutex);

  pulse_migration_runner_apply (runner, &racer->n_applied, NULL, &racer->error);
  return NULL;
}

static void
test_concurrent (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_race");
  Race race = { conninfo };
  Racer racers[N_RUNNERS] = { { 0 } };
  GThread *threads[N_RUNNERS];
  guint n_winners = 0;
  guint n_locked = 0;

  g_mutex_init (&race.mutex);
  g_cond_init (&race.cond);
  for (guint i = 0; i < N_RUNNERS; i++)
    {
      racers[i].race = &race;
      threads[i] = g_thread_new ("runner", race_thread, &racers[i]);
    }
  for (guint i = 0; i < N_RUNNERS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_RUNNERS; i++)
    {
      if (racers[i].error == NULL)
        {
          g_assert_cmpuint (racers[i].n_applied, ==, N_BUNDLED);
          n_winners++;
        }
      else
        {
          g_assert_error (racers[i].error, PULSE_ERROR, PULSE_ERROR_MIGRATION_LOCKED);
          g_assert_nonnull (strstr (racers[i].error->message, "already running"));
          g_assert_cmpuint (racers[i].n_applied, ==, 0);
          n_locked++;
          g_clear_error (&racers[i].error);
        }
    }
  g_assert_cmpuint (n_winners, ==, 1);
  g_assert_cmpuint (n_locked, ==, N_RUNNERS - 1);
  assert_value (conninfo, "SELECT count(*) || '/' || count(DISTINCT version) FROM pulse.schema_migrations", "6/6");
  assert_lock_free (conninfo);

  g_mutex_clear (&race.mutex);
  g_cond_clear (&race.cond);
}

static void
test_lock_timeout (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_locked");
  g_autoptr(PGconn) holder = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  guint n_applied = 0;
  gint64 start;
  double seconds;

  /* A long transaction of the platform holds persons. */
  pulse_db_exec_script (holder, "BEGIN; LOCK TABLE public.persons IN ACCESS EXCLUSIVE MODE;", &error);
  g_assert_no_error (error);

  pulse_migration_runner_set_lock_timeout (runner, 1000);
  start = g_get_monotonic_time ();
  pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("gave up after %.2f s", seconds);

  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "0001_sessions.sql"));
  g_assert_nonnull (strstr (error->message, "another session"));
  g_assert_cmpfloat (seconds, >=, 0.9);
  g_assert_cmpfloat (seconds, <, 10);
  g_assert_cmpuint (n_applied, ==, 0);
  g_clear_error (&error);
  assert_relation (conninfo, "public.sessions", FALSE);
  assert_lock_free (conninfo);

  /* The transaction ends; a retry succeeds. */
  pulse_db_exec_script (holder, "ROLLBACK", &error);
  g_assert_no_error (error);
  pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, N_BUNDLED);
}

/* A job run on a thread of its own, so a runner that would wait forever
 * fails the test instead of stalling it. */
typedef struct
{
  void     (*func) (gpointer data);
  gpointer   data;
  GMutex     mutex;
  GCond      cond;
  gboolean   done;
} Bounded;

static gpointer
bounded_thread (gpointer user_data)
{
  Bounded *bounded = user_data;

  bounded->func (bounded->data);
  g_mutex_lock (&bounded->mutex);
  bounded->done = TRUE;
  g_cond_signal (&bounded->cond);
  g_mutex_unlock (&bounded->mutex);
  return NULL;
}

/* Runs @func while @holder's transaction holds a lock; after 30 s it ends
 * that transaction to let @func return. Returns the seconds @func took. */
static double
run_while_locked (void   (*func) (gpointer data),
                  gpointer data,
                  PGconn  *holder)
{
  Bounded bounded = { func, data };
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 30 * G_TIME_SPAN_SECOND;
  GThread *thread;
  gboolean done;
  double seconds;

  g_mutex_init (&bounded.mutex);
  g_cond_init (&bounded.cond);
  thread = g_thread_new ("bounded", bounded_thread, &bounded);
  g_mutex_lock (&bounded.mutex);
  while (!bounded.done && g_cond_wait_until (&bounded.cond, &bounded.mutex, deadline))
    ;
  done = bounded.done;
  g_mutex_unlock (&bounded.mutex);
  if (!done)
    {
      g_autoptr(GError) error = NULL;

      pulse_db_exec_script (holder, "ROLLBACK", &error);
      g_assert_no_error (error);
    }
  g_thread_join (thread);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_mutex_clear (&bounded.mutex);
  g_cond_clear (&bounded.cond);
  g_test_message ("returned after %.2f s", seconds);
  return seconds;
}

typedef struct
{
  PulseMigrationRunner *runner;
  const char * const   *args;
  PulseTestRun          run;
  guint                 n_applied;
  char                 *sql;
  GError               *error;
} Job;

static void
apply_job (gpointer data)
{
  Job *job = data;

  pulse_migration_runner_apply (job->runner, &job->n_applied, NULL, &job->error);
}

static void
dry_run_job (gpointer data)
{
  Job *job = data;

  job->sql = pulse_migration_runner_dry_run (job->runner, NULL, &job->error);
}

static void
cli_job (gpointer data)
{
  Job *job = data;

  pulse_test_run_pulse (&job->run, job->args, NULL);
}

static void
assert_no_advisory_lock (const char *conninfo)
{
  /* Nobody, the runner's open session included, holds the migration lock. */
  assert_value (conninfo, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 "
                "AND ((classid::bigint << 32) | objid::bigint) = " PULSE_MIGRATION_LOCK_KEY, "0");
}

/* Issue 13, defect 5: another session locks the history table. Reading it
 * gives up on lock_timeout, with the lock released and nothing changed. */
static void
test_history_locked (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_history_locked");
  g_autoptr(GPtrArray) originals = bundled ();
  g_autoptr(GPtrArray) first = g_ptr_array_new ();
  g_autoptr(PGconn) holder = pulse_test_pg_connect_admin (conninfo);
  const char *migrate[] = { "--connection", conninfo, "--migrate", NULL };
  const char *dry[] = { "--connection", conninfo, "--migrate", "--dry-run", NULL };
  g_autoptr(GError) error = NULL;
  double seconds;

  g_ptr_array_add (first, g_ptr_array_index (originals, 0));
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, first);
    pulse_migration_runner_apply (runner, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  pulse_db_exec_script (holder, "BEGIN; LOCK TABLE pulse.schema_migrations IN ACCESS EXCLUSIVE MODE;", &error);
  g_assert_no_error (error);

  for (guint dry_run = 0; dry_run < 2; dry_run++)
    {
      g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
      Job job = { runner };

      pulse_migration_runner_set_lock_timeout (runner, 1000);
      seconds = run_while_locked (dry_run ? dry_run_job : apply_job, &job, holder);
      g_assert_cmpfloat (seconds, >=, 0.9);
      g_assert_cmpfloat (seconds, <, 5);
      g_assert_error (job.error, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT);
      g_assert_nonnull (strstr (job.error->message, "pulse.schema_migrations"));
      g_assert_null (job.sql);
      g_assert_cmpuint (job.n_applied, ==, 0);
      g_clear_error (&job.error);
      /* Checked while the runner's session is still open. */
      assert_no_advisory_lock (conninfo);
    }

  /* The reproducer: the command line, with the default lock timeout. */
  for (guint dry_run = 0; dry_run < 2; dry_run++)
    {
      Job job = { NULL, dry_run ? dry : migrate };

      seconds = run_while_locked (cli_job, &job, holder);
      g_assert_cmpfloat (seconds, >=, PULSE_MIGRATION_DEFAULT_LOCK_TIMEOUT_MS / 1000.0 - 0.1);
      g_assert_cmpfloat (seconds, <, PULSE_MIGRATION_DEFAULT_LOCK_TIMEOUT_MS / 1000.0 + 10);
      g_assert_cmpint (job.run.status, ==, 1);
      g_assert_nonnull (strstr (job.run.err, "pulse: Another session holds a lock on Pulse's migration history"));
      pulse_test_run_clear (&job.run);
    }

  /* Nothing was left behind; once the lock is gone, the rest applies. */
  pulse_db_exec_script (holder, "ROLLBACK", &error);
  g_assert_no_error (error);
  assert_relation (conninfo, "public.collection_shares", FALSE);
  {
    g_autofree char *h = history (conninfo);
    g_assert_cmpstr (h, ==, "1:sessions:sha256-lf");
  }
  assert_no_advisory_lock (conninfo);
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
    guint n_applied = 0;

    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, N_BUNDLED - 1);
  }
}

/* A statement that runs too long is stopped by statement_timeout and
 * rolled back, like any failure. */
static void
test_statement_timeout (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_slow");
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PulseMigrationRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  guint n_applied = 0;
  gint64 start;
  double seconds;

  g_ptr_array_add (migrations, pulse_migration_new (1, "slow", "CREATE TABLE public.slow (id int);\n"
                                                    "SELECT pg_sleep(30);\n", NULL));
  runner = pulse_migration_runner_new (conninfo, migrations);
  pulse_migration_runner_set_statement_timeout (runner, 500);
  start = g_get_monotonic_time ();
  pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "0001_slow.sql"));
  g_assert_cmpfloat (seconds, <, 10);
  g_assert_cmpuint (n_applied, ==, 0);
  assert_relation (conninfo, "public.slow", FALSE);
  {
    g_autofree char *h = history (conninfo);
    g_assert_cmpstr (h, ==, "");
  }
  assert_no_advisory_lock (conninfo);
}

static void
test_permissions (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_roles");
  g_autofree char *dashboard = NULL;
  g_autoptr(GError) error = NULL;
  guint n_applied = 0;

  ensure_role (conninfo, "dashboard_ro");
  ensure_role (conninfo, "backend_rw");
  ensure_role (conninfo, "stranger");

  /* The read-only dashboard role is told plainly that it cannot. */
  dashboard = with_user (conninfo, "dashboard_ro");
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (dashboard, NULL);
    g_autoptr(GPtrArray) pending = pulse_migration_runner_list_pending (runner, NULL, &error);

    g_assert_null (pending);
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_PERMISSION);
    g_assert_nonnull (strstr (error->message, "“dashboard_ro” cannot create tables"));
    g_clear_error (&error);
    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_PERMISSION);
    g_clear_error (&error);
  }
  assert_relation (conninfo, "public.sessions", FALSE);

  /* Other credentials for this job: given as keywords, they win over the
   * connection's own user. */
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (dashboard, NULL);
    g_autoptr(GPtrArray) pending = NULL;

    pulse_migration_runner_set_credentials (runner, "pulse", NULL);
    pulse_migration_runner_set_grant_role (runner, "backend_rw");
    pending = pulse_migration_runner_list_pending (runner, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pending->len, ==, N_BUNDLED);
    g_assert_cmpstr (pulse_migration_runner_get_role (runner), ==, "pulse");
    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, N_BUNDLED);
  }

  /* EXECUTE for the granted role only, never PUBLIC. */
  assert_value (conninfo,
                "SELECT has_function_privilege('backend_rw', "
                "'pulse.record_session_heartbeat(uuid, bigint, timestamptz, integer, varchar)', 'EXECUTE')", "t");
  assert_value (conninfo,
                "SELECT has_function_privilege('stranger', "
                "'pulse.record_session_heartbeat(uuid, bigint, timestamptz, integer, varchar)', 'EXECUTE')", "f");
  assert_value (conninfo,
                "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = 'pulse' AND (p.proacl IS NULL OR p.proacl::text LIKE '%\"=X%' "
                "OR p.proacl::text LIKE '%{=X%')", "0");

  /* Up to date: even the read-only role may ask, and hears "nothing to do". */
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (dashboard, NULL);
    g_autoptr(GPtrArray) pending = NULL;

    pulse_test_pg_exec (conninfo, "GRANT USAGE ON SCHEMA pulse TO dashboard_ro; "
                        "GRANT SELECT ON pulse.schema_migrations TO dashboard_ro");
    pending = pulse_migration_runner_list_pending (runner, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pending->len, ==, 0);
  }
}

static void
seed_platform (const char *conninfo)
{
  pulse_test_pg_exec (conninfo,
    "INSERT INTO persons (id, email, role, created_at) VALUES "
    " (1, 'a@x', 'FINDER', '2026-01-01Z'), (2, 'b@x', 'FINDER', '2026-01-01Z'),"
    " (3, 'c@x', 'BUILDER', '2026-01-01Z'), (4, 'd@x', 'BUILDER', '2026-01-01Z');"
    "INSERT INTO profiles (id, person_id, created_at, updated_at) VALUES "
    " (1, 3, '2026-01-02Z', '2026-01-02Z'), (2, 4, '2026-01-02Z', '2026-01-02Z');"
    "INSERT INTO collections (id, owner_person_id, name, privacy, created_at, updated_at) VALUES "
    " (1, 1, 'one', 'PRIVATE', '2026-02-01Z', '2026-02-01Z'),"
    " (2, 2, 'two', 'PUBLIC', '2026-02-01Z', '2026-02-01Z');");
}

static void
test_functions (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_functions");
  g_autofree char *backend = NULL;
  g_autoptr(PulseQueryRange) range = range_new ("2026-03-05", "2026-03-06", "UTC");
  g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PulseMetricResult) sessions = NULL;
  g_autoptr(PulseMetricResult) shares = NULL;
  g_autoptr(PulseMetricResult) items = NULL;
  PulseSessionOptions options;
  double live = 0;
  const char *calls[] = {
    /* session a: 10:00, 10:05, 10:10; a retry and a late heartbeat change nothing */
    "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-00000000000a', 1, '2026-03-05 10:00Z', 1, 'desktop')", "t",
    "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-00000000000a', 1, '2026-03-05 10:05Z')", "t",
    "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-00000000000a', 1, '2026-03-05 10:10Z', 2)", "t",
    "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-00000000000a', 1, '2026-03-05 10:10Z', 2)", "f",
    "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-00000000000a', 1, '2026-03-05 10:02Z')", "f",
    /* session b: 100 s; session c: one heartbeat, 0 s, the next day */
    "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-00000000000b', 2, '2026-03-05 12:00Z')", "t",
    "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-00000000000b', 2, '2026-03-05 12:01:40Z')", "t",
    "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-00000000000c', 1, '2026-03-06 09:00Z')", "t",
    /* shares: collection 1 with persons 2 (twice: one share) and 3 on 03-05, collection 2 on 03-06 */
    "SELECT pulse.record_collection_share(1, 1, 2, 'view', '2026-03-05 08:00Z')", "1",
    "SELECT pulse.record_collection_share(1, 1, 2, 'edit', '2026-03-05 09:00Z')", "1",
    "SELECT pulse.record_collection_share(1, 1, 3, 'view', '2026-03-05 10:00Z')", "2",
    "SELECT pulse.record_collection_share(2, 2, 3, 'view', '2026-03-06 10:00Z')", "3",
    /* items: profiles 1 and 2 into collection 1 on 03-05 (1 twice: one item),
     * profile 1 removed (twice) and added back on 03-06 */
    "SELECT pulse.record_collection_item(1, 1, 1, 'strong', '2026-03-05 11:00Z')", "1",
    "SELECT pulse.record_collection_item(1, 1, 1, NULL, '2026-03-05 11:30Z')", "1",
    "SELECT pulse.record_collection_item(1, 2, 1, NULL, '2026-03-05 12:00Z')", "2",
    "SELECT pulse.remove_collection_item(1, 1, '2026-03-06 08:00Z')", "t",
    "SELECT pulse.remove_collection_item(1, 1, '2026-03-06 08:30Z')", "f",
    "SELECT pulse.record_collection_item(1, 1, 1, NULL, '2026-03-06 09:00Z')", "3",
  };

  seed_platform (conninfo);
  ensure_role (conninfo, "backend_rw");
  pulse_migration_runner_set_grant_role (runner, "backend_rw");
  pulse_migration_runner_apply (runner, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Called as the backend's role, with what pulse.grant_tracking gave it. */
  backend = with_user (conninfo, "backend_rw");
  pulse_session_options_init_admin (&options);
  conn = pulse_db_connect (backend, &options, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i += 2)
    {
      g_autoptr(PGresult) result = pulse_db_exec (conn, calls[i], 0, NULL, NULL, &error);
      g_assert_no_error (error);
      if (!g_str_equal (PQgetvalue (result, 0, 0), calls[i + 1]))
        g_error ("%s returned %s, not %s", calls[i], PQgetvalue (result, 0, 0), calls[i + 1]);
    }

  assert_value (conninfo, "SELECT duration_seconds || '/' || page_views || '/' || ended_at::text FROM sessions "
                "WHERE session_id = '00000000-0000-0000-0000-00000000000a'", "600/4/2026-03-05 10:10:00+00");
  assert_value (conninfo, "SELECT permission_level FROM collection_shares WHERE id = 1", "edit");

  sessions = run_metric (conninfo, "session_duration", range);
  g_assert_cmpint (pulse_metric_result_get_source (sessions), ==, PULSE_SOURCE_TABLE);
  g_assert_cmpfloat (pulse_metric_result_find_series (sessions, "sessions")[0], ==, 2);
  g_assert_cmpfloat (pulse_metric_result_find_series (sessions, "sessions")[1], ==, 1);
  g_assert_cmpfloat (pulse_metric_result_find_series (sessions, "avg_seconds")[0], ==, 350);
  g_assert_cmpfloat (pulse_metric_result_find_series (sessions, "median_seconds")[0], ==, 350);
  g_assert_cmpfloat (pulse_metric_result_find_series (sessions, "avg_seconds")[1], ==, 0);

  shares = run_metric (conninfo, "shared_collections", range);
  g_assert_cmpint (pulse_metric_result_get_source (shares), ==, PULSE_SOURCE_TABLE);
  g_assert_cmpfloat (pulse_metric_result_find_series (shares, "shares")[0], ==, 2);
  g_assert_cmpfloat (pulse_metric_result_find_series (shares, "shares")[1], ==, 1);
  g_assert_cmpfloat (pulse_metric_result_find_series (shares, "collections_shared")[0], ==, 1);
  g_assert_cmpfloat (pulse_metric_result_find_series (shares, "collections_shared")[1], ==, 1);

  items = run_metric (conninfo, "collection_items", range);
  g_assert_cmpint (pulse_metric_result_get_source (items), ==, PULSE_SOURCE_TABLE);
  g_assert_cmpfloat (pulse_metric_result_find_series (items, "items_added")[0], ==, 2);
  g_assert_cmpfloat (pulse_metric_result_find_series (items, "items_added")[1], ==, 1);
  g_assert_cmpfloat (pulse_metric_result_find_series (items, "profiles_collected")[0], ==, 2);
  g_assert_cmpfloat (pulse_metric_result_find_series (items, "profiles_collected")[1], ==, 1);
  /* Live at the end of 03-06: profile 2 and profile 1 (again) in collection 1; two collections. */
  g_assert_true (pulse_metric_result_lookup_summary (items, "live_items_per_live_collection", &live));
  g_assert_cmpfloat (live, ==, 1.0);
}

static void
assert_same_sessions (PulseMetricResult *estimate,
                      PulseMetricResult *table)
{
  const char *series[] = { "sessions", "avg_seconds", "median_seconds" };
  guint n = pulse_metric_result_get_n_buckets (estimate);
  double total = 0;

  g_assert_cmpuint (pulse_metric_result_get_n_buckets (table), ==, n);
  for (guint s = 0; s < G_N_ELEMENTS (series); s++)
    {
      const double *a = pulse_metric_result_find_series (estimate, series[s]);
      const double *b = pulse_metric_result_find_series (table, series[s]);

      g_assert_nonnull (a);
      g_assert_nonnull (b);
      for (guint i = 0; i < n; i++)
        {
          if (isnan (a[i]) || isnan (b[i]))
            g_assert_true (isnan (a[i]) && isnan (b[i]));
          else if (fabs (a[i] - b[i]) > 1e-6 * MAX (1.0, fabs (a[i])))
            g_error ("%s on %s: estimate %g, backfilled table %g", series[s],
                     pulse_metric_result_get_buckets (estimate)[i], a[i], b[i]);
          if (s == 0)
            total += a[i];
        }
    }
  g_assert_cmpfloat (total, >, 100);
}

static void
test_backfill (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_backfill");
  g_autoptr(PulseQueryRange) utc = range_new ("2026-01-20", "2026-03-15", "UTC");
  g_autoptr(PulseQueryRange) ny = range_new ("2026-02-01", "2026-03-10", "America/New_York");
  g_autoptr(PulseMetricResult) estimate_utc = NULL;
  g_autoptr(PulseMetricResult) estimate_ny = NULL;
  g_autoptr(PulseMetricResult) table_utc = NULL;
  g_autoptr(PulseMetricResult) table_ny = NULL;
  g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
  g_autoptr(GError) error = NULL;
  guint64 n_first = 0;
  guint64 n_again = 0;

  /* Generated before the tables exist: activity only, no sessions. */
  pulse_demo_generate_data (conninfo, 300, "2026-03-15", &error);
  g_assert_no_error (error);
  estimate_utc = run_metric (conninfo, "session_duration", utc);
  estimate_ny = run_metric (conninfo, "session_duration", ny);
  g_assert_cmpint (pulse_metric_result_get_source (estimate_utc), ==, PULSE_SOURCE_ESTIMATED);

  /* Without the sessions table there is nothing to fill. */
  pulse_migration_runner_backfill (runner, &n_first, NULL, &error);
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_FAILED);
  g_clear_error (&error);

  pulse_migration_runner_apply (runner, NULL, NULL, &error);
  g_assert_no_error (error);
  pulse_migration_runner_backfill (runner, &n_first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_first, >, 0);
  /* Again: replaced, not doubled. */
  pulse_migration_runner_backfill (runner, &n_again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_again, ==, n_first);
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, n_first, n_first);
    assert_value (conninfo, "SELECT count(*) || '/' || count(*) FILTER (WHERE device_type = 'backfill') "
                  "FROM sessions", expected);
  }
  assert_lock_free (conninfo);

  table_utc = run_metric (conninfo, "session_duration", utc);
  table_ny = run_metric (conninfo, "session_duration", ny);
  g_assert_cmpint (pulse_metric_result_get_source (table_utc), ==, PULSE_SOURCE_TABLE);
  assert_same_sessions (estimate_utc, table_utc);
  assert_same_sessions (estimate_ny, table_ny);

  /* Once the backend records sessions, the backfill stops before the first. */
  pulse_test_pg_exec (conninfo,
                      "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-0000000000ff', 1, "
                      "'2026-03-01 00:00Z')");
  pulse_migration_runner_backfill (runner, &n_again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_again, <, n_first);
  assert_value (conninfo, "SELECT count(*) FROM sessions WHERE device_type = 'backfill' "
                "AND started_at >= '2026-03-01 00:00Z'", "0");
}

static double
series_value (PulseMetricResult *result,
              const char        *series_id,
              guint              bucket)
{
  const double *values = pulse_metric_result_find_series (result, series_id);

  g_assert_nonnull (values);
  g_assert_cmpuint (bucket, <, pulse_metric_result_get_n_buckets (result));
  return values[bucket];
}

/* Setup keeps the history: migrated with a read grant, the dashboard's
 * read-only role reads every metric, and Session duration keeps the
 * estimate for the days before the first recorded session. */
static void
test_read_grant (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_read_grant");
  g_autofree char *dashboard = with_user (conninfo, "dash_ro");
  g_autoptr(PulseQueryRange) range = range_new ("2026-03-01", "2026-03-14", "UTC");
  g_autoptr(PulseMetricResult) estimate = NULL;
  g_autoptr(PulseMetricResult) history = NULL;
  g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  g_autoptr(GError) error = NULL;
  g_autofree char *dry = NULL;
  const char *grant = "GRANT SELECT ON\n    \"public\".\"sessions\",\n    \"public\".\"collection_shares\",\n"
                      "    \"public\".\"collection_items\"\n    TO \"dash_ro\";\n"
                      "GRANT USAGE ON SCHEMA \"pulse\" TO \"dash_ro\";\n"
                      "GRANT SELECT, INSERT, UPDATE, DELETE ON\n    \"pulse\".\"annotations\"\n    TO \"dash_ro\";\n";
  guint n_applied = 0;

  /* The dashboard's role may read the platform's tables, nothing else. */
  ensure_role (conninfo, "dash_ro");
  pulse_demo_generate_data (conninfo, 300, "2026-03-15", &error);
  g_assert_no_error (error);
  estimate = run_metric (dashboard, "session_duration", range);
  g_assert_cmpint (pulse_metric_result_get_source (estimate), ==, PULSE_SOURCE_ESTIMATED);

  /* A role that does not exist: said plainly, before anything runs. */
  pulse_migration_runner_set_read_role (runner, "nobody_here");
  pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no role “nobody_here”"));
  g_assert_cmpuint (n_applied, ==, 0);
  g_clear_error (&error);
  assert_relation (conninfo, "public.sessions", FALSE);
  assert_relation (conninfo, "pulse.schema_migrations", FALSE);

  /* The grant is a step of its own, after the migrations. */
  pulse_migration_runner_set_read_role (runner, "dash_ro");
  dry = pulse_migration_runner_dry_run (runner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (dry, grant));
  g_assert_true (strstr (dry, grant) > strstr (dry, "0006_annotations.sql"));
  g_assert_true (g_str_has_prefix (pulse_migration_runner_get_read_grant (runner), grant));
  assert_relation (conninfo, "public.sessions", FALSE);

  pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_applied, ==, N_BUNDLED);
  assert_value (conninfo, "SELECT has_table_privilege('dash_ro', 'public.sessions', 'SELECT') AND "
                "has_table_privilege('dash_ro', 'public.collection_shares', 'SELECT') AND "
                "has_table_privilege('dash_ro', 'public.collection_items', 'SELECT') AND NOT "
                "has_table_privilege('dash_ro', 'public.sessions', 'INSERT')", "t");
  /* The annotations are the dashboard's to write, on a session of its own. */
  {
    g_autofree char *as_dash = with_user (conninfo, "dash_ro");
    g_autoptr(PulseAnnotationStore) store = pulse_annotation_store_new (as_dash, NULL);
    g_autoptr(PulseAnnotation) launch = pulse_annotation_new (NULL, "2026-03-09", "2026-03-11", "Launch", "release");
    g_autoptr(PulseAnnotation) stored = pulse_annotation_store_add (store, launch, NULL, &error);
    g_autoptr(GPtrArray) list = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (pulse_annotation_store_get_backend (store), ==, PULSE_ANNOTATION_BACKEND_DATABASE);
    assert_value (conninfo, "SELECT first_day || '/' || last_day || ' ' || body || ' ' || tag || ' ' || created_by "
                  "FROM pulse.annotations", "2026-03-09/2026-03-11 Launch release dash_ro");
    list = pulse_annotation_store_load (store, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (pulse_annotation_get_id (g_ptr_array_index (list, 0)), ==, pulse_annotation_get_id (stored));
    g_assert_true (pulse_annotation_store_remove (store, pulse_annotation_get_id (stored), NULL, &error));
    g_assert_no_error (error);
    assert_value (conninfo, "SELECT count(*) FROM pulse.annotations", "0");
  }

  /* The backend records sessions from 03-08 10:00 on. */
  pulse_test_pg_exec (conninfo,
                      "SELECT pulse.record_session_heartbeat('00000000-0000-0000-0000-0000000000a1', 1, "
                      "'2026-03-08 10:00Z'), "
                      "pulse.record_session_heartbeat('00000000-0000-0000-0000-0000000000a1', 1, "
                      "'2026-03-08 10:05Z'), "
                      "pulse.record_session_heartbeat('00000000-0000-0000-0000-0000000000a2', 2, "
                      "'2026-03-10 12:00Z')");

  /* Every metric, as the read-only role: run_metric fails on any error. */
  for (guint i = 0; i < metrics->len; i++)
    {
      const char *id = pulse_metric_get_id (g_ptr_array_index (metrics, i));
      g_autoptr(PulseMetricResult) result = run_metric (dashboard, id, range);

      if (g_str_equal (id, "session_duration") || g_str_equal (id, "shared_collections") ||
          g_str_equal (id, "collection_items"))
        g_assert_cmpint (pulse_metric_result_get_source (result), ==, PULSE_SOURCE_TABLE);
    }

  /* Before the first recorded session: the estimate, marked as such. */
  history = run_metric (dashboard, "session_duration", range);
  g_assert_nonnull (strstr (pulse_metric_result_get_note (history), "estimated from activity events"));
  for (guint day = 0; day < 7; day++)
    {
      double sessions = series_value (history, "sessions", day);

      g_assert_cmpfloat (sessions, >, 0);
      g_assert_cmpfloat (sessions, ==, series_value (estimate, "sessions", day));
      g_assert_cmpfloat (series_value (history, "estimated_sessions", day), ==, sessions);
      g_assert_cmpfloat_with_epsilon (series_value (history, "avg_seconds", day),
                                      series_value (estimate, "avg_seconds", day), 1e-6);
    }
  /* 03-08: the estimate until 10:00, then the recorded session. */
  g_assert_cmpfloat (series_value (history, "sessions", 7), ==,
                     series_value (history, "estimated_sessions", 7) + 1);
  /* From 03-09: recorded sessions only. */
  for (guint day = 8; day < 14; day++)
    {
      g_assert_cmpfloat (series_value (history, "estimated_sessions", day), ==, 0);
      g_assert_cmpfloat (series_value (history, "sessions", day), ==, day == 9 ? 1 : 0);
    }

  /* Granted once: a later run has nothing to do. */
  {
    g_autoptr(PulseMigrationRunner) again = pulse_migration_runner_new (conninfo, NULL);
    g_autoptr(GPtrArray) pending = NULL;

    pulse_migration_runner_set_read_role (again, "dash_ro");
    pending = pulse_migration_runner_list_pending (again, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pending->len, ==, 0);
    g_assert_null (pulse_migration_runner_get_read_grant (again));
  }

  /* Set up without the grant (as an older Pulse did): the grant alone is
   * the plan. */
  pulse_test_pg_exec (conninfo, "REVOKE SELECT ON public.collection_items FROM dash_ro");
  /* Meanwhile the card reads what its role may: the proxy, not an error. */
  {
    g_autoptr(PulseMetricResult) proxy = run_metric (dashboard, "collection_items", range);
    g_assert_cmpint (pulse_metric_result_get_source (proxy), ==, PULSE_SOURCE_PROXY);
  }
  {
    g_autoptr(PulseMigrationRunner) again = pulse_migration_runner_new (conninfo, NULL);
    g_autoptr(GPtrArray) pending = NULL;

    pulse_migration_runner_set_read_role (again, "dash_ro");
    pending = pulse_migration_runner_list_pending (again, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pending->len, ==, 0);
    g_assert_true (g_str_has_prefix (pulse_migration_runner_get_read_grant (again), grant));
    pulse_migration_runner_apply (again, &n_applied, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_applied, ==, 0);
  }
  assert_value (conninfo, "SELECT has_table_privilege('dash_ro', 'public.collection_items', 'SELECT')", "t");
}

/* Text of a one-column result, rows joined by newlines. */
static char *
query_lines (PGconn     *conn,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = pulse_db_exec (conn, sql, 0, NULL, NULL, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (int i = 0; i < PQntuples (result); i++)
    g_string_append_printf (text, "%s\n", PQgetvalue (result, i, 0));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GPtrArray *
bundled_with (PulseMigration *last)
{
  GPtrArray *migrations = bundled ();

  g_ptr_array_set_size (migrations, 4);
  g_ptr_array_add (migrations, last);
  return migrations;
}

/* 0005 builds its BRIN indexes concurrently, outside a transaction: an
 * index a broken build left INVALID is rebuilt, a missing table skipped,
 * and the history row waits until every index is valid. */
static void
test_index_builds (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_brin");
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *dry = NULL;
  g_autofree char *plan = NULL;
  guint n_applied = 0;
  const char *count_brin = "SELECT count(*) FILTER (WHERE i.indisvalid) || '/' || count(*) "
                           "  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                           "  JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'brin'";

  seed_platform (conninfo);
  pulse_test_pg_exec (conninfo, "INSERT INTO activity_events (person_id, kind, occurred_at) "
                      "VALUES (1, 'login', '2026-01-01Z')");

  /* A migration whose second build fails: the first index stays, the
   * history does not record it. */
  {
    g_autoptr(PulseMigration) failing = pulse_migration_new (5, "failing",
                                                             "-- 0005_failing: two builds\n"
                                                             "-- pulse: no-transaction\n"
                                                             "CREATE INDEX CONCURRENTLY IF NOT EXISTS ok_brin\n"
                                                             "    ON public.persons USING brin (created_at);\n"
                                                             "CREATE INDEX CONCURRENTLY IF NOT EXISTS "
                                                             "activity_events_occurred_at_brin\n"
                                                             "    ON public.activity_events USING btree "
                                                             "((1 / (id - id)));\n",
                                                             &error);
    g_autoptr(GPtrArray) migrations = NULL;
    g_autoptr(PulseMigrationRunner) runner = NULL;

    g_assert_no_error (error);
    migrations = bundled_with (g_object_ref (failing));
    runner = pulse_migration_runner_new (conninfo, migrations);
    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_QUERY);
    g_assert_nonnull (strstr (error->message, "Migration 0005_failing.sql failed"));
    g_assert_nonnull (strstr (error->message, "division by zero"));
    g_assert_nonnull (strstr (error->message, "next run builds the rest"));
    g_clear_error (&error);
    g_assert_cmpuint (n_applied, ==, 4);
  }
  assert_value (conninfo, "SELECT max(version) FROM pulse.schema_migrations", "4");
  assert_value (conninfo, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.ok_brin'::regclass", "t");
  /* What an interrupted CREATE INDEX CONCURRENTLY leaves: an INVALID index
   * with 0005's name, which IF NOT EXISTS alone would keep. */
  assert_value (conninfo, "SELECT indisvalid FROM pg_index "
                "WHERE indexrelid = 'public.activity_events_occurred_at_brin'::regclass", "f");
  assert_lock_free (conninfo);

  /* A platform without finder_votes: its index is skipped. */
  pulse_test_pg_exec (conninfo, "DROP TABLE public.finder_votes");

  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);

    dry = pulse_migration_runner_dry_run (runner, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (dry, "-- 0005_event_time_brin.sql, without a transaction"));
    g_assert_nonnull (strstr (dry, "CREATE INDEX CONCURRENTLY IF NOT EXISTS activity_events_occurred_at_brin"));
    {
      const char *brin = strstr (dry, "0005_event_time_brin.sql");
      const char *next = strstr (brin, "0006_annotations.sql");
      g_autofree char *brin_part = g_strndup (brin, next ? (gsize)(next - brin) : strlen (brin));

      g_assert_null (strstr (brin_part, "BEGIN;"));
    }
    pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
    g_assert_no_error (error);
    /* 0005 and the annotations after it. */
    g_assert_cmpuint (n_applied, ==, 2);
  }
  assert_value (conninfo, "SELECT max(version) FROM pulse.schema_migrations", "6");
  assert_value (conninfo, "SELECT indisvalid AND pg_get_indexdef(indexrelid) LIKE '%USING brin (occurred_at)%' "
                "FROM pg_index WHERE indexrelid = 'public.activity_events_occurred_at_brin'::regclass", "t");
  /* Ten of the eleven (finder_votes is gone) and ok_brin, all valid. */
  assert_value (conninfo, count_brin, "11/11");
  assert_lock_free (conninfo);

  /* On time-ordered events, a 30-day range reads the BRIN index's block
   * ranges, not the year's table (here without the baseline's btree,
   * as on a platform that lacks it). */
  conn = pulse_test_pg_connect_admin (conninfo);
  pulse_db_exec_script (conn,
                        "INSERT INTO activity_events (person_id, kind, occurred_at) "
                        "SELECT 1 + i % 4, 'view', '2025-03-15Z'::timestamptz + i * interval '2 minutes' "
                        "  FROM generate_series(0, 262800) AS i",
                        &error);
  g_assert_no_error (error);
  /* Summarizes the new block ranges, as autovacuum would. */
  pulse_db_exec_command (conn, "VACUUM ANALYZE activity_events", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sizes = query_lines (conn, "SELECT pg_relation_size('activity_events') || ' bytes table, ' || "
                                          "pg_relation_size('activity_events_occurred_at_idx') || ' btree, ' || "
                                          "pg_relation_size('activity_events_occurred_at_brin') || ' BRIN'");
    g_test_message ("%s", sizes);
  }
  pulse_db_exec_script (conn, "BEGIN; DROP INDEX activity_events_occurred_at_idx, "
                        "activity_events_person_occurred_at_idx", &error);
  g_assert_no_error (error);
  plan = query_lines (conn, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) "
                      "SELECT count(*) FROM activity_events "
                      "WHERE occurred_at >= '2026-02-01Z' AND occurred_at < '2026-03-03Z'");
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "Bitmap Heap Scan on activity_events"));
  g_assert_nonnull (strstr (plan, "Bitmap Index Scan on activity_events_occurred_at_brin"));
  pulse_db_exec_script (conn, "ROLLBACK", &error);
  g_assert_no_error (error);
}

typedef struct
{
  PulseMigrationRunner *runner;
  guint                 n_applied;
  GError               *error;
  gint                  done;
} ApplyJob;

static gpointer
apply_thread (gpointer data)
{
  ApplyJob *job = data;

  pulse_migration_runner_apply (job->runner, &job->n_applied, NULL, &job->error);
  g_atomic_int_set (&job->done, TRUE);
  return NULL;
}

/* Whether a concurrent build has waited on a lock for more than 2 s. */
static gboolean
build_waits_long (const char *conninfo)
{
  g_autofree char *waiting = query_value (conninfo,
                                          "SELECT count(*) FROM pg_stat_activity "
                                          " WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' "
                                          "   AND wait_event_type = 'Lock' "
                                          "   AND now() - query_start > interval '2 seconds'");
  return !g_str_equal (waiting, "0");
}

/* A concurrent build waits for the platform's open transactions past the
 * runner's short lock_timeout (it blocks none of their reads or writes),
 * and finishes once they end. */
static void
test_index_build_waits (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_brin_wait");
  g_autoptr(GPtrArray) first = bundled ();
  g_autoptr(PGconn) holder = NULL;
  g_autoptr(GError) error = NULL;
  ApplyJob job = { 0 };
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  GThread *thread;

  g_ptr_array_set_size (first, 4);
  {
    g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, first);
    pulse_migration_runner_apply (runner, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  seed_platform (conninfo);

  /* The platform writes to activity_events in a transaction left open. */
  holder = pulse_test_pg_connect_admin (conninfo);
  pulse_db_exec_script (holder, "BEGIN; INSERT INTO activity_events (person_id, kind, occurred_at) "
                        "VALUES (1, 'login', now())", &error);
  g_assert_no_error (error);

  job.runner = pulse_migration_runner_new (conninfo, NULL);
  pulse_migration_runner_set_lock_timeout (job.runner, 1000);
  thread = g_thread_new ("apply", apply_thread, &job);
  while (!build_waits_long (conninfo))
    {
      if (g_atomic_int_get (&job.done))
        g_error ("the build did not wait: %s", job.error ? job.error->message : "no error");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  /* Meanwhile the platform still writes. */
  pulse_test_pg_exec (conninfo, "INSERT INTO activity_events (person_id, kind, occurred_at) "
                      "VALUES (2, 'login', now())");
  pulse_db_exec_script (holder, "COMMIT", &error);
  g_assert_no_error (error);
  g_thread_join (thread);

  g_assert_no_error (job.error);
  /* 0005 and the annotations after it. */
  g_assert_cmpuint (job.n_applied, ==, 2);
  assert_value (conninfo, "SELECT max(version) FROM pulse.schema_migrations", "6");
  assert_value (conninfo, "SELECT indisvalid FROM pg_index "
                "WHERE indexrelid = 'public.activity_events_occurred_at_brin'::regclass", "t");
  g_clear_object (&job.runner);
}

static void
test_cli (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("mig_cli");
  g_autofree char *clash = pulse_test_pg_create_db ("mig_cli_clash");
  const char *dry[] = { "--connection", conninfo, "--migrate", "--dry-run", "--grant-select", "cli_ro", NULL };
  const char *unknown[] = { "--connection", conninfo, "--migrate", "--grant-select", "nobody_here", NULL };
  const char *granting[] = { "--connection", conninfo, "--migrate", "--grant-select", "cli_ro", NULL };
  const char *grant_alone[] = { "--connection", conninfo, "--grant-select", "cli_ro", NULL };
  const char *migrate[] = { "--connection", conninfo, "--migrate", NULL };
  const char *lonely[] = { "--connection", conninfo, "--dry-run", NULL };
  const char *clashing[] = { "--connection", clash, "--migrate", NULL };
  g_auto(PulseTestRun) run = { 0 };

  ensure_role (conninfo, "cli_ro");
  pulse_test_run_pulse (&run, dry, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "-- 0001_sessions.sql"));
  g_assert_nonnull (strstr (run.out, "CREATE FUNCTION pulse.record_collection_item"));
  g_assert_nonnull (strstr (run.out, "-- Read access for the dashboard's role\nBEGIN;\nGRANT SELECT ON\n"));
  g_assert_nonnull (strstr (run.out, "    TO \"cli_ro\";\nCOMMIT;"));
  assert_relation (conninfo, "public.sessions", FALSE);

  pulse_test_run_pulse (&run, grant_alone, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "--grant-select goes with --migrate"));

  pulse_test_run_pulse (&run, unknown, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "no role “nobody_here”"));
  assert_relation (conninfo, "public.sessions", FALSE);

  pulse_test_run_pulse (&run, granting, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Applying 0004_tracking_functions.sql… done"));
  g_assert_nonnull (strstr (run.out, "Applying 0005_event_time_brin.sql… done"));
  g_assert_nonnull (strstr (run.out, "The role “cli_ro” may now read the new tables."));
  g_assert_nonnull (strstr (run.out, "Applying 0006_annotations.sql… done"));
  g_assert_nonnull (strstr (run.out, "Applied 6 migrations"));
  assert_relation (conninfo, "public.collection_items", TRUE);
  assert_value (conninfo, "SELECT has_table_privilege('cli_ro', 'public.collection_items', 'SELECT')", "t");

  pulse_test_run_pulse (&run, migrate, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Nothing to do"));

  pulse_test_run_pulse (&run, lonely, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "--dry-run goes with --migrate"));

  /* A database whose sessions table was made by hand: a failure, one line, status 1. */
  pulse_test_pg_exec (clash, "CREATE TABLE sessions (session_id uuid PRIMARY KEY)");
  pulse_test_run_pulse (&run, clashing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "pulse: Migration 0001_sessions.sql failed"));
  g_assert_nonnull (strstr (run.err, "already exists"));
  g_assert_true (g_str_has_suffix (run.err, "\n"));
  g_assert_null (strchr (run.err, '\n') + 1 == run.err + strlen (run.err) ? NULL : run.err);
}

/* The demo workspace migrates itself: new, and made before the tables existed. */
static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = pulse_test_make_tmp_dir ("pulse-demo-XXXXXX");
  g_autofree char *demo_dir = NULL;
  const char *count = "SELECT (SELECT count(*) FROM pulse.schema_migrations) || '/' || "
                      "((SELECT count(*) FROM sessions) > 0) || '/' || "
                      "((SELECT count(*) FROM collection_shares) > 0) || '/' || "
                      "((SELECT count(*) FROM collection_items) > 0)";

  demo_dir = g_build_filename (dir, "demo", NULL);
  g_setenv ("PULSE_DEMO_PERSONS", "300", TRUE);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(PulseDemo) demo = pulse_demo_new (demo_dir);

      pulse_demo_start (demo, NULL, &error);
      g_assert_no_error (error);
      assert_value (pulse_demo_get_conninfo (demo), count, "6/true/true/true");
      /* Round two opens a demo as an older Pulse left it. */
      if (round == 0)
        pulse_test_pg_exec (pulse_demo_get_conninfo (demo),
                            "DROP TABLE sessions, collection_shares, collection_items; "
                            "DROP SCHEMA pulse CASCADE");
      pulse_demo_stop (demo, &error);
      g_assert_no_error (error);
    }

  pulse_test_remove_tmp_dir (dir);
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

  g_test_add_func ("/migrations/checksum", test_checksum);
  g_test_add_func ("/migrations/headers", test_headers);
  g_test_add_func ("/migrations/dry-run", test_dry_run);
  g_test_add_func ("/migrations/apply-then-noop", test_apply_then_noop);
  g_test_add_func ("/migrations/tampered", test_tampered);
  g_test_add_func ("/migrations/broken", test_broken);
  g_test_add_func ("/migrations/concurrent", test_concurrent);
  g_test_add_func ("/migrations/lock-timeout", test_lock_timeout);
  g_test_add_func ("/migrations/history-locked", test_history_locked);
  g_test_add_func ("/migrations/statement-timeout", test_statement_timeout);
  g_test_add_func ("/migrations/permissions", test_permissions);
  g_test_add_func ("/migrations/functions", test_functions);
  g_test_add_func ("/migrations/backend-signatures", test_backend_signatures);
  g_test_add_func ("/migrations/backfill", test_backfill);
  g_test_add_func ("/migrations/read-grant", test_read_grant);
  g_test_add_func ("/migrations/index-builds", test_index_builds);
  g_test_add_func ("/migrations/index-build-waits", test_index_build_waits);
  g_test_add_func ("/migrations/cli", test_cli);
  g_test_add_func ("/migrations/demo", test_demo);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_clear_object (&catalog);
  return status;
}
