/* pulse-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pulse-error.h"

G_DEFINE_QUARK (pulse-error-quark, pulse_error)
