/* test-errors.c: a failed connection is said once, and the data stays
 *
 * Real windows under a real display server, against real servers: a
 * role whose password is wrong, and a server shut down and started
 * again on the same socket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pulse-connection-dialog.h"
#include "pulse-demo.h"
#include "pulse-metric-card-private.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

#define ROLE "errors_user"
#define PASSWORD "right-Pa55word"
#define WRONG_PASSWORD "wrong-Pa55word"
/* What libpq says: it must not reach any card. */
#define LIBPQ_TEXT "password authentication failed"

static PulseApplication *app;
static PulseCatalog *catalog;

/* The labels under @widget that are on screen and hold @text. */
static guint
count_labels (GtkWidget  *widget,
              const char *text)
{
  guint n = 0;

  if (!gtk_widget_get_visible (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL &&
      gtk_widget_is_drawable (widget))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, text);
  return n;
}

/* The first label under @widget that starts with @prefix. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, prefix);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The button on screen under @widget labelled @label. */
static GtkButton *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
      gtk_widget_is_drawable (widget))
    return GTK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkRevealer *
get_banner (PulseWindow *window)
{
  return GTK_REVEALER (gtk_widget_get_parent (pulse_test_find_by_css_class (GTK_WIDGET (window), "pulse-banner")));
}

/* Slid in: its labels are on screen. */
static gboolean
banner_shown (gpointer banner)
{
  return gtk_revealer_get_child_revealed (banner);
}

static GtkButton *
get_banner_button (PulseWindow *window)
{
  GtkWidget *banner = pulse_test_find_by_css_class (GTK_WIDGET (window), "pulse-banner");

  return GTK_BUTTON (gtk_widget_get_last_child (banner));
}

static const char *
headline (PulseMetricCard *card)
{
  return gtk_label_get_label (GTK_LABEL (pulse_test_find_by_css_class (GTK_WIDGET (card), "kpi-value")));
}

static PulseConnectionDialog *
find_connection_dialog (void)
{
  return (PulseConnectionDialog *) pulse_test_find_toplevel (PULSE_TYPE_CONNECTION_DIALOG);
}

static gboolean
has_connection_dialog (gpointer data)
{
  return find_connection_dialog () != NULL;
}

/* The button offers to edit the connection, and does. */
static void
assert_offers_edit (GtkButton *button)
{
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Edit Connection…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.edit-connection");
  g_assert_null (find_connection_dialog ());
  gtk_widget_activate (GTK_WIDGET (button));
  pulse_test_wait_until (has_connection_dialog, NULL, 10);
  gtk_window_destroy (GTK_WINDOW (find_connection_dialog ()));
}

static void
assert_no_card_error (PulseMetricPage *page)
{
  GPtrArray *cards = pulse_metric_page_get_cards (page);

  for (guint i = 0; i < cards->len; i++)
    g_assert_cmpint (pulse_metric_card_get_state (g_ptr_array_index (cards, i)), !=, PULSE_CARD_ERROR);
}

static void
show_page (PulseWindow *window,
           const char  *group_id)
{
  PulseMetricPage *page = pulse_window_find_page (window, group_id);

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), group_id);
  pulse_test_wait_for_page (page);
}

/* Every card says it is not loaded, and none shows an error. */
static void
assert_offline (PulseMetricPage *page)
{
  GPtrArray *cards = pulse_metric_page_get_cards (page);

  for (guint i = 0; i < cards->len; i++)
    g_assert_cmpint (pulse_metric_card_get_state (g_ptr_array_index (cards, i)), ==, PULSE_CARD_OFFLINE);
}

static char *
role_conninfo (const char *dbname)
{
  g_autofree char *host = pulse_db_quote_conninfo_value (pulse_test_pg_socket_dir ());

  return g_strdup_printf ("host=%s port=%u user=" ROLE " dbname=%s", host, pulse_test_pg_port (), dbname);
}

static void
open_with_password (PulseWindow *window,
                    const char  *conninfo,
                    const char  *password)
{
  PulseSessionOptions options;

  pulse_session_options_init_dashboard (&options);
  options.password = password;
  pulse_dashboard_open (pulse_window_get_dashboard (window), conninfo, &options);
}

/* Nothing loaded yet: one page says so, in a sentence, and offers to
 * edit the connection; no card shows libpq's text. */
static void
test_wrong_password (void)
{
  g_autofree char *admin = pulse_test_pg_create_db ("errors_password");
  g_autofree char *conninfo = role_conninfo ("errors_password");
  PulseWindow *window = pulse_test_ui_new_window ();
  PulseMetricPage *page;

  open_with_password (window, conninfo, WRONG_PASSWORD);
  pulse_test_wait_until (pulse_test_shows_error, window, 60);
  page = pulse_window_get_visible_page (window);
  pulse_test_wait_for_page (page);

  g_assert_cmpuint (count_labels (GTK_WIDGET (window), "did not accept the user name or password"), ==, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), LIBPQ_TEXT), ==, 0);
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), WRONG_PASSWORD), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (get_banner (window)));
  assert_offline (page);
  pulse_test_shoot (GTK_WIDGET (window), "errors-wrong-password");
  assert_offers_edit (find_button (GTK_WIDGET (window), "_Edit Connection…"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The password changes on the server while Pulse shows its data: the
 * banner says so once and offers to edit the connection; the cards keep
 * their numbers, marked stale. */
static void
test_password_changed (void)
{
  g_autofree char *admin = pulse_test_pg_create_db ("errors_changed");
  g_autofree char *conninfo = role_conninfo ("errors_changed");
  g_autofree char *updated = NULL;
  g_autofree char *value = NULL;
  PulseWindow *window = pulse_test_ui_new_window ();
  PulseMetricPage *page;
  PulseMetricCard *signups;

  pulse_test_pg_exec (admin, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " ROLE);
  open_with_password (window, conninfo, PASSWORD);
  page = pulse_window_get_visible_page (window);
  pulse_test_wait_for_page (page);
  signups = pulse_metric_page_find_card (page, "signups");
  g_assert_cmpint (pulse_metric_card_get_state (signups), ==, PULSE_CARD_CONTENT);
  value = g_strdup (headline (signups));
  updated = g_strdup (gtk_label_get_label (find_label (GTK_WIDGET (window), "Updated ")));

  pulse_test_pg_exec (admin, "ALTER ROLE " ROLE " PASSWORD 'changed-Pa55word'");
  pulse_test_pg_exec (admin, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                             "WHERE usename = '" ROLE "'");
  pulse_test_wait_until (pulse_test_pg_no_backends, admin, 20);
  pulse_test_refresh_and_wait (GTK_WIDGET (window), pulse_window_get_visible_page (window));

  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");
  g_assert_true (gtk_revealer_get_reveal_child (get_banner (window)));
  pulse_test_wait_until (banner_shown, get_banner (window), 10);
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), "did not accept the user name or password"), ==, 1);
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), LIBPQ_TEXT), ==, 0);
  assert_no_card_error (page);
  g_assert_cmpint (pulse_metric_card_get_state (signups), ==, PULSE_CARD_CONTENT);
  g_assert_cmpstr (headline (signups), ==, value);
  g_assert_nonnull (pulse_metric_card_get_stale_label (signups));
  g_assert_null (find_label (GTK_WIDGET (window), "Updated "));
  pulse_test_shoot (GTK_WIDGET (window), "errors-password-changed");
  assert_offers_edit (get_banner_button (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
updated_again (gpointer data)
{
  PulseWindow *window = ((gpointer *)data)[0];
  const char *before = ((gpointer *)data)[1];
  GtkLabel *label = find_label (GTK_WIDGET (window), "Updated ");

  return label != NULL && !g_str_equal (gtk_label_get_label (label), before);
}

/* The server shuts down: the cards keep their numbers, marked stale;
 * "Updated" stays; the banner offers to reconnect, which works once the
 * server is back. */
static void
test_server_stopped (void)
{
  g_autoptr(PulseTestServer) server = pulse_test_server_start ();
  g_autofree char *conninfo = pulse_test_server_dup_demo_conninfo (server, 300);
  g_autofree char *updated = NULL;
  g_autofree char *value = NULL;
  PulseWindow *window;
  PulseMetricPage *page;
  PulseMetricCard *signups;
  GtkLabel *offline;
  const char *time;


  window = pulse_test_ui_new_window ();
  pulse_window_open_connection (window, conninfo);
  page = pulse_window_get_visible_page (window);
  pulse_test_wait_for_page (page);
  signups = pulse_metric_page_find_card (page, "signups");
  g_assert_cmpint (pulse_metric_card_get_state (signups), ==, PULSE_CARD_CONTENT);
  g_assert_null (pulse_metric_card_get_stale_label (signups));
  value = g_strdup (headline (signups));
  updated = g_strdup (gtk_label_get_label (find_label (GTK_WIDGET (window), "Updated ")));

  pulse_test_server_shut_down (server);
  pulse_test_refresh_and_wait (GTK_WIDGET (window), pulse_window_get_visible_page (window));

  g_assert_true (gtk_revealer_get_reveal_child (get_banner (window)));
  pulse_test_wait_until (banner_shown, get_banner (window), 10);
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), "The connection to the server was lost"), ==, 1);
  g_assert_cmpstr (gtk_button_get_label (get_banner_button (window)), ==, "_Reconnect");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (get_banner_button (window))), ==, "win.reconnect");
  assert_no_card_error (page);
  g_assert_cmpint (pulse_metric_card_get_state (signups), ==, PULSE_CARD_CONTENT);
  g_assert_cmpstr (headline (signups), ==, value);
  g_assert_true (g_str_has_prefix (pulse_metric_card_get_stale_label (signups), "As of "));
  /* "Updated" did not move: the header tells the same time, offline. */
  g_assert_null (find_label (GTK_WIDGET (window), "Updated "));
  offline = find_label (GTK_WIDGET (window), "Offline — showing data from ");
  g_assert_nonnull (offline);
  time = updated + strlen ("Updated ");
  g_assert_true (g_str_has_suffix (gtk_label_get_label (offline), time));

  pulse_test_shoot (GTK_WIDGET (window), "errors-server-stopped");

  /* A page never loaded says so on its cards, under the same banner. */
  show_page (window, "activity");
  assert_offline (pulse_window_find_page (window, "activity"));
  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");
  g_assert_true (gtk_revealer_get_reveal_child (get_banner (window)));
  g_assert_cmpuint (count_labels (GTK_WIDGET (window), "The server is not running"), ==, 1);
  pulse_test_shoot (GTK_WIDGET (window), "errors-server-stopped-unloaded");
  show_page (window, "growth");

  pulse_test_server_restart (server);
  gtk_widget_activate (GTK_WIDGET (get_banner_button (window)));
  pulse_test_wait_until (updated_again, (gpointer[]) { window, updated }, 60);
  pulse_test_wait_for_page (page);

  g_assert_false (gtk_revealer_get_reveal_child (get_banner (window)));
  g_assert_cmpint (pulse_metric_card_get_state (signups), ==, PULSE_CARD_CONTENT);
  g_assert_null (pulse_metric_card_get_stale_label (signups));
  g_assert_cmpstr (headline (signups), ==, value);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* Saved connections of the tests' own. */
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "errors",
                                               PULSE_TEST_UI_CONFIG | PULSE_TEST_UI_BUS | PULSE_TEST_UI_APP |
                                               PULSE_TEST_UI_FIRST_GROUP | PULSE_TEST_UI_SERVER);

  app = ui->app;
  catalog = ui->catalog;
  pulse_test_pg_add_password_role (ROLE, PASSWORD);

  g_test_add_func ("/errors/wrong-password", test_wrong_password);
  g_test_add_func ("/errors/password-changed", test_password_changed);
  g_test_add_func ("/errors/server-stopped", test_server_stopped);

  return pulse_test_ui_run ();
}
