/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arena.c - bump allocation in blocks of at least 64 KiB (see arena.h).
 *
 * A request larger than the standard block gets a block of its own, so that one long string
 * does not waste a whole block's tail. Blocks are only freed all at once, never reused: they
 * come zeroed from the allocator, so what the arena hands out is zero without writing it
 * again (a big block's fresh pages are then not touched until the worker writes them).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

#define BLOCK_BYTES ARENA_BLOCK_BYTES
#define ALIGN       16u

struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t cap;
    _Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void arena_release(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        da_free(b);
        b = next;
    }
    arena_init(a);
}

static struct arena_block *new_block(size_t cap)
{
    if (cap > SIZE_MAX - sizeof(struct arena_block))
        return NULL;
    size_t bytes = sizeof(struct arena_block) + cap;
    struct arena_block *b = da_calloc(1, bytes);
    if (!b)
        return NULL;
    b->next = NULL;
    b->used = 0;
    b->cap = cap;
    return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
    if (size > SIZE_MAX - ALIGN)
        return NULL;
    size_t rounded = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < rounded) {
        if (rounded > BLOCK_BYTES / 4) {
            /* A big object gets its own block, kept behind the current one. */
            struct arena_block *own = new_block(rounded);
            if (!own)
                return NULL;
            own->used = rounded;
            if (b) {
                own->next = b->next;
                b->next = own;
            } else {
                a->head = own;
            }
            a->total += rounded;
            return own->data;
        }
        b = new_block(BLOCK_BYTES);
        if (!b)
            return NULL;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += rounded;
    a->total += rounded;
    return p;
}

void *arena_array(struct arena *a, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    return arena_alloc(a, count * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *copy = arena_alloc(a, len + 1);
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = arena_alloc(a, (size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}
