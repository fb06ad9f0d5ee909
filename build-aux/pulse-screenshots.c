/* pulse-screenshots.c: every page of the demo dashboard, as PNG files
 *
 * Developer tool (not installed): opens the demo workspace in a real
 * window, then for each colour scheme, width and page waits until every
 * card has settled and saves the rendered window.
 *
 *   pulse-screenshots OUTDIR [PAGE...]
 *
 * The environment picks a view: PULSE_SHOT_SET="segment='BUILDER';compare=true"
 * sets settings (GVariant text), PULSE_SHOT_TAG names the files after it,
 * PULSE_SHOT_WIDTHS="1280,400" limits the widths and PULSE_SHOT_ALL_SERIES=1
 * turns every chart's series on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-application.h"
#include "pulse-chart-view.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

static const struct {
  int width;
  int height;
} sizes[] = { { 1280, 800 }, { 800, 800 }, { 360, 720 } };

static gboolean
window_ready (gpointer data)
{
  const char *state = pulse_window_get_state (data);
  return g_strcmp0 (state, "dashboard") == 0 || g_strcmp0 (state, "error") == 0;
}

static gboolean
page_ready (gpointer data)
{
  return pulse_metric_page_is_settled (data);
}

/* Renders @widget whole, over the window background: for a page's
 * content that is taller than the window. */
static void
save_widget (GtkWidget  *widget,
             const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA background = dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 0.98, 0.98, 0.98, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
  g_print ("%s\n", path);
}

/* Every series of every chart under @widget on, optional ones too. */
static void
show_all_series (GtkWidget *widget)
{
  if (PULSE_IS_CHART_VIEW (widget))
    {
      PulseChartModel *model = pulse_chart_view_get_model (PULSE_CHART_VIEW (widget));

      for (guint i = 0; model != NULL && i < pulse_chart_model_get_n_series (model); i++)
        if (!pulse_chart_model_get_series_visible (model, i))
          pulse_chart_view_toggle_series (PULSE_CHART_VIEW (widget), i);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    show_all_series (child);
}

/* PULSE_SHOT_SET: "key=value;…", each value in GVariant text. */
static void
apply_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto(GStrv) pairs = g_strsplit (g_getenv ("PULSE_SHOT_SET") ?: "", ";", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (pairs[i], "=", 2);
      g_autoptr(GVariant) old = NULL;
      g_autoptr(GVariant) value = NULL;
      g_autoptr(GError) error = NULL;

      if (kv[0] == NULL || kv[1] == NULL)
        continue;
      old = g_settings_get_value (settings, kv[0]);
      value = g_variant_parse (g_variant_get_type (old), kv[1], NULL, NULL, &error);
      if (value == NULL || !g_settings_set_value (settings, kv[0], value))
        g_error ("PULSE_SHOT_SET: cannot set %s to %s", kv[0], kv[1]);
    }
}

static gboolean
width_wanted (int width)
{
  g_auto(GStrv) widths = g_strsplit (g_getenv ("PULSE_SHOT_WIDTHS") ?: "", ",", -1);
  g_autofree char *text = g_strdup_printf ("%d", width);

  return widths[0] == NULL || g_strv_contains ((const char * const *)widths, text);
}

/* The scrolled content of a page, below the window's fold too. */
static GtkWidget *
page_content (PulseMetricPage *page)
{
  GtkWidget *scroller = gtk_widget_get_first_child (GTK_WIDGET (page));
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));

  return gtk_viewport_get_child (GTK_VIEWPORT (viewport));
}

static void
shoot_pages (PulseWindow *window,
             const char  *outdir,
             const char  *scheme,
             int          width,
             char       **only)
{
  g_autoptr(GListModel) pages = pulse_window_get_pages (window);
  const char *tag = g_getenv ("PULSE_SHOT_TAG") ?: "";

  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) stack_page = g_list_model_get_item (pages, i);
      const char *name = adw_view_stack_page_get_name (stack_page);
      PulseMetricPage *page = PULSE_METRIC_PAGE (adw_view_stack_page_get_child (stack_page));
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      g_autofree char *full = NULL;

      if (only != NULL && only[0] != NULL && !g_strv_contains ((const char * const *)only, name))
        continue;

      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), name);
      pulse_test_wait_until (page_ready, page, 120);
      if (g_getenv ("PULSE_SHOT_ALL_SERIES") != NULL)
        show_all_series (GTK_WIDGET (page));
      pulse_test_spin (400);
      file = g_strdup_printf ("%s%s%s-%s-%d.png", name, tag[0] ? "-" : "", tag, scheme, width);
      path = g_build_filename (outdir, file, NULL);
      save_widget (GTK_WIDGET (window), path);
      full = g_strdup_printf ("%s/%s%s%s-%s-%d-full.png", outdir, name, tag[0] ? "-" : "", tag, scheme, width);
      save_widget (page_content (page), full);
    }
}

static PulseWindow *
new_window (PulseApplication *app,
            PulseCatalog     *catalog,
            int               width,
            int               height)
{
  PulseWindow *window = pulse_window_new (GTK_APPLICATION (app), catalog);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  pulse_test_spin (600);
  return window;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PulseApplication) app = NULL;
  g_autoptr(PulseCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  PulseWindow *window;
  const char *outdir;

  if (argc < 2)
    {
      g_printerr ("usage: %s OUTDIR [PAGE...]\n", argv[0]);
      return 2;
    }
  outdir = argv[1];
  g_mkdir_with_parents (outdir, 0755);

  /* LANGUAGE=de shows the German interface from the build tree's po/. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PULSE_LOCALEDIR") ? g_getenv ("PULSE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();
  apply_settings ();
  app = pulse_test_new_application ();
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);

  /* Without a window manager a mapped window keeps its size: one window
   * per size, all on the one demo server. */
  window = new_window (app, catalog, sizes[0].width, sizes[0].height);
  {
    g_autofree char *welcome = g_build_filename (outdir, "welcome-light-1280.png", NULL);
    save_widget (GTK_WIDGET (window), welcome);
  }
  pulse_window_open_demo (window);
  pulse_test_wait_until (window_ready, window, 600);

  for (guint s = 0; s < 2; s++)
    {
      const char *scheme = s == 0 ? "light" : "dark";

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          s == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT : ADW_COLOR_SCHEME_FORCE_DARK);
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          if (!width_wanted (sizes[i].width))
            continue;
          gtk_window_destroy (GTK_WINDOW (window));
          window = new_window (app, catalog, sizes[i].width, sizes[i].height);
          pulse_window_open_demo (window);
          pulse_test_wait_until (window_ready, window, 600);
          shoot_pages (window, outdir, scheme, sizes[i].width, argv + 2);
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
  if (!pulse_demo_stop (pulse_application_get_demo (app), &error))
    g_warning ("%s", error->message);
  return 0;
}
