/* pulse-metric-private.h: how the catalog builds metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pulse-metric.h"

G_BEGIN_DECLS

/* Reports where in the catalog file a bad field sits. */
typedef void (*PulseCatalogErrorFunc) (JsonObject  *object,
                                       const char  *member,
                                       GError     **error,
                                       const char  *message,
                                       gpointer     user_data);

typedef char *(*PulseCatalogLoadSqlFunc) (const char  *sql_file,
                                          gpointer     user_data,
                                          GError     **error);

PulseMetric *_pulse_metric_new_from_json (JsonObject              *object,
                                          PulseCatalogErrorFunc    report,
                                          PulseCatalogLoadSqlFunc  load_sql,
                                          gpointer                 user_data,
                                          GError                 **error);

G_END_DECLS
