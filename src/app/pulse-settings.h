/* pulse-settings.h: the application's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GSettings *pulse_settings_new (void);
GStrv      pulse_list_timezones (void);

void        pulse_timezone_dropdown_init (GtkDropDown *dropdown,
                                          const char  *none_label);
const char *pulse_timezone_dropdown_get  (GtkDropDown *dropdown);
void        pulse_timezone_dropdown_set  (GtkDropDown *dropdown,
                                          const char  *zone);

guint64     pulse_cache_get_size (void);
gboolean    pulse_cache_clear    (GError     **error);

G_END_DECLS
