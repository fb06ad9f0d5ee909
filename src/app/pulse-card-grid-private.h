/* pulse-card-grid-private.h: what tests measure in a card grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-card-grid.h"

G_BEGIN_DECLS

guint pulse_card_grid_get_n_columns (PulseCardGrid *self);

G_END_DECLS
