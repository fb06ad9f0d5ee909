/* pulse-metric-page-private.h: what tests look at in a page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-metric-page.h"

G_BEGIN_DECLS

GPtrArray *pulse_metric_page_get_cards  (PulseMetricPage *self);
gboolean   pulse_metric_page_is_settled (PulseMetricPage *self);
gboolean   pulse_metric_page_get_offers_weekly (PulseMetricPage *self);
GtkWidget *pulse_metric_page_get_weekly_button (PulseMetricPage *self);

G_END_DECLS
