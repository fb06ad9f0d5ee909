/* pulse-people-export.c: a people list as CSV
 *
 * One header line, then one line per person in the list's order (by
 * id). Text fields are quoted (RFC 4180), and a field a spreadsheet
 * would take for a formula gets a leading apostrophe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pulse-file.h"
#include "pulse-people-export.h"

GString *
pulse_people_csv_new (gboolean with_email)
{
  GString *csv = g_string_new ("id,role,signed_up,headline");

  if (with_email)
    g_string_append (csv, ",email");
  g_string_append (csv, ",active_days,last_active\n");
  return csv;
}

static void
append_text (GString    *csv,
             const char *text)
{
  g_string_append_c (csv, ',');
  if (text == NULL)
    return;
  g_string_append_c (csv, '"');
  if (*text != '\0' && strchr ("=+-@\t\r", *text) != NULL)
    g_string_append_c (csv, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/* @persons: (element-type PulsePerson) */
void
pulse_people_csv_append (GString   *csv,
                         GPtrArray *persons,
                         gboolean   with_email)
{
  for (guint i = 0; i < persons->len; i++)
    {
      PulsePerson *person = g_ptr_array_index (persons, i);

      g_string_append_printf (csv, "%" G_GINT64_FORMAT, pulse_person_get_id (person));
      append_text (csv, pulse_person_get_role (person));
      append_text (csv, pulse_person_get_signed_up (person));
      append_text (csv, pulse_person_get_headline (person));
      if (with_email)
        append_text (csv, pulse_person_get_email (person));
      g_string_append_c (csv, ',');
      if (pulse_person_get_active_days (person) >= 0)
        g_string_append_printf (csv, "%d", pulse_person_get_active_days (person));
      append_text (csv, pulse_person_get_last_active (person));
      g_string_append_c (csv, '\n');
    }
}

/* Atomically: a reader never sees half a list. */
gboolean
pulse_people_csv_write (GString     *csv,
                        const char  *path,
                        GError     **error)
{
  return pulse_file_write_atomically (path, csv->str, csv->len, error);
}
