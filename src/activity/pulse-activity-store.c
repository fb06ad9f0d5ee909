/* pulse-activity-store.c: per-day sets of active persons
 *
 * Each local day of the span holds the persons active on it (by dense
 * index, sorted) and how many events each had; persons are BIGINT ids
 * mapped to dense indices. Events arrive in any order (by id): they are
 * buffered as (day, person) and merged into the days in batches, so a
 * build holds one batch and the sets, never every event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pulse-activity-store-private.h"

/* Events buffered before they are merged into their days. */
#define PENDING_BATCH (1u << 20)
#define MAP_MIN_CAPACITY 1024
/* Fibonacci hashing of person ids into the map. */
#define MAP_HASH_MULTIPLIER G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)
#define NO_DAY G_MAXUINT32

struct _PulseActivityStore
{
  gint        first_day;  /* Julian day of days[0] */
  GArray     *starts;     /* gint64: µs since 2000-01-01 UTC of each day's local midnight, n_days + 1 */
  GPtrArray  *days;       /* GArray of PulseVisit per day, sorted by person */
  GArray     *ids;        /* gint64 person id per dense index */
  GByteArray *roles;      /* PulseActivitySegment per dense index */
  /* Open addressing: id -> dense index + 1 (0: empty slot). */
  gint64     *map_keys;
  guint32    *map_values;
  gsize       map_capacity;
  GArray     *pending;    /* guint64: day << 32 | person */
  guint       last_day;   /* the day of the last event: events come in runs */
};

static GArray *
new_day (void)
{
  return g_array_new (FALSE, FALSE, sizeof (PulseVisit));
}

PulseActivityStore *
pulse_activity_store_new (gint          first_day,
                          const gint64 *starts,
                          guint         n_days)
{
  PulseActivityStore *self = g_new0 (PulseActivityStore, 1);

  self->first_day = first_day;
  self->starts = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_days + 1);
  g_array_append_vals (self->starts, starts, n_days + 1);
  self->days = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < n_days; i++)
    g_ptr_array_add (self->days, new_day ());
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->roles = g_byte_array_new ();
  self->map_capacity = MAP_MIN_CAPACITY;
  self->map_keys = g_new (gint64, self->map_capacity);
  self->map_values = g_new0 (guint32, self->map_capacity);
  self->pending = g_array_sized_new (FALSE, FALSE, sizeof (guint64), PENDING_BATCH);
  self->last_day = NO_DAY;
  return self;
}

void
pulse_activity_store_free (PulseActivityStore *self)
{
  g_array_unref (self->starts);
  g_ptr_array_unref (self->days);
  g_array_unref (self->ids);
  g_byte_array_unref (self->roles);
  g_free (self->map_keys);
  g_free (self->map_values);
  g_array_unref (self->pending);
  g_free (self);
}

gint
pulse_activity_store_get_first_day (PulseActivityStore *self)
{
  return self->first_day;
}

guint
pulse_activity_store_get_n_days (PulseActivityStore *self)
{
  return self->days->len;
}

const gint64 *
pulse_activity_store_get_starts (PulseActivityStore *self)
{
  return (const gint64 *) self->starts->data;
}

/**
 * pulse_activity_store_extend:
 * @starts: the local midnights of the new span (@n_days + 1)
 *
 * Widens the span to [@first_day, @first_day + @n_days), which must hold
 * the current one. FALSE if the days both spans share start at other
 * instants (the server's time-zone data changed): the store is then
 * left as it was and must be rebuilt.
 */
gboolean
pulse_activity_store_extend (PulseActivityStore *self,
                             gint                first_day,
                             const gint64       *starts,
                             guint               n_days)
{
  guint before = (guint) (self->first_day - first_day);
  guint after = n_days - before - self->days->len;

  g_return_val_if_fail (first_day <= self->first_day, FALSE);
  g_return_val_if_fail (before + self->days->len <= n_days, FALSE);

  pulse_activity_store_flush (self);
  if (memcmp (starts + before, self->starts->data, sizeof (gint64) * self->starts->len) != 0)
    return FALSE;

  for (guint i = 0; i < before; i++)
    g_ptr_array_insert (self->days, 0, new_day ());
  for (guint i = 0; i < after; i++)
    g_ptr_array_add (self->days, new_day ());
  g_array_set_size (self->starts, 0);
  g_array_append_vals (self->starts, starts, n_days + 1);
  self->first_day = first_day;
  self->last_day = NO_DAY;
  return TRUE;
}

static gsize
map_slot (PulseActivityStore *self,
          gint64              id)
{
  gsize mask = self->map_capacity - 1;
  gsize slot = (gsize) (((guint64) id * MAP_HASH_MULTIPLIER) >> 32) & mask;

  while (self->map_values[slot] != 0 && self->map_keys[slot] != id)
    slot = (slot + 1) & mask;
  return slot;
}

/* Doubles the map when it is half full: probes stay short. */
static void
map_grow (PulseActivityStore *self)
{
  g_autofree gint64 *keys = g_steal_pointer (&self->map_keys);
  g_autofree guint32 *values = g_steal_pointer (&self->map_values);
  gsize old_capacity = self->map_capacity;

  self->map_capacity *= 2;
  self->map_keys = g_new (gint64, self->map_capacity);
  self->map_values = g_new0 (guint32, self->map_capacity);
  for (gsize i = 0; i < old_capacity; i++)
    if (values[i] != 0)
      {
        gsize slot = map_slot (self, keys[i]);

        self->map_keys[slot] = keys[i];
        self->map_values[slot] = values[i];
      }
}

/* The dense index of @person_id, made on first sight (without a role). */
guint32
pulse_activity_store_intern (PulseActivityStore *self,
                             gint64              person_id)
{
  gsize slot = map_slot (self, person_id);
  guint8 none = PULSE_ACTIVITY_SEGMENT_ALL;

  if (self->map_values[slot] != 0)
    return self->map_values[slot] - 1;

  g_array_append_val (self->ids, person_id);
  g_byte_array_append (self->roles, &none, 1);
  self->map_keys[slot] = person_id;
  self->map_values[slot] = self->ids->len;
  if (self->ids->len * 2 > self->map_capacity)
    map_grow (self);
  return self->ids->len - 1;
}

/* The dense index of @person_id, if any event of theirs was seen. */
gboolean
pulse_activity_store_lookup (PulseActivityStore *self,
                             gint64              person_id,
                             guint32            *person)
{
  gsize slot = map_slot (self, person_id);

  if (self->map_values[slot] == 0)
    return FALSE;
  *person = self->map_values[slot] - 1;
  return TRUE;
}

guint
pulse_activity_store_get_n_persons (PulseActivityStore *self)
{
  return self->ids->len;
}

gint64
pulse_activity_store_get_person_id (PulseActivityStore *self,
                                    guint32             person)
{
  return g_array_index (self->ids, gint64, person);
}

const guint8 *
pulse_activity_store_get_roles (PulseActivityStore *self)
{
  return self->roles->data;
}

void
pulse_activity_store_clear_roles (PulseActivityStore *self)
{
  /* An empty GByteArray's data is NULL, which memset() must not get. */
  if (self->roles->len > 0)
    memset (self->roles->data, PULSE_ACTIVITY_SEGMENT_ALL, self->roles->len);
}

void
pulse_activity_store_set_role (PulseActivityStore   *self,
                               guint32               person,
                               PulseActivitySegment  role)
{
  self->roles->data[person] = role;
}

/* The day whose [start, next start) holds @instant, or -1 outside the span. */
int
pulse_activity_store_find_day (PulseActivityStore *self,
                               gint64              instant)
{
  const gint64 *starts = (const gint64 *) self->starts->data;
  guint lo = 0, hi = self->days->len;

  if (self->last_day != NO_DAY && starts[self->last_day] <= instant && instant < starts[self->last_day + 1])
    return (int) self->last_day;
  if (instant < starts[0] || instant >= starts[hi])
    return -1;
  /* starts[lo] <= instant < starts[hi] */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= instant)
        lo = mid;
      else
        hi = mid;
    }
  self->last_day = lo;
  return (int) lo;
}

void
pulse_activity_store_add_event (PulseActivityStore *self,
                                guint               day,
                                guint32             person)
{
  guint64 entry = ((guint64) day << 32) | person;

  g_array_append_val (self->pending, entry);
  if (self->pending->len >= PENDING_BATCH)
    pulse_activity_store_flush (self);
}

static int
compare_person (gconstpointer a,
                gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* Adds the sorted distinct @persons with their @tally of events to @day. */
static void
merge_day (GArray         *day,
           const guint32  *persons,
           guint           n,
           const guint32  *tally)
{
  g_autoptr(GArray) merged = g_array_sized_new (FALSE, FALSE, sizeof (PulseVisit), day->len + n);
  const PulseVisit *old = (const PulseVisit *) day->data;
  guint i = 0, j = 0;

  while (i < day->len || j < n)
    {
      PulseVisit visit;

      if (j == n || (i < day->len && old[i].person < persons[j]))
        visit = old[i++];
      else if (i == day->len || persons[j] < old[i].person)
        {
          visit.person = persons[j];
          visit.events = tally[persons[j++]];
        }
      else
        {
          visit.person = old[i].person;
          visit.events = old[i++].events + tally[persons[j++]];
        }
      g_array_append_val (merged, visit);
    }
  g_array_set_size (day, 0);
  g_array_append_vals (day, merged->data, merged->len);
}

/* Merges the buffered events into their days: grouped by day (a
 * counting sort), then counted per person. */
void
pulse_activity_store_flush (PulseActivityStore *self)
{
  guint n_days = self->days->len;
  guint n = self->pending->len;
  const guint64 *pending = (const guint64 *) self->pending->data;
  g_autofree guint *offsets = NULL;
  g_autofree guint32 *by_day = NULL;
  g_autofree guint32 *tally = NULL;
  g_autofree guint32 *distinct = NULL;

  if (n == 0)
    return;

  offsets = g_new0 (guint, n_days + 1);
  for (guint i = 0; i < n; i++)
    offsets[(pending[i] >> 32) + 1]++;
  for (guint d = 0; d < n_days; d++)
    offsets[d + 1] += offsets[d];
  by_day = g_new (guint32, n);
  {
    g_autofree guint *fill = g_memdup2 (offsets, sizeof (guint) * n_days);

    for (guint i = 0; i < n; i++)
      by_day[fill[pending[i] >> 32]++] = (guint32) pending[i];
  }

  tally = g_new0 (guint32, self->ids->len);
  distinct = g_new (guint32, n);
  for (guint d = 0; d < n_days; d++)
    {
      guint n_distinct = 0;

      for (guint i = offsets[d]; i < offsets[d + 1]; i++)
        if (tally[by_day[i]]++ == 0)
          distinct[n_distinct++] = by_day[i];
      if (n_distinct == 0)
        continue;
      qsort (distinct, n_distinct, sizeof (guint32), compare_person);
      merge_day (g_ptr_array_index (self->days, d), distinct, n_distinct, tally);
      for (guint i = 0; i < n_distinct; i++)
        tally[distinct[i]] = 0;
    }
  g_array_set_size (self->pending, 0);
}

const PulseVisit *
pulse_activity_store_get_visits (PulseActivityStore *self,
                                 guint               day,
                                 guint              *n_visits)
{
  GArray *visits = g_ptr_array_index (self->days, day);

  *n_visits = visits->len;
  return (const PulseVisit *) visits->data;
}

/* Replaces @day's visits: for reading a saved store. */
void
pulse_activity_store_set_visits (PulseActivityStore *self,
                                 guint               day,
                                 const PulseVisit   *visits,
                                 guint               n_visits)
{
  GArray *array = g_ptr_array_index (self->days, day);

  g_array_set_size (array, 0);
  g_array_append_vals (array, visits, n_visits);
}
