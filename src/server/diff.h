/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diff.h - the line-by-line difference of two texts (two revisions of a scenario): the shortest
 * edit script of Myers (1986), "An O(ND) difference algorithm and its variations".
 */
#ifndef DA_SERVER_DIFF_H
#define DA_SERVER_DIFF_H

#include <stdbool.h>
#include <stddef.h>

/* One line of the difference: kept (' '), removed from the old text ('-') or added in the new
 * ('+'), with its line numbers in each text (0 where it is not in that text). 'text' points
 * into the text it came from, 'len' bytes without the newline. */
struct diff_line {
    char op;
    const char *text;
    size_t len;
    size_t old_no, new_no;
};

/* Beyond this many differing lines the texts are shown as one replaced by the other, which
 * bounds the time and memory (the edit script's search is quadratic in it). */
#define DIFF_MAX_EDITS 2000

/* The difference from 'old' to 'new' into *out (count lines; free() it). False when out of
 * memory. */
bool diff_lines(const char *old, const char *new, struct diff_line **out, size_t *count);

#endif
