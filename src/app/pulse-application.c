/* pulse-application.c
 *
 * The window's options (--connection, --demo, --catalog) go through
 * GApplication: a second `pulse --connection NAME` hands them to the
 * instance already running, which opens NAME in its window. Headless
 * exports never get here (main.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <libpq-fe.h>
#include <signal.h>

#include "pulse-application.h"
#include "pulse-catalog.h"
#include "pulse-window.h"

struct _PulseApplication
{
  AdwApplication  parent_instance;

  PulseCatalog   *catalog;
  PulseDemo      *demo;
  guint           signal_sources[3];
};

G_DEFINE_FINAL_TYPE (PulseApplication, pulse_application, ADW_TYPE_APPLICATION)

/* @path: (nullable): --catalog's file, which adds or overrides metrics */
static PulseCatalog *
load_catalog (GFile *path)
{
  g_autoptr(GError) error = NULL;
  PulseCatalog *catalog = pulse_catalog_new_bundled (&error);

  /* The bundled catalog is built in: failing to load it is a build bug. */
  if (catalog == NULL)
    g_error ("%s", error->message);

  if (path != NULL && !pulse_catalog_load_file (catalog, path, &error))
    g_warning ("%s", error->message);
  return catalog;
}

/* Returns: (transfer none): the window, made if there is none yet */
static PulseWindow *
ensure_window (PulseApplication *self,
               gboolean         *created)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  *created = window == NULL;
  if (window == NULL)
    {
      if (self->catalog == NULL)
        self->catalog = load_catalog (NULL);
      window = GTK_WINDOW (pulse_window_new (GTK_APPLICATION (self), self->catalog));
    }
  return PULSE_WINDOW (window);
}

static void
pulse_application_activate (GApplication *app)
{
  gboolean created;
  PulseWindow *window = ensure_window (PULSE_APPLICATION (app), &created);

  if (created)
    pulse_window_restore_connection (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* Runs in the primary instance, for its own command line or another's. */
static int
pulse_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  PulseApplication *self = PULSE_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *connection = NULL;
  g_autofree char *catalog = NULL;
  gboolean demo = FALSE;
  gboolean created;
  PulseWindow *window;

  g_variant_dict_lookup (options, "connection", "s", &connection);
  g_variant_dict_lookup (options, "catalog", "^ay", &catalog);
  g_variant_dict_lookup (options, "demo", "b", &demo);

  if (catalog != NULL && self->catalog == NULL)
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, catalog);
      self->catalog = load_catalog (file);
    }
  else if (catalog != NULL)
    g_application_command_line_printerr (command_line, "pulse: %s\n",
                                         /* Translators: keep --catalog as it is */
                                         _("Pulse is already running: --catalog applies when it starts"));

  if (connection == NULL && !demo)
    {
      g_application_activate (app);
      return 0;
    }
  window = ensure_window (self, &created);
  if (connection != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.open-connection", "s", connection);
  else
    pulse_window_open_demo (window);
  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

/* SIGTERM (a session's logout, `kill`), SIGINT and SIGHUP quit as
 * Ctrl+Q does, so the demo's server stops with Pulse. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
pulse_application_startup (GApplication *app)
{
  PulseApplication *self = PULSE_APPLICATION (app);
  const int signals[] = { SIGTERM, SIGINT, SIGHUP };

  G_APPLICATION_CLASS (pulse_application_parent_class)->startup (app);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    self->signal_sources[i] = g_unix_signal_add (signals[i], on_quit_signal, self);
}

static void
pulse_application_shutdown (GApplication *app)
{
  PulseApplication *self = PULSE_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);

  /* The demo server lives only as long as Pulse does. */
  if (self->demo != NULL && !pulse_demo_stop (self->demo, &error))
    g_warning ("%s", error->message);

  G_APPLICATION_CLASS (pulse_application_parent_class)->shutdown (app);
}

static void
pulse_application_finalize (GObject *object)
{
  PulseApplication *self = (PulseApplication *)object;

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
  app_class->command_line = pulse_application_command_line;
  app_class->startup = pulse_application_startup;
  app_class->shutdown = pulse_application_shutdown;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  int pq = PQlibVersion ();
  /* What a bug report needs: the versions built against and the ones
   * running (a Flatpak runtime may be newer than the build's headers). */
  g_autofree char *debug_info =
    g_strdup_printf ("Pulse %s (%s)\n"
                     "GTK %u.%u.%u (built with %d.%d.%d)\n"
                     "libadwaita %u.%u.%u (built with %d.%d.%d)\n"
                     "libpq %d.%d\n"
                     "GLib %u.%u.%u\n",
                     PACKAGE_VERSION, APPLICATION_ID,
                     gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                     GTK_MAJOR_VERSION, GTK_MINOR_VERSION, GTK_MICRO_VERSION,
                     adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                     ADW_MAJOR_VERSION, ADW_MINOR_VERSION, ADW_MICRO_VERSION,
                     pq / 10000, pq % 10000,
                     glib_major_version, glib_minor_version, glib_micro_version);
  const char *developers[] = { "The Pulse developers https://github.com/pulsedash/pulse", NULL };
  const char *artists[] = { "The Pulse developers", NULL };
  const char *built_on[] = {
    "PostgreSQL https://www.postgresql.org",
    "GTK https://gtk.org",
    "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
    "JSON-GLib https://gitlab.gnome.org/GNOME/json-glib",
    NULL
  };
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  g_object_set (about,
                "transient-for", gtk_application_get_active_window (app),
                "application-name", _("Pulse"),
                "application-icon", APPLICATION_ID,
                "developer-name", _("The Pulse developers"),
                "version", PACKAGE_VERSION,
                "comments", _("Product metrics of the talent platform, from its PostgreSQL database."),
                "website", "https://github.com/pulsedash/pulse",
                "issue-url", "https://github.com/pulsedash/pulse/issues",
                "copyright", "© 2026 The Pulse developers",
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                "artists", artists,
                /* Translators: your name(s), one per line, for the About window */
                "translator-credits", _("translator-credits"),
                "debug-info", debug_info,
                "debug-info-filename", "pulse-debug-info.txt",
                NULL);
  adw_about_window_add_acknowledgement_section (about, _("Built With"), built_on);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* The window's options; main.c has checked the whole command line. */
static const GOptionEntry option_entries[] = {
  { "connection", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Database to use: a libpq connection string or postgres:// URI"), N_("CONN") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Use the embedded demo workspace"), NULL },
  { "catalog", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Extra metric catalog file that adds or overrides metrics"), N_("FILE") },
  { NULL }
};

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
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
}

PulseApplication *
pulse_application_new (void)
{
  return g_object_new (PULSE_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* Same resources for the stable and the Devel build. */
                       "resource-base-path", PULSE_RESOURCE_PREFIX,
                       NULL);
}

PulseDemo *
pulse_application_get_demo (PulseApplication *self)
{
  g_return_val_if_fail (PULSE_IS_APPLICATION (self), NULL);

  if (self->demo == NULL)
    self->demo = pulse_demo_new (NULL);
  return self->demo;
}
