/* pulse-setup-wizard.h: the tracking setup wizard (schema migrations)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PULSE_TYPE_SETUP_WIZARD (pulse_setup_wizard_get_type ())

G_DECLARE_FINAL_TYPE (PulseSetupWizard, pulse_setup_wizard, PULSE, SETUP_WIZARD, AdwWindow)

typedef enum
{
  PULSE_SETUP_STEP_INTRO,
  PULSE_SETUP_STEP_CONNECT,
  PULSE_SETUP_STEP_REVIEW,
  PULSE_SETUP_STEP_APPLY,
  PULSE_SETUP_STEP_DONE,
} PulseSetupStep;

PulseSetupWizard *pulse_setup_wizard_new           (GtkWindow        *parent,
                                                    const char       *conninfo);
void              pulse_setup_wizard_set_metric_id (PulseSetupWizard *self,
                                                    const char       *metric_id);

G_END_DECLS
