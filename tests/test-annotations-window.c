/* test-annotations-window.c: annotations added in a real window
 *
 * An annotation added from the chart's context menu day (in the detail
 * view, open while it is added) appears on the chart model of every time
 * chart of the range, the open detail view's and the overview's
 * sparklines too, in the Annotations dialog and in the report the window
 * exports; deleting it in the dialog takes it off again. With $PULSE_SCREENSHOT_DIR set, shoots a page with it and the
 * dialog, light and dark, wide and narrow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pulse-annotations-dialog.h"
#include "pulse-application.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-menu.h"
#include "pulse-chart-view-private.h"
#include "pulse-demo.h"
#include "pulse-export-dialog-private.h"
#include "pulse-metric-card-private.h"
#include "pulse-metric-detail.h"
#include "pulse-migration-runner.h"
#include "pulse-settings.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

#define TEXT "Launch of v2"

static PulseApplication *app;
static PulseCatalog *catalog;

static char *
day_from_today (int offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, offset);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Generated data ending today, with the annotations table. */
static char *
migrated_platform (void)
{
  g_autofree char *today = day_from_today (0);
  char *conninfo = pulse_test_pg_create_db ("annotations_window");
  g_autoptr(PulseMigrationRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  guint n_applied;

  pulse_demo_generate_data (conninfo, 300, today, &error);
  g_assert_no_error (error);
  runner = pulse_migration_runner_new (conninfo, NULL);
  pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
  g_assert_no_error (error);
  return conninfo;
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_mapped (toplevel))
        return toplevel;
    }
  return NULL;
}

static gboolean
editor_shown (gpointer data)
{
  return find_toplevel (PULSE_TYPE_ANNOTATION_EDITOR) != NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_toplevel (PULSE_TYPE_ANNOTATIONS_DIALOG) != NULL;
}

static gboolean
has_n_annotations (gpointer data)
{
  PulseDashboard *dashboard = ((gpointer *)data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *)data)[1]);
  GPtrArray *annotations = pulse_dashboard_get_annotations (dashboard);

  return annotations != NULL && annotations->len == n;
}

static gboolean
is_time_chart (PulseChartModel *model)
{
  PulseChartKind kind = pulse_chart_model_get_kind (model);

  return (kind == PULSE_CHART_KIND_LINE || kind == PULSE_CHART_KIND_AREA || kind == PULSE_CHART_KIND_STACKED_BAR) &&
         pulse_chart_model_get_n_buckets (model) > 0;
}

/* @model shows @text alone (or, NULL, nothing). */
static void
assert_shows (PulseChartModel *model,
              const char      *text)
{
  g_autoptr(GPtrArray) shown = pulse_chart_model_dup_shown_annotations (model);

  if (text == NULL)
    g_assert_cmpuint (shown->len, ==, 0);
  else
    {
      g_assert_cmpuint (shown->len, ==, 1);
      g_assert_cmpstr (pulse_annotation_get_text (g_ptr_array_index (shown, 0)), ==, text);
    }
}

/* Every time chart of every page shows @text (or, NULL, nothing);
 * returns how many time charts there are. */
static guint
assert_every_time_chart (PulseWindow *window,
                         const char  *text)
{
  GPtrArray *groups = pulse_catalog_get_groups (catalog);
  guint n_time_charts = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      const PulseMetricGroup *group = g_ptr_array_index (groups, i);
      PulseMetricPage *page = pulse_window_find_page (window, group->id);
      GPtrArray *cards;

      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (GTK_WIDGET (page))), group->id);
      pulse_test_wait_for_page (page);
      cards = pulse_metric_page_get_cards (page);
      for (guint j = 0; j < cards->len; j++)
        {
          PulseChartModel *model = pulse_metric_card_get_chart_model (g_ptr_array_index (cards, j));

          if (model == NULL || !is_time_chart (model))
            continue;
          n_time_charts++;
          assert_shows (model, text);
        }
    }
  return n_time_charts;
}

/* Every sparkline under @widget shows @text (or nothing); returns how many. */
static guint
assert_sparklines (GtkWidget  *widget,
                   const char *text)
{
  guint n = 0;

  if (PULSE_IS_CHART_VIEW (widget))
    {
      PulseChartModel *model = pulse_chart_view_get_model (PULSE_CHART_VIEW (widget));

      if (model != NULL && pulse_chart_model_get_kind (model) == PULSE_CHART_KIND_SPARKLINE)
        {
          assert_shows (model, text);
          n++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += assert_sparklines (child, text);
  return n;
}

static gboolean
detail_has_chart (gpointer detail)
{
  PulseChartModel *model = pulse_metric_detail_get_chart_model (detail);

  return model != NULL && is_time_chart (model);
}

/* The detail view of @metric_id, open, with its chart drawn. */
static PulseChartView *
open_detail (PulseWindow *window,
             const char  *metric_id)
{
  PulseMetricDetail *detail = pulse_window_get_detail (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-detail", "s", metric_id);
  g_assert_cmpstr (pulse_window_get_state (window), ==, "detail");
  pulse_test_wait_until (detail_has_chart, detail, 60);
  return PULSE_CHART_VIEW (pulse_test_find_descendant (GTK_WIDGET (detail), PULSE_TYPE_CHART_VIEW));
}

static gboolean
has_layout (gpointer view)
{
  return pulse_chart_view_get_layout (view) != NULL;
}

/* The chart's context menu offers the day under the pointer. */
static char *
day_from_context_menu (PulseChartView *view)
{
  PulseChartModel *model = pulse_chart_view_get_model (view);
  guint last = pulse_chart_model_get_n_buckets (model) - 1;
  guint bucket = last - 3;
  PulseChartLayout *layout;
  cairo_rectangle_t plot;
  char *day;

  pulse_test_wait_until (has_layout, view, 10);
  layout = pulse_chart_view_get_layout (view);
  pulse_chart_layout_get_plot_area (layout, &plot);
  day = pulse_chart_menu_dup_day_at (view, pulse_chart_layout_get_bucket_x (layout, bucket),
                                     plot.y + plot.height / 2);
  g_assert_cmpstr (day, ==, pulse_chart_model_get_buckets (model)[bucket]);
  /* Outside the plot (the title, the legend) there is none. */
  g_assert_null (pulse_chart_menu_dup_day_at (view, 1, 1));
  return day;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* The report the window exports, as text. */
static char *
export_report_text (PulseWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-report-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  char *text = NULL;

  g_assert_no_error (error);
  /* As the save dialog does once a file is chosen (test-save-dialog.c). */
  pulse_export_dialog_write_report (GTK_WIDGET (window), pulse_window_get_dashboard (window), path);
  pulse_test_wait_until (file_exists, path, 120);
  /* The file appears when it is complete (written atomically). */
  g_spawn_sync (NULL, (char *[]) { "pdftotext", "-enc", "UTF-8", path, "-", NULL }, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &text, NULL, NULL, &error);
  g_assert_no_error (error);
  pulse_test_remove_tree (dir);
  return text;
}

/* The button of the dialog's first row with @tooltip. */
static GtkWidget *
row_button (GtkWidget  *widget,
            const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = row_button (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_add_show_export_delete (void)
{
  g_autofree char *conninfo = migrated_platform ();
  PulseWindow *window = pulse_window_new (GTK_APPLICATION (app), catalog);
  PulseDashboard *dashboard = pulse_window_get_dashboard (window);
  PulseAnnotationEditor *editor;
  PulseAnnotationsDialog *dialog;
  PulseChartView *detail_view;
  g_autofree char *day = NULL;
  g_autofree char *last_day = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected_days = NULL;
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  pulse_window_open_connection (window, conninfo);
  pulse_test_wait_for_page (pulse_window_get_visible_page (window));
  pulse_test_wait_until (has_n_annotations, (gpointer[]) { dashboard, GUINT_TO_POINTER (0) }, 30);

  /* Right click on a day of the open detail view's chart: "Add
   * Annotation…" with that day. */
  detail_view = open_detail (window, "dau");
  assert_shows (pulse_metric_detail_get_chart_model (pulse_window_get_detail (window)), NULL);
  day = day_from_context_menu (detail_view);
  gtk_widget_activate_action (GTK_WIDGET (detail_view), "win.add-annotation", "s", day);
  pulse_test_wait_until (editor_shown, NULL, 10);
  editor = find_toplevel (PULSE_TYPE_ANNOTATION_EDITOR);
  g_assert_cmpstr (pulse_annotation_editor_get_first_day (editor), ==, day);

  /* A range that ends before it starts is refused, in the editor. */
  last_day = day_from_today (-1);
  pulse_annotation_editor_set_fields (editor, TEXT, last_day, day, "release");
  pulse_annotation_editor_save (editor);
  g_assert_nonnull (pulse_annotation_editor_get_error (editor));
  g_assert_nonnull (strstr (pulse_annotation_editor_get_error (editor), "before it starts"));
  pulse_test_shoot (GTK_WIDGET (editor), "annotation-editor");

  pulse_annotation_editor_set_fields (editor, TEXT, day, last_day, "release");
  pulse_annotation_editor_save (editor);
  pulse_test_wait_until (has_n_annotations, (gpointer[]) { dashboard, GUINT_TO_POINTER (1) }, 30);
  g_assert_cmpint (pulse_annotation_store_get_backend (pulse_dashboard_get_annotation_store (dashboard)), ==,
                   PULSE_ANNOTATION_BACKEND_DATABASE);

  /* On the open detail view's chart, as the list changed; then on
   * every time chart of the range, every page, and on the detail view
   * of a stacked bar chart too. */
  assert_shows (pulse_metric_detail_get_chart_model (pulse_window_get_detail (window)), TEXT);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.hide-detail", NULL);
  g_assert_cmpuint (assert_every_time_chart (window, TEXT), >=, 10);
  /* The overview's sparklines mark it too, without its text. */
  g_assert_cmpuint (assert_sparklines (GTK_WIDGET (pulse_window_get_overview (window)), TEXT), >=, 10);
  open_detail (window, "lifecycle");
  assert_shows (pulse_metric_detail_get_chart_model (pulse_window_get_detail (window)), TEXT);
  pulse_test_shoot (GTK_WIDGET (window), "annotations-detail");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.hide-detail", NULL);

  /* In the report the window exports. */
  text = export_report_text (window);
  expected_days = g_strdup_printf ("%s/%s", day, last_day);
  g_assert_nonnull (strstr (text, "Annotations"));
  g_assert_nonnull (strstr (text, expected_days));
  g_assert_nonnull (strstr (text, TEXT " (release)"));

  /* A second one, a single day mid-range with a long text, as the team
   * would add it from another computer. */
  {
    g_autofree char *mid = day_from_today (-16);
    g_autoptr(PulseAnnotation) other = pulse_annotation_new (NULL, mid, NULL, "Newsletter to every finder about "
                                                             "the spring campaign", "campaign");
    g_autoptr(PulseAnnotation) stored = NULL;

    stored = pulse_annotation_store_add (pulse_dashboard_get_annotation_store (dashboard), other, NULL, &error);
    g_assert_no_error (error);
    pulse_dashboard_reload_annotations (dashboard);
    pulse_test_wait_until (has_n_annotations, (gpointer[]) { dashboard, GUINT_TO_POINTER (2) }, 30);
  }
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_parent (
    GTK_WIDGET (pulse_window_find_page (window, "activity")))), "activity");
  pulse_test_wait_for_page (pulse_window_get_visible_page (window));
  pulse_test_shoot (GTK_WIDGET (window), "annotations-chart");

  /* The dialog lists them; Delete takes them off every chart. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.annotations", NULL);
  pulse_test_wait_until (dialog_shown, NULL, 10);
  dialog = find_toplevel (PULSE_TYPE_ANNOTATIONS_DIALOG);
  g_assert_nonnull (gtk_list_box_get_row_at_index (pulse_annotations_dialog_get_list (dialog), 1));
  g_assert_null (gtk_list_box_get_row_at_index (pulse_annotations_dialog_get_list (dialog), 2));
  pulse_test_shoot (GTK_WIDGET (dialog), "annotations-dialog");
  for (guint left = 2; left > 0; left--)
    {
      g_signal_emit_by_name (row_button (GTK_WIDGET (pulse_annotations_dialog_get_list (dialog)), "Delete"), "clicked");
      pulse_test_wait_until (has_n_annotations, (gpointer[]) { dashboard, GUINT_TO_POINTER (left - 1) }, 30);
    }
  g_assert_null (gtk_list_box_get_row_at_index (pulse_annotations_dialog_get_list (dialog), 0));
  assert_every_time_chart (window, NULL);
  assert_shows (pulse_metric_detail_get_chart_model (pulse_window_get_detail (window)), NULL);
  g_assert_cmpuint (assert_sparklines (GTK_WIDGET (pulse_window_get_overview (window)), NULL), >=, 10);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "annotations",
                                               PULSE_TEST_UI_CONFIG | PULSE_TEST_UI_DATA | PULSE_TEST_UI_BUS |
                                               PULSE_TEST_UI_APP | PULSE_TEST_UI_FIRST_GROUP | PULSE_TEST_UI_SERVER);

  app = ui->app;
  catalog = ui->catalog;
  g_test_add_func ("/annotations-window/add-show-export-delete", test_add_show_export_delete);

  return pulse_test_ui_run ();
}
