/* pulse-migration-runner-private.h: the runner's blocking calls and
 * knobs that only its tests use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-migration-private.h"
#include "pulse-migration-runner.h"

G_BEGIN_DECLS

void       pulse_migration_runner_set_lock_timeout      (PulseMigrationRunner  *self,
                                                         guint                  timeout_ms);
void       pulse_migration_runner_set_statement_timeout (PulseMigrationRunner  *self,
                                                         guint                  timeout_ms);
gboolean   pulse_migration_runner_connect               (PulseMigrationRunner  *self,
                                                         GCancellable          *cancellable,
                                                         GError               **error);
GPtrArray *pulse_migration_runner_list_pending          (PulseMigrationRunner  *self,
                                                         GCancellable          *cancellable,
                                                         GError               **error);
gboolean   pulse_migration_runner_backfill              (PulseMigrationRunner  *self,
                                                         guint64               *n_sessions,
                                                         GCancellable          *cancellable,
                                                         GError               **error);

G_END_DECLS
