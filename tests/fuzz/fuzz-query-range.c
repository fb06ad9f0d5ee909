/* fuzz-query-range.c: --from, --to and --timezone, and the presets
 *
 * The input is lines: FROM, TO, TIMEZONE (absent: NULL), then an
 * optional PRESET GRANULARITY pair of numbers for a preset ending today
 * (whose custom range is FROM to TO).
 * An accepted date is written back exactly as given; the days, buckets
 * and previous period of an accepted range are consistent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"
#include "pulse-error.h"
#include "pulse-query-range.h"

/* Labels of longer ranges are not listed: only time, nothing to find. */
#define MAX_LISTED_DAYS (3 * 366)

static void
check_labels (const PulseQueryRange *range)
{
  g_auto(GStrv) days = pulse_query_range_dup_days (range);
  g_auto(GStrv) buckets = pulse_query_range_dup_buckets (range);
  char from[11], to[11];

  pulse_query_range_fill_params (range, from, to);
  g_assert_cmpuint (g_strv_length (days), ==, pulse_query_range_get_n_days (range));
  g_assert_cmpstr (days[0], ==, from);
  g_assert_cmpstr (days[g_strv_length (days) - 1], ==, to);
  g_assert_cmpstr (buckets[0], ==, from);
  for (guint i = 1; buckets[i] != NULL; i++)
    g_assert_cmpstr (buckets[i - 1], <, buckets[i]);
}

static void
check_range (const PulseQueryRange *range)
{
  g_autoptr(PulseQueryRange) previous = pulse_query_range_dup_previous (range);
  const GDate *from = pulse_query_range_get_from (range);

  g_assert_true (pulse_query_range_equal (range, range));
  g_assert_cmpint (g_date_compare (from, pulse_query_range_get_to (range)), <=, 0);
  g_assert_nonnull (previous);
  g_assert_cmpuint (pulse_query_range_get_n_days (previous), <=, pulse_query_range_get_n_days (range));
  /* Only the calendar's first day has no day before it. */
  if (g_date_get_julian (from) > 1)
    g_assert_cmpint (g_date_compare (pulse_query_range_get_to (previous), from), <, 0);
  if (pulse_query_range_get_n_days (range) <= MAX_LISTED_DAYS)
    check_labels (range);
}

static void
check_parsed_date (const char *text)
{
  GDate date;
  char written[11];

  if (!pulse_parse_iso_date (text, &date))
    return;
  pulse_format_iso_date (&date, written);
  g_assert_cmpstr (written, ==, text);
}

static void
check_preset (const char            *line,
              const GDate           *today,
              const PulseQueryRange *parsed)
{
  g_autoptr(PulseQueryRange) range = NULL;
  unsigned preset, granularity;

  if (sscanf (line, "%u %u", &preset, &granularity) != 2)
    return;
  range = pulse_query_range_new_preset (preset % (PULSE_RANGE_CUSTOM + 1), today,
                                        pulse_query_range_get_from (parsed),
                                        pulse_query_range_get_to (parsed),
                                        pulse_query_range_get_timezone (parsed),
                                        granularity % (PULSE_GRANULARITY_MONTH + 1));
  if (preset % (PULSE_RANGE_CUSTOM + 1) != PULSE_RANGE_CUSTOM)
    g_assert_cmpint (g_date_compare (pulse_query_range_get_to (range), today), ==, 0);
  check_range (range);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", 5);
  guint n_lines = g_strv_length (lines);
  const char *timezone = n_lines > 2 ? lines[2] : NULL;
  g_autoptr(PulseQueryRange) range = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  for (guint i = 0; i < MIN (n_lines, 2); i++)
    check_parsed_date (lines[i]);
  pulse_today_in_zone (timezone, &today);
  g_assert_true (g_date_valid (&today));

  range = pulse_query_range_new_parse (n_lines > 0 ? lines[0] : NULL, n_lines > 1 ? lines[1] : NULL,
                                       timezone, &error);
  if (range == NULL)
    {
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
      return 0;
    }
  g_assert_cmpstr (pulse_query_range_get_timezone (range), ==, timezone ? timezone : "UTC");
  check_range (range);
  if (n_lines > 3)
    check_preset (lines[3], &today, range);
  return 0;
}
