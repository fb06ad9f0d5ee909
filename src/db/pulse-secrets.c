/* pulse-secrets.c: connection passwords in the desktop keyring
 *
 * Passwords are stored only through libsecret, in the default collection,
 * under a schema named after the application id. The profile's id (a
 * UUID) identifies the secret, so renaming a connection keeps its
 * password; host, database and user are there for people browsing their
 * keyring with Seahorse. When no Secret Service is reachable every call
 * fails with an error and callers ask for the password instead: there is
 * no plain-text fallback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "pulse-connection-store.h"
#include "pulse-secrets.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.pulsedash.Pulse", SECRET_SCHEMA_NONE,
    {
      { "profile-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

void
pulse_secrets_store_async (PulseConnectionProfile *profile,
                           const char             *password,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (profile));
  g_return_if_fail (password != NULL);

  /* Translators: the label of a password in the keyring */
  label = g_strdup_printf (_("Pulse database password for “%s”"),
                           pulse_connection_profile_get_name (profile));
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, callback, user_data,
                         "profile-id", pulse_connection_profile_get_id (profile),
                         "host", pulse_connection_profile_get_host (profile),
                         "database", pulse_connection_profile_get_database (profile),
                         "user", pulse_connection_profile_get_user (profile),
                         NULL);
}

gboolean
pulse_secrets_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  return secret_password_store_finish (result, error);
}

static void
on_secret_retrieved (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SecretValue *value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (source),
                                                                  result, &error);

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret_value_unref_to_password (value, NULL),
                           (GDestroyNotify)secret_password_free);
}

static void
on_secret_found (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  GList *found = secret_password_search_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (found == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    secret_retrievable_retrieve_secret (found->data, cancellable, on_secret_retrieved,
                                        g_steal_pointer (&task));
  g_list_free_full (found, g_object_unref);
}

/* A search, then the first item's secret: libsecret 0.20's own lookup
 * leaks each D-Bus reply that carries a secret (fixed in 0.21.2). */
void
pulse_secrets_lookup_async (PulseConnectionProfile *profile,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  GTask *task;

  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (profile));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_secrets_lookup_async);
  secret_password_search (get_schema (), SECRET_SEARCH_UNLOCK, cancellable, on_secret_found, task,
                          "profile-id", pulse_connection_profile_get_id (profile),
                          NULL);
}

/* Returns: (nullable): the password (free with pulse_secrets_free_password()),
 *   or %NULL without an error when none is saved */
char *
pulse_secrets_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pulse_secrets_clear_async (PulseConnectionProfile *profile,
                           GCancellable           *cancellable,
                           GAsyncReadyCallback     callback,
                           gpointer                user_data)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (profile));

  secret_password_clear (get_schema (), cancellable, callback, user_data,
                         "profile-id", pulse_connection_profile_get_id (profile),
                         NULL);
}

gboolean
pulse_secrets_clear_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Nothing to clear is not a failure. */
  if (!secret_password_clear_finish (result, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Clears the memory before freeing it. */
void
pulse_secrets_free_password (char *password)
{
  secret_password_free (password);
}

typedef struct
{
  GMainLoop *loop;
  char      *password;
  GError    *error;
} Lookup;

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->password = pulse_secrets_lookup_finish (result, &lookup->error);
  g_main_loop_quit (lookup->loop);
}

static gboolean
on_keyring_deadline (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

/* Blocks on a private main context. A keyring that never answers (a
 * prompt nobody sees) must not hang a headless export: past a deadline
 * the lookup is cancelled. */
static char *
lookup_with_deadline (PulseConnectionProfile  *profile,
                      GError                 **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) deadline = g_timeout_source_new_seconds (10);
  Lookup lookup = { g_main_loop_new (context, FALSE) };

  g_main_context_push_thread_default (context);
  g_source_set_callback (deadline, on_keyring_deadline, cancellable, NULL);
  g_source_attach (deadline, context);
  pulse_secrets_lookup_async (profile, cancellable, on_looked_up, &lookup);
  g_main_loop_run (lookup.loop);
  g_source_destroy (deadline);
  g_main_context_pop_thread_default (context);
  g_main_loop_unref (lookup.loop);

  if (lookup.error != NULL)
    g_propagate_error (error, lookup.error);
  return lookup.password;
}

/**
 * pulse_secrets_resolve_connection:
 * @name_or_conninfo: a saved connection's name, a URI or a conninfo string
 * @conninfo: (out): a conninfo string without password
 * @profile: (out) (optional) (nullable): the saved connection, whose time
 *   zone and statement timeout apply; %NULL for a URI or conninfo
 * @password: (out) (nullable): the saved connection's password from the
 *   keyring, or %NULL (no keyring, none saved: libpq may still find
 *   ~/.pgpass); free with pulse_secrets_free_password()
 *
 * For the command line. Blocks on the keyring, with a deadline.
 */
gboolean
pulse_secrets_resolve_connection (const char              *name_or_conninfo,
                                  char                   **conninfo,
                                  PulseConnectionProfile **profile_out,
                                  char                   **password,
                                  GError                 **error)
{
  g_autoptr(PulseConnectionProfile) profile = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (password != NULL, FALSE);

  *password = NULL;
  if (profile_out != NULL)
    *profile_out = NULL;
  if (!pulse_connection_resolve (name_or_conninfo, conninfo, &profile, error))
    return FALSE;
  if (profile == NULL)
    return TRUE;

  *password = lookup_with_deadline (profile, &local_error);

  if (local_error != NULL)
    g_debug ("No password from the keyring for “%s”: %s",
             pulse_connection_profile_get_name (profile), local_error->message);
  if (profile_out != NULL)
    *profile_out = g_steal_pointer (&profile);
  return TRUE;
}
