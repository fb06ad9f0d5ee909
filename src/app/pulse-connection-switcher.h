/* pulse-connection-switcher.h: the toolbar's active connection menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-connection-store.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CONNECTION_SWITCHER (pulse_connection_switcher_get_type ())

G_DECLARE_FINAL_TYPE (PulseConnectionSwitcher, pulse_connection_switcher, PULSE, CONNECTION_SWITCHER, GtkWidget)

PulseConnectionStore *pulse_connection_switcher_get_store   (PulseConnectionSwitcher *self);
void                  pulse_connection_switcher_open        (PulseConnectionSwitcher *self,
                                                             PulseConnectionProfile  *profile,
                                                             const char              *password);
void                  pulse_connection_switcher_manage      (PulseConnectionSwitcher *self);
void                  pulse_connection_switcher_restore     (PulseConnectionSwitcher *self);

typedef struct _PulseWindow PulseWindow;
void                  pulse_connection_open_command_line    (PulseWindow             *window,
                                                             const char              *text);

G_END_DECLS
