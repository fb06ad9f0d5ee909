/* pulse-chart-layout-private.h: the layout cache shared by the layout
 * code (geometry) and the renderer (drawing)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "pulse-chart-layout.h"

G_BEGIN_DECLS

#define CHART_PAD         4.0   /* the card around us has its own padding */
#define LEGEND_SWATCH     12.0
#define LEGEND_SPACING    16.0
#define LEGEND_ROW_GAP    4.0
#define LABEL_GAP         10.0  /* minimum space between two axis labels */

/* A measured piece of text, positioned by its top-left corner. */
typedef struct
{
  PangoLayout *layout;
  double       x;
  double       y;
  double       width;
  double       height;
} Text;

/* The model's series, copied: the layout never reads the model again,
 * so a model change cannot leave it pointing at freed data. */
typedef struct
{
  char     *title;
  double   *values;
  guint     n_values;
  int       color_index;
  gboolean  dashed;
  gboolean  visible;
  double    total;      /* donut slices */
} SeriesInfo;

typedef struct
{
  int                series;
  cairo_rectangle_t  rect;     /* hit area */
  double             swatch_x;
  double             swatch_y;
  Text               name;
  Text               value;    /* donut: the share; may be empty */
} LegendEntry;

typedef struct
{
  guint  bucket;
  Text   text;
} XLabel;

typedef struct
{
  double value;
  Text   text;
} YTick;

typedef struct
{
  Text               title;
  Text               value;
  Text               conversion;   /* from the step before; empty for the first */
  cairo_rectangle_t  track;
  cairo_rectangle_t  bar;
  cairo_rectangle_t  row;          /* hit area */
  double             step_value;
} FunnelRow;

typedef struct
{
  int    series;
  double start;   /* radians, 0 = 12 o'clock, clockwise */
  double sweep;
  double value;
} Slice;

struct _PulseChartLayout
{
  gatomicrefcount       ref_count;

  PulseChartKind        kind;
  PulseChartBetter      better;
  PulseChartStyle       style;
  PangoContext         *context;
  PangoFontDescription *small_font;
  PangoFontDescription *bold_font;
  double                width;
  double                height;
  char                 *unit;
  char                 *model_title;

  gboolean              empty;
  Text                  message;
  Text                  title;

  /* Data */
  GStrv                 buckets;       /* category labels (dates for time series) */
  guint                 n_buckets;
  GArray               *series;        /* SeriesInfo */
  gboolean              labels_are_dates;

  /* Cartesian charts */
  cairo_rectangle_t     plot;
  gboolean              cartesian;
  gboolean              banded;        /* bars: buckets are bands, lines: points edge to edge */
  double                y_min;
  double                y_max;
  double                y_step;
  GArray               *y_ticks;       /* YTick */
  GArray               *x_labels;      /* XLabel */
  double                bar_width;

  GArray               *legend;        /* LegendEntry */

  /* Donut */
  double                cx, cy, r_outer, r_inner;
  GArray               *slices;        /* Slice */
  double                donut_total;
  Text                  center_value;
  Text                  center_caption;

  /* Funnel */
  GArray               *rows;          /* FunnelRow */
  Text                  footer_label;
  Text                  footer_value;

  /* KPI */
  double                kpi_value;
  double                kpi_previous;
  Text                  kpi_figure;
  Text                  kpi_delta;
  Text                  kpi_caption;
  double                kpi_delta_sign;
  cairo_rectangle_t     spark;
  int                   spark_series;
  double                spark_min;
  double                spark_max;
};

void         _pulse_chart_text_set        (PulseChartLayout           *self,
                                           Text                       *text,
                                           const char                 *str,
                                           const PangoFontDescription *font,
                                           gboolean                    tabular);
void         _pulse_chart_text_clear      (Text                       *text);
SeriesInfo  *_pulse_chart_layout_series   (PulseChartLayout           *self,
                                           guint                       index);
double       _pulse_chart_layout_x        (PulseChartLayout           *self,
                                           double                      bucket);
double       _pulse_chart_layout_y        (PulseChartLayout           *self,
                                           double                      value);
double       _pulse_chart_layout_stack_top (PulseChartLayout          *self,
                                           guint                       bucket);
double       _pulse_chart_spark_x         (PulseChartLayout           *self,
                                           guint                       bucket);
double       _pulse_chart_spark_y         (PulseChartLayout           *self,
                                           double                      value);

G_END_DECLS
