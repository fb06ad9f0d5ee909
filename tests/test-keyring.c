/* test-keyring.c: connection passwords through a real Secret Service
 *
 * Runs inside its own `dbus-run-session` (see tests/meson.build) and
 * starts a private gnome-keyring-daemon whose keyring files live in a
 * temporary directory, so the user's real keyring is never touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "pulse-connection-store.h"
#include "pulse-secrets.h"
#include "pulse-test-pg.h"

#define PW_ROLE     "pulse_kr_user"
#define PW_PASSWORD "Correct-Keyring-Horse-4420"

static char *tmp_home;
static GPid daemon_pid;

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  char      *password;
  GError    *error;
} Wait;

static void
on_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  wait->ok = pulse_secrets_store_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
on_looked_up (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  wait->password = pulse_secrets_lookup_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
on_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Wait *wait = user_data;
  wait->ok = pulse_secrets_clear_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static char *
lookup (PulseConnectionProfile *profile)
{
  Wait wait = { g_main_loop_new (NULL, FALSE) };

  pulse_secrets_lookup_async (profile, NULL, on_looked_up, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_no_error (wait.error);
  return wait.password;
}

static void
test_round_trip (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("keyring_db");
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionProfile) profile = pulse_connection_profile_new ();
  g_autoptr(PulseConnectionProfile) other = pulse_connection_profile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *json_path = g_build_filename (tmp_home, "export.json", NULL);
  g_autofree char *err = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE) };
  char *password;
  int status = -1;

  pulse_test_pg_exec (conninfo, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " PW_ROLE);
  pulse_connection_profile_set_name (profile, "Keyring replica");
  pulse_connection_profile_set_host (profile, pulse_test_pg_socket_dir ());
  pulse_connection_profile_set_port (profile, pulse_test_pg_port ());
  pulse_connection_profile_set_database (profile, "keyring_db");
  pulse_connection_profile_set_user (profile, PW_ROLE);
  pulse_connection_profile_set_name (other, "Other");
  pulse_connection_store_add (store, profile);
  pulse_connection_store_add (store, other);
  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_no_error (error);

  pulse_secrets_store_async (profile, PW_PASSWORD, NULL, on_stored, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);

  password = lookup (profile);
  g_assert_cmpstr (password, ==, PW_PASSWORD);
  pulse_secrets_free_password (password);
  /* Secrets are per profile. */
  g_assert_null (lookup (other));

  /* Headless by name: the password comes from the keyring. */
  {
    const char *argv[] = { g_getenv ("PULSE_BINARY"), "--connection", "Keyring replica",
                           "--export-json", json_path, NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, 0, NULL, NULL, NULL, &err, &status, &error);
    g_assert_no_error (error);
    g_test_message ("stderr: %s", err);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (json_path, G_FILE_TEST_IS_REGULAR));
  }

  /* The keyring file is encrypted; config and cache hold no trace. */
  found = pulse_test_find_in_tree (tmp_home, PW_PASSWORD);
  g_assert_null (found);

  pulse_secrets_clear_async (profile, NULL, on_cleared, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_null (lookup (profile));
  g_main_loop_unref (wait.loop);
}

static void
start_keyring (void)
{
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets", NULL };
  g_autoptr(GError) error = NULL;
  int in_fd = -1;

  /* An empty login password on stdin creates an unlocked keyring, no prompt. */
  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                            NULL, NULL, &daemon_pid, &in_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (in_fd, "\n", 1), ==, 1);
  close (in_fd);

  for (int i = 0; i < 100; i++)
    {
      g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      g_autoptr(GVariant) reply = NULL;

      g_assert_no_error (error);
      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);
      if (reply != NULL)
        {
          gboolean owned;
          g_variant_get (reply, "(b)", &owned);
          if (owned)
            return;
        }
      g_usleep (G_USEC_PER_SEC / 10);
    }
  g_error ("gnome-keyring-daemon did not start");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *data = NULL;
  g_autofree char *daemon = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  daemon = g_find_program_in_path ("gnome-keyring-daemon");
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL || daemon == NULL)
    {
      g_test_skip ("needs a private session bus (dbus-run-session) and gnome-keyring-daemon");
      return 0;
    }

  tmp_home = g_dir_make_tmp ("pulse-test-keyring-XXXXXX", NULL);
  config = g_build_filename (tmp_home, "config", NULL);
  cache = g_build_filename (tmp_home, "cache", NULL);
  data = g_build_filename (tmp_home, "data", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", tmp_home, TRUE);
  g_setenv ("PGPASSFILE", "/nonexistent/pgpass", TRUE);
  g_unsetenv ("PGPASSWORD");

  start_keyring ();
  pulse_test_pg_start ();
  pulse_test_pg_add_password_role (PW_ROLE, PW_PASSWORD);

  g_test_add_func ("/keyring/round-trip", test_round_trip);
  ret = g_test_run ();

  pulse_test_pg_stop ();
  kill (daemon_pid, SIGTERM);
  g_spawn_close_pid (daemon_pid);
  pulse_test_remove_tree (tmp_home);
  return ret;
}
