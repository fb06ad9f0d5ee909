/* pulse-metric-view.h: how one metric result is presented
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pulse-chart-model.h"
#include "pulse-metric-result.h"

G_BEGIN_DECLS

#define PULSE_TYPE_METRIC_VIEW (pulse_metric_view_get_type ())

G_DECLARE_FINAL_TYPE (PulseMetricView, pulse_metric_view, PULSE, METRIC_VIEW, GObject)

PulseMetricView    *pulse_metric_view_new                  (PulseMetricResult *result,
                                                            PulseMetricResult *previous,
                                                            PulseSegment       segment);

PulseMetricResult  *pulse_metric_view_get_result           (PulseMetricView   *self);
PulseSegment        pulse_metric_view_get_segment          (PulseMetricView   *self);
double              pulse_metric_view_get_headline_value   (PulseMetricView   *self);
const char         *pulse_metric_view_get_headline_summary (PulseMetricView   *self);
const char         *pulse_metric_view_get_headline_text    (PulseMetricView   *self);
const char         *pulse_metric_view_get_headline_figure  (PulseMetricView   *self);
const char         *pulse_metric_view_get_caption          (PulseMetricView   *self);
const char         *pulse_metric_view_get_details          (PulseMetricView   *self);
const char * const *pulse_metric_view_get_summary_order    (PulseMetricView   *self);
const char         *pulse_metric_view_get_delta_text       (PulseMetricView   *self);
PulseTone           pulse_metric_view_get_delta_tone       (PulseMetricView   *self);
const char         *pulse_metric_view_get_previous_label   (PulseMetricView   *self);
const char         *pulse_metric_view_get_source_text      (PulseMetricView   *self);
char               *pulse_metric_view_dup_headline_line    (PulseMetricView   *self);
GStrv               pulse_metric_view_dup_stats_header     (PulseMetricView   *self);
GPtrArray          *pulse_metric_view_dup_series_stats     (PulseMetricView   *self);
PulseChartModel    *pulse_metric_view_dup_chart_model      (PulseMetricView   *self);

G_END_DECLS
