/* pulse-chart-layout.h: a chart's geometry at one size, computed once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "pulse-chart-model.h"
#include "pulse-chart-palette.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CHART_LAYOUT (pulse_chart_layout_get_type ())

typedef enum
{
  PULSE_CHART_HIT_NONE,
  PULSE_CHART_HIT_BUCKET, /* index: bucket (line, area, bars, KPI sparkline) or histogram bin */
  PULSE_CHART_HIT_LEGEND, /* series: the entry's series */
  PULSE_CHART_HIT_SLICE,  /* series: the donut slice's series */
  PULSE_CHART_HIT_STEP,   /* index: the funnel step */
} PulseChartHitKind;

typedef struct
{
  PulseChartHitKind kind;
  int               index;
  int               series;
} PulseChartHit;

typedef struct _PulseChartLayout PulseChartLayout;

GType              pulse_chart_layout_get_type          (void) G_GNUC_CONST;
PulseChartLayout  *pulse_chart_layout_new               (PulseChartModel         *model,
                                                         const PulseChartStyle   *style,
                                                         double                   width,
                                                         double                   height);
PulseChartLayout  *pulse_chart_layout_ref               (PulseChartLayout        *self);
void               pulse_chart_layout_unref             (PulseChartLayout        *self);

void               pulse_chart_layout_draw              (PulseChartLayout        *self,
                                                         cairo_t                 *cr);
void               pulse_chart_layout_draw_hover        (PulseChartLayout        *self,
                                                         cairo_t                 *cr,
                                                         const PulseChartHit     *hit);
gboolean           pulse_chart_layout_hit_test          (PulseChartLayout        *self,
                                                         double                   x,
                                                         double                   y,
                                                         PulseChartHit           *hit);
gboolean           pulse_chart_hit_equal                (const PulseChartHit     *a,
                                                         const PulseChartHit     *b);

PulseChartKind     pulse_chart_layout_get_kind          (PulseChartLayout        *self);
void               pulse_chart_layout_get_size          (PulseChartLayout        *self,
                                                         double                  *width,
                                                         double                  *height);
gboolean           pulse_chart_layout_is_empty          (PulseChartLayout        *self);
void               pulse_chart_layout_get_plot_area     (PulseChartLayout        *self,
                                                         cairo_rectangle_t       *area);
gboolean           pulse_chart_layout_get_value_range   (PulseChartLayout        *self,
                                                         double                  *min,
                                                         double                  *max);
guint              pulse_chart_layout_get_n_buckets     (PulseChartLayout        *self);
double             pulse_chart_layout_get_bucket_x      (PulseChartLayout        *self,
                                                         guint                    bucket);
double             pulse_chart_layout_get_value_y       (PulseChartLayout        *self,
                                                         double                   value);
guint              pulse_chart_layout_get_n_y_ticks     (PulseChartLayout        *self);
double             pulse_chart_layout_get_y_tick        (PulseChartLayout        *self,
                                                         guint                    index,
                                                         const char             **label);
guint              pulse_chart_layout_get_n_x_labels    (PulseChartLayout        *self);
const char        *pulse_chart_layout_get_x_label       (PulseChartLayout        *self,
                                                         guint                    index,
                                                         guint                   *bucket,
                                                         cairo_rectangle_t       *rect);
guint              pulse_chart_layout_get_n_legend_entries (PulseChartLayout     *self);
int                pulse_chart_layout_get_legend_entry  (PulseChartLayout        *self,
                                                         guint                    index,
                                                         cairo_rectangle_t       *rect);
gboolean           pulse_chart_layout_get_item_rect     (PulseChartLayout        *self,
                                                         guint                    index,
                                                         cairo_rectangle_t       *rect);
gboolean           pulse_chart_layout_get_donut         (PulseChartLayout        *self,
                                                         double                  *center_x,
                                                         double                  *center_y,
                                                         double                  *outer_radius,
                                                         double                  *inner_radius);
double             pulse_chart_layout_get_slice_angle   (PulseChartLayout        *self,
                                                         guint                    series,
                                                         double                  *start);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseChartLayout, pulse_chart_layout_unref)

G_END_DECLS
