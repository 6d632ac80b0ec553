/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_run.c - `dayafter run [FILE]`: the main job. Simulates the scenario (default: the
 * built-in gaza), prints the options side by side, and writes JSON and CSV on request.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define DEFAULT_SCENARIO "gaza"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dayafter run [FILE] [-n R] [--precision P] [--seed S] [--threads T]\n"
            "                    [--json F] [--csv DIR] [--report F] [--mc-error]\n"
            "                    [--deterministic] [--quiet]\n"
            "\n"
            "Simulates every replication of the scenario FILE ('-' reads standard input;\n"
            "default: the built-in '" DEFAULT_SCENARIO
            "' scenario) and compares its options:\n"
            "when each can start, how fast it deploys, what it costs and who pays, the water\n"
            "and food gaps, and the milestones that hold it up. The table fits the width in\n"
            "COLUMNS, else the terminal's, else 80 columns.\n"
            "\n"
            "Options:\n"
            "  -n, --replications R  replications (default: the scenario's, usually 10000);\n"
            "                        with --precision, the most it may run\n"
            "  -p, --precision P     replications in blocks of 1,000 until every option's\n"
            "                        headline medians have 95%% intervals within P%% of them\n"
            "                        (P from 0.5 to 100), at most R or 1,000,000; the same\n"
            "                        results as -n of the count it stops at\n"
            "  -s, --seed S          random seed (default: the scenario's)\n"
            "  -t, --threads T       worker threads (default: one per core it may run on, as\n"
            "                        taskset or mpirun binds it); the results are the same\n"
            "                        for any T\n"
            "  -j, --json F          write the results as JSON to F ('-' for standard output)\n"
            "  -c, --csv DIR         write tidy CSV tables into DIR (made if missing: its\n"
            "                        parent must exist)\n"
            "  -r, --report F        write the HTML report to F: charts, assumptions and\n"
            "                        their sources, one file that opens offline\n"
            "  -m, --mc-error        below each median of the table, its 95%% interval: how\n"
            "                        far it could move with other replications (the JSON\n"
            "                        always has the Monte Carlo error of its figures)\n"
            "  -d, --deterministic   one replication with central values and no incidents\n"
            "                        (without -n or --precision)\n"
            "  -q, --quiet           no table and no progress bar\n"
            "  -h, --help            show this help\n"
            "\n"
            "Exit status: 0 success, 1 the run failed, 2 bad usage or a bad scenario.\n");
}

struct run_args {
    const char *file;
    struct cli_common common;
    da_run_options options;
    bool replications_given, mc_error;
};

/* --precision P: a percentage, from DA_PRECISION_MIN (the sketches' resolution, see
 * dayafter.h) to 100. */
static bool parse_precision(const char *text, double *out)
{
    double p;
    if (!cli_parse_decimal(text, &p) || !(p >= DA_PRECISION_MIN && p <= 100)) {
        cli_usage_error("run", "--precision: expected a percentage from %g to 100, found '%s'",
                        DA_PRECISION_MIN, text);
        return false;
    }
    *out = p;
    return true;
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
    static const struct option longs[] = {
        CLI_COMMON_LONGS('r'),
        {"replications", required_argument, NULL, 'n'},
        {"deterministic", no_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {"precision", required_argument, NULL, 'p'},
        {"mc-error", no_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof *a);
    da_run_options_init(&a->options);
    a->common = (struct cli_common){.command = "run", .seed_max = UINT64_MAX, .report_key = 'r'};
    int c;
    uint64_t v;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:s:t:j:c:r:p:mdqh", longs, NULL)) != -1) {
        enum cli_option_result common = cli_common_option(&a->common, c, optarg);
        if (common == CLI_OPTION_BAD)
            return EXIT_BAD_INPUT;
        if (common == CLI_OPTION_TAKEN)
            continue;
        switch (c) {
        case 'n':
            if (!cli_parse_option("run", "replications", optarg, 1, DA_MAX_REPLICATIONS, &v))
                return EXIT_BAD_INPUT;
            a->options.replications = v;
            a->replications_given = true;
            break;
        case 'p':
            if (!parse_precision(optarg, &a->options.precision))
                return EXIT_BAD_INPUT;
            break;
        case 'm':
            a->mc_error = true;
            break;
        case 'd':
            a->options.deterministic = 1;
            break;
        case 'h':
            usage(stdout);
            return -1;
        default: /* ':' (a missing value) or '?' */
            return cli_option_error("run", c, argv, longs);
        }
    }
    if (argc - optind > 1) {
        cli_usage_error("run", "one scenario file at most, found %d", argc - optind);
        return EXIT_BAD_INPUT;
    }
    if (a->options.deterministic && a->replications_given) {
        cli_usage_error("run",
                        "--deterministic runs one replication at the central values: "
                        "give it without -n");
        return EXIT_BAD_INPUT;
    }
    if (a->options.deterministic && a->options.precision > 0) {
        cli_usage_error("run",
                        "--deterministic runs one replication at the central values, "
                        "which has no Monte Carlo error: give it without --precision");
        return EXIT_BAD_INPUT;
    }
    if (a->options.deterministic && a->mc_error) {
        cli_usage_error("run",
                        "--deterministic runs one replication at the central values, "
                        "which has no Monte Carlo error: give it without --mc-error");
        return EXIT_BAD_INPUT;
    }
    a->options.seed = a->common.seed;
    a->options.use_seed = a->common.use_seed;
    a->options.threads = a->common.threads;
    a->file = optind < argc ? argv[optind] : NULL;
    return EXIT_OK;
}

/* True for the words of a --threads option at argv[i]; *skip: how many words it takes. */
static bool threads_option(char **argv, int argc, int i, int *skip)
{
    const char *a = argv[i];
    *skip = 1;
    if (strcmp(a, "-t") == 0 || strcmp(a, "--threads") == 0) {
        *skip = i + 1 < argc ? 2 : 1;
        return true;
    }
    return strncmp(a, "--threads=", 10) == 0 || (strncmp(a, "-t", 2) == 0 && a[2]);
}

/* Copies 'text' to 'at', which has room for it, and returns where its NUL went. */
static char *append(char *at, const char *text)
{
    size_t n = strlen(text);
    memcpy(at, text, n + 1);
    return at + n;
}

/* Whether the word 'arg' reads as itself in a POSIX shell: not empty, and only of characters
 * that no shell treats specially. */
static bool shell_plain(const char *arg)
{
    return arg[0] && arg[strspn(arg,
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789_@%+=:,./-")] == '\0';
}

/* Copies the word 'arg' to 'at' as a POSIX shell reads it back: as it is when plain, else in
 * single quotes, each ' in it written '\'' (room: 4 bytes a byte of it, and 3). */
static char *append_quoted(char *at, const char *arg)
{
    if (shell_plain(arg))
        return append(at, arg);
    *at++ = '\'';
    for (const char *c = arg; *c; c++) {
        if (*c == '\'')
            at = append(at, "'\\''"); /* closes the quotes, a quoted ', opens them again */
        else
            *at++ = *c;
    }
    *at++ = '\'';
    *at = '\0';
    return at;
}

/* The command line, for the JSON's metadata, each word quoted as a shell needs it so that the
 * line can be run again ("my scen's.yaml" was written bare, which a shell splits), without
 * --threads: the number of threads does not change a single bit of the results, and leaving
 * it out keeps the JSON itself identical for any number of threads, as README.md promises. */
static char *command_line(int argc, char **argv)
{
    size_t len = strlen("dayafter run") + 1;
    for (int i = 0; i < argc; i++)
        len += 4 * strlen(argv[i]) + 3;
    char *s = malloc(len);
    if (!s)
        return NULL;
    char *end = append(s, "dayafter run");
    for (int i = 1; i < argc; i++) {
        int skip;
        if (threads_option(argv, argc, i, &skip)) {
            i += skip - 1;
            continue;
        }
        end = append(end, " ");
        end = append_quoted(end, argv[i]);
    }
    return s;
}

/* The run's JSON, for cli_write_file() and cli_report_of(). */
struct run_json {
    const da_results *res;
    const char *command_line;
};

static da_status run_json_writer(const void *what, FILE *out)
{
    const struct run_json *j = what;
    return da_results_write_json(j->res, out, j->command_line);
}

static da_status csv_table_writer(const void *what, size_t index, FILE *out)
{
    return da_results_write_csv_table(what, index, out);
}

static int write_csv(const da_results *res, const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "dayafter run: cannot create %s: %s\n", dir, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    /* Not da_results_write_csv(), which puts each table in place as it goes: a failure half way
     * left new tables beside old ones. */
    return cli_write_files("run", dir, da_csv_table_count(), da_csv_table_name, csv_table_writer,
                           res);
}

static int report(const da_results *res, const struct run_args *a, int argc, char **argv)
{
    int status = EXIT_OK;
    if (!a->common.quiet && !cli_output_on_stdout(&a->common)) {
        errno = 0;
        da_status st = da_results_write_table_with(res, stdout, cli_color(stdout),
                                                   a->mc_error ? DA_TABLE_MC_ERROR : 0);
        if (st != DA_OK)
            status = cli_write_failed("run", "-", st, errno);
    }
    char *cmd = a->common.json || a->common.report ? command_line(argc, argv) : NULL;
    struct run_json json = {res, cmd};
    if (a->common.json) {
        int st = cli_write_file("run", a->common.json, run_json_writer, &json);
        if (st != EXIT_OK)
            status = st;
    }
    if (a->common.csv) {
        int st = write_csv(res, a->common.csv);
        if (st != EXIT_OK)
            status = st;
    }
    if (a->common.report) {
        /* Made from the results' JSON, as `dayafter report` makes it from a saved one. */
        int st = cli_report_of("run", run_json_writer, &json, a->common.report);
        if (st != EXIT_OK)
            status = st;
    }
    free(cmd);
    return status;
}

int cmd_run(int argc, char **argv)
{
    struct run_args a;
    int status = parse_args(argc, argv, &a);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
    if (!cli_can_write_outputs(&a.common, true, a.file))
        return EXIT_BAD_INPUT;
    da_scenario *scn;
    status = cli_load(a.file, DEFAULT_SCENARIO, &scn);
    if (status != EXIT_OK)
        return status;
    struct cli_progress bar;
    if (cli_progress_start(&bar, a.common.quiet, "replications")) {
        a.options.progress = cli_progress;
        a.options.progress_ctx = &bar;
    }
    da_results *res;
    char why[512] = "";
    a.options.message = why;
    a.options.message_size = sizeof why;
    da_status st = da_run(scn, &a.options, &res);
    if (st != DA_OK) {
        fprintf(stderr, "dayafter run: %s\n", why[0] ? why : da_status_str(st));
        da_scenario_free(scn);
        return st == DA_ERR_USAGE ? EXIT_BAD_INPUT : EXIT_RUN_FAILED;
    }
    if (da_rank() == 0) /* the other ranks' parts are in rank 0's results */
        status = report(res, &a, argc, argv);
    da_results_free(res);
    da_scenario_free(scn);
    return status;
}
