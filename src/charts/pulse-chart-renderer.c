/* pulse-chart-renderer.c: draws a chart layout into any cairo_t
 *
 * Only cairo and pangocairo: the widget, PNG, SVG and PDF exports all
 * come through here. Geometry comes from the layout; this file paints
 * what every chart has (background, title, legend, the empty message)
 * and asks the kind's ops for the rest, plus the hover overlay that the
 * widget draws on top of the cached chart. The helpers below snap lines
 * to device pixels for every piece.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "pulse-chart-kind-private.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-legend-private.h"

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

void
_pulse_chart_draw_init (PulseChartDraw        *d,
                        cairo_t               *cr,
                        const PulseChartStyle *style)
{
  d->cr = cr;
  d->style = style;
  d->palette = &style->palette;
  d->scale = device_scale (cr, style);
}

/* Centres a line of @line_width on device pixels, so 1 px hairlines
 * stay one sharp device pixel (or two at 2×) instead of two blurry ones. */
double
_pulse_chart_draw_snap_line (PulseChartDraw *d,
                             double          v,
                             double          line_width)
{
  double w = MAX (1, round (line_width * d->scale));
  return (round (v * d->scale - w / 2) + w / 2) / d->scale;
}

double
_pulse_chart_draw_snap (PulseChartDraw *d,
                        double          v)
{
  return round (v * d->scale) / d->scale;
}

const PulseChartColor *
_pulse_chart_draw_series_color (PulseChartDraw *d,
                                int             color_index)
{
  return pulse_chart_style_get_series_color (d->style, color_index);
}

void
_pulse_chart_draw_text (PulseChartDraw        *d,
                        const PulseChartText  *text,
                        const PulseChartColor *color)
{
  if (text->layout == NULL)
    return;
  pulse_chart_color_apply (d->cr, color, 1);
  cairo_move_to (d->cr, text->x, _pulse_chart_draw_snap (d, text->y));
  pango_cairo_show_layout (d->cr, text->layout);
}

void
_pulse_chart_draw_rounded_rect (PulseChartDraw *d,
                                double          x,
                                double          y,
                                double          w,
                                double          h,
                                double          r)
{
  cairo_t *cr = d->cr;

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

/* A translucent wash of the foreground over a hovered item. */
void
_pulse_chart_draw_highlight (PulseChartDraw          *d,
                             const cairo_rectangle_t *rect,
                             double                   radius,
                             double                   alpha,
                             double                   dark_alpha)
{
  _pulse_chart_draw_rounded_rect (d, rect->x, rect->y, rect->width, rect->height, radius);
  pulse_chart_color_apply (d->cr, &d->palette->foreground, d->style->dark ? dark_alpha : alpha);
  cairo_fill (d->cr);
}

/* A series' sample in legends and tooltips: a rounded square, or a
 * short dashed line for comparisons. */
void
_pulse_chart_draw_swatch (PulseChartDraw        *d,
                          double                 x,
                          double                 y,
                          double                 size,
                          double                 radius,
                          const PulseChartColor *color,
                          gboolean               dashed)
{
  cairo_t *cr = d->cr;

  if (dashed)
    {
      static const double dashes[] = { 3, 2 };
      double cy = _pulse_chart_draw_snap_line (d, y + size / 2, 2);

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + size, cy);
      pulse_chart_color_apply (cr, color, 1);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      return;
    }

  _pulse_chart_draw_rounded_rect (d, x, y, size, size, radius);
  pulse_chart_color_apply (cr, color, 1);
  cairo_fill (cr);
}

void
_pulse_chart_draw_bar (PulseChartDraw        *d,
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
    rounded_top_rect (d->cr, x0, y_top, width, y_bottom - y_top, MIN (PULSE_CHART_BAR_RADIUS, width / 3));
  else
    cairo_rectangle (d->cr, x0, y_top, width, y_bottom - y_top);
  pulse_chart_color_apply (d->cr, color, 1);
  cairo_fill (d->cr);
}

/* The layout */

/**
 * pulse_chart_layout_draw:
 *
 * Draws the chart (without hover feedback) at (0, 0) in user space.
 */
void
pulse_chart_layout_draw (PulseChartLayout *self,
                         cairo_t          *cr)
{
  PulseChartDraw d;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  _pulse_chart_draw_init (&d, cr, &self->style);
  cairo_save (cr);

  if (d.palette->background.alpha > 0)
    {
      cairo_rectangle (cr, 0, 0, self->width, self->height);
      pulse_chart_color_apply (cr, &d.palette->background, 1);
      cairo_fill (cr);
    }
  _pulse_chart_draw_text (&d, &self->title, &d.palette->foreground);

  if (!self->empty)
    self->ops->draw (self, &d);

  _pulse_chart_legend_draw (self, &d);
  if (self->empty)
    _pulse_chart_draw_text (&d, &self->message, &d.palette->dim_foreground);

  cairo_restore (cr);
}

/**
 * pulse_chart_layout_draw_hover:
 * @hit: what the pointer is over, from pulse_chart_layout_hit_test()
 *
 * Draws hover feedback over an already drawn chart: a crosshair with
 * dots, a highlighted bar, step or legend entry, and a tooltip.
 */
void
pulse_chart_layout_draw_hover (PulseChartLayout    *self,
                               cairo_t             *cr,
                               const PulseChartHit *hit)
{
  PulseChartDraw d;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (hit != NULL);

  _pulse_chart_draw_init (&d, cr, &self->style);
  cairo_save (cr);

  if (hit->kind == PULSE_CHART_HIT_LEGEND)
    _pulse_chart_legend_draw_hover (self, &d, hit->index);
  else if (hit->kind != PULSE_CHART_HIT_NONE)
    self->ops->draw_hover (self, &d, hit);

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
 * Returns: %TRUE if a bucket, step or legend entry is there
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
