/* pulse-activity-copy-private.h: reading PostgreSQL's binary COPY rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The row being read; zeroed before the first. */
typedef struct
{
  gboolean      header_seen;
  const guint8 *data;
  gsize         length;
} PulseCopyRow;

gboolean      pulse_copy_malformed  (GError       **error);
gboolean      pulse_copy_row_begin  (PulseCopyRow  *row,
                                     const char    *data,
                                     int            length,
                                     guint16        n_fields,
                                     gboolean      *trailer,
                                     GError       **error);
const guint8 *pulse_copy_row_field  (PulseCopyRow  *row,
                                     gsize         *size,
                                     gboolean      *ok);
gboolean      pulse_copy_row_int8   (PulseCopyRow  *row,
                                     gint64        *value);

G_END_DECLS
