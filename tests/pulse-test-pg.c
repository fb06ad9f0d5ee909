/* pulse-test-pg.c: a throwaway PostgreSQL cluster for the test suite
 *
 * Each test program starts one real server (the same PulsePgCluster the
 * demo uses) in a temporary directory, on a Unix socket, and creates a
 * database per test from a template holding the baseline schema.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pulse-demo.h"
#include "pulse-pg-cluster-private.h"
#include "pulse-test-pg.h"

#define TEMPLATE_DB "pulse_template"

struct _PulseTestServer
{
  PulsePgCluster *cluster;
  char           *base_dir;
  pid_t           postmaster_pid;
};

static PulseTestServer *shared;
static volatile pid_t shared_postmaster_pid;

static const int fatal_signals[] = { SIGABRT, SIGTRAP, SIGSEGV, SIGBUS, SIGTERM, SIGINT };

/* A failed assertion aborts, and meson's timeout sends SIGTERM: either
 * way the server must not outlive the test program. Immediate shutdown
 * (SIGQUIT) is all a signal handler may safely ask for. */
static void
on_fatal_signal (int signum)
{
  if (shared_postmaster_pid > 0)
    kill (shared_postmaster_pid, SIGQUIT);
  raise (signum);
}

static void
stop_server_on_fatal_signals (gboolean enable)
{
  struct sigaction action = { 0 };

  action.sa_handler = enable ? on_fatal_signal : SIG_DFL;
  action.sa_flags = SA_RESETHAND;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (fatal_signals); i++)
    sigaction (fatal_signals[i], &action, NULL);
}

static pid_t
read_postmaster_pid (const char *base_dir)
{
  g_autofree char *path = g_build_filename (base_dir, "data", "postmaster.pid", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  return (pid_t) strtol (contents, NULL, 10);
}

/* Runs in the guard between fork and exec: out of our session, so that
 * meson's kill of the test's process group spares it. */
static void
leave_session (gpointer data)
{
  setsid ();
}

/* However the test program ends (an abort, or meson's SIGTERM then
 * SIGKILL), nothing may stay behind: a shell that outlives it reads a
 * pipe from it, and when the pipe closes without "done" it waits until
 * no process works in the directory (an initdb or a pg_ctl left
 * running, a server until its cluster's watchdog stops it) and removes
 * it. It starts before any cluster in it: a start cut short leaves
 * nothing either. */
static int
start_guard (const char *dir)
{
  const char *argv[] = {
    "/bin/sh", "-c",
    "read -r line && [ \"$line\" = done ] && exit 0; dir=$(cd \"$1\" && pwd -P) || exit 0; i=0; "
    "while [ $i -lt 600 ] && ls -l /proc/[0-9]*/cwd 2>/dev/null | "
    "  awk -v d=\"$dir\" '$NF == d || index($NF, d \"/\") == 1 { found = 1 } END { exit !found }'; do "
    "  sleep 0.1; i=$((i+1)); done; "
    "rm -rf \"$1\"",
    "pulse-test-guard", dir, NULL
  };
  g_autoptr(GError) error = NULL;
  int fd = -1;

  g_spawn_async_with_pipes (NULL, (char **)argv, NULL,
                            G_SPAWN_CLOEXEC_PIPES | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                            leave_session, NULL, NULL, &fd, NULL, NULL, &error);
  g_assert_no_error (error);
  return fd;
}

/* How much longer every wait may take: build-aux/dev sets it for the
 * sanitizers, whose runs are several times slower, as meson's
 * --timeout-multiplier does for whole tests. */
guint
pulse_test_timeout_multiplier (void)
{
  const char *value = g_getenv ("PULSE_TEST_TIMEOUT_MULTIPLIER");
  guint64 multiplier = value ? g_ascii_strtoull (value, NULL, 10) : 1;

  return CLAMP (multiplier, 1, 20);
}

/* Each guarded directory's pipe to its guard. */
static GHashTable *guards;

/**
 * pulse_test_make_tmp_dir:
 * @template: for g_dir_make_tmp()
 *
 * A temporary directory the server's user can reach (root runs it as
 * "postgres"), removed with whatever runs in it however the test
 * program ends; pulse_test_remove_tmp_dir() removes it before.
 */
char *
pulse_test_make_tmp_dir (const char *template)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  g_chmod (dir, 0755);
  if (guards == NULL)
    guards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (guards, g_strdup (dir), GINT_TO_POINTER (start_guard (dir)));
  return g_steal_pointer (&dir);
}

void
pulse_test_remove_tmp_dir (const char *dir)
{
  g_autofree char *key = NULL;
  gpointer fd;

  g_assert_true (g_hash_table_steal_extended (guards, dir, (gpointer *)&key, &fd));
  pulse_test_remove_tree (dir);
  g_assert_cmpint (write (GPOINTER_TO_INT (fd), "done\n", 5), ==, 5);
  close (GPOINTER_TO_INT (fd));
}

/**
 * pulse_test_server_start:
 *
 * A server of its own, for a test that kills or freezes it. Whatever
 * happens to it, pulse_test_server_free() (or the guard, if the test
 * program dies) removes it.
 */
PulseTestServer *
pulse_test_server_start (void)
{
  PulseTestServer *server = g_new0 (PulseTestServer, 1);
  g_autoptr(GError) error = NULL;

  server->base_dir = pulse_test_make_tmp_dir ("pulse-test-pg-XXXXXX");
  server->cluster = pulse_pg_cluster_new (server->base_dir);
  pulse_pg_cluster_start (server->cluster, NULL, &error);
  g_assert_no_error (error);
  server->postmaster_pid = read_postmaster_pid (server->base_dir);
  g_assert_cmpint (server->postmaster_pid, >, 0);
  return server;
}

/* A process's state letter and parent, from /proc; FALSE if it is gone. */
gboolean
pulse_test_process_stat (pid_t  pid,
                         char  *state,
                         pid_t *parent)
{
  g_autofree char *name = g_strdup_printf ("%d", (int)pid);
  g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
  g_autofree char *stat = NULL;
  const char *end;

  /* "pid (comm) state ppid ...": comm may hold spaces and parentheses. */
  if (!g_file_get_contents (path, &stat, NULL, NULL) || !(end = strrchr (stat, ')')))
    return FALSE;
  *state = end[2];
  *parent = (pid_t)g_ascii_strtoll (end + 4, NULL, 10);
  return TRUE;
}

/* Exited, even if nobody reaped it (a zombie). */
gboolean
pulse_test_process_gone (pid_t pid)
{
  char state;
  pid_t parent;

  return !pulse_test_process_stat (pid, &state, &parent) || state == 'Z';
}

/* Stops the server unless it is gone already, and removes its files. */
void
pulse_test_server_free (PulseTestServer *server)
{
  if (!pulse_test_process_gone (server->postmaster_pid))
    {
      g_autoptr(GError) error = NULL;

      pulse_pg_cluster_stop (server->cluster, &error);
      g_assert_no_error (error);
    }
  /* A server that died leaves its socket directory to us. */
  pulse_test_remove_tree (pulse_pg_cluster_get_socket_dir (server->cluster));
  g_clear_object (&server->cluster);
  pulse_test_remove_tmp_dir (server->base_dir);
  g_free (server->base_dir);
  g_free (server);
}

/* A fast shutdown (pg_ctl stop -m fast), behind the cluster's back: its
 * socket directory stays for pulse_test_server_restart(). */
void
pulse_test_server_shut_down (PulseTestServer *server)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_cmpint (kill (server->postmaster_pid, SIGINT), ==, 0);
  while (!pulse_test_process_gone (server->postmaster_pid))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 50);
    }
}

/* The server shut down, back on the same socket and port. */
void
pulse_test_server_restart (PulseTestServer *server)
{
  g_autoptr(GError) error = NULL;

  pulse_pg_cluster_restart (server->cluster, &error);
  g_assert_no_error (error);
  server->postmaster_pid = read_postmaster_pid (server->base_dir);
  g_assert_cmpint (server->postmaster_pid, >, 0);
}

pid_t
pulse_test_server_get_postmaster_pid (PulseTestServer *server)
{
  return server->postmaster_pid;
}

char *
pulse_test_server_dup_conninfo (PulseTestServer *server,
                                const char      *dbname)
{
  return pulse_pg_cluster_dup_conninfo (server->cluster, dbname);
}

const char *
pulse_test_server_get_socket_dir (PulseTestServer *server)
{
  return pulse_pg_cluster_get_socket_dir (server->cluster);
}

guint
pulse_test_server_get_port (PulseTestServer *server)
{
  return pulse_pg_cluster_get_port (server->cluster);
}

/* rm -rf: a test's temporary directories, whatever they hold. */
void
pulse_test_remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

char *
pulse_test_data_path (const char *relative_path)
{
  const char *srcdir = g_getenv ("PULSE_TEST_SRCDIR");

  g_assert_nonnull (srcdir);
  return g_build_filename (srcdir, relative_path, NULL);
}

PGconn *
pulse_test_pg_connect_admin (const char *conninfo)
{
  PulseSessionOptions options;
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  pulse_session_options_init_admin (&options);
  conn = pulse_db_connect (conninfo, &options, NULL, &error);
  g_assert_no_error (error);
  return conn;
}

/* A session as the dashboard opens one: read-only, with its timeout. */
PGconn *
pulse_test_pg_connect_dashboard (const char *conninfo)
{
  PulseSessionOptions options;
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  pulse_session_options_init_dashboard (&options);
  conn = pulse_db_connect (conninfo, &options, NULL, &error);
  g_assert_no_error (error);
  return conn;
}

void
pulse_test_pg_exec (const char *conninfo,
                    const char *sql)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(GError) error = NULL;

  pulse_db_exec_script (conn, sql, &error);
  g_assert_no_error (error);
}

void
pulse_test_pg_run_file (const char *conninfo,
                        const char *relative_path)
{
  g_autofree char *path = pulse_test_data_path (relative_path);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);
  pulse_test_pg_exec (conninfo, sql);
}

void
pulse_test_pg_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *maintenance = NULL;
  g_autofree char *template_conninfo = NULL;

  shared = pulse_test_server_start ();
  shared_postmaster_pid = shared->postmaster_pid;
  stop_server_on_fatal_signals (TRUE);

  maintenance = pulse_test_server_dup_conninfo (shared, "postgres");
  pulse_test_pg_exec (maintenance, "CREATE DATABASE " TEMPLATE_DB);
  template_conninfo = pulse_test_server_dup_conninfo (shared, TEMPLATE_DB);
  pulse_demo_load_baseline (template_conninfo, &error);
  g_assert_no_error (error);
}

void
pulse_test_pg_stop (void)
{
  stop_server_on_fatal_signals (FALSE);
  shared_postmaster_pid = 0;
  g_clear_pointer (&shared, pulse_test_server_free);
}

/* A fresh database holding the baseline schema, for one test. */
char *
pulse_test_pg_create_db (const char *name)
{
  g_autofree char *maintenance = pulse_test_server_dup_conninfo (shared, "postgres");
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s", name);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE " TEMPLATE_DB, name);

  /* Test-chosen identifiers only: DDL takes no bound parameters. */
  g_assert_true (g_regex_match_simple ("^[a-z_][a-z0-9_]*$", name, 0, 0));
  pulse_test_pg_exec (maintenance, drop);
  pulse_test_pg_exec (maintenance, create);
  return pulse_test_server_dup_conninfo (shared, name);
}

/* The demo generator's data for @persons, ending today (UTC): what
 * the window tests look at. */
static void
generate_demo_data (const char *conninfo,
                    guint       persons)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  pulse_demo_generate_data (conninfo, persons, today, &error);
  g_assert_no_error (error);
}

/* A fresh database of demo data (see generate_demo_data()). */
char *
pulse_test_pg_create_demo_db (const char *name,
                              guint       persons)
{
  char *conninfo = pulse_test_pg_create_db (name);

  generate_demo_data (conninfo, persons);
  return conninfo;
}

/* @server's "postgres" database with the baseline schema and demo data
 * (see generate_demo_data()), for a test that stops the server. */
char *
pulse_test_server_dup_demo_conninfo (PulseTestServer *server,
                                     guint            persons)
{
  char *conninfo = pulse_test_server_dup_conninfo (server, "postgres");
  g_autoptr(GError) error = NULL;

  pulse_demo_load_baseline (conninfo, &error);
  g_assert_no_error (error);
  generate_demo_data (conninfo, persons);
  return conninfo;
}

const char *
pulse_test_pg_socket_dir (void)
{
  return pulse_test_server_get_socket_dir (shared);
}

guint
pulse_test_pg_port (void)
{
  return pulse_test_server_get_port (shared);
}

/* A login role that must give its password (scram-sha-256), while the
 * rest of the test cluster keeps trust authentication. */
void
pulse_test_pg_add_password_role (const char *role,
                                 const char *password)
{
  g_autofree char *maintenance = pulse_test_server_dup_conninfo (shared, "postgres");
  g_autofree char *hba_path = g_build_filename (shared->base_dir, "data", "pg_hba.conf", NULL);
  g_autofree char *hba = NULL;
  g_autofree char *line = NULL;
  g_autofree char *updated = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *create = NULL;
  const char *params[] = { password };

  g_assert_true (g_regex_match_simple ("^[a-z_][a-z0-9_]*$", role, 0, 0));
  create = g_strdup_printf ("CREATE ROLE %s LOGIN", role);
  pulse_test_pg_exec (maintenance, create);

  conn = pulse_test_pg_connect_admin (maintenance);
  /* The password is a bound value: format() quotes it server-side. */
  result = pulse_db_exec (conn, "SELECT format ('ALTER ROLE %I PASSWORD %L', $2::text, $1::text)",
                          2, (const char * const[]) { params[0], role }, NULL, &error);
  g_assert_no_error (error);
  pulse_db_exec_script (conn, PQgetvalue (result, 0, 0), &error);
  g_assert_no_error (error);

  g_file_get_contents (hba_path, &hba, NULL, &error);
  g_assert_no_error (error);
  line = g_strdup_printf ("local all %s scram-sha-256\nhost all %s 127.0.0.1/32 scram-sha-256\n", role, role);
  updated = g_strconcat (line, hba, NULL);
  g_file_set_contents (hba_path, updated, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, PQclear);
  result = pulse_db_exec (conn, "SELECT pg_catalog.pg_reload_conf ()", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The postmaster reloads asynchronously. */
  g_usleep (G_USEC_PER_SEC / 2);
}

/* Greps a tree for a string (a password that must not be on disk),
 * returning the first file that holds it. */
char *
pulse_test_find_in_tree (const char *dir,
                         const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          char *found = pulse_test_find_in_tree (path, needle);
          if (found != NULL)
            return found;
        }
      else if (g_file_get_contents (path, &contents, &length, NULL) &&
               g_strstr_len (contents, length, needle) != NULL)
        return g_steal_pointer (&path);
    }
  return NULL;
}

/* A wait condition: nobody but us is connected to @conninfo's database. */
gboolean
pulse_test_pg_no_backends (gpointer conninfo)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PGresult) result = PQexec (conn, "SELECT count(*) FROM pg_stat_activity "
                                             "WHERE datname = current_database() AND pid <> pg_backend_pid()");

  return g_str_equal (PQgetvalue (result, 0, 0), "0");
}
