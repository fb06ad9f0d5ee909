/* pulse-dispatch.c: handing work from a thread to a main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-dispatch.h"

/**
 * pulse_dispatch:
 * @context: (nullable): where @func runs; NULL: the global default
 * @func: called once, at default priority
 * @data: for @func
 * @notify: (nullable): frees @data after @func ran, or with the source
 *
 * Queues @func in @context, in the order of the calls. Unlike
 * g_main_context_invoke(), it never runs @func in the calling thread: a
 * thread that finds the main context unowned (the main thread busy
 * outside its loop, destroying a window say) would otherwise run UI
 * code beside the main thread.
 */
void
pulse_dispatch (GMainContext   *context,
                GSourceFunc     func,
                gpointer        data,
                GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[pulse] dispatch");
  g_source_attach (source, context);
}
