/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * arena.h - a bump allocator for objects that live and die together.
 *
 * A loaded scenario and the YAML tree it is read from are many small objects (nodes, strings,
 * records) with one lifetime. Allocating them from an arena makes freeing a partly built
 * scenario trivial on every error path, and keeps them close together in memory.
 */
#ifndef DA_UTIL_ARENA_H
#define DA_UTIL_ARENA_H

#include <stddef.h>

/* The size of an arena's blocks: objects above a quarter of it get a block of their own. */
#define ARENA_BLOCK_BYTES (64u * 1024u)

struct arena_block;

struct arena {
    struct arena_block *head;
    size_t total; /* bytes handed out, for limits */
};

void arena_init(struct arena *a);
/* Frees every block; the arena can be used again afterwards. */
void arena_release(struct arena *a);
/* 'size' bytes aligned for any object, zeroed; NULL when memory runs out. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed room for 'count' objects of 'size' bytes; NULL on overflow or when memory runs out. */
void *arena_array(struct arena *a, size_t count, size_t size);
/* A NUL-terminated copy of the 'len' bytes at 's'. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* A string formatted as by printf. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* DA_UTIL_ARENA_H */
