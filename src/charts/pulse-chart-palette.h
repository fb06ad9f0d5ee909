/* pulse-chart-palette.h: colours and fonts the chart renderer draws with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cairo.h>
#include <pango/pango.h>

G_BEGIN_DECLS

#define PULSE_CHART_N_SERIES_COLORS 8
/* Series colours with a meaning: the palettes' green and red. */
#define PULSE_CHART_SERIES_COLOR_GOOD 1
#define PULSE_CHART_SERIES_COLOR_BAD  4

/* Same layout as GdkRGBA, so the widget can pass one by casting, but
 * the renderer does not need GTK. */
typedef struct
{
  float red;
  float green;
  float blue;
  float alpha;
} PulseChartColor;

typedef struct
{
  PulseChartColor foreground;
  PulseChartColor dim_foreground;
  PulseChartColor grid;
  PulseChartColor axis;
  /* Painted under the chart; may be fully transparent. */
  PulseChartColor background;
  /* The opaque colour the chart sits on (the card): knock-outs, tooltips. */
  PulseChartColor surface;
  PulseChartColor tooltip_border;
  PulseChartColor good;
  PulseChartColor bad;
  PulseChartColor series[PULSE_CHART_N_SERIES_COLORS];
} PulseChartPalette;

typedef struct
{
  PulseChartPalette     palette;
  /* Base font; axis labels are drawn a bit smaller, titles bold. */
  PangoFontDescription *font;
  /* Device pixels per unit, for snapping hairlines. 0: take it from the
   * cairo_t (CTM times the target's device scale). */
  double                scale;
  gboolean              dark;
  gboolean              high_contrast;
  /* Draw the model's title above the chart (exports); widgets leave it to
   * the card around them. */
  gboolean              show_title;
} PulseChartStyle;

void     pulse_chart_color_apply        (cairo_t               *cr,
                                         const PulseChartColor *color,
                                         double                 alpha);
void     pulse_chart_style_init_light   (PulseChartStyle       *style);
void     pulse_chart_style_init_dark    (PulseChartStyle       *style);
void     pulse_chart_style_clear        (PulseChartStyle       *style);
void     pulse_chart_style_copy         (PulseChartStyle       *dest,
                                         const PulseChartStyle *src);
gboolean pulse_chart_style_equal        (const PulseChartStyle *a,
                                         const PulseChartStyle *b);
void     pulse_chart_style_set_font     (PulseChartStyle       *style,
                                         const PangoFontDescription *font);
void     pulse_chart_style_set_accent   (PulseChartStyle       *style,
                                         const PulseChartColor *accent);
void     pulse_chart_style_set_high_contrast (PulseChartStyle  *style,
                                         gboolean               high_contrast);

const PulseChartColor *pulse_chart_style_get_series_color (const PulseChartStyle *style,
                                                           int                    color_index);

gboolean pulse_chart_color_parse        (PulseChartColor       *color,
                                         const char            *spec);

G_END_DECLS
