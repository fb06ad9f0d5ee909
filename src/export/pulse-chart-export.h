/* pulse-chart-export.h: one chart as a PNG, SVG or PDF file
 *
 * Pure cairo and pango: the headless command line calls this without
 * initialising GTK, the card's menu calls it with the card's model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "pulse-chart-model.h"
#include "pulse-metric-result.h"
#include "pulse-metric-view.h"

G_BEGIN_DECLS

typedef enum
{
  PULSE_EXPORT_FORMAT_PNG,
  PULSE_EXPORT_FORMAT_SVG,
  PULSE_EXPORT_FORMAT_PDF,
} PulseExportFormat;

/* Sizes are in CSS pixels (1/96 inch); PDF pages come out in points. */
#define PULSE_CHART_EXPORT_DEFAULT_WIDTH 720

typedef struct
{
  PulseExportFormat  format;
  /* Layout width; <= 0: PULSE_CHART_EXPORT_DEFAULT_WIDTH. */
  double             width;
  /* Chart height below the header; <= 0: chosen from the width and kind. */
  double             chart_height;
  /* PNG only: device pixels per CSS pixel (1, 2, or width-derived). */
  double             scale;
  gboolean           transparent;
  gboolean           dark;

  /* Printed with the chart; NULL lines are left out. */
  char              *title;
  /* The view's headline line, under the title */
  char              *headline;
  char              *range;
  char              *segment;
  char              *timezone;
  char              *source;
} PulseChartExportOptions;

void         pulse_chart_export_options_init        (PulseChartExportOptions *options);
void         pulse_chart_export_options_clear       (PulseChartExportOptions *options);
void         pulse_chart_export_options_set_view    (PulseChartExportOptions *options,
                                                     PulseMetricView         *view);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PulseChartExportOptions, pulse_chart_export_options_clear)

gboolean     pulse_export_format_from_path          (const char              *path,
                                                     PulseExportFormat       *format);
const char  *pulse_export_format_to_extension       (PulseExportFormat        format);
char        *pulse_query_range_describe             (PulseQueryRange         *range);
char        *pulse_export_default_name              (const char              *metric_id,
                                                     PulseQueryRange         *range,
                                                     const char              *extension);

void         pulse_chart_export_get_size            (PulseChartModel         *model,
                                                     const PulseChartExportOptions *options,
                                                     double                  *width,
                                                     double                  *height);
void         pulse_chart_export_draw                (PulseChartModel         *model,
                                                     const PulseChartExportOptions *options,
                                                     cairo_t                 *cr);
GBytes      *pulse_chart_export_render              (PulseChartModel         *model,
                                                     const PulseChartExportOptions *options,
                                                     GError                 **error);
gboolean     pulse_chart_export_write               (PulseChartModel         *model,
                                                     const PulseChartExportOptions *options,
                                                     const char              *path,
                                                     GError                 **error);

/* Shared with the report: text measured and drawn at 96 dpi. */

G_END_DECLS

#include "pulse-export-enums.h"
