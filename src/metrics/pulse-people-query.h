/* pulse-people-query.h: the persons behind one number of a metric
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-db.h"
#include "pulse-metric.h"
#include "pulse-person.h"
#include "pulse-query-range.h"

G_BEGIN_DECLS

#define PULSE_TYPE_PEOPLE_QUERY (pulse_people_query_get_type ())

G_DECLARE_FINAL_TYPE (PulsePeopleQuery, pulse_people_query, PULSE, PEOPLE_QUERY, GObject)

gboolean          pulse_metric_counts_people       (PulseMetric      *metric);
PulsePeopleQuery *pulse_people_query_new           (PulseMetric      *metric,
                                                    PulseQueryRange  *range,
                                                    PulseSegment      segment,
                                                    const char       *series,
                                                    const char       *start,
                                                    int               period,
                                                    gboolean          dropped,
                                                    GError          **error);
PulseMetric      *pulse_people_query_get_metric    (PulsePeopleQuery *self);
PulseQueryRange  *pulse_people_query_get_range     (PulsePeopleQuery *self);
PulseSegment      pulse_people_query_get_segment   (PulsePeopleQuery *self);
const char       *pulse_people_query_get_series    (PulsePeopleQuery *self);
const char       *pulse_people_query_get_start     (PulsePeopleQuery *self);
int               pulse_people_query_get_period    (PulsePeopleQuery *self);
gboolean          pulse_people_query_get_dropped   (PulsePeopleQuery *self);
gboolean          pulse_people_query_is_range_level (PulsePeopleQuery *self);
gint64            pulse_people_query_count         (PulsePeopleQuery *self,
                                                    PGconn           *conn,
                                                    GHashTable       *existing_tables,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
GPtrArray        *pulse_people_query_fetch         (PulsePeopleQuery *self,
                                                    PGconn           *conn,
                                                    GHashTable       *existing_tables,
                                                    gint64            after_id,
                                                    guint             limit,
                                                    gboolean          with_email,
                                                    GCancellable     *cancellable,
                                                    GError          **error);


G_END_DECLS
