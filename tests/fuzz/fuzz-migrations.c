/* fuzz-migrations.c: a directory of migration files
 *
 * The input is one or more files, each introduced by a line
 * "== FILE_NAME" (without one, the whole input is 0001_fuzz.sql).
 * Loaded migrations are in order, named after their file, and their
 * checksum ignores line endings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fuzz-common.h"
#include "pulse-error.h"
#include "pulse-migration-private.h"

#define FILE_MARK "== "

/* Writes one "NAME\nCONTENTS" record; names that are not a plain file
 * name in the directory are dropped. */
static void
write_record (const char *record,
              gsize       size)
{
  const char *newline = memchr (record, '\n', size);
  gsize name_length = newline ? (gsize) (newline - record) : size;
  g_autofree char *name = g_strndup (record, name_length);
  const char *contents = newline ? newline + 1 : record + size;

  if (*name == '\0' || strlen (name) != name_length || strchr (name, '/') ||
      g_str_equal (name, ".") || g_str_equal (name, "..") || name_length > 200)
    return;
  g_free (fuzz_write_temp_file (name, contents, size - (gsize) (contents - record)));
}

static void
write_files (const char *data,
             gsize       size)
{
  const char *end = data + size;
  const char *record = data;

  if (size < strlen (FILE_MARK) || memcmp (data, FILE_MARK, strlen (FILE_MARK)) != 0)
    {
      g_free (fuzz_write_temp_file ("0001_fuzz.sql", data, size));
      return;
    }
  while (record < end)
    {
      const char *next = g_strstr_len (record, end - record, "\n" FILE_MARK);
      const char *record_end = next ? next : end;

      record += strlen (FILE_MARK);
      if (record < record_end)
        write_record (record, record_end - record);
      record = next ? next + 1 : end;
    }
}

/* CRLF and CR are LF for the checksum. */
static char *
to_lf (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("\r\n?", G_REGEX_RAW, 0, NULL);

  return g_regex_replace_literal (regex, text, -1, 0, "\n", 0, NULL);
}

static void
check_migration (PulseMigration *migration)
{
  const char *sql = pulse_migration_get_sql (migration);
  g_autofree char *file_name = g_strdup_printf ("%04u_%s.sql", pulse_migration_get_version (migration),
                                                pulse_migration_get_name (migration));
  g_autofree char *checksum = pulse_migration_compute_checksum (sql);
  g_autofree char *lf = to_lf (sql);
  g_autofree char *lf_checksum = pulse_migration_compute_checksum (lf);

  g_assert_cmpstr (pulse_migration_get_file_name (migration), ==, file_name);
  g_assert_true (g_utf8_validate (sql, -1, NULL));
  g_assert_cmpstr (pulse_migration_get_checksum (migration), ==, checksum);
  g_assert_cmpstr (lf_checksum, ==, checksum);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GFile) directory = g_file_new_for_path (fuzz_temp_dir ());
  g_autoptr(GPtrArray) migrations = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_clear_temp_dir ();
  write_files ((const char *) data, size);

  migrations = pulse_migration_load_directory (directory, &error);
  if (migrations == NULL)
    {
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
      return 0;
    }
  g_assert_no_error (error);
  for (guint i = 0; i < migrations->len; i++)
    {
      check_migration (g_ptr_array_index (migrations, i));
      if (i > 0)
        g_assert_cmpuint (pulse_migration_get_version (g_ptr_array_index (migrations, i - 1)), <,
                          pulse_migration_get_version (g_ptr_array_index (migrations, i)));
    }
  return 0;
}
