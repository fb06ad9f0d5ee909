/* pulse-migration-runner.c: applies schema migrations, safely
 *
 * Running DDL on the platform's production database is the riskiest
 * thing Pulse does, so the runner is deliberately boring:
 *
 *  - a session-level advisory lock with a fixed key, taken with
 *    pg_try_advisory_lock: a second runner is told a migration is
 *    running instead of waiting or running twice; the history is read
 *    only after the lock is held;
 *  - every applied migration's checksum is compared with its file before
 *    anything runs; a changed file stops the runner, naming it;
 *  - one migration = one transaction holding its DDL and its history
 *    row, so a failure leaves the database as it was before it;
 *  - except index builds marked no-transaction (CREATE INDEX
 *    CONCURRENTLY cannot run in a transaction): they run one by one, an
 *    index an interrupted build left INVALID is dropped and built again
 *    by the next run, and the history row is written only once every
 *    index is valid;
 *  - the dashboard's role is granted SELECT on the new tables (and
 *    SELECT, INSERT, UPDATE, DELETE on those it writes) as a step
 *    of its own, in a transaction, after the migrations;
 *  - every statement runs under lock_timeout and statement_timeout (set
 *    for the whole session), so nothing, not even the history read,
 *    queues behind a long transaction (making the platform's own queries
 *    queue behind it) or waits forever while holding the lock.
 *
 * The connection may carry other credentials than the dashboard's
 * read-only role; they go to libpq as keywords, never into a string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <string.h>

#include "pulse-db.h"
#include "pulse-error.h"
#include "pulse-migration-runner-private.h"

struct _PulseMigrationRunner
{
  GObject                     parent_instance;

  char                       *conninfo;
  char                       *user;
  char                       *password;
  char                       *grant_role;
  char                       *read_role;
  /* The read grant the last plan needs, or NULL. */
  char                       *read_grant_sql;
  char                       *role;
  GPtrArray                  *migrations;
  guint                       lock_timeout_ms;
  guint                       statement_timeout_ms;

  PulseMigrationProgressFunc  progress_func;
  gpointer                    progress_data;
  GDestroyNotify              progress_destroy;

  PGconn                     *conn;
};

G_DEFINE_FINAL_TYPE (PulseMigrationRunner, pulse_migration_runner, G_TYPE_OBJECT)

typedef struct
{
  guint  version;
  char  *name;
  char  *checksum;
  char  *algorithm;
  char  *applied_at;
} HistoryRow;

static void
history_row_free (gpointer data)
{
  HistoryRow *row = data;

  g_free (row->name);
  g_free (row->checksum);
  g_free (row->algorithm);
  g_free (row->applied_at);
  g_free (row);
}

static void
secure_free (char **password)
{
  if (*password != NULL)
    {
      memset (*password, 0, strlen (*password));
      g_clear_pointer (password, g_free);
    }
}

static void
pulse_migration_runner_finalize (GObject *object)
{
  PulseMigrationRunner *self = (PulseMigrationRunner *)object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->user, g_free);
  secure_free (&self->password);
  g_clear_pointer (&self->grant_role, g_free);
  g_clear_pointer (&self->read_role, g_free);
  g_clear_pointer (&self->read_grant_sql, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->migrations, g_ptr_array_unref);

  G_OBJECT_CLASS (pulse_migration_runner_parent_class)->finalize (object);
}

static void
pulse_migration_runner_class_init (PulseMigrationRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_migration_runner_finalize;
}

static void
pulse_migration_runner_init (PulseMigrationRunner *self)
{
  self->lock_timeout_ms = PULSE_MIGRATION_DEFAULT_LOCK_TIMEOUT_MS;
  self->statement_timeout_ms = PULSE_MIGRATION_DEFAULT_STATEMENT_TIMEOUT_MS;
}

/**
 * pulse_migration_runner_new:
 * @migrations: (nullable): the migrations in order; %NULL for the ones
 *   compiled into Pulse. Tests pass their own.
 */
PulseMigrationRunner *
pulse_migration_runner_new (const char *conninfo,
                            GPtrArray  *migrations)
{
  PulseMigrationRunner *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (PULSE_TYPE_MIGRATION_RUNNER, NULL);
  self->conninfo = g_strdup (conninfo);
  if (migrations != NULL)
    self->migrations = g_ptr_array_ref (migrations);
  return self;
}

/* Returns: (transfer none) (nullable): the migrations, or %NULL when the
 * bundled ones could not be loaded (never happens in a built Pulse). */
static GPtrArray *
get_migrations (PulseMigrationRunner *self)
{
  if (self->migrations == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->migrations = pulse_migration_load_bundled (&error);
      if (self->migrations == NULL)
        g_critical ("Bundled migrations: %s", error->message);
    }
  return self->migrations;
}

static void
disconnect (PulseMigrationRunner *self)
{
  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->role, g_free);
}

/**
 * pulse_migration_runner_set_credentials:
 * @user: (nullable): role to connect as instead of the connection's own
 * @password: (nullable): its password; kept in memory for this runner only
 */
void
pulse_migration_runner_set_credentials (PulseMigrationRunner *self,
                                        const char           *user,
                                        const char           *password)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));

  g_clear_pointer (&self->user, g_free);
  secure_free (&self->password);
  self->user = user && *user ? g_strdup (user) : NULL;
  self->password = password && *password ? g_strdup (password) : NULL;
  /* New credentials need a new session. */
  disconnect (self);
}

/* The timeouts are the session's: they apply from the next connection. */
void
pulse_migration_runner_set_lock_timeout (PulseMigrationRunner *self,
                                         guint                 timeout_ms)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));
  g_return_if_fail (timeout_ms > 0);
  self->lock_timeout_ms = timeout_ms;
  disconnect (self);
}

void
pulse_migration_runner_set_statement_timeout (PulseMigrationRunner *self,
                                              guint                 timeout_ms)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));
  g_return_if_fail (timeout_ms > 0);
  self->statement_timeout_ms = timeout_ms;
  disconnect (self);
}

/**
 * pulse_migration_runner_set_grant_role:
 * @role: (nullable): the backend's role, granted EXECUTE on the tracking
 *   functions after applying
 */
void
pulse_migration_runner_set_grant_role (PulseMigrationRunner *self,
                                       const char           *role)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));
  g_clear_pointer (&self->grant_role, g_free);
  self->grant_role = role && *role ? g_strdup (role) : NULL;
}

/**
 * pulse_migration_runner_set_read_role:
 * @role: (nullable): the dashboard's role, granted SELECT on the tables
 *   the migrations create (unless it is the role that creates them)
 */
void
pulse_migration_runner_set_read_role (PulseMigrationRunner *self,
                                      const char           *role)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));
  g_clear_pointer (&self->read_role, g_free);
  self->read_role = role && *role ? g_strdup (role) : NULL;
}

/**
 * pulse_migration_runner_get_read_grant:
 *
 * Returns: (nullable): the GRANT that gives the read role access to the
 *   new tables, as planned by the last list, dry run or apply; %NULL when
 *   none is needed
 */
const char *
pulse_migration_runner_get_read_grant (PulseMigrationRunner *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION_RUNNER (self), NULL);
  return self->read_grant_sql;
}

void
pulse_migration_runner_set_progress_func (PulseMigrationRunner       *self,
                                          PulseMigrationProgressFunc  func,
                                          gpointer                    user_data,
                                          GDestroyNotify              destroy)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/* Returns: (nullable): the role the runner is connected as */
const char *
pulse_migration_runner_get_role (PulseMigrationRunner *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION_RUNNER (self), NULL);
  return self->role;
}

static void
report (PulseMigrationRunner *self,
        PulseMigration       *migration,
        PulseMigrationStep    step,
        guint                 execution_ms)
{
  if (self->progress_func != NULL)
    self->progress_func (migration, step, execution_ms, self->progress_data);
}

static PGconn *
connect_with_credentials (PulseMigrationRunner  *self,
                          GCancellable          *cancellable,
                          GError               **error)
{
  PulseSessionOptions options;

  pulse_session_options_init_admin (&options);
  options.statement_timeout_ms = self->statement_timeout_ms;
  options.user = self->user;
  options.password = self->password;
  return pulse_db_connect (self->conninfo, &options, cancellable, error);
}

/**
 * pulse_migration_runner_connect:
 *
 * Blocking. Connects (again, if the session was lost) with the runner's
 * credentials, sets the session's lock_timeout and learns the role's name.
 */
gboolean
pulse_migration_runner_connect (PulseMigrationRunner  *self,
                                GCancellable          *cancellable,
                                GError               **error)
{
  g_autofree char *lock_timeout = NULL;
  const char *params[1];
  g_autoptr(PGresult) who = NULL;

  g_return_val_if_fail (PULSE_IS_MIGRATION_RUNNER (self), FALSE);

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  disconnect (self);

  self->conn = connect_with_credentials (self, cancellable, error);
  if (self->conn == NULL)
    return FALSE;

  lock_timeout = g_strdup_printf ("%ums", self->lock_timeout_ms);
  params[0] = lock_timeout;
  who = pulse_db_exec (self->conn, "SELECT current_user::text, set_config('lock_timeout', $1, false)",
                       1, params, cancellable, error);
  if (who == NULL)
    {
      disconnect (self);
      return FALSE;
    }
  self->role = g_strdup (PQgetvalue (who, 0, 0));
  return TRUE;
}

/* History */

static GPtrArray *
read_history (PulseMigrationRunner  *self,
              gboolean              *exists,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autoptr(PGresult) found = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (history_row_free);
  g_autoptr(GError) local_error = NULL;

  found = pulse_db_exec (self->conn, "SELECT to_regclass('pulse.schema_migrations') IS NOT NULL",
                   0, NULL, cancellable, error);
  if (found == NULL)
    return NULL;
  *exists = g_str_equal (PQgetvalue (found, 0, 0), "t");
  if (!*exists)
    return g_steal_pointer (&history);

  rows = pulse_db_exec (self->conn,
                  "SELECT version, name, checksum, checksum_algorithm, "
                  "       to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"') "
                  "  FROM pulse.schema_migrations ORDER BY version",
                  0, NULL, cancellable, &local_error);
  if (rows == NULL)
    {
      if (g_error_matches (local_error, PULSE_ERROR, PULSE_ERROR_PERMISSION))
        g_set_error (error, PULSE_ERROR, PULSE_ERROR_PERMISSION,
                     _("The role “%s” may not read Pulse's migration history (%s); "
                       "use a role that can change the schema"),
                     self->role, local_error->message);
      else if (g_error_matches (local_error, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT))
        g_set_error (error, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT,
                     _("Another session holds a lock on Pulse's migration history "
                       "(pulse.schema_migrations); gave up after %.1f s and changed nothing. "
                       "Try again when that session has ended"),
                     self->lock_timeout_ms / 1000.0);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (int i = 0; i < PQntuples (rows); i++)
    {
      HistoryRow *row = g_new0 (HistoryRow, 1);

      row->version = (guint)g_ascii_strtoull (PQgetvalue (rows, i, 0), NULL, 10);
      row->name = g_strdup (PQgetvalue (rows, i, 1));
      row->checksum = g_strdup (PQgetvalue (rows, i, 2));
      row->algorithm = g_strdup (PQgetvalue (rows, i, 3));
      row->applied_at = g_strdup (PQgetvalue (rows, i, 4));
      g_ptr_array_add (history, row);
    }
  return g_steal_pointer (&history);
}

/* Compares every applied migration with its file; returns the pending ones. */
static GPtrArray *
plan (PulseMigrationRunner  *self,
      GPtrArray             *history,
      GError               **error)
{
  GPtrArray *migrations = get_migrations (self);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_object_unref);

  if (migrations == NULL)
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_FAILED,
                           _("Pulse's own migration files are missing"));
      return NULL;
    }

  for (guint i = 0; i < migrations->len; i++)
    {
      PulseMigration *migration = g_ptr_array_index (migrations, i);
      HistoryRow *applied = NULL;

      for (guint j = 0; j < history->len && applied == NULL; j++)
        if (((HistoryRow *)g_ptr_array_index (history, j))->version == pulse_migration_get_version (migration))
          applied = g_ptr_array_index (history, j);

      if (applied == NULL)
        {
          g_ptr_array_add (pending, g_object_ref (migration));
          continue;
        }
      if (!g_str_equal (applied->algorithm, PULSE_MIGRATION_CHECKSUM_ALGORITHM))
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_MIGRATION_CHANGED,
                       _("The migration %s was recorded with the checksum algorithm “%s”, "
                         "which this version of Pulse cannot check; nothing was run"),
                       pulse_migration_get_file_name (migration), applied->algorithm);
          return NULL;
        }
      if (!g_str_equal (applied->checksum, pulse_migration_get_checksum (migration)))
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_MIGRATION_CHANGED,
                       _("The migration file %s was changed after it was applied (on %s); "
                         "restore its original text. Nothing was run"),
                       pulse_migration_get_file_name (migration), applied->applied_at);
          return NULL;
        }
    }
  return g_steal_pointer (&pending);
}

/* Can this role create what the pending migrations create? Asked before
 * anything runs, to explain it plainly instead of failing halfway. */
static gboolean
check_privileges (PulseMigrationRunner  *self,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(PGresult) result = NULL;

  result = pulse_db_exec (self->conn,
                    "SELECT pg_is_in_recovery(), "
                    "       has_schema_privilege('public', 'CREATE'), "
                    "       CASE WHEN to_regnamespace('pulse') IS NULL "
                    "            THEN has_database_privilege(current_database(), 'CREATE') "
                    "            ELSE has_schema_privilege('pulse', 'CREATE') END, "
                    "       to_regclass('public.persons') IS NOT NULL "
                    "       AND to_regclass('public.profiles') IS NOT NULL "
                    "       AND to_regclass('public.collections') IS NOT NULL",
                    0, NULL, cancellable, error);
  if (result == NULL)
    return FALSE;

  if (g_str_equal (PQgetvalue (result, 0, 0), "t"))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_PERMISSION,
                           _("This server is a read-only replica; run the migrations on the primary server"));
      return FALSE;
    }
  if (!g_str_equal (PQgetvalue (result, 0, 3), "t"))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
                           _("This database has no persons, profiles or collections table; "
                             "is it the platform's database?"));
      return FALSE;
    }
  if (!g_str_equal (PQgetvalue (result, 0, 1), "t") || !g_str_equal (PQgetvalue (result, 0, 2), "t"))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_PERMISSION,
                   _("The role “%s” cannot create tables and functions here (it needs CREATE on "
                     "the schema “public” and on the database). The dashboard's role is usually "
                     "read-only: use the credentials of a role that owns the platform's schema"),
                   self->role);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_plan (PulseMigrationRunner  *self,
           GPtrArray            **pending,
           gboolean              *history_exists,
           GCancellable          *cancellable,
           GError               **error)
{
  g_autoptr(GPtrArray) history = read_history (self, history_exists, cancellable, error);

  if (history == NULL)
    return FALSE;
  *pending = plan (self, history, error);
  return *pending != NULL;
}

/* @name as an SQL identifier, quoted by the server's rules. */
static char *
quote_identifier (PulseMigrationRunner  *self,
                  const char            *name,
                  GError               **error)
{
  char *quoted = PQescapeIdentifier (self->conn, name, strlen (name));
  char *copy;

  if (quoted == NULL)
    {
      pulse_db_set_error_from_conn (error, self->conn);
      return NULL;
    }
  copy = g_strdup (quoted);
  PQfreemem (quoted);
  return copy;
}

/* "schema"."table", each part quoted. */
static char *
quote_qualified (PulseMigrationRunner  *self,
                 const char            *qualified,
                 GError               **error)
{
  g_auto(GStrv) parts = g_strsplit (qualified, ".", 2);
  g_autofree char *schema = quote_identifier (self, parts[0], error);
  g_autofree char *table = schema != NULL ? quote_identifier (self, parts[1], error) : NULL;

  return table != NULL ? g_strconcat (schema, ".", table, NULL) : NULL;
}

/* "public.sessions, public.collection_shares, …": every table the
 * migrations create that the dashboard only reads (@written FALSE) or
 * also writes (@written TRUE, the annotations), quoted. */
static char *
created_table_list (PulseMigrationRunner  *self,
                    gboolean               written,
                    GError               **error)
{
  GPtrArray *migrations = get_migrations (self);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; migrations != NULL && i < migrations->len; i++)
    {
      PulseMigration *migration = g_ptr_array_index (migrations, i);

      if (pulse_migration_get_dashboard_writes (migration) != written)
        continue;
      for (const char * const *table = pulse_migration_get_qualified_tables (migration); *table != NULL; table++)
        {
          g_autofree char *quoted = quote_qualified (self, *table, error);

          if (quoted == NULL)
            return NULL;
          g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", quoted);
        }
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* Whether @role lacks a privilege the grant gives on one of @read (SELECT)
 * or @written (SELECT, INSERT, UPDATE, DELETE and USAGE on the schema). */
static gboolean
read_grant_missing (PulseMigrationRunner  *self,
                    const char            *role,
                    const char            *read,
                    const char            *written,
                    gboolean              *missing,
                    GCancellable          *cancellable,
                    GError               **error)
{
  const char *params[] = { role, read, written };
  g_autoptr(PGresult) result = NULL;

  result = pulse_db_exec (self->conn,
                          "SELECT coalesce((SELECT bool_or(to_regclass(t) IS NULL OR NOT has_table_privilege($1, t, 'SELECT')) "
                          "                   FROM unnest(string_to_array(nullif($2, ''), ', ')) AS t), false) "
                          "    OR coalesce((SELECT bool_or(to_regclass(t) IS NULL "
                          "                                OR NOT has_schema_privilege($1, (SELECT relnamespace FROM pg_catalog.pg_class "
                          "                                                                 WHERE oid = to_regclass(t)), 'USAGE') "
                          "                                OR NOT (has_table_privilege($1, t, 'SELECT') AND has_table_privilege($1, t, 'INSERT') "
                          "                                        AND has_table_privilege($1, t, 'UPDATE') AND has_table_privilege($1, t, 'DELETE'))) "
                          "                   FROM unnest(string_to_array(nullif($3, ''), ', ')) AS t), false)",
                          3, params, cancellable, error);
  if (result == NULL)
    return FALSE;
  *missing = g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

/* The GRANTs for @read and @written: USAGE on the schemas of the written
 * tables, which are outside public. */
static char *
build_read_grant (const char *role,
                  const char *read,
                  const char *written)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_auto(GStrv) read_names = g_strsplit (read, ", ", -1);
  g_auto(GStrv) written_names = g_strsplit (written, ", ", -1);
  g_autoptr(GPtrArray) schemas = g_ptr_array_new_with_free_func (g_free);

  if (*read != '\0')
    {
      g_autofree char *lines = g_strjoinv (",\n    ", read_names);
      g_string_append_printf (sql, "GRANT SELECT ON\n    %s\n    TO %s;\n", lines, role);
    }
  if (*written == '\0')
    return g_string_free (g_steal_pointer (&sql), FALSE);

  for (guint i = 0; written_names[i] != NULL; i++)
    {
      g_autofree char *schema = g_strndup (written_names[i], strcspn (written_names[i], "."));

      if (!g_ptr_array_find_with_equal_func (schemas, schema, g_str_equal, NULL))
        g_ptr_array_add (schemas, g_steal_pointer (&schema));
    }
  g_ptr_array_add (schemas, NULL);
  {
    g_autofree char *schema_list = g_strjoinv (", ", (char **)schemas->pdata);
    g_autofree char *lines = g_strjoinv (",\n    ", written_names);

    g_string_append_printf (sql, "GRANT USAGE ON SCHEMA %s TO %s;\n"
                            "GRANT SELECT, INSERT, UPDATE, DELETE ON\n    %s\n    TO %s;\n",
                            schema_list, role, lines, role);
  }
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Plans the read grant: needed when the read role is another than ours
 * and lacks SELECT on a table the migrations create (or will), or, for the
 * tables the dashboard writes, what adding rows takes. An unknown role is
 * an error before anything runs. */
static gboolean
plan_read_grant (PulseMigrationRunner  *self,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autofree char *read = NULL;
  g_autofree char *written = NULL;
  g_autofree char *role = NULL;
  g_autoptr(PGresult) found = NULL;
  gboolean missing = FALSE;
  const char *params[1];

  g_clear_pointer (&self->read_grant_sql, g_free);
  /* The role that creates the tables owns them. */
  if (self->read_role == NULL || g_str_equal (self->read_role, self->role))
    return TRUE;

  params[0] = self->read_role;
  found = pulse_db_exec (self->conn, "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1)",
                         1, params, cancellable, error);
  if (found == NULL)
    return FALSE;
  if (!g_str_equal (PQgetvalue (found, 0, 0), "t"))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("There is no role “%s” on this server to give read access to the new tables; "
                     "nothing was run. Check the user name of the dashboard's connection"),
                   self->read_role);
      return FALSE;
    }

  if (!(read = created_table_list (self, FALSE, error)) || !(written = created_table_list (self, TRUE, error)) ||
      !(role = quote_identifier (self, self->read_role, error)))
    return FALSE;
  if (*read == '\0' && *written == '\0')
    return TRUE;
  if (!read_grant_missing (self, self->read_role, read, written, &missing, cancellable, error))
    return FALSE;
  if (missing)
    self->read_grant_sql = build_read_grant (role, read, written);
  return TRUE;
}

/**
 * pulse_migration_runner_list_pending:
 *
 * Blocking. Connects, checks the applied migrations against their files
 * and, when some are pending, that the role may apply them.
 *
 * Returns: (transfer container): the pending migrations, in order
 */
GPtrArray *
pulse_migration_runner_list_pending (PulseMigrationRunner  *self,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  gboolean exists;

  g_return_val_if_fail (PULSE_IS_MIGRATION_RUNNER (self), NULL);

  if (!pulse_migration_runner_connect (self, cancellable, error) ||
      !read_plan (self, &pending, &exists, cancellable, error))
    return NULL;
  if ((pending->len > 0 && !check_privileges (self, cancellable, error)) ||
      !plan_read_grant (self, cancellable, error))
    return NULL;
  return g_steal_pointer (&pending);
}

static const char bootstrap_sql[] =
  "CREATE SCHEMA IF NOT EXISTS pulse;\n"
  "CREATE TABLE IF NOT EXISTS pulse.schema_migrations (\n"
  "    version            integer PRIMARY KEY,\n"
  "    name               text NOT NULL,\n"
  "    checksum           text NOT NULL,\n"
  "    checksum_algorithm text NOT NULL,\n"
  "    applied_at         timestamptz NOT NULL DEFAULT now(),\n"
  "    applied_by         text NOT NULL DEFAULT current_user,\n"
  "    execution_ms       integer NOT NULL\n"
  ");\n";

static const char history_insert_sql[] =
  "INSERT INTO pulse.schema_migrations (version, name, checksum, checksum_algorithm, execution_ms) "
  "VALUES ($1::integer, $2, $3, $4, $5::integer)";

/**
 * pulse_migration_runner_dry_run:
 *
 * Blocking. Changes nothing and takes no lock.
 *
 * Returns: the exact SQL that applying would send, in order
 */
char *
pulse_migration_runner_dry_run (PulseMigrationRunner  *self,
                                GCancellable          *cancellable,
                                GError               **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean history_exists;

  g_return_val_if_fail (PULSE_IS_MIGRATION_RUNNER (self), NULL);

  if (!pulse_migration_runner_connect (self, cancellable, error) ||
      !read_plan (self, &pending, &history_exists, cancellable, error) ||
      !plan_read_grant (self, cancellable, error))
    return NULL;

  if (pending->len == 0 && self->read_grant_sql == NULL)
    {
      g_string_append_printf (out, "-- %s\n", _("Nothing to do: every migration is applied."));
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  g_string_append_printf (out, "-- Dry run as role %s: nothing has been changed.\n"
                          "-- Each block from BEGIN to COMMIT runs in its own transaction; all of them "
                          "hold the session's lock pg_try_advisory_lock(%s).\n\n"
                          "SET lock_timeout = '%ums';\nSET statement_timeout = '%ums';\n\n",
                          self->role, PULSE_MIGRATION_LOCK_KEY,
                          self->lock_timeout_ms, self->statement_timeout_ms);
  if (!history_exists && pending->len > 0)
    g_string_append_printf (out, "BEGIN;\n%sCOMMIT;\n\n", bootstrap_sql);

  for (guint i = 0; i < pending->len; i++)
    {
      PulseMigration *m = g_ptr_array_index (pending, i);
      g_autofree char *name = NULL;

      gboolean transactional = pulse_migration_get_transactional (m);

      if (transactional)
        g_string_append_printf (out, "-- %s\nBEGIN;\n", pulse_migration_get_file_name (m));
      else
        g_string_append_printf (out, "-- %s, without a transaction: statement by statement. An index that "
                                "an interrupted run left INVALID is first dropped (DROP INDEX CONCURRENTLY) "
                                "and built again; a table that does not exist is skipped. The history row "
                                "is written once every index is valid.\nSET lock_timeout = '%ums';\n",
                                pulse_migration_get_file_name (m), self->statement_timeout_ms);
      g_string_append (out, pulse_migration_get_sql (m));
      if (!g_str_has_suffix (pulse_migration_get_sql (m), "\n"))
        g_string_append_c (out, '\n');
      /* Display only: the real insert binds these as parameters. */
      name = g_strescape (pulse_migration_get_name (m), NULL);
      g_string_append_printf (out,
                              "INSERT INTO pulse.schema_migrations (version, name, checksum, "
                              "checksum_algorithm, execution_ms)\n"
                              "    VALUES (%u, '%s', '%s', '%s', <elapsed ms>);\n",
                              pulse_migration_get_version (m), name,
                              pulse_migration_get_checksum (m), PULSE_MIGRATION_CHECKSUM_ALGORITHM);
      if (transactional)
        g_string_append (out, "COMMIT;\n\n");
      else
        g_string_append_printf (out, "SET lock_timeout = '%ums';\n\n", self->lock_timeout_ms);
    }
  if (self->grant_role != NULL)
    g_string_append (out, "SELECT pulse.grant_tracking($1);  -- $1: the backend's role\n\n");
  if (self->read_grant_sql != NULL)
    g_string_append_printf (out, "-- Read access for the dashboard's role\nBEGIN;\n%sCOMMIT;\n",
                            self->read_grant_sql);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
take_lock (PulseMigrationRunner  *self,
           GCancellable          *cancellable,
           GError               **error)
{
  const char *params[] = { PULSE_MIGRATION_LOCK_KEY };
  g_autoptr(PGresult) result = pulse_db_exec (self->conn, "SELECT pg_try_advisory_lock($1::bigint)",
                                        1, params, cancellable, error);

  if (result == NULL)
    return FALSE;
  if (!g_str_equal (PQgetvalue (result, 0, 0), "t"))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_MIGRATION_LOCKED,
                           _("A migration is already running on this database (another Pulse holds "
                             "the migration lock); try again when it has finished"));
      return FALSE;
    }
  return TRUE;
}

static void
release_lock (PulseMigrationRunner *self)
{
  const char *params[] = { PULSE_MIGRATION_LOCK_KEY };
  g_autoptr(GError) error = NULL;

  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    return;   /* the server released it with the session */
  if (!pulse_db_exec_command (self->conn, "SELECT pg_advisory_unlock($1::bigint)", 1, params, NULL, &error))
    {
      /* Never keep a lock we cannot prove released. */
      g_warning ("Could not release the migration lock (%s); closing the session", error->message);
      disconnect (self);
    }
}

static void
rollback (PulseMigrationRunner *self)
{
  g_autoptr(PGresult) result = NULL;

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    result = PQexec (self->conn, "ROLLBACK");
}

/* Runs @sql in one transaction; on failure, rolls back. */
static gboolean
run_in_transaction (PulseMigrationRunner  *self,
                    const char            *sql,
                    int                    n_params,
                    const char * const    *params,
                    PGresult             **last_result,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_autoptr(PGresult) result = NULL;

  if (!pulse_db_exec_command (self->conn, "BEGIN", 0, NULL, cancellable, error))
    return FALSE;
  if (!(result = pulse_db_exec (self->conn, sql, n_params, params, cancellable, error)))
    {
      rollback (self);
      return FALSE;
    }
  if (last_result != NULL)
    *last_result = g_steal_pointer (&result);
  return TRUE;
}

static gboolean
commit (PulseMigrationRunner  *self,
        GCancellable          *cancellable,
        GError               **error)
{
  /* COMMIT of a failed transaction reports ROLLBACK without an error. */
  g_autoptr(PGresult) result = pulse_db_exec (self->conn, "COMMIT", 0, NULL, cancellable, error);

  if (result == NULL)
    {
      rollback (self);
      return FALSE;
    }
  if (!g_str_equal (PQcmdStatus (result), "COMMIT"))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_QUERY, _("The transaction was rolled back"));
      return FALSE;
    }
  return TRUE;
}

static void
explain_failure (PulseMigrationRunner  *self,
                 PulseMigration        *migration,
                 GError                *cause,
                 GError               **error)
{
  const char *file = pulse_migration_get_file_name (migration);

  if (g_error_matches (cause, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT))
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT,
                 _("Migration %s stopped after waiting %.1f s for a table that another session "
                   "is using (a long transaction?); nothing of it was applied. "
                   "Try again when that transaction has ended"),
                 file, self->lock_timeout_ms / 1000.0);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                 _("Migration %s was cancelled; nothing of it was applied"), file);
  else if (g_error_matches (cause, PULSE_ERROR, PULSE_ERROR_PERMISSION))
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_PERMISSION,
                 _("Migration %s failed: the role “%s” is not allowed to do it (%s); "
                   "nothing of it was applied"),
                 file, self->role, cause->message);
  else
    g_set_error (error, PULSE_ERROR, cause->domain == PULSE_ERROR ? cause->code : PULSE_ERROR_QUERY,
                 _("Migration %s failed (%s); nothing of it was applied"),
                 file, cause->message);
}

/* Index builds */

/* Returns: (nullable): "schema"."name", quoted */
static char *
qualified_name (PulseMigrationRunner  *self,
                const char            *schema,
                const char            *name,
                GError               **error)
{
  g_autofree char *quoted_schema = quote_identifier (self, schema, error);
  g_autofree char *quoted_name = quoted_schema ? quote_identifier (self, name, error) : NULL;

  return quoted_name ? g_strdup_printf ("%s.%s", quoted_schema, quoted_name) : NULL;
}

/* @index's state: "missing", "valid" or "invalid" (pg_index.indisvalid:
 * what CREATE INDEX CONCURRENTLY leaves when it is interrupted). */
static const char *
index_state (PulseMigrationRunner  *self,
             const char            *qualified,
             GCancellable          *cancellable,
             GError               **error)
{
  const char *params[] = { qualified };
  g_autoptr(PGresult) result = pulse_db_exec (self->conn,
                                              "SELECT i.indisvalid FROM pg_catalog.pg_index i "
                                              " WHERE i.indexrelid = to_regclass($1)",
                                              1, params, cancellable, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    return "missing";
  return g_str_equal (PQgetvalue (result, 0, 0), "t") ? "valid" : "invalid";
}

static gboolean
table_exists (PulseMigrationRunner  *self,
              PulseMigrationIndex   *index,
              gboolean              *exists,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autofree char *table = qualified_name (self, index->schema, index->table, error);
  const char *params[] = { table };
  g_autoptr(PGresult) result = NULL;

  if (table == NULL ||
      !(result = pulse_db_exec (self->conn, "SELECT to_regclass($1) IS NOT NULL", 1, params, cancellable, error)))
    return FALSE;
  *exists = g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

/* Builds @index unless it is there and valid; an INVALID one is dropped
 * first. A table the platform does not have is skipped. */
static gboolean
build_index (PulseMigrationRunner  *self,
             PulseMigrationIndex   *index,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autofree char *qualified = qualified_name (self, index->schema, index->name, error);
  const char *state;
  gboolean exists;

  if (qualified == NULL || !table_exists (self, index, &exists, cancellable, error))
    return FALSE;
  if (!exists)
    return TRUE;
  if (!(state = index_state (self, qualified, cancellable, error)))
    return FALSE;
  if (g_str_equal (state, "invalid"))
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX CONCURRENTLY IF EXISTS %s", qualified);

      if (!pulse_db_exec_command (self->conn, drop, 0, NULL, cancellable, error))
        return FALSE;
    }
  if (!pulse_db_exec_command (self->conn, index->sql, 0, NULL, cancellable, error))
    return FALSE;

  /* IF NOT EXISTS keeps an index of that name that another build left. */
  if (!(state = index_state (self, qualified, cancellable, error)))
    return FALSE;
  if (!g_str_equal (state, "valid"))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_QUERY,
                   _("the index %s is not valid after its build"), qualified);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_lock_timeout (PulseMigrationRunner  *self,
                  guint                  timeout_ms,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autofree char *value = g_strdup_printf ("%ums", timeout_ms);
  const char *params[] = { value };
  g_autoptr(PGresult) result = pulse_db_exec (self->conn, "SELECT set_config('lock_timeout', $1, false)",
                                              1, params, cancellable, error);

  return result != NULL;
}

static void
explain_build_failure (PulseMigrationRunner  *self,
                       PulseMigration        *migration,
                       GError                *cause,
                       GError               **error)
{
  const char *file = pulse_migration_get_file_name (migration);

  if (g_error_matches (cause, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT))
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT,
                 _("Migration %s stopped after waiting %.1f s for other sessions' transactions to end "
                   "(a long transaction?). The indexes it finished are kept; run it again to build "
                   "the rest"),
                 file, self->statement_timeout_ms / 1000.0);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                 _("Migration %s was cancelled. The indexes it finished are kept; "
                   "the next run builds the rest"), file);
  else
    g_set_error (error, PULSE_ERROR, cause->domain == PULSE_ERROR ? cause->code : PULSE_ERROR_QUERY,
                 _("Migration %s failed (%s). The indexes it finished are kept; "
                   "the next run builds the rest"),
                 file, cause->message);
}

static gboolean
record_history (PulseMigrationRunner  *self,
                PulseMigration        *migration,
                guint                  elapsed,
                GCancellable          *cancellable,
                GError               **error)
{
  g_autofree char *version = g_strdup_printf ("%u", pulse_migration_get_version (migration));
  g_autofree char *ms = g_strdup_printf ("%u", elapsed);
  const char *params[] = {
    version,
    pulse_migration_get_name (migration),
    pulse_migration_get_checksum (migration),
    PULSE_MIGRATION_CHECKSUM_ALGORITHM,
    ms,
  };

  return pulse_db_exec_command (self->conn, history_insert_sql, G_N_ELEMENTS (params), params, cancellable, error);
}

/* A no-transaction migration: one index at a time, outside any
 * transaction but under the session's migration lock. */
static gboolean
apply_without_transaction (PulseMigrationRunner  *self,
                           PulseMigration        *migration,
                           GCancellable          *cancellable,
                           GError               **error)
{
  GPtrArray *indexes = pulse_migration_get_indexes (migration);
  g_autoptr(GError) cause = NULL;
  gint64 start = g_get_monotonic_time ();
  guint elapsed;

  report (self, migration, PULSE_MIGRATION_STEP_STARTED, 0);
  /* A concurrent build waits for older transactions to end, but neither
   * blocks nor queues the platform's reads and writes: it may wait as
   * long as a statement may run. */
  if (set_lock_timeout (self, self->statement_timeout_ms, cancellable, &cause))
    {
      for (guint i = 0; i < indexes->len && cause == NULL; i++)
        build_index (self, g_ptr_array_index (indexes, i), cancellable, &cause);
      /* Back to the short wait, after a failure too. */
      set_lock_timeout (self, self->lock_timeout_ms, NULL, cause == NULL ? &cause : NULL);
    }

  elapsed = (guint)((g_get_monotonic_time () - start) / 1000);
  if (cause == NULL && record_history (self, migration, elapsed, cancellable, &cause))
    {
      report (self, migration, PULSE_MIGRATION_STEP_APPLIED, elapsed);
      return TRUE;
    }
  report (self, migration, PULSE_MIGRATION_STEP_FAILED, 0);
  explain_build_failure (self, migration, cause, error);
  return FALSE;
}

static gboolean
apply_one (PulseMigrationRunner  *self,
           PulseMigration        *migration,
           GCancellable          *cancellable,
           GError               **error)
{
  g_autoptr(GError) cause = NULL;
  gint64 start = g_get_monotonic_time ();
  guint elapsed;

  if (!pulse_migration_get_transactional (migration))
    return apply_without_transaction (self, migration, cancellable, error);

  report (self, migration, PULSE_MIGRATION_STEP_STARTED, 0);

  if (run_in_transaction (self, pulse_migration_get_sql (migration), 0, NULL, NULL, cancellable, &cause))
    {
      elapsed = (guint)((g_get_monotonic_time () - start) / 1000);
      if (!record_history (self, migration, elapsed, cancellable, &cause))
        rollback (self);
      else if (commit (self, cancellable, &cause))
        {
          report (self, migration, PULSE_MIGRATION_STEP_APPLIED, elapsed);
          return TRUE;
        }
    }

  report (self, migration, PULSE_MIGRATION_STEP_FAILED, 0);
  explain_failure (self, migration, cause, error);
  return FALSE;
}

static gboolean
apply_locked (PulseMigrationRunner  *self,
              guint                 *n_applied,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  gboolean history_exists;

  /* Another runner may have finished between our look and the lock. */
  if (!read_plan (self, &pending, &history_exists, cancellable, error))
    return FALSE;

  /* An unknown read role stops the runner before anything runs. */
  if (!plan_read_grant (self, cancellable, error))
    return FALSE;
  if (pending->len > 0)
    {
      if (!check_privileges (self, cancellable, error))
        return FALSE;
      if (!run_in_transaction (self, bootstrap_sql, 0, NULL, NULL, cancellable, error) ||
          !commit (self, cancellable, error))
        {
          g_prefix_error (error, _("Could not create Pulse's migration history: "));
          return FALSE;
        }
    }

  for (guint i = 0; i < pending->len; i++)
    {
      if (!apply_one (self, g_ptr_array_index (pending, i), cancellable, error))
        return FALSE;
      (*n_applied)++;
    }

  if (self->grant_role != NULL)
    {
      const char *params[] = { self->grant_role };

      if (!run_in_transaction (self, "SELECT pulse.grant_tracking($1)", 1, params, NULL, cancellable, error) ||
          !commit (self, cancellable, error))
        {
          g_prefix_error (error, _("The tables are ready, but the role “%s” could not be given access: "),
                          self->grant_role);
          return FALSE;
        }
    }

  if (self->read_grant_sql != NULL &&
      (!run_in_transaction (self, self->read_grant_sql, 0, NULL, NULL, cancellable, error) ||
       !commit (self, cancellable, error)))
    {
      g_prefix_error (error, _("The tables are ready, but the dashboard's role “%s” could not be given "
                               "read access; nothing of the grant was applied: "),
                      self->read_role);
      return FALSE;
    }
  return TRUE;
}

/**
 * pulse_migration_runner_apply:
 * @n_applied: (out) (optional): how many migrations this call applied
 *
 * Blocking. Applies the pending migrations, in order, each in its own
 * transaction, under the migration lock.
 */
gboolean
pulse_migration_runner_apply (PulseMigrationRunner  *self,
                              guint                 *n_applied,
                              GCancellable          *cancellable,
                              GError               **error)
{
  guint applied = 0;
  gboolean ok;

  g_return_val_if_fail (PULSE_IS_MIGRATION_RUNNER (self), FALSE);

  if (n_applied != NULL)
    *n_applied = 0;
  if (!pulse_migration_runner_connect (self, cancellable, error) ||
      !take_lock (self, cancellable, error))
    return FALSE;

  ok = apply_locked (self, &applied, cancellable, error);
  release_lock (self);

  if (n_applied != NULL)
    *n_applied = applied;
  return ok;
}

/**
 * pulse_migration_runner_backfill:
 * @n_sessions: (out) (optional): sessions written
 *
 * Blocking. Rebuilds the sessions before the backend's first recorded
 * one from activity_events (data/migrations/backfill_sessions.sql).
 */
gboolean
pulse_migration_runner_backfill (PulseMigrationRunner  *self,
                                 guint64               *n_sessions,
                                 GCancellable          *cancellable,
                                 GError               **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(PGresult) has_table = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (PULSE_IS_MIGRATION_RUNNER (self), FALSE);

  if (!(sql = pulse_migration_load_backfill_sql (error)) ||
      !pulse_migration_runner_connect (self, cancellable, error) ||
      !(has_table = pulse_db_exec (self->conn, "SELECT to_regclass('public.sessions') IS NOT NULL",
                             0, NULL, cancellable, error)))
    return FALSE;
  if (!g_str_equal (PQgetvalue (has_table, 0, 0), "t"))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_FAILED,
                           _("There is no sessions table yet; apply the migrations first"));
      return FALSE;
    }

  /* Not during a migration, and never twice at once. */
  if (!take_lock (self, cancellable, error))
    return FALSE;
  ok = run_in_transaction (self, sql, 0, NULL, &result, cancellable, &local_error) &&
       commit (self, cancellable, &local_error);
  release_lock (self);

  if (!ok)
    {
      if (g_error_matches (local_error, PULSE_ERROR, PULSE_ERROR_LOCK_TIMEOUT))
        g_prefix_error (&local_error, _("The backfill waited too long for the sessions table, which "
                                        "another session is using; nothing was changed. Try again later: "));
      else
        g_prefix_error (&local_error, _("The backfill failed; nothing was changed: "));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (n_sessions != NULL)
    *n_sessions = g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
  return TRUE;
}

/* Async: each call is one blocking job on a thread of its own; callers
 * run one at a time. */

typedef struct
{
  GPtrArray *pending;
  guint64    count;
} JobResult;

typedef gboolean (*RunnerJob) (PulseMigrationRunner  *self,
                               JobResult             *result,
                               GCancellable          *cancellable,
                               GError               **error);

static void
job_result_free (gpointer data)
{
  JobResult *result = data;

  g_clear_pointer (&result->pending, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JobResult, job_result_free)

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunnerJob job = (RunnerJob)g_task_get_source_tag (task);
  JobResult *result = g_new0 (JobResult, 1);
  GError *error = NULL;

  if (job (source_object, result, cancellable, &error))
    g_task_return_pointer (task, result, job_result_free);
  else
    {
      job_result_free (result);
      g_task_return_error (task, error);
    }
}

static void
run_in_thread (PulseMigrationRunner *self,
               RunnerJob             job,
               GCancellable         *cancellable,
               GAsyncReadyCallback   callback,
               gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, job);
  g_task_run_in_thread (task, job_thread);
}

/* Returns: (transfer full) (nullable): @job's result */
static JobResult *
finish_job (PulseMigrationRunner  *self,
            RunnerJob              job,
            GAsyncResult          *result,
            GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == job, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
list_pending_job (PulseMigrationRunner  *self,
                  JobResult             *result,
                  GCancellable          *cancellable,
                  GError               **error)
{
  result->pending = pulse_migration_runner_list_pending (self, cancellable, error);
  return result->pending != NULL;
}

static gboolean
apply_job (PulseMigrationRunner  *self,
           JobResult             *result,
           GCancellable          *cancellable,
           GError               **error)
{
  guint n_applied = 0;
  gboolean ok = pulse_migration_runner_apply (self, &n_applied, cancellable, error);

  result->count = n_applied;
  return ok;
}

static gboolean
backfill_job (PulseMigrationRunner  *self,
              JobResult             *result,
              GCancellable          *cancellable,
              GError               **error)
{
  return pulse_migration_runner_backfill (self, &result->count, cancellable, error);
}

void
pulse_migration_runner_list_pending_async (PulseMigrationRunner *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));
  run_in_thread (self, list_pending_job, cancellable, callback, user_data);
}

/* Returns: (transfer container): the pending migrations, in order */
GPtrArray *
pulse_migration_runner_list_pending_finish (PulseMigrationRunner  *self,
                                            GAsyncResult          *result,
                                            GError               **error)
{
  g_autoptr(JobResult) job = finish_job (self, list_pending_job, result, error);

  return job != NULL ? g_steal_pointer (&job->pending) : NULL;
}

void
pulse_migration_runner_apply_async (PulseMigrationRunner *self,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));
  run_in_thread (self, apply_job, cancellable, callback, user_data);
}

gboolean
pulse_migration_runner_apply_finish (PulseMigrationRunner  *self,
                                     GAsyncResult          *result,
                                     guint                 *n_applied,
                                     GError               **error)
{
  g_autoptr(JobResult) job = finish_job (self, apply_job, result, error);

  if (job != NULL && n_applied != NULL)
    *n_applied = (guint)job->count;
  return job != NULL;
}

void
pulse_migration_runner_backfill_async (PulseMigrationRunner *self,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_return_if_fail (PULSE_IS_MIGRATION_RUNNER (self));
  run_in_thread (self, backfill_job, cancellable, callback, user_data);
}

gboolean
pulse_migration_runner_backfill_finish (PulseMigrationRunner  *self,
                                        GAsyncResult          *result,
                                        guint64               *n_sessions,
                                        GError               **error)
{
  g_autoptr(JobResult) job = finish_job (self, backfill_job, result, error);

  if (job != NULL && n_sessions != NULL)
    *n_sessions = job->count;
  return job != NULL;
}

/**
 * pulse_migration_apply_bundled:
 *
 * Blocking. Brings @conninfo's database up to date with the bundled
 * migrations (the demo workspace uses it on every start).
 */
gboolean
pulse_migration_apply_bundled (const char  *conninfo,
                               guint       *n_applied,
                               GError     **error)
{
  g_autoptr(PulseMigrationRunner) runner = NULL;

  g_return_val_if_fail (conninfo != NULL, FALSE);

  runner = pulse_migration_runner_new (conninfo, NULL);
  return pulse_migration_runner_apply (runner, n_applied, NULL, error);
}
