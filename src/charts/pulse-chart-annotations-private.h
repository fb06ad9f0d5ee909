/* pulse-chart-annotations-private.h: annotations on time charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pulse-chart-layout-private.h"
#include "pulse-chart-tooltip-private.h"

G_BEGIN_DECLS

typedef struct _PulseChartMarks PulseChartMarks;

PulseChartMarks *_pulse_chart_marks_new          (PulseChartModel   *model);
void             _pulse_chart_marks_free         (PulseChartMarks   *marks);
void             _pulse_chart_marks_layout       (PulseChartMarks   *marks,
                                                  PulseChartLayout  *layout);
void             _pulse_chart_marks_draw         (PulseChartMarks   *marks,
                                                  PulseChartLayout  *layout,
                                                  PulseChartDraw    *d);
guint            _pulse_chart_marks_add_tooltip  (PulseChartMarks   *marks,
                                                  PulseChartTooltip *tip,
                                                  guint              bucket);

char            *_pulse_chart_annotations_append_summary (PulseChartModel *model,
                                                         char            *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PulseChartMarks, _pulse_chart_marks_free)

G_END_DECLS
