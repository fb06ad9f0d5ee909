/* pulse-cli.c: the headless command line (no display, no GTK)
 *
 * Runs every catalog metric once, synchronously, on a read-only session
 * and writes the JSON document or CSV files. Errors are one line on
 * stderr and a non-zero exit status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pulse-catalog.h"
#include "pulse-chart-export.h"
#include "pulse-cli-annotations.h"
#include "pulse-cli-migrate.h"
#include "pulse-cli.h"
#include "pulse-data-export.h"
#include "pulse-db.h"
#include "pulse-demo.h"
#include "pulse-error.h"
#include "pulse-file.h"
#include "pulse-metric-query.h"
#include "pulse-metric-view.h"
#include "pulse-people-export.h"
#include "pulse-people-query.h"
#include "pulse-report.h"
#include "pulse-secrets.h"

void
pulse_cli_options_clear (PulseCliOptions *options)
{
  g_clear_pointer (&options->connection, g_free);
  g_clear_pointer (&options->from, g_free);
  g_clear_pointer (&options->to, g_free);
  g_clear_pointer (&options->timezone, g_free);
  g_clear_pointer (&options->granularity, g_free);
  g_clear_pointer (&options->catalog, g_free);
  g_clear_pointer (&options->export_json, g_free);
  g_clear_pointer (&options->export_csv, g_free);
  g_clear_pointer (&options->report, g_free);
  g_clear_pointer (&options->chart, g_free);
  g_clear_pointer (&options->output, g_free);
  g_clear_pointer (&options->segment, g_free);
  g_clear_pointer (&options->paper, g_free);
  g_clear_pointer (&options->grant_select, g_free);
  g_clear_pointer (&options->people, g_free);
  g_clear_pointer (&options->add_annotation, g_free);
  g_clear_pointer (&options->at, g_free);
  g_clear_pointer (&options->tag, g_free);
}

/* Whether @name (--long or -s) is an option whose value is text. */
static gboolean
takes_text (const GOptionEntry *entries,
            const char         *name)
{
  for (guint i = 0; entries[i].long_name; i++)
    if (entries[i].arg == G_OPTION_ARG_STRING &&
        ((g_str_has_prefix (name, "--") && g_str_equal (name + 2, entries[i].long_name)) ||
         (name[0] == '-' && name[1] == entries[i].short_name && name[2] == '\0')))
      return TRUE;
  return FALSE;
}

/* GOption refuses text that is not UTF-8 without naming the option; this
 * names it. File names may be any bytes. */
static gboolean
check_text (const GOptionEntry  *entries,
            int                  argc,
            char               **argv,
            GError             **error)
{
  for (int i = 1; i < argc; i++)
    {
      const char *equals = strchr (argv[i], '=');
      g_autofree char *name = NULL;

      if (g_utf8_validate (argv[i], -1, NULL))
        continue;
      if (g_str_has_prefix (argv[i], "--") && equals != NULL)
        name = g_strndup (argv[i], equals - argv[i]);
      else if (i > 1 && argv[i - 1][0] == '-')
        name = g_strdup (argv[i - 1]);
      if (name != NULL && takes_text (entries, name))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The value of %s is not valid UTF-8 text"), name);
          return FALSE;
        }
    }
  return TRUE;
}

/* "day", "week" or "month": the enum's nicks. */
static gboolean
parse_granularity (const char       *text,
                   PulseGranularity *granularity)
{
  g_autoptr(GEnumClass) values = g_type_class_ref (PULSE_TYPE_GRANULARITY);
  GEnumValue *value = g_enum_get_value_by_nick (values, text);

  if (value == NULL)
    return FALSE;
  *granularity = value->value;
  return TRUE;
}

/* Options that mean something only with another one. */
static gboolean
check_combinations (const PulseCliOptions  *options,
                    GError                **error)
{
  gboolean exports = options->export_json || options->export_csv || options->report || options->chart ||
                     options->people;
  PulseGranularity granularity;
  const struct {
    const char *option;
    gboolean    given;
    gboolean    allowed;
    const char *needs;
  } rules[] = {
    { "--dry-run", options->dry_run, options->migrate, "--migrate" },
    { "--grant-select", options->grant_select != NULL, options->migrate, "--migrate" },
    { "--from", options->from != NULL, exports, "--export-json, --export-csv, --report, --chart or --people" },
    { "--to", options->to != NULL, exports, "--export-json, --export-csv, --report, --chart or --people" },
    { "--timezone", options->timezone != NULL, exports,
      "--export-json, --export-csv, --report, --chart or --people" },
    { "--granularity", options->granularity != NULL, exports,
      "--export-json, --export-csv, --report, --chart or --people" },
    { "--compare", options->compare, exports && !options->people,
      "--export-json, --export-csv, --report or --chart" },
    { "--segment", options->segment != NULL, options->report || options->chart || options->people,
      "--report, --chart or --people" },
    { "--paper", options->paper != NULL, options->report != NULL, "--report" },
    { "--output", options->output != NULL, options->chart != NULL || options->people != NULL,
      "--chart METRIC or --people METRIC" },
    { "--people", options->people != NULL, options->output != NULL && options->at != NULL && !options->chart,
      "--at DATE[/SERIES] and --output FILE.csv (not --chart)" },
    { "--at", options->at != NULL, options->people != NULL || options->add_annotation != NULL,
      "--people METRIC or --add-annotation TEXT" },
    { "--chart", options->chart != NULL, options->output != NULL, "--output FILE.png, FILE.svg or FILE.pdf" },
    { "--dark", options->dark, options->chart != NULL, "--chart" },
    { "--transparent", options->transparent, options->chart != NULL, "--chart" },
    { "--scale", options->scale != 0, options->chart != NULL, "--chart" },
    { "--width", options->width != 0, options->chart != NULL, "--chart" },
    { "--tag", options->tag != NULL, options->add_annotation != NULL, "--add-annotation TEXT" },
  };
  gboolean annotations = options->annotations || options->add_annotation != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].given && !rules[i].allowed)
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                     /* Translators: the first %s is an option, the second what it needs; both stay as they are */
                     _("%s goes with %s"), rules[i].option, rules[i].needs);
        return FALSE;
      }
  if (annotations && (exports || options->migrate || options->people != NULL))
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--annotations and --add-annotation cannot be combined with --migrate, --people or an export"));
  else if (options->migrate && exports)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--migrate cannot be combined with --export-json, --export-csv, --report or --chart"));
  else if (options->demo && options->connection != NULL)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _("--demo cannot be combined with --connection"));
  else if (options->granularity != NULL && !parse_granularity (options->granularity, &granularity))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 /* Translators: keep the option and the values in parentheses as they are */
                 _("Unknown --granularity “%s” (use day, week or month)"), options->granularity);
  else if (options->scale != 0 && !(isfinite (options->scale) && options->scale > 0 && options->scale <= 16))
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("--scale must be a number above 0 and at most 16"));
  else if (options->width != 0 && (options->width < 200 || options->width > 8192))
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _("--width must be between 200 and 8192"));
  else
    return pulse_cli_annotations_check (options, error);
  return FALSE;
}

/**
 * pulse_cli_options_parse:
 *
 * Parses the whole command line, the window's options included: an
 * unknown option, an unexpected argument or options that make no sense
 * together are an error (exit status 2). @argv is left as it was.
 */
gboolean
pulse_cli_options_parse (PulseCliOptions  *options,
                         int               argc,
                         char            **argv,
                         GError          **error)
{
  const GOptionEntry entries[] = {
    { "connection", 'c', 0, G_OPTION_ARG_STRING, &options->connection,
      N_("Database to use: a libpq connection string or postgres:// URI"), N_("CONN") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options->demo,
      N_("Use the embedded demo workspace"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from,
      N_("First day of the range (inclusive)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options->to,
      N_("Last day of the range (inclusive)"), N_("YYYY-MM-DD") },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &options->timezone,
      N_("Reporting time zone (default UTC)"), N_("TZ") },
    { "granularity", 0, 0, G_OPTION_ARG_STRING, &options->granularity,
      N_("Buckets of the series: day, week or month (default day)"), N_("UNIT") },
    { "compare", 0, 0, G_OPTION_ARG_NONE, &options->compare,
      N_("Add the previous period of the same length to every export"), NULL },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &options->catalog,
      N_("Extra metric catalog file that adds or overrides metrics"), N_("FILE") },
    { "export-json", 0, 0, G_OPTION_ARG_FILENAME, &options->export_json,
      N_("Write every metric as JSON to FILE (- for standard output) and exit"), N_("FILE") },
    { "export-csv", 0, 0, G_OPTION_ARG_FILENAME, &options->export_csv,
      N_("Write one CSV file per metric into DIR and exit"), N_("DIR") },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &options->report,
      N_("Write the dashboard as a PDF report to FILE and exit"), N_("FILE.pdf") },
    { "chart", 0, 0, G_OPTION_ARG_STRING, &options->chart,
      N_("Export one metric's chart to the --output file and exit"), N_("METRIC") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output,
      N_("File for --chart; the extension picks PNG, SVG or PDF"), N_("FILE") },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &options->segment,
      N_("Users shown in charts and the report: all, BUILDER or FINDER"), N_("SEGMENT") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &options->paper,
      N_("Report paper size: a4 or letter (default a4)"), N_("SIZE") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &options->dark,
      N_("Draw --chart with the dark palette"), NULL },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &options->transparent,
      N_("Leave the --chart background transparent"), NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options->scale,
      N_("PNG pixels per point of --chart (default 1; 2 for high-density screens)"), N_("N") },
    { "width", 0, 0, G_OPTION_ARG_INT, &options->width,
      N_("Width of --chart in pixels at scale 1 (default 720)"), N_("PX") },
    { "migrate", 0, 0, G_OPTION_ARG_NONE, &options->migrate,
      N_("Apply the pending tracking-table migrations and exit"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &options->dry_run,
      N_("With --migrate: print the SQL that would run, change nothing"), NULL },
    { "grant-select", 0, 0, G_OPTION_ARG_STRING, &options->grant_select,
      N_("With --migrate: let ROLE (the dashboard's) read the new tables"), N_("ROLE") },
    { "people", 0, 0, G_OPTION_ARG_STRING, &options->people,
      N_("Write the persons behind one number of METRIC (see --at) to the --output CSV file and exit"),
      N_("METRIC") },
    { "annotations", 0, 0, G_OPTION_ARG_NONE, &options->annotations,
      N_("List the connection's annotations, tab-separated, and exit"), NULL },
    { "add-annotation", 0, 0, G_OPTION_ARG_STRING, &options->add_annotation,
      N_("Add an annotation with TEXT on the --at day(s) and exit"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &options->at,
      N_("With --people: the number's bucket's first day, then /SERIES: a series, a funnel step "
         "(STEP:dropped for its drop-off), a histogram's k or a retention cell (on:N, on_or_after:N). "
         "With --add-annotation: the day or the range of days (inclusive), YYYY-MM-DD[/YYYY-MM-DD]"),
      N_("DATE[/SERIES]") },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &options->tag,
      N_("With --add-annotation: a short tag, e.g. release"), N_("TAG") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
      N_("Print the version and exit"), NULL },
    /* The session bus starting Pulse (its .service file); GApplication's. */
    { "gapplication-service", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &options->service, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autofree char **args = g_memdup2 (argv, sizeof (char *) * (argc + 1));
  int n_args = argc;

  g_option_context_set_summary (context, _("Product metrics of the talent platform, from its PostgreSQL database."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!check_text (entries, argc, argv, error) ||
      !g_option_context_parse (context, &n_args, &args, error))
    return FALSE;
  if (n_args > 1)
    {
      g_autofree char *shown = g_utf8_make_valid (args[1], -1);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("Unexpected argument “%s”"), shown);
      return FALSE;
    }
  return check_combinations (options, error);
}

gboolean
pulse_cli_is_headless (const PulseCliOptions *options)
{
  return options->version || options->export_json != NULL || options->export_csv != NULL ||
         options->report != NULL || options->chart != NULL || options->people != NULL ||
         options->migrate || options->dry_run || options->annotations || options->add_annotation != NULL;
}

/* --timezone, else the saved connection's, else UTC. */
static const char *
reporting_timezone (const PulseCliOptions  *options,
                    PulseConnectionProfile *profile)
{
  if (options->timezone != NULL)
    return options->timezone;
  if (profile != NULL && *pulse_connection_profile_get_timezone (profile) != '\0')
    return pulse_connection_profile_get_timezone (profile);
  return "UTC";
}

static PulseQueryRange *
build_range (const PulseCliOptions  *options,
             PulseConnectionProfile *profile,
             GError                **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -29);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *start = g_date_time_format (month_ago, "%Y-%m-%d");
  g_autoptr(PulseQueryRange) days = NULL;
  PulseGranularity granularity = PULSE_GRANULARITY_DAY;

  /* Without a range: the last 30 days, today included. */
  days = pulse_query_range_new_parse (options->from ? options->from : start,
                                      options->to ? options->to : today,
                                      reporting_timezone (options, profile),
                                      error);
  if (days == NULL)
    return NULL;
  /* Checked with the other options. */
  if (options->granularity != NULL)
    parse_granularity (options->granularity, &granularity);
  return pulse_query_range_new (pulse_query_range_get_from (days), pulse_query_range_get_to (days),
                                pulse_query_range_get_timezone (days), granularity);
}

static gboolean
check_timezone (PGconn      *conn,
                const char  *timezone,
                GError     **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[] = { timezone };

  result = pulse_db_exec (conn, "SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = $1",
                          1, params, NULL, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                   _("Unknown time zone “%s” (use an IANA name such as Europe/Berlin)"), timezone);
      return FALSE;
    }
  return TRUE;
}

static PulseCatalog *
load_catalog (const PulseCliOptions  *options,
              GError                **error)
{
  g_autoptr(PulseCatalog) catalog = pulse_catalog_new_bundled (error);

  if (catalog == NULL)
    return NULL;
  if (options->catalog != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (options->catalog);
      if (!pulse_catalog_load_file (catalog, file, error))
        return NULL;
    }
  return g_steal_pointer (&catalog);
}

static gboolean
export_visuals (const PulseCliOptions  *options,
                const char             *conninfo,
                PulseCatalog           *catalog,
                PulseQueryRange        *range,
                GPtrArray              *results,
                PulseComparison        *compare,
                GPtrArray              *annotations,
                GError                **error)
{
  PulseSegment segment = PULSE_SEGMENT_ALL;

  /* Checked before connecting. */
  if (options->segment != NULL)
    pulse_segment_from_string (options->segment, &segment);

  if (options->report != NULL)
    {
      g_auto(PulseReportOptions) report = { 0 };

      pulse_report_options_init (&report);
      report.segment = segment;
      report.connection = options->demo ? g_strdup (_("Demo workspace")) : pulse_db_describe_conninfo (conninfo);
      if (options->paper != NULL)
        pulse_paper_size_from_string (options->paper, &report.paper);
      report.annotations = g_ptr_array_ref (annotations);
      if (compare != NULL)
        {
          report.compare.range = pulse_query_range_ref (compare->range);
          report.compare.results = g_ptr_array_ref (compare->results);
        }
      if (!pulse_report_write (catalog, results, range, &report, options->report, error))
        return FALSE;
    }

  if (options->chart != NULL)
    {
      g_auto(PulseChartExportOptions) chart = { 0 };
      g_autoptr(PulseChartModel) model = NULL;
      g_autoptr(PulseMetricView) view = NULL;
      PulseMetricResult *result = NULL;

      for (guint i = 0; i < results->len && result == NULL; i++)
        if (g_str_equal (pulse_metric_get_id (pulse_metric_result_get_metric (g_ptr_array_index (results, i))),
                         options->chart))
          result = g_ptr_array_index (results, i);
      if (result == NULL)
        {
          g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                       _("No result for metric “%s”"), options->chart);
          return FALSE;
        }

      pulse_chart_export_options_init (&chart);
      pulse_export_format_from_path (options->output, &chart.format);
      chart.dark = options->dark;
      chart.transparent = options->transparent;
      chart.scale = options->scale > 0 ? options->scale : 1;
      chart.width = options->width;
      view = pulse_metric_view_new (result, pulse_comparison_find (compare, pulse_metric_result_get_metric (result)),
                                    segment);
      pulse_chart_export_options_set_view (&chart, view);
      model = pulse_metric_view_dup_chart_model (view);
      pulse_chart_model_set_annotations (model, annotations);
      if (!pulse_chart_export_write (model, &chart, options->output, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_visuals (const PulseCliOptions  *options,
                  PulseCatalog           *catalog,
                  GError                **error)
{
  PulseExportFormat format;
  PulsePaperSize paper;
  PulseSegment segment;

  if (options->segment != NULL && !pulse_segment_from_string (options->segment, &segment))
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                 /* Translators: keep the option and the values in parentheses as they are */
                 _("Unknown --segment “%s” (use all, BUILDER or FINDER)"), options->segment);
  else if (options->paper != NULL && !pulse_paper_size_from_string (options->paper, &paper))
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                 /* Translators: keep the option and the values in parentheses as they are */
                 _("Unknown --paper “%s” (use a4 or letter)"), options->paper);
  else if (options->chart != NULL && !pulse_export_format_from_path (options->output, &format))
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                 _("Cannot tell the format of --output “%s”: name it .png, .svg or .pdf"), options->output);
  else if (options->chart != NULL && pulse_catalog_lookup (catalog, options->chart) == NULL)
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                 _("Unknown metric “%s” for --chart"), options->chart);
  else if (options->chart != NULL && !pulse_metric_has_chart (pulse_catalog_lookup (catalog, options->chart)))
    g_set_error (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                 /* Translators: keep the options as they are */
                 _("Metric “%s” is a table, not a chart: use --export-json or --export-csv"), options->chart);
  else
    return TRUE;
  return FALSE;
}

/* Before connecting: a typo in an output path is not found out only
 * after every query ran. */
static gboolean
check_outputs (const PulseCliOptions  *options,
               GError                **error)
{
  const char * const files[] = { options->report, options->output,
                                 g_strcmp0 (options->export_json, "-") != 0 ? options->export_json : NULL };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (files[i] != NULL && !pulse_file_check_output (files[i], FALSE, error))
      return FALSE;
  return options->export_csv == NULL || pulse_file_check_output (options->export_csv, TRUE, error);
}

/* The previous period of the same length. */
static gboolean
run_previous (PGconn           *conn,
              const char       *identity,
              PulseCatalog     *catalog,
              PulseQueryRange  *range,
              PulseComparison  *compare,
              GError          **error)
{
  compare->range = pulse_query_range_dup_previous (range);
  compare->results = pulse_metric_query_run_catalog_as (catalog, conn, compare->range, identity, NULL, error);
  return compare->results != NULL;
}

/* A mistake in --people or --at is a usage error (exit status 2). */
static gpointer
usage_error (GError **error,
             GError  *cause)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, cause->message);
  g_error_free (cause);
  return NULL;
}

/* "on:3" (a retention cell), "email_verified:dropped" (a funnel step's
 * drop-off) or a plain series: split into the series and its extras. */
static void
split_series (char     *series,
              int      *period,
              gboolean *dropped)
{
  char *colon = strrchr (series, ':');

  *period = -1;
  *dropped = FALSE;
  if (colon == NULL)
    return;
  if (g_str_equal (colon + 1, "dropped"))
    *dropped = TRUE;
  else if (g_ascii_isdigit (colon[1]))
    *period = (int)MIN (g_ascii_strtoull (colon + 1, NULL, 10), G_MAXINT);
  else
    return;
  *colon = '\0';
}

/* --people METRIC --at DATE[/SERIES]: the series defaults to the
 * metric's first (everybody, or the --segment's persons). */
static PulsePeopleQuery *
build_people_query (const PulseCliOptions  *options,
                    PulseCatalog           *catalog,
                    PulseQueryRange        *range,
                    GError                **error)
{
  PulseMetric *metric = pulse_catalog_lookup (catalog, options->people);
  g_auto(GStrv) parts = g_strsplit (options->at, "/", 2);
  g_autofree char *series = NULL;
  PulseSegment segment = PULSE_SEGMENT_ALL;
  GError *cause = NULL;
  PulsePeopleQuery *query;
  int period;
  gboolean dropped;
  GDate day;

  GPtrArray *all_series;

  if (metric == NULL)
    return usage_error (error, g_error_new (PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                                            _("Unknown metric “%s” for --people"), options->people));
  if (*parts[0] != '\0' && !pulse_parse_iso_date (parts[0], &day))
    return usage_error (error, g_error_new (PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                                            _("--at “%s” does not start with a date (YYYY-MM-DD)"), options->at));
  all_series = ((PulseMetricVariant *)g_ptr_array_index (pulse_metric_get_variants (metric), 0))->series;
  if (parts[1] != NULL)
    series = g_strdup (parts[1]);
  else if (all_series->len > 0)
    series = g_strdup (((PulseMetricField *)g_ptr_array_index (all_series, 0))->id);
  else
    return usage_error (error, g_error_new (PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                                            _("--at needs /SERIES for “%s”: a step, a k or a cell"),
                                            options->people));
  split_series (series, &period, &dropped);
  if (options->segment != NULL)
    pulse_segment_from_string (options->segment, &segment);

  query = pulse_people_query_new (metric, range, segment, series, parts[0], period, dropped, &cause);
  return query != NULL ? query : usage_error (error, cause);
}

/* Every page of the list, then one atomic write. */
static gboolean
write_people (PulsePeopleQuery  *query,
              PGconn            *conn,
              const char        *path,
              GError           **error)
{
  g_autoptr(GHashTable) tables = pulse_db_list_tables (conn, NULL, error);
  g_autoptr(GString) csv = pulse_people_csv_new (FALSE);
  gint64 after = PULSE_PEOPLE_FIRST;
  const guint page_size = 5000;

  if (tables == NULL)
    return FALSE;
  for (;;)
    {
      g_autoptr(GPtrArray) page = pulse_people_query_fetch (query, conn, tables, after, page_size, FALSE, NULL,
                                                            error);
      if (page == NULL)
        return FALSE;
      pulse_people_csv_append (csv, page, FALSE);
      if (page->len < page_size)
        break;
      after = pulse_person_get_id (g_ptr_array_index (page, page->len - 1));
    }
  return pulse_people_csv_write (csv, path, error);
}

static gboolean
export_people (const PulseCliOptions  *options,
               const char             *conninfo,
               PulseConnectionProfile *profile,
               const PulseSessionOptions *session,
               GError                **error)
{
  g_autoptr(PulseQueryRange) range = NULL;
  g_autoptr(PulseCatalog) catalog = NULL;
  g_autoptr(PulsePeopleQuery) query = NULL;
  g_autoptr(PGconn) conn = NULL;

  return (range = build_range (options, profile, error)) &&
         (catalog = load_catalog (options, error)) &&
         validate_visuals (options, catalog, error) &&
         (query = build_people_query (options, catalog, range, error)) &&
         check_outputs (options, error) &&
         (conn = pulse_db_connect (conninfo, session, NULL, error)) &&
         check_timezone (conn, pulse_query_range_get_timezone (range), error) &&
         write_people (query, conn, options->output, error);
}

/**
 * export:
 * @profile: (nullable): the saved connection: its statement timeout and
 *   time zone apply
 */
static gboolean
export (const PulseCliOptions  *options,
        const char             *conninfo,
        PulseConnectionProfile *profile,
        const char             *password,
        GError                **error)
{
  g_autoptr(PulseQueryRange) range = NULL;
  g_autoptr(PulseCatalog) catalog = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GPtrArray) results = NULL;
  /* The demo's server listens in a new folder at each start. */
  const char *identity = options->demo ? PULSE_DEMO_IDENTITY : NULL;
  g_auto(PulseComparison) compare = { 0 };
  g_autoptr(GPtrArray) annotations = NULL;
  PulseSessionOptions session;

  if (profile != NULL)
    pulse_connection_profile_init_session (profile, &session);
  else
    pulse_session_options_init_dashboard (&session);
  session.password = password;

  if (options->people != NULL)
    return export_people (options, conninfo, profile, &session, error);
  if (!(range = build_range (options, profile, error)) ||
      !(catalog = load_catalog (options, error)) ||
      !validate_visuals (options, catalog, error) ||
      !check_outputs (options, error) ||
      !(conn = pulse_db_connect (conninfo, &session, NULL, error)) ||
      !check_timezone (conn, pulse_query_range_get_timezone (range), error) ||
      !(results = pulse_metric_query_run_catalog_as (catalog, conn, range, identity, NULL, error)) ||
      (options->compare && !run_previous (conn, identity, catalog, range, &compare, error)))
    return FALSE;
  if ((options->report != NULL || options->chart != NULL) &&
      !(annotations = pulse_cli_annotations_load (conninfo, &session, error)))
    return FALSE;

  if (options->export_json != NULL &&
      !pulse_data_export_write_json (range, results, options->compare ? &compare : NULL,
                                     options->export_json, error))
    return FALSE;
  if (options->export_csv != NULL &&
      !pulse_data_export_write_csv_dir (results, options->export_csv, error))
    return FALSE;
  return export_visuals (options, conninfo, catalog, range, results, options->compare ? &compare : NULL,
                         annotations, error);
}

static gboolean
run_annotations (const PulseCliOptions  *options,
                 const char             *conninfo,
                 PulseConnectionProfile *profile,
                 const char             *password,
                 GError                **error)
{
  PulseSessionOptions session;

  if (profile != NULL)
    pulse_connection_profile_init_session (profile, &session);
  else
    pulse_session_options_init_dashboard (&session);
  session.password = password;
  return pulse_cli_annotations_run (conninfo, &session, options, error);
}

static gboolean
validate (const PulseCliOptions  *options,
          GError                **error)
{
  if (options->demo == (options->connection != NULL))
    {
      g_set_error_literal (error, PULSE_ERROR, PULSE_ERROR_INVALID_ARGUMENT,
                           /* Translators: CONN stands for a connection name or string; keep the options */
                           _("Name the database with --connection CONN, or use --demo"));
      return FALSE;
    }
  /* --connection is checked when resolved: it may name a saved connection. */
  return TRUE;
}

static gboolean
run_on_demo (const PulseCliOptions  *options,
             GError                **error)
{
  g_autoptr(PulseDemo) demo = pulse_demo_new (NULL);
  g_autoptr(GError) stop_error = NULL;
  gboolean ok;

  if (!pulse_demo_start (demo, NULL, error))
    return FALSE;
  if (options->migrate || options->dry_run)
    ok = pulse_cli_migrate (pulse_demo_get_conninfo (demo), NULL, options, error);
  else if (options->annotations || options->add_annotation != NULL)
    ok = run_annotations (options, pulse_demo_get_conninfo (demo), NULL, NULL, error);
  else
    ok = export (options, pulse_demo_get_conninfo (demo), NULL, NULL, error);
  if (!pulse_demo_stop (demo, &stop_error))
    g_warning ("%s", stop_error->message);
  return ok;
}

/* Returns: the process exit status */
int
pulse_cli_run (const PulseCliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(PulseConnectionProfile) profile = NULL;
  char *password = NULL;
  gboolean ok;

  if (options->version)
    {
      g_print ("pulse %s\n", PACKAGE_VERSION);
      return 0;
    }
  /* Past a file size limit, a write fails (EFBIG) and the export is
   * undone, rather than the process being killed halfway. */
  signal (SIGXFSZ, SIG_IGN);

  if (!validate (options, &error))
    ok = FALSE;
  else if (options->demo)
    ok = run_on_demo (options, &error);
  else if (!pulse_secrets_resolve_connection (options->connection, &conninfo, &profile, &password, &error))
    ok = FALSE;
  else if (options->migrate || options->dry_run)
    ok = pulse_cli_migrate (conninfo, password, options, &error);
  else if (options->annotations || options->add_annotation != NULL)
    ok = run_annotations (options, conninfo, profile, password, &error);
  else
    ok = export (options, conninfo, profile, password, &error);
  g_clear_pointer (&password, pulse_secrets_free_password);

  if (!ok)
    {
      g_printerr ("pulse: %s\n", error->message);
      /* Like the options' own errors: --at naming no number */
      return error->domain == G_OPTION_ERROR ? 2 : 1;
    }
  return 0;
}
