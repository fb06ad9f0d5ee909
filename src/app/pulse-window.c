/* pulse-window.c: the main window
 *
 * The overview first, then one page per metric group, built from the
 * catalog; any card opens the detail view over them. The window moves
 * between four states: welcome (no workspace yet), loading, error and
 * dashboard. Its dashboard (PulseDashboard) holds what the pages show;
 * the toolbar's choices are settings actions ("settings.segment", ...).
 * Only the visible page queries the database; other pages catch up
 * when they are shown. A connection that fails is said once for the
 * window: on a banner over the cards' stale data, or on the error page
 * when there is nothing to show. Actions: pulse-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-application.h"
#include "pulse-error.h"
#include "pulse-metric-detail.h"
#include "pulse-overview-page.h"
#include "pulse-range-picker.h"
#include "pulse-page-switcher.h"
#include "pulse-settings.h"
#include "pulse-window-private.h"
#include "pulse-wrap-box.h"

struct _PulseWindow
{
  AdwApplicationWindow  parent_instance;

  PulseDashboard       *dashboard;
  GCancellable         *open_cancellable;
  GSettings            *settings;
  GActionGroup         *settings_actions;

  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwStatusPage        *error_page;
  GtkButton            *error_button;
  GtkSpinner           *loading_spinner;
  GtkLabel             *loading_label;
  GtkLabel             *loading_detail;
  GtkProgressBar       *loading_progress;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkButton            *banner_button;
  GtkMenuButton        *range_button;
  GtkPopover           *range_popover;
  GtkStack             *range_stack;
  GtkListBox           *preset_list;
  GtkWidget            *preset_ticks[PULSE_RANGE_CUSTOM + 1];
  GtkDropDown          *timezone_dropdown;
  PulseRangePicker     *range_picker;
  GtkMenuButton        *granularity_button;
  GtkLabel             *granularity_label;
  GtkMenuButton        *segment_button;
  GtkLabel             *segment_label;
  GtkWidget            *compare_button;
  GtkLabel             *updated_label;
  GDateTime            *updated_at;    /* of the last refresh that got through */
  PulseConnectionSwitcher *connection_switcher;
  PulsePageSwitcher    *page_switcher;
  AdwHeaderBar         *header_bar;
  GtkWidget            *refresh_button;
  AdwToastOverlay      *toast_overlay;
  GtkMenuButton        *menu_button;
  GMenu                *cache_section;

  /* Narrow windows: the filters move into the Filters button's popover. */
  GtkWidget            *toolbar;
  GtkWidget            *filters_button;
  GtkWidget            *filters_popover_box;
  gboolean              filters_collapsed;
  int                   wide_toolbar_width;  /* the toolbar's natural width with the filters on it */
  guint                 filters_idle;
  PulseOverviewPage    *overview;
  PulseMetricDetail    *detail;
};

/* In the order of the schema's RangePreset enum. */
static const struct {
  const char *nick;
  const char *label;
} presets[] = {
  { "last-7-days", N_("Last 7 days") },
  { "last-30-days", N_("Last 30 days") },
  { "last-90-days", N_("Last 90 days") },
  { "last-12-months", N_("Last 12 months") },
  { "this-month", N_("This month") },
  { "this-quarter", N_("This quarter") },
  { "custom", N_("Custom range…") },
};

/* Persisted choices the toolbar and menus change through "settings.KEY";
 * people lists offer their e-mail column as a menu toggle. */
static const char * const setting_actions[] = {
  "range-preset", "granularity", "segment", "compare", "timezone", "people-show-email", NULL
};

G_DEFINE_FINAL_TYPE (PulseWindow, pulse_window, ADW_TYPE_APPLICATION_WINDOW)

/* The range, buckets, segment and compare controls, and the "Updated" time */
#define N_FILTERS 5

/* Icons for the bundled groups; a catalog's own groups get a generic one. */
static const struct {
  const char *group;
  const char *icon;
} group_icons[] = {
  { "growth", "go-up-symbolic" },
  { "activity", "emoji-people-symbolic" },
  { "retention", "media-playlist-repeat-symbolic" },
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
  pulse_page_switcher_set_enabled (self->page_switcher, g_str_equal (state, "dashboard"));
}

static void
show_loading (PulseWindow *self,
              const char  *title,
              const char  *detail)
{
  gtk_label_set_label (self->loading_label, title);
  gtk_label_set_label (self->loading_detail, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_progress), FALSE);
  set_state (self, "loading");
}

static void
set_button (GtkButton  *button,
            const char *label,
            const char *action)
{
  gtk_button_set_label (button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
}

/* The error page's one button is up to the caller. */
static void
show_error_page (PulseWindow *self,
                 const char  *title,
                 const char  *description)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  set_state (self, "error");
}

static void
show_error (PulseWindow  *self,
            const GError *error)
{
  show_error_page (self, _("Pulse Could Not Open the Workspace"), error->message);
  set_button (self->error_button, _("_Try Again"), "win.retry");
}

static void
on_range_changed (PulseWindow *self)
{
  PulseRangePreset preset = g_settings_get_enum (self->settings, "range-preset");
  PulseQueryRange *range = pulse_dashboard_get_range (self->dashboard);
  g_autofree char *label = NULL;

  /* In the user's words: "Nov 1 – 15, 2026". */
  if (preset == PULSE_RANGE_CUSTOM)
    label = pulse_format_date_range (pulse_query_range_get_from (range), pulse_query_range_get_to (range));
  gtk_menu_button_set_label (self->range_button, label ? label : _(presets[preset].label));
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_widget_set_opacity (self->preset_ticks[i], i == (guint)preset ? 1 : 0);
}

/* Returns: (nullable): the application's demo; none once the window has left it */
static PulseDemo *
get_demo (PulseWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return app ? pulse_application_get_demo (PULSE_APPLICATION (app)) : NULL;
}

/* The demo's conninfo, once it has started. */
static const char *
get_demo_conninfo (PulseWindow *self)
{
  PulseDemo *demo = get_demo (self);

  return demo ? pulse_demo_get_conninfo (demo) : NULL;
}

static void
on_worker_changed (PulseWindow *self)
{
  PulseWorker *worker = pulse_dashboard_get_worker (self->dashboard);
  gboolean demo_open = worker != NULL &&
                       g_strcmp0 (pulse_worker_get_conninfo (worker), get_demo_conninfo (self)) == 0;

  /* The main menu hides what is open already. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-demo", !demo_open);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  set_state (self, "dashboard");
}

/* "Updated" moves only when every query got through. */
static void
on_page_refreshed (PulseWindow     *self,
                   PulseMetricPage *page)
{
  gboolean offline = pulse_metric_page_get_connection_lost (page);
  g_autofree char *time = NULL;
  g_autofree char *label = NULL;

  if (!offline)
    {
      g_clear_pointer (&self->updated_at, g_date_time_unref);
      self->updated_at = g_date_time_new_now_local ();
      /* The connection is back. */
      gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
    }
  if (self->updated_at == NULL)
    {
      g_autoptr(GDateTime) fetched = pulse_metric_page_dup_oldest_fetched (page);
      g_autofree char *when = fetched ? pulse_format_fetched (fetched) : NULL;
      /* Translators: %s is when the data shown (saved earlier) was fetched: 16:48, or Nov 29, 16:48 */
      g_autofree char *as_of = when ? g_strdup_printf (_("Offline · as of %s"), when) : NULL;

      gtk_label_set_label (self->updated_label, as_of ? as_of : _("Offline"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->updated_label), as_of ? as_of : _("Offline"));
      return;
    }
  time = g_date_time_format (self->updated_at, "%X");
  /* Translators: %s is the time of the last refresh that got through */
  label = g_strdup_printf (offline ? _("Offline — showing data from %s") : _("Updated %s"), time);
  gtk_label_set_label (self->updated_label, label);
  /* Whole, where the toolbar has to cut it short. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->updated_label), label);
}

/* The connection's problem in a sentence, without libpq's own words. */
static const char *
describe_connection_error (const GError *error)
{
  switch (error->code)
    {
    case PULSE_ERROR_AUTHENTICATION:
      return _("The server did not accept the user name or password");
    case PULSE_ERROR_MISSING_DATABASE:
      return _("The database does not exist on the server");
    case PULSE_ERROR_TLS:
      return _("The secure (TLS) connection to the server could not be set up");
    case PULSE_ERROR_UNKNOWN_HOST:
      return _("The server’s host name could not be found");
    case PULSE_ERROR_CONNECTION_REFUSED:
      return _("The server is not running or does not accept connections");
    default:
      return _("The connection to the server was lost");
    }
}

/* Wrong settings need editing; a server that went away, a reconnection. */
static void
offer_fix (GtkButton    *button,
           const GError *error)
{
  if (pulse_error_get_scope (error) == PULSE_ERROR_SCOPE_SETTINGS)
    set_button (button, _("_Edit Connection…"), "win.edit-connection");
  else
    set_button (button, _("_Reconnect"), "win.reconnect");
}

/* Whether a page shows data, if only stale. */
static gboolean
has_results (PulseWindow *self)
{
  g_autoptr(GListModel) pages = pulse_window_get_pages (self);

  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      if (PULSE_IS_METRIC_PAGE (child) && pulse_metric_page_has_results (PULSE_METRIC_PAGE (child)))
        return TRUE;
    }
  return FALSE;
}

/* Said once for the window: on the banner above the stale cards, or
 * instead of the dashboard when it has nothing to show. */
static void
on_page_connection_lost (PulseWindow     *self,
                         const GError    *error,
                         PulseMetricPage *page)
{
  const char *problem = describe_connection_error (error);

  if (!has_results (self))
    {
      show_error_page (self, _("Pulse Could Not Connect"), problem);
      offer_fix (self->error_button, error);
      return;
    }
  gtk_label_set_label (self->banner_label, problem);
  /* The details, libpq's words included, for whoever asks. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), error->message);
  offer_fix (self->banner_button, error);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
on_visible_child_changed (PulseWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (name != NULL)
    g_settings_set_string (self->settings, "page", name);
}

/* The overview first: it shows the pages' own cards. */
static void
build_pages (PulseWindow *self)
{
  GPtrArray *groups = pulse_catalog_get_groups (pulse_dashboard_get_catalog (self->dashboard));
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();

  for (guint i = 0; i < groups->len; i++)
    {
      const PulseMetricGroup *group = g_ptr_array_index (groups, i);
      PulseMetricPage *page = pulse_metric_page_new (self->dashboard, group->id);

      g_signal_connect_object (page, "refreshed", G_CALLBACK (on_page_refreshed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (page, "connection-lost", G_CALLBACK (on_page_connection_lost),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (pages, page);
    }
  self->overview = pulse_overview_page_new (self->dashboard, pages);
  adw_view_stack_add_titled_with_icon (self->view_stack, GTK_WIDGET (self->overview), "overview",
                                       _("Overview"), "view-grid-symbolic");
  for (guint i = 0; i < groups->len; i++)
    {
      const PulseMetricGroup *group = g_ptr_array_index (groups, i);

      adw_view_stack_add_titled_with_icon (self->view_stack, g_ptr_array_index (pages, i), group->id,
                                           group->title, icon_for_group (group->id));
    }
}

void
pulse_window_open_connection (PulseWindow *self,
                              const char  *conninfo)
{
  PulseWorker *worker;
  PulseSessionOptions options;

  g_return_if_fail (PULSE_IS_WINDOW (self));
  g_return_if_fail (conninfo != NULL);

  worker = pulse_dashboard_get_worker (self->dashboard);
  /* Reconnecting keeps the session, password (in memory) included. */
  if (worker != NULL && g_str_equal (conninfo, pulse_worker_get_conninfo (worker)))
    {
      pulse_dashboard_reopen (self->dashboard);
      return;
    }
  pulse_session_options_init_dashboard (&options);
  /* The demo's server listens in a new folder at each start: its
   * snapshot is the demo's, whatever the folder. */
  pulse_dashboard_open_workspace (self->dashboard, conninfo, &options,
                                  g_strcmp0 (conninfo, get_demo_conninfo (self)) == 0 ? PULSE_DEMO_IDENTITY : NULL);
}

/* A start that has steps to tell (a first one, mostly) shows them. */
static void
on_demo_progress (PulseWindow *self,
                  const char  *step,
                  double       fraction)
{
  if (!g_str_equal (pulse_window_get_state (self), "loading"))
    return;
  gtk_label_set_label (self->loading_detail, step);
  gtk_progress_bar_set_fraction (self->loading_progress, fraction);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_progress), TRUE);
}

/* The full year is in: a window on the demo moves there. */
static void
on_demo_data_replaced (PulseWindow *self,
                       PulseDemo   *demo)
{
  g_autofree char *active = g_settings_get_string (self->settings, "active-connection");

  if (!g_str_equal (active, "demo") || pulse_window_get_worker (self) == NULL)
    return;
  pulse_window_open_connection (self, pulse_demo_get_conninfo (demo));
  pulse_window_show_toast (self, _("The demo workspace now holds a full year of data"));
}

/* The application's, not a window's: windows follow ::data-replaced. */
static void
on_demo_completed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pulse_demo_complete_finish (PULSE_DEMO (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    g_warning ("The full demo data could not be generated: %s", error->message);
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
  /* In the background: the dashboard reads the data it has meanwhile. */
  if (pulse_demo_needs_full_data (demo))
    pulse_demo_complete_async (demo, NULL, on_demo_completed, NULL);
}

void
pulse_window_open_demo (PulseWindow *self)
{
  g_return_if_fail (PULSE_IS_WINDOW (self));

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();

  g_settings_set_string (self->settings, "active-connection", "demo");
  /* Steps, if any, come as the demo tells them. */
  show_loading (self, _("Opening the Demo Workspace"), NULL);
  pulse_demo_start_async (get_demo (self), self->open_cancellable, on_demo_started, g_object_ref (self));
}

/* Back to the welcome page; the demo is not reopened at the next start. */
void
pulse_window_cancel_open (PulseWindow *self)
{
  g_return_if_fail (PULSE_IS_WINDOW (self));

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_settings_set_string (self->settings, "active-connection", "");
  set_state (self, pulse_dashboard_get_worker (self->dashboard) ? "dashboard" : "welcome");
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

/* The picker starts from the range shown, whichever preset made it. */
static void
show_calendar (PulseWindow *self)
{
  PulseQueryRange *range = pulse_dashboard_get_range (self->dashboard);

  pulse_range_picker_set_range (self->range_picker, pulse_query_range_get_from (range),
                                pulse_query_range_get_to (range));
  gtk_stack_set_visible_child_name (self->range_stack, "calendar");
  gtk_widget_grab_focus (GTK_WIDGET (self->range_picker));
}

static void
on_preset_activated (PulseWindow   *self,
                     GtkListBoxRow *row)
{
  guint index = (guint)gtk_list_box_row_get_index (row);

  if (index == PULSE_RANGE_CUSTOM)
    {
      show_calendar (self);
      return;
    }
  g_action_group_activate_action (self->settings_actions, "range-preset", g_variant_new_string (presets[index].nick));
  gtk_popover_popdown (self->range_popover);
}

/**
 * pulse_window_set_custom_range:
 * @from: the first day, YYYY-MM-DD
 * @to: the last day, YYYY-MM-DD
 *
 * The range picker's Apply ("win.custom-range"). The three keys change
 * at once: one new range, not three queries.
 */
void
pulse_window_set_custom_range (PulseWindow *self,
                               const char  *from,
                               const char  *to)
{
  GDate first, last;

  g_return_if_fail (PULSE_IS_WINDOW (self));
  g_return_if_fail (from != NULL && to != NULL);

  /* The picker refuses these; the action takes any strings. */
  if (!pulse_parse_iso_date (from, &first) || !pulse_parse_iso_date (to, &last) ||
      g_date_compare (&first, &last) > 0 || !pulse_query_range_check_span (&first, &last, NULL))
    {
      g_warning ("Not a custom range: %s to %s", from, to);
      return;
    }
  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "custom-from", from);
  g_settings_set_string (self->settings, "custom-to", to);
  g_settings_set_string (self->settings, "range-preset", "custom");
  g_settings_apply (self->settings);
  gtk_popover_popdown (self->range_popover);
}

static void
build_preset_list (PulseWindow *self)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (presets) == G_N_ELEMENTS (self->preset_ticks));

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (_(presets[i].label));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 8);
      gtk_widget_set_margin_bottom (box, 8);
      gtk_box_append (GTK_BOX (box), label);
      /* As a menu ticks its current choice; hidden by opacity, so the
       * rows keep their width. */
      self->preset_ticks[i] = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_widget_set_opacity (self->preset_ticks[i], 0);
      gtk_box_append (GTK_BOX (box), self->preset_ticks[i]);
      gtk_list_box_append (self->preset_list, box);
    }
  g_signal_connect_object (self->preset_list, "row-activated", G_CALLBACK (on_preset_activated),
                           self, G_CONNECT_SWAPPED);
}

/* A choice's button shows the label of its menu item that is on. */
static void
show_choice (GtkMenuButton *button,
             GtkLabel      *shown,
             GVariant      *state)
{
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
      g_autofree char *label = NULL;

      if (target != NULL && g_variant_equal (target, state) &&
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        gtk_label_set_label (shown, label);
    }
}

static void
on_setting_action_changed (PulseWindow *self,
                           const char  *name,
                           GVariant    *state)
{
  if (g_str_equal (name, "granularity"))
    show_choice (self->granularity_button, self->granularity_label, state);
  else if (g_str_equal (name, "segment"))
    show_choice (self->segment_button, self->segment_label, state);
  else if (g_str_equal (name, "timezone"))
    pulse_timezone_dropdown_set (self->timezone_dropdown, g_variant_get_string (state, NULL));
  else if (g_str_equal (name, "range-preset"))
    on_range_changed (self);
}

static void
on_timezone_selected (PulseWindow *self)
{
  const char *zone = pulse_timezone_dropdown_get (self->timezone_dropdown);
  g_autoptr(GVariant) state = g_action_group_get_action_state (self->settings_actions, "timezone");

  if (*zone != '\0' && !g_str_equal (zone, g_variant_get_string (state, NULL)))
    g_action_group_activate_action (self->settings_actions, "timezone", g_variant_new_string (zone));
}

static void
add_setting_actions (PulseWindow *self)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();

  for (guint i = 0; setting_actions[i]; i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, setting_actions[i]);
      g_action_map_add_action (G_ACTION_MAP (group), action);
    }
  self->settings_actions = G_ACTION_GROUP (group);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", self->settings_actions);
  pulse_timezone_dropdown_init (self->timezone_dropdown, NULL);

  for (guint i = 0; setting_actions[i]; i++)
    {
      g_autoptr(GVariant) state = g_action_group_get_action_state (self->settings_actions, setting_actions[i]);
      on_setting_action_changed (self, setting_actions[i], state);
    }
  g_signal_connect_object (self->settings_actions, "action-state-changed",
                           G_CALLBACK (on_setting_action_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timezone_dropdown, "notify::selected",
                           G_CALLBACK (on_timezone_selected), self, G_CONNECT_SWAPPED);
}

static void
bind_settings (PulseWindow *self)
{
  g_autofree char *page = g_settings_get_string (self->settings, "page");

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  add_setting_actions (self);

  if (adw_view_stack_get_child_by_name (self->view_stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, page);
  /* Only now: adding the pages changed the visible one. */
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_visible_child_changed), self, G_CONNECT_SWAPPED);
}

/* The toolbar's filters, in their order; the "Updated" time goes with them. */
static void
get_filters (PulseWindow *self,
             GtkWidget   *filters[N_FILTERS])
{
  filters[0] = GTK_WIDGET (self->range_button);
  filters[1] = GTK_WIDGET (self->granularity_button);
  filters[2] = GTK_WIDGET (self->segment_button);
  filters[3] = self->compare_button;
  filters[4] = GTK_WIDGET (self->updated_label);
}

/* Collapsed, the toolbar keeps the connection and the Filters button on
 * one line; Refresh goes to the header bar, where GNOME apps have it. */
static void
place_refresh_button (PulseWindow *self,
                      gboolean     in_header)
{
  GtkWidget *button = self->refresh_button;

  if ((gtk_widget_get_parent (button) == self->toolbar) == !in_header)
    return;
  g_object_ref (button);
  if (in_header)
    {
      gtk_widget_unparent (button);
      adw_header_bar_pack_start (self->header_bar, button);
    }
  else
    {
      adw_header_bar_remove (self->header_bar, button);
      gtk_widget_insert_before (button, self->toolbar, NULL);
    }
  g_object_unref (button);
}

/* Moves the filters into the Filters popover, stacked, or back onto
 * the toolbar after the connection. */
static void
place_filters (PulseWindow *self,
               gboolean     collapsed)
{
  GtkWidget *filters[N_FILTERS];
  GtkWidget *previous = collapsed ? NULL : GTK_WIDGET (self->connection_switcher);

  get_filters (self, filters);
  for (guint i = 0; i < N_FILTERS; i++)
    {
      g_object_ref (filters[i]);
      if (GTK_IS_BOX (gtk_widget_get_parent (filters[i])))
        gtk_box_remove (GTK_BOX (gtk_widget_get_parent (filters[i])), filters[i]);
      else
        gtk_widget_unparent (filters[i]);

      if (collapsed)
        gtk_box_append (GTK_BOX (self->filters_popover_box), filters[i]);
      else
        gtk_widget_insert_after (filters[i], self->toolbar, previous);
      /* The time follows the Filters button on the toolbar. */
      previous = i + 2 == N_FILTERS ? self->filters_button : filters[i];
      g_object_unref (filters[i]);
    }
  gtk_label_set_xalign (self->updated_label, collapsed ? 0.5 : 1);
  place_refresh_button (self, collapsed);
  gtk_widget_set_visible (self->filters_button, collapsed);
  self->filters_collapsed = collapsed;
}

static gboolean
apply_filters_placement (gpointer data)
{
  PulseWindow *self = data;
  int available = gtk_widget_get_width (gtk_widget_get_parent (self->toolbar));

  self->filters_idle = 0;
  place_filters (self, available < self->wide_toolbar_width);
  return G_SOURCE_REMOVE;
}

/* Filters take one line at most: when the toolbar with them would
 * wrap, they collapse into one button. Widgets may not move while the
 * window allocates, so the move waits for an idle. (libadwaita 1.2 has
 * no breakpoints; this follows the toolbar's own width, not a guess.) */
static void
check_filters_fit (PulseWindow *self)
{
  int available = gtk_widget_get_width (gtk_widget_get_parent (self->toolbar));

  if (available <= 0 || self->filters_idle != 0)
    return;
  if (!self->filters_collapsed)
    gtk_widget_measure (self->toolbar, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &self->wide_toolbar_width, NULL, NULL);
  if ((available < self->wide_toolbar_width) != self->filters_collapsed)
    self->filters_idle = g_idle_add (apply_filters_placement, self);
}

static void
pulse_window_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  PulseWindow *self = PULSE_WINDOW (widget);

  GTK_WIDGET_CLASS (pulse_window_parent_class)->size_allocate (widget, width, height, baseline);
  /* "Updated 0…" says nothing: cut short, the time shows in the tooltip only. */
  gtk_widget_set_opacity (GTK_WIDGET (self->updated_label),
                          !self->filters_collapsed &&
                          pango_layout_is_ellipsized (gtk_label_get_layout (self->updated_label)) ? 0 : 1);
  check_filters_fit (self);
}

static void
pulse_window_dispose (GObject *object)
{
  PulseWindow *self = (PulseWindow *)object;

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_handle_id (&self->filters_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PULSE_TYPE_WINDOW);
  g_clear_object (&self->dashboard);
  g_clear_object (&self->settings_actions);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (pulse_window_parent_class)->dispose (object);
}

static void
pulse_window_class_init (PulseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_window_dispose;
  widget_class->size_allocate = pulse_window_size_allocate;

  g_type_ensure (PULSE_TYPE_CONNECTION_SWITCHER);
  g_type_ensure (PULSE_TYPE_WRAP_BOX);
  g_type_ensure (PULSE_TYPE_RANGE_PICKER);
  g_type_ensure (PULSE_TYPE_PAGE_SWITCHER);
  gtk_widget_class_set_template_from_resource (widget_class, PULSE_RESOURCE_PREFIX "/pulse-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, error_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_detail);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, range_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, range_popover);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, range_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, preset_list);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, timezone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, range_picker);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, granularity_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, granularity_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, segment_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, segment_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, updated_label);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, connection_switcher);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, page_switcher);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, cache_section);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, toolbar);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, filters_button);
  gtk_widget_class_bind_template_child (widget_class, PulseWindow, filters_popover_box);

  pulse_window_class_add_actions (widget_class);
}

static void
pulse_window_init (PulseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pulse_page_switcher_set_stack (self->page_switcher, self->view_stack);
  self->settings = pulse_settings_new ();
  self->detail = pulse_metric_detail_new ();
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->detail), "detail");
  build_preset_list (self);
  /* Closed in any way, it opens on the list again. */
  g_signal_connect_object (self->range_popover, "closed", G_CALLBACK (pulse_window_show_range_presets),
                           self, G_CONNECT_SWAPPED);
  /* The size is read when the menu opens: workers write the cache at any time. */
  g_signal_connect_object (gtk_menu_button_get_popover (self->menu_button), "show",
                           G_CALLBACK (pulse_window_update_cache_size), self, G_CONNECT_SWAPPED);
  pulse_window_update_cache_size (self);

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

static void
follow_dashboard (PulseWindow *self)
{
  g_signal_connect_object (self->dashboard, "invalid-setting", G_CALLBACK (pulse_window_show_toast),
                           self, G_CONNECT_SWAPPED);
  /* A corrupt annotations file, a role that may not read the table. */
  g_signal_connect_object (self->dashboard, "annotations-failed", G_CALLBACK (pulse_window_show_toast),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::worker", G_CALLBACK (on_worker_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::range", G_CALLBACK (on_range_changed),
                           self, G_CONNECT_SWAPPED);
  pulse_connection_switcher_set_dashboard (self->connection_switcher, self->dashboard);
  /* Checks the saved settings, telling about any it had to reset. */
  pulse_dashboard_reload (self->dashboard);
}

PulseWindow *
pulse_window_new (GtkApplication *application,
                  PulseCatalog   *catalog)
{
  PulseWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (PULSE_IS_CATALOG (catalog), NULL);

  self = g_object_new (PULSE_TYPE_WINDOW, "application", application, NULL);
  self->dashboard = pulse_dashboard_new (catalog, self->settings);
  g_signal_connect_object (get_demo (self), "progress", G_CALLBACK (on_demo_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (get_demo (self), "data-replaced", G_CALLBACK (on_demo_data_replaced),
                           self, G_CONNECT_SWAPPED);
  follow_dashboard (self);
  build_pages (self);
  bind_settings (self);
  set_state (self, "welcome");
  return self;
}

PulseDashboard *
pulse_window_get_dashboard (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->dashboard;
}

PulseConnectionSwitcher *
pulse_window_get_switcher (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->connection_switcher;
}

/* @index: counted from 0, in the switcher's order */
void
pulse_window_show_page (PulseWindow *self,
                        guint        index)
{
  g_autoptr(GListModel) pages = NULL;
  g_autoptr(AdwViewStackPage) page = NULL;

  g_return_if_fail (PULSE_IS_WINDOW (self));

  /* From the detail view, back to the dashboard's pages; elsewhere there are none. */
  if (g_str_equal (pulse_window_get_state (self), "detail"))
    set_state (self, "dashboard");
  if (!g_str_equal (pulse_window_get_state (self), "dashboard"))
    return;
  pages = pulse_window_get_pages (self);
  if ((page = g_list_model_get_item (pages, index)) != NULL)
    adw_view_stack_set_visible_child (self->view_stack, adw_view_stack_page_get_child (page));
}

/* @name: a page's name in the view stack */
void
pulse_window_show_page_named (PulseWindow *self,
                              const char  *name)
{
  g_return_if_fail (PULSE_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (g_str_equal (pulse_window_get_state (self), "detail"))
    set_state (self, "dashboard");
  if (g_str_equal (pulse_window_get_state (self), "dashboard") &&
      adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* Returns: (nullable): the nick of the range preset the menu ticks */
const char *
pulse_window_get_ticked_preset (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (gtk_widget_get_opacity (self->preset_ticks[i]) > 0)
      return presets[i].nick;
  return NULL;
}

void
pulse_window_show_range_presets (PulseWindow *self)
{
  g_return_if_fail (PULSE_IS_WINDOW (self));
  gtk_stack_set_visible_child_name (self->range_stack, "presets");
}

/* Opens the range menu on its custom range picker, as "Custom range…" does. */
PulseRangePicker *
pulse_window_show_range_picker (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);

  gtk_menu_button_popup (self->range_button);
  show_calendar (self);
  return self->range_picker;
}

GtkMenuButton *
pulse_window_get_range_button (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->range_button;
}

PulseWorker *
pulse_window_get_worker (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return pulse_dashboard_get_worker (self->dashboard);
}

PulseQueryRange *
pulse_window_get_range (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return pulse_dashboard_get_range (self->dashboard);
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
  return PULSE_IS_METRIC_PAGE (child) ? PULSE_METRIC_PAGE (child) : NULL;
}

PulseMetricPage *
pulse_window_get_visible_page (PulseWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);

  child = adw_view_stack_get_visible_child (self->view_stack);
  return PULSE_IS_METRIC_PAGE (child) ? PULSE_METRIC_PAGE (child) : NULL;
}

/* Returns: (nullable): the overview, if it is the page on screen */
PulseOverviewPage *
pulse_window_get_visible_overview (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child (self->view_stack) == GTK_WIDGET (self->overview)
         ? self->overview : NULL;
}

PulseOverviewPage *
pulse_window_get_overview (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->overview;
}

PulseMetricDetail *
pulse_window_get_detail (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->detail;
}

/**
 * pulse_window_show_detail:
 * @metric_id: the metric whose card the detail view follows
 *
 * Opens the detail view over the dashboard; its page loads if it had not.
 */
void
pulse_window_show_detail (PulseWindow *self,
                          const char  *metric_id)
{
  g_autoptr(GListModel) pages = NULL;

  g_return_if_fail (PULSE_IS_WINDOW (self));
  g_return_if_fail (metric_id != NULL);

  if (!g_str_equal (pulse_window_get_state (self), "dashboard") &&
      !g_str_equal (pulse_window_get_state (self), "detail"))
    return;
  pages = pulse_window_get_pages (self);
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) stack_page = g_list_model_get_item (pages, i);
      GtkWidget *child = adw_view_stack_page_get_child (stack_page);
      PulseMetricCard *card;

      if (!PULSE_IS_METRIC_PAGE (child) ||
          !(card = pulse_metric_page_find_card (PULSE_METRIC_PAGE (child), metric_id)))
        continue;
      pulse_metric_page_load (PULSE_METRIC_PAGE (child));
      pulse_metric_detail_set_card (self->detail, card, adw_view_stack_page_get_title (stack_page));
      set_state (self, "detail");
      gtk_widget_grab_focus (pulse_metric_detail_get_back_button (self->detail));
      return;
    }
}

GtkWidget *
pulse_window_get_toolbar (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->toolbar;
}

GtkWidget *
pulse_window_get_filters_button (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return self->filters_button;
}

GtkWidget *
pulse_window_get_granularity_button (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->granularity_button);
}

/* Back from the detail view to the page it was opened on. */
void
pulse_window_hide_detail (PulseWindow *self)
{
  g_return_if_fail (PULSE_IS_WINDOW (self));

  if (g_str_equal (pulse_window_get_state (self), "detail"))
    set_state (self, "dashboard");
}

/* The main menu's "Clear Cache" item, with the size of every connection's cache. */
void
pulse_window_update_cache_size (PulseWindow *self)
{
  g_autofree char *size = g_format_size (pulse_cache_get_size ());
  /* Translators: %s is the size of the cached activity data, 12.3 MB */
  g_autofree char *label = g_strdup_printf (_("Clear _Cache (%s)"), size);

  g_return_if_fail (PULSE_IS_WINDOW (self));

  g_menu_remove_all (self->cache_section);
  g_menu_append (self->cache_section, label, "win.clear-cache");
}

GMenuModel *
pulse_window_get_cache_menu (PulseWindow *self)
{
  g_return_val_if_fail (PULSE_IS_WINDOW (self), NULL);
  return G_MENU_MODEL (self->cache_section);
}

void
pulse_window_show_toast (PulseWindow *self,
                         const char  *message)
{
  AdwToast *toast;

  g_return_if_fail (PULSE_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  /* The latest outcome replaces a "working on it" toast at once. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
