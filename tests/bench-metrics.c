/* bench-metrics.c: how long each metric takes on a large dataset
 *
 * Generates PULSE_BENCH_PERSONS persons (default 200000) of demo data in
 * a throwaway cluster and prints, per metric, the best of three runs
 * over the last 365 days, next to a plain count(*) of activity_events.
 * A benchmark, not a test: it prints figures and asserts nothing timed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-catalog.h"
#include "pulse-demo.h"
#include "pulse-metric-query.h"
#include "pulse-migration-runner.h"
#include "pulse-metric-result.h"
#include "pulse-test-pg.h"

#define RUNS 3

static double
time_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
best_of (PGconn          *conn,
         PulseMetric     *metric,
         PulseQueryRange *range,
         GHashTable      *tables)
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PulseMetricResult) result = NULL;
      gint64 start = g_get_monotonic_time ();

      if (metric == NULL)
        {
          g_autoptr(PGresult) count = pulse_db_exec (conn, "SELECT count(*) FROM activity_events", 0, NULL, NULL, &error);
        }
      else
        result = pulse_metric_query_run (metric, conn, range, tables, NULL, &error);
      if (error != NULL)
        g_error ("%s", error->message);
      best = MIN (best, time_ms (start));
    }
  return best;
}

int
main (int   argc,
      char *argv[])
{
  const char *env = g_getenv ("PULSE_BENCH_PERSONS");
  guint persons = env ? (guint)g_ascii_strtoull (env, NULL, 10) : 200000;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GDateTime) year_ago = g_date_time_add_days (now, -364);
  g_autofree char *from = g_date_time_format (year_ago, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  g_autoptr(PulseQueryRange) range = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(PGresult) events = NULL;
  g_autofree char *conninfo = NULL;
  PulseSessionOptions options;
  GPtrArray *metrics;
  gint64 start;

  g_assert_no_error (error);
  pulse_test_pg_start ();
  conninfo = pulse_test_pg_create_db ("bench");
  pulse_migration_apply_bundled (conninfo, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  pulse_demo_generate_data (conninfo, persons, today, &error);
  g_assert_no_error (error);
  g_print ("Generated %u persons in %.1f s\n", persons, time_ms (start) / 1000.0);

  pulse_session_options_init_dashboard (&options);
  options.statement_timeout_ms = 0;
  conn = pulse_db_connect (conninfo, &options, NULL, &error);
  g_assert_no_error (error);
  events = pulse_db_exec (conn, "SELECT count(*) FROM activity_events", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_print ("activity_events: %s rows; range %s to %s (365 days, UTC), best of %d runs\n\n",
           PQgetvalue (events, 0, 0), from, today, RUNS);

  range = pulse_query_range_new_parse (from, today, "UTC", &error);
  tables = pulse_db_list_tables (conn, NULL, &error);
  g_assert_no_error (error);

  g_print ("%-28s %10s\n", "metric", "ms");
  g_print ("%-28s %10.1f\n", "count(*) activity_events", best_of (conn, NULL, range, tables));

  /* With the tracking tables, then without them (estimates and proxies). */
  metrics = pulse_catalog_get_metrics (catalog);
  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (metrics, i);
      g_print ("%-28s %10.1f\n", pulse_metric_get_id (metric), best_of (conn, metric, range, tables));
    }

  g_hash_table_remove (tables, "sessions");
  g_hash_table_remove (tables, "collection_shares");
  g_hash_table_remove (tables, "collection_items");
  g_print ("\nwithout the tracking tables:\n");
  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (metrics, i);
      const PulseMetricVariant *variant = pulse_metric_choose_variant (metric, tables);

      if (variant->source != PULSE_SOURCE_TABLE)
        g_print ("%-28s %10.1f  (%s)\n", pulse_metric_get_id (metric),
                 best_of (conn, metric, range, tables), pulse_source_to_string (variant->source));
    }

  pulse_test_pg_stop ();
  return 0;
}
