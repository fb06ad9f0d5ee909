/* pulse-demo.c: the embedded demo workspace
 *
 * A private cluster under the user's data directory, holding a database
 * with the platform's baseline schema and generated data that ends
 * today. Data that has fallen behind the clock is regenerated on start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include "pulse-db.h"
#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-migration-runner.h"
#include "pulse-pg-cluster.h"

#define RESOURCE(path) PULSE_RESOURCE_PREFIX path

struct _PulseDemo
{
  GObject         parent_instance;

  PulsePgCluster *cluster;
  char           *conninfo;
};

G_DEFINE_FINAL_TYPE (PulseDemo, pulse_demo, G_TYPE_OBJECT)

static void
pulse_demo_finalize (GObject *object)
{
  PulseDemo *self = (PulseDemo *)object;

  g_clear_object (&self->cluster);
  g_clear_pointer (&self->conninfo, g_free);

  G_OBJECT_CLASS (pulse_demo_parent_class)->finalize (object);
}

static void
pulse_demo_class_init (PulseDemoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_demo_finalize;
}

static void
pulse_demo_init (PulseDemo *self)
{
}

PulseDemo *
pulse_demo_new (const char *base_dir)
{
  PulseDemo *self = g_object_new (PULSE_TYPE_DEMO, NULL);
  g_autofree char *dir = base_dir ? g_strdup (base_dir) : pulse_demo_dup_default_dir ();

  self->cluster = pulse_pg_cluster_new (dir);
  pulse_pg_cluster_set_durable (self->cluster, TRUE);
  return self;
}

/* Root's home is closed to the "postgres" user the server runs as. */
char *
pulse_demo_dup_default_dir (void)
{
  const char *override = g_getenv ("PULSE_DEMO_DIR");

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  if (geteuid () == 0)
    return g_strdup ("/var/tmp/pulse-demo-root");
  return g_build_filename (g_get_user_data_dir (), "pulse", "demo", NULL);
}

const char *
pulse_demo_get_conninfo (PulseDemo *self)
{
  g_return_val_if_fail (PULSE_IS_DEMO (self), NULL);
  return self->conninfo;
}

static char *
load_resource_text (const char  *path,
                    GError     **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static PGconn *
connect_admin (const char  *conninfo,
               GError     **error)
{
  PulseSessionOptions options;

  pulse_session_options_init_admin (&options);
  return pulse_db_connect (conninfo, &options, NULL, error);
}

static gboolean
run_resource_script (PGconn      *conn,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *sql = load_resource_text (path, error);

  return sql != NULL && pulse_db_exec_script (conn, sql, error);
}

/* Loads the platform's baseline schema and the demo data generator. */
gboolean
pulse_demo_load_baseline (const char  *conninfo,
                        GError     **error)
{
  g_autoptr(PGconn) conn = connect_admin (conninfo, error);

  return conn != NULL &&
         run_resource_script (conn, RESOURCE ("/schema/baseline.sql"), error) &&
         run_resource_script (conn, RESOURCE ("/demo/demo-data.sql"), error);
}

gboolean
pulse_demo_generate_data (const char  *conninfo,
                             guint        n_persons,
                             const char  *end_day,
                             GError     **error)
{
  g_autoptr(PGconn) conn = connect_admin (conninfo, error);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *persons = g_strdup_printf ("%u", n_persons);
  const char *params[] = { persons, end_day };

  if (conn == NULL)
    return FALSE;
  result = pulse_db_exec (conn, "SELECT pulse_demo.generate($1::integer, $2::date)",
                          G_N_ELEMENTS (params), params, NULL, error);
  return result != NULL;
}

static gboolean
ensure_database (PulseDemo  *self,
                 GError    **error)
{
  g_autofree char *maintenance = pulse_pg_cluster_dup_conninfo (self->cluster, "postgres");
  g_autoptr(PGconn) conn = connect_admin (maintenance, error);
  g_autoptr(PGresult) exists = NULL;
  const char *params[] = { PULSE_DEMO_DATABASE };

  if (conn == NULL)
    return FALSE;
  exists = pulse_db_exec (conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, params, NULL, error);
  if (exists == NULL)
    return FALSE;
  if (PQntuples (exists) > 0)
    return TRUE;

  /* CREATE DATABASE takes no parameters; the name is our constant. */
  return pulse_db_exec_script (conn, "CREATE DATABASE " PULSE_DEMO_DATABASE, error) &&
         pulse_demo_load_baseline (self->conninfo, error);
}

static char *
dup_today_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%d");
}

static guint
demo_persons (void)
{
  const char *env = g_getenv ("PULSE_DEMO_PERSONS");
  guint64 n = env ? g_ascii_strtoull (env, NULL, 10) : 0;

  return n > 0 && n <= G_MAXINT ? (guint)n : PULSE_DEMO_DEFAULT_PERSONS;
}

static gboolean
ensure_fresh_data (PulseDemo  *self,
                   GError    **error)
{
  g_autoptr(PGconn) conn = connect_admin (self->conninfo, error);
  g_autoptr(PGresult) last = NULL;
  g_autofree char *today = dup_today_utc ();
  guint n_migrated = 0;

  /* The tracking tables first, so the generator fills them too; data
   * made before they existed is regenerated. */
  if (conn == NULL || !pulse_migration_apply_bundled (self->conninfo, &n_migrated, error))
    return FALSE;
  last = pulse_db_exec (conn, "SELECT pulse_demo.last_data_day()::text", 0, NULL, NULL, error);
  if (last == NULL)
    return FALSE;

  if (n_migrated == 0 && !PQgetisnull (last, 0, 0) && g_strcmp0 (PQgetvalue (last, 0, 0), today) >= 0)
    return TRUE;

  g_debug ("Demo data ends %s; regenerating up to %s",
           PQgetisnull (last, 0, 0) ? "nowhere" : PQgetvalue (last, 0, 0), today);
  return pulse_demo_generate_data (self->conninfo, demo_persons (), today, error);
}

/**
 * pulse_demo_start:
 *
 * Blocking: starts (or adopts) the demo server, creates and fills the
 * database the first time, and tops the data up to today.
 */
gboolean
pulse_demo_start (PulseDemo     *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_return_val_if_fail (PULSE_IS_DEMO (self), FALSE);

  if (!pulse_pg_cluster_start (self->cluster, error))
    return FALSE;

  g_clear_pointer (&self->conninfo, g_free);
  self->conninfo = pulse_pg_cluster_dup_conninfo (self->cluster, PULSE_DEMO_DATABASE);

  return !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         ensure_database (self, error) &&
         ensure_fresh_data (self, error);
}

static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (pulse_demo_start (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pulse_demo_start_async (PulseDemo           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PULSE_IS_DEMO (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_demo_start_async);
  g_task_run_in_thread (task, start_thread);
}

gboolean
pulse_demo_start_finish (PulseDemo     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
pulse_demo_stop (PulseDemo  *self,
                 GError    **error)
{
  g_return_val_if_fail (PULSE_IS_DEMO (self), FALSE);
  return pulse_pg_cluster_stop (self->cluster, error);
}
