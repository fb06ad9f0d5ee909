/* pulse-settings.c: the application's GSettings, the time-zone picker
 * the toolbar and the connections dialog share, and the cache's size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-activity-index.h"
#include "pulse-settings.h"
#include "pulse-snapshot.h"

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

static char *
zone_label (GtkStringObject *item,
            const char      *zone,
            const char      *none_label)
{
  return g_strdup (*zone == '\0' && none_label != NULL ? none_label : zone);
}

static void
free_none_label (gpointer  none_label,
                 GClosure *closure)
{
  g_free (none_label);
}

/**
 * pulse_timezone_dropdown_init:
 * @none_label: (nullable): with it, a first item "" shown as this
 *
 * Fills @dropdown with the system's time zones; too many for a menu,
 * so it is searchable.
 */
void
pulse_timezone_dropdown_init (GtkDropDown *dropdown,
                              const char  *none_label)
{
  static GStrv timezones;
  g_autoptr(GtkStringList) zones = gtk_string_list_new (NULL);
  GtkExpression *zone = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  g_autoptr(GtkExpression) label = NULL;

  if (timezones == NULL)
    timezones = pulse_list_timezones ();
  if (none_label != NULL)
    gtk_string_list_append (zones, "");
  gtk_string_list_splice (zones, g_list_model_get_n_items (G_LIST_MODEL (zones)), 0,
                          (const char * const *)timezones);
  label = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, &zone, G_CALLBACK (zone_label),
                                       g_strdup (none_label), free_none_label);
  /* The expression first: the item the model selects is shown with it. */
  gtk_drop_down_set_expression (dropdown, label);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (zones));
  gtk_drop_down_set_enable_search (dropdown, TRUE);
}

/* Returns: the chosen zone, "" for none */
const char *
pulse_timezone_dropdown_get (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item ? gtk_string_object_get_string (item) : "";
}

/* A zone the list lacks selects nothing (or the "none" item). */
void
pulse_timezone_dropdown_set (GtkDropDown *dropdown,
                             const char  *zone)
{
  GListModel *zones = gtk_drop_down_get_model (dropdown);
  guint found = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < g_list_model_get_n_items (zones); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (zones), i), zone))
      found = i;
  if (found == GTK_INVALID_LIST_POSITION && g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (zones), 0), ""))
    found = 0;
  gtk_drop_down_set_selected (dropdown, found);
}

/* Bytes of what Pulse keeps in the user's cache folder: every
 * connection's activity index and snapshots. */
guint64
pulse_cache_get_size (void)
{
  g_autofree char *dir = pulse_activity_cache_dup_default_dir ();

  return pulse_activity_cache_get_size (dir) + pulse_snapshot_get_cache_size (dir);
}

/* Removes them: the cache only saves time. */
gboolean
pulse_cache_clear (GError **error)
{
  g_autofree char *dir = pulse_activity_cache_dup_default_dir ();

  return pulse_activity_cache_clear (dir, error) && pulse_snapshot_clear_cache (dir, error);
}
