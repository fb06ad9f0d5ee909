/* pulse-activity-copy.c: reading PostgreSQL's binary COPY rows
 *
 * A header before the first row, then per row the number of fields and
 * each field's length (-1: NULL) and bytes, all big-endian; a row of -1
 * fields ends the data. libpq hands over one row at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "pulse-activity-copy-private.h"
#include "pulse-db.h"
#include "pulse-error.h"

/* The 11-byte signature, its final NUL included. */
static const char copy_signature[] = "PGCOPY\n\377\r\n";

static gboolean
copy_take (PulseCopyRow *row,
           gpointer      out,
           gsize         size)
{
  if (row->length < size)
    return FALSE;
  memcpy (out, row->data, size);
  row->data += size;
  row->length -= size;
  return TRUE;
}

gboolean
pulse_copy_malformed (GError **error)
{
  g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_QUERY, _("Malformed binary COPY data"));
  return FALSE;
}

/* Starts on one row's bytes (after the header, before the first row):
 * @trailer says the data ended; FALSE if the bytes are not a row of
 * @n_fields fields. */
gboolean
pulse_copy_row_begin (PulseCopyRow  *row,
                      const char    *data,
                      int            length,
                      guint16        n_fields,
                      gboolean      *trailer,
                      GError       **error)
{
  gint16 fields;

  row->data = (const guint8 *) data;
  row->length = (gsize) length;
  if (!row->header_seen)
    {
      guint32 flags, extension;

      if (row->length < sizeof copy_signature || memcmp (row->data, copy_signature, sizeof copy_signature) != 0)
        return pulse_copy_malformed (error);
      row->data += sizeof copy_signature;
      row->length -= sizeof copy_signature;
      if (!copy_take (row, &flags, sizeof flags) || !copy_take (row, &extension, sizeof extension) ||
          GUINT32_FROM_BE (extension) > row->length)
        return pulse_copy_malformed (error);
      row->data += GUINT32_FROM_BE (extension);
      row->length -= GUINT32_FROM_BE (extension);
      row->header_seen = TRUE;
    }
  if (!copy_take (row, &fields, sizeof fields))
    return pulse_copy_malformed (error);
  *trailer = (gint16) GUINT16_FROM_BE (fields) == -1;
  if (!*trailer && GUINT16_FROM_BE (fields) != n_fields)
    return pulse_copy_malformed (error);
  return TRUE;
}

/* The next field's bytes, %NULL for SQL NULL; FALSE in @ok if the row
 * ends before the field does. */
const guint8 *
pulse_copy_row_field (PulseCopyRow *row,
                      gsize        *size,
                      gboolean     *ok)
{
  gint32 length;
  const guint8 *field;

  *ok = copy_take (row, &length, sizeof length);
  if (!*ok)
    return NULL;
  length = (gint32) GUINT32_FROM_BE (length);
  if (length < 0)
    return NULL;
  *ok = (gsize) length <= row->length;
  if (!*ok)
    return NULL;
  field = row->data;
  row->data += length;
  row->length -= (gsize) length;
  *size = (gsize) length;
  return field;
}

/* The next field as a bigint (or timestamptz: µs since 2000), or NULL:
 * *@present FALSE and *@value 0. FALSE if the row ends before it or it
 * is not 8 bytes. */
gboolean
pulse_copy_row_nullable_int8 (PulseCopyRow *row,
                              gint64       *value,
                              gboolean     *present)
{
  gboolean ok = TRUE;
  gsize size = 0;
  const guint8 *field = pulse_copy_row_field (row, &size, &ok);
  guint64 raw = 0;

  *present = field != NULL;
  if (!ok || (field != NULL && size != sizeof raw))
    return FALSE;
  if (field != NULL)
    memcpy (&raw, field, sizeof raw);
  *value = (gint64) GUINT64_FROM_BE (raw);
  return TRUE;
}

/* The same, FALSE for a NULL too. */
gboolean
pulse_copy_row_int8 (PulseCopyRow *row,
                     gint64       *value)
{
  gboolean present = FALSE;

  return pulse_copy_row_nullable_int8 (row, value, &present) && present;
}

gboolean
pulse_activity_is_cancel (const GError *error,
                          GCancellable *cancellable)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || g_cancellable_is_cancelled (cancellable);
}

/* A read of one update's transaction that may fail alone (a source's
 * table missing, COPY not allowed): its metrics then go to their SQL and
 * the update goes on. Ended by pulse_activity_savepoint_leave(). */
gboolean
pulse_activity_savepoint_enter (PGconn        *conn,
                                GCancellable  *cancellable,
                                GError       **error)
{
  return pulse_db_exec_command (conn, "SAVEPOINT pulse_read", 0, NULL, cancellable, error);
}

/* Ends the savepoint after @local_error, or @reason (a failure without
 * an error; both NULL: the read went well): @failed says whether the read
 * failed, logged with @what; only a cancel or a lost connection is an
 * error of the update. */
gboolean
pulse_activity_savepoint_leave (PGconn        *conn,
                                const char    *what,
                                const GError  *local_error,
                                const char    *reason,
                                gboolean      *failed,
                                GCancellable  *cancellable,
                                GError       **error)
{
  *failed = FALSE;
  if (local_error == NULL && reason == NULL)
    return pulse_db_exec_command (conn, "RELEASE SAVEPOINT pulse_read", 0, NULL, cancellable, error);
  if (local_error != NULL && pulse_activity_is_cancel (local_error, cancellable))
    {
      g_propagate_error (error, g_error_copy (local_error));
      return FALSE;
    }
  g_debug ("%s from SQL: %s", what, local_error != NULL ? local_error->message : reason);
  *failed = TRUE;
  return pulse_db_exec_command (conn, "ROLLBACK TO SAVEPOINT pulse_read", 0, NULL, cancellable, error);
}

/* YYYY-MM-DD of a Julian day, as the SQL's date parameters take it. */
void
pulse_activity_format_day (gint  julian,
                           char  out[11])
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) julian);
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

/* PostgreSQL's timestamps count from 2000-01-01 00:00 UTC. */
#define PG_EPOCH_UNIX_SECONDS G_GINT64_CONSTANT (946684800)

/* @instant (µs since 2000-01-01 UTC) as a timestamptz literal; FALSE
 * for one GLib cannot write (outside the years 1 to 9999). */
static gboolean
append_instant (GString *out,
                gint64   instant)
{
  gint64 seconds = instant / G_USEC_PER_SEC, us = instant % G_USEC_PER_SEC;
  g_autoptr(GDateTime) time = NULL;
  int year, month, day;

  if (us < 0)
    {
      us += G_USEC_PER_SEC;
      seconds--;
    }
  time = g_date_time_new_from_unix_utc (seconds + PG_EPOCH_UNIX_SECONDS);
  if (time == NULL)
    return FALSE;
  g_date_time_get_ymd (time, &year, &month, &day);
  g_string_append_printf (out, "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", year, month, day,
                          g_date_time_get_hour (time), g_date_time_get_minute (time),
                          g_date_time_get_second (time), (int) us);
  return TRUE;
}

/**
 * pulse_activity_format_span:
 * @starts: @n_days + 1 day starts (µs since 2000-01-01 UTC)
 *
 * A check's bound values for the days: the first instant, the end, and
 * every start as a timestamptz[] literal for width_bucket(). Bound, not
 * a calendar built in the query, they let the planner see the span and
 * scan a table in parallel. FALSE (nothing set) for an instant that
 * cannot be written: what cannot be checked is read again.
 */
gboolean
pulse_activity_format_span (const gint64  *starts,
                            guint          n_days,
                            char         **first,
                            char         **end,
                            char         **array)
{
  g_autoptr(GString) text = g_string_new ("{");
  g_autoptr(GString) first_text = g_string_new (NULL);
  g_autoptr(GString) end_text = g_string_new (NULL);

  for (guint d = 0; d <= n_days; d++)
    {
      g_string_append (text, d > 0 ? ",\"" : "\"");
      if (!append_instant (text, starts[d]))
        return FALSE;
      g_string_append_c (text, '"');
    }
  g_string_append_c (text, '}');
  append_instant (first_text, starts[0]);
  append_instant (end_text, starts[n_days]);
  *first = g_string_free (g_steal_pointer (&first_text), FALSE);
  *end = g_string_free (g_steal_pointer (&end_text), FALSE);
  *array = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}
