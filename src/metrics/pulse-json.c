/* pulse-json.c: numbers of results in JSON, as the export and the snapshot write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "pulse-json.h"

/* Counts are written as integers, everything else as a double; JSON
 * has no infinity, so what is not finite (and NaN, a NULL) is null. */
void
pulse_json_add_number (JsonBuilder *builder,
                       double       value)
{
  if (!isfinite (value))
    json_builder_add_null_value (builder);
  else if (value == floor (value) && fabs (value) < 9007199254740992.0)
    json_builder_add_int_value (builder, (gint64)value);
  else
    json_builder_add_double_value (builder, value);
}

/* "@name": [@values...] */
void
pulse_json_add_numbers (JsonBuilder  *builder,
                        const char   *name,
                        const double *values,
                        guint         n_values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_values; i++)
    pulse_json_add_number (builder, values[i]);
  json_builder_end_array (builder);
}

/* "cohorts": [{"start", "size", "on", "on_or_after", "partial_from"}];
 * a part without rows (nobody of that role) has none. The snapshot reads
 * them back by position, so "start" is for readers of the export. */
void
pulse_json_add_cohorts (JsonBuilder       *builder,
                        PulseMetricResult *part)
{
  guint n_periods = pulse_metric_result_get_n_periods (part);

  json_builder_set_member_name (builder, "cohorts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pulse_metric_result_get_n_cohorts (part); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, pulse_metric_result_get_cohort_start (part, i));
      json_builder_set_member_name (builder, "size");
      pulse_json_add_number (builder, pulse_metric_result_get_cohort_size (part, i));
      pulse_json_add_numbers (builder, "on", pulse_metric_result_get_cohort_on (part, i), n_periods);
      pulse_json_add_numbers (builder, "on_or_after", pulse_metric_result_get_cohort_on_or_after (part, i), n_periods);
      json_builder_set_member_name (builder, "partial_from");
      pulse_json_add_number (builder, pulse_metric_result_get_cohort_partial_from (part, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}
