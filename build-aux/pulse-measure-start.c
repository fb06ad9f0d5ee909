/* pulse-measure-start.c: how long the demo takes to show data
 *
 * Developer tool (not installed): opens the demo workspace in a real
 * window and prints the seconds until the first page shows data, then
 * until the full year is in (when a first start filled only the last
 * weeks). Which demo it starts is up to PULSE_DEMO_DIR; run it through
 * build-aux/measure-start, which measures a cold and a warm start.
 *
 * With LABEL "memory" it then shows every page (as Alt+1… does), waits
 * until each has its data and has been drawn, and prints the memory the
 * process holds: the resident set with the window open before any data,
 * after each page, then peak and current (VmHWM, VmRSS), how much of it
 * is anonymous (heap, surfaces) and the mappings holding the most
 * (PULSE_MEASURE_MAPPINGS=N, default 8; the renderer's libraries show
 * here). PULSE_MEASURE_TRIM=1 also says what malloc_trim() would give
 * back (freed heap the allocator kept). build-aux/measure-start --memory
 * runs it a few times.
 *
 * With CONNINFO it opens that connection instead of the demo. Either way
 * it prints the phases of the launch: the window shown (from main(): GTK,
 * the catalog, the pages), then from the open on: the dashboard open (for
 * the demo: its server up), the Overview's first tile, the first data
 * (every tile: a snapshot shows, marked, until the queries verify it), and
 * every page's numbers verified.
 *
 *   pulse-measure-start LABEL [CONNINFO]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "pulse-application.h"
#include "pulse-renderer-private.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

/* The page on screen (the overview on a start) has its data. */
static gboolean
shows_data (gpointer data)
{
  PulseOverviewPage *overview = pulse_window_get_visible_overview (data);
  PulseMetricPage *page = pulse_window_get_visible_page (data);

  if (!g_str_equal (pulse_window_get_state (data), "dashboard"))
    return FALSE;
  if (overview != NULL)
    return pulse_overview_page_is_settled (overview);
  return page != NULL && pulse_metric_page_is_settled (page) && pulse_metric_page_has_results (page);
}

/* The Overview shows a first tile's figure (the others may still load). */
static gboolean
shows_a_tile (gpointer data)
{
  PulseOverviewPage *overview = pulse_window_get_visible_overview (data);
  g_autoptr(GPtrArray) cards = NULL;

  if (overview == NULL)
    return shows_data (data);
  cards = pulse_overview_page_get_cards (overview);
  for (guint i = 0; i < cards->len; i++)
    if (pulse_metric_card_get_state (g_ptr_array_index (cards, i)) == PULSE_CARD_CONTENT)
      return TRUE;
  return FALSE;
}

static gboolean
has_full_data (gpointer data)
{
  PulseWindow *window = data;
  PulseDemo *demo = pulse_application_get_demo (PULSE_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
  PulseWorker *worker = pulse_window_get_worker (window);

  return !pulse_demo_needs_full_data (demo) && worker != NULL &&
         g_strcmp0 (pulse_worker_get_conninfo (worker), pulse_demo_get_conninfo (demo)) == 0 &&
         shows_data (window);
}

/* Every page's numbers are the database's: none still shows a snapshot
 * or its first results on their way. */
static gboolean
is_verified (gpointer data)
{
  PulseWindow *window = data;
  g_autoptr(GListModel) pages = pulse_window_get_pages (window);

  if (!shows_data (window))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      if (PULSE_IS_METRIC_PAGE (child) && !pulse_metric_page_is_settled (PULSE_METRIC_PAGE (child)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_shown (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
is_open (gpointer data)
{
  return g_str_equal (pulse_window_get_state (data), "dashboard");
}

/* Settled, and drawn at least once after that. */
static gboolean
page_ready (gpointer data)
{
  GtkWidget *page = data;

  if (PULSE_IS_OVERVIEW_PAGE (page))
    return pulse_overview_page_is_settled (PULSE_OVERVIEW_PAGE (page));
  return !PULSE_IS_METRIC_PAGE (page) || pulse_metric_page_is_settled (PULSE_METRIC_PAGE (page));
}

/* A line of /proc/self/status, in kB; -1 if missing. */
static gint64
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, field)))
    return -1;
  return g_ascii_strtoll (line + strlen (field) + 1, NULL, 10);
}

typedef struct
{
  char   *name;
  gint64  rss;
} Mapping;

static int
compare_mappings (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = ((const Mapping *)a)->rss, y = ((const Mapping *)b)->rss;

  return x < y ? 1 : x > y ? -1 : 0;
}

/* The resident set by what is mapped (a library, [heap], anonymous),
 * summed over its mappings, the largest first. */
static void
print_mappings (void)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (Mapping));
  const char *shown = g_getenv ("PULSE_MEASURE_MAPPINGS");
  guint n_shown = shown ? atoi (shown) : 8;
  char *name = NULL;
  gint64 anonymous = 0;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i], *dash = strchr (line, '-'), *space = strchr (line, ' ');
      gint64 kb;

      /* A mapping's header: "start-end perms …"; its fields follow. */
      if (g_ascii_isxdigit (line[0]) && dash != NULL && space != NULL && dash < space)
        {
          /* "start-end perms offset dev inode   path" */
          g_auto(GStrv) fields = g_strsplit_set (line, " ", 6);
          const char *path = g_strv_length (fields) == 6 ? g_strstrip (fields[5]) : "";

          g_free (name);
          name = path[0] ? g_path_get_basename (path) : g_strdup ("[anonymous]");
        }
      else if (name != NULL && g_str_has_prefix (line, "Rss:"))
        {
          kb = g_ascii_strtoll (line + 4, NULL, 10);
          g_hash_table_insert (by_name, g_strdup (name),
                               GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (by_name, name)) + kb));
        }
      else if (g_str_has_prefix (line, "Anonymous:"))
        anonymous += g_ascii_strtoll (line + 10, NULL, 10);
    }
  g_free (name);

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, by_name);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_array_append_val (sorted, ((Mapping) { key, GPOINTER_TO_INT (value) }));
  }
  g_array_sort (sorted, compare_mappings);
  g_print ("  anonymous %" G_GINT64_FORMAT " kB; largest mappings:", anonymous);
  for (guint i = 0; i < MIN (n_shown, sorted->len); i++)
    g_print (" %s %" G_GINT64_FORMAT " kB%s", g_array_index (sorted, Mapping, i).name,
             g_array_index (sorted, Mapping, i).rss, i + 1 < MIN (n_shown, sorted->len) ? "," : "\n");
}

/* Every page, as Alt+1… shows them, each until it has its data and has
 * been drawn; then what the process holds. */
static void
visit_pages (PulseWindow *window)
{
  g_autoptr(GListModel) pages = pulse_window_get_pages (window);
  guint n = g_list_model_get_n_items (pages);

  g_print ("  before: VmRSS %" G_GINT64_FORMAT " kB\n", status_kb ("VmRSS:"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "u", i);
      pulse_test_spin (50);
      pulse_test_wait_until (page_ready, adw_view_stack_page_get_child (page), 600);
      /* A few frames: the page's charts are drawn (and uploaded) on screen. */
      pulse_test_spin (500);
      g_print ("  page %u (%s): VmRSS %" G_GINT64_FORMAT " kB\n", i + 1, adw_view_stack_page_get_name (page),
               status_kb ("VmRSS:"));
    }
  g_print ("memory: %u pages visited: VmHWM %" G_GINT64_FORMAT " kB, VmRSS %" G_GINT64_FORMAT " kB\n", n,
           status_kb ("VmHWM:"), status_kb ("VmRSS:"));
  print_mappings ();
  if (g_getenv ("PULSE_MEASURE_TRIM"))
    {
      malloc_trim (0);
      g_print ("  after malloc_trim: VmRSS %" G_GINT64_FORMAT " kB\n", status_kb ("VmRSS:"));
    }
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

/* The CPU time of the process, all threads, in seconds: on a loaded
 * machine it says what the wall time does not. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PulseApplication) app = NULL;
  g_autoptr(PulseCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  const char *label = argc > 1 ? argv[1] : "start";
  const char *conninfo = argc > 2 ? argv[2] : NULL;
  PulseWindow *window;
  gint64 start = g_get_monotonic_time ();

  /* As pulse's main() does. */
  pulse_renderer_choose ("/dev");
  gtk_init ();
  adw_init ();
  app = pulse_test_new_application ();
  /* Measured as users run it: with animations (the tests turn them off). */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);

  window = pulse_window_new (GTK_APPLICATION (app), catalog);
  gtk_window_present (GTK_WINDOW (window));
  pulse_test_wait_until (is_shown, window, 60);
  g_print ("%s: window shown after %.2f s (CPU %.2f s)\n", label, seconds_since (start), cpu_seconds ());
  pulse_test_spin (300);

  if (g_str_equal (label, "memory"))
    g_print ("  window open, no data: VmRSS %" G_GINT64_FORMAT " kB\n", status_kb ("VmRSS:"));
  start = g_get_monotonic_time ();
  if (conninfo != NULL)
    pulse_window_open_connection (window, conninfo);
  else
    pulse_window_open_demo (window);
  pulse_test_wait_until (is_open, window, 600);
  g_print ("%s: dashboard open after %.2f s\n", label, seconds_since (start));
  pulse_test_wait_until (shows_a_tile, window, 600);
  g_print ("%s: first tile after %.2f s\n", label, seconds_since (start));
  pulse_test_wait_until (shows_data, window, 600);
  g_print ("%s: first data after %.2f s (CPU %.2f s in all)\n", label, seconds_since (start), cpu_seconds ());
  pulse_test_wait_until (is_verified, window, 600);
  g_print ("%s: verified after %.2f s\n", label, seconds_since (start));
  if (conninfo == NULL && pulse_demo_needs_full_data (pulse_application_get_demo (app)))
    {
      pulse_test_wait_until (has_full_data, window, 600);
      g_print ("%s: full year after %.1f s\n", label, seconds_since (start));
    }
  if (g_str_equal (label, "memory"))
    visit_pages (window);

  gtk_window_destroy (GTK_WINDOW (window));
  if (!pulse_demo_stop (pulse_application_get_demo (app), &error))
    g_warning ("%s", error->message);
  return 0;
}
