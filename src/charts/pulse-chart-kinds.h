/* pulse-chart-kinds.h: the table of chart kinds
 *
 * One row per kind: the suffix of its PULSE_CHART_KIND_ value, its name
 * in the catalog ("chart": "line") and the PulseChartKindOps of its file.
 * A new kind is a row here plus its pulse-chart-<kind>.c.
 *
 * Included more than once, each time with PULSE_CHART_KIND_ROW defined:
 * no include guard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

PULSE_CHART_KIND_ROW (LINE,        "line",        pulse_chart_line_ops)
PULSE_CHART_KIND_ROW (AREA,        "area",        pulse_chart_area_ops)
PULSE_CHART_KIND_ROW (STACKED_BAR, "stacked-bar", pulse_chart_stacked_bar_ops)
PULSE_CHART_KIND_ROW (FUNNEL,      "funnel",      pulse_chart_funnel_ops)
PULSE_CHART_KIND_ROW (HISTOGRAM,   "histogram",   pulse_chart_histogram_ops)
PULSE_CHART_KIND_ROW (COHORT,      "cohort",      pulse_chart_cohort_ops)
PULSE_CHART_KIND_ROW (SPARKLINE,   "sparkline",   pulse_chart_sparkline_ops)
