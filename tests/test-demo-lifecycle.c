/* test-demo-lifecycle.c: no server outlives what started it (issue 13)
 *
 * A cold demo start is stopped at each of its steps: through the API,
 * and by SIGTERM to a real Pulse. Whenever it is, the stop returns soon,
 * no server of the demo is left, and the next start opens data. A Pulse
 * or a test program killed outright (SIGKILL) leaves no server, and a
 * test cluster killed as it starts leaves no directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "pulse-demo.h"
#include "pulse-test-pg.h"
#include "pulse-test-run.h"
#include "pulse-test-ui.h"

/* A stop waits for the step under way (an initdb, a server start). */
#define STOP_SECONDS 60

static char *tmp_root;

typedef enum
{
  STEP_QUEUED,      /* the start's thread may not have run yet */
  STEP_INITDB,
  STEP_SERVER,      /* pg_ctl start */
  STEP_GENERATION,  /* of the last weeks, the first data */
  STEP_FULL_YEAR,   /* in the background, in the other database */
} Step;

static const char * const step_names[] = { "queued", "initdb", "server", "generation", "full-year" };

static char *
new_demo_dir (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_root, name, NULL);

  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  return g_steal_pointer (&dir);
}

/* Line @line of postmaster.pid (0: the pid, 3: the port, 4: the socket
 * directory), or NULL without a server. */
static char *
postmaster_line (const char *demo_dir,
                 guint       line)
{
  g_autofree char *path = g_build_filename (demo_dir, "data", "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  return g_strv_length (lines) > line ? g_strdup (lines[line]) : NULL;
}

static pid_t
postmaster_pid (const char *demo_dir)
{
  g_autofree char *pid = postmaster_line (demo_dir, 0);

  return pid ? (pid_t)g_ascii_strtoll (pid, NULL, 10) : 0;
}

/* A generation of data is under way in @database. */
static gboolean
generating (const char *demo_dir,
            const char *database)
{
  g_autofree char *port = postmaster_line (demo_dir, 3);
  g_autofree char *socket_dir = postmaster_line (demo_dir, 4);
  g_autofree char *conninfo = NULL;
  const char *params[] = { database };
  PGconn *conn;
  PGresult *result;
  gboolean found;

  if (port == NULL || socket_dir == NULL)
    return FALSE;
  conninfo = g_strdup_printf ("host='%s' port=%s user=pulse dbname=postgres connect_timeout=5", socket_dir, port);
  conn = PQconnectdb (conninfo);
  result = PQexecParams (conn, "SELECT 1 FROM pg_stat_activity WHERE datname = $1 "
                               "AND state = 'active' AND query LIKE 'SELECT pulse_demo.generate%'",
                         1, NULL, params, NULL, NULL, 0);
  found = PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) > 0;
  PQclear (result);
  PQfinish (conn);
  if (!found)
    g_usleep (G_USEC_PER_SEC / 20);
  return found;
}

typedef struct
{
  const char *demo_dir;
  Step        step;
} StepWatch;

static gboolean
step_reached (gpointer data)
{
  StepWatch *watch = data;
  g_autofree char *data_dir = g_build_filename (watch->demo_dir, "data", NULL);
  g_autofree char *log = g_build_filename (watch->demo_dir, "server.log", NULL);

  switch (watch->step)
    {
    case STEP_QUEUED:
      return TRUE;
    case STEP_INITDB:
      return g_file_test (data_dir, G_FILE_TEST_IS_DIR);
    case STEP_SERVER:
      return g_file_test (log, G_FILE_TEST_EXISTS);
    case STEP_GENERATION:
      return generating (watch->demo_dir, PULSE_DEMO_DATABASE);
    case STEP_FULL_YEAR:
      return generating (watch->demo_dir, PULSE_DEMO_DATABASE "_next");
    default:
      g_assert_not_reached ();
    }
}

static void
wait_for_step (const char *demo_dir,
               Step        step)
{
  StepWatch watch = { demo_dir, step };

  pulse_test_wait_until (step_reached, &watch, 120);
}

static gboolean
is_true (gpointer flag)
{
  return *(gboolean *)flag;
}

static gboolean
process_gone (gpointer pid)
{
  return pulse_test_process_gone (GPOINTER_TO_INT (pid));
}

/* No server of @demo_dir runs: the one seen before (@pid) exits in
 * moments (it removes postmaster.pid first). */
static void
assert_no_server (const char *demo_dir,
                  pid_t       pid)
{
  g_assert_cmpint (postmaster_pid (demo_dir), ==, 0);
  if (pid > 0)
    pulse_test_wait_until (process_gone, GINT_TO_POINTER (pid), 5);
}

typedef struct
{
  gboolean done;
  GError  *error;
} Started;

static void
on_started (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Started *started = data;

  pulse_demo_start_finish (PULSE_DEMO (source), result, &started->error);
  started->done = TRUE;
}


/* The next start of @demo_dir opens data, and its stop stops it.
 * Returns: whether the data are only the last weeks */
static gboolean
assert_starts_with_data (const char *demo_dir)
{
  g_autoptr(PulseDemo) demo = pulse_demo_new (demo_dir);
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;
  Started started = { FALSE, NULL };
  gboolean partial;
  pid_t pid;

  pulse_demo_start_async (demo, NULL, on_started, &started);
  pulse_test_wait_until (is_true, &started.done, 120);
  g_assert_no_error (started.error);
  conn = pulse_test_pg_connect_admin (pulse_demo_get_conninfo (demo));
  result = PQexec (conn, "SELECT count(*) > 0 FROM public.activity_events");
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "t");
  g_clear_pointer (&conn, PQfinish);
  partial = pulse_demo_needs_full_data (demo);

  pid = postmaster_pid (demo_dir);
  g_assert_cmpint (pid, >, 0);
  pulse_demo_stop (demo, &error);
  g_assert_no_error (error);
  assert_no_server (demo_dir, pid);
  return partial;
}

/* pulse_demo_stop() at each step of a cold start: it cancels the start
 * and returns once nothing of it runs. */
static void
test_stop_while_starting (void)
{
  for (Step step = STEP_QUEUED; step <= STEP_GENERATION; step++)
    {
      g_autofree char *name = g_strdup_printf ("api-%s", step_names[step]);
      g_autofree char *demo_dir = new_demo_dir (name);
      g_autoptr(PulseDemo) demo = pulse_demo_new (demo_dir);
      g_autoptr(GError) error = NULL;
      Started started = { FALSE, NULL };
      gint64 begin;
      pid_t pid;

      g_test_message ("Stop while the start is at: %s", step_names[step]);
      pulse_demo_start_async (demo, NULL, on_started, &started);
      wait_for_step (demo_dir, step);
      pid = postmaster_pid (demo_dir);

      begin = g_get_monotonic_time ();
      pulse_demo_stop (demo, &error);
      g_assert_no_error (error);
      g_test_message ("The stop took %.1f s", (g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC);
      g_assert_cmpint (g_get_monotonic_time () - begin, <, STOP_SECONDS * G_USEC_PER_SEC);
      assert_no_server (demo_dir, pid);

      /* The start ended with the stop: it says it was cancelled, and it
       * started no server after it. */
      pulse_test_wait_until (is_true, &started.done, 120);
      g_assert_error (started.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&started.error);
      assert_no_server (demo_dir, pid);

      assert_starts_with_data (demo_dir);
    }
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Completed;

static void
on_completed (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Completed *completed = data;

  completed->ok = pulse_demo_complete_finish (PULSE_DEMO (source), result, &completed->error);
  completed->done = TRUE;
}

/* The same for the full year, generated next to the open data (as it
 * is to bring data up to today): the stop cancels it, and the next
 * start opens the last weeks, not the half-made year. */
static void
test_stop_while_completing (void)
{
  g_autofree char *demo_dir = new_demo_dir ("api-full-year");
  g_autoptr(PulseDemo) demo = pulse_demo_new (demo_dir);
  g_autoptr(GError) error = NULL;
  Started started = { FALSE, NULL };
  Completed completed = { FALSE, FALSE, NULL };
  gint64 begin;
  pid_t pid;

  pulse_demo_start_async (demo, NULL, on_started, &started);
  pulse_test_wait_until (is_true, &started.done, 120);
  g_assert_no_error (started.error);
  g_assert_true (pulse_demo_needs_full_data (demo));
  pulse_demo_complete_async (demo, NULL, on_completed, &completed);
  wait_for_step (demo_dir, STEP_FULL_YEAR);
  pid = postmaster_pid (demo_dir);

  begin = g_get_monotonic_time ();
  pulse_demo_stop (demo, &error);
  g_assert_no_error (error);
  g_test_message ("The stop took %.1f s", (g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC);
  assert_no_server (demo_dir, pid);
  pulse_test_wait_until (is_true, &completed.done, 120);
  g_assert_false (completed.ok);
  g_assert_error (completed.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&completed.error);

  g_assert_true (assert_starts_with_data (demo_dir));
}

static void
on_exited (GObject      *process,
           GAsyncResult *result,
           gpointer      exited)
{
  g_subprocess_wait_finish (G_SUBPROCESS (process), result, NULL);
  *(gboolean *)exited = TRUE;
}


/* @env: NAME, VALUE pairs; the caller waits for @exited. */
static GSubprocess *
spawn (const char * const *argv,
       const char * const *env,
       gboolean           *exited)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  for (guint i = 0; env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  *exited = FALSE;
  g_subprocess_wait_async (process, NULL, on_exited, exited);
  return process;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* SIGTERM (a logout) to a Pulse opening a cold demo, at each step: it
 * exits 0 within the stop's time and leaves no server. A Pulse of its
 * own, on a bus of its own, with a cache of its own. */
static void
test_sigterm_while_starting (void)
{
  for (Step step = STEP_INITDB; step <= STEP_FULL_YEAR; step++)
    {
      g_autofree char *name = g_strdup_printf ("sigterm-%s", step_names[step]);
      g_autofree char *demo_dir = new_demo_dir (name);
      g_autofree char *cache_dir = g_strconcat (demo_dir, "-cache", NULL);
      g_autofree char *pid_file = g_strconcat (demo_dir, ".pid", NULL);
      g_autofree char *script = g_strdup_printf ("echo $$ > '%s'; exec \"$0\" --demo", pid_file);
      g_autofree char *pid_text = NULL;
      const char *env[] = { "PULSE_DEMO_DIR", demo_dir, "XDG_CACHE_HOME", cache_dir, NULL };
      const char *argv[] = { "dbus-run-session", "--", "sh", "-c", script, g_getenv ("PULSE_BINARY"), NULL };
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      gboolean exited;
      gint64 begin;
      pid_t pid;

      g_test_message ("SIGTERM while the start is at: %s", step_names[step]);
      g_assert_nonnull (argv[5]);
      process = spawn (argv, env, &exited);
      pulse_test_wait_until (file_exists, pid_file, 30);
      wait_for_step (demo_dir, step);
      pid = postmaster_pid (demo_dir);
      g_file_get_contents (pid_file, &pid_text, NULL, &error);
      g_assert_no_error (error);

      begin = g_get_monotonic_time ();
      g_assert_cmpint (kill ((pid_t)g_ascii_strtoll (pid_text, NULL, 10), SIGTERM), ==, 0);
      pulse_test_wait_until (is_true, &exited, STOP_SECONDS);
      g_test_message ("Pulse exited %.1f s after SIGTERM",
                      (g_get_monotonic_time () - begin) / (double)G_USEC_PER_SEC);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      assert_no_server (demo_dir, pid);

      assert_starts_with_data (demo_dir);
    }
}

/* A headless Pulse killed outright while it generates the demo's data:
 * the server's watchdog stops the server. */
static void
test_sigkill_stops_server (void)
{
  g_autofree char *demo_dir = new_demo_dir ("sigkill");
  const char *args[] = { "--demo", "--export-json", "-", NULL };
  const char *env[] = { "PULSE_DEMO_DIR", demo_dir, NULL };
  g_autoptr(GSubprocess) process = pulse_test_run_pulse_start (args, env, NULL);
  g_auto(PulseTestRun) run = { 0 };
  pid_t pid;

  wait_for_step (demo_dir, STEP_GENERATION);
  pid = postmaster_pid (demo_dir);
  g_assert_cmpint (pid, >, 0);

  g_subprocess_force_exit (process);
  pulse_test_run_pulse_wait (&run, process);
  g_assert_cmpint (run.status, ==, -1);
  pulse_test_wait_until (process_gone, GINT_TO_POINTER (pid), 30);

  assert_starts_with_data (demo_dir);
}

/* The test cluster's directory, once its start has made it. */
static char *
find_cluster_dir (const char *scratch)
{
  g_autoptr(GDir) dir = g_dir_open (scratch, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "pulse-test-pg-"))
      return g_build_filename (scratch, name, NULL);
  return NULL;
}

static gboolean
cluster_at_step (gpointer data)
{
  StepWatch *watch = data;
  g_autofree char *cluster = find_cluster_dir (watch->demo_dir);
  StepWatch inside = { cluster, watch->step };

  return cluster != NULL && step_reached (&inside);
}

static gboolean
dir_empty (gpointer path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* A test program killed outright as its cluster runs initdb, or once
 * its server runs, leaves neither its server nor its directories
 * (the cluster's and the socket's, both in its TMPDIR). */
static void
test_killed_test_leaves_nothing (void)
{
  const Step steps[] = { STEP_INITDB, STEP_SERVER };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *name = g_strdup_printf ("tmp-%s", step_names[steps[i]]);
      g_autofree char *scratch = new_demo_dir (name);
      g_autofree char *cluster = NULL;
      const char *env[] = { "TMPDIR", scratch, "PULSE_TEST_START_CLUSTER", "1", NULL };
      const char *argv[] = { "/proc/self/exe", NULL };
      g_autoptr(GSubprocess) process = NULL;
      StepWatch watch = { scratch, steps[i] };
      gboolean exited;
      pid_t pid;

      g_assert_cmpint (g_mkdir (scratch, 0755), ==, 0);
      process = spawn (argv, env, &exited);
      pulse_test_wait_until (cluster_at_step, &watch, 120);
      cluster = find_cluster_dir (scratch);
      pid = postmaster_pid (cluster);

      g_subprocess_force_exit (process);
      pulse_test_wait_until (is_true, &exited, 10);
      pulse_test_wait_until (dir_empty, scratch, 60);
      if (pid > 0)
        pulse_test_wait_until (process_gone, GINT_TO_POINTER (pid), 5);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The child of /lifecycle/killed-test-leaves-nothing. */
  if (g_getenv ("PULSE_TEST_START_CLUSTER") != NULL)
    {
      pulse_test_server_start ();
      for (;;)
        pause ();
    }

  g_test_init (&argc, &argv, NULL);
  tmp_root = pulse_test_make_tmp_dir ("pulse-test-lifecycle-XXXXXX");
  /* Enough for the first data to take a moment to generate. */
  g_setenv ("PULSE_DEMO_PERSONS", "2000", TRUE);

  g_test_add_func ("/lifecycle/stop-while-starting", test_stop_while_starting);
  g_test_add_func ("/lifecycle/stop-while-completing", test_stop_while_completing);
  g_test_add_func ("/lifecycle/sigterm-while-starting", test_sigterm_while_starting);
  g_test_add_func ("/lifecycle/sigkill-stops-server", test_sigkill_stops_server);
  g_test_add_func ("/lifecycle/killed-test-leaves-nothing", test_killed_test_leaves_nothing);

  status = g_test_run ();
  pulse_test_remove_tmp_dir (tmp_root);
  g_free (tmp_root);
  return status;
}
