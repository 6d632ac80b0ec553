/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv_row.h - the fields of a CSV table, one at a time (RFC 4180), for every table dayafter
 * writes: a run's (csv.c) and an analysis's (analysis_csv.c).
 *
 * Text is quoted when it holds a comma, a quote or a line break; numbers are "%.10g", the
 * precision of the JSON; NaN and infinities are empty fields, which pandas and R read as
 * missing. A failed write is remembered, to be checked once when the table is done.
 */
#ifndef DA_OUTPUT_CSV_ROW_H
#define DA_OUTPUT_CSV_ROW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* A table being written: the file, the column the next field goes in, and whether any write
 * failed. */
struct csv {
    FILE *f;
    int col;
    bool failed;
};

void csv_text(struct csv *c, const char *s);
/* csv_text() of text a person wrote (an observation's source, a group's name), which a
 * spreadsheet must not take for a formula: one that begins with '=', '+', '-', '@', a tab or
 * a carriage return is written after an apostrophe, which spreadsheets read as "text" and
 * hide (OWASP's advice on CSV injection). Ids and the format's own words need none. */
void csv_free_text(struct csv *c, const char *s);
void csv_number(struct csv *c, double x);
void csv_count(struct csv *c, uint64_t n);
void csv_end_row(struct csv *c);

#endif /* DA_OUTPUT_CSV_ROW_H */
