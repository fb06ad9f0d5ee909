/* pulse-query-range.c: the reporting range, zone and granularity
 *
 * Buckets are computed here the same way the metric SQL computes them:
 * a bucket's label is the later of its natural start (the day, the ISO
 * week's Monday, the month's first day) and the range's first day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pulse-error.h"
#include "pulse-query-range.h"

struct _PulseQueryRange
{
  gatomicrefcount  ref_count;
  GDate            from;
  GDate            to;
  char            *timezone;
  PulseGranularity granularity;
  /* Calendar presets compare with the previous calendar period. */
  PulseRangePreset preset;
};

G_DEFINE_BOXED_TYPE (PulseQueryRange, pulse_query_range, pulse_query_range_ref, pulse_query_range_unref)

PulseQueryRange *
pulse_query_range_new (const GDate      *from,
                       const GDate      *to,
                       const char       *timezone,
                       PulseGranularity  granularity)
{
  PulseQueryRange *self;

  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);
  g_return_val_if_fail (g_date_compare (from, to) <= 0, NULL);

  self = g_new0 (PulseQueryRange, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->from = *from;
  self->to = *to;
  self->timezone = g_strdup (timezone ? timezone : "UTC");
  self->granularity = granularity;
  self->preset = PULSE_RANGE_CUSTOM;
  return self;
}

/**
 * pulse_query_range_check_span:
 *
 * Every day of a range costs memory in every result, so a range is at
 * most %PULSE_QUERY_RANGE_MAX_YEARS years long (a typo like 1000-01-01
 * would otherwise take gigabytes).
 *
 * Returns: %FALSE with %PULSE_ERROR_INVALID_ARGUMENT if @to is
 *   that many years or more after @from
 */
gboolean
pulse_query_range_check_span (const GDate  *from,
                              const GDate  *to,
                              GError      **error)
{
  GDate limit;
  char first[11], last[11];

  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (to != NULL && g_date_valid (to), FALSE);

  limit = *from;
  g_date_add_years (&limit, PULSE_QUERY_RANGE_MAX_YEARS);
  if (g_date_compare (to, &limit) < 0)
    return TRUE;

  pulse_format_iso_date (from, first);
  pulse_format_iso_date (to, last);
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
               /* Translators: two dates, then the greatest number of years */
               g_dngettext (GETTEXT_PACKAGE,
                            "The range %s to %s is longer than %u year; choose a shorter one",
                            "The range %s to %s is longer than %u years; choose a shorter one",
                            PULSE_QUERY_RANGE_MAX_YEARS),
               first, last, PULSE_QUERY_RANGE_MAX_YEARS);
  return FALSE;
}

/* Today's date where the reports are read, not where Pulse runs. */
void
pulse_today_in_zone (const char *timezone,
                     GDate      *today)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (timezone ? timezone : "UTC");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone ? zone : g_time_zone_new_utc ());

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static GDateMonth
quarter_start_month (const GDate *date)
{
  return (GDateMonth)(((g_date_get_month (date) - 1) / 3) * 3 + 1);
}

/**
 * pulse_query_range_new_preset:
 * @custom_from: (nullable): used by %PULSE_RANGE_CUSTOM only
 *
 * Ranges end today (inclusive). "Last 12 months" starts the day after
 * the same date a year ago. A custom range without valid dates, or
 * longer than pulse_query_range_check_span() allows, falls back to the
 * last 30 days.
 */
PulseQueryRange *
pulse_query_range_new_preset (PulseRangePreset  preset,
                              const GDate      *today,
                              const GDate      *custom_from,
                              const GDate      *custom_to,
                              const char       *timezone,
                              PulseGranularity  granularity)
{
  PulseQueryRange *self;
  GDate from = *today;

  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  switch (preset)
    {
    case PULSE_RANGE_LAST_7_DAYS:
      g_date_subtract_days (&from, 6);
      break;
    case PULSE_RANGE_LAST_90_DAYS:
      g_date_subtract_days (&from, 89);
      break;
    case PULSE_RANGE_LAST_12_MONTHS:
      g_date_subtract_years (&from, 1);
      g_date_add_days (&from, 1);
      break;
    case PULSE_RANGE_THIS_MONTH:
      g_date_set_day (&from, 1);
      break;
    case PULSE_RANGE_THIS_QUARTER:
      g_date_set_day (&from, 1);
      g_date_set_month (&from, quarter_start_month (today));
      break;
    case PULSE_RANGE_CUSTOM:
      if (custom_from != NULL && custom_to != NULL && g_date_valid (custom_from) &&
          g_date_valid (custom_to) && g_date_compare (custom_from, custom_to) <= 0 &&
          pulse_query_range_check_span (custom_from, custom_to, NULL))
        return pulse_query_range_new (custom_from, custom_to, timezone, granularity);
      G_GNUC_FALLTHROUGH;
    case PULSE_RANGE_LAST_30_DAYS:
    default:
      preset = PULSE_RANGE_LAST_30_DAYS;
      g_date_subtract_days (&from, 29);
      break;
    }

  self = pulse_query_range_new (&from, today, timezone, granularity);
  self->preset = preset;
  return self;
}

/* Exactly YYYY-MM-DD: sscanf() alone also takes spaces and signs. */
static gboolean
has_iso_date_shape (const char *text)
{
  if (strlen (text) != 10)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
pulse_parse_iso_date (const char *text,
                      GDate      *date)
{
  unsigned year, month, day;

  g_date_clear (date, 1);
  if (text == NULL || !has_iso_date_shape (text) ||
      sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

void
pulse_format_iso_date (const GDate *date,
                       char         out[11])
{
  g_snprintf (out, 11, "%04u-%02u-%02u",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/**
 * pulse_parse_user_date:
 *
 * A date as a person types it: YYYY-MM-DD, or as the user's locale
 * writes dates ("11/15/26", "Nov 15, 2026", "15.11.2026"), month names
 * in the locale's language. A text shaped like an ISO date must be one:
 * "2026-02-30" is refused, not read some other way. The locale's
 * parser reads "Oct 5" as the year 5; years before 1000 are refused.
 *
 * Returns: %FALSE, @date cleared, if @text is no date
 */
gboolean
pulse_parse_user_date (const char *text,
                       GDate      *date)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (pulse_parse_iso_date (trimmed, date))
    return TRUE;
  g_date_clear (date, 1);
  if (*trimmed == '\0' || (strlen (trimmed) == 10 && trimmed[4] == '-' && trimmed[7] == '-'))
    return FALSE;
  g_date_set_parse (date, trimmed);
  if (g_date_valid (date) && g_date_get_year (date) >= 1000)
    return TRUE;
  g_date_clear (date, 1);
  return FALSE;
}

/* @format: see g_date_time_format() */
static char *
format_day (const GDate *day,
            const char  *format)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day),
                                                       g_date_get_day (day), 0, 0, 0);

  return g_date_time_format (midnight, format);
}

/* Returns: a day as the user's locale writes it, "Nov 15, 2026" */
char *
pulse_format_user_date (const GDate *day)
{
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  /* Translators: a date, "Nov 15, 2026"; see g_date_time_format(). It is
   * also what the range picker's entries show, so keep it a date that
   * g_date_set_parse() reads back (the picker falls back to YYYY-MM-DD). */
  return format_day (day, _("%b %-d, %Y"));
}

/**
 * pulse_format_date_range:
 *
 * A range as the toolbar shows it, in the user's locale and without
 * repeating what both ends share: "Nov 1 – 15, 2026", "Nov 20 – Dec 5,
 * 2026", "Dec 20, 2025 – Jan 5, 2026"; one day is one date.
 *
 * Returns: the text
 */
char *
pulse_format_date_range (const GDate *from,
                         const GDate *to)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);

  if (g_date_compare (from, to) == 0)
    return pulse_format_user_date (from);
  if (g_date_get_year (from) != g_date_get_year (to))
    {
      first = pulse_format_user_date (from);
      last = pulse_format_user_date (to);
    }
  else if (g_date_get_month (from) != g_date_get_month (to))
    {
      /* Translators: the first day of a range within one year, "Nov 20"; see g_date_time_format() */
      first = format_day (from, _("%b %-d"));
      last = pulse_format_user_date (to);
    }
  else
    {
      /* Translators: the first day of a range within one month, "Nov 1"; see g_date_time_format() */
      first = format_day (from, C_("range within a month", "%b %-d"));
      /* Translators: the last day of a range within one month, "15, 2026"; see g_date_time_format() */
      last = format_day (to, _("%-d, %Y"));
    }
  /* Translators: a range of dates, "Nov 1 – 15, 2026" */
  return g_strdup_printf (_("%s – %s"), first, last);
}

/**
 * pulse_query_range_new_parse:
 *
 * Parses the command line's --from and --to. The zone is checked by the
 * server, which knows which zones exist.
 */
PulseQueryRange *
pulse_query_range_new_parse (const char  *from,
                             const char  *to,
                             const char  *timezone,
                             GError     **error)
{
  GDate from_date, to_date;

  if (!pulse_parse_iso_date (from, &from_date))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   /* Translators: keep --from; YYYY-MM-DD as in the option's help */
                   _("Invalid --from date “%s”: use YYYY-MM-DD"), from ? from : "");
      return NULL;
    }
  if (!pulse_parse_iso_date (to, &to_date))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   /* Translators: keep --to; YYYY-MM-DD as in the option's help */
                   _("Invalid --to date “%s”: use YYYY-MM-DD"), to ? to : "");
      return NULL;
    }
  if (g_date_compare (&from_date, &to_date) > 0)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   /* Translators: --from and --to are options; each %s is the date given */
                   _("--from (%s) is after --to (%s)"), from, to);
      return NULL;
    }
  if (!pulse_query_range_check_span (&from_date, &to_date, error))
    return NULL;
  if (timezone != NULL && (*timezone == '\0' || !g_utf8_validate (timezone, -1, NULL)))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("Unknown time zone “%s”"), timezone);
      return NULL;
    }

  return pulse_query_range_new (&from_date, &to_date, timezone, PULSE_GRANULARITY_DAY);
}

PulseQueryRange *
pulse_query_range_ref (PulseQueryRange *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pulse_query_range_unref (PulseQueryRange *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->timezone);
      g_free (self);
    }
}

gboolean
pulse_query_range_equal (const PulseQueryRange *a,
                         const PulseQueryRange *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return g_date_compare (&a->from, &b->from) == 0 &&
         g_date_compare (&a->to, &b->to) == 0 &&
         g_str_equal (a->timezone, b->timezone) &&
         a->granularity == b->granularity &&
         a->preset == b->preset;
}

const GDate *
pulse_query_range_get_from (const PulseQueryRange *self)
{
  return &self->from;
}

const GDate *
pulse_query_range_get_to (const PulseQueryRange *self)
{
  return &self->to;
}

const char *
pulse_query_range_get_timezone (const PulseQueryRange *self)
{
  return self->timezone;
}

PulseGranularity
pulse_query_range_get_granularity (const PulseQueryRange *self)
{
  return self->granularity;
}

guint
pulse_query_range_get_n_days (const PulseQueryRange *self)
{
  return (guint)g_date_days_between (&self->from, &self->to) + 1;
}

/**
 * pulse_query_range_dup_previous:
 *
 * The period to compare with: the same number of days just before this
 * range; for "this month" and "this quarter", which are partial, the
 * same number of days from the start of the previous month or quarter
 * (never past its end).
 */
PulseQueryRange *
pulse_query_range_dup_previous (const PulseQueryRange *self)
{
  guint n_days = pulse_query_range_get_n_days (self);
  guint months = self->preset == PULSE_RANGE_THIS_MONTH ? 1 : self->preset == PULSE_RANGE_THIS_QUARTER ? 3 : 0;
  GDate from = self->from, to = self->from;

  if (months == 0)
    {
      /* GDate starts on 0001-01-01: an earlier period is cut there, and
       * a range starting that day compares with that day. */
      guint32 first = g_date_get_julian (&self->from);

      g_date_set_julian (&from, first > n_days ? first - n_days : 1);
      g_date_set_julian (&to, first > 1 ? first - 1 : 1);
    }
  else
    {
      GDate period_end = self->from;

      g_date_subtract_days (&period_end, 1);
      g_date_subtract_months (&from, months);
      to = from;
      g_date_add_days (&to, n_days - 1);
      if (g_date_compare (&to, &period_end) > 0)
        to = period_end;
    }
  return pulse_query_range_new (&from, &to, self->timezone, self->granularity);
}

const char *
pulse_granularity_to_string (PulseGranularity granularity)
{
  switch (granularity)
    {
    case PULSE_GRANULARITY_WEEK: return "week";
    case PULSE_GRANULARITY_MONTH: return "month";
    case PULSE_GRANULARITY_DAY:
    default: return "day";
    }
}

static GStrv
dup_labels (const PulseQueryRange *self,
            PulseGranularity       granularity)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GDate day = self->from;
  GDate last_bucket;

  g_date_clear (&last_bucket, 1);

  for (; g_date_compare (&day, &self->to) <= 0; g_date_add_days (&day, 1))
    {
      GDate bucket = day;
      char label[11];

      if (granularity == PULSE_GRANULARITY_WEEK)
        g_date_subtract_days (&bucket, g_date_get_weekday (&day) - G_DATE_MONDAY);
      else if (granularity == PULSE_GRANULARITY_MONTH)
        g_date_set_day (&bucket, 1);

      if (g_date_compare (&bucket, &self->from) < 0)
        bucket = self->from;
      if (g_date_valid (&last_bucket) && g_date_compare (&bucket, &last_bucket) == 0)
        continue;

      last_bucket = bucket;
      pulse_format_iso_date (&bucket, label);
      g_strv_builder_add (builder, label);
    }
  return g_strv_builder_end (builder);
}

GStrv
pulse_query_range_dup_days (const PulseQueryRange *self)
{
  return dup_labels (self, PULSE_GRANULARITY_DAY);
}

GStrv
pulse_query_range_dup_buckets (const PulseQueryRange *self)
{
  return dup_labels (self, self->granularity);
}

/* The whole week or month of the bucket starting on @start, at the
 * range's granularity. */
static void
bucket_period (const PulseQueryRange *self,
               const GDate           *start,
               GDate                 *first,
               GDate                 *last)
{
  *first = *last = *start;
  if (self->granularity == PULSE_GRANULARITY_WEEK)
    {
      g_date_subtract_days (first, g_date_get_weekday (start) - G_DATE_MONDAY);
      *last = *first;
      g_date_add_days (last, 6);
    }
  else if (self->granularity == PULSE_GRANULARITY_MONTH)
    {
      g_date_set_day (first, 1);
      g_date_set_day (last, g_date_get_days_in_month (g_date_get_month (start), g_date_get_year (start)));
    }
}

/**
 * pulse_query_range_is_partial_bucket:
 * @bucket: a bucket's label, its first day in the range (ISO)
 * @today: the day that is not over yet, in the range's zone
 *
 * Whether the bucket's day, week or month is not wholly in the data:
 * the range starts or ends inside it, or it reaches @today or later.
 * Labels that are not dates are never partial.
 */
gboolean
pulse_query_range_is_partial_bucket (const PulseQueryRange *self,
                                     const char            *bucket,
                                     const GDate           *today)
{
  GDate start, first, last, complete;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (bucket == NULL || !pulse_parse_iso_date (bucket, &start))
    return FALSE;
  bucket_period (self, &start, &first, &last);
  /* The last day with all its data: the range's end, or yesterday. */
  complete = *today;
  g_date_subtract_days (&complete, 1);
  if (g_date_compare (&self->to, &complete) < 0)
    complete = self->to;
  return g_date_compare (&first, &self->from) < 0 || g_date_compare (&last, &complete) > 0;
}

void
pulse_query_range_fill_params (const PulseQueryRange *self,
                               char                   from[11],
                               char                   to[11])
{
  pulse_format_iso_date (&self->from, from);
  pulse_format_iso_date (&self->to, to);
}

/**
 * pulse_query_range_starts_before:
 * @day: (nullable): a day, such as the platform's first data; %NULL or
 *   invalid when not known
 *
 * Whether the range begins before @day: compared with such a range, a
 * change says more about the data's start than about the product.
 */
gboolean
pulse_query_range_starts_before (const PulseQueryRange *self,
                                 const GDate           *day)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return day != NULL && g_date_valid (day) && g_date_compare (&self->from, day) < 0;
}
