/* pulse-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-demo.h"

G_BEGIN_DECLS

#define PULSE_TYPE_APPLICATION (pulse_application_get_type ())

G_DECLARE_FINAL_TYPE (PulseApplication, pulse_application, PULSE, APPLICATION, AdwApplication)

PulseApplication *pulse_application_new      (void);
PulseDemo        *pulse_application_get_demo (PulseApplication *self);

G_END_DECLS
