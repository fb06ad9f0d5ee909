/* test-window.c: the main window, under a real display server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "pulse-chart-model-private.h"
#include "pulse-application.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-view-private.h"
#include "pulse-connection-store.h"
#include "pulse-connection-switcher.h"
#include "pulse-demo.h"
#include "pulse-export-dialog-private.h"
#include "pulse-metric-query.h"
#include "pulse-settings.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"
#include "pulse-wrap-box-private.h"
#include "pulse-metric-card-private.h"
#include "pulse-card-grid-private.h"
#include "pulse-page-switcher.h"

static PulseApplication *app;
static PulseCatalog *catalog;
static char *tmp_home;

static const char * const groups[] = {
  "growth", "activity", "retention", "engagement", "posts", "profiles", "finders", "collections"
};

static gboolean
has_width (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0;
}

/* The window honours a default width (less its decoration, if any):
 * nothing inside asks for more. */
static void
wait_for_width (GtkWidget *window,
                int        width)
{
  int min = 0;

  pulse_test_wait_until (has_width, window, 10);
  pulse_test_spin (200);
  g_assert_cmpint (gtk_widget_get_width (window), >, width - 24);
  g_assert_cmpint (gtk_widget_get_width (window), <=, width);
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  g_assert_cmpint (min, <=, 360);
}

static gboolean
page_switcher_enabled (PulseWindow *window)
{
  GtkWidget *switcher = pulse_test_find_descendant (GTK_WIDGET (window), PULSE_TYPE_PAGE_SWITCHER);

  g_assert_nonnull (switcher);
  return pulse_page_switcher_get_enabled (PULSE_PAGE_SWITCHER (switcher));
}

static void
test_every_group_has_a_page (void)
{
  PulseWindow *window = pulse_test_ui_new_window ();
  g_autoptr(GListModel) pages = pulse_window_get_pages (window);
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  guint n_cards = 0, n_charted = 0;

  /* The overview, then one page per group. */
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, G_N_ELEMENTS (groups) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      PulseMetricPage *page = pulse_window_find_page (window, groups[i]);

      g_assert_nonnull (page);
      g_assert_cmpuint (pulse_metric_page_get_cards (page)->len, >, 0);
      n_cards += pulse_metric_page_get_cards (page)->len;
    }
  /* No catalog metric with a chart is missing from the window (a
   * catalog's table without one would get no empty card). */
  for (guint i = 0; i < metrics->len; i++)
    n_charted += pulse_metric_has_chart (g_ptr_array_index (metrics, i));
  g_assert_cmpuint (n_cards, ==, n_charted);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "welcome");
  /* A first start opens on the overview (the key's default). */
  g_assert_nonnull (pulse_window_get_visible_overview (window));
  /* No pages to switch to before a workspace is open. */
  g_assert_false (page_switcher_enabled (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_card_matches_engine (PulseMetricPage *page,
                            const char      *metric_id,
                            const char      *conninfo,
                            PulseQueryRange *range)
{
  PulseMetricCard *card = pulse_metric_page_find_card (page, metric_id);
  PulseMetricResult *shown = pulse_metric_card_get_result (card);
  g_autoptr(PulseMetricResult) direct = NULL;
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_CONTENT);
  tables = pulse_db_list_tables (conn, NULL, &error);
  direct = pulse_metric_query_run (pulse_metric_card_get_metric (card), conn, range, tables, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (pulse_metric_result_get_n_series (shown), ==, pulse_metric_result_get_n_series (direct));
  for (guint i = 0; i < pulse_metric_result_get_n_series (direct); i++)
    for (guint j = 0; j < pulse_metric_result_get_n_buckets (direct); j++)
      g_assert_cmpfloat (pulse_metric_result_get_series_values (shown, i)[j], ==,
                         pulse_metric_result_get_series_values (direct, i)[j]);
}

static void
test_dashboard_shows_engine_values (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("window_dashboard");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = pulse_settings_new ();
  PulseWindow *window = NULL;
  PulseMetricPage *page;

  pulse_demo_generate_data (conninfo, 300, today, &error);
  g_assert_no_error (error);

  /* Not the overview, which loads every page. */
  g_settings_set_string (settings, "page", "growth");
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, conninfo);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");
  g_assert_true (page_switcher_enabled (window));

  page = pulse_window_get_visible_page (window);
  g_assert_cmpstr (pulse_metric_page_get_group_id (page), ==, "growth");
  pulse_test_wait_for_page (page);
  assert_card_matches_engine (page, "signups", conninfo, pulse_window_get_range (window));

  /* Another page loads when it is shown. */
  page = pulse_window_find_page (window, "activity");
  g_assert_cmpint (pulse_metric_card_get_state (pulse_metric_page_find_card (page, "dau")), ==, PULSE_CARD_EMPTY);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), "activity");
  pulse_test_wait_for_page (page);
  assert_card_matches_engine (page, "dau", conninfo, pulse_window_get_range (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static char *demo_conninfo;

/* One database of generated data ending today, shared by the tests below. */
static const char *
demo_database (void)
{
  if (demo_conninfo == NULL)
    demo_conninfo = pulse_test_pg_create_demo_db ("window_controls", 300);
  return demo_conninfo;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = pulse_settings_new ();
  const char * const keys[] = { "range-preset", "granularity", "segment", "compare", "timezone", "page", NULL };

  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
  /* The window opens on the overview (every-group-has-a-page
   * checks it); these tests start on the first group's page. */
  g_settings_set_string (settings, "page", "growth");
}

static PulseMetricResult *
run_directly (PulseMetric     *metric,
              const char      *conninfo,
              PulseQueryRange *range)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GError) error = NULL;
  PulseMetricResult *result;

  tables = pulse_db_list_tables (conn, NULL, &error);
  g_assert_no_error (error);
  result = pulse_metric_query_run (metric, conn, range, tables, NULL, &error);
  g_assert_no_error (error);
  return result;
}

/* The chart shows exactly the engine's values for @series_id. */
static void
assert_chart_series (PulseMetricCard *card,
                     const char      *series_id,
                     const char      *conninfo,
                     PulseQueryRange *range)
{
  PulseChartModel *model = pulse_metric_card_get_chart_model (card);
  g_autoptr(PulseMetricResult) direct = run_directly (pulse_metric_card_get_metric (card), conninfo, range);
  const double *expected = pulse_metric_result_find_series (direct, series_id);
  int index = pulse_chart_model_find_series (model, series_id);

  g_assert_nonnull (expected);
  g_assert_cmpint (index, >=, 0);
  g_assert_true (pulse_chart_model_get_series_visible (model, index));
  g_assert_cmpuint (pulse_chart_model_get_n_buckets (model), ==, pulse_metric_result_get_n_buckets (direct));
  for (guint j = 0; j < pulse_metric_result_get_n_buckets (direct); j++)
    g_assert_cmpfloat (pulse_chart_model_get_value (model, (guint)index, j), ==, expected[j]);
}

static void
set_setting (const char *key,
             const char *value)
{
  g_autoptr(GSettings) settings = pulse_settings_new ();
  g_settings_set_string (settings, key, value);
}

static void
test_range_and_segment_controls (void)
{
  const char *conninfo = demo_database ();
  PulseWindow *window;
  PulseMetricPage *page;
  PulseMetricCard *signups;
  PulseChartModel *model;

  reset_settings ();
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, conninfo);
  page = pulse_window_get_visible_page (window);
  pulse_test_wait_for_page (page);
  signups = pulse_metric_page_find_card (page, "signups");
  g_assert_cmpuint (pulse_chart_model_get_n_buckets (pulse_metric_card_get_chart_model (signups)), ==, 30);
  assert_chart_series (signups, "all", conninfo, pulse_window_get_range (window));

  /* A new range re-runs the queries. */
  set_setting ("range-preset", "last-7-days");
  g_assert_cmpuint (pulse_query_range_get_n_days (pulse_window_get_range (window)), ==, 7);
  pulse_test_wait_for_page (page);
  assert_chart_series (signups, "all", conninfo, pulse_window_get_range (window));
  g_assert_cmpuint (pulse_chart_model_get_n_buckets (pulse_metric_card_get_chart_model (signups)), ==, 7);

  /* Weekly buckets of a 90-day range: the engine's weekly values. */
  set_setting ("range-preset", "last-90-days");
  set_setting ("granularity", "week");
  pulse_test_wait_for_page (page);
  g_assert_cmpint (pulse_query_range_get_granularity (pulse_window_get_range (window)), ==, PULSE_GRANULARITY_WEEK);
  assert_chart_series (signups, "all", conninfo, pulse_window_get_range (window));

  /* A segment shows that role's series, with no new query. */
  set_setting ("segment", "BUILDER");
  g_assert_cmpint (pulse_metric_card_get_state (signups), ==, PULSE_CARD_CONTENT);
  model = pulse_metric_card_get_chart_model (signups);
  g_assert_cmpint (pulse_chart_model_find_series (model, "all"), <, 0);
  assert_chart_series (signups, "BUILDER", conninfo, pulse_window_get_range (window));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

/* The state of "settings.range-preset", the action the window makes of the key. */
static char *
range_preset_state (void)
{
  g_autoptr(GSettings) settings = pulse_settings_new ();
  g_autoptr(GAction) action = g_settings_create_action (settings, "range-preset");
  g_autoptr(GVariant) state = g_action_get_state (action);

  return g_variant_dup_string (state, NULL);
}

/* Alt+N goes to page N; the range menu ticks its current choice. */
static void
test_page_keys_and_range_tick (void)
{
  g_autoptr(GListModel) pages = NULL;
  g_autofree char *state = NULL;
  g_autofree char *changed = NULL;
  PulseWindow *window;

  reset_settings ();
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, demo_database ());
  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");
  g_assert_cmpstr (pulse_metric_page_get_group_id (pulse_window_get_visible_page (window)), ==, "growth");

  /* Alt+1 is the overview, Alt+2 the second page: the first group's. */
  pulse_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_1, GDK_ALT_MASK);
  g_assert_nonnull (pulse_window_get_visible_overview (window));
  g_assert_null (pulse_window_get_visible_page (window));
  pulse_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_2, GDK_ALT_MASK);
  g_assert_null (pulse_window_get_visible_overview (window));
  g_assert_cmpstr (pulse_metric_page_get_group_id (pulse_window_get_visible_page (window)), ==, groups[0]);
  pulse_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_3, GDK_ALT_MASK);
  g_assert_cmpstr (pulse_metric_page_get_group_id (pulse_window_get_visible_page (window)), ==, groups[1]);
  /* The overview and eight groups: Alt+9 is the last group's. */
  pages = pulse_window_get_pages (window);
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, 9);
  pulse_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_9, GDK_ALT_MASK);
  g_assert_cmpstr (pulse_metric_page_get_group_id (pulse_window_get_visible_page (window)), ==, groups[7]);

  state = range_preset_state ();
  g_assert_cmpstr (pulse_window_get_ticked_preset (window), ==, state);
  gtk_widget_activate_action (GTK_WIDGET (window), "settings.range-preset", "s", "last-90-days");
  changed = range_preset_state ();
  g_assert_cmpstr (changed, ==, "last-90-days");
  g_assert_cmpstr (pulse_window_get_ticked_preset (window), ==, "last-90-days");

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

typedef struct
{
  PulseWindow *window;
  GPtrArray   *steps;      /* what the loading page said */
  gboolean     partial;    /* the dashboard came while the full year was to come */
} DemoWatch;

static void
on_demo_progress (DemoWatch  *watch,
                  const char *step,
                  double      fraction)
{
  g_ptr_array_add (watch->steps, g_strdup (step));
}

static gboolean
demo_on_dashboard (gpointer data)
{
  DemoWatch *watch = data;

  if (!g_str_equal (pulse_window_get_state (watch->window), "dashboard"))
    return FALSE;
  /* Noted at once: on a small demo the full year may come before the
   * page has settled. */
  if (pulse_demo_needs_full_data (pulse_application_get_demo (app)))
    watch->partial = TRUE;
  return pulse_metric_page_is_settled (pulse_window_get_visible_page (watch->window));
}

static gboolean
demo_has_full_data (gpointer data)
{
  PulseDemo *demo = pulse_application_get_demo (app);
  PulseWorker *worker = pulse_window_get_worker (data);

  return !pulse_demo_needs_full_data (demo) && worker != NULL &&
         g_strcmp0 (pulse_worker_get_conninfo (worker), pulse_demo_get_conninfo (demo)) == 0;
}

static gboolean
steps_mention (GPtrArray  *steps,
               const char *text)
{
  for (guint i = 0; i < steps->len; i++)
    if (strstr (g_ptr_array_index (steps, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* Opens the demo in a new window; the steps it told go to @steps, and
 * @partial says whether it showed the dashboard before the full year. */
static PulseWindow *
open_demo (GPtrArray *steps,
           gboolean  *partial)
{
  DemoWatch watch = { pulse_test_ui_new_window (), steps, FALSE };
  gulong handler = g_signal_connect_swapped (pulse_application_get_demo (app), "progress",
                                             G_CALLBACK (on_demo_progress), &watch);

  pulse_window_open_demo (watch.window);
  g_assert_cmpstr (pulse_window_get_state (watch.window), ==, "loading");
  pulse_test_wait_until (demo_on_dashboard, &watch, 120);
  g_signal_handler_disconnect (pulse_application_get_demo (app), handler);
  *partial = watch.partial;
  return watch.window;
}

/* The first start tells its steps and shows the last weeks first, then
 * the full year; a warm start opens the data it has, with no first-start
 * steps; Cancel goes back to the welcome page. */
static void
test_demo_start (void)
{
  g_autoptr(GPtrArray) cold = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) warm = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSettings) settings = pulse_settings_new ();
  g_autofree char *full = NULL;
  g_autofree char *active = NULL;
  PulseWindow *window;
  gboolean partial = FALSE;

  reset_settings ();
  window = open_demo (cold, &partial);
  g_assert_true (steps_mention (cold, "Creating a private PostgreSQL server"));
  g_assert_true (steps_mention (cold, "Generating the last five weeks"));
  g_assert_true (partial);
  g_assert_true (pulse_metric_page_has_results (pulse_window_get_visible_page (window)));
  /* The full year replaces the first weeks, and the window follows. */
  pulse_test_wait_until (demo_has_full_data, window, 300);
  full = g_strdup (pulse_demo_get_conninfo (pulse_application_get_demo (app)));
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_demo (warm, &partial);
  g_assert_false (steps_mention (warm, "Creating"));
  g_assert_false (steps_mention (warm, "Generating"));
  g_assert_false (partial);
  g_assert_false (pulse_demo_needs_full_data (pulse_application_get_demo (app)));
  g_assert_cmpstr (pulse_worker_get_conninfo (pulse_window_get_worker (window)), ==, full);
  gtk_window_destroy (GTK_WINDOW (window));

  window = pulse_test_ui_new_window ();
  pulse_window_open_demo (window);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "loading");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-open", NULL);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "welcome");
  active = g_settings_get_string (settings, "active-connection");
  g_assert_cmpstr (active, ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
on_child_exited (GPid     pid,
                 int      status,
                 gpointer data)
{
  *(int *)data = status;
  g_spawn_close_pid (pid);
}

static gboolean
child_exited (gpointer data)
{
  return *(int *)data != -1;
}

/* A snapshot is saved once a page has its numbers: the demo is open. */
static gboolean
has_snapshot (gpointer dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_prefix (name, "snapshot-"))
      return TRUE;
  return FALSE;
}

/* SIGTERM (a logout) quits Pulse as Ctrl+Q does: the demo's server stops
 * with it. A Pulse of its own, on a bus of its own, with a demo and a
 * cache of its own. */
static void
test_sigterm_stops_demo (void)
{
  g_autofree char *cache_dir = g_build_filename (tmp_home, "cache-signal", NULL);
  g_autofree char *snapshots = g_build_filename (cache_dir, "pulse", NULL);
  g_autofree char *demo_dir = g_build_filename (tmp_home, "demo-signal", NULL);
  g_autofree char *postmaster = g_build_filename (demo_dir, "data", "postmaster.pid", NULL);
  g_autofree char *pid_file = g_build_filename (tmp_home, "signal.pid", NULL);
  g_autofree char *script = g_strdup_printf ("echo $$ > '%s'; exec \"$0\" --demo", pid_file);
  g_autofree char *pid_text = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_environ_setenv (g_get_environ (), "PULSE_DEMO_DIR", demo_dir, TRUE),
                                        "XDG_CACHE_HOME", cache_dir, TRUE);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "dbus-run-session", "--", "sh", "-c", script, g_getenv ("PULSE_BINARY"), NULL };
  int status = -1;
  GPid child;

  g_assert_nonnull (argv[5]);
  g_spawn_async (NULL, (char **)argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &child,
                 &error);
  g_assert_no_error (error);
  g_child_watch_add (child, on_child_exited, &status);
  /* Its demo is open, not still starting: a quit while it starts is
   * tests/test-demo-lifecycle.c's. */
  pulse_test_wait_until (has_snapshot, snapshots, 180);
  g_assert_true (g_file_test (postmaster, G_FILE_TEST_EXISTS));
  pulse_test_wait_until (file_exists, pid_file, 10);
  g_file_get_contents (pid_file, &pid_text, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (kill ((pid_t)g_ascii_strtoll (pid_text, NULL, 10), SIGTERM), ==, 0);
  pulse_test_wait_until (child_exited, &status, 60);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (postmaster, G_FILE_TEST_EXISTS));
}

/* The label of @widget's subtree with the CSS class @name. */
static GtkLabel *
find_styled_label (GtkWidget  *widget,
            const char *name)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, name))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_styled_label (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The card shows its view: the headline with its parts, the change and,
 * on it and in the legend, the previous period's dates. */
static void
assert_card_shows_view (PulseMetricCard *card)
{
  PulseMetricView *view = pulse_metric_card_get_view (card);
  GtkLabel *delta = find_styled_label (GTK_WIDGET (card), "delta");
  PulseChartModel *model = pulse_metric_card_get_chart_model (card);
  int previous = pulse_chart_model_find_series (model, "PUBLIC:previous");

  g_assert_cmpstr (gtk_label_get_label (find_styled_label (GTK_WIDGET (card), "kpi-value")), ==,
                   pulse_metric_view_get_headline_text (view));
  g_assert_nonnull (strstr (pulse_metric_view_get_headline_text (view), " public, "));
  g_assert_true (g_str_has_prefix (pulse_metric_view_get_previous_label (view), "Previous: "));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (delta)), ==, pulse_metric_view_get_previous_label (view));
  g_assert_cmpstr (gtk_label_get_label (delta), ==, pulse_metric_view_get_delta_text (view));
  if (g_str_equal (pulse_metric_get_chart (pulse_metric_card_get_metric (card)), "area"))
    {
      g_assert_cmpint (previous, >=, 0);
      g_assert_nonnull (strstr (pulse_chart_model_get_series_title (model, previous),
                                pulse_metric_view_get_previous_label (view)));
    }
}

static void
test_legend_toggle_and_compare (void)
{
  const char *conninfo = demo_database ();
  PulseWindow *window;
  PulseMetricPage *page;
  PulseMetricCard *card;
  PulseChartView *view;
  PulseChartModel *model;
  int index;

  reset_settings ();
  set_setting ("page", "collections");
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, conninfo);
  page = pulse_window_get_visible_page (window);
  g_assert_cmpstr (pulse_metric_page_get_group_id (page), ==, "collections");
  pulse_test_wait_for_page (page);

  card = pulse_metric_page_find_card (page, "collections_created");
  view = PULSE_CHART_VIEW (pulse_test_find_descendant (GTK_WIDGET (card), PULSE_TYPE_CHART_VIEW));
  model = pulse_chart_view_get_model (view);
  g_assert_true (model == pulse_metric_card_get_chart_model (card));
  index = pulse_chart_model_find_series (model, "PRIVATE");
  g_assert_true (pulse_chart_model_get_series_visible (model, index));
  pulse_chart_view_toggle_series (view, (guint)index);
  g_assert_false (pulse_chart_model_get_series_visible (model, index));
  pulse_chart_view_toggle_series (view, (guint)index);
  g_assert_true (pulse_chart_model_get_series_visible (model, index));

  /* Comparing fetches the previous period too and fills the delta. */
  g_assert_null (pulse_metric_card_get_previous (card));
  {
    g_autoptr(GSettings) settings = pulse_settings_new ();
    g_settings_set_boolean (settings, "compare", TRUE);
  }
  pulse_test_wait_for_page (page);
  g_assert_nonnull (pulse_metric_card_get_previous (card));
  {
    g_autoptr(PulseQueryRange) previous = pulse_query_range_dup_previous (pulse_window_get_range (window));
    g_autoptr(PulseMetricResult) direct = run_directly (pulse_metric_card_get_metric (card), conninfo, previous);
    PulseMetricResult *shown = pulse_metric_card_get_previous (card);

    for (guint j = 0; j < pulse_metric_result_get_n_buckets (direct); j++)
      g_assert_cmpfloat (pulse_metric_result_find_series (shown, "PUBLIC")[j], ==,
                         pulse_metric_result_find_series (direct, "PUBLIC")[j]);
  }
  g_assert_cmpint (pulse_chart_model_find_series (pulse_metric_card_get_chart_model (card), "PUBLIC:previous"), <, 0);
  assert_card_shows_view (card);
  assert_card_shows_view (pulse_metric_page_find_card (page, "collection_privacy"));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

/* What a win.show-people activation asked for. */
static void
on_show_people (GSimpleAction  *action,
                GVariant       *parameter,
                GVariant      **asked)
{
  g_clear_pointer (asked, g_variant_unref);
  *asked = g_variant_ref (parameter);
}

/* A chart view gets its layout once it has a size. */
static gboolean
view_has_layout (gpointer view)
{
  return pulse_chart_view_get_layout (view) != NULL;
}

/* Clicks the middle of the cohort table's cell (@cohort, @period), as
 * the pointer would; returns what win.show-people was asked. */
static GVariant *
click_cell (PulseMetricCard *card,
            guint            cohort,
            guint            period)
{
  PulseChartView *view = PULSE_CHART_VIEW (pulse_test_find_descendant (GTK_WIDGET (card), PULSE_TYPE_CHART_VIEW));
  PulseChartModel *model = pulse_chart_view_get_model (view);
  guint cell = cohort * pulse_chart_model_get_n_periods (model) + period;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-people", G_VARIANT_TYPE_VARDICT);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  GVariant *asked = NULL;
  cairo_rectangle_t rect;

  /* The card's own "win" group answers before the window's, whether
   * or not this build's window has the action. */
  g_signal_connect (action, "activate", G_CALLBACK (on_show_people), &asked);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (card), "win", G_ACTION_GROUP (group));

  /* Laid out only once allocated, which may come after the page settled. */
  pulse_test_wait_until (view_has_layout, view, 10);
  g_assert_true (pulse_chart_layout_get_item_rect (pulse_chart_view_get_layout (view), cell, &rect));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        g_signal_emit_by_name (controller, "released", 1, rect.x + rect.width / 2, rect.y + rect.height / 2);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (card), "win", NULL);
  return asked;
}

static void
assert_people_target (GVariant   *target,
                      const char *series,
                      const char *start,
                      int         period)
{
  const char *text;
  gint32 number;
  gboolean dropped;

  g_assert_nonnull (target);
  g_assert_true (g_variant_lookup (target, "metric", "&s", &text));
  g_assert_cmpstr (text, ==, "retention");
  g_assert_true (g_variant_lookup (target, "series", "&s", &text));
  g_assert_cmpstr (text, ==, series);
  g_assert_true (g_variant_lookup (target, "start", "&s", &text));
  g_assert_cmpstr (text, ==, start);
  g_assert_true (g_variant_lookup (target, "period", "i", &number));
  g_assert_cmpint (number, ==, period);
  g_assert_true (g_variant_lookup (target, "dropped", "b", &dropped));
  g_assert_false (dropped);
}

/* The chart shows exactly the engine's cohorts for @segment. */
static void
assert_cohorts_match (PulseChartModel   *model,
                      PulseMetricResult *result,
                      PulseSegment       segment)
{
  PulseMetricResult *part = pulse_metric_result_get_segment (result, segment);

  g_assert_cmpuint (pulse_chart_model_get_n_cohorts (model), ==, pulse_metric_result_get_n_cohorts (part));
  g_assert_cmpuint (pulse_chart_model_get_n_cohorts (model), >, 1);
  for (guint c = 0; c < pulse_metric_result_get_n_cohorts (part); c++)
    {
      g_assert_cmpstr (pulse_chart_model_get_cohort_start (model, c), ==, pulse_metric_result_get_cohort_start (part, c));
      g_assert_cmpfloat (pulse_chart_model_get_cohort_size (model, c), ==, pulse_metric_result_get_cohort_size (part, c));
      for (guint p = 0; p < pulse_metric_result_get_n_periods (part); p++)
        {
          double on = pulse_metric_result_get_cohort_on (part, c)[p];
          double later = pulse_metric_result_get_cohort_on_or_after (part, c)[p];

          g_assert_true (isnan (on) == isnan (pulse_chart_model_get_cohort_value (model, c, FALSE, p)));
          if (!isnan (on))
            g_assert_cmpfloat (pulse_chart_model_get_cohort_value (model, c, FALSE, p), ==, on);
          if (!isnan (later))
            g_assert_cmpfloat (pulse_chart_model_get_cohort_value (model, c, TRUE, p), ==, later);
        }
    }
}

/* The Retention page: the cohort table as wide as the page, the
 * engine's cells for the range, buckets and segment; a click on a cell
 * asks for its persons, in the series the legend shows. */
static void
test_retention_table (void)
{
  const char *conninfo = demo_database ();
  g_autoptr(PulseMetricResult) direct = NULL;
  g_autoptr(GVariant) asked = NULL;
  PulseWindow *window;
  PulseMetricPage *page;
  PulseMetricCard *card;
  PulseChartView *view;
  PulseChartModel *model;

  reset_settings ();
  set_setting ("page", "retention");
  set_setting ("granularity", "week");
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, conninfo);
  page = pulse_window_get_visible_page (window);
  g_assert_cmpstr (pulse_metric_page_get_group_id (page), ==, "retention");
  pulse_test_wait_for_page (page);
  pulse_test_spin (200);

  card = pulse_metric_page_find_card (page, "retention");
  g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_CONTENT);
  view = PULSE_CHART_VIEW (pulse_test_find_descendant (GTK_WIDGET (card), PULSE_TYPE_CHART_VIEW));
  model = pulse_chart_view_get_model (view);
  g_assert_cmpint (pulse_chart_model_get_kind (model), ==, PULSE_CHART_KIND_COHORT);
  g_assert_cmpint (pulse_chart_model_get_period (model), ==, PULSE_GRANULARITY_WEEK);
  direct = run_directly (pulse_metric_card_get_metric (card), conninfo, pulse_window_get_range (window));
  assert_cohorts_match (model, direct, PULSE_SEGMENT_ALL);
  /* The one card of its page takes the page's width, not a third. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (card)), >, gtk_widget_get_width (GTK_WIDGET (page)) * 2 / 3);
  /* Its headline is day 7 retention, with days 1 and 30 as parts. */
  g_assert_cmpstr (pulse_metric_view_get_headline_summary (pulse_metric_card_get_view (card)), ==, "d7");

  asked = click_cell (card, 0, 1);
  assert_people_target (asked, "on", pulse_chart_model_get_cohort_start (model, 0), 1);
  g_clear_pointer (&asked, g_variant_unref);

  /* The legend switches the cells to "on or after", and the click follows. */
  pulse_chart_view_toggle_series (view, 1);
  g_assert_cmpint (pulse_chart_model_get_cohort_series (model), ==, 1);
  pulse_test_spin (100);
  asked = click_cell (card, 1, 0);
  assert_people_target (asked, "on_or_after", pulse_chart_model_get_cohort_start (model, 1), 0);
  pulse_test_shoot (GTK_WIDGET (window), "retention-table");

  /* A segment redraws the builders' cohorts. */
  set_setting ("segment", "BUILDER");
  pulse_test_spin (200);
  model = pulse_metric_card_get_chart_model (card);
  assert_cohorts_match (model, direct, PULSE_SEGMENT_BUILDER);

  /* The lifecycle chart, on Activity, for the screenshots. */
  set_setting ("segment", "all");
  page = pulse_window_find_page (window, "activity");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), "activity");
  pulse_test_wait_for_page (page);
  pulse_test_shoot_widget (GTK_WIDGET (window), GTK_WIDGET (pulse_metric_page_find_card (page, "lifecycle")),
                           "lifecycle");

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

/* Comparing, the window's report gives each headline's change with the
 * previous period's dates, as the cards do. */
static void
test_report_compares (void)
{
  const char *conninfo = demo_database ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-report-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *text = NULL;
  PulseWindow *window;

  g_assert_no_error (error);
  reset_settings ();
  {
    g_autoptr(GSettings) settings = pulse_settings_new ();
    g_settings_set_boolean (settings, "compare", TRUE);
  }
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, conninfo);
  pulse_test_wait_for_page (pulse_window_get_visible_page (window));

  /* As the save dialog does once a file is chosen (test-save-dialog.c). */
  pulse_export_dialog_write_report (GTK_WIDGET (window), pulse_window_get_dashboard (window), path);
  /* Done is the toast, not the file: the write task ends after the rename. */
  pulse_test_wait_until (pulse_test_report_saved, window, 120);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_spawn_sync (NULL, (char *[]) { "pdftotext", "-enc", "UTF-8", path, "-", NULL }, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &text, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "(Previous: "));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_needs_setup (void)
{
  const char *conninfo = demo_database ();
  PulseWindow *window;
  PulseMetricPage *page;
  PulseMetricCard *sessions;

  reset_settings ();
  set_setting ("page", "engagement");
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, conninfo);
  page = pulse_window_get_visible_page (window);
  pulse_test_wait_for_page (page);

  /* The baseline has no sessions table: an estimate, labelled, with setup offered. */
  sessions = pulse_metric_page_find_card (page, "session_duration");
  g_assert_cmpint (pulse_metric_result_get_source (pulse_metric_card_get_result (sessions)), ==, PULSE_SOURCE_ESTIMATED);
  g_assert_true (pulse_metric_card_get_needs_setup (sessions));

  page = pulse_window_find_page (window, "growth");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), "growth");
  pulse_test_wait_for_page (page);
  g_assert_false (pulse_metric_card_get_needs_setup (pulse_metric_page_find_card (page, "signups")));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

static GtkWidget *
fixed_size_child (int width,
                  int height)
{
  GtkWidget *child = gtk_label_new (NULL);

  gtk_widget_set_size_request (child, width, height);
  return child;
}

static void
test_wrap_box (void)
{
  PulseWrapBox *box = PULSE_WRAP_BOX (g_object_ref_sink (pulse_wrap_box_new ()));
  GtkWidget *children[4];
  graphene_rect_t bounds;
  int min, nat;

  pulse_wrap_box_set_spacing (box, 6);
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    pulse_wrap_box_append (box, children[i] = fixed_size_child (100, 30));
  gtk_widget_set_hexpand (children[3], TRUE);

  /* As narrow as the widest child; naturally one line. */
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, ==, 100);
  g_assert_cmpint (nat, ==, 4 * 100 + 3 * 6);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_VERTICAL, 418, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 30);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_VERTICAL, 250, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 2 * 30 + 6);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_VERTICAL, 100, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 4 * 30 + 3 * 6);

  /* Two per line at 250 px; the expanding child takes its line's spare width. */
  gtk_widget_size_allocate (GTK_WIDGET (box), &(GtkAllocation) { 0, 0, 250, 66 }, -1);
  g_assert_cmpuint (pulse_wrap_box_get_n_lines (box), ==, 2);
  g_assert_true (gtk_widget_compute_bounds (children[1], GTK_WIDGET (box), &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 106);
  g_assert_cmpfloat (bounds.origin.y, ==, 0);
  g_assert_true (gtk_widget_compute_bounds (children[2], GTK_WIDGET (box), &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_cmpfloat (bounds.origin.y, ==, 36);
  g_assert_true (gtk_widget_compute_bounds (children[3], GTK_WIDGET (box), &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 106);
  g_assert_cmpfloat (bounds.size.width, ==, 144);

  /* A hidden child takes no room. */
  gtk_widget_set_visible (children[1], FALSE);
  gtk_widget_measure (GTK_WIDGET (box), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (nat, ==, 3 * 100 + 2 * 6);

  g_object_unref (box);
}

/* A chart taller than the window scrolls; it is never cut to less
 * than the height its rows need. */
static void
assert_chart_not_squeezed (GtkWidget *chart)
{
  int natural = 0;

  g_assert_nonnull (chart);
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (chart), NULL, &natural, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (chart), >=, natural);
}

/* Every card fits the window: nothing is cut off at the right edge. */
static void
assert_cards_fit (PulseMetricPage *page,
                  int              width)
{
  GPtrArray *cards = pulse_metric_page_get_cards (page);

  for (guint i = 0; i < cards->len; i++)
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (cards, i),
                                                GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (page))), &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
      assert_chart_not_squeezed (pulse_test_find_descendant (g_ptr_array_index (cards, i), PULSE_TYPE_CHART_VIEW));
    }
}

static guint
grid_columns (PulseMetricPage *page)
{
  GtkWidget *grid = pulse_test_find_descendant (GTK_WIDGET (page), PULSE_TYPE_CARD_GRID);

  g_assert_nonnull (grid);
  return pulse_card_grid_get_n_columns (PULSE_CARD_GRID (grid));
}

/* No label the user can see under @widget is cut short with "…". */
static guint
assert_no_ellipsized_label (GtkWidget *widget)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_label (GTK_LABEL (widget)) != '\0')
    {
      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        g_error ("Label \"%s\" is ellipsized", gtk_label_get_label (GTK_LABEL (widget)));
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += assert_no_ellipsized_label (child);
  return n;
}

/* The last card ends at the bottom of the page's view (its margin
 * aside), or below it. */
static void
assert_cards_reach_bottom (PulseMetricPage *page)
{
  GPtrArray *cards = pulse_metric_page_get_cards (page);
  GtkWidget *last = g_ptr_array_index (cards, cards->len - 1);
  GtkWidget *scroller = gtk_widget_get_ancestor (last, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (last, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >=, gtk_widget_get_height (scroller) - 24);
}

static void
open_narrow_test_window (PulseWindow **window,
                         int           width,
                         const char   *page_name)
{
  *window = pulse_window_new (GTK_APPLICATION (app), catalog);
  gtk_window_set_default_size (GTK_WINDOW (*window), width, 700);
  gtk_window_present (GTK_WINDOW (*window));
  pulse_window_open_connection (*window, demo_database ());
  gtk_widget_activate_action (GTK_WIDGET (*window), "win.page", "s", page_name);
  pulse_test_wait_for_page (pulse_window_get_visible_page (*window));
  wait_for_width (GTK_WIDGET (*window), width);
}

/* The card grid: one column on a phone, two or more at 800 px, three or
 * four at 1280 px; a page of one card gives it most of the width. At
 * 360 px the filters are one button on one toolbar line. */
static void
test_narrow_window (void)
{
  const int widths[] = { 360, 800, 1280 };

  reset_settings ();
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      PulseWindow *window;
      PulseMetricPage *page;
      PulseWrapBox *toolbar;
      PulseMetricCard *card;
      guint columns;

      open_narrow_test_window (&window, widths[i], "activity");
      page = pulse_window_get_visible_page (window);
      g_assert_cmpuint (pulse_metric_page_get_cards (page)->len, >=, 4);
      columns = grid_columns (page);
      if (widths[i] < 400)
        g_assert_cmpuint (columns, ==, 1);
      else if (widths[i] < 1000)
        g_assert_cmpuint (columns, >=, 2);
      else
        g_assert_cmpuint (columns, >=, 3);
      g_assert_cmpuint (columns, <=, 4);
      assert_cards_fit (page, widths[i]);

      /* The filters: on the toolbar's one line when wide, else in the
       * Filters popover, the toolbar one row of buttons. */
      toolbar = PULSE_WRAP_BOX (pulse_window_get_toolbar (window));
      if (widths[i] < 400)
        {
          GtkWidget *popover;

          pulse_test_wait_until (pulse_test_filters_collapsed, window, 10);
          pulse_test_spin (100);
          popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (pulse_window_get_filters_button (window))));
          g_assert_true (gtk_widget_is_ancestor (pulse_window_get_granularity_button (window), popover));
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (toolbar)), <=,
                           gtk_widget_get_height (pulse_window_get_filters_button (window)) + 14);
        }
      else
        g_assert_false (pulse_test_filters_collapsed (window));
      g_assert_cmpuint (pulse_wrap_box_get_n_lines (toolbar), ==, 1);

      /* Page titles are whole at every width. */
      g_assert_cmpuint (assert_no_ellipsized_label (pulse_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR)),
                        >, 0);

      /* One card: it takes most of the width. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "engagement");
      page = pulse_window_get_visible_page (window);
      pulse_test_wait_for_page (page);
      pulse_test_spin (100);
      g_assert_cmpuint (pulse_metric_page_get_cards (page)->len, ==, 1);
      card = g_ptr_array_index (pulse_metric_page_get_cards (page), 0);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (card)), >=, gtk_widget_get_width (GTK_WIDGET (window)) * 3 / 4);

      /* A page shorter than the window: its cards take the height left
       * (Growth's two cards are one row when wide). */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.page", "s", "growth");
      page = pulse_window_get_visible_page (window);
      pulse_test_wait_for_page (page);
      pulse_test_spin (100);
      assert_cards_reach_bottom (page);

      gtk_window_destroy (GTK_WINDOW (window));
    }
  reset_settings ();
}

static gboolean
page_reloaded_weekly (gpointer data)
{
  PulseWindow *window = data;
  PulseMetricPage *page = pulse_window_get_visible_page (window);

  return pulse_query_range_get_granularity (pulse_window_get_range (window)) == PULSE_GRANULARITY_WEEK &&
         pulse_metric_page_is_settled (page);
}

/* At 360 px, a choice made in the Filters popover is the setting's, and
 * the page reloads with it. The partial day (today) is marked. */
static void
test_filters_popover (void)
{
  g_autofree char *chosen = NULL;
  g_autoptr(GSettings) settings = pulse_settings_new ();
  PulseWindow *window;
  PulseMetricPage *page;
  PulseChartModel *model;
  GtkWidget *filters, *granularity;
  GMenuModel *menu;
  guint n;

  reset_settings ();
  open_narrow_test_window (&window, 360, "growth");
  page = pulse_window_get_visible_page (window);

  /* The range ends today: its last day is partial, its first is not. */
  model = pulse_metric_card_get_chart_model (pulse_metric_page_find_card (page, "signups"));
  n = pulse_chart_model_get_n_buckets (model);
  g_assert_cmpuint (n, ==, 30);
  g_assert_true (pulse_chart_model_get_bucket_partial (model, n - 1));
  g_assert_false (pulse_chart_model_get_bucket_partial (model, 0));

  pulse_test_wait_until (pulse_test_filters_collapsed, window, 10);
  filters = pulse_window_get_filters_button (window);
  gtk_menu_button_popup (GTK_MENU_BUTTON (filters));
  pulse_test_wait_until (pulse_test_is_mapped, gtk_menu_button_get_popover (GTK_MENU_BUTTON (filters)), 10);
  granularity = pulse_window_get_granularity_button (window);
  g_assert_true (gtk_widget_get_mapped (granularity));
  /* What its menu's "Weekly" does, from where the button now is (a
   * menu over a popover has no monitor under Xvfb without a window
   * manager). */
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (granularity));
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_activate_action (granularity, "settings.granularity", "s", "week"));

  chosen = g_settings_get_string (settings, "granularity");
  g_assert_cmpstr (chosen, ==, "week");
  pulse_test_wait_until (page_reloaded_weekly, window, 120);
  model = pulse_metric_card_get_chart_model (pulse_metric_page_find_card (page, "signups"));
  g_assert_cmpuint (pulse_chart_model_get_n_buckets (model), <=, 6);

  gtk_menu_button_popdown (GTK_MENU_BUTTON (filters));
  pulse_test_wait_until (pulse_test_is_unmapped, gtk_menu_button_get_popover (GTK_MENU_BUTTON (filters)), 10);
  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

/* At 360 px the header's title is a menu of every page, whole titles,
 * the current one ticked; a row switches pages. Alt+N still does. */
static void
test_page_menu (void)
{
  PulseWindow *window;
  PulsePageSwitcher *switcher;
  GtkMenuButton *button;
  GtkWidget *popover, *retention = NULL;
  guint n_rows = 0, n_ticked = 0;

  reset_settings ();
  open_narrow_test_window (&window, 360, "growth");
  switcher = PULSE_PAGE_SWITCHER (pulse_test_find_descendant (GTK_WIDGET (window), PULSE_TYPE_PAGE_SWITCHER));
  g_assert_true (pulse_page_switcher_get_narrow (switcher));
  g_assert_null (pulse_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR));
  button = pulse_page_switcher_get_menu_button (switcher);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
  g_assert_nonnull (pulse_test_find_label (GTK_WIDGET (button), "Growth"));
  assert_no_ellipsized_label (GTK_WIDGET (button));

  /* Not popped up: under Xvfb without a window manager, GTK 4.8 then
   * asks the destroyed window's surface for the pointer in the next
   * test. The rows' titles never ellipsize. */
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (pulse_page_switcher_get_menu_list (switcher)));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *tick = pulse_test_find_descendant (row, GTK_TYPE_IMAGE);

      GtkWidget *title = pulse_test_find_descendant (row, GTK_TYPE_LABEL);

      n_rows++;
      g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (title)), ==, PANGO_ELLIPSIZE_NONE);
      /* The first image is the page's icon, the last the tick. */
      tick = gtk_widget_get_last_child (gtk_widget_get_parent (tick));
      if (gtk_widget_get_opacity (tick) > 0)
        {
          n_ticked++;
          g_assert_nonnull (pulse_test_find_label (row, "Growth"));
        }
      if (pulse_test_find_label (row, "Retention") != NULL)
        retention = row;
    }
  g_assert_cmpuint (n_rows, ==, 9);
  g_assert_cmpuint (n_ticked, ==, 1);
  g_assert_nonnull (retention);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (pulse_page_switcher_get_menu_list (switcher)), popover));

  gtk_widget_activate (retention);
  g_assert_cmpstr (pulse_metric_page_get_group_id (pulse_window_get_visible_page (window)), ==, "retention");
  g_assert_nonnull (pulse_test_find_label (GTK_WIDGET (button), "Retention"));

  pulse_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_1, GDK_ALT_MASK);
  g_assert_nonnull (pulse_window_get_visible_overview (window));
  g_assert_nonnull (pulse_test_find_label (GTK_WIDGET (button), "Overview"));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

static gboolean
card_settled (gpointer card)
{
  PulseCardState state = pulse_metric_card_get_state (card);
  return state == PULSE_CARD_CONTENT || state == PULSE_CARD_ERROR;
}

/* A time zone or custom range saved by hand (or by another version)
 * falls back to its default with a toast; the other settings stay, and
 * the cards load. */
static void
test_invalid_settings_fall_back (void)
{
  const char * const bad_zones[] = { "", "Mars/Olympus" };
  g_autoptr(GSettings) settings = pulse_settings_new ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_zones); i++)
    {
      g_autofree char *zone = NULL;
      g_autofree char *preset = NULL;
      g_autofree char *granularity = NULL;
      PulseWindow *window;
      PulseMetricCard *signups;

      reset_settings ();
      set_setting ("timezone", bad_zones[i]);
      set_setting ("granularity", "week");
      set_setting ("custom-from", "2026-02-30");
      set_setting ("custom-to", "2026-03-10");
      set_setting ("range-preset", "custom");
      window = pulse_test_ui_new_window ();

      zone = g_settings_get_string (settings, "timezone");
      preset = g_settings_get_string (settings, "range-preset");
      granularity = g_settings_get_string (settings, "granularity");
      g_assert_cmpstr (zone, ==, "UTC");
      g_assert_cmpstr (preset, ==, "last-30-days");
      g_assert_cmpstr (granularity, ==, "week");
      g_assert_cmpstr (pulse_query_range_get_timezone (pulse_window_get_range (window)), ==, "UTC");
      g_assert_nonnull (pulse_test_find_label (GTK_WIDGET (window), "time zone"));

      pulse_window_open_connection (window, demo_database ());
      signups = pulse_metric_page_find_card (pulse_window_get_visible_page (window), "signups");
      pulse_test_wait_until (card_settled, signups, 60);
      g_assert_cmpint (pulse_metric_card_get_state (signups), ==, PULSE_CARD_CONTENT);

      gtk_window_destroy (GTK_WINDOW (window));
    }
  reset_settings ();
}

/* The banner says in one sentence that the connection was lost, and
 * goes once a refresh gets through again. */
static void
test_connection_lost_banner (void)
{
  const char *conninfo = demo_database ();
  PulseWindow *window;
  GtkRevealer *banner;
  const char *text;
  const char *lost;
  PulseMetricPage *page;

  reset_settings ();
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, conninfo);
  page = pulse_window_get_visible_page (window);
  pulse_test_wait_for_page (page);
  /* Else the cache's check may meet the ended session before the
   * refresh does, and the worker's next job reconnects unseen. */
  pulse_test_wait_for_verified (page);
  banner = GTK_REVEALER (gtk_widget_get_parent (pulse_test_find_by_css_class (GTK_WIDGET (window), "pulse-banner")));
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  /* The server ends the dashboard's session: the next query finds it gone. */
  pulse_test_pg_exec (conninfo, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                                "WHERE datname = current_database () AND pid <> pg_backend_pid ()");
  pulse_test_wait_until (pulse_test_pg_no_backends, (gpointer)conninfo, 20);
  pulse_test_refresh_and_wait (GTK_WIDGET (window), pulse_window_get_visible_page (window));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  text = gtk_label_get_label (GTK_LABEL (pulse_test_find_descendant (gtk_revealer_get_child (banner), GTK_TYPE_LABEL)));
  lost = strstr (text, "lost");
  g_assert_nonnull (lost);
  g_assert_null (strstr (lost + 1, "lost"));

  /* The worker reconnects: everything loads, the banner goes. */
  pulse_test_refresh_and_wait (GTK_WIDGET (window), pulse_window_get_visible_page (window));
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_cmpint (pulse_metric_card_get_state (pulse_metric_page_find_card (page, "signups")), ==, PULSE_CARD_CONTENT);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkApplication *primary;
  const char     *conninfo;
  GSubprocess    *second;
} Remote;

static gboolean
remote_opened (gpointer data)
{
  Remote *remote = data;
  GtkWindow *window = gtk_application_get_active_window (remote->primary);
  PulseWorker *worker = window ? pulse_window_get_worker (PULSE_WINDOW (window)) : NULL;

  return g_subprocess_get_if_exited (remote->second) && worker != NULL &&
         g_str_equal (pulse_worker_get_conninfo (worker), remote->conninfo);
}

static gboolean
exited (gpointer process)
{
  return g_subprocess_get_identifier (process) == NULL;
}

/* Saves @profile, named @name, as a connection to the shared demo
 * database, beside those saved before. */
static void
save_fixture_connection (PulseConnectionProfile *profile,
                         const char             *name)
{
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(GError) error = NULL;

  demo_database ();
  g_assert_true (pulse_connection_store_load (store, NULL));
  pulse_connection_profile_set_name (profile, name);
  pulse_connection_profile_set_host (profile, pulse_test_pg_socket_dir ());
  pulse_connection_profile_set_port (profile, pulse_test_pg_port ());
  pulse_connection_profile_set_database (profile, "window_controls");
  pulse_connection_profile_set_user (profile, "pulse");
  pulse_connection_store_add (store, profile);
  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_no_error (error);
}

/* `pulse --connection NAME` while Pulse runs: the running instance (the
 * primary, here) opens NAME in its window; the second process exits. */
static void
test_connection_to_running_instance (void)
{
  g_autoptr(PulseConnectionProfile) profile = pulse_connection_profile_new ();
  g_autoptr(PulseApplication) primary = pulse_application_new ();
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  Remote remote = { GTK_APPLICATION (primary) };
  GtkWindow *window;

  save_fixture_connection (profile, "Remote Fixture");
  expected = pulse_connection_profile_to_conninfo (profile);
  remote.conninfo = expected;

  g_application_register (G_APPLICATION (primary), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (primary)));

  remote.second = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("PULSE_BINARY"),
                                    "--connection", "Remote Fixture", NULL);
  g_assert_no_error (error);
  pulse_test_wait_until (exited, remote.second, 30);
  pulse_test_wait_until (remote_opened, &remote, 30);
  g_assert_cmpint (g_subprocess_get_exit_status (remote.second), ==, 0);

  window = gtk_application_get_active_window (GTK_APPLICATION (primary));
  g_assert_cmpstr (pulse_window_get_state (PULSE_WINDOW (window)), ==, "dashboard");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (primary))), ==, 1);

  gtk_window_destroy (window);
  g_clear_object (&remote.second);
}

static gboolean
prompt_shown (gpointer data)
{
  return pulse_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
prompt_gone (gpointer data)
{
  return pulse_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static gboolean
window_reads (gpointer data)
{
  PulseWindow *window = PULSE_WINDOW (((gpointer *) data)[0]);
  PulseWorker *worker = pulse_window_get_worker (window);

  return worker != NULL && g_str_equal (pulse_worker_get_conninfo (worker), ((gpointer *) data)[1]);
}

/* The switcher's menu lists the saved connection (its store loads
 * in the background). */
static gboolean
switcher_lists_fixture (gpointer switcher)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (pulse_test_find_descendant (switcher, GTK_TYPE_MENU_BUTTON));
  GMenuModel *saved = g_menu_model_get_item_link (gtk_menu_button_get_menu_model (button), 0, G_MENU_LINK_SECTION);
  gboolean listed = FALSE;

  for (int i = 0; i < g_menu_model_get_n_items (saved) && !listed; i++)
    {
      g_autofree char *label = NULL;

      listed = g_menu_model_get_item_attribute (saved, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
               g_str_equal (label, "Prompt Fixture");
    }
  g_object_unref (saved);
  return listed;
}

/* Asks the switcher to open @id and returns its password prompt (the
 * test bus has no keyring), which names the connection. */
static AdwMessageDialog *
open_and_prompt (GtkWidget  *switcher,
                 const char *id)
{
  AdwMessageDialog *prompt;

  g_assert_true (gtk_widget_activate_action (switcher, "switcher.active-connection", "s", id));
  pulse_test_wait_until (prompt_shown, NULL, 30);
  prompt = ADW_MESSAGE_DIALOG (pulse_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (prompt), "Prompt Fixture"));
  return prompt;
}

/* Without a keyring a saved connection asks for its password each
 * time: closing the prompt opens nothing, Connect opens it. */
static void
test_password_prompt_without_keyring (void)
{
  g_autoptr(PulseConnectionProfile) profile = pulse_connection_profile_new ();
  g_autofree char *conninfo = NULL;
  gpointer opened[2];
  GtkWidget *switcher;
  PulseWindow *window;

  save_fixture_connection (profile, "Prompt Fixture");
  conninfo = pulse_connection_profile_to_conninfo (profile);

  reset_settings ();
  window = pulse_test_ui_new_window ();
  switcher = pulse_test_find_descendant (GTK_WIDGET (window), PULSE_TYPE_CONNECTION_SWITCHER);
  g_assert_nonnull (switcher);
  pulse_test_wait_until (switcher_lists_fixture, switcher, 30);

  /* Gone without an answer (its data goes with it: LeakSanitizer). */
  gtk_window_destroy (GTK_WINDOW (open_and_prompt (switcher, pulse_connection_profile_get_id (profile))));
  pulse_test_wait_until (prompt_gone, NULL, 30);
  opened[0] = window;
  opened[1] = conninfo;
  g_assert_false (window_reads (opened));

  /* Empty: libpq's own sources (the test cluster trusts its socket). */
  adw_message_dialog_response (open_and_prompt (switcher, pulse_connection_profile_get_id (profile)), "connect");
  pulse_test_wait_until (window_reads, opened, 60);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
overview_settled (gpointer data)
{
  return pulse_overview_page_is_settled (data);
}

/* The overview shows every group's key numbers, the figures its pages
 * show; the pages do not query again for them. */
static void
test_overview_equals_headlines (void)
{
  g_autoptr(GHashTable) groups_shown = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  PulseOverviewPage *overview;
  PulseWindow *window;

  reset_settings ();
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, demo_database ());
  pulse_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_1, GDK_ALT_MASK);
  overview = pulse_window_get_visible_overview (window);
  g_assert_nonnull (overview);
  pulse_test_spin (50);
  pulse_test_wait_until (overview_settled, overview, 120);

  cards = pulse_overview_page_get_cards (overview);
  g_assert_cmpuint (cards->len, >, 0);
  for (guint i = 0; i < cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (cards, i);
      PulseMetric *metric = pulse_metric_card_get_metric (card);
      PulseMetricView *view = pulse_metric_card_get_view (card);
      const char *figure = pulse_overview_page_get_figure (overview, pulse_metric_get_id (metric));

      g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_CONTENT);
      g_assert_nonnull (figure);
      g_assert_cmpstr (figure, ==, pulse_metric_view_get_headline_figure (view));
      g_assert_true (g_str_has_prefix (pulse_metric_view_get_headline_text (view), figure));
      g_hash_table_add (groups_shown, (gpointer)pulse_metric_get_group (metric));
      g_ptr_array_add (results, pulse_metric_card_get_result (card));
    }
  /* Every group has a key number. */
  g_assert_cmpuint (g_hash_table_size (groups_shown), ==, G_N_ELEMENTS (groups));

  /* Each page shows the same results: loaded once, by the overview. */
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      pulse_window_show_page (window, i + 1);
      g_assert_cmpstr (pulse_metric_page_get_group_id (pulse_window_get_visible_page (window)), ==, groups[i]);
      g_assert_true (pulse_metric_page_is_settled (pulse_window_get_visible_page (window)));
    }
  for (guint i = 0; i < cards->len; i++)
    g_assert_true (pulse_metric_card_get_result (g_ptr_array_index (cards, i)) == g_ptr_array_index (results, i));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

static PulseMetricDetail *
open_detail (PulseWindow     *window,
             PulseMetricCard *card)
{
  PulseMetricDetail *detail = pulse_window_get_detail (window);

  /* As the card's Open button does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "win.show-detail", "s",
                                             pulse_metric_get_id (pulse_metric_card_get_metric (card))));
  g_assert_cmpstr (pulse_window_get_state (window), ==, "detail");
  g_assert_true (pulse_metric_detail_get_card (detail) == card);
  return detail;
}

/* A card's detail view: the chart's every bucket as a row, every series
 * (the previous period's too) as a column; Back returns. */
static void
test_detail_view (void)
{
  PulseMetricDetail *detail;
  PulseMetricCard *card;
  PulseChartModel *chart;
  PulseWindow *window;
  guint n_buckets;

  reset_settings ();
  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, demo_database ());
  pulse_test_wait_for_page (pulse_window_get_visible_page (window));
  card = pulse_metric_page_find_card (pulse_window_find_page (window, "growth"), "signups");

  detail = open_detail (window, card);
  chart = pulse_metric_detail_get_chart_model (detail);
  n_buckets = pulse_chart_model_get_n_buckets (pulse_metric_card_get_chart_model (card));
  g_assert_cmpuint (n_buckets, >, 1);
  g_assert_cmpuint (pulse_chart_model_get_n_buckets (chart), ==, n_buckets);
  g_assert_cmpuint (g_list_model_get_n_items (pulse_metric_detail_get_rows (detail)), ==, n_buckets);
  g_assert_cmpuint (g_list_model_get_n_items (pulse_metric_detail_get_columns (detail)), ==,
                    1 + pulse_chart_model_get_n_series (chart));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.hide-detail", NULL);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");

  /* Comparing: the previous period's columns follow the card. */
  {
    g_autoptr(GSettings) settings = pulse_settings_new ();
    guint n_series = pulse_chart_model_get_n_series (chart);

    detail = open_detail (window, card);
    g_settings_set_boolean (settings, "compare", TRUE);
    pulse_window_hide_detail (window);
    pulse_test_wait_for_page (pulse_window_get_visible_page (window));
    detail = open_detail (window, card);
    chart = pulse_metric_detail_get_chart_model (detail);
    g_assert_cmpuint (pulse_chart_model_get_n_series (chart), ==, 2 * n_series);
    g_assert_cmpuint (g_list_model_get_n_items (pulse_metric_detail_get_columns (detail)), ==, 1 + 2 * n_series);
    g_assert_cmpuint (g_list_model_get_n_items (pulse_metric_detail_get_rows (detail)), ==,
                      pulse_chart_model_get_n_buckets (pulse_metric_card_get_chart_model (card)));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

int
main (int   argc,
      char *argv[])
{
  /* Saved connections and a small demo of the tests' own; a private
   * session bus, where this test is the running Pulse. No first group:
   * the window opens on the overview (every-group-has-a-page checks it). */
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "window",
                                               PULSE_TEST_UI_CONFIG | PULSE_TEST_UI_DEMO | PULSE_TEST_UI_BUS |
                                               PULSE_TEST_UI_APP | PULSE_TEST_UI_SERVER);
  int status;

  app = ui->app;
  catalog = ui->catalog;
  tmp_home = ui->home;
  g_test_add_func ("/window/every-group-has-a-page", test_every_group_has_a_page);
  g_test_add_func ("/window/dashboard-shows-engine-values", test_dashboard_shows_engine_values);
  g_test_add_func ("/window/range-and-segment-controls", test_range_and_segment_controls);
  g_test_add_func ("/window/page-keys-and-range-tick", test_page_keys_and_range_tick);
  g_test_add_func ("/window/overview-equals-headlines", test_overview_equals_headlines);
  g_test_add_func ("/window/detail-view", test_detail_view);
  g_test_add_func ("/window/legend-toggle-and-compare", test_legend_toggle_and_compare);
  g_test_add_func ("/window/retention-table", test_retention_table);
  g_test_add_func ("/window/needs-setup", test_needs_setup);
  g_test_add_func ("/window/report-compares", test_report_compares);
  g_test_add_func ("/window/wrap-box", test_wrap_box);
  g_test_add_func ("/window/narrow-window", test_narrow_window);
  g_test_add_func ("/window/filters-popover", test_filters_popover);
  g_test_add_func ("/window/page-menu", test_page_menu);
  g_test_add_func ("/window/invalid-settings-fall-back", test_invalid_settings_fall_back);
  g_test_add_func ("/window/connection-lost-banner", test_connection_lost_banner);
  g_test_add_func ("/window/connection-to-running-instance", test_connection_to_running_instance);
  g_test_add_func ("/window/password-prompt-without-keyring", test_password_prompt_without_keyring);
  g_test_add_func ("/window/demo-start", test_demo_start);
  g_test_add_func ("/window/sigterm-stops-demo", test_sigterm_stops_demo);

  status = pulse_test_ui_run ();
  g_clear_pointer (&demo_conninfo, g_free);
  return status;
}
