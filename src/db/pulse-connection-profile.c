/* pulse-connection-profile.c: one saved PostgreSQL connection
 *
 * A profile holds everything needed to reach a database except the
 * password, which lives only in the keyring (see pulse-secrets.c) and is
 * handed to libpq as a separate keyword, never inside a conninfo string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "pulse-connection-profile-private.h"
#include "pulse-error.h"

const char * const pulse_platform_tables[] = {
  "persons", "profiles", "profile_updates", "posts", "post_views", "post_reactions",
  "post_comments", "profile_views", "finder_searches", "finder_votes", "collections",
  "activity_events", NULL
};

const char * const pulse_tracking_tables[] = {
  "sessions", "collection_shares", "collection_items", NULL
};

static const char * const sslmodes[] = {
  "disable", "prefer", "require", "verify-ca", "verify-full", NULL
};

struct _PulseConnectionProfile
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *host;
  guint    port;
  char    *database;
  char    *user;
  char    *sslmode;
  char    *sslrootcert;
  char    *service;
  guint    statement_timeout;
  char    *timezone;
};

G_DEFINE_FINAL_TYPE (PulseConnectionProfile, pulse_connection_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_HOST,
  PROP_PORT,
  PROP_DATABASE,
  PROP_USER,
  PROP_SSLMODE,
  PROP_SSLROOTCERT,
  PROP_SERVICE,
  PROP_STATEMENT_TIMEOUT,
  PROP_TIMEZONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
pulse_connection_report_free (PulseConnectionReport *report)
{
  if (report == NULL)
    return;
  g_free (report->server_version);
  g_clear_pointer (&report->present, g_ptr_array_unref);
  g_clear_pointer (&report->missing, g_ptr_array_unref);
  g_clear_pointer (&report->not_set_up, g_ptr_array_unref);
  g_free (report);
}

/* Returns: %FALSE with %PULSE_ERROR_NOT_PLATFORM if baseline tables are missing */
gboolean
pulse_connection_report_check_platform (const PulseConnectionReport  *report,
                                        GError                      **error)
{
  g_autofree char *list = NULL;

  g_return_val_if_fail (report != NULL, FALSE);

  if (report->missing->len == 0)
    return TRUE;
  g_ptr_array_add (report->missing, NULL);
  list = g_strjoinv (", ", (char **)report->missing->pdata);
  g_ptr_array_remove_index (report->missing, report->missing->len - 1);
  g_set_error (error, PULSE_ERROR, PULSE_ERROR_NOT_PLATFORM,
               _("This database does not look like the talent platform: %u of its %u tables are missing (%s). "
                 "Check the database name, or the schema search path of the user"),
               report->missing->len, g_strv_length ((char **)pulse_platform_tables), list);
  return FALSE;
}

static char **
string_field (PulseConnectionProfile *self,
              guint                   prop_id)
{
  switch (prop_id)
    {
    case PROP_ID: return &self->id;
    case PROP_NAME: return &self->name;
    case PROP_HOST: return &self->host;
    case PROP_DATABASE: return &self->database;
    case PROP_USER: return &self->user;
    case PROP_SSLMODE: return &self->sslmode;
    case PROP_SSLROOTCERT: return &self->sslrootcert;
    case PROP_SERVICE: return &self->service;
    case PROP_TIMEZONE: return &self->timezone;
    default: return NULL;
    }
}

static void
set_string (PulseConnectionProfile *self,
            guint                   prop_id,
            const char             *value)
{
  char **field = string_field (self, prop_id);

  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_uint (PulseConnectionProfile *self,
          guint                   prop_id,
          guint                   value)
{
  guint *field = prop_id == PROP_PORT ? &self->port : &self->statement_timeout;

  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
pulse_connection_profile_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PulseConnectionProfile *self = PULSE_CONNECTION_PROFILE (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_STATEMENT_TIMEOUT:
      g_value_set_uint (value, self->statement_timeout);
      break;
    default:
      if (string_field (self, prop_id) == NULL)
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      else
        g_value_set_string (value, *string_field (self, prop_id));
    }
}

static void
pulse_connection_profile_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PulseConnectionProfile *self = PULSE_CONNECTION_PROFILE (object);

  switch (prop_id)
    {
    case PROP_PORT:
    case PROP_STATEMENT_TIMEOUT:
      set_uint (self, prop_id, g_value_get_uint (value));
      break;
    case PROP_SSLMODE:
      pulse_connection_profile_set_sslmode (self, g_value_get_string (value));
      break;
    default:
      if (string_field (self, prop_id) == NULL)
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      else
        set_string (self, prop_id, g_value_get_string (value));
    }
}

static void
pulse_connection_profile_finalize (GObject *object)
{
  PulseConnectionProfile *self = PULSE_CONNECTION_PROFILE (object);

  for (guint i = PROP_ID; i < N_PROPS; i++)
    if (string_field (self, i) != NULL)
      g_clear_pointer (string_field (self, i), g_free);

  G_OBJECT_CLASS (pulse_connection_profile_parent_class)->finalize (object);
}

static void
pulse_connection_profile_class_init (PulseConnectionProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = pulse_connection_profile_get_property;
  object_class->set_property = pulse_connection_profile_set_property;
  object_class->finalize = pulse_connection_profile_finalize;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);
  properties[PROP_DATABASE] = g_param_spec_string ("database", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_SSLMODE] = g_param_spec_string ("sslmode", NULL, NULL, NULL, flags);
  properties[PROP_SSLROOTCERT] = g_param_spec_string ("sslrootcert", NULL, NULL, NULL, flags);
  properties[PROP_SERVICE] = g_param_spec_string ("service", NULL, NULL, NULL, flags);
  properties[PROP_STATEMENT_TIMEOUT] = g_param_spec_uint ("statement-timeout", NULL, NULL,
                                                          0, 24 * 3600, 60, flags);
  properties[PROP_TIMEZONE] = g_param_spec_string ("timezone", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pulse_connection_profile_init (PulseConnectionProfile *self)
{
  self->id = g_uuid_string_random ();
  self->name = g_strdup ("");
  self->host = g_strdup ("");
  self->database = g_strdup ("");
  self->user = g_strdup ("");
  self->sslmode = g_strdup ("prefer");
  self->sslrootcert = g_strdup ("");
  self->service = g_strdup ("");
  self->timezone = g_strdup ("");
  self->statement_timeout = PULSE_DB_DEFAULT_STATEMENT_TIMEOUT_MS / 1000;
}

PulseConnectionProfile *
pulse_connection_profile_new (void)
{
  return g_object_new (PULSE_TYPE_CONNECTION_PROFILE, NULL);
}

/* A copy with its own id, so it gets its own keyring entry. */
PulseConnectionProfile *
pulse_connection_profile_duplicate (PulseConnectionProfile *self)
{
  PulseConnectionProfile *copy;
  g_autofree char *name = NULL;

  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), NULL);

  /* Translators: the name of a duplicated connection */
  name = g_strdup_printf (_("%s (copy)"), self->name);
  copy = g_object_new (PULSE_TYPE_CONNECTION_PROFILE,
                       "name", name, "host", self->host, "port", self->port,
                       "database", self->database, "user", self->user,
                       "sslmode", self->sslmode, "sslrootcert", self->sslrootcert,
                       "service", self->service, "statement-timeout", self->statement_timeout,
                       "timezone", self->timezone, NULL);
  return copy;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_uint (JsonObject *object,
             const char *member,
             guint       max,
             guint      *value)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 v;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  v = json_node_get_int (node);
  if (v < 0 || v > max)
    return FALSE;
  *value = (guint)v;
  return TRUE;
}

/* json-glib keeps bytes that are not UTF-8; saved again, they would make
 * the whole file unreadable. */
static gboolean
strings_are_utf8 (JsonObject *object)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_utf8_validate (member, -1, NULL) ||
        (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         !g_utf8_validate (json_node_get_string (node), -1, NULL)))
      return FALSE;
  return TRUE;
}

PulseConnectionProfile *
pulse_connection_profile_new_from_json (JsonNode  *node,
                                        GError   **error)
{
  g_autoptr(PulseConnectionProfile) self = NULL;
  JsonObject *object;
  const char *name;
  const char *id;
  const char *sslmode;
  guint port = 0;
  guint timeout = PULSE_DB_DEFAULT_STATEMENT_TIMEOUT_MS / 1000;
  static const struct { const char *member; guint prop; } strings[] = {
    { "host", PROP_HOST }, { "database", PROP_DATABASE }, { "user", PROP_USER },
    { "sslrootcert", PROP_SSLROOTCERT }, { "service", PROP_SERVICE }, { "timezone", PROP_TIMEZONE },
  };

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                           _("a connection must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!strings_are_utf8 (object))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                           _("a connection holds text that is not valid UTF-8"));
      return NULL;
    }
  name = member_string (object, "name");
  id = member_string (object, "id");
  if (name == NULL || *name == '\0' || id == NULL || *id == '\0')
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                           /* Translators: "id" and "name" are JSON member names: keep them */
                           _("a connection needs an \"id\" and a \"name\""));
      return NULL;
    }
  if (!member_uint (object, "port", 65535, &port) ||
      !member_uint (object, "statement_timeout", 24 * 3600, &timeout))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the connection's name */
                   _("connection “%s” has an invalid port or statement timeout"), name);
      return NULL;
    }
  sslmode = member_string (object, "sslmode");
  if (sslmode != NULL && !g_strv_contains (sslmodes, sslmode))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   /* Translators: the connection's name, then the TLS mode (libpq sslmode) as written */
                   _("connection “%s” has an unknown TLS mode “%s”"), name, sslmode);
      return NULL;
    }

  self = pulse_connection_profile_new ();
  set_string (self, PROP_ID, id);
  set_string (self, PROP_NAME, name);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    set_string (self, strings[i].prop, member_string (object, strings[i].member));
  if (sslmode != NULL)
    set_string (self, PROP_SSLMODE, sslmode);
  self->port = port;
  self->statement_timeout = timeout;
  return g_steal_pointer (&self);
}

JsonNode *
pulse_connection_profile_to_json (PulseConnectionProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), NULL);

  /* No password member, ever: passwords live in the keyring. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, self->host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, self->port);
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, self->database);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, self->user);
  json_builder_set_member_name (builder, "sslmode");
  json_builder_add_string_value (builder, self->sslmode);
  json_builder_set_member_name (builder, "sslrootcert");
  json_builder_add_string_value (builder, self->sslrootcert);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, self->service);
  json_builder_set_member_name (builder, "statement_timeout");
  json_builder_add_int_value (builder, self->statement_timeout);
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, self->timezone);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * pulse_connection_profile_fill_from_string:
 * @text: a postgres:// URI or a keyword=value conninfo string
 * @password: (out) (optional): a password found in @text, for the keyring
 *
 * Fills the fields that @text names. Nothing changes if @text is invalid.
 */
gboolean
pulse_connection_profile_fill_from_string (PulseConnectionProfile  *self,
                                           const char              *text,
                                           char                   **password,
                                           GError                 **error)
{
  PQconninfoOption *parsed;
  char *errmsg = NULL;

  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (password != NULL)
    *password = NULL;

  parsed = PQconninfoParse (text, &errmsg);
  if (parsed == NULL)
    {
      g_autofree char *msg = g_strdup (errmsg ? errmsg : _("out of memory"));
      PQfreemem (errmsg);
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("Not a valid connection string: %s"), g_strstrip (msg));
      return FALSE;
    }

  for (PQconninfoOption *o = parsed; o->keyword != NULL; o++)
    {
      const char *v = o->val;

      if (v == NULL)
        continue;
      if (g_str_equal (o->keyword, "host") || g_str_equal (o->keyword, "hostaddr"))
        set_string (self, PROP_HOST, v);
      else if (g_str_equal (o->keyword, "port"))
        set_uint (self, PROP_PORT, (guint)MIN (g_ascii_strtoull (v, NULL, 10), 65535));
      else if (g_str_equal (o->keyword, "dbname"))
        set_string (self, PROP_DATABASE, v);
      else if (g_str_equal (o->keyword, "user"))
        set_string (self, PROP_USER, v);
      else if (g_str_equal (o->keyword, "sslmode") && g_strv_contains (sslmodes, v))
        set_string (self, PROP_SSLMODE, v);
      else if (g_str_equal (o->keyword, "sslrootcert"))
        set_string (self, PROP_SSLROOTCERT, v);
      else if (g_str_equal (o->keyword, "service"))
        set_string (self, PROP_SERVICE, v);
      else if (g_str_equal (o->keyword, "password") && password != NULL)
        *password = g_strdup (v);
    }
  PQconninfoFree (parsed);

  if (*self->name == '\0')
    {
      g_autofree char *name = pulse_connection_profile_describe (self);
      set_string (self, PROP_NAME, name);
    }
  return TRUE;
}

static void
append_keyword (GString    *s,
                const char *keyword,
                const char *value)
{
  g_autofree char *quoted = NULL;

  if (value == NULL || *value == '\0')
    return;
  quoted = pulse_db_quote_conninfo_value (value);
  if (s->len > 0)
    g_string_append_c (s, ' ');
  g_string_append_printf (s, "%s=%s", keyword, quoted);
}

/* Returns: a conninfo string without any password */
char *
pulse_connection_profile_to_conninfo (PulseConnectionProfile *self)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), NULL);

  append_keyword (s, "service", self->service);
  append_keyword (s, "host", self->host);
  if (self->port != 0)
    {
      g_autofree char *port = g_strdup_printf ("%u", self->port);
      append_keyword (s, "port", port);
    }
  append_keyword (s, "dbname", self->database);
  append_keyword (s, "user", self->user);
  /* With a service, the service file's sslmode wins unless we name one. */
  if (*self->service == '\0' || g_strcmp0 (self->sslmode, "prefer") != 0)
    append_keyword (s, "sslmode", self->sslmode);
  append_keyword (s, "sslrootcert", self->sslrootcert);
  return g_string_free (s, FALSE);
}

void
pulse_connection_profile_init_session (PulseConnectionProfile *self,
                                       PulseSessionOptions    *options)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));

  pulse_session_options_init_dashboard (options);
  options->statement_timeout_ms = self->statement_timeout * 1000;
}

static gboolean
is_local_host (const char *host)
{
  if (host == NULL || *host == '\0' || host[0] == '/' || host[0] == '@')
    return TRUE;
  return g_str_equal (host, "localhost") || g_str_has_prefix (host, "127.") || g_str_equal (host, "::1");
}

/* TLS may be skipped silently in these modes: fine on this machine only. */
gboolean
pulse_connection_profile_needs_tls_warning (PulseConnectionProfile *self)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), FALSE);

  return !is_local_host (self->host) &&
         (g_str_equal (self->sslmode, "disable") || g_str_equal (self->sslmode, "prefer"));
}

/* A short "user@host/database" summary for rows and default names. */
char *
pulse_connection_profile_describe (PulseConnectionProfile *self)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), NULL);

  if (*self->service != '\0')
    g_string_append_printf (s, "service %s", self->service);
  else
    {
      if (*self->user != '\0')
        g_string_append_printf (s, "%s@", self->user);
      g_string_append (s, is_local_host (self->host) && *self->host == '\0' ? "localhost" : self->host);
      if (self->port != 0)
        g_string_append_printf (s, ":%u", self->port);
      if (*self->database != '\0')
        g_string_append_printf (s, "/%s", self->database);
    }
  return g_string_free (s, FALSE);
}

#define DEFINE_STRING_ACCESSORS(field, PROP) \
  const char * \
  pulse_connection_profile_get_##field (PulseConnectionProfile *self) \
  { \
    g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), NULL); \
    return self->field; \
  }

DEFINE_STRING_ACCESSORS (id, PROP_ID)
DEFINE_STRING_ACCESSORS (name, PROP_NAME)
DEFINE_STRING_ACCESSORS (host, PROP_HOST)
DEFINE_STRING_ACCESSORS (database, PROP_DATABASE)
DEFINE_STRING_ACCESSORS (user, PROP_USER)
DEFINE_STRING_ACCESSORS (sslmode, PROP_SSLMODE)
DEFINE_STRING_ACCESSORS (sslrootcert, PROP_SSLROOTCERT)
DEFINE_STRING_ACCESSORS (service, PROP_SERVICE)
DEFINE_STRING_ACCESSORS (timezone, PROP_TIMEZONE)

void
pulse_connection_profile_set_name (PulseConnectionProfile *self, const char *name)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_string (self, PROP_NAME, name);
}

void
pulse_connection_profile_set_host (PulseConnectionProfile *self, const char *host)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_string (self, PROP_HOST, host);
}

void
pulse_connection_profile_set_database (PulseConnectionProfile *self, const char *database)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_string (self, PROP_DATABASE, database);
}

void
pulse_connection_profile_set_user (PulseConnectionProfile *self, const char *user)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_string (self, PROP_USER, user);
}

void
pulse_connection_profile_set_sslmode (PulseConnectionProfile *self, const char *sslmode)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  g_return_if_fail (sslmode == NULL || g_strv_contains (sslmodes, sslmode));
  set_string (self, PROP_SSLMODE, sslmode ? sslmode : "prefer");
}

void
pulse_connection_profile_set_sslrootcert (PulseConnectionProfile *self, const char *path)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_string (self, PROP_SSLROOTCERT, path);
}

void
pulse_connection_profile_set_service (PulseConnectionProfile *self, const char *service)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_string (self, PROP_SERVICE, service);
}

void
pulse_connection_profile_set_timezone (PulseConnectionProfile *self, const char *timezone)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_string (self, PROP_TIMEZONE, timezone);
}

guint
pulse_connection_profile_get_port (PulseConnectionProfile *self)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), 0);
  return self->port;
}

void
pulse_connection_profile_set_port (PulseConnectionProfile *self, guint port)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_uint (self, PROP_PORT, MIN (port, 65535));
}

guint
pulse_connection_profile_get_statement_timeout (PulseConnectionProfile *self)
{
  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), 0);
  return self->statement_timeout;
}

void
pulse_connection_profile_set_statement_timeout (PulseConnectionProfile *self, guint seconds)
{
  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));
  set_uint (self, PROP_STATEMENT_TIMEOUT, seconds);
}

/* Connection check ------------------------------------------------------ */

typedef struct
{
  char                *conninfo;
  char                *password;
  PulseSessionOptions  options;
  char                *raw_message;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->conninfo);
  if (data->password != NULL)
    {
      memset (data->password, 0, strlen (data->password));
      g_free (data->password);
    }
  g_free (data->raw_message);
  g_free (data);
}

static gboolean
query_bool (PGconn        *conn,
            const char    *sql,
            GCancellable  *cancellable,
            gboolean      *value,
            GError       **error)
{
  g_autoptr(PGresult) result = pulse_db_exec (conn, sql, 0, NULL, cancellable, error);

  if (result == NULL)
    return FALSE;
  *value = PQntuples (result) == 1 && g_str_equal (PQgetvalue (result, 0, 0), "t");
  return TRUE;
}

static PulseConnectionReport *
run_check (const char                *conninfo,
           const char                *password,
           const PulseSessionOptions *options,
           GCancellable              *cancellable,
           char                     **raw_message,
           GError                   **error)
{
  g_autoptr(PulseConnectionReport) report = g_new0 (PulseConnectionReport, 1);
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GHashTable) tables = NULL;
  PulseSessionOptions session = *options;

  session.password = password;
  conn = pulse_db_connect_full (conninfo, &session, cancellable, raw_message, error);
  if (conn == NULL)
    return NULL;

  result = pulse_db_exec (conn, "SELECT pg_catalog.current_setting ('server_version')",
                          0, NULL, cancellable, error);
  if (result == NULL)
    return NULL;
  report->server_version = g_strdup (PQgetvalue (result, 0, 0));

  if (!query_bool (conn, "SELECT pg_catalog.current_setting ('transaction_read_only') = 'on'",
                   cancellable, &report->read_only, error) ||
      !query_bool (conn, "SELECT pg_catalog.pg_is_in_recovery ()", cancellable, &report->replica, error) ||
      !query_bool (conn, "SELECT pg_catalog.has_schema_privilege (current_user, 'public', 'CREATE')",
                   cancellable, &report->can_create, error))
    return NULL;

  /* What the database has; whether the role may read it is the metrics' concern. */
  if (!(tables = pulse_db_list_all_tables (conn, cancellable, error)))
    return NULL;

  report->present = g_ptr_array_new_with_free_func (g_free);
  report->missing = g_ptr_array_new_with_free_func (g_free);
  report->not_set_up = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; pulse_platform_tables[i]; i++)
    g_ptr_array_add (g_hash_table_contains (tables, pulse_platform_tables[i]) ? report->present : report->missing,
                     g_strdup (pulse_platform_tables[i]));
  for (guint i = 0; pulse_tracking_tables[i]; i++)
    g_ptr_array_add (g_hash_table_contains (tables, pulse_tracking_tables[i]) ? report->present : report->not_set_up,
                     g_strdup (pulse_tracking_tables[i]));

  return g_steal_pointer (&report);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *data = task_data;
  PulseConnectionReport *report;
  GError *error = NULL;

  report = run_check (data->conninfo, data->password, &data->options, cancellable,
                      &data->raw_message, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify)pulse_connection_report_free);
}

/**
 * pulse_connection_profile_check_async:
 * @password: (nullable): kept in memory only for this check
 *
 * Connects the way the dashboard would and reports what Pulse will see.
 */
void
pulse_connection_profile_check_async (PulseConnectionProfile *self,
                                      const char             *password,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (PULSE_IS_CONNECTION_PROFILE (self));

  data = g_new0 (CheckData, 1);
  data->conninfo = pulse_connection_profile_to_conninfo (self);
  data->password = g_strdup (password);
  pulse_connection_profile_init_session (self, &data->options);
  data->options.connect_timeout_ms = 10 * 1000;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pulse_connection_profile_check_async);
  g_task_set_task_data (task, data, (GDestroyNotify)check_data_free);
  g_task_run_in_thread (task, check_thread);
}

/**
 * pulse_connection_profile_check_finish:
 * @raw_message: (out) (optional): libpq's own text when connecting failed
 */
PulseConnectionReport *
pulse_connection_profile_check_finish (PulseConnectionProfile  *self,
                                       GAsyncResult            *result,
                                       char                   **raw_message,
                                       GError                 **error)
{
  CheckData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (raw_message != NULL)
    *raw_message = g_strdup (data->raw_message);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Blocking variant, for the command line and tests. */
PulseConnectionReport *
pulse_connection_profile_check (PulseConnectionProfile  *self,
                                const char              *password,
                                GCancellable            *cancellable,
                                char                   **raw_message,
                                GError                 **error)
{
  g_autofree char *conninfo = NULL;
  PulseSessionOptions options;

  g_return_val_if_fail (PULSE_IS_CONNECTION_PROFILE (self), NULL);

  conninfo = pulse_connection_profile_to_conninfo (self);
  pulse_connection_profile_init_session (self, &options);
  options.connect_timeout_ms = 10 * 1000;
  return run_check (conninfo, password, &options, cancellable, raw_message, error);
}
