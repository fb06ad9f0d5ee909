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
  PULSE_CHART_HIT_BUCKET, /* index: bucket (line, area, bars) or histogram bin */
  PULSE_CHART_HIT_LEGEND, /* series: the entry's series */
  PULSE_CHART_HIT_STEP,   /* index: the funnel step */
  PULSE_CHART_HIT_CELL,   /* index: the cohort table's cell, pulse_chart_model_get_cell() */
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

void               pulse_chart_layout_get_size          (PulseChartLayout        *self,
                                                         double                  *width,
                                                         double                  *height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseChartLayout, pulse_chart_layout_unref)

G_END_DECLS
