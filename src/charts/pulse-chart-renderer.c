/* pulse-chart-renderer.c: draws a chart layout into any cairo_t
 *
 * Only cairo and pangocairo: the widget, PNG, SVG and PDF exports all
 * come through here. Geometry comes from the layout (pulse-chart-layout.c);
 * this file only paints it, plus the hover overlay (crosshair, tooltip)
 * that the widget draws on top of the cached chart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-format.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-renderer.h"

#define LINE_WIDTH        2.0
#define DASHED_WIDTH      1.5
#define BAR_RADIUS        4.0
#define TOOLTIP_PAD       8.0

typedef struct
{
  cairo_t                 *cr;
  PulseChartLayout        *layout;
  const PulseChartPalette *palette;
  double                   scale;  /* device pixels per unit */
} Draw;

/* Helpers */

static double
device_scale (cairo_t               *cr,
              const PulseChartStyle *style)
{
  double x = 1, y = 0, sx = 1, sy = 1;

  if (style->scale > 0)
    return style->scale;
  cairo_user_to_device_distance (cr, &x, &y);
  cairo_surface_get_device_scale (cairo_get_target (cr), &sx, &sy);
  return MAX (hypot (x, y) * sx, 0.01);
}

static void
draw_init (Draw             *d,
           PulseChartLayout *layout,
           cairo_t          *cr)
{
  d->cr = cr;
  d->layout = layout;
  d->palette = &layout->style.palette;
  d->scale = device_scale (cr, &layout->style);
}

/* Centres a line of @line_width on device pixels, so 1 px hairlines
 * stay one sharp device pixel (or two at 2×) instead of two blurry ones. */
static double
snap_line (Draw   *d,
           double  v,
           double  line_width)
{
  double w = MAX (1, round (line_width * d->scale));
  return (round (v * d->scale - w / 2) + w / 2) / d->scale;
}

static double
snap (Draw   *d,
      double  v)
{
  return round (v * d->scale) / d->scale;
}

static const PulseChartColor *
series_color (Draw       *d,
              SeriesInfo *info)
{
  return pulse_chart_style_get_series_color (&d->layout->style, info->color_index);
}

static void
draw_text (Draw                  *d,
           const Text            *text,
           const PulseChartColor *color)
{
  if (text->layout == NULL)
    return;
  pulse_chart_color_apply (d->cr, color, 1);
  cairo_move_to (d->cr, text->x, snap (d, text->y));
  pango_cairo_show_layout (d->cr, text->layout);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w / 2, h / 2));
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A bar with rounded top corners only: it grows from the axis. */
static void
rounded_top_rect (cairo_t *cr,
                  double   x,
                  double   y,
                  double   w,
                  double   h,
                  double   r)
{
  r = MAX (0, MIN (r, MIN (w / 2, h)));
  cairo_new_sub_path (cr);
  cairo_move_to (cr, x, y + h);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_line_to (cr, x + w, y + h);
  cairo_close_path (cr);
}

static PangoFontDescription *
derive_bold (const PangoFontDescription *font)
{
  PangoFontDescription *bold = pango_font_description_copy (font);

  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);
  return bold;
}

static double
value_at (SeriesInfo *info,
          guint       bucket)
{
  return bucket < info->n_values ? info->values[bucket] : NAN;
}

/* Axes */

static void
draw_grid (Draw *d)
{
  PulseChartLayout *self = d->layout;
  cairo_t *cr = d->cr;
  gboolean has_zero = self->y_min <= 0 && self->y_max >= 0;

  cairo_set_line_width (cr, MAX (1, round (d->scale)) / d->scale);
  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      YTick *tick = &g_array_index (self->y_ticks, YTick, i);
      double y = snap_line (d, _pulse_chart_layout_y (self, tick->value), 1);
      /* The baseline (zero, or the bottom) is a little stronger. */
      gboolean base = has_zero ? tick->value == 0 : i == 0;

      cairo_move_to (cr, self->plot.x, y);
      cairo_line_to (cr, self->plot.x + self->plot.width, y);
      pulse_chart_color_apply (cr, base ? &d->palette->axis : &d->palette->grid, 1);
      cairo_stroke (cr);
      draw_text (d, &tick->text, &d->palette->dim_foreground);
    }

  for (guint i = 0; i < self->x_labels->len; i++)
    draw_text (d, &g_array_index (self->x_labels, XLabel, i).text, &d->palette->dim_foreground);
}

/* Lines and areas */

/* Adds the series' line to the path, broken at nulls. */
static void
path_line (Draw       *d,
           SeriesInfo *info)
{
  gboolean drawing = FALSE;

  for (guint b = 0; b < info->n_values; b++)
    {
      double v = info->values[b];

      if (isnan (v))
        {
          drawing = FALSE;
          continue;
        }
      if (drawing)
        cairo_line_to (d->cr, _pulse_chart_layout_x (d->layout, b), _pulse_chart_layout_y (d->layout, v));
      else
        cairo_move_to (d->cr, _pulse_chart_layout_x (d->layout, b), _pulse_chart_layout_y (d->layout, v));
      drawing = TRUE;
    }
}

/* Each run of non-null values, closed down to @baseline. */
static void
path_area (Draw       *d,
           SeriesInfo *info,
           double      baseline)
{
  int run_start = -1;

  for (guint b = 0; b <= info->n_values; b++)
    {
      double v = b < info->n_values ? info->values[b] : NAN;

      if (!isnan (v))
        {
          double x = _pulse_chart_layout_x (d->layout, b), y = _pulse_chart_layout_y (d->layout, v);
          if (run_start < 0)
            {
              run_start = b;
              cairo_move_to (d->cr, x, baseline);
            }
          cairo_line_to (d->cr, x, y);
        }
      else if (run_start >= 0)
        {
          cairo_line_to (d->cr, _pulse_chart_layout_x (d->layout, b - 1), baseline);
          cairo_close_path (d->cr);
          run_start = -1;
        }
    }
}

static void
fill_gradient (Draw                  *d,
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
draw_lonely_points (Draw       *d,
                    SeriesInfo *info,
                    double      radius)
{
  for (guint b = 0; b < info->n_values; b++)
    {
      gboolean before = b > 0 && !isnan (info->values[b - 1]);
      gboolean after = b + 1 < info->n_values && !isnan (info->values[b + 1]);

      if (isnan (info->values[b]) || before || after)
        continue;
      cairo_new_sub_path (d->cr);
      cairo_arc (d->cr, _pulse_chart_layout_x (d->layout, b),
                 _pulse_chart_layout_y (d->layout, info->values[b]), radius, 0, 2 * G_PI);
      cairo_fill (d->cr);
    }
}

static void
stroke_series (Draw       *d,
               SeriesInfo *info)
{
  cairo_t *cr = d->cr;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (info->dashed)
    {
      static const double dashes[] = { 5, 4 };
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, DASHED_WIDTH);
      pulse_chart_color_apply (cr, series_color (d, info), 0.8);
    }
  else
    {
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_width (cr, LINE_WIDTH);
      pulse_chart_color_apply (cr, series_color (d, info), 1);
    }
  path_line (d, info);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  draw_lonely_points (d, info, info->dashed ? 1.5 : 2.5);
}

static void
draw_lines (Draw *d)
{
  PulseChartLayout *self = d->layout;
  double baseline = _pulse_chart_layout_y (self, CLAMP (0, self->y_min, self->y_max));
  double strength = self->style.dark ? 1.2 : 1.0;

  cairo_save (d->cr);
  /* Lines may not leave the plot, but their round caps may. */
  cairo_rectangle (d->cr, self->plot.x - LINE_WIDTH, self->plot.y - LINE_WIDTH,
                   self->plot.width + 2 * LINE_WIDTH, self->plot.height + 2 * LINE_WIDTH);
  cairo_clip (d->cr);

  /* Later series underneath, so the first one stays on top. */
  if (self->kind == PULSE_CHART_KIND_AREA)
    for (guint i = self->series->len; i > 0; i--)
      {
        SeriesInfo *info = _pulse_chart_layout_series (self, i - 1);
        if (!info->visible || info->dashed)
          continue;
        path_area (d, info, baseline);
        fill_gradient (d, series_color (d, info), self->plot.y, baseline, strength);
      }

  /* Comparisons (dashed) first, under the current period. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = self->series->len; i > 0; i--)
      {
        SeriesInfo *info = _pulse_chart_layout_series (self, i - 1);
        if (info->visible && info->dashed == (pass == 0))
          stroke_series (d, info);
      }

  cairo_restore (d->cr);
}

/* Bars */

static void
draw_bar_segment (Draw                  *d,
                  double                 x0,
                  double                 x1,
                  double                 y_top,
                  double                 y_bottom,
                  gboolean               rounded,
                  const PulseChartColor *color)
{
  double width = x1 - x0;

  if (y_bottom - y_top <= 0 || width <= 0)
    return;
  if (rounded && width * d->scale >= 6)
    rounded_top_rect (d->cr, x0, y_top, width, y_bottom - y_top, MIN (BAR_RADIUS, width / 3));
  else
    cairo_rectangle (d->cr, x0, y_top, width, y_bottom - y_top);
  pulse_chart_color_apply (d->cr, color, 1);
  cairo_fill (d->cr);
}

static int
top_segment (PulseChartLayout *self,
             guint             bucket)
{
  int top = -1;

  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesInfo *info = _pulse_chart_layout_series (self, i);
      double v = value_at (info, bucket);
      if (info->visible && !isnan (v) && v > 0)
        top = i;
    }
  return top;
}

static void
draw_bars (Draw *d)
{
  PulseChartLayout *self = d->layout;
  double zero = _pulse_chart_layout_y (self, CLAMP (0, self->y_min, self->y_max));
  /* Segments are parted by a device pixel of gap when there is room. */
  double gap = self->bar_width * d->scale >= 4 ? 1.0 / d->scale * MAX (1, round (d->scale)) : 0;

  for (guint b = 0; b < self->n_buckets; b++)
    {
      double cx = _pulse_chart_layout_x (self, b);
      double x0 = snap (d, cx - self->bar_width / 2);
      double x1 = MAX (x0 + 1 / d->scale, snap (d, cx + self->bar_width / 2));
      double up = 0, down = 0;
      int top = top_segment (self, b);

      for (guint i = 0; i < self->series->len; i++)
        {
          SeriesInfo *info = _pulse_chart_layout_series (self, i);
          double v = value_at (info, b);
          double y0, y1;

          if (!info->visible || isnan (v) || v == 0)
            continue;
          if (v > 0)
            {
              y0 = snap (d, _pulse_chart_layout_y (self, up + v));
              y1 = snap (d, _pulse_chart_layout_y (self, up));
              if (up > 0)
                y1 -= gap;
              up += v;
            }
          else
            {
              y0 = snap (d, _pulse_chart_layout_y (self, down));
              y1 = snap (d, _pulse_chart_layout_y (self, down + v));
              down += v;
            }
          draw_bar_segment (d, x0, x1, y0, MIN (y1, v > 0 ? zero : y1),
                            v > 0 && (int)i == top, series_color (d, info));
        }
    }
}

/* Legend */

static void
draw_swatch (Draw        *d,
             LegendEntry *entry,
             SeriesInfo  *info)
{
  cairo_t *cr = d->cr;
  double x = entry->swatch_x, y = entry->swatch_y;

  if (!info->visible)
    {
      /* Hidden: an empty outline in the dim colour, no series colour. */
      rounded_rect (cr, x + 0.5, y + 0.5, LEGEND_SWATCH - 1, LEGEND_SWATCH - 1, 3);
      pulse_chart_color_apply (cr, &d->palette->dim_foreground, 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      return;
    }

  if (info->dashed)
    {
      static const double dashes[] = { 3, 2 };
      double cy = snap_line (d, y + LEGEND_SWATCH / 2, 2);

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + LEGEND_SWATCH, cy);
      pulse_chart_color_apply (cr, series_color (d, info), 1);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      return;
    }

  rounded_rect (cr, x, y, LEGEND_SWATCH, LEGEND_SWATCH, 3);
  pulse_chart_color_apply (cr, series_color (d, info), 1);
  cairo_fill (cr);
}

static void
draw_legend (Draw *d)
{
  PulseChartLayout *self = d->layout;

  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendEntry *entry = &g_array_index (self->legend, LegendEntry, i);
      SeriesInfo *info = _pulse_chart_layout_series (self, entry->series);

      draw_swatch (d, entry, info);
      draw_text (d, &entry->name, info->visible ? &d->palette->foreground : &d->palette->dim_foreground);
      draw_text (d, &entry->value, &d->palette->dim_foreground);
    }
}

/* Donut */

static void
path_slice (Draw        *d,
            const Slice *slice,
            double       r_outer,
            double       r_inner)
{
  PulseChartLayout *self = d->layout;
  double a0 = slice->start - G_PI / 2;
  double a1 = a0 + slice->sweep;
  /* Gaps of ~2 px between slices, as wide at the inner edge as outside. */
  double gap_out = self->slices->len > 1 ? 2.0 / r_outer : 0;
  double gap_in = self->slices->len > 1 ? 2.0 / MAX (r_inner, 1) : 0;

  if (slice->sweep <= gap_in * 1.5)
    gap_out = gap_in = 0;
  cairo_new_sub_path (d->cr);
  cairo_arc (d->cr, self->cx, self->cy, r_outer, a0 + gap_out / 2, a1 - gap_out / 2);
  cairo_arc_negative (d->cr, self->cx, self->cy, r_inner, a1 - gap_in / 2, a0 + gap_in / 2);
  cairo_close_path (d->cr);
}

static void
draw_donut (Draw *d)
{
  PulseChartLayout *self = d->layout;

  if (self->empty || self->r_outer <= 0)
    return;

  for (guint i = 0; i < self->slices->len; i++)
    {
      Slice *slice = &g_array_index (self->slices, Slice, i);

      path_slice (d, slice, self->r_outer, self->r_inner);
      pulse_chart_color_apply (d->cr, series_color (d, _pulse_chart_layout_series (self, slice->series)), 1);
      cairo_fill (d->cr);
    }

  draw_text (d, &self->center_value, &d->palette->foreground);
  draw_text (d, &self->center_caption, &d->palette->dim_foreground);
}

/* Funnel */

static void
draw_down_arrow (Draw                  *d,
                 double                 x,
                 double                 y,
                 double                 height,
                 const PulseChartColor *color)
{
  cairo_t *cr = d->cr;
  double head = MIN (3.5, height / 3);

  cairo_set_line_width (cr, 1.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x, y + height);
  cairo_move_to (cr, x - head, y + height - head);
  cairo_line_to (cr, x, y + height);
  cairo_line_to (cr, x + head, y + height - head);
  pulse_chart_color_apply (cr, color, 1);
  cairo_stroke (cr);
}

static void
draw_funnel (Draw *d)
{
  PulseChartLayout *self = d->layout;
  const PulseChartColor *color = pulse_chart_style_get_series_color (&self->style, 0);

  if (self->empty)
    return;

  for (guint i = 0; i < self->rows->len; i++)
    {
      FunnelRow *row = &g_array_index (self->rows, FunnelRow, i);
      double radius = MIN (BAR_RADIUS, row->track.height / 3);

      rounded_rect (d->cr, row->track.x, row->track.y, row->track.width, row->track.height, radius);
      pulse_chart_color_apply (d->cr, &d->palette->grid, 1);
      cairo_fill (d->cr);
      if (row->bar.width > 0)
        {
          rounded_rect (d->cr, row->bar.x, row->bar.y, snap (d, row->bar.width), row->bar.height, radius);
          pulse_chart_color_apply (d->cr, color, 1);
          cairo_fill (d->cr);
        }

      draw_text (d, &row->title, &d->palette->foreground);
      draw_text (d, &row->value, &d->palette->foreground);
      if (row->conversion.layout)
        {
          draw_down_arrow (d, row->conversion.x - 8, row->conversion.y + 2,
                           row->conversion.height - 4, &d->palette->dim_foreground);
          draw_text (d, &row->conversion, &d->palette->dim_foreground);
        }
    }

  draw_text (d, &self->footer_label, &d->palette->dim_foreground);
  draw_text (d, &self->footer_value, &d->palette->foreground);
}

/* KPI card */

static const PulseChartColor *
delta_color (Draw *d)
{
  PulseChartLayout *self = d->layout;
  double sign = self->kpi_delta_sign;

  if (sign == 0 || self->better == PULSE_CHART_BETTER_NEUTRAL)
    return &d->palette->dim_foreground;
  if (self->better == PULSE_CHART_BETTER_DOWN)
    sign = -sign;
  return sign > 0 ? &d->palette->good : &d->palette->bad;
}

static void
draw_delta_arrow (Draw                  *d,
                  const PulseChartColor *color)
{
  PulseChartLayout *self = d->layout;
  double size = self->kpi_delta.height * 0.6;
  double x = self->kpi_delta.x - 4 - size;
  double cy = self->kpi_delta.y + self->kpi_delta.height / 2;

  if (self->kpi_delta_sign == 0)
    return;
  cairo_new_sub_path (d->cr);
  if (self->kpi_delta_sign > 0)
    {
      cairo_move_to (d->cr, x, cy + size * 0.4);
      cairo_line_to (d->cr, x + size, cy + size * 0.4);
      cairo_line_to (d->cr, x + size / 2, cy - size * 0.45);
    }
  else
    {
      cairo_move_to (d->cr, x, cy - size * 0.4);
      cairo_line_to (d->cr, x + size, cy - size * 0.4);
      cairo_line_to (d->cr, x + size / 2, cy + size * 0.45);
    }
  cairo_close_path (d->cr);
  pulse_chart_color_apply (d->cr, color, 1);
  cairo_fill (d->cr);
}

static void
draw_sparkline (Draw *d)
{
  PulseChartLayout *self = d->layout;
  SeriesInfo *info;
  const PulseChartColor *color;
  double bottom = self->spark.y + self->spark.height;
  int last = -1;

  if (self->spark_series < 0)
    return;
  info = _pulse_chart_layout_series (self, self->spark_series);
  color = series_color (d, info);

  /* The area under the line, then the line */
  for (int pass = 0; pass < 2; pass++)
    {
      int run_start = -1;

      for (guint b = 0; b <= info->n_values; b++)
        {
          double v = b < info->n_values ? info->values[b] : NAN;
          double x = _pulse_chart_spark_x (self, b);

          if (!isnan (v))
            {
              double y = _pulse_chart_spark_y (self, v);
              if (run_start < 0)
                {
                  run_start = b;
                  if (pass == 0)
                    cairo_move_to (d->cr, x, bottom), cairo_line_to (d->cr, x, y);
                  else
                    cairo_move_to (d->cr, x, y);
                }
              else
                cairo_line_to (d->cr, x, y);
              last = b;
            }
          else if (run_start >= 0)
            {
              if (pass == 0)
                {
                  cairo_line_to (d->cr, _pulse_chart_spark_x (self, b - 1), bottom);
                  cairo_close_path (d->cr);
                }
              run_start = -1;
            }
        }
      if (pass == 0)
        fill_gradient (d, color, self->spark.y, bottom, self->style.dark ? 1.0 : 0.8);
    }

  cairo_set_line_width (d->cr, LINE_WIDTH);
  cairo_set_line_join (d->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (d->cr, CAIRO_LINE_CAP_ROUND);
  pulse_chart_color_apply (d->cr, color, 1);
  cairo_stroke (d->cr);

  if (last >= 0)
    {
      cairo_arc (d->cr, _pulse_chart_spark_x (self, last),
                 _pulse_chart_spark_y (self, info->values[last]), 3, 0, 2 * G_PI);
      cairo_fill (d->cr);
    }
}

static void
draw_kpi (Draw *d)
{
  PulseChartLayout *self = d->layout;
  const PulseChartColor *color;

  if (self->empty)
    return;

  color = delta_color (d);
  draw_text (d, &self->kpi_figure, &d->palette->foreground);
  if (self->kpi_delta.layout)
    {
      draw_delta_arrow (d, color);
      draw_text (d, &self->kpi_delta, color);
      draw_text (d, &self->kpi_caption, &d->palette->dim_foreground);
    }
  draw_sparkline (d);
}

/**
 * pulse_chart_layout_draw:
 *
 * Draws the chart (without hover feedback) at (0, 0) in user space.
 */
void
pulse_chart_layout_draw (PulseChartLayout *self,
                         cairo_t          *cr)
{
  Draw d;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  draw_init (&d, self, cr);
  cairo_save (cr);

  if (d.palette->background.alpha > 0)
    {
      cairo_rectangle (cr, 0, 0, self->width, self->height);
      pulse_chart_color_apply (cr, &d.palette->background, 1);
      cairo_fill (cr);
    }
  draw_text (&d, &self->title, &d.palette->foreground);

  switch (self->kind)
    {
    case PULSE_CHART_KIND_DONUT:
      draw_donut (&d);
      break;
    case PULSE_CHART_KIND_FUNNEL:
      draw_funnel (&d);
      break;
    case PULSE_CHART_KIND_KPI:
      draw_kpi (&d);
      break;
    case PULSE_CHART_KIND_LINE:
    case PULSE_CHART_KIND_AREA:
    case PULSE_CHART_KIND_STACKED_BAR:
    case PULSE_CHART_KIND_HISTOGRAM:
    default:
      if (!self->empty)
        {
          draw_grid (&d);
          if (self->banded)
            draw_bars (&d);
          else
            draw_lines (&d);
        }
      break;
    }

  draw_legend (&d);
  if (self->empty)
    draw_text (&d, &self->message, &d.palette->dim_foreground);

  cairo_restore (cr);
}

/* Tooltips */

typedef struct
{
  const PulseChartColor *color;   /* NULL: no swatch */
  gboolean               dashed;
  gboolean               bold;
  char                  *name;
  char                  *value;
} TipRow;

static void
tip_row_clear (gpointer data)
{
  TipRow *row = data;

  g_free (row->name);
  g_free (row->value);
}

static GArray *
tip_rows_new (void)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (TipRow));
  g_array_set_clear_func (rows, tip_row_clear);
  return rows;
}

static void
tip_add (GArray                *rows,
         const PulseChartColor *color,
         gboolean               dashed,
         const char            *name,
         char                  *value)
{
  TipRow row = { color, dashed, FALSE, g_strdup (name), value };
  g_array_append_val (rows, row);
}

static void
draw_tip_swatch (Draw         *d,
                 const TipRow *row,
                 double        x,
                 double        cy)
{
  double size = 10;

  if (row->dashed)
    {
      static const double dashes[] = { 3, 2 };
      cairo_set_dash (d->cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (d->cr, 2);
      cairo_move_to (d->cr, x, snap_line (d, cy, 2));
      cairo_line_to (d->cr, x + size, snap_line (d, cy, 2));
      pulse_chart_color_apply (d->cr, row->color, 1);
      cairo_stroke (d->cr);
      cairo_set_dash (d->cr, NULL, 0, 0);
      return;
    }
  rounded_rect (d->cr, x, cy - size / 2, size, size, 2.5);
  pulse_chart_color_apply (d->cr, row->color, 1);
  cairo_fill (d->cr);
}

/* A card with a header and rows of swatch, name and right-aligned
 * value, beside (@anchor_x, @anchor_y): right of it when it fits. */
static void
draw_tooltip (Draw       *d,
              const char *header,
              GArray     *rows,
              double      anchor_x,
              double      anchor_y)
{
  PulseChartLayout *self = d->layout;
  g_autoptr(PangoFontDescription) bold = derive_bold (self->small_font);
  g_autofree Text *names = g_new0 (Text, rows->len);
  g_autofree Text *values = g_new0 (Text, rows->len);
  Text head = { 0 };
  double name_width = 0, value_width = 0, row_height = 0, swatch = 0;
  double width, height, x, y;

  _pulse_chart_text_set (self, &head, header, bold, TRUE);
  for (guint i = 0; i < rows->len; i++)
    {
      TipRow *row = &g_array_index (rows, TipRow, i);

      _pulse_chart_text_set (self, &names[i], row->name, row->bold ? bold : self->small_font, FALSE);
      _pulse_chart_text_set (self, &values[i], row->value, row->bold ? bold : self->small_font, TRUE);
      name_width = MAX (name_width, names[i].width);
      value_width = MAX (value_width, values[i].width);
      row_height = MAX (row_height, MAX (names[i].height, values[i].height));
      if (row->color)
        swatch = 16;
    }
  /* Long series names are cut rather than the card leaving the chart. */
  name_width = MIN (name_width, self->width - 2 * TOOLTIP_PAD - swatch - 16 - value_width - 8);

  width = MAX (head.width, swatch + name_width + 16 + value_width) + 2 * TOOLTIP_PAD;
  height = head.height + rows->len * (row_height + 2) + 2 * TOOLTIP_PAD + (rows->len ? 4 : 0);
  x = anchor_x + 14;
  if (x + width > self->width - 2)
    x = anchor_x - 14 - width;
  x = snap (d, CLAMP (x, 2, MAX (2, self->width - width - 2)));
  y = snap (d, CLAMP (anchor_y, 2, MAX (2, self->height - height - 2)));

  /* A soft shadow, the card, a hairline border */
  rounded_rect (d->cr, x, y + 1, width, height, 8);
  cairo_set_source_rgba (d->cr, 0, 0, 0, self->style.dark ? 0.35 : 0.12);
  cairo_fill (d->cr);
  rounded_rect (d->cr, x + 0.5, y + 0.5, width - 1, height - 1, 8);
  pulse_chart_color_apply (d->cr, &d->palette->surface, 1);
  cairo_fill_preserve (d->cr);
  cairo_set_line_width (d->cr, 1);
  pulse_chart_color_apply (d->cr, &d->palette->tooltip_border, 1);
  cairo_stroke (d->cr);

  head.x = x + TOOLTIP_PAD;
  head.y = y + TOOLTIP_PAD;
  draw_text (d, &head, &d->palette->foreground);

  for (guint i = 0; i < rows->len; i++)
    {
      TipRow *row = &g_array_index (rows, TipRow, i);
      double row_y = y + TOOLTIP_PAD + head.height + 4 + i * (row_height + 2);

      if (row->color)
        draw_tip_swatch (d, row, x + TOOLTIP_PAD, row_y + row_height / 2);
      pango_layout_set_width (names[i].layout, (int)(MAX (1, name_width) * PANGO_SCALE));
      pango_layout_set_ellipsize (names[i].layout, PANGO_ELLIPSIZE_END);
      names[i].x = x + TOOLTIP_PAD + swatch;
      names[i].y = row_y + (row_height - names[i].height) / 2;
      values[i].x = x + width - TOOLTIP_PAD - values[i].width;
      values[i].y = row_y + (row_height - values[i].height) / 2;
      draw_text (d, &names[i], row->bold ? &d->palette->foreground : &d->palette->dim_foreground);
      draw_text (d, &values[i], &d->palette->foreground);
      _pulse_chart_text_clear (&names[i]);
      _pulse_chart_text_clear (&values[i]);
    }
  _pulse_chart_text_clear (&head);
}

static char *
bucket_header (PulseChartLayout *self,
               guint             bucket)
{
  char *date;

  if (bucket >= self->n_buckets)
    return g_strdup ("");
  if (self->labels_are_dates && (date = pulse_chart_format_date_long (self->buckets[bucket])))
    return date;
  if (self->kind == PULSE_CHART_KIND_HISTOGRAM && self->unit != NULL)
    return g_strdup_printf ("%s %s", self->buckets[bucket], self->unit);
  return g_strdup (self->buckets[bucket]);
}

static void
bucket_tooltip (Draw   *d,
                guint   bucket,
                double  anchor_x,
                double  anchor_y)
{
  PulseChartLayout *self = d->layout;
  g_autoptr(GArray) rows = tip_rows_new ();
  g_autofree char *header = bucket_header (self, bucket);
  /* Histogram counts are persons or items, not the unit of the bins. */
  const char *unit = self->kind == PULSE_CHART_KIND_HISTOGRAM ? NULL : self->unit;

  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesInfo *info = _pulse_chart_layout_series (self, i);

      if (!info->visible || (self->kind == PULSE_CHART_KIND_KPI && (int)i != self->spark_series))
        continue;
      tip_add (rows, series_color (d, info), info->dashed, info->title,
               pulse_chart_format_value (value_at (info, bucket), unit, -1));
    }

  if (self->kind == PULSE_CHART_KIND_STACKED_BAR && rows->len > 1)
    {
      tip_add (rows, NULL, FALSE, _("Total"),
               pulse_chart_format_value (_pulse_chart_layout_stack_top (self, bucket), unit, -1));
      g_array_index (rows, TipRow, rows->len - 1).bold = TRUE;
    }

  draw_tooltip (d, header, rows, anchor_x, anchor_y);
}

/* Hover feedback */

static void
hover_dot (Draw                  *d,
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

static void
hover_lines (Draw *d,
             guint bucket)
{
  PulseChartLayout *self = d->layout;
  double x = snap_line (d, _pulse_chart_layout_x (self, bucket), 1);

  cairo_set_line_width (d->cr, MAX (1, round (d->scale)) / d->scale);
  cairo_move_to (d->cr, x, self->plot.y);
  cairo_line_to (d->cr, x, self->plot.y + self->plot.height);
  pulse_chart_color_apply (d->cr, &d->palette->dim_foreground, 0.7);
  cairo_stroke (d->cr);

  for (guint i = self->series->len; i > 0; i--)
    {
      SeriesInfo *info = _pulse_chart_layout_series (self, i - 1);
      double v = value_at (info, bucket);

      if (info->visible && !isnan (v))
        hover_dot (d, x, _pulse_chart_layout_y (self, v), series_color (d, info));
    }
}

static void
hover_band (Draw  *d,
            guint  bucket)
{
  PulseChartLayout *self = d->layout;
  double band = self->plot.width / MAX (self->n_buckets, 1);
  double x = _pulse_chart_layout_x (self, bucket) - band / 2;

  rounded_rect (d->cr, x, self->plot.y, band, self->plot.height, MIN (4, band / 4));
  pulse_chart_color_apply (d->cr, &d->palette->foreground, self->style.dark ? 0.08 : 0.06);
  cairo_fill (d->cr);
}

static void
hover_bucket (Draw  *d,
              guint  bucket)
{
  PulseChartLayout *self = d->layout;
  double x;

  if (bucket >= self->n_buckets)
    return;

  if (self->kind == PULSE_CHART_KIND_KPI)
    {
      SeriesInfo *info;

      if (self->spark_series < 0)
        return;
      info = _pulse_chart_layout_series (self, self->spark_series);
      double v = value_at (info, bucket);

      x = _pulse_chart_spark_x (self, bucket);
      if (!isnan (v))
        hover_dot (d, x, _pulse_chart_spark_y (self, v), series_color (d, info));
      bucket_tooltip (d, bucket, x, self->spark.y - 8);
      return;
    }

  x = _pulse_chart_layout_x (self, bucket);
  if (self->banded)
    hover_band (d, bucket);
  else
    hover_lines (d, bucket);
  bucket_tooltip (d, bucket, x, self->plot.y + 4);
}

static void
hover_slice (Draw *d,
             int   index)
{
  PulseChartLayout *self = d->layout;
  g_autoptr(GArray) rows = tip_rows_new ();
  Slice *slice;
  SeriesInfo *info;
  double mid;

  if (index < 0 || (guint)index >= self->slices->len)
    return;
  slice = &g_array_index (self->slices, Slice, index);
  info = _pulse_chart_layout_series (self, slice->series);

  /* The slice grows a little, and a tooltip says how much it is. */
  path_slice (d, slice, self->r_outer + 4, self->r_inner);
  pulse_chart_color_apply (d->cr, series_color (d, info), 1);
  cairo_fill (d->cr);

  tip_add (rows, NULL, FALSE, _("Value"), pulse_chart_format_value (slice->value, self->unit, -1));
  tip_add (rows, NULL, FALSE, _("Share"), pulse_chart_format_percent (slice->value / self->donut_total));
  mid = slice->start + slice->sweep / 2 - G_PI / 2;
  draw_tooltip (d, info->title, rows,
                self->cx + cos (mid) * self->r_outer, self->cy + sin (mid) * self->r_outer);
}

static void
hover_step (Draw *d,
            int   index)
{
  PulseChartLayout *self = d->layout;
  g_autoptr(GArray) rows = tip_rows_new ();
  FunnelRow *row, *first;
  double first_value;

  if (index < 0 || (guint)index >= self->rows->len)
    return;
  row = &g_array_index (self->rows, FunnelRow, index);
  first = &g_array_index (self->rows, FunnelRow, 0);
  first_value = first->step_value;

  rounded_rect (d->cr, row->row.x - 2, row->row.y - 2, row->row.width + 4, row->row.height + 4, 6);
  pulse_chart_color_apply (d->cr, &d->palette->foreground, self->style.dark ? 0.08 : 0.05);
  cairo_fill (d->cr);

  tip_add (rows, NULL, FALSE, _("Count"), pulse_chart_format_value (row->step_value, NULL, -1));
  tip_add (rows, NULL, FALSE, _("Of the first step"),
           pulse_chart_format_percent (first_value > 0 ? row->step_value / first_value : NAN));
  if (index > 0)
    {
      double prev = g_array_index (self->rows, FunnelRow, index - 1).step_value;
      tip_add (rows, NULL, FALSE, _("Of the step before"),
               pulse_chart_format_percent (prev > 0 ? row->step_value / prev : NAN));
    }
  draw_tooltip (d, pango_layout_get_text (row->title.layout), rows,
                row->bar.x + row->bar.width, row->row.y + row->row.height + 4);
}

static void
hover_legend (Draw *d,
              int   index)
{
  PulseChartLayout *self = d->layout;
  LegendEntry *entry;

  if (index < 0 || (guint)index >= self->legend->len)
    return;
  entry = &g_array_index (self->legend, LegendEntry, index);
  rounded_rect (d->cr, entry->rect.x, entry->rect.y, entry->rect.width, entry->rect.height, 6);
  pulse_chart_color_apply (d->cr, &d->palette->foreground, self->style.dark ? 0.1 : 0.07);
  cairo_fill (d->cr);
}

/**
 * pulse_chart_layout_draw_hover:
 * @hit: what the pointer is over, from pulse_chart_layout_hit_test()
 *
 * Draws hover feedback over an already drawn chart: a crosshair with
 * dots, a highlighted bar, slice, step or legend entry, and a tooltip.
 */
void
pulse_chart_layout_draw_hover (PulseChartLayout    *self,
                               cairo_t             *cr,
                               const PulseChartHit *hit)
{
  Draw d;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (hit != NULL);

  draw_init (&d, self, cr);
  cairo_save (cr);

  switch (hit->kind)
    {
    case PULSE_CHART_HIT_BUCKET:
      if (!self->empty && hit->index >= 0)
        hover_bucket (&d, hit->index);
      break;
    case PULSE_CHART_HIT_SLICE:
      hover_slice (&d, hit->index);
      break;
    case PULSE_CHART_HIT_STEP:
      hover_step (&d, hit->index);
      break;
    case PULSE_CHART_HIT_LEGEND:
      hover_legend (&d, hit->index);
      break;
    case PULSE_CHART_HIT_NONE:
    default:
      break;
    }

  cairo_restore (cr);
}

/* One-shot API */

/**
 * pulse_chart_render:
 * @model: the chart
 * @cr: where to draw, with (0, 0) at the chart's top-left corner
 * @width: width in user units
 * @height: height in user units
 * @style: colours and font
 *
 * Lays out and draws @model. Callers that draw repeatedly (widgets)
 * keep a #PulseChartLayout instead.
 */
void
pulse_chart_render (PulseChartModel       *model,
                    cairo_t               *cr,
                    double                 width,
                    double                 height,
                    const PulseChartStyle *style)
{
  g_autoptr(PulseChartLayout) layout = NULL;

  g_return_if_fail (PULSE_IS_CHART_MODEL (model));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  layout = pulse_chart_layout_new (model, style, width, height);
  pulse_chart_layout_draw (layout, cr);
}

/**
 * pulse_chart_hit_test:
 * @out: (out): what is under (@x, @y)
 *
 * Returns: %TRUE if a bucket, slice, step or legend entry is there
 */
gboolean
pulse_chart_hit_test (PulseChartModel       *model,
                      const PulseChartStyle *style,
                      double                 width,
                      double                 height,
                      double                 x,
                      double                 y,
                      PulseChartHit         *out)
{
  g_autoptr(PulseChartLayout) layout = NULL;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (model), FALSE);
  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  layout = pulse_chart_layout_new (model, style, width, height);
  return pulse_chart_layout_hit_test (layout, x, y, out);
}
