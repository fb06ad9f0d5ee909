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
 * PULSE_SHOT_WIDTHS="1280,400" limits the widths, PULSE_SHOT_ALL_SERIES=1
 * turns every chart's series on and PULSE_SHOT_DETAIL=METRIC picks the
 * metric of the detail view's shot ("detail-METRIC-…", dau by default;
 * PAGE "detail" asks for it alone). The page name "people" stands for the
 * people dialog of the last day's daily active users, "range" for the
 * range menu open on its custom range picker (asked for by name only;
 * PULSE_SHOT_RANGE_TYPED="FIRST|LAST" types dates into it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-application.h"
#include "pulse-chart-view.h"
#include "pulse-people-dialog.h"
#include "pulse-range-picker-private.h"
#include "pulse-metric-card-private.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

static const struct {
  int width;
  int height;
} sizes[] = { { 1280, 800 }, { 800, 800 }, { 400, 800 }, { 360, 720 } };

static gboolean
window_ready (gpointer data)
{
  const char *state = pulse_window_get_state (data);
  return g_strcmp0 (state, "dashboard") == 0 || g_strcmp0 (state, "error") == 0;
}

static gboolean
page_ready (gpointer data)
{
  if (PULSE_IS_OVERVIEW_PAGE (data))
    return pulse_overview_page_is_settled (data);
  return pulse_metric_page_is_settled (data);
}

static gboolean
detail_ready (gpointer data)
{
  PulseCardState state = pulse_metric_card_get_state (pulse_metric_detail_get_card (data));
  return state != PULSE_CARD_LOADING && state != PULSE_CARD_EMPTY;
}

/* What @widget draws. It draws nothing while it waits for a new size
 * (a card that has just loaded asks for one): then, once it has it. */
static GskRenderNode *
widget_node (GtkWidget *widget)
{
  for (guint tries = 0; tries < 100; tries++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      GskRenderNode *node;

      pulse_test_snapshot_widget (snapshot, widget);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        return node;
      pulse_test_spin (50);
    }
  g_error ("%s draws nothing", G_OBJECT_TYPE_NAME (widget));
}

/* Renders @widget whole, over the window background: for a page's
 * content that is taller than the window. */
static void
save_widget (GtkWidget  *widget,
             const char *path)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) drawn = widget_node (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA background = dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 0.98, 0.98, 0.98, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_append_node (snapshot, drawn);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
  g_print ("%s\n", path);
}

static gboolean
transition_running (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (transition_running (child))
      return TRUE;
  return FALSE;
}

/* The window's cross-fades are over: a shot shows one page, not two. */
static gboolean
transitions_done (gpointer window)
{
  return !transition_running (window);
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

/* The scrolled content of a page or the detail view, below the window's fold too. */
static GtkWidget *
page_content (GtkWidget *page)
{
  GtkWidget *scroller = gtk_widget_get_first_child (page);
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
      GtkWidget *page = adw_view_stack_page_get_child (stack_page);
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      g_autofree char *full = NULL;

      if (only != NULL && only[0] != NULL && !g_strv_contains ((const char * const *)only, name))
        continue;

      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (page)), name);
      pulse_test_wait_until (page_ready, page, 120);
      if (g_getenv ("PULSE_SHOT_ALL_SERIES") != NULL)
        show_all_series (page);
      pulse_test_wait_until (transitions_done, window, 30);
      pulse_test_spin (400);
      file = g_strdup_printf ("%s%s%s-%s-%d.png", name, tag[0] ? "-" : "", tag, scheme, width);
      path = g_build_filename (outdir, file, NULL);
      save_widget (GTK_WIDGET (window), path);
      full = g_strdup_printf ("%s/%s%s%s-%s-%d-full.png", outdir, name, tag[0] ? "-" : "", tag, scheme, width);
      save_widget (page_content (page), full);
    }
}

static gboolean
people_ready (gpointer dialog)
{
  return pulse_people_dialog_get_total (dialog) >= 0 && !pulse_people_dialog_is_loading (dialog);
}

/* Mapped at its size, so the snapshot has its rows. */
static gboolean
has_rows_drawn (gpointer dialog)
{
  return gtk_widget_get_mapped (dialog) && gtk_widget_get_height (dialog) > 100 &&
         gtk_widget_get_height (GTK_WIDGET (pulse_people_dialog_get_view (dialog))) > 0;
}

/* The people behind the range's last DAU point, at the window's size. */
static void
shoot_people (PulseWindow  *window,
              PulseCatalog *catalog,
              const char   *outdir,
              const char   *scheme,
              int           width,
              int           height)
{
  PulseQueryRange *range = pulse_window_get_range (window);
  g_auto(GStrv) buckets = pulse_query_range_dup_buckets (range);
  g_autoptr(PulsePeopleQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PulsePeopleDialog *dialog;

  query = pulse_people_query_new (pulse_catalog_lookup (catalog, "dau"), range, PULSE_SEGMENT_BUILDER, "all",
                                  buckets[g_strv_length (buckets) - 1], -1, FALSE, &error);
  g_assert_no_error (error);
  dialog = pulse_people_dialog_new (GTK_WINDOW (window), pulse_window_get_worker (window), query, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (dialog), MIN (width, 820), MIN (height, 560));
  gtk_window_present (GTK_WINDOW (dialog));
  pulse_test_wait_until (people_ready, dialog, 120);
  pulse_test_wait_until (has_rows_drawn, dialog, 30);
  pulse_test_spin (400);
  path = g_strdup_printf ("%s/people-%s-%d.png", outdir, scheme, width);
  save_widget (GTK_WIDGET (dialog), path);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The detail view of one metric, over the last page shot. */
static void
shoot_detail (PulseWindow *window,
              const char  *outdir,
              const char  *scheme,
              int          width,
              char       **only)
{
  const char *metric = g_getenv ("PULSE_SHOT_DETAIL") ?: "dau";
  const char *tag = g_getenv ("PULSE_SHOT_TAG") ?: "";
  PulseMetricDetail *detail = pulse_window_get_detail (window);
  g_autofree char *path = NULL;
  g_autofree char *full = NULL;

  if (only != NULL && only[0] != NULL && !g_strv_contains ((const char * const *)only, "detail"))
    return;
  pulse_window_show_detail (window, metric);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "detail");
  pulse_test_wait_until (detail_ready, detail, 120);
  /* The window cross-fades to the detail view. */
  pulse_test_wait_until (transitions_done, window, 30);
  pulse_test_spin (400);
  path = g_strdup_printf ("%s/detail-%s%s%s-%s-%d.png", outdir, metric, tag[0] ? "-" : "", tag, scheme, width);
  save_widget (GTK_WIDGET (window), path);
  full = g_strdup_printf ("%s/detail-%s%s%s-%s-%d-full.png", outdir, metric, tag[0] ? "-" : "", tag, scheme, width);
  save_widget (page_content (GTK_WIDGET (detail)), full);
  pulse_window_hide_detail (window);
}

/* Shown, and the range menu's slide from its list finished. */
static gboolean
picker_shown (gpointer widget)
{
  GtkWidget *stack = gtk_widget_get_ancestor (widget, GTK_TYPE_STACK);

  return gtk_widget_get_mapped (widget) && !gtk_stack_get_transition_running (GTK_STACK (stack));
}

/* The range menu open on its custom range picker, drawn over the
 * window where it pops up (a popover is a surface of its own). */
static void
shoot_range (PulseWindow *window,
             const char  *outdir,
             const char  *scheme,
             int          width,
             char       **only)
{
  PulseRangePicker *picker;
  GtkWidget *popover;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA background = dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 0.98, 0.98, 0.98, 1 };
  double window_x, window_y, popover_x, popover_y;
  GdkSurface *surface;
  int w = gtk_widget_get_width (GTK_WIDGET (window));
  int h = gtk_widget_get_height (GTK_WIDGET (window));
  float x, y;

  if (only == NULL || only[0] == NULL || !g_strv_contains ((const char * const *)only, "range"))
    return;
  /* Over a page that has its numbers. */
  {
    GtkWidget *page = GTK_WIDGET (pulse_window_get_visible_page (window));

    if (page == NULL)
      page = GTK_WIDGET (pulse_window_get_visible_overview (window));
    pulse_test_wait_until (page_ready, page, 120);
  }
  picker = pulse_window_show_range_picker (window);
  popover = gtk_widget_get_ancestor (GTK_WIDGET (picker), GTK_TYPE_POPOVER);
  pulse_test_wait_until (picker_shown, picker, 10);
  /* PULSE_SHOT_RANGE_TYPED="FIRST|LAST": dates typed, bad ones too. */
  if (g_getenv ("PULSE_SHOT_RANGE_TYPED") != NULL)
    {
      g_auto(GStrv) typed = g_strsplit (g_getenv ("PULSE_SHOT_RANGE_TYPED"), "|", 2);

      gtk_editable_set_text (pulse_range_picker_get_entry (picker, FALSE), typed[0]);
      if (typed[1] != NULL)
        gtk_editable_set_text (pulse_range_picker_get_entry (picker, TRUE), typed[1]);
    }
  pulse_test_spin (400);

  surface = gtk_native_get_surface (GTK_NATIVE (popover));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &window_x, &window_y);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
  x = (float)(gdk_popup_get_position_x (GDK_POPUP (surface)) + popover_x - window_x);
  y = (float)(gdk_popup_get_position_y (GDK_POPUP (surface)) + popover_y - window_y);
  h = MAX (h, (int)y + gtk_widget_get_height (popover));

  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, w, h));
  pulse_test_snapshot_widget (snapshot, GTK_WIDGET (window));
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  pulse_test_snapshot_widget (snapshot, popover);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_strdup_printf ("%s/range%s-%s-%d.png", outdir, g_getenv ("PULSE_SHOT_RANGE_TYPED") ? "-typed" : "",
                          scheme, width);
  gdk_texture_save_to_png (texture, path);
  g_print ("%s\n", path);
  gtk_popover_popdown (GTK_POPOVER (popover));
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
          if (argc == 2 || g_strv_contains ((const char * const *)argv + 2, "people"))
            shoot_people (window, catalog, outdir, scheme, sizes[i].width, sizes[i].height);
          shoot_range (window, outdir, scheme, sizes[i].width, argv + 2);
          shoot_detail (window, outdir, scheme, sizes[i].width, argv + 2);
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
  if (!pulse_demo_stop (pulse_application_get_demo (app), &error))
    g_warning ("%s", error->message);
  return 0;
}
