/* pulse-people-query.h: the persons behind one number of a metric
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-db.h"
#include "pulse-metric.h"
#include "pulse-query-range.h"

G_BEGIN_DECLS

#define PULSE_TYPE_PERSON (pulse_person_get_type ())

G_DECLARE_FINAL_TYPE (PulsePerson, pulse_person, PULSE, PERSON, GObject)

gint64      pulse_person_get_id          (PulsePerson *self);
const char *pulse_person_get_role        (PulsePerson *self);
const char *pulse_person_get_signed_up   (PulsePerson *self);
const char *pulse_person_get_headline    (PulsePerson *self);
const char *pulse_person_get_email       (PulsePerson *self);
int         pulse_person_get_active_days (PulsePerson *self);
const char *pulse_person_get_last_active (PulsePerson *self);

#define PULSE_TYPE_PEOPLE_QUERY (pulse_people_query_get_type ())

G_DECLARE_FINAL_TYPE (PulsePeopleQuery, pulse_people_query, PULSE, PEOPLE_QUERY, GObject)

/* The first page's key: lower than every person id. */
#define PULSE_PEOPLE_FIRST G_MININT64

gboolean          pulse_metric_counts_people       (PulseMetric      *metric);
PulsePeopleQuery *pulse_people_query_new           (PulseMetric      *metric,
                                                    PulseQueryRange  *range,
                                                    PulseSegment      segment,
                                                    const char       *series,
                                                    const char       *start,
                                                    int               period,
                                                    gboolean          dropped,
                                                    GError          **error);
PulseMetric      *pulse_people_query_get_metric    (PulsePeopleQuery *self);
PulseQueryRange  *pulse_people_query_get_range     (PulsePeopleQuery *self);
PulseSegment      pulse_people_query_get_segment   (PulsePeopleQuery *self);
const char       *pulse_people_query_get_series    (PulsePeopleQuery *self);
const char       *pulse_people_query_get_start     (PulsePeopleQuery *self);
int               pulse_people_query_get_period    (PulsePeopleQuery *self);
gboolean          pulse_people_query_get_dropped   (PulsePeopleQuery *self);
gboolean          pulse_people_query_is_range_level (PulsePeopleQuery *self);
gint64            pulse_people_query_count         (PulsePeopleQuery *self,
                                                    PGconn           *conn,
                                                    GHashTable       *existing_tables,
                                                    GCancellable     *cancellable,
                                                    GError          **error);
GPtrArray        *pulse_people_query_fetch         (PulsePeopleQuery *self,
                                                    PGconn           *conn,
                                                    GHashTable       *existing_tables,
                                                    gint64            after_id,
                                                    guint             limit,
                                                    gboolean          with_email,
                                                    GCancellable     *cancellable,
                                                    GError          **error);

/* One page of a list: @total is the whole list's length (-1 when the
 * page was asked without it). */
typedef struct
{
  gint64     total;
  GPtrArray *persons;
} PulsePeoplePage;

void              pulse_people_page_free           (PulsePeoplePage  *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulsePeoplePage, pulse_people_page_free)

G_END_DECLS
