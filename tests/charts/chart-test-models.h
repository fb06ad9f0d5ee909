/* chart-test-models.h: chart models the chart tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-model.h"

G_BEGIN_DECLS

/* A series of a catalog metric: @base plus @swing times the weekday */
typedef struct
{
  const char *id;
  double      base;
  double      swing;
} ChartTestSeries;

char              **chart_test_days_from      (const char            *first,
                                               guint                  n);
PulseChartModel    *chart_test_line_model     (PulseChartKind         kind);
PulseMetricResult  *chart_test_catalog_result (const char            *metric_id,
                                               const char            *first,
                                               const ChartTestSeries *series,
                                               guint                  n_series);

G_END_DECLS
