/* pulse-catalog.h: the metric catalog, declared as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-metric.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CATALOG (pulse_catalog_get_type ())

G_DECLARE_FINAL_TYPE (PulseCatalog, pulse_catalog, PULSE, CATALOG, GObject)

typedef struct
{
  char *id;
  char *title;
} PulseMetricGroup;

PulseCatalog *pulse_catalog_new_bundled       (GError       **error);
gboolean      pulse_catalog_load_file         (PulseCatalog  *self,
                                               GFile         *file,
                                               GError       **error);
GPtrArray    *pulse_catalog_get_groups        (PulseCatalog  *self);
GPtrArray    *pulse_catalog_get_metrics       (PulseCatalog  *self);
GPtrArray    *pulse_catalog_list_group        (PulseCatalog  *self,
                                               const char    *group_id);
PulseMetric  *pulse_catalog_lookup            (PulseCatalog  *self,
                                               const char    *metric_id);

G_END_DECLS
