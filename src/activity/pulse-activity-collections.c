/* pulse-activity-collections.c: the collection metrics, from memory
 *
 * shared_collections ("table" variant, data/metrics/shared_collections_table.sql)
 * is a keyed source: collection_shares rows as elements, the shared
 * collection and the segment code of the person who shared it, so its
 * rows and distinct collections per bucket and over the range are
 * those of profile_views.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-activity-collections-private.h"

#define SOURCE(s) (1u << (s))

typedef struct
{
  const char *id;
  guint       sources;  /* SOURCE (s) of each source read */
} CollectionMetric;

static const CollectionMetric metrics[] = {
  { "shared_collections", SOURCE (PULSE_ACTIVITY_SOURCE_COLLECTION_SHARES) },
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

/**
 * pulse_activity_collections_compute:
 * @stores: (array fixed-size=PULSE_ACTIVITY_N_SOURCES): each source's store
 *
 * Answers @metric_id (pulse_activity_collections_supported()) for the
 * days [@from_day, @from_day + @n_days) with the rows of its SQL variant.
 */
gboolean
pulse_activity_collections_compute (PulseActivityStore * const *stores,
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
  g_return_val_if_fail (pulse_activity_collections_supported (metric_id), FALSE);

  return pulse_activity_store_emit_rows_and_keys (stores[PULSE_ACTIVITY_SOURCE_COLLECTION_SHARES], metric_id,
                                                  from_day, n_days, bucket_of_day, bucket_labels, n_buckets,
                                                  "shares", "collections_shared", emit, user_data, error);
}
