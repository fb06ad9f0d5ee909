/* pulse-connection-store.h: the saved connections file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-connection-profile.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CONNECTION_STORE (pulse_connection_store_get_type ())

G_DECLARE_FINAL_TYPE (PulseConnectionStore, pulse_connection_store, PULSE, CONNECTION_STORE, GObject)

char                   *pulse_connection_store_dup_default_path (void);
PulseConnectionStore   *pulse_connection_store_new           (const char              *path);
gboolean                pulse_connection_store_load          (PulseConnectionStore    *self,
                                                              GError                 **error);
void                    pulse_connection_store_load_async    (PulseConnectionStore    *self,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
gboolean                pulse_connection_store_load_finish   (PulseConnectionStore    *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);
const char * const     *pulse_connection_store_get_problems  (PulseConnectionStore    *self);
gboolean                pulse_connection_store_save          (PulseConnectionStore    *self,
                                                              GError                 **error);
void                    pulse_connection_store_save_async    (PulseConnectionStore    *self,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
gboolean                pulse_connection_store_save_finish   (PulseConnectionStore    *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);
void                    pulse_connection_store_add           (PulseConnectionStore    *self,
                                                              PulseConnectionProfile  *profile);
void                    pulse_connection_store_remove        (PulseConnectionStore    *self,
                                                              PulseConnectionProfile  *profile);
PulseConnectionProfile *pulse_connection_store_lookup_name   (PulseConnectionStore    *self,
                                                              const char              *name);
PulseConnectionProfile *pulse_connection_store_lookup_id     (PulseConnectionStore    *self,
                                                              const char              *id);
char                   *pulse_connection_store_unique_name   (PulseConnectionStore    *self,
                                                              const char              *base);
gboolean                pulse_connection_resolve             (const char              *name_or_conninfo,
                                                              char                   **conninfo,
                                                              PulseConnectionProfile **profile,
                                                              GError                 **error);

G_END_DECLS
