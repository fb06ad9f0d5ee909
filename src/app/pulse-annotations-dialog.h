/* pulse-annotations-dialog.h: listing, adding, editing and deleting annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pulse-dashboard.h"

G_BEGIN_DECLS

#define PULSE_TYPE_ANNOTATIONS_DIALOG (pulse_annotations_dialog_get_type ())
#define PULSE_TYPE_ANNOTATION_EDITOR (pulse_annotation_editor_get_type ())

G_DECLARE_FINAL_TYPE (PulseAnnotationsDialog, pulse_annotations_dialog, PULSE, ANNOTATIONS_DIALOG, AdwWindow)
G_DECLARE_FINAL_TYPE (PulseAnnotationEditor, pulse_annotation_editor, PULSE, ANNOTATION_EDITOR, AdwWindow)

PulseAnnotationsDialog *pulse_annotations_dialog_new       (GtkWindow       *parent,
                                                            PulseDashboard  *dashboard);
GtkListBox             *pulse_annotations_dialog_get_list  (PulseAnnotationsDialog *self);

PulseAnnotationEditor  *pulse_annotation_editor_new        (GtkWindow       *parent,
                                                            PulseDashboard  *dashboard,
                                                            PulseAnnotation *annotation,
                                                            const char      *day);
void                    pulse_annotation_editor_set_fields (PulseAnnotationEditor *self,
                                                            const char      *text,
                                                            const char      *first_day,
                                                            const char      *last_day,
                                                            const char      *tag);
void                    pulse_annotation_editor_save       (PulseAnnotationEditor *self);
const char             *pulse_annotation_editor_get_error  (PulseAnnotationEditor *self);
const char             *pulse_annotation_editor_get_first_day (PulseAnnotationEditor *self);

G_END_DECLS
