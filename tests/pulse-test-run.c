/* pulse-test-run.c: runs the pulse program as a user would, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-test-run.h"

/**
 * pulse_test_run_pulse_start:
 * @args: the arguments after the program name
 * @extra_env: (nullable): NAME, VALUE pairs to set, %NULL-terminated
 * @child_setup: (nullable): run in the child before exec (a resource limit)
 *
 * Starts $PULSE_BINARY with no display at all: headless means headless.
 * Returns: (transfer full): the running program, for pulse_test_run_pulse_wait()
 */
GSubprocess *
pulse_test_run_pulse_start (const char * const *args,
                            const char * const *extra_env,
                            GSpawnChildSetupFunc child_setup)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  for (guint i = 0; extra_env && extra_env[i]; i += 2)
    g_subprocess_launcher_setenv (launcher, extra_env[i], extra_env[i + 1], TRUE);
  if (child_setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  g_ptr_array_add (argv, (char *)g_getenv ("PULSE_BINARY"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* @run: its output and exit status; earlier ones are freed */
void
pulse_test_run_pulse_wait (PulseTestRun *run,
                           GSubprocess  *process)
{
  g_autoptr(GError) error = NULL;

  pulse_test_run_clear (run);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

void
pulse_test_run_pulse (PulseTestRun       *run,
                      const char * const *args,
                      const char * const *extra_env)
{
  g_autoptr(GSubprocess) process = pulse_test_run_pulse_start (args, extra_env, NULL);

  pulse_test_run_pulse_wait (run, process);
}

void
pulse_test_run_clear (PulseTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}
