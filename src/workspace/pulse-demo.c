/* pulse-demo.c: the embedded demo workspace
 *
 * A private cluster under the user's data directory, holding generated
 * data that ends today in one of two databases that take turns: the
 * dashboard reads one while the next full year is generated in the other
 * (generating locks its tables, so never where the dashboard reads).
 *
 * Starting is quick: a server that exists starts in about a second and
 * opens the data it has, even yesterday's. The first start fills only
 * the last weeks (PULSE_DEMO_RECENT_DAYS); pulse_demo_complete_async()
 * then generates the whole year in the background. Steps are told
 * through the "progress" signal, on the caller's main context.
 *
 * pulse_demo_stop() cancels the runs in threads and waits for them, so
 * that no server starts after it and none is left running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "pulse-db.h"
#include "pulse-demo.h"
#include "pulse-dispatch.h"
#include "pulse-error.h"
#include "pulse-migration-runner.h"
#include "pulse-pg-cluster.h"

#define RESOURCE(path) PULSE_RESOURCE_PREFIX path

/* Enough for the default range (30 days) and its weekly rhythm. */
#define PULSE_DEMO_RECENT_DAYS 35
/* Data that starts this many days before its end is a full year's. */
#define FULL_SPAN_DAYS 100
/* A run cancelled, on a stopped server, ends in moments. */
#define RUN_END_WAIT_SECONDS 30

struct _PulseDemo
{
  GObject         parent_instance;

  PulsePgCluster *cluster;
  char           *base_dir;
  char           *conninfo;        /* of the database to read */
  guint           slot;            /* which of slots[] that is */
  gboolean        needs_full_data;
  gboolean        completing;      /* the full year, in the other slot */

  GMutex          lock;
  GCond           run_ended;
  GPtrArray      *runs;            /* the GCancellable of each run in a thread */
};

G_DEFINE_FINAL_TYPE (PulseDemo, pulse_demo, G_TYPE_OBJECT)

enum {
  PROGRESS,
  DATA_REPLACED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const slots[] = { PULSE_DEMO_DATABASE, PULSE_DEMO_DATABASE "_next" };

static void
pulse_demo_finalize (GObject *object)
{
  PulseDemo *self = (PulseDemo *)object;

  g_clear_object (&self->cluster);
  g_clear_pointer (&self->base_dir, g_free);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->run_ended);

  G_OBJECT_CLASS (pulse_demo_parent_class)->finalize (object);
}

static void
pulse_demo_class_init (PulseDemoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_demo_finalize;

  /**
   * PulseDemo::progress:
   * @step: what it does now, a sentence
   * @fraction: how far the start is, from 0 to 1
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_DOUBLE);
  /**
   * PulseDemo::data-replaced:
   *
   * The full year is in, under pulse_demo_get_conninfo(): connections to
   * the data before should move there.
   */
  signals[DATA_REPLACED] = g_signal_new ("data-replaced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pulse_demo_init (PulseDemo *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->run_ended);
  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
}

PulseDemo *
pulse_demo_new (const char *base_dir)
{
  PulseDemo *self = g_object_new (PULSE_TYPE_DEMO, NULL);
  g_autofree char *dir = base_dir ? g_strdup (base_dir) : pulse_demo_dup_default_dir ();

  self->cluster = pulse_pg_cluster_new (dir);
  self->base_dir = g_steal_pointer (&dir);
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

/* @recent_days: 0 for all days */
static gboolean
generate (const char    *conninfo,
          guint          n_persons,
          const char    *end_day,
          guint          recent_days,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(PGconn) conn = connect_admin (conninfo, error);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *persons = g_strdup_printf ("%u", n_persons);
  g_autofree char *recent = recent_days > 0 ? g_strdup_printf ("%u", recent_days) : NULL;
  const char *params[] = { persons, end_day, recent };

  if (conn == NULL)
    return FALSE;
  result = pulse_db_exec (conn, "SELECT pulse_demo.generate($1::integer, $2::date, 400, $3::integer)",
                          G_N_ELEMENTS (params), params, cancellable, error);
  return result != NULL;
}

gboolean
pulse_demo_generate_data (const char  *conninfo,
                          guint        n_persons,
                          const char  *end_day,
                          GError     **error)
{
  return generate (conninfo, n_persons, end_day, 0, NULL, error);
}

/* Runs in threads: a start or the full year */

typedef struct
{
  PulseDemo    *self;
  GMainContext *context;      /* where progress is told; NULL: not told */
  guint         slot;         /* the full year's */
  GCancellable *cancellable;  /* cancelled by the caller's or by pulse_demo_stop() */
  GCancellable *caller;
  gulong        caller_handler;
} Run;

typedef struct
{
  PulseDemo *self;
  char      *step;
  double     fraction;
} Report;

static gboolean
emit_report (gpointer data)
{
  Report *report = data;

  g_signal_emit (report->self, signals[PROGRESS], 0, report->step, report->fraction);
  return G_SOURCE_REMOVE;
}

static void
report_free (gpointer data)
{
  Report *report = data;

  g_object_unref (report->self);
  g_free (report->step);
  g_free (report);
}

static void
report (Run        *progress,
        const char *step,
        double      fraction)
{
  Report *told;

  g_debug ("Demo: %s (%.0f%%)", step, fraction * 100);
  if (progress == NULL || progress->context == NULL)
    return;
  told = g_new0 (Report, 1);
  told->self = g_object_ref (progress->self);
  told->step = g_strdup (step);
  told->fraction = fraction;
  pulse_dispatch (progress->context, emit_report, told, report_free);
}

/* Databases */

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
database_exists (PGconn      *maintenance,
                 const char  *name,
                 gboolean    *exists,
                 GError     **error)
{
  const char *params[] = { name };
  g_autoptr(PGresult) result = pulse_db_exec (maintenance, "SELECT 1 FROM pg_database WHERE datname = $1",
                                              1, params, NULL, error);

  *exists = result != NULL && PQntuples (result) > 0;
  return result != NULL;
}

typedef struct
{
  gboolean has_data;
  gboolean fresh;    /* reaches today */
  gboolean full;     /* a year, not only the last weeks */
} SlotState;

/* A database without data, or without the generator yet, is empty. */
static SlotState
read_slot (const char *conninfo,
           const char *today)
{
  g_autoptr(PGconn) conn = connect_admin (conninfo, NULL);
  g_autoptr(PGresult) result = NULL;
  g_autofree char *span = g_strdup_printf ("%d", FULL_SPAN_DAYS);
  const char *params[] = { today, span };
  SlotState state = { FALSE, FALSE, FALSE };

  /* The slot being filled is locked: empty for now, not a wait. */
  if (conn == NULL || !pulse_db_exec_script (conn, "SET lock_timeout = 200", NULL))
    return state;
  result = pulse_db_exec (conn,
                          "SELECT pulse_demo.last_data_day() >= $1::date, "
                          "       (SELECT max(occurred_at) - min(occurred_at) > make_interval (days => $2::integer) "
                          "          FROM public.activity_events)",
                          G_N_ELEMENTS (params), params, NULL, NULL);
  if (result == NULL || PQgetisnull (result, 0, 0))
    return state;
  state.has_data = TRUE;
  state.fresh = g_str_equal (PQgetvalue (result, 0, 0), "t");
  state.full = g_str_equal (PQgetvalue (result, 0, 1), "t");
  return state;
}

/* Empty: the schema, the generator and the tracking tables. */
static gboolean
create_database (PulseDemo   *self,
                 PGconn      *maintenance,
                 guint        slot,
                 GError     **error)
{
  g_autofree char *drop = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", slots[slot]);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", slots[slot]);
  g_autofree char *conninfo = pulse_pg_cluster_dup_conninfo (self->cluster, slots[slot]);

  /* The names are our constants: CREATE DATABASE takes no parameters.
   * One statement each: neither runs inside a transaction. */
  return pulse_db_exec_script (maintenance, drop, error) &&
         pulse_db_exec_script (maintenance, create, error) &&
         pulse_demo_load_baseline (conninfo, error) &&
         pulse_migration_apply_bundled (conninfo, NULL, error);
}

/* The data of @slot, made anew up to today: the last weeks only if @recent_days. */
static gboolean
fill_slot (PulseDemo     *self,
           PGconn        *maintenance,
           guint          slot,
           guint          recent_days,
           Run           *progress,
           double         done,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *conninfo = pulse_pg_cluster_dup_conninfo (self->cluster, slots[slot]);
  g_autofree char *today = dup_today_utc ();

  report (progress, _("Creating the database"), done);
  if (!create_database (self, maintenance, slot, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  report (progress, recent_days > 0 ? _("Generating the last five weeks of activity")
                                    : _("Generating a year of activity"), done + 0.1);
  return generate (conninfo, demo_persons (), today, recent_days, cancellable, error);
}

static void
use_slot (PulseDemo *self,
          guint      slot)
{
  self->slot = slot;
  g_clear_pointer (&self->conninfo, g_free);
  self->conninfo = pulse_pg_cluster_dup_conninfo (self->cluster, slots[slot]);
}

/* Starts the server and picks the data to open: the freshest, then the
 * fullest; with none, fills the last weeks (@quick) or the year. */
static gboolean
open_data (PulseDemo     *self,
           gboolean       quick,
           Run           *progress,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *version = g_build_filename (self->base_dir, "data", "PG_VERSION", NULL);
  g_autofree char *maintenance_conninfo = NULL;
  g_autofree char *today = dup_today_utc ();
  g_autoptr(PGconn) maintenance = NULL;
  int best = -1;
  SlotState best_state = { FALSE, FALSE, FALSE };

  report (progress, g_file_test (version, G_FILE_TEST_EXISTS) ? _("Starting the demo server")
                                                              : _("Creating a private PostgreSQL server"), 0.05);
  if (!pulse_pg_cluster_start (self->cluster, cancellable, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  maintenance_conninfo = pulse_pg_cluster_dup_conninfo (self->cluster, "postgres");
  if (!(maintenance = connect_admin (maintenance_conninfo, error)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autofree char *conninfo = pulse_pg_cluster_dup_conninfo (self->cluster, slots[i]);
      gboolean exists;
      SlotState state;

      if (!database_exists (maintenance, slots[i], &exists, error))
        return FALSE;
      if (!exists)
        continue;
      state = read_slot (conninfo, today);
      if (state.has_data && (best < 0 || state.fresh > best_state.fresh ||
                             (state.fresh == best_state.fresh && state.full > best_state.full)))
        {
          best = (int)i;
          best_state = state;
        }
    }

  if (best >= 0)
    {
      guint n_migrated = 0;

      use_slot (self, (guint)best);
      /* New tracking tables are empty until the next full data. */
      if (!pulse_migration_apply_bundled (self->conninfo, &n_migrated, error))
        return FALSE;
      self->needs_full_data = !best_state.fresh || !best_state.full || n_migrated > 0;
      return TRUE;
    }

  if (!fill_slot (self, maintenance, 0, quick ? PULSE_DEMO_RECENT_DAYS : 0, progress, 0.3, cancellable, error))
    return FALSE;
  use_slot (self, 0);
  self->needs_full_data = quick;
  return TRUE;
}

/* The year of data up to today, in the database the dashboard does not
 * read. Returns: (transfer full): its conninfo */
static char *
complete_data (PulseDemo     *self,
               guint          slot,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *maintenance_conninfo = pulse_pg_cluster_dup_conninfo (self->cluster, "postgres");
  g_autoptr(PGconn) maintenance = connect_admin (maintenance_conninfo, error);

  if (maintenance == NULL || !fill_slot (self, maintenance, slot, 0, NULL, 0, cancellable, error))
    return NULL;
  return pulse_pg_cluster_dup_conninfo (self->cluster, slots[slot]);
}

/**
 * pulse_demo_start:
 *
 * Blocking: starts (or adopts) the demo server and makes sure it holds a
 * full year of data up to today, generating it if need be.
 */
gboolean
pulse_demo_start (PulseDemo     *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *conninfo = NULL;
  guint other;

  g_return_val_if_fail (PULSE_IS_DEMO (self), FALSE);

  if (!open_data (self, FALSE, NULL, cancellable, error))
    return FALSE;
  if (!self->needs_full_data)
    return TRUE;
  other = (self->slot + 1) % G_N_ELEMENTS (slots);
  if (!(conninfo = complete_data (self, other, cancellable, error)))
    return FALSE;
  use_slot (self, other);
  self->needs_full_data = FALSE;
  return TRUE;
}

static void
cancel_run (GCancellable *caller,
            gpointer      cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* Registered before its thread starts: a stop right away cancels it. */
static Run *
run_new (PulseDemo    *self,
         GCancellable *caller)
{
  Run *run = g_new0 (Run, 1);

  run->self = self;
  run->cancellable = g_cancellable_new ();
  if (caller != NULL)
    {
      run->caller = g_object_ref (caller);
      run->caller_handler = g_cancellable_connect (caller, G_CALLBACK (cancel_run), run->cancellable, NULL);
    }
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->runs, g_object_ref (run->cancellable));
  g_mutex_unlock (&self->lock);
  return run;
}

static void
run_free (Run *run)
{
  if (run->caller != NULL)
    g_cancellable_disconnect (run->caller, run->caller_handler);
  g_clear_object (&run->caller);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_free (run);
}

/* Called last in the thread: a stop waiting for it may go on. A run
 * cancelled says so, whatever it failed on (the server it used stopped). */
static void
run_end (Run     *run,
         GError **error)
{
  PulseDemo *self = run->self;

  if (error != NULL && *error != NULL && g_cancellable_is_cancelled (run->cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (run->cancellable, error);
    }
  g_mutex_lock (&self->lock);
  g_ptr_array_remove (self->runs, run->cancellable);
  g_cond_broadcast (&self->run_ended);
  g_mutex_unlock (&self->lock);
}

static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;
  gboolean ok = open_data (source_object, TRUE, run, run->cancellable, &error);

  run_end (run, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pulse_demo_start_async:
 *
 * Starts the server and opens the data it has, or fills the last weeks
 * first: a few seconds. Then see pulse_demo_needs_full_data().
 */
void
pulse_demo_start_async (PulseDemo           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (PULSE_IS_DEMO (self));

  run = run_new (self, cancellable);
  run->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_demo_start_async);
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);
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

/* Whether the open data is only the last weeks, or not today's. */
gboolean
pulse_demo_needs_full_data (PulseDemo *self)
{
  g_return_val_if_fail (PULSE_IS_DEMO (self), FALSE);
  return self->needs_full_data;
}

static void
complete_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;
  char *conninfo = complete_data (source_object, run->slot, run->cancellable, &error);

  run_end (run, &error);
  if (error == NULL)
    g_task_return_pointer (task, conninfo, g_free);
  else
    g_task_return_error (task, error);
}

/**
 * pulse_demo_complete_async:
 *
 * Generates the full year up to today next to the open data, which stays
 * readable meanwhile; then emits #PulseDemo::data-replaced. One at a
 * time: while one runs, this fails with %G_IO_ERROR_PENDING.
 */
void
pulse_demo_complete_async (PulseDemo           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint other;
  Run *run;

  g_return_if_fail (PULSE_IS_DEMO (self));

  other = (self->slot + 1) % G_N_ELEMENTS (slots);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_demo_complete_async);
  if (self->completing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("The full demo data is being generated"));
      return;
    }
  self->completing = TRUE;
  run = run_new (self, cancellable);
  run->slot = other;
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);
  g_task_run_in_thread (task, complete_thread);
}

gboolean
pulse_demo_complete_finish (PulseDemo     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_autofree char *conninfo = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(conninfo = g_task_propagate_pointer (G_TASK (result), &local_error)))
    {
      /* A call turned away has not ended the run under way. */
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PENDING))
        self->completing = FALSE;
      g_propagate_error (error, local_error);
      return FALSE;
    }
  self->completing = FALSE;
  use_slot (self, ((Run *)g_task_get_task_data (G_TASK (result)))->slot);
  self->needs_full_data = FALSE;
  g_signal_emit (self, signals[DATA_REPLACED], 0);
  return TRUE;
}

static gboolean
wait_for_runs (PulseDemo  *self,
               GError    **error)
{
  gint64 deadline = g_get_monotonic_time () + RUN_END_WAIT_SECONDS * G_TIME_SPAN_SECOND;
  gboolean ended;

  g_mutex_lock (&self->lock);
  while (self->runs->len > 0 && g_cond_wait_until (&self->run_ended, &self->lock, deadline))
    ;
  ended = self->runs->len == 0;
  g_mutex_unlock (&self->lock);
  if (!ended)
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_TIMEOUT,
                 /* Translators: %d is a number of seconds */
                 _("The demo workspace still works on its data %d seconds after its server stopped"),
                 RUN_END_WAIT_SECONDS);
  return ended;
}

/**
 * pulse_demo_stop:
 *
 * Cancels the runs in threads (a start, the full year), stops the
 * server (after the start of it under way, if any) and waits for the
 * runs to end, which they do quickly without their server.
 */
gboolean
pulse_demo_stop (PulseDemo  *self,
                 GError    **error)
{
  g_autoptr(GError) wait_error = NULL;
  gboolean stopped;

  g_return_val_if_fail (PULSE_IS_DEMO (self), FALSE);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->runs->len; i++)
    g_cancellable_cancel (g_ptr_array_index (self->runs, i));
  g_mutex_unlock (&self->lock);

  stopped = pulse_pg_cluster_stop (self->cluster, error);
  if (!wait_for_runs (self, stopped ? error : &wait_error))
    return FALSE;
  return stopped;
}
