/* pulse-test-bench.h: what the benchmarks share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

guint64 pulse_bench_env_number     (const char   *name,
                                    guint64       fallback);
double  pulse_bench_since_ms       (gint64        start);
double  pulse_bench_min            (const double *ms,
                                    guint         n);
double  pulse_bench_median         (const double *ms,
                                    guint         n);
void    pulse_bench_check          (GError       *error);
double  pulse_bench_time_count     (PGconn       *conn);
double  pulse_bench_peak_rss_mib   (void);
double  pulse_bench_load_average   (void);
void    pulse_bench_add_events     (const char   *conninfo,
                                    guint64       n_events,
                                    guint64       n_persons);

G_END_DECLS
