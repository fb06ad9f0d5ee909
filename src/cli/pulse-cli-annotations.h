/* pulse-cli-annotations.h: `pulse --annotations` and `--add-annotation`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pulse-cli.h"
#include "pulse-db.h"

G_BEGIN_DECLS

gboolean   pulse_cli_annotations_check (const PulseCliOptions      *options,
                                        GError                    **error);
gboolean   pulse_cli_annotations_run   (const char                 *conninfo,
                                        const PulseSessionOptions  *session,
                                        const PulseCliOptions      *options,
                                        GError                    **error);
GPtrArray *pulse_cli_annotations_load  (const char                 *conninfo,
                                        const PulseSessionOptions  *session,
                                        GError                    **error);

G_END_DECLS
