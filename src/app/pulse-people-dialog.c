/* pulse-people-dialog.c: the persons behind a number, in a window
 *
 * Opened by win.show-people. The title says what was clicked and how
 * many persons it counts (the number itself); the list below reads a
 * page at a time through the worker (keyset pages by id) as it is
 * scrolled, so a list of a million persons costs one page to open.
 * Export CSV reads the pages not yet read, then writes the whole list
 * atomically. A funnel step also lists who dropped off after it. Every
 * read has its own cancellable, cancelled when the dialog closes or the
 * list changes; an answer for a list no longer shown is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "pulse-export-dialog.h"
#include "pulse-people-dialog.h"
#include "pulse-people-export.h"

/* Rows read at a time; tests make it small to cross pages. */
static guint page_size = 200;

struct _PulsePeopleDialog
{
  AdwWindow          parent_instance;

  PulseWorker       *worker;
  PulsePeopleQuery  *query;
  gboolean           with_email;

  GListStore        *persons;
  gint64             total;
  gboolean           loading;
  guint              generation;   /* of the list shown; older answers are dropped */
  GCancellable      *cancellable;
  char              *export_path;  /* an export waiting for the last pages */

  AdwWindowTitle    *title;
  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkColumnView     *view;
  AdwStatusPage     *status;
  GtkWidget         *export_button;
  GtkWidget         *dropped_button;
  AdwToastOverlay   *toasts;
};

G_DEFINE_FINAL_TYPE (PulsePeopleDialog, pulse_people_dialog, ADW_TYPE_WINDOW)

static void load_page (PulsePeopleDialog *self);

/* What was clicked */

/* "12 Nov 2026", "Week of 9 Nov 2026" or "Nov 2026", as the bucket is. */
static char *
describe_bucket (PulsePeopleQuery *query)
{
  PulseGranularity granularity = pulse_query_range_get_granularity (pulse_people_query_get_range (query));
  g_auto(GStrv) parts = g_strsplit (pulse_people_query_get_start (query), "-", 3);
  g_autoptr(GDateTime) day = g_date_time_new_utc (atoi (parts[0]), atoi (parts[1]), atoi (parts[2]), 0, 0, 0);
  g_autofree char *text = NULL;

  switch (granularity)
    {
    case PULSE_GRANULARITY_WEEK:
      text = g_date_time_format (day, "%-d %b %Y");
      /* Translators: a week's bucket; %s is its first day, "9 Nov 2026" */
      return g_strdup_printf (_("Week of %s"), text);
    case PULSE_GRANULARITY_MONTH:
      return g_date_time_format (day, "%b %Y");
    default:
      return g_date_time_format (day, "%-d %b %Y");
    }
}

static const char *
step_title (PulseMetric *metric,
            const char  *step_id)
{
  GPtrArray *steps = pulse_metric_get_steps (metric);

  for (guint i = 0; i < steps->len; i++)
    {
      PulseMetricField *step = g_ptr_array_index (steps, i);
      if (g_str_equal (step->id, step_id))
        return step->title;
    }
  return step_id;
}

/* The part of the title that says which number of the metric. */
static char *
describe_number (PulsePeopleQuery *query)
{
  PulseMetric *metric = pulse_people_query_get_metric (query);
  const char *series = pulse_people_query_get_series (query);
  const PulseMetricField *field;
  g_autofree char *bucket = NULL;

  if (pulse_people_query_get_dropped (query))
    /* Translators: a funnel step's title */
    return g_strdup_printf (_("Dropped off after “%s”"), step_title (metric, series));
  if (g_str_equal (pulse_metric_get_chart (metric), "funnel"))
    return g_strdup (step_title (metric, series));
  if (g_str_equal (pulse_metric_get_chart (metric), "histogram"))
    /* Translators: a histogram bar: persons active on %s days */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Active on %s day", "Active on %s days",
                                         atoi (series)), series);
  bucket = describe_bucket (query);
  if (pulse_people_query_get_period (query) >= 0)
    /* Translators: a retention cell: the cohort's start, then the period N and "on" / "on or after" */
    return g_strdup_printf (g_str_equal (series, "on") ? _("Cohort of %s · period %d")
                                                       : _("Cohort of %s · period %d or later"),
                            bucket, pulse_people_query_get_period (query));
  /* A segment's series (dau's "Builders") is said by the segment. */
  field = pulse_metric_find_series (metric, series);
  if (field != NULL && !field->by_segment)
    return g_strdup_printf ("%s · %s", field->title, bucket);
  return g_steal_pointer (&bucket);
}

static void
update_title (PulsePeopleDialog *self)
{
  PulseMetric *metric = pulse_people_query_get_metric (self->query);
  g_autofree char *number = describe_number (self->query);
  g_autofree char *title = g_strdup_printf ("%s · %s · %s", pulse_metric_get_title (metric), number,
                                            pulse_segment_describe (pulse_segment_to_string (
                                              pulse_people_query_get_segment (self->query))));
  g_autofree char *count = NULL;
  g_autofree char *window_title = NULL;

  if (self->total >= 0)
    {
      /* The number apart: xgettext cannot read G_GINT64_FORMAT. */
      g_autofree char *n = g_strdup_printf ("%'" G_GINT64_FORMAT, self->total);

      /* Translators: %s is a count of persons, "412 people" */
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person", "%s people", (gulong)self->total), n);
    }
  else
    count = g_strdup (_("Counting…"));
  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, count);
  /* Translators: the list's title, then how many, "Daily active users · 12 Nov 2026 · Builders: 412 people" */
  window_title = g_strdup_printf (_("%s: %s"), title, count);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* Loading pages */

static void
show_state (PulsePeopleDialog *self,
            const char        *error_message)
{
  gboolean empty = self->total == 0;

  gtk_widget_set_sensitive (self->export_button, self->total >= 0 && error_message == NULL);
  if (error_message != NULL)
    {
      adw_status_page_set_icon_name (self->status, "dialog-warning-symbolic");
      adw_status_page_set_title (self->status, _("The List Could Not Be Read"));
      adw_status_page_set_description (self->status, error_message);
      gtk_stack_set_visible_child_name (self->stack, "status");
    }
  else if (empty)
    {
      adw_status_page_set_icon_name (self->status, "system-users-symbolic");
      adw_status_page_set_title (self->status, _("Nobody"));
      adw_status_page_set_description (self->status, _("This number counts no persons."));
      gtk_stack_set_visible_child_name (self->stack, "status");
    }
  else if (self->total > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static gint64
last_id (PulsePeopleDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->persons));
  g_autoptr(PulsePerson) last = n ? g_list_model_get_item (G_LIST_MODEL (self->persons), n - 1) : NULL;

  return last ? pulse_person_get_id (last) : PULSE_PEOPLE_FIRST;
}

static gboolean
all_read (PulsePeopleDialog *self)
{
  return self->total >= 0 && g_list_model_get_n_items (G_LIST_MODEL (self->persons)) >= (guint64)self->total;
}

static void finish_export (PulsePeopleDialog *self);

/* More rows when the end of the list is less than a screen away (or an
 * export waits for them). */
static void
maybe_load_more (PulsePeopleDialog *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double left = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment) -
                gtk_adjustment_get_page_size (adjustment);

  if (self->loading || self->total < 0 || all_read (self))
    return;
  if (self->export_path != NULL || left < gtk_adjustment_get_page_size (adjustment))
    load_page (self);
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PulsePeopleDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PulsePeoplePage) page = NULL;
  guint generation;

  page = pulse_worker_run_people_finish (PULSE_WORKER (source), result, &generation, &error);
  if (generation != self->generation || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (page == NULL)
    {
      g_clear_pointer (&self->export_path, g_free);
      show_state (self, error->message);
      return;
    }
  if (page->total >= 0)
    self->total = page->total;
  g_list_store_splice (self->persons, g_list_model_get_n_items (G_LIST_MODEL (self->persons)), 0,
                       page->persons->pdata, page->persons->len);
  /* A page shorter than asked is the last, whatever was counted. */
  if (page->persons->len < page_size)
    self->total = g_list_model_get_n_items (G_LIST_MODEL (self->persons));
  update_title (self);
  show_state (self, NULL);
  if (self->export_path != NULL && all_read (self))
    finish_export (self);
  else
    maybe_load_more (self);
}

static void
load_page (PulsePeopleDialog *self)
{
  self->loading = TRUE;
  pulse_worker_run_people_async (self->worker, self->query, last_id (self), page_size, self->total < 0,
                                 self->with_email, "people", self->generation, self->cancellable, on_page,
                                 g_object_ref (self));
}

/* From the start: a new list (drop-off or not), or the first. */
static void
reload (PulsePeopleDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->total = -1;
  self->loading = FALSE;
  g_clear_pointer (&self->export_path, g_free);
  g_list_store_remove_all (self->persons);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_title (self);
  show_state (self, NULL);
  load_page (self);
}

/* Export */

static void
finish_export (PulsePeopleDialog *self)
{
  g_autoptr(GString) csv = pulse_people_csv_new (self->with_email);
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = g_steal_pointer (&self->export_path);
  g_autofree char *done = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->persons)); i++)
    g_ptr_array_add (persons, g_list_model_get_item (G_LIST_MODEL (self->persons), i));
  pulse_people_csv_append (csv, persons, self->with_email);
  bytes = g_bytes_new (csv->str, csv->len);
  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person exported", "%u people exported", persons->len),
                          persons->len);
  pulse_export_dialog_write_csv (GTK_WIDGET (self), path, bytes, done);
}

static void
on_export_chosen (GtkWidget  *widget,
                  const char *path,
                  gpointer    data)
{
  PulsePeopleDialog *self = PULSE_PEOPLE_DIALOG (widget);

  g_free (self->export_path);
  self->export_path = g_strdup (path);
  if (all_read (self))
    finish_export (self);
  else
    maybe_load_more (self);
}

static void
export_csv (PulsePeopleDialog *self)
{
  g_autofree char *name = g_strdup_printf ("%s-people-%s-%s.csv",
                                           pulse_metric_get_id (pulse_people_query_get_metric (self->query)),
                                           pulse_people_query_get_start (self->query),
                                           pulse_people_query_get_series (self->query));

  pulse_export_dialog_choose_csv (GTK_WIDGET (self), _("Export People as CSV"), name, on_export_chosen, NULL, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  export_csv (PULSE_PEOPLE_DIALOG (widget));
}

/* The export's outcome, in the dialog rather than behind it. */
static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  adw_toast_overlay_add_toast (PULSE_PEOPLE_DIALOG (widget)->toasts,
                               adw_toast_new (g_variant_get_string (parameter, NULL)));
}

/* The list's columns */

typedef enum
{
  COLUMN_ID,
  COLUMN_ROLE,
  COLUMN_SIGNED_UP,
  COLUMN_HEADLINE,
  COLUMN_EMAIL,
  COLUMN_ACTIVE_DAYS,
  COLUMN_LAST_ACTIVE,
} Column;

/* One person's role; a person known only by their events has none. */
static const char *
role_name (const char *role)
{
  if (g_strcmp0 (role, "BUILDER") == 0)
    return _("Builder");
  if (g_strcmp0 (role, "FINDER") == 0)
    return _("Finder");
  return role != NULL ? role : _("Unknown");
}

static char *
cell_text (PulsePerson *person,
           Column       column)
{
  switch (column)
    {
    case COLUMN_ID:
      return g_strdup_printf ("%" G_GINT64_FORMAT, pulse_person_get_id (person));
    case COLUMN_ROLE:
      return g_strdup (role_name (pulse_person_get_role (person)));
    case COLUMN_SIGNED_UP:
      return g_strdup (pulse_person_get_signed_up (person) ? pulse_person_get_signed_up (person) : "—");
    case COLUMN_HEADLINE:
      return g_strdup (pulse_person_get_headline (person) ? pulse_person_get_headline (person) : "");
    case COLUMN_EMAIL:
      return g_strdup (pulse_person_get_email (person) ? pulse_person_get_email (person) : "");
    case COLUMN_ACTIVE_DAYS:
      return pulse_person_get_active_days (person) >= 0
             ? g_strdup_printf ("%d", pulse_person_get_active_days (person)) : g_strdup ("—");
    case COLUMN_LAST_ACTIVE:
    default:
      return g_strdup (pulse_person_get_last_active (person) ? pulse_person_get_last_active (person) : "—");
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_ID || column == COLUMN_ACTIVE_DAYS ? 1 : 0);
  /* Free text is cut, with room for a few words; ids, roles and dates
   * stay whole (the list scrolls sideways in a narrow window). */
  if (column == COLUMN_HEADLINE || column == COLUMN_EMAIL)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 14);
    }
  if (column == COLUMN_ID || column == COLUMN_ACTIVE_DAYS)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  g_autofree char *text = cell_text (gtk_list_item_get_item (item), GPOINTER_TO_INT (data));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
add_column (PulsePeopleDialog *self,
            Column             column,
            const char        *title,
            gboolean           expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->view, view_column);
}

static void
add_columns (PulsePeopleDialog *self)
{
  add_column (self, COLUMN_ID, _("ID"), FALSE);
  add_column (self, COLUMN_ROLE, _("Role"), FALSE);
  add_column (self, COLUMN_SIGNED_UP, _("Signed Up"), FALSE);
  add_column (self, COLUMN_HEADLINE, _("Headline"), TRUE);
  if (self->with_email)
    add_column (self, COLUMN_EMAIL, _("Email"), TRUE);
  add_column (self, COLUMN_ACTIVE_DAYS, _("Active Days"), FALSE);
  add_column (self, COLUMN_LAST_ACTIVE, _("Last Active"), FALSE);
}

/* Building the window */

static void
on_dropped_toggled (GtkToggleButton   *button,
                    PulsePeopleDialog *self)
{
  pulse_people_dialog_set_dropped (self, gtk_toggle_button_get_active (button));
}

static GtkWidget *
build_header (PulsePeopleDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();

  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", ""));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->export_button = gtk_button_new_from_icon_name ("document-save-symbolic");
  gtk_widget_set_tooltip_text (self->export_button, _("Export CSV"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->export_button), "people.export");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->export_button);

  /* A funnel step also has the persons who went no further. */
  self->dropped_button = gtk_toggle_button_new_with_label (_("Dropped Off"));
  gtk_widget_set_tooltip_text (self->dropped_button, _("The persons of this step who missed the next one"));
  gtk_widget_set_visible (self->dropped_button,
                          g_str_equal (pulse_metric_get_chart (pulse_people_query_get_metric (self->query)), "funnel"));
  g_signal_connect (self->dropped_button, "toggled", G_CALLBACK (on_dropped_toggled), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->dropped_button);
  return header;
}

static GtkWidget *
build_body (PulsePeopleDialog *self)
{
  GtkWidget *spinner = gtk_spinner_new ();
  g_autoptr(GtkSelectionModel) selection = NULL;

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, spinner, "loading");

  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->persons))));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (g_object_ref (selection)));
  gtk_column_view_set_show_row_separators (self->view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  add_columns (self);
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->view));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->scroller), "list");
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                           G_CALLBACK (maybe_load_more), self, G_CONNECT_SWAPPED);

  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->status), "status");
  return GTK_WIDGET (self->stack);
}

static void
build (PulsePeopleDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), build_header (self));
  gtk_box_append (GTK_BOX (box), build_body (self));
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}

static void
pulse_people_dialog_dispose (GObject *object)
{
  PulsePeopleDialog *self = (PulsePeopleDialog *)object;

  /* Closing stops the read on the server too. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  g_clear_object (&self->query);
  g_clear_object (&self->persons);
  g_clear_pointer (&self->export_path, g_free);

  G_OBJECT_CLASS (pulse_people_dialog_parent_class)->dispose (object);
}

static void
pulse_people_dialog_class_init (PulsePeopleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_people_dialog_dispose;

  gtk_widget_class_install_action (widget_class, "people.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "people.export", NULL);
}

static void
pulse_people_dialog_init (PulsePeopleDialog *self)
{
  self->persons = g_list_store_new (PULSE_TYPE_PERSON);
  self->total = -1;
}

/**
 * pulse_people_dialog_new:
 * @with_email: show (and export) e-mail addresses: the user's choice
 *
 * Returns: (transfer full): the dialog, already reading the list's first
 *   page and its length
 */
PulsePeopleDialog *
pulse_people_dialog_new (GtkWindow        *parent,
                         PulseWorker      *worker,
                         PulsePeopleQuery *query,
                         gboolean          with_email)
{
  PulsePeopleDialog *self;

  g_return_val_if_fail (PULSE_IS_WORKER (worker), NULL);
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (query), NULL);

  self = g_object_new (PULSE_TYPE_PEOPLE_DIALOG,
                       "transient-for", parent,
                       "default-width", 820,
                       "default-height", 560,
                       "width-request", 360,
                       "height-request", 294,
                       NULL);
  self->worker = g_object_ref (worker);
  self->query = g_object_ref (query);
  self->with_email = with_email;
  build (self);
  reload (self);
  return self;
}

/* Returns: (transfer none): the persons read so far, in id order */
GListModel *
pulse_people_dialog_get_persons (PulsePeopleDialog *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_DIALOG (self), NULL);
  return G_LIST_MODEL (self->persons);
}

/* Returns: the list's length (the number clicked), -1 until counted */
gint64
pulse_people_dialog_get_total (PulsePeopleDialog *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_DIALOG (self), -1);
  return self->total;
}

gboolean
pulse_people_dialog_is_loading (PulsePeopleDialog *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_DIALOG (self), FALSE);
  return self->loading;
}

/* A funnel step's persons, or those of them who dropped off after it. */
void
pulse_people_dialog_set_dropped (PulsePeopleDialog *self,
                                 gboolean           dropped)
{
  g_autoptr(PulsePeopleQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  PulsePeopleQuery *old;

  g_return_if_fail (PULSE_IS_PEOPLE_DIALOG (self));

  old = self->query;
  if (dropped == pulse_people_query_get_dropped (old))
    return;
  query = pulse_people_query_new (pulse_people_query_get_metric (old), pulse_people_query_get_range (old),
                                  pulse_people_query_get_segment (old), pulse_people_query_get_series (old),
                                  pulse_people_query_get_start (old), pulse_people_query_get_period (old),
                                  dropped, &error);
  if (query == NULL)
    {
      show_state (self, error->message);
      return;
    }
  g_set_object (&self->query, query);
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->dropped_button)) != dropped)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->dropped_button), dropped);
  reload (self);
}

/* For tests: the size of the pages dialogs made from now on read. */
void
pulse_people_dialog_set_page_size (guint size)
{
  g_return_if_fail (size > 0);
  page_size = size;
}

GtkColumnView *
pulse_people_dialog_get_view (PulsePeopleDialog *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_DIALOG (self), NULL);
  return self->view;
}
