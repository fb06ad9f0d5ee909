/* pulse-connection-dialog.h: add, edit, test and delete saved connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-connection-store.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CONNECTION_DIALOG (pulse_connection_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PulseConnectionDialog, pulse_connection_dialog, PULSE, CONNECTION_DIALOG, AdwWindow)

PulseConnectionDialog *pulse_connection_dialog_new    (PulseConnectionStore   *store);
void                   pulse_connection_dialog_select (PulseConnectionDialog  *self,
                                                       PulseConnectionProfile *profile);

G_END_DECLS
