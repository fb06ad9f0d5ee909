/* fuzz-conninfo.c: connection strings and postgres:// URIs
 *
 * Whatever libpq accepts, Pulse's readings of it agree, and a profile
 * filled from it writes a conninfo that reads back the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "pulse-connection-profile.h"

/* Quoting any value gives a conninfo whose value is that value. */
static void
check_quoting (const char *value)
{
  g_autofree char *quoted = pulse_db_quote_conninfo_value (value);
  g_autofree char *conninfo = g_strconcat ("dbname=", quoted, NULL);
  g_auto(PulseConninfoParts) parts = { 0 };

  g_assert_true (pulse_db_parse_conninfo_parts (conninfo, &parts));
  g_assert_cmpstr (parts.dbname, ==, *value != '\0' ? value : NULL);
}

/* The profile's conninfo is valid and stable: read again, it is the same. */
static void
check_profile_round_trip (PulseConnectionProfile *profile)
{
  g_autoptr(PulseConnectionProfile) again = pulse_connection_profile_new ();
  g_autofree char *conninfo = pulse_connection_profile_to_conninfo (profile);
  g_autofree char *conninfo_again = NULL;
  g_autofree char *description = pulse_connection_profile_describe (profile);
  g_autoptr(GError) error = NULL;

  g_assert_true (pulse_db_validate_conninfo (conninfo, &error));
  g_assert_true (pulse_connection_profile_fill_from_string (again, conninfo, NULL, &error));
  g_assert_no_error (error);
  conninfo_again = pulse_connection_profile_to_conninfo (again);
  g_assert_cmpstr (conninfo_again, ==, conninfo);
  g_assert_cmpstr (pulse_connection_profile_get_name (profile), !=, "");
  g_assert_nonnull (description);
  pulse_connection_profile_needs_tls_warning (profile);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(PulseConnectionProfile) profile = pulse_connection_profile_new ();
  g_auto(PulseConninfoParts) parts = { 0 };
  g_autofree char *description = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid;

  check_quoting (text);

  valid = pulse_db_validate_conninfo (text, &error);
  g_assert_true (valid == (error == NULL));
  g_clear_error (&error);
  g_assert_true (pulse_db_parse_conninfo_parts (text, &parts) == valid);
  description = pulse_db_describe_conninfo (text);
  g_assert_nonnull (description);

  g_assert_true (pulse_connection_profile_fill_from_string (profile, text, &password, &error) == valid);
  if (valid)
    check_profile_round_trip (profile);
  return 0;
}
