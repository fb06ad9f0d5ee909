/* test-connections.c: saved connections, error classes, no leaked passwords
 *
 * Runs against a real PostgreSQL test cluster. The process gets its own
 * config and cache directories and no session bus (so no keyring: the
 * keyring itself is tested in test-keyring.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pulse-connection-profile-private.h"
#include "pulse-connection-store-private.h"
#include "pulse-error.h"
#include "pulse-secrets.h"
#include "pulse-test-pg.h"

#define PW_ROLE     "pulse_pw_user"
#define PW_PASSWORD "Horse-Battery-Staple-7731"
#define SUPERUSER   "pulse"  /* the test cluster's superuser */

static char *tmp_home;

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "pulse", "connections.json", NULL);
}

static void
reset_config (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "pulse", NULL);

  pulse_test_remove_tree (dir);
}

static PulseConnectionProfile *
socket_profile (const char *name,
                const char *database,
                const char *user)
{
  PulseConnectionProfile *profile = pulse_connection_profile_new ();

  pulse_connection_profile_set_name (profile, name);
  pulse_connection_profile_set_host (profile, pulse_test_pg_socket_dir ());
  pulse_connection_profile_set_port (profile, pulse_test_pg_port ());
  pulse_connection_profile_set_database (profile, database);
  pulse_connection_profile_set_user (profile, user);
  return profile;
}

static void
test_round_trip (void)
{
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionStore) again = NULL;
  g_autoptr(PulseConnectionProfile) a = pulse_connection_profile_new ();
  g_autoptr(PulseConnectionProfile) b = pulse_connection_profile_new ();
  g_autoptr(PulseConnectionProfile) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = config_path ();
  g_autofree char *id_a = NULL;
  g_autofree char *unique = NULL;
  PulseConnectionProfile *loaded;

  reset_config ();
  g_assert_cmpstr (pulse_connection_store_get_path (store), ==, path);
  g_assert_true (pulse_connection_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  pulse_connection_profile_set_name (a, "Production replica");
  pulse_connection_profile_set_host (a, "replica.example.com");
  pulse_connection_profile_set_port (a, 6432);
  pulse_connection_profile_set_database (a, "platform");
  pulse_connection_profile_set_user (a, "pm");
  pulse_connection_profile_set_sslmode (a, "verify-full");
  pulse_connection_profile_set_sslrootcert (a, "/etc/ssl/certs/root.crt");
  pulse_connection_profile_set_statement_timeout (a, 90);
  pulse_connection_profile_set_timezone (a, "Europe/Berlin");
  id_a = g_strdup (pulse_connection_profile_get_id (a));
  pulse_connection_profile_set_name (b, "Staging");
  pulse_connection_profile_set_service (b, "staging");
  pulse_connection_store_add (store, a);
  pulse_connection_store_add (store, b);
  copy = pulse_connection_profile_duplicate (a);
  g_assert_cmpstr (pulse_connection_profile_get_id (copy), !=, id_a);
  g_assert_cmpstr (pulse_connection_profile_get_host (copy), ==, "replica.example.com");
  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  again = pulse_connection_store_new (NULL);
  g_assert_true (pulse_connection_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpuint (g_strv_length ((char **)pulse_connection_store_get_problems (again)), ==, 0);
  loaded = pulse_connection_store_lookup_name (again, "Production replica");
  g_assert_nonnull (loaded);
  g_assert_cmpstr (pulse_connection_profile_get_id (loaded), ==, id_a);
  g_assert_cmpstr (pulse_connection_profile_get_host (loaded), ==, "replica.example.com");
  g_assert_cmpuint (pulse_connection_profile_get_port (loaded), ==, 6432);
  g_assert_cmpstr (pulse_connection_profile_get_database (loaded), ==, "platform");
  g_assert_cmpstr (pulse_connection_profile_get_user (loaded), ==, "pm");
  g_assert_cmpstr (pulse_connection_profile_get_sslmode (loaded), ==, "verify-full");
  g_assert_cmpstr (pulse_connection_profile_get_sslrootcert (loaded), ==, "/etc/ssl/certs/root.crt");
  g_assert_cmpuint (pulse_connection_profile_get_statement_timeout (loaded), ==, 90);
  g_assert_cmpstr (pulse_connection_profile_get_timezone (loaded), ==, "Europe/Berlin");
  g_assert_cmpstr (pulse_connection_profile_get_service (pulse_connection_store_lookup_name (again, "Staging")), ==, "staging");
  g_assert_false (pulse_connection_profile_needs_tls_warning (loaded));

  /* Edit and delete, then read back once more. */
  pulse_connection_profile_set_name (loaded, "Replica");
  pulse_connection_profile_set_port (loaded, 5433);
  pulse_connection_profile_set_sslmode (loaded, "prefer");
  g_assert_true (pulse_connection_profile_needs_tls_warning (loaded));
  pulse_connection_store_remove (again, pulse_connection_store_lookup_name (again, "Staging"));
  g_assert_true (pulse_connection_store_save (again, &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  store = pulse_connection_store_new (NULL);
  g_assert_true (pulse_connection_store_load (store, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_null (pulse_connection_store_lookup_name (store, "Staging"));
  loaded = pulse_connection_store_lookup_id (store, id_a);
  g_assert_cmpstr (pulse_connection_profile_get_name (loaded), ==, "Replica");
  g_assert_cmpuint (pulse_connection_profile_get_port (loaded), ==, 5433);
  unique = pulse_connection_store_unique_name (store, "Replica");
  g_assert_cmpstr (unique, ==, "Replica 2");
}

static void
test_fill_from_string (void)
{
  g_autoptr(PulseConnectionProfile) profile = pulse_connection_profile_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *conninfo = NULL;

  g_assert_true (pulse_connection_profile_fill_from_string (profile,
                 "postgres://pm:s3cret@db.example.com:5544/platform?sslmode=verify-ca", &password, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret");
  g_assert_cmpstr (pulse_connection_profile_get_host (profile), ==, "db.example.com");
  g_assert_cmpuint (pulse_connection_profile_get_port (profile), ==, 5544);
  g_assert_cmpstr (pulse_connection_profile_get_database (profile), ==, "platform");
  g_assert_cmpstr (pulse_connection_profile_get_user (profile), ==, "pm");
  g_assert_cmpstr (pulse_connection_profile_get_sslmode (profile), ==, "verify-ca");
  g_assert_cmpstr (pulse_connection_profile_get_name (profile), ==, "pm@db.example.com:5544/platform");

  /* The password never goes into the conninfo or the JSON. */
  conninfo = pulse_connection_profile_to_conninfo (profile);
  g_assert_null (strstr (conninfo, "s3cret"));
  g_assert_true (pulse_db_validate_conninfo (conninfo, NULL));

  g_assert_false (pulse_connection_profile_fill_from_string (profile, "host=a port", NULL, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (pulse_connection_profile_get_host (profile), ==, "db.example.com");
  g_clear_error (&error);
  g_assert_false (pulse_connection_profile_fill_from_string (profile, "postgres://[broken", NULL, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT);
}

static void
test_corrupt_file (void)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  const char *truncated = "{\"version\": 1, \"connections\": [{\"id\": \"x\", \"name\": \"Cut";
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  const char * const *problems;

  reset_config ();
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, truncated, -1, &error);
  g_assert_no_error (error);

  g_assert_true (pulse_connection_store_load (store, &error));
  g_assert_no_error (error);
  problems = pulse_connection_store_get_problems (store);
  g_assert_cmpuint (g_strv_length ((char **)problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], "damaged"));
  g_assert_nonnull (pulse_connection_store_get_backup_path (store));
  g_assert_true (g_str_has_prefix (pulse_connection_store_get_backup_path (store), path));
  g_assert_nonnull (strstr (pulse_connection_store_get_backup_path (store), ".corrupt-"));
  g_file_get_contents (pulse_connection_store_get_backup_path (store), &kept, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, truncated);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

static void
test_bad_entry (void)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  const char *contents =
    "{\"version\": 1, \"connections\": ["
    "{\"id\": \"1\", \"name\": \"Good one\", \"host\": \"a.example.com\"},"
    "{\"id\": \"2\", \"name\": \"Bad port\", \"port\": \"many\"},"
    "[\"not\", \"an\", \"object\"],"
    "{\"id\": \"4\", \"name\": \"Good two\", \"sslmode\": \"require\"}]}";
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  reset_config ();
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  g_assert_true (pulse_connection_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_nonnull (pulse_connection_store_lookup_name (store, "Good one"));
  g_assert_cmpstr (pulse_connection_profile_get_sslmode (pulse_connection_store_lookup_name (store, "Good two")), ==, "require");
  /* Two skipped entries and the note about the copy. */
  g_assert_cmpuint (g_strv_length ((char **)pulse_connection_store_get_problems (store)), ==, 3);
  g_file_get_contents (pulse_connection_store_get_backup_path (store), &kept, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, contents);
  /* The original is still there until the next save. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* json-glib takes the octal escape \333 as the byte 0xdb: an entry with
 * bytes that are not UTF-8 is skipped like any bad one, so
 * the next save can be loaded again; a second load of the same damaged
 * file keeps no second copy of it. */
static void
test_invalid_utf8 (void)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  const char *contents =
    "{\"version\": 1, \"connections\": ["
    "{\"id\": \"1\", \"name\": \"Good\", \"host\": \"a.example.com\"},"
    "{\"id\": \"2\", \"name\": \"Bad\", \"database\": \"db\\333\"}]}";
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionStore) again = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionStore) reloaded = pulse_connection_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  guint copies = 0;

  reset_config ();
  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  g_assert_true (pulse_connection_store_load (store, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_nonnull (strstr (pulse_connection_store_get_problems (store)[0], "UTF-8"));
  g_assert_true (pulse_connection_store_load (again, &error));
  g_assert_cmpstr (pulse_connection_store_get_backup_path (again), ==, pulse_connection_store_get_backup_path (store));
  d = g_dir_open (dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (d));)
    copies += strstr (name, ".corrupt-") != NULL;
  g_assert_cmpuint (copies, ==, 1);

  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_true (pulse_connection_store_load (reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 1);
  g_assert_null (pulse_connection_store_get_problems (reloaded)[0]);
}

/* The file is private (0600), keeps a mode it was given, and a symlink
 * to it (a dotfiles repository) stays a symlink. */
static void
test_store_mode_and_symlink (void)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *real = g_build_filename (dir, "real.json", NULL);
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionProfile) profile = socket_profile ("Mode", "postgres", SUPERUSER);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  reset_config ();
  pulse_connection_store_add (store, profile);
  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  g_assert_cmpint (g_rename (path, real), ==, 0);
  g_assert_cmpint (g_chmod (real, 0640), ==, 0);
  g_assert_cmpint (symlink ("real.json", path), ==, 0);
  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpint (g_stat (real, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
}

/* A socket file with no server behind it (ECONNREFUSED on a Unix
 * socket) is not described as a TCP problem. */
static void
test_stale_socket (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pulse-socket-XXXXXX", &error);
  g_autoptr(PulseConnectionProfile) profile = socket_profile ("stale", "postgres", SUPERUSER);
  g_autoptr(PulseConnectionReport) report = NULL;
  struct sockaddr_un address = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);

  /* Bound but not listening: connecting is refused. */
  g_snprintf (address.sun_path, sizeof address.sun_path, "%s/.s.PGSQL.5999", dir);
  g_assert_cmpint (bind (fd, (struct sockaddr *)&address, sizeof address), ==, 0);
  pulse_connection_profile_set_host (profile, dir);
  pulse_connection_profile_set_port (profile, 5999);

  report = pulse_connection_profile_check (profile, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_CONNECTION_REFUSED);
  g_assert_null (strstr (error->message, "TCP"));
  g_assert_nonnull (strstr (error->message, "socket"));
  close (fd);
  pulse_test_remove_tree (dir);
}

/* Fails with @code; the raw text libpq gave is kept (and says @raw_text,
 * when given), and never holds the password. */
static void
assert_check_fails (PulseConnectionProfile *profile,
                    const char             *password,
                    const char             *raw_text,
                    PulseError              code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseConnectionReport) report = NULL;
  g_autofree char *raw = NULL;

  report = pulse_connection_profile_check (profile, password, NULL, &raw, &error);
  g_test_message ("%s | raw: %s", error ? error->message : "", raw);
  g_assert_null (report);
  g_assert_error (error, PULSE_ERROR, (int)code);
  if (password != NULL)
    g_assert_null (strstr (error->message, password));
  if (code != PULSE_ERROR_TIMEOUT)
    g_assert_nonnull (raw);
  if (raw_text != NULL)
    g_assert_nonnull (strstr (raw, raw_text));
}

static void
test_wrong_password (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("conn_password");
  g_autoptr(PulseConnectionProfile) profile = socket_profile ("pw", "conn_password", PW_ROLE);
  g_autoptr(PulseConnectionReport) report = NULL;
  g_autoptr(GError) error = NULL;

  assert_check_fails (profile, "not-the-password", NULL, PULSE_ERROR_AUTHENTICATION);
  assert_check_fails (profile, NULL, NULL, PULSE_ERROR_AUTHENTICATION);

  report = pulse_connection_profile_check (profile, PW_PASSWORD, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (g_str_has_prefix (report->server_version, "15"));
  g_assert_true (report->read_only);
  g_assert_false (report->replica);
  g_assert_cmpuint (report->present->len, ==, 12);
  g_assert_cmpuint (report->missing->len, ==, 0);
  g_assert_cmpuint (report->not_set_up->len, ==, 3);
  g_assert_true (pulse_connection_report_check_platform (report, &error));
}

static void
test_can_create (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("conn_create");
  g_autoptr(PulseConnectionProfile) profile = socket_profile ("c", "conn_create", PW_ROLE);
  g_autoptr(PulseConnectionReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* PostgreSQL 15: nobody but the owner may create in public... */
  report = pulse_connection_profile_check (profile, PW_PASSWORD, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (report->can_create);
  g_clear_pointer (&report, pulse_connection_report_free);

  /* ...until granted. */
  pulse_test_pg_exec (conninfo, "GRANT CREATE ON SCHEMA public TO " PW_ROLE);
  pulse_test_pg_exec (conninfo, "CREATE TABLE sessions (id int)");
  report = pulse_connection_profile_check (profile, PW_PASSWORD, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->can_create);
  g_assert_cmpuint (report->present->len, ==, 13);
  g_assert_cmpuint (report->not_set_up->len, ==, 2);
}

static void
test_not_platform (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("conn_other");
  g_autoptr(PulseConnectionProfile) profile = socket_profile ("o", "conn_other", SUPERUSER);
  g_autoptr(PulseConnectionReport) report = NULL;
  g_autoptr(GError) error = NULL;

  pulse_test_pg_exec (conninfo, "DROP TABLE public.posts CASCADE; DROP TABLE public.finder_votes CASCADE");
  report = pulse_connection_profile_check (profile, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->missing->len, ==, 2);
  g_assert_false (pulse_connection_report_check_platform (report, &error));
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM);
  g_assert_nonnull (strstr (error->message, "posts"));
  g_assert_nonnull (strstr (error->message, "finder_votes"));
}

static guint
closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint port;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static void
test_refused (void)
{
  g_autoptr(PulseConnectionProfile) tcp = socket_profile ("tcp", "postgres", SUPERUSER);
  g_autoptr(PulseConnectionProfile) unix_socket = socket_profile ("socket", "postgres", SUPERUSER);

  pulse_connection_profile_set_host (tcp, "127.0.0.1");
  pulse_connection_profile_set_port (tcp, closed_port ());
  assert_check_fails (tcp, NULL, NULL, PULSE_ERROR_CONNECTION_REFUSED);

  pulse_connection_profile_set_host (unix_socket, "/nonexistent/pulse-socket-dir");
  assert_check_fails (unix_socket, NULL, NULL, PULSE_ERROR_CONNECTION_REFUSED);
}

/* libpq quotes the system's error text in the user's language: the
 * right advice must not depend on it being English. */
static void
test_refused_in_german (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  /* As pulse's main() does: LANGUAGE counts in a locale other than "C". */
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");
  if (g_strcmp0 (strerror (ENOENT), "No such file or directory") == 0)
    {
      g_test_skip ("No German system messages on this machine");
    }
  else
    {
      g_autoptr(PulseConnectionProfile) tcp = socket_profile ("tcp", "postgres", SUPERUSER);
      g_autoptr(PulseConnectionProfile) unix_socket = socket_profile ("socket", "postgres", SUPERUSER);

      pulse_connection_profile_set_host (tcp, "127.0.0.1");
      pulse_connection_profile_set_port (tcp, closed_port ());
      assert_check_fails (tcp, NULL, strerror (ECONNREFUSED), PULSE_ERROR_CONNECTION_REFUSED);

      pulse_connection_profile_set_host (unix_socket, "/nonexistent/pulse-socket-dir");
      assert_check_fails (unix_socket, NULL, strerror (ENOENT), PULSE_ERROR_CONNECTION_REFUSED);
    }
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C");
}

static void
test_missing_database (void)
{
  g_autoptr(PulseConnectionProfile) profile = socket_profile ("m", "no_such_database", SUPERUSER);

  assert_check_fails (profile, NULL, NULL, PULSE_ERROR_MISSING_DATABASE);
}

/* A TCP server that answers libpq's SSLRequest with "no", or not at all. */
typedef struct
{
  GSocket *listener;
  gboolean answer;
} FakeServer;

static gpointer
fake_server_thread (gpointer data)
{
  FakeServer *server = data;
  g_autoptr(GSocket) client = g_socket_accept (server->listener, NULL, NULL);
  char buf[8];

  if (client == NULL)
    return NULL;
  g_socket_receive (client, buf, sizeof buf, NULL, NULL);
  if (server->answer)
    g_socket_send (client, "N", 1, NULL, NULL);
  else
    g_usleep (3 * G_USEC_PER_SEC);
  return NULL;
}

static guint
fake_server_start (FakeServer *server,
                   GThread   **thread)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (server->listener, any, TRUE, NULL));
  g_assert_true (g_socket_listen (server->listener, NULL));
  bound = g_socket_get_local_address (server->listener, NULL);
  *thread = g_thread_new ("fake-server", fake_server_thread, server);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_tls_refused (void)
{
  FakeServer server = { NULL, TRUE };
  GThread *thread;
  g_autoptr(PulseConnectionProfile) profile = socket_profile ("tls", "postgres", "pm");

  pulse_connection_profile_set_host (profile, "127.0.0.1");
  pulse_connection_profile_set_port (profile, fake_server_start (&server, &thread));
  pulse_connection_profile_set_sslmode (profile, "require");
  assert_check_fails (profile, NULL, NULL, PULSE_ERROR_TLS);
  g_thread_join (thread);
  g_clear_object (&server.listener);
}

static void
test_timeout (void)
{
  FakeServer server = { NULL, FALSE };
  GThread *thread;
  PulseSessionOptions options;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  PGconn *conn;
  gint64 start;

  pulse_session_options_init_dashboard (&options);
  options.connect_timeout_ms = 500;
  conninfo = g_strdup_printf ("host=127.0.0.1 port=%u user=pm dbname=x sslmode=disable",
                              fake_server_start (&server, &thread));
  start = g_get_monotonic_time ();
  conn = pulse_db_connect (conninfo, &options, NULL, &error);
  g_assert_null (conn);
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_thread_join (thread);
  g_clear_object (&server.listener);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} StoreWait;

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  StoreWait *wait = user_data;

  wait->ok = pulse_secrets_store_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
test_no_password_in_files (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("conn_leak");
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionProfile) profile = NULL;
  g_autoptr(PulseConnectionReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *found = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json_path = g_build_filename (tmp_home, "export.json", NULL);
  StoreWait wait = { g_main_loop_new (NULL, FALSE), FALSE, NULL };
  int status = -1;

  reset_config ();
  pulse_test_pg_exec (conninfo, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " PW_ROLE);
  profile = pulse_connection_profile_new ();
  /* A pasted URI carries the password: it goes to the keyring or nowhere. */
  g_assert_true (pulse_connection_profile_fill_from_string (profile, "postgresql://" PW_ROLE ":" PW_PASSWORD "@/conn_leak", &password, &error));
  g_assert_cmpstr (password, ==, PW_PASSWORD);
  pulse_connection_profile_set_host (profile, pulse_test_pg_socket_dir ());
  pulse_connection_profile_set_port (profile, pulse_test_pg_port ());
  pulse_connection_profile_set_name (profile, "Leak check");
  pulse_connection_store_add (store, profile);
  g_assert_true (pulse_connection_store_save (store, &error));
  g_assert_no_error (error);

  /* No keyring in this process: storing fails cleanly, and the app asks instead. */
  pulse_secrets_store_async (profile, password, NULL, on_stored, &wait);
  g_main_loop_run (wait.loop);
  g_assert_false (wait.ok);
  g_assert_nonnull (wait.error);
  g_test_message ("no keyring: %s", wait.error->message);
  g_clear_error (&wait.error);
  g_main_loop_unref (wait.loop);

  report = pulse_connection_profile_check (profile, password, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Headless by name: no keyring, no .pgpass: a clear error without the password. */
  {
    const char *argv[] = { g_getenv ("PULSE_BINARY"), "--connection", "Leak check",
                           "--export-json", json_path, NULL };
    g_spawn_sync (NULL, (char **)argv, NULL, 0, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, "password"));
    g_assert_null (strstr (err, PW_PASSWORD));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Headless by name with a .pgpass file: libpq finds the password itself. */
  {
    g_autofree char *pgpass = g_build_filename (tmp_home, "pgpass", NULL);
    g_autofree char *line = g_strdup_printf ("*:*:conn_leak:" PW_ROLE ":" PW_PASSWORD "\n");
    const char *argv[] = { g_getenv ("PULSE_BINARY"), "--connection", "Leak check",
                           "--export-json", json_path, NULL };
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PGPASSFILE", pgpass, TRUE);

    g_file_set_contents (pgpass, line, -1, &error);
    g_assert_no_error (error);
    g_chmod (pgpass, 0600);
    g_spawn_sync (NULL, (char **)argv, envp, 0, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_test_message ("stderr: %s", err);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (json_path, G_FILE_TEST_IS_REGULAR));
    g_unlink (pgpass);
  }

  found = pulse_test_find_in_tree (g_get_user_config_dir (), PW_PASSWORD);
  g_assert_null (found);
  found = pulse_test_find_in_tree (g_get_user_cache_dir (), PW_PASSWORD);
  g_assert_null (found);
  found = pulse_test_find_in_tree (tmp_home, PW_PASSWORD);
  g_assert_null (found);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pulse_connection_store_save_finish (PULSE_CONNECTION_STORE (source), result, &error));
  g_assert_no_error (error);
  (*(guint *) user_data)++;
}

/* Saves in quick succession run side by side in the thread pool; the
 * file ends with the last snapshot, whichever thread finishes last. */
static void
test_saves_newest_wins (void)
{
  g_autoptr(PulseConnectionStore) store = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionStore) again = pulse_connection_store_new (NULL);
  g_autoptr(PulseConnectionProfile) profile = pulse_connection_profile_new ();
  g_autoptr(GError) error = NULL;
  guint n_saved = 0;
  const guint n_saves = 40;

  reset_config ();
  pulse_connection_store_add (store, profile);
  for (guint i = 0; i < n_saves; i++)
    {
      g_autofree char *name = g_strdup_printf ("Replica %u", i);

      pulse_connection_profile_set_name (profile, name);
      pulse_connection_store_save_async (store, NULL, on_saved, &n_saved);
    }
  while (n_saved < n_saves)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (pulse_connection_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_nonnull (pulse_connection_store_lookup_name (again, "Replica 39"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;
  int ret;

  /* Before anything reads them. */
  tmp_home = g_dir_make_tmp ("pulse-test-conn-XXXXXX", NULL);
  config = g_build_filename (tmp_home, "config", NULL);
  cache = g_build_filename (tmp_home, "cache", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/pulse-test-bus", TRUE);
  g_unsetenv ("PGPASSWORD");
  g_setenv ("PGPASSFILE", "/nonexistent/pgpass", TRUE);

  g_test_init (&argc, &argv, NULL);
  pulse_test_pg_start ();
  pulse_test_pg_add_password_role (PW_ROLE, PW_PASSWORD);

  g_test_add_func ("/connections/round-trip", test_round_trip);
  g_test_add_func ("/connections/fill-from-string", test_fill_from_string);
  g_test_add_func ("/connections/saves-newest-wins", test_saves_newest_wins);
  g_test_add_func ("/connections/corrupt-file", test_corrupt_file);
  g_test_add_func ("/connections/bad-entry", test_bad_entry);
  g_test_add_func ("/connections/wrong-password", test_wrong_password);
  g_test_add_func ("/connections/can-create", test_can_create);
  g_test_add_func ("/connections/not-platform", test_not_platform);
  g_test_add_func ("/connections/refused", test_refused);
  g_test_add_func ("/connections/refused-in-german", test_refused_in_german);
  g_test_add_func ("/connections/missing-database", test_missing_database);
  g_test_add_func ("/connections/tls-refused", test_tls_refused);
  g_test_add_func ("/connections/timeout", test_timeout);
  g_test_add_func ("/connections/no-password-in-files", test_no_password_in_files);
  g_test_add_func ("/connections/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/connections/store-mode-and-symlink", test_store_mode_and_symlink);
  g_test_add_func ("/connections/stale-socket", test_stale_socket);
  ret = g_test_run ();

  pulse_test_pg_stop ();
  pulse_test_remove_tree (tmp_home);
  return ret;
}
