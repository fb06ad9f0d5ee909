/* test-snapshot.c: the last results of a query, written and read back
 *
 * Every metric of the catalog, computed on generated data by the real
 * queries, goes through a snapshot file and comes back exporting the
 * same JSON document; a file cut short, altered, of another identity or
 * version is refused and removed; the file never holds the password;
 * an unwritable cache folder fails the write, not the program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "pulse-data-export.h"
#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-metric-query.h"
#include "pulse-snapshot.h"
#include "pulse-test-pg.h"

#define ROLE "snapshot_user"
#define PASSWORD "snapshot-Secret-Pa55"
#define KEY "range=last-90-days\ngranularity=week\ntimezone=America/New_York\ncompare=1"

static PulseCatalog *catalog;
static char *conninfo;      /* with the password in it, as a user might write one */
static char *identity;
static char *cache_dir;
static GPtrArray *results;  /* the range's */
static PulseComparison comparison;
static PulseQueryRange *range;

static char *
export_json (GPtrArray       *current,
             PulseComparison *previous)
{
  g_autoptr(JsonNode) root = pulse_data_export_build_json (range, current, previous);

  return json_to_string (root, TRUE);
}

static PulseSnapshot *
new_snapshot (void)
{
  PulseSnapshot *snapshot = pulse_snapshot_new (identity, KEY);
  g_autoptr(GDateTime) fetched = g_date_time_new_now_local ();

  for (guint i = 0; i < results->len; i++)
    {
      PulseMetricResult *result = g_ptr_array_index (results, i);

      pulse_snapshot_set (snapshot, result,
                          pulse_comparison_find (&comparison, pulse_metric_result_get_metric (result)), fetched);
    }
  return snapshot;
}

static char *
save_new_snapshot (void)
{
  g_autoptr(PulseSnapshot) snapshot = new_snapshot ();
  g_autoptr(GError) error = NULL;

  pulse_snapshot_save (snapshot, cache_dir, &error);
  g_assert_no_error (error);
  return pulse_snapshot_build_path (cache_dir, identity, KEY);
}

/* What the snapshot gives back exports as the results did. */
static void
test_round_trip (void)
{
  g_autofree char *path = save_new_snapshot ();
  g_autoptr(PulseSnapshot) loaded = NULL;
  g_autoptr(GPtrArray) current = g_ptr_array_new ();
  g_auto(PulseComparison) previous = { pulse_query_range_ref (comparison.range), g_ptr_array_new () };
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  loaded = pulse_snapshot_load (catalog, cache_dir, identity, KEY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pulse_snapshot_get_n_metrics (loaded), ==, results->len);
  g_ptr_array_set_free_func (previous.results, g_object_unref);
  for (guint i = 0; i < results->len; i++)
    {
      PulseMetric *metric = pulse_metric_result_get_metric (g_ptr_array_index (results, i));
      PulseMetricResult *result, *before;
      GDateTime *fetched;

      g_assert_true (pulse_snapshot_lookup (loaded, pulse_metric_get_id (metric), &result, &before, &fetched));
      g_assert_nonnull (before);
      g_ptr_array_add (current, result);
      g_ptr_array_add (previous.results, g_object_ref (before));
    }
  expected = export_json (results, &comparison);
  actual = export_json (current, &previous);
  g_assert_cmpstr (actual, ==, expected);
  /* A page that shows retention or funnels has them back too. */
  g_assert_nonnull (strstr (actual, "\"cohorts\""));
  g_assert_nonnull (strstr (actual, "\"steps\""));
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_strstr_len (contents, (gssize) length, needle) != NULL;
}

/* The identity comes from the conninfo without its password. */
static void
test_no_password (void)
{
  g_autofree char *path = save_new_snapshot ();

  g_assert_nonnull (strstr (conninfo, PASSWORD));
  g_assert_nonnull (strstr (identity, "user=" ROLE));
  g_assert_true (file_contains (path, ROLE));
  g_assert_false (file_contains (path, PASSWORD));
  g_assert_false (file_contains (path, "password"));
}

/* @path rewritten by @change is refused, and removed. */
static void
assert_refused (const char *path,
                const char *load_identity)
{
  g_autoptr(PulseSnapshot) loaded = NULL;
  g_autoptr(GError) error = NULL;

  loaded = pulse_snapshot_load (catalog, cache_dir, load_identity, KEY, &error);
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_FAILED);
  g_assert_null (loaded);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
rewrite (const char *path,
         void      (*change) (char *contents, gsize *length))
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  change (contents, &length);
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
}

static void
cut_short (char *contents, gsize *length)
{
  *length /= 2;
}

/* A number changed, the digest not: the JSON still parses. */
static void
alter_a_digit (char *contents, gsize *length)
{
  char *digit = strstr (strchr (contents, '\n'), "\"summary\":{\"") ;

  g_assert_nonnull (digit);
  while (!g_ascii_isdigit (*digit))
    digit++;
  *digit = *digit == '9' ? '8' : *digit + 1;
}

static void
other_version (char *contents, gsize *length)
{
  g_assert_true (g_str_has_prefix (contents, "PULSESNAP 1 "));
  contents[10] = '0';
}

static void
test_corrupt (void)
{
  void (*changes[]) (char *, gsize *) = { cut_short, alter_a_digit, other_version };

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *path = save_new_snapshot ();

      rewrite (path, changes[i]);
      assert_refused (path, identity);
    }
}

/* Another connection's file under this one's name is not this one's. */
static void
test_foreign (void)
{
  const char *other = "host=/elsewhere\nport=5432\ndbname=platform\nuser=pm";
  g_autofree char *path = save_new_snapshot ();
  g_autofree char *other_path = pulse_snapshot_build_path (cache_dir, other, KEY);

  g_assert_cmpint (g_rename (path, other_path), ==, 0);
  assert_refused (other_path, other);
}

static void
test_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseSnapshot) loaded = pulse_snapshot_load (catalog, cache_dir, identity, "range=nothing", &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (loaded);
}

/* Written and loaded on threads, as the window does. */
static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pulse_snapshot_save_finish (PULSE_SNAPSHOT (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(PulseSnapshot **) user_data = pulse_snapshot_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(PulseSnapshot) snapshot = new_snapshot ();
  g_autoptr(PulseSnapshot) loaded = NULL;
  gboolean saved = FALSE;

  pulse_snapshot_save_async (snapshot, cache_dir, NULL, on_saved, &saved);
  while (!saved)
    g_main_context_iteration (NULL, TRUE);
  pulse_snapshot_load_async (catalog, cache_dir, identity, KEY, NULL, on_loaded, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pulse_snapshot_get_n_metrics (loaded), ==, results->len);
}

/* A folder Pulse cannot write (a file where it would be: root writes
 * anywhere else): an error to note, nothing more; the sizes and Clear
 * Cache see only snapshot files. */
static void
test_unwritable_and_clear (void)
{
  g_autofree char *blocker = g_build_filename (cache_dir, "blocker", NULL);
  g_autofree char *inside = g_build_filename (blocker, "pulse", NULL);
  g_autofree char *other = g_build_filename (cache_dir, "activity-keep.cache", NULL);
  g_autoptr(PulseSnapshot) snapshot = new_snapshot ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  g_assert_false (pulse_snapshot_save (snapshot, inside, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_WRITE);
  g_assert_cmpuint (pulse_snapshot_get_cache_size (inside), ==, 0);

  path = save_new_snapshot ();
  g_assert_true (g_file_set_contents (other, "not a snapshot", -1, NULL));
  g_assert_cmpuint (pulse_snapshot_get_cache_size (cache_dir), >, 0);
  g_assert_true (pulse_snapshot_clear_cache (cache_dir, NULL));
  g_assert_cmpuint (pulse_snapshot_get_cache_size (cache_dir), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *admin = NULL;
  g_autofree char *host = NULL;
  g_autoptr(PulseQueryRange) days = NULL;
  PulseSessionOptions session;
  PGconn *conn;
  GDate to;
  int status;

  g_test_init (&argc, &argv, NULL);
  cache_dir = g_dir_make_tmp ("pulse-test-snapshot-XXXXXX", NULL);
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);

  pulse_test_pg_start ();
  admin = pulse_test_pg_create_db ("snapshot");
  pulse_demo_generate_data (admin, 200, today, &error);
  g_assert_no_error (error);
  pulse_test_pg_add_password_role (ROLE, PASSWORD);
  pulse_test_pg_exec (admin, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " ROLE);
  host = pulse_db_quote_conninfo_value (pulse_test_pg_socket_dir ());
  conninfo = g_strdup_printf ("host=%s port=%u user=" ROLE " password=" PASSWORD " dbname=snapshot",
                              host, pulse_test_pg_port ());
  identity = pulse_snapshot_dup_identity (conninfo, NULL);

  /* Weekly buckets of 90 days in a zone not UTC, with the previous period. */
  pulse_parse_iso_date (today, &to);
  days = pulse_query_range_new_preset (PULSE_RANGE_LAST_90_DAYS, &to, NULL, NULL, "America/New_York",
                                       PULSE_GRANULARITY_WEEK);
  range = pulse_query_range_ref (days);
  pulse_session_options_init_dashboard (&session);
  conn = pulse_db_connect (conninfo, &session, NULL, &error);
  g_assert_no_error (error);
  results = pulse_metric_query_run_catalog (catalog, conn, range, NULL, &error);
  g_assert_no_error (error);
  comparison.range = pulse_query_range_dup_previous (range);
  comparison.results = pulse_metric_query_run_catalog (catalog, conn, comparison.range, NULL, &error);
  g_assert_no_error (error);
  PQfinish (conn);

  g_test_add_func ("/snapshot/round-trip", test_round_trip);
  g_test_add_func ("/snapshot/no-password", test_no_password);
  g_test_add_func ("/snapshot/corrupt", test_corrupt);
  g_test_add_func ("/snapshot/foreign", test_foreign);
  g_test_add_func ("/snapshot/missing", test_missing);
  g_test_add_func ("/snapshot/async", test_async);
  g_test_add_func ("/snapshot/unwritable-and-clear", test_unwritable_and_clear);

  status = g_test_run ();
  pulse_comparison_clear (&comparison);
  g_ptr_array_unref (results);
  pulse_query_range_unref (range);
  g_object_unref (catalog);
  pulse_test_pg_stop ();
  pulse_test_remove_tree (cache_dir);
  g_free (cache_dir);
  g_free (identity);
  g_free (conninfo);
  return status;
}
