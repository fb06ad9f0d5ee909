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

/* Returns the SQL, and in @origin the file's name as a reader sees it. */
typedef char *(*PulseCatalogLoadSqlFunc) (const char  *sql_file,
                                          char       **origin,
                                          gpointer     user_data,
                                          GError     **error);

PulseMetric *_pulse_metric_new_from_json (JsonObject              *object,
                                          const char              *catalog_name,
                                          PulseCatalogErrorFunc    report,
                                          PulseCatalogLoadSqlFunc  load_sql,
                                          gpointer                 user_data,
                                          GError                 **error);

G_END_DECLS
