/* pulse-migration-row.c: one migration's progress in the setup wizard
 *
 * Its file name, and what is happening to it: waiting, running (a
 * spinner), applied (with the time it took) or failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-migration-row.h"

struct _PulseMigrationRow
{
  AdwActionRow            parent_instance;

  PulseMigration         *migration;
  PulseMigrationRowState  state;
  guint                   execution_ms;

  GtkSpinner             *spinner;
  GtkImage               *icon;
};

G_DEFINE_FINAL_TYPE (PulseMigrationRow, pulse_migration_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_MIGRATION,
  PROP_STATE,
  PROP_EXECUTION_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char *icon_name;
  const char *style;
} state_icons[] = {
  [PULSE_MIGRATION_ROW_WAITING] = { "content-loading-symbolic", "dim-label" },
  [PULSE_MIGRATION_ROW_RUNNING] = { NULL, NULL },
  [PULSE_MIGRATION_ROW_APPLIED] = { "emblem-ok-symbolic", "success" },
  [PULSE_MIGRATION_ROW_FAILED] = { "dialog-error-symbolic", "error" },
};

static char *
describe_state (PulseMigrationRow *self)
{
  switch (self->state)
    {
    case PULSE_MIGRATION_ROW_WAITING:
      return g_strdup (_("Waiting"));
    case PULSE_MIGRATION_ROW_RUNNING:
      return g_strdup (_("Running…"));
    case PULSE_MIGRATION_ROW_APPLIED:
      return g_strdup_printf (_("Applied in %u ms"), self->execution_ms);
    case PULSE_MIGRATION_ROW_FAILED:
      return g_strdup (_("Failed; rolled back, nothing of it was applied"));
    default:
      g_assert_not_reached ();
    }
}

static void
update (PulseMigrationRow *self)
{
  g_autofree char *subtitle = describe_state (self);
  const char *icon_name = state_icons[self->state].icon_name;
  gboolean running = self->state == PULSE_MIGRATION_ROW_RUNNING;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icon_name != NULL);
  if (icon_name != NULL)
    {
      const char *classes[] = { state_icons[self->state].style, NULL };

      gtk_image_set_from_icon_name (self->icon, icon_name);
      gtk_widget_set_css_classes (GTK_WIDGET (self->icon), classes);
    }
}

static void
pulse_migration_row_constructed (GObject *object)
{
  PulseMigrationRow *self = PULSE_MIGRATION_ROW (object);

  G_OBJECT_CLASS (pulse_migration_row_parent_class)->constructed (object);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), pulse_migration_get_file_name (self->migration));
  update (self);
}

static void
pulse_migration_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PULSE_TYPE_MIGRATION_ROW);
  G_OBJECT_CLASS (pulse_migration_row_parent_class)->dispose (object);
}

static void
pulse_migration_row_finalize (GObject *object)
{
  PulseMigrationRow *self = PULSE_MIGRATION_ROW (object);

  g_clear_object (&self->migration);
  G_OBJECT_CLASS (pulse_migration_row_parent_class)->finalize (object);
}

static void
pulse_migration_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PulseMigrationRow *self = PULSE_MIGRATION_ROW (object);

  switch (prop_id)
    {
    case PROP_MIGRATION:
      g_value_set_object (value, self->migration);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_EXECUTION_MS:
      g_value_set_uint (value, self->execution_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_migration_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PulseMigrationRow *self = PULSE_MIGRATION_ROW (object);

  switch (prop_id)
    {
    case PROP_MIGRATION:
      self->migration = g_value_dup_object (value);
      break;
    case PROP_STATE:
      pulse_migration_row_set_state (self, g_value_get_enum (value));
      break;
    case PROP_EXECUTION_MS:
      pulse_migration_row_set_execution_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_migration_row_class_init (PulseMigrationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pulse_migration_row_constructed;
  object_class->dispose = pulse_migration_row_dispose;
  object_class->finalize = pulse_migration_row_finalize;
  object_class->get_property = pulse_migration_row_get_property;
  object_class->set_property = pulse_migration_row_set_property;

  properties[PROP_MIGRATION] =
    g_param_spec_object ("migration", NULL, NULL, PULSE_TYPE_MIGRATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PULSE_TYPE_MIGRATION_ROW_STATE, PULSE_MIGRATION_ROW_WAITING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXECUTION_MS] =
    g_param_spec_uint ("execution-ms", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, PULSE_RESOURCE_PREFIX "/pulse-migration-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PulseMigrationRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PulseMigrationRow, icon);
}

static void
pulse_migration_row_init (PulseMigrationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pulse_migration_row_new (PulseMigration *migration)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (migration), NULL);
  return g_object_new (PULSE_TYPE_MIGRATION_ROW, "migration", migration, NULL);
}

PulseMigration *
pulse_migration_row_get_migration (PulseMigrationRow *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION_ROW (self), NULL);
  return self->migration;
}

PulseMigrationRowState
pulse_migration_row_get_state (PulseMigrationRow *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION_ROW (self), PULSE_MIGRATION_ROW_WAITING);
  return self->state;
}

void
pulse_migration_row_set_state (PulseMigrationRow      *self,
                               PulseMigrationRowState  state)
{
  g_return_if_fail (PULSE_IS_MIGRATION_ROW (self));
  g_return_if_fail (state <= PULSE_MIGRATION_ROW_FAILED);

  if (self->state == state)
    return;
  self->state = state;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
pulse_migration_row_set_execution_ms (PulseMigrationRow *self,
                                      guint              execution_ms)
{
  g_return_if_fail (PULSE_IS_MIGRATION_ROW (self));

  if (self->execution_ms == execution_ms)
    return;
  self->execution_ms = execution_ms;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTION_MS]);
}
