/* pulse-setup-wizard.c: the tracking setup wizard (schema migrations)
 *
 * Steps: what will change and why; connection and credentials check;
 * the pending migrations with their SQL; applying them with progress;
 * the result, with the backend's function signatures and the optional
 * sessions backfill. The migrations may run as another role than the
 * dashboard's (an owner of the schema); the dashboard's role is then
 * granted SELECT on the new tables, a step of the plan of its own. All database work runs in PulseMigrationRunner's
 * GTask threads; progress comes back to the main loop by idle callbacks.
 *
 * The credentials asked for here are kept in memory for this window only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pulse-catalog.h"
#include "pulse-db.h"
#include "pulse-dispatch.h"
#include "pulse-error.h"
#include "pulse-migration-row.h"
#include "pulse-migration-runner.h"
#include "pulse-setup-wizard-private.h"

struct _PulseSetupWizard
{
  AdwWindow             parent_instance;

  char                 *conninfo;
  /* The role the dashboard logs in as, to be granted read access. */
  char                 *dashboard_role;
  char                 *metric_id;
  char                 *signatures;
  PulseMigrationRunner *runner;
  GCancellable         *cancellable;
  GPtrArray            *pending;
  GPtrArray            *pending_rows;
  GPtrArray            *progress_rows;
  /* metric id -> its "Selected" badge in the intro */
  GHashTable           *metric_badges;
  PulseSetupStep        step;
  gboolean              busy;
  gboolean              apply_failed;
  guint                 n_done;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *start_stack;
  GtkButton            *next_button;
  GtkStack             *step_stack;
  AdwPreferencesGroup  *metrics_group;
  AdwActionRow         *database_row;
  AdwEntryRow          *user_row;
  AdwEntryRow          *password_row;
  AdwEntryRow          *grant_row;
  GtkSpinner           *check_spinner;
  GtkLabel             *check_label;
  AdwPreferencesGroup  *pending_group;
  GtkProgressBar       *progress_bar;
  AdwPreferencesGroup  *progress_group;
  GtkLabel             *apply_error_label;
  GtkLabel             *done_title;
  GtkLabel             *done_label;
  GtkTextView          *signatures_view;
  GtkStack             *backfill_stack;
  AdwActionRow         *backfill_row;
};

G_DEFINE_FINAL_TYPE (PulseSetupWizard, pulse_setup_wizard, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONNINFO,
  PROP_METRIC_ID,
  PROP_STEP,
  PROP_BUSY,
  N_PROPS
};

enum {
  APPLIED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const step_names[] = { "intro", "connect", "review", "apply", "done" };

/* How a metric the migrations unlock reads today and with its table.
 * Which metrics they unlock comes from the catalog (unlocked_metrics);
 * one without words here shows its description. */
static const struct {
  const char *id;
  const char *today;
  const char *after;
} unlock_copy[] = {
  { "session_duration", N_("Today: estimated from activity events (30-minute gaps)"),
    N_("After: measured sessions, with page views and devices") },
  { "shared_collections", N_("Today: a proxy, public collections created"),
    N_("After: every share, and the collections shared") },
  { "collection_items", N_("Today: a proxy, collections per owner"),
    N_("After: profiles added to collections, and live items per collection") },
};

/* Tasks may finish after the window closed; its widgets are gone then. */
static gboolean
is_closed (PulseSetupWizard *self)
{
  return self->step_stack == NULL;
}

static void
set_busy (PulseSetupWizard *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_buttons (PulseSetupWizard *self)
{
  const char *label = NULL;
  gboolean can_back = FALSE;
  g_autofree char *subtitle = NULL;

  switch (self->step)
    {
    case PULSE_SETUP_STEP_INTRO:
      label = _("_Continue");
      break;
    case PULSE_SETUP_STEP_CONNECT:
      label = _("_Check Connection");
      can_back = TRUE;
      break;
    case PULSE_SETUP_STEP_REVIEW:
      label = _("_Apply");
      can_back = TRUE;
      break;
    case PULSE_SETUP_STEP_APPLY:
      label = self->apply_failed ? _("_Try Again") : _("_Apply");
      can_back = self->apply_failed;
      break;
    case PULSE_SETUP_STEP_DONE:
      label = _("_Done");
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_button_set_label (self->next_button, label);
  gtk_stack_set_visible_child_name (self->start_stack, can_back ? "back" : "cancel");
  gtk_widget_set_visible (GTK_WIDGET (self->start_stack), self->step != PULSE_SETUP_STEP_DONE);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button),
                          self->step != PULSE_SETUP_STEP_APPLY || self->apply_failed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", !self->busy && can_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.backfill", !self->busy);

  /* Translators: the wizard's progress, e.g. "Step 2 of 5" */
  subtitle = g_strdup_printf (_("Step %u of %u"), self->step + 1, (guint)G_N_ELEMENTS (step_names));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
go_to (PulseSetupWizard *self,
       PulseSetupStep    step)
{
  if (self->step != step)
    {
      self->step = step;
      gtk_stack_set_visible_child_name (self->step_stack, step_names[step]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
    }
  update_buttons (self);
}

static void
refresh_parent (PulseSetupWizard *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The worker re-reads the table list on each new generation. */
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.refresh", NULL);
}

static void
toast (PulseSetupWizard *self,
       const char       *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* Connection: shown without any password. */

static void
describe_database (PulseSetupWizard *self)
{
  g_auto(PulseConninfoParts) parts = { 0 };
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;

  if (!pulse_db_parse_conninfo_parts (self->conninfo, &parts))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->database_row), _("Invalid connection"));
      return;
    }

  if (parts.host == NULL || parts.host[0] == '/')
    where = g_strdup (_("this computer"));
  else if (parts.port != NULL)
    where = g_strdup_printf ("%s:%s", parts.host, parts.port);
  else
    where = g_strdup (parts.host);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->database_row),
                                 parts.dbname ? parts.dbname : _("Default database"));
  subtitle = parts.user ? g_strdup_printf (_("On %s; the dashboard connects as %s"), where, parts.user)
                        : g_strdup_printf (_("On %s"), where);
  adw_action_row_set_subtitle (self->database_row, subtitle);
  if (parts.user != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->user_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), parts.user);
}

static void
set_check_message (PulseSetupWizard *self,
                   const char       *message,
                   gboolean          is_error)
{
  gtk_label_set_text (self->check_label, message ? message : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->check_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->check_label), "error");
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
sql_view_new (const char *sql)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), sql, -1);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_widget_add_css_class (view, "sql-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("SQL"), -1);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  /* Wrapped: nothing to scroll sideways. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* Tall enough to read a statement or two; the page scrolls for more. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  return scrolled;
}

/* The plan's last step: the dashboard's role may read the new tables. */
static void
add_read_grant_row (PulseSetupWizard *self,
                    const char       *grant)
{
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *subtitle = g_strdup_printf (_("The dashboard's role “%s” may read the new tables "
                                                 "(in a transaction of its own, after the migrations)"),
                                               self->dashboard_role);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Read access for the dashboard"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), sql_view_new (grant));
  adw_preferences_group_add (self->pending_group, expander);
  g_ptr_array_add (self->pending_rows, expander);
}

static char *
describe_plan (PulseSetupWizard *self)
{
  const char *role = pulse_migration_runner_get_role (self->runner);
  g_autofree char *steps = NULL;

  if (self->pending->len == 0)
    steps = g_strdup (_("Every migration is already applied."));
  else
    steps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u migration will run as role “%s”, in its own transaction or, "
                                          "for index builds, one index at a time, giving up after %u s if a "
                                          "table it needs is busy. Expand it to read its SQL.",
                                          "%u migrations will run as role “%s”, in order, each in its own "
                                          "transaction or, for index builds, one index at a time, giving up "
                                          "after %u s if a table it needs is busy. Expand one to read its SQL.",
                                          self->pending->len),
                             self->pending->len, role, PULSE_MIGRATION_DEFAULT_LOCK_TIMEOUT_MS / 1000);
  if (g_strcmp0 (self->dashboard_role, role) == 0)
    /* Translators: %s is a database role */
    return g_strdup_printf (_("%s The dashboard connects as “%s” too: it owns the new tables and reads them "
                              "without a grant."), steps, role);
  return g_steal_pointer (&steps);
}

static void
fill_review (PulseSetupWizard *self)
{
  g_autofree char *description = describe_plan (self);
  const char *grant = pulse_migration_runner_get_read_grant (self->runner);

  clear_rows (self->pending_group, self->pending_rows);
  clear_rows (self->progress_group, self->progress_rows);
  self->n_done = 0;
  adw_preferences_group_set_description (self->pending_group, description);

  for (guint i = 0; i < self->pending->len; i++)
    {
      PulseMigration *migration = g_ptr_array_index (self->pending, i);
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *row = pulse_migration_row_new (migration);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), pulse_migration_get_file_name (migration));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), pulse_migration_get_summary (migration));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), sql_view_new (pulse_migration_get_sql (migration)));
      adw_preferences_group_add (self->pending_group, expander);
      g_ptr_array_add (self->pending_rows, expander);

      adw_preferences_group_add (self->progress_group, row);
      g_ptr_array_add (self->progress_rows, row);
    }
  if (grant != NULL)
    add_read_grant_row (self, grant);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
}

static void
show_done (PulseSetupWizard *self,
           gboolean          already)
{
  const char *grant = pulse_migration_runner_get_read_grant (self->runner);
  g_autofree char *text = NULL;

  if (already)
    text = g_strdup (_("Every migration is already applied to this database. The dashboard reads "
                       "these metrics from their tables as soon as the backend fills them."));
  else
    text = g_strdup (_("The tables and functions are in place and the dashboard now reads Session "
                       "duration, Shared collections and Collection items from their tables; Session "
                       "duration keeps its estimate for the time before the first recorded session. "
                       "They fill as soon as the platform's backend calls the functions below."));
  if (grant != NULL)
    {
      /* Translators: %s is a database role */
      g_autofree char *granted = g_strdup_printf (_("The dashboard's role “%s” may read the new tables."),
                                                  self->dashboard_role);
      char *joined = g_strjoin (" ", text, granted, NULL);

      g_free (text);
      text = joined;
    }
  gtk_label_set_text (self->done_title, already ? _("Already Set Up") : _("Tracking Is Set Up"));
  gtk_label_set_text (self->done_label, text);
  /* Not kept longer than needed. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  go_to (self, PULSE_SETUP_STEP_DONE);
}

static void
list_pending_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PulseSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = NULL;

  pending = pulse_migration_runner_list_pending_finish (PULSE_MIGRATION_RUNNER (object), result, &error);
  if (is_closed (self))
    return;
  gtk_spinner_stop (self->check_spinner);
  set_busy (self, FALSE);
  if (pending == NULL)
    {
      set_check_message (self, error->message, TRUE);
      update_buttons (self);
      return;
    }

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  self->pending = g_steal_pointer (&pending);
  set_check_message (self, NULL, FALSE);

  if (self->pending->len == 0 && pulse_migration_runner_get_read_grant (self->runner) == NULL)
    {
      show_done (self, TRUE);
      return;
    }
  fill_review (self);
  go_to (self, PULSE_SETUP_STEP_REVIEW);
}

static void
start_check (PulseSetupWizard *self)
{
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *grant = gtk_editable_get_text (GTK_EDITABLE (self->grant_row));

  g_clear_object (&self->runner);
  self->runner = pulse_migration_runner_new (self->conninfo, NULL);
  pulse_migration_runner_set_credentials (self->runner, user, password);
  pulse_migration_runner_set_grant_role (self->runner, grant);
  pulse_migration_runner_set_read_role (self->runner, self->dashboard_role);

  set_busy (self, TRUE);
  set_check_message (self, _("Connecting and checking what this role may do…"), FALSE);
  gtk_spinner_start (self->check_spinner);
  update_buttons (self);
  pulse_migration_runner_list_pending_async (self->runner, self->cancellable, list_pending_cb, g_object_ref (self));
}

/* Progress, posted from the runner's thread. */

typedef struct
{
  PulseSetupWizard   *self;
  PulseMigration     *migration;
  PulseMigrationStep  step;
  guint               execution_ms;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_object_unref (progress->migration);
  g_free (progress);
}

static gboolean
progress_idle (gpointer data)
{
  Progress *progress = data;
  PulseSetupWizard *self = progress->self;
  PulseMigrationRow *row = NULL;
  g_autofree char *text = NULL;

  if (is_closed (self))
    return G_SOURCE_REMOVE;
  for (guint i = 0; i < self->progress_rows->len && row == NULL; i++)
    if (pulse_migration_row_get_migration (g_ptr_array_index (self->progress_rows, i)) == progress->migration)
      row = g_ptr_array_index (self->progress_rows, i);
  if (row == NULL)
    return G_SOURCE_REMOVE;

  switch (progress->step)
    {
    case PULSE_MIGRATION_STEP_STARTED:
      pulse_migration_row_set_state (row, PULSE_MIGRATION_ROW_RUNNING);
      break;
    case PULSE_MIGRATION_STEP_APPLIED:
      pulse_migration_row_set_execution_ms (row, progress->execution_ms);
      pulse_migration_row_set_state (row, PULSE_MIGRATION_ROW_APPLIED);
      self->n_done++;
      break;
    case PULSE_MIGRATION_STEP_FAILED:
      pulse_migration_row_set_state (row, PULSE_MIGRATION_ROW_FAILED);
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_progress_bar_set_fraction (self->progress_bar, (double)self->n_done / MAX (1, self->pending->len));
  text = g_strdup_printf (_("%u of %u applied"), self->n_done, self->pending->len);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_REMOVE;
}

static void
progress_func (PulseMigration     *migration,
               PulseMigrationStep  step,
               guint               execution_ms,
               gpointer            user_data)
{
  Progress *progress = g_new0 (Progress, 1);

  /* The apply task's callback holds a reference, so the wizard is alive. */
  progress->self = g_object_ref (user_data);
  progress->migration = g_object_ref (migration);
  progress->step = step;
  progress->execution_ms = execution_ms;
  pulse_dispatch (NULL, progress_idle, progress, progress_free);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PulseSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_applied = 0;
  gboolean ok;

  ok = pulse_migration_runner_apply_finish (PULSE_MIGRATION_RUNNER (object), result, &n_applied, &error);
  if (is_closed (self))
    return;
  set_busy (self, FALSE);
  if (!ok)
    {
      self->apply_failed = TRUE;
      gtk_label_set_text (self->apply_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->apply_error_label), TRUE);
      update_buttons (self);
      /* What did get applied is real: the dashboard should show it. */
      if (n_applied > 0 || self->n_done > 0)
        refresh_parent (self);
      return;
    }

  self->apply_failed = FALSE;
  g_signal_emit (self, signals[APPLIED], 0, n_applied);
  refresh_parent (self);
  show_done (self, FALSE);
}

static void
start_apply (PulseSetupWizard *self)
{
  self->apply_failed = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->apply_error_label), FALSE);
  pulse_migration_runner_set_progress_func (self->runner, progress_func, self, NULL);
  set_busy (self, TRUE);
  go_to (self, PULSE_SETUP_STEP_APPLY);
  pulse_migration_runner_apply_async (self->runner, self->cancellable, apply_cb, g_object_ref (self));
}

static void
retry_apply (PulseSetupWizard *self)
{
  /* Re-read what is pending: another runner may have applied some. */
  start_check (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (widget);

  if (self->busy)
    return;

  switch (self->step)
    {
    case PULSE_SETUP_STEP_INTRO:
      go_to (self, PULSE_SETUP_STEP_CONNECT);
      break;
    case PULSE_SETUP_STEP_CONNECT:
      start_check (self);
      break;
    case PULSE_SETUP_STEP_REVIEW:
      start_apply (self);
      break;
    case PULSE_SETUP_STEP_APPLY:
      if (self->apply_failed)
        {
          go_to (self, PULSE_SETUP_STEP_CONNECT);
          retry_apply (self);
        }
      break;
    case PULSE_SETUP_STEP_DONE:
      gtk_window_close (GTK_WINDOW (self));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (widget);

  if (self->busy || self->step == PULSE_SETUP_STEP_INTRO || self->step == PULSE_SETUP_STEP_DONE)
    return;
  if (self->step == PULSE_SETUP_STEP_APPLY)
    go_to (self, PULSE_SETUP_STEP_REVIEW);
  else
    go_to (self, self->step - 1);
}

static void
copy_signatures_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->signatures);
  toast (self, _("Function signatures copied"));
}

static void
backfill_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PulseSetupWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  guint64 n_sessions = 0;
  gboolean ok;

  ok = pulse_migration_runner_backfill_finish (PULSE_MIGRATION_RUNNER (object), result, &n_sessions, &error);
  if (is_closed (self))
    return;
  set_busy (self, FALSE);
  gtk_stack_set_visible_child_name (self->backfill_stack, "button");
  update_buttons (self);

  if (!ok)
    {
      adw_action_row_set_subtitle (self->backfill_row, error->message);
      return;
    }

  {
    /* The count goes in as text: xgettext cannot see through G_GUINT64_FORMAT. */
    g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, n_sessions);
    g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%s past session was filled in.",
                                                             "%s past sessions were filled in.",
                                                             (gulong) MIN (n_sessions, G_MAXULONG)),
                                                count);
    adw_action_row_set_subtitle (self->backfill_row, message);
    toast (self, message);
  }
  refresh_parent (self);
}

static void
backfill_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (widget);

  if (self->busy || self->runner == NULL)
    return;
  set_busy (self, TRUE);
  update_buttons (self);
  gtk_stack_set_visible_child_name (self->backfill_stack, "busy");
  pulse_migration_runner_backfill_async (self->runner, self->cancellable, backfill_cb, g_object_ref (self));
}

/* Enter in a credentials field checks the connection, like the button. */
static void
entry_activated_cb (PulseSetupWizard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

static gboolean
pulse_setup_wizard_close_request (GtkWindow *window)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (window);

  /* A migration cut short is rolled back on the server. */
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (pulse_setup_wizard_parent_class)->close_request (window);
}

/* Returns: (transfer container): the metrics whose table variant needs a
 * table that one of @migrations creates, in the migrations' order */
static GPtrArray *
unlocked_metrics (PulseCatalog *catalog,
                  GPtrArray    *migrations)
{
  GPtrArray *metrics = g_ptr_array_new ();
  GPtrArray *all = pulse_catalog_get_metrics (catalog);

  for (guint i = 0; i < migrations->len; i++)
    for (const char * const *table = pulse_migration_get_created_tables (g_ptr_array_index (migrations, i));
         *table != NULL; table++)
      for (guint j = 0; j < all->len; j++)
        {
          PulseMetric *metric = g_ptr_array_index (all, j);
          const PulseMetricVariant *variant = pulse_metric_get_table_variant (metric);

          if (variant != NULL && g_strv_contains ((const char * const *)variant->requires, *table) &&
              !g_ptr_array_find (metrics, metric, NULL))
            g_ptr_array_add (metrics, metric);
        }
  return metrics;
}

static char *
describe_unlocked (PulseMetric *metric)
{
  for (guint i = 0; i < G_N_ELEMENTS (unlock_copy); i++)
    if (g_str_equal (unlock_copy[i].id, pulse_metric_get_id (metric)))
      return g_strdup_printf ("%s\n%s", _(unlock_copy[i].today), _(unlock_copy[i].after));
  return g_strdup (pulse_metric_get_description (metric));
}

static void
add_metric_row (PulseSetupWizard *self,
                PulseMetric      *metric)
{
  GtkWidget *row = adw_action_row_new ();
  /* Translators: marks the metric whose card opened the wizard */
  GtkWidget *badge = gtk_label_new (_("Selected"));
  g_autofree char *subtitle = describe_unlocked (metric);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pulse_metric_get_title (metric));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_widget_add_css_class (badge, "accent");
  gtk_widget_set_visible (badge, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  adw_preferences_group_add (self->metrics_group, row);
  g_hash_table_insert (self->metric_badges, g_strdup (pulse_metric_get_id (metric)), badge);
}

static void
fill_metrics (PulseSetupWizard *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  g_autoptr(GPtrArray) migrations = catalog ? pulse_migration_load_bundled (&error) : NULL;
  g_autoptr(GPtrArray) metrics = NULL;

  if (migrations == NULL)
    {
      /* Both are compiled in: only a broken build gets here. */
      g_critical ("Cannot list the metrics tracking unlocks: %s", error->message);
      return;
    }
  metrics = unlocked_metrics (catalog, migrations);
  for (guint i = 0; i < metrics->len; i++)
    add_metric_row (self, g_ptr_array_index (metrics, i));
}

static void
update_metric_highlight (PulseSetupWizard *self)
{
  GHashTableIter iter;
  gpointer id, badge;

  g_hash_table_iter_init (&iter, self->metric_badges);
  while (g_hash_table_iter_next (&iter, &id, &badge))
    gtk_widget_set_visible (badge, g_strcmp0 (self->metric_id, id) == 0);
}

static void
load_signatures (PulseSetupWizard *self)
{
  g_autoptr(GError) error = NULL;

  self->signatures = pulse_migration_load_backend_signatures (&error);
  if (self->signatures == NULL)
    {
      /* Compiled in: only a broken build gets here. */
      g_critical ("The backend's function signatures: %s", error->message);
      self->signatures = g_strdup ("");
    }
}

static void
pulse_setup_wizard_constructed (GObject *object)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (object);

  G_OBJECT_CLASS (pulse_setup_wizard_parent_class)->constructed (object);

  self->dashboard_role = pulse_db_dup_conninfo_user (self->conninfo);
  describe_database (self);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->signatures_view), self->signatures, -1);
  update_metric_highlight (self);
  update_buttons (self);
}

static void
pulse_setup_wizard_dispose (GObject *object)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (object);

  g_cancellable_cancel (self->cancellable);
  /* The rows die with the template; nothing may reach them afterwards. */
  g_ptr_array_set_size (self->pending_rows, 0);
  g_ptr_array_set_size (self->progress_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), PULSE_TYPE_SETUP_WIZARD);

  G_OBJECT_CLASS (pulse_setup_wizard_parent_class)->dispose (object);
}

static void
pulse_setup_wizard_finalize (GObject *object)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (object);

  g_clear_object (&self->runner);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->pending_rows, g_ptr_array_unref);
  g_clear_pointer (&self->progress_rows, g_ptr_array_unref);
  g_clear_pointer (&self->metric_badges, g_hash_table_unref);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->dashboard_role, g_free);
  g_clear_pointer (&self->signatures, g_free);
  g_clear_pointer (&self->metric_id, g_free);

  G_OBJECT_CLASS (pulse_setup_wizard_parent_class)->finalize (object);
}

static void
pulse_setup_wizard_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      g_value_set_string (value, self->conninfo);
      break;
    case PROP_METRIC_ID:
      g_value_set_string (value, self->metric_id);
      break;
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_setup_wizard_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PulseSetupWizard *self = PULSE_SETUP_WIZARD (object);

  switch (prop_id)
    {
    case PROP_CONNINFO:
      self->conninfo = g_value_dup_string (value);
      break;
    case PROP_METRIC_ID:
      pulse_setup_wizard_set_metric_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_setup_wizard_class_init (PulseSetupWizardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pulse_setup_wizard_constructed;
  object_class->dispose = pulse_setup_wizard_dispose;
  object_class->finalize = pulse_setup_wizard_finalize;
  object_class->get_property = pulse_setup_wizard_get_property;
  object_class->set_property = pulse_setup_wizard_set_property;
  window_class->close_request = pulse_setup_wizard_close_request;

  properties[PROP_CONNINFO] =
    g_param_spec_string ("conninfo", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METRIC_ID] =
    g_param_spec_string ("metric-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL, 0, PULSE_SETUP_STEP_DONE, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PulseSetupWizard::applied:
   * @n_applied: migrations applied by this wizard
   */
  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, PULSE_RESOURCE_PREFIX "/pulse-setup-wizard.ui");
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, window_title);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, start_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, next_button);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, step_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, metrics_group);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, database_row);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, user_row);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, password_row);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, grant_row);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, check_label);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, pending_group);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, progress_group);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, apply_error_label);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, done_title);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, done_label);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, signatures_view);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, backfill_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseSetupWizard, backfill_row);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.copy-signatures", NULL, copy_signatures_action);
  gtk_widget_class_install_action (widget_class, "wizard.backfill", NULL, backfill_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pulse_setup_wizard_init (PulseSetupWizard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pending_rows = g_ptr_array_new ();
  self->progress_rows = g_ptr_array_new ();
  self->metric_badges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fill_metrics (self);
  load_signatures (self);

  g_signal_connect_swapped (self->user_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->password_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_signal_connect_swapped (self->grant_row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
}

/**
 * pulse_setup_wizard_new:
 * @parent: (nullable): the window to refresh when tracking is set up
 * @conninfo: the database, as the dashboard connects to it
 */
PulseSetupWizard *
pulse_setup_wizard_new (GtkWindow  *parent,
                        const char *conninfo)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (conninfo != NULL, NULL);

  return g_object_new (PULSE_TYPE_SETUP_WIZARD,
                       "transient-for", parent,
                       "conninfo", conninfo,
                       NULL);
}

const char *
pulse_setup_wizard_get_conninfo (PulseSetupWizard *self)
{
  g_return_val_if_fail (PULSE_IS_SETUP_WIZARD (self), NULL);
  return self->conninfo;
}

const char *
pulse_setup_wizard_get_metric_id (PulseSetupWizard *self)
{
  g_return_val_if_fail (PULSE_IS_SETUP_WIZARD (self), NULL);
  return self->metric_id;
}

/**
 * pulse_setup_wizard_set_metric_id:
 * @metric_id: (nullable): the metric whose card opened the wizard
 */
void
pulse_setup_wizard_set_metric_id (PulseSetupWizard *self,
                                  const char       *metric_id)
{
  g_return_if_fail (PULSE_IS_SETUP_WIZARD (self));

  if (metric_id != NULL && *metric_id == '\0')
    metric_id = NULL;
  if (g_strcmp0 (self->metric_id, metric_id) != 0)
    {
      g_free (self->metric_id);
      self->metric_id = g_strdup (metric_id);
      update_metric_highlight (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC_ID]);
    }
}

PulseSetupStep
pulse_setup_wizard_get_step (PulseSetupWizard *self)
{
  g_return_val_if_fail (PULSE_IS_SETUP_WIZARD (self), 0);
  return self->step;
}

gboolean
pulse_setup_wizard_get_busy (PulseSetupWizard *self)
{
  g_return_val_if_fail (PULSE_IS_SETUP_WIZARD (self), FALSE);
  return self->busy;
}
