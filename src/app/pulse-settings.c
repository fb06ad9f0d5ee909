/* pulse-settings.c: the application's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-settings.h"

/* The schema comes from the usual places; a build-tree Pulse finds its
 * own through GSETTINGS_SCHEMA_DIR (build-aux/dev, meson devenv, tests). */
GSettings *
pulse_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE)))
    return g_settings_new_full (schema, NULL, NULL);

  g_error ("The GSettings schema %s is not installed; from a build tree, set GSETTINGS_SCHEMA_DIR "
           "to the build's data directory (meson devenv does)", APPLICATION_ID);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **)a, *(const char **)b);
}

/**
 * pulse_list_timezones:
 *
 * The IANA zones the system knows, from tzdata's zone1970.tab, with UTC
 * first.
 */
GStrv
pulse_list_timezones (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) zones = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_strv_builder_add (builder, "UTC");
  if (g_file_get_contents ("/usr/share/zoneinfo/zone1970.tab", &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i]; i++)
        {
          g_auto(GStrv) fields = NULL;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          fields = g_strsplit (lines[i], "\t", 4);
          if (g_strv_length (fields) >= 3)
            g_ptr_array_add (zones, g_strdup (fields[2]));
        }
    }
  g_ptr_array_sort (zones, compare_strings);
  for (guint i = 0; i < zones->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (zones, i));
  return g_strv_builder_end (builder);
}
