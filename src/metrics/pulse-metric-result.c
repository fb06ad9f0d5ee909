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

#include "pulse-error.h"
#include "pulse-metric-result-private.h"

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

/**
 * pulse_metric_result_new:
 *
 * An empty result of @variant over @range, to fill with
 * pulse_metric_result_add_row() and close with pulse_metric_result_finish().
 */
PulseMetricResult *
pulse_metric_result_new (PulseMetric              *metric,
                         const PulseMetricVariant *variant,
                         PulseQueryRange          *range)
{
  PulseMetricResult *self;

  g_return_val_if_fail (PULSE_IS_METRIC (metric), NULL);
  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (range != NULL, NULL);

  self = g_object_new (PULSE_TYPE_METRIC_RESULT, NULL);
  self->metric = g_object_ref (metric);
  self->range = pulse_query_range_ref (range);
  self->source = variant->source;
  self->note = g_strdup (variant->note);
  self->buckets = pulse_query_range_dup_buckets (range);
  self->n_buckets = g_strv_length (self->buckets);
  add_declared_series (self, variant);
  return self;
}

/* One (kind, key, label, value) row of the variant's SQL; @value NULL is
 * SQL NULL. */
gboolean
pulse_metric_result_add_row (PulseMetricResult  *self,
                             const char         *kind,
                             const char         *key,
                             const char         *label,
                             const char         *value,
                             GError            **error)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);

  /* A user catalog's SQL can return NULL anywhere. */
  if (kind == NULL || key == NULL)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                   /* Translators: a metric id; “kind” and “key” are the query's column names */
                   _("Metric “%s” returned a row without a “kind” or “key”"),
                   pulse_metric_get_id (self->metric));
      return FALSE;
    }
  return add_row (self, kind, key, label, value ? g_ascii_strtod (value, NULL) : NAN, error);
}

gboolean
pulse_metric_result_finish (PulseMetricResult  *self,
                            GError            **error)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);

  g_array_sort (self->histogram, compare_histogram);
  return TRUE;
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
