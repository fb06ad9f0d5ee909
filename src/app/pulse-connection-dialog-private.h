/* pulse-connection-dialog-private.h: what tests drive in the dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-connection-dialog.h"

G_BEGIN_DECLS

void        pulse_connection_dialog_paste          (PulseConnectionDialog *self,
                                                    const char            *text);
void        pulse_connection_dialog_set_password   (PulseConnectionDialog *self,
                                                    const char            *password);
gboolean    pulse_connection_dialog_is_testing     (PulseConnectionDialog *self);
const char *pulse_connection_dialog_get_test_title (PulseConnectionDialog *self);

G_END_DECLS
