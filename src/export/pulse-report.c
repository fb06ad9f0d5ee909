/* pulse-report.c: the whole dashboard as one vector PDF
 *
 * A cover (connection, range, segment, time zone, generated time and
 * the contents), then one section per dashboard page: every metric with
 * its chart, its key numbers, its definition and, where the source is
 * an estimate or a proxy, the note that says so. Text is drawn with
 * pango, so it stays selectable and searchable.
 *
 * Layout is a simple flow down the page in CSS pixels (scaled to
 * points): each item moves to the next page when it does not fit, a
 * metric's heading stays with its chart, and a table that runs out of
 * room repeats its header on the next page. The document is laid out
 * twice, the first time only to learn the page numbers for the
 * contents and the "Page N of M" footers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "pulse-chart-export.h"
#include "pulse-chart-format.h"
#include "pulse-chart-renderer.h"
#include "pulse-data-export.h"
#include "pulse-error.h"
#include "pulse-file.h"
#include "pulse-metric-view.h"
#include "pulse-report.h"

#define PT_PER_PX   0.75
#define MARGIN      64.0
#define FOOTER_GAP  28.0
#define CHART_H     250.0
#define PAGE_HEADINGS 200.0  /* a group's heading, a metric's title, description and headline */
#define CELL_PAD_Y  3.0

typedef struct
{
  cairo_t         *cr;
  PangoContext    *context;
  PulseChartStyle  style;
  double           page_w;
  double           page_h;
  double           content_w;
  double           y;
  double           bottom;
  guint            page;
  guint            n_pages;     /* 0 in the first pass */
  char            *footer;
  GHashTable      *metric_pages;
  GHashTable      *group_pages;
  gboolean         measuring;
  GPtrArray       *annotations;  /* PulseAnnotation, not owned; NULL: none */
} Report;

typedef struct
{
  const char *continued;  /* heading repeated when the table breaks */
  GPtrArray  *header;
  guint       n_columns;
} Table;

void
pulse_report_options_init (PulseReportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->paper = PULSE_PAPER_A4;
}

void
pulse_report_options_clear (PulseReportOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->connection, g_free);
  g_clear_pointer (&options->generated, g_date_time_unref);
  g_clear_pointer (&options->annotations, g_ptr_array_unref);
  pulse_comparison_clear (&options->compare);
}

gboolean
pulse_paper_size_from_string (const char     *name,
                              PulsePaperSize *paper)
{
  if (g_ascii_strcasecmp (name, "a4") == 0)
    *paper = PULSE_PAPER_A4;
  else if (g_ascii_strcasecmp (name, "letter") == 0)
    *paper = PULSE_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  if (closure != NULL)
    g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
make_layout (Report     *r,
             const char *text,
             const char *font,
             double      width,
             gboolean    markup)
{
  PangoLayout *layout = pango_layout_new (r->context);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  pango_font_description_free (desc);
  return layout;
}

static double
height_of (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
draw_layout (Report                *r,
             PangoLayout           *layout,
             double                 x,
             double                 y,
             const PulseChartColor *color)
{
  pulse_chart_color_apply (r->cr, color, 1.0);
  cairo_move_to (r->cr, x, y);
  pango_cairo_show_layout (r->cr, layout);
}

static void
draw_footer (Report *r)
{
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  g_autofree char *page = NULL;
  double y = r->page_h - MARGIN + FOOTER_GAP - 8;

  if (r->n_pages > 0)
    page = g_strdup_printf (_("Page %u of %u"), r->page, r->n_pages);
  else
    page = g_strdup_printf (_("Page %u"), r->page);
  right = make_layout (r, page, "Cantarell 8", 0, FALSE);
  left = make_layout (r, r->footer, "Cantarell 8", r->content_w - 120, FALSE);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  draw_layout (r, left, MARGIN, y, &r->style.palette.dim_foreground);
  {
    int width;

    pango_layout_get_pixel_size (right, &width, NULL);
    draw_layout (r, right, r->page_w - MARGIN - width, y, &r->style.palette.dim_foreground);
  }
}

static void
new_page (Report *r)
{
  draw_footer (r);
  cairo_show_page (r->cr);
  r->page++;
  r->y = MARGIN;
}

static gboolean
ensure (Report *r,
        double  height)
{
  /* An item taller than a page starts at the top and takes what it needs. */
  if (r->y + height <= r->bottom || r->y <= MARGIN)
    return FALSE;
  new_page (r);
  return TRUE;
}

static void
paragraph (Report                *r,
           const char            *text,
           const char            *font,
           const PulseChartColor *color,
           gboolean               markup,
           double                 space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (r, text, font, r->content_w, markup);
  double height = height_of (layout);

  ensure (r, height);
  draw_layout (r, layout, MARGIN, r->y, color);
  r->y += height + space_after;
}

static void
rule (Report *r,
      double  y)
{
  pulse_chart_color_apply (r->cr, &r->style.palette.axis, 1.0);
  cairo_set_line_width (r->cr, 1);
  cairo_move_to (r->cr, MARGIN, y + 0.5);
  cairo_line_to (r->cr, MARGIN + r->content_w, y + 0.5);
  cairo_stroke (r->cr);
}

/* Tables: the first column takes what is left after the numbers. */
static double
column_x (Table  *t,
          Report *r,
          guint   column,
          double *width)
{
  double first = t->n_columns <= 2 ? r->content_w * 0.6 : r->content_w * 0.36;
  double other = t->n_columns > 1 ? (r->content_w - first) / (t->n_columns - 1) : 0;

  if (column == 0)
    {
      *width = first - 8;
      return MARGIN;
    }
  *width = other - 8;
  return MARGIN + first + (column - 1) * other + 8;
}

static double
row_height (Report             *r,
            Table              *t,
            const char * const *cells,
            const char         *font,
            PangoLayout       **layouts)
{
  double height = 0;

  for (guint i = 0; i < t->n_columns; i++)
    {
      double width;

      column_x (t, r, i, &width);
      layouts[i] = make_layout (r, cells[i] ? cells[i] : "", font, width, FALSE);
      if (i > 0)
        pango_layout_set_alignment (layouts[i], PANGO_ALIGN_RIGHT);
      height = MAX (height, height_of (layouts[i]));
    }
  return height + 2 * CELL_PAD_Y;
}

static void
draw_row (Report       *r,
          Table        *t,
          PangoLayout **layouts,
          double        height,
          gboolean      header)
{
  for (guint i = 0; i < t->n_columns; i++)
    {
      double width;
      double x = column_x (t, r, i, &width);

      draw_layout (r, layouts[i], x, r->y + CELL_PAD_Y,
                   header ? &r->style.palette.dim_foreground : &r->style.palette.foreground);
      g_object_unref (layouts[i]);
    }
  if (header)
    rule (r, r->y + height - 1);
  r->y += height;
}

static void
table_header (Report *r,
              Table  *t)
{
  g_autofree PangoLayout **layouts = g_new0 (PangoLayout *, t->n_columns);
  double height = row_height (r, t, (const char * const *)t->header->pdata, "Cantarell Bold 9", layouts);

  draw_row (r, t, layouts, height, TRUE);
}

static void
table_begin (Report     *r,
             Table      *t,
             const char *continued,
             GPtrArray  *header)
{
  g_autofree PangoLayout **layouts = g_new0 (PangoLayout *, header->len);
  double height;

  t->continued = continued;
  t->header = header;
  t->n_columns = header->len;
  /* The header never ends a page on its own: keep one row with it. */
  height = row_height (r, t, (const char * const *)header->pdata, "Cantarell Bold 9", layouts);
  for (guint i = 0; i < t->n_columns; i++)
    g_object_unref (layouts[i]);
  ensure (r, 2 * height + 4);
  table_header (r, t);
}

static void
table_row (Report             *r,
           Table              *t,
           const char * const *cells)
{
  g_autofree PangoLayout **layouts = g_new0 (PangoLayout *, t->n_columns);
  double height = row_height (r, t, cells, "Cantarell 9", layouts);

  if (ensure (r, height))
    {
      g_autofree char *text = g_strdup_printf (_("%s (continued)"), t->continued);

      paragraph (r, text, "Cantarell Bold 10", &r->style.palette.dim_foreground, FALSE, 4);
      table_header (r, t);
    }
  draw_row (r, t, layouts, height, FALSE);
}

static void
table_end (Report *r,
           Table  *t)
{
  r->y += 10;
}

static GPtrArray *
strings (const char *first,
         ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (array, g_strdup (s));
  va_end (args);
  return array;
}

static char *
format_number (double      value,
               const char *unit)
{
  return pulse_chart_format_measure (value, unit, FALSE);
}

/* The catalog's title, else the id made readable ("collections per owner"). */
static char *
field_title (GPtrArray  *fields,
             const char *id)
{
  char *text;

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const PulseMetricField *field = g_ptr_array_index (fields, i);

      if (g_str_equal (field->id, id))
        return g_strdup (field->title ? field->title : field->id);
    }
  text = g_strdelimit (g_strdup (id), "_", ' ');
  text[0] = g_ascii_toupper (text[0]);
  return text;
}

static void
series_table (Report          *r,
              PulseMetricView *view)
{
  g_auto(GStrv) names = pulse_metric_view_dup_stats_header (view);
  g_autoptr(GPtrArray) rows = pulse_metric_view_dup_series_stats (view);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  Table table;

  if (rows->len == 0)
    return;
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (header, g_strdup (names[i]));
  table_begin (r, &table, pulse_metric_get_title (pulse_metric_result_get_metric (pulse_metric_view_get_result (view))),
               header);
  for (guint i = 0; i < rows->len; i++)
    table_row (r, &table, g_ptr_array_index (rows, i));
  table_end (r, &table);
}

/* The segment's summaries, in the view's order: the headline first. */
static void
summary_table (Report          *r,
               PulseMetricView *view)
{
  PulseMetricResult *result = pulse_metric_view_get_result (view);
  PulseMetricResult *part = pulse_metric_result_get_segment (result, pulse_metric_view_get_segment (view));
  PulseMetric *metric = pulse_metric_result_get_metric (result);
  const char * const *order = pulse_metric_view_get_summary_order (view);
  g_autoptr(GPtrArray) header = NULL;
  Table table;

  if (order[0] == NULL)
    return;
  if (part == NULL)
    part = result;

  header = strings (_("Summary"), _("Value"), NULL);
  table_begin (r, &table, pulse_metric_get_title (metric), header);
  for (guint i = 0; order[i] != NULL; i++)
    {
      const PulseMetricField *field = pulse_metric_find_summary (metric, order[i]);
      double number = NAN;
      g_autofree char *value = NULL;
      g_autofree char *title = field_title (pulse_metric_get_summaries (metric), order[i]);

      pulse_metric_result_lookup_summary (part, order[i], &number);
      value = pulse_chart_format_measure (number, field && field->unit ? field->unit : pulse_metric_get_unit (metric), TRUE);
      table_row (r, &table, (const char * const[]) { title, value });
    }
  table_end (r, &table);
}

static void
funnel_table (Report            *r,
              PulseMetricResult *result,
              const char        *segment)
{
  PulseMetric *metric = pulse_metric_result_get_metric (result);
  GPtrArray *steps = pulse_metric_get_steps (metric);
  g_autoptr(GPtrArray) header = NULL;
  g_autofree char *conversion = NULL;
  double first = NAN;
  Table table;

  if (steps == NULL || steps->len == 0)
    return;

  conversion = g_strdup_printf (_("Of first step (%s)"), pulse_segment_describe (segment));
  header = strings (_("Step"), _("All users"), _("Builders"), _("Finders"), conversion, NULL);
  table_begin (r, &table, pulse_metric_get_title (metric), header);
  for (guint i = 0; i < steps->len; i++)
    {
      const PulseMetricField *step = g_ptr_array_index (steps, i);
      double value = pulse_metric_result_get_step_value (result, step->id, segment);
      g_autofree char *all = format_number (pulse_metric_result_get_step_value (result, step->id, "all"), NULL);
      g_autofree char *builders = format_number (pulse_metric_result_get_step_value (result, step->id, "BUILDER"), NULL);
      g_autofree char *finders = format_number (pulse_metric_result_get_step_value (result, step->id, "FINDER"), NULL);
      g_autofree char *share = NULL;

      if (i == 0)
        first = value;
      share = format_number (first > 0 ? value / first : NAN, "ratio");
      table_row (r, &table, (const char * const[]) { step->title ? step->title : step->id, all, builders, finders, share });
    }
  table_end (r, &table);
}

static void
histogram_table (Report            *r,
                 PulseMetricResult *result)
{
  PulseMetric *metric = pulse_metric_result_get_metric (result);
  g_autoptr(GPtrArray) header = NULL;
  g_autofree char *unit = NULL;
  Table table;

  if (pulse_metric_result_get_n_histogram (result) == 0)
    return;

  unit = g_strdup (pulse_metric_get_unit (metric));
  if (unit != NULL && unit[0] != '\0')
    unit[0] = g_ascii_toupper (unit[0]);
  header = strings (_("Bucket"), unit ? unit : _("Count"), NULL);
  table_begin (r, &table, pulse_metric_get_title (metric), header);
  for (guint i = 0; i < pulse_metric_result_get_n_histogram (result); i++)
    {
      g_autofree char *value = format_number (pulse_metric_result_get_histogram_value (result, i), NULL);

      table_row (r, &table, (const char * const[]) { pulse_metric_result_get_histogram_label (result, i), value });
    }
  table_end (r, &table);
}

/* CHART_H, or more for a chart that needs it (a cohort table's rows),
 * up to what leaves a page room for its group's and its own headings. */
static double
chart_height (Report          *r,
              PulseChartModel *model)
{
  double most = r->page_h - 2 * MARGIN - PAGE_HEADINGS;

  return MAX (CHART_H, MIN (pulse_chart_model_get_natural_height (model), most));
}

static void
draw_chart (Report          *r,
            PulseChartModel *model)
{
  double height = chart_height (r, model);

  pulse_chart_model_set_annotations (model, r->annotations);
  /* A source with only summary numbers gets no empty chart. */
  if (pulse_chart_model_is_empty (model))
    {
      paragraph (r, _("No chart: this source gives only the numbers below."), "Cantarell Italic 9",
                 &r->style.palette.dim_foreground, FALSE, 8);
      return;
    }

  cairo_save (r->cr);
  cairo_translate (r->cr, MARGIN - 4, r->y);
  cairo_rectangle (r->cr, 0, 0, r->content_w + 8, height);
  cairo_clip (r->cr);
  /* The renderer pads itself by 4 px; let its content line up with the text. */
  pulse_chart_render (model, r->cr, r->content_w + 8, height, &r->style);
  cairo_restore (r->cr);
  r->y += height + 6;
}

static void metric_section (Report            *r,
                            PulseMetric       *metric,
                            PulseMetricView   *view,
                            const GError      *error);

/* How tall a metric's section is, laid out on an endless page. */
static double
measure_section (Report            *r,
                 PulseMetric       *metric,
                 PulseMetricView   *view)
{
  Report m = *r;
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);

  m.cr = cairo_create (surface);
  m.measuring = TRUE;
  m.y = MARGIN;
  m.bottom = G_MAXDOUBLE;
  m.metric_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  metric_section (&m, metric, view, NULL);
  cairo_destroy (m.cr);
  cairo_surface_destroy (surface);
  g_hash_table_unref (m.metric_pages);
  return m.y - MARGIN;
}

static void
metric_section (Report            *r,
                PulseMetric       *metric,
                PulseMetricView   *view,
                const GError      *error)
{
  PulseMetricResult *result = view ? pulse_metric_view_get_result (view) : NULL;
  const char *segment = view ? pulse_segment_to_string (pulse_metric_view_get_segment (view)) : NULL;
  g_autofree char *title = NULL;
  g_autoptr(PangoLayout) title_layout = NULL;
  g_autoptr(PangoLayout) description = NULL;
  g_autoptr(PulseChartModel) model = view ? pulse_metric_view_dup_chart_model (view) : NULL;
  PulseSource source = result ? pulse_metric_result_get_source (result) : PULSE_SOURCE_TABLE;
  g_autofree char *escaped = g_markup_escape_text (pulse_metric_get_title (metric), -1);

  if (source == PULSE_SOURCE_ESTIMATED)
    title = g_strdup_printf ("%s  <span size='small' foreground='#9c6e03'>%s</span>", escaped, _("Estimated"));
  else if (source == PULSE_SOURCE_PROXY)
    title = g_strdup_printf ("%s  <span size='small' foreground='#9c6e03'>%s</span>", escaped, _("Proxy"));
  else
    title = g_strdup (escaped);

  title_layout = make_layout (r, title, "Cantarell Bold 14", r->content_w, TRUE);
  description = make_layout (r, pulse_metric_get_description (metric), "Cantarell 10", r->content_w, FALSE);

  /* A section that fits on a page is kept whole; a longer one starts
   * where its heading and chart fit, and its table continues. */
  if (!r->measuring)
    {
      double whole = measure_section (r, metric, view);

      if (whole <= r->bottom - MARGIN)
        ensure (r, whole - 22);
    }
  ensure (r, height_of (title_layout) + height_of (description) + 6 + (model ? chart_height (r, model) : 40));
  g_hash_table_insert (r->metric_pages, g_strdup (pulse_metric_get_id (metric)), GUINT_TO_POINTER (r->page));

  draw_layout (r, title_layout, MARGIN, r->y, &r->style.palette.foreground);
  r->y += height_of (title_layout) + 2;
  draw_layout (r, description, MARGIN, r->y, &r->style.palette.dim_foreground);
  r->y += height_of (description) + 6;

  if (result == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not available: %s"),
                                               error ? error->message : _("this metric was not computed."));
      paragraph (r, text, "Cantarell 10", &r->style.palette.bad, FALSE, 8);
    }
  else
    {
      g_autofree char *headline = pulse_metric_view_dup_headline_line (view);

      paragraph (r, headline, "Cantarell Bold 11", &r->style.palette.foreground, FALSE, 6);
      draw_chart (r, model);
      if (pulse_metric_result_has_steps (result))
        funnel_table (r, result, segment);
      else if (pulse_metric_result_get_n_histogram (result) > 0)
        histogram_table (r, result);
      else
        series_table (r, view);
      summary_table (r, view);
    }

  {
    g_autofree char *definition = g_markup_printf_escaped ("<b>%s</b> %s", _("Definition:"),
                                                           pulse_metric_get_definition (metric));
    paragraph (r, definition, "Cantarell 9", &r->style.palette.foreground, TRUE, 4);
  }
  if (result != NULL && pulse_metric_result_get_note (result) != NULL)
    {
      g_autofree char *note = g_markup_printf_escaped ("<b>%s</b> %s",
                                                       source == PULSE_SOURCE_PROXY ? _("Proxy:") : _("Estimate:"),
                                                       pulse_metric_result_get_note (result));
      paragraph (r, note, "Cantarell Italic 9", &r->style.palette.foreground, TRUE, 4);
    }
  r->y += 22;
}

static char *
iso_date (const GDate *date)
{
  char text[16];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

/* The annotations in @range, in full: the charts show them cut short. */
static void
annotations_table (Report          *r,
                   PulseQueryRange *range)
{
  g_autofree char *from = iso_date (pulse_query_range_get_from (range));
  g_autofree char *to = iso_date (pulse_query_range_get_to (range));
  g_autoptr(GPtrArray) header = strings (_("Annotations"), "", NULL);
  gboolean any = FALSE;
  Table table;

  for (guint i = 0; r->annotations != NULL && i < r->annotations->len; i++)
    {
      PulseAnnotation *annotation = g_ptr_array_index (r->annotations, i);
      g_autofree char *days = NULL;
      g_autofree char *text = NULL;

      if (!pulse_annotation_overlaps (annotation, from, to))
        continue;
      if (!any)
        {
          r->y += 16;
          table_begin (r, &table, _("Annotations"), header);
          any = TRUE;
        }
      days = pulse_annotation_dup_days_text (annotation);
      text = pulse_annotation_get_tag (annotation)
             ? g_strdup_printf ("%s (%s)", pulse_annotation_get_text (annotation), pulse_annotation_get_tag (annotation))
             : g_strdup (pulse_annotation_get_text (annotation));
      table_row (r, &table, (const char * const[]) { days, text });
    }
  if (any)
    table_end (r, &table);
}

static void
cover (Report                   *r,
       PulseCatalog             *catalog,
       PulseQueryRange          *range,
       const PulseReportOptions *options)
{
  g_autoptr(GDateTime) now = options->generated ? g_date_time_ref (options->generated) : g_date_time_new_now_local ();
  g_autofree char *generated = g_date_time_format (now, "%Y-%m-%d %H:%M %Z");
  g_autofree char *range_text = pulse_query_range_describe (range);
  g_autofree char *granularity = NULL;
  g_autoptr(GPtrArray) header = strings (_("Report"), "", NULL);
  GPtrArray *groups = pulse_catalog_get_groups (catalog);
  Table table;

  r->y = MARGIN + 8;
  paragraph (r, _("Pulse Report"), "Cantarell Bold 30", &r->style.palette.foreground, FALSE, 4);
  paragraph (r, _("Product metrics of the talent platform"), "Cantarell 13",
             &r->style.palette.dim_foreground, FALSE, 20);

  granularity = g_strdup (pulse_granularity_to_string (pulse_query_range_get_granularity (range)));
  table_begin (r, &table, _("Report"), header);
  table_row (r, &table, (const char * const[]) { _("Connection"), options->connection ? options->connection : "–" });
  table_row (r, &table, (const char * const[]) { _("Range"), range_text });
  table_row (r, &table, (const char * const[]) { _("Segment"), pulse_segment_describe (pulse_segment_to_string (options->segment)) });
  table_row (r, &table, (const char * const[]) { _("Time zone"), pulse_query_range_get_timezone (range) });
  table_row (r, &table, (const char * const[]) { _("Buckets"), granularity });
  table_row (r, &table, (const char * const[]) { _("Generated"), generated });
  table_end (r, &table);
  annotations_table (r, range);

  r->y += 16;
  paragraph (r, _("Contents"), "Cantarell Bold 15", &r->style.palette.foreground, FALSE, 6);
  {
    g_autoptr(GPtrArray) contents_header = strings (_("Page and metric"), _("Page"), NULL);
    Table contents;

    table_begin (r, &contents, _("Contents"), contents_header);
    for (guint i = 0; i < groups->len; i++)
      {
        const PulseMetricGroup *group = g_ptr_array_index (groups, i);
        g_autoptr(GPtrArray) metrics = pulse_catalog_list_group (catalog, group->id);
        gpointer page = g_hash_table_lookup (r->group_pages, group->id);
        g_autofree char *number = page ? g_strdup_printf ("%u", GPOINTER_TO_UINT (page)) : g_strdup ("");

        if (metrics->len == 0)
          continue;
        table_row (r, &contents, (const char * const[]) { group->title, number });
        for (guint j = 0; j < metrics->len; j++)
          {
            PulseMetric *metric = g_ptr_array_index (metrics, j);
            g_autofree char *indented = g_strdup_printf ("    %s", pulse_metric_get_title (metric));
            gpointer metric_page = g_hash_table_lookup (r->metric_pages, pulse_metric_get_id (metric));
            g_autofree char *metric_number = metric_page ? g_strdup_printf ("%u", GPOINTER_TO_UINT (metric_page)) : g_strdup ("");

            table_row (r, &contents, (const char * const[]) { indented, metric_number });
          }
      }
    table_end (r, &contents);
  }
}

static PulseMetricResult *
find_result (GPtrArray   *results,
             PulseMetric *metric)
{
  for (guint i = 0; i < results->len; i++)
    {
      PulseMetricResult *result = g_ptr_array_index (results, i);

      if (g_strcmp0 (pulse_metric_get_id (pulse_metric_result_get_metric (result)),
                     pulse_metric_get_id (metric)) == 0)
        return result;
    }
  return NULL;
}

/* A metric no chart draws (retention's cohort table) gets a line at the
 * end of its group: its headline, and where to find the table. */
static void
note_tables (Report                   *r,
             PulseCatalog             *catalog,
             GPtrArray                *results,
             const char               *group_id,
             const PulseReportOptions *options)
{
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);

  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (metrics, i);
      PulseMetricResult *result = find_result (results, metric);
      g_autoptr(PulseMetricView) view = NULL;
      g_autofree char *text = NULL;

      if (pulse_metric_has_chart (metric) || result == NULL || !g_str_equal (pulse_metric_get_group (metric), group_id))
        continue;
      view = pulse_metric_view_new (result, NULL, options->segment);
      /* Translators: a metric title, then its headline figure ("21.4 %") */
      text = g_strdup_printf (_("%s: %s. A table not shown here; see the JSON or CSV export."),
                              pulse_metric_get_title (metric), pulse_metric_view_get_headline_text (view));
      paragraph (r, text, "Cantarell Italic 9", &r->style.palette.dim_foreground, FALSE, 8);
    }
}

static void
lay_out (Report                   *r,
         PulseCatalog             *catalog,
         GPtrArray                *results,
         PulseQueryRange          *range,
         const PulseReportOptions *options)
{
  GPtrArray *groups = pulse_catalog_get_groups (catalog);

  r->page = 1;
  cover (r, catalog, range, options);

  for (guint i = 0; i < groups->len; i++)
    {
      const PulseMetricGroup *group = g_ptr_array_index (groups, i);
      g_autoptr(GPtrArray) metrics = pulse_catalog_list_group (catalog, group->id);

      if (metrics->len == 0)
        continue;
      new_page (r);
      g_hash_table_insert (r->group_pages, g_strdup (group->id), GUINT_TO_POINTER (r->page));
      paragraph (r, group->title, "Cantarell Bold 20", &r->style.palette.foreground, FALSE, 4);
      rule (r, r->y);
      r->y += 16;

      for (guint j = 0; j < metrics->len; j++)
        {
          PulseMetric *metric = g_ptr_array_index (metrics, j);
          PulseMetricResult *result = find_result (results, metric);
          g_autoptr(PulseMetricView) view = NULL;

          if (result != NULL)
            view = pulse_metric_view_new (result, pulse_comparison_find (&options->compare, metric),
                                          options->segment);
          metric_section (r, metric, view, NULL);
        }
      note_tables (r, catalog, results, group->id, options);
    }
  draw_footer (r);
}

static void
report_pass (Report                   *r,
             cairo_surface_t          *surface,
             PulseCatalog             *catalog,
             GPtrArray                *results,
             PulseQueryRange          *range,
             const PulseReportOptions *options)
{
  r->cr = cairo_create (surface);
  cairo_scale (r->cr, PT_PER_PX, PT_PER_PX);
  lay_out (r, catalog, results, range, options);
}

/**
 * pulse_report_render:
 * @results: (element-type PulseMetricResult): results of the catalog's metrics
 * @n_pages: (out) (optional): the number of pages
 *
 * Returns: (transfer full): the PDF, or %NULL with @error set
 */
GBytes *
pulse_report_render (PulseCatalog              *catalog,
                     GPtrArray                 *results,
                     PulseQueryRange           *range,
                     const PulseReportOptions  *options,
                     guint                     *n_pages,
                     GError                   **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *range_text = NULL;
  g_autofree char *title = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  double width_pt, height_pt;
  Report r = { 0 };

  g_return_val_if_fail (PULSE_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (results != NULL, NULL);
  g_return_val_if_fail (range != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (options->paper == PULSE_PAPER_LETTER)
    width_pt = 612, height_pt = 792;
  else
    width_pt = 595.276, height_pt = 841.89;

  range_text = pulse_query_range_describe (range);
  r.context = pulse_chart_create_pango_context ();
  pulse_chart_style_init_light (&r.style);
  r.style.show_title = FALSE;
  r.page_w = width_pt / PT_PER_PX;
  r.page_h = height_pt / PT_PER_PX;
  r.content_w = r.page_w - 2 * MARGIN;
  r.bottom = r.page_h - MARGIN;
  r.footer = g_strdup_printf (_("Pulse report · %s · %s · %s"), range_text,
                              pulse_segment_describe (pulse_segment_to_string (options->segment)),
                              pulse_query_range_get_timezone (range));
  r.annotations = options->annotations;
  r.metric_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.group_pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* First pass: only the page numbers matter. */
  surface = cairo_pdf_surface_create_for_stream (append_to_array, NULL, width_pt, height_pt);
  report_pass (&r, surface, catalog, results, range, options);
  r.n_pages = r.page;
  cairo_destroy (r.cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  surface = cairo_pdf_surface_create_for_stream (append_to_array, bytes, width_pt, height_pt);
  title = g_strdup_printf (_("Pulse Report, %s"), range_text);
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE (1, 15, 4)
  {
    g_autoptr(GDateTime) now = options->generated ? g_date_time_ref (options->generated) : g_date_time_new_now_local ();
    g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");

    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, r.footer);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Pulse " PACKAGE_VERSION);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  }
#endif
  report_pass (&r, surface, catalog, results, range, options);
  status = cairo_status (r.cr);
  cairo_destroy (r.cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  g_object_unref (r.context);
  pulse_chart_style_clear (&r.style);
  g_free (r.footer);
  g_hash_table_unref (r.metric_pages);
  g_hash_table_unref (r.group_pages);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                   _("Could not draw the report: %s"), cairo_status_to_string (status));
      return NULL;
    }
  if (n_pages)
    *n_pages = r.n_pages;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

gboolean
pulse_report_write (PulseCatalog              *catalog,
                    GPtrArray                 *results,
                    PulseQueryRange           *range,
                    const PulseReportOptions  *options,
                    const char                *path,
                    GError                   **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!(bytes = pulse_report_render (catalog, results, range, options, NULL, error)))
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  return pulse_file_write_atomically (path, data, length, error);
}
