/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag.h - how the library records problems in the user's input (the public da_diags list).
 *
 * Validators call diag_add() and carry on, so that one pass reports every problem. A diag that
 * cannot be recorded for lack of memory sets a flag that the loader turns into DA_ERR_NOMEM.
 */
#ifndef DA_UTIL_DIAG_H
#define DA_UTIL_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dayafter.h"

/* A position in a file, both counted from 1; line 0 means "unknown". 'span' is how many
 * characters of the line the thing there covers (a scalar's text, quotes and all), 0 when
 * not known or not on one line: a caret then marks the column alone. */
struct da_mark {
    uint32_t line;
    uint32_t column;
    uint32_t span;
    /* Where an alias stands: the line of the anchor whose value it repeats (a scalar's
     * '# source:' note may be written there alone), 0 for no alias. */
    uint32_t anchor_line;
};

/* Records a problem of kind 'code' about the key 'path' (NULL or "" for none: a syntax error)
 * at 'at' in 'file'. The message is the whole text users read, the path in it where it has
 * one: the path argument is the same path as data, for programs. */
void diag_add(da_diags *diags, const char *file, da_diag_code code, const char *path,
              struct da_mark at, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Keeps a copy of the 'len' bytes at 'text', the input named 'file', with the list, so that
 * the lines its problems point at can be shown (da_diags_source_line()). A copy that cannot be
 * made for lack of memory is skipped: the problems stand without their lines. */
void diag_keep_text(da_diags *diags, const char *file, const char *text, size_t len);
/* True when an earlier diag_add() ran out of memory. */
bool diag_nomem(const da_diags *diags);

/* True when the list keeps no more messages, only their count (DA_DIAGS_MAX): a caller may
 * then skip composing a message's text, though it must still diag_add() it to be counted. */
bool diag_full(const da_diags *diags);

/* True when a kept message is about the key 'path' (a problem already said of it, which a
 * later check need not say again in other words). */
bool diag_has_path(const da_diags *diags, const char *path);

/* The most bytes of the user's text a message quotes, as a precision: "'%.*s'",
 * DIAG_QUOTE_MAX, text. A message keeps its first 1023 bytes, so this never changes one, but
 * a key of 100 KB named by a thousand aliases is not read a thousand times to be dropped. */
#define DIAG_QUOTE_MAX 1024

/* The room for a key path as data: a path longer than this is kept cut, on a whole
 * character. */
#define DIAG_PATH_MAX 1024

/* A path for diag_add() made as by printf into 'buf' (DIAG_PATH_MAX bytes): "%s.day", path.
 * DIAG_PATH() gives it a buffer that lives for the statement's block. */
const char *diag_path(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define DIAG_PATH(...) diag_path((char[DIAG_PATH_MAX]){0}, __VA_ARGS__)

#endif /* DA_UTIL_DIAG_H */
