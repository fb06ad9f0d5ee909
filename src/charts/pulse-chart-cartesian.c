/* pulse-chart-cartesian.c: line, area and stacked bar charts
 *
 * Series over buckets (days, weeks, months) on shared axes. Lines keep
 * their gaps at nulls; areas fill down to zero under them; bars stack
 * the series of each bucket. Line and area charts can show the previous
 * period as dashed lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-annotations-private.h"
#include "pulse-chart-axis-private.h"
#include "pulse-chart-format.h"
#include "pulse-chart-legend-private.h"
#include "pulse-chart-tooltip-private.h"

#define LINE_WIDTH    2.0
#define DASHED_WIDTH  1.5

typedef enum
{
  SHAPE_LINE,
  SHAPE_AREA,
  SHAPE_STACKED_BAR,
} Shape;

typedef struct
{
  Shape            shape;
  PulseChartMarks *marks;   /* annotations */
} Cartesian;

static Shape
get_shape (PulseChartLayout *self)
{
  return ((Cartesian *)self->state)->shape;
}

static PulseChartMarks *
get_marks (PulseChartLayout *self)
{
  return ((Cartesian *)self->state)->marks;
}

static void
cartesian_free (gpointer data)
{
  Cartesian *state = data;

  g_clear_pointer (&state->marks, _pulse_chart_marks_free);
  g_free (state);
}

/* Model */

static gboolean
series_has_data (PulseChartModel *model,
                 guint            index,
                 guint            n_buckets)
{
  guint n_values;
  const double *values = pulse_chart_model_get_series_values (model, index, &n_values);

  for (guint i = 0; i < MIN (n_values, n_buckets); i++)
    if (!isnan (values[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_empty (PulseChartModel *model)
{
  guint n_buckets = pulse_chart_model_get_n_buckets (model);

  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    if (pulse_chart_model_get_series_visible (model, i) && series_has_data (model, i, n_buckets))
      return FALSE;
  return TRUE;
}

/* "30 days", "12 weeks", "6 months": from the spacing of the buckets. */
static char *
describe_span (PulseChartModel *model)
{
  const char * const *buckets = pulse_chart_model_get_buckets (model);
  guint n = pulse_chart_model_get_n_buckets (model);
  int y1, m1, d1, y2, m2, d2;

  if (n >= 2 &&
      pulse_chart_parse_date (buckets[n - 2], &y1, &m1, &d1) &&
      pulse_chart_parse_date (buckets[n - 1], &y2, &m2, &d2))
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
first_last (PulseChartModel *model,
            guint            index,
            guint            n_buckets,
            double          *first,
            double          *last)
{
  guint n_values;
  const double *values = pulse_chart_model_get_series_values (model, index, &n_values);
  guint n = MIN (n_values, n_buckets);

  *first = *last = NAN;
  for (guint i = 0; i < n && isnan (*first); i++)
    *first = values[i];
  for (guint i = n; i > 0 && isnan (*last); i--)
    *last = values[i - 1];
}

static char *
dup_summary (PulseChartModel *model,
             const char      *title)
{
  g_autoptr(GString) text = g_string_new (title);
  g_autofree char *span = describe_span (model);
  guint n_buckets = pulse_chart_model_get_n_buckets (model);
  guint n_visible = pulse_chart_model_get_n_visible_series (model);
  gboolean first = TRUE;

  g_string_append_printf (text, ", %s", span);
  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      double a, b;

      if (!pulse_chart_model_get_series_visible (model, i) || !series_has_data (model, i, n_buckets))
        continue;
      first_last (model, i, n_buckets, &a, &b);
      from = pulse_chart_format_series_value (a, pulse_chart_model_get_series_unit (model, i));
      to = pulse_chart_format_series_value (b, pulse_chart_model_get_series_unit (model, i));
      if (n_visible == 1)
        /* Translators: "Daily active users, 30 days, from 120 to 180" */
        g_string_append_printf (text, _(", from %s to %s"), from, to);
      else
        /* Translators: one series in a summary: "Builders from 120 to 180" */
        g_string_append_printf (text, _("%s%s from %s to %s"),
                                first ? ": " : "; ", pulse_chart_model_get_series_title (model, i), from, to);
      first = FALSE;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Segment series (BUILDER, FINDER) show only in their segment, the "all"
 * series only in the overall view; others always. */
static gboolean
field_in_segment (const PulseMetricField *field,
                  const char             *segment)
{
  gboolean overall = segment == NULL || g_str_equal (segment, "all");

  if (field == NULL || !field->by_segment)
    return TRUE;
  if (field->segment == PULSE_SEGMENT_ALL)
    return overall;
  return !overall && g_str_equal (pulse_segment_to_string (field->segment), segment);
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

/* The previous period, aligned by bucket index. */
static void
add_previous (PulseChartModel   *model,
              PulseMetricResult *previous,
              guint              index,
              guint              n_buckets,
              double             scale)
{
  const double *prev = pulse_metric_result_find_series (previous, pulse_chart_model_get_series_id (model, index));
  g_autofree double *values = NULL;

  if (prev == NULL)
    return;
  values = copy_scaled (prev, pulse_metric_result_get_n_buckets (previous), n_buckets, scale);
  _pulse_chart_model_add_previous (model, index, values, n_buckets);
}

static void
add_result (PulseChartModel   *model,
            PulseMetricResult *result,
            PulseMetricResult *previous,
            const char        *segment,
            double             scale)
{
  PulseMetric *metric = pulse_metric_result_get_metric (result);
  guint n_buckets = pulse_metric_result_get_n_buckets (result);
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) scales = g_array_new (FALSE, FALSE, sizeof (double));
  int color = 0;

  for (guint i = 0; i < pulse_metric_result_get_n_series (result); i++)
    {
      const char *id = pulse_metric_result_get_series_id (result, i);
      const PulseMetricField *field = pulse_metric_find_series (metric, id);
      g_autofree double *values = NULL;
      double series_scale = scale;
      const char *unit = NULL;
      guint index;

      if (!field_in_segment (field, segment))
        continue;
      /* Views next to a rate are counts: only the rate is scaled. */
      if (field != NULL && field->unit != NULL)
        unit = _pulse_chart_model_shown_unit (field->unit, &series_scale);
      values = copy_scaled (pulse_metric_result_get_series_values (result, i), n_buckets, n_buckets, series_scale);
      index = pulse_chart_model_add_series (model, id, _pulse_chart_model_field_title (model, field, id),
                                            values, n_buckets, color++);
      pulse_chart_model_set_series_unit (model, index, unit);
      pulse_chart_model_set_series_downward (model, index, field != NULL && field->negative);
      g_array_append_val (added, index);
      g_array_append_val (scales, series_scale);
    }

  for (guint i = 0; previous != NULL && i < added->len; i++)
    add_previous (model, previous, g_array_index (added, guint, i), n_buckets, g_array_index (scales, double, i));
}

/* Stacked bars would not say which bar a dashed one compares with. */
static void
add_result_without_previous (PulseChartModel   *model,
                             PulseMetricResult *result,
                             PulseMetricResult *previous,
                             const char        *segment,
                             double             scale)
{
  add_result (model, result, NULL, segment, scale);
}

/* Layout */

static void
copy_series (PulseChartLayout *self,
             PulseChartModel  *model)
{
  guint n_buckets = self->axis->n_buckets;

  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    {
      PulseChartSeries series = { 0 };
      guint n_values;
      const double *values = pulse_chart_model_get_series_values (model, i, &n_values);

      series.title = g_strdup (pulse_chart_model_get_series_title (model, i));
      series.unit = g_strdup (pulse_chart_model_get_series_unit (model, i));
      series.n_values = MIN (n_values, n_buckets);
      series.values = g_memdup2 (values, sizeof (double) * series.n_values);
      series.downward = pulse_chart_model_get_series_downward (model, i);
      for (guint b = 0; series.downward && b < series.n_values; b++)
        series.values[b] = -series.values[b];
      series.color_index = pulse_chart_model_get_series_color (model, i);
      series.dashed = pulse_chart_model_get_series_dashed (model, i);
      series.visible = pulse_chart_model_get_series_visible (model, i);
      series.shown_at = _pulse_chart_model_get_series_shown_at (model, i);
      _pulse_chart_layout_add_series (self, &series);
    }
}

/* The sum of the drawn positive values of @bucket: the top of its bar. */
static double
stack_top (PulseChartLayout *self,
           guint             bucket)
{
  double total = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      PulseChartSeries *series = _pulse_chart_layout_get_series (self, i);
      double v = _pulse_chart_series_value (series, bucket);

      if (_pulse_chart_series_drawn (series) && !isnan (v) && v > 0)
        total += v;
    }
  return total;
}

static void
stack_extent (PulseChartLayout *self,
              double           *min,
              double           *max)
{
  *min = INFINITY;
  *max = -INFINITY;

  for (guint b = 0; b < self->axis->n_buckets; b++)
    {
      double up = 0, down = 0;

      for (guint i = 0; i < self->series->len; i++)
        {
          PulseChartSeries *series = _pulse_chart_layout_get_series (self, i);
          double v = _pulse_chart_series_value (series, b);

          if (!_pulse_chart_series_drawn (series) || isnan (v))
            continue;
          if (v >= 0)
            up += v;
          else
            down += v;
        }
      *min = MIN (*min, down);
      *max = MAX (*max, up);
    }

  if (*min > *max)
    *min = 0, *max = 1;
}

/* The range value axis @axis shows. Counts and ratios start at zero:
 * on an axis from 1,200 users a dip to 1,300 would look like a collapse. */
static void
value_range (PulseChartLayout *self,
             guint             axis)
{
  PulseChartValueAxis *value = &self->axis->values[axis];
  double *min = &value->min, *max = &value->max;

  if (get_shape (self) == SHAPE_STACKED_BAR)
    stack_extent (self, min, max);
  else
    _pulse_chart_layout_series_extent (self, axis, min, max);

  if (get_shape (self) == SHAPE_LINE && !value->from_zero)
    {
      /* Other lines (durations) keep a zero baseline only when the
       * data comes near it: 16 to 20 minutes read better on 16..20. */
      if (*min >= 0 && *min <= *max * 0.5)
        *min = 0;
    }
  else
    {
      *min = MIN (*min, 0);
      *max = MAX (*max, 0);
    }
}

static void
layout (PulseChartLayout        *self,
        PulseChartModel         *model,
        const cairo_rectangle_t *area,
        Shape                    shape)
{
  Cartesian *state = g_new0 (Cartesian, 1);
  double top = area->y;

  state->shape = shape;
  self->state = state;
  self->axis = _pulse_chart_axis_new (g_strdupv ((char **)pulse_chart_model_get_buckets (model)),
                                      shape == SHAPE_STACKED_BAR);
  _pulse_chart_axis_set_partial (self->axis, model);
  copy_series (self, model);
  /* A stack adds its series up: they share one unit. */
  _pulse_chart_axis_assign (self, self->unit, shape == SHAPE_STACKED_BAR ? 1 : PULSE_CHART_MAX_VALUE_AXES);

  /* A single series needs no legend; hidden ones keep their entry. */
  if (self->series->len > 1)
    top += _pulse_chart_legend_layout (self, area->x, top, area->width) + 10;

  for (guint i = 0; i < self->axis->n_values; i++)
    value_range (self, i);
  _pulse_chart_axis_layout (self, area, top);
  state->marks = _pulse_chart_marks_new (model);
  _pulse_chart_marks_layout (state->marks, self);
}

static void
layout_line (PulseChartLayout        *self,
             PulseChartModel         *model,
             const cairo_rectangle_t *area)
{
  layout (self, model, area, SHAPE_LINE);
}

static void
layout_area (PulseChartLayout        *self,
             PulseChartModel         *model,
             const cairo_rectangle_t *area)
{
  layout (self, model, area, SHAPE_AREA);
}

static void
layout_stacked_bar (PulseChartLayout        *self,
                    PulseChartModel         *model,
                    const cairo_rectangle_t *area)
{
  layout (self, model, area, SHAPE_STACKED_BAR);
}

/* Drawing lines and areas */

/* Adds the series' line to the path, broken at nulls. */
static void
path_line (PulseChartLayout *self,
           PulseChartDraw   *d,
           PulseChartSeries *series)
{
  gboolean drawing = FALSE;

  for (guint b = 0; b < series->n_values; b++)
    {
      double v = series->values[b];

      if (isnan (v))
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (d->cr, _pulse_chart_axis_x (self, b), _pulse_chart_axis_y (self, series->axis, v));
      else
        cairo_move_to (d->cr, _pulse_chart_axis_x (self, b), _pulse_chart_axis_y (self, series->axis, v));
      drawing = TRUE;
    }
}

/* Each run of non-null values, closed down to its axis' baseline. */
static void
path_area (PulseChartLayout *self,
           PulseChartDraw   *d,
           PulseChartSeries *series)
{
  double baseline = _pulse_chart_axis_baseline (self, series->axis);
  int run_start = -1;

  for (guint b = 0; b <= series->n_values; b++)
    {
      double v = _pulse_chart_series_value (series, b);

      if (!isnan (v))
        {
          double x = _pulse_chart_axis_x (self, b), y = _pulse_chart_axis_y (self, series->axis, v);
          if (run_start < 0)
            {
              run_start = b;
              cairo_move_to (d->cr, x, baseline);
            }
          cairo_line_to (d->cr, x, y);
        }
      else if (run_start >= 0)
        {
          cairo_line_to (d->cr, _pulse_chart_axis_x (self, b - 1), baseline);
          cairo_close_path (d->cr);
          run_start = -1;
        }
    }
}

static void
fill_gradient (PulseChartDraw        *d,
               const PulseChartColor *color,
               double                 top,
               double                 bottom,
               double                 strength)
{
  cairo_pattern_t *pattern = cairo_pattern_create_linear (0, top, 0, bottom);

  cairo_pattern_add_color_stop_rgba (pattern, 0, color->red, color->green, color->blue, 0.32 * strength);
  cairo_pattern_add_color_stop_rgba (pattern, 1, color->red, color->green, color->blue, 0.03 * strength);
  cairo_set_source (d->cr, pattern);
  cairo_fill (d->cr);
  cairo_pattern_destroy (pattern);
}

/* Points without a neighbour would not show as a line: a dot each. */
static void
draw_lonely_points (PulseChartLayout *self,
                    PulseChartDraw   *d,
                    PulseChartSeries *series,
                    double            radius)
{
  for (guint b = 0; b < series->n_values; b++)
    {
      gboolean before = b > 0 && !isnan (series->values[b - 1]);
      gboolean after = b + 1 < series->n_values && !isnan (series->values[b + 1]);

      if (isnan (series->values[b]) || before || after)
        continue;
      cairo_new_sub_path (d->cr);
      cairo_arc (d->cr, _pulse_chart_axis_x (self, b),
                 _pulse_chart_axis_y (self, series->axis, series->values[b]), radius, 0, 2 * G_PI);
      cairo_fill (d->cr);
    }
}

static void
stroke_series (PulseChartLayout *self,
               PulseChartDraw   *d,
               PulseChartSeries *series)
{
  cairo_t *cr = d->cr;
  const PulseChartColor *color = _pulse_chart_draw_series_color (d, series->color_index);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (series->dashed)
    {
      static const double dashes[] = { 5, 4 };
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, DASHED_WIDTH);
      pulse_chart_color_apply (cr, color, 0.8);
    }
  else
    {
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_width (cr, LINE_WIDTH);
      pulse_chart_color_apply (cr, color, 1);
    }
  path_line (self, d, series);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  draw_lonely_points (self, d, series, series->dashed ? 1.5 : 2.5);
}

static void
draw_lines (PulseChartLayout *self,
            PulseChartDraw   *d)
{
  double strength = self->style.dark ? 1.2 : 1.0;

  cairo_save (d->cr);
  /* Lines may not leave the plot, but their round caps may. */
  cairo_rectangle (d->cr, self->plot.x - LINE_WIDTH, self->plot.y - LINE_WIDTH,
                   self->plot.width + 2 * LINE_WIDTH, self->plot.height + 2 * LINE_WIDTH);
  cairo_clip (d->cr);

  /* Later series underneath, so the first one stays on top. */
  if (get_shape (self) == SHAPE_AREA)
    for (guint i = self->series->len; i > 0; i--)
      {
        PulseChartSeries *series = _pulse_chart_layout_get_series (self, i - 1);
        if (!_pulse_chart_series_drawn (series) || series->dashed)
          continue;
        path_area (self, d, series);
        fill_gradient (d, _pulse_chart_draw_series_color (d, series->color_index),
                       self->plot.y, _pulse_chart_axis_baseline (self, series->axis), strength);
      }

  /* Comparisons (dashed) first, under the current period. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = self->series->len; i > 0; i--)
      {
        PulseChartSeries *series = _pulse_chart_layout_get_series (self, i - 1);
        if (_pulse_chart_series_drawn (series) && series->dashed == (pass == 0))
          stroke_series (self, d, series);
      }

  cairo_restore (d->cr);
}

static void
draw (PulseChartLayout *self,
      PulseChartDraw   *d)
{
  _pulse_chart_axis_draw_partial (self, d);
  _pulse_chart_axis_draw (self, d);
  if (get_shape (self) == SHAPE_STACKED_BAR)
    _pulse_chart_axis_draw_bars (self, d);
  else
    draw_lines (self, d);
  _pulse_chart_axis_draw_partial_labels (self, d);
  _pulse_chart_marks_draw (get_marks (self), self, d);
}

/* Hover */

static void
hover_dot (PulseChartDraw        *d,
           double                 x,
           double                 y,
           const PulseChartColor *color)
{
  cairo_new_sub_path (d->cr);
  cairo_arc (d->cr, x, y, 5, 0, 2 * G_PI);
  pulse_chart_color_apply (d->cr, &d->palette->surface, 1);
  cairo_fill (d->cr);
  cairo_arc (d->cr, x, y, 3.5, 0, 2 * G_PI);
  pulse_chart_color_apply (d->cr, color, 1);
  cairo_fill (d->cr);
}

/* A vertical hairline through @bucket, a dot on each line. */
static void
hover_lines (PulseChartLayout *self,
             PulseChartDraw   *d,
             guint             bucket)
{
  double x = _pulse_chart_draw_snap_line (d, _pulse_chart_axis_x (self, bucket), 1);

  cairo_set_line_width (d->cr, MAX (1, round (d->scale)) / d->scale);
  cairo_move_to (d->cr, x, self->plot.y);
  cairo_line_to (d->cr, x, self->plot.y + self->plot.height);
  pulse_chart_color_apply (d->cr, &d->palette->dim_foreground, 0.7);
  cairo_stroke (d->cr);

  for (guint i = self->series->len; i > 0; i--)
    {
      PulseChartSeries *series = _pulse_chart_layout_get_series (self, i - 1);
      double v = _pulse_chart_series_value (series, bucket);

      if (_pulse_chart_series_drawn (series) && !isnan (v))
        hover_dot (d, x, _pulse_chart_axis_y (self, series->axis, v),
                   _pulse_chart_draw_series_color (d, series->color_index));
    }
}

static void
draw_hover (PulseChartLayout    *self,
            PulseChartDraw      *d,
            const PulseChartHit *hit)
{
  gboolean stacked = get_shape (self) == SHAPE_STACKED_BAR;
  g_autoptr(PulseChartTooltip) tip = NULL;
  g_autofree char *header = NULL;
  guint bucket = hit->index;
  double x;

  if (hit->kind != PULSE_CHART_HIT_BUCKET || self->empty || hit->index < 0 || bucket >= self->axis->n_buckets)
    return;

  x = _pulse_chart_axis_x (self, bucket);
  if (stacked)
    _pulse_chart_axis_draw_band (self, d, bucket);
  else
    hover_lines (self, d, bucket);

  header = _pulse_chart_axis_dup_header (self, bucket, NULL);
  tip = _pulse_chart_tooltip_new (header);
  if (_pulse_chart_tooltip_add_series (tip, self, bucket) > 1 && stacked)
    _pulse_chart_tooltip_add_total (tip, _("Total"),
                                    pulse_chart_format_series_value (stack_top (self, bucket),
                                                                     self->axis->values[0].unit));
  _pulse_chart_marks_add_tooltip (get_marks (self), tip, bucket);
  _pulse_chart_tooltip_draw (tip, self, d, x, self->plot.y + 4);
}

#define CARTESIAN_OPS(layout_func, add_result_func)   \
  {                                                   \
    .is_empty = is_empty,                             \
    .dup_summary = dup_summary,                       \
    .add_result = add_result_func,                    \
    .item_kind = PULSE_CHART_HIT_BUCKET,              \
    .n_items = pulse_chart_model_get_n_buckets,       \
    .layout = layout_func,                            \
    .free_state = cartesian_free,                     \
    .draw = draw,                                     \
    .hit_test = _pulse_chart_axis_hit_test,           \
    .draw_hover = draw_hover,                         \
    .get_item_rect = _pulse_chart_axis_get_band,      \
  }

const PulseChartKindOps pulse_chart_line_ops = CARTESIAN_OPS (layout_line, add_result);
const PulseChartKindOps pulse_chart_area_ops = CARTESIAN_OPS (layout_area, add_result);
const PulseChartKindOps pulse_chart_stacked_bar_ops = CARTESIAN_OPS (layout_stacked_bar, add_result_without_previous);
