/* pulse-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>

#include "pulse-application.h"
#include "pulse-catalog.h"
#include "pulse-window.h"

struct _PulseApplication
{
  AdwApplication  parent_instance;

  gboolean        open_demo;
  char           *connection;
  char           *catalog_path;
  PulseCatalog   *catalog;
  PulseDemo      *demo;
};

G_DEFINE_FINAL_TYPE (PulseApplication, pulse_application, ADW_TYPE_APPLICATION)

static PulseCatalog *
load_catalog (PulseApplication *self)
{
  g_autoptr(GError) error = NULL;
  PulseCatalog *catalog = pulse_catalog_new_bundled (&error);

  /* The bundled catalog is built in: failing to load it is a build bug. */
  if (catalog == NULL)
    g_error ("%s", error->message);

  if (self->catalog_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (self->catalog_path);
      if (!pulse_catalog_load_file (catalog, file, &error))
        g_warning ("%s", error->message);
    }
  return catalog;
}

static void
pulse_application_activate (GApplication *app)
{
  PulseApplication *self = PULSE_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      if (self->catalog == NULL)
        self->catalog = load_catalog (self);
      window = GTK_WINDOW (pulse_window_new (GTK_APPLICATION (app), self->catalog));
      if (self->connection != NULL)
        pulse_window_open_connection (PULSE_WINDOW (window), self->connection);
      else if (self->open_demo)
        pulse_window_open_demo (PULSE_WINDOW (window));
    }

  gtk_window_present (window);
}

static void
pulse_application_shutdown (GApplication *app)
{
  PulseApplication *self = PULSE_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  /* The demo server lives only as long as Pulse does. */
  if (self->demo != NULL && !pulse_demo_stop (self->demo, &error))
    g_warning ("%s", error->message);

  G_APPLICATION_CLASS (pulse_application_parent_class)->shutdown (app);
}

static void
pulse_application_finalize (GObject *object)
{
  PulseApplication *self = (PulseApplication *)object;

  g_clear_pointer (&self->connection, g_free);
  g_clear_pointer (&self->catalog_path, g_free);
  g_clear_object (&self->catalog);
  g_clear_object (&self->demo);

  G_OBJECT_CLASS (pulse_application_parent_class)->finalize (object);
}

static void
pulse_application_class_init (PulseApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pulse_application_finalize;
  app_class->activate = pulse_application_activate;
  app_class->shutdown = pulse_application_shutdown;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autofree char *debug_info = g_strdup_printf ("GTK %u.%u.%u\nlibadwaita %u.%u.%u\nlibpq %d\n",
                                                 gtk_get_major_version (), gtk_get_minor_version (),
                                                 gtk_get_micro_version (), adw_get_major_version (),
                                                 adw_get_minor_version (), adw_get_micro_version (),
                                                 PQlibVersion ());
  const char *developers[] = { "The Pulse developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Pulse"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "debug-info", debug_info,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
pulse_application_init (PulseApplication *self)
{
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  static const char * const quit_accels[] = { "<Control>q", NULL };
  static const char * const help_accels[] = { "<Control>question", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
}

PulseApplication *
pulse_application_new (const PulseCliOptions *options)
{
  PulseApplication *self;

  self = g_object_new (PULSE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* Same resources for the stable and the Devel build. */
                       "resource-base-path", PULSE_RESOURCE_PREFIX,
                       NULL);
  if (options != NULL)
    {
      self->open_demo = options->demo;
      self->connection = g_strdup (options->connection);
      self->catalog_path = g_strdup (options->catalog);
    }
  return self;
}

PulseDemo *
pulse_application_get_demo (PulseApplication *self)
{
  g_return_val_if_fail (PULSE_IS_APPLICATION (self), NULL);

  if (self->demo == NULL)
    self->demo = pulse_demo_new (NULL);
  return self->demo;
}
