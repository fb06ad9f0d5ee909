/* pulse-migration.c: one versioned schema migration (plain SQL)
 *
 * A migration is a file NNNN_name.sql: the number orders it, the text is
 * run as it is in one transaction. A file whose header has the line
 * "-- pulse: no-transaction" runs statement by statement instead; it may
 * hold only CREATE INDEX CONCURRENTLY IF NOT EXISTS statements, which
 * cannot run in a transaction and which the runner can check and repair
 * one by one (PulseMigrationIndex). The checksum is SHA-256 over the text
 * with CRLF and CR turned into LF, so a checkout with other line endings
 * is not mistaken for an edited file. A header line
 * "-- pulse: dashboard-writes" marks the tables it creates as ones the
 * dashboard's role adds rows to (annotations): the runner grants that role
 * SELECT, INSERT, UPDATE and DELETE on them instead of SELECT only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "pulse-error.h"
#include "pulse-migration-private.h"

#define MIGRATIONS_RESOURCE PULSE_RESOURCE_PREFIX "/migrations"

struct _PulseMigration
{
  GObject  parent_instance;

  guint    version;
  char    *name;
  char    *file_name;
  char    *sql;
  char    *checksum;
  char    *summary;
  GStrv    created_tables;
  /* The same, "schema.table" (public when the file names none) */
  GStrv    qualified_tables;
  gboolean dashboard_writes;
  /* PulseMigrationIndex, for a no-transaction migration; else NULL */
  GPtrArray *indexes;
};

G_DEFINE_FINAL_TYPE (PulseMigration, pulse_migration, G_TYPE_OBJECT)

static void
pulse_migration_finalize (GObject *object)
{
  PulseMigration *self = (PulseMigration *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->sql, g_free);
  g_clear_pointer (&self->checksum, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->created_tables, g_strfreev);
  g_clear_pointer (&self->qualified_tables, g_strfreev);
  g_clear_pointer (&self->indexes, g_ptr_array_unref);

  G_OBJECT_CLASS (pulse_migration_parent_class)->finalize (object);
}

static void
pulse_migration_class_init (PulseMigrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_migration_finalize;
}

static void
pulse_migration_init (PulseMigration *self)
{
}

/* The opening clause of the header comment, e.g. "One row per visit of a
 * person" for "-- 0001_sessions: one row per visit of a person, …"; "" if
 * the file has no such header. */
static char *
parse_summary (PulseMigration *self)
{
  g_auto(GStrv) lines = g_strsplit (self->sql, "\n", -1);
  g_autofree char *prefix = g_strdup_printf ("-- %04u_%s:", self->version, self->name);
  g_autoptr(GString) text = g_string_new (NULL);

  if (lines[0] == NULL || !g_str_has_prefix (lines[0], prefix))
    return g_strdup ("");
  g_string_append (text, lines[0] + strlen (prefix));
  for (guint i = 1; lines[i] != NULL && g_str_has_prefix (lines[i], "-- "); i++)
    g_string_append_printf (text, " %s", lines[i] + 3);

  g_strstrip (text->str);
  g_string_truncate (text, strcspn (text->str, ",;."));
  if (text->len > 0)
    text->str[0] = g_ascii_toupper (text->str[0]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The tables its CREATE TABLE statements make, without the schema, and
 * with it in @qualified. */
static GStrv
parse_created_tables (const char  *sql,
                      GStrv       *qualified)
{
  g_autoptr(GRegex) regex = g_regex_new ("^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
                                         "(?:([a-z_][a-z0-9_]*)\\.)?([a-z_][a-z0-9_]*)",
                                         G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GStrvBuilder) tables = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) full = g_strv_builder_new ();

  for (g_regex_match (regex, sql, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *schema = g_match_info_fetch (match, 1);
      g_autofree char *name = g_match_info_fetch (match, 2);
      g_autofree char *folded = g_ascii_strdown (name, -1);
      g_autofree char *folded_schema = g_ascii_strdown (*schema ? schema : "public", -1);

      g_autofree char *qualified_name = g_strconcat (folded_schema, ".", folded, NULL);

      g_strv_builder_add (full, qualified_name);
      g_strv_builder_add (tables, folded);
    }
  *qualified = g_strv_builder_end (full);
  return g_strv_builder_end (tables);
}

#define NO_TRANSACTION_LINE "-- pulse: no-transaction"
#define DASHBOARD_WRITES_LINE "-- pulse: dashboard-writes"

static void
index_free (gpointer data)
{
  PulseMigrationIndex *index = data;

  g_free (index->schema);
  g_free (index->name);
  g_free (index->table);
  g_free (index->sql);
  g_free (index);
}

/* Whether the leading comment block has the line @marker. */
static gboolean
has_header_line (const char *sql,
                 const char *marker)
{
  g_auto(GStrv) lines = g_strsplit (sql, "\n", -1);

  for (guint i = 0; lines[i] != NULL && g_str_has_prefix (lines[i], "--"); i++)
    if (g_str_equal (g_strchomp (lines[i]), marker))
      return TRUE;
  return FALSE;
}

/* The statements of a no-transaction migration: each one line or more,
 * ending with ";" at the end of a line; comment lines are left out. */
static GPtrArray *
parse_indexes (PulseMigration  *self,
               GError         **error)
{
  g_autoptr(GRegex) regex = g_regex_new ("^CREATE\\s+INDEX\\s+CONCURRENTLY\\s+IF\\s+NOT\\s+EXISTS\\s+"
                                         "([a-z_][a-z0-9_]*)\\s+ON\\s+(?:ONLY\\s+)?"
                                         "(?:([a-z_][a-z0-9_]*)\\.)?([a-z_][a-z0-9_]*)\\s+USING\\s+"
                                         "[a-z]+\\s*\\([^;]*\\);$",
                                         G_REGEX_CASELESS | G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (index_free);
  g_auto(GStrv) lines = g_strsplit (self->sql, "\n", -1);
  g_autoptr(GString) statement = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *schema = NULL;
      PulseMigrationIndex *index;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || g_str_has_prefix (line, "--"))
        continue;
      if (statement->len > 0)
        g_string_append_c (statement, '\n');
      g_string_append (statement, line);
      if (!g_str_has_suffix (line, ";"))
        continue;

      if (!g_regex_match (regex, statement->str, 0, &match))
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                       _("The migration %s runs without a transaction, so it may only hold "
                         "“CREATE INDEX CONCURRENTLY IF NOT EXISTS name ON table USING method (…);” "
                         "statements; this one is not: %s"),
                       self->file_name, statement->str);
          return NULL;
        }
      index = g_new0 (PulseMigrationIndex, 1);
      schema = g_match_info_fetch (match, 2);
      index->schema = g_ascii_strdown (*schema ? schema : "public", -1);
      index->name = g_match_info_fetch (match, 1);
      index->table = g_match_info_fetch (match, 3);
      index->sql = g_string_free (g_steal_pointer (&statement), FALSE);
      statement = g_string_new (NULL);
      g_ptr_array_add (indexes, index);
    }
  if (statement->len > 0 || indexes->len == 0)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("The migration %s runs without a transaction but has no complete "
                     "CREATE INDEX CONCURRENTLY statement at its end"),
                   self->file_name);
      return NULL;
    }
  return g_steal_pointer (&indexes);
}

/**
 * pulse_migration_new:
 * @name: the part after the number, e.g. "sessions"
 *
 * Returns: (nullable): the migration, or %NULL if it is marked
 *   no-transaction but holds something else than index builds
 */
PulseMigration *
pulse_migration_new (guint        version,
                     const char  *name,
                     const char  *sql,
                     GError     **error)
{
  g_autoptr(PulseMigration) self = NULL;

  g_return_val_if_fail (version > 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  self = g_object_new (PULSE_TYPE_MIGRATION, NULL);
  self->version = version;
  self->name = g_strdup (name);
  self->file_name = g_strdup_printf ("%04u_%s.sql", version, name);
  self->sql = g_strdup (sql);
  self->checksum = pulse_migration_compute_checksum (sql);
  self->summary = parse_summary (self);
  self->created_tables = parse_created_tables (sql, &self->qualified_tables);
  self->dashboard_writes = has_header_line (sql, DASHBOARD_WRITES_LINE);
  if (has_header_line (sql, NO_TRANSACTION_LINE) && !(self->indexes = parse_indexes (self, error)))
    return NULL;
  return g_steal_pointer (&self);
}

guint
pulse_migration_get_version (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), 0);
  return self->version;
}

const char *
pulse_migration_get_name (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), NULL);
  return self->name;
}

const char *
pulse_migration_get_file_name (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), NULL);
  return self->file_name;
}

const char *
pulse_migration_get_sql (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), NULL);
  return self->sql;
}

const char *
pulse_migration_get_checksum (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), NULL);
  return self->checksum;
}

/* Returns: the opening clause of the file's header comment, e.g. "One row
 * per visit of a person"; "" without one */
const char *
pulse_migration_get_summary (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), NULL);
  return self->summary;
}

/* Whether it runs in one transaction (else index by index, see above). */
gboolean
pulse_migration_get_transactional (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), FALSE);
  return self->indexes == NULL;
}

/* Returns: (transfer none) (nullable): the PulseMigrationIndex of a
 * no-transaction migration, in order; %NULL for a transactional one */
GPtrArray *
pulse_migration_get_indexes (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), NULL);
  return self->indexes;
}

/* Returns: (transfer none): the tables it creates, e.g. "sessions" */
const char * const *
pulse_migration_get_created_tables (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), NULL);
  return (const char * const *)self->created_tables;
}

/* Returns: (transfer none): the tables it creates with their schema,
 * e.g. "public.sessions" */
const char * const *
pulse_migration_get_qualified_tables (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), NULL);
  return (const char * const *)self->qualified_tables;
}

/* Whether the dashboard's role writes the tables it creates. */
gboolean
pulse_migration_get_dashboard_writes (PulseMigration *self)
{
  g_return_val_if_fail (PULSE_IS_MIGRATION (self), FALSE);
  return self->dashboard_writes;
}

char *
pulse_migration_compute_checksum (const char *text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  while (*p)
    {
      const char *cr = strchr (p, '\r');

      if (cr == NULL)
        {
          g_checksum_update (checksum, (const guchar *)p, strlen (p));
          break;
        }
      g_checksum_update (checksum, (const guchar *)p, cr - p);
      g_checksum_update (checksum, (const guchar *)"\n", 1);
      p = cr + 1;
      if (*p == '\n')
        p++;
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* "0003_collection_items.sql" -> 3, "collection_items" */
static gboolean
parse_file_name (const char  *file_name,
                 guint       *version,
                 char       **name)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^([0-9]{4})_([a-z0-9_]+)\\.sql$", 0, 0, NULL);
  g_autofree char *number = NULL;

  if (!g_regex_match (regex, file_name, 0, &match))
    return FALSE;
  number = g_match_info_fetch (match, 1);
  *version = (guint)g_ascii_strtoull (number, NULL, 10);
  *name = g_match_info_fetch (match, 2);
  return *version > 0;
}

static int
compare_versions (gconstpointer a,
                  gconstpointer b)
{
  guint va = (*(PulseMigration * const *)a)->version;
  guint vb = (*(PulseMigration * const *)b)->version;

  return va < vb ? -1 : va > vb;
}

static gboolean
add_migration (GPtrArray   *migrations,
               const char  *file_name,
               const char  *sql,
               gsize        length,
               GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  PulseMigration *migration;
  guint version;

  if (!parse_file_name (file_name, &version, &name))
    return TRUE;   /* not a migration, e.g. the backfill */

  if (!g_utf8_validate_len (sql, length, NULL))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("The migration file %s is not valid UTF-8 text"), file_name);
      return FALSE;
    }
  for (guint i = 0; i < migrations->len; i++)
    if (pulse_migration_get_version (g_ptr_array_index (migrations, i)) == version)
      {
        g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                     _("Two migration files have the number %04u (one is %s)"), version, file_name);
        return FALSE;
      }
  text = g_strndup (sql, length);
  migration = pulse_migration_new (version, name, text, error);
  if (migration == NULL)
    return FALSE;
  g_ptr_array_add (migrations, migration);
  return TRUE;
}

/* Returns: (transfer container): the migrations compiled into Pulse, in order */
GPtrArray *
pulse_migration_load_bundled (GError **error)
{
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) children = g_resources_enumerate_children (MIGRATIONS_RESOURCE, 0, error);

  if (children == NULL)
    return NULL;

  for (guint i = 0; children[i]; i++)
    {
      g_autofree char *path = g_build_path ("/", MIGRATIONS_RESOURCE, children[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);

      if (bytes == NULL ||
          !add_migration (migrations, children[i], g_bytes_get_data (bytes, NULL),
                          g_bytes_get_size (bytes), error))
        return NULL;
    }
  g_ptr_array_sort (migrations, compare_versions);
  return g_steal_pointer (&migrations);
}

/* Returns: (transfer container): the NNNN_name.sql files of @directory, in order */
GPtrArray *
pulse_migration_load_directory (GFile   *directory,
                                GError **error)
{
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  children = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, error);
  if (children == NULL)
    return NULL;

  while (g_file_enumerator_iterate (children, &info, NULL, NULL, error) && info != NULL)
    {
      const char *file_name = g_file_info_get_name (info);
      g_autoptr(GFile) file = g_file_get_child (directory, file_name);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (file_name, ".sql"))
        continue;
      if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error) ||
          !add_migration (migrations, file_name, contents, length, error))
        return NULL;
    }
  if (error != NULL && *error != NULL)
    return NULL;

  g_ptr_array_sort (migrations, compare_versions);
  return g_steal_pointer (&migrations);
}

static char *
load_text (const char  *name,
           GError     **error)
{
  g_autofree char *path = g_build_path ("/", MIGRATIONS_RESOURCE, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);

  if (bytes == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

char *
pulse_migration_load_backfill_sql (GError **error)
{
  return load_text ("backfill_sessions.sql", error);
}

/* Returns: the functions the platform's backend calls, as handed to its
 * engineers (data/migrations/backend-functions.sql; a test keeps it equal
 * to what 0004_tracking_functions creates) */
char *
pulse_migration_load_backend_signatures (GError **error)
{
  return load_text ("backend-functions.sql", error);
}
