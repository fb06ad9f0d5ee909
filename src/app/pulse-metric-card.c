/* pulse-metric-card.c: one metric on a dashboard page
 *
 * Shows the metric's title, definition and data source, and one of
 * five states: not loaded, loading (a spinner on this card only), an
 * error with Retry, the result, or offline (the connection failed
 * before any result came). A result stays when the connection fails
 * later, dimmed and marked with the time it was fetched. The numbers of
 * a snapshot saved earlier stand in, marked "Refreshing…", until the
 * fresh ones come (or, offline, stay dimmed and dated). Numbers from
 * the activity cache are marked "Verifying…" until the worker has
 * checked the cache (the page tells the card). "Retry" emits
 * ::retry so the page can re-run just this metric. It draws the
 * dashboard's segment. Its Open button, a double-click or Enter opens
 * the metric's detail view (win.show-detail); a single click on the
 * chart is the chart's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pulse-chart-view.h"
#include "pulse-export-dialog.h"
#include "pulse-metric-card-private.h"
#include "pulse-metric-view.h"
#include "pulse-people-query.h"
#include "pulse-wrap-box-private.h"

struct _PulseMetricCard
{
  GtkWidget          parent_instance;

  PulseDashboard    *dashboard;
  PulseMetric       *metric;
  PulseMetricResult *result;
  PulseMetricResult *previous;
  GDateTime         *fetched;
  gboolean           stale;
  gboolean           refreshing;  /* showing a snapshot's numbers until the fresh ones come */
  gboolean           verifying;
  /* How the result is presented: headline, change, chart */
  PulseMetricView   *view;
  PulseCardState     state;

  GtkWidget         *box;
  GtkLabel          *title_label;
  GtkLabel          *description_label;
  GtkLabel          *summary_label;
  GtkLabel          *definition_label;
  GtkLabel          *source_badge;
  GtkLabel          *stale_label;
  GtkLabel          *verifying_label;
  GtkStack          *state_stack;
  GtkSpinner        *spinner;
  GtkLabel          *progress_label;
  GtkWidget         *cancel_button;
  GtkLabel          *error_label;
  GtkLabel          *value_label;
  GtkLabel          *delta_label;
  PulseChartView    *chart_view;
  GtkWidget         *setup_button;
  GtkLabel          *caption_label;
  GtkLabel          *details_label;
  GtkLabel          *note_label;
  GtkWidget         *open_button;
};

enum {
  PROP_0,
  PROP_DASHBOARD,
  PROP_METRIC,
  PROP_STATE,
  PROP_VERIFYING,
  N_PROPS
};

enum {
  RETRY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PulseMetricCard, pulse_metric_card, GTK_TYPE_WIDGET)

static void
set_state (PulseMetricCard *self,
           PulseCardState   state)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (PULSE_TYPE_CARD_STATE);

  /* The state stack's pages are named after the states' nicks. */
  gtk_stack_set_visible_child_name (self->state_stack, g_enum_get_value (states, state)->value_nick);
  gtk_spinner_set_spinning (self->spinner, state == PULSE_CARD_LOADING);
  /* Exports need a result. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.export", state == PULSE_CARD_CONTENT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.copy-image", state == PULSE_CARD_CONTENT);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * pulse_format_fetched:
 *
 * When numbers were fetched, as a card or the header says it: the time
 * today, with the date before.
 */
char *
pulse_format_fetched (GDateTime *fetched)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = g_date_time_to_local (fetched);

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: a date and time this year, as g_date_time_format() takes it: Nov 29, 16:48 */
    return g_date_time_format (local, _("%b %-d, %H:%M"));
  /* Translators: a date and time of another year, as g_date_time_format() takes it: Nov 29 2025, 16:48 */
  return g_date_time_format (local, _("%b %-d %Y, %H:%M"));
}

/* A stale result is dimmed and says when it was fetched; a snapshot's,
 * until the fresh one comes, says it is refreshing. */
static void
show_badge (PulseMetricCard *self)
{
  g_autofree char *time = NULL;
  g_autofree char *label = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->stale_label), self->stale || self->refreshing);
  if (self->stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_stack), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_stack), "stale");
  if (!self->stale && !self->refreshing)
    return;

  time = pulse_format_fetched (self->fetched);
  if (self->stale)
    {
      /* Translators: %s is when the shown data was fetched: 16:48, or Nov 29, 16:48 */
      label = g_strdup_printf (_("As of %s"), time);
      /* Translators: %s is when the shown data was fetched: 16:48, or Nov 29, 16:48 */
      tooltip = g_strdup_printf (_("The connection failed; this is the data fetched at %s"), time);
    }
  else
    {
      label = g_strdup (_("Refreshing…"));
      /* Translators: %s is when the shown data was fetched: 16:48, or Nov 29, 16:48 */
      tooltip = g_strdup_printf (_("The data fetched at %s, until the current numbers arrive"), time);
    }
  gtk_label_set_label (self->stale_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stale_label), tooltip);
}

static void
show_stale (PulseMetricCard *self,
            gboolean         stale)
{
  self->stale = stale;
  self->refreshing = FALSE;
  show_badge (self);
}

static void
show_source (PulseMetricCard   *self,
             PulseMetricResult *result)
{
  PulseSource source = pulse_metric_result_get_source (result);
  const char *note = pulse_metric_result_get_note (result);

  gtk_widget_set_visible (GTK_WIDGET (self->source_badge), source != PULSE_SOURCE_TABLE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->source_badge), "proxy");
  gtk_widget_remove_css_class (GTK_WIDGET (self->source_badge), "estimated");
  if (source == PULSE_SOURCE_PROXY)
    {
      gtk_label_set_label (self->source_badge, _("Proxy"));
      gtk_widget_add_css_class (GTK_WIDGET (self->source_badge), "proxy");
    }
  else if (source == PULSE_SOURCE_ESTIMATED)
    {
      gtk_label_set_label (self->source_badge, _("Estimated"));
      gtk_widget_add_css_class (GTK_WIDGET (self->source_badge), "estimated");
    }

  gtk_label_set_label (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

/**
 * pulse_headline_label_show:
 *
 * @view's headline in @label: its figure large, then the parts it adds
 * up ("— 405 public, 773 private") at half the size, so the figure
 * leads and a narrow card keeps the headline to two lines.
 */
void
pulse_headline_label_show (GtkLabel        *label,
                           PulseMetricView *view)
{
  const char *text = pulse_metric_view_get_headline_text (view);
  const char *figure = pulse_metric_view_get_headline_figure (view);
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  gtk_label_set_label (label, text);
  if (g_str_has_prefix (text, figure) && text[strlen (figure)] != '\0')
    {
      PangoAttribute *scale = pango_attr_scale_new (0.5);
      PangoAttribute *weight = pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD);

      scale->start_index = weight->start_index = (guint)strlen (figure);
      pango_attr_list_insert (attributes, scale);
      pango_attr_list_insert (attributes, weight);
    }
  gtk_label_set_attributes (label, attributes);
}

/**
 * pulse_delta_label_show:
 * @view: (nullable): the result shown; none hides the label
 *
 * A headline's change in @label: good news green, bad news red, the
 * rest plain; the previous period's dates in its tooltip. Cards, the
 * overview and the detail view all show it so.
 */
void
pulse_delta_label_show (GtkLabel        *label,
                        PulseMetricView *view)
{
  const char *text = view ? pulse_metric_view_get_delta_text (view) : NULL;
  PulseTone tone = view ? pulse_metric_view_get_delta_tone (view) : PULSE_TONE_NEUTRAL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "good");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "bad");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  gtk_label_set_label (label, text ? text : "");
  /* What the change compares with: the previous period's dates. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), view ? pulse_metric_view_get_previous_label (view) : NULL);
  if (tone == PULSE_TONE_POSITIVE)
    gtk_widget_add_css_class (GTK_WIDGET (label), "good");
  else if (tone == PULSE_TONE_NEGATIVE)
    gtk_widget_add_css_class (GTK_WIDGET (label), "bad");
}

static void
show_setup (PulseMetricCard   *self,
            PulseMetricResult *result)
{
  const PulseMetricVariant *table = pulse_metric_get_table_variant (self->metric);
  gboolean needs_setup = table != NULL && pulse_metric_result_get_source (result) != PULSE_SOURCE_TABLE;

  gtk_widget_set_visible (self->setup_button, needs_setup);
  if (needs_setup)
    {
      /* Target first: GTK checks the action as soon as it has a name. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->setup_button), "s", pulse_metric_get_id (self->metric));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->setup_button), "win.setup-tracking");
    }
}

static void
render (PulseMetricCard *self)
{
  g_autoptr(PulseChartModel) model = NULL;
  const char *details;

  if (self->result == NULL)
    return;

  g_clear_object (&self->view);
  self->view = pulse_metric_view_new (self->result, self->previous, pulse_dashboard_get_segment (self->dashboard));

  pulse_headline_label_show (self->value_label, self->view);
  gtk_label_set_label (self->caption_label, pulse_metric_view_get_caption (self->view));
  details = pulse_metric_view_get_details (self->view);
  gtk_label_set_label (self->details_label, details ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), details != NULL);
  pulse_delta_label_show (self->delta_label, self->view);

  model = pulse_metric_view_dup_chart_model (self->view);
  pulse_chart_model_set_annotations (model, pulse_dashboard_get_annotations (self->dashboard));
  pulse_chart_view_set_model (self->chart_view, model);
  /* Taller than its natural height when the page has room to spare. */
  gtk_widget_set_vexpand (GTK_WIDGET (self->chart_view), pulse_chart_view_get_flexible_height (self->chart_view));
  /* Numbers that count persons list them on a click (win.show-people). */
  pulse_chart_view_set_people_metric (self->chart_view, pulse_metric_counts_people (self->metric)
                                                        ? pulse_metric_get_id (self->metric) : NULL);
}

/* The persons behind a cohort table's cell: win.show-people lists
 * them. Where the window has no such action, nothing happens. */
static void
show_cell_people (PulseMetricCard *self,
                  guint            cell)
{
  PulseChartModel *model = pulse_chart_view_get_model (self->chart_view);
  int series = model ? pulse_chart_model_get_cohort_series (model) : -1;
  guint cohort, period;
  GVariantDict target;
  g_autoptr(GVariant) parameter = NULL;

  if (series < 0 || !pulse_chart_model_get_cell (model, cell, &cohort, &period) ||
      isnan (pulse_chart_model_get_cohort_value (model, cohort, pulse_chart_model_get_cohort_or_after (model), period)))
    return;

  g_variant_dict_init (&target, NULL);
  g_variant_dict_insert (&target, "metric", "s", pulse_metric_get_id (self->metric));
  g_variant_dict_insert (&target, "series", "s", pulse_chart_model_get_series_id (model, series));
  g_variant_dict_insert (&target, "start", "s", pulse_chart_model_get_cohort_start (model, cohort));
  g_variant_dict_insert (&target, "period", "i", (gint32)period);
  g_variant_dict_insert (&target, "dropped", "b", FALSE);
  /* Sunk here: GTK 4.8 leaves a floating parameter of a class action floating. */
  parameter = g_variant_ref_sink (g_variant_dict_end (&target));
  gtk_widget_activate_action_variant (GTK_WIDGET (self), "win.show-people", parameter);
}

static void
on_chart_item_activated (PulseMetricCard *self,
                         int              kind,
                         int              index)
{
  if (kind == PULSE_CHART_HIT_CELL && index >= 0)
    show_cell_people (self, index);
}

/* The chart keeps its model (and the series shown) and gets the new list. */
static void
on_annotations_changed (PulseMetricCard *self)
{
  PulseChartModel *model = pulse_chart_view_get_model (self->chart_view);

  if (model != NULL && self->result != NULL)
    pulse_chart_model_set_annotations (model, pulse_dashboard_get_annotations (self->dashboard));
}

static void
pulse_metric_card_dispose (GObject *object)
{
  PulseMetricCard *self = (PulseMetricCard *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PULSE_TYPE_METRIC_CARD);
  g_clear_object (&self->metric);
  g_clear_object (&self->result);
  g_clear_object (&self->previous);
  g_clear_object (&self->view);
  g_clear_pointer (&self->fetched, g_date_time_unref);
  g_clear_object (&self->dashboard);

  G_OBJECT_CLASS (pulse_metric_card_parent_class)->dispose (object);
}

static void
pulse_metric_card_constructed (GObject *object)
{
  PulseMetricCard *self = (PulseMetricCard *)object;

  G_OBJECT_CLASS (pulse_metric_card_parent_class)->constructed (object);

  /* Every series holds every role: a new segment is drawn, not queried. */
  g_signal_connect_object (self->dashboard, "notify::segment", G_CALLBACK (render), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::annotations", G_CALLBACK (on_annotations_changed),
                           self, G_CONNECT_SWAPPED);

  /* Target first: GTK checks the action as soon as it has a name. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "s", pulse_metric_get_id (self->metric));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_button), "win.show-detail");
  gtk_label_set_label (self->title_label, pulse_metric_get_title (self->metric));
  gtk_label_set_label (self->description_label, pulse_metric_get_description (self->metric));
  gtk_label_set_label (self->summary_label, pulse_metric_get_description (self->metric));
  gtk_label_set_label (self->definition_label, pulse_metric_get_definition (self->metric));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pulse_metric_get_title (self->metric),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, pulse_metric_get_description (self->metric),
                                  -1);
}

static void
pulse_metric_card_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PulseMetricCard *self = PULSE_METRIC_CARD (object);

  switch (prop_id)
    {
    case PROP_DASHBOARD:
      g_value_set_object (value, self->dashboard);
      break;
    case PROP_METRIC:
      g_value_set_object (value, self->metric);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_VERIFYING:
      g_value_set_boolean (value, self->verifying);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_metric_card_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PulseMetricCard *self = PULSE_METRIC_CARD (object);

  switch (prop_id)
    {
    case PROP_DASHBOARD:
      self->dashboard = g_value_dup_object (value);
      break;
    case PROP_METRIC:
      self->metric = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[RETRY], 0);
}

static void
toast (PulseMetricCard *self,
       const char      *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* @parameter: the format, png, svg, pdf or csv */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PulseMetricCard *self = PULSE_METRIC_CARD (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autoptr(GEnumClass) formats = g_type_class_ref (PULSE_TYPE_EXPORT_FORMAT);
  GEnumValue *chart_format = g_enum_get_value_by_nick (formats, format);

  if (self->result == NULL)
    toast (self, _("This chart has no data to export yet"));
  else if (g_str_equal (format, "csv"))
    pulse_export_dialog_save_csv (widget, self->result);
  else if (chart_format != NULL)
    pulse_export_dialog_save_chart (widget, self->view, pulse_chart_view_get_model (self->chart_view),
                                    chart_format->value);
}

static void
copy_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PulseMetricCard *self = PULSE_METRIC_CARD (widget);

  if (self->result == NULL)
    toast (self, _("This chart has no data to export yet"));
  else
    pulse_export_dialog_copy_image (widget, self->view, pulse_chart_view_get_model (self->chart_view));
}

static void
open_detail (PulseMetricCard *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-detail", "s", pulse_metric_get_id (self->metric));
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            PulseMetricCard *self)
{
  if (n_press == 2)
    open_detail (self);
}

static gboolean
on_enter (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  open_detail (PULSE_METRIC_CARD (widget));
  return TRUE;
}

/* Double-click anywhere on the card, or Enter where no button takes it. */
static void
add_open_gestures (PulseMetricCard *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();
  const guint enter_keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter };

  g_signal_connect_object (click, "pressed", G_CALLBACK (on_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  for (guint i = 0; i < G_N_ELEMENTS (enter_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (enter_keys[i], 0),
                                                            gtk_callback_action_new (on_enter, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

static void
pulse_metric_card_class_init (PulseMetricCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_metric_card_dispose;
  object_class->constructed = pulse_metric_card_constructed;
  object_class->get_property = pulse_metric_card_get_property;
  object_class->set_property = pulse_metric_card_set_property;

  properties[PROP_DASHBOARD] =
    g_param_spec_object ("dashboard", NULL, NULL, PULSE_TYPE_DASHBOARD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METRIC] =
    g_param_spec_object ("metric", NULL, NULL, PULSE_TYPE_METRIC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PULSE_TYPE_CARD_STATE, PULSE_CARD_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VERIFYING] =
    g_param_spec_boolean ("verifying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (PULSE_TYPE_CHART_VIEW);
  g_type_ensure (PULSE_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, PULSE_RESOURCE_PREFIX "/pulse-metric-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, box);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, description_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, definition_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, source_badge);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, stale_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, verifying_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, error_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, delta_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, chart_view);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, setup_button);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, caption_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, note_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, open_button);
  gtk_widget_class_install_action (widget_class, "card.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "card.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "card.copy-image", NULL, copy_image_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pulse_metric_card_init (PulseMetricCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->chart_view, "item-activated",
                           G_CALLBACK (on_chart_item_activated), self, G_CONNECT_SWAPPED);
  add_open_gestures (self);
  set_state (self, PULSE_CARD_EMPTY);
}

PulseMetricCard *
pulse_metric_card_new (PulseDashboard *dashboard,
                       PulseMetric    *metric)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (dashboard), NULL);
  g_return_val_if_fail (PULSE_IS_METRIC (metric), NULL);
  return g_object_new (PULSE_TYPE_METRIC_CARD, "dashboard", dashboard, "metric", metric, NULL);
}

PulseMetric *
pulse_metric_card_get_metric (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), NULL);
  return self->metric;
}

PulseCardState
pulse_metric_card_get_state (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), PULSE_CARD_EMPTY);
  return self->state;
}

PulseMetricResult *
pulse_metric_card_get_result (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), NULL);
  return self->result;
}

void
pulse_metric_card_set_loading (PulseMetricCard *self)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));

  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  /* The spinner says it: no badge beside it. */
  self->refreshing = FALSE;
  show_badge (self);
  set_state (self, PULSE_CARD_LOADING);
}

/**
 * pulse_metric_card_set_progress:
 * @rows_estimated: the planner's estimate of the rows, 0 if unknown
 *
 * While loading: how many rows of the events the activity index has
 * read, with a Cancel button (page.cancel-loading).
 */
void
pulse_metric_card_set_progress (PulseMetricCard *self,
                                guint64          rows_read,
                                guint64          rows_estimated)
{
  g_autofree char *read = NULL;
  g_autofree char *estimated = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (PULSE_IS_METRIC_CARD (self));

  read = g_strdup_printf ("%'" G_GUINT64_FORMAT, rows_read);
  estimated = g_strdup_printf ("%'" G_GUINT64_FORMAT, rows_estimated);
  /* The estimate is the planner's, and rows may come and go meanwhile. */
  if (rows_estimated > 0 && rows_read <= rows_estimated)
    /* Translators: rows of events read so far, then about how many there are: 1,200 of about 3,000,000 */
    text = g_strdup_printf (ngettext ("%s of about %s event read", "%s of about %s events read",
                                      (unsigned long) rows_estimated), read, estimated);
  else
    /* Translators: rows of events read so far */
    text = g_strdup_printf (ngettext ("%s event read", "%s events read", (unsigned long) rows_read), read);
  gtk_label_set_label (self->progress_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
}

/* Returns: (nullable): the progress shown while loading */
const char *
pulse_metric_card_get_progress_text (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), NULL);
  return self->state == PULSE_CARD_LOADING && gtk_widget_get_visible (GTK_WIDGET (self->progress_label))
         ? gtk_label_get_label (self->progress_label) : NULL;
}

/* A cancelled load: back to what the card showed before, if anything. */
void
pulse_metric_card_stop_loading (PulseMetricCard *self)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));

  /* A snapshot's numbers will not be refreshed now: they are dated. */
  if (self->refreshing)
    show_stale (self, TRUE);
  if (self->state == PULSE_CARD_LOADING)
    set_state (self, self->result != NULL ? PULSE_CARD_CONTENT : PULSE_CARD_EMPTY);
}

static void
show_results (PulseMetricCard   *self,
              PulseMetricResult *result,
              PulseMetricResult *previous,
              GDateTime         *fetched)
{
  g_set_object (&self->result, result);
  g_set_object (&self->previous, previous);
  g_clear_pointer (&self->fetched, g_date_time_unref);
  self->fetched = g_date_time_ref (fetched);
  show_source (self, result);
  show_setup (self, result);
  render (self);
  set_state (self, PULSE_CARD_CONTENT);
}

/**
 * pulse_metric_card_set_results:
 * @previous: (nullable): the previous period, when comparing
 */
void
pulse_metric_card_set_results (PulseMetricCard   *self,
                               PulseMetricResult *result,
                               PulseMetricResult *previous)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (PULSE_IS_METRIC_CARD (self));
  g_return_if_fail (PULSE_IS_METRIC_RESULT (result));

  show_stale (self, FALSE);
  show_results (self, result, previous, now);
}

/**
 * pulse_metric_card_set_saved_results:
 * @previous: (nullable): the previous period, when comparing
 * @fetched: when the snapshot's numbers were fetched
 *
 * Shows a snapshot's numbers, marked as refreshing, until
 * pulse_metric_card_set_results() brings the fresh ones (or
 * pulse_metric_card_set_offline() says they will not come).
 */
void
pulse_metric_card_set_saved_results (PulseMetricCard   *self,
                                     PulseMetricResult *result,
                                     PulseMetricResult *previous,
                                     GDateTime         *fetched)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));
  g_return_if_fail (PULSE_IS_METRIC_RESULT (result));
  g_return_if_fail (fetched != NULL);

  show_results (self, result, previous, fetched);
  self->stale = FALSE;
  self->refreshing = TRUE;
  show_badge (self);
}

/* Whether the card shows a snapshot's numbers while the fresh ones load. */
gboolean
pulse_metric_card_get_refreshing (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), FALSE);
  return self->refreshing;
}

/* Returns: (nullable) (transfer none): when the numbers shown were fetched */
GDateTime *
pulse_metric_card_get_fetched (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), NULL);
  return self->result != NULL ? self->fetched : NULL;
}

PulseMetricResult *
pulse_metric_card_get_previous (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), NULL);
  return self->previous;
}

PulseChartModel *
pulse_metric_card_get_chart_model (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), NULL);
  return pulse_chart_view_get_model (self->chart_view);
}

/* Returns: (nullable): how the card presents its result */
PulseMetricView *
pulse_metric_card_get_view (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), NULL);
  return self->view;
}

/* Whether the card offers to set up the tracking its metric lacks. */
gboolean
pulse_metric_card_get_needs_setup (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), FALSE);
  return gtk_widget_get_visible (self->setup_button);
}

void
pulse_metric_card_set_error (PulseMetricCard *self,
                             const GError    *error)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));
  g_return_if_fail (error != NULL);

  gtk_label_set_label (self->error_label, error->message);
  show_stale (self, FALSE);
  set_state (self, PULSE_CARD_ERROR);
}

/**
 * pulse_metric_card_set_offline:
 *
 * The connection failed before the card's query ran: a result fetched
 * earlier stays, marked stale; a card with none says it is not loaded
 * (the window tells why, once).
 */
void
pulse_metric_card_set_offline (PulseMetricCard *self)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));

  show_stale (self, self->result != NULL);
  set_state (self, self->result != NULL ? PULSE_CARD_CONTENT : PULSE_CARD_OFFLINE);
}

/* Forgets the result: it was for another database or query. */
void
pulse_metric_card_clear (PulseMetricCard *self)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));

  g_clear_object (&self->result);
  g_clear_object (&self->previous);
  g_clear_object (&self->view);
  g_clear_pointer (&self->fetched, g_date_time_unref);
  show_stale (self, FALSE);
  pulse_metric_card_set_verifying (self, FALSE);
  set_state (self, PULSE_CARD_EMPTY);
}

/**
 * pulse_metric_card_set_verifying:
 *
 * Marks the card's numbers as answered from the activity cache, which
 * the worker has not checked against the server yet.
 */
void
pulse_metric_card_set_verifying (PulseMetricCard *self,
                                 gboolean         verifying)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));

  verifying = !!verifying;
  if (self->verifying == verifying)
    return;
  self->verifying = verifying;
  gtk_widget_set_visible (GTK_WIDGET (self->verifying_label), verifying);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFYING]);
}

gboolean
pulse_metric_card_get_verifying (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), FALSE);
  return self->verifying;
}

/* Returns: (nullable): the stale marker's text, if the result is stale */
const char *
pulse_metric_card_get_stale_label (PulseMetricCard *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_CARD (self), NULL);
  return self->stale ? gtk_label_get_label (self->stale_label) : NULL;
}
