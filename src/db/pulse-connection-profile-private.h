/* pulse-connection-profile-private.h: what only the tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-connection-profile.h"

G_BEGIN_DECLS

PulseConnectionReport  *pulse_connection_profile_check           (PulseConnectionProfile *self,
                                                                  const char             *password,
                                                                  GCancellable           *cancellable,
                                                                  char                  **raw_message,
                                                                  GError                **error);

G_END_DECLS
