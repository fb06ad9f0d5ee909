/* pulse-activity-index.c: the activity of one connection, in memory
 *
 * Answers the stock catalog's activity metrics (dau, wau, mau,
 * stickiness, events_per_active_user, active_days, retention,
 * lifecycle) from per-day sets of active persons in the reporting time
 * zone and every row of persons, read in one pass of binary COPY
 * instead of one scan per metric. The day boundaries come from the
 * server, with the same expression as the SQL variants' calendar, so
 * every zone (DST, half- and quarter-hour offsets) maps events to the
 * same days.
 *
 * Updates read only what is new: activity_events rows with an id above
 * the mark (the highest id read), so a late event with an old timestamp
 * still lands on its day. Rows at or below the mark that change later
 * are caught by pulse_activity_index_verify(): the count of those rows
 * in the span and a checksum of (id, person, day) are compared with the
 * server's, and a mismatch rebuilds. A row committed late with an id
 * below the mark shows up there too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pulse-activity-cache-private.h"
#include "pulse-activity-cohorts-private.h"
#include "pulse-activity-copy-private.h"
#include "pulse-activity-index.h"
#include "pulse-error.h"

/* PostgreSQL's timestamps count µs from 2000-01-01 00:00 UTC. */
#define PG_EPOCH_UNIX_US G_GINT64_CONSTANT (946684800000000)
#define PROGRESS_EVERY_ROWS 65536
/* The consistency checksum: per row (id mod A + 1) * (person mod B +
 * day * C + 1), summed modulo 2^64; small enough not to overflow a
 * bigint on the server. */
#define CHECK_ID_MODULUS 1000003
#define CHECK_PERSON_MODULUS 1000033
#define CHECK_DAY_FACTOR 1000037

struct _PulseActivityIndex
{
  GObject                   parent_instance;

  char                     *timezone;
  char                     *cache_dir;   /* NULL: memory only */
  char                     *cache_path;  /* of the last connection, if any */
  char                     *identity;    /* NULL: the connection's own */
  PulseActivitySnapshot     snapshot;    /* .store NULL before the first build */
  PulseActivityPeople      *people;      /* persons as of the store's last update */
  gboolean                  verified;
  PulseActivityProgressFunc progress;
  gpointer                  progress_data;
  GString                  *timings;      /* of the last update or check, for benchmarks */
  gint64                    phase_start;
};

G_DEFINE_FINAL_TYPE (PulseActivityIndex, pulse_activity_index, G_TYPE_OBJECT)

static void
pulse_activity_index_finalize (GObject *object)
{
  PulseActivityIndex *self = (PulseActivityIndex *)object;

  g_free (self->timezone);
  g_free (self->cache_dir);
  g_free (self->cache_path);
  g_free (self->identity);
  pulse_activity_snapshot_clear (&self->snapshot);
  pulse_activity_people_free (self->people);
  g_string_free (self->timings, TRUE);

  G_OBJECT_CLASS (pulse_activity_index_parent_class)->finalize (object);
}

static void
pulse_activity_index_class_init (PulseActivityIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_activity_index_finalize;
}

static void
pulse_activity_index_init (PulseActivityIndex *self)
{
  self->people = pulse_activity_people_new ();
  self->timings = g_string_new (NULL);
}

static void
start_timings (PulseActivityIndex *self)
{
  g_string_truncate (self->timings, 0);
  self->phase_start = g_get_monotonic_time ();
}

/* Notes how long the phase @name took since the last one ended. */
static void
phase_done (PulseActivityIndex *self,
            const char         *name)
{
  gint64 now = g_get_monotonic_time ();

  g_string_append_printf (self->timings, "%s%s %.1f ms", self->timings->len > 0 ? ", " : "", name,
                          (double) (now - self->phase_start) / G_TIME_SPAN_MILLISECOND);
  self->phase_start = now;
}

/**
 * pulse_activity_index_get_timings:
 *
 * Where the last update (or check) spent its time, phase by phase, as
 * text: for benchmarks and debug logs.
 */
const char *
pulse_activity_index_get_timings (PulseActivityIndex *self)
{
  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), NULL);
  return self->timings->str;
}

/**
 * pulse_activity_index_new:
 * @timezone: the IANA zone whose local days the index counts
 * @cache_dir: (nullable): where to keep the cache
 *   (pulse_activity_cache_dup_default_dir()); %NULL keeps none
 */
PulseActivityIndex *
pulse_activity_index_new (const char *timezone,
                          const char *cache_dir)
{
  PulseActivityIndex *self;

  g_return_val_if_fail (timezone != NULL, NULL);

  self = g_object_new (PULSE_TYPE_ACTIVITY_INDEX, NULL);
  self->timezone = g_strdup (timezone);
  self->cache_dir = g_strdup (cache_dir);
  return self;
}

/**
 * pulse_activity_index_set_identity:
 * @identity: (nullable): whose data the connections are, when their
 *   host, port, database and user do not say it the same way each time
 *   (the demo's server listens in a new folder at each start); %NULL:
 *   as the connection says
 *
 * Names the cache file; call it before the first update.
 */
void
pulse_activity_index_set_identity (PulseActivityIndex *self,
                                   const char         *identity)
{
  g_return_if_fail (PULSE_IS_ACTIVITY_INDEX (self));
  g_free (self->identity);
  self->identity = g_strdup (identity);
}

const char *
pulse_activity_index_get_timezone (PulseActivityIndex *self)
{
  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), NULL);
  return self->timezone;
}

void
pulse_activity_index_set_progress_func (PulseActivityIndex        *self,
                                        PulseActivityProgressFunc  func,
                                        gpointer                   user_data)
{
  g_return_if_fail (PULSE_IS_ACTIVITY_INDEX (self));
  self->progress = func;
  self->progress_data = user_data;
}

/* The cache file of the last update's connection; %NULL without a cache. */
const char *
pulse_activity_index_get_cache_path (PulseActivityIndex *self)
{
  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), NULL);
  return self->cache_path;
}

gboolean
pulse_activity_index_supports (const char *metric_id)
{
  return pulse_activity_metric_supported (metric_id) || pulse_activity_cohorts_supported (metric_id);
}

/* Whose data this is, as the connection itself says: never the password. */
static char *
dup_identity (PGconn *conn)
{
  const char *parts[] = { PQhost (conn), PQport (conn), PQdb (conn), PQuser (conn) };

  return g_strdup_printf ("host=%s\nport=%s\ndbname=%s\nuser=%s",
                          parts[0] ? parts[0] : "", parts[1] ? parts[1] : "",
                          parts[2] ? parts[2] : "", parts[3] ? parts[3] : "");
}

static void
drop_store (PulseActivityIndex *self)
{
  g_clear_pointer (&self->snapshot.store, pulse_activity_store_free);
  /* Nothing on disk to add to until the next whole save. */
  g_clear_pointer (&self->snapshot.journal, g_array_unref);
  self->snapshot.mark = 0;
  self->snapshot.n_rows = 0;
  self->snapshot.checksum = 0;
}

/* One snapshot of the database for the whole update, read-only, under
 * the session's statement timeout. */
static gboolean
begin (PGconn        *conn,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autofree char *timeout = g_strdup_printf ("%u", pulse_db_get_statement_timeout (conn));
  const char *params[] = { timeout };

  if (!pulse_db_exec_command (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL,
                              cancellable, error))
    return FALSE;
  if (pulse_db_exec_command (conn, "SELECT pg_catalog.set_config ('statement_timeout', $1, true)",
                             1, params, cancellable, error))
    return TRUE;
  pulse_db_exec_command (conn, "ROLLBACK", 0, NULL, NULL, NULL);
  return FALSE;
}

static void
end (PGconn *conn)
{
  pulse_db_exec_command (conn, "ROLLBACK", 0, NULL, NULL, NULL);
}

static void
format_day (gint  julian,
            char  out[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) julian);
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

static gint64
parse_int64 (const PGresult *result,
             int             row,
             int             column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* The instants (µs since 2000) of local midnight of @n_days + 1 days from
 * @first_day, as calendar.sql computes them. */
static gint64 *
fetch_starts (PGconn        *conn,
              const char    *timezone,
              gint           first_day,
              guint          n_days,
              GCancellable  *cancellable,
              GError       **error)
{
  char first[11];
  g_autofree char *days = g_strdup_printf ("%u", n_days);
  const char *params[] = { first, days, timezone };
  g_autoptr(PGresult) result = NULL;
  gint64 *starts;

  format_day (first_day, first);
  result = pulse_db_exec (conn,
                          "SELECT (extract (epoch FROM ($1::date + i)::timestamp AT TIME ZONE $3::text)"
                          "        * 1000000)::bigint"
                          "  FROM pg_catalog.generate_series (0, $2::integer) AS i ORDER BY i",
                          G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL)
    return NULL;
  g_return_val_if_fail ((guint) PQntuples (result) == n_days + 1, NULL);
  starts = g_new (gint64, n_days + 1);
  for (guint i = 0; i <= n_days; i++)
    starts[i] = parse_int64 (result, (int) i, 0) - PG_EPOCH_UNIX_US;
  return starts;
}

typedef struct
{
  PulseActivityIndex *self;
  PulseCopyRow        row;
  guint64             rows;
  guint64             estimate;
} EventReader;

static void
report_progress (EventReader *reader)
{
  if (reader->self->progress != NULL)
    reader->self->progress (reader->rows, reader->estimate, reader->self->progress_data);
}

/* One (id, person_id, occurred_at) row: onto its day, into the count and checksum. */
static gboolean
take_event (const char  *data,
            int          length,
            gpointer     user_data,
            GError     **error)
{
  EventReader *reader = user_data;
  PulseActivitySnapshot *snapshot = &reader->self->snapshot;
  gboolean trailer = FALSE;
  gint64 id, person_id, occurred_at;
  guint32 person;
  int day;

  if (!pulse_copy_row_begin (&reader->row, data, length, 3, &trailer, error))
    return FALSE;
  if (trailer)
    return TRUE;
  if (!pulse_copy_row_int8 (&reader->row, &id) || !pulse_copy_row_int8 (&reader->row, &person_id) ||
      !pulse_copy_row_int8 (&reader->row, &occurred_at))
    {
      /* A NULL person is outside what the engine answers: the SQL does. */
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
                           _("activity_events has a row without a person or time"));
      return FALSE;
    }
  /* Rows after the mark come from any day: those outside the span are not the index's. */
  if ((day = pulse_activity_store_find_day (snapshot->store, occurred_at)) < 0)
    return TRUE;
  person = pulse_activity_store_intern (snapshot->store, person_id);
  pulse_activity_store_add_event (snapshot->store, (guint) day, person);
  pulse_activity_snapshot_journal (snapshot, (guint) day, person);
  snapshot->n_rows++;
  snapshot->checksum += (guint64) ((id % CHECK_ID_MODULUS + 1) *
                                   (person_id % CHECK_PERSON_MODULUS + (gint64) (day + 1) * CHECK_DAY_FACTOR + 1));
  if (++reader->rows % PROGRESS_EVERY_ROWS == 0)
    report_progress (reader);
  return TRUE;
}

/* COPY takes no parameters: its values are settings bound before it. */
static gboolean
bind_settings (PGconn              *conn,
               const char * const  *params,
               GCancellable        *cancellable,
               GError             **error)
{
  return pulse_db_exec_command (conn,
                                "SELECT pg_catalog.set_config ('pulse.activity_first', $1, true),"
                                "       pg_catalog.set_config ('pulse.activity_days', $2, true),"
                                "       pg_catalog.set_config ('pulse.activity_zone', $3, true),"
                                "       pg_catalog.set_config ('pulse.activity_id', $4, true)",
                                4, params, cancellable, error);
}

/* The rows up to an id on the days [first, first + days). */
static const char read_days_sql[] =
  "COPY (SELECT e.id, e.person_id, e.occurred_at FROM activity_events e"
  "       WHERE e.id <= (SELECT pg_catalog.current_setting ('pulse.activity_id')::bigint)"
  "         AND e.occurred_at >= (SELECT pg_catalog.current_setting ('pulse.activity_first')::date::timestamp"
  "                                      AT TIME ZONE pg_catalog.current_setting ('pulse.activity_zone'))"
  "         AND e.occurred_at < (SELECT (pg_catalog.current_setting ('pulse.activity_first')::date"
  "                                      + pg_catalog.current_setting ('pulse.activity_days')::integer)::timestamp"
  "                                     AT TIME ZONE pg_catalog.current_setting ('pulse.activity_zone')))"
  " TO STDOUT (FORMAT binary)";

/* The rows after an id, on any day: a filter on the time as well would
 * lead the planner to scan the time index over the whole span for a few
 * new rows; those outside the span are skipped as they come. */
static const char read_new_sql[] =
  "COPY (SELECT e.id, e.person_id, e.occurred_at FROM activity_events e"
  "       WHERE e.id > (SELECT pg_catalog.current_setting ('pulse.activity_id')::bigint)"
  "       ORDER BY e.id)"
  " TO STDOUT (FORMAT binary)";

/* Every row: when the span holds most of the table's time, one plain
 * scan beats the time index (rows outside the span are skipped). */
static const char read_all_sql[] =
  "COPY (SELECT e.id, e.person_id, e.occurred_at FROM activity_events e) TO STDOUT (FORMAT binary)";

/* Whether the days [@first_day, @first_day + @n_days) hold at least half
 * of the time between the table's first and last event. */
static gboolean
span_holds_most (PulseActivityIndex  *self,
                 PGconn              *conn,
                 gint                 first_day,
                 guint                n_days,
                 gboolean            *most,
                 GCancellable        *cancellable,
                 GError             **error)
{
  char first[11];
  g_autofree char *days = g_strdup_printf ("%u", n_days);
  const char *params[] = { first, days, self->timezone };
  g_autoptr(PGresult) result = NULL;

  format_day (first_day, first);
  result = pulse_db_exec (conn,
                          "SELECT coalesce (least (max (e.occurred_at), (($1::date + $2::integer)::timestamp AT TIME ZONE $3::text))"
                          "                 - greatest (min (e.occurred_at), ($1::date::timestamp AT TIME ZONE $3::text))"
                          "                 >= (max (e.occurred_at) - min (e.occurred_at)) / 2, true)"
                          "  FROM activity_events e",
                          G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL)
    return FALSE;
  *most = g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

/* Runs @sql (read_days_sql, read_new_sql or read_all_sql) with its settings: @n_days
 * days from @first_day, @id. */
static gboolean
read_events (PulseActivityIndex  *self,
             PGconn              *conn,
             const char          *sql,
             gint                 first_day,
             guint                n_days,
             gint64               id,
             guint64              estimate,
             GCancellable        *cancellable,
             GError             **error)
{
  char first[11];
  g_autofree char *days = g_strdup_printf ("%u", n_days);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  const char *params[] = { first, days, self->timezone, id_text };
  EventReader reader = { self, { 0 }, 0, estimate };

  if (n_days == 0)
    return TRUE;
  format_day (first_day, first);
  if (!bind_settings (conn, params, cancellable, error) ||
      !pulse_db_copy_out (conn, sql, take_event, &reader, cancellable, error))
    return FALSE;
  report_progress (&reader);
  return TRUE;
}

typedef struct
{
  PulseActivityStore  *store;
  PulseActivityPeople *people;
  PulseCopyRow         row;
} PersonReader;

static gboolean
role_of (const guint8          *text,
         gsize                  size,
         PulseActivitySegment  *role)
{
  if (size == strlen ("BUILDER") && memcmp (text, "BUILDER", size) == 0)
    *role = PULSE_ACTIVITY_SEGMENT_BUILDER;
  else if (size == strlen ("FINDER") && memcmp (text, "FINDER", size) == 0)
    *role = PULSE_ACTIVITY_SEGMENT_FINDER;
  else
    return FALSE;
  return TRUE;
}

/* One (id, role, created_at) row of persons; a NULL role counts only in all. */
static gboolean
take_person (const char  *data,
             int          length,
             gpointer     user_data,
             GError     **error)
{
  PersonReader *reader = user_data;
  gboolean trailer = FALSE, ok = TRUE;
  PulseActivitySegment role = PULSE_ACTIVITY_SEGMENT_ALL;
  const guint8 *text, *created;
  gsize size = 0, created_size = 0;
  gint64 id, created_at = 0;
  guint32 person;

  if (!pulse_copy_row_begin (&reader->row, data, length, 3, &trailer, error))
    return FALSE;
  if (trailer)
    return TRUE;
  if (!pulse_copy_row_int8 (&reader->row, &id))
    return pulse_copy_malformed (error);
  text = pulse_copy_row_field (&reader->row, &size, &ok);
  if (!ok)
    return pulse_copy_malformed (error);
  if (text != NULL && !role_of (text, size, &role))
    {
      /* The SQL refuses a segment it does not know; so does the index. */
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
                   _("persons has the role “%.*s”, which is not a segment"), (int) size, text);
      return FALSE;
    }
  created = pulse_copy_row_field (&reader->row, &created_size, &ok);
  if (!ok || (created != NULL && created_size != sizeof created_at))
    return pulse_copy_malformed (error);
  if (created != NULL)
    {
      memcpy (&created_at, created, sizeof created_at);
      created_at = (gint64) GUINT64_FROM_BE ((guint64) created_at);
    }
  pulse_activity_people_add (reader->people, id, role, created != NULL, created_at);
  if (pulse_activity_store_lookup (reader->store, id, &person))
    pulse_activity_store_set_role (reader->store, person, role);
  return TRUE;
}

/* Everybody's role and sign-up as they are now: persons may be added or changed. */
static gboolean
read_roles (PulseActivityIndex  *self,
            PGconn              *conn,
            GCancellable        *cancellable,
            GError             **error)
{
  PersonReader reader = { self->snapshot.store, self->people, { 0 } };

  pulse_activity_store_clear_roles (self->snapshot.store);
  pulse_activity_people_clear (self->people);
  return pulse_db_copy_out (conn, "COPY (SELECT id, role, created_at FROM persons) TO STDOUT (FORMAT binary)",
                            take_person, &reader, cancellable, error);
}

static gboolean
query_int64 (PGconn        *conn,
             const char    *sql,
             gint64        *value,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(PGresult) result = pulse_db_exec (conn, sql, 0, NULL, cancellable, error);

  if (result == NULL)
    return FALSE;
  *value = parse_int64 (result, 0, 0);
  return TRUE;
}

/* The planner's row estimate of activity_events, for progress. */
static guint64
estimate_rows (PGconn       *conn,
               GCancellable *cancellable)
{
  gint64 estimate = 0;

  query_int64 (conn,
               "SELECT coalesce (max (greatest (c.reltuples, 0))::bigint, 0) FROM pg_catalog.pg_class c"
               " WHERE c.oid = pg_catalog.to_regclass ('activity_events')",
               &estimate, cancellable, NULL);
  return (guint64) estimate;
}

/* Loads the cache file, if there is a usable one; a broken one is removed. */
static void
load_cache (PulseActivityIndex *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(PulseActivitySnapshot) saved = { 0 };

  if (self->cache_path == NULL)
    return;
  if (pulse_activity_cache_load (self->cache_path, self->snapshot.identity, self->timezone, &saved, &error))
    {
      self->snapshot.store = g_steal_pointer (&saved.store);
      self->snapshot.mark = saved.mark;
      self->snapshot.n_rows = saved.n_rows;
      self->snapshot.checksum = saved.checksum;
      self->snapshot.base_digest = saved.base_digest;
      self->snapshot.base_first_day = saved.base_first_day;
      self->snapshot.base_n_days = saved.base_n_days;
      self->snapshot.base_n_persons = saved.base_n_persons;
      self->snapshot.journal = g_steal_pointer (&saved.journal);
      self->verified = FALSE;
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_debug ("Activity cache discarded: %s", error->message);
      pulse_activity_cache_remove (self->cache_path);
    }
}

static void
save_cache (PulseActivityIndex *self)
{
  g_autoptr(GError) error = NULL;

  /* Without a writable cache folder the index works from memory. */
  if (self->cache_path != NULL && !pulse_activity_cache_save (self->cache_path, &self->snapshot, &error))
    g_debug ("Activity cache not written: %s", error->message);
}

/* Builds the days [@first_day, @last_day] from nothing. */
static gboolean
build (PulseActivityIndex  *self,
       PGconn              *conn,
       gint                 first_day,
       gint                 last_day,
       gint64               top,
       GCancellable        *cancellable,
       GError             **error)
{
  guint n_days = (guint) (last_day - first_day + 1);
  g_autofree gint64 *starts = fetch_starts (conn, self->timezone, first_day, n_days, cancellable, error);
  gboolean most = FALSE;

  drop_store (self);
  if (starts == NULL || !span_holds_most (self, conn, first_day, n_days, &most, cancellable, error))
    return FALSE;
  g_debug ("Building the activity index of %u days from %s", n_days, most ? "every row" : "those days' rows");
  self->snapshot.store = pulse_activity_store_new (first_day, starts, n_days);
  self->snapshot.mark = top;
  self->verified = TRUE;
  if (read_events (self, conn, most ? read_all_sql : read_days_sql, first_day, n_days, top,
                   estimate_rows (conn, cancellable), cancellable, error))
    return TRUE;
  drop_store (self);
  return FALSE;
}

/* Widens the span to hold [@first_day, @last_day]: the new days get the
 * rows up to the mark; FALSE in @extended if the store must be rebuilt. */
static gboolean
extend (PulseActivityIndex  *self,
        PGconn              *conn,
        gint                 first_day,
        gint                 last_day,
        gboolean            *extended,
        GCancellable        *cancellable,
        GError             **error)
{
  PulseActivityStore *store = self->snapshot.store;
  gint old_first = pulse_activity_store_get_first_day (store);
  gint old_last = old_first + (gint) pulse_activity_store_get_n_days (store) - 1;
  gint new_first = MIN (first_day, old_first), new_last = MAX (last_day, old_last);
  guint n_days = (guint) (new_last - new_first + 1);
  g_autofree gint64 *starts = NULL;

  *extended = TRUE;
  if (new_first == old_first && new_last == old_last)
    return TRUE;
  if (!(starts = fetch_starts (conn, self->timezone, new_first, n_days, cancellable, error)))
    return FALSE;
  if (!(*extended = pulse_activity_store_extend (store, new_first, starts, n_days)))
    return TRUE;
  return read_events (self, conn, read_days_sql, new_first, (guint) (old_first - new_first),
                      self->snapshot.mark, 0, cancellable, error) &&
         read_events (self, conn, read_days_sql, old_last + 1, (guint) (new_last - old_last),
                      self->snapshot.mark, 0, cancellable, error);
}

/* Brings the index up to date in the open transaction. */
static gboolean
refresh (PulseActivityIndex  *self,
         PGconn              *conn,
         gint                 first_day,
         gint                 last_day,
         GCancellable        *cancellable,
         GError             **error)
{
  gboolean extended = FALSE;
  gint64 top;

  if (!query_int64 (conn, "SELECT coalesce (max (id), 0) FROM activity_events", &top, cancellable, error))
    return FALSE;
  phase_done (self, "max id");
  /* Ids went down: the table was emptied or replaced. */
  if (self->snapshot.store != NULL && top < self->snapshot.mark)
    drop_store (self);
  if (self->snapshot.store != NULL &&
      !extend (self, conn, first_day, last_day, &extended, cancellable, error))
    return FALSE;

  if (!extended)
    {
      if (!build (self, conn, first_day, last_day, top, cancellable, error))
        return FALSE;
    }
  else
    {
      PulseActivityStore *store = self->snapshot.store;

      /* The snapshot holds no row above top: the rows read are (mark, top]. */
      if (top > self->snapshot.mark &&
          !read_events (self, conn, read_new_sql, pulse_activity_store_get_first_day (store),
                        pulse_activity_store_get_n_days (store), self->snapshot.mark, 0,
                        cancellable, error))
        return FALSE;
      self->snapshot.mark = top;
    }
  phase_done (self, "events");
  if (!read_roles (self, conn, cancellable, error))
    return FALSE;
  phase_done (self, "roles");
  return TRUE;
}

/* The cache file for @conn's identity: a new connection starts over. */
static void
use_connection (PulseActivityIndex *self,
                PGconn             *conn)
{
  g_autofree char *identity = self->identity ? g_strdup (self->identity) : dup_identity (conn);

  if (g_strcmp0 (identity, self->snapshot.identity) == 0)
    return;
  drop_store (self);
  g_free (self->snapshot.identity);
  self->snapshot.identity = g_steal_pointer (&identity);
  g_free (self->snapshot.timezone);
  self->snapshot.timezone = g_strdup (self->timezone);
  g_clear_pointer (&self->cache_path, g_free);
  if (self->cache_dir != NULL)
    self->cache_path = pulse_activity_cache_build_path (self->cache_dir, self->snapshot.identity,
                                                        self->timezone);
  load_cache (self);
}

/* What the cache file would hold, in short: a change means a write. */
typedef struct
{
  PulseActivityStore *store;
  gint                first_day;
  guint               n_days;
  gint64              mark;
  guint64             n_rows;
  guint64             checksum;
} IndexState;

static IndexState
describe_state (PulseActivityIndex *self)
{
  PulseActivityStore *store = self->snapshot.store;
  IndexState state = { store, 0, 0, self->snapshot.mark, self->snapshot.n_rows, self->snapshot.checksum };

  if (store != NULL)
    {
      state.first_day = pulse_activity_store_get_first_day (store);
      state.n_days = pulse_activity_store_get_n_days (store);
    }
  return state;
}

static gboolean
state_equal (IndexState a,
             IndexState b)
{
  return a.store == b.store && a.first_day == b.first_day && a.n_days == b.n_days &&
         a.mark == b.mark && a.n_rows == b.n_rows && a.checksum == b.checksum;
}

/* The days @metric_id reads for the range [@from_day, @to_day]. */
static void
span_of (const char          *metric_id,
         PulseActivityPeriod  period,
         gint                 from_day,
         gint                 to_day,
         gint                *first_day,
         gint                *last_day)
{
  if (pulse_activity_cohorts_supported (metric_id))
    {
      pulse_activity_cohorts_get_span (metric_id, period, from_day, to_day, first_day, last_day);
      return;
    }
  *first_day = from_day - PULSE_ACTIVITY_LOOKBACK_DAYS;
  *last_day = to_day;
}

/**
 * pulse_activity_index_get_span:
 * @metric_id: (nullable): a metric the index answers; %NULL: all of them
 * @granularity: "day", "week" or "month"
 * @first: (out caller-allocates): the first day whose activity the
 *   metric reads for the range [@from, @to]
 * @last: (out caller-allocates): the last one
 *
 * Reading every metric's days at once takes one pass over the events
 * where one metric after the other would widen the index each time.
 */
void
pulse_activity_index_get_span (const char  *metric_id,
                               const char  *granularity,
                               const GDate *from,
                               const GDate *to,
                               GDate       *first,
                               GDate       *last)
{
  static const char * const cohort_metrics[] = { "retention", "lifecycle" };
  gint from_day = (gint) g_date_get_julian (from), to_day = (gint) g_date_get_julian (to);
  PulseActivityPeriod period = PULSE_ACTIVITY_PERIOD_DAY;
  gint first_day, last_day;

  g_return_if_fail (pulse_activity_period_parse (granularity, &period));

  span_of (metric_id, period, from_day, to_day, &first_day, &last_day);
  for (guint i = 0; metric_id == NULL && i < G_N_ELEMENTS (cohort_metrics); i++)
    {
      gint metric_first, metric_last;

      span_of (cohort_metrics[i], period, from_day, to_day, &metric_first, &metric_last);
      first_day = MIN (first_day, metric_first);
      last_day = MAX (last_day, metric_last);
    }
  g_date_clear (first, 1);
  g_date_set_julian (first, (guint32) first_day);
  g_date_clear (last, 1);
  g_date_set_julian (last, (guint32) last_day);
}

/**
 * pulse_activity_index_update_span:
 *
 * Blocking (the worker thread's): makes the index hold the days [@first,
 * @last] with everything committed on @conn's server: from the cache and
 * the rows added since, or, the first time, from all rows of those days.
 * Progress goes to the progress function; @cancellable stops the
 * server's query.
 */
gboolean
pulse_activity_index_update_span (PulseActivityIndex  *self,
                                  PGconn              *conn,
                                  const GDate         *first,
                                  const GDate         *last,
                                  GCancellable        *cancellable,
                                  GError             **error)
{
  gint first_day, last_day;
  IndexState before;
  gboolean ok;

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (first) && g_date_valid (last), FALSE);

  first_day = (gint) g_date_get_julian (first);
  last_day = (gint) g_date_get_julian (last);
  g_return_val_if_fail (first_day <= last_day, FALSE);

  start_timings (self);
  use_connection (self, conn);
  phase_done (self, "cache load");
  before = describe_state (self);
  if (!begin (conn, cancellable, error))
    return FALSE;
  ok = refresh (self, conn, first_day, last_day, cancellable, error);
  end (conn);
  if (!ok)
    {
      /* Half an update is not kept: the next one starts from the cache. */
      drop_store (self);
      g_clear_pointer (&self->snapshot.identity, g_free);
      return FALSE;
    }
  /* A large cache is not rewritten for nothing. */
  if (!state_equal (before, describe_state (self)))
    {
      save_cache (self);
      phase_done (self, "cache save");
    }
  g_debug ("Activity index updated: %s", self->timings->str);
  return TRUE;
}

/* Whether the index holds the days [@first, @last] (as of its last update). */
gboolean
pulse_activity_index_covers_span (PulseActivityIndex *self,
                                  const GDate        *first,
                                  const GDate        *last)
{
  PulseActivityStore *store;
  gint first_day;

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);

  if ((store = self->snapshot.store) == NULL)
    return FALSE;
  first_day = pulse_activity_store_get_first_day (store);
  return (gint) g_date_get_julian (first) >= first_day &&
         (gint) g_date_get_julian (last) < first_day + (gint) pulse_activity_store_get_n_days (store);
}

/* Whether the index holds what the six rolling and daily metrics need for [@from, @to]. */
gboolean
pulse_activity_index_covers (PulseActivityIndex *self,
                             const GDate        *from,
                             const GDate        *to)
{
  GDate first;

  g_return_val_if_fail (g_date_valid (from), FALSE);
  first = *from;
  g_date_subtract_days (&first, PULSE_ACTIVITY_LOOKBACK_DAYS);
  return pulse_activity_index_covers_span (self, &first, to);
}

/* FALSE while the index holds a cache file's data that no check has confirmed. */
gboolean
pulse_activity_index_is_verified (PulseActivityIndex *self)
{
  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);
  return self->verified;
}

/* Whether the rows at or below the mark are still those that were read. */
static gboolean
check_rows (PulseActivityIndex  *self,
            PGconn              *conn,
            gboolean            *same,
            GCancellable        *cancellable,
            GError             **error)
{
  PulseActivityStore *store = self->snapshot.store;
  char first[11];
  g_autofree char *days = g_strdup_printf ("%u", pulse_activity_store_get_n_days (store));
  g_autofree char *mark = g_strdup_printf ("%" G_GINT64_FORMAT, self->snapshot.mark);
  const char *params[] = { first, days, self->timezone, mark };
  g_autoptr(PGresult) result = NULL;

  format_day (pulse_activity_store_get_first_day (store), first);
  result = pulse_db_exec (conn,
                          "WITH cal AS MATERIALIZED ("
                          "  SELECT ARRAY (SELECT ($1::date + i)::timestamp AT TIME ZONE $3::text"
                          "                  FROM pg_catalog.generate_series (0, $2::integer) AS i ORDER BY i) AS starts)"
                          "SELECT count(*), coalesce (sum ((e.id % " G_STRINGIFY (CHECK_ID_MODULUS) " + 1)"
                          "         * (e.person_id % " G_STRINGIFY (CHECK_PERSON_MODULUS)
                          "            + width_bucket (e.occurred_at, c.starts) * " G_STRINGIFY (CHECK_DAY_FACTOR) " + 1))"
                          "         % 18446744073709551616, 0)"
                          "  FROM cal c JOIN activity_events e"
                          "    ON e.occurred_at >= c.starts[1] AND e.occurred_at < c.starts[$2::integer + 1]"
                          " WHERE e.id <= $4::bigint",
                          G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL)
    return FALSE;
  *same = g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10) == self->snapshot.n_rows &&
          g_ascii_strtoull (PQgetvalue (result, 0, 1), NULL, 10) == self->snapshot.checksum;
  return TRUE;
}

/**
 * pulse_activity_index_verify:
 * @rebuilt: (out) (optional): whether the rows had changed and the index
 *   was rebuilt (its numbers differ from before)
 *
 * Blocking: checks that the rows the index read are still there as they
 * were (count and checksum of the rows at or below the mark), and
 * rebuilds it from the server if not. Meant for after showing numbers
 * from the cache.
 */
gboolean
pulse_activity_index_verify (PulseActivityIndex  *self,
                             PGconn              *conn,
                             gboolean            *rebuilt,
                             GCancellable        *cancellable,
                             GError             **error)
{
  PulseActivityStore *store;
  gboolean same = FALSE, ok;
  gint first_day, last_day;

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);

  if (rebuilt != NULL)
    *rebuilt = FALSE;
  /* A check or update stopped midway dropped the days: nothing shown is
   * backed any more, and the next update reads them from the server. */
  if (self->snapshot.store == NULL)
    {
      self->verified = TRUE;
      if (rebuilt != NULL)
        *rebuilt = TRUE;
      return TRUE;
    }
  start_timings (self);
  if (!begin (conn, cancellable, error))
    return FALSE;
  store = self->snapshot.store;
  first_day = pulse_activity_store_get_first_day (store);
  last_day = first_day + (gint) pulse_activity_store_get_n_days (store) - 1;
  ok = check_rows (self, conn, &same, cancellable, error);
  phase_done (self, "check");
  if (ok && !same)
    {
      drop_store (self);
      ok = refresh (self, conn, first_day, last_day, cancellable, error);
    }
  end (conn);
  if (!ok)
    {
      drop_store (self);
      g_clear_pointer (&self->snapshot.identity, g_free);
      return FALSE;
    }
  self->verified = TRUE;
  if (!same)
    save_cache (self);
  if (rebuilt != NULL)
    *rebuilt = !same;
  return TRUE;
}

/* Each day's bucket: the last bucket starting on or before it. */
static guint *
map_buckets (gint                from_day,
             guint               n_days,
             const char * const *buckets,
             guint               n_buckets)
{
  guint *bucket_of_day = g_new (guint, n_days);
  guint b = 0;

  for (guint d = 0; d < n_days; d++)
    {
      char day[11];

      format_day (from_day + (gint) d, day);
      while (b + 1 < n_buckets && strcmp (buckets[b + 1], day) <= 0)
        b++;
      bucket_of_day[d] = b;
    }
  return bucket_of_day;
}

/**
 * pulse_activity_index_compute:
 * @granularity: "day", "week" or "month", whose periods the buckets are
 * @buckets: the range's bucket labels (YYYY-MM-DD of each bucket's first
 *   day), in order, %NULL-terminated; the first is @from
 * @func: called with each row the metric's SQL would return; a SQL NULL
 *   is NAN
 *
 * Answers @metric_id for [@from, @to] from memory; the index must have
 * been updated for the days pulse_activity_index_get_span() gives.
 */
gboolean
pulse_activity_index_compute (PulseActivityIndex  *self,
                              const char          *metric_id,
                              const GDate         *from,
                              const GDate         *to,
                              const char          *granularity,
                              const char * const  *buckets,
                              PulseActivityRowFunc func,
                              gpointer             user_data,
                              GError             **error)
{
  gint from_day, n_days;
  guint n_buckets;
  g_autofree guint *bucket_of_day = NULL;
  PulseActivityPeriod period;

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);
  g_return_val_if_fail (buckets != NULL && buckets[0] != NULL, FALSE);
  g_return_val_if_fail (pulse_activity_period_parse (granularity, &period), FALSE);

  if (self->snapshot.store == NULL)
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT, _("The activity index is empty"));
      return FALSE;
    }
  from_day = (gint) g_date_get_julian (from);
  n_days = (gint) g_date_get_julian (to) - from_day + 1;
  n_buckets = g_strv_length ((GStrv) buckets);
  bucket_of_day = map_buckets (from_day, (guint) n_days, buckets, n_buckets);
  if (pulse_activity_cohorts_supported (metric_id))
    return pulse_activity_cohorts_compute (self->snapshot.store, self->people, metric_id, period, from_day,
                                           (guint) n_days, bucket_of_day, buckets, n_buckets, func, user_data,
                                           error);
  return pulse_activity_store_compute (self->snapshot.store, metric_id, from_day, (guint) n_days,
                                       bucket_of_day, buckets, n_buckets, func, user_data, error);
}
