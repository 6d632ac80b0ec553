/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_run.c - `dayafter run [FILE]`: the main job.
 *
 * Until the simulation engine lands (issue 3), it loads and validates the scenario and prints
 * what it would simulate: the areas, milestones, donors and options with their central values
 * and ranges.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

#define DEFAULT_SCENARIO "gaza"

static void usage(FILE *out)
{
    fprintf(out, "Usage: dayafter run [FILE]\n"
                 "\n"
                 "Loads the scenario FILE ('-' reads standard input; default: the built-in\n"
                 "'" DEFAULT_SCENARIO "' scenario), checks it and summarizes what it simulates.\n"
                 "\n"
                 "Options:\n"
                 "  -h, --help  show this help\n");
}

int cmd_run(int argc, char **argv)
{
    static const struct option longs[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return EXIT_OK;
        }
        cli_usage_error("run", "unknown option '%s'", argv[optind - 1]);
        return EXIT_BAD_INPUT;
    }
    if (argc - optind > 1) {
        cli_usage_error("run", "one scenario file at most, found %d", argc - optind);
        return EXIT_BAD_INPUT;
    }
    da_scenario *scn;
    int status = cli_load(optind < argc ? argv[optind] : NULL, DEFAULT_SCENARIO, &scn);
    if (status != EXIT_OK)
        return status;
    da_status st = da_scenario_write_summary(scn, stdout, cli_color(stdout));
    da_scenario_free(scn);
    if (st != DA_OK || fflush(stdout) != 0) {
        perror("dayafter run");
        return EXIT_RUN_FAILED;
    }
    return EXIT_OK;
}
