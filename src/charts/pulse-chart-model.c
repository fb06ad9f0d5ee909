/* pulse-chart-model.c: what a chart shows, independent of how it is drawn
 *
 * A plain data holder: buckets and series for time series, bars and
 * donuts, labels and counts for histograms, steps for funnels and the
 * figures of a KPI card. Every change emits ::changed, the one thing
 * views listen to for re-layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-format.h"
#include "pulse-chart-model.h"

typedef struct
{
  char     *id;
  char     *title;
  double   *values;
  guint     n_values;
  int       color_index;
  gboolean  dashed;
  gboolean  visible;
} Series;

typedef struct
{
  char   *id;
  char   *title;
  double  value;
} Step;

struct _PulseChartModel
{
  GObject              parent_instance;

  PulseChartKind       kind;
  PulseChartBetter     better;
  PulseChartAggregate  aggregate;
  char                *title;
  char                *unit;
  GStrv                buckets;
  GPtrArray           *series;          /* Series */
  GArray              *steps;           /* Step */
  GStrv                histogram_labels;
  double              *histogram_values;
  guint                n_histogram;
  double               kpi_value;
  double               kpi_previous;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_UNIT,
  PROP_BETTER,
  PROP_AGGREGATE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (PulseChartKind, pulse_chart_kind,
  G_DEFINE_ENUM_VALUE (PULSE_CHART_KIND_LINE, "line"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_KIND_AREA, "area"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_KIND_STACKED_BAR, "stacked-bar"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_KIND_DONUT, "donut"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_KIND_FUNNEL, "funnel"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_KIND_HISTOGRAM, "histogram"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_KIND_KPI, "kpi"))

G_DEFINE_ENUM_TYPE (PulseChartBetter, pulse_chart_better,
  G_DEFINE_ENUM_VALUE (PULSE_CHART_BETTER_UP, "up"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_BETTER_DOWN, "down"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_BETTER_NEUTRAL, "neutral"))

G_DEFINE_ENUM_TYPE (PulseChartAggregate, pulse_chart_aggregate,
  G_DEFINE_ENUM_VALUE (PULSE_CHART_AGGREGATE_LAST, "last"),
  G_DEFINE_ENUM_VALUE (PULSE_CHART_AGGREGATE_SUM, "sum"))

G_DEFINE_FINAL_TYPE (PulseChartModel, pulse_chart_model, G_TYPE_OBJECT)

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->id);
  g_free (series->title);
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
  g_clear_pointer (&self->buckets, g_strfreev);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->histogram_labels, g_strfreev);
  g_clear_pointer (&self->histogram_values, g_free);

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
    case PROP_BETTER:
      g_value_set_enum (value, self->better);
      break;
    case PROP_AGGREGATE:
      g_value_set_enum (value, self->aggregate);
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
    case PROP_BETTER:
      pulse_chart_model_set_better (self, g_value_get_enum (value));
      break;
    case PROP_AGGREGATE:
      pulse_chart_model_set_aggregate (self, g_value_get_enum (value));
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
  properties[PROP_BETTER] =
    g_param_spec_enum ("better", NULL, NULL,
                       PULSE_TYPE_CHART_BETTER, PULSE_CHART_BETTER_UP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGGREGATE] =
    g_param_spec_enum ("aggregate", NULL, NULL,
                       PULSE_TYPE_CHART_AGGREGATE, PULSE_CHART_AGGREGATE_LAST,
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
  self->buckets = g_new0 (char *, 1);
  self->kpi_value = NAN;
  self->kpi_previous = NAN;
}

PulseChartModel *
pulse_chart_model_new (PulseChartKind kind)
{
  return g_object_new (PULSE_TYPE_CHART_MODEL, "kind", kind, NULL);
}

gboolean
pulse_chart_kind_from_string (const char     *chart,
                              PulseChartKind *kind)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (PULSE_TYPE_CHART_KIND);
  GEnumValue *value;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (chart == NULL || !(value = g_enum_get_value_by_nick (enum_class, chart)))
    return FALSE;
  *kind = value->value;
  return TRUE;
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

PulseChartAggregate
pulse_chart_model_get_aggregate (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), PULSE_CHART_AGGREGATE_LAST);
  return self->aggregate;
}

void
pulse_chart_model_set_aggregate (PulseChartModel     *self,
                                 PulseChartAggregate  aggregate)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (self->aggregate == aggregate)
    return;
  self->aggregate = aggregate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGGREGATE]);
  emit_changed (self);
}

PulseChartBetter
pulse_chart_model_get_better (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), PULSE_CHART_BETTER_UP);
  return self->better;
}

void
pulse_chart_model_set_better (PulseChartModel  *self,
                              PulseChartBetter  better)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  if (self->better == better)
    return;
  self->better = better;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BETTER]);
  emit_changed (self);
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
SERIES_GETTER (gboolean, visible, visible, FALSE)

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
  emit_changed (self);
}

void
pulse_chart_model_toggle_series (PulseChartModel *self,
                                 guint            index)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));
  g_return_if_fail (index < self->series->len);

  pulse_chart_model_set_series_visible (self, index, !get_series (self, index)->visible);
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

/**
 * pulse_chart_model_get_series_total:
 *
 * The series reduced to one number by the model's #PulseChartAggregate:
 * the last non-null value, or the sum of all non-null values.
 *
 * Returns: the total, or NAN when the series has no value
 */
double
pulse_chart_model_get_series_total (PulseChartModel *self,
                                    guint            index)
{
  Series *series;
  double total = NAN;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NAN);
  g_return_val_if_fail (index < self->series->len, NAN);

  series = get_series (self, index);
  if (self->aggregate == PULSE_CHART_AGGREGATE_LAST)
    {
      for (guint i = series->n_values; i > 0; i--)
        if (!isnan (series->values[i - 1]))
          return series->values[i - 1];
      return NAN;
    }

  for (guint i = 0; i < series->n_values; i++)
    if (!isnan (series->values[i]))
      total = isnan (total) ? series->values[i] : total + series->values[i];
  return total;
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

/* KPI */

void
pulse_chart_model_set_kpi (PulseChartModel *self,
                           double           value,
                           double           previous_value)
{
  g_return_if_fail (PULSE_IS_CHART_MODEL (self));

  self->kpi_value = value;
  self->kpi_previous = previous_value;
  emit_changed (self);
}

double
pulse_chart_model_get_kpi_value (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NAN);
  return self->kpi_value;
}

double
pulse_chart_model_get_kpi_previous (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NAN);
  return self->kpi_previous;
}

/* Emptiness */

static gboolean
series_has_data (Series *series,
                 guint   n_buckets)
{
  for (guint i = 0; i < MIN (series->n_values, n_buckets); i++)
    if (!isnan (series->values[i]))
      return TRUE;
  return FALSE;
}

static gboolean
visible_series_have_data (PulseChartModel *self)
{
  guint n_buckets = g_strv_length (self->buckets);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = get_series (self, i);
      if (series->visible && series_has_data (series, n_buckets))
        return TRUE;
    }
  return FALSE;
}

static gboolean
donut_has_data (PulseChartModel *self)
{
  double total = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      double value = pulse_chart_model_get_series_total (self, i);
      if (get_series (self, i)->visible && value > 0)
        total += value;
    }
  return total > 0;
}

static gboolean
funnel_has_data (PulseChartModel *self)
{
  for (guint i = 0; i < self->steps->len; i++)
    if (g_array_index (self->steps, Step, i).value > 0)
      return TRUE;
  return FALSE;
}

static gboolean
histogram_has_data (PulseChartModel *self)
{
  for (guint i = 0; i < self->n_histogram; i++)
    if (!isnan (self->histogram_values[i]))
      return TRUE;
  return FALSE;
}

/**
 * pulse_chart_model_is_empty:
 *
 * Whether there is nothing to plot: no buckets, every series hidden or
 * null, no step or bin with a value, or a KPI with neither a figure nor
 * a sparkline. Views then show "No data for this range".
 */
gboolean
pulse_chart_model_is_empty (PulseChartModel *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), TRUE);

  switch (self->kind)
    {
    case PULSE_CHART_KIND_LINE:
    case PULSE_CHART_KIND_AREA:
    case PULSE_CHART_KIND_STACKED_BAR:
      return !visible_series_have_data (self);
    case PULSE_CHART_KIND_DONUT:
      return !donut_has_data (self);
    case PULSE_CHART_KIND_FUNNEL:
      return !funnel_has_data (self);
    case PULSE_CHART_KIND_HISTOGRAM:
      return !histogram_has_data (self);
    case PULSE_CHART_KIND_KPI:
      return isnan (self->kpi_value) && !visible_series_have_data (self);
    default:
      g_return_val_if_reached (TRUE);
    }
}

/* Summary text */

static const char *
title_or_default (PulseChartModel *self)
{
  return self->title ? self->title : _("Chart");
}

/* "30 days", "12 weeks", "6 months": from the spacing of the buckets. */
static char *
describe_span (PulseChartModel *self)
{
  guint n = g_strv_length (self->buckets);
  int y1, m1, d1, y2, m2, d2;

  if (n >= 2 &&
      pulse_chart_parse_date (self->buckets[n - 2], &y1, &m1, &d1) &&
      pulse_chart_parse_date (self->buckets[n - 1], &y2, &m2, &d2))
    {
      g_autoptr(GDate) a = g_date_new_dmy (d1, m1, y1);
      g_autoptr(GDate) b = g_date_new_dmy (d2, m2, y2);
      int days = g_date_days_between (a, b);

      if (days == 1)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
      if (days == 7)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u week", "%u weeks", n), n);
      if (days >= 28 && days <= 31)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months", n), n);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u point", "%u points", n), n);
}

static void
first_last (Series *series,
            guint   n_buckets,
            double *first,
            double *last)
{
  guint n = MIN (series->n_values, n_buckets);

  *first = *last = NAN;
  for (guint i = 0; i < n && isnan (*first); i++)
    *first = series->values[i];
  for (guint i = n; i > 0 && isnan (*last); i--)
    *last = series->values[i - 1];
}

static char *
summarize_series (PulseChartModel *self)
{
  g_autoptr(GString) text = g_string_new (title_or_default (self));
  g_autofree char *span = describe_span (self);
  guint n_buckets = g_strv_length (self->buckets);
  guint n_visible = pulse_chart_model_get_n_visible_series (self);
  gboolean first = TRUE;

  g_string_append_printf (text, ", %s", span);
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = get_series (self, i);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      double a, b;

      if (!series->visible || !series_has_data (series, n_buckets))
        continue;
      first_last (series, n_buckets, &a, &b);
      from = pulse_chart_format_value (a, self->unit, -1);
      to = pulse_chart_format_value (b, self->unit, -1);
      if (n_visible == 1)
        /* Translators: "Daily active users, 30 days, from 120 to 180" */
        g_string_append_printf (text, _(", from %s to %s"), from, to);
      else
        /* Translators: one series in a summary: "Builders from 120 to 180" */
        g_string_append_printf (text, _("%s%s from %s to %s"),
                                first ? ": " : "; ", series->title, from, to);
      first = FALSE;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
summarize_donut (PulseChartModel *self)
{
  g_autoptr(GString) text = g_string_new (title_or_default (self));
  double total = 0;
  gboolean first = TRUE;

  for (guint i = 0; i < self->series->len; i++)
    {
      double value = pulse_chart_model_get_series_total (self, i);
      if (get_series (self, i)->visible && value > 0)
        total += value;
    }

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = get_series (self, i);
      double value = pulse_chart_model_get_series_total (self, i);
      g_autofree char *number = NULL;
      g_autofree char *share = NULL;

      if (!series->visible || !(value > 0))
        continue;
      number = pulse_chart_format_value (value, self->unit, -1);
      share = pulse_chart_format_percent (value / total);
      g_string_append_printf (text, "%s%s %s (%s)", first ? ": " : ", ", series->title, number, share);
      first = FALSE;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
summarize_funnel (PulseChartModel *self)
{
  g_autoptr(GString) text = g_string_new (title_or_default (self));
  g_autofree char *overall = NULL;
  double first_value = NAN, last_value = NAN;

  for (guint i = 0; i < self->steps->len; i++)
    {
      const Step *step = &g_array_index (self->steps, Step, i);
      g_autofree char *number = pulse_chart_format_value (step->value, NULL, -1);

      g_string_append_printf (text, "%s%s %s", i == 0 ? ": " : "; ", step->title, number);
      if (i > 0)
        {
          double prev = g_array_index (self->steps, Step, i - 1).value;
          g_autofree char *share = pulse_chart_format_percent (prev > 0 ? step->value / prev : NAN);
          g_string_append_printf (text, " (%s)", share);
        }
      if (i == 0)
        first_value = step->value;
      last_value = step->value;
    }
  overall = pulse_chart_format_percent (first_value > 0 ? last_value / first_value : NAN);
  g_string_append_printf (text, _("; overall conversion %s"), overall);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
summarize_histogram (PulseChartModel *self)
{
  g_autofree char *count = NULL;
  guint mode = 0;

  for (guint i = 1; i < self->n_histogram; i++)
    if (self->histogram_values[i] > self->histogram_values[mode])
      mode = i;
  count = pulse_chart_format_value (self->histogram_values[mode], NULL, -1);

  /* Translators: "Active days, 30 values from 1 to 30, most frequent 3 (412)" */
  return g_strdup_printf (_("%s, %u values from %s to %s, most frequent %s (%s)"),
                          title_or_default (self), self->n_histogram,
                          self->histogram_labels[0],
                          self->histogram_labels[self->n_histogram - 1],
                          self->histogram_labels[mode], count);
}

static char *
summarize_kpi (PulseChartModel *self)
{
  g_autofree char *value = pulse_chart_format_value (self->kpi_value, self->unit, -1);
  g_autofree char *delta = pulse_chart_format_delta (self->kpi_value, self->kpi_previous);

  if (delta != NULL)
    /* Translators: "Signups: 1,234, +4.2 % compared with the previous period" */
    return g_strdup_printf (_("%s: %s, %s compared with the previous period"),
                            title_or_default (self), value, delta);
  return g_strdup_printf ("%s: %s", title_or_default (self), value);
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
  g_return_val_if_fail (PULSE_IS_CHART_MODEL (self), NULL);

  if (pulse_chart_model_is_empty (self))
    return g_strdup_printf ("%s: %s", title_or_default (self), _("No data for this range"));

  switch (self->kind)
    {
    case PULSE_CHART_KIND_LINE:
    case PULSE_CHART_KIND_AREA:
    case PULSE_CHART_KIND_STACKED_BAR:
      return summarize_series (self);
    case PULSE_CHART_KIND_DONUT:
      return summarize_donut (self);
    case PULSE_CHART_KIND_FUNNEL:
      return summarize_funnel (self);
    case PULSE_CHART_KIND_HISTOGRAM:
      return summarize_histogram (self);
    case PULSE_CHART_KIND_KPI:
      if (isnan (self->kpi_value))
        return summarize_series (self);
      return summarize_kpi (self);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Building from a metric result */

/* Segment series (BUILDER, FINDER) show only in their segment, the "all"
 * series only in the overall view; others always. */
static gboolean
field_in_segment (const PulseMetricField *field,
                  const char             *segment)
{
  gboolean overall = segment == NULL || g_str_equal (segment, "all");

  if (field == NULL || field->segment == NULL)
    return TRUE;
  if (g_str_equal (field->segment, "all"))
    return overall;
  return !overall && g_str_equal (field->segment, segment);
}

/* Fractions come from the SQL; charts show percentages. */
static double
unit_scale (PulseMetric *metric)
{
  return pulse_chart_unit_is_fraction (pulse_metric_get_unit (metric)) ? 100.0 : 1.0;
}

static double *
copy_scaled (const double *values,
             guint         n_values,
             guint         n_wanted,
             double        scale)
{
  double *copy = g_new (double, MAX (n_wanted, 1));

  for (guint i = 0; i < n_wanted; i++)
    copy[i] = values != NULL && i < n_values ? values[i] * scale : NAN;
  return copy;
}

static void
add_result_series (PulseChartModel   *self,
                   PulseMetricResult *result,
                   PulseMetricResult *previous,
                   const char        *segment,
                   double             scale)
{
  PulseMetric *metric = pulse_metric_result_get_metric (result);
  guint n_buckets = pulse_metric_result_get_n_buckets (result);
  gboolean compare = previous != NULL &&
                     (self->kind == PULSE_CHART_KIND_LINE || self->kind == PULSE_CHART_KIND_AREA);
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (guint));
  int color = 0;

  for (guint i = 0; i < pulse_metric_result_get_n_series (result); i++)
    {
      const char *id = pulse_metric_result_get_series_id (result, i);
      const PulseMetricField *field = pulse_metric_find_series (metric, id);
      g_autofree double *values = NULL;
      guint index;

      if (!field_in_segment (field, segment))
        continue;
      values = copy_scaled (pulse_metric_result_get_series_values (result, i), n_buckets, n_buckets, scale);
      index = pulse_chart_model_add_series (self, id, field ? field->title : id,
                                            values, n_buckets, color++);
      g_array_append_val (added, index);
    }

  /* The previous period, aligned by bucket index, dashed in the same
   * colour as the series it compares with. */
  for (guint i = 0; compare && i < added->len; i++)
    {
      guint index = g_array_index (added, guint, i);
      Series *series = get_series (self, index);
      const double *prev = pulse_metric_result_find_series (previous, series->id);
      g_autofree double *values = NULL;
      g_autofree char *id = NULL;
      g_autofree char *title = NULL;
      guint new_index;

      if (prev == NULL)
        continue;
      values = copy_scaled (prev, pulse_metric_result_get_n_buckets (previous), n_buckets, scale);
      id = g_strconcat (series->id, ":previous", NULL);
      /* Translators: legend entry of the previous period's line, "Builders (previous period)" */
      title = g_strdup_printf (_("%s (previous period)"), series->title);
      new_index = pulse_chart_model_add_series (self, id, title, values, n_buckets, series->color_index);
      pulse_chart_model_set_series_dashed (self, new_index, TRUE);
    }
}

static void
add_result_steps (PulseChartModel   *self,
                  PulseMetricResult *result,
                  const char        *segment)
{
  GPtrArray *steps = pulse_metric_get_steps (pulse_metric_result_get_metric (result));

  for (guint i = 0; i < steps->len; i++)
    {
      const PulseMetricField *step = g_ptr_array_index (steps, i);
      double value = pulse_metric_result_get_step_value (result, step->id, segment ? segment : "all");

      pulse_chart_model_add_step (self, step->id, step->title, value);
    }
}

static void
add_result_histogram (PulseChartModel   *self,
                      PulseMetricResult *result)
{
  guint n = pulse_metric_result_get_n_histogram (result);
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree double *values = g_new0 (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      labels[i] = pulse_metric_result_get_histogram_label (result, i);
      values[i] = pulse_metric_result_get_histogram_value (result, i);
    }
  pulse_chart_model_set_histogram (self, labels, values, n);
}

/* The KPI figure: the first summary of the segment, else the first
 * series reduced by @aggregate. */
static double
kpi_value_of (PulseMetricResult   *result,
              const char          *segment,
              PulseChartAggregate  aggregate,
              double               scale)
{
  PulseMetric *metric = pulse_metric_result_get_metric (result);
  GPtrArray *summaries = pulse_metric_get_summaries (metric);
  g_autoptr(PulseChartModel) tmp = NULL;
  double value;

  for (guint i = 0; i < summaries->len; i++)
    {
      const PulseMetricField *field = g_ptr_array_index (summaries, i);

      if (field_in_segment (field, segment) &&
          pulse_metric_result_lookup_summary (result, field->id, &value))
        return value * scale;
    }

  tmp = pulse_chart_model_new (PULSE_CHART_KIND_KPI);
  tmp->aggregate = aggregate;
  add_result_series (tmp, result, NULL, segment, scale);
  return tmp->series->len > 0 ? pulse_chart_model_get_series_total (tmp, 0) : NAN;
}

static PulseChartBetter
better_from_string (const char *better)
{
  if (g_strcmp0 (better, "down") == 0)
    return PULSE_CHART_BETTER_DOWN;
  if (g_strcmp0 (better, "neutral") == 0)
    return PULSE_CHART_BETTER_NEUTRAL;
  return PULSE_CHART_BETTER_UP;
}

/**
 * pulse_chart_model_new_for_result:
 * @result: the metric result to show
 * @previous: (nullable): the previous period's result, for the dashed
 *   comparison lines of line and area charts and the KPI delta
 * @segment: (nullable): "all", "BUILDER", "FINDER" or %NULL (= "all")
 *
 * Same as pulse_chart_model_new_for_result_full() with
 * %PULSE_CHART_AGGREGATE_LAST: donuts show the composition at the end
 * of the range (e.g. collections by privacy), which is what a donut
 * means for the point-in-time metrics of the catalog.
 */
PulseChartModel *
pulse_chart_model_new_for_result (PulseMetricResult *result,
                                  PulseMetricResult *previous,
                                  const char        *segment)
{
  return pulse_chart_model_new_for_result_full (result, previous, segment,
                                                PULSE_CHART_AGGREGATE_LAST);
}

/**
 * pulse_chart_model_new_for_result_full:
 * @aggregate: how donut slices and series-based KPI figures reduce a
 *   series: %PULSE_CHART_AGGREGATE_LAST for stocks (alive at the end),
 *   %PULSE_CHART_AGGREGATE_SUM for flows (created during the range)
 *
 * Builds the chart the catalog asks for (pulse_metric_get_chart()).
 * Series titles come from the catalog, series outside @segment are left
 * out, and ratio units ("%", "ratio") are scaled to percentages.
 *
 * Returns: (transfer full): a new model
 */
PulseChartModel *
pulse_chart_model_new_for_result_full (PulseMetricResult   *result,
                                       PulseMetricResult   *previous,
                                       const char          *segment,
                                       PulseChartAggregate  aggregate)
{
  PulseChartModel *self;
  PulseMetric *metric;
  PulseChartKind kind;
  double scale;

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (result), NULL);
  g_return_val_if_fail (previous == NULL || PULSE_IS_METRIC_RESULT (previous), NULL);

  metric = pulse_metric_result_get_metric (result);
  if (!pulse_chart_kind_from_string (pulse_metric_get_chart (metric), &kind))
    kind = PULSE_CHART_KIND_LINE;
  scale = unit_scale (metric);

  self = pulse_chart_model_new (kind);
  self->title = g_strdup (pulse_metric_get_title (metric));
  self->unit = scale == 100.0 ? g_strdup ("%") : g_strdup (pulse_metric_get_unit (metric));
  if (self->unit != NULL && *self->unit == '\0')
    g_clear_pointer (&self->unit, g_free);
  self->better = better_from_string (pulse_metric_get_better (metric));
  self->aggregate = aggregate;
  pulse_chart_model_set_buckets (self, pulse_metric_result_get_buckets (result));

  switch (kind)
    {
    case PULSE_CHART_KIND_FUNNEL:
      add_result_steps (self, result, segment);
      break;
    case PULSE_CHART_KIND_HISTOGRAM:
      add_result_histogram (self, result);
      break;
    case PULSE_CHART_KIND_KPI:
      add_result_series (self, result, NULL, segment, scale);
      pulse_chart_model_set_kpi (self,
                                 kpi_value_of (result, segment, aggregate, scale),
                                 previous ? kpi_value_of (previous, segment, aggregate, scale) : NAN);
      break;
    case PULSE_CHART_KIND_LINE:
    case PULSE_CHART_KIND_AREA:
    case PULSE_CHART_KIND_STACKED_BAR:
    case PULSE_CHART_KIND_DONUT:
    default:
      add_result_series (self, result, previous, segment, scale);
      break;
    }

  return self;
}
