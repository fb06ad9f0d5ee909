/* pulse-overview-page.c: every group's key numbers on one page
 *
 * What a PM checks each morning: one tile per metric with a headline
 * over time (line, area and stacked bar charts), each with its figure,
 * its change against the previous period and a sparkline. A tile opens
 * the metric's detail view (win.show-detail).
 *
 * The tiles show what the pages' cards show, so the figures cannot
 * differ: while the overview is on screen it has every page load
 * (pulse_metric_page_load(), which does nothing for a page that is
 * current), and each tile follows its card. Pages shown later find
 * their cards loaded already.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pulse-card-grid.h"
#include "pulse-chart-view.h"
#include "pulse-metric-card-private.h"
#include "pulse-metric-page-private.h"
#include "pulse-overview-page.h"

struct _PulseOverviewPage
{
  GtkWidget       parent_instance;

  PulseDashboard *dashboard;
  GPtrArray      *pages;  /* PulseMetricPage */
  GPtrArray      *tiles;  /* Tile */
  GtkWidget      *scroller;
  PulseCardGrid  *grid;
};

G_DEFINE_FINAL_TYPE (PulseOverviewPage, pulse_overview_page, GTK_TYPE_WIDGET)

#define TILE_SPACING       12
#define TILE_COLUMN_WIDTH  240
#define MAX_TILE_COLUMNS   4

/* One tile, following one card. */
typedef struct
{
  PulseMetricCard *card;
  GtkStack        *stack;
  GtkLabel        *value;
  GtkLabel        *delta;
  GtkLabel        *caption;
  PulseChartView  *sparkline;
} Tile;

static void
tile_free (Tile *tile)
{
  g_clear_object (&tile->card);
  g_free (tile);
}

/* Metrics with a headline over time, and retention's cohort table (its
 * day-7 share, no sparkline); funnels and histograms have none. */
static gboolean
has_key_number (PulseMetric *metric)
{
  PulseChartKind kind;

  return pulse_metric_has_chart (metric) &&
         pulse_chart_kind_from_string (pulse_metric_get_chart (metric), &kind) &&
         (kind == PULSE_CHART_KIND_LINE || kind == PULSE_CHART_KIND_AREA || kind == PULSE_CHART_KIND_STACKED_BAR ||
          kind == PULSE_CHART_KIND_COHORT);
}

static void
show_tile (Tile *tile)
{
  PulseMetricView *view = pulse_metric_card_get_view (tile->card);
  PulseCardState state = pulse_metric_card_get_state (tile->card);
  g_autoptr(PulseChartModel) chart = NULL;
  g_autoptr(PulseChartModel) sparkline = NULL;

  if (view == NULL)
    {
      /* Loading, or nothing to show: the card says why. */
      gtk_stack_set_visible_child_name (tile->stack, state == PULSE_CARD_LOADING ? "loading" : "missing");
      return;
    }
  /* The figure alone: a total's parts are the page's to show. */
  gtk_label_set_label (tile->value, pulse_metric_view_get_headline_figure (view));
  gtk_label_set_label (tile->caption, pulse_metric_view_get_caption (view));
  pulse_delta_label_show (tile->delta, view);
  chart = pulse_metric_view_dup_chart_model (view);
  /* The card's annotations: small marks, without their text. */
  if (pulse_metric_card_get_chart_model (tile->card) != NULL)
    pulse_chart_model_set_annotations (chart, pulse_chart_model_get_annotations (
                                                pulse_metric_card_get_chart_model (tile->card)));
  if (pulse_chart_model_get_kind (chart) != PULSE_CHART_KIND_COHORT)
    sparkline = pulse_chart_model_new_sparkline (chart);
  pulse_chart_view_set_model (tile->sparkline, sparkline);
  gtk_widget_set_visible (GTK_WIDGET (tile->sparkline), sparkline != NULL);
  gtk_stack_set_visible_child_name (tile->stack, "content");
}

static GtkWidget *
new_label (const char *css_class,
           const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Long titles end in "…" (the tooltip has the description) rather
   * than widen every tile. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Figure and change on one line, the caption and the sparkline below. */
static GtkWidget *
build_content (Tile *tile)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  tile->value = GTK_LABEL (new_label ("overview-value", NULL));
  /* A figure is never cut. */
  gtk_label_set_ellipsize (tile->value, PANGO_ELLIPSIZE_NONE);
  tile->delta = GTK_LABEL (new_label ("delta", NULL));
  gtk_widget_set_valign (GTK_WIDGET (tile->delta), GTK_ALIGN_BASELINE);
  gtk_widget_set_valign (GTK_WIDGET (tile->value), GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (figures), GTK_WIDGET (tile->value));
  gtk_box_append (GTK_BOX (figures), GTK_WIDGET (tile->delta));
  gtk_box_append (GTK_BOX (box), figures);
  tile->caption = GTK_LABEL (new_label ("dim-label", NULL));
  gtk_widget_add_css_class (GTK_WIDGET (tile->caption), "caption");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (tile->caption));
  tile->sparkline = pulse_chart_view_new ();
  /* The tile takes the clicks and the focus: the sparkline only shows. */
  gtk_widget_set_can_target (GTK_WIDGET (tile->sparkline), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (tile->sparkline), FALSE);
  gtk_widget_set_margin_top (GTK_WIDGET (tile->sparkline), 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (tile->sparkline));
  return box;
}

static GtkWidget *
build_stack (Tile *tile)
{
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *missing = new_label ("dim-label", _("Not loaded — open the page to see why"));

  tile->stack = GTK_STACK (gtk_stack_new ());
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_START);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_label_set_wrap (GTK_LABEL (missing), TRUE);
  gtk_stack_add_named (tile->stack, build_content (tile), "content");
  gtk_stack_add_named (tile->stack, spinner, "loading");
  gtk_stack_add_named (tile->stack, missing, "missing");
  return GTK_WIDGET (tile->stack);
}

static void on_card_changed (GtkWidget *button);

static GtkWidget *
build_tile (PulseOverviewPage *self,
            PulseMetricCard   *card,
            const char        *group_title)
{
  PulseMetric *metric = pulse_metric_card_get_metric (card);
  Tile *tile = g_new0 (Tile, 1);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  tile->card = g_object_ref (card);
  gtk_box_append (GTK_BOX (box), new_label ("overview-group", group_title));
  gtk_box_append (GTK_BOX (box), new_label ("heading", pulse_metric_get_title (metric)));
  gtk_box_append (GTK_BOX (box), build_stack (tile));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "overview-tile");
  gtk_widget_set_tooltip_text (button, pulse_metric_get_description (metric));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", pulse_metric_get_id (metric));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-detail");

  g_object_set_data (G_OBJECT (button), "pulse-tile", tile);
  g_ptr_array_add (self->tiles, tile);
  g_signal_connect_object (card, "notify::state", G_CALLBACK (on_card_changed), button, G_CONNECT_SWAPPED);
  /* The card draws a new segment first: it followed the dashboard earlier. */
  g_signal_connect_object (self->dashboard, "notify::segment", G_CALLBACK (on_card_changed), button,
                           G_CONNECT_SWAPPED);
  /* Likewise for the annotations, which the card's chart has first. */
  g_signal_connect_object (self->dashboard, "notify::annotations", G_CALLBACK (on_card_changed), button,
                           G_CONNECT_SWAPPED);
  show_tile (tile);
  return button;
}

static void
on_card_changed (GtkWidget *button)
{
  show_tile (g_object_get_data (G_OBJECT (button), "pulse-tile"));
}

/* Only on screen: the overview then loads every page. */
static void
catch_up (PulseOverviewPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  for (guint i = 0; i < self->pages->len; i++)
    pulse_metric_page_load (g_ptr_array_index (self->pages, i));
}

static void
pulse_overview_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pulse_overview_page_parent_class)->map (widget);
  catch_up (PULSE_OVERVIEW_PAGE (widget));
}

static void
pulse_overview_page_dispose (GObject *object)
{
  PulseOverviewPage *self = (PulseOverviewPage *)object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->dashboard);

  G_OBJECT_CLASS (pulse_overview_page_parent_class)->dispose (object);
}

static void
pulse_overview_page_class_init (PulseOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_overview_page_dispose;
  widget_class->map = pulse_overview_page_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/**
 * pulse_page_scroller_new:
 * @content: what scrolls
 * @maximum_width: the widest @content gets, centred beyond
 *
 * A page's frame, as the overview and the detail view have it: @content
 * clamped, with the pages' margins, scrolling vertically at its natural
 * height.
 */
GtkWidget *
pulse_page_scroller_new (GtkWidget *content,
                         int        maximum_width)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), maximum_width);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), maximum_width * 3 / 4);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_widget_set_margin_top (clamp, 18);
  gtk_widget_set_margin_bottom (clamp, 18);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrollable_set_vscroll_policy (GTK_SCROLLABLE (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller))),
                                     GTK_SCROLL_NATURAL);
  return scroller;
}

static void
pulse_overview_page_init (PulseOverviewPage *self)
{
  self->tiles = g_ptr_array_new_with_free_func ((GDestroyNotify)tile_free);
  /* The pages' grid: one column on a phone, up to four on a wide
   * window, rows balanced and filling the width. */
  self->grid = PULSE_CARD_GRID (pulse_card_grid_new (TILE_SPACING, TILE_COLUMN_WIDTH, MAX_TILE_COLUMNS));
  gtk_widget_set_valign (GTK_WIDGET (self->grid), GTK_ALIGN_START);

  self->scroller = pulse_page_scroller_new (GTK_WIDGET (self->grid), 1600);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

static const char *
group_title (PulseDashboard *dashboard,
             const char     *group_id)
{
  GPtrArray *groups = pulse_catalog_get_groups (pulse_dashboard_get_catalog (dashboard));

  for (guint i = 0; i < groups->len; i++)
    {
      const PulseMetricGroup *group = g_ptr_array_index (groups, i);
      if (g_str_equal (group->id, group_id))
        return group->title;
    }
  return group_id;
}

static void
add_page_tiles (PulseOverviewPage *self,
                PulseMetricPage   *page)
{
  GPtrArray *cards = pulse_metric_page_get_cards (page);
  const char *title = group_title (self->dashboard, pulse_metric_page_get_group_id (page));

  for (guint i = 0; i < cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (cards, i);

      if (has_key_number (pulse_metric_card_get_metric (card)))
        pulse_card_grid_append (self->grid, build_tile (self, card, title));
    }
}

/**
 * pulse_overview_page_new:
 * @pages: (element-type PulseMetricPage): the pages whose cards the
 *   overview shows, in order
 */
PulseOverviewPage *
pulse_overview_page_new (PulseDashboard *dashboard,
                         GPtrArray      *pages)
{
  static const char * const followed[] = { "notify::worker", "notify::range", "notify::compare" };
  PulseOverviewPage *self;

  g_return_val_if_fail (PULSE_IS_DASHBOARD (dashboard), NULL);
  g_return_val_if_fail (pages != NULL, NULL);

  self = g_object_new (PULSE_TYPE_OVERVIEW_PAGE, NULL);
  self->dashboard = g_object_ref (dashboard);
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pages->len; i++)
    {
      g_ptr_array_add (self->pages, g_object_ref (g_ptr_array_index (pages, i)));
      add_page_tiles (self, g_ptr_array_index (pages, i));
    }
  for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
    g_signal_connect_object (dashboard, followed[i], G_CALLBACK (catch_up), self, G_CONNECT_SWAPPED);
  return self;
}

/* Every page's queries again (Refresh on the overview). */
void
pulse_overview_page_refresh (PulseOverviewPage *self)
{
  g_return_if_fail (PULSE_IS_OVERVIEW_PAGE (self));

  for (guint i = 0; i < self->pages->len; i++)
    pulse_metric_page_refresh (g_ptr_array_index (self->pages, i));
}

/* Returns: (transfer container) (element-type PulseMetricCard): the
 * cards the tiles follow, in order */
GPtrArray *
pulse_overview_page_get_cards (PulseOverviewPage *self)
{
  GPtrArray *cards = g_ptr_array_new ();

  g_return_val_if_fail (PULSE_IS_OVERVIEW_PAGE (self), cards);

  for (guint i = 0; i < self->tiles->len; i++)
    g_ptr_array_add (cards, ((Tile *)g_ptr_array_index (self->tiles, i))->card);
  return cards;
}

/* Returns: (nullable): the figure the metric's tile shows, if it shows one */
const char *
pulse_overview_page_get_figure (PulseOverviewPage *self,
                                const char        *metric_id)
{
  g_return_val_if_fail (PULSE_IS_OVERVIEW_PAGE (self), NULL);

  for (guint i = 0; i < self->tiles->len; i++)
    {
      Tile *tile = g_ptr_array_index (self->tiles, i);

      if (g_str_equal (pulse_metric_get_id (pulse_metric_card_get_metric (tile->card)), metric_id))
        return g_str_equal (gtk_stack_get_visible_child_name (tile->stack), "content")
               ? gtk_label_get_label (tile->value) : NULL;
    }
  return NULL;
}

/* Whether no tile is loading or unloaded. */
gboolean
pulse_overview_page_is_settled (PulseOverviewPage *self)
{
  g_return_val_if_fail (PULSE_IS_OVERVIEW_PAGE (self), FALSE);

  for (guint i = 0; i < self->tiles->len; i++)
    {
      PulseCardState state = pulse_metric_card_get_state (((Tile *)g_ptr_array_index (self->tiles, i))->card);
      if (state == PULSE_CARD_LOADING || state == PULSE_CARD_EMPTY)
        return FALSE;
    }
  return TRUE;
}
