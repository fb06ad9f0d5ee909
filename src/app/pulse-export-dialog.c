/* pulse-export-dialog.c: choosing where exports go, from the window
 *
 * Files are chosen with GtkFileChooserNative, which goes through the
 * file chooser portal inside Flatpak, and whose "choices" carry the PNG
 * options (size, background, palette). Charts are rendered in memory on
 * the main loop (a few milliseconds, from the model the card shows);
 * the disk write, the report's layout and the CSV files run in a
 * thread. Every outcome is a toast on the window (win.toast).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pulse-data-export.h"
#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-file.h"
#include "pulse-export-dialog.h"
#include "pulse-report.h"

/* GtkFileChooserNative is deprecated from GTK 4.10 on, but GtkFileDialog
 * has no choices for the PNG options. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

/* Outside a window (closed meanwhile), the outcome goes to the log. */
static void
toast (GtkWidget  *widget,
       const char *message)
{
  if (!gtk_widget_activate_action (widget, "win.toast", "s", message))
    g_message ("%s", message);
}

/* Writing, in a thread */

typedef struct
{
  char      *path;
  GBytes    *bytes;
  /* or, for a report or a folder of CSV files: */
  PulseCatalog       *catalog;
  GPtrArray          *results;
  PulseQueryRange    *range;
  PulseReportOptions  report;
  gboolean            csv_dir;
  char               *done_message;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_object (&job->catalog);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_clear_pointer (&job->range, pulse_query_range_unref);
  pulse_report_options_clear (&job->report);
  g_free (job->done_message);
  g_free (job);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteJob *job = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (job->bytes != NULL)
    ok = pulse_file_write_atomically (job->path, g_bytes_get_data (job->bytes, NULL),
                                      g_bytes_get_size (job->bytes), &error);
  else if (job->csv_dir)
    ok = pulse_data_export_write_csv_dir (job->results, job->path, &error);
  else
    ok = pulse_report_write (job->catalog, job->results, job->range, &job->report, job->path, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    toast (widget, error->message);
  else
    toast (widget, job->done_message);
}

static void
run_write_job (GtkWidget *widget,
               WriteJob  *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_written, g_object_ref (widget));

  g_task_set_task_data (task, job, (GDestroyNotify)write_job_free);
  g_task_run_in_thread (task, write_thread);
}

/* Choosing files */

typedef void (*ChosenFunc) (GtkWidget            *widget,
                            GtkFileChooser       *chooser,
                            const char           *path,
                            gpointer              data);

typedef struct
{
  GtkWidget      *widget;
  ChosenFunc      func;
  gpointer        data;
  GDestroyNotify  destroy;
} Choosing;

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  Choosing *choosing = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path == NULL)
        toast (choosing->widget, _("Pulse can only save to local files"));
      else
        choosing->func (choosing->widget, GTK_FILE_CHOOSER (dialog), path, choosing->data);
    }
  if (choosing->destroy)
    choosing->destroy (choosing->data);
  g_object_unref (choosing->widget);
  g_free (choosing);
  g_object_unref (dialog);
}

/* Where a save starts: the user's Pictures or Documents, else home. */
static void
start_in (GtkFileChooser *chooser,
          GUserDirectory  directory)
{
  const char *path = g_get_user_special_dir (directory);
  g_autoptr(GFile) folder = g_file_new_for_path (path && g_file_test (path, G_FILE_TEST_IS_DIR)
                                                 ? path : g_get_home_dir ());

  gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

/* @extension: of the one kind of file shown, with its @name */
static void
show_only (GtkFileChooser *chooser,
           const char     *name,
           const char     *extension)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_suffix (filter, extension);
  gtk_file_chooser_add_filter (chooser, filter);
}

static GtkFileChooser *
choose (GtkWidget            *widget,
        GtkFileChooserAction  action,
        const char           *title,
        const char           *default_name,
        ChosenFunc            func,
        gpointer              data,
        GDestroyNotify        destroy)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  Choosing *choosing = g_new0 (Choosing, 1);

  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action,
                                        action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER ? _("_Select") : _("_Save"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  start_in (GTK_FILE_CHOOSER (dialog), G_USER_DIRECTORY_DOCUMENTS);
  if (default_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), default_name);
  choosing->widget = g_object_ref (widget);
  choosing->func = func;
  choosing->data = data;
  choosing->destroy = destroy;
  g_signal_connect (dialog, "response", G_CALLBACK (on_chooser_response), choosing);
  return GTK_FILE_CHOOSER (dialog);
}

static void
show (GtkFileChooser *chooser)
{
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* One chart */

/* The chart as the card shows it when asked. */
typedef struct
{
  PulseExportFormat  format;
  PulseMetricView   *view;
  PulseChartModel   *model;
} ChartRequest;

static ChartRequest *
chart_request_new (PulseMetricView   *view,
                   PulseChartModel   *model,
                   PulseExportFormat  format)
{
  ChartRequest *request = g_new0 (ChartRequest, 1);

  request->format = format;
  request->view = g_object_ref (view);
  request->model = g_object_ref (model);
  return request;
}

static void
chart_request_free (ChartRequest *request)
{
  g_clear_object (&request->view);
  g_clear_object (&request->model);
  g_free (request);
}

static void
on_chart_chosen (GtkWidget      *widget,
                 GtkFileChooser *chooser,
                 const char     *path,
                 gpointer        data)
{
  ChartRequest *request = data;
  g_auto(PulseChartExportOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  /* Only the choices the format was offered exist. */
  const char *size = request->format == PULSE_EXPORT_FORMAT_PNG ? gtk_file_chooser_get_choice (chooser, "size") : NULL;
  const char *background = request->format != PULSE_EXPORT_FORMAT_PDF ? gtk_file_chooser_get_choice (chooser, "background") : NULL;
  const char *palette = gtk_file_chooser_get_choice (chooser, "palette");
  g_autofree char *basename = g_path_get_basename (path);
  WriteJob *job;
  GBytes *bytes;

  pulse_chart_export_options_init (&options);
  pulse_chart_export_options_set_view (&options, request->view);
  options.format = request->format;
  options.dark = g_strcmp0 (palette, "dark") == 0;
  options.transparent = g_strcmp0 (background, "transparent") == 0;
  /* A chosen width scales the 720 px layout, so text grows with it. */
  if (size != NULL)
    {
      double value = g_ascii_strtod (size, NULL);

      options.scale = value > 16 ? value / PULSE_CHART_EXPORT_DEFAULT_WIDTH : MAX (value, 1);
    }

  if (!(bytes = pulse_chart_export_render (request->model, &options, &error)))
    {
      toast (widget, error->message);
      return;
    }
  job = g_new0 (WriteJob, 1);
  job->path = g_strdup (path);
  job->bytes = bytes;
  job->done_message = g_strdup_printf (_("Saved “%s”"), basename);
  run_write_job (widget, job);
}

void
pulse_export_dialog_save_chart (GtkWidget         *source,
                                PulseMetricView   *view,
                                PulseChartModel   *model,
                                PulseExportFormat  format)
{
  g_autofree char *name = NULL;
  PulseMetricResult *result;
  GtkFileChooser *chooser;
  const char *title;

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (PULSE_IS_METRIC_VIEW (view));
  g_return_if_fail (PULSE_IS_CHART_MODEL (model));

  result = pulse_metric_view_get_result (view);
  name = pulse_export_default_name (pulse_metric_get_id (pulse_metric_result_get_metric (result)),
                                    pulse_metric_result_get_range (result),
                                    pulse_export_format_to_extension (format));
  title = format == PULSE_EXPORT_FORMAT_PNG ? _("Save Chart as PNG")
        : format == PULSE_EXPORT_FORMAT_SVG ? _("Save Chart as SVG") : _("Save Chart as PDF");
  chooser = choose (source, GTK_FILE_CHOOSER_ACTION_SAVE, title, name, on_chart_chosen,
                    chart_request_new (view, model, format), (GDestroyNotify)chart_request_free);
  /* Images go to Pictures; a PDF stays in Documents. */
  if (format != PULSE_EXPORT_FORMAT_PDF)
    start_in (chooser, G_USER_DIRECTORY_PICTURES);
  show_only (chooser, format == PULSE_EXPORT_FORMAT_PNG ? _("PNG Images")
                    : format == PULSE_EXPORT_FORMAT_SVG ? _("SVG Images") : _("PDF Documents"),
             pulse_export_format_to_extension (format));

  if (format == PULSE_EXPORT_FORMAT_PNG)
    {
      gtk_file_chooser_add_choice (chooser, "size", _("Size"),
                                   (const char *[]) { "1", "2", "1280", "1920", "3840", NULL },
                                   (const char *[]) { _("1× (720 px)"), _("2× (1440 px)"), _("1280 px wide"),
                                                      _("1920 px wide"), _("3840 px wide"), NULL });
      gtk_file_chooser_set_choice (chooser, "size", "2");
    }
  if (format != PULSE_EXPORT_FORMAT_PDF)
    {
      gtk_file_chooser_add_choice (chooser, "background", _("Background"),
                                   (const char *[]) { "opaque", "transparent", NULL },
                                   (const char *[]) { _("Opaque"), _("Transparent"), NULL });
      gtk_file_chooser_set_choice (chooser, "background", "opaque");
    }
  gtk_file_chooser_add_choice (chooser, "palette", _("Colors"),
                               (const char *[]) { "light", "dark", NULL },
                               (const char *[]) { _("Light"), _("Dark"), NULL });
  gtk_file_chooser_set_choice (chooser, "palette", "light");
  show (chooser);
}

void
pulse_export_dialog_copy_image (GtkWidget         *source,
                                PulseMetricView   *view,
                                PulseChartModel   *model)
{
  g_auto(PulseChartExportOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (PULSE_IS_METRIC_VIEW (view));
  g_return_if_fail (PULSE_IS_CHART_MODEL (model));

  pulse_chart_export_options_init (&options);
  pulse_chart_export_options_set_view (&options, view);
  /* Sharp on high-density screens and in slides. */
  options.scale = 2;
  if (!(bytes = pulse_chart_export_render (model, &options, &error)) ||
      !(texture = gdk_texture_new_from_bytes (bytes, &error)))
    {
      toast (source, error->message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (source), texture);
  toast (source, _("Chart copied"));
}

static void
on_csv_chosen (GtkWidget      *widget,
               GtkFileChooser *chooser,
               const char     *path,
               gpointer        data)
{
  PulseMetricResult *result = data;
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *csv = pulse_data_export_dup_csv (result);
  WriteJob *job = g_new0 (WriteJob, 1);

  job->path = g_strdup (path);
  job->bytes = g_bytes_new (csv, strlen (csv));
  job->done_message = g_strdup_printf (_("Saved “%s”"), basename);
  run_write_job (widget, job);
}

void
pulse_export_dialog_save_csv (GtkWidget         *source,
                              PulseMetricResult *result)
{
  g_autofree char *name = NULL;
  GtkFileChooser *chooser;

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (PULSE_IS_METRIC_RESULT (result));

  name = pulse_export_default_name (pulse_metric_get_id (pulse_metric_result_get_metric (result)),
                                    pulse_metric_result_get_range (result), "csv");
  chooser = choose (source, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Data as CSV"), name,
                    on_csv_chosen, g_object_ref (result), g_object_unref);
  show_only (chooser, _("CSV Files"), "csv");
  show (chooser);
}

/* Any CSV a window makes (a people list): chosen in Documents, then
 * written atomically in a thread by the caller's pulse_export_dialog_write_csv(). */

typedef struct
{
  PulseExportChosenFunc func;
  gpointer              data;
  GDestroyNotify        destroy;
} CsvChoice;

static void
csv_choice_free (gpointer data)
{
  CsvChoice *choice = data;

  if (choice->destroy != NULL)
    choice->destroy (choice->data);
  g_free (choice);
}

static void
on_any_csv_chosen (GtkWidget      *widget,
                   GtkFileChooser *chooser,
                   const char     *path,
                   gpointer        data)
{
  CsvChoice *choice = data;

  choice->func (widget, path, choice->data);
}

void
pulse_export_dialog_choose_csv (GtkWidget             *source,
                                const char            *title,
                                const char            *default_name,
                                PulseExportChosenFunc  func,
                                gpointer               data,
                                GDestroyNotify         destroy)
{
  CsvChoice *choice = g_new0 (CsvChoice, 1);
  GtkFileChooser *chooser;

  g_return_if_fail (GTK_IS_WIDGET (source));

  choice->func = func;
  choice->data = data;
  choice->destroy = destroy;
  chooser = choose (source, GTK_FILE_CHOOSER_ACTION_SAVE, title, default_name, on_any_csv_chosen, choice,
                    csv_choice_free);
  show_only (chooser, _("CSV Files"), "csv");
  show (chooser);
}

/* @done_message: the toast once written; a failure's message otherwise */
void
pulse_export_dialog_write_csv (GtkWidget  *source,
                               const char *path,
                               GBytes     *contents,
                               const char *done_message)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->path = g_strdup (path);
  job->bytes = g_bytes_ref (contents);
  job->done_message = g_strdup (done_message);
  run_write_job (source, job);
}

/* The whole dashboard: every metric runs through the worker first */

typedef struct
{
  GtkWidget       *window;
  PulseCatalog    *catalog;
  PulseWorker     *worker;
  PulseQueryRange *range;
  char            *path;
  gboolean         csv_dir;
  PulseReportOptions report;
  GPtrArray       *results;
  guint            pending;
  guint            failed;
} DashboardJob;

static void
dashboard_job_free (DashboardJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->catalog);
  g_clear_object (&job->worker);
  g_clear_pointer (&job->range, pulse_query_range_unref);
  g_free (job->path);
  pulse_report_options_clear (&job->report);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_free (job);
}

static void
dashboard_results_ready (DashboardJob *job)
{
  g_autofree char *basename = g_path_get_basename (job->path);
  WriteJob *write = g_new0 (WriteJob, 1);

  write->path = g_strdup (job->path);
  write->catalog = g_object_ref (job->catalog);
  write->results = g_ptr_array_ref (job->results);
  write->range = pulse_query_range_ref (job->range);
  write->csv_dir = job->csv_dir;
  write->report = job->report;
  memset (&job->report, 0, sizeof job->report);
  if (job->failed > 0)
    write->done_message = g_strdup_printf (ngettext ("Saved “%s”; %u metric could not be computed",
                                                     "Saved “%s”; %u metrics could not be computed", job->failed),
                                           basename, job->failed);
  else
    write->done_message = g_strdup_printf (_("Saved “%s”"), basename);
  run_write_job (job->window, write);
  dashboard_job_free (job);
}

static void
on_metric_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DashboardJob *job = user_data;
  g_autoptr(GError) error = NULL;
  PulseMetricResult *metric_result;

  metric_result = pulse_worker_run_metric_finish (PULSE_WORKER (source), result, NULL, &error);
  if (metric_result != NULL)
    g_ptr_array_add (job->results, metric_result);
  else
    job->failed++;
  if (--job->pending == 0)
    dashboard_results_ready (job);
}

/* A metric without its previous period is shown without its change. */
static void
on_previous_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  DashboardJob *job = user_data;
  g_autoptr(GError) error = NULL;
  PulseMetricResult *metric_result;

  metric_result = pulse_worker_run_metric_finish (PULSE_WORKER (source), result, NULL, &error);
  if (metric_result != NULL)
    g_ptr_array_add (job->report.compare.results, metric_result);
  if (--job->pending == 0)
    dashboard_results_ready (job);
}

static void
run_dashboard (DashboardJob *job)
{
  GPtrArray *metrics = pulse_catalog_get_metrics (job->catalog);
  guint generation;

  job->results = g_ptr_array_new_with_free_func (g_object_unref);
  job->pending = job->report.compare.range != NULL ? 2 * metrics->len : metrics->len;
  if (metrics->len == 0)
    {
      g_idle_add_once ((GSourceOnceFunc)dashboard_results_ready, job);
      return;
    }
  toast (job->window, job->csv_dir ? _("Exporting all data…") : _("Exporting the report…"));
  /* Its own group: the pages' refreshes do not cancel the export. */
  generation = pulse_worker_begin_generation (job->worker, "export");
  for (guint i = 0; i < metrics->len; i++)
    {
      pulse_worker_run_metric_async (job->worker, g_ptr_array_index (metrics, i), job->range, "export",
                                     generation, NULL, on_metric_done, job);
      if (job->report.compare.range != NULL)
        pulse_worker_run_metric_async (job->worker, g_ptr_array_index (metrics, i), job->report.compare.range,
                                       "export", generation, NULL, on_previous_done, job);
    }
}

static void
on_dashboard_target_chosen (GtkWidget      *widget,
                            GtkFileChooser *chooser,
                            const char     *path,
                            gpointer        data)
{
  DashboardJob *job = data;

  job->path = g_strdup (path);
  run_dashboard (job);
}

static void
maybe_free_dashboard_job (gpointer data)
{
  DashboardJob *job = data;

  /* Chosen: the job owns itself until written. */
  if (job->path == NULL)
    dashboard_job_free (job);
}

/* Returns: (nullable): a job for what the dashboard shows; none, with a
 * toast, before a workspace is open */
static DashboardJob *
dashboard_job_new (GtkWidget      *source,
                   PulseDashboard *dashboard)
{
  PulseWorker *worker = pulse_dashboard_get_worker (dashboard);
  DashboardJob *job;

  if (worker == NULL)
    {
      toast (source, _("Open a workspace first"));
      return NULL;
    }
  job = g_new0 (DashboardJob, 1);
  job->window = g_object_ref (source);
  job->catalog = g_object_ref (pulse_dashboard_get_catalog (dashboard));
  job->worker = g_object_ref (worker);
  job->range = pulse_query_range_ref (pulse_dashboard_get_range (dashboard));
  pulse_report_options_init (&job->report);
  return job;
}

static char *
describe_connection (PulseWorker *worker)
{
  const char *conninfo = pulse_worker_get_conninfo (worker);
  g_autofree char *described = pulse_db_describe_conninfo (conninfo);

  /* Either of the demo's databases (pulse-demo.c). */
  if (g_str_has_prefix (described, PULSE_DEMO_DATABASE))
    return g_strdup (_("Demo workspace"));
  return g_steal_pointer (&described);
}

void
pulse_export_dialog_export_report (GtkWidget      *source,
                                   PulseDashboard *dashboard)
{
  g_autofree char *name = NULL;
  g_autofree char *paper = NULL;
  GtkFileChooser *chooser;
  DashboardJob *job;

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (PULSE_IS_DASHBOARD (dashboard));

  if (!(job = dashboard_job_new (source, dashboard)))
    return;
  job->report.segment = pulse_dashboard_get_segment (dashboard);
  /* Comparing, the report shows each headline's change, as the cards do. */
  if (pulse_dashboard_get_compare (dashboard))
    {
      job->report.compare.range = pulse_query_range_dup_previous (job->range);
      job->report.compare.results = g_ptr_array_new_with_free_func (g_object_unref);
    }
  paper = g_settings_get_string (pulse_dashboard_get_settings (dashboard), "paper-size");
  pulse_paper_size_from_string (paper, &job->report.paper);
  job->report.connection = describe_connection (job->worker);
  if (pulse_dashboard_get_annotations (dashboard) != NULL)
    job->report.annotations = g_ptr_array_ref (pulse_dashboard_get_annotations (dashboard));

  name = pulse_export_default_name (NULL, job->range, "pdf");
  chooser = choose (source, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Report"), name,
                    on_dashboard_target_chosen, job, maybe_free_dashboard_job);
  show_only (chooser, _("PDF Documents"), "pdf");
  show (chooser);
}

void
pulse_export_dialog_export_all_data (GtkWidget      *source,
                                     PulseDashboard *dashboard)
{
  DashboardJob *job;

  g_return_if_fail (GTK_IS_WIDGET (source));
  g_return_if_fail (PULSE_IS_DASHBOARD (dashboard));

  if (!(job = dashboard_job_new (source, dashboard)))
    return;
  job->csv_dir = TRUE;
  show (choose (source, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                _("Export All Data as CSV Files"), NULL,
                on_dashboard_target_chosen, job, maybe_free_dashboard_job));
}

G_GNUC_END_IGNORE_DEPRECATIONS
