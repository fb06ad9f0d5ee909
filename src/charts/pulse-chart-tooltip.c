/* pulse-chart-tooltip.c: the card of figures beside the pointer
 *
 * A header, then rows of swatch, name and right-aligned value. The
 * widget draws it over the cached chart on each pointer move, so it is
 * measured when drawn, not in the layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-chart-tooltip-private.h"

#define PAD 8.0

typedef struct
{
  const PulseChartColor *color;   /* NULL: no swatch */
  gboolean               dashed;
  gboolean               bold;
  char                  *name;
  char                  *value;
} Row;

struct _PulseChartTooltip
{
  char   *header;
  GArray *rows;   /* Row */
};

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->name);
  g_free (row->value);
}

PulseChartTooltip *
_pulse_chart_tooltip_new (const char *header)
{
  PulseChartTooltip *self = g_new0 (PulseChartTooltip, 1);

  self->header = g_strdup (header);
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  return self;
}

void
_pulse_chart_tooltip_free (PulseChartTooltip *self)
{
  g_free (self->header);
  g_array_unref (self->rows);
  g_free (self);
}

/**
 * _pulse_chart_tooltip_add:
 * @color: (nullable): the swatch's colour
 * @value: (transfer full): the value, formatted
 */
void
_pulse_chart_tooltip_add (PulseChartTooltip     *self,
                          const PulseChartColor *color,
                          gboolean               dashed,
                          const char            *name,
                          char                  *value)
{
  Row row = { color, dashed, FALSE, g_strdup (name), value };

  g_array_append_val (self->rows, row);
}

/* A bold row without a swatch, under the others. */
void
_pulse_chart_tooltip_add_total (PulseChartTooltip *self,
                                const char        *name,
                                char              *value)
{
  _pulse_chart_tooltip_add (self, NULL, FALSE, name, value);
  g_array_index (self->rows, Row, self->rows->len - 1).bold = TRUE;
}

/* A row for each visible series' value at @bucket, each in its own
 * unit; series without an axis too, as the chart cannot show them.
 * Returns: how many of the rows are drawn */
guint
_pulse_chart_tooltip_add_series (PulseChartTooltip *self,
                                 PulseChartLayout  *layout,
                                 guint              bucket)
{
  guint n = 0;

  for (guint i = 0; i < layout->series->len; i++)
    {
      PulseChartSeries *series = _pulse_chart_layout_get_series (layout, i);

      if (!series->visible)
        continue;
      _pulse_chart_tooltip_add (self, pulse_chart_style_get_series_color (&layout->style, series->color_index),
                                series->dashed, series->title, _pulse_chart_series_format (series, bucket));
      n += _pulse_chart_series_drawn (series);
    }
  return n;
}

static void
draw_card (PulseChartDraw *d,
           double          x,
           double          y,
           double          width,
           double          height)
{
  /* A soft shadow, the card, a hairline border */
  _pulse_chart_draw_rounded_rect (d, x, y + 1, width, height, 8);
  cairo_set_source_rgba (d->cr, 0, 0, 0, d->style->dark ? 0.35 : 0.12);
  cairo_fill (d->cr);
  _pulse_chart_draw_rounded_rect (d, x + 0.5, y + 0.5, width - 1, height - 1, 8);
  pulse_chart_color_apply (d->cr, &d->palette->surface, 1);
  cairo_fill_preserve (d->cr);
  cairo_set_line_width (d->cr, 1);
  pulse_chart_color_apply (d->cr, &d->palette->tooltip_border, 1);
  cairo_stroke (d->cr);
}

/* Draws the card beside (@anchor_x, @anchor_y): right of it when it fits. */
void
_pulse_chart_tooltip_draw (PulseChartTooltip *self,
                           PulseChartLayout  *layout,
                           PulseChartDraw    *d,
                           double             anchor_x,
                           double             anchor_y)
{
  GArray *rows = self->rows;
  g_autofree PulseChartText *names = g_new0 (PulseChartText, rows->len);
  g_autofree PulseChartText *values = g_new0 (PulseChartText, rows->len);
  PulseChartText head = { 0 };
  double name_width = 0, value_width = 0, row_height = 0, swatch = 0;
  double width, height, x, y;

  _pulse_chart_text_set (layout->text, &head, self->header, PULSE_CHART_FONT_SMALL_BOLD, TRUE);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      PulseChartFont font = row->bold ? PULSE_CHART_FONT_SMALL_BOLD : PULSE_CHART_FONT_SMALL;

      _pulse_chart_text_set (layout->text, &names[i], row->name, font, FALSE);
      _pulse_chart_text_set (layout->text, &values[i], row->value, font, TRUE);
      name_width = MAX (name_width, names[i].width);
      value_width = MAX (value_width, values[i].width);
      row_height = MAX (row_height, MAX (names[i].height, values[i].height));
      if (row->color)
        swatch = 16;
    }
  /* Long series names are cut rather than the card leaving the chart. */
  name_width = MIN (name_width, layout->width - 2 * PAD - swatch - 16 - value_width - 8);

  width = MAX (head.width, swatch + name_width + 16 + value_width) + 2 * PAD;
  height = head.height + rows->len * (row_height + 2) + 2 * PAD + (rows->len ? 4 : 0);
  x = anchor_x + 14;
  if (x + width > layout->width - 2)
    x = anchor_x - 14 - width;
  x = _pulse_chart_draw_snap (d, CLAMP (x, 2, MAX (2, layout->width - width - 2)));
  y = _pulse_chart_draw_snap (d, CLAMP (anchor_y, 2, MAX (2, layout->height - height - 2)));

  draw_card (d, x, y, width, height);
  head.x = x + PAD;
  head.y = y + PAD;
  _pulse_chart_draw_text (d, &head, &d->palette->foreground);

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);
      double row_y = y + PAD + head.height + 4 + i * (row_height + 2);

      if (row->color)
        _pulse_chart_draw_swatch (d, x + PAD, row_y + row_height / 2 - 5, 10, 2.5, row->color, row->dashed);
      pango_layout_set_width (names[i].layout, (int)(MAX (1, name_width) * PANGO_SCALE));
      pango_layout_set_ellipsize (names[i].layout, PANGO_ELLIPSIZE_END);
      names[i].x = x + PAD + swatch;
      names[i].y = row_y + (row_height - names[i].height) / 2;
      values[i].x = x + width - PAD - values[i].width;
      values[i].y = row_y + (row_height - values[i].height) / 2;
      _pulse_chart_draw_text (d, &names[i], row->bold ? &d->palette->foreground : &d->palette->dim_foreground);
      _pulse_chart_draw_text (d, &values[i], &d->palette->foreground);
      _pulse_chart_text_clear (&names[i]);
      _pulse_chart_text_clear (&values[i]);
    }
  _pulse_chart_text_clear (&head);
}
