/* pulse-pg-cluster-private.h: what only the tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-pg-cluster.h"

G_BEGIN_DECLS

const char     *pulse_pg_cluster_get_socket_dir   (PulsePgCluster  *self);
guint           pulse_pg_cluster_get_port         (PulsePgCluster  *self);
gboolean        pulse_pg_cluster_restart          (PulsePgCluster  *self,
                                                   GError         **error);

G_END_DECLS
