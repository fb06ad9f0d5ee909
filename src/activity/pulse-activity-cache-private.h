/* pulse-activity-cache-private.h: the activity index on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-activity-store-private.h"

G_BEGIN_DECLS

/* What a cache file holds: the day sets and how far they have read. */
typedef struct
{
  char               *identity;  /* host, port, database, user: never a password */
  char               *timezone;
  const char         *source;    /* the table read (static), see PulseActivitySource */
  gint64              mark;      /* the highest id of the source's table read */
  guint64             n_rows;    /* rows at or below the mark in the span */
  guint64             checksum;  /* of those rows, see pulse-activity-index.c */
  PulseActivityStore *store;
  /* The file on disk the next save may add to instead of rewriting it:
   * its checksum, span and persons, and the events read since (day <<
   * 32 | dense person). journal NULL: the next save rewrites the file. */
  guint64             base_digest;
  gint                base_first_day;
  guint               base_n_days;
  guint               base_n_persons;
  GArray             *journal;
} PulseActivitySnapshot;

void      pulse_activity_snapshot_clear (PulseActivitySnapshot       *snapshot);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PulseActivitySnapshot, pulse_activity_snapshot_clear)

char     *pulse_activity_cache_build_path (const char                  *cache_dir,
                                           const char                  *identity,
                                           const char                  *timezone,
                                           const char                  *source);
char     *pulse_activity_cache_build_delta_path (const char             *path);
void      pulse_activity_snapshot_journal (PulseActivitySnapshot       *snapshot,
                                           guint                        day,
                                           guint32                      person);
gboolean  pulse_activity_cache_save       (const char                  *path,
                                           PulseActivitySnapshot       *snapshot,
                                           GError                     **error);
void      pulse_activity_cache_remove     (const char                  *path);
gboolean  pulse_activity_cache_load       (const char                  *path,
                                           const char                  *identity,
                                           const char                  *timezone,
                                           PulseActivitySnapshot       *snapshot,
                                           GError                     **error);
guint64   pulse_activity_cache_checksum   (guint64                      seed,
                                           const guint8                *data,
                                           gsize                        length);

G_END_DECLS
