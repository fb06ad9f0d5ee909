/* pulse-chart-funnel.c: steps in order, each bar as long as its count
 *
 * Between two bars, the share of the step before that made it; under
 * the last, the overall conversion from the first step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-format.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-tooltip-private.h"

typedef struct
{
  PulseChartText     title;
  PulseChartText     value;
  PulseChartText     conversion;   /* from the step before; empty for the first */
  cairo_rectangle_t  track;
  cairo_rectangle_t  bar;
  cairo_rectangle_t  row;          /* hit area */
  double             step_value;
} Row;

typedef struct
{
  GArray         *rows;           /* Row */
  double          max_value;
  PulseChartText  footer_label;
  PulseChartText  footer_value;
} Funnel;

typedef struct
{
  double bar_x;
  double bar_max;
  double row_height;
  double gap;
  double title_height;  /* a line of its own above each bar; 0 beside it */
} Geometry;

static double
share (double part,
       double whole)
{
  return whole > 0 ? part / whole : NAN;
}

/* Model */

static gboolean
is_empty (PulseChartModel *model)
{
  for (guint i = 0; i < pulse_chart_model_get_n_steps (model); i++)
    if (pulse_chart_model_get_step_value (model, i) > 0)
      return FALSE;
  return TRUE;
}

static char *
dup_summary (PulseChartModel *model,
             const char      *title)
{
  g_autoptr(GString) text = g_string_new (title);
  g_autofree char *overall = NULL;
  double first_value = NAN, last_value = NAN;

  for (guint i = 0; i < pulse_chart_model_get_n_steps (model); i++)
    {
      double value = pulse_chart_model_get_step_value (model, i);
      g_autofree char *number = pulse_chart_format_value (value, NULL, -1);

      g_string_append_printf (text, "%s%s %s", i == 0 ? ": " : "; ",
                              pulse_chart_model_get_step_title (model, i), number);
      if (i > 0)
        {
          double prev = pulse_chart_model_get_step_value (model, i - 1);
          g_autofree char *percent = pulse_chart_format_percent (share (value, prev));
          g_string_append_printf (text, " (%s)", percent);
        }
      if (i == 0)
        first_value = value;
      last_value = value;
    }
  overall = pulse_chart_format_percent (share (last_value, first_value));
  g_string_append_printf (text, _("; overall conversion %s"), overall);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_result (PulseChartModel   *model,
            PulseMetricResult *result,
            PulseMetricResult *previous,
            const char        *segment,
            double             scale)
{
  GPtrArray *steps = pulse_metric_get_steps (pulse_metric_result_get_metric (result));

  gboolean any = FALSE;

  if (segment == NULL)
    segment = "all";
  for (guint i = 0; i < steps->len; i++)
    any |= pulse_metric_result_has_step (result, ((PulseMetricField *)g_ptr_array_index (steps, i))->id, segment);
  /* Each segment's funnel has its own steps (finders have no profile
   * step); a segment without any has the catalog's, with nobody. */
  for (guint i = 0; i < steps->len; i++)
    {
      const PulseMetricField *step = g_ptr_array_index (steps, i);

      if (!any)
        pulse_chart_model_add_step (model, step->id, step->title, 0);
      else if (pulse_metric_result_has_step (result, step->id, segment))
        pulse_chart_model_add_step (model, step->id, step->title,
                                    pulse_metric_result_get_step_value (result, step->id, segment));
    }
}

/* Rows of 28 px, 18 px between them for the conversion, a footer. */
static int
natural_height (PulseChartModel *model)
{
  return MAX (160, (int)pulse_chart_model_get_n_steps (model) * 46 + 24);
}

/* Layout */

static Funnel *
get_funnel (PulseChartLayout *self)
{
  return self->state;
}

static Row *
get_row (PulseChartLayout *self,
         guint             index)
{
  return &g_array_index (get_funnel (self)->rows, Row, index);
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  _pulse_chart_text_clear (&row->title);
  _pulse_chart_text_clear (&row->value);
  _pulse_chart_text_clear (&row->conversion);
}

static void
funnel_free (gpointer data)
{
  Funnel *funnel = data;

  g_array_unref (funnel->rows);
  _pulse_chart_text_clear (&funnel->footer_label);
  _pulse_chart_text_clear (&funnel->footer_value);
  g_free (funnel);
}

static void
layout_texts (PulseChartLayout *self,
              PulseChartModel  *model,
              double           *title_width,
              double           *value_width)
{
  Funnel *funnel = get_funnel (self);
  double max_value = 0;

  *title_width = *value_width = 0;
  for (guint i = 0; i < pulse_chart_model_get_n_steps (model); i++)
    max_value = MAX (max_value, pulse_chart_model_get_step_value (model, i));

  for (guint i = 0; i < pulse_chart_model_get_n_steps (model); i++)
    {
      Row row = { 0 };
      g_autofree char *value = NULL;

      row.step_value = pulse_chart_model_get_step_value (model, i);
      value = pulse_chart_format_value (row.step_value, NULL, -1);
      _pulse_chart_text_set (self->text, &row.title, pulse_chart_model_get_step_title (model, i),
                             PULSE_CHART_FONT_SMALL, FALSE);
      _pulse_chart_text_set (self->text, &row.value, value, PULSE_CHART_FONT_SMALL, TRUE);
      if (i > 0)
        {
          g_autofree char *percent = pulse_chart_format_percent (share (row.step_value, get_row (self, i - 1)->step_value));
          _pulse_chart_text_set (self->text, &row.conversion, percent, PULSE_CHART_FONT_SMALL, TRUE);
        }
      *title_width = MAX (*title_width, row.title.width);
      *value_width = MAX (*value_width, row.value.width);
      g_array_append_val (funnel->rows, row);
    }
  funnel->max_value = max_value;
}

static void
layout_footer (PulseChartLayout *self,
               double            x,
               double            y)
{
  Funnel *funnel = get_funnel (self);
  double first = get_row (self, 0)->step_value;
  double last = get_row (self, funnel->rows->len - 1)->step_value;
  g_autofree char *overall = pulse_chart_format_percent (share (last, first));

  _pulse_chart_text_set (self->text, &funnel->footer_label, _("Overall conversion"), PULSE_CHART_FONT_SMALL, FALSE);
  _pulse_chart_text_set (self->text, &funnel->footer_value, overall, PULSE_CHART_FONT_BOLD, TRUE);
  _pulse_chart_text_move (&funnel->footer_value, x + funnel->footer_label.width + 8, y);
  _pulse_chart_text_move (&funnel->footer_label, x,
                          y + (funnel->footer_value.height - funnel->footer_label.height) / 2);
}

/* Step titles sit beside the bars while they take at most 38 % of the
 * width; on a narrower chart each title gets a line above its bar, so
 * no title is cut. */
static void
compute_geometry (PulseChartLayout        *self,
                  const cairo_rectangle_t *area,
                  double                   title_width,
                  double                   value_width,
                  Geometry                *geometry)
{
  const Row *first = get_row (self, 0);
  guint n = get_funnel (self)->rows->len;
  double footer_height = first->value.height * 1.3 + 10;
  gboolean stacked = title_width > area->width * 0.38;

  geometry->title_height = stacked ? first->title.height + 2 : 0;
  geometry->bar_x = stacked ? area->x : area->x + title_width + 12;
  geometry->bar_max = MAX (1, area->x + area->width - value_width - 8 - geometry->bar_x);
  geometry->gap = stacked ? 8 : first->value.height + 4;
  geometry->row_height = CLAMP ((area->height - footer_height - (n - 1) * geometry->gap
                                 - n * geometry->title_height) / n,
                                stacked ? 10 : 14, stacked ? 24 : 32);
}

static void
layout_row (PulseChartLayout        *self,
            Row                     *row,
            gboolean                 first,
            const cairo_rectangle_t *area,
            const Geometry          *g,
            double                   y)
{
  double max_value = get_funnel (self)->max_value;
  double fraction = max_value > 0 && row->step_value > 0 ? row->step_value / max_value : 0;
  double width = fraction > 0 ? MAX (2, g->bar_max * fraction) : 0;
  double bar_y = y + g->title_height;

  if (g->title_height > 0)
    {
      _pulse_chart_text_limit_width (&row->title, area->width - (first ? 0 : row->conversion.width + 16));
      _pulse_chart_text_move (&row->title, area->x, y);
      if (!first)
        _pulse_chart_text_move (&row->conversion, area->x + row->title.width + 16, y);
    }
  else
    {
      _pulse_chart_text_move (&row->title, area->x, y + (g->row_height - row->title.height) / 2);
      if (!first)
        _pulse_chart_text_move (&row->conversion, g->bar_x + 14, y - g->gap + (g->gap - row->conversion.height) / 2);
    }
  row->track = (cairo_rectangle_t) { g->bar_x, bar_y, g->bar_max, g->row_height };
  row->bar = (cairo_rectangle_t) { g->bar_x, bar_y, width, g->row_height };
  _pulse_chart_text_move (&row->value, g->bar_x + width + 8, bar_y + (g->row_height - row->value.height) / 2);
  row->row = (cairo_rectangle_t) { area->x, y, area->width, g->title_height + g->row_height };
}

static void
layout (PulseChartLayout        *self,
        PulseChartModel         *model,
        const cairo_rectangle_t *area)
{
  Funnel *funnel = g_new0 (Funnel, 1);
  Geometry geometry;
  double title_width, value_width, y;
  guint n;

  funnel->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (funnel->rows, row_clear);
  self->state = funnel;

  layout_texts (self, model, &title_width, &value_width);
  n = funnel->rows->len;
  if (self->empty || n == 0)
    {
      _pulse_chart_layout_set_message (self, area->x, area->y, area->width, area->height);
      return;
    }

  compute_geometry (self, area, title_width, value_width, &geometry);
  self->plot = (cairo_rectangle_t) { geometry.bar_x, area->y, geometry.bar_max,
                                     n * (geometry.title_height + geometry.row_height) + (n - 1) * geometry.gap };
  y = area->y;
  for (guint i = 0; i < n; i++)
    {
      layout_row (self, get_row (self, i), i == 0, area, &geometry, y);
      y += geometry.title_height + geometry.row_height + geometry.gap;
    }

  layout_footer (self, area->x, y - geometry.gap + 10);
}

/* Drawing */

static void
draw_down_arrow (PulseChartDraw        *d,
                 double                 x,
                 double                 y,
                 double                 height,
                 const PulseChartColor *color)
{
  cairo_t *cr = d->cr;
  double head = MIN (3.5, height / 3);

  cairo_set_line_width (cr, 1.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x, y + height);
  cairo_move_to (cr, x - head, y + height - head);
  cairo_line_to (cr, x, y + height);
  cairo_line_to (cr, x + head, y + height - head);
  pulse_chart_color_apply (cr, color, 1);
  cairo_stroke (cr);
}

static void
draw_row (PulseChartDraw        *d,
          Row                   *row,
          const PulseChartColor *color)
{
  double radius = MIN (PULSE_CHART_BAR_RADIUS, row->track.height / 3);

  _pulse_chart_draw_rounded_rect (d, row->track.x, row->track.y, row->track.width, row->track.height, radius);
  pulse_chart_color_apply (d->cr, &d->palette->grid, 1);
  cairo_fill (d->cr);
  if (row->bar.width > 0)
    {
      _pulse_chart_draw_rounded_rect (d, row->bar.x, row->bar.y, _pulse_chart_draw_snap (d, row->bar.width),
                                      row->bar.height, radius);
      pulse_chart_color_apply (d->cr, color, 1);
      cairo_fill (d->cr);
    }

  _pulse_chart_draw_text (d, &row->title, &d->palette->foreground);
  _pulse_chart_draw_text (d, &row->value, &d->palette->foreground);
  if (row->conversion.layout)
    {
      draw_down_arrow (d, row->conversion.x - 8, row->conversion.y + 2,
                       row->conversion.height - 4, &d->palette->dim_foreground);
      _pulse_chart_draw_text (d, &row->conversion, &d->palette->dim_foreground);
    }
}

static void
draw (PulseChartLayout *self,
      PulseChartDraw   *d)
{
  Funnel *funnel = get_funnel (self);
  const PulseChartColor *color = _pulse_chart_draw_series_color (d, 0);

  for (guint i = 0; i < funnel->rows->len; i++)
    draw_row (d, get_row (self, i), color);

  _pulse_chart_draw_text (d, &funnel->footer_label, &d->palette->dim_foreground);
  _pulse_chart_draw_text (d, &funnel->footer_value, &d->palette->foreground);
}

/* Hit testing and hover */

static gboolean
hit_test (PulseChartLayout *self,
          double            x,
          double            y,
          PulseChartHit    *hit)
{
  for (guint i = 0; i < get_funnel (self)->rows->len; i++)
    if (_pulse_chart_rect_contains (&get_row (self, i)->row, x, y))
      {
        hit->kind = PULSE_CHART_HIT_STEP;
        hit->index = i;
      }
  return hit->kind != PULSE_CHART_HIT_NONE;
}

static void
draw_hover (PulseChartLayout    *self,
            PulseChartDraw      *d,
            const PulseChartHit *hit)
{
  g_autoptr(PulseChartTooltip) tip = NULL;
  cairo_rectangle_t highlight;
  Row *row;

  if (hit->kind != PULSE_CHART_HIT_STEP || hit->index < 0 || (guint)hit->index >= get_funnel (self)->rows->len)
    return;
  row = get_row (self, hit->index);

  highlight = (cairo_rectangle_t) { row->row.x - 2, row->row.y - 2, row->row.width + 4, row->row.height + 4 };
  _pulse_chart_draw_highlight (d, &highlight, 6, 0.05, 0.08);

  tip = _pulse_chart_tooltip_new (pango_layout_get_text (row->title.layout));
  _pulse_chart_tooltip_add (tip, NULL, FALSE, _("Count"), pulse_chart_format_value (row->step_value, NULL, -1));
  _pulse_chart_tooltip_add (tip, NULL, FALSE, _("Of the first step"),
                            pulse_chart_format_percent (share (row->step_value, get_row (self, 0)->step_value)));
  if (hit->index > 0)
    _pulse_chart_tooltip_add (tip, NULL, FALSE, _("Of the step before"),
                              pulse_chart_format_percent (share (row->step_value, get_row (self, hit->index - 1)->step_value)));
  _pulse_chart_tooltip_draw (tip, self, d, row->bar.x + row->bar.width, row->row.y + row->row.height + 4);
}

static gboolean
get_item_rect (PulseChartLayout  *self,
               guint              index,
               cairo_rectangle_t *rect)
{
  if (index >= get_funnel (self)->rows->len)
    return FALSE;
  *rect = get_row (self, index)->bar;
  return TRUE;
}

const PulseChartKindOps pulse_chart_funnel_ops = {
  .is_empty = is_empty,
  .dup_summary = dup_summary,
  .add_result = add_result,
  .natural_height = natural_height,
  .item_kind = PULSE_CHART_HIT_STEP,
  .n_items = pulse_chart_model_get_n_steps,
  .layout = layout,
  .free_state = funnel_free,
  .draw = draw,
  .hit_test = hit_test,
  .draw_hover = draw_hover,
  .get_item_rect = get_item_rect,
};
