/* pulse-chart-kind-private.h: what each chart kind does for itself
 *
 * Each kind (one pulse-chart-<kind>.c) fills a PulseChartKindOps and has
 * a row in pulse-chart-kinds.h. The model, the layout, the renderer and
 * the widget ask the kind's ops for everything that differs by kind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-layout.h"
#include "pulse-chart-model.h"
#include "pulse-chart-renderer-private.h"

G_BEGIN_DECLS

typedef struct
{
  /* Model: nothing to plot? */
  gboolean  (*is_empty)       (PulseChartModel         *model);
  /* One line for assistive technologies, after @title; the model is
   * not empty. */
  char     *(*dup_summary)    (PulseChartModel         *model,
                               const char              *title);
  /* Fills a new model from a metric result; @scale turns fractions
   * into percentages (series with a unit of their own have their own,
   * _pulse_chart_model_shown_unit()). */
  void      (*add_result)     (PulseChartModel         *model,
                               PulseMetricResult       *result,
                               PulseMetricResult       *previous,
                               const char              *segment,
                               double                   scale);

  /* Widget: the natural size (NULL: the default) and what the arrow
   * keys walk through. */
  int       (*natural_width)  (PulseChartModel         *model);
  int       (*natural_height) (PulseChartModel         *model);
  PulseChartHitKind item_kind;
  guint     (*n_items)        (PulseChartModel         *model);
  /* Series are alternative views of the same data: showing one hides
   * the others, and the one shown stays on. */
  gboolean  exclusive_series;

  /* Layout: copies what it needs from @model and places everything in
   * @area; state of its own goes to layout->state, freed by free_state. */
  void      (*layout)         (PulseChartLayout        *layout,
                               PulseChartModel         *model,
                               const cairo_rectangle_t *area);
  GDestroyNotify free_state;
  /* Only called when the chart is not empty. */
  void      (*draw)           (PulseChartLayout        *layout,
                               PulseChartDraw          *d);
  /* Past the legend, on a chart that is not empty. */
  gboolean  (*hit_test)       (PulseChartLayout        *layout,
                               double                   x,
                               double                   y,
                               PulseChartHit           *hit);
  /* Any hit but the legend's. */
  void      (*draw_hover)     (PulseChartLayout        *layout,
                               PulseChartDraw          *d,
                               const PulseChartHit     *hit);
  gboolean  (*get_item_rect)  (PulseChartLayout        *layout,
                               guint                    index,
                               cairo_rectangle_t       *rect);
} PulseChartKindOps;

#define PULSE_CHART_KIND_ROW(NAME, nick, ops) extern const PulseChartKindOps ops;
#include "pulse-chart-kinds.h"
#undef PULSE_CHART_KIND_ROW

const PulseChartKindOps *_pulse_chart_kind_get_ops (PulseChartKind kind);

const char *_pulse_chart_model_field_title (PulseChartModel        *self,
                                           const PulseMetricField *field,
                                           const char             *id);
const char *_pulse_chart_model_shown_unit  (const char             *unit,
                                           double                 *scale);
const char *_pulse_chart_model_get_segment (PulseChartModel *self);
guint       _pulse_chart_model_get_series_shown_at (PulseChartModel *self,
                                                   guint            index);
guint       _pulse_chart_model_add_previous (PulseChartModel       *self,
                                            guint                  index,
                                            const double          *values,
                                            guint                  n_values);

G_END_DECLS
