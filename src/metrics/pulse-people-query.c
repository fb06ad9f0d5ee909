/* pulse-people-query.c: the persons behind one number of a metric
 *
 * A metric that counts persons has, in the catalog, a `people` query
 * next to its SQL (data/metrics/people_args.sql describes its
 * arguments): the set of persons one of its numbers counts, defined
 * exactly as the metric's SQL counts them, so that the list's length is
 * the number. Here that set is counted, and read a page at a time:
 * keyset pages by person id, joined to the person's role, sign-up day,
 * profile headline and (only when asked) e-mail address. Every value is
 * a bound parameter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "pulse-error.h"
#include "pulse-metric-query.h"
#include "pulse-people-query.h"

struct _PulsePeopleQuery
{
  GObject          parent_instance;

  PulseMetric     *metric;
  PulseQueryRange *range;
  PulseSegment     segment;
  char            *series;
  char             start[11];
  int              period;
  gboolean         dropped;
};

G_DEFINE_FINAL_TYPE (PulsePeopleQuery, pulse_people_query, G_TYPE_OBJECT)

static void
pulse_people_query_finalize (GObject *object)
{
  PulsePeopleQuery *self = (PulsePeopleQuery *)object;

  g_clear_object (&self->metric);
  g_clear_pointer (&self->range, pulse_query_range_unref);
  g_free (self->series);

  G_OBJECT_CLASS (pulse_people_query_parent_class)->finalize (object);
}

static void
pulse_people_query_class_init (PulsePeopleQueryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_people_query_finalize;
}

static void
pulse_people_query_init (PulsePeopleQuery *self)
{
}

/**
 * pulse_metric_counts_people:
 *
 * Whether some variant of @metric lists the persons behind its numbers:
 * only those numbers are worth a click.
 */
gboolean
pulse_metric_counts_people (PulseMetric *metric)
{
  GPtrArray *variants;

  g_return_val_if_fail (PULSE_IS_METRIC (metric), FALSE);

  variants = pulse_metric_get_variants (metric);
  for (guint i = 0; i < variants->len; i++)
    if (((PulseMetricVariant *)g_ptr_array_index (variants, i))->people_sql != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
chart_is (PulseMetric *metric,
          const char  *chart)
{
  return g_str_equal (pulse_metric_get_chart (metric), chart);
}

/* A retention table's rows are cohorts; its cells are (kind, period N). */
static gboolean
is_cohort_table (PulseMetric *metric)
{
  return chart_is (metric, "cohort");
}

static gboolean
invalid (GError     **error,
         const char  *message,
         const char  *value)
{
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT, message, value);
  return FALSE;
}

static gboolean
has_step (PulseMetric *metric,
          const char  *step_id)
{
  GPtrArray *steps = pulse_metric_get_steps (metric);

  for (guint i = 0; i < steps->len; i++)
    if (g_str_equal (((PulseMetricField *)g_ptr_array_index (steps, i))->id, step_id))
      return TRUE;
  return FALSE;
}

static gboolean
is_count (const char *text)
{
  char *end = NULL;
  guint64 value;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  return *end == '\0' && value > 0 && value <= G_MAXINT;
}

/* The series a number belongs to: a chart's series, a funnel's step, a
 * histogram's k or a retention cell's kind. A series that is one
 * segment's (dau's "BUILDER") decides the segment. */
static gboolean
check_series (PulsePeopleQuery  *self,
              GError           **error)
{
  PulseMetric *metric = self->metric;
  const PulseMetricField *field;

  if (chart_is (metric, "funnel"))
    return has_step (metric, self->series) ||
           invalid (error, _("“%s” is not a step of this funnel"), self->series);
  if (chart_is (metric, "histogram"))
    return is_count (self->series) ||
           invalid (error, _("“%s” is not a number of days"), self->series);
  if (is_cohort_table (metric))
    return g_str_equal (self->series, "on") || g_str_equal (self->series, "on_or_after") ||
           invalid (error, _("“%s” is not a retention cell: use “on” or “on_or_after”"), self->series);

  field = pulse_metric_find_series (metric, self->series);
  if (field == NULL)
    return invalid (error, _("“%s” is not a series of this metric"), self->series);
  if (field->by_segment && field->segment != PULSE_SEGMENT_ALL)
    self->segment = field->segment;
  return TRUE;
}

/* Range-level metrics (a funnel, a histogram) have no buckets: their
 * start is the range's first day. Others name one of the range's buckets. */
static gboolean
check_start (PulsePeopleQuery  *self,
             const char        *start,
             GError           **error)
{
  g_auto(GStrv) buckets = NULL;

  if (pulse_people_query_is_range_level (self))
    {
      pulse_format_iso_date (pulse_query_range_get_from (self->range), self->start);
      return TRUE;
    }
  buckets = pulse_query_range_dup_buckets (self->range);
  if (start == NULL || !g_strv_contains ((const char * const *)buckets, start))
    return invalid (error, _("“%s” is not the first day of a bucket of the range"), start ? start : "");
  g_strlcpy (self->start, start, sizeof self->start);
  return TRUE;
}

static gboolean
check_extras (PulsePeopleQuery  *self,
              GError           **error)
{
  int n_max = pulse_query_range_get_granularity (self->range) == PULSE_GRANULARITY_DAY ? 30 : 12;
  g_autofree char *period = g_strdup_printf ("%d", self->period);

  if (is_cohort_table (self->metric) && (self->period < 0 || self->period > n_max))
    return invalid (error, _("Period “%s” is not a column of the retention table"), period);
  if (!is_cohort_table (self->metric) && self->period >= 0)
    return invalid (error, _("Period “%s” is only for retention cells"), period);
  if (self->dropped && !chart_is (self->metric, "funnel"))
    return invalid (error, _("“%s” has no drop-off: only a funnel step has"), pulse_metric_get_id (self->metric));
  return TRUE;
}

/**
 * pulse_people_query_new:
 * @series: the series (dau: "all", "BUILDER", …), funnel step, histogram
 *   k, or retention cell kind ("on", "on_or_after") clicked
 * @start: (nullable): the bucket's label (its first day in the range), a
 *   cohort's start; ignored by range-level metrics
 * @period: a retention cell's period N, else -1
 * @dropped: a funnel step's drop-off: its persons who missed the next step
 *
 * Returns: (transfer full): the query, or %NULL with a
 *   %PULSE_ERROR_INVALID_ARGUMENT that says what does not fit
 */
PulsePeopleQuery *
pulse_people_query_new (PulseMetric      *metric,
                        PulseQueryRange  *range,
                        PulseSegment      segment,
                        const char       *series,
                        const char       *start,
                        int               period,
                        gboolean          dropped,
                        GError          **error)
{
  g_autoptr(PulsePeopleQuery) self = NULL;

  g_return_val_if_fail (PULSE_IS_METRIC (metric), NULL);
  g_return_val_if_fail (range != NULL, NULL);
  g_return_val_if_fail (series != NULL, NULL);

  if (!pulse_metric_counts_people (metric))
    {
      invalid (error, _("“%s” does not count persons: it has no list of people"), pulse_metric_get_id (metric));
      return NULL;
    }

  self = g_object_new (PULSE_TYPE_PEOPLE_QUERY, NULL);
  self->metric = g_object_ref (metric);
  self->range = pulse_query_range_ref (range);
  self->segment = segment;
  self->series = g_strdup (series);
  self->period = period;
  self->dropped = dropped;

  if (!check_series (self, error) || !check_start (self, start, error) || !check_extras (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

PulseMetric *
pulse_people_query_get_metric (PulsePeopleQuery *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), NULL);
  return self->metric;
}

PulseQueryRange *
pulse_people_query_get_range (PulsePeopleQuery *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), NULL);
  return self->range;
}

/* Returns: the segment counted: the one asked for, or the series' own */
PulseSegment
pulse_people_query_get_segment (PulsePeopleQuery *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), PULSE_SEGMENT_ALL);
  return self->segment;
}

const char *
pulse_people_query_get_series (PulsePeopleQuery *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), NULL);
  return self->series;
}

/* Returns: the bucket's first day in the range (the range's first day
 * for a range-level metric) */
const char *
pulse_people_query_get_start (PulsePeopleQuery *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), NULL);
  return self->start;
}

int
pulse_people_query_get_period (PulsePeopleQuery *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), -1);
  return self->period;
}

gboolean
pulse_people_query_get_dropped (PulsePeopleQuery *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), FALSE);
  return self->dropped;
}

/* Whether the number is the whole range's (a funnel step, a histogram bar). */
gboolean
pulse_people_query_is_range_level (PulsePeopleQuery *self)
{
  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), FALSE);
  return chart_is (self->metric, "funnel") || chart_is (self->metric, "histogram");
}

/* The variant the metric's numbers come from on this database. */
static const PulseMetricVariant *
choose_variant (PulsePeopleQuery  *self,
                GHashTable        *existing_tables,
                GError           **error)
{
  const PulseMetricVariant *variant = pulse_metric_choose_variant (self->metric, existing_tables);

  if (variant != NULL && variant->people_sql != NULL)
    return variant;
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_QUERY,
               /* Translators: a metric id */
               _("The persons behind “%s” are not known on this database: its numbers are estimated or a proxy"),
               pulse_metric_get_id (self->metric));
  return NULL;
}

#define N_PARAMS 9

/* The people query's arguments, in people_args.sql's order; @storage
 * keeps the texts alive. */
static void
fill_params (PulsePeopleQuery *self,
             const char       *params[N_PARAMS],
             char              storage[3][16])
{
  pulse_query_range_fill_params (self->range, storage[0], storage[1]);
  g_snprintf (storage[2], sizeof storage[2], "%d", self->period);
  params[0] = storage[0];
  params[1] = storage[1];
  params[2] = pulse_query_range_get_timezone (self->range);
  params[3] = pulse_granularity_to_string (pulse_query_range_get_granularity (self->range));
  params[4] = self->start;
  params[5] = pulse_segment_to_string (self->segment);
  params[6] = self->series;
  params[7] = storage[2];
  params[8] = self->dropped ? "true" : "false";
}

static void
explain_failure (PulsePeopleQuery          *self,
                 const PulseMetricVariant  *variant,
                 GError                   **error)
{
  if ((*error)->domain == PULSE_ERROR && (*error)->code != PULSE_ERROR_TIMEOUT)
    /* Translators: a metric id and its SQL file; the reason follows */
    g_prefix_error (error, _("The persons of “%s” (%s): "), pulse_metric_get_id (self->metric),
                    variant->people_origin);
}

/**
 * pulse_people_query_count:
 *
 * Returns: how many persons the number counts (the number itself), or
 *   -1 with @error set
 */
gint64
pulse_people_query_count (PulsePeopleQuery  *self,
                          PGconn            *conn,
                          GHashTable        *existing_tables,
                          GCancellable      *cancellable,
                          GError           **error)
{
  const PulseMetricVariant *variant;
  const char *params[N_PARAMS];
  char storage[3][16];
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), -1);

  if (!(variant = choose_variant (self, existing_tables, error)))
    return -1;
  fill_params (self, params, storage);
  sql = g_strdup_printf ("SELECT count(*) FROM (\n%s\n) AS people", variant->people_sql);
  result = pulse_metric_query_run_isolated (conn, sql, N_PARAMS, params, cancellable, error);
  if (result == NULL)
    {
      explain_failure (self, variant, error);
      return -1;
    }
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

/* The list's columns; a platform without profiles has no headlines. */
static char *
page_sql (const PulseMetricVariant *variant,
          GHashTable               *existing_tables)
{
  const char *headline = g_hash_table_contains (existing_tables, "profiles")
    ? "(SELECT pr.headline FROM profiles pr WHERE pr.person_id = q.person_id ORDER BY pr.id LIMIT 1)"
    : "NULL::text";

  return g_strdup_printf ("SELECT q.person_id, p.role::text, "
                          "       to_char(p.created_at AT TIME ZONE $3::text, 'YYYY-MM-DD'), "
                          "       %s, CASE WHEN $12::boolean THEN p.email::text END, "
                          "       q.active_days, to_char(q.last_active, 'YYYY-MM-DD') "
                          "  FROM (\n%s\n) AS q "
                          "  LEFT JOIN persons p ON p.id = q.person_id "
                          " WHERE q.person_id > $10::bigint "
                          " ORDER BY q.person_id "
                          " LIMIT $11::integer",
                          headline, variant->people_sql);
}

static const char *
get_value (const PGresult *result,
           int             row,
           int             column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

static PulsePerson *
person_from_row (const PGresult *result,
                 int             row)
{
  PulsePersonFields fields = {
    .id = g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10),
    .role = get_value (result, row, 1),
    .signed_up = get_value (result, row, 2),
    .headline = get_value (result, row, 3),
    .email = get_value (result, row, 4),
    .active_days = PQgetisnull (result, row, 5) ? -1 : atoi (PQgetvalue (result, row, 5)),
    .last_active = get_value (result, row, 6),
  };

  return pulse_person_new (&fields);
}

/**
 * pulse_people_query_fetch:
 * @after_id: the last id of the page before, or %PULSE_PEOPLE_FIRST
 * @limit: the page's size
 * @with_email: read e-mail addresses (the user's choice); otherwise they
 *   never leave the server
 *
 * Returns: (transfer container) (element-type PulsePerson): the persons
 *   after @after_id in id order, at most @limit; %NULL with @error set
 */
GPtrArray *
pulse_people_query_fetch (PulsePeopleQuery  *self,
                          PGconn            *conn,
                          GHashTable        *existing_tables,
                          gint64             after_id,
                          guint              limit,
                          gboolean           with_email,
                          GCancellable      *cancellable,
                          GError           **error)
{
  const PulseMetricVariant *variant;
  const char *params[N_PARAMS + 3];
  char storage[3][16];
  char after[32], page_size[16];
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) result = NULL;
  GPtrArray *persons;

  g_return_val_if_fail (PULSE_IS_PEOPLE_QUERY (self), NULL);
  g_return_val_if_fail (limit > 0, NULL);

  if (!(variant = choose_variant (self, existing_tables, error)))
    return NULL;
  fill_params (self, params, storage);
  g_snprintf (after, sizeof after, "%" G_GINT64_FORMAT, after_id);
  g_snprintf (page_size, sizeof page_size, "%u", limit);
  params[N_PARAMS] = after;
  params[N_PARAMS + 1] = page_size;
  params[N_PARAMS + 2] = with_email ? "true" : "false";

  sql = page_sql (variant, existing_tables);
  result = pulse_metric_query_run_isolated (conn, sql, G_N_ELEMENTS (params), params, cancellable, error);
  if (result == NULL)
    {
      explain_failure (self, variant, error);
      return NULL;
    }
  persons = g_ptr_array_new_full (PQntuples (result), g_object_unref);
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (persons, person_from_row (result, row));
  return persons;
}
