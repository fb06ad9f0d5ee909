/* pulse-activity-store.c: per-day sets of active persons
 *
 * Each local day of the span holds the persons active on it as a bitset
 * of dense indices, and how many events those with more than one had
 * (PulseDaySet); persons are BIGINT ids mapped to dense indices. A year
 * at 200k persons is ~25 KB of bits a day where a sorted array of
 * (person, events) took 8 bytes per active person (~450 KB a day), and
 * unions and counts over a window are word ORs and popcounts. Events
 * arrive in any order (by id): they are buffered as (day, person) and
 * merged into the days in batches, so a build holds one batch and the
 * sets, never every event.
 *
 * Each day is one block of exactly its size, or borrowed from a mapped
 * cache file until the day changes.
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

typedef struct
{
  guint64    *block;     /* header, bits, extras (see PulseDaySet) */
  guint       len;       /* words */
  gboolean    borrowed;  /* from the backing: not ours to free */
} Day;

struct _PulseActivityStore
{
  gint        first_day;  /* Julian day of days[0] */
  GArray     *starts;     /* gint64: µs since 2000-01-01 UTC of each day's local midnight, n_days + 1 */
  GArray     *days;       /* Day */
  gpointer       backing;       /* what borrowed days point into */
  GDestroyNotify backing_free;
  GArray     *ids;        /* gint64 person id per dense index */
  GByteArray *roles;      /* PulseActivitySegment per dense index */
  /* Open addressing: id -> dense index + 1 (0: empty slot). */
  gint64     *map_keys;
  guint32    *map_values;
  gsize       map_capacity;
  GArray     *pending;    /* guint64: day << 32 | person */
  /* Results shared by several metrics (by key), valid while nothing changes. */
  GHashTable *memo;
  guint       last_day;   /* the day of the last event: events come in runs */
};

static void
clear_day (gpointer data)
{
  Day *day = data;

  if (!day->borrowed)
    g_free (day->block);
  day->block = NULL;
  day->len = 0;
  day->borrowed = FALSE;
}

static Day *
get_day (PulseActivityStore *self,
         guint               day)
{
  return &g_array_index (self->days, Day, day);
}

/* A persons.role the segments know: BUILDER or FINDER. */
gboolean
pulse_activity_segment_parse (const guint8         *text,
                              gsize                 size,
                              PulseActivitySegment *role)
{
  if (size == strlen ("BUILDER") && memcmp (text, "BUILDER", size) == 0)
    *role = PULSE_ACTIVITY_SEGMENT_BUILDER;
  else if (size == strlen ("FINDER") && memcmp (text, "FINDER", size) == 0)
    *role = PULSE_ACTIVITY_SEGMENT_FINDER;
  else
    return FALSE;
  return TRUE;
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
  self->days = g_array_sized_new (FALSE, TRUE, sizeof (Day), n_days);
  g_array_set_clear_func (self->days, clear_day);
  g_array_set_size (self->days, n_days);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->roles = g_byte_array_new ();
  /* Grown as rows come: a store loaded from the cache gets none. */
  self->pending = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->last_day = NO_DAY;
  self->memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

/* Anything changed: what was worked out from the old contents goes. */
static void
changed (PulseActivityStore *self)
{
  g_hash_table_remove_all (self->memo);
}

/**
 * pulse_activity_store_memo_lookup:
 *
 * What pulse_activity_store_memo_insert() kept under @key since the
 * store last changed, or %NULL.
 */
gconstpointer
pulse_activity_store_memo_lookup (PulseActivityStore *self,
                                  const char         *key)
{
  return g_hash_table_lookup (self->memo, key);
}

/* Keeps @data (g_free()d by the store) under @key until the store changes. */
void
pulse_activity_store_memo_insert (PulseActivityStore *self,
                                  const char         *key,
                                  gpointer            data)
{
  g_hash_table_replace (self->memo, g_strdup (key), data);
}

void
pulse_activity_store_free (PulseActivityStore *self)
{
  g_array_unref (self->starts);
  g_array_unref (self->days);
  if (self->backing_free != NULL)
    self->backing_free (self->backing);
  g_array_unref (self->ids);
  g_byte_array_unref (self->roles);
  g_free (self->map_keys);
  g_free (self->map_values);
  g_array_unref (self->pending);
  g_hash_table_unref (self->memo);
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

  {
    g_autofree Day *empty = g_new0 (Day, MAX (before, after));

    g_array_prepend_vals (self->days, empty, before);
    g_array_append_vals (self->days, empty, after);
  }
  changed (self);
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

/* Rehashes the map into @capacity slots (a power of two). */
static void
map_resize (PulseActivityStore *self,
            gsize               capacity)
{
  g_autofree gint64 *keys = g_steal_pointer (&self->map_keys);
  g_autofree guint32 *values = g_steal_pointer (&self->map_values);
  gsize old_capacity = self->map_capacity;

  self->map_capacity = capacity;
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

/* The map of every person so far, made at the first intern or lookup:
 * a store loaded from a cache file that gets no row and is asked of no
 * person (most sources, on a warm start) never makes it. A file names
 * each person once (made so, and checksummed; whoever forges it could
 * forge anything, see pulse-activity-cache.c): a repeat keeps the first. */
static void
map_ensure (PulseActivityStore *self)
{
  const gint64 *ids = (const gint64 *) self->ids->data;

  if (self->map_values != NULL)
    return;
  self->map_capacity = MAP_MIN_CAPACITY;
  while ((gsize) self->ids->len * 2 > self->map_capacity)
    self->map_capacity *= 2;
  self->map_keys = g_new (gint64, self->map_capacity);
  self->map_values = g_new0 (guint32, self->map_capacity);
  for (guint32 p = 0; p < self->ids->len; p++)
    {
      gsize slot = map_slot (self, ids[p]);

      if (self->map_values[slot] == 0)
        {
          self->map_keys[slot] = ids[p];
          self->map_values[slot] = p + 1;
        }
    }
}

/* Doubles the map when it is half full: probes stay short. */
static void
map_grow (PulseActivityStore *self)
{
  map_resize (self, self->map_capacity * 2);
}

/* Appends the persons @ids (each once, not in the store yet), dense
 * indices from the next on, without a role: a cache file's, whose
 * store may never need their map. */
void
pulse_activity_store_add_persons (PulseActivityStore *self,
                                  const gint64       *ids,
                                  guint               n)
{
  guint len = self->roles->len;

  if (self->map_values != NULL)
    {
      for (guint i = 0; i < n; i++)
        pulse_activity_store_intern (self, ids[i]);
      return;
    }
  g_array_append_vals (self->ids, ids, n);
  g_byte_array_set_size (self->roles, len + n);
  memset (self->roles->data + len, PULSE_ACTIVITY_SEGMENT_ALL, n);
}

/* The dense index of @person_id, made on first sight (without a role). */
guint32
pulse_activity_store_intern (PulseActivityStore *self,
                             gint64              person_id)
{
  guint8 none = PULSE_ACTIVITY_SEGMENT_ALL;
  gsize slot;

  map_ensure (self);
  slot = map_slot (self, person_id);
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
  gsize slot;

  map_ensure (self);
  slot = map_slot (self, person_id);
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
  changed (self);
}

void
pulse_activity_store_set_role (PulseActivityStore   *self,
                               guint32               person,
                               PulseActivitySegment  role)
{
  if (self->roles->data[person] != role)
    changed (self);
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

static void
day_set_of (const guint64 *block,
            guint          len,
            PulseDaySet   *set)
{
  if (len == 0)
    {
      *set = (PulseDaySet) { NULL, 0, NULL, 0 };
      return;
    }
  set->n_words = (guint) (block[0] & G_MAXUINT32);
  set->extra_size = (guint) (block[0] >> 32);
  set->bits = block + 1;
  set->extra = (const guint8 *) (block + 1 + set->n_words);
}

static guint8 *
varint_write (guint8  *pos,
              guint64  value)
{
  while (value >= 0x80)
    {
      *pos++ = (guint8) (value | 0x80);
      value >>= 7;
    }
  *pos++ = (guint8) value;
  return pos;
}

/* Writes a day's extras (see PulseDaySet), persons in order. */
typedef struct
{
  guint8  *pos;
  guint32  person;  /* the last one written; G_MAXUINT32 before */
} ExtrasWriter;

/* Bytes of one extra at most: two varints of 32 bits. */
#define EXTRA_MAX_SIZE 10

static void
extras_put (ExtrasWriter *writer,
            guint32       person,
            guint32       more)
{
  writer->pos = varint_write (varint_write (writer->pos, (guint32) (person - writer->person - 1)), more - 1);
  writer->person = person;
}

/* A new person's events beyond the first, in merge_day(). */
#define ADDED_PERSON(e) ((guint32) ((e) >> 32))
#define ADDED_MORE(e) ((guint32) (e))

/* Adds the batch's @persons (distinct, any order), each with @tally
 * events, to @day: the old bits and extras merged with the new, in a
 * block of exactly its size. @touched is a zeroed bitset of every
 * person's word, left zeroed. */
static void
merge_day (Day            *day,
           const guint32  *persons,
           guint           n,
           const guint32  *tally,
           guint64        *touched)
{
  PulseDaySet old;
  PulseDayExtras olds;
  guint n_words, max_word = 0;
  g_autofree guint64 *added = NULL;  /* person << 32 | events beyond the first, sorted */
  guint n_added = 0, j = 0;
  guint64 *block, *bits;
  ExtrasWriter writer;
  guint32 old_person, old_more;
  gboolean have_old;
  gsize extra_size, len;

  day_set_of (day->block, day->len, &old);
  for (guint i = 0; i < n; i++)
    {
      touched[persons[i] / 64] |= G_GUINT64_CONSTANT (1) << (persons[i] % 64);
      max_word = MAX (max_word, persons[i] / 64);
    }
  n_words = MAX (old.n_words, max_word + 1);

  /* In person order: walk the touched words (clearing them). */
  added = g_new (guint64, n);
  for (guint w = 0; w <= max_word; w++)
    {
      guint64 word = touched[w];
      guint64 was = w < old.n_words ? old.bits[w] : 0;

      touched[w] = 0;
      for (; word != 0; word &= word - 1)
        {
          guint bit = (guint) __builtin_ctzll (word);
          guint32 p = w * 64 + bit;
          /* A person already active that day: every new event is extra. */
          guint32 more = tally[p] - ((was >> bit & 1) ? 0 : 1);

          if (more > 0)
            added[n_added++] = (guint64) p << 32 | more;
        }
    }

  /* Extras of both sides, persons on both summed: at most both sizes. */
  block = g_new (guint64, 1 + n_words + (old.extra_size + (gsize) n_added * EXTRA_MAX_SIZE + 7) / 8);
  bits = block + 1;
  if (old.n_words > 0)
    memcpy (bits, old.bits, sizeof (guint64) * old.n_words);
  memset (bits + old.n_words, 0, sizeof (guint64) * (n_words - old.n_words));
  for (guint i = 0; i < n; i++)
    bits[persons[i] / 64] |= G_GUINT64_CONSTANT (1) << (persons[i] % 64);
  writer = (ExtrasWriter) { (guint8 *) (bits + n_words), G_MAXUINT32 };
  pulse_day_extras_init (&olds, &old);
  have_old = pulse_day_extras_next (&olds, &old_person, &old_more);
  while (have_old || j < n_added)
    {
      if (!have_old || (j < n_added && ADDED_PERSON (added[j]) < old_person))
        {
          extras_put (&writer, ADDED_PERSON (added[j]), ADDED_MORE (added[j]));
          j++;
          continue;
        }
      if (j < n_added && ADDED_PERSON (added[j]) == old_person)
        old_more += ADDED_MORE (added[j++]);
      extras_put (&writer, old_person, old_more);
      have_old = pulse_day_extras_next (&olds, &old_person, &old_more);
    }
  extra_size = (gsize) (writer.pos - (guint8 *) (bits + n_words));
  len = 1 + n_words + (extra_size + 7) / 8;
  /* Zeros up to the word. */
  memset (writer.pos, 0, sizeof (guint64) * len - sizeof (guint64) * (1 + n_words) - extra_size);
  block[0] = (guint64) n_words | (guint64) extra_size << 32;
  clear_day (day);
  day->len = (guint) len;
  day->block = g_renew (guint64, block, len);
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
  g_autofree guint64 *touched = NULL;

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
  touched = g_new0 (guint64, self->ids->len / 64 + 1);
  for (guint d = 0; d < n_days; d++)
    {
      guint n_distinct = 0;

      for (guint i = offsets[d]; i < offsets[d + 1]; i++)
        if (tally[by_day[i]]++ == 0)
          distinct[n_distinct++] = by_day[i];
      if (n_distinct == 0)
        continue;
      merge_day (get_day (self, d), distinct, n_distinct, tally, touched);
      for (guint i = 0; i < n_distinct; i++)
        tally[distinct[i]] = 0;
    }
  /* A partial batch ends a read: its buffer is not kept until the next. */
  if (n < PENDING_BATCH)
    {
      g_array_unref (self->pending);
      self->pending = g_array_new (FALSE, FALSE, sizeof (guint64));
    }
  else
    g_array_set_size (self->pending, 0);
  changed (self);
}

void
pulse_activity_store_get_set (PulseActivityStore *self,
                              guint               day,
                              PulseDaySet        *set)
{
  Day *d = get_day (self, day);

  day_set_of (d->block, d->len, set);
}

/* @day's block (see PulseDaySet) of @n words, as the cache saves it. */
const guint64 *
pulse_activity_store_get_block (PulseActivityStore *self,
                                guint               day,
                                guint              *n)
{
  Day *d = get_day (self, day);

  *n = d->len;
  return d->block;
}

/* One varint of at most 32 bits, in its shortest form, before @end. */
static gboolean
varint_take (const guint8 **pos,
             const guint8  *end,
             guint32       *value)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 35; shift += 7)
    {
      guint8 byte;

      if (*pos >= end)
        return FALSE;
      byte = *(*pos)++;
      v |= (guint64) (byte & 0x7f) << shift;
      if (!(byte & 0x80))
        {
          *value = (guint32) v;
          return v <= G_MAXUINT32 && (shift == 0 || byte != 0);
        }
    }
  return FALSE;
}

/**
 * pulse_activity_day_block_valid:
 *
 * Whether @block (@n words) is a day of a store of @n_persons exactly as
 * the store makes them: header matching the length, the last word of
 * the bitset not zero and no bit past the last person, extras in
 * order, each of a person of the day with more than one event, zeros
 * after them.
 */
gboolean
pulse_activity_day_block_valid (const guint64 *block,
                                guint          n,
                                guint          n_persons)
{
  PulseDaySet set;
  guint max_words = (n_persons + 63) / 64;
  const guint8 *pos, *end;
  guint64 person = 0;

  if (n == 0)
    return TRUE;
  day_set_of (block, n, &set);
  if (set.n_words == 0 || set.n_words > max_words ||
      (guint64) set.n_words + (set.extra_size + 7) / 8 + 1 != n || set.bits[set.n_words - 1] == 0)
    return FALSE;
  if (set.n_words == max_words && n_persons % 64 != 0 &&
      (set.bits[set.n_words - 1] >> (n_persons % 64)) != 0)
    return FALSE;
  pos = set.extra;
  end = set.extra + set.extra_size;
  for (gboolean first = TRUE; pos < end; first = FALSE)
    {
      guint32 gap, more;

      if (!varint_take (&pos, end, &gap) || !varint_take (&pos, end, &more) || more == G_MAXUINT32)
        return FALSE;
      person += (first ? 0 : 1) + (guint64) gap;
      if (person >= (guint64) set.n_words * 64 || !(set.bits[person / 64] >> (person % 64) & 1))
        return FALSE;
    }
  for (const guint8 *p = end; p < (const guint8 *) (block + n); p++)
    if (*p != 0)
      return FALSE;
  return TRUE;
}

static void
replace_block (PulseActivityStore *self,
               guint               day,
               guint64            *block,
               guint               n,
               gboolean            borrowed)
{
  Day *d = get_day (self, day);

  changed (self);
  clear_day (d);
  /* An empty day points nowhere: a borrowed pointer must never be freed. */
  d->block = n > 0 ? block : NULL;
  d->len = n;
  d->borrowed = borrowed && n > 0;
}

/* Replaces @day with a copy of @block (valid, see
 * pulse_activity_day_block_valid()): for reading a saved store. */
void
pulse_activity_store_set_block (PulseActivityStore *self,
                                guint               day,
                                const guint64      *block,
                                guint               n)
{
  replace_block (self, day, n > 0 ? g_memdup2 (block, sizeof (guint64) * n) : NULL, n, FALSE);
}

/* Makes @day the block at @block, which stays where it is (in the
 * backing, see pulse_activity_store_hold()) until the day changes. */
void
pulse_activity_store_borrow_block (PulseActivityStore *self,
                                   guint               day,
                                   const guint64      *block,
                                   guint               n)
{
  replace_block (self, day, (guint64 *) block, n, TRUE);
}

/* Keeps @backing (what borrowed days point into) as long as the store. */
void
pulse_activity_store_hold (PulseActivityStore *self,
                           gpointer            backing,
                           GDestroyNotify      backing_free)
{
  if (self->backing_free != NULL)
    self->backing_free (self->backing);
  self->backing = backing;
  self->backing_free = backing_free;
}
