/* pulse-activity-collections-private.h: the collection metrics, from memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-activity-cohorts-private.h"
#include "pulse-activity-store-private.h"

G_BEGIN_DECLS

/* What the collection metrics read of collections and collection_items,
 * whose rows change (privacy, deleted_at): read whole at every update. */
typedef struct _PulseActivityCollections PulseActivityCollections;

PulseActivityCollections *pulse_activity_collections_new  (void);
void     pulse_activity_collections_free        (PulseActivityCollections   *self);
gboolean pulse_activity_collections_read        (PulseActivityCollections   *self,
                                                 PGconn                     *conn,
                                                 PulseActivityStore         *days,
                                                 PulseActivityPeople        *people,
                                                 GCancellable               *cancellable,
                                                 GError                    **error);
gboolean pulse_activity_collections_answers     (PulseActivityCollections   *self,
                                                 const char                 *metric_id);
gboolean pulse_activity_collections_holds       (PulseActivityCollections   *self,
                                                 const char                 *metric_id,
                                                 gint                        from_day,
                                                 guint                       n_days);
gboolean pulse_activity_collections_supported   (const char                 *metric_id);
guint    pulse_activity_collections_get_sources (const char                 *metric_id);
gboolean pulse_activity_collections_compute     (PulseActivityCollections   *self,
                                                 PulseActivityStore * const *stores,
                                                 const char                 *metric_id,
                                                 gint                        from_day,
                                                 guint                       n_days,
                                                 const guint                *bucket_of_day,
                                                 const char * const         *bucket_labels,
                                                 guint                       n_buckets,
                                                 PulseActivityRowFunc        emit,
                                                 gpointer                    user_data,
                                                 GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseActivityCollections, pulse_activity_collections_free)

G_END_DECLS
