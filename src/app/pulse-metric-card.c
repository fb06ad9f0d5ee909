/* pulse-metric-card.c: one metric on a dashboard page
 *
 * Shows the metric's title, definition and data source, and one of
 * four states: not loaded, loading (a spinner on this card only), an
 * error with Retry, or the result. "Retry" emits ::retry so the page
 * can re-run just this metric.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "pulse-metric-card.h"

struct _PulseMetricCard
{
  GtkWidget          parent_instance;

  PulseMetric       *metric;
  PulseMetricResult *result;
  PulseCardState     state;

  GtkWidget         *box;
  GtkLabel          *title_label;
  GtkLabel          *description_label;
  GtkLabel          *definition_label;
  GtkLabel          *source_badge;
  GtkStack          *state_stack;
  GtkSpinner        *spinner;
  GtkLabel          *error_label;
  GtkLabel          *value_label;
  GtkLabel          *caption_label;
  GtkLabel          *details_label;
  GtkLabel          *note_label;
};

enum {
  PROP_0,
  PROP_METRIC,
  PROP_STATE,
  N_PROPS
};

enum {
  RETRY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PulseMetricCard, pulse_metric_card, GTK_TYPE_WIDGET)

static const char * const state_names[] = { "empty", "loading", "error", "content" };

static void
set_state (PulseMetricCard *self,
           PulseCardState   state)
{
  gtk_stack_set_visible_child_name (self->state_stack, state_names[state]);
  gtk_spinner_set_spinning (self->spinner, state == PULSE_CARD_LOADING);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static char *
format_number (double      value,
               const char *unit)
{
  if (isnan (value))
    return g_strdup ("–");
  if (g_strcmp0 (unit, "%") == 0 || g_strcmp0 (unit, "ratio") == 0)
    return g_strdup_printf ("%.1f %%", value * 100.0);
  if (value != floor (value))
    return g_strdup_printf ("%'.2f", value);
  return g_strdup_printf ("%'.0f", value);
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

/* The headline figure: the first summary, else the first series' last bucket. */
static void
show_headline (PulseMetricCard   *self,
               PulseMetricResult *result)
{
  const char *unit = pulse_metric_get_unit (self->metric);
  guint n_buckets = pulse_metric_result_get_n_buckets (result);
  g_autofree char *value = NULL;
  g_autofree char *caption = NULL;

  if (pulse_metric_result_get_n_series (result) > 0 && n_buckets > 0)
    {
      const char *id = pulse_metric_result_get_series_id (result, 0);
      const PulseMetricField *field = pulse_metric_find_series (self->metric, id);

      value = format_number (pulse_metric_result_get_series_values (result, 0)[n_buckets - 1], unit);
      caption = g_strdup_printf (_("%s on %s"), field ? field->title : id,
                                 pulse_metric_result_get_buckets (result)[n_buckets - 1]);
    }
  else if (pulse_metric_result_get_n_summaries (result) > 0)
    {
      value = format_number (pulse_metric_result_get_summary_value (result, 0), NULL);
      caption = g_strdup (pulse_metric_result_get_summary_id (result, 0));
    }
  else
    {
      value = g_strdup ("–");
      caption = g_strdup (_("No data for this range"));
    }

  gtk_label_set_label (self->value_label, value);
  gtk_label_set_label (self->caption_label, caption);
}

static void
pulse_metric_card_dispose (GObject *object)
{
  PulseMetricCard *self = (PulseMetricCard *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PULSE_TYPE_METRIC_CARD);
  g_clear_object (&self->metric);
  g_clear_object (&self->result);

  G_OBJECT_CLASS (pulse_metric_card_parent_class)->dispose (object);
}

static void
pulse_metric_card_constructed (GObject *object)
{
  PulseMetricCard *self = (PulseMetricCard *)object;

  G_OBJECT_CLASS (pulse_metric_card_parent_class)->constructed (object);

  gtk_label_set_label (self->title_label, pulse_metric_get_title (self->metric));
  gtk_label_set_label (self->description_label, pulse_metric_get_description (self->metric));
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
    case PROP_METRIC:
      g_value_set_object (value, self->metric);
      break;
    case PROP_STATE:
      g_value_set_uint (value, self->state);
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
pulse_metric_card_class_init (PulseMetricCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_metric_card_dispose;
  object_class->constructed = pulse_metric_card_constructed;
  object_class->get_property = pulse_metric_card_get_property;
  object_class->set_property = pulse_metric_card_set_property;

  properties[PROP_METRIC] =
    g_param_spec_object ("metric", NULL, NULL, PULSE_TYPE_METRIC,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, PULSE_CARD_EMPTY, PULSE_CARD_CONTENT, PULSE_CARD_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, PULSE_RESOURCE_PREFIX "/pulse-metric-card.ui");
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, box);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, description_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, definition_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, source_badge);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, state_stack);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, error_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, value_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, caption_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, PulseMetricCard, note_label);
  gtk_widget_class_install_action (widget_class, "card.retry", NULL, retry_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pulse_metric_card_init (PulseMetricCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PulseMetricCard *
pulse_metric_card_new (PulseMetric *metric)
{
  g_return_val_if_fail (PULSE_IS_METRIC (metric), NULL);
  return g_object_new (PULSE_TYPE_METRIC_CARD, "metric", metric, NULL);
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

  set_state (self, PULSE_CARD_LOADING);
}

void
pulse_metric_card_set_result (PulseMetricCard   *self,
                              PulseMetricResult *result)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));
  g_return_if_fail (PULSE_IS_METRIC_RESULT (result));

  g_set_object (&self->result, result);
  show_source (self, result);
  show_headline (self, result);
  set_state (self, PULSE_CARD_CONTENT);
}

void
pulse_metric_card_set_error (PulseMetricCard *self,
                             const GError    *error)
{
  g_return_if_fail (PULSE_IS_METRIC_CARD (self));
  g_return_if_fail (error != NULL);

  gtk_label_set_label (self->error_label, error->message);
  set_state (self, PULSE_CARD_ERROR);
}
