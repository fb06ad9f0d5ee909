/* test-worker.c: the worker thread, superseding and cancellation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "pulse-catalog.h"
#include "pulse-error.h"
#include "pulse-test-pg.h"
#include "pulse-worker.h"

/* A metric that takes as long as we like; every parameter is used so
 * the server can type them. */
#define SLOW_SQL(seconds)                                                     \
  "SELECT 'series'::text AS kind, 'all'::text AS key, $1::date::text AS label," \
  " (SELECT 1 FROM pg_sleep(" seconds "))::float8 AS value"                    \
  " WHERE $2::date IS NOT NULL AND $3::text IS NOT NULL AND $4::text IS NOT NULL"

static PulseCatalog *catalog;

typedef struct
{
  gboolean           done;
  PulseMetricResult *result;
  GError            *error;
  guint              generation;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_object (&outcome->result);
  g_clear_error (&outcome->error);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = pulse_worker_run_metric_finish (PULSE_WORKER (source), result,
                                                    &outcome->generation, &outcome->error);
  outcome->done = TRUE;
}

static void
wait_for (Outcome *outcome)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!outcome->done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (outcome->done);
}

static PulseQueryRange *
test_range (void)
{
  g_autoptr(GError) error = NULL;
  PulseQueryRange *range = pulse_query_range_new_parse ("2026-03-01", "2026-03-07", "UTC", &error);

  g_assert_no_error (error);
  return range;
}

static guint
count_sleeping_queries (const char *conninfo)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = pulse_db_exec (conn,
    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
    "AND application_name = 'Pulse' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()", 0, NULL, NULL, &error);

  g_assert_no_error (error);
  return (guint)g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
}

static gboolean
wait_for_sleepers (const char *conninfo,
                   guint       wanted)
{
  for (guint i = 0; i < 200; i++)
    {
      if (count_sleeping_queries (conninfo) == wanted)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50 * 1000);
    }
  return FALSE;
}

static PulseWorker *
new_worker (const char *conninfo,
            guint       statement_timeout_ms)
{
  PulseSessionOptions options;

  pulse_session_options_init_dashboard (&options);
  if (statement_timeout_ms > 0)
    options.statement_timeout_ms = statement_timeout_ms;
  return pulse_worker_new (conninfo, &options);
}

static void
test_superseded_query_cancelled_on_server (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("worker_supersede");
  g_autoptr(PulseWorker) worker = new_worker (conninfo, 0);
  g_autoptr(PulseQueryRange) range = test_range ();
  Outcome slow = { 0 }, fast = { 0 };
  guint first, second;

  first = pulse_worker_begin_generation (worker, "page");
  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, "slow"), range,
                                 "page", first, NULL, on_done, &slow);
  g_assert_true (wait_for_sleepers (conninfo, 1));

  second = pulse_worker_begin_generation (worker, "page");
  g_assert_cmpuint (second, >, first);
  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, "signups"), range,
                                 "page", second, NULL, on_done, &fast);

  wait_for (&slow);
  wait_for (&fast);

  /* The superseded job never delivers a result, and the server stopped it. */
  g_assert_null (slow.result);
  g_assert_error (slow.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (wait_for_sleepers (conninfo, 0));

  g_assert_no_error (fast.error);
  g_assert_nonnull (fast.result);
  g_assert_cmpuint (fast.generation, ==, second);
  g_assert_cmpuint (pulse_metric_result_get_n_buckets (fast.result), ==, 7);

  outcome_clear (&slow);
  outcome_clear (&fast);
}

/* When the newest running sleep started, or NULL if none runs. */
static char *
newest_sleep (PGconn *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = pulse_db_exec (conn,
    "SELECT max(query_start)::text FROM pg_stat_activity WHERE state = 'active' "
    "AND application_name = 'Pulse' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()",
    0, NULL, NULL, &error);

  g_assert_no_error (error);
  return PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
}

/* Waits until the newest sleep is another than @old (a new one, or
 * none if @any is FALSE); FALSE if that did not happen in time. */
static gboolean
wait_for_other_sleep (PGconn     *conn,
                      const char *old,
                      gboolean    any,
                      gdouble     seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *now = newest_sleep (conn);

      if (g_strcmp0 (now, old) != 0 && (now != NULL || !any))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
  return FALSE;
}

/* The server takes a cancel request late when its postmaster is busy
 * (here: stopped). The superseded query ends on its own meanwhile; the
 * late request must not stop the query that runs next. */
static void
test_late_cancel_spares_next_query (void)
{
  g_autoptr(PulseTestServer) server = pulse_test_server_start ();
  g_autofree char *conninfo = pulse_test_server_dup_conninfo (server, "postgres");
  g_autoptr(PulseWorker) worker = new_worker (conninfo, 0);
  g_autoptr(PulseQueryRange) range = test_range ();
  g_autoptr(PGconn) watcher = pulse_test_pg_connect_admin (conninfo);
  pid_t postmaster = pulse_test_server_get_postmaster_pid (server);
  g_autofree char *first_sleep = NULL;
  Outcome first = { 0 }, next = { 0 };

  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, "slow_short"), range,
                                 "page", pulse_worker_begin_generation (worker, "page"),
                                 NULL, on_done, &first);
  g_assert_true (wait_for_other_sleep (watcher, NULL, TRUE, 30));
  first_sleep = newest_sleep (watcher);

  g_assert_cmpint (kill (postmaster, SIGSTOP), ==, 0);
  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, "slow_short"), range,
                                 "page", pulse_worker_begin_generation (worker, "page"),
                                 NULL, on_done, &next);
  /* The first query ends on its own; a worker that does not wait for
   * its cancel to land starts the next one at once. */
  wait_for_other_sleep (watcher, first_sleep, FALSE, 30);
  wait_for_other_sleep (watcher, first_sleep, TRUE, 2);
  g_assert_cmpint (kill (postmaster, SIGCONT), ==, 0);

  wait_for (&first);
  wait_for (&next);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (next.error);
  g_assert_nonnull (next.result);
  outcome_clear (&first);
  outcome_clear (&next);
}

static gboolean
tick (gpointer data)
{
  (*(guint *)data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_main_loop_runs_during_slow_query (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("worker_mainloop");
  g_autoptr(PulseWorker) worker = new_worker (conninfo, 0);
  g_autoptr(PulseQueryRange) range = test_range ();
  Outcome outcome = { 0 };
  guint ticks = 0;
  guint source = g_timeout_add (50, tick, &ticks);
  gint64 started = g_get_monotonic_time ();
  double seconds;

  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, "slow_short"), range,
                                 "page", pulse_worker_begin_generation (worker, "page"),
                                 NULL, on_done, &outcome);
  wait_for (&outcome);
  seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
  g_source_remove (source);

  g_assert_no_error (outcome.error);
  g_assert_cmpfloat (seconds, >=, 1.5);
  /* 50 ms ticks kept firing all through the query (allow for a busy machine). */
  g_assert_cmpuint (ticks, >=, (guint)(seconds * 20 * 0.6));
  outcome_clear (&outcome);
}

static void
test_statement_timeout (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("worker_timeout");
  g_autoptr(PulseWorker) worker = new_worker (conninfo, 300);
  g_autoptr(PulseQueryRange) range = test_range ();
  Outcome outcome = { 0 };

  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, "slow"), range,
                                 "page", pulse_worker_begin_generation (worker, "page"),
                                 NULL, on_done, &outcome);
  wait_for (&outcome);
  g_assert_error (outcome.error, PULSE_ERROR, PULSE_ERROR_TIMEOUT);
  outcome_clear (&outcome);
}

static void
test_session_is_read_only (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("worker_readonly");
  g_autoptr(PulseWorker) worker = new_worker (conninfo, 0);
  g_autoptr(PulseQueryRange) range = test_range ();
  Outcome outcome = { 0 };

  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, "writer"), range,
                                 "page", pulse_worker_begin_generation (worker, "page"),
                                 NULL, on_done, &outcome);
  wait_for (&outcome);
  g_assert_error (outcome.error, PULSE_ERROR, PULSE_ERROR_QUERY);
  g_assert_nonnull (strstr (outcome.error->message, "read-only"));
  outcome_clear (&outcome);
}

static void
test_unreachable_server (void)
{
  g_autoptr(PulseWorker) worker = new_worker ("host=/nonexistent-pulse-dir port=5999 dbname=x", 0);
  g_autoptr(PulseQueryRange) range = test_range ();
  Outcome outcome = { 0 };

  pulse_worker_run_metric_async (worker, pulse_catalog_lookup (catalog, "signups"), range,
                                 "page", pulse_worker_begin_generation (worker, "page"),
                                 NULL, on_done, &outcome);
  wait_for (&outcome);
  g_assert_error (outcome.error, PULSE_ERROR, PULSE_ERROR_CONNECTION_REFUSED);
  outcome_clear (&outcome);
}

static void
load_test_metrics (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-worker-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "test-catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *json = g_strdup_printf (
    "{\"metrics\": ["
    " {\"id\": \"slow\", \"group\": \"growth\", \"title\": \"Slow\", \"description\": \"d\", \"chart\": \"line\","
    "  \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql\": \"%s\"}]},"
    " {\"id\": \"slow_short\", \"group\": \"growth\", \"title\": \"Slow\", \"description\": \"d\", \"chart\": \"line\","
    "  \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql\": \"%s\"}]},"
    " {\"id\": \"writer\", \"group\": \"growth\", \"title\": \"Writer\", \"description\": \"d\", \"chart\": \"line\","
    "  \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql\":"
    "   \"WITH w AS (INSERT INTO persons (email, role, created_at) VALUES ($3, 'BUILDER', $1::date) RETURNING id)"
    "     SELECT 'summary'::text AS kind, 'n'::text AS key, $4::text AS label, count(*)::float8 AS value FROM w WHERE $2::date IS NOT NULL\"}]}"
    "]}", SLOW_SQL ("30"), SLOW_SQL ("2"));

  g_assert_no_error (error);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  pulse_catalog_load_file (catalog, file, &error);
  g_assert_no_error (error);
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
  load_test_metrics ();
  pulse_test_pg_start ();

  g_test_add_func ("/worker/superseded-query-cancelled-on-server", test_superseded_query_cancelled_on_server);
  g_test_add_func ("/worker/late-cancel-spares-next-query", test_late_cancel_spares_next_query);
  g_test_add_func ("/worker/main-loop-runs-during-slow-query", test_main_loop_runs_during_slow_query);
  g_test_add_func ("/worker/statement-timeout", test_statement_timeout);
  g_test_add_func ("/worker/session-is-read-only", test_session_is_read_only);
  g_test_add_func ("/worker/unreachable-server", test_unreachable_server);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_clear_object (&catalog);
  return status;
}
