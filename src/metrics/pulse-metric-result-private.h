/* pulse-metric-result-private.h: how a query fills a result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-metric-result.h"

G_BEGIN_DECLS

PulseMetricResult *pulse_metric_result_new     (PulseMetric              *metric,
                                                const PulseMetricVariant *variant,
                                                PulseQueryRange          *range);
gboolean           pulse_metric_result_add_row (PulseMetricResult        *self,
                                                const char               *kind,
                                                const char               *key,
                                                const char               *label,
                                                const char               *value,
                                                const char               *segment,
                                                GError                  **error);
gboolean           pulse_metric_result_add_number_row (PulseMetricResult *self,
                                                       const char        *kind,
                                                       const char        *key,
                                                       const char        *label,
                                                       double             value,
                                                       const char        *segment,
                                                       GError           **error);
gboolean           pulse_metric_result_finish  (PulseMetricResult        *self,
                                                GError                  **error);
void               pulse_metric_result_set_first_day (PulseMetricResult  *self,
                                                      const GDate        *day);
const PulseMetricVariant *pulse_metric_result_get_variant (PulseMetricResult *self);

G_END_DECLS
