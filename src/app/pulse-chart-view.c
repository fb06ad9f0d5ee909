/* pulse-chart-view.c: a widget that shows a chart model
 *
 * A thin shell around the renderer: it follows the desktop style (dark,
 * high contrast, accent colour, interface font, scale), keeps the layout
 * and the drawn chart as a render node until the size, the model or the
 * style change, and draws only the hover feedback (crosshair, tooltip)
 * on each pointer move. A click on a legend entry toggles its series.
 * When the chart's numbers count persons, a click on a point, bar or
 * funnel step (or Enter on the focused chart's hovered item) asks the
 * window for the persons behind it (win.show-people); a click on anything
 * else (a cohort's cell), or Enter on it, emits ::item-activated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "pulse-chart-kind-private.h"
#include "pulse-chart-layout-private.h"
#include "pulse-chart-menu.h"
#include "pulse-chart-view-private.h"

/* Height over width of a chart over time, between these heights */
#define CHART_ASPECT              0.45
#define CHART_MIN_NATURAL_HEIGHT  220
#define CHART_MAX_NATURAL_HEIGHT  440

struct _PulseChartView
{
  GtkWidget          parent_instance;

  PulseChartModel   *model;
  gulong             model_changed_id;

  PulseChartStyle    style;
  AdwStyleManager   *style_manager;
  GtkSettings       *settings;

  /* Caches, dropped when the size, the model or the style change */
  PulseChartLayout  *layout;
  GskRenderNode     *chart_node;

  PulseChartHit      hover;
  /* The metric whose people a click lists; NULL: clicks show nothing */
  char              *people_metric;
  gboolean           pointer_inside;
  double             pointer_x;
  double             pointer_y;
};

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

enum {
  ITEM_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PulseChartView, pulse_chart_view, GTK_TYPE_WIDGET)

static const PulseChartHit no_hit = { PULSE_CHART_HIT_NONE, -1, -1 };

/* Caches */

static void
invalidate_layout (PulseChartView *self)
{
  g_clear_pointer (&self->layout, pulse_chart_layout_unref);
  g_clear_pointer (&self->chart_node, gsk_render_node_unref);
  self->hover = no_hit;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static PulseChartHit
hit_at_pointer (PulseChartView *self)
{
  PulseChartHit hit = no_hit;

  if (self->layout != NULL && self->pointer_inside)
    pulse_chart_layout_hit_test (self->layout, self->pointer_x, self->pointer_y, &hit);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   hit.kind == PULSE_CHART_HIT_LEGEND ||
                                   (self->people_metric != NULL && hit.kind != PULSE_CHART_HIT_NONE)
                                   ? "pointer" : NULL);
  return hit;
}

static void
update_hover (PulseChartView *self)
{
  PulseChartHit hit = hit_at_pointer (self);

  if (pulse_chart_hit_equal (&hit, &self->hover))
    return;
  self->hover = hit;
  /* Only the overlay changes: the chart node is kept. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
ensure_layout (PulseChartView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->model == NULL || width <= 0 || height <= 0)
    return FALSE;

  if (self->layout != NULL)
    {
      double w, h;

      pulse_chart_layout_get_size (self->layout, &w, &h);
      if (w == width && h == height)
        return TRUE;
      g_clear_pointer (&self->layout, pulse_chart_layout_unref);
      g_clear_pointer (&self->chart_node, gsk_render_node_unref);
    }

  self->layout = pulse_chart_layout_new (self->model, &self->style, width, height);
  /* The pointer may now be over something else; we are drawing anyway. */
  self->hover = hit_at_pointer (self);
  return TRUE;
}

/* Style */

static double
widget_scale (PulseChartView *self)
{
#if GTK_CHECK_VERSION (4, 12, 0)
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native ? gtk_native_get_surface (native) : NULL;

  if (surface != NULL)
    return gdk_surface_get_scale (surface);
#endif
  return gtk_widget_get_scale_factor (GTK_WIDGET (self));
}

/* The interface font, grown by the text scaling factor (gtk-xft-dpi). */
static PangoFontDescription *
interface_font (PulseChartView *self)
{
  g_autofree char *name = NULL;
  PangoFontDescription *font;
  int dpi = 0;

  if (self->settings != NULL)
    g_object_get (self->settings, "gtk-font-name", &name, "gtk-xft-dpi", &dpi, NULL);
  font = pango_font_description_from_string (name ? name : "Cantarell 11");
  if (pango_font_description_get_size (font) <= 0)
    pango_font_description_set_size (font, 11 * PANGO_SCALE);
  if (dpi > 0)
    {
      double factor = dpi / 1024.0 / 96.0;
      int size = pango_font_description_get_size (font);

      if (pango_font_description_get_size_is_absolute (font))
        pango_font_description_set_absolute_size (font, size * factor);
      else
        pango_font_description_set_size (font, (int)(size * factor));
    }
  return font;
}

static void
apply_accent (PulseChartView  *self,
              PulseChartStyle *style)
{
#if ADW_CHECK_VERSION (1, 6, 0)
  GdkRGBA *rgba;
  PulseChartColor accent;

  if (self->style_manager == NULL ||
      !adw_style_manager_get_system_supports_accent_colors (self->style_manager))
    return;
  rgba = adw_style_manager_get_accent_color_rgba (self->style_manager);
  accent = (PulseChartColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
  pulse_chart_style_set_accent (style, &accent);
  gdk_rgba_free (rgba);
#else
  /* No accent colours before libadwaita 1.6: the palette's blue stays. */
#endif
}

static void
update_style (PulseChartView *self)
{
  PulseChartStyle style;
  g_autoptr(PangoFontDescription) font = interface_font (self);
  gboolean dark = self->style_manager && adw_style_manager_get_dark (self->style_manager);

  if (dark)
    pulse_chart_style_init_dark (&style);
  else
    pulse_chart_style_init_light (&style);
  if (self->style_manager && adw_style_manager_get_high_contrast (self->style_manager))
    pulse_chart_style_set_high_contrast (&style, TRUE);
  apply_accent (self, &style);
  pulse_chart_style_set_font (&style, font);
  style.scale = widget_scale (self);

  if (!pulse_chart_style_equal (&style, &self->style))
    {
      pulse_chart_style_copy (&self->style, &style);
      invalidate_layout (self);
    }
  pulse_chart_style_clear (&style);
}

static void
on_style_changed (PulseChartView *self)
{
  update_style (self);
}

static void
connect_style (PulseChartView *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));

  self->style_manager = g_object_ref (adw_style_manager_get_for_display (display));
  self->settings = g_object_ref (gtk_widget_get_settings (GTK_WIDGET (self)));

  g_signal_connect_object (self->style_manager, "notify::dark",
                           G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->style_manager, "notify::high-contrast",
                           G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
#if ADW_CHECK_VERSION (1, 6, 0)
  g_signal_connect_object (self->style_manager, "notify::accent-color-rgba",
                           G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
#endif
  g_signal_connect_object (self->settings, "notify::gtk-font-name",
                           G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::gtk-xft-dpi",
                           G_CALLBACK (on_style_changed), self, G_CONNECT_SWAPPED);
  update_style (self);
}

static void
disconnect_style (PulseChartView *self)
{
  if (self->style_manager)
    g_signal_handlers_disconnect_by_data (self->style_manager, self);
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->style_manager);
  g_clear_object (&self->settings);
}

/* Model */

static void
update_accessible (PulseChartView *self)
{
  g_autofree char *summary = NULL;

  if (self->model == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  summary = pulse_chart_model_dup_summary_text (self->model);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  pulse_chart_model_get_title (self->model)
                                    ? pulse_chart_model_get_title (self->model) : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
}

static void
on_model_changed (PulseChartView  *self,
                  PulseChartModel *model)
{
  invalidate_layout (self);
  update_accessible (self);
  /* The natural height depends on the kind and the funnel's steps. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Input */

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           PulseChartView           *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  update_hover (self);
}

static void
on_leave (GtkEventControllerMotion *controller,
          PulseChartView           *self)
{
  self->pointer_inside = FALSE;
  update_hover (self);
}

/* People: which series a click at @y in @bucket is on: the stacked
 * segment under it, else the line nearest to it (NAN: the first shown). */
static int
series_at (PulseChartView *self,
           guint           bucket,
           double          y)
{
  gboolean stacked = pulse_chart_model_get_kind (self->model) == PULSE_CHART_KIND_STACKED_BAR;
  double up = 0, down = 0, best_distance = G_MAXDOUBLE;
  int best = -1;

  for (guint i = 0; i < pulse_chart_model_get_n_series (self->model); i++)
    {
      guint n_values;
      const double *values = pulse_chart_model_get_series_values (self->model, i, &n_values);
      double value = bucket < n_values ? values[bucket] : NAN;
      double low, high, top, bottom, distance;

      /* A previous period's copy counts nobody of this range. */
      if (!pulse_chart_model_get_series_visible (self->model, i) || isnan (value) ||
          g_str_has_suffix (pulse_chart_model_get_series_id (self->model, i), ":previous"))
        continue;
      if (isnan (y))
        return i;
      /* The values it spans: a stacked segment sits on the ones before. */
      if (!stacked)
        low = high = value;
      else if (pulse_chart_model_get_series_downward (self->model, i))
        {
          high = down;
          low = (down -= value);
        }
      else
        {
          low = up;
          high = (up += value);
        }
      top = pulse_chart_layout_get_value_y (self->layout, high);
      bottom = pulse_chart_layout_get_value_y (self->layout, low);
      distance = y < top ? top - y : y > bottom ? y - bottom : 0;
      if (distance < best_distance)
        {
          best_distance = distance;
          best = i;
        }
    }
  return best;
}

/* The people behind @hit: what win.show-people takes (see there). */
static GVariant *
people_target (PulseChartView      *self,
               const PulseChartHit *hit,
               double               y)
{
  PulseChartKind kind = pulse_chart_model_get_kind (self->model);
  const char *series = NULL, *start = "";
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  if (hit->kind == PULSE_CHART_HIT_STEP && (guint)hit->index < pulse_chart_model_get_n_steps (self->model))
    series = pulse_chart_model_get_step_id (self->model, hit->index);
  else if (hit->kind == PULSE_CHART_HIT_BUCKET && kind == PULSE_CHART_KIND_HISTOGRAM &&
           (guint)hit->index < pulse_chart_model_get_n_histogram (self->model))
    series = pulse_chart_model_get_histogram_label (self->model, hit->index);
  else if (hit->kind == PULSE_CHART_HIT_BUCKET && (guint)hit->index < pulse_chart_model_get_n_buckets (self->model))
    {
      int index = series_at (self, hit->index, y);

      series = index >= 0 ? pulse_chart_model_get_series_id (self->model, index) : NULL;
      start = pulse_chart_model_get_buckets (self->model)[hit->index];
    }
  if (series == NULL)
    return NULL;

  g_variant_dict_insert (&dict, "metric", "s", self->people_metric);
  g_variant_dict_insert (&dict, "series", "s", series);
  g_variant_dict_insert (&dict, "start", "s", start);
  g_variant_dict_insert (&dict, "period", "i", -1);
  g_variant_dict_insert (&dict, "dropped", "b", FALSE);
  return g_variant_dict_end (&dict);
}

static gboolean
show_people (PulseChartView      *self,
             const PulseChartHit *hit,
             double               y)
{
  g_autoptr(GVariant) target = NULL;

  if (self->people_metric == NULL || self->layout == NULL || self->model == NULL ||
      !(target = people_target (self, hit, y)))
    return FALSE;
  /* Sunk here: GTK 4.8 leaves a floating parameter of a class action floating. */
  g_variant_ref_sink (target);
  return gtk_widget_activate_action_variant (GTK_WIDGET (self), "win.show-people", target);
}

static void
on_released (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             PulseChartView  *self)
{
  PulseChartHit hit;

  if (self->layout == NULL || self->model == NULL)
    return;
  if (!pulse_chart_layout_hit_test (self->layout, x, y, &hit))
    return;
  if (hit.kind == PULSE_CHART_HIT_LEGEND)
    {
      if (hit.series < (int)pulse_chart_model_get_n_series (self->model))
        {
          pulse_chart_view_toggle_series (self, hit.series);
          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
        }
      return;
    }
  if (show_people (self, &hit, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  else
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, hit.kind, hit.index);
}

/* GtkWidget */

static GtkSizeRequestMode
pulse_chart_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* A funnel's height follows its steps; charts over time follow their
 * width, so a wide card gets a taller chart rather than a flat band. */
static int
natural_height (PulseChartView *self,
                int             width)
{
  const PulseChartKindOps *ops = NULL;

  if (self->model != NULL)
    ops = _pulse_chart_kind_get_ops (pulse_chart_model_get_kind (self->model));
  if (ops != NULL && ops->natural_height)
    return ops->natural_height (self->model);
  if (width < 0)
    return CHART_MIN_NATURAL_HEIGHT;
  return CLAMP ((int)(width * CHART_ASPECT), CHART_MIN_NATURAL_HEIGHT, CHART_MAX_NATURAL_HEIGHT);
}

static void
pulse_chart_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  PulseChartView *self = PULSE_CHART_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *natural = self->model ? pulse_chart_model_get_natural_width (self->model) : 360;
      *minimum = MIN (*natural, 160);
    }
  else
    {
      *natural = natural_height (self, for_size);
      *minimum = MIN (*natural, 140);
    }
}

static void
pulse_chart_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  PulseChartView *self = PULSE_CHART_VIEW (widget);
  graphene_rect_t bounds;
  cairo_t *cr;

  if (!ensure_layout (self))
    return;

  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));

  if (self->chart_node == NULL)
    {
      GtkSnapshot *chart = gtk_snapshot_new ();

      cr = gtk_snapshot_append_cairo (chart, &bounds);
      pulse_chart_layout_draw (self->layout, cr);
      cairo_destroy (cr);
      self->chart_node = gtk_snapshot_free_to_node (chart);
    }
  if (self->chart_node != NULL)
    gtk_snapshot_append_node (snapshot, self->chart_node);

  if (self->hover.kind != PULSE_CHART_HIT_NONE)
    {
      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      pulse_chart_layout_draw_hover (self->layout, cr, &self->hover);
      cairo_destroy (cr);
    }
}

static void
pulse_chart_view_root (GtkWidget *widget)
{
  PulseChartView *self = PULSE_CHART_VIEW (widget);

  GTK_WIDGET_CLASS (pulse_chart_view_parent_class)->root (widget);
  connect_style (self);
}

static void
pulse_chart_view_unroot (GtkWidget *widget)
{
  PulseChartView *self = PULSE_CHART_VIEW (widget);

  disconnect_style (self);
  GTK_WIDGET_CLASS (pulse_chart_view_parent_class)->unroot (widget);
}

/* GObject */

static void
pulse_chart_view_dispose (GObject *object)
{
  PulseChartView *self = (PulseChartView *)object;

  disconnect_style (self);
  if (self->model)
    g_clear_signal_handler (&self->model_changed_id, self->model);
  g_clear_object (&self->model);
  g_clear_pointer (&self->layout, pulse_chart_layout_unref);
  g_clear_pointer (&self->chart_node, gsk_render_node_unref);

  G_OBJECT_CLASS (pulse_chart_view_parent_class)->dispose (object);
}

static void
pulse_chart_view_finalize (GObject *object)
{
  PulseChartView *self = (PulseChartView *)object;

  g_free (self->people_metric);
  pulse_chart_style_clear (&self->style);

  G_OBJECT_CLASS (pulse_chart_view_parent_class)->finalize (object);
}

static void
pulse_chart_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PulseChartView *self = PULSE_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_chart_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PulseChartView *self = PULSE_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      pulse_chart_view_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_chart_view_class_init (PulseChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_chart_view_dispose;
  object_class->finalize = pulse_chart_view_finalize;
  object_class->get_property = pulse_chart_view_get_property;
  object_class->set_property = pulse_chart_view_set_property;

  widget_class->get_request_mode = pulse_chart_view_get_request_mode;
  widget_class->measure = pulse_chart_view_measure;
  widget_class->snapshot = pulse_chart_view_snapshot;
  widget_class->root = pulse_chart_view_root;
  widget_class->unroot = pulse_chart_view_unroot;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         PULSE_TYPE_CHART_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PulseChartView::item-activated:
   * @kind: a #PulseChartHitKind: what was clicked
   * @index: which one: the hit's index (a cohort table's cell)
   *
   * Emitted on a click on the chart's data, or Enter on the item the
   * keyboard points at: the persons behind it are wanted.
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "pulsechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

/* Keyboard: the same hover feedback as the pointer, one item at a time. */
static void
move_keyboard_hover (PulseChartView *self,
                     int             delta,
                     gboolean        to_end)
{
  const PulseChartKindOps *ops = _pulse_chart_kind_get_ops (pulse_chart_model_get_kind (self->model));
  guint n = ops->n_items (self->model);
  int current = self->hover.kind == PULSE_CHART_HIT_NONE ? -1 : self->hover.index;
  int next;

  if (n == 0)
    return;
  if (to_end)
    next = delta < 0 ? 0 : (int)n - 1;
  else
    next = current < 0 ? (delta < 0 ? (int)n - 1 : 0) : CLAMP (current + delta, 0, (int)n - 1);

  self->hover = (PulseChartHit) { ops->item_kind, next, -1 };
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PulseChartView        *self)
{
  if (self->model == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_keyboard_hover (self, -1, FALSE);
      return GDK_EVENT_STOP;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_keyboard_hover (self, 1, FALSE);
      return GDK_EVENT_STOP;
    case GDK_KEY_Home:
      move_keyboard_hover (self, -1, TRUE);
      return GDK_EVENT_STOP;
    case GDK_KEY_End:
      move_keyboard_hover (self, 1, TRUE);
      return GDK_EVENT_STOP;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (show_people (self, &self->hover, NAN))
        return GDK_EVENT_STOP;
      if (self->hover.kind == PULSE_CHART_HIT_NONE || self->hover.kind == PULSE_CHART_HIT_LEGEND)
        return GDK_EVENT_PROPAGATE;
      g_signal_emit (self, signals[ITEM_ACTIVATED], 0, self->hover.kind, self->hover.index);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape:
      if (self->hover.kind == PULSE_CHART_HIT_NONE)
        return GDK_EVENT_PROPAGATE;
      self->hover = no_hit;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return GDK_EVENT_STOP;
    default:
      break;
    }

  /* 1…9 toggle the legend's entries, as a click on them does. */
  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9 &&
      keyval - GDK_KEY_1 < pulse_chart_model_get_n_series (self->model))
    {
      pulse_chart_view_toggle_series (self, keyval - GDK_KEY_1);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                PulseChartView          *self)
{
  if (!self->pointer_inside && self->hover.kind != PULSE_CHART_HIT_NONE)
    {
      self->hover = no_hit;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
pulse_chart_view_init (PulseChartView *self)
{
  GtkEventController *motion;
  GtkEventController *keys;
  GtkEventController *focus;
  GtkGesture *click;

  self->hover = no_hit;
  pulse_chart_style_init_light (&self->style);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_style_changed), NULL);
  pulse_chart_menu_attach (self);
}

/* API */

PulseChartView *
pulse_chart_view_new (void)
{
  return g_object_new (PULSE_TYPE_CHART_VIEW, NULL);
}

/**
 * pulse_chart_view_get_model:
 *
 * Returns: (transfer none) (nullable): the model
 */
PulseChartModel *
pulse_chart_view_get_model (PulseChartView *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_VIEW (self), NULL);
  return self->model;
}

/**
 * pulse_chart_view_get_flexible_height:
 *
 * Returns: whether the chart reads at any height: its natural height
 *   follows its width (charts over time, histograms), not its content
 *   (a funnel's steps, a cohort table's rows)
 */
gboolean
pulse_chart_view_get_flexible_height (PulseChartView *self)
{
  const PulseChartKindOps *ops;

  g_return_val_if_fail (PULSE_IS_CHART_VIEW (self), FALSE);
  if (self->model == NULL)
    return FALSE;
  ops = _pulse_chart_kind_get_ops (pulse_chart_model_get_kind (self->model));
  return ops != NULL && ops->natural_height == NULL;
}

void
pulse_chart_view_set_model (PulseChartView  *self,
                            PulseChartModel *model)
{
  g_return_if_fail (PULSE_IS_CHART_VIEW (self));
  g_return_if_fail (model == NULL || PULSE_IS_CHART_MODEL (model));

  if (self->model == model)
    return;

  if (self->model)
    g_clear_signal_handler (&self->model_changed_id, self->model);
  g_set_object (&self->model, model);
  if (model)
    self->model_changed_id = g_signal_connect_object (model, "changed",
                                                      G_CALLBACK (on_model_changed), self,
                                                      G_CONNECT_SWAPPED);

  on_model_changed (self, model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * pulse_chart_view_set_people_metric:
 * @metric_id: (nullable): the metric the chart shows, when its numbers
 *   count persons; %NULL: a click on a number shows nothing
 */
void
pulse_chart_view_set_people_metric (PulseChartView *self,
                                    const char     *metric_id)
{
  g_return_if_fail (PULSE_IS_CHART_VIEW (self));

  g_free (self->people_metric);
  self->people_metric = g_strdup (metric_id);
}

/**
 * pulse_chart_view_toggle_series:
 *
 * Shows or hides a series, as a click on its legend entry does.
 */
void
pulse_chart_view_toggle_series (PulseChartView *self,
                                guint           series)
{
  g_return_if_fail (PULSE_IS_CHART_VIEW (self));
  g_return_if_fail (self->model != NULL);
  g_return_if_fail (series < pulse_chart_model_get_n_series (self->model));

  /* The model's ::changed re-lays out the chart. */
  pulse_chart_model_toggle_series (self->model, series);
}

const PulseChartStyle *
pulse_chart_view_get_style (PulseChartView *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_VIEW (self), NULL);
  return &self->style;
}

/**
 * pulse_chart_view_get_layout:
 *
 * The cached layout at the current size, computed if needed. It stays
 * the same object until the size, the model or the style change.
 *
 * Returns: (transfer none) (nullable): the layout, or %NULL before the
 *   widget has a size or a model
 */
PulseChartLayout *
pulse_chart_view_get_layout (PulseChartView *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_VIEW (self), NULL);

  ensure_layout (self);
  return self->layout;
}

/**
 * pulse_chart_view_get_hover:
 *
 * Returns: what the pointer or the keyboard points at; its kind is
 *   %PULSE_CHART_HIT_NONE when nothing is
 */
const PulseChartHit *
pulse_chart_view_get_hover (PulseChartView *self)
{
  g_return_val_if_fail (PULSE_IS_CHART_VIEW (self), NULL);

  return &self->hover;
}
