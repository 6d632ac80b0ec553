/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag.c - the da_diags list: problems with their file, line and column.
 *
 * Entries are kept in the order they were found and sorted by position when read, ties kept
 * in the order found, so that the output reads top to bottom like the file whatever order the
 * validation passes ran in. Past DA_DIAGS_MAX entries only a count is kept: a broken or hostile
 * file cannot make the list grow without bound.
 *
 * A loader that found problems leaves its text here too (diag_keep_text()), indexed by line,
 * so that whoever prints the problems shows their lines from memory: standard input and the
 * built-in scenarios cannot be read a second time, and a file may have changed since.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "lines.h"
#include "text.h"

struct entry {
    const char *file;
    struct da_mark at;
    da_diag_code code;
    const char *path;
    const char *message;
    size_t seq;
};

/* A text kept for its lines; the newest first. */
struct source {
    struct source *next;
    const char *file;
    struct line_index lines;
};

struct da_diags {
    struct arena strings; /* messages, paths, file names and the kept texts */
    struct source *sources;
    struct entry *entries;
    size_t count;
    size_t cap;
    size_t dropped;
    bool sorted;
    bool nomem;
};

da_diags *da_diags_new(void)
{
    da_diags *d = da_calloc(1, sizeof *d);
    if (!d)
        return NULL;
    arena_init(&d->strings);
    d->sorted = true;
    return d;
}

void da_diags_clear(da_diags *d)
{
    if (!d)
        return;
    arena_release(&d->strings);
    d->sources = NULL;
    d->count = 0;
    d->dropped = 0;
    d->sorted = true;
    d->nomem = false;
}

void da_diags_free(da_diags *d)
{
    if (!d)
        return;
    arena_release(&d->strings);
    da_free(d->entries);
    da_free(d);
}

size_t da_diags_count(const da_diags *d)
{
    return d ? d->count : 0;
}

size_t da_diags_dropped(const da_diags *d)
{
    return d ? d->dropped : 0;
}

bool diag_nomem(const da_diags *d)
{
    return d && d->nomem;
}

bool diag_full(const da_diags *d)
{
    return d && d->count >= DA_DIAGS_MAX;
}

bool diag_has_path(const da_diags *d, const char *path)
{
    for (size_t i = 0; d && i < d->count; i++)
        if (d->entries[i].path && strcmp(d->entries[i].path, path) == 0)
            return true;
    return false;
}

static int by_position(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    int files = strcmp(a->file, b->file);
    if (files)
        return files;
    if (a->at.line != b->at.line)
        return a->at.line < b->at.line ? -1 : 1;
    if (a->at.column != b->at.column)
        return a->at.column < b->at.column ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

da_diag da_diags_get(const da_diags *d, size_t index)
{
    da_diag out = {"", 0, 0, "", DA_DIAG_IO, "", 1};
    if (!d || index >= d->count)
        return out;
    if (!d->sorted) {
        /* Sorting is a lazy cache: the list is logically const. */
        da_diags *mut = (da_diags *)d;
        qsort(mut->entries, mut->count, sizeof *mut->entries, by_position);
        mut->sorted = true;
    }
    const struct entry *e = &d->entries[index];
    out.file = e->file;
    out.line = e->at.line;
    out.column = e->at.column;
    out.message = e->message;
    out.code = e->code;
    out.path = e->path;
    out.span = e->at.span ? e->at.span : 1;
    return out;
}

/* The file name of the previous entry is shared when it is the same string. */
static const char *intern_file(da_diags *d, const char *file)
{
    if (d->count > 0 && strcmp(d->entries[d->count - 1].file, file) == 0)
        return d->entries[d->count - 1].file;
    return arena_strdup(&d->strings, file);
}

const char *diag_path(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int full = vsnprintf(buf, DIAG_PATH_MAX, fmt, ap);
    va_end(ap);
    if (full >= DIAG_PATH_MAX)
        buf[text_utf8_cut(buf, DIAG_PATH_MAX - 1)] = '\0';
    return buf;
}

/* A copy of 'path', cut to DIAG_PATH_MAX - 1 bytes on a whole character. */
static const char *keep_path(da_diags *d, const char *path)
{
    size_t len = strnlen(path, DIAG_PATH_MAX);
    if (len == DIAG_PATH_MAX)
        len = text_utf8_cut(path, DIAG_PATH_MAX - 1);
    return arena_strndup(&d->strings, path, len);
}

/* Writes the control characters of message 'm' as '?', as diag_context.c writes a line's: the
 * C0 controls (a line break too: a problem is one line), DEL and the C1 controls (U+0080 to
 * U+009F, two bytes in UTF-8, one '?'). A message quotes what the file holds (an unknown key,
 * a string that is no number or id), and a file's bytes must not drive the terminal that
 * shows it: an escape sequence in a key could set its title or colours, or rewrite what it
 * shows. */
static void mask_controls(char *m)
{
    char *out = m;
    for (const char *in = m; *in; in++) {
        unsigned char c = (unsigned char)*in;
        if (c == 0xC2 && (unsigned char)in[1] >= 0x80 && (unsigned char)in[1] <= 0x9F) {
            *out++ = '?';
            in++;
        } else {
            *out++ = c < 0x20 || c == 0x7F ? '?' : (char)c;
        }
    }
    *out = '\0';
}

void diag_add(da_diags *d, const char *file, da_diag_code code, const char *path, struct da_mark at,
              const char *fmt, ...)
{
    if (!d)
        return;
    if (d->count >= DA_DIAGS_MAX) {
        d->dropped++;
        return;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        struct entry *grown = da_reallocarray(d->entries, cap, sizeof *grown);
        if (!grown) {
            d->nomem = true;
            return;
        }
        d->entries = grown;
        d->cap = cap;
    }
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    /* A message cut to fit ends on a whole character: the server sends messages as JSON,
     * which cannot carry half of one. */
    text_vformat(buf, sizeof buf, fmt, ap);
    va_end(ap);
    mask_controls(buf);
    const char *f = intern_file(d, file ? file : "");
    const char *m = arena_strdup(&d->strings, buf);
    const char *p = path && path[0] ? keep_path(d, path) : "";
    if (!f || !m || !p) {
        d->nomem = true;
        return;
    }
    if (at.line == 0)
        at.line = 1;
    if (at.column == 0)
        at.column = 1;
    struct entry *e = &d->entries[d->count];
    e->file = f;
    e->at = at;
    e->code = code;
    e->path = p;
    e->message = m;
    e->seq = d->count;
    d->count++;
    d->sorted = false;
}

void diag_keep_text(da_diags *d, const char *file, const char *text, size_t len)
{
    if (!d)
        return;
    struct source *src = arena_alloc(&d->strings, sizeof *src);
    char *copy = src ? arena_strndup(&d->strings, text ? text : "", text ? len : 0) : NULL;
    const char *name = copy ? arena_strdup(&d->strings, file ? file : "") : NULL;
    if (!name || !line_index_build(&src->lines, &d->strings, copy, text ? len : 0))
        return; /* the arena keeps what was allocated until the list is cleared */
    src->file = name;
    src->next = d->sources;
    d->sources = src;
}

da_status da_diags_source_line(const da_diags *d, const char *file, uint32_t line,
                               const char **text, size_t *len)
{
    if (!d || !file || !text || !len)
        return DA_ERR_USAGE;
    for (const struct source *src = d->sources; src; src = src->next)
        if (strcmp(src->file, file) == 0)
            return line_index_get(&src->lines, line, text, len) ? DA_OK : DA_ERR_NOTFOUND;
    return DA_ERR_NOTFOUND;
}
