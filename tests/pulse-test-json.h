/* pulse-test-json.h: comparing exported documents with expected ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *pulse_test_json_load    (const char *path);
JsonNode *pulse_test_json_parse   (const char *text);
void      pulse_test_json_assert_matches (JsonNode   *expected,
                                          JsonNode   *actual,
                                          const char *where);

G_END_DECLS
