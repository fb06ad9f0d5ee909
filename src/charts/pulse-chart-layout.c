/* pulse-chart-layout.c: a chart's geometry at one size, computed once
 *
 * Measuring text with Pango and choosing ticks and labels is the costly
 * part of drawing a chart, so it happens here, once per size, model and
 * style; drawing (pulse-chart-renderer.c) and hit-testing then only read
 * the result. The layout copies what it needs from the model.
 *
 * This file has what every kind shares: the title, the empty message,
 * the series, hit testing through the legend; the kind's ops place the
 * rest (pulse-chart-kind-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-axis-private.h"
#include "pulse-chart-format.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-legend-private.h"

#define PAD 4.0   /* the card around us has its own padding */

G_DEFINE_BOXED_TYPE (PulseChartLayout, pulse_chart_layout,
                     pulse_chart_layout_ref, pulse_chart_layout_unref)

/* Life cycle */

static void
series_clear (gpointer data)
{
  PulseChartSeries *series = data;

  g_free (series->title);
  g_free (series->unit);
  g_free (series->values);
}

PulseChartLayout *
pulse_chart_layout_ref (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pulse_chart_layout_unref (PulseChartLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->state != NULL)
    self->ops->free_state (self->state);
  pulse_chart_style_clear (&self->style);
  g_clear_pointer (&self->text, _pulse_chart_text_factory_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->legend, g_array_unref);
  g_clear_pointer (&self->axis, _pulse_chart_axis_free);
  _pulse_chart_text_clear (&self->message);
  _pulse_chart_text_clear (&self->title);
  g_free (self);
}

/* Series */

/* Takes over @series' title and values. */
void
_pulse_chart_layout_add_series (PulseChartLayout *self,
                                PulseChartSeries *series)
{
  g_array_append_vals (self->series, series, 1);
}

PulseChartSeries *
_pulse_chart_layout_get_series (PulseChartLayout *self,
                                guint             index)
{
  return &g_array_index (self->series, PulseChartSeries, index);
}

/* A value, or NAN for a null or a bucket past the series' end. */
double
_pulse_chart_series_value (const PulseChartSeries *series,
                           guint                   bucket)
{
  return bucket < series->n_values ? series->values[bucket] : NAN;
}

/* Shown and on an axis */
gboolean
_pulse_chart_series_drawn (const PulseChartSeries *series)
{
  return series->visible && series->axis >= 0;
}

/* A value for tooltips, in the series' own unit ("302,300 views") */
char *
_pulse_chart_series_format (const PulseChartSeries *series,
                            guint                   bucket)
{
  double v = _pulse_chart_series_value (series, bucket);

  return pulse_chart_format_series_value (series->downward ? -v : v, series->unit);
}

/* The smallest and largest value of the series drawn on @axis; 0 and 1
 * when there is none. */
void
_pulse_chart_layout_series_extent (PulseChartLayout *self,
                                   int               axis,
                                   double           *min,
                                   double           *max)
{
  *min = INFINITY;
  *max = -INFINITY;

  for (guint i = 0; i < self->series->len; i++)
    {
      PulseChartSeries *series = _pulse_chart_layout_get_series (self, i);
      gboolean on_axis = _pulse_chart_series_drawn (series) && series->axis == axis;

      for (guint b = 0; on_axis && b < series->n_values; b++)
        if (!isnan (series->values[b]))
          {
            *min = MIN (*min, series->values[b]);
            *max = MAX (*max, series->values[b]);
          }
    }

  if (*min > *max)
    *min = 0, *max = 1;
}

static guint
n_visible (PulseChartLayout *self)
{
  guint n = 0;

  for (guint i = 0; i < self->series->len; i++)
    n += _pulse_chart_layout_get_series (self, i)->visible;
  return n;
}

/* The centred message of an empty chart */
void
_pulse_chart_layout_set_message (PulseChartLayout *self,
                                 double            x,
                                 double            y,
                                 double            width,
                                 double            height)
{
  const char *message = _("No data for this range");

  /* Data that is merely hidden says so: the legend brings it back. */
  if (self->series->len > 0 && n_visible (self) == 0)
    message = _("All series are hidden");

  _pulse_chart_text_set (self->text, &self->message, message, PULSE_CHART_FONT_BASE, FALSE);
  _pulse_chart_text_limit_width (&self->message, width);
  _pulse_chart_text_move (&self->message,
                          x + (width - self->message.width) / 2,
                          y + MAX (0, (height - self->message.height) / 2));
}

/* Construction */

/**
 * pulse_chart_layout_new:
 * @model: the chart to lay out; copied, not kept
 * @style: colours and fonts; copied
 * @width: width in user units (logical pixels)
 * @height: height in user units
 *
 * Returns: (transfer full): the layout
 */
PulseChartLayout *
pulse_chart_layout_new (PulseChartModel       *model,
                        const PulseChartStyle *style,
                        double                 width,
                        double                 height)
{
  PulseChartLayout *self;
  cairo_rectangle_t area;
  const char *title;
  double top = PAD;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (model), NULL);
  g_return_val_if_fail (style != NULL, NULL);

  self = g_new0 (PulseChartLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->ops = _pulse_chart_kind_get_ops (pulse_chart_model_get_kind (model));
  pulse_chart_style_copy (&self->style, style);
  if (self->style.font == NULL)
    pulse_chart_style_set_font (&self->style, NULL);
  self->text = _pulse_chart_text_factory_new (self->style.font);
  self->width = MAX (width, 1);
  self->height = MAX (height, 1);
  self->unit = g_strdup (pulse_chart_model_get_unit (model));
  self->empty = pulse_chart_model_is_empty (model);
  self->series = g_array_new (FALSE, TRUE, sizeof (PulseChartSeries));
  g_array_set_clear_func (self->series, series_clear);
  self->legend = _pulse_chart_legend_new ();

  title = pulse_chart_model_get_title (model);
  if (self->style.show_title && title != NULL)
    {
      _pulse_chart_text_set (self->text, &self->title, title, PULSE_CHART_FONT_BOLD, FALSE);
      _pulse_chart_text_limit_width (&self->title, self->width - 2 * PAD);
      _pulse_chart_text_move (&self->title, PAD, top);
      top += self->title.height + 8;
    }

  area = (cairo_rectangle_t) { PAD, top, MAX (1, self->width - 2 * PAD),
                               MAX (1, self->height - top - PAD) };
  self->ops->layout (self, model, &area);

  return self;
}

/* Hit testing */

gboolean
_pulse_chart_rect_contains (const cairo_rectangle_t *rect,
                            double                   x,
                            double                   y)
{
  return x >= rect->x && x < rect->x + rect->width &&
         y >= rect->y && y < rect->y + rect->height;
}

/**
 * pulse_chart_layout_hit_test:
 * @hit: (out): what is under the point
 *
 * Returns: %TRUE if something is under (@x, @y)
 */
gboolean
pulse_chart_layout_hit_test (PulseChartLayout *self,
                             double            x,
                             double            y,
                             PulseChartHit    *hit)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  *hit = (PulseChartHit) { PULSE_CHART_HIT_NONE, -1, -1 };

  if (_pulse_chart_legend_hit_test (self, x, y, hit))
    return TRUE;
  if (self->empty)
    return FALSE;
  return self->ops->hit_test (self, x, y, hit);
}

gboolean
pulse_chart_hit_equal (const PulseChartHit *a,
                       const PulseChartHit *b)
{
  return a->kind == b->kind && a->index == b->index && a->series == b->series;
}

/* Accessors, for the widget and the tests */

void
pulse_chart_layout_get_size (PulseChartLayout *self,
                             double           *width,
                             double           *height)
{
  g_return_if_fail (self != NULL);

  if (width)
    *width = self->width;
  if (height)
    *height = self->height;
}

gboolean
pulse_chart_layout_is_empty (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->empty;
}

/* The plot rectangle of line, area and bar charts (the bars' extent for
 * funnels). */
void
pulse_chart_layout_get_plot_area (PulseChartLayout  *self,
                                  cairo_rectangle_t *area)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (area != NULL);

  *area = self->plot;
}

/**
 * pulse_chart_layout_get_item_rect:
 *
 * The bar of funnel step @index, or the full-height column of bucket
 * @index in bar charts and histograms.
 *
 * Returns: %FALSE if there is no such item
 */
gboolean
pulse_chart_layout_get_item_rect (PulseChartLayout  *self,
                                  guint              index,
                                  cairo_rectangle_t *rect)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  return self->ops->get_item_rect (self, index, rect);
}

/* A series' value at @bucket as its tooltip row says it */
char *
pulse_chart_layout_dup_series_value (PulseChartLayout *self,
                                     guint             series,
                                     guint             bucket)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (series < self->series->len, NULL);

  return _pulse_chart_series_format (_pulse_chart_layout_get_series (self, series), bucket);
}
