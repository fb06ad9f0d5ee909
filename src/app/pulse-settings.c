/* pulse-settings.c: the application's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-settings.h"

/* Installed Pulse finds its schema as usual; a build-tree Pulse uses the
 * schema compiled next to it, so running from _build never aborts. */
GSettings *
pulse_settings_new (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_tree = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (installed != NULL && (schema = g_settings_schema_source_lookup (installed, APPLICATION_ID, TRUE)))
    return g_settings_new_full (schema, NULL, NULL);

  build_tree = g_settings_schema_source_new_from_directory (PULSE_BUILD_SCHEMA_DIR, installed, FALSE, NULL);
  if (build_tree != NULL && (schema = g_settings_schema_source_lookup (build_tree, APPLICATION_ID, FALSE)))
    return g_settings_new_full (schema, NULL, NULL);

  g_error ("The GSettings schema %s is not installed", APPLICATION_ID);
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
