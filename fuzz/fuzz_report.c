/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_report.c - libFuzzer harness over the HTML report of saved results (dayafter report).
 *
 * A user hands `dayafter report` any file: results edited by hand, cut short, of another
 * program, or built to break the page. Any byte string goes through the size check, the JSON
 * parser, the shape check that follows each value's path back to its line and column
 * (report_check.c), and the page's writer. The rules checked: the report is written exactly
 * when no problem is reported, every problem has a code with a name and a line shown from the
 * kept text, and the page has six script elements, whatever the results hold: no string of
 * theirs can close the element it is embedded in and inject one of its own. Build: meson setup
 * -Dfuzz=true with clang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dayafter.h"

/* The page's script elements: the results, the meta data, vega, vega-lite, vega-embed and
 * report.js (src/output/report.c). */
#define SCRIPTS 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How many times 'needle' occurs in the 'len' bytes at 'text', ignoring case. */
static size_t occurrences(const char *text, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= len; i++)
        n += strncasecmp(text + i, needle, k) == 0;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_diags *diags = da_diags_new();
    if (!diags)
        return 0;
    char *page = NULL;
    size_t page_len = 0;
    FILE *out = open_memstream(&page, &page_len);
    if (!out) {
        da_diags_free(diags);
        return 0;
    }
    da_status st = da_report_write((const char *)data, size, "fuzz.json", out, diags);
    fclose(out);
    if (st == DA_ERR_NOMEM) {
        free(page);
        da_diags_free(diags);
        return 0;
    }
    /* Written exactly when nothing is wrong with the results. */
    if ((st == DA_OK) != (da_diags_count(diags) == 0))
        __builtin_trap();
    FILE *context = fopen("/dev/null", "w");
    for (size_t i = 0; i < da_diags_count(diags); i++) {
        da_diag d = da_diags_get(diags, i);
        if (!da_diag_code_name(d.code) || d.line == 0 || d.column == 0)
            __builtin_trap();
        if (context)
            da_diags_write_context(diags, i, context, (int)(i & 1));
    }
    if (context)
        fclose(context);
    if (st == DA_OK && (occurrences(page, page_len, "<script") != SCRIPTS ||
                        occurrences(page, page_len, "</script") != SCRIPTS))
        __builtin_trap();
    free(page);
    da_diags_free(diags);
    return 0;
}
