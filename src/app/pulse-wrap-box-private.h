/* pulse-wrap-box-private.h: what tests measure in a wrap box
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-wrap-box.h"

G_BEGIN_DECLS

guint pulse_wrap_box_get_n_lines (PulseWrapBox *self);

G_END_DECLS
