/* fuzz-connection-store.c: the saved connections file
 *
 * Any file loads (damage is reported, not fatal); once saved, it
 * reloads without problems and saves to the same bytes again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "pulse-connection-store.h"

/* Loads @path, checks every profile can be found again and saves it in
 * place. Returns: the saved file */
static char *
load_and_save (const char *path,
               gboolean    expect_clean,
               guint      *n_items)
{
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (pulse_connection_store_load (store, &error));
  g_assert_no_error (error);
  if (expect_clean)
    g_assert_cmpstr (pulse_connection_store_get_problems (store)[0], ==, NULL);

  *n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < *n_items; i++)
    {
      g_autoptr(PulseConnectionProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);
      const char *id = pulse_connection_profile_get_id (profile);
      const char *name = pulse_connection_profile_get_name (profile);

      g_assert_true (pulse_connection_store_lookup_id (store, id) == profile);
      g_assert_true (pulse_connection_store_lookup_name (store, name) == profile);
    }
  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_no_error (error);
  return fuzz_dup_file (path, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  guint n_loaded, n_reloaded;

  fuzz_clear_temp_dir ();
  path = fuzz_write_temp_file ("connections.json", data, size);

  saved = load_and_save (path, FALSE, &n_loaded);
  saved_again = load_and_save (path, TRUE, &n_reloaded);
  g_assert_cmpuint (n_reloaded, ==, n_loaded);
  g_assert_cmpstr (saved_again, ==, saved);
  return 0;
}
