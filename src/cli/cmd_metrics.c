/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_metrics.c - `dayafter metrics [--json]`: what a run measures, from the library's
 * registry - each metric's id (its key in the JSON, its name in the CSV), label, unit, which
 * direction is better, and what it means - so that a reader of the outputs need not guess.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define WIDTH 80

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dayafter metrics [--json]\n"
            "\n"
            "Lists what a run measures: the metrics of each option (the keys of the JSON's\n"
            "options[].metrics, the rows of metrics.csv and differences.csv, and what\n"
            "'analyze --metric' takes), then the metrics of each area (areas[] and series\n"
            "in the JSON, areas.csv and series.csv). For each: its id, label, unit, which\n"
            "direction is better, and what it means.\n"
            "\n"
            "Options:\n"
            "  -j, --json  the same as JSON: {\"metrics\": [...], \"area_metrics\": [...]},\n"
            "              each entry as a run's JSON has it\n"
            "  -h, --help  show this help\n"
            "\n"
            "Exit status: 0 success, 1 when writing fails, 2 bad usage.\n");
}

/* "id: Label [unit; lower is better]", then the description, indented. */
static void print_metric(FILE *out, da_metric_info m)
{
    char head[256];
    if (strcmp(m.better, "none") == 0)
        snprintf(head, sizeof head, "%s: %s [%s]", m.id, m.label, m.unit);
    else
        snprintf(head, sizeof head, "%s: %s [%s; %s is better]", m.id, m.label, m.unit, m.better);
    cli_print_wrapped(out, 0, head, WIDTH, 4);
    fprintf(out, "    ");
    cli_print_wrapped(out, 4, m.description, WIDTH, 4);
}

static int print_all(FILE *out)
{
    errno = 0;
    fprintf(out, "Each option's metrics (options[].metrics in the JSON, metrics.csv):\n\n");
    for (size_t i = 0; i < da_metric_count(); i++)
        print_metric(out, da_metric_get(i));
    fprintf(out,
            "\nEach area's metrics (areas[] with _end, and series, in the JSON; areas.csv,\n"
            "series.csv):\n\n");
    for (size_t i = 0; i < da_area_metric_count(); i++)
        print_metric(out, da_area_metric_get(i));
    if (fflush(out) != 0 || ferror(out))
        return cli_write_failed("metrics", "-", DA_ERR_IO, errno);
    return EXIT_OK;
}

int cmd_metrics(int argc, char **argv)
{
    static const struct option longs[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool json = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":jh", longs, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = true;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default: /* '?' */
            return cli_option_error("metrics", c, argv, longs);
        }
    }
    if (optind < argc) {
        cli_usage_error("metrics", "unexpected argument '%s'", argv[optind]);
        return EXIT_BAD_INPUT;
    }
    if (!json)
        return print_all(stdout);
    errno = 0;
    da_status st = da_metrics_write_json(stdout);
    return st == DA_OK ? EXIT_OK : cli_write_failed("metrics", "-", st, errno);
}
