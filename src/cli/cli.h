/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli.h - what the command-line tool's files share: the commands, exit statuses and the way
 * problems are printed. The tool uses only the public API (dayafter.h) and this header.
 */
#ifndef DA_CLI_CLI_H
#define DA_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dayafter.h"

/* What messages and results call standard input when it is given as "-". */
#define CLI_STDIN_NAME "<stdin>"

/* Exit statuses (README.md): 0 success, 1 a failed run, 2 bad usage or bad input. */
enum { EXIT_OK = 0, EXIT_RUN_FAILED = 1, EXIT_BAD_INPUT = 2 };

int cmd_validate(int argc, char **argv);
int cmd_example(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_metrics(int argc, char **argv);

/* True when 'stream' is a terminal and NO_COLOR is unset or empty. */
bool cli_color(FILE *stream);

/* Prints every problem of 'diags' to stderr as FILE:LINE:COLUMN: message; on a terminal (or
 * everywhere after cli_show_context(true)), also the line it points at, with a caret and
 * tildes under what it is about. */
void cli_print_diags(const da_diags *diags);
/* Whether cli_print_diags() shows the lines in pipes and files too (validate --context). */
void cli_show_context(bool always);

/* Prints "dayafter COMMAND: message" to stderr, with a hint to --help. */
void cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Loads a scenario: 'arg' is a file path, "-" for standard input (named CLI_STDIN_NAME), or NULL
 * for the built-in scenario 'builtin'. Problems are printed. Returns the exit status: 0 with
 * *out set, or 2 (bad input) or 1 (out of memory).
 */
int cli_load(const char *arg, const char *builtin, da_scenario **out);

/* Reports getopt_long()'s ':' (an option without its value) or '?' (an unknown option, or a
 * value given to a long option of 'longs' that takes none) for 'command', naming the option
 * at fault: "-x" of "-xq", "--name" of "--name=value". Returns EXIT_BAD_INPUT. */
int cli_option_error(const char *command, int c, char **argv, const struct option *longs);

/* A whole number in [lo, hi] from 'text' into *out, or false. */
bool cli_parse_count(const char *text, uint64_t lo, uint64_t hi, uint64_t *out);
/* A number written in decimal ('12', '-0.5', '2.5e-3'), finite, into *out; false for anything
 * else, hexadecimal, 'inf' and leading spaces included. */
bool cli_parse_decimal(const char *text, double *out);
/* The value 'text' of --'option' of 'command', a whole number in [lo, hi], into *out; false,
 * with the usage error printed ("--OPTION: expected a whole number from LO to HI, found
 * 'TEXT'"), when it is not one. */
bool cli_parse_option(const char *command, const char *option, const char *text, uint64_t lo,
                      uint64_t hi, uint64_t *out);

/*
 * The options that run and analyze share, parsed once: --seed, --threads, --json, --csv,
 * --report and --quiet. The command sets 'command', the largest seed it takes and the key of
 * its --report (run's -r, analyze's -R; the others' keys are their long names' first
 * letters) before parsing.
 */
struct cli_common {
    const char *command;
    uint64_t seed_max;
    int report_key;
    uint64_t seed;
    int use_seed, threads; /* use_seed 0: the scenario's seed; threads 0: one per core it may use */
    const char *json, *csv, *report;
    bool quiet;
};

/* The entries of struct cli_common's options, for a command's getopt_long() table. */
#define CLI_COMMON_LONGS(report_key)                                                               \
    {"seed", required_argument, NULL, 's'}, {"threads", required_argument, NULL, 't'},             \
        {"json", required_argument, NULL, 'j'}, {"csv", required_argument, NULL, 'c'},             \
        {"report", required_argument, NULL, (report_key)},                                         \
    {                                                                                              \
        "quiet", no_argument, NULL, 'q'                                                            \
    }

/* What cli_common_option() made of an option. */
enum cli_option_result { CLI_OPTION_OTHER, CLI_OPTION_TAKEN, CLI_OPTION_BAD };

/* Takes getopt_long()'s 'key' with its value 'arg' into 'c' when it is one of the shared
 * options: CLI_OPTION_TAKEN, or CLI_OPTION_BAD with the usage error printed (a seed above
 * c->seed_max, threads not from 1 to 256); CLI_OPTION_OTHER for the command's own. */
enum cli_option_result cli_common_option(struct cli_common *c, int key, const char *arg);

/* False, with the reason printed, when one of the outputs that 'c' names cannot be written
 * (cli_can_write_file(); --csv a directory with 'csv_dir', as run writes its tables into one):
 * checked before a run that may take hours, not after it. '-' (standard output) is a usage
 * error for such a directory, and for more than one output; so is an output that is the file
 * 'input' the command reads (NULL: none), which it would replace. */
bool cli_can_write_outputs(const struct cli_common *c, bool csv_dir, const char *input);
/* Whether the paths 'a' and 'b' name one file: the same name, the same device and inode, or
 * (neither exists yet) the same name in one directory; never '-' (standard input or output). */
bool cli_same_file(const char *a, const char *b);
/* Writes 'text', which a user typed, to 'f' with each control character as \xHH: an escape
 * sequence or a line break in an argument must not act on the terminal or forge a line. */
void cli_put_text(FILE *f, const char *text);
/* Whether one of the outputs goes to standard output ('-'): then the table does not. */
bool cli_output_on_stdout(const struct cli_common *c);

/* A progress bar on stderr (progress.c): "[#######.....]  57%  5700 of 10000 replications,
 * 2 s left", within the terminal's width (COLUMNS, else the terminal's, else 80), for
 * da_run_options and da_analyze_options' progress with a struct cli_progress as its context. */
struct cli_progress {
    const char *unit; /* what is counted: "replications", "runs" */
    double start;     /* seconds, when it started */
};
/* Whether to show one: not with --quiet, only on a terminal, only on rank 0. A bar that is
 * shown starts now, counting 'unit'. */
bool cli_progress_start(struct cli_progress *bar, bool quiet, const char *unit);
void cli_progress(void *ctx, uint64_t done, uint64_t total);

/* Something that writes one of the tool's outputs (what: the command's results) to 'out'. */
typedef da_status (*cli_writer)(const void *what, FILE *out);

/* False, with the reason printed for 'command', when the file 'path' cannot be written ('-',
 * standard output, always can): checked before a long run, so that it does not end in a
 * message about a mistyped folder. Nothing is left behind: an existing file is opened without
 * being truncated; for a new one, a file of a name of its own is made in its folder and
 * removed (every rank under mpirun checks at once, and must get the same answer). */
bool cli_can_write_file(const char *command, const char *path);
/* The same for a directory to write tables into: 'dir' is a directory that can be written
 * into, or can be made (its parent exists and can be written into); it is not made here. */
bool cli_can_write_dir(const char *command, const char *dir);

/* The headline metrics' ids, "start_day, deployed_day365, ...", into 'buf'. */
void cli_metric_ids(char *buf, size_t cap);
/* True when 'id' is a headline metric's id. */
bool cli_is_metric(const char *id);

/* Prints the words of 'text' from column 'col' (what the caller printed before them), wrapped
 * within 'width' columns, its later lines indented by 'indent' spaces, and a newline: a help
 * text's long list. */
void cli_print_wrapped(FILE *out, int col, const char *text, int width, int indent);

/* Installs the handlers of SIGINT, SIGTERM and SIGHUP (unless ignored) that remove the
 * temporary files of the outputs being written, then end the command by the signal as its
 * default action would (exit status 130, 143, 129). main() installs them for every command but
 * serve, which waits for its signals itself. */
void cli_remove_temporaries_on_signals(void);

/* "-" for a name of standard output ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"), which an
 * output option treats as '-'; else 'arg'. */
const char *cli_output_name(const char *arg);

/* Writes with 'write' to 'path' ('-': standard output) for 'command'; problems are printed.
 * A regular file is replaced only once its new content is whole: it is written to a temporary
 * file in its folder, renamed over it (over the file a symbolic link points to, the link
 * kept), or, for a file of several names (hard links), copied into it in place; a device, a
 * pipe or a dangling link is written as it is (cli_common.c, struct output). Returns the exit
 * status: 2 when the file cannot be opened, 1 when writing fails. */
int cli_write_file(const char *command, const char *path, cli_writer write, const void *what);

/* Writes one of a set of files, the one of 'index', to 'out'. */
typedef da_status (*cli_file_writer)(const void *what, size_t index, FILE *out);

/* Writes the 'n' files DIR/name(i), each with 'write', as a set: each to a temporary file, as
 * cli_write_file() does, then all put in place once all are whole, so that a failure (or a
 * signal) leaves the files that were there as they were; other files in 'dir' are left alone.
 * Problems are printed, naming the file that failed. Returns the exit status: 2 when a file
 * cannot be opened, 1 when writing fails. */
int cli_write_files(const char *command, const char *dir, size_t n,
                    const char *(*name)(size_t index), cli_file_writer write, const void *what);

/* Prints "dayafter COMMAND: cannot write PATH: REASON" ('-': "standard output"; 'command'
 * NULL: "dayafter: ..."), REASON the error 'err' that writing left in errno when 'st' is
 * DA_ERR_IO (a full disk, a closed pipe), else 'st''s. Returns EXIT_RUN_FAILED. */
int cli_write_failed(const char *command, const char *path, da_status st, int err);

/* A command's exit status once standard output is flushed: 'status', or EXIT_RUN_FAILED with
 * the reason printed (cli_write_failed(), unless it was already) when what the command wrote
 * there could not all be written. main() ends every command with it. */
int cli_finish(const char *command, int status);

/* Writes the HTML report of the JSON that 'write' makes (as --json would) to 'path'. */
int cli_report_of(const char *command, cli_writer write, const void *what, const char *path);

/* Writes the HTML report of the results 'json' ('len' bytes, named 'name' in messages; NULL:
 * made by this run) to 'path' ('-': standard output), for 'command', by cli_write_file(): the
 * page is made in memory first, so that results that are not dayafter's leave the output
 * untouched. Problems are printed. Returns the exit status. */
int cli_write_report(const char *command, const char *json, size_t len, const char *name,
                     const char *path);

#endif /* DA_CLI_CLI_H */
