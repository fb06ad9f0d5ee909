/* pulse-chart-export.c: one chart as a PNG, SVG or PDF file
 *
 * The chart is drawn by the same renderer as the screen, under a header
 * (title; headline; range, segment and time zone) and above a footer (the data
 * source), so a pasted image still says what it shows. Everything is
 * rendered into memory first and written atomically: a failed export
 * leaves no partial file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "pulse-chart-export.h"
#include "pulse-chart-renderer.h"
#include "pulse-data-export.h"
#include "pulse-error.h"
#include "pulse-file.h"

#define PAD 16.0
#define GAP 6.0
/* CSS pixels to PDF points */
#define PT_PER_PX 0.75

void
pulse_chart_export_options_init (PulseChartExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->format = PULSE_EXPORT_FORMAT_PNG;
  options->scale = 1;
}

void
pulse_chart_export_options_clear (PulseChartExportOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->title, g_free);
  g_clear_pointer (&options->headline, g_free);
  g_clear_pointer (&options->range, g_free);
  g_clear_pointer (&options->segment, g_free);
  g_clear_pointer (&options->timezone, g_free);
  g_clear_pointer (&options->source, g_free);
}

char *
pulse_query_range_describe (PulseQueryRange *range)
{
  char from[11], to[11];

  g_return_val_if_fail (range != NULL, NULL);

  pulse_query_range_fill_params (range, from, to);
  return g_strdup_printf ("%s – %s", from, to);
}

/**
 * pulse_chart_export_options_set_view:
 *
 * Fills the printed lines from a view: its metric's title and headline,
 * the range and time zone, the segment and the data source.
 */
void
pulse_chart_export_options_set_view (PulseChartExportOptions *options,
                                     PulseMetricView         *view)
{
  PulseMetricResult *result;
  PulseQueryRange *range;

  g_return_if_fail (options != NULL);
  g_return_if_fail (PULSE_IS_METRIC_VIEW (view));

  result = pulse_metric_view_get_result (view);
  range = pulse_metric_result_get_range (result);
  g_free (options->title);
  options->title = g_strdup (pulse_metric_get_title (pulse_metric_result_get_metric (result)));
  g_free (options->headline);
  options->headline = pulse_metric_view_dup_headline_line (view);
  g_free (options->range);
  options->range = pulse_query_range_describe (range);
  g_free (options->segment);
  options->segment = g_strdup (pulse_segment_describe (pulse_segment_to_string (pulse_metric_view_get_segment (view))));
  g_free (options->timezone);
  options->timezone = g_strdup (pulse_query_range_get_timezone (range));
  g_free (options->source);
  options->source = g_strdup (pulse_metric_view_get_source_text (view));
}

gboolean
pulse_export_format_from_path (const char        *path,
                               PulseExportFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = PULSE_EXPORT_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = PULSE_EXPORT_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = PULSE_EXPORT_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

const char *
pulse_export_format_to_extension (PulseExportFormat format)
{
  switch (format)
    {
    case PULSE_EXPORT_FORMAT_SVG: return "svg";
    case PULSE_EXPORT_FORMAT_PDF: return "pdf";
    case PULSE_EXPORT_FORMAT_PNG:
    default: return "png";
    }
}

/* pulse-dau-2026-01-01_2026-03-31.png */
char *
pulse_export_default_name (const char      *metric_id,
                           PulseQueryRange *range,
                           const char      *extension)
{
  char from[11], to[11];

  g_return_val_if_fail (range != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  pulse_query_range_fill_params (range, from, to);
  if (metric_id == NULL)
    return g_strdup_printf ("pulse-%s_%s.%s", from, to, extension);
  return g_strdup_printf ("pulse-%s-%s_%s.%s", metric_id, from, to, extension);
}

typedef struct
{
  PangoLayout *title;
  PangoLayout *headline;
  PangoLayout *subtitle;
  PangoLayout *footer;
  double       width;
  double       chart_height;
  double       height;
} Frame;

static void
frame_clear (Frame *frame)
{
  g_clear_object (&frame->title);
  g_clear_object (&frame->headline);
  g_clear_object (&frame->subtitle);
  g_clear_object (&frame->footer);
}

static PangoLayout *
text_layout (PangoContext *context,
             const char   *text,
             const char   *font,
             double        width)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (desc);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height = 0;

  if (layout == NULL)
    return 0;
  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static void
frame_init (Frame                         *frame,
            PangoContext                  *context,
            PulseChartModel               *model,
            const PulseChartExportOptions *options)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *title = options->title ? options->title : pulse_chart_model_get_title (model);
  double inner;

  memset (frame, 0, sizeof *frame);
  frame->width = options->width > 0 ? options->width : PULSE_CHART_EXPORT_DEFAULT_WIDTH;
  frame->width = MAX (frame->width, 200);
  inner = frame->width - 2 * PAD;

  if (options->chart_height > 0)
    frame->chart_height = options->chart_height;
  else
    frame->chart_height = MAX (MAX (200, round (frame->width * 0.45)), pulse_chart_model_get_natural_height (model));

  if (title != NULL)
    frame->title = text_layout (context, title, "Cantarell Bold 15", inner);
  if (options->headline != NULL)
    frame->headline = text_layout (context, options->headline, "Cantarell 12", inner);
  if (options->range != NULL)
    g_ptr_array_add (parts, options->range);
  if (options->segment != NULL)
    g_ptr_array_add (parts, options->segment);
  if (options->timezone != NULL)
    g_ptr_array_add (parts, options->timezone);
  if (parts->len > 0)
    {
      g_autofree char *line = NULL;

      g_ptr_array_add (parts, NULL);
      line = g_strjoinv (" · ", (char **)parts->pdata);
      frame->subtitle = text_layout (context, line, "Cantarell 10", inner);
    }
  if (options->source != NULL)
    frame->footer = text_layout (context, options->source, "Cantarell 9", inner);

  frame->height = PAD + layout_height (frame->title);
  if (frame->headline)
    frame->height += 2 + layout_height (frame->headline);
  if (frame->subtitle)
    frame->height += 2 + layout_height (frame->subtitle);
  frame->height += GAP + frame->chart_height;
  if (frame->footer)
    frame->height += GAP + layout_height (frame->footer);
  frame->height += PAD;
  frame->height = ceil (frame->height);
}

void
pulse_chart_export_get_size (PulseChartModel               *model,
                             const PulseChartExportOptions *options,
                             double                        *width,
                             double                        *height)
{
  g_autoptr(GObject) context_object = NULL;
  PangoContext *context;
  Frame frame;

  g_return_if_fail (PULSE_IS_CHART_MODEL (model));
  g_return_if_fail (options != NULL);

  context = pulse_chart_create_pango_context ();
  context_object = G_OBJECT (context);
  frame_init (&frame, context, model, options);
  if (width)
    *width = frame.width;
  if (height)
    *height = frame.height;
  frame_clear (&frame);
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* Draws the framed chart at the origin, in CSS pixels. */
static void
draw_frame (Frame                         *frame,
            PulseChartModel               *model,
            const PulseChartExportOptions *options,
            cairo_t                       *cr)
{
  PulseChartStyle style;
  double y = PAD;

  if (options->dark)
    pulse_chart_style_init_dark (&style);
  else
    pulse_chart_style_init_light (&style);
  style.show_title = FALSE;

  cairo_save (cr);
  if (!options->transparent)
    {
      pulse_chart_color_apply (cr, &style.palette.surface, 1.0);
      cairo_rectangle (cr, 0, 0, frame->width, frame->height);
      cairo_fill (cr);
    }

  if (frame->title)
    {
      pulse_chart_color_apply (cr, &style.palette.foreground, 1.0);
      show_layout (cr, frame->title, PAD, y);
      y += layout_height (frame->title);
    }
  if (frame->headline)
    {
      y += 2;
      pulse_chart_color_apply (cr, &style.palette.foreground, 1.0);
      show_layout (cr, frame->headline, PAD, y);
      y += layout_height (frame->headline);
    }
  if (frame->subtitle)
    {
      y += 2;
      pulse_chart_color_apply (cr, &style.palette.dim_foreground, 1.0);
      show_layout (cr, frame->subtitle, PAD, y);
      y += layout_height (frame->subtitle);
    }
  y += GAP;

  /* The renderer pads itself by 4 px; line it up with the text. */
  cairo_save (cr);
  cairo_translate (cr, PAD - 4, y);
  cairo_rectangle (cr, 0, 0, frame->width - 2 * (PAD - 4), frame->chart_height);
  cairo_clip (cr);
  pulse_chart_render (model, cr, frame->width - 2 * (PAD - 4), frame->chart_height, &style);
  cairo_restore (cr);
  y += frame->chart_height;

  if (frame->footer)
    {
      y += GAP;
      pulse_chart_color_apply (cr, &style.palette.dim_foreground, 1.0);
      show_layout (cr, frame->footer, PAD, y);
    }
  cairo_restore (cr);
  pulse_chart_style_clear (&style);
}

/**
 * pulse_chart_export_draw:
 *
 * Draws the framed chart (header, chart, footer) into @cr at the
 * origin, in CSS pixels; pulse_chart_export_get_size() says how big.
 */
void
pulse_chart_export_draw (PulseChartModel               *model,
                         const PulseChartExportOptions *options,
                         cairo_t                       *cr)
{
  g_autoptr(GObject) context_object = NULL;
  PangoContext *context;
  Frame frame;

  g_return_if_fail (PULSE_IS_CHART_MODEL (model));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cr != NULL);

  context = pulse_chart_create_pango_context ();
  context_object = G_OBJECT (context);
  frame_init (&frame, context, model, options);
  draw_frame (&frame, model, options, cr);
  frame_clear (&frame);
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t   status,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
               _("Could not draw the chart: %s"), cairo_status_to_string (status));
  return FALSE;
}

/* The SVG gets a <title> and <desc>: screen readers and search see them
 * (cairo draws text as glyph outlines). */
static void
add_svg_title (GByteArray                    *svg,
               const PulseChartExportOptions *options,
               PulseChartModel               *model)
{
  const char *title = options->title ? options->title : pulse_chart_model_get_title (model);
  const char *start = (const char *)svg->data;
  const char *root = g_strstr_len (start, svg->len, "<svg");
  const char *end = root ? memchr (root, '>', svg->len - (root - start)) : NULL;
  g_autoptr(GString) extra = g_string_new ("\n");
  g_autofree char *escaped_title = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *escaped_desc = NULL;

  if (end == NULL || title == NULL)
    return;

  escaped_title = g_markup_escape_text (title, -1);
  g_string_append_printf (extra, "<title>%s</title>\n", escaped_title);
  summary = g_strjoin (" · ",
                       options->headline ? options->headline : "",
                       options->range ? options->range : "",
                       options->segment ? options->segment : "",
                       options->timezone ? options->timezone : "",
                       options->source ? options->source : "",
                       NULL);
  escaped_desc = g_markup_escape_text (summary, -1);
  g_string_append_printf (extra, "<desc>%s</desc>", escaped_desc);
  {
    gsize offset = (end - start) + 1;
    g_autoptr(GByteArray) rebuilt = g_byte_array_sized_new (svg->len + extra->len);

    g_byte_array_append (rebuilt, svg->data, offset);
    g_byte_array_append (rebuilt, (const guint8 *)extra->str, extra->len);
    g_byte_array_append (rebuilt, svg->data + offset, svg->len - offset);
    g_byte_array_set_size (svg, 0);
    g_byte_array_append (svg, rebuilt->data, rebuilt->len);
  }
}

static void
set_pdf_metadata (cairo_surface_t *surface,
                  const char      *title)
{
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE (1, 15, 4)
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");

  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Pulse " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
#endif
}

/**
 * pulse_chart_export_render:
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set
 */
GBytes *
pulse_chart_export_render (PulseChartModel               *model,
                           const PulseChartExportOptions *options,
                           GError                       **error)
{
  g_autoptr(GObject) context_object = NULL;
  PangoContext *context;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;
  Frame frame;
  double scale = options->scale > 0 ? options->scale : 1;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (model), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  context = pulse_chart_create_pango_context ();
  context_object = G_OBJECT (context);
  frame_init (&frame, context, model, options);
  /* Cairo's image surfaces stop at 32767 pixels; stay well below. */
  scale = CLAMP (scale, 0.1, MIN (16, 16384 / frame.width));

  switch (options->format)
    {
    case PULSE_EXPORT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_array, bytes, frame.width, frame.height);
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE (1, 15, 10)
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
#endif
      break;
    case PULSE_EXPORT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_array, bytes,
                                                     frame.width * PT_PER_PX, frame.height * PT_PER_PX);
      set_pdf_metadata (surface, options->title ? options->title : pulse_chart_model_get_title (model));
      break;
    case PULSE_EXPORT_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int)ceil (frame.width * scale),
                                            (int)ceil (frame.height * scale));
      cairo_surface_set_device_scale (surface, scale, scale);
      break;
    }

  cr = cairo_create (surface);
  if (options->format == PULSE_EXPORT_FORMAT_PDF)
    cairo_scale (cr, PT_PER_PX, PT_PER_PX);
  draw_frame (&frame, model, options, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  frame_clear (&frame);

  if (status == CAIRO_STATUS_SUCCESS && options->format == PULSE_EXPORT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_array, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!check_status (status, error))
    return NULL;
  if (options->format == PULSE_EXPORT_FORMAT_SVG)
    add_svg_title (bytes, options, model);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

gboolean
pulse_chart_export_write (PulseChartModel               *model,
                          const PulseChartExportOptions *options,
                          const char                    *path,
                          GError                       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (PULSE_IS_CHART_MODEL (model), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(bytes = pulse_chart_export_render (model, options, error)))
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  return pulse_file_write_atomically (path, data, length, error);
}
