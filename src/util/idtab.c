/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * idtab.c - open addressing with linear probing, FNV-1a hashes, at most half full.
 *
 * A slot is compared by its stored hash first and by its pointer next: the texts themselves
 * are compared only when two different pointers have the same 64-bit hash, which for
 * different texts almost never happens, so a lookup reads the name once, to hash it.
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
    da_free(t->hashes);
    da_free(t->values);
    idtab_init(t);
}

uint64_t idtab_hash(const char *name)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *s = name; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static bool same_name(const char *stored, uint64_t stored_hash, const char *name, uint64_t hash)
{
    return stored_hash == hash && (stored == name || strcmp(stored, name) == 0);
}

static size_t slot_of(const char *const *names, const uint64_t *hashes, size_t cap,
                      const char *name, uint64_t hash)
{
    size_t i = (size_t)hash & (cap - 1);
    while (names[i] && !same_name(names[i], hashes[i], name, hash))
        i = (i + 1) & (cap - 1);
    return i;
}

static bool grow(struct idtab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 16;
    const char **names = da_calloc(cap, sizeof *names);
    uint64_t *hashes = da_calloc(cap, sizeof *hashes);
    uint32_t *values = da_calloc(cap, sizeof *values);
    if (!names || !hashes || !values) {
        da_free(names);
        da_free(hashes);
        da_free(values);
        return false;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->names[i])
            continue;
        /* The names are distinct: the first free slot of the probe is theirs. */
        size_t j = (size_t)t->hashes[i] & (cap - 1);
        while (names[j])
            j = (j + 1) & (cap - 1);
        names[j] = t->names[i];
        hashes[j] = t->hashes[i];
        values[j] = t->values[i];
    }
    da_free(t->names);
    da_free(t->hashes);
    da_free(t->values);
    t->names = names;
    t->hashes = hashes;
    t->values = values;
    t->cap = cap;
    return true;
}

bool idtab_add_hashed(struct idtab *t, const char *name, uint64_t hash, uint32_t value,
                      uint32_t *existing)
{
    *existing = UINT32_MAX;
    if ((t->n + 1) * 2 > t->cap && !grow(t))
        return false;
    size_t i = slot_of(t->names, t->hashes, t->cap, name, hash);
    if (t->names[i]) {
        *existing = t->values[i];
        return true;
    }
    t->names[i] = name;
    t->hashes[i] = hash;
    t->values[i] = value;
    t->n++;
    return true;
}

uint32_t idtab_get_hashed(const struct idtab *t, const char *name, uint64_t hash)
{
    if (!t->cap)
        return UINT32_MAX;
    size_t i = slot_of(t->names, t->hashes, t->cap, name, hash);
    return t->names[i] ? t->values[i] : UINT32_MAX;
}

bool idtab_add(struct idtab *t, const char *name, uint32_t value, uint32_t *existing)
{
    return idtab_add_hashed(t, name, idtab_hash(name), value, existing);
}

uint32_t idtab_get(const struct idtab *t, const char *name)
{
    return idtab_get_hashed(t, name, idtab_hash(name));
}
