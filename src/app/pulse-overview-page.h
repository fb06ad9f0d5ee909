/* pulse-overview-page.h: every group's key numbers on one page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pulse-dashboard.h"
#include "pulse-metric-page.h"

G_BEGIN_DECLS

#define PULSE_TYPE_OVERVIEW_PAGE (pulse_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (PulseOverviewPage, pulse_overview_page, PULSE, OVERVIEW_PAGE, GtkWidget)

PulseOverviewPage *pulse_overview_page_new     (PulseDashboard    *dashboard,
                                                GPtrArray         *pages);
void               pulse_overview_page_refresh (PulseOverviewPage *self);

GtkWidget         *pulse_page_scroller_new     (GtkWidget         *content,
                                                int                maximum_width);

/* For tests */
GPtrArray         *pulse_overview_page_get_cards     (PulseOverviewPage *self);
const char        *pulse_overview_page_get_figure    (PulseOverviewPage *self,
                                                      const char        *metric_id);
gboolean           pulse_overview_page_is_settled    (PulseOverviewPage *self);

G_END_DECLS
