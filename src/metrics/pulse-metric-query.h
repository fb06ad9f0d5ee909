/* pulse-metric-query.h: running catalog metrics on a connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-activity-index.h"
#include "pulse-catalog.h"
#include "pulse-db.h"
#include "pulse-metric-result.h"

G_BEGIN_DECLS

PulseMetricResult *pulse_metric_query_run         (PulseMetric      *metric,
                                                   PGconn           *conn,
                                                   PulseQueryRange  *range,
                                                   GHashTable       *existing_tables,
                                                   GCancellable     *cancellable,
                                                   GError          **error);
gboolean           pulse_metric_query_uses_activity (PulseMetric        *metric,
                                                     GHashTable         *existing_tables);
gboolean           pulse_metric_query_update_activity (PulseActivityIndex *index,
                                                     PGconn             *conn,
                                                     PulseQueryRange    *range,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
gboolean           pulse_metric_query_covers_activity (PulseActivityIndex *index,
                                                     PulseMetric        *metric,
                                                     PulseQueryRange    *range);
PulseMetricResult *pulse_metric_query_run_activity (PulseMetric        *metric,
                                                    PulseActivityIndex *index,
                                                    PulseQueryRange    *range,
                                                    GHashTable         *existing_tables,
                                                    GError            **error);
GPtrArray         *pulse_metric_query_run_catalog (PulseCatalog     *catalog,
                                                   PGconn           *conn,
                                                   PulseQueryRange  *range,
                                                   GCancellable     *cancellable,
                                                   GError          **error);
GPtrArray         *pulse_metric_query_run_catalog_as (PulseCatalog     *catalog,
                                                      PGconn           *conn,
                                                      PulseQueryRange  *range,
                                                      const char       *identity,
                                                      GCancellable     *cancellable,
                                                      GError          **error);

PGresult          *pulse_metric_query_run_isolated (PGconn             *conn,
                                                   const char         *sql,
                                                   int                 n_params,
                                                   const char * const *params,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

gboolean           pulse_metric_query_first_day   (PGconn           *conn,
                                                   GHashTable       *existing_tables,
                                                   const char       *timezone,
                                                   GDate            *day,
                                                   GCancellable     *cancellable,
                                                   GError          **error);

G_END_DECLS
