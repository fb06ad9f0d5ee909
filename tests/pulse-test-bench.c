/* pulse-test-bench.c: what the benchmarks share
 *
 * Timings are ratios to `SELECT count(*) FROM activity_events` measured in
 * the same run, as min and median of the runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pulse-db.h"
#include "pulse-test-bench.h"
#include "pulse-test-pg.h"

/* New events of the last day, as a live platform adds them. */
static const char add_sql[] =
  "INSERT INTO activity_events (person_id, kind, occurred_at)"
  " SELECT 1 + (hashint8extended (i, 2) & 65535) % $2::integer, 'view', now () - i * interval '1 second'"
  "   FROM generate_series (1, $1::integer) AS i";

guint64
pulse_bench_env_number (const char *name,
                        guint64     fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_ascii_strtoull (value, NULL, 10) : fallback;
}

double
pulse_bench_since_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

double
pulse_bench_min (const double *ms,
                 guint         n)
{
  double best = ms[0];

  for (guint i = 1; i < n; i++)
    best = MIN (best, ms[i]);
  return best;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
pulse_bench_median (const double *ms,
                    guint         n)
{
  g_autofree double *sorted = g_memdup2 (ms, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_double);
  return sorted[n / 2];
}

void
pulse_bench_check (GError *error)
{
  if (error != NULL)
    g_error ("%s", error->message);
}

double
pulse_bench_time_count (PGconn *conn)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PGresult) result = pulse_db_exec (conn, "SELECT count(*) FROM activity_events", 0, NULL, NULL, &error);

  pulse_bench_check (error);
  return pulse_bench_since_ms (start);
}

/* The process's peak resident set, in MiB (VmHWM). */
double
pulse_bench_peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmHWM:")))
    return 0;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

/* The one-minute load average, -1 where there is none. */
double
pulse_bench_load_average (void)
{
  g_autofree char *text = NULL;

  return g_file_get_contents ("/proc/loadavg", &text, NULL, NULL) ? g_ascii_strtod (text, NULL) : -1;
}

void
pulse_bench_add_events (const char *conninfo,
                        guint64     n_events,
                        guint64     n_persons)
{
  g_autoptr(PGconn) admin = pulse_test_pg_connect_admin (conninfo);
  g_autofree char *events = g_strdup_printf ("%" G_GUINT64_FORMAT, n_events);
  g_autofree char *persons = g_strdup_printf ("%" G_GUINT64_FORMAT, n_persons);
  const char *params[] = { events, persons };
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = pulse_db_exec (admin, add_sql, 2, params, NULL, &error);

  pulse_bench_check (error);
}
