/* chart-test-models.c: chart models the chart tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "chart-test-models.h"
#include "pulse-catalog.h"
#include "pulse-chart-format-private.h"
#include "pulse-metric-result-private.h"

#define CATALOG_DAYS 30

char **
chart_test_days_from (const char *first,
           guint       n)
{
  char **days = g_new0 (char *, n + 1);
  int y, m, d;
  GDate date;

  g_assert_true (pulse_chart_parse_date (first, &y, &m, &d));
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  for (guint i = 0; i < n; i++)
    {
      char buffer[16];
      g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", &date);
      days[i] = g_strdup (buffer);
      g_date_add_days (&date, 1);
    }
  return days;
}

/* 30 days; series 0 peaks at bucket 20 (180), series 1 stays lower. */
PulseChartModel *
chart_test_line_model (PulseChartKind kind)
{
  PulseChartModel *model = pulse_chart_model_new (kind);
  g_auto(GStrv) days = chart_test_days_from ("2024-03-01", 30);
  double a[30], b[30];

  for (guint i = 0; i < 30; i++)
    {
      a[i] = 120 + i * 1.5;
      b[i] = 60 + (i % 7) * 3;
    }
  a[20] = 180;
  a[29] = 160;
  pulse_chart_model_set_title (model, "Daily active users");
  pulse_chart_model_set_buckets (model, (const char * const *)days);
  pulse_chart_model_add_series (model, "all", "All", a, 30, 0);
  pulse_chart_model_add_series (model, "BUILDER", "Builders", b, 30, 1);
  return model;
}

/* A result of the bundled catalog's @metric_id, as its query would
 * return it: 30 days from @first, fractions and seconds as in SQL. */
PulseMetricResult *
chart_test_catalog_result (const char            *metric_id,
                           const char            *first,
                           const ChartTestSeries *series,
                           guint                  n_series)
{
  static PulseCatalog *catalog;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) days = chart_test_days_from (first, CATALOG_DAYS);
  g_autoptr(PulseQueryRange) range = NULL;
  PulseMetricResult *result;
  PulseMetric *metric;

  if (catalog == NULL)
    catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  metric = pulse_catalog_lookup (catalog, metric_id);
  g_assert_nonnull (metric);
  range = pulse_query_range_new_parse (days[0], days[CATALOG_DAYS - 1], "UTC", &error);
  g_assert_no_error (error);

  result = pulse_metric_result_new (metric, pulse_metric_get_table_variant (metric), range);
  for (guint s = 0; s < n_series; s++)
    for (guint i = 0; i < CATALOG_DAYS; i++)
      {
        char value[G_ASCII_DTOSTR_BUF_SIZE];

        g_ascii_dtostr (value, sizeof value, series[s].base + series[s].swing * (i % 7));
        pulse_metric_result_add_row (result, "series", series[s].id, days[i], value, NULL, &error);
        g_assert_no_error (error);
      }
  pulse_metric_result_finish (result, &error);
  g_assert_no_error (error);
  return result;
}

/* Retention's weekly cohorts of Mon 2024-03-04 … Wed 2024-04-10, as its
 * query reports them: six cohorts, 13 weeks each; cohort c knows weeks
 * 0 .. 5 - c, its last one still running at the range's end. Week N of
 * cohort c has CHART_TEST_COHORT_SHARE (c, N) of its size active; the
 * fourth cohort nobody in week 1. */
PulseMetricResult *
chart_test_retention_result (void)
{
  static const double sizes[CHART_TEST_N_COHORTS] = { 120, 98, 150, 80, 60, 40 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  PulseMetric *metric = pulse_catalog_lookup (catalog, "retention");
  g_auto(GStrv) buckets = NULL;
  g_autoptr(PulseQueryRange) range = NULL;
  PulseMetricResult *result;
  GDate from, to;

  g_assert_no_error (error);
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 4, G_DATE_MARCH, 2024);
  g_date_set_dmy (&to, 10, G_DATE_APRIL, 2024);
  range = pulse_query_range_new (&from, &to, "UTC", PULSE_GRANULARITY_WEEK);
  buckets = pulse_query_range_dup_buckets (range);
  g_assert_cmpuint (g_strv_length (buckets), ==, CHART_TEST_N_COHORTS);

  result = pulse_metric_result_new (metric, pulse_metric_get_table_variant (metric), range);
  for (guint c = 0; c < CHART_TEST_N_COHORTS; c++)
    {
      char value[G_ASCII_DTOSTR_BUF_SIZE];
      guint known = CHART_TEST_N_COHORTS - c;

      pulse_metric_result_add_row (result, "cohort", buckets[c], "size",
                                   g_ascii_dtostr (value, sizeof value, sizes[c]), NULL, &error);
      g_assert_no_error (error);
      pulse_metric_result_add_row (result, "cohort", buckets[c], "partial_from",
                                   g_ascii_dtostr (value, sizeof value, known - 1), NULL, &error);
      g_assert_no_error (error);
      for (guint n = 0; n < known; n++)
        {
          g_autofree char *on = g_strdup_printf ("on:%u", n);
          g_autofree char *on_or_after = g_strdup_printf ("on_or_after:%u", n);
          double count = round (sizes[c] * CHART_TEST_COHORT_SHARE (c, n));

          pulse_metric_result_add_row (result, "cell", buckets[c], on,
                                       g_ascii_dtostr (value, sizeof value, count), NULL, &error);
          g_assert_no_error (error);
          /* Later periods add people who skipped this one. */
          pulse_metric_result_add_row (result, "cell", buckets[c], on_or_after,
                                       g_ascii_dtostr (value, sizeof value, MIN (sizes[c], count + 5)), NULL, &error);
          g_assert_no_error (error);
        }
    }
  pulse_metric_result_finish (result, &error);
  g_assert_no_error (error);
  return result;
}
