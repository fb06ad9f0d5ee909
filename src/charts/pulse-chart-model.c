/* pulse-chart-model.c: what a chart shows, independent of how it is drawn
 *
 * A plain data holder: buckets and series for time series and bars,
 * labels and counts for histograms, steps for funnels, cohorts for
 * retention tables. Every change
 * emits ::changed, the one thing views listen to for re-layout. What
 * depends on the kind (emptiness, the summary, reading a metric result)
 * is asked of the kind's PulseChartKindOps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-annotations-private.h"
#include "pulse-chart-format.h"
#include "pulse-chart-kind-private.h"
#include "pulse-chart-model-private.h"

typedef struct
{
  char     *id;
  char     *title;
  char     *unit;          /* NULL: the model's */
  double   *values;
  guint     n_values;
  int       color_index;
  int       compares;      /* a previous period's: the series it compares with; else -1 */
  guint     shown_at;      /* when it was last turned on; 0: from the start */
  gboolean  dashed;
  gboolean  downward;      /* drawn below zero; its values stay positive */
  gboolean  visible;
} Series;

typedef struct
{
  char   *id;
  char   *title;
  double  value;
} Step;

typedef struct
{
  char   *start;
  double  size;
  double  partial_from;   /* NAN: no period cut short by the range's end */
  double *cells[2];       /* on, on_or_after: n_periods each */
} Cohort;

struct _PulseChartModel
{
  GObject         parent_instance;

  PulseChartKind  kind;
  char           *title;
  char           *unit;
  /* What the previous period's series say after their title. */
  char           *previous_label;
  GStrv           buckets;
  GPtrArray      *series;          /* Series */
  guint           n_turned_on;     /* series turned on so far: their order */
  /* Set when the model shows a role's part: everybody's series is that role. */
  char           *segment_title;
  char           *segment;
  GArray         *steps;           /* Step */
  GStrv           histogram_labels;
  double         *histogram_values;
  guint           n_histogram;
  GArray         *cohorts;         /* Cohort */
  guint           n_periods;
  PulseGranularity period;
  GPtrArray      *annotations;     /* PulseAnnotation; drawn by pulse-chart-annotations.c */
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_UNIT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PulseChartModel, pulse_chart_model, G_TYPE_OBJECT)

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->id);
  g_free (series->title);
  g_free (series->unit);
  g_free (series->values);
  g_free (series);
}

static void
step_clear (gpointer data)
{
  Step *step = data;

  g_free (step->id);
  g_free (step->title);
}

static void
cohort_clear (gpointer data)
{
  Cohort *cohort = data;

  g_free (cohort->start);
  g_free (cohort->cells[0]);
  g_free (cohort->cells[1]);
}

static void
emit_changed (PulseChartModel *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* g_set_str() is GLib 2.76 */
static gboolean
set_str (char       **dest,
         const char  *src)
{
  if (g_strcmp0 (*dest, src) == 0)
    return FALSE;
  g_free (*dest);
  *dest = g_strdup (src);
  return TRUE;
}

static Series *
get_series (PulseChartModel *self,
            guint            index)
{
  return g_ptr_array_index (self->series, index);
}

static void
pulse_chart_model_finalize (GObject *object)
{
  PulseChartModel *self = (PulseChartModel *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->previous_label, g_free);
  g_clear_pointer (&self->segment_title, g_free);
  g_clear_pointer (&self->segment, g_free);
  g_clear_pointer (&self->cohorts, g_array_unref);
  g_clear_pointer (&self->buckets, g_strfreev);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->histogram_labels, g_strfreev);
  g_clear_pointer (&self->histogram_values, g_free);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);

  G_OBJECT_CLASS (pulse_chart_model_parent_class)->finalize (object);
}

static void
pulse_chart_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PulseChartModel *self = PULSE_CHART_MODEL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_chart_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PulseChartModel *self = PULSE_CHART_MODEL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      pulse_chart_model_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_TITLE:
      pulse_chart_model_set_title (self, g_value_get_string (value));
      break;
    case PROP_UNIT:
      pulse_chart_model_set_unit (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_chart_model_class_init (PulseChartModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pulse_chart_model_finalize;
  object_class->get_property = pulse_chart_model_get_property;
  object_class->set_property = pulse_chart_model_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       PULSE_TYPE_CHART_KIND, PULSE_CHART_KIND_LINE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PulseChartModel::changed:
   *
   * Emitted after any change to the data or to a series' visibility.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pulse_chart_model_init (PulseChartModel *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (self->steps, step_clear);
  self->cohorts = g_array_new (FALSE, TRUE, sizeof (Cohort));
  g_array_set_clear_func (self->cohorts, cohort_clear);
  self->buckets = g_new0 (char *, 1);
}

PulseChartModel *
pulse_chart_model_new (PulseChartKind kind)
{
  return g_object_new (PULSE_TYPE_CHART_MODEL, "kind", kind, NULL);
}

/* Properties */

PulseChartKind
pulse_chart_model_get_kind (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), PULSE_CHART_KIND_LINE);
  return self->kind;
}

void
pulse_chart_model_set_kind (PulseChartModel *self,
                            PulseChartKind   kind)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  emit_changed (self);
}

const char *
pulse_chart_model_get_title (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  return self->title;
}

void
pulse_chart_model_set_title (PulseChartModel *self,
                             const char      *title)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (set_str (&self->title, title))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      emit_changed (self);
    }
}

const char *
pulse_chart_model_get_unit (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  return self->unit;
}

void
pulse_chart_model_set_unit (PulseChartModel *self,
                            const char      *unit)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (unit != NULL && *unit == '\0')
    unit = NULL;
  if (set_str (&self->unit, unit))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
      emit_changed (self);
    }
}

/* Buckets */

const char * const *
pulse_chart_model_get_buckets (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  return (const char * const *)self->buckets;
}

guint
pulse_chart_model_get_n_buckets (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 0);
  return g_strv_length (self->buckets);
}

void
pulse_chart_model_set_buckets (PulseChartModel    *self,
                               const char * const *buckets)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  g_strfreev (self->buckets);
  self->buckets = buckets ? g_strdupv ((char **)buckets) : g_new0 (char *, 1);
  emit_changed (self);
}

/* Series */

/**
 * pulse_chart_model_add_series:
 * @values: (array length=n_values) (nullable): copied; NAN marks a null
 * @color_index: index into the palette's series colours, or -1 for the
 *   next unused one
 *
 * Returns: the new series' index
 */
guint
pulse_chart_model_add_series (PulseChartModel *self,
                              const char      *id,
                              const char      *title,
                              const double    *values,
                              guint            n_values,
                              int              color_index)
{
  Series *series;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 0);
  g_return_val_if_fail (id != NULL, 0);
  g_return_val_if_fail (values != NULL || n_values == 0, 0);

  series = g_new0 (Series, 1);
  series->id = g_strdup (id);
  series->title = g_strdup (title ? title : id);
  series->values = g_memdup2 (values, sizeof (double) * n_values);
  series->n_values = n_values;
  series->color_index = color_index >= 0 ? color_index : (int)self->series->len;
  series->compares = -1;
  series->visible = TRUE;
  g_ptr_array_add (self->series, series);

  emit_changed (self);
  return self->series->len - 1;
}

void
pulse_chart_model_clear_series (PulseChartModel *self)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (self->series->len == 0)
    return;
  g_ptr_array_set_size (self->series, 0);
  emit_changed (self);
}

guint
pulse_chart_model_get_n_series (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 0);
  return self->series->len;
}

/* A series' legend title: the catalog's, except that everybody's series
 * of a role's part is that role ("Builders", not "All users"). */
const char *
_pulse_chart_model_field_title (PulseChartModel        *self,
                                const PulseMetricField *field,
                                const char             *id)
{
  if (field == NULL)
    return id;
  if (self->segment_title != NULL && field->by_segment && field->segment == PULSE_SEGMENT_ALL)
    return self->segment_title;
  return field->title;
}

/* Returns: the index of the series with @id, or -1 */
int
pulse_chart_model_find_series (PulseChartModel *self,
                               const char      *id)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), -1);

  for (guint i = 0; i < self->series->len; i++)
    if (g_strcmp0 (get_series (self, i)->id, id) == 0)
      return i;
  return -1;
}

#define SERIES_GETTER(type, name, field, fallback)                        \
  type                                                                    \
  pulse_chart_model_get_series_##name (PulseChartModel *self,             \
                                       guint            index)            \
  {                                                                       \
    g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), fallback);         \
    g_return_val_if_fail (index < self->series->len, fallback);           \
    return get_series (self, index)->field;                               \
  }

SERIES_GETTER (const char *, id, id, NULL)
SERIES_GETTER (const char *, title, title, NULL)
SERIES_GETTER (int, color, color_index, 0)
SERIES_GETTER (gboolean, dashed, dashed, FALSE)
SERIES_GETTER (gboolean, downward, downward, FALSE)
SERIES_GETTER (gboolean, visible, visible, FALSE)

/* Returns: (nullable): the series' unit, else the model's */
const char *
pulse_chart_model_get_series_unit (PulseChartModel *self,
                                   guint            index)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  return get_series (self, index)->unit ? get_series (self, index)->unit : self->unit;
}

/**
 * pulse_chart_model_set_series_unit:
 * @unit: (nullable): the unit of the series' values ("views", "%",
 *   "seconds"), or %NULL for the model's
 *
 * Series of another unit than the model's are drawn on an axis of
 * their own, and tooltips say their unit.
 */
void
pulse_chart_model_set_series_unit (PulseChartModel *self,
                                   guint            index,
                                   const char      *unit)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (index < self->series->len);

  if (unit != NULL && *unit == '\0')
    unit = NULL;
  if (set_str (&get_series (self, index)->unit, unit))
    emit_changed (self);
}

/* "Builders (previous period)", or with the label's dates */
static char *
previous_title (PulseChartModel *self,
                const char      *title)
{
  if (self->previous_label != NULL)
    /* Translators: legend entry of the previous period's line, "Builders (Oct 1 – Oct 30)" */
    return g_strdup_printf (_("%s (%s)"), title, self->previous_label);
  /* Translators: legend entry of the previous period's line, "Builders (previous period)" */
  return g_strdup_printf (_("%s (previous period)"), title);
}

/**
 * _pulse_chart_model_add_previous:
 * @index: the series the previous period compares with
 * @values: (array length=n_values): the previous period's, aligned by bucket
 *
 * Adds the previous period of series @index: dashed, in its colour and
 * its unit, titled after it and the previous-period label.
 *
 * Returns: the new series' index
 */
guint
_pulse_chart_model_add_previous (PulseChartModel *self,
                                 guint            index,
                                 const double    *values,
                                 guint            n_values)
{
  Series *current = get_series (self, index);
  g_autofree char *id = g_strconcat (current->id, ":previous", NULL);
  g_autofree char *title = previous_title (self, current->title);
  guint new_index = pulse_chart_model_add_series (self, id, title, values, n_values, current->color_index);
  Series *previous = get_series (self, new_index);

  previous->unit = g_strdup (current->unit);
  previous->compares = index;
  pulse_chart_model_set_series_dashed (self, new_index, TRUE);
  return new_index;
}

const char *
pulse_chart_model_get_previous_label (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  return self->previous_label;
}

/**
 * pulse_chart_model_set_previous_label:
 * @label: (nullable): what the previous period is, e.g. its dates
 *   "Oct 1 – Oct 30"; %NULL says "previous period"
 *
 * The previous period's series are titled "Builders (@label)" in the
 * legend and in tooltips.
 */
void
pulse_chart_model_set_previous_label (PulseChartModel *self,
                                      const char      *label)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (label != NULL && *label == '\0')
    label = NULL;
  if (!set_str (&self->previous_label, label))
    return;
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = get_series (self, i);

      if (series->compares < 0)
        continue;
      g_free (series->title);
      series->title = previous_title (self, get_series (self, series->compares)->title);
    }
  emit_changed (self);
}

/**
 * pulse_chart_model_get_series_values:
 * @n_values: (out) (optional)
 *
 * Returns: (array length=n_values): the values, NAN for nulls
 */
const double *
pulse_chart_model_get_series_values (PulseChartModel *self,
                                     guint            index,
                                     guint           *n_values)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  if (n_values)
    *n_values = get_series (self, index)->n_values;
  return get_series (self, index)->values;
}

/* A value, or NAN for a null or a bucket past the series' end. */
double
pulse_chart_model_get_value (PulseChartModel *self,
                             guint            series,
                             guint            bucket)
{
  Series *s;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NAN);
  g_return_val_if_fail (series < self->series->len, NAN);

  s = get_series (self, series);
  return bucket < s->n_values ? s->values[bucket] : NAN;
}

void
pulse_chart_model_set_series_color (PulseChartModel *self,
                                    guint            index,
                                    int              color_index)
{
  Series *series;

  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (index < self->series->len);

  series = get_series (self, index);
  if (series->color_index == color_index)
    return;
  series->color_index = color_index;
  emit_changed (self);
}

void
pulse_chart_model_set_series_dashed (PulseChartModel *self,
                                     guint            index,
                                     gboolean         dashed)
{
  Series *series;

  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (index < self->series->len);

  series = get_series (self, index);
  if (series->dashed == !!dashed)
    return;
  series->dashed = !!dashed;
  emit_changed (self);
}

/**
 * pulse_chart_model_set_series_downward:
 *
 * Stacked bars draw the series' (positive) values below zero, as
 * lifecycle's dormant users; tooltips still show them positive.
 */
void
pulse_chart_model_set_series_downward (PulseChartModel *self,
                                       guint            index,
                                       gboolean         downward)
{
  Series *series;

  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (index < self->series->len);

  series = get_series (self, index);
  if (series->downward == !!downward)
    return;
  series->downward = !!downward;
  emit_changed (self);
}

void
pulse_chart_model_set_series_visible (PulseChartModel *self,
                                      guint            index,
                                      gboolean         visible)
{
  Series *series;

  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (index < self->series->len);

  series = get_series (self, index);
  if (series->visible == !!visible)
    return;
  series->visible = !!visible;
  if (visible)
    series->shown_at = ++self->n_turned_on;
  emit_changed (self);
}

/* Of a kind whose series are alternatives (a cohort table's counts),
 * the series toggled on is the one shown, and a click on it keeps it. */
void
pulse_chart_model_toggle_series (PulseChartModel *self,
                                 guint            index)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (index < self->series->len);

  if (!_pulse_chart_kind_get_ops (self->kind)->exclusive_series)
    {
      pulse_chart_model_set_series_visible (self, index, !get_series (self, index)->visible);
      return;
    }
  for (guint i = 0; i < self->series->len; i++)
    get_series (self, i)->visible = i == index;
  emit_changed (self);
}

/* Series turned on later than others come later: the first ones to do
 * without an axis when there are more units than axes. */
guint
_pulse_chart_model_get_series_shown_at (PulseChartModel *self,
                                        guint            index)
{
  return get_series (self, index)->shown_at;
}

guint
pulse_chart_model_get_n_visible_series (PulseChartModel *self)
{
  guint n = 0;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 0);

  for (guint i = 0; i < self->series->len; i++)
    n += get_series (self, i)->visible;
  return n;
}

/* Histogram */

void
pulse_chart_model_set_histogram (PulseChartModel    *self,
                                 const char * const *labels,
                                 const double       *values,
                                 guint               n_values)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (n_values == 0 || (labels != NULL && values != NULL));

  g_clear_pointer (&self->histogram_labels, g_strfreev);
  g_clear_pointer (&self->histogram_values, g_free);
  self->histogram_labels = g_new0 (char *, n_values + 1);
  for (guint i = 0; i < n_values; i++)
    self->histogram_labels[i] = g_strdup (labels[i] ? labels[i] : "");
  self->histogram_values = g_memdup2 (values, sizeof (double) * n_values);
  self->n_histogram = n_values;
  emit_changed (self);
}

guint
pulse_chart_model_get_n_histogram (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 0);
  return self->n_histogram;
}

const char *
pulse_chart_model_get_histogram_label (PulseChartModel *self,
                                       guint            index)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (index < self->n_histogram, NULL);
  return self->histogram_labels[index];
}

double
pulse_chart_model_get_histogram_value (PulseChartModel *self,
                                       guint            index)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NAN);
  g_return_val_if_fail (index < self->n_histogram, NAN);
  return self->histogram_values[index];
}

/* Funnel */

void
pulse_chart_model_add_step (PulseChartModel *self,
                            const char      *id,
                            const char      *title,
                            double           value)
{
  Step step;

  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (id != NULL);

  step.id = g_strdup (id);
  step.title = g_strdup (title ? title : id);
  step.value = value;
  g_array_append_val (self->steps, step);
  emit_changed (self);
}

guint
pulse_chart_model_get_n_steps (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 0);
  return self->steps->len;
}

#define STEP_GETTER(type, name, fallback)                                 \
  type                                                                    \
  pulse_chart_model_get_step_##name (PulseChartModel *self,               \
                                     guint            index)              \
  {                                                                       \
    g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), fallback);         \
    g_return_val_if_fail (index < self->steps->len, fallback);            \
    return g_array_index (self->steps, Step, index).name;                 \
  }

STEP_GETTER (const char *, id, NULL)
STEP_GETTER (const char *, title, NULL)
STEP_GETTER (double, value, NAN)

/* Cohorts */

/**
 * pulse_chart_model_add_cohort:
 * @start: the cohort's first day, ISO
 * @size: how many persons it has
 * @partial_from: the period cut short by the range's end, or NAN
 * @on: (array length=n_periods): persons active in period N; NAN: not known yet
 * @on_or_after: (array length=n_periods): persons active in period N or later
 *
 * Every cohort of a model has the same number of periods: the first
 * one's.
 */
void
pulse_chart_model_add_cohort (PulseChartModel *self,
                              const char      *start,
                              double           size,
                              double           partial_from,
                              const double    *on,
                              const double    *on_or_after,
                              guint            n_periods)
{
  Cohort cohort;

  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (start != NULL && on != NULL && on_or_after != NULL);
  g_return_if_fail (self->cohorts->len == 0 || n_periods == self->n_periods);

  cohort.start = g_strdup (start);
  cohort.size = size;
  cohort.partial_from = partial_from;
  cohort.cells[0] = g_memdup2 (on, sizeof (double) * n_periods);
  cohort.cells[1] = g_memdup2 (on_or_after, sizeof (double) * n_periods);
  self->n_periods = n_periods;
  g_array_append_val (self->cohorts, cohort);
  emit_changed (self);
}

guint
pulse_chart_model_get_n_cohorts (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 0);
  return self->cohorts->len;
}

guint
pulse_chart_model_get_n_periods (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 0);
  return self->cohorts->len > 0 ? self->n_periods : 0;
}

/* What a cohort and its periods are: days, weeks or months. */
PulseGranularity
pulse_chart_model_get_period (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), PULSE_GRANULARITY_DAY);
  return self->period;
}

void
pulse_chart_model_set_period (PulseChartModel  *self,
                              PulseGranularity  period)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (self->period == period)
    return;
  self->period = period;
  emit_changed (self);
}

static Cohort *
get_cohort (PulseChartModel *self,
            guint            index)
{
  return &g_array_index (self->cohorts, Cohort, index);
}

const char *
pulse_chart_model_get_cohort_start (PulseChartModel *self,
                                    guint            index)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  g_return_val_if_fail (index < self->cohorts->len, NULL);
  return get_cohort (self, index)->start;
}

double
pulse_chart_model_get_cohort_size (PulseChartModel *self,
                                   guint            index)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NAN);
  g_return_val_if_fail (index < self->cohorts->len, NAN);
  return get_cohort (self, index)->size;
}

double
pulse_chart_model_get_cohort_partial_from (PulseChartModel *self,
                                           guint            index)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NAN);
  g_return_val_if_fail (index < self->cohorts->len, NAN);
  return get_cohort (self, index)->partial_from;
}

/* Persons of cohort @index active in @period (@or_after: in it or
 * later); NAN when the period is not known yet. */
double
pulse_chart_model_get_cohort_value (PulseChartModel *self,
                                    guint            index,
                                    gboolean         or_after,
                                    guint            period)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NAN);
  g_return_val_if_fail (index < self->cohorts->len, NAN);

  if (period >= self->n_periods)
    return NAN;
  return get_cohort (self, index)->cells[or_after ? 1 : 0][period];
}

/**
 * pulse_chart_model_get_cell:
 * @cell: a cell's index, as a %PULSE_CHART_HIT_CELL hit has it: the
 *   cohort times the number of periods, plus the period
 * @cohort: (out) (optional)
 * @period: (out) (optional)
 *
 * Returns: %FALSE if the table has no such cell
 */
gboolean
pulse_chart_model_get_cell (PulseChartModel *self,
                            guint            cell,
                            guint           *cohort,
                            guint           *period)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), FALSE);

  if (self->cohorts->len == 0 || cell >= self->cohorts->len * self->n_periods)
    return FALSE;
  if (cohort)
    *cohort = cell / self->n_periods;
  if (period)
    *period = cell % self->n_periods;
  return TRUE;
}

/* The series whose counts the cohort table shows: the first visible
 * one ("on" or "on_or_after"); -1 if none is. */
int
pulse_chart_model_get_cohort_series (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), -1);

  for (guint i = 0; i < self->series->len; i++)
    if (get_series (self, i)->visible)
      return i;
  return -1;
}

/* Whether the cells shown are "on_or_after" counts rather than "on". */
gboolean
pulse_chart_model_get_cohort_or_after (PulseChartModel *self)
{
  int series = pulse_chart_model_get_cohort_series (self);

  return series >= 0 && g_str_equal (get_series (self, series)->id, "on_or_after");
}

/* "BUILDER" or "FINDER" when the model shows a role's part, else NULL. */
const char *
_pulse_chart_model_get_segment (PulseChartModel *self)
{
  return self->segment;
}

/* What depends on the kind */

static const char *
title_or_default (PulseChartModel *self)
{
  return self->title ? self->title : _("Chart");
}

/**
 * pulse_chart_model_is_empty:
 *
 * Whether there is nothing to plot: no buckets, every series hidden or
 * null, no step or bin with a value. Views then show "No data for this
 * range".
 */
gboolean
pulse_chart_model_is_empty (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), TRUE);

  return _pulse_chart_kind_get_ops (self->kind)->is_empty (self);
}

/**
 * pulse_chart_model_dup_summary_text:
 *
 * A one-line description of the chart for assistive technologies, e.g.
 * "Daily active users, 30 days, from 120 to 180".
 *
 * Returns: (transfer full): the summary
 */
char *
pulse_chart_model_dup_summary_text (PulseChartModel *self)
{
  char *summary;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);

  if (pulse_chart_model_is_empty (self))
    return g_strdup_printf ("%s: %s", title_or_default (self), _("No data for this range"));
  summary = _pulse_chart_kind_get_ops (self->kind)->dup_summary (self, title_or_default (self));
  /* Screen readers hear the annotations the chart draws. */
  return _pulse_chart_annotations_append_summary (self, summary);
}

/* The size a view would like to give the chart, in logical pixels: a
 * cohort table's grows with its periods and cohorts. */
int
pulse_chart_model_get_natural_width (PulseChartModel *self)
{
  const PulseChartKindOps *ops;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 360);

  ops = _pulse_chart_kind_get_ops (self->kind);
  return ops->natural_width ? ops->natural_width (self) : 360;
}

int
pulse_chart_model_get_natural_height (PulseChartModel *self)
{
  const PulseChartKindOps *ops;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), 220);

  ops = _pulse_chart_kind_get_ops (self->kind);
  return ops->natural_height ? ops->natural_height (self) : 220;
}

/* Building from a metric result */

/**
 * _pulse_chart_model_shown_unit:
 * @unit: (nullable): a catalog unit
 * @scale: (out): what the values are multiplied by
 *
 * Fractions come from the SQL; charts show percentages.
 *
 * Returns: (nullable): the unit the chart shows, "%" for fractions
 */
const char *
_pulse_chart_model_shown_unit (const char *unit,
                               double     *scale)
{
  gboolean fraction = pulse_chart_unit_is_fraction (unit);

  *scale = fraction ? 100.0 : 1.0;
  if (fraction)
    return "%";
  return unit != NULL && *unit != '\0' ? unit : NULL;
}

/**
 * pulse_chart_model_new_for_result:
 * @result: the metric result to show
 * @previous: (nullable): the previous period's result, for the dashed
 *   comparison lines of line and area charts
 * @segment: (nullable): "all", "BUILDER", "FINDER" or %NULL (= "all")
 *
 * Builds the chart the catalog asks for (pulse_metric_get_chart()).
 * Series titles and units come from the catalog, series outside
 * @segment are left out, and ratio units ("%", "ratio") are scaled to
 * percentages.
 *
 * Returns: (transfer full): a new model
 */
PulseChartModel *
pulse_chart_model_new_for_result (PulseMetricResult *result,
                                  PulseMetricResult *previous,
                                  const char        *segment)
{
  PulseChartModel *self;
  PulseMetric *metric;
  PulseChartKind kind;
  PulseMetricResult *part;
  const char *shown;
  double scale;

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (result), NULL);
  g_return_val_if_fail (previous == NULL || PULSE_IS_METRIC_RESULT (previous), NULL);

  if (previous != NULL)
    previous = pulse_metric_result_for_segment (previous, segment, &shown);
  part = pulse_metric_result_for_segment (result, segment, &shown);

  metric = pulse_metric_result_get_metric (result);
  if (!pulse_chart_kind_from_string (pulse_metric_get_chart (metric), &kind))
    kind = PULSE_CHART_KIND_LINE;

  self = pulse_chart_model_new (kind);
  self->title = g_strdup (pulse_metric_get_title (metric));
  self->unit = g_strdup (_pulse_chart_model_shown_unit (pulse_metric_get_unit (metric), &scale));
  if (part != result)
    {
      self->segment_title = g_strdup (pulse_segment_describe (segment));
      self->segment = g_strdup (segment);
    }
  pulse_chart_model_set_buckets (self, pulse_metric_result_get_buckets (part));
  _pulse_chart_kind_get_ops (kind)->add_result (self, part, previous, shown, scale);

  return self;
}

/**
 * pulse_chart_model_set_annotations:
 * @annotations: (nullable) (element-type PulseAnnotation): every annotation
 *   of the connection; time charts show those in their range
 */
void
pulse_chart_model_set_annotations (PulseChartModel *self,
                                   GPtrArray       *annotations)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (annotations == self->annotations)
    return;
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  if (annotations != NULL)
    self->annotations = g_ptr_array_ref (annotations);
  emit_changed (self);
}

/* Returns: (transfer none) (nullable) (element-type PulseAnnotation): what
 * pulse_chart_model_set_annotations() was given */
GPtrArray *
pulse_chart_model_get_annotations (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);
  return self->annotations;
}
