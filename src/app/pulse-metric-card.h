/* pulse-metric-card.h: one metric on a dashboard page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pulse-dashboard.h"
#include "pulse-metric-result.h"

G_BEGIN_DECLS

#define PULSE_TYPE_METRIC_CARD (pulse_metric_card_get_type ())

G_DECLARE_FINAL_TYPE (PulseMetricCard, pulse_metric_card, PULSE, METRIC_CARD, GtkWidget)

typedef enum
{
  PULSE_CARD_EMPTY,
  PULSE_CARD_LOADING,
  PULSE_CARD_ERROR,
  PULSE_CARD_CONTENT,
  PULSE_CARD_OFFLINE,
} PulseCardState;

PulseMetricCard   *pulse_metric_card_new         (PulseDashboard    *dashboard,
                                                  PulseMetric       *metric);
PulseMetric       *pulse_metric_card_get_metric  (PulseMetricCard   *self);
PulseCardState     pulse_metric_card_get_state   (PulseMetricCard   *self);
PulseMetricResult *pulse_metric_card_get_result  (PulseMetricCard   *self);
void               pulse_metric_card_set_loading (PulseMetricCard   *self);
void               pulse_metric_card_set_progress (PulseMetricCard  *self,
                                                   guint64           rows_read,
                                                   guint64           rows_estimated);
void               pulse_metric_card_stop_loading (PulseMetricCard  *self);
void               pulse_metric_card_set_results (PulseMetricCard   *self,
                                                  PulseMetricResult *result,
                                                  PulseMetricResult *previous);
void               pulse_metric_card_set_saved_results (PulseMetricCard   *self,
                                                        PulseMetricResult *result,
                                                        PulseMetricResult *previous,
                                                        GDateTime         *fetched);
gboolean           pulse_metric_card_get_refreshing (PulseMetricCard   *self);
GDateTime         *pulse_metric_card_get_fetched  (PulseMetricCard   *self);
char              *pulse_format_fetched           (GDateTime         *fetched);
void               pulse_metric_card_set_error   (PulseMetricCard   *self,
                                                  const GError      *error);
void               pulse_metric_card_set_offline (PulseMetricCard   *self);
void               pulse_metric_card_clear       (PulseMetricCard   *self);
void               pulse_metric_card_set_verifying (PulseMetricCard *self,
                                                    gboolean         verifying);
gboolean           pulse_metric_card_get_verifying (PulseMetricCard *self);

G_END_DECLS

#include "pulse-app-enums.h"
