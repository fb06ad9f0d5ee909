/* pulse-renderer-private.h: the renderer a machine without a GPU gets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean pulse_renderer_has_gpu (const char *dev_dir);
gboolean pulse_renderer_choose  (const char *dev_dir);

G_END_DECLS
