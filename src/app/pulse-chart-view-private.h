/* pulse-chart-view-private.h: what the tests look at in the widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-view.h"

G_BEGIN_DECLS

const PulseChartStyle *pulse_chart_view_get_style  (PulseChartView *self);
PulseChartLayout      *pulse_chart_view_get_layout (PulseChartView *self);
const PulseChartHit   *pulse_chart_view_get_hover  (PulseChartView *self);

G_END_DECLS
