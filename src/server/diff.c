/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diff.c - Myers's greedy shortest edit script over lines (diff.h). The common first and last
 * lines are set aside before the search, which then only sees the changed middle; each round's
 * frontier is kept for the walk back that writes the script.
 */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct lines {
    const char **start;
    size_t *len;
    uint64_t *hash;
    size_t n;
};

static uint64_t hash_line(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

size_t diff_count_lines(const char *text)
{
    size_t n = 0;
    for (const char *c = text; *c; c++)
        n += *c == '\n';
    return n + (*text && text[strlen(text) - 1] != '\n');
}

/* Splits 'text' at newlines (a last line without one counts; a trailing newline does not
 * start an empty line). */
static bool split(const char *text, struct lines *out)
{
    size_t cap = 1;
    for (const char *c = text; *c; c++)
        cap += *c == '\n';
    out->start = malloc(cap * sizeof *out->start);
    out->len = malloc(cap * sizeof *out->len);
    out->hash = malloc(cap * sizeof *out->hash);
    out->n = 0;
    if (!out->start || !out->len || !out->hash)
        return false;
    for (const char *c = text; *c;) {
        const char *end = strchr(c, '\n');
        size_t len = end ? (size_t)(end - c) : strlen(c);
        out->start[out->n] = c;
        out->len[out->n] = len;
        out->hash[out->n] = hash_line(c, len);
        out->n++;
        c += len + (end ? 1 : 0);
    }
    return true;
}

static void lines_free(struct lines *l)
{
    free(l->start);
    free(l->len);
    free(l->hash);
}

static bool same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
    return a->hash[i] == b->hash[j] && a->len[i] == b->len[j] &&
           memcmp(a->start[i], b->start[j], a->len[i]) == 0;
}

struct script {
    struct diff_line *line;
    size_t n;
};

static void emit(struct script *s, char op, const struct lines *from, size_t index, size_t old_no,
                 size_t new_no)
{
    struct diff_line *d = &s->line[s->n++];
    d->op = op;
    d->text = from->start[index];
    d->len = from->len[index];
    d->old_no = old_no;
    d->new_no = new_no;
}

/* The frontier of round d: the furthest x on each diagonal k in [-d, d], kept for the walk
 * back. trace[d][k + d]. Four bytes a diagonal, half of a ptrdiff_t's: a text has fewer lines
 * than 2^31 (the API's have fewer than 2^20). */
typedef int32_t *frontier;

/* Writes the middle's script (old lines lo..lo+n, new lines lo..lo+m) backwards into 's',
 * walking back through the rounds' frontiers. */
static void walk_back(struct script *s, const struct lines *a, const struct lines *b, size_t lo,
                      frontier *trace, ptrdiff_t rounds, ptrdiff_t n, ptrdiff_t m)
{
    ptrdiff_t x = n, y = m;
    for (ptrdiff_t d = rounds; d > 0; d--) {
        const int32_t *prev = trace[d - 1] + (d - 1);
        ptrdiff_t k = x - y;
        bool down = k == -d || (k != d && prev[k - 1] < prev[k + 1]);
        ptrdiff_t pk = down ? k + 1 : k - 1;
        ptrdiff_t px = prev[pk], py = px - pk;
        /* The snake after the edit, then the edit. */
        ptrdiff_t ex = down ? px : px + 1, ey = down ? py + 1 : py;
        for (; x > ex && y > ey; x--, y--)
            emit(s, ' ', a, lo + (size_t)x - 1, lo + (size_t)x, lo + (size_t)y);
        if (down)
            emit(s, '+', b, lo + (size_t)py, 0, lo + (size_t)py + 1);
        else
            emit(s, '-', a, lo + (size_t)px, lo + (size_t)px + 1, 0);
        x = px;
        y = py;
    }
    for (; x > 0 && y > 0; x--, y--)
        emit(s, ' ', a, lo + (size_t)x - 1, lo + (size_t)x, lo + (size_t)y);
}

/* The script of the middle, backwards, into 's'; false when out of memory. Beyond
 * DIFF_MAX_EDITS rounds, the middle is written as removed then added. */
static bool middle(struct script *s, const struct lines *a, const struct lines *b, size_t lo,
                   ptrdiff_t n, ptrdiff_t m)
{
    ptrdiff_t max = n + m;
    if (max > DIFF_MAX_EDITS)
        max = DIFF_MAX_EDITS;
    frontier *trace = calloc((size_t)max + 1, sizeof *trace);
    ptrdiff_t *v = malloc((size_t)(2 * max + 3) * sizeof *v);
    bool ok = trace && v;
    ptrdiff_t rounds = -1;
    if (ok) {
        ptrdiff_t *vk = v + max + 1; /* vk[k], k in [-max - 1, max + 1] */
        vk[1] = 0;
        for (ptrdiff_t d = 0; ok && rounds < 0 && d <= max; d++) {
            for (ptrdiff_t k = -d; k <= d; k += 2) {
                bool down = k == -d || (k != d && vk[k - 1] < vk[k + 1]);
                ptrdiff_t x = down ? vk[k + 1] : vk[k - 1] + 1;
                ptrdiff_t y = x - k;
                while (x < n && y < m && same(a, lo + (size_t)x, b, lo + (size_t)y)) {
                    x++;
                    y++;
                }
                vk[k] = x;
                if (x >= n && y >= m && rounds < 0)
                    rounds = d;
            }
            trace[d] = malloc((size_t)(2 * d + 1) * sizeof **trace);
            if (!trace[d])
                ok = false;
            for (ptrdiff_t k = -d; ok && k <= d; k++)
                trace[d][k + d] = (int32_t)vk[k];
        }
    }
    if (ok && rounds >= 0) {
        walk_back(s, a, b, lo, trace, rounds, n, m);
    } else if (ok) {
        /* Too different: all of the new middle added, all of the old removed (backwards). */
        for (ptrdiff_t j = m; j > 0; j--)
            emit(s, '+', b, lo + (size_t)j - 1, 0, lo + (size_t)j);
        for (ptrdiff_t i = n; i > 0; i--)
            emit(s, '-', a, lo + (size_t)i - 1, lo + (size_t)i, 0);
    }
    for (ptrdiff_t d = 0; trace && d <= max; d++)
        free(trace[d]);
    free(trace);
    free(v);
    return ok;
}

bool diff_lines(const char *old, const char *new, struct diff_line **out, size_t *count)
{
    struct lines a = {0}, b = {0};
    struct script s = {0};
    *out = NULL;
    *count = 0;
    bool ok = split(old, &a) && split(new, &b);
    if (ok) {
        s.line = malloc((a.n + b.n + 1) * sizeof *s.line);
        ok = s.line != NULL;
    }
    if (ok) {
        size_t lo = 0;
        while (lo < a.n && lo < b.n && same(&a, lo, &b, lo))
            lo++;
        size_t hi_a = a.n, hi_b = b.n;
        while (hi_a > lo && hi_b > lo && same(&a, hi_a - 1, &b, hi_b - 1)) {
            hi_a--;
            hi_b--;
        }
        /* Backwards: the common end, the middle, the common start. */
        for (size_t i = a.n, j = b.n; i > hi_a; i--, j--)
            emit(&s, ' ', &a, i - 1, i, j);
        ok = middle(&s, &a, &b, lo, (ptrdiff_t)(hi_a - lo), (ptrdiff_t)(hi_b - lo));
        for (size_t i = lo; ok && i > 0; i--)
            emit(&s, ' ', &a, i - 1, i, i);
    }
    if (ok) {
        for (size_t i = 0; i < s.n / 2; i++) {
            struct diff_line t = s.line[i];
            s.line[i] = s.line[s.n - 1 - i];
            s.line[s.n - 1 - i] = t;
        }
        *out = s.line;
        *count = s.n;
    } else {
        free(s.line);
    }
    lines_free(&a);
    lines_free(&b);
    return ok;
}
