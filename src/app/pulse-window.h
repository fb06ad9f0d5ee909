/* pulse-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-catalog.h"
#include "pulse-metric-page.h"
#include "pulse-worker.h"

G_BEGIN_DECLS

#define PULSE_TYPE_WINDOW (pulse_window_get_type ())

G_DECLARE_FINAL_TYPE (PulseWindow, pulse_window, PULSE, WINDOW, AdwApplicationWindow)

PulseWindow     *pulse_window_new             (GtkApplication *application,
                                               PulseCatalog   *catalog);
void             pulse_window_open_demo       (PulseWindow    *self);
void             pulse_window_restore_connection (PulseWindow *self);
void             pulse_window_open_connection (PulseWindow    *self,
                                               const char     *conninfo);
void             pulse_window_open_connection_with_options (PulseWindow               *self,
                                                            const char                *conninfo,
                                                            const PulseSessionOptions *options);
PulseWorker     *pulse_window_get_worker      (PulseWindow    *self);
PulseQueryRange *pulse_window_get_range       (PulseWindow    *self);
const char      *pulse_window_get_state       (PulseWindow    *self);
GListModel      *pulse_window_get_pages       (PulseWindow    *self);
PulseMetricPage *pulse_window_find_page       (PulseWindow    *self,
                                               const char     *group_id);
PulseMetricPage *pulse_window_get_visible_page (PulseWindow   *self);
void             pulse_window_show_toast      (PulseWindow    *self,
                                               const char     *message);

G_END_DECLS
