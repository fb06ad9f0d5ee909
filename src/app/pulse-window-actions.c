/* pulse-window-actions.c: the window's actions ("win.*")
 *
 * What widgets inside the window ask of it (win.toast, win.open-demo,
 * win.setup-tracking, ...) and what the application asks
 * (win.open-connection for --connection).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-annotations-dialog.h"
#include "pulse-export-dialog.h"
#include "pulse-preferences-window.h"
#include "pulse-settings.h"
#include "pulse-people-dialog.h"
#include "pulse-setup-wizard.h"
#include "pulse-window-private.h"

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pulse_window_open_demo (PULSE_WINDOW (widget));
}

static void
cancel_open_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  pulse_window_cancel_open (PULSE_WINDOW (widget));
}

/* @parameter: what --connection takes: a saved connection's name, a URI or conninfo */
static void
open_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  pulse_connection_switcher_open_text (pulse_window_get_switcher (PULSE_WINDOW (widget)),
                                       g_variant_get_string (parameter, NULL));
}

static void
manage_connections_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  pulse_connection_switcher_manage (pulse_window_get_switcher (PULSE_WINDOW (widget)));
}

/* After a password or database the server refused. */
static void
edit_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  pulse_connection_switcher_edit_active (pulse_window_get_switcher (PULSE_WINDOW (widget)));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);
  PulseMetricPage *page = pulse_window_get_visible_page (self);
  PulseOverviewPage *overview = pulse_window_get_visible_overview (self);

  /* "Today" may have moved on; pages not on screen refresh when shown. */
  pulse_dashboard_reload (pulse_window_get_dashboard (self));
  if (page != NULL)
    pulse_metric_page_refresh (page);
  else if (overview != NULL)
    pulse_overview_page_refresh (overview);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pulse_dashboard_reopen (pulse_window_get_dashboard (PULSE_WINDOW (widget)));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);

  if (pulse_window_get_worker (self) != NULL)
    pulse_dashboard_reopen (pulse_window_get_dashboard (self));
  else
    pulse_window_open_demo (self);
}

static void
setup_tracking_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PulseWorker *worker = pulse_window_get_worker (PULSE_WINDOW (widget));
  PulseSetupWizard *wizard;

  /* Nothing connected yet: nothing to set up. */
  if (worker == NULL)
    return;

  /* The wizard refreshes this window (win.refresh) when it has applied. */
  wizard = pulse_setup_wizard_new (GTK_WINDOW (widget), pulse_worker_get_conninfo (worker));
  pulse_setup_wizard_set_metric_id (wizard, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  pulse_export_dialog_export_report (widget, pulse_window_get_dashboard (PULSE_WINDOW (widget)));
}

static void
export_all_data_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  pulse_export_dialog_export_all_data (widget, pulse_window_get_dashboard (PULSE_WINDOW (widget)));
}

/* The range picker's Apply: "(ss)", the first and last day, YYYY-MM-DD. */
static void
custom_range_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *from, *to;

  g_variant_get (parameter, "(&s&s)", &from, &to);
  pulse_window_set_custom_range (PULSE_WINDOW (widget), from, to);
}

static void
range_presets_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  pulse_window_show_range_presets (PULSE_WINDOW (widget));
}

/* Every connection's files: the cache only saves time. A connection's
 * index and snapshot stay in memory and are written again when they
 * next change. */
static void
clear_cache_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (pulse_cache_clear (&error))
    pulse_window_show_toast (self, _("Cache cleared"));
  else
    pulse_window_show_toast (self, error->message);
  pulse_window_update_cache_size (self);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (pulse_preferences_window_new (GTK_WINDOW (widget))));
}

/* @parameter: the page's place in the switcher, from 0 */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pulse_window_show_page (PULSE_WINDOW (widget), g_variant_get_uint32 (parameter));
}

/* @parameter: the page's name ("overview", a group's id): the page menu's rows */
static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pulse_window_show_page_named (PULSE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* @parameter: the metric's id */
static void
show_detail_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  pulse_window_show_detail (PULSE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
hide_detail_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  pulse_window_hide_detail (PULSE_WINDOW (widget));
}

/* @parameter: the message, a sentence */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  pulse_window_show_toast (PULSE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* The persons behind a number: win.show-people, parameter a{sv}.
 * The contract for everything that shows a number that counts persons
 * (charts, the retention table):
 *   "metric"  (s) the metric's id; required
 *   "series"  (s) the number's series: a chart series id ("all",
 *                 "BUILDER", lifecycle's "returning", …), a funnel step
 *                 id, a histogram's k, or for a retention cell "on" or
 *                 "on_or_after"; required
 *   "start"   (s) the bucket's first day in the range (a cohort's
 *                 start), YYYY-MM-DD; "" for a funnel step or histogram
 *   "period"  (i) a retention cell's period N; -1 (or absent) otherwise
 *   "dropped" (b) a funnel step's drop-off; FALSE (or absent) otherwise
 * The range, zone, granularity and segment are the dashboard's. A
 * parameter that names no number shows a toast saying why. */
static void
show_people_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);
  PulseDashboard *dashboard = pulse_window_get_dashboard (self);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (parameter);
  const char *metric_id = NULL, *series = NULL, *start = NULL;
  gint32 period = -1;
  gboolean dropped = FALSE;
  PulseMetric *metric;
  g_autoptr(PulsePeopleQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  PulsePeopleDialog *dialog;

  if (pulse_dashboard_get_worker (dashboard) == NULL || pulse_dashboard_get_range (dashboard) == NULL)
    return;
  g_variant_dict_lookup (&dict, "metric", "&s", &metric_id);
  g_variant_dict_lookup (&dict, "series", "&s", &series);
  g_variant_dict_lookup (&dict, "start", "&s", &start);
  g_variant_dict_lookup (&dict, "period", "i", &period);
  g_variant_dict_lookup (&dict, "dropped", "b", &dropped);

  metric = metric_id ? pulse_catalog_lookup (pulse_dashboard_get_catalog (dashboard), metric_id) : NULL;
  if (metric == NULL || series == NULL)
    {
      pulse_window_show_toast (self, _("That number has no list of people"));
      return;
    }
  query = pulse_people_query_new (metric, pulse_dashboard_get_range (dashboard), pulse_dashboard_get_segment (dashboard),
                                  series, start != NULL && *start != '\0' ? start : NULL, period, dropped, &error);
  if (query == NULL)
    {
      pulse_window_show_toast (self, error->message);
      return;
    }
  dialog = pulse_people_dialog_new (GTK_WINDOW (self), pulse_dashboard_get_worker (dashboard), query,
                                    g_settings_get_boolean (pulse_dashboard_get_settings (dashboard),
                                                            "people-show-email"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
annotations_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PulseAnnotationsDialog *dialog = pulse_annotations_dialog_new (GTK_WINDOW (widget),
                                                                 pulse_window_get_dashboard (PULSE_WINDOW (widget)));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* @parameter: the day to start from (YYYY-MM-DD), or "" */
static void
add_annotation_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *day = g_variant_get_string (parameter, NULL);
  PulseAnnotationEditor *editor = pulse_annotation_editor_new (GTK_WINDOW (widget),
                                                               pulse_window_get_dashboard (PULSE_WINDOW (widget)),
                                                               NULL, *day ? day : NULL);

  gtk_window_present (GTK_WINDOW (editor));
}

void
pulse_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-open", NULL, cancel_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-connection", "s", open_connection_action);
  gtk_widget_class_install_action (widget_class, "win.manage-connections", NULL, manage_connections_action);
  gtk_widget_class_install_action (widget_class, "win.edit-connection", NULL, edit_connection_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.range-presets", NULL, range_presets_action);
  gtk_widget_class_install_action (widget_class, "win.custom-range", "(ss)", custom_range_action);
  gtk_widget_class_install_action (widget_class, "win.setup-tracking", "s", setup_tracking_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.export-all-data", NULL, export_all_data_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.clear-cache", NULL, clear_cache_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "u", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.page", "s", page_action);
  gtk_widget_class_install_action (widget_class, "win.annotations", NULL, annotations_action);
  gtk_widget_class_install_action (widget_class, "win.add-annotation", "s", add_annotation_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-people", "a{sv}", show_people_action);
  gtk_widget_class_install_action (widget_class, "win.show-detail", "s", show_detail_action);
  gtk_widget_class_install_action (widget_class, "win.hide-detail", NULL, hide_detail_action);
  /* Alt+1…9, as tabs in GNOME apps (Alt+1 the overview); the help overlay lists them. */
  for (guint i = 0; i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-page", "u", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}
