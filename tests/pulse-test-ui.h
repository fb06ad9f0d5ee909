/* pulse-test-ui.h: main-loop helpers for tests that drive real windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-application.h"
#include "pulse-catalog.h"
#include "pulse-metric-page-private.h"
#include "pulse-window.h"

G_BEGIN_DECLS

/* What a UI test's program sets up before its tests run. */
typedef enum {
  PULSE_TEST_UI_CONFIG      = 1 << 0,  /* $XDG_CONFIG_HOME under the home */
  PULSE_TEST_UI_DATA        = 1 << 1,  /* $XDG_DATA_HOME under the home */
  PULSE_TEST_UI_CACHE       = 1 << 2,  /* $XDG_CACHE_HOME under the home */
  PULSE_TEST_UI_DOCUMENTS   = 1 << 3,  /* a Documents folder of its own (and CONFIG) */
  PULSE_TEST_UI_DEMO        = 1 << 4,  /* a small demo of its own, stopped at the end */
  PULSE_TEST_UI_BUS         = 1 << 5,  /* a private session bus */
  PULSE_TEST_UI_USER_LOCALE = 1 << 6,  /* g_test_init, not gtk_test_init */
  PULSE_TEST_UI_APP         = 1 << 7,  /* an application and the bundled catalog */
  PULSE_TEST_UI_FIRST_GROUP = 1 << 8,  /* windows open on the first group's page */
  PULSE_TEST_UI_SERVER      = 1 << 9,  /* the shared PostgreSQL cluster */
} PulseTestUiFlags;

typedef struct {
  char             *home;       /* temporary, or NULL with no XDG folder */
  char             *documents;  /* with PULSE_TEST_UI_DOCUMENTS */
  PulseApplication *app;        /* with PULSE_TEST_UI_APP */
  PulseCatalog     *catalog;    /* with PULSE_TEST_UI_APP */
} PulseTestUi;

const PulseTestUi *pulse_test_ui_init        (int                *argc,
                                              char             ***argv,
                                              const char         *name,
                                              PulseTestUiFlags    flags);
int               pulse_test_ui_run          (void);
PulseWindow      *pulse_test_ui_new_window   (void);

typedef gboolean (*PulseTestCondition) (gpointer data);

void              pulse_test_spin            (guint               ms);
void              pulse_test_start_on_first_group (void);
void              pulse_test_wait_until      (PulseTestCondition  done,
                                              gpointer            data,
                                              guint               timeout_s);
void              pulse_test_wait_for_page   (PulseMetricPage    *page);
void              pulse_test_wait_for_verified (PulseMetricPage  *page);
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
void              pulse_test_press_shortcut    (GtkWidget      *widget,
                                                guint           keyval,
                                                GdkModifierType modifiers);

gboolean          pulse_test_is_mapped         (gpointer        widget);
gboolean          pulse_test_is_unmapped       (gpointer        widget);
gboolean          pulse_test_filters_collapsed (gpointer        window);
gboolean          pulse_test_shows_error       (gpointer        window);
gboolean          pulse_test_report_saved      (gpointer        window);

G_END_DECLS
