/* pulse-db.c: libpq helpers: connecting, running queries, errors
 *
 * Everything here is blocking from the caller's point of view and runs
 * on the worker thread (or the headless command line). Waiting is done
 * with poll() on the connection's socket and the cancellable's fd, so a
 * cancelled query is cancelled on the server, not merely abandoned.
 * No wait is unbounded on a session with a statement timeout: a server
 * that stops answering (frozen, or a network that drops everything) costs
 * the timeout plus a margin, then the connection is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n.h>
#include <libpq-events.h>

#include "pulse-db.h"
#include "pulse-error.h"

void
pulse_session_options_init_dashboard (PulseSessionOptions *options)
{
  options->read_only = TRUE;
  options->statement_timeout_ms = PULSE_DB_DEFAULT_STATEMENT_TIMEOUT_MS;
  options->connect_timeout_ms = PULSE_DB_DEFAULT_CONNECT_TIMEOUT_MS;
  options->user = NULL;
  options->password = NULL;
}

void
pulse_session_options_init_admin (PulseSessionOptions *options)
{
  options->read_only = FALSE;
  options->statement_timeout_ms = 0;
  options->connect_timeout_ms = PULSE_DB_DEFAULT_CONNECT_TIMEOUT_MS;
  options->user = NULL;
  options->password = NULL;
}

/* Quotes a value for a keyword=value conninfo string. */
char *
pulse_db_quote_conninfo_value (const char *value)
{
  GString *s = g_string_new ("'");

  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');
  return g_string_free (s, FALSE);
}

void
pulse_conninfo_parts_clear (PulseConninfoParts *parts)
{
  g_clear_pointer (&parts->dbname, g_free);
  g_clear_pointer (&parts->host, g_free);
  g_clear_pointer (&parts->port, g_free);
  g_clear_pointer (&parts->user, g_free);
}

/* Fills @parts with the non-empty dbname, host, port and user of
 * @conninfo; FALSE if it does not parse. */
gboolean
pulse_db_parse_conninfo_parts (const char         *conninfo,
                               PulseConninfoParts *parts)
{
  PQconninfoOption *options;

  g_return_val_if_fail (conninfo != NULL, FALSE);

  if (!(options = PQconninfoParse (conninfo, NULL)))
    return FALSE;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      char **slot = NULL;

      if (o->val == NULL || *o->val == '\0')
        continue;
      if (g_str_equal (o->keyword, "dbname"))
        slot = &parts->dbname;
      else if (g_str_equal (o->keyword, "host"))
        slot = &parts->host;
      else if (g_str_equal (o->keyword, "port"))
        slot = &parts->port;
      else if (g_str_equal (o->keyword, "user"))
        slot = &parts->user;
      if (slot != NULL)
        {
          g_free (*slot);
          *slot = g_strdup (o->val);
        }
    }
  PQconninfoFree (options);
  return TRUE;
}

/**
 * pulse_db_dup_conninfo_user:
 *
 * Returns: (nullable): the role a session of @conninfo logs in as: its
 *   user, else libpq's default (PGUSER, else the system user)
 */
char *
pulse_db_dup_conninfo_user (const char *conninfo)
{
  g_auto(PulseConninfoParts) parts = { 0 };
  PQconninfoOption *defaults;
  char *user = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  if (!pulse_db_parse_conninfo_parts (conninfo, &parts))
    return NULL;
  if (parts.user != NULL)
    return g_steal_pointer (&parts.user);
  if (!(defaults = PQconndefaults ()))
    return NULL;
  for (PQconninfoOption *o = defaults; o->keyword != NULL && user == NULL; o++)
    if (g_str_equal (o->keyword, "user") && o->val != NULL && *o->val != '\0')
      user = g_strdup (o->val);
  PQconninfoFree (defaults);
  return user;
}

/* "platform on replica.example.com": what the reader needs to know,
 * never the password or other options. */
char *
pulse_db_describe_conninfo (const char *conninfo)
{
  g_auto(PulseConninfoParts) parts = { 0 };
  const char *dbname, *host;

  if (!pulse_db_parse_conninfo_parts (conninfo, &parts))
    return g_strdup (_("Unknown database"));
  host = parts.host;
  if (host != NULL && host[0] == '/')
    host = _("a local socket");
  dbname = parts.dbname ? parts.dbname : parts.user ? parts.user : _("default database");
  return host ? g_strdup_printf (_("%s on %s"), dbname, host) : g_strdup (dbname);
}

gboolean
pulse_db_validate_conninfo (const char  *conninfo,
                            GError     **error)
{
  PQconninfoOption *parsed;
  char *errmsg = NULL;

  g_return_val_if_fail (conninfo != NULL, FALSE);

  parsed = PQconninfoParse (conninfo, &errmsg);
  if (parsed == NULL)
    {
      g_autofree char *msg = g_strdup (errmsg ? errmsg : _("out of memory"));
      PQfreemem (errmsg);
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("Invalid connection string: %s"), g_strstrip (msg));
      return FALSE;
    }
  PQconninfoFree (parsed);
  return TRUE;
}

typedef struct
{
  /* libpq's text in English, as the server and an untranslated libpq send it */
  const char *needle;
  /* the same text where libpq quotes strerror() or its own translated
   * message: found in the user's language too */
  int         errnum;
  const char *libpq_msgid;
  PulseError  code;
  const char *message;
  /* if set, the pattern applies only to messages that also hold this */
  const char *context;
} ErrorPattern;

/* The first match wins, so specific ones come first. The server's own
 * messages (authentication, missing role or database) are in the
 * server's language, usually English; what libpq says itself follows the
 * user's. The needles stay untranslated; the messages are translated
 * where the error is set. */
static const ErrorPattern connect_errors[] = {
  { "password authentication failed", 0, NULL, PULSE_ERROR_AUTHENTICATION,
    N_("The server did not accept the user name or password. Check both, or the password saved in the keyring") },
  { "no password supplied", 0, NULL, PULSE_ERROR_AUTHENTICATION,
    N_("The server asks for a password and none was given. Enter the password, or add it to ~/.pgpass") },
  { "role \"", 0, NULL, PULSE_ERROR_AUTHENTICATION,
    N_("That user does not exist on the server. Check the user name") },
  { "no pg_hba.conf entry", 0, NULL, PULSE_ERROR_AUTHENTICATION,
    N_("The server does not accept connections from this user, host or database. Ask its administrator, or try with TLS") },
  { "could not translate host name", 0, "could not translate host name \"%s\" to address: %s\n",
    PULSE_ERROR_UNKNOWN_HOST,
    N_("The host name could not be found. Check its spelling and your network or VPN") },
  { "Connection refused", ECONNREFUSED, NULL, PULSE_ERROR_CONNECTION_REFUSED,
    N_("No PostgreSQL server is listening on that socket (a socket file is left, but the server stopped). Check the host (socket directory) and port, and start PostgreSQL"),
    "on socket \"" },
  { "Connection refused", ECONNREFUSED, NULL, PULSE_ERROR_CONNECTION_REFUSED,
    N_("The server refused the connection. Check the host and port, and that PostgreSQL is running and accepts TCP connections") },
  { "No such file or directory", ENOENT, NULL, PULSE_ERROR_CONNECTION_REFUSED,
    N_("No PostgreSQL server is listening on that socket. Check the host (socket directory) and port, and that PostgreSQL is running") },
  { "SSL", 0, NULL, PULSE_ERROR_TLS,
    N_("The secure (TLS) connection could not be set up. Check the TLS mode and the root certificate, or ask the administrator which mode the server supports") },
  { "certificate", 0, NULL, PULSE_ERROR_TLS,
    N_("The server's certificate could not be verified. Check the root certificate file and that the host name matches the certificate") },
  { "database \"", 0, NULL, PULSE_ERROR_MISSING_DATABASE,
    N_("That database does not exist on the server. Check the database name") },
  { "timeout expired", 0, "timeout expired\n", PULSE_ERROR_TIMEOUT,
    N_("The server did not answer in time. Check the host, port and network, or try again later") },
};

/* libpq's own messages are in its gettext domain, "libpq5-<major>". */
static const char *
libpq_text_domain (void)
{
  static char domain[32];

  if (domain[0] == '\0')
    g_snprintf (domain, sizeof domain, "libpq5-%d", PQlibVersion () / 10000);
  return domain;
}

/* @text up to its first conversion: the part of a format that appears
 * as written in every message made from it. */
static char *
constant_prefix (const char *text)
{
  const char *percent = strchr (text, '%');
  g_autofree char *prefix = g_strndup (text, percent ? (gsize) (percent - text) : strlen (text));

  return g_strdup (g_strstrip (prefix));
}

static gboolean
pattern_matches (const ErrorPattern *pattern,
                 const char         *raw)
{
  if (pattern->context != NULL && strstr (raw, pattern->context) == NULL)
    return FALSE;
  if (strstr (raw, pattern->needle) != NULL)
    return TRUE;
  /* strerror(), as libpq calls it: g_strerror() keeps the first
   * language it saw for each error number. */
  if (pattern->errnum != 0 && strstr (raw, strerror (pattern->errnum)) != NULL)
    return TRUE;
  if (pattern->libpq_msgid != NULL)
    {
      g_autofree char *prefix = constant_prefix (g_dgettext (libpq_text_domain (), pattern->libpq_msgid));

      return *prefix != '\0' && strstr (raw, prefix) != NULL;
    }
  return FALSE;
}

/* libpq's message can span lines; the first one is the useful part. */
static char *
first_line (const char *text)
{
  g_autofree char *copy = g_strdup (text ? text : "");
  char *nl;

  g_strstrip (copy);
  if ((nl = strchr (copy, '\n')))
    *nl = '\0';
  return g_strdup (g_strstrip (copy));
}

void
pulse_db_set_error_from_conn (GError **error,
                              PGconn  *conn)
{
  const char *raw = conn ? PQerrorMessage (conn) : _("out of memory");
  g_autofree char *detail = first_line (raw);

  for (guint i = 0; i < G_N_ELEMENTS (connect_errors); i++)
    if (pattern_matches (&connect_errors[i], raw))
      {
        g_set_error (error, PULSE_ERROR, connect_errors[i].code,
                     "%s (%s)", _(connect_errors[i].message), detail);
        return;
      }

  /* Whatever the wording, libpq knows it stopped at the password. */
  if (conn != NULL && PQconnectionNeedsPassword (conn))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_AUTHENTICATION,
                   /* Translators: %s is libpq's own explanation */
                   _("The server asks for a password and none was given. Enter the password, or add it to ~/.pgpass (%s)"),
                   detail);
      return;
    }

  g_set_error (error, PULSE_ERROR, PULSE_ERROR_CONNECTION,
               /* Translators: %s is libpq's own explanation */
               _("Could not connect to the database (%s)"), detail);
}

static gboolean
wait_for_socket (PGconn        *conn,
                 gboolean       for_write,
                 GCancellable  *cancellable,
                 gint64         deadline,
                 GError       **error)
{
  GPollFD fds[2] = { { 0 } };
  guint n_fds = 1;
  gint64 now = g_get_monotonic_time ();
  int timeout_ms = deadline > 0 ? (int)MAX (0, (deadline - now) / 1000) : -1;
  int rc;

  fds[0].fd = PQsocket (conn);
  fds[0].events = for_write ? G_IO_OUT : G_IO_IN;
  if (g_cancellable_make_pollfd (cancellable, &fds[1]))
    n_fds = 2;

  rc = g_poll (fds, n_fds, timeout_ms);

  if (n_fds == 2)
    g_cancellable_release_fd (cancellable);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc == 0)
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_TIMEOUT,
                           _("The server did not answer in time; check the host, port and network"));
      return FALSE;
    }
  return TRUE;
}

/* What Pulse keeps with each of its connections, freed with it. */
typedef struct
{
  guint statement_timeout_ms;
} ConnData;

static int
on_conn_event (PGEventId  id,
               void      *event_info,
               void      *pass_through)
{
  if (id == PGEVT_CONNDESTROY)
    g_free (PQinstanceData (((PGEventConnDestroy *)event_info)->conn, on_conn_event));
  return TRUE;
}

static void
attach_conn_data (PGconn                    *conn,
                  const PulseSessionOptions *options)
{
  ConnData *data = g_new0 (ConnData, 1);

  data->statement_timeout_ms = options->statement_timeout_ms;
  if (!PQregisterEventProc (conn, on_conn_event, "pulse", NULL) ||
      !PQsetInstanceData (conn, on_conn_event, data))
    g_free (data);
}

/**
 * pulse_db_get_statement_timeout:
 *
 * Returns: the statement timeout @conn was opened with, in
 *   milliseconds; 0 for none
 */
guint
pulse_db_get_statement_timeout (PGconn *conn)
{
  ConnData *data = PQinstanceData (conn, on_conn_event);

  return data ? data->statement_timeout_ms : 0;
}

/* Server notices ("schema already exists", "terminating connection")
 * are for developers, not the user's terminal. */
static void
log_notice (void       *arg,
            const char *message)
{
  g_debug ("Server notice: %.*s", (int)strcspn (message, "\n"), message);
}

static char *
build_session_options (const PulseSessionOptions *options)
{
  GString *s = g_string_new (NULL);

  if (options->read_only)
    g_string_append (s, "-c default_transaction_read_only=on ");
  /* Metric queries look expensive to the planner, and JIT compiling
   * them costs up to a second with nothing gained. */
  g_string_append (s, "-c jit=off ");
  g_string_append_printf (s, "-c statement_timeout=%u", options->statement_timeout_ms);
  return g_string_free (s, FALSE);
}

/**
 * pulse_db_connect:
 *
 * Connects without blocking on libpq's own waits: libpq's connect_timeout
 * is not enforced while polling, so the deadline is ours.
 */
PGconn *
pulse_db_connect (const char                *conninfo,
                  const PulseSessionOptions *options,
                  GCancellable              *cancellable,
                  GError                   **error)
{
  return pulse_db_connect_full (conninfo, options, cancellable, NULL, error);
}

/**
 * pulse_db_connect_full:
 * @raw_message: (out) (optional): libpq's own text if connecting failed,
 *   for a details expander (it never contains the password)
 *
 * Like pulse_db_connect(), with the password from @options passed to
 * libpq as a keyword of its own.
 */
PGconn *
pulse_db_connect_full (const char                *conninfo,
                       const PulseSessionOptions *options,
                       GCancellable              *cancellable,
                       char                     **raw_message,
                       GError                   **error)
{
  g_autofree char *session = NULL;
  g_autoptr(PGconn) conn = NULL;
  PostgresPollingStatusType poll_status = PGRES_POLLING_WRITING;
  gint64 deadline;

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!pulse_db_validate_conninfo (conninfo, error))
    return NULL;

  session = build_session_options (options);
  {
    /* dbname is expanded first; the later keywords override it. */
    const char *keywords[9] = { "dbname", "application_name", "options", "keepalives", "keepalives_idle",
                                "client_encoding" };
    const char *values[9] = { conninfo, "Pulse", session, "1", "30", "UTF8" };
    guint n = 6;

    if (options->user != NULL)
      {
        keywords[n] = "user";
        values[n++] = options->user;
      }
    if (options->password != NULL)
      {
        keywords[n] = "password";
        values[n++] = options->password;
      }
    conn = PQconnectStartParams (keywords, values, 1);
  }

  if (conn == NULL || PQstatus (conn) == CONNECTION_BAD)
    {
      if (raw_message != NULL)
        *raw_message = g_strdup (conn ? PQerrorMessage (conn) : "out of memory");
      pulse_db_set_error_from_conn (error, conn);
      return NULL;
    }
  attach_conn_data (conn, options);
  PQsetNoticeProcessor (conn, log_notice, NULL);

  deadline = g_get_monotonic_time () + (gint64)options->connect_timeout_ms * 1000;

  while (poll_status != PGRES_POLLING_OK)
    {
      if (poll_status == PGRES_POLLING_FAILED)
        {
          if (raw_message != NULL)
            *raw_message = g_strdup (PQerrorMessage (conn));
          pulse_db_set_error_from_conn (error, conn);
          return NULL;
        }
      if (!wait_for_socket (conn, poll_status == PGRES_POLLING_WRITING, cancellable, deadline, error))
        return NULL;
      poll_status = PQconnectPoll (conn);
    }

  return g_steal_pointer (&conn);
}

typedef struct
{
  PGcancel    *cancel;
  GAsyncQueue *done;
} CancelRequest;

static gpointer
cancel_thread (gpointer data)
{
  CancelRequest *request = data;
  char errbuf[256];

  PQcancel (request->cancel, errbuf, sizeof errbuf);
  PQfreeCancel (request->cancel);
  g_async_queue_push (request->done, GINT_TO_POINTER (TRUE));
  g_async_queue_unref (request->done);
  g_free (request);
  return NULL;
}

/* PQcancel() waits for the server, and a frozen one never answers: it
 * runs on a thread of its own while the reply is waited for with a
 * deadline. Returns a queue that receives an item once the server has
 * taken the request, or %NULL if none could be made. */
static GAsyncQueue *
send_server_cancel (PGconn *conn)
{
  PGcancel *cancel = PQgetCancel (conn);
  CancelRequest *request;

  if (cancel == NULL)
    return NULL;
  request = g_new0 (CancelRequest, 1);
  request->cancel = cancel;
  request->done = g_async_queue_new ();
  g_thread_unref (g_thread_new ("pulse-cancel", cancel_thread, request));
  return g_async_queue_ref (request->done);
}

/* A cancel sent for one statement, until it has landed. */
typedef struct
{
  gboolean     sent;
  GAsyncQueue *done;
} PendingCancel;

static void
pending_cancel_clear (PendingCancel *cancel)
{
  g_clear_pointer (&cancel->done, g_async_queue_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PendingCancel, pending_cancel_clear)

/* The caller owns @conn, so it is not freed: shutting its socket down
 * makes libpq see it closed (CONNECTION_BAD), and the next user
 * reconnects. */
static void
drop_connection (PGconn *conn)
{
  shutdown (PQsocket (conn), SHUT_RDWR);
  PQconsumeInput (conn);
}

/* The statement timeout plus a margin; -1 (none) on sessions without one. */
static gint64
reply_deadline (PGconn *conn)
{
  guint timeout_ms = pulse_db_get_statement_timeout (conn);

  if (timeout_ms == 0)
    return -1;
  return g_get_monotonic_time () + ((gint64)timeout_ms + PULSE_DB_DEADLINE_MARGIN_MS) * 1000;
}

static gboolean
set_error_from_result (GError         **error,
                       const PGresult  *result,
                       PGconn          *conn)
{
  const char *sqlstate = PQresultErrorField (result, PG_DIAG_SQLSTATE);
  const char *primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
  g_autofree char *message = first_line (primary ? primary : PQresultErrorMessage (result));
  PulseError code = PULSE_ERROR_QUERY;

  if (PQstatus (conn) == CONNECTION_BAD)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_CONNECTION,
                   /* Translators: %s is the server's or libpq's explanation */
                   _("The connection to the server was lost (%s)"), message);
      return FALSE;
    }
  /* The SQLSTATE keeps its meaning; callers word the message. */
  if (g_strcmp0 (sqlstate, "57014") == 0)
    code = PULSE_ERROR_TIMEOUT;
  else if (g_strcmp0 (sqlstate, "55P03") == 0)
    code = PULSE_ERROR_LOCK_TIMEOUT;
  else if (g_strcmp0 (sqlstate, "42501") == 0)
    code = PULSE_ERROR_PERMISSION;

  g_set_error (error, PULSE_ERROR, code, "%s", message);
  return FALSE;
}

/* Cancels on the server; the reply to that is waited for a short while only. */
static void
begin_cancel (PGconn        *conn,
              PendingCancel *cancel,
              gint64        *deadline)
{
  gint64 cancel_deadline = g_get_monotonic_time () + PULSE_DB_DEADLINE_MARGIN_MS * 1000;

  cancel->done = send_server_cancel (conn);
  cancel->sent = TRUE;
  *deadline = *deadline < 0 ? cancel_deadline : MIN (*deadline, cancel_deadline);
}

/* Past the deadline: the connection is dropped. */
static void
give_up (PGconn    *conn,
         gboolean   cancel_sent,
         GError   **error)
{
  drop_connection (conn);
  if (cancel_sent)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The query was cancelled"));
  else
    /* Not a timeout of the query's: the server stopped answering. */
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_CONNECTION,
                 /* Translators: %u is a number of seconds */
                 _("The server did not answer within %u s (the statement timeout and a margin); "
                   "the connection was closed. Check that the server is running and reachable"),
                 (pulse_db_get_statement_timeout (conn) + PULSE_DB_DEADLINE_MARGIN_MS) / 1000);
}

/* A cancel request the server takes late would stop whatever runs next
 * on the connection: once the reply is in, the cancel must have landed
 * before the connection is used again, or the connection is dropped. */
static gboolean
cancel_landed (PGconn        *conn,
               PendingCancel *cancel,
               gint64         deadline,
               GError       **error)
{
  gint64 remaining = deadline - g_get_monotonic_time ();

  if (!cancel->sent || cancel->done == NULL ||
      (remaining > 0 && g_async_queue_timeout_pop (cancel->done, remaining) != NULL))
    return TRUE;
  give_up (conn, TRUE, error);
  return FALSE;
}

/* Consumes input until the whole reply is in, cancelling on the server
 * as soon as @cancellable fires; past the deadline (or a short while
 * after a cancel the server ignores) the connection is dropped. */
static gboolean
wait_for_reply (PGconn        *conn,
                GCancellable  *cancellable,
                PendingCancel *cancel,
                GError       **error)
{
  gint64 deadline = reply_deadline (conn);

  for (;;)
    {
      g_autoptr(GError) wait_error = NULL;

      if (!PQconsumeInput (conn))
        {
          g_autofree char *detail = first_line (PQerrorMessage (conn));
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_CONNECTION,
                       _("The connection to the server was lost (%s)"), detail);
          return FALSE;
        }
      if (!PQisBusy (conn))
        return cancel_landed (conn, cancel, deadline, error);

      if (wait_for_socket (conn, FALSE, cancel->sent ? NULL : cancellable, deadline, &wait_error))
        continue;
      if (g_error_matches (wait_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          begin_cancel (conn, cancel, &deadline);
          continue;
        }
      give_up (conn, cancel->sent, error);
      return FALSE;
    }
}

static void
set_send_error (GError **error,
                PGconn  *conn)
{
  g_autofree char *detail = first_line (PQerrorMessage (conn));

  g_set_error (error, PULSE_ERROR,
               PQstatus (conn) == CONNECTION_BAD ? PULSE_ERROR_CONNECTION : PULSE_ERROR_QUERY,
               /* Translators: %s is libpq's own explanation */
               _("Could not send the query (%s)"), detail);
}

/* The last of the results still pending on @conn. */
static PGresult *
drain_results (PGconn *conn)
{
  PGresult *last = NULL;
  PGresult *result;

  while ((result = PQgetResult (conn)) != NULL)
    {
      g_clear_pointer (&last, PQclear);
      last = result;
    }
  return last;
}

static PulseDbStatementFunc statement_observer;
static gpointer statement_observer_data;

/**
 * pulse_db_set_statement_observer:
 * @func: (nullable): called, on the thread that sends it, with every
 *   statement pulse_db_exec() and pulse_db_copy_out() send; %NULL: none
 *
 * For tests, to see which statements reach the server (say, that a
 * change of range answered from memory sent none over the events). Set
 * it before any thread sends statements; @func must be thread-safe.
 */
void
pulse_db_set_statement_observer (PulseDbStatementFunc func,
                                 gpointer             user_data)
{
  statement_observer_data = user_data;
  statement_observer = func;
}

static void
observe (PGconn     *conn,
         const char *sql)
{
  if (statement_observer != NULL)
    statement_observer (conn, sql, statement_observer_data);
}

/**
 * pulse_db_exec:
 * @params: (nullable): @n_params text-format values, bound as $1…$n;
 *   with none, @sql may hold several statements (a schema or migration
 *   script), sent with the simple query protocol
 *
 * Runs @sql, waiting on the socket and @cancellable so a cancel reaches
 * the server. Returns the last statement's result (tuples or a completed
 * command), or %NULL with @error set.
 */
PGresult *
pulse_db_exec (PGconn             *conn,
               const char         *sql,
               int                 n_params,
               const char * const *params,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(PGresult) last = NULL;
  g_auto(PendingCancel) cancel = { 0 };

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  observe (conn, sql);
  if (!(n_params > 0 ? PQsendQueryParams (conn, sql, n_params, NULL, params, NULL, NULL, 0)
                     : PQsendQuery (conn, sql)))
    {
      set_send_error (error, conn);
      return NULL;
    }

  if (!wait_for_reply (conn, cancellable, &cancel, error))
    return NULL;

  last = drain_results (conn);

  if (cancel.sent || g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The query was cancelled"));
      return NULL;
    }

  if (last == NULL)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_QUERY, _("The server returned no result"));
      return NULL;
    }

  switch (PQresultStatus (last))
    {
    case PGRES_TUPLES_OK:
    case PGRES_COMMAND_OK:
      return g_steal_pointer (&last);
    default:
      set_error_from_result (error, last, conn);
      return NULL;
    }
}

/* pulse_db_exec() for a command whose result is not needed. */
gboolean
pulse_db_exec_command (PGconn             *conn,
                       const char         *sql,
                       int                 n_params,
                       const char * const *params,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(PGresult) result = pulse_db_exec (conn, sql, n_params, params, cancellable, error);

  return result != NULL;
}

/* Hands the rows of a running COPY to @func until the server is done;
 * FALSE with @error set when waiting failed (the connection is dropped). */
static gboolean
receive_copy_rows (PGconn           *conn,
                   PulseDbCopyFunc   func,
                   gpointer          user_data,
                   GCancellable     *cancellable,
                   PendingCancel    *cancel,
                   GError          **func_error,
                   GError          **error)
{
  gint64 deadline = reply_deadline (conn);

  for (;;)
    {
      g_autoptr(GError) wait_error = NULL;
      char *row = NULL;
      int n = PQgetCopyData (conn, &row, 1);

      if (n > 0)
        {
          /* A cancel stops the query on the server; after a row @func
           * refused, the rest is drained unread (a cancel sent then
           * could reach the server after the COPY and stop the next
           * statement). */
          if (*func_error == NULL && !cancel->sent && g_cancellable_is_cancelled (cancellable))
            begin_cancel (conn, cancel, &deadline);
          if (*func_error == NULL && !cancel->sent)
            func (row, n, user_data, func_error);
          PQfreemem (row);
          continue;
        }
      if (n < 0)
        return cancel_landed (conn, cancel, deadline, error);
      if (wait_for_socket (conn, FALSE, cancel->sent ? NULL : cancellable, deadline, &wait_error))
        {
          if (!PQconsumeInput (conn))
            return TRUE;  /* the lost connection is in the result */
          continue;
        }
      if (g_error_matches (wait_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          begin_cancel (conn, cancel, &deadline);
          continue;
        }
      give_up (conn, cancel->sent, error);
      return FALSE;
    }
}

/**
 * pulse_db_copy_out:
 * @sql: a COPY … TO STDOUT; COPY takes no parameters, so its values are
 *   bound beforehand with set_config() and read with current_setting()
 * @func: called with each row's bytes; once it returns FALSE (with its error
 *   set) it gets no more rows, and that error is the result
 *
 * Streams the rows of @sql to @func as they arrive, without holding the
 * whole result; a cancel reaches the server.
 */
gboolean
pulse_db_copy_out (PGconn           *conn,
                   const char       *sql,
                   PulseDbCopyFunc   func,
                   gpointer          user_data,
                   GCancellable     *cancellable,
                   GError          **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) func_error = NULL;
  g_auto(PendingCancel) cancel = { 0 };

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  observe (conn, sql);
  if (!PQsendQuery (conn, sql))
    {
      set_send_error (error, conn);
      return FALSE;
    }
  if (!wait_for_reply (conn, cancellable, &cancel, error))
    return FALSE;

  result = PQgetResult (conn);
  if (result != NULL && PQresultStatus (result) == PGRES_COPY_OUT)
    {
      g_clear_pointer (&result, PQclear);
      if (!receive_copy_rows (conn, func, user_data, cancellable, &cancel, &func_error, error))
        return FALSE;
      /* How the COPY ended. */
      result = drain_results (conn);
    }
  else
    /* It failed before it began: that first result says why. */
    PQclear (drain_results (conn));

  if (func_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&func_error));
      return FALSE;
    }
  if (cancel.sent || g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The query was cancelled"));
      return FALSE;
    }
  if (result == NULL)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_QUERY, _("The server returned no result"));
      return FALSE;
    }
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    return set_error_from_result (error, result, conn);
  return TRUE;
}

/* Runs a multi-statement script (schema files); only on admin sessions. */
gboolean
pulse_db_exec_script (PGconn      *conn,
                      const char  *sql,
                      GError     **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);

  return pulse_db_exec_command (conn, sql, 0, NULL, NULL, error);
}

static GHashTable *
list_tables (PGconn        *conn,
             gboolean       readable_only,
             GCancellable  *cancellable,
             GError       **error)
{
  const char *params[] = { readable_only ? "t" : "f" };
  g_autoptr(PGresult) result = NULL;
  GHashTable *tables;

  result = pulse_db_exec (conn,
                          "SELECT c.relname FROM pg_catalog.pg_class c "
                          "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                          "AND n.nspname = ANY (pg_catalog.current_schemas (false)) "
                          "AND (NOT $1::boolean OR pg_catalog.has_table_privilege (c.oid, 'SELECT'))",
                          1, params, cancellable, error);
  if (result == NULL)
    return NULL;

  tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_add (tables, g_strdup (PQgetvalue (result, i, 0)));
  return tables;
}

/* Tables and views visible on the search path that the session's role may
 * read, for choosing metric variants: a tracking table not (yet) granted
 * to the dashboard leaves its metric on the estimate or proxy instead of
 * failing with "permission denied". */
GHashTable *
pulse_db_list_tables (PGconn        *conn,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return list_tables (conn, TRUE, cancellable, error);
}

/* Every table and view visible on the search path, readable or not: what
 * the database has. */
GHashTable *
pulse_db_list_all_tables (PGconn        *conn,
                          GCancellable  *cancellable,
                          GError       **error)
{
  return list_tables (conn, FALSE, cancellable, error);
}
