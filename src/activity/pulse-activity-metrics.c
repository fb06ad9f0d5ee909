/* pulse-activity-metrics.c: the activity metrics, from the day sets
 *
 * Each function answers one metric of the stock catalog with the rows
 * its SQL variant returns (data/metrics/<id>.sql is the definition):
 * segments all, BUILDER and FINDER, where a person counts in all and in
 * the segment of their role. Distinct persons over several days (a
 * bucket, the rolling windows of wau, mau, stickiness) are unions of
 * the days' bitsets, counted by popcount, per role under a bitset of
 * the role's persons.
 * What several metrics share (the per-bucket tally, the rolling
 * windows) is worked out once per state of the store and kept in its
 * memo.
 * The other person-keyed tables (finder_searches, posts, finder_votes)
 * have stores of the same shape, one per source: their metrics count
 * rows per bucket (a day's persons plus their extra rows) and distinct
 * persons over the range, the same way.
 * profile_views and profile_updates are keyed: their store's "persons"
 * are (profile, segment) elements, so rows count as any source's and
 * a segment's distinct profiles are its elements; all's are the keys of
 * every element, each once.
 * post_reactions, post_comments and post_views are keyed without a key:
 * their elements are segments, and post_engagement_rate adds up rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
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
  guint                 n_words;        /* of a bitset of every person */
  const guint64        *masks;          /* per role segment s > 0: n_words at (s - 1) * n_words */
  const double         *daily;          /* per day of the store: DAILY (d, s, field) */
} Query;

#define N_SEG PULSE_ACTIVITY_N_SEGMENTS
/* The slot of segment @s in bucket (or day) @i of a per-segment table. */
#define AT(i, s) ((gsize) (i) * N_SEG + (s))
/* Per day of the store and segment: active persons, their events. */
#define DAILY_ACTIVE 0
#define DAILY_EVENTS 1
#define DAILY(d, s, field) (AT (d, s) * 2 + (field))

static void
set_of (Query       *q,
        gint         day,
        PulseDaySet *set)
{
  pulse_activity_store_get_set (q->store, (guint) ((gint) q->offset + day), set);
}

static gboolean
emit_series_of (Query        *q,
                const char   *key,
                const double *values,  /* AT (bucket, segment) */
                GError      **error)
{
  for (guint s = 0; s < N_SEG; s++)
    for (guint b = 0; b < q->n_buckets; b++)
      if (!q->emit ("series", key, q->labels[b], values[AT (b, s)], segment_names[s], q->user_data, error))
        return FALSE;
  return TRUE;
}

static gboolean
emit_series (Query        *q,
             const double *values,  /* AT (bucket, segment) */
             GError      **error)
{
  return emit_series_of (q, "all", values, error);
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

/* The persons of each role segment as bitsets, from the store's roles. */
static const guint64 *
role_masks (PulseActivityStore *store,
            guint               n_words)
{
  /* Persons may be added without a change (no events yet): by size. */
  g_autofree char *key = g_strdup_printf ("masks:%u", n_words);
  const guint64 *memo = pulse_activity_store_memo_lookup (store, key);
  const guint8 *roles = pulse_activity_store_get_roles (store);
  guint n_persons = pulse_activity_store_get_n_persons (store);
  guint64 *masks;

  if (memo != NULL)
    return memo;
  masks = g_new0 (guint64, (N_SEG - 1) * (gsize) n_words + 1);
  for (guint p = 0; p < n_persons; p++)
    if (roles[p] != PULSE_ACTIVITY_SEGMENT_ALL)
      masks[(gsize) (roles[p] - 1) * n_words + p / 64] |= G_GUINT64_CONSTANT (1) << (p % 64);
  pulse_activity_store_memo_insert (store, key, masks);
  return masks;
}

/* Adds the persons of bitset @bits (@n words) to @counts, per segment. */
static inline void
count_bits (Query         *q,
            const guint64 *bits,
            guint          n,
            double        *counts)
{
  guint64 total[N_SEG] = { 0 };

  for (guint w = 0; w < n; w++)
    {
      total[0] += pulse_popcount (bits[w]);
      for (guint s = 1; s < N_SEG; s++)
        total[s] += pulse_popcount (bits[w] & q->masks[(gsize) (s - 1) * q->n_words + w]);
    }
  for (guint s = 0; s < N_SEG; s++)
    counts[s] += (double) total[s];
}

/* Per day of the store and segment: active persons and their events
 * (one each, plus the extras), once per state of the store. */
static const double *
daily_counts (Query *q)
{
  guint n_days = pulse_activity_store_get_n_days (q->store);
  const double *memo = pulse_activity_store_memo_lookup (q->store, "daily");
  double *daily;

  if (memo != NULL)
    return memo;
  daily = g_new0 (double, DAILY (n_days, 0, 0) + 1);
  for (guint d = 0; d < n_days; d++)
    {
      PulseDaySet set;
      PulseDayExtras extras;
      guint32 p, more;
      double active[N_SEG] = { 0 };

      pulse_activity_store_get_set (q->store, d, &set);
      count_bits (q, set.bits, set.n_words, active);
      for (guint s = 0; s < N_SEG; s++)
        {
          daily[DAILY (d, s, DAILY_ACTIVE)] = active[s];
          daily[DAILY (d, s, DAILY_EVENTS)] = active[s];
        }
      pulse_day_extras_init (&extras, &set);
      while (pulse_day_extras_next (&extras, &p, &more))
        {
          daily[DAILY (d, 0, DAILY_EVENTS)] += more;
          if (q->roles[p] != PULSE_ACTIVITY_SEGMENT_ALL)
            daily[DAILY (d, q->roles[p], DAILY_EVENTS)] += more;
        }
    }
  pulse_activity_store_memo_insert (q->store, "daily", daily);
  return daily;
}

/* The range's day @d (of the store's days: offset added) in the daily counts. */
static double
daily_of (Query *q,
          gint   d,
          guint  s,
          guint  field)
{
  return q->daily[DAILY ((guint) ((gint) q->offset + d), s, field)];
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

/* A bucket's distinct persons: the union of its days' bitsets, counted. */
static double *
count_tally (Query *q)
{
  g_autofree guint64 *acc = g_new0 (guint64, q->n_words + 1);
  guint acc_words = 0;
  double *block = g_new0 (double, 2 * N_SEG + 2 * AT (q->n_buckets, 0));
  double *pairs = block, *total_events = block + N_SEG;
  double *distinct = block + 2 * N_SEG, *events = distinct + AT (q->n_buckets, 0);

  for (guint d = 0; d < q->n_days; d++)
    {
      guint b = q->bucket_of_day[d];
      PulseDaySet set;

      set_of (q, (gint) d, &set);
      for (guint w = 0; w < set.n_words; w++)
        acc[w] |= set.bits[w];
      acc_words = MAX (acc_words, set.n_words);
      for (guint s = 0; s < N_SEG; s++)
        {
          pairs[s] += daily_of (q, (gint) d, s, DAILY_ACTIVE);
          total_events[s] += daily_of (q, (gint) d, s, DAILY_EVENTS);
          events[AT (b, s)] += daily_of (q, (gint) d, s, DAILY_EVENTS);
        }
      /* The bucket's last day: count its union, start the next. */
      if (d + 1 == q->n_days || q->bucket_of_day[d + 1] != b)
        {
          count_bits (q, acc, acc_words, distinct + AT (b, 0));
          memset (acc, 0, sizeof (guint64) * acc_words);
          acc_words = 0;
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

/* Words of persons taken at a time by sweep_actives(): its per-day
 * partial unions stay small (and in cache) at any number of persons. */
#define SWEEP_CHUNK_WORDS 256

/* Per day of the range and segment: persons active in the @window days
 * ending on the day, the union of those days' bitsets counted. Unions
 * of every window at 3 ORs a word, not @window (van Herk / Gil-Werman):
 * the days cut in blocks of @window, each day holds the union from its
 * block's start up to it (ahead) and from it to its block's end
 * (behind); the window ending on day t is behind[t - window + 1] |
 * ahead[t]. */
static double *
sweep_actives (Query *q,
               guint  window)
{
  guint span = q->n_days + window - 1;  /* from window - 1 days before the range */
  g_autofree PulseDaySet *sets = g_new (PulseDaySet, span);
  g_autofree guint64 *ahead = g_new (guint64, (gsize) span * SWEEP_CHUNK_WORDS);
  g_autofree guint64 *behind = g_new (guint64, (gsize) span * SWEEP_CHUNK_WORDS);
  double *actives = g_new0 (double, AT (q->n_days, 0));

  for (guint t = 0; t < span; t++)
    set_of (q, (gint) t - (gint) (window - 1), &sets[t]);
  for (guint from = 0; from < q->n_words; from += SWEEP_CHUNK_WORDS)
    {
      guint n = MIN (SWEEP_CHUNK_WORDS, q->n_words - from);

      /* This chunk of each day's bitset, zeros past its end. */
      for (guint t = 0; t < span; t++)
        {
          guint64 *row = ahead + (gsize) t * SWEEP_CHUNK_WORDS;
          guint have = sets[t].n_words > from ? MIN (n, sets[t].n_words - from) : 0;

          if (have > 0)
            memcpy (row, sets[t].bits + from, sizeof (guint64) * have);
          memset (row + have, 0, sizeof (guint64) * (n - have));
          memcpy (behind + (gsize) t * SWEEP_CHUNK_WORDS, row, sizeof (guint64) * n);
        }
      for (guint t = 0; t < span; t++)
        if (t % window != 0)
          {
            guint64 *row = ahead + (gsize) t * SWEEP_CHUNK_WORDS;
            const guint64 *before = row - SWEEP_CHUNK_WORDS;

            for (guint w = 0; w < n; w++)
              row[w] |= before[w];
          }
      for (guint t = span - 1; t-- > 0;)
        if ((t + 1) % window != 0)
          {
            guint64 *row = behind + (gsize) t * SWEEP_CHUNK_WORDS;
            const guint64 *after = row + SWEEP_CHUNK_WORDS;

            for (guint w = 0; w < n; w++)
              row[w] |= after[w];
          }
      for (guint d = 0; d < q->n_days; d++)
        {
          const guint64 *a = ahead + (gsize) (d + window - 1) * SWEEP_CHUNK_WORDS;
          const guint64 *b = behind + (gsize) d * SWEEP_CHUNK_WORDS;
          guint64 total[N_SEG] = { 0 };

          for (guint w = 0; w < n; w++)
            {
              guint64 u = a[w] | b[w];

              total[0] += pulse_popcount (u);
              for (guint s = 1; s < N_SEG; s++)
                total[s] += pulse_popcount (u & q->masks[(gsize) (s - 1) * q->n_words + from + w]);
            }
          for (guint s = 0; s < N_SEG; s++)
            actives[AT (d, s)] += (double) total[s];
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
      guint b = q->bucket_of_day[d];

      for (guint s = 0; s < N_SEG; s++)
        {
          double value = ratio (daily_of (q, (gint) d, s, DAILY_ACTIVE), mau[AT (d, s)]);

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

/* Loops @s over the segments @person counts in: all, then their role's. */
#define FOR_SEGMENTS(q, person, s) \
  for (guint s = 0, s##_role = (q)->roles[person]; s < N_SEG; s = s == 0 && s##_role != 0 ? s##_role : N_SEG)

static gboolean
compute_active_days (Query   *q,
                     GError **error)
{
  guint n_persons = pulse_activity_store_get_n_persons (q->store);
  g_autofree guint32 *days = g_new0 (guint32, n_persons + 1);
  /* persons by number of active days, 0 .. n_days, per segment */
  g_autofree double *histogram = g_new0 (double, AT (q->n_days + 1, 0));
  double persons[N_SEG] = { 0 }, total[N_SEG] = { 0 }, mean[N_SEG];

  for (guint d = 0; d < q->n_days; d++)
    {
      PulseDaySet set;

      set_of (q, (gint) d, &set);
      PULSE_DAY_SET_FOREACH (&set, p)
        days[p]++;
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

/* Distinct persons of the range's days, per segment: their union, counted. */
static void
count_range_persons (Query  *q,
                     double *persons)
{
  g_autofree guint64 *acc = g_new0 (guint64, q->n_words + 1);
  guint acc_words = 0;

  for (guint d = 0; d < q->n_days; d++)
    {
      PulseDaySet set;

      set_of (q, (gint) d, &set);
      for (guint w = 0; w < set.n_words; w++)
        acc[w] |= set.bits[w];
      acc_words = MAX (acc_words, set.n_words);
    }
  count_bits (q, acc, acc_words, persons);
}

/* A table's rows per bucket as series @key; summaries total and
 * @per_person, the range's rows per distinct person (0 if none). */
static gboolean
emit_rows_per_person (Query       *q,
                      const char  *key,
                      const char  *per_person,
                      GError     **error)
{
  Tally tally;
  double persons[N_SEG] = { 0 }, ratios[N_SEG];

  count_buckets (q, &tally);
  count_range_persons (q, persons);
  for (guint s = 0; s < N_SEG; s++)
    ratios[s] = ratio (tally.total_events[s], persons[s]);
  return emit_series_of (q, key, tally.events, error) &&
         emit_summary (q, "total", tally.total_events, error) &&
         emit_summary (q, per_person, ratios, error);
}

/* The queries below are per source: q[source]. */
static gboolean
compute_finder_searches (Query   *q,
                         GError **error)
{
  return emit_rows_per_person (&q[PULSE_ACTIVITY_SOURCE_SEARCHES], "searches", "searches_per_searcher", error);
}

static gboolean
compute_post_frequency (Query   *q,
                        GError **error)
{
  return emit_rows_per_person (&q[PULSE_ACTIVITY_SOURCE_POSTS], "posts", "posts_per_author", error);
}

static gboolean
compute_finder_votes (Query   *q,
                      GError **error)
{
  Query *up = &q[PULSE_ACTIVITY_SOURCE_UP_VOTES], *down = &q[PULSE_ACTIVITY_SOURCE_DOWN_VOTES];
  Tally up_tally, down_tally;
  double total[N_SEG];

  count_buckets (up, &up_tally);
  count_buckets (down, &down_tally);
  for (guint s = 0; s < N_SEG; s++)
    total[s] = up_tally.total_events[s] + down_tally.total_events[s];
  return emit_series_of (up, "up", up_tally.events, error) &&
         emit_series_of (down, "down", down_tally.events, error) &&
         emit_summary (up, "up", up_tally.total_events, error) &&
         emit_summary (down, "down", down_tally.total_events, error) &&
         emit_summary (up, "total", total, error);
}

/* A keyed source's elements (see pulse_activity_element_key()) by key,
 * as dense indices: [0] the number of keys, then each element's key.
 * Once per state of the store. */
typedef struct
{
  gint64  key;
  guint32 element;
} KeyOf;

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  gint64 x = ((const KeyOf *) a)->key, y = ((const KeyOf *) b)->key;

  return (x > y) - (x < y);
}

static const guint32 *
element_keys (Query *q)
{
  guint n = pulse_activity_store_get_n_persons (q->store);
  const guint32 *memo = pulse_activity_store_memo_lookup (q->store, "keys");
  g_autofree KeyOf *sorted = NULL;
  guint32 *keys;

  if (memo != NULL)
    return memo;
  sorted = g_new (KeyOf, n + 1);
  for (guint32 e = 0; e < n; e++)
    sorted[e] = (KeyOf) { pulse_activity_element_key (pulse_activity_store_get_person_id (q->store, e)), e };
  qsort (sorted, n, sizeof (KeyOf), compare_keys);
  keys = g_new0 (guint32, n + 1);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && sorted[i].key != sorted[i - 1].key)
        keys[0]++;
      keys[1 + sorted[i].element] = keys[0];
    }
  keys[0] = n > 0 ? keys[0] + 1 : 0;
  pulse_activity_store_memo_insert (q->store, "keys", keys);
  return keys;
}

/* Adds the distinct keys of the elements of bitset @bits (@n words) to
 * @counts, per segment: a role's are its elements (one per key and
 * segment), all's the keys of every element, each once. @seen is a
 * zeroed bitset of keys, left zeroed. */
static void
count_keys (Query          *q,
            const guint32  *keys,
            const guint64  *bits,
            guint           n,
            guint64        *seen,
            double         *counts)
{
  double elements[N_SEG] = { 0 };
  PulseDaySet set = { bits, n, NULL, 0 };
  guint distinct = 0;

  count_bits (q, bits, n, elements);
  PULSE_DAY_SET_FOREACH (&set, e)
    {
      guint32 k = keys[1 + e];

      if (!(seen[k / 64] >> (k % 64) & 1))
        {
          seen[k / 64] |= G_GUINT64_CONSTANT (1) << (k % 64);
          distinct++;
        }
    }
  PULSE_DAY_SET_FOREACH (&set, e)
    seen[keys[1 + e] / 64] = 0;
  counts[0] += distinct;
  for (guint s = 1; s < N_SEG; s++)
    counts[s] += elements[s];
}

/* A keyed source's rows per bucket as series @rows and their distinct
 * keys as series @distinct; summaries of both over the range. */
static gboolean
emit_rows_and_keys (Query       *q,
                    const char  *rows,
                    const char  *distinct,
                    GError     **error)
{
  const guint32 *keys = element_keys (q);
  g_autofree guint64 *seen = g_new0 (guint64, keys[0] / 64 + 1);
  g_autofree guint64 *acc = g_new0 (guint64, q->n_words + 1);
  g_autofree guint64 *range = g_new0 (guint64, q->n_words + 1);
  g_autofree double *per_bucket = g_new0 (double, AT (q->n_buckets, 0));
  double over_range[N_SEG] = { 0 };
  guint acc_words = 0, range_words = 0;
  Tally tally;

  count_buckets (q, &tally);
  for (guint d = 0; d < q->n_days; d++)
    {
      guint b = q->bucket_of_day[d];
      PulseDaySet set;

      set_of (q, (gint) d, &set);
      for (guint w = 0; w < set.n_words; w++)
        {
          acc[w] |= set.bits[w];
          range[w] |= set.bits[w];
        }
      acc_words = MAX (acc_words, set.n_words);
      range_words = MAX (range_words, set.n_words);
      if (d + 1 == q->n_days || q->bucket_of_day[d + 1] != b)
        {
          count_keys (q, keys, acc, acc_words, seen, per_bucket + AT (b, 0));
          memset (acc, 0, sizeof (guint64) * acc_words);
          acc_words = 0;
        }
    }
  count_keys (q, keys, range, range_words, seen, over_range);
  return emit_series_of (q, rows, tally.events, error) &&
         emit_series_of (q, distinct, per_bucket, error) &&
         emit_summary (q, rows, tally.total_events, error) &&
         emit_summary (q, distinct, over_range, error);
}

static gboolean
compute_profile_views (Query   *q,
                       GError **error)
{
  return emit_rows_and_keys (&q[PULSE_ACTIVITY_SOURCE_PROFILE_VIEWS], "views", "profiles_viewed", error);
}

static gboolean
compute_profile_update_frequency (Query   *q,
                                  GError **error)
{
  return emit_rows_and_keys (&q[PULSE_ACTIVITY_SOURCE_PROFILE_UPDATES], "updates", "profiles_updated", error);
}

/* (reactions + comments) / views of each slot, NAN (NULL) without views. */
static void
rates (const double *reactions,
       const double *comments,
       const double *views,
       gsize         n,
       double       *rate)
{
  for (gsize i = 0; i < n; i++)
    rate[i] = views[i] > 0 ? (reactions[i] + comments[i]) / views[i] : NAN;
}

/* Rows of the three post tables per bucket and over the range; the
 * rates from those totals, as the SQL recomputes them. */
static gboolean
compute_post_engagement_rate (Query   *q,
                              GError **error)
{
  Query *reactions = &q[PULSE_ACTIVITY_SOURCE_POST_REACTIONS];
  Query *comments = &q[PULSE_ACTIVITY_SOURCE_POST_COMMENTS];
  Query *views = &q[PULSE_ACTIVITY_SOURCE_POST_VIEWS];
  Tally r, c, v;
  g_autofree double *per_bucket = g_new (double, AT (reactions->n_buckets, 0));
  double over_range[N_SEG];

  count_buckets (reactions, &r);
  count_buckets (comments, &c);
  count_buckets (views, &v);
  rates (r.events, c.events, v.events, AT (reactions->n_buckets, 0), per_bucket);
  rates (r.total_events, c.total_events, v.total_events, N_SEG, over_range);
  return emit_series_of (reactions, "rate", per_bucket, error) &&
         emit_series_of (reactions, "reactions", r.events, error) &&
         emit_series_of (reactions, "comments", c.events, error) &&
         emit_series_of (reactions, "views", v.events, error) &&
         emit_summary (reactions, "rate", over_range, error) &&
         emit_summary (reactions, "reactions", r.total_events, error) &&
         emit_summary (reactions, "comments", c.total_events, error) &&
         emit_summary (reactions, "views", v.total_events, error);
}

/* @q is per source (q[s] set up for each source the metric reads); the
 * activity metrics read only the events, q[0]. */
typedef gboolean (*ComputeFunc) (Query *q, GError **error);

#define SOURCE(s) (1u << (s))

typedef struct
{
  const char  *id;
  ComputeFunc  compute;
  guint        sources;   /* SOURCE (s) of each source read */
  guint        lookback;  /* days before the range read */
} MetricDef;

static const MetricDef metrics[] = {
  { "dau", compute_dau, SOURCE (PULSE_ACTIVITY_SOURCE_EVENTS), PULSE_ACTIVITY_LOOKBACK_DAYS },
  { "wau", compute_wau, SOURCE (PULSE_ACTIVITY_SOURCE_EVENTS), PULSE_ACTIVITY_LOOKBACK_DAYS },
  { "mau", compute_mau, SOURCE (PULSE_ACTIVITY_SOURCE_EVENTS), PULSE_ACTIVITY_LOOKBACK_DAYS },
  { "stickiness", compute_stickiness, SOURCE (PULSE_ACTIVITY_SOURCE_EVENTS), PULSE_ACTIVITY_LOOKBACK_DAYS },
  { "events_per_active_user", compute_events_per_active_user, SOURCE (PULSE_ACTIVITY_SOURCE_EVENTS),
    PULSE_ACTIVITY_LOOKBACK_DAYS },
  { "active_days", compute_active_days, SOURCE (PULSE_ACTIVITY_SOURCE_EVENTS), PULSE_ACTIVITY_LOOKBACK_DAYS },
  { "finder_searches", compute_finder_searches, SOURCE (PULSE_ACTIVITY_SOURCE_SEARCHES), 0 },
  { "post_frequency", compute_post_frequency, SOURCE (PULSE_ACTIVITY_SOURCE_POSTS), 0 },
  { "finder_votes", compute_finder_votes,
    SOURCE (PULSE_ACTIVITY_SOURCE_UP_VOTES) | SOURCE (PULSE_ACTIVITY_SOURCE_DOWN_VOTES), 0 },
  { "profile_views", compute_profile_views, SOURCE (PULSE_ACTIVITY_SOURCE_PROFILE_VIEWS), 0 },
  { "profile_update_frequency", compute_profile_update_frequency, SOURCE (PULSE_ACTIVITY_SOURCE_PROFILE_UPDATES), 0 },
  { "post_engagement_rate", compute_post_engagement_rate,
    SOURCE (PULSE_ACTIVITY_SOURCE_POST_REACTIONS) | SOURCE (PULSE_ACTIVITY_SOURCE_POST_COMMENTS) |
    SOURCE (PULSE_ACTIVITY_SOURCE_POST_VIEWS), 0 },
};

static const MetricDef *
find_metric (const char *metric_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (metrics); i++)
    if (g_strcmp0 (metrics[i].id, metric_id) == 0)
      return &metrics[i];
  return NULL;
}

gboolean
pulse_activity_metric_supported (const char *metric_id)
{
  return find_metric (metric_id) != NULL;
}

/* The sources @metric_id reads, as bits 1 << source; 0 if it is not one of these metrics. */
guint
pulse_activity_metric_get_sources (const char *metric_id)
{
  const MetricDef *def = find_metric (metric_id);

  return def != NULL ? def->sources : 0;
}

/* Days before a range's first that @metric_id reads. */
guint
pulse_activity_metric_get_lookback (const char *metric_id)
{
  const MetricDef *def = find_metric (metric_id);

  return def != NULL ? def->lookback : 0;
}

static void
init_query (Query                *q,
            PulseActivityStore   *store,
            guint                 offset,
            guint                 n_days,
            const guint          *bucket_of_day,
            const char * const   *bucket_labels,
            guint                 n_buckets,
            PulseActivityRowFunc  emit,
            gpointer              user_data)
{
  *q = (Query) { store, NULL, offset, n_days, bucket_of_day, bucket_labels, n_buckets, emit, user_data, 0, NULL, NULL };
  pulse_activity_store_flush (store);
  q->roles = pulse_activity_store_get_roles (store);
  q->n_words = (pulse_activity_store_get_n_persons (store) + 63) / 64;
  q->masks = role_masks (store, q->n_words);
  q->daily = daily_counts (q);
}

/**
 * pulse_activity_store_compute:
 * @stores: (array fixed-size=PULSE_ACTIVITY_N_SOURCES): each source's
 *   store; those @metric_id reads (pulse_activity_metric_get_sources())
 *   must be set
 * @from_day: Julian day of the range's first day; each store read must
 *   hold it and the metric's lookback days before it, up to its last
 * @bucket_of_day: (array length=n_days): each day's bucket
 * @bucket_labels: (array length=n_buckets): each bucket's label
 */
gboolean
pulse_activity_store_compute (PulseActivityStore * const *stores,
                              const char                 *metric_id,
                              gint                        from_day,
                              guint                       n_days,
                              const guint                *bucket_of_day,
                              const char * const         *bucket_labels,
                              guint                       n_buckets,
                              PulseActivityRowFunc        emit,
                              gpointer                    user_data,
                              GError                    **error)
{
  const MetricDef *def = find_metric (metric_id);
  Query q[PULSE_ACTIVITY_N_SOURCES] = { 0 };

  for (guint s = 0; def != NULL && s < PULSE_ACTIVITY_N_SOURCES; s++)
    {
      gint offset;

      if (!(def->sources & SOURCE (s)))
        continue;
      offset = stores[s] != NULL ? from_day - pulse_activity_store_get_first_day (stores[s]) : -1;
      if (offset < (gint) def->lookback || n_days == 0 ||
          (guint) offset + n_days > pulse_activity_store_get_n_days (stores[s]))
        {
          def = NULL;
          break;
        }
      init_query (&q[s], stores[s], (guint) offset, n_days, bucket_of_day, bucket_labels, n_buckets, emit, user_data);
    }
  if (def == NULL)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("The activity index cannot answer “%s” for these days"), metric_id);
      return FALSE;
    }
  return def->compute (q, error);
}

/**
 * pulse_activity_store_emit_rows_and_keys:
 * @store: a keyed source's store, holding the range's days
 * @metric_id: the metric, for the error
 *
 * A keyed source's rows per bucket (series and summary @rows) and its
 * distinct keys (@distinct), as emit_rows_and_keys(): for the metrics
 * of other files (pulse-activity-collections.c).
 */
gboolean
pulse_activity_store_emit_rows_and_keys (PulseActivityStore  *store,
                                         const char          *metric_id,
                                         gint                 from_day,
                                         guint                n_days,
                                         const guint         *bucket_of_day,
                                         const char * const  *bucket_labels,
                                         guint                n_buckets,
                                         const char          *rows,
                                         const char          *distinct,
                                         PulseActivityRowFunc emit,
                                         gpointer             user_data,
                                         GError             **error)
{
  gint offset = store != NULL ? from_day - pulse_activity_store_get_first_day (store) : -1;
  Query q;

  if (offset < 0 || n_days == 0 || (guint) offset + n_days > pulse_activity_store_get_n_days (store))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("The activity index cannot answer “%s” for these days"), metric_id);
      return FALSE;
    }
  init_query (&q, store, (guint) offset, n_days, bucket_of_day, bucket_labels, n_buckets, emit, user_data);
  return emit_rows_and_keys (&q, rows, distinct, error);
}
