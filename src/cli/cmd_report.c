/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_report.c - `dayafter report RESULTS.json -o FILE.html`: the HTML report of saved
 * results, a run's or an analysis's, the same page that `run --report` or `analyze --report`
 * writes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* Results larger than this are not dayafter's (the Gaza run's JSON is about 1 MB). */
#define MAX_RESULTS_BYTES (512u * 1024u * 1024u)

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dayafter report RESULTS.json -o FILE.html\n"
            "\n"
            "Writes the HTML report of results saved as JSON ('-' reads standard input):\n"
            "a run's, from 'dayafter run --json', or an analysis's, from 'dayafter analyze\n"
            "--json'. One self-contained page with the charts, their data, the scenario's\n"
            "assumptions with their sources (of a run) and the metadata, which opens\n"
            "offline and makes no network request.\n"
            "\n"
            "Options:\n"
            "  -o, --output FILE  the HTML file to write ('-' for standard output)\n"
            "  -h, --help         show this help\n"
            "\n"
            "Exit status: 0 success, 1 failure, 2 bad usage or results that are not\n"
            "dayafter's (FILE:LINE:COLUMN: message).\n");
}

/* Reads all of 'f' into a new buffer (*text, *len); false with errno set: as the failed read
 * left it (EISDIR for a directory), ENOMEM, or EFBIG past MAX_RESULTS_BYTES. */
static bool read_all(FILE *f, char **text, size_t *len)
{
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= MAX_RESULTS_BYTES) {
                free(buf);
                errno = EFBIG;
                return false;
            }
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                break;
            buf = grown;
            cap *= 2;
        }
        errno = 0;
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int err = errno ? errno : EIO;
                free(buf);
                errno = err;
                return false;
            }
            *text = buf;
            *len = n;
            return true;
        }
    }
    free(buf);
    errno = ENOMEM;
    return false;
}

/* Reads the results 'path' ('-': standard input, named 'name') into *text and *len. Problems
 * are printed as validate prints a file's, "FILE:1:1: cannot read the file: REASON". Returns
 * the exit status. */
static int read_results(const char *path, const char *name, char **text, size_t *len)
{
    bool from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s:1:1: cannot open the file: %s\n", name, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    /* A file too large is refused before it is read. */
    struct stat st;
    bool too_large = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
                     (uintmax_t)st.st_size > MAX_RESULTS_BYTES;
    bool ok = !too_large && read_all(f, text, len);
    int err = too_large ? EFBIG : errno;
    if (!from_stdin)
        fclose(f);
    if (ok)
        return EXIT_OK;
    if (err == EFBIG)
        fprintf(stderr,
                "%s:1:1: the file is too large (%s%ju bytes); results of a run or an "
                "analysis have at most %u bytes\n",
                name, too_large ? "" : "more than ",
                too_large ? (uintmax_t)st.st_size : (uintmax_t)MAX_RESULTS_BYTES,
                MAX_RESULTS_BYTES);
    else
        fprintf(stderr, "%s:1:1: cannot read the file: %s\n", name, strerror(err));
    return err == ENOMEM ? EXIT_RUN_FAILED : EXIT_BAD_INPUT;
}

int cmd_report(int argc, char **argv)
{
    static const struct option longs[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longs, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = cli_output_name(optarg);
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default: /* ':' (a missing value) or '?' */
            return cli_option_error("report", c, argv, longs);
        }
    }
    if (argc - optind != 1) {
        cli_usage_error("report", "expected one results file, found %d", argc - optind);
        return EXIT_BAD_INPUT;
    }
    if (!output) {
        cli_usage_error("report", "no output file: give -o FILE.html");
        return EXIT_BAD_INPUT;
    }
    if (!output[0]) {
        cli_usage_error("report",
                        "--output: expected a file name ('-' for standard output), "
                        "found ''");
        return EXIT_BAD_INPUT;
    }
    const char *path = argv[optind];
    if (cli_same_file(path, output)) {
        cli_usage_error("report",
                        "--output %s is the results file it reads, which it would replace; give "
                        "the report a file of its own",
                        output);
        return EXIT_BAD_INPUT;
    }
    const char *name = strcmp(path, "-") == 0 ? CLI_STDIN_NAME : path;
    char *text = NULL;
    size_t len = 0;
    int status = read_results(path, name, &text, &len);
    if (status != EXIT_OK)
        return status;
    status = cli_write_report("report", text, len, name, output);
    free(text);
    return status;
}
