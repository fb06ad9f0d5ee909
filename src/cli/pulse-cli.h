/* pulse-cli.h: the headless command line (no display, no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char     *connection;
  gboolean  demo;
  char     *from;
  char     *to;
  char     *timezone;
  /* day, week or month: the buckets of every export */
  char     *granularity;
  /* Add the previous period to every export */
  gboolean  compare;
  char     *catalog;
  char     *export_json;
  char     *export_csv;
  gboolean  version;
  gboolean  migrate;
  gboolean  dry_run;
  char     *grant_select;
  /* Started by the session bus (D-Bus activation): the window's. */
  gboolean  service;
  /* Visual exports (src/export/pulse-chart-export.h, pulse-report.h) */
  char     *report;
  char     *chart;
  char     *output;
  char     *segment;
  char     *paper;
  gboolean  dark;
  gboolean  transparent;
  double    scale;
  int       width;
  /* The persons behind one number: --people METRIC --at DATE[/SERIES] */
  char     *people;
  /* Annotations (src/cli/pulse-cli-annotations.c) */
  gboolean  annotations;
  char     *add_annotation;
  /* --people's number or --add-annotation's days */
  char     *at;
  char     *tag;
} PulseCliOptions;

void     pulse_cli_options_clear   (PulseCliOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PulseCliOptions, pulse_cli_options_clear)
gboolean pulse_cli_options_parse   (PulseCliOptions *options,
                                    int              argc,
                                    char           **argv,
                                    GError         **error);
gboolean pulse_cli_is_headless     (const PulseCliOptions *options);
int      pulse_cli_run             (const PulseCliOptions *options);

G_END_DECLS
