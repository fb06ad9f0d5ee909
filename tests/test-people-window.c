/* test-people-window.c: clicking a number lists its persons, in a real window
 *
 * A DAU point and a funnel step are clicked where the chart's hit test
 * finds them (the click gesture gets the coordinates a pointer would);
 * the people dialog that opens must list exactly as many persons as the
 * number clicked, read page by page as it is scrolled. A retention cell
 * and a lifecycle segment (dormant, drawn below zero, and returning) are
 * clicked at the middle of where the chart draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "pulse-chart-layout-private.h"
#include "pulse-chart-view-private.h"
#include "pulse-metric-card-private.h"
#include "pulse-people-dialog.h"
#include "pulse-settings.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

static PulseApplication *app;
static PulseCatalog *catalog;

static gboolean
has_layout (gpointer view)
{
  return pulse_chart_view_get_layout (view) != NULL;
}

/* Where the hit test finds @kind @index: the first such point of a scan. */
static gboolean
find_hit (PulseChartView    *view,
          PulseChartHitKind  kind,
          int                index,
          double            *x,
          double            *y)
{
  PulseChartLayout *layout = pulse_chart_view_get_layout (view);
  int width = gtk_widget_get_width (GTK_WIDGET (view)), height = gtk_widget_get_height (GTK_WIDGET (view));

  for (int py = 0; py < height; py += 2)
    for (int px = 0; px < width; px += 2)
      {
        PulseChartHit hit;

        if (pulse_chart_layout_hit_test (layout, px, py, &hit) && hit.kind == kind && hit.index == index)
          {
            *x = px;
            *y = py;
            return TRUE;
          }
      }
  return FALSE;
}

/* A primary click, as the pointer's press and release give the gesture. */
static void
click (PulseChartView *view,
       double          x,
       double          y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        g_signal_emit_by_name (controller, "released", 1, x, y);
    }
}

static PulsePeopleDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PULSE_IS_PEOPLE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return PULSE_PEOPLE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
counted (gpointer dialog)
{
  return !pulse_people_dialog_is_loading (dialog) && pulse_people_dialog_get_total (dialog) >= 0;
}

static gboolean
all_rows_read (gpointer dialog)
{
  return !pulse_people_dialog_is_loading (dialog) &&
         g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)) >=
         (guint64)pulse_people_dialog_get_total (dialog);
}

/* The list as the user gets it: scrolled to its end until no page is
 * left; every page read adds rows and none repeats. */
static guint
scroll_to_end (PulsePeopleDialog *dialog)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (pulse_people_dialog_get_view (dialog)),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  GListModel *persons = pulse_people_dialog_get_persons (dialog);
  guint pages = 1;

  pulse_test_wait_until (counted, dialog, 60);
  while (!all_rows_read (dialog))
    {
      guint before = g_list_model_get_n_items (persons);

      pulse_test_spin (50);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      pulse_test_wait_until (counted, dialog, 60);
      if (g_list_model_get_n_items (persons) > before)
        pages++;
    }
  for (guint i = 1; i < g_list_model_get_n_items (persons); i++)
    {
      g_autoptr(PulsePerson) a = g_list_model_get_item (persons, i - 1);
      g_autoptr(PulsePerson) b = g_list_model_get_item (persons, i);
      g_assert_cmpint (pulse_person_get_id (a), <, pulse_person_get_id (b));
    }
  return pages;
}

static void
close_dialog (PulsePeopleDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  pulse_test_spin (50);
}

static PulseChartView *
chart_of (PulseMetricCard *card)
{
  PulseChartView *view = PULSE_CHART_VIEW (pulse_test_find_descendant (GTK_WIDGET (card), PULSE_TYPE_CHART_VIEW));

  g_assert_nonnull (view);
  pulse_test_wait_until (has_layout, view, 10);
  return view;
}

static PulseWindow *
open_window (const char *conninfo)
{
  PulseWindow *window = pulse_window_new (GTK_APPLICATION (app), catalog);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1000);
  gtk_window_present (GTK_WINDOW (window));
  pulse_window_open_connection (window, conninfo);
  pulse_test_wait_for_page (pulse_window_get_visible_page (window));
  return window;
}

static char *conninfo;

/* Shows @group's page, wherever the window puts it; returns it. */
static PulseMetricPage *
show_group (PulseWindow *window,
            const char  *group)
{
  PulseMetricPage *page = pulse_window_find_page (window, group);
  guint n = g_list_model_get_n_items (pulse_window_get_pages (window));

  g_assert_nonnull (page);
  for (guint i = 0; i < n && pulse_window_get_visible_page (window) != page; i++)
    pulse_window_show_page (window, i);
  g_assert_true (pulse_window_get_visible_page (window) == page);
  return page;
}

static void
test_dau_point (void)
{
  PulseWindow *window = open_window (conninfo);
  PulseMetricPage *page;
  PulseMetricCard *card;
  PulseChartView *view;
  PulsePeopleDialog *dialog;
  const double *values;
  guint bucket, pages;
  double x, y;

  page = show_group (window, "activity");
  pulse_test_wait_for_page (page);
  card = pulse_metric_page_find_card (page, "dau");
  view = chart_of (card);

  /* The busiest day: its list spans pages of 7. */
  values = pulse_metric_result_find_series (pulse_metric_card_get_result (card), "all");
  bucket = 0;
  for (guint j = 1; j < pulse_metric_result_get_n_buckets (pulse_metric_card_get_result (card)); j++)
    if (values[j] > values[bucket])
      bucket = j;
  g_assert_cmpfloat (values[bucket], >, 14);
  g_assert_true (find_hit (view, PULSE_CHART_HIT_BUCKET, bucket, &x, &y));
  /* On the "all" line: the chart's y of its value. */
  y = pulse_chart_layout_get_value_y (pulse_chart_view_get_layout (view), values[bucket]);
  click (view, x, y);

  pulse_test_wait_until (dialog_open, NULL, 10);
  dialog = find_dialog ();
  pages = scroll_to_end (dialog);
  g_test_message ("DAU of bucket %u: %g; the list: %u rows in %u pages", bucket, values[bucket],
                  g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)), pages);
  g_assert_cmpint (pulse_people_dialog_get_total (dialog), ==, (gint64)values[bucket]);
  g_assert_cmpuint (g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)), ==, (guint)values[bucket]);
  /* Longer than two pages: read as it was scrolled, nothing lost or repeated. */
  g_assert_cmpfloat (values[bucket], >, 2 * 7);
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (dialog)), "Daily active users · "));
  g_assert_true (g_str_has_suffix (gtk_window_get_title (GTK_WINDOW (dialog)), " people"));
  close_dialog (dialog);

  /* Enter on the focused chart opens the hovered number too. */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
    gboolean handled = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          {
            g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_End, 0, 0, &handled);
            g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
          }
      }
    g_assert_true (handled);
  }
  pulse_test_wait_until (dialog_open, NULL, 10);
  dialog = find_dialog ();
  pulse_test_wait_until (counted, dialog, 60);
  g_assert_cmpint (pulse_people_dialog_get_total (dialog), ==,
                   (gint64)values[pulse_metric_result_get_n_buckets (pulse_metric_card_get_result (card)) - 1]);
  close_dialog (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_funnel_step (void)
{
  PulseWindow *window = open_window (conninfo);
  PulseMetricPage *page = show_group (window, "growth");
  PulseMetricCard *card;
  PulseChartView *view;
  PulseChartModel *model;
  PulsePeopleDialog *dialog;
  double x, y, value, next;

  pulse_test_wait_for_page (page);
  card = pulse_metric_page_find_card (page, "signup_funnel");
  view = chart_of (card);
  model = pulse_chart_view_get_model (view);

  /* The second step, "Verified email", and who went no further. */
  g_assert_true (find_hit (view, PULSE_CHART_HIT_STEP, 1, &x, &y));
  value = pulse_chart_model_get_step_value (model, 1);
  next = pulse_chart_model_get_step_value (model, 2);
  g_assert_cmpfloat (value, >, next);
  click (view, x, y);

  pulse_test_wait_until (dialog_open, NULL, 10);
  dialog = find_dialog ();
  scroll_to_end (dialog);
  g_test_message ("Funnel step %s: %g; the list: %u rows", pulse_chart_model_get_step_id (model, 1), value,
                  g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)));
  g_assert_cmpint (pulse_people_dialog_get_total (dialog), ==, (gint64)value);
  g_assert_cmpuint (g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)), ==, (guint)value);

  pulse_people_dialog_set_dropped (dialog, TRUE);
  scroll_to_end (dialog);
  g_assert_cmpint (pulse_people_dialog_get_total (dialog), ==, (gint64)(value - next));
  g_assert_cmpuint (g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)), ==, (guint)(value - next));
  close_dialog (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A retention cell: its persons are exactly the cell's count. */
static void
test_retention_cell (void)
{
  PulseWindow *window = open_window (conninfo);
  PulseMetricPage *page = show_group (window, "retention");
  PulseMetricCard *card;
  PulseMetricResult *result;
  PulseChartView *view;
  PulseChartModel *model;
  PulsePeopleDialog *dialog;
  cairo_rectangle_t rect;
  guint cohort = 0, period = 1;
  double count;

  pulse_test_wait_for_page (page);
  card = pulse_metric_page_find_card (page, "retention");
  view = chart_of (card);
  model = pulse_chart_view_get_model (view);
  result = pulse_metric_card_get_result (card);
  /* The cohort with the most persons back in the period after its own. */
  for (guint c = 1; c < pulse_metric_result_get_n_cohorts (result); c++)
    if (pulse_metric_result_get_cohort_on (result, c)[period] > pulse_metric_result_get_cohort_on (result, cohort)[period])
      cohort = c;
  count = pulse_metric_result_get_cohort_on (result, cohort)[period];
  g_assert_cmpfloat (count, >, 1);

  g_assert_true (pulse_chart_layout_get_item_rect (pulse_chart_view_get_layout (view),
                                                   cohort * pulse_chart_model_get_n_periods (model) + period, &rect));
  click (view, rect.x + rect.width / 2, rect.y + rect.height / 2);
  pulse_test_wait_until (dialog_open, NULL, 10);
  dialog = find_dialog ();
  scroll_to_end (dialog);
  g_test_message ("retention cohort %u period %u: %g; the list: %u rows", cohort, period, count,
                  g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)));
  g_assert_cmpint (pulse_people_dialog_get_total (dialog), ==, (gint64)count);
  g_assert_cmpuint (g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)), ==, (guint)count);
  close_dialog (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Clicks the middle of @series' segment of @bucket's stacked bar, where
 * the chart draws it (a downward one below zero); returns its count. */
static double
click_segment (PulseChartView *view,
               guint           bucket,
               const char     *series)
{
  PulseChartModel *model = pulse_chart_view_get_model (view);
  PulseChartLayout *layout = pulse_chart_view_get_layout (view);
  double up = 0, down = 0;

  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    {
      guint n_values;
      const double *values = pulse_chart_model_get_series_values (model, i, &n_values);
      double value = bucket < n_values ? values[bucket] : NAN, low, high;

      if (!pulse_chart_model_get_series_visible (model, i) || isnan (value))
        continue;
      if (pulse_chart_model_get_series_downward (model, i))
        high = down, low = (down -= value);
      else
        low = up, high = (up += value);
      if (g_str_equal (pulse_chart_model_get_series_id (model, i), series))
        {
          double top = pulse_chart_layout_get_value_y (layout, high);
          double bottom = pulse_chart_layout_get_value_y (layout, low);
          PulseChartHit hit;

          /* Tall enough to hit without touching its neighbours. */
          g_assert_cmpfloat (bottom - top, >, 4);
          g_assert_true (pulse_chart_layout_hit_test (layout, pulse_chart_layout_get_bucket_x (layout, bucket),
                                                      (top + bottom) / 2, &hit));
          g_assert_cmpint (hit.kind, ==, PULSE_CHART_HIT_BUCKET);
          g_assert_cmpint (hit.index, ==, bucket);
          click (view, pulse_chart_layout_get_bucket_x (layout, bucket), (top + bottom) / 2);
          return value;
        }
    }
  g_assert_not_reached ();
}

/* The bucket where @series has the most persons and differs from every
 * other series (so a wrong pick cannot give the same count). */
static guint
distinct_bucket (PulseChartModel *model,
                 const char      *series)
{
  int index = -1, best = -1;
  guint n_values;
  const double *values;

  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    if (g_str_equal (pulse_chart_model_get_series_id (model, i), series))
      index = i;
  g_assert_cmpint (index, >=, 0);
  values = pulse_chart_model_get_series_values (model, index, &n_values);
  for (guint b = 0; b < n_values; b++)
    {
      gboolean distinct = values[b] > 1;

      for (guint i = 0; distinct && i < pulse_chart_model_get_n_series (model); i++)
        {
          guint n_other;
          const double *other = pulse_chart_model_get_series_values (model, i, &n_other);

          if ((int)i != index && b < n_other && other[b] == values[b])
            distinct = FALSE;
        }
      if (distinct && (best < 0 || values[b] > values[best]))
        best = b;
    }
  g_assert_cmpint (best, >=, 0);
  return best;
}

/* A lifecycle segment: dormant below zero, returning above it; each
 * lists exactly the persons of its segment of its bucket. */
static void
test_lifecycle_segment (void)
{
  static const char * const segments[][2] = { { "dormant", "Dormant" }, { "returning", "Returning" } };
  PulseWindow *window = open_window (conninfo);
  PulseMetricPage *page = show_group (window, "activity");
  PulseChartView *view;
  g_autoptr(PulseChartModel) model = NULL;

  pulse_test_wait_for_page (page);
  view = chart_of (pulse_metric_page_find_card (page, "lifecycle"));
  model = g_object_ref (pulse_chart_view_get_model (view));
  g_assert_cmpint (pulse_chart_model_get_kind (model), ==, PULSE_CHART_KIND_STACKED_BAR);

  for (guint s = 0; s < G_N_ELEMENTS (segments); s++)
    {
      guint bucket = distinct_bucket (model, segments[s][0]);
      double count = click_segment (view, bucket, segments[s][0]);
      g_autofree char *says = g_strdup_printf (" · %s · ", segments[s][1]);
      PulsePeopleDialog *dialog;

      pulse_test_wait_until (dialog_open, NULL, 10);
      dialog = find_dialog ();
      scroll_to_end (dialog);
      g_test_message ("lifecycle %s of %s: %g; the list: %u rows (%s)", segments[s][0],
                      pulse_chart_model_get_buckets (model)[bucket], count,
                      g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)),
                      gtk_window_get_title (GTK_WINDOW (dialog)));
      g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (dialog)), says));
      g_assert_cmpint (pulse_people_dialog_get_total (dialog), ==, (gint64)count);
      g_assert_cmpuint (g_list_model_get_n_items (pulse_people_dialog_get_persons (dialog)), ==, (guint)count);
      close_dialog (dialog);
      /* The list's queries stop the cache's check for a while: that
       * changes nothing, so the page asks nothing again. */
      g_assert_true (pulse_chart_view_get_model (view) == model);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A number that counts no persons opens nothing. */
static void
test_no_people_for_other_metrics (void)
{
  PulseWindow *window = open_window (conninfo);
  PulseMetricPage *page = show_group (window, "finders");
  PulseChartView *view;
  double x, y;

  pulse_test_wait_for_page (page);
  view = chart_of (pulse_metric_page_find_card (page, "finder_searches"));
  g_assert_true (find_hit (view, PULSE_CHART_HIT_BUCKET, 0, &x, &y));
  click (view, x, y);
  pulse_test_spin (300);
  g_assert_null (find_dialog ());
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "people",
                                               PULSE_TEST_UI_CONFIG | PULSE_TEST_UI_APP |
                                               PULSE_TEST_UI_FIRST_GROUP | PULSE_TEST_UI_SERVER);
  int status;

  app = ui->app;
  catalog = ui->catalog;
  conninfo = pulse_test_pg_create_demo_db ("people_window", 300);
  /* Small pages: the lists below span several. */
  pulse_people_dialog_set_page_size (7);

  g_test_add_func ("/people-window/dau-point", test_dau_point);
  g_test_add_func ("/people-window/funnel-step", test_funnel_step);
  g_test_add_func ("/people-window/retention-cell", test_retention_cell);
  g_test_add_func ("/people-window/lifecycle-segment", test_lifecycle_segment);
  g_test_add_func ("/people-window/no-people-for-other-metrics", test_no_people_for_other_metrics);

  status = pulse_test_ui_run ();
  g_free (conninfo);
  return status;
}
