/* pulse-test-run.h: runs the pulse program as a user would, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} PulseTestRun;

void pulse_test_run_pulse (PulseTestRun       *run,
                           const char * const *args,
                           const char * const *extra_env);
void pulse_test_run_clear (PulseTestRun       *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PulseTestRun, pulse_test_run_clear)

G_END_DECLS
