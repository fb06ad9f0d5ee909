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

PulseConnectionDialog *pulse_connection_dialog_new            (PulseConnectionStore  *store);
void                   pulse_connection_dialog_select         (PulseConnectionDialog *self,
                                                               PulseConnectionProfile *profile);
void                   pulse_connection_dialog_paste          (PulseConnectionDialog *self,
                                                               const char            *text);
void                   pulse_connection_dialog_set_password   (PulseConnectionDialog *self,
                                                               const char            *password);
gboolean               pulse_connection_dialog_is_testing     (PulseConnectionDialog *self);
const char            *pulse_connection_dialog_get_test_title (PulseConnectionDialog *self);

G_END_DECLS
