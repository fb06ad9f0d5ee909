/* pulse-connection-store.c: the saved connections file
 *
 * Profiles live in $XDG_CONFIG_HOME/pulse/connections.json:
 *   {"version": 1, "connections": [{"id": "…", "name": "…", …}, …]}
 * The file is replaced atomically (temporary file, then rename; a
 * symlink is followed), keeping its mode (0600 when new). A file
 * that cannot be read as a whole is moved aside as
 * connections.json.corrupt-TIMESTAMP and reported; if only some entries
 * are bad, the others load and a copy of the file is kept aside, so a
 * later save never loses what could not be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pulse-connection-store-private.h"
#include "pulse-error.h"
#include "pulse-file.h"

struct _PulseConnectionStore
{
  GObject    parent_instance;

  char      *path;
  GPtrArray *profiles;
  GStrv      problems;
  char      *backup_path;
  guint64    saves_started;  /* snapshots taken by save_async, on the main thread */
  guint64    saves_written;  /* the newest of them on disk, under save_lock */
};

/* The pool runs save threads side by side: one write at a time, and a
 * snapshot older than the one on disk is not written over it. */
static GMutex save_lock;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PulseConnectionStore, pulse_connection_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return PULSE_TYPE_CONNECTION_PROFILE;
}

static guint
get_n_items (GListModel *model)
{
  return PULSE_CONNECTION_STORE (model)->profiles->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  PulseConnectionStore *self = PULSE_CONNECTION_STORE (model);

  if (position >= self->profiles->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
pulse_connection_store_finalize (GObject *object)
{
  PulseConnectionStore *self = PULSE_CONNECTION_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_strfreev);
  g_clear_pointer (&self->backup_path, g_free);

  G_OBJECT_CLASS (pulse_connection_store_parent_class)->finalize (object);
}

static void
pulse_connection_store_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PulseConnectionStore *self = PULSE_CONNECTION_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_connection_store_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PulseConnectionStore *self = PULSE_CONNECTION_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      if (self->path == NULL)
        self->path = pulse_connection_store_dup_default_path ();
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_connection_store_class_init (PulseConnectionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pulse_connection_store_finalize;
  object_class->get_property = pulse_connection_store_get_property;
  object_class->set_property = pulse_connection_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pulse_connection_store_init (PulseConnectionStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_new0 (char *, 1);
}

char *
pulse_connection_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "pulse", "connections.json", NULL);
}

/**
 * pulse_connection_store_new:
 * @path: (nullable): the file, or %NULL for the user's connections.json
 */
PulseConnectionStore *
pulse_connection_store_new (const char *path)
{
  return g_object_new (PULSE_TYPE_CONNECTION_STORE, "path", path, NULL);
}

const char *
pulse_connection_store_get_path (PulseConnectionStore *self)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (self), NULL);
  return self->path;
}

/* Loading --------------------------------------------------------------- */

typedef struct
{
  GPtrArray *profiles;
  GPtrArray *problems;
  char      *backup_path;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->profiles, g_ptr_array_unref);
  g_clear_pointer (&loaded->problems, g_ptr_array_unref);
  g_free (loaded->backup_path);
  g_free (loaded);
}

static char *
backup_path_for (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  char *candidate = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint i = 2; g_file_test (candidate, G_FILE_TEST_EXISTS); i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);
    }
  return candidate;
}

/* A copy of @contents already kept beside @path: a partly damaged file
 * is copied once, not at every start. */
static char *
find_identical_backup (const char *path,
                       const char *contents,
                       gsize       length)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".corrupt-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)))
    {
      g_autofree char *candidate = g_build_filename (dir, name, NULL);
      g_autofree char *kept = NULL;
      gsize kept_length;

      if (g_str_has_prefix (name, prefix) &&
          g_file_get_contents (candidate, &kept, &kept_length, NULL) &&
          kept_length == length && memcmp (kept, contents, length) == 0)
        return g_steal_pointer (&candidate);
    }
  return NULL;
}

static Loaded *
load_file (const char  *path,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);
  gsize length = 0;
  JsonNode *root;
  JsonArray *array = NULL;
  gboolean some_bad = FALSE;

  loaded->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  loaded->problems = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return loaded;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not read the saved connections: "));
      loaded_free (loaded);
      return NULL;
    }

  if (json_parser_load_from_data (parser, contents, length, &local_error))
    {
      root = json_parser_get_root (parser);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          JsonNode *list = json_object_get_member (json_node_get_object (root), "connections");
          if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
            array = json_node_get_array (list);
        }
    }

  if (array == NULL)
    {
      /* Unreadable as a whole: move it aside so nothing overwrites it. */
      loaded->backup_path = backup_path_for (path);
      if (g_rename (path, loaded->backup_path) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("The saved connections file %s is damaged and could not be moved aside: %s"),
                       path, g_strerror (saved_errno));
          loaded_free (loaded);
          return NULL;
        }
      g_ptr_array_add (loaded->problems,
                       g_strdup_printf (_("The saved connections file was damaged (%s); it was kept as %s"),
                                        local_error ? local_error->message : _("no list of connections"),
                                        loaded->backup_path));
      return loaded;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) entry_error = NULL;
      PulseConnectionProfile *profile;

      profile = pulse_connection_profile_new_from_json (json_array_get_element (array, i), &entry_error);
      for (guint j = 0; profile != NULL && j < loaded->profiles->len; j++)
        {
          PulseConnectionProfile *other = g_ptr_array_index (loaded->profiles, j);

          if (g_str_equal (pulse_connection_profile_get_id (other), pulse_connection_profile_get_id (profile)) ||
              g_str_equal (pulse_connection_profile_get_name (other), pulse_connection_profile_get_name (profile)))
            {
              g_set_error (&entry_error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                           /* Translators: follows "Saved connection 3 was skipped: "; %s is its name */
                           _("a second connection named “%s”"), pulse_connection_profile_get_name (profile));
              g_clear_object (&profile);
            }
        }
      if (profile == NULL)
        {
          some_bad = TRUE;
          g_ptr_array_add (loaded->problems,
                           g_strdup_printf (_("Saved connection %u was skipped: %s"), i + 1, entry_error->message));
          continue;
        }
      g_ptr_array_add (loaded->profiles, profile);
    }

  if (some_bad)
    {
      /* Keep the whole file: the next save drops the entries we skipped. */
      loaded->backup_path = find_identical_backup (path, contents, length);
      if (loaded->backup_path == NULL)
        {
          loaded->backup_path = backup_path_for (path);
          if (!pulse_file_write (loaded->backup_path, contents, length, 0600, &local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              loaded_free (loaded);
              return NULL;
            }
        }
      g_ptr_array_add (loaded->problems,
                       g_strdup_printf (_("A copy of the saved connections file was kept as %s"),
                                        loaded->backup_path));
    }
  return loaded;
}

static void
apply_loaded (PulseConnectionStore *self,
              Loaded               *loaded)
{
  guint removed = self->profiles->len;

  g_ptr_array_add (loaded->problems, NULL);
  g_strfreev (self->problems);
  self->problems = (GStrv)g_ptr_array_free (g_steal_pointer (&loaded->problems), FALSE);
  g_free (self->backup_path);
  self->backup_path = g_steal_pointer (&loaded->backup_path);

  g_ptr_array_unref (self->profiles);
  self->profiles = g_steal_pointer (&loaded->profiles);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->profiles->len);
}

/**
 * pulse_connection_store_load:
 *
 * Reads the file; a missing file is an empty list. Damage is not an
 * error: see pulse_connection_store_get_problems().
 */
gboolean
pulse_connection_store_load (PulseConnectionStore  *self,
                             GError               **error)
{
  Loaded *loaded;

  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (self), FALSE);

  if (!(loaded = load_file (self->path, error)))
    return FALSE;
  apply_loaded (self, loaded);
  loaded_free (loaded);
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Loaded *loaded;
  GError *error = NULL;

  if ((loaded = load_file (task_data, &error)))
    g_task_return_pointer (task, loaded, (GDestroyNotify)loaded_free);
  else
    g_task_return_error (task, error);
}

void
pulse_connection_store_load_async (PulseConnectionStore *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PULSE_IS_CONNECTION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_connection_store_load_async);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
pulse_connection_store_load_finish (PulseConnectionStore  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  Loaded *loaded;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(loaded = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;
  apply_loaded (self, loaded);
  loaded_free (loaded);
  return TRUE;
}

/* Returns: (transfer none): what went wrong in the last load, for people */
const char * const *
pulse_connection_store_get_problems (PulseConnectionStore *self)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (self), NULL);
  return (const char * const *)self->problems;
}

/* Returns: (nullable): where the last load kept a damaged file */
const char *
pulse_connection_store_get_backup_path (PulseConnectionStore *self)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (self), NULL);
  return self->backup_path;
}

/* Saving ---------------------------------------------------------------- */

static char *
serialize (PulseConnectionStore *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "connections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->profiles->len; i++)
    json_builder_add_value (builder, pulse_connection_profile_to_json (g_ptr_array_index (self->profiles, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static gboolean
write_file (const char  *path,
            const char  *contents,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  /* Only its owner reads which servers and users one connects to. */
  return pulse_file_write (path, contents, strlen (contents), 0600, error);
}

/* Writes @contents, the @generation-th snapshot, unless a newer one is
 * on disk already (then it is superseded, and that is no error). */
static gboolean
write_snapshot (PulseConnectionStore  *self,
                const char            *path,
                const char            *contents,
                guint64                generation,
                GError               **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&save_lock);

  if (generation < self->saves_written)
    return TRUE;
  if (!write_file (path, contents, error))
    return FALSE;
  self->saves_written = generation;
  return TRUE;
}

gboolean
pulse_connection_store_save (PulseConnectionStore  *self,
                             GError               **error)
{
  g_autofree char *contents = NULL;

  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (self), FALSE);

  contents = serialize (self);
  return write_snapshot (self, self->path, contents, ++self->saves_started, error);
}

typedef struct
{
  char    *path;
  char    *contents;
  guint64  generation;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->path);
  g_free (data->contents);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (write_snapshot (source_object, data->path, data->contents, data->generation, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The snapshot is taken now, on the calling thread; writing happens in a thread. */
void
pulse_connection_store_save_async (PulseConnectionStore *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (PULSE_IS_CONNECTION_STORE (self));

  data = g_new0 (SaveData, 1);
  data->path = g_strdup (self->path);
  data->contents = serialize (self);
  data->generation = ++self->saves_started;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_connection_store_save_async);
  g_task_set_task_data (task, data, (GDestroyNotify)save_data_free);
  /* Saves write one after another; the newest snapshot stays on disk. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, save_thread);
}

gboolean
pulse_connection_store_save_finish (PulseConnectionStore  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Editing --------------------------------------------------------------- */

void
pulse_connection_store_add (PulseConnectionStore   *self,
                            PulseConnectionProfile *profile)
{
  g_return_if_fail (PULSE_IS_CONNECTION_STORE (self));
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (profile));

  g_ptr_array_add (self->profiles, g_object_ref (profile));
  g_list_model_items_changed (G_LIST_MODEL (self), self->profiles->len - 1, 0, 1);
}

void
pulse_connection_store_remove (PulseConnectionStore   *self,
                               PulseConnectionProfile *profile)
{
  guint position;

  g_return_if_fail (PULSE_IS_CONNECTION_STORE (self));
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (profile));

  if (g_ptr_array_find (self->profiles, profile, &position))
    {
      g_ptr_array_remove_index (self->profiles, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

/* Returns: (transfer none) (nullable) */
PulseConnectionProfile *
pulse_connection_store_lookup_name (PulseConnectionStore *self,
                                    const char           *name)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (self), NULL);

  for (guint i = 0; name != NULL && i < self->profiles->len; i++)
    if (g_str_equal (pulse_connection_profile_get_name (g_ptr_array_index (self->profiles, i)), name))
      return g_ptr_array_index (self->profiles, i);
  return NULL;
}

/* Returns: (transfer none) (nullable) */
PulseConnectionProfile *
pulse_connection_store_lookup_id (PulseConnectionStore *self,
                                  const char           *id)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (self), NULL);

  for (guint i = 0; id != NULL && i < self->profiles->len; i++)
    if (g_str_equal (pulse_connection_profile_get_id (g_ptr_array_index (self->profiles, i)), id))
      return g_ptr_array_index (self->profiles, i);
  return NULL;
}

/* Names identify connections on the command line, so they stay unique. */
char *
pulse_connection_store_unique_name (PulseConnectionStore *self,
                                    const char           *base)
{
  char *name = g_strdup (base);

  g_return_val_if_fail (PULSE_IS_CONNECTION_STORE (self), NULL);

  for (guint i = 2; pulse_connection_store_lookup_name (self, name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s %u", base, i);
    }
  return name;
}

/**
 * pulse_connection_resolve:
 * @name_or_conninfo: a saved connection's name, a postgres:// URI or a conninfo
 * @conninfo: (out): a conninfo string without password
 * @profile: (out) (optional) (nullable): the saved profile, if a name matched
 *
 * For --connection: a saved name wins over a string that parses as conninfo.
 */
gboolean
pulse_connection_resolve (const char              *name_or_conninfo,
                          char                   **conninfo,
                          PulseConnectionProfile **profile,
                          GError                 **error)
{
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(GError) load_error = NULL;
  PulseConnectionProfile *match = NULL;

  g_return_val_if_fail (name_or_conninfo != NULL, FALSE);
  g_return_val_if_fail (conninfo != NULL, FALSE);

  if (profile != NULL)
    *profile = NULL;

  /* Only a string that is not obviously a URI or conninfo can be a name. */
  if (!g_str_has_prefix (name_or_conninfo, "postgres://") &&
      !g_str_has_prefix (name_or_conninfo, "postgresql://") &&
      strchr (name_or_conninfo, '=') == NULL)
    {
      if (!pulse_connection_store_load (store, &load_error))
        g_warning ("%s", load_error->message);
      for (guint i = 0; store->problems[i]; i++)
        g_warning ("%s", store->problems[i]);
      match = pulse_connection_store_lookup_name (store, name_or_conninfo);
      if (match == NULL)
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                       _("No saved connection is named “%s” (and it is not a connection string)"),
                       name_or_conninfo);
          return FALSE;
        }
      *conninfo = pulse_connection_profile_to_conninfo (match);
      if (profile != NULL)
        *profile = g_object_ref (match);
      return TRUE;
    }

  if (!pulse_db_validate_conninfo (name_or_conninfo, error))
    return FALSE;
  *conninfo = g_strdup (name_or_conninfo);
  return TRUE;
}
