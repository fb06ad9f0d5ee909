/* pulse-connection-switcher.h: the toolbar's active connection menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-dashboard.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CONNECTION_SWITCHER (pulse_connection_switcher_get_type ())

G_DECLARE_FINAL_TYPE (PulseConnectionSwitcher, pulse_connection_switcher, PULSE, CONNECTION_SWITCHER, GtkWidget)

void pulse_connection_switcher_set_dashboard (PulseConnectionSwitcher *self,
                                              PulseDashboard          *dashboard);
void pulse_connection_switcher_open_text     (PulseConnectionSwitcher *self,
                                              const char              *text);
void pulse_connection_switcher_manage        (PulseConnectionSwitcher *self);
void pulse_connection_switcher_edit_active   (PulseConnectionSwitcher *self);
void pulse_connection_switcher_restore       (PulseConnectionSwitcher *self);

G_END_DECLS
