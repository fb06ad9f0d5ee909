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
 * The other person-keyed tables whose metrics are per-day sets of
 * persons with counts (finder_searches, posts, finder_votes) are
 * sources of the same kind: each has its own store, mark, check and
 * cache file, read and checked by the same code with its table's
 * columns (source_defs). One that cannot be read (missing, not
 * allowed, a row without a person) leaves its metrics to their SQL
 * until the next update; the activity events failing fails the index.
 *
 * profile_views and profile_updates are keyed sources: their metrics
 * count distinct profiles, segmented by another person (the viewer, the
 * profile's owner). Their "person" is an element, the profile and the
 * segment code of that person as the server joins it (ELEMENT_OF), so
 * the same code reads them. A segment fixed at reading may move later:
 * read_roles() and check_link() notice a change of roles or owners since
 * the last update and rebuild those sources; the check covers a cache.
 *
 * post_reactions, post_comments and post_views (post_engagement_rate)
 * are keyed sources without a key: only their rows per day and segment
 * count, so the element is the segment code of the post's author alone
 * (POST_ELEMENT), and posts is their link table: a post that changes
 * author, goes or comes rebuilds them as profiles does profile_updates.
 *
 * collection_shares and collection_items are keyed sources too (the
 * collection, the profile); the collections' and items' rows that change
 * in place (privacy, deleted_at) are read whole at every update, after
 * the roles, and binned per day instead (pulse-activity-collections.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pulse-activity-cache-private.h"
#include "pulse-activity-cohorts-private.h"
#include "pulse-activity-collections-private.h"
#include "pulse-activity-copy-private.h"
#include "pulse-activity-funnel-private.h"
#include "pulse-activity-index.h"
#include "pulse-activity-sessions-private.h"
#include "pulse-error.h"

/* PostgreSQL's timestamps count µs from 2000-01-01 00:00 UTC. */
#define PG_EPOCH_UNIX_US G_GINT64_CONSTANT (946684800000000)
#define PROGRESS_EVERY_ROWS 65536
/* The consistency checksum: per row (id mod A + 1) * (person mod B +
 * day * C + 1), summed modulo 2^64; small enough not to overflow a
 * bigint on the server. The day is the Julian day, not the store's
 * index of it: widening the span to earlier days must not change the
 * sum of the rows already read (every check after it saw a change and
 * rebuilt). */
#define CHECK_ID_MODULUS 1000003
#define CHECK_PERSON_MODULUS 1000033
#define CHECK_DAY_FACTOR 1000037
/* session_duration's sessions (pulse-activity-sessions.c) in the masks of
 * sources: read over the events' span after the roles. */
#define SESSIONS_BIT (1u << PULSE_ACTIVITY_N_SOURCES)

/* A table the index reads: rows (id, person, time) of its own. */
typedef struct
{
  const char *name;    /* of its cache file and its logs */
  const char *table;
  const char *person;  /* the person: an expression on e (and the join), a bigint */
  const char *time;    /* the time's column */
  const char *filter;  /* " AND " a condition on e, the table's rows that are the source's; or "" */
  const char *join;    /* joins the person needs; or "" */
  gboolean    keyed;   /* the person is an element (PULSE_ACTIVITY_ELEMENT_*) */
  const char *link;    /* NULL, or the table (id, link_person) the join finds the person in */
  const char *link_person;
} SourceDef;

/* A keyed source's element: the profile, and the segment code of the
 * person @who (a column of e or of the join, whose role is sp.role):
 * the row counts in the segment of that person's role as the SQL reads
 * it now. A key beyond a bigint's quarter fails the read: its SQL
 * answers. */
#define ELEMENT_OF(who) \
  "e.profile_id * 4 + CASE WHEN " who " IS NULL THEN 0 WHEN sp.role = 'BUILDER' THEN 1" \
  " WHEN sp.role = 'FINDER' THEN 2 ELSE 3 END"
/* The same with another key than the profile. */
#define KEYED_ELEMENT(key, who) \
  key " * 4 + CASE WHEN " who " IS NULL THEN 0 WHEN sp.role = 'BUILDER' THEN 1" \
  " WHEN sp.role = 'FINDER' THEN 2 ELSE 3 END"

/* A post table's element: the segment code of the author of the row's
 * post (0: no such post), a bigint as COPY reads it. */
#define POST_ELEMENT \
  "(CASE WHEN po.id IS NULL THEN 0 WHEN sp.role = 'BUILDER' THEN 1 WHEN sp.role = 'FINDER' THEN 2 ELSE 3 END)::bigint"
#define POST_JOIN \
  " LEFT JOIN posts po ON po.id = e.post_id LEFT JOIN persons sp ON sp.id = po.author_person_id"

static const SourceDef source_defs[PULSE_ACTIVITY_N_SOURCES] = {
  [PULSE_ACTIVITY_SOURCE_EVENTS] = { "activity_events", "activity_events", "e.person_id", "occurred_at", "", "", FALSE, NULL },
  [PULSE_ACTIVITY_SOURCE_SEARCHES] = { "finder_searches", "finder_searches", "e.person_id", "searched_at", "", "",
                                       FALSE, NULL },
  /* Soft-deleted posts count, as in post_frequency.sql. */
  [PULSE_ACTIVITY_SOURCE_POSTS] = { "posts", "posts", "e.author_person_id", "created_at", "", "", FALSE, NULL },
  [PULSE_ACTIVITY_SOURCE_UP_VOTES] = { "finder_votes_up", "finder_votes", "e.person_id", "voted_at",
                                       " AND e.value = 1", "", FALSE, NULL },
  [PULSE_ACTIVITY_SOURCE_DOWN_VOTES] = { "finder_votes_down", "finder_votes", "e.person_id", "voted_at",
                                         " AND e.value = -1", "", FALSE, NULL },
  /* By the viewer: no viewer, or one unknown to persons, counts only in all. */
  [PULSE_ACTIVITY_SOURCE_PROFILE_VIEWS] = { "profile_views", "profile_views", ELEMENT_OF ("e.viewer_person_id"),
                                            "viewed_at", "",
                                            " LEFT JOIN persons sp ON sp.id = e.viewer_person_id", TRUE, NULL },
  /* By the profile's owner (profiles.person_id), as profile_update_frequency.sql joins them. */
  [PULSE_ACTIVITY_SOURCE_PROFILE_UPDATES] = { "profile_updates", "profile_updates", ELEMENT_OF ("pr.person_id"),
                                              "updated_at", "",
                                              " LEFT JOIN profiles pr ON pr.id = e.profile_id"
                                              " LEFT JOIN persons sp ON sp.id = pr.person_id", TRUE, "profiles",
                                              "person_id" },
  /* The post tables count rows only: their element is the segment code
   * of the post's author (posts.author_person_id) alone, key 0, so a
   * store holds at most four elements, whatever the number of posts. No
   * such post (code 0) or author counts only in all, as
   * post_engagement_rate.sql's LEFT JOIN reads them. */
  [PULSE_ACTIVITY_SOURCE_POST_REACTIONS] = { "post_reactions", "post_reactions", POST_ELEMENT, "created_at", "",
                                             POST_JOIN, TRUE, "posts", "author_person_id" },
  /* Soft-deleted comments count, as in post_engagement_rate.sql. */
  [PULSE_ACTIVITY_SOURCE_POST_COMMENTS] = { "post_comments", "post_comments", POST_ELEMENT, "created_at", "",
                                            POST_JOIN, TRUE, "posts", "author_person_id" },
  [PULSE_ACTIVITY_SOURCE_POST_VIEWS] = { "post_views", "post_views", POST_ELEMENT, "viewed_at", "",
                                         POST_JOIN, TRUE, "posts", "author_person_id" },
  /* The shared collection, by the role of who shared it, as
   * shared_collections_table.sql joins them. */
  [PULSE_ACTIVITY_SOURCE_COLLECTION_SHARES] = { "collection_shares", "collection_shares",
                                                KEYED_ELEMENT ("e.collection_id", "e.shared_by_person_id"),
                                                "shared_at", "",
                                                " LEFT JOIN persons sp ON sp.id = e.shared_by_person_id", TRUE, NULL },
  /* The profile collected, by the role of who added it (removed items
   * count), as collection_items_table.sql joins them. */
  [PULSE_ACTIVITY_SOURCE_COLLECTION_ITEMS] = { "collection_items", "collection_items",
                                               KEYED_ELEMENT ("e.profile_id", "e.added_by_person_id"),
                                               "added_at", "",
                                               " LEFT JOIN persons sp ON sp.id = e.added_by_person_id", TRUE, NULL },
};

typedef struct
{
  const SourceDef      *def;
  PulseActivitySnapshot snapshot;    /* .store NULL before the first build */
  char                 *cache_path;  /* of the last connection, if any */
  gboolean              failed;      /* not readable at the last update: its metrics are the SQL's */
  gboolean              fresh;       /* built from nothing in this update: its roles are this snapshot's */
  gboolean              done;        /* brought up to date in this update */
  /* The link table as of the last update, summed as the persons are
   * (see PulseActivityIndex): known FALSE before the first. */
  gboolean              link_known;
  gint64                link_cutoff;
  guint64               link_digest;
  PulseActivityFunnel  *funnel;      /* whose minima start afresh with the store */
} Source;

struct _PulseActivityIndex
{
  GObject                   parent_instance;

  char                     *timezone;
  char                     *cache_dir;   /* NULL: memory only */
  char                     *identity;    /* NULL: the connection's own */
  Source                    sources[PULSE_ACTIVITY_N_SOURCES];
  PulseActivitySessions    *sessions;
  char                     *sessions_path;  /* its cache file, if any */
  PulseActivityPeople      *people;      /* persons as of the stores' last update */
  PulseActivityCollections *collections; /* collections and items as of the last update */
  PulseActivityFunnel      *funnel;      /* signup_funnel: each person's first event and search */
  char                     *funnel_path;
  guint                     funnel_rebuilt;  /* sources the last refresh rebuilt for it */
  /* The keyed sources' rows hold their persons' roles as read: the roles
   * of the persons up to the highest id at the last update, summed, tell
   * whether any changed (or went, or came with an old id) since. */
  gboolean                  people_known;
  gint64                    people_cutoff;
  guint64                   people_digest;
  /* check_link()'s last answer in the open update: the three post
   * sources share their link table. */
  PGresult                 *link_memo;
  const SourceDef          *link_memo_def;
  gint64                    link_memo_cutoff;
  gboolean                  verified;
  gboolean                  incomplete;  /* the last update stopped midway: nothing answers before the next */
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
  g_free (self->identity);
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      g_free (self->sources[s].cache_path);
      pulse_activity_snapshot_clear (&self->sources[s].snapshot);
    }
  pulse_activity_people_free (self->people);
  pulse_activity_collections_free (self->collections);
  pulse_activity_funnel_free (self->funnel);
  g_free (self->funnel_path);
  pulse_activity_sessions_free (self->sessions);
  g_free (self->sessions_path);
  g_clear_pointer (&self->link_memo, PQclear);
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
  self->collections = pulse_activity_collections_new ();
  self->funnel = pulse_activity_funnel_new ();
  self->sessions = pulse_activity_sessions_new ();
  self->timings = g_string_new (NULL);
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      self->sources[s].def = &source_defs[s];
      self->sources[s].funnel = self->funnel;
      self->sources[s].snapshot.source = source_defs[s].name;
    }
}

static Source *
events_source (PulseActivityIndex *self)
{
  return &self->sources[PULSE_ACTIVITY_SOURCE_EVENTS];
}

static gboolean
is_events (const Source *source)
{
  return source->def == &source_defs[PULSE_ACTIVITY_SOURCE_EVENTS];
}

/* @sql with the source's table, columns, filter and join in place of
 * {table}, {person}, {time}, {filter} and {join}: text of source_defs,
 * never input. */
static char *
source_sql (const Source *source,
            const char   *sql)
{
  GString *text = g_string_new (sql);

  g_string_replace (text, "{table}", source->def->table, 0);
  g_string_replace (text, "{person}", source->def->person, 0);
  g_string_replace (text, "{time}", source->def->time, 0);
  g_string_replace (text, "{filter}", source->def->filter, 0);
  g_string_replace (text, "{join}", source->def->join, 0);
  return g_string_free (text, FALSE);
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

/* The activity events' cache file of the last update's connection (the
 * other sources' lie beside it); %NULL without a cache. */
const char *
pulse_activity_index_get_cache_path (PulseActivityIndex *self)
{
  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), NULL);
  return events_source (self)->cache_path;
}

gboolean
pulse_activity_index_supports (const char *metric_id)
{
  return pulse_activity_metric_supported (metric_id) || pulse_activity_cohorts_supported (metric_id) ||
         pulse_activity_collections_supported (metric_id) || pulse_activity_funnel_supported (metric_id) ||
         pulse_activity_sessions_supported (metric_id);
}

/* The sources @metric_id reads, as bits 1 << source. */
static guint
sources_of (const char *metric_id)
{
  if (pulse_activity_cohorts_supported (metric_id))
    return 1u << PULSE_ACTIVITY_SOURCE_EVENTS;
  if (pulse_activity_collections_supported (metric_id))
    return pulse_activity_collections_get_sources (metric_id);
  if (pulse_activity_funnel_supported (metric_id))
    return PULSE_ACTIVITY_FUNNEL_SOURCES;
  return pulse_activity_metric_get_sources (metric_id);
}

/**
 * pulse_activity_index_answers:
 *
 * Whether the index answers @metric_id (one it supports): FALSE when a
 * table it reads could not be read at the last update (missing, not
 * allowed to COPY, a row without a person): then its SQL does, until
 * the next update tries again.
 */
gboolean
pulse_activity_index_answers (PulseActivityIndex *self,
                              const char         *metric_id)
{
  guint sources = sources_of (metric_id);

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);

  if (pulse_activity_sessions_supported (metric_id))
    return !pulse_activity_sessions_is_failed (self->sessions);
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    if ((sources & (1u << s)) && self->sources[s].failed)
      return FALSE;
  if (pulse_activity_collections_supported (metric_id) &&
      !pulse_activity_collections_answers (self->collections, metric_id))
    return FALSE;
  if (pulse_activity_funnel_supported (metric_id) && !pulse_activity_funnel_ready (self->funnel))
    return FALSE;
  return sources != 0;
}

/**
 * pulse_activity_index_answers_range:
 *
 * pulse_activity_index_answers() for the range [@from, @to]:
 * session_duration's only where its history variant estimates no
 * session (the first recorded one is at or before the range's start).
 */
gboolean
pulse_activity_index_answers_range (PulseActivityIndex *self,
                                    const char         *metric_id,
                                    const GDate        *from,
                                    const GDate        *to)
{
  if (!pulse_activity_index_answers (self, metric_id))
    return FALSE;
  return !pulse_activity_sessions_supported (metric_id) ||
         pulse_activity_sessions_answers (self->sessions, (gint) g_date_get_julian (from),
                                          (gint) g_date_get_julian (to));
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
drop_store (Source *source)
{
  g_clear_pointer (&source->snapshot.store, pulse_activity_store_free);
  /* Nothing on disk to add to until the next whole save. */
  g_clear_pointer (&source->snapshot.journal, g_array_unref);
  source->snapshot.mark = 0;
  source->snapshot.n_rows = 0;
  source->snapshot.checksum = 0;
  pulse_activity_funnel_reset (source->funnel, (guint) (source->def - source_defs));
}

/* Drops every source's days and forgets the connection: the next
 * update starts from the cache files. */
static void
forget (PulseActivityIndex *self)
{
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      drop_store (&self->sources[s]);
      g_clear_pointer (&self->sources[s].snapshot.identity, g_free);
    }
  pulse_activity_sessions_clear (self->sessions);
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

  pulse_activity_format_day (first_day, first);
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
  Source             *source;
  PulseCopyRow        row;
  guint64             rows;
  guint64             estimate;
} EventReader;

/* Progress counts the activity events: the bulk of any build. */
static void
report_progress (EventReader *reader)
{
  if (reader->self->progress != NULL && is_events (reader->source))
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
  PulseActivitySnapshot *snapshot = &reader->source->snapshot;
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
      /* A NULL person is outside what the engine answers: the SQL does.
       * Another source's error is only logged (its metric goes to its
       * SQL): a NULL is a field its reader cannot take. */
      if (!is_events (reader->source))
        return pulse_copy_malformed (error);
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
                           _("activity_events has a row without a person or time"));
      return FALSE;
    }
  /* Rows after the mark come from any day: those outside the span are not the index's. */
  if ((day = pulse_activity_store_find_day (snapshot->store, occurred_at)) < 0)
    return TRUE;
  person = pulse_activity_store_intern (snapshot->store, person_id);
  pulse_activity_funnel_take (reader->self->funnel, (guint) (reader->source - reader->self->sources), person,
                              person_id, occurred_at);
  pulse_activity_store_add_event (snapshot->store, (guint) day, person);
  pulse_activity_snapshot_journal (snapshot, (guint) day, person);
  snapshot->n_rows++;
  snapshot->checksum += (guint64) ((id % CHECK_ID_MODULUS + 1) *
                                   (person_id % CHECK_PERSON_MODULUS +
                                    (gint64) (pulse_activity_store_get_first_day (snapshot->store) + day) * CHECK_DAY_FACTOR + 1));
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
  "COPY (SELECT e.id, {person}, e.{time} FROM {table} e {join}"
  "       WHERE e.id <= (SELECT pg_catalog.current_setting ('pulse.activity_id')::bigint)"
  "         AND e.{time} >= (SELECT pg_catalog.current_setting ('pulse.activity_first')::date::timestamp"
  "                                      AT TIME ZONE pg_catalog.current_setting ('pulse.activity_zone'))"
  "         AND e.{time} < (SELECT (pg_catalog.current_setting ('pulse.activity_first')::date"
  "                                      + pg_catalog.current_setting ('pulse.activity_days')::integer)::timestamp"
  "                                     AT TIME ZONE pg_catalog.current_setting ('pulse.activity_zone'))"
  "         {filter})"
  " TO STDOUT (FORMAT binary)";

/* The rows after an id, on any day: a filter on the time as well would
 * lead the planner to scan the time index over the whole span for a few
 * new rows; those outside the span are skipped as they come. */
static const char read_new_sql[] =
  "COPY (SELECT e.id, {person}, e.{time} FROM {table} e {join}"
  "       WHERE e.id > (SELECT pg_catalog.current_setting ('pulse.activity_id')::bigint) {filter}"
  "       ORDER BY e.id)"
  " TO STDOUT (FORMAT binary)";

/* Every row: when the span holds most of the table's time, one plain
 * scan beats the time index (rows outside the span are skipped). */
static const char read_all_sql[] =
  "COPY (SELECT e.id, {person}, e.{time} FROM {table} e {join} WHERE true {filter}) TO STDOUT (FORMAT binary)";

/* Whether the days [@first_day, @first_day + @n_days) hold at least half
 * of the time between the table's first and last event. */
static gboolean
span_holds_most (PulseActivityIndex  *self,
                 Source              *source,
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
  g_autofree char *sql = source_sql (source,
                                     "SELECT coalesce (least (max (e.{time}), (($1::date + $2::integer)::timestamp AT TIME ZONE $3::text))"
                                     "                 - greatest (min (e.{time}), ($1::date::timestamp AT TIME ZONE $3::text))"
                                     "                 >= (max (e.{time}) - min (e.{time})) / 2, true)"
                                     "  FROM {table} e WHERE true {filter}");
  g_autoptr(PGresult) result = NULL;

  pulse_activity_format_day (first_day, first);
  result = pulse_db_exec (conn, sql, G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL)
    return FALSE;
  *most = g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

/* Runs @sql (read_days_sql, read_new_sql or read_all_sql) with its settings: @n_days
 * days from @first_day, @id. */
static gboolean
read_events (PulseActivityIndex  *self,
             Source              *source,
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
  EventReader reader = { self, source, { 0 }, 0, estimate };
  g_autofree char *copy = source_sql (source, sql);

  if (n_days == 0)
    return TRUE;
  pulse_activity_format_day (first_day, first);
  if (!bind_settings (conn, params, cancellable, error) ||
      !pulse_db_copy_out (conn, copy, take_event, &reader, cancellable, error))
    return FALSE;
  report_progress (&reader);
  return TRUE;
}

typedef struct
{
  PulseActivityIndex  *self;
  PulseActivityPeople *people;
  PulseCopyRow         row;
  guint64              digest;     /* of every person */
  guint64              below;      /* of those up to the last update's cutoff */
  gint64               max_id;
  gboolean             appeared;   /* a person above that cutoff */
} PersonReader;

/* One person's term of the roles' digest (a sum: rows come in any order). */
static guint64
role_term (gint64               id,
           PulseActivitySegment role)
{
  guint64 h = (guint64) id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + role + 1;

  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  return h ^ (h >> 33);
}

/* Gives each person of the stores (a keyed source's roles are its
 * elements', apply_element_roles()) their role as read: one pass over
 * each store's persons, after the rows of this update. */
static void
apply_roles (PulseActivityIndex *self)
{
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      PulseActivityStore *store = self->sources[s].snapshot.store;
      PulseActivitySegment role;

      if (store == NULL || self->sources[s].def->keyed)
        continue;
      for (guint32 p = 0; p < pulse_activity_store_get_n_persons (store); p++)
        if (pulse_activity_people_lookup (self->people, pulse_activity_store_get_person_id (store, p), &role))
          pulse_activity_store_set_role (store, p, role);
    }
}

/* Starts a read of everybody's role: none is known until it ends. */
static void
roles_start (PulseActivityIndex *self,
             PersonReader       *reader)
{
  *reader = (PersonReader) { self, self->people, { 0 }, 0, 0, G_MININT64, FALSE };
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    if (self->sources[s].snapshot.store != NULL && !self->sources[s].def->keyed)
      pulse_activity_store_clear_roles (self->sources[s].snapshot.store);
  pulse_activity_people_clear (self->people);
}

/* One person of the read: a PulseActivityPersonFunc. */
static void
take_role (gint64               id,
           PulseActivitySegment role,
           gboolean             has_created_at,
           gint64               created_at,
           gpointer             user_data)
{
  PersonReader *reader = user_data;

  pulse_activity_people_add (reader->people, id, role, has_created_at, created_at);
  reader->digest += role_term (id, role);
  if (id <= reader->self->people_cutoff)
    reader->below += role_term (id, role);
  else
    reader->appeared = TRUE;
  reader->max_id = MAX (reader->max_id, id);
}

/* One (id, role, created_at) row of persons; a NULL role counts only in all. */
static gboolean
take_person (const char  *data,
             int          length,
             gpointer     user_data,
             GError     **error)
{
  PersonReader *reader = user_data;
  gboolean trailer = FALSE, ok = TRUE, has_created_at;
  PulseActivitySegment role = PULSE_ACTIVITY_SEGMENT_ALL;
  const guint8 *text;
  gsize size = 0;
  gint64 id, created_at;

  if (!pulse_copy_row_begin (&reader->row, data, length, 3, &trailer, error))
    return FALSE;
  if (trailer)
    return TRUE;
  if (!pulse_copy_row_int8 (&reader->row, &id))
    return pulse_copy_malformed (error);
  text = pulse_copy_row_field (&reader->row, &size, &ok);
  if (!ok)
    return pulse_copy_malformed (error);
  if (text != NULL && !pulse_activity_segment_parse (text, size, &role))
    {
      /* The SQL refuses a segment it does not know; so does the index. */
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
                   _("persons has the role “%.*s”, which is not a segment"), (int) size, text);
      return FALSE;
    }
  if (!pulse_copy_row_nullable_int8 (&reader->row, &created_at, &has_created_at))
    return pulse_copy_malformed (error);
  take_role (id, role, has_created_at, created_at, reader);
  return TRUE;
}

/* A keyed source's elements are in the segment their code says. */
static void
apply_element_roles (PulseActivityStore *store)
{
  for (guint32 p = 0; p < pulse_activity_store_get_n_persons (store); p++)
    pulse_activity_store_set_role (store, p, pulse_activity_element_segment (pulse_activity_store_get_person_id (store, p)));
}

/* Whether a keyed source holds elements of segment code @code. */
static gboolean
has_code (PulseActivityStore *store,
          guint               code)
{
  for (guint32 p = 0; p < pulse_activity_store_get_n_persons (store); p++)
    if (pulse_activity_element_code (pulse_activity_store_get_person_id (store, p)) == code)
      return TRUE;
  return FALSE;
}

/* Reads everybody's role and sign-up itself: when the funnel's read of
 * persons did not work. */
static gboolean
read_roles (PulseActivityIndex  *self,
            PGconn              *conn,
            PersonReader        *reader,
            GCancellable        *cancellable,
            GError             **error)
{
  roles_start (self, reader);
  if (pulse_db_copy_out (conn, "COPY (SELECT id, role, created_at FROM persons) TO STDOUT (FORMAT binary)",
                         take_person, reader, cancellable, error))
    return TRUE;
  self->people_known = FALSE;
  return FALSE;
}

/* Everybody's role and sign-up as they are now (persons may be added or
 * changed), once the sources' rows are read. @moved: whether the keyed
 * sources' rows read before may have another segment now (a person's
 * role changed, a person went, or came with an id a row could have
 * named), see PersonReader. */
static void
roles_finish (PulseActivityIndex *self,
              PersonReader       *reader,
              gboolean           *moved)
{
  gboolean unknown = FALSE;

  apply_roles (self);
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      PulseActivityStore *store = self->sources[s].snapshot.store;

      if (store != NULL && self->sources[s].def->keyed)
        {
          apply_element_roles (store);
          unknown = unknown || (reader->appeared && has_code (store, PULSE_ACTIVITY_ELEMENT_UNKNOWN));
        }
    }
  unknown = unknown || (reader->appeared && pulse_activity_sessions_has_unknown (self->sessions));
  /* The first read of a connection has nothing to compare: rows from
   * the cache are checked with their segments (pulse_activity_index_verify()). */
  *moved = self->people_known && (reader->below != self->people_digest || unknown);
  self->people_known = TRUE;
  self->people_cutoff = reader->max_id;
  self->people_digest = reader->digest;
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

/* The planner's row estimate of activity_events, for progress (the
 * only source progress counts). */
static guint64
estimate_rows (Source       *source,
               PGconn       *conn,
               GCancellable *cancellable)
{
  gint64 estimate = 0;

  if (!is_events (source))
    return 0;
  query_int64 (conn,
               "SELECT coalesce (max (greatest (c.reltuples, 0))::bigint, 0) FROM pg_catalog.pg_class c"
               " WHERE c.oid = pg_catalog.to_regclass ('activity_events')",
               &estimate, cancellable, NULL);
  return (guint64) estimate;
}

/* Loads the source's cache file, if there is a usable one; a broken one is removed. */
static void
load_cache (PulseActivityIndex *self,
            Source             *source)
{
  g_autoptr(GError) error = NULL;
  g_auto(PulseActivitySnapshot) saved = { .source = source->def->name };
  PulseActivitySnapshot *snapshot = &source->snapshot;

  if (source->cache_path == NULL)
    return;
  if (pulse_activity_cache_load (source->cache_path, snapshot->identity, self->timezone, &saved, &error))
    {
      snapshot->store = g_steal_pointer (&saved.store);
      snapshot->mark = saved.mark;
      snapshot->n_rows = saved.n_rows;
      snapshot->checksum = saved.checksum;
      snapshot->base_digest = saved.base_digest;
      snapshot->base_first_day = saved.base_first_day;
      snapshot->base_n_days = saved.base_n_days;
      snapshot->base_n_persons = saved.base_n_persons;
      snapshot->journal = g_steal_pointer (&saved.journal);
      self->verified = FALSE;
      return;
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_debug ("Activity cache discarded: %s", error->message);
      pulse_activity_cache_remove (source->cache_path);
    }
}

static void
save_cache (Source *source)
{
  g_autoptr(GError) error = NULL;

  /* Without a writable cache folder the index works from memory. */
  if (source->cache_path != NULL && source->snapshot.store != NULL &&
      !pulse_activity_cache_save (source->cache_path, &source->snapshot, &error))
    g_debug ("Activity cache not written: %s", error->message);
}

/* Builds the source's days [@first_day, @last_day] from nothing. */
static gboolean
build (PulseActivityIndex  *self,
       Source              *source,
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

  drop_store (source);
  if (starts == NULL || !span_holds_most (self, source, conn, first_day, n_days, &most, cancellable, error))
    return FALSE;
  g_debug ("Building the %s index of %u days from %s", source->def->name, n_days,
           most ? "every row" : "those days' rows");
  source->snapshot.store = pulse_activity_store_new (first_day, starts, n_days);
  source->snapshot.mark = top;
  source->fresh = TRUE;
  if (read_events (self, source, conn, most ? read_all_sql : read_days_sql, first_day, n_days, top,
                   estimate_rows (source, conn, cancellable), cancellable, error))
    return TRUE;
  drop_store (source);
  return FALSE;
}

/* Widens the source's span to hold [@first_day, @last_day]: the new days
 * get the rows up to the mark; FALSE in @extended if the store must be
 * rebuilt. */
static gboolean
extend (PulseActivityIndex  *self,
        Source              *source,
        PGconn              *conn,
        gint                 first_day,
        gint                 last_day,
        gboolean            *extended,
        GCancellable        *cancellable,
        GError             **error)
{
  PulseActivityStore *store = source->snapshot.store;
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
  return read_events (self, source, conn, read_days_sql, new_first, (guint) (old_first - new_first),
                      source->snapshot.mark, 0, cancellable, error) &&
         read_events (self, source, conn, read_days_sql, old_last + 1, (guint) (new_last - old_last),
                      source->snapshot.mark, 0, cancellable, error);
}

/* Brings one source up to date in the open transaction. */
static gboolean
refresh_source (PulseActivityIndex  *self,
                Source              *source,
                PGconn              *conn,
                gint                 first_day,
                gint                 last_day,
                GCancellable        *cancellable,
                GError             **error)
{
  PulseActivitySnapshot *snapshot = &source->snapshot;
  g_autofree char *max_sql = source_sql (source, "SELECT coalesce (max (id), 0) FROM {table}");
  gboolean extended = FALSE;
  gint64 top;

  /* The mark is a place in the table's ids, whichever rows are the source's. */
  if (!query_int64 (conn, max_sql, &top, cancellable, error))
    return FALSE;
  /* Ids went down: the table was emptied or replaced. */
  if (snapshot->store != NULL && top < snapshot->mark)
    drop_store (source);
  if (snapshot->store != NULL &&
      !extend (self, source, conn, first_day, last_day, &extended, cancellable, error))
    return FALSE;

  if (!extended)
    return build (self, source, conn, first_day, last_day, top, cancellable, error);
  /* The snapshot holds no row above top: the rows read are (mark, top]. */
  if (top > snapshot->mark &&
      !read_events (self, source, conn, read_new_sql, pulse_activity_store_get_first_day (snapshot->store),
                    pulse_activity_store_get_n_days (snapshot->store), snapshot->mark, 0, cancellable, error))
    return FALSE;
  snapshot->mark = top;
  return TRUE;
}

/* Ends the savepoint around another source's read or check, after
 * @local_error (NULL: it went well). A source that could not be read or
 * checked is marked failed, its metrics then the SQL's, and the
 * transaction goes on; only a cancel or a lost connection is an error. */
static gboolean
leave_savepoint (Source        *source,
                 PGconn        *conn,
                 GError        *local_error,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gboolean failed = FALSE, ok;

  ok = pulse_activity_savepoint_leave (conn, source->def->name, local_error, NULL, &failed, cancellable, error);
  source->failed = source->failed || failed;
  return ok;
}

/* Whether the source's link table (profiles: whose profile it is;
 * posts: whose post it is) moved the rows read before this update to
 * other segments: a row's person changed, went, or came with an id a
 * row without one could have named. Summed on the server as the persons are read (PersonReader). */
/* The link table summed as of @source's last check, or the same answer
 * given to another source in this update. */
static PGresult *
sum_link (PulseActivityIndex  *self,
          Source              *source,
          PGconn              *conn,
          GCancellable        *cancellable,
          GError             **error)
{
  g_autofree char *cutoff = g_strdup_printf ("%" G_GINT64_FORMAT, source->link_cutoff);
  const char *params[] = { cutoff };
  g_autofree char *sql = NULL;

  if (self->link_memo != NULL && self->link_memo_cutoff == source->link_cutoff &&
      g_str_equal (self->link_memo_def->link, source->def->link) &&
      g_str_equal (self->link_memo_def->link_person, source->def->link_person))
    return self->link_memo;
  sql = g_strdup_printf (
    "SELECT coalesce (max (l.id), -9223372036854775808),"
    "       coalesce (sum (l.h) FILTER (WHERE l.id <= $1::bigint) %% 9223372036854775807, 0),"
    "       coalesce (sum (l.h) %% 9223372036854775807, 0),"
    "       count (*) FILTER (WHERE l.id > $1::bigint) > 0"
    "  FROM (SELECT id, hashint8extended (%s, id) AS h FROM %s) AS l", source->def->link_person, source->def->link);
  g_clear_pointer (&self->link_memo, PQclear);
  self->link_memo = pulse_db_exec (conn, sql, G_N_ELEMENTS (params), params, cancellable, error);
  self->link_memo_def = source->def;
  self->link_memo_cutoff = source->link_cutoff;
  return self->link_memo;
}

static gboolean
check_link (PulseActivityIndex  *self,
            Source              *source,
            PGconn              *conn,
            gboolean            *moved,
            GCancellable        *cancellable,
            GError             **error)
{
  PGresult *result = sum_link (self, source, conn, cancellable, error);
  gboolean appeared;

  if (result == NULL)
    return FALSE;
  appeared = g_str_equal (PQgetvalue (result, 0, 3), "t");
  /* Code 0 here: the join found no person, e.g. no such profile. */
  *moved = source->link_known && !source->fresh && source->snapshot.store != NULL &&
           ((guint64) g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10) != source->link_digest ||
            (appeared && has_code (source->snapshot.store, PULSE_ACTIVITY_ELEMENT_NONE)));
  source->link_known = TRUE;
  source->link_cutoff = parse_int64 (result, 0, 0);
  source->link_digest = (guint64) g_ascii_strtoll (PQgetvalue (result, 0, 2), NULL, 10);
  return TRUE;
}

/* refresh_source(), then rebuilt if the link table moved its rows. */
static gboolean
refresh_linked (PulseActivityIndex  *self,
                Source              *source,
                PGconn              *conn,
                gint                 first_day,
                gint                 last_day,
                GCancellable        *cancellable,
                GError             **error)
{
  PulseActivityStore *store;
  gboolean moved = FALSE;

  if (!refresh_source (self, source, conn, first_day, last_day, cancellable, error))
    return FALSE;
  /* Days from the cache are not compared with a link sum yet: the
   * background check sums it (check_other()), and its checksum of the
   * rows sees a link that moved them since the cache was written. */
  if (source->def->link == NULL || (!source->link_known && !source->fresh && !self->verified))
    return TRUE;
  if (!check_link (self, source, conn, &moved, cancellable, error))
    return FALSE;
  if (!moved)
    return TRUE;
  store = source->snapshot.store;
  first_day = pulse_activity_store_get_first_day (store);
  last_day = first_day + (gint) pulse_activity_store_get_n_days (store) - 1;
  g_debug ("%s changed: rebuilding the %s index", source->def->link, source->def->name);
  drop_store (source);
  return refresh_source (self, source, conn, first_day, last_day, cancellable, error);
}

/* refresh_source() of a source other than the events, in a savepoint
 * (leave_savepoint()): one that cannot be read keeps no days. */
static gboolean
refresh_other (PulseActivityIndex  *self,
               Source              *source,
               PGconn              *conn,
               gint                 first_day,
               gint                 last_day,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  source->failed = FALSE;
  if (!pulse_activity_savepoint_enter (conn, cancellable, error))
    return FALSE;
  if (!refresh_linked (self, source, conn, first_day, last_day, cancellable, &local_error) &&
      !pulse_activity_is_cancel (local_error, cancellable))
    drop_store (source);
  return leave_savepoint (source, conn, local_error, cancellable, error);
}

/* Rebuilds the keyed sources read before this update over the days they
 * hold: their rows' segments are those of the roles when read. */
static gboolean
rebuild_keyed (PulseActivityIndex  *self,
               PGconn              *conn,
               GCancellable        *cancellable,
               GError             **error)
{
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      Source *source = &self->sources[s];
      PulseActivityStore *store = source->snapshot.store;
      gint first_day, last_day;

      if (!source->def->keyed || store == NULL || source->fresh)
        continue;
      first_day = pulse_activity_store_get_first_day (store);
      last_day = first_day + (gint) pulse_activity_store_get_n_days (store) - 1;
      g_debug ("Roles changed: rebuilding the %s index", source->def->name);
      drop_store (source);
      source->done = FALSE;
      if (!refresh_other (self, source, conn, first_day, last_day, cancellable, error))
        return FALSE;
      source->done = TRUE;
      if (source->snapshot.store != NULL)
        apply_element_roles (source->snapshot.store);
    }
  return TRUE;
}

/* The collections' and their items' state (pulse-activity-collections.c)
 * on the events' days: rows that change, read again at every update;
 * their owners' roles are those read_roles() has just read. */
static gboolean
read_collections (PulseActivityIndex  *self,
                  PGconn              *conn,
                  GCancellable        *cancellable,
                  GError             **error)
{
  PulseActivityStore *store = events_source (self)->snapshot.store;
  gboolean ok;

  if (store == NULL)
    return TRUE;
  ok = pulse_activity_collections_read (self->collections, conn, store, self->people, cancellable, error);
  phase_done (self, "collections");
  return ok;
}

/* The funnel's persons, before any source's rows: stale, the sources
 * (bits 1 << source) whose store must be read again for the funnel.
 * The same rows give @roles everybody's role. */
static gboolean
read_funnel_persons (PulseActivityIndex  *self,
                     PGconn              *conn,
                     guint               *stale,
                     PersonReader        *roles,
                     GCancellable        *cancellable,
                     GError             **error)
{
  PulseActivityStore *stores[PULSE_ACTIVITY_N_SOURCES];
  gboolean ok;

  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    stores[s] = self->sources[s].snapshot.store;
  ok = pulse_activity_funnel_read_persons (self->funnel, conn, stores, stale, take_role, roles, cancellable, error);
  phase_done (self, "funnel persons");
  return ok;
}

/* The sessions over the events' span (see pulse-activity-sessions.c). */
static gboolean
update_sessions (PulseActivityIndex  *self,
                 PGconn              *conn,
                 GCancellable        *cancellable,
                 GError             **error)
{
  PulseActivityStore *store = events_source (self)->snapshot.store;

  if (store == NULL)
    return TRUE;
  if (!pulse_activity_sessions_update (self->sessions, conn, self->timezone, pulse_activity_store_get_first_day (store),
                                       pulse_activity_store_get_starts (store), pulse_activity_store_get_n_days (store),
                                       cancellable, error))
    return FALSE;
  phase_done (self, "sessions");
  return TRUE;
}

/* Brings the sources of @mask (bits 1 << source, and SESSIONS_BIT) up to
 * date in the open transaction, then everybody's roles, the sessions and
 * the collections' state. */
static gboolean
refresh (PulseActivityIndex  *self,
         PGconn              *conn,
         guint                mask,
         gint                 first_day,
         gint                 last_day,
         GCancellable        *cancellable,
         GError             **error)
{
  gboolean moved = FALSE;
  gint firsts[PULSE_ACTIVITY_N_SOURCES], lasts[PULSE_ACTIVITY_N_SOURCES];
  guint stale = 0;
  PersonReader roles;

  /* A new transaction: another snapshot of the link tables. */
  g_clear_pointer (&self->link_memo, PQclear);
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      self->sources[s].fresh = self->sources[s].done = FALSE;
      firsts[s] = first_day;
      lasts[s] = last_day;
    }
  roles_start (self, &roles);
  if (!read_funnel_persons (self, conn, &stale, &roles, cancellable, error))
    return FALSE;
  self->funnel_rebuilt = stale;
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    if ((stale & (1u << s)) && self->sources[s].snapshot.store != NULL)
      {
        PulseActivityStore *store = self->sources[s].snapshot.store;

        /* Rebuilt over the days it held too. */
        firsts[s] = MIN (first_day, pulse_activity_store_get_first_day (store));
        lasts[s] = MAX (last_day, pulse_activity_store_get_first_day (store) +
                                  (gint) pulse_activity_store_get_n_days (store) - 1);
        g_debug ("signup_funnel: rebuilding the %s index", self->sources[s].def->name);
        drop_store (&self->sources[s]);
        mask |= 1u << s;
      }
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      Source *source = &self->sources[s];

      if (!(mask & (1u << s)))
        continue;
      if (is_events (source) ? !refresh_source (self, source, conn, firsts[s], lasts[s], cancellable, error)
                             : !refresh_other (self, source, conn, firsts[s], lasts[s], cancellable, error))
        return FALSE;
      source->done = TRUE;
      phase_done (self, source->def->name);
    }
  if (!pulse_activity_funnel_has_persons (self->funnel) && !read_roles (self, conn, &roles, cancellable, error))
    return FALSE;
  roles_finish (self, &roles, &moved);
  phase_done (self, "roles");
  /* The sessions' segments too are the roles' when read. */
  if (moved)
    pulse_activity_sessions_clear (self->sessions);
  if ((moved || (mask & SESSIONS_BIT)) && !update_sessions (self, conn, cancellable, error))
    return FALSE;
  if (moved && !rebuild_keyed (self, conn, cancellable, error))
    return FALSE;
  return read_collections (self, conn, cancellable, error);
}

static const PulseActivitySnapshot * const *
funnel_snapshots (PulseActivityIndex          *self,
                  const PulseActivitySnapshot *snapshots[PULSE_ACTIVITY_N_SOURCES])
{
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    snapshots[s] = &self->sources[s].snapshot;
  return snapshots;
}

/* Writes the funnel's file if one of its sources changed (@changed: bits 1 << source). */
static void
save_funnel (PulseActivityIndex *self,
             guint               changed)
{
  const PulseActivitySnapshot *snapshots[PULSE_ACTIVITY_N_SOURCES];

  if (changed & PULSE_ACTIVITY_FUNNEL_SOURCES)
    pulse_activity_funnel_save (self->funnel, self->funnel_path, events_source (self)->snapshot.identity,
                                self->timezone, funnel_snapshots (self, snapshots));
}

/* The sessions' cache file, if there is a usable one; a broken one is removed. */
static void
load_sessions (PulseActivityIndex *self,
               const char         *identity)
{
  g_autoptr(GError) error = NULL;

  pulse_activity_sessions_clear (self->sessions);
  g_clear_pointer (&self->sessions_path, g_free);
  if (self->cache_dir == NULL)
    return;
  self->sessions_path = pulse_activity_cache_build_path (self->cache_dir, identity, self->timezone, "sessions");
  if (pulse_activity_sessions_load (self->sessions, self->sessions_path, identity, self->timezone, &error))
    self->verified = FALSE;
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_debug ("Sessions cache discarded: %s", error->message);
      pulse_activity_cache_remove (self->sessions_path);
    }
}

static void
save_sessions (PulseActivityIndex *self)
{
  g_autoptr(GError) error = NULL;

  if (self->sessions_path != NULL &&
      !pulse_activity_sessions_save (self->sessions, self->sessions_path, events_source (self)->snapshot.identity,
                                     self->timezone, &error))
    g_debug ("Sessions cache not written: %s", error->message);
}

/* The cache files for @conn's identity: a new connection starts over. */
static void
use_connection (PulseActivityIndex *self,
                PGconn             *conn)
{
  g_autofree char *identity = self->identity ? g_strdup (self->identity) : dup_identity (conn);
  const PulseActivitySnapshot *snapshots[PULSE_ACTIVITY_N_SOURCES];

  if (g_strcmp0 (identity, events_source (self)->snapshot.identity) == 0)
    return;
  /* Until a cache file is loaded, everything is read from the server now. */
  self->verified = TRUE;
  self->people_known = FALSE;
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      Source *source = &self->sources[s];

      drop_store (source);
      source->failed = FALSE;
      source->link_known = FALSE;
      g_free (source->snapshot.identity);
      source->snapshot.identity = g_strdup (identity);
      g_free (source->snapshot.timezone);
      source->snapshot.timezone = g_strdup (self->timezone);
      g_clear_pointer (&source->cache_path, g_free);
      if (self->cache_dir != NULL)
        source->cache_path = pulse_activity_cache_build_path (self->cache_dir, identity, self->timezone,
                                                              source->def->name);
      load_cache (self, source);
    }
  phase_done (self, "cache load");
  g_clear_pointer (&self->funnel_path, g_free);
  if (self->cache_dir != NULL)
    self->funnel_path = pulse_activity_cache_build_path (self->cache_dir, identity, self->timezone, "signup_funnel");
  pulse_activity_funnel_load (self->funnel, self->funnel_path, identity, self->timezone, funnel_snapshots (self, snapshots));
  phase_done (self, "funnel load");
  load_sessions (self, identity);
}

/* What a source's cache file would hold, in short: a change means a write. */
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
describe_state (Source *source)
{
  PulseActivityStore *store = source->snapshot.store;
  IndexState state = { store, 0, 0, source->snapshot.mark, source->snapshot.n_rows, source->snapshot.checksum };

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

/* What the next update compares with: the roles and each source's link
 * table as of the last update that ended. */
typedef struct
{
  gboolean people_known;
  gint64   people_cutoff;
  guint64  people_digest;
  struct
  {
    gboolean known;
    gint64   cutoff;
    guint64  digest;
  } links[PULSE_ACTIVITY_N_SOURCES];
} Baseline;

static Baseline
take_baseline (PulseActivityIndex *self)
{
  Baseline baseline = { self->people_known, self->people_cutoff, self->people_digest, { { 0 } } };

  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      baseline.links[s].known = self->sources[s].link_known;
      baseline.links[s].cutoff = self->sources[s].link_cutoff;
      baseline.links[s].digest = self->sources[s].link_digest;
    }
  return baseline;
}

/* After an update stopped midway (a newer job cancelled it, the server
 * went): a source it changed but did not finish goes back to its cache
 * file, unverified, with its link sums of before; the others keep their
 * days, each up to its own mark (dropping them all made the page ask
 * every card again). The roles are compared next time with those of
 * the last update that ended, and nothing answers before an update has
 * read them again. */
static void
undo_update (PulseActivityIndex *self,
             const IndexState   *before,
             const Baseline     *baseline,
             guint64             sessions_before)
{
  self->people_known = baseline->people_known;
  self->people_cutoff = baseline->people_cutoff;
  self->people_digest = baseline->people_digest;
  self->incomplete = TRUE;
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      Source *source = &self->sources[s];

      if (source->done || state_equal (before[s], describe_state (source)))
        continue;
      drop_store (source);
      source->link_known = baseline->links[s].known;
      source->link_cutoff = baseline->links[s].cutoff;
      source->link_digest = baseline->links[s].digest;
      /* One the funnel's persons dropped is built anew, not loaded. */
      if (!(self->funnel_rebuilt & (1u << s)))
        load_cache (self, source);
    }
  if (sessions_before != pulse_activity_sessions_get_version (self->sessions))
    load_sessions (self, events_source (self)->snapshot.identity);
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
  /* A mature sign-up's 168 hours end by the range's end. */
  if (pulse_activity_funnel_supported (metric_id))
    {
      *first_day = from_day;
      *last_day = to_day;
      return;
    }
  *first_day = from_day - (metric_id != NULL ? (gint) pulse_activity_metric_get_lookback (metric_id)
                                             : PULSE_ACTIVITY_LOOKBACK_DAYS);
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
 * Every source holds the same days: those of all the metrics.
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
 * @last] of every source with everything committed on @conn's server:
 * from the cache and the rows added since, or, the first time, from all
 * rows of those days. A source other than the activity events that
 * cannot be read is left to the SQL (pulse_activity_index_answers()).
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
  IndexState before[PULSE_ACTIVITY_N_SOURCES];
  Baseline baseline;
  guint changed = 0;
  guint64 sessions_before;
  gboolean ok;

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (first) && g_date_valid (last), FALSE);

  first_day = (gint) g_date_get_julian (first);
  last_day = (gint) g_date_get_julian (last);
  g_return_val_if_fail (first_day <= last_day, FALSE);

  start_timings (self);
  use_connection (self, conn);
  phase_done (self, "sessions load");
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    before[s] = describe_state (&self->sources[s]);
  baseline = take_baseline (self);
  sessions_before = pulse_activity_sessions_get_version (self->sessions);
  if (!begin (conn, cancellable, error))
    return FALSE;
  ok = refresh (self, conn, ((1u << PULSE_ACTIVITY_N_SOURCES) - 1) | SESSIONS_BIT, first_day, last_day, cancellable,
                error);
  end (conn);
  if (!ok)
    {
      undo_update (self, before, &baseline, sessions_before);
      return FALSE;
    }
  self->incomplete = FALSE;
  /* A large cache is not rewritten for nothing. */
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    if (!state_equal (before[s], describe_state (&self->sources[s])))
      {
        save_cache (&self->sources[s]);
        changed |= 1u << s;
      }
  save_funnel (self, changed);
  if (sessions_before != pulse_activity_sessions_get_version (self->sessions))
    save_sessions (self);
  phase_done (self, "cache save");
  g_debug ("Activity index updated: %s", self->timings->str);
  return TRUE;
}

/* Whether the source holds the days [@first_day, @last_day]. */
static gboolean
source_covers (Source *source,
               gint    first_day,
               gint    last_day)
{
  PulseActivityStore *store = source->snapshot.store;
  gint store_first;

  if (store == NULL)
    return FALSE;
  store_first = pulse_activity_store_get_first_day (store);
  return first_day >= store_first && last_day < store_first + (gint) pulse_activity_store_get_n_days (store);
}

/**
 * pulse_activity_index_covers_metric:
 *
 * Whether an update would change nothing @metric_id reads for the days
 * [@first, @last] before the next generation: the index holds those
 * days of every source the metric reads, or one of them failed (its
 * SQL answers, see pulse_activity_index_answers()).
 */
gboolean
pulse_activity_index_covers_metric (PulseActivityIndex *self,
                                    const char         *metric_id,
                                    const GDate        *first,
                                    const GDate        *last)
{
  guint sources = sources_of (metric_id);
  gint first_day = (gint) g_date_get_julian (first), last_day = (gint) g_date_get_julian (last);

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);

  if (self->incomplete)
    return FALSE;
  if (!pulse_activity_index_answers (self, metric_id))
    return TRUE;
  if (pulse_activity_sessions_supported (metric_id))
    return pulse_activity_sessions_covers (self->sessions, first_day, last_day);
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    if ((sources & (1u << s)) && !source_covers (&self->sources[s], first_day, last_day))
      return FALSE;
  return TRUE;
}

/* Whether the index holds the activity days [@first, @last] (as of its last update). */
gboolean
pulse_activity_index_covers_span (PulseActivityIndex *self,
                                  const GDate        *first,
                                  const GDate        *last)
{
  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);

  return !self->incomplete &&
         source_covers (events_source (self), (gint) g_date_get_julian (first), (gint) g_date_get_julian (last));
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

/* Whether the source's rows at or below the mark are still those that were read. */
static gboolean
check_rows (PulseActivityIndex  *self,
            Source              *source,
            PGconn              *conn,
            gboolean            *same,
            GCancellable        *cancellable,
            GError             **error)
{
  PulseActivityStore *store = source->snapshot.store;
  g_autofree char *first = NULL, *end = NULL, *starts = NULL;
  g_autofree char *mark = g_strdup_printf ("%" G_GINT64_FORMAT, source->snapshot.mark);
  g_autofree char *before_first = g_strdup_printf ("%d", pulse_activity_store_get_first_day (store) - 1);
  const char *params[5];
  g_autofree char *sql = source_sql (source,
                                     "SELECT count(*), coalesce (sum ((e.id % " G_STRINGIFY (CHECK_ID_MODULUS) " + 1)"
                                     "         * (({person}) % " G_STRINGIFY (CHECK_PERSON_MODULUS)
                                     "            + (width_bucket (e.{time}, $3::timestamptz[]) + $5::bigint) * "
                                     G_STRINGIFY (CHECK_DAY_FACTOR) " + 1))"
                                     "         % 18446744073709551616, 0)"
                                     "  FROM {table} e {join}"
                                     " WHERE e.{time} >= $1::timestamptz AND e.{time} < $2::timestamptz"
                                     "   AND e.id <= $4::bigint {filter}");
  g_autoptr(PGresult) result = NULL;

  if (!pulse_activity_format_span (pulse_activity_store_get_starts (store), pulse_activity_store_get_n_days (store),
                                   &first, &end, &starts))
    {
      *same = FALSE;
      return TRUE;
    }
  params[0] = first;
  params[1] = end;
  params[2] = starts;
  params[3] = mark;
  params[4] = before_first;
  result = pulse_db_exec (conn, sql, G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL)
    return FALSE;
  *same = g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10) == source->snapshot.n_rows &&
          g_ascii_strtoull (PQgetvalue (result, 0, 1), NULL, 10) == source->snapshot.checksum;
  return TRUE;
}

/* The sources whose check or read failed, as bits 1 << source. */
static guint
failed_sources (PulseActivityIndex *self)
{
  guint mask = 0;

  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    if (self->sources[s].failed)
      mask |= 1u << s;
  if (pulse_activity_sessions_is_failed (self->sessions))
    mask |= SESSIONS_BIT;
  return mask;
}

/* check_rows() of a source other than the events, in a savepoint; then
 * the first sum of its link table, if it has one (refresh_linked()). */
static gboolean
check_other (PulseActivityIndex  *self,
             Source              *source,
             PGconn              *conn,
             gboolean            *same,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  gboolean moved = FALSE;

  if (!pulse_activity_savepoint_enter (conn, cancellable, error))
    return FALSE;
  if (!check_rows (self, source, conn, same, cancellable, &local_error) ||
      (*same && source->def->link != NULL && !source->link_known &&
       !check_link (self, source, conn, &moved, cancellable, &local_error)))
    *same = FALSE;
  return leave_savepoint (source, conn, local_error, cancellable, error);
}

/* Checks each source that has days, in the open transaction: those
 * whose rows changed are bits 1 << source in @changed. It drops
 * nothing: a check stopped midway (a job came first) leaves the days
 * as they were, to be checked when the worker is idle again. */
static gboolean
check_sources (PulseActivityIndex  *self,
               PGconn              *conn,
               guint               *changed,
               GCancellable        *cancellable,
               GError             **error)
{
  *changed = 0;
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      Source *source = &self->sources[s];
      gboolean same = FALSE;

      if (source->snapshot.store == NULL)
        continue;
      if (is_events (source) ? !check_rows (self, source, conn, &same, cancellable, error)
                             : !check_other (self, source, conn, &same, cancellable, error))
        return FALSE;
      if (!same)
        *changed |= 1u << s;
      phase_done (self, source->def->name);
    }
  {
    gboolean same = TRUE;

    if (!pulse_activity_sessions_check (self->sessions, conn, &same, cancellable, error))
      return FALSE;
    if (!same)
      *changed |= SESSIONS_BIT;
  }
  phase_done (self, "sessions");
  return TRUE;
}

/* Reads the @changed sources again over the events' span, in the open
 * transaction. */
static gboolean
rebuild_sources (PulseActivityIndex  *self,
                 PGconn              *conn,
                 guint                changed,
                 GCancellable        *cancellable,
                 GError             **error)
{
  PulseActivityStore *store = events_source (self)->snapshot.store;
  gint first_day = pulse_activity_store_get_first_day (store);
  gint last_day = first_day + (gint) pulse_activity_store_get_n_days (store) - 1;

  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    if (changed & (1u << s))
      drop_store (&self->sources[s]);
  if (changed & SESSIONS_BIT)
    pulse_activity_sessions_clear (self->sessions);
  return refresh (self, conn, changed & ~failed_sources (self), first_day, last_day, cancellable, error);
}

/**
 * pulse_activity_index_verify:
 * @rebuilt: (out) (optional): whether the rows had changed and the index
 *   was rebuilt (its numbers differ from before)
 *
 * Blocking: checks that the rows the index read are still there as they
 * were (count and checksum of each source's rows at or below its mark),
 * and rebuilds the sources whose rows changed from the server. Meant for
 * after showing numbers from the cache.
 */
gboolean
pulse_activity_index_verify (PulseActivityIndex  *self,
                             PGconn              *conn,
                             gboolean            *rebuilt,
                             GCancellable        *cancellable,
                             GError             **error)
{
  guint changed = 0;
  gboolean checked, ok;

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);

  if (rebuilt != NULL)
    *rebuilt = FALSE;
  /* A rebuild or update stopped midway dropped the days: nothing shown is
   * backed any more, and the next update reads them from the server. */
  if (events_source (self)->snapshot.store == NULL)
    {
      self->verified = TRUE;
      if (rebuilt != NULL)
        *rebuilt = TRUE;
      return TRUE;
    }
  start_timings (self);
  if (!begin (conn, cancellable, error))
    return FALSE;
  /* Another snapshot of the link tables. */
  g_clear_pointer (&self->link_memo, PQclear);
  checked = check_sources (self, conn, &changed, cancellable, error);
  self->funnel_rebuilt = 0;
  ok = checked && (changed == 0 || rebuild_sources (self, conn, changed, cancellable, error));
  /* Sources the funnel had rebuilt on the way are new too. */
  changed |= self->funnel_rebuilt;
  end (conn);
  if (!ok)
    {
      /* A rebuild stopped midway keeps nothing of it. */
      if (checked)
        forget (self);
      return FALSE;
    }
  self->verified = TRUE;
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    if (changed & (1u << s))
      save_cache (&self->sources[s]);
  save_funnel (self, changed);
  if (changed & SESSIONS_BIT)
    save_sessions (self);
  g_debug ("Activity index checked: %s", self->timings->str);
  if (rebuilt != NULL)
    *rebuilt = changed != 0;
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

      pulse_activity_format_day (from_day + (gint) d, day);
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
 * been updated for the days pulse_activity_index_get_span() gives, and
 * answer it (pulse_activity_index_answers()).
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
  PulseActivityStore *stores[PULSE_ACTIVITY_N_SOURCES];
  PulseActivityPeriod period;

  g_return_val_if_fail (PULSE_IS_ACTIVITY_INDEX (self), FALSE);
  g_return_val_if_fail (buckets != NULL && buckets[0] != NULL, FALSE);
  g_return_val_if_fail (pulse_activity_period_parse (granularity, &period), FALSE);

  if (events_source (self)->snapshot.store == NULL || !pulse_activity_index_answers (self, metric_id))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT, _("The activity index is empty"));
      return FALSE;
    }
  for (guint s = 0; s < PULSE_ACTIVITY_N_SOURCES; s++)
    stores[s] = self->sources[s].snapshot.store;
  from_day = (gint) g_date_get_julian (from);
  n_days = (gint) g_date_get_julian (to) - from_day + 1;
  n_buckets = g_strv_length ((GStrv) buckets);
  bucket_of_day = map_buckets (from_day, (guint) n_days, buckets, n_buckets);
  if (pulse_activity_funnel_supported (metric_id) &&
      !pulse_activity_funnel_can_compute (self->funnel, stores[PULSE_ACTIVITY_SOURCE_EVENTS], from_day, (guint) n_days))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT, _("The activity index is empty"));
      return FALSE;
    }
  if (pulse_activity_funnel_supported (metric_id))
    return pulse_activity_funnel_compute (self->funnel, stores[PULSE_ACTIVITY_SOURCE_EVENTS], from_day, (guint) n_days,
                                          func, user_data, error);
  if (pulse_activity_sessions_supported (metric_id))
    {
      if (!pulse_activity_sessions_answers (self->sessions, from_day, from_day + n_days - 1))
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                       _("The activity index cannot answer “%s” for these days"), metric_id);
          return FALSE;
        }
      return pulse_activity_sessions_compute (self->sessions, from_day, (guint) n_days, bucket_of_day, buckets,
                                              n_buckets, func, user_data, error);
    }
  if (pulse_activity_cohorts_supported (metric_id))
    return pulse_activity_cohorts_compute (stores[PULSE_ACTIVITY_SOURCE_EVENTS], self->people, metric_id, period,
                                           from_day, (guint) n_days, bucket_of_day, buckets, n_buckets, func,
                                           user_data, error);
  if (pulse_activity_collections_supported (metric_id))
    {
      if (!pulse_activity_collections_holds (self->collections, metric_id, from_day, (guint) n_days))
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                       _("The activity index cannot answer “%s” for these days"), metric_id);
          return FALSE;
        }
      return pulse_activity_collections_compute (self->collections, stores, metric_id, from_day, (guint) n_days,
                                                 bucket_of_day, buckets, n_buckets, func, user_data, error);
    }
  return pulse_activity_store_compute (stores, metric_id, from_day, (guint) n_days,
                                       bucket_of_day, buckets, n_buckets, func, user_data, error);
}
