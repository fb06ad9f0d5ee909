/* pulse-chart-format.c: axis ticks, numbers and dates as charts show them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pulse-chart-format-private.h"

#define MINUS_SIGN "\u2212"

#define SECONDS_PER_MINUTE 60.0
#define SECONDS_PER_HOUR   3600.0

/**
 * pulse_chart_nice_ticks:
 * @min: smallest value to cover
 * @max: largest value to cover
 * @max_ticks: at most this many ticks (at least 2; 3 when the range
 *   crosses zero, which needs a tick on each side of it)
 * @out_first: (out): the first tick, at or below @min
 * @out_step: (out): distance between ticks: 1, 2 or 5 times a power of ten
 *
 * Finds the smallest "nice" step whose ticks cover [@min, @max] with no
 * more than @max_ticks ticks: 0..183 in 5 ticks gives 0, 50, … 200.
 *
 * Returns: the number of ticks
 */
guint
pulse_chart_nice_ticks (double  min,
                        double  max,
                        guint   max_ticks,
                        double *out_first,
                        double *out_step)
{
  static const double multipliers[] = { 1, 2, 5 };
  double raw, magnitude;

  if (!isfinite (min) || !isfinite (max))
    min = 0, max = 1;
  if (max < min)
    {
      double tmp = min;
      min = max;
      max = tmp;
    }
  if (max == min)
    {
      /* A flat line still gets an axis around it. */
      if (min == 0)
        max = 1;
      else if (min > 0)
        min = MAX (0, min - 1), max += 1;
      else
        min -= 1, max = MIN (0, max + 1);
    }

  /* With fewer, no step would do until it underflowed to a single tick. */
  max_ticks = MAX (max_ticks, min < 0 && max > 0 ? 3 : 2);
  raw = (max - min) / (max_ticks - 1);
  magnitude = pow (10, floor (log10 (raw)));

  for (guint round = 0; round < 40; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (multipliers); i++)
        {
          double step = multipliers[i] * magnitude;
          double first = floor (min / step + 1e-9) * step;
          double last = ceil (max / step - 1e-9) * step;
          guint n = (guint) llround ((last - first) / step) + 1;

          if (n <= max_ticks)
            {
              *out_first = first == 0 ? 0 : first; /* no −0 */
              *out_step = step;
              return n;
            }
        }
      magnitude *= 10;
    }

  *out_first = min;
  *out_step = max - min;
  return 2;
}

/* Enough decimals to tell ticks @step apart: 0.05 needs 2. */
int
pulse_chart_decimals_for_step (double step)
{
  if (!(step > 0) || step >= 1)
    return 0;
  return (int) MIN (6, ceil (-log10 (step) - 1e-9));
}

/**
 * pulse_chart_format_grouped:
 *
 * Formats @value with @decimals decimals, digits grouped by three with
 * @thousands_sep, and a real minus sign: −1,234.5.
 */
char *
pulse_chart_format_grouped (double      value,
                            int         decimals,
                            const char *thousands_sep,
                            const char *decimal_point)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE + 32];
  char format[16];
  const char *digits, *point;
  gsize n_int;

  if (isnan (value))
    return g_strdup ("–");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : MINUS_SIGN "∞");

  decimals = CLAMP (decimals, 0, 9);
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, fabs (value));

  digits = buffer;
  point = strchr (digits, '.');
  n_int = point ? (gsize)(point - digits) : strlen (digits);

  /* −0.0 and values that round to zero show no sign. */
  if (value < 0 && strspn (digits, "0.") != strlen (digits))
    g_string_append (out, MINUS_SIGN);

  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        g_string_append (out, thousands_sep ? thousands_sep : "");
      g_string_append_c (out, digits[i]);
    }
  if (point != NULL)
    {
      g_string_append (out, decimal_point ? decimal_point : ".");
      g_string_append (out, point + 1);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The locale's separators. Locales without grouping (C, POSIX) still get
 * a comma: four-digit counts read much better grouped. */
char *
pulse_chart_format_number (double value,
                           int    decimals)
{
  const struct lconv *lc = localeconv ();
  const char *sep = lc->thousands_sep;
  const char *point = lc->decimal_point;

  if (point == NULL || *point == '\0')
    point = ".";
  if (sep == NULL || *sep == '\0' || g_str_equal (sep, point))
    sep = g_str_equal (point, ",") ? "." : ",";
  return pulse_chart_format_grouped (value, decimals, sep, point);
}

static int
auto_decimals (double value)
{
  double magnitude = fabs (value);

  if (magnitude == floor (magnitude) || magnitude >= 100)
    return 0;
  if (magnitude >= 10)
    return 1;
  return 2;
}

/**
 * pulse_chart_unit_title:
 * @unit: a catalog unit, or "%"
 *
 * The unit as a person reads it: translated, a plural noun ("views"),
 * "%" for percentages. An axis says it once in its title.
 */
const char *
pulse_chart_unit_title (const char *unit)
{
  /* Catalog units are in the translations with the context "unit". */
  return g_dpgettext2 (GETTEXT_PACKAGE, "unit", unit);
}

static char *
append_unit (char       *number,
             const char *unit)
{
  char *result;

  if (unit == NULL || *unit == '\0')
    return number;
  result = g_strdup_printf ("%s %s", number, pulse_chart_unit_title (unit));
  g_free (number);
  return result;
}

/**
 * pulse_chart_format_value:
 * @decimals: decimals to show, or -1 to pick them from the magnitude
 *
 * Formats a value for tooltips, legends and summaries: grouped
 * digits and the unit after a space ("1,234", "45.2 %", "12 s").
 */
char *
pulse_chart_format_value (double      value,
                          const char *unit,
                          int         decimals)
{
  if (isnan (value))
    return g_strdup ("–");
  if (decimals < 0)
    decimals = auto_decimals (value);
  return append_unit (pulse_chart_format_number (value, decimals), unit);
}

/* Tick labels: decimals from the step; millions and up as "1.5 M" so the
 * axis stays narrow. No unit: the axis' title has it. */
char *
pulse_chart_format_tick (double value,
                         double step)
{
  if (fabs (value) >= 1e6 || (step >= 1e6 && value != 0))
    {
      g_autofree char *number = pulse_chart_format_number (value / 1e6,
                                                           pulse_chart_decimals_for_step (step / 1e6));
      return g_strdup_printf (C_("millions", "%s M"), number);
    }
  return pulse_chart_format_number (value, pulse_chart_decimals_for_step (step));
}

/**
 * pulse_chart_format_delta:
 *
 * The relative change from @previous to @value as "+4.2 %" or "−3.0 %".
 *
 * Returns: (nullable): %NULL when there is nothing to compare with
 */
char *
pulse_chart_format_delta (double value,
                          double previous)
{
  g_autofree char *number = NULL;
  double percent;

  if (!isfinite (value) || !isfinite (previous) || previous == 0)
    return NULL;

  percent = (value - previous) / fabs (previous) * 100.0;
  number = pulse_chart_format_number (percent, 1);
  if (percent > 0 && g_strcmp0 (number, "0.0") != 0)
    return g_strdup_printf ("+%s %%", number);
  return g_strdup_printf ("%s %%", number);
}

/* A share as "35.0 %" (one decimal keeps 35 and 35.4 apart). */
char *
pulse_chart_format_percent (double fraction)
{
  g_autofree char *number = NULL;

  if (!isfinite (fraction))
    return g_strdup ("–");
  number = pulse_chart_format_number (fraction * 100.0, 1);
  return g_strdup_printf ("%s %%", number);
}

/* The catalog's "%" and "ratio" hold fractions, shown as percentages. */
gboolean
pulse_chart_unit_is_fraction (const char *unit)
{
  return g_strcmp0 (unit, "ratio") == 0 || g_strcmp0 (unit, "%") == 0;
}

/* The catalog's durations are in seconds. */
gboolean
pulse_chart_unit_is_duration (const char *unit)
{
  return g_strcmp0 (unit, "seconds") == 0 || g_strcmp0 (unit, "s") == 0;
}

/**
 * pulse_chart_duration_divisor:
 *
 * The largest of hours, minutes and seconds that @seconds reaches, in
 * seconds: headlines lead with that unit, and a duration axis whose
 * ticks reach @seconds counts in it, so both say "minutes" together.
 */
double
pulse_chart_duration_divisor (double seconds)
{
  seconds = fabs (seconds);
  if (seconds >= SECONDS_PER_HOUR)
    return SECONDS_PER_HOUR;
  if (seconds >= SECONDS_PER_MINUTE)
    return SECONDS_PER_MINUTE;
  return 1;
}

/* A duration axis' title for pulse_chart_duration_divisor()'s @divisor */
const char *
pulse_chart_duration_title (double divisor)
{
  if (divisor >= SECONDS_PER_HOUR)
    return C_("unit", "hours");
  if (divisor >= SECONDS_PER_MINUTE)
    return C_("unit", "minutes");
  return C_("unit", "seconds");
}

/* "45 s", "18 min 20 s", "2 h 05 min" */
static char *
format_duration (double seconds)
{
  double divisor = pulse_chart_duration_divisor (seconds);

  if (divisor == SECONDS_PER_HOUR)
    return g_strdup_printf (_("%d h %02d min"), (int)(seconds / SECONDS_PER_HOUR),
                            (int)fmod (seconds / SECONDS_PER_MINUTE, SECONDS_PER_MINUTE));
  if (divisor == SECONDS_PER_MINUTE)
    return g_strdup_printf (_("%d min %02d s"), (int)(seconds / SECONDS_PER_MINUTE),
                            (int)fmod (seconds, SECONDS_PER_MINUTE));
  return pulse_chart_format_value (seconds, "s", 0);
}

/**
 * pulse_chart_format_series_value:
 * @unit: (nullable): the series' unit, "%" for percentages
 *
 * A series' value in a tooltip or a summary, in the series' own unit:
 * durations as the headline writes them ("18 min 20 s"), anything else
 * with its unit after it ("302,300 views", "4.5 %").
 */
char *
pulse_chart_format_series_value (double      value,
                                 const char *unit)
{
  if (isfinite (value) && pulse_chart_unit_is_duration (unit))
    return format_duration (value);
  return pulse_chart_format_value (value, unit, -1);
}

/* A figure's precision follows its magnitude: no fractional persons
 * from 10 up, one decimal from 1, two below. */
static int
measure_decimals (double value)
{
  double magnitude = fabs (value);

  if (magnitude == floor (magnitude) || magnitude >= 10)
    return 0;
  return magnitude >= 1 ? 1 : 2;
}

/**
 * pulse_chart_format_measure:
 * @unit: (nullable): the catalog's unit
 * @with_unit: whether a count says its unit ("3,621 persons"); tables
 *   with the unit in their heading leave it out
 *
 * A metric's figure as a person reads it: fractions as percentages,
 * durations as "18 min 20 s", counts with decimals only where they
 * matter.
 */
char *
pulse_chart_format_measure (double      value,
                            const char *unit,
                            gboolean    with_unit)
{
  if (!isfinite (value))
    return g_strdup ("–");
  if (pulse_chart_unit_is_fraction (unit))
    return pulse_chart_format_percent (value);
  if (pulse_chart_unit_is_duration (unit))
    return format_duration (value);
  return pulse_chart_format_value (value, with_unit ? unit : NULL, measure_decimals (value));
}

gboolean
pulse_chart_parse_date (const char *iso,
                        int        *year,
                        int        *month,
                        int        *day)
{
  int y, m, d;

  if (iso == NULL || strlen (iso) < 10 || iso[4] != '-' || iso[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return FALSE;

  y = atoi (iso);
  m = atoi (iso + 5);
  d = atoi (iso + 8);
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;

  if (year)
    *year = y;
  if (month)
    *month = m;
  if (day)
    *day = d;
  return TRUE;
}

static char *
format_date (const char *iso,
             const char *format)
{
  g_autoptr(GDateTime) date_time = NULL;
  int y, m, d;

  if (!pulse_chart_parse_date (iso, &y, &m, &d))
    return NULL;
  date_time = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return g_date_time_format (date_time, format);
}

/* "Mar 5". Returns %NULL when @iso is not a date. */
char *
pulse_chart_format_date_short (const char *iso)
{
  /* Translators: a short date on a chart axis, "Mar 5"; see g_date_time_format() */
  return format_date (iso, _("%b %-d"));
}

/* "Mar 5, 2024": a short date where the axis crosses into a year. */
char *
pulse_chart_format_date_short_year (const char *iso)
{
  /* Translators: a short date with its year on a chart axis, "Mar 5, 2024"; see g_date_time_format() */
  return format_date (iso, _("%b %-d, %Y"));
}

/* "Mar", or "Mar 2024" with @year: a month on a chart axis. */
char *
pulse_chart_format_month (const char *iso,
                          gboolean    year)
{
  /* Translators: a month with its year on a chart axis, "Mar 2024"; see g_date_time_format() */
  return format_date (iso, year ? _("%b %Y") : "%b");
}

/* "Tue, Mar 5, 2024", for tooltips. */
char *
pulse_chart_format_date_long (const char *iso)
{
  /* Translators: a date in a chart tooltip, "Tue, Mar 5, 2024"; see g_date_time_format() */
  return format_date (iso, _("%a, %b %-d, %Y"));
}
