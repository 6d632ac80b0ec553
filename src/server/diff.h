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
 * bounds the time and memory (the edit script's search is quadratic in it: its frontiers take
 * 4 bytes a diagonal a round, 16 MB at most). */
#define DIFF_MAX_EDITS 2000

/* The most lines of two texts together that the API diffs: its answer holds every line of the
 * script, each a few dozen bytes of JSON more than its text, so that a text of short lines (a
 * revision of 512 KiB can have 262,144) made an answer of hundreds of megabytes. */
#define DIFF_MAX_LINES 50000

/* The number of lines of 'text', as diff_lines() counts them. */
size_t diff_count_lines(const char *text);

/* The difference from 'old' to 'new' into *out (count lines; free() it). False when out of
 * memory. */
bool diff_lines(const char *old, const char *new, struct diff_line **out, size_t *count);

#endif
