/* pulse-catalog.c: the metric catalog, declared as data
 *
 * The bundled catalog ships in the GResource. A user catalog file may
 * add metrics or replace bundled ones by id; a broken one is refused
 * as a whole with its file, line and field, and the bundled one stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pulse-catalog.h"
#include "pulse-error.h"
#include "pulse-metric-private.h"

#define BUNDLED_DIR PULSE_RESOURCE_PREFIX "/metrics/"

struct _PulseCatalog
{
  GObject    parent_instance;

  GPtrArray *groups;
  GPtrArray *metrics;
};

G_DEFINE_FINAL_TYPE (PulseCatalog, pulse_catalog, G_TYPE_OBJECT)

/* What a load needs to read SQL files and place its errors. */
typedef struct
{
  const char *display_name;
  GFile      *base_dir;        /* NULL for the bundled catalog */
  GHashTable *lines;           /* "object-pointer/member" -> line */
  GHashTable *object_lines;    /* object -> line of its end */
} Load;

static void
group_free (gpointer data)
{
  PulseMetricGroup *group = data;

  g_free (group->id);
  g_free (group->title);
  g_free (group);
}

static void
pulse_catalog_finalize (GObject *object)
{
  PulseCatalog *self = (PulseCatalog *)object;

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->metrics, g_ptr_array_unref);

  G_OBJECT_CLASS (pulse_catalog_parent_class)->finalize (object);
}

static void
pulse_catalog_class_init (PulseCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_catalog_finalize;
}

static void
pulse_catalog_init (PulseCatalog *self)
{
  self->groups = g_ptr_array_new_with_free_func (group_free);
  self->metrics = g_ptr_array_new_with_free_func (g_object_unref);
}

static char *
member_key (JsonObject *object,
            const char *member)
{
  return g_strdup_printf ("%p/%s", (gpointer)object, member);
}

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *member,
                  Load       *load)
{
  g_hash_table_insert (load->lines, member_key (object, member),
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static void
on_object_end (JsonParser *parser,
               JsonObject *object,
               Load       *load)
{
  g_hash_table_insert (load->object_lines, object,
                       GUINT_TO_POINTER (json_parser_get_current_line (parser)));
}

static void
report_error (JsonObject  *object,
              const char  *member,
              GError     **error,
              const char  *message,
              gpointer     user_data)
{
  Load *load = user_data;
  g_autofree char *key = member_key (object, member);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (load->lines, key));
  const char *id = json_object_get_string_member_with_default (object, "id", NULL);

  if (line == 0)
    line = GPOINTER_TO_UINT (g_hash_table_lookup (load->object_lines, object));

  if (id != NULL && !g_str_equal (member, "id"))
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                 /* Translators: "my.json:12: “dau”: field “chart” must be a string"; the end is translated on its own */
                 _("%s:%u: “%s”: field “%s” %s"), load->display_name, line, id, member, message);
  else
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                 /* Translators: "my.json:3: field “groups” must be an array"; the end is translated on its own */
                 _("%s:%u: field “%s” %s"), load->display_name, line, member, message);
}

#define INCLUDE_LINE "-- @include "

static GBytes *
read_bundled_sql (const char  *name,
                  GError     **error)
{
  g_autofree char *path = g_strconcat (BUNDLED_DIR, name, NULL);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/* A FIFO or a device would block the load or never end: only regular
 * files (or symlinks to them) are read. */
static GBytes *
load_regular_file (GFile   *file,
                   GError **error)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, error);

  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("not a regular file"));
      return NULL;
    }
  return g_file_load_bytes (file, NULL, NULL, error);
}

/* A user catalog's files sit next to it; the bundled ones are resources. */
static GBytes *
read_sql (Load        *load,
          const char  *name,
          GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (load->base_dir == NULL)
    return read_bundled_sql (name, error);
  file = g_file_resolve_relative_path (load->base_dir, name);
  return load_regular_file (file, error);
}

/* An included file is looked for next to the catalog, then among the
 * bundled ones, so a user catalog can share calendar.sql too. */
static GBytes *
read_included_sql (Load        *load,
                   const char  *name,
                   GError     **error)
{
  GBytes *bytes = read_sql (load, name, NULL);

  return bytes != NULL ? bytes : read_bundled_sql (name, error);
}

/* Pastes in the files a query names on "-- @include FILE" lines (one
 * level: an included file's own include lines stay comments). */
static char *
expand_includes (Load        *load,
                 const char  *sql,
                 GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GBytes) bytes = NULL;

      if (i > 0)
        g_string_append_c (out, '\n');
      if (!g_str_has_prefix (lines[i], INCLUDE_LINE))
        {
          g_string_append (out, lines[i]);
          continue;
        }
      bytes = read_included_sql (load, g_strstrip (lines[i] + strlen (INCLUDE_LINE)), error);
      if (bytes == NULL)
        return NULL;
      g_string_append_len (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
load_sql_file (const char  *sql_file,
               char       **origin,
               gpointer     user_data,
               GError     **error)
{
  Load *load = user_data;
  g_autoptr(GBytes) bytes = read_sql (load, sql_file, error);
  g_autofree char *sql = NULL;

  if (bytes == NULL)
    return NULL;
  if (load->base_dir != NULL)
    {
      g_autoptr(GFile) file = g_file_resolve_relative_path (load->base_dir, sql_file);
      *origin = g_file_get_parse_name (file);
    }
  else
    *origin = g_strdup (sql_file);
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return expand_includes (load, sql, error);
}

static gboolean
parse_groups (JsonObject  *root,
              GPtrArray   *into,
              Load        *load,
              GError     **error)
{
  JsonArray *array;

  if (!json_object_has_member (root, "groups"))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "groups")))
    {
      report_error (root, "groups", error, _("must be an array"), load);
      return FALSE;
    }
  array = json_object_get_array_member (root, "groups");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = object ? json_object_get_string_member_with_default (object, "id", NULL) : NULL;
      const char *title = object ? json_object_get_string_member_with_default (object, "title", NULL) : NULL;
      PulseMetricGroup *group;

      if (id == NULL || title == NULL)
        {
          report_error (object ? object : root, object ? (id ? "title" : "id") : "groups", error,
                        _("must be set on every group"), load);
          return FALSE;
        }
      group = g_new0 (PulseMetricGroup, 1);
      group->id = g_strdup (id);
      group->title = g_strdup (g_dgettext (GETTEXT_PACKAGE, title));
      g_ptr_array_add (into, group);
    }
  return TRUE;
}

static gboolean
parse_metrics (JsonObject  *root,
               GPtrArray   *into,
               Load        *load,
               GError     **error)
{
  JsonArray *array;

  if (!json_object_has_member (root, "metrics") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "metrics")))
    {
      report_error (root, "metrics", error, _("must be an array of metrics"), load);
      return FALSE;
    }
  array = json_object_get_array_member (root, "metrics");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      PulseMetric *metric;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          report_error (root, "metrics", error, _("must hold only objects"), load);
          return FALSE;
        }
      metric = _pulse_metric_new_from_json (json_node_get_object (node), load->display_name, report_error,
                                            load_sql_file, load, error);
      if (metric == NULL)
        return FALSE;
      g_ptr_array_add (into, metric);
    }
  return TRUE;
}

static gint
find_metric_index (GPtrArray  *metrics,
                   const char *id)
{
  for (guint i = 0; i < metrics->len; i++)
    if (g_str_equal (pulse_metric_get_id (g_ptr_array_index (metrics, i)), id))
      return (gint)i;
  return -1;
}

static gboolean
has_group (GPtrArray  *groups,
           const char *id)
{
  for (guint i = 0; i < groups->len; i++)
    if (g_str_equal (((PulseMetricGroup *)g_ptr_array_index (groups, i))->id, id))
      return TRUE;
  return FALSE;
}

/* Merges a parsed file; all or nothing, so a bad file changes nothing. */
static gboolean
merge (PulseCatalog  *self,
       GPtrArray     *groups,
       GPtrArray     *metrics,
       GError       **error)
{
  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (metrics, i);
      const char *group = pulse_metric_get_group (metric);

      if (!has_group (self->groups, group) && !has_group (groups, group))
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                       _("Metric “%s” names an unknown group “%s”"),
                       pulse_metric_get_id (metric), group);
          return FALSE;
        }
    }

  for (guint i = 0; i < groups->len; i++)
    {
      PulseMetricGroup *group = g_ptr_array_index (groups, i);
      if (!has_group (self->groups, group->id))
        g_ptr_array_add (self->groups, g_ptr_array_steal_index (groups, i--));
    }

  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (metrics, i);
      gint existing = find_metric_index (self->metrics, pulse_metric_get_id (metric));

      if (existing >= 0)
        {
          g_object_unref (g_ptr_array_index (self->metrics, existing));
          g_ptr_array_index (self->metrics, existing) = g_object_ref (metric);
        }
      else
        g_ptr_array_add (self->metrics, g_object_ref (metric));
    }
  return TRUE;
}

static gboolean
load_bytes (PulseCatalog  *self,
            GBytes        *bytes,
            Load          *load,
            GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (group_free);
  g_autoptr(GPtrArray) metrics = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  load->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load->object_lines = g_hash_table_new (NULL, NULL);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), load);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), load);

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), &parse_error))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                   "%s: %s", load->display_name, parse_error->message);
      goto out;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                   _("%s:1: the catalog must be a JSON object"), load->display_name);
      goto out;
    }

  if (parse_groups (json_node_get_object (root), groups, load, error) &&
      parse_metrics (json_node_get_object (root), metrics, load, error))
    merge (self, groups, metrics, error);

out:
  g_clear_pointer (&load->lines, g_hash_table_unref);
  g_clear_pointer (&load->object_lines, g_hash_table_unref);
  return error == NULL || *error == NULL;
}

PulseCatalog *
pulse_catalog_new_bundled (GError **error)
{
  g_autoptr(PulseCatalog) self = g_object_new (PULSE_TYPE_CATALOG, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  Load load = { "catalog.json", NULL, NULL, NULL };

  bytes = g_resources_lookup_data (BUNDLED_DIR "catalog.json", G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  if (!load_bytes (self, bytes, &load, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * pulse_catalog_load_file:
 *
 * Adds the metrics of a user catalog, replacing bundled ones with the
 * same id. On error the catalog is left as it was.
 */
gboolean
pulse_catalog_load_file (PulseCatalog  *self,
                         GFile         *file,
                         GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) base_dir = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(GError) local_error = NULL;
  Load load = { NULL };

  g_return_val_if_fail (PULSE_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  display_name = g_file_get_parse_name (file);
  bytes = load_regular_file (file, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                   "%s: %s", display_name, local_error->message);
      return FALSE;
    }

  base_dir = g_file_get_parent (file);
  load.display_name = display_name;
  load.base_dir = base_dir;
  return load_bytes (self, bytes, &load, error);
}

GPtrArray *
pulse_catalog_get_groups (PulseCatalog *self)
{
  g_return_val_if_fail (PULSE_IS_CATALOG (self), NULL);
  return self->groups;
}

GPtrArray *
pulse_catalog_get_metrics (PulseCatalog *self)
{
  g_return_val_if_fail (PULSE_IS_CATALOG (self), NULL);
  return self->metrics;
}

/* What a page of the window or the report shows: the group's metrics
 * with a chart (a cohort table has none), in catalog order.
 *
 * Returns: (transfer container): the metrics */
GPtrArray *
pulse_catalog_list_group (PulseCatalog *self,
                          const char   *group_id)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (PULSE_IS_CATALOG (self), list);

  for (guint i = 0; i < self->metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (self->metrics, i);
      if (g_str_equal (pulse_metric_get_group (metric), group_id) && pulse_metric_has_chart (metric))
        g_ptr_array_add (list, g_object_ref (metric));
    }
  return list;
}

PulseMetric *
pulse_catalog_lookup (PulseCatalog *self,
                      const char   *metric_id)
{
  gint index;

  g_return_val_if_fail (PULSE_IS_CATALOG (self), NULL);

  index = find_metric_index (self->metrics, metric_id);
  return index >= 0 ? g_ptr_array_index (self->metrics, index) : NULL;
}
