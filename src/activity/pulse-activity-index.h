/* pulse-activity-index.h: the activity of one connection, in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-db.h"

G_BEGIN_DECLS

/* Days before a range's first one that its rolling windows reach (MAU's 30 days). */
#define PULSE_ACTIVITY_LOOKBACK_DAYS 29

#define PULSE_TYPE_ACTIVITY_INDEX (pulse_activity_index_get_type ())

G_DECLARE_FINAL_TYPE (PulseActivityIndex, pulse_activity_index, PULSE, ACTIVITY_INDEX, GObject)

/* Rows of activity_events read so far, of the planner's estimate of the
 * table (0 if unknown); called on the thread that updates. */
typedef void     (*PulseActivityProgressFunc) (guint64      rows_read,
                                               guint64      rows_estimated,
                                               gpointer     user_data);
/* One (kind, key, label, value, segment) row, as the metric's SQL returns
 * it; a NULL value is NAN. */
typedef gboolean (*PulseActivityRowFunc)      (const char  *kind,
                                               const char  *key,
                                               const char  *label,
                                               double       value,
                                               const char  *segment,
                                               gpointer     user_data,
                                               GError     **error);

PulseActivityIndex *pulse_activity_index_new              (const char                *timezone,
                                                           const char                *cache_dir);
const char         *pulse_activity_index_get_timezone     (PulseActivityIndex        *self);
void                pulse_activity_index_set_identity     (PulseActivityIndex        *self,
                                                           const char                *identity);
void                pulse_activity_index_set_progress_func(PulseActivityIndex        *self,
                                                           PulseActivityProgressFunc  func,
                                                           gpointer                   user_data);
gboolean            pulse_activity_index_update_span      (PulseActivityIndex        *self,
                                                           PGconn                    *conn,
                                                           const GDate               *first,
                                                           const GDate               *last,
                                                           GCancellable              *cancellable,
                                                           GError                   **error);
gboolean            pulse_activity_index_covers           (PulseActivityIndex        *self,
                                                           const GDate               *from,
                                                           const GDate               *to);
gboolean            pulse_activity_index_covers_span      (PulseActivityIndex        *self,
                                                           const GDate               *first,
                                                           const GDate               *last);
gboolean            pulse_activity_index_covers_metric    (PulseActivityIndex        *self,
                                                           const char                *metric_id,
                                                           const GDate               *first,
                                                           const GDate               *last);
gboolean            pulse_activity_index_answers          (PulseActivityIndex        *self,
                                                           const char                *metric_id);
gboolean            pulse_activity_index_answers_range    (PulseActivityIndex        *self,
                                                           const char                *metric_id,
                                                           const GDate               *from,
                                                           const GDate               *to);
void                pulse_activity_index_get_span         (const char                *metric_id,
                                                           const char                *granularity,
                                                           const GDate               *from,
                                                           const GDate               *to,
                                                           GDate                     *first,
                                                           GDate                     *last);
gboolean            pulse_activity_index_is_verified      (PulseActivityIndex        *self);
gboolean            pulse_activity_index_verify           (PulseActivityIndex        *self,
                                                           PGconn                    *conn,
                                                           gboolean                  *rebuilt,
                                                           GCancellable              *cancellable,
                                                           GError                   **error);
gboolean            pulse_activity_index_compute          (PulseActivityIndex        *self,
                                                           const char                *metric_id,
                                                           const GDate               *from,
                                                           const GDate               *to,
                                                           const char                *granularity,
                                                           const char * const        *buckets,
                                                           PulseActivityRowFunc       func,
                                                           gpointer                   user_data,
                                                           GError                   **error);
gboolean            pulse_activity_index_supports         (const char                *metric_id);
const char         *pulse_activity_index_get_cache_path   (PulseActivityIndex        *self);
const char         *pulse_activity_index_get_timings      (PulseActivityIndex        *self);

char               *pulse_activity_cache_dup_default_dir  (void);
guint64             pulse_activity_cache_get_size         (const char                *cache_dir);
gboolean            pulse_activity_cache_clear            (const char                *cache_dir,
                                                           GError                   **error);

G_END_DECLS
