/* replay.c: feeds every file of a corpus directory to a fuzz target
 *
 * What the test suite runs without clang or libFuzzer: a seed or a
 * fixed crash input that crashes again fails the test.
 *
 * Usage: replay-TARGET CORPUS_DIR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_inputs (const char *dir_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) names = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: %s CORPUS_DIR\n", argv[0]);
      return 2;
    }

  LLVMFuzzerInitialize (&argc, &argv);
  names = list_inputs (argv[1]);
  if (names->len == 0)
    {
      g_printerr ("No inputs in %s\n", argv[1]);
      return 1;
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (argv[1], g_ptr_array_index (names, i), NULL);
      g_autofree char *data = NULL;
      gsize size;

      /* Said before, so a crash names its input. */
      printf ("replaying %s\n", path);
      fflush (stdout);
      data = fuzz_dup_file (path, &size);
      LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
    }
  printf ("%u inputs replayed\n", names->len);
  return 0;
}
