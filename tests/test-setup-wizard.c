/* test-setup-wizard.c: the tracking setup wizard, driven as a user would
 *
 * A real window on a real database, connected as a read-only role: open
 * the wizard from a card, try that role, apply as the owner while a table
 * is locked (and retry), apply with the read grant for the dashboard's
 * role, see the dashboard switch to the tables, backfill, copy the
 * signatures.
 *
 * With PULSE_WIZARD_SCREENSHOTS=DIR every step is also saved as PNG,
 * light and dark (PULSE_WIZARD_WIDTH sets the window's width).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "pulse-application.h"
#include "pulse-catalog.h"
#include "pulse-demo.h"
#include "pulse-metric-card.h"
#include "pulse-metric-page.h"
#include "pulse-migration-row.h"
#include "pulse-migration-runner.h"
#include "pulse-settings.h"
#include "pulse-setup-wizard-private.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window.h"

static PulseApplication *app;
static PulseCatalog *catalog;

static gboolean
wizard_idle (gpointer wizard)
{
  return !pulse_setup_wizard_get_busy (wizard);
}

static void
wait_idle (PulseSetupWizard *wizard)
{
  pulse_test_wait_until (wizard_idle, wizard, 60);
  pulse_test_spin (100);
}

/* Widgets by what the user sees. */

static GtkWidget *
find_widget (GtkWidget  *root,
             gboolean  (*match) (GtkWidget *, const char *),
             const char *needle)
{
  if (gtk_widget_get_mapped (root) && match (root, needle))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, needle);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
label_contains (GtkWidget  *widget,
                const char *needle)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL;
}

static gboolean
row_titled (GtkWidget  *widget,
            const char *title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_expander (GtkWidget  *widget,
             const char *unused)
{
  return ADW_IS_EXPANDER_ROW (widget);
}

static gboolean
expander_titled (GtkWidget  *widget,
                 const char *title)
{
  return ADW_IS_EXPANDER_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_text_view (GtkWidget  *widget,
              const char *unused)
{
  return GTK_IS_TEXT_VIEW (widget);
}

static gboolean
is_migration_row (GtkWidget  *widget,
                  const char *file_name)
{
  return PULSE_IS_MIGRATION_ROW (widget) &&
         g_str_equal (pulse_migration_get_file_name (pulse_migration_row_get_migration (PULSE_MIGRATION_ROW (widget))),
                      file_name);
}

static void
assert_migration_state (PulseSetupWizard       *wizard,
                        const char             *file_name,
                        PulseMigrationRowState  state)
{
  GtkWidget *row = find_widget (GTK_WIDGET (wizard), is_migration_row, file_name);

  g_assert_nonnull (row);
  g_assert_cmpint (pulse_migration_row_get_state (PULSE_MIGRATION_ROW (row)), ==, state);
}

typedef struct
{
  PulseSetupWizard       *wizard;
  const char             *file_name;
  PulseMigrationRowState  state;
} RowState;

static gboolean
row_reached (gpointer data)
{
  RowState *wanted = data;
  GtkWidget *row = find_widget (GTK_WIDGET (wanted->wizard), is_migration_row, wanted->file_name);

  return row != NULL && pulse_migration_row_get_state (PULSE_MIGRATION_ROW (row)) == wanted->state;
}

/* Waits (at most 30 s) until the migration's row shows @state. */
static void
wait_for_migration_state (PulseSetupWizard       *wizard,
                          const char             *file_name,
                          PulseMigrationRowState  state)
{
  RowState wanted = { wizard, file_name, state };

  pulse_test_wait_until (row_reached, &wanted, 30);
}

static gboolean
shows_text_view (gpointer wizard)
{
  return find_widget (GTK_WIDGET (wizard), is_text_view, NULL) != NULL;
}

static gboolean
holds_text_view (gpointer widget)
{
  return find_widget (widget, is_text_view, NULL) != NULL;
}

static void
assert_shows (PulseSetupWizard *wizard,
              const char       *text)
{
  if (find_widget (GTK_WIDGET (wizard), label_contains, text) == NULL)
    g_error ("the wizard does not show “%s”", text);
}

static void
type_into (PulseSetupWizard *wizard,
           const char       *row_title,
           const char       *text)
{
  GtkWidget *row = find_widget (GTK_WIDGET (wizard), row_titled, row_title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
}

static void
screenshot (PulseSetupWizard *wizard,
            const char       *name)
{
  const char *dir = g_getenv ("PULSE_WIZARD_SCREENSHOTS");
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *schemes[] = { "light", "dark" };

  if (dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autofree char *file = g_strdup_printf ("wizard-%s-%s-%d.png", name, schemes[i],
                                               gtk_widget_get_width (GTK_WIDGET (wizard)));
      g_autofree char *path = g_build_filename (dir, file, NULL);

      adw_style_manager_set_color_scheme (style, i == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                                        : ADW_COLOR_SCHEME_FORCE_DARK);
      pulse_test_spin (400);
      save_png (GTK_WIDGET (wizard), path);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static PulseSetupWizard *
find_wizard (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (PULSE_IS_SETUP_WIZARD (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return PULSE_SETUP_WIZARD (window);
    }
  return NULL;
}

static PulseSetupWizard *
open_wizard (PulseWindow *window,
             const char  *metric_id)
{
  PulseSetupWizard *wizard;
  const char *width = g_getenv ("PULSE_WIZARD_WIDTH");

  g_assert_null (find_wizard ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.setup-tracking", "s", metric_id));
  wizard = find_wizard ();
  g_assert_nonnull (wizard);
  if (width != NULL)
    gtk_window_set_default_size (GTK_WINDOW (wizard), atoi (width), 760);
  pulse_test_spin (500);
  return wizard;
}

static void
next (PulseSetupWizard *wizard)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  pulse_test_spin (50);
}

static PulseSource
card_source (PulseMetricPage *page,
             const char      *metric_id)
{
  PulseMetricCard *card = pulse_metric_page_find_card (page, metric_id);

  g_assert_cmpint (pulse_metric_card_get_state (card), ==, PULSE_CARD_CONTENT);
  return pulse_metric_result_get_source (pulse_metric_card_get_result (card));
}

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static void
test_end_to_end (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("wiz_e2e");
  /* The dashboard's connection, as read-only as a real one. */
  g_autofree char *dashboard = g_strdup_printf ("%s user=wiz_ro", conninfo);
  g_autofree char *today = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(PGconn) holder = NULL;
  g_autoptr(GSettings) settings = pulse_settings_new ();
  PulseSetupWizard *wizard;
  PulseWindow *window;
  PulseMetricPage *page;
  char *copied = NULL;

  today = g_date_time_format (now, "%Y-%m-%d");
  pulse_demo_generate_data (conninfo, 300, today, &error);
  g_assert_no_error (error);
  pulse_test_pg_exec (conninfo, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wiz_ro') "
                      "THEN CREATE ROLE wiz_ro LOGIN; END IF; END $$; "
                      "GRANT SELECT ON ALL TABLES IN SCHEMA public TO wiz_ro");

  g_settings_set_string (settings, "page", "engagement");
  window = pulse_window_new (GTK_APPLICATION (app), catalog);
  gtk_window_present (GTK_WINDOW (window));
  pulse_window_open_connection (window, dashboard);
  page = pulse_window_get_visible_page (window);
  pulse_test_wait_for_page (page);
  g_assert_cmpint (card_source (page, "session_duration"), ==, PULSE_SOURCE_ESTIMATED);

  /* From the card's "set up" action, with its metric. */
  wizard = open_wizard (window, "session_duration");
  g_assert_cmpstr (pulse_setup_wizard_get_metric_id (wizard), ==, "session_duration");
  g_assert_cmpstr (pulse_setup_wizard_get_conninfo (wizard), ==, dashboard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_INTRO);
  assert_shows (wizard, "Measure What Is Only Estimated Today");
  assert_shows (wizard, "Today: estimated from activity events");
  /* The metrics the migrations' tables unlock, by their catalog titles. */
  assert_shows (wizard, "Session duration");
  assert_shows (wizard, "Shared collections");
  assert_shows (wizard, "Collection items");
  assert_shows (wizard, "Selected");
  screenshot (wizard, "1-intro");

  next (wizard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_CONNECT);
  screenshot (wizard, "2-connect");

  /* The read-only role (the connection's, filled in) is refused, plainly;
   * nothing runs. */
  next (wizard);
  wait_idle (wizard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_CONNECT);
  assert_shows (wizard, "“wiz_ro” cannot create tables");
  screenshot (wizard, "2-connect-refused");

  /* The owner may; the review lists the five migrations with their SQL,
   * then the dashboard's role's read grant. */
  type_into (wizard, "User", "pulse");
  next (wizard);
  wait_idle (wizard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_REVIEW);
  assert_shows (wizard, "6 migrations will run as role “pulse”");
  assert_shows (wizard, "The dashboard's role “wiz_ro” may read the new tables");
  {
    GtkWidget *expander = find_widget (GTK_WIDGET (wizard), is_expander, NULL);
    g_assert_nonnull (expander);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
    pulse_test_wait_until (shows_text_view, wizard, 10);
    screenshot (wizard, "3-review");
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), FALSE);
  }
  {
    GtkWidget *grant = find_widget (GTK_WIDGET (wizard), expander_titled, "Read access for the dashboard");
    GtkWidget *view;

    g_assert_nonnull (grant);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (grant), TRUE);
    pulse_test_wait_until (holds_text_view, grant, 10);
    view = find_widget (grant, is_text_view, NULL);
    g_assert_nonnull (view);
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
      GtkTextIter start, end;
      g_autofree char *sql = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      sql = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      g_assert_nonnull (strstr (sql, "GRANT SELECT ON\n    \"public\".\"sessions\","));
      g_assert_nonnull (strstr (sql, "TO \"wiz_ro\""));
    }
    gtk_widget_grab_focus (grant);
    screenshot (wizard, "3-review-grant");
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (grant), FALSE);
  }

  /* A long transaction holds collections: 0001 applies, 0002 waits, then
   * gives up, rolled back. */
  holder = pulse_test_pg_connect_admin (conninfo);
  pulse_db_exec_script (holder, "BEGIN; LOCK TABLE public.collections IN ACCESS EXCLUSIVE MODE;", &error);
  g_assert_no_error (error);
  next (wizard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_APPLY);
  wait_for_migration_state (wizard, "0002_collection_shares.sql", PULSE_MIGRATION_ROW_RUNNING);
  g_assert_true (pulse_setup_wizard_get_busy (wizard));
  assert_shows (wizard, "Applied in");
  assert_shows (wizard, "Running…");
  assert_shows (wizard, "1 of 6 applied");
  assert_migration_state (wizard, "0001_sessions.sql", PULSE_MIGRATION_ROW_APPLIED);
  assert_migration_state (wizard, "0002_collection_shares.sql", PULSE_MIGRATION_ROW_RUNNING);
  assert_migration_state (wizard, "0003_collection_items.sql", PULSE_MIGRATION_ROW_WAITING);
  screenshot (wizard, "4-apply-running");
  wait_idle (wizard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_APPLY);
  assert_shows (wizard, "Migration 0002_collection_shares.sql stopped after waiting");
  assert_shows (wizard, "Failed; rolled back");
  assert_migration_state (wizard, "0002_collection_shares.sql", PULSE_MIGRATION_ROW_FAILED);
  screenshot (wizard, "4-apply-lock-timeout");
  /* Half set up, not yet granted: the dashboard keeps the estimate it may
   * read rather than failing on the new sessions table. */
  pulse_test_wait_for_page (page);
  g_assert_cmpint (card_source (page, "session_duration"), ==, PULSE_SOURCE_ESTIMATED);

  /* Retry once the transaction is gone: check again, then apply. */
  pulse_db_exec_script (holder, "ROLLBACK", &error);
  g_assert_no_error (error);
  next (wizard);
  wait_idle (wizard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_REVIEW);
  assert_shows (wizard, "5 migrations will run");
  next (wizard);
  wait_idle (wizard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_DONE);
  assert_shows (wizard, "Tracking Is Set Up");
  assert_shows (wizard, "The dashboard's role “wiz_ro” may read the new tables.");
  screenshot (wizard, "5-done");

  /* The dashboard refreshed itself and reads the tables now, as its
   * read-only role. */
  pulse_test_wait_for_page (page);
  g_assert_cmpint (card_source (page, "session_duration"), ==, PULSE_SOURCE_TABLE);
  {
    PulseMetricPage *collections = pulse_window_find_page (window, "collections");
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (collections))),
                                           "collections");
    pulse_test_wait_for_page (collections);
    g_assert_cmpint (card_source (collections, "shared_collections"), ==, PULSE_SOURCE_TABLE);
    g_assert_cmpint (card_source (collections, "collection_items"), ==, PULSE_SOURCE_TABLE);
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))),
                                           "engagement");
    pulse_test_wait_for_page (page);
  }

  /* The optional backfill. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.backfill", NULL));
  pulse_test_spin (50);
  wait_idle (wizard);
  assert_shows (wizard, "past sessions were filled in");
  {
    g_autoptr(PGresult) result = pulse_db_exec (holder, "SELECT count(*) > 100 FROM sessions WHERE device_type = 'backfill'",
                                                0, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "t");
  }
  screenshot (wizard, "5-done-backfilled");

  /* The signatures go to the clipboard as text. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.copy-signatures", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (wizard)), NULL, clipboard_read_cb, &copied);
  while (copied == NULL)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autofree char *signatures = pulse_migration_load_backend_signatures (&error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (signatures, "pulse.record_session_heartbeat("));
    g_assert_cmpstr (copied, ==, signatures);
  }
  g_free (copied);

  next (wizard);
  pulse_test_spin (200);
  g_assert_null (find_wizard ());

  /* From the main menu, again: it is all applied and granted already. */
  wizard = open_wizard (window, "");
  g_assert_null (pulse_setup_wizard_get_metric_id (wizard));
  next (wizard);
  type_into (wizard, "User", "pulse");
  next (wizard);
  wait_idle (wizard);
  g_assert_cmpint (pulse_setup_wizard_get_step (wizard), ==, PULSE_SETUP_STEP_DONE);
  assert_shows (wizard, "Already Set Up");
  gtk_window_close (GTK_WINDOW (wizard));
  pulse_test_spin (100);

  /* Closed while it checks: the task ends on its own, nothing touches the dead window. */
  wizard = open_wizard (window, "collection_items");
  next (wizard);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  g_assert_true (pulse_setup_wizard_get_busy (wizard));
  gtk_window_close (GTK_WINDOW (wizard));
  pulse_test_spin (1500);
  g_assert_null (find_wizard ());

  gtk_window_destroy (GTK_WINDOW (window));
  pulse_test_start_on_first_group ();
}

int
main (int   argc,
      char *argv[])
{
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "setup-wizard",
                                               PULSE_TEST_UI_APP | PULSE_TEST_UI_FIRST_GROUP |
                                               PULSE_TEST_UI_SERVER);

  app = ui->app;
  catalog = ui->catalog;
  g_test_add_func ("/setup-wizard/end-to-end", test_end_to_end);

  return pulse_test_ui_run ();
}
