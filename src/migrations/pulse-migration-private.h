/* pulse-migration-private.h: for the migrations layer and its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-migration.h"

G_BEGIN_DECLS

PulseMigration *pulse_migration_new               (guint          version,
                                                   const char    *name,
                                                   const char    *sql);
char           *pulse_migration_compute_checksum  (const char    *text);
GPtrArray      *pulse_migration_load_directory    (GFile         *directory,
                                                   GError       **error);
char           *pulse_migration_load_backfill_sql (GError       **error);

G_END_DECLS
