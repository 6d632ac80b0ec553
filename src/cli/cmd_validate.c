/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_validate.c - `dayafter validate FILE...`: check scenarios, report every problem.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../output/format.h"
#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dayafter validate [--quiet] [--summary] [--context] FILE...\n"
            "\n"
            "Checks each scenario FILE ('-' reads standard input) and prints every\n"
            "problem found as FILE:LINE:COLUMN: message, all of them in one pass.\n"
            "Prints a one-line summary of each valid file.\n"
            "\n"
            "Options:\n"
            "  -q, --quiet    print nothing for valid files\n"
            "  -s, --summary  describe each valid scenario: day 0's date, areas,\n"
            "                 milestones with their effects and lapses, security, aid,\n"
            "                 rebuilding, returns, donors, options, correlations and\n"
            "                 observations, central values and ranges\n"
            "  -c, --context  show each problem's line with a caret under it also\n"
            "                 when not on a terminal\n"
            "  -h, --help     show this help\n"
            "\n"
            "Exit status: 0 when every file is valid, 2 otherwise; 1 when what it prints\n"
            "cannot be written.\n");
}

/* "3 areas", "1 area", "1,001 areas": grouped as the summary below it writes counts (a day's
 * format is a whole number with its separators). */
static const char *count(size_t n, const char *one, const char *many, char *buf, size_t cap)
{
    char number[32];
    fmt_value((double)n, FMT_DAY, number, sizeof number);
    snprintf(buf, cap, "%s %s", number, n == 1 ? one : many);
    return buf;
}

static void print_valid(const char *file, const da_scenario *scn)
{
    char a[48], m[48], o[48], d[48], u[64], chances[64] = "";
    size_t n_chances = da_scenario_chance_count(scn);
    if (n_chances > 0) {
        char c[32];
        fmt_value((double)n_chances, FMT_DAY, c, sizeof c);
        snprintf(chances, sizeof chances, ", %s of them %s", c,
                 n_chances == 1 ? "a chance" : "chances");
    }
    printf(
        "%s: valid: %s (%s, %s, %s, %s; %s%s)\n", file, da_scenario_name(scn),
        count(da_scenario_area_count(scn), "area", "areas", a, sizeof a),
        count(da_scenario_milestone_count(scn), "milestone", "milestones", m, sizeof m),
        count(da_scenario_option_count(scn), "option", "options", o, sizeof o),
        count(da_scenario_donor_count(scn), "donor", "donors", d, sizeof d),
        count(da_scenario_uncertain_count(scn), "uncertain input", "uncertain inputs", u, sizeof u),
        chances);
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longs[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"summary", no_argument, NULL, 's'},
        {"context", no_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool quiet = false, summary = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qsch", longs, NULL)) != -1) {
        switch (c) {
        case 'q':
            quiet = true;
            break;
        case 's':
            summary = true;
            break;
        case 'c':
            cli_show_context(true);
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default: /* '?' */
            return cli_option_error("validate", c, argv, longs);
        }
    }
    if (optind >= argc) {
        cli_usage_error("validate", "no scenario file given ('-' reads standard input)");
        return EXIT_BAD_INPUT;
    }
    /* Standard input can be read once: a second '-' would find it empty. */
    int stdin_args = 0;
    for (int i = optind; i < argc; i++)
        stdin_args += strcmp(argv[i], "-") == 0;
    if (stdin_args > 1) {
        cli_usage_error("validate", "'-' (standard input) is given %d times; it can be read once",
                        stdin_args);
        return EXIT_BAD_INPUT;
    }
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        da_scenario *scn;
        int st = cli_load(argv[i], NULL, &scn);
        if (st != EXIT_OK) {
            /* Bad input outranks running out of memory: it is what the user can fix. */
            if (st == EXIT_BAD_INPUT || status == EXIT_OK)
                status = st;
            continue;
        }
        /* Standard input by the name its problems carry (cli_load()), so that a script can
         * match a file's lines, valid or not, by one name. */
        if (!quiet)
            print_valid(strcmp(argv[i], "-") == 0 ? CLI_STDIN_NAME : argv[i], scn);
        errno = 0;
        da_status st_summary =
            summary ? da_scenario_write_summary(scn, stdout, cli_color(stdout)) : DA_OK;
        if (st_summary != DA_OK && status == EXIT_OK)
            status = cli_write_failed("validate", "-", st_summary, errno);
        da_scenario_free(scn);
    }
    return status;
}
