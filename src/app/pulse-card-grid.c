/* pulse-card-grid.c: dashboard cards in rows that fill the width
 *
 * GtkFlowBox gives every child the same slot, so two cards on a line
 * of three leave a third empty. This grid picks as many columns as
 * cards of the minimum column width fit (up to max-columns), balances
 * the rows (five cards on three columns are three and two, not three,
 * two and an empty slot) and widens each row's cards to fill the line:
 * a page with one card gives it the whole width. Given more height than
 * its rows need, it shares it out among them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-card-grid-private.h"

struct _PulseCardGrid
{
  GtkWidget parent_instance;

  int       spacing;
  int       column_width;   /* the narrowest a column may get */
  guint     max_columns;
  guint     n_columns;      /* at the last allocation */
};

enum {
  PROP_0,
  PROP_SPACING,
  PROP_COLUMN_WIDTH,
  PROP_MAX_COLUMNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PulseCardGrid, pulse_card_grid, GTK_TYPE_WIDGET)

static guint
count_children (PulseCardGrid *self,
                int           *widest_min)
{
  guint n = 0;

  *widest_min = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      *widest_min = MAX (*widest_min, min);
      n++;
    }
  return n;
}

/* Columns for @width: as many as fit, no more than there are cards,
 * then as few as keep the same number of rows (balanced rows). */
static guint
columns_for_width (PulseCardGrid *self,
                   int            width,
                   guint          n_children,
                   int            widest_min)
{
  int column = MAX (self->column_width, widest_min);
  guint columns, rows;

  if (n_children == 0)
    return 1;
  columns = (guint) MAX (1, (width + self->spacing) / MAX (1, column + self->spacing));
  columns = MIN (MIN (columns, self->max_columns), n_children);
  rows = (n_children + columns - 1) / columns;
  return (n_children + rows - 1) / rows;
}

/* Calls @func for each row: its first child, the child after its last
 * one, and how many it holds. */
typedef void (*RowFunc) (PulseCardGrid *self,
                         GtkWidget     *first,
                         GtkWidget     *end,
                         guint          n,
                         gpointer       data);

static void
foreach_row (PulseCardGrid *self,
             guint          columns,
             RowFunc        func,
             gpointer       data)
{
  GtkWidget *first = NULL;
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      if (n == columns)
        {
          func (self, first, child, n, data);
          first = NULL;
          n = 0;
        }
      if (first == NULL)
        first = child;
      n++;
    }
  if (first != NULL)
    func (self, first, NULL, n, data);
}

typedef struct
{
  int width;        /* of the grid */
  int y;
  int min;
  int nat;
  guint rows;
  gboolean allocate;
  int stretch;      /* added to each row's natural height */
} RowState;

/* Width of cell @i of a row of @n: the row's width shared out evenly,
 * the remainder to the first cells. */
static int
cell_width (int   width,
            int   spacing,
            guint n,
            guint i)
{
  int inner = MAX (0, width - (int)(n - 1) * spacing);

  return inner / (int)n + ((guint)(inner % (int)n) > i ? 1 : 0);
}

static void
row_height (PulseCardGrid *self,
            GtkWidget     *first,
            GtkWidget     *end,
            guint          n,
            int            width,
            int           *min,
            int           *nat)
{
  guint i = 0;

  *min = *nat = 0;
  for (GtkWidget *child = first; child != end; child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, cell_width (width, self->spacing, n, i++),
                          &child_min, &child_nat, NULL, NULL);
      *min = MAX (*min, child_min);
      *nat = MAX (*nat, child_nat);
    }
}

static void
do_row (PulseCardGrid *self,
        GtkWidget     *first,
        GtkWidget     *end,
        guint          n,
        gpointer       data)
{
  RowState *state = data;
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int min, nat, x = 0;
  guint i = 0;

  row_height (self, first, end, n, state->width, &min, &nat);
  if (state->rows++ > 0)
    {
      state->y += self->spacing;
      state->min += self->spacing;
    }
  if (state->allocate)
    for (GtkWidget *child = first; child != end; child = gtk_widget_get_next_sibling (child))
      {
        int width;

        if (!gtk_widget_should_layout (child))
          continue;
        width = cell_width (state->width, self->spacing, n, i++);
        gtk_widget_size_allocate (child,
                                  &(GtkAllocation) { rtl ? state->width - x - width : x, state->y, width,
                                                     nat + state->stretch },
                                  -1);
        x += width + self->spacing;
      }
  state->y += nat + state->stretch;
  state->min += min;
}

static void
pulse_card_grid_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  PulseCardGrid *self = PULSE_CARD_GRID (widget);
  int widest_min;
  guint n = count_children (self, &widest_min);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint columns = MIN (n, self->max_columns);

      *minimum = widest_min;
      /* Asks for room for all its columns; gets what the page has. */
      *natural = MAX (widest_min, (int)columns * MAX (self->column_width, widest_min) +
                                  (int)MAX (columns, 1) * self->spacing - self->spacing);
    }
  else
    {
      int width = for_size >= 0 ? for_size : MAX (widest_min, self->column_width);
      RowState state = { width, 0, 0, 0, 0, FALSE, 0 };

      foreach_row (self, columns_for_width (self, width, n, widest_min), do_row, &state);
      *minimum = state.min;
      *natural = state.y;
    }
}

static void
pulse_card_grid_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  PulseCardGrid *self = PULSE_CARD_GRID (widget);
  RowState natural = { width, 0, 0, 0, 0, FALSE, 0 };
  RowState state = { width, 0, 0, 0, 0, TRUE, 0 };
  int widest_min;
  guint n = count_children (self, &widest_min);

  self->n_columns = columns_for_width (self, width, n, widest_min);
  /* Rows shorter than the grid share the rest: their cards' charts
   * grow rather than leave the bottom of the window empty. */
  foreach_row (self, self->n_columns, do_row, &natural);
  if (natural.rows > 0 && height > natural.y)
    state.stretch = (height - natural.y) / (int)natural.rows;
  foreach_row (self, self->n_columns, do_row, &state);
}

static GtkSizeRequestMode
pulse_card_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pulse_card_grid_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pulse_card_grid_parent_class)->dispose (object);
}

static void
pulse_card_grid_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PulseCardGrid *self = PULSE_CARD_GRID (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    case PROP_COLUMN_WIDTH:
      g_value_set_int (value, self->column_width);
      break;
    case PROP_MAX_COLUMNS:
      g_value_set_uint (value, self->max_columns);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_int (PulseCardGrid *self,
         int           *field,
         int            value,
         guint          prop)
{
  if (*field == value)
    return;
  *field = value;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
pulse_card_grid_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PulseCardGrid *self = PULSE_CARD_GRID (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      set_int (self, &self->spacing, g_value_get_int (value), prop_id);
      break;
    case PROP_COLUMN_WIDTH:
      set_int (self, &self->column_width, g_value_get_int (value), prop_id);
      break;
    case PROP_MAX_COLUMNS:
      if (self->max_columns != g_value_get_uint (value))
        {
          self->max_columns = g_value_get_uint (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_card_grid_class_init (PulseCardGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_card_grid_dispose;
  object_class->get_property = pulse_card_grid_get_property;
  object_class->set_property = pulse_card_grid_set_property;

  widget_class->measure = pulse_card_grid_measure;
  widget_class->size_allocate = pulse_card_grid_size_allocate;
  widget_class->get_request_mode = pulse_card_grid_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMN_WIDTH] =
    g_param_spec_int ("column-width", NULL, NULL, 1, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_COLUMNS] =
    g_param_spec_uint ("max-columns", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pulsecardgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pulse_card_grid_init (PulseCardGrid *self)
{
  self->column_width = 1;
  self->max_columns = 1;
}

/**
 * pulse_card_grid_new:
 * @column_width: the narrowest a column gets before the grid drops one
 * @max_columns: the most columns, however wide the grid
 */
GtkWidget *
pulse_card_grid_new (int   spacing,
                     int   column_width,
                     guint max_columns)
{
  return g_object_new (PULSE_TYPE_CARD_GRID, "spacing", spacing, "column-width", column_width,
                       "max-columns", max_columns, NULL);
}

void
pulse_card_grid_append (PulseCardGrid *self,
                        GtkWidget     *child)
{
  g_return_if_fail (PULSE_IS_CARD_GRID (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

/* Columns at the last allocation: lets tests see the layout change. */
guint
pulse_card_grid_get_n_columns (PulseCardGrid *self)
{
  g_return_val_if_fail (PULSE_IS_CARD_GRID (self), 0);
  return self->n_columns;
}
