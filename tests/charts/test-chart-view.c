/* test-chart-view.c: the chart widget in a real window
 *
 * Legend toggles, keyboard navigation, the cached layout and the dark
 * style of PulseChartView, under a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "chart-test-models.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-view-private.h"

/* Wakes the blocking iterations below up now and then. */
static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
iterate_until_allocated (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while ((gtk_widget_get_width (widget) <= 0 || !gtk_widget_get_mapped (widget)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* let the first frame happen */
  for (guint i = 0; i < 20 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static gboolean
press_key (PulseChartView  *view,
           guint            keyval,
           GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
    }
  return handled;
}

static int
hovered_bucket (PulseChartView *view)
{
  const PulseChartHit *hit = pulse_chart_view_get_hover (view);

  return hit->kind == PULSE_CHART_HIT_BUCKET ? hit->index : -1;
}

/* Arrows, Home and End walk the buckets; Escape leaves; 1…9 toggle
 * the legend's entries; shortcuts with Ctrl go on to the window. */
static void
assert_keyboard_navigation (PulseChartView  *view,
                            PulseChartModel *model)
{
  guint n = pulse_chart_model_get_n_buckets (model);

  g_assert_cmpint (hovered_bucket (view), ==, -1);
  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  g_assert_cmpint (hovered_bucket (view), ==, 0);
  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  g_assert_cmpint (hovered_bucket (view), ==, 1);
  g_assert_true (press_key (view, GDK_KEY_End, 0));
  g_assert_cmpint (hovered_bucket (view), ==, (int)n - 1);
  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  g_assert_cmpint (hovered_bucket (view), ==, (int)n - 1);
  g_assert_true (press_key (view, GDK_KEY_Home, 0));
  g_assert_cmpint (hovered_bucket (view), ==, 0);
  g_assert_true (press_key (view, GDK_KEY_Escape, 0));
  g_assert_cmpint (pulse_chart_view_get_hover (view)->kind, ==, PULSE_CHART_HIT_NONE);
  g_assert_false (press_key (view, GDK_KEY_Escape, 0));
  g_assert_false (press_key (view, GDK_KEY_r, GDK_CONTROL_MASK));

  g_assert_true (press_key (view, GDK_KEY_2, 0));
  g_assert_false (pulse_chart_model_get_series_visible (model, 1));
  g_assert_true (press_key (view, GDK_KEY_2, 0));
  g_assert_true (pulse_chart_model_get_series_visible (model, 1));
  g_assert_false (press_key (view, GDK_KEY_9, 0));
}

static void
test_view (void)
{
  g_autoptr(PulseChartModel) model = NULL;
  PulseChartLayout *layout;
  PulseChartLayout *before;
  PulseChartView *view;
  GtkWindow *window;
  guint notified = 0;
  int series;
  guint timeout;

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return;
    }
  adw_init ();

  model = chart_test_line_model (PULSE_CHART_KIND_LINE);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 600, 300);
  view = pulse_chart_view_new ();
  g_signal_connect (view, "notify::model", G_CALLBACK (count_notify), &notified);
  gtk_window_set_child (window, GTK_WIDGET (view));

  pulse_chart_view_set_model (view, model);
  pulse_chart_view_set_model (view, model);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (pulse_chart_view_get_model (view) == model);
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (view)), ==, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_window_present (window);
  timeout = g_timeout_add (50, tick, NULL);
  iterate_until_allocated (GTK_WIDGET (view));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), >, 0);

  /* The layout is cached across frames */
  layout = pulse_chart_view_get_layout (view);
  g_assert_nonnull (layout);
  before = pulse_chart_layout_ref (layout);
  gtk_widget_queue_draw (GTK_WIDGET (view));
  iterate_until_allocated (GTK_WIDGET (view));
  g_assert_true (pulse_chart_view_get_layout (view) == before);
  g_assert_cmpuint (pulse_chart_layout_get_n_legend_entries (layout), ==, 2);

  /* A legend entry toggles its series, and the layout is redone */
  series = pulse_chart_layout_get_legend_entry (layout, 1, NULL);
  g_assert_true (pulse_chart_model_get_series_visible (model, series));
  pulse_chart_view_toggle_series (view, series);
  g_assert_false (pulse_chart_model_get_series_visible (model, series));
  g_assert_true (pulse_chart_view_get_layout (view) != before);
  pulse_chart_view_toggle_series (view, series);
  g_assert_true (pulse_chart_model_get_series_visible (model, series));
  pulse_chart_layout_unref (before);

  /* A series of another unit gets the right axis, which the legend
   * says; hidden, it takes its axis away */
  pulse_chart_model_set_unit (model, "persons");
  pulse_chart_model_set_series_unit (model, series, "views");
  layout = pulse_chart_view_get_layout (view);
  g_assert_cmpuint (pulse_chart_layout_get_n_value_axes (layout), ==, 2);
  g_assert_cmpint (pulse_chart_layout_get_series_axis (layout, series), ==, 1);
  g_assert_cmpstr (pulse_chart_layout_get_axis_title (layout, 1, NULL), ==, "views");
  g_assert_nonnull (strstr (pulse_chart_layout_get_legend_label (layout, series), "right axis"));
  pulse_chart_view_toggle_series (view, series);
  g_assert_cmpuint (pulse_chart_layout_get_n_value_axes (pulse_chart_view_get_layout (view)), ==, 1);
  pulse_chart_view_toggle_series (view, series);

  assert_keyboard_navigation (view, model);

  /* The style follows the dark preference */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  iterate_until_allocated (GTK_WIDGET (view));
  g_assert_true (pulse_chart_view_get_style (view)->dark);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  iterate_until_allocated (GTK_WIDGET (view));
  g_assert_false (pulse_chart_view_get_style (view)->dark);

  pulse_chart_view_set_model (view, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_source_remove (timeout);
  gtk_window_destroy (window);
}

static void
on_item_activated (PulseChartView *view,
                   int             kind,
                   int             index,
                   PulseChartHit  *activated)
{
  *activated = (PulseChartHit) { kind, index, -1 };
}

/* Clicks (@x, @y) as the pointer would. */
static void
click (PulseChartView *view,
       double          x,
       double          y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        g_signal_emit_by_name (controller, "released", 1, x, y);
    }
}

/* A cohort table: the keys walk its cells and Enter or a click on a
 * cell activates it; its legend switches between the two counts. */
static void
test_cohort_view (void)
{
  g_autoptr(PulseMetricResult) result = NULL;
  g_autoptr(PulseChartModel) model = NULL;
  PulseChartHit activated = { PULSE_CHART_HIT_NONE, -1, -1 };
  cairo_rectangle_t rect;
  PulseChartView *view;
  GtkWindow *window;
  guint timeout;

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return;
    }
  adw_init ();

  result = chart_test_retention_result ();
  model = pulse_chart_model_new_for_result (result, NULL, NULL);
  window = GTK_WINDOW (gtk_window_new ());
  view = pulse_chart_view_new ();
  g_signal_connect (view, "item-activated", G_CALLBACK (on_item_activated), &activated);
  gtk_window_set_child (window, GTK_WIDGET (view));
  pulse_chart_view_set_model (view, model);
  gtk_window_present (window);
  timeout = g_timeout_add (50, tick, NULL);
  iterate_until_allocated (GTK_WIDGET (view));
  /* The window takes the table's natural size: every row, no squeeze. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (view)), >=, pulse_chart_model_get_natural_height (model));

  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  g_assert_true (press_key (view, GDK_KEY_Right, 0));
  g_assert_cmpint (pulse_chart_view_get_hover (view)->kind, ==, PULSE_CHART_HIT_CELL);
  g_assert_cmpint (pulse_chart_view_get_hover (view)->index, ==, 1);
  g_assert_true (press_key (view, GDK_KEY_Return, 0));
  g_assert_cmpint (activated.kind, ==, PULSE_CHART_HIT_CELL);
  g_assert_cmpint (activated.index, ==, 1);

  /* The fourth cohort's week 2, under the pointer */
  g_assert_true (pulse_chart_layout_get_item_rect (pulse_chart_view_get_layout (view), 3 * 13 + 2, &rect));
  click (view, rect.x + rect.width / 2, rect.y + rect.height / 2);
  g_assert_cmpint (activated.index, ==, 3 * 13 + 2);

  /* "Active then or later" replaces "active in the period" */
  g_assert_true (press_key (view, GDK_KEY_2, 0));
  g_assert_cmpint (pulse_chart_model_get_cohort_series (model), ==, 1);
  g_assert_true (press_key (view, GDK_KEY_2, 0));
  g_assert_cmpint (pulse_chart_model_get_cohort_series (model), ==, 1);
  g_assert_true (press_key (view, GDK_KEY_1, 0));
  g_assert_cmpint (pulse_chart_model_get_cohort_series (model), ==, 0);

  g_source_remove (timeout);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/view/legend-toggle", test_view);
  g_test_add_func ("/charts/view/cohort-table", test_cohort_view);
  return g_test_run ();
}
