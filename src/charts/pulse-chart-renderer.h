/* pulse-chart-renderer.h: draws a chart model into any cairo_t
 *
 * No widget and no GTK: PNG, SVG and PDF exports call this as the
 * widget does. The caller's transform handles the scale; set
 * PulseChartStyle.scale (or a device scale on the target) so hairlines
 * land on device pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "pulse-chart-layout.h"
#include "pulse-chart-model.h"
#include "pulse-chart-palette.h"

G_BEGIN_DECLS

void pulse_chart_render (PulseChartModel       *model,
                         cairo_t               *cr,
                         double                 width,
                         double                 height,
                         const PulseChartStyle *style);

/* The text settings every chart and export shares: unhinted metrics, so
 * line breaks are the same at every scale and in vector output. */
PangoContext *pulse_chart_create_pango_context (void);

G_END_DECLS
