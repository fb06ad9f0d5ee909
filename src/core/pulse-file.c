/* pulse-file.c: writing files without ever leaving half of one
 *
 * A regular file (or a missing one) is replaced atomically: the bytes go
 * to a temporary file beside it, which is renamed over it. A symlink is
 * followed, so its target is replaced and the link stays. Anything else
 * (a device, a FIFO, /dev/stdout) is opened and written through: renaming
 * over /dev/null would turn it into a regular file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "pulse-error.h"
#include "pulse-file.h"

#define MAX_SYMLINKS 40

static gboolean
set_errno_error (GError     **error,
                 const char  *path,
                 int          errsv)
{
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
               /* Translators: a file name, then the reason */
               _("Could not write %s: %s"), path, g_strerror (errsv));
  return FALSE;
}

/* The path a chain of symlinks ends at, existing or not. */
static char *
resolve_symlinks (const char  *path,
                  GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i < MAX_SYMLINKS; i++)
    {
      g_autofree char *target = NULL;
      g_autofree char *dir = NULL;

      if (!g_file_test (current, G_FILE_TEST_IS_SYMLINK))
        return g_steal_pointer (&current);
      if (!(target = g_file_read_link (current, NULL)))
        break;
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_path_is_absolute (target) ? g_steal_pointer (&target)
                                            : g_build_filename (dir, target, NULL);
    }
  set_errno_error (error, path, ELOOP);
  return NULL;
}

static gboolean
write_all (int          fd,
           const char  *contents,
           gsize        length)
{
  while (length > 0)
    {
      gssize n = write (fd, contents, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      contents += n;
      length -= (gsize)n;
    }
  return TRUE;
}

static gboolean
write_chunks (int                    fd,
              const PulseFileChunk  *chunks,
              guint                  n_chunks)
{
  for (guint i = 0; i < n_chunks; i++)
    if (!write_all (fd, chunks[i].data, chunks[i].length))
      return FALSE;
  return TRUE;
}

/* A device, FIFO or pipe takes the bytes as they come. */
static gboolean
write_through (const char            *path,
               gboolean               truncate,
               const PulseFileChunk  *chunks,
               guint                  n_chunks,
               GError               **error)
{
  int fd = g_open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0);
  int errsv;

  if (fd < 0)
    return set_errno_error (error, path, errno);
  if (!write_chunks (fd, chunks, n_chunks))
    {
      errsv = errno;
      close (fd);
      return set_errno_error (error, path, errsv);
    }
  if (close (fd) != 0 && errno != EINTR)
    return set_errno_error (error, path, errno);
  return TRUE;
}

/* Temporary file, fsync, rename: a failure leaves the target as it was. */
static gboolean
replace (const char            *path,
         mode_t                 mode,
         const PulseFileChunk  *chunks,
         guint                  n_chunks,
         PulseFileFlags         flags,
         GError               **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  int errsv;

  if (fd < 0)
    return set_errno_error (error, path, errno);
  /* fchmod, unlike open, ignores the umask: the mode stays exactly. */
  if (!write_chunks (fd, chunks, n_chunks) || fchmod (fd, mode) != 0 ||
      ((flags & PULSE_FILE_NO_SYNC) == 0 && fsync (fd) != 0))
    {
      errsv = errno;
      close (fd);
      g_unlink (tmp);
      return set_errno_error (error, path, errsv);
    }
  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      errsv = errno;
      g_unlink (tmp);
      return set_errno_error (error, path, errsv);
    }
  return TRUE;
}

/**
 * pulse_file_write:
 * @new_mode: the permissions of a file that does not exist yet; an
 *   existing file keeps its own
 *
 * Writes @contents to @path: atomically for a regular file (through its
 * symlinks), straight through for a device or FIFO.
 */
gboolean
pulse_file_write (const char  *path,
                  const char  *contents,
                  gsize        length,
                  mode_t       new_mode,
                  GError     **error)
{
  PulseFileChunk chunk = { contents, length };

  return pulse_file_write_chunks (path, &chunk, 1, new_mode, PULSE_FILE_DURABLE, error);
}

/**
 * pulse_file_write_chunks:
 *
 * pulse_file_write() of @chunks one after the other: a large file
 * written from where its parts are, without one copy of the whole.
 */
gboolean
pulse_file_write_chunks (const char            *path,
                         const PulseFileChunk  *chunks,
                         guint                  n_chunks,
                         mode_t                 new_mode,
                         PulseFileFlags         flags,
                         GError               **error)
{
  g_autofree char *target = NULL;
  GStatBuf st, target_st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    {
      if (errno != ENOENT)
        return set_errno_error (error, path, errno);
      /* Missing, or a dangling symlink: create what it points to. */
      if (!(target = resolve_symlinks (path, error)))
        return FALSE;
      return replace (target, new_mode, chunks, n_chunks, flags, error);
    }
  if (S_ISDIR (st.st_mode))
    return set_errno_error (error, path, EISDIR);
  if (!S_ISREG (st.st_mode))
    return write_through (path, FALSE, chunks, n_chunks, error);

  /* A link that does not name a path (/proc/self/fd/1 of a deleted
   * file) cannot be replaced by renaming: write through it. */
  if (!(target = resolve_symlinks (path, error)))
    return FALSE;
  if (g_stat (target, &target_st) != 0 || target_st.st_ino != st.st_ino || target_st.st_dev != st.st_dev)
    return write_through (path, TRUE, chunks, n_chunks, error);
  return replace (target, st.st_mode & 07777, chunks, n_chunks, flags, error);
}

/* pulse_file_write() with 0644 for a new file. */
gboolean
pulse_file_write_atomically (const char  *path,
                             const char  *contents,
                             gsize        length,
                             GError     **error)
{
  return pulse_file_write (path, contents, length, 0644, error);
}

static gboolean
check_dir_writable (const char  *dir,
                    const char  *path,
                    GError     **error)
{
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
                   /* Translators: the output path, then its folder */
                   _("Cannot write %s: the folder %s does not exist"), path, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK | X_OK) != 0)
    return set_errno_error (error, path, errno);
  return TRUE;
}

/**
 * pulse_file_check_output:
 * @directory: whether @path is to be a directory (CSV export) rather
 *   than a file
 *
 * Tells early, before any work, whether @path can be written: its folder
 * exists and is writable, and it is not a folder where a file is expected
 * (or the reverse).
 */
gboolean
pulse_file_check_output (const char  *path,
                         gboolean     directory,
                         GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *parent = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_stat (path, &st) == 0)
    {
      if (!directory && S_ISDIR (st.st_mode))
        return set_errno_error (error, path, EISDIR);
      if (directory && !S_ISDIR (st.st_mode))
        return set_errno_error (error, path, ENOTDIR);
      if (directory || !S_ISREG (st.st_mode))
        return g_access (path, W_OK) == 0 || set_errno_error (error, path, errno);
    }
  /* A new or replaced file is made in its (symlink target's) folder. */
  if (!(target = resolve_symlinks (path, error)))
    return FALSE;
  parent = g_path_get_dirname (target);
  return check_dir_writable (parent, path, error);
}

/* The regular files of @dir named PREFIX…SUFFIX, with their times. */
typedef struct
{
  char   *path;
  gint64  mtime;
  guint64 size;
} Entry;

static void
entry_clear (gpointer data)
{
  g_free (((Entry *) data)->path);
}

static GArray *
list_matching (const char *dir,
               const char *prefix,
               const char *suffix)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  const char *name;

  g_array_set_clear_func (entries, entry_clear);
  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;
      Entry entry;

      if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, suffix) ||
          g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      entry.path = g_steal_pointer (&path);
      entry.mtime = (gint64) st.st_mtime;
      entry.size = (guint64) st.st_size;
      g_array_append_val (entries, entry);
    }
  return entries;
}

/* Bytes taken by the files of @dir named @prefix…@suffix (0 without @dir). */
guint64
pulse_file_get_dir_size (const char *dir,
                         const char *prefix,
                         const char *suffix)
{
  g_autoptr(GArray) entries = list_matching (dir, prefix, suffix);
  guint64 size = 0;

  for (guint i = 0; i < entries->len; i++)
    size += g_array_index (entries, Entry, i).size;
  return size;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  gint64 ma = ((const Entry *) a)->mtime, mb = ((const Entry *) b)->mtime;

  return ma > mb ? -1 : ma < mb;
}

/**
 * pulse_file_remove_matching:
 * @keep_newest: how many of the most recently written to keep; 0 for none
 *
 * Removes the files of @dir named @prefix…@suffix (and nothing else
 * there); a missing @dir has none.
 */
gboolean
pulse_file_remove_matching (const char  *dir,
                            const char  *prefix,
                            const char  *suffix,
                            guint        keep_newest,
                            GError     **error)
{
  g_autoptr(GArray) entries = list_matching (dir, prefix, suffix);

  g_array_sort (entries, newest_first);
  for (guint i = keep_newest; i < entries->len; i++)
    {
      const char *path = g_array_index (entries, Entry, i).path;

      if (g_unlink (path) != 0 && errno != ENOENT)
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
