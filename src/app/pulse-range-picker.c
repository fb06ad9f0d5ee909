/* pulse-range-picker.c: one control for a custom date range
 *
 * A month of day buttons: the first click picks the first day, the
 * second the last (either order), and the days between are drawn as one
 * band, previewed under the pointer while the last day is still to be
 * picked. Two entries take the same range typed, as the user's locale
 * writes dates or as YYYY-MM-DD; a text that is no date, an end before
 * the start or a range longer than the queries allow is said under them
 * and cannot be applied. Apply (or Enter in an entry) asks the window
 * through "win.custom-range"; Cancel (or Escape) goes back to the range
 * it was given. Either closes the popover the picker is in, wherever
 * that is in the toolbar. Page Up and Page Down turn the month.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-query-range.h"
#include "pulse-range-picker-private.h"

/* Six weeks hold any month, Monday first (the weeks of weekly buckets). */
#define N_DAYS 42

struct _PulseRangePicker
{
  GtkWidget  parent_instance;

  GDate      from;            /* invalid: not picked yet */
  GDate      to;              /* invalid: not picked yet, or picking it */
  GDate      given_from;      /* what Cancel goes back to */
  GDate      given_to;
  GDate      month;           /* the first day of the month shown */
  GDate      hover;           /* the day under the pointer */
  GDate      today;
  gboolean   from_text_ok;    /* the entries' texts are dates, or empty */
  gboolean   to_text_ok;
  gboolean   writing_entries; /* the picker itself writes them */

  GtkWidget *month_label;
  GtkWidget *days[N_DAYS];
  GDate      day_dates[N_DAYS];
  GtkWidget *from_entry;
  GtkWidget *to_entry;
  GtkWidget *message;
};

enum {
  PROP_0,
  PROP_FROM,
  PROP_TO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PulseRangePicker, pulse_range_picker, GTK_TYPE_WIDGET)

static gboolean
same_day (const GDate *a,
          const GDate *b)
{
  if (!g_date_valid (a) || !g_date_valid (b))
    return g_date_valid (a) == g_date_valid (b);
  return g_date_compare (a, b) == 0;
}

/* The band drawn: the range, or while the last day is still to be
 * picked, from the first day to the one under the pointer. */
static gboolean
get_band (PulseRangePicker *self,
          GDate            *lo,
          GDate            *hi)
{
  const GDate *end = g_date_valid (&self->to) ? &self->to : &self->hover;

  if (!g_date_valid (&self->from))
    return FALSE;
  *lo = self->from;
  *hi = g_date_valid (end) ? *end : self->from;
  if (g_date_compare (hi, lo) < 0)
    {
      GDate swap = *lo;
      *lo = *hi;
      *hi = swap;
    }
  return TRUE;
}

static void
set_class (GtkWidget  *widget,
           const char *css_class,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static void
update_days (PulseRangePicker *self)
{
  GDate lo, hi;
  gboolean band = get_band (self, &lo, &hi);

  for (guint i = 0; i < N_DAYS; i++)
    {
      const GDate *day = &self->day_dates[i];
      gboolean start = band && g_date_compare (day, &lo) == 0;
      gboolean end = band && g_date_compare (day, &hi) == 0;

      set_class (self->days[i], "range-start", start);
      set_class (self->days[i], "range-end", end);
      set_class (self->days[i], "in-range", band && !start && !end &&
                 g_date_compare (day, &lo) > 0 && g_date_compare (day, &hi) < 0);
      set_class (self->days[i], "today", g_date_compare (day, &self->today) == 0);
      set_class (self->days[i], "other-month", g_date_get_month (day) != g_date_get_month (&self->month));
    }
}

static char *
format_month (const GDate *first)
{
  g_autoptr(GDateTime) date_time = g_date_time_new_utc (g_date_get_year (first), g_date_get_month (first), 1,
                                                        0, 0, 0);

  /* Translators: the month the range picker shows, "November 2026"; see g_date_time_format() */
  return g_date_time_format (date_time, _("%OB %Y"));
}

void
pulse_range_picker_show_month (PulseRangePicker *self,
                               const GDate      *day)
{
  g_autofree char *title = NULL;
  GDate first;

  g_return_if_fail (PULSE_IS_RANGE_PICKER (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  g_date_clear (&self->month, 1);
  g_date_set_dmy (&self->month, 1, g_date_get_month (day), g_date_get_year (day));
  first = self->month;
  g_date_subtract_days (&first, g_date_get_weekday (&first) - G_DATE_MONDAY);
  for (guint i = 0; i < N_DAYS; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", g_date_get_day (&first));
      g_autofree char *name = pulse_format_user_date (&first);

      self->day_dates[i] = first;
      gtk_button_set_label (GTK_BUTTON (self->days[i]), number);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->days[i]), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_date_add_days (&first, 1);
    }
  title = format_month (&self->month);
  gtk_label_set_label (GTK_LABEL (self->month_label), title);
  update_days (self);
}

static void
step_month (PulseRangePicker *self,
            int               months)
{
  GDate month = self->month;

  if (months < 0)
    g_date_subtract_months (&month, (guint)-months);
  else
    g_date_add_months (&month, (guint)months);
  pulse_range_picker_show_month (self, &month);
}

/* What the range is short of, or %NULL when it can be applied. */
static char *
describe_problem (PulseRangePicker *self,
                  gboolean         *is_error)
{
  g_autofree char *example = pulse_format_user_date (&self->today);
  GDate limit;

  *is_error = TRUE;
  if (!self->from_text_ok || !self->to_text_ok)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->from_text_ok ? self->to_entry
                                                                                  : self->from_entry));
      /* Translators: what was typed, then a date as an example */
      return g_strdup_printf (_("“%s” is not a date; type one like %s"), text, example);
    }
  if (g_date_valid (&self->from) && g_date_valid (&self->to))
    {
      if (g_date_compare (&self->to, &self->from) < 0)
        return g_strdup (_("The last day comes before the first"));
      limit = self->from;
      g_date_add_years (&limit, PULSE_QUERY_RANGE_MAX_YEARS);
      if (g_date_compare (&self->to, &limit) >= 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A range is at most %u year long",
                                             "A range is at most %u years long", PULSE_QUERY_RANGE_MAX_YEARS),
                                PULSE_QUERY_RANGE_MAX_YEARS);
      *is_error = FALSE;
      return NULL;
    }
  *is_error = FALSE;
  return g_strdup (g_date_valid (&self->from) ? _("Pick the last day") : _("Pick the first day"));
}

/* The message under the entries, their error state and Apply. */
static void
validate (PulseRangePicker *self)
{
  gboolean is_error = FALSE;
  g_autofree char *problem = describe_problem (self, &is_error);
  gboolean reversed = problem != NULL && is_error && self->from_text_ok && self->to_text_ok;

  set_class (self->from_entry, "error", !self->from_text_ok);
  set_class (self->to_entry, "error", !self->to_text_ok || reversed);
  set_class (self->message, "error", is_error);
  set_class (self->message, "dim-label", !is_error);
  if (problem == NULL)
    {
      guint n = (guint)(g_date_days_between (&self->from, &self->to) + 1);

      problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", n), n);
    }
  gtk_label_set_label (GTK_LABEL (self->message), problem);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "range-picker.apply",
                                 !is_error && g_date_valid (&self->from) && g_date_valid (&self->to));
}

static void
write_entry (PulseRangePicker *self,
             GtkWidget        *entry,
             const GDate      *day)
{
  g_autofree char *text = NULL;
  GDate back;

  if (g_date_valid (day))
    {
      text = pulse_format_user_date (day);
      /* A locale whose dates g_date_set_parse() misreads gets ISO. */
      if (!pulse_parse_user_date (text, &back) || g_date_compare (&back, day) != 0)
        {
          g_free (text);
          text = g_malloc (11);
          pulse_format_iso_date (day, text);
        }
    }
  self->writing_entries = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  self->writing_entries = FALSE;
}

static void
set_dates (PulseRangePicker *self,
           const GDate      *from,
           const GDate      *to,
           gboolean          write_entries)
{
  gboolean from_changed = !same_day (&self->from, from);
  gboolean to_changed = !same_day (&self->to, to);

  self->from = *from;
  self->to = *to;
  if (write_entries)
    {
      write_entry (self, self->from_entry, &self->from);
      write_entry (self, self->to_entry, &self->to);
      self->from_text_ok = self->to_text_ok = TRUE;
    }
  if (from_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM]);
  if (to_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TO]);
  validate (self);
  update_days (self);
}

/* A first click starts a range; the second ends it, before or after. */
static void
on_day_clicked (PulseRangePicker *self,
                GtkButton        *button)
{
  const GDate *day = &self->day_dates[GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"))];
  GDate none;

  g_date_clear (&none, 1);
  g_date_clear (&self->hover, 1);
  if (!g_date_valid (&self->from) || g_date_valid (&self->to))
    set_dates (self, day, &none, TRUE);
  else if (g_date_compare (day, &self->from) < 0)
    {
      GDate from = self->from;
      set_dates (self, day, &from, TRUE);
    }
  else
    set_dates (self, &self->from, day, TRUE);
}

static void
on_day_entered (GtkEventControllerMotion *motion,
                double                    x,
                double                    y,
                PulseRangePicker         *self)
{
  GtkWidget *button = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  if (!g_date_valid (&self->from) || g_date_valid (&self->to))
    return;
  self->hover = self->day_dates[GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"))];
  update_days (self);
}

static void
on_entry_changed (PulseRangePicker *self,
                  GtkEditable      *entry)
{
  const char *text = gtk_editable_get_text (entry);
  gboolean is_from = GTK_WIDGET (entry) == self->from_entry;
  gboolean empty = text[0] == '\0';
  GDate day;
  gboolean ok = pulse_parse_user_date (text, &day) || empty;

  if (self->writing_entries)
    return;
  if (is_from)
    self->from_text_ok = ok;
  else
    self->to_text_ok = ok;
  if (!ok)
    {
      validate (self);
      return;
    }
  /* An empty entry is a day not picked yet. */
  if (is_from)
    set_dates (self, &day, &self->to, FALSE);
  else
    set_dates (self, &self->from, &day, FALSE);
  if (g_date_valid (&day))
    pulse_range_picker_show_month (self, &day);
}

static void
close_popover (PulseRangePicker *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PulseRangePicker *self = PULSE_RANGE_PICKER (widget);
  gboolean is_error;
  g_autofree char *problem = describe_problem (self, &is_error);
  char from[11], to[11];

  /* Enter in an entry comes here whether or not Apply is enabled. */
  if (problem != NULL)
    return;
  pulse_format_iso_date (&self->from, from);
  pulse_format_iso_date (&self->to, to);
  self->given_from = self->from;
  self->given_to = self->to;
  /* The window writes the settings, all three at once. */
  gtk_widget_activate_action (widget, "win.custom-range", "(ss)", from, to);
  close_popover (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PulseRangePicker *self = PULSE_RANGE_PICKER (widget);

  pulse_range_picker_set_range (self, &self->given_from, &self->given_to);
  close_popover (self);
}

/* Enter in an entry applies, as the Apply button does. */
static void
on_entry_activate (PulseRangePicker *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "range-picker.apply", NULL);
}

static GtkWidget *
build_header (PulseRangePicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *previous = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *next = gtk_button_new_from_icon_name ("go-next-symbolic");

  gtk_widget_set_tooltip_text (previous, _("Previous Month"));
  gtk_widget_set_tooltip_text (next, _("Next Month"));
  gtk_widget_add_css_class (previous, "flat");
  gtk_widget_add_css_class (next, "flat");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (previous), "i", -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (previous), "range-picker.month");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (next), "i", 1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (next), "range-picker.month");
  self->month_label = gtk_label_new (NULL);
  gtk_widget_set_hexpand (self->month_label, TRUE);
  gtk_widget_add_css_class (self->month_label, "heading");
  gtk_box_append (GTK_BOX (box), previous);
  gtk_box_append (GTK_BOX (box), self->month_label);
  gtk_box_append (GTK_BOX (box), next);
  return box;
}

static GtkWidget *
build_grid (PulseRangePicker *self)
{
  GtkWidget *grid = gtk_grid_new ();
  GDate monday;

  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  /* The weekdays' names in the locale, from a Monday. */
  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 1, G_DATE_JANUARY, 2024);
  for (guint i = 0; i < 7; i++)
    {
      char name[32];
      GtkWidget *label;

      g_date_strftime (name, sizeof name, "%a", &monday);
      label = gtk_label_new (name);
      gtk_widget_add_css_class (label, "weekday");
      gtk_grid_attach (GTK_GRID (grid), label, (int)i, 0, 1, 1);
      g_date_add_days (&monday, 1);
    }
  for (guint i = 0; i < N_DAYS; i++)
    {
      GtkEventController *motion = gtk_event_controller_motion_new ();

      self->days[i] = gtk_button_new ();
      gtk_widget_add_css_class (self->days[i], "flat");
      gtk_widget_add_css_class (self->days[i], "range-day");
      g_object_set_data (G_OBJECT (self->days[i]), "index", GUINT_TO_POINTER (i));
      g_signal_connect_object (self->days[i], "clicked", G_CALLBACK (on_day_clicked), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (motion, "enter", G_CALLBACK (on_day_entered), self, 0);
      gtk_widget_add_controller (self->days[i], motion);
      gtk_grid_attach (GTK_GRID (grid), self->days[i], (int)(i % 7), (int)(i / 7) + 1, 1, 1);
    }
  return grid;
}

static GtkWidget *
new_entry (PulseRangePicker *self,
           const char       *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  /* Both share the month's width, which fits a phone. */
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 9);
  gtk_widget_set_hexpand (entry, TRUE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_entry_activate), self, G_CONNECT_SWAPPED);
  return entry;
}

static GtkWidget *
build_entries (PulseRangePicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->from_entry = new_entry (self, _("First day"));
  self->to_entry = new_entry (self, _("Last day"));
  gtk_widget_set_tooltip_text (box, _("Type dates as you write them, or as 2026-11-15"));
  gtk_box_append (GTK_BOX (box), self->from_entry);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("–"));
  gtk_box_append (GTK_BOX (box), self->to_entry);
  return box;
}

static GtkWidget *
build_buttons (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "range-picker.cancel");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (apply), "range-picker.apply");
  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_box_append (GTK_BOX (box), cancel);
  gtk_box_append (GTK_BOX (box), apply);
  return box;
}

static void
month_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  step_month (PULSE_RANGE_PICKER (widget), g_variant_get_int32 (parameter));
}

static void
pulse_range_picker_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PulseRangePicker *self = PULSE_RANGE_PICKER (object);

  switch (prop_id)
    {
    case PROP_FROM:
      g_value_set_boxed (value, pulse_range_picker_get_from (self));
      break;
    case PROP_TO:
      g_value_set_boxed (value, pulse_range_picker_get_to (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_range_picker_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PulseRangePicker *self = PULSE_RANGE_PICKER (object);
  const GDate *day = g_value_get_boxed (value);
  GDate none;

  g_date_clear (&none, 1);
  if (day == NULL)
    day = &none;
  switch (prop_id)
    {
    case PROP_FROM:
      set_dates (self, day, &self->to, TRUE);
      break;
    case PROP_TO:
      set_dates (self, &self->from, day, TRUE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Focus goes to the range's first day, so arrows and Enter pick at once;
 * to the first entry when the month shown does not have it. */
static gboolean
pulse_range_picker_grab_focus (GtkWidget *widget)
{
  PulseRangePicker *self = PULSE_RANGE_PICKER (widget);
  GtkWidget *day = g_date_valid (&self->from) ? pulse_range_picker_get_day_button (self, &self->from) : NULL;

  return gtk_widget_grab_focus (day != NULL ? day : self->from_entry);
}

static void
pulse_range_picker_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (pulse_range_picker_parent_class)->dispose (object);
}

static void
pulse_range_picker_class_init (PulseRangePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = pulse_range_picker_get_property;
  object_class->set_property = pulse_range_picker_set_property;
  object_class->dispose = pulse_range_picker_dispose;
  widget_class->grab_focus = pulse_range_picker_grab_focus;

  properties[PROP_FROM] =
    g_param_spec_boxed ("from", NULL, NULL, G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TO] =
    g_param_spec_boxed ("to", NULL, NULL, G_TYPE_DATE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "range-picker.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "range-picker.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "range-picker.month", "i", month_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "range-picker.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "range-picker.month", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "range-picker.month", "i", 1);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rangepicker");
}

/* Marked on the month; read again at each opening, days pass. */
static void
read_today (PulseRangePicker *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static void
pulse_range_picker_init (PulseRangePicker *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *children[5];

  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  g_date_clear (&self->given_from, 1);
  g_date_clear (&self->given_to, 1);
  g_date_clear (&self->hover, 1);
  read_today (self);
  self->from_text_ok = self->to_text_ok = TRUE;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self), "range-picker");

  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (self->message), GTK_NATURAL_WRAP_WORD);
  gtk_label_set_max_width_chars (GTK_LABEL (self->message), 30);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  children[0] = build_header (self);
  children[1] = build_grid (self);
  children[2] = build_entries (self);
  children[3] = self->message;
  children[4] = build_buttons ();
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_set_parent (children[i], GTK_WIDGET (self));

  pulse_range_picker_show_month (self, &self->today);
  validate (self);
}

GtkWidget *
pulse_range_picker_new (void)
{
  return g_object_new (PULSE_TYPE_RANGE_PICKER, NULL);
}

/**
 * pulse_range_picker_set_range:
 * @from: (nullable): the first day, or none picked
 * @to: (nullable): the last day, or none picked
 *
 * Shows the range (the month of its last day), which Cancel then goes
 * back to.
 */
void
pulse_range_picker_set_range (PulseRangePicker *self,
                              const GDate      *from,
                              const GDate      *to)
{
  GDate none;

  g_return_if_fail (PULSE_IS_RANGE_PICKER (self));

  g_date_clear (&none, 1);
  read_today (self);
  self->given_from = from ? *from : none;
  self->given_to = to ? *to : none;
  g_date_clear (&self->hover, 1);
  set_dates (self, &self->given_from, &self->given_to, TRUE);
  if (g_date_valid (&self->to))
    pulse_range_picker_show_month (self, &self->to);
  else if (g_date_valid (&self->from))
    pulse_range_picker_show_month (self, &self->from);
}

/* Returns: (nullable): the first day picked or typed */
const GDate *
pulse_range_picker_get_from (PulseRangePicker *self)
{
  g_return_val_if_fail (PULSE_IS_RANGE_PICKER (self), NULL);
  return g_date_valid (&self->from) ? &self->from : NULL;
}

/* Returns: (nullable): the last day picked or typed */
const GDate *
pulse_range_picker_get_to (PulseRangePicker *self)
{
  g_return_val_if_fail (PULSE_IS_RANGE_PICKER (self), NULL);
  return g_date_valid (&self->to) ? &self->to : NULL;
}

/* Returns: (nullable): the button of @day, if the month shown has it */
GtkWidget *
pulse_range_picker_get_day_button (PulseRangePicker *self,
                                   const GDate      *day)
{
  g_return_val_if_fail (PULSE_IS_RANGE_PICKER (self), NULL);

  for (guint i = 0; i < N_DAYS; i++)
    if (g_date_compare (&self->day_dates[i], day) == 0)
      return self->days[i];
  return NULL;
}

/* @end: the last day's entry, else the first day's */
GtkEditable *
pulse_range_picker_get_entry (PulseRangePicker *self,
                              gboolean          end)
{
  g_return_val_if_fail (PULSE_IS_RANGE_PICKER (self), NULL);
  return GTK_EDITABLE (end ? self->to_entry : self->from_entry);
}

/* The line under the entries: a hint, the number of days or the problem. */
const char *
pulse_range_picker_get_message (PulseRangePicker *self)
{
  g_return_val_if_fail (PULSE_IS_RANGE_PICKER (self), NULL);
  return gtk_label_get_label (GTK_LABEL (self->message));
}
