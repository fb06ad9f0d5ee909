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

#include "pulse-activity-index.h"
#include "pulse-annotations-dialog.h"
#include "pulse-export-dialog.h"
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

  /* "Today" may have moved on; pages not on screen refresh when shown. */
  pulse_dashboard_reload (pulse_window_get_dashboard (self));
  if (page != NULL)
    pulse_metric_page_refresh (page);
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

static void
range_presets_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  pulse_window_show_range_presets (PULSE_WINDOW (widget));
}

/* Every connection's files: the cache only saves time. A connection's
 * index stays in memory and writes its file again when it next updates. */
static void
clear_cache_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);
  g_autofree char *dir = pulse_activity_cache_dup_default_dir ();
  g_autoptr(GError) error = NULL;

  if (pulse_activity_cache_clear (dir, &error))
    pulse_window_show_toast (self, _("Cache cleared"));
  else
    pulse_window_show_toast (self, error->message);
  pulse_window_update_cache_size (self);
}

/* @parameter: the page's place in the switcher, from 0 */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pulse_window_show_page (PULSE_WINDOW (widget), g_variant_get_uint32 (parameter));
}

/* @parameter: the message, a sentence */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  pulse_window_show_toast (PULSE_WINDOW (widget), g_variant_get_string (parameter, NULL));
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
  gtk_widget_class_install_action (widget_class, "win.setup-tracking", "s", setup_tracking_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.export-all-data", NULL, export_all_data_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.clear-cache", NULL, clear_cache_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "u", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.annotations", NULL, annotations_action);
  gtk_widget_class_install_action (widget_class, "win.add-annotation", "s", add_annotation_action);
  /* Alt+1…8, as tabs in GNOME apps; the help overlay lists them. */
  for (guint i = 0; i < 8; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-page", "u", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}
