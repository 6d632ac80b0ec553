/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * idtab.c - open addressing with linear probing, at most half full, hashed by SipHash-1-3
 * under a key drawn at random once a process.
 *
 * A slot is compared by its stored hash first and by its pointer next: the texts themselves
 * are compared only when two different pointers have the same 64-bit hash, which for
 * different texts almost never happens, so a lookup reads the name once, to hash it.
 *
 * The hash is keyed because the names are the file's: with a hash anyone can compute (this
 * table used FNV-1a), a file can be written whose names all fall in one slot's run, and every
 * lookup then walks all of them. 200,000 mapping keys of 20 characters, built block by block
 * to agree in FNV-1a's low 20 bits (a second of search), took 32 s to validate against 0.6 s
 * for as many random keys, and the 16 MiB a file may have held more than twice as many. A
 * random key leaves a file nothing to aim at; no result depends on it, as nothing reads the
 * table in the order of its slots.
 */
#define _DEFAULT_SOURCE /* getrandom(), which POSIX does not name */

#include "idtab.h"

#include <pthread.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

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

static uint64_t key0, key1;

/* The key, from the kernel's generator; where it has none to give yet (early in a boot), from
 * the clock, the process and where its code and stack were loaded, which a file cannot know
 * either. */
static void choose_key(void)
{
    uint64_t key[2];
    if (getrandom(key, sizeof key, GRND_NONBLOCK) != (ssize_t)sizeof key) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        key[0] = ((uint64_t)now.tv_sec << 30) ^ (uint64_t)now.tv_nsec ^ (uint64_t)(uintptr_t)&now;
        key[1] = ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)&key0 ^
                 (uint64_t)(uintptr_t)choose_key;
    }
    key0 = key[0];
    key1 = key[1];
}

static uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

#define SIPROUND                                                                                   \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = rotl(v1, 13) ^ v0;                                                                    \
        v0 = rotl(v0, 32);                                                                         \
        v2 += v3;                                                                                  \
        v3 = rotl(v3, 16) ^ v2;                                                                    \
        v0 += v3;                                                                                  \
        v3 = rotl(v3, 21) ^ v0;                                                                    \
        v2 += v1;                                                                                  \
        v1 = rotl(v1, 17) ^ v2;                                                                    \
        v2 = rotl(v2, 32);                                                                         \
    } while (0)

/* SipHash-1-3 (one round a word, three to finish), as Rust's and Python's tables use for the
 * same reason: fast on short names, and no way to make names collide without the key. */
uint64_t idtab_hash(const char *name)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, choose_key);
    uint64_t v0 = key0 ^ 0x736f6d6570736575ull, v1 = key1 ^ 0x646f72616e646f6dull;
    uint64_t v2 = key0 ^ 0x6c7967656e657261ull, v3 = key1 ^ 0x7465646279746573ull;
    const unsigned char *s = (const unsigned char *)name;
    size_t len = strlen(name);
    uint64_t m;
    for (size_t i = 0; i + 8 <= len; i += 8) {
        m = 0;
        for (int b = 0; b < 8; b++)
            m |= (uint64_t)s[i + (size_t)b] << (8 * b);
        v3 ^= m;
        SIPROUND;
        v0 ^= m;
    }
    m = (uint64_t)len << 56;
    for (size_t b = 0; b < len % 8; b++)
        m |= (uint64_t)s[len - len % 8 + b] << (8 * b);
    v3 ^= m;
    SIPROUND;
    v0 ^= m;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
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
