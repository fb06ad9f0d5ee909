/* pulse-demo.h: the embedded demo workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whose data the demo is, for its snapshots and its activity cache: its
 * server listens in a new folder at each start, so its conninfo differs. */
#define PULSE_DEMO_IDENTITY "workspace=demo"

#define PULSE_TYPE_DEMO (pulse_demo_get_type ())

G_DECLARE_FINAL_TYPE (PulseDemo, pulse_demo, PULSE, DEMO, GObject)

#define PULSE_DEMO_DATABASE "pulse_demo"
#define PULSE_DEMO_DEFAULT_PERSONS 20000

PulseDemo  *pulse_demo_new            (const char          *base_dir);
char       *pulse_demo_dup_default_dir (void);
const char *pulse_demo_get_conninfo   (PulseDemo           *self);
gboolean    pulse_demo_start          (PulseDemo           *self,
                                       GCancellable        *cancellable,
                                       GError             **error);
void        pulse_demo_start_async    (PulseDemo           *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean    pulse_demo_start_finish   (PulseDemo           *self,
                                       GAsyncResult        *result,
                                       GError             **error);
gboolean    pulse_demo_needs_full_data (PulseDemo          *self);
void        pulse_demo_complete_async (PulseDemo           *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean    pulse_demo_complete_finish (PulseDemo          *self,
                                        GAsyncResult       *result,
                                        GError            **error);
gboolean    pulse_demo_stop           (PulseDemo           *self,
                                       GError             **error);
gboolean    pulse_demo_load_baseline  (const char          *conninfo,
                                       GError             **error);
gboolean    pulse_demo_generate_data  (const char          *conninfo,
                                       guint                n_persons,
                                       const char          *end_day,
                                       GError             **error);

G_END_DECLS
