/* pulse-metric-query.c: running catalog metrics on a connection
 *
 * Every variant's SQL takes ($1 first day, $2 last day, $3 zone,
 * $4 granularity) and returns rows of (kind, key, label, value); see
 * pulse-metric-result.c for what each kind means.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-error.h"
#include "pulse-metric-query.h"
#include "pulse-metric-result-private.h"

static gboolean
check_columns (PulseMetric     *metric,
               const PGresult  *result,
               GError         **error)
{
  static const char * const expected[] = { "kind", "key", "label", "value" };

  if (PQnfields (result) == G_N_ELEMENTS (expected))
    {
      gboolean ok = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        ok = ok && g_str_equal (PQfname (result, (int)i), expected[i]);
      if (ok)
        return TRUE;
    }

  g_set_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
               /* Translators: %s is a metric id; the column names are SQL */
               _("The query of metric “%s” must return the columns kind, key, label, value"),
               pulse_metric_get_id (metric));
  return FALSE;
}

static const char *
get_value (const PGresult *result,
           int             row,
           int             column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

static gboolean
load_rows (PulseMetricResult  *self,
           const PGresult     *result,
           GError            **error)
{
  for (int row = 0; row < PQntuples (result); row++)
    if (!pulse_metric_result_add_row (self, get_value (result, row, 0), get_value (result, row, 1),
                                      get_value (result, row, 2), get_value (result, row, 3), error))
      return FALSE;
  return pulse_metric_result_finish (self, error);
}

static char *
describe_missing (const PulseMetricVariant *variant,
                  GHashTable               *existing_tables)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) missing = NULL;

  for (guint i = 0; variant->requires[i]; i++)
    if (!g_hash_table_contains (existing_tables, variant->requires[i]))
      g_strv_builder_add (builder, variant->requires[i]);
  missing = g_strv_builder_end (builder);
  return g_strjoinv (", ", missing);
}

/**
 * pulse_metric_query_run:
 *
 * Runs the first variant of @metric whose tables exist. Blocking: call it
 * from the worker thread or the headless command line only.
 */
PulseMetricResult *
pulse_metric_query_run (PulseMetric      *metric,
                        PGconn           *conn,
                        PulseQueryRange  *range,
                        GHashTable       *existing_tables,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(PulseMetricResult) self = NULL;
  g_autoptr(PGresult) result = NULL;
  const PulseMetricVariant *variant;
  char from[11], to[11];
  const char *params[4];

  g_return_val_if_fail (PULSE_IS_METRIC (metric), NULL);
  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (range != NULL, NULL);

  variant = pulse_metric_choose_variant (metric, existing_tables);
  if (variant == NULL)
    {
      GPtrArray *variants = pulse_metric_get_variants (metric);
      g_autofree char *missing = describe_missing (g_ptr_array_index (variants, variants->len - 1),
                                                   existing_tables);
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
                   /* Translators: a metric's title, then the names of the missing tables */
                   _("This database lacks the tables “%s” needs: %s"),
                   pulse_metric_get_title (metric), missing);
      return NULL;
    }

  pulse_query_range_fill_params (range, from, to);
  params[0] = from;
  params[1] = to;
  params[2] = pulse_query_range_get_timezone (range);
  params[3] = pulse_granularity_to_string (pulse_query_range_get_granularity (range));

  result = pulse_db_exec (conn, variant->sql, G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL || !check_columns (metric, result, error))
    return NULL;

  self = pulse_metric_result_new (metric, variant, range);
  if (!load_rows (self, result, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * pulse_metric_query_run_catalog:
 *
 * Blocking: runs every metric of @catalog, in catalog order, on @conn.
 *
 * Returns: (transfer container): the results
 */
GPtrArray *
pulse_metric_query_run_catalog (PulseCatalog     *catalog,
                                PGconn           *conn,
                                PulseQueryRange  *range,
                                GCancellable     *cancellable,
                                GError          **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) tables = pulse_db_list_tables (conn, cancellable, error);
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);

  if (tables == NULL)
    return NULL;

  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetricResult *result = pulse_metric_query_run (g_ptr_array_index (metrics, i), conn,
                                                          range, tables, cancellable, error);
      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}
