/* pulse-metric-result.c: the immutable outcome of one metric query
 *
 * Every variant's SQL returns rows of (kind, key, label, value):
 *   series:    key = series id, label = bucket start (YYYY-MM-DD)
 *   summary:   key = summary id
 *   histogram: key = "histogram", label = k
 *   step:      key = segment, label = step id
 * A NULL value is kept as NaN and exported as null.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "pulse-db.h"
#include "pulse-error.h"
#include "pulse-metric-result.h"

typedef struct
{
  char   *key;
  char   *label;
  double  value;
} Entry;

typedef struct
{
  char   *id;
  double *values;
} Series;

struct _PulseMetricResult
{
  GObject          parent_instance;

  PulseMetric     *metric;
  PulseQueryRange *range;
  PulseSource      source;
  char            *note;
  GStrv            buckets;
  guint            n_buckets;
  GPtrArray       *series;      /* Series */
  GArray          *summaries;   /* Entry, key only */
  GArray          *histogram;   /* Entry, label = k */
  GArray          *steps;       /* Entry, key = segment, label = step */
};

G_DEFINE_FINAL_TYPE (PulseMetricResult, pulse_metric_result, G_TYPE_OBJECT)

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_free (entry->label);
}

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->id);
  g_free (series->values);
  g_free (series);
}

static GArray *
entry_array_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (array, entry_clear);
  return array;
}

static void
pulse_metric_result_finalize (GObject *object)
{
  PulseMetricResult *self = (PulseMetricResult *)object;

  g_clear_object (&self->metric);
  g_clear_pointer (&self->range, pulse_query_range_unref);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->buckets, g_strfreev);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->summaries, g_array_unref);
  g_clear_pointer (&self->histogram, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);

  G_OBJECT_CLASS (pulse_metric_result_parent_class)->finalize (object);
}

static void
pulse_metric_result_class_init (PulseMetricResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_metric_result_finalize;
}

static void
pulse_metric_result_init (PulseMetricResult *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->summaries = entry_array_new ();
  self->histogram = entry_array_new ();
  self->steps = entry_array_new ();
}

static Series *
add_series (PulseMetricResult *self,
            const char        *id)
{
  Series *series = g_new0 (Series, 1);

  series->id = g_strdup (id);
  /* Buckets the query leaves out are empty buckets: 0, not null. */
  series->values = g_new0 (double, MAX (self->n_buckets, 1));
  g_ptr_array_add (self->series, series);
  return series;
}

static Series *
find_series (PulseMetricResult *self,
             const char        *id)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      if (g_str_equal (series->id, id))
        return series;
    }
  return NULL;
}

static int
find_bucket (PulseMetricResult *self,
             const char        *label)
{
  /* Buckets are sorted ISO dates: binary search. */
  int lo = 0, hi = (int)self->n_buckets - 1;

  while (lo <= hi)
    {
      int mid = (lo + hi) / 2;
      int cmp = g_strcmp0 (self->buckets[mid], label);

      if (cmp == 0)
        return mid;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid - 1;
    }
  return -1;
}

static void
append_entry (GArray     *array,
              const char *key,
              const char *label,
              double      value)
{
  Entry entry = { g_strdup (key), g_strdup (label), value };
  g_array_append_val (array, entry);
}

static int
compare_histogram (gconstpointer a,
                   gconstpointer b)
{
  const Entry *ea = a, *eb = b;
  gint64 ka = g_ascii_strtoll (ea->label, NULL, 10);
  gint64 kb = g_ascii_strtoll (eb->label, NULL, 10);

  return ka < kb ? -1 : ka > kb;
}

static gboolean
check_columns (PulseMetric     *metric,
               const PGresult  *result,
               GError         **error)
{
  static const char * const expected[] = { "kind", "key", "label", "value" };

  if (PQnfields (result) == G_N_ELEMENTS (expected))
    {
      gboolean ok = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        ok = ok && g_str_equal (PQfname (result, (int)i), expected[i]);
      if (ok)
        return TRUE;
    }

  g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
               /* Translators: %s is a metric id; the column names are SQL */
               _("The query of metric “%s” must return the columns kind, key, label, value"),
               pulse_metric_get_id (metric));
  return FALSE;
}

static gboolean
add_row (PulseMetricResult  *self,
         const char         *kind,
         const char         *key,
         const char         *label,
         double              value,
         GError            **error)
{
  if (g_str_equal (kind, "series"))
    {
      Series *series = find_series (self, key);
      int bucket = find_bucket (self, label);

      if (bucket < 0)
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                       /* Translators: a metric id, then the date label the query returned */
                       _("Metric “%s” returned a value for “%s”, which is not a bucket of the range"),
                       pulse_metric_get_id (self->metric), label ? label : "(null)");
          return FALSE;
        }
      if (series == NULL)
        series = add_series (self, key);
      series->values[bucket] = value;
    }
  else if (g_str_equal (kind, "summary"))
    append_entry (self->summaries, key, NULL, value);
  else if (g_str_equal (kind, "histogram"))
    append_entry (self->histogram, key, label, value);
  else if (g_str_equal (kind, "step"))
    append_entry (self->steps, key, label, value);
  else
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                   /* Translators: a metric id, then the value of the query's “kind” column */
                   _("Metric “%s” returned a row of unknown kind “%s”"),
                   pulse_metric_get_id (self->metric), kind);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_rows (PulseMetricResult  *self,
           const PGresult     *result,
           GError            **error)
{
  for (int row = 0; row < PQntuples (result); row++)
    {
      const char *label = PQgetisnull (result, row, 2) ? NULL : PQgetvalue (result, row, 2);
      double value = PQgetisnull (result, row, 3) ? NAN : g_ascii_strtod (PQgetvalue (result, row, 3), NULL);

      if (!add_row (self, PQgetvalue (result, row, 0), PQgetvalue (result, row, 1), label, value, error))
        return FALSE;
    }
  g_array_sort (self->histogram, compare_histogram);
  return TRUE;
}

static void
add_declared_series (PulseMetricResult        *self,
                     const PulseMetricVariant *variant)
{
  for (guint i = 0; i < variant->series->len; i++)
    {
      const PulseMetricField *field = g_ptr_array_index (variant->series, i);
      add_series (self, field->id);
    }
}

static char *
describe_missing (const PulseMetricVariant *variant,
                  GHashTable               *existing_tables)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) missing = NULL;

  for (guint i = 0; variant->requires[i]; i++)
    if (!g_hash_table_contains (existing_tables, variant->requires[i]))
      g_strv_builder_add (builder, variant->requires[i]);
  missing = g_strv_builder_end (builder);
  return g_strjoinv (", ", missing);
}

/**
 * pulse_metric_result_run:
 *
 * Runs the first variant of @metric whose tables exist. Blocking: call it
 * from the worker thread or the headless command line only.
 */
PulseMetricResult *
pulse_metric_result_run (PulseMetric      *metric,
                         PGconn           *conn,
                         PulseQueryRange  *range,
                         GHashTable       *existing_tables,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(PulseMetricResult) self = NULL;
  g_autoptr(PGresult) result = NULL;
  const PulseMetricVariant *variant;
  char from[11], to[11];
  const char *params[4];

  g_return_val_if_fail (PULSE_IS_METRIC (metric), NULL);
  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (range != NULL, NULL);

  variant = pulse_metric_choose_variant (metric, existing_tables);
  if (variant == NULL)
    {
      GPtrArray *variants = pulse_metric_get_variants (metric);
      g_autofree char *missing = describe_missing (g_ptr_array_index (variants, variants->len - 1),
                                                   existing_tables);
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
                   /* Translators: a metric's title, then the names of the missing tables */
                   _("This database lacks the tables “%s” needs: %s"),
                   pulse_metric_get_title (metric), missing);
      return NULL;
    }

  pulse_query_range_fill_params (range, from, to);
  params[0] = from;
  params[1] = to;
  params[2] = pulse_query_range_get_timezone (range);
  params[3] = pulse_granularity_to_string (pulse_query_range_get_granularity (range));

  result = pulse_db_exec (conn, variant->sql, G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL || !check_columns (metric, result, error))
    return NULL;

  self = g_object_new (PULSE_TYPE_METRIC_RESULT, NULL);
  self->metric = g_object_ref (metric);
  self->range = pulse_query_range_ref (range);
  self->source = variant->source;
  self->note = g_strdup (variant->note);
  self->buckets = pulse_query_range_dup_buckets (range);
  self->n_buckets = g_strv_length (self->buckets);
  add_declared_series (self, variant);

  if (!load_rows (self, result, error))
    return NULL;

  return g_steal_pointer (&self);
}

PulseMetric *
pulse_metric_result_get_metric (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  return self->metric;
}

PulseQueryRange *
pulse_metric_result_get_range (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  return self->range;
}

PulseSource
pulse_metric_result_get_source (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), PULSE_SOURCE_TABLE);
  return self->source;
}

const char *
pulse_metric_result_get_note (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  return self->note;
}

const char * const *
pulse_metric_result_get_buckets (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  return (const char * const *)self->buckets;
}

guint
pulse_metric_result_get_n_buckets (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), 0);
  return self->n_buckets;
}

guint
pulse_metric_result_get_n_series (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), 0);
  return self->series->len;
}

const char *
pulse_metric_result_get_series_id (PulseMetricResult *self,
                                   guint              index)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);
  return ((Series *)g_ptr_array_index (self->series, index))->id;
}

const double *
pulse_metric_result_get_series_values (PulseMetricResult *self,
                                       guint              index)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);
  return ((Series *)g_ptr_array_index (self->series, index))->values;
}

const double *
pulse_metric_result_find_series (PulseMetricResult *self,
                                 const char        *series_id)
{
  Series *series;

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);

  series = find_series (self, series_id);
  return series ? series->values : NULL;
}

guint
pulse_metric_result_get_n_summaries (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), 0);
  return self->summaries->len;
}

const char *
pulse_metric_result_get_summary_id (PulseMetricResult *self,
                                    guint              index)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  g_return_val_if_fail (index < self->summaries->len, NULL);
  return g_array_index (self->summaries, Entry, index).key;
}

double
pulse_metric_result_get_summary_value (PulseMetricResult *self,
                                       guint              index)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NAN);
  g_return_val_if_fail (index < self->summaries->len, NAN);
  return g_array_index (self->summaries, Entry, index).value;
}

gboolean
pulse_metric_result_lookup_summary (PulseMetricResult *self,
                                    const char        *summary_id,
                                    double            *value)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);

  for (guint i = 0; i < self->summaries->len; i++)
    {
      const Entry *entry = &g_array_index (self->summaries, Entry, i);
      if (g_str_equal (entry->key, summary_id))
        {
          if (value)
            *value = entry->value;
          return TRUE;
        }
    }
  return FALSE;
}

guint
pulse_metric_result_get_n_histogram (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), 0);
  return self->histogram->len;
}

const char *
pulse_metric_result_get_histogram_label (PulseMetricResult *self,
                                         guint              index)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  g_return_val_if_fail (index < self->histogram->len, NULL);
  return g_array_index (self->histogram, Entry, index).label;
}

double
pulse_metric_result_get_histogram_value (PulseMetricResult *self,
                                         guint              index)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NAN);
  g_return_val_if_fail (index < self->histogram->len, NAN);
  return g_array_index (self->histogram, Entry, index).value;
}

gboolean
pulse_metric_result_has_steps (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);
  return self->steps->len > 0 || pulse_metric_get_steps (self->metric)->len > 0;
}

/* A step the query did not return counts nobody. */
double
pulse_metric_result_get_step_value (PulseMetricResult *self,
                                    const char        *step_id,
                                    const char        *segment)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NAN);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const Entry *entry = &g_array_index (self->steps, Entry, i);
      if (g_strcmp0 (entry->label, step_id) == 0 && g_strcmp0 (entry->key, segment) == 0)
        return entry->value;
    }
  return 0;
}
