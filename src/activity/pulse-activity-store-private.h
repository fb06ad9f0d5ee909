/* pulse-activity-store-private.h: per-day sets of active persons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pulse-activity-index.h"

G_BEGIN_DECLS

/* The segments every activity metric reports, in output order; a
 * person's role is the segment of their role, or ALL for a person
 * without one (missing from persons, or a NULL role). */
typedef enum
{
  PULSE_ACTIVITY_SEGMENT_ALL,
  PULSE_ACTIVITY_SEGMENT_BUILDER,
  PULSE_ACTIVITY_SEGMENT_FINDER,
  PULSE_ACTIVITY_N_SEGMENTS,
} PulseActivitySegment;

const char         *pulse_activity_segment_get_name    (PulseActivitySegment segment);

/* One person's activity on one day. */
typedef struct
{
  guint32 person;  /* dense index */
  guint32 events;
} PulseVisit;

typedef struct _PulseActivityStore PulseActivityStore;

PulseActivityStore *pulse_activity_store_new          (gint                first_day,
                                                       const gint64       *starts,
                                                       guint               n_days);
void                pulse_activity_store_free         (PulseActivityStore *self);
gint                pulse_activity_store_get_first_day(PulseActivityStore *self);
guint               pulse_activity_store_get_n_days   (PulseActivityStore *self);
const gint64       *pulse_activity_store_get_starts   (PulseActivityStore *self);
gboolean            pulse_activity_store_extend       (PulseActivityStore *self,
                                                       gint                first_day,
                                                       const gint64       *starts,
                                                       guint               n_days);
guint32             pulse_activity_store_intern       (PulseActivityStore *self,
                                                       gint64              person_id);
gboolean            pulse_activity_store_lookup       (PulseActivityStore *self,
                                                       gint64              person_id,
                                                       guint32            *person);
guint               pulse_activity_store_get_n_persons(PulseActivityStore *self);
gint64              pulse_activity_store_get_person_id(PulseActivityStore *self,
                                                       guint32             person);
const guint8       *pulse_activity_store_get_roles    (PulseActivityStore *self);
void                pulse_activity_store_clear_roles  (PulseActivityStore *self);
void                pulse_activity_store_set_role     (PulseActivityStore *self,
                                                       guint32             person,
                                                       PulseActivitySegment role);
int                 pulse_activity_store_find_day     (PulseActivityStore *self,
                                                       gint64              instant);
void                pulse_activity_store_add_event    (PulseActivityStore *self,
                                                       guint               day,
                                                       guint32             person);
void                pulse_activity_store_flush        (PulseActivityStore *self);
const PulseVisit   *pulse_activity_store_get_visits   (PulseActivityStore *self,
                                                       guint               day,
                                                       guint              *n_visits);
void                pulse_activity_store_set_visits   (PulseActivityStore *self,
                                                       guint               day,
                                                       const PulseVisit   *visits,
                                                       guint               n_visits);
void                pulse_activity_store_borrow_visits(PulseActivityStore *self,
                                                       guint               day,
                                                       const PulseVisit   *visits,
                                                       guint               n_visits);
void                pulse_activity_store_hold         (PulseActivityStore *self,
                                                       gpointer            backing,
                                                       GDestroyNotify      backing_free);
gconstpointer       pulse_activity_store_memo_lookup  (PulseActivityStore *self,
                                                       const char         *key);
void                pulse_activity_store_memo_insert  (PulseActivityStore *self,
                                                       const char         *key,
                                                       gpointer            data);
gboolean            pulse_activity_metric_supported   (const char         *metric_id);
gboolean            pulse_activity_store_compute      (PulseActivityStore *self,
                                                       const char         *metric_id,
                                                       gint                from_day,
                                                       guint               n_days,
                                                       const guint        *bucket_of_day,
                                                       const char * const *bucket_labels,
                                                       guint               n_buckets,
                                                       PulseActivityRowFunc emit,
                                                       gpointer            user_data,
                                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseActivityStore, pulse_activity_store_free)

G_END_DECLS
