/* pulse-test-pg.h: a throwaway PostgreSQL cluster for the test suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/types.h>

#include "pulse-db.h"

G_BEGIN_DECLS

typedef struct _PulseTestServer PulseTestServer;

PulseTestServer *pulse_test_server_start              (void);
void             pulse_test_server_free               (PulseTestServer *server);
pid_t            pulse_test_server_get_postmaster_pid (PulseTestServer *server);
char            *pulse_test_server_dup_conninfo       (PulseTestServer *server,
                                                       const char      *dbname);
char            *pulse_test_server_dup_demo_conninfo  (PulseTestServer *server,
                                                       guint            persons);
const char      *pulse_test_server_get_socket_dir     (PulseTestServer *server);
guint            pulse_test_server_get_port           (PulseTestServer *server);
void             pulse_test_server_shut_down          (PulseTestServer *server);
void             pulse_test_server_restart            (PulseTestServer *server);
gboolean         pulse_test_process_stat              (pid_t            pid,
                                                       char            *state,
                                                       pid_t           *parent);
gboolean         pulse_test_process_gone              (pid_t            pid);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseTestServer, pulse_test_server_free)

void        pulse_test_pg_start        (void);
void        pulse_test_pg_stop         (void);
char       *pulse_test_pg_create_db    (const char  *name);
char       *pulse_test_pg_create_demo_db (const char *name,
                                        guint       persons);
const char *pulse_test_pg_socket_dir   (void);
guint       pulse_test_pg_port         (void);
PGconn     *pulse_test_pg_connect_admin (const char *conninfo);
PGconn     *pulse_test_pg_connect_dashboard (const char *conninfo);
void        pulse_test_pg_run_file     (const char  *conninfo,
                                        const char  *relative_path);
void        pulse_test_pg_exec         (const char  *conninfo,
                                        const char  *sql);
char       *pulse_test_data_path       (const char  *relative_path);
char       *pulse_test_make_tmp_dir    (const char  *template);
guint       pulse_test_timeout_multiplier (void);
void        pulse_test_remove_tmp_dir  (const char  *dir);
void        pulse_test_remove_tree     (const char  *path);
char       *pulse_test_find_in_tree    (const char  *dir,
                                        const char  *needle);
void        pulse_test_pg_add_password_role (const char *role,
                                             const char *password);

gboolean         pulse_test_pg_no_backends            (gpointer         conninfo);

G_END_DECLS
