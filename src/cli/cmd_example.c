/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_example.c - `dayafter example [NAME]`: print a built-in scenario, or list them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define DEFAULT_EXAMPLE "gaza"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dayafter example [--list] [NAME]\n"
            "\n"
            "Prints the built-in scenario NAME (default: " DEFAULT_EXAMPLE
            ") as YAML, every\n"
            "number with its source: the start of a scenario of your own.\n"
            "\n"
            "  dayafter example gaza > my.yaml\n"
            "\n"
            "Options:\n"
            "  -l, --list  list the built-in scenarios\n"
            "  -h, --help  show this help\n"
            "\n"
            "Exit status: 0 success, 1 when what it prints cannot be written, 2 an unknown\n"
            "scenario or bad usage.\n");
}

/* One line each, the titles in a column past the longest name. */
static void list(void)
{
    int width = 12;
    for (size_t i = 0; i < da_example_count(); i++) {
        size_t len = strlen(da_example_name(i));
        if (len > (size_t)width && len < 64)
            width = (int)len;
    }
    for (size_t i = 0; i < da_example_count(); i++)
        printf("%-*s %s\n", width, da_example_name(i), da_example_title(i));
}

/* A name that is no built-in scenario: the one it likely means, as the scenario's checks
 * suggest an id, else all of them. */
static void unknown_example(const char *name)
{
    const char *near = da_example_closest(name);
    fputs("dayafter example: no built-in scenario '", stderr);
    cli_put_text(stderr, name);
    if (near) {
        fprintf(stderr, "'; did you mean '%s'?\n", near);
        return;
    }
    fputs("'; the built-in ones are:\n", stderr);
    for (size_t i = 0; i < da_example_count(); i++)
        fprintf(stderr, "  %s\n", da_example_name(i));
}

int cmd_example(int argc, char **argv)
{
    static const struct option longs[] = {
        {"list", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool listing = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":lh", longs, NULL)) != -1) {
        switch (c) {
        case 'l':
            listing = true;
            break;
        case 'h':
            usage(stdout);
            return EXIT_OK;
        default: /* '?' */
            return cli_option_error("example", c, argv, longs);
        }
    }
    if (listing && optind < argc) {
        cli_usage_error("example", "unexpected argument '%s' (--list takes no scenario name)",
                        argv[optind]);
        return EXIT_BAD_INPUT;
    }
    if (listing) {
        list();
        return EXIT_OK;
    }
    if (argc - optind > 1) {
        cli_usage_error("example", "one scenario name at most, found %d", argc - optind);
        return EXIT_BAD_INPUT;
    }
    const char *name = optind < argc ? argv[optind] : DEFAULT_EXAMPLE;
    const char *text;
    size_t len;
    if (da_example_text(name, &text, &len) != DA_OK) {
        unknown_example(name);
        return EXIT_BAD_INPUT;
    }
    errno = 0;
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
        return cli_write_failed("example", "-", DA_ERR_IO, errno);
    return EXIT_OK;
}
