/* pulse-file.h: writing files without ever leaving half of one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* How pulse_file_write_chunks() writes. */
typedef enum
{
  PULSE_FILE_DURABLE = 0,
  /* No fsync() before the rename: for a file that checks its own
   * contents on reading (a cache), where one cut short by a crash is
   * refused and rebuilt, so waiting for the disk buys nothing. */
  PULSE_FILE_NO_SYNC = 1 << 0,
} PulseFileFlags;

/* One part of a file: pulse_file_write_chunks() */
typedef struct
{
  const char *data;
  gsize       length;
} PulseFileChunk;

gboolean pulse_file_write            (const char  *path,
                                      const char  *contents,
                                      gsize        length,
                                      mode_t       new_mode,
                                      GError     **error);
gboolean pulse_file_write_chunks     (const char            *path,
                                      const PulseFileChunk  *chunks,
                                      guint                  n_chunks,
                                      mode_t                 new_mode,
                                      PulseFileFlags         flags,
                                      GError               **error);
gboolean pulse_file_write_atomically (const char  *path,
                                      const char  *contents,
                                      gsize        length,
                                      GError     **error);
gboolean pulse_file_check_output     (const char  *path,
                                      gboolean     directory,
                                      GError     **error);
guint64  pulse_file_get_dir_size     (const char  *dir,
                                      const char  *prefix,
                                      const char  *suffix);
gboolean pulse_file_remove_matching  (const char  *dir,
                                      const char  *prefix,
                                      const char  *suffix,
                                      guint        keep_newest,
                                      GError     **error);

G_END_DECLS
