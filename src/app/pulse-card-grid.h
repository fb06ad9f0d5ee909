/* pulse-card-grid.h: dashboard cards in rows that fill the width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PULSE_TYPE_CARD_GRID (pulse_card_grid_get_type ())

G_DECLARE_FINAL_TYPE (PulseCardGrid, pulse_card_grid, PULSE, CARD_GRID, GtkWidget)

GtkWidget *pulse_card_grid_new    (int            spacing,
                                   int            column_width,
                                   guint          max_columns);
void       pulse_card_grid_append (PulseCardGrid *self,
                                   GtkWidget     *child);

G_END_DECLS
