/* pulse-test-ui.c: main-loop helpers for tests that drive real windows
 *
 * The loop is never blocked on: a test waiting for a condition that no
 * event will bring must time out, not hang.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-test-ui.h"

static void
iterate (void)
{
  if (!g_main_context_iteration (NULL, FALSE))
    g_usleep (2000);
}

/* Runs the main loop for @ms: animations, layout and redraws settle. */
void
pulse_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < until)
    iterate ();
}

/* Runs the main loop until @done holds; fails the test after @timeout_s. */
void
pulse_test_wait_until (PulseTestCondition done,
                       gpointer           data,
                       guint              timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_s * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    iterate ();
  g_assert_true (done (data));
}

static gboolean
page_settled (gpointer page)
{
  return pulse_metric_page_is_settled (page);
}

void
pulse_test_wait_for_page (PulseMetricPage *page)
{
  /* A refresh asked for just now starts on a later iteration. */
  pulse_test_spin (50);
  pulse_test_wait_until (page_settled, page, 60);
}

/* A registered, non-unique application, so windows can be made. Its
 * own id: a test may run the real one as the primary instance. */
PulseApplication *
pulse_test_new_application (void)
{
  PulseApplication *app = pulse_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_application_id (G_APPLICATION (app), APPLICATION_ID ".Tests");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}
