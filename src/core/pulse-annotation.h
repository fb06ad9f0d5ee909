/* pulse-annotation.h: a note pinned to a day or a range of days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PULSE_TYPE_ANNOTATION (pulse_annotation_get_type ())

G_DECLARE_FINAL_TYPE (PulseAnnotation, pulse_annotation, PULSE, ANNOTATION, GObject)

/* The longest text and tag the stores keep (the table checks the same). */
#define PULSE_ANNOTATION_MAX_TEXT 500
#define PULSE_ANNOTATION_MAX_TAG  40

PulseAnnotation *pulse_annotation_new           (const char       *id,
                                                 const char       *first_day,
                                                 const char       *last_day,
                                                 const char       *text,
                                                 const char       *tag);
PulseAnnotation *pulse_annotation_new_checked   (const char       *id,
                                                 const char       *first_day,
                                                 const char       *last_day,
                                                 const char       *text,
                                                 const char       *tag,
                                                 GError          **error);

const char      *pulse_annotation_get_id        (PulseAnnotation  *self);
const char      *pulse_annotation_get_first_day (PulseAnnotation  *self);
const char      *pulse_annotation_get_last_day  (PulseAnnotation  *self);
const char      *pulse_annotation_get_text      (PulseAnnotation  *self);
const char      *pulse_annotation_get_tag       (PulseAnnotation  *self);
gboolean         pulse_annotation_is_range      (PulseAnnotation  *self);
gboolean         pulse_annotation_overlaps      (PulseAnnotation  *self,
                                                 const char       *first_day,
                                                 const char       *last_day);
char            *pulse_annotation_dup_days_text (PulseAnnotation  *self);
char            *pulse_annotation_dup_days_label (PulseAnnotation *self);

gboolean         pulse_annotation_parse_days    (const char       *text,
                                                 char            **first_day,
                                                 char            **last_day,
                                                 GError          **error);
gint             pulse_annotation_compare       (gconstpointer     a,
                                                 gconstpointer     b);

G_END_DECLS
