/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * idtab.h - a table from ids to indices, for resolving references between sections.
 *
 * Sections can hold thousands of items (areas of a large country, say); a hash table keeps
 * resolution linear so that a big or hostile file cannot make validation quadratic. Each
 * name's hash is kept, so growing the table never reads the names again, and callers that
 * meet one text many times (a YAML node named by a thousand aliases) can hash it once and
 * use the _hashed functions: a name that is the very pointer stored is never compared.
 */
#ifndef DA_UTIL_IDTAB_H
#define DA_UTIL_IDTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idtab {
    const char **names; /* borrowed */
    uint64_t *hashes;
    uint32_t *values;
    size_t cap, n;
};

void idtab_init(struct idtab *t);
void idtab_release(struct idtab *t);
/* Adds 'name' -> 'value'; returns false when memory runs out. When 'name' is present already,
 * keeps the first value and sets *existing to it (otherwise *existing is UINT32_MAX). */
bool idtab_add(struct idtab *t, const char *name, uint32_t value, uint32_t *existing);
/* The value of 'name', or UINT32_MAX. */
uint32_t idtab_get(const struct idtab *t, const char *name);

/* The hash the table uses for 'name' (its bytes up to the NUL): keyed at random once a process
 * (idtab.c says why), so the same within a process and different in the next. */
uint64_t idtab_hash(const char *name);
/* idtab_add() and idtab_get() for a name whose idtab_hash() is 'hash'. */
bool idtab_add_hashed(struct idtab *t, const char *name, uint64_t hash, uint32_t value,
                      uint32_t *existing);
uint32_t idtab_get_hashed(const struct idtab *t, const char *name, uint64_t hash);

#endif /* DA_UTIL_IDTAB_H */
