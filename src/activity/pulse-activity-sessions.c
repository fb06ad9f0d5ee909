/* pulse-activity-sessions.c: session_duration's sessions, per local day
 *
 * The recorded sessions (table sessions) of the index's days, per local
 * day of started_at (the same day starts as every source) and per
 * segment code of the person's role when read (LEFT JOIN persons: no
 * role or no such person counts only in "all"): the number of sessions,
 * and the durations known (duration_seconds, else ended_at - started_at),
 * in microseconds, sorted, as (value, running count) pairs where that is
 * smaller. Averages add up; medians are selected across the days' sorted
 * durations, so a bucket or the range gets percentile_cont (0.5) exactly.
 *
 * Sessions have no growing id and change while open (heartbeats), so
 * there is no mark: each update reads again the days from a cut (the day
 * before the last day with a session) to the end and replaces them. The
 * days before the cut are covered by the check: count and checksum of
 * their rows (day, person_id, duration) on the server, in one scan of
 * them without a join; a difference (a session extended after its day
 * closed, a deleted one) rebuilds. A role change rebuilds too: the
 * index's read_roles() sees one between two updates, and the check one
 * since the days were read (a cache file is older than the connection),
 * with a digest of persons' roles taken when every day was read.
 *
 * Only the history variant's part after the first recorded session is
 * answered here: a range starting before it (its estimated sessions from
 * activity_events) is left to the SQL (pulse_activity_sessions_answers()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "pulse-activity-cache-private.h"
#include "pulse-activity-copy-private.h"
#include "pulse-activity-sessions-private.h"
#include "pulse-file.h"

#define METRIC_ID "session_duration"
#define N_GROUPS PULSE_ACTIVITY_N_SEGMENTS  /* ALL here: only in "all" */
#define US_PER_SECOND 1000000.0
/* The checksum of a day's rows: per row A * B, A = (Julian day * F + P)
 * mod M + 1 with P = 2 * (person_id mod M + M) + 1 (0 without a person),
 * B = 2 * (duration in µs mod Q + Q) + 2 (1 without one); summed modulo
 * 2^64. A < 2^31 and B < 2^32: the server sums bigints without overflow
 * or numeric arithmetic per row, and a change of any one row's day,
 * person or duration changes A or B, so the sum by less than 2^63. */
#define CHECK_DAY_FACTOR 1000037
#define CHECK_MODULUS 2147483647              /* 2^31 - 1, prime */
#define CHECK_DURATION_MODULUS 1000000007     /* prime, 4 * Q < 2^32 */
#define FILE_MAGIC "PULSESES"
#define FILE_VERSION 2u
#define FILE_BYTE_ORDER_MARK 0x01020304u
#define FILE_SEED G_GUINT64_CONSTANT (0x50554c5345534553)
#define FILE_MAX_DAYS 200000u

/* The person's segment code as the server reads it (as the keyed sources'). */
#define CODE_SQL \
  "CASE WHEN s.person_id IS NULL THEN 0 WHEN sp.role = 'BUILDER' THEN 1" \
  " WHEN sp.role = 'FINDER' THEN 2 ELSE 3 END"
/* A person's term of the roles' digest: ((id mod M + M) * 4 + code) mod
 * M + 1, code 1, 2 or 3 as CODE_SQL's; a change of one role changes it. */
#define ROLE_TERM_SQL \
  "((id % " G_STRINGIFY (CHECK_MODULUS) " + " G_STRINGIFY (CHECK_MODULUS) ") * 4" \
  " + CASE WHEN role = 'BUILDER' THEN 1 WHEN role = 'FINDER' THEN 2 ELSE 3 END)" \
  " % " G_STRINGIFY (CHECK_MODULUS) " + 1"
/* The duration in µs, as session_duration_table.sql takes it in seconds. */
#define DURATION_US_SQL \
  "coalesce (s.duration_seconds::bigint * 1000000," \
  " (extract (epoch FROM s.ended_at - s.started_at) * 1000000)::bigint)"

/* One day's sessions of one group. values: the known durations (µs),
 * sorted; with cum, distinct, cum[i] the number of them up to values[i]. */
typedef struct
{
  guint64  n_sessions;
  guint64  n_known;
  gint64   sum_us;
  guint    n_values;
  gint64  *values;
  guint32 *cum;
} Block;

typedef struct
{
  Block   groups[N_GROUPS];
  guint64 n_rows;
  guint64 checksum;
} Day;

struct _PulseActivitySessions
{
  gint     first_day;
  guint    n_days;
  gint64  *starts;      /* n_days + 1 local midnights, µs since 2000 */
  Day     *days;        /* NULL: nothing read */
  guint    cut;         /* days [cut, n_days) are read again at each update */
  gboolean has_min;     /* min (started_at) of the whole table, as of the last update */
  gint64   min_started;
  /* The roles' digest when every day was last read: of the persons up
   * to the cutoff (the highest id then), their number and terms' sum. */
  gint64   roles_cutoff;
  guint64  roles_n;
  guint64  roles_sum;
  gboolean failed;
  guint64  version;     /* changes whenever the days do */
};

PulseActivitySessions *
pulse_activity_sessions_new (void)
{
  return g_new0 (PulseActivitySessions, 1);
}

static void
block_clear (Block *block)
{
  g_free (block->values);
  g_free (block->cum);
  *block = (Block) { 0 };
}

static void
day_clear (Day *day)
{
  for (guint g = 0; g < N_GROUPS; g++)
    block_clear (&day->groups[g]);
  day->n_rows = 0;
  day->checksum = 0;
}

/* Drops every day: the next update reads them all. */
void
pulse_activity_sessions_clear (PulseActivitySessions *self)
{
  for (guint d = 0; self->days != NULL && d < self->n_days; d++)
    day_clear (&self->days[d]);
  g_clear_pointer (&self->days, g_free);
  g_clear_pointer (&self->starts, g_free);
  self->n_days = 0;
  self->cut = 0;
  self->has_min = FALSE;
  self->version++;
}

void
pulse_activity_sessions_free (PulseActivitySessions *self)
{
  if (self == NULL)
    return;
  pulse_activity_sessions_clear (self);
  g_free (self);
}

gboolean
pulse_activity_sessions_supported (const char *metric_id)
{
  return g_strcmp0 (metric_id, METRIC_ID) == 0;
}

/* Whether the last update could not read the sessions: the SQL answers. */
gboolean
pulse_activity_sessions_is_failed (PulseActivitySessions *self)
{
  return self->failed;
}

guint64
pulse_activity_sessions_get_version (PulseActivitySessions *self)
{
  return self->version;
}

/* Whether a session counted only in "all" (no role, no such person):
 * a person who appears later may give it a role. */
gboolean
pulse_activity_sessions_has_unknown (PulseActivitySessions *self)
{
  for (guint d = 0; self->days != NULL && d < self->n_days; d++)
    if (self->days[d].groups[PULSE_ACTIVITY_SEGMENT_ALL].n_sessions > 0)
      return TRUE;
  return FALSE;
}

gboolean
pulse_activity_sessions_covers (PulseActivitySessions *self,
                                gint                   first_day,
                                gint                   last_day)
{
  return self->days != NULL && first_day >= self->first_day &&
         last_day < self->first_day + (gint) self->n_days;
}

/**
 * pulse_activity_sessions_answers:
 *
 * Whether the days [@from_day, @to_day] are answered from memory: they
 * are read, and the history variant estimates no session for them (the
 * first recorded session is at or before the range's first instant).
 */
gboolean
pulse_activity_sessions_answers (PulseActivitySessions *self,
                                 gint                   from_day,
                                 gint                   to_day)
{
  return !self->failed && pulse_activity_sessions_covers (self, from_day, to_day) && self->has_min &&
         self->min_started <= self->starts[from_day - self->first_day];
}

/* Reading. */

typedef struct
{
  PulseActivitySessions *self;
  PulseCopyRow           row;
  GArray                *durations[N_GROUPS];  /* of the day being read */
  int                    day;                  /* -1: none yet */
} Reader;

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The block of @durations: sorted, as pairs when that is smaller. */
static void
fill_block (Block  *block,
            GArray *durations)
{
  gint64 *v = (gint64 *) durations->data;
  guint n = durations->len, distinct = 0;

  block->n_known = n;
  block->sum_us = 0;
  if (n == 0)
    return;
  g_array_sort (durations, compare_int64);
  for (guint i = 0; i < n; i++)
    {
      block->sum_us += v[i];
      distinct += i == 0 || v[i] != v[i - 1];
    }
  if ((gsize) distinct * (sizeof (gint64) + sizeof (guint32)) >= (gsize) n * sizeof (gint64))
    {
      block->values = g_memdup2 (v, sizeof (gint64) * n);
      block->n_values = n;
      return;
    }
  block->values = g_new (gint64, distinct);
  block->cum = g_new (guint32, distinct);
  block->n_values = 0;
  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && v[i] == v[i - 1])
        {
          block->cum[block->n_values - 1]++;
          continue;
        }
      block->values[block->n_values] = v[i];
      block->cum[block->n_values] = i + 1;
      block->n_values++;
    }
}

/* The durations gathered for the reader's day go into its blocks. */
static void
finish_day (Reader *reader)
{
  if (reader->day < 0)
    return;
  for (guint g = 0; g < N_GROUPS; g++)
    {
      fill_block (&reader->self->days[reader->day].groups[g], reader->durations[g]);
      g_array_set_size (reader->durations[g], 0);
    }
}

static int
find_day (PulseActivitySessions *self,
          gint64                 instant)
{
  guint lo = 0, hi = self->n_days;

  if (instant < self->starts[0] || instant >= self->starts[self->n_days])
    return -1;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->starts[mid] <= instant)
        lo = mid;
      else
        hi = mid;
    }
  return (int) lo;
}

/* The checksum's term of one row (see CHECK_DAY_FACTOR), as check_sql's. */
static guint64
row_term (gint     julian,
          gboolean has_person,
          gint64   person_id,
          gboolean known,
          gint64   duration_us)
{
  gint64 person = has_person ? (person_id % CHECK_MODULUS + CHECK_MODULUS) * 2 + 1 : 0;
  gint64 a = ((gint64) julian * CHECK_DAY_FACTOR + person) % CHECK_MODULUS + 1;
  gint64 b = known ? (duration_us % CHECK_DURATION_MODULUS + CHECK_DURATION_MODULUS) * 2 + 2 : 1;

  return (guint64) a * (guint64) b;
}

/* One (started_at, code, duration in µs or NULL, person_id) row, in started_at order. */
static gboolean
take_session (const char  *data,
              int          length,
              gpointer     user_data,
              GError     **error)
{
  Reader *reader = user_data;
  PulseActivitySessions *self = reader->self;
  gboolean trailer = FALSE, known, has_person;
  gint64 started_at, code, duration, person_id;
  guint group;
  int day;
  Day *d;

  if (!pulse_copy_row_begin (&reader->row, data, length, 4, &trailer, error))
    return FALSE;
  if (trailer)
    return TRUE;
  if (!pulse_copy_row_int8 (&reader->row, &started_at) || !pulse_copy_row_int8 (&reader->row, &code) ||
      code < 0 || code > 3 || !pulse_copy_row_nullable_int8 (&reader->row, &duration, &known) ||
      !pulse_copy_row_nullable_int8 (&reader->row, &person_id, &has_person))
    return pulse_copy_malformed (error);
  if ((day = find_day (self, started_at)) < 0)
    return pulse_copy_malformed (error);
  if (day != reader->day)
    {
      if (day < reader->day)
        return pulse_copy_malformed (error);
      finish_day (reader);
      reader->day = day;
    }
  group = code == 1 ? PULSE_ACTIVITY_SEGMENT_BUILDER : code == 2 ? PULSE_ACTIVITY_SEGMENT_FINDER
                                                       : PULSE_ACTIVITY_SEGMENT_ALL;
  d = &self->days[day];
  d->groups[group].n_sessions++;
  if (known)
    g_array_append_val (reader->durations[group], duration);
  d->n_rows++;
  d->checksum += row_term (self->first_day + day, has_person, person_id, known, duration);
  return TRUE;
}

/* COPY takes no parameters: its values are settings bound before it. */
static const char read_sql[] =
  "COPY (SELECT s.started_at, (" CODE_SQL ")::bigint, " DURATION_US_SQL ", s.person_id"
  "        FROM sessions s LEFT JOIN persons sp ON sp.id = s.person_id"
  "       WHERE s.started_at >= (SELECT pg_catalog.current_setting ('pulse.sessions_first')::date::timestamp"
  "                                     AT TIME ZONE pg_catalog.current_setting ('pulse.sessions_zone'))"
  "         AND s.started_at < (SELECT (pg_catalog.current_setting ('pulse.sessions_first')::date"
  "                                     + pg_catalog.current_setting ('pulse.sessions_days')::integer)::timestamp"
  "                                    AT TIME ZONE pg_catalog.current_setting ('pulse.sessions_zone'))"
  "       ORDER BY s.started_at)"
  " TO STDOUT (FORMAT binary)";

/* Reads the days [@from, n_days) again, replacing them. */
static gboolean
read_days (PulseActivitySessions  *self,
           PGconn                 *conn,
           const char             *timezone,
           guint                   from,
           GCancellable           *cancellable,
           GError                **error)
{
  char first[11];
  g_autofree char *days = g_strdup_printf ("%u", self->n_days - from);
  const char *params[] = { first, days, timezone };
  Reader reader = { self, { 0 }, { NULL }, -1 };
  gboolean ok;

  for (guint d = from; d < self->n_days; d++)
    day_clear (&self->days[d]);
  if (from == self->n_days)
    return TRUE;
  pulse_activity_format_day (self->first_day + (gint) from, first);
  if (!pulse_db_exec_command (conn,
                              "SELECT pg_catalog.set_config ('pulse.sessions_first', $1, true),"
                              "       pg_catalog.set_config ('pulse.sessions_days', $2, true),"
                              "       pg_catalog.set_config ('pulse.sessions_zone', $3, true)",
                              G_N_ELEMENTS (params), params, cancellable, error))
    return FALSE;
  for (guint g = 0; g < N_GROUPS; g++)
    reader.durations[g] = g_array_new (FALSE, FALSE, sizeof (gint64));
  ok = pulse_db_copy_out (conn, read_sql, take_session, &reader, cancellable, error);
  if (ok)
    finish_day (&reader);
  for (guint g = 0; g < N_GROUPS; g++)
    g_array_unref (reader.durations[g]);
  return ok;
}

/* The first session of the whole table (µs since 2000), if any. */
static gboolean
read_min (PulseActivitySessions  *self,
          PGconn                 *conn,
          GCancellable           *cancellable,
          GError                **error)
{
  g_autoptr(PGresult) result =
    pulse_db_exec (conn,
                   "SELECT (extract (epoch FROM min (started_at) - '2000-01-01 00:00+00'::timestamptz)"
                   "        * 1000000)::bigint FROM sessions",
                   0, NULL, cancellable, error);

  if (result == NULL)
    return FALSE;
  self->has_min = !PQgetisnull (result, 0, 0);
  self->min_started = self->has_min ? g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10) : 0;
  return TRUE;
}

/* The roles' digest of the persons up to @cutoff (number, terms' sum),
 * and the highest id of all (G_MININT64 without a person). */
static gboolean
read_roles_digest (PGconn        *conn,
                   gint64         cutoff,
                   guint64       *n,
                   guint64       *sum,
                   gint64        *max_id,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *cutoff_text = g_strdup_printf ("%" G_GINT64_FORMAT, cutoff);
  const char *params[] = { cutoff_text };
  g_autoptr(PGresult) result =
    pulse_db_exec (conn,
                   "SELECT count(*) FILTER (WHERE id <= $1::bigint),"
                   "       coalesce (sum (" ROLE_TERM_SQL ") FILTER (WHERE id <= $1::bigint)"
                   "                 % 18446744073709551616, 0),"
                   "       max (id)"
                   "  FROM persons",
                   G_N_ELEMENTS (params), params, cancellable, error);

  if (result == NULL)
    return FALSE;
  *n = g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
  *sum = g_ascii_strtoull (PQgetvalue (result, 0, 1), NULL, 10);
  *max_id = PQgetisnull (result, 0, 2) ? G_MININT64 : g_ascii_strtoll (PQgetvalue (result, 0, 2), NULL, 10);
  return TRUE;
}

/* Makes the days those of the span: kept where they are the same days,
 * else dropped. */
static void
set_span (PulseActivitySessions *self,
          gint                   first_day,
          const gint64          *starts,
          guint                  n_days)
{
  if (self->days != NULL &&
      (first_day != self->first_day || n_days < self->n_days ||
       memcmp (starts, self->starts, sizeof (gint64) * (self->n_days + 1)) != 0))
    pulse_activity_sessions_clear (self);
  if (self->days == NULL)
    {
      self->first_day = first_day;
      self->cut = 0;
    }
  if (self->days == NULL || n_days > self->n_days)
    {
      self->days = g_renew (Day, self->days, n_days);
      memset (self->days + self->n_days, 0, sizeof (Day) * (n_days - self->n_days));
      g_free (self->starts);
      self->starts = g_memdup2 (starts, sizeof (gint64) * (n_days + 1));
      self->n_days = n_days;
    }
}

/* The day before the last one with a session: later ones may still change. */
static guint
find_cut (PulseActivitySessions *self)
{
  for (guint d = self->n_days; d > 0; d--)
    if (self->days[d - 1].n_rows > 0)
      return d >= 2 ? d - 2 : 0;
  return 0;
}

/* Whether the days from @from hold the same rows as @before (their count and checksum). */
static gboolean
same_days (PulseActivitySessions *self,
           guint                  from,
           const Day             *before,
           guint                  n_before)
{
  for (guint d = from; d < self->n_days; d++)
    if (d - from >= n_before ? self->days[d].n_rows != 0
                      : self->days[d].n_rows != before[d - from].n_rows ||
                        self->days[d].checksum != before[d - from].checksum)
      return FALSE;
  return TRUE;
}

static gboolean
update_days (PulseActivitySessions  *self,
             PGconn                 *conn,
             const char             *timezone,
             gint                    first_day,
             const gint64           *starts,
             guint                   n_days,
             GCancellable           *cancellable,
             GError                **error)
{
  gboolean had_min = self->has_min;
  gint64 old_min = self->min_started;
  guint old_version = (guint) self->version, from, n_before;
  g_autofree Day *before = NULL;

  set_span (self, first_day, starts, n_days);
  from = self->cut;
  /* Counts only, to tell whether anything changed (the blocks are freed). */
  n_before = old_version == (guint) self->version ? self->n_days - from : 0;
  before = g_new0 (Day, MAX (n_before, 1));
  for (guint d = 0; d < n_before; d++)
    {
      before[d].n_rows = self->days[from + d].n_rows;
      before[d].checksum = self->days[from + d].checksum;
    }
  if (!read_min (self, conn, cancellable, error))
    return FALSE;
  /* Every day read: the roles they were read with (before them, so that
   * a change in between shows at the check). Alone it changes no day:
   * a file not written again holds the digest of its own days. */
  if (from == 0 && !read_roles_digest (conn, G_MAXINT64, &self->roles_n, &self->roles_sum, &self->roles_cutoff,
                                       cancellable, error))
    return FALSE;
  if (!read_days (self, conn, timezone, from, cancellable, error))
    return FALSE;
  self->cut = find_cut (self);
  if (old_version != (guint) self->version || !same_days (self, from, before, n_before) ||
      had_min != self->has_min || old_min != self->min_started || self->cut != from)
    self->version++;
  return TRUE;
}

/* Ends the savepoint: a failure other than a cancel leaves the metric to
 * its SQL and the transaction goes on. */
static gboolean
leave_savepoint (PulseActivitySessions  *self,
                 PGconn                 *conn,
                 GError                 *local_error,
                 GCancellable           *cancellable,
                 GError                **error)
{
  gboolean failed = FALSE, ok;

  ok = pulse_activity_savepoint_leave (conn, "session_duration", local_error, NULL, &failed, cancellable, error);
  self->failed = self->failed || failed;
  return ok;
}

/**
 * pulse_activity_sessions_update:
 * @starts: (array length=n_days+1): the local midnights of the days
 *   from @first_day (µs since 2000), the index's span
 *
 * In the index's open transaction: holds the sessions of the span, read
 * again from the cut on. FALSE only on a cancel or a lost connection;
 * sessions that cannot be read (no table, COPY not allowed) are left to
 * the SQL (pulse_activity_sessions_is_failed()).
 */
gboolean
pulse_activity_sessions_update (PulseActivitySessions  *self,
                                PGconn                 *conn,
                                const char             *timezone,
                                gint                    first_day,
                                const gint64           *starts,
                                guint                   n_days,
                                GCancellable           *cancellable,
                                GError                **error)
{
  g_autoptr(GError) local_error = NULL;

  self->failed = FALSE;
  if (!pulse_activity_savepoint_enter (conn, cancellable, error))
    return FALSE;
  if (!update_days (self, conn, timezone, first_day, starts, n_days, cancellable, &local_error))
    pulse_activity_sessions_clear (self);
  return leave_savepoint (self, conn, local_error, cancellable, error);
}

/* The count and checksum (row_term()'s) of the rows of the days before
 * the cut. The bounds and day starts are bound values, not computed per
 * row, and the person is sessions' own column: one parallel scan of the
 * rows, bigint arithmetic. */
static const char check_sql[] =
  "SELECT count(*),"
  "       coalesce (sum ((((width_bucket (s.started_at, $3::timestamptz[]) + $4::bigint)"
  "                        * " G_STRINGIFY (CHECK_DAY_FACTOR)
  "                        + coalesce ((s.person_id % " G_STRINGIFY (CHECK_MODULUS) " + " G_STRINGIFY (CHECK_MODULUS) ")"
  "                                    * 2 + 1, 0)) % " G_STRINGIFY (CHECK_MODULUS) " + 1)"
  "                      * CASE WHEN d.us IS NULL THEN 1"
  "                             ELSE (d.us % " G_STRINGIFY (CHECK_DURATION_MODULUS) " + "
  G_STRINGIFY (CHECK_DURATION_MODULUS) ") * 2 + 2 END)"
  "                 % 18446744073709551616, 0)"
  "  FROM sessions s CROSS JOIN LATERAL (SELECT " DURATION_US_SQL " AS us) AS d"
  " WHERE s.started_at >= $1::timestamptz AND s.started_at < $2::timestamptz";

/* Whether a day before the cut has sessions of a person with no role or
 * not in persons: one who appears since may give them a role. */
static gboolean
has_unknown_before_cut (PulseActivitySessions *self)
{
  for (guint d = 0; d < self->cut; d++)
    if (self->days[d].groups[PULSE_ACTIVITY_SEGMENT_ALL].n_sessions > 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_days (PulseActivitySessions  *self,
            PGconn                 *conn,
            gboolean               *same,
            GCancellable           *cancellable,
            GError                **error)
{
  g_autofree char *first = NULL, *end = NULL, *starts = NULL;
  g_autofree char *before_first = g_strdup_printf ("%d", self->first_day - 1);
  const char *params[4];
  g_autoptr(PGresult) result = NULL;
  guint64 n_rows = 0, checksum = 0, roles_n, roles_sum;
  gint64 max_id;

  /* The roles first: a cheap read, and a change needs no scan. */
  if (!read_roles_digest (conn, self->roles_cutoff, &roles_n, &roles_sum, &max_id, cancellable, error))
    return FALSE;
  if (roles_n != self->roles_n || roles_sum != self->roles_sum ||
      (max_id > self->roles_cutoff && has_unknown_before_cut (self)))
    {
      *same = FALSE;
      return TRUE;
    }
  for (guint d = 0; d < self->cut; d++)
    {
      n_rows += self->days[d].n_rows;
      checksum += self->days[d].checksum;
    }
  if (!pulse_activity_format_span (self->starts, self->cut, &first, &end, &starts))
    {
      *same = FALSE;
      return TRUE;
    }
  params[0] = first;
  params[1] = end;
  params[2] = starts;
  params[3] = before_first;
  result = pulse_db_exec (conn, check_sql, G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL)
    return FALSE;
  *same = g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10) == n_rows &&
          g_ascii_strtoull (PQgetvalue (result, 0, 1), NULL, 10) == checksum;
  return TRUE;
}

/**
 * pulse_activity_sessions_check:
 * @same: (out): whether the days before the cut hold the server's rows
 *
 * In the index's open transaction: the check of the days no update
 * reads again. Not same: the caller clears and updates.
 */
gboolean
pulse_activity_sessions_check (PulseActivitySessions  *self,
                               PGconn                 *conn,
                               gboolean               *same,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_autoptr(GError) local_error = NULL;

  *same = TRUE;
  if (self->days == NULL || self->cut == 0)
    return TRUE;
  if (!pulse_activity_savepoint_enter (conn, cancellable, error))
    return FALSE;
  if (!check_days (self, conn, same, cancellable, &local_error))
    *same = FALSE;
  return leave_savepoint (self, conn, local_error, cancellable, error);
}

/* Computing. */

/* The blocks of one bucket (or the range) and segment. */
typedef struct
{
  const Block **blocks;
  guint         n;
} Pool;

static guint64
block_count_le (const Block *block,
                gint64       value)
{
  guint lo = 0, hi = block->n_values;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (block->values[mid] <= value)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return 0;
  return block->cum != NULL ? block->cum[lo - 1] : lo;
}

/* The @k-th smallest (from 0) duration of the pool: the smallest value
 * with more than @k durations at or below it. */
static gint64
pool_select (const Pool *pool,
             guint64     k)
{
  gint64 lo = G_MAXINT64, hi = G_MININT64;

  for (guint i = 0; i < pool->n; i++)
    if (pool->blocks[i]->n_values > 0)
      {
        lo = MIN (lo, pool->blocks[i]->values[0]);
        hi = MAX (hi, pool->blocks[i]->values[pool->blocks[i]->n_values - 1]);
      }
  while (lo < hi)
    {
      /* The floor of the mean, without overflow. */
      gint64 mid = (lo & hi) + ((lo ^ hi) >> 1);
      guint64 count = 0;

      for (guint i = 0; i < pool->n; i++)
        count += block_count_le (pool->blocks[i], mid);
      if (count > k)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

/* Sessions, average and median (percentile_cont (0.5)) of the pool; NAN without a known duration. */
static void
pool_figures (const Pool *pool,
              double     *sessions,
              double     *avg,
              double     *median)
{
  guint64 n_sessions = 0, n_known = 0;
  gint64 sum = 0;

  for (guint i = 0; i < pool->n; i++)
    {
      n_sessions += pool->blocks[i]->n_sessions;
      n_known += pool->blocks[i]->n_known;
      sum += pool->blocks[i]->sum_us;
    }
  *sessions = (double) n_sessions;
  if (n_known == 0)
    {
      *avg = *median = NAN;
      return;
    }
  *avg = (double) sum / US_PER_SECOND / (double) n_known;
  {
    double lower = (double) pool_select (pool, (n_known - 1) / 2) / US_PER_SECOND;
    double upper = n_known % 2 == 1 ? lower : (double) pool_select (pool, n_known / 2) / US_PER_SECOND;

    /* As percentile_cont interpolates. */
    *median = n_known % 2 == 1 ? lower : lower + (upper - lower) * 0.5;
  }
}

/* The blocks of days [@from, @to) (indices of self->days) in @segment. */
static void
pool_fill (PulseActivitySessions *self,
           Pool                  *pool,
           guint                  from,
           guint                  to,
           PulseActivitySegment   segment)
{
  pool->n = 0;
  for (guint d = from; d < to; d++)
    for (guint g = 0; g < N_GROUPS; g++)
      if (segment == PULSE_ACTIVITY_SEGMENT_ALL || segment == g)
        pool->blocks[pool->n++] = &self->days[d].groups[g];
}

enum { FIGURE_SESSIONS, FIGURE_AVG, FIGURE_MEDIAN, FIGURE_ESTIMATED, N_FIGURES };

static const char * const figure_keys[N_FIGURES] = { "sessions", "avg_seconds", "median_seconds", "estimated_sessions" };

/**
 * pulse_activity_sessions_compute:
 *
 * session_duration's history variant for [@from_day, @from_day +
 * @n_days), which pulse_activity_sessions_answers() must allow: its
 * estimated sessions are none.
 */
gboolean
pulse_activity_sessions_compute (PulseActivitySessions  *self,
                                 gint                    from_day,
                                 guint                   n_days,
                                 const guint            *bucket_of_day,
                                 const char * const     *bucket_labels,
                                 guint                   n_buckets,
                                 PulseActivityRowFunc    emit,
                                 gpointer                user_data,
                                 GError                **error)
{
  guint offset = (guint) (from_day - self->first_day);
  g_autofree const Block **blocks = NULL;
  g_autofree double *values = NULL;  /* [figure][segment][bucket], the summary as bucket n_buckets */
  Pool pool;

  g_return_val_if_fail (n_days > 0 && pulse_activity_sessions_answers (self, from_day, from_day + (gint) n_days - 1),
                        FALSE);
  blocks = g_new (const Block *, (gsize) n_days * N_GROUPS);
  pool.blocks = blocks;
  values = g_new0 (double, (gsize) N_FIGURES * PULSE_ACTIVITY_N_SEGMENTS * (n_buckets + 1));
#define VALUE(f, s, b) values[((gsize) (f) * PULSE_ACTIVITY_N_SEGMENTS + (s)) * (n_buckets + 1) + (b)]
  for (guint s = 0; s < PULSE_ACTIVITY_N_SEGMENTS; s++)
    {
      /* Buckets are runs of days. */
      for (guint d = 0; d < n_days;)
        {
          guint b = bucket_of_day[d], end = d;

          while (end < n_days && bucket_of_day[end] == b)
            end++;
          pool_fill (self, &pool, offset + d, offset + end, s);
          pool_figures (&pool, &VALUE (FIGURE_SESSIONS, s, b), &VALUE (FIGURE_AVG, s, b), &VALUE (FIGURE_MEDIAN, s, b));
          d = end;
        }
      pool_fill (self, &pool, offset, offset + n_days, s);
      pool_figures (&pool, &VALUE (FIGURE_SESSIONS, s, n_buckets), &VALUE (FIGURE_AVG, s, n_buckets),
                    &VALUE (FIGURE_MEDIAN, s, n_buckets));
    }
  for (guint f = 0; f < N_FIGURES; f++)
    for (guint s = 0; s < PULSE_ACTIVITY_N_SEGMENTS; s++)
      for (guint b = 0; b < n_buckets; b++)
        if (!emit ("series", figure_keys[f], bucket_labels[b], VALUE (f, s, b),
                   pulse_activity_segment_get_name (s), user_data, error))
          return FALSE;
  for (guint f = 0; f < N_FIGURES; f++)
    for (guint s = 0; s < PULSE_ACTIVITY_N_SEGMENTS; s++)
      if (!emit ("summary", figure_keys[f], NULL, VALUE (f, s, n_buckets), pulse_activity_segment_get_name (s),
                 user_data, error))
        return FALSE;
#undef VALUE
  return TRUE;
}

/* The cache file:
 *   "PULSESES", version, byte-order mark, identity, zone (each a length
 *   and its bytes), zeros to 8 bytes; first day, days, cut, has_min,
 *   min_started, the roles' cutoff, number and sum, the day starts; per
 *   day its rows and checksum, then per group sessions, known, sum,
 *   values, pairs or not, the values and the running counts (zeros to 8
 *   bytes); the checksum of all before it.
 * Written atomically, 0600; one that does not read back exactly is refused. */

static void
put (GByteArray    *out,
     gconstpointer  data,
     gsize          size)
{
  g_byte_array_append (out, data, (guint) size);
}

#define PUT(out, value) G_STMT_START { __typeof__ (value) put_v_ = (value); put ((out), &put_v_, sizeof put_v_); } G_STMT_END

static void
put_string (GByteArray *out,
            const char *text)
{
  PUT (out, (guint32) strlen (text));
  put (out, text, strlen (text));
}

static void
put_padding (GByteArray *out)
{
  static const guint8 zeros[8] = { 0 };

  put (out, zeros, (8 - out->len % 8) % 8);
}

/**
 * pulse_activity_sessions_save:
 *
 * Writes the days to @path (atomically, readable by the user only).
 */
gboolean
pulse_activity_sessions_save (PulseActivitySessions  *self,
                              const char             *path,
                              const char             *identity,
                              const char             *timezone,
                              GError                **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *dir = g_path_get_dirname (path);
  PulseFileChunk chunk;

  if (self->days == NULL || self->failed)
    {
      pulse_activity_cache_remove (path);
      return TRUE;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      /* Only logged (the index works from memory): the reason is enough. */
      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (errsv), g_strerror (errsv));
      return FALSE;
    }
  put (out, FILE_MAGIC, 8);
  PUT (out, (guint32) FILE_VERSION);
  PUT (out, (guint32) FILE_BYTE_ORDER_MARK);
  put_string (out, identity);
  put_string (out, timezone);
  put_padding (out);
  PUT (out, (gint32) self->first_day);
  PUT (out, (guint32) self->n_days);
  PUT (out, (guint32) self->cut);
  PUT (out, (guint32) self->has_min);
  PUT (out, self->min_started);
  PUT (out, self->roles_cutoff);
  PUT (out, self->roles_n);
  PUT (out, self->roles_sum);
  put (out, self->starts, sizeof (gint64) * (self->n_days + 1));
  for (guint d = 0; d < self->n_days; d++)
    {
      const Day *day = &self->days[d];

      PUT (out, day->n_rows);
      PUT (out, day->checksum);
      for (guint g = 0; g < N_GROUPS; g++)
        {
          const Block *block = &day->groups[g];

          PUT (out, block->n_sessions);
          PUT (out, block->n_known);
          PUT (out, block->sum_us);
          PUT (out, (guint32) block->n_values);
          PUT (out, (guint32) (block->cum != NULL));
          put (out, block->values, sizeof (gint64) * block->n_values);
          if (block->cum != NULL)
            put (out, block->cum, sizeof (guint32) * block->n_values);
          put_padding (out);
        }
    }
  PUT (out, pulse_activity_cache_checksum (FILE_SEED, out->data, out->len));
  chunk = (PulseFileChunk) { (const char *) out->data, out->len };
  return pulse_file_write_chunks (path, &chunk, 1, 0600, PULSE_FILE_NO_SYNC, error);
}

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
} FileReader;

static gboolean
take (FileReader *r,
      gpointer    out,
      gsize       size)
{
  if (size > r->length - r->pos)
    return FALSE;
  if (out != NULL)
    memcpy (out, r->data + r->pos, size);
  r->pos += size;
  return TRUE;
}

static gboolean
take_string_is (FileReader *r,
                const char *expected)
{
  guint32 size;

  return take (r, &size, sizeof size) && size == strlen (expected) && size <= r->length - r->pos &&
         memcmp (r->data + r->pos, expected, size) == 0 && take (r, NULL, size);
}

static gboolean
skip_padding (FileReader *r)
{
  return take (r, NULL, (8 - r->pos % 8) % 8);
}

/* A block as saved: sorted values, running counts rising to the known ones. */
static gboolean
take_block (FileReader *r,
            Block      *block)
{
  guint32 n_values, pairs;

  if (!take (r, &block->n_sessions, 8) || !take (r, &block->n_known, 8) || !take (r, &block->sum_us, 8) ||
      !take (r, &n_values, 4) || !take (r, &pairs, 4) || pairs > 1 || block->n_known > block->n_sessions ||
      n_values > block->n_known || (pairs == 0 && n_values != block->n_known) ||
      (gsize) n_values * (pairs ? 12 : 8) > r->length - r->pos)
    return FALSE;
  block->n_values = n_values;
  block->values = g_new (gint64, n_values);
  take (r, block->values, sizeof (gint64) * n_values);
  if (pairs)
    {
      block->cum = g_new (guint32, n_values);
      take (r, block->cum, sizeof (guint32) * n_values);
    }
  for (guint i = 1; i < n_values; i++)
    if (pairs ? block->values[i] <= block->values[i - 1] || block->cum[i] <= block->cum[i - 1]
              : block->values[i] < block->values[i - 1])
      return FALSE;
  if (pairs && n_values > 0 && (block->cum[0] == 0 || block->cum[n_values - 1] != block->n_known))
    return FALSE;
  return skip_padding (r);
}

static gboolean
parse (PulseActivitySessions *self,
       FileReader            *r,
       const char            *identity,
       const char            *timezone)
{
  char magic[8];
  guint32 version, mark, n_days, cut, has_min;
  gint32 first_day;

  if (!take (r, magic, 8) || memcmp (magic, FILE_MAGIC, 8) != 0 || !take (r, &version, 4) ||
      version != FILE_VERSION || !take (r, &mark, 4) || mark != FILE_BYTE_ORDER_MARK ||
      !take_string_is (r, identity) || !take_string_is (r, timezone) || !skip_padding (r) ||
      !take (r, &first_day, 4) || !take (r, &n_days, 4) || !take (r, &cut, 4) || !take (r, &has_min, 4) ||
      !take (r, &self->min_started, 8) || !take (r, &self->roles_cutoff, 8) || !take (r, &self->roles_n, 8) ||
      !take (r, &self->roles_sum, 8) || first_day <= 0 || n_days == 0 || n_days > FILE_MAX_DAYS ||
      cut >= n_days || has_min > 1)
    return FALSE;
  self->first_day = first_day;
  self->cut = cut;
  self->has_min = has_min;
  self->starts = g_new (gint64, n_days + 1);
  self->days = g_new0 (Day, n_days);
  self->n_days = n_days;
  if (!take (r, self->starts, sizeof (gint64) * (n_days + 1)))
    return FALSE;
  for (guint d = 0; d < n_days; d++)
    {
      if (self->starts[d + 1] <= self->starts[d] || !take (r, &self->days[d].n_rows, 8) ||
          !take (r, &self->days[d].checksum, 8))
        return FALSE;
      for (guint g = 0; g < N_GROUPS; g++)
        if (!take_block (r, &self->days[d].groups[g]))
          return FALSE;
    }
  return r->pos == r->length;
}

/**
 * pulse_activity_sessions_load:
 *
 * Replaces the days with those of @path, if it is whole and of this
 * identity and zone; else fails (G_IO_ERROR_NOT_FOUND: no file), and
 * holds nothing.
 */
gboolean
pulse_activity_sessions_load (PulseActivitySessions  *self,
                              const char             *path,
                              const char             *identity,
                              const char             *timezone,
                              GError                **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint64 digest;
  FileReader r;

  pulse_activity_sessions_clear (self);
  self->failed = FALSE;
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (length < sizeof digest)
    goto refused;
  memcpy (&digest, contents + length - sizeof digest, sizeof digest);
  if (digest != pulse_activity_cache_checksum (FILE_SEED, (const guint8 *) contents, length - sizeof digest))
    goto refused;
  r = (FileReader) { (const guint8 *) contents, length - sizeof digest, 0 };
  if (parse (self, &r, identity, timezone))
    return TRUE;
refused:
  pulse_activity_sessions_clear (self);
  /* Only logged, by the index: the file's name says which. */
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, path);
  return FALSE;
}
