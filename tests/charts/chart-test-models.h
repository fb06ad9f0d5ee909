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

#define CHART_TEST_N_COHORTS 6
/* All of a cohort in its own week, then fewer each week; nobody in the
 * fourth cohort's week 1. */
#define CHART_TEST_COHORT_SHARE(c, n) \
  ((n) == 0 ? 1.0 : (c) == 3 && (n) == 1 ? 0.0 : 0.45 - 0.05 * (n) - 0.02 * (c))

PulseMetricResult  *chart_test_retention_result (void);

G_END_DECLS
