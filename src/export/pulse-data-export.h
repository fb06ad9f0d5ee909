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

/* The previous period, when comparing (pulse --compare). */
typedef struct
{
  PulseQueryRange *range;
  GPtrArray       *results;
} PulseComparison;

void      pulse_comparison_clear           (PulseComparison  *compare);
PulseMetricResult *pulse_comparison_find   (const PulseComparison *compare,
                                            PulseMetric      *metric);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PulseComparison, pulse_comparison_clear)

JsonNode *pulse_data_export_build_json     (PulseQueryRange  *range,
                                            GPtrArray        *results,
                                            const PulseComparison *compare);
char     *pulse_data_export_dup_csv        (PulseMetricResult *result);
gboolean  pulse_data_export_write_json     (PulseQueryRange  *range,
                                            GPtrArray        *results,
                                            const PulseComparison *compare,
                                            const char       *path,
                                            GError          **error);
gboolean  pulse_data_export_write_csv_dir  (GPtrArray        *results,
                                            const char       *directory,
                                            GError          **error);

G_END_DECLS
