/* test-offline.c: the snapshot in real windows, and the preferences
 *
 * Real windows under a real display server, against real servers: a
 * second window on the same query shows the first one's numbers at once
 * (no card ever loading) and then the fresh ones; with the server shut
 * down, a new window shows the last snapshot marked offline, and a
 * corrupt snapshot is not shown; the preferences show the cache's size,
 * clear it, and bind the e-mail switch to its key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pulse-activity-index.h"
#include "pulse-demo.h"
#include "pulse-metric-card-private.h"
#include "pulse-preferences-window.h"
#include "pulse-settings.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

/* Never needed by the trust-authenticated test server, always kept in memory only. */
#define PASSWORD "offline-Secret-Pa55"

static PulseApplication *app;
static PulseCatalog *catalog;

static void
open_page (PulseWindow *window,
           const char  *conninfo,
           const char  *group_id)
{
  PulseMetricPage *page = pulse_window_find_page (window, group_id);
  PulseSessionOptions options;

  pulse_session_options_init_dashboard (&options);
  options.password = PASSWORD;
  pulse_dashboard_open (pulse_window_get_dashboard (window), conninfo, &options);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), group_id);
}

static const char *
headline (PulseMetricCard *card)
{
  return pulse_metric_view_get_headline_text (pulse_metric_card_get_view (card));
}

/* Opens @group_id of @conninfo and waits until its numbers are on disk. */
static GStrv
load_and_save (const char *conninfo,
               const char *group_id)
{
  PulseWindow *window = pulse_test_ui_new_window ();
  PulseMetricPage *page = pulse_window_find_page (window, group_id);
  GPtrArray *cards = pulse_metric_page_get_cards (page);
  GStrv headlines = g_new0 (char *, cards->len + 1);

  open_page (window, conninfo, group_id);
  pulse_test_wait_for_page (page);
  pulse_test_wait_for_snapshot (GTK_WIDGET (window));
  for (guint i = 0; i < cards->len; i++)
    {
      g_assert_cmpint (pulse_metric_card_get_state (g_ptr_array_index (cards, i)), ==, PULSE_CARD_CONTENT);
      headlines[i] = g_strdup (headline (g_ptr_array_index (cards, i)));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return headlines;
}

static char *
find_snapshot_file (void)
{
  g_autofree char *dir = pulse_activity_cache_dup_default_dir ();
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    if (g_str_has_prefix (name, "snapshot-"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

typedef struct
{
  gboolean ever_loading;
  gboolean all_refreshing;  /* every card showed the snapshot before the fresh numbers */
} Watch;

static void
on_card_state (PulseMetricCard *card,
               GParamSpec      *pspec,
               Watch           *watch)
{
  if (pulse_metric_card_get_state (card) == PULSE_CARD_LOADING)
    watch->ever_loading = TRUE;
}

static gboolean
all_refreshing (gpointer page)
{
  GPtrArray *cards = pulse_metric_page_get_cards (page);

  for (guint i = 0; i < cards->len; i++)
    if (!pulse_metric_card_get_refreshing (g_ptr_array_index (cards, i)) ||
        pulse_metric_card_get_state (g_ptr_array_index (cards, i)) != PULSE_CARD_CONTENT)
      return FALSE;
  return TRUE;
}

/* The demo's "done when", on a database of the tests: the second time
 * the Activity page opens on Last 12 months, no card shows a spinner. */
static void
test_second_open (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_demo_db ("offline_second", 300);
  g_autoptr(GSettings) settings = pulse_settings_new ();
  g_auto(GStrv) first = NULL;
  g_autoptr(PGconn) locker = NULL;
  g_autoptr(PGresult) locked = NULL;
  PulseWindow *window;
  PulseMetricPage *page;
  GPtrArray *cards;
  Watch watch = { 0 };

  g_settings_set_string (settings, "range-preset", "last-12-months");
  first = load_and_save (conninfo, "activity");

  /* The events locked: the fresh numbers wait, the snapshot's show. */
  locker = pulse_test_pg_connect_admin (conninfo);
  locked = PQexec (locker, "BEGIN; LOCK TABLE activity_events IN ACCESS EXCLUSIVE MODE");
  g_assert_cmpint (PQresultStatus (locked), ==, PGRES_COMMAND_OK);
  window = pulse_test_ui_new_window ();
  page = pulse_window_find_page (window, "activity");
  cards = pulse_metric_page_get_cards (page);
  for (guint i = 0; i < cards->len; i++)
    g_signal_connect (g_ptr_array_index (cards, i), "notify::state", G_CALLBACK (on_card_state), &watch);
  open_page (window, conninfo, "activity");
  pulse_test_wait_until (all_refreshing, page, 20);
  for (guint i = 0; i < cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (cards, i);

      g_assert_cmpstr (headline (card), ==, first[i]);
      g_assert_cmpstr (pulse_metric_card_get_stale_label (card), ==, NULL);
    }
  g_assert_false (pulse_metric_page_is_settled (page));
  pulse_test_shoot (GTK_WIDGET (window), "offline-refreshing");

  g_clear_pointer (&locked, PQclear);
  locked = PQexec (locker, "ROLLBACK");
  pulse_test_wait_for_page (page);
  g_assert_false (watch.ever_loading);
  for (guint i = 0; i < cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (cards, i);

      g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_CONTENT);
      g_assert_false (pulse_metric_card_get_refreshing (card));
      g_signal_handlers_disconnect_by_data (card, &watch);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "range-preset");
}

static GtkLabel *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix) &&
      gtk_widget_get_visible (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
banner_shown (gpointer window)
{
  GtkWidget *banner = pulse_test_find_by_css_class (GTK_WIDGET (window), "pulse-banner");

  return gtk_revealer_get_child_revealed (GTK_REVEALER (gtk_widget_get_parent (banner)));
}

/* The server shut down: a new window shows the last snapshot, dimmed
 * and dated, under "Offline · as of …"; the file never held the
 * password; a corrupt snapshot is not shown, and is gone. */
static void
test_server_down (void)
{
  g_autoptr(PulseTestServer) server = pulse_test_server_start ();
  g_autofree char *conninfo = pulse_test_server_dup_demo_conninfo (server, 300);
  g_auto(GStrv) first = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  PulseWindow *window;
  PulseMetricPage *page;
  GPtrArray *cards;

  /* The other tests' snapshots are of other servers: only this one's is left. */
  g_assert_true (pulse_cache_clear (NULL));
  first = load_and_save (conninfo, "growth");
  path = find_snapshot_file ();
  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, PASSWORD));
  pulse_test_server_shut_down (server);

  window = pulse_test_ui_new_window ();
  page = pulse_window_find_page (window, "growth");
  cards = pulse_metric_page_get_cards (page);
  open_page (window, conninfo, "growth");
  pulse_test_wait_for_page (page);
  pulse_test_wait_until (banner_shown, window, 10);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");
  for (guint i = 0; i < cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (cards, i);

      g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_CONTENT);
      g_assert_cmpstr (headline (card), ==, first[i]);
      g_assert_true (g_str_has_prefix (pulse_metric_card_get_stale_label (card), "As of "));
    }
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Offline · as of "));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "The server is not running"));
  pulse_test_shoot (GTK_WIDGET (window), "offline-snapshot");
  gtk_window_destroy (GTK_WINDOW (window));

  /* Cut short: not shown, removed; the window says it could not connect. */
  g_assert_true (g_file_set_contents (path, contents, (gssize) strlen (contents) / 2, NULL));
  window = pulse_test_ui_new_window ();
  page = pulse_window_find_page (window, "growth");
  open_page (window, conninfo, "growth");
  pulse_test_wait_until (pulse_test_shows_error, window, 30);
  pulse_test_wait_for_page (page);
  g_assert_false (pulse_metric_page_has_results (page));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* No folder to write the cache in (a file where it would be: root
 * writes anywhere else): the dashboard works as before, with no warning
 * (they are fatal in tests). */
static void
test_unwritable_cache (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_demo_db ("offline_unwritable", 300);
  g_autofree char *dir = pulse_activity_cache_dup_default_dir ();
  g_autofree char *moved = g_strconcat (dir, ".moved", NULL);
  g_auto(GStrv) headlines = NULL;

  g_assert_true (pulse_cache_clear (NULL));
  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (g_rename (dir, moved), ==, 0);
  g_assert_true (g_file_set_contents (dir, "", -1, NULL));
  headlines = load_and_save (conninfo, "growth");
  g_assert_cmpuint (g_strv_length (headlines), >, 0);
  g_assert_cmpint (g_unlink (dir), ==, 0);
  g_assert_cmpint (g_rename (moved, dir), ==, 0);
  g_assert_null (find_snapshot_file ());
}

static PulsePreferencesWindow *
find_preferences (void)
{
  return (PulsePreferencesWindow *) pulse_test_find_toplevel (PULSE_TYPE_PREFERENCES_WINDOW);
}

static gboolean
has_preferences (gpointer data)
{
  return find_preferences () != NULL;
}

static gboolean
cache_empty (gpointer data)
{
  return pulse_cache_get_size () == 0;
}

static gboolean
email_shown (gpointer settings)
{
  return g_settings_get_boolean (settings, "people-show-email");
}

static gboolean
email_hidden (gpointer settings)
{
  return !email_shown (settings);
}

/* Ctrl+comma opens them; the size is the cache's; Clear Cache empties
 * it; the switch is the key. */
static void
test_preferences (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_demo_db ("offline_preferences", 300);
  g_autoptr(GSettings) settings = pulse_settings_new ();
  g_autofree char *size = NULL;
  g_autofree char *zero = g_format_size (0);
  g_auto(GStrv) headlines = load_and_save (conninfo, "activity");
  PulseWindow *window = pulse_test_ui_new_window ();
  PulsePreferencesWindow *preferences;
  GtkSwitch *email;

  g_assert_cmpuint (pulse_cache_get_size (), >, 0);
  size = g_format_size (pulse_cache_get_size ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  pulse_test_wait_until (has_preferences, NULL, 10);
  preferences = find_preferences ();
  g_assert_cmpstr (pulse_preferences_window_get_cache_size_text (preferences), ==, size);

  email = pulse_preferences_window_get_email_switch (preferences);
  g_assert_false (g_settings_get_boolean (settings, "people-show-email"));
  g_assert_false (gtk_switch_get_active (email));
  /* As a click does: the switch slides, then the key changes. */
  gtk_widget_activate (GTK_WIDGET (email));
  pulse_test_wait_until (email_shown, settings, 10);
  pulse_test_shoot (GTK_WIDGET (preferences), "preferences");

  /* A button clicks once its press has shown. */
  gtk_widget_activate (GTK_WIDGET (pulse_preferences_window_get_clear_button (preferences)));
  pulse_test_wait_until (cache_empty, NULL, 10);
  g_assert_cmpstr (pulse_preferences_window_get_cache_size_text (preferences), ==, zero);
  g_assert_null (find_snapshot_file ());

  gtk_widget_activate (GTK_WIDGET (email));
  pulse_test_wait_until (email_hidden, settings, 10);
  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The shortcuts window lists Ctrl+comma. */
static void
test_shortcut_listed (void)
{
  g_autoptr(GBytes) overlay = g_resources_lookup_data (PULSE_RESOURCE_PREFIX "/gtk/help-overlay.ui", 0, NULL);

  g_assert_nonnull (overlay);
  g_assert_nonnull (strstr (g_bytes_get_data (overlay, NULL), "&lt;Control&gt;comma"));
}

int
main (int   argc,
      char *argv[])
{
  /* A cache of this test's own. */
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "offline",
                                               PULSE_TEST_UI_CACHE | PULSE_TEST_UI_APP |
                                               PULSE_TEST_UI_FIRST_GROUP | PULSE_TEST_UI_SERVER);

  app = ui->app;
  catalog = ui->catalog;
  g_test_add_func ("/offline/second-open", test_second_open);
  g_test_add_func ("/offline/server-down", test_server_down);
  g_test_add_func ("/offline/unwritable-cache", test_unwritable_cache);
  g_test_add_func ("/offline/preferences", test_preferences);
  g_test_add_func ("/offline/shortcut-listed", test_shortcut_listed);

  return pulse_test_ui_run ();
}
