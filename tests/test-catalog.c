/* test-catalog.c: the bundled metric catalog and user catalog files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pulse-catalog.h"
#include "pulse-error.h"

/* Every metric the engine issue names, with its page. */
static const char * const required[][2] = {
  { "signups", "growth" }, { "signup_funnel", "growth" },
  { "dau", "activity" }, { "wau", "activity" }, { "mau", "activity" },
  { "stickiness", "activity" }, { "events_per_active_user", "activity" },
  { "active_days", "activity" }, { "lifecycle", "activity" }, { "retention", "retention" },
  { "session_duration", "engagement" },
  { "post_frequency", "posts" }, { "post_engagement_rate", "posts" },
  { "profile_update_frequency", "profiles" }, { "profile_views", "profiles" },
  { "finder_searches", "finders" }, { "finder_votes", "finders" },
  { "collections_created", "collections" }, { "collection_privacy", "collections" },
  { "shared_collections", "collections" }, { "collection_items", "collections" },
};

static void
test_bundled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);

  g_assert_no_error (error);
  g_assert_cmpuint (pulse_catalog_get_groups (catalog)->len, ==, 8);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      PulseMetric *metric = pulse_catalog_lookup (catalog, required[i][0]);

      g_assert_nonnull (metric);
      g_assert_cmpstr (pulse_metric_get_group (metric), ==, required[i][1]);
      g_assert_cmpstr (pulse_metric_get_title (metric), !=, "");
      g_assert_cmpstr (pulse_metric_get_definition (metric), !=, "");
      g_assert_cmpuint (pulse_metric_get_variants (metric)->len, >=, 1);
    }

  /* Lifecycle's dormant users are drawn below zero, the others above. */
  g_assert_true (pulse_metric_find_series (pulse_catalog_lookup (catalog, "lifecycle"), "dormant")->negative);
  g_assert_false (pulse_metric_find_series (pulse_catalog_lookup (catalog, "lifecycle"), "new")->negative);

  /* Retention's cohort table is drawn as a chart of its own kind, on
   * its own page; lifecycle stays on Activity. */
  {
    g_autoptr(GPtrArray) activity = pulse_catalog_list_group (catalog, "activity");
    g_autoptr(GPtrArray) retention_page = pulse_catalog_list_group (catalog, "retention");
    PulseMetric *retention = pulse_catalog_lookup (catalog, "retention");

    g_assert_true (pulse_metric_has_chart (retention));
    g_assert_cmpstr (pulse_metric_get_chart (retention), ==, "cohort");
    g_assert_cmpuint (retention_page->len, ==, 1);
    g_assert_true (g_ptr_array_index (retention_page, 0) == retention);
    g_assert_false (g_ptr_array_find (activity, retention, NULL));
    g_assert_true (g_ptr_array_find (activity, pulse_catalog_lookup (catalog, "lifecycle"), NULL));
    /* The headline is d7, with d1 and d30 as its parts. */
    g_assert_cmpint (pulse_metric_find_summary (retention, "d7")->role, ==, PULSE_SUMMARY_HEADLINE);
    g_assert_cmpint (pulse_metric_find_summary (retention, "d1")->role, ==, PULSE_SUMMARY_PART);
    g_assert_cmpint (pulse_metric_find_summary (retention, "d30")->role, ==, PULSE_SUMMARY_PART);
  }
}

static char *
write_temp (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-catalog-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_malformed_names_file_line_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  g_autofree char *path = write_temp ("broken.json",
    "{\n"
    "  \"metrics\": [\n"
    "    {\n"
    "      \"id\": \"signups\",\n"
    "      \"group\": \"growth\",\n"
    "      \"title\": 42,\n"
    "      \"description\": \"x\", \"chart\": \"line\",\n"
    "      \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql\": \"SELECT 1\"}]\n"
    "    }\n"
    "  ]\n"
    "}\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *bundled_title = pulse_metric_get_title (pulse_catalog_lookup (catalog, "signups"));
  g_autofree char *title_before = g_strdup (bundled_title);

  g_assert_false (pulse_catalog_load_file (catalog, file, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
  g_assert_nonnull (strstr (error->message, "broken.json:6"));
  g_assert_nonnull (strstr (error->message, "“title”"));
  g_clear_error (&error);

  /* "negative" is true or false, nothing else. */
  {
    g_autofree char *negative = write_temp ("negative.json",
      "{\"metrics\": [{\"id\": \"signups\", \"group\": \"growth\", \"title\": \"x\",\n"
      "  \"description\": \"x\", \"chart\": \"stacked-bar\",\n"
      "  \"series\": [{\"id\": \"all\", \"negative\": \"yes\"}],\n"
      "  \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql\": \"SELECT 1\"}]}]}\n");
    g_autoptr(GFile) negative_file = g_file_new_for_path (negative);

    g_assert_false (pulse_catalog_load_file (catalog, negative_file, &error));
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
    g_assert_nonnull (strstr (error->message, "“negative”"));
  }

  /* The bundled catalog is untouched. */
  g_assert_cmpstr (pulse_metric_get_title (pulse_catalog_lookup (catalog, "signups")), ==, title_before);
}

/* Headline rule, "better" direction, segments, summary roles and series
 * tones are enums parsed from the catalog; every variant names one
 * headline. */
static void
test_presentation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  PulseMetric *votes = pulse_catalog_lookup (catalog, "finder_votes");
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  const struct {
    const char *member;
    const char *fields;
  } bad[] = {
    { "better", "\"better\": \"sideways\"," },
    { "role", "\"summaries\": [{\"id\": \"s\", \"role\": \"hero\"}]," },
    { "tone", "\"series\": [{\"id\": \"s\", \"tone\": \"loud\"}]," },
    { "segment", "\"series\": [{\"id\": \"s\", \"segment\": \"ADMIN\"}]," },
  };

  g_assert_no_error (error);
  g_assert_cmpint (pulse_metric_get_better (votes), ==, PULSE_BETTER_NEUTRAL);
  g_assert_cmpint (pulse_metric_get_better (pulse_catalog_lookup (catalog, "dau")), ==, PULSE_BETTER_UP);
  g_assert_cmpint (pulse_metric_find_summary (votes, "total")->role, ==, PULSE_SUMMARY_HEADLINE);
  g_assert_cmpint (pulse_metric_find_summary (votes, "up")->role, ==, PULSE_SUMMARY_PART);
  g_assert_cmpint (pulse_metric_find_series (votes, "down")->tone, ==, PULSE_TONE_NEGATIVE);
  g_assert_cmpint (pulse_metric_find_series (votes, "up")->tone, ==, PULSE_TONE_POSITIVE);
  g_assert_false (pulse_metric_find_series (votes, "up")->by_segment);
  g_assert_true (pulse_metric_find_series (pulse_catalog_lookup (catalog, "signups"), "BUILDER")->by_segment);
  g_assert_cmpint (pulse_metric_find_series (pulse_catalog_lookup (catalog, "signups"), "BUILDER")->segment, ==,
                   PULSE_SEGMENT_BUILDER);

  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetric *metric = g_ptr_array_index (metrics, i);
      GPtrArray *variants = pulse_metric_get_variants (metric);

      for (guint j = 0; j < variants->len && pulse_metric_get_steps (metric)->len == 0; j++)
        {
          const PulseMetricVariant *variant = g_ptr_array_index (variants, j);
          guint n_headlines = 0;

          /* As a card looks a summary up: the metric's entry, else the variants'. */
          for (guint k = 0; k < variant->summaries->len; k++)
            n_headlines += pulse_metric_find_summary (metric, ((PulseMetricField *)g_ptr_array_index (variant->summaries, k))->id)->role
                           == PULSE_SUMMARY_HEADLINE;
          g_test_message ("%s variant %u", pulse_metric_get_id (metric), j);
          g_assert_cmpuint (n_headlines, ==, 1);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"metrics\": [{\"id\": \"odd\", \"group\": \"growth\", \"title\": \"Odd\",\n"
        "  \"description\": \"x\", \"chart\": \"line\", %s\n"
        "  \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql\": \"SELECT 1\"}]}]}\n",
        bad[i].fields);
      g_autofree char *path = write_temp ("odd.json", json);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *quoted = g_strdup_printf ("“%s”", bad[i].member);

      g_assert_false (pulse_catalog_load_file (catalog, file, &error));
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_null (pulse_catalog_lookup (catalog, "odd"));
      g_clear_error (&error);
    }
}

static void
test_syntax_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  g_autofree char *path = write_temp ("syntax.json", "{\n  \"metrics\": [\n    {,\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_false (pulse_catalog_load_file (catalog, file, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
  g_assert_nonnull (strstr (error->message, "syntax.json"));
  g_assert_nonnull (strstr (error->message, ":3"));
}

static void
test_override_and_add (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  guint n_before = pulse_catalog_get_metrics (catalog)->len;
  g_autofree char *path = write_temp ("extra.json",
    "{\"metrics\": ["
    " {\"id\": \"signups\", \"group\": \"growth\", \"title\": \"Accounts created\","
    "  \"description\": \"d\", \"chart\": \"line\","
    "  \"variants\": [{\"source\": \"table\", \"requires\": [\"persons\"], \"sql_file\": \"signups.sql\"}]},"
    " {\"id\": \"custom\", \"group\": \"growth\", \"title\": \"Custom\", \"description\": \"d\","
    "  \"chart\": \"histogram\", \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql\": \"SELECT 1\"}]}"
    "]}");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *sql_path = g_build_filename (dir, "signups.sql", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const PulseMetricVariant *variant;

  g_file_set_contents (sql_path, "SELECT 'series' AS kind", -1, &error);
  g_assert_no_error (error);

  g_assert_true (pulse_catalog_load_file (catalog, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pulse_catalog_get_metrics (catalog)->len, ==, n_before + 1);
  g_assert_cmpstr (pulse_metric_get_title (pulse_catalog_lookup (catalog, "signups")), ==, "Accounts created");
  variant = g_ptr_array_index (pulse_metric_get_variants (pulse_catalog_lookup (catalog, "signups")), 0);
  g_assert_cmpstr (variant->sql, ==, "SELECT 'series' AS kind");
}

static const char *
first_variant_sql (PulseCatalog *catalog,
                   const char   *metric_id)
{
  const PulseMetricVariant *variant =
    g_ptr_array_index (pulse_metric_get_variants (pulse_catalog_lookup (catalog, metric_id)), 0);

  return variant->sql;
}

/* "-- @include calendar.sql" pastes the shared calendar in, for the
 * bundled queries and, from the bundled copy, for a user catalog's. */
static void
test_sql_include (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  g_autofree char *path = write_temp ("included.json",
    "{\"metrics\": [ {\"id\": \"calendar_user\", \"group\": \"growth\", \"title\": \"T\", \"description\": \"d\","
    "  \"chart\": \"line\", \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql_file\": \"mine.sql\"}]},"
    " {\"id\": \"missing_include\", \"group\": \"growth\", \"title\": \"T\", \"description\": \"d\","
    "  \"chart\": \"line\", \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql_file\": \"bad.sql\"}]}]}");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *mine = g_build_filename (dir, "mine.sql", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *sql;

  g_assert_no_error (error);
  for (guint i = 0; i < metrics->len; i++)
    {
      GPtrArray *variants = pulse_metric_get_variants (g_ptr_array_index (metrics, i));

      for (guint j = 0; j < variants->len; j++)
        g_assert_false (g_regex_match_simple ("^-- @include", ((PulseMetricVariant *)g_ptr_array_index (variants, j))->sql,
                                              G_REGEX_MULTILINE, 0));
    }
  g_assert_nonnull (strstr (first_variant_sql (catalog, "dau"), "buckets AS ("));

  g_file_set_contents (mine, "WITH\n-- @include calendar.sql\nx AS (SELECT 1)\nSELECT * FROM buckets", -1, &error);
  g_assert_no_error (error);
  g_assert_false (pulse_catalog_load_file (catalog, file, &error));
  /* bad.sql does not exist: refused, naming the file. */
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
  g_clear_error (&error);
  {
    g_autofree char *bad = g_build_filename (dir, "bad.sql", NULL);

    g_file_set_contents (bad, "WITH\n-- @include no-such-file.sql\nSELECT 1", -1, &error);
    g_assert_no_error (error);
    g_assert_false (pulse_catalog_load_file (catalog, file, &error));
    g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
    g_assert_nonnull (strstr (error->message, "no-such-file.sql"));
    g_clear_error (&error);
    g_file_set_contents (bad, "SELECT 1", -1, &error);
    g_assert_no_error (error);
  }
  g_assert_true (pulse_catalog_load_file (catalog, file, &error));
  g_assert_no_error (error);
  sql = first_variant_sql (catalog, "calendar_user");
  g_assert_true (g_str_has_prefix (sql, "WITH\n"));
  g_assert_nonnull (strstr (sql, "AS starts"));
  g_assert_true (g_str_has_suffix (sql, "x AS (SELECT 1)\nSELECT * FROM buckets"));
}

/* Ids name CSV files: "../../escaped" or "" would write outside the
 * export directory, so they are refused with the file and line. */
static void
test_bad_ids (void)
{
  const char * const ids[] = { "../../escaped", "", "Dau", "dau.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
      g_autofree char *json = g_strdup_printf (
          "{\n  \"metrics\": [\n    {\n      \"id\": \"%s\",\n      \"group\": \"growth\", \"title\": \"t\",\n"
          "      \"description\": \"x\", \"chart\": \"line\",\n"
          "      \"variants\": [{\"source\": \"table\", \"requires\": [], \"sql\": \"SELECT 1\"}]\n"
          "    }\n  ]\n}\n", ids[i]);
      g_autofree char *path = write_temp ("ids.json", json);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      guint n_metrics = pulse_catalog_get_metrics (catalog)->len;

      g_assert_false (pulse_catalog_load_file (catalog, file, &error));
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
      g_assert_nonnull (strstr (error->message, "ids.json:4"));
      g_assert_nonnull (strstr (error->message, "“id”"));
      g_assert_cmpuint (pulse_catalog_get_metrics (catalog)->len, ==, n_metrics);
    }
}

/* Writes a valid catalog into a FIFO, if anyone ever reads it. */
static gpointer
feed_fifo (gpointer path)
{
  static const char catalog[] = "{ \"metrics\": [] }\n";
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (write (fd, catalog, sizeof catalog - 1), ==, sizeof catalog - 1);
  close (fd);
  return NULL;
}

/* A FIFO as --catalog would hang the load: refused at once. */
static void
test_fifo_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (&error);
  g_autofree char *path = write_temp ("catalog.json", "");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GThread *feeder;
  int fd;

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  feeder = g_thread_new ("feeder", feed_fifo, path);

  g_assert_false (pulse_catalog_load_file (catalog, file, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
  g_assert_nonnull (strstr (error->message, "catalog.json"));
  g_assert_nonnull (strstr (error->message, "not a regular file"));

  /* The feeder still waits for a reader: be it, so it ends. */
  fd = g_open (path, O_RDONLY, 0);
  g_thread_join (feeder);
  close (fd);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/bundled", test_bundled);
  g_test_add_func ("/catalog/malformed-names-file-line-field", test_malformed_names_file_line_field);
  g_test_add_func ("/catalog/syntax-error", test_syntax_error);
  g_test_add_func ("/catalog/presentation", test_presentation);
  g_test_add_func ("/catalog/override-and-add", test_override_and_add);
  g_test_add_func ("/catalog/sql-include", test_sql_include);
  g_test_add_func ("/catalog/bad-ids", test_bad_ids);
  g_test_add_func ("/catalog/fifo-refused", test_fifo_refused);

  return g_test_run ();
}
