/* pulse-connection-switcher.c: the toolbar's active connection menu
 *
 * Lists the saved connections, the demo workspace and "Manage
 * Connections…". Opening a saved connection looks its password up in the
 * keyring; with no keyring reachable it asks for it (and keeps it only in
 * memory). No saved password is fine too: libpq may find ~/.pgpass.
 * What it opens becomes the dashboard's worker; the demo workspace is
 * the window's to open (win.open-demo). The menu's items set the
 * "active-connection" property (a property action), so the open one
 * is ticked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-connection-dialog.h"
#include "pulse-connection-switcher.h"
#include "pulse-secrets.h"
#include "pulse-settings.h"

struct _PulseConnectionSwitcher
{
  GtkWidget             parent_instance;

  PulseDashboard       *dashboard;
  PulseConnectionStore *store;
  GSettings            *settings;
  GtkMenuButton        *button;
  GtkLabel             *label;
  gboolean              loaded;
  gboolean              restore_when_loaded;
  GCancellable         *cancellable;
};

enum {
  PROP_0,
  PROP_DASHBOARD,
  PROP_ACTIVE_CONNECTION,
  N_PROPS
};

#define DEMO_ID "demo"

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PulseConnectionSwitcher, pulse_connection_switcher, GTK_TYPE_WIDGET)

static void
rebuild_menu (PulseConnectionSwitcher *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) saved = g_menu_new ();
  g_autoptr(GMenu) other = g_menu_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *active = g_settings_get_string (self->settings, "active-connection");
  const char *label = _("Connections");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PulseConnectionProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      g_autoptr(GMenuItem) item = g_menu_item_new (pulse_connection_profile_get_name (profile), NULL);

      g_menu_item_set_action_and_target (item, "switcher.active-connection", "s",
                                         pulse_connection_profile_get_id (profile));
      g_menu_append_item (saved, item);
      if (g_str_equal (active, pulse_connection_profile_get_id (profile)))
        label = pulse_connection_profile_get_name (profile);
    }
  if (g_str_equal (active, DEMO_ID))
    label = _("Demo Workspace");

  g_menu_append (other, _("Demo Workspace"), "switcher.active-connection::" DEMO_ID);
  g_menu_append (other, _("Manage Connections…"), "switcher.manage");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (saved));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));
  gtk_menu_button_set_menu_model (self->button, G_MENU_MODEL (menu));
  gtk_label_set_label (self->label, label);
}

/* Returns: (nullable): the window the switcher is in */
static GtkWindow *
get_window (PulseConnectionSwitcher *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* @password: (nullable): in memory only */
static void
open_with_password (PulseConnectionSwitcher *self,
                    PulseConnectionProfile  *profile,
                    const char              *password)
{
  g_autofree char *conninfo = pulse_connection_profile_to_conninfo (profile);
  PulseSessionOptions options;

  if (self->dashboard == NULL)
    return;
  pulse_connection_profile_init_session (profile, &options);
  options.password = password;
  pulse_dashboard_open (self->dashboard, conninfo, &options);
}

/* @password: (nullable): in memory only */
static void
open_profile (PulseConnectionSwitcher *self,
              PulseConnectionProfile  *profile,
              const char              *password)
{
  if (self->dashboard == NULL)
    return;
  g_settings_set_string (self->settings, "active-connection", pulse_connection_profile_get_id (profile));
  if (*pulse_connection_profile_get_timezone (profile) != '\0')
    g_settings_set_string (self->settings, "timezone", pulse_connection_profile_get_timezone (profile));
  open_with_password (self, profile, password);
}

typedef struct
{
  PulseConnectionSwitcher *self;
  PulseConnectionProfile  *profile;
  GtkWidget               *entry;
} Ask;

static void
ask_free (Ask *ask)
{
  g_object_unref (ask->self);
  g_object_unref (ask->profile);
  g_free (ask);
}

static void
ask_closure_free (gpointer  data,
                  GClosure *closure)
{
  ask_free (data);
}

static void
on_ask_response (AdwMessageDialog *dialog,
                 const char       *response,
                 Ask              *ask)
{
  if (g_str_equal (response, "connect"))
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (ask->entry));
      open_profile (ask->self, ask->profile, *password ? password : NULL);
    }
}

/* No keyring: ask each time rather than keep the password anywhere. */
static void
ask_password (PulseConnectionSwitcher *self,
              PulseConnectionProfile  *profile)
{
  AdwMessageDialog *dialog;
  Ask *ask = g_new0 (Ask, 1);

  ask->self = g_object_ref (self);
  ask->profile = g_object_ref (profile);
  /* A GtkEntry, not GtkPasswordEntry: GTK 4.8's password entry trips
   * over a freed pointer when its dialog closes. */
  ask->entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (ask->entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (ask->entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (ask->entry), TRUE);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), _("Password"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("No keyring is available to remember the password of “%s”. Leave it empty if ~/.pgpass has it."),
                                  pulse_connection_profile_get_name (profile));
  adw_message_dialog_set_extra_child (dialog, ask->entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "connect");
  adw_message_dialog_set_close_response (dialog, "cancel");
  /* Freed with the dialog, also one destroyed without an answer. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_ask_response), ask, ask_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  PulseConnectionSwitcher *self;
  PulseConnectionProfile  *profile;
} Lookup;

static void
on_password_looked_up (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  char *password = pulse_secrets_lookup_finish (result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (error != NULL)
        ask_password (lookup->self, lookup->profile);
      else
        open_profile (lookup->self, lookup->profile, password);
    }
  pulse_secrets_free_password (password);
  g_object_unref (lookup->self);
  g_object_unref (lookup->profile);
  g_free (lookup);
}

static void
open_profile_with_keyring (PulseConnectionSwitcher *self,
                           PulseConnectionProfile  *profile)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = g_object_ref (self);
  lookup->profile = g_object_ref (profile);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  pulse_secrets_lookup_async (profile, self->cancellable, on_password_looked_up, lookup);
}

/* @id: a saved connection's, or DEMO_ID */
static void
open_id (PulseConnectionSwitcher *self,
         const char              *id)
{
  PulseConnectionProfile *profile;

  if (g_str_equal (id, DEMO_ID))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-demo", NULL);
      return;
    }
  profile = pulse_connection_store_lookup_id (self->store, id);
  if (profile != NULL)
    open_profile_with_keyring (self, profile);
}

static void
on_dialog_connect (PulseConnectionSwitcher *self,
                   PulseConnectionProfile  *profile,
                   const char              *password)
{
  if (password != NULL)
    open_profile (self, profile, password);
  else
    open_profile_with_keyring (self, profile);
}

static PulseConnectionDialog *
open_dialog (PulseConnectionSwitcher *self)
{
  PulseConnectionDialog *dialog = pulse_connection_dialog_new (self->store);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), get_window (self));
  g_signal_connect_object (dialog, "connect", G_CALLBACK (on_dialog_connect), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

void
pulse_connection_switcher_manage (PulseConnectionSwitcher *self)
{
  g_return_if_fail (PULSE_IS_CONNECTION_SWITCHER (self));

  open_dialog (self);
}

/**
 * pulse_connection_switcher_edit_active:
 *
 * Opens the connections dialog on the open connection, if it is a
 * saved one (one opened from a conninfo or URI has nothing to edit).
 */
void
pulse_connection_switcher_edit_active (PulseConnectionSwitcher *self)
{
  g_autofree char *active = NULL;
  PulseConnectionProfile *profile;
  PulseConnectionDialog *dialog;

  g_return_if_fail (PULSE_IS_CONNECTION_SWITCHER (self));

  active = g_settings_get_string (self->settings, "active-connection");
  profile = pulse_connection_store_lookup_id (self->store, active);
  dialog = open_dialog (self);
  if (profile != NULL)
    pulse_connection_dialog_select (dialog, profile);
}

static void
manage_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  pulse_connection_switcher_manage (PULSE_CONNECTION_SWITCHER (widget));
}

static void
show_problems (PulseConnectionSwitcher *self)
{
  const char * const *problems = pulse_connection_store_get_problems (self->store);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (problems[0] == NULL || get_window (self) == NULL)
    return;
  body = g_strjoinv ("\n\n", (char **)problems);
  dialog = adw_message_dialog_new (get_window (self), _("Saved Connections Damaged"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_store_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PulseConnectionSwitcher) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pulse_connection_store_load_finish (PULSE_CONNECTION_STORE (source), result, &error))
    g_warning ("%s", error->message);
  else
    show_problems (self);
  self->loaded = TRUE;
  if (self->restore_when_loaded)
    pulse_connection_switcher_restore (self);
}

/**
 * pulse_connection_switcher_restore:
 *
 * Reopens what was open when Pulse last quit: the demo workspace, or
 * the saved connection (once the saved connections have loaded).
 */
void
pulse_connection_switcher_restore (PulseConnectionSwitcher *self)
{
  g_autofree char *active = NULL;
  PulseConnectionProfile *profile;

  g_return_if_fail (PULSE_IS_CONNECTION_SWITCHER (self));

  active = g_settings_get_string (self->settings, "active-connection");
  self->restore_when_loaded = !self->loaded;
  if (get_window (self) == NULL || *active == '\0')
    return;
  if (g_str_equal (active, DEMO_ID))
    {
      self->restore_when_loaded = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-demo", NULL);
      return;
    }
  if (!self->loaded)
    return;
  profile = pulse_connection_store_lookup_id (self->store, active);
  if (profile != NULL)
    open_profile_with_keyring (self, profile);
}

static void
pulse_connection_switcher_dispose (GObject *object)
{
  PulseConnectionSwitcher *self = PULSE_CONNECTION_SWITCHER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->button != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->button));
  self->button = NULL;
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->dashboard);

  G_OBJECT_CLASS (pulse_connection_switcher_parent_class)->dispose (object);
}

static void
pulse_connection_switcher_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  PulseConnectionSwitcher *self = PULSE_CONNECTION_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_DASHBOARD:
      g_value_set_object (value, self->dashboard);
      break;
    case PROP_ACTIVE_CONNECTION:
      g_value_take_string (value, g_settings_get_string (self->settings, "active-connection"));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_connection_switcher_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  PulseConnectionSwitcher *self = PULSE_CONNECTION_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_DASHBOARD:
      pulse_connection_switcher_set_dashboard (self, g_value_get_object (value));
      break;
    case PROP_ACTIVE_CONNECTION:
      /* It becomes the active one once open (after the keyring, maybe a password). */
      open_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_connection_switcher_class_init (PulseConnectionSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_connection_switcher_dispose;
  object_class->get_property = pulse_connection_switcher_get_property;
  object_class->set_property = pulse_connection_switcher_set_property;

  /* Where the connections it opens go. */
  properties[PROP_DASHBOARD] =
    g_param_spec_object ("dashboard", NULL, NULL, PULSE_TYPE_DASHBOARD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The id of the open saved connection, "demo" or "". Setting it opens that one. */
  properties[PROP_ACTIVE_CONNECTION] =
    g_param_spec_string ("active-connection", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_property_action (widget_class, "switcher.active-connection", "active-connection");
  gtk_widget_class_install_action (widget_class, "switcher.manage", NULL, manage_action);
}

/* A long connection name ellipsizes, so the toolbar fits a narrow window. */
static GtkWidget *
new_button_content (PulseConnectionSwitcher *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("network-server-symbolic"));
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (self->label, 24);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("pan-down-symbolic"));
  return box;
}

static void
on_active_changed (PulseConnectionSwitcher *self)
{
  rebuild_menu (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_CONNECTION]);
}

static void
pulse_connection_switcher_init (PulseConnectionSwitcher *self)
{
  self->settings = pulse_settings_new ();
  self->store = pulse_connection_store_new (NULL);
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->button, new_button_content (self));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("Active Connection"));
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));

  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (rebuild_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::active-connection", G_CALLBACK (on_active_changed),
                           self, G_CONNECT_SWAPPED);
  rebuild_menu (self);
  pulse_connection_store_load_async (self->store, NULL, on_store_loaded, g_object_ref (self));
}

void
pulse_connection_switcher_set_dashboard (PulseConnectionSwitcher *self,
                                         PulseDashboard          *dashboard)
{
  g_return_if_fail (PULSE_IS_CONNECTION_SWITCHER (self));
  g_return_if_fail (dashboard == NULL || PULSE_IS_DASHBOARD (dashboard));

  if (g_set_object (&self->dashboard, dashboard))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DASHBOARD]);
}

typedef struct
{
  PulseConnectionSwitcher *self;
  PulseConnectionProfile  *profile;
} TextOpen;

static void
on_text_password (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TextOpen *open = user_data;
  g_autoptr(GError) error = NULL;
  char *password = pulse_secrets_lookup_finish (result, &error);

  /* No keyring: go on without; libpq may find ~/.pgpass. */
  if (error != NULL)
    g_debug ("Keyring: %s", error->message);
  open_with_password (open->self, open->profile, password);
  pulse_secrets_free_password (password);
  g_object_unref (open->self);
  g_object_unref (open->profile);
  g_free (open);
}

/**
 * pulse_connection_switcher_open_text:
 * @text: what --connection takes: a saved connection's name, a URI or conninfo
 */
void
pulse_connection_switcher_open_text (PulseConnectionSwitcher *self,
                                     const char              *text)
{
  g_autoptr(PulseConnectionProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  TextOpen *open;

  g_return_if_fail (PULSE_IS_CONNECTION_SWITCHER (self));
  g_return_if_fail (text != NULL);

  if (!pulse_connection_resolve (text, &conninfo, &profile, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (get_window (self), _("Cannot Open Connection"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  if (profile == NULL)
    {
      PulseSessionOptions options;

      /* Not a saved connection: the switcher must not name another one. */
      g_settings_set_string (self->settings, "active-connection", "");
      pulse_session_options_init_dashboard (&options);
      if (self->dashboard != NULL)
        pulse_dashboard_open (self->dashboard, conninfo, &options);
      return;
    }
  open = g_new0 (TextOpen, 1);
  open->self = g_object_ref (self);
  open->profile = g_steal_pointer (&profile);
  pulse_secrets_lookup_async (open->profile, NULL, on_text_password, open);
}
