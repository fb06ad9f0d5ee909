/* pulse-test-ui.c: main-loop helpers for tests that drive real windows
 *
 * The loop is never blocked on: a test waiting for a condition that no
 * event will bring must time out, not hang.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-demo.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

static void
iterate (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (2000);
}

/* Runs the main loop for @ms: animations, layout and redraws settle. */
void
pulse_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < until)
    iterate ();
}

/* Runs the main loop until @done holds; fails the test after @timeout_s
 * (times the multiplier). */
void
pulse_test_wait_until (PulseTestCondition done,
                       gpointer           data,
                       guint              timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_s * pulse_test_timeout_multiplier () * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    iterate ();
  g_assert_true (done (data));
}

static gboolean
page_settled (gpointer page)
{
  return pulse_metric_page_is_settled (page);
}

void
pulse_test_wait_for_page (PulseMetricPage *page)
{
  /* A refresh asked for just now starts on a later iteration. */
  pulse_test_spin (50);
  pulse_test_wait_until (page_settled, page, 60);
}

static gboolean
page_verified (gpointer page)
{
  GPtrArray *cards = pulse_metric_page_get_cards (page);

  for (guint i = 0; i < cards->len; i++)
    if (pulse_metric_card_get_verifying (g_ptr_array_index (cards, i)))
      return FALSE;
  return TRUE;
}

/* Until no card of @page says "Verifying…": the background check of the
 * activity cache is over (and so are its statements). */
void
pulse_test_wait_for_verified (PulseMetricPage *page)
{
  pulse_test_wait_until (page_verified, page, 60);
}

/* A registered, non-unique application, so windows can be made. Its
 * own id: a test may run the real one as the primary instance. */
PulseApplication *
pulse_test_new_application (void)
{
  PulseApplication *app = pulse_application_new ();
  g_autoptr(GError) error = NULL;

  /* No CSS or libadwaita animations: what tests wait for then happens
   * at once, and GTK 4.8 now and then leaks values it interpolates for a
   * CSS animation (32-byte GtkCssValues: numbers in degrees), which
   * LeakSanitizer reports against whichever test was running. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_application_set_application_id (G_APPLICATION (app), APPLICATION_ID ".Tests");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/* Windows open on the page the "page" key names, the overview unless
 * set; tests written for a group's page start on the first group's. */
void
pulse_test_start_on_first_group (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_set_string (settings, "page", "growth");
}

static PulseTestUi ui;
static PulseTestUiFlags ui_flags;
/* Static: it lives until exit on purpose (see pulse_test_ui_run()). */
static GTestDBus *bus;

/* @name under the home as @variable, before anything reads it. */
static char *
set_home_dir (const char *variable,
              const char *name)
{
  char *dir = g_build_filename (ui.home, name, NULL);

  g_setenv (variable, dir, TRUE);
  return dir;
}

/* Documents of the test's own, before GLib reads where they are. */
static void
make_documents (const char *config)
{
  g_autofree char *user_dirs = g_build_filename (config, "user-dirs.dirs", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  ui.documents = g_build_filename (ui.home, "Documents", NULL);
  g_mkdir_with_parents (ui.documents, 0700);
  g_mkdir_with_parents (config, 0700);
  line = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s\"\n", ui.documents);
  g_file_set_contents (user_dirs, line, -1, &error);
  g_assert_no_error (error);
}

static void
make_home (const char *name)
{
  g_autofree char *template = g_strdup_printf ("pulse-test-%s-XXXXXX", name);
  g_autoptr(GError) error = NULL;

  /* The demo's cluster runs in it: the server's user must reach it, and
   * it must go however the program ends. */
  if (ui_flags & PULSE_TEST_UI_DEMO)
    ui.home = pulse_test_make_tmp_dir (template);
  else
    ui.home = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  if (ui_flags & (PULSE_TEST_UI_CONFIG | PULSE_TEST_UI_DOCUMENTS))
    {
      g_autofree char *config = set_home_dir ("XDG_CONFIG_HOME", "config");

      if (ui_flags & PULSE_TEST_UI_DOCUMENTS)
        make_documents (config);
    }
  if (ui_flags & PULSE_TEST_UI_DATA)
    g_free (set_home_dir ("XDG_DATA_HOME", "data"));
  if (ui_flags & PULSE_TEST_UI_CACHE)
    g_free (set_home_dir ("XDG_CACHE_HOME", "cache"));
  if (ui_flags & PULSE_TEST_UI_DEMO)
    {
      g_free (set_home_dir ("PULSE_DEMO_DIR", "demo"));
      g_setenv ("PULSE_DEMO_PERSONS", "300", TRUE);
    }
}

/* Where this test is the running Pulse. g_test_dbus_up() unsets
 * $DISPLAY (against X11 autolaunch); the windows need it back. */
static void
start_bus (void)
{
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
}

/**
 * pulse_test_ui_init:
 * @name: the temporary home's name: pulse-test-NAME-XXXXXX
 * @flags: what the tests need, nothing more: a cluster or a catalog
 *   costs time
 *
 * The set-up of a UI test's main(), in the order it needs: the home's
 * variables and the bus before GTK starts, the cluster last. Before
 * adding tests; pulse_test_ui_run() runs them and tears down.
 */
const PulseTestUi *
pulse_test_ui_init (int               *argc,
                    char            ***argv,
                    const char        *name,
                    PulseTestUiFlags   flags)
{
  ui_flags = flags;
  if (flags & (PULSE_TEST_UI_CONFIG | PULSE_TEST_UI_DATA | PULSE_TEST_UI_CACHE |
               PULSE_TEST_UI_DOCUMENTS | PULSE_TEST_UI_DEMO))
    make_home (name);
  if (flags & PULSE_TEST_UI_BUS)
    start_bus ();

  /* gtk_test_init asks for en_US.UTF-8, plain C where it is missing;
   * g_test_init keeps the environment's (C.UTF-8 under meson). */
  if (flags & PULSE_TEST_UI_USER_LOCALE)
    g_test_init (argc, argv, NULL);
  else
    gtk_test_init (argc, argv, NULL);
  adw_init ();

  if (flags & PULSE_TEST_UI_APP)
    {
      g_autoptr(GError) error = NULL;

      ui.app = pulse_test_new_application ();
      if (flags & PULSE_TEST_UI_FIRST_GROUP)
        pulse_test_start_on_first_group ();
      ui.catalog = pulse_catalog_new_bundled (&error);
      g_assert_no_error (error);
    }
  if (flags & PULSE_TEST_UI_SERVER)
    pulse_test_pg_start ();
  return &ui;
}

/* Runs the tests added, then undoes pulse_test_ui_init(). */
int
pulse_test_ui_run (void)
{
  int status = g_test_run ();

  if (ui_flags & PULSE_TEST_UI_DEMO)
    {
      g_autoptr(GError) error = NULL;

      if (!pulse_demo_stop (pulse_application_get_demo (ui.app), &error))
        g_warning ("%s", error->message);
    }
  if (ui_flags & PULSE_TEST_UI_SERVER)
    pulse_test_pg_stop ();
  g_clear_object (&ui.catalog);
  g_clear_object (&ui.app);
  /* Not _down (nor unref, which calls it): GTK and the applications
   * still hold the bus connection it would wait for. */
  if (bus != NULL)
    g_test_dbus_stop (bus);
  if (ui.home != NULL && (ui_flags & PULSE_TEST_UI_DEMO))
    pulse_test_remove_tmp_dir (ui.home);
  else if (ui.home != NULL)
    pulse_test_remove_tree (ui.home);
  g_clear_pointer (&ui.home, g_free);
  g_clear_pointer (&ui.documents, g_free);
  return status;
}

/* A window of the test's application, on screen. */
PulseWindow *
pulse_test_ui_new_window (void)
{
  PulseWindow *window = pulse_window_new (GTK_APPLICATION (ui.app), ui.catalog);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* @widget at its own size, its top-left corner at 0, 0. Its paintable
 * spans its bounds, a window's shadow too: drawn at the widget's width,
 * it would be scaled down a little, blurring text and letting icons
 * bleed into their neighbours (a stray dot by the "⋮" of a card). */
void
pulse_test_snapshot_widget (GtkSnapshot *snapshot,
                            GtkWidget   *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (widget, widget, &bounds))
    graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &bounds.origin);
  gdk_paintable_snapshot (paintable, snapshot, bounds.size.width, bounds.size.height);
  gtk_snapshot_restore (snapshot);
}

/* What @window shows now, as a PNG file. */
void
pulse_test_save_png (GtkWidget  *window,
                     const char *path)
{
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  pulse_test_snapshot_widget (snapshot, window);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
  g_test_message ("wrote %s", path);
}

/* Scrolls the page under @widget so that @widget's top is in view. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t top;

  if (scroller == NULL ||
      !gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                 &GRAPHENE_POINT_INIT (0, 0), &top))
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + top.y - 12);
}

/* With $PULSE_SCREENSHOT_DIR set, @window light and dark, wide and
 * narrow, as NAME-SCHEME-WIDTH.png there, each scrolled to @widget if
 * one is given; the size is restored. */
void
pulse_test_shoot_widget (GtkWidget  *window,
                         GtkWidget  *widget,
                         const char *name)
{
  static const struct { const char *name; AdwColorScheme value; } schemes[] = {
    { "light", ADW_COLOR_SCHEME_FORCE_LIGHT }, { "dark", ADW_COLOR_SCHEME_FORCE_DARK },
  };
  static const int widths[] = { 1280, 400 };
  const char *dir = g_getenv ("PULSE_SCREENSHOT_DIR");
  int width, height;

  if (dir == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        g_autofree char *path = g_strdup_printf ("%s/%s-%s-%d.png", dir, name, schemes[s].name, widths[w]);

        adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[s].value);
        gtk_window_set_default_size (GTK_WINDOW (window), widths[w], 900);
        pulse_test_spin (500);
        if (widget != NULL)
          {
            scroll_to (widget);
            pulse_test_spin (200);
          }
        pulse_test_save_png (window, path);
      }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  pulse_test_spin (200);
}

void
pulse_test_shoot (GtkWidget  *window,
                  const char *name)
{
  pulse_test_shoot_widget (window, NULL, name);
}

/* Refreshes @window as its button does and waits for @page to settle. */
void
pulse_test_refresh_and_wait (GtkWidget       *window,
                             PulseMetricPage *page)
{
  gtk_widget_activate_action (window, "win.refresh", NULL);
  pulse_test_wait_for_page (page);
}

static gboolean
snapshot_written (gpointer window)
{
  PulseDashboard *dashboard = pulse_window_get_dashboard (window);

  return pulse_dashboard_get_snapshot (dashboard) != NULL && !pulse_dashboard_is_saving_snapshot (dashboard);
}

/* Until @window's snapshot is loaded and written (a PulseWindow). */
void
pulse_test_wait_for_snapshot (GtkWidget *window)
{
  pulse_test_wait_until (snapshot_written, window, 20);
}

/* @widget or the first widget under it with @css_class, or NULL. */
GtkWidget *
pulse_test_find_by_css_class (GtkWidget  *widget,
                              const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pulse_test_find_by_css_class (child, css_class);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* @widget or the first label under it whose text contains @text, or NULL. */
GtkWidget *
pulse_test_find_label (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pulse_test_find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first window of @type (or a subtype) on screen, or NULL. */
GtkWindow *
pulse_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (toplevel), type))
        return GTK_WINDOW (toplevel);
    }
  return NULL;
}

/* @widget or the first widget under it of @type (or a subtype), or NULL. */
GtkWidget *
pulse_test_find_descendant (GtkWidget *widget,
                            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pulse_test_find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* As the key press does: @widget's own shortcut for @keyval with
 * exactly @modifiers, which must exist. */
void
pulse_test_press_shortcut (GtkWidget       *widget,
                           guint            keyval,
                           GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                           gtk_shortcut_get_arguments (shortcut)));
              return;
            }
        }
    }
  g_assert_not_reached ();
}

/* Conditions for pulse_test_wait_until(). */

gboolean
pulse_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

gboolean
pulse_test_is_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* @window (a PulseWindow) shows its filters as one button. */
gboolean
pulse_test_filters_collapsed (gpointer window)
{
  return gtk_widget_get_visible (pulse_window_get_filters_button (window));
}

/* @window (a PulseWindow) is on its error page. */
gboolean
pulse_test_shows_error (gpointer window)
{
  return g_strcmp0 (pulse_window_get_state (window), "error") == 0;
}

/* @window's toast says the report was saved as report.pdf. */
gboolean
pulse_test_report_saved (gpointer window)
{
  return pulse_test_find_label (window, "Saved “report.pdf”") != NULL;
}
