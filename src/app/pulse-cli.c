/* pulse-cli.c: the headless command line (no display, no GTK)
 *
 * Runs every catalog metric once, synchronously, on a read-only session
 * and writes the JSON document or CSV files. Errors are one line on
 * stderr and a non-zero exit status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pulse-catalog.h"
#include "pulse-cli.h"
#include "pulse-data-export.h"
#include "pulse-db.h"
#include "pulse-demo.h"
#include "pulse-error.h"

void
pulse_cli_options_clear (PulseCliOptions *options)
{
  g_clear_pointer (&options->connection, g_free);
  g_clear_pointer (&options->from, g_free);
  g_clear_pointer (&options->to, g_free);
  g_clear_pointer (&options->timezone, g_free);
  g_clear_pointer (&options->catalog, g_free);
  g_clear_pointer (&options->export_json, g_free);
  g_clear_pointer (&options->export_csv, g_free);
}

gboolean
pulse_cli_options_parse (PulseCliOptions   *options,
                         int               *argc,
                         char            ***argv,
                         GError           **error)
{
  const GOptionEntry entries[] = {
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &options->connection,
      N_("Database to use: a libpq connection string or postgres:// URI"), N_("CONN") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options->demo,
      N_("Use the embedded demo workspace"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from,
      N_("First day of the range (inclusive)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options->to,
      N_("Last day of the range (inclusive)"), N_("YYYY-MM-DD") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &options->timezone,
      N_("Reporting time zone (default UTC)"), N_("TZ") },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &options->catalog,
      N_("Extra metric catalog file that adds or overrides metrics"), N_("FILE") },
    { "export-json", 0, 0, G_OPTION_ARG_FILENAME, &options->export_json,
      N_("Write every metric as JSON to FILE (- for standard output) and exit"), N_("FILE") },
    { "export-csv", 0, 0, G_OPTION_ARG_FILENAME, &options->export_csv,
      N_("Write one CSV file per metric into DIR and exit"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
      N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context, _("Product metrics of the talent platform, from its PostgreSQL database."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* GTK's own options are left for the application to see. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, TRUE);
  return g_option_context_parse (context, argc, argv, error);
}

gboolean
pulse_cli_is_headless (const PulseCliOptions *options)
{
  return options->version || options->export_json != NULL || options->export_csv != NULL;
}

static PulseQueryRange *
build_range (const PulseCliOptions  *options,
             GError                **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -29);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *start = g_date_time_format (month_ago, "%Y-%m-%d");

  /* Without a range: the last 30 days, today included. */
  return pulse_query_range_new_parse (options->from ? options->from : start,
                                      options->to ? options->to : today,
                                      options->timezone ? options->timezone : "UTC",
                                      error);
}

static gboolean
check_timezone (PGconn      *conn,
                const char  *timezone,
                GError     **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { timezone };

  result = pulse_db_exec (conn, "SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = $1",
                          1, params, NULL, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   "Unknown time zone “%s” (use an IANA name such as Europe/Berlin)", timezone);
      return FALSE;
    }
  return TRUE;
}

static PulseCatalog *
load_catalog (const PulseCliOptions  *options,
              GError                **error)
{
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (error);

  if (catalog == NULL)
    return NULL;
  if (options->catalog != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (options->catalog);
      if (!pulse_catalog_load_file (catalog, file, error))
        return NULL;
    }
  return g_steal_pointer (&catalog);
}

static gboolean
export (const PulseCliOptions  *options,
        const char             *conninfo,
        GError                **error)
{
  g_autoptr(PulseQueryRange) range = NULL;
  g_autoptr(PulseCatalog) catalog = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GPtrArray) results = NULL;
  PulseSessionOptions session;

  pulse_session_options_init_dashboard (&session);

  if (!(range = build_range (options, error)) ||
      !(catalog = load_catalog (options, error)) ||
      !(conn = pulse_db_connect (conninfo, &session, NULL, error)) ||
      !check_timezone (conn, pulse_query_range_get_timezone (range), error) ||
      !(results = pulse_data_export_run_catalog (catalog, conn, range, NULL, error)))
    return FALSE;

  if (options->export_json != NULL &&
      !pulse_data_export_write_json (range, results, options->export_json, error))
    return FALSE;
  if (options->export_csv != NULL &&
      !pulse_data_export_write_csv_dir (results, options->export_csv, error))
    return FALSE;
  return TRUE;
}

static gboolean
validate (const PulseCliOptions  *options,
          GError                **error)
{
  if (options->demo == (options->connection != NULL))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                           "Name the database with --connection CONN, or use --demo");
      return FALSE;
    }
  return options->connection == NULL || pulse_db_validate_conninfo (options->connection, error);
}

static gboolean
run_on_demo (const PulseCliOptions  *options,
             GError                **error)
{
  g_autoptr(PulseDemo) demo = pulse_demo_new (NULL);
  g_autoptr(GError) stop_error = NULL;
  gboolean ok;

  if (!pulse_demo_start (demo, NULL, error))
    return FALSE;
  ok = export (options, pulse_demo_get_conninfo (demo), error);
  if (!pulse_demo_stop (demo, &stop_error))
    g_warning ("%s", stop_error->message);
  return ok;
}

/* Returns: the process exit status */
int
pulse_cli_run (const PulseCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (options->version)
    {
      g_print ("pulse %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (!validate (options, &error))
    ok = FALSE;
  else if (options->demo)
    ok = run_on_demo (options, &error);
  else
    ok = export (options, options->connection, &error);

  if (!ok)
    {
      g_printerr ("pulse: %s\n", error->message);
      return 1;
    }
  return 0;
}
