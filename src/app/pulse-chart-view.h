/* pulse-chart-view.h: a widget that shows a chart model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pulse-chart-layout.h"
#include "pulse-chart-model.h"
#include "pulse-chart-palette.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CHART_VIEW (pulse_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (PulseChartView, pulse_chart_view, PULSE, CHART_VIEW, GtkWidget)

PulseChartView        *pulse_chart_view_new           (void);
PulseChartModel       *pulse_chart_view_get_model     (PulseChartView  *self);
gboolean               pulse_chart_view_get_flexible_height (PulseChartView *self);
void                   pulse_chart_view_set_model     (PulseChartView  *self,
                                                       PulseChartModel *model);
void                   pulse_chart_view_set_people_metric (PulseChartView *self,
                                                           const char     *metric_id);
void                   pulse_chart_view_toggle_series (PulseChartView  *self,
                                                       guint            series);

G_END_DECLS
