/* pulse-setup-wizard-private.h: what the wizard's tests read of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-setup-wizard.h"

G_BEGIN_DECLS

const char       *pulse_setup_wizard_get_conninfo  (PulseSetupWizard *self);
const char       *pulse_setup_wizard_get_metric_id (PulseSetupWizard *self);
PulseSetupStep    pulse_setup_wizard_get_step      (PulseSetupWizard *self);
gboolean          pulse_setup_wizard_get_busy      (PulseSetupWizard *self);

G_END_DECLS
