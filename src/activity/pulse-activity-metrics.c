/* pulse-activity-metrics.c: the activity metrics, from the day sets
 *
 * Each function answers one metric of the stock catalog with the rows
 * its SQL variant returns (data/metrics/<id>.sql is the definition):
 * segments all, BUILDER and FINDER, where a person counts in all and in
 * the segment of their role. Rolling windows (wau, mau, stickiness) are
 * swept like the SQL does: each active day covers the W days from it,
 * cut at the person's next active day, summed as a difference array.
 * What several metrics share (the per-bucket tally, the rolling
 * windows) is worked out once per state of the store and kept in its
 * memo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pulse-activity-index.h"
#include "pulse-activity-store-private.h"
#include "pulse-error.h"

#define WAU_DAYS 7
#define MAU_DAYS 30
/* The index holds the days a range's windows reach back to. */
G_STATIC_ASSERT (MAU_DAYS == PULSE_ACTIVITY_LOOKBACK_DAYS + 1);

static const char * const segment_names[PULSE_ACTIVITY_N_SEGMENTS] = { "all", "BUILDER", "FINDER" };

/* The segment's name in the metrics' rows. */
const char *
pulse_activity_segment_get_name (PulseActivitySegment segment)
{
  return segment_names[segment];
}

typedef struct
{
  PulseActivityStore   *store;
  const guint8         *roles;
  guint                 offset;         /* index of the range's first day in the store */
  guint                 n_days;
  const guint          *bucket_of_day;
  const char * const   *labels;
  guint                 n_buckets;
  PulseActivityRowFunc  emit;
  gpointer              user_data;
} Query;

#define N_SEG PULSE_ACTIVITY_N_SEGMENTS
/* The slot of segment @s in bucket (or day) @i of a per-segment table. */
#define AT(i, s) ((gsize) (i) * N_SEG + (s))

static const PulseVisit *
visits_of (Query *q,
           gint   day,
           guint *n)
{
  return pulse_activity_store_get_visits (q->store, (guint) ((gint) q->offset + day), n);
}

/* Loops @s over the segments @person counts in: all, then their role's. */
#define FOR_SEGMENTS(q, person, s) \
  for (guint s = 0, s##_role = (q)->roles[person]; s < N_SEG; s = s == 0 && s##_role != 0 ? s##_role : N_SEG)

static gboolean
emit_series (Query        *q,
             const double *values,  /* AT (bucket, segment) */
             GError      **error)
{
  for (guint s = 0; s < N_SEG; s++)
    for (guint b = 0; b < q->n_buckets; b++)
      if (!q->emit ("series", "all", q->labels[b], values[AT (b, s)], segment_names[s], q->user_data, error))
        return FALSE;
  return TRUE;
}

static gboolean
emit_summary (Query        *q,
              const char   *key,
              const double *values,  /* per segment */
              GError      **error)
{
  for (guint s = 0; s < N_SEG; s++)
    if (!q->emit ("summary", key, NULL, values[s], segment_names[s], q->user_data, error))
      return FALSE;
  return TRUE;
}

static double
ratio (double numerator,
       double denominator)
{
  return denominator > 0 ? numerator / denominator : 0;
}

/* Per bucket and segment: distinct persons and their events; per
 * segment: (day, person) pairs and events over the range. Kept in the
 * store's memo as one block: pairs, total_events, distinct, events. */
typedef struct
{
  const double *distinct;
  const double *events;
  const double *pairs;
  const double *total_events;
} Tally;

/* A memo key naming the range's days and its buckets exactly: buckets
 * run in order, so the days where the bucket changes (and to which)
 * say which day is in which. */
static char *
tally_key (Query *q)
{
  GString *key = g_string_new (NULL);

  g_string_append_printf (key, "tally:%u:%u:%u:0=%u", q->offset, q->n_days, q->n_buckets, q->bucket_of_day[0]);
  for (guint d = 1; d < q->n_days; d++)
    if (q->bucket_of_day[d] != q->bucket_of_day[d - 1])
      g_string_append_printf (key, ":%u=%u", d, q->bucket_of_day[d]);
  return g_string_free (key, FALSE);
}

static double *
count_tally (Query *q)
{
  guint n_persons = pulse_activity_store_get_n_persons (q->store);
  /* One more than needed: never a NULL buffer for memset(), even with nobody. */
  g_autofree guint32 *last_bucket = g_new (guint32, n_persons + 1);
  double *block = g_new0 (double, 2 * N_SEG + 2 * AT (q->n_buckets, 0));
  double *pairs = block, *total_events = block + N_SEG;
  double *distinct = block + 2 * N_SEG, *events = distinct + AT (q->n_buckets, 0);

  memset (last_bucket, 0xff, sizeof (guint32) * n_persons);
  for (guint d = 0; d < q->n_days; d++)
    {
      guint b = q->bucket_of_day[d], n;
      const PulseVisit *visits = visits_of (q, (gint) d, &n);

      for (guint i = 0; i < n; i++)
        {
          gboolean first_in_bucket = last_bucket[visits[i].person] != b;

          last_bucket[visits[i].person] = b;
          FOR_SEGMENTS (q, visits[i].person, s)
            {
              pairs[s]++;
              total_events[s] += visits[i].events;
              events[AT (b, s)] += visits[i].events;
              distinct[AT (b, s)] += first_in_bucket;
            }
        }
    }
  return block;
}

static void
count_buckets (Query *q,
               Tally *tally)
{
  g_autofree char *key = tally_key (q);
  const double *block = pulse_activity_store_memo_lookup (q->store, key);

  if (block == NULL)
    {
      double *counted = count_tally (q);

      pulse_activity_store_memo_insert (q->store, key, counted);
      block = counted;
    }
  tally->pairs = block;
  tally->total_events = block + N_SEG;
  tally->distinct = block + 2 * N_SEG;
  tally->events = tally->distinct + AT (q->n_buckets, 0);
}

static gboolean
compute_dau (Query   *q,
             GError **error)
{
  Tally tally;
  double average[N_SEG];

  count_buckets (q, &tally);
  for (guint s = 0; s < N_SEG; s++)
    average[s] = tally.pairs[s] / q->n_days;
  return emit_series (q, tally.distinct, error) &&
         emit_summary (q, "daily_average", average, error);
}

static gboolean
compute_events_per_active_user (Query   *q,
                                GError **error)
{
  Tally tally;
  g_autofree double *values = g_new0 (double, AT (q->n_buckets, 0));
  double per_day[N_SEG];

  count_buckets (q, &tally);
  for (gsize i = 0; i < AT (q->n_buckets, 0); i++)
    values[i] = ratio (tally.events[i], tally.distinct[i]);
  for (guint s = 0; s < N_SEG; s++)
    per_day[s] = ratio (tally.total_events[s], tally.pairs[s]);
  return emit_series (q, values, error) &&
         emit_summary (q, "per_active_day", per_day, error);
}

/* Per day of the range and segment: persons active in the @window days
 * ending on the day. */
static double *
sweep_actives (Query *q,
               guint  window)
{
  guint span = q->n_days + window - 1;  /* from window - 1 days before the range */
  guint n_persons = pulse_activity_store_get_n_persons (q->store);
  g_autofree gint64 *diff = g_new0 (gint64, AT (span + window + 1, 0));
  g_autofree guint32 *last = g_new (guint32, n_persons + 1);
  double *actives = g_new0 (double, AT (q->n_days, 0));
  gint64 running[N_SEG] = { 0 };

  memset (last, 0xff, sizeof (guint32) * n_persons);
  for (guint t = 0; t < span; t++)
    {
      guint n;
      const PulseVisit *visits = visits_of (q, (gint) t - (gint) (window - 1), &n);

      for (guint i = 0; i < n; i++)
        {
          guint32 prev = last[visits[i].person];
          /* Still covered by an earlier active day: that piece goes on
           * instead of ending, else a new one starts. */
          guint start = prev != G_MAXUINT32 && prev + window > t ? prev + window : t;

          last[visits[i].person] = t;
          FOR_SEGMENTS (q, visits[i].person, s)
            {
              diff[AT (start, s)] += 1;
              diff[AT (t + window, s)] -= 1;
            }
        }
      for (guint s = 0; s < N_SEG; s++)
        {
          running[s] += diff[AT (t, s)];
          if (t + 1 >= window)
            actives[AT (t + 1 - window, s)] = (double) running[s];
        }
    }
  return actives;
}

/* sweep_actives(), once per window and range while the store stays as it is. */
static const double *
rolling_actives (Query *q,
                 guint  window)
{
  g_autofree char *key = g_strdup_printf ("rolling:%u:%u:%u", window, q->offset, q->n_days);
  const double *memo = pulse_activity_store_memo_lookup (q->store, key);
  double *actives;

  if (memo != NULL)
    return memo;
  actives = sweep_actives (q, window);
  pulse_activity_store_memo_insert (q->store, key, actives);
  return actives;
}

/* Point-in-time values: the bucket's last in-range day. */
static gboolean
emit_last_of_buckets (Query        *q,
                      const double *daily,
                      const char   *summary,
                      GError      **error)
{
  g_autofree double *values = g_new0 (double, AT (q->n_buckets, 0));

  for (guint d = 0; d < q->n_days; d++)
    for (guint s = 0; s < N_SEG; s++)
      values[AT (q->bucket_of_day[d], s)] = daily[AT (d, s)];
  return emit_series (q, values, error) &&
         emit_summary (q, summary, daily + AT (q->n_days - 1, 0), error);
}

static gboolean
compute_wau (Query   *q,
             GError **error)
{
  const double *daily = rolling_actives (q, WAU_DAYS);

  return emit_last_of_buckets (q, daily, "latest", error);
}

static gboolean
compute_mau (Query   *q,
             GError **error)
{
  const double *daily = rolling_actives (q, MAU_DAYS);

  return emit_last_of_buckets (q, daily, "latest", error);
}

static gboolean
compute_stickiness (Query   *q,
                    GError **error)
{
  const double *mau = rolling_actives (q, MAU_DAYS);
  g_autofree double *sums = g_new0 (double, AT (q->n_buckets, 0));
  g_autofree guint *days_in_bucket = g_new0 (guint, q->n_buckets);
  double average[N_SEG] = { 0 };

  for (guint d = 0; d < q->n_days; d++)
    {
      guint b = q->bucket_of_day[d], n;
      const PulseVisit *visits = visits_of (q, (gint) d, &n);
      double dau[N_SEG] = { 0 };

      for (guint i = 0; i < n; i++)
        FOR_SEGMENTS (q, visits[i].person, s)
          dau[s]++;
      for (guint s = 0; s < N_SEG; s++)
        {
          double value = ratio (dau[s], mau[AT (d, s)]);

          sums[AT (b, s)] += value;
          average[s] += value;
        }
      days_in_bucket[b]++;
    }
  for (guint b = 0; b < q->n_buckets; b++)
    for (guint s = 0; s < N_SEG; s++)
      sums[AT (b, s)] /= days_in_bucket[b];
  for (guint s = 0; s < N_SEG; s++)
    average[s] /= q->n_days;
  return emit_series (q, sums, error) &&
         emit_summary (q, "daily_average", average, error);
}

static gboolean
compute_active_days (Query   *q,
                     GError **error)
{
  guint n_persons = pulse_activity_store_get_n_persons (q->store);
  g_autofree guint32 *days = g_new0 (guint32, n_persons);
  /* persons by number of active days, 0 .. n_days, per segment */
  g_autofree double *histogram = g_new0 (double, AT (q->n_days + 1, 0));
  double persons[N_SEG] = { 0 }, total[N_SEG] = { 0 }, mean[N_SEG];

  for (guint d = 0; d < q->n_days; d++)
    {
      guint n;
      const PulseVisit *visits = visits_of (q, (gint) d, &n);

      for (guint i = 0; i < n; i++)
        days[visits[i].person]++;
    }
  for (guint p = 0; p < n_persons; p++)
    if (days[p] > 0)
      FOR_SEGMENTS (q, p, s)
        {
          histogram[AT (days[p], s)]++;
          persons[s]++;
          total[s] += days[p];
        }

  for (guint s = 0; s < N_SEG; s++)
    for (guint k = 1; k <= q->n_days; k++)
      {
        char label[G_ASCII_DTOSTR_BUF_SIZE];

        if (histogram[AT (k, s)] == 0)
          continue;
        g_snprintf (label, sizeof label, "%u", k);
        if (!q->emit ("histogram", "histogram", label, histogram[AT (k, s)], segment_names[s], q->user_data, error))
          return FALSE;
      }
  for (guint s = 0; s < N_SEG; s++)
    mean[s] = ratio (total[s], persons[s]);
  return emit_summary (q, "mean", mean, error);
}

typedef gboolean (*ComputeFunc) (Query *q, GError **error);

static const struct
{
  const char  *id;
  ComputeFunc  compute;
} metrics[] = {
  { "dau", compute_dau },
  { "wau", compute_wau },
  { "mau", compute_mau },
  { "stickiness", compute_stickiness },
  { "events_per_active_user", compute_events_per_active_user },
  { "active_days", compute_active_days },
};

static ComputeFunc
find_metric (const char *metric_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    if (g_strcmp0 (metrics[i].id, metric_id) == 0)
      return metrics[i].compute;
  return NULL;
}

gboolean
pulse_activity_metric_supported (const char *metric_id)
{
  return find_metric (metric_id) != NULL;
}

/**
 * pulse_activity_store_compute:
 * @from_day: Julian day of the range's first day; the store must hold it
 *   and the PULSE_ACTIVITY_LOOKBACK_DAYS before it, up to its last
 * @bucket_of_day: (array length=n_days): each day's bucket
 * @bucket_labels: (array length=n_buckets): each bucket's label
 */
gboolean
pulse_activity_store_compute (PulseActivityStore   *self,
                              const char           *metric_id,
                              gint                  from_day,
                              guint                 n_days,
                              const guint          *bucket_of_day,
                              const char * const   *bucket_labels,
                              guint                 n_buckets,
                              PulseActivityRowFunc  emit,
                              gpointer              user_data,
                              GError              **error)
{
  ComputeFunc compute = find_metric (metric_id);
  gint offset = from_day - pulse_activity_store_get_first_day (self);
  Query q = { self, NULL, (guint) offset, n_days, bucket_of_day, bucket_labels, n_buckets, emit, user_data };

  if (compute == NULL || offset < PULSE_ACTIVITY_LOOKBACK_DAYS || n_days == 0 ||
      (guint) offset + n_days > pulse_activity_store_get_n_days (self))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("The activity index cannot answer “%s” for these days"), metric_id);
      return FALSE;
    }
  pulse_activity_store_flush (self);
  q.roles = pulse_activity_store_get_roles (self);
  return compute (&q, error);
}
