/* pulse-people-export.h: a people list as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-person.h"

G_BEGIN_DECLS

GString  *pulse_people_csv_new        (gboolean     with_email);
void      pulse_people_csv_append     (GString     *csv,
                                       GPtrArray   *persons,
                                       gboolean     with_email);
gboolean  pulse_people_csv_write      (GString     *csv,
                                       const char  *path,
                                       GError     **error);

G_END_DECLS
