/* pulse-chart-layout.c: a chart's geometry at one size, computed once
 *
 * Measuring text with Pango and choosing ticks and labels is the costly
 * part of drawing a chart, so it happens here, once per size, model and
 * style; drawing (pulse-chart-renderer.c) and hit-testing then only read
 * the result. The layout copies what it needs from the model.
 *
 * Text is measured with a context of its own at 96 dpi with unhinted
 * metrics, so a layout is the same at every scale and on every surface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-format.h"
#include "pulse-chart-layout-private.h"

G_DEFINE_BOXED_TYPE (PulseChartLayout, pulse_chart_layout,
                     pulse_chart_layout_ref, pulse_chart_layout_unref)

/* Text */

void
_pulse_chart_text_set (PulseChartLayout           *self,
                       Text                       *text,
                       const char                 *str,
                       const PangoFontDescription *font,
                       gboolean                    tabular)
{
  PangoRectangle logical;

  if (text->layout == NULL)
    text->layout = pango_layout_new (self->context);
  pango_layout_set_font_description (text->layout, font);
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
_pulse_chart_text_clear (Text *text)
{
  g_clear_object (&text->layout);
}

/* Ellipsizes @text to @max_width. */
static void
text_limit_width (Text   *text,
                  double  max_width)
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

static void
text_move (Text   *text,
           double  x,
           double  y)
{
  text->x = x;
  text->y = y;
}

static PangoContext *
create_context (void)
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

/* A bold font of @pixels pixels, for the big figures. */
static PangoFontDescription *
figure_font (PulseChartLayout *self,
             double            pixels)
{
  PangoFontDescription *font = pango_font_description_copy (self->style.font);

  pango_font_description_set_absolute_size (font, pixels * PANGO_SCALE);
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  return font;
}

/* Life cycle */

static void
series_info_clear (gpointer data)
{
  SeriesInfo *info = data;

  g_free (info->title);
  g_free (info->values);
}

static void
legend_entry_clear (gpointer data)
{
  LegendEntry *entry = data;

  _pulse_chart_text_clear (&entry->name);
  _pulse_chart_text_clear (&entry->value);
}

static void
x_label_clear (gpointer data)
{
  _pulse_chart_text_clear (&((XLabel *)data)->text);
}

static void
y_tick_clear (gpointer data)
{
  _pulse_chart_text_clear (&((YTick *)data)->text);
}

static void
funnel_row_clear (gpointer data)
{
  FunnelRow *row = data;

  _pulse_chart_text_clear (&row->title);
  _pulse_chart_text_clear (&row->value);
  _pulse_chart_text_clear (&row->conversion);
}

static GArray *
array_new (gsize          element_size,
           GDestroyNotify clear_func)
{
  GArray *array = g_array_new (FALSE, TRUE, element_size);
  if (clear_func)
    g_array_set_clear_func (array, clear_func);
  return array;
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

  pulse_chart_style_clear (&self->style);
  g_clear_object (&self->context);
  g_clear_pointer (&self->small_font, pango_font_description_free);
  g_clear_pointer (&self->bold_font, pango_font_description_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->model_title, g_free);
  g_clear_pointer (&self->buckets, g_strfreev);
  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->y_ticks, g_array_unref);
  g_clear_pointer (&self->x_labels, g_array_unref);
  g_clear_pointer (&self->legend, g_array_unref);
  g_clear_pointer (&self->slices, g_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  _pulse_chart_text_clear (&self->message);
  _pulse_chart_text_clear (&self->title);
  _pulse_chart_text_clear (&self->center_value);
  _pulse_chart_text_clear (&self->center_caption);
  _pulse_chart_text_clear (&self->footer_label);
  _pulse_chart_text_clear (&self->footer_value);
  _pulse_chart_text_clear (&self->kpi_figure);
  _pulse_chart_text_clear (&self->kpi_delta);
  _pulse_chart_text_clear (&self->kpi_caption);
  g_free (self);
}

/* Copying the model */

SeriesInfo *
_pulse_chart_layout_series (PulseChartLayout *self,
                            guint             index)
{
  return &g_array_index (self->series, SeriesInfo, index);
}

static void
copy_histogram (PulseChartLayout *self,
                PulseChartModel  *model)
{
  guint n = pulse_chart_model_get_n_histogram (model);
  SeriesInfo info = { 0 };

  self->buckets = g_new0 (char *, n + 1);
  info.values = g_new0 (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      self->buckets[i] = g_strdup (pulse_chart_model_get_histogram_label (model, i));
      info.values[i] = pulse_chart_model_get_histogram_value (model, i);
    }
  self->n_buckets = n;
  info.n_values = n;
  info.title = g_strdup (_("Count"));
  info.visible = TRUE;
  g_array_append_val (self->series, info);
}

static void
copy_series (PulseChartLayout *self,
             PulseChartModel  *model)
{
  self->buckets = g_strdupv ((char **)pulse_chart_model_get_buckets (model));
  self->n_buckets = g_strv_length (self->buckets);

  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    {
      SeriesInfo info = { 0 };
      guint n_values;
      const double *values = pulse_chart_model_get_series_values (model, i, &n_values);

      info.title = g_strdup (pulse_chart_model_get_series_title (model, i));
      info.n_values = MIN (n_values, self->n_buckets);
      info.values = g_memdup2 (values, sizeof (double) * info.n_values);
      info.color_index = pulse_chart_model_get_series_color (model, i);
      info.dashed = pulse_chart_model_get_series_dashed (model, i);
      info.visible = pulse_chart_model_get_series_visible (model, i);
      info.total = pulse_chart_model_get_series_total (model, i);
      g_array_append_val (self->series, info);
    }
}

static gboolean
all_dates (GStrv labels)
{
  if (labels == NULL || labels[0] == NULL)
    return FALSE;
  for (guint i = 0; labels[i]; i++)
    if (!pulse_chart_parse_date (labels[i], NULL, NULL, NULL))
      return FALSE;
  return TRUE;
}

static void
copy_model (PulseChartLayout *self,
            PulseChartModel  *model)
{
  self->kind = pulse_chart_model_get_kind (model);
  self->better = pulse_chart_model_get_better (model);
  self->unit = g_strdup (pulse_chart_model_get_unit (model));
  self->model_title = g_strdup (pulse_chart_model_get_title (model));
  self->kpi_value = pulse_chart_model_get_kpi_value (model);
  self->kpi_previous = pulse_chart_model_get_kpi_previous (model);
  self->empty = pulse_chart_model_is_empty (model);

  if (self->kind == PULSE_CHART_KIND_HISTOGRAM)
    copy_histogram (self, model);
  else
    copy_series (self, model);
  self->labels_are_dates = all_dates (self->buckets);
}

static guint
n_visible (PulseChartLayout *self)
{
  guint n = 0;

  for (guint i = 0; i < self->series->len; i++)
    n += _pulse_chart_layout_series (self, i)->visible;
  return n;
}

/* The centred message of an empty chart */

static void
layout_message (PulseChartLayout *self,
                double            x,
                double            y,
                double            width,
                double            height)
{
  const char *message = _("No data for this range");

  /* Data that is merely hidden says so: the legend brings it back. */
  if (self->series->len > 0 && n_visible (self) == 0 &&
      self->kind != PULSE_CHART_KIND_FUNNEL && self->kind != PULSE_CHART_KIND_HISTOGRAM)
    message = _("All series are hidden");

  _pulse_chart_text_set (self, &self->message, message, self->style.font, FALSE);
  text_limit_width (&self->message, width);
  text_move (&self->message,
             x + (width - self->message.width) / 2,
             y + MAX (0, (height - self->message.height) / 2));
}

/* Legend */

static char *
share_text (PulseChartLayout *self,
            SeriesInfo       *info,
            double            total)
{
  if (!info->visible || !(info->total > 0) || !(total > 0))
    return g_strdup ("");
  return pulse_chart_format_percent (info->total / total);
}

static void
legend_add_entries (PulseChartLayout *self,
                    double            max_name_width,
                    gboolean          with_shares)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesInfo *info = _pulse_chart_layout_series (self, i);
      LegendEntry entry = { 0 };

      entry.series = i;
      _pulse_chart_text_set (self, &entry.name, info->title, self->small_font, FALSE);
      text_limit_width (&entry.name, max_name_width);
      if (with_shares)
        {
          g_autofree char *share = share_text (self, info, self->donut_total);
          _pulse_chart_text_set (self, &entry.value, share, self->small_font, TRUE);
        }
      g_array_append_val (self->legend, entry);
    }
}

static double
legend_row_height (PulseChartLayout *self)
{
  double height = LEGEND_SWATCH;

  for (guint i = 0; i < self->legend->len; i++)
    height = MAX (height, g_array_index (self->legend, LegendEntry, i).name.height);
  return height;
}

static double
legend_entry_width (LegendEntry *entry)
{
  double width = LEGEND_SWATCH + 6 + entry->name.width;

  if (entry->value.width > 0)
    width += 6 + entry->value.width;
  return width;
}

static void
legend_place (LegendEntry *entry,
              double       x,
              double       y,
              double       row_height,
              double       value_x)
{
  entry->swatch_x = x;
  entry->swatch_y = y + (row_height - LEGEND_SWATCH) / 2;
  text_move (&entry->name, x + LEGEND_SWATCH + 6, y + (row_height - entry->name.height) / 2);
  if (value_x < 0)
    value_x = entry->name.x + entry->name.width + 6;
  text_move (&entry->value, value_x, y + (row_height - entry->value.height) / 2);
  entry->rect.x = x - 4;
  entry->rect.y = y - LEGEND_ROW_GAP / 2;
  entry->rect.width = MAX (value_x + entry->value.width, entry->name.x + entry->name.width) - x + 8;
  entry->rect.height = row_height + LEGEND_ROW_GAP;
}

/* Entries left to right, wrapping into rows; @centered centres each row.
 * Returns: the height used */
static double
legend_flow (PulseChartLayout *self,
             double            x,
             double            y,
             double            width,
             gboolean          centered)
{
  double row_height = legend_row_height (self);
  double cur_x = x, cur_y = y;
  guint row_start = 0;

  for (guint i = 0; i <= self->legend->len; i++)
    {
      LegendEntry *entry = i < self->legend->len ? &g_array_index (self->legend, LegendEntry, i) : NULL;
      double entry_width = entry ? legend_entry_width (entry) : 0;
      gboolean wrap = entry == NULL || (cur_x > x && cur_x + entry_width > x + width);

      if (wrap && centered && i > row_start)
        {
          double shift = (x + width - (cur_x - LEGEND_SPACING)) / 2;

          for (guint j = row_start; j < i; j++)
            {
              LegendEntry *e = &g_array_index (self->legend, LegendEntry, j);
              legend_place (e, e->swatch_x + shift, cur_y, row_height, -1);
            }
        }
      if (entry == NULL)
        break;
      if (wrap)
        {
          cur_x = x;
          cur_y += row_height + LEGEND_ROW_GAP;
          row_start = i;
        }
      legend_place (entry, cur_x, cur_y, row_height, -1);
      cur_x += entry_width + LEGEND_SPACING;
    }

  return self->legend->len > 0 ? cur_y + row_height - y : 0;
}

/* One entry per row, shares in a column. Returns: the width used */
static double
legend_column (PulseChartLayout *self,
               double            x,
               double            y,
               double            spacing)
{
  double row_height = legend_row_height (self);
  double name_width = 0, value_width = 0;

  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendEntry *entry = &g_array_index (self->legend, LegendEntry, i);
      name_width = MAX (name_width, entry->name.width);
      value_width = MAX (value_width, entry->value.width);
    }

  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendEntry *entry = &g_array_index (self->legend, LegendEntry, i);
      double value_x = x + LEGEND_SWATCH + 6 + name_width + 16 + value_width - entry->value.width;

      legend_place (entry, x, y + i * (row_height + spacing), row_height, value_x);
    }
  return LEGEND_SWATCH + 6 + name_width + (value_width > 0 ? 16 + value_width : 0);
}

/* Value axis */

static void
value_range (PulseChartLayout *self,
             double           *lo,
             double           *hi)
{
  *lo = INFINITY;
  *hi = -INFINITY;

  if (self->kind == PULSE_CHART_KIND_STACKED_BAR)
    {
      for (guint b = 0; b < self->n_buckets; b++)
        {
          double up = 0, down = 0;

          for (guint i = 0; i < self->series->len; i++)
            {
              SeriesInfo *info = _pulse_chart_layout_series (self, i);
              double v = b < info->n_values ? info->values[b] : NAN;

              if (!info->visible || isnan (v))
                continue;
              if (v >= 0)
                up += v;
              else
                down += v;
            }
          *lo = MIN (*lo, down);
          *hi = MAX (*hi, up);
        }
    }
  else
    {
      for (guint i = 0; i < self->series->len; i++)
        {
          SeriesInfo *info = _pulse_chart_layout_series (self, i);

          for (guint b = 0; info->visible && b < info->n_values; b++)
            if (!isnan (info->values[b]))
              {
                *lo = MIN (*lo, info->values[b]);
                *hi = MAX (*hi, info->values[b]);
              }
        }
    }

  if (*lo > *hi)
    *lo = 0, *hi = 1;

  if (self->kind == PULSE_CHART_KIND_LINE)
    {
      /* Lines keep a zero baseline only when the data comes near it:
       * DAU between 1,200 and 1,800 is better read on 1,200..1,800. */
      if (*lo >= 0 && *lo <= *hi * 0.5)
        *lo = 0;
    }
  else
    {
      *lo = MIN (*lo, 0);
      *hi = MAX (*hi, 0);
    }
}

double
_pulse_chart_layout_y (PulseChartLayout *self,
                       double            value)
{
  double range = self->y_max - self->y_min;

  if (!(range > 0))
    return self->plot.y + self->plot.height;
  return self->plot.y + self->plot.height * (1.0 - (value - self->y_min) / range);
}

double
_pulse_chart_layout_x (PulseChartLayout *self,
                       double            bucket)
{
  if (self->banded)
    return self->plot.x + (bucket + 0.5) * self->plot.width / MAX (self->n_buckets, 1);
  if (self->n_buckets <= 1)
    return self->plot.x + self->plot.width / 2;
  return self->plot.x + bucket * self->plot.width / (self->n_buckets - 1);
}

double
_pulse_chart_layout_stack_top (PulseChartLayout *self,
                               guint             bucket)
{
  double total = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesInfo *info = _pulse_chart_layout_series (self, i);
      double v = bucket < info->n_values ? info->values[bucket] : NAN;

      if (info->visible && !isnan (v) && v > 0)
        total += v;
    }
  return total;
}

/* Ticks at most ~36 px apart, at least 2, at most 8. Returns: label width */
static double
layout_y_ticks (PulseChartLayout *self,
                double            plot_height)
{
  double lo, hi, first, step, label_width = 0;
  guint max_ticks = CLAMP ((guint)(plot_height / 36.0) + 1, 2, 8);
  guint n;

  value_range (self, &lo, &hi);
  n = pulse_chart_nice_ticks (lo, hi, max_ticks, &first, &step);
  self->y_min = first;
  self->y_max = first + (n - 1) * step;
  self->y_step = step;

  for (guint i = 0; i < n; i++)
    {
      YTick tick = { 0 };
      g_autofree char *label = NULL;

      tick.value = first + i * step;
      if (fabs (tick.value) < step * 1e-9)
        tick.value = 0;
      /* A histogram's unit is its bins' (days), not the counts'. */
      label = pulse_chart_format_tick (tick.value, step,
                                       self->kind == PULSE_CHART_KIND_HISTOGRAM ? NULL : self->unit);
      _pulse_chart_text_set (self, &tick.text, label, self->small_font, TRUE);
      label_width = MAX (label_width, tick.text.width);
      g_array_append_val (self->y_ticks, tick);
    }
  return label_width;
}

/* Category axis: choosing labels that do not overlap */

typedef enum
{
  PICK_STRIDE,        /* every n-th bucket */
  PICK_VALUE_STRIDE,  /* numeric labels divisible by n */
  PICK_MONTHS,        /* first bucket of every n-th month */
  PICK_FIRST,         /* the first bucket only */
} PickKind;

typedef struct
{
  PickKind kind;
  guint    n;
} Pick;

static int
bucket_spacing_days (PulseChartLayout *self)
{
  g_autoptr(GDate) a = NULL;
  g_autoptr(GDate) b = NULL;
  int y1, m1, d1, y2, m2, d2;
  /* The first bucket of a week or month may be partial: skip it. */
  guint i = self->n_buckets >= 3 ? 1 : 0;

  if (!self->labels_are_dates || self->n_buckets < 2 ||
      !pulse_chart_parse_date (self->buckets[i], &y1, &m1, &d1) ||
      !pulse_chart_parse_date (self->buckets[i + 1], &y2, &m2, &d2))
    return 0;
  a = g_date_new_dmy (d1, m1, y1);
  b = g_date_new_dmy (d2, m2, y2);
  return g_date_days_between (a, b);
}

static gboolean
all_integers (PulseChartLayout *self)
{
  for (guint i = 0; i < self->n_buckets; i++)
    {
      char *end = NULL;
      g_ascii_strtoll (self->buckets[i], &end, 10);
      if (end == self->buckets[i] || *end != '\0')
        return FALSE;
    }
  return self->n_buckets > 0;
}

/* Candidate label sets, densest first. */
static GArray *
pick_candidates (PulseChartLayout *self)
{
  GArray *picks = g_array_new (FALSE, FALSE, sizeof (Pick));
  int spacing = bucket_spacing_days (self);

#define ADD(k, v) G_STMT_START { Pick p = { k, v }; g_array_append_val (picks, p); } G_STMT_END

  if (self->labels_are_dates)
    {
      if (spacing <= 1)
        {
          ADD (PICK_STRIDE, 1); ADD (PICK_STRIDE, 2); ADD (PICK_STRIDE, 3);
          ADD (PICK_STRIDE, 7); ADD (PICK_STRIDE, 14);
        }
      else if (spacing <= 7)
        {
          ADD (PICK_STRIDE, 1); ADD (PICK_STRIDE, 2);
        }
      else
        ADD (PICK_STRIDE, 1);
      ADD (PICK_MONTHS, 1); ADD (PICK_MONTHS, 2); ADD (PICK_MONTHS, 3);
      ADD (PICK_MONTHS, 6); ADD (PICK_MONTHS, 12); ADD (PICK_MONTHS, 24);
      ADD (PICK_MONTHS, 60);
    }
  else
    {
      PickKind kind = all_integers (self) ? PICK_VALUE_STRIDE : PICK_STRIDE;

      for (guint magnitude = 1; magnitude <= 100000; magnitude *= 10)
        {
          ADD (kind, magnitude); ADD (kind, 2 * magnitude); ADD (kind, 5 * magnitude);
        }
    }
  ADD (PICK_FIRST, 1);

#undef ADD
  return picks;
}

static int
month_index (const char *iso)
{
  int y, m;

  if (!pulse_chart_parse_date (iso, &y, &m, NULL))
    return -1;
  return y * 12 + (m - 1);
}

static gboolean
picked (PulseChartLayout *self,
        const Pick       *pick,
        guint             i)
{
  switch (pick->kind)
    {
    case PICK_STRIDE:
      return i % pick->n == 0;
    case PICK_VALUE_STRIDE:
      return g_ascii_strtoll (self->buckets[i], NULL, 10) % pick->n == 0;
    case PICK_MONTHS:
      {
        int month = month_index (self->buckets[i]);
        int day = 0;

        pulse_chart_parse_date (self->buckets[i], NULL, NULL, &day);
        /* A month's first bucket: the month changed, or the range starts
         * on its first day. */
        if (i == 0 ? day != 1 : month_index (self->buckets[i - 1]) == month)
          return FALSE;
        return month % pick->n == 0;
      }
    case PICK_FIRST:
      return i == 0;
    default:
      g_return_val_if_reached (FALSE);
    }
}

static double
label_left (PulseChartLayout *self,
            guint             bucket,
            double            width)
{
  double x = _pulse_chart_layout_x (self, bucket) - width / 2;
  return CLAMP (x, 0, MAX (0, self->width - width));
}

static GArray *
try_pick (PulseChartLayout *self,
          const Pick       *pick,
          const double     *widths)
{
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  double prev_right = -INFINITY;

  for (guint i = 0; i < self->n_buckets; i++)
    {
      double left;

      if (!picked (self, pick, i))
        continue;
      left = label_left (self, i, widths[i]);
      if (left < prev_right + LABEL_GAP)
        return NULL;
      prev_right = left + widths[i];
      g_array_append_val (chosen, i);
    }
  return chosen->len > 0 ? g_steal_pointer (&chosen) : NULL;
}

static char *
bucket_label (PulseChartLayout *self,
              guint             i,
              int               spacing)
{
  if (!self->labels_are_dates)
    return g_strdup (self->buckets[i]);
  if (spacing >= 28)
    {
      /* Monthly buckets: "Apr", and the year where it turns. */
      int y, m;
      g_autoptr(GDateTime) dt = NULL;

      pulse_chart_parse_date (self->buckets[i], &y, &m, NULL);
      dt = g_date_time_new_utc (y, m, 1, 0, 0, 0);
      return g_date_time_format (dt, m == 1 ? "%b %Y" : "%b");
    }
  return pulse_chart_format_date_short (self->buckets[i]);
}

static void
layout_x_labels (PulseChartLayout *self,
                 double            y)
{
  g_autoptr(GArray) picks = NULL;
  g_autoptr(GArray) chosen = NULL;
  g_autofree double *widths = NULL;
  g_auto(GStrv) texts = NULL;
  Text scratch = { 0 };
  int spacing = bucket_spacing_days (self);

  if (self->n_buckets == 0)
    return;

  /* One scratch layout measures every label; only the chosen ones keep
   * a layout of their own. */
  texts = g_new0 (char *, self->n_buckets + 1);
  widths = g_new0 (double, self->n_buckets);
  for (guint i = 0; i < self->n_buckets; i++)
    {
      texts[i] = bucket_label (self, i, spacing);
      _pulse_chart_text_set (self, &scratch, texts[i], self->small_font, TRUE);
      widths[i] = scratch.width;
    }
  _pulse_chart_text_clear (&scratch);

  picks = pick_candidates (self);
  for (guint p = 0; p < picks->len && chosen == NULL; p++)
    chosen = try_pick (self, &g_array_index (picks, Pick, p), widths);
  if (chosen == NULL)
    return;

  for (guint c = 0; c < chosen->len; c++)
    {
      XLabel label = { 0 };
      guint i = g_array_index (chosen, guint, c);

      label.bucket = i;
      _pulse_chart_text_set (self, &label.text, texts[i], self->small_font, TRUE);
      text_move (&label.text, label_left (self, i, label.text.width), y);
      g_array_append_val (self->x_labels, label);
    }
}

/* Cartesian charts: line, area, stacked bars, histogram */

static void
layout_cartesian (PulseChartLayout        *self,
                  const cairo_rectangle_t *area)
{
  Text sample = { 0 };
  double top = area->y, bottom = area->y + area->height;
  double line_height, plot_top, plot_bottom, label_width;

  self->cartesian = TRUE;
  self->banded = self->kind == PULSE_CHART_KIND_STACKED_BAR || self->kind == PULSE_CHART_KIND_HISTOGRAM;

  /* A single series needs no legend; hidden ones keep their entry. */
  if (self->series->len > 1 && self->kind != PULSE_CHART_KIND_HISTOGRAM)
    {
      legend_add_entries (self, area->width - LEGEND_SWATCH - 6, FALSE);
      top += legend_flow (self, area->x, top, area->width, FALSE) + 10;
    }

  if (self->empty)
    {
      self->plot = (cairo_rectangle_t) { area->x, top, area->width, MAX (0, bottom - top) };
      layout_message (self, area->x, top, area->width, bottom - top);
      return;
    }

  _pulse_chart_text_set (self, &sample, "0", self->small_font, TRUE);
  line_height = sample.height;
  _pulse_chart_text_clear (&sample);

  plot_top = top + line_height / 2;
  plot_bottom = bottom - line_height - 6;
  label_width = layout_y_ticks (self, MAX (plot_bottom - plot_top, 1));

  self->plot.x = area->x + label_width + 8;
  self->plot.y = plot_top;
  self->plot.width = MAX (1, area->x + area->width - self->plot.x);
  self->plot.height = MAX (1, plot_bottom - plot_top);

  for (guint i = 0; i < self->y_ticks->len; i++)
    {
      YTick *tick = &g_array_index (self->y_ticks, YTick, i);
      text_move (&tick->text,
                 self->plot.x - 8 - tick->text.width,
                 _pulse_chart_layout_y (self, tick->value) - tick->text.height / 2);
    }

  if (self->banded)
    {
      double band = self->plot.width / MAX (self->n_buckets, 1);

      if (band >= 6)
        self->bar_width = MIN (band * 0.72, 56);
      else
        self->bar_width = MAX (band - 1, band * 0.8);
    }

  layout_x_labels (self, plot_bottom + 6);
}

/* Donut */

static void
layout_slices (PulseChartLayout *self)
{
  double start = 0;

  self->donut_total = 0;
  for (guint i = 0; i < self->series->len; i++)
    {
      SeriesInfo *info = _pulse_chart_layout_series (self, i);
      if (info->visible && info->total > 0)
        self->donut_total += info->total;
    }

  for (guint i = 0; i < self->series->len && self->donut_total > 0; i++)
    {
      SeriesInfo *info = _pulse_chart_layout_series (self, i);
      Slice slice;

      if (!info->visible || !(info->total > 0))
        continue;
      slice.series = i;
      slice.value = info->total;
      slice.start = start;
      slice.sweep = 2 * G_PI * info->total / self->donut_total;
      start += slice.sweep;
      g_array_append_val (self->slices, slice);
    }
}

static void
layout_donut_center (PulseChartLayout *self)
{
  g_autofree char *total = pulse_chart_format_value (self->donut_total, self->unit, -1);
  double size = CLAMP (self->r_inner * 0.45, 12, 40);

  /* Shrink the figure until it fits the hole. */
  for (guint attempt = 0; attempt < 6; attempt++)
    {
      g_autoptr(PangoFontDescription) font = figure_font (self, size);

      _pulse_chart_text_set (self, &self->center_value, total, font, TRUE);
      if (self->center_value.width <= self->r_inner * 1.6 || size <= 10)
        break;
      size *= 0.85;
    }
  _pulse_chart_text_set (self, &self->center_caption, _("Total"), self->small_font, FALSE);
  if (self->center_caption.height + self->center_value.height > self->r_inner * 1.6)
    {
      g_clear_object (&self->center_caption.layout);
      self->center_caption.width = self->center_caption.height = 0;
    }

  text_move (&self->center_value,
             self->cx - self->center_value.width / 2,
             self->cy - (self->center_value.height + self->center_caption.height) / 2);
  text_move (&self->center_caption,
             self->cx - self->center_caption.width / 2,
             self->center_value.y + self->center_value.height);
}

static void
layout_donut (PulseChartLayout        *self,
              const cairo_rectangle_t *area)
{
  double diameter, legend_width, legend_height;
  double row_height;

  layout_slices (self);
  legend_add_entries (self, MAX (40, area->width * 0.45), TRUE);
  row_height = legend_row_height (self);

  if (area->width >= area->height * 1.7)
    {
      /* Wide: the donut, and the legend as a column beside it. */
      double group_width, x;

      diameter = MIN (MIN (area->height, area->width * 0.45), 280);
      legend_width = legend_column (self, 0, 0, 6);
      legend_height = self->legend->len * (row_height + 6) - 6;
      group_width = diameter + 32 + legend_width;
      x = area->x + MAX (0, (area->width - group_width) / 2);
      self->cx = x + diameter / 2;
      self->cy = area->y + area->height / 2;
      legend_column (self, x + diameter + 32, self->cy - legend_height / 2, 6);
    }
  else
    {
      /* Narrow: the legend wraps under the donut. */
      legend_height = legend_flow (self, area->x, 0, area->width, TRUE);
      diameter = MAX (0, MIN (area->width, area->height - legend_height - 12));
      self->cx = area->x + area->width / 2;
      self->cy = area->y + diameter / 2;
      legend_flow (self, area->x, area->y + diameter + 12, area->width, TRUE);
    }

  /* Room for the hovered slice to grow. */
  self->r_outer = MAX (0, diameter / 2 - 5);
  self->r_inner = self->r_outer * 0.62;

  if (self->empty)
    {
      layout_message (self, self->cx - diameter / 2, self->cy - diameter / 2, diameter, diameter);
      return;
    }
  layout_donut_center (self);
}

/* Funnel */

static void
layout_funnel_texts (PulseChartLayout *self,
                     PulseChartModel  *model,
                     double           *title_width,
                     double           *value_width)
{
  double max_value = 0;

  *title_width = *value_width = 0;
  for (guint i = 0; i < pulse_chart_model_get_n_steps (model); i++)
    max_value = MAX (max_value, pulse_chart_model_get_step_value (model, i));

  for (guint i = 0; i < pulse_chart_model_get_n_steps (model); i++)
    {
      FunnelRow row = { 0 };
      g_autofree char *value = NULL;

      row.step_value = pulse_chart_model_get_step_value (model, i);
      value = pulse_chart_format_value (row.step_value, NULL, -1);
      _pulse_chart_text_set (self, &row.title, pulse_chart_model_get_step_title (model, i),
                             self->small_font, FALSE);
      _pulse_chart_text_set (self, &row.value, value, self->small_font, TRUE);
      if (i > 0)
        {
          double prev = g_array_index (self->rows, FunnelRow, i - 1).step_value;
          g_autofree char *share = pulse_chart_format_percent (prev > 0 ? row.step_value / prev : NAN);
          _pulse_chart_text_set (self, &row.conversion, share, self->small_font, TRUE);
        }
      *title_width = MAX (*title_width, row.title.width);
      *value_width = MAX (*value_width, row.value.width);
      g_array_append_val (self->rows, row);
    }
  self->y_max = max_value;
}

static void
layout_funnel_footer (PulseChartLayout *self,
                      double            x,
                      double            y)
{
  double first = self->rows->len ? g_array_index (self->rows, FunnelRow, 0).step_value : NAN;
  double last = self->rows->len ? g_array_index (self->rows, FunnelRow, self->rows->len - 1).step_value : NAN;
  g_autofree char *overall = pulse_chart_format_percent (first > 0 ? last / first : NAN);

  _pulse_chart_text_set (self, &self->footer_label, _("Overall conversion"), self->small_font, FALSE);
  _pulse_chart_text_set (self, &self->footer_value, overall, self->bold_font, TRUE);
  text_move (&self->footer_value, x + self->footer_label.width + 8, y);
  text_move (&self->footer_label, x,
             y + (self->footer_value.height - self->footer_label.height) / 2);
}

typedef struct
{
  double bar_x;
  double bar_max;
  double row_height;
  double gap;
  double title_height;  /* a line of its own above each bar; 0 beside it */
} FunnelGeometry;

/* Step titles sit beside the bars while they take at most 38 % of the
 * width; on a narrower chart each title gets a line above its bar, so
 * no title is cut. */
static void
funnel_geometry (PulseChartLayout        *self,
                 const cairo_rectangle_t *area,
                 double                   title_width,
                 double                   value_width,
                 FunnelGeometry          *geometry)
{
  const FunnelRow *first = &g_array_index (self->rows, FunnelRow, 0);
  guint n = self->rows->len;
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
layout_funnel_row (PulseChartLayout        *self,
                   FunnelRow               *row,
                   gboolean                 first,
                   const cairo_rectangle_t *area,
                   const FunnelGeometry    *g,
                   double                   y)
{
  double fraction = self->y_max > 0 && row->step_value > 0 ? row->step_value / self->y_max : 0;
  double width = fraction > 0 ? MAX (2, g->bar_max * fraction) : 0;
  double bar_y = y + g->title_height;

  if (g->title_height > 0)
    {
      text_limit_width (&row->title, area->width - (first ? 0 : row->conversion.width + 16));
      text_move (&row->title, area->x, y);
      if (!first)
        text_move (&row->conversion, area->x + row->title.width + 16, y);
    }
  else
    {
      text_move (&row->title, area->x, y + (g->row_height - row->title.height) / 2);
      if (!first)
        text_move (&row->conversion, g->bar_x + 14, y - g->gap + (g->gap - row->conversion.height) / 2);
    }
  row->track = (cairo_rectangle_t) { g->bar_x, bar_y, g->bar_max, g->row_height };
  row->bar = (cairo_rectangle_t) { g->bar_x, bar_y, width, g->row_height };
  text_move (&row->value, g->bar_x + width + 8, bar_y + (g->row_height - row->value.height) / 2);
  row->row = (cairo_rectangle_t) { area->x, y, area->width, g->title_height + g->row_height };
}

static void
layout_funnel (PulseChartLayout        *self,
               PulseChartModel         *model,
               const cairo_rectangle_t *area)
{
  FunnelGeometry geometry;
  double title_width, value_width, y;
  guint n;

  layout_funnel_texts (self, model, &title_width, &value_width);
  n = self->rows->len;
  if (self->empty || n == 0)
    {
      layout_message (self, area->x, area->y, area->width, area->height);
      return;
    }

  funnel_geometry (self, area, title_width, value_width, &geometry);
  self->plot = (cairo_rectangle_t) { geometry.bar_x, area->y, geometry.bar_max,
                                     n * (geometry.title_height + geometry.row_height) + (n - 1) * geometry.gap };
  y = area->y;
  for (guint i = 0; i < n; i++)
    {
      layout_funnel_row (self, &g_array_index (self->rows, FunnelRow, i), i == 0, area, &geometry, y);
      y += geometry.title_height + geometry.row_height + geometry.gap;
    }

  layout_funnel_footer (self, area->x, y - geometry.gap + 10);
}

/* KPI card */

double
_pulse_chart_spark_x (PulseChartLayout *self,
                      guint             bucket)
{
  if (self->n_buckets <= 1)
    return self->spark.x + self->spark.width / 2;
  return self->spark.x + bucket * self->spark.width / (self->n_buckets - 1);
}

double
_pulse_chart_spark_y (PulseChartLayout *self,
                      double            value)
{
  double range = self->spark_max - self->spark_min;

  if (!(range > 0))
    return self->spark.y + self->spark.height / 2;
  return self->spark.y + self->spark.height * (1.0 - (value - self->spark_min) / range);
}

static void
layout_sparkline_range (PulseChartLayout *self)
{
  SeriesInfo *info;
  double lo = INFINITY, hi = -INFINITY;

  self->spark_series = -1;
  for (guint i = 0; i < self->series->len && self->spark_series < 0; i++)
    if (_pulse_chart_layout_series (self, i)->visible)
      self->spark_series = i;
  if (self->spark_series < 0 || self->n_buckets < 2)
    {
      self->spark_series = -1;
      return;
    }

  info = _pulse_chart_layout_series (self, self->spark_series);
  for (guint b = 0; b < info->n_values; b++)
    if (!isnan (info->values[b]))
      lo = MIN (lo, info->values[b]), hi = MAX (hi, info->values[b]);
  if (lo > hi)
    {
      self->spark_series = -1;
      return;
    }
  self->spark_min = lo;
  self->spark_max = hi;
}

static void
layout_kpi_texts (PulseChartLayout *self,
                  double            figure_size)
{
  g_autoptr(PangoFontDescription) font = figure_font (self, figure_size);
  g_autofree char *figure = pulse_chart_format_value (self->kpi_value, self->unit, -1);
  g_autofree char *delta = pulse_chart_format_delta (self->kpi_value, self->kpi_previous);

  _pulse_chart_text_set (self, &self->kpi_figure, figure, font, TRUE);
  if (delta != NULL)
    {
      self->kpi_delta_sign = self->kpi_value > self->kpi_previous ? 1 :
                             self->kpi_value < self->kpi_previous ? -1 : 0;
      _pulse_chart_text_set (self, &self->kpi_delta, delta, self->bold_font, TRUE);
      _pulse_chart_text_set (self, &self->kpi_caption, _("vs previous period"), self->small_font, FALSE);
    }
}

static void
layout_kpi (PulseChartLayout        *self,
            const cairo_rectangle_t *area)
{
  double figure_size = CLAMP (area->height * 0.3, 22, 48);
  double block_width, block_height, arrow = 0, y;
  gboolean wide = area->width >= 420;

  if (self->empty)
    {
      layout_message (self, area->x, area->y, area->width, area->height);
      return;
    }

  layout_sparkline_range (self);
  if (isnan (self->kpi_value) && self->spark_series >= 0)
    {
      /* No figure of its own: the sparkline's last value stands in. */
      SeriesInfo *info = _pulse_chart_layout_series (self, self->spark_series);
      for (guint b = info->n_values; b > 0 && isnan (self->kpi_value); b--)
        self->kpi_value = info->values[b - 1];
    }

  for (guint attempt = 0; attempt < 6; attempt++)
    {
      layout_kpi_texts (self, figure_size);
      if (self->kpi_figure.width <= (wide ? area->width * 0.5 : area->width) || figure_size <= 14)
        break;
      figure_size *= 0.85;
    }

  if (self->kpi_delta.layout)
    arrow = self->kpi_delta.height * 0.6;
  block_width = MAX (self->kpi_figure.width,
                     arrow + 4 + self->kpi_delta.width + 8 + self->kpi_caption.width);
  block_height = self->kpi_figure.height + (self->kpi_delta.layout ? self->kpi_delta.height + 2 : 0);

  if (wide && self->spark_series >= 0)
    {
      double spark_x = area->x + MAX (block_width + 32, area->width * 0.45);
      double spark_height = MIN (area->height - 16, 96);

      y = area->y + (area->height - block_height) / 2;
      self->spark = (cairo_rectangle_t) { spark_x, area->y + (area->height - spark_height) / 2,
                                          area->x + area->width - spark_x - 4, spark_height };
    }
  else
    {
      double spark_top;

      y = area->y;
      spark_top = y + block_height + 12;
      if (self->spark_series >= 0 && area->y + area->height - spark_top >= 24)
        self->spark = (cairo_rectangle_t) { area->x + 4, spark_top,
                                            area->width - 8, area->y + area->height - spark_top - 4 };
      else
        self->spark_series = -1;
    }

  text_move (&self->kpi_figure, area->x, y);
  y += self->kpi_figure.height + 2;
  text_move (&self->kpi_delta, area->x + arrow + 4, y);
  text_move (&self->kpi_caption, self->kpi_delta.x + self->kpi_delta.width + 8,
             y + (self->kpi_delta.height - self->kpi_caption.height) / 2);
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
  double top = CHART_PAD;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (model), NULL);
  g_return_val_if_fail (style != NULL, NULL);

  self = g_new0 (PulseChartLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  pulse_chart_style_copy (&self->style, style);
  if (self->style.font == NULL)
    pulse_chart_style_set_font (&self->style, NULL);
  self->context = create_context ();
  self->small_font = derive_font (self->style.font, 0.82, PANGO_WEIGHT_NORMAL);
  self->bold_font = derive_font (self->style.font, 1.0, PANGO_WEIGHT_BOLD);
  self->width = MAX (width, 1);
  self->height = MAX (height, 1);
  self->series = array_new (sizeof (SeriesInfo), series_info_clear);
  self->y_ticks = array_new (sizeof (YTick), y_tick_clear);
  self->x_labels = array_new (sizeof (XLabel), x_label_clear);
  self->legend = array_new (sizeof (LegendEntry), legend_entry_clear);
  self->slices = array_new (sizeof (Slice), NULL);
  self->rows = array_new (sizeof (FunnelRow), funnel_row_clear);
  self->spark_series = -1;

  copy_model (self, model);

  if (self->style.show_title && self->model_title != NULL)
    {
      _pulse_chart_text_set (self, &self->title, self->model_title, self->bold_font, FALSE);
      text_limit_width (&self->title, self->width - 2 * CHART_PAD);
      text_move (&self->title, CHART_PAD, top);
      top += self->title.height + 8;
    }

  area = (cairo_rectangle_t) { CHART_PAD, top, MAX (1, self->width - 2 * CHART_PAD),
                               MAX (1, self->height - top - CHART_PAD) };

  switch (self->kind)
    {
    case PULSE_CHART_KIND_DONUT:
      layout_donut (self, &area);
      break;
    case PULSE_CHART_KIND_FUNNEL:
      layout_funnel (self, model, &area);
      break;
    case PULSE_CHART_KIND_KPI:
      layout_kpi (self, &area);
      break;
    case PULSE_CHART_KIND_LINE:
    case PULSE_CHART_KIND_AREA:
    case PULSE_CHART_KIND_STACKED_BAR:
    case PULSE_CHART_KIND_HISTOGRAM:
    default:
      layout_cartesian (self, &area);
      break;
    }

  return self;
}

/* Hit testing */

static gboolean
in_rect (const cairo_rectangle_t *rect,
         double                   x,
         double                   y)
{
  return x >= rect->x && x < rect->x + rect->width &&
         y >= rect->y && y < rect->y + rect->height;
}

static int
nearest_bucket (PulseChartLayout *self,
                double            x)
{
  double position;

  if (self->n_buckets == 0)
    return -1;
  if (self->banded)
    position = floor ((x - self->plot.x) / (self->plot.width / self->n_buckets));
  else if (self->n_buckets == 1)
    position = 0;
  else
    position = round ((x - self->plot.x) / (self->plot.width / (self->n_buckets - 1)));
  return CLAMP ((int)position, 0, (int)self->n_buckets - 1);
}

static gboolean
hit_slice (PulseChartLayout *self,
           double            x,
           double            y,
           PulseChartHit    *hit)
{
  double dx = x - self->cx, dy = y - self->cy;
  double distance = sqrt (dx * dx + dy * dy);
  double angle;

  if (distance < self->r_inner || distance > self->r_outer + 5)
    return FALSE;
  /* 0 at 12 o'clock, clockwise, as the slices are laid out */
  angle = atan2 (dx, -dy);
  if (angle < 0)
    angle += 2 * G_PI;

  for (guint i = 0; i < self->slices->len; i++)
    {
      Slice *slice = &g_array_index (self->slices, Slice, i);
      if (angle >= slice->start && angle < slice->start + slice->sweep)
        {
          hit->kind = PULSE_CHART_HIT_SLICE;
          hit->series = slice->series;
          hit->index = i;
          return TRUE;
        }
    }
  return FALSE;
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

  for (guint i = 0; i < self->legend->len; i++)
    {
      LegendEntry *entry = &g_array_index (self->legend, LegendEntry, i);
      if (in_rect (&entry->rect, x, y))
        {
          hit->kind = PULSE_CHART_HIT_LEGEND;
          hit->index = i;
          hit->series = entry->series;
          return TRUE;
        }
    }

  if (self->empty)
    return FALSE;

  if (self->cartesian)
    {
      /* The whole column of a bucket counts, labels included: hovering
       * a thin line or bar exactly is not expected. */
      cairo_rectangle_t column = { self->plot.x - 6, self->plot.y - 8,
                                   self->plot.width + 12, self->height - self->plot.y + 8 };
      if (in_rect (&column, x, y))
        {
          hit->kind = PULSE_CHART_HIT_BUCKET;
          hit->index = nearest_bucket (self, x);
        }
    }
  else if (self->kind == PULSE_CHART_KIND_DONUT)
    hit_slice (self, x, y, hit);
  else if (self->kind == PULSE_CHART_KIND_FUNNEL)
    {
      for (guint i = 0; i < self->rows->len; i++)
        if (in_rect (&g_array_index (self->rows, FunnelRow, i).row, x, y))
          {
            hit->kind = PULSE_CHART_HIT_STEP;
            hit->index = i;
          }
    }
  else if (self->kind == PULSE_CHART_KIND_KPI && self->spark_series >= 0)
    {
      cairo_rectangle_t spark = { self->spark.x - 6, self->spark.y - 6,
                                  self->spark.width + 12, self->spark.height + 12 };
      if (in_rect (&spark, x, y))
        {
          double step = self->spark.width / MAX (self->n_buckets - 1, 1);
          hit->kind = PULSE_CHART_HIT_BUCKET;
          hit->index = CLAMP ((int)round ((x - self->spark.x) / step), 0, (int)self->n_buckets - 1);
          hit->series = self->spark_series;
        }
    }

  return hit->kind != PULSE_CHART_HIT_NONE;
}

gboolean
pulse_chart_hit_equal (const PulseChartHit *a,
                       const PulseChartHit *b)
{
  return a->kind == b->kind && a->index == b->index && a->series == b->series;
}

/* Accessors, for the widget and the tests */

PulseChartKind
pulse_chart_layout_get_kind (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, PULSE_CHART_KIND_LINE);
  return self->kind;
}

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
 * funnels, the sparkline for KPI cards). */
void
pulse_chart_layout_get_plot_area (PulseChartLayout  *self,
                                  cairo_rectangle_t *area)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (area != NULL);

  *area = self->kind == PULSE_CHART_KIND_KPI ? self->spark : self->plot;
}

gboolean
pulse_chart_layout_get_value_range (PulseChartLayout *self,
                                    double           *min,
                                    double           *max)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (min)
    *min = self->y_min;
  if (max)
    *max = self->y_max;
  return self->cartesian && !self->empty;
}

guint
pulse_chart_layout_get_n_buckets (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_buckets;
}

double
pulse_chart_layout_get_bucket_x (PulseChartLayout *self,
                                 guint             bucket)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->kind == PULSE_CHART_KIND_KPI)
    return _pulse_chart_spark_x (self, bucket);
  return _pulse_chart_layout_x (self, bucket);
}

double
pulse_chart_layout_get_value_y (PulseChartLayout *self,
                                double            value)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->kind == PULSE_CHART_KIND_KPI)
    return _pulse_chart_spark_y (self, value);
  return _pulse_chart_layout_y (self, value);
}

guint
pulse_chart_layout_get_n_y_ticks (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->y_ticks->len;
}

double
pulse_chart_layout_get_y_tick (PulseChartLayout  *self,
                               guint              index,
                               const char       **label)
{
  YTick *tick;

  g_return_val_if_fail (self != NULL, NAN);
  g_return_val_if_fail (index < self->y_ticks->len, NAN);

  tick = &g_array_index (self->y_ticks, YTick, index);
  if (label)
    *label = pango_layout_get_text (tick->text.layout);
  return tick->value;
}

guint
pulse_chart_layout_get_n_x_labels (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->x_labels->len;
}

/**
 * pulse_chart_layout_get_x_label:
 * @bucket: (out) (optional): the bucket the label belongs to
 * @rect: (out) (optional): where the label is drawn
 *
 * Returns: the label's text
 */
const char *
pulse_chart_layout_get_x_label (PulseChartLayout  *self,
                                guint              index,
                                guint             *bucket,
                                cairo_rectangle_t *rect)
{
  XLabel *label;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->x_labels->len, NULL);

  label = &g_array_index (self->x_labels, XLabel, index);
  if (bucket)
    *bucket = label->bucket;
  if (rect)
    *rect = (cairo_rectangle_t) { label->text.x, label->text.y, label->text.width, label->text.height };
  return pango_layout_get_text (label->text.layout);
}

guint
pulse_chart_layout_get_n_legend_entries (PulseChartLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->legend->len;
}

/* Returns: the entry's series index */
int
pulse_chart_layout_get_legend_entry (PulseChartLayout  *self,
                                     guint              index,
                                     cairo_rectangle_t *rect)
{
  LegendEntry *entry;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (index < self->legend->len, -1);

  entry = &g_array_index (self->legend, LegendEntry, index);
  if (rect)
    *rect = entry->rect;
  return entry->series;
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

  if (self->kind == PULSE_CHART_KIND_FUNNEL && index < self->rows->len)
    {
      *rect = g_array_index (self->rows, FunnelRow, index).bar;
      return TRUE;
    }
  if (self->cartesian && self->banded && index < self->n_buckets && !self->empty)
    {
      double cx = _pulse_chart_layout_x (self, index);
      *rect = (cairo_rectangle_t) { cx - self->bar_width / 2, self->plot.y,
                                    self->bar_width, self->plot.height };
      return TRUE;
    }
  return FALSE;
}

gboolean
pulse_chart_layout_get_donut (PulseChartLayout *self,
                              double           *center_x,
                              double           *center_y,
                              double           *outer_radius,
                              double           *inner_radius)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (center_x)
    *center_x = self->cx;
  if (center_y)
    *center_y = self->cy;
  if (outer_radius)
    *outer_radius = self->r_outer;
  if (inner_radius)
    *inner_radius = self->r_inner;
  return self->kind == PULSE_CHART_KIND_DONUT;
}

/**
 * pulse_chart_layout_get_slice_angle:
 * @start: (out) (optional): where the slice starts, radians clockwise
 *   from 12 o'clock
 *
 * Returns: the sweep of the donut slice of @series, 0 when not drawn
 */
double
pulse_chart_layout_get_slice_angle (PulseChartLayout *self,
                                    guint             series,
                                    double           *start)
{
  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->slices->len; i++)
    {
      Slice *slice = &g_array_index (self->slices, Slice, i);
      if (slice->series == (int)series)
        {
          if (start)
            *start = slice->start;
          return slice->sweep;
        }
    }
  return 0;
}
