/* pulse-metric-page.h: one metric group's page, built from the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pulse-dashboard.h"
#include "pulse-metric-card.h"

G_BEGIN_DECLS

#define PULSE_TYPE_METRIC_PAGE (pulse_metric_page_get_type ())

G_DECLARE_FINAL_TYPE (PulseMetricPage, pulse_metric_page, PULSE, METRIC_PAGE, GtkWidget)

PulseMetricPage *pulse_metric_page_new               (PulseDashboard  *dashboard,
                                                      const char      *group_id);
const char      *pulse_metric_page_get_group_id      (PulseMetricPage *self);
PulseMetricCard *pulse_metric_page_find_card         (PulseMetricPage *self,
                                                      const char      *metric_id);
void             pulse_metric_page_refresh           (PulseMetricPage *self);
void             pulse_metric_page_load              (PulseMetricPage *self);
gboolean         pulse_metric_page_get_connection_lost (PulseMetricPage *self);
gboolean         pulse_metric_page_has_results       (PulseMetricPage *self);
GDateTime       *pulse_metric_page_dup_oldest_fetched (PulseMetricPage *self);

G_END_DECLS
