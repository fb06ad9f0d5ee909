/* pulse-migration-row.h: one migration's progress in the setup wizard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-migration.h"

G_BEGIN_DECLS

typedef enum
{
  PULSE_MIGRATION_ROW_WAITING,
  PULSE_MIGRATION_ROW_RUNNING,
  PULSE_MIGRATION_ROW_APPLIED,
  PULSE_MIGRATION_ROW_FAILED,
} PulseMigrationRowState;

#define PULSE_TYPE_MIGRATION_ROW (pulse_migration_row_get_type ())

G_DECLARE_FINAL_TYPE (PulseMigrationRow, pulse_migration_row, PULSE, MIGRATION_ROW, AdwActionRow)

GtkWidget              *pulse_migration_row_new              (PulseMigration         *migration);
PulseMigration         *pulse_migration_row_get_migration    (PulseMigrationRow      *self);
PulseMigrationRowState  pulse_migration_row_get_state        (PulseMigrationRow      *self);
void                    pulse_migration_row_set_state        (PulseMigrationRow      *self,
                                                              PulseMigrationRowState  state);
void                    pulse_migration_row_set_execution_ms (PulseMigrationRow      *self,
                                                              guint                   execution_ms);

G_END_DECLS

#include "pulse-app-enums.h"
