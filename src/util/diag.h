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

#endif /* DA_UTIL_DIAG_H */
