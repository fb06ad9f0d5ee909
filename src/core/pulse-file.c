/* pulse-file.c: writing files without ever leaving half of one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pulse-error.h"
#include "pulse-file.h"

/* Writes next to the target, then renames: a failure leaves no partial file. */
gboolean
pulse_file_write_atomically (const char  *path,
                             const char  *contents,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_file_set_contents_full (path, contents, (gssize)length,
                                G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    return TRUE;

  g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE,
               /* Translators: a file name, then the reason */
               _("Could not write %s: %s"), path, local_error->message);
  return FALSE;
}
