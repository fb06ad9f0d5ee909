/* pulse-activity-copy-private.h: reading PostgreSQL's binary COPY rows,
 * and the reads of one update that may fail alone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

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
gboolean      pulse_copy_row_nullable_int8 (PulseCopyRow *row,
                                            gint64       *value,
                                            gboolean     *present);

gboolean      pulse_activity_is_cancel        (const GError  *error,
                                               GCancellable  *cancellable);
gboolean      pulse_activity_savepoint_enter  (PGconn        *conn,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean      pulse_activity_savepoint_leave  (PGconn        *conn,
                                               const char    *what,
                                               const GError  *local_error,
                                               const char    *reason,
                                               gboolean      *failed,
                                               GCancellable  *cancellable,
                                               GError       **error);
gboolean      pulse_activity_format_span      (const gint64  *starts,
                                               guint          n_days,
                                               char         **first,
                                               char         **end,
                                               char         **array);
void          pulse_activity_format_day       (gint           julian,
                                               char           out[11]);

G_END_DECLS
