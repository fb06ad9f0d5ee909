/* pulse-metric-detail.h: one metric, large: chart, values and definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pulse-chart-model.h"
#include "pulse-metric-card.h"

G_BEGIN_DECLS

#define PULSE_TYPE_METRIC_DETAIL (pulse_metric_detail_get_type ())

G_DECLARE_FINAL_TYPE (PulseMetricDetail, pulse_metric_detail, PULSE, METRIC_DETAIL, GtkWidget)

PulseMetricDetail *pulse_metric_detail_new      (void);
PulseMetricCard   *pulse_metric_detail_get_card (PulseMetricDetail *self);
void               pulse_metric_detail_set_card (PulseMetricDetail *self,
                                                 PulseMetricCard   *card,
                                                 const char        *group_title);

/* For tests */
PulseChartModel   *pulse_metric_detail_get_chart_model (PulseMetricDetail *self);
GListModel        *pulse_metric_detail_get_rows        (PulseMetricDetail *self);
GListModel        *pulse_metric_detail_get_columns     (PulseMetricDetail *self);

GtkWidget         *pulse_metric_detail_get_back_button (PulseMetricDetail *self);

G_END_DECLS
