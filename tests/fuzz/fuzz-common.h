/* fuzz-common.h: what every fuzz target shares
 *
 * Each target defines LLVMFuzzerTestOneInput(); libFuzzer drives it in
 * the fuzzing build, replay.c over its seed corpus in the test suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int         LLVMFuzzerInitialize     (int            *argc,
                                      char         ***argv);
int         LLVMFuzzerTestOneInput   (const uint8_t  *data,
                                      size_t          size);

const char *fuzz_temp_dir            (void);
void        fuzz_clear_temp_dir      (void);
char       *fuzz_write_temp_file     (const char     *name,
                                      const void     *data,
                                      gsize           size);
char       *fuzz_dup_file            (const char     *path,
                                      gsize          *size);

G_END_DECLS
