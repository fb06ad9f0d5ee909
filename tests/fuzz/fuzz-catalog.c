/* fuzz-catalog.c: user catalog files over the bundled catalog
 *
 * The bundled SQL files sit next to the fuzzed catalog.json, so
 * "sql_file" members resolve as in a real user catalog. A refused file
 * leaves the catalog as it was; an accepted one is whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "fuzz-common.h"
#include "pulse-catalog.h"
#include "pulse-error.h"

#define METRICS_RESOURCE PULSE_RESOURCE_PREFIX "/metrics/"

static void
copy_bundled_sql (void)
{
  g_auto(GStrv) names = g_resources_enumerate_children (METRICS_RESOURCE, 0, NULL);

  g_assert_nonnull (names);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *resource = g_strconcat (METRICS_RESOURCE, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;

      if (!g_str_has_suffix (names[i], ".sql"))
        continue;
      bytes = g_resources_lookup_data (resource, 0, NULL);
      g_free (fuzz_write_temp_file (names[i], g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
    }
}

static void
check_metric (PulseCatalog *catalog,
              PulseMetric  *metric)
{
  g_autoptr(GHashTable) no_tables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) all_tables = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *variants = pulse_metric_get_variants (metric);
  g_autoptr(GPtrArray) group = pulse_catalog_list_group (catalog, pulse_metric_get_group (metric));

  g_assert_true (pulse_catalog_lookup (catalog, pulse_metric_get_id (metric)) != NULL);
  g_assert_cmpuint (group->len, >, 0);
  g_assert_cmpuint (variants->len, >, 0);
  for (guint i = 0; i < variants->len; i++)
    {
      const PulseMetricVariant *variant = g_ptr_array_index (variants, i);

      g_assert_nonnull (variant->sql);
      for (guint j = 0; variant->requires[j] != NULL; j++)
        g_hash_table_add (all_tables, variant->requires[j]);
      for (guint j = 0; j < variant->series->len; j++)
        g_assert_nonnull (pulse_metric_find_series (metric, ((PulseMetricField *)g_ptr_array_index (variant->series, j))->id));
    }
  g_assert_nonnull (pulse_metric_choose_variant (metric, all_tables));
  pulse_metric_choose_variant (metric, no_tables);
}

/* The bundled catalog, read again only after a file changed it: a
 * refused file leaves it as it was (which is checked). */
static PulseCatalog *bundled;

static PulseCatalog *
dup_bundled_catalog (void)
{
  static gboolean copied;
  g_autoptr(GError) error = NULL;

  if (!copied)
    copy_bundled_sql ();
  copied = TRUE;
  if (bundled == NULL)
    bundled = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);
  return g_object_ref (bundled);
}

static gpointer
ref_object (gconstpointer object,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PulseCatalog) catalog = dup_bundled_catalog ();
  GPtrArray *metrics = pulse_catalog_get_metrics (catalog);
  g_autoptr(GPtrArray) before = g_ptr_array_copy (metrics, ref_object, NULL);
  g_autofree char *path = fuzz_write_temp_file ("catalog.json", data, size);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (!pulse_catalog_load_file (catalog, file, &error))
    {
      g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CATALOG);
      g_assert_cmpuint (metrics->len, ==, before->len);
      for (guint i = 0; i < before->len; i++)
        g_assert_true (g_ptr_array_index (metrics, i) == g_ptr_array_index (before, i));
      return 0;
    }
  for (guint i = 0; i < metrics->len; i++)
    check_metric (catalog, g_ptr_array_index (metrics, i));
  g_clear_object (&bundled);
  return 0;
}
