/* pulse-db.h: libpq helpers: connecting, running queries, errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

#define PULSE_DB_DEFAULT_STATEMENT_TIMEOUT_MS (60 * 1000)
#define PULSE_DB_DEFAULT_CONNECT_TIMEOUT_MS   (15 * 1000)
/* How long past its statement timeout a reply (or a cancel) is waited
 * for before the connection is given up. */
#define PULSE_DB_DEADLINE_MARGIN_MS           (5 * 1000)

typedef struct
{
  /* Dashboard sessions are read-only; the loader and migrations are not. */
  gboolean read_only;
  guint    statement_timeout_ms;
  guint    connect_timeout_ms;
  /* Not owned; handed to libpq as their own keywords, never put in a
   * conninfo. A user overrides the conninfo's (the wizard's credentials). */
  const char *user;
  const char *password;
} PulseSessionOptions;

void        pulse_session_options_init_dashboard (PulseSessionOptions  *options);
void        pulse_session_options_init_admin     (PulseSessionOptions  *options);

char       *pulse_db_quote_conninfo_value        (const char           *value);
/* The parts of a conninfo a reader may see: never a password. */
typedef struct
{
  char *dbname;
  char *host;
  char *port;
  char *user;
} PulseConninfoParts;

void        pulse_conninfo_parts_clear           (PulseConninfoParts   *parts);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PulseConninfoParts, pulse_conninfo_parts_clear)

gboolean    pulse_db_parse_conninfo_parts        (const char           *conninfo,
                                                  PulseConninfoParts   *parts);
char       *pulse_db_dup_conninfo_user           (const char           *conninfo);
char       *pulse_db_describe_conninfo           (const char           *conninfo);
gboolean    pulse_db_validate_conninfo           (const char           *conninfo,
                                                  GError              **error);
PGconn     *pulse_db_connect                     (const char           *conninfo,
                                                  const PulseSessionOptions *options,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
PGconn     *pulse_db_connect_full                (const char           *conninfo,
                                                  const PulseSessionOptions *options,
                                                  GCancellable         *cancellable,
                                                  char                **raw_message,
                                                  GError              **error);
PGresult   *pulse_db_exec                        (PGconn               *conn,
                                                  const char           *sql,
                                                  int                   n_params,
                                                  const char * const   *params,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
gboolean    pulse_db_exec_command                (PGconn               *conn,
                                                  const char           *sql,
                                                  int                   n_params,
                                                  const char * const   *params,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
gboolean    pulse_db_exec_script                 (PGconn               *conn,
                                                  const char           *sql,
                                                  GError              **error);
/* One row of a COPY TO STDOUT, as the server sent it; FALSE (with
 * @error set) refuses it and the rows after it. */
typedef gboolean (*PulseDbCopyFunc)               (const char           *data,
                                                  int                   length,
                                                  gpointer              user_data,
                                                  GError              **error);
gboolean    pulse_db_copy_out                    (PGconn               *conn,
                                                  const char           *sql,
                                                  PulseDbCopyFunc       func,
                                                  gpointer              user_data,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
typedef void     (*PulseDbStatementFunc)          (PGconn               *conn,
                                                  const char           *sql,
                                                  gpointer              user_data);
void        pulse_db_set_statement_observer      (PulseDbStatementFunc  func,
                                                  gpointer              user_data);
guint       pulse_db_get_statement_timeout       (PGconn               *conn);
GHashTable *pulse_db_list_tables                 (PGconn               *conn,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
GHashTable *pulse_db_list_all_tables             (PGconn               *conn,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void        pulse_db_set_error_from_conn         (GError              **error,
                                                  PGconn               *conn);

G_END_DECLS
