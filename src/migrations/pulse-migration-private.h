/* pulse-migration-private.h: for the migrations layer and its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-migration.h"

G_BEGIN_DECLS

/* One index build of a no-transaction migration. */
typedef struct
{
  char *schema;
  char *name;
  char *table;
  char *sql;
} PulseMigrationIndex;

PulseMigration *pulse_migration_new               (guint          version,
                                                   const char    *name,
                                                   const char    *sql,
                                                   GError       **error);
GPtrArray      *pulse_migration_get_indexes       (PulseMigration *self);
char           *pulse_migration_compute_checksum  (const char    *text);
GPtrArray      *pulse_migration_load_directory    (GFile         *directory,
                                                   GError       **error);
char           *pulse_migration_load_backfill_sql (GError       **error);

G_END_DECLS
