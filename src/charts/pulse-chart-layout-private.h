/* pulse-chart-layout-private.h: what every chart's layout has, for the
 * kinds and the shared pieces; and geometry for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-kind-private.h"
#include "pulse-chart-layout.h"
#include "pulse-chart-text-private.h"

G_BEGIN_DECLS

typedef struct _PulseChartAxis PulseChartAxis;

/* A series, copied: the layout never reads the model again, so a model
 * change cannot leave it pointing at freed data. */
typedef struct
{
  char     *title;
  char     *unit;         /* NULL: plain numbers */
  double   *values;
  guint     n_values;
  int       color_index;
  int       axis;         /* its value axis; -1: none, not drawn */
  guint     shown_at;     /* _pulse_chart_model_get_series_shown_at() */
  gboolean  dashed;
  gboolean  downward;     /* values negated to draw below zero */
  gboolean  visible;
} PulseChartSeries;

struct _PulseChartLayout
{
  gatomicrefcount          ref_count;

  const PulseChartKindOps *ops;
  gpointer                 state;     /* the kind's own */
  PulseChartStyle          style;
  PulseChartTextFactory   *text;
  double                   width;
  double                   height;
  char                    *unit;

  gboolean                 empty;
  PulseChartText           message;
  PulseChartText           title;

  GArray                  *series;    /* PulseChartSeries, for legends and tooltips */
  GArray                  *legend;    /* PulseChartLegendEntry */
  PulseChartAxis          *axis;      /* NULL for kinds without axes */
  cairo_rectangle_t        plot;      /* inside the axes, or the extent of the funnel's bars */
};

void              _pulse_chart_layout_add_series     (PulseChartLayout *self,
                                                      PulseChartSeries *series);
PulseChartSeries *_pulse_chart_layout_get_series     (PulseChartLayout *self,
                                                      guint             index);
void              _pulse_chart_layout_series_extent  (PulseChartLayout *self,
                                                      int               axis,
                                                      double           *min,
                                                      double           *max);
void              _pulse_chart_layout_set_message    (PulseChartLayout *self,
                                                      double            x,
                                                      double            y,
                                                      double            width,
                                                      double            height);
double            _pulse_chart_series_value          (const PulseChartSeries *series,
                                                      guint                   bucket);
gboolean          _pulse_chart_series_drawn          (const PulseChartSeries *series);
char             *_pulse_chart_series_format         (const PulseChartSeries *series,
                                                      guint                   bucket);
gboolean          _pulse_chart_rect_contains         (const cairo_rectangle_t *rect,
                                                      double                   x,
                                                      double                   y);

/* For the tests */
gboolean     pulse_chart_layout_is_empty             (PulseChartLayout   *self);
void         pulse_chart_layout_get_plot_area        (PulseChartLayout   *self,
                                                      cairo_rectangle_t  *area);
gboolean     pulse_chart_layout_get_value_range      (PulseChartLayout   *self,
                                                      double             *min,
                                                      double             *max);
double       pulse_chart_layout_get_bucket_x         (PulseChartLayout   *self,
                                                      guint               bucket);
double       pulse_chart_layout_get_value_y          (PulseChartLayout   *self,
                                                      double              value);
guint        pulse_chart_layout_get_n_y_ticks        (PulseChartLayout   *self);
double       pulse_chart_layout_get_y_tick           (PulseChartLayout   *self,
                                                      guint               index,
                                                      const char        **label);
guint        pulse_chart_layout_get_n_value_axes     (PulseChartLayout   *self);
gboolean     pulse_chart_layout_get_axis_range       (PulseChartLayout   *self,
                                                      guint               axis,
                                                      double             *min,
                                                      double             *max);
const char  *pulse_chart_layout_get_axis_title       (PulseChartLayout   *self,
                                                      guint               axis,
                                                      cairo_rectangle_t  *rect);
guint        pulse_chart_layout_get_axis_n_ticks     (PulseChartLayout   *self,
                                                      guint               axis);
double       pulse_chart_layout_get_axis_tick        (PulseChartLayout   *self,
                                                      guint               axis,
                                                      guint               index,
                                                      const char        **label);
double       pulse_chart_layout_get_axis_value_y     (PulseChartLayout   *self,
                                                      guint               axis,
                                                      double              value);
int          pulse_chart_layout_get_series_axis      (PulseChartLayout   *self,
                                                      guint               series);
char        *pulse_chart_layout_dup_series_value     (PulseChartLayout   *self,
                                                      guint               series,
                                                      guint               bucket);
const char  *pulse_chart_layout_get_legend_label     (PulseChartLayout   *self,
                                                      guint               index);
guint        pulse_chart_layout_get_n_x_labels       (PulseChartLayout   *self);
gboolean     pulse_chart_layout_get_bucket_partial   (PulseChartLayout   *self,
                                                      guint               bucket);
guint        pulse_chart_layout_get_n_partial_labels (PulseChartLayout   *self);
void         pulse_chart_layout_get_partial_label_rect (PulseChartLayout *self,
                                                        guint             index,
                                                        cairo_rectangle_t *rect);
const char  *pulse_chart_layout_get_x_label          (PulseChartLayout   *self,
                                                      guint               index,
                                                      guint              *bucket,
                                                      cairo_rectangle_t  *rect);
guint        pulse_chart_layout_get_n_legend_entries (PulseChartLayout   *self);
int          pulse_chart_layout_get_legend_entry     (PulseChartLayout   *self,
                                                      guint               index,
                                                      cairo_rectangle_t  *rect);
gboolean     pulse_chart_layout_get_item_rect        (PulseChartLayout   *self,
                                                      guint               index,
                                                      cairo_rectangle_t  *rect);

G_END_DECLS
