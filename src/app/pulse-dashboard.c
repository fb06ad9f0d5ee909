/* pulse-dashboard.c: what every page, card and export of a window shows
 *
 * The window's context: the catalog, the worker of the open connection,
 * the range, comparison and segment chosen in the toolbar (from
 * GSettings) and the settings themselves. Pages and cards follow its
 * notifications; widgets that open a connection set its worker.
 * It also holds the connection's annotations (PulseAnnotationStore), which
 * every time chart and export shows, read again after each change.
 *
 * It also keeps the snapshot of what the pages fetched for the open
 * connection and the toolbar's query (pulse-snapshot.c): loaded when
 * either changes (::notify::snapshot once it is in), added to as
 * results come, written when a page has all of its results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pulse-activity-index.h"
#include "pulse-annotation-store.h"
#include "pulse-dashboard.h"
#include "pulse-error.h"

struct _PulseDashboard
{
  GObject          parent_instance;

  PulseCatalog    *catalog;
  GSettings       *settings;
  PulseWorker     *worker;
  PulseQueryRange *range;
  gboolean         compare;
  PulseSegment     segment;

  char            *identity;           /* whose data the worker reads, for the snapshot */
  PulseSnapshot   *snapshot;           /* NULL while loading or without a worker */
  GCancellable    *snapshot_loading;   /* of the load under way */
  gboolean         snapshot_changed;   /* since it was last written */
  gboolean         snapshot_saving;
  PulseAnnotationStore *annotation_store;
  GPtrArray       *annotations;            /* PulseAnnotation; NULL until read */
  GCancellable    *annotations_cancellable;
};

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_SETTINGS,
  PROP_WORKER,
  PROP_RANGE,
  PROP_COMPARE,
  PROP_SEGMENT,
  PROP_SNAPSHOT,
  PROP_ANNOTATIONS,
  N_PROPS
};

enum {
  INVALID_SETTING,
  ANNOTATIONS_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PulseDashboard, pulse_dashboard, G_TYPE_OBJECT)

static const char * const range_keys[] = {
  "range-preset", "custom-from", "custom-to", "granularity", "timezone", NULL
};

static PulseQueryRange *
range_from_settings (GSettings *settings)
{
  g_autofree char *timezone = g_settings_get_string (settings, "timezone");
  g_autofree char *custom_from = g_settings_get_string (settings, "custom-from");
  g_autofree char *custom_to = g_settings_get_string (settings, "custom-to");
  GDate today, from, to;

  pulse_today_in_zone (timezone, &today);
  pulse_parse_iso_date (custom_from, &from);
  pulse_parse_iso_date (custom_to, &to);
  /* The schema's enums have the values of PulseRangePreset and PulseGranularity. */
  return pulse_query_range_new_preset (g_settings_get_enum (settings, "range-preset"), &today, &from, &to,
                                       timezone, g_settings_get_enum (settings, "granularity"));
}

/* What a snapshot answers: the toolbar's choice of range (a preset
 * stays itself from one day to the next), buckets, zone and comparison.
 * The segment is not in it: every result holds every segment. */
static char *
dup_snapshot_key (PulseDashboard *self)
{
  g_autofree char *preset = g_settings_get_string (self->settings, "range-preset");
  g_autofree char *granularity = g_settings_get_string (self->settings, "granularity");
  g_autofree char *timezone = g_settings_get_string (self->settings, "timezone");
  g_autofree char *range = NULL;
  char from[11], to[11];

  if (g_str_equal (preset, "custom"))
    {
      pulse_query_range_fill_params (self->range, from, to);
      range = g_strdup_printf ("custom %s %s", from, to);
    }
  return g_strdup_printf ("range=%s\ngranularity=%s\ntimezone=%s\ncompare=%d",
                          range ? range : preset, granularity, timezone, self->compare);
}

static void
on_snapshot_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PulseDashboard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PulseSnapshot) snapshot = pulse_snapshot_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->snapshot_loading);
  /* None yet, or not usable (removed): a new one for what comes. A
   * newer change would have cancelled this load: the key is still this. */
  if (snapshot == NULL)
    {
      g_autofree char *key = dup_snapshot_key (self);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Snapshot discarded: %s", error->message);
      snapshot = pulse_snapshot_new (self->identity, key);
    }
  g_set_object (&self->snapshot, snapshot);
  self->snapshot_changed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
}

/* Called before the worker, range or comparison is notified: pages that
 * refresh then wait for the snapshot (a few milliseconds) before they query. */
static void
reload_snapshot (PulseDashboard *self)
{
  const char *identity = self->identity;
  g_autofree char *key = NULL;
  g_autofree char *dir = NULL;

  if (self->worker == NULL)
    return;
  key = dup_snapshot_key (self);
  if (self->snapshot != NULL && g_str_equal (identity, pulse_snapshot_get_identity (self->snapshot)) &&
      g_str_equal (key, pulse_snapshot_get_key (self->snapshot)))
    return;

  pulse_dashboard_save_snapshot (self);
  g_cancellable_cancel (self->snapshot_loading);
  g_clear_object (&self->snapshot_loading);
  g_clear_object (&self->snapshot);
  self->snapshot_loading = g_cancellable_new ();
  dir = pulse_activity_cache_dup_default_dir ();
  pulse_snapshot_load_async (self->catalog, dir, identity, key, self->snapshot_loading,
                             on_snapshot_loaded, g_object_ref (self));
}

static void
update_range (PulseDashboard *self)
{
  g_autoptr(PulseQueryRange) range = range_from_settings (self->settings);

  if (self->range != NULL && pulse_query_range_equal (self->range, range))
    return;
  g_clear_pointer (&self->range, pulse_query_range_unref);
  self->range = g_steal_pointer (&range);
  reload_snapshot (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
}

static void
update_compare (PulseDashboard *self)
{
  gboolean compare = g_settings_get_boolean (self->settings, "compare");

  if (self->compare == compare)
    return;
  self->compare = compare;
  reload_snapshot (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE]);
}

/* The schema allows only the segments' names. */
static PulseSegment
segment_from_settings (GSettings *settings)
{
  g_autofree char *name = g_settings_get_string (settings, "segment");
  PulseSegment segment = PULSE_SEGMENT_ALL;

  pulse_segment_from_string (name, &segment);
  return segment;
}

static void
update_segment (PulseDashboard *self)
{
  PulseSegment segment = segment_from_settings (self->settings);

  if (self->segment == segment)
    return;
  self->segment = segment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENT]);
}

static void
on_settings_changed (PulseDashboard *self,
                     const char     *key)
{
  if (g_str_equal (key, "segment"))
    update_segment (self);
  else if (g_str_equal (key, "compare"))
    update_compare (self);
  else if (g_strv_contains (range_keys, key))
    update_range (self);
}

/* A zone GLib knows by name (not a path to a file), as PostgreSQL does. */
static gboolean
timezone_is_valid (const char *timezone)
{
  g_autoptr(GTimeZone) zone = NULL;

  if (*timezone == '\0' || *timezone == '/' || strstr (timezone, "..") != NULL)
    return FALSE;
  zone = g_time_zone_new_identifier (timezone);
  return zone != NULL;
}

static gboolean
custom_range_is_valid (GSettings *settings)
{
  g_autofree char *from_text = g_settings_get_string (settings, "custom-from");
  g_autofree char *to_text = g_settings_get_string (settings, "custom-to");
  GDate from, to;

  return pulse_parse_iso_date (from_text, &from) && pulse_parse_iso_date (to_text, &to) &&
         g_date_compare (&from, &to) <= 0;
}

static void
reset_keys (PulseDashboard     *self,
            const char * const *keys,
            const char         *message)
{
  g_settings_delay (self->settings);
  for (guint i = 0; keys[i]; i++)
    g_settings_reset (self->settings, keys[i]);
  g_settings_apply (self->settings);
  g_signal_emit (self, signals[INVALID_SETTING], 0, message);
}

/* Saved by another version or by hand: a bad value would fail every
 * card. It falls back to the default; the other settings stay. */
static void
repair_settings (PulseDashboard *self)
{
  g_autofree char *timezone = g_settings_get_string (self->settings, "timezone");

  if (!timezone_is_valid (timezone))
    {
      g_autoptr(GVariant) fallback = g_settings_get_default_value (self->settings, "timezone");
      g_autofree char *message = g_strdup_printf (_("The saved time zone “%s” is not valid; using %s instead"),
                                                  timezone, g_variant_get_string (fallback, NULL));

      reset_keys (self, (const char * const[]) { "timezone", NULL }, message);
    }
  if (g_settings_get_enum (self->settings, "range-preset") == PULSE_RANGE_CUSTOM &&
      !custom_range_is_valid (self->settings))
    reset_keys (self, (const char * const[]) { "range-preset", "custom-from", "custom-to", NULL },
                _("The saved custom date range is not valid; showing the default range instead"));
}

static void
pulse_dashboard_constructed (GObject *object)
{
  PulseDashboard *self = PULSE_DASHBOARD (object);

  G_OBJECT_CLASS (pulse_dashboard_parent_class)->constructed (object);

  self->compare = g_settings_get_boolean (self->settings, "compare");
  self->segment = segment_from_settings (self->settings);
  self->range = range_from_settings (self->settings);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
}

static void
pulse_dashboard_dispose (GObject *object)
{
  PulseDashboard *self = PULSE_DASHBOARD (object);

  g_cancellable_cancel (self->snapshot_loading);
  g_clear_object (&self->snapshot_loading);
  pulse_dashboard_save_snapshot (self);
  g_clear_object (&self->snapshot);
  g_cancellable_cancel (self->annotations_cancellable);
  g_clear_object (&self->annotations_cancellable);
  g_clear_object (&self->annotation_store);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_clear_object (&self->worker);
  g_clear_object (&self->settings);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (pulse_dashboard_parent_class)->dispose (object);
}

static void
pulse_dashboard_finalize (GObject *object)
{
  PulseDashboard *self = PULSE_DASHBOARD (object);

  g_clear_pointer (&self->range, pulse_query_range_unref);
  g_free (self->identity);

  G_OBJECT_CLASS (pulse_dashboard_parent_class)->finalize (object);
}

static void
pulse_dashboard_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PulseDashboard *self = PULSE_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_WORKER:
      g_value_set_object (value, self->worker);
      break;
    case PROP_RANGE:
      g_value_set_boxed (value, self->range);
      break;
    case PROP_COMPARE:
      g_value_set_boolean (value, self->compare);
      break;
    case PROP_ANNOTATIONS:
      g_value_set_boxed (value, self->annotations);
      break;
    case PROP_SEGMENT:
      g_value_set_enum (value, self->segment);
      break;
    case PROP_SNAPSHOT:
      g_value_set_object (value, self->snapshot);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_dashboard_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PulseDashboard *self = PULSE_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_dashboard_class_init (PulseDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = pulse_dashboard_constructed;
  object_class->dispose = pulse_dashboard_dispose;
  object_class->finalize = pulse_dashboard_finalize;
  object_class->get_property = pulse_dashboard_get_property;
  object_class->set_property = pulse_dashboard_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, PULSE_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKER] =
    g_param_spec_object ("worker", NULL, NULL, PULSE_TYPE_WORKER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RANGE] =
    g_param_spec_boxed ("range", NULL, NULL, PULSE_TYPE_QUERY_RANGE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPARE] =
    g_param_spec_boolean ("compare", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEGMENT] =
    g_param_spec_enum ("segment", NULL, NULL, PULSE_TYPE_SEGMENT, PULSE_SEGMENT_ALL,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPSHOT] =
    g_param_spec_object ("snapshot", NULL, NULL, PULSE_TYPE_SNAPSHOT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATIONS] =
    g_param_spec_boxed ("annotations", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Reading the annotations failed; the argument says why in a sentence. */
  signals[ANNOTATIONS_FAILED] = g_signal_new ("annotations-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* A saved setting was not valid and fell back to its default; the
   * argument says so in a sentence. */
  signals[INVALID_SETTING] = g_signal_new ("invalid-setting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pulse_dashboard_init (PulseDashboard *self)
{
}

PulseDashboard *
pulse_dashboard_new (PulseCatalog *catalog,
                     GSettings    *settings)
{
  g_return_val_if_fail (PULSE_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (PULSE_TYPE_DASHBOARD, "catalog", catalog, "settings", settings, NULL);
}

PulseCatalog *
pulse_dashboard_get_catalog (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), NULL);
  return self->catalog;
}

GSettings *
pulse_dashboard_get_settings (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), NULL);
  return self->settings;
}

/* Returns: (nullable): the open connection's worker */
PulseWorker *
pulse_dashboard_get_worker (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), NULL);
  return self->worker;
}

PulseQueryRange *
pulse_dashboard_get_range (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), NULL);
  return self->range;
}

gboolean
pulse_dashboard_get_compare (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), FALSE);
  return self->compare;
}

PulseSegment
pulse_dashboard_get_segment (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), PULSE_SEGMENT_ALL);
  return self->segment;
}

/**
 * pulse_dashboard_open:
 * @options: a dashboard session; its password is kept only in memory
 *
 * Replaces the worker with one for @conninfo.
 */
void
pulse_dashboard_open (PulseDashboard            *self,
                      const char                *conninfo,
                      const PulseSessionOptions *options)
{
  pulse_dashboard_open_workspace (self, conninfo, options, NULL);
}

/**
 * pulse_dashboard_open_workspace:
 * @identity: (nullable): whose data it is, for the snapshot, when the
 *   conninfo does not say it the same way each time (the demo's server
 *   listens in a new folder at each start); %NULL: host, port, database
 *   and user of @conninfo
 *
 * pulse_dashboard_open(), naming the workspace.
 */
void
pulse_dashboard_open_workspace (PulseDashboard            *self,
                                const char                *conninfo,
                                const PulseSessionOptions *options,
                                const char                *identity)
{
  PulseWorker *worker;
  char *named;

  g_return_if_fail (PULSE_IS_DASHBOARD (self));
  g_return_if_fail (conninfo != NULL);

  /* First: @conninfo, @options and @identity may belong to what is replaced. */
  worker = pulse_worker_new (conninfo, options);
  /* The activity cache is the same workspace's as the snapshot. */
  pulse_worker_set_identity (worker, identity);
  named = identity ? g_strdup (identity) : pulse_snapshot_dup_identity (conninfo, options->user);
  g_clear_object (&self->worker);
  self->worker = worker;
  g_free (self->identity);
  self->identity = named;
  reload_snapshot (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKER]);

  g_clear_object (&self->annotation_store);
  self->annotation_store = pulse_annotation_store_new (pulse_worker_get_conninfo (worker), pulse_worker_get_options (worker));
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATIONS]);
  pulse_dashboard_reload_annotations (self);
}

/* Returns: (nullable): where the open connection's annotations live */
PulseAnnotationStore *
pulse_dashboard_get_annotation_store (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), NULL);
  return self->annotation_store;
}

/* Returns: (nullable) (element-type PulseAnnotation): the open
 * connection's annotations, once read */
GPtrArray *
pulse_dashboard_get_annotations (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), NULL);
  return self->annotations;
}

static void
on_annotations_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PulseDashboard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = pulse_annotation_store_load_finish (PULSE_ANNOTATION_STORE (source), result, &error);

  /* A store replaced meanwhile had its own load. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || source != (GObject *)self->annotation_store)
    return;
  if (list == NULL)
    {
      /* The window already says when the connection itself fails. */
      if (pulse_error_get_scope (error) == PULSE_ERROR_SCOPE_QUERY)
        g_signal_emit (self, signals[ANNOTATIONS_FAILED], 0, error->message);
      return;
    }
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  self->annotations = g_steal_pointer (&list);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATIONS]);
}

/* Reads the annotations again (after a change); the last read wins. */
void
pulse_dashboard_reload_annotations (PulseDashboard *self)
{
  g_return_if_fail (PULSE_IS_DASHBOARD (self));

  if (self->annotation_store == NULL)
    return;
  g_cancellable_cancel (self->annotations_cancellable);
  g_clear_object (&self->annotations_cancellable);
  self->annotations_cancellable = g_cancellable_new ();
  pulse_annotation_store_load_async (self->annotation_store, self->annotations_cancellable,
                                     on_annotations_loaded, g_object_ref (self));
}

/* Reconnects: the same session, password (in memory) included. */
void
pulse_dashboard_reopen (PulseDashboard *self)
{
  g_return_if_fail (PULSE_IS_DASHBOARD (self));

  /* A name given at the opening stays; one made of the conninfo is made again. */
  if (self->worker != NULL)
    pulse_dashboard_open_workspace (self, pulse_worker_get_conninfo (self->worker),
                                    pulse_worker_get_options (self->worker),
                                    pulse_worker_get_identity (self->worker) ? self->identity : NULL);
}

/**
 * pulse_dashboard_reload:
 *
 * Checks the saved settings and reads the range again ("today" may have
 * moved on). A setting that is not valid falls back to its default and
 * emits ::invalid-setting.
 */
void
pulse_dashboard_reload (PulseDashboard *self)
{
  g_return_if_fail (PULSE_IS_DASHBOARD (self));

  repair_settings (self);
  /* A refresh reads the events the activity index has not seen. */
  if (self->worker != NULL)
    pulse_worker_refresh (self->worker);
  update_range (self);
}

/* Returns: (nullable): the open connection's snapshot for the toolbar's
 * query; %NULL while it loads */
PulseSnapshot *
pulse_dashboard_get_snapshot (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), NULL);
  return self->snapshot;
}

/* Whether pages should wait for the snapshot before they query. */
gboolean
pulse_dashboard_is_loading_snapshot (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), FALSE);
  return self->snapshot_loading != NULL;
}

/**
 * pulse_dashboard_keep_results:
 * @previous: (nullable): the previous period's, when comparing
 *
 * Adds fresh results to the snapshot, if they answer the toolbar's
 * query (a page off screen may still get an older range's).
 */
void
pulse_dashboard_keep_results (PulseDashboard    *self,
                              PulseMetricResult *current,
                              PulseMetricResult *previous)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_if_fail (PULSE_IS_DASHBOARD (self));
  g_return_if_fail (PULSE_IS_METRIC_RESULT (current));

  if (self->snapshot == NULL || (previous != NULL) != self->compare ||
      !pulse_query_range_equal (pulse_metric_result_get_range (current), self->range))
    return;
  now = g_date_time_new_now_local ();
  pulse_snapshot_set (self->snapshot, current, previous, now);
  self->snapshot_changed = TRUE;
}

static void
on_snapshot_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PulseDashboard) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A cache that cannot be written only costs time: no more than a note. */
  if (!pulse_snapshot_save_finish (PULSE_SNAPSHOT (source), result, &error))
    g_debug ("The snapshot was not saved: %s", error->message);
  self->snapshot_saving = FALSE;
  if (self->snapshot_changed && self->snapshot == PULSE_SNAPSHOT (source))
    pulse_dashboard_save_snapshot (self);
}

/* Writes the snapshot, in the background, if it changed; one write at a time. */
void
pulse_dashboard_save_snapshot (PulseDashboard *self)
{
  g_autofree char *dir = NULL;

  g_return_if_fail (PULSE_IS_DASHBOARD (self));

  if (self->snapshot == NULL || !self->snapshot_changed || self->snapshot_saving)
    return;
  self->snapshot_changed = FALSE;
  self->snapshot_saving = TRUE;
  dir = pulse_activity_cache_dup_default_dir ();
  pulse_snapshot_save_async (self->snapshot, dir, NULL, on_snapshot_saved, g_object_ref (self));
}

/* Whether a snapshot is being written: tests wait for it. */
gboolean
pulse_dashboard_is_saving_snapshot (PulseDashboard *self)
{
  g_return_val_if_fail (PULSE_IS_DASHBOARD (self), FALSE);
  return self->snapshot_saving;
}
