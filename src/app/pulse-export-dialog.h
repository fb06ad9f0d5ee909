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

G_END_DECLS
