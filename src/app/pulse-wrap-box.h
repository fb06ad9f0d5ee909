/* pulse-wrap-box.h: a row of controls that wraps onto more lines when narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PULSE_TYPE_WRAP_BOX (pulse_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (PulseWrapBox, pulse_wrap_box, PULSE, WRAP_BOX, GtkWidget)

GtkWidget *pulse_wrap_box_new         (void);
void       pulse_wrap_box_append      (PulseWrapBox *self,
                                       GtkWidget    *child);
void       pulse_wrap_box_set_spacing (PulseWrapBox *self,
                                       int           spacing);

G_END_DECLS
