/* test-connection-dialog.c: the connection dialog in a real window
 *
 * Drives the dialog under Xvfb against the test cluster: pasting (valid
 * and invalid), the TLS warning, a failing and a passing connection test,
 * save and delete. With PULSE_SCREENSHOT_DIR set, it also writes PNGs of
 * the empty, filled and error states, light and dark, wide and narrow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pulse-application.h"
#include "pulse-connection-dialog-private.h"
#include "pulse-settings.h"
#include "pulse-window-private.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"

static gboolean
not_testing (gpointer data)
{
  return !pulse_connection_dialog_is_testing (data);
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static GtkWidget *find_by_type_and_label (GtkWidget *root, GType type, const char *label);
static void click_button (GtkWidget *root, const char *label);

static void
shoot (GtkWidget  *window,
       const char *name)
{
  const char *dir = g_getenv ("PULSE_SCREENSHOT_DIR");
  static const struct { const char *scheme; AdwColorScheme value; } schemes[] = {
    { "light", ADW_COLOR_SCHEME_FORCE_LIGHT }, { "dark", ADW_COLOR_SCHEME_FORCE_DARK },
  };
  static const int widths[] = { 640, 360 };

  if (dir == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        g_autofree char *path = g_strdup_printf ("%s/connection-dialog-%s-%s-%d.png", dir, name,
                                                 schemes[s].scheme, widths[w]);
        GtkWidget *scrolled = find_by_type_and_label (window, GTK_TYPE_SCROLLED_WINDOW, NULL);
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

        adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[s].value);
        gtk_window_set_default_size (GTK_WINDOW (window), widths[w], 900);
        pulse_test_spin (333);
        /* Where the person looking at a test result has scrolled to. */
        if (g_str_equal (name, "error") || g_str_equal (name, "tested"))
          {
            gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
            pulse_test_spin (333);
          }
        pulse_test_save_png (window, path);
      }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static GtkWidget *
find_by_type_and_label (GtkWidget  *root,
                        GType       type,
                        const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (label == NULL || (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), label) == 0) ||
           (ADW_IS_PREFERENCES_ROW (child) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), label) == 0)))
        return child;
      if ((found = find_by_type_and_label (child, type, label)))
        return found;
    }
  return NULL;
}

static const char *
row_text (GtkWidget  *dialog,
          const char *title)
{
  GtkWidget *row = find_by_type_and_label (dialog, ADW_TYPE_ENTRY_ROW, title);
  g_assert_nonnull (row);
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_row (GtkWidget  *dialog,
         const char *title,
         const char *text)
{
  GtkWidget *row = find_by_type_and_label (dialog, ADW_TYPE_ENTRY_ROW, title);
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The store file holds "Production replica" on host @host. */
static gboolean
saved_in_file (gpointer host)
{
  g_autoptr(PulseConnectionStore) again = pulse_connection_store_new (NULL);
  PulseConnectionProfile *profile;

  g_assert_true (pulse_connection_store_load (again, NULL));
  profile = pulse_connection_store_lookup_name (again, "Production replica");
  return profile != NULL && g_strcmp0 (pulse_connection_profile_get_host (profile), host) == 0;
}

static gboolean
is_null (gpointer pointer)
{
  return *(gpointer *)pointer == NULL;
}

static void
test_dialog (void)
{
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autofree char *conninfo = pulse_test_pg_create_db ("dialog_db");
  g_autofree char *uri = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *closed = NULL;
  PulseConnectionDialog *dialog;
  GtkWidget *warning;
  GtkWidget *details;

  g_assert_true (pulse_connection_store_load (store, NULL));
  dialog = pulse_connection_dialog_new (store);
  gtk_window_present (GTK_WINDOW (dialog));
  pulse_test_wait_until (mapped, dialog, 10);
  g_assert_cmpstr (row_text (GTK_WIDGET (dialog), "Name"), ==, "New Connection");
  shoot (GTK_WIDGET (dialog), "empty");

  /* Invalid input is shown in the row, and changes nothing. */
  pulse_connection_dialog_paste (dialog, "host=db port");
  g_assert_true (gtk_widget_has_css_class (find_by_type_and_label (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW,
                                           "Paste a postgres:// URI or connection string"), "error"));
  g_assert_cmpstr (row_text (GTK_WIDGET (dialog), "Host"), ==, "");

  /* A remote host with TLS "prefer" gets the warning. */
  pulse_connection_dialog_paste (dialog, "postgres://pm:secret@replica.example.com:6432/platform?sslmode=prefer");
  g_assert_cmpstr (row_text (GTK_WIDGET (dialog), "Host"), ==, "replica.example.com");
  g_assert_cmpstr (row_text (GTK_WIDGET (dialog), "Port (empty for 5432)"), ==, "6432");
  g_assert_cmpstr (row_text (GTK_WIDGET (dialog), "Password (kept in the keyring)"), ==, "secret");
  set_row (GTK_WIDGET (dialog), "Name", "Production replica");
  warning = find_by_type_and_label (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "The connection may not be encrypted");
  g_assert_true (gtk_widget_get_visible (warning));
  shoot (GTK_WIDGET (dialog), "filled");

  /* A closed port: the right message, raw text under Details. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  closed = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  set_row (GTK_WIDGET (dialog), "Host", "127.0.0.1");
  set_row (GTK_WIDGET (dialog), "Port (empty for 5432)", closed);
  g_assert_false (gtk_widget_get_visible (warning));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.test", NULL);
  pulse_test_wait_until (not_testing, dialog, 20);
  g_assert_true (g_str_has_prefix (pulse_connection_dialog_get_test_title (dialog), "The server refused the connection"));
  details = find_by_type_and_label (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER, NULL);
  g_assert_true (gtk_widget_get_visible (details));
  gtk_expander_set_expanded (GTK_EXPANDER (details), TRUE);
  shoot (GTK_WIDGET (dialog), "error");

  /* The real cluster: a passing test with its report. */
  uri = g_strdup_printf ("host=%s port=%u dbname=dialog_db user=pulse", pulse_test_pg_socket_dir (), pulse_test_pg_port ());
  pulse_connection_dialog_paste (dialog, uri);
  pulse_connection_dialog_set_password (dialog, "");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.test", NULL);
  pulse_test_wait_until (not_testing, dialog, 20);
  g_assert_cmpstr (pulse_connection_dialog_get_test_title (dialog), ==, "Connected: this looks like the talent platform");
  g_assert_false (gtk_widget_get_visible (details));
  shoot (GTK_WIDGET (dialog), "tested");

  /* Save puts it in the store (the file is written in a thread). */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.save", NULL);
  g_assert_nonnull (pulse_connection_store_lookup_name (store, "Production replica"));
  pulse_test_wait_until (saved_in_file, (gpointer)pulse_test_pg_socket_dir (), 20);

  /* Cancel closes the dialog at once, even with a write still running
   * (it held the dialog until the write was done), and leaves the saved
   * connection as it was. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "connection.save", NULL);
  set_row (GTK_WIDGET (dialog), "Name", "Renamed");
  set_row (GTK_WIDGET (dialog), "Host", "elsewhere.example.com");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  click_button (GTK_WIDGET (dialog), "_Cancel");
  g_assert_null (dialog);
  g_assert_null (pulse_connection_store_lookup_name (store, "Renamed"));
  g_assert_cmpstr (pulse_connection_profile_get_host (pulse_connection_store_lookup_name (store, "Production replica")),
                   ==, pulse_test_pg_socket_dir ());
  /* The last write holds the store: it is done once the store is gone. */
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *)&store);
  g_clear_object (&store);
  pulse_test_wait_until (is_null, &store, 20);
  g_assert_true (saved_in_file ((gpointer)pulse_test_pg_socket_dir ()));
  {
    g_autoptr(PulseConnectionStore) again = pulse_connection_store_new (NULL);
    g_assert_true (pulse_connection_store_load (again, NULL));
    g_assert_null (pulse_connection_store_lookup_name (again, "Renamed"));
  }
}

static gboolean
window_on_dashboard (gpointer data)
{
  return g_strcmp0 (pulse_window_get_state (data), "dashboard") == 0;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
password_asked (gpointer data)
{
  return find_message_dialog () != NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

/* As a click does: the dialog answers and closes. */
static void
click_button (GtkWidget  *root,
              const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* A new window reopens the saved connection that was active; with no
 * keyring it asks for the password instead of failing. */
static void
test_restore_active (void)
{
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionProfile) profile = pulse_connection_profile_new ();
  g_autoptr(GSettings) settings = pulse_settings_new ();
  g_autoptr(PulseApplication) app = pulse_test_new_application ();
  g_autoptr(PulseCatalog) catalog = NULL;
  g_autofree char *conninfo = pulse_test_pg_create_db ("restore_db");
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  PulseWindow *window;

  g_assert_true (pulse_connection_store_load (store, NULL));
  pulse_connection_profile_set_name (profile, "Restored");
  pulse_connection_profile_set_host (profile, pulse_test_pg_socket_dir ());
  pulse_connection_profile_set_port (profile, pulse_test_pg_port ());
  pulse_connection_profile_set_database (profile, "restore_db");
  pulse_connection_profile_set_user (profile, "pulse");
  pulse_connection_store_add (store, profile);
  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "active-connection", pulse_connection_profile_get_id (profile));

  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  window = pulse_window_new (GTK_APPLICATION (app), catalog);
  gtk_window_present (GTK_WINDOW (window));
  pulse_window_restore_connection (window);
  pulse_test_wait_until (password_asked, NULL, 10);
  click_button (GTK_WIDGET (find_message_dialog ()), "C_onnect");
  pulse_test_wait_until (window_on_dashboard, window, 20);
  expected = pulse_connection_profile_to_conninfo (profile);
  g_assert_cmpstr (pulse_worker_get_conninfo (pulse_window_get_worker (window)), ==, expected);

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "active-connection");
}

int
main (int   argc,
      char *argv[])
{
  /* No keyring here: saving a password must fail softly. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/pulse-test-bus", TRUE);
  /* Its tests make their own applications and catalogs. */
  pulse_test_ui_init (&argc, &argv, "dialog",
                      PULSE_TEST_UI_CONFIG | PULSE_TEST_UI_USER_LOCALE | PULSE_TEST_UI_SERVER);
  g_test_add_func ("/connection-dialog/drive", test_dialog);
  g_test_add_func ("/connection-dialog/restore-active", test_restore_active);
  return pulse_test_ui_run ();
}
