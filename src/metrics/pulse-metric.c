/* pulse-metric.c: one metric's definition, as declared in the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pulse-error.h"
#include "pulse-metric-private.h"

struct _PulseMetric
{
  GObject    parent_instance;

  char      *id;
  char      *group;
  char      *title;
  char      *description;
  char      *definition;
  char      *unit;
  char      *chart;
  PulseBetter better;
  PulseHeadline headline;
  GPtrArray *series;
  GPtrArray *summaries;
  GPtrArray *steps;
  GPtrArray *variants;
  gboolean   has_histogram;
};

G_DEFINE_FINAL_TYPE (PulseMetric, pulse_metric, G_TYPE_OBJECT)

/* "none": a table no chart draws; pages skip it. "cohort": a retention
 * table, drawn as a chart. */
static const char * const chart_kinds[] = {
  "line", "area", "stacked-bar", "funnel", "histogram", "cohort", "none", NULL
};

static void
field_free (gpointer data)
{
  PulseMetricField *field = data;

  g_free (field->id);
  g_free (field->title);
  g_free (field->unit);
  g_free (field);
}

static void
variant_free (gpointer data)
{
  PulseMetricVariant *variant = data;

  g_strfreev (variant->requires);
  g_free (variant->sql);
  g_free (variant->origin);
  g_free (variant->note);
  g_free (variant->people_sql);
  g_free (variant->people_origin);
  g_clear_pointer (&variant->series, g_ptr_array_unref);
  g_clear_pointer (&variant->summaries, g_ptr_array_unref);
  g_free (variant);
}

static void
pulse_metric_finalize (GObject *object)
{
  PulseMetric *self = (PulseMetric *)object;

  g_free (self->id);
  g_free (self->group);
  g_free (self->title);
  g_free (self->description);
  g_free (self->definition);
  g_free (self->unit);
  g_free (self->chart);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->variants, g_ptr_array_unref);

  G_OBJECT_CLASS (pulse_metric_parent_class)->finalize (object);
}

static void
pulse_metric_class_init (PulseMetricClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_metric_finalize;
}

static void
pulse_metric_init (PulseMetric *self)
{
  self->series = g_ptr_array_new_with_free_func (field_free);
  self->summaries = g_ptr_array_new_with_free_func (field_free);
  self->steps = g_ptr_array_new_with_free_func (field_free);
  self->variants = g_ptr_array_new_with_free_func (variant_free);
}

const char *
pulse_source_to_string (PulseSource source)
{
  switch (source)
    {
    case PULSE_SOURCE_TABLE: return "table";
    case PULSE_SOURCE_ESTIMATED: return "estimated";
    case PULSE_SOURCE_PROXY: return "proxy";
    default: g_return_val_if_reached ("table");
    }
}

static const char * const segment_names[PULSE_N_SEGMENTS] = { "all", "BUILDER", "FINDER" };

/* The names of the SQL's segment column and of the JSON document. */
const char *
pulse_segment_to_string (PulseSegment segment)
{
  g_return_val_if_fail (segment < PULSE_N_SEGMENTS, "all");
  return segment_names[segment];
}

gboolean
pulse_segment_from_string (const char   *text,
                           PulseSegment *segment)
{
  for (guint i = 0; text != NULL && i < PULSE_N_SEGMENTS; i++)
    if (g_str_equal (text, segment_names[i]))
      {
        *segment = (PulseSegment)i;
        return TRUE;
      }
  return FALSE;
}

/* "Builders": the segment @segment ("all", "BUILDER", "FINDER") as a reader says it. */
const char *
pulse_segment_describe (const char *segment)
{
  if (g_strcmp0 (segment, "BUILDER") == 0)
    return _("Builders");
  if (g_strcmp0 (segment, "FINDER") == 0)
    return _("Finders");
  return _("All users");
}

/* Parsing: each helper reports the object and member at fault, so the
 * catalog can name the file, line and field. */
typedef struct
{
  const char           *catalog_name;
  PulseCatalogErrorFunc report;
  gpointer              user_data;
  GError              **error;
} Parse;

static gboolean
fail (Parse      *parse,
      JsonObject *object,
      const char *member,
      const char *message)
{
  parse->report (object, member, parse->error, message, parse->user_data);
  return FALSE;
}

static gboolean
get_string (Parse       *parse,
            JsonObject  *object,
            const char  *member,
            gboolean     required,
            char       **out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (parse, object, member, _("is required"));
      *out = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (parse, object, member, _("must be a string"));

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_boolean (Parse       *parse,
             JsonObject  *object,
             const char  *member,
             gboolean    *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (parse, object, member, _("must be true or false"));

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Text a user reads: the bundled catalog's is in Pulse's translations
 * (build-aux/catalog-strings.py extracts it); a user catalog's text
 * usually is not, and stays as written. */
static gboolean
get_text (Parse       *parse,
          JsonObject  *object,
          const char  *member,
          gboolean     required,
          char       **out)
{
  if (!get_string (parse, object, member, required, out))
    return FALSE;
  if (*out != NULL && **out != '\0')
    {
      char *translated = g_strdup (g_dgettext (GETTEXT_PACKAGE, *out));

      g_free (*out);
      *out = translated;
    }
  return TRUE;
}

static gboolean
get_array (Parse       *parse,
           JsonObject  *object,
           const char  *member,
           JsonArray  **out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (parse, object, member, _("must be an array"));
  *out = json_node_get_array (node);
  return TRUE;
}

/* "all", "BUILDER" or "FINDER"; absent or null: no segment's series. */
static gboolean
parse_segment (Parse            *parse,
               JsonObject       *object,
               PulseMetricField *field)
{
  g_autofree char *text = NULL;

  if (!get_string (parse, object, "segment", FALSE, &text))
    return FALSE;
  field->by_segment = text != NULL;
  if (text != NULL && !pulse_segment_from_string (text, &field->segment))
    return fail (parse, object, "segment", _("must be “all”, “BUILDER” or “FINDER”"));
  return TRUE;
}

/* An enum member named by its nick; absent, @fallback. */
static gboolean
get_nick (Parse      *parse,
          JsonObject *object,
          const char *member,
          GType       type,
          int         fallback,
          const char *message,
          int        *out)
{
  g_autoptr(GEnumClass) values = g_type_class_ref (type);
  g_autofree char *text = NULL;
  GEnumValue *value;

  if (!get_string (parse, object, member, FALSE, &text))
    return FALSE;
  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!(value = g_enum_get_value_by_nick (values, text)))
    return fail (parse, object, member, message);
  *out = value->value;
  return TRUE;
}

static gboolean
parse_fields (Parse      *parse,
              JsonObject *object,
              const char *member,
              GPtrArray  *into)
{
  JsonArray *array;

  if (!get_array (parse, object, member, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *item;
      PulseMetricField *field;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (parse, object, member, _("must hold objects with an “id” and a “title”"));
      item = json_node_get_object (node);

      field = g_new0 (PulseMetricField, 1);
      g_ptr_array_add (into, field);
      if (!get_string (parse, item, "id", TRUE, &field->id) ||
          !get_text (parse, item, "title", FALSE, &field->title) ||
          !get_string (parse, item, "unit", FALSE, &field->unit) ||
          !parse_segment (parse, item, field) ||
          !get_nick (parse, item, "role", PULSE_TYPE_SUMMARY_ROLE, PULSE_SUMMARY_DETAIL,
                     _("must be “headline”, “part” or “detail”"), (int *)&field->role) ||
          !get_nick (parse, item, "tone", PULSE_TYPE_TONE, PULSE_TONE_NEUTRAL,
                     _("must be “positive”, “negative” or “neutral”"), (int *)&field->tone) ||
          !get_boolean (parse, item, "negative", &field->negative))
        return FALSE;
      if (field->title == NULL)
        field->title = g_strdup (field->id);
    }
  return TRUE;
}

static gboolean
parse_source (Parse       *parse,
              JsonObject  *object,
              PulseSource *out)
{
  g_autofree char *source = NULL;

  if (!get_string (parse, object, "source", TRUE, &source))
    return FALSE;
  if (g_str_equal (source, "table"))
    *out = PULSE_SOURCE_TABLE;
  else if (g_str_equal (source, "estimated"))
    *out = PULSE_SOURCE_ESTIMATED;
  else if (g_str_equal (source, "proxy"))
    *out = PULSE_SOURCE_PROXY;
  else
    return fail (parse, object, "source", _("must be “table”, “estimated” or “proxy”"));
  return TRUE;
}

static gboolean
parse_requires (Parse      *parse,
                JsonObject *object,
                GStrv      *out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!get_array (parse, object, "requires", &array))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return fail (parse, object, "requires", _("must be an array of table names"));
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* "sql" written inline, or "sql_file" loaded (its includes pasted in). */
static gboolean
parse_sql (Parse                    *parse,
           JsonObject               *object,
           PulseCatalogLoadSqlFunc   load_sql,
           char                    **sql,
           char                    **origin)
{
  g_autofree char *sql_file = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!get_string (parse, object, "sql", FALSE, sql) ||
      !get_string (parse, object, "sql_file", FALSE, &sql_file))
    return FALSE;

  if (*sql != NULL)
    {
      *origin = g_strdup (parse->catalog_name);
      return TRUE;
    }
  if (sql_file == NULL)
    return fail (parse, object, "sql", _("is required (or “sql_file”)"));

  *sql = load_sql (sql_file, origin, parse->user_data, &local_error);
  if (*sql == NULL)
    return fail (parse, object, "sql_file", local_error->message);
  return TRUE;
}

/* "people": {"sql_file": …} lists the persons behind a number; optional. */
static gboolean
parse_variant_people (Parse                   *parse,
                      JsonObject              *object,
                      PulseCatalogLoadSqlFunc  load_sql,
                      PulseMetricVariant      *variant)
{
  JsonNode *node = json_object_get_member (object, "people");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (parse, object, "people", _("must be an object with “sql” or “sql_file”"));
  return parse_sql (parse, json_node_get_object (node), load_sql, &variant->people_sql, &variant->people_origin);
}

/* A variant's own fields, or the metric's when it names none. */
static gboolean
parse_variant_fields (Parse       *parse,
                      JsonObject  *item,
                      const char  *key,
                      GPtrArray   *inherited,
                      GPtrArray  **out)
{
  if (!json_object_has_member (item, key))
    {
      *out = g_ptr_array_ref (inherited);
      return TRUE;
    }
  *out = g_ptr_array_new_with_free_func (field_free);
  return parse_fields (parse, item, key, *out);
}

static gboolean
parse_variants (Parse                   *parse,
                PulseMetric             *self,
                JsonObject              *object,
                PulseCatalogLoadSqlFunc  load_sql)
{
  JsonArray *array;

  if (!get_array (parse, object, "variants", &array))
    return FALSE;
  if (array == NULL || json_array_get_length (array) == 0)
    return fail (parse, object, "variants", _("must list at least one variant"));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *item;
      PulseMetricVariant *variant;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (parse, object, "variants", _("must hold objects"));
      item = json_node_get_object (node);

      variant = g_new0 (PulseMetricVariant, 1);
      g_ptr_array_add (self->variants, variant);
      if (!parse_source (parse, item, &variant->source) ||
          !parse_requires (parse, item, &variant->requires) ||
          !get_text (parse, item, "note", FALSE, &variant->note) ||
          !parse_sql (parse, item, load_sql, &variant->sql, &variant->origin) ||
          !parse_variant_people (parse, item, load_sql, variant))
        return FALSE;

      if (!parse_variant_fields (parse, item, "series", self->series, &variant->series) ||
          !parse_variant_fields (parse, item, "summaries", self->summaries, &variant->summaries))
        return FALSE;
    }
  return TRUE;
}

/* Ids name CSV files and JSON members: nothing that could climb out of
 * an export directory. */
static gboolean
check_id (Parse      *parse,
          JsonObject *object,
          const char *id)
{
  if (*id != '\0' && strspn (id, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen (id))
    return TRUE;
  /* Translators: follows "catalog.json:12: field “id” " */
  return fail (parse, object, "id", _("must use only a–z, 0–9 and _ (and not be empty)"));
}

PulseMetric *
_pulse_metric_new_from_json (JsonObject              *object,
                             const char              *catalog_name,
                             PulseCatalogErrorFunc    report,
                             PulseCatalogLoadSqlFunc  load_sql,
                             gpointer                 user_data,
                             GError                 **error)
{
  g_autoptr(PulseMetric) self = g_object_new (PULSE_TYPE_METRIC, NULL);
  Parse parse = { catalog_name, report, user_data, error };

  if (!get_string (&parse, object, "id", TRUE, &self->id) ||
      !check_id (&parse, object, self->id) ||
      !get_string (&parse, object, "group", TRUE, &self->group) ||
      !get_text (&parse, object, "title", TRUE, &self->title) ||
      !get_text (&parse, object, "description", TRUE, &self->description) ||
      !get_text (&parse, object, "definition", FALSE, &self->definition) ||
      !get_string (&parse, object, "unit", FALSE, &self->unit) ||
      !get_string (&parse, object, "chart", TRUE, &self->chart) ||
      !get_nick (&parse, object, "better", PULSE_TYPE_BETTER, PULSE_BETTER_UP,
                 _("must be “up”, “down” or “neutral”"), (int *)&self->better) ||
      !get_nick (&parse, object, "headline", PULSE_TYPE_HEADLINE, PULSE_HEADLINE_LAST,
                 _("must be “last”, “sum” or “mean”"), (int *)&self->headline) ||
      !parse_fields (&parse, object, "series", self->series) ||
      !parse_fields (&parse, object, "summaries", self->summaries) ||
      !parse_fields (&parse, object, "steps", self->steps) ||
      !parse_variants (&parse, self, object, load_sql))
    return NULL;

  if (!g_strv_contains (chart_kinds, self->chart))
    {
      fail (&parse, object, "chart", _("must be one of line, area, stacked-bar, funnel, histogram, none"));
      return NULL;
    }

  self->has_histogram = json_object_has_member (object, "histogram");
  if (self->definition == NULL)
    self->definition = g_strdup (self->description);
  if (self->unit == NULL)
    self->unit = g_strdup ("");

  return g_steal_pointer (&self);
}

#define DEFINE_STRING_GETTER(name)                          \
  const char *                                              \
  pulse_metric_get_##name (PulseMetric *self)               \
  {                                                         \
    g_return_val_if_fail (PULSE_IS_METRIC (self), NULL);    \
    return self->name;                                      \
  }

DEFINE_STRING_GETTER (id)
DEFINE_STRING_GETTER (group)
DEFINE_STRING_GETTER (title)
DEFINE_STRING_GETTER (description)
DEFINE_STRING_GETTER (definition)
DEFINE_STRING_GETTER (unit)
DEFINE_STRING_GETTER (chart)

/* Whether the window and the report draw the metric at all. */
gboolean
pulse_metric_has_chart (PulseMetric *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), FALSE);
  return !g_str_equal (self->chart, "none");
}

PulseBetter
pulse_metric_get_better (PulseMetric *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), PULSE_BETTER_UP);
  return self->better;
}

PulseHeadline
pulse_metric_get_headline (PulseMetric *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), PULSE_HEADLINE_LAST);
  return self->headline;
}

GPtrArray *
pulse_metric_get_summaries (PulseMetric *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), NULL);
  return self->summaries;
}

GPtrArray *
pulse_metric_get_steps (PulseMetric *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), NULL);
  return self->steps;
}

gboolean
pulse_metric_has_histogram (PulseMetric *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), FALSE);
  return self->has_histogram;
}

GPtrArray *
pulse_metric_get_variants (PulseMetric *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), NULL);
  return self->variants;
}

/**
 * pulse_metric_choose_variant:
 *
 * Returns: (nullable): the first variant whose tables all exist.
 */
const PulseMetricVariant *
pulse_metric_choose_variant (PulseMetric *self,
                             GHashTable  *existing_tables)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), NULL);
  g_return_val_if_fail (existing_tables != NULL, NULL);

  for (guint i = 0; i < self->variants->len; i++)
    {
      const PulseMetricVariant *variant = g_ptr_array_index (self->variants, i);
      gboolean all_exist = TRUE;

      for (guint j = 0; variant->requires[j] != NULL && all_exist; j++)
        all_exist = g_hash_table_contains (existing_tables, variant->requires[j]);
      if (all_exist)
        return variant;
    }
  return NULL;
}

static const PulseMetricField *
find_field (GPtrArray  *fields,
            const char *id)
{
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const PulseMetricField *field = g_ptr_array_index (fields, i);
      if (g_str_equal (field->id, id))
        return field;
    }
  return NULL;
}

/* Looks in the metric's own fields, then in every variant's. */
static const PulseMetricField *
find_field_in_variants (PulseMetric *self,
                        gboolean     summaries,
                        const char  *id)
{
  const PulseMetricField *field;

  if ((field = find_field (summaries ? self->summaries : self->series, id)))
    return field;
  for (guint i = 0; i < self->variants->len; i++)
    {
      const PulseMetricVariant *variant = g_ptr_array_index (self->variants, i);
      if ((field = find_field (summaries ? variant->summaries : variant->series, id)))
        return field;
    }
  return NULL;
}

const PulseMetricField *
pulse_metric_find_series (PulseMetric *self,
                          const char  *series_id)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), NULL);
  g_return_val_if_fail (series_id != NULL, NULL);

  return find_field_in_variants (self, FALSE, series_id);
}

const PulseMetricField *
pulse_metric_find_summary (PulseMetric *self,
                           const char  *summary_id)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), NULL);
  g_return_val_if_fail (summary_id != NULL, NULL);

  return find_field_in_variants (self, TRUE, summary_id);
}

/* Returns: (nullable): the variant that reads the tracking table itself */
const PulseMetricVariant *
pulse_metric_get_table_variant (PulseMetric *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC (self), NULL);

  for (guint i = 0; i < self->variants->len; i++)
    {
      const PulseMetricVariant *variant = g_ptr_array_index (self->variants, i);
      if (variant->source == PULSE_SOURCE_TABLE)
        return variant;
    }
  return NULL;
}
