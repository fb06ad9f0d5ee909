/* pulse-chart-text-private.h: measured text, from one Pango context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef enum
{
  PULSE_CHART_FONT_BASE,        /* the style's font: messages */
  PULSE_CHART_FONT_SMALL,       /* axis labels, legends, tooltips */
  PULSE_CHART_FONT_SMALL_BOLD,  /* tooltip headers and totals */
  PULSE_CHART_FONT_BOLD,        /* titles and big figures */
  PULSE_CHART_N_FONTS
} PulseChartFont;

/* A measured piece of text, positioned by its top-left corner. */
typedef struct
{
  PangoLayout *layout;
  double       x;
  double       y;
  double       width;
  double       height;
} PulseChartText;

/* The Pango context and the fonts every text of one chart is made with. */
typedef struct _PulseChartTextFactory PulseChartTextFactory;

PulseChartTextFactory *_pulse_chart_text_factory_new  (const PangoFontDescription *font);
void                   _pulse_chart_text_factory_free (PulseChartTextFactory      *self);

void  _pulse_chart_text_set         (PulseChartTextFactory *factory,
                                     PulseChartText        *text,
                                     const char            *str,
                                     PulseChartFont         font,
                                     gboolean               tabular);
void  _pulse_chart_text_clear       (PulseChartText        *text);
void  _pulse_chart_text_limit_width (PulseChartText        *text,
                                     double                 max_width);
void  _pulse_chart_text_move        (PulseChartText        *text,
                                     double                 x,
                                     double                 y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseChartTextFactory, _pulse_chart_text_factory_free)

G_END_DECLS
