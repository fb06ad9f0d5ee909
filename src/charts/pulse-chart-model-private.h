/* pulse-chart-model-private.h: what only the tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-model.h"

G_BEGIN_DECLS

void                 pulse_chart_model_clear_series        (PulseChartModel     *self);
double               pulse_chart_model_get_value           (PulseChartModel     *self,
                                                            guint                series,
                                                            guint                bucket);

G_END_DECLS
