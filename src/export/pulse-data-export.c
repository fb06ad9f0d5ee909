/* pulse-data-export.c: metric results as the JSON document and CSV files
 *
 * The JSON layout is a contract (see README): range, days, and one
 * object per metric with its series (one value or null per day),
 * summaries and source; the funnel adds "steps", the active-days
 * histogram adds "histogram" and "mean".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pulse-data-export.h"
#include "pulse-error.h"
#include "pulse-file.h"

static const char * const segments[] = { "all", "BUILDER", "FINDER" };

/* Counts are written as integers, everything else as a double; JSON
 * has no infinity, so it is null like a missing value. */
static void
add_number (JsonBuilder *builder,
            double       value)
{
  if (!isfinite (value))
    json_builder_add_null_value (builder);
  else if (value == floor (value) && fabs (value) < 9007199254740992.0)
    json_builder_add_int_value (builder, (gint64)value);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_series (JsonBuilder       *builder,
            PulseMetricResult *result)
{
  guint n_buckets = pulse_metric_result_get_n_buckets (result);

  json_builder_set_member_name (builder, "series");
  json_builder_begin_object (builder);
  for (guint i = 0; i < pulse_metric_result_get_n_series (result); i++)
    {
      const double *values = pulse_metric_result_get_series_values (result, i);

      json_builder_set_member_name (builder, pulse_metric_result_get_series_id (result, i));
      json_builder_begin_array (builder);
      for (guint j = 0; j < n_buckets; j++)
        add_number (builder, values[j]);
      json_builder_end_array (builder);
    }
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
      add_number (builder, pulse_metric_result_get_summary_value (result, i));
    }
  json_builder_end_object (builder);
}

static void
add_steps (JsonBuilder       *builder,
           PulseMetricResult *result)
{
  GPtrArray *steps = pulse_metric_get_steps (pulse_metric_result_get_metric (result));

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < steps->len; i++)
    {
      const PulseMetricField *step = g_ptr_array_index (steps, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, step->id);
      for (guint j = 0; j < G_N_ELEMENTS (segments); j++)
        {
          json_builder_set_member_name (builder, segments[j]);
          add_number (builder, pulse_metric_result_get_step_value (result, step->id, segments[j]));
        }
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
      add_number (builder, pulse_metric_result_get_histogram_value (result, i));
    }
  json_builder_end_object (builder);

  if (pulse_metric_result_lookup_summary (result, "mean", &mean))
    {
      json_builder_set_member_name (builder, "mean");
      add_number (builder, mean);
    }
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
  add_series (builder, result);
  add_summary (builder, result);
  if (pulse_metric_get_steps (metric)->len > 0)
    add_steps (builder, result);
  if (pulse_metric_has_histogram (metric))
    add_histogram (builder, result);
  json_builder_end_object (builder);
}

JsonNode *
pulse_data_export_build_json (PulseQueryRange *range,
                              GPtrArray       *results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) days = pulse_query_range_dup_days (range);
  char from[11], to[11];

  g_return_val_if_fail (range != NULL, NULL);
  g_return_val_if_fail (results != NULL, NULL);

  pulse_query_range_fill_params (range, from, to);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "range");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, pulse_query_range_get_timezone (range));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (guint i = 0; days[i]; i++)
    json_builder_add_string_value (builder, days[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_object (builder);
  for (guint i = 0; i < results->len; i++)
    add_metric (builder, g_ptr_array_index (results, i));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
pulse_data_export_write_json (PulseQueryRange  *range,
                              GPtrArray        *results,
                              const char       *path,
                              GError          **error)
{
  g_autoptr(JsonNode) root = pulse_data_export_build_json (range, results);
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
  if (isnan (value))
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

/**
 * pulse_data_export_dup_csv:
 *
 * One row per bucket; a funnel gives one row per step and a histogram
 * one row per k, since they have no days.
 */
char *
pulse_data_export_dup_csv (PulseMetricResult *result)
{
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (result), NULL);

  if (pulse_metric_result_has_steps (result))
    append_steps_csv (csv, result);
  else if (pulse_metric_result_get_n_series (result) == 0 &&
           pulse_metric_has_histogram (pulse_metric_result_get_metric (result)))
    append_histogram_csv (csv, result);
  else
    append_series_csv (csv, result);

  return g_string_free (csv, FALSE);
}

gboolean
pulse_data_export_write_csv_dir (GPtrArray   *results,
                                 const char  *directory,
                                 GError     **error)
{
  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int errsv = errno;
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                   _("Could not create %s: %s"), directory, g_strerror (errsv));
      return FALSE;
    }

  for (guint i = 0; i < results->len; i++)
    {
      PulseMetricResult *result = g_ptr_array_index (results, i);
      g_autofree char *name = g_strconcat (pulse_metric_get_id (pulse_metric_result_get_metric (result)), ".csv", NULL);
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autofree char *csv = pulse_data_export_dup_csv (result);

      if (!pulse_file_write_atomically (path, csv, strlen (csv), error))
        return FALSE;
    }
  return TRUE;
}
