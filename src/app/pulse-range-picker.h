/* pulse-range-picker.h: one control for a custom date range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PULSE_TYPE_RANGE_PICKER (pulse_range_picker_get_type ())

G_DECLARE_FINAL_TYPE (PulseRangePicker, pulse_range_picker, PULSE, RANGE_PICKER, GtkWidget)

GtkWidget   *pulse_range_picker_new       (void);
void         pulse_range_picker_set_range (PulseRangePicker *self,
                                           const GDate      *from,
                                           const GDate      *to);
const GDate *pulse_range_picker_get_from  (PulseRangePicker *self);
const GDate *pulse_range_picker_get_to    (PulseRangePicker *self);

G_END_DECLS
