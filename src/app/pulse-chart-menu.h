/* pulse-chart-menu.h: a time chart's context menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-view.h"

G_BEGIN_DECLS

void      pulse_chart_menu_attach      (PulseChartView *view);
char     *pulse_chart_menu_dup_day_at  (PulseChartView *view,
                                        double          x,
                                        double          y);
gboolean  pulse_chart_menu_popup       (PulseChartView *view,
                                        double          x,
                                        double          y);

G_END_DECLS
