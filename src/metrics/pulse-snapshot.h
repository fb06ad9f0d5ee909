/* pulse-snapshot.h: the last results of a connection's query, on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-catalog.h"
#include "pulse-metric-result.h"

G_BEGIN_DECLS

#define PULSE_TYPE_SNAPSHOT (pulse_snapshot_get_type ())

G_DECLARE_FINAL_TYPE (PulseSnapshot, pulse_snapshot, PULSE, SNAPSHOT, GObject)

char          *pulse_snapshot_dup_identity   (const char          *conninfo,
                                              const char          *user);
PulseSnapshot *pulse_snapshot_new            (const char          *identity,
                                              const char          *key);
const char    *pulse_snapshot_get_identity   (PulseSnapshot       *self);
const char    *pulse_snapshot_get_key        (PulseSnapshot       *self);
guint          pulse_snapshot_get_n_metrics  (PulseSnapshot       *self);
void           pulse_snapshot_set            (PulseSnapshot       *self,
                                              PulseMetricResult   *current,
                                              PulseMetricResult   *previous,
                                              GDateTime           *fetched);
gboolean       pulse_snapshot_lookup         (PulseSnapshot       *self,
                                              const char          *metric_id,
                                              PulseMetricResult  **current,
                                              PulseMetricResult  **previous,
                                              GDateTime          **fetched);

GBytes        *pulse_snapshot_serialize      (PulseSnapshot       *self);
PulseSnapshot *pulse_snapshot_parse          (GBytes              *bytes,
                                              PulseCatalog        *catalog,
                                              const char          *identity,
                                              const char          *key,
                                              GError             **error);

char          *pulse_snapshot_build_path     (const char          *cache_dir,
                                              const char          *identity,
                                              const char          *key);
gboolean       pulse_snapshot_save           (PulseSnapshot       *self,
                                              const char          *cache_dir,
                                              GError             **error);
PulseSnapshot *pulse_snapshot_load           (PulseCatalog        *catalog,
                                              const char          *cache_dir,
                                              const char          *identity,
                                              const char          *key,
                                              GError             **error);
void           pulse_snapshot_save_async     (PulseSnapshot       *self,
                                              const char          *cache_dir,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       pulse_snapshot_save_finish    (PulseSnapshot       *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void           pulse_snapshot_load_async     (PulseCatalog        *catalog,
                                              const char          *cache_dir,
                                              const char          *identity,
                                              const char          *key,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
PulseSnapshot *pulse_snapshot_load_finish    (GAsyncResult        *result,
                                              GError             **error);

guint64        pulse_snapshot_get_cache_size (const char          *cache_dir);
gboolean       pulse_snapshot_clear_cache    (const char          *cache_dir,
                                              GError             **error);

G_END_DECLS
