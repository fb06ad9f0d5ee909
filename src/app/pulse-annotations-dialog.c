/* pulse-annotations-dialog.c: listing, adding, editing and deleting annotations
 *
 * PulseAnnotationsDialog (main menu → Annotations…) lists the open
 * connection's annotations with Edit and Delete on each and Add in the
 * header bar, and says where they are kept (the team's table or this
 * computer). PulseAnnotationEditor asks for the text, the first and last
 * day (inclusive; typed as YYYY-MM-DD, prefilled with the day a chart's
 * context menu was opened on) and an optional tag. Both write through the
 * dashboard's PulseAnnotationStore, then have the dashboard read the list
 * again, which every chart follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-annotations-dialog.h"

/* The editor */

struct _PulseAnnotationEditor
{
  AdwWindow        parent_instance;

  PulseDashboard  *dashboard;
  PulseAnnotation *editing;     /* NULL: a new one */
  GCancellable    *cancellable;
  AdwEntryRow     *text_row;
  AdwEntryRow     *first_row;
  AdwEntryRow     *last_row;
  AdwEntryRow     *tag_row;
  GtkLabel        *error_label;
  GtkButton       *save_button;
  AdwWindowTitle  *title;
};

G_DEFINE_FINAL_TYPE (PulseAnnotationEditor, pulse_annotation_editor, ADW_TYPE_WINDOW)

static void
pulse_annotation_editor_dispose (GObject *object)
{
  PulseAnnotationEditor *self = PULSE_ANNOTATION_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->dashboard);
  g_clear_object (&self->editing);

  G_OBJECT_CLASS (pulse_annotation_editor_parent_class)->dispose (object);
}

static void
pulse_annotation_editor_class_init (PulseAnnotationEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pulse_annotation_editor_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
show_error (PulseAnnotationEditor *self,
            const char            *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
}

static AdwEntryRow *
add_entry (GtkWidget  *list,
           const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return ADW_ENTRY_ROW (row);
}

/* A header bar with @start and @end over @content, scrolled. Returns
 * the title. */
static AdwWindowTitle *
set_content (AdwWindow  *window,
             GtkWidget  *start,
             GtkWidget  *end,
             const char *title,
             GtkWidget  *content)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *title_widget = adw_window_title_new (title, NULL);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title_widget);
  if (start != NULL)
    {
      adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
      adw_header_bar_pack_start (ADW_HEADER_BAR (header), start);
    }
  if (end != NULL)
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), end);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (window, box);
  return ADW_WINDOW_TITLE (title_widget);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PulseAnnotationEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseAnnotation) stored = NULL;
  GtkWindow *parent;

  if (self->editing != NULL)
    stored = pulse_annotation_store_replace_finish (PULSE_ANNOTATION_STORE (source), result, &error);
  else
    stored = pulse_annotation_store_add_finish (PULSE_ANNOTATION_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stored == NULL)
    {
      show_error (self, error->message);
      return;
    }
  pulse_dashboard_reload_annotations (self->dashboard);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s",
                                self->editing ? _("Annotation changed") : _("Annotation added"));
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * pulse_annotation_editor_save:
 *
 * Checks the fields and writes the annotation; the window closes when it
 * is stored, or says why not.
 */
void
pulse_annotation_editor_save (PulseAnnotationEditor *self)
{
  PulseAnnotationStore *store = pulse_dashboard_get_annotation_store (self->dashboard);
  const char *last = gtk_editable_get_text (GTK_EDITABLE (self->last_row));
  g_autoptr(PulseAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PULSE_IS_ANNOTATION_EDITOR (self));

  if (store == NULL)
    {
      show_error (self, _("Open a workspace first"));
      return;
    }
  annotation = pulse_annotation_new_checked (NULL, gtk_editable_get_text (GTK_EDITABLE (self->first_row)),
                                             *last ? last : NULL,
                                             gtk_editable_get_text (GTK_EDITABLE (self->text_row)),
                                             gtk_editable_get_text (GTK_EDITABLE (self->tag_row)), &error);
  if (annotation == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  if (self->editing != NULL)
    pulse_annotation_store_replace_async (store, pulse_annotation_get_id (self->editing), annotation,
                                          self->cancellable, on_saved, g_object_ref (self));
  else
    pulse_annotation_store_add_async (store, annotation, self->cancellable, on_saved, g_object_ref (self));
}

static void
pulse_annotation_editor_init (PulseAnnotationEditor *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *hint = gtk_label_new (_("Days are inclusive and written YYYY-MM-DD. Leave the last day empty for a single day."));

  self->cancellable = g_cancellable_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  self->text_row = add_entry (list, _("Text"));
  self->first_row = add_entry (list, _("First Day"));
  self->last_row = add_entry (list, _("Last Day"));
  self->tag_row = add_entry (list, _("Tag (optional)"));
  gtk_box_append (GTK_BOX (content), list);

  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_box_append (GTK_BOX (content), hint);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  self->save_button = GTK_BUTTON (save);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (pulse_annotation_editor_save), self);
  g_signal_connect_swapped (self->text_row, "entry-activated", G_CALLBACK (pulse_annotation_editor_save), self);
  adw_entry_row_set_activates_default (self->text_row, FALSE);

  self->title = set_content (ADW_WINDOW (self), cancel, save, _("Add Annotation"), content);
  gtk_window_set_default_size (GTK_WINDOW (self), 420, 420);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
}

/**
 * pulse_annotation_editor_new:
 * @annotation: (nullable): the one to edit; %NULL: a new one
 * @day: (nullable): for a new one, its day (YYYY-MM-DD)
 */
PulseAnnotationEditor *
pulse_annotation_editor_new (GtkWindow       *parent,
                             PulseDashboard  *dashboard,
                             PulseAnnotation *annotation,
                             const char      *day)
{
  PulseAnnotationEditor *self = g_object_new (PULSE_TYPE_ANNOTATION_EDITOR, "transient-for", parent, NULL);

  self->dashboard = g_object_ref (dashboard);
  if (annotation != NULL)
    {
      self->editing = g_object_ref (annotation);
      adw_window_title_set_title (self->title, _("Edit Annotation"));
      pulse_annotation_editor_set_fields (self, pulse_annotation_get_text (annotation),
                                          pulse_annotation_get_first_day (annotation),
                                          pulse_annotation_is_range (annotation) ? pulse_annotation_get_last_day (annotation) : "",
                                          pulse_annotation_get_tag (annotation));
    }
  else
    {
      pulse_annotation_editor_set_fields (self, "", day ? day : "", "", "");
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->text_row));
  return self;
}

void
pulse_annotation_editor_set_fields (PulseAnnotationEditor *self,
                                    const char            *text,
                                    const char            *first_day,
                                    const char            *last_day,
                                    const char            *tag)
{
  g_return_if_fail (PULSE_IS_ANNOTATION_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->text_row), text ? text : "");
  gtk_editable_set_text (GTK_EDITABLE (self->first_row), first_day ? first_day : "");
  gtk_editable_set_text (GTK_EDITABLE (self->last_row), last_day ? last_day : "");
  gtk_editable_set_text (GTK_EDITABLE (self->tag_row), tag ? tag : "");
}

/* Returns: (nullable): the message shown, for tests */
const char *
pulse_annotation_editor_get_error (PulseAnnotationEditor *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION_EDITOR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : NULL;
}

const char *
pulse_annotation_editor_get_first_day (PulseAnnotationEditor *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION_EDITOR (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->first_row));
}

/* The list */

struct _PulseAnnotationsDialog
{
  AdwWindow        parent_instance;

  PulseDashboard  *dashboard;
  GCancellable    *cancellable;
  GtkListBox      *list;
  AdwStatusPage   *empty;
  GtkLabel        *where_label;
};

G_DEFINE_FINAL_TYPE (PulseAnnotationsDialog, pulse_annotations_dialog, ADW_TYPE_WINDOW)

static void
pulse_annotations_dialog_dispose (GObject *object)
{
  PulseAnnotationsDialog *self = PULSE_ANNOTATIONS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->dashboard);

  G_OBJECT_CLASS (pulse_annotations_dialog_parent_class)->dispose (object);
}

static void
pulse_annotations_dialog_class_init (PulseAnnotationsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pulse_annotations_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
open_editor (PulseAnnotationsDialog *self,
             PulseAnnotation        *annotation)
{
  PulseAnnotationEditor *editor = pulse_annotation_editor_new (GTK_WINDOW (self), self->dashboard, annotation, NULL);

  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_add_clicked (PulseAnnotationsDialog *self)
{
  open_editor (self, NULL);
}

static void
on_edit_clicked (GtkButton              *button,
                 PulseAnnotationsDialog *self)
{
  open_editor (self, g_object_get_data (G_OBJECT (button), "annotation"));
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PulseAnnotationsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  if (!pulse_annotation_store_remove_finish (PULSE_ANNOTATION_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->where_label, error->message);
      return;
    }
  pulse_dashboard_reload_annotations (self->dashboard);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", _("Annotation deleted"));
}

static void
on_delete_clicked (GtkButton              *button,
                   PulseAnnotationsDialog *self)
{
  PulseAnnotation *annotation = g_object_get_data (G_OBJECT (button), "annotation");
  PulseAnnotationStore *store = pulse_dashboard_get_annotation_store (self->dashboard);

  if (store == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  pulse_annotation_store_remove_async (store, pulse_annotation_get_id (annotation), self->cancellable,
                                       on_removed, g_object_ref (self));
}

static GtkWidget *
row_button (PulseAnnotationsDialog *self,
            PulseAnnotation        *annotation,
            const char             *icon,
            const char             *tooltip,
            GCallback               callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "annotation", g_object_ref (annotation), g_object_unref);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
make_row (PulseAnnotationsDialog *self,
          PulseAnnotation        *annotation)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *days = pulse_annotation_dup_days_label (annotation);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = g_markup_escape_text (pulse_annotation_get_text (annotation), -1);

  subtitle = pulse_annotation_get_tag (annotation)
             ? g_markup_printf_escaped ("%s · %s", days, pulse_annotation_get_tag (annotation))
             : g_markup_escape_text (days, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (self, annotation, "document-edit-symbolic", _("Edit"),
                                                               G_CALLBACK (on_edit_clicked)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (self, annotation, "user-trash-symbolic", _("Delete"),
                                                               G_CALLBACK (on_delete_clicked)));
  return row;
}

static void
describe_store (PulseAnnotationsDialog *self)
{
  PulseAnnotationStore *store = pulse_dashboard_get_annotation_store (self->dashboard);

  switch (store ? pulse_annotation_store_get_backend (store) : PULSE_ANNOTATION_BACKEND_UNKNOWN)
    {
    case PULSE_ANNOTATION_BACKEND_DATABASE:
      gtk_label_set_label (self->where_label, _("Kept in the database (pulse.annotations): everybody using it sees them."));
      break;
    case PULSE_ANNOTATION_BACKEND_LOCAL:
      gtk_label_set_label (self->where_label, _("Kept on this computer for this connection. Set Up Tracking adds a "
                                                "table to the database so that the team shares them."));
      break;
    case PULSE_ANNOTATION_BACKEND_UNKNOWN:
    default:
      gtk_label_set_label (self->where_label, "");
    }
}

static void
refill (PulseAnnotationsDialog *self)
{
  GPtrArray *annotations = pulse_dashboard_get_annotations (self->dashboard);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (annotations, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), annotations != NULL && annotations->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty), annotations == NULL || annotations->len == 0);
  describe_store (self);
}

static void
pulse_annotations_dialog_init (PulseAnnotationsDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

  self->cancellable = g_cancellable_new ();
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);

  self->empty = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty, "starred-symbolic");
  adw_status_page_set_title (self->empty, _("No Annotations"));
  adw_status_page_set_description (self->empty, _("Mark a release or a campaign: right-click a day on a chart, "
                                                  "or use the Add button"));
  gtk_widget_add_css_class (GTK_WIDGET (self->empty), "compact");

  self->where_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->where_label, TRUE);
  gtk_label_set_xalign (self->where_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->where_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->where_label), "caption");

  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->empty));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->where_label));

  gtk_widget_set_tooltip_text (add, _("Add Annotation"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Annotation"), -1);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked), self);
  /* The end keeps the close button; Add goes first. */
  set_content (ADW_WINDOW (self), NULL, add, _("Annotations"), content);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
}

PulseAnnotationsDialog *
pulse_annotations_dialog_new (GtkWindow      *parent,
                              PulseDashboard *dashboard)
{
  PulseAnnotationsDialog *self = g_object_new (PULSE_TYPE_ANNOTATIONS_DIALOG, "transient-for", parent, NULL);

  self->dashboard = g_object_ref (dashboard);
  g_signal_connect_object (dashboard, "notify::annotations", G_CALLBACK (refill), self, G_CONNECT_SWAPPED);
  refill (self);
  return self;
}

GtkListBox *
pulse_annotations_dialog_get_list (PulseAnnotationsDialog *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATIONS_DIALOG (self), NULL);
  return self->list;
}
