/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.h - small string helpers for messages: edit distance and "did you mean", and UTF-8
 * that is cut on character boundaries and made valid before it is shown.
 */
#ifndef DA_UTIL_TEXT_H
#define DA_UTIL_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The Levenshtein distance between 'a' and 'b', capped at 'cap' (returned when exceeded).
 * Words longer than TEXT_MAX_WORD bytes are answered with 'cap', after reading no more than
 * one byte past that of them. */
#define TEXT_MAX_WORD 64
size_t text_edit_distance(const char *a, const char *b, size_t cap);

/*
 * The candidate closest to 'word' by edit distance (ignoring case), or NULL when none is close
 * enough to be a likely typo: at most 2 edits, and fewer than half of the word's length; the
 * first such candidate among equals. 'candidates' holds 'n' strings; NULL entries are skipped.
 * Every candidate is looked at, most of them only by a cheap test of length and letters: for
 * short lists (keys of a mapping, names of an enumeration).
 */
const char *text_closest(const char *word, const char *const *candidates, size_t n);

/*
 * A long list of candidates (the ids of a section) prepared for many lookups. A list of up to
 * TEXT_INDEX_SCAN_ALL candidates is searched whole, as by text_closest(). A longer one is
 * sorted by text, and by text read from the end; a lookup looks at the TEXT_INDEX_NEIGHBOURS
 * candidates on either side of the word in each order, those that share the longest start or
 * end with it, so that its work does not grow with the list. In such a list a typo near both
 * ends of a word, among many candidates alike at both ends, may go without a suggestion.
 * 'candidates' is borrowed and must outlive the index.
 */
#define TEXT_INDEX_SCAN_ALL   256
#define TEXT_INDEX_NEIGHBOURS 8
struct text_index;
/* A new index, or NULL when memory ran out. */
struct text_index *text_index_new(const char *const *candidates, size_t n);
void text_index_free(struct text_index *index);
/* The position in the list of what text_closest() would suggest for 'word' (see above for
 * long lists), or SIZE_MAX for none. When 'tried' is not NULL, *tried is set to the number of
 * edit distances computed: at most 4 * TEXT_INDEX_NEIGHBOURS in a long list. */
size_t text_index_closest(const struct text_index *index, const char *word, size_t *tried);

/* "an" before a word that starts with a vowel, else "a": "an area", "a source". */
const char *text_article(const char *word);

/* Appends 'src' to the NUL-terminated 'dst' of capacity 'cap', truncating; returns false when
 * 'src' did not fit whole, so that a caller can stop appending to a full buffer. */
bool text_append(char *dst, size_t cap, const char *src);

/*
 * UTF-8 that stays UTF-8: text cut to fit a buffer or a limit keeps whole characters, and
 * bytes that are not UTF-8 (a percent-escape in a URL, a header) become U+FFFD before they
 * reach JSON, which cannot carry them (jansson refuses the whole document).
 */

/* The length of the longest prefix of 's' of at most 'max' bytes that ends on a character
 * boundary: it never ends inside a UTF-8 sequence, nor with the start of one that the string
 * leaves incomplete (what snprintf() leaves when it truncates). A byte that starts no valid
 * sequence counts as one character. */
size_t text_utf8_cut(const char *s, size_t max);

/* Whether code point 'c' shows nothing: Unicode's White_Space and Default_Ignorable_Code_Point
 * (a space, a no-break or zero-width space, a joiner, a variation selector, a byte order mark),
 * tabs included, other controls and line breaks not. A name made only of them is blank. */
bool text_invisible(uint32_t c);

/* Valid UTF-8 's' as a key that compares names ignoring case: ASCII letters lowercased, and the
 * fullwidth forms of ASCII (U+FF01 to U+FF5E, what East Asian input methods type) read as the
 * ASCII they stand for, so that "ＵＳ", "us" and "US" are one country. Writes strlen(s) + 1
 * bytes at most, the NUL included, into 'out'; returns the key's length. */
size_t text_fold(char *out, const char *s);

/* The code point of the UTF-8 sequence at 's' (valid UTF-8), and its length in bytes in *len. */
uint32_t text_code_point(const char *s, size_t *len);

/* The characters of valid UTF-8 's' (code points: what a form's field counts, but for the
 * few characters outside the Basic Multilingual Plane, which a browser counts twice). */
size_t text_utf8_chars(const char *s);

/* The length in bytes of the first 'chars' characters of valid UTF-8 's' (all of it when it
 * has fewer). */
size_t text_utf8_prefix(const char *s, size_t chars);

/* vsnprintf() into 'buf' of 'cap' bytes (at least 1), a text cut to fit ending on a whole
 * character (text_utf8_cut): a message that must stay UTF-8 however long what it quotes. */
void text_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Whether 's' is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
bool text_utf8_valid(const char *s);

/* Whether the 'len' bytes of 's' are text: valid UTF-8 (as text_utf8_valid()) without a NUL
 * byte. Nothing past them is read. */
bool text_utf8_valid_text(const char *s, size_t len);

/* Copies 's' into 'out' of capacity 'cap' (at least 1) with each byte that starts no valid
 * sequence replaced by U+FFFD, cut on a character boundary when it does not fit; returns the
 * bytes written, NUL excluded. 3 * strlen(s) + 1 bytes always hold all of it. */
size_t text_utf8_sanitize(char *out, size_t cap, const char *s);

#endif /* DA_UTIL_TEXT_H */
