/* pulse-chart-kind.c: the chart kinds, from the table in pulse-chart-kinds.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pulse-chart-kind-private.h"

static const PulseChartKindOps * const kind_ops[] = {
#define PULSE_CHART_KIND_ROW(NAME, nick, ops) [PULSE_CHART_KIND_##NAME] = &ops,
#include "pulse-chart-kinds.h"
#undef PULSE_CHART_KIND_ROW
};

GType
pulse_chart_kind_get_type (void)
{
  static gsize type_id;
  static const GEnumValue values[] = {
#define PULSE_CHART_KIND_ROW(NAME, nick, ops) { PULSE_CHART_KIND_##NAME, "PULSE_CHART_KIND_" #NAME, nick },
#include "pulse-chart-kinds.h"
#undef PULSE_CHART_KIND_ROW
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("PulseChartKind"), values));
  return type_id;
}

gboolean
pulse_chart_kind_from_string (const char     *chart,
                              PulseChartKind *kind)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (PULSE_TYPE_CHART_KIND);
  GEnumValue *value;

  g_return_val_if_fail (kind != NULL, FALSE);

  if (chart == NULL || !(value = g_enum_get_value_by_nick (enum_class, chart)))
    return FALSE;
  *kind = value->value;
  return TRUE;
}

const PulseChartKindOps *
_pulse_chart_kind_get_ops (PulseChartKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_ops), kind_ops[PULSE_CHART_KIND_LINE]);
  return kind_ops[kind];
}
