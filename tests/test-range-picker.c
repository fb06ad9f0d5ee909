/* test-range-picker.c: the custom range picker, in the real window
 *
 * A range picked on the month (two clicks) or typed into the entries
 * becomes the dashboard's range: the pages query it, the JSON document
 * built from what they show reports it, and the range button names it
 * in words, not in ISO. Dates that are no dates, an end before the
 * start and ranges over the limit are refused; Escape changes nothing.
 * At 360 px, opened from the Filters popover, it lies inside the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pulse-data-export.h"
#include "pulse-metric-card.h"
#include "pulse-range-picker-private.h"
#include "pulse-settings.h"
#include "pulse-test-pg.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

static PulseApplication *app;
static PulseCatalog *catalog;
static char *demo_conninfo;

/* Generated data ending today, shared by the tests. */
static const char *
demo_database (void)
{
  if (demo_conninfo == NULL)
    demo_conninfo = pulse_test_pg_create_demo_db ("range_picker", 300);
  return demo_conninfo;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = pulse_settings_new ();
  const char * const keys[] = { "range-preset", "custom-from", "custom-to", "granularity", "segment",
                                "compare", "timezone", "page", NULL };

  for (guint i = 0; keys[i]; i++)
    g_settings_reset (settings, keys[i]);
  /* A page of metrics: the overview's tiles are the pages' cards. */
  g_settings_set_string (settings, "page", "growth");
}

static char *
get_setting (const char *key)
{
  g_autoptr(GSettings) settings = pulse_settings_new ();
  return g_settings_get_string (settings, key);
}

/* Today in UTC, the demo's zone: the data ends on it. */
static void
get_today (GDate *today)
{
  pulse_today_in_zone ("UTC", today);
}

/* Day @day of the month @months before today's. */
static void
day_in_earlier_month (GDate *out,
                      guint  months,
                      guint  day)
{
  get_today (out);
  g_date_set_day (out, 1);
  g_date_subtract_months (out, months);
  g_date_set_day (out, (GDateDay)day);
}

static PulseWindow *
open_window_at (int width,
                int height)
{
  PulseWindow *window = pulse_window_new (GTK_APPLICATION (app), catalog);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  pulse_window_open_connection (window, demo_database ());
  g_assert_cmpstr (pulse_window_get_state (window), ==, "dashboard");
  pulse_test_wait_for_page (pulse_window_get_visible_page (window));
  return window;
}

static PulseWindow *
open_window (void)
{
  return open_window_at (1280, 800);
}

/* As a user opens it: the range button, then "Custom range…". */
static PulseRangePicker *
open_picker (PulseWindow *window)
{
  GtkMenuButton *button = pulse_window_get_range_button (window);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  GtkListBox *presets = GTK_LIST_BOX (pulse_test_find_descendant (popover, GTK_TYPE_LIST_BOX));
  GtkListBoxRow *custom;
  PulseRangePicker *picker;

  gtk_menu_button_popup (button);
  pulse_test_wait_until (pulse_test_is_mapped, presets, 10);
  custom = gtk_list_box_get_row_at_index (presets, PULSE_RANGE_CUSTOM);
  g_assert_nonnull (custom);
  g_signal_emit_by_name (presets, "row-activated", custom);
  picker = PULSE_RANGE_PICKER (pulse_test_find_descendant (popover, PULSE_TYPE_RANGE_PICKER));
  g_assert_nonnull (picker);
  pulse_test_wait_until (pulse_test_is_mapped, picker, 10);
  return picker;
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* As a user types: the text, then Enter. */
static void
type_date (PulseRangePicker *picker,
           gboolean          end,
           const char       *text,
           gboolean          enter)
{
  GtkEditable *entry = pulse_range_picker_get_entry (picker, end);

  gtk_editable_set_text (entry, text);
  if (enter)
    g_signal_emit_by_name (entry, "activate");
}

/* The JSON document of what the visible page shows, as the command
 * line writes it (pulse_data_export_build_json()), reports @from..@to;
 * every card's result is of that range. */
static void
assert_exported_range (PulseWindow *window,
                       const GDate *from,
                       const GDate *to)
{
  PulseMetricPage *page = pulse_window_get_visible_page (window);
  PulseQueryRange *range = pulse_window_get_range (window);
  GPtrArray *cards = pulse_metric_page_get_cards (page);
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *json_range;
  char expected_from[11], expected_to[11];

  pulse_test_wait_for_page (page);
  for (guint i = 0; i < cards->len; i++)
    {
      PulseMetricResult *result = pulse_metric_card_get_result (g_ptr_array_index (cards, i));

      g_assert_nonnull (result);
      g_assert_true (pulse_query_range_equal (pulse_metric_result_get_range (result), range));
      g_ptr_array_add (results, result);
    }
  root = pulse_data_export_build_json (range, results, NULL);
  json_range = json_object_get_object_member (json_node_get_object (root), "range");
  pulse_format_iso_date (from, expected_from);
  pulse_format_iso_date (to, expected_to);
  g_assert_cmpstr (json_object_get_string_member (json_range, "from"), ==, expected_from);
  g_assert_cmpstr (json_object_get_string_member (json_range, "to"), ==, expected_to);
}

/* The button names the range in words: its month and year, no ISO date. */
static void
assert_button_label (PulseWindow *window,
                     const GDate *from,
                     const GDate *to)
{
  const char *label = gtk_menu_button_get_label (pulse_window_get_range_button (window));
  char iso[11], month[32], year[8];

  g_assert_nonnull (label);
  pulse_format_iso_date (from, iso);
  g_assert_null (strstr (label, iso));
  pulse_format_iso_date (to, iso);
  g_assert_null (strstr (label, iso));
  g_date_strftime (month, sizeof month, "%b", to);
  g_date_strftime (year, sizeof year, "%Y", to);
  g_assert_nonnull (strstr (label, month));
  g_assert_nonnull (strstr (label, year));
  g_assert_cmpstr (pulse_window_get_ticked_preset (window), ==, "custom");
}

static void
assert_settings (const GDate *from,
                 const GDate *to)
{
  g_autofree char *preset = get_setting ("range-preset");
  g_autofree char *saved_from = get_setting ("custom-from");
  g_autofree char *saved_to = get_setting ("custom-to");
  char expected[11];

  g_assert_cmpstr (preset, ==, "custom");
  pulse_format_iso_date (from, expected);
  g_assert_cmpstr (saved_from, ==, expected);
  pulse_format_iso_date (to, expected);
  g_assert_cmpstr (saved_to, ==, expected);
}

/* The picker closed and @from..@to is the range: saved, exported, named. */
static void
assert_applied (PulseWindow *window,
                GtkWidget   *popover,
                const GDate *from,
                const GDate *to)
{
  pulse_test_wait_until (pulse_test_is_unmapped, popover, 10);
  assert_settings (from, to);
  assert_exported_range (window, from, to);
  assert_button_label (window, from, to);
}

/* Two clicks on the month a month back: the range between them. */
static void
test_click_range (void)
{
  PulseWindow *window;
  PulseRangePicker *picker;
  GtkWidget *popover;
  GDate from, to;

  reset_settings ();
  window = open_window ();
  picker = open_picker (window);
  popover = gtk_widget_get_ancestor (GTK_WIDGET (picker), GTK_TYPE_POPOVER);
  day_in_earlier_month (&from, 1, 5);
  day_in_earlier_month (&to, 1, 20);

  /* Shown first: the month of the range's last day, today's; the
   * previous month is the first button's. */
  click (find_action_button (GTK_WIDGET (picker), "range-picker.month"));
  /* The end first: either order makes the same range. */
  click (pulse_range_picker_get_day_button (picker, &to));
  g_assert_cmpstr (pulse_range_picker_get_message (picker), ==, "Pick the last day");
  g_assert_false (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (picker), "range-picker.apply")));
  click (pulse_range_picker_get_day_button (picker, &from));
  g_assert_cmpint (g_date_compare (pulse_range_picker_get_from (picker), &from), ==, 0);
  g_assert_cmpint (g_date_compare (pulse_range_picker_get_to (picker), &to), ==, 0);
  /* The band: both ends and every day between them. */
  g_assert_true (gtk_widget_has_css_class (pulse_range_picker_get_day_button (picker, &from), "range-start"));
  g_assert_true (gtk_widget_has_css_class (pulse_range_picker_get_day_button (picker, &to), "range-end"));
  {
    GDate between = from;

    g_date_add_days (&between, 1);
    g_assert_true (gtk_widget_has_css_class (pulse_range_picker_get_day_button (picker, &between), "in-range"));
  }
  g_assert_cmpstr (pulse_range_picker_get_message (picker), ==, "16 days");

  click (find_action_button (GTK_WIDGET (picker), "range-picker.apply"));
  assert_applied (window, popover, &from, &to);

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

/* Typed dates: the locale's way and ISO; what is refused is said and
 * not applied; Enter applies; Escape leaves the range as it was. */
static void
test_typed_range (void)
{
  PulseWindow *window;
  PulseRangePicker *picker;
  GtkWidget *popover;
  GtkEditable *from_entry, *to_entry;
  char words[64], iso[11];
  GDate from, to, before;

  reset_settings ();
  window = open_window ();
  picker = open_picker (window);
  popover = gtk_widget_get_ancestor (GTK_WIDGET (picker), GTK_TYPE_POPOVER);
  from_entry = pulse_range_picker_get_entry (picker, FALSE);
  to_entry = pulse_range_picker_get_entry (picker, TRUE);
  day_in_earlier_month (&from, 2, 3);
  day_in_earlier_month (&to, 2, 17);

  /* No such day: said, marked, and Enter does nothing. */
  type_date (picker, FALSE, "2026-02-30", TRUE);
  g_assert_nonnull (strstr (pulse_range_picker_get_message (picker), "is not a date"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (from_entry), "error"));
  g_assert_false (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (picker), "range-picker.apply")));
  g_assert_true (gtk_widget_get_mapped (popover));
  type_date (picker, FALSE, "soon", TRUE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (from_entry), "error"));
  g_assert_true (gtk_widget_get_mapped (popover));

  /* The first day as the locale writes it ("Sep 3, 2026" in C.UTF-8). */
  g_date_strftime (words, sizeof words, "%b %d, %Y", &from);
  type_date (picker, FALSE, words, FALSE);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (from_entry), "error"));
  g_assert_cmpint (g_date_compare (pulse_range_picker_get_from (picker), &from), ==, 0);
  /* The month shown follows what is typed. */
  g_assert_nonnull (pulse_range_picker_get_day_button (picker, &from));

  /* An end before the start. */
  before = from;
  g_date_subtract_days (&before, 1);
  pulse_format_iso_date (&before, iso);
  type_date (picker, TRUE, iso, TRUE);
  g_assert_cmpstr (pulse_range_picker_get_message (picker), ==, "The last day comes before the first");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (to_entry), "error"));
  g_assert_true (gtk_widget_get_mapped (popover));

  /* Longer than the queries allow. */
  type_date (picker, FALSE, "1990-01-01", FALSE);
  pulse_format_iso_date (&to, iso);
  type_date (picker, TRUE, iso, TRUE);
  g_assert_cmpstr (pulse_range_picker_get_message (picker), ==, "A range is at most 20 years long");
  g_assert_true (gtk_widget_get_mapped (popover));
  {
    g_autofree char *preset = get_setting ("range-preset");
    g_assert_cmpstr (preset, !=, "custom");
  }

  /* Both right: Enter in the last day's entry applies. */
  type_date (picker, FALSE, words, FALSE);
  type_date (picker, TRUE, iso, TRUE);
  assert_applied (window, popover, &from, &to);

  /* Opened again, it shows the range applied; Escape drops an edit. */
  picker = open_picker (window);
  g_assert_cmpint (g_date_compare (pulse_range_picker_get_from (picker), &from), ==, 0);
  g_assert_cmpint (g_date_compare (pulse_range_picker_get_to (picker), &to), ==, 0);
  /* The keyboard starts on the range's first day. */
  g_assert_true (gtk_widget_is_focus (pulse_range_picker_get_day_button (picker, &from)));
  type_date (picker, FALSE, "2000-01-01", FALSE);
  pulse_test_press_shortcut (GTK_WIDGET (picker), GDK_KEY_Escape, 0);
  pulse_test_wait_until (pulse_test_is_unmapped, popover, 10);
  assert_settings (&from, &to);
  g_assert_cmpint (g_date_compare (pulse_range_picker_get_from (picker), &from), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

/* The range menu's slide from its list to the picker is over. */
static gboolean
slid_in (gpointer picker)
{
  /* Laid out too: without animations it is mapped before its size. */
  return !gtk_stack_get_transition_running (GTK_STACK (gtk_widget_get_ancestor (picker, GTK_TYPE_STACK))) &&
         gtk_widget_get_width (picker) > 0;
}

/* Where @widget's top-left corner is in the window's coordinates,
 * through the popovers it is in: each one a surface placed on its
 * parent's. */
static graphene_point_t
position_in_window (GtkWidget *widget,
                    GtkWidget *window)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t point;
  double x, y;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (0, 0), &point));
  while (GTK_IS_POPOVER (native))
    {
      GdkSurface *surface = gtk_native_get_surface (native);

      gtk_native_get_surface_transform (native, &x, &y);
      point.x += (float)(x + gdk_popup_get_position_x (GDK_POPUP (surface)));
      point.y += (float)(y + gdk_popup_get_position_y (GDK_POPUP (surface)));
      native = gtk_widget_get_native (gtk_widget_get_parent (GTK_WIDGET (native)));
      gtk_native_get_surface_transform (native, &x, &y);
      point.x -= (float)x;
      point.y -= (float)y;
    }
  g_assert_true (GTK_WIDGET (native) == window);
  return point;
}

/* At 360 px the range button is in the Filters popover: the picker
 * it opens lies whole inside the window, and dates typed there set
 * the range the JSON export reports. */
static void
test_narrow_window (void)
{
  PulseWindow *window;
  PulseRangePicker *picker;
  GtkWidget *filters, *popover;
  graphene_point_t origin;
  char from_text[11], to_text[11];
  GDate from, to;

  reset_settings ();
  window = open_window_at (360, 720);
  pulse_test_wait_until (pulse_test_filters_collapsed, window, 10);
  filters = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (pulse_window_get_filters_button (window))));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (pulse_window_get_range_button (window)), filters));
  gtk_menu_button_popup (GTK_MENU_BUTTON (pulse_window_get_filters_button (window)));
  pulse_test_wait_until (pulse_test_is_mapped, filters, 10);
  picker = open_picker (window);
  popover = gtk_widget_get_ancestor (GTK_WIDGET (picker), GTK_TYPE_POPOVER);
  pulse_test_wait_until (slid_in, picker, 10);

  origin = position_in_window (GTK_WIDGET (picker), GTK_WIDGET (window));
  g_test_message ("picker at %.0f,%.0f, %dx%d in a %dx%d window", origin.x, origin.y,
                  gtk_widget_get_width (GTK_WIDGET (picker)), gtk_widget_get_height (GTK_WIDGET (picker)),
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpfloat (origin.x, >=, 0);
  g_assert_cmpfloat (origin.y, >=, 0);
  g_assert_cmpfloat (origin.x + gtk_widget_get_width (GTK_WIDGET (picker)), <=, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpfloat (origin.y + gtk_widget_get_height (GTK_WIDGET (picker)), <=, gtk_widget_get_height (GTK_WIDGET (window)));

  day_in_earlier_month (&from, 1, 2);
  day_in_earlier_month (&to, 1, 9);
  pulse_format_iso_date (&from, from_text);
  pulse_format_iso_date (&to, to_text);
  type_date (picker, FALSE, from_text, FALSE);
  type_date (picker, TRUE, to_text, TRUE);
  assert_applied (window, popover, &from, &to);

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings ();
}

int
main (int   argc,
      char *argv[])
{
  /* No first group: reset_settings() picks the page. */
  const PulseTestUi *ui = pulse_test_ui_init (&argc, &argv, "range-picker",
                                               PULSE_TEST_UI_CONFIG | PULSE_TEST_UI_BUS |
                                               PULSE_TEST_UI_APP | PULSE_TEST_UI_SERVER);
  int status;

  app = ui->app;
  catalog = ui->catalog;
  g_test_add_func ("/range-picker/click-range", test_click_range);
  g_test_add_func ("/range-picker/typed-range", test_typed_range);
  g_test_add_func ("/range-picker/narrow-window", test_narrow_window);

  status = pulse_test_ui_run ();
  g_clear_pointer (&demo_conninfo, g_free);
  return status;
}
