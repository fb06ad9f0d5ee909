/* pulse-test-run.c: runs the pulse program as a user would, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/wait.h>

#include "pulse-test-run.h"

/**
 * pulse_test_run_pulse:
 * @run: its output and exit status; earlier ones are freed
 * @args: the arguments after the program name
 * @extra_env: (nullable): NAME, VALUE pairs to set, %NULL-terminated
 *
 * Runs $PULSE_BINARY with no display at all: headless means headless.
 */
void
pulse_test_run_pulse (PulseTestRun       *run,
                      const char * const *args,
                      const char * const *extra_env)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status = 0;

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  for (guint i = 0; extra_env && extra_env[i]; i += 2)
    envp = g_environ_setenv (envp, extra_env[i], extra_env[i + 1], TRUE);

  g_ptr_array_add (argv, (char *)g_getenv ("PULSE_BINARY"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  pulse_test_run_clear (run);
  g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

void
pulse_test_run_clear (PulseTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
