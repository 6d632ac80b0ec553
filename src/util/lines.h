/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lines.h - where each line of a text starts, so that line N is found without reading the
 * text again.
 *
 * Diagnostics point at a line; showing that line under the message needs the text the loader
 * read, which for standard input or a built-in scenario is nowhere else. Lines end where YAML
 * (libyaml) ends them, so that the line numbers agree with the parser's: at "\r\n", "\n",
 * "\r", and the Unicode breaks NEL (U+0085), LS (U+2028) and PS (U+2029). A text has one line
 * more than it has breaks: an empty text is one empty line, and a text that ends with a break
 * has an empty last line (where a parser that ran out of input points).
 */
#ifndef DA_UTIL_LINES_H
#define DA_UTIL_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct line_index {
    const char *text;
    size_t len;
    size_t *starts; /* the byte offset of each line's first byte */
    size_t n;       /* how many lines, at least 1 */
};

/* Indexes the 'len' bytes at 'text' (borrowed: they must outlive the index), allocating in
 * 'arena'; false when memory runs out. */
bool line_index_build(struct line_index *index, struct arena *arena, const char *text, size_t len);

/* Line 'line' (1-based) without its break, into *start and *len; false past the last line. */
bool line_index_get(const struct line_index *index, uint32_t line, const char **start, size_t *len);

#endif /* DA_UTIL_LINES_H */
