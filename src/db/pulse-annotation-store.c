/* pulse-annotation-store.c: where a connection's annotations live
 *
 * In the platform database's pulse.annotations (migration 0006) when it
 * exists, so the whole team sees them; else in a file of this user's for
 * the connection's identity (host, port, database, user: never the
 * password) under the user data directory.
 *
 * Every call opens a short connection of its own: reads on a read-only
 * session like the dashboard's, writes on a read-write one holding a
 * single statement (its own transaction), so the dashboard's sessions
 * stay read-only. The table's existence is checked in the catalog, which
 * every role may read, so a role without access gets a clear permission
 * error instead of silently switching to a local file.
 *
 * The local file is JSON with a format number, written atomically with
 * mode 0600. A file that does not parse is never overwritten: reading and
 * writing fail with a message naming it, and it stays as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pulse-annotation-store.h"
#include "pulse-error.h"
#include "pulse-file.h"

struct _PulseAnnotationStore
{
  GObject                 parent_instance;

  char                   *conninfo;
  PulseSessionOptions     options;
  char                   *user;      /* options' copies */
  char                   *password;
  char                   *local_dir;
  /* Guards the fields below and serialises local read-modify-writes. */
  GMutex                  lock;
  PulseAnnotationBackend  backend;
  char                   *local_path;
};

G_DEFINE_FINAL_TYPE (PulseAnnotationStore, pulse_annotation_store, G_TYPE_OBJECT)

static void
pulse_annotation_store_finalize (GObject *object)
{
  PulseAnnotationStore *self = (PulseAnnotationStore *)object;

  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->password, g_free);
  g_clear_pointer (&self->local_dir, g_free);
  g_clear_pointer (&self->local_path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pulse_annotation_store_parent_class)->finalize (object);
}

static void
pulse_annotation_store_class_init (PulseAnnotationStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_annotation_store_finalize;
}

static void
pulse_annotation_store_init (PulseAnnotationStore *self)
{
  g_mutex_init (&self->lock);
  self->local_dir = g_build_filename (g_get_user_data_dir (), "pulse", "annotations", NULL);
}

/**
 * pulse_annotation_store_new:
 * @options: (nullable): the dashboard session's (user and password are
 *   copied); %NULL: pulse_session_options_init_dashboard()
 */
PulseAnnotationStore *
pulse_annotation_store_new (const char                *conninfo,
                            const PulseSessionOptions *options)
{
  PulseAnnotationStore *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (PULSE_TYPE_ANNOTATION_STORE, NULL);
  self->conninfo = g_strdup (conninfo);
  if (options != NULL)
    self->options = *options;
  else
    pulse_session_options_init_dashboard (&self->options);
  self->user = g_strdup (self->options.user);
  self->password = g_strdup (self->options.password);
  self->options.user = self->user;
  self->options.password = self->password;
  return self;
}

/* Where local files go; the default is the user data directory's
 * pulse/annotations. */
void
pulse_annotation_store_set_local_dir (PulseAnnotationStore *self,
                                      const char           *directory)
{
  g_return_if_fail (PULSE_IS_ANNOTATION_STORE (self));
  g_return_if_fail (directory != NULL);

  g_mutex_lock (&self->lock);
  g_free (self->local_dir);
  self->local_dir = g_strdup (directory);
  g_mutex_unlock (&self->lock);
}

/* Which store the last call used. */
PulseAnnotationBackend
pulse_annotation_store_get_backend (PulseAnnotationStore *self)
{
  PulseAnnotationBackend backend;

  g_return_val_if_fail (PULSE_IS_ANNOTATION_STORE (self), PULSE_ANNOTATION_BACKEND_UNKNOWN);

  g_mutex_lock (&self->lock);
  backend = self->backend;
  g_mutex_unlock (&self->lock);
  return backend;
}

/* Returns: (nullable): the local file, once a call has connected */
char *
pulse_annotation_store_dup_local_path (PulseAnnotationStore *self)
{
  char *path;

  g_return_val_if_fail (PULSE_IS_ANNOTATION_STORE (self), NULL);

  g_mutex_lock (&self->lock);
  path = g_strdup (self->local_path);
  g_mutex_unlock (&self->lock);
  return path;
}

/* Connecting and choosing the store */

/* One file per identity: a digest, so no part of it is a file name. */
static void
remember_identity (PulseAnnotationStore *self,
                   PGconn               *conn)
{
  g_autofree char *identity = g_strjoin ("\n", PQhost (conn) ? PQhost (conn) : "", PQport (conn) ? PQport (conn) : "",
                                         PQdb (conn) ? PQdb (conn) : "", PQuser (conn) ? PQuser (conn) : "", NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, identity, -1);
  g_autofree char *name = g_strdup_printf ("%.32s.json", digest);

  g_mutex_lock (&self->lock);
  g_free (self->local_path);
  self->local_path = g_build_filename (self->local_dir, name, NULL);
  g_mutex_unlock (&self->lock);
}

static void
set_backend (PulseAnnotationStore   *self,
             PulseAnnotationBackend  backend)
{
  g_mutex_lock (&self->lock);
  self->backend = backend;
  g_mutex_unlock (&self->lock);
}

/* Connects (read-only or for one write) and finds out whether the table
 * exists; the catalog is readable by every role. */
static PGconn *
connect_and_choose (PulseAnnotationStore  *self,
                    gboolean               write,
                    gboolean              *in_database,
                    GCancellable          *cancellable,
                    GError               **error)
{
  PulseSessionOptions options = self->options;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) found = NULL;

  options.read_only = !write;
  if (!(conn = pulse_db_connect (self->conninfo, &options, cancellable, error)))
    return NULL;
  remember_identity (self, conn);
  found = pulse_db_exec (conn,
                         "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c "
                         "               JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                         "               WHERE n.nspname = 'pulse' AND c.relname = 'annotations')",
                         0, NULL, cancellable, error);
  if (found == NULL)
    return NULL;
  *in_database = g_str_equal (PQgetvalue (found, 0, 0), "t");
  set_backend (self, *in_database ? PULSE_ANNOTATION_BACKEND_DATABASE : PULSE_ANNOTATION_BACKEND_LOCAL);
  return g_steal_pointer (&conn);
}

/* A permission error says what the role needs. */
static void
explain_permission (PGconn  *conn,
                    GError **error)
{
  if (error == NULL || *error == NULL || !g_error_matches (*error, PULSE_ERROR, PULSE_ERROR_PERMISSION))
    return;
  g_prefix_error (error,
                  _("The database role “%s” may not change the team's annotations (pulse.annotations). "
                    "Its owner can allow it with “pulse --migrate --grant-select %s”: "),
                  PQuser (conn), PQuser (conn));
}

/* The table */

static GPtrArray *
db_load (PGconn        *conn,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

  result = pulse_db_exec (conn,
                          "SELECT id::text, first_day::text, last_day::text, body, tag "
                          "  FROM pulse.annotations ORDER BY first_day, last_day, id",
                          0, NULL, cancellable, error);
  if (result == NULL)
    {
      if (error != NULL && g_error_matches (*error, PULSE_ERROR, PULSE_ERROR_PERMISSION))
        g_prefix_error (error, _("The database role “%s” may not read the team's annotations (pulse.annotations): "),
                        PQuser (conn));
      return NULL;
    }
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (list, pulse_annotation_new (PQgetvalue (result, row, 0), PQgetvalue (result, row, 1),
                                                 PQgetvalue (result, row, 2), PQgetvalue (result, row, 3),
                                                 PQgetisnull (result, row, 4) ? NULL : PQgetvalue (result, row, 4)));
  return g_steal_pointer (&list);
}

/* One INSERT or UPDATE (@id set) returning the row's id. */
static char *
db_write (PGconn           *conn,
          const char       *id,
          PulseAnnotation  *annotation,
          GCancellable     *cancellable,
          GError          **error)
{
  const char *params[] = { pulse_annotation_get_first_day (annotation), pulse_annotation_get_last_day (annotation),
                           pulse_annotation_get_text (annotation), pulse_annotation_get_tag (annotation), id };
  g_autoptr(PGresult) result = NULL;

  if (id == NULL)
    result = pulse_db_exec (conn,
                            "INSERT INTO pulse.annotations (first_day, last_day, body, tag) "
                            "VALUES ($1::date, $2::date, $3, $4) RETURNING id::text",
                            4, params, cancellable, error);
  else
    result = pulse_db_exec (conn,
                            "UPDATE pulse.annotations SET first_day = $1::date, last_day = $2::date, body = $3, tag = $4 "
                            " WHERE id::text = $5 RETURNING id::text",
                            5, params, cancellable, error);
  if (result == NULL)
    {
      explain_permission (conn, error);
      return NULL;
    }
  if (PQntuples (result) == 0)
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                           _("The annotation no longer exists; somebody may have deleted it"));
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 0));
}

static gboolean
db_remove (PGconn        *conn,
           const char    *id,
           GCancellable  *cancellable,
           GError       **error)
{
  const char *params[] = { id };
  g_autoptr(PGresult) result = pulse_db_exec (conn, "DELETE FROM pulse.annotations WHERE id::text = $1",
                                              1, params, cancellable, error);

  if (result == NULL)
    explain_permission (conn, error);
  return result != NULL;
}

/* The local file */

static void
set_file_error (GError     **error,
                const char  *path,
                const char  *reason)
{
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_FAILED,
               /* Translators: a file name, then why it could not be read */
               _("The annotations file %s cannot be read (%s). It was left as it is: "
                 "move it away to start a new one"),
               path, reason);
}

static PulseAnnotation *
annotation_from_json (JsonObject *object)
{
  const char *fields[] = { "id", "first_day", "last_day", "text" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!json_object_has_member (object, fields[i]) ||
        json_node_get_value_type (json_object_get_member (object, fields[i])) != G_TYPE_STRING)
      return NULL;
  return pulse_annotation_new_checked (json_object_get_string_member (object, "id"),
                                       json_object_get_string_member (object, "first_day"),
                                       json_object_get_string_member (object, "last_day"),
                                       json_object_get_string_member (object, "text"),
                                       json_object_get_string_member_with_default (object, "tag", NULL), NULL);
}

/* Everything in @path; a missing file is an empty list. */
static GPtrArray *
file_load (const char  *path,
           GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonArray *items;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&list);
  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      set_file_error (error, path, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !(root = json_node_get_object (json_parser_get_root (parser))) ||
      !json_object_has_member (root, "format") || !json_object_has_member (root, "annotations") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "annotations")))
    {
      set_file_error (error, path, _("it is not an annotations file"));
      return NULL;
    }
  if (json_object_get_int_member (root, "format") > PULSE_ANNOTATION_FILE_FORMAT)
    {
      set_file_error (error, path, _("a newer version of Pulse wrote it"));
      return NULL;
    }
  items = json_object_get_array_member (root, "annotations");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      PulseAnnotation *annotation = JSON_NODE_HOLDS_OBJECT (node) ? annotation_from_json (json_node_get_object (node)) : NULL;

      if (annotation == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("annotation %u is malformed"), i + 1);
          set_file_error (error, path, reason);
          return NULL;
        }
      g_ptr_array_add (list, annotation);
    }
  g_ptr_array_sort (list, pulse_annotation_compare);
  return g_steal_pointer (&list);
}

static gboolean
file_save (const char  *path,
           GPtrArray   *list,
           GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, PULSE_ANNOTATION_FILE_FORMAT);
  json_builder_set_member_name (builder, "annotations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < list->len; i++)
    {
      PulseAnnotation *annotation = g_ptr_array_index (list, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, pulse_annotation_get_id (annotation));
      json_builder_set_member_name (builder, "first_day");
      json_builder_add_string_value (builder, pulse_annotation_get_first_day (annotation));
      json_builder_set_member_name (builder, "last_day");
      json_builder_add_string_value (builder, pulse_annotation_get_last_day (annotation));
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, pulse_annotation_get_text (annotation));
      if (pulse_annotation_get_tag (annotation) != NULL)
        {
          json_builder_set_member_name (builder, "tag");
          json_builder_add_string_value (builder, pulse_annotation_get_tag (annotation));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_WRITE, _("Could not write %s: %s"), dir, g_strerror (errsv));
      return FALSE;
    }
  return pulse_file_write (path, text, strlen (text), 0600, error);
}

/* Where @id is in @list, or -1. */
static int
find_id (GPtrArray  *list,
         const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_strcmp0 (pulse_annotation_get_id (g_ptr_array_index (list, i)), id) == 0)
      return i;
  return -1;
}

/* Replaces @id (or, NULL, adds) @annotation in the local file, under
 * the store's lock. Returns the stored annotation. */
static PulseAnnotation *
file_write (PulseAnnotationStore  *self,
            const char            *id,
            PulseAnnotation       *annotation,
            GError               **error)
{
  g_autofree char *path = pulse_annotation_store_dup_local_path (self);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PulseAnnotation) stored = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *new_id = NULL;
  int index = -1;

  locker = g_mutex_locker_new (&self->lock);
  if (!(list = file_load (path, error)))
    return NULL;
  if (id != NULL && (index = find_id (list, id)) < 0)
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT, _("The annotation no longer exists"));
      return NULL;
    }
  new_id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  stored = pulse_annotation_new (new_id, pulse_annotation_get_first_day (annotation),
                                 pulse_annotation_get_last_day (annotation), pulse_annotation_get_text (annotation),
                                 pulse_annotation_get_tag (annotation));
  if (index >= 0)
    g_ptr_array_remove_index (list, index);
  g_ptr_array_add (list, g_object_ref (stored));
  g_ptr_array_sort (list, pulse_annotation_compare);
  if (!file_save (path, list, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static gboolean
file_remove (PulseAnnotationStore  *self,
             const char            *id,
             GError               **error)
{
  g_autofree char *path = pulse_annotation_store_dup_local_path (self);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) list = file_load (path, error);
  int index;

  if (list == NULL)
    return FALSE;
  if ((index = find_id (list, id)) < 0)
    return TRUE;
  g_ptr_array_remove_index (list, index);
  return file_save (path, list, error);
}

/* Blocking calls */

/**
 * pulse_annotation_store_load:
 *
 * Returns: (transfer container): every PulseAnnotation, by first day
 */
GPtrArray *
pulse_annotation_store_load (PulseAnnotationStore  *self,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean in_database;

  g_return_val_if_fail (PULSE_IS_ANNOTATION_STORE (self), NULL);

  if (!(conn = connect_and_choose (self, FALSE, &in_database, cancellable, error)))
    return NULL;
  if (in_database)
    return db_load (conn, cancellable, error);
  path = pulse_annotation_store_dup_local_path (self);
  locker = g_mutex_locker_new (&self->lock);
  return file_load (path, error);
}

/* Returns: (transfer full): @annotation as stored, with its id */
static PulseAnnotation *
store_write (PulseAnnotationStore  *self,
             const char            *id,
             PulseAnnotation       *annotation,
             GCancellable          *cancellable,
             GError               **error)
{
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *new_id = NULL;
  gboolean in_database;

  if (!(conn = connect_and_choose (self, TRUE, &in_database, cancellable, error)))
    return NULL;
  if (!in_database)
    return file_write (self, id, annotation, error);
  if (!(new_id = db_write (conn, id, annotation, cancellable, error)))
    return NULL;
  return pulse_annotation_new (new_id, pulse_annotation_get_first_day (annotation),
                               pulse_annotation_get_last_day (annotation), pulse_annotation_get_text (annotation),
                               pulse_annotation_get_tag (annotation));
}

/* Returns: (transfer full): @annotation as stored, with its id */
PulseAnnotation *
pulse_annotation_store_add (PulseAnnotationStore  *self,
                            PulseAnnotation       *annotation,
                            GCancellable          *cancellable,
                            GError               **error)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (PULSE_IS_ANNOTATION (annotation), NULL);
  return store_write (self, NULL, annotation, cancellable, error);
}

/* Removing one that is already gone is no error. */
gboolean
pulse_annotation_store_remove (PulseAnnotationStore  *self,
                               const char            *id,
                               GCancellable          *cancellable,
                               GError               **error)
{
  g_autoptr(PGconn) conn = NULL;
  gboolean in_database;

  g_return_val_if_fail (PULSE_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(conn = connect_and_choose (self, TRUE, &in_database, cancellable, error)))
    return FALSE;
  if (!in_database)
    return file_remove (self, id, error);
  return db_remove (conn, id, cancellable, error);
}

/* Asynchronous calls: the blocking ones in a thread */

typedef struct
{
  char            *id;
  PulseAnnotation *annotation;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->id);
  g_clear_object (&request->annotation);
  g_free (request);
}

static void
start (PulseAnnotationStore *self,
       gpointer              tag,
       const char           *id,
       PulseAnnotation      *annotation,
       GTaskThreadFunc       func,
       GCancellable         *cancellable,
       GAsyncReadyCallback   callback,
       gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->id = g_strdup (id);
  request->annotation = annotation ? g_object_ref (annotation) : NULL;
  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, request, request_free);
  g_task_run_in_thread (task, func);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *list = pulse_annotation_store_load (source, cancellable, &error);

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify)g_ptr_array_unref);
}

static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  PulseAnnotation *stored = store_write (source, request->id, request->annotation, cancellable, &error);

  if (stored == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stored, g_object_unref);
}

static void
remove_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (!pulse_annotation_store_remove (source, request->id, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
pulse_annotation_store_load_async (PulseAnnotationStore *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_return_if_fail (PULSE_IS_ANNOTATION_STORE (self));
  start (self, pulse_annotation_store_load_async, NULL, NULL, load_thread, cancellable, callback, user_data);
}

/* Returns: (transfer container): every PulseAnnotation, by first day */
GPtrArray *
pulse_annotation_store_load_finish (PulseAnnotationStore  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pulse_annotation_store_add_async (PulseAnnotationStore *self,
                                  PulseAnnotation      *annotation,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_return_if_fail (PULSE_IS_ANNOTATION_STORE (self));
  g_return_if_fail (PULSE_IS_ANNOTATION (annotation));
  start (self, pulse_annotation_store_add_async, NULL, annotation, write_thread, cancellable, callback, user_data);
}

PulseAnnotation *
pulse_annotation_store_add_finish (PulseAnnotationStore  *self,
                                   GAsyncResult          *result,
                                   GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Changes the annotation @id into @annotation (keeping @id). */
void
pulse_annotation_store_replace_async (PulseAnnotationStore *self,
                                      const char           *id,
                                      PulseAnnotation      *annotation,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_return_if_fail (PULSE_IS_ANNOTATION_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (PULSE_IS_ANNOTATION (annotation));
  start (self, pulse_annotation_store_replace_async, id, annotation, write_thread, cancellable, callback, user_data);
}

PulseAnnotation *
pulse_annotation_store_replace_finish (PulseAnnotationStore  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pulse_annotation_store_remove_async (PulseAnnotationStore *self,
                                     const char           *id,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_return_if_fail (PULSE_IS_ANNOTATION_STORE (self));
  g_return_if_fail (id != NULL);
  start (self, pulse_annotation_store_remove_async, id, NULL, remove_thread, cancellable, callback, user_data);
}

gboolean
pulse_annotation_store_remove_finish (PulseAnnotationStore  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
