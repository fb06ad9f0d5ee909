/* pulse-file.h: writing files without ever leaving half of one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

gboolean pulse_file_write            (const char  *path,
                                      const char  *contents,
                                      gsize        length,
                                      mode_t       new_mode,
                                      GError     **error);
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
