/* pulse-chart-format-private.h: the number formatting behind
 * pulse-chart-format.h, for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-format.h"

G_BEGIN_DECLS

int       pulse_chart_decimals_for_step   (double       step);
char     *pulse_chart_format_grouped      (double       value,
                                           int          decimals,
                                           const char  *thousands_sep,
                                           const char  *decimal_point);
char     *pulse_chart_format_number       (double       value,
                                           int          decimals);

G_END_DECLS
