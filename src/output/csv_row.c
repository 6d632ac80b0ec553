/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv_row.c - the fields of a CSV table (see csv_row.h).
 */
#include "csv_row.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

static void field_start(struct csv *c)
{
    if (c->col++ > 0 && fputc(',', c->f) == EOF)
        c->failed = true;
}

void csv_text(struct csv *c, const char *s)
{
    field_start(c);
    if (!strpbrk(s, ",\"\r\n")) {
        if (fputs(s, c->f) == EOF)
            c->failed = true;
        return;
    }
    /* Quoted, with each quote doubled. */
    bool ok = fputc('"', c->f) != EOF;
    for (; *s && ok; s++)
        ok = (*s != '"' || fputc('"', c->f) != EOF) && fputc(*s, c->f) != EOF;
    if (!ok || fputc('"', c->f) == EOF)
        c->failed = true;
}

void csv_number(struct csv *c, double x)
{
    field_start(c);
    if (isfinite(x) && fprintf(c->f, "%.10g", x) < 0)
        c->failed = true;
}

void csv_count(struct csv *c, uint64_t n)
{
    field_start(c);
    if (fprintf(c->f, "%" PRIu64, n) < 0)
        c->failed = true;
}

void csv_end_row(struct csv *c)
{
    if (fputc('\n', c->f) == EOF)
        c->failed = true;
    c->col = 0;
}
