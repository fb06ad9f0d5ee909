/* pulse-data-export.h: metric results as the JSON document and CSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pulse-catalog.h"
#include "pulse-metric-result.h"

G_BEGIN_DECLS

/* The version of the JSON document (README: "The JSON document"). */
#define PULSE_DATA_EXPORT_FORMAT 2

JsonNode *pulse_data_export_build_json     (PulseQueryRange  *range,
                                            GPtrArray        *results);
char     *pulse_data_export_dup_csv        (PulseMetricResult *result);
gboolean  pulse_data_export_write_json     (PulseQueryRange  *range,
                                            GPtrArray        *results,
                                            const char       *path,
                                            GError          **error);
gboolean  pulse_data_export_write_csv_dir  (GPtrArray        *results,
                                            const char       *directory,
                                            GError          **error);

G_END_DECLS
