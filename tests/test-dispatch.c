/* test-dispatch.c: work handed from a thread runs in the main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-dispatch.h"

typedef struct
{
  GThread *ran_in;
  guint    n_runs;
} Record;

static gboolean
record (gpointer data)
{
  Record *rec = data;

  rec->ran_in = g_thread_self ();
  rec->n_runs++;
  return G_SOURCE_REMOVE;
}

static gpointer
dispatch_from_thread (gpointer data)
{
  pulse_dispatch (NULL, record, data, NULL);
  return NULL;
}

/* With the main thread outside its loop, the default context is owned
 * by no one: g_main_context_invoke() would then run the function in
 * the calling thread (the worker's signals reached a window being
 * destroyed that way). pulse_dispatch() waits for the loop. */
static void
test_never_in_calling_thread (void)
{
  Record rec = { NULL, 0 };
  GThread *thread;

  g_assert_false (g_main_context_is_owner (NULL));
  thread = g_thread_new ("dispatcher", dispatch_from_thread, &rec);
  g_thread_join (thread);
  g_assert_cmpuint (rec.n_runs, ==, 0);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (rec.n_runs, ==, 1);
  g_assert_true (rec.ran_in == g_thread_self ());
}

typedef struct
{
  GString    *order;
  const char *name;
  gboolean    freed;
} Step;

static gboolean
append (gpointer data)
{
  Step *step = data;

  g_assert_false (step->freed);
  g_string_append (step->order, step->name);
  return G_SOURCE_REMOVE;
}

static void
mark_freed (gpointer data)
{
  ((Step *) data)->freed = TRUE;
}

/* In the order of the calls, and @notify frees the data after the run. */
static void
test_order_and_notify (void)
{
  g_autoptr(GString) order = g_string_new (NULL);
  Step a = { order, "a", FALSE }, b = { order, "b", FALSE };

  pulse_dispatch (NULL, append, &a, mark_freed);
  pulse_dispatch (NULL, append, &b, mark_freed);
  g_assert_false (a.freed);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (order->str, ==, "ab");
  g_assert_true (a.freed && b.freed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dispatch/never-in-calling-thread", test_never_in_calling_thread);
  g_test_add_func ("/dispatch/order-and-notify", test_order_and_notify);
  return g_test_run ();
}
