/* pulse-chart-renderer-private.h: drawing helpers every chart piece uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-palette.h"
#include "pulse-chart-renderer.h"
#include "pulse-chart-text-private.h"

G_BEGIN_DECLS

#define PULSE_CHART_BAR_RADIUS 4.0

typedef struct
{
  cairo_t                 *cr;
  const PulseChartStyle   *style;
  const PulseChartPalette *palette;
  double                   scale;  /* device pixels per unit */
} PulseChartDraw;

void                   _pulse_chart_draw_init          (PulseChartDraw         *d,
                                                        cairo_t                *cr,
                                                        const PulseChartStyle  *style);
double                 _pulse_chart_draw_snap          (PulseChartDraw         *d,
                                                        double                  v);
double                 _pulse_chart_draw_snap_line     (PulseChartDraw         *d,
                                                        double                  v,
                                                        double                  line_width);
const PulseChartColor *_pulse_chart_draw_series_color  (PulseChartDraw         *d,
                                                        int                     color_index);
void                   _pulse_chart_draw_text          (PulseChartDraw         *d,
                                                        const PulseChartText   *text,
                                                        const PulseChartColor  *color);
void                   _pulse_chart_draw_rounded_rect  (PulseChartDraw         *d,
                                                        double                  x,
                                                        double                  y,
                                                        double                  w,
                                                        double                  h,
                                                        double                  r);
void                   _pulse_chart_draw_highlight     (PulseChartDraw         *d,
                                                        const cairo_rectangle_t *rect,
                                                        double                  radius,
                                                        double                  alpha,
                                                        double                  dark_alpha);
void                   _pulse_chart_draw_swatch        (PulseChartDraw         *d,
                                                        double                  x,
                                                        double                  y,
                                                        double                  size,
                                                        double                  radius,
                                                        const PulseChartColor  *color,
                                                        gboolean                dashed);
void                   _pulse_chart_draw_bar           (PulseChartDraw         *d,
                                                        double                  x0,
                                                        double                  x1,
                                                        double                  y_top,
                                                        double                  y_bottom,
                                                        gboolean                rounded,
                                                        const PulseChartColor  *color);

/* For the tests */
gboolean               pulse_chart_hit_test            (PulseChartModel        *model,
                                                        const PulseChartStyle  *style,
                                                        double                  width,
                                                        double                  height,
                                                        double                  x,
                                                        double                  y,
                                                        PulseChartHit          *out);

G_END_DECLS
