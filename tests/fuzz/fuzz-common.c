/* fuzz-common.c: what every fuzz target shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>

#include "fuzz-common.h"

static char *temp_dir;

/* GLib stops on a fatal message with SIGTRAP, which libFuzzer ignores. */
static void
abort_on_trap (int signum)
{
  abort ();
}

/* A critical or warning is a bug the input found: abort, so libFuzzer
 * keeps the input and the replay test fails. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  signal (SIGTRAP, abort_on_trap);
  return 0;
}

static void
remove_temp_dir (void)
{
  fuzz_clear_temp_dir ();
  g_rmdir (temp_dir);
}

/* A private directory for the run, removed at exit; it holds files only. */
const char *
fuzz_temp_dir (void)
{
  g_autoptr(GError) error = NULL;

  if (temp_dir != NULL)
    return temp_dir;
  temp_dir = g_dir_make_tmp ("pulse-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_temp_dir);
  return temp_dir;
}

/* Every run starts from an empty directory. */
void
fuzz_clear_temp_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (fuzz_temp_dir (), 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (temp_dir, name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

/* Returns: the path of the file written in the temporary directory */
char *
fuzz_write_temp_file (const char *name,
                      const void *data,
                      gsize       size)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fuzz_temp_dir (), name, NULL);

  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
  return path;
}

/* Returns: the file's bytes, NUL-terminated */
char *
fuzz_dup_file (const char *path,
               gsize      *size)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, size, &error);
  g_assert_no_error (error);
  return contents;
}
