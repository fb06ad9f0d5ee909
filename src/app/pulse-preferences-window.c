/* pulse-preferences-window.c: the application's preferences
 *
 * The settings that are not the toolbar's everyday choices: the
 * reporting time zone (the toolbar's too), the paper of exported
 * reports, whether people lists show e-mail addresses, and the cache on
 * disk with its size and Clear Cache. Every row is bound to its
 * GSettings key: a change applies at once, as GNOME preferences do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-preferences-window.h"
#include "pulse-settings.h"

struct _PulsePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkDropDown          *timezone_dropdown;
  AdwComboRow          *paper_row;
  GtkSwitch            *email_switch;
  AdwActionRow         *cache_row;
  GtkButton            *clear_button;
};

G_DEFINE_FINAL_TYPE (PulsePreferencesWindow, pulse_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* In the order of the schema's paper-size choices. */
static const struct {
  const char *id;
  const char *label;
} papers[] = {
  { "a4", N_("A4") },
  { "letter", N_("US Letter") },
};

static void
update_cache_size (PulsePreferencesWindow *self)
{
  guint64 bytes = pulse_cache_get_size ();
  g_autofree char *size = g_format_size (bytes);

  adw_action_row_set_subtitle (self->cache_row, size);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), bytes > 0);
}

static void
on_clear_clicked (PulsePreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (pulse_cache_clear (&error) ? _("Cache cleared") : error->message));
  update_cache_size (self);
}

static gboolean
paper_to_row (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    if (g_str_equal (papers[i].id, id))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
row_to_paper (const GValue       *value,
              const GVariantType *expected_type,
              gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return i < G_N_ELEMENTS (papers) ? g_variant_new_string (papers[i].id) : NULL;
}

static void
on_timezone_selected (PulsePreferencesWindow *self)
{
  const char *zone = pulse_timezone_dropdown_get (self->timezone_dropdown);
  g_autofree char *current = g_settings_get_string (self->settings, "timezone");

  if (*zone != '\0' && !g_str_equal (zone, current))
    g_settings_set_string (self->settings, "timezone", zone);
}

static void
on_timezone_changed (PulsePreferencesWindow *self)
{
  g_autofree char *zone = g_settings_get_string (self->settings, "timezone");

  pulse_timezone_dropdown_set (self->timezone_dropdown, zone);
}

/* A row whose title names @widget, at its end. */
static AdwActionRow *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         GtkWidget           *widget)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (row, widget);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (page, group);
  return group;
}

static void
build_reports (PulsePreferencesWindow *self,
               AdwPreferencesPage     *page)
{
  AdwPreferencesGroup *group = add_group (page, _("Reports"), NULL);
  g_autoptr(GtkStringList) paper_names = gtk_string_list_new (NULL);

  self->timezone_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  pulse_timezone_dropdown_init (self->timezone_dropdown, NULL);
  /* As the paper's combo row shows its choice: no button frame. */
  gtk_widget_add_css_class (GTK_WIDGET (self->timezone_dropdown), "flat");
  add_row (group, _("Time Zone"), _("Days run from midnight to midnight in this zone"),
           GTK_WIDGET (self->timezone_dropdown));
  on_timezone_changed (self);
  g_signal_connect_object (self->settings, "changed::timezone", G_CALLBACK (on_timezone_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timezone_dropdown, "notify::selected", G_CALLBACK (on_timezone_selected),
                           self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (papers); i++)
    gtk_string_list_append (paper_names, _(papers[i].label));
  self->paper_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->paper_row), _("Paper Size"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->paper_row), _("Of exported reports"));
  adw_combo_row_set_model (self->paper_row, G_LIST_MODEL (paper_names));
  g_settings_bind_with_mapping (self->settings, "paper-size", self->paper_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, paper_to_row, row_to_paper, NULL, NULL);
  adw_preferences_group_add (group, GTK_WIDGET (self->paper_row));
}

static void
build_people (PulsePreferencesWindow *self,
              AdwPreferencesPage     *page)
{
  AdwPreferencesGroup *group = add_group (page, _("Privacy"), NULL);
  AdwActionRow *row;

  self->email_switch = GTK_SWITCH (gtk_switch_new ());
  row = add_row (group, _("Show E-mail Addresses in People Lists"),
                 _("They are personal data: anyone who sees the screen or an export sees them"),
                 GTK_WIDGET (self->email_switch));
  adw_action_row_set_activatable_widget (row, GTK_WIDGET (self->email_switch));
  g_settings_bind (self->settings, "people-show-email", self->email_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

static void
build_cache (PulsePreferencesWindow *self,
             AdwPreferencesPage     *page)
{
  AdwPreferencesGroup *group =
    add_group (page, _("Cache"),
               _("Activity data and the last numbers of each connection, kept on this computer so the "
                 "dashboard opens fast and works offline. Never a password."));

  self->clear_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Clear Cache")));
  gtk_widget_add_css_class (GTK_WIDGET (self->clear_button), "destructive-action");
  g_signal_connect_object (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked), self, G_CONNECT_SWAPPED);
  self->cache_row = add_row (group, _("Size on Disk"), NULL, GTK_WIDGET (self->clear_button));
  update_cache_size (self);
}

static void
pulse_preferences_window_dispose (GObject *object)
{
  PulsePreferencesWindow *self = PULSE_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pulse_preferences_window_parent_class)->dispose (object);
}

static void
pulse_preferences_window_class_init (PulsePreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pulse_preferences_window_dispose;
}

static void
pulse_preferences_window_init (PulsePreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  self->settings = pulse_settings_new ();
  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");
  build_reports (self, page);
  build_people (self, page);
  build_cache (self, page);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);
  /* One page: nothing to search. */
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
  /* Workers write the cache at any time: the size is read when shown. */
  g_signal_connect (self, "show", G_CALLBACK (update_cache_size), NULL);
}

PulsePreferencesWindow *
pulse_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (PULSE_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE, NULL);
}

/* For tests */

GtkSwitch *
pulse_preferences_window_get_email_switch (PulsePreferencesWindow *self)
{
  g_return_val_if_fail (PULSE_IS_PREFERENCES_WINDOW (self), NULL);
  return self->email_switch;
}

const char *
pulse_preferences_window_get_cache_size_text (PulsePreferencesWindow *self)
{
  g_return_val_if_fail (PULSE_IS_PREFERENCES_WINDOW (self), NULL);
  return adw_action_row_get_subtitle (self->cache_row);
}

GtkButton *
pulse_preferences_window_get_clear_button (PulsePreferencesWindow *self)
{
  g_return_val_if_fail (PULSE_IS_PREFERENCES_WINDOW (self), NULL);
  return self->clear_button;
}
