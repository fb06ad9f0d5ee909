/* pulse-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-catalog.h"
#include "pulse-metric-page.h"

G_BEGIN_DECLS

#define PULSE_TYPE_WINDOW (pulse_window_get_type ())

G_DECLARE_FINAL_TYPE (PulseWindow, pulse_window, PULSE, WINDOW, AdwApplicationWindow)

PulseWindow     *pulse_window_new                (GtkApplication *application,
                                                  PulseCatalog   *catalog);
void             pulse_window_open_demo          (PulseWindow    *self);
void             pulse_window_restore_connection (PulseWindow    *self);
void             pulse_window_open_connection    (PulseWindow    *self,
                                                  const char     *conninfo);
PulseMetricPage *pulse_window_find_page          (PulseWindow    *self,
                                                  const char     *group_id);
PulseMetricPage *pulse_window_get_visible_page   (PulseWindow    *self);

G_END_DECLS
