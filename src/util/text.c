/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.c - edit distance for "did you mean" suggestions, and UTF-8 cut and made valid (see
 * text.h).
 *
 * Keys and ids are short, so the classic dynamic programme is plenty. Transpositions count as
 * one edit (the "optimal string alignment" distance), as typists make them. Words longer than
 * 64 characters are never close to a key and are answered with 'cap' at once. What a hostile
 * file could make large is the number of candidates and of lookups: a cheap test of length and
 * letters rules most candidates out before the dynamic programme, and a long list is sorted
 * once (struct text_index) so that a lookup only weighs the few candidates beside the word.
 */
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define MAX_WORD TEXT_MAX_WORD
/* The most edits a suggestion may need: a typo, not another word. */
#define MAX_EDITS 2
/* Letters are counted in this many bins for the test of struct lookup. */
#define BAG_BINS 64

size_t text_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strnlen(a, MAX_WORD + 1), lb = strnlen(b, MAX_WORD + 1);
    if (la > MAX_WORD || lb > MAX_WORD)
        return cap;
    /* Three rows: a transposition of neighbours ("rsik" for "risk") looks two rows back. */
    size_t rows[3][MAX_WORD + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (ca == cb ? 0 : 1);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            cur[j] = best;
            if (best < row_min)
                row_min = best;
        }
        if (row_min >= cap)
            return cap;
        size_t *spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[lb] < cap ? prev[lb] : cap;
}

/*
 * One lookup: the word, its letters counted, and the best candidate so far. No edit changes
 * more than one letter on each side, so two strings are at least as many edits apart as the
 * letters one has and the other lacks; counting lowercased bytes in BAG_BINS bins (which can
 * only lower that count) rules out most candidates without the dynamic programme.
 */
struct lookup {
    const char *word;
    size_t len;
    unsigned char bag[BAG_BINS];
    size_t best_d;     /* MAX_EDITS + 1 until a candidate is found */
    size_t best_index; /* SIZE_MAX until then */
    size_t tried;      /* edit distances computed */
};

static unsigned bin_of(char c)
{
    return (unsigned)tolower((unsigned char)c) % BAG_BINS;
}

/* Starts a lookup of 'word'; false when nothing can be close to it (empty or too long). */
static bool lookup_start(struct lookup *lk, const char *word)
{
    memset(lk, 0, sizeof *lk);
    lk->word = word;
    lk->len = strnlen(word, MAX_WORD + 1);
    lk->best_d = MAX_EDITS + 1;
    lk->best_index = SIZE_MAX;
    if (lk->len == 0 || lk->len > MAX_WORD)
        return false;
    for (size_t i = 0; i < lk->len; i++)
        lk->bag[bin_of(word[i])]++;
    return true;
}

/* A lower bound on the edit distance between the word and 'cand' of 'len' bytes. */
static size_t letters_apart(const struct lookup *lk, const char *cand, size_t len)
{
    unsigned char left[BAG_BINS];
    memcpy(left, lk->bag, sizeof left);
    size_t extra = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char *count = &left[bin_of(cand[i])];
        if (*count)
            (*count)--;
        else
            extra++;
    }
    size_t missing = lk->len - (len - extra);
    return extra > missing ? extra : missing;
}

/* Weighs candidate number 'index', 'cand'. It must come within fewer than half of the word's
 * length in edits, and beat the best so far: be closer, or as close and listed earlier (a
 * long list is not visited in its own order). */
static void consider(struct lookup *lk, const char *cand, size_t index)
{
    size_t limit = (lk->len + 1) / 2; /* d < limit when 2d < len */
    size_t to_beat = lk->best_d + (index < lk->best_index ? 1 : 0);
    if (to_beat < limit)
        limit = to_beat;
    if (limit > MAX_EDITS + 1)
        limit = MAX_EDITS + 1;
    size_t len = strnlen(cand, MAX_WORD + 1);
    size_t gap = len > lk->len ? len - lk->len : lk->len - len;
    if (len > MAX_WORD || gap >= limit || letters_apart(lk, cand, len) >= limit)
        return;
    lk->tried++;
    size_t d = text_edit_distance(lk->word, cand, limit);
    if (d < limit) {
        lk->best_d = d;
        lk->best_index = index;
    }
}

static void consider_all(struct lookup *lk, const char *const *candidates, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (candidates[i])
            consider(lk, candidates[i], i);
}

const char *text_closest(const char *word, const char *const *candidates, size_t n)
{
    struct lookup lk;
    if (lookup_start(&lk, word))
        consider_all(&lk, candidates, n);
    return lk.best_index == SIZE_MAX ? NULL : candidates[lk.best_index];
}

/* ---- an index of a long list of candidates --------------------------------------------- */

struct entry {
    const char *text;
    size_t len;
    size_t index; /* in the caller's list */
};

struct text_index {
    const char *const *candidates;
    size_t n;
    /* The candidates that can be suggested (TEXT_MAX_WORD bytes at most), by their text and
     * by their text read from the end; NULL for a list short enough to search whole. */
    struct entry *by_start, *by_end;
    size_t n_entries;
};

/* Texts compare as lowercased bytes, as the edit distance does, from their first byte or from
 * their last. */
static int compare_texts(const char *a, size_t la, const char *b, size_t lb, bool from_end)
{
    size_t n = la < lb ? la : lb;
    for (size_t i = 0; i < n; i++) {
        int ca = tolower((unsigned char)(from_end ? a[la - 1 - i] : a[i]));
        int cb = tolower((unsigned char)(from_end ? b[lb - 1 - i] : b[i]));
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return la < lb ? -1 : la > lb;
}

static int compare_entries(const struct entry *a, const struct entry *b, bool from_end)
{
    int c = compare_texts(a->text, a->len, b->text, b->len, from_end);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int entries_from_start(const void *a, const void *b)
{
    return compare_entries(a, b, false);
}

static int entries_from_end(const void *a, const void *b)
{
    return compare_entries(a, b, true);
}

struct text_index *text_index_new(const char *const *candidates, size_t n)
{
    struct text_index *idx = da_calloc(1, sizeof *idx);
    if (!idx)
        return NULL;
    idx->candidates = candidates;
    idx->n = n;
    if (n <= TEXT_INDEX_SCAN_ALL)
        return idx;
    idx->by_start = da_reallocarray(NULL, n, sizeof *idx->by_start);
    idx->by_end = da_reallocarray(NULL, n, sizeof *idx->by_end);
    if (!idx->by_start || !idx->by_end) {
        text_index_free(idx);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = candidates[i] ? strnlen(candidates[i], MAX_WORD + 1) : 0;
        if (len == 0 || len > MAX_WORD)
            continue;
        struct entry e = {candidates[i], len, i};
        idx->by_start[idx->n_entries] = e;
        idx->by_end[idx->n_entries] = e;
        idx->n_entries++;
    }
    qsort(idx->by_start, idx->n_entries, sizeof *idx->by_start, entries_from_start);
    qsort(idx->by_end, idx->n_entries, sizeof *idx->by_end, entries_from_end);
    return idx;
}

void text_index_free(struct text_index *index)
{
    if (!index)
        return;
    da_free(index->by_start);
    da_free(index->by_end);
    da_free(index);
}

/* Weighs the candidates on either side of where the word would stand in 'sorted'. */
static void consider_neighbours(struct lookup *lk, const struct entry *sorted, size_t n,
                                bool from_end)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_texts(sorted[mid].text, sorted[mid].len, lk->word, lk->len, from_end) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t from = lo > TEXT_INDEX_NEIGHBOURS ? lo - TEXT_INDEX_NEIGHBOURS : 0;
    size_t to = n - lo > TEXT_INDEX_NEIGHBOURS ? lo + TEXT_INDEX_NEIGHBOURS : n;
    for (size_t i = from; i < to; i++)
        consider(lk, sorted[i].text, sorted[i].index);
}

size_t text_index_closest(const struct text_index *index, const char *word, size_t *tried)
{
    struct lookup lk;
    if (lookup_start(&lk, word)) {
        if (!index->by_start) {
            consider_all(&lk, index->candidates, index->n);
        } else {
            consider_neighbours(&lk, index->by_start, index->n_entries, false);
            consider_neighbours(&lk, index->by_end, index->n_entries, true);
        }
    }
    if (tried)
        *tried = lk.tried;
    return lk.best_index;
}

bool text_append(char *dst, size_t cap, const char *src)
{
    size_t used = strlen(dst);
    if (used + 1 >= cap)
        return src[0] == '\0';
    size_t room = cap - used - 1;
    size_t n = strnlen(src, room + 1);
    bool whole = n <= room;
    if (!whole)
        n = room;
    memcpy(dst + used, src, n);
    dst[used + n] = '\0';
    return whole;
}

const char *text_article(const char *word)
{
    return word[0] && strchr("aeiouAEIOU", word[0]) ? "an" : "a";
}

/* The length of the valid UTF-8 sequence that starts at 's' (1 to 4), or 0 when it is not
 * one: a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, or cut short
 * (a NUL byte is never a continuation byte, so nothing past the end is read). */
static size_t utf8_sequence(const unsigned char *s)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        lo = s[0] == 0xE0 ? 0xA0 : 0x80;
        hi = s[0] == 0xED ? 0x9F : 0xBF;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        lo = s[0] == 0xF0 ? 0x90 : 0x80;
        hi = s[0] == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

/* Whether the bytes at 's' are the start of a sequence that the end of the string cuts short:
 * a lead byte whose continuation bytes, as far as they go, are right. */
static bool utf8_cut_short(const unsigned char *s)
{
    size_t n = s[0] >= 0xC2 && s[0] <= 0xDF   ? 2
               : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
               : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
                                              : 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] == '\0')
            return true;
        else if (s[i] < 0x80 || s[i] > 0xBF)
            return false;
    return false;
}

size_t text_utf8_cut(const char *s, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t at = 0;
    while (u[at]) {
        size_t n = utf8_sequence(u + at);
        if (n == 0) {
            if (utf8_cut_short(u + at))
                break;
            n = 1;
        }
        if (n > max - at)
            break;
        at += n;
    }
    return at;
}

bool text_invisible(uint32_t c)
{
    /* Unicode's White_Space and Default_Ignorable_Code_Point (Unicode 15), line breaks and
     * controls left out: those are refused as such before a name is asked about. */
    static const uint32_t ranges[][2] = {
        {0x0009, 0x0009},   {0x0020, 0x0020},   {0x00A0, 0x00A0}, {0x00AD, 0x00AD},
        {0x034F, 0x034F},   {0x061C, 0x061C},   {0x115F, 0x1160}, {0x1680, 0x1680},
        {0x17B4, 0x17B5},   {0x180B, 0x180F},   {0x2000, 0x200F}, {0x202F, 0x202F},
        {0x205F, 0x2065},   {0x206A, 0x206F},   {0x3000, 0x3000}, {0x3164, 0x3164},
        {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0}, {0x1BCA0, 0x1BCA3},
        {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (c >= ranges[i][0] && c <= ranges[i][1])
            return true;
    return false;
}

uint32_t text_code_point(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    int n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : 2;
    uint32_t c = u[0] & (0x7Fu >> n);
    for (int i = 1; i < n && (u[i] & 0xC0) == 0x80; i++)
        c = c << 6 | (u[i] & 0x3Fu);
    *len = (size_t)n;
    return c;
}

size_t text_fold(char *out, const char *s)
{
    size_t n = 0;
    while (*s) {
        size_t len;
        uint32_t c = text_code_point(s, &len);
        if (c >= 0xFF01 && c <= 0xFF5E) { /* a fullwidth form: 3 bytes become 1 */
            out[n++] = (char)tolower((int)(c - 0xFF01 + 0x21));
        } else if (len == 1) {
            out[n++] = (char)tolower((unsigned char)*s);
        } else {
            memcpy(out + n, s, len);
            n += len;
        }
        s += len;
    }
    out[n] = '\0';
    return n;
}

size_t text_utf8_chars(const char *s)
{
    size_t chars = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        chars += (*u & 0xC0) != 0x80;
    return chars;
}

size_t text_utf8_prefix(const char *s, size_t chars)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t at = 0;
    /* A character is its lead byte and the continuation bytes after it. */
    for (size_t seen = 0; u[at] && seen < chars; seen++)
        do
            at++;
        while ((u[at] & 0xC0) == 0x80);
    return at;
}

bool text_utf8_valid(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t n = utf8_sequence(u);
        if (n == 0)
            return false;
        u += n;
    }
    return true;
}

bool text_utf8_valid_text(const char *s, size_t len)
{
    if (memchr(s, '\0', len))
        return false;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        /* the bytes the lead byte asks for, so that a sequence cut by the end is not read past it
         */
        size_t want = u[i] < 0x80 ? 1 : u[i] < 0xC2 ? 0 : u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 : 4;
        if (want == 0 || want > len - i)
            return false;
        size_t n = utf8_sequence(u + i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

size_t text_utf8_sanitize(char *out, size_t cap, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    while (*u) {
        size_t n = utf8_sequence(u);
        const char *piece = n ? (const char *)u : "\xEF\xBF\xBD";
        size_t len = n ? n : 3;
        if (len > cap - 1 - o)
            break;
        memcpy(out + o, piece, len);
        o += len;
        u += n ? n : 1;
    }
    out[o] = '\0';
    return o;
}

void text_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    int full = vsnprintf(buf, cap, fmt, ap);
    if (full >= (int)cap)
        buf[text_utf8_cut(buf, cap - 1)] = '\0';
}
