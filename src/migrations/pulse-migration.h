/* pulse-migration.h: one versioned schema migration (plain SQL)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Recorded with every checksum, so a later change of algorithm is visible. */
#define PULSE_MIGRATION_CHECKSUM_ALGORITHM "sha256-lf"

#define PULSE_TYPE_MIGRATION (pulse_migration_get_type ())

G_DECLARE_FINAL_TYPE (PulseMigration, pulse_migration, PULSE, MIGRATION, GObject)

guint           pulse_migration_get_version     (PulseMigration *self);
const char     *pulse_migration_get_name        (PulseMigration *self);
const char     *pulse_migration_get_file_name   (PulseMigration *self);
const char     *pulse_migration_get_sql         (PulseMigration *self);
const char     *pulse_migration_get_checksum    (PulseMigration *self);
const char     *pulse_migration_get_summary     (PulseMigration *self);
const char * const *pulse_migration_get_created_tables (PulseMigration *self);
const char * const *pulse_migration_get_qualified_tables (PulseMigration *self);
gboolean        pulse_migration_get_dashboard_writes (PulseMigration *self);
gboolean        pulse_migration_get_transactional (PulseMigration *self);

GPtrArray      *pulse_migration_load_bundled    (GError       **error);
char           *pulse_migration_load_backend_signatures (GError **error);

G_END_DECLS
