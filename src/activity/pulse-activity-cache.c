/* pulse-activity-cache.c: the activity index on disk
 *
 * One file per connection identity (host, port, database, user) and
 * time zone, named by a hash of them, under the user's cache folder:
 *
 *   "PULSEACT", format version, byte-order mark,
 *   identity, time zone, first day, number of days,
 *   mark, rows, checksum, day starts, person ids,
 *   per day: number of visits, visits,
 *   SHA-256 of everything before it.
 *
 * A file that does not read back exactly (truncated, altered, another
 * identity's, another version's) is refused and rebuilt, never trusted.
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
#define FORMAT_VERSION 1
#define BYTE_ORDER_MARK 0x01020304u
#define FILE_PREFIX "activity-"
#define FILE_SUFFIX ".cache"
#define CACHE_MODE 0600
#define CACHE_DIR_MODE 0700

void
pulse_activity_snapshot_clear (PulseActivitySnapshot *snapshot)
{
  g_clear_pointer (&snapshot->identity, g_free);
  g_clear_pointer (&snapshot->timezone, g_free);
  g_clear_pointer (&snapshot->store, pulse_activity_store_free);
}

char *
pulse_activity_cache_dup_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "pulse", NULL);
}

char *
pulse_activity_cache_build_path (const char *cache_dir,
                                 const char *identity,
                                 const char *timezone)
{
  g_autofree char *key = g_strconcat (identity, "\n", timezone, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strconcat (FILE_PREFIX, hash, FILE_SUFFIX, NULL);

  return g_build_filename (cache_dir, name, NULL);
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

static GByteArray *
serialize (const PulseActivitySnapshot *snapshot)
{
  PulseActivityStore *store = snapshot->store;
  guint n_days = pulse_activity_store_get_n_days (store);
  guint n_persons = pulse_activity_store_get_n_persons (store);
  gint32 first_day = pulse_activity_store_get_first_day (store);
  GByteArray *out = g_byte_array_new ();
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  put (out, MAGIC, strlen (MAGIC));
  put_u32 (out, FORMAT_VERSION);
  put_u32 (out, BYTE_ORDER_MARK);
  put_string (out, snapshot->identity);
  put_string (out, snapshot->timezone);
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
      const PulseVisit *visits = pulse_activity_store_get_visits (store, d, &n);

      put_u32 (out, n);
      put (out, visits, sizeof (PulseVisit) * n);
    }
  g_checksum_update (checksum, out->data, out->len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  put (out, digest, digest_len);
  return out;
}

/**
 * pulse_activity_cache_save:
 *
 * Writes @snapshot to @path atomically, readable by the user only, in a
 * folder that is the user's only.
 */
gboolean
pulse_activity_cache_save (const char                  *path,
                           const PulseActivitySnapshot *snapshot,
                           GError                     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GByteArray) bytes = NULL;

  if (g_mkdir_with_parents (dir, CACHE_DIR_MODE) != 0)
    {
      int errsv = errno;
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                   /* Translators: a folder, then the reason */
                   _("Could not create %s: %s"), dir, g_strerror (errsv));
      return FALSE;
    }
  pulse_activity_store_flush (snapshot->store);
  bytes = serialize (snapshot);
  return pulse_file_write (path, (const char *) bytes->data, bytes->len, CACHE_MODE, error);
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

/* The file's SHA-256 matches its contents: neither cut short nor altered. */
static gboolean
check_digest (Reader *r)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  if (r->length < digest_len)
    return FALSE;
  r->length -= digest_len;
  g_checksum_update (checksum, r->data, r->length);
  g_checksum_get_digest (checksum, digest, &digest_len);
  return memcmp (digest, r->data + r->length, digest_len) == 0;
}

static gboolean
read_header (Reader                *r,
             const char            *identity,
             const char            *timezone,
             PulseActivitySnapshot *snapshot)
{
  char magic[sizeof MAGIC - 1];
  guint32 version, mark;

  return take (r, magic, sizeof magic) && memcmp (magic, MAGIC, sizeof magic) == 0 &&
         take_u32 (r, &version) && version == FORMAT_VERSION &&
         take_u32 (r, &mark) && mark == BYTE_ORDER_MARK &&
         take_string (r, &snapshot->identity) && g_str_equal (snapshot->identity, identity) &&
         take_string (r, &snapshot->timezone) && g_str_equal (snapshot->timezone, timezone);
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

  if (!take_u32 (r, &n_persons) || n_persons > (r->length - r->pos) / sizeof (gint64))
    return FALSE;
  for (guint32 p = 0; p < n_persons; p++)
    {
      gint64 id;

      /* Every id once: each gets the next dense index. */
      if (!take (r, &id, sizeof id) || pulse_activity_store_intern (store, id) != p)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_days (Reader             *r,
           PulseActivityStore *store)
{
  guint n_persons = pulse_activity_store_get_n_persons (store);

  for (guint d = 0; d < pulse_activity_store_get_n_days (store); d++)
    {
      g_autofree PulseVisit *visits = NULL;
      guint32 n;

      if (!take_u32 (r, &n) || n > (r->length - r->pos) / sizeof (PulseVisit))
        return FALSE;
      /* Copied out: the file's bytes are not aligned for PulseVisit. */
      visits = g_new (PulseVisit, n);
      take (r, visits, sizeof (PulseVisit) * n);
      for (guint i = 0; i < n; i++)
        if (visits[i].person >= n_persons || visits[i].events == 0 ||
            (i > 0 && visits[i].person <= visits[i - 1].person))
          return FALSE;
      pulse_activity_store_set_visits (store, d, visits, n);
    }
  return TRUE;
}

static gboolean
parse (Reader                *r,
       const char            *identity,
       const char            *timezone,
       PulseActivitySnapshot *snapshot)
{
  g_autofree gint64 *starts = NULL;
  gint32 first_day;
  guint32 n_days;

  if (!check_digest (r) || !read_header (r, identity, timezone, snapshot) ||
      !take (r, &first_day, sizeof first_day) || !take_u32 (r, &n_days) ||
      !take (r, &snapshot->mark, sizeof snapshot->mark) ||
      !take (r, &snapshot->n_rows, sizeof snapshot->n_rows) ||
      !take (r, &snapshot->checksum, sizeof snapshot->checksum) ||
      !read_starts (r, &starts, n_days))
    return FALSE;
  snapshot->store = pulse_activity_store_new (first_day, starts, n_days);
  return read_persons (r, snapshot->store) && read_days (r, snapshot->store) && r->pos == r->length;
}

/**
 * pulse_activity_cache_load:
 *
 * Reads the snapshot of @identity and @timezone from @path. A missing
 * file is G_IO_ERROR_NOT_FOUND; one that is not a whole, unaltered cache
 * of this identity, zone and format is PULSE_ERROR_FAILED.
 */
gboolean
pulse_activity_cache_load (const char            *path,
                           const char            *identity,
                           const char            *timezone,
                           PulseActivitySnapshot *snapshot,
                           GError               **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  Reader r = { 0 };

  if (!(file = g_mapped_file_new (path, FALSE, &local_error)))
    {
      g_set_error (error, G_IO_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? G_IO_ERROR_NOT_FOUND
                                                                                  : G_IO_ERROR_FAILED,
                   "%s", local_error->message);
      return FALSE;
    }
  r.data = (const guint8 *) g_mapped_file_get_contents (file);
  r.length = g_mapped_file_get_length (file);
  if (r.data != NULL && parse (&r, identity, timezone, snapshot))
    return TRUE;

  pulse_activity_snapshot_clear (snapshot);
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

      if (is_cache_file (name) && g_unlink (path) != 0 && errno != ENOENT)
        {
          int errsv = errno;
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                       /* Translators: a file, then the reason */
                       _("Could not remove %s: %s"), path, g_strerror (errsv));
          return FALSE;
        }
    }
  return TRUE;
}
