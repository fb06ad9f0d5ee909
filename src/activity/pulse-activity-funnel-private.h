/* pulse-activity-funnel-private.h: the sign-up funnel, from each person's first event and search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-activity-cache-private.h"
#include "pulse-db.h"

G_BEGIN_DECLS

/* The funnel's sources: activity_events (first_activity_7d) and
 * finder_searches (first_search_7d). */
#define PULSE_ACTIVITY_FUNNEL_SOURCES \
  ((1u << PULSE_ACTIVITY_SOURCE_EVENTS) | (1u << PULSE_ACTIVITY_SOURCE_SEARCHES))

typedef struct _PulseActivityFunnel PulseActivityFunnel;

/* One row of persons, as read. */
typedef void (*PulseActivityPersonFunc) (gint64                id,
                                         PulseActivitySegment  role,
                                         gboolean              has_created_at,
                                         gint64                created_at,
                                         gpointer              user_data);

PulseActivityFunnel *pulse_activity_funnel_new           (void);
void                 pulse_activity_funnel_free          (PulseActivityFunnel  *self);
gboolean             pulse_activity_funnel_supported     (const char           *metric_id);
gboolean             pulse_activity_funnel_ready         (PulseActivityFunnel  *self);
gboolean             pulse_activity_funnel_has_persons   (PulseActivityFunnel  *self);
void                 pulse_activity_funnel_reset         (PulseActivityFunnel  *self,
                                                          guint                 source);
void                 pulse_activity_funnel_take          (PulseActivityFunnel  *self,
                                                          guint                 source,
                                                          guint32               person,
                                                          gint64                person_id,
                                                          gint64                instant);
gboolean             pulse_activity_funnel_read_persons  (PulseActivityFunnel  *self,
                                                          PGconn               *conn,
                                                          PulseActivityStore * const *stores,
                                                          guint                *stale,
                                                          PulseActivityPersonFunc func,
                                                          gpointer              func_data,
                                                          GCancellable         *cancellable,
                                                          GError              **error);
void                 pulse_activity_funnel_load          (PulseActivityFunnel  *self,
                                                          const char           *path,
                                                          const char           *identity,
                                                          const char           *timezone,
                                                          const PulseActivitySnapshot * const *snapshots);
void                 pulse_activity_funnel_save          (PulseActivityFunnel  *self,
                                                          const char           *path,
                                                          const char           *identity,
                                                          const char           *timezone,
                                                          const PulseActivitySnapshot * const *snapshots);
gboolean             pulse_activity_funnel_can_compute   (PulseActivityFunnel  *self,
                                                          PulseActivityStore   *store,
                                                          gint                  from_day,
                                                          guint                 n_days);
gboolean             pulse_activity_funnel_compute       (PulseActivityFunnel  *self,
                                                          PulseActivityStore   *store,
                                                          gint                  from_day,
                                                          guint                 n_days,
                                                          PulseActivityRowFunc  emit,
                                                          gpointer              user_data,
                                                          GError              **error);

G_END_DECLS
