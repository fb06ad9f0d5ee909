/* pulse-chart-axis-private.h: the value and category axes of line, area,
 * bar charts and histograms, and the bars that stand on them
 *
 * A kind with axes sets layout->axis; the functions take the layout,
 * whose plot rectangle the axes place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-layout-private.h"

G_BEGIN_DECLS

/* The left value axis, and the right one of a second unit */
#define PULSE_CHART_MAX_VALUE_AXES 2

/* A value axis: one unit, titled once above its tick labels. */
typedef struct
{
  char           *unit;        /* of its series; NULL for plain numbers */
  gboolean        from_zero;   /* counts and ratios */
  double          divisor;     /* durations: seconds per tick unit (minutes: 60) */
  double          min;         /* the kind's range to show; after layout, the ticks' */
  double          max;
  GArray         *ticks;       /* Tick */
  PulseChartText  title;
} PulseChartValueAxis;

struct _PulseChartAxis
{
  GStrv     buckets;           /* category labels (dates for time series) */
  guint     n_buckets;
  gboolean  labels_are_dates;
  gboolean  banded;            /* bars: buckets are bands, lines: points edge to edge */
  PulseChartValueAxis values[PULSE_CHART_MAX_VALUE_AXES];
  guint     n_values;
  GArray   *x_labels;          /* Label */
  double    bar_width;
  gboolean *partial;           /* per bucket; NULL: none is partial */
  GArray   *partial_labels;    /* Label, one per run of partial buckets */
};

PulseChartAxis *_pulse_chart_axis_new        (GStrv                    buckets,
                                              gboolean                 banded);
void            _pulse_chart_axis_free       (PulseChartAxis          *axis);
void            _pulse_chart_axis_set_partial (PulseChartAxis         *axis,
                                              PulseChartModel         *model);
void            _pulse_chart_axis_assign     (PulseChartLayout        *self,
                                              const char              *primary,
                                              guint                    max_axes);
void            _pulse_chart_axis_layout     (PulseChartLayout        *self,
                                              const cairo_rectangle_t *area,
                                              double                   top);
double          _pulse_chart_axis_x          (PulseChartLayout        *self,
                                              double                   bucket);
double          _pulse_chart_axis_y          (PulseChartLayout        *self,
                                              guint                    axis,
                                              double                   value);
double          _pulse_chart_axis_baseline   (PulseChartLayout        *self,
                                              guint                    axis);
gboolean        _pulse_chart_axis_hit_test   (PulseChartLayout        *self,
                                              double                   x,
                                              double                   y,
                                              PulseChartHit           *hit);
gboolean        _pulse_chart_axis_get_band   (PulseChartLayout        *self,
                                              guint                    bucket,
                                              cairo_rectangle_t       *rect);
char           *_pulse_chart_axis_dup_header (PulseChartLayout        *self,
                                              guint                    bucket,
                                              const char              *unit);
void            _pulse_chart_axis_draw       (PulseChartLayout        *self,
                                              PulseChartDraw          *d);
void            _pulse_chart_axis_draw_bars  (PulseChartLayout        *self,
                                              PulseChartDraw          *d);
void            _pulse_chart_axis_draw_band  (PulseChartLayout        *self,
                                              PulseChartDraw          *d,
                                              guint                    bucket);
void            _pulse_chart_axis_draw_partial (PulseChartLayout      *self,
                                              PulseChartDraw          *d);
void            _pulse_chart_axis_draw_partial_labels (PulseChartLayout *self,
                                              PulseChartDraw          *d);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseChartAxis, _pulse_chart_axis_free)

G_END_DECLS
