/* pulse-error.h: the Pulse error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PULSE_ERROR (pulse_error_quark ())

typedef enum
{
  PULSE_ERROR_FAILED,
  PULSE_ERROR_INVALID_ARGUMENT,
  PULSE_ERROR_NO_SERVER_BINARIES,
  PULSE_ERROR_SERVER_START,
  PULSE_ERROR_CONNECTION,
  PULSE_ERROR_AUTHENTICATION,
  PULSE_ERROR_UNKNOWN_HOST,
  PULSE_ERROR_CONNECTION_REFUSED,
  PULSE_ERROR_MISSING_DATABASE,
  PULSE_ERROR_TIMEOUT,
  PULSE_ERROR_QUERY,
  PULSE_ERROR_CATALOG,
  PULSE_ERROR_NOT_PLATFORM,
  PULSE_ERROR_WRITE,
  PULSE_ERROR_TLS,
  PULSE_ERROR_MIGRATION_LOCKED,
  PULSE_ERROR_MIGRATION_CHANGED,
  PULSE_ERROR_LOCK_TIMEOUT,
  PULSE_ERROR_PERMISSION,
} PulseError;

/* What a failed query says about the rest of the session, from the
 * least to the most telling. */
typedef enum
{
  PULSE_ERROR_SCOPE_QUERY,     /* this query only: the others may still work */
  PULSE_ERROR_SCOPE_SERVER,    /* the server is gone or unreachable: reconnecting may help */
  PULSE_ERROR_SCOPE_SETTINGS,  /* the server refuses the connection's settings: they need editing */
} PulseErrorScope;

GQuark          pulse_error_quark     (void);
PulseErrorScope pulse_error_get_scope (const GError *error);

G_END_DECLS

#include "pulse-core-enums.h"
