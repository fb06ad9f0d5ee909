/* pulse-cli-annotations.c: `pulse --annotations` and `--add-annotation`
 *
 * --annotations writes every annotation of the connection to standard
 * output, tab-separated: a header line, then one line per annotation
 * (id, first day, last day, tag, text; tabs and line breaks in the text
 * become spaces). --add-annotation TEXT --at DAY[/DAY] [--tag TAG] adds
 * one and prints its id. Both use the same store as the window
 * (PulseAnnotationStore): the platform's pulse.annotations table when
 * --migrate made it, else this user's local file for the connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pulse-annotation-store.h"
#include "pulse-cli-annotations.h"
#include "pulse-error.h"

/* Option checks, before connecting: a bad --at is exit status 2. */
gboolean
pulse_cli_annotations_check (const PulseCliOptions  *options,
                             GError                **error)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autoptr(PulseAnnotation) probe = NULL;

  if (options->add_annotation == NULL)
    return TRUE;
  if (options->at == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           /* Translators: keep the options as they are */
                           _("--add-annotation goes with --at YYYY-MM-DD or --at YYYY-MM-DD/YYYY-MM-DD"));
      return FALSE;
    }
  /* One line that names the option at fault. */
  if (!pulse_annotation_parse_days (options->at, &first, &last, error))
    {
      /* Translators: an option (keep it), then what is wrong with its value */
      g_prefix_error (error, _("%s: "), "--at");
      return FALSE;
    }
  if (!(probe = pulse_annotation_new_checked (NULL, first, last, options->add_annotation, NULL, error)))
    {
      /* Translators: an option (keep it), then what is wrong with its value */
      g_prefix_error (error, _("%s: "), "--add-annotation");
      return FALSE;
    }
  g_clear_object (&probe);
  if (options->tag != NULL && !(probe = pulse_annotation_new_checked (NULL, first, last, "-", options->tag, error)))
    {
      /* Translators: an option (keep it), then what is wrong with its value */
      g_prefix_error (error, _("%s: "), "--tag");
      return FALSE;
    }
  return TRUE;
}

/* Tabs and line breaks would break the line's columns. */
static char *
one_field (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  g_strdelimit (copy, "\t\r\n", ' ');
  return copy;
}

static void
print_list (GPtrArray *list)
{
  g_print ("id\tfirst_day\tlast_day\ttag\ttext\n");
  for (guint i = 0; i < list->len; i++)
    {
      PulseAnnotation *annotation = g_ptr_array_index (list, i);
      g_autofree char *tag = one_field (pulse_annotation_get_tag (annotation));
      g_autofree char *text = one_field (pulse_annotation_get_text (annotation));

      g_print ("%s\t%s\t%s\t%s\t%s\n", pulse_annotation_get_id (annotation), pulse_annotation_get_first_day (annotation),
               pulse_annotation_get_last_day (annotation), tag, text);
    }
}

/* Returns: (transfer container): every annotation of the connection */
GPtrArray *
pulse_cli_annotations_load (const char                 *conninfo,
                            const PulseSessionOptions  *session,
                            GError                    **error)
{
  g_autoptr(PulseAnnotationStore) store = pulse_annotation_store_new (conninfo, session);

  return pulse_annotation_store_load (store, NULL, error);
}

gboolean
pulse_cli_annotations_run (const char                 *conninfo,
                           const PulseSessionOptions  *session,
                           const PulseCliOptions      *options,
                           GError                    **error)
{
  g_autoptr(PulseAnnotationStore) store = pulse_annotation_store_new (conninfo, session);

  if (options->add_annotation != NULL)
    {
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;
      g_autoptr(PulseAnnotation) annotation = NULL;
      g_autoptr(PulseAnnotation) stored = NULL;

      /* Checked with the other options. */
      if (!pulse_annotation_parse_days (options->at, &first, &last, error) ||
          !(annotation = pulse_annotation_new_checked (NULL, first, last, options->add_annotation, options->tag, error)) ||
          !(stored = pulse_annotation_store_add (store, annotation, NULL, error)))
        return FALSE;
      g_print ("%s\n", pulse_annotation_get_id (stored));
    }
  if (options->annotations)
    {
      g_autoptr(GPtrArray) list = pulse_annotation_store_load (store, NULL, error);

      if (list == NULL)
        return FALSE;
      print_list (list);
    }
  return TRUE;
}
