/* pulse-worker.h: the thread that runs every query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-db.h"
#include "pulse-metric-result.h"
#include "pulse-people-query.h"

G_BEGIN_DECLS

#define PULSE_TYPE_WORKER (pulse_worker_get_type ())

G_DECLARE_FINAL_TYPE (PulseWorker, pulse_worker, PULSE, WORKER, GObject)

PulseWorker        *pulse_worker_new                  (const char                *conninfo,
                                                       const PulseSessionOptions *options);
const char         *pulse_worker_get_conninfo         (PulseWorker               *self);
const PulseSessionOptions *pulse_worker_get_options   (PulseWorker               *self);
void                pulse_worker_set_identity         (PulseWorker               *self,
                                                       const char                *identity);
const char         *pulse_worker_get_identity         (PulseWorker               *self);
void                pulse_worker_refresh              (PulseWorker               *self);
guint               pulse_worker_begin_generation     (PulseWorker               *self,
                                                       const char                *group);
void                pulse_worker_run_metric_async     (PulseWorker               *self,
                                                       PulseMetric               *metric,
                                                       PulseQueryRange           *range,
                                                       const char                *group,
                                                       guint                      generation,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
PulseMetricResult  *pulse_worker_run_metric_finish    (PulseWorker               *self,
                                                       GAsyncResult              *result,
                                                       guint                     *generation,
                                                       GError                   **error);
void                pulse_worker_run_people_async     (PulseWorker               *self,
                                                       PulsePeopleQuery          *query,
                                                       gint64                     after_id,
                                                       guint                      limit,
                                                       gboolean                   with_total,
                                                       gboolean                   with_email,
                                                       const char                *group,
                                                       guint                      generation,
                                                       GCancellable              *cancellable,
                                                       GAsyncReadyCallback        callback,
                                                       gpointer                   user_data);
PulsePeoplePage    *pulse_worker_run_people_finish    (PulseWorker               *self,
                                                       GAsyncResult              *result,
                                                       guint                     *generation,
                                                       GError                   **error);

G_END_DECLS
