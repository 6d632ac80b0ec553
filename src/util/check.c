/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.c - what DA_ASSERT does when an invariant breaks (see check.h).
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>

#ifndef NDEBUG
void da_check_failed(const char *what, const char *file, int line)
{
    fprintf(stderr, "dayafter: invariant broken at %s:%d: %s\n", file, line, what);
    fflush(stderr);
    abort();
}
#endif
