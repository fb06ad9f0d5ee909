/* pulse-activity-sessions-private.h: session_duration's sessions, per local day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-activity-store-private.h"

G_BEGIN_DECLS

typedef struct _PulseActivitySessions PulseActivitySessions;

PulseActivitySessions *pulse_activity_sessions_new         (void);
void                   pulse_activity_sessions_free        (PulseActivitySessions *self);
gboolean               pulse_activity_sessions_supported   (const char            *metric_id);
void                   pulse_activity_sessions_clear       (PulseActivitySessions *self);
gboolean               pulse_activity_sessions_is_failed   (PulseActivitySessions *self);
gboolean               pulse_activity_sessions_has_unknown (PulseActivitySessions *self);
gboolean               pulse_activity_sessions_covers      (PulseActivitySessions *self,
                                                            gint                   first_day,
                                                            gint                   last_day);
gboolean               pulse_activity_sessions_answers     (PulseActivitySessions *self,
                                                            gint                   from_day,
                                                            gint                   to_day);
guint64                pulse_activity_sessions_get_version (PulseActivitySessions *self);
gboolean               pulse_activity_sessions_update      (PulseActivitySessions *self,
                                                            PGconn                *conn,
                                                            const char            *timezone,
                                                            gint                   first_day,
                                                            const gint64          *starts,
                                                            guint                  n_days,
                                                            GCancellable          *cancellable,
                                                            GError               **error);
gboolean               pulse_activity_sessions_check       (PulseActivitySessions *self,
                                                            PGconn                *conn,
                                                            gboolean              *same,
                                                            GCancellable          *cancellable,
                                                            GError               **error);
gboolean               pulse_activity_sessions_compute     (PulseActivitySessions *self,
                                                            gint                   from_day,
                                                            guint                  n_days,
                                                            const guint           *bucket_of_day,
                                                            const char * const    *bucket_labels,
                                                            guint                  n_buckets,
                                                            PulseActivityRowFunc   emit,
                                                            gpointer               user_data,
                                                            GError               **error);
gboolean               pulse_activity_sessions_save        (PulseActivitySessions *self,
                                                            const char            *path,
                                                            const char            *identity,
                                                            const char            *timezone,
                                                            GError               **error);
gboolean               pulse_activity_sessions_load        (PulseActivitySessions *self,
                                                            const char            *path,
                                                            const char            *identity,
                                                            const char            *timezone,
                                                            GError               **error);

G_END_DECLS
