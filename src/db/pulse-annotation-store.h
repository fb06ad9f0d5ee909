/* pulse-annotation-store.h: where a connection's annotations live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pulse-annotation.h"
#include "pulse-db.h"

G_BEGIN_DECLS

typedef enum
{
  PULSE_ANNOTATION_BACKEND_UNKNOWN,   /* nothing was read yet */
  PULSE_ANNOTATION_BACKEND_DATABASE,  /* pulse.annotations, shared with the team */
  PULSE_ANNOTATION_BACKEND_LOCAL,     /* a file of this user's, for this connection */
} PulseAnnotationBackend;

/* The version of the local file's format this Pulse writes. */
#define PULSE_ANNOTATION_FILE_FORMAT 1

#define PULSE_TYPE_ANNOTATION_STORE (pulse_annotation_store_get_type ())

G_DECLARE_FINAL_TYPE (PulseAnnotationStore, pulse_annotation_store, PULSE, ANNOTATION_STORE, GObject)

PulseAnnotationStore  *pulse_annotation_store_new            (const char                *conninfo,
                                                              const PulseSessionOptions *options);
void                   pulse_annotation_store_set_local_dir  (PulseAnnotationStore      *self,
                                                              const char                *directory);
PulseAnnotationBackend pulse_annotation_store_get_backend    (PulseAnnotationStore      *self);
char                  *pulse_annotation_store_dup_local_path (PulseAnnotationStore      *self);

/* Blocking; for threads and the command line. */
GPtrArray             *pulse_annotation_store_load           (PulseAnnotationStore      *self,
                                                              GCancellable              *cancellable,
                                                              GError                   **error);
PulseAnnotation       *pulse_annotation_store_add            (PulseAnnotationStore      *self,
                                                              PulseAnnotation           *annotation,
                                                              GCancellable              *cancellable,
                                                              GError                   **error);
gboolean               pulse_annotation_store_remove         (PulseAnnotationStore      *self,
                                                              const char                *id,
                                                              GCancellable              *cancellable,
                                                              GError                   **error);

void                   pulse_annotation_store_load_async     (PulseAnnotationStore      *self,
                                                              GCancellable              *cancellable,
                                                              GAsyncReadyCallback        callback,
                                                              gpointer                   user_data);
GPtrArray             *pulse_annotation_store_load_finish    (PulseAnnotationStore      *self,
                                                              GAsyncResult              *result,
                                                              GError                   **error);
void                   pulse_annotation_store_add_async      (PulseAnnotationStore      *self,
                                                              PulseAnnotation           *annotation,
                                                              GCancellable              *cancellable,
                                                              GAsyncReadyCallback        callback,
                                                              gpointer                   user_data);
PulseAnnotation       *pulse_annotation_store_add_finish     (PulseAnnotationStore      *self,
                                                              GAsyncResult              *result,
                                                              GError                   **error);
void                   pulse_annotation_store_replace_async  (PulseAnnotationStore      *self,
                                                              const char                *id,
                                                              PulseAnnotation           *annotation,
                                                              GCancellable              *cancellable,
                                                              GAsyncReadyCallback        callback,
                                                              gpointer                   user_data);
PulseAnnotation       *pulse_annotation_store_replace_finish (PulseAnnotationStore      *self,
                                                              GAsyncResult              *result,
                                                              GError                   **error);
void                   pulse_annotation_store_remove_async   (PulseAnnotationStore      *self,
                                                              const char                *id,
                                                              GCancellable              *cancellable,
                                                              GAsyncReadyCallback        callback,
                                                              gpointer                   user_data);
gboolean               pulse_annotation_store_remove_finish  (PulseAnnotationStore      *self,
                                                              GAsyncResult              *result,
                                                              GError                   **error);

G_END_DECLS
