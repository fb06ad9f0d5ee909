/* test-people.c: the persons behind a number are as many as the number
 *
 * On the hand-made fixture, in UTC and America/New_York, by day, week
 * and month: every number of every metric that counts persons (each
 * bucket of each series and segment, each funnel step and its drop-off,
 * each histogram bar, each retention cell) against the length of its
 * people list, counted and read page by page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "pulse-error.h"
#include "pulse-metric-query.h"
#include "pulse-people-query.h"
#include "pulse-test-pg.h"

static PulseCatalog *catalog;

typedef struct
{
  PGconn          *conn;
  GHashTable      *tables;
  PulseQueryRange *range;
  guint            checked;
  guint            nonzero;
} Check;

/* Reads the whole list in pages of @page_size; returns its length. */
static gint64
read_all (Check            *check,
          PulsePeopleQuery *query,
          guint             page_size)
{
  gint64 after = PULSE_PEOPLE_FIRST;
  gint64 n = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = pulse_people_query_fetch (query, check->conn, check->tables, after, page_size,
                                                            FALSE, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        {
          PulsePerson *person = g_ptr_array_index (page, i);
          g_assert_cmpint (pulse_person_get_id (person), >, after);  /* ascending, no repeats */
          g_assert_null (pulse_person_get_email (person));
          after = pulse_person_get_id (person);
        }
      n += page->len;
      if (page->len < page_size)
        return n;
    }
}

static void
expect (Check       *check,
        PulseMetric *metric,
        PulseSegment segment,
        const char  *series,
        const char  *start,
        int          period,
        gboolean     dropped,
        double       value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulsePeopleQuery) query = pulse_people_query_new (metric, check->range, segment, series, start,
                                                              period, dropped, &error);
  gint64 count;

  g_assert_no_error (error);
  count = pulse_people_query_count (query, check->conn, check->tables, NULL, &error);
  g_assert_no_error (error);
  if (count != (gint64)value)
    g_error ("%s %s %s %s N=%d dropped=%d: %" G_GINT64_FORMAT " persons, the metric says %g",
             pulse_metric_get_id (metric), pulse_segment_to_string (segment), series, start, period, dropped,
             count, value);
  /* Pages of 2 cross page boundaries on the fixture's small numbers. */
  if (count > 0)
    g_assert_cmpint (read_all (check, query, 2), ==, count);
  check->checked++;
  check->nonzero += count > 0;
}

static void
check_series (Check             *check,
              PulseMetric       *metric,
              PulseMetricResult *part,
              PulseSegment       segment)
{
  const char * const *buckets = pulse_metric_result_get_buckets (part);

  for (guint i = 0; i < pulse_metric_result_get_n_series (part); i++)
    {
      const double *values = pulse_metric_result_get_series_values (part, i);
      const char *series = pulse_metric_result_get_series_id (part, i);
      const PulseMetricField *field = pulse_metric_find_series (metric, series);

      /* A role's series counts in its role only. */
      if (field->by_segment && field->segment != PULSE_SEGMENT_ALL && segment != PULSE_SEGMENT_ALL)
        continue;
      for (guint j = 0; buckets[j] != NULL; j++)
        expect (check, metric, segment, series, buckets[j], -1, FALSE, values[j]);
    }
}

static void
check_steps (Check             *check,
             PulseMetric       *metric,
             PulseMetricResult *result,
             PulseSegment       segment)
{
  GPtrArray *steps = pulse_metric_get_steps (metric);
  const char *seg = pulse_segment_to_string (segment);
  double before = NAN;
  const char *before_id = NULL;

  for (guint i = 0; i < steps->len; i++)
    {
      const char *id = ((PulseMetricField *)g_ptr_array_index (steps, i))->id;
      double value = pulse_metric_result_get_step_value (result, id, seg);

      if (isnan (value))
        continue;
      expect (check, metric, segment, id, NULL, -1, FALSE, value);
      if (before_id != NULL)
        expect (check, metric, segment, before_id, NULL, -1, TRUE, before - value);
      before = value;
      before_id = id;
    }
  /* Nobody drops off after the last step. */
  expect (check, metric, segment, before_id, NULL, -1, TRUE, 0);
}

static void
check_histogram (Check             *check,
                 PulseMetric       *metric,
                 PulseMetricResult *part,
                 PulseSegment       segment)
{
  for (guint i = 0; i < pulse_metric_result_get_n_histogram (part); i++)
    expect (check, metric, segment, pulse_metric_result_get_histogram_label (part, i), NULL, -1, FALSE,
            pulse_metric_result_get_histogram_value (part, i));
}

static void
check_cohorts (Check             *check,
               PulseMetric       *metric,
               PulseMetricResult *part,
               PulseSegment       segment)
{
  for (guint i = 0; i < pulse_metric_result_get_n_cohorts (part); i++)
    {
      const char *start = pulse_metric_result_get_cohort_start (part, i);
      const double *on = pulse_metric_result_get_cohort_on (part, i);
      const double *after = pulse_metric_result_get_cohort_on_or_after (part, i);

      for (guint n = 0; n < pulse_metric_result_get_n_periods (part); n++)
        {
          /* A cell not yet known has nobody. */
          expect (check, metric, segment, "on", start, n, FALSE, isnan (on[n]) ? 0 : on[n]);
          expect (check, metric, segment, "on_or_after", start, n, FALSE, isnan (after[n]) ? 0 : after[n]);
        }
    }
}

static void
check_metric (Check       *check,
              PulseMetric *metric)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseMetricResult) result = pulse_metric_query_run (metric, check->conn, check->range, check->tables,
                                                                NULL, &error);

  g_assert_no_error (error);
  for (PulseSegment s = PULSE_SEGMENT_ALL; s < PULSE_N_SEGMENTS; s++)
    {
      PulseMetricResult *part = pulse_metric_result_get_segment (result, s);

      if (pulse_metric_result_has_steps (result))
        check_steps (check, metric, result, s);
      else if (pulse_metric_has_histogram (metric))
        check_histogram (check, metric, part, s);
      else if (pulse_metric_result_has_cohorts (result))
        check_cohorts (check, metric, part, s);
      else
        check_series (check, metric, part, s);
    }
}

typedef struct
{
  const char       *zone;
  PulseGranularity  granularity;
} Case;

static void
test_counts (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *db = g_strdup_printf ("people_%u_%s", c->granularity, c->zone[0] == 'U' ? "utc" : "ny");
  g_autofree char *conninfo = pulse_test_pg_create_db (db);
  g_autoptr(GError) error = NULL;
  Check check = { 0 };
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  guint n_metrics = 0;

  pulse_test_pg_run_file (conninfo, "data/metrics-fixture.sql");
  check.conn = pulse_test_pg_connect_dashboard (conninfo);
  check.tables = pulse_db_list_tables (check.conn, NULL, &error);
  g_assert_no_error (error);
  check.range = pulse_query_range_new_parse ("2026-03-01", "2026-03-14", c->zone, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PulseQueryRange) plain = check.range;
    check.range = pulse_query_range_new (pulse_query_range_get_from (plain), pulse_query_range_get_to (plain),
                                         c->zone, c->granularity);
  }

  for (guint i = 0; i < metrics->len; i++)
    if (pulse_metric_counts_people (g_ptr_array_index (metrics, i)))
      {
        check_metric (&check, g_ptr_array_index (metrics, i));
        n_metrics++;
      }

  g_test_message ("%u numbers of %u metrics, %u of them not 0", check.checked, n_metrics, check.nonzero);
  /* signups, funnel, dau, wau, mau, active_days, lifecycle, retention */
  g_assert_cmpuint (n_metrics, ==, 8);
  g_assert_cmpuint (check.nonzero, >, 20);
  g_clear_pointer (&check.range, pulse_query_range_unref);
  g_clear_pointer (&check.tables, g_hash_table_unref);
  g_clear_pointer (&check.conn, PQfinish);
}

/* What does not name a number is refused, naming what is wrong. */
static void
test_invalid (void)
{
  g_autoptr(PulseQueryRange) range = NULL;
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *metric, *series, *start;
    int period;
    gboolean dropped;
  } cases[] = {
    { "finder_searches", "all", "2026-03-01", -1, FALSE },  /* counts no persons */
    { "dau", "nobody", "2026-03-01", -1, FALSE },           /* no such series */
    { "dau", "all", "2026-03-03", -1, FALSE },              /* not a bucket (weeks) */
    { "dau", "all", "2026-02-23", -1, FALSE },              /* before the range */
    { "dau", "all", "2026-03-01", 2, FALSE },               /* a period outside retention */
    { "dau", "all", "2026-03-01", -1, TRUE },               /* no drop-off outside funnels */
    { "retention", "on", "2026-03-01", 13, FALSE },         /* weeks: N is 0 .. 12 */
    { "retention", "all", "2026-03-01", 1, FALSE },
    { "signup_funnel", "paid", NULL, -1, FALSE },
    { "active_days", "0", NULL, -1, FALSE },
  };

  range = pulse_query_range_new_parse ("2026-03-01", "2026-03-14", "UTC", &error);
  g_assert_no_error (error);
  {
    g_autoptr(PulseQueryRange) plain = range;
    range = pulse_query_range_new (pulse_query_range_get_from (plain), pulse_query_range_get_to (plain), "UTC",
                                   PULSE_GRANULARITY_WEEK);
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PulsePeopleQuery) query = pulse_people_query_new (pulse_catalog_lookup (catalog, cases[i].metric),
                                                                  range, PULSE_SEGMENT_ALL, cases[i].series,
                                                                  cases[i].start, cases[i].period,
                                                                  cases[i].dropped, &error);
      g_assert_null (query);
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const Case cases[] = {
    { "UTC", PULSE_GRANULARITY_DAY },
    { "America/New_York", PULSE_GRANULARITY_DAY },
    { "UTC", PULSE_GRANULARITY_WEEK },
    { "America/New_York", PULSE_GRANULARITY_WEEK },
    { "UTC", PULSE_GRANULARITY_MONTH },
    { "America/New_York", PULSE_GRANULARITY_MONTH },
  };
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  pulse_test_pg_start ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/people/counts/%s/%s", cases[i].zone,
                                               pulse_granularity_to_string (cases[i].granularity));
      g_test_add_data_func (path, &cases[i], test_counts);
    }
  g_test_add_func ("/people/invalid", test_invalid);

  status = g_test_run ();
  pulse_test_pg_stop ();
  g_clear_object (&catalog);
  return status;
}
