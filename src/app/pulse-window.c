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
#include <string.h>

#include "pulse-application.h"
#include "pulse-connection-switcher.h"
#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-export-dialog.h"
#include "pulse-settings.h"
#include "pulse-setup-wizard.h"
#include "pulse-window.h"
#include "pulse-wrap-box.h"

struct _PulseWindow
{
  AdwApplicationWindow  parent_instance;

  PulseCatalog         *catalog;
  PulseWorker          *worker;
  PulseQueryRange      *range;
  GCancellable         *open_cancellable;
  GSettings            *settings;
  GDate                 picked_from;

  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwStatusPage        *error_page;
  GtkSpinner           *loading_spinner;
  GtkLabel             *loading_label;
  GtkLabel             *loading_detail;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkMenuButton        *range_button;
  GtkPopover           *range_popover;
  GtkStack             *range_stack;
  GtkListBox           *preset_list;
  GtkDropDown          *timezone_dropdown;
  GtkLabel             *calendar_label;
  GtkCalendar          *calendar;
  GtkDropDown          *granularity_dropdown;
  GtkDropDown          *segment_dropdown;
  GtkToggleButton      *compare_button;
  GtkLabel             *updated_label;
  PulseConnectionSwitcher *connection_switcher;
  AdwViewSwitcherTitle *switcher_title;
  AdwToastOverlay      *toast_overlay;
};

static const struct {
  const char       *nick;
  PulseRangePreset  preset;
  const char       *label;
} presets[] = {
  { "last-7-days", PULSE_RANGE_LAST_7_DAYS, N_("Last 7 days") },
  { "last-30-days", PULSE_RANGE_LAST_30_DAYS, N_("Last 30 days") },
  { "last-90-days", PULSE_RANGE_LAST_90_DAYS, N_("Last 90 days") },
  { "last-12-months", PULSE_RANGE_LAST_12_MONTHS, N_("Last 12 months") },
  { "this-month", PULSE_RANGE_THIS_MONTH, N_("This month") },
  { "this-quarter", PULSE_RANGE_THIS_QUARTER, N_("This quarter") },
  { "custom", PULSE_RANGE_CUSTOM, N_("Custom range…") },
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
  /* Pages to switch to exist only on the dashboard. */
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, g_str_equal (state, "dashboard"));
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

static guint
preset_index (const char *nick)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].nick, nick))
      return i;
  return 1;
}

static PulseQueryRange *
range_from_settings (PulseWindow *self)
{
  g_autofree char *preset = g_settings_get_string (self->settings, "range-preset");
  g_autofree char *timezone = g_settings_get_string (self->settings, "timezone");
  g_autofree char *custom_from = g_settings_get_string (self->settings, "custom-from");
  g_autofree char *custom_to = g_settings_get_string (self->settings, "custom-to");
  PulseGranularity granularity = g_settings_get_enum (self->settings, "granularity");
  GDate today, from, to;

  pulse_today_in_zone (timezone, &today);
  pulse_parse_iso_date (custom_from, &from);
  pulse_parse_iso_date (custom_to, &to);
  return pulse_query_range_new_preset (presets[preset_index (preset)].preset, &today, &from, &to,
                                       timezone, granularity);
}

static char *
describe_range (PulseWindow *self)
{
  g_autofree char *preset = g_settings_get_string (self->settings, "range-preset");
  char from[11], to[11];

  if (!g_str_equal (preset, "custom"))
    return g_strdup (_(presets[preset_index (preset)].label));
  pulse_query_range_fill_params (self->range, from, to);
  return g_strdup_printf ("%s – %s", from, to);
}

static void
update_range (PulseWindow *self)
{
  g_autofree char *label = NULL;

  g_clear_pointer (&self->range, pulse_query_range_unref);
  self->range = range_from_settings (self);
  label = describe_range (self);
  gtk_menu_button_set_label (self->range_button, label);
}

static void
refresh_visible_page (PulseWindow *self,
                      gboolean     force)
{
  PulseMetricPage *page = pulse_window_get_visible_page (self);

  if (page == NULL || self->worker == NULL)
    return;
  if (force || !pulse_metric_page_is_current (page, self->worker, self->range,
                                              g_settings_get_boolean (self->settings, "compare")))
    pulse_metric_page_refresh (page, self->worker, self->range,
                               g_settings_get_boolean (self->settings, "compare"));
}

static void
on_page_refreshed (PulseWindow     *self,
                   PulseMetricPage *page)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%X");
  g_autofree char *label = g_strdup_printf (_("Updated %s"), time);

  gtk_label_set_label (self->updated_label, label);
}

static void
on_page_connection_lost (PulseWindow     *self,
                         const char      *message,
                         PulseMetricPage *page)
{
  g_autofree char *text = g_strdup_printf (_("The connection to the database was lost: %s"), message);

  gtk_label_set_label (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
on_visible_child_changed (PulseWindow *self)
{
  PulseMetricPage *page = pulse_window_get_visible_page (self);

  if (page != NULL)
    g_settings_set_string (self->settings, "page", pulse_metric_page_get_group_id (page));
  refresh_visible_page (self, FALSE);
}

static void
set_segment_on_pages (PulseWindow *self)
{
  g_autofree char *segment = g_settings_get_string (self->settings, "segment");
  g_autoptr(GListModel) pages = pulse_window_get_pages (self);

  /* Every series holds every role: no query needed, only drawing. */
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);
      pulse_metric_page_set_segment (PULSE_METRIC_PAGE (adw_view_stack_page_get_child (page)), segment);
    }
}

static void
on_settings_changed (PulseWindow *self,
                     const char  *key)
{
  if (g_str_equal (key, "segment"))
    set_segment_on_pages (self);
  else if (g_strv_contains ((const char * const[]) { "range-preset", "custom-from", "custom-to",
                                                    "granularity", "timezone", "compare", NULL }, key))
    {
      update_range (self);
      refresh_visible_page (self, FALSE);
    }
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

      g_signal_connect_object (page, "refreshed", G_CALLBACK (on_page_refreshed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "connection-lost", G_CALLBACK (on_page_connection_lost),
                               self, G_CONNECT_SWAPPED);
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
  /* Reconnecting keeps the session, password (in memory) included. */
  if (self->worker != NULL && g_str_equal (conninfo, pulse_worker_get_conninfo (self->worker)))
    options = *pulse_worker_get_options (self->worker);
  pulse_window_open_connection_with_options (self, conninfo, &options);
}

/**
 * pulse_window_open_connection_with_options:
 * @options: a dashboard session; its password is kept only in memory
 */
void
pulse_window_open_connection_with_options (PulseWindow               *self,
                                           const char                *conninfo,
                                           const PulseSessionOptions *options)
{
  /* @conninfo and the password may belong to the worker being replaced. */
  g_autofree char *conninfo_copy = g_strdup (conninfo);
  g_autofree char *password = g_strdup (options->password);
  PulseSessionOptions copy = *options;

  g_return_if_fail (PULSE_IS_WINDOW (self));
  g_return_if_fail (conninfo != NULL);

  copy.password = password;
  g_clear_object (&self->worker);
  self->worker = pulse_worker_new (conninfo_copy, &copy);
  if (password != NULL)
    memset (password, 0, strlen (password));
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
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

  g_settings_set_string (self->settings, "active-connection", "demo");
  show_loading (self, _("Opening the Demo Workspace"),
                _("The first start creates a private PostgreSQL server and generates a year of data; this takes a minute."));
  pulse_demo_start_async (pulse_application_get_demo (app), self->open_cancellable,
                          on_demo_started, g_object_ref (self));
}

/**
 * pulse_window_restore_connection:
 *
 * Reopens the workspace that was open when Pulse last quit, if any.
 */
void
pulse_window_restore_connection (PulseWindow *self)
{
  g_return_if_fail (PULSE_IS_WINDOW (self));

  pulse_connection_switcher_restore (self->connection_switcher);
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pulse_window_open_demo (PULSE_WINDOW (widget));
}

static void
manage_connections_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  pulse_connection_switcher_manage (PULSE_WINDOW (widget)->connection_switcher);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);

  /* "Today" may have moved on; pages not on screen refresh when shown. */
  update_range (self);
  refresh_visible_page (self, TRUE);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);
  g_autofree char *conninfo = NULL;

  if (self->worker == NULL)
    return;
  conninfo = g_strdup (pulse_worker_get_conninfo (self->worker));
  pulse_window_open_connection (self, conninfo);
}

static void
setup_tracking_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);
  const char *conninfo = self->worker ? pulse_worker_get_conninfo (self->worker) : NULL;
  PulseSetupWizard *wizard;

  /* Nothing connected yet: nothing to set up. */
  if (conninfo == NULL)
    return;

  /* The wizard refreshes this window (win.refresh) when it has applied. */
  wizard = pulse_setup_wizard_new (GTK_WINDOW (self), conninfo);
  pulse_setup_wizard_set_metric_id (wizard, g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);

  pulse_export_dialog_export_report (GTK_WINDOW (self), self->catalog, self->worker, self->range, self->settings);
}

static void
export_all_data_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PulseWindow *self = PULSE_WINDOW (widget);

  pulse_export_dialog_export_all_data (GTK_WINDOW (self), self->catalog, self->worker, self->range);
}

static void
range_presets_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (PULSE_WINDOW (widget)->range_stack, "presets");
}

static void
show_calendar (PulseWindow *self)
{
  g_date_clear (&self->picked_from, 1);
  gtk_label_set_label (self->calendar_label, _("Pick the first day"));
  gtk_stack_set_visible_child_name (self->range_stack, "calendar");
}

static void
on_preset_activated (PulseWindow   *self,
                     GtkListBoxRow *row)
{
  guint index = (guint)gtk_list_box_row_get_index (row);

  if (presets[index].preset == PULSE_RANGE_CUSTOM)
    {
      show_calendar (self);
      return;
    }
  g_settings_set_string (self->settings, "range-preset", presets[index].nick);
  gtk_popover_popdown (self->range_popover);
}

static void
on_day_selected (PulseWindow *self)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (self->calendar);
  GDate day;
  char from[11], to[11];

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (picked), g_date_time_get_month (picked),
                  g_date_time_get_year (picked));

  if (!g_date_valid (&self->picked_from))
    {
      self->picked_from = day;
      gtk_label_set_label (self->calendar_label, _("Pick the last day"));
      return;
    }

  /* Either order works: the earlier day starts the range. */
  pulse_format_iso_date (g_date_compare (&day, &self->picked_from) < 0 ? &day : &self->picked_from, from);
  pulse_format_iso_date (g_date_compare (&day, &self->picked_from) < 0 ? &self->picked_from : &day, to);
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "custom-from", from);
  g_settings_set_string (self->settings, "custom-to", to);
  g_settings_set_string (self->settings, "range-preset", "custom");
  g_settings_apply (self->settings);
  gtk_popover_popdown (self->range_popover);
  gtk_stack_set_visible_child_name (self->range_stack, "presets");
}

static void
build_preset_list (PulseWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      GtkWidget *label = gtk_label_new (_(presets[i].label));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (self->preset_list, label);
    }
  g_signal_connect_object (self->preset_list, "row-activated", G_CALLBACK (on_preset_activated),
                           self, G_CONNECT_SWAPPED);
}

static gboolean
dropdown_to_enum (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i]; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
enum_to_dropdown (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **)nicks))
    return NULL;
  return g_variant_new_string (nicks[index]);
}

static void
bind_dropdown (PulseWindow        *self,
               const char         *key,
               GtkDropDown        *dropdown,
               const char * const *nicks)
{
  g_settings_bind_with_mapping (self->settings, key, dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                                dropdown_to_enum, enum_to_dropdown, (gpointer)nicks, NULL);
}

static void
bind_settings (PulseWindow *self)
{
  static const char * const granularities[] = { "day", "week", "month", NULL };
  static const char * const segments[] = { "all", "BUILDER", "FINDER", NULL };
  static GStrv timezones;
  g_autofree char *page = g_settings_get_string (self->settings, "page");

  if (timezones == NULL)
    timezones = pulse_list_timezones ();
  gtk_drop_down_set_model (self->timezone_dropdown, G_LIST_MODEL (gtk_string_list_new ((const char * const *)timezones)));
  gtk_drop_down_set_expression (self->timezone_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "compare", self->compare_button, "active", G_SETTINGS_BIND_DEFAULT);
  bind_dropdown (self, "granularity", self->granularity_dropdown, granularities);
  bind_dropdown (self, "segment", self->segment_dropdown, segments);
  bind_dropdown (self, "timezone", self->timezone_dropdown, (const char * const *)timezones);

  if (adw_view_stack_get_child_by_name (self->view_stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, page);
  /* Only now: adding the pages changed the visible one. */
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_visible_child_changed), self, G_CONNECT_SWAPPED);
  set_segment_on_pages (self);
  update_range (self);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
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
  g_clear_object (&self->settings);
  g_clear_pointer (&self->range, pulse_query_range_unref);

  G_OBJECT_CLASS (pulse_window_parent_class)->dispose (object);
}

static void
pulse_window_class_init (PulseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_window_dispose;

  g_type_ensure (PULSE_TYPE_CONNECTION_SWITCHER);
  g_type_ensure (PULSE_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, PULSE_RESOURCE_PREFIX "/pulse-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_detail);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, range_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, range_popover);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, range_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, preset_list);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, timezone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, calendar_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, calendar);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, granularity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, segment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, updated_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, connection_switcher);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, toast_overlay);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.manage-connections", NULL, manage_connections_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "win.range-presets", NULL, range_presets_action);
  gtk_widget_class_install_action (widget_class, "win.setup-tracking", "s", setup_tracking_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.export-all-data", NULL, export_all_data_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
}

static void
pulse_window_init (PulseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = pulse_settings_new ();
  build_preset_list (self);
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self, G_CONNECT_SWAPPED);

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

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
  bind_settings (self);
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

void
pulse_window_show_toast (PulseWindow *self,
                         const char  *message)
{
  g_return_if_fail (PULSE_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  AdwToast *toast = adw_toast_new (message);

  /* The latest outcome replaces a "working on it" toast at once. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
