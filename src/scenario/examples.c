/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * examples.c - the built-in scenarios behind `dayafter example` and `dayafter run` without a
 * file. Their text is compiled in (examples_data.c, generated), so the binary needs no data
 * files at run time.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "../util/text.h"
#include "dayafter.h"
#include "examples.h"

size_t da_example_count(void)
{
    return example_count;
}

const char *da_example_name(size_t index)
{
    return index < example_count ? example_table[index].name : NULL;
}

const char *da_example_title(size_t index)
{
    return index < example_count ? example_table[index].title : NULL;
}

da_status da_example_text(const char *name, const char **text, size_t *len)
{
    if (!name || !text || !len)
        return DA_ERR_USAGE;
    for (size_t i = 0; i < example_count; i++) {
        if (strcmp(example_table[i].name, name) == 0) {
            *text = example_table[i].text;
            *len = example_table[i].len;
            return DA_OK;
        }
    }
    return DA_ERR_NOTFOUND;
}

/* The only built-in name that 'name' starts (ignoring case), or SIZE_MAX. */
static size_t only_start_of(const char *name)
{
    size_t len = strlen(name), found = SIZE_MAX;
    for (size_t i = 0; i < example_count; i++) {
        if (strncasecmp(example_table[i].name, name, len) != 0)
            continue;
        if (found != SIZE_MAX)
            return SIZE_MAX;
        found = i;
    }
    return found;
}

const char *da_example_closest(const char *name)
{
    if (!name || !*name)
        return NULL;
    /* A name cut short is more edits away than a typo, but plainly meant; shorter than 3
     * characters, it says too little to be sure of. */
    size_t start = strlen(name) >= 3 ? only_start_of(name) : SIZE_MAX;
    if (start != SIZE_MAX)
        return example_table[start].name;
    const char *names[64]; /* the built-in scenarios are a handful */
    size_t n = 0;
    for (; n < da_example_count() && n < sizeof names / sizeof names[0]; n++)
        names[n] = da_example_name(n);
    return text_closest(name, names, n);
}
