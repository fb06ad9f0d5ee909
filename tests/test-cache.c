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
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

static PulseApplication *app;
static PulseCatalog *catalog;
static char *tmp_home;

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

/* A database of generated data ending today, its activity page loaded. */
static PulseWindow *
open_activity (const char *name,
               char      **conninfo)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  PulseWindow *window;
  PulseMetricPage *page;

  *conninfo = pulse_test_pg_create_db (name);
  pulse_demo_generate_data (*conninfo, 300, today, &error);
  g_assert_no_error (error);

  window = pulse_window_new (GTK_APPLICATION (app), catalog);
  gtk_window_present (GTK_WINDOW (window));
  pulse_window_open_connection (window, *conninfo);
  page = pulse_window_find_page (window, "activity");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), "activity");
  pulse_test_wait_for_page (page);
  g_assert_cmpint (pulse_metric_card_get_state (pulse_metric_page_find_card (page, "dau")), ==, PULSE_CARD_CONTENT);
  return window;
}

static void
test_clear_cache (void)
{
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = pulse_activity_cache_dup_default_dir ();
  g_autofree char *size = NULL;
  g_autofree char *label = NULL;
  g_autofree char *zero = g_format_size (0);
  PulseWindow *window = open_activity ("cache_clear", &conninfo);
  GtkWidget *menu_button = find_primary_menu_button (GTK_WIDGET (window));

  /* The activity page wrote the connection's cache; the menu says its size when it opens. */
  g_assert_cmpuint (pulse_activity_cache_get_size (dir), >, 0);
  size = g_format_size (pulse_activity_cache_get_size (dir));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  label = dup_cache_item_label (window);
  g_assert_nonnull (strstr (label, size));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  g_clear_pointer (&label, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-cache", NULL));
  g_assert_cmpuint (pulse_activity_cache_get_size (dir), ==, 0);
  label = dup_cache_item_label (window);
  g_assert_nonnull (strstr (label, zero));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = NULL;
  int status;

  /* A cache of this test's own, set before GLib reads the variable. */
  tmp_home = g_dir_make_tmp ("pulse-test-cache-XXXXXX", NULL);
  cache = g_build_filename (tmp_home, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = pulse_test_new_application ();
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  pulse_test_pg_start ();

  g_test_add_func ("/cache/clear", test_clear_cache);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_clear_object (&catalog);
  g_clear_object (&app);
  pulse_test_remove_tree (tmp_home);
  g_free (tmp_home);
  return status;
}
