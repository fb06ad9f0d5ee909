/* pulse-json.h: numbers of results in JSON, as the export and the snapshot write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pulse-metric-result.h"

G_BEGIN_DECLS

void pulse_json_add_number  (JsonBuilder  *builder,
                             double        value);
void pulse_json_add_numbers (JsonBuilder  *builder,
                             const char   *name,
                             const double *values,
                             guint         n_values);
void pulse_json_add_cohorts (JsonBuilder       *builder,
                             PulseMetricResult *part);

G_END_DECLS
