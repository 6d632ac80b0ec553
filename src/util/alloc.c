/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * alloc.c - allocation wrappers with failure injection for tests (see alloc.h).
 *
 * The failure counters are plain globals rather than atomics: failure injection is a
 * single-threaded test facility, and in normal use 'fail_at' stays 0, so the hot path only
 * reads it.
 */
/* madvise() and its MADV_POPULATE_WRITE, which POSIX does not name. */
#define _DEFAULT_SOURCE

#include "alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned long fail_at;
static unsigned long attempts;
/* Bytes asked for since the start (atomic: workers allocate on their own threads as they are
 * set up); read by tests that check a run's memory against engine/footprint.c. */
static _Atomic unsigned long long requested;

static void count_bytes(size_t bytes)
{
    atomic_fetch_add_explicit(&requested, bytes, memory_order_relaxed);
}

unsigned long long da_alloc_requested(void)
{
    return atomic_load_explicit(&requested, memory_order_relaxed);
}

static int should_fail(void)
{
    if (fail_at == 0)
        return 0;
    attempts++;
    return attempts >= fail_at;
}

void da_alloc_fail_after(unsigned long n)
{
    fail_at = n;
    attempts = 0;
}

unsigned long da_alloc_attempts(void)
{
    return attempts;
}

void *da_malloc(size_t size)
{
    if (should_fail())
        return NULL;
    count_bytes(size);
    return malloc(size ? size : 1);
}

void *da_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    if (count == 0 || size == 0)
        return calloc(1, 1);
    if (count > SIZE_MAX / size)
        return NULL;
    count_bytes(count * size);
    return calloc(count, size);
}

void da_populate(void *memory, size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
    if (bytes == 0)
        return;
    /* Asked each time, not kept: workers of different runs call this at once (a server's
     * jobs), and sysconf() reads a value the C library keeps. */
    long size = sysconf(_SC_PAGESIZE);
    uintptr_t page = size > 0 ? (uintptr_t)size : 4096;
    /* The pages that hold a byte of the range: those that writing it would make present. The
     * first and the last belong to the allocation's mapping, which holds those bytes, and so
     * do the pages between. */
    uintptr_t from = (uintptr_t)memory & ~(page - 1);
    uintptr_t to = ((uintptr_t)memory + bytes + page - 1) & ~(page - 1);
    /* A kernel before Linux 5.14 refuses the advice: the pages then come as they are written,
     * as they would without it. */
    (void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
    (void)memory;
    (void)bytes;
#endif
}

void *da_reallocarray(void *ptr, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    if (should_fail())
        return NULL;
    size_t bytes = count * size;
    count_bytes(bytes);
    return realloc(ptr, bytes ? bytes : 1);
}

void da_free(void *ptr)
{
    free(ptr);
}

char *da_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *copy = da_malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}
