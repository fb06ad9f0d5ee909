/* pulse-test-run.h: runs the pulse program as a user would, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} PulseTestRun;

GSubprocess *pulse_test_run_pulse_start (const char * const  *args,
                                         const char * const  *extra_env,
                                         GSpawnChildSetupFunc  child_setup);
void         pulse_test_run_pulse_wait  (PulseTestRun        *run,
                                         GSubprocess         *process);
void         pulse_test_run_pulse       (PulseTestRun        *run,
                                         const char * const  *args,
                                         const char * const  *extra_env);
void         pulse_test_run_clear       (PulseTestRun        *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PulseTestRun, pulse_test_run_clear)

G_END_DECLS
