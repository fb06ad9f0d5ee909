/* test-renderer.c: a machine without a GPU gets the cairo renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "pulse-renderer-private.h"

static void
clear_env (void)
{
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("GDK_DEBUG");
  g_unsetenv ("GDK_DISABLE");
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
}

/* A device folder, with a render node if asked. */
static char *
make_dev_dir (gboolean render_node)
{
  g_autoptr(GError) error = NULL;
  char *dev = g_dir_make_tmp ("pulse-dev-XXXXXX", &error);
  g_autofree char *dri = g_build_filename (dev, "dri", NULL);
  g_autofree char *node = g_build_filename (dri, "renderD128", NULL);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (dri, 0755), ==, 0);
  g_assert_true (g_file_set_contents (node, "", 0, NULL));
  g_assert_cmpint (g_chmod (node, 0666), ==, 0);
  if (!render_node)
    {
      g_autofree char *card = g_build_filename (dri, "card0", NULL);

      g_assert_cmpint (g_rename (node, card), ==, 0);
    }
  return dev;
}

static void
remove_dev_dir (const char *dev)
{
  g_autofree char *dri = g_build_filename (dev, "dri", NULL);
  g_autoptr(GDir) dir = g_dir_open (dri, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dri, name, NULL);

      g_remove (path);
    }
  g_rmdir (dri);
  g_rmdir (dev);
}

static void
assert_chose_cairo (const char *dev)
{
  g_assert_true (pulse_renderer_choose (dev));
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
  if (gtk_get_minor_version () >= 16)
    g_assert_cmpstr (g_getenv ("GDK_DISABLE"), ==, "gl");
  else
    g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
}

static void
test_no_gpu (void)
{
  g_autofree char *dev = make_dev_dir (FALSE);

  clear_env ();
  g_assert_false (pulse_renderer_has_gpu (dev));
  assert_chose_cairo (dev);
  remove_dev_dir (dev);
  clear_env ();
}

static void
test_render_node (void)
{
  g_autofree char *dev = make_dev_dir (TRUE);

  clear_env ();
  g_assert_true (pulse_renderer_has_gpu (dev));
  g_assert_false (pulse_renderer_choose (dev));
  g_assert_null (g_getenv ("GSK_RENDERER"));
  g_assert_null (g_getenv ("GDK_DEBUG"));
  g_assert_null (g_getenv ("GDK_DISABLE"));

  /* Mesa told to render in software: GL is llvmpipe whatever the device. */
  g_setenv ("LIBGL_ALWAYS_SOFTWARE", "1", TRUE);
  assert_chose_cairo (dev);
  remove_dev_dir (dev);
  clear_env ();
}

static void
test_user_choice_wins (void)
{
  g_autofree char *dev = make_dev_dir (FALSE);
  const char *vars[] = { "GSK_RENDERER", "GDK_DEBUG", "GDK_DISABLE" };

  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      clear_env ();
      g_setenv (vars[i], "ngl", TRUE);
      g_assert_false (pulse_renderer_choose (dev));
      g_assert_cmpstr (g_getenv (vars[i]), ==, "ngl");
      for (guint j = 0; j < G_N_ELEMENTS (vars); j++)
        if (j != i)
          g_assert_null (g_getenv (vars[j]));
    }
  remove_dev_dir (dev);
  clear_env ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/no-gpu", test_no_gpu);
  g_test_add_func ("/renderer/render-node", test_render_node);
  g_test_add_func ("/renderer/user-choice-wins", test_user_choice_wins);
  return g_test_run ();
}
