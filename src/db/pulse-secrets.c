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

void
pulse_secrets_lookup_async (PulseConnectionProfile *profile,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (profile));

  secret_password_lookup (get_schema (), cancellable, callback, user_data,
                          "profile-id", pulse_connection_profile_get_id (profile),
                          NULL);
}

/* Returns: (nullable): the password (free with pulse_secrets_free_password()),
 *   or %NULL without an error when none is saved */
char *
pulse_secrets_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  return secret_password_lookup_finish (result, error);
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

/* Blocking, for the headless command line only. */
char *
pulse_secrets_lookup_sync (PulseConnectionProfile  *profile,
                           GCancellable            *cancellable,
                           GError                 **error)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (profile), NULL);

  return secret_password_lookup_sync (get_schema (), cancellable, error,
                                      "profile-id", pulse_connection_profile_get_id (profile),
                                      NULL);
}

/* Clears the memory before freeing it. */
void
pulse_secrets_free_password (char *password)
{
  secret_password_free (password);
}

typedef struct
{
  GMutex        lock;
  GCond         cond;
  gboolean      done;
  GCancellable *cancellable;
} Watchdog;

/* A keyring that never answers (a prompt nobody sees) must not hang a
 * headless export: give up after a while and go on without a password. */
static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *dog = data;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_mutex_lock (&dog->lock);
  while (!dog->done)
    if (!g_cond_wait_until (&dog->cond, &dog->lock, end))
      {
        g_cancellable_cancel (dog->cancellable);
        break;
      }
  g_mutex_unlock (&dog->lock);
  return NULL;
}

/* The command line needs the bus no more. Closed, it can have no
 * message half-read on GDBus's thread while the process exits, which
 * LeakSanitizer took for a leak now and then. */
static void
close_session_bus (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (bus != NULL)
    g_dbus_connection_close_sync (bus, NULL, NULL);
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
  Watchdog dog = { 0 };
  GThread *thread;

  g_return_val_if_fail (password != NULL, FALSE);

  *password = NULL;
  if (profile_out != NULL)
    *profile_out = NULL;
  if (!pulse_connection_resolve (name_or_conninfo, conninfo, &profile, error))
    return FALSE;
  if (profile == NULL)
    return TRUE;

  g_mutex_init (&dog.lock);
  g_cond_init (&dog.cond);
  dog.cancellable = g_cancellable_new ();
  thread = g_thread_new ("pulse-keyring-watchdog", watchdog_thread, &dog);

  *password = pulse_secrets_lookup_sync (profile, dog.cancellable, &local_error);

  g_mutex_lock (&dog.lock);
  dog.done = TRUE;
  g_cond_signal (&dog.cond);
  g_mutex_unlock (&dog.lock);
  g_thread_join (thread);
  g_clear_object (&dog.cancellable);
  g_cond_clear (&dog.cond);
  g_mutex_clear (&dog.lock);
  close_session_bus ();

  if (local_error != NULL)
    g_debug ("No password from the keyring for “%s”: %s",
             pulse_connection_profile_get_name (profile), local_error->message);
  if (profile_out != NULL)
    *profile_out = g_steal_pointer (&profile);
  return TRUE;
}
