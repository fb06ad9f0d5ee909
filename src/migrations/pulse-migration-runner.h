/* pulse-migration-runner.h: applies schema migrations, safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-migration.h"

G_BEGIN_DECLS

/* Fixed key of the session-level advisory lock: "PulseMig" in ASCII. */
#define PULSE_MIGRATION_LOCK_KEY "5797659338185992551"
#define PULSE_MIGRATION_DEFAULT_LOCK_TIMEOUT_MS 5000
/* Long enough for the backfill over a large activity_events table. */
#define PULSE_MIGRATION_DEFAULT_STATEMENT_TIMEOUT_MS (15 * 60 * 1000)

typedef enum
{
  PULSE_MIGRATION_STEP_STARTED,
  PULSE_MIGRATION_STEP_APPLIED,
  PULSE_MIGRATION_STEP_FAILED,
} PulseMigrationStep;

/* Called on the thread that runs the migrations. */
typedef void (*PulseMigrationProgressFunc) (PulseMigration     *migration,
                                            PulseMigrationStep  step,
                                            guint               execution_ms,
                                            gpointer            user_data);

#define PULSE_TYPE_MIGRATION_RUNNER (pulse_migration_runner_get_type ())

G_DECLARE_FINAL_TYPE (PulseMigrationRunner, pulse_migration_runner, PULSE, MIGRATION_RUNNER, GObject)

PulseMigrationRunner *pulse_migration_runner_new              (const char            *conninfo,
                                                               GPtrArray             *migrations);
void                  pulse_migration_runner_set_credentials  (PulseMigrationRunner  *self,
                                                               const char            *user,
                                                               const char            *password);
void                  pulse_migration_runner_set_grant_role   (PulseMigrationRunner  *self,
                                                               const char            *role);
void                  pulse_migration_runner_set_read_role    (PulseMigrationRunner  *self,
                                                               const char            *role);
const char           *pulse_migration_runner_get_read_grant   (PulseMigrationRunner  *self);
void                  pulse_migration_runner_set_progress_func (PulseMigrationRunner *self,
                                                               PulseMigrationProgressFunc func,
                                                               gpointer               user_data,
                                                               GDestroyNotify         destroy);
const char           *pulse_migration_runner_get_role         (PulseMigrationRunner  *self);

/* Blocking; call from a worker thread (or the headless command line). */
char                 *pulse_migration_runner_dry_run          (PulseMigrationRunner  *self,
                                                               GCancellable          *cancellable,
                                                               GError               **error);
gboolean              pulse_migration_runner_apply            (PulseMigrationRunner  *self,
                                                               guint                 *n_applied,
                                                               GCancellable          *cancellable,
                                                               GError               **error);

void                  pulse_migration_runner_list_pending_async  (PulseMigrationRunner *self,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
GPtrArray            *pulse_migration_runner_list_pending_finish (PulseMigrationRunner *self,
                                                                  GAsyncResult         *result,
                                                                  GError              **error);
void                  pulse_migration_runner_apply_async      (PulseMigrationRunner  *self,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
gboolean              pulse_migration_runner_apply_finish     (PulseMigrationRunner  *self,
                                                               GAsyncResult          *result,
                                                               guint                 *n_applied,
                                                               GError               **error);
void                  pulse_migration_runner_backfill_async   (PulseMigrationRunner  *self,
                                                               GCancellable          *cancellable,
                                                               GAsyncReadyCallback    callback,
                                                               gpointer               user_data);
gboolean              pulse_migration_runner_backfill_finish  (PulseMigrationRunner  *self,
                                                               GAsyncResult          *result,
                                                               guint64               *n_sessions,
                                                               GError               **error);

/* The demo workspace brings its database up to date with it. */
gboolean              pulse_migration_apply_bundled           (const char            *conninfo,
                                                               guint                 *n_applied,
                                                               GError               **error);

G_END_DECLS

#include "pulse-migrations-enums.h"
