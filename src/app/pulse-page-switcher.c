/* pulse-page-switcher.c: the header bar's page switcher, a menu when narrow
 *
 * Nine pages do not fit a bottom switcher bar at phone widths: its
 * labels ellipsize ("Over…", "Grow…"). So the header shows the view
 * switcher while all its titles fit whole (icons beside or above the
 * labels), and otherwise one button with the page's title ("Activity ▾")
 * whose popover lists every page with its icon and whole title, the
 * current one ticked. A row activates "win.page" with the page's name.
 *
 * libadwaita 1.2 has no breakpoints: an AdwSqueezer picks the first
 * child whose natural width fits, which is what AdwViewSwitcherTitle
 * does inside.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-page-switcher.h"

struct _PulsePageSwitcher
{
  GtkWidget         parent_instance;

  AdwViewStack     *stack;
  GtkSelectionModel *pages;
  GtkStack         *mode;         /* "title" until there are pages to switch, then "pages" */
  GtkWidget        *squeezer;
  GtkMenuButton    *menu_button;
  GtkLabel         *menu_label;
  GtkListBox       *list;
};

G_DEFINE_FINAL_TYPE (PulsePageSwitcher, pulse_page_switcher, GTK_TYPE_WIDGET)

#define PAGE_NAME_KEY "pulse-page-name"

static GtkWidget *
build_row (AdwViewStackPage *page,
           gboolean          current)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (adw_view_stack_page_get_title (page));
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (adw_view_stack_page_get_icon_name (page)));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (box), title);
  /* The tick keeps its room when hidden, so titles do not shift. */
  gtk_widget_set_opacity (check, current ? 1 : 0);
  gtk_box_append (GTK_BOX (box), check);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), PAGE_NAME_KEY, g_strdup (adw_view_stack_page_get_name (page)), g_free);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, current, -1);
  return row;
}

/* The menu and the button follow the pages and which one is shown. */
static void
update (PulsePageSwitcher *self)
{
  GtkWidget *visible = self->stack ? adw_view_stack_get_visible_child (self->stack) : NULL;
  GtkWidget *row;
  guint n = self->pages ? g_list_model_get_n_items (G_LIST_MODEL (self->pages)) : 0;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, row);
  gtk_label_set_label (self->menu_label, "");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);
      gboolean current = adw_view_stack_page_get_child (page) == visible;

      if (!adw_view_stack_page_get_visible (page))
        continue;
      gtk_list_box_append (self->list, build_row (page, current));
      if (current)
        gtk_label_set_label (self->menu_label, adw_view_stack_page_get_title (page));
    }
}

static void
on_row_activated (PulsePageSwitcher *self,
                  GtkListBoxRow     *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), PAGE_NAME_KEY);

  gtk_menu_button_popdown (self->menu_button);
  /* The window's action also leaves the detail view; alone, the stack. */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.page", "s", name) && self->stack != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

/* Opened from the keyboard, the focus starts on the current page. */
static void
on_popover_mapped (PulsePageSwitcher *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (self->stack != NULL &&
        g_strcmp0 (g_object_get_data (G_OBJECT (row), PAGE_NAME_KEY),
                   adw_view_stack_get_visible_child_name (self->stack)) == 0)
      {
        gtk_widget_grab_focus (row);
        return;
      }
}

static GtkWidget *
build_menu_button (PulsePageSwitcher *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *button = gtk_menu_button_new ();

  self->menu_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->menu_label), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->menu_label));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("pan-down-symbolic"));
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pages"), -1);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pages"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->list));
  g_signal_connect_object (popover, "map", G_CALLBACK (on_popover_mapped), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  self->menu_button = GTK_MENU_BUTTON (button);
  return button;
}

static GtkWidget *
build_view_switcher (AdwViewSwitcherPolicy policy)
{
  GtkWidget *switcher = adw_view_switcher_new ();

  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), policy);
  return switcher;
}

/* AdwSqueezer is deprecated from libadwaita 1.4 on (breakpoints replace
 * it); the app targets 1.2. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static GtkWidget *
build_squeezer (PulsePageSwitcher *self)
{
  GtkWidget *squeezer = adw_squeezer_new ();

  /* A switcher only when its titles fit whole. */
  adw_squeezer_set_switch_threshold_policy (ADW_SQUEEZER (squeezer), ADW_FOLD_THRESHOLD_POLICY_NATURAL);
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), build_view_switcher (ADW_VIEW_SWITCHER_POLICY_WIDE));
  adw_squeezer_add (ADW_SQUEEZER (squeezer), build_view_switcher (ADW_VIEW_SWITCHER_POLICY_NARROW));
  adw_squeezer_add (ADW_SQUEEZER (squeezer), build_menu_button (self));
  return squeezer;
}

static void
set_switchers_stack (PulsePageSwitcher *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (self->squeezer);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_VIEW_SWITCHER (child))
      adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (child), self->stack);
}

gboolean
pulse_page_switcher_get_narrow (PulsePageSwitcher *self)
{
  g_return_val_if_fail (PULSE_IS_PAGE_SWITCHER (self), FALSE);
  return adw_squeezer_get_visible_child (ADW_SQUEEZER (self->squeezer)) == GTK_WIDGET (self->menu_button);
}

G_GNUC_END_IGNORE_DEPRECATIONS

static void
pulse_page_switcher_dispose (GObject *object)
{
  PulsePageSwitcher *self = PULSE_PAGE_SWITCHER (object);

  if (self->mode != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->mode));
      self->mode = NULL;
    }
  g_clear_object (&self->pages);
  g_clear_object (&self->stack);

  G_OBJECT_CLASS (pulse_page_switcher_parent_class)->dispose (object);
}

static void
pulse_page_switcher_class_init (PulsePageSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_page_switcher_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pulsepageswitcher");
}

static void
pulse_page_switcher_init (PulsePageSwitcher *self)
{
  self->mode = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_hhomogeneous (self->mode, FALSE);
  gtk_stack_add_named (self->mode, adw_window_title_new (_("Pulse"), NULL), "title");
  self->squeezer = build_squeezer (self);
  gtk_stack_add_named (self->mode, self->squeezer, "pages");
  gtk_stack_set_visible_child_name (self->mode, "title");
  gtk_widget_set_parent (GTK_WIDGET (self->mode), GTK_WIDGET (self));
}

GtkWidget *
pulse_page_switcher_new (void)
{
  return g_object_new (PULSE_TYPE_PAGE_SWITCHER, NULL);
}

void
pulse_page_switcher_set_stack (PulsePageSwitcher *self,
                               AdwViewStack      *stack)
{
  g_return_if_fail (PULSE_IS_PAGE_SWITCHER (self));
  g_return_if_fail (stack == NULL || ADW_IS_VIEW_STACK (stack));

  if (self->pages != NULL)
    g_signal_handlers_disconnect_by_data (self->pages, self);
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_data (self->stack, self);
  g_clear_object (&self->pages);
  g_set_object (&self->stack, stack);
  set_switchers_stack (self);
  if (stack != NULL)
    {
      self->pages = adw_view_stack_get_pages (stack);
      g_signal_connect_object (self->pages, "items-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (stack, "notify::visible-child", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

/* Without pages to switch to (no workspace open), the window's title. */
void
pulse_page_switcher_set_enabled (PulsePageSwitcher *self,
                                 gboolean           enabled)
{
  g_return_if_fail (PULSE_IS_PAGE_SWITCHER (self));
  gtk_stack_set_visible_child_name (self->mode, enabled ? "pages" : "title");
}

gboolean
pulse_page_switcher_get_enabled (PulsePageSwitcher *self)
{
  g_return_val_if_fail (PULSE_IS_PAGE_SWITCHER (self), FALSE);
  return g_str_equal (gtk_stack_get_visible_child_name (self->mode), "pages");
}

GtkMenuButton *
pulse_page_switcher_get_menu_button (PulsePageSwitcher *self)
{
  g_return_val_if_fail (PULSE_IS_PAGE_SWITCHER (self), NULL);
  return self->menu_button;
}

GtkListBox *
pulse_page_switcher_get_menu_list (PulsePageSwitcher *self)
{
  g_return_val_if_fail (PULSE_IS_PAGE_SWITCHER (self), NULL);
  return self->list;
}
