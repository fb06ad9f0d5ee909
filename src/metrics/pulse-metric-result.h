/* pulse-metric-result.h: the immutable outcome of one metric query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-metric.h"
#include "pulse-query-range.h"

G_BEGIN_DECLS

#define PULSE_TYPE_METRIC_RESULT (pulse_metric_result_get_type ())

G_DECLARE_FINAL_TYPE (PulseMetricResult, pulse_metric_result, PULSE, METRIC_RESULT, GObject)

PulseMetric        *pulse_metric_result_get_metric         (PulseMetricResult  *self);
PulseQueryRange    *pulse_metric_result_get_range          (PulseMetricResult  *self);
PulseSource         pulse_metric_result_get_source         (PulseMetricResult  *self);
const char         *pulse_metric_result_get_note           (PulseMetricResult  *self);
const char * const *pulse_metric_result_get_buckets        (PulseMetricResult  *self);
guint               pulse_metric_result_get_n_buckets      (PulseMetricResult  *self);
guint               pulse_metric_result_get_n_series       (PulseMetricResult  *self);
const char         *pulse_metric_result_get_series_id      (PulseMetricResult  *self,
                                                            guint               index);
const double       *pulse_metric_result_get_series_values  (PulseMetricResult  *self,
                                                            guint               index);
const double       *pulse_metric_result_find_series        (PulseMetricResult  *self,
                                                            const char         *series_id);
guint               pulse_metric_result_get_n_summaries    (PulseMetricResult  *self);
const char         *pulse_metric_result_get_summary_id     (PulseMetricResult  *self,
                                                            guint               index);
double              pulse_metric_result_get_summary_value  (PulseMetricResult  *self,
                                                            guint               index);
gboolean            pulse_metric_result_lookup_summary     (PulseMetricResult  *self,
                                                            const char         *summary_id,
                                                            double             *value);
guint               pulse_metric_result_get_n_histogram    (PulseMetricResult  *self);
const char         *pulse_metric_result_get_histogram_label(PulseMetricResult  *self,
                                                            guint               index);
double              pulse_metric_result_get_histogram_value(PulseMetricResult  *self,
                                                            guint               index);
gboolean            pulse_metric_result_has_steps          (PulseMetricResult  *self);
gboolean            pulse_metric_result_has_step           (PulseMetricResult  *self,
                                                            const char         *step_id,
                                                            const char         *segment);
PulseMetricResult  *pulse_metric_result_get_segment        (PulseMetricResult  *self,
                                                            PulseSegment        segment);
PulseMetricResult  *pulse_metric_result_for_segment        (PulseMetricResult  *self,
                                                            const char         *segment,
                                                            const char        **series_segment);
const GDate        *pulse_metric_result_get_first_day      (PulseMetricResult  *self);
double              pulse_metric_result_get_step_value     (PulseMetricResult  *self,
                                                            const char         *step_id,
                                                            const char         *segment);
gboolean            pulse_metric_result_has_cohorts        (PulseMetricResult  *self);
guint               pulse_metric_result_get_n_cohorts      (PulseMetricResult  *self);
guint               pulse_metric_result_get_n_periods      (PulseMetricResult  *self);
const char         *pulse_metric_result_get_cohort_start   (PulseMetricResult  *self,
                                                            guint               index);
double              pulse_metric_result_get_cohort_size    (PulseMetricResult  *self,
                                                            guint               index);
double              pulse_metric_result_get_cohort_partial_from (PulseMetricResult *self,
                                                                 guint              index);
const double       *pulse_metric_result_get_cohort_on      (PulseMetricResult  *self,
                                                            guint               index);
const double       *pulse_metric_result_get_cohort_on_or_after (PulseMetricResult *self,
                                                                guint              index);

G_END_DECLS
