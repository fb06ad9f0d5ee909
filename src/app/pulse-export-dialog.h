/* pulse-export-dialog.h: choosing where exports go, from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pulse-chart-export.h"
#include "pulse-dashboard.h"

G_BEGIN_DECLS

void pulse_export_dialog_save_chart      (GtkWidget         *source,
                                          PulseMetricView   *view,
                                          PulseChartModel   *model,
                                          PulseExportFormat  format);
void pulse_export_dialog_copy_image      (GtkWidget         *source,
                                          PulseMetricView   *view,
                                          PulseChartModel   *model);
void pulse_export_dialog_save_csv        (GtkWidget         *source,
                                          PulseMetricResult *result);
void pulse_export_dialog_export_report   (GtkWidget         *source,
                                          PulseDashboard    *dashboard);
void pulse_export_dialog_export_all_data (GtkWidget         *source,
                                          PulseDashboard    *dashboard);

typedef void (*PulseExportChosenFunc) (GtkWidget  *source,
                                       const char *path,
                                       gpointer    data);

void pulse_export_dialog_choose_csv      (GtkWidget             *source,
                                          const char            *title,
                                          const char            *default_name,
                                          PulseExportChosenFunc  func,
                                          gpointer               data,
                                          GDestroyNotify         destroy);
void pulse_export_dialog_write_csv       (GtkWidget             *source,
                                          const char            *path,
                                          GBytes                *contents,
                                          const char            *done_message);

G_END_DECLS
