/* pulse-people-dialog.h: the persons behind a number, in a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-people-query.h"
#include "pulse-worker.h"

G_BEGIN_DECLS

#define PULSE_TYPE_PEOPLE_DIALOG (pulse_people_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PulsePeopleDialog, pulse_people_dialog, PULSE, PEOPLE_DIALOG, AdwWindow)

PulsePeopleDialog *pulse_people_dialog_new        (GtkWindow         *parent,
                                                   PulseWorker       *worker,
                                                   PulsePeopleQuery  *query,
                                                   gboolean           with_email);

/* For tests */
GListModel        *pulse_people_dialog_get_persons (PulsePeopleDialog *self);
gint64             pulse_people_dialog_get_total   (PulsePeopleDialog *self);
gboolean           pulse_people_dialog_is_loading  (PulsePeopleDialog *self);
void               pulse_people_dialog_set_dropped (PulsePeopleDialog *self,
                                                    gboolean           dropped);
void               pulse_people_dialog_set_page_size (guint           size);
GtkColumnView     *pulse_people_dialog_get_view    (PulsePeopleDialog *self);

G_END_DECLS
