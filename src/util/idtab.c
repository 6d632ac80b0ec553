/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * idtab.c - open addressing with linear probing, FNV-1a hashes, at most half full.
 */
#include "idtab.h"

#include <string.h>

#include "alloc.h"

void idtab_init(struct idtab *t)
{
    memset(t, 0, sizeof *t);
}

void idtab_release(struct idtab *t)
{
    da_free(t->names);
    da_free(t->values);
    idtab_init(t);
}

static size_t slot_of(const char *const *names, size_t cap, const char *name)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *s = name; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    size_t i = (size_t)h & (cap - 1);
    while (names[i] && strcmp(names[i], name) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

static bool grow(struct idtab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 16;
    const char **names = da_calloc(cap, sizeof *names);
    uint32_t *values = da_calloc(cap, sizeof *values);
    if (!names || !values) {
        da_free(names);
        da_free(values);
        return false;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->names[i])
            continue;
        size_t j = slot_of(names, cap, t->names[i]);
        names[j] = t->names[i];
        values[j] = t->values[i];
    }
    da_free(t->names);
    da_free(t->values);
    t->names = names;
    t->values = values;
    t->cap = cap;
    return true;
}

bool idtab_add(struct idtab *t, const char *name, uint32_t value, uint32_t *existing)
{
    *existing = UINT32_MAX;
    if ((t->n + 1) * 2 > t->cap && !grow(t))
        return false;
    size_t i = slot_of(t->names, t->cap, name);
    if (t->names[i]) {
        *existing = t->values[i];
        return true;
    }
    t->names[i] = name;
    t->values[i] = value;
    t->n++;
    return true;
}

uint32_t idtab_get(const struct idtab *t, const char *name)
{
    if (!t->cap)
        return UINT32_MAX;
    size_t i = slot_of(t->names, t->cap, name);
    return t->names[i] ? t->values[i] : UINT32_MAX;
}
