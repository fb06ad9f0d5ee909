/* pulse-chart-tooltip-private.h: the card of figures beside the pointer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-layout-private.h"

G_BEGIN_DECLS

typedef struct _PulseChartTooltip PulseChartTooltip;

PulseChartTooltip *_pulse_chart_tooltip_new        (const char            *header);
void               _pulse_chart_tooltip_free       (PulseChartTooltip     *self);
void               _pulse_chart_tooltip_add        (PulseChartTooltip     *self,
                                                    const PulseChartColor *color,
                                                    gboolean               dashed,
                                                    const char            *name,
                                                    char                  *value);
void               _pulse_chart_tooltip_add_total  (PulseChartTooltip     *self,
                                                    const char            *name,
                                                    char                  *value);
guint              _pulse_chart_tooltip_add_series (PulseChartTooltip     *self,
                                                    PulseChartLayout      *layout,
                                                    guint                  bucket);
void               _pulse_chart_tooltip_draw       (PulseChartTooltip     *self,
                                                    PulseChartLayout      *layout,
                                                    PulseChartDraw        *d,
                                                    double                 anchor_x,
                                                    double                 anchor_y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseChartTooltip, _pulse_chart_tooltip_free)

G_END_DECLS
