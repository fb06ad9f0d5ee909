/* pulse-window.c: the main window
 *
 * One page per metric group, built from the catalog. The window moves
 * between four states: welcome (no workspace yet), loading, error and
 * dashboard. Only the visible page queries the database; other pages
 * catch up when they are shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-application.h"
#include "pulse-demo.h"
#include "pulse-window.h"

struct _PulseWindow
{
  AdwApplicationWindow  parent_instance;

  PulseCatalog         *catalog;
  PulseWorker          *worker;
  PulseQueryRange      *range;
  GCancellable         *open_cancellable;

  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwStatusPage        *error_page;
  GtkSpinner           *loading_spinner;
  GtkLabel             *loading_label;
  GtkLabel             *loading_detail;
};

G_DEFINE_FINAL_TYPE (PulseWindow, pulse_window, ADW_TYPE_APPLICATION_WINDOW)

/* Icons for the bundled groups; a catalog's own groups get a generic one. */
static const struct {
  const char *group;
  const char *icon;
} group_icons[] = {
  { "growth", "go-up-symbolic" },
  { "activity", "emoji-people-symbolic" },
  { "engagement", "document-open-recent-symbolic" },
  { "posts", "chat-message-new-symbolic" },
  { "profiles", "avatar-default-symbolic" },
  { "finders", "edit-find-symbolic" },
  { "collections", "folder-symbolic" },
};

static const char *
icon_for_group (const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (group_icons); i++)
    if (g_str_equal (group_icons[i].group, group))
      return group_icons[i].icon;
  return "view-grid-symbolic";
}

static void
set_state (PulseWindow *self,
           const char  *state)
{
  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (state, "loading"));
  gtk_stack_set_visible_child_name (self->main_stack, state);
}

static void
show_loading (PulseWindow *self,
              const char  *title,
              const char  *detail)
{
  gtk_label_set_label (self->loading_label, title);
  gtk_label_set_label (self->loading_detail, detail);
  set_state (self, "loading");
}

static void
show_error (PulseWindow  *self,
            const GError *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  set_state (self, "error");
}

static PulseQueryRange *
default_range (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDate to, from;

  g_date_clear (&to, 1);
  g_date_set_dmy (&to, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  from = to;
  g_date_subtract_days (&from, 29);
  return pulse_query_range_new (&from, &to, "UTC", PULSE_GRANULARITY_DAY);
}

static void
refresh_visible_page (PulseWindow *self,
                      gboolean     force)
{
  PulseMetricPage *page = pulse_window_get_visible_page (self);

  if (page == NULL || self->worker == NULL)
    return;
  if (force || !pulse_metric_page_is_current (page, self->worker, self->range))
    pulse_metric_page_refresh (page, self->worker, self->range);
}

static void
on_visible_child_changed (PulseWindow *self)
{
  refresh_visible_page (self, FALSE);
}

static void
build_pages (PulseWindow *self)
{
  GPtrArray *groups = pulse_catalog_get_groups (self->catalog);

  for (guint i = 0; i < groups->len; i++)
    {
      const PulseMetricGroup *group = g_ptr_array_index (groups, i);
      g_autoptr(GPtrArray) metrics = pulse_catalog_list_group (self->catalog, group->id);
      PulseMetricPage *page = pulse_metric_page_new (group->id, metrics);

      adw_view_stack_add_titled_with_icon (self->view_stack, GTK_WIDGET (page), group->id,
                                           group->title, icon_for_group (group->id));
    }
}

void
pulse_window_open_connection (PulseWindow *self,
                              const char  *conninfo)
{
  PulseSessionOptions options;

  g_return_if_fail (PULSE_IS_WINDOW (self));
  g_return_if_fail (conninfo != NULL);

  pulse_session_options_init_dashboard (&options);
  g_clear_object (&self->worker);
  self->worker = pulse_worker_new (conninfo, &options);
  set_state (self, "dashboard");
  refresh_visible_page (self, TRUE);
}

static void
on_demo_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PulseWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  PulseDemo *demo = PULSE_DEMO (source);

  if (!pulse_demo_start_finish (demo, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  pulse_window_open_connection (self, pulse_demo_get_conninfo (demo));
}

void
pulse_window_open_demo (PulseWindow *self)
{
  PulseApplication *app;

  g_return_if_fail (PULSE_IS_WINDOW (self));

  app = PULSE_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  show_loading (self, _("Opening the Demo Workspace"),
                _("The first start creates a private PostgreSQL server and generates a year of data; this takes a minute."));
  pulse_demo_start_async (pulse_application_get_demo (app), self->open_cancellable,
                          on_demo_started, g_object_ref (self));
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pulse_window_open_demo (PULSE_WINDOW (widget));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);

  /* Pages not on screen refresh when they are shown. */
  g_clear_pointer (&self->range, pulse_query_range_unref);
  self->range = default_range ();
  refresh_visible_page (self, TRUE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);

  if (self->worker != NULL)
    pulse_window_open_connection (self, pulse_worker_get_conninfo (self->worker));
  else
    pulse_window_open_demo (self);
}

static void
pulse_window_dispose (GObject *object)
{
  PulseWindow *self = (PulseWindow *)object;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PULSE_TYPE_WINDOW);
  g_clear_object (&self->worker);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->range, pulse_query_range_unref);

  G_OBJECT_CLASS (pulse_window_parent_class)->dispose (object);
}

static void
pulse_window_class_init (PulseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, PULSE_RESOURCE_PREFIX "/pulse-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_detail);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}

static void
pulse_window_init (PulseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->range = default_range ();

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_visible_child_changed), self, G_CONNECT_SWAPPED);
}

PulseWindow *
pulse_window_new (GtkApplication *application,
                  PulseCatalog   *catalog)
{
  PulseWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (PULSE_IS_CATALOG (catalog), NULL);

  self = g_object_new (PULSE_TYPE_WINDOW, "application", application, NULL);
  self->catalog = g_object_ref (catalog);
  build_pages (self);
  set_state (self, "welcome");
  return self;
}

PulseWorker *
pulse_window_get_worker (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->worker;
}

PulseQueryRange *
pulse_window_get_range (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->range;
}

const char *
pulse_window_get_state (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* Returns: (transfer full): the view stack's pages */
GListModel *
pulse_window_get_pages (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (adw_view_stack_get_pages (self->view_stack));
}

PulseMetricPage *
pulse_window_find_page (PulseWindow *self,
                        const char  *group_id)
{
  GtkWidget *child;

  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);

  child = adw_view_stack_get_child_by_name (self->view_stack, group_id);
  return child ? PULSE_METRIC_PAGE (child) : NULL;
}

PulseMetricPage *
pulse_window_get_visible_page (PulseWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);

  child = adw_view_stack_get_visible_child (self->view_stack);
  return child ? PULSE_METRIC_PAGE (child) : NULL;
}
