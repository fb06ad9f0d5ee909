/* pulse-wrap-box.c: a row of controls that wraps onto more lines when narrow
 *
 * The dashboard toolbar must fit a 360 px phone-sized window on
 * libadwaita 1.2, which has no breakpoints. This box asks for the
 * widest child as its minimum width and for one line as its natural
 * width; when allocated less, it moves children that do not fit onto
 * the next line. Spare width on a line goes to its hexpand children.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-wrap-box-private.h"

struct _PulseWrapBox
{
  GtkWidget parent_instance;

  int       spacing;
  guint     n_lines;
};

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pulse_wrap_box_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PulseWrapBox, pulse_wrap_box, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE,
                                                      pulse_wrap_box_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

/* Width a child takes on a line that is @available wide. */
static int
child_width (GtkWidget *child,
             int        available)
{
  int min = 0, nat = 0;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return MAX (min, MIN (nat, available));
}

static gboolean
starts_new_line (int line_width,
                 int spacing,
                 int width,
                 int available)
{
  return line_width > 0 && line_width + spacing + width > available;
}

/* Calls @line_func once per line with its first child and the child
 * after its last one, and returns the number of lines. */
typedef void (*LineFunc) (PulseWrapBox *self,
                          GtkWidget    *first,
                          GtkWidget    *end,
                          int           line_width,
                          gpointer      data);

static guint
foreach_line (PulseWrapBox *self,
              int           available,
              LineFunc      line_func,
              gpointer      data)
{
  GtkWidget *first = NULL;
  int line_width = 0;
  guint n_lines = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int width;

      if (!gtk_widget_should_layout (child))
        continue;

      width = child_width (child, available);
      if (starts_new_line (line_width, self->spacing, width, available))
        {
          line_func (self, first, child, line_width, data);
          n_lines++;
          first = NULL;
          line_width = 0;
        }
      if (first == NULL)
        first = child;
      else
        line_width += self->spacing;
      line_width += width;
    }

  if (first != NULL)
    {
      line_func (self, first, NULL, line_width, data);
      n_lines++;
    }

  return n_lines;
}

static void
line_height (GtkWidget *first,
             GtkWidget *end,
             int       *min,
             int       *nat)
{
  *min = *nat = 0;
  for (GtkWidget *child = first; child != end; child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &child_min, &child_nat, NULL, NULL);
      *min = MAX (*min, child_min);
      *nat = MAX (*nat, child_nat);
    }
}

typedef struct
{
  int min;
  int nat;
  int lines;
} HeightSum;

static void
add_line_height (PulseWrapBox *self,
                 GtkWidget    *first,
                 GtkWidget    *end,
                 int           line_width,
                 gpointer      data)
{
  HeightSum *sum = data;
  int min, nat;

  line_height (first, end, &min, &nat);
  if (sum->lines++ > 0)
    {
      sum->min += self->spacing;
      sum->nat += self->spacing;
    }
  sum->min += min;
  sum->nat += nat;
}

static void
measure_width (PulseWrapBox *self,
               int          *minimum,
               int          *natural)
{
  int n_children = 0;

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min = 0, nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural += nat + (n_children++ > 0 ? self->spacing : 0);
    }
}

static void
pulse_wrap_box_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  PulseWrapBox *self = PULSE_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      measure_width (self, minimum, natural);
    }
  else
    {
      HeightSum sum = { 0 };
      int width = for_size;

      if (width < 0)
        measure_width (self, &(int){0}, &width);
      foreach_line (self, width, add_line_height, &sum);
      *minimum = sum.min;
      *natural = sum.nat;
    }
}

typedef struct
{
  int width;
  int y;
} AllocateState;

static void
allocate_line (PulseWrapBox *self,
               GtkWidget    *first,
               GtkWidget    *end,
               int           line_width,
               gpointer      data)
{
  AllocateState *state = data;
  int n_expand = 0;
  int spare, x = 0, min, nat;

  line_height (first, end, &min, &nat);
  for (GtkWidget *child = first; child != end; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child) &&
        gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
      n_expand++;

  spare = MAX (0, state->width - line_width);
  for (GtkWidget *child = first; child != end; child = gtk_widget_get_next_sibling (child))
    {
      int width;

      if (!gtk_widget_should_layout (child))
        continue;

      width = child_width (child, state->width);
      if (n_expand > 0 && gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL))
        {
          int share = spare / n_expand;

          width += share;
          spare -= share;
          n_expand--;
        }
      if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
        gtk_widget_size_allocate (child,
                                  &(GtkAllocation) { state->width - x - width, state->y, width, nat },
                                  -1);
      else
        gtk_widget_size_allocate (child, &(GtkAllocation) { x, state->y, width, nat }, -1);
      x += width + self->spacing;
    }
  state->y += nat + self->spacing;
}

static void
pulse_wrap_box_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  PulseWrapBox *self = PULSE_WRAP_BOX (widget);
  AllocateState state = { width, 0 };

  self->n_lines = foreach_line (self, width, allocate_line, &state);
}

static GtkSizeRequestMode
pulse_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pulse_wrap_box_buildable_add_child (GtkBuildable *buildable,
                                    GtkBuilder   *builder,
                                    GObject      *child,
                                    const char   *type)
{
  if (GTK_IS_WIDGET (child) && type == NULL)
    pulse_wrap_box_append (PULSE_WRAP_BOX (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
pulse_wrap_box_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = pulse_wrap_box_buildable_add_child;
}

static void
pulse_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pulse_wrap_box_parent_class)->dispose (object);
}

static void
pulse_wrap_box_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PulseWrapBox *self = PULSE_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_wrap_box_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PulseWrapBox *self = PULSE_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      pulse_wrap_box_set_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_wrap_box_class_init (PulseWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_wrap_box_dispose;
  object_class->get_property = pulse_wrap_box_get_property;
  object_class->set_property = pulse_wrap_box_set_property;

  widget_class->measure = pulse_wrap_box_measure;
  widget_class->size_allocate = pulse_wrap_box_size_allocate;
  widget_class->get_request_mode = pulse_wrap_box_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pulsewrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pulse_wrap_box_init (PulseWrapBox *self)
{
}

GtkWidget *
pulse_wrap_box_new (void)
{
  return g_object_new (PULSE_TYPE_WRAP_BOX, NULL);
}

void
pulse_wrap_box_append (PulseWrapBox *self,
                       GtkWidget    *child)
{
  g_return_if_fail (PULSE_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

void
pulse_wrap_box_set_spacing (PulseWrapBox *self,
                            int           spacing)
{
  g_return_if_fail (PULSE_IS_WRAP_BOX (self));
  g_return_if_fail (spacing >= 0);

  if (self->spacing == spacing)
    return;

  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

/* Lines at the last allocation: lets tests see the wrap happen. */
guint
pulse_wrap_box_get_n_lines (PulseWrapBox *self)
{
  g_return_val_if_fail (PULSE_IS_WRAP_BOX (self), 0);

  return self->n_lines;
}
