/* pulse-chart-legend-private.h: one entry per series, click to hide it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-layout-private.h"

G_BEGIN_DECLS

typedef struct
{
  int                series;
  cairo_rectangle_t  rect;     /* hit area */
  double             swatch_x;
  double             swatch_y;
  PulseChartText     name;
} PulseChartLegendEntry;

GArray   *_pulse_chart_legend_new        (void);
double    _pulse_chart_legend_layout     (PulseChartLayout *self,
                                          double            x,
                                          double            y,
                                          double            width);
gboolean  _pulse_chart_legend_hit_test   (PulseChartLayout *self,
                                          double            x,
                                          double            y,
                                          PulseChartHit    *hit);
void      _pulse_chart_legend_draw       (PulseChartLayout *self,
                                          PulseChartDraw   *d);
void      _pulse_chart_legend_draw_hover (PulseChartLayout *self,
                                          PulseChartDraw   *d,
                                          int               index);

G_END_DECLS
