/* test-save-dialog.c: the report's save dialog, as a user drives it
 *
 * GTK 4.8's own file chooser (there is no portal here) loads
 * libcloudproviders 0.3.1 for its sidebar, which leaks on a thread of
 * its own. So the chooser is driven here alone, and under AddressSanitizer
 * this binary checks memory errors but not leaks (below); every other
 * test exports through pulse-export-dialog-private.h, with leaks checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "pulse-settings.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

#if defined(__SANITIZE_ADDRESS__)
# define PULSE_TEST_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define PULSE_TEST_ASAN 1
# endif
#endif

#ifdef PULSE_TEST_ASAN
/* LeakSanitizer's documented opt-out for one program. Its fast unwinder
 * stops at g_malloc, so no suppression could name libcloudproviders. */
int __lsan_is_turned_off (void);
int
__lsan_is_turned_off (void)
{
  return 1;
}
#endif

static PulseApplication *app;
static PulseCatalog *catalog;
static char *conninfo;
static char *documents;

/* GTK's own dialog, there being no portal. */
static gboolean
find_file_chooser (gpointer data)
{
  GtkWidget **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && *found == NULL; i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (toplevel))
        *found = toplevel;
    }
  return *found != NULL;
}

static gboolean
chooser_shows (gpointer data)
{
  GtkWidget *chooser = ((gpointer *)data)[0];
  GFile *file = ((gpointer *)data)[1];
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  return gtk_widget_get_mapped (chooser) && chosen != NULL && g_file_equal (chosen, file);
}

static gboolean
chooser_in (gpointer data)
{
  GtkWidget *chooser = ((gpointer *)data)[0];
  GFile *folder = ((gpointer *)data)[1];
  g_autoptr(GFile) current = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));

  return gtk_widget_get_mapped (chooser) && current != NULL && g_file_equal (current, folder);
}

/* The dialog starts in Documents with the report's name and a PDF filter;
 * a whole path typed as the name saves there. */
static void
test_report (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-report-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) expected_folder = g_file_new_for_path (documents);
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  GtkFileFilter *filter;
  GtkWidget *chooser = NULL;
  PulseWindow *window;

  g_assert_no_error (error);
  window = pulse_window_new (GTK_APPLICATION (app), catalog);
  gtk_window_present (GTK_WINDOW (window));
  pulse_window_open_connection (window, conninfo);
  pulse_test_wait_for_page (pulse_window_get_visible_page (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-report", NULL);
  pulse_test_wait_until (find_file_chooser, &chooser, 30);
  pulse_test_wait_until (chooser_in, (gpointer[]) { chooser, expected_folder }, 30);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_true (g_str_has_suffix (name, ".pdf"));
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  g_assert_nonnull (filter);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, "PDF Documents");

  /* As a user does: a whole path typed as the name, then Save. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), path);
  pulse_test_wait_until (chooser_shows, (gpointer[]) { chooser, file }, 30);
  g_signal_emit_by_name (gtk_dialog_get_widget_for_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT), "clicked");
  /* Done is the toast, not the file: the write task ends after the rename. */
  pulse_test_wait_until (pulse_test_report_saved, window, 120);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  gtk_window_destroy (GTK_WINDOW (window));
  pulse_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "save",
                                               PULSE_TEST_UI_DOCUMENTS | PULSE_TEST_UI_APP |
                                               PULSE_TEST_UI_FIRST_GROUP | PULSE_TEST_UI_SERVER);
  int status;

  app = ui->app;
  catalog = ui->catalog;
  documents = ui->documents;
  conninfo = pulse_test_pg_create_demo_db ("save_dialog", 300);

  g_test_add_func ("/save-dialog/report", test_report);

  status = pulse_test_ui_run ();
  g_free (conninfo);
  return status;
}
