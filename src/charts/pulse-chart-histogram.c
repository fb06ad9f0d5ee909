/* pulse-chart-histogram.c: how many have each value, one bar per bin
 *
 * The bins' labels (1, 2, … active days) are on the category axis, in
 * the model's unit; the counts on the value axis have no unit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-axis-private.h"
#include "pulse-chart-format.h"
#include "pulse-chart-tooltip-private.h"

/* Model */

static gboolean
is_empty (PulseChartModel *model)
{
  for (guint i = 0; i < pulse_chart_model_get_n_histogram (model); i++)
    if (!isnan (pulse_chart_model_get_histogram_value (model, i)))
      return FALSE;
  return TRUE;
}

static char *
dup_summary (PulseChartModel *model,
             const char      *title)
{
  guint n = pulse_chart_model_get_n_histogram (model);
  g_autofree char *count = NULL;
  guint mode = 0;

  for (guint i = 1; i < n; i++)
    if (pulse_chart_model_get_histogram_value (model, i) > pulse_chart_model_get_histogram_value (model, mode))
      mode = i;
  count = pulse_chart_format_value (pulse_chart_model_get_histogram_value (model, mode), NULL, -1);

  /* Translators: "Active days, 30 values from 1 to 30, most frequent 3 (412)" */
  return g_strdup_printf (_("%s, %u values from %s to %s, most frequent %s (%s)"),
                          title, n,
                          pulse_chart_model_get_histogram_label (model, 0),
                          pulse_chart_model_get_histogram_label (model, n - 1),
                          pulse_chart_model_get_histogram_label (model, mode), count);
}

static void
add_result (PulseChartModel   *model,
            PulseMetricResult *result,
            PulseMetricResult *previous,
            const char        *segment,
            double             scale)
{
  guint n = pulse_metric_result_get_n_histogram (result);
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree double *values = g_new0 (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      labels[i] = pulse_metric_result_get_histogram_label (result, i);
      values[i] = pulse_metric_result_get_histogram_value (result, i);
    }
  pulse_chart_model_set_histogram (model, labels, values, n);
}

/* Layout */

static void
layout (PulseChartLayout        *self,
        PulseChartModel         *model,
        const cairo_rectangle_t *area)
{
  guint n = pulse_chart_model_get_n_histogram (model);
  GStrv labels = g_new0 (char *, n + 1);
  PulseChartSeries counts = { 0 };
  double min, max;

  counts.values = g_new0 (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      labels[i] = g_strdup (pulse_chart_model_get_histogram_label (model, i));
      counts.values[i] = pulse_chart_model_get_histogram_value (model, i);
    }
  counts.n_values = n;
  counts.title = g_strdup (_("Count"));
  counts.visible = TRUE;
  _pulse_chart_layout_add_series (self, &counts);
  self->axis = _pulse_chart_axis_new (labels, TRUE);
  /* The unit is the bins' (days), not the counts': the counts have none. */
  _pulse_chart_axis_assign (self, NULL, 1);

  _pulse_chart_layout_series_extent (self, 0, &min, &max);
  self->axis->values[0].min = MIN (min, 0);
  self->axis->values[0].max = MAX (max, 0);
  _pulse_chart_axis_layout (self, area, area->y);
}

static void
draw (PulseChartLayout *self,
      PulseChartDraw   *d)
{
  _pulse_chart_axis_draw (self, d);
  _pulse_chart_axis_draw_bars (self, d);
}

static void
draw_hover (PulseChartLayout    *self,
            PulseChartDraw      *d,
            const PulseChartHit *hit)
{
  g_autoptr(PulseChartTooltip) tip = NULL;
  g_autofree char *header = NULL;
  guint bin = hit->index;

  if (hit->kind != PULSE_CHART_HIT_BUCKET || self->empty || hit->index < 0 || bin >= self->axis->n_buckets)
    return;

  _pulse_chart_axis_draw_band (self, d, bin);
  header = _pulse_chart_axis_dup_header (self, bin, self->unit);
  tip = _pulse_chart_tooltip_new (header);
  /* Counts are persons or items, not the unit of the bins. */
  _pulse_chart_tooltip_add_series (tip, self, bin);
  _pulse_chart_tooltip_draw (tip, self, d, _pulse_chart_axis_x (self, bin), self->plot.y + 4);
}

const PulseChartKindOps pulse_chart_histogram_ops = {
  .is_empty = is_empty,
  .dup_summary = dup_summary,
  .add_result = add_result,
  .item_kind = PULSE_CHART_HIT_BUCKET,
  .n_items = pulse_chart_model_get_n_histogram,
  .layout = layout,
  .draw = draw,
  .hit_test = _pulse_chart_axis_hit_test,
  .draw_hover = draw_hover,
  .get_item_rect = _pulse_chart_axis_get_band,
};
