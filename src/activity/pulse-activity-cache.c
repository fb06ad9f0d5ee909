/* pulse-activity-cache.c: the activity index on disk
 *
 * One file per connection identity (host, port, database, user), time
 * zone and source (the table read: activity_events, finder_searches,
 * ...), named by a hash of them, under the user's cache folder:
 *
 *   header: "PULSEACT", format version, byte-order mark,
 *     identity, time zone, source, zeros up to a multiple of 8 bytes,
 *     first day, number of days, mark, rows, checksum, day starts,
 *     person ids, per day the number of 64-bit words of its block
 *     (see PulseDaySet), zeros up to 8 bytes;
 *   the block of every day, one day after the other;
 *   the checksum: of the header, folded with that of each day's block.
 *
 * Loading maps the file and leaves each day's block where it is in it
 * (after checking it), so a warm start neither copies nor parses days
 * person by person, and saving writes them from where they are.
 * Format 3 holds bitsets where format 2 held (person, events) pairs;
 * format 4 names the source, and its sources' files are named apart;
 * format 5 holds the extras as varints (see PulseDaySet).
 *
 * A refresh that reads a few new events does not rewrite that file: it
 * writes (atomically) a small delta file beside it, bound to the base
 * by the base's checksum, holding the new persons, the new events as
 * (day, person) and the new mark; loading replays it. A large delta is
 * folded into a rewritten base.
 *
 * A file that does not read back exactly (truncated, altered, another
 * identity's, another version's, a delta of another base) is refused
 * and rebuilt, never trusted. The checksum is not a keyed MAC (nor was
 * the SHA-256 before it: whoever can write the file can recompute
 * either); it catches truncation and altered bytes at memory speed,
 * where SHA-256 cost more than the rest of a warm start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pulse-activity-cache-private.h"
#include "pulse-activity-index.h"
#include "pulse-error.h"
#include "pulse-file.h"

#define MAGIC "PULSEACT"
#define DELTA_MAGIC "PULSEDLT"
#define FORMAT_VERSION 5
#define BYTE_ORDER_MARK 0x01020304u
#define FILE_PREFIX "activity-"
#define FILE_SUFFIX ".cache"
#define DELTA_SUFFIX ".delta"
/* Of the header's end: the days after it stay aligned where they lie. */
#define ALIGNMENT 8
/* Events a delta may hold: loading replays them one by one, so past
 * this the base is rewritten instead. */
#define JOURNAL_MAX_EVENTS (1u << 18)
/* Seeds of the two files' checksums: a base is never read as a delta. */
#define BASE_SEED G_GUINT64_CONSTANT (0x50554c5345414354)
#define DELTA_SEED G_GUINT64_CONSTANT (0x50554c5345444c54)
#define CACHE_MODE 0600
#define CACHE_DIR_MODE 0700

void
pulse_activity_snapshot_clear (PulseActivitySnapshot *snapshot)
{
  g_clear_pointer (&snapshot->identity, g_free);
  g_clear_pointer (&snapshot->timezone, g_free);
  g_clear_pointer (&snapshot->store, pulse_activity_store_free);
  g_clear_pointer (&snapshot->journal, g_array_unref);
}

/* Notes an event read after the base file was written, for the delta;
 * too many and the next save rewrites the base. */
void
pulse_activity_snapshot_journal (PulseActivitySnapshot *snapshot,
                                 guint                  day,
                                 guint32                person)
{
  guint64 entry = ((guint64) day << 32) | person;

  if (snapshot->journal == NULL)
    return;
  if (snapshot->journal->len >= JOURNAL_MAX_EVENTS)
    g_clear_pointer (&snapshot->journal, g_array_unref);
  else
    g_array_append_val (snapshot->journal, entry);
}

static inline guint64
rotl64 (guint64 x,
        int     r)
{
  return (x << r) | (x >> (64 - r));
}

static inline guint64
mix64 (guint64 h)
{
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  return h ^ (h >> 33);
}

/* A 64-bit checksum of @data, four independent lanes of 8-byte words
 * (each step invertible, so any one changed word changes its lane),
 * then the tail and the length: several GB/s. */
static guint64
checksum64 (guint64        seed,
            const guint8  *data,
            gsize          length)
{
  static const guint64 prime1 = G_GUINT64_CONSTANT (0x9E3779B185EBCA87);
  static const guint64 prime2 = G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F);
  guint64 lanes[4] = { seed + prime1, seed ^ prime2, seed - prime1, ~seed };
  guint64 h = seed ^ length;
  gsize i = 0;

  for (; i + 32 <= length; i += 32)
    for (guint l = 0; l < 4; l++)
      {
        guint64 word;

        memcpy (&word, data + i + 8 * l, sizeof word);
        lanes[l] = rotl64 (lanes[l] + word * prime2, 31) * prime1;
      }
  for (guint l = 0; l < 4; l++)
    h = mix64 (h ^ lanes[l]) * prime1;
  for (; i < length; i++)
    h = (h ^ data[i]) * prime1;
  return mix64 (h);
}

char *
pulse_activity_cache_dup_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "pulse", NULL);
}

char *
pulse_activity_cache_build_path (const char *cache_dir,
                                 const char *identity,
                                 const char *timezone,
                                 const char *source)
{
  /* Format 3 hashed the same key without the source: those files are
   * replaced by the next save (their version is refused anyway). */
  g_autofree char *key = g_strconcat (identity, "\n", timezone, "\n", source, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strconcat (FILE_PREFIX, hash, FILE_SUFFIX, NULL);

  return g_build_filename (cache_dir, name, NULL);
}

/* The delta file beside the base file @path. */
char *
pulse_activity_cache_build_delta_path (const char *path)
{
  g_autofree char *stem = g_strndup (path, strlen (path) - strlen (FILE_SUFFIX));

  g_return_val_if_fail (g_str_has_suffix (path, FILE_SUFFIX), NULL);
  return g_strconcat (stem, DELTA_SUFFIX, FILE_SUFFIX, NULL);
}

static void
put (GByteArray    *out,
     gconstpointer  data,
     gsize          size)
{
  g_byte_array_append (out, data, (guint) size);
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  put (out, &value, sizeof value);
}

static void
put_string (GByteArray *out,
            const char *text)
{
  put_u32 (out, (guint32) strlen (text));
  put (out, text, strlen (text));
}

static void
put_padding (GByteArray *out)
{
  static const guint8 zeros[ALIGNMENT] = { 0 };

  put (out, zeros, (ALIGNMENT - out->len % ALIGNMENT) % ALIGNMENT);
}

/* Combines the running checksum @h with one section's @section. */
static inline guint64
fold (guint64 h,
      guint64 section)
{
  return mix64 (rotl64 (h, 17) ^ section);
}

static guint64
checksum_day (guint64        h,
              guint          day,
              const guint64 *block,
              guint          n)
{
  return n == 0 ? h : fold (h, checksum64 (BASE_SEED + day + 1, (const guint8 *) block, sizeof (guint64) * n));
}

/* Everything before the days. */
static GByteArray *
serialize_header (const PulseActivitySnapshot *snapshot)
{
  PulseActivityStore *store = snapshot->store;
  guint n_days = pulse_activity_store_get_n_days (store);
  guint n_persons = pulse_activity_store_get_n_persons (store);
  gint32 first_day = pulse_activity_store_get_first_day (store);
  GByteArray *out = g_byte_array_sized_new (256 + sizeof (gint64) * (n_days + 1 + n_persons) +
                                            sizeof (guint32) * n_days);

  put (out, MAGIC, strlen (MAGIC));
  put_u32 (out, FORMAT_VERSION);
  put_u32 (out, BYTE_ORDER_MARK);
  put_string (out, snapshot->identity);
  put_string (out, snapshot->timezone);
  put_string (out, snapshot->source);
  put_padding (out);
  put (out, &first_day, sizeof first_day);
  put_u32 (out, n_days);
  put (out, &snapshot->mark, sizeof snapshot->mark);
  put (out, &snapshot->n_rows, sizeof snapshot->n_rows);
  put (out, &snapshot->checksum, sizeof snapshot->checksum);
  put (out, pulse_activity_store_get_starts (store), sizeof (gint64) * (n_days + 1));
  put_u32 (out, n_persons);
  for (guint p = 0; p < n_persons; p++)
    {
      gint64 id = pulse_activity_store_get_person_id (store, p);
      put (out, &id, sizeof id);
    }
  for (guint d = 0; d < n_days; d++)
    {
      guint n;

      pulse_activity_store_get_block (store, d, &n);
      put_u32 (out, n);
    }
  put_padding (out);
  return out;
}

/* Writes the whole file: the header, each day's block from the store, the checksum. */
static gboolean
write_base (const char                  *path,
            const PulseActivitySnapshot *snapshot,
            guint64                     *digest,
            GError                     **error)
{
  PulseActivityStore *store = snapshot->store;
  guint n_days = pulse_activity_store_get_n_days (store);
  g_autoptr(GByteArray) header = serialize_header (snapshot);
  g_autofree PulseFileChunk *chunks = g_new (PulseFileChunk, n_days + 2);
  guint64 h = checksum64 (BASE_SEED, header->data, header->len);

  chunks[0] = (PulseFileChunk) { (const char *) header->data, header->len };
  for (guint d = 0; d < n_days; d++)
    {
      guint n;
      const guint64 *block = pulse_activity_store_get_block (store, d, &n);

      chunks[d + 1] = (PulseFileChunk) { (const char *) block, sizeof (guint64) * n };
      h = checksum_day (h, d, block, n);
    }
  *digest = h;
  chunks[n_days + 1] = (PulseFileChunk) { (const char *) digest, sizeof *digest };
  return pulse_file_write_chunks (path, chunks, n_days + 2, CACHE_MODE, PULSE_FILE_NO_SYNC, error);
}

/* The events since the base, the new persons and the new mark. */
static GByteArray *
serialize_delta (const PulseActivitySnapshot *snapshot)
{
  PulseActivityStore *store = snapshot->store;
  guint n_persons = pulse_activity_store_get_n_persons (store);
  GByteArray *out = g_byte_array_new ();
  guint64 digest;

  put (out, DELTA_MAGIC, strlen (DELTA_MAGIC));
  put_u32 (out, FORMAT_VERSION);
  put_u32 (out, BYTE_ORDER_MARK);
  put (out, &snapshot->base_digest, sizeof snapshot->base_digest);
  put (out, &snapshot->mark, sizeof snapshot->mark);
  put (out, &snapshot->n_rows, sizeof snapshot->n_rows);
  put (out, &snapshot->checksum, sizeof snapshot->checksum);
  put_u32 (out, n_persons - snapshot->base_n_persons);
  for (guint p = snapshot->base_n_persons; p < n_persons; p++)
    {
      gint64 id = pulse_activity_store_get_person_id (store, p);
      put (out, &id, sizeof id);
    }
  put_u32 (out, snapshot->journal->len);
  put (out, snapshot->journal->data, sizeof (guint64) * snapshot->journal->len);
  digest = checksum64 (DELTA_SEED, out->data, out->len);
  put (out, &digest, sizeof digest);
  return out;
}

/* From here on, saves add to the base file whose checksum is @digest. */
static void
start_journal (PulseActivitySnapshot *snapshot,
               guint64                digest)
{
  PulseActivityStore *store = snapshot->store;

  snapshot->base_digest = digest;
  snapshot->base_first_day = pulse_activity_store_get_first_day (store);
  snapshot->base_n_days = pulse_activity_store_get_n_days (store);
  snapshot->base_n_persons = pulse_activity_store_get_n_persons (store);
  g_clear_pointer (&snapshot->journal, g_array_unref);
  snapshot->journal = g_array_new (FALSE, FALSE, sizeof (guint64));
}

/* Whether the next save can be a delta: the base is still on disk (not
 * cleared since) and has the same days. */
static gboolean
can_add_delta (const char                  *path,
               const PulseActivitySnapshot *snapshot)
{
  return snapshot->journal != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
         pulse_activity_store_get_first_day (snapshot->store) == snapshot->base_first_day &&
         pulse_activity_store_get_n_days (snapshot->store) == snapshot->base_n_days;
}

static gboolean
remove_file (const char  *path,
             GError     **error)
{
  if (g_unlink (path) == 0 || errno == ENOENT)
    return TRUE;
  {
    int errsv = errno;
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                 /* Translators: a file, then the reason */
                 _("Could not remove %s: %s"), path, g_strerror (errsv));
  }
  return FALSE;
}

/* Removes the cache file @path and its delta. */
void
pulse_activity_cache_remove (const char *path)
{
  g_autofree char *delta_path = pulse_activity_cache_build_delta_path (path);

  remove_file (delta_path, NULL);
  remove_file (path, NULL);
}

/**
 * pulse_activity_cache_save:
 *
 * Writes @snapshot to @path atomically, readable by the user only, in a
 * folder that is the user's only: as a delta beside the file when only
 * a few events were added since it was written, else the whole file.
 */
gboolean
pulse_activity_cache_save (const char             *path,
                           PulseActivitySnapshot  *snapshot,
                           GError                **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *delta_path = pulse_activity_cache_build_delta_path (path);
  g_autoptr(GByteArray) bytes = NULL;
  guint64 digest;

  if (g_mkdir_with_parents (dir, CACHE_DIR_MODE) != 0)
    {
      int errsv = errno;
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                   /* Translators: a folder, then the reason */
                   _("Could not create %s: %s"), dir, g_strerror (errsv));
      return FALSE;
    }
  pulse_activity_store_flush (snapshot->store);
  if (can_add_delta (path, snapshot))
    {
      PulseFileChunk chunk;

      bytes = serialize_delta (snapshot);
      chunk = (PulseFileChunk) { (const char *) bytes->data, bytes->len };
      return pulse_file_write_chunks (delta_path, &chunk, 1, CACHE_MODE, PULSE_FILE_NO_SYNC, error);
    }
  g_clear_pointer (&snapshot->journal, g_array_unref);
  /* The delta belongs to the old base: without it that base is still
   * whole (only older), while a new base beside it would be refused. */
  if (!remove_file (delta_path, error) || !write_base (path, snapshot, &digest, error))
    return FALSE;
  start_journal (snapshot, digest);
  return TRUE;
}

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         pos;
} Reader;

static gboolean
take (Reader        *r,
      gpointer       out,
      gsize          size)
{
  if (size > r->length - r->pos)
    return FALSE;
  if (size == 0)
    return TRUE;
  memcpy (out, r->data + r->pos, size);
  r->pos += size;
  return TRUE;
}

static gboolean
take_u32 (Reader  *r,
          guint32 *value)
{
  return take (r, value, sizeof *value);
}

static gboolean
take_string (Reader  *r,
             char   **text)
{
  guint32 length;

  if (!take_u32 (r, &length) || length > r->length - r->pos)
    return FALSE;
  *text = g_strndup ((const char *) r->data + r->pos, length);
  r->pos += length;
  return strlen (*text) == length;
}

/* The file's checksum (seeded with @seed) matches its contents: neither
 * cut short nor altered. */
static gboolean
check_digest (Reader  *r,
              guint64  seed,
              guint64 *digest)
{
  if (r->length < sizeof *digest)
    return FALSE;
  r->length -= sizeof *digest;
  memcpy (digest, r->data + r->length, sizeof *digest);
  return checksum64 (seed, r->data, r->length) == *digest;
}

static gboolean
skip_padding (Reader *r)
{
  gsize padding = (ALIGNMENT - r->pos % ALIGNMENT) % ALIGNMENT;

  if (padding > r->length - r->pos)
    return FALSE;
  r->pos += padding;
  return TRUE;
}

static gboolean
read_header (Reader                *r,
             const char            *identity,
             const char            *timezone,
             PulseActivitySnapshot *snapshot)
{
  char magic[sizeof MAGIC - 1];
  guint32 version, mark;
  g_autofree char *source = NULL;

  return take (r, magic, sizeof magic) && memcmp (magic, MAGIC, sizeof magic) == 0 &&
         take_u32 (r, &version) && version == FORMAT_VERSION &&
         take_u32 (r, &mark) && mark == BYTE_ORDER_MARK &&
         take_string (r, &snapshot->identity) && g_str_equal (snapshot->identity, identity) &&
         take_string (r, &snapshot->timezone) && g_str_equal (snapshot->timezone, timezone) &&
         take_string (r, &source) && g_str_equal (source, snapshot->source) &&
         skip_padding (r);
}

static gboolean
read_starts (Reader   *r,
             gint64  **starts,
             guint     n_days)
{
  if ((gsize) n_days + 1 > (r->length - r->pos) / sizeof (gint64))
    return FALSE;
  *starts = g_new (gint64, n_days + 1);
  take (r, *starts, sizeof (gint64) * (n_days + 1));
  for (guint d = 0; d < n_days; d++)
    if ((*starts)[d] >= (*starts)[d + 1])
      return FALSE;
  return TRUE;
}

static gboolean
read_persons (Reader             *r,
              PulseActivityStore *store)
{
  guint32 n_persons;
  g_autofree gint64 *ids = NULL;

  if (!take_u32 (r, &n_persons) || n_persons > (r->length - r->pos) / sizeof (gint64))
    return FALSE;
  /* Each gets the next dense index; the store maps them when it needs to. */
  ids = g_new (gint64, n_persons);
  take (r, ids, sizeof (gint64) * n_persons);
  pulse_activity_store_add_persons (store, ids, n_persons);
  return TRUE;
}

/* The days' blocks where they lie in the mapped file: checked, summed
 * into @h, and borrowed by the store (copied only if misaligned). */
static gboolean
read_days (Reader             *r,
           PulseActivityStore *store,
           guint64            *h)
{
  guint n_days = pulse_activity_store_get_n_days (store);
  guint n_persons = pulse_activity_store_get_n_persons (store);
  g_autofree guint32 *counts = NULL;
  gsize header_end;

  if ((gsize) n_days > (r->length - r->pos) / sizeof (guint32))
    return FALSE;
  counts = g_new (guint32, n_days + 1);
  take (r, counts, sizeof (guint32) * n_days);
  if (!skip_padding (r))
    return FALSE;
  header_end = r->pos;
  *h = checksum64 (BASE_SEED, r->data, header_end);
  for (guint d = 0; d < n_days; d++)
    {
      const guint64 *block = (const guint64 *) (r->data + r->pos);

      if (counts[d] > (r->length - r->pos) / sizeof (guint64))
        return FALSE;
      r->pos += sizeof (guint64) * counts[d];
      *h = checksum_day (*h, d, block, counts[d]);
      if ((guintptr) block % G_ALIGNOF (guint64) != 0)
        {
          g_autofree guint64 *copy = g_memdup2 (block, sizeof (guint64) * counts[d]);

          if (!pulse_activity_day_block_valid (copy, counts[d], n_persons))
            return FALSE;
          pulse_activity_store_set_block (store, d, copy, counts[d]);
        }
      else if (!pulse_activity_day_block_valid (block, counts[d], n_persons))
        return FALSE;
      else
        pulse_activity_store_borrow_block (store, d, block, counts[d]);
    }
  return TRUE;
}

static gboolean
parse (Reader                *r,
       GMappedFile           *file,
       const char            *identity,
       const char            *timezone,
       PulseActivitySnapshot *snapshot)
{
  g_autofree gint64 *starts = NULL;
  gint32 first_day;
  guint32 n_days;
  guint64 digest, h = 0;

  if (r->length < sizeof digest)
    return FALSE;
  r->length -= sizeof digest;
  memcpy (&digest, r->data + r->length, sizeof digest);
  if (!read_header (r, identity, timezone, snapshot) ||
      !take (r, &first_day, sizeof first_day) || !take_u32 (r, &n_days) ||
      !take (r, &snapshot->mark, sizeof snapshot->mark) ||
      !take (r, &snapshot->n_rows, sizeof snapshot->n_rows) ||
      !take (r, &snapshot->checksum, sizeof snapshot->checksum) ||
      !read_starts (r, &starts, n_days))
    return FALSE;
  snapshot->store = pulse_activity_store_new (first_day, starts, n_days);
  pulse_activity_store_hold (snapshot->store, g_mapped_file_ref (file), (GDestroyNotify) g_mapped_file_unref);
  if (!read_persons (r, snapshot->store) || !read_days (r, snapshot->store, &h) ||
      r->pos != r->length || h != digest)
    return FALSE;
  start_journal (snapshot, digest);
  return TRUE;
}

/* The delta's new persons: each gets the next dense index. */
static gboolean
read_new_persons (Reader             *r,
                  PulseActivityStore *store)
{
  guint32 n_new;
  guint base = pulse_activity_store_get_n_persons (store);

  if (!take_u32 (r, &n_new) || n_new > (r->length - r->pos) / sizeof (gint64))
    return FALSE;
  for (guint32 i = 0; i < n_new; i++)
    {
      gint64 id;

      if (!take (r, &id, sizeof id) || pulse_activity_store_intern (store, id) != base + i)
        return FALSE;
    }
  return TRUE;
}

/* Replays the delta's events onto the base's days. */
static gboolean
read_journal (Reader                *r,
              PulseActivitySnapshot *snapshot)
{
  PulseActivityStore *store = snapshot->store;
  guint n_days = pulse_activity_store_get_n_days (store);
  guint n_persons = pulse_activity_store_get_n_persons (store);
  guint32 n;

  if (!take_u32 (r, &n) || n > JOURNAL_MAX_EVENTS || n > (r->length - r->pos) / sizeof (guint64))
    return FALSE;
  for (guint32 i = 0; i < n; i++)
    {
      guint64 entry;

      take (r, &entry, sizeof entry);
      if ((entry >> 32) >= n_days || (guint32) entry >= n_persons)
        return FALSE;
      pulse_activity_store_add_event (store, (guint) (entry >> 32), (guint32) entry);
      g_array_append_val (snapshot->journal, entry);
    }
  pulse_activity_store_flush (store);
  return TRUE;
}

static gboolean
parse_delta (Reader                *r,
             PulseActivitySnapshot *snapshot)
{
  char magic[sizeof DELTA_MAGIC - 1];
  guint32 version, mark;
  guint64 digest, base_digest;

  return check_digest (r, DELTA_SEED, &digest) &&
         take (r, magic, sizeof magic) && memcmp (magic, DELTA_MAGIC, sizeof magic) == 0 &&
         take_u32 (r, &version) && version == FORMAT_VERSION &&
         take_u32 (r, &mark) && mark == BYTE_ORDER_MARK &&
         take (r, &base_digest, sizeof base_digest) && base_digest == snapshot->base_digest &&
         take (r, &snapshot->mark, sizeof snapshot->mark) &&
         take (r, &snapshot->n_rows, sizeof snapshot->n_rows) &&
         take (r, &snapshot->checksum, sizeof snapshot->checksum) &&
         read_new_persons (r, snapshot->store) && read_journal (r, snapshot) && r->pos == r->length;
}

/* Maps @path into @r; FALSE with G_IO_ERROR_NOT_FOUND if it is missing. */
static GMappedFile *
map_file (const char  *path,
          Reader      *r,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GMappedFile *file = g_mapped_file_new (path, FALSE, &local_error);

  if (file == NULL)
    {
      g_set_error (error, G_IO_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? G_IO_ERROR_NOT_FOUND
                                                                                  : G_IO_ERROR_FAILED,
                   "%s", local_error->message);
      return NULL;
    }
  r->data = (const guint8 *) g_mapped_file_get_contents (file);
  r->length = g_mapped_file_get_length (file);
  r->pos = 0;
  return file;
}

/* Applies the delta beside the base, if any: a missing one is fine, a
 * broken or foreign one makes the whole cache untrusted. */
static gboolean
load_delta (const char            *path,
            PulseActivitySnapshot *snapshot)
{
  g_autofree char *delta_path = pulse_activity_cache_build_delta_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  Reader r = { 0 };

  if (!(file = map_file (delta_path, &r, &error)))
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  return r.data != NULL && parse_delta (&r, snapshot);
}

/**
 * pulse_activity_cache_load:
 *
 * Reads the snapshot of @identity, @timezone and @snapshot's source
 * (set by the caller) from @path and its delta. A missing file is
 * G_IO_ERROR_NOT_FOUND; one that is not a whole, unaltered cache of
 * this identity, zone, source and format is PULSE_ERROR_FAILED.
 */
gboolean
pulse_activity_cache_load (const char            *path,
                           const char            *identity,
                           const char            *timezone,
                           PulseActivitySnapshot *snapshot,
                           GError               **error)
{
  g_autoptr(GMappedFile) file = NULL;
  Reader r = { 0 };

  if (!(file = map_file (path, &r, error)))
    return FALSE;
  if (r.data != NULL && parse (&r, file, identity, timezone, snapshot) && load_delta (path, snapshot))
    return TRUE;

  pulse_activity_snapshot_clear (snapshot);  /* the source stays */
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_FAILED,
               _("%s is not a usable activity cache"), path);
  return FALSE;
}

static gboolean
is_cache_file (const char *name)
{
  return g_str_has_prefix (name, FILE_PREFIX) && g_str_has_suffix (name, FILE_SUFFIX);
}

/* Bytes taken by the cache files in @cache_dir. */
guint64
pulse_activity_cache_get_size (const char *cache_dir)
{
  g_autoptr(GDir) dir = g_dir_open (cache_dir, 0, NULL);
  guint64 size = 0;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (cache_dir, name, NULL);
      GStatBuf st;

      if (is_cache_file (name) && g_stat (path, &st) == 0)
        size += (guint64) st.st_size;
    }
  return size;
}

/* Removes the cache files of @cache_dir (and nothing else there). */
gboolean
pulse_activity_cache_clear (const char  *cache_dir,
                            GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (cache_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (cache_dir, name, NULL);

      if (is_cache_file (name) && !remove_file (path, error))
        return FALSE;
    }
  return TRUE;
}

/* checksum64(), for the sessions' and the funnel's files. */
guint64
pulse_activity_cache_checksum (guint64        seed,
                               const guint8  *data,
                               gsize          length)
{
  return checksum64 (seed, data, length);
}
