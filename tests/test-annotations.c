/* test-annotations.c: annotations in both stores, on charts, in exports and on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pulse-annotation-store.h"
#include "pulse-chart-model.h"
#include "pulse-error.h"
#include "pulse-migration-runner.h"
#include "pulse-test-pg.h"
#include "pulse-test-run.h"

static char *data_home;

/* A database of the baseline with some people, as the window's tests use. */
static char *
new_platform (const char *name,
              gboolean    migrated)
{
  char *conninfo = pulse_test_pg_create_db (name);

  pulse_test_pg_run_file (conninfo, "data/metrics-fixture.sql");
  if (migrated)
    {
      g_autoptr(PulseMigrationRunner) runner = pulse_migration_runner_new (conninfo, NULL);
      g_autoptr(GError) error = NULL;
      guint n_applied = 0;

      pulse_migration_runner_apply (runner, &n_applied, NULL, &error);
      g_assert_no_error (error);
    }
  return conninfo;
}

static PulseAnnotationStore *
new_store (const char *conninfo,
           const char *dir)
{
  PulseAnnotationStore *store = pulse_annotation_store_new (conninfo, NULL);

  pulse_annotation_store_set_local_dir (store, dir);
  return store;
}

/* Adds two, reads them back in order, edits nothing, removes one. */
static void
round_trip (PulseAnnotationStore   *store,
            PulseAnnotationBackend  backend)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseAnnotation) launch = pulse_annotation_new_checked (NULL, "2026-03-09", "2026-03-11",
                                                                    "  Launch v2  ", "release", &error);
  g_autoptr(PulseAnnotation) mail = pulse_annotation_new_checked (NULL, "2026-03-06", NULL, "Mail “spring”\tcampaign",
                                                                  NULL, &error);
  g_autoptr(PulseAnnotation) first = NULL;
  g_autoptr(PulseAnnotation) second = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  first = pulse_annotation_store_add (store, launch, NULL, &error);
  g_assert_no_error (error);
  second = pulse_annotation_store_add (store, mail, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pulse_annotation_store_get_backend (store), ==, backend);
  g_assert_cmpstr (pulse_annotation_get_id (first), !=, pulse_annotation_get_id (second));

  list = pulse_annotation_store_load (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  /* By first day; the text trimmed; a single day is its own last day. */
  g_assert_cmpstr (pulse_annotation_get_text (g_ptr_array_index (list, 0)), ==, "Mail “spring”\tcampaign");
  g_assert_cmpstr (pulse_annotation_get_last_day (g_ptr_array_index (list, 0)), ==, "2026-03-06");
  g_assert_null (pulse_annotation_get_tag (g_ptr_array_index (list, 0)));
  g_assert_cmpstr (pulse_annotation_get_text (g_ptr_array_index (list, 1)), ==, "Launch v2");
  g_assert_cmpstr (pulse_annotation_get_first_day (g_ptr_array_index (list, 1)), ==, "2026-03-09");
  g_assert_cmpstr (pulse_annotation_get_last_day (g_ptr_array_index (list, 1)), ==, "2026-03-11");
  g_assert_cmpstr (pulse_annotation_get_tag (g_ptr_array_index (list, 1)), ==, "release");

  g_assert_true (pulse_annotation_store_remove (store, pulse_annotation_get_id (second), NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pulse_annotation_store_load (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (pulse_annotation_get_id (g_ptr_array_index (list, 0)), ==, pulse_annotation_get_id (first));
}

static void
test_database_store (void)
{
  g_autofree char *conninfo = new_platform ("annotations_db", TRUE);
  g_autofree char *dir = g_dir_make_tmp ("pulse-annotations-XXXXXX", NULL);
  g_autoptr(PulseAnnotationStore) store = new_store (conninfo, dir);
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) result = NULL;

  round_trip (store, PULSE_ANNOTATION_BACKEND_DATABASE);
  /* In the table, nothing on disk. */
  conn = pulse_test_pg_connect_admin (conninfo);
  result = PQexec (conn, "SELECT body || '|' || first_day || '|' || last_day || '|' || tag FROM pulse.annotations");
  g_assert_cmpint (PQntuples (result), ==, 1);
  g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "Launch v2|2026-03-09|2026-03-11|release");
  {
    g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
    g_assert_null (g_dir_read_name (files));
  }
  pulse_test_remove_tree (dir);
}

static void
test_local_store (void)
{
  g_autofree char *conninfo = new_platform ("annotations_local", FALSE);
  g_autofree char *dir = g_dir_make_tmp ("pulse-annotations-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "nested", NULL);
  g_autoptr(PulseAnnotationStore) store = new_store (conninfo, sub);
  g_autoptr(PulseAnnotationStore) other_user = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *as_other = g_strdup_printf ("%s user=annotations_other", conninfo);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  round_trip (store, PULSE_ANNOTATION_BACKEND_LOCAL);
  path = pulse_annotation_store_dup_local_path (store);
  g_assert_true (g_str_has_prefix (path, sub));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"format\" : 1"));
  g_assert_nonnull (strstr (text, "Launch v2"));
  /* The identity, never a password, and not in the name either. */
  g_assert_null (strstr (path, "annotations_local"));

  /* Another user of the same database has a file of their own. */
  pulse_test_pg_exec (conninfo, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'annotations_other') "
                                "THEN CREATE ROLE annotations_other LOGIN; END IF; END $$");
  other_user = new_store (as_other, sub);
  list = pulse_annotation_store_load (other_user, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  {
    g_autofree char *other_path = pulse_annotation_store_dup_local_path (other_user);
    g_assert_cmpstr (other_path, !=, path);
  }
  pulse_test_remove_tree (dir);
}

/* A file that does not parse is named, kept as it is and never overwritten. */
static void
test_corrupt_local_file (void)
{
  g_autofree char *conninfo = new_platform ("annotations_corrupt", FALSE);
  g_autofree char *dir = g_dir_make_tmp ("pulse-annotations-XXXXXX", NULL);
  g_autoptr(PulseAnnotationStore) store = new_store (conninfo, dir);
  g_autoptr(PulseAnnotation) note = pulse_annotation_new (NULL, "2026-03-09", NULL, "Note", NULL);
  g_autoptr(PulseAnnotation) stored = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  const char *broken[] = {
    "{\"format\": 1, \"annotations\": [{\"id\": \"a\", \"first_day\": \"2026-03-0",
    "[1, 2, 3]",
    "{\"format\": 1, \"annotations\": [{\"id\": \"a\", \"first_day\": \"2026-02-30\", \"last_day\": \"2026-03-01\", \"text\": \"x\"}]}",
    "{\"format\": 99, \"annotations\": []}",
  };

  list = pulse_annotation_store_load (store, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  path = pulse_annotation_store_dup_local_path (store);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_file_set_contents (path, broken[i], -1, &error);
      g_assert_no_error (error);

      list = pulse_annotation_store_load (store, NULL, &error);
      g_assert_null (list);
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, "left as it is"));
      g_clear_error (&error);

      stored = pulse_annotation_store_add (store, note, NULL, &error);
      g_assert_null (stored);
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_FAILED);
      g_clear_error (&error);
      g_file_get_contents (path, &after, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (after, ==, broken[i]);
      g_clear_pointer (&after, g_free);
    }
  pulse_test_remove_tree (dir);
}

static void
test_checks (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  const char *bad_days[] = { "2026-3-5", "2026-02-30", "2026-03-05/", "2026-03-09/2026-03-05", "a/b/c", "" };
  g_autofree char *long_text = g_strnfill (PULSE_ANNOTATION_MAX_TEXT + 1, 'x');

  g_assert_true (pulse_annotation_parse_days ("2026-03-05/2026-03-09", &first, &last, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, "2026-03-05");
  g_assert_cmpstr (last, ==, "2026-03-09");
  for (guint i = 0; i < G_N_ELEMENTS (bad_days); i++)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_false (pulse_annotation_parse_days (bad_days[i], &a, &b, &error));
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  g_assert_null (pulse_annotation_new_checked (NULL, "2026-03-05", NULL, "   ", NULL, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (pulse_annotation_new_checked (NULL, "2026-03-05", NULL, long_text, NULL, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

static PulseChartModel *
time_chart (PulseChartKind      kind,
            const char * const *buckets)
{
  PulseChartModel *model = pulse_chart_model_new (kind);
  const double values[] = { 1, 2, 3, 4, 5, 6 };

  pulse_chart_model_set_buckets (model, buckets);
  pulse_chart_model_add_series (model, "all", "All", values, g_strv_length ((GStrv)buckets), 0);
  return model;
}

static guint
n_shown (PulseChartModel *model)
{
  g_autoptr(GPtrArray) shown = pulse_chart_model_dup_shown_annotations (model);
  return shown->len;
}

/* Time charts show what overlaps their buckets, the last bucket's whole
 * week or month included; other charts none. */
static void
test_chart_model (void)
{
  const char *days[] = { "2026-03-05", "2026-03-06", "2026-03-07", NULL };
  const char *weeks[] = { "2026-03-02", "2026-03-09", NULL };
  const char *months[] = { "2026-01-01", "2026-02-01", NULL };
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PulseChartModel) line = time_chart (PULSE_CHART_KIND_LINE, days);
  g_autoptr(PulseChartModel) bars = time_chart (PULSE_CHART_KIND_STACKED_BAR, weeks);
  g_autoptr(PulseChartModel) area = time_chart (PULSE_CHART_KIND_AREA, months);
  g_autoptr(PulseChartModel) funnel = pulse_chart_model_new (PULSE_CHART_KIND_FUNNEL);

  pulse_chart_model_add_step (funnel, "created", "Created", 10);
  g_ptr_array_add (annotations, pulse_annotation_new ("1", "2026-03-07", "2026-03-20", "Spring campaign", "campaign"));
  g_ptr_array_add (annotations, pulse_annotation_new ("2", "2026-03-15", NULL, "Mid-March", NULL));
  g_ptr_array_add (annotations, pulse_annotation_new ("3", "2026-02-28", NULL, "End of February", NULL));
  g_ptr_array_add (annotations, pulse_annotation_new ("4", "2025-12-31", NULL, "New year's eve", NULL));
  pulse_chart_model_set_annotations (line, annotations);
  pulse_chart_model_set_annotations (bars, annotations);
  pulse_chart_model_set_annotations (area, annotations);
  pulse_chart_model_set_annotations (funnel, annotations);

  g_assert_cmpuint (n_shown (line), ==, 1);     /* 03-05 … 03-07 */
  g_assert_cmpuint (n_shown (bars), ==, 2);     /* 03-02 … 03-15 */
  g_assert_cmpuint (n_shown (area), ==, 1);     /* 01-01 … 02-28 */
  g_assert_cmpuint (n_shown (funnel), ==, 0);
  /* Screen readers hear them too. */
  {
    g_autofree char *summary = pulse_chart_model_dup_summary_text (bars);
    g_assert_nonnull (strstr (summary, "; annotations: Spring campaign, 2026-03-07 to 2026-03-20; Mid-March, 2026-03-15"));
  }
}

/* Lines of standard output, its header first. */
static GStrv
run_ok (const char * const *args,
        const char * const *env)
{
  g_auto(PulseTestRun) run = { 0 };

  pulse_test_run_pulse (&run, args, env);
  if (run.status != 0)
    g_error ("pulse failed (%d): %s", run.status, run.err);
  g_assert_cmpstr (run.err, ==, "");
  return g_strsplit (run.out, "\n", -1);
}

static void
assert_usage_error (const char * const *args,
                    const char         *needle)
{
  g_auto(PulseTestRun) run = { 0 };

  pulse_test_run_pulse (&run, args, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  if (strstr (run.err, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, run.err);
}

static void
test_cli (void)
{
  g_autofree char *conninfo = new_platform ("annotations_cli", FALSE);
  const char *env[] = { "XDG_DATA_HOME", data_home, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-annotations-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *chart = g_build_filename (dir, "dau.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) added = NULL;
  g_auto(GStrv) lines = NULL;

  added = run_ok ((const char *[]) { "--connection", conninfo, "--add-annotation", "Launch\tv2", "--at",
                                     "2026-03-09/2026-03-11", "--tag", "release", NULL }, env);
  g_assert_cmpuint (g_strv_length (added), ==, 2);
  g_strfreev (run_ok ((const char *[]) { "--connection", conninfo, "--add-annotation", "Newsletter", "--at",
                                         "2026-03-06", NULL }, env));
  lines = run_ok ((const char *[]) { "--connection", conninfo, "--annotations", NULL }, env);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "id\tfirst_day\tlast_day\ttag\ttext");
  g_assert_true (g_str_has_suffix (lines[1], "\t2026-03-06\t2026-03-06\t\tNewsletter"));
  /* The tab in the text does not make a column. */
  g_assert_true (g_str_has_prefix (lines[2], added[0]));
  g_assert_true (g_str_has_suffix (lines[2], "\t2026-03-09\t2026-03-11\trelease\tLaunch v2"));

  /* The report lists them and the charts show them. */
  g_strfreev (run_ok ((const char *[]) { "--connection", conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                                         "--report", pdf, NULL }, env));
  g_spawn_sync (NULL, (char *[]) { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL }, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &text, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Annotations"));
  g_assert_nonnull (strstr (text, "2026-03-09/2026-03-11"));
  g_assert_nonnull (strstr (text, "Launch v2 (release)"));
  g_assert_nonnull (strstr (text, "Newsletter"));

  /* A chart export draws the flags with the same renderer. */
  g_strfreev (run_ok ((const char *[]) { "--connection", conninfo, "--from", "2026-03-05", "--to", "2026-03-14",
                                         "--chart", "dau", "--output", chart, NULL }, env));
  g_clear_pointer (&text, g_free);
  g_spawn_sync (NULL, (char *[]) { "pdftotext", "-enc", "UTF-8", chart, "-", NULL }, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &text, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Launch v2"));
  g_assert_nonnull (strstr (text, "Newsletter"));

  assert_usage_error ((const char *[]) { "--demo", "--add-annotation", "x", NULL }, "--add-annotation");
  assert_usage_error ((const char *[]) { "--demo", "--add-annotation", "x", "--at", "2026-02-30", NULL }, "--at");
  assert_usage_error ((const char *[]) { "--demo", "--add-annotation", "x", "--at", "2026-03-09/2026-03-01", NULL },
                      "--at");
  assert_usage_error ((const char *[]) { "--demo", "--add-annotation", " ", "--at", "2026-03-09", NULL },
                      "--add-annotation");
  assert_usage_error ((const char *[]) { "--demo", "--at", "2026-03-09", NULL }, "--at");
  {
    g_autofree char *long_tag = g_strnfill (PULSE_ANNOTATION_MAX_TAG + 1, 't');
    assert_usage_error ((const char *[]) { "--demo", "--add-annotation", "x", "--at", "2026-03-09", "--tag", long_tag,
                                           NULL }, "--tag");
  }
  assert_usage_error ((const char *[]) { "--demo", "--annotations", "--tag", "x", NULL }, "--tag");
  assert_usage_error ((const char *[]) { "--demo", "--annotations", "--report", pdf, NULL }, "--annotations");
  pulse_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  data_home = g_dir_make_tmp ("pulse-annotations-home-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  pulse_test_pg_start ();

  g_test_add_func ("/annotations/checks", test_checks);
  g_test_add_func ("/annotations/database-store", test_database_store);
  g_test_add_func ("/annotations/local-store", test_local_store);
  g_test_add_func ("/annotations/corrupt-local-file", test_corrupt_local_file);
  g_test_add_func ("/annotations/chart-model", test_chart_model);
  g_test_add_func ("/annotations/cli", test_cli);

  status = g_test_run ();
  pulse_test_pg_stop ();
  pulse_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
