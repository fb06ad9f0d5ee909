/* pulse-metric-view.c: how one metric result is presented
 *
 * The one home of the presentation rules: the headline (one of the
 * range-level summaries the SQL computes, never an aggregate of the
 * buckets, so it does not move with the bucket control), its unit,
 * caption and parts, the other summaries, the change against the
 * previous period, the chart's visible series and colours and the
 * source text. The card, the chart exports, the report, the CSV and the
 * JSON all ask a view, so they cannot drift apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pulse-chart-format-private.h"
#include "pulse-chart-palette.h"
#include "pulse-metric-view.h"

#define PREVIOUS_SUFFIX ":previous"

struct _PulseMetricView
{
  GObject            parent_instance;

  PulseMetricResult *result;
  PulseMetricResult *previous;
  PulseSegment       segment;

  double             headline_value;
  const char        *headline_unit;    /* the catalog's, or "ratio" for the funnel */
  char              *headline_summary;
  char              *headline_text;
  char              *headline_figure;  /* the headline without its parts */
  char              *caption;
  char              *details;
  GStrv              summary_order;
  char              *delta_text;
  PulseTone          delta_tone;
  char              *previous_label;
  char              *source_text;
};

enum {
  PROP_0,
  PROP_RESULT,
  PROP_PREVIOUS,
  PROP_SEGMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PulseMetricView, pulse_metric_view, G_TYPE_OBJECT)

static PulseMetric *
get_metric (PulseMetricView *self)
{
  return pulse_metric_result_get_metric (self->result);
}

static const char *
segment_name (PulseMetricView *self)
{
  return pulse_segment_to_string (self->segment);
}

static const char *
unit_of (PulseMetric            *metric,
         const PulseMetricField *field)
{
  return field != NULL && field->unit != NULL ? field->unit : pulse_metric_get_unit (metric);
}

static const char *
title_of (const PulseMetricField *field,
          const char             *id)
{
  return field != NULL && field->title != NULL ? field->title : id;
}

static gboolean
is_funnel (PulseMetric *metric)
{
  return pulse_metric_get_steps (metric)->len > 1;
}

/* The last step of the segment's funnel (each segment has its own list). */
static const PulseMetricField *
funnel_last_step (PulseMetricView   *self,
                  PulseMetricResult *result)
{
  GPtrArray *steps = pulse_metric_get_steps (get_metric (self));

  for (guint i = steps->len; i > 0; i--)
    {
      const PulseMetricField *step = g_ptr_array_index (steps, i - 1);
      if (pulse_metric_result_has_step (result, step->id, segment_name (self)))
        return step;
    }
  return g_ptr_array_index (steps, steps->len - 1);
}

/* The conversion from the first funnel step to the last, in the segment. */
static double
funnel_conversion (PulseMetricView   *self,
                   PulseMetricResult *result)
{
  GPtrArray *steps = pulse_metric_get_steps (get_metric (self));
  const PulseMetricField *first = g_ptr_array_index (steps, 0);
  const PulseMetricField *last = funnel_last_step (self, result);
  double started = pulse_metric_result_get_step_value (result, first->id, segment_name (self));

  return started > 0 ? pulse_metric_result_get_step_value (result, last->id, segment_name (self)) / started : NAN;
}

/* The part with the segment's summaries; the whole for a query not split by role. */
static PulseMetricResult *
summary_part (PulseMetricView   *self,
              PulseMetricResult *result)
{
  PulseMetricResult *part = pulse_metric_result_get_segment (result, self->segment);

  return part != NULL ? part : result;
}

static PulseSummaryRole
summary_role (PulseMetricResult *part,
              guint              index)
{
  const PulseMetricField *field = pulse_metric_find_summary (pulse_metric_result_get_metric (part),
                                                             pulse_metric_result_get_summary_id (part, index));

  return field != NULL ? field->role : PULSE_SUMMARY_DETAIL;
}

/* The summary the catalog names the headline, else the first one; -1 if none. */
static int
headline_index (PulseMetricResult *part)
{
  guint n = pulse_metric_result_get_n_summaries (part);

  for (guint i = 0; i < n; i++)
    if (summary_role (part, i) == PULSE_SUMMARY_HEADLINE)
      return (int)i;
  return n > 0 ? 0 : -1;
}

static double
headline_of (PulseMetricView   *self,
             PulseMetricResult *result)
{
  PulseMetricResult *part;
  int index;

  if (is_funnel (get_metric (self)))
    return funnel_conversion (self, result);
  part = summary_part (self, result);
  index = headline_index (part);
  return index >= 0 ? pulse_metric_result_get_summary_value (part, index) : NAN;
}

static char *
format_summary (PulseMetricResult *part,
                guint              index,
                gboolean           with_unit)
{
  PulseMetric *metric = pulse_metric_result_get_metric (part);
  const PulseMetricField *field = pulse_metric_find_summary (metric, pulse_metric_result_get_summary_id (part, index));

  return pulse_chart_format_measure (pulse_metric_result_get_summary_value (part, index),
                                     unit_of (metric, field), with_unit);
}

static const char *
summary_title (PulseMetricResult *part,
               guint              index)
{
  const char *id = pulse_metric_result_get_summary_id (part, index);

  return title_of (pulse_metric_find_summary (pulse_metric_result_get_metric (part), id), id);
}

/* The part's summaries in the catalog's order (day 1 before day 30,
 * whatever order the query gave them), then those it does not list. */
static GArray *
catalog_order (PulseMetricResult *part)
{
  GPtrArray *fields = pulse_metric_get_summaries (pulse_metric_result_get_metric (part));
  guint n = pulse_metric_result_get_n_summaries (part);
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  g_autofree gboolean *taken = g_new0 (gboolean, MAX (n, 1));

  for (guint f = 0; fields != NULL && f < fields->len; f++)
    for (guint i = 0; i < n; i++)
      if (!taken[i] && g_strcmp0 (((PulseMetricField *)g_ptr_array_index (fields, f))->id,
                                  pulse_metric_result_get_summary_id (part, i)) == 0)
        {
          taken[i] = TRUE;
          g_array_append_val (order, i);
        }
  for (guint i = 0; i < n; i++)
    if (!taken[i])
      g_array_append_val (order, i);
  return order;
}

/* "392 public, 760 private": the parts the headline adds up; a part
 * not known (day 30 retention of a shorter range) is left out. */
static char *
parts_text (PulseMetricResult *part)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) order = catalog_order (part);

  for (guint k = 0; k < order->len; k++)
    {
      guint i = g_array_index (order, guint, k);
      g_autofree char *value = NULL;
      g_autofree char *title = NULL;

      if (summary_role (part, i) != PULSE_SUMMARY_PART || isnan (pulse_metric_result_get_summary_value (part, i)))
        continue;
      value = format_summary (part, i, FALSE);
      title = g_utf8_strdown (summary_title (part, i), -1);
      /* Translators: a part of a headline, "392 public" */
      g_ptr_array_add (texts, g_strdup_printf (C_("headline part", "%s %s"), value, title));
    }
  if (texts->len == 0)
    return NULL;
  g_ptr_array_add (texts, NULL);
  return g_strjoinv (", ", (char **)texts->pdata);
}

/* "Posts per author: 2.5 posts · …": the summaries that are neither. */
static char *
details_text (PulseMetricResult *part,
              int                headline)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pulse_metric_result_get_n_summaries (part); i++)
    if ((int)i != headline && summary_role (part, i) == PULSE_SUMMARY_DETAIL)
      {
        g_autofree char *value = format_summary (part, i, TRUE);

        /* Translators: a summary below the headline, "Posts per author: 2.5 posts" */
        g_ptr_array_add (texts, g_strdup_printf (_("%s: %s"), summary_title (part, i), value));
      }
  if (texts->len == 0)
    return NULL;
  g_ptr_array_add (texts, NULL);
  return g_strjoinv (" · ", (char **)texts->pdata);
}

/* Headline first, then its parts, then the details. */
static GStrv
order_summaries (PulseMetricResult *part,
                 int                headline)
{
  static const PulseSummaryRole roles[] = { PULSE_SUMMARY_PART, PULSE_SUMMARY_DETAIL };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GArray) order = catalog_order (part);

  if (headline >= 0)
    g_strv_builder_add (builder, pulse_metric_result_get_summary_id (part, headline));
  for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
    for (guint k = 0; k < order->len; k++)
      {
        guint i = g_array_index (order, guint, k);

        if ((int)i != headline && summary_role (part, i) == roles[r])
          g_strv_builder_add (builder, pulse_metric_result_get_summary_id (part, i));
      }
  return g_strv_builder_end (builder);
}

/* "Builders · Daily average", "(not split by role)" for a query without roles. */
static char *
caption_for (PulseMetricView *self,
             const char      *caption)
{
  if (self->segment == PULSE_SEGMENT_ALL)
    return g_strdup (caption);
  if (pulse_metric_result_get_segment (self->result, self->segment) == NULL)
    /* Translators: a headline's caption for a metric whose query does not split by role */
    return g_strdup_printf (_("%s (not split by role)"), caption);
  /* Translators: a role, then a headline's caption: "Builders · Daily average" */
  return g_strdup_printf (_("%s · %s"), pulse_segment_describe (segment_name (self)), caption);
}

static void
present_headline (PulseMetricView *self)
{
  PulseMetric *metric = get_metric (self);
  PulseMetricResult *part = summary_part (self, self->result);
  int headline = is_funnel (metric) ? -1 : headline_index (part);
  g_autofree char *value = NULL;
  g_autofree char *parts = NULL;
  g_autofree char *caption = NULL;

  self->headline_value = headline_of (self, self->result);
  self->headline_unit = pulse_metric_get_unit (metric);
  if (is_funnel (metric))
    {
      self->headline_unit = "ratio";
      caption = g_strdup_printf (_("of sign-ups reached “%s”"), funnel_last_step (self, self->result)->title);
    }
  else if (headline >= 0)
    {
      self->headline_summary = g_strdup (pulse_metric_result_get_summary_id (part, headline));
      self->headline_unit = unit_of (metric, pulse_metric_find_summary (metric, self->headline_summary));
      caption = g_strdup (summary_title (part, headline));
      parts = parts_text (part);
    }
  else
    caption = g_strdup (_("No data for this range"));

  value = pulse_chart_format_measure (self->headline_value, self->headline_unit, TRUE);
  self->headline_figure = g_strdup (value);
  /* Translators: a total, then its parts: "1,152 collections — 392 public, 760 private" */
  self->headline_text = parts ? g_strdup_printf (_("%s — %s"), value, parts) : g_steal_pointer (&value);
  self->caption = caption_for (self, caption);
  self->details = details_text (part, headline);
  self->summary_order = order_summaries (part, headline);
}

/* @format: see g_date_time_format() */
static char *
format_day (const GDate *day,
            const char  *format)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day),
                                                       g_date_get_day (day), 0, 0, 0);

  return g_date_time_format (midnight, format);
}

/* Translators: a date, "Nov 30, 2025"; see g_date_time_format() */
#define DAY_FORMAT N_("%b %-d, %Y")

/* "Nov 1 – Nov 30, 2025" */
static char *
describe_dates (const GDate *from,
                const GDate *to)
{
  gboolean same_year = g_date_get_year (from) == g_date_get_year (to);
  /* Translators: the first date of a range in the same year as the last, "Nov 1"; see g_date_time_format() */
  g_autofree char *a = format_day (from, same_year ? _("%b %-d") : _(DAY_FORMAT));
  g_autofree char *b = format_day (to, _(DAY_FORMAT));

  return g_strdup_printf ("%s – %s", a, b);
}

/* Ratios change in percentage points: 45 % to 43.4 % is "−1.6 pp". */
static char *
format_points (double value,
               double previous)
{
  double points = (value - previous) * 100.0;
  g_autofree char *number = pulse_chart_format_number (points, 1);
  const char *sign = points > 0 && g_strcmp0 (number, "0.0") != 0 ? "+" : "";

  /* Translators: a change in percentage points, "+1.6 pp" */
  return g_strdup_printf (C_("percentage points", "%s%s pp"), sign, number);
}

static PulseTone
tone_of_change (PulseMetric *metric,
                double       value,
                double       previous)
{
  PulseBetter better = pulse_metric_get_better (metric);

  if (value == previous || better == PULSE_BETTER_NEUTRAL)
    return PULSE_TONE_NEUTRAL;
  return (value > previous) == (better == PULSE_BETTER_UP) ? PULSE_TONE_POSITIVE : PULSE_TONE_NEGATIVE;
}

static void
present_change (PulseMetricView *self)
{
  PulseMetric *metric = get_metric (self);
  const GDate *first_day = pulse_metric_result_get_first_day (self->result);
  PulseQueryRange *range;
  g_autofree char *dates = NULL;
  double previous;

  if (self->previous == NULL)
    return;
  range = pulse_metric_result_get_range (self->previous);
  dates = describe_dates (pulse_query_range_get_from (range), pulse_query_range_get_to (range));
  /* Translators: the previous period's dates, "Previous: Nov 1 – Nov 30, 2025" */
  self->previous_label = g_strdup_printf (_("Previous: %s"), dates);

  /* Against a period the platform had no data for yet, a percentage is noise. */
  if (pulse_query_range_starts_before (range, first_day))
    {
      g_autofree char *day = format_day (first_day, _(DAY_FORMAT));

      /* Translators: instead of a change: the previous period starts before the first data (a date) */
      self->delta_text = g_strdup_printf (_("no comparison: data starts %s"), day);
      return;
    }

  previous = headline_of (self, self->previous);
  if (!isfinite (previous) || !isfinite (self->headline_value))
    return;
  if (pulse_chart_unit_is_fraction (self->headline_unit))
    self->delta_text = format_points (self->headline_value, previous);
  else
    self->delta_text = pulse_chart_format_delta (self->headline_value, previous);
  if (self->delta_text != NULL)
    self->delta_tone = tone_of_change (metric, self->headline_value, previous);
}

/* "Source: table persons", or the estimate's or proxy's tables. */
static char *
describe_source (PulseMetricResult *result)
{
  PulseSource source = pulse_metric_result_get_source (result);
  GPtrArray *variants = pulse_metric_get_variants (pulse_metric_result_get_metric (result));
  g_autofree char *tables = NULL;

  for (guint i = 0; i < variants->len && tables == NULL; i++)
    {
      const PulseMetricVariant *variant = g_ptr_array_index (variants, i);

      if (variant->source == source && variant->requires != NULL && variant->requires[0] != NULL)
        tables = g_strjoinv (", ", variant->requires);
    }

  switch (source)
    {
    case PULSE_SOURCE_ESTIMATED:
      return tables ? g_strdup_printf (_("Source: estimated from %s"), tables) : g_strdup (_("Source: estimated"));
    case PULSE_SOURCE_PROXY:
      return tables ? g_strdup_printf (_("Source: proxy from %s"), tables) : g_strdup (_("Source: proxy"));
    case PULSE_SOURCE_TABLE:
    default:
      return tables ? g_strdup_printf (_("Source: table %s"), tables) : g_strdup (_("Source: table"));
    }
}

static void
pulse_metric_view_constructed (GObject *object)
{
  PulseMetricView *self = (PulseMetricView *)object;

  G_OBJECT_CLASS (pulse_metric_view_parent_class)->constructed (object);

  present_headline (self);
  present_change (self);
  self->source_text = describe_source (self->result);
}

static void
pulse_metric_view_finalize (GObject *object)
{
  PulseMetricView *self = (PulseMetricView *)object;

  g_clear_object (&self->result);
  g_clear_object (&self->previous);
  g_clear_pointer (&self->headline_summary, g_free);
  g_clear_pointer (&self->headline_text, g_free);
  g_clear_pointer (&self->headline_figure, g_free);
  g_clear_pointer (&self->caption, g_free);
  g_clear_pointer (&self->details, g_free);
  g_clear_pointer (&self->summary_order, g_strfreev);
  g_clear_pointer (&self->delta_text, g_free);
  g_clear_pointer (&self->previous_label, g_free);
  g_clear_pointer (&self->source_text, g_free);

  G_OBJECT_CLASS (pulse_metric_view_parent_class)->finalize (object);
}

static void
pulse_metric_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PulseMetricView *self = PULSE_METRIC_VIEW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    case PROP_PREVIOUS:
      g_value_set_object (value, self->previous);
      break;
    case PROP_SEGMENT:
      g_value_set_enum (value, self->segment);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_metric_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PulseMetricView *self = PULSE_METRIC_VIEW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      self->result = g_value_dup_object (value);
      break;
    case PROP_PREVIOUS:
      self->previous = g_value_dup_object (value);
      break;
    case PROP_SEGMENT:
      self->segment = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pulse_metric_view_class_init (PulseMetricViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pulse_metric_view_constructed;
  object_class->finalize = pulse_metric_view_finalize;
  object_class->get_property = pulse_metric_view_get_property;
  object_class->set_property = pulse_metric_view_set_property;

  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL, PULSE_TYPE_METRIC_RESULT, flags);
  properties[PROP_PREVIOUS] =
    g_param_spec_object ("previous", NULL, NULL, PULSE_TYPE_METRIC_RESULT, flags);
  properties[PROP_SEGMENT] =
    g_param_spec_enum ("segment", NULL, NULL, PULSE_TYPE_SEGMENT, PULSE_SEGMENT_ALL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pulse_metric_view_init (PulseMetricView *self)
{
  self->headline_value = NAN;
}

/**
 * pulse_metric_view_new:
 * @previous: (nullable): the previous period's result, when comparing
 *
 * Returns: (transfer full): how @result is presented for @segment
 */
PulseMetricView *
pulse_metric_view_new (PulseMetricResult *result,
                       PulseMetricResult *previous,
                       PulseSegment       segment)
{
  g_return_val_if_fail (PULSE_IS_METRIC_RESULT (result), NULL);
  g_return_val_if_fail (previous == NULL || PULSE_IS_METRIC_RESULT (previous), NULL);
  g_return_val_if_fail (segment < PULSE_N_SEGMENTS, NULL);

  return g_object_new (PULSE_TYPE_METRIC_VIEW,
                       "result", result,
                       "previous", previous,
                       "segment", segment,
                       NULL);
}

#define VIEW_GETTER(type, name, fallback)                          \
  type                                                             \
  pulse_metric_view_get_##name (PulseMetricView *self)             \
  {                                                                \
    g_return_val_if_fail (PULSE_IS_METRIC_VIEW (self), fallback);  \
    return self->name;                                             \
  }

VIEW_GETTER (PulseMetricResult *, result, NULL)
VIEW_GETTER (PulseSegment, segment, PULSE_SEGMENT_ALL)
VIEW_GETTER (double, headline_value, NAN)
/* (nullable): %NULL for the funnel, whose headline is its conversion */
VIEW_GETTER (const char *, headline_summary, NULL)
VIEW_GETTER (const char *, headline_text, NULL)
/* The headline's figure alone, "1,152 collections": for overviews */
VIEW_GETTER (const char *, headline_figure, NULL)
VIEW_GETTER (const char *, caption, NULL)
/* (nullable): the summaries that are neither the headline nor its parts */
VIEW_GETTER (const char *, details, NULL)
/* (nullable): %NULL without a previous period or anything to compare */
VIEW_GETTER (const char *, delta_text, NULL)
VIEW_GETTER (PulseTone, delta_tone, PULSE_TONE_NEUTRAL)
/* (nullable): "Previous: Nov 1 – Nov 30, 2025" when comparing */
VIEW_GETTER (const char *, previous_label, NULL)
VIEW_GETTER (const char *, source_text, NULL)

/* The summary ids of the segment: the headline's, its parts', the details'. */
const char * const *
pulse_metric_view_get_summary_order (PulseMetricView *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_VIEW (self), NULL);
  return (const char * const *)self->summary_order;
}

/**
 * pulse_metric_view_dup_headline_line:
 *
 * The headline as exports print it: "1,152 collections — 392 public,
 * 760 private · Collections", and the change when comparing.
 */
char *
pulse_metric_view_dup_headline_line (PulseMetricView *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_VIEW (self), NULL);

  if (self->delta_text == NULL)
    return g_strdup_printf ("%s · %s", self->headline_text, self->caption);
  /* Translators: headline · caption · change (previous period's dates) */
  return g_strdup_printf (_("%s · %s · %s (%s)"), self->headline_text, self->caption,
                          self->delta_text, self->previous_label);
}

/* The statistics' headings follow the headline rule: a flow's total, a
 * stock's latest value, a rate's average. */
GStrv
pulse_metric_view_dup_stats_header (PulseMetricView *self)
{
  g_return_val_if_fail (PULSE_IS_METRIC_VIEW (self), NULL);

  switch (pulse_metric_get_headline (get_metric (self)))
    {
    case PULSE_HEADLINE_SUM:
      return g_strdupv ((char *[]) { _("Series"), _("Total"), _("Average"), _("Peak"), NULL });
    case PULSE_HEADLINE_LAST:
      return g_strdupv ((char *[]) { _("Series"), _("Latest"), _("Lowest"), _("Highest"), NULL });
    case PULSE_HEADLINE_MEAN:
    default:
      return g_strdupv ((char *[]) { _("Series"), _("Average"), _("Lowest"), _("Highest"), NULL });
    }
}

typedef struct
{
  double sum, min, max, last;
  guint  count;
} Stats;

static Stats
series_stats (const double *values,
              guint         n)
{
  Stats stats = { 0, INFINITY, -INFINITY, NAN, 0 };

  for (guint i = 0; i < n; i++)
    if (!isnan (values[i]))
      {
        stats.sum += values[i];
        stats.min = MIN (stats.min, values[i]);
        stats.max = MAX (stats.max, values[i]);
        stats.last = values[i];
        stats.count++;
      }
  return stats;
}

/* The three figures under pulse_metric_view_dup_stats_header()'s headings. */
static void
format_stats (PulseHeadline  rule,
              const Stats   *s,
              const char    *unit,
              char          *cells[3])
{
  double mean = s->count ? s->sum / s->count : NAN;
  double figures[3];

  figures[0] = rule == PULSE_HEADLINE_SUM ? (s->count ? s->sum : NAN) : rule == PULSE_HEADLINE_LAST ? s->last : mean;
  figures[1] = rule == PULSE_HEADLINE_SUM ? mean : (s->count ? s->min : NAN);
  figures[2] = s->count ? s->max : NAN;
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    cells[i] = pulse_chart_format_measure (figures[i], unit, FALSE);
}

/**
 * pulse_metric_view_dup_series_stats:
 *
 * The segment's series over the range, one row each: its title, then
 * the figures under pulse_metric_view_dup_stats_header()'s headings.
 *
 * Returns: (transfer full) (element-type GStrv): the rows
 */
GPtrArray *
pulse_metric_view_dup_series_stats (PulseMetricView *self)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  PulseMetric *metric;
  PulseMetricResult *part;
  const char *series_segment;

  g_return_val_if_fail (PULSE_IS_METRIC_VIEW (self), rows);

  metric = get_metric (self);
  part = pulse_metric_result_for_segment (self->result, segment_name (self), &series_segment);
  for (guint i = 0; i < pulse_metric_result_get_n_series (part); i++)
    {
      const char *id = pulse_metric_result_get_series_id (part, i);
      const PulseMetricField *field = pulse_metric_find_series (metric, id);
      Stats stats = series_stats (pulse_metric_result_get_series_values (part, i),
                                  pulse_metric_result_get_n_buckets (part));
      char **row = g_new0 (char *, 5);

      row[0] = g_strdup (title_of (field, id));
      format_stats (pulse_metric_get_headline (metric), &stats, unit_of (metric, field), row + 1);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/* The catalog field of model series @index, a dashed previous-period copy's too. */
static const PulseMetricField *
series_field (PulseChartModel *model,
              PulseMetric     *metric,
              guint            index)
{
  g_autofree char *id = g_strdup (pulse_chart_model_get_series_id (model, index));

  if (g_str_has_suffix (id, PREVIOUS_SUFFIX))
    id[strlen (id) - strlen (PREVIOUS_SUFFIX)] = '\0';
  return pulse_metric_find_series (metric, id);
}

static gboolean
in_unit (const PulseMetricField *field,
         const char             *unit)
{
  return field == NULL || field->unit == NULL || unit == NULL || g_str_equal (field->unit, unit);
}

/* Series counted in another unit than the metric's (sessions next to
 * durations, views next to a rate) are hidden: one axis, one unit. */
static void
hide_foreign_units (PulseChartModel *model,
                    PulseMetric     *metric)
{
  const char *unit = pulse_metric_get_unit (metric);
  guint n = pulse_chart_model_get_n_series (model);
  gboolean any = FALSE;

  for (guint i = 0; i < n && !any; i++)
    any = in_unit (series_field (model, metric, i), unit);
  /* A proxy may have no series in the metric's unit: then the first
   * series' unit is the axis's, rather than an empty chart. */
  if (!any && n > 0)
    {
      const PulseMetricField *first = series_field (model, metric, 0);

      unit = first ? first->unit : NULL;
      /* The axis says what is drawn ("collections", not "shares"). */
      if (unit != NULL)
        pulse_chart_model_set_unit (model, unit);
    }

  for (guint i = 0; i < n; i++)
    if (!in_unit (series_field (model, metric, i), unit))
      pulse_chart_model_set_series_visible (model, i, FALSE);
}

/* Colours follow meaning: up-votes green, down-votes red. */
static void
apply_tones (PulseChartModel *model,
             PulseMetric     *metric)
{
  for (guint i = 0; i < pulse_chart_model_get_n_series (model); i++)
    {
      const PulseMetricField *field = series_field (model, metric, i);

      if (field != NULL && field->tone == PULSE_TONE_POSITIVE)
        pulse_chart_model_set_series_color (model, i, PULSE_CHART_SERIES_COLOR_GOOD);
      else if (field != NULL && field->tone == PULSE_TONE_NEGATIVE)
        pulse_chart_model_set_series_color (model, i, PULSE_CHART_SERIES_COLOR_BAD);
    }
}

/**
 * pulse_metric_view_dup_chart_model:
 *
 * The chart the card and every export draw: the catalog's kind, the
 * segment's series in the metric's unit, the previous period dashed.
 *
 * Returns: (transfer full): a new model
 */
PulseChartModel *
pulse_metric_view_dup_chart_model (PulseMetricView *self)
{
  PulseChartModel *model;

  g_return_val_if_fail (PULSE_IS_METRIC_VIEW (self), NULL);

  model = pulse_chart_model_new_for_result (self->result, self->previous, segment_name (self));
  hide_foreign_units (model, get_metric (self));
  apply_tones (model, get_metric (self));
  /* The previous period's lines carry its dates, in the legend and tooltips. */
  pulse_chart_model_set_previous_label (model, self->previous_label);
  return model;
}
