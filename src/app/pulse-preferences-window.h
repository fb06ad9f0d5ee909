/* pulse-preferences-window.h: the application's preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PULSE_TYPE_PREFERENCES_WINDOW (pulse_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PulsePreferencesWindow, pulse_preferences_window, PULSE, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

PulsePreferencesWindow *pulse_preferences_window_new                (GtkWindow              *parent);

/* For tests */
GtkSwitch              *pulse_preferences_window_get_email_switch   (PulsePreferencesWindow *self);
const char             *pulse_preferences_window_get_cache_size_text (PulsePreferencesWindow *self);
GtkButton              *pulse_preferences_window_get_clear_button   (PulsePreferencesWindow *self);

G_END_DECLS
