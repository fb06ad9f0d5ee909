/* pulse-cli-migrate.c: `pulse --migrate [--dry-run] [--grant-select ROLE]`
 *
 * The same runner and messages as the setup wizard; progress on stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pulse-cli-migrate.h"
#include "pulse-error.h"
#include "pulse-migration-runner.h"

static void
print_progress (PulseMigration     *migration,
                PulseMigrationStep  step,
                guint               execution_ms,
                gpointer            user_data)
{
  switch (step)
    {
    case PULSE_MIGRATION_STEP_STARTED:
      g_print (_("Applying %s… "), pulse_migration_get_file_name (migration));
      break;
    case PULSE_MIGRATION_STEP_APPLIED:
      g_print (_("done (%u ms)\n"), execution_ms);
      break;
    case PULSE_MIGRATION_STEP_FAILED:
      g_print ("%s\n", _("failed"));
      break;
    default:
      g_assert_not_reached ();
    }
  fflush (stdout);
}

/**
 * pulse_cli_migrate:
 * @password: (nullable): a saved connection's password, from the keyring
 *
 * The caller prints @error as one line.
 */
gboolean
pulse_cli_migrate (const char             *conninfo,
                   const char             *password,
                   const PulseCliOptions  *options,
                   GError                **error)
{
  g_autoptr(PulseMigrationRunner) runner = NULL;
  guint n_applied = 0;

  g_return_val_if_fail (conninfo != NULL, FALSE);

  if (!options->migrate)
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                           _("--dry-run goes with --migrate"));
      return FALSE;
    }

  runner = pulse_migration_runner_new (conninfo, NULL);
  pulse_migration_runner_set_credentials (runner, NULL, password);
  pulse_migration_runner_set_read_role (runner, options->grant_select);
  if (options->dry_run)
    {
      g_autofree char *sql = pulse_migration_runner_dry_run (runner, NULL, error);

      if (sql == NULL)
        return FALSE;
      g_print ("%s", sql);
      return TRUE;
    }

  pulse_migration_runner_set_progress_func (runner, print_progress, NULL, NULL);
  if (!pulse_migration_runner_apply (runner, &n_applied, NULL, error))
    return FALSE;

  if (pulse_migration_runner_get_read_grant (runner) != NULL)
    g_print (_("The role “%s” may now read the new tables.\n"), options->grant_select);
  if (n_applied == 0 && pulse_migration_runner_get_read_grant (runner) == NULL)
    g_print ("%s\n", _("Nothing to do: the database is up to date."));
  else if (n_applied == 0)
    g_print ("%s\n", _("No migration was pending; the database is up to date."));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Applied %u migration; the database is up to date.\n",
                          "Applied %u migrations; the database is up to date.\n", n_applied),
             n_applied);
  return TRUE;
}
