/* pulse-measure-start.c: how long the demo takes to show data
 *
 * Developer tool (not installed): opens the demo workspace in a real
 * window and prints the seconds until the first page shows data, then
 * until the full year is in (when a first start filled only the last
 * weeks). Which demo it starts is up to PULSE_DEMO_DIR; run it through
 * build-aux/measure-start, which measures a cold and a warm start.
 *
 *   pulse-measure-start LABEL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-application.h"
#include "pulse-test-ui.h"
#include "pulse-window-private.h"

static gboolean
shows_data (gpointer data)
{
  PulseMetricPage *page = pulse_window_get_visible_page (data);

  return page != NULL && g_str_equal (pulse_window_get_state (data), "dashboard") &&
         pulse_metric_page_is_settled (page) && pulse_metric_page_has_results (page);
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

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PulseApplication) app = NULL;
  g_autoptr(PulseCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  const char *label = argc > 1 ? argv[1] : "start";
  PulseWindow *window;
  gint64 start;

  gtk_init ();
  adw_init ();
  app = pulse_test_new_application ();
  catalog = pulse_catalog_new_bundled (&error);
  g_assert_no_error (error);

  window = pulse_window_new (GTK_APPLICATION (app), catalog);
  gtk_window_present (GTK_WINDOW (window));
  pulse_test_spin (300);

  start = g_get_monotonic_time ();
  pulse_window_open_demo (window);
  pulse_test_wait_until (shows_data, window, 600);
  g_print ("%s: first data after %.1f s\n", label, seconds_since (start));
  if (pulse_demo_needs_full_data (pulse_application_get_demo (app)))
    {
      pulse_test_wait_until (has_full_data, window, 600);
      g_print ("%s: full year after %.1f s\n", label, seconds_since (start));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  if (!pulse_demo_stop (pulse_application_get_demo (app), &error))
    g_warning ("%s", error->message);
  return 0;
}
