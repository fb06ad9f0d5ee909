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
 * mark does not see. What they need is small whatever the tables' size,
 * so the server sums it at every update, binned on the index's days
 * with the calendar's own day starts (width_bucket, as the SQL): per
 * segment of the owner, privacy and bucket k (0 before the first day, n
 * + 1 after the last), the collections (items) created on day k and
 * those that ended on day k, an end being the later of created_at and
 * deleted_at. Alive at the end of day j is then created up to j minus
 * ended up to j: created before the day's end and not deleted before
 * it, as the SQL reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pulse-activity-collections-private.h"
#include "pulse-activity-copy-private.h"

#define SOURCE(s) (1u << (s))
#define N_SEG PULSE_ACTIVITY_N_SEGMENTS
#define N_PRIVACY 2  /* PUBLIC, PRIVATE */

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
  /* Per segment, privacy, created (0) or ended (1), bucket k: COUNT(). */
  gint64   *collections;
  gint64   *items;        /* privacy 0 only */
};

#define N_BUCKETS(self) ((gsize) (self)->n_days + 2)
#define COUNT(self, s, p, e, k) ((((gsize) (s) * N_PRIVACY + (p)) * 2 + (e)) * N_BUCKETS (self) + (k))

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

/* Per segment code of the owner (0 none or another role), privacy (0
 * for items), created or ended (0, 1) and bucket: rows. {rows} is a
 * subquery of (code, privacy, t0, t1): the creation and the deletion. */
static const char state_sql[] =
  "WITH cal AS MATERIALIZED ("
  "  SELECT ARRAY (SELECT ($1::date + i)::timestamp AT TIME ZONE $3::text"
  "                  FROM pg_catalog.generate_series (0, $2::integer) AS i ORDER BY i) AS starts)"
  "SELECT x.code, x.privacy, v.ended, v.k, count(*)"
  "  FROM ({rows}) AS x"
  " CROSS JOIN cal c"
  " CROSS JOIN LATERAL (VALUES (0, width_bucket (x.t0, c.starts)),"
  "                            (1, CASE WHEN x.t1 IS NOT NULL"
  "                                     THEN width_bucket (greatest (x.t0, x.t1), c.starts) END)) AS v (ended, k)"
  " WHERE x.t0 IS NOT NULL AND x.privacy IS NOT NULL AND v.k IS NOT NULL"
  " GROUP BY 1, 2, 3, 4";

#define OWNER_CODE "CASE p.role WHEN 'BUILDER' THEN 1 WHEN 'FINDER' THEN 2 ELSE 0 END"

/* As collections_created.sql and collection_privacy.sql join them; a
 * privacy other than these two counts nowhere. */
static const char collections_rows[] =
  "SELECT " OWNER_CODE " AS code,"
  "       CASE co.privacy WHEN 'PUBLIC' THEN 0 WHEN 'PRIVATE' THEN 1 END AS privacy,"
  "       co.created_at AS t0, co.deleted_at AS t1"
  "  FROM collections co LEFT JOIN persons p ON p.id = co.owner_person_id";

/* As collection_items_table.sql's live_items: items of a collection
 * there is, by the owner's role. */
static const char items_rows[] =
  "SELECT " OWNER_CODE " AS code, 0 AS privacy, i.added_at AS t0, i.deleted_at AS t1"
  "  FROM collection_items i JOIN collections co ON co.id = i.collection_id"
  "  LEFT JOIN persons p ON p.id = co.owner_person_id";

/* Adds the result's rows to @counts (COUNT()); FALSE on a row out of place. */
static gboolean
take_counts (PulseActivityCollections *self,
             PGresult                 *result,
             gint64                   *counts)
{
  for (int r = 0; r < PQntuples (result); r++)
    {
      gint64 v[5];

      for (int c = 0; c < 5; c++)
        v[c] = g_ascii_strtoll (PQgetvalue (result, r, c), NULL, 10);
      if (v[0] < 0 || v[0] > 2 || v[1] < 0 || v[1] >= N_PRIVACY || v[2] < 0 || v[2] > 1 ||
          v[3] < 0 || v[3] >= (gint64) N_BUCKETS (self))
        return FALSE;
      counts[COUNT (self, 0, v[1], v[2], v[3])] += v[4];
      if (v[0] > 0)
        counts[COUNT (self, v[0], v[1], v[2], v[3])] += v[4];
    }
  return TRUE;
}

/* One table's counts, in a savepoint: one that cannot be read sets
 * *@failed and the transaction goes on; only a cancel or a lost
 * connection is an error. */
static gboolean
read_counts (PulseActivityCollections  *self,
             PGconn                    *conn,
             const char                *rows,
             const char * const        *params,
             gint64                    *counts,
             gboolean                  *failed,
             GCancellable              *cancellable,
             GError                   **error)
{
  g_autoptr(GString) sql = g_string_new (state_sql);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PGresult) result = NULL;

  g_string_replace (sql, "{rows}", rows, 0);
  if (!pulse_activity_savepoint_enter (conn, cancellable, error))
    return FALSE;
  result = pulse_db_exec (conn, sql->str, 3, params, cancellable, &local_error);
  return pulse_activity_savepoint_leave (conn, "Collections", local_error,
                                         result != NULL && !take_counts (self, result, counts) ? "a count out of place" : NULL,
                                         failed, cancellable, error);
}

/**
 * pulse_activity_collections_read:
 * @first_day: Julian day of the index's first day
 * @n_days: its days
 *
 * Blocking, in the index's open transaction: reads the state of
 * collections and collection_items as of that snapshot, on the days
 * [@first_day, @first_day + @n_days) of @timezone.
 */
gboolean
pulse_activity_collections_read (PulseActivityCollections  *self,
                                 PGconn                    *conn,
                                 const char                *timezone,
                                 gint                       first_day,
                                 guint                      n_days,
                                 GCancellable              *cancellable,
                                 GError                   **error)
{
  g_autofree char *days = g_strdup_printf ("%u", n_days);
  char first[11];
  const char *params[] = { first, days, timezone };
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) first_day);
  g_snprintf (first, sizeof first, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
  self->first_day = first_day;
  self->n_days = n_days;
  g_free (self->collections);
  g_free (self->items);
  self->collections = g_new0 (gint64, COUNT (self, N_SEG, 0, 0, 0));
  self->items = g_new0 (gint64, COUNT (self, N_SEG, 0, 0, 0));
  if (read_counts (self, conn, collections_rows, params, self->collections, &self->collections_failed,
                   cancellable, error) &&
      read_counts (self, conn, items_rows, params, self->items, &self->items_failed, cancellable, error))
    return TRUE;
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
#define AT(d, s, p) (((gsize) (d) * N_SEG + (s)) * N_PRIVACY + (p))

static double *
alive_per_day (Query        *q,
               const gint64 *counts)
{
  PulseActivityCollections *self = q->state;
  double *alive = g_new0 (double, AT (q->n_days, 0, 0));

  for (guint s = 0; s < N_SEG; s++)
    for (guint p = 0; p < N_PRIVACY; p++)
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
      double n = collections[last + AT (0, s, 0)] + collections[last + AT (0, s, 1)];

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
