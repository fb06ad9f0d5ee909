/* pulse-dashboard.h: what every page, card and export of a window shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-annotation-store.h"
#include "pulse-catalog.h"
#include "pulse-query-range.h"
#include "pulse-snapshot.h"
#include "pulse-worker.h"

G_BEGIN_DECLS

#define PULSE_TYPE_DASHBOARD (pulse_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (PulseDashboard, pulse_dashboard, PULSE, DASHBOARD, GObject)

PulseDashboard  *pulse_dashboard_new          (PulseCatalog              *catalog,
                                               GSettings                 *settings);
PulseCatalog    *pulse_dashboard_get_catalog  (PulseDashboard            *self);
GSettings       *pulse_dashboard_get_settings (PulseDashboard            *self);
PulseWorker     *pulse_dashboard_get_worker   (PulseDashboard            *self);
PulseQueryRange *pulse_dashboard_get_range    (PulseDashboard            *self);
gboolean         pulse_dashboard_get_compare  (PulseDashboard            *self);
PulseSegment     pulse_dashboard_get_segment  (PulseDashboard            *self);
void             pulse_dashboard_open         (PulseDashboard            *self,
                                               const char                *conninfo,
                                               const PulseSessionOptions *options);
void             pulse_dashboard_open_workspace (PulseDashboard          *self,
                                                 const char              *conninfo,
                                                 const PulseSessionOptions *options,
                                                 const char              *identity);
void             pulse_dashboard_reopen       (PulseDashboard            *self);
void             pulse_dashboard_reload       (PulseDashboard            *self);
PulseSnapshot   *pulse_dashboard_get_snapshot (PulseDashboard            *self);
gboolean         pulse_dashboard_is_loading_snapshot (PulseDashboard     *self);
gboolean         pulse_dashboard_is_saving_snapshot  (PulseDashboard     *self);
void             pulse_dashboard_keep_results (PulseDashboard            *self,
                                               PulseMetricResult         *current,
                                               PulseMetricResult         *previous);
void             pulse_dashboard_save_snapshot (PulseDashboard           *self);
PulseAnnotationStore *pulse_dashboard_get_annotation_store (PulseDashboard *self);
GPtrArray       *pulse_dashboard_get_annotations    (PulseDashboard            *self);
void             pulse_dashboard_reload_annotations (PulseDashboard            *self);

G_END_DECLS
