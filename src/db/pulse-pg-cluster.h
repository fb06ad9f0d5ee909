/* pulse-pg-cluster.h: a private PostgreSQL cluster on a Unix socket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PULSE_TYPE_PG_CLUSTER (pulse_pg_cluster_get_type ())

G_DECLARE_FINAL_TYPE (PulsePgCluster, pulse_pg_cluster, PULSE, PG_CLUSTER, GObject)

PulsePgCluster *pulse_pg_cluster_new              (const char      *base_dir);
void            pulse_pg_cluster_set_durable      (PulsePgCluster  *self,
                                                   gboolean         durable);
gboolean        pulse_pg_cluster_start            (PulsePgCluster  *self,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
gboolean        pulse_pg_cluster_stop             (PulsePgCluster  *self,
                                                   GError         **error);
char           *pulse_pg_cluster_dup_conninfo     (PulsePgCluster  *self,
                                                   const char      *dbname);

char           *pulse_pg_find_bindir              (GError         **error);

G_END_DECLS
