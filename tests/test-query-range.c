/* test-query-range.c: presets, previous periods and buckets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "pulse-error.h"
#include "pulse-query-range.h"

static void
date (GDate      *out,
      const char *iso)
{
  g_assert_true (pulse_parse_iso_date (iso, out));
}

static void
assert_range (const PulseQueryRange *range,
              const char            *from,
              const char            *to)
{
  char f[11], t[11];

  pulse_query_range_fill_params (range, f, t);
  g_assert_cmpstr (f, ==, from);
  g_assert_cmpstr (t, ==, to);
}

static PulseQueryRange *
preset (PulseRangePreset which,
        const char      *today)
{
  GDate d;

  date (&d, today);
  return pulse_query_range_new_preset (which, &d, NULL, NULL, "UTC", PULSE_GRANULARITY_DAY);
}

static void
test_presets (void)
{
  g_autoptr(PulseQueryRange) week = preset (PULSE_RANGE_LAST_7_DAYS, "2026-03-10");
  g_autoptr(PulseQueryRange) month = preset (PULSE_RANGE_LAST_30_DAYS, "2026-03-10");
  g_autoptr(PulseQueryRange) quarter = preset (PULSE_RANGE_LAST_90_DAYS, "2026-03-10");
  g_autoptr(PulseQueryRange) year = preset (PULSE_RANGE_LAST_12_MONTHS, "2026-03-10");
  g_autoptr(PulseQueryRange) this_month = preset (PULSE_RANGE_THIS_MONTH, "2026-03-10");
  g_autoptr(PulseQueryRange) this_quarter = preset (PULSE_RANGE_THIS_QUARTER, "2026-05-20");
  g_autoptr(PulseQueryRange) bad_custom = preset (PULSE_RANGE_CUSTOM, "2026-03-10");

  assert_range (week, "2026-03-04", "2026-03-10");
  assert_range (month, "2026-02-09", "2026-03-10");
  assert_range (quarter, "2025-12-11", "2026-03-10");
  assert_range (year, "2025-03-11", "2026-03-10");
  assert_range (this_month, "2026-03-01", "2026-03-10");
  assert_range (this_quarter, "2026-04-01", "2026-05-20");
  assert_range (bad_custom, "2026-02-09", "2026-03-10");
  g_assert_cmpuint (pulse_query_range_get_n_days (year), ==, 365);
}

static void
test_previous_period (void)
{
  g_autoptr(PulseQueryRange) month = preset (PULSE_RANGE_LAST_30_DAYS, "2026-03-10");
  g_autoptr(PulseQueryRange) month_before = pulse_query_range_dup_previous (month);
  g_autoptr(PulseQueryRange) this_month = preset (PULSE_RANGE_THIS_MONTH, "2026-03-31");
  g_autoptr(PulseQueryRange) february = pulse_query_range_dup_previous (this_month);
  g_autoptr(PulseQueryRange) partial = preset (PULSE_RANGE_THIS_MONTH, "2026-03-10");
  g_autoptr(PulseQueryRange) partial_before = pulse_query_range_dup_previous (partial);
  g_autoptr(PulseQueryRange) this_quarter = preset (PULSE_RANGE_THIS_QUARTER, "2026-05-20");
  g_autoptr(PulseQueryRange) quarter_before = pulse_query_range_dup_previous (this_quarter);

  assert_range (month_before, "2026-01-10", "2026-02-08");
  /* A partial month compares with as many days of the month before. */
  assert_range (partial_before, "2026-02-01", "2026-02-10");
  /* ...but never runs past that month's end. */
  assert_range (february, "2026-02-01", "2026-02-28");
  assert_range (quarter_before, "2026-01-01", "2026-02-19");
}

/* Partial: a week or month the range cuts, and whatever reaches today. */
static void
test_partial_buckets (void)
{
  GDate from, to, today, past;
  g_autoptr(PulseQueryRange) days = NULL;
  g_autoptr(PulseQueryRange) weeks = NULL;
  g_autoptr(PulseQueryRange) months = NULL;

  /* 2026-02-25 is a Wednesday; 2026-03-10 a Tuesday, and "today". */
  date (&from, "2026-02-25");
  date (&to, "2026-03-10");
  date (&today, "2026-03-10");
  date (&past, "2026-06-01");
  days = pulse_query_range_new (&from, &to, "UTC", PULSE_GRANULARITY_DAY);
  weeks = pulse_query_range_new (&from, &to, "UTC", PULSE_GRANULARITY_WEEK);
  months = pulse_query_range_new (&from, &to, "UTC", PULSE_GRANULARITY_MONTH);

  g_assert_false (pulse_query_range_is_partial_bucket (days, "2026-02-25", &today));
  g_assert_false (pulse_query_range_is_partial_bucket (days, "2026-03-09", &today));
  g_assert_true (pulse_query_range_is_partial_bucket (days, "2026-03-10", &today));
  g_assert_false (pulse_query_range_is_partial_bucket (days, "2026-03-10", &past));

  g_assert_true (pulse_query_range_is_partial_bucket (weeks, "2026-02-25", &past));
  g_assert_false (pulse_query_range_is_partial_bucket (weeks, "2026-03-02", &past));
  g_assert_false (pulse_query_range_is_partial_bucket (weeks, "2026-03-02", &today));
  /* Its week runs to 03-15, past the range's end. */
  g_assert_true (pulse_query_range_is_partial_bucket (weeks, "2026-03-09", &past));

  g_assert_true (pulse_query_range_is_partial_bucket (months, "2026-02-25", &past));
  g_assert_true (pulse_query_range_is_partial_bucket (months, "2026-03-01", &past));
  g_assert_false (pulse_query_range_is_partial_bucket (months, "not a date", &past));
}

static void
test_buckets (void)
{
  GDate from, to;
  g_autoptr(PulseQueryRange) weeks = NULL;
  g_autoptr(PulseQueryRange) months = NULL;
  g_auto(GStrv) week_labels = NULL;
  g_auto(GStrv) month_labels = NULL;
  const char * const expected_weeks[] = { "2026-02-25", "2026-03-02", "2026-03-09", NULL };
  const char * const expected_months[] = { "2026-02-25", "2026-03-01", NULL };

  date (&from, "2026-02-25");
  date (&to, "2026-03-10");
  weeks = pulse_query_range_new (&from, &to, "UTC", PULSE_GRANULARITY_WEEK);
  months = pulse_query_range_new (&from, &to, "UTC", PULSE_GRANULARITY_MONTH);
  week_labels = pulse_query_range_dup_buckets (weeks);
  month_labels = pulse_query_range_dup_buckets (months);

  g_assert_cmpstrv (week_labels, expected_weeks);
  g_assert_cmpstrv (month_labels, expected_months);
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseQueryRange) range = NULL;
  GDate d;

  g_assert_false (pulse_parse_iso_date ("2026-02-29", &d));
  g_assert_false (pulse_parse_iso_date ("2026-3-1", &d));
  g_assert_false (pulse_parse_iso_date ("2026-03-01x", &d));
  g_assert_true (pulse_parse_iso_date ("2024-02-29", &d));

  range = pulse_query_range_new_parse ("2026-03-02", "2026-03-01", "UTC", &error);
  g_assert_null (range);
  g_assert_nonnull (error);
}

/* Twenty years at most: up to the day before the twentieth anniversary
 * of the first day; the command line says so, a custom preset falls
 * back to the last 30 days. */
static void
test_span (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseQueryRange) longest = NULL;
  g_autoptr(PulseQueryRange) preset = NULL;
  GDate from, to, today;

  pulse_parse_iso_date ("2000-03-01", &from);
  pulse_parse_iso_date ("2020-02-29", &to);
  g_assert_true (pulse_query_range_check_span (&from, &to, &error));
  g_assert_no_error (error);
  longest = pulse_query_range_new_parse ("2000-03-01", "2020-02-29", "UTC", &error);
  g_assert_no_error (error);

  pulse_parse_iso_date ("2020-03-01", &to);
  g_assert_false (pulse_query_range_check_span (&from, &to, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "20 years"));
  g_clear_error (&error);
  g_assert_null (pulse_query_range_new_parse ("1000-01-01", "2999-12-31", "UTC", &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);

  pulse_parse_iso_date ("2026-03-15", &today);
  preset = pulse_query_range_new_preset (PULSE_RANGE_CUSTOM, &today, &from, &to, "UTC", PULSE_GRANULARITY_DAY);
  g_assert_cmpuint (pulse_query_range_get_n_days (preset), ==, 30);
}

static void
assert_user_date (const char *text,
                  const char *iso)
{
  GDate d;
  char out[11];

  if (iso == NULL)
    {
      g_assert_false (pulse_parse_user_date (text, &d));
      g_assert_false (g_date_valid (&d));
      return;
    }
  g_assert_true (pulse_parse_user_date (text, &d));
  pulse_format_iso_date (&d, out);
  g_assert_cmpstr (out, ==, iso);
}

/* Typed dates: ISO, or the locale's way (C.UTF-8 here, as the suite runs). */
static void
test_user_dates (void)
{
  assert_user_date ("2026-11-15", "2026-11-15");
  assert_user_date ("  2026-11-15 ", "2026-11-15");
  assert_user_date ("Nov 15, 2026", "2026-11-15");
  assert_user_date ("15 Nov 2026", "2026-11-15");
  assert_user_date ("11/15/2026", "2026-11-15");
  /* An ISO shape that is no date is not read another way. */
  assert_user_date ("2026-02-30", NULL);
  assert_user_date ("2026-13-01", NULL);
  assert_user_date ("", NULL);
  assert_user_date ("next week", NULL);
  /* The locale's parser reads "Oct 5" as the year 5. */
  assert_user_date ("Oct 5", NULL);
}

static char *
format_range (const char *from,
              const char *to)
{
  GDate a, b;

  g_assert_true (pulse_parse_iso_date (from, &a));
  g_assert_true (pulse_parse_iso_date (to, &b));
  return pulse_format_date_range (&a, &b);
}

/* The toolbar's label of a custom range: the locale's words, never ISO,
 * and what both ends share said once. */
static void
test_range_label (void)
{
  struct { const char *from, *to, *label; } cases[] = {
    { "2026-11-01", "2026-11-15", "Nov 1 – 15, 2026" },
    { "2026-11-20", "2026-12-05", "Nov 20 – Dec 5, 2026" },
    { "2025-12-20", "2026-01-05", "Dec 20, 2025 – Jan 5, 2026" },
    { "2026-03-09", "2026-03-09", "Mar 9, 2026" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = format_range (cases[i].from, cases[i].to);
      g_autofree char *day = NULL;
      GDate d, back;

      g_assert_cmpstr (label, ==, cases[i].label);
      /* A day as the picker's entries show it reads back as that day. */
      pulse_parse_iso_date (cases[i].to, &d);
      day = pulse_format_user_date (&d);
      g_assert_true (pulse_parse_user_date (day, &back));
      g_assert_cmpint (g_date_compare (&d, &back), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Dates typed and shown follow the locale (the suite's is C.UTF-8). */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/query-range/presets", test_presets);
  g_test_add_func ("/query-range/previous-period", test_previous_period);
  g_test_add_func ("/query-range/buckets", test_buckets);
  g_test_add_func ("/query-range/partial-buckets", test_partial_buckets);
  g_test_add_func ("/query-range/parse", test_parse);
  g_test_add_func ("/query-range/span", test_span);
  g_test_add_func ("/query-range/user-dates", test_user_dates);
  g_test_add_func ("/query-range/range-label", test_range_label);

  return g_test_run ();
}
