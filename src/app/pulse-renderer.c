/* pulse-renderer.c: the renderer a machine without a GPU gets
 *
 * Without a GPU, GTK 4.8's GL renderer runs on Mesa's software
 * rasterizer (llvmpipe): measured under Xvfb it holds about 130 MB more
 * than the cairo renderer (LLVM and the driver's heap) and draws no
 * faster. So Pulse picks cairo there, before GTK starts, unless the
 * user chose a renderer or GDK's debug flags.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <unistd.h>

#include "pulse-renderer-private.h"

/* A render node (Mesa's hardware drivers) or NVIDIA's own device. */
gboolean
pulse_renderer_has_gpu (const char *dev_dir)
{
  g_autofree char *dri = g_build_filename (dev_dir, "dri", NULL);
  g_autofree char *nvidia = g_build_filename (dev_dir, "nvidiactl", NULL);
  g_autoptr(GDir) dir = g_dir_open (dri, 0, NULL);
  const char *name;

  if (access (nvidia, R_OK | W_OK) == 0)
    return TRUE;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dri, name, NULL);

      if (g_str_has_prefix (name, "renderD") && access (path, R_OK | W_OK) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Returns: whether it chose cairo. Call before gtk_init(): GDK's X11
 * backend makes a GL context when it opens the display (to pick a
 * visual), which alone loads LLVM, so GL is switched off too. */
gboolean
pulse_renderer_choose (const char *dev_dir)
{
  const char *software = g_getenv ("LIBGL_ALWAYS_SOFTWARE");
  gboolean forced_software = software != NULL && *software != '\0' && !g_str_equal (software, "0");

  if (g_getenv ("GSK_RENDERER") != NULL || g_getenv ("GDK_DEBUG") != NULL || g_getenv ("GDK_DISABLE") != NULL)
    return FALSE;
  if (!forced_software && pulse_renderer_has_gpu (dev_dir))
    return FALSE;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  /* GTK 4.16 moved the switch from GDK_DEBUG to GDK_DISABLE. */
  if (gtk_get_minor_version () >= 16)
    g_setenv ("GDK_DISABLE", "gl", TRUE);
  else
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
  return TRUE;
}
