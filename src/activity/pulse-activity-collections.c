/* pulse-activity-collections.c: the collection metrics, from memory
 *
 * shared_collections and collection_items ("table" variants,
 * data/metrics/shared_collections_table.sql, collection_items_table.sql)
 * read keyed sources: collection_shares and collection_items rows as
 * elements, the collection shared (the profile collected) and the
 * segment code of the person who shared (added) it, so their rows and
 * distinct keys per bucket and over the range are those of
 * profile_views.
 *
 * collections_created, collection_privacy and collection_items'
 * live_items_per_live_collection read collections and collection_items
 * as they are now: their rows change (privacy, deleted_at), which a
 * mark does not see. What they need is small whatever the tables' size:
 * at every update one binary COPY per table brings its raw rows, binned
 * here on the index's days with the events' store's day starts (as the
 * SQL's width_bucket): per segment of the owner, privacy and bucket k
 * (0 before the first day, n + 1 after the last), the collections
 * (items) created on day k and those that ended on day k, an end being
 * the later of created_at and deleted_at. Alive at the end of day j is
 * then created up to j minus ended up to j: created before the day's
 * end and not deleted before it, as the SQL reads it. The owner's role
 * is the one the index read of persons in the same snapshot
 * (pulse_activity_people_lookup()), and an item joins its collection
 * here: the server neither joins persons nor bins a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pulse-activity-cohorts-private.h"
#include "pulse-activity-collections-private.h"
#include "pulse-activity-copy-private.h"
#include "pulse-db.h"

#define SOURCE(s) (1u << (s))
#define N_SEG PULSE_ACTIVITY_N_SEGMENTS
#define N_PRIVACY 2  /* PUBLIC, PRIVATE */
/* Another privacy or none: such a collection is in no privacy's count,
 * but live_items_per_live_collection's collections count it. */
#define OTHER_PRIVACY N_PRIVACY
#define N_SLOTS (N_PRIVACY + 1)

static const char * const privacy_names[N_PRIVACY] = { "PUBLIC", "PRIVATE" };

/* Bits of what a metric reads of the state. */
#define READS_COLLECTIONS 1u
#define READS_ITEMS 2u

struct _PulseActivityCollections
{
  gint      first_day;
  guint     n_days;       /* 0: not read */
  gboolean  collections_failed;
  gboolean  items_failed;
  /* Per segment, privacy slot, created (0) or ended (1), bucket k: COUNT(). */
  gint64   *collections;
  gint64   *items;        /* slot 0 only */
};

#define N_BUCKETS(self) ((gsize) (self)->n_days + 2)
#define COUNT(self, s, p, e, k) ((((gsize) (s) * N_SLOTS + (p)) * 2 + (e)) * N_BUCKETS (self) + (k))

typedef struct
{
  const char *id;
  guint       sources;  /* SOURCE (s) of each source read */
  guint       reads;    /* READS_* */
} CollectionMetric;

/* collections_created and collection_privacy read no source: their
 * state is binned on the activity events' days, which the events' store
 * tells are held. */
static const CollectionMetric metrics[] = {
  { "shared_collections", SOURCE (PULSE_ACTIVITY_SOURCE_COLLECTION_SHARES), 0 },
  { "collection_items", SOURCE (PULSE_ACTIVITY_SOURCE_COLLECTION_ITEMS), READS_COLLECTIONS | READS_ITEMS },
  { "collections_created", SOURCE (PULSE_ACTIVITY_SOURCE_EVENTS), READS_COLLECTIONS },
  { "collection_privacy", SOURCE (PULSE_ACTIVITY_SOURCE_EVENTS), READS_COLLECTIONS },
};

static const CollectionMetric *
find_metric (const char *metric_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    if (g_strcmp0 (metrics[i].id, metric_id) == 0)
      return &metrics[i];
  return NULL;
}

gboolean
pulse_activity_collections_supported (const char *metric_id)
{
  return find_metric (metric_id) != NULL;
}

/* The sources @metric_id reads, as bits 1 << source; 0 if it is not one of these metrics. */
guint
pulse_activity_collections_get_sources (const char *metric_id)
{
  const CollectionMetric *metric = find_metric (metric_id);

  return metric != NULL ? metric->sources : 0;
}

PulseActivityCollections *
pulse_activity_collections_new (void)
{
  return g_new0 (PulseActivityCollections, 1);
}

void
pulse_activity_collections_free (PulseActivityCollections *self)
{
  if (self == NULL)
    return;
  g_free (self->collections);
  g_free (self->items);
  g_free (self);
}

/* Whether the last read of what @metric_id reads went well (a missing
 * table, say, leaves the metric to its SQL until the next update). */
gboolean
pulse_activity_collections_answers (PulseActivityCollections *self,
                                    const char               *metric_id)
{
  const CollectionMetric *metric = find_metric (metric_id);

  return metric != NULL &&
         !((metric->reads & READS_COLLECTIONS) && self->collections_failed) &&
         !((metric->reads & READS_ITEMS) && self->items_failed);
}

/* The bucket of @t on the days' @n_starts starts, as width_bucket (t,
 * starts): how many starts are at or before it (0 before the first day,
 * n_starts after the last). */
static guint
bucket_of (const gint64 *starts,
           guint         n_starts,
           gint64        t)
{
  guint lo = 0, hi = n_starts;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A collection's id and its owner's segment code, for its items. */
typedef struct
{
  gint64 id;
  guint  code;
} Owner;

typedef struct
{
  PulseActivityCollections *self;
  PulseActivityPeople      *people;
  const gint64             *starts;  /* n_days + 1 */
  PulseCopyRow              row;
  GArray                   *owners;  /* Owner, sorted by id once the collections are read */
} Reader;

/* Counts a row created at @t0 and, with @has_t1, ended at the later of @t0 and @t1. */
static void
count_row (Reader  *reader,
           gint64  *counts,
           guint    code,
           guint    privacy,
           gint64   t0,
           gboolean has_t1,
           gint64   t1)
{
  PulseActivityCollections *self = reader->self;
  guint n_starts = self->n_days + 1;
  guint k0 = bucket_of (reader->starts, n_starts, t0);

  counts[COUNT (self, 0, privacy, 0, k0)]++;
  if (code > 0)
    counts[COUNT (self, code, privacy, 0, k0)]++;
  if (has_t1)
    {
      guint k1 = bucket_of (reader->starts, n_starts, MAX (t0, t1));

      counts[COUNT (self, 0, privacy, 1, k1)]++;
      if (code > 0)
        counts[COUNT (self, code, privacy, 1, k1)]++;
    }
}

/* The segment code of the owner: 1 BUILDER, 2 FINDER, 0 no owner, no
 * such person or no role, as the SQL's LEFT JOIN on persons reads it. */
static guint
owner_code (Reader   *reader,
            gboolean  has_owner,
            gint64    owner)
{
  PulseActivitySegment role = PULSE_ACTIVITY_SEGMENT_ALL;

  if (!has_owner || !pulse_activity_people_lookup (reader->people, owner, &role))
    return 0;
  return (guint) role;
}

/* One (id, owner_person_id, privacy, created_at, deleted_at) row of
 * collections: its owner for its items, counted unless its created_at
 * is NULL. */
static gboolean
take_collection (const char  *data,
                 int          length,
                 gpointer     user_data,
                 GError     **error)
{
  Reader *reader = user_data;
  gboolean trailer = FALSE, ok = TRUE, has_owner, has_t0, has_t1;
  const guint8 *privacy;
  gsize privacy_size = 0;
  gint64 owner = 0, t0 = 0, t1 = 0;
  Owner entry;
  guint p = OTHER_PRIVACY;

  if (!pulse_copy_row_begin (&reader->row, data, length, 5, &trailer, error))
    return FALSE;
  if (trailer)
    return TRUE;
  if (!pulse_copy_row_int8 (&reader->row, &entry.id))
    return pulse_copy_malformed (error);
  if (!pulse_copy_row_nullable_int8 (&reader->row, &owner, &has_owner))
    return pulse_copy_malformed (error);
  privacy = pulse_copy_row_field (&reader->row, &privacy_size, &ok);
  if (!ok || !pulse_copy_row_nullable_int8 (&reader->row, &t0, &has_t0) ||
      !pulse_copy_row_nullable_int8 (&reader->row, &t1, &has_t1))
    return pulse_copy_malformed (error);
  entry.code = owner_code (reader, has_owner, owner);
  g_array_append_val (reader->owners, entry);
  for (guint i = 0; privacy != NULL && i < N_PRIVACY; i++)
    if (privacy_size == strlen (privacy_names[i]) && memcmp (privacy, privacy_names[i], privacy_size) == 0)
      p = i;
  if (has_t0)
    count_row (reader, reader->self->collections, entry.code, p, t0, has_t1, t1);
  return TRUE;
}

static gint
compare_owners (gconstpointer a,
                gconstpointer b)
{
  gint64 x = ((const Owner *) a)->id, y = ((const Owner *) b)->id;

  return (x > y) - (x < y);
}

/* One (collection_id, added_at, deleted_at) row of collection_items:
 * counted once per collection of that id (the SQL's inner join), by its
 * owner's code; an item of no collection counts nowhere. */
static gboolean
take_item (const char  *data,
           int          length,
           gpointer     user_data,
           GError     **error)
{
  Reader *reader = user_data;
  gboolean trailer = FALSE, has_collection, has_t0, has_t1;
  gint64 collection = 0, t0 = 0, t1 = 0;
  guint lo = 0, hi = reader->owners->len;

  if (!pulse_copy_row_begin (&reader->row, data, length, 3, &trailer, error))
    return FALSE;
  if (trailer)
    return TRUE;
  if (!pulse_copy_row_nullable_int8 (&reader->row, &collection, &has_collection) ||
      !pulse_copy_row_nullable_int8 (&reader->row, &t0, &has_t0) ||
      !pulse_copy_row_nullable_int8 (&reader->row, &t1, &has_t1))
    return pulse_copy_malformed (error);
  /* A NULL collection_id joins no collection. */
  if (!has_collection || !has_t0)
    return TRUE;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (reader->owners, Owner, mid).id < collection)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (; lo < reader->owners->len && g_array_index (reader->owners, Owner, lo).id == collection; lo++)
    count_row (reader, reader->self->items, g_array_index (reader->owners, Owner, lo).code, 0, t0, has_t1, t1);
  return TRUE;
}

/* One table's rows through @take, in a savepoint: one that cannot be
 * read sets *@failed and the transaction goes on; only a cancel or a
 * lost connection is an error. */
static gboolean
read_table (Reader           *reader,
            PGconn           *conn,
            const char       *copy,
            PulseDbCopyFunc   take,
            gboolean         *failed,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!pulse_activity_savepoint_enter (conn, cancellable, error))
    return FALSE;
  memset (&reader->row, 0, sizeof reader->row);
  pulse_db_copy_out (conn, copy, take, reader, cancellable, &local_error);
  return pulse_activity_savepoint_leave (conn, "Collections", local_error, NULL, failed, cancellable, error);
}

/* The columns the metrics' SQL reads, as they compare them: any id and
 * time type as bigint and timestamptz, privacy as its text. */
static const char collections_copy[] =
  "COPY (SELECT id::bigint, owner_person_id::bigint, privacy::text, created_at::timestamptz,"
  "             deleted_at::timestamptz FROM collections) TO STDOUT (FORMAT binary)";
static const char items_copy[] =
  "COPY (SELECT collection_id::bigint, added_at::timestamptz, deleted_at::timestamptz FROM collection_items)"
  " TO STDOUT (FORMAT binary)";

/**
 * pulse_activity_collections_read:
 * @days: the store whose days (and their starts) the state is binned on
 * @people: every person's role, as read in this transaction
 *
 * Blocking, in the index's open transaction: reads the state of
 * collections and collection_items as of that snapshot, on the days of
 * @days.
 */
gboolean
pulse_activity_collections_read (PulseActivityCollections  *self,
                                 PGconn                    *conn,
                                 PulseActivityStore        *days,
                                 PulseActivityPeople       *people,
                                 GCancellable              *cancellable,
                                 GError                   **error)
{
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (Owner));
  Reader reader = { self, people, pulse_activity_store_get_starts (days), { 0 }, owners };

  self->first_day = pulse_activity_store_get_first_day (days);
  self->n_days = pulse_activity_store_get_n_days (days);
  g_free (self->collections);
  g_free (self->items);
  self->collections = g_new0 (gint64, COUNT (self, N_SEG, 0, 0, 0));
  self->items = g_new0 (gint64, COUNT (self, N_SEG, 0, 0, 0));
  if (read_table (&reader, conn, collections_copy, take_collection, &self->collections_failed, cancellable, error))
    {
      /* Items need every collection: without them their metric is SQL anyway. */
      self->items_failed = self->collections_failed;
      g_array_sort (owners, compare_owners);
      if (self->collections_failed ||
          read_table (&reader, conn, items_copy, take_item, &self->items_failed, cancellable, error))
        return TRUE;
    }
  self->n_days = 0;
  return FALSE;
}

/* Whether the state holds the days [@from_day, @from_day + @n_days)
 * @metric_id reads of it (TRUE if it reads none). */
gboolean
pulse_activity_collections_holds (PulseActivityCollections *self,
                                  const char               *metric_id,
                                  gint                      from_day,
                                  guint                     n_days)
{
  const CollectionMetric *metric = find_metric (metric_id);

  return metric != NULL &&
         (metric->reads == 0 ||
          (self->n_days > 0 && n_days > 0 && from_day >= self->first_day &&
           from_day + (gint) n_days <= self->first_day + (gint) self->n_days));
}

typedef struct
{
  PulseActivityCollections *state;
  guint                     offset;   /* of the range's first day in the state's days */
  guint                     n_days;
  const guint              *bucket_of_day;
  const char * const       *labels;
  guint                     n_buckets;
  PulseActivityRowFunc      emit;
  gpointer                  user_data;
} Query;

/* Per day of the range, segment and privacy (AT()): those alive at the
 * day's end, from @counts (COUNT()). */
#define AT(d, s, p) (((gsize) (d) * N_SEG + (s)) * N_SLOTS + (p))

static double *
alive_per_day (Query        *q,
               const gint64 *counts)
{
  PulseActivityCollections *self = q->state;
  double *alive = g_new0 (double, AT (q->n_days, 0, 0));

  for (guint s = 0; s < N_SEG; s++)
    for (guint p = 0; p < N_SLOTS; p++)
      {
        gint64 sum = 0;

        /* Bucket k is day k - 1 of the state's; its end is the range's day k - 1 - offset. */
        for (guint k = 0; k < q->offset + q->n_days + 1; k++)
          {
            sum += counts[COUNT (self, s, p, 0, k)] - counts[COUNT (self, s, p, 1, k)];
            if (k >= q->offset + 1)
              alive[AT (k - 1 - q->offset, s, p)] = (double) sum;
          }
      }
  return alive;
}

static gboolean
emit_privacy (Query        *q,
              const double *per_bucket,  /* AT (bucket, s, p) */
              const double *summary,     /* AT (0, s, p) */
              GError      **error)
{
  for (guint p = 0; p < N_PRIVACY; p++)
    for (guint s = 0; s < N_SEG; s++)
      for (guint b = 0; b < q->n_buckets; b++)
        if (!q->emit ("series", privacy_names[p], q->labels[b], per_bucket[AT (b, s, p)],
                      pulse_activity_segment_get_name (s), q->user_data, error))
          return FALSE;
  for (guint s = 0; s < N_SEG; s++)
    {
      const char *segment = pulse_activity_segment_get_name (s);

      if (!q->emit ("summary", "PUBLIC", NULL, summary[AT (0, s, 0)], segment, q->user_data, error) ||
          !q->emit ("summary", "PRIVATE", NULL, summary[AT (0, s, 1)], segment, q->user_data, error) ||
          !q->emit ("summary", "total", NULL, summary[AT (0, s, 0)] + summary[AT (0, s, 1)], segment,
                    q->user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* Created on the bucket's days, soft-deleted ones too. */
static gboolean
compute_collections_created (Query   *q,
                             GError **error)
{
  PulseActivityCollections *self = q->state;
  g_autofree double *per_bucket = g_new0 (double, AT (q->n_buckets, 0, 0));
  double total[AT (1, 0, 0)] = { 0 };

  for (guint d = 0; d < q->n_days; d++)
    for (guint s = 0; s < N_SEG; s++)
      for (guint p = 0; p < N_PRIVACY; p++)
        {
          double n = (double) self->collections[COUNT (self, s, p, 0, q->offset + d + 1)];

          per_bucket[AT (q->bucket_of_day[d], s, p)] += n;
          total[AT (0, s, p)] += n;
        }
  return emit_privacy (q, per_bucket, total, error);
}

/* Alive at the end of the bucket's last day in the range; the summaries at the range's end. */
static gboolean
compute_collection_privacy (Query   *q,
                            GError **error)
{
  g_autofree double *alive = alive_per_day (q, q->state->collections);
  g_autofree double *per_bucket = g_new0 (double, AT (q->n_buckets, 0, 0));

  for (guint d = 0; d < q->n_days; d++)
    memcpy (per_bucket + AT (q->bucket_of_day[d], 0, 0), alive + AT (d, 0, 0), sizeof (double) * AT (1, 0, 0));
  return emit_privacy (q, per_bucket, alive + AT (q->n_days - 1, 0, 0), error);
}

/* Items alive at the range's end per collection alive then, 0 without one. */
static gboolean
emit_live_items (Query   *q,
                 GError **error)
{
  g_autofree double *collections = alive_per_day (q, q->state->collections);
  g_autofree double *items = alive_per_day (q, q->state->items);
  gsize last = AT (q->n_days - 1, 0, 0);

  for (guint s = 0; s < N_SEG; s++)
    {
      double n = collections[last + AT (0, s, 0)] + collections[last + AT (0, s, 1)] +
                 collections[last + AT (0, s, OTHER_PRIVACY)];

      if (!q->emit ("summary", "live_items_per_live_collection", NULL,
                    n > 0 ? items[last + AT (0, s, 0)] / n : 0, pulse_activity_segment_get_name (s),
                    q->user_data, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pulse_activity_collections_compute:
 * @stores: (array fixed-size=PULSE_ACTIVITY_N_SOURCES): each source's store
 *
 * Answers @metric_id (pulse_activity_collections_supported()) for the
 * days [@from_day, @from_day + @n_days) with the rows of its SQL
 * variant; the state must hold those days
 * (pulse_activity_collections_holds()).
 */
gboolean
pulse_activity_collections_compute (PulseActivityCollections   *self,
                                    PulseActivityStore * const *stores,
                                    const char                 *metric_id,
                                    gint                        from_day,
                                    guint                       n_days,
                                    const guint                *bucket_of_day,
                                    const char * const         *bucket_labels,
                                    guint                       n_buckets,
                                    PulseActivityRowFunc        emit,
                                    gpointer                    user_data,
                                    GError                    **error)
{
  const CollectionMetric *metric = find_metric (metric_id);
  Query q = { self, (guint) (from_day - self->first_day), n_days, bucket_of_day, bucket_labels, n_buckets,
              emit, user_data };

  g_return_val_if_fail (metric != NULL, FALSE);
  g_return_val_if_fail (pulse_activity_collections_holds (self, metric_id, from_day, n_days), FALSE);

  if (g_str_equal (metric_id, "collections_created"))
    return compute_collections_created (&q, error);
  if (g_str_equal (metric_id, "collection_privacy"))
    return compute_collection_privacy (&q, error);
  if (g_str_equal (metric_id, "collection_items"))
    return pulse_activity_store_emit_rows_and_keys (stores[PULSE_ACTIVITY_SOURCE_COLLECTION_ITEMS], metric_id,
                                                    from_day, n_days, bucket_of_day, bucket_labels, n_buckets,
                                                    "items_added", "profiles_collected", emit, user_data, error) &&
           emit_live_items (&q, error);
  return pulse_activity_store_emit_rows_and_keys (stores[PULSE_ACTIVITY_SOURCE_COLLECTION_SHARES], metric_id,
                                                  from_day, n_days, bucket_of_day, bucket_labels, n_buckets,
                                                  "shares", "collections_shared", emit, user_data, error);
}
