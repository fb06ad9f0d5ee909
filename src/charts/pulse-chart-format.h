/* pulse-chart-format.h: axis ticks, numbers and dates as charts show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint     pulse_chart_nice_ticks          (double       min,
                                           double       max,
                                           guint        max_ticks,
                                           double      *out_first,
                                           double      *out_step);

char     *pulse_chart_format_value        (double       value,
                                           const char  *unit,
                                           int          decimals);
char     *pulse_chart_format_tick         (double       value,
                                           double       step);
char     *pulse_chart_format_delta        (double       value,
                                           double       previous);
char     *pulse_chart_format_percent      (double       fraction);
gboolean  pulse_chart_unit_is_fraction    (const char  *unit);
gboolean  pulse_chart_unit_is_duration    (const char  *unit);
const char *pulse_chart_unit_title        (const char  *unit);
double    pulse_chart_duration_divisor    (double       seconds);
const char *pulse_chart_duration_title    (double       divisor);
char     *pulse_chart_format_series_value (double       value,
                                           const char  *unit);
char     *pulse_chart_format_measure      (double       value,
                                           const char  *unit,
                                           gboolean     with_unit);

gboolean  pulse_chart_parse_date          (const char  *iso,
                                           int         *year,
                                           int         *month,
                                           int         *day);
char     *pulse_chart_format_date_short   (const char  *iso);
char     *pulse_chart_format_date_long    (const char  *iso);
char     *pulse_chart_format_date_short_year (const char *iso);
char     *pulse_chart_format_month        (const char  *iso,
                                           gboolean     year);

G_END_DECLS
