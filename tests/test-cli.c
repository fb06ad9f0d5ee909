/* test-cli.c: the headless command line, as a user runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pulse-test-json.h"
#include "pulse-test-pg.h"
#include "pulse-test-run.h"

static char *fixture_conninfo;

/* A failure is exactly one line on stderr, naming what went wrong.
 * Returns: the exit status */
static int
assert_fails_with (const char * const *args,
                   const char         *needle)
{
  g_auto(PulseTestRun) run = { 0 };

  pulse_test_run_pulse (&run, args, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "pulse: "));
  g_assert_true (g_str_has_suffix (run.err, "\n"));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  if (strstr (run.err, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, run.err);
  return run.status;
}

static void
test_export_json_stdout (void)
{
  const char *args[] = { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                         "--timezone", "America/New_York", "--export-json", "-", NULL };
  g_auto(PulseTestRun) run = { 0 };
  g_autoptr(JsonNode) document = NULL;
  JsonObject *root;

  pulse_test_run_pulse (&run, args, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  document = pulse_test_json_parse (run.out);
  root = json_node_get_object (document);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "days")), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "range"), "timezone"),
                   ==, "America/New_York");
  g_assert_true (json_object_has_member (json_object_get_object_member (root, "metrics"), "signup_funnel"));
}

static void
test_export_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-csv-XXXXXX", &error);
  const char *args[] = { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                         "--export-csv", dir, NULL };
  g_autofree char *dau_path = g_build_filename (dir, "dau.csv", NULL);
  g_autofree char *retention_path = g_build_filename (dir, "retention.csv", NULL);
  g_autofree char *dau = NULL;
  g_autofree char *retention = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) cohorts = NULL;
  g_auto(PulseTestRun) run = { 0 };

  pulse_test_run_pulse (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 0);

  g_file_get_contents (dau_path, &dau, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (dau, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "day,all,BUILDER,FINDER");
  g_assert_true (g_str_has_prefix (lines[1], "2026-03-05,"));
  g_assert_true (g_str_has_prefix (lines[10], "2026-03-14,"));
  g_assert_cmpstr (lines[11], ==, "");

  /* Retention: a row per segment and daily cohort, 31 periods. */
  g_file_get_contents (retention_path, &retention, NULL, &error);
  g_assert_no_error (error);
  cohorts = g_strsplit (retention, "\n", -1);
  g_assert_true (g_str_has_prefix (cohorts[0], "segment,start,size,partial_from,on:0,"));
  g_assert_true (g_str_has_suffix (cohorts[0], ",on_or_after:30"));
  g_assert_true (g_str_has_prefix (cohorts[1], "all,2026-03-05,"));
  g_assert_true (g_str_has_prefix (cohorts[30], "FINDER,2026-03-14,"));
  g_assert_cmpstr (cohorts[31], ==, "");
  g_assert_true (strstr (retention, "\nsummary,all,BUILDER,FINDER\nd7,") != NULL);
  pulse_test_remove_tree (dir);
}

static void
test_bad_input (void)
{
  const char *bad_date[] = { "--connection", fixture_conninfo, "--from", "2026-02-30", "--to", "2026-03-01", "--export-json", "-", NULL };
  const char *reversed[] = { "--connection", fixture_conninfo, "--from", "2026-03-10", "--to", "2026-03-01", "--export-json", "-", NULL };
  const char *bad_zone[] = { "--connection", fixture_conninfo, "--from", "2026-03-01", "--to", "2026-03-02", "--timezone", "Mars/Olympus", "--export-json", "-", NULL };
  const char *unreachable[] = { "--connection", "host=/nonexistent-pulse port=5999 dbname=x", "--export-json", "-", NULL };
  const char *malformed[] = { "--connection", "postgres://[oops", "--export-json", "-", NULL };
  const char *nothing[] = { "--export-json", "-", NULL };
  g_autofree char *png = g_build_filename (g_get_tmp_dir (), "pulse-test-table.png", NULL);
  g_autofree char *table_catalog = g_build_filename (g_get_tmp_dir (), "pulse-test-table.json", NULL);
  const char *table_chart[] = { "--connection", fixture_conninfo, "--catalog", table_catalog,
                                "--chart", "table_only", "--output", png, NULL };
  g_autoptr(GError) error = NULL;

  /* A catalog's metric without a chart cannot be drawn. */
  g_file_set_contents (table_catalog,
                       "{ \"metrics\": [ { \"id\": \"table_only\", \"group\": \"growth\", \"title\": \"T\",\n"
                       "    \"description\": \"d\", \"chart\": \"none\",\n"
                       "    \"variants\": [ { \"source\": \"table\", \"requires\": [],\n"
                       "      \"sql\": \"SELECT 'summary'::text, 'x'::text, $1::date::text, 0::float8 "
                       "WHERE $2::date IS NOT NULL AND $3::text IS NOT NULL AND $4::text IS NOT NULL\" } ] } ] }\n",
                       -1, &error);
  g_assert_no_error (error);

  assert_fails_with (bad_date, "--from");
  assert_fails_with (reversed, "is after --to");
  assert_fails_with (bad_zone, "Mars/Olympus");
  assert_fails_with (unreachable, "PostgreSQL");
  assert_fails_with (malformed, "Invalid connection string");
  assert_fails_with (nothing, "--demo");
  assert_fails_with (table_chart, "is a table, not a chart");
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_unlink (table_catalog);
}

/* Unknown options, stray arguments, text that is not UTF-8 and options
 * that make no sense together: exit status 2, one line naming the
 * option, and nothing written. */
static void
test_usage_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-usage-XXXXXX", &error);
  g_autofree char *json = g_build_filename (dir, "out.json", NULL);
  g_autofree char *png = g_build_filename (dir, "dau.png", NULL);
  const struct {
    const char *args[10];
    const char *needle;
  } cases[] = {
    { { "--demo", "--bogus-flag", "--export-json", json }, "--bogus-flag" },
    { { "--demo", "--granulariy", "week", "--export-json", json }, "--granulariy" },
    { { "--demo", "--export-json", json, "stray" }, "stray" },
    { { "--demo", "--dry-run" }, "--dry-run" },
    { { "--demo", "--migrate", "--export-json", json }, "--migrate" },
    { { "--demo", "--from", "2026-01-01" }, "--from" },
    { { "--demo", "--dark", "--export-json", json }, "--dark" },
    { { "--demo", "--output", png, "--export-json", json }, "--output" },
    { { "--demo", "--chart", "dau", "--output", png, "--scale", "nan" }, "--scale" },
    { { "--demo", "--chart", "dau", "--output", png, "--scale", "-1" }, "--scale" },
    { { "--demo", "--chart", "dau", "--output", png, "--scale", "inf" }, "--scale" },
    { { "--demo", "--chart", "dau", "--output", png, "--width", "50" }, "--width" },
    { { "--demo", "--connection", fixture_conninfo, "--export-json", json }, "--connection" },
    { { "--connection", "\xff\xfe", "--export-json", json }, "--connection" },
    { { "--demo", "--timezone=Europe/\xff", "--export-json", json }, "--timezone" },
    { { "--demo", "--granularity", "fortnight", "--export-json", json }, "--granularity" },
    { { "--demo", "--granularity", "week" }, "--granularity" },
    { { "--demo", "--compare" }, "--compare" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (assert_fails_with (cases[i].args, cases[i].needle), ==, 2);
      g_assert_false (g_file_test (json, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
    }
  pulse_test_remove_tree (dir);
}

static JsonNode *
export_json (const char * const *args)
{
  g_auto(PulseTestRun) run = { 0 };

  pulse_test_run_pulse (&run, args, NULL);
  if (run.status != 0)
    g_error ("pulse failed: %s", run.err);
  return pulse_test_json_parse (run.out);
}

/* --people writes as many persons as the JSON document's number. */
static gint64
people_rows (const char *zone,
             const char *metric,
             const char *at,
             const char *segment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-people-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "people.csv", NULL);
  const char *args[] = { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                         "--timezone", zone, "--granularity", "week", "--people", metric, "--at", at,
                         "--output", csv, segment ? "--segment" : NULL, segment, NULL };
  g_auto(PulseTestRun) run = { 0 };
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  pulse_test_run_pulse (&run, args, NULL);
  if (run.status != 0)
    g_error ("pulse --people %s --at %s failed: %s", metric, at, run.err);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "id,role,signed_up,headline,active_days,last_active"));
  /* No e-mail address leaves the server from the command line. */
  g_assert_null (strchr (contents, '@'));
  pulse_test_remove_tree (dir);
  return g_strv_length (lines) - 2;  /* the header, and the empty line after the last */
}

static double
array_value (JsonObject *object,
             const char *member,
             guint       index)
{
  return json_array_get_double_element (json_object_get_array_member (object, member), index);
}

static double
step_value (JsonObject *metric,
            const char *step)
{
  JsonArray *steps = json_object_get_array_member (metric, "steps");

  for (guint i = 0; i < json_array_get_length (steps); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (steps, i), "id"), step))
      return json_object_get_double_member (json_array_get_object_element (steps, i), "value");
  g_assert_not_reached ();
}

static void
check_people_against_json (const char *zone)
{
  const char *args[] = { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                         "--timezone", zone, "--granularity", "week", "--export-json", "-", NULL };
  g_autoptr(JsonNode) document = export_json (args);
  JsonObject *metrics = json_object_get_object_member (json_node_get_object (document), "metrics");
  JsonObject *dau = json_object_get_object_member (metrics, "dau");
  JsonObject *lifecycle = json_object_get_object_member (metrics, "lifecycle");
  JsonObject *funnel = json_object_get_object_member (metrics, "signup_funnel");
  JsonObject *cohort = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (metrics, "retention"), "cohorts"), 0);
  JsonObject *finders = json_object_get_object_member (json_object_get_object_member (dau, "segments"), "FINDER");

  g_assert_cmpint (people_rows (zone, "dau", "2026-03-09", NULL), ==,
                   array_value (json_object_get_object_member (dau, "series"), "all", 1));
  g_assert_cmpint (people_rows (zone, "dau", "2026-03-05/BUILDER", NULL), ==,
                   array_value (json_object_get_object_member (dau, "series"), "BUILDER", 0));
  g_assert_cmpint (people_rows (zone, "dau", "2026-03-09", "FINDER"), ==,
                   array_value (json_object_get_object_member (finders, "series"), "all", 1));
  g_assert_cmpint (people_rows (zone, "lifecycle", "2026-03-09/dormant", NULL), ==,
                   array_value (json_object_get_object_member (lifecycle, "series"), "dormant", 1));
  g_assert_cmpint (people_rows (zone, "signup_funnel", "/email_verified", NULL), ==,
                   step_value (funnel, "email_verified"));
  g_assert_cmpint (people_rows (zone, "signup_funnel", "/email_verified:dropped", NULL), ==,
                   step_value (funnel, "email_verified") - step_value (funnel, "onboarded"));
  g_assert_cmpint (people_rows (zone, "retention", "2026-03-05/on_or_after:1", NULL), ==,
                   array_value (cohort, "on_or_after", 1));
}

static void
test_people_csv (void)
{
  check_people_against_json ("UTC");
  check_people_against_json ("America/New_York");
}

/* --at that names no number: exit status 2 and one line, nothing written. */
static void
test_people_usage_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-people-usage-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "people.csv", NULL);
  const struct {
    const char *args[14];
    const char *needle;
  } cases[] = {
    { { "--connection", fixture_conninfo, "--people", "dau", "--output", csv }, "--people" },
    { { "--connection", fixture_conninfo, "--at", "2026-03-05", "--export-json", csv }, "--at" },
    { { "--connection", fixture_conninfo, "--people", "dau", "--at", "2026-03-05" }, "--people" },
    { { "--connection", fixture_conninfo, "--people", "dau", "--at", "yesterday", "--output", csv }, "YYYY-MM-DD" },
    { { "--connection", fixture_conninfo, "--people", "dau", "--at", "2026-03-05/nobody", "--output", csv },
      "nobody" },
    { { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14", "--people", "dau",
        "--at", "2026-03-04", "--output", csv }, "2026-03-04" },
    { { "--connection", fixture_conninfo, "--people", "finder_votes", "--at", "2026-03-05", "--output", csv },
      "finder_votes" },
    { { "--connection", fixture_conninfo, "--people", "unknown", "--at", "2026-03-05", "--output", csv },
      "unknown" },
    { { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14", "--people", "retention",
        "--at", "2026-03-05/on:99", "--output", csv }, "99" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (assert_fails_with (cases[i].args, cases[i].needle), ==, 2);
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
    }
  pulse_test_remove_tree (dir);
}

static JsonObject *
member (JsonObject *object,
        const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_object_member (object, name);
}

/* --granularity changes the buckets, never a headline; --compare adds
 * the previous period, of the same shape, and says when it starts
 * before the first sign-up (2026-01-15 in the fixture). */
static void
test_granularity_and_compare (void)
{
  const char *daily[] = { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                          "--compare", "--export-json", "-", NULL };
  const char *weekly[] = { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                           "--granularity", "week", "--compare", "--export-json", "-", NULL };
  const char *previous_weekly[] = { "--connection", fixture_conninfo, "--from", "2026-02-23", "--to", "2026-03-04",
                                    "--granularity", "week", "--export-json", "-", NULL };
  const char *early[] = { "--connection", fixture_conninfo, "--from", "2026-01-20", "--to", "2026-01-29",
                          "--compare", "--export-json", "-", NULL };
  g_autoptr(JsonNode) day = export_json (daily);
  g_autoptr(JsonNode) week = export_json (weekly);
  g_autoptr(JsonNode) alone = export_json (previous_weekly);
  g_autoptr(JsonNode) before = export_json (early);
  JsonObject *week_root = json_node_get_object (week);
  JsonObject *previous = member (week_root, "previous");
  JsonObject *day_metrics = member (json_node_get_object (day), "metrics");
  JsonObject *week_metrics = member (week_root, "metrics");
  g_autoptr(GList) ids = json_object_get_members (day_metrics);

  g_assert_cmpstr (json_object_get_string_member (week_root, "granularity"), ==, "week");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (week_root, "buckets")), <,
                    json_array_get_length (json_object_get_array_member (json_node_get_object (day), "buckets")));
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *a, *b;

      /* Lifecycle's quick ratio is defined over the buckets (issue 16). */
      if (g_str_equal (l->data, "lifecycle"))
        continue;
      a = member (member (day_metrics, l->data), "headline");
      b = member (member (week_metrics, l->data), "headline");
      g_test_message ("%s", (const char *)l->data);
      g_assert_true (json_node_equal (json_object_get_member (a, "value"), json_object_get_member (b, "value")));
    }

  g_assert_cmpstr (json_object_get_string_member (member (previous, "range"), "from"), ==, "2026-02-23");
  g_assert_cmpstr (json_object_get_string_member (member (previous, "range"), "to"), ==, "2026-03-04");
  g_assert_false (json_object_get_boolean_member (previous, "before_first_data"));
  pulse_test_json_assert_matches (json_object_get_member (json_node_get_object (alone), "metrics"),
                                  json_object_get_member (previous, "metrics"), "$.previous.metrics");

  g_assert_true (json_object_get_boolean_member (member (json_node_get_object (before), "previous"), "before_first_data"));
  g_assert_false (json_object_has_member (json_node_get_object (alone), "previous"));
}

/* Compared with a period before the first data, a chart says so
 * instead of a percentage; otherwise the change and the dates. */
static void
test_compare_chart (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-compare-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "signups.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  const char *report[] = { "--connection", fixture_conninfo, "--from", "2026-01-20", "--to", "2026-01-29",
                           "--compare", "--report", pdf, NULL };
  g_autofree char *text = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) nonempty = NULL;
  g_autofree char *joined = NULL;
  const char *early[] = { "--connection", fixture_conninfo, "--from", "2026-01-20", "--to", "2026-01-29",
                          "--compare", "--chart", "signups", "--output", svg, NULL };
  const char *later[] = { "--connection", fixture_conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                          "--compare", "--chart", "stickiness", "--output", svg, NULL };
  g_autofree char *contents = NULL;
  g_auto(PulseTestRun) run = { 0 };

  pulse_test_run_pulse (&run, early, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "no comparison: data starts Jan 15, 2026"));
  g_assert_null (strstr (contents, " %"));

  pulse_test_run_pulse (&run, later, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (svg, &contents, NULL, &error);
  g_assert_no_error (error);
  /* A ratio changes in percentage points. */
  g_assert_nonnull (strstr (contents, " pp (Previous: Feb 23 – Mar 4, 2026)"));

  /* The report says so for every metric. */
  pulse_test_run_pulse (&run, report, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_spawn_sync (NULL, (char *[]) { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL }, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &text, NULL, NULL, &error);
  g_assert_no_error (error);
  /* pdftotext breaks lines where the page does. */
  words = g_strsplit_set (text, " \n\f", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (builder, words[i]);
  nonempty = g_strv_builder_end (builder);
  joined = g_strjoinv (" ", nonempty);
  g_assert_nonnull (strstr (joined, "no comparison: data starts Jan 15, 2026 (Previous: Jan 10 – Jan 19, 2026)"));
  pulse_test_remove_tree (dir);
}

/* A metric that takes two seconds, whatever the range. */
static const char slow_catalog[] =
  "{ \"metrics\": [ { \"id\": \"slow\", \"group\": \"growth\", \"title\": \"Slow\",\n"
  "    \"description\": \"d\", \"chart\": \"line\",\n"
  "    \"variants\": [ { \"source\": \"table\", \"requires\": [],\n"
  "      \"sql\": \"SELECT 'series'::text, 'all'::text, $1::date::text, 0::float8 FROM pg_sleep(2) "
  "WHERE $2::date IS NOT NULL AND $3::text IS NOT NULL AND $4::text IS NOT NULL\" } ] } ] }\n";

/* --connection NAME: the saved connection's time zone and statement
 * timeout apply to a headless export as they do in the window. */
static void
test_saved_connection (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_dir_make_tmp ("pulse-cli-config-XXXXXX", &error);
  g_autofree char *pulse_dir = g_build_filename (config, "pulse", NULL);
  g_autofree char *store = g_build_filename (pulse_dir, "connections.json", NULL);
  g_autofree char *catalog = g_build_filename (config, "slow.json", NULL);
  g_autofree char *json = g_strdup_printf (
      "{\"version\": 1, \"connections\": [{\"id\": \"3f1c0de4-0000-4000-8000-000000000001\", "
      "\"name\": \"Fixture in New York\", \"host\": \"%s\", \"port\": %u, \"database\": \"cli_fixture\", "
      "\"user\": \"pulse\", \"sslmode\": \"prefer\", \"statement_timeout\": 1, "
      "\"timezone\": \"America/New_York\"}]}",
      pulse_test_pg_socket_dir (), pulse_test_pg_port ());
  const char *env[] = { "XDG_CONFIG_HOME", config,
                        "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/pulse-test-bus", NULL };
  const char *args[] = { "--connection", "Fixture in New York", "--from", "2026-03-05", "--to", "2026-03-14",
                         "--export-json", "-", NULL };
  const char *slow[] = { "--connection", "Fixture in New York", "--catalog", catalog, "--export-json", "-", NULL };
  g_autoptr(JsonNode) document = NULL;
  g_auto(PulseTestRun) run = { 0 };

  g_mkdir_with_parents (pulse_dir, 0700);
  g_file_set_contents (store, json, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (catalog, slow_catalog, -1, &error);
  g_assert_no_error (error);

  pulse_test_run_pulse (&run, args, env);
  if (run.status != 0)
    g_error ("pulse --connection NAME failed: %s", run.err);
  document = pulse_test_json_parse (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (document),
                                                                                 "range"), "timezone"),
                   ==, "America/New_York");

  /* One second, not the default sixty. */
  pulse_test_run_pulse (&run, slow, env);
  g_assert_cmpint (run.status, !=, 0);
  if (strstr (run.err, "statement timeout") == NULL)
    g_error ("expected a statement timeout, got: %s", run.err);

  pulse_test_remove_tree (config);
}

/* Weekly buckets, with the cohort metrics of issue 16: retention's
 * cohort table and lifecycle's series. */
static void
test_demo_headless (void)
{
  g_autofree char *dir = pulse_test_make_tmp_dir ("pulse-demo-XXXXXX");
  g_autofree char *demo_dir = g_build_filename (dir, "demo", NULL);
  g_autofree char *pid_file = g_build_filename (demo_dir, "data", "postmaster.pid", NULL);
  const char *args[] = { "--demo", "--granularity", "week", "--export-json", "-", NULL };
  const char *env[] = { "PULSE_DEMO_DIR", demo_dir, "PULSE_DEMO_PERSONS", "300", NULL };
  g_autoptr(JsonNode) document = NULL;
  JsonObject *metrics, *retention, *cohort;
  JsonArray *signups, *cohorts, *on;
  guint n_buckets;
  double total = 0, size = 0;
  g_auto(PulseTestRun) run = { 0 };

  pulse_test_run_pulse (&run, args, env);
  if (run.status != 0)
    g_error ("pulse --demo failed: %s", run.err);

  document = pulse_test_json_parse (run.out);
  n_buckets = json_array_get_length (json_object_get_array_member (json_node_get_object (document), "buckets"));
  /* 30 days are 5 or 6 ISO weeks, the first and last partial. */
  g_assert_cmpuint (n_buckets, >=, 5);
  g_assert_cmpuint (n_buckets, <=, 6);
  metrics = json_object_get_object_member (json_node_get_object (document), "metrics");
  signups = json_object_get_array_member (
      json_object_get_object_member (json_object_get_object_member (metrics, "signups"), "series"), "all");
  g_assert_cmpuint (json_array_get_length (signups), ==, n_buckets);
  for (guint i = 0; i < n_buckets; i++)
    total += json_array_get_double_element (signups, i);
  /* The demo's data reaches today, so the default range is never empty. */
  g_assert_cmpfloat (total, >, 0);

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
      json_object_get_object_member (json_object_get_object_member (metrics, "lifecycle"), "series"), "new")),
                    ==, n_buckets);

  /* A cohort per week; each week's sign-ups are its size, and all of
   * them were active in their own week (the sign-up is an event). */
  retention = json_object_get_object_member (metrics, "retention");
  g_assert_nonnull (retention);
  g_assert_cmpstr (json_object_get_string_member (retention, "period"), ==, "week");
  cohorts = json_object_get_array_member (retention, "cohorts");
  g_assert_cmpuint (json_array_get_length (cohorts), ==, n_buckets);
  for (guint i = 0; i < n_buckets; i++)
    {
      cohort = json_array_get_object_element (cohorts, i);
      on = json_object_get_array_member (cohort, "on");
      g_assert_cmpfloat (json_object_get_double_member (cohort, "size"), ==, json_array_get_double_element (signups, i));
      g_assert_cmpuint (json_array_get_length (on), ==, 13);
      g_assert_cmpfloat (json_array_get_double_element (on, 0), <=, json_object_get_double_member (cohort, "size"));
      /* Week N after the last cohort's starts after the range: null. */
      if (i == n_buckets - 1)
        g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (on, 1)));
      size += json_object_get_double_member (cohort, "size");
    }
  g_assert_cmpfloat (size, ==, total);
  g_assert_true (json_object_has_member (json_object_get_object_member (retention, "summary"), "d7"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
      json_object_get_object_member (json_object_get_object_member (retention, "segments"), "BUILDER"), "cohorts")),
                    ==, n_buckets);

  /* The server it started is stopped again. */
  g_assert_false (g_file_test (pid_file, G_FILE_TEST_EXISTS));

  pulse_test_remove_tmp_dir (dir);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The activity cache files under @cache_home (one per table the index
 * reads), each as "name inode", one a line, in name order. */
static char *
activity_caches (const char *cache_home)
{
  g_autofree char *dir_path = g_build_filename (cache_home, "pulse", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  GString *text = g_string_new (NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_prefix (name, "activity-") && g_str_has_suffix (name, ".cache"))
      {
        g_autofree char *path = g_build_filename (dir_path, name, NULL);
        GStatBuf st;

        g_assert_cmpint (g_stat (path, &st), ==, 0);
        g_ptr_array_add (found, g_strdup_printf ("%s %" G_GUINT64_FORMAT, name, (guint64) st.st_ino));
      }
  g_assert_cmpuint (found->len, >, 0);
  g_ptr_array_sort (found, compare_strings);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (found, i));
  return g_string_free (text, FALSE);
}

/* The demo's server listens in a new folder at each start: its activity
 * cache is the demo's all the same, so a second start reads it (the
 * file is neither rebuilt nor joined by another) and answers alike. */
static void
test_demo_activity_cache (void)
{
  g_autofree char *dir = pulse_test_make_tmp_dir ("pulse-demo-cache-XXXXXX");
  g_autofree char *demo_dir = g_build_filename (dir, "demo", NULL);
  g_autofree char *cache_home = g_build_filename (dir, "cache", NULL);
  const char *args[] = { "--demo", "--granularity", "week", "--export-json", "-", NULL };
  const char *env[] = { "PULSE_DEMO_DIR", demo_dir, "PULSE_DEMO_PERSONS", "300", "XDG_CACHE_HOME", cache_home, NULL };
  g_auto(PulseTestRun) first = { 0 };
  g_auto(PulseTestRun) second = { 0 };
  g_autofree char *written = NULL, *read = NULL;

  pulse_test_run_pulse (&first, args, env);
  if (first.status != 0)
    g_error ("pulse --demo failed: %s", first.err);
  written = activity_caches (cache_home);

  pulse_test_run_pulse (&second, args, env);
  if (second.status != 0)
    g_error ("pulse --demo failed: %s", second.err);
  /* Rebuilt from a COPY, a file would be written anew (another inode). */
  read = activity_caches (cache_home);
  g_assert_cmpstr (read, ==, written);
  {
    g_autoptr(JsonNode) before = pulse_test_json_parse (first.out);
    g_autoptr(JsonNode) after = pulse_test_json_parse (second.out);

    pulse_test_json_assert_matches (before, after, "the second demo start");
  }

  pulse_test_remove_tmp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pulse_test_pg_start ();
  fixture_conninfo = pulse_test_pg_create_db ("cli_fixture");
  pulse_test_pg_run_file (fixture_conninfo, "data/metrics-fixture.sql");

  g_test_add_func ("/cli/export-json-stdout", test_export_json_stdout);
  g_test_add_func ("/cli/export-csv", test_export_csv);
  g_test_add_func ("/cli/bad-input", test_bad_input);
  g_test_add_func ("/cli/people-csv", test_people_csv);
  g_test_add_func ("/cli/people-usage-errors", test_people_usage_errors);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/granularity-and-compare", test_granularity_and_compare);
  g_test_add_func ("/cli/compare-chart", test_compare_chart);
  g_test_add_func ("/cli/saved-connection", test_saved_connection);
  g_test_add_func ("/cli/demo-headless", test_demo_headless);
  g_test_add_func ("/cli/demo-activity-cache", test_demo_activity_cache);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_free (fixture_conninfo);
  return status;
}
