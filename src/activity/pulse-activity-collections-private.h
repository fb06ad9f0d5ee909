/* pulse-activity-collections-private.h: the collection metrics, from memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-activity-store-private.h"

G_BEGIN_DECLS

gboolean pulse_activity_collections_supported   (const char                 *metric_id);
guint    pulse_activity_collections_get_sources (const char                 *metric_id);
gboolean pulse_activity_collections_compute     (PulseActivityStore * const *stores,
                                                 const char                 *metric_id,
                                                 gint                        from_day,
                                                 guint                       n_days,
                                                 const guint                *bucket_of_day,
                                                 const char * const         *bucket_labels,
                                                 guint                       n_buckets,
                                                 PulseActivityRowFunc        emit,
                                                 gpointer                    user_data,
                                                 GError                    **error);

G_END_DECLS
