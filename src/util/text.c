/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * text.c - edit distance for "did you mean" suggestions (see text.h).
 *
 * Keys and ids are short, so the classic dynamic programme is plenty. Transpositions count as
 * one edit (the "optimal string alignment" distance), as typists make them. Words longer than
 * 64 characters are never close to a key and are answered with 'cap' at once.
 */
#include "text.h"

#include <ctype.h>
#include <string.h>

#define MAX_WORD 64

size_t text_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
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

const char *text_closest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    size_t len = strlen(word);
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t d = text_edit_distance(word, candidates[i], 3);
        if (d < best_d && d * 2 < len) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

void text_append(char *dst, size_t cap, const char *src)
{
    size_t used = strlen(dst);
    if (used + 1 >= cap)
        return;
    size_t room = cap - used - 1;
    size_t n = strlen(src);
    if (n > room)
        n = room;
    memcpy(dst + used, src, n);
    dst[used + n] = '\0';
}

const char *text_article(const char *word)
{
    return word[0] && strchr("aeiouAEIOU", word[0]) ? "an" : "a";
}
