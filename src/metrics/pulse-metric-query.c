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

#include <math.h>

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
PGresult *
pulse_metric_query_run_isolated (PGconn              *conn,
              const char          *sql,
              int                  n_params,
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
    result = pulse_db_exec (conn, sql, n_params, params, cancellable, error);
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

  result = pulse_metric_query_run_isolated (conn, variant->sql, G_N_ELEMENTS (params), params, cancellable, error);
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

/* The bundled catalog, to tell its metrics from a user catalog's. */
static PulseCatalog *
stock_catalog (void)
{
  static gsize loaded = 0;
  static PulseCatalog *catalog = NULL;

  if (g_once_init_enter (&loaded))
    {
      g_autoptr(GError) error = NULL;

      if (!(catalog = pulse_catalog_new_bundled (&error)))
        g_warning ("The bundled catalog does not load: %s", error->message);
      g_once_init_leave (&loaded, 1);
    }
  return catalog;
}

/**
 * pulse_metric_query_uses_activity:
 *
 * Whether the activity index answers @metric: one of its metrics, whose
 * chosen variant is the stock catalog's SQL (which stays the definition;
 * a user's own SQL runs as written).
 */
gboolean
pulse_metric_query_uses_activity (PulseMetric *metric,
                                  GHashTable  *existing_tables)
{
  const char *id = pulse_metric_get_id (metric);
  const PulseMetricVariant *variant;
  PulseMetric *stock;

  if (!pulse_activity_index_supports (id) || stock_catalog () == NULL ||
      !(variant = pulse_metric_choose_variant (metric, existing_tables)) ||
      !(stock = pulse_catalog_lookup (stock_catalog (), id)))
    return FALSE;
  return g_strcmp0 (variant->sql, pulse_metric_get_table_variant (stock)->sql) == 0;
}

/* The days @metric_id (%NULL: every activity metric) reads for @range. */
static void
activity_span (const char      *metric_id,
               PulseQueryRange *range,
               GDate           *first,
               GDate           *last)
{
  pulse_activity_index_get_span (metric_id, pulse_granularity_to_string (pulse_query_range_get_granularity (range)),
                                 pulse_query_range_get_from (range), pulse_query_range_get_to (range), first, last);
}

/* Blocking: brings @index up to date for the days every activity metric
 * reads for @range, in one pass. */
gboolean
pulse_metric_query_update_activity (PulseActivityIndex  *index,
                                    PGconn              *conn,
                                    PulseQueryRange     *range,
                                    GCancellable        *cancellable,
                                    GError             **error)
{
  GDate first, last;

  if (!pulse_query_range_check_span (pulse_query_range_get_from (range),
                                     pulse_query_range_get_to (range), error))
    return FALSE;
  activity_span (NULL, range, &first, &last);
  return pulse_activity_index_update_span (index, conn, &first, &last, cancellable, error);
}

/* Whether @index holds the days @metric reads for @range: then it answers
 * without a query over the events (or its SQL does, when a table it reads
 * could not be read). */
gboolean
pulse_metric_query_covers_activity (PulseActivityIndex *index,
                                    PulseMetric        *metric,
                                    PulseQueryRange    *range)
{
  GDate first, last;

  activity_span (pulse_metric_get_id (metric), range, &first, &last);
  return pulse_activity_index_covers_metric (index, pulse_metric_get_id (metric), &first, &last);
}

/* Each row as the SQL would send it, NAN a NULL. */
static gboolean
add_activity_row (const char  *kind,
                  const char  *key,
                  const char  *label,
                  double       value,
                  const char  *segment,
                  gpointer     user_data,
                  GError     **error)
{
  return pulse_metric_result_add_number_row (user_data, kind, key, label, value, segment, error);
}

/**
 * pulse_metric_query_run_activity:
 *
 * @metric's result from @index (updated for @range, in @range's zone),
 * with the rows its SQL variant would return; see
 * pulse_metric_query_uses_activity().
 */
PulseMetricResult *
pulse_metric_query_run_activity (PulseMetric         *metric,
                                 PulseActivityIndex  *index,
                                 PulseQueryRange     *range,
                                 GHashTable          *existing_tables,
                                 GError             **error)
{
  g_autoptr(PulseMetricResult) self = NULL;
  g_auto(GStrv) buckets = pulse_query_range_dup_buckets (range);

  g_return_val_if_fail (pulse_metric_query_uses_activity (metric, existing_tables), NULL);
  g_return_val_if_fail (g_str_equal (pulse_activity_index_get_timezone (index),
                                     pulse_query_range_get_timezone (range)), NULL);

  self = pulse_metric_result_new (metric, pulse_metric_choose_variant (metric, existing_tables), range);
  if (!pulse_activity_index_compute (index, pulse_metric_get_id (metric), pulse_query_range_get_from (range),
                                     pulse_query_range_get_to (range),
                                     pulse_granularity_to_string (pulse_query_range_get_granularity (range)),
                                     (const char * const *) buckets,
                                     add_activity_row, self, error) ||
      !pulse_metric_result_finish (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Up to date for @range and checked: a run that ends with its output
 * has no later moment to correct numbers from the cache. */
static gboolean
prepare_activity (PulseActivityIndex  *index,
                  PulseMetric         *metric,
                  PGconn              *conn,
                  PulseQueryRange     *range,
                  GCancellable        *cancellable,
                  GError             **error)
{
  if (!pulse_metric_query_covers_activity (index, metric, range) &&
      !pulse_metric_query_update_activity (index, conn, range, cancellable, error))
    return FALSE;
  return pulse_activity_index_is_verified (index) ||
         pulse_activity_index_verify (index, conn, NULL, cancellable, error);
}

/* From @index while it works; a failure other than a cancel leaves the
 * rest of the run to the SQL (clears *index). */
static PulseMetricResult *
run_preferring_activity (PulseMetric          *metric,
                         PGconn               *conn,
                         PulseQueryRange      *range,
                         GHashTable           *tables,
                         PulseActivityIndex  **index,
                         GCancellable         *cancellable,
                         GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (*index == NULL || !pulse_metric_query_uses_activity (metric, tables))
    return pulse_metric_query_run (metric, conn, range, tables, cancellable, error);
  if (!prepare_activity (*index, metric, conn, range, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_debug ("Activity metrics from SQL: %s", local_error->message);
      g_clear_object (index);
      return pulse_metric_query_run (metric, conn, range, tables, cancellable, error);
    }
  /* A table of its own could not be read (or the range needs
   * session_duration's estimate): its SQL answers. */
  if (!pulse_activity_index_answers_range (*index, pulse_metric_get_id (metric), pulse_query_range_get_from (range),
                                           pulse_query_range_get_to (range)))
    return pulse_metric_query_run (metric, conn, range, tables, cancellable, error);
  return pulse_metric_query_run_activity (metric, *index, range, tables, error);
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
  return pulse_metric_query_run_catalog_as (catalog, conn, range, NULL, cancellable, error);
}

/**
 * pulse_metric_query_run_catalog_as:
 * @identity: (nullable): whose data this is, for the activity cache,
 *   when the connection does not say it the same way each time (see
 *   pulse_activity_index_set_identity()); %NULL: the connection's
 *
 * pulse_metric_query_run_catalog(), naming the workspace.
 */
GPtrArray *
pulse_metric_query_run_catalog_as (PulseCatalog     *catalog,
                                   PGconn           *conn,
                                   PulseQueryRange  *range,
                                   const char       *identity,
                                   GCancellable     *cancellable,
                                   GError          **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) tables = pulse_db_list_tables (conn, cancellable, error);
  g_autofree char *cache_dir = pulse_activity_cache_dup_default_dir ();
  g_autoptr(PulseActivityIndex) index = pulse_activity_index_new (pulse_query_range_get_timezone (range),
                                                                  cache_dir);
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  GDate first_day;

  pulse_activity_index_set_identity (index, identity);
  if (tables == NULL ||
      !pulse_metric_query_first_day (conn, tables, pulse_query_range_get_timezone (range), &first_day,
                                     cancellable, error))
    return NULL;

  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetricResult *result = run_preferring_activity (g_ptr_array_index (metrics, i), conn, range,
                                                           tables, &index, cancellable, error);
      if (result == NULL)
        return NULL;
      pulse_metric_result_set_first_day (result, &first_day);
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}

/**
 * pulse_metric_query_first_day:
 * @day: (out caller-allocates): the day, in @timezone, of the earliest
 *   sign-up; cleared when there is none (or no persons table)
 *
 * When the platform's data begins: a previous period that starts
 * earlier is no fair comparison. Blocking, like pulse_metric_query_run().
 */
gboolean
pulse_metric_query_first_day (PGconn        *conn,
                              GHashTable    *existing_tables,
                              const char    *timezone,
                              GDate         *day,
                              GCancellable  *cancellable,
                              GError       **error)
{
  const char *params[] = { timezone };
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (existing_tables != NULL, FALSE);
  g_return_val_if_fail (timezone != NULL, FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  g_date_clear (day, 1);
  if (!g_hash_table_contains (existing_tables, "persons"))
    return TRUE;
  result = pulse_metric_query_run_isolated (conn,
                         "SELECT to_char (min (created_at) AT TIME ZONE $1::text, 'YYYY-MM-DD') FROM persons",
                         G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL)
    return FALSE;
  if (!PQgetisnull (result, 0, 0))
    pulse_parse_iso_date (PQgetvalue (result, 0, 0), day);
  return TRUE;
}
