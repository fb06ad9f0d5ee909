/* pulse-test-json.c: comparing exported documents with expected ones
 *
 * Every member of the expected document must be in the actual one with
 * an equal value; numbers compare with a relative tolerance of 1e-9.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "pulse-test-json.h"

JsonNode *
pulse_test_json_parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
pulse_test_json_load (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return pulse_test_json_parse (text);
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static void
fail_at (const char *where,
         const char *message)
{
  g_test_message ("Mismatch at %s: %s", where, message);
  g_test_fail ();
}

void
pulse_test_json_assert_matches (JsonNode   *expected,
                                JsonNode   *actual,
                                const char *where)
{
  if (actual == NULL)
    return fail_at (where, "missing");

  if (JSON_NODE_HOLDS_NULL (expected))
    {
      if (!JSON_NODE_HOLDS_NULL (actual))
        fail_at (where, "expected null");
    }
  else if (is_number (expected))
    {
      double e = json_node_get_double (expected);
      double a;

      if (!is_number (actual))
        return fail_at (where, "expected a number");
      a = json_node_get_double (actual);
      if (fabs (e - a) > 1e-9 * MAX (1.0, fabs (e)))
        {
          g_autofree char *msg = g_strdup_printf ("expected %.12g, got %.12g", e, a);
          fail_at (where, msg);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (expected))
    {
      if (!JSON_NODE_HOLDS_VALUE (actual) ||
          g_strcmp0 (json_node_get_string (expected), json_node_get_string (actual)) != 0)
        {
          g_autofree char *msg = g_strdup_printf ("expected “%s”", json_node_get_string (expected));
          fail_at (where, msg);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *e = json_node_get_array (expected);
      JsonArray *a;

      if (!JSON_NODE_HOLDS_ARRAY (actual))
        return fail_at (where, "expected an array");
      a = json_node_get_array (actual);
      if (json_array_get_length (e) != json_array_get_length (a))
        {
          g_autofree char *msg = g_strdup_printf ("expected %u elements, got %u",
                                                  json_array_get_length (e), json_array_get_length (a));
          return fail_at (where, msg);
        }
      for (guint i = 0; i < json_array_get_length (e); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", where, i);
          pulse_test_json_assert_matches (json_array_get_element (e, i), json_array_get_element (a, i), child);
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *e = json_node_get_object (expected);
      g_autoptr(GList) members = json_object_get_members (e);

      if (!JSON_NODE_HOLDS_OBJECT (actual))
        return fail_at (where, "expected an object");
      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *child = g_strdup_printf ("%s.%s", where, (const char *)l->data);
          pulse_test_json_assert_matches (json_object_get_member (e, l->data),
                                          json_object_get_member (json_node_get_object (actual), l->data),
                                          child);
        }
    }
}
