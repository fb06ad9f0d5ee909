/* chart-test-models.c: chart models the chart tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "chart-test-models.h"
#include "pulse-chart-format-private.h"

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
