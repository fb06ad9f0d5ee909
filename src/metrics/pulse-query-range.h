/* pulse-query-range.h: the reporting range, zone and granularity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PULSE_TYPE_QUERY_RANGE (pulse_query_range_get_type ())

typedef enum
{
  PULSE_GRANULARITY_DAY,
  PULSE_GRANULARITY_WEEK,
  PULSE_GRANULARITY_MONTH,
} PulseGranularity;

typedef enum
{
  PULSE_RANGE_LAST_7_DAYS,
  PULSE_RANGE_LAST_30_DAYS,
  PULSE_RANGE_LAST_90_DAYS,
  PULSE_RANGE_LAST_12_MONTHS,
  PULSE_RANGE_THIS_MONTH,
  PULSE_RANGE_THIS_QUARTER,
  PULSE_RANGE_CUSTOM,
} PulseRangePreset;

typedef struct _PulseQueryRange PulseQueryRange;

/* The longest range a query may cover */
#define PULSE_QUERY_RANGE_MAX_YEARS 20

GType             pulse_query_range_get_type        (void) G_GNUC_CONST;
PulseQueryRange  *pulse_query_range_new             (const GDate           *from,
                                                     const GDate           *to,
                                                     const char            *timezone,
                                                     PulseGranularity       granularity);
PulseQueryRange  *pulse_query_range_new_parse       (const char            *from,
                                                     const char            *to,
                                                     const char            *timezone,
                                                     GError               **error);
PulseQueryRange  *pulse_query_range_new_preset      (PulseRangePreset       preset,
                                                     const GDate           *today,
                                                     const GDate           *custom_from,
                                                     const GDate           *custom_to,
                                                     const char            *timezone,
                                                     PulseGranularity       granularity);
gboolean          pulse_query_range_check_span      (const GDate           *from,
                                                     const GDate           *to,
                                                     GError               **error);
void              pulse_today_in_zone               (const char            *timezone,
                                                     GDate                 *today);
PulseQueryRange  *pulse_query_range_ref             (PulseQueryRange       *self);
void              pulse_query_range_unref           (PulseQueryRange       *self);
gboolean          pulse_query_range_equal           (const PulseQueryRange *a,
                                                     const PulseQueryRange *b);
const GDate      *pulse_query_range_get_from        (const PulseQueryRange *self);
const GDate      *pulse_query_range_get_to          (const PulseQueryRange *self);
const char       *pulse_query_range_get_timezone    (const PulseQueryRange *self);
PulseGranularity  pulse_query_range_get_granularity (const PulseQueryRange *self);
guint             pulse_query_range_get_n_days      (const PulseQueryRange *self);
PulseQueryRange  *pulse_query_range_dup_previous    (const PulseQueryRange *self);
gboolean          pulse_query_range_starts_before   (const PulseQueryRange *self,
                                                     const GDate           *day);
GStrv             pulse_query_range_dup_days        (const PulseQueryRange *self);
GStrv             pulse_query_range_dup_buckets     (const PulseQueryRange *self);
gboolean          pulse_query_range_is_partial_bucket (const PulseQueryRange *self,
                                                     const char            *bucket,
                                                     const GDate           *today);
void              pulse_query_range_fill_params     (const PulseQueryRange *self,
                                                     char                   from[11],
                                                     char                   to[11]);

const char       *pulse_granularity_to_string       (PulseGranularity       granularity);
gboolean          pulse_parse_iso_date              (const char            *text,
                                                     GDate                 *date);
void              pulse_format_iso_date             (const GDate           *date,
                                                     char                   out[11]);
gboolean          pulse_parse_user_date             (const char            *text,
                                                     GDate                 *date);
char             *pulse_format_user_date            (const GDate           *day);
char             *pulse_format_date_range           (const GDate           *from,
                                                     const GDate           *to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseQueryRange, pulse_query_range_unref)

G_END_DECLS

#include "pulse-metrics-enums.h"
