/* pulse-chart-axis.c: the value and category axes of line, area, bar
 * charts and histograms, and the bars that stand on them
 *
 * A value axis per unit: the left one for the chart's own, a right one
 * for a second unit, each titled once with its unit. They get "nice"
 * ticks at most ~36 px apart, as many on both, on the same grid lines.
 * The category axis labels as many buckets as fit without overlapping,
 * preferring regular choices (every 7th day, the first of each month,
 * multiples of 5) over arbitrary ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pulse-chart-axis-private.h"
#include "pulse-chart-format.h"

#define LABEL_GAP 10.0  /* minimum space between two category labels */
#define TICK_GAP   8.0  /* between the plot and the value labels */
#define TITLE_GAP  4.0  /* under a value axis' title */
#define PARTIAL_HATCH_GAP 6.0  /* between the lines that hatch a partial bucket */

typedef struct
{
  double         value;
  PulseChartText text;
} Tick;

typedef struct
{
  guint          bucket;
  PulseChartText text;
} Label;

static void
tick_clear (gpointer data)
{
  _pulse_chart_text_clear (&((Tick *)data)->text);
}

static void
label_clear (gpointer data)
{
  _pulse_chart_text_clear (&((Label *)data)->text);
}

static GArray *
array_new (gsize          element_size,
           GDestroyNotify clear_func)
{
  GArray *array = g_array_new (FALSE, TRUE, element_size);

  g_array_set_clear_func (array, clear_func);
  return array;
}

static gboolean
all_dates (GStrv labels)
{
  if (labels == NULL || labels[0] == NULL)
    return FALSE;
  for (guint i = 0; labels[i]; i++)
    if (!pulse_chart_parse_date (labels[i], NULL, NULL, NULL))
      return FALSE;
  return TRUE;
}

/**
 * _pulse_chart_axis_new:
 * @buckets: (transfer full): the category labels
 * @banded: whether each bucket is a band (bars) rather than a point
 */
PulseChartAxis *
_pulse_chart_axis_new (GStrv    buckets,
                       gboolean banded)
{
  PulseChartAxis *axis = g_new0 (PulseChartAxis, 1);

  axis->buckets = buckets;
  axis->n_buckets = g_strv_length (buckets);
  axis->labels_are_dates = all_dates (buckets);
  axis->banded = banded;
  for (guint i = 0; i < PULSE_CHART_MAX_VALUE_AXES; i++)
    {
      axis->values[i].ticks = array_new (sizeof (Tick), tick_clear);
      axis->values[i].divisor = 1;
    }
  axis->x_labels = array_new (sizeof (Label), label_clear);
  axis->partial_labels = array_new (sizeof (Label), label_clear);
  return axis;
}

void
_pulse_chart_axis_free (PulseChartAxis *axis)
{
  g_strfreev (axis->buckets);
  for (guint i = 0; i < PULSE_CHART_MAX_VALUE_AXES; i++)
    {
      g_free (axis->values[i].unit);
      g_array_unref (axis->values[i].ticks);
      _pulse_chart_text_clear (&axis->values[i].title);
    }
  g_array_unref (axis->x_labels);
  g_array_unref (axis->partial_labels);
  g_free (axis->partial);
  g_free (axis);
}

/* Value axes */

static int
find_value_axis (PulseChartAxis *axis,
                 const char     *unit)
{
  for (guint i = 0; i < axis->n_values; i++)
    if (g_strcmp0 (axis->values[i].unit, unit) == 0)
      return i;
  return -1;
}

static void
add_value_axis (PulseChartAxis *axis,
                const char     *unit)
{
  PulseChartValueAxis *value = &axis->values[axis->n_values++];

  value->unit = g_strdup (unit);
  value->from_zero = unit != NULL && !pulse_chart_unit_is_duration (unit);
}

static gboolean
unit_shown (PulseChartLayout *self,
            const char       *unit)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      PulseChartSeries *series = _pulse_chart_layout_get_series (self, i);

      if (series->visible && g_strcmp0 (series->unit, unit) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The shown series, of a unit without an axis yet, turned on first */
static PulseChartSeries *
next_unit (PulseChartLayout *self)
{
  PulseChartSeries *next = NULL;

  for (guint i = 0; i < self->series->len; i++)
    {
      PulseChartSeries *series = _pulse_chart_layout_get_series (self, i);

      if (series->visible && find_value_axis (self->axis, series->unit) < 0 &&
          (next == NULL || series->shown_at < next->shown_at))
        next = series;
    }
  return next;
}

/**
 * _pulse_chart_axis_assign:
 * @primary: (nullable): the chart's own unit
 * @max_axes: 1 when the series share one scale (stacked bars), else
 *   %PULSE_CHART_MAX_VALUE_AXES
 *
 * Gives each series the value axis of its unit: the left one to
 * @primary's series (or, none of them shown, to the unit shown first),
 * the right one to the next unit turned on. Series of a further unit
 * get none and are not drawn: read on another unit's scale they would
 * lie, and a third scale could not say which line it belongs to. Their
 * legend entry says so and tooltips still give their values.
 */
void
_pulse_chart_axis_assign (PulseChartLayout *self,
                          const char       *primary,
                          guint             max_axes)
{
  PulseChartAxis *axis = self->axis;
  PulseChartSeries *next;

  if (unit_shown (self, primary) || (next = next_unit (self)) == NULL)
    add_value_axis (axis, primary);
  else
    add_value_axis (axis, next->unit);
  while (axis->n_values < MIN (max_axes, PULSE_CHART_MAX_VALUE_AXES) && (next = next_unit (self)) != NULL)
    add_value_axis (axis, next->unit);

  for (guint i = 0; i < self->series->len; i++)
    {
      PulseChartSeries *series = _pulse_chart_layout_get_series (self, i);

      series->axis = find_value_axis (axis, series->unit);
    }
}

double
_pulse_chart_axis_y (PulseChartLayout *self,
                     guint             axis,
                     double            value)
{
  PulseChartValueAxis *scale = &self->axis->values[axis];
  double range = scale->max - scale->min;

  if (!(range > 0))
    return self->plot.y + self->plot.height;
  return self->plot.y + self->plot.height * (1.0 - (value - scale->min) / range);
}

/* Where bars and areas of @axis grow from: zero, or the nearest edge. */
double
_pulse_chart_axis_baseline (PulseChartLayout *self,
                            guint             axis)
{
  PulseChartValueAxis *scale = &self->axis->values[axis];

  return _pulse_chart_axis_y (self, axis, CLAMP (0, scale->min, scale->max));
}

double
_pulse_chart_axis_x (PulseChartLayout *self,
                     double            bucket)
{
  guint n = self->axis->n_buckets;

  if (self->axis->banded)
    return self->plot.x + (bucket + 0.5) * self->plot.width / MAX (n, 1);
  if (n <= 1)
    return self->plot.x + self->plot.width / 2;
  return self->plot.x + bucket * self->plot.width / (n - 1);
}

/* Ticks from @first, @step apart, in the axis' unit (minutes) */
typedef struct
{
  double first;
  double step;
  guint  n;
} Scale;

static Scale
nice_scale (PulseChartValueAxis *value,
            guint                max_ticks)
{
  Scale scale;

  scale.n = pulse_chart_nice_ticks (value->min / value->divisor, value->max / value->divisor,
                                    max_ticks, &scale.first, &scale.step);
  return scale;
}

/* How much of @scale, stretched to @n ticks, @value's range fills */
static double
scale_fill (PulseChartValueAxis *value,
            const Scale         *scale,
            guint                n)
{
  return (value->max - value->min) / value->divisor / ((n - 1) * scale->step);
}

/* One tick count for every axis, so the right one's labels sit on the
 * left one's grid lines: of those up to @max_ticks, the one that leaves
 * the least room empty, the most ticks among equals. One axis alone
 * gets its nice ticks, at most @max_ticks.
 * Returns: the number of ticks */
static guint
choose_scales (PulseChartAxis *axis,
               guint           max_ticks,
               Scale          *scales)
{
  double best_fill = -1;
  guint best_n = 0;

  for (guint k = max_ticks; k >= 2; k--)
    {
      Scale candidates[PULSE_CHART_MAX_VALUE_AXES];
      double fill = 0;
      guint n = 0;

      for (guint i = 0; i < axis->n_values; i++)
        {
          candidates[i] = nice_scale (&axis->values[i], k);
          n = MAX (n, candidates[i].n);
        }
      for (guint i = 0; i < axis->n_values; i++)
        fill += scale_fill (&axis->values[i], &candidates[i], n);
      if (fill > best_fill + 1e-9)
        {
          best_fill = fill;
          best_n = n;
          memcpy (scales, candidates, sizeof candidates);
        }
    }
  return best_n;
}

/* @n ticks of @scale on @value. Returns: the labels' width */
static double
layout_value_ticks (PulseChartLayout    *self,
                    PulseChartValueAxis *value,
                    const Scale         *scale,
                    guint                n)
{
  double label_width = 0;

  value->min = scale->first * value->divisor;
  value->max = (scale->first + (n - 1) * scale->step) * value->divisor;

  for (guint i = 0; i < n; i++)
    {
      Tick tick = { 0 };
      g_autofree char *label = NULL;
      double number = scale->first + i * scale->step;

      if (fabs (number) < scale->step * 1e-9)
        number = 0;
      tick.value = number * value->divisor;
      label = pulse_chart_format_tick (number, scale->step);
      _pulse_chart_text_set (self->text, &tick.text, label, PULSE_CHART_FONT_SMALL, TRUE);
      label_width = MAX (label_width, tick.text.width);
      g_array_append_val (value->ticks, tick);
    }
  return label_width;
}

/* The unit, once, above the tick labels. Durations count in the unit
 * the headline leads with for the range's largest value (minutes).
 * Returns: the title's height */
static double
layout_value_title (PulseChartLayout    *self,
                    PulseChartValueAxis *value)
{
  const char *title;

  if (value->unit == NULL)
    return 0;
  title = pulse_chart_unit_title (value->unit);
  if (pulse_chart_unit_is_duration (value->unit))
    {
      value->divisor = pulse_chart_duration_divisor (MAX (fabs (value->min), fabs (value->max)));
      title = pulse_chart_duration_title (value->divisor);
    }
  _pulse_chart_text_set (self->text, &value->title, title, PULSE_CHART_FONT_SMALL, FALSE);
  return value->title.height;
}

/* Tick labels beside the plot, right-aligned on the left, left-aligned
 * on the right; the title above them. */
static void
place_value_axis (PulseChartLayout        *self,
                  guint                    index,
                  const cairo_rectangle_t *area,
                  double                   title_y)
{
  PulseChartValueAxis *value = &self->axis->values[index];
  gboolean left = index == 0;

  for (guint i = 0; i < value->ticks->len; i++)
    {
      Tick *tick = &g_array_index (value->ticks, Tick, i);
      double x = left ? self->plot.x - TICK_GAP - tick->text.width : self->plot.x + self->plot.width + TICK_GAP;

      _pulse_chart_text_move (&tick->text, x, _pulse_chart_axis_y (self, index, tick->value) - tick->text.height / 2);
    }
  _pulse_chart_text_move (&value->title,
                          left ? area->x : area->x + area->width - value->title.width, title_y);
}

/* Category axis: choosing labels that do not overlap */

typedef enum
{
  PICK_STRIDE,        /* every n-th bucket */
  PICK_VALUE_STRIDE,  /* numeric labels divisible by n */
  PICK_MONTHS,        /* first bucket of every n-th month */
  PICK_FIRST,         /* the first bucket only */
} PickKind;

typedef struct
{
  PickKind kind;
  guint    n;
} Pick;

static int
bucket_spacing_days (PulseChartAxis *axis)
{
  g_autoptr(GDate) a = NULL;
  g_autoptr(GDate) b = NULL;
  int y1, m1, d1, y2, m2, d2;
  /* The first bucket of a week or month may be partial: skip it. */
  guint i = axis->n_buckets >= 3 ? 1 : 0;

  if (!axis->labels_are_dates || axis->n_buckets < 2 ||
      !pulse_chart_parse_date (axis->buckets[i], &y1, &m1, &d1) ||
      !pulse_chart_parse_date (axis->buckets[i + 1], &y2, &m2, &d2))
    return 0;
  a = g_date_new_dmy (d1, m1, y1);
  b = g_date_new_dmy (d2, m2, y2);
  return g_date_days_between (a, b);
}

static gboolean
all_integers (PulseChartAxis *axis)
{
  for (guint i = 0; i < axis->n_buckets; i++)
    {
      char *end = NULL;
      g_ascii_strtoll (axis->buckets[i], &end, 10);
      if (end == axis->buckets[i] || *end != '\0')
        return FALSE;
    }
  return axis->n_buckets > 0;
}

/* Candidate label sets, densest first. */
static GArray *
pick_candidates (PulseChartAxis *axis)
{
  GArray *picks = g_array_new (FALSE, FALSE, sizeof (Pick));
  int spacing = bucket_spacing_days (axis);

#define ADD(k, v) G_STMT_START { Pick p = { k, v }; g_array_append_val (picks, p); } G_STMT_END

  if (axis->labels_are_dates)
    {
      if (spacing <= 1)
        {
          ADD (PICK_STRIDE, 1); ADD (PICK_STRIDE, 2); ADD (PICK_STRIDE, 3);
          ADD (PICK_STRIDE, 7); ADD (PICK_STRIDE, 14);
        }
      else if (spacing <= 7)
        {
          ADD (PICK_STRIDE, 1); ADD (PICK_STRIDE, 2);
        }
      else
        ADD (PICK_STRIDE, 1);
      ADD (PICK_MONTHS, 1); ADD (PICK_MONTHS, 2); ADD (PICK_MONTHS, 3);
      ADD (PICK_MONTHS, 6); ADD (PICK_MONTHS, 12); ADD (PICK_MONTHS, 24);
      ADD (PICK_MONTHS, 60);
    }
  else
    {
      PickKind kind = all_integers (axis) ? PICK_VALUE_STRIDE : PICK_STRIDE;

      for (guint magnitude = 1; magnitude <= 100000; magnitude *= 10)
        {
          ADD (kind, magnitude); ADD (kind, 2 * magnitude); ADD (kind, 5 * magnitude);
        }
    }
  ADD (PICK_FIRST, 1);

#undef ADD
  return picks;
}

static int
month_index (const char *iso)
{
  int y, m;

  if (!pulse_chart_parse_date (iso, &y, &m, NULL))
    return -1;
  return y * 12 + (m - 1);
}

static gboolean
picked (PulseChartAxis *axis,
        const Pick     *pick,
        guint           i)
{
  switch (pick->kind)
    {
    case PICK_STRIDE:
      return i % pick->n == 0;
    case PICK_VALUE_STRIDE:
      return g_ascii_strtoll (axis->buckets[i], NULL, 10) % pick->n == 0;
    case PICK_MONTHS:
      {
        int month = month_index (axis->buckets[i]);
        int day = 0;

        pulse_chart_parse_date (axis->buckets[i], NULL, NULL, &day);
        /* A month's first bucket: the month changed, or the range starts
         * on its first day. */
        if (i == 0 ? day != 1 : month_index (axis->buckets[i - 1]) == month)
          return FALSE;
        return month % pick->n == 0;
      }
    case PICK_FIRST:
      return i == 0;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static double
label_left (PulseChartLayout *self,
            guint             bucket,
            double            width)
{
  double x = _pulse_chart_axis_x (self, bucket) - width / 2;
  return CLAMP (x, 0, MAX (0, self->width - width));
}

/* How a category label reads: dates as days or months, with the year
 * where the axis spans years. */
typedef enum
{
  STYLE_PLAIN,        /* not a date: the label as it is */
  STYLE_DAY,          /* "Mar 5" */
  STYLE_DAY_YEAR,     /* "Mar 5, 2026" */
  STYLE_MONTH,        /* "Mar" */
  STYLE_MONTH_YEAR,   /* "Mar 2026" */
  N_STYLES
} LabelStyle;

/* Every label's text and width in each style, made when first asked:
 * measuring 365 labels in five styles would be slow. */
typedef struct
{
  PulseChartLayout *layout;
  PulseChartText    scratch;
  int               spacing;
  gboolean          spans_years;
  char            **texts[N_STYLES];
  double           *widths[N_STYLES];
} LabelCache;

typedef struct
{
  guint      bucket;
  LabelStyle style;
} Chosen;

static int
bucket_year (PulseChartAxis *axis,
             guint           i)
{
  int year = 0;

  pulse_chart_parse_date (axis->buckets[i], &year, NULL, NULL);
  return year;
}

static void
label_cache_init (LabelCache       *cache,
                  PulseChartLayout *self)
{
  PulseChartAxis *axis = self->axis;

  memset (cache, 0, sizeof *cache);
  cache->layout = self;
  cache->spacing = bucket_spacing_days (axis);
  cache->spans_years = axis->labels_are_dates &&
                       bucket_year (axis, 0) != bucket_year (axis, axis->n_buckets - 1);
}

static void
label_cache_clear (LabelCache *cache)
{
  for (guint style = 0; style < N_STYLES; style++)
    {
      if (cache->texts[style] != NULL)
        for (guint i = 0; i < cache->layout->axis->n_buckets; i++)
          g_free (cache->texts[style][i]);
      g_free (cache->texts[style]);
      g_free (cache->widths[style]);
    }
  _pulse_chart_text_clear (&cache->scratch);
}

static char *
format_label (PulseChartAxis *axis,
              guint           i,
              LabelStyle      style)
{
  switch (style)
    {
    case STYLE_DAY:
      return pulse_chart_format_date_short (axis->buckets[i]);
    case STYLE_DAY_YEAR:
      return pulse_chart_format_date_short_year (axis->buckets[i]);
    case STYLE_MONTH:
    case STYLE_MONTH_YEAR:
      return pulse_chart_format_month (axis->buckets[i], style == STYLE_MONTH_YEAR);
    case STYLE_PLAIN:
    default:
      return g_strdup (axis->buckets[i]);
    }
}

/* Returns: (transfer none): the label of bucket @i in @style; @width its width */
static const char *
label_cache_get (LabelCache *cache,
                 guint       i,
                 LabelStyle  style,
                 double     *width)
{
  PulseChartLayout *self = cache->layout;
  guint n = self->axis->n_buckets;

  if (cache->texts[style] == NULL)
    {
      cache->texts[style] = g_new0 (char *, n);
      cache->widths[style] = g_new0 (double, n);
    }
  if (cache->texts[style][i] == NULL)
    {
      cache->texts[style][i] = format_label (self->axis, i, style);
      _pulse_chart_text_set (self->text, &cache->scratch, cache->texts[style][i], PULSE_CHART_FONT_SMALL, TRUE);
      cache->widths[style][i] = cache->scratch.width;
    }
  if (width)
    *width = cache->widths[style][i];
  return cache->texts[style][i];
}

/* Months read as months ("Mar"), days as days ("Mar 5"); the first
 * label and the first of each new year say the year, when the axis
 * spans more than one. */
static LabelStyle
label_style (LabelCache *cache,
             const Pick *pick,
             guint       i,
             int         previous_year)
{
  PulseChartAxis *axis = cache->layout->axis;
  gboolean month, year;

  if (!axis->labels_are_dates)
    return STYLE_PLAIN;
  month = pick->kind == PICK_MONTHS || cache->spacing >= 28;
  year = cache->spans_years && bucket_year (axis, i) != previous_year;
  if (month)
    return year ? STYLE_MONTH_YEAR : STYLE_MONTH;
  return year ? STYLE_DAY_YEAR : STYLE_DAY;
}

static GArray *
try_pick (LabelCache *cache,
          const Pick *pick)
{
  PulseChartLayout *self = cache->layout;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (Chosen));
  double prev_right = -INFINITY;
  int previous_year = 0;

  for (guint i = 0; i < self->axis->n_buckets; i++)
    {
      Chosen c = { i, 0 };
      double left, width;

      if (!picked (self->axis, pick, i))
        continue;
      c.style = label_style (cache, pick, i, previous_year);
      label_cache_get (cache, i, c.style, &width);
      left = label_left (self, i, width);
      if (left < prev_right + LABEL_GAP)
        return NULL;
      prev_right = left + width;
      previous_year = self->axis->labels_are_dates ? bucket_year (self->axis, i) : 0;
      g_array_append_val (chosen, c);
    }
  return chosen->len > 0 ? g_steal_pointer (&chosen) : NULL;
}

static void
layout_x_labels (PulseChartLayout *self,
                 double            y)
{
  PulseChartAxis *axis = self->axis;
  g_autoptr(GArray) picks = NULL;
  g_autoptr(GArray) chosen = NULL;
  LabelCache cache;

  if (axis->n_buckets == 0)
    return;

  label_cache_init (&cache, self);
  picks = pick_candidates (axis);
  for (guint p = 0; p < picks->len && chosen == NULL; p++)
    chosen = try_pick (&cache, &g_array_index (picks, Pick, p));

  for (guint c = 0; chosen != NULL && c < chosen->len; c++)
    {
      Label label = { 0 };
      Chosen *pick = &g_array_index (chosen, Chosen, c);

      label.bucket = pick->bucket;
      _pulse_chart_text_set (self->text, &label.text, label_cache_get (&cache, pick->bucket, pick->style, NULL),
                             PULSE_CHART_FONT_SMALL, TRUE);
      _pulse_chart_text_move (&label.text, label_left (self, pick->bucket, label.text.width), y);
      g_array_append_val (axis->x_labels, label);
    }
  label_cache_clear (&cache);
}

/* Partial buckets: a week or month the range cuts, a day not over */

/* Copies the model's partial marks, for time series only. */
void
_pulse_chart_axis_set_partial (PulseChartAxis  *axis,
                               PulseChartModel *model)
{
  g_clear_pointer (&axis->partial, g_free);
  if (!axis->labels_are_dates)
    return;
  for (guint i = 0; i < axis->n_buckets; i++)
    if (pulse_chart_model_get_bucket_partial (model, i))
      {
        if (axis->partial == NULL)
          axis->partial = g_new0 (gboolean, axis->n_buckets);
        axis->partial[i] = TRUE;
      }
}

static gboolean
is_partial (PulseChartAxis *axis,
            guint           bucket)
{
  return axis->partial != NULL && bucket < axis->n_buckets && axis->partial[bucket];
}

/* Where a run of partial buckets from @first to @last is shaded: their
 * bands, or halfway to the neighbouring points, inside the plot. */
static cairo_rectangle_t
partial_rect (PulseChartLayout *self,
              guint             first,
              guint             last)
{
  guint n = self->axis->n_buckets;
  double half = self->axis->banded ? self->plot.width / MAX (n, 1) / 2
                                   : n > 1 ? self->plot.width / (n - 1) / 2 : self->plot.width / 2;
  double x0 = MAX (self->plot.x, _pulse_chart_axis_x (self, first) - half);
  double x1 = MIN (self->plot.x + self->plot.width, _pulse_chart_axis_x (self, last) + half);

  return (cairo_rectangle_t) { x0, self->plot.y, MAX (0, x1 - x0), self->plot.height };
}

/* Calls @func for each run of consecutive partial buckets. */
static void
foreach_partial_run (PulseChartLayout *self,
                     void            (*func) (PulseChartLayout *, guint, guint, gpointer),
                     gpointer          data)
{
  PulseChartAxis *axis = self->axis;

  for (guint i = 0; i < axis->n_buckets; i++)
    {
      guint last = i;

      if (!is_partial (axis, i))
        continue;
      while (is_partial (axis, last + 1))
        last++;
      func (self, i, last, data);
      i = last;
    }
}

/* The room on the titles' line that no value axis' title takes. */
static void
free_title_room (PulseChartLayout        *self,
                 const cairo_rectangle_t *area,
                 double                  *left,
                 double                  *right)
{
  *left = area->x;
  *right = area->x + area->width;
  for (guint i = 0; i < self->axis->n_values; i++)
    {
      PulseChartText *title = &self->axis->values[i].title;

      if (title->layout == NULL)
        continue;
      if (i == 0)
        *left = title->x + title->width + LABEL_GAP;
      else
        *right = MIN (*right, title->x - LABEL_GAP);
    }
}

typedef struct
{
  double y;      /* of the titles' line */
  double left;   /* its free room */
  double right;
} PartialRow;

/* "partial", over its run on the titles' line: above the plot, where
 * no series line or annotation flag runs through it. */
static void
add_partial_label (PulseChartLayout *self,
                   guint             first,
                   guint             last,
                   gpointer          data)
{
  PartialRow *row = data;
  cairo_rectangle_t rect = partial_rect (self, first, last);
  Label label = { first, { 0 } };
  double x;

  /* Translators: marks a day, week or month on a chart whose data is
   * incomplete (the range cuts it, or it is not over yet) */
  _pulse_chart_text_set (self->text, &label.text, C_("chart", "partial"), PULSE_CHART_FONT_SMALL, FALSE);
  x = rect.x + (rect.width - label.text.width) / 2;
  x = MAX (row->left, MIN (x, row->right - label.text.width));
  _pulse_chart_text_move (&label.text, x, row->y);
  g_array_append_val (self->axis->partial_labels, label);
}

static void
layout_partial_labels (PulseChartLayout        *self,
                       const cairo_rectangle_t *area,
                       double                   title_y)
{
  PartialRow row = { title_y, 0, 0 };

  free_title_room (self, area, &row.left, &row.right);
  foreach_partial_run (self, add_partial_label, &row);
}

static void
shade_partial_run (PulseChartLayout *self,
                   guint             first,
                   guint             last,
                   gpointer          data)
{
  PulseChartDraw *d = data;
  cairo_rectangle_t rect = partial_rect (self, first, last);
  cairo_t *cr = d->cr;

  _pulse_chart_draw_highlight (d, &rect, 0, 0.05, 0.07);
  /* Hatched, so it reads as "not like the rest" in print too. */
  cairo_save (cr);
  cairo_rectangle (cr, rect.x, rect.y, rect.width, rect.height);
  cairo_clip (cr);
  for (double x = rect.x - rect.height; x < rect.x + rect.width; x += PARTIAL_HATCH_GAP)
    {
      cairo_move_to (cr, x, rect.y + rect.height);
      cairo_line_to (cr, x + rect.height, rect.y);
    }
  cairo_set_line_width (cr, 1);
  pulse_chart_color_apply (cr, &d->palette->dim_foreground, 0.18);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The partial buckets' shading, under the grid and the series. */
void
_pulse_chart_axis_draw_partial (PulseChartLayout *self,
                                PulseChartDraw   *d)
{
  if (!self->empty)
    foreach_partial_run (self, shade_partial_run, d);
}

/* Their labels, on the titles' line, on the chart's surface. */
void
_pulse_chart_axis_draw_partial_labels (PulseChartLayout *self,
                                       PulseChartDraw   *d)
{
  for (guint i = 0; !self->empty && i < self->axis->partial_labels->len; i++)
    {
      PulseChartText *text = &g_array_index (self->axis->partial_labels, Label, i).text;

      _pulse_chart_draw_rounded_rect (d, text->x - 3, text->y, text->width + 6, text->height, 3);
      pulse_chart_color_apply (d->cr, &d->palette->surface, 0.85);
      cairo_fill (d->cr);
      _pulse_chart_draw_text (d, text, &d->palette->dim_foreground);
    }
}

/* Whether bucket @bucket is drawn as partial (for the tests). */
gboolean
pulse_chart_layout_get_bucket_partial (PulseChartLayout *self,
                                       guint             bucket)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->axis != NULL && is_partial (self->axis, bucket);
}

guint
pulse_chart_layout_get_n_partial_labels (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->axis ? self->axis->partial_labels->len : 0;
}

/* Where "partial" label @index is drawn (for the tests). */
void
pulse_chart_layout_get_partial_label_rect (PulseChartLayout  *self,
                                           guint              index,
                                           cairo_rectangle_t *rect)
{
  PulseChartText *text;

  g_return_if_fail (index < pulse_chart_layout_get_n_partial_labels (self));
  text = &g_array_index (self->axis->partial_labels, Label, index).text;
  *rect = (cairo_rectangle_t) { text->x, text->y, text->width, text->height };
}

/**
 * _pulse_chart_axis_layout:
 * @area: the chart's area
 * @top: where the axes start in @area, below a legend
 *
 * Places the plot, the value axes (_pulse_chart_axis_assign() made
 * them, the kind set the range each shows) and the category labels;
 * or the empty message.
 */
void
_pulse_chart_axis_layout (PulseChartLayout        *self,
                          const cairo_rectangle_t *area,
                          double                   top)
{
  PulseChartAxis *axis = self->axis;
  PulseChartText sample = { 0 };
  double bottom = area->y + area->height;
  double line_height, plot_top, plot_bottom, left_width, right_width = 0, title_y = top, title_height = 0;
  Scale scales[PULSE_CHART_MAX_VALUE_AXES];
  guint max_ticks, n_ticks;

  if (self->empty)
    {
      self->plot = (cairo_rectangle_t) { area->x, top, area->width, MAX (0, bottom - top) };
      _pulse_chart_layout_set_message (self, area->x, top, area->width, bottom - top);
      return;
    }

  _pulse_chart_text_set (self->text, &sample, "0", PULSE_CHART_FONT_SMALL, TRUE);
  line_height = sample.height;
  _pulse_chart_text_clear (&sample);

  for (guint i = 0; i < axis->n_values; i++)
    title_height = MAX (title_height, layout_value_title (self, &axis->values[i]));
  /* A partial bucket's label needs the titles' line. */
  if (axis->partial != NULL)
    title_height = MAX (title_height, line_height);
  if (title_height > 0)
    top += title_height + TITLE_GAP;

  plot_top = top + line_height / 2;
  plot_bottom = bottom - line_height - 6;
  /* Ticks at most ~36 px apart, at least 2, at most 8 */
  max_ticks = CLAMP ((guint)(MAX (plot_bottom - plot_top, 1) / 36.0) + 1, 2, 8);
  n_ticks = choose_scales (axis, max_ticks, scales);
  left_width = layout_value_ticks (self, &axis->values[0], &scales[0], n_ticks);
  for (guint i = 1; i < axis->n_values; i++)
    right_width = layout_value_ticks (self, &axis->values[i], &scales[i], n_ticks) + TICK_GAP;

  self->plot.x = area->x + left_width + TICK_GAP;
  self->plot.y = plot_top;
  self->plot.width = MAX (1, area->x + area->width - right_width - self->plot.x);
  self->plot.height = MAX (1, plot_bottom - plot_top);

  for (guint i = 0; i < axis->n_values; i++)
    place_value_axis (self, i, area, title_y);

  if (axis->banded)
    {
      double band = self->plot.width / MAX (axis->n_buckets, 1);

      if (band >= 6)
        axis->bar_width = MIN (band * 0.72, 56);
      else
        axis->bar_width = MAX (band - 1, band * 0.8);
    }

  layout_x_labels (self, plot_bottom + 6);
  layout_partial_labels (self, area, title_y);
}

/* Hit testing */

static int
nearest_bucket (PulseChartLayout *self,
                double            x)
{
  guint n = self->axis->n_buckets;
  double position;

  if (n == 0)
    return -1;
  if (self->axis->banded)
    position = floor ((x - self->plot.x) / (self->plot.width / n));
  else if (n == 1)
    position = 0;
  else
    position = round ((x - self->plot.x) / (self->plot.width / (n - 1)));
  return CLAMP ((int)position, 0, (int)n - 1);
}

/* The whole column of a bucket counts, labels included: hovering a thin
 * line or bar exactly is not expected. */
gboolean
_pulse_chart_axis_hit_test (PulseChartLayout *self,
                            double            x,
                            double            y,
                            PulseChartHit    *hit)
{
  cairo_rectangle_t column = { self->plot.x - 6, self->plot.y - 8,
                               self->plot.width + 12, self->height - self->plot.y + 8 };

  if (!_pulse_chart_rect_contains (&column, x, y))
    return FALSE;
  hit->kind = PULSE_CHART_HIT_BUCKET;
  hit->index = nearest_bucket (self, x);
  return TRUE;
}

/* The full-height column of @bucket in bar charts and histograms. */
gboolean
_pulse_chart_axis_get_band (PulseChartLayout  *self,
                            guint              bucket,
                            cairo_rectangle_t *rect)
{
  PulseChartAxis *axis = self->axis;
  double cx;

  if (!axis->banded || bucket >= axis->n_buckets || self->empty)
    return FALSE;
  cx = _pulse_chart_axis_x (self, bucket);
  *rect = (cairo_rectangle_t) { cx - axis->bar_width / 2, self->plot.y,
                                axis->bar_width, self->plot.height };
  return TRUE;
}

/* A tooltip's header: the long date, or the label and @unit. */
char *
_pulse_chart_axis_dup_header (PulseChartLayout *self,
                              guint             bucket,
                              const char       *unit)
{
  PulseChartAxis *axis = self->axis;
  char *date;

  if (bucket >= axis->n_buckets)
    return g_strdup ("");
  if (axis->labels_are_dates && (date = pulse_chart_format_date_long (axis->buckets[bucket])))
    {
      if (is_partial (axis, bucket))
        {
          /* Translators: a tooltip's date, then that its data is
           * incomplete: "Mon, Nov 30, 2026 (partial)" */
          char *marked = g_strdup_printf (C_("chart", "%s (partial)"), date);
          g_free (date);
          return marked;
        }
      return date;
    }
  if (unit != NULL)
    return g_strdup_printf ("%s %s", axis->buckets[bucket], unit);
  return g_strdup (axis->buckets[bucket]);
}

/* Drawing */

/* The grid with its tick labels, and the category labels. */
void
_pulse_chart_axis_draw (PulseChartLayout *self,
                        PulseChartDraw   *d)
{
  PulseChartAxis *axis = self->axis;
  PulseChartValueAxis *left = &axis->values[0];
  cairo_t *cr = d->cr;
  gboolean has_zero = left->min <= 0 && left->max >= 0;

  /* The left axis' grid; the right one's ticks are on the same lines. */
  cairo_set_line_width (cr, MAX (1, round (d->scale)) / d->scale);
  for (guint i = 0; i < left->ticks->len; i++)
    {
      Tick *tick = &g_array_index (left->ticks, Tick, i);
      double y = _pulse_chart_draw_snap_line (d, _pulse_chart_axis_y (self, 0, tick->value), 1);
      /* The baseline (zero, or the bottom) is a little stronger. */
      gboolean base = has_zero ? tick->value == 0 : i == 0;

      cairo_move_to (cr, self->plot.x, y);
      cairo_line_to (cr, self->plot.x + self->plot.width, y);
      pulse_chart_color_apply (cr, base ? &d->palette->axis : &d->palette->grid, 1);
      cairo_stroke (cr);
    }

  for (guint a = 0; a < axis->n_values; a++)
    {
      PulseChartValueAxis *value = &axis->values[a];

      for (guint i = 0; i < value->ticks->len; i++)
        _pulse_chart_draw_text (d, &g_array_index (value->ticks, Tick, i).text, &d->palette->dim_foreground);
      _pulse_chart_draw_text (d, &value->title, &d->palette->dim_foreground);
    }

  for (guint i = 0; i < axis->x_labels->len; i++)
    _pulse_chart_draw_text (d, &g_array_index (axis->x_labels, Label, i).text, &d->palette->dim_foreground);
}

/* The series whose segment tops the stack of @bucket, or -1 */
static int
top_segment (PulseChartLayout *self,
             guint             bucket)
{
  int top = -1;

  for (guint i = 0; i < self->series->len; i++)
    {
      PulseChartSeries *series = _pulse_chart_layout_get_series (self, i);
      double v = _pulse_chart_series_value (series, bucket);

      if (_pulse_chart_series_drawn (series) && !isnan (v) && v > 0)
        top = i;
    }
  return top;
}

/* A bar per bucket, the visible series stacked in order: positive
 * values up from zero, negative ones down; the top one rounded. */
void
_pulse_chart_axis_draw_bars (PulseChartLayout *self,
                             PulseChartDraw   *d)
{
  PulseChartAxis *axis = self->axis;
  double zero = _pulse_chart_axis_baseline (self, 0);
  /* Segments are parted by a device pixel of gap when there is room. */
  double gap = axis->bar_width * d->scale >= 4 ? 1.0 / d->scale * MAX (1, round (d->scale)) : 0;

  for (guint b = 0; b < axis->n_buckets; b++)
    {
      double cx = _pulse_chart_axis_x (self, b);
      double x0 = _pulse_chart_draw_snap (d, cx - axis->bar_width / 2);
      double x1 = MAX (x0 + 1 / d->scale, _pulse_chart_draw_snap (d, cx + axis->bar_width / 2));
      double up = 0, down = 0;
      int top = top_segment (self, b);

      for (guint i = 0; i < self->series->len; i++)
        {
          PulseChartSeries *series = _pulse_chart_layout_get_series (self, i);
          double v = _pulse_chart_series_value (series, b);
          double y0, y1;

          if (!_pulse_chart_series_drawn (series) || isnan (v) || v == 0)
            continue;
          if (v > 0)
            {
              y0 = _pulse_chart_draw_snap (d, _pulse_chart_axis_y (self, 0, up + v));
              y1 = _pulse_chart_draw_snap (d, _pulse_chart_axis_y (self, 0, up));
              if (up > 0)
                y1 -= gap;
              up += v;
            }
          else
            {
              y0 = _pulse_chart_draw_snap (d, _pulse_chart_axis_y (self, 0, down));
              y1 = _pulse_chart_draw_snap (d, _pulse_chart_axis_y (self, 0, down + v));
              down += v;
            }
          _pulse_chart_draw_bar (d, x0, x1, y0, MIN (y1, v > 0 ? zero : y1),
                                 v > 0 && (int)i == top,
                                 _pulse_chart_draw_series_color (d, series->color_index));
        }
    }
}

/* The hovered bucket's band, lightly shaded. */
void
_pulse_chart_axis_draw_band (PulseChartLayout *self,
                             PulseChartDraw   *d,
                             guint             bucket)
{
  double band = self->plot.width / MAX (self->axis->n_buckets, 1);
  cairo_rectangle_t rect = { _pulse_chart_axis_x (self, bucket) - band / 2, self->plot.y,
                             band, self->plot.height };

  _pulse_chart_draw_highlight (d, &rect, MIN (4, band / 4), 0.06, 0.08);
}

/* Accessors, for the tests */

guint
pulse_chart_layout_get_n_value_axes (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->axis ? self->axis->n_values : 0;
}

static PulseChartValueAxis *
get_value_axis (PulseChartLayout *self,
                guint             axis)
{
  return axis < pulse_chart_layout_get_n_value_axes (self) ? &self->axis->values[axis] : NULL;
}

/* Returns: %FALSE for an empty chart or no such axis */
gboolean
pulse_chart_layout_get_axis_range (PulseChartLayout *self,
                                   guint             axis,
                                   double           *min,
                                   double           *max)
{
  PulseChartValueAxis *value;

  g_return_val_if_fail (self != NULL, FALSE);

  if ((value = get_value_axis (self, axis)) == NULL)
    return FALSE;
  if (min)
    *min = value->min;
  if (max)
    *max = value->max;
  return !self->empty;
}

gboolean
pulse_chart_layout_get_value_range (PulseChartLayout *self,
                                    double           *min,
                                    double           *max)
{
  return pulse_chart_layout_get_axis_range (self, 0, min, max);
}

/**
 * pulse_chart_layout_get_axis_title:
 * @rect: (out) (optional): where it is drawn
 *
 * Returns: (nullable): the title of value axis @axis (0: left, 1: right)
 */
const char *
pulse_chart_layout_get_axis_title (PulseChartLayout  *self,
                                   guint              axis,
                                   cairo_rectangle_t *rect)
{
  PulseChartValueAxis *value;

  g_return_val_if_fail (self != NULL, NULL);

  if ((value = get_value_axis (self, axis)) == NULL || value->title.layout == NULL)
    return NULL;
  if (rect)
    *rect = (cairo_rectangle_t) { value->title.x, value->title.y, value->title.width, value->title.height };
  return pango_layout_get_text (value->title.layout);
}

double
pulse_chart_layout_get_bucket_x (PulseChartLayout *self,
                                 guint             bucket)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->axis ? _pulse_chart_axis_x (self, bucket) : 0;
}

double
pulse_chart_layout_get_axis_value_y (PulseChartLayout *self,
                                     guint             axis,
                                     double            value)
{
  g_return_val_if_fail (self != NULL, 0);
  return get_value_axis (self, axis) ? _pulse_chart_axis_y (self, axis, value) : 0;
}

double
pulse_chart_layout_get_value_y (PulseChartLayout *self,
                                double            value)
{
  return pulse_chart_layout_get_axis_value_y (self, 0, value);
}

guint
pulse_chart_layout_get_axis_n_ticks (PulseChartLayout *self,
                                     guint             axis)
{
  PulseChartValueAxis *value;

  g_return_val_if_fail (self != NULL, 0);
  return (value = get_value_axis (self, axis)) ? value->ticks->len : 0;
}

guint
pulse_chart_layout_get_n_y_ticks (PulseChartLayout *self)
{
  return pulse_chart_layout_get_axis_n_ticks (self, 0);
}

/**
 * pulse_chart_layout_get_axis_tick:
 * @label: (out) (optional): the tick's label
 *
 * Returns: the value of tick @index of value axis @axis
 */
double
pulse_chart_layout_get_axis_tick (PulseChartLayout  *self,
                                  guint              axis,
                                  guint              index,
                                  const char       **label)
{
  Tick *tick;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (index < pulse_chart_layout_get_axis_n_ticks (self, axis), NAN);

  tick = &g_array_index (self->axis->values[axis].ticks, Tick, index);
  if (label)
    *label = pango_layout_get_text (tick->text.layout);
  return tick->value;
}

double
pulse_chart_layout_get_y_tick (PulseChartLayout  *self,
                               guint              index,
                               const char       **label)
{
  return pulse_chart_layout_get_axis_tick (self, 0, index, label);
}

/* Returns: the value axis series @series is drawn on, -1 for none */
int
pulse_chart_layout_get_series_axis (PulseChartLayout *self,
                                    guint             series)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (series < self->series->len, -1);

  return _pulse_chart_layout_get_series (self, series)->axis;
}

guint
pulse_chart_layout_get_n_x_labels (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->axis ? self->axis->x_labels->len : 0;
}

/**
 * pulse_chart_layout_get_x_label:
 * @bucket: (out) (optional): the bucket the label belongs to
 * @rect: (out) (optional): where the label is drawn
 *
 * Returns: the label's text
 */
const char *
pulse_chart_layout_get_x_label (PulseChartLayout  *self,
                                guint              index,
                                guint             *bucket,
                                cairo_rectangle_t *rect)
{
  Label *label;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < pulse_chart_layout_get_n_x_labels (self), NULL);

  label = &g_array_index (self->axis->x_labels, Label, index);
  if (bucket)
    *bucket = label->bucket;
  if (rect)
    *rect = (cairo_rectangle_t) { label->text.x, label->text.y, label->text.width, label->text.height };
  return pango_layout_get_text (label->text.layout);
}
