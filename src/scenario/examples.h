/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * examples.h - the table of built-in scenarios, generated at build time by tools/embed.py
 * from the files under scenarios/.
 */
#ifndef DA_SCENARIO_EXAMPLES_H
#define DA_SCENARIO_EXAMPLES_H

#include <stddef.h>

struct example {
    const char *name;
    const char *title;
    const char *text;
    size_t len;
};

extern const struct example example_table[];
extern const size_t example_count;

#endif /* DA_SCENARIO_EXAMPLES_H */
