/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lines.c - the line index (lines.h): one pass to count the breaks, one to record the starts.
 */
#include "lines.h"

/* The length of the line break at 'p' (n bytes left), 0 when none starts there. */
static size_t break_at(const unsigned char *p, size_t n)
{
    if (p[0] == '\n')
        return 1;
    if (p[0] == '\r')
        return n > 1 && p[1] == '\n' ? 2 : 1;
    if (p[0] == 0xC2 && n > 1 && p[1] == 0x85)
        return 2;
    if (p[0] == 0xE2 && n > 2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        return 3;
    return 0;
}

/* Counts the lines of the text; records their starts too when 'starts' is not NULL. */
static size_t walk(const char *text, size_t len, size_t *starts)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t n = 1;
    if (starts)
        starts[0] = 0;
    for (size_t i = 0; i < len;) {
        size_t brk = break_at(t + i, len - i);
        if (!brk) {
            i++;
            continue;
        }
        i += brk;
        if (starts)
            starts[n] = i;
        n++;
    }
    return n;
}

bool line_index_build(struct line_index *index, struct arena *arena, const char *text, size_t len)
{
    index->text = text;
    index->len = len;
    index->n = walk(text, len, NULL);
    index->starts = arena_array(arena, index->n, sizeof *index->starts);
    if (!index->starts)
        return false;
    walk(text, len, index->starts);
    return true;
}

bool line_index_get(const struct line_index *index, uint32_t line, const char **start, size_t *len)
{
    if (line == 0 || line > index->n)
        return false;
    size_t from = index->starts[line - 1];
    size_t to = line < index->n ? index->starts[line] : index->len;
    /* Back over the break that ends the line, whichever of them it is. */
    const unsigned char *t = (const unsigned char *)index->text;
    size_t end = from;
    while (end < to && !break_at(t + end, to - end))
        end++;
    *start = index->text + from;
    *len = end - from;
    return true;
}
