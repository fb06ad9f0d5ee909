/* bench-activity.c: the activity page from the index and from its SQL
 *
 * Fills a throwaway cluster with PULSE_BENCH_PERSONS persons (default
 * 200000) and PULSE_BENCH_EVENTS activity events (default 150 per
 * person: 30 million), inserted in time order over the 400 days up to
 * now, and prints for the activity page (dau, wau, mau, stickiness,
 * events per active user, active days) over the last 365 days (UTC),
 * min and median of PULSE_BENCH_RUNS runs (default 5), with the ratio
 * to a count(*) of activity_events measured in the same run:
 *   the six SQL queries; the index built cold (no cache); the index warm
 *   (from its cache, after PULSE_BENCH_NEW_EVENTS new events, default
 *   5000); a refresh of the index in memory; the background check;
 *   retention (monthly and daily cohorts of the range) and lifecycle from the warm
 *   index, as a change of granularity or segment asks them, and with the
 *   refresh a new request makes;
 * then, for the last cold and warm run, where the time went (the index's
 * phases, then the six computations from memory), the peak RSS and the
 * cache's size on disk. PULSE_BENCH_SQL=0 leaves out the SQL queries
 * (minutes per run at full size). Persons sign up evenly over the 400
 * days, so every cohort has members.
 * A benchmark, not a test: it prints figures and asserts nothing timed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pulse-metric-query.h"
#include "pulse-test-bench.h"
#include "pulse-test-pg.h"

#define DEFAULT_RUNS 5
#define MAX_RUNS 15
#define DATA_DAYS "400"
#define RANGE_DAYS 365
#define DEFAULT_PERSONS 200000
#define DEFAULT_EVENTS_PER_PERSON 150
#define DEFAULT_NEW_EVENTS 5000

static const char * const page[] = {
  "dau", "wau", "mau", "stickiness", "events_per_active_user", "active_days",
};

/* Persons, then events in time order (ids rise with occurred_at), most
 * of them from few persons: a person index is the square of a uniform
 * draw. Indexes are made after the load. */
static const char fill_sql[] =
  "ALTER TABLE activity_events DROP CONSTRAINT activity_events_person_id_fkey;"
  "DROP INDEX activity_events_occurred_at_idx, activity_events_person_occurred_at_idx;"
  "INSERT INTO persons (id, email, role, created_at)"
  " SELECT i, 'bench' || i || '@example.com', CASE WHEN i % 3 = 0 THEN 'FINDER' ELSE 'BUILDER' END,"
  "        now () - interval '" DATA_DAYS " days'"
  "          + (i - 1) * interval '" DATA_DAYS " days' / current_setting ('pulse.bench_persons')::integer"
  "   FROM generate_series (1, current_setting ('pulse.bench_persons')::integer) AS i;"
  "INSERT INTO activity_events (person_id, kind, occurred_at)"
  " SELECT 1 + floor (n.persons * power ((abs (hashint8extended (i, 1)) % 1000000) / 1e6, 2))::integer, 'view',"
  "        now () - interval '" DATA_DAYS " days'"
  "          + make_interval (secs => (i - 1) * (" DATA_DAYS " * 86400.0 / n.events))"
  "   FROM (SELECT current_setting ('pulse.bench_persons')::integer AS persons,"
  "                current_setting ('pulse.bench_events')::bigint AS events) AS n,"
  "        generate_series (1, n.events) AS i;"
  "CREATE INDEX activity_events_occurred_at_idx ON activity_events (occurred_at);"
  "CREATE INDEX activity_events_person_occurred_at_idx ON activity_events (person_id, occurred_at);";

typedef struct
{
  const char *name;
  double      ms[MAX_RUNS];
} Timing;

static guint runs;

static void
print_timing (Timing       *timing,
              const Timing *floor)
{
  double min = pulse_bench_min (timing->ms, runs), median = pulse_bench_median (timing->ms, runs);

  g_print ("%-52s %10.1f %10.1f %9.2f %9.2f\n", timing->name, min, median,
           min / pulse_bench_min (floor->ms, runs), median / pulse_bench_median (floor->ms, runs));
}

static double
time_sql_metrics (PulseCatalog       *catalog,
                  PGconn             *conn,
                  PulseQueryRange    *range,
                  GHashTable         *tables,
                  const char * const *metrics,
                  guint               n_metrics)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n_metrics; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PulseMetricResult) result = pulse_metric_query_run (pulse_catalog_lookup (catalog, metrics[i]), conn,
                                                                    range, tables, NULL, &error);
      pulse_bench_check (error);
    }
  return pulse_bench_since_ms (start);
}

static double
time_sql_page (PulseCatalog    *catalog,
               PGconn          *conn,
               PulseQueryRange *range,
               GHashTable      *tables)
{
  return time_sql_metrics (catalog, conn, range, tables, page, G_N_ELEMENTS (page));
}

/* Where the last timed run of one kind spent its time. */
typedef struct
{
  char   *phases;
  double  compute_ms;
} Breakdown;

/* Brings @index up to date (if @update) and answers @metrics from it;
 * @breakdown (if any) gets the phases. */
static double
time_index_metrics (PulseActivityIndex *index,
                    PulseCatalog       *catalog,
                    PGconn             *conn,
                    PulseQueryRange    *range,
                    GHashTable         *tables,
                    const char * const *metrics,
                    guint               n_metrics,
                    gboolean            update,
                    Breakdown          *breakdown)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 computed;

  if (update)
    pulse_metric_query_update_activity (index, conn, range, NULL, &error);
  pulse_bench_check (error);
  computed = g_get_monotonic_time ();
  if (breakdown != NULL)
    {
      g_free (breakdown->phases);
      breakdown->phases = g_strdup (pulse_activity_index_get_timings (index));
    }
  for (guint i = 0; i < n_metrics; i++)
    {
      g_autoptr(PulseMetricResult) result = pulse_metric_query_run_activity (pulse_catalog_lookup (catalog, metrics[i]),
                                                                             index, range, tables, &error);
      pulse_bench_check (error);
    }
  if (breakdown != NULL)
    breakdown->compute_ms = pulse_bench_since_ms (computed);
  return pulse_bench_since_ms (start);
}

static double
time_index_page (PulseActivityIndex *index,
                 PulseCatalog       *catalog,
                 PGconn             *conn,
                 PulseQueryRange    *range,
                 GHashTable         *tables,
                 Breakdown          *breakdown)
{
  return time_index_metrics (index, catalog, conn, range, tables, page, G_N_ELEMENTS (page), TRUE, breakdown);
}

static void
fill (const char *conninfo,
      guint64     n_persons,
      guint64     n_events)
{
  g_autoptr(PGconn) admin = pulse_test_pg_connect_admin (conninfo);
  g_autofree char *persons = g_strdup_printf ("%" G_GUINT64_FORMAT, n_persons);
  g_autofree char *events = g_strdup_printf ("%" G_GUINT64_FORMAT, n_events);
  const char *params[] = { persons, events };
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) set = pulse_db_exec (admin,
                                           "SELECT set_config ('pulse.bench_persons', $1, false),"
                                           "       set_config ('pulse.bench_events', $2, false)",
                                           2, params, NULL, &error);

  pulse_bench_check (error);
  pulse_db_exec_script (admin, fill_sql, &error);
  pulse_bench_check (error);
  /* Each VACUUM on its own: none runs inside a transaction. */
  pulse_db_exec_script (admin, "VACUUM ANALYZE persons", &error);
  pulse_bench_check (error);
  pulse_db_exec_script (admin, "VACUUM ANALYZE activity_events", &error);
  pulse_bench_check (error);
}

int
main (int   argc,
      char *argv[])
{
  guint64 n_persons = pulse_bench_env_number ("PULSE_BENCH_PERSONS", DEFAULT_PERSONS);
  guint64 n_events = pulse_bench_env_number ("PULSE_BENCH_EVENTS", n_persons * DEFAULT_EVENTS_PER_PERSON);
  guint64 n_new = pulse_bench_env_number ("PULSE_BENCH_NEW_EVENTS", DEFAULT_NEW_EVENTS);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) year_ago = g_date_time_add_days (now, 1 - RANGE_DAYS);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *from = g_date_time_format (year_ago, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  g_autoptr(PulseQueryRange) range = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(PulseActivityIndex) resident = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *cache_dir = NULL;
  Timing floor = { "count(*) activity_events (floor)" };
  Timing sql = { "activity page, SQL (6 queries)" };
  Timing cold = { "activity page, index cold (no cache)" };
  Timing warm = { NULL };
  Timing refresh = { "activity page, index refresh in memory (no new rows)" };
  Timing verify = { "background check of a cache (count + checksum)" };
  Timing retention_sql = { "retention, monthly cohorts, SQL" };
  Timing retention = { "retention, monthly cohorts, index warm (memory)" };
  Timing retention_refreshed = { "retention, monthly cohorts, index warm + refresh" };
  Timing lifecycle_months = { "lifecycle, month buckets, index warm (memory)" };
  Timing lifecycle_days = { "lifecycle, day buckets, index warm (memory)" };
  Timing retention_days = { "retention, day cohorts, index warm (memory)" };
  static const char * const retention_only[] = { "retention" };
  static const char * const lifecycle_only[] = { "lifecycle" };
  g_autoptr(PulseQueryRange) months = NULL;
  g_autofree char *warm_name = g_strdup_printf ("activity page, index warm (cache + %" G_GUINT64_FORMAT " new)", n_new);
  Breakdown cold_phases = { 0 }, warm_phases = { 0 };
  gboolean with_sql = pulse_bench_env_number ("PULSE_BENCH_SQL", 1) != 0;
  double cold_rss;
  gint64 start;

  pulse_bench_check (error);
  runs = (guint) CLAMP (pulse_bench_env_number ("PULSE_BENCH_RUNS", DEFAULT_RUNS), 1, MAX_RUNS);
  warm.name = warm_name;
  pulse_test_pg_start ();
  conninfo = pulse_test_pg_create_db ("bench_activity");
  cache_dir = g_dir_make_tmp ("pulse-bench-activity-XXXXXX", &error);
  pulse_bench_check (error);

  start = g_get_monotonic_time ();
  fill (conninfo, n_persons, n_events);
  g_print ("Generated %" G_GUINT64_FORMAT " persons and %" G_GUINT64_FORMAT " events in %.1f s\n",
           n_persons, n_events, pulse_bench_since_ms (start) / 1000.0);

  {
    PulseSessionOptions options;

    pulse_session_options_init_dashboard (&options);
    options.statement_timeout_ms = 0;
    conn = pulse_db_connect (conninfo, &options, NULL, &error);
    pulse_bench_check (error);
  }
  range = pulse_query_range_new_parse (from, today, "UTC", &error);
  pulse_bench_check (error);
  tables = pulse_db_list_tables (conn, NULL, &error);
  pulse_bench_check (error);
  g_print ("range %s to %s (%d days, UTC), day buckets; %d runs each; ratios to the floor of the same run\n\n",
           from, today, RANGE_DAYS, runs);

  /* Interleaved, so that the machine's load falls on every figure alike. */
  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", cache_dir);

      floor.ms[run] = pulse_bench_time_count (conn);
      pulse_activity_cache_clear (cache_dir, &error);
      pulse_bench_check (error);
      cold.ms[run] = time_index_page (index, catalog, conn, range, tables, &cold_phases);
      if (with_sql)
        sql.ms[run] = time_sql_page (catalog, conn, range, tables);
    }
  cold_rss = pulse_bench_peak_rss_mib ();

  for (guint run = 0; run < runs; run++)
    {
      g_autoptr(PulseActivityIndex) index = pulse_activity_index_new ("UTC", cache_dir);

      pulse_bench_add_events (conninfo, n_new, n_persons);
      warm.ms[run] = time_index_page (index, catalog, conn, range, tables, &warm_phases);
      g_assert_false (pulse_activity_index_is_verified (index));
      start = g_get_monotonic_time ();
      pulse_activity_index_verify (index, conn, NULL, NULL, &error);
      pulse_bench_check (error);
      verify.ms[run] = pulse_bench_since_ms (start);
      g_assert_true (pulse_activity_index_is_verified (index));
      g_set_object (&resident, index);
    }
  for (guint run = 0; run < runs; run++)
    refresh.ms[run] = time_index_page (resident, catalog, conn, range, tables, NULL);

  /* Month buckets read the month before the range too: once. */
  months = pulse_query_range_new (pulse_query_range_get_from (range), pulse_query_range_get_to (range), "UTC",
                                  PULSE_GRANULARITY_MONTH);
  pulse_metric_query_update_activity (resident, conn, months, NULL, &error);
  pulse_bench_check (error);
  for (guint run = 0; run < runs; run++)
    {
      if (with_sql)
        retention_sql.ms[run] = time_sql_metrics (catalog, conn, months, tables, retention_only, 1);
      retention.ms[run] = time_index_metrics (resident, catalog, conn, months, tables, retention_only, 1, FALSE, NULL);
      retention_refreshed.ms[run] = time_index_metrics (resident, catalog, conn, months, tables, retention_only, 1,
                                                        TRUE, NULL);
      lifecycle_months.ms[run] = time_index_metrics (resident, catalog, conn, months, tables, lifecycle_only, 1,
                                                     FALSE, NULL);
      lifecycle_days.ms[run] = time_index_metrics (resident, catalog, conn, range, tables, lifecycle_only, 1, FALSE, NULL);
      retention_days.ms[run] = time_index_metrics (resident, catalog, conn, range, tables, retention_only, 1, FALSE, NULL);
    }

  g_print ("%-52s %10s %10s %9s %9s\n", "", "min ms", "median ms", "min/fl", "med/fl");
  print_timing (&floor, &floor);
  if (with_sql)
    print_timing (&sql, &floor);
  print_timing (&cold, &floor);
  print_timing (&warm, &floor);
  print_timing (&refresh, &floor);
  print_timing (&verify, &floor);
  if (with_sql)
    print_timing (&retention_sql, &floor);
  print_timing (&retention, &floor);
  print_timing (&retention_refreshed, &floor);
  print_timing (&lifecycle_months, &floor);
  print_timing (&lifecycle_days, &floor);
  print_timing (&retention_days, &floor);
  g_print ("\nlast cold run: %s; compute 6 metrics %.1f ms\n", cold_phases.phases, cold_phases.compute_ms);
  g_print ("last warm run: %s; compute 6 metrics %.1f ms\n", warm_phases.phases, warm_phases.compute_ms);
  g_print ("\npeak RSS after the cold builds: %.1f MiB (process; at the end: %.1f MiB)\n", cold_rss, pulse_bench_peak_rss_mib ());
  g_print ("cache on disk: %.1f MiB (base file and delta, %s)\n",
           pulse_activity_cache_get_size (cache_dir) / 1048576.0, cache_dir);
  g_free (cold_phases.phases);
  g_free (warm_phases.phases);

  g_clear_object (&resident);
  pulse_test_remove_tree (cache_dir);
  pulse_test_pg_stop ();
  return 0;
}
