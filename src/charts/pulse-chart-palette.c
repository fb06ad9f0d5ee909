/* pulse-chart-palette.c: colours and fonts the chart renderer draws with
 *
 * Series colours come from the GNOME palette. Light mode takes the
 * darker shades where the nominal ones lack contrast on white (yellow,
 * green); dark mode takes the lighter shades, which stay apart from
 * each other on a #303030 card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pulse-chart-palette.h"

#define DEFAULT_FONT "Cantarell 11"

static const char * const light_series[PULSE_CHART_N_SERIES_COLORS] = {
  "#3584e4", /* blue 3 */
  "#2ec27e", /* green 4 */
  "#ff7800", /* orange 3 */
  "#9141ac", /* purple 3 */
  "#e01b24", /* red 3 */
  "#e5a50a", /* yellow 5 */
  "#986a44", /* brown 3 */
  "#2190a4", /* teal */
};

static const char * const dark_series[PULSE_CHART_N_SERIES_COLORS] = {
  "#62a0ea", /* blue 2 */
  "#57e389", /* green 2 */
  "#ffa348", /* orange 2 */
  "#c061cb", /* purple 2 */
  "#f66151", /* red 1 */
  "#f8e45c", /* yellow 2 */
  "#b5835a", /* brown 2 */
  "#5bc8dc", /* teal, light */
};

static void
set_rgba (PulseChartColor *color,
          double           red,
          double           green,
          double           blue,
          double           alpha)
{
  color->red = red;
  color->green = green;
  color->blue = blue;
  color->alpha = alpha;
}

gboolean
pulse_chart_color_parse (PulseChartColor *color,
                         const char      *spec)
{
  guint r, g, b;

  g_return_val_if_fail (color != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (strlen (spec) != 7 || sscanf (spec, "#%02x%02x%02x", &r, &g, &b) != 3)
    return FALSE;
  set_rgba (color, r / 255.0, g / 255.0, b / 255.0, 1.0);
  return TRUE;
}

static void
init_common (PulseChartStyle             *style,
             const char * const          *series)
{
  memset (style, 0, sizeof *style);
  for (guint i = 0; i < PULSE_CHART_N_SERIES_COLORS; i++)
    pulse_chart_color_parse (&style->palette.series[i], series[i]);
  style->font = pango_font_description_from_string (DEFAULT_FONT);
  style->scale = 0;
}

void
pulse_chart_style_init_light (PulseChartStyle *style)
{
  PulseChartPalette *p;

  g_return_if_fail (style != NULL);

  init_common (style, light_series);
  p = &style->palette;
  set_rgba (&p->foreground, 0, 0, 0, 0.8);
  set_rgba (&p->dim_foreground, 0, 0, 0, 0.55);
  set_rgba (&p->grid, 0, 0, 0, 0.08);
  set_rgba (&p->axis, 0, 0, 0, 0.25);
  set_rgba (&p->background, 1, 1, 1, 0);
  set_rgba (&p->surface, 1, 1, 1, 1);
  set_rgba (&p->tooltip_border, 0, 0, 0, 0.15);
  /* libadwaita's success and error colours */
  pulse_chart_color_parse (&p->good, "#1b8553");
  pulse_chart_color_parse (&p->bad, "#c01c28");
}

void
pulse_chart_style_init_dark (PulseChartStyle *style)
{
  PulseChartPalette *p;

  g_return_if_fail (style != NULL);

  init_common (style, dark_series);
  style->dark = TRUE;
  p = &style->palette;
  set_rgba (&p->foreground, 1, 1, 1, 1);
  set_rgba (&p->dim_foreground, 1, 1, 1, 0.55);
  set_rgba (&p->grid, 1, 1, 1, 0.1);
  set_rgba (&p->axis, 1, 1, 1, 0.28);
  set_rgba (&p->background, 0x30 / 255.0, 0x30 / 255.0, 0x30 / 255.0, 0);
  set_rgba (&p->surface, 0x30 / 255.0, 0x30 / 255.0, 0x30 / 255.0, 1);
  set_rgba (&p->tooltip_border, 1, 1, 1, 0.15);
  pulse_chart_color_parse (&p->good, "#8ff0a4");
  pulse_chart_color_parse (&p->bad, "#ff7b63");
}

void
pulse_chart_style_clear (PulseChartStyle *style)
{
  g_return_if_fail (style != NULL);

  g_clear_pointer (&style->font, pango_font_description_free);
}

/* @dest must be initialized (or zeroed): its font is freed first. */
void
pulse_chart_style_copy (PulseChartStyle       *dest,
                        const PulseChartStyle *src)
{
  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);

  if (dest == src)
    return;
  pulse_chart_style_clear (dest);
  *dest = *src;
  dest->font = src->font ? pango_font_description_copy (src->font) : NULL;
}

gboolean
pulse_chart_style_equal (const PulseChartStyle *a,
                         const PulseChartStyle *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (memcmp (&a->palette, &b->palette, sizeof a->palette) != 0)
    return FALSE;
  if (a->scale != b->scale || a->dark != b->dark ||
      a->high_contrast != b->high_contrast || a->show_title != b->show_title)
    return FALSE;
  if (a->font == NULL || b->font == NULL)
    return a->font == b->font;
  return pango_font_description_equal (a->font, b->font);
}

void
pulse_chart_style_set_font (PulseChartStyle            *style,
                            const PangoFontDescription *font)
{
  g_return_if_fail (style != NULL);

  g_clear_pointer (&style->font, pango_font_description_free);
  if (font != NULL)
    style->font = pango_font_description_copy (font);
  else
    style->font = pango_font_description_from_string (DEFAULT_FONT);
}

static void
color_to_hsv (const PulseChartColor *c,
              double                *hue,
              double                *saturation)
{
  double max = MAX (c->red, MAX (c->green, c->blue));
  double min = MIN (c->red, MIN (c->green, c->blue));
  double delta = max - min;
  double h;

  *saturation = max > 0 ? delta / max : 0;
  if (delta <= 0)
    h = 0;
  else if (max == c->red)
    h = fmod ((c->green - c->blue) / delta, 6.0);
  else if (max == c->green)
    h = (c->blue - c->red) / delta + 2.0;
  else
    h = (c->red - c->green) / delta + 4.0;
  h *= 60.0;
  *hue = h < 0 ? h + 360.0 : h;
}

static double
hue_distance (double a,
              double b)
{
  double d = fabs (a - b);
  return MIN (d, 360.0 - d);
}

/* The accent colour becomes the first series colour. When it is one of
 * the palette's hues (libadwaita's accents are), the palette's own shade
 * of it moves to the front, so dark mode keeps its tuned variant and no
 * colour appears twice. */
void
pulse_chart_style_set_accent (PulseChartStyle       *style,
                              const PulseChartColor *accent)
{
  PulseChartColor *series;
  double hue, saturation;
  int best = -1;
  double best_distance = 25.0;

  g_return_if_fail (style != NULL);
  g_return_if_fail (accent != NULL);

  series = style->palette.series;
  color_to_hsv (accent, &hue, &saturation);

  if (saturation >= 0.4)
    {
      for (int i = 0; i < PULSE_CHART_N_SERIES_COLORS; i++)
        {
          double h, s;

          color_to_hsv (&series[i], &h, &s);
          /* Brown is orange at low saturation: never the accent's match. */
          if (s < 0.6)
            continue;
          if (hue_distance (hue, h) <= best_distance)
            {
              best_distance = hue_distance (hue, h);
              best = i;
            }
        }
    }

  if (best >= 0)
    {
      PulseChartColor tmp = series[0];
      series[0] = series[best];
      series[best] = tmp;
    }
  else
    {
      series[0] = *accent;
      series[0].alpha = 1;
      if (style->dark)
        {
          /* A lighter tint reads better on the dark card. */
          series[0].red += (1 - series[0].red) * 0.3;
          series[0].green += (1 - series[0].green) * 0.3;
          series[0].blue += (1 - series[0].blue) * 0.3;
        }
    }
}

/* Strengthens the faint colours. Turning it off again needs a fresh
 * pulse_chart_style_init_*(), as the widget does on every style change. */
void
pulse_chart_style_set_high_contrast (PulseChartStyle *style,
                                     gboolean         high_contrast)
{
  g_return_if_fail (style != NULL);

  if (style->high_contrast == !!high_contrast)
    return;
  style->high_contrast = !!high_contrast;
  if (high_contrast)
    {
      style->palette.grid.alpha *= 2.0;
      style->palette.axis.alpha *= 2.0;
      style->palette.dim_foreground.alpha = 0.75;
    }
}

const PulseChartColor *
pulse_chart_style_get_series_color (const PulseChartStyle *style,
                                    int                    color_index)
{
  g_return_val_if_fail (style != NULL, NULL);

  if (color_index < 0)
    color_index = 0;
  return &style->palette.series[color_index % PULSE_CHART_N_SERIES_COLORS];
}

/* Makes @color, its own alpha times @alpha, @cr's source. */
void
pulse_chart_color_apply (cairo_t               *cr,
                         const PulseChartColor *color,
                         double                 alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}
