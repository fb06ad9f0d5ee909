/* pulse-annotation.c: a note pinned to a day or a range of days
 *
 * What a product manager marks on the calendar: a release, a campaign.
 * Immutable once made; days are ISO dates (YYYY-MM-DD) and the range is
 * inclusive, so a one-day annotation has first_day == last_day. The id is
 * the store's (a table row's or a local file entry's); NULL until stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pulse-annotation.h"
#include "pulse-error.h"

struct _PulseAnnotation
{
  GObject  parent_instance;

  char    *id;
  char    *first_day;
  char    *last_day;
  char    *text;
  char    *tag;
};

G_DEFINE_FINAL_TYPE (PulseAnnotation, pulse_annotation, G_TYPE_OBJECT)

static void
pulse_annotation_finalize (GObject *object)
{
  PulseAnnotation *self = (PulseAnnotation *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->first_day, g_free);
  g_clear_pointer (&self->last_day, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->tag, g_free);

  G_OBJECT_CLASS (pulse_annotation_parent_class)->finalize (object);
}

static void
pulse_annotation_class_init (PulseAnnotationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pulse_annotation_finalize;
}

static void
pulse_annotation_init (PulseAnnotation *self)
{
}

/* Whether @text is exactly one valid YYYY-MM-DD date. */
static gboolean
is_iso_date (const char *text)
{
  int y, m, d;
  char end;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
    return FALSE;
  return g_date_valid_dmy (d, m, y);
}

/**
 * pulse_annotation_new:
 * @id: (nullable): the store's id; %NULL before it is stored
 * @first_day: the first day, YYYY-MM-DD
 * @last_day: (nullable): the last day (inclusive); %NULL: @first_day
 * @tag: (nullable): a short label, e.g. "release"
 *
 * For values already checked (read back from a store).
 */
PulseAnnotation *
pulse_annotation_new (const char *id,
                      const char *first_day,
                      const char *last_day,
                      const char *text,
                      const char *tag)
{
  PulseAnnotation *self;

  g_return_val_if_fail (first_day != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (PULSE_TYPE_ANNOTATION, NULL);
  self->id = g_strdup (id);
  self->first_day = g_strdup (first_day);
  self->last_day = g_strdup (last_day ? last_day : first_day);
  self->text = g_strdup (text);
  self->tag = tag != NULL && *tag != '\0' ? g_strdup (tag) : NULL;
  return self;
}

/* pulse_annotation_new() for what a person typed: trims the text and tag
 * and refuses empty or too long ones, bad dates and reversed ranges. */
PulseAnnotation *
pulse_annotation_new_checked (const char  *id,
                              const char  *first_day,
                              const char  *last_day,
                              const char  *text,
                              const char  *tag,
                              GError     **error)
{
  g_autofree char *body = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *label = tag ? g_strstrip (g_strdup (tag)) : NULL;

  if (!last_day)
    last_day = first_day;
  if (!is_iso_date (first_day) || !is_iso_date (last_day))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a date of the form YYYY-MM-DD"),
                   is_iso_date (first_day) ? last_day : (first_day ? first_day : ""));
      return NULL;
    }
  if (strcmp (first_day, last_day) > 0)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("An annotation cannot end (%s) before it starts (%s)"), last_day, first_day);
      return NULL;
    }
  if (*body == '\0' || g_utf8_strlen (body, -1) > PULSE_ANNOTATION_MAX_TEXT)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("An annotation needs a text of 1 to %d characters"), PULSE_ANNOTATION_MAX_TEXT);
      return NULL;
    }
  if (label != NULL && g_utf8_strlen (label, -1) > PULSE_ANNOTATION_MAX_TAG)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("A tag may have at most %d characters"), PULSE_ANNOTATION_MAX_TAG);
      return NULL;
    }
  return pulse_annotation_new (id, first_day, last_day, body, label);
}

const char *
pulse_annotation_get_id (PulseAnnotation *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), NULL);
  return self->id;
}

const char *
pulse_annotation_get_first_day (PulseAnnotation *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), NULL);
  return self->first_day;
}

const char *
pulse_annotation_get_last_day (PulseAnnotation *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), NULL);
  return self->last_day;
}

const char *
pulse_annotation_get_text (PulseAnnotation *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), NULL);
  return self->text;
}

/* Returns: (nullable): the tag */
const char *
pulse_annotation_get_tag (PulseAnnotation *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), NULL);
  return self->tag;
}

gboolean
pulse_annotation_is_range (PulseAnnotation *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), FALSE);
  return !g_str_equal (self->first_day, self->last_day);
}

/* Whether it shares a day with @first_day … @last_day (inclusive). ISO
 * dates compare as strings. */
gboolean
pulse_annotation_overlaps (PulseAnnotation *self,
                           const char      *first_day,
                           const char      *last_day)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), FALSE);
  return strcmp (self->first_day, last_day) <= 0 && strcmp (self->last_day, first_day) >= 0;
}

/* "2026-03-05" or "2026-03-05/2026-03-09", the form --at takes. */
char *
pulse_annotation_dup_days_text (PulseAnnotation *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), NULL);
  if (!pulse_annotation_is_range (self))
    return g_strdup (self->first_day);
  return g_strconcat (self->first_day, "/", self->last_day, NULL);
}

/* "2026-03-05" or "2026-03-05 to 2026-03-09", for people. */
char *
pulse_annotation_dup_days_label (PulseAnnotation *self)
{
  g_return_val_if_fail (PULSE_IS_ANNOTATION (self), NULL);
  if (!pulse_annotation_is_range (self))
    return g_strdup (self->first_day);
  /* Translators: an inclusive range of days */
  return g_strdup_printf (_("%s to %s"), self->first_day, self->last_day);
}

/**
 * pulse_annotation_parse_days:
 * @text: "YYYY-MM-DD" or "YYYY-MM-DD/YYYY-MM-DD"
 *
 * Splits a day or an inclusive range of days and checks both.
 */
gboolean
pulse_annotation_parse_days (const char  *text,
                             char       **first_day,
                             char       **last_day,
                             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", "/", 3);
  const char *last = parts[0] && parts[1] ? parts[1] : parts[0];
  g_autoptr(PulseAnnotation) probe = NULL;

  if (parts[0] == NULL || (parts[1] != NULL && parts[2] != NULL))
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a day (YYYY-MM-DD) or a range of days (YYYY-MM-DD/YYYY-MM-DD)"), text ? text : "");
      return FALSE;
    }
  /* The checks of a real annotation, with a placeholder text. */
  if (!(probe = pulse_annotation_new_checked (NULL, parts[0], last, "-", NULL, error)))
    return FALSE;
  *first_day = g_strdup (parts[0]);
  *last_day = g_strdup (last);
  return TRUE;
}

/* By first day, then last day, then text: the order lists and charts use. */
gint
pulse_annotation_compare (gconstpointer a,
                          gconstpointer b)
{
  PulseAnnotation *x = *(PulseAnnotation **)a;
  PulseAnnotation *y = *(PulseAnnotation **)b;
  int c = strcmp (x->first_day, y->first_day);

  if (c == 0)
    c = strcmp (x->last_day, y->last_day);
  return c != 0 ? c : g_utf8_collate (x->text, y->text);
}
