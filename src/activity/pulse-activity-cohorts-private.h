/* pulse-activity-cohorts-private.h: retention, lifecycle and sign-ups, from the day sets and persons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-activity-store-private.h"

G_BEGIN_DECLS

/* The calendar period of a granularity: a bucket, a cohort's period. */
typedef enum
{
  PULSE_ACTIVITY_PERIOD_DAY,
  PULSE_ACTIVITY_PERIOD_WEEK,   /* ISO, Monday first */
  PULSE_ACTIVITY_PERIOD_MONTH,
} PulseActivityPeriod;

/* Every row of persons: who signed up when, with which role. */
typedef struct _PulseActivityPeople PulseActivityPeople;

PulseActivityPeople *pulse_activity_people_new        (void);
void                 pulse_activity_people_free       (PulseActivityPeople  *self);
void                 pulse_activity_people_clear      (PulseActivityPeople  *self);
void                 pulse_activity_people_add        (PulseActivityPeople  *self,
                                                       gint64                id,
                                                       PulseActivitySegment  role,
                                                       gboolean              has_created_at,
                                                       gint64                created_at);
gboolean             pulse_activity_people_lookup     (PulseActivityPeople  *self,
                                                       gint64                id,
                                                       PulseActivitySegment *role);

gboolean             pulse_activity_period_parse      (const char           *granularity,
                                                       PulseActivityPeriod  *period);
gboolean             pulse_activity_cohorts_supported (const char           *metric_id);
void                 pulse_activity_cohorts_get_span  (const char           *metric_id,
                                                       PulseActivityPeriod   period,
                                                       gint                  from_day,
                                                       gint                  to_day,
                                                       gint                 *first_day,
                                                       gint                 *last_day);
gboolean             pulse_activity_cohorts_compute   (PulseActivityStore   *store,
                                                       PulseActivityPeople  *people,
                                                       const char           *metric_id,
                                                       PulseActivityPeriod   period,
                                                       gint                  from_day,
                                                       guint                 n_days,
                                                       const guint          *bucket_of_day,
                                                       const char * const   *bucket_labels,
                                                       guint                 n_buckets,
                                                       PulseActivityRowFunc  emit,
                                                       gpointer              user_data,
                                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseActivityPeople, pulse_activity_people_free)

G_END_DECLS
