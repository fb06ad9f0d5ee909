/* pulse-cli-migrate.h: `pulse --migrate [--dry-run]`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pulse-cli.h"

G_BEGIN_DECLS

gboolean pulse_cli_migrate (const char             *conninfo,
                            const char             *password,
                            const PulseCliOptions  *options,
                            GError                **error);

G_END_DECLS
