/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * examples.c - the built-in scenarios behind `dayafter example` and `dayafter run` without a
 * file. Their text is compiled in (examples_data.c, generated), so the binary needs no data
 * files at run time.
 */
#include <string.h>

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
