/* pulse-snapshot.c: the last results of a connection's query, on disk
 *
 * A snapshot holds the latest result (and the previous period's, when
 * comparing) of every metric fetched for one query key of one
 * connection identity (host, port, database, user: never a password).
 * The window shows it at once while the fresh numbers load, and instead
 * of them when the server cannot be reached.
 *
 * One file per identity and key, named by a hash of both, beside the
 * activity cache: a first line "PULSESNAP <version> <SHA-256 of the
 * rest>", then a JSON document. Each result is stored as its parts'
 * series, summaries, histogram, steps and cohorts, and read back as the
 * rows a query returns, through the same checks as a query's rows. A
 * file that does not read back whole (cut short, altered, another
 * identity's or key's, another version's, of a catalog variant that
 * changed) is removed, never trusted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pulse-db.h"
#include "pulse-error.h"
#include "pulse-file.h"
#include "pulse-json.h"
#include "pulse-metric-result-private.h"
#include "pulse-snapshot.h"

#define MAGIC "PULSESNAP"
#define FORMAT_VERSION 1
#define FILE_PREFIX "snapshot-"
#define FILE_SUFFIX ".json"
#define SNAPSHOT_MODE 0600
#define SNAPSHOT_DIR_MODE 0700
/* Each range, granularity, zone and comparison makes a file: the most
 * recently written few are what a user goes back to. */
#define MAX_SNAPSHOT_FILES 24

typedef struct
{
  PulseMetricResult *current;
  PulseMetricResult *previous;
  GDateTime         *fetched;
} Entry;

struct _PulseSnapshot
{
  GObject     parent_instance;

  char       *identity;
  char       *key;
  GHashTable *entries;  /* metric id -> Entry */
};

G_DEFINE_FINAL_TYPE (PulseSnapshot, pulse_snapshot, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->current);
  g_clear_object (&entry->previous);
  g_clear_pointer (&entry->fetched, g_date_time_unref);
  g_free (entry);
}

static void
pulse_snapshot_finalize (GObject *object)
{
  PulseSnapshot *self = PULSE_SNAPSHOT (object);

  g_free (self->identity);
  g_free (self->key);
  g_hash_table_unref (self->entries);

  G_OBJECT_CLASS (pulse_snapshot_parent_class)->finalize (object);
}

static void
pulse_snapshot_class_init (PulseSnapshotClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_snapshot_finalize;
}

static void
pulse_snapshot_init (PulseSnapshot *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
}

/**
 * pulse_snapshot_dup_identity:
 * @user: (nullable): the session's user when it overrides the conninfo's
 *
 * Whose data a session of @conninfo reads, as the conninfo says, without
 * connecting: host, port, database and user, never the password.
 */
char *
pulse_snapshot_dup_identity (const char *conninfo,
                             const char *user)
{
  g_auto(PulseConninfoParts) parts = { 0 };
  g_autofree char *role = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  pulse_db_parse_conninfo_parts (conninfo, &parts);
  role = user != NULL ? g_strdup (user) : pulse_db_dup_conninfo_user (conninfo);
  /* libpq's default database is the user's name. */
  return g_strdup_printf ("host=%s\nport=%s\ndbname=%s\nuser=%s",
                          parts.host ? parts.host : "", parts.port ? parts.port : "",
                          parts.dbname ? parts.dbname : role ? role : "", role ? role : "");
}

PulseSnapshot *
pulse_snapshot_new (const char *identity,
                    const char *key)
{
  PulseSnapshot *self;

  g_return_val_if_fail (identity != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (PULSE_TYPE_SNAPSHOT, NULL);
  self->identity = g_strdup (identity);
  self->key = g_strdup (key);
  return self;
}

const char *
pulse_snapshot_get_identity (PulseSnapshot *self)
{
  g_return_val_if_fail (PULSE_IS_SNAPSHOT (self), NULL);
  return self->identity;
}

const char *
pulse_snapshot_get_key (PulseSnapshot *self)
{
  g_return_val_if_fail (PULSE_IS_SNAPSHOT (self), NULL);
  return self->key;
}

guint
pulse_snapshot_get_n_metrics (PulseSnapshot *self)
{
  g_return_val_if_fail (PULSE_IS_SNAPSHOT (self), 0);
  return g_hash_table_size (self->entries);
}

/**
 * pulse_snapshot_set:
 * @previous: (nullable): the previous period's, when comparing
 * @fetched: when the results came from the server
 *
 * Keeps @current's metric's latest results, replacing older ones.
 */
void
pulse_snapshot_set (PulseSnapshot     *self,
                    PulseMetricResult *current,
                    PulseMetricResult *previous,
                    GDateTime         *fetched)
{
  Entry *entry;

  g_return_if_fail (PULSE_IS_SNAPSHOT (self));
  g_return_if_fail (PULSE_IS_METRIC_RESULT (current));
  g_return_if_fail (fetched != NULL);

  entry = g_new0 (Entry, 1);
  entry->current = g_object_ref (current);
  entry->previous = previous ? g_object_ref (previous) : NULL;
  entry->fetched = g_date_time_ref (fetched);
  g_hash_table_replace (self->entries, g_strdup (pulse_metric_get_id (pulse_metric_result_get_metric (current))),
                        entry);
}

/**
 * pulse_snapshot_lookup:
 * @current: (out) (transfer none) (optional):
 * @previous: (out) (transfer none) (optional) (nullable):
 * @fetched: (out) (transfer none) (optional):
 *
 * Returns: whether the snapshot holds @metric_id's results
 */
gboolean
pulse_snapshot_lookup (PulseSnapshot      *self,
                       const char         *metric_id,
                       PulseMetricResult **current,
                       PulseMetricResult **previous,
                       GDateTime         **fetched)
{
  Entry *entry;

  g_return_val_if_fail (PULSE_IS_SNAPSHOT (self), FALSE);

  if (!(entry = g_hash_table_lookup (self->entries, metric_id)))
    return FALSE;
  if (current)
    *current = entry->current;
  if (previous)
    *previous = entry->previous;
  if (fetched)
    *fetched = entry->fetched;
  return TRUE;
}

/* A shallow copy, for another thread: results never change. */
static PulseSnapshot *
copy (PulseSnapshot *self)
{
  PulseSnapshot *copied = pulse_snapshot_new (self->identity, self->key);
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    pulse_snapshot_set (copied, entry->current, entry->previous, entry->fetched);
  return copied;
}

/* Writing */

static void
write_series (JsonBuilder       *builder,
              PulseMetricResult *part)
{
  json_builder_set_member_name (builder, "series");
  json_builder_begin_object (builder);
  for (guint i = 0; i < pulse_metric_result_get_n_series (part); i++)
    pulse_json_add_numbers (builder, pulse_metric_result_get_series_id (part, i),
                 pulse_metric_result_get_series_values (part, i), pulse_metric_result_get_n_buckets (part));
  json_builder_end_object (builder);
}

static void
write_summaries (JsonBuilder       *builder,
                 PulseMetricResult *part)
{
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  for (guint i = 0; i < pulse_metric_result_get_n_summaries (part); i++)
    {
      json_builder_set_member_name (builder, pulse_metric_result_get_summary_id (part, i));
      pulse_json_add_number (builder, pulse_metric_result_get_summary_value (part, i));
    }
  json_builder_end_object (builder);
}

static void
write_histogram (JsonBuilder       *builder,
                 PulseMetricResult *part)
{
  json_builder_set_member_name (builder, "histogram");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pulse_metric_result_get_n_histogram (part); i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, pulse_metric_result_get_histogram_label (part, i));
      pulse_json_add_number (builder, pulse_metric_result_get_histogram_value (part, i));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

/* The catalog's steps this segment's funnel has (finders lack some). */
static void
write_steps (JsonBuilder       *builder,
             PulseMetricResult *result,
             const char        *segment)
{
  GPtrArray *steps = pulse_metric_get_steps (pulse_metric_result_get_metric (result));

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_object (builder);
  for (guint i = 0; segment != NULL && i < steps->len; i++)
    {
      const PulseMetricField *step = g_ptr_array_index (steps, i);

      if (!pulse_metric_result_has_step (result, step->id, segment))
        continue;
      json_builder_set_member_name (builder, step->id);
      pulse_json_add_number (builder, pulse_metric_result_get_step_value (result, step->id, segment));
    }
  json_builder_end_object (builder);
}

/* @segment: NULL for a result not split by role */
static void
write_part (JsonBuilder       *builder,
            PulseMetricResult *result,
            PulseMetricResult *part,
            const char        *segment)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "segment");
  if (segment != NULL)
    json_builder_add_string_value (builder, segment);
  else
    json_builder_add_null_value (builder);
  write_series (builder, part);
  write_summaries (builder, part);
  write_histogram (builder, part);
  write_steps (builder, result, segment);
  pulse_json_add_cohorts (builder, part);
  json_builder_end_object (builder);
}

static char *
hash_sql (const PulseMetricVariant *variant)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, variant->sql ? variant->sql : "", -1);
}

static void
write_result (JsonBuilder       *builder,
              PulseMetricResult *result)
{
  PulseQueryRange *range = pulse_metric_result_get_range (result);
  const PulseMetricVariant *variant = pulse_metric_result_get_variant (result);
  const GDate *first_day = pulse_metric_result_get_first_day (result);
  g_autofree char *sql_hash = hash_sql (variant);
  /* Split by role: each role has its part. */
  gboolean split = pulse_metric_result_get_segment (result, PULSE_SEGMENT_BUILDER) != NULL;
  char from[11], to[11], day[11];

  pulse_query_range_fill_params (range, from, to);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, pulse_query_range_get_timezone (range));
  json_builder_set_member_name (builder, "granularity");
  json_builder_add_string_value (builder, pulse_granularity_to_string (pulse_query_range_get_granularity (range)));
  json_builder_set_member_name (builder, "variant");
  json_builder_add_string_value (builder, variant->origin ? variant->origin : "");
  json_builder_set_member_name (builder, "sql");
  json_builder_add_string_value (builder, sql_hash);
  json_builder_set_member_name (builder, "first_day");
  if (first_day != NULL)
    {
      pulse_format_iso_date (first_day, day);
      json_builder_add_string_value (builder, day);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  for (PulseSegment s = PULSE_SEGMENT_ALL; s < (split ? PULSE_N_SEGMENTS : PULSE_SEGMENT_BUILDER); s++)
    write_part (builder, result, pulse_metric_result_get_segment (result, s),
                split ? pulse_segment_to_string (s) : NULL);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
write_entry (JsonBuilder *builder,
             const char  *metric_id,
             Entry       *entry)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "metric");
  json_builder_add_string_value (builder, metric_id);
  json_builder_set_member_name (builder, "fetched");
  json_builder_add_int_value (builder, g_date_time_to_unix (entry->fetched));
  json_builder_set_member_name (builder, "current");
  write_result (builder, entry->current);
  json_builder_set_member_name (builder, "previous");
  if (entry->previous != NULL)
    write_result (builder, entry->previous);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* The file's bytes: the first line, then the document it vouches for. */
GBytes *
pulse_snapshot_serialize (PulseSnapshot *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *digest = NULL;
  char *text;
  GHashTableIter iter;
  const char *metric_id;
  Entry *entry;

  g_return_val_if_fail (PULSE_IS_SNAPSHOT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identity");
  json_builder_add_string_value (builder, self->identity);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, self->key);
  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &metric_id, (gpointer *) &entry))
    write_entry (builder, metric_id, entry);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  text = g_strdup_printf (MAGIC " %d %s\n%s", FORMAT_VERSION, digest, body);
  return g_bytes_new_take (text, strlen (text));
}

/* Reading: every value is checked, as a query's rows are. */

static gboolean
refuse (GError **error)
{
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_FAILED, _("The saved snapshot is not usable"));
  return FALSE;
}

static JsonNode *
member (JsonObject *object,
        const char *name,
        JsonNodeType type)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && json_node_get_node_type (node) == type ? node : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name, JSON_NODE_VALUE);

  return node && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = member (object, name, JSON_NODE_OBJECT);

  return node ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = member (object, name, JSON_NODE_ARRAY);

  return node ? json_node_get_array (node) : NULL;
}

/* A number as a query's text returns it, exactly; @text NULL for null. */
static gboolean
number_text (JsonNode *node,
             char      text[G_ASCII_DTOSTR_BUF_SIZE],
             char    **out)
{
  *out = NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_snprintf (text, G_ASCII_DTOSTR_BUF_SIZE, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    g_ascii_dtostr (text, G_ASCII_DTOSTR_BUF_SIZE, json_node_get_double (node));
  else
    return FALSE;
  *out = text;
  return TRUE;
}

typedef struct
{
  PulseMetricResult *result;
  const char        *segment;
  GError           **error;
} Part;

static gboolean
add_row (Part       *part,
         const char *kind,
         const char *key,
         const char *label,
         JsonNode   *value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text;

  if (value == NULL || !number_text (value, buffer, &text))
    return refuse (part->error);
  return pulse_metric_result_add_row (part->result, kind, key, label, text, part->segment, part->error);
}

/* One value per bucket of the range. */
static gboolean
read_series (Part       *part,
             JsonObject *series)
{
  const char * const *buckets = pulse_metric_result_get_buckets (part->result);
  guint n_buckets = pulse_metric_result_get_n_buckets (part->result);
  g_autoptr(GList) ids = series ? json_object_get_members (series) : NULL;

  if (series == NULL)
    return refuse (part->error);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonArray *values = get_array (series, l->data);

      if (values == NULL || json_array_get_length (values) != n_buckets)
        return refuse (part->error);
      for (guint i = 0; i < n_buckets; i++)
        if (!add_row (part, "series", l->data, buckets[i], json_array_get_element (values, i)))
          return FALSE;
    }
  return TRUE;
}

/* Summaries: "summary" rows; steps: the segment's "step" rows. */
static gboolean
read_values (Part       *part,
             JsonObject *values,
             const char *kind)
{
  g_autoptr(GList) ids = values ? json_object_get_members (values) : NULL;
  gboolean steps = g_str_equal (kind, "step");

  if (values == NULL || (steps && ids != NULL && part->segment == NULL))
    return refuse (part->error);
  for (GList *l = ids; l != NULL; l = l->next)
    if (!add_row (part, kind, steps ? part->segment : l->data, steps ? l->data : NULL,
                  json_object_get_member (values, l->data)))
      return FALSE;
  return TRUE;
}

static gboolean
read_histogram (Part      *part,
                JsonArray *bars)
{
  if (bars == NULL)
    return refuse (part->error);
  for (guint i = 0; i < json_array_get_length (bars); i++)
    {
      JsonNode *node = json_array_get_element (bars, i);
      JsonArray *bar = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      JsonNode *label = bar && json_array_get_length (bar) == 2 ? json_array_get_element (bar, 0) : NULL;

      if (label == NULL || json_node_get_value_type (label) != G_TYPE_STRING)
        return refuse (part->error);
      if (!add_row (part, "histogram", "histogram", json_node_get_string (label), json_array_get_element (bar, 1)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_cells (Part       *part,
            const char *start,
            JsonObject *cohort,
            const char *name)
{
  JsonArray *cells = get_array (cohort, name);
  guint n_periods = pulse_metric_result_get_n_periods (part->result);

  if (cells == NULL || json_array_get_length (cells) != n_periods)
    return refuse (part->error);
  for (guint n = 0; n < n_periods; n++)
    {
      g_autofree char *label = g_strdup_printf ("%s:%u", name, n);

      if (!add_row (part, "cell", start, label, json_array_get_element (cells, n)))
        return FALSE;
    }
  return TRUE;
}

/* None, or one per bucket. */
static gboolean
read_cohorts (Part      *part,
              JsonArray *cohorts)
{
  const char * const *buckets = pulse_metric_result_get_buckets (part->result);
  guint n = cohorts ? json_array_get_length (cohorts) : 0;

  if (cohorts == NULL || (n != 0 && n != pulse_metric_result_get_n_buckets (part->result)))
    return refuse (part->error);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (cohorts, i);
      JsonObject *cohort = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (cohort == NULL)
        return refuse (part->error);
      if (!add_row (part, "cohort", buckets[i], "size", json_object_get_member (cohort, "size")) ||
          !add_row (part, "cohort", buckets[i], "partial_from", json_object_get_member (cohort, "partial_from")) ||
          !read_cells (part, buckets[i], cohort, "on") || !read_cells (part, buckets[i], cohort, "on_or_after"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_part (PulseMetricResult  *result,
           JsonNode           *node,
           GError            **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  Part part = { result, NULL, error };

  if (object == NULL || (!member (object, "segment", JSON_NODE_NULL) && !get_string (object, "segment")))
    return refuse (error);
  part.segment = get_string (object, "segment");
  return read_series (&part, get_object (object, "series")) &&
         read_values (&part, get_object (object, "summary"), "summary") &&
         read_histogram (&part, get_array (object, "histogram")) &&
         read_values (&part, get_object (object, "steps"), "step") &&
         read_cohorts (&part, get_array (object, "cohorts"));
}

/* The variant of the catalog that wrote the result, with the same SQL. */
static const PulseMetricVariant *
find_variant (PulseMetric *metric,
              const char  *origin,
              const char  *sql_hash)
{
  GPtrArray *variants = pulse_metric_get_variants (metric);

  for (guint i = 0; origin != NULL && sql_hash != NULL && i < variants->len; i++)
    {
      const PulseMetricVariant *variant = g_ptr_array_index (variants, i);
      g_autofree char *hash = hash_sql (variant);

      if (g_strcmp0 (variant->origin ? variant->origin : "", origin) == 0 && g_str_equal (hash, sql_hash))
        return variant;
    }
  return NULL;
}

static PulseQueryRange *
read_range (JsonObject *object)
{
  const char *granularity = get_string (object, "granularity");
  const char *timezone = get_string (object, "timezone");
  g_autoptr(PulseQueryRange) days = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (granularity == NULL || timezone == NULL || !(zone = g_time_zone_new_identifier (timezone)) ||
      !(days = pulse_query_range_new_parse (get_string (object, "from"), get_string (object, "to"), timezone, NULL)))
    return NULL;
  for (PulseGranularity g = PULSE_GRANULARITY_DAY; g <= PULSE_GRANULARITY_MONTH; g++)
    if (g_str_equal (granularity, pulse_granularity_to_string (g)))
      return pulse_query_range_new (pulse_query_range_get_from (days), pulse_query_range_get_to (days), timezone, g);
  return NULL;
}

static PulseMetricResult *
read_result (PulseMetric  *metric,
             JsonNode     *node,
             GError      **error)
{
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *parts = get_array (object, "parts");
  const char *first_day = get_string (object, "first_day");
  const PulseMetricVariant *variant = find_variant (metric, get_string (object, "variant"), get_string (object, "sql"));
  g_autoptr(PulseQueryRange) range = object ? read_range (object) : NULL;
  g_autoptr(PulseMetricResult) result = NULL;
  GDate day;

  if (parts == NULL || variant == NULL || range == NULL || json_array_get_length (parts) == 0 ||
      (first_day == NULL && !member (object, "first_day", JSON_NODE_NULL)) ||
      (first_day != NULL && !pulse_parse_iso_date (first_day, &day)))
    {
      refuse (error);
      return NULL;
    }
  result = pulse_metric_result_new (metric, variant, range);
  for (guint i = 0; i < json_array_get_length (parts); i++)
    if (!read_part (result, json_array_get_element (parts, i), error))
      return NULL;
  if (!pulse_metric_result_finish (result, error))
    return NULL;
  pulse_metric_result_set_first_day (result, first_day ? &day : NULL);
  return g_steal_pointer (&result);
}

static gboolean
read_entry (PulseSnapshot  *self,
            PulseCatalog   *catalog,
            JsonNode       *node,
            GError        **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *metric_id = get_string (object, "metric");
  JsonNode *fetched_node = member (object, "fetched", JSON_NODE_VALUE);
  JsonNode *previous_node = object ? json_object_get_member (object, "previous") : NULL;
  PulseMetric *metric = metric_id ? pulse_catalog_lookup (catalog, metric_id) : NULL;
  g_autoptr(GDateTime) fetched = NULL;
  g_autoptr(PulseMetricResult) current = NULL;
  g_autoptr(PulseMetricResult) previous = NULL;

  if (metric == NULL || fetched_node == NULL || json_node_get_value_type (fetched_node) != G_TYPE_INT64 ||
      !(fetched = g_date_time_new_from_unix_local (json_node_get_int (fetched_node))) || previous_node == NULL)
    return refuse (error);
  if (!(current = read_result (metric, json_object_get_member (object, "current"), error)))
    return FALSE;
  if (!JSON_NODE_HOLDS_NULL (previous_node) && !(previous = read_result (metric, previous_node, error)))
    return FALSE;
  pulse_snapshot_set (self, current, previous, fetched);
  return TRUE;
}

/* "PULSESNAP 1 <digest>\n": the version, and the rest is whole and unaltered. */
static const char *
check_header (const char *data,
              gsize       length,
              gsize      *body_length)
{
  const char *newline = memchr (data, '\n', length);
  g_autofree char *header = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *expected = NULL;

  if (newline == NULL)
    return NULL;
  header = g_strndup (data, newline - data);
  *body_length = length - (newline + 1 - data);
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) newline + 1, *body_length);
  expected = g_strdup_printf (MAGIC " %d %s", FORMAT_VERSION, digest);
  return g_str_equal (header, expected) ? newline + 1 : NULL;
}

/**
 * pulse_snapshot_parse:
 *
 * Reads what pulse_snapshot_serialize() wrote for @identity and @key,
 * with @catalog's metrics; anything else is PULSE_ERROR_FAILED.
 */
PulseSnapshot *
pulse_snapshot_parse (GBytes        *bytes,
                      PulseCatalog  *catalog,
                      const char    *identity,
                      const char    *key,
                      GError       **error)
{
  g_autoptr(PulseSnapshot) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length, body_length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  const char *body = data ? check_header (data, length, &body_length) : NULL;
  JsonObject *root;
  JsonArray *metrics;

  g_return_val_if_fail (PULSE_IS_CATALOG (catalog), NULL);

  if (body == NULL || !json_parser_load_from_data (parser, body, (gssize) body_length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      refuse (error);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  metrics = get_array (root, "metrics");
  if (g_strcmp0 (get_string (root, "identity"), identity) != 0 || g_strcmp0 (get_string (root, "key"), key) != 0 ||
      metrics == NULL)
    {
      refuse (error);
      return NULL;
    }
  self = pulse_snapshot_new (identity, key);
  for (guint i = 0; i < json_array_get_length (metrics); i++)
    if (!read_entry (self, catalog, json_array_get_element (metrics, i), error))
      return NULL;
  return g_steal_pointer (&self);
}

/* Files */

char *
pulse_snapshot_build_path (const char *cache_dir,
                           const char *identity,
                           const char *key)
{
  g_autofree char *both = g_strconcat (identity, "\n", key, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, both, -1);
  g_autofree char *name = g_strconcat (FILE_PREFIX, hash, FILE_SUFFIX, NULL);

  return g_build_filename (cache_dir, name, NULL);
}

/**
 * pulse_snapshot_save:
 *
 * Blocking: writes @self under @cache_dir atomically, readable by the
 * user only, and removes the oldest snapshot files beyond a few.
 */
gboolean
pulse_snapshot_save (PulseSnapshot  *self,
                     const char     *cache_dir,
                     GError        **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (PULSE_IS_SNAPSHOT (self), FALSE);
  g_return_val_if_fail (cache_dir != NULL, FALSE);

  if (g_mkdir_with_parents (cache_dir, SNAPSHOT_DIR_MODE) != 0)
    {
      int errsv = errno;
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                   /* Translators: a folder, then the reason */
                   _("Could not create %s: %s"), cache_dir, g_strerror (errsv));
      return FALSE;
    }
  path = pulse_snapshot_build_path (cache_dir, self->identity, self->key);
  bytes = pulse_snapshot_serialize (self);
  data = g_bytes_get_data (bytes, &length);
  return pulse_file_write (path, data, length, SNAPSHOT_MODE, error) &&
         pulse_file_remove_matching (cache_dir, FILE_PREFIX, FILE_SUFFIX, MAX_SNAPSHOT_FILES, error);
}

/**
 * pulse_snapshot_load:
 *
 * Blocking: the snapshot of @identity and @key under @cache_dir. A
 * missing one is G_IO_ERROR_NOT_FOUND; one that is not usable is
 * removed, and PULSE_ERROR_FAILED.
 */
PulseSnapshot *
pulse_snapshot_load (PulseCatalog  *catalog,
                     const char    *cache_dir,
                     const char    *identity,
                     const char    *key,
                     GError       **error)
{
  g_autofree char *path = pulse_snapshot_build_path (cache_dir, identity, key);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PulseSnapshot *self;
  char *contents;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error_literal (error, G_IO_ERROR,
                           g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? G_IO_ERROR_NOT_FOUND
                                                                                          : G_IO_ERROR_FAILED,
                           local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (contents, length);
  if (!(self = pulse_snapshot_parse (bytes, catalog, identity, key, error)))
    g_unlink (path);
  return self;
}

typedef struct
{
  PulseCatalog *catalog;
  char         *cache_dir;
  char         *identity;
  char         *key;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->catalog);
  g_free (data->cache_dir);
  g_free (data->identity);
  g_free (data->key);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (pulse_snapshot_save (task_data, g_object_get_data (G_OBJECT (task), "cache-dir"), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Writes a copy of @self as it is now, on a thread of its own. */
void
pulse_snapshot_save_async (PulseSnapshot       *self,
                           const char          *cache_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PULSE_IS_SNAPSHOT (self));
  g_return_if_fail (cache_dir != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_snapshot_save_async);
  g_task_set_task_data (task, copy (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "cache-dir", g_strdup (cache_dir), g_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
pulse_snapshot_save_finish (PulseSnapshot  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  PulseSnapshot *snapshot = pulse_snapshot_load (data->catalog, data->cache_dir, data->identity, data->key, &error);

  if (snapshot != NULL)
    g_task_return_pointer (task, snapshot, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
pulse_snapshot_load_async (PulseCatalog        *catalog,
                           const char          *cache_dir,
                           const char          *identity,
                           const char          *key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (PULSE_IS_CATALOG (catalog));
  g_return_if_fail (cache_dir != NULL && identity != NULL && key != NULL);

  data = g_new0 (LoadData, 1);
  data->catalog = g_object_ref (catalog);
  data->cache_dir = g_strdup (cache_dir);
  data->identity = g_strdup (identity);
  data->key = g_strdup (key);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_snapshot_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  /* A superseded load reports cancellation, never a late snapshot. */
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

PulseSnapshot *
pulse_snapshot_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Bytes taken by the snapshot files under @cache_dir. */
guint64
pulse_snapshot_get_cache_size (const char *cache_dir)
{
  return pulse_file_get_dir_size (cache_dir, FILE_PREFIX, FILE_SUFFIX);
}

/* Removes every snapshot file under @cache_dir (and nothing else there). */
gboolean
pulse_snapshot_clear_cache (const char  *cache_dir,
                            GError     **error)
{
  return pulse_file_remove_matching (cache_dir, FILE_PREFIX, FILE_SUFFIX, 0, error);
}
