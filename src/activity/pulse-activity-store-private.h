/* pulse-activity-store-private.h: per-day sets of active persons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pulse-activity-index.h"

G_BEGIN_DECLS

/* The segments every activity metric reports, in output order; a
 * person's role is the segment of their role, or ALL for a person
 * without one (missing from persons, or a NULL role). */
typedef enum
{
  PULSE_ACTIVITY_SEGMENT_ALL,
  PULSE_ACTIVITY_SEGMENT_BUILDER,
  PULSE_ACTIVITY_SEGMENT_FINDER,
  PULSE_ACTIVITY_N_SEGMENTS,
} PulseActivitySegment;

const char         *pulse_activity_segment_get_name    (PulseActivitySegment segment);

/* The event tables the index reads, each into a store of its own: a
 * row is (id, person, time), counted on the local day of its time (see
 * the index's source table for each one's columns). The profile tables'
 * "person" is an element: the profile counted distinct and the segment
 * of the row's person (pulse_activity_element_*()). The post tables'
 * too, with no key: only their rows per segment are counted. */
typedef enum
{
  PULSE_ACTIVITY_SOURCE_EVENTS,      /* activity_events */
  PULSE_ACTIVITY_SOURCE_SEARCHES,    /* finder_searches */
  PULSE_ACTIVITY_SOURCE_POSTS,       /* posts, soft-deleted ones too */
  PULSE_ACTIVITY_SOURCE_UP_VOTES,    /* finder_votes with value 1 */
  PULSE_ACTIVITY_SOURCE_DOWN_VOTES,  /* finder_votes with value -1 */
  PULSE_ACTIVITY_SOURCE_PROFILE_VIEWS,    /* profile_views, by the viewer's role */
  PULSE_ACTIVITY_SOURCE_PROFILE_UPDATES,  /* profile_updates, by the owner's role */
  PULSE_ACTIVITY_SOURCE_POST_REACTIONS,   /* post_reactions, by the post's author's role */
  PULSE_ACTIVITY_SOURCE_POST_COMMENTS,    /* post_comments (soft-deleted too), alike */
  PULSE_ACTIVITY_SOURCE_POST_VIEWS,       /* post_views, alike */
  PULSE_ACTIVITY_SOURCE_COLLECTION_SHARES,  /* collection_shares: collections, by the sharer's role */
  PULSE_ACTIVITY_SOURCE_COLLECTION_ITEMS,   /* collection_items: profiles, by the role of who added them */
  PULSE_ACTIVITY_N_SOURCES,
} PulseActivitySource;

/* An element of a keyed source: key * 4 + the segment code of the row's
 * person, as the index's SQL computes it: 0 no person, 1 BUILDER, 2
 * FINDER, 3 a person unknown to persons (or without a role). The key is
 * what the metric counts distinct (a profile), the code decides the
 * segment: an element is one (profile, segment) pair. */
#define PULSE_ACTIVITY_ELEMENT_NONE 0
#define PULSE_ACTIVITY_ELEMENT_UNKNOWN 3

static inline gint64
pulse_activity_element_key (gint64 element)
{
  return element >> 2;  /* floor: keys may be negative */
}

static inline guint
pulse_activity_element_code (gint64 element)
{
  return (guint) (element & 3);
}

static inline PulseActivitySegment
pulse_activity_element_segment (gint64 element)
{
  guint code = pulse_activity_element_code (element);

  return code == 1 ? PULSE_ACTIVITY_SEGMENT_BUILDER
       : code == 2 ? PULSE_ACTIVITY_SEGMENT_FINDER
       : PULSE_ACTIVITY_SEGMENT_ALL;
}

/* A day's active persons: a bitset over dense indices (bit p of word
 * p / 64; words past @n_words are zero), and the persons with more
 * than one event that day, in order, as pairs of LEB128 varints: the
 * gap to the previous one's index (minus one; the first's index) and
 * the events beyond the first, minus one. Most gaps and counts are
 * small: two bytes where a (person, events) word took eight.
 * Stored as one block of 64-bit words: a header word (n_words |
 * extra_size << 32), the bitset, the extras' bytes padded with zeros
 * to a word; an empty day has no block. */
typedef struct
{
  const guint64 *bits;
  guint          n_words;
  const guint8  *extra;
  guint          extra_size;  /* bytes */
} PulseDaySet;

/* Walks the extras of a day set (one the store made or checked). */
typedef struct
{
  const guint8 *pos;
  const guint8 *end;
  guint32       person;  /* the last one read; G_MAXUINT32 before */
} PulseDayExtras;

static inline const guint8 *
pulse_varint_read (const guint8 *pos,
                   guint64      *value)
{
  guint64 v = 0;
  guint shift = 0;

  do
    {
      v |= (guint64) (*pos & 0x7f) << shift;
      shift += 7;
    }
  while (*pos++ & 0x80);
  *value = v;
  return pos;
}

static inline void
pulse_day_extras_init (PulseDayExtras    *extras,
                       const PulseDaySet *set)
{
  extras->pos = set->extra;
  extras->end = set->extra + set->extra_size;
  extras->person = G_MAXUINT32;
}

/* The next person with more than one event, and how many beyond the first. */
static inline gboolean
pulse_day_extras_next (PulseDayExtras *extras,
                       guint32        *person,
                       guint32        *more)
{
  guint64 gap, events;

  if (extras->pos >= extras->end)
    return FALSE;
  extras->pos = pulse_varint_read (pulse_varint_read (extras->pos, &gap), &events);
  extras->person += (guint32) gap + 1;
  *person = extras->person;
  *more = (guint32) events + 1;
  return TRUE;
}

/* Loops @p (a guint32) over the persons of @set, in order. */
#define PULSE_DAY_SET_FOREACH(set, p) \
  for (guint p##_w = 0; p##_w < (set)->n_words; p##_w++) \
    for (guint64 p##_b = (set)->bits[p##_w]; p##_b != 0; p##_b &= p##_b - 1) \
      for (guint32 p = p##_w * 64 + (guint32) __builtin_ctzll (p##_b), p##_once = 1; p##_once; p##_once = 0)

/* Without -mpopcnt (a generic x86-64 build, as Flatpak's) the builtin is
 * a call into libgcc's table lookup; the bit trick inline is faster. */
static inline guint
pulse_popcount (guint64 word)
{
#if defined(__POPCNT__) || !(defined(__x86_64__) || defined(__i386__))
  return (guint) __builtin_popcountll (word);
#else
  word -= (word >> 1) & G_GUINT64_CONSTANT (0x5555555555555555);
  word = (word & G_GUINT64_CONSTANT (0x3333333333333333)) + ((word >> 2) & G_GUINT64_CONSTANT (0x3333333333333333));
  word = (word + (word >> 4)) & G_GUINT64_CONSTANT (0x0f0f0f0f0f0f0f0f);
  return (guint) ((word * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
#endif
}

gboolean            pulse_activity_day_block_valid    (const guint64      *block,
                                                       guint               n,
                                                       guint               n_persons);

typedef struct _PulseActivityStore PulseActivityStore;

gboolean            pulse_activity_segment_parse      (const guint8         *text,
                                                       gsize                 size,
                                                       PulseActivitySegment *role);
PulseActivityStore *pulse_activity_store_new          (gint                first_day,
                                                       const gint64       *starts,
                                                       guint               n_days);
void                pulse_activity_store_free         (PulseActivityStore *self);
gint                pulse_activity_store_get_first_day(PulseActivityStore *self);
guint               pulse_activity_store_get_n_days   (PulseActivityStore *self);
const gint64       *pulse_activity_store_get_starts   (PulseActivityStore *self);
gboolean            pulse_activity_store_extend       (PulseActivityStore *self,
                                                       gint                first_day,
                                                       const gint64       *starts,
                                                       guint               n_days);
void                pulse_activity_store_add_persons  (PulseActivityStore *self,
                                                       const gint64       *ids,
                                                       guint               n);
guint32             pulse_activity_store_intern       (PulseActivityStore *self,
                                                       gint64              person_id);
gboolean            pulse_activity_store_lookup       (PulseActivityStore *self,
                                                       gint64              person_id,
                                                       guint32            *person);
guint               pulse_activity_store_get_n_persons(PulseActivityStore *self);
gint64              pulse_activity_store_get_person_id(PulseActivityStore *self,
                                                       guint32             person);
const guint8       *pulse_activity_store_get_roles    (PulseActivityStore *self);
void                pulse_activity_store_clear_roles  (PulseActivityStore *self);
void                pulse_activity_store_set_role     (PulseActivityStore *self,
                                                       guint32             person,
                                                       PulseActivitySegment role);
int                 pulse_activity_store_find_day     (PulseActivityStore *self,
                                                       gint64              instant);
void                pulse_activity_store_add_event    (PulseActivityStore *self,
                                                       guint               day,
                                                       guint32             person);
void                pulse_activity_store_flush        (PulseActivityStore *self);
void                pulse_activity_store_get_set      (PulseActivityStore *self,
                                                       guint               day,
                                                       PulseDaySet        *set);
const guint64      *pulse_activity_store_get_block    (PulseActivityStore *self,
                                                       guint               day,
                                                       guint              *n);
void                pulse_activity_store_set_block    (PulseActivityStore *self,
                                                       guint               day,
                                                       const guint64      *block,
                                                       guint               n);
void                pulse_activity_store_borrow_block (PulseActivityStore *self,
                                                       guint               day,
                                                       const guint64      *block,
                                                       guint               n);
void                pulse_activity_store_hold         (PulseActivityStore *self,
                                                       gpointer            backing,
                                                       GDestroyNotify      backing_free);
gconstpointer       pulse_activity_store_memo_lookup  (PulseActivityStore *self,
                                                       const char         *key);
void                pulse_activity_store_memo_insert  (PulseActivityStore *self,
                                                       const char         *key,
                                                       gpointer            data);
gboolean            pulse_activity_metric_supported   (const char         *metric_id);
guint               pulse_activity_metric_get_sources (const char         *metric_id);
guint               pulse_activity_metric_get_lookback(const char         *metric_id);
gboolean            pulse_activity_store_compute      (PulseActivityStore * const *stores,
                                                       const char         *metric_id,
                                                       gint                from_day,
                                                       guint               n_days,
                                                       const guint        *bucket_of_day,
                                                       const char * const *bucket_labels,
                                                       guint               n_buckets,
                                                       PulseActivityRowFunc emit,
                                                       gpointer            user_data,
                                                       GError            **error);

gboolean            pulse_activity_store_emit_rows_and_keys (PulseActivityStore *store,
                                                             const char         *metric_id,
                                                             gint                from_day,
                                                             guint               n_days,
                                                             const guint        *bucket_of_day,
                                                             const char * const *bucket_labels,
                                                             guint               n_buckets,
                                                             const char         *rows,
                                                             const char         *distinct,
                                                             PulseActivityRowFunc emit,
                                                             gpointer            user_data,
                                                             GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseActivityStore, pulse_activity_store_free)

G_END_DECLS
