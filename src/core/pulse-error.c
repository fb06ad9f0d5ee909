/* pulse-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pulse-error.h"

G_DEFINE_QUARK (pulse-error-quark, pulse_error)

/**
 * pulse_error_get_scope:
 *
 * Whether @error concerns one query or the whole connection. A timeout
 * counts as the query's: the statement timeout stops one heavy query
 * while the server answers the others. (A server that stopped
 * answering altogether is %PULSE_ERROR_CONNECTION: its connection was
 * closed.)
 */
PulseErrorScope
pulse_error_get_scope (const GError *error)
{
  g_return_val_if_fail (error != NULL, PULSE_ERROR_SCOPE_QUERY);

  if (error->domain != PULSE_ERROR)
    return PULSE_ERROR_SCOPE_QUERY;
  switch ((PulseError)error->code)
    {
    case PULSE_ERROR_CONNECTION:
    case PULSE_ERROR_CONNECTION_REFUSED:
    case PULSE_ERROR_UNKNOWN_HOST:
      return PULSE_ERROR_SCOPE_SERVER;
    case PULSE_ERROR_AUTHENTICATION:
    case PULSE_ERROR_MISSING_DATABASE:
    case PULSE_ERROR_TLS:
      return PULSE_ERROR_SCOPE_SETTINGS;
    default:
      return PULSE_ERROR_SCOPE_QUERY;
    }
}
