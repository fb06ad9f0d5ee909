/* test-schema.c: the baseline schema and the demo data, on a real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-test-pg.h"

/* The platform's tables exactly as the foundation issue lists them. */
static const char *expected_columns =
  "activity_events:id,person_id,kind,occurred_at;"
  "collections:id,owner_person_id,name,privacy,created_at,updated_at,deleted_at;"
  "finder_searches:id,person_id,query,result_count,searched_at;"
  "finder_votes:id,person_id,profile_id,value,voted_at;"
  "persons:id,email,role,created_at,email_verified_at,onboarded_at,deleted_at;"
  "post_comments:id,post_id,person_id,created_at,deleted_at;"
  "post_reactions:id,post_id,person_id,kind,created_at;"
  "post_views:id,post_id,viewer_person_id,viewed_at;"
  "posts:id,author_person_id,created_at,deleted_at;"
  "profile_updates:id,profile_id,updated_at,fields;"
  "profile_views:id,profile_id,viewer_person_id,viewed_at;"
  "profiles:id,person_id,headline,created_at,completed_at,updated_at";

static char *
query_text (const char *conninfo,
            const char *sql)
{
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = pulse_db_exec (conn, sql, 0, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
test_baseline_tables (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("schema_tables");
  g_autofree char *columns = query_text (conninfo,
    "SELECT string_agg(table_name || ':' || cols, ';' ORDER BY table_name) FROM ("
    "  SELECT table_name, string_agg(column_name, ',' ORDER BY ordinal_position) AS cols"
    "  FROM information_schema.columns WHERE table_schema = 'public' GROUP BY table_name) t");

  g_assert_cmpstr (columns, ==, expected_columns);
}

static void
test_baseline_constraints (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("schema_constraints");
  g_autoptr(PGconn) conn = pulse_test_pg_connect_admin (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) ok = NULL;
  g_autoptr(PGresult) bad_role = NULL;

  ok = pulse_db_exec (conn, "INSERT INTO persons (email, role, created_at) VALUES ('a@x', 'BUILDER', now())",
                      0, NULL, NULL, &error);
  g_assert_no_error (error);

  bad_role = pulse_db_exec (conn, "INSERT INTO persons (email, role, created_at) VALUES ('b@x', 'ADMIN', now())",
                            0, NULL, NULL, &error);
  g_assert_null (bad_role);
  g_assert_error (error, PULSE_ERROR, PULSE_ERROR_QUERY);
}

static void
test_demo_data (void)
{
  g_autofree char *conninfo = pulse_test_pg_create_db ("schema_demo");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *last_day = NULL;
  g_autofree char *after_end = NULL;
  g_autofree char *roles = NULL;
  const char *fingerprint =
    "SELECT md5(string_agg(id || role || created_at::text || coalesce(deleted_at::text, ''), ',' ORDER BY id)) "
    "|| (SELECT md5(string_agg(person_id || occurred_at::text, ',' ORDER BY id)) FROM activity_events) FROM persons";

  pulse_demo_generate_data (conninfo, 300, "2026-03-15", &error);
  g_assert_no_error (error);
  first = query_text (conninfo, fingerprint);

  /* Same arguments, same rows. */
  pulse_demo_generate_data (conninfo, 300, "2026-03-15", &error);
  g_assert_no_error (error);
  second = query_text (conninfo, fingerprint);
  g_assert_cmpstr (first, ==, second);

  last_day = query_text (conninfo, "SELECT pulse_demo.last_data_day()::text");
  g_assert_cmpstr (last_day, ==, "2026-03-15");

  after_end = query_text (conninfo,
    "SELECT count(*) FROM activity_events WHERE occurred_at >= '2026-03-16 00:00+00'");
  g_assert_cmpstr (after_end, ==, "0");

  roles = query_text (conninfo,
    "SELECT string_agg(role, ',' ORDER BY role) FROM (SELECT DISTINCT role FROM persons) r");
  g_assert_cmpstr (roles, ==, "BUILDER,FINDER");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  pulse_test_pg_start ();

  g_test_add_func ("/schema/baseline-tables", test_baseline_tables);
  g_test_add_func ("/schema/baseline-constraints", test_baseline_constraints);
  g_test_add_func ("/schema/demo-data", test_demo_data);

  status = g_test_run ();
  pulse_test_pg_stop ();
  return status;
}
