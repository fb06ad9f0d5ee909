/* pulse-settings.h: the application's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *pulse_settings_new (void);
GStrv      pulse_list_timezones (void);

G_END_DECLS
