/* pulse-metric-detail.c: one metric, large: chart, values and definition
 *
 * Opened from a card (its Open button, a double-click, Enter) or an
 * overview tile, through win.show-detail. It follows the card it was
 * opened for, so it shows the same result (and segment) as the card,
 * and updates when the card does: a large chart with every series
 * (the legend toggles them), the table of values (one row per bucket,
 * one column per series, the previous period's when comparing) and the
 * metric's plain sentence, exact definition and data source, as the
 * card's info popover says them. Back (or Escape) is win.hide-detail.
 * Like the card's, the chart shows the range's annotations (the
 * dashboard's list, kept as it changes) and lists the persons behind a
 * number on a click (win.show-people).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pulse-chart-format.h"
#include "pulse-chart-view.h"
#include "pulse-metric-card-private.h"
#include "pulse-metric-detail.h"
#include "pulse-overview-page.h"

struct _PulseMetricDetail
{
  GtkWidget         parent_instance;

  PulseMetricCard  *card;
  PulseDashboard   *dashboard;  /* the card's: segment and annotations */
  PulseChartModel  *chart;   /* what the chart and the table show */

  GtkWidget        *scroller;
  GtkWidget        *back;
  GtkLabel         *title;
  GtkLabel         *group;
  GtkStack         *stack;
  GtkLabel         *value;
  GtkLabel         *delta;
  GtkLabel         *caption;
  PulseChartView   *chart_view;
  GtkColumnView    *table;
  GtkStringList    *rows;    /* the row's index, as text */
  GtkLabel         *description;
  GtkLabel         *definition;
  GtkLabel         *source;
};

G_DEFINE_FINAL_TYPE (PulseMetricDetail, pulse_metric_detail, GTK_TYPE_WIDGET)

/* The table */

/* Rows of a chart: buckets, funnel steps or histogram bins. */
static guint
n_rows (PulseChartModel *chart)
{
  switch (pulse_chart_model_get_kind (chart))
    {
    case PULSE_CHART_KIND_FUNNEL:
      return pulse_chart_model_get_n_steps (chart);
    case PULSE_CHART_KIND_HISTOGRAM:
      return pulse_chart_model_get_n_histogram (chart);
    default:
      return pulse_chart_model_get_n_buckets (chart);
    }
}

static char *
dup_row_label (PulseChartModel *chart,
               guint            row)
{
  const char *bucket;

  switch (pulse_chart_model_get_kind (chart))
    {
    case PULSE_CHART_KIND_FUNNEL:
      return g_strdup (pulse_chart_model_get_step_title (chart, row));
    case PULSE_CHART_KIND_HISTOGRAM:
      return g_strdup (pulse_chart_model_get_histogram_label (chart, row));
    default:
      bucket = pulse_chart_model_get_buckets (chart)[row];
      return pulse_chart_parse_date (bucket, NULL, NULL, NULL) ? pulse_chart_format_date_long (bucket)
                                                              : g_strdup (bucket);
    }
}

/* @series: -1 for the chart's one value column (funnels, histograms) */
static char *
dup_cell (PulseChartModel *chart,
          int              series,
          guint            row)
{
  guint n_values = 0;
  const double *values;

  if (pulse_chart_model_get_kind (chart) == PULSE_CHART_KIND_FUNNEL)
    return pulse_chart_format_series_value (pulse_chart_model_get_step_value (chart, row),
                                            pulse_chart_model_get_unit (chart));
  if (pulse_chart_model_get_kind (chart) == PULSE_CHART_KIND_HISTOGRAM)
    return pulse_chart_format_series_value (pulse_chart_model_get_histogram_value (chart, row), NULL);
  values = pulse_chart_model_get_series_values (chart, series, &n_values);
  if (row >= n_values)
    return g_strdup ("");
  return pulse_chart_format_series_value (values[row], pulse_chart_model_get_series_unit (chart, series));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (numeric) ? 1 : 0);
  if (GPOINTER_TO_INT (numeric))
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           PulseMetricDetail        *self)
{
  int series = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "pulse-series"));
  guint row = atoi (gtk_string_object_get_string (gtk_list_item_get_item (item)));
  g_autofree char *text = NULL;

  if (self->chart == NULL || row >= n_rows (self->chart))
    return;
  /* Series are counted from 1 here: 0 is the row's label. */
  text = series == 0 ? dup_row_label (self->chart, row) : dup_cell (self->chart, series - 1, row);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
add_column (PulseMetricDetail *self,
            const char        *title,
            int                series)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "pulse-series", GINT_TO_POINTER (series));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (series != 0));
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, 0);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (self->table, column);
}

static void
remove_columns (PulseMetricDetail *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->table);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->table, column);
    }
}

static const char *
row_title (PulseChartModel *chart)
{
  switch (pulse_chart_model_get_kind (chart))
    {
    case PULSE_CHART_KIND_FUNNEL:
      return _("Step");
    case PULSE_CHART_KIND_HISTOGRAM:
      return pulse_chart_unit_title (pulse_chart_model_get_unit (chart));
    default:
      return _("Date");
    }
}

/* Every series, the previous period's too; the chart's legend toggles
 * what is drawn, not what is listed. */
static void
fill_table (PulseMetricDetail *self)
{
  guint n = n_rows (self->chart);
  g_autoptr(GPtrArray) indices = g_ptr_array_new_with_free_func (g_free);

  remove_columns (self);
  add_column (self, row_title (self->chart), 0);
  if (pulse_chart_model_get_kind (self->chart) == PULSE_CHART_KIND_FUNNEL ||
      pulse_chart_model_get_kind (self->chart) == PULSE_CHART_KIND_HISTOGRAM)
    add_column (self, _("Count"), 1);
  else
    for (guint i = 0; i < pulse_chart_model_get_n_series (self->chart); i++)
      add_column (self, pulse_chart_model_get_series_title (self->chart, i), i + 1);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (indices, g_strdup_printf ("%u", i));
  g_ptr_array_add (indices, NULL);
  gtk_string_list_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                          (const char * const *)indices->pdata);
}

/* Following the card */

static void
show_card (PulseMetricDetail *self)
{
  PulseMetricView *view = pulse_metric_card_get_view (self->card);

  if (view == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack,
                                        pulse_metric_card_get_state (self->card) == PULSE_CARD_LOADING
                                        ? "loading" : "missing");
      pulse_delta_label_show (self->delta, NULL);
      return;
    }
  pulse_headline_label_show (self->value, view);
  gtk_label_set_label (self->caption, pulse_metric_view_get_caption (view));
  pulse_delta_label_show (self->delta, view);
  gtk_label_set_label (self->source, pulse_metric_view_get_source_text (view));
  gtk_widget_set_visible (GTK_WIDGET (self->source), pulse_metric_view_get_source_text (view) != NULL);

  g_clear_object (&self->chart);
  self->chart = pulse_metric_view_dup_chart_model (view);
  /* As the card does: the same list, so both show the same marks. */
  pulse_chart_model_set_annotations (self->chart, pulse_dashboard_get_annotations (self->dashboard));
  pulse_chart_view_set_model (self->chart_view, self->chart);
  fill_table (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
on_segment_changed (PulseMetricDetail *self)
{
  if (self->card != NULL)
    show_card (self);
}

/* The chart keeps its model (and the series shown) and gets the new list. */
static void
on_annotations_changed (PulseMetricDetail *self)
{
  if (self->chart != NULL)
    pulse_chart_model_set_annotations (self->chart, pulse_dashboard_get_annotations (self->dashboard));
}

/* Construction */

static GtkWidget *
new_label (const char *css_class,
           gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), wrap);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
new_heading (const char *text)
{
  GtkWidget *label = new_label ("title-4", FALSE);

  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_margin_top (label, 12);
  return label;
}

/* Back, then what the metric is. */
static GtkWidget *
build_header (PulseMetricDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *back = self->back = gtk_button_new_from_icon_name ("go-previous-symbolic");

  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.hide-detail");
  gtk_widget_set_valign (back, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (back, "circular");
  gtk_box_append (GTK_BOX (box), back);
  self->group = GTK_LABEL (new_label ("overview-group", FALSE));
  self->title = GTK_LABEL (new_label ("title-2", TRUE));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->group));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), titles);
  return box;
}

static GtkWidget *
build_figures (PulseMetricDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->value = GTK_LABEL (new_label ("overview-value", FALSE));
  self->delta = GTK_LABEL (new_label ("delta", FALSE));
  gtk_widget_set_valign (GTK_WIDGET (self->value), GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (GTK_WIDGET (self->delta), GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->value));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->delta));
  self->caption = GTK_LABEL (new_label ("dim-label", TRUE));
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->caption));
  return box;
}

static GtkWidget *
build_table (PulseMetricDetail *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  self->rows = gtk_string_list_new (NULL);
  self->table = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (
    gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows))))));
  gtk_column_view_set_show_row_separators (self->table, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->table), "data-table");
  gtk_widget_add_css_class (GTK_WIDGET (self->table), "card");
  /* A year of days scrolls in its own box, under the chart. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->table));
  return scroller;
}

/* The same words as the card's info popover: a plain sentence, then
 * the exact definition; then where the numbers come from. */
static GtkWidget *
build_about (PulseMetricDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->description = GTK_LABEL (new_label (NULL, TRUE));
  self->definition = GTK_LABEL (new_label ("dim-label", TRUE));
  gtk_label_set_selectable (self->definition, TRUE);
  self->source = GTK_LABEL (new_label ("dim-label", TRUE));
  gtk_box_append (GTK_BOX (box), new_heading (_("About This Metric")));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->description));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->definition));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->source));
  return box;
}

static GtkWidget *
build_content (PulseMetricDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_box_append (GTK_BOX (box), build_figures (self));
  self->chart_view = pulse_chart_view_new ();
  gtk_widget_set_size_request (GTK_WIDGET (self->chart_view), -1, 360);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->chart_view));
  gtk_box_append (GTK_BOX (box), new_heading (_("Values")));
  gtk_box_append (GTK_BOX (box), build_table (self));
  return box;
}

static GtkWidget *
build_stack (PulseMetricDetail *self)
{
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *missing = new_label ("dim-label", TRUE);

  gtk_label_set_label (GTK_LABEL (missing), _("No data yet: the metric’s page says why."));
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  gtk_stack_add_named (self->stack, build_content (self), "content");
  gtk_stack_add_named (self->stack, spinner, "loading");
  gtk_stack_add_named (self->stack, missing, "missing");
  return GTK_WIDGET (self->stack);
}

static void
pulse_metric_detail_dispose (GObject *object)
{
  PulseMetricDetail *self = (PulseMetricDetail *)object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->card);
  g_clear_object (&self->dashboard);
  g_clear_object (&self->chart);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (pulse_metric_detail_parent_class)->dispose (object);
}

static void
pulse_metric_detail_class_init (PulseMetricDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_metric_detail_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pulsedetail");
  /* Escape goes back, unless the chart or a popover takes it first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.hide-detail", NULL);
}

static void
pulse_metric_detail_init (PulseMetricDetail *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_box_append (GTK_BOX (box), build_header (self));
  gtk_box_append (GTK_BOX (box), build_stack (self));
  gtk_box_append (GTK_BOX (box), build_about (self));
  self->scroller = pulse_page_scroller_new (box, 1200);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

PulseMetricDetail *
pulse_metric_detail_new (void)
{
  return g_object_new (PULSE_TYPE_METRIC_DETAIL, NULL);
}

/* Returns: (nullable): the card the view follows */
PulseMetricCard *
pulse_metric_detail_get_card (PulseMetricDetail *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_DETAIL (self), NULL);
  return self->card;
}

/* @group_title: the title of the metric's group, over its own */
void
pulse_metric_detail_set_card (PulseMetricDetail *self,
                              PulseMetricCard   *card,
                              const char        *group_title)
{
  PulseMetric *metric;

  g_return_if_fail (PULSE_IS_METRIC_DETAIL (self));
  g_return_if_fail (PULSE_IS_METRIC_CARD (card));

  if (self->card != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->card, self);
      g_signal_handlers_disconnect_by_data (self->dashboard, self);
      g_clear_object (&self->dashboard);
    }
  g_set_object (&self->card, card);
  metric = pulse_metric_card_get_metric (card);
  g_object_get (card, "dashboard", &self->dashboard, NULL);
  g_signal_connect_object (card, "notify::state", G_CALLBACK (show_card), self, G_CONNECT_SWAPPED);
  /* The card draws the new segment first: it followed the dashboard earlier. */
  g_signal_connect_object (self->dashboard, "notify::segment", G_CALLBACK (on_segment_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dashboard, "notify::annotations", G_CALLBACK (on_annotations_changed), self,
                           G_CONNECT_SWAPPED);
  /* Numbers that count persons list them on a click, as on the card. */
  pulse_chart_view_set_people_metric (self->chart_view, pulse_metric_counts_people (metric)
                                                        ? pulse_metric_get_id (metric) : NULL);

  gtk_label_set_label (self->group, group_title);
  gtk_label_set_label (self->title, pulse_metric_get_title (metric));
  gtk_label_set_label (self->description, pulse_metric_get_description (metric));
  gtk_label_set_label (self->definition, pulse_metric_get_definition (metric));
  show_card (self);
}

PulseChartModel *
pulse_metric_detail_get_chart_model (PulseMetricDetail *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_DETAIL (self), NULL);
  return self->chart;
}

GListModel *
pulse_metric_detail_get_rows (PulseMetricDetail *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_DETAIL (self), NULL);
  return G_LIST_MODEL (self->rows);
}

GListModel *
pulse_metric_detail_get_columns (PulseMetricDetail *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_DETAIL (self), NULL);
  return gtk_column_view_get_columns (self->table);
}

/* Focus starts here, so Escape reaches the view. */
GtkWidget *
pulse_metric_detail_get_back_button (PulseMetricDetail *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_DETAIL (self), NULL);
  return self->back;
}
