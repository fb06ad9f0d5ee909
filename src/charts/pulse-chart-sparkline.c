/* pulse-chart-sparkline.c: a small line without axes, for overviews
 *
 * A sparkline shows the shape of one series at a glance: no axes, no
 * legend, no hover. pulse_chart_model_new_sparkline() makes one from a
 * card's chart: its first series, or for stacked bars the total the
 * bars add up to. The line spans the plot; a gentle wash under it and
 * a dot on the last value say where the range ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-format.h"
#include "pulse-chart-layout-private.h"

#define LINE_WIDTH 2.0
#define DOT_RADIUS 3.0

/* Model */

static gboolean
is_empty (PulseChartModel *model)
{
  guint n_values = 0;
  const double *values;

  if (pulse_chart_model_get_n_series (model) == 0)
    return TRUE;
  values = pulse_chart_model_get_series_values (model, 0, &n_values);
  for (guint i = 0; i < n_values; i++)
    if (!isnan (values[i]))
      return FALSE;
  return TRUE;
}

/* The last value, for whoever cannot see the line. */
static char *
dup_summary (PulseChartModel *model,
             const char      *title)
{
  guint n_values = 0;
  const double *values = pulse_chart_model_get_series_values (model, 0, &n_values);
  g_autofree char *last = NULL;

  for (guint i = n_values; i > 0 && last == NULL; i--)
    if (!isnan (values[i - 1]))
      last = pulse_chart_format_series_value (values[i - 1], pulse_chart_model_get_series_unit (model, 0));
  /* Translators: a sparkline's description, "Daily active users, 30 values, the last 412 persons" */
  return g_strdup_printf (_("%s, %u values, the last %s"), title, n_values, last);
}

static void copy_first_series (PulseChartModel *self,
                               PulseChartModel *chart);

/* As a line chart has it, without the comparison: then its first series. */
static void
add_result (PulseChartModel   *model,
            PulseMetricResult *result,
            PulseMetricResult *previous,
            const char        *segment,
            double             scale)
{
  g_autoptr(PulseChartModel) line = pulse_chart_model_new (PULSE_CHART_KIND_LINE);

  pulse_chart_model_set_buckets (line, pulse_metric_result_get_buckets (result));
  pulse_chart_line_ops.add_result (line, result, NULL, segment, scale);
  copy_first_series (model, line);
}

static guint
n_items (PulseChartModel *model)
{
  return 0;
}

/* Layout */

typedef struct
{
  double min;
  double max;
} Extent;

static void
layout (PulseChartLayout        *self,
        PulseChartModel         *model,
        const cairo_rectangle_t *area)
{
  PulseChartSeries series = { 0 };
  Extent *extent = g_new0 (Extent, 1);
  guint n_values = 0;
  const double *values;

  self->state = extent;
  /* Room for the dot at either end. */
  self->plot = (cairo_rectangle_t) { area->x + DOT_RADIUS, area->y + DOT_RADIUS,
                                     MAX (1, area->width - 2 * DOT_RADIUS),
                                     MAX (1, area->height - 2 * DOT_RADIUS) };
  if (pulse_chart_model_get_n_series (model) == 0)
    {
      _pulse_chart_layout_set_message (self, area->x, area->y, area->width, area->height);
      return;
    }
  values = pulse_chart_model_get_series_values (model, 0, &n_values);
  series.title = g_strdup (pulse_chart_model_get_series_title (model, 0));
  series.unit = g_strdup (pulse_chart_model_get_series_unit (model, 0));
  series.values = g_memdup2 (values, MAX (n_values, 1) * sizeof (double));
  series.n_values = n_values;
  series.color_index = pulse_chart_model_get_series_color (model, 0);
  series.visible = TRUE;
  _pulse_chart_layout_add_series (self, &series);
  _pulse_chart_layout_series_extent (self, 0, &extent->min, &extent->max);
  if (self->empty)
    _pulse_chart_layout_set_message (self, area->x, area->y, area->width, area->height);
}

static double
x_of (PulseChartLayout *self,
      guint             bucket,
      guint             n_values)
{
  return self->plot.x + (n_values > 1 ? self->plot.width * bucket / (n_values - 1) : self->plot.width / 2);
}

/* A flat series sits in the middle rather than on the floor. */
static double
y_of (PulseChartLayout *self,
      double            value)
{
  Extent *extent = self->state;
  double span = extent->max - extent->min;

  if (span <= 0)
    return self->plot.y + self->plot.height / 2;
  return self->plot.y + self->plot.height * (1 - (value - extent->min) / span);
}

/* The line through every value, gaps left open. Returns: %FALSE if
 * nothing was drawn; else the last point is at (@last_x, @last_y). */
static gboolean
path_line (PulseChartLayout *self,
           cairo_t          *cr,
           PulseChartSeries *series,
           double           *last_x,
           double           *last_y)
{
  gboolean drawn = FALSE, pen_down = FALSE;

  cairo_new_path (cr);
  for (guint b = 0; b < series->n_values; b++)
    {
      double x, y;

      if (isnan (series->values[b]))
        {
          pen_down = FALSE;
          continue;
        }
      x = x_of (self, b, series->n_values);
      y = y_of (self, series->values[b]);
      if (pen_down)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      *last_x = x, *last_y = y;
      drawn = pen_down = TRUE;
    }
  return drawn;
}

static gboolean
has_gaps (PulseChartSeries *series)
{
  for (guint b = 0; b < series->n_values; b++)
    if (isnan (series->values[b]))
      return TRUE;
  return FALSE;
}

/* A wash under the line, fading to the floor. */
static void
fill_under (PulseChartLayout      *self,
            PulseChartDraw        *d,
            const PulseChartColor *color)
{
  cairo_t *cr = d->cr;
  double bottom = self->plot.y + self->plot.height;
  double x0, y0;
  cairo_pattern_t *pattern;

  cairo_get_current_point (cr, &x0, &y0);
  cairo_line_to (cr, x0, bottom);
  cairo_line_to (cr, self->plot.x, bottom);
  cairo_close_path (cr);
  pattern = cairo_pattern_create_linear (0, self->plot.y, 0, bottom);
  cairo_pattern_add_color_stop_rgba (pattern, 0, color->red, color->green, color->blue, self->style.dark ? 0.3 : 0.22);
  cairo_pattern_add_color_stop_rgba (pattern, 1, color->red, color->green, color->blue, 0);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
}

static void
draw (PulseChartLayout *self,
      PulseChartDraw   *d)
{
  PulseChartSeries *series = _pulse_chart_layout_get_series (self, 0);
  const PulseChartColor *color = _pulse_chart_draw_series_color (d, series->color_index);
  cairo_t *cr = d->cr;
  double x = 0, y = 0;

  /* Without gaps the wash fills under the whole line. */
  if (path_line (self, cr, series, &x, &y) && !has_gaps (series))
    fill_under (self, d, color);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, LINE_WIDTH);
  pulse_chart_color_apply (cr, color, 1);
  path_line (self, cr, series, &x, &y);
  cairo_stroke (cr);

  /* Where the range ends: a dot knocked out of the surface. */
  cairo_arc (cr, x, y, DOT_RADIUS + 1.5, 0, 2 * G_PI);
  pulse_chart_color_apply (cr, &d->palette->surface, 1);
  cairo_fill (cr);
  cairo_arc (cr, x, y, DOT_RADIUS, 0, 2 * G_PI);
  pulse_chart_color_apply (cr, color, 1);
  cairo_fill (cr);
}

static gboolean
hit_test (PulseChartLayout *self,
          double            x,
          double            y,
          PulseChartHit    *hit)
{
  return FALSE;
}

static void
draw_hover (PulseChartLayout    *self,
            PulseChartDraw      *d,
            const PulseChartHit *hit)
{
}

static gboolean
get_item_rect (PulseChartLayout  *self,
               guint              index,
               cairo_rectangle_t *rect)
{
  return FALSE;
}

/* Small enough for four tiles side by side on a laptop. */
static int
natural_height (PulseChartModel *model)
{
  return 48;
}

static int
natural_width (PulseChartModel *model)
{
  return 200;
}

const PulseChartKindOps pulse_chart_sparkline_ops = {
  .is_empty = is_empty,
  .dup_summary = dup_summary,
  .add_result = add_result,
  .natural_height = natural_height,
  .natural_width = natural_width,
  .item_kind = PULSE_CHART_HIT_NONE,
  .n_items = n_items,
  .layout = layout,
  .free_state = g_free,
  .draw = draw,
  .hit_test = hit_test,
  .draw_hover = draw_hover,
  .get_item_rect = get_item_rect,
};

/* The total of the parts at @bucket; NAN when no part has a value. */
static double
sum_at (PulseChartModel *chart,
        guint            bucket)
{
  double sum = NAN;

  for (guint i = 0; i < pulse_chart_model_get_n_series (chart); i++)
    {
      guint n_values;
      const double *values = pulse_chart_model_get_series_values (chart, i, &n_values);

      /* Comparisons and parts drawn below zero (churn) are not in the total. */
      if (pulse_chart_model_get_series_dashed (chart, i) || pulse_chart_model_get_series_downward (chart, i) ||
          bucket >= n_values || isnan (values[bucket]))
        continue;
      sum = isnan (sum) ? values[bucket] : sum + values[bucket];
    }
  return sum;
}

static void
copy_first_series (PulseChartModel *self,
                   PulseChartModel *chart)
{
  guint n_values;
  const double *values;

  if (pulse_chart_model_get_n_series (chart) == 0)
    return;
  values = pulse_chart_model_get_series_values (chart, 0, &n_values);
  pulse_chart_model_add_series (self, pulse_chart_model_get_series_id (chart, 0),
                                pulse_chart_model_get_series_title (chart, 0), values, n_values,
                                pulse_chart_model_get_series_color (chart, 0));
  pulse_chart_model_set_series_unit (self, 0, pulse_chart_model_get_series_unit (chart, 0));
}

/* The total of the parts of stacked bars, as one series. */
static void
add_total (PulseChartModel *self,
           PulseChartModel *chart)
{
  guint n_buckets = pulse_chart_model_get_n_buckets (chart);
  g_autofree double *values = g_new0 (double, MAX (n_buckets, 1));

  for (guint b = 0; b < n_buckets; b++)
    values[b] = sum_at (chart, b);
  pulse_chart_model_add_series (self, "total", pulse_chart_model_get_title (chart), values, n_buckets, 0);
  pulse_chart_model_set_series_unit (self, 0, pulse_chart_model_get_unit (chart));
}

/**
 * pulse_chart_model_new_sparkline:
 * @chart: a line, area or stacked bar chart
 *
 * The sparkline of @chart: its first series, or the total of a stacked
 * bar chart's parts, in the same buckets, unit and colour.
 *
 * Returns: (transfer full): a new model
 */
PulseChartModel *
pulse_chart_model_new_sparkline (PulseChartModel *chart)
{
  PulseChartModel *self;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (chart), NULL);

  self = pulse_chart_model_new (PULSE_CHART_KIND_SPARKLINE);
  pulse_chart_model_set_title (self, pulse_chart_model_get_title (chart));
  pulse_chart_model_set_unit (self, pulse_chart_model_get_unit (chart));
  pulse_chart_model_set_buckets (self, pulse_chart_model_get_buckets (chart));
  if (pulse_chart_model_get_kind (chart) == PULSE_CHART_KIND_STACKED_BAR)
    add_total (self, chart);
  else
    copy_first_series (self, chart);
  return self;
}
