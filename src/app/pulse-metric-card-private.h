/* pulse-metric-card-private.h: what tests look at in a card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-model.h"
#include "pulse-metric-card.h"
#include "pulse-metric-view.h"

G_BEGIN_DECLS

PulseMetricResult *pulse_metric_card_get_previous    (PulseMetricCard *self);
PulseChartModel   *pulse_metric_card_get_chart_model (PulseMetricCard *self);
gboolean           pulse_metric_card_get_needs_setup (PulseMetricCard *self);
PulseMetricView   *pulse_metric_card_get_view        (PulseMetricCard *self);
const char        *pulse_metric_card_get_stale_label (PulseMetricCard *self);
const char        *pulse_metric_card_get_progress_text (PulseMetricCard *self);

void               pulse_headline_label_show         (GtkLabel        *label,
                                                      PulseMetricView *view);
void               pulse_delta_label_show            (GtkLabel        *label,
                                                      PulseMetricView *view);

G_END_DECLS
