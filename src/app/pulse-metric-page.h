/* pulse-metric-page.h: one metric group's page, built from the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pulse-metric-card.h"
#include "pulse-worker.h"

G_BEGIN_DECLS

#define PULSE_TYPE_METRIC_PAGE (pulse_metric_page_get_type ())

G_DECLARE_FINAL_TYPE (PulseMetricPage, pulse_metric_page, PULSE, METRIC_PAGE, GtkWidget)

PulseMetricPage *pulse_metric_page_new          (const char      *group_id,
                                                 GPtrArray       *metrics);
const char      *pulse_metric_page_get_group_id (PulseMetricPage *self);
GPtrArray       *pulse_metric_page_get_cards    (PulseMetricPage *self);
PulseMetricCard *pulse_metric_page_find_card    (PulseMetricPage *self,
                                                 const char      *metric_id);
void             pulse_metric_page_refresh      (PulseMetricPage *self,
                                                 PulseWorker     *worker,
                                                 PulseQueryRange *range,
                                                 gboolean         compare);
gboolean         pulse_metric_page_is_current   (PulseMetricPage *self,
                                                 PulseWorker     *worker,
                                                 PulseQueryRange *range,
                                                 gboolean         compare);
void             pulse_metric_page_set_segment  (PulseMetricPage *self,
                                                 const char      *segment);
gboolean         pulse_metric_page_is_settled   (PulseMetricPage *self);

G_END_DECLS
