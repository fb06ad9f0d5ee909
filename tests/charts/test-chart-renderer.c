/* test-chart-renderer.c: the chart layer, checked on real pixels
 *
 * Every chart kind is drawn into a cairo image surface and the pixels
 * are checked where the layout says things are: the peak of a line, the
 * widths of funnel bars, the heights of histogram bins. Then the
 * formatting helpers, the label skipping and the model; the widget is
 * tested in test-chart-view.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "pulse-chart-model-private.h"
#include "pulse-chart-format-private.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-renderer-private.h"
#include "chart-test-models.h"

#define COLOR_TOLERANCE 40

/* Pixels */

typedef struct
{
  cairo_surface_t  *surface;
  PulseChartLayout *layout;
  PulseChartStyle   style;
} Shot;

static void
shot_clear (Shot *shot)
{
  g_clear_pointer (&shot->surface, cairo_surface_destroy);
  g_clear_pointer (&shot->layout, pulse_chart_layout_unref);
  pulse_chart_style_clear (&shot->style);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shot, shot_clear)

/* Draws @model on an opaque background, as an export would. */
static void
shot_take_scaled (Shot            *shot,
                  PulseChartModel *model,
                  int              width,
                  int              height,
                  gboolean         dark,
                  double           scale)
{
  cairo_t *cr;

  if (dark)
    pulse_chart_style_init_dark (&shot->style);
  else
    pulse_chart_style_init_light (&shot->style);
  shot->style.palette.background = shot->style.palette.surface;

  shot->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (shot->surface, scale, scale);
  cr = cairo_create (shot->surface);
  shot->layout = pulse_chart_layout_new (model, &shot->style, width, height);
  pulse_chart_layout_draw (shot->layout, cr);
  cairo_destroy (cr);
  cairo_surface_flush (shot->surface);

  if (g_getenv ("PULSE_CHART_TEST_PNG_DIR"))
    {
      static guint counter;
      g_autofree char *name = g_strdup_printf ("shot-%02u.png", counter++);
      g_autofree char *path = g_build_filename (g_getenv ("PULSE_CHART_TEST_PNG_DIR"), name, NULL);
      cairo_surface_write_to_png (shot->surface, path);
    }
}

static void
shot_take (Shot            *shot,
           PulseChartModel *model,
           int              width,
           int              height,
           gboolean         dark)
{
  shot_take_scaled (shot, model, width, height, dark, 1);
}

static void
pixel_rgb (Shot  *shot,
           int    x,
           int    y,
           guint *r,
           guint *g,
           guint *b)
{
  int stride = cairo_image_surface_get_stride (shot->surface);
  const guint8 *data = cairo_image_surface_get_data (shot->surface);
  guint32 pixel;

  x = CLAMP (x, 0, cairo_image_surface_get_width (shot->surface) - 1);
  y = CLAMP (y, 0, cairo_image_surface_get_height (shot->surface) - 1);
  pixel = *(const guint32 *)(data + y * stride + x * 4);
  /* Opaque background: no premultiplication to undo. */
  *r = (pixel >> 16) & 0xff;
  *g = (pixel >> 8) & 0xff;
  *b = pixel & 0xff;
}

static gboolean
pixel_is (Shot                  *shot,
          int                    x,
          int                    y,
          const PulseChartColor *color,
          guint                  tolerance)
{
  guint r, g, b;

  pixel_rgb (shot, x, y, &r, &g, &b);
  return ABS ((int)r - (int)(color->red * 255)) <= (int)tolerance &&
         ABS ((int)g - (int)(color->green * 255)) <= (int)tolerance &&
         ABS ((int)b - (int)(color->blue * 255)) <= (int)tolerance;
}

/* Counts pixels of @color in a rectangle given in device pixels. */
static guint
count_color (Shot                  *shot,
             int                    x0,
             int                    y0,
             int                    width,
             int                    height,
             const PulseChartColor *color)
{
  guint n = 0;

  for (int y = y0; y < y0 + height; y++)
    for (int x = x0; x < x0 + width; x++)
      n += pixel_is (shot, x, y, color, COLOR_TOLERANCE);
  return n;
}

static guint
count_color_everywhere (Shot                  *shot,
                        const PulseChartColor *color)
{
  return count_color (shot, 0, 0,
                      cairo_image_surface_get_width (shot->surface),
                      cairo_image_surface_get_height (shot->surface), color);
}

static gboolean
color_near (Shot                  *shot,
            double                 x,
            double                 y,
            int                    radius,
            const PulseChartColor *color)
{
  return count_color (shot, (int)x - radius, (int)y - radius, 2 * radius + 1, 2 * radius + 1, color) > 0;
}

static const PulseChartColor *
series_color (Shot *shot,
              int   index)
{
  return pulse_chart_style_get_series_color (&shot->style, index);
}

/* Models */

static double
flat_line_row (Shot   *shot,
               double  value)
{
  return pulse_chart_layout_get_value_y (shot->layout, value);
}

/* Line and area */

static void
test_line_peak (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
  g_auto(Shot) shot = { 0 };
  cairo_rectangle_t plot;
  double min, max, x, y;

  shot_take (&shot, model, 600, 300, FALSE);
  pulse_chart_layout_get_plot_area (shot.layout, &plot);
  g_assert_true (pulse_chart_layout_get_value_range (shot.layout, &min, &max));
  g_assert_cmpfloat (max, >=, 180);
  g_assert_cmpfloat (min, <=, 60);

  /* The peak, where the layout says, in the first series' colour */
  x = pulse_chart_layout_get_bucket_x (shot.layout, 20);
  y = pulse_chart_layout_get_value_y (shot.layout, 180);
  g_assert_cmpfloat (x, >, plot.x);
  g_assert_cmpfloat (x, <, plot.x + plot.width);
  g_assert_cmpfloat (y, >=, plot.y - 0.5);
  g_assert_true (color_near (&shot, x, y, 2, series_color (&shot, 0)));
  /* and nothing of it well above the peak */
  g_assert_cmpuint (count_color (&shot, x - 3, plot.y, 7, y - plot.y - 6, series_color (&shot, 0)), ==, 0);

  /* The second series is there too */
  x = pulse_chart_layout_get_bucket_x (shot.layout, 3);
  y = pulse_chart_layout_get_value_y (shot.layout, 69);
  g_assert_true (color_near (&shot, x, y, 2, series_color (&shot, 1)));

  /* Two series: a legend with two entries */
  g_assert_cmpuint (pulse_chart_layout_get_n_legend_entries (shot.layout), ==, 2);
}

static void
test_line_hidden_series (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
  g_auto(Shot) shot = { 0 };
  double big[30], max;
  cairo_rectangle_t plot;
  int index;

  for (guint i = 0; i < 30; i++)
    big[i] = 5000;
  index = pulse_chart_model_add_series (model, "huge", "Huge", big, 30, 4);
  pulse_chart_model_set_series_visible (model, index, FALSE);
  pulse_chart_model_set_series_visible (model, 1, FALSE);

  shot_take (&shot, model, 600, 300, FALSE);
  pulse_chart_layout_get_plot_area (shot.layout, &plot);

  /* Hidden series leave the value range ... */
  g_assert_true (pulse_chart_layout_get_value_range (shot.layout, NULL, &max));
  g_assert_cmpfloat (max, <, 1000);
  /* ... and the picture, legend swatches included */
  g_assert_cmpuint (count_color_everywhere (&shot, series_color (&shot, 1)), ==, 0);
  g_assert_cmpuint (count_color_everywhere (&shot, series_color (&shot, 4)), ==, 0);
  g_assert_cmpuint (count_color (&shot, plot.x, plot.y, plot.width, plot.height, series_color (&shot, 0)), >, 50);
  /* Their legend entries stay, to bring them back */
  g_assert_cmpuint (pulse_chart_layout_get_n_legend_entries (shot.layout), ==, 3);
}

/* Counts colour changes along row @y of the plot. */
static guint
transitions_along (Shot                  *shot,
                   const cairo_rectangle_t *plot,
                   int                    y,
                   const PulseChartColor *color)
{
  gboolean was = FALSE;
  guint n = 0;

  for (int x = plot->x + 4; x < plot->x + plot->width - 4; x++)
    {
      gboolean is = color_near (shot, x, y, 1, color);
      if (is != was && x > plot->x + 4)
        n++;
      was = is;
    }
  return n;
}

static void
test_line_dashed_comparison (void)
{
  g_autoptr(PulseChartModel) model = pulse_chart_model_new (PULSE_CHART_KIND_LINE);
  g_auto(GStrv) days = chart_test_days_from ("2024-03-01", 30);
  g_auto(Shot) shot = { 0 };
  double current[30], previous[30];
  cairo_rectangle_t plot;
  int index;

  for (guint i = 0; i < 30; i++)
    {
      current[i] = 150;
      previous[i] = 50;
    }
  pulse_chart_model_set_buckets (model, (const char * const *)days);
  pulse_chart_model_add_series (model, "all", "All", current, 30, 0);
  index = pulse_chart_model_add_series (model, "all:previous", "All (previous period)", previous, 30, 3);
  pulse_chart_model_set_series_dashed (model, index, TRUE);
  g_assert_true (pulse_chart_model_get_series_dashed (model, index));

  shot_take (&shot, model, 600, 300, FALSE);
  pulse_chart_layout_get_plot_area (shot.layout, &plot);

  /* The comparison line is broken into many dashes, the current one is not. */
  g_assert_cmpuint (transitions_along (&shot, &plot, flat_line_row (&shot, 50), series_color (&shot, 3)), >=, 20);
  g_assert_cmpuint (transitions_along (&shot, &plot, flat_line_row (&shot, 150), series_color (&shot, 0)), ==, 0);
}

static void
test_line_null_gap (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_AREA);
  g_auto(Shot) shot = { 0 };
  guint n;
  const double *values = pulse_chart_model_get_series_values (model, 0, &n);
  double patched[30];
  double x0, x1;
  cairo_rectangle_t plot;

  memcpy (patched, values, sizeof patched);
  for (guint i = 10; i < 14; i++)
    patched[i] = NAN;
  pulse_chart_model_clear_series (model);
  pulse_chart_model_add_series (model, "all", "All", patched, 30, 0);

  shot_take (&shot, model, 600, 300, FALSE);
  pulse_chart_layout_get_plot_area (shot.layout, &plot);

  /* Nothing between buckets 10 and 13: neither line nor area fill */
  x0 = pulse_chart_layout_get_bucket_x (shot.layout, 10);
  x1 = pulse_chart_layout_get_bucket_x (shot.layout, 13);
  g_assert_cmpuint (count_color (&shot, x0, plot.y, x1 - x0, plot.height, series_color (&shot, 0)), ==, 0);
  /* but a line on both sides */
  g_assert_cmpuint (count_color (&shot, plot.x, plot.y, x0 - plot.x - 20, plot.height, series_color (&shot, 0)), >, 20);
}

/* Bars and histograms */

static void
test_stacked_bar (void)
{
  g_autoptr(PulseChartModel) model = pulse_chart_model_new (PULSE_CHART_KIND_STACKED_BAR);
  const char *weeks[] = { "2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25", NULL };
  double bottom[] = { 40, 50, NAN, 70 }, top[] = { 20, 25, 30, 35 };
  g_auto(Shot) shot = { 0 };
  cairo_rectangle_t column;
  double y_split, y_top;

  pulse_chart_model_set_buckets (model, weeks);
  pulse_chart_model_add_series (model, "BUILDER", "Builders", bottom, 4, 0);
  pulse_chart_model_add_series (model, "FINDER", "Finders", top, 4, 1);
  shot_take (&shot, model, 600, 300, FALSE);

  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 3, &column));
  y_split = pulse_chart_layout_get_value_y (shot.layout, 70);
  y_top = pulse_chart_layout_get_value_y (shot.layout, 105);
  /* the first series at the bottom, the second stacked on it */
  g_assert_true (pixel_is (&shot, column.x + column.width / 2, y_split + 5, series_color (&shot, 0), 10));
  g_assert_true (pixel_is (&shot, column.x + column.width / 2, y_split - 5, series_color (&shot, 1), 10));
  g_assert_true (pixel_is (&shot, column.x + column.width / 2, y_top + 3, series_color (&shot, 1), 10));
  g_assert_false (pixel_is (&shot, column.x + column.width / 2, y_top - 3, series_color (&shot, 1), COLOR_TOLERANCE));

  /* A null is no bar: only the other series in bucket 2 */
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 2, &column));
  g_assert_cmpuint (count_color (&shot, column.x, column.y, column.width, column.height, series_color (&shot, 0)), ==, 0);
  g_assert_cmpuint (count_color (&shot, column.x, column.y, column.width, column.height, series_color (&shot, 1)), >, 100);
}

/* Bins k = 1 … 30, of 1000 / k each */
static PulseChartModel *
histogram_model (void)
{
  PulseChartModel *model = pulse_chart_model_new (PULSE_CHART_KIND_HISTOGRAM);
  char *labels[31];
  double values[30];

  for (guint k = 1; k <= 30; k++)
    {
      labels[k - 1] = g_strdup_printf ("%u", k);
      values[k - 1] = 1000.0 / k;
    }
  labels[30] = NULL;
  pulse_chart_model_set_histogram (model, (const char * const *)labels, values, 30);
  for (guint k = 0; k < 30; k++)
    g_free (labels[k]);
  return model;
}

static void
test_histogram (void)
{
  g_autoptr(PulseChartModel) model = histogram_model ();
  g_auto(Shot) shot = { 0 };
  cairo_rectangle_t column;
  double top;

  shot_take (&shot, model, 360, 260, FALSE);

  /* Bar k = 1 reaches 1000, bar k = 10 reaches 100 */
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 0, &column));
  top = pulse_chart_layout_get_value_y (shot.layout, 1000);
  g_assert_true (pixel_is (&shot, column.x + column.width / 2, top + 4, series_color (&shot, 0), 10));
  g_assert_false (pixel_is (&shot, column.x + column.width / 2, top - 4, series_color (&shot, 0), COLOR_TOLERANCE));
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 9, &column));
  top = pulse_chart_layout_get_value_y (shot.layout, 100);
  g_assert_true (pixel_is (&shot, column.x + column.width / 2, top + 3, series_color (&shot, 0), 10));
  g_assert_false (pixel_is (&shot, column.x + column.width / 2, top - 4, series_color (&shot, 0), COLOR_TOLERANCE));
  /* Bins are labelled by k, some skipped, none overlapping */
  g_assert_cmpuint (pulse_chart_layout_get_n_x_labels (shot.layout), >=, 3);
  g_assert_cmpuint (pulse_chart_layout_get_n_x_labels (shot.layout), <, 30);
}

/* Funnel */

static const double funnel_values[] = { 1000, 800, 480, 336, 290 };

/* Steps "step0" … "step4" */
static PulseChartModel *
funnel_model (void)
{
  PulseChartModel *model = pulse_chart_model_new (PULSE_CHART_KIND_FUNNEL);

  for (guint i = 0; i < G_N_ELEMENTS (funnel_values); i++)
    {
      g_autofree char *id = g_strdup_printf ("step%u", i);
      pulse_chart_model_add_step (model, id, id, funnel_values[i]);
    }
  pulse_chart_model_set_title (model, "Signup funnel");
  return model;
}

static void
test_funnel_proportional (void)
{
  g_autoptr(PulseChartModel) model = funnel_model ();
  g_auto(Shot) shot = { 0 };
  g_autofree char *summary = NULL;
  guint widths[G_N_ELEMENTS (funnel_values)];

  shot_take (&shot, model, 900, 320, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (funnel_values); i++)
    {
      cairo_rectangle_t bar;

      g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, i, &bar));
      widths[i] = count_color (&shot, 0, bar.y + bar.height / 2, 900, 1, series_color (&shot, 0));
      g_assert_cmpfloat (fabs (widths[i] - bar.width), <=, 2);
    }
  for (guint i = 1; i < G_N_ELEMENTS (funnel_values); i++)
    g_assert_cmpfloat (fabs ((double)widths[i] / widths[0] - funnel_values[i] / funnel_values[0]), <, 0.01);

  /* Conversions between steps and overall */
  summary = pulse_chart_model_dup_summary_text (model);
  g_assert_nonnull (strstr (summary, "step1 800 (80.0 %)"));
  g_assert_nonnull (strstr (summary, "overall conversion 29.0 %"));
}

/* On a phone-width card the long step titles get a line of their own
 * above full-width bars instead of being cut. */
static void
test_funnel_narrow (void)
{
  g_autoptr(PulseChartModel) model = pulse_chart_model_new (PULSE_CHART_KIND_FUNNEL);
  const char *titles[] = { "Signed up", "Verified email", "Onboarded", "Completed profile", "Active in first 7 days" };
  const double values[] = { 3621, 2843, 1753, 704, 704 };
  g_auto(Shot) shot = { 0 };
  cairo_rectangle_t plot, previous = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    pulse_chart_model_add_step (model, titles[i], titles[i], values[i]);
  shot_take (&shot, model, 260, 5 * 46 + 24, FALSE);
  pulse_chart_layout_get_plot_area (shot.layout, &plot);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      cairo_rectangle_t bar;

      g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, i, &bar));
      g_assert_cmpfloat (bar.x, <, 20);
      g_assert_cmpfloat (bar.height, >=, 10);
      g_assert_cmpfloat (bar.y + bar.height, <=, 5 * 46 + 24);
      /* Room for a line of text above every bar, the first one too */
      g_assert_cmpfloat (bar.y - (i > 0 ? previous.y + previous.height : plot.y), >=, 12);
      g_assert_cmpuint (count_color (&shot, 0, bar.y + bar.height / 2, 260, 1, series_color (&shot, 0)),
                        >=, (guint)(bar.width - 2));
      previous = bar;
    }
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 0, &previous));
  g_assert_cmpfloat (previous.width, >, 260 * 0.6);
}

/* Empty charts */

static void
assert_message_drawn (Shot *shot,
                      int   width,
                      int   height)
{
  guint text = 0;

  /* Something other than the background in the middle: the message */
  for (int y = height * 0.35; y < height * 0.65; y++)
    for (int x = width * 0.25; x < width * 0.75; x++)
      text += !pixel_is (shot, x, y, &shot->style.palette.surface, 8);
  g_assert_cmpuint (text, >, 30);
  g_assert_true (pulse_chart_layout_is_empty (shot->layout));
  for (int i = 0; i < PULSE_CHART_N_SERIES_COLORS; i++)
    g_assert_cmpuint (count_color_everywhere (shot, series_color (shot, i)), ==, 0);
}

static void
test_empty (void)
{
  PulseChartKind kinds[] = {
    PULSE_CHART_KIND_LINE, PULSE_CHART_KIND_AREA, PULSE_CHART_KIND_STACKED_BAR,
    PULSE_CHART_KIND_FUNNEL, PULSE_CHART_KIND_HISTOGRAM, PULSE_CHART_KIND_SPARKLINE,
  };

  /* No buckets at all, every kind */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(PulseChartModel) model = pulse_chart_model_new (kinds[i]);
      g_auto(Shot) shot = { 0 };

      g_assert_true (pulse_chart_model_is_empty (model));
      shot_take (&shot, model, 360, 260, i % 2);
      assert_message_drawn (&shot, 360, 260);
    }

  /* Buckets, but series of no values */
  {
    g_autoptr(PulseChartModel) model = pulse_chart_model_new (PULSE_CHART_KIND_LINE);
    g_auto(GStrv) days = chart_test_days_from ("2024-03-01", 30);
    g_auto(Shot) shot = { 0 };

    pulse_chart_model_set_buckets (model, (const char * const *)days);
    pulse_chart_model_add_series (model, "all", "All", NULL, 0, 0);
    shot_take (&shot, model, 360, 260, FALSE);
    assert_message_drawn (&shot, 360, 260);
  }

  /* Every series hidden: the message, and the legend to undo it */
  {
    g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
    g_auto(Shot) shot = { 0 };

    pulse_chart_model_set_series_visible (model, 0, FALSE);
    pulse_chart_model_set_series_visible (model, 1, FALSE);
    shot_take (&shot, model, 900, 320, FALSE);
    assert_message_drawn (&shot, 900, 320);
    g_assert_cmpuint (pulse_chart_layout_get_n_legend_entries (shot.layout), ==, 2);
  }
}

/* Crisp hairlines: a grid line covers whole device pixels. */
static void
test_hairlines (void)
{
  for (double scale = 1; scale <= 2; scale++)
    {
      g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
      g_auto(Shot) shot = { 0 };
      const char *label;
      double value, y;
      cairo_rectangle_t plot;
      int x, rows = 0;

      /* Only the line far from the data: a flat series at the bottom */
      pulse_chart_model_set_series_visible (model, 1, FALSE);
      shot_take_scaled (&shot, model, 600, 300, FALSE, scale);
      pulse_chart_layout_get_plot_area (shot.layout, &plot);
      value = pulse_chart_layout_get_y_tick (shot.layout, pulse_chart_layout_get_n_y_ticks (shot.layout) - 1, &label);
      g_assert_nonnull (label);
      y = pulse_chart_layout_get_value_y (shot.layout, value);
      x = (plot.x + 10) * scale;

      for (int dy = -4; dy <= 4; dy++)
        rows += !pixel_is (&shot, x, y * scale + dy, &shot.style.palette.surface, 2);
      g_assert_cmpint (rows, ==, (int)scale);
    }
}

/* Axes and labels */

static void
test_nice_ticks (void)
{
  double first, step;
  guint n;

  n = pulse_chart_nice_ticks (0, 183, 5, &first, &step);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (first, ==, 0);
  g_assert_cmpfloat (step, ==, 50);

  /* 1100 … 1900 needs 9 ticks at step 100; with 8 the step is 200 */
  n = pulse_chart_nice_ticks (1180, 1820, 9, &first, &step);
  g_assert_cmpfloat (step, ==, 100);
  g_assert_cmpfloat (first, ==, 1100);
  g_assert_cmpuint (n, ==, 9);
  n = pulse_chart_nice_ticks (1180, 1820, 8, &first, &step);
  g_assert_cmpfloat (step, ==, 200);
  g_assert_cmpfloat (first, ==, 1000);
  g_assert_cmpuint (n, ==, 6);

  n = pulse_chart_nice_ticks (0, 0.87, 6, &first, &step);
  g_assert_cmpfloat (step, ==, 0.2);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpint (pulse_chart_decimals_for_step (step), ==, 1);
  g_assert_cmpint (pulse_chart_decimals_for_step (0.05), ==, 2);
  g_assert_cmpint (pulse_chart_decimals_for_step (20), ==, 0);

  n = pulse_chart_nice_ticks (-37, 12, 6, &first, &step);
  g_assert_cmpfloat (first, ==, -40);
  g_assert_cmpfloat (step, ==, 20);
  g_assert_cmpuint (n, ==, 4);

  /* Across zero, two ticks cannot do: three, one on each side */
  n = pulse_chart_nice_ticks (-1042, 1497, 2, &first, &step);
  g_assert_cmpfloat (first, ==, -2000);
  g_assert_cmpfloat (step, ==, 2000);
  g_assert_cmpuint (n, ==, 3);

  /* Flat data and nothing at all still give an axis */
  n = pulse_chart_nice_ticks (0, 0, 5, &first, &step);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpfloat (first + (n - 1) * step, >=, 1);
  n = pulse_chart_nice_ticks (NAN, NAN, 5, &first, &step);
  g_assert_cmpuint (n, >=, 2);
}

static void
test_number_format (void)
{
  g_autofree char *a = pulse_chart_format_grouped (1234567, 0, ",", ".");
  g_autofree char *b = pulse_chart_format_grouped (999, 0, ",", ".");
  g_autofree char *c = pulse_chart_format_grouped (-1234.5, 1, ",", ".");
  g_autofree char *d = pulse_chart_format_grouped (1234.5, 1, ".", ",");
  g_autofree char *e = pulse_chart_format_grouped (-0.01, 1, ",", ".");
  g_autofree char *f = pulse_chart_format_number (1800, 0);
  g_autofree char *g = pulse_chart_format_value (45.25, "%", 1);
  g_autofree char *h = pulse_chart_format_value (12, "s", -1);
  g_autofree char *i = pulse_chart_format_delta (1234, 1234 / 1.042);
  g_autofree char *j = pulse_chart_format_delta (97, 100);
  g_autofree char *k = pulse_chart_format_delta (5, 0);
  g_autofree char *l = pulse_chart_format_tick (2500000, 500000);
  g_autofree char *m = pulse_chart_format_value (NAN, NULL, -1);

  g_assert_cmpstr (a, ==, "1,234,567");
  g_assert_cmpstr (b, ==, "999");
  g_assert_cmpstr (c, ==, "\u22121,234.5");
  g_assert_cmpstr (d, ==, "1.234,5");
  g_assert_cmpstr (e, ==, "0.0");
  /* The C locale has no grouping: a comma stands in */
  g_assert_cmpstr (f, ==, "1,800");
  g_assert_cmpstr (g, ==, "45.2 %");
  g_assert_cmpstr (h, ==, "12 s");
  g_assert_cmpstr (i, ==, "+4.2 %");
  g_assert_cmpstr (j, ==, "\u22123.0 %");
  g_assert_null (k);
  g_assert_cmpstr (l, ==, "2.5 M");
  g_assert_cmpstr (m, ==, "–");
}

static void
test_dates (void)
{
  g_autofree char *a = pulse_chart_format_date_short ("2024-03-05");
  g_autofree char *b = pulse_chart_format_date_long ("2024-03-05");
  g_autofree char *c = pulse_chart_format_date_short ("5");
  g_autofree char *d = pulse_chart_format_date_short ("2024-02-30");

  g_assert_cmpstr (a, ==, "Mar 5");
  g_assert_cmpstr (b, ==, "Tue, Mar 5, 2024");
  g_assert_null (c);
  g_assert_null (d);
}

static void
assert_labels_apart (PulseChartLayout *layout,
                     double            width)
{
  guint n = pulse_chart_layout_get_n_x_labels (layout);
  cairo_rectangle_t prev = { 0 };

  for (guint i = 0; i < n; i++)
    {
      cairo_rectangle_t rect;
      guint bucket;
      const char *text = pulse_chart_layout_get_x_label (layout, i, &bucket, &rect);

      g_assert_nonnull (text);
      g_assert_cmpfloat (rect.x, >=, 0);
      g_assert_cmpfloat (rect.x + rect.width, <=, width);
      if (i > 0)
        g_assert_cmpfloat (prev.x + prev.width, <, rect.x);
      prev = rect;
    }
}

static void
test_date_labels (void)
{
  g_autoptr(PulseChartModel) model = pulse_chart_model_new (PULSE_CHART_KIND_LINE);
  g_auto(GStrv) days = chart_test_days_from ("2024-01-01", 365);
  g_autofree double *values = g_new (double, 365);
  double widths[] = { 360, 600, 1600 };

  for (guint i = 0; i < 365; i++)
    values[i] = 1000 + i;
  pulse_chart_model_set_buckets (model, (const char * const *)days);
  pulse_chart_model_add_series (model, "all", "All", values, 365, 0);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(PulseChartLayout) layout = NULL;
      PulseChartStyle style;

      pulse_chart_style_init_light (&style);
      layout = pulse_chart_layout_new (model, &style, widths[w], 260);
      g_assert_cmpuint (pulse_chart_layout_get_n_x_labels (layout), >=, 3);
      g_assert_cmpuint (pulse_chart_layout_get_n_x_labels (layout), <, 365);
      assert_labels_apart (layout, widths[w]);
      pulse_chart_style_clear (&style);
    }

  /* 365 days of one year at 360 px: month starts, named as months,
   * without a year */
  {
    g_autoptr(PulseChartLayout) layout = NULL;
    PulseChartStyle style;
    guint bucket;

    pulse_chart_style_init_light (&style);
    layout = pulse_chart_layout_new (model, &style, 360, 260);
    g_assert_cmpstr (pulse_chart_layout_get_x_label (layout, 0, &bucket, NULL), ==, "Jan");
    g_assert_cmpuint (bucket, ==, 0);
    g_assert_null (strchr (pulse_chart_layout_get_x_label (layout, 1, NULL, NULL), ' '));
    pulse_chart_style_clear (&style);
  }
}

/* Did some label of @layout read @text? */
static gboolean
has_x_label (PulseChartLayout *layout,
             const char       *text)
{
  for (guint i = 0; i < pulse_chart_layout_get_n_x_labels (layout); i++)
    if (g_str_equal (pulse_chart_layout_get_x_label (layout, i, NULL, NULL), text))
      return TRUE;
  return FALSE;
}

static gboolean
has_x_label_ending (PulseChartLayout *layout,
                    const char       *suffix)
{
  for (guint i = 0; i < pulse_chart_layout_get_n_x_labels (layout); i++)
    if (g_str_has_suffix (pulse_chart_layout_get_x_label (layout, i, NULL, NULL), suffix))
      return TRUE;
  return FALSE;
}

static PulseChartModel *
days_model (const char *first,
            guint       n)
{
  PulseChartModel *model = pulse_chart_model_new (PULSE_CHART_KIND_LINE);
  g_auto(GStrv) days = chart_test_days_from (first, n);
  g_autofree double *values = g_new (double, n);

  for (guint i = 0; i < n; i++)
    values[i] = 1000 + i % 7 * 10;
  pulse_chart_model_set_buckets (model, (const char * const *)days);
  pulse_chart_model_add_series (model, "all", "All", values, n, 0);
  return model;
}

/* A range across New Year says the year: on the first label and where
 * the next year starts, for days and for months. */
static void
test_year_labels (void)
{
  g_autoptr(PulseChartModel) year = days_model ("2025-12-01", 365);
  g_autoptr(PulseChartModel) weeks = days_model ("2025-12-20", 21);
  const double widths[] = { 360, 600, 1200 };
  PulseChartStyle style;

  pulse_chart_style_init_light (&style);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(PulseChartLayout) layout = pulse_chart_layout_new (year, &style, widths[w], 260);
      g_autoptr(PulseChartLayout) short_layout = pulse_chart_layout_new (weeks, &style, widths[w], 260);
      const char *first = pulse_chart_layout_get_x_label (short_layout, 0, NULL, NULL);

      /* The first label says its year: Dec 2025, or Jan 2026 when
       * only every other month fits. */
      g_assert_true (g_str_has_suffix (pulse_chart_layout_get_x_label (layout, 0, NULL, NULL), "2025") ||
                     g_str_equal (pulse_chart_layout_get_x_label (layout, 0, NULL, NULL), "Jan 2026"));
      g_assert_true (has_x_label (layout, "Jan 2026"));
      assert_labels_apart (layout, widths[w]);
      /* Days: "Dec 20, 2025", then a day of 2026 with its year */
      g_assert_true (g_str_has_prefix (first, "Dec 20") && g_str_has_suffix (first, "2025"));
      g_assert_true (has_x_label_ending (short_layout, "2026"));
      assert_labels_apart (short_layout, widths[w]);
    }
  pulse_chart_style_clear (&style);
}

/* A partial bucket is shaded, labelled "partial" and said so in its
 * tooltip's header; the same drawing makes exports. */
static void
test_partial_buckets (void)
{
  g_autoptr(PulseChartModel) model = days_model ("2026-03-01", 30);
  g_auto(Shot) plain = { 0 };
  g_auto(Shot) marked = { 0 };
  cairo_rectangle_t plot;
  double x;
  guint differing = 0;

  shot_take (&plain, model, 600, 300, FALSE);
  g_assert_false (pulse_chart_layout_get_bucket_partial (plain.layout, 29));
  g_assert_cmpuint (pulse_chart_layout_get_n_partial_labels (plain.layout), ==, 0);

  pulse_chart_model_set_bucket_partial (model, 29, TRUE);
  g_assert_true (pulse_chart_model_get_bucket_partial (model, 29));
  g_assert_false (pulse_chart_model_get_bucket_partial (model, 28));
  shot_take (&marked, model, 600, 300, FALSE);
  g_assert_true (pulse_chart_layout_get_bucket_partial (marked.layout, 29));
  g_assert_false (pulse_chart_layout_get_bucket_partial (marked.layout, 28));
  g_assert_cmpuint (pulse_chart_layout_get_n_partial_labels (marked.layout), ==, 1);

  /* Shaded: the last half-step of the plot changed, the rest did not. */
  pulse_chart_layout_get_plot_area (marked.layout, &plot);
  x = pulse_chart_layout_get_bucket_x (marked.layout, 29);
  for (int y = (int)plot.y + 30; y < (int)(plot.y + plot.height) - 2; y++)
    {
      guint r1, g1, b1, r2, g2, b2;

      pixel_rgb (&plain, (int)x - 3, y, &r1, &g1, &b1);
      pixel_rgb (&marked, (int)x - 3, y, &r2, &g2, &b2);
      differing += r1 != r2 || g1 != g2 || b1 != b2;
    }
  g_assert_cmpuint (differing, >, plot.height / 4);

  /* A new set of buckets forgets the marks. */
  {
    g_auto(GStrv) days = chart_test_days_from ("2026-03-01", 30);
    pulse_chart_model_set_buckets (model, (const char * const *)days);
    g_assert_false (pulse_chart_model_get_bucket_partial (model, 29));
  }
}

static gboolean
rects_overlap (const cairo_rectangle_t *a,
               const cairo_rectangle_t *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* "partial" sits above the plot, on the unit's line without covering
 * the unit: a line at the top of the plot (a stacked area's total) or
 * an annotation's flag never runs through it. */
static void
test_partial_label_room (void)
{
  g_autoptr(PulseChartModel) model = pulse_chart_model_new (PULSE_CHART_KIND_AREA);
  g_auto(GStrv) days = chart_test_days_from ("2026-03-02", 30);
  const double widths[] = { 300, 600, 1200 };
  double values[30];
  PulseChartStyle style;

  for (guint i = 0; i < 30; i++)
    values[i] = 3000 + i * 30;
  pulse_chart_model_set_buckets (model, (const char * const *)days);
  pulse_chart_model_set_unit (model, "collections");
  pulse_chart_model_add_series (model, "private", "Private", values, 30, 0);
  /* The range cuts the first bucket; the last is today. */
  pulse_chart_model_set_bucket_partial (model, 0, TRUE);
  pulse_chart_model_set_bucket_partial (model, 29, TRUE);
  pulse_chart_style_init_light (&style);
  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autoptr(PulseChartLayout) layout = pulse_chart_layout_new (model, &style, widths[w], 260);
      cairo_rectangle_t plot, title, label;

      pulse_chart_layout_get_plot_area (layout, &plot);
      g_assert_nonnull (pulse_chart_layout_get_axis_title (layout, 0, &title));
      g_assert_cmpuint (pulse_chart_layout_get_n_partial_labels (layout), ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          pulse_chart_layout_get_partial_label_rect (layout, i, &label);
          g_assert_cmpfloat (label.y + label.height, <=, plot.y);
          g_assert_cmpfloat (label.x, >=, 0);
          g_assert_cmpfloat (label.x + label.width, <=, widths[w]);
          g_assert_false (rects_overlap (&label, &title));
        }
      /* The last one ends over the last bucket. */
      g_assert_cmpfloat (label.x + label.width, >=, pulse_chart_layout_get_bucket_x (layout, 29) - 1);
    }
  pulse_chart_style_clear (&style);
}

static void
test_legend_wraps (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
  g_autoptr(PulseChartLayout) layout = NULL;
  PulseChartStyle style;
  cairo_rectangle_t first, last;
  double values[30];
  PulseChartHit hit;

  for (guint i = 0; i < 30; i++)
    values[i] = 100;
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("extra%u", i);
      pulse_chart_model_add_series (model, id, "A rather long series title", values, 30, -1);
    }
  pulse_chart_style_init_light (&style);
  layout = pulse_chart_layout_new (model, &style, 360, 260);

  g_assert_cmpuint (pulse_chart_layout_get_n_legend_entries (layout), ==, 6);
  pulse_chart_layout_get_legend_entry (layout, 0, &first);
  g_assert_cmpint (pulse_chart_layout_get_legend_entry (layout, 5, &last), ==, 5);
  g_assert_cmpfloat (last.y, >, first.y + first.height - 1);
  for (guint i = 0; i < 6; i++)
    {
      cairo_rectangle_t rect;
      int series = pulse_chart_layout_get_legend_entry (layout, i, &rect);

      g_assert_cmpfloat (rect.x + rect.width, <=, 360 + 4);
      /* a click on it finds it */
      g_assert_true (pulse_chart_layout_hit_test (layout, rect.x + rect.width / 2, rect.y + rect.height / 2, &hit));
      g_assert_cmpint (hit.kind, ==, PULSE_CHART_HIT_LEGEND);
      g_assert_cmpint (hit.series, ==, series);
    }
  pulse_chart_style_clear (&style);
}

static void
test_hit_test (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
  PulseChartStyle style;
  g_autoptr(PulseChartLayout) layout = NULL;
  cairo_rectangle_t plot;
  PulseChartHit hit;
  double x;

  pulse_chart_style_init_light (&style);
  layout = pulse_chart_layout_new (model, &style, 600, 300);
  pulse_chart_layout_get_plot_area (layout, &plot);

  x = pulse_chart_layout_get_bucket_x (layout, 12);
  g_assert_true (pulse_chart_hit_test (model, &style, 600, 300, x + 3, plot.y + plot.height / 2, &hit));
  g_assert_cmpint (hit.kind, ==, PULSE_CHART_HIT_BUCKET);
  g_assert_cmpint (hit.index, ==, 12);

  /* Hover drawing does not fail on any bucket */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 300);
    cairo_t *cr = cairo_create (surface);

    for (int b = 0; b < 30; b++)
      {
        hit = (PulseChartHit) { PULSE_CHART_HIT_BUCKET, b, -1 };
        pulse_chart_layout_draw_hover (layout, cr, &hit);
      }
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  pulse_chart_style_clear (&style);
}

/* Model */

static void
count_changed (PulseChartModel *model,
               guint           *count)
{
  (*count)++;
}

static void
test_model_signals (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
  guint changed = 0;

  g_signal_connect (model, "changed", G_CALLBACK (count_changed), &changed);
  pulse_chart_model_set_series_visible (model, 1, FALSE);
  g_assert_cmpuint (changed, ==, 1);
  pulse_chart_model_set_series_visible (model, 1, FALSE);
  g_assert_cmpuint (changed, ==, 1);
  pulse_chart_model_toggle_series (model, 1);
  g_assert_true (pulse_chart_model_get_series_visible (model, 1));
  g_assert_cmpuint (changed, ==, 2);
  pulse_chart_model_set_title (model, "Daily active users");
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpint (pulse_chart_model_find_series (model, "BUILDER"), ==, 1);
  g_assert_cmpint (pulse_chart_model_find_series (model, "nope"), ==, -1);
}

static void
test_model_summary (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
  g_autoptr(PulseChartModel) empty = pulse_chart_model_new (PULSE_CHART_KIND_LINE);
  g_autofree char *text = NULL;
  g_autofree char *both = NULL;
  g_autofree char *empty_text = NULL;
  PulseChartKind kind;

  pulse_chart_model_set_series_visible (model, 1, FALSE);
  text = pulse_chart_model_dup_summary_text (model);
  g_assert_cmpstr (text, ==, "Daily active users, 30 days, from 120 to 160");

  pulse_chart_model_set_series_visible (model, 1, TRUE);
  both = pulse_chart_model_dup_summary_text (model);
  g_assert_cmpstr (both, ==, "Daily active users, 30 days: All from 120 to 160; Builders from 60 to 63");

  pulse_chart_model_set_title (empty, "Signups");
  empty_text = pulse_chart_model_dup_summary_text (empty);
  g_assert_cmpstr (empty_text, ==, "Signups: No data for this range");

  g_assert_true (pulse_chart_kind_from_string ("stacked-bar", &kind));
  g_assert_cmpint (kind, ==, PULSE_CHART_KIND_STACKED_BAR);
  g_assert_false (pulse_chart_kind_from_string ("pie", &kind));
}

/* Units and axes */

/* Rates of 2 to 5 % (fractions in SQL) beside some 3,000 views a day */
static const ChartTestSeries engagement[] = {
  { "rate", 0.02, 0.005 },
  { "reactions", 60, 5 },
  { "comments", 20, 2 },
  { "views", 3000, 100 },
};

/* Sessions of 17 to 20 minutes, 1,500 sessions a day */
static const ChartTestSeries sessions[] = {
  { "sessions", 1500, 50 },
  { "avg_seconds", 1020, 30 },
  { "median_seconds", 600, 10 },
};

/* The model a card shows of a catalog metric, with only @shown visible. */
static PulseChartModel *
catalog_model (const char            *metric_id,
               const ChartTestSeries *series,
               guint                  n_series,
               const char * const    *shown)
{
  g_autoptr(PulseMetricResult) result = chart_test_catalog_result (metric_id, "2024-03-01", series, n_series);
  PulseChartModel *model = pulse_chart_model_new_for_result (result, NULL, "all");

  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    pulse_chart_model_set_series_visible (model, i,
                                          g_strv_contains (shown, pulse_chart_model_get_series_id (model, i)));
  return model;
}

static int
find_series (PulseChartModel *model,
             const char      *id)
{
  int index = pulse_chart_model_find_series (model, id);

  g_assert_cmpint (index, >=, 0);
  return index;
}

/* A tick label is a number: the unit is the axis' title. */
static void
assert_ticks_plain (PulseChartLayout *layout,
                    guint             axis)
{
  g_assert_cmpuint (pulse_chart_layout_get_axis_n_ticks (layout, axis), >=, 2);
  for (guint i = 0; i < pulse_chart_layout_get_axis_n_ticks (layout, axis); i++)
    {
      const char *label;

      pulse_chart_layout_get_axis_tick (layout, axis, i, &label);
      for (const char *c = label; *c; c = g_utf8_next_char (c))
        g_assert_false (g_unichar_isalpha (g_utf8_get_char (c)) || *c == '%');
    }
}

static void
test_second_axis (void)
{
  const char * const shown[] = { "rate", "views", NULL };
  g_autoptr(PulseChartModel) model = catalog_model ("post_engagement_rate", engagement,
                                                    G_N_ELEMENTS (engagement), shown);
  int rate = find_series (model, "rate"), views = find_series (model, "views");
  g_auto(Shot) shot = { 0 };
  g_autofree char *rate_text = NULL;
  g_autofree char *views_text = NULL;
  cairo_rectangle_t plot, left_title, right_title;
  double min, max, y;

  /* Only the rate is a fraction made a percentage; views stay counts. */
  g_assert_cmpstr (pulse_chart_model_get_series_unit (model, rate), ==, "%");
  g_assert_cmpstr (pulse_chart_model_get_series_unit (model, views), ==, "views");
  g_assert_cmpfloat_with_epsilon (pulse_chart_model_get_value (model, rate, 0), 2, 1e-9);
  g_assert_cmpfloat (pulse_chart_model_get_value (model, views, 0), ==, 3000);

  shot_take (&shot, model, 720, 320, FALSE);
  pulse_chart_layout_get_plot_area (shot.layout, &plot);
  g_assert_cmpuint (pulse_chart_layout_get_n_value_axes (shot.layout), ==, 2);
  g_assert_cmpint (pulse_chart_layout_get_series_axis (shot.layout, rate), ==, 0);
  g_assert_cmpint (pulse_chart_layout_get_series_axis (shot.layout, views), ==, 1);

  /* The rate keeps a percent scale of its own, from zero */
  g_assert_true (pulse_chart_layout_get_axis_range (shot.layout, 0, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, >=, 5);
  g_assert_cmpfloat (max, <=, 10);
  /* and its peak (5 %) is in the upper half of the plot, not flat at the bottom */
  g_assert_cmpfloat (pulse_chart_layout_get_axis_value_y (shot.layout, 0, 5), <, plot.y + plot.height / 2);

  /* Views on the right, counted from zero */
  g_assert_true (pulse_chart_layout_get_axis_range (shot.layout, 1, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, >=, 3600);
  /* with its ticks on the left axis' grid lines, and little room to spare */
  g_assert_cmpuint (pulse_chart_layout_get_axis_n_ticks (shot.layout, 1), ==,
                    pulse_chart_layout_get_axis_n_ticks (shot.layout, 0));
  g_assert_cmpfloat (max, <=, 3600 * 1.5);
  /* and drawn against it, in its colour: the Saturday peak */
  y = pulse_chart_layout_get_axis_value_y (shot.layout, 1, 3600);
  g_assert_true (color_near (&shot, pulse_chart_layout_get_bucket_x (shot.layout, 6), y, 2,
                             series_color (&shot, pulse_chart_model_get_series_color (model, views))));

  /* The units once, as titles over each axis' labels */
  g_assert_cmpstr (pulse_chart_layout_get_axis_title (shot.layout, 0, &left_title), ==, "%");
  g_assert_cmpstr (pulse_chart_layout_get_axis_title (shot.layout, 1, &right_title), ==, "views");
  g_assert_cmpfloat (left_title.x + left_title.width, <=, plot.x);
  g_assert_cmpfloat (right_title.x, >=, plot.x + plot.width);
  g_assert_cmpfloat (left_title.y + left_title.height, <=, plot.y);
  assert_ticks_plain (shot.layout, 0);
  assert_ticks_plain (shot.layout, 1);

  /* The legend says which axis; the tooltip each series' unit */
  g_assert_nonnull (strstr (pulse_chart_layout_get_legend_label (shot.layout, views), "right axis"));
  g_assert_cmpstr (pulse_chart_layout_get_legend_label (shot.layout, rate), ==, "Engagement rate");
  rate_text = pulse_chart_layout_dup_series_value (shot.layout, rate, 1);
  views_text = pulse_chart_layout_dup_series_value (shot.layout, views, 0);
  g_assert_cmpstr (rate_text, ==, "2.50 %");
  g_assert_cmpstr (views_text, ==, "3,000 views");
}

/* A third unit has no axis: the one turned on last is not drawn, and
 * the legend says so. */
static void
test_third_unit (void)
{
  const char * const shown[] = { "rate", "views", NULL };
  g_autoptr(PulseChartModel) model = catalog_model ("post_engagement_rate", engagement,
                                                    G_N_ELEMENTS (engagement), shown);
  int comments = find_series (model, "comments"), views = find_series (model, "views");
  g_autofree char *text = NULL;
  cairo_rectangle_t plot;

  pulse_chart_model_set_series_visible (model, comments, TRUE);
  {
    g_auto(Shot) shot = { 0 };

    shot_take (&shot, model, 720, 320, FALSE);
    pulse_chart_layout_get_plot_area (shot.layout, &plot);
    g_assert_cmpuint (pulse_chart_layout_get_n_value_axes (shot.layout), ==, 2);
    g_assert_cmpint (pulse_chart_layout_get_series_axis (shot.layout, views), ==, 1);
    g_assert_cmpint (pulse_chart_layout_get_series_axis (shot.layout, comments), ==, -1);
    g_assert_nonnull (strstr (pulse_chart_layout_get_legend_label (shot.layout, comments), "not drawn"));
    g_assert_cmpuint (count_color (&shot, plot.x, plot.y, plot.width, plot.height,
                                   series_color (&shot, pulse_chart_model_get_series_color (model, comments))), ==, 0);
    /* Its values still read right in a tooltip */
    text = pulse_chart_layout_dup_series_value (shot.layout, comments, 0);
    g_assert_cmpstr (text, ==, "20 comments");
  }

  /* Views off: comments take the right axis */
  pulse_chart_model_set_series_visible (model, views, FALSE);
  {
    g_auto(Shot) shot = { 0 };

    shot_take (&shot, model, 720, 320, FALSE);
    g_assert_cmpint (pulse_chart_layout_get_series_axis (shot.layout, comments), ==, 1);
    g_assert_cmpstr (pulse_chart_layout_get_axis_title (shot.layout, 1, NULL), ==, "comments");
  }
}

static void
test_duration_axis (void)
{
  const char * const shown[] = { "sessions", "avg_seconds", "median_seconds", NULL };
  g_autoptr(PulseChartModel) model = catalog_model ("session_duration", sessions, G_N_ELEMENTS (sessions), shown);
  int count = find_series (model, "sessions"), avg = find_series (model, "avg_seconds");
  g_auto(Shot) shot = { 0 };
  g_autofree char *avg_text = NULL;
  g_autofree char *count_text = NULL;
  double min, max;

  shot_take (&shot, model, 360, 260, TRUE);
  /* The chart's own unit on the left, though sessions come first */
  g_assert_cmpint (pulse_chart_layout_get_series_axis (shot.layout, avg), ==, 0);
  g_assert_cmpint (pulse_chart_layout_get_series_axis (shot.layout, count), ==, 1);

  /* Durations of up to 20 minutes count in minutes, as the headline */
  g_assert_cmpstr (pulse_chart_layout_get_axis_title (shot.layout, 0, NULL), ==, "minutes");
  assert_ticks_plain (shot.layout, 0);
  for (guint i = 0; i < pulse_chart_layout_get_axis_n_ticks (shot.layout, 0); i++)
    {
      const char *label;
      double seconds = pulse_chart_layout_get_axis_tick (shot.layout, 0, i, &label);
      g_autofree char *minutes = pulse_chart_format_tick (seconds / 60, 1);

      g_assert_cmpfloat (fmod (seconds, 60), ==, 0);
      g_assert_cmpstr (label, ==, minutes);
    }

  /* Sessions are counts: their own axis, from zero */
  g_assert_cmpstr (pulse_chart_layout_get_axis_title (shot.layout, 1, NULL), ==, "sessions");
  g_assert_true (pulse_chart_layout_get_axis_range (shot.layout, 1, &min, &max));
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, >=, 1800);

  avg_text = pulse_chart_layout_dup_series_value (shot.layout, avg, 0);
  count_text = pulse_chart_layout_dup_series_value (shot.layout, count, 0);
  g_assert_cmpstr (avg_text, ==, "17 min 00 s");
  g_assert_cmpstr (count_text, ==, "1,500 sessions");
}

static void
test_duration_units (void)
{
  g_autofree char *seconds = pulse_chart_format_series_value (45, "seconds");
  g_autofree char *minutes = pulse_chart_format_measure (1100, "seconds", TRUE);
  g_autofree char *hours = pulse_chart_format_series_value (7500, "seconds");

  g_assert_cmpfloat (pulse_chart_duration_divisor (59), ==, 1);
  g_assert_cmpfloat (pulse_chart_duration_divisor (60), ==, 60);
  g_assert_cmpfloat (pulse_chart_duration_divisor (3600), ==, 3600);
  g_assert_cmpstr (pulse_chart_duration_title (1), ==, "seconds");
  g_assert_cmpstr (pulse_chart_duration_title (60), ==, "minutes");
  g_assert_cmpstr (pulse_chart_duration_title (3600), ==, "hours");
  g_assert_cmpstr (seconds, ==, "45 s");
  g_assert_cmpstr (minutes, ==, "18 min 20 s");
  g_assert_cmpstr (hours, ==, "2 h 05 min");
}

/* Counts start at zero; plain numbers zoom in on their range. */
static void
test_counts_from_zero (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_LINE);
  double min;

  /* All users: 120 to 180 */
  pulse_chart_model_set_series_visible (model, 1, FALSE);
  {
    g_auto(Shot) shot = { 0 };

    shot_take (&shot, model, 600, 300, FALSE);
    g_assert_true (pulse_chart_layout_get_value_range (shot.layout, &min, NULL));
    g_assert_cmpfloat (min, >, 0);
    g_assert_null (pulse_chart_layout_get_axis_title (shot.layout, 0, NULL));
  }

  pulse_chart_model_set_unit (model, "persons");
  {
    g_auto(Shot) shot = { 0 };

    shot_take (&shot, model, 600, 300, FALSE);
    g_assert_true (pulse_chart_layout_get_value_range (shot.layout, &min, NULL));
    g_assert_cmpfloat (min, ==, 0);
    g_assert_cmpstr (pulse_chart_layout_get_axis_title (shot.layout, 0, NULL), ==, "persons");
  }
}

/* A stack adds its series up: a second unit is not stacked onto it. */
static void
test_stacked_one_unit (void)
{
  g_autoptr(PulseChartModel) model = chart_test_line_model (PULSE_CHART_KIND_STACKED_BAR);
  g_auto(Shot) shot = { 0 };
  cairo_rectangle_t plot;

  pulse_chart_model_set_unit (model, "votes");
  pulse_chart_model_set_series_unit (model, 1, "persons");
  shot_take (&shot, model, 600, 300, FALSE);
  pulse_chart_layout_get_plot_area (shot.layout, &plot);
  g_assert_cmpuint (pulse_chart_layout_get_n_value_axes (shot.layout), ==, 1);
  g_assert_cmpint (pulse_chart_layout_get_series_axis (shot.layout, 1), ==, -1);
  g_assert_nonnull (strstr (pulse_chart_layout_get_legend_label (shot.layout, 1), "not drawn"));
  g_assert_cmpuint (count_color (&shot, plot.x, plot.y, plot.width, plot.height, series_color (&shot, 1)), ==, 0);
  g_assert_cmpuint (count_color (&shot, plot.x, plot.y, plot.width, plot.height, series_color (&shot, 0)), >, 100);
}

/* Lifecycle's dormant users hang below zero; the tooltip says how many. */
static void
test_stacked_negative (void)
{
  static const ChartTestSeries lifecycle[] = {
    { "new", 20, 0 }, { "returning", 30, 0 }, { "resurrecting", 10, 0 }, { "dormant", 25, 0 },
  };
  g_autoptr(PulseMetricResult) result = chart_test_catalog_result ("lifecycle", "2024-03-01",
                                                                   lifecycle, G_N_ELEMENTS (lifecycle));
  g_autoptr(PulseChartModel) model = pulse_chart_model_new_for_result (result, NULL, "all");
  int dormant = find_series (model, "dormant");
  g_auto(Shot) shot = { 0 };
  g_autofree char *shown = NULL;
  cairo_rectangle_t column;
  double min, max, zero;

  g_assert_true (pulse_chart_model_get_series_downward (model, dormant));
  g_assert_false (pulse_chart_model_get_series_downward (model, find_series (model, "new")));
  /* the model keeps the count */
  g_assert_cmpfloat (pulse_chart_model_get_series_values (model, dormant, NULL)[0], ==, 25);

  shot_take (&shot, model, 600, 300, FALSE);
  g_assert_true (pulse_chart_layout_get_value_range (shot.layout, &min, &max));
  g_assert_cmpfloat (min, <=, -25);
  g_assert_cmpfloat (max, >=, 20 + 30 + 10);

  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 3, &column));
  zero = pulse_chart_layout_get_value_y (shot.layout, 0);
  g_assert_true (pixel_is (&shot, column.x + column.width / 2, zero + 5,
                           series_color (&shot, pulse_chart_model_get_series_color (model, dormant)), 10));
  g_assert_true (pixel_is (&shot, column.x + column.width / 2, zero - 5,
                           series_color (&shot, pulse_chart_model_get_series_color (model, find_series (model, "new"))),
                           10));

  shown = pulse_chart_layout_dup_series_value (shot.layout, dormant, 3);
  g_assert_cmpstr (shown, ==, "25 persons");
}

/* The previous period's series are titled with its label. */
static void
test_previous_label (void)
{
  g_autoptr(PulseMetricResult) result = chart_test_catalog_result ("session_duration", "2024-03-31",
                                                                   sessions, G_N_ELEMENTS (sessions));
  g_autoptr(PulseMetricResult) previous = chart_test_catalog_result ("session_duration", "2024-03-01",
                                                                     sessions, G_N_ELEMENTS (sessions));
  g_autoptr(PulseChartModel) model = pulse_chart_model_new_for_result (result, previous, "all");
  int index = find_series (model, "avg_seconds:previous");
  guint changes = 0;

  g_assert_true (pulse_chart_model_get_series_dashed (model, index));
  g_assert_cmpstr (pulse_chart_model_get_series_title (model, index), ==, "Average duration (previous period)");
  g_assert_cmpstr (pulse_chart_model_get_series_unit (model, find_series (model, "sessions:previous")), ==,
                   "sessions");

  g_signal_connect (model, "changed", G_CALLBACK (count_changed), &changes);
  pulse_chart_model_set_previous_label (model, "Mar 1 – Mar 30");
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (pulse_chart_model_get_previous_label (model), ==, "Mar 1 – Mar 30");
  g_assert_cmpstr (pulse_chart_model_get_series_title (model, index), ==, "Average duration (Mar 1 – Mar 30)");
  /* and so is their legend entry */
  {
    g_auto(Shot) shot = { 0 };

    shot_take (&shot, model, 900, 320, FALSE);
    g_assert_cmpstr (pulse_chart_layout_get_legend_label (shot.layout, index), ==,
                     "Average duration (Mar 1 – Mar 30)");
  }
}

/* Every kind at the sizes of the app, both palettes: no warnings, no
 * label outside the chart. */
/* Cohort table */

static PulseChartModel *
cohort_model (void)
{
  g_autoptr(PulseMetricResult) result = chart_test_retention_result ();

  return pulse_chart_model_new_for_result (result, NULL, NULL);
}

/* Pixels of a cell's top row, inside its rounded corners, that are not
 * its fill: the hatching of a cell still running. */
static guint
cell_marks (Shot                    *shot,
            const cairo_rectangle_t *rect)
{
  guint r, g, b, n = 0;
  PulseChartColor fill;

  pixel_rgb (shot, rect->x + 3, rect->y + 2, &r, &g, &b);
  fill = (PulseChartColor) { r / 255.0, g / 255.0, b / 255.0, 1 };
  for (int x = rect->x + 3; x < rect->x + rect->width - 3; x++)
    n += !pixel_is (shot, x, rect->y + 2, &fill, 8);
  return n;
}

static void
test_cohort_table (void)
{
  g_autoptr(PulseChartModel) model = cohort_model ();
  const guint n_periods = 13, n_cohorts = CHART_TEST_N_COHORTS;
  g_auto(Shot) shot = { 0 };
  cairo_rectangle_t full, fewer, nobody, running, unknown;
  guint r0, g0, b0, r1, g1, b1;
  PulseChartHit hit;

  g_assert_cmpint (pulse_chart_model_get_kind (model), ==, PULSE_CHART_KIND_COHORT);
  g_assert_cmpuint (pulse_chart_model_get_n_cohorts (model), ==, n_cohorts);
  g_assert_cmpuint (pulse_chart_model_get_n_periods (model), ==, n_periods);
  g_assert_cmpint (pulse_chart_model_get_period (model), ==, PULSE_GRANULARITY_WEEK);
  g_assert_cmpstr (pulse_chart_model_get_cohort_start (model, 1), ==, "2024-03-11");
  g_assert_cmpfloat (pulse_chart_model_get_cohort_partial_from (model, 1), ==, 4);
  g_assert_true (isnan (pulse_chart_model_get_cohort_value (model, 1, FALSE, 5)));
  g_assert_cmpint (pulse_chart_model_get_cohort_series (model), ==, 0);
  g_assert_cmpstr (pulse_chart_model_get_series_id (model, 0), ==, "on");
  g_assert_false (pulse_chart_model_is_empty (model));

  shot_take (&shot, model, 720, pulse_chart_model_get_natural_height (model), FALSE);

  /* Each known cell is hit where it is drawn, as its (cohort, period);
   * cells not known yet are empty and not hit; columns no cohort
   * reached are not drawn. */
  for (guint c = 0; c < n_cohorts; c++)
    for (guint p = 0; p < n_periods; p++)
      {
        guint cell = c * n_periods + p, cohort, period;
        gboolean known = p < n_cohorts - c;
        cairo_rectangle_t rect;

        g_assert_cmpint (pulse_chart_layout_get_item_rect (shot.layout, cell, &rect), ==, p < n_cohorts);
        if (p >= n_cohorts)
          continue;
        g_assert_cmpint (pulse_chart_layout_hit_test (shot.layout, rect.x + rect.width / 2,
                                                      rect.y + rect.height / 2, &hit), ==, known);
        if (!known)
          {
            g_assert_cmpint (hit.kind, ==, PULSE_CHART_HIT_NONE);
            continue;
          }
        g_assert_cmpint (hit.kind, ==, PULSE_CHART_HIT_CELL);
        g_assert_cmpint (hit.index, ==, (int)cell);
        g_assert_true (pulse_chart_model_get_cell (model, hit.index, &cohort, &period));
        g_assert_cmpuint (cohort, ==, c);
        g_assert_cmpuint (period, ==, p);
      }
  g_assert_false (pulse_chart_model_get_cell (model, n_cohorts * n_periods, NULL, NULL));

  /* The heat scale: everybody is the series colour, fewer is paler,
   * nobody paler still but not the background; not known is blank. */
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 0 * n_periods + 0, &full));
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 2 * n_periods + 1, &fewer));
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 3 * n_periods + 1, &nobody));
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 1 * n_periods + 4, &running));
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 5 * n_periods + 1, &unknown));
  g_assert_true (pixel_is (&shot, full.x + 3, full.y + full.height / 2, series_color (&shot, 0), 4));
  pixel_rgb (&shot, fewer.x + 3, fewer.y + fewer.height / 2, &r0, &g0, &b0);
  pixel_rgb (&shot, nobody.x + 3, nobody.y + nobody.height / 2, &r1, &g1, &b1);
  g_assert_cmpuint (r0 + g0 + b0, >, 255 * (series_color (&shot, 0)->red + series_color (&shot, 0)->green +
                                            series_color (&shot, 0)->blue) + 30);
  g_assert_cmpuint (r1 + g1 + b1, >, r0 + g0 + b0 + 30);
  g_assert_false (pixel_is (&shot, nobody.x + 3, nobody.y + nobody.height / 2, &shot.style.palette.surface, 4));
  g_assert_cmpuint (count_color (&shot, unknown.x, unknown.y, unknown.width, unknown.height,
                                 &shot.style.palette.surface), ==, (guint)unknown.width * (guint)unknown.height);
  /* The cell still running is hatched; the others are not. */
  g_assert_cmpuint (cell_marks (&shot, &running), >, 2);
  g_assert_cmpuint (cell_marks (&shot, &fewer), ==, 0);

  /* Hovering a cell outlines it and puts its tooltip beside it. */
  {
    PulseChartHit over = { PULSE_CHART_HIT_CELL, 2 * n_periods + 1, -1 };
    double gap_x = fewer.x + fewer.width / 2, gap_y = fewer.y - 1;
    cairo_t *cr = cairo_create (shot.surface);

    /* Between two rows, the card shows through. */
    g_assert_true (pixel_is (&shot, gap_x, gap_y, &shot.style.palette.surface, 4));

    pulse_chart_layout_draw_hover (shot.layout, cr, &over);
    cairo_destroy (cr);
    cairo_surface_flush (shot.surface);
    g_assert_false (pixel_is (&shot, gap_x, gap_y, &shot.style.palette.surface, 40));
    if (g_getenv ("PULSE_CHART_TEST_PNG_DIR"))
      {
        g_autofree char *path = g_build_filename (g_getenv ("PULSE_CHART_TEST_PNG_DIR"), "cohort-hover.png", NULL);
        cairo_surface_write_to_png (shot.surface, path);
      }
  }

  /* The legend switches between the two counts: one at a time, and the
   * one shown stays when clicked again. */
  pulse_chart_model_toggle_series (model, 1);
  g_assert_cmpint (pulse_chart_model_get_cohort_series (model), ==, 1);
  g_assert_false (pulse_chart_model_get_series_visible (model, 0));
  pulse_chart_model_toggle_series (model, 1);
  g_assert_true (pulse_chart_model_get_series_visible (model, 1));
  g_assert_cmpfloat (pulse_chart_model_get_cohort_value (model, 0, TRUE, 1), ==,
                     round (120 * CHART_TEST_COHORT_SHARE (0, 1)) + 5);

  /* More cohorts want more room. */
  g_assert_cmpint (pulse_chart_model_get_natural_height (model), >, 6 * 20);
  g_assert_cmpint (pulse_chart_model_get_natural_width (model), >, 360);
}

/* Daily cohorts at a phone's width: the columns that fit, and a note
 * for the others; every cell label stays inside the chart. */
static void
test_cohort_narrow (void)
{
  g_autoptr(PulseChartModel) model = pulse_chart_model_new (PULSE_CHART_KIND_COHORT);
  g_auto(Shot) shot = { 0 };
  double on[31], later[31];
  cairo_rectangle_t rect;
  guint shown = 0;

  pulse_chart_model_add_series (model, "on", "On", NULL, 0, 0);
  pulse_chart_model_add_series (model, "on_or_after", "On or after", NULL, 0, 0);
  pulse_chart_model_set_series_visible (model, 1, FALSE);
  for (guint c = 0; c < 30; c++)
    {
      g_autofree char *start = g_strdup_printf ("2024-03-%02u", c + 1);

      for (guint p = 0; p < 31; p++)
        on[p] = later[p] = p < 30 - c ? 20 - p / 3 : NAN;
      pulse_chart_model_add_cohort (model, start, 20, 29 - c, on, later, 31);
    }
  shot_take (&shot, model, 380, 700, FALSE);
  for (guint p = 0; p < 31; p++)
    if (pulse_chart_layout_get_item_rect (shot.layout, p, &rect))
      {
        shown++;
        g_assert_cmpfloat (rect.x + rect.width, <=, 380);
      }
  g_assert_cmpuint (shown, >, 10);
  g_assert_cmpuint (shown, <, 30);
  /* 30 rows in 700 px: all of them, each at least a few pixels high. */
  g_assert_true (pulse_chart_layout_get_item_rect (shot.layout, 29 * 31, &rect));
  g_assert_cmpfloat (rect.y + rect.height, <=, 700);
  g_assert_cmpfloat (rect.height, >=, 4);
}

static void
test_all_kinds_all_sizes (void)
{
  PulseChartModel *models[] = {
    chart_test_line_model (PULSE_CHART_KIND_LINE),
    chart_test_line_model (PULSE_CHART_KIND_AREA),
    chart_test_line_model (PULSE_CHART_KIND_STACKED_BAR),
    funnel_model (),
    histogram_model (),
    cohort_model (),
  };
  const int sizes[][2] = { { 360, 260 }, { 900, 320 }, { 1920, 400 }, { 160, 120 } };

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_auto(Shot) shot = { 0 };

          shot_take (&shot, models[m], sizes[s][0], sizes[s][1], s % 2);
          assert_labels_apart (shot.layout, sizes[s][0]);
        }
      g_object_unref (models[m]);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/charts/render/line-peak", test_line_peak);
  g_test_add_func ("/charts/render/hidden-series", test_line_hidden_series);
  g_test_add_func ("/charts/render/dashed-comparison", test_line_dashed_comparison);
  g_test_add_func ("/charts/render/null-gap", test_line_null_gap);
  g_test_add_func ("/charts/render/stacked-bar", test_stacked_bar);
  g_test_add_func ("/charts/render/histogram", test_histogram);
  g_test_add_func ("/charts/render/funnel", test_funnel_proportional);
  g_test_add_func ("/charts/render/funnel-narrow", test_funnel_narrow);
  g_test_add_func ("/charts/render/empty", test_empty);
  g_test_add_func ("/charts/render/cohort-table", test_cohort_table);
  g_test_add_func ("/charts/render/cohort-narrow", test_cohort_narrow);
  g_test_add_func ("/charts/render/hairlines", test_hairlines);
  g_test_add_func ("/charts/render/all-kinds", test_all_kinds_all_sizes);
  g_test_add_func ("/charts/format/nice-ticks", test_nice_ticks);
  g_test_add_func ("/charts/format/numbers", test_number_format);
  g_test_add_func ("/charts/format/dates", test_dates);
  g_test_add_func ("/charts/layout/date-labels", test_date_labels);
  g_test_add_func ("/charts/layout/year-labels", test_year_labels);
  g_test_add_func ("/charts/render/partial-buckets", test_partial_buckets);
  g_test_add_func ("/charts/axes/partial-label-room", test_partial_label_room);
  g_test_add_func ("/charts/layout/legend-wraps", test_legend_wraps);
  g_test_add_func ("/charts/layout/hit-test", test_hit_test);
  g_test_add_func ("/charts/model/signals", test_model_signals);
  g_test_add_func ("/charts/model/summary", test_model_summary);
  g_test_add_func ("/charts/model/previous-label", test_previous_label);
  g_test_add_func ("/charts/axes/second-axis", test_second_axis);
  g_test_add_func ("/charts/axes/third-unit", test_third_unit);
  g_test_add_func ("/charts/axes/duration", test_duration_axis);
  g_test_add_func ("/charts/axes/counts-from-zero", test_counts_from_zero);
  g_test_add_func ("/charts/axes/stacked-one-unit", test_stacked_one_unit);
  g_test_add_func ("/charts/axes/stacked-negative", test_stacked_negative);
  g_test_add_func ("/charts/format/durations", test_duration_units);

  return g_test_run ();
}
