/* bench-dashboard.c: the whole dashboard, as the window asks it
 *
 * Fills a throwaway cluster with the demo generator's tables for
 * PULSE_BENCH_PERSONS persons (default 200000), every migration applied
 * (the tracking tables and the BRIN indexes on the event timestamps),
 * then replaces activity_events with PULSE_BENCH_EVENTS events (default
 * 150 per person: 30 million) generated as bench-activity.c does, in
 * time order, and puts the other event tables in time order too
 * (CLUSTER on their timestamp): a platform appends events as they
 * happen, and BRIN pays off only then.
 *
 * Then prints, min and median of PULSE_BENCH_RUNS runs (default 5),
 * with the ratio to a count(*) of activity_events measured in the same
 * run, every metric of the catalog (every card of every page) asked of
 * one PulseWorker as the pages ask it (the activity index with its
 * cache under XDG_CACHE_HOME, the SQL for the rest), day buckets, UTC:
 *   cold (no activity cache), Last 30 days and Last 365 days;
 *   warm (the cache of a cold run there, PULSE_BENCH_NEW_EVENTS new
 *   events since, default 5000), Last 30 and 365 days: the numbers the
 *   pages show before the background check, and that check;
 *   the same through the export's path (pulse_metric_query_run_catalog,
 *   as `pulse --export-json`), which checks the cache before it answers
 *   (PULSE_BENCH_EXPORT=0 leaves it out: at 200k persons each check is
 *   minutes);
 * PULSE_BENCH_CONNINFO=… uses that database instead (a superuser's):
 * filled as above on the first run, reused as it is when it already
 * has activity_events, to profile at full size without the minutes of
 * generating (the warm runs' new events stay in it);
 * PULSE_BENCH_EXPLAIN=ID,ID… first prints those metrics' plans (EXPLAIN
 * ANALYZE) for 30 and 365 days;
 * then where the time went per metric in the last cold runs (a worker
 * runs one job at a time: the time between two answers is the second
 * one's), the peak RSS, that of `pulse --export-json` itself for the
 * year (cold and warm), and the activity cache's size on disk.
 * A benchmark, not a test: it prints figures and asserts nothing timed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "pulse-catalog.h"
#include "pulse-demo.h"
#include "pulse-metric-query.h"
#include "pulse-migration-runner.h"
#include "pulse-test-bench.h"
#include "pulse-test-pg.h"
#include "pulse-worker.h"

#define DEFAULT_RUNS 5
#define MAX_RUNS 15
#define DATA_DAYS "400"
#define DEFAULT_PERSONS 200000
#define DEFAULT_EVENTS_PER_PERSON 150
#define DEFAULT_NEW_EVENTS 5000

/* bench-activity.c's events: in time order (ids rise with occurred_at),
 * most from few persons (a person index is the square of a uniform
 * draw), over the DATA_DAYS days up to now. The demo's own events come
 * in person order. Indexes are made after the load. */
static const char events_sql[] =
  "ALTER TABLE activity_events DROP CONSTRAINT IF EXISTS activity_events_person_id_fkey;"
  "TRUNCATE activity_events;"
  "DROP INDEX IF EXISTS activity_events_occurred_at_idx, activity_events_person_occurred_at_idx,"
  "                     activity_events_occurred_at_brin;"
  "INSERT INTO activity_events (id, person_id, kind, occurred_at)"
  " SELECT i, 1 + floor (n.persons * power ((abs (hashint8extended (i, 1)) % 1000000) / 1e6, 2))::integer, 'view',"
  "        now () - interval '" DATA_DAYS " days'"
  "          + make_interval (secs => (i - 1) * (" DATA_DAYS " * 86400.0 / n.events))"
  "   FROM (SELECT current_setting ('pulse.bench_persons')::integer AS persons,"
  "                current_setting ('pulse.bench_events')::bigint AS events) AS n,"
  "        generate_series (1, n.events) AS i;"
  "SELECT setval (pg_get_serial_sequence ('activity_events', 'id'), (SELECT max (id) FROM activity_events));"
  "CREATE INDEX activity_events_occurred_at_idx ON activity_events (occurred_at);"
  "CREATE INDEX activity_events_person_occurred_at_idx ON activity_events (person_id, occurred_at);"
  "CREATE INDEX activity_events_occurred_at_brin ON activity_events USING brin (occurred_at)"
  "  WITH (autosummarize = on);";

/* Each event table in time order, by its timestamp's index. */
static const char * const time_order[][2] = {
  { "persons", "persons_created_at_idx" },
  { "profile_updates", "profile_updates_updated_at_idx" },
  { "posts", "posts_created_at_idx" },
  { "post_views", "post_views_viewed_at_idx" },
  { "post_reactions", "post_reactions_created_at_idx" },
  { "post_comments", "post_comments_created_at_idx" },
  { "profile_views", "profile_views_viewed_at_idx" },
  { "finder_searches", "finder_searches_searched_at_idx" },
  { "finder_votes", "finder_votes_voted_at_idx" },
  { "collections", "collections_created_at_idx" },
  { "sessions", "sessions_started_at_idx" },
};

typedef struct
{
  const char *name;
  double      ms[MAX_RUNS];
} Timing;

/* One figure of each run. */
typedef double Runs[MAX_RUNS];

static guint runs;

static double
min_of (const double *ms)
{
  return pulse_bench_min (ms, runs);
}

static double
median_of (const double *ms)
{
  return pulse_bench_median (ms, runs);
}

static void
print_timing (const Timing *timing,
              const Timing *floor,
              const char   *target)
{
  g_print ("%-58s %10.1f %10.1f %8.2f %8.2f  %s\n", timing->name, min_of (timing->ms), median_of (timing->ms),
           min_of (timing->ms) / min_of (floor->ms), median_of (timing->ms) / median_of (floor->ms),
           target ? target : "");
}

/* The answers of one whole-dashboard request to a worker. */
typedef struct
{
  guint   pending;
  gint64  last;        /* when the previous answer came */
  double *metric_ms;   /* per catalog metric: since the previous answer */
  GPtrArray *metrics;
} Request;

typedef struct
{
  Request *request;
  guint    index;
} Ask;

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Ask *ask = data;
  Request *request = ask->request;
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseMetricResult) answer = pulse_worker_run_metric_finish (PULSE_WORKER (source), result, NULL, &error);
  gint64 now = g_get_monotonic_time ();

  if (answer == NULL)
    g_error ("%s: %s", pulse_metric_get_id (g_ptr_array_index (request->metrics, ask->index)), error->message);
  if (request->metric_ms != NULL)
    request->metric_ms[ask->index] = (now - request->last) / 1000.0;
  request->last = now;
  request->pending--;
  g_free (ask);
}

static void
on_verified (PulseWorker *worker,
             gboolean     changed,
             gboolean    *verified)
{
  *verified = TRUE;
}

/* Every metric of @catalog from a new worker (a new session of the
 * window), in catalog order, one generation per group as the pages ask;
 * @metric_ms gets each metric's time. With @verify_ms, then waits for
 * the background check of a cache and times it. */
static double
time_worker_dashboard (const char      *conninfo,
                       PulseCatalog    *catalog,
                       PulseQueryRange *range,
                       double          *metric_ms,
                       double          *verify_ms)
{
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  PulseSessionOptions options;
  g_autoptr(PulseWorker) worker = NULL;
  g_autoptr(GHashTable) generations = g_hash_table_new (g_str_hash, g_str_equal);
  Request request = { metrics->len, 0, metric_ms, metrics };
  gboolean verified = FALSE;
  gint64 start = g_get_monotonic_time ();
  double total;

  pulse_session_options_init_dashboard (&options);
  options.statement_timeout_ms = 0;
  worker = pulse_worker_new (conninfo, &options);
  g_signal_connect (worker, "activity-verified", G_CALLBACK (on_verified), &verified);
  request.last = start;
  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (metrics, i);
      const char *group = pulse_metric_get_group (metric);
      Ask *ask = g_new0 (Ask, 1);

      if (!g_hash_table_contains (generations, group))
        g_hash_table_insert (generations, (gpointer) group,
                             GUINT_TO_POINTER (pulse_worker_begin_generation (worker, group)));
      ask->request = &request;
      ask->index = i;
      pulse_worker_run_metric_async (worker, metric, range, group,
                                     GPOINTER_TO_UINT (g_hash_table_lookup (generations, group)), NULL,
                                     on_answer, ask);
    }
  while (request.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  total = pulse_bench_since_ms (start);
  if (verify_ms != NULL)
    {
      gint64 checked = g_get_monotonic_time ();

      while (!verified)
        g_main_context_iteration (NULL, TRUE);
      *verify_ms = pulse_bench_since_ms (checked);
    }
  return total;
}

/* The export's path: checks a cache before it answers. */
static double
time_export_dashboard (PGconn          *conn,
                       PulseCatalog    *catalog,
                       PulseQueryRange *range)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GPtrArray) results = pulse_metric_query_run_catalog (catalog, conn, range, NULL, &error);

  pulse_bench_check (error);
  return pulse_bench_since_ms (start);
}

static void
exec_script (PGconn     *admin,
             const char *sql)
{
  g_autoptr(GError) error = NULL;

  pulse_db_exec_script (admin, sql, &error);
  pulse_bench_check (error);
}

static void
fill (const char *conninfo,
      guint64     n_persons,
      guint64     n_events,
      const char *today)
{
  g_autoptr(PGconn) admin = NULL;
  g_autofree char *persons = g_strdup_printf ("%" G_GUINT64_FORMAT, n_persons);
  g_autofree char *events = g_strdup_printf ("%" G_GUINT64_FORMAT, n_events);
  const char *params[] = { persons, events };
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) set = NULL;
  gint64 start = g_get_monotonic_time ();

  pulse_migration_apply_bundled (conninfo, NULL, &error);
  pulse_bench_check (error);
  pulse_demo_generate_data (conninfo, (guint) n_persons, today, &error);
  pulse_bench_check (error);
  g_print ("demo generator: %.1f s\n", pulse_bench_since_ms (start) / 1000.0);

  start = g_get_monotonic_time ();
  admin = pulse_test_pg_connect_admin (conninfo);
  set = pulse_db_exec (admin, "SELECT set_config ('pulse.bench_persons', $1, false),"
                              "       set_config ('pulse.bench_events', $2, false)",
                       2, params, NULL, &error);
  pulse_bench_check (error);
  exec_script (admin, events_sql);
  g_print ("events in time order: %.1f s\n", pulse_bench_since_ms (start) / 1000.0);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < G_N_ELEMENTS (time_order); i++)
    {
      g_autofree char *sql = g_strdup_printf ("CLUSTER %s USING %s", time_order[i][0], time_order[i][1]);

      exec_script (admin, sql);
    }
  /* Each VACUUM on its own: none runs inside a transaction. */
  exec_script (admin, "VACUUM ANALYZE");
  g_print ("tables in time order, vacuumed: %.1f s\n", pulse_bench_since_ms (start) / 1000.0);
}

/* Whether a previous run filled the database at @conninfo; loads the
 * baseline schema into one that has none (a test server's has it). */
static gboolean
is_filled (const char *conninfo)
{
  g_autoptr(PGconn) admin = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) found = pulse_db_exec (admin, "SELECT to_regclass ('public.activity_events') IS NOT NULL",
                                             0, NULL, NULL, &error);
  g_autoptr(PGresult) rows = NULL;

  pulse_bench_check (error);
  if (PQgetvalue (found, 0, 0)[0] != 't')
    {
      pulse_demo_load_baseline (conninfo, &error);
      pulse_bench_check (error);
    }
  rows = pulse_db_exec (admin, "SELECT EXISTS (SELECT FROM activity_events)", 0, NULL, NULL, &error);
  pulse_bench_check (error);
  return PQgetvalue (rows, 0, 0)[0] == 't';
}

/* PULSE_BENCH_EXPLAIN=id,id…: each metric's plan on @range, as it ran. */
static void
explain (PGconn          *conn,
         PulseCatalog    *catalog,
         PulseQueryRange *range,
         const char      *ids)
{
  g_auto(GStrv) names = g_strsplit (ids, ",", -1);
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GError) error = NULL;
  char from[11], to[11];
  const char *params[4];

  tables = pulse_db_list_tables (conn, NULL, &error);
  pulse_bench_check (error);
  pulse_query_range_fill_params (range, from, to);
  params[0] = from;
  params[1] = to;
  params[2] = pulse_query_range_get_timezone (range);
  params[3] = pulse_granularity_to_string (pulse_query_range_get_granularity (range));
  for (guint i = 0; names[i] != NULL; i++)
    {
      PulseMetric *metric = pulse_catalog_lookup (catalog, names[i]);
      g_autofree char *sql = NULL;
      g_autoptr(PGresult) plan = NULL;

      if (metric == NULL)
        continue;
      sql = g_strconcat ("EXPLAIN (ANALYZE, BUFFERS) ", pulse_metric_choose_variant (metric, tables)->sql, NULL);
      plan = pulse_db_exec (conn, sql, G_N_ELEMENTS (params), params, NULL, &error);
      pulse_bench_check (error);
      g_print ("\n%s, %s to %s:\n", names[i], from, to);
      for (int row = 0; row < PQntuples (plan); row++)
        g_print ("  %s\n", PQgetvalue (plan, row, 0));
    }
}

static PulseQueryRange *
last_days (GDateTime  *now,
           int         n_days)
{
  g_autoptr(GDateTime) first = g_date_time_add_days (now, 1 - n_days);
  g_autofree char *from = g_date_time_format (first, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  PulseQueryRange *range = pulse_query_range_new_parse (from, to, "UTC", &error);

  pulse_bench_check (error);
  return range;
}

static void
clear_cache (const char *cache_dir)
{
  g_autoptr(GError) error = NULL;

  pulse_activity_cache_clear (cache_dir, &error);
  pulse_bench_check (error);
}

/* The peak resident set of process @pid so far (VmHWM), in KiB; 0 once
 * it has none (exited). */
static guint64
vm_hwm_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || (line = strstr (status, "\nVmHWM:")) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen ("\nVmHWM:"), NULL, 10);
}

/* Pulse itself, `pulse --export-json` of the range with @cache_home as
 * its cache folder: its own peak resident set in MiB (the bench's
 * process held more than one index at a time, workers being freed in
 * their threads). Read from the child's VmHWM while it runs, as its
 * exit status's ru_maxrss also counts the bench's own pages it was
 * forked with. A measurement, not a test: it polls. */
static double
pulse_peak_rss (const char      *conninfo,
                const char      *cache_home,
                PulseQueryRange *range)
{
  g_autofree char *connection = g_strdup_printf ("--connection=%s", conninfo);
  char from_day[16], to_day[16];
  g_autofree char *from = NULL, *to = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_CACHE_HOME", cache_home, TRUE);
  g_autoptr(GError) error = NULL;
  guint64 peak = 0;
  GPid pid;
  int status;

  g_date_strftime (from_day, sizeof from_day, "%Y-%m-%d", pulse_query_range_get_from (range));
  g_date_strftime (to_day, sizeof to_day, "%Y-%m-%d", pulse_query_range_get_to (range));
  from = g_strdup_printf ("--from=%s", from_day);
  to = g_strdup_printf ("--to=%s", to_day);
  const char *argv[] = { g_getenv ("PULSE_BINARY"), connection, from, to, "--export-json=/dev/null", NULL };
  g_assert_nonnull (argv[0]);
  g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  pulse_bench_check (error);
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      peak = MAX (peak, vm_hwm_kib (pid));
      g_usleep (5 * G_TIME_SPAN_MILLISECOND);
    }
  g_spawn_check_wait_status (status, &error);
  pulse_bench_check (error);
  return peak / 1024.0;
}

static void
print_breakdown (const char  *title,
                 GPtrArray   *metrics,
                 Runs        *ms,
                 const Timing *floor)
{
  g_print ("\n%s: per metric, median of %u runs (ms, x floor; the first includes the session's start)\n",
           title, runs);
  for (guint i = 0; i < metrics->len; i++)
    g_print ("  %-28s %10.1f %8.2f\n", pulse_metric_get_id (g_ptr_array_index (metrics, i)), median_of (ms[i]),
             median_of (ms[i]) / median_of (floor->ms));
}

int
main (int   argc,
      char *argv[])
{
  guint64 n_persons = pulse_bench_env_number ("PULSE_BENCH_PERSONS", DEFAULT_PERSONS);
  guint64 n_events = pulse_bench_env_number ("PULSE_BENCH_EVENTS", n_persons * DEFAULT_EVENTS_PER_PERSON);
  guint64 n_new = pulse_bench_env_number ("PULSE_BENCH_NEW_EVENTS", DEFAULT_NEW_EVENTS);
  gboolean with_export = pulse_bench_env_number ("PULSE_BENCH_EXPORT", 1) != 0;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = NULL;
  g_autoptr(PulseQueryRange) month = NULL, year = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *cache_home = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *warm30_name = NULL, *warm365_name = NULL;
  g_autoptr(PGresult) counted = NULL;
  GPtrArray *metrics;
  Timing floor = { "count(*) activity_events (floor)" };
  Timing cold30 = { "whole dashboard, cold, Last 30 days (BRIN)" };
  Timing cold365 = { "whole dashboard, cold, Last 365 days" };
  Timing warm30 = { NULL }, warm365 = { NULL };
  Timing verify30 = { "  then the background check of the cache, 30 days" };
  Timing verify365 = { "  then the background check of the cache, 365 days" };
  Timing export30 = { "export path (--export-json), warm, 30 days, checked" };
  Timing export365 = { "export path (--export-json), warm, 365 days, checked" };
  Runs *ms30, *ms365, *ms_warm;
  double scratch[64];
  double load_cold = 0, load_warm = 0, cold_rss, cold_cache_mib;
  gint64 start;

  /* The worker and the export keep the activity cache under the user's
   * cache folder: a fresh one, read before anything asks GLib for it. */
  cache_home = g_dir_make_tmp ("pulse-bench-dashboard-XXXXXX", &error);
  pulse_bench_check (error);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  cache_dir = pulse_activity_cache_dup_default_dir ();
  g_assert_true (g_str_has_prefix (cache_dir, cache_home));

  catalog = pulse_catalog_new_bundled (&error);
  pulse_bench_check (error);
  metrics = pulse_catalog_get_metrics (catalog);
  g_assert_cmpuint (metrics->len, <=, G_N_ELEMENTS (scratch));
  ms30 = g_new0 (Runs, metrics->len);
  ms365 = g_new0 (Runs, metrics->len);
  ms_warm = g_new0 (Runs, metrics->len);
  runs = (guint) CLAMP (pulse_bench_env_number ("PULSE_BENCH_RUNS", DEFAULT_RUNS), 1, MAX_RUNS);
  warm30_name = g_strdup_printf ("whole dashboard, warm (cache + %" G_GUINT64_FORMAT " new), 30 days", n_new);
  warm365_name = g_strdup_printf ("whole dashboard, warm (cache + %" G_GUINT64_FORMAT " new), 365 days", n_new);
  warm30.name = warm30_name;
  warm365.name = warm365_name;

  conninfo = g_strdup (g_getenv ("PULSE_BENCH_CONNINFO"));
  if (conninfo == NULL)
    {
      pulse_test_pg_start ();
      conninfo = pulse_test_pg_create_db ("bench_dashboard");
    }
  if (!is_filled (conninfo))
    {
      start = g_get_monotonic_time ();
      fill (conninfo, n_persons, n_events, today);
      g_print ("Generated %" G_GUINT64_FORMAT " persons and %" G_GUINT64_FORMAT " events in %.1f s\n",
               n_persons, n_events, pulse_bench_since_ms (start) / 1000.0);
    }

  {
    PulseSessionOptions options;

    pulse_session_options_init_dashboard (&options);
    options.statement_timeout_ms = 0;
    conn = pulse_db_connect (conninfo, &options, NULL, &error);
    pulse_bench_check (error);
  }
  counted = pulse_db_exec (conn, "SELECT (SELECT count(*) FROM activity_events),"
                                 "       (SELECT count(*) FROM post_views) + (SELECT count(*) FROM profile_views)"
                                 "       + (SELECT count(*) FROM finder_searches) + (SELECT count(*) FROM finder_votes)"
                                 "       + (SELECT count(*) FROM post_reactions) + (SELECT count(*) FROM post_comments)"
                                 "       + (SELECT count(*) FROM sessions)",
                           0, NULL, NULL, &error);
  pulse_bench_check (error);
  month = last_days (now, 30);
  year = last_days (now, 365);
  g_print ("activity_events: %s rows; other event tables: %s rows; %u metrics; day buckets, UTC;"
           " %u runs each, interleaved; ratios to the floor of the same run\n\n",
           PQgetvalue (counted, 0, 0), PQgetvalue (counted, 0, 1), metrics->len, runs);

  if (g_getenv ("PULSE_BENCH_EXPLAIN") != NULL)
    {
      explain (conn, catalog, month, g_getenv ("PULSE_BENCH_EXPLAIN"));
      explain (conn, catalog, year, g_getenv ("PULSE_BENCH_EXPLAIN"));
    }

  for (guint run = 0; run < runs; run++)
    {
      floor.ms[run] = pulse_bench_time_count (conn);
      clear_cache (cache_dir);
      cold30.ms[run] = time_worker_dashboard (conninfo, catalog, month, scratch, NULL);
      for (guint i = 0; i < metrics->len; i++)
        ms30[i][run] = scratch[i];
      clear_cache (cache_dir);
      cold365.ms[run] = time_worker_dashboard (conninfo, catalog, year, scratch, NULL);
      for (guint i = 0; i < metrics->len; i++)
        ms365[i][run] = scratch[i];
      load_cold += pulse_bench_load_average () / runs;
    }
  cold_rss = pulse_bench_peak_rss_mib ();
  cold_cache_mib = pulse_activity_cache_get_size (cache_dir) / 1048576.0;

  /* The last cold run left the year's cache. */
  for (guint run = 0; run < runs; run++)
    {
      pulse_bench_add_events (conninfo, n_new, n_persons);
      warm365.ms[run] = time_worker_dashboard (conninfo, catalog, year, scratch, &verify365.ms[run]);
      for (guint i = 0; i < metrics->len; i++)
        ms_warm[i][run] = scratch[i];
      pulse_bench_add_events (conninfo, n_new, n_persons);
      warm30.ms[run] = time_worker_dashboard (conninfo, catalog, month, NULL, &verify30.ms[run]);
      if (with_export)
        {
          if (run + 1 < runs)
            pulse_bench_add_events (conninfo, n_new, n_persons);
          export30.ms[run] = time_export_dashboard (conn, catalog, month);
          pulse_bench_add_events (conninfo, n_new, n_persons);
          export365.ms[run] = time_export_dashboard (conn, catalog, year);
        }
      load_warm += pulse_bench_load_average () / runs;
    }

  g_print ("%-58s %10s %10s %8s %8s  %s\n", "", "min ms", "median ms", "min/fl", "med/fl", "target");
  print_timing (&floor, &floor, NULL);
  print_timing (&cold30, &floor, "<= 1.5");
  print_timing (&cold365, &floor, "<= 8");
  print_timing (&warm30, &floor, "<= 0.25");
  print_timing (&verify30, &floor, NULL);
  print_timing (&warm365, &floor, "<= 0.25");
  print_timing (&verify365, &floor, NULL);
  if (with_export)
    {
      print_timing (&export30, &floor, NULL);
      print_timing (&export365, &floor, NULL);
    }
  g_print ("\nload average (1 min) during the cold runs %.2f, the warm runs %.2f (2 cores)\n", load_cold, load_warm);
  g_print ("peak RSS after the cold runs: %.1f MiB (process; at the end: %.1f MiB)\n", cold_rss, pulse_bench_peak_rss_mib ());
  g_print ("activity cache on disk: %.1f MiB after a cold year, %.1f MiB at the end (%s)\n",
           cold_cache_mib, pulse_activity_cache_get_size (cache_dir) / 1048576.0, cache_dir);

  {
    g_autofree char *cold_home = g_dir_make_tmp ("pulse-bench-rss-XXXXXX", &error);

    pulse_bench_check (error);
    g_print ("pulse --export-json, Last 365 days, peak RSS: %.1f MiB cold (no cache), %.1f MiB warm (the cache above)\n",
             pulse_peak_rss (conninfo, cold_home, year), pulse_peak_rss (conninfo, cache_home, year));
    pulse_test_remove_tree (cold_home);
  }

  print_breakdown ("cold, Last 30 days", metrics, ms30, &floor);
  print_breakdown ("cold, Last 365 days", metrics, ms365, &floor);
  print_breakdown ("warm, Last 365 days", metrics, ms_warm, &floor);

  g_free (ms30);
  g_free (ms365);
  g_free (ms_warm);
  g_clear_pointer (&conn, PQfinish);
  pulse_test_remove_tree (cache_home);
  pulse_test_pg_stop ();
  return 0;
}
