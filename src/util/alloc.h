/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * alloc.h - the one place where libdayafter allocates memory.
 *
 * Every allocation goes through these wrappers so that tests can make the Nth one fail and
 * check that each failure path returns DA_ERR_NOMEM and frees what it had built. Raw malloc,
 * calloc, realloc and free are not used elsewhere in the library.
 */
#ifndef DA_UTIL_ALLOC_H
#define DA_UTIL_ALLOC_H

#include <stddef.h>

void *da_malloc(size_t size);
void *da_calloc(size_t count, size_t size);
/* Like realloc, but fails (returns NULL, leaving 'ptr' valid) when count * size overflows. */
void *da_reallocarray(void *ptr, size_t count, size_t size);
void da_free(void *ptr);
/* Makes the pages that hold the 'bytes' at 'memory', part of one allocation, present and
 * writable in one call where the system can (Linux's MADV_POPULATE_WRITE, from 5.14), rather
 * than a page fault at the first write to each; their contents do not change. On this project's
 * virtual machines a page fault costs several microseconds, and a run's sketches and buffers are
 * tens of thousands of pages. For memory about to be written only: the pages count in the process's
 * resident memory from this call. */
void da_populate(void *memory, size_t bytes);
/* A copy of the 'len' bytes at 's' with a NUL byte after them. */
char *da_strndup(const char *s, size_t len);

/*
 * Test hook: make the allocation numbered 'n' (counting from 1, from this call on) and every
 * later one fail; 0 turns failures off. Not thread-safe: for single-threaded tests only.
 */
void da_alloc_fail_after(unsigned long n);
/* How many allocations have been attempted since the last da_alloc_fail_after() call. */
unsigned long da_alloc_attempts(void);
/* Test hook: the bytes asked for since the process started (a realloc counts its new size). */
unsigned long long da_alloc_requested(void);

#endif /* DA_UTIL_ALLOC_H */
