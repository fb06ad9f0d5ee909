/* chart-test-models.h: chart models the chart tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-model.h"

G_BEGIN_DECLS

char            **chart_test_days_from  (const char     *first,
                                         guint           n);
PulseChartModel  *chart_test_line_model (PulseChartKind  kind);

G_END_DECLS
