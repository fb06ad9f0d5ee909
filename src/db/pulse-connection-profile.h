/* pulse-connection-profile.h: one saved PostgreSQL connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pulse-db.h"

G_BEGIN_DECLS

#define PULSE_TYPE_CONNECTION_PROFILE (pulse_connection_profile_get_type ())

G_DECLARE_FINAL_TYPE (PulseConnectionProfile, pulse_connection_profile, PULSE, CONNECTION_PROFILE, GObject)

/* The twelve baseline tables a platform database must have. */
extern const char * const pulse_platform_tables[];
/* Optional tracking tables: "not set up" when absent, never "missing". */
extern const char * const pulse_tracking_tables[];

typedef struct
{
  char       *server_version;
  gboolean    read_only;      /* the session Pulse uses refuses writes */
  gboolean    replica;        /* the server is a standby (pg_is_in_recovery) */
  gboolean    can_create;
  GPtrArray  *present;        /* table names, baseline and tracking */
  GPtrArray  *missing;        /* baseline tables that are absent */
  GPtrArray  *not_set_up;     /* tracking tables that are absent */
} PulseConnectionReport;

void                    pulse_connection_report_free         (PulseConnectionReport  *report);
gboolean                pulse_connection_report_check_platform (const PulseConnectionReport *report,
                                                               GError                    **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseConnectionReport, pulse_connection_report_free)

PulseConnectionProfile *pulse_connection_profile_new             (void);
PulseConnectionProfile *pulse_connection_profile_duplicate       (PulseConnectionProfile *self);
PulseConnectionProfile *pulse_connection_profile_new_from_json   (JsonNode               *node,
                                                                  GError                **error);
JsonNode               *pulse_connection_profile_to_json         (PulseConnectionProfile *self);
gboolean                pulse_connection_profile_fill_from_string (PulseConnectionProfile *self,
                                                                  const char             *text,
                                                                  char                  **password,
                                                                  GError                **error);
char                   *pulse_connection_profile_to_conninfo     (PulseConnectionProfile *self);
void                    pulse_connection_profile_init_session    (PulseConnectionProfile *self,
                                                                  PulseSessionOptions    *options);
gboolean                pulse_connection_profile_needs_tls_warning (PulseConnectionProfile *self);
char                   *pulse_connection_profile_describe        (PulseConnectionProfile *self);

const char             *pulse_connection_profile_get_id          (PulseConnectionProfile *self);
const char             *pulse_connection_profile_get_name        (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_name        (PulseConnectionProfile *self,
                                                                  const char             *name);
const char             *pulse_connection_profile_get_host        (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_host        (PulseConnectionProfile *self,
                                                                  const char             *host);
guint                   pulse_connection_profile_get_port        (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_port        (PulseConnectionProfile *self,
                                                                  guint                   port);
const char             *pulse_connection_profile_get_database    (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_database    (PulseConnectionProfile *self,
                                                                  const char             *database);
const char             *pulse_connection_profile_get_user        (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_user        (PulseConnectionProfile *self,
                                                                  const char             *user);
const char             *pulse_connection_profile_get_sslmode     (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_sslmode     (PulseConnectionProfile *self,
                                                                  const char             *sslmode);
const char             *pulse_connection_profile_get_sslrootcert (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_sslrootcert (PulseConnectionProfile *self,
                                                                  const char             *path);
const char             *pulse_connection_profile_get_service     (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_service     (PulseConnectionProfile *self,
                                                                  const char             *service);
guint                   pulse_connection_profile_get_statement_timeout (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_statement_timeout (PulseConnectionProfile *self,
                                                                        guint                   seconds);
const char             *pulse_connection_profile_get_timezone    (PulseConnectionProfile *self);
void                    pulse_connection_profile_set_timezone    (PulseConnectionProfile *self,
                                                                  const char             *timezone);

void                    pulse_connection_profile_check_async     (PulseConnectionProfile *self,
                                                                  const char             *password,
                                                                  GCancellable           *cancellable,
                                                                  GAsyncReadyCallback     callback,
                                                                  gpointer                user_data);
PulseConnectionReport  *pulse_connection_profile_check_finish    (PulseConnectionProfile *self,
                                                                  GAsyncResult           *result,
                                                                  char                  **raw_message,
                                                                  GError                **error);

G_END_DECLS
