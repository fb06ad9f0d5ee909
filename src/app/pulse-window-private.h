/* pulse-window-private.h: the window's insides, for its actions and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-connection-switcher.h"
#include "pulse-dashboard.h"
#include "pulse-metric-detail.h"
#include "pulse-overview-page.h"
#include "pulse-range-picker.h"
#include "pulse-window.h"

G_BEGIN_DECLS

void                     pulse_window_class_add_actions    (GtkWidgetClass *widget_class);

PulseDashboard          *pulse_window_get_dashboard        (PulseWindow    *self);
PulseConnectionSwitcher *pulse_window_get_switcher         (PulseWindow    *self);
void                     pulse_window_show_range_presets   (PulseWindow    *self);
void                     pulse_window_set_custom_range     (PulseWindow    *self,
                                                            const char     *from,
                                                            const char     *to);
void                     pulse_window_cancel_open          (PulseWindow    *self);
void                     pulse_window_show_page            (PulseWindow    *self,
                                                            guint           index);
void                     pulse_window_show_page_named      (PulseWindow    *self,
                                                            const char     *name);
void                     pulse_window_show_detail          (PulseWindow    *self,
                                                            const char     *metric_id);
void                     pulse_window_hide_detail          (PulseWindow    *self);
PulseOverviewPage       *pulse_window_get_visible_overview (PulseWindow    *self);
void                     pulse_window_show_toast           (PulseWindow    *self,
                                                            const char     *message);
void                     pulse_window_update_cache_size    (PulseWindow    *self);

/* For tests */
const char              *pulse_window_get_state            (PulseWindow    *self);
GListModel              *pulse_window_get_pages            (PulseWindow    *self);
PulseWorker             *pulse_window_get_worker           (PulseWindow    *self);
PulseQueryRange         *pulse_window_get_range            (PulseWindow    *self);
const char              *pulse_window_get_ticked_preset    (PulseWindow    *self);
GMenuModel              *pulse_window_get_cache_menu       (PulseWindow    *self);
PulseOverviewPage       *pulse_window_get_overview         (PulseWindow    *self);
PulseMetricDetail       *pulse_window_get_detail           (PulseWindow    *self);
PulseRangePicker        *pulse_window_show_range_picker    (PulseWindow    *self);
GtkMenuButton           *pulse_window_get_range_button     (PulseWindow    *self);
GtkWidget               *pulse_window_get_toolbar          (PulseWindow    *self);
GtkWidget               *pulse_window_get_filters_button   (PulseWindow    *self);
GtkWidget               *pulse_window_get_granularity_button (PulseWindow  *self);

G_END_DECLS
