/* pulse-chart-annotations.c: annotations on time charts
 *
 * A time chart (line, area, stacked bars over date buckets) shows each
 * annotation that overlaps its buckets: a dashed vertical line at a single
 * day, a shaded band over a range, and a small flag with the text (cut to
 * the room up to the next flag) along the top of the plot. Hovering a
 * bucket lists the annotations on it in the tooltip. Days map into
 * buckets by their share of the bucket, so a day inside a weekly or
 * monthly bucket sits where it falls in it.
 *
 * The model keeps the annotations it is given (PulseAnnotation);
 * pulse_chart_model_dup_shown_annotations() says which ones a chart shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-chart-annotations-private.h"
#include "pulse-chart-axis-private.h"
#include "pulse-chart-format.h"

#define FLAG_PAD        4.0
#define FLAG_GAP        6.0
#define FLAG_MAX_WIDTH  160.0
#define FLAG_MIN_WIDTH  24.0
#define FLAG_COMFORTABLE_WIDTH 72.0
#define BAND_MIN_WIDTH  3.0
#define TOOLTIP_CHARS   60

typedef struct
{
  PulseAnnotation *annotation;
  double           first;      /* fractional bucket positions of its first and last day */
  double           last;
  guint            first_bucket;
  guint            last_bucket;
  PulseChartText   label;
} Mark;

struct _PulseChartMarks
{
  GArray *marks;      /* Mark */
  /* Julian days where each bucket starts, and one past the last: n + 1 */
  GArray *starts;
};

/* The Julian day of an ISO date; 0 when it is none. */
static guint32
julian (const char *iso)
{
  GDate date;
  int y, m, d;

  if (iso == NULL || !pulse_chart_parse_date (iso, &y, &m, &d) || !g_date_valid_dmy (d, m, y))
    return 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

/* Where each bucket starts and, last, where the one after the last would:
 * one step (a day, a week, a month) on. NULL when the buckets are not
 * dates (histograms, funnels). */
static GArray *
bucket_starts (PulseChartModel *model)
{
  const char * const *buckets = pulse_chart_model_get_buckets (model);
  guint n = pulse_chart_model_get_n_buckets (model);
  g_autoptr(GArray) starts = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n + 1);
  guint32 end;

  for (guint i = 0; i < n; i++)
    {
      guint32 day = julian (buckets[i]);

      if (day == 0 || (i > 0 && day <= g_array_index (starts, guint32, i - 1)))
        return NULL;
      g_array_append_val (starts, day);
    }
  if (n == 0)
    return NULL;
  if (n == 1)
    end = g_array_index (starts, guint32, 0) + 1;
  else
    {
      guint32 step = g_array_index (starts, guint32, n - 1) - g_array_index (starts, guint32, n - 2);
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, g_array_index (starts, guint32, n - 1));
      /* Months differ in length: the next bucket starts a month on. */
      if (step >= 28 && step <= 31)
        g_date_add_months (&date, 1);
      else
        g_date_add_days (&date, step);
      end = g_date_get_julian (&date);
    }
  g_array_append_val (starts, end);
  return g_steal_pointer (&starts);
}

/**
 * pulse_chart_model_dup_shown_annotations:
 *
 * Returns: (transfer container): the model's annotations (PulseAnnotation)
 *   that overlap its buckets, for a time chart; empty for other charts
 */
GPtrArray *
pulse_chart_model_dup_shown_annotations (PulseChartModel *model)
{
  GPtrArray *all = pulse_chart_model_get_annotations (model);
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) starts = NULL;
  PulseChartKind kind = pulse_chart_model_get_kind (model);

  if (kind == PULSE_CHART_KIND_FUNNEL || kind == PULSE_CHART_KIND_HISTOGRAM || all == NULL ||
      !(starts = bucket_starts (model)))
    return shown;
  for (guint i = 0; i < all->len; i++)
    {
      PulseAnnotation *annotation = g_ptr_array_index (all, i);
      guint32 first = julian (pulse_annotation_get_first_day (annotation));
      guint32 last = julian (pulse_annotation_get_last_day (annotation));

      if (first != 0 && last >= g_array_index (starts, guint32, 0) && first < g_array_index (starts, guint32, starts->len - 1))
        g_ptr_array_add (shown, g_object_ref (annotation));
    }
  return shown;
}

/* @summary (taken) and, after it, the annotations the chart shows:
 * "…; annotations: Launch v2, 2026-03-09 to 2026-03-11". */
char *
_pulse_chart_annotations_append_summary (PulseChartModel *model,
                                         char            *summary)
{
  g_autoptr(GPtrArray) shown = pulse_chart_model_dup_shown_annotations (model);
  GString *text = g_string_new (summary);

  g_free (summary);
  g_ptr_array_sort (shown, pulse_annotation_compare);
  for (guint i = 0; i < shown->len; i++)
    {
      PulseAnnotation *annotation = g_ptr_array_index (shown, i);
      g_autofree char *days = pulse_annotation_dup_days_label (annotation);

      g_string_append_printf (text, "%s%s, %s", i == 0 ? _("; annotations: ") : "; ",
                              pulse_annotation_get_text (annotation), days);
    }
  return g_string_free (text, FALSE);
}

static void
mark_clear (gpointer data)
{
  Mark *mark = data;

  g_clear_object (&mark->annotation);
  _pulse_chart_text_clear (&mark->label);
}

/* The bucket @day falls in and its fractional position: the bucket's
 * index plus the share of the bucket before the day. Clamped to the
 * buckets' extent. */
static double
day_position (GArray  *starts,
              guint32  day,
              guint   *bucket)
{
  guint n = starts->len - 1;
  guint i = 0;

  day = CLAMP (day, g_array_index (starts, guint32, 0), g_array_index (starts, guint32, n) - 1);
  while (i + 1 < n && g_array_index (starts, guint32, i + 1) <= day)
    i++;
  *bucket = i;
  return i + (double)(day - g_array_index (starts, guint32, i)) /
                 (g_array_index (starts, guint32, i + 1) - g_array_index (starts, guint32, i));
}

PulseChartMarks *
_pulse_chart_marks_new (PulseChartModel *model)
{
  g_autoptr(GPtrArray) shown = pulse_chart_model_dup_shown_annotations (model);
  PulseChartMarks *self = g_new0 (PulseChartMarks, 1);

  self->marks = g_array_new (FALSE, TRUE, sizeof (Mark));
  g_array_set_clear_func (self->marks, mark_clear);
  if (shown->len == 0)
    return self;
  self->starts = bucket_starts (model);
  g_ptr_array_sort (shown, pulse_annotation_compare);
  for (guint i = 0; i < shown->len; i++)
    {
      PulseAnnotation *annotation = g_ptr_array_index (shown, i);
      Mark mark = { g_object_ref (annotation) };

      mark.first = day_position (self->starts, julian (pulse_annotation_get_first_day (annotation)), &mark.first_bucket);
      mark.last = day_position (self->starts, julian (pulse_annotation_get_last_day (annotation)), &mark.last_bucket);
      g_array_append_val (self->marks, mark);
    }
  return self;
}

void
_pulse_chart_marks_free (PulseChartMarks *self)
{
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->starts, g_array_unref);
  g_free (self);
}

/* Bucket positions to x: bars fill their bucket's band, so a day starts
 * half a band left of the bucket's centre. */
static double
position_x (PulseChartLayout *layout,
            double            position)
{
  return _pulse_chart_axis_x (layout, layout->axis->banded ? position - 0.5 : position);
}

/* The span a mark covers on the plot. */
static void
mark_span (PulseChartLayout *layout,
           GArray           *starts,
           const Mark       *mark,
           double           *x0,
           double           *x1)
{
  double last_end = mark->last;

  /* On bars a day is a slice of its bucket's band; on lines a point. */
  if (layout->axis->banded)
    last_end += 1.0 / (g_array_index (starts, guint32, mark->last_bucket + 1) -
                       g_array_index (starts, guint32, mark->last_bucket));
  *x0 = position_x (layout, mark->first);
  *x1 = position_x (layout, last_end);
  if (!pulse_annotation_is_range (mark->annotation))
    *x0 = *x1 = (*x0 + *x1) / 2;
}

/* The room right of @x0 up to @end for a flag's text. */
static double
room_between (double x0,
              double end)
{
  return end - x0 - FLAG_GAP - 2 * FLAG_PAD;
}

/* The text width a mark's flag would like. */
static double
wanted_width (const Mark *mark)
{
  return MIN (mark->label.width, FLAG_MAX_WIDTH);
}

/* Where the flag right of mark @index must end: at the next mark's start,
 * or halfway to its end when that one's flag has to go left of it (it
 * sits near the plot's right edge). */
static double
right_limit (PulseChartMarks  *self,
             PulseChartLayout *layout,
             guint             index,
             double            x0)
{
  double plot_right = layout->plot.x + layout->plot.width;

  for (guint j = index + 1; j < self->marks->len; j++)
    {
      Mark *next = &g_array_index (self->marks, Mark, j);
      double n0, n1;

      mark_span (layout, self->starts, next, &n0, &n1);
      if (n0 <= x0 + FLAG_GAP)
        continue;
      if (j + 1 == self->marks->len && room_between (n0, plot_right) < wanted_width (next))
        return x0 + (n1 - x0) / 2;
      return n0;
    }
  return plot_right;
}

/* Places each flag at its mark: right of its start when the text fits
 * there, else left of its end (a mark near the plot's right edge), cut to
 * the room between the neighbouring flags. */
void
_pulse_chart_marks_layout (PulseChartMarks  *self,
                           PulseChartLayout *layout)
{
  double previous_end = layout->plot.x;

  for (guint i = 0; i < self->marks->len; i++)
    _pulse_chart_text_set (layout->text, &g_array_index (self->marks, Mark, i).label,
                           pulse_annotation_get_text (g_array_index (self->marks, Mark, i).annotation),
                           PULSE_CHART_FONT_SMALL, FALSE);

  for (guint i = 0; i < self->marks->len; i++)
    {
      Mark *mark = &g_array_index (self->marks, Mark, i);
      double x0, x1, right, left, wanted = wanted_width (mark), width, flag_x;

      mark_span (layout, self->starts, mark, &x0, &x1);
      right = room_between (x0, right_limit (self, layout, i, x0));
      left = x1 - MAX (previous_end + FLAG_GAP, layout->plot.x) - 2 * FLAG_PAD;
      /* Right of the mark reads first: left only when right is cramped. */
      if (right >= MIN (wanted, FLAG_COMFORTABLE_WIDTH) || right >= left)
        width = MIN (wanted, right), flag_x = x0;
      else
        width = MIN (wanted, left), flag_x = x1 - width - 2 * FLAG_PAD;
      /* Too little room for a word: the line alone, the tooltip tells. */
      if (width < FLAG_MIN_WIDTH)
        {
          _pulse_chart_text_clear (&mark->label);
          continue;
        }
      _pulse_chart_text_limit_width (&mark->label, width);
      _pulse_chart_text_move (&mark->label, flag_x + FLAG_PAD, layout->plot.y + FLAG_PAD / 2);
      previous_end = flag_x + mark->label.width + 2 * FLAG_PAD;
    }
}

static void
draw_mark (PulseChartDraw   *d,
           PulseChartLayout *layout,
           GArray           *starts,
           Mark             *mark)
{
  static const double dashes[] = { 4, 3 };
  const PulseChartColor *ink = &d->palette->dim_foreground;
  double top = layout->plot.y, bottom = layout->plot.y + layout->plot.height;
  double x0, x1, flag_height = mark->label.height + FLAG_PAD;

  mark_span (layout, starts, mark, &x0, &x1);
  if (pulse_annotation_is_range (mark->annotation))
    {
      if (x1 - x0 < BAND_MIN_WIDTH)
        x0 -= (BAND_MIN_WIDTH - (x1 - x0)) / 2, x1 = x0 + BAND_MIN_WIDTH;
      cairo_rectangle (d->cr, x0, top, x1 - x0, bottom - top);
      pulse_chart_color_apply (d->cr, ink, d->style->dark ? 0.16 : 0.10);
      cairo_fill (d->cr);
    }
  x0 = _pulse_chart_draw_snap_line (d, x0, 1);
  cairo_set_line_width (d->cr, 1);
  cairo_set_dash (d->cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_move_to (d->cr, x0, top);
  cairo_line_to (d->cr, x0, bottom);
  pulse_chart_color_apply (d->cr, ink, 0.8);
  cairo_stroke (d->cr);
  cairo_set_dash (d->cr, NULL, 0, 0);

  if (mark->label.layout == NULL)
    return;
  /* The flag: a card behind the text, so lines under it do not cut it. */
  _pulse_chart_draw_rounded_rect (d, mark->label.x - FLAG_PAD, top, mark->label.width + 2 * FLAG_PAD, flag_height, 3);
  pulse_chart_color_apply (d->cr, &d->palette->surface, 0.9);
  cairo_fill_preserve (d->cr);
  pulse_chart_color_apply (d->cr, ink, 0.6);
  cairo_stroke (d->cr);
  _pulse_chart_draw_text (d, &mark->label, &d->palette->foreground);
}

/* After the series, so the flags stay readable. */
void
_pulse_chart_marks_draw (PulseChartMarks  *self,
                         PulseChartLayout *layout,
                         PulseChartDraw   *d)
{
  if (self->marks->len == 0 || layout->empty)
    return;
  cairo_save (d->cr);
  cairo_rectangle (d->cr, layout->plot.x, layout->plot.y, layout->plot.width, layout->plot.height);
  cairo_clip (d->cr);
  for (guint i = 0; i < self->marks->len; i++)
    draw_mark (d, layout, self->starts, &g_array_index (self->marks, Mark, i));
  cairo_restore (d->cr);
}

/* A row per annotation on @bucket; returns how many. */
guint
_pulse_chart_marks_add_tooltip (PulseChartMarks   *self,
                                PulseChartTooltip *tip,
                                guint              bucket)
{
  guint n = 0;

  for (guint i = 0; i < self->marks->len; i++)
    {
      Mark *mark = &g_array_index (self->marks, Mark, i);
      const char *text = pulse_annotation_get_text (mark->annotation);
      const char *tag = pulse_annotation_get_tag (mark->annotation);
      g_autofree char *shown = NULL;

      if (bucket < mark->first_bucket || bucket > mark->last_bucket)
        continue;
      if (g_utf8_strlen (text, -1) > TOOLTIP_CHARS)
        {
          g_autofree char *start = g_utf8_substring (text, 0, TOOLTIP_CHARS - 1);
          shown = g_strconcat (start, "…", NULL);
        }
      else
        shown = g_strdup (text);
      _pulse_chart_tooltip_add (tip, NULL, FALSE, shown, g_strdup (tag ? tag : ""));
      n++;
    }
  return n;
}
