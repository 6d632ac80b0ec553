/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.h - small string helpers for messages: edit distance and "did you mean".
 */
#ifndef DA_UTIL_TEXT_H
#define DA_UTIL_TEXT_H

#include <stddef.h>

/* The Levenshtein distance between 'a' and 'b', capped at 'cap' (returned when exceeded). */
size_t text_edit_distance(const char *a, const char *b, size_t cap);

/*
 * The candidate closest to 'word' by edit distance (ignoring case), or NULL when none is close
 * enough to be a likely typo: at most 2 edits, and fewer than half of the word's length.
 * 'candidates' holds 'n' strings; NULL entries are skipped.
 */
const char *text_closest(const char *word, const char *const *candidates, size_t n);

/* "an" before a word that starts with a vowel, else "a": "an area", "a source". */
const char *text_article(const char *word);

/* Appends 'src' to the NUL-terminated 'dst' of capacity 'cap', truncating. */
void text_append(char *dst, size_t cap, const char *src);

#endif /* DA_UTIL_TEXT_H */
