/* pulse-export-dialog-private.h: exports without the file chooser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-export-dialog.h"

G_BEGIN_DECLS

void pulse_export_dialog_write_report (GtkWidget      *source,
                                       PulseDashboard *dashboard,
                                       const char     *path);

G_END_DECLS
