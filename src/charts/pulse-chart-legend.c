/* pulse-chart-legend.c: one entry per series, click to hide it
 *
 * Entries flow left to right and wrap into rows. A hidden series keeps
 * its entry, as an empty outline, so a click can bring it back. A
 * series on the right value axis says so, as does one of a unit no
 * axis is left for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-chart-legend-private.h"

#define SWATCH   12.0
#define SPACING  16.0
#define ROW_GAP  4.0

static void
entry_clear (gpointer data)
{
  _pulse_chart_text_clear (&((PulseChartLegendEntry *)data)->name);
}

GArray *
_pulse_chart_legend_new (void)
{
  GArray *legend = g_array_new (FALSE, TRUE, sizeof (PulseChartLegendEntry));

  g_array_set_clear_func (legend, entry_clear);
  return legend;
}

static PulseChartLegendEntry *
get_entry (PulseChartLayout *self,
           guint             index)
{
  return &g_array_index (self->legend, PulseChartLegendEntry, index);
}

static double
row_height (PulseChartLayout *self)
{
  double height = SWATCH;

  for (guint i = 0; i < self->legend->len; i++)
    height = MAX (height, get_entry (self, i)->name.height);
  return height;
}

static double
entry_width (PulseChartLegendEntry *entry)
{
  return SWATCH + 6 + entry->name.width;
}

static void
place (PulseChartLegendEntry *entry,
       double                 x,
       double                 y,
       double                 row_height)
{
  entry->swatch_x = x;
  entry->swatch_y = y + (row_height - SWATCH) / 2;
  _pulse_chart_text_move (&entry->name, x + SWATCH + 6, y + (row_height - entry->name.height) / 2);
  /* The hit area reaches a little past the name. */
  entry->rect.x = x - 4;
  entry->rect.y = y - ROW_GAP / 2;
  entry->rect.width = entry->name.x + entry->name.width + 6 - x + 8;
  entry->rect.height = row_height + ROW_GAP;
}

static char *
entry_label (const PulseChartSeries *series)
{
  if (series->visible && series->axis < 0)
    /* Translators: legend entry of a series whose unit no axis of the chart shows, "Comments (not drawn: too many units)" */
    return g_strdup_printf (_("%s (not drawn: too many units)"), series->title);
  if (series->visible && series->axis > 0)
    /* Translators: legend entry of a series drawn against the right axis, "Views (right axis)" */
    return g_strdup_printf (_("%s (right axis)"), series->title);
  return g_strdup (series->title);
}

/**
 * _pulse_chart_legend_layout:
 *
 * An entry for each series, left to right from (@x, @y), wrapping into
 * rows within @width.
 *
 * Returns: the height used
 */
double
_pulse_chart_legend_layout (PulseChartLayout *self,
                            double            x,
                            double            y,
                            double            width)
{
  double height, cur_x = x, cur_y = y;

  for (guint i = 0; i < self->series->len; i++)
    {
      PulseChartLegendEntry entry = { 0 };
      g_autofree char *label = entry_label (_pulse_chart_layout_get_series (self, i));

      entry.series = i;
      _pulse_chart_text_set (self->text, &entry.name, label, PULSE_CHART_FONT_SMALL, FALSE);
      _pulse_chart_text_limit_width (&entry.name, width - SWATCH - 6);
      g_array_append_val (self->legend, entry);
    }

  height = row_height (self);
  for (guint i = 0; i < self->legend->len; i++)
    {
      PulseChartLegendEntry *entry = get_entry (self, i);
      double w = entry_width (entry);

      if (cur_x > x && cur_x + w > x + width)
        {
          cur_x = x;
          cur_y += height + ROW_GAP;
        }
      place (entry, cur_x, cur_y, height);
      cur_x += w + SPACING;
    }

  return self->legend->len > 0 ? cur_y + height - y : 0;
}

gboolean
_pulse_chart_legend_hit_test (PulseChartLayout *self,
                              double            x,
                              double            y,
                              PulseChartHit    *hit)
{
  for (guint i = 0; i < self->legend->len; i++)
    {
      PulseChartLegendEntry *entry = get_entry (self, i);

      if (_pulse_chart_rect_contains (&entry->rect, x, y))
        {
          hit->kind = PULSE_CHART_HIT_LEGEND;
          hit->index = i;
          hit->series = entry->series;
          return TRUE;
        }
    }
  return FALSE;
}

static void
draw_swatch (PulseChartDraw        *d,
             PulseChartLegendEntry *entry,
             PulseChartSeries      *series)
{
  cairo_t *cr = d->cr;
  double x = entry->swatch_x, y = entry->swatch_y;

  if (!series->visible)
    {
      /* Hidden: an empty outline in the dim colour, no series colour. */
      _pulse_chart_draw_rounded_rect (d, x + 0.5, y + 0.5, SWATCH - 1, SWATCH - 1, 3);
      pulse_chart_color_apply (cr, &d->palette->dim_foreground, 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      return;
    }
  _pulse_chart_draw_swatch (d, x, y, SWATCH, 3,
                            _pulse_chart_draw_series_color (d, series->color_index), series->dashed);
}

void
_pulse_chart_legend_draw (PulseChartLayout *self,
                          PulseChartDraw   *d)
{
  for (guint i = 0; i < self->legend->len; i++)
    {
      PulseChartLegendEntry *entry = get_entry (self, i);
      PulseChartSeries *series = _pulse_chart_layout_get_series (self, entry->series);

      draw_swatch (d, entry, series);
      _pulse_chart_draw_text (d, &entry->name,
                              _pulse_chart_series_drawn (series) ? &d->palette->foreground : &d->palette->dim_foreground);
    }
}

void
_pulse_chart_legend_draw_hover (PulseChartLayout *self,
                                PulseChartDraw   *d,
                                int               index)
{
  if (index < 0 || (guint)index >= self->legend->len)
    return;
  _pulse_chart_draw_highlight (d, &get_entry (self, index)->rect, 6, 0.07, 0.1);
}

guint
pulse_chart_layout_get_n_legend_entries (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->legend->len;
}

/* Returns: the entry's text, "Views (right axis)" */
const char *
pulse_chart_layout_get_legend_label (PulseChartLayout *self,
                                     guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->legend->len, NULL);

  return pango_layout_get_text (get_entry (self, index)->name.layout);
}

/* Returns: the entry's series index */
int
pulse_chart_layout_get_legend_entry (PulseChartLayout  *self,
                                     guint              index,
                                     cairo_rectangle_t *rect)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (index < self->legend->len, -1);

  if (rect)
    *rect = get_entry (self, index)->rect;
  return get_entry (self, index)->series;
}
