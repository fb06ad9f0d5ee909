/* pulse-worker.c: the thread that runs every query
 *
 * One thread owns one libpq connection and runs jobs from a queue, so
 * the main loop never waits on the network. Jobs belong to a group (a
 * dashboard page); pulse_worker_begin_generation() supersedes every
 * older job of that group: queued ones are dropped, and the running one
 * is cancelled on the server. Finished jobs report their generation so
 * that callers drop anything stale.
 *
 * The thread shares only a refcounted State with the object, so the
 * object may be released from any thread while a job is running.
 *
 * The stock activity metrics, and those of the other person-keyed event
 * tables it reads (finder_searches, post_frequency, finder_votes), are
 * answered by an activity index of the connection
 * (pulse-activity-index.c), brought up to date for a new
 * generation when its last update is older than ACTIVITY_FRESH_US or
 * pulse_worker_refresh() asked for it: changing the range, buckets or
 * comparison on days it holds asks nothing of activity_events, while a
 * refresh reads the new events. When it fails, their SQL runs. An index read from the
 * cache is checked against the server when the queue is empty; until
 * then ::activity-unverified names each metric it answered, and
 * ::activity-verified ends that, and ::activity-progress tells how far
 * a read of the events is (all on the worker's main context).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pulse-dispatch.h"
#include "pulse-error.h"
#include "pulse-metric-query.h"
#include "pulse-metric-result-private.h"
#include "pulse-people-query.h"
#include "pulse-worker.h"

/* How long new generations take the activity index's days as they are. */
#define ACTIVITY_FRESH_US (60 * G_USEC_PER_SEC)

typedef enum
{
  JOB_METRIC,
  JOB_PEOPLE,
  JOB_QUIT,
} JobKind;

typedef struct
{
  JobKind          kind;
  GTask           *task;
  PulseMetric     *metric;
  PulseQueryRange *range;
  char            *group;
  guint            generation;
  GCancellable    *caller_cancellable;
  gulong           caller_handler;
  /* JOB_PEOPLE: the list, and which page of it */
  PulsePeopleQuery *people;
  gint64           after_id;
  guint            limit;
  gboolean         with_email;
  gboolean         with_total;
} Job;

typedef struct
{
  gatomicrefcount      ref_count;
  GAsyncQueue         *queue;
  GMainContext        *context;      /* where signals are emitted */
  GWeakRef             object;       /* the PulseWorker, for signals */
  char                *conninfo;
  char                *password;     /* in memory only; options.password points here */
  char                *identity;     /* of the activity cache; NULL: the connection's */
  PulseSessionOptions  options;

  GMutex               lock;
  GPtrArray           *jobs;         /* queued and running, under lock */
  GHashTable          *generations;  /* group -> latest generation, under lock */
  gboolean             tables_stale; /* under lock */
  gboolean             activity_stale; /* under lock */
  gint64               activity_updated; /* monotonic time of its last update, under lock */
  GCancellable        *idle_work;    /* the check between jobs, under lock */

  /* Owned by the thread. */
  PGconn              *conn;
  GHashTable          *tables;
  /* The day of the first data in first_day_zone; looked up with the tables. */
  GDate                first_day;
  char                *first_day_zone;
  PulseActivityIndex  *activity;
  gint64               progress_time;   /* of the last ::activity-progress */
  gboolean             activity_failed; /* the SQL answers until the next generation */
} State;

struct _PulseWorker
{
  GObject  parent_instance;

  State   *state;
  GThread *thread;
};

enum {
  ACTIVITY_UNVERIFIED,
  ACTIVITY_VERIFIED,
  ACTIVITY_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PulseWorker, pulse_worker, G_TYPE_OBJECT)

static void
job_free (Job *job)
{
  if (job->caller_cancellable != NULL)
    g_cancellable_disconnect (job->caller_cancellable, job->caller_handler);
  g_clear_object (&job->caller_cancellable);
  g_clear_object (&job->task);
  g_clear_object (&job->metric);
  g_clear_object (&job->people);
  g_clear_pointer (&job->range, pulse_query_range_unref);
  g_clear_pointer (&job->group, g_free);
  g_free (job);
}

static State *
state_ref (State *state)
{
  g_atomic_ref_count_inc (&state->ref_count);
  return state;
}

static void
state_unref (State *state)
{
  if (!g_atomic_ref_count_dec (&state->ref_count))
    return;

  g_async_queue_unref (state->queue);
  g_main_context_unref (state->context);
  g_weak_ref_clear (&state->object);
  g_free (state->conninfo);
  g_free (state->identity);
  if (state->password != NULL)
    memset (state->password, 0, strlen (state->password));
  g_free (state->password);
  g_mutex_clear (&state->lock);
  g_ptr_array_unref (state->jobs);
  g_hash_table_unref (state->generations);
  g_clear_pointer (&state->conn, PQfinish);
  g_clear_pointer (&state->tables, g_hash_table_unref);
  g_free (state->first_day_zone);
  g_clear_object (&state->activity);
  g_free (state);
}

static gboolean
ensure_connected (State         *state,
                  GCancellable  *cancellable,
                  GError       **error)
{
  if (state->conn != NULL && PQstatus (state->conn) == CONNECTION_OK)
    return TRUE;

  /* A lost connection is replaced: the next job reconnects. */
  g_clear_pointer (&state->conn, PQfinish);
  g_clear_pointer (&state->tables, g_hash_table_unref);
  state->conn = pulse_db_connect (state->conninfo, &state->options, cancellable, error);
  return state->conn != NULL;
}

static gboolean
ensure_tables (State         *state,
               GCancellable  *cancellable,
               GError       **error)
{
  gboolean stale;

  g_mutex_lock (&state->lock);
  stale = state->tables_stale;
  state->tables_stale = FALSE;
  g_mutex_unlock (&state->lock);

  if (state->tables != NULL && !stale)
    return TRUE;

  g_clear_pointer (&state->tables, g_hash_table_unref);
  g_clear_pointer (&state->first_day_zone, g_free);
  state->tables = pulse_db_list_tables (state->conn, cancellable, error);
  return state->tables != NULL;
}

static gboolean
ensure_first_day (State         *state,
                  const char    *timezone,
                  GCancellable  *cancellable,
                  GError       **error)
{
  if (g_strcmp0 (state->first_day_zone, timezone) == 0)
    return TRUE;
  g_clear_pointer (&state->first_day_zone, g_free);
  if (!pulse_metric_query_first_day (state->conn, state->tables, timezone, &state->first_day, cancellable, error))
    return FALSE;
  state->first_day_zone = g_strdup (timezone);
  return TRUE;
}

typedef struct
{
  State    *state;
  guint     signal_id;
  char     *metric_id; /* of ::activity-unverified */
  gboolean  changed;   /* of ::activity-verified */
  guint64   rows_read; /* of ::activity-progress */
  guint64   rows_estimated;
} Emission;

static gboolean
emit_in_context (gpointer data)
{
  Emission *emission = data;
  g_autoptr(PulseWorker) self = g_weak_ref_get (&emission->state->object);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (emission->signal_id == signals[ACTIVITY_UNVERIFIED])
    g_signal_emit (self, emission->signal_id, 0, emission->metric_id);
  else if (emission->signal_id == signals[ACTIVITY_PROGRESS])
    g_signal_emit (self, emission->signal_id, 0, emission->rows_read, emission->rows_estimated);
  else
    g_signal_emit (self, emission->signal_id, 0, emission->changed);
  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  state_unref (emission->state);
  g_free (emission->metric_id);
  g_free (emission);
}

static Emission *
emission_new (State *state,
              guint  signal_id)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->state = state_ref (state);
  emission->signal_id = signal_id;
  return emission;
}

/* Queued before the job returns, so callers hear of it first. */
static void
emit (Emission *emission)
{
  pulse_dispatch (emission->state->context, emit_in_context, emission, emission_free);
}

static void
emit_unverified (State      *state,
                 const char *metric_id)
{
  Emission *emission = emission_new (state, signals[ACTIVITY_UNVERIFIED]);

  emission->metric_id = g_strdup (metric_id);
  emit (emission);
}

static void
emit_verified (State    *state,
               gboolean  changed)
{
  Emission *emission = emission_new (state, signals[ACTIVITY_VERIFIED]);

  emission->changed = changed;
  emit (emission);
}

/* At most ten times a second: the main loop redraws for each. */
static void
on_activity_progress (guint64  rows_read,
                      guint64  rows_estimated,
                      gpointer data)
{
  State *state = data;
  gint64 now = g_get_monotonic_time ();
  Emission *emission;

  if (now - state->progress_time < G_USEC_PER_SEC / 10)
    return;
  state->progress_time = now;
  emission = emission_new (state, signals[ACTIVITY_PROGRESS]);
  emission->rows_read = rows_read;
  emission->rows_estimated = rows_estimated;
  emit (emission);
}

/* The index for @range's zone, up to date for @metric on it once per
 * generation; FALSE without @error after it failed in this generation. */
static gboolean
ensure_activity (State            *state,
                 PulseMetric      *metric,
                 PulseQueryRange  *range,
                 GCancellable     *cancellable,
                 GError          **error)
{
  const char *timezone = pulse_query_range_get_timezone (range);
  gboolean stale;

  g_mutex_lock (&state->lock);
  stale = state->activity_stale;
  state->activity_stale = FALSE;
  g_mutex_unlock (&state->lock);

  if (stale)
    state->activity_failed = FALSE;
  if (state->activity_failed)
    return FALSE;
  if (state->activity != NULL && !g_str_equal (pulse_activity_index_get_timezone (state->activity), timezone))
    g_clear_object (&state->activity);
  if (state->activity == NULL)
    {
      g_autofree char *cache_dir = pulse_activity_cache_dup_default_dir ();

      state->activity = pulse_activity_index_new (timezone, cache_dir);
      g_mutex_lock (&state->lock);
      pulse_activity_index_set_identity (state->activity, state->identity);
      g_mutex_unlock (&state->lock);
      /* The index lives in the thread, which holds a reference to the state. */
      pulse_activity_index_set_progress_func (state->activity, on_activity_progress, state);
      stale = TRUE;
    }
  if (!stale && pulse_metric_query_covers_activity (state->activity, metric, range))
    return TRUE;
  if (!pulse_metric_query_update_activity (state->activity, state->conn, range, cancellable, error))
    return FALSE;
  g_mutex_lock (&state->lock);
  state->activity_updated = g_get_monotonic_time ();
  g_mutex_unlock (&state->lock);
  return TRUE;
}

/* The index's answer; %NULL with @error unset leaves the job to its SQL. */
static PulseMetricResult *
run_from_activity (State         *state,
                   Job           *job,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  PulseMetricResult *result = NULL;

  if (ensure_activity (state, job->metric, job->range, cancellable, &local_error))
    {
      /* A table of its own could not be read (or the range needs
       * session_duration's estimate): its SQL answers. */
      if (!pulse_activity_index_answers_range (state->activity, pulse_metric_get_id (job->metric),
                                               pulse_query_range_get_from (job->range),
                                               pulse_query_range_get_to (job->range)))
        return NULL;
      result = pulse_metric_query_run_activity (job->metric, state->activity, job->range, state->tables,
                                                &local_error);
    }
  if (result != NULL && !pulse_activity_index_is_verified (state->activity))
    emit_unverified (state, pulse_metric_get_id (job->metric));
  if (result != NULL || local_error == NULL)
    return result;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_debug ("Activity metrics from SQL: %s", local_error->message);
  state->activity_failed = TRUE;
  g_clear_object (&state->activity);
  return NULL;
}

static PulseMetricResult *
run_metric (State         *state,
            Job           *job,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  PulseMetricResult *result;

  if (pulse_metric_query_uses_activity (job->metric, state->tables) &&
      ((result = run_from_activity (state, job, cancellable, &local_error)) || local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return result;
    }
  return pulse_metric_query_run (job->metric, state->conn, job->range, state->tables, cancellable, error);
}

/* A page of a people list, and the list's length with the first page. */
static PulsePeoplePage *
run_people (State         *state,
            Job           *job,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(PulsePeoplePage) page = g_new0 (PulsePeoplePage, 1);

  page->total = -1;
  if (job->with_total &&
      (page->total = pulse_people_query_count (job->people, state->conn, state->tables, cancellable, error)) < 0)
    return NULL;
  page->persons = pulse_people_query_fetch (job->people, state->conn, state->tables, job->after_id, job->limit,
                                            job->with_email, cancellable, error);
  return page->persons != NULL ? g_steal_pointer (&page) : NULL;
}

static void
run_people_job (State *state,
                Job   *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  g_autoptr(GError) error = NULL;
  PulsePeoplePage *page = NULL;

  if (ensure_connected (state, cancellable, &error) &&
      ensure_tables (state, cancellable, &error))
    page = run_people (state, job, cancellable, &error);
  if (page == NULL)
    g_task_return_error (job->task, g_steal_pointer (&error));
  else
    g_task_return_pointer (job->task, page, (GDestroyNotify)pulse_people_page_free);
}

static void
run_job (State *state,
         Job   *job)
{
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  g_autoptr(GError) error = NULL;
  PulseMetricResult *result = NULL;

  if (ensure_connected (state, cancellable, &error) &&
      ensure_tables (state, cancellable, &error) &&
      ensure_first_day (state, pulse_query_range_get_timezone (job->range), cancellable, &error) &&
      (result = run_metric (state, job, cancellable, &error)))
    pulse_metric_result_set_first_day (result, &state->first_day);
  if (result == NULL)
    g_task_return_error (job->task, g_steal_pointer (&error));
  else
    g_task_return_pointer (job->task, result, g_object_unref);
}

/* Between jobs: numbers shown from the cache are checked against the
 * server (and the index rebuilt if rows changed); the next job, or the
 * worker's end, stops the check, which then runs again when idle. */
static void
verify_activity (State *state)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  gboolean rebuilt = FALSE;

  if (state->activity == NULL || pulse_activity_index_is_verified (state->activity) ||
      state->conn == NULL || PQstatus (state->conn) != CONNECTION_OK)
    return;

  g_mutex_lock (&state->lock);
  if (g_async_queue_length (state->queue) == 0)
    cancellable = g_object_ref ((state->idle_work = g_cancellable_new ()));
  g_mutex_unlock (&state->lock);
  if (cancellable == NULL)
    return;

  if (pulse_activity_index_verify (state->activity, state->conn, &rebuilt, cancellable, &error))
    {
      if (rebuilt)
        g_debug ("The activity cache was out of date and is rebuilt");
      emit_verified (state, rebuilt);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Activity metrics from SQL: %s", error->message);
      state->activity_failed = TRUE;
      g_clear_object (&state->activity);
      /* What the cache answered is unchecked: the SQL answers again. */
      emit_verified (state, TRUE);
    }

  g_mutex_lock (&state->lock);
  g_clear_object (&state->idle_work);
  g_mutex_unlock (&state->lock);
}

static gpointer
worker_thread (gpointer data)
{
  State *state = data;
  Job *job;

  while ((job = g_async_queue_pop (state->queue)) && job->kind != JOB_QUIT)
    {
      if (!g_task_return_error_if_cancelled (job->task))
        (job->kind == JOB_PEOPLE ? run_people_job : run_job) (state, job);

      g_mutex_lock (&state->lock);
      g_ptr_array_remove_fast (state->jobs, job);
      g_mutex_unlock (&state->lock);
      job_free (job);
      verify_activity (state);
    }

  if (job != NULL)
    job_free (job);

  /* Jobs queued after quit never ran: tell their callers. */
  while ((job = g_async_queue_try_pop (state->queue)))
    {
      if (job->task != NULL)
        g_task_return_new_error (job->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The worker stopped"));
      job_free (job);
    }

  state_unref (state);
  return NULL;
}

static void
pulse_worker_dispose (GObject *object)
{
  PulseWorker *self = (PulseWorker *)object;

  if (self->thread != NULL)
    {
      Job *quit = g_new0 (Job, 1);

      quit->kind = JOB_QUIT;
      /* Waiting jobs are cancelled; the thread drains them and exits. */
      g_mutex_lock (&self->state->lock);
      for (guint i = 0; i < self->state->jobs->len; i++)
        g_cancellable_cancel (g_task_get_cancellable (((Job *)g_ptr_array_index (self->state->jobs, i))->task));
      g_cancellable_cancel (self->state->idle_work);
      g_async_queue_push_front (self->state->queue, quit);
      g_mutex_unlock (&self->state->lock);
      g_clear_pointer (&self->thread, g_thread_unref);
    }

  G_OBJECT_CLASS (pulse_worker_parent_class)->dispose (object);
}

static void
pulse_worker_finalize (GObject *object)
{
  PulseWorker *self = (PulseWorker *)object;

  g_clear_pointer (&self->state, state_unref);

  G_OBJECT_CLASS (pulse_worker_parent_class)->finalize (object);
}

static void
pulse_worker_class_init (PulseWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pulse_worker_dispose;
  object_class->finalize = pulse_worker_finalize;

  /**
   * PulseWorker::activity-unverified:
   * @metric_id: the metric answered
   *
   * A metric was answered from a cached activity index that has not
   * been checked against the server yet.
   */
  signals[ACTIVITY_UNVERIFIED] = g_signal_new ("activity-unverified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * PulseWorker::activity-verified:
   * @changed: whether the numbers answered before may differ now (the
   *   index was rebuilt, or dropped for the SQL)
   *
   * The check of the cached activity index is over.
   */
  signals[ACTIVITY_VERIFIED] = g_signal_new ("activity-verified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * PulseWorker::activity-progress:
   * @rows_read: rows of activity_events read so far
   * @rows_estimated: the planner's estimate of the table, 0 if unknown
   *
   * How far the activity index's read of the events is; a build from
   * nothing reads the most.
   */
  signals[ACTIVITY_PROGRESS] = g_signal_new ("activity-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
pulse_worker_init (PulseWorker *self)
{
}

PulseWorker *
pulse_worker_new (const char                *conninfo,
                  const PulseSessionOptions *options)
{
  PulseWorker *self;
  State *state;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  state = g_new0 (State, 1);
  g_atomic_ref_count_init (&state->ref_count);
  state->queue = g_async_queue_new ();
  state->context = g_main_context_ref_thread_default ();
  state->conninfo = g_strdup (conninfo);
  state->options = *options;
  state->password = g_strdup (options->password);
  state->options.password = state->password;
  g_mutex_init (&state->lock);
  state->jobs = g_ptr_array_new ();
  state->generations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self = g_object_new (PULSE_TYPE_WORKER, NULL);
  self->state = state;
  g_weak_ref_init (&state->object, self);
  self->thread = g_thread_new ("pulse-worker", worker_thread, state_ref (state));
  return self;
}

/* Returns: the session options, password included (valid while @self lives) */
const PulseSessionOptions *
pulse_worker_get_options (PulseWorker *self)
{
  g_return_val_if_fail (PULSE_IS_WORKER (self), NULL);
  return &self->state->options;
}

const char *
pulse_worker_get_conninfo (PulseWorker *self)
{
  g_return_val_if_fail (PULSE_IS_WORKER (self), NULL);
  return self->state->conninfo;
}

/**
 * pulse_worker_set_identity:
 * @identity: (nullable): whose data this is, when the conninfo does not
 *   say it the same way each time (the demo's server listens in a new
 *   folder at each start); %NULL: host, port, database and user
 *
 * Names the activity cache the worker reads and writes, as the
 * dashboard names its snapshot; call it before the first job.
 */
void
pulse_worker_set_identity (PulseWorker *self,
                           const char  *identity)
{
  g_return_if_fail (PULSE_IS_WORKER (self));

  g_mutex_lock (&self->state->lock);
  g_free (self->state->identity);
  self->state->identity = g_strdup (identity);
  g_mutex_unlock (&self->state->lock);
}

/* Returns: (nullable): the name given with pulse_worker_set_identity() */
const char *
pulse_worker_get_identity (PulseWorker *self)
{
  g_return_val_if_fail (PULSE_IS_WORKER (self), NULL);
  return self->state->identity;
}

/**
 * pulse_worker_refresh:
 *
 * The next generation reads what changed on the server: the list of
 * tables, and the events the activity index has not seen yet.
 */
void
pulse_worker_refresh (PulseWorker *self)
{
  g_return_if_fail (PULSE_IS_WORKER (self));

  g_mutex_lock (&self->state->lock);
  self->state->tables_stale = TRUE;
  self->state->activity_stale = TRUE;
  g_mutex_unlock (&self->state->lock);
}

/**
 * pulse_worker_begin_generation:
 *
 * Starts a new request for @group: every older job of the group is
 * cancelled (on the server if it is running). Also re-reads the list of
 * tables before the next job, so a refresh sees migrations, and the
 * activity index's new events if it was last updated a while ago (see
 * pulse_worker_refresh()).
 *
 * Returns: the generation to pass to the new jobs
 */
guint
pulse_worker_begin_generation (PulseWorker *self,
                               const char  *group)
{
  State *state;
  guint generation;

  g_return_val_if_fail (PULSE_IS_WORKER (self), 0);
  g_return_val_if_fail (group != NULL, 0);

  state = self->state;
  g_mutex_lock (&state->lock);
  generation = GPOINTER_TO_UINT (g_hash_table_lookup (state->generations, group)) + 1;
  g_hash_table_replace (state->generations, g_strdup (group), GUINT_TO_POINTER (generation));
  state->tables_stale = TRUE;
  /* A new range, bucket or comparison on the days the index holds reads
   * no events; new ones are read after a while, or on a refresh. */
  if (g_get_monotonic_time () - state->activity_updated >= ACTIVITY_FRESH_US)
    state->activity_stale = TRUE;

  for (guint i = 0; i < state->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (state->jobs, i);
      if (g_strcmp0 (job->group, group) == 0 && job->generation < generation)
        g_cancellable_cancel (g_task_get_cancellable (job->task));
    }
  g_mutex_unlock (&state->lock);

  return generation;
}

static void
cancel_job (GCancellable *caller_cancellable,
            GCancellable *job_cancellable)
{
  g_cancellable_cancel (job_cancellable);
}

/* Each job has its own cancellable, so superseding one job never
 * cancels the caller's; the caller's still cancels the job. */
static void
chain_caller_cancellable (Job          *job,
                          GCancellable *caller_cancellable)
{
  if (caller_cancellable == NULL)
    return;
  job->caller_cancellable = g_object_ref (caller_cancellable);
  job->caller_handler = g_cancellable_connect (caller_cancellable, G_CALLBACK (cancel_job),
                                               g_object_ref (g_task_get_cancellable (job->task)),
                                               g_object_unref);
}

static void
enqueue (PulseWorker *self,
         Job         *job)
{
  /* Pushed under the lock: the check between jobs sees the job queued,
   * or has its cancellable set to be stopped by it. */
  g_mutex_lock (&self->state->lock);
  g_ptr_array_add (self->state->jobs, job);
  g_cancellable_cancel (self->state->idle_work);
  g_async_queue_push (self->state->queue, job);
  g_mutex_unlock (&self->state->lock);
}

static Job *
new_job (PulseWorker         *self,
         JobKind              kind,
         const char          *group,
         guint                generation,
         GCancellable        *cancellable,
         gpointer             source_tag,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  g_autoptr(GCancellable) own = g_cancellable_new ();
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->group = g_strdup (group);
  job->generation = generation;
  job->task = g_task_new (self, own, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  /* Handed back by the finish functions. */
  g_task_set_task_data (job->task, GUINT_TO_POINTER (generation), NULL);
  /* Cancelled jobs report cancellation, never a late result. */
  g_task_set_check_cancellable (job->task, TRUE);
  chain_caller_cancellable (job, cancellable);
  return job;
}

static gpointer
finish_job (GAsyncResult  *result,
            guint         *generation,
            GError       **error)
{
  if (generation != NULL)
    *generation = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pulse_worker_run_metric_async (PulseWorker         *self,
                               PulseMetric         *metric,
                               PulseQueryRange     *range,
                               const char          *group,
                               guint                generation,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (PULSE_IS_WORKER (self));
  g_return_if_fail (PULSE_IS_METRIC (metric));
  g_return_if_fail (range != NULL);
  g_return_if_fail (group != NULL);

  job = new_job (self, JOB_METRIC, group, generation, cancellable, pulse_worker_run_metric_async, callback, user_data);
  job->metric = g_object_ref (metric);
  job->range = pulse_query_range_ref (range);
  enqueue (self, job);
}

/**
 * pulse_worker_run_metric_finish:
 * @generation: (out) (optional): the generation the job was started with
 */
PulseMetricResult *
pulse_worker_run_metric_finish (PulseWorker   *self,
                                GAsyncResult  *result,
                                guint         *generation,
                                GError       **error)
{
  g_return_val_if_fail (PULSE_IS_WORKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return finish_job (result, generation, error);
}

/**
 * pulse_worker_run_people_async:
 * @after_id: the last id of the page before, or %PULSE_PEOPLE_FIRST
 * @limit: the page's size
 * @with_total: count the whole list too (for its first page)
 * @with_email: read e-mail addresses (the user's choice)
 *
 * Reads a page of the persons behind a number on the worker's read-only
 * session; @group and @generation supersede as for metrics.
 */
void
pulse_worker_run_people_async (PulseWorker         *self,
                               PulsePeopleQuery    *query,
                               gint64               after_id,
                               guint                limit,
                               gboolean             with_total,
                               gboolean             with_email,
                               const char          *group,
                               guint                generation,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (PULSE_IS_WORKER (self));
  g_return_if_fail (PULSE_IS_PEOPLE_QUERY (query));
  g_return_if_fail (limit > 0);
  g_return_if_fail (group != NULL);

  job = new_job (self, JOB_PEOPLE, group, generation, cancellable, pulse_worker_run_people_async, callback, user_data);
  job->people = g_object_ref (query);
  job->after_id = after_id;
  job->limit = limit;
  job->with_total = with_total;
  job->with_email = with_email;
  enqueue (self, job);
}

/**
 * pulse_worker_run_people_finish:
 * @generation: (out) (optional): the generation the job was started with
 *
 * Returns: (transfer full): the page, %NULL with @error set
 */
PulsePeoplePage *
pulse_worker_run_people_finish (PulseWorker   *self,
                                GAsyncResult  *result,
                                guint         *generation,
                                GError       **error)
{
  g_return_val_if_fail (PULSE_IS_WORKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return finish_job (result, generation, error);
}
