/* pulse-activity-cohorts.c: retention, lifecycle and sign-ups, from the day sets
 *
 * Answers the stock catalog's retention and lifecycle with the rows
 * their SQL variants return (data/metrics/retention.sql and
 * lifecycle.sql are the definitions), from the store's per-day sets of
 * active persons and every row of persons (role, created_at).
 * Retention counts unions of the days' bitsets (a period's, every
 * period's from one on) under each cohort's bitset of members.
 * Lifecycle is word by word too: each period's union of days (whole,
 * and on the range's days) against the period before's, under bitsets
 * of who signed up in the bucket and before it.
 * Sign-ups (signups.sql) are the rows of persons by the local day of
 * their created_at, which the index reads anyway.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "pulse-activity-cohorts-private.h"
#include "pulse-error.h"

/* Retention's last period N: 30 days after a daily cohort's, else 12 weeks or months. */
#define RETENTION_LAST_DAY_PERIOD 30
#define RETENTION_LAST_PERIOD 12
/* dN matures N times 24 hours after the sign-up (the SQL's interval), not N calendar days. */
#define USEC_PER_24_HOURS (G_GINT64_CONSTANT (24) * 60 * 60 * G_USEC_PER_SEC)
#define NOBODY G_MAXUINT32

#define N_SEG PULSE_ACTIVITY_N_SEGMENTS
/* The slot of segment @s in row @i of a per-segment table. */
#define AT(i, s) ((gsize) (i) * N_SEG + (s))

static const guint summary_days[] = { 1, 7, 30 };
static const char * const summary_keys[] = { "d1", "d7", "d30" };
G_STATIC_ASSERT (G_N_ELEMENTS (summary_days) == G_N_ELEMENTS (summary_keys));

typedef struct
{
  gint64  id;
  gint64  created_at;  /* µs since 2000-01-01 UTC, as the store's day starts */
  guint32 next;        /* 1 + the next person of its hash bucket, 0 none (in what was padding) */
  guint8  role;        /* PulseActivitySegment */
  guint8  has_created_at;
} Person;
G_STATIC_ASSERT (sizeof (Person) == 3 * sizeof (gint64));

struct _PulseActivityPeople
{
  GArray  *persons;  /* Person */
  /* (nullable): a hash of persons by id, made at the first lookup: per
   * bucket, 1 + the index of its first person (chained by next), 0 none. */
  guint32 *buckets;
  guint32  mask;     /* the buckets' count - 1 */
};

PulseActivityPeople *
pulse_activity_people_new (void)
{
  PulseActivityPeople *self = g_new0 (PulseActivityPeople, 1);

  self->persons = g_array_new (FALSE, FALSE, sizeof (Person));
  return self;
}

void
pulse_activity_people_free (PulseActivityPeople *self)
{
  g_array_unref (self->persons);
  g_free (self->buckets);
  g_free (self);
}

void
pulse_activity_people_clear (PulseActivityPeople *self)
{
  g_array_set_size (self->persons, 0);
  g_clear_pointer (&self->buckets, g_free);
}

void
pulse_activity_people_add (PulseActivityPeople  *self,
                           gint64                id,
                           PulseActivitySegment  role,
                           gboolean              has_created_at,
                           gint64                created_at)
{
  Person person = { id, created_at, 0, (guint8) role, (guint8) has_created_at };

  g_array_append_val (self->persons, person);
  g_clear_pointer (&self->buckets, g_free);
}

static guint32
bucket_of (PulseActivityPeople *self,
           gint64               id)
{
  return (guint32) (((guint64) id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32) & self->mask;
}

/* A hash rather than a sort: persons come in their heap's order, which
 * updates leave out of id order, and a sort of them all costs tens of
 * milliseconds where this costs about one. Chained through the persons
 * themselves, with a bucket per two persons: little new memory to touch. */
static void
index_persons (PulseActivityPeople *self)
{
  guint32 size = 16;

  while (size < self->persons->len / 2)
    size <<= 1;
  self->mask = size - 1;
  self->buckets = g_new0 (guint32, size);
  for (guint32 i = 0; i < self->persons->len; i++)
    {
      Person *person = &g_array_index (self->persons, Person, i);
      guint32 b = bucket_of (self, person->id);

      person->next = self->buckets[b];
      self->buckets[b] = i + 1;
    }
}

/**
 * pulse_activity_people_lookup:
 * @role: (out): the segment of person @id's role, ALL for a person
 *   without one
 *
 * Returns: whether persons has a row with id @id.
 */
gboolean
pulse_activity_people_lookup (PulseActivityPeople  *self,
                              gint64                id,
                              PulseActivitySegment *role)
{
  if (self->buckets == NULL)
    index_persons (self);
  for (guint32 j = self->buckets[bucket_of (self, id)]; j != 0;)
    {
      const Person *person = &g_array_index (self->persons, Person, j - 1);

      if (person->id == id)
        {
          *role = (PulseActivitySegment) person->role;
          return TRUE;
        }
      j = person->next;
    }
  return FALSE;
}

gboolean
pulse_activity_period_parse (const char          *granularity,
                             PulseActivityPeriod *period)
{
  static const char * const names[] = { "day", "week", "month" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (granularity, names[i]) == 0)
      {
        *period = (PulseActivityPeriod) i;
        return TRUE;
      }
  return FALSE;
}

static void
date_of (gint   julian,
         GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, (guint32) julian);
}

/* The first day of @day's period (Julian days, as GDate counts them). */
static gint
period_start (gint                day,
              PulseActivityPeriod period)
{
  GDate date;

  if (period == PULSE_ACTIVITY_PERIOD_DAY)
    return day;
  date_of (day, &date);
  if (period == PULSE_ACTIVITY_PERIOD_WEEK)
    return day - (gint) (g_date_get_weekday (&date) - G_DATE_MONDAY);
  return day - (gint) (g_date_get_day (&date) - 1);
}

/* A number per period, consecutive for consecutive periods. */
static gint
period_ordinal (gint                day,
                PulseActivityPeriod period)
{
  GDate date;

  switch (period)
    {
    case PULSE_ACTIVITY_PERIOD_DAY:
      return day;
    case PULSE_ACTIVITY_PERIOD_WEEK:
      /* Mondays are seven days apart. */
      return period_start (day, period) / 7;
    case PULSE_ACTIVITY_PERIOD_MONTH:
    default:
      date_of (day, &date);
      return (gint) g_date_get_year (&date) * 12 + (gint) g_date_get_month (&date) - 1;
    }
}

gboolean
pulse_activity_cohorts_supported (const char *metric_id)
{
  return g_strcmp0 (metric_id, "retention") == 0 || g_strcmp0 (metric_id, "lifecycle") == 0 ||
         g_strcmp0 (metric_id, "signups") == 0;
}

/**
 * pulse_activity_cohorts_get_span:
 * @first_day: (out): the first day whose activity @metric_id reads for
 *   [@from_day, @to_day]
 * @last_day: (out): its last
 *
 * Retention reads from the first cohort's whole period to the day after
 * the range (the local day N days after a sign-up, once N × 24 hours
 * have passed by the range's end, can be that day across a DST change);
 * lifecycle from the whole period before the first bucket's; signups
 * the range's days (their starts).
 */
void
pulse_activity_cohorts_get_span (const char          *metric_id,
                                 PulseActivityPeriod  period,
                                 gint                 from_day,
                                 gint                 to_day,
                                 gint                *first_day,
                                 gint                *last_day)
{
  gint first_period = period_start (from_day, period);

  if (g_strcmp0 (metric_id, "retention") == 0)
    {
      *first_day = first_period;
      *last_day = to_day + 1;
    }
  else if (g_strcmp0 (metric_id, "signups") == 0)
    {
      *first_day = from_day;
      *last_day = to_day;
    }
  else
    {
      *first_day = period_start (first_period - 1, period);
      *last_day = to_day;
    }
}

typedef struct
{
  PulseActivityStore   *store;
  GArray               *persons;
  PulseActivityPeriod   period;
  gint                  from_day;
  gint                  to_day;
  const guint          *bucket_of_day;
  const char * const   *labels;
  guint                 n_buckets;
  guint                 n_persons;      /* the store's dense indices */
  const gint64         *starts;
  gint                  store_first;
  PulseActivityRowFunc  emit;
  gpointer              user_data;
} Query;

static gint64
start_of (Query *q,
          gint   day)
{
  return q->starts[day - q->store_first];
}

static void
set_on (Query       *q,
        gint         day,
        PulseDaySet *set)
{
  pulse_activity_store_get_set (q->store, (guint) (day - q->store_first), set);
}

/* The day of the range whose [start, next start) holds @instant, which is in the range. */
static gint
day_of_instant (Query  *q,
                gint64  instant)
{
  gint lo = q->from_day, hi = q->to_day + 1;

  /* start_of (lo) <= instant < start_of (hi) */
  while (hi - lo > 1)
    {
      gint mid = lo + (hi - lo) / 2;

      if (start_of (q, mid) <= instant)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* Counts one person in row @i of @table: in all and in their role's segment. */
static inline void
count (double *table,
       gsize   i,
       guint8  role)
{
  table[AT (i, PULSE_ACTIVITY_SEGMENT_ALL)]++;
  if (role != PULSE_ACTIVITY_SEGMENT_ALL)
    table[AT (i, role)]++;
}

static double
share_or_null (double part,
               double whole)
{
  return whole > 0 ? part / whole : NAN;
}

static gboolean
emit_row (Query       *q,
          const char  *kind,
          const char  *key,
          const char  *label,
          double       value,
          guint        segment,
          GError     **error)
{
  return q->emit (kind, key, label, value, pulse_activity_segment_get_name (segment), q->user_data, error);
}

/* Each bucket's first day (the cohort's start). */
static gint *
bucket_first_days (Query *q)
{
  gint *first = g_new (gint, q->n_buckets);

  for (gint d = q->to_day; d >= q->from_day; d--)
    first[q->bucket_of_day[d - q->from_day]] = d;
  return first;
}

/* Retention's counts: per cohort, per cohort and N (AT (c * n_cells + N, s)), per summary. */
typedef struct
{
  guint   n_cells;
  double *size;
  double *on;
  double *after;
  double  matured[G_N_ELEMENTS (summary_days)][N_SEG];
  double  back[G_N_ELEMENTS (summary_days)][N_SEG];
  gint   *cohort_period;  /* ordinal of each cohort's period */
  gint   *cohort_first;   /* first day of each cohort's whole period */
  /* per dense person: their cohort (NOBODY: none), sign-up day, role,
   * matured summaries (bit k: summary_days[k]) */
  guint32 *cohort_of;
  gint    *signup_day;
  guint8  *role;
  guint8  *matured_mask;
} Retention;

static void
retention_clear (Retention *r)
{
  g_free (r->size);
  g_free (r->on);
  g_free (r->after);
  g_free (r->cohort_period);
  g_free (r->cohort_first);
  g_free (r->cohort_of);
  g_free (r->signup_day);
  g_free (r->role);
  g_free (r->matured_mask);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Retention, retention_clear)

static void
retention_init (Query     *q,
                Retention *r)
{
  g_autofree gint *first = bucket_first_days (q);
  /* One more than needed: never a NULL buffer for memset(), even with nobody. */
  gsize n = q->n_persons + 1;

  r->n_cells = (q->period == PULSE_ACTIVITY_PERIOD_DAY ? RETENTION_LAST_DAY_PERIOD : RETENTION_LAST_PERIOD) + 1;
  r->size = g_new0 (double, AT (q->n_buckets, 0));
  r->on = g_new0 (double, AT (q->n_buckets * r->n_cells, 0));
  r->after = g_new0 (double, AT (q->n_buckets * r->n_cells, 0));
  r->cohort_period = g_new (gint, q->n_buckets);
  r->cohort_first = g_new (gint, q->n_buckets);
  for (guint c = 0; c < q->n_buckets; c++)
    {
      r->cohort_first[c] = period_start (first[c], q->period);
      r->cohort_period[c] = period_ordinal (first[c], q->period);
    }
  r->cohort_of = g_new (guint32, n);
  memset (r->cohort_of, 0xff, sizeof (guint32) * n);
  r->signup_day = g_new0 (gint, n);
  r->role = g_new0 (guint8, n);
  r->matured_mask = g_new0 (guint8, n);
}

/* The cohorts: persons with created_at on a day of the range; those
 * never active are counted in the sizes and summaries only. */
static void
find_members (Query     *q,
              Retention *r)
{
  gint64 range_start = start_of (q, q->from_day), range_end = start_of (q, q->to_day + 1);

  for (guint i = 0; i < q->persons->len; i++)
    {
      const Person *person = &g_array_index (q->persons, Person, i);
      guint8 mask = 0;
      guint32 p;
      gint day;
      guint c;

      if (!person->has_created_at || person->created_at < range_start || person->created_at >= range_end)
        continue;
      day = day_of_instant (q, person->created_at);
      c = q->bucket_of_day[day - q->from_day];
      count (r->size, c, person->role);
      for (guint k = 0; k < G_N_ELEMENTS (summary_days); k++)
        if (person->created_at + summary_days[k] * USEC_PER_24_HOURS <= range_end)
          {
            count (r->matured[k], 0, person->role);
            mask |= 1u << k;
          }
      if (!pulse_activity_store_lookup (q->store, person->id, &p))
        continue;
      r->cohort_of[p] = c;
      r->signup_day[p] = day;
      r->role[p] = person->role;
      r->matured_mask[p] = mask;
    }
}

/* A word of a cohort's members: a cohort signs up on days close
 * together, so its members sit in few words of the persons' bitsets
 * (dense indices come in the order persons are first seen), and only
 * those words are visited: a year of day cohorts at 200k persons is
 * 22,000 cells, each a few hundred words instead of 3,000. */
typedef struct
{
  guint32 w;
  guint64 members[N_SEG];  /* in all, and per role segment */
} MemberWord;

/* Adds the members of @words (@n of them) active in @bits to @counts, per segment. */
static void
count_members (const guint64    *bits,
               const MemberWord *words,
               guint             n,
               double           *counts)
{
  guint64 total[N_SEG] = { 0 };

  for (guint i = 0; i < n; i++)
    {
      guint64 x = bits[words[i].w] & words[i].members[PULSE_ACTIVITY_SEGMENT_ALL];

      if (x == 0)
        continue;
      for (guint s = 0; s < N_SEG; s++)
        total[s] += pulse_popcount (x & words[i].members[s]);
    }
  for (guint s = 0; s < N_SEG; s++)
    counts[s] += (double) total[s];
}

/* Each cohort's member words, in order (cohort c's at @offsets[c] up to
 * @offsets[c + 1]). Persons go up, so a word repeats only in a row. */
static MemberWord *
cohort_words (Query      *q,
              Retention  *r,
              guint     **offsets)
{
  g_autofree guint *count_of = g_new0 (guint, q->n_buckets + 1);
  g_autofree guint32 *last_word = g_new (guint32, q->n_buckets + 1);
  MemberWord *words;

  memset (last_word, 0xff, sizeof (guint32) * (q->n_buckets + 1));
  for (guint p = 0; p < q->n_persons; p++)
    if (r->cohort_of[p] != NOBODY && last_word[r->cohort_of[p]] != p / 64)
      {
        last_word[r->cohort_of[p]] = p / 64;
        count_of[r->cohort_of[p]]++;
      }
  *offsets = g_new0 (guint, q->n_buckets + 1);
  for (guint c = 0; c < q->n_buckets; c++)
    (*offsets)[c + 1] = (*offsets)[c] + count_of[c];
  words = g_new0 (MemberWord, (*offsets)[q->n_buckets] + 1);
  memset (count_of, 0, sizeof (guint) * (q->n_buckets + 1));
  memset (last_word, 0xff, sizeof (guint32) * (q->n_buckets + 1));
  for (guint p = 0; p < q->n_persons; p++)
    {
      guint32 c = r->cohort_of[p];
      guint64 bit = G_GUINT64_CONSTANT (1) << (p % 64);
      MemberWord *word;

      if (c == NOBODY)
        continue;
      if (last_word[c] != p / 64)
        {
          last_word[c] = p / 64;
          words[(*offsets)[c] + count_of[c]++].w = p / 64;
        }
      word = &words[(*offsets)[c] + count_of[c] - 1];
      word->members[PULSE_ACTIVITY_SEGMENT_ALL] |= bit;
      if (r->role[p] != PULSE_ACTIVITY_SEGMENT_ALL)
        word->members[r->role[p]] |= bit;
    }
  return words;
}

/* Members active on the day N of their summaries (once N × 24 hours have passed). */
static void
count_summaries (Query     *q,
                 Retention *r)
{
  for (guint p = 0; p < q->n_persons; p++)
    if (r->cohort_of[p] != NOBODY && r->matured_mask[p] != 0)
      for (guint k = 0; k < G_N_ELEMENTS (summary_days); k++)
        {
          gint day = r->signup_day[p] + (gint) summary_days[k];
          PulseDaySet set;

          if (!(r->matured_mask[p] >> k & 1) || day > q->to_day + 1)
            continue;
          set_on (q, day, &set);
          if (p / 64 < set.n_words && (set.bits[p / 64] >> (p % 64) & 1))
            count (r->back[k], 0, r->role[p]);
        }
}

/* Period by period from the last: the union of the period's days (up to
 * the range's last) and of every period from it on, each counted under
 * each cohort's members (active in period N; from period N on). */
static void
sweep_retention (Query     *q,
                 Retention *r)
{
  guint n_words = (q->n_persons + 63) / 64;
  gint first = period_start (q->from_day, q->period);
  g_autofree guint *offsets = NULL;
  g_autofree MemberWord *words = cohort_words (q, r, &offsets);
  g_autofree guint64 *in_period = g_new0 (guint64, n_words + 1);
  g_autofree guint64 *from_period = g_new0 (guint64, n_words + 1);

  for (gint day = q->to_day; day >= first; day--)
    {
      PulseDaySet set;
      gint ordinal;

      set_on (q, day, &set);
      for (guint w = 0; w < set.n_words; w++)
        in_period[w] |= set.bits[w];
      if (period_start (day, q->period) != day)
        continue;
      ordinal = period_ordinal (day, q->period);
      for (guint w = 0; w < n_words; w++)
        from_period[w] |= in_period[w];
      for (guint c = 0; c < q->n_buckets; c++)
        {
          gint n = ordinal - r->cohort_period[c];
          const MemberWord *members = words + offsets[c];
          guint n_members = offsets[c + 1] - offsets[c];

          if (n < 0 || (guint) n >= r->n_cells)
            continue;
          count_members (in_period, members, n_members, r->on + AT (c * r->n_cells + (guint) n, 0));
          count_members (from_period, members, n_members, r->after + AT (c * r->n_cells + (guint) n, 0));
        }
      memset (in_period, 0, sizeof (guint64) * n_words);
    }
  count_summaries (q, r);
}

static gboolean
emit_cohort_cells (Query     *q,
                   Retention *r,
                   guint      c,
                   guint      s,
                   gint       to_n,
                   GError   **error)
{
  for (guint n = 0; n < r->n_cells; n++)
    {
      gboolean known = (gint) n <= to_n;
      gsize i = AT (c * r->n_cells + n, s);
      char on[32], after[32];

      g_snprintf (on, sizeof on, "on:%u", n);
      g_snprintf (after, sizeof after, "on_or_after:%u", n);
      if (!emit_row (q, "cell", q->labels[c], on, known ? r->on[i] : NAN, s, error) ||
          !emit_row (q, "cell", q->labels[c], after, known ? r->after[i] : NAN, s, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_retention (Query     *q,
                Retention *r,
                GError   **error)
{
  gint to_ordinal = period_ordinal (q->to_day, q->period);
  /* The range's last day ends its period: no cell is partial. */
  gboolean to_ends_period = period_start (q->to_day + 1, q->period) == q->to_day + 1;

  for (guint s = 0; s < N_SEG; s++)
    for (guint c = 0; c < q->n_buckets; c++)
      {
        gint to_n = to_ordinal - r->cohort_period[c];
        double partial = !to_ends_period && (guint) to_n < r->n_cells ? to_n : NAN;

        if (!emit_row (q, "cohort", q->labels[c], "size", r->size[AT (c, s)], s, error) ||
            !emit_row (q, "cohort", q->labels[c], "partial_from", partial, s, error) ||
            !emit_cohort_cells (q, r, c, s, to_n, error))
          return FALSE;
      }
  for (guint k = 0; k < G_N_ELEMENTS (summary_days); k++)
    for (guint s = 0; s < N_SEG; s++)
      if (!emit_row (q, "summary", summary_keys[k], NULL, share_or_null (r->back[k][s], r->matured[k][s]), s, error))
        return FALSE;
  return TRUE;
}

static gboolean
compute_retention (Query   *q,
                   GError **error)
{
  g_auto(Retention) r = { 0 };

  retention_init (q, &r);
  find_members (q, &r);
  sweep_retention (q, &r);
  return emit_retention (q, &r, error);
}

typedef enum
{
  STATE_NEW,
  STATE_RETURNING,
  STATE_RESURRECTING,
  STATE_DORMANT,
  N_STATES,
} LifecycleState;

static const char * const state_names[N_STATES] = { "new", "returning", "resurrecting", "dormant" };

/* Lifecycle's counts, per period k of the span (0: the one before the
 * first bucket's; k: bucket k - 1) and per bucket. */
typedef struct
{
  double  *active;      /* AT (k, s): active on a day of the whole period */
  double  *both;        /* AT (k, s): active in B (period k's days in range) and in period k - 1 */
  double  *states;      /* AT (bucket * N_STATES + state, s) */
} Lifecycle;

static void
lifecycle_clear (Lifecycle *l)
{
  g_free (l->active);
  g_free (l->both);
  g_free (l->states);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lifecycle, lifecycle_clear)

/* Bitsets over the store's persons, one word row per set: the period's
 * activity (whole, and on the range's days), the one before, the role
 * segments, and who signed up in the bucket or before it. */
typedef struct
{
  guint    n_words;
  guint64 *whole;     /* A_k: active on a day of period k */
  guint64 *in_range;  /* B_k: on a day of period k in the range */
  guint64 *previous;  /* A_(k-1) */
  guint64 *roles;     /* AT-like: segment s at s * n_words (s >= 1) */
  guint64 *created;   /* signed up in the current bucket (NEW) */
  guint64 *before;    /* not in persons, or signed up before the current bucket */
  guint   *first_of;  /* persons by sign-up bucket: bucket b's at by_bucket[first_of[b]..first_of[b + 1]) */
  guint32 *by_bucket;
} LifecycleSets;

static void
lifecycle_sets_clear (LifecycleSets *sets)
{
  g_free (sets->whole);
  g_free (sets->in_range);
  g_free (sets->previous);
  g_free (sets->roles);
  g_free (sets->created);
  g_free (sets->before);
  g_free (sets->first_of);
  g_free (sets->by_bucket);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LifecycleSets, lifecycle_sets_clear)

#define SET_BIT(bits, p) ((bits)[(p) / 64] |= G_GUINT64_CONSTANT (1) << ((p) % 64))

/* The bucket whose [first instant in the range, end) holds @instant;
 * -1 before the first, n_buckets after the last. */
static gint
bucket_of_instant (Query        *q,
                   const gint64 *b_start,
                   gint64        instant)
{
  if (instant < b_start[0])
    return -1;
  if (instant >= start_of (q, q->to_day + 1))
    return (gint) q->n_buckets;
  return (gint) q->bucket_of_day[day_of_instant (q, instant) - q->from_day];
}

/* Who signed up when (persons' rows on the store's persons): a known
 * sign-up in a bucket is NEW there; one before the first bucket, or no
 * row in persons, counts as resurrecting from the start; a NULL
 * created_at is neither. */
static void
lifecycle_sets_init (Query         *q,
                     LifecycleSets *sets)
{
  const guint8 *roles = pulse_activity_store_get_roles (q->store);
  g_autofree gint64 *b_start = g_new (gint64, q->n_buckets);
  g_autofree gint *bucket_of = g_new (gint, q->n_persons + 1);
  g_autofree guint8 *listed = g_new0 (guint8, q->n_persons + 1);
  gsize n = (gsize) (sets->n_words = (q->n_persons + 63) / 64) + 1;

  sets->whole = g_new0 (guint64, n);
  sets->in_range = g_new0 (guint64, n);
  sets->previous = g_new0 (guint64, n);
  sets->roles = g_new0 (guint64, n * N_SEG);
  sets->created = g_new0 (guint64, n);
  sets->before = g_new0 (guint64, n);
  sets->first_of = g_new0 (guint, q->n_buckets + 2);
  sets->by_bucket = g_new (guint32, q->n_persons + 1);
  for (gint d = q->to_day; d >= q->from_day; d--)
    b_start[q->bucket_of_day[d - q->from_day]] = start_of (q, d);
  for (guint i = 0; i < q->persons->len; i++)
    {
      const Person *person = &g_array_index (q->persons, Person, i);
      guint32 p;

      if (!pulse_activity_store_lookup (q->store, person->id, &p))
        continue;
      listed[p] = TRUE;
      bucket_of[p] = person->has_created_at ? bucket_of_instant (q, b_start, person->created_at) : (gint) q->n_buckets;
    }
  for (guint32 p = 0; p < q->n_persons; p++)
    {
      if (roles[p] != PULSE_ACTIVITY_SEGMENT_ALL)
        SET_BIT (sets->roles + (gsize) roles[p] * n, p);
      if (!listed[p] || bucket_of[p] < 0)
        SET_BIT (sets->before, p);
      else if (bucket_of[p] < (gint) q->n_buckets)
        sets->first_of[bucket_of[p] + 2]++;
    }
  for (guint b = 0; b < q->n_buckets; b++)
    sets->first_of[b + 2] += sets->first_of[b + 1];
  for (guint32 p = 0; p < q->n_persons; p++)
    if (listed[p] && bucket_of[p] >= 0 && bucket_of[p] < (gint) q->n_buckets)
      sets->by_bucket[sets->first_of[bucket_of[p] + 1]++] = p;
}

/* Adds popcount (x) to counts[all] and per role segment. */
static inline void
count_word (const LifecycleSets *sets,
            guint                w,
            guint64              x,
            double              *counts)
{
  if (x == 0)
    return;
  counts[PULSE_ACTIVITY_SEGMENT_ALL] += pulse_popcount (x);
  for (guint s = 1; s < N_SEG; s++)
    counts[s] += pulse_popcount (x & sets->roles[(gsize) s * (sets->n_words + 1) + w]);
}

/* Period k is over: its counts, then it becomes the previous one. For
 * bucket b = k - 1, of those active in B: NEW signed up in it, RETURNING
 * were active in period k - 1, RESURRECTING were not but signed up
 * before (or are not in persons). */
static void
end_period (Query         *q,
            LifecycleSets *sets,
            Lifecycle     *l,
            gint           k)
{
  gsize n = (gsize) sets->n_words + 1;
  guint b = (guint) k - 1;

  if (k >= 1)
    for (guint i = sets->first_of[b]; i < sets->first_of[b + 1]; i++)
      SET_BIT (sets->created, sets->by_bucket[i]);
  for (guint w = 0; w < sets->n_words; w++)
    {
      guint64 in_b = sets->in_range[w], prev = sets->previous[w];

      count_word (sets, w, sets->whole[w], l->active + AT (k, 0));
      if (k < 1)
        continue;
      count_word (sets, w, in_b & prev, l->both + AT (k, 0));
      count_word (sets, w, in_b & sets->created[w], l->states + AT (b * N_STATES + STATE_NEW, 0));
      count_word (sets, w, in_b & prev & ~sets->created[w], l->states + AT (b * N_STATES + STATE_RETURNING, 0));
      count_word (sets, w, in_b & ~prev & ~sets->created[w] & sets->before[w],
                  l->states + AT (b * N_STATES + STATE_RESURRECTING, 0));
    }
  for (guint w = 0; w < sets->n_words; w++)
    sets->before[w] |= sets->created[w];
  memset (sets->created, 0, sizeof (guint64) * n);
  memcpy (sets->previous, sets->whole, sizeof (guint64) * n);
  memset (sets->whole, 0, sizeof (guint64) * n);
  memset (sets->in_range, 0, sizeof (guint64) * n);
}

static gboolean
emit_lifecycle (Query     *q,
                Lifecycle *l,
                GError   **error)
{
  for (guint s = 0; s < N_SEG; s++)
    for (LifecycleState state = STATE_NEW; state < N_STATES; state++)
      for (guint b = 0; b < q->n_buckets; b++)
        if (!emit_row (q, "series", state_names[state], q->labels[b], l->states[AT (b * N_STATES + state, s)], s, error))
          return FALSE;
  for (guint s = 0; s < N_SEG; s++)
    {
      double gained = 0, dormant = 0;

      for (guint b = 0; b < q->n_buckets; b++)
        {
          gained += l->states[AT (b * N_STATES + STATE_NEW, s)] + l->states[AT (b * N_STATES + STATE_RESURRECTING, s)];
          dormant += l->states[AT (b * N_STATES + STATE_DORMANT, s)];
        }
      if (!emit_row (q, "summary", "quick_ratio", NULL, share_or_null (gained, dormant), s, error))
        return FALSE;
    }
  return TRUE;
}

/* Word by word over the periods' unions: a year of day buckets at 200k
 * persons visited every (day, active person), 22M of them. */
static gboolean
compute_lifecycle (Query   *q,
                   GError **error)
{
  g_auto(Lifecycle) l = { 0 };
  g_auto(LifecycleSets) sets = { 0 };
  gint first = 0, last = 0, first_ordinal;

  pulse_activity_cohorts_get_span ("lifecycle", q->period, q->from_day, q->to_day, &first, &last);
  first_ordinal = period_ordinal (first, q->period);
  l.active = g_new0 (double, AT (q->n_buckets + 1, 0));
  l.both = g_new0 (double, AT (q->n_buckets + 1, 0));
  l.states = g_new0 (double, AT (q->n_buckets * N_STATES, 0));
  lifecycle_sets_init (q, &sets);
  for (gint day = first; day <= last; day++)
    {
      gint k = period_ordinal (day, q->period) - first_ordinal;
      PulseDaySet set;

      set_on (q, day, &set);
      for (guint w = 0; w < set.n_words; w++)
        sets.whole[w] |= set.bits[w];
      if (day >= q->from_day)
        for (guint w = 0; w < set.n_words; w++)
          sets.in_range[w] |= set.bits[w];
      if (day == last || period_ordinal (day + 1, q->period) - first_ordinal != k)
        end_period (q, &sets, &l, k);
    }
  /* Dormant: active in the period before B, not in B. */
  for (guint b = 0; b < q->n_buckets; b++)
    for (guint s = 0; s < N_SEG; s++)
      l.states[AT (b * N_STATES + STATE_DORMANT, s)] = l.active[AT (b, s)] - l.both[AT (b + 1, s)];
  return emit_lifecycle (q, &l, error);
}

/* Persons with created_at on a day of the range (soft-deleted ones too),
 * per bucket and segment; summary total. */
static gboolean
compute_signups (Query   *q,
                 GError **error)
{
  gint64 range_start = start_of (q, q->from_day), range_end = start_of (q, q->to_day + 1);
  g_autofree double *counts = g_new0 (double, AT (q->n_buckets, 0));
  double total[N_SEG] = { 0 };

  for (guint i = 0; i < q->persons->len; i++)
    {
      const Person *person = &g_array_index (q->persons, Person, i);
      guint b;

      if (!person->has_created_at || person->created_at < range_start || person->created_at >= range_end)
        continue;
      b = q->bucket_of_day[day_of_instant (q, person->created_at) - q->from_day];
      count (counts, b, person->role);
      count (total, 0, person->role);
    }
  for (guint s = 0; s < N_SEG; s++)
    for (guint b = 0; b < q->n_buckets; b++)
      if (!emit_row (q, "series", "all", q->labels[b], counts[AT (b, s)], s, error))
        return FALSE;
  for (guint s = 0; s < N_SEG; s++)
    if (!emit_row (q, "summary", "total", NULL, total[s], s, error))
      return FALSE;
  return TRUE;
}

/**
 * pulse_activity_cohorts_compute:
 * @people: every row of persons, read after the store's last change
 * @from_day: Julian day of the range's first day; the store must hold
 *   the span pulse_activity_cohorts_get_span() gives
 * @bucket_of_day: (array length=n_days): each day's bucket (one per period)
 * @bucket_labels: (array length=n_buckets): each bucket's label
 */
gboolean
pulse_activity_cohorts_compute (PulseActivityStore   *store,
                                PulseActivityPeople  *people,
                                const char           *metric_id,
                                PulseActivityPeriod   period,
                                gint                  from_day,
                                guint                 n_days,
                                const guint          *bucket_of_day,
                                const char * const   *bucket_labels,
                                guint                 n_buckets,
                                PulseActivityRowFunc  emit,
                                gpointer              user_data,
                                GError              **error)
{
  Query q = { store, people->persons, period, from_day, from_day + (gint) n_days - 1, bucket_of_day,
              bucket_labels, n_buckets, 0, pulse_activity_store_get_starts (store),
              pulse_activity_store_get_first_day (store), emit, user_data };
  gint first = 0, last = 0;

  if (n_days > 0)
    pulse_activity_cohorts_get_span (metric_id, period, q.from_day, q.to_day, &first, &last);
  /* One bucket per period of the range, and every day the metric reads. */
  if (!pulse_activity_cohorts_supported (metric_id) || n_days == 0 ||
      period_ordinal (q.to_day, period) - period_ordinal (from_day, period) + 1 != (gint) n_buckets ||
      first < q.store_first || last >= q.store_first + (gint) pulse_activity_store_get_n_days (store))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("The activity index cannot answer “%s” for these days"), metric_id);
      return FALSE;
    }
  pulse_activity_store_flush (store);
  q.n_persons = pulse_activity_store_get_n_persons (store);
  if (g_str_equal (metric_id, "retention"))
    return compute_retention (&q, error);
  if (g_str_equal (metric_id, "signups"))
    return compute_signups (&q, error);
  return compute_lifecycle (&q, error);
}
