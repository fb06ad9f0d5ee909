/* pulse-connection-store-private.h: what only the tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-connection-store.h"

G_BEGIN_DECLS

const char             *pulse_connection_store_get_path      (PulseConnectionStore    *self);
const char             *pulse_connection_store_get_backup_path (PulseConnectionStore  *self);

G_END_DECLS
