/* pulse-chart-model.h: what a chart shows, independent of how it is drawn
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pulse-annotation.h"
#include "pulse-metric-result.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CHART_KIND (pulse_chart_kind_get_type ())
#define PULSE_TYPE_CHART_MODEL (pulse_chart_model_get_type ())

/* PULSE_CHART_KIND_LINE, _AREA, _STACKED_BAR, _FUNNEL, _HISTOGRAM, _COHORT
 * and _SPARKLINE, in the order of the kind table. */
typedef enum
{
#define PULSE_CHART_KIND_ROW(NAME, nick, ops) PULSE_CHART_KIND_##NAME,
#include "pulse-chart-kinds.h"
#undef PULSE_CHART_KIND_ROW
} PulseChartKind;

GType pulse_chart_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (PulseChartModel, pulse_chart_model, PULSE, CHART_MODEL, GObject)

PulseChartModel     *pulse_chart_model_new                 (PulseChartKind       kind);
PulseChartModel     *pulse_chart_model_new_for_result      (PulseMetricResult   *result,
                                                            PulseMetricResult   *previous,
                                                            const char          *segment);
PulseChartModel     *pulse_chart_model_new_sparkline       (PulseChartModel     *chart);
gboolean             pulse_chart_kind_from_string          (const char          *chart,
                                                            PulseChartKind      *kind);

PulseChartKind       pulse_chart_model_get_kind            (PulseChartModel     *self);
void                 pulse_chart_model_set_kind            (PulseChartModel     *self,
                                                            PulseChartKind       kind);
const char          *pulse_chart_model_get_title           (PulseChartModel     *self);
void                 pulse_chart_model_set_title           (PulseChartModel     *self,
                                                            const char          *title);
const char          *pulse_chart_model_get_unit            (PulseChartModel     *self);
void                 pulse_chart_model_set_unit            (PulseChartModel     *self,
                                                            const char          *unit);

/* Buckets: ISO dates (YYYY-MM-DD) for time series, any label otherwise. */
const char * const  *pulse_chart_model_get_buckets         (PulseChartModel     *self);
guint                pulse_chart_model_get_n_buckets       (PulseChartModel     *self);
void                 pulse_chart_model_set_buckets         (PulseChartModel     *self,
                                                            const char * const  *buckets);
void                 pulse_chart_model_set_bucket_partial  (PulseChartModel     *self,
                                                            guint                index,
                                                            gboolean             partial);
gboolean             pulse_chart_model_get_bucket_partial  (PulseChartModel     *self,
                                                            guint                index);

/* Series: values[i] belongs to bucket i; NAN is a null (a gap). */
guint                pulse_chart_model_add_series          (PulseChartModel     *self,
                                                            const char          *id,
                                                            const char          *title,
                                                            const double        *values,
                                                            guint                n_values,
                                                            int                  color_index);
guint                pulse_chart_model_get_n_series        (PulseChartModel     *self);
int                  pulse_chart_model_find_series         (PulseChartModel     *self,
                                                            const char          *id);
const char          *pulse_chart_model_get_series_id       (PulseChartModel     *self,
                                                            guint                index);
const char          *pulse_chart_model_get_series_title    (PulseChartModel     *self,
                                                            guint                index);
const double        *pulse_chart_model_get_series_values   (PulseChartModel     *self,
                                                            guint                index,
                                                            guint               *n_values);
int                  pulse_chart_model_get_series_color    (PulseChartModel     *self,
                                                            guint                index);
void                 pulse_chart_model_set_series_color    (PulseChartModel     *self,
                                                            guint                index,
                                                            int                  color_index);
gboolean             pulse_chart_model_get_series_dashed   (PulseChartModel     *self,
                                                            guint                index);
void                 pulse_chart_model_set_series_dashed   (PulseChartModel     *self,
                                                            guint                index,
                                                            gboolean             dashed);
gboolean             pulse_chart_model_get_series_downward (PulseChartModel     *self,
                                                            guint                index);
void                 pulse_chart_model_set_series_downward (PulseChartModel     *self,
                                                            guint                index,
                                                            gboolean             downward);
const char          *pulse_chart_model_get_series_unit     (PulseChartModel     *self,
                                                            guint                index);
void                 pulse_chart_model_set_series_unit     (PulseChartModel     *self,
                                                            guint                index,
                                                            const char          *unit);
const char          *pulse_chart_model_get_previous_label  (PulseChartModel     *self);
void                 pulse_chart_model_set_previous_label  (PulseChartModel     *self,
                                                            const char          *label);
gboolean             pulse_chart_model_get_series_visible  (PulseChartModel     *self,
                                                            guint                index);
void                 pulse_chart_model_set_series_visible  (PulseChartModel     *self,
                                                            guint                index,
                                                            gboolean             visible);
void                 pulse_chart_model_toggle_series       (PulseChartModel     *self,
                                                            guint                index);
guint                pulse_chart_model_get_n_visible_series (PulseChartModel    *self);

/* Histogram: k -> count */
void                 pulse_chart_model_set_histogram       (PulseChartModel     *self,
                                                            const char * const  *labels,
                                                            const double        *values,
                                                            guint                n_values);
guint                pulse_chart_model_get_n_histogram     (PulseChartModel     *self);
const char          *pulse_chart_model_get_histogram_label (PulseChartModel     *self,
                                                            guint                index);
double               pulse_chart_model_get_histogram_value (PulseChartModel     *self,
                                                            guint                index);

/* Funnel steps, in order */
void                 pulse_chart_model_add_step            (PulseChartModel     *self,
                                                            const char          *id,
                                                            const char          *title,
                                                            double               value);
guint                pulse_chart_model_get_n_steps         (PulseChartModel     *self);
const char          *pulse_chart_model_get_step_id         (PulseChartModel     *self,
                                                            guint                index);
const char          *pulse_chart_model_get_step_title      (PulseChartModel     *self,
                                                            guint                index);
double               pulse_chart_model_get_step_value      (PulseChartModel     *self,
                                                            guint                index);

/* Cohorts (retention), in order: each cohort's cells for period 0 .. n_periods - 1,
 * NAN for a period not known yet; series "on" and "on_or_after" pick the cells. */
void                 pulse_chart_model_add_cohort          (PulseChartModel     *self,
                                                            const char          *start,
                                                            double               size,
                                                            double               partial_from,
                                                            const double        *on,
                                                            const double        *on_or_after,
                                                            guint                n_periods);
guint                pulse_chart_model_get_n_cohorts       (PulseChartModel     *self);
guint                pulse_chart_model_get_n_periods       (PulseChartModel     *self);
PulseGranularity     pulse_chart_model_get_period          (PulseChartModel     *self);
void                 pulse_chart_model_set_period          (PulseChartModel     *self,
                                                            PulseGranularity     period);
const char          *pulse_chart_model_get_cohort_start    (PulseChartModel     *self,
                                                            guint                index);
double               pulse_chart_model_get_cohort_size     (PulseChartModel     *self,
                                                            guint                index);
double               pulse_chart_model_get_cohort_partial_from (PulseChartModel *self,
                                                            guint                index);
double               pulse_chart_model_get_cohort_value    (PulseChartModel     *self,
                                                            guint                index,
                                                            gboolean             or_after,
                                                            guint                period);
gboolean             pulse_chart_model_get_cell            (PulseChartModel     *self,
                                                            guint                cell,
                                                            guint               *cohort,
                                                            guint               *period);
int                  pulse_chart_model_get_cohort_series   (PulseChartModel     *self);
gboolean             pulse_chart_model_get_cohort_or_after (PulseChartModel     *self);

/* Annotations: every one is kept, time charts show those in their range. */
void                 pulse_chart_model_set_annotations     (PulseChartModel     *self,
                                                            GPtrArray           *annotations);
GPtrArray           *pulse_chart_model_get_annotations     (PulseChartModel     *self);
GPtrArray           *pulse_chart_model_dup_shown_annotations (PulseChartModel   *self);

gboolean             pulse_chart_model_is_empty            (PulseChartModel     *self);
int                  pulse_chart_model_get_natural_width   (PulseChartModel     *self);
int                  pulse_chart_model_get_natural_height  (PulseChartModel     *self);
char                *pulse_chart_model_dup_summary_text    (PulseChartModel     *self);

G_END_DECLS
