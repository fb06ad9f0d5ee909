/* pulse-metric-page.c: one metric group's page, built from the catalog
 *
 * A refresh starts a new generation of the page's group in the worker,
 * which cancels whatever the page still had running; results of older
 * generations are dropped when they arrive. With comparison on, each
 * card gets its metric for the range and for the previous period, and
 * shows them together once both are in. The page follows the
 * dashboard: while it is on screen, a new worker, range or comparison
 * refreshes it; a page that comes on screen catches up.
 *
 * An error of one query shows on its card. One that concerns the whole
 * connection (the server gone, a wrong password) is the window's to
 * show: ::connection-lost, once per refresh (again only for a more
 * telling error). The cards then keep what they showed, marked stale,
 * unless it was for another database or query.
 *
 * A card with nothing to show yet shows the connection's snapshot of
 * the same query (pulse-snapshot.c) at once, marked as refreshing,
 * until its fresh result comes; offline, the snapshot stays, marked
 * with its date. A refresh waits the moment the dashboard takes to load
 * the snapshot, so no card shows a spinner that the snapshot would
 * replace. Fresh results go into the snapshot, written when the page
 * has all of them.
 *
 * Cards answered from the worker's unchecked activity cache say they
 * are being verified; when the check changed the numbers, the page
 * queries them again (when next on screen). While the activity index
 * reads the events, its cards show how far it is, and Cancel
 * (page.cancel-loading) stops the page's queries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pulse-activity-index.h"
#include "pulse-card-grid.h"
#include "pulse-error.h"
#include "pulse-metric-page-private.h"

struct _PulseMetricPage
{
  GtkWidget        parent_instance;

  PulseDashboard  *dashboard;
  char            *group_id;
  GPtrArray       *cards;
  GtkWidget       *scroller;
  PulseCardGrid   *grid;
  GtkWidget       *weekly_hint;     /* offers weekly buckets for a long daily range */

  /* What the cards show or load: */
  PulseWorker     *worker;
  PulseQueryRange *range;
  gboolean         compare;
  guint            generation;
  guint            n_pending;
  GError          *connection_error;  /* of the latest refresh */
  gboolean         outdated;          /* the worker's check changed the numbers */
  gboolean         awaiting_snapshot; /* a refresh waits for it */
};

enum {
  REFRESHED,
  CONNECTION_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PulseMetricPage, pulse_metric_page, GTK_TYPE_WIDGET)

#define CARD_SPACING        12
#define CARD_COLUMN_WIDTH   340
#define MAX_CARD_COLUMNS    4
#define CONTENT_MAX_WIDTH   1800
#define CONTENT_TIGHTENING  1400
/* Daily points beyond this many make a zigzag: the page offers weeks. */
#define MAX_READABLE_DAYS   120

/* One card's pair of jobs: the range and, when comparing, the previous period. */
typedef struct
{
  PulseMetricPage   *page;
  PulseMetricCard   *card;
  guint              n_waiting;
  PulseMetricResult *current;
  PulseMetricResult *previous;
  GError            *error;
} Request;

typedef struct
{
  Request  *request;
  gboolean  is_previous;
} Job;

static void
request_free (Request *request)
{
  g_clear_object (&request->page);
  g_clear_object (&request->card);
  g_clear_object (&request->current);
  g_clear_object (&request->previous);
  g_clear_error (&request->error);
  g_free (request);
}

static void
pulse_metric_page_dispose (GObject *object)
{
  PulseMetricPage *self = (PulseMetricPage *)object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->worker);
  g_clear_pointer (&self->range, pulse_query_range_unref);
  g_clear_object (&self->dashboard);
  g_clear_error (&self->connection_error);

  G_OBJECT_CLASS (pulse_metric_page_parent_class)->dispose (object);
}

static void
pulse_metric_page_finalize (GObject *object)
{
  PulseMetricPage *self = (PulseMetricPage *)object;

  g_free (self->group_id);

  G_OBJECT_CLASS (pulse_metric_page_parent_class)->finalize (object);
}

/* Whether the page already shows (or is loading) the dashboard's data. */
static gboolean
is_current (PulseMetricPage *self)
{
  return !self->outdated && self->worker == pulse_dashboard_get_worker (self->dashboard) &&
         pulse_query_range_equal (self->range, pulse_dashboard_get_range (self->dashboard)) &&
         self->compare == pulse_dashboard_get_compare (self->dashboard);
}

/* Only a page on screen queries. */
static void
catch_up (PulseMetricPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && !is_current (self))
    pulse_metric_page_refresh (self);
}

static void
on_snapshot_loaded (PulseMetricPage *self)
{
  if (!self->awaiting_snapshot)
    return;
  self->awaiting_snapshot = FALSE;
  /* Asked to load (on screen, or by the overview): it still is. */
  if (!is_current (self))
    pulse_metric_page_refresh (self);
}

static void
pulse_metric_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pulse_metric_page_parent_class)->map (widget);
  catch_up (PULSE_METRIC_PAGE (widget));
}

static void cancel_loading_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter);

static void
pulse_metric_page_class_init (PulseMetricPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pulse_metric_page_dispose;
  object_class->finalize = pulse_metric_page_finalize;
  widget_class->map = pulse_metric_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "page.cancel-loading", NULL, cancel_loading_action);

  /* Every card of the current generation has its result or its error. */
  signals[REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A connection-level error of the latest refresh (a GError): the
   * first, or one more telling than it. */
  signals[CONNECTION_LOST] = g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

/* "365 daily points are hard to read", with a button that switches the
 * dashboard to weekly buckets (the window's settings.granularity). */
static GtkWidget *
build_weekly_hint (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_("Daily points over a range this long are hard to read"));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Show _Weekly"));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", "week");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "settings.granularity");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_add_css_class (box, "pulse-hint");
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static void
update_weekly_hint (PulseMetricPage *self)
{
  PulseQueryRange *range = pulse_dashboard_get_range (self->dashboard);

  gtk_widget_set_visible (self->weekly_hint,
                          range != NULL && pulse_query_range_get_granularity (range) == PULSE_GRANULARITY_DAY &&
                          pulse_query_range_get_n_days (range) > MAX_READABLE_DAYS);
}

static void
pulse_metric_page_init (PulseMetricPage *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content;

  self->cards = g_ptr_array_new_with_free_func (g_object_unref);

  /* Columns of at least CARD_COLUMN_WIDTH, as many as fit up to
   * MAX_CARD_COLUMNS: one on a phone, three at 1280 px, four on wide
   * screens. The clamp keeps a lone card from getting unreadably wide. */
  self->grid = PULSE_CARD_GRID (pulse_card_grid_new (CARD_SPACING, CARD_COLUMN_WIDTH, MAX_CARD_COLUMNS));
  /* The height the window has left, for the charts. */
  gtk_widget_set_vexpand (GTK_WIDGET (self->grid), TRUE);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), CONTENT_MAX_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), CONTENT_TIGHTENING);
  self->weekly_hint = build_weekly_hint ();
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, CARD_SPACING);
  gtk_box_append (GTK_BOX (content), self->weekly_hint);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->grid));
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_widget_set_margin_top (clamp, 18);
  gtk_widget_set_margin_bottom (clamp, 18);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);
  /* Cards taller than the window scroll at their natural height rather
   * than being squeezed to their minimum. */
  gtk_scrollable_set_vscroll_policy (GTK_SCROLLABLE (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller))),
                                     GTK_SCROLL_NATURAL);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

static void request_metric (PulseMetricPage *self,
                            PulseMetricCard *card);

/* What the cards are queried for. */
static const char * const followed[] = { "notify::worker", "notify::range", "notify::compare" };

static void
on_card_retry (PulseMetricCard *card,
               PulseMetricPage *self)
{
  if (self->worker != NULL)
    request_metric (self, card);
}

PulseMetricPage *
pulse_metric_page_new (PulseDashboard *dashboard,
                       const char     *group_id)
{
  g_autoptr(GPtrArray) metrics = NULL;
  PulseMetricPage *self;

  g_return_val_if_fail (PULSE_IS_DASHBOARD (dashboard), NULL);
  g_return_val_if_fail (group_id != NULL, NULL);

  self = g_object_new (PULSE_TYPE_METRIC_PAGE, NULL);
  self->dashboard = g_object_ref (dashboard);
  self->group_id = g_strdup (group_id);
  for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
    g_signal_connect_object (dashboard, followed[i], G_CALLBACK (catch_up), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dashboard, "notify::range", G_CALLBACK (update_weekly_hint), self, G_CONNECT_SWAPPED);
  update_weekly_hint (self);
  g_signal_connect_object (dashboard, "notify::snapshot", G_CALLBACK (on_snapshot_loaded), self, G_CONNECT_SWAPPED);

  metrics = pulse_catalog_list_group (pulse_dashboard_get_catalog (dashboard), group_id);
  for (guint i = 0; i < metrics->len; i++)
    {
      PulseMetricCard *card = pulse_metric_card_new (dashboard, g_ptr_array_index (metrics, i));

      g_signal_connect_object (card, "retry", G_CALLBACK (on_card_retry), self, 0);
      g_ptr_array_add (self->cards, g_object_ref_sink (card));
      pulse_card_grid_append (self->grid, GTK_WIDGET (card));
    }
  return self;
}

const char *
pulse_metric_page_get_group_id (PulseMetricPage *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), NULL);
  return self->group_id;
}

/* Whether the page offers weekly buckets for its long daily range. */
gboolean
pulse_metric_page_get_offers_weekly (PulseMetricPage *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->weekly_hint);
}

GtkWidget *
pulse_metric_page_get_weekly_button (PulseMetricPage *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), NULL);
  return gtk_widget_get_last_child (self->weekly_hint);
}

GPtrArray *
pulse_metric_page_get_cards (PulseMetricPage *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), NULL);
  return self->cards;
}

PulseMetricCard *
pulse_metric_page_find_card (PulseMetricPage *self,
                             const char      *metric_id)
{
  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), NULL);

  for (guint i = 0; i < self->cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (self->cards, i);
      if (g_str_equal (pulse_metric_get_id (pulse_metric_card_get_metric (card)), metric_id))
        return card;
    }
  return NULL;
}

static void
finish_request (Request *request)
{
  PulseMetricPage *self = request->page;

  if (request->error == NULL)
    {
      pulse_metric_card_set_results (request->card, request->current, request->previous);
      pulse_dashboard_keep_results (self->dashboard, request->current, request->previous);
    }
  else if (pulse_error_get_scope (request->error) == PULSE_ERROR_SCOPE_QUERY)
    pulse_metric_card_set_error (request->card, request->error);
  else
    {
      pulse_metric_card_set_offline (request->card);
      /* A refused password says more than the lost connection before it. */
      if (self->connection_error == NULL ||
          pulse_error_get_scope (request->error) > pulse_error_get_scope (self->connection_error))
        {
          g_clear_error (&self->connection_error);
          self->connection_error = g_error_copy (request->error);
          g_signal_emit (self, signals[CONNECTION_LOST], 0, self->connection_error);
        }
    }

  if (self->n_pending > 0 && --self->n_pending == 0)
    {
      pulse_dashboard_save_snapshot (self->dashboard);
      g_signal_emit (self, signals[REFRESHED], 0);
    }
}

static void
on_metric_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree Job *job = user_data;
  Request *request = job->request;
  PulseMetricPage *self = request->page;
  g_autoptr(PulseMetricResult) metric_result = NULL;
  g_autoptr(GError) error = NULL;
  guint generation = 0;

  metric_result = pulse_worker_run_metric_finish (PULSE_WORKER (source), result, &generation, &error);

  /* Superseded: a newer request owns the card now. */
  if (generation != self->generation || PULSE_WORKER (source) != self->worker ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (--request->n_waiting == 0)
        request_free (request);
      return;
    }

  if (error != NULL && request->error == NULL)
    request->error = g_steal_pointer (&error);
  else if (job->is_previous)
    request->previous = g_steal_pointer (&metric_result);
  else
    request->current = g_steal_pointer (&metric_result);

  if (--request->n_waiting == 0)
    {
      finish_request (request);
      request_free (request);
    }
}

static void
run_job (PulseMetricPage *self,
         Request         *request,
         PulseQueryRange *range,
         gboolean         is_previous)
{
  Job *job = g_new0 (Job, 1);

  job->request = request;
  job->is_previous = is_previous;
  request->n_waiting++;
  pulse_worker_run_metric_async (self->worker, pulse_metric_card_get_metric (request->card), range,
                                 self->group_id, self->generation, NULL, on_metric_ready, job);
}

/* A card that shows nothing yet shows the snapshot's numbers, if it has them. */
static gboolean
show_saved (PulseMetricPage *self,
            PulseMetricCard *card)
{
  PulseSnapshot *snapshot = pulse_dashboard_get_snapshot (self->dashboard);
  PulseMetricResult *current, *previous;
  GDateTime *fetched;

  if (snapshot == NULL || pulse_metric_card_get_result (card) != NULL ||
      !pulse_snapshot_lookup (snapshot, pulse_metric_get_id (pulse_metric_card_get_metric (card)),
                              &current, &previous, &fetched))
    return FALSE;
  pulse_metric_card_set_saved_results (card, current, previous, fetched);
  return TRUE;
}

static void
request_metric (PulseMetricPage *self,
                PulseMetricCard *card)
{
  Request *request = g_new0 (Request, 1);

  request->page = g_object_ref (self);
  request->card = g_object_ref (card);
  if (!show_saved (self, card))
    pulse_metric_card_set_loading (card);
  /* The worker says again if the new answer comes from the unchecked cache. */
  pulse_metric_card_set_verifying (card, FALSE);
  run_job (self, request, self->range, FALSE);
  if (self->compare)
    {
      g_autoptr(PulseQueryRange) previous = pulse_query_range_dup_previous (self->range);
      run_job (self, request, previous, TRUE);
    }
}

static void
on_activity_unverified (PulseWorker     *worker,
                        const char      *metric_id,
                        PulseMetricPage *self)
{
  PulseMetricCard *card = pulse_metric_page_find_card (self, metric_id);

  if (card != NULL)
    pulse_metric_card_set_verifying (card, TRUE);
}

static void
on_activity_verified (PulseWorker     *worker,
                      gboolean         changed,
                      PulseMetricPage *self)
{
  gboolean had_unverified = FALSE;

  for (guint i = 0; i < self->cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (self->cards, i);

      had_unverified |= pulse_metric_card_get_verifying (card);
      pulse_metric_card_set_verifying (card, FALSE);
    }
  if (!changed || !had_unverified)
    return;
  self->outdated = TRUE;
  catch_up (self);
}

static void
on_activity_progress (PulseWorker     *worker,
                      guint64          rows_read,
                      guint64          rows_estimated,
                      PulseMetricPage *self)
{
  for (guint i = 0; i < self->cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (self->cards, i);

      if (pulse_metric_card_get_state (card) == PULSE_CARD_LOADING &&
          pulse_activity_index_supports (pulse_metric_get_id (pulse_metric_card_get_metric (card))))
        pulse_metric_card_set_progress (card, rows_read, rows_estimated);
    }
}

/* A new generation cancels the page's jobs, on the server too. */
static void
cancel_loading_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PulseMetricPage *self = PULSE_METRIC_PAGE (widget);

  if (self->worker == NULL)
    return;
  self->generation = pulse_worker_begin_generation (self->worker, self->group_id);
  for (guint i = 0; i < self->cards->len; i++)
    pulse_metric_card_stop_loading (g_ptr_array_index (self->cards, i));
}

/* Whether the cards asked the same database (a reconnection is a new
 * worker for it) for the dashboard's range and comparison. */
static gboolean
asks_the_same (PulseMetricPage *self,
               PulseWorker     *worker)
{
  return self->worker != NULL &&
         g_str_equal (pulse_worker_get_conninfo (self->worker), pulse_worker_get_conninfo (worker)) &&
         pulse_query_range_equal (self->range, pulse_dashboard_get_range (self->dashboard)) &&
         self->compare == pulse_dashboard_get_compare (self->dashboard);
}

/**
 * pulse_metric_page_refresh:
 *
 * Runs every card's query again for the dashboard's worker, range and
 * comparison, superseding what still runs.
 */
void
pulse_metric_page_refresh (PulseMetricPage *self)
{
  PulseWorker *worker;

  g_return_if_fail (PULSE_IS_METRIC_PAGE (self));

  if (!(worker = pulse_dashboard_get_worker (self->dashboard)))
    return;
  self->awaiting_snapshot = pulse_dashboard_is_loading_snapshot (self->dashboard);
  if (self->awaiting_snapshot)
    return;
  /* Stale data may stand in only for the same query's. */
  if (!asks_the_same (self, worker))
    for (guint i = 0; i < self->cards->len; i++)
      pulse_metric_card_clear (g_ptr_array_index (self->cards, i));
  if (self->worker != worker)
    {
      if (self->worker != NULL)
        g_signal_handlers_disconnect_by_data (self->worker, self);
      g_signal_connect_object (worker, "activity-unverified", G_CALLBACK (on_activity_unverified), self, 0);
      g_signal_connect_object (worker, "activity-verified", G_CALLBACK (on_activity_verified), self, 0);
      g_signal_connect_object (worker, "activity-progress", G_CALLBACK (on_activity_progress), self, 0);
    }
  g_set_object (&self->worker, worker);
  self->outdated = FALSE;
  g_clear_pointer (&self->range, pulse_query_range_unref);
  self->range = pulse_query_range_ref (pulse_dashboard_get_range (self->dashboard));
  self->compare = pulse_dashboard_get_compare (self->dashboard);
  self->generation = pulse_worker_begin_generation (worker, self->group_id);
  self->n_pending = self->cards->len;
  g_clear_error (&self->connection_error);

  for (guint i = 0; i < self->cards->len; i++)
    request_metric (self, g_ptr_array_index (self->cards, i));
}

/**
 * pulse_metric_page_load:
 *
 * Loads the cards, on screen or not, unless they already show or load
 * the dashboard's data: the overview shows every page's figures.
 */
void
pulse_metric_page_load (PulseMetricPage *self)
{
  g_return_if_fail (PULSE_IS_METRIC_PAGE (self));

  if (pulse_dashboard_get_worker (self->dashboard) != NULL && !is_current (self))
    pulse_metric_page_refresh (self);
}

/* Whether a query of the latest refresh found the connection lost. */
gboolean
pulse_metric_page_get_connection_lost (PulseMetricPage *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), FALSE);
  return self->connection_error != NULL;
}

/* Whether a card shows a result, current or stale. */
gboolean
pulse_metric_page_has_results (PulseMetricPage *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), FALSE);

  for (guint i = 0; i < self->cards->len; i++)
    if (pulse_metric_card_get_result (g_ptr_array_index (self->cards, i)) != NULL)
      return TRUE;
  return FALSE;
}

/* Whether every card shows a result, an error or that it is offline:
 * nothing loading, unloaded or refreshing a snapshot's numbers. */
gboolean
pulse_metric_page_is_settled (PulseMetricPage *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), FALSE);

  /* Owing a refresh (waiting for the snapshot, or shown with settings
   * newer than its queries), the cards still show the older query. */
  if (self->awaiting_snapshot || (gtk_widget_get_mapped (GTK_WIDGET (self)) && !is_current (self)))
    return FALSE;
  for (guint i = 0; i < self->cards->len; i++)
    {
      PulseMetricCard *card = g_ptr_array_index (self->cards, i);
      PulseCardState state = pulse_metric_card_get_state (card);

      if (state == PULSE_CARD_LOADING || state == PULSE_CARD_EMPTY || pulse_metric_card_get_refreshing (card))
        return FALSE;
    }
  return TRUE;
}

/* Returns: (nullable) (transfer full): when the oldest numbers shown were fetched */
GDateTime *
pulse_metric_page_dup_oldest_fetched (PulseMetricPage *self)
{
  GDateTime *oldest = NULL;

  g_return_val_if_fail (PULSE_IS_METRIC_PAGE (self), NULL);

  for (guint i = 0; i < self->cards->len; i++)
    {
      GDateTime *fetched = pulse_metric_card_get_fetched (g_ptr_array_index (self->cards, i));

      if (fetched != NULL && (oldest == NULL || g_date_time_compare (fetched, oldest) < 0))
        oldest = fetched;
    }
  return oldest ? g_date_time_ref (oldest) : NULL;
}
