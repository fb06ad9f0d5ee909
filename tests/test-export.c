/* test-export.c: charts as PNG, SVG and PDF; the dashboard report
 *
 * Every check reads the produced file back: PNG pixels and sizes,
 * SVG as XML, PDF pages and text through poppler's pdfinfo/pdftotext.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "pulse-catalog.h"
#include "pulse-chart-export.h"
#include "pulse-chart-format.h"
#include "pulse-chart-palette.h"
#include "pulse-data-export.h"
#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-file.h"
#include "pulse-metric-query.h"
#include "pulse-metric-view.h"
#include "pulse-report.h"
#include "pulse-test-pg.h"
#include "pulse-test-run.h"

#define FROM "2026-03-01"
#define TO   "2026-03-31"

static char *conninfo;
static PulseCatalog *catalog;
static PulseQueryRange *range;
static GPtrArray *results;

static const guint8 blue[3] = { 0x35, 0x84, 0xe4 };   /* light series colour 0 */
static const guint8 green[3] = { 0x2e, 0xc2, 0x7e };  /* light series colour 1 */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("pulse-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *info = run_tool ((const char * const[]) { "pdfinfo", path, NULL });
  const char *line = strstr (info, "\nPages:");

  g_assert_nonnull (line);
  return (guint)g_ascii_strtoull (line + strlen ("\nPages:") + strspn (line + strlen ("\nPages:"), " "), NULL, 10);
}

/* pdftotext's words, with every run of white space made one space. */
static char *
pdf_text (const char *path)
{
  g_autofree char *text = run_tool ((const char * const[]) { "pdftotext", "-enc", "UTF-8", path, "-", NULL });
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t\f\r", -1);
  g_autoptr(GString) joined = g_string_new (" ");

  for (guint i = 0; words[i]; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (joined, "%s ", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%.3000s", needle, haystack);
}

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *reader = closure;

  if (reader->offset + length > reader->length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *bytes)
{
  Reader reader = { 0 };
  cairo_surface_t *surface;

  reader.data = g_bytes_get_data (bytes, &reader.length);
  surface = cairo_image_surface_create_from_png_stream (read_bytes, &reader);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* Pixels of exactly (±3) this opaque colour. */
static guint
count_color (cairo_surface_t *surface,
             const guint8     rgb[3])
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  guint count = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *)(data + y * stride + 4 * x);
        int a = pixel >> 24, r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (a == 255 && ABS (r - rgb[0]) <= 3 && ABS (g - rgb[1]) <= 3 && ABS (b - rgb[2]) <= 3)
          count++;
      }
  return count;
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  cairo_surface_flush (surface);
  return *(const guint32 *)(cairo_image_surface_get_data (surface) +
                            y * cairo_image_surface_get_stride (surface) + 4 * x);
}

static PulseChartModel *
build_model (PulseChartKind kind)
{
  static const char * const buckets[] = { "2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05",
                                          "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10", NULL };
  const double alpha[] = { 10, 14, 12, 18, 22, 19, 25, 28, 24, 30 };
  const double beta[] = { 5, 6, 8, 7, 9, 12, 11, 10, 14, 13 };
  PulseChartModel *model = pulse_chart_model_new (kind);

  pulse_chart_model_set_title (model, "Quarterly Zephyr Chart");
  pulse_chart_model_set_unit (model, "persons");
  switch (kind)
    {
    case PULSE_CHART_KIND_FUNNEL:
      pulse_chart_model_add_step (model, "created", "Created", 100);
      pulse_chart_model_add_step (model, "verified", "Verified", 70);
      pulse_chart_model_add_step (model, "active", "Active", 40);
      break;
    case PULSE_CHART_KIND_HISTOGRAM:
      {
        const char * const labels[] = { "1", "2", "3", "4", "5", NULL };
        const double counts[] = { 50, 30, 20, 10, 5 };

        pulse_chart_model_set_histogram (model, labels, counts, 5);
      }
      break;
    case PULSE_CHART_KIND_LINE:
    case PULSE_CHART_KIND_AREA:
    case PULSE_CHART_KIND_STACKED_BAR:
    default:
      pulse_chart_model_set_buckets (model, buckets);
      pulse_chart_model_add_series (model, "a", "Alpha", alpha, 10, 0);
      pulse_chart_model_add_series (model, "b", "Beta", beta, 10, 1);
      break;
    }
  return model;
}

static void
fill_options (PulseChartExportOptions *options,
              PulseExportFormat        format)
{
  pulse_chart_export_options_init (options);
  options->format = format;
  options->range = g_strdup ("2026-03-01 – 2026-03-10");
  options->segment = g_strdup ("All users");
  options->timezone = g_strdup ("Europe/Berlin");
  options->source = g_strdup ("Source: table persons");
}

static void
check_png (PulseChartModel *model,
           PulseChartKind   kind)
{
  for (guint s = 1; s <= 2; s++)
    {
      g_auto(PulseChartExportOptions) options = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      cairo_surface_t *png;
      double width, height;

      fill_options (&options, PULSE_EXPORT_FORMAT_PNG);
      options.scale = s;
      pulse_chart_export_get_size (model, &options, &width, &height);
      g_assert_cmpfloat (width, ==, PULSE_CHART_EXPORT_DEFAULT_WIDTH);

      bytes = pulse_chart_export_render (model, &options, &error);
      g_assert_no_error (error);
      png = decode_png (bytes);
      g_assert_cmpint (cairo_image_surface_get_width (png), ==, (int)(PULSE_CHART_EXPORT_DEFAULT_WIDTH * s));
      g_assert_cmpint (cairo_image_surface_get_height (png), ==, (int)ceil (height * s));
      /* Opaque light background, and the series' own colours. */
      g_assert_cmphex (pixel_at (png, 1, 1), ==, 0xffffffff);
      g_assert_cmpuint (count_color (png, blue), >=, 20 * s);
      if (kind == PULSE_CHART_KIND_LINE || kind == PULSE_CHART_KIND_AREA ||
          kind == PULSE_CHART_KIND_STACKED_BAR)
        g_assert_cmpuint (count_color (png, green), >=, 20 * s);
      cairo_surface_destroy (png);
    }

  /* A chosen width, transparent: the corner is see-through. */
  {
    g_auto(PulseChartExportOptions) options = { 0 };
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = NULL;
    cairo_surface_t *png;

    fill_options (&options, PULSE_EXPORT_FORMAT_PNG);
    options.width = 500;
    options.transparent = TRUE;
    bytes = pulse_chart_export_render (model, &options, &error);
    g_assert_no_error (error);
    png = decode_png (bytes);
    g_assert_cmpint (cairo_image_surface_get_width (png), ==, 500);
    g_assert_cmphex (pixel_at (png, 1, 1) >> 24, ==, 0);
    cairo_surface_destroy (png);
  }
}

static void
check_svg (PulseChartModel *model,
           const char      *title)
{
  g_auto(PulseChartExportOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  g_autofree char *expected_title = g_strdup_printf ("<title>%s</title>", title);
  GMarkupParser nothing = { 0 };
  g_autofree char *text = NULL;
  gsize length;

  fill_options (&options, PULSE_EXPORT_FORMAT_SVG);
  bytes = pulse_chart_export_render (model, &options, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));

  parser = g_markup_parse_context_new (&nothing, 0, NULL, NULL);
  g_markup_parse_context_parse (parser, text, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (parser, &error);
  g_assert_no_error (error);

  g_assert_true (g_str_has_prefix (text, "<?xml"));
  assert_contains (text, "<svg");
  assert_contains (text, expected_title);
  assert_contains (text, "Europe/Berlin");
  /* #3584e4 as cairo writes it */
  assert_contains (text, "rgb(20.7");
}

static void
check_pdf (PulseChartModel *model,
           const char      *title,
           const char      *dir)
{
  g_auto(PulseChartExportOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *text = NULL;

  fill_options (&options, PULSE_EXPORT_FORMAT_PDF);
  g_assert_true (pulse_chart_export_write (model, &options, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_text (path);
  assert_contains (text, title);
  assert_contains (text, "2026-03-01 – 2026-03-10");
  assert_contains (text, "Source: table persons");
}

static void
test_chart_kinds (void)
{
  g_autofree char *dir = make_tmp_dir ();

  for (PulseChartKind kind = PULSE_CHART_KIND_LINE; kind <= PULSE_CHART_KIND_HISTOGRAM; kind++)
    {
      g_autoptr(PulseChartModel) model = build_model (kind);

      g_test_message ("kind %d", kind);
      check_png (model, kind);
      check_svg (model, "Quarterly Zephyr Chart");
      check_pdf (model, "Quarterly Zephyr Chart", dir);
    }
  pulse_test_remove_tree (dir);
}

/* Every metric of the catalog, from real results, as the card shows it. */
static void
test_chart_results (void)
{
  g_autofree char *dir = make_tmp_dir ();

  g_assert_cmpuint (results->len, ==, pulse_catalog_get_metrics (catalog)->len);
  for (guint i = 0; i < results->len; i++)
    {
      PulseMetricResult *result = g_ptr_array_index (results, i);
      const char *title = pulse_metric_get_title (pulse_metric_result_get_metric (result));
      g_autoptr(PulseMetricView) view = pulse_metric_view_new (result, NULL, PULSE_SEGMENT_BUILDER);
      g_autoptr(PulseChartModel) model = pulse_metric_view_dup_chart_model (view);
      g_auto(PulseChartExportOptions) options = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *path = g_build_filename (dir, "metric.svg", NULL);
      g_autofree char *svg = NULL;
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      cairo_surface_t *png;

      pulse_chart_export_options_init (&options);
      pulse_chart_export_options_set_view (&options, view);
      g_assert_cmpstr (options.range, ==, FROM " – " TO);
      g_assert_cmpstr (options.segment, ==, "Builders");

      options.scale = 2;
      bytes = pulse_chart_export_render (model, &options, &error);
      g_assert_no_error (error);
      png = decode_png (bytes);
      g_assert_cmpint (cairo_image_surface_get_width (png), ==, 2 * PULSE_CHART_EXPORT_DEFAULT_WIDTH);
      cairo_surface_destroy (png);

      options.format = PULSE_EXPORT_FORMAT_SVG;
      g_assert_true (pulse_chart_export_write (model, &options, path, &error));
      g_assert_no_error (error);
      g_file_get_contents (path, &svg, NULL, &error);
      g_assert_no_error (error);
      assert_contains (svg, escaped);
    }
  pulse_test_remove_tree (dir);
}

static void
test_report (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_auto(PulseReportOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  GPtrArray *groups = pulse_catalog_get_groups (catalog);
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  guint n_pages = 0;

  pulse_report_options_init (&options);
  options.connection = pulse_db_describe_conninfo (conninfo);
  g_assert_null (strstr (options.connection, "password"));

  bytes = pulse_report_render (catalog, results, range, &options, &n_pages, &error);
  g_assert_no_error (error);
  /* A cover, then at least a page per group. */
  g_assert_cmpuint (n_pages, >=, 1 + groups->len);
  g_assert_true (pulse_file_write_atomically (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error));
  g_assert_cmpuint (pdf_pages (path), ==, n_pages);

  text = pdf_text (path);
  assert_contains (text, "Pulse Report");
  assert_contains (text, FROM " – " TO);
  assert_contains (text, "Time zone UTC");
  assert_contains (text, "Segment All users");
  for (guint i = 0; i < groups->len; i++)
    assert_contains (text, ((PulseMetricGroup *)g_ptr_array_index (groups, i))->title);
  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (metrics, i);
      g_autofree char *once = NULL;
      const char *first;

      /* A table without a chart is named where it would be drawn. */
      if (!pulse_metric_has_chart (metric))
        {
          g_autofree char *note = g_strdup_printf ("%s: ", pulse_metric_get_title (metric));
          assert_contains (text, note);
          assert_contains (text, "A table not shown here");
          continue;
        }
      /* In the contents, and again as its section's heading. */
      first = strstr (text, pulse_metric_get_title (metric));
      g_assert_nonnull (first);
      g_assert_nonnull (strstr (first + 1, pulse_metric_get_title (metric)));
    }
  /* The baseline schema lacks the tracking tables: estimates are labelled. */
  assert_contains (text, "Estimate:");
  assert_contains (text, "Proxy:");
  /* The long histogram table goes on over a page break. */
  {
    g_autofree char *page_footer = g_strdup_printf ("Page %u of %u", n_pages, n_pages);
    assert_contains (text, page_footer);
  }

  info = run_tool ((const char * const[]) { "pdfinfo", path, NULL });
  assert_contains (info, "Pulse Report, " FROM " – " TO);
  assert_contains (info, "CreationDate:");
  assert_contains (info, "595.276 x 841.89 pts (A4)");

  /* To look at it: PULSE_TEST_KEEP_REPORT=/tmp/report.pdf */
  if (g_getenv ("PULSE_TEST_KEEP_REPORT") != NULL)
    g_assert_true (pulse_file_write_atomically (g_getenv ("PULSE_TEST_KEEP_REPORT"), g_bytes_get_data (bytes, NULL),
                                                g_bytes_get_size (bytes), NULL));

  /* The Retention page draws the cohort table, its own text selectable:
   * headings, each cohort and its size, the key of the hatched cells. */
  {
    PulseMetric *metric = pulse_catalog_lookup (catalog, "retention");
    PulseMetricResult *retention = NULL;
    const char *table = strstr (text, "How many of each sign-up cohort came back");
    g_autofree char *first = NULL;
    g_autofree char *size = NULL;

    for (guint i = 0; i < results->len; i++)
      if (pulse_metric_result_get_metric (g_ptr_array_index (results, i)) == metric)
        retention = g_ptr_array_index (results, i);
    g_assert_nonnull (retention);
    g_assert_nonnull (table);
    g_assert_true (strstr (table, "Days after sign-up") != NULL);
    first = pulse_chart_format_date_short (pulse_metric_result_get_cohort_start (retention, 0));
    size = pulse_chart_format_value (pulse_metric_result_get_cohort_size (retention, 0), NULL, -1);
    assert_contains (table, "Cohort");
    assert_contains (table, "People");
    assert_contains (table, first);
    assert_contains (table, size);
    assert_contains (table, "Still running: counted up to the range’s end");
    assert_contains (table, "Day 7 retention");
  }

  options.paper = PULSE_PAPER_LETTER;
  g_assert_true (pulse_report_write (catalog, results, range, &options, path, &error));
  g_assert_no_error (error);
  g_free (info);
  info = run_tool ((const char * const[]) { "pdfinfo", path, NULL });
  assert_contains (info, "612 x 792 pts (letter)");
  pulse_test_remove_tree (dir);
}

static void
assert_dir_empty (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

  g_assert_nonnull (listing);
  g_assert_null (g_dir_read_name (listing));
}

static void
test_unwritable (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *readonly = g_build_filename (dir, "readonly", NULL);
  g_autofree char *not_a_dir = g_build_filename (dir, "file", NULL);
  g_autofree char *below_file = g_build_filename (not_a_dir, "chart.png", NULL);
  g_autoptr(PulseChartModel) model = build_model (PULSE_CHART_KIND_LINE);
  g_auto(PulseChartExportOptions) options = { 0 };
  g_autoptr(GError) error = NULL;

  fill_options (&options, PULSE_EXPORT_FORMAT_PNG);

  /* A parent that is a file fails for root too. */
  g_assert_true (g_file_set_contents (not_a_dir, "x", 1, NULL));
  g_assert_false (pulse_chart_export_write (model, &options, below_file, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_WRITE);
  assert_contains (error->message, below_file);
  g_clear_error (&error);

  /* A read-only directory, written to by a user the permissions apply
   * to (root ignores them, so the child drops to nobody). */
  g_assert_cmpint (g_mkdir (readonly, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (readonly, 0555), ==, 0);
  g_setenv ("PULSE_TEST_READONLY_DIR", readonly, TRUE);
  g_test_trap_subprocess ("/export/unwritable/child", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*refused: *Permission denied*");
  assert_dir_empty (readonly);
  pulse_test_remove_tree (dir);
}

/* Runs as a subprocess; the directory comes in the environment. */
static void
test_unwritable_child (void)
{
  const char *readonly = g_getenv ("PULSE_TEST_READONLY_DIR");
  g_autofree char *path = NULL;
  g_autoptr(PulseChartModel) model = build_model (PULSE_CHART_KIND_LINE);
  g_auto(PulseChartExportOptions) options = { 0 };
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess () || readonly == NULL)
    return;

  if (geteuid () == 0)
    {
      g_assert_cmpint (setgid (65534), ==, 0);
      g_assert_cmpint (setuid (65534), ==, 0);
    }
  g_assert_cmpint (geteuid (), !=, 0);
  g_assert_cmpint (access (readonly, W_OK), !=, 0);

  path = g_build_filename (readonly, "chart.png", NULL);
  fill_options (&options, PULSE_EXPORT_FORMAT_PNG);
  g_assert_false (pulse_chart_export_write (model, &options, path, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_WRITE);
  assert_contains (error->message, path);
  g_print ("refused: %s\n", error->message);
  g_clear_error (&error);

  /* The report the same way. */
  {
    g_auto(PulseReportOptions) report = { 0 };
    g_autofree char *pdf = g_build_filename (readonly, "report.pdf", NULL);

    pulse_report_options_init (&report);
    g_assert_false (pulse_report_write (catalog, results, range, &report, pdf, &error));
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_WRITE);
  }
}

static void
test_headless (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "weekly.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "dau.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "funnel.svg", NULL);
  g_autofree char *txt = g_build_filename (dir, "dau.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  g_auto(PulseTestRun) run = { 0 };

  pulse_test_run_pulse (&run, (const char * const[]) { "--connection", conninfo, "--from", FROM, "--to", TO,
                                                       "--report", pdf, "--paper", "letter", "--segment", "FINDER", NULL }, NULL);
  if (run.status != 0)
    g_error ("pulse --report failed: %s", run.err);
  g_assert_cmpuint (pdf_pages (pdf), >, pulse_catalog_get_groups (catalog)->len);
  text = pdf_text (pdf);
  assert_contains (text, FROM " – " TO);
  assert_contains (text, "Finders");
  assert_contains (text, "Daily active users");

  pulse_test_run_pulse (&run, (const char * const[]) { "--connection", conninfo, "--from", FROM, "--to", TO,
                                                       "--chart", "dau", "--output", png, "--scale", "2", NULL }, NULL);
  if (run.status != 0)
    g_error ("pulse --chart failed: %s", run.err);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 2 * PULSE_CHART_EXPORT_DEFAULT_WIDTH);
  g_assert_cmpuint (count_color (surface, blue), >, 50);
  cairo_surface_destroy (surface);

  pulse_test_run_pulse (&run, (const char * const[]) { "--connection", conninfo, "--from", FROM, "--to", TO,
                                                       "--chart", "signup_funnel", "--output", svg, "--dark", NULL }, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  assert_contains (contents, "<title>Sign-up funnel</title>");

  pulse_test_run_pulse (&run, (const char * const[]) { "--connection", conninfo, "--chart", "no_such_metric",
                                                       "--output", png, NULL }, NULL);
  g_assert_cmpint (run.status, !=, 0);
  assert_contains (run.err, "no_such_metric");

  pulse_test_run_pulse (&run, (const char * const[]) { "--connection", conninfo, "--chart", "dau", "--output", txt, NULL }, NULL);
  g_assert_cmpint (run.status, !=, 0);
  assert_contains (run.err, ".png, .svg or .pdf");
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));

  pulse_test_run_pulse (&run, (const char * const[]) { "--connection", conninfo, "--report", pdf, "--paper", "a3", NULL }, NULL);
  g_assert_cmpint (run.status, !=, 0);
  assert_contains (run.err, "a4 or letter");

  pulse_test_remove_tree (dir);
}

/* @text with every run of white space made one space, as pdf_text () gives it. */
static char *
one_line (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t", -1);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (joined, " %s", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

/* The "summary" section of a CSV: the row of @id, in the "all" column. */
static double
csv_summary (const char *csv,
             const char *id)
{
  const char *section = strstr (csv, "\nsummary,all,BUILDER,FINDER\n");
  g_autofree char *needle = g_strdup_printf ("\n%s,", id);
  const char *row;

  g_assert_nonnull (section);
  row = strstr (section + 1, needle);
  g_assert_nonnull (row);
  return g_ascii_strtod (row + strlen (needle), NULL);
}

/* Issue 14: the same headline on the card's view, in the SVG, the PDF
 * chart, the report and, as its first summary row, in the CSV. */
static void
test_same_headline (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *report_path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *chart_path = g_build_filename (dir, "chart.pdf", NULL);
  g_auto(PulseReportOptions) report = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *report_text = NULL;

  pulse_report_options_init (&report);
  g_assert_true (pulse_report_write (catalog, results, range, &report, report_path, &error));
  g_assert_no_error (error);
  report_text = pdf_text (report_path);

  for (guint i = 0; i < results->len; i++)
    {
      PulseMetricResult *result = g_ptr_array_index (results, i);
      g_autoptr(PulseMetricView) view = pulse_metric_view_new (result, NULL, PULSE_SEGMENT_ALL);
      g_autoptr(PulseChartModel) model = pulse_metric_view_dup_chart_model (view);
      g_autofree char *headline = one_line (pulse_metric_view_get_headline_text (view));
      g_autofree char *escaped = g_markup_escape_text (pulse_metric_view_get_headline_text (view), -1);
      g_auto(PulseChartExportOptions) options = { 0 };
      g_autoptr(GBytes) svg = NULL;
      g_autofree char *svg_text = NULL;
      g_autofree char *chart_text = NULL;
      g_autofree char *csv = pulse_data_export_dup_csv (result);
      const char *summary = pulse_metric_view_get_headline_summary (view);

      g_test_message ("%s: %s", pulse_metric_get_id (pulse_metric_result_get_metric (result)), headline);
      pulse_chart_export_options_init (&options);
      pulse_chart_export_options_set_view (&options, view);
      options.format = PULSE_EXPORT_FORMAT_SVG;
      svg = pulse_chart_export_render (model, &options, &error);
      g_assert_no_error (error);
      svg_text = g_strndup (g_bytes_get_data (svg, NULL), g_bytes_get_size (svg));
      assert_contains (svg_text, escaped);

      options.format = PULSE_EXPORT_FORMAT_PDF;
      g_assert_true (pulse_chart_export_write (model, &options, chart_path, &error));
      g_assert_no_error (error);
      chart_text = pdf_text (chart_path);
      assert_contains (chart_text, headline);
      assert_contains (report_text, headline);

      /* Colours follow meaning: down-votes are not green. */
      if (g_str_equal (pulse_metric_get_id (pulse_metric_result_get_metric (result)), "finder_votes"))
        {
          g_assert_cmpint (pulse_chart_model_get_series_color (model, pulse_chart_model_find_series (model, "down")),
                           ==, PULSE_CHART_SERIES_COLOR_BAD);
          g_assert_cmpint (pulse_chart_model_get_series_color (model, pulse_chart_model_find_series (model, "up")),
                           ==, PULSE_CHART_SERIES_COLOR_GOOD);
        }

      /* The funnel's headline is its conversion, from the CSV's steps. */
      if (summary != NULL)
        {
          g_assert_true (g_str_has_prefix (strstr (csv, "\nsummary,all,BUILDER,FINDER\n") + strlen ("\nsummary,all,BUILDER,FINDER\n"),
                                           summary));
          g_assert_cmpfloat_with_epsilon (csv_summary (csv, summary), pulse_metric_view_get_headline_value (view), 1e-9);
        }
    }
  pulse_test_remove_tree (dir);
}

static void
test_default_name (void)
{
  g_autofree char *name = pulse_export_default_name ("dau", range, "png");
  g_autofree char *all = pulse_export_default_name (NULL, range, "pdf");

  g_assert_cmpstr (name, ==, "pulse-dau-" FROM "_" TO ".png");
  g_assert_cmpstr (all, ==, "pulse-" FROM "_" TO ".pdf");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *readonly = NULL;
  PulseSessionOptions session;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/chart-kinds", test_chart_kinds);
  g_test_add_func ("/export/default-name", test_default_name);
  g_test_add_func ("/export/chart-results", test_chart_results);
  g_test_add_func ("/export/report", test_report);
  g_test_add_func ("/export/same-headline", test_same_headline);
  g_test_add_func ("/export/unwritable", test_unwritable);
  g_test_add_func ("/export/unwritable/child", test_unwritable_child);
  g_test_add_func ("/export/headless", test_headless);

  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  range = pulse_query_range_new_parse (FROM, TO, "UTC", &error);
  g_assert_no_error (error);

  /* The read-only child needs no server. */
  if (g_test_subprocess ())
    {
      results = g_ptr_array_new_with_free_func (g_object_unref);
      return g_test_run ();
    }

  pulse_test_pg_start ();
  conninfo = pulse_test_pg_create_db ("export");
  if (!pulse_demo_generate_data (conninfo, 300, TO, &error))
    g_error ("demo data: %s", error->message);

  pulse_session_options_init_dashboard (&session);
  conn = pulse_db_connect (conninfo, &session, NULL, &error);
  g_assert_no_error (error);
  results = pulse_metric_query_run_catalog (catalog, conn, range, NULL, &error);
  g_assert_no_error (error);

  status = g_test_run ();

  g_ptr_array_unref (results);
  pulse_query_range_unref (range);
  g_object_unref (catalog);
  g_clear_pointer (&conn, PQfinish);
  pulse_test_pg_stop ();
  g_free (conninfo);
  return status;
}
