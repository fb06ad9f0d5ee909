/* pulse-connection-dialog.c: add, edit, test and delete saved connections
 *
 * The form edits a copy of the fields; "Cancel" leaves them unsaved;
 * "Save" writes them into the
 * profile, the store file (atomically, in a thread) and the password into
 * the keyring. "Connect" saves, then asks the window to open the profile
 * through the "connect" signal, handing over the password in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-connection-dialog-private.h"
#include "pulse-secrets.h"
#include "pulse-settings.h"

struct _PulseConnectionDialog
{
  AdwWindow               parent_instance;

  PulseConnectionStore   *store;
  PulseConnectionProfile *profile;       /* being edited; maybe not in the store yet */
  GCancellable           *test_cancellable;
  gboolean                loading;

  AdwToastOverlay        *toast_overlay;
  AdwComboRow            *profile_row;
  AdwEntryRow            *paste_row;
  GtkLabel               *paste_error;
  AdwEntryRow            *name_row;
  AdwEntryRow            *host_row;
  AdwEntryRow            *port_row;
  AdwEntryRow            *database_row;
  AdwEntryRow            *user_row;
  AdwEntryRow            *password_row;
  AdwEntryRow            *service_row;
  AdwComboRow            *sslmode_row;
  AdwActionRow           *sslrootcert_row;
  GtkWidget              *sslrootcert_clear;
  char                   *sslrootcert;
  AdwActionRow           *tls_warning_row;
  AdwEntryRow            *timeout_row;
  GtkDropDown            *timezone_dropdown;
  GtkSpinner             *test_spinner;
  GtkLabel               *test_title;
  GtkLabel               *test_body;
  GtkExpander            *details_expander;
  GtkLabel               *details_label;
};

G_DEFINE_FINAL_TYPE (PulseConnectionDialog, pulse_connection_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* libpq's words, in the order of the Encryption row's plain ones. */
static const char * const sslmodes[] = { "disable", "prefer", "require", "verify-ca", "verify-full", NULL };

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
show_toast (PulseConnectionDialog *self,
            const char            *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
reset_test (PulseConnectionDialog *self)
{
  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_label_set_label (self->test_title, _("Test the connection to see what Pulse will find there."));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_title), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_title), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_title), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->test_body), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->details_expander), FALSE);
}

/* Form -> a scratch profile, so tests never change the saved one. */
static void
form_to_profile (PulseConnectionDialog  *self,
                 PulseConnectionProfile *profile)
{
  guint sslmode = adw_combo_row_get_selected (self->sslmode_row);
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));

  pulse_connection_profile_set_name (profile, name);
  pulse_connection_profile_set_host (profile, text_of (self->host_row));
  pulse_connection_profile_set_port (profile, (guint)g_ascii_strtoull (text_of (self->port_row), NULL, 10));
  pulse_connection_profile_set_database (profile, text_of (self->database_row));
  pulse_connection_profile_set_user (profile, text_of (self->user_row));
  pulse_connection_profile_set_service (profile, text_of (self->service_row));
  pulse_connection_profile_set_sslmode (profile, sslmodes[MIN (sslmode, 4)]);
  pulse_connection_profile_set_sslrootcert (profile, self->sslrootcert);
  pulse_connection_profile_set_statement_timeout (profile, (guint)g_ascii_strtoull (text_of (self->timeout_row), NULL, 10));
  pulse_connection_profile_set_timezone (profile, pulse_timezone_dropdown_get (self->timezone_dropdown));
}

/* The plain words in the list; libpq's under them, for those who know it. */
static void
update_sslmode_subtitle (PulseConnectionDialog *self)
{
  guint sslmode = MIN (adw_combo_row_get_selected (self->sslmode_row), 4);
  g_autofree char *term = g_strdup_printf ("sslmode=%s", sslmodes[sslmode]);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sslmode_row), term);
}

static void
set_root_certificate (PulseConnectionDialog *self,
                      const char            *path)
{
  g_autofree char *name = path && *path ? g_path_get_basename (path) : NULL;
  char *copy = g_strdup (path ? path : "");

  g_free (self->sslrootcert);
  self->sslrootcert = copy;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sslrootcert_row), name ? name : _("None"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sslrootcert_row), name ? path : NULL);
  gtk_widget_set_visible (self->sslrootcert_clear, name != NULL);
}

static void
update_tls_warning (PulseConnectionDialog *self)
{
  g_autoptr(PulseConnectionProfile) scratch = pulse_connection_profile_new ();

  update_sslmode_subtitle (self);
  form_to_profile (self, scratch);
  gtk_widget_set_visible (GTK_WIDGET (self->tls_warning_row),
                          pulse_connection_profile_needs_tls_warning (scratch));
}

static void
profile_to_form (PulseConnectionDialog *self)
{
  PulseConnectionProfile *p = self->profile;
  g_autofree char *port = NULL;
  g_autofree char *timeout = NULL;
  guint sslmode = 1;

  self->loading = TRUE;
  port = pulse_connection_profile_get_port (p) ? g_strdup_printf ("%u", pulse_connection_profile_get_port (p)) : NULL;
  timeout = g_strdup_printf ("%u", pulse_connection_profile_get_statement_timeout (p));
  set_text (self->name_row, pulse_connection_profile_get_name (p));
  set_text (self->host_row, pulse_connection_profile_get_host (p));
  set_text (self->port_row, port);
  set_text (self->database_row, pulse_connection_profile_get_database (p));
  set_text (self->user_row, pulse_connection_profile_get_user (p));
  set_text (self->password_row, NULL);
  set_text (self->service_row, pulse_connection_profile_get_service (p));
  for (guint i = 0; sslmodes[i]; i++)
    if (g_str_equal (sslmodes[i], pulse_connection_profile_get_sslmode (p)))
      sslmode = i;
  adw_combo_row_set_selected (self->sslmode_row, sslmode);
  set_root_certificate (self, pulse_connection_profile_get_sslrootcert (p));
  set_text (self->timeout_row, timeout);
  pulse_timezone_dropdown_set (self->timezone_dropdown, pulse_connection_profile_get_timezone (p));
  self->loading = FALSE;
  reset_test (self);
  update_tls_warning (self);
}

static void
on_field_changed (PulseConnectionDialog *self)
{
  if (!self->loading)
    update_tls_warning (self);
}

static void
edit_profile (PulseConnectionDialog  *self,
              PulseConnectionProfile *profile)
{
  g_set_object (&self->profile, profile);
  profile_to_form (self);
}

static void
on_profile_selected (PulseConnectionDialog *self)
{
  g_autoptr(PulseConnectionProfile) profile = NULL;
  guint position = adw_combo_row_get_selected (self->profile_row);

  if (self->loading || position == GTK_INVALID_LIST_POSITION)
    return;
  profile = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (profile != NULL && profile != self->profile)
    edit_profile (self, profile);
}

static void
select_in_combo (PulseConnectionDialog  *self,
                 PulseConnectionProfile *profile)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  self->loading = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PulseConnectionProfile) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      if (item == profile)
        adw_combo_row_set_selected (self->profile_row, i);
    }
  self->loading = FALSE;
}

static void
select_profile (PulseConnectionDialog  *self,
                PulseConnectionProfile *profile)
{
  select_in_combo (self, profile);
  edit_profile (self, profile);
}

/* Shows @profile, one of the store's, for editing. */
void
pulse_connection_dialog_select (PulseConnectionDialog  *self,
                                PulseConnectionProfile *profile)
{
  g_return_if_fail (PULSE_IS_CONNECTION_DIALOG (self));
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (profile));

  select_profile (self, profile);
}

/* Pasting ---------------------------------------------------------------- */

void
pulse_connection_dialog_paste (PulseConnectionDialog *self,
                               const char            *text)
{
  g_autoptr(PulseConnectionProfile) scratch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  g_return_if_fail (PULSE_IS_CONNECTION_DIALOG (self));

  scratch = pulse_connection_profile_new ();
  form_to_profile (self, scratch);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (!pulse_connection_profile_fill_from_string (scratch, stripped, &password, &error))
    {
      /* Shown in the row; the form keeps what it had. */
      gtk_widget_add_css_class (GTK_WIDGET (self->paste_row), "error");
      gtk_label_set_label (self->paste_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->paste_error), TRUE);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->paste_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->paste_error), FALSE);

  {
    g_autoptr(PulseConnectionProfile) keep = g_object_ref (self->profile);
    g_autofree char *name = g_strdup (text_of (self->name_row));

    g_set_object (&self->profile, scratch);
    profile_to_form (self);
    g_set_object (&self->profile, keep);
    if (*name != '\0')
      set_text (self->name_row, name);
  }
  if (password != NULL)
    set_text (self->password_row, password);
  /* The pasted text may hold a password: don't leave it on screen. */
  set_text (self->paste_row, NULL);
}

static void
on_paste_apply (PulseConnectionDialog *self)
{
  g_autofree char *text = g_strdup (text_of (self->paste_row));

  if (*g_strstrip (text) != '\0')
    pulse_connection_dialog_paste (self, text);
}

void
pulse_connection_dialog_set_password (PulseConnectionDialog *self,
                                      const char            *password)
{
  g_return_if_fail (PULSE_IS_CONNECTION_DIALOG (self));
  set_text (self->password_row, password);
}

/* Testing ---------------------------------------------------------------- */

/* Tests and writes may finish after the dialog is closed and must not
 * keep it alive (Cancel right after Save left it open in the background;
 * its dispose cancels a running test): their callbacks hold a weak
 * reference. */
static GWeakRef *
weak_ref_new (PulseConnectionDialog *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

/* Returns: (transfer full) (nullable): the dialog, if still alive; frees @ref */
static PulseConnectionDialog *
weak_ref_take (GWeakRef *ref)
{
  PulseConnectionDialog *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static char *
join (GPtrArray *names)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index (names, i));
  return g_string_free (s, FALSE);
}

static void
on_test_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PulseConnectionDialog) self = weak_ref_take (user_data);
  g_autoptr(PulseConnectionReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  GString *body;

  report = pulse_connection_profile_check_finish (PULSE_CONNECTION_PROFILE (source), result, &raw, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_title), "dim-label");
  if (report == NULL)
    {
      g_autofree char *message = g_strdup (error->message);
      char *paren = g_strrstr (message, " (");

      /* The raw libpq text goes under Details, not in the headline. */
      if (raw != NULL && paren != NULL)
        *paren = '\0';
      gtk_widget_add_css_class (GTK_WIDGET (self->test_title), "error");
      gtk_label_set_label (self->test_title, message);
      gtk_widget_set_visible (GTK_WIDGET (self->test_body), FALSE);
      if (raw != NULL)
        g_strdelimit (raw, "\t", ' ');
      gtk_label_set_label (self->details_label, raw ? g_strstrip (raw) : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->details_expander), TRUE);
      return;
    }

  body = g_string_new (NULL);
  g_string_append_printf (body, _("PostgreSQL %s\n"), report->server_version);
  g_string_append (body, report->read_only ? _("Read-only session: yes\n")
                                           : _("Read-only session: no — Pulse could change data here\n"));
  if (report->replica)
    g_string_append (body, _("Server: a read replica\n"));
  g_string_append (body, report->can_create ? _("This user can create tables (needed only to set up tracking)\n")
                                            : _("This user cannot create tables\n"));
  {
    g_autofree char *present = join (report->present);
    g_string_append_printf (body, _("Tables found: %s"), present);
  }
  if (report->missing->len > 0)
    {
      g_autofree char *missing = join (report->missing);
      g_string_append_printf (body, _("\nMissing: %s"), missing);
    }
  if (report->not_set_up->len > 0)
    {
      g_autofree char *not_set_up = join (report->not_set_up);
      g_string_append_printf (body, _("\nTracking not set up: %s"), not_set_up);
    }
  gtk_label_set_label (self->test_body, body->str);
  g_string_free (body, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_body), TRUE);

  if (!pulse_connection_report_check_platform (report, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->test_title), "error");
      gtk_label_set_label (self->test_title, error->message);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->test_title), "success");
      gtk_label_set_label (self->test_title, _("Connected: this looks like the talent platform"));
    }
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (widget);
  g_autoptr(PulseConnectionProfile) scratch = pulse_connection_profile_new ();
  const char *password = text_of (self->password_row);

  reset_test (self);
  form_to_profile (self, scratch);
  self->test_cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_label_set_label (self->test_title, _("Connecting…"));
  pulse_connection_profile_check_async (scratch, *password ? password : NULL, self->test_cancellable,
                                        on_test_done, weak_ref_new (self));
}

gboolean
pulse_connection_dialog_is_testing (PulseConnectionDialog *self)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_DIALOG (self), FALSE);
  return gtk_spinner_get_spinning (self->test_spinner);
}

const char *
pulse_connection_dialog_get_test_title (PulseConnectionDialog *self)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_DIALOG (self), NULL);
  return gtk_label_get_label (self->test_title);
}

/* Saving ----------------------------------------------------------------- */

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PulseConnectionDialog) self = weak_ref_take (user_data);
  g_autoptr(GError) error = NULL;

  if (!pulse_secrets_store_finish (result, &error) && self != NULL)
    show_toast (self, _("No keyring is available: the password was not saved and will be asked for each time"));
}

static void
on_store_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PulseConnectionDialog) self = weak_ref_take (user_data);
  g_autoptr(GError) error = NULL;

  if (!pulse_connection_store_save_finish (PULSE_CONNECTION_STORE (source), result, &error) && self != NULL)
    show_toast (self, error->message);
}

static gboolean
save (PulseConnectionDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));
  PulseConnectionProfile *same_name;
  const char *password = text_of (self->password_row);

  if (*name == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      show_toast (self, _("Give the connection a name"));
      return FALSE;
    }
  same_name = pulse_connection_store_lookup_name (self->store, name);
  if (same_name != NULL && same_name != self->profile)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      show_toast (self, _("Another connection already has this name"));
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");

  form_to_profile (self, self->profile);
  pulse_connection_profile_set_name (self->profile, name);
  if (pulse_connection_store_lookup_id (self->store, pulse_connection_profile_get_id (self->profile)) == NULL)
    pulse_connection_store_add (self->store, self->profile);
  select_in_combo (self, self->profile);
  pulse_connection_store_save_async (self->store, NULL, on_store_saved, weak_ref_new (self));
  if (*password != '\0')
    pulse_secrets_store_async (self->profile, password, NULL, on_secret_stored, weak_ref_new (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (widget);

  if (save (self))
    show_toast (self, _("Connection saved"));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (widget);
  g_autofree char *password = NULL;

  password = g_strdup (text_of (self->password_row));
  if (!save (self))
    return;
  g_signal_emit (self, signals[CONNECT], 0, self->profile, *password ? password : NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (widget);
  g_autoptr(PulseConnectionProfile) profile = pulse_connection_profile_new ();
  g_autofree char *name = pulse_connection_store_unique_name (self->store, _("New Connection"));

  pulse_connection_profile_set_name (profile, name);
  self->loading = TRUE;
  adw_combo_row_set_selected (self->profile_row, GTK_INVALID_LIST_POSITION);
  self->loading = FALSE;
  edit_profile (self, profile);
  gtk_widget_grab_focus (GTK_WIDGET (self->paste_row));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (widget);
  g_autoptr(PulseConnectionProfile) copy = pulse_connection_profile_duplicate (self->profile);
  g_autofree char *name = pulse_connection_store_unique_name (self->store, pulse_connection_profile_get_name (copy));

  pulse_connection_profile_set_name (copy, name);
  pulse_connection_store_add (self->store, copy);
  select_profile (self, copy);
  pulse_connection_store_save_async (self->store, NULL, on_store_saved, weak_ref_new (self));
}

static void
on_secret_cleared (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pulse_secrets_clear_finish (result, &error))
    g_debug ("Keyring: %s", error->message);
}

static void
on_delete_response (AdwMessageDialog      *dialog,
                    const char            *response,
                    PulseConnectionDialog *self)
{
  g_autoptr(PulseConnectionProfile) profile = NULL;
  g_autoptr(PulseConnectionProfile) next = NULL;

  if (!g_str_equal (response, "delete"))
    return;
  profile = g_object_ref (self->profile);
  pulse_secrets_clear_async (profile, NULL, on_secret_cleared, NULL);
  self->loading = TRUE;
  pulse_connection_store_remove (self->store, profile);
  self->loading = FALSE;
  pulse_connection_store_save_async (self->store, NULL, on_store_saved, weak_ref_new (self));
  next = g_list_model_get_item (G_LIST_MODEL (self->store), 0);
  if (next != NULL)
    select_profile (self, next);
  else
    add_action (GTK_WIDGET (self), NULL, NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (widget);
  AdwMessageDialog *dialog;

  if (pulse_connection_store_lookup_id (self->store, pulse_connection_profile_get_id (self->profile)) == NULL)
    {
      add_action (widget, NULL, NULL);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Delete Connection?"), NULL));
  adw_message_dialog_format_body (dialog, _("“%s” and its saved password will be removed. The database is not changed."),
                                  pulse_connection_profile_get_name (self->profile));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Root certificate ------------------------------------------------------- */

/* GtkFileChooserNative (deprecated from GTK 4.10) goes through the
 * portal inside Flatpak, as GtkFileDialog does. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
on_certificate_chosen (GtkNativeDialog       *chooser,
                       int                    response,
                       PulseConnectionDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    path = g_file_get_path (file);
  if (path != NULL)
    {
      set_root_certificate (self, path);
      update_tls_warning (self);
    }
  g_object_unref (chooser);
}

static void
choose_root_certificate_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) certificates = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose the Root Certificate"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (certificates, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (certificates, "*.crt");
  gtk_file_filter_add_pattern (certificates, "*.pem");
  gtk_file_filter_add_pattern (certificates, "*.cer");
  gtk_file_filter_add_mime_type (certificates, "application/x-x509-ca-cert");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), certificates);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_certificate_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

G_GNUC_END_IGNORE_DEPRECATIONS

static void
clear_root_certificate_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (widget);

  set_root_certificate (self, NULL);
  update_tls_warning (self);
}

/* Object ----------------------------------------------------------------- */

static void
pulse_connection_dialog_dispose (GObject *object)
{
  PulseConnectionDialog *self = PULSE_CONNECTION_DIALOG (object);

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PULSE_TYPE_CONNECTION_DIALOG);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);
  g_clear_pointer (&self->sslrootcert, g_free);

  G_OBJECT_CLASS (pulse_connection_dialog_parent_class)->dispose (object);
}

static void
pulse_connection_dialog_class_init (PulseConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_connection_dialog_dispose;

  /**
   * PulseConnectionDialog::connect:
   * @profile: the saved profile to open
   * @password: (nullable): the password typed in, in memory only
   */
  signals[CONNECT] = g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                   PULSE_TYPE_CONNECTION_PROFILE, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, PULSE_RESOURCE_PREFIX "/pulse-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, paste_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, paste_error);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, sslmode_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, sslrootcert_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, sslrootcert_clear);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, tls_warning_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, timezone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, test_title);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, test_body);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, details_expander);
  gtk_widget_class_bind_template_child (widget_class, PulseConnectionDialog, details_label);

  gtk_widget_class_install_action (widget_class, "connection.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "connection.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "connection.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "connection.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "connection.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "connection.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "connection.choose-root-certificate", NULL,
                                   choose_root_certificate_action);
  gtk_widget_class_install_action (widget_class, "connection.clear-root-certificate", NULL,
                                   clear_root_certificate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pulse_connection_dialog_init (PulseConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sslrootcert = g_strdup ("");
  pulse_timezone_dropdown_init (self->timezone_dropdown, _("Keep the Toolbar’s"));

  g_signal_connect_object (self->profile_row, "notify::selected", G_CALLBACK (on_profile_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paste_row, "apply", G_CALLBACK (on_paste_apply), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->host_row, "changed", G_CALLBACK (on_field_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sslmode_row, "notify::selected", G_CALLBACK (on_field_changed),
                           self, G_CONNECT_SWAPPED);

#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

PulseConnectionDialog *
pulse_connection_dialog_new (PulseConnectionStore *store)
{
  PulseConnectionDialog *self;
  g_autoptr(PulseConnectionProfile) first = NULL;
  g_autoptr(GtkExpression) name = NULL;

  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (store), NULL);

  self = g_object_new (PULSE_TYPE_CONNECTION_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->loading = TRUE;
  name = gtk_property_expression_new (PULSE_TYPE_CONNECTION_PROFILE, NULL, "name");
  adw_combo_row_set_expression (self->profile_row, name);
  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (store));
  self->loading = FALSE;

  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  if (first != NULL)
    select_profile (self, first);
  else
    add_action (GTK_WIDGET (self), NULL, NULL);
  return self;
}
