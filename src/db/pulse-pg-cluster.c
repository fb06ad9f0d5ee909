/* pulse-pg-cluster.c: a private PostgreSQL cluster on a Unix socket
 *
 * The demo workspace and the test suite both run one of these: initdb
 * into a directory of ours, then a server that listens on a socket in a
 * private directory and on no TCP port. PostgreSQL refuses to run as
 * root, so when we are root the server runs as the unprivileged
 * "postgres" user and owns the directories it writes.
 *
 * The server must not outlive us, however we end: a start in another
 * thread is waited for by a stop, and a watchdog (a shell in a session
 * of its own, reading a pipe from us) stops the server and removes its
 * socket directory when the pipe closes without "done", as it does
 * when we are killed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "pulse-db.h"
#include "pulse-error.h"
#include "pulse-pg-cluster-private.h"

#define SUPERUSER "pulse"
#define UNPRIVILEGED_USER "postgres"
/* pg_ctl gives up on a start after 60 s; initdb comes before it. */
#define START_WAIT_SECONDS 90

struct _PulsePgCluster
{
  GObject  parent_instance;

  char    *base_dir;
  char    *data_dir;
  char    *socket_dir;
  char    *bindir;
  guint    port;
  gboolean durable;
  gboolean running;
  /* An already-running server we adopted is not ours to stop. */
  gboolean started_by_us;
  gboolean socket_dir_is_ours;
  int      watchdog_fd;     /* -1 without a server of ours */

  GMutex   lock;
  GCond    start_ended;
  gboolean starting;        /* in a thread: a stop waits for it */
};

G_DEFINE_FINAL_TYPE (PulsePgCluster, pulse_pg_cluster, G_TYPE_OBJECT)

typedef struct
{
  uid_t uid;
  gid_t gid;
} RunAs;

static void
pulse_pg_cluster_finalize (GObject *object)
{
  PulsePgCluster *self = (PulsePgCluster *)object;

  if (self->running && self->started_by_us)
    pulse_pg_cluster_stop (self, NULL);

  g_clear_pointer (&self->base_dir, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->socket_dir, g_free);
  g_clear_pointer (&self->bindir, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->start_ended);

  G_OBJECT_CLASS (pulse_pg_cluster_parent_class)->finalize (object);
}

static void
pulse_pg_cluster_class_init (PulsePgClusterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_pg_cluster_finalize;
}

static void
pulse_pg_cluster_init (PulsePgCluster *self)
{
  self->port = 5432;
  self->watchdog_fd = -1;
  g_mutex_init (&self->lock);
  g_cond_init (&self->start_ended);
}

PulsePgCluster *
pulse_pg_cluster_new (const char *base_dir)
{
  PulsePgCluster *self;

  g_return_val_if_fail (base_dir != NULL, NULL);

  self = g_object_new (PULSE_TYPE_PG_CLUSTER, NULL);
  self->base_dir = g_strdup (base_dir);
  self->data_dir = g_build_filename (base_dir, "data", NULL);
  return self;
}

const char *
pulse_pg_cluster_get_socket_dir (PulsePgCluster *self)
{
  g_return_val_if_fail (PULSE_IS_PG_CLUSTER (self), NULL);
  return self->socket_dir;
}

guint
pulse_pg_cluster_get_port (PulsePgCluster *self)
{
  g_return_val_if_fail (PULSE_IS_PG_CLUSTER (self), 0);
  return self->port;
}

/* Throwaway clusters (tests) skip fsync; the demo keeps its data safe. */
void
pulse_pg_cluster_set_durable (PulsePgCluster *self,
                              gboolean        durable)
{
  g_return_if_fail (PULSE_IS_PG_CLUSTER (self));
  self->durable = !!durable;
}

static gboolean
has_server_programs (const char *dir)
{
  static const char * const programs[] = { "initdb", "pg_ctl", "postgres" };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *path = g_build_filename (dir, programs[i], NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return FALSE;
    }
  return TRUE;
}

static char *
bindir_from_pg_config (void)
{
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "pg_config", "--bindir", NULL };

  if (!g_spawn_sync (NULL, (char **)argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;

  g_strstrip (out);
  return g_steal_pointer (&out);
}

static int
compare_version_dirs (gconstpointer a,
                      gconstpointer b)
{
  /* Newest major version first. */
  return (int)g_ascii_strtoll (*(char **)b, NULL, 10) - (int)g_ascii_strtoll (*(char **)a, NULL, 10);
}

static char *
bindir_from_debian_layout (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (versions, g_strdup (name));
  g_ptr_array_sort (versions, compare_version_dirs);

  for (guint i = 0; i < versions->len; i++)
    {
      g_autofree char *bin = g_build_filename ("/usr/lib/postgresql", versions->pdata[i], "bin", NULL);
      if (has_server_programs (bin))
        return g_steal_pointer (&bin);
    }
  return NULL;
}

/**
 * pulse_pg_find_bindir:
 *
 * Finds the directory holding initdb, pg_ctl and postgres: $PULSE_PG_BINDIR,
 * then pg_config, then the Debian, Fedora/PGDG and Flatpak locations.
 */
char *
pulse_pg_find_bindir (GError **error)
{
  static const char * const fixed[] = {
    "/app/bin", "/usr/bin", "/usr/local/pgsql/bin", "/usr/pgsql-17/bin",
    "/usr/pgsql-16/bin", "/usr/pgsql-15/bin", "/usr/pgsql-14/bin",
  };
  const char *env = g_getenv ("PULSE_PG_BINDIR");
  g_autofree char *from_pg_config = NULL;
  g_autofree char *debian = NULL;

  if (env != NULL && has_server_programs (env))
    return g_strdup (env);

  from_pg_config = bindir_from_pg_config ();
  if (from_pg_config != NULL && has_server_programs (from_pg_config))
    return g_steal_pointer (&from_pg_config);

  debian = bindir_from_debian_layout ();
  if (debian != NULL)
    return g_steal_pointer (&debian);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    if (has_server_programs (fixed[i]))
      return g_strdup (fixed[i]);

  g_set_error (error, PULSE_ERROR, PULSE_ERROR_NO_SERVER_BINARIES,
               _("The PostgreSQL server programs (initdb, pg_ctl, postgres) were not found. "
                 "Install them: “apt install postgresql” on Debian and Ubuntu, "
                 "“dnf install postgresql-server” on Fedora."));
  return NULL;
}

static gboolean
lookup_run_as (RunAs   *run_as,
               GError **error)
{
  struct passwd *pw;

  if (geteuid () != 0)
    {
      run_as->uid = (uid_t)-1;
      return TRUE;
    }

  pw = getpwnam (UNPRIVILEGED_USER);
  if (pw == NULL)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_SERVER_START,
                   /* Translators: %s is the system user, “postgres” */
                   _("PostgreSQL cannot run as root and there is no “%s” user to run it as"),
                   UNPRIVILEGED_USER);
      return FALSE;
    }
  run_as->uid = pw->pw_uid;
  run_as->gid = pw->pw_gid;
  return TRUE;
}

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
drop_privileges (gpointer data)
{
  const RunAs *run_as = data;

  if (run_as->uid == (uid_t)-1)
    return;
  if (setgroups (0, NULL) != 0 || setgid (run_as->gid) != 0 || setuid (run_as->uid) != 0)
    _exit (127);
}

static gboolean
give_to_server_user (const char  *path,
                     const RunAs *run_as,
                     GError     **error)
{
  if (run_as->uid == (uid_t)-1)
    return TRUE;
  if (chown (path, run_as->uid, run_as->gid) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   /* Translators: a directory, then the system's reason */
                   _("Cannot hand %s to the server user: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_program (PulsePgCluster      *self,
             const char * const  *argv,
             const char          *what,
             GError             **error)
{
  RunAs run_as;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int status = 0;

  if (!lookup_run_as (&run_as, error))
    return FALSE;

  /* The server must not inherit the caller's libpq settings or locale. */
  envp = g_environ_unsetenv (envp, "PGDATA");
  envp = g_environ_unsetenv (envp, "PGHOST");
  envp = g_environ_unsetenv (envp, "PGPORT");
  envp = g_environ_setenv (envp, "LC_ALL", "C", TRUE);

  if (!g_spawn_sync (self->base_dir, (char **)argv, envp, G_SPAWN_DEFAULT,
                     drop_privileges, &run_as, &out, &err, &status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_SERVER_START,
                   /* Translators: "initdb failed: …" or "Starting the PostgreSQL server failed: …" */
                   _("%s failed: %s"), what, g_strstrip (err && *err ? err : out ? out : ""));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_bindir (PulsePgCluster  *self,
               GError         **error)
{
  if (self->bindir == NULL)
    self->bindir = pulse_pg_find_bindir (error);
  return self->bindir != NULL;
}

static gboolean
ensure_initialized (PulsePgCluster  *self,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autofree char *version_file = g_build_filename (self->data_dir, "PG_VERSION", NULL);
  g_autofree char *initdb = NULL;
  RunAs run_as;

  if (g_file_test (version_file, G_FILE_TEST_EXISTS))
    return TRUE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !lookup_run_as (&run_as, error))
    return FALSE;

  if (g_mkdir_with_parents (self->base_dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   /* Translators: a directory, then the system's reason */
                   _("Cannot create %s: %s"), self->base_dir, g_strerror (errsv));
      return FALSE;
    }
  if (!give_to_server_user (self->base_dir, &run_as, error))
    return FALSE;

  initdb = g_build_filename (self->bindir, "initdb", NULL);
  {
    const char * const argv[] = {
      initdb, "--pgdata", self->data_dir, "--username", SUPERUSER,
      "--auth", "trust", "--encoding", "UTF8", "--no-locale", "--no-sync", NULL
    };
    return run_program (self, argv, "initdb", error);
  }
}

static char *
read_postmaster_pid_line (const char *data_dir,
                          guint       line)
{
  g_autofree char *path = g_build_filename (data_dir, "postmaster.pid", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  if (g_strv_length (lines) <= line)
    return NULL;
  return g_strdup (lines[line]);
}

/* A server left running (by another Pulse, or a crash) is adopted. */
static gboolean
adopt_running_server (PulsePgCluster *self)
{
  g_autofree char *pg_ctl = g_build_filename (self->bindir, "pg_ctl", NULL);
  g_autofree char *port = NULL;
  g_autofree char *socket_dir = NULL;
  const char * const argv[] = { pg_ctl, "--pgdata", self->data_dir, "status", NULL };

  if (!run_program (self, argv, "pg_ctl status", NULL))
    return FALSE;

  /* postmaster.pid: pid, data dir, start time, port, socket dir, ... */
  port = read_postmaster_pid_line (self->data_dir, 3);
  socket_dir = read_postmaster_pid_line (self->data_dir, 4);
  if (port == NULL || socket_dir == NULL || *socket_dir == '\0')
    return FALSE;

  self->port = (guint)g_ascii_strtoull (port, NULL, 10);
  g_free (self->socket_dir);
  self->socket_dir = g_steal_pointer (&socket_dir);
  self->running = TRUE;
  self->started_by_us = FALSE;
  return TRUE;
}

static gboolean
make_socket_dir (PulsePgCluster  *self,
                 GError         **error)
{
  g_autofree char *template = g_build_filename (g_get_tmp_dir (), "pulse-pg-XXXXXX", NULL);
  RunAs run_as;

  if (!lookup_run_as (&run_as, error))
    return FALSE;

  /* Unix socket paths are short (107 bytes), so not under base_dir. */
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      int errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create a socket directory: %s"), g_strerror (errsv));
      return FALSE;
    }
  if (!give_to_server_user (template, &run_as, error))
    {
      g_rmdir (template);
      return FALSE;
    }

  g_free (self->socket_dir);
  self->socket_dir = g_steal_pointer (&template);
  self->socket_dir_is_ours = TRUE;
  return TRUE;
}

/* Runs in the watchdog between fork and exec: out of our session, so
 * that a kill of our process group (a test runner's) spares it. */
static void
leave_session (gpointer data)
{
  setsid ();
}

/* When the pipe closes without "done", it stops the server of
 * postmaster.pid, once that file names a process that runs in the data
 * directory (a start may be under way, or the file stale), waking it
 * first in case it was frozen; then it removes the socket directory. */
static gboolean
start_watchdog (PulsePgCluster  *self,
                GError         **error)
{
  const char *argv[] = {
    "/bin/sh", "-c",
    "read -r line && [ \"$line\" = done ] && exit 0; dir=$(cd \"$1\" && pwd -P); i=0; "
    "while [ -n \"$dir\" ] && [ $i -lt 600 ]; do "
    "  if read -r pid < \"$1/postmaster.pid\" && [ \"$(readlink \"/proc/$pid/cwd\")\" = \"$dir\" ]; then "
    "    kill -CONT \"$pid\"; kill -QUIT \"$pid\"; "
    "    while kill -0 \"$pid\" && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; break; fi; "
    "  sleep 0.1; i=$((i+1)); done; "
    "rm -rf \"$2\"",
    "pulse-pg-watchdog", self->data_dir, self->socket_dir, NULL
  };

  return g_spawn_async_with_pipes (NULL, (char **)argv, NULL,
                                   G_SPAWN_CLOEXEC_PIPES | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   leave_session, NULL, NULL, &self->watchdog_fd, NULL, NULL, error);
}

/* @stopped: whether the server is down; if not, the watchdog stops it. */
static void
release_watchdog (PulsePgCluster *self,
                  gboolean        stopped)
{
  if (self->watchdog_fd < 0)
    return;
  if (stopped && write (self->watchdog_fd, "done\n", 5) != 5)
    g_debug ("The watchdog of %s is gone: %s", self->data_dir, g_strerror (errno));
  close (self->watchdog_fd);
  self->watchdog_fd = -1;
}

static gboolean
start_server (PulsePgCluster  *self,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autofree char *pg_ctl = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;
  g_autofree char *quoted_socket_dir = NULL;

  if (!ensure_bindir (self, error) || !ensure_initialized (self, cancellable, error))
    return FALSE;

  if (adopt_running_server (self))
    return TRUE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !make_socket_dir (self, error))
    return FALSE;
  if (!start_watchdog (self, error))
    {
      g_rmdir (self->socket_dir);
      g_clear_pointer (&self->socket_dir, g_free);
      return FALSE;
    }

  quoted_socket_dir = g_shell_quote (self->socket_dir);
  options = g_strdup_printf ("-k %s -c listen_addresses= -c max_connections=40 %s",
                             quoted_socket_dir,
                             self->durable ? "-c synchronous_commit=off"
                                           : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
  pg_ctl = g_build_filename (self->bindir, "pg_ctl", NULL);
  log = g_build_filename (self->base_dir, "server.log", NULL);

  {
    const char * const argv[] = {
      pg_ctl, "--pgdata", self->data_dir, "--log", log, "--options", options,
      "--wait", "--timeout", "60", "start", NULL
    };

    if (!run_program (self, argv, _("Starting the PostgreSQL server"), error))
      {
        /* A server that came up after pg_ctl gave up is stopped. */
        release_watchdog (self, FALSE);
        g_rmdir (self->socket_dir);
        g_clear_pointer (&self->socket_dir, g_free);
        return FALSE;
      }
  }

  self->running = TRUE;
  self->started_by_us = TRUE;
  return TRUE;
}

/**
 * pulse_pg_cluster_start:
 * @cancellable: checked before each step (initdb, the server's start)
 *
 * Blocking; may run in a thread while another one calls
 * pulse_pg_cluster_stop(), which then waits for the start to end.
 */
gboolean
pulse_pg_cluster_start (PulsePgCluster  *self,
                        GCancellable    *cancellable,
                        GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (PULSE_IS_PG_CLUSTER (self), FALSE);

  g_mutex_lock (&self->lock);
  while (self->starting)
    g_cond_wait (&self->start_ended, &self->lock);
  /* Checked under the lock: a stop that cancelled first finds nothing
   * starting, and no server starts after it. */
  if (self->running || g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      ok = self->running;
      g_mutex_unlock (&self->lock);
      return ok;
    }
  self->starting = TRUE;
  g_mutex_unlock (&self->lock);

  ok = start_server (self, cancellable, error);

  g_mutex_lock (&self->lock);
  self->starting = FALSE;
  g_cond_broadcast (&self->start_ended);
  g_mutex_unlock (&self->lock);
  return ok;
}

static gboolean
wait_for_start (PulsePgCluster  *self,
                GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + START_WAIT_SECONDS * G_TIME_SPAN_SECOND;

  while (self->starting)
    if (!g_cond_wait_until (&self->start_ended, &self->lock, deadline))
      {
        g_set_error (error, PULSE_ERROR, PULSE_ERROR_TIMEOUT,
                     /* Translators: a directory, then a number of seconds */
                     _("The PostgreSQL server of %s is still starting after %d seconds: it is left to stop on its own"),
                     self->data_dir, START_WAIT_SECONDS);
        return FALSE;
      }
  return TRUE;
}

static gboolean
stop_server (PulsePgCluster  *self,
             GError         **error)
{
  g_autofree char *pg_ctl = NULL;
  gboolean ok;

  if (!self->running)
    return TRUE;

  if (!self->started_by_us)
    {
      self->running = FALSE;
      return TRUE;
    }

  pg_ctl = g_build_filename (self->bindir, "pg_ctl", NULL);
  {
    const char * const argv[] = {
      pg_ctl, "--pgdata", self->data_dir, "--mode", "fast", "--wait", "stop", NULL
    };
    ok = run_program (self, argv, _("Stopping the PostgreSQL server"), error);
  }

  release_watchdog (self, ok);
  self->running = FALSE;
  if (self->socket_dir_is_ours && self->socket_dir != NULL)
    g_rmdir (self->socket_dir);
  return ok;
}

/**
 * pulse_pg_cluster_stop:
 *
 * Stops the server we started; a start under way in another thread is
 * waited for (a while) first, so that its server stops too.
 */
gboolean
pulse_pg_cluster_stop (PulsePgCluster  *self,
                       GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (PULSE_IS_PG_CLUSTER (self), FALSE);

  g_mutex_lock (&self->lock);
  ok = wait_for_start (self, error) && stop_server (self, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

/**
 * pulse_pg_cluster_restart:
 *
 * Starts the server again after it stopped behind the cluster's back (a
 * test shut it down), with the options of its last start: the same
 * socket and port, so connections made before find it again.
 */
gboolean
pulse_pg_cluster_restart (PulsePgCluster  *self,
                          GError         **error)
{
  g_autofree char *pg_ctl = NULL;
  g_autofree char *log = NULL;

  g_return_val_if_fail (PULSE_IS_PG_CLUSTER (self), FALSE);
  g_return_val_if_fail (self->running, FALSE);

  pg_ctl = g_build_filename (self->bindir, "pg_ctl", NULL);
  log = g_build_filename (self->base_dir, "server.log", NULL);
  {
    /* With the server down, "restart" starts it with postmaster.opts. */
    const char * const argv[] = {
      pg_ctl, "--pgdata", self->data_dir, "--log", log, "--wait", "--timeout", "60", "restart", NULL
    };

    return run_program (self, argv, _("Restarting the PostgreSQL server"), error);
  }
}

char *
pulse_pg_cluster_dup_conninfo (PulsePgCluster *self,
                               const char     *dbname)
{
  g_autofree char *host = NULL;
  g_autofree char *db = NULL;

  g_return_val_if_fail (PULSE_IS_PG_CLUSTER (self), NULL);
  g_return_val_if_fail (self->socket_dir != NULL, NULL);

  host = pulse_db_quote_conninfo_value (self->socket_dir);
  db = pulse_db_quote_conninfo_value (dbname ? dbname : "postgres");
  return g_strdup_printf ("host=%s port=%u user=%s dbname=%s", host, self->port, SUPERUSER, db);
}
