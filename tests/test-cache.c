/* test-cache.c: the activity cache as the window shows it, under a real display server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pulse-activity-index.h"
#include "pulse-application.h"
#include "pulse-demo.h"
#include "pulse-metric-card-private.h"
#include "pulse-settings.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

static PulseApplication *app;
static PulseCatalog *catalog;

static GtkWidget *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
dup_cache_item_label (PulseWindow *window)
{
  GMenuModel *menu = pulse_window_get_cache_menu (window);
  char *label = NULL;

  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  return label;
}

static PulseMetricCard *
find_dau_card (PulseWindow *window)
{
  return pulse_metric_page_find_card (pulse_window_find_page (window, "activity"), "dau");
}

/* Opens @conninfo on the activity page. */
static void
open_activity (PulseWindow *window,
               const char  *conninfo)
{
  PulseMetricPage *page = pulse_window_find_page (window, "activity");

  pulse_window_open_connection (window, conninfo);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), "activity");
}

static const char *
get_headline (PulseMetricCard *card)
{
  return pulse_metric_view_get_headline_text (pulse_metric_card_get_view (card));
}

static void
test_clear_cache (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_demo_db ("cache_clear", 300);
  g_autofree char *dir = pulse_activity_cache_dup_default_dir ();
  g_autofree char *size = NULL;
  g_autofree char *label = NULL;
  g_autofree char *zero = g_format_size (0);
  PulseWindow *window = pulse_test_ui_new_window ();
  GtkWidget *menu_button = find_primary_menu_button (GTK_WIDGET (window));

  open_activity (window, conninfo);
  pulse_test_wait_for_page (pulse_window_find_page (window, "activity"));
  pulse_test_wait_for_snapshot (GTK_WIDGET (window));

  /* The activity page wrote the connection's cache and snapshot; the
   * menu says their size when it opens. */
  g_assert_cmpuint (pulse_activity_cache_get_size (dir), >, 0);
  g_assert_cmpuint (pulse_cache_get_size (), >, pulse_activity_cache_get_size (dir));
  size = g_format_size (pulse_cache_get_size ());
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  label = dup_cache_item_label (window);
  g_assert_nonnull (strstr (label, size));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  g_clear_pointer (&label, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-cache", NULL));
  g_assert_cmpuint (pulse_cache_get_size (), ==, 0);
  label = dup_cache_item_label (window);
  g_assert_nonnull (strstr (label, zero));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  PulseMetricCard *card;
  const char      *cached;          /* the headline before the rows went */
  char            *while_verifying; /* the headline shown marked "Verifying" */
} Watch;

static void
on_card_changed (PulseMetricCard *card,
                 GParamSpec      *pspec,
                 Watch           *watch)
{
  if (pulse_metric_card_get_verifying (card) && pulse_metric_card_get_state (card) == PULSE_CARD_CONTENT &&
      watch->while_verifying == NULL)
    watch->while_verifying = g_strdup (get_headline (card));
}

static gboolean
shows_checked_numbers (gpointer data)
{
  Watch *watch = data;

  return !pulse_metric_card_get_verifying (watch->card) &&
         pulse_metric_card_get_state (watch->card) == PULSE_CARD_CONTENT &&
         g_strcmp0 (get_headline (watch->card), watch->cached) != 0;
}

/* A second window shows the cached numbers, marked "Verifying"; rows
 * deleted meanwhile fail the check, and the cards show the rebuilt index's. */
static void
test_verifying (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_demo_db ("cache_verifying", 300);
  g_autofree char *cached = NULL;
  PulseWindow *window = pulse_test_ui_new_window ();
  Watch watch = { 0 };

  open_activity (window, conninfo);
  pulse_test_wait_for_page (pulse_window_find_page (window, "activity"));
  /* Built cold: nothing to verify. */
  g_assert_false (pulse_metric_card_get_verifying (find_dau_card (window)));
  cached = g_strdup (get_headline (find_dau_card (window)));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Rows below the cache's mark rewritten (the newest stays, so the mark
   * holds): new rows would not tell, only the check does. */
  pulse_test_pg_exec (conninfo, "UPDATE activity_events SET occurred_at = occurred_at - interval '200 days' "
                                "WHERE occurred_at > now () - interval '3 days' "
                                "AND id < (SELECT max (id) FROM activity_events)");

  window = pulse_test_ui_new_window ();
  watch.card = find_dau_card (window);
  watch.cached = cached;
  g_signal_connect (watch.card, "notify::verifying", G_CALLBACK (on_card_changed), &watch);
  g_signal_connect (watch.card, "notify::state", G_CALLBACK (on_card_changed), &watch);
  open_activity (window, conninfo);
  pulse_test_wait_until (shows_checked_numbers, &watch, 60);
  g_assert_cmpstr (watch.while_verifying, ==, cached);
  g_signal_handlers_disconnect_by_data (watch.card, &watch);

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (watch.while_verifying);
}

static void
on_progress (PulseWorker     *worker,
             guint64          rows_read,
             guint64          rows_estimated,
             PulseMetricCard *card)
{
  char **shown = g_object_get_data (G_OBJECT (card), "shown");
  const char *text = pulse_metric_card_get_progress_text (card);

  if (*shown == NULL && text != NULL)
    *shown = g_strdup (text);
}

static gboolean
count_is_zero (const char *conninfo,
               const char *sql)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(PGresult) result = PQexec (conn, sql);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  return g_str_equal (PQgetvalue (result, 0, 0), "0");
}

static gboolean
lock_waited_for (gpointer conninfo)
{
  return !count_is_zero (conninfo, "SELECT count (*) FROM pg_stat_activity WHERE datname = current_database () "
                                   "AND wait_event_type = 'Lock'");
}

static gboolean
no_lock_waited_for (gpointer conninfo)
{
  return !lock_waited_for (conninfo);
}

/* A cold build says how many events it read of the planner's estimate;
 * a load stuck on the server is cancelled from the card, on the server
 * too, and the main loop runs meanwhile. */
static void
test_progress_and_cancel (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_demo_db ("cache_progress", 300);
  g_autofree char *shown = NULL;
  g_autoptr(PGconn) locker = NULL;
  g_autoptr(PGresult) locked = NULL;
  PulseWindow *window = pulse_test_ui_new_window ();
  PulseMetricCard *card = find_dau_card (window);
  PulseMetricPage *page = pulse_window_find_page (window, "activity");

  /* The estimate is the planner's, which has analyzed the table. */
  pulse_test_pg_exec (conninfo, "ANALYZE activity_events");
  g_object_set_data (G_OBJECT (card), "shown", &shown);
  open_activity (window, conninfo);
  g_assert_nonnull (pulse_window_get_worker (window));
  /* After the page's handler, which updates the card. */
  g_signal_connect_after (pulse_window_get_worker (window), "activity-progress", G_CALLBACK (on_progress), card);
  pulse_test_wait_for_page (page);
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, " of about "));
  g_assert_null (pulse_metric_card_get_progress_text (card));

  /* The events locked: a refresh waits on the server, the window does not. */
  locker = pulse_test_pg_connect_admin (conninfo);
  locked = PQexec (locker, "BEGIN; LOCK TABLE activity_events IN ACCESS EXCLUSIVE MODE");
  g_assert_cmpint (PQresultStatus (locked), ==, PGRES_COMMAND_OK);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  pulse_test_wait_until (lock_waited_for, conninfo, 20);
  pulse_test_spin (200);
  g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_LOADING);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "page.cancel-loading", NULL));
  g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_CONTENT);
  g_assert_true (pulse_metric_page_is_settled (page));
  pulse_test_wait_until (no_lock_waited_for, conninfo, 20);

  /* Unlocked, the same worker loads again. */
  g_clear_pointer (&locked, PQclear);
  locked = PQexec (locker, "ROLLBACK");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  pulse_test_wait_for_page (page);
  g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_CONTENT);

  /* For screenshots: a card being verified beside one being built. */
  pulse_metric_card_set_verifying (card, TRUE);
  card = pulse_metric_page_find_card (page, "wau");
  pulse_metric_card_set_loading (card);
  pulse_metric_card_set_progress (card, 1234567, 3000000);
  /* The tests' C locale groups no digits. */
  g_assert_cmpstr (pulse_metric_card_get_progress_text (card), ==, "1234567 of about 3000000 events read");
  pulse_test_shoot (GTK_WIDGET (window), "activity-cache");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* A cache of this test's own. */
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "cache",
                                               PULSE_TEST_UI_CACHE | PULSE_TEST_UI_APP |
                                               PULSE_TEST_UI_FIRST_GROUP | PULSE_TEST_UI_SERVER);

  app = ui->app;
  catalog = ui->catalog;
  g_test_add_func ("/cache/clear", test_clear_cache);
  g_test_add_func ("/cache/verifying", test_verifying);
  g_test_add_func ("/cache/progress-and-cancel", test_progress_and_cancel);

  return pulse_test_ui_run ();
}
