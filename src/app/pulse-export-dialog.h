/* pulse-export-dialog.h: choosing where exports go, from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pulse-catalog.h"
#include "pulse-chart-export.h"
#include "pulse-metric-card.h"
#include "pulse-worker.h"

G_BEGIN_DECLS

void pulse_export_dialog_save_chart      (PulseMetricCard   *card,
                                          const char        *segment,
                                          PulseExportFormat  format);
void pulse_export_dialog_copy_image      (PulseMetricCard   *card,
                                          const char        *segment);
void pulse_export_dialog_save_csv        (PulseMetricCard   *card);
void pulse_export_dialog_export_report   (GtkWindow         *window,
                                          PulseCatalog      *catalog,
                                          PulseWorker       *worker,
                                          PulseQueryRange   *range,
                                          GSettings         *settings);
void pulse_export_dialog_export_all_data (GtkWindow         *window,
                                          PulseCatalog      *catalog,
                                          PulseWorker       *worker,
                                          PulseQueryRange   *range);

G_END_DECLS
