/* pulse-page-switcher.h: the header bar's page switcher, a menu when narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PULSE_TYPE_PAGE_SWITCHER (pulse_page_switcher_get_type ())

G_DECLARE_FINAL_TYPE (PulsePageSwitcher, pulse_page_switcher, PULSE, PAGE_SWITCHER, GtkWidget)

GtkWidget     *pulse_page_switcher_new             (void);
void           pulse_page_switcher_set_stack       (PulsePageSwitcher *self,
                                                    AdwViewStack      *stack);
void           pulse_page_switcher_set_enabled     (PulsePageSwitcher *self,
                                                    gboolean           enabled);
gboolean       pulse_page_switcher_get_enabled     (PulsePageSwitcher *self);

/* For tests */
GtkMenuButton *pulse_page_switcher_get_menu_button (PulsePageSwitcher *self);
GtkListBox    *pulse_page_switcher_get_menu_list   (PulsePageSwitcher *self);
gboolean       pulse_page_switcher_get_narrow      (PulsePageSwitcher *self);

G_END_DECLS
