/* pulse-chart-text.c: measured text, from one Pango context
 *
 * Every text of a chart is measured and drawn with layouts of the one
 * context here, at 96 dpi with unhinted metrics, so a layout is the
 * same at every scale and on every surface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-chart-renderer.h"
#include "pulse-chart-text-private.h"

struct _PulseChartTextFactory
{
  PangoContext         *context;
  PangoFontDescription *fonts[PULSE_CHART_N_FONTS];
};

PangoContext *
pulse_chart_create_pango_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 96);
#if PANGO_VERSION_CHECK (1, 44, 0)
  pango_context_set_round_glyph_positions (context, FALSE);
#endif
  cairo_font_options_destroy (options);
  return context;
}

static PangoFontDescription *
derive_font (const PangoFontDescription *base,
             double                      factor,
             PangoWeight                 weight)
{
  PangoFontDescription *font = pango_font_description_copy (base);
  int size = pango_font_description_get_size (base);

  if (size <= 0)
    size = 11 * PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (base))
    pango_font_description_set_absolute_size (font, size * factor);
  else
    pango_font_description_set_size (font, (int)(size * factor));
  pango_font_description_set_weight (font, weight);
  return font;
}

PulseChartTextFactory *
_pulse_chart_text_factory_new (const PangoFontDescription *font)
{
  PulseChartTextFactory *self = g_new0 (PulseChartTextFactory, 1);

  self->context = pulse_chart_create_pango_context ();
  self->fonts[PULSE_CHART_FONT_BASE] = pango_font_description_copy (font);
  self->fonts[PULSE_CHART_FONT_SMALL] = derive_font (font, 0.82, PANGO_WEIGHT_NORMAL);
  self->fonts[PULSE_CHART_FONT_SMALL_BOLD] = derive_font (font, 0.82, PANGO_WEIGHT_BOLD);
  self->fonts[PULSE_CHART_FONT_BOLD] = derive_font (font, 1.0, PANGO_WEIGHT_BOLD);
  return self;
}

void
_pulse_chart_text_factory_free (PulseChartTextFactory *self)
{
  g_clear_object (&self->context);
  for (guint i = 0; i < PULSE_CHART_N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_free (self);
}

/* Measures @str in @font into @text, reusing its layout if it has one. */
void
_pulse_chart_text_set (PulseChartTextFactory *factory,
                       PulseChartText        *text,
                       const char            *str,
                       PulseChartFont         font,
                       gboolean               tabular)
{
  PangoRectangle logical;

  if (text->layout == NULL)
    text->layout = pango_layout_new (factory->context);
  pango_layout_set_font_description (text->layout, factory->fonts[font]);
  pango_layout_set_text (text->layout, str ? str : "", -1);
  if (tabular)
    {
      /* Figures of equal width keep columns of numbers steady. */
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      pango_layout_set_attributes (text->layout, attrs);
      pango_attr_list_unref (attrs);
    }

  pango_layout_get_extents (text->layout, NULL, &logical);
  text->width = logical.width / (double)PANGO_SCALE;
  text->height = logical.height / (double)PANGO_SCALE;
}

void
_pulse_chart_text_clear (PulseChartText *text)
{
  g_clear_object (&text->layout);
}

/* Ellipsizes @text to @max_width. */
void
_pulse_chart_text_limit_width (PulseChartText *text,
                               double          max_width)
{
  PangoRectangle logical;

  if (text->layout == NULL || text->width <= max_width)
    return;
  pango_layout_set_width (text->layout, MAX (1, max_width) * PANGO_SCALE);
  pango_layout_set_ellipsize (text->layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_extents (text->layout, NULL, &logical);
  text->width = MIN (logical.width / (double)PANGO_SCALE, max_width);
  text->height = logical.height / (double)PANGO_SCALE;
}

void
_pulse_chart_text_move (PulseChartText *text,
                        double          x,
                        double          y)
{
  text->x = x;
  text->y = y;
}
