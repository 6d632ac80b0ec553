/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * layout.h - text laid out for a terminal of a given width: wrapped prose, and a grid of a
 * label column beside one column per option that never cuts a number or a label.
 *
 * A label wraps at its spaces (an identifier too long for its column breaks after a '_' or
 * '-'), its later lines indented 4 more than its first. A cell of numbers never breaks inside
 * a number; when the columns do not fit side by side, they are printed in groups that do, each
 * with the whole grid. What the grid holds is plain text: the caller formats the numbers.
 */
#ifndef DA_OUTPUT_LAYOUT_H
#define DA_OUTPUT_LAYOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "dayafter.h"

/* The text of one label or cell: the longest is a 64-byte id with a few words. */
#define GRID_TEXT 160
/* Narrower terminals are treated as this wide. */
#define LAYOUT_MIN_WIDTH 40

enum grid_row_kind {
    GRID_TITLE,   /* a section's title, with a blank line before it */
    GRID_HEADING, /* a label with no cells: the rows below it are its parts */
    GRID_NUMBERS, /* cells of numbers: a cell breaks only at its spaces */
    GRID_TEXT_ROW /* cells of words (an id and a share): they may wrap within the column */
};

struct grid {
    int n_cols;
    int n_rows, cap_rows;
    enum grid_row_kind *kinds;
    int *indents;
    char (*text)[GRID_TEXT]; /* per row: the label, then the n_cols cells */
    bool nomem;
};

/* The terminal's width for 'f': COLUMNS when it is a positive number, else the terminal's
 * when 'f' is one, else 80; as it is, for callers with bounds of their own. */
long layout_terminal_columns(FILE *f);
/* The width to lay out for 'f': layout_terminal_columns(), never below LAYOUT_MIN_WIDTH. */
int layout_width(FILE *f);

/* A grid of 'n_cols' columns, with row 0 for their headings (grid_cell(g, 0, c)). False when
 * out of memory. */
bool grid_init(struct grid *g, int n_cols);
void grid_release(struct grid *g);
/* Appends a row; its cells (GRID_NUMBERS, GRID_TEXT_ROW) are filled with grid_cell(). A
 * failed allocation is remembered in g->nomem and later calls do nothing. Returns the row. */
int grid_add(struct grid *g, enum grid_row_kind kind, int indent, const char *label);
char *grid_cell(struct grid *g, int row, int col);

/* Prints the grid within 'width' columns; 'color' makes titles bold. False when out of
 * memory (or when building the grid ran out). */
bool grid_print(const struct grid *g, FILE *f, int width, bool color);

/* Prints 'text' wrapped within 'width' columns, bold when 'bold', and a newline. */
void layout_prose(FILE *f, const char *text, int width, bool bold);
/* The same for the text of 'fmt' (at most 1,023 bytes of it), not bold. */
void layout_prosef(FILE *f, int width, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* DA_OUTPUT_LAYOUT_H */
