/* pulse-metric.h: one metric's definition, as declared in the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PULSE_TYPE_METRIC (pulse_metric_get_type ())

G_DECLARE_FINAL_TYPE (PulseMetric, pulse_metric, PULSE, METRIC, GObject)

typedef enum
{
  PULSE_SOURCE_TABLE,
  PULSE_SOURCE_ESTIMATED,
  PULSE_SOURCE_PROXY,
} PulseSource;

/* How a headline reduces a series over the range. */
typedef enum
{
  PULSE_HEADLINE_LAST,  /* point-in-time stocks: the last bucket */
  PULSE_HEADLINE_SUM,   /* flows: the total */
  PULSE_HEADLINE_MEAN,  /* rates: the mean of the buckets */
} PulseHeadline;

/* Whose numbers: everybody, or the persons of one role (persons.role). */
typedef enum
{
  PULSE_SEGMENT_ALL,
  PULSE_SEGMENT_BUILDER,
  PULSE_SEGMENT_FINDER,
} PulseSegment;

#define PULSE_N_SEGMENTS 3

/* Which way of a change is good news. */
typedef enum
{
  PULSE_BETTER_UP,
  PULSE_BETTER_DOWN,
  PULSE_BETTER_NEUTRAL,
} PulseBetter;

/* What a summary is on a card: the headline, one of the parts the
 * headline adds up, or a detail shown below. */
typedef enum
{
  PULSE_SUMMARY_DETAIL,
  PULSE_SUMMARY_HEADLINE,
  PULSE_SUMMARY_PART,
} PulseSummaryRole;

/* What a series' rise means, for its colour: down-votes are not green. */
typedef enum
{
  PULSE_TONE_NEUTRAL,
  PULSE_TONE_POSITIVE,
  PULSE_TONE_NEGATIVE,
} PulseTone;

typedef struct
{
  char *id;
  char *title;
  char *unit;
  /* Series that are one segment's ("segment": "all", "BUILDER" or
   * "FINDER" in the catalog) and which; others are no segment's. */
  gboolean         by_segment;
  PulseSegment     segment;
  /* Summaries: their place on a card; series: their colour's meaning. */
  PulseSummaryRole role;
  PulseTone        tone;
  /* A count drawn below zero (lifecycle's dormant); its values stay positive */
  gboolean         negative;
} PulseMetricField;

typedef struct
{
  PulseSource  source;
  GStrv        requires;
  char        *sql;
  /* Where the SQL comes from, for messages: its file, or the catalog's
   * for SQL written inline. */
  char        *origin;
  char        *note;
  /* Series and summaries of this variant; the metric's own lists when
   * not overridden. */
  GPtrArray   *series;
  GPtrArray   *summaries;
  /* The persons behind one of its numbers (pulse-people-query.c), NULL
   * when the variant counts no persons ("people" in the catalog). */
  char        *people_sql;
  char        *people_origin;
} PulseMetricVariant;

const char               *pulse_source_to_string          (PulseSource        source);
const char               *pulse_segment_to_string         (PulseSegment       segment);
gboolean                  pulse_segment_from_string       (const char        *text,
                                                           PulseSegment      *segment);
const char               *pulse_segment_describe          (const char        *segment);

const char               *pulse_metric_get_id             (PulseMetric       *self);
const char               *pulse_metric_get_group          (PulseMetric       *self);
const char               *pulse_metric_get_title          (PulseMetric       *self);
const char               *pulse_metric_get_description    (PulseMetric       *self);
const char               *pulse_metric_get_definition     (PulseMetric       *self);
const char               *pulse_metric_get_unit           (PulseMetric       *self);
const char               *pulse_metric_get_chart          (PulseMetric       *self);
gboolean                  pulse_metric_has_chart          (PulseMetric       *self);
PulseBetter               pulse_metric_get_better         (PulseMetric       *self);
PulseHeadline             pulse_metric_get_headline       (PulseMetric       *self);
const PulseMetricVariant *pulse_metric_get_table_variant  (PulseMetric       *self);
GPtrArray                *pulse_metric_get_summaries      (PulseMetric       *self);
GPtrArray                *pulse_metric_get_steps          (PulseMetric       *self);
gboolean                  pulse_metric_has_histogram      (PulseMetric       *self);
GPtrArray                *pulse_metric_get_variants       (PulseMetric       *self);
const PulseMetricVariant *pulse_metric_choose_variant     (PulseMetric       *self,
                                                           GHashTable        *existing_tables);
const PulseMetricField   *pulse_metric_find_series        (PulseMetric       *self,
                                                           const char        *series_id);
const PulseMetricField   *pulse_metric_find_summary       (PulseMetric       *self,
                                                           const char        *summary_id);

G_END_DECLS

#include "pulse-metrics-enums.h"
