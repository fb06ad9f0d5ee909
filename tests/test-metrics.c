/* test-metrics.c: every metric's exact values, on a real server
 *
 * A hand-made fixture with known answers (events around midnight in a
 * non-UTC zone, a DST switch, empty days, soft-deleted rows, open
 * sessions), in UTC and America/New_York; then generated data checked
 * against an independent Python implementation of the definitions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pulse-data-export.h"
#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-metric-query.h"
#include "pulse-metric-result-private.h"
#include "pulse-metric-view.h"
#include "pulse-migration-runner.h"
#include "pulse-test-json.h"
#include "pulse-test-pg.h"

static PulseCatalog *catalog;

static GPtrArray *
run_catalog (const char      *conninfo,
             PulseQueryRange *range)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_dashboard (conninfo);
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  results = pulse_metric_query_run_catalog (catalog, conn, range, NULL, &error);
  g_assert_no_error (error);
  return results;
}

static JsonNode *
export_document (const char      *conninfo,
                 PulseQueryRange *range)
{
  g_autoptr(GPtrArray) results = run_catalog (conninfo, range);

  return pulse_data_export_build_json (range, results, NULL);
}

/* The summary each card headlines (issue 14); a metric with a proxy
 * variant names the proxy's too. The funnel headlines its conversion. */
static const struct {
  const char *metric;
  const char *summaries[2];
} headlines[] = {
  { "signups", { "total" } },
  { "signup_funnel", { NULL } },
  { "dau", { "daily_average" } },
  { "wau", { "latest" } },
  { "mau", { "latest" } },
  { "stickiness", { "daily_average" } },
  { "events_per_active_user", { "per_active_day" } },
  { "active_days", { "mean" } },
  { "lifecycle", { "quick_ratio" } },
  { "retention", { "d7" } },
  { "session_duration", { "avg_seconds" } },
  { "post_frequency", { "total" } },
  { "post_engagement_rate", { "rate" } },
  { "profile_update_frequency", { "updates" } },
  { "profile_views", { "views" } },
  { "finder_searches", { "total" } },
  { "finder_votes", { "total" } },
  { "collections_created", { "total" } },
  { "collection_privacy", { "total" } },
  { "shared_collections", { "shares", "public_collections_created" } },
  { "collection_items", { "items_added", "collections_per_owner" } },
};

static double
json_number (JsonNode *node)
{
  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node);
}

/* The expected headline of one segment's body: its named summary, or
 * the funnel's last step over its first. */
static double
expected_headline (JsonObject  *body,
                   const char  *summary)
{
  JsonArray *steps;
  double first;

  if (summary != NULL)
    return json_number (json_object_get_member (json_object_get_object_member (body, "summary"), summary));
  steps = json_object_get_array_member (body, "steps");
  first = json_object_get_double_member (json_array_get_object_element (steps, 0), "value");
  return first > 0 ? json_object_get_double_member (json_array_get_object_element (steps, json_array_get_length (steps) - 1),
                                                    "value") / first : NAN;
}

static const char *
expected_summary (guint       metric,
                  JsonObject *body)
{
  JsonObject *summary = json_object_get_object_member (body, "summary");

  for (guint i = 0; i < G_N_ELEMENTS (headlines[metric].summaries); i++)
    if (headlines[metric].summaries[i] != NULL && json_object_has_member (summary, headlines[metric].summaries[i]))
      return headlines[metric].summaries[i];
  return NULL;
}

static void
check_view_headline (PulseMetricResult *result,
                     PulseSegment       segment,
                     JsonObject        *body,
                     guint              metric)
{
  g_autoptr(PulseMetricView) view = pulse_metric_view_new (result, NULL, segment);
  const char *summary = expected_summary (metric, body);
  double expected = expected_headline (body, summary);
  double shown = pulse_metric_view_get_headline_value (view);

  g_test_message ("%s %s", headlines[metric].metric, pulse_segment_to_string (segment));
  g_assert_cmpstr (pulse_metric_view_get_headline_summary (view), ==, summary);
  g_assert_true (isnan (expected) == isnan (shown));
  if (!isnan (expected))
    g_assert_cmpfloat_with_epsilon (shown, expected, 1e-9);
}

/* Every metric's headline, in every segment, is the summary the SQL
 * computed over the range, whatever the buckets. */
static void
check_headlines (GPtrArray *results,
                 JsonNode  *expected)
{
  JsonObject *metrics = json_object_get_object_member (json_node_get_object (expected), "metrics");

  g_assert_cmpuint (G_N_ELEMENTS (headlines), ==, pulse_catalog_get_metrics (catalog)->len);
  for (guint i = 0; i < G_N_ELEMENTS (headlines); i++)
    {
      PulseMetricResult *result = g_ptr_array_index (results, i);
      JsonObject *body = json_object_get_object_member (metrics, headlines[i].metric);
      JsonObject *segments;

      g_assert_cmpstr (pulse_metric_get_id (pulse_metric_result_get_metric (result)), ==, headlines[i].metric);
      g_assert_nonnull (body);
      check_view_headline (result, PULSE_SEGMENT_ALL, body, i);
      segments = json_object_get_object_member (body, "segments");
      for (PulseSegment s = PULSE_SEGMENT_BUILDER; segments != NULL && s < PULSE_N_SEGMENTS; s++)
        check_view_headline (result, s, json_object_get_object_member (segments, pulse_segment_to_string (s)), i);
    }
}

/* The range and the buckets (format 2 "granularity") a document is of. */
static PulseQueryRange *
range_of_document (JsonNode *document)
{
  JsonObject *root = json_node_get_object (document);
  JsonObject *range = json_object_get_object_member (root, "range");
  const char *granularity = json_object_get_string_member (root, "granularity");
  g_autoptr(GEnumClass) granularities = g_type_class_ref (PULSE_TYPE_GRANULARITY);
  GEnumValue *value = g_enum_get_value_by_nick (granularities, granularity);
  GDate from, to;

  g_assert_nonnull (value);
  g_assert_true (pulse_parse_iso_date (json_object_get_string_member (range, "from"), &from));
  g_assert_true (pulse_parse_iso_date (json_object_get_string_member (range, "to"), &to));
  return pulse_query_range_new (&from, &to, json_object_get_string_member (range, "timezone"),
                                value->value);
}

static void
check_fixture (const char *db,
               const char *expected_file,
               gboolean    with_tracking)
{
  g_autofree char *conninfo = pulse_test_pg_create_db (db);
  g_autofree char *path = pulse_test_data_path (expected_file);
  g_autoptr(JsonNode) expected = pulse_test_json_load (path);
  g_autoptr(PulseQueryRange) range = range_of_document (expected);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonNode) actual = NULL;

  pulse_test_pg_run_file (conninfo, "data/metrics-fixture.sql");
  if (with_tracking)
    pulse_test_pg_run_file (conninfo, "data/metrics-fixture-tracking.sql");

  results = run_catalog (conninfo, range);
  actual = pulse_data_export_build_json (range, results, NULL);
  pulse_test_json_assert_matches (expected, actual, "$");
  check_headlines (results, expected);

  /* The document has every catalog metric, not only the expected ones. */
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (json_node_get_object (actual), "metrics")),
                    ==, pulse_catalog_get_metrics (catalog)->len);
}

static void
test_fixture_utc (void)
{
  check_fixture ("fixture_utc", "data/metrics-expected-UTC.json", FALSE);
}

static void
test_fixture_new_york (void)
{
  check_fixture ("fixture_ny", "data/metrics-expected-America_New_York.json", FALSE);
}

/* Week and month buckets, every segment: flows summed, distinct counts
 * recomputed, point-in-time values of the bucket's last day. */
static void
test_fixture_buckets (gconstpointer data)
{
  const char *file = data;
  g_autofree char *base = g_path_get_basename (file);
  g_autofree char *db = g_ascii_strdown (g_strdelimit (base, "-.", '_'), -1);

  check_fixture (db, file, FALSE);
}

static void
test_fixture_tracking (void)
{
  check_fixture ("fixture_tracking", "data/metrics-expected-tracking-UTC.json", TRUE);
}

static JsonNode *
run_reference (const char *dbname,
               const char *from,
               const char *to,
               const char *timezone)
{
  g_autofree char *script = pulse_test_data_path ("reference/pulse_metrics_reference.py");
  g_autofree char *port = g_strdup_printf ("%u", pulse_test_pg_port ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PGPORT", port, TRUE);
  const char *argv[] = {
    "python3", script, "--host", pulse_test_pg_socket_dir (), "--user", "pulse",
    "--dbname", dbname, "--from", from, "--to", to, "--timezone", timezone, NULL
  };
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("reference failed: %s", err);
  return pulse_test_json_parse (out);
}

/* crosscheck.py compares SQL with the reference on ranges or buckets the
 * fixtures' documents do not cover: @command "retention" runs
 * data/metrics/retention.sql alone, every granularity; "compare" runs
 * the metrics whose SQL groups rows in one pass for all and each role
 * (the sums and distinct counts of 'all'), with week buckets. */
static void
check_with_crosscheck (const char *command,
                       const char *dbname,
                       const char *from,
                       const char *to,
                       const char *timezone)
{
  g_autofree char *script = pulse_test_data_path ("reference/crosscheck.py");
  g_autofree char *port = g_strdup_printf ("%u", pulse_test_pg_port ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PGPORT", port, TRUE);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  int status = 0;

  g_strv_builder_add_many (argv, "python3", script, command, "--host", pulse_test_pg_socket_dir (), "--user", "pulse",
                           "--dbname", dbname, "--from", from, "--to", to, "--timezone", timezone, NULL);
  if (g_str_equal (command, "retention"))
    g_strv_builder_add_many (argv, "--granularity", "day", "--granularity", "week", "--granularity", "month", NULL);
  else
    g_strv_builder_add_many (argv, "--granularity", "week", "--metric", "signup_funnel", "--metric", "session_duration",
                             "--metric", "post_engagement_rate", "--metric", "profile_views", NULL);
  args = g_strv_builder_end (argv);
  g_spawn_sync (NULL, args, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s differs from the reference:\n%s%s", command, out, err);
}

static void
crosscheck (const char *db,
            gboolean    with_tracking,
            const char *timezone)
{
  g_autofree char *conninfo = pulse_test_pg_create_db (db);
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseQueryRange) range = pulse_query_range_new_parse ("2026-01-20", "2026-03-15", timezone, &error);
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) actual = NULL;

  g_assert_no_error (error);
  /* The tracking tables exactly as the setup migrations create them. */
  if (with_tracking)
    pulse_migration_apply_bundled (conninfo, NULL, &error);
  g_assert_no_error (error);
  pulse_demo_generate_data (conninfo, 300, "2026-03-15", &error);
  g_assert_no_error (error);

  expected = run_reference (db, "2026-01-20", "2026-03-15", timezone);
  actual = export_document (conninfo, range);
  pulse_test_json_assert_matches (expected, actual, "$");
  check_with_crosscheck ("retention", db, "2026-01-20", "2026-03-15", timezone);
  if (with_tracking)
    check_with_crosscheck ("compare", db, "2026-01-20", "2026-03-15", timezone);
}

static void
test_crosscheck_generated (void)
{
  crosscheck ("generated_ny", FALSE, "America/New_York");
}

static void
test_crosscheck_generated_tracking (void)
{
  crosscheck ("generated_tracking", TRUE, "Asia/Kolkata");
}

/* Week buckets: flows add up, distinct counts are recomputed. */
static void
test_week_buckets (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("buckets");
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse ("2026-02-04", "2026-03-15", "UTC", &error);
  g_autoptr(PulseQueryRange) weeks = pulse_query_range_new (pulse_query_range_get_from (days),
                                                            pulse_query_range_get_to (days),
                                                            "UTC", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseMetricResult) daily_signups = NULL, weekly_signups = NULL;
  g_autoptr(PulseMetricResult) daily_dau = NULL, weekly_dau = NULL;
  g_auto(GStrv) day_labels = pulse_query_range_dup_days (days);
  guint day = 0;
  guint weeks_with_returning_users = 0;

  pulse_demo_generate_data (conninfo, 300, "2026-03-15", &error);
  g_assert_no_error (error);
  conn = pulse_test_pg_connect_dashboard (conninfo);
  tables = pulse_db_list_tables (conn, NULL, &error);

#define RUN(metric, range) pulse_metric_query_run (pulse_catalog_lookup (catalog, metric), conn, range, tables, NULL, &error)
  daily_signups = RUN ("signups", days);
  weekly_signups = RUN ("signups", weeks);
  daily_dau = RUN ("dau", days);
  weekly_dau = RUN ("dau", weeks);
#undef RUN
  g_assert_no_error (error);

  /* 2026-02-04 is a Wednesday: the first bucket is partial. */
  g_assert_cmpstr (pulse_metric_result_get_buckets (weekly_signups)[0], ==, "2026-02-04");
  g_assert_cmpstr (pulse_metric_result_get_buckets (weekly_signups)[1], ==, "2026-02-09");
  g_assert_cmpuint (pulse_metric_result_get_n_buckets (weekly_signups), ==, 6);

  for (guint w = 0; w < pulse_metric_result_get_n_buckets (weekly_signups); w++)
    {
      const char *next = w + 1 < pulse_metric_result_get_n_buckets (weekly_signups)
                         ? pulse_metric_result_get_buckets (weekly_signups)[w + 1] : "9999";
      double sum_signups = 0, sum_dau = 0, max_dau = 0;

      for (; day_labels[day] && strcmp (day_labels[day], next) < 0; day++)
        {
          sum_signups += pulse_metric_result_find_series (daily_signups, "all")[day];
          sum_dau += pulse_metric_result_find_series (daily_dau, "all")[day];
          max_dau = MAX (max_dau, pulse_metric_result_find_series (daily_dau, "all")[day]);
        }
      g_assert_cmpfloat (pulse_metric_result_find_series (weekly_signups, "all")[w], ==, sum_signups);
      g_assert_cmpfloat (pulse_metric_result_find_series (weekly_dau, "all")[w], >=, max_dau);
      g_assert_cmpfloat (pulse_metric_result_find_series (weekly_dau, "all")[w], <=, sum_dau);
      if (pulse_metric_result_find_series (weekly_dau, "all")[w] < sum_dau)
        weeks_with_returning_users++;
    }
  /* Summing daily actives would count returning users twice. */
  g_assert_cmpuint (weeks_with_returning_users, >, 0);
}

typedef struct
{
  const char *timezone;
  PulseGranularity granularity;
  guint bucket;
  const char *segment;
  double new_, returning, resurrecting, dormant;
  double quick_ratio;  /* over the whole range; NAN: not checked by hand */
} LifecycleCase;

/* Checked by hand against tests/data/metrics-fixture.sql. */
static const LifecycleCase lifecycle_cases[] = {
  /* UTC week 03-05..03-08 (partial; B' = 02-23..03-01): new carol, dave,
   * erin and frank (his event 1 s before his created_at, same day);
   * resurrecting alice and kim; dormant leo (02-25). */
  { "UTC", PULSE_GRANULARITY_WEEK, 0, "all", 4, 0, 2, 1, (4 + 2 + 1 + 1) / (1.0 + 4) },
  { "UTC", PULSE_GRANULARITY_WEEK, 0, "BUILDER", 2, 0, 2, 0, (2 + 2 + 0 + 0) / (0.0 + 2) },
  /* UTC week 03-09..03-14 (B' = the whole week 03-02..03-08): new judy;
   * returning alice and carol; resurrecting leo; dormant kim, dave, erin,
   * frank. */
  { "UTC", PULSE_GRANULARITY_WEEK, 1, "all", 1, 2, 1, 4, NAN },
  { "UTC", PULSE_GRANULARITY_WEEK, 1, "FINDER", 1, 0, 1, 2, NAN },
  /* New York week 03-05..03-08: carol's only event of that week is on NY
   * 03-04, before the range: she is neither active in B nor dormant.
   * Week 03-09..03-14 as in UTC: new 1, resurrecting 1, dormant 4. */
  { "America/New_York", PULSE_GRANULARITY_WEEK, 0, "all", 3, 0, 2, 1, (3 + 2 + 1 + 1) / (1.0 + 4) },
  /* UTC day 03-06 (B' = 03-05: alice, carol, kim): returning alice, new
   * dave, dormant carol and kim. */
  { "UTC", PULSE_GRANULARITY_DAY, 1, "all", 1, 1, 0, 2, NAN },
  /* New York DST day 03-08: new erin and frank, nobody active on 03-07. */
  { "America/New_York", PULSE_GRANULARITY_DAY, 3, "all", 2, 0, 0, 0, NAN },
};

static PGconn *
connect_fixture (const char *db)
{
  g_autofree char *conninfo = pulse_test_pg_create_db (db);

  pulse_test_pg_run_file (conninfo, "data/metrics-fixture.sql");
  return pulse_test_pg_connect_dashboard (conninfo);
}

/* @metric_id on @range from its SQL, or from an activity index of @range's
 * zone (@from_index), which must then answer it. */
static PulseMetricResult *
run_metric (PGconn          *conn,
            const char      *metric_id,
            PulseQueryRange *range,
            gboolean         from_index)
{
  PulseMetric *metric = pulse_catalog_lookup (catalog, metric_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) tables = pulse_db_list_tables (conn, NULL, &error);
  g_autoptr(PulseActivityIndex) index = NULL;
  PulseMetricResult *result;

  g_assert_no_error (error);
  if (!from_index)
    result = pulse_metric_query_run (metric, conn, range, tables, NULL, &error);
  else
    {
      index = pulse_activity_index_new (pulse_query_range_get_timezone (range), NULL);
      g_assert_true (pulse_metric_query_uses_activity (metric, tables));
      pulse_metric_query_update_activity (index, conn, range, NULL, &error);
      g_assert_no_error (error);
      result = pulse_metric_query_run_activity (metric, index, range, tables, &error);
    }
  g_assert_no_error (error);
  return result;
}

/* The SQL and the activity index agree with the hand-checked values. */
static void
test_lifecycle_hand_checked (void)
{
  g_autoptr(PGconn) conn = connect_fixture ("lifecycle");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lifecycle_cases) * 2; i++)
    {
      const LifecycleCase *c = &lifecycle_cases[i / 2];
      g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse ("2026-03-05", "2026-03-14", c->timezone, &error);
      g_autoptr(PulseQueryRange) range = pulse_query_range_new (pulse_query_range_get_from (days),
                                                                pulse_query_range_get_to (days),
                                                                c->timezone, c->granularity);
      g_autoptr(PulseMetricResult) result = run_metric (conn, "lifecycle", range, i % 2 == 1);
      PulseMetricResult *segment;
      PulseSegment which;

      g_assert_no_error (error);
      g_assert_true (pulse_segment_from_string (c->segment, &which));
      segment = pulse_metric_result_get_segment (result, which);
      g_assert_cmpfloat (pulse_metric_result_find_series (segment, "new")[c->bucket], ==, c->new_);
      g_assert_cmpfloat (pulse_metric_result_find_series (segment, "returning")[c->bucket], ==, c->returning);
      g_assert_cmpfloat (pulse_metric_result_find_series (segment, "resurrecting")[c->bucket], ==, c->resurrecting);
      g_assert_cmpfloat (pulse_metric_result_find_series (segment, "dormant")[c->bucket], ==, c->dormant);
      if (!isnan (c->quick_ratio))
        {
          double quick_ratio;

          g_assert_true (pulse_metric_result_lookup_summary (segment, "quick_ratio", &quick_ratio));
          g_assert_cmpfloat_with_epsilon (quick_ratio, c->quick_ratio, 1e-12);
        }
    }
}

/* The activity index answers @metric_id on the fixture as its SQL does. */
static void
check_index_equals_sql (PGconn     *conn,
                        const char *metric_id,
                        const char *from,
                        const char *to,
                        const char *timezone)
{
  for (PulseGranularity g = PULSE_GRANULARITY_DAY; g <= PULSE_GRANULARITY_MONTH; g++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse (from, to, timezone, &error);
      g_autoptr(PulseQueryRange) range = pulse_query_range_new (pulse_query_range_get_from (days),
                                                                pulse_query_range_get_to (days), timezone, g);
      g_autoptr(GPtrArray) sql = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) indexed = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(JsonNode) sql_document = NULL, index_document = NULL;

      g_assert_no_error (error);
      g_test_message ("%s %s..%s %s %s", metric_id, from, to, timezone, pulse_granularity_to_string (g));
      g_ptr_array_add (sql, run_metric (conn, metric_id, range, FALSE));
      g_ptr_array_add (indexed, run_metric (conn, metric_id, range, TRUE));
      sql_document = pulse_data_export_build_json (range, sql, NULL);
      index_document = pulse_data_export_build_json (range, indexed, NULL);
      pulse_test_json_assert_matches (sql_document, index_document, "$");
      pulse_test_json_assert_matches (index_document, sql_document, "$");
    }
}

/* The hand-made fixture: the range of the expected documents, and one
 * from January that takes in the older persons' cohorts; the SQL
 * against the reference, the activity index against the SQL. */
static void
test_retention_fixture (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("retention");
  g_autoptr(PGconn) conn = connect_fixture ("retention_index");
  const char *zones[] = { "UTC", "America/New_York" };

  pulse_test_pg_run_file (conninfo, "data/metrics-fixture.sql");
  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      check_with_crosscheck ("retention", "retention", "2026-03-05", "2026-03-14", zones[i]);
      check_with_crosscheck ("retention", "retention", "2026-01-10", "2026-03-14", zones[i]);
      check_index_equals_sql (conn, "retention", "2026-03-05", "2026-03-14", zones[i]);
      check_index_equals_sql (conn, "retention", "2026-01-10", "2026-03-14", zones[i]);
      check_index_equals_sql (conn, "lifecycle", "2026-01-10", "2026-03-14", zones[i]);
    }
}

/* Retention's rows by hand: what the getters give, and bad rows refused
 * with an error that names the metric. */
static void
test_retention_rows (void)
{
  PulseMetric *metric = pulse_catalog_lookup (catalog, "retention");
  const PulseMetricVariant *variant = g_ptr_array_index (pulse_metric_get_variants (metric), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseQueryRange) days = pulse_query_range_new_parse ("2026-03-05", "2026-03-14", "UTC", &error);
  g_autoptr(PulseQueryRange) weeks = pulse_query_range_new (pulse_query_range_get_from (days),
                                                            pulse_query_range_get_to (days),
                                                            "UTC", PULSE_GRANULARITY_WEEK);
  g_autoptr(PulseMetricResult) result = pulse_metric_result_new (metric, variant, weeks);
  /* With the value 13, which is no period of weeks. */
  static const char *bad[][3] = {
    { "cohort", "2026-03-04", "size" },  /* not a bucket */
    { "cohort", "2026-03-05", "members" },
    { "cohort", "2026-03-05", "partial_from" },
    { "cell", "2026-03-05", "on:13" },
    { "cell", "2026-03-05", "on_after:1" },
    { "cell", "2026-03-05", "on:" },
  };
  PulseMetricResult *finder;

  g_assert_no_error (error);
  g_assert_true (pulse_metric_result_add_row (result, "cohort", "2026-03-09", "size", "3", "all", &error));
  g_assert_true (pulse_metric_result_add_row (result, "cohort", "2026-03-09", "partial_from", "0", "all", &error));
  g_assert_true (pulse_metric_result_add_row (result, "cell", "2026-03-09", "on:0", "2", "all", &error));
  g_assert_true (pulse_metric_result_add_row (result, "cell", "2026-03-09", "on_or_after:12", "1", "all", &error));
  g_assert_true (pulse_metric_result_add_row (result, "cell", "2026-03-09", "on:1", NULL, "all", &error));
  g_assert_true (pulse_metric_result_add_row (result, "cohort", "2026-03-05", "size", "1", "FINDER", &error));
  g_assert_true (pulse_metric_result_finish (result, &error));
  g_assert_no_error (error);

  g_assert_true (pulse_metric_result_has_cohorts (result));
  g_assert_cmpuint (pulse_metric_result_get_n_periods (result), ==, 13);
  g_assert_cmpuint (pulse_metric_result_get_n_cohorts (result), ==, 2);
  g_assert_cmpstr (pulse_metric_result_get_cohort_start (result, 1), ==, "2026-03-09");
  g_assert_cmpfloat (pulse_metric_result_get_cohort_size (result, 1), ==, 3);
  g_assert_cmpfloat (pulse_metric_result_get_cohort_partial_from (result, 1), ==, 0);
  g_assert_cmpfloat (pulse_metric_result_get_cohort_on (result, 1)[0], ==, 2);
  g_assert_true (isnan (pulse_metric_result_get_cohort_on (result, 1)[1]));
  g_assert_cmpfloat (pulse_metric_result_get_cohort_on_or_after (result, 1)[12], ==, 1);
  /* The cohort without rows: nobody, no partial period, null cells. */
  g_assert_cmpfloat (pulse_metric_result_get_cohort_size (result, 0), ==, 0);
  g_assert_true (isnan (pulse_metric_result_get_cohort_partial_from (result, 0)));
  g_assert_true (isnan (pulse_metric_result_get_cohort_on (result, 0)[0]));
  finder = pulse_metric_result_get_segment (result, PULSE_SEGMENT_FINDER);
  g_assert_cmpfloat (pulse_metric_result_get_cohort_size (finder, 0), ==, 1);
  /* BUILDER had no rows: no cohorts of its own. */
  g_assert_cmpuint (pulse_metric_result_get_n_cohorts (pulse_metric_result_get_segment (result, PULSE_SEGMENT_BUILDER)),
                    ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(PulseMetricResult) fresh = pulse_metric_result_new (metric, variant, weeks);

      g_test_message ("%s %s %s", bad[i][0], bad[i][1], bad[i][2]);
      g_assert_false (pulse_metric_result_add_row (fresh, bad[i][0], bad[i][1], bad[i][2], "13", "all", &error));
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
      g_assert_nonnull (strstr (error->message, "“retention” (retention.sql)"));
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  pulse_test_pg_start ();

  g_test_add_func ("/metrics/fixture/UTC", test_fixture_utc);
  g_test_add_func ("/metrics/fixture/America_New_York", test_fixture_new_york);
  g_test_add_func ("/metrics/fixture/tracking-tables", test_fixture_tracking);
  g_test_add_data_func ("/metrics/fixture/UTC-week", "data/metrics-expected-UTC-week.json", test_fixture_buckets);
  g_test_add_data_func ("/metrics/fixture/UTC-month", "data/metrics-expected-UTC-month.json", test_fixture_buckets);
  g_test_add_data_func ("/metrics/fixture/New_York-week", "data/metrics-expected-America_New_York-week.json",
                        test_fixture_buckets);
  g_test_add_data_func ("/metrics/fixture/New_York-month", "data/metrics-expected-America_New_York-month.json",
                        test_fixture_buckets);
  g_test_add_func ("/metrics/generated/reference-New_York", test_crosscheck_generated);
  g_test_add_func ("/metrics/generated/reference-tracking-Kolkata", test_crosscheck_generated_tracking);
  g_test_add_func ("/metrics/week-buckets", test_week_buckets);
  g_test_add_func ("/metrics/lifecycle/hand-checked", test_lifecycle_hand_checked);
  g_test_add_func ("/metrics/retention/reference-fixture", test_retention_fixture);
  g_test_add_func ("/metrics/retention/rows", test_retention_rows);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_clear_object (&catalog);
  return status;
}
