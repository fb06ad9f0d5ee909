/* test-chart-model.c: chart models built from real metric results
 *
 * A small catalog whose queries need no table (they make their rows
 * with generate_series), run on the test server: every chart kind,
 * segment filtering, the previous period, ratio and plain units.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "pulse-catalog.h"
#include "pulse-chart-model-private.h"
#include "pulse-metric-query.h"
#include "pulse-metric-result.h"
#include "pulse-test-pg.h"

/* $3 and $4 must appear for the server to type them. */
#define USE_PARAMS " WHERE $3::text IS NOT NULL AND $4::text IS NOT NULL"
#define DAYS "FROM generate_series($1::date, $2::date, interval '1 day') AS g(d)"
#define DAY_INDEX "(d::date - $1::date)"

static const char catalog_json[] =
  "{ \"groups\": [ { \"id\": \"test\", \"title\": \"Test\" } ],\n"
  "  \"metrics\": [\n"
  "  { \"id\": \"dau\", \"group\": \"test\", \"title\": \"Daily active users\",\n"
  "    \"description\": \"d\", \"chart\": \"line\",\n"
  "    \"series\": [ { \"id\": \"all\", \"title\": \"All\", \"segment\": \"all\" },\n"
  "                  { \"id\": \"BUILDER\", \"title\": \"Builders\", \"segment\": \"BUILDER\" },\n"
  "                  { \"id\": \"FINDER\", \"title\": \"Finders\", \"segment\": \"FINDER\" },\n"
  "                  { \"id\": \"events\", \"title\": \"Events\" } ],\n"
  "    \"variants\": [ { \"source\": \"table\", \"sql\": \""
  "SELECT 'series'::text AS kind, k.key, to_char(d, 'YYYY-MM-DD') AS label,"
  " CASE WHEN k.key = 'events' AND " DAY_INDEX " = 2 THEN NULL"
  " ELSE (k.base + " DAY_INDEX ")::float8 END AS value"
  " " DAYS " CROSS JOIN (VALUES ('all', 100), ('BUILDER', 60), ('FINDER', 40), ('events', 500)) AS k(key, base)"
  USE_PARAMS "\" } ] },\n"
  "  { \"id\": \"wau\", \"group\": \"test\", \"title\": \"Weekly active users\",\n"
  "    \"description\": \"d\", \"chart\": \"line\",\n"
  "    \"series\": [ { \"id\": \"all\", \"title\": \"All users\", \"segment\": \"all\" } ],\n"
  "    \"variants\": [ { \"source\": \"table\", \"sql\": \""
  "SELECT 'series'::text AS kind, 'all'::text AS key, to_char(d, 'YYYY-MM-DD') AS label,"
  " (k.base + " DAY_INDEX ")::float8 AS value, k.segment"
  " " DAYS " CROSS JOIN (VALUES ('all', 100), ('BUILDER', 60), ('FINDER', 40)) AS k(segment, base)"
  USE_PARAMS "\" } ] },\n"
  "  { \"id\": \"stickiness\", \"group\": \"test\", \"title\": \"Stickiness\",\n"
  "    \"description\": \"d\", \"chart\": \"area\", \"unit\": \"%\",\n"
  "    \"series\": [ { \"id\": \"rate\", \"title\": \"DAU / MAU\" } ],\n"
  "    \"variants\": [ { \"source\": \"table\", \"sql\": \""
  "SELECT 'series'::text AS kind, 'rate'::text AS key, to_char(d, 'YYYY-MM-DD') AS label, 0.25::float8 AS value"
  " " DAYS USE_PARAMS "\" } ] },\n"
  "  { \"id\": \"funnel\", \"group\": \"test\", \"title\": \"Signup funnel\",\n"
  "    \"description\": \"d\", \"chart\": \"funnel\",\n"
  "    \"steps\": [ { \"id\": \"created\", \"title\": \"Signed up\" }, { \"id\": \"verified\", \"title\": \"Email verified\" } ],\n"
  "    \"variants\": [ { \"source\": \"table\", \"sql\": \""
  "SELECT 'step'::text AS kind, s.seg AS key, s.step AS label, s.v::float8 AS value"
  " FROM (VALUES ('all', 'created', 1000), ('all', 'verified', 800),"
  " ('BUILDER', 'created', 600), ('BUILDER', 'verified', 300)) AS s(seg, step, v)"
  " WHERE $1::date IS NOT NULL AND $2::date IS NOT NULL AND $3::text IS NOT NULL AND $4::text IS NOT NULL\" } ] },\n"
  "  { \"id\": \"active_days\", \"group\": \"test\", \"title\": \"Active days\",\n"
  "    \"description\": \"d\", \"chart\": \"histogram\", \"histogram\": {},\n"
  "    \"variants\": [ { \"source\": \"table\", \"sql\": \""
  "SELECT 'histogram'::text AS kind, 'histogram'::text AS key, h.k::text AS label, h.v::float8 AS value"
  " FROM (VALUES (10, 5), (2, 40), (1, 90)) AS h(k, v)"
  " WHERE $1::date IS NOT NULL AND $2::date IS NOT NULL AND $3::text IS NOT NULL AND $4::text IS NOT NULL\" } ] },\n"
  "  { \"id\": \"session\", \"group\": \"test\", \"title\": \"Session length\",\n"
  "    \"description\": \"d\", \"chart\": \"line\", \"unit\": \"s\",\n"
  "    \"series\": [ { \"id\": \"avg\", \"title\": \"Average\" } ],\n"
  "    \"variants\": [ { \"source\": \"table\", \"sql\": \""
  "SELECT 'series'::text AS kind, 'avg'::text AS key, to_char(d, 'YYYY-MM-DD') AS label, (100 + " DAY_INDEX ")::float8 AS value"
  " " DAYS USE_PARAMS "\" } ] }\n"
  "  ] }\n";

static PulseCatalog *catalog;
static PGconn *conn;
static PulseQueryRange *range;
static PulseQueryRange *previous_range;

static PulseMetricResult *
run (const char      *metric_id,
     PulseQueryRange *on)
{
  g_autoptr(GHashTable) tables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  PulseMetric *metric = pulse_catalog_lookup (catalog, metric_id);
  PulseMetricResult *result;

  g_assert_nonnull (metric);
  result = pulse_metric_query_run (metric, conn, on, tables, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static void
test_line_segments (void)
{
  g_autoptr(PulseMetricResult) result = run ("dau", range);
  g_autoptr(PulseMetricResult) previous = run ("dau", previous_range);
  g_autoptr(PulseChartModel) all = pulse_chart_model_new_for_result (result, previous, "all");
  g_autoptr(PulseChartModel) builders = pulse_chart_model_new_for_result (result, NULL, "BUILDER");
  g_autoptr(PulseChartModel) unsegmented = pulse_chart_model_new_for_result (result, NULL, NULL);
  int index;

  g_assert_cmpint (pulse_chart_model_get_kind (all), ==, PULSE_CHART_KIND_LINE);
  g_assert_cmpstr (pulse_chart_model_get_title (all), ==, "Daily active users");
  g_assert_cmpuint (pulse_chart_model_get_n_buckets (all), ==, 10);
  g_assert_cmpstr (pulse_chart_model_get_buckets (all)[0], ==, "2024-03-01");

  /* "all" and the segment-less series, each with its previous period */
  g_assert_cmpuint (pulse_chart_model_get_n_series (all), ==, 4);
  g_assert_cmpstr (pulse_chart_model_get_series_title (all, 0), ==, "All");
  g_assert_cmpstr (pulse_chart_model_get_series_title (all, 1), ==, "Events");
  g_assert_cmpfloat (pulse_chart_model_get_value (all, 0, 9), ==, 109);
  g_assert_true (isnan (pulse_chart_model_get_value (all, 1, 2)));
  index = pulse_chart_model_find_series (all, "all:previous");
  g_assert_cmpint (index, >=, 0);
  g_assert_true (pulse_chart_model_get_series_dashed (all, index));
  g_assert_false (pulse_chart_model_get_series_dashed (all, 0));
  g_assert_cmpint (pulse_chart_model_get_series_color (all, index), ==, pulse_chart_model_get_series_color (all, 0));
  g_assert_cmpstr (pulse_chart_model_get_series_title (all, index), ==, "All (previous period)");

  /* One segment: its own series and the segment-less one */
  g_assert_cmpuint (pulse_chart_model_get_n_series (builders), ==, 2);
  g_assert_cmpstr (pulse_chart_model_get_series_id (builders, 0), ==, "BUILDER");
  g_assert_cmpstr (pulse_chart_model_get_series_id (builders, 1), ==, "events");
  g_assert_cmpint (pulse_chart_model_find_series (builders, "FINDER"), ==, -1);

  /* NULL is the overall view */
  g_assert_cmpuint (pulse_chart_model_get_n_series (unsegmented), ==, 2);
  g_assert_cmpstr (pulse_chart_model_get_series_id (unsegmented, 0), ==, "all");
}

/* A metric split by role shows the role's own series, named after it. */
static void
test_role_part (void)
{
  g_autoptr(PulseMetricResult) result = run ("wau", range);
  g_autoptr(PulseMetricResult) previous = run ("wau", previous_range);
  g_autoptr(PulseChartModel) all = pulse_chart_model_new_for_result (result, NULL, "all");
  g_autoptr(PulseChartModel) builders = pulse_chart_model_new_for_result (result, previous, "BUILDER");

  g_assert_cmpuint (pulse_chart_model_get_n_series (all), ==, 1);
  g_assert_cmpstr (pulse_chart_model_get_series_title (all, 0), ==, "All users");
  g_assert_cmpfloat (pulse_chart_model_get_value (all, 0, 0), ==, 100);

  g_assert_cmpuint (pulse_chart_model_get_n_series (builders), ==, 2);
  g_assert_cmpstr (pulse_chart_model_get_series_title (builders, 0), ==, "Builders");
  g_assert_cmpfloat (pulse_chart_model_get_value (builders, 0, 0), ==, 60);
  g_assert_cmpfloat (pulse_chart_model_get_value (builders, 0, 3), ==, 63);
  g_assert_true (pulse_chart_model_get_series_dashed (builders, 1));
  g_assert_cmpstr (pulse_chart_model_get_series_title (builders, 1), ==, "Builders (previous period)");
}

static void
test_ratio_unit (void)
{
  g_autoptr(PulseMetricResult) result = run ("stickiness", range);
  g_autoptr(PulseChartModel) model = pulse_chart_model_new_for_result (result, NULL, NULL);
  g_autofree char *summary = pulse_chart_model_dup_summary_text (model);

  g_assert_cmpint (pulse_chart_model_get_kind (model), ==, PULSE_CHART_KIND_AREA);
  g_assert_cmpstr (pulse_chart_model_get_unit (model), ==, "%");
  g_assert_cmpfloat (pulse_chart_model_get_value (model, 0, 0), ==, 25);
  g_assert_cmpstr (summary, ==, "Stickiness, 10 days, from 25 % to 25 %");
}

static void
test_funnel (void)
{
  g_autoptr(PulseMetricResult) result = run ("funnel", range);
  g_autoptr(PulseChartModel) all = pulse_chart_model_new_for_result (result, NULL, NULL);
  g_autoptr(PulseChartModel) builders = pulse_chart_model_new_for_result (result, NULL, "BUILDER");
  g_autoptr(PulseChartModel) finders = pulse_chart_model_new_for_result (result, NULL, "FINDER");

  g_assert_cmpint (pulse_chart_model_get_kind (all), ==, PULSE_CHART_KIND_FUNNEL);
  g_assert_cmpuint (pulse_chart_model_get_n_steps (all), ==, 2);
  g_assert_cmpstr (pulse_chart_model_get_step_title (all, 1), ==, "Email verified");
  g_assert_cmpfloat (pulse_chart_model_get_step_value (all, 0), ==, 1000);
  g_assert_cmpfloat (pulse_chart_model_get_step_value (all, 1), ==, 800);
  g_assert_cmpfloat (pulse_chart_model_get_step_value (builders, 1), ==, 300);
  /* A segment without rows counts nobody: nothing to draw */
  g_assert_cmpfloat (pulse_chart_model_get_step_value (finders, 0), ==, 0);
  g_assert_true (pulse_chart_model_is_empty (finders));
}

static void
test_histogram (void)
{
  g_autoptr(PulseMetricResult) result = run ("active_days", range);
  g_autoptr(PulseChartModel) model = pulse_chart_model_new_for_result (result, NULL, NULL);

  g_assert_cmpint (pulse_chart_model_get_kind (model), ==, PULSE_CHART_KIND_HISTOGRAM);
  g_assert_cmpuint (pulse_chart_model_get_n_histogram (model), ==, 3);
  g_assert_cmpstr (pulse_chart_model_get_histogram_label (model, 0), ==, "1");
  g_assert_cmpstr (pulse_chart_model_get_histogram_label (model, 2), ==, "10");
  g_assert_cmpfloat (pulse_chart_model_get_histogram_value (model, 0), ==, 90);
}

/* A unit that is not a fraction is kept, and the values as they are. */
static void
test_plain_unit (void)
{
  g_autoptr(PulseMetricResult) result = run ("session", range);
  g_autoptr(PulseChartModel) model = pulse_chart_model_new_for_result (result, NULL, NULL);

  g_assert_cmpstr (pulse_chart_model_get_unit (model), ==, "s");
  g_assert_cmpuint (pulse_chart_model_get_n_series (model), ==, 1);
  g_assert_cmpfloat (pulse_chart_model_get_value (model, 0, 9), ==, 109);
}

/* A sparkline is a line chart's first series, or the total of stacked
 * bars (churn, drawn below zero, left out). */
static void
test_sparkline (void)
{
  const char * const buckets[] = { "2026-01-01", "2026-01-02", "2026-01-03", NULL };
  const double kept[] = { 1, 2, NAN };
  const double added[] = { 10, NAN, NAN };
  const double churn[] = { 5, 5, 5 };
  g_autoptr(PulseChartModel) bars = pulse_chart_model_new (PULSE_CHART_KIND_STACKED_BAR);
  g_autoptr(PulseChartModel) line = pulse_chart_model_new (PULSE_CHART_KIND_LINE);
  g_autoptr(PulseChartModel) spark = NULL;
  const double *values;
  guint n;

  pulse_chart_model_set_buckets (bars, buckets);
  pulse_chart_model_set_unit (bars, "persons");
  pulse_chart_model_add_series (bars, "kept", "Kept", kept, 3, 0);
  pulse_chart_model_add_series (bars, "added", "Added", added, 3, 1);
  pulse_chart_model_add_series (bars, "churn", "Churned", churn, 3, 2);
  pulse_chart_model_set_series_downward (bars, 2, TRUE);
  spark = pulse_chart_model_new_sparkline (bars);
  g_assert_cmpint (pulse_chart_model_get_kind (spark), ==, PULSE_CHART_KIND_SPARKLINE);
  g_assert_cmpuint (pulse_chart_model_get_n_series (spark), ==, 1);
  g_assert_cmpuint (pulse_chart_model_get_n_buckets (spark), ==, 3);
  values = pulse_chart_model_get_series_values (spark, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (values[0], ==, 11);
  g_assert_cmpfloat (values[1], ==, 2);
  g_assert_true (isnan (values[2]));
  g_assert_false (pulse_chart_model_is_empty (spark));
  g_clear_object (&spark);

  pulse_chart_model_set_buckets (line, buckets);
  pulse_chart_model_add_series (line, "a", "A", churn, 3, 3);
  pulse_chart_model_add_series (line, "b", "B", kept, 3, 4);
  spark = pulse_chart_model_new_sparkline (line);
  g_assert_cmpuint (pulse_chart_model_get_n_series (spark), ==, 1);
  g_assert_cmpstr (pulse_chart_model_get_series_id (spark, 0), ==, "a");
  g_assert_cmpint (pulse_chart_model_get_series_color (spark, 0), ==, 3);
  g_clear_object (&spark);

  /* Nothing to draw: empty. */
  {
    g_autoptr(PulseChartModel) empty = pulse_chart_model_new (PULSE_CHART_KIND_LINE);

    spark = pulse_chart_model_new_sparkline (empty);
    g_assert_true (pulse_chart_model_is_empty (spark));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  PulseSessionOptions options;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  file = g_file_new_tmp ("pulse-chart-catalog-XXXXXX.json", &stream, &error);
  g_assert_no_error (error);
  g_file_replace_contents (file, catalog_json, strlen (catalog_json), NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  catalog = g_object_new (PULSE_TYPE_CATALOG, NULL);
  pulse_catalog_load_file (catalog, file, &error);
  g_assert_no_error (error);

  range = pulse_query_range_new_parse ("2024-03-01", "2024-03-10", "UTC", &error);
  g_assert_no_error (error);
  previous_range = pulse_query_range_dup_previous (range);

  pulse_test_pg_start ();
  conninfo = pulse_test_pg_create_db ("charts");
  pulse_session_options_init_dashboard (&options);
  conn = pulse_db_connect (conninfo, &options, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/charts/model/line-segments", test_line_segments);
  g_test_add_func ("/charts/model/role-part", test_role_part);
  g_test_add_func ("/charts/model/ratio-unit", test_ratio_unit);
  g_test_add_func ("/charts/model/funnel", test_funnel);
  g_test_add_func ("/charts/model/sparkline", test_sparkline);
  g_test_add_func ("/charts/model/histogram", test_histogram);
  g_test_add_func ("/charts/model/plain-unit", test_plain_unit);
  status = g_test_run ();

  g_clear_pointer (&conn, PQfinish);
  pulse_test_pg_stop ();
  g_file_delete (file, NULL, NULL);
  g_clear_pointer (&range, pulse_query_range_unref);
  g_clear_pointer (&previous_range, pulse_query_range_unref);
  g_clear_object (&catalog);
  return status;
}
