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

/* kind, key, label, value and, for a query split by role, segment. */
static gboolean
check_columns (const PGresult  *result,
               GError         **error)
{
  static const char * const expected[] = { "kind", "key", "label", "value", "segment" };
  int n = PQnfields (result);
  gboolean ok = n == 4 || n == 5;

  for (int i = 0; ok && i < n; i++)
    ok = g_str_equal (PQfname (result, i), expected[i]);
  if (ok)
    return TRUE;

  g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_CATALOG,
                       /* Translators: the column names are SQL */
                       _("the query must return the columns kind, key, label, value and optionally segment"));
  return FALSE;
}

/* Each metric runs in a read-only transaction of its own, under its own
 * statement timeout, and is rolled back: whatever its SQL changes
 * (set_config (…, false) included) is undone, so no query can change
 * what the next one runs under. */
static PGresult *
run_isolated (PGconn              *conn,
              const char          *sql,
              const char * const  *params,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree char *timeout = g_strdup_printf ("%u", pulse_db_get_statement_timeout (conn));
  const char *timeout_params[] = { timeout };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) rollback_error = NULL;

  if (!pulse_db_exec_command (conn, "BEGIN READ ONLY", 0, NULL, cancellable, error))
    return NULL;
  if (pulse_db_exec_command (conn, "SELECT pg_catalog.set_config ('statement_timeout', $1, true)",
                    1, timeout_params, cancellable, error))
    result = pulse_db_exec (conn, sql, 4, params, cancellable, error);
  /* Whatever happened, the transaction ends (a lost connection has none). */
  if (!pulse_db_exec_command (conn, "ROLLBACK", 0, NULL, NULL, result ? error : &rollback_error))
    g_clear_pointer (&result, PQclear);
  return g_steal_pointer (&result);
}

/* Names the metric and its SQL in a failed query's message; a statement
 * timeout says what to do about it. */
static void
explain_failure (PulseMetric               *metric,
                 const PulseMetricVariant  *variant,
                 PGconn                    *conn,
                 GError                   **error)
{
  guint timeout_s = (pulse_db_get_statement_timeout (conn) + 999) / 1000;

  if (g_error_matches (*error, PULSE_ERROR, PULSE_ERROR_TIMEOUT) && PQstatus (conn) == CONNECTION_OK)
    {
      g_clear_error (error);
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_TIMEOUT,
                   /* Translators: a metric id, its SQL file, then a number of seconds */
                   _("Metric “%s” (%s) was stopped by the statement timeout (%u s): "
                     "choose a shorter range, or give the connection a longer timeout"),
                   pulse_metric_get_id (metric), variant->origin, timeout_s);
    }
  else if ((*error)->domain == PULSE_ERROR)
    /* Translators: a metric id and its SQL file; the reason follows */
    g_prefix_error (error, _("Metric “%s” (%s): "), pulse_metric_get_id (metric), variant->origin);
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
  gboolean split = PQnfields (result) == 5;

  for (int row = 0; row < PQntuples (result); row++)
    if (!pulse_metric_result_add_row (self, get_value (result, row, 0), get_value (result, row, 1),
                                      get_value (result, row, 2), get_value (result, row, 3),
                                      split ? get_value (result, row, 4) : NULL, error))
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

  if (!pulse_query_range_check_span (pulse_query_range_get_from (range),
                                     pulse_query_range_get_to (range), error))
    return NULL;
  variant = pulse_metric_choose_variant (metric, existing_tables);
  if (variant == NULL)
    {
      GPtrArray *variants = pulse_metric_get_variants (metric);
      g_autofree char *missing = describe_missing (g_ptr_array_index (variants, variants->len - 1),
                                                   existing_tables);
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
                   /* Translators: a metric's title, then the names of the missing tables */
                   _("This database lacks the tables “%s” needs, or this role may not read them: %s"),
                   pulse_metric_get_title (metric), missing);
      return NULL;
    }

  pulse_query_range_fill_params (range, from, to);
  params[0] = from;
  params[1] = to;
  params[2] = pulse_query_range_get_timezone (range);
  params[3] = pulse_granularity_to_string (pulse_query_range_get_granularity (range));

  result = run_isolated (conn, variant->sql, params, cancellable, error);
  if (result == NULL || !check_columns (result, error))
    {
      explain_failure (metric, variant, conn, error);
      return NULL;
    }

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
