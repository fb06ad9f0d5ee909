/* pulse-test-ui.h: main-loop helpers for tests that drive real windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-application.h"
#include "pulse-metric-page-private.h"

G_BEGIN_DECLS

typedef gboolean (*PulseTestCondition) (gpointer data);

void              pulse_test_spin            (guint               ms);
void              pulse_test_start_on_first_group (void);
void              pulse_test_wait_until      (PulseTestCondition  done,
                                              gpointer            data,
                                              guint               timeout_s);
void              pulse_test_wait_for_page   (PulseMetricPage    *page);
void              pulse_test_refresh_and_wait (GtkWidget         *window,
                                               PulseMetricPage   *page);
void              pulse_test_wait_for_snapshot (GtkWidget        *window);
PulseApplication *pulse_test_new_application (void);
void              pulse_test_snapshot_widget (GtkSnapshot        *snapshot,
                                              GtkWidget          *widget);
void              pulse_test_save_png        (GtkWidget          *window,
                                              const char         *path);
void              pulse_test_shoot           (GtkWidget          *window,
                                              const char         *name);
void              pulse_test_shoot_widget    (GtkWidget          *window,
                                              GtkWidget          *widget,
                                              const char         *name);

GtkWidget        *pulse_test_find_by_css_class (GtkWidget      *widget,
                                                const char     *css_class);
GtkWidget        *pulse_test_find_descendant (GtkWidget         *widget,
                                              GType              type);
GtkWidget        *pulse_test_find_label      (GtkWidget          *widget,
                                              const char         *text);
GtkWindow        *pulse_test_find_toplevel     (GType           type);

G_END_DECLS
