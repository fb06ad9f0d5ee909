/* test-faults.c: what Pulse does when things go wrong, as a user sees it
 *
 * Servers killed three ways, a frozen server, a malicious catalog,
 * outputs that are symlinks, FIFOs and devices, a full disk, a huge
 * range. Each runs the real program and checks its exit status, its one
 * line on stderr, and that nothing was lost or left behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pulse-catalog.h"
#include "pulse-demo.h"
#include "pulse-test-json.h"
#include "pulse-test-pg.h"
#include "pulse-test-run.h"

/* A catalog query must bind all four parameters and name its columns. */
#define ROW(value) "SELECT 'summary'::text AS kind, 'n'::text AS key, NULL::text AS label, (" value ")::float8 AS value "
#define USES_PARAMS "WHERE $1::date IS NOT NULL AND $2::date IS NOT NULL AND $3::text IS NOT NULL AND $4::text IS NOT NULL"
#define SLOW_SQL ROW ("0") "FROM pg_catalog.pg_sleep (60) " USES_PARAMS

static char *fixture_conninfo;

/* A scratch directory: out/ for outputs, config/ for XDG_CONFIG_HOME
 * (see save_connection()), which env sets. */
typedef struct
{
  char       *dir;
  char       *out;
  char       *config;
  char       *catalog;
  const char *env[5];
} Scratch;

static void
scratch_init (Scratch *scratch)
{
  g_autoptr(GError) error = NULL;

  scratch->dir = g_dir_make_tmp ("pulse-faults-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (scratch->dir, 0755);
  scratch->out = g_build_filename (scratch->dir, "out", NULL);
  scratch->config = g_build_filename (scratch->dir, "config", NULL);
  scratch->catalog = g_build_filename (scratch->dir, "catalog.json", NULL);
  g_assert_cmpint (g_mkdir (scratch->out, 0755), ==, 0);
  scratch->env[0] = "XDG_CONFIG_HOME";
  scratch->env[1] = scratch->config;
  scratch->env[2] = "DBUS_SESSION_BUS_ADDRESS";
  scratch->env[3] = "unix:path=/nonexistent/pulse-test-bus";
}

static void
scratch_clear (Scratch *scratch)
{
  pulse_test_remove_tree (scratch->dir);
  g_clear_pointer (&scratch->dir, g_free);
  g_clear_pointer (&scratch->out, g_free);
  g_clear_pointer (&scratch->config, g_free);
  g_clear_pointer (&scratch->catalog, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scratch, scratch_clear)

/* @ids_and_sql: metric id, SQL, id, SQL, ..., NULL */
static void
write_catalog (Scratch            *scratch,
               const char * const *ids_and_sql)
{
  g_autoptr(GString) json = g_string_new ("{ \"metrics\": [\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; ids_and_sql[i] != NULL; i += 2)
    g_string_append_printf (json,
                            "%s  { \"id\": \"%s\", \"group\": \"growth\", \"title\": \"%s\", \"description\": \"d\",\n"
                            "    \"chart\": \"line\", \"variants\": [ { \"source\": \"table\", \"requires\": [],\n"
                            "    \"sql\": \"%s\" } ] }\n",
                            i > 0 ? "," : "", ids_and_sql[i], ids_and_sql[i], ids_and_sql[i + 1]);
  g_string_append (json, "] }\n");
  g_file_set_contents (scratch->catalog, json->str, -1, &error);
  g_assert_no_error (error);
}

/* A saved connection named "Faults" with its own statement timeout. */
static void
save_connection (Scratch    *scratch,
                 const char *socket_dir,
                 guint       port,
                 const char *database,
                 guint       timeout_s)
{
  g_autofree char *dir = g_build_filename (scratch->config, "pulse", NULL);
  g_autofree char *path = g_build_filename (dir, "connections.json", NULL);
  g_autofree char *json = g_strdup_printf (
      "{\"version\": 1, \"connections\": [{\"id\": \"3f1c0de4-0000-4000-8000-0000000000fa\", "
      "\"name\": \"Faults\", \"host\": \"%s\", \"port\": %u, \"database\": \"%s\", \"user\": \"pulse\", "
      "\"statement_timeout\": %u}]}", socket_dir, port, database, timeout_s);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *)a, *(char * const *)b);
}

/* The names in @dir, sorted and joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

/* Nothing left behind: @dir holds exactly @expected. */
static void
assert_dir_holds (const char *dir,
                  const char *expected)
{
  g_autofree char *names = list_dir (dir);

  g_assert_cmpstr (names, ==, expected);
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

static void
write_previous (const char *path)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "previous\n", -1, &error);
  g_assert_no_error (error);
}

/* A failure is exit status 1 and exactly one line on stderr. */
static void
assert_one_line_error (const PulseTestRun *run,
                       const char         *needle)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "pulse: "));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  if (strstr (run->err, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, run->err);
}

static void
assert_json_document (const char *text)
{
  g_autoptr(JsonNode) document = pulse_test_json_parse (text);

  g_assert_true (json_object_has_member (json_node_get_object (document), "metrics"));
}

/* Server processes ---------------------------------------------------- */

/* The postmaster and its children (backends, checkpointer, ...). */
static GArray *
server_pids (pid_t postmaster)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_array_append_val (pids, postmaster);
  while ((name = g_dir_read_name (proc)))
    {
      pid_t pid = (pid_t)g_ascii_strtoll (name, NULL, 10);
      pid_t parent = 0;
      char state;

      if (pid > 0 && pulse_test_process_stat (pid, &state, &parent) && parent == postmaster)
        g_array_append_val (pids, pid);
    }
  return pids;
}

static void
signal_all (GArray *pids,
            int     signum)
{
  for (guint i = 0; i < pids->len; i++)
    kill (g_array_index (pids, pid_t, i), signum);
}

static void
wait_until_gone (GArray *pids)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (guint i = 0; i < pids->len; i++)
    while (!pulse_test_process_gone (g_array_index (pids, pid_t, i)))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (G_USEC_PER_SEC / 50);
      }
}

/* Waits until Pulse's session runs a query holding @needle; returns its
 * backend's pid. Fails at once if @process has ended instead. */
static int
wait_for_pulse_query (const char  *conninfo,
                      const char  *needle,
                      GSubprocess *process)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  const char *params[] = { needle };

  for (;;)
    {
      g_autoptr(PGresult) result = NULL;
      g_autoptr(GError) error = NULL;

      result = pulse_db_exec (conn,
                              "SELECT pid FROM pg_catalog.pg_stat_activity WHERE application_name = 'Pulse' "
                              "AND state = 'active' AND pid <> pg_catalog.pg_backend_pid () "
                              "AND position ($1 in query) > 0",
                              1, params, NULL, &error);
      g_assert_no_error (error);
      if (PQntuples (result) > 0)
        return (int)g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      g_assert_nonnull (g_subprocess_get_identifier (process));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 50);
    }
}

/* A server of the test's own, with the platform's tables in "postgres". */
static PulseTestServer *
start_victim (char **conninfo)
{
  PulseTestServer *server = pulse_test_server_start ();
  g_autoptr(GError) error = NULL;

  *conninfo = pulse_test_server_dup_conninfo (server, "postgres");
  pulse_demo_load_baseline (*conninfo, &error);
  g_assert_no_error (error);
  return server;
}

/* A killed server ------------------------------------------------------ */

typedef void (*KillFunc) (const char *conninfo,
                          int         backend,
                          gpointer    data);

/* An export whose server goes away mid-query fails with one line and
 * leaves the previous output as it was, with no temporary file. */
static void
assert_export_survives (const char *conninfo,
                        KillFunc    kill_server,
                        gpointer    data)
{
  g_auto(Scratch) scratch = { 0 };
  g_autofree char *output = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_auto(PulseTestRun) run = { 0 };

  scratch_init (&scratch);
  write_catalog (&scratch, (const char *[]) { "slow", SLOW_SQL, NULL });
  output = g_build_filename (scratch.out, "result.json", NULL);
  write_previous (output);

  process = pulse_test_run_pulse_start ((const char *[]) { "--connection", conninfo, "--catalog", scratch.catalog,
                                                            "--export-json", output, NULL }, NULL, NULL);
  kill_server (conninfo, wait_for_pulse_query (conninfo, "pg_sleep", process), data);
  pulse_test_run_pulse_wait (&run, process);

  assert_one_line_error (&run, "connection to the server was lost");
  g_assert_nonnull (strstr (run.err, "“slow”"));
  assert_contents (output, "previous\n");
  assert_dir_holds (scratch.out, "result.json");
}

typedef struct
{
  PulseTestServer *server;
  int              signum;
  GArray          *pids;
} Signalling;

static void
signal_postmaster (const char *conninfo,
                   int         backend,
                   gpointer    data)
{
  Signalling *signalling = data;
  pid_t postmaster = pulse_test_server_get_postmaster_pid (signalling->server);

  signalling->pids = server_pids (postmaster);
  kill (postmaster, signalling->signum);
}

/* SIGKILL: the postmaster dies at once (its backends follow); SIGINT:
 * a fast shutdown, which terminates the sessions. */
static void
test_server_signalled (gconstpointer signum)
{
  g_autofree char *conninfo = NULL;
  Signalling signalling = { start_victim (&conninfo), GPOINTER_TO_INT (signum), NULL };

  assert_export_survives (conninfo, signal_postmaster, &signalling);
  wait_until_gone (signalling.pids);
  g_array_unref (signalling.pids);
  pulse_test_server_free (signalling.server);
}

static void
terminate_backend (const char *conninfo,
                   int         backend,
                   gpointer    data)
{
  g_autofree char *pid = g_strdup_printf ("%d", backend);
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = pulse_db_exec (conn, "SELECT pg_catalog.pg_terminate_backend ($1::int)",
                          1, (const char *[]) { pid }, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "t");
}

static void
test_backend_terminated (void)
{
  assert_export_survives (fixture_conninfo, terminate_backend, NULL);
}

/* A frozen server: the export gives up after the statement timeout
 * (2 s) plus the margin, not when the server wakes up. */
static void
test_frozen_server (void)
{
  g_autofree char *conninfo = NULL;
  g_autoptr(PulseTestServer) server = start_victim (&conninfo);
  g_auto(Scratch) scratch = { 0 };
  g_autofree char *output = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GArray) pids = NULL;
  g_auto(PulseTestRun) run = { 0 };
  gint64 frozen_at;
  double waited;

  scratch_init (&scratch);
  save_connection (&scratch, pulse_test_server_get_socket_dir (server), pulse_test_server_get_port (server),
                   "postgres", 2);
  write_catalog (&scratch, (const char *[]) { "slow", SLOW_SQL, NULL });
  output = g_build_filename (scratch.out, "result.json", NULL);
  write_previous (output);

  process = pulse_test_run_pulse_start ((const char *[]) { "--connection", "Faults",
                                                            "--catalog", scratch.catalog,
                                                            "--export-json", output, NULL }, scratch.env, NULL);
  wait_for_pulse_query (conninfo, "pg_sleep", process);
  pids = server_pids (pulse_test_server_get_postmaster_pid (server));
  signal_all (pids, SIGSTOP);
  frozen_at = g_get_monotonic_time ();
  pulse_test_run_pulse_wait (&run, process);
  waited = (double)(g_get_monotonic_time () - frozen_at) / G_USEC_PER_SEC;
  signal_all (pids, SIGCONT);

  assert_one_line_error (&run, "did not answer within 7 s");
  g_assert_cmpfloat (waited, <, 20);
  assert_contents (output, "previous\n");
  assert_dir_holds (scratch.out, "result.json");
}

/* A malicious catalog ---------------------------------------------------- */

/* The first query switches the session's read-only default off; the
 * second still runs read-only. */
static void
test_catalog_cannot_write (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (fixture_conninfo);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) error = NULL;

  scratch_init (&scratch);
  pulse_test_pg_exec (fixture_conninfo, "CREATE TABLE fault_log (n int)");
  write_catalog (&scratch, (const char *[]) {
    "unlock", ROW ("length (pg_catalog.set_config ('default_transaction_read_only', 'off', false))") USES_PARAMS,
    "write", "WITH w AS (INSERT INTO fault_log VALUES (1) RETURNING 1) " ROW ("(SELECT count(*) FROM w)") USES_PARAMS,
    NULL });

  pulse_test_run_pulse (&run, (const char *[]) { "--connection", fixture_conninfo, "--catalog", scratch.catalog,
                                                  "--export-json", "-", NULL }, NULL);
  assert_one_line_error (&run, "read-only transaction");
  g_assert_nonnull (strstr (run.err, "“write”"));
  g_assert_nonnull (strstr (run.err, "catalog.json"));

  result = pulse_db_exec (conn, "SELECT count(*) FROM fault_log", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "0");
  pulse_test_pg_exec (fixture_conninfo, "DROP TABLE fault_log");
}

/* The first query switches the statement timeout off; the second is
 * still stopped after the connection's one second. */
static void
test_catalog_cannot_lift_timeout (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  gint64 started;

  scratch_init (&scratch);
  save_connection (&scratch, pulse_test_pg_socket_dir (), pulse_test_pg_port (), "faults", 1);
  write_catalog (&scratch, (const char *[]) {
    "untimed", ROW ("length (pg_catalog.set_config ('statement_timeout', '0', false))") USES_PARAMS,
    "sleepy", ROW ("0") "FROM pg_catalog.pg_sleep (5) " USES_PARAMS,
    NULL });

  started = g_get_monotonic_time ();
  pulse_test_run_pulse (&run, (const char *[]) { "--connection", "Faults", "--catalog", scratch.catalog,
                                                  "--export-json", "-", NULL }, scratch.env);
  assert_one_line_error (&run, "statement timeout (1 s)");
  g_assert_nonnull (strstr (run.err, "“sleepy”"));
  g_assert_nonnull (strstr (run.err, "shorter range"));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
}

/* Rows a catalog query must not return: an error naming the metric and
 * its file, never a crash. Infinity is null, with a note. */
static void
test_catalog_bad_rows (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  g_autoptr(JsonNode) document = NULL;
  JsonObject *metric;

  scratch_init (&scratch);
  write_catalog (&scratch, (const char *[]) {
    "bars", "SELECT * FROM (VALUES ('histogram', 'histogram', NULL, 5), ('histogram', 'histogram', '2', 3)) "
            "AS t (kind, key, label, value) " USES_PARAMS, NULL });
  pulse_test_run_pulse (&run, (const char *[]) { "--connection", fixture_conninfo, "--catalog", scratch.catalog,
                                                  "--export-json", "-", NULL }, NULL);
  assert_one_line_error (&run, "“bars”");
  g_assert_nonnull (strstr (run.err, "catalog.json"));
  g_assert_nonnull (strstr (run.err, "not a whole number"));

  write_catalog (&scratch, (const char *[]) {
    "text", "SELECT 'summary'::text AS kind, 'n'::text AS key, NULL::text AS label, 'abc'::text AS value "
            USES_PARAMS, NULL });
  pulse_test_run_pulse (&run, (const char *[]) { "--connection", fixture_conninfo, "--catalog", scratch.catalog,
                                                  "--export-json", "-", NULL }, NULL);
  assert_one_line_error (&run, "“abc”");

  write_catalog (&scratch, (const char *[]) {
    "endless", "SELECT 'summary'::text AS kind, 'n'::text AS key, NULL::text AS label, "
               "'Infinity'::float8 AS value " USES_PARAMS, NULL });
  pulse_test_run_pulse (&run, (const char *[]) { "--connection", fixture_conninfo, "--catalog", scratch.catalog,
                                                  "--export-json", "-", NULL }, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  document = pulse_test_json_parse (run.out);
  metric = json_object_get_object_member (json_object_get_object_member (
      json_node_get_object (document), "metrics"), "endless");
  g_assert_true (json_node_is_null (json_object_get_member (json_object_get_object_member (metric, "summary"), "n")));
  g_assert_nonnull (strstr (json_object_get_string_member (metric, "note"), "not a finite number"));
}

/* Server notices (WARNING, NOTICE) are not the user's business. */
static void
test_notices_stay_off_stderr (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };

  scratch_init (&scratch);
  pulse_test_pg_exec (fixture_conninfo,
                      "CREATE FUNCTION fault_warn () RETURNS int LANGUAGE plpgsql AS "
                      "$$ BEGIN RAISE WARNING 'fault warning'; RAISE NOTICE 'fault notice'; RETURN 1; END $$");
  write_catalog (&scratch, (const char *[]) { "noisy", ROW ("fault_warn ()") USES_PARAMS, NULL });
  pulse_test_run_pulse (&run, (const char *[]) { "--connection", fixture_conninfo, "--catalog", scratch.catalog,
                                                  "--export-json", "-", NULL }, NULL);
  pulse_test_pg_exec (fixture_conninfo, "DROP FUNCTION fault_warn ()");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
}

/* Outputs ---------------------------------------------------------------- */

static void
run_export (PulseTestRun *run,
            const char   *option,
            const char   *path)
{
  pulse_test_run_pulse (run, (const char *[]) { "--connection", fixture_conninfo, "--from", "2026-03-01",
                                                 "--to", "2026-03-10", option, path, NULL }, NULL);
}

/* A symlink stays one; its target is replaced and keeps its mode. */
static void
test_output_symlink (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  g_autofree char *target = NULL;
  g_autofree char *link = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  scratch_init (&scratch);
  target = g_build_filename (scratch.out, "target.json", NULL);
  link = g_build_filename (scratch.out, "link.json", NULL);
  write_previous (target);
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_cmpint (symlink ("target.json", link), ==, 0);

  run_export (&run, "--export-json", link);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  assert_json_document (contents);
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  assert_dir_holds (scratch.out, "link.json target.json");
}

typedef struct
{
  int           fd;
  GString      *data;
  volatile gint done;
} FifoReader;

/* Reads whatever comes until told the writer is done. */
static gpointer
read_fifo (gpointer user_data)
{
  FifoReader *reader = user_data;

  for (;;)
    {
      GPollFD pfd = { reader->fd, G_IO_IN, 0 };
      gboolean done = g_atomic_int_get (&reader->done);
      char buffer[4096];
      gssize n;

      g_poll (&pfd, 1, 100);
      while ((n = read (reader->fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (reader->data, buffer, n);
      if (done)
        return NULL;
    }
}

/* A FIFO (like >(...)) receives the document and stays a FIFO. */
static void
test_output_fifo (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  g_autofree char *fifo = NULL;
  FifoReader reader = { -1, g_string_new (NULL), 0 };
  GThread *thread;
  GStatBuf st;

  scratch_init (&scratch);
  fifo = g_build_filename (scratch.out, "pipe", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* Read and write: opening never blocks, and no end-of-file cuts the
   * reading short before Pulse writes. */
  reader.fd = g_open (fifo, O_RDWR | O_NONBLOCK, 0);
  g_assert_cmpint (reader.fd, >=, 0);
  thread = g_thread_new ("fifo-reader", read_fifo, &reader);

  run_export (&run, "--export-json", fifo);
  g_atomic_int_set (&reader.done, TRUE);
  g_thread_join (thread);
  close (reader.fd);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  assert_json_document (reader.data->str);
  g_assert_cmpint (g_stat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  assert_dir_holds (scratch.out, "pipe");
  g_string_free (reader.data, TRUE);
}

/* A device is written through: a null device stays a character device
 * (a private one first, so a broken Pulse cannot break /dev/null), and
 * /dev/stdout reaches standard output. */
static void
test_output_device (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  g_autofree char *null = NULL;
  GStatBuf st;

  run_export (&run, "--export-json", "/dev/stdout");
  g_assert_cmpint (run.status, ==, 0);
  assert_json_document (run.out);

  if (geteuid () != 0)
    {
      g_test_skip ("making a device node needs root");
      return;
    }
  scratch_init (&scratch);
  null = g_build_filename (scratch.out, "null", NULL);
  g_assert_cmpint (mknod (null, S_IFCHR | 0666, makedev (1, 3)), ==, 0);
  run_export (&run, "--export-json", null);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (g_stat (null, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  assert_dir_holds (scratch.out, "null");

  run_export (&run, "--export-json", "/dev/null");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (g_stat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

static rlim_t file_size_limit;

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { file_size_limit, file_size_limit };

  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Bytes the CSV file of @id takes, from an export without a limit. */
static rlim_t
csv_size (const char *dir,
          const char *id)
{
  g_autofree char *name = g_strconcat (id, ".csv", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (rlim_t)st.st_size;
}

/* With a file size limit that lets the first CSV file through and stops
 * a later one (a disk filling up), the directory keeps what it had. */
static void
test_full_disk (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (NULL);
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  g_autofree char *probe = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GSubprocess) process = NULL;
  const char *csv_args[] = { "--connection", fixture_conninfo, "--from", "2026-03-01", "--to", "2026-03-10",
                             "--export-csv", NULL, NULL };
  rlim_t largest = 0;

  scratch_init (&scratch);
  probe = g_build_filename (scratch.dir, "probe", NULL);
  run_export (&run, "--export-csv", probe);
  g_assert_cmpint (run.status, ==, 0);
  file_size_limit = csv_size (probe, pulse_metric_get_id (g_ptr_array_index (metrics, 0)));
  for (guint i = 1; i < metrics->len; i++)
    largest = MAX (largest, csv_size (probe, pulse_metric_get_id (g_ptr_array_index (metrics, i))));
  g_assert_cmpuint (largest, >, file_size_limit);
  pulse_test_remove_tree (probe);

  previous = g_build_filename (scratch.out, "dau.csv", NULL);
  write_previous (previous);
  csv_args[7] = scratch.out;
  process = pulse_test_run_pulse_start (csv_args, NULL, limit_file_size);
  pulse_test_run_pulse_wait (&run, process);
  assert_one_line_error (&run, g_strerror (EFBIG));
  assert_contents (previous, "previous\n");
  assert_dir_holds (scratch.out, "dau.csv");
  assert_dir_holds (scratch.dir, "out");

  /* The JSON document is as large as all of them: refused whole too. */
  json = g_build_filename (scratch.out, "result.json", NULL);
  write_previous (json);
  g_clear_object (&process);
  process = pulse_test_run_pulse_start ((const char *[]) { "--connection", fixture_conninfo,
                                                            "--export-json", json, NULL }, NULL, limit_file_size);
  pulse_test_run_pulse_wait (&run, process);
  assert_one_line_error (&run, g_strerror (EFBIG));
  assert_contents (json, "previous\n");
  assert_dir_holds (scratch.out, "dau.csv result.json");
}

/* A bad output path is found before any query runs (here: before the
 * connection, which would fail otherwise). */
static void
test_output_checked_first (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  g_autofree char *missing = NULL;

  scratch_init (&scratch);
  missing = g_build_filename (scratch.dir, "no-such-folder", "result.json", NULL);
  pulse_test_run_pulse (&run, (const char *[]) { "--connection", "host=/nonexistent-pulse port=5999 dbname=x",
                                                  "--export-json", missing, NULL }, NULL);
  assert_one_line_error (&run, "does not exist");

  pulse_test_run_pulse (&run, (const char *[]) { "--connection", "host=/nonexistent-pulse port=5999 dbname=x",
                                                  "--report", scratch.out, NULL }, NULL);
  assert_one_line_error (&run, g_strerror (EISDIR));
  assert_dir_holds (scratch.dir, "out");
}

/* A range of two thousand years is refused at once, not after
 * gigabytes. */
static void
test_huge_range (void)
{
  g_auto(Scratch) scratch = { 0 };
  g_auto(PulseTestRun) run = { 0 };
  g_autofree char *output = NULL;

  scratch_init (&scratch);
  output = g_build_filename (scratch.out, "result.json", NULL);
  pulse_test_run_pulse (&run, (const char *[]) { "--connection", fixture_conninfo, "--from", "1000-01-01",
                                                  "--to", "2999-12-31", "--export-json", output, NULL }, NULL);
  assert_one_line_error (&run, "longer than 20 years");
  assert_dir_holds (scratch.out, "");
}

/* An aborted test program leaves no cluster behind: its guard stops the
 * server and removes the directories. */
static void
test_aborted_test_cleans_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  gint64 deadline;

  if (g_test_subprocess ())
    {
      pulse_test_pg_start ();
      g_abort ();
    }

  tmp = g_dir_make_tmp ("pulse-faults-tmp-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (tmp, 0755);
  g_setenv ("TMPDIR", tmp, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("TMPDIR");
  g_test_trap_assert_failed ();

  /* The guard and the cluster's watchdog each poll up to 600 times
   * (60 s and more on a loaded machine). */
  deadline = g_get_monotonic_time () + 180 * pulse_test_timeout_multiplier () * G_USEC_PER_SEC;
  for (g_autofree char *left = list_dir (tmp); *left != '\0'; g_free (left), left = list_dir (tmp))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (G_USEC_PER_SEC / 20);
    }
  g_rmdir (tmp);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/faults/aborted-test-cleans-up", test_aborted_test_cleans_up);
  if (g_test_subprocess ())
    return g_test_run ();

  pulse_test_pg_start ();
  fixture_conninfo = pulse_test_pg_create_db ("faults");
  pulse_test_pg_run_file (fixture_conninfo, "data/metrics-fixture.sql");

  g_test_add_data_func ("/faults/server-killed/sigkill", GINT_TO_POINTER (SIGKILL), test_server_signalled);
  g_test_add_data_func ("/faults/server-killed/fast-shutdown", GINT_TO_POINTER (SIGINT), test_server_signalled);
  g_test_add_func ("/faults/server-killed/terminate-backend", test_backend_terminated);
  g_test_add_func ("/faults/frozen-server", test_frozen_server);
  g_test_add_func ("/faults/catalog/cannot-write", test_catalog_cannot_write);
  g_test_add_func ("/faults/catalog/cannot-lift-timeout", test_catalog_cannot_lift_timeout);
  g_test_add_func ("/faults/catalog/bad-rows", test_catalog_bad_rows);
  g_test_add_func ("/faults/notices-stay-off-stderr", test_notices_stay_off_stderr);
  g_test_add_func ("/faults/output/symlink", test_output_symlink);
  g_test_add_func ("/faults/output/fifo", test_output_fifo);
  g_test_add_func ("/faults/output/device", test_output_device);
  g_test_add_func ("/faults/output/checked-first", test_output_checked_first);
  g_test_add_func ("/faults/full-disk", test_full_disk);
  g_test_add_func ("/faults/huge-range", test_huge_range);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_free (fixture_conninfo);
  return status;
}
