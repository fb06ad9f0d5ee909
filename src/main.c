/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pulse-application.h"
#include "pulse-cli.h"
#include "pulse-renderer-private.h"

int
main (int   argc,
      char *argv[])
{
  g_auto(PulseCliOptions) options = { 0 };
  g_autoptr(PulseApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  /* build-aux/dev run points this at the build tree's compiled catalogs. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PULSE_LOCALEDIR") ? g_getenv ("PULSE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The whole command line is checked before anything starts. */
  if (!pulse_cli_options_parse (&options, argc, argv, &error))
    {
      g_printerr ("pulse: %s\n", error->message);
      return 2;
    }

  /* Exports run without a display and without initialising GTK. */
  if (pulse_cli_is_headless (&options))
    return pulse_cli_run (&options);

  pulse_renderer_choose ("/dev");
  /* The window's options go through GApplication, to a running Pulse too. */
  app = pulse_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
