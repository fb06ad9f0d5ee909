/* pulse-data-export.c: metric results as the JSON document and CSV files
 *
 * The JSON layout is a contract (see README): range, days, and one
 * object per metric with its series (one value or null per day),
 * summaries, headline and source; the funnel adds "steps", the
 * active-days histogram adds "histogram" and "mean"; retention has
 * "period" and "cohorts" instead of series; --compare adds
 * "previous", the same for the previous period. The headline and the
 * order of the CSV's summary rows are the metric view's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pulse-data-export.h"
#include "pulse-error.h"
#include "pulse-file.h"
#include "pulse-json.h"
#include "pulse-metric-view.h"

static const char * const segments[] = { "all", "BUILDER", "FINDER" };

void
pulse_comparison_clear (PulseComparison *compare)
{
  g_return_if_fail (compare != NULL);

  g_clear_pointer (&compare->range, pulse_query_range_unref);
  g_clear_pointer (&compare->results, g_ptr_array_unref);
}

/* Returns: (nullable) (transfer none): @metric's previous result */
PulseMetricResult *
pulse_comparison_find (const PulseComparison *compare,
                       PulseMetric           *metric)
{
  for (guint i = 0; compare != NULL && compare->results != NULL && i < compare->results->len; i++)
    {
      PulseMetricResult *result = g_ptr_array_index (compare->results, i);

      if (g_str_equal (pulse_metric_get_id (pulse_metric_result_get_metric (result)), pulse_metric_get_id (metric)))
        return result;
    }
  return NULL;
}

static void
add_series (JsonBuilder       *builder,
            PulseMetricResult *result)
{
  guint n_buckets = pulse_metric_result_get_n_buckets (result);

  json_builder_set_member_name (builder, "series");
  json_builder_begin_object (builder);
  for (guint i = 0; i < pulse_metric_result_get_n_series (result); i++)
    pulse_json_add_numbers (builder, pulse_metric_result_get_series_id (result, i),
                            pulse_metric_result_get_series_values (result, i), n_buckets);
  json_builder_end_object (builder);
}

static void
add_summary (JsonBuilder       *builder,
             PulseMetricResult *result)
{
  json_builder_set_member_name (builder, "summary");
  json_builder_begin_object (builder);
  for (guint i = 0; i < pulse_metric_result_get_n_summaries (result); i++)
    {
      json_builder_set_member_name (builder, pulse_metric_result_get_summary_id (result, i));
      pulse_json_add_number (builder, pulse_metric_result_get_summary_value (result, i));
    }
  json_builder_end_object (builder);
}

/* The steps of @part's funnel, in catalog order: [{"id", "value"}]. */
static void
add_steps (JsonBuilder       *builder,
           PulseMetricResult *part)
{
  GPtrArray *steps = pulse_metric_get_steps (pulse_metric_result_get_metric (part));

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < steps->len; i++)
    {
      const PulseMetricField *step = g_ptr_array_index (steps, i);

      if (!pulse_metric_result_has_step (part, step->id, NULL))
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, step->id);
      json_builder_set_member_name (builder, "value");
      pulse_json_add_number (builder, pulse_metric_result_get_step_value (part, step->id, NULL));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_histogram (JsonBuilder       *builder,
               PulseMetricResult *result)
{
  double mean = NAN;

  json_builder_set_member_name (builder, "histogram");
  json_builder_begin_object (builder);
  for (guint i = 0; i < pulse_metric_result_get_n_histogram (result); i++)
    {
      json_builder_set_member_name (builder, pulse_metric_result_get_histogram_label (result, i));
      pulse_json_add_number (builder, pulse_metric_result_get_histogram_value (result, i));
    }
  json_builder_end_object (builder);

  if (pulse_metric_result_lookup_summary (result, "mean", &mean))
    {
      json_builder_set_member_name (builder, "mean");
      pulse_json_add_number (builder, mean);
    }
}

/* "headline": {"summary": "total", "value": 1152}: what the card shows
 * big; the funnel's is its conversion, with no summary. */
static void
add_headline (JsonBuilder       *builder,
              PulseMetricResult *result,
              PulseSegment       segment)
{
  g_autoptr(PulseMetricView) view = pulse_metric_view_new (result, NULL, segment);
  const char *summary = pulse_metric_view_get_headline_summary (view);

  json_builder_set_member_name (builder, "headline");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "summary");
  if (summary != NULL)
    json_builder_add_string_value (builder, summary);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "value");
  pulse_json_add_number (builder, pulse_metric_view_get_headline_value (view));
  json_builder_end_object (builder);
}

/* What a metric and each of its segments have: series (or retention's
 * cohorts), summary, headline and the funnel's steps or the histogram
 * with its mean. */
static void
add_body (JsonBuilder       *builder,
          PulseMetricResult *result,
          PulseSegment       segment)
{
  PulseMetricResult *part = pulse_metric_result_get_segment (result, segment);
  PulseMetric *metric = pulse_metric_result_get_metric (part);

  if (pulse_metric_result_has_cohorts (result))
    pulse_json_add_cohorts (builder, part);
  else
    add_series (builder, part);
  add_summary (builder, part);
  add_headline (builder, result, segment);
  if (pulse_metric_get_steps (metric)->len > 0)
    add_steps (builder, part);
  if (pulse_metric_has_histogram (metric))
    add_histogram (builder, part);
}

/* "segments": {"BUILDER": {...}, "FINDER": {...}} for a result split by role. */
static void
add_segments (JsonBuilder       *builder,
              PulseMetricResult *result)
{
  gboolean started = FALSE;

  for (PulseSegment s = PULSE_SEGMENT_BUILDER; s < PULSE_N_SEGMENTS; s++)
    {
      PulseMetricResult *part = pulse_metric_result_get_segment (result, s);

      if (part == NULL)
        continue;
      if (!started)
        {
          json_builder_set_member_name (builder, "segments");
          json_builder_begin_object (builder);
          started = TRUE;
        }
      json_builder_set_member_name (builder, pulse_segment_to_string (s));
      json_builder_begin_object (builder);
      add_body (builder, result, s);
      json_builder_end_object (builder);
    }
  if (started)
    json_builder_end_object (builder);
}

static void
add_string_array (JsonBuilder        *builder,
                  const char         *name,
                  const char * const *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strings[i]; i++)
    json_builder_add_string_value (builder, strings[i]);
  json_builder_end_array (builder);
}

static void
add_metric (JsonBuilder       *builder,
            PulseMetricResult *result)
{
  PulseMetric *metric = pulse_metric_result_get_metric (result);

  json_builder_set_member_name (builder, pulse_metric_get_id (metric));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, pulse_metric_get_title (metric));
  json_builder_set_member_name (builder, "group");
  json_builder_add_string_value (builder, pulse_metric_get_group (metric));
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, pulse_metric_get_unit (metric));
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, pulse_source_to_string (pulse_metric_result_get_source (result)));
  if (pulse_metric_result_get_note (result) != NULL)
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, pulse_metric_result_get_note (result));
    }
  if (pulse_metric_result_has_cohorts (result))
    {
      PulseGranularity period = pulse_query_range_get_granularity (pulse_metric_result_get_range (result));

      json_builder_set_member_name (builder, "period");
      json_builder_add_string_value (builder, pulse_granularity_to_string (period));
    }
  add_body (builder, result, PULSE_SEGMENT_ALL);
  add_segments (builder, result);
  json_builder_end_object (builder);
}

static void
add_range (JsonBuilder     *builder,
           PulseQueryRange *range,
           gboolean         with_timezone)
{
  char from[11], to[11];

  pulse_query_range_fill_params (range, from, to);
  json_builder_set_member_name (builder, "range");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  if (with_timezone)
    {
      json_builder_set_member_name (builder, "timezone");
      json_builder_add_string_value (builder, pulse_query_range_get_timezone (range));
    }
  json_builder_end_object (builder);
}

static void
add_metrics (JsonBuilder *builder,
             GPtrArray   *results)
{
  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_object (builder);
  for (guint i = 0; i < results->len; i++)
    add_metric (builder, g_ptr_array_index (results, i));
  json_builder_end_object (builder);
}

/* "previous": {"range", "before_first_data", "metrics"}; every result
 * knows the day the data begins. */
static void
add_previous (JsonBuilder           *builder,
              const PulseComparison *compare)
{
  const GDate *first_day = compare->results->len > 0
                           ? pulse_metric_result_get_first_day (g_ptr_array_index (compare->results, 0)) : NULL;

  json_builder_set_member_name (builder, "previous");
  json_builder_begin_object (builder);
  add_range (builder, compare->range, FALSE);
  json_builder_set_member_name (builder, "before_first_data");
  json_builder_add_boolean_value (builder, pulse_query_range_starts_before (compare->range, first_day));
  add_metrics (builder, compare->results);
  json_builder_end_object (builder);
}

/**
 * pulse_data_export_build_json:
 * @compare: (nullable): the previous period, when comparing
 */
JsonNode *
pulse_data_export_build_json (PulseQueryRange       *range,
                              GPtrArray             *results,
                              const PulseComparison *compare)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) days = NULL;
  g_auto(GStrv) buckets = NULL;

  g_return_val_if_fail (range != NULL, NULL);
  g_return_val_if_fail (results != NULL, NULL);

  days = pulse_query_range_dup_days (range);
  buckets = pulse_query_range_dup_buckets (range);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, PULSE_DATA_EXPORT_FORMAT);
  add_range (builder, range, TRUE);
  json_builder_set_member_name (builder, "granularity");
  json_builder_add_string_value (builder, pulse_granularity_to_string (pulse_query_range_get_granularity (range)));
  add_string_array (builder, "days", (const char * const *)days);
  add_string_array (builder, "buckets", (const char * const *)buckets);
  add_metrics (builder, results);
  if (compare != NULL)
    add_previous (builder, compare);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
pulse_data_export_write_json (PulseQueryRange        *range,
                              GPtrArray              *results,
                              const PulseComparison  *compare,
                              const char             *path,
                              GError                **error)
{
  g_autoptr(JsonNode) root = pulse_data_export_build_json (range, results, compare);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length = 0;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  if (g_strcmp0 (path, "-") != 0)
    return pulse_file_write_atomically (path, text, length, error);

  if (fwrite (text, 1, length, stdout) != length || fputc ('\n', stdout) == EOF || fflush (stdout) != 0)
    {
      int errsv = errno;
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                   _("Could not write to standard output: %s"), g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static void
append_csv_number (GString *csv,
                   double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (csv, ',');
  if (!isfinite (value))
    return;
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    g_string_append_printf (csv, "%" G_GINT64_FORMAT, (gint64)value);
  else
    g_string_append (csv, g_ascii_dtostr (buffer, sizeof buffer, value));
}

static void
append_steps_csv (GString           *csv,
                  PulseMetricResult *result)
{
  GPtrArray *steps = pulse_metric_get_steps (pulse_metric_result_get_metric (result));

  g_string_append (csv, "step,all,BUILDER,FINDER\n");
  for (guint i = 0; i < steps->len; i++)
    {
      const PulseMetricField *step = g_ptr_array_index (steps, i);

      g_string_append (csv, step->id);
      /* A step a segment's funnel does not have is left empty. */
      for (guint j = 0; j < G_N_ELEMENTS (segments); j++)
        append_csv_number (csv, pulse_metric_result_get_step_value (result, step->id, segments[j]));
      g_string_append_c (csv, '\n');
    }
}

static void
append_histogram_csv (GString           *csv,
                      PulseMetricResult *result)
{
  g_string_append (csv, "k,persons\n");
  for (guint i = 0; i < pulse_metric_result_get_n_histogram (result); i++)
    {
      g_string_append (csv, pulse_metric_result_get_histogram_label (result, i));
      append_csv_number (csv, pulse_metric_result_get_histogram_value (result, i));
      g_string_append_c (csv, '\n');
    }
}

static void
append_series_csv (GString           *csv,
                   PulseMetricResult *result)
{
  const char * const *buckets = pulse_metric_result_get_buckets (result);
  guint n_series = pulse_metric_result_get_n_series (result);

  g_string_append (csv, "day");
  for (guint i = 0; i < n_series; i++)
    g_string_append_printf (csv, ",%s", pulse_metric_result_get_series_id (result, i));
  g_string_append_c (csv, '\n');

  for (guint j = 0; buckets[j]; j++)
    {
      g_string_append (csv, buckets[j]);
      for (guint i = 0; i < n_series; i++)
        append_csv_number (csv, pulse_metric_result_get_series_values (result, i)[j]);
      g_string_append_c (csv, '\n');
    }
}

/* One row per segment and cohort, the cells as in the JSON: on:0 ..
 * on:N, then on_or_after:0 .. on_or_after:N; empty where null. */
static void
append_cohorts_csv (GString           *csv,
                    PulseMetricResult *result)
{
  guint n_periods = pulse_metric_result_get_n_periods (result);

  g_string_append (csv, "segment,start,size,partial_from");
  for (guint n = 0; n < n_periods; n++)
    g_string_append_printf (csv, ",on:%u", n);
  for (guint n = 0; n < n_periods; n++)
    g_string_append_printf (csv, ",on_or_after:%u", n);
  g_string_append_c (csv, '\n');

  for (PulseSegment s = PULSE_SEGMENT_ALL; s < PULSE_N_SEGMENTS; s++)
    {
      PulseMetricResult *part = pulse_metric_result_get_segment (result, s);

      for (guint i = 0; part != NULL && i < pulse_metric_result_get_n_cohorts (part); i++)
        {
          const double *on = pulse_metric_result_get_cohort_on (part, i);
          const double *on_or_after = pulse_metric_result_get_cohort_on_or_after (part, i);

          g_string_append_printf (csv, "%s,%s", pulse_segment_to_string (s), pulse_metric_result_get_cohort_start (part, i));
          append_csv_number (csv, pulse_metric_result_get_cohort_size (part, i));
          append_csv_number (csv, pulse_metric_result_get_cohort_partial_from (part, i));
          for (guint n = 0; n < n_periods; n++)
            append_csv_number (csv, on[n]);
          for (guint n = 0; n < n_periods; n++)
            append_csv_number (csv, on_or_after[n]);
          g_string_append_c (csv, '\n');
        }
    }
}

/* After a blank line, "summary,all,BUILDER,FINDER" and a row per
 * summary in the view's order: the headline's first. */
static void
append_summaries_csv (GString           *csv,
                      PulseMetricResult *result)
{
  g_autoptr(PulseMetricView) view = pulse_metric_view_new (result, NULL, PULSE_SEGMENT_ALL);
  const char * const *order = pulse_metric_view_get_summary_order (view);

  if (order[0] == NULL)
    return;
  g_string_append (csv, "\nsummary,all,BUILDER,FINDER\n");
  for (guint i = 0; order[i] != NULL; i++)
    {
      g_string_append (csv, order[i]);
      for (PulseSegment s = PULSE_SEGMENT_ALL; s < PULSE_N_SEGMENTS; s++)
        {
          PulseMetricResult *part = pulse_metric_result_get_segment (result, s);
          double value = NAN;

          if (part != NULL)
            pulse_metric_result_lookup_summary (part, order[i], &value);
          append_csv_number (csv, value);
        }
      g_string_append_c (csv, '\n');
    }
}

/**
 * pulse_data_export_dup_csv:
 *
 * One row per bucket; a funnel gives one row per step, a histogram
 * one row per k and retention one row per cohort, since they have no
 * days. The range's summaries follow.
 */
char *
pulse_data_export_dup_csv (PulseMetricResult *result)
{
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (result), NULL);

  if (pulse_metric_result_has_steps (result))
    append_steps_csv (csv, result);
  else if (pulse_metric_result_has_cohorts (result))
    append_cohorts_csv (csv, result);
  else if (pulse_metric_result_get_n_series (result) == 0 &&
           pulse_metric_has_histogram (pulse_metric_result_get_metric (result)))
    append_histogram_csv (csv, result);
  else
    append_series_csv (csv, result);
  append_summaries_csv (csv, result);

  return g_string_free (csv, FALSE);
}

static char *
csv_name (PulseMetricResult *result)
{
  return g_strconcat (pulse_metric_get_id (pulse_metric_result_get_metric (result)), ".csv", NULL);
}

static gboolean
set_dir_error (GError     **error,
               const char  *directory)
{
  int errsv = errno;

  g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
               _("Could not create %s: %s"), directory, g_strerror (errsv));
  return FALSE;
}

/* Inside an existing directory, so each file moves in by a rename on
 * the same file system; beside a new one, which it then becomes. */
static char *
make_staging_dir (const char  *directory,
                  gboolean     existed,
                  GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (directory);
  g_autofree char *base = g_path_get_basename (directory);
  g_autofree char *template = existed ? g_build_filename (directory, ".pulse-csv-XXXXXX", NULL)
                                      : g_strdup_printf ("%s/.%s.XXXXXX", parent, base);

  if (g_mkdtemp_full (template, 0755) == NULL)
    {
      set_dir_error (error, directory);
      return NULL;
    }
  return g_steal_pointer (&template);
}

static gboolean
write_csv_files (GPtrArray   *results,
                 const char  *staging,
                 GError     **error)
{
  for (guint i = 0; i < results->len; i++)
    {
      PulseMetricResult *result = g_ptr_array_index (results, i);
      g_autofree char *name = csv_name (result);
      g_autofree char *path = g_build_filename (staging, name, NULL);
      g_autofree char *csv = pulse_data_export_dup_csv (result);

      if (!pulse_file_write_atomically (path, csv, strlen (csv), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
move_into_place (GPtrArray   *results,
                 const char  *staging,
                 const char  *directory,
                 gboolean     existed,
                 GError     **error)
{
  if (!existed)
    return g_rename (staging, directory) == 0 || set_dir_error (error, directory);

  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *name = csv_name (g_ptr_array_index (results, i));
      g_autofree char *from = g_build_filename (staging, name, NULL);
      g_autofree char *to = g_build_filename (directory, name, NULL);

      if (g_rename (from, to) != 0)
        return set_dir_error (error, directory);
    }
  return TRUE;
}

/* Whatever is left of the staging directory: nothing after a success. */
static void
remove_staging (GPtrArray  *results,
                const char *staging)
{
  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *name = csv_name (g_ptr_array_index (results, i));
      g_autofree char *path = g_build_filename (staging, name, NULL);

      g_unlink (path);
    }
  g_rmdir (staging);
}

/**
 * pulse_data_export_write_csv_dir:
 *
 * Writes the whole set into a staging directory first, so a full disk
 * or any other failure leaves @directory as it was.
 */
gboolean
pulse_data_export_write_csv_dir (GPtrArray   *results,
                                 const char  *directory,
                                 GError     **error)
{
  gboolean existed = g_file_test (directory, G_FILE_TEST_IS_DIR);
  g_autofree char *staging = NULL;
  gboolean ok;

  if (!pulse_file_check_output (directory, TRUE, error) ||
      !(staging = make_staging_dir (directory, existed, error)))
    return FALSE;
  ok = write_csv_files (results, staging, error) &&
       move_into_place (results, staging, directory, existed, error);
  remove_staging (results, staging);
  return ok;
}
