/* pulse-chart-menu.c: a time chart's context menu
 *
 * A right click or a long press on a day of a time chart (or Shift+F10
 * and the Menu key on the day under the keyboard crosshair) opens a menu
 * with "Add Annotation…", which activates win.add-annotation with that
 * day (the first day of its bucket on weekly and monthly charts). Left
 * clicks stay the chart's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-chart-format.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-menu.h"
#include "pulse-chart-view-private.h"

/* The day of @hit's bucket, on a time chart; NULL elsewhere. */
static char *
day_of_hit (PulseChartModel     *model,
            const PulseChartHit *hit)
{
  PulseChartKind kind = pulse_chart_model_get_kind (model);
  int year, month, day;

  if (hit->kind != PULSE_CHART_HIT_BUCKET || kind == PULSE_CHART_KIND_HISTOGRAM || kind == PULSE_CHART_KIND_FUNNEL ||
      hit->index < 0 || (guint)hit->index >= pulse_chart_model_get_n_buckets (model))
    return NULL;
  if (!pulse_chart_parse_date (pulse_chart_model_get_buckets (model)[hit->index], &year, &month, &day))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/* The bucket's day at (@x, @y), on a time chart; NULL elsewhere. */
char *
pulse_chart_menu_dup_day_at (PulseChartView *view,
                             double          x,
                             double          y)
{
  PulseChartLayout *layout = pulse_chart_view_get_layout (view);
  PulseChartModel *model = pulse_chart_view_get_model (view);
  PulseChartHit hit;

  if (layout == NULL || model == NULL || !pulse_chart_layout_hit_test (layout, x, y, &hit))
    return NULL;
  return day_of_hit (model, &hit);
}

static gboolean
unparent_later (gpointer data)
{
  g_autoptr(GtkWidget) popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  return G_SOURCE_REMOVE;
}

/* After the item's action ran: it needs the popover in the window. */
static void
on_closed (GtkPopover *popover)
{
  g_idle_add (unparent_later, g_object_ref (popover));
}

static void
popup_for_day (PulseChartView *view,
               const char     *day,
               double          x,
               double          y)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = g_menu_item_new (_("Add _Annotation…"), NULL);
  GtkWidget *popover;

  g_menu_item_set_action_and_target_value (item, "win.add-annotation", g_variant_new_string (day));
  g_menu_append_item (menu, item);
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, GTK_WIDGET (view));
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int)x, (int)y, 1, 1 });
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  g_signal_connect (popover, "closed", G_CALLBACK (on_closed), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/**
 * pulse_chart_menu_popup:
 *
 * Opens the menu for the day at (@x, @y). Returns: whether there is one
 */
gboolean
pulse_chart_menu_popup (PulseChartView *view,
                        double          x,
                        double          y)
{
  g_autofree char *day = pulse_chart_menu_dup_day_at (view, x, y);

  if (day == NULL)
    return FALSE;
  popup_for_day (view, day, x, y);
  return TRUE;
}

static void
on_secondary_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      PulseChartView  *view)
{
  if (pulse_chart_menu_popup (view, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_long_pressed (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 PulseChartView      *view)
{
  if (pulse_chart_menu_popup (view, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The keyboard: the day under the crosshair. */
static gboolean
on_menu_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  PulseChartView *view = PULSE_CHART_VIEW (widget);
  PulseChartModel *model = pulse_chart_view_get_model (view);
  PulseChartLayout *layout = pulse_chart_view_get_layout (view);
  const PulseChartHit *hover = pulse_chart_view_get_hover (view);
  g_autofree char *day = model ? day_of_hit (model, hover) : NULL;
  cairo_rectangle_t rect = { 0 };

  if (day == NULL || layout == NULL)
    return FALSE;
  pulse_chart_layout_get_item_rect (layout, hover->index, &rect);
  popup_for_day (view, day, rect.x + rect.width / 2, rect.y + rect.height / 2);
  return TRUE;
}

void
pulse_chart_menu_attach (PulseChartView *view)
{
  GtkGesture *secondary = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkShortcutAction *action = gtk_callback_action_new (on_menu_key, NULL, NULL);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_secondary_pressed), view);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (secondary));

  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect (long_press, "pressed", G_CALLBACK (on_long_pressed), view);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (long_press));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                   gtk_keyval_trigger_new (GDK_KEY_Menu, 0)),
                      action));
  gtk_widget_add_controller (GTK_WIDGET (view), keys);
}
