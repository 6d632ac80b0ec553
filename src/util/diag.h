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
#include <stdint.h>

#include "dayafter.h"

/* A position in a file, both counted from 1; line 0 means "unknown". */
struct da_mark {
    uint32_t line;
    uint32_t column;
};

void diag_add(da_diags *diags, const char *file, struct da_mark at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* True when an earlier diag_add() ran out of memory. */
bool diag_nomem(const da_diags *diags);

/* True when the list keeps no more messages, only their count (DA_DIAGS_MAX): a caller may
 * then skip composing a message's text, though it must still diag_add() it to be counted. */
bool diag_full(const da_diags *diags);

/* The most bytes of the user's text a message quotes, as a precision: "'%.*s'",
 * DIAG_QUOTE_MAX, text. A message keeps its first 1023 bytes, so this never changes one, but
 * a key of 100 KB named by a thousand aliases is not read a thousand times to be dropped. */
#define DIAG_QUOTE_MAX 1024

#endif /* DA_UTIL_DIAG_H */
