/* pulse-secrets.h: connection passwords in the desktop keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-connection-profile.h"

G_BEGIN_DECLS

void      pulse_secrets_store_async   (PulseConnectionProfile  *profile,
                                       const char              *password,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data);
gboolean  pulse_secrets_store_finish  (GAsyncResult            *result,
                                       GError                 **error);
void      pulse_secrets_lookup_async  (PulseConnectionProfile  *profile,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data);
char     *pulse_secrets_lookup_finish (GAsyncResult            *result,
                                       GError                 **error);
void      pulse_secrets_clear_async   (PulseConnectionProfile  *profile,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data);
gboolean  pulse_secrets_clear_finish  (GAsyncResult            *result,
                                       GError                 **error);
void      pulse_secrets_free_password (char                    *password);
gboolean  pulse_secrets_resolve_connection (const char              *name_or_conninfo,
                                            char                   **conninfo,
                                            PulseConnectionProfile **profile,
                                            char                   **password,
                                            GError                 **error);

G_END_DECLS
