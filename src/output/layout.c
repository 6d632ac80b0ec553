/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * layout.c - text for a terminal of a given width (see layout.h).
 *
 * Widths count characters (UTF-8 lead bytes), not bytes, so that a name with accents lines up
 * like any other. The grid is laid out in two steps: first the label column's width and the
 * grouping of the columns - as few groups as possible, then the widest label column, then
 * columns at their natural width rather than squeezed - and then each group is printed line
 * by line, every label and cell taking its next piece on each line.
 */
#include "layout.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "../util/alloc.h"

#define GAP       2    /* spaces before each column */
#define HANGING   4    /* a wrapped label's later lines, indented beyond its first */
#define MAX_WIDTH 1000 /* COLUMNS beyond this is taken as this */

long layout_terminal_columns(FILE *f)
{
    const char *columns = getenv("COLUMNS");
    long width = 0;
    if (columns && *columns) {
        char *end;
        width = strtol(columns, &end, 10);
        if (*end)
            width = 0;
    }
    struct winsize ws;
    if (width <= 0 && f && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0)
        width = ws.ws_col;
    return width > 0 ? width : 80;
}

int layout_width(FILE *f)
{
    long width = layout_terminal_columns(f);
    return width < LAYOUT_MIN_WIDTH ? LAYOUT_MIN_WIDTH : width > MAX_WIDTH ? MAX_WIDTH : (int)width;
}

/* ---- measuring and breaking text --------------------------------------------------------- */

static bool continuation_byte(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Columns of the first 'n' bytes of 's'. */
static int cols_of(const char *s, size_t n)
{
    int cols = 0;
    for (size_t i = 0; i < n; i++)
        cols += !continuation_byte(s[i]);
    return cols;
}

/* The bytes of 's' that fill at most 'width' columns, ending on a character's boundary. */
static size_t bytes_within(const char *s, int width)
{
    size_t i = 0;
    for (int cols = 0; s[i] && cols < width; cols++)
        for (i++; continuation_byte(s[i]); i++)
            ;
    return i;
}

/* The longest piece of 's' that never breaks: a word, or with 'ids' a part of one ending in '_'
 * or '-'. */
static int longest_piece(const char *s, bool ids)
{
    int best = 0, cols = 0;
    for (; *s; s++) {
        if (*s == ' ') {
            cols = 0;
            continue;
        }
        cols += !continuation_byte(*s);
        best = cols > best ? cols : best;
        if (ids && (*s == '_' || *s == '-'))
            cols = 0;
    }
    return best;
}

/* How many bytes of 's' go on a line of 'width' columns: all of it when it fits, else up to
 * its last space that fits; failing that, with 'ids', after its last '_' or '-' that fits,
 * else as many characters as fit; without 'ids' (numbers), the whole first word, which the
 * widths chosen always leave room for. *next: where the next line starts. */
static size_t line_break(const char *s, int width, bool ids, const char **next)
{
    size_t len = strlen(s), fit = bytes_within(s, width), take = 0;
    *next = s + len;
    if (fit == len)
        return len;
    for (size_t i = fit; i > 0 && !take; i--)
        if (s[i] == ' ')
            take = i;
    /* An id that will not fit a line of its own anyway (a label's later lines are HANGING
     * narrower) starts on this one: "paid by board_of_" rather than "paid by" and a broken id
     * below. */
    size_t word = take ? take + strspn(s + take, " ") : 0;
    if (take && ids && cols_of(s + word, strcspn(s + word, " ")) > width - HANGING) {
        for (size_t i = fit; i > word + 1; i--) {
            if (s[i - 1] == '_' || s[i - 1] == '-') {
                *next = s + i;
                return i;
            }
        }
    }
    for (size_t i = fit; ids && i > 0 && !take; i--)
        if (s[i - 1] == '_' || s[i - 1] == '-')
            take = i;
    if (!take)
        take = ids ? (fit ? fit : 1) : strcspn(s, " ");
    *next = s + take;
    while (**next == ' ')
        (*next)++;
    while (take > 0 && s[take - 1] == ' ')
        take--;
    return take;
}

/* A line written piece by piece: padding is held back until text follows it, so that no line
 * ends in spaces. */
struct line {
    FILE *f;
    int col, pending;
};

static void put_piece(struct line *l, const char *s, size_t n)
{
    if (n == 0)
        return;
    fprintf(l->f, "%*s%.*s", l->pending, "", (int)n, s);
    l->col += l->pending + cols_of(s, n);
    l->pending = 0;
}

static void pad_to(struct line *l, int col)
{
    if (col > l->col + l->pending)
        l->pending = col - l->col;
}

/* Puts the next piece of *text that fits 'width' columns at column 'col', and moves *text on
 * past it. */
static void put_next(struct line *l, int col, const char **text, int width, bool ids)
{
    const char *piece = *text;
    size_t n = line_break(piece, width, ids, text);
    pad_to(l, col);
    put_piece(l, piece, n);
}

static void end_line(struct line *l)
{
    fputc('\n', l->f);
    l->col = l->pending = 0;
}

void layout_prose(FILE *f, const char *text, int width, bool bold)
{
    const char *s = text;
    do {
        const char *next;
        size_t n = line_break(s, width, true, &next);
        fprintf(f, bold ? "\033[1m%.*s\033[0m\n" : "%.*s\n", (int)n, s);
        s = next;
    } while (*s);
}

void layout_prosef(FILE *f, int width, const char *fmt, ...)
{
    char text[2048]; /* a paragraph: voi's reading names several inputs and their values */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    layout_prose(f, text, width, false);
}

/* ---- the grid ------------------------------------------------------------------------------ */

static char *text_at(const struct grid *g, int row, int slot)
{
    return g->text[(size_t)row * (size_t)(g->n_cols + 1) + (size_t)slot];
}

bool grid_init(struct grid *g, int n_cols)
{
    memset(g, 0, sizeof *g);
    g->n_cols = n_cols;
    grid_add(g, GRID_TEXT_ROW, 0, "");
    return !g->nomem;
}

void grid_release(struct grid *g)
{
    da_free(g->kinds);
    da_free(g->indents);
    da_free(g->text);
    memset(g, 0, sizeof *g);
}

static bool grid_grow(struct grid *g)
{
    int cap = g->cap_rows ? 2 * g->cap_rows : 32;
    size_t slots = (size_t)cap * (size_t)(g->n_cols + 1);
    enum grid_row_kind *kinds = da_reallocarray(g->kinds, (size_t)cap, sizeof *kinds);
    if (kinds)
        g->kinds = kinds;
    int *indents = kinds ? da_reallocarray(g->indents, (size_t)cap, sizeof *indents) : NULL;
    if (indents)
        g->indents = indents;
    char(*text)[GRID_TEXT] = indents ? da_reallocarray(g->text, slots, GRID_TEXT) : NULL;
    if (!text)
        return false;
    g->text = text;
    g->cap_rows = cap;
    return true;
}

int grid_add(struct grid *g, enum grid_row_kind kind, int indent, const char *label)
{
    if (g->nomem || (g->n_rows == g->cap_rows && !grid_grow(g))) {
        g->nomem = true;
        return 0;
    }
    int row = g->n_rows++;
    g->kinds[row] = kind;
    g->indents[row] = indent;
    snprintf(text_at(g, row, 0), GRID_TEXT, "%s", label);
    for (int c = 0; c < g->n_cols; c++)
        snprintf(text_at(g, row, c + 1), GRID_TEXT, "-");
    return row;
}

char *grid_cell(struct grid *g, int row, int col)
{
    return text_at(g, row, col + 1);
}

/* How the grid fits a width: the label column's width, each column's width, and the first
 * column of each group (starts[n_groups] = n_cols). */
struct fit {
    int label_width, n_groups;
    int *widths, *starts;
    int *natural; /* each column's width unwrapped, its heading wrapped (column_width()) */
    int *whole;   /* ... and with its heading whole */
};

/* A column's natural width: its widest cell unwrapped, its heading (row 0) counting only
 * with its longest part when 'whole_heading' is false - a long id is worth wrapping rather
 * than a group more - and whole when true. */
static int column_width(const struct grid *g, int c, bool whole_heading)
{
    int natural = 1;
    for (int r = 0; r < g->n_rows; r++) {
        const char *cell = text_at(g, r, c + 1);
        int w = r == 0 && !whole_heading ? longest_piece(cell, true) : cols_of(cell, strlen(cell));
        if (g->kinds[r] != GRID_TITLE && g->kinds[r] != GRID_HEADING && w > natural)
            natural = w;
    }
    return natural;
}

/* Groups the columns for a label column of p->label_width, each column at its natural width
 * or as wide as the room beside the labels (where its cells wrap at their spaces); returns the
 * number of groups. */
static int group_columns(const struct grid *g, struct fit *p, int width)
{
    int avail = width - p->label_width, used = 0;
    p->n_groups = 0;
    for (int c = 0; c < g->n_cols; c++) {
        int w = p->natural[c] < avail - GAP ? p->natural[c] : avail - GAP;
        if (c == 0 || used + GAP + w > avail) {
            p->starts[p->n_groups++] = c;
            used = 0;
        }
        p->widths[c] = w;
        used += GAP + w;
    }
    p->starts[p->n_groups] = g->n_cols;
    return p->n_groups;
}

/* Widens the columns of each group into the room it leaves, up to their whole headings. */
static void spread(struct fit *p, int width)
{
    for (int k = 0; k < p->n_groups; k++) {
        int room = width - p->label_width;
        for (int c = p->starts[k]; c < p->starts[k + 1]; c++)
            room -= GAP + p->widths[c];
        for (int c = p->starts[k]; c < p->starts[k + 1] && room > 0; c++) {
            int more = p->whole[c] - p->widths[c];
            more = more < room ? more : room;
            if (more > 0) {
                p->widths[c] += more;
                room -= more;
            }
        }
    }
}

/* The labels' natural width, and the least a label column may be. */
static void label_widths(const struct grid *g, int width, int *natural, int *least)
{
    *natural = 1;
    for (int r = 1; r < g->n_rows; r++) {
        if (g->kinds[r] == GRID_TITLE)
            continue;
        const char *label = text_at(g, r, 0);
        int w = g->indents[r] + cols_of(label, strlen(label));
        *natural = w > *natural ? w : *natural;
    }
    int floor = width / 4 > 16 ? width / 4 : 16;
    *least = *natural < floor ? *natural : floor;
}

/* The least width of column 'c': its longest number, or word, or part of an id. */
static int column_least(const struct grid *g, int c)
{
    int least = 1;
    for (int r = 0; r < g->n_rows; r++) {
        if (g->kinds[r] == GRID_TITLE || g->kinds[r] == GRID_HEADING)
            continue;
        int w = longest_piece(text_at(g, r, c + 1), g->kinds[r] != GRID_NUMBERS);
        least = w > least ? w : least;
    }
    return least;
}

/* Chooses the fit: the fewest groups of columns at their natural width, then the widest
 * label column that keeps them that few and leaves every column its least width. */
static void choose_fit(const struct grid *g, struct fit *p, int width)
{
    int natural_label, least_label, least_col = 1, best = -1;
    label_widths(g, width, &natural_label, &least_label);
    for (int c = 0; c < g->n_cols; c++) {
        p->natural[c] = column_width(g, c, false);
        p->whole[c] = column_width(g, c, true);
        int least = column_least(g, c);
        least_col = least > least_col ? least : least_col;
    }
    int best_label = least_label;
    for (int lw = natural_label; lw >= least_label; lw--) {
        if (width - lw - GAP < least_col)
            continue;
        p->label_width = lw;
        int n = group_columns(g, p, width);
        if (best < 0 || n < best) {
            best = n;
            best_label = lw;
        }
    }
    p->label_width = best_label;
    group_columns(g, p, width);
    spread(p, width);
}

/* One row of columns first..last-1, line by line; 'rest' has room for a label and the
 * columns. */
static void print_row(const struct grid *g, const struct fit *p, int row, int first, int last,
                      const char **rest, FILE *f)
{
    int n = last - first, indent = g->indents[row];
    bool ids = g->kinds[row] != GRID_NUMBERS;
    rest[0] = text_at(g, row, 0);
    for (int k = 0; k < n; k++)
        rest[1 + k] = g->kinds[row] == GRID_HEADING ? "" : text_at(g, row, first + k + 1);
    struct line l = {f, 0, 0};
    for (bool more = true, first_line = true; more; first_line = false) {
        int lead = indent + (first_line ? 0 : HANGING);
        if (*rest[0])
            put_next(&l, lead, &rest[0], p->label_width - lead, true);
        more = *rest[0] != '\0';
        int col = p->label_width;
        for (int k = 0; k < n; k++) {
            int w = p->widths[first + k];
            put_next(&l, col + GAP, &rest[1 + k], w, ids);
            col += GAP + w;
            more = more || *rest[1 + k];
        }
        end_line(&l);
    }
}

/* Group 'k': a blank line, a line that says which options it holds (when there are several
 * groups), the columns' headings, and every row. */
static void print_group(const struct grid *g, const struct fit *p, int k, int width,
                        const char **rest, FILE *f, bool color)
{
    int first = p->starts[k], last = p->starts[k + 1];
    fputc('\n', f);
    if (p->n_groups > 1) {
        if (last - first > 1)
            fprintf(f, "Options %d-%d of %d\n", first + 1, last, g->n_cols);
        else
            fprintf(f, "Option %d of %d\n", first + 1, g->n_cols);
    }
    for (int r = 0; r < g->n_rows; r++) {
        if (g->kinds[r] == GRID_TITLE) {
            fputc('\n', f);
            layout_prose(f, text_at(g, r, 0), width, color);
        } else {
            print_row(g, p, r, first, last, rest, f);
        }
    }
}

bool grid_print(const struct grid *g, FILE *f, int width, bool color)
{
    size_t n = (size_t)g->n_cols + 1;
    struct fit p = {0};
    p.widths = da_calloc(n, sizeof *p.widths);
    p.starts = da_calloc(n, sizeof *p.starts);
    p.natural = da_calloc(n, sizeof *p.natural);
    p.whole = da_calloc(n, sizeof *p.whole);
    const char **rest = da_calloc(n, sizeof *rest);
    bool ok = p.widths && p.starts && p.natural && p.whole && rest && !g->nomem;
    if (ok) {
        choose_fit(g, &p, width);
        for (int k = 0; k < p.n_groups; k++)
            print_group(g, &p, k, width, rest, f, color);
    }
    da_free(p.widths);
    da_free(p.starts);
    da_free(p.natural);
    da_free(p.whole);
    da_free((void *)rest);
    return ok;
}
