/* pulse-report.h: the whole dashboard as one vector PDF
 *
 * Pure cairo and pango, callable from a worker thread and from the
 * headless command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-catalog.h"
#include "pulse-data-export.h"
#include "pulse-metric-result.h"

G_BEGIN_DECLS

typedef enum
{
  PULSE_PAPER_A4,
  PULSE_PAPER_LETTER,
} PulsePaperSize;

typedef struct
{
  /* Shown on the cover; never contains a password. */
  char           *connection;
  PulseSegment    segment;
  PulsePaperSize  paper;
  /* When the report was generated; NULL: now. */
  GDateTime      *generated;
  /* The previous period, when comparing: results unset otherwise. */
  PulseComparison compare;
  /* PulseAnnotation: on the time charts and listed on the cover; NULL: none. */
  GPtrArray      *annotations;
} PulseReportOptions;

void      pulse_report_options_init   (PulseReportOptions  *options);
void      pulse_report_options_clear  (PulseReportOptions  *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PulseReportOptions, pulse_report_options_clear)

gboolean  pulse_paper_size_from_string (const char         *name,
                                        PulsePaperSize     *paper);

GBytes   *pulse_report_render          (PulseCatalog       *catalog,
                                        GPtrArray          *results,
                                        PulseQueryRange    *range,
                                        const PulseReportOptions *options,
                                        guint              *n_pages,
                                        GError            **error);
gboolean  pulse_report_write           (PulseCatalog       *catalog,
                                        GPtrArray          *results,
                                        PulseQueryRange    *range,
                                        const PulseReportOptions *options,
                                        const char         *path,
                                        GError            **error);

G_END_DECLS

#include "pulse-export-enums.h"
