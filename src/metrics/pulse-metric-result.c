/* pulse-metric-result.c: the immutable outcome of one metric query
 *
 * Every variant's SQL returns rows of (kind, key, label, value[, segment]):
 *   series:    key = series id, label = bucket start (YYYY-MM-DD)
 *   summary:   key = summary id
 *   histogram: key = "histogram", label = k (a whole number)
 *   step:      key = segment, label = step id
 *   cohort:    key = cohort start (a bucket), label = "size" | "partial_from"
 *   cell:      key = cohort start, label = "on:N" | "on_or_after:N"
 * segment is "all", "BUILDER" or "FINDER"; a query without that column
 * reports everybody (and its steps' segment is their key). Each segment's
 * rows fill a part of the result: the result itself for "all", a child
 * result of the same shape for each role.
 * A NULL value is kept as NaN and exported as null. Every row is checked
 * here: a catalog's SQL is the user's, and a bad row is an error that
 * names the metric and its file, never a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

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

/* A retention cohort: the sign-ups of one bucket. */
typedef struct
{
  double  size;
  double  partial_from;  /* NaN: no partial period */
  double *on;            /* n_periods cells, NaN: null */
  double *on_or_after;
} Cohort;

struct _PulseMetricResult
{
  GObject          parent_instance;

  PulseMetric     *metric;
  const PulseMetricVariant *variant;  /* owned by metric */
  PulseQueryRange *range;
  PulseSource      source;
  char            *origin;
  char            *note;
  guint            n_non_finite;
  GStrv            buckets;
  guint            n_buckets;
  GPtrArray       *series;      /* Series */
  GArray          *summaries;   /* Entry, key only */
  GArray          *histogram;   /* Entry, label = k */
  GArray          *steps;       /* Entry, key = segment, label = step */
  /* One per bucket once a cohort or cell row came, else NULL. */
  Cohort          *cohorts;
  guint            n_periods;
  /* The parts of the roles, [PULSE_SEGMENT_ALL] unused (that is self);
   * made on the first row of the role, or when asked for if @split. */
  PulseMetricResult *parts[PULSE_N_SEGMENTS];
  /* The query reports by role: a role without rows has nobody. */
  gboolean           split;
  /* The day of the platform's first data (invalid: not known). */
  GDate              first_day;
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

static void
free_cohorts (Cohort *cohorts,
              guint   n_cohorts)
{
  for (guint i = 0; cohorts != NULL && i < n_cohorts; i++)
    {
      g_free (cohorts[i].on);
      g_free (cohorts[i].on_or_after);
    }
  g_free (cohorts);
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
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->buckets, g_strfreev);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->summaries, g_array_unref);
  g_clear_pointer (&self->histogram, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  free_cohorts (g_steal_pointer (&self->cohorts), self->n_buckets);
  for (guint i = 0; i < PULSE_N_SEGMENTS; i++)
    g_clear_object (&self->parts[i]);

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
  g_date_clear (&self->first_day, 1);
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

/* Labels are checked integers when stored. */
static int
compare_histogram (gconstpointer a,
                   gconstpointer b)
{
  const Entry *ea = a, *eb = b;
  gint64 ka = g_ascii_strtoll (ea->label, NULL, 10);
  gint64 kb = g_ascii_strtoll (eb->label, NULL, 10);

  return ka < kb ? -1 : ka > kb;
}

/* "Metric “x” (x.sql) returned …": a bad row names the metric and its SQL. */
G_GNUC_PRINTF (3, 4)
static gboolean
row_error (PulseMetricResult  *self,
           GError            **error,
           const char         *format,
           ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
               /* Translators: a metric id, its SQL file, then the bad row its query returned */
               _("Metric “%s” (%s) returned %s"), pulse_metric_get_id (self->metric), self->origin, detail);
  return FALSE;
}

static gboolean
add_series_row (PulseMetricResult  *self,
                const char         *key,
                const char         *label,
                double              value,
                GError            **error)
{
  Series *series = find_series (self, key);
  int bucket = label ? find_bucket (self, label) : -1;

  if (bucket < 0)
    /* Translators: the date label the query returned, or (null) */
    return row_error (self, error, _("a series value for “%s”, which is not a bucket of the range"),
                      label ? label : "(null)");
  if (series == NULL)
    series = add_series (self, key);
  series->values[bucket] = value;
  return TRUE;
}

static gboolean
add_histogram_row (PulseMetricResult  *self,
                   const char         *key,
                   const char         *label,
                   double              value,
                   GError            **error)
{
  gint64 k;
  char canonical[32];

  if (label == NULL || !g_ascii_string_to_signed (label, 10, G_MININT64, G_MAXINT64, &k, NULL))
    /* Translators: the label the query returned, or (null) */
    return row_error (self, error, _("a histogram bar labelled “%s”, which is not a whole number"),
                      label ? label : "(null)");
  g_snprintf (canonical, sizeof canonical, "%" G_GINT64_FORMAT, k);
  append_entry (self->histogram, key, canonical, value);
  return TRUE;
}

/* The cohorts of every bucket, made on the first cohort or cell row:
 * sizes 0, cells null until the query says otherwise. */
static Cohort *
ensure_cohort (PulseMetricResult  *self,
               const char         *start,
               GError            **error)
{
  int bucket = find_bucket (self, start);

  if (bucket < 0)
    {
      /* Translators: the cohort start the query returned */
      row_error (self, error, _("a cohort starting “%s”, which is not a bucket of the range"), start);
      return NULL;
    }
  if (self->cohorts == NULL)
    {
      self->cohorts = g_new0 (Cohort, self->n_buckets);
      for (guint i = 0; i < self->n_buckets; i++)
        {
          self->cohorts[i].partial_from = NAN;
          self->cohorts[i].on = g_new (double, self->n_periods);
          self->cohorts[i].on_or_after = g_new (double, self->n_periods);
          for (guint n = 0; n < self->n_periods; n++)
            self->cohorts[i].on[n] = self->cohorts[i].on_or_after[n] = NAN;
        }
    }
  return &self->cohorts[bucket];
}

/* Whether @value is a period index N, 0 .. n_periods - 1. */
static gboolean
is_period (PulseMetricResult *self,
           double             value)
{
  return value >= 0 && value < self->n_periods && value == floor (value);
}

static gboolean
add_cohort_row (PulseMetricResult  *self,
                const char         *key,
                const char         *label,
                double              value,
                GError            **error)
{
  Cohort *cohort = ensure_cohort (self, key, error);

  if (cohort == NULL)
    return FALSE;
  if (g_strcmp0 (label, "size") == 0 && !isnan (value) && value >= 0)
    cohort->size = value;
  else if (g_strcmp0 (label, "partial_from") == 0 && (isnan (value) || is_period (self, value)))
    cohort->partial_from = value;
  else
    /* Translators: the label the query returned, or (null); size and partial_from are not translated */
    return row_error (self, error, _("a cohort row “%s” that is not a size or partial_from with a valid value"),
                      label ? label : "(null)");
  return TRUE;
}

/* "on:N" or "on_or_after:N": N a period of the granularity. */
static gboolean
add_cell_row (PulseMetricResult  *self,
              const char         *key,
              const char         *label,
              double              value,
              GError            **error)
{
  Cohort *cohort = ensure_cohort (self, key, error);
  const char *colon = label ? strchr (label, ':') : NULL;
  guint64 n = 0;
  double *cells = NULL;

  if (cohort == NULL)
    return FALSE;
  if (colon != NULL && g_ascii_string_to_unsigned (colon + 1, 10, 0, self->n_periods - 1, &n, NULL))
    {
      if (colon - label == 2 && g_str_has_prefix (label, "on"))
        cells = cohort->on;
      else if (colon - label == 11 && g_str_has_prefix (label, "on_or_after"))
        cells = cohort->on_or_after;
    }
  if (cells == NULL)
    /* Translators: the label the query returned, or (null); on:N and on_or_after:N are not translated */
    return row_error (self, error, _("a cohort cell “%s” that is not on:N or on_or_after:N of a reported period"),
                      label ? label : "(null)");
  cells[n] = value;
  return TRUE;
}

static gboolean
add_row (PulseMetricResult  *self,
         const char         *kind,
         const char         *key,
         const char         *label,
         double              value,
         GError            **error)
{
  if (kind == NULL || key == NULL)
    /* Translators: kind and key are column names of the query */
    return row_error (self, error, _("a row without a kind or key"));
  if (g_str_equal (kind, "series"))
    return add_series_row (self, key, label, value, error);
  if (g_str_equal (kind, "summary"))
    append_entry (self->summaries, key, NULL, value);
  else if (g_str_equal (kind, "histogram"))
    return add_histogram_row (self, key, label, value, error);
  else if (g_str_equal (kind, "step") && label != NULL)
    append_entry (self->steps, key, label, value);
  else if (g_str_equal (kind, "step"))
    return row_error (self, error, _("a funnel step without a label"));
  else if (g_str_equal (kind, "cohort"))
    return add_cohort_row (self, key, label, value, error);
  else if (g_str_equal (kind, "cell"))
    return add_cell_row (self, key, label, value, error);
  else
    /* Translators: the value of the query's “kind” column */
    return row_error (self, error, _("a row of unknown kind “%s”"), kind);
  return TRUE;
}

/* SQL NULL is NaN; a number that is not finite is NaN too (shown as
 * null, counted for the note); anything else is refused. */
/* An infinite value is counted, and shown as no value. */
static double
finite_or_null (PulseMetricResult *self,
                double             value)
{
  if (isinf (value))
    {
      self->n_non_finite++;
      return NAN;
    }
  return value;
}

static gboolean
parse_value (PulseMetricResult  *self,
             const char         *text,
             double             *value,
             GError            **error)
{
  char *end = NULL;

  *value = NAN;
  if (text == NULL)
    return TRUE;
  *value = g_ascii_strtod (text, &end);
  if (*text == '\0' || end == NULL || *end != '\0')
    /* Translators: the text the query returned as a value */
    return row_error (self, error, _("the value “%s”, which is not a number"), text);
  *value = finite_or_null (self, *value);
  return TRUE;
}

/* A role's series (signups' BUILDER) is everybody's series of that
 * role's part: a part has no role series of its own. */
static gboolean
is_role_series (const PulseMetricField *field)
{
  return field->by_segment && field->segment != PULSE_SEGMENT_ALL;
}

static void
add_declared_series (PulseMetricResult        *self,
                     const PulseMetricVariant *variant,
                     gboolean                  is_part)
{
  for (guint i = 0; i < variant->series->len; i++)
    {
      const PulseMetricField *field = g_ptr_array_index (variant->series, i);
      if (!is_part || !is_role_series (field))
        add_series (self, field->id);
    }
}

/**
 * pulse_metric_result_new:
 *
 * An empty result of @variant over @range, to fill with
 * pulse_metric_result_add_row() and close with pulse_metric_result_finish().
 */
static PulseMetricResult *
result_new (PulseMetric              *metric,
            const PulseMetricVariant *variant,
            PulseQueryRange          *range,
            gboolean                  is_part)
{
  PulseMetricResult *self = g_object_new (PULSE_TYPE_METRIC_RESULT, NULL);

  self->metric = g_object_ref (metric);
  self->variant = variant;
  self->range = pulse_query_range_ref (range);
  self->source = variant->source;
  self->origin = g_strdup (variant->origin);
  self->note = g_strdup (variant->note);
  self->buckets = pulse_query_range_dup_buckets (range);
  self->n_buckets = g_strv_length (self->buckets);
  /* Retention reports 30 days after a daily cohort's, 12 weeks or months. */
  self->n_periods = pulse_query_range_get_granularity (range) == PULSE_GRANULARITY_DAY ? 31 : 13;
  add_declared_series (self, variant, is_part);
  return self;
}

PulseMetricResult *
pulse_metric_result_new (PulseMetric              *metric,
                         const PulseMetricVariant *variant,
                         PulseQueryRange          *range)
{
  g_return_val_if_fail (PULSE_IS_METRIC (metric), NULL);
  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (range != NULL, NULL);

  return result_new (metric, variant, range, FALSE);
}

/* The part a row of @segment goes to, made on first use. */
static PulseMetricResult *
ensure_part (PulseMetricResult *self,
             PulseSegment       segment)
{
  if (segment == PULSE_SEGMENT_ALL)
    return self;
  if (self->parts[segment] == NULL)
    self->parts[segment] = result_new (self->metric, self->variant, self->range, TRUE);
  return self->parts[segment];
}

static gboolean
route_row (PulseMetricResult  *self,
           const char         *kind,
           const char         *key,
           const char         *segment_name,
           PulseMetricResult **part,
           GError            **error)
{
  PulseSegment segment = PULSE_SEGMENT_ALL;

  /* Without a segment column, a step's key says whose it is. */
  if (segment_name == NULL && g_strcmp0 (kind, "step") == 0)
    segment_name = key;
  if (segment_name != NULL && !pulse_segment_from_string (segment_name, &segment))
    /* Translators: the value of the query's “segment” column */
    return row_error (self, error, _("a row of the unknown segment “%s”"), segment_name);
  self->split |= segment_name != NULL;
  *part = ensure_part (self, segment);
  return TRUE;
}

/* One (kind, key, label, value, segment) row of the variant's SQL;
 * @value NULL is SQL NULL, @segment NULL a query without that column. */
gboolean
pulse_metric_result_add_row (PulseMetricResult  *self,
                             const char         *kind,
                             const char         *key,
                             const char         *label,
                             const char         *value,
                             const char         *segment,
                             GError            **error)
{
  PulseMetricResult *part = NULL;
  double number;

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);

  return parse_value (self, value, &number, error) &&
         route_row (self, kind, key, segment, &part, error) &&
         add_row (part, kind, key, label, number, error);
}

/* pulse_metric_result_add_row() of a value worked out in memory (NAN:
 * NULL): no text to write and read back, which took most of the time of
 * a year of day cohorts (68,000 rows). */
gboolean
pulse_metric_result_add_number_row (PulseMetricResult  *self,
                                    const char         *kind,
                                    const char         *key,
                                    const char         *label,
                                    double              value,
                                    const char         *segment,
                                    GError            **error)
{
  PulseMetricResult *part = NULL;

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);

  return route_row (self, kind, key, segment, &part, error) &&
         add_row (part, kind, key, label, finite_or_null (self, value), error);
}

/* Everybody's result carries each role's series too (signups' BUILDER),
 * as the catalog declares them: the "all" series of the role's part. */
static void
copy_role_series (PulseMetricResult *self)
{
  for (guint i = 0; i < self->variant->series->len; i++)
    {
      const PulseMetricField *field = g_ptr_array_index (self->variant->series, i);
      Series *from, *to;

      if (!is_role_series (field) ||
          self->parts[field->segment] == NULL || !(from = find_series (self->parts[field->segment], "all")) ||
          !(to = find_series (self, field->id)))
        continue;
      memcpy (to->values, from->values, sizeof (double) * self->n_buckets);
    }
}

gboolean
pulse_metric_result_finish (PulseMetricResult  *self,
                            GError            **error)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);

  g_array_sort (self->histogram, compare_histogram);
  for (PulseSegment i = PULSE_SEGMENT_BUILDER; self->split && i < PULSE_N_SEGMENTS; i++)
    g_array_sort (ensure_part (self, i)->histogram, compare_histogram);
  copy_role_series (self);
  if (self->n_non_finite > 0)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u value was not a finite number and is left empty",
                                                            "%u values were not finite numbers and are left empty",
                                                            self->n_non_finite),
                                               self->n_non_finite);
      char *joined = self->note ? g_strconcat (self->note, " ", note, NULL) : g_strdup (note);

      g_free (self->note);
      self->note = joined;
    }
  return TRUE;
}

PulseMetric *
pulse_metric_result_get_metric (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  return self->metric;
}

/* The catalog variant whose SQL (or engine) answered: owned by the metric. */
const PulseMetricVariant *
pulse_metric_result_get_variant (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  return self->variant;
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

static const Entry *
find_step (PulseMetricResult *self,
           const char        *step_id,
           const char        *segment)
{
  PulseSegment which = PULSE_SEGMENT_ALL;
  PulseMetricResult *part;

  if (segment != NULL && !pulse_segment_from_string (segment, &which))
    return NULL;
  if (!(part = pulse_metric_result_get_segment (self, which)))
    return NULL;
  for (guint i = 0; i < part->steps->len; i++)
    {
      const Entry *entry = &g_array_index (part->steps, Entry, i);
      if (g_strcmp0 (entry->label, step_id) == 0)
        return entry;
    }
  return NULL;
}

/* Whether @segment's funnel has the step at all (finders have no
 * profile_completed step, for one). */
gboolean
pulse_metric_result_has_step (PulseMetricResult *self,
                              const char        *step_id,
                              const char        *segment)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);
  return find_step (self, step_id, segment) != NULL;
}

/* NaN for a step the segment's funnel does not have. */
double
pulse_metric_result_get_step_value (PulseMetricResult *self,
                                    const char        *step_id,
                                    const char        *segment)
{
  const Entry *entry;

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NAN);

  entry = find_step (self, step_id, segment);
  return entry ? entry->value : NAN;
}

/**
 * pulse_metric_result_for_segment:
 * @segment: (nullable): "all", "BUILDER" or "FINDER"
 * @series_segment: (out): the segment whose series to show of the result returned
 *
 * What shows @segment: a metric that declares role series (signups'
 * BUILDER) shows that series of the whole result; any other shows the
 * role's part, all of its series. A result not split by role is
 * returned whole, with @series_segment "all": the caller says so.
 *
 * Returns: (transfer none): @self or one of its parts
 */
PulseMetricResult *
pulse_metric_result_for_segment (PulseMetricResult  *self,
                                 const char         *segment,
                                 const char        **series_segment)
{
  PulseSegment which = PULSE_SEGMENT_ALL;

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);

  *series_segment = "all";
  if (segment == NULL || !pulse_segment_from_string (segment, &which) || which == PULSE_SEGMENT_ALL)
    return self;
  for (guint i = 0; i < self->variant->series->len; i++)
    {
      const PulseMetricField *field = g_ptr_array_index (self->variant->series, i);
      if (field->by_segment && field->segment == which)
        {
          *series_segment = pulse_segment_to_string (which);
          return self;
        }
    }
  return self->parts[which] ? self->parts[which] : self;
}

/**
 * pulse_metric_result_get_segment:
 *
 * The part of the result for @segment: the result itself for
 * %PULSE_SEGMENT_ALL, else a result of the same shape with that role's
 * series, summaries, histogram and steps.
 *
 * Returns: (transfer none) (nullable): %NULL if the query is not split by role
 */
PulseMetricResult *
pulse_metric_result_get_segment (PulseMetricResult *self,
                                 PulseSegment       segment)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  g_return_val_if_fail (segment < PULSE_N_SEGMENTS, NULL);

  return segment == PULSE_SEGMENT_ALL ? self : self->parts[segment];
}

/**
 * pulse_metric_result_has_cohorts:
 *
 * Whether the query reported retention cohorts, for everybody or a role.
 */
gboolean
pulse_metric_result_has_cohorts (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), FALSE);

  for (PulseSegment s = PULSE_SEGMENT_ALL; s < PULSE_N_SEGMENTS; s++)
    {
      PulseMetricResult *part = pulse_metric_result_get_segment (self, s);
      if (part != NULL && part->cohorts != NULL)
        return TRUE;
    }
  return FALSE;
}

/* One cohort per bucket when there are any: its start is the bucket's. */
guint
pulse_metric_result_get_n_cohorts (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), 0);
  return self->cohorts != NULL ? self->n_buckets : 0;
}

/* The cells of each cohort: N = 0 .. n_periods - 1. */
guint
pulse_metric_result_get_n_periods (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), 0);
  return self->n_periods;
}

static const Cohort *
get_cohort (PulseMetricResult *self,
            guint              index)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  g_return_val_if_fail (index < pulse_metric_result_get_n_cohorts (self), NULL);
  return &self->cohorts[index];
}

const char *
pulse_metric_result_get_cohort_start (PulseMetricResult *self,
                                      guint              index)
{
  return get_cohort (self, index) ? self->buckets[index] : NULL;
}

double
pulse_metric_result_get_cohort_size (PulseMetricResult *self,
                                     guint              index)
{
  const Cohort *cohort = get_cohort (self, index);
  return cohort ? cohort->size : NAN;
}

/* NaN when no period of the cohort is cut short by the range's end. */
double
pulse_metric_result_get_cohort_partial_from (PulseMetricResult *self,
                                             guint              index)
{
  const Cohort *cohort = get_cohort (self, index);
  return cohort ? cohort->partial_from : NAN;
}

/* Returns: n_periods persons active in period N; NaN: N starts after the range */
const double *
pulse_metric_result_get_cohort_on (PulseMetricResult *self,
                                   guint              index)
{
  const Cohort *cohort = get_cohort (self, index);
  return cohort ? cohort->on : NULL;
}

/* Returns: n_periods persons active in period N or later; NaN as above */
const double *
pulse_metric_result_get_cohort_on_or_after (PulseMetricResult *self,
                                            guint              index)
{
  const Cohort *cohort = get_cohort (self, index);
  return cohort ? cohort->on_or_after : NULL;
}

/* @day: (nullable): when the platform's data begins, if known */
void
pulse_metric_result_set_first_day (PulseMetricResult *self,
                                   const GDate       *day)
{
  g_return_if_fail (PULSE_IS_METRIC_RESULT (self));

  if (day != NULL && g_date_valid (day))
    self->first_day = *day;
  else
    g_date_clear (&self->first_day, 1);
}

/**
 * pulse_metric_result_get_first_day:
 *
 * The day of the platform's first data (the earliest sign-up) when the
 * query ran: a previous period that starts earlier is no comparison.
 *
 * Returns: (nullable): the day, %NULL when not known
 */
const GDate *
pulse_metric_result_get_first_day (PulseMetricResult *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (self), NULL);
  return g_date_valid (&self->first_day) ? &self->first_day : NULL;
}
