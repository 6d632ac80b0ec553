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

/* A text field: 'lead' (a character, or 0 for none) and then 's', quoted where either holds a
 * comma, a quote or a line break, with each quote doubled. */
static void text_field(struct csv *c, char lead, const char *s)
{
    field_start(c);
    bool ok;
    if (!strpbrk(s, ",\"\r\n")) {
        ok = (!lead || fputc(lead, c->f) != EOF) && fputs(s, c->f) != EOF;
    } else {
        ok = fputc('"', c->f) != EOF && (!lead || fputc(lead, c->f) != EOF);
        for (; *s && ok; s++)
            ok = (*s != '"' || fputc('"', c->f) != EOF) && fputc(*s, c->f) != EOF;
        ok = ok && fputc('"', c->f) != EOF;
    }
    if (!ok)
        c->failed = true;
}

void csv_text(struct csv *c, const char *s)
{
    text_field(c, 0, s);
}

void csv_free_text(struct csv *c, const char *s)
{
    text_field(c, s[0] && strchr("=+-@\t\r", s[0]) ? '\'' : 0, s);
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
