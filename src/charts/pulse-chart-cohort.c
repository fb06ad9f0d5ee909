/* pulse-chart-cohort.c: a retention table, one row per sign-up cohort
 *
 * Rows are the cohorts (their first day and size), columns the periods
 * after sign-up (0 .. N), each cell the share of its cohort active then,
 * on a heat scale of the first series colour with text in black or
 * white, whichever reads better on it. A cell still running at the
 * range's end is hatched, one not known yet left empty. The two series,
 * "active in the period" and "active then or later", are alternatives:
 * the legend switches between them. Columns that no cohort has reached
 * are left out; those the width cannot hold are named under the table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-format-private.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-legend-private.h"
#include "pulse-chart-tooltip-private.h"

#define ROW_HEIGHT    24.0   /* with the cell's text */
#define ROW_GAP       2.0
#define MIN_ROW       6.0
#define MIN_CELL      14.0   /* a colour without text */
#define MAX_CELL      80.0
#define CELL_PAD      4.0
#define LABEL_GAP     12.0
#define SCALE_WIDTH   96.0
#define HATCH_STEP    5.0

/* What a cell says: its share with the percent sign, without (the
 * caption says "%"), or nothing but its colour. */
typedef enum
{
  CELL_TEXT_NONE,
  CELL_TEXT_BARE,
  CELL_TEXT_FULL,
} CellText;

typedef struct
{
  char   *start;
  double  size;
  double  partial_from;
  double *values;         /* the shown series' counts, n_periods */
  PulseChartText date;
  PulseChartText count;
} Row;

typedef struct
{
  GArray           *rows;          /* Row */
  guint             n_periods;     /* the model's: a cell's index is row × n_periods + period */
  guint             n_known;       /* columns any cohort has reached */
  guint             n_shown;       /* columns drawn */
  PulseGranularity  period;
  gboolean          or_after;
  char             *segment;
  double            cells_x;
  double            cells_y;
  double            cell_w;
  double            row_h;
  guint             label_every;   /* a row label every so many rows when rows are thin */
  CellText          cell_text;
  PulseChartText    caption;
  PulseChartText    cohort_head;
  PulseChartText    size_head;
  GArray           *heads;         /* PulseChartText, n_shown */
  GArray           *cell_texts;    /* PulseChartText, rows × n_shown when cell_text */
  PulseChartText    scale_low;
  PulseChartText    scale_high;
  cairo_rectangle_t scale;
  PulseChartText    partial_note;
  cairo_rectangle_t partial_swatch;
  PulseChartText    cut_note;
} Table;

/* Shares and periods */

static double
share_of (double value,
          double size)
{
  return size > 0 && !isnan (value) ? CLAMP (value / size, 0, 1) : NAN;
}

/* "40 %", or "40": whole percents, for cells */
static char *
format_cell (double   share,
             CellText mode)
{
  g_autofree char *number = pulse_chart_format_number (share * 100.0, 0);

  return mode == CELL_TEXT_FULL ? g_strdup_printf ("%s %%", number) : g_steal_pointer (&number);
}

/* "week 3" */
static char *
period_name (PulseGranularity period,
             guint            n)
{
  switch (period)
    {
    case PULSE_GRANULARITY_WEEK:
      /* Translators: the N-th week after a cohort's sign-up week, "week 3" */
      return g_strdup_printf (_("week %u"), n);
    case PULSE_GRANULARITY_MONTH:
      /* Translators: the N-th month after a cohort's sign-up month, "month 3" */
      return g_strdup_printf (_("month %u"), n);
    case PULSE_GRANULARITY_DAY:
    default:
      /* Translators: the N-th day after a cohort's sign-up day, "day 3" */
      return g_strdup_printf (_("day %u"), n);
    }
}

/* Cells without the percent sign have it in the caption. */
static const char *
caption_text (PulseGranularity period,
              CellText         mode)
{
  gboolean bare = mode == CELL_TEXT_BARE;

  switch (period)
    {
    case PULSE_GRANULARITY_WEEK:
      return bare ? _("Weeks after sign-up, % active") : _("Weeks after sign-up");
    case PULSE_GRANULARITY_MONTH:
      return bare ? _("Months after sign-up, % active") : _("Months after sign-up");
    case PULSE_GRANULARITY_DAY:
    default:
      return bare ? _("Days after sign-up, % active") : _("Days after sign-up");
    }
}

static char *
cut_text (PulseGranularity period,
          guint            first,
          guint            last)
{
  switch (period)
    {
    case PULSE_GRANULARITY_WEEK:
      return g_strdup_printf (_("Weeks %u–%u do not fit at this width"), first, last);
    case PULSE_GRANULARITY_MONTH:
      return g_strdup_printf (_("Months %u–%u do not fit at this width"), first, last);
    case PULSE_GRANULARITY_DAY:
    default:
      return g_strdup_printf (_("Days %u–%u do not fit at this width"), first, last);
    }
}

/* A cohort's label: its first day, or its month for monthly cohorts. */
static char *
cohort_label (PulseGranularity  period,
              const char       *start)
{
  g_autoptr(GDateTime) date_time = NULL;
  int y, m, d;

  if (period != PULSE_GRANULARITY_MONTH || !pulse_chart_parse_date (start, &y, &m, &d))
    {
      char *label = pulse_chart_format_date_short (start);
      return label ? label : g_strdup (start);
    }
  date_time = g_date_time_new_utc (y, m, d, 0, 0, 0);
  /* Translators: a monthly cohort's label, "Mar 2026"; see g_date_time_format() */
  return g_date_time_format (date_time, _("%b %Y"));
}

/* "48 of 120 builders active in week 3" */
static char *
cell_sentence (const char *segment,
               gboolean    or_after,
               double      value,
               double      size,
               const char *period)
{
  g_autofree char *count = pulse_chart_format_value (value, NULL, -1);
  g_autofree char *total = pulse_chart_format_value (size, NULL, -1);
  gulong n = size > 0 ? (gulong)size : 0;
  const char *format;

  if (g_strcmp0 (segment, "BUILDER") == 0)
    format = or_after ? ngettext ("%s of %s builder active in %s or later",
                                  "%s of %s builders active in %s or later", n)
                      : ngettext ("%s of %s builder active in %s",
                                  "%s of %s builders active in %s", n);
  else if (g_strcmp0 (segment, "FINDER") == 0)
    format = or_after ? ngettext ("%s of %s finder active in %s or later",
                                  "%s of %s finders active in %s or later", n)
                      : ngettext ("%s of %s finder active in %s",
                                  "%s of %s finders active in %s", n);
  else
    format = or_after ? ngettext ("%s of %s person active in %s or later",
                                  "%s of %s people active in %s or later", n)
                      : ngettext ("%s of %s person active in %s",
                                  "%s of %s people active in %s", n);
  return g_strdup_printf (format, count, total, period);
}

/* Columns up to the last one any cohort has a known cell in. */
static guint
known_periods (PulseChartModel *model)
{
  guint known = 0;

  for (guint c = 0; c < pulse_chart_model_get_n_cohorts (model); c++)
    for (guint p = known; p < pulse_chart_model_get_n_periods (model); p++)
      if (!isnan (pulse_chart_model_get_cohort_value (model, c, FALSE, p)))
        known = p + 1;
  return known;
}

/* Model */

static gboolean
is_empty (PulseChartModel *model)
{
  if (pulse_chart_model_get_cohort_series (model) < 0)
    return TRUE;
  for (guint c = 0; c < pulse_chart_model_get_n_cohorts (model); c++)
    if (pulse_chart_model_get_cohort_size (model, c) > 0)
      return FALSE;
  return TRUE;
}

/* "Retention, 5 weekly cohorts of 1,204 people; week 1: 38.2 %" */
static char *
dup_summary (PulseChartModel *model,
             const char      *title)
{
  gboolean or_after = pulse_chart_model_get_cohort_or_after (model);
  guint n = pulse_chart_model_get_n_cohorts (model);
  double people = 0, reached = 0, active = 0;
  g_autofree char *total = NULL;
  g_autofree char *first = NULL;
  g_autofree char *share = NULL;

  for (guint c = 0; c < n; c++)
    {
      double size = pulse_chart_model_get_cohort_size (model, c);
      double value = pulse_chart_model_get_cohort_value (model, c, or_after, 1);

      people += size;
      if (!isnan (value) && size > 0)
        reached += size, active += value;
    }
  total = pulse_chart_format_value (people, NULL, -1);
  first = period_name (pulse_chart_model_get_period (model), 1);
  share = pulse_chart_format_percent (share_of (active, reached));
  /* Translators: a cohort table for screen readers: "Retention, 5 cohorts of 1,204 people; week 1: 38.2 %" */
  return g_strdup_printf (_("%s, %u cohorts of %s people; %s: %s"), title, n, total, first, share);
}

static void
add_result (PulseChartModel   *model,
            PulseMetricResult *result,
            PulseMetricResult *previous,
            const char        *segment,
            double             scale)
{
  guint n_periods = pulse_metric_result_get_n_periods (result);
  guint later;

  pulse_chart_model_set_period (model, pulse_query_range_get_granularity (pulse_metric_result_get_range (result)));
  pulse_chart_model_add_series (model, "on", _("Active in the period"), NULL, 0, 0);
  later = pulse_chart_model_add_series (model, "on_or_after", _("Active then or later"), NULL, 0, 0);
  pulse_chart_model_set_series_visible (model, later, FALSE);

  for (guint c = 0; c < pulse_metric_result_get_n_cohorts (result); c++)
    pulse_chart_model_add_cohort (model,
                                  pulse_metric_result_get_cohort_start (result, c),
                                  pulse_metric_result_get_cohort_size (result, c),
                                  pulse_metric_result_get_cohort_partial_from (result, c),
                                  pulse_metric_result_get_cohort_on (result, c),
                                  pulse_metric_result_get_cohort_on_or_after (result, c),
                                  n_periods);
}

/* Room for a label column and every known period at a readable width. */
static int
natural_width (PulseChartModel *model)
{
  return 140 + (int)(MAX (known_periods (model), 4) * 50);
}

static int
natural_height (PulseChartModel *model)
{
  return 110 + (int)(pulse_chart_model_get_n_cohorts (model) * (ROW_HEIGHT + ROW_GAP));
}

static guint
n_items (PulseChartModel *model)
{
  return pulse_chart_model_get_n_cohorts (model) * pulse_chart_model_get_n_periods (model);
}

/* Layout */

static Table *
get_table (PulseChartLayout *self)
{
  return self->state;
}

static Row *
get_row (Table *table,
         guint  index)
{
  return &g_array_index (table->rows, Row, index);
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->start);
  g_free (row->values);
  _pulse_chart_text_clear (&row->date);
  _pulse_chart_text_clear (&row->count);
}

static void
text_clear (gpointer data)
{
  _pulse_chart_text_clear (data);
}

static void
table_free (gpointer data)
{
  Table *table = data;

  g_array_unref (table->rows);
  g_array_unref (table->heads);
  g_array_unref (table->cell_texts);
  g_free (table->segment);
  _pulse_chart_text_clear (&table->caption);
  _pulse_chart_text_clear (&table->cohort_head);
  _pulse_chart_text_clear (&table->size_head);
  _pulse_chart_text_clear (&table->scale_low);
  _pulse_chart_text_clear (&table->scale_high);
  _pulse_chart_text_clear (&table->partial_note);
  _pulse_chart_text_clear (&table->cut_note);
  g_free (table);
}

static Table *
table_new (PulseChartModel *model)
{
  Table *table = g_new0 (Table, 1);

  table->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (table->rows, row_clear);
  table->heads = g_array_new (FALSE, TRUE, sizeof (PulseChartText));
  g_array_set_clear_func (table->heads, text_clear);
  table->cell_texts = g_array_new (FALSE, TRUE, sizeof (PulseChartText));
  g_array_set_clear_func (table->cell_texts, text_clear);
  table->n_periods = pulse_chart_model_get_n_periods (model);
  table->n_known = known_periods (model);
  table->period = pulse_chart_model_get_period (model);
  table->or_after = pulse_chart_model_get_cohort_or_after (model);
  table->segment = g_strdup (_pulse_chart_model_get_segment (model));
  return table;
}

/* The two series, for the legend that switches between them. */
static void
copy_series (PulseChartLayout *self,
             PulseChartModel  *model)
{
  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    {
      PulseChartSeries series = { 0 };

      series.title = g_strdup (pulse_chart_model_get_series_title (model, i));
      series.color_index = pulse_chart_model_get_series_color (model, i);
      series.visible = pulse_chart_model_get_series_visible (model, i);
      series.axis = 0;
      _pulse_chart_layout_add_series (self, &series);
    }
}

/* The rows' labels; returns the widths of the date and size columns. */
static void
layout_rows (PulseChartLayout *self,
             PulseChartModel  *model,
             double           *date_width,
             double           *size_width)
{
  Table *table = get_table (self);

  _pulse_chart_text_set (self->text, &table->cohort_head, _("Cohort"), PULSE_CHART_FONT_SMALL_BOLD, FALSE);
  _pulse_chart_text_set (self->text, &table->size_head, _("People"), PULSE_CHART_FONT_SMALL_BOLD, FALSE);
  *date_width = table->cohort_head.width;
  *size_width = table->size_head.width;

  for (guint c = 0; c < pulse_chart_model_get_n_cohorts (model); c++)
    {
      Row row = { 0 };
      g_autofree char *date = NULL;
      g_autofree char *count = NULL;

      row.start = g_strdup (pulse_chart_model_get_cohort_start (model, c));
      row.size = pulse_chart_model_get_cohort_size (model, c);
      row.partial_from = pulse_chart_model_get_cohort_partial_from (model, c);
      row.values = g_new (double, MAX (table->n_periods, 1));
      for (guint p = 0; p < table->n_periods; p++)
        row.values[p] = pulse_chart_model_get_cohort_value (model, c, table->or_after, p);
      date = cohort_label (table->period, row.start);
      count = pulse_chart_format_value (row.size, NULL, -1);
      _pulse_chart_text_set (self->text, &row.date, date, PULSE_CHART_FONT_SMALL, FALSE);
      _pulse_chart_text_set (self->text, &row.count, count, PULSE_CHART_FONT_SMALL, TRUE);
      *date_width = MAX (*date_width, row.date.width);
      *size_width = MAX (*size_width, row.count.width);
      g_array_append_val (table->rows, row);
    }
}

/* How many columns fit and how wide; whether shares fit in the cells. */
static void
layout_columns (PulseChartLayout        *self,
                const cairo_rectangle_t *area,
                double                   labels_width)
{
  Table *table = get_table (self);
  double room = area->width - labels_width;
  guint fit = (guint)MAX (0, floor (room / MIN_CELL));
  PulseChartText widest = { 0 };

  table->n_shown = MIN (table->n_known, fit);
  table->cells_x = area->x + labels_width;
  table->cell_w = table->n_shown > 0 ? MIN (MAX_CELL, room / table->n_shown) : 0;
  table->cell_text = CELL_TEXT_NONE;
  for (CellText mode = CELL_TEXT_BARE; mode <= CELL_TEXT_FULL; mode++)
    {
      g_autofree char *hundred = format_cell (1.0, mode);

      _pulse_chart_text_set (self->text, &widest, hundred, PULSE_CHART_FONT_SMALL, TRUE);
      if (widest.width + CELL_PAD <= table->cell_w - ROW_GAP)
        table->cell_text = mode;
    }
  _pulse_chart_text_clear (&widest);

  for (guint p = 0; p < table->n_shown; p++)
    {
      PulseChartText head = { 0 };
      g_autofree char *number = g_strdup_printf ("%u", p);

      _pulse_chart_text_set (self->text, &head, number, PULSE_CHART_FONT_SMALL, TRUE);
      g_array_append_val (table->heads, head);
    }
  /* Thin columns label every few periods, so numbers never collide. */
  if (table->n_shown > 0)
    {
      double widest_head = g_array_index (table->heads, PulseChartText, table->n_shown - 1).width;
      guint every = (guint)MAX (1, ceil ((widest_head + 4) / MAX (table->cell_w, 1)));

      for (guint p = 0; p < table->n_shown; p++)
        if (p % every != 0)
          _pulse_chart_text_clear (&g_array_index (table->heads, PulseChartText, p));
    }
}

/* The heat scale, the hatched cells' key and what did not fit, from
 * @y down. Returns: where they end */
static double
layout_footer (PulseChartLayout        *self,
               const cairo_rectangle_t *area,
               double                   y)
{
  Table *table = get_table (self);
  double line, x = area->x;

  _pulse_chart_text_set (self->text, &table->scale_low, "0 %", PULSE_CHART_FONT_SMALL, TRUE);
  _pulse_chart_text_set (self->text, &table->scale_high, "100 %", PULSE_CHART_FONT_SMALL, TRUE);
  _pulse_chart_text_set (self->text, &table->partial_note, _("Still running: counted up to the range’s end"),
                         PULSE_CHART_FONT_SMALL, FALSE);
  line = table->scale_low.height;

  _pulse_chart_text_move (&table->scale_low, x, y);
  x += table->scale_low.width + 6;
  table->scale = (cairo_rectangle_t) { x, y + line / 2 - 5, MIN (SCALE_WIDTH, area->width / 4), 10 };
  x += table->scale.width + 6;
  _pulse_chart_text_move (&table->scale_high, x, y);
  x += table->scale_high.width + 18;

  /* The key wraps under the scale when the width is short. */
  if (x + 16 + table->partial_note.width > area->x + area->width)
    {
      x = area->x;
      y += line + 6;
    }
  table->partial_swatch = (cairo_rectangle_t) { x, y + line / 2 - 6, 12, 12 };
  _pulse_chart_text_limit_width (&table->partial_note, area->x + area->width - x - 18);
  _pulse_chart_text_move (&table->partial_note, x + 18, y);
  y += line + 6;

  if (table->n_shown < table->n_known)
    {
      g_autofree char *cut = cut_text (table->period, table->n_shown, table->n_known - 1);

      _pulse_chart_text_set (self->text, &table->cut_note, cut, PULSE_CHART_FONT_SMALL, FALSE);
      _pulse_chart_text_limit_width (&table->cut_note, area->width);
      _pulse_chart_text_move (&table->cut_note, area->x, y);
      y += line + 6;
    }
  return y;
}

static void
layout_cell_texts (PulseChartLayout *self)
{
  Table *table = get_table (self);

  for (guint c = 0; c < table->rows->len; c++)
    for (guint p = 0; p < table->n_shown; p++)
      {
        Row *row = get_row (table, c);
        double share = share_of (row->values[p], row->size);
        PulseChartText text = { 0 };

        if (!isnan (share))
          {
            g_autofree char *label = format_cell (share, table->cell_text);
            double x = table->cells_x + p * table->cell_w;
            double y = table->cells_y + c * table->row_h;

            _pulse_chart_text_set (self->text, &text, label, PULSE_CHART_FONT_SMALL, TRUE);
            _pulse_chart_text_move (&text, x + (table->cell_w - ROW_GAP - text.width) / 2,
                                    y + (table->row_h - ROW_GAP - text.height) / 2);
          }
        g_array_append_val (table->cell_texts, text);
      }
}

/* Above the columns, as wide as they may be. */
static void
set_caption (PulseChartLayout        *self,
             const cairo_rectangle_t *area)
{
  Table *table = get_table (self);

  _pulse_chart_text_set (self->text, &table->caption, caption_text (table->period, table->cell_text),
                         PULSE_CHART_FONT_SMALL, FALSE);
  _pulse_chart_text_limit_width (&table->caption, MAX (1, area->x + area->width - table->cells_x));
}

/* The caption over the columns, then the heads: "Cohort", "People"
 * (right-aligned at @size_right) and the periods. Returns: where the
 * rows start */
static double
place_heads (PulseChartLayout        *self,
             const cairo_rectangle_t *area,
             double                   y,
             double                   size_right)
{
  Table *table = get_table (self);

  set_caption (self, area);
  _pulse_chart_text_move (&table->caption, table->cells_x, y);
  y += table->caption.height + 2;
  _pulse_chart_text_move (&table->cohort_head, area->x, y);
  _pulse_chart_text_move (&table->size_head, size_right - table->size_head.width, y);
  for (guint p = 0; p < table->n_shown; p++)
    {
      PulseChartText *head = &g_array_index (table->heads, PulseChartText, p);
      _pulse_chart_text_move (head, table->cells_x + p * table->cell_w + (table->cell_w - ROW_GAP - head->width) / 2, y);
    }
  return y + table->cohort_head.height + 4;
}

/* Each row's date at @x and size right-aligned at @size_right. */
static void
place_rows (PulseChartLayout *self,
            double            x,
            double            size_right)
{
  Table *table = get_table (self);
  double line = table->cohort_head.height;

  for (guint c = 0; c < table->rows->len; c++)
    {
      Row *row = get_row (table, c);
      double row_y = table->cells_y + c * table->row_h + (table->row_h - ROW_GAP - line) / 2;

      _pulse_chart_text_move (&row->date, x, row_y);
      _pulse_chart_text_move (&row->count, size_right - row->count.width, row_y);
    }
}

static void
layout (PulseChartLayout        *self,
        PulseChartModel         *model,
        const cairo_rectangle_t *area)
{
  Table *table = table_new (model);
  double date_width, size_width, labels_width, y, footer, line;
  guint n;

  self->state = table;
  copy_series (self, model);
  y = area->y + _pulse_chart_legend_layout (self, area->x, area->y, area->width);
  if (self->series->len > 0)
    y += 8;
  if (self->empty)
    {
      _pulse_chart_layout_set_message (self, area->x, y, area->width, area->y + area->height - y);
      return;
    }

  layout_rows (self, model, &date_width, &size_width);
  labels_width = date_width + LABEL_GAP + size_width + LABEL_GAP;
  layout_columns (self, area, labels_width);
  n = table->rows->len;

  y = place_heads (self, area, y, area->x + date_width + LABEL_GAP + size_width);
  line = table->cohort_head.height;

  /* Rows share what the footer leaves, up to their natural height. */
  footer = layout_footer (self, area, 0);
  table->cells_y = y;
  table->row_h = n > 0 ? CLAMP ((area->y + area->height - y - footer - 8) / n, MIN_ROW, ROW_HEIGHT + ROW_GAP)
                       : ROW_HEIGHT;
  if (table->row_h - ROW_GAP < line && table->cell_text != CELL_TEXT_NONE)
    {
      /* Rows too thin for text: colours only, and the caption says so. */
      table->cell_text = CELL_TEXT_NONE;
      set_caption (self, area);
    }
  table->label_every = (guint)ceil (line / table->row_h);
  place_rows (self, area->x, area->x + date_width + LABEL_GAP + size_width);
  if (table->cell_text != CELL_TEXT_NONE)
    layout_cell_texts (self);

  self->plot = (cairo_rectangle_t) { table->cells_x, table->cells_y,
                                     table->n_shown * table->cell_w, n * table->row_h };
  layout_footer (self, area, y + n * table->row_h + 8);
}

/* Drawing */

/* The heat colour of a share: from the card's surface to the first
 * series colour. */
static PulseChartColor
heat_color (PulseChartDraw *d,
            double          share)
{
  const PulseChartColor *base = _pulse_chart_draw_series_color (d, 0);
  const PulseChartColor *surface = &d->palette->surface;
  double t = 0.1 + 0.9 * CLAMP (share, 0, 1);

  return (PulseChartColor) {
    surface->red + (base->red - surface->red) * t,
    surface->green + (base->green - surface->green) * t,
    surface->blue + (base->blue - surface->blue) * t,
    1
  };
}

/* Black or white, whichever stands out more on @background (WCAG). */
static PulseChartColor
text_on (const PulseChartColor *background)
{
  const float *c = &background->red;
  double linear[3];
  double luminance;

  for (guint i = 0; i < 3; i++)
    linear[i] = c[i] <= 0.03928 ? c[i] / 12.92 : pow ((c[i] + 0.055) / 1.055, 2.4);
  luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  /* Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05). */
  if ((luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05))
    return (PulseChartColor) { 0, 0, 0, 0.87 };
  return (PulseChartColor) { 1, 1, 1, 1 };
}

static void
hatch (PulseChartDraw          *d,
       const cairo_rectangle_t *rect,
       const PulseChartColor   *color)
{
  cairo_t *cr = d->cr;

  cairo_save (cr);
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_clip (cr);
  for (double x = rect->x - rect->height; x < rect->x + rect->width; x += HATCH_STEP)
    {
      cairo_move_to (cr, x, rect->y + rect->height);
      cairo_line_to (cr, x + rect->height, rect->y);
    }
  cairo_set_line_width (cr, 1);
  pulse_chart_color_apply (cr, color, 0.45);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static cairo_rectangle_t
cell_rect (Table *table,
           guint  row,
           guint  period)
{
  return (cairo_rectangle_t) { table->cells_x + period * table->cell_w, table->cells_y + row * table->row_h,
                               table->cell_w - ROW_GAP, table->row_h - ROW_GAP };
}

static void
draw_cell (PulseChartDraw *d,
           Table          *table,
           guint           c,
           guint           p)
{
  Row *row = get_row (table, c);
  cairo_rectangle_t rect = cell_rect (table, c, p);
  double share = share_of (row->values[p], row->size);
  PulseChartColor fill, ink;

  /* Not known yet: nothing. */
  if (isnan (row->values[p]))
    return;
  fill = isnan (share) ? d->palette->grid : heat_color (d, share);
  ink = text_on (&fill);
  _pulse_chart_draw_rounded_rect (d, rect.x, rect.y, rect.width, rect.height, MIN (3, rect.height / 3));
  pulse_chart_color_apply (d->cr, &fill, 1);
  cairo_fill (d->cr);
  if (!isnan (row->partial_from) && (guint)row->partial_from == p)
    hatch (d, &rect, &ink);
  if (table->cell_text != CELL_TEXT_NONE)
    _pulse_chart_draw_text (d, &g_array_index (table->cell_texts, PulseChartText, c * table->n_shown + p), &ink);
}

static void
draw_footer (PulseChartDraw *d,
             Table          *table)
{
  cairo_pattern_t *gradient;
  PulseChartColor low = heat_color (d, 0), high = heat_color (d, 1);
  PulseChartColor swatch = heat_color (d, 0.5);

  gradient = cairo_pattern_create_linear (table->scale.x, 0, table->scale.x + table->scale.width, 0);
  cairo_pattern_add_color_stop_rgb (gradient, 0, low.red, low.green, low.blue);
  cairo_pattern_add_color_stop_rgb (gradient, 1, high.red, high.green, high.blue);
  _pulse_chart_draw_rounded_rect (d, table->scale.x, table->scale.y, table->scale.width, table->scale.height, 3);
  cairo_set_source (d->cr, gradient);
  cairo_fill (d->cr);
  cairo_pattern_destroy (gradient);
  _pulse_chart_draw_text (d, &table->scale_low, &d->palette->dim_foreground);
  _pulse_chart_draw_text (d, &table->scale_high, &d->palette->dim_foreground);

  _pulse_chart_draw_rounded_rect (d, table->partial_swatch.x, table->partial_swatch.y,
                                  table->partial_swatch.width, table->partial_swatch.height, 2);
  pulse_chart_color_apply (d->cr, &swatch, 1);
  cairo_fill (d->cr);
  {
    PulseChartColor ink = text_on (&swatch);
    hatch (d, &table->partial_swatch, &ink);
  }
  _pulse_chart_draw_text (d, &table->partial_note, &d->palette->dim_foreground);
  _pulse_chart_draw_text (d, &table->cut_note, &d->palette->dim_foreground);
}

static void
draw (PulseChartLayout *self,
      PulseChartDraw   *d)
{
  Table *table = get_table (self);

  _pulse_chart_draw_text (d, &table->caption, &d->palette->dim_foreground);
  _pulse_chart_draw_text (d, &table->cohort_head, &d->palette->dim_foreground);
  _pulse_chart_draw_text (d, &table->size_head, &d->palette->dim_foreground);
  for (guint p = 0; p < table->n_shown; p++)
    _pulse_chart_draw_text (d, &g_array_index (table->heads, PulseChartText, p), &d->palette->dim_foreground);

  for (guint c = 0; c < table->rows->len; c++)
    {
      Row *row = get_row (table, c);

      if (c % MAX (table->label_every, 1) == 0)
        {
          _pulse_chart_draw_text (d, &row->date, &d->palette->foreground);
          _pulse_chart_draw_text (d, &row->count, &d->palette->dim_foreground);
        }
      for (guint p = 0; p < table->n_shown; p++)
        draw_cell (d, table, c, p);
    }
  draw_footer (d, table);
}

/* Hit testing and hover */

static gboolean
hit_test (PulseChartLayout *self,
          double            x,
          double            y,
          PulseChartHit    *hit)
{
  Table *table = get_table (self);
  guint c, p;

  if (!_pulse_chart_rect_contains (&self->plot, x, y) || table->cell_w <= 0)
    return FALSE;
  c = (guint)((y - table->cells_y) / table->row_h);
  p = (guint)((x - table->cells_x) / table->cell_w);
  if (c >= table->rows->len || p >= table->n_shown || isnan (get_row (table, c)->values[p]))
    return FALSE;
  hit->kind = PULSE_CHART_HIT_CELL;
  hit->index = c * table->n_periods + p;
  return TRUE;
}

static void
draw_hover (PulseChartLayout    *self,
            PulseChartDraw      *d,
            const PulseChartHit *hit)
{
  Table *table = get_table (self);
  g_autoptr(PulseChartTooltip) tip = NULL;
  g_autofree char *date = NULL;
  g_autofree char *header = NULL;
  g_autofree char *period = NULL;
  cairo_rectangle_t rect;
  guint c, p;
  Row *row;

  if (hit->kind != PULSE_CHART_HIT_CELL || hit->index < 0 || table->n_periods == 0)
    return;
  c = hit->index / table->n_periods;
  p = hit->index % table->n_periods;
  if (c >= table->rows->len || p >= table->n_shown)
    return;
  row = get_row (table, c);
  rect = cell_rect (table, c, p);

  _pulse_chart_draw_rounded_rect (d, rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2, 4);
  pulse_chart_color_apply (d->cr, &d->palette->foreground, 1);
  cairo_set_line_width (d->cr, 2);
  cairo_stroke (d->cr);

  date = pulse_chart_format_date_long (row->start);
  /* Translators: a cohort's tooltip header, "Cohort of Mon, Mar 2, 2026" */
  header = g_strdup_printf (_("Cohort of %s"), date ? date : row->start);
  period = period_name (table->period, p);
  tip = _pulse_chart_tooltip_new (header);
  if (isnan (row->values[p]))
    _pulse_chart_tooltip_add (tip, NULL, FALSE, period, g_strdup (_("Not known yet")));
  else
    _pulse_chart_tooltip_add_total (tip, cell_sentence (table->segment, table->or_after,
                                                        row->values[p], row->size, period),
                                    pulse_chart_format_percent (share_of (row->values[p], row->size)));
  if (!isnan (row->partial_from) && (guint)row->partial_from == p)
    _pulse_chart_tooltip_add (tip, NULL, FALSE, _("Still running: counted up to the range’s end"), g_strdup (""));
  _pulse_chart_tooltip_draw (tip, self, d, rect.x + rect.width, rect.y + rect.height + 4);
}

static gboolean
get_item_rect (PulseChartLayout  *self,
               guint              index,
               cairo_rectangle_t *rect)
{
  Table *table = get_table (self);
  guint c, p;

  if (self->empty || table->n_periods == 0)
    return FALSE;
  c = index / table->n_periods;
  p = index % table->n_periods;
  if (c >= table->rows->len || p >= table->n_shown)
    return FALSE;
  *rect = cell_rect (table, c, p);
  return TRUE;
}

const PulseChartKindOps pulse_chart_cohort_ops = {
  .is_empty = is_empty,
  .dup_summary = dup_summary,
  .add_result = add_result,
  .natural_width = natural_width,
  .natural_height = natural_height,
  .item_kind = PULSE_CHART_HIT_CELL,
  .n_items = n_items,
  .exclusive_series = TRUE,
  .layout = layout,
  .free_state = table_free,
  .draw = draw,
  .hit_test = hit_test,
  .draw_hover = draw_hover,
  .get_item_rect = get_item_rect,
};
