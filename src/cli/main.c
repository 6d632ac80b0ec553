/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - the dayafter command: global options and dispatch to one file per command.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/lanes.h"
#include "cli.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"run", cmd_run, "simulate a scenario and compare its options (default: the built-in gaza)"},
    {"analyze", cmd_analyze,
     "find which assumptions move a metric (sobol, morris, tornado), where a "
     "condition holds (prim), or what is worth finding out before choosing (voi)"},
    {"report", cmd_report, "write the HTML report of a run's or an analysis's saved JSON"},
    {"metrics", cmd_metrics, "list what a run measures: each metric's id, unit and meaning"},
    {"validate", cmd_validate, "check scenario files and report every problem with its line"},
    {"example", cmd_example, "print a built-in scenario, the start of a new one"},
    {"serve", cmd_serve, "run the web application: shared scenarios, runs and reports"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dayafter COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "Plans the day after a war: simulates a stabilization mission under\n"
            "uncertainty and compares the ways of running it.\n"
            "\n"
            "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(out, "  %-10s ", commands[i].name);
        cli_print_wrapped(out, 13, commands[i].summary, 80, 13);
    }
    fprintf(out,
            "\n"
            "Options:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n"
            "\n"
            "'dayafter COMMAND --help' describes a command. Exit status: 0 success,\n"
            "1 a failed run, 2 bad usage or bad input.\n");
}

/* The engine's settings from the environment (README.md, docs/performance.md): the engine takes
 * what it can use and runs as by default otherwise, so a mistyped value would pass without a
 * word; the command refuses it instead. False, with the usage error printed, for a value that
 * is not one of theirs. */
static bool environment_usage(void)
{
    const char *lanes = getenv("DAYAFTER_LANES");
    uint64_t n;
    if (lanes && *lanes && !cli_parse_count(lanes, 1, LANES_MAX, &n)) {
        cli_usage_error(NULL, "DAYAFTER_LANES: expected a whole number from 1 to %d, found '%s'",
                        LANES_MAX, lanes);
        return false;
    }
    const char *isa = getenv("DAYAFTER_ISA");
    if (isa && *isa && !lanes_isa_known(isa)) {
        cli_usage_error(NULL, "DAYAFTER_ISA: expected " LANES_ISA_NAMES ", found '%s'", isa);
        return false;
    }
    return true;
}

static bool is_help(const char *word)
{
    return strcmp(word, "-h") == 0 || strcmp(word, "--help") == 0 || strcmp(word, "help") == 0;
}

/* Under mpirun every rank runs the command, and rank 0 alone writes (docs/scale.md): the other
 * ranks' standard output and error go to /dev/null, so that a message, a usage error or a
 * listing comes once, not once a rank interleaved. Their exit statuses are left as they are. */
static void silence_other_ranks(void)
{
    if (da_rank() == 0)
        return;
    int null = open("/dev/null", O_WRONLY);
    if (null < 0)
        return;
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO)
        close(null);
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
    /* A reader that goes away (`| head -1`) must fail the command with its reason, as a full
     * disk does (README.md), not kill it silently: writes then fail with EPIPE, which
     * cli_finish() and cli_write_file() report. The server needs the same for its sockets. */
    signal(SIGPIPE, SIG_IGN);
    /* Under mpirun every rank runs the command (cli.h); initialized before anything is
     * printed, so that the other ranks print nothing, a usage error included. */
    da_ranks_init(&argc, &argv);
    silence_other_ranks();
    int status = dispatch(argc, argv);
    da_ranks_finalize();
    return status;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    const char *first = argv[1];
    if (is_help(first)) {
        usage(stdout);
        return cli_finish(NULL, EXIT_OK);
    }
    if (strcmp(first, "-V") == 0 || strcmp(first, "--version") == 0) {
        /* As in the commands, help is given wherever it is asked for; anything else is a
         * mistake, not to be passed over. */
        for (int i = 2; i < argc; i++) {
            if (is_help(argv[i])) {
                usage(stdout);
                return cli_finish(NULL, EXIT_OK);
            }
        }
        if (argc > 2) {
            if (argv[2][0] == '-' && strcmp(argv[2], "-V") != 0 &&
                strcmp(argv[2], "--version") != 0)
                cli_usage_error(NULL, "unknown option '%s'", argv[2]);
            else
                cli_usage_error(NULL, "unexpected argument '%s'", argv[2]);
            return EXIT_BAD_INPUT;
        }
        printf("dayafter %s\n", da_version());
        return cli_finish(NULL, EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(first, commands[i].name) == 0) {
            if (!environment_usage())
                return EXIT_BAD_INPUT;
            /* Interrupted, a command leaves no temporary file of its outputs; serve blocks
             * these signals and waits for them (src/server/serve.c). */
            if (strcmp(first, "serve") != 0)
                cli_remove_temporaries_on_signals();
            return cli_finish(commands[i].name, commands[i].run(argc - 1, argv + 1));
        }
    }
    if (first[0] == '-')
        cli_usage_error(NULL, "unknown option '%s'", first);
    else
        cli_usage_error(NULL, "unknown command '%s'", first);
    return EXIT_BAD_INPUT;
}
