/* pulse-range-picker-private.h: the picker's insides, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-range-picker.h"

G_BEGIN_DECLS

GtkWidget   *pulse_range_picker_get_day_button (PulseRangePicker *self,
                                                const GDate      *day);
GtkEditable *pulse_range_picker_get_entry      (PulseRangePicker *self,
                                                gboolean          end);
const char  *pulse_range_picker_get_message    (PulseRangePicker *self);
void         pulse_range_picker_show_month     (PulseRangePicker *self,
                                                const GDate      *day);

G_END_DECLS
