/* test-window.c: the main window, under a real display server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-application.h"
#include "pulse-demo.h"
#include "pulse-test-pg.h"
#include "pulse-window.h"

static PulseApplication *app;
static PulseCatalog *catalog;

static const char * const groups[] = {
  "growth", "activity", "engagement", "posts", "profiles", "finders", "collections"
};

static PulseWindow *
new_window (void)
{
  PulseWindow *window = pulse_window_new (GTK_APPLICATION (app), catalog);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
test_every_group_has_a_page (void)
{
  PulseWindow *window = new_window ();
  g_autoptr(GListModel) pages = pulse_window_get_pages (window);
  guint n_cards = 0;

  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, G_N_ELEMENTS (groups));
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      PulseMetricPage *page = pulse_window_find_page (window, groups[i]);

      g_assert_nonnull (page);
      g_assert_cmpuint (pulse_metric_page_get_cards (page)->len, >, 0);
      n_cards += pulse_metric_page_get_cards (page)->len;
    }
  /* No catalog metric is missing from the window. */
  g_assert_cmpuint (n_cards, ==, pulse_catalog_get_metrics (catalog)->len);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "welcome");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
all_cards_settled (PulseMetricPage *page)
{
  GPtrArray *cards = pulse_metric_page_get_cards (page);

  for (guint i = 0; i < cards->len; i++)
    {
      PulseCardState state = pulse_metric_card_get_state (g_ptr_array_index (cards, i));
      if (state == PULSE_CARD_LOADING || state == PULSE_CARD_EMPTY)
        return FALSE;
    }
  return TRUE;
}

static void
wait_for_page (PulseMetricPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!all_cards_settled (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (all_cards_settled (page));
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
  direct = pulse_metric_result_run (pulse_metric_card_get_metric (card), conn, range, tables, NULL, &error);
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
  PulseWindow *window = NULL;
  PulseMetricPage *page;

  pulse_db_generate_demo_data (conninfo, 300, today, &error);
  g_assert_no_error (error);

  window = new_window ();
  pulse_window_open_connection (window, conninfo);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");

  page = pulse_window_get_visible_page (window);
  g_assert_cmpstr (pulse_metric_page_get_group_id (page), ==, "growth");
  wait_for_page (page);
  assert_card_matches_engine (page, "signups", conninfo, pulse_window_get_range (window));

  /* Another page loads when it is shown. */
  page = pulse_window_find_page (window, "activity");
  g_assert_cmpint (pulse_metric_card_get_state (pulse_metric_page_find_card (page, "dau")), ==, PULSE_CARD_EMPTY);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), "activity");
  wait_for_page (page);
  assert_card_matches_engine (page, "dau", conninfo, pulse_window_get_range (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = pulse_application_new (NULL);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  pulse_test_pg_start ();

  g_test_add_func ("/window/every-group-has-a-page", test_every_group_has_a_page);
  g_test_add_func ("/window/dashboard-shows-engine-values", test_dashboard_shows_engine_values);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_clear_object (&catalog);
  g_clear_object (&app);
  return status;
}
