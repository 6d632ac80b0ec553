/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim_search.c - one PRIM search over a set of rows: the box as ranks of the sorted inputs,
 * peeling and pasting (Friedman and Fisher 1999, sections 2.1 and 2.2), see prim_search.h.
 */
#include <math.h>
#include <stdlib.h>

#include "../util/alloc.h"
#include "prim_search.h"

struct keyed {
    double v;
    uint32_t row;
};

/* By value, then by row: a total order, so that qsort's result does not depend on its
 * algorithm, and the same on every machine. */
static int by_value(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

/* The row at rank r of input i, and its value. */
static uint32_t row_at(const struct prim_search *s, int i, uint32_t r)
{
    return s->order[(size_t)i * s->m + r];
}

static double value_at(const struct prim_search *s, int i, uint32_t r)
{
    return s->x[(size_t)s->rows[row_at(s, i, r)] * (size_t)s->k + (size_t)i];
}

static unsigned is_case(const struct prim_search *s, uint32_t row)
{
    return s->y[s->rows[row]] != 0;
}

da_status prim_search_init(struct prim_search *s, const double *x, const unsigned char *y, int k,
                           const unsigned char *atoms, const uint32_t *rows, uint32_t m,
                           uint32_t min_points)
{
    s->x = x;
    s->y = y;
    s->k = k;
    s->atoms = atoms;
    s->rows = rows;
    s->m = m;
    s->min_points = min_points;
    s->order = da_calloc((size_t)k * m + 1, sizeof *s->order);
    s->low = da_calloc((size_t)k, sizeof *s->low);
    s->high = da_calloc((size_t)k, sizeof *s->high);
    s->outside = da_calloc((size_t)m + 1, sizeof *s->outside);
    struct keyed *keys = da_calloc((size_t)m + 1, sizeof *keys);
    if (!s->order || !s->low || !s->high || !s->outside || !keys) {
        da_free(keys);
        prim_search_release(s);
        return DA_ERR_NOMEM;
    }
    for (int i = 0; i < k; i++) {
        for (uint32_t r = 0; r < m; r++) {
            keys[r].v = x[(size_t)rows[r] * (size_t)k + (size_t)i];
            keys[r].row = r;
        }
        qsort(keys, m, sizeof *keys, by_value);
        for (uint32_t r = 0; r < m; r++)
            s->order[(size_t)i * m + r] = keys[r].row;
    }
    da_free(keys);
    s->total_cases = 0;
    for (uint32_t r = 0; r < m; r++)
        s->total_cases += is_case(s, r);
    prim_search_reset(s);
    return DA_OK;
}

void prim_search_release(struct prim_search *s)
{
    da_free(s->order);
    da_free(s->low);
    da_free(s->high);
    da_free(s->outside);
    s->order = s->low = s->high = s->outside = NULL;
}

void prim_search_reset(struct prim_search *s)
{
    s->points = s->cases = 0;
    for (uint32_t r = 0; r < s->m; r++) {
        s->outside[r] = s->outside[r] >= PRIM_DEAD ? PRIM_DEAD : 0;
        if (s->outside[r] == 0) {
            s->points++;
            s->cases += is_case(s, r);
        }
    }
    for (int i = 0; i < s->k; i++) {
        s->low[i] = 0;
        s->high[i] = s->m;
    }
}

void prim_search_retire(struct prim_search *s)
{
    for (uint32_t r = 0; r < s->m; r++)
        if (s->outside[r] == 0)
            s->outside[r] = PRIM_DEAD;
    s->points = s->cases = 0;
}

/* The rows of ranks [from, to) of input i leave its range, or (enter) come back into it. */
static void exclude(struct prim_search *s, int i, uint32_t from, uint32_t to)
{
    for (uint32_t r = from; r < to; r++) {
        uint32_t row = row_at(s, i, r);
        if (s->outside[row]++ == 0) {
            s->points--;
            s->cases -= is_case(s, row);
        }
    }
}

static void include(struct prim_search *s, int i, uint32_t from, uint32_t to)
{
    for (uint32_t r = from; r < to; r++) {
        uint32_t row = row_at(s, i, r);
        if (--s->outside[row] == 0) {
            s->points++;
            s->cases += is_case(s, row);
        }
    }
}

void prim_search_move(struct prim_search *s, int i, int side, uint32_t to)
{
    if (side == 0) {
        if (to > s->low[i])
            exclude(s, i, s->low[i], to);
        else
            include(s, i, to, s->low[i]);
        s->low[i] = to;
    } else {
        if (to < s->high[i])
            exclude(s, i, to, s->high[i]);
        else
            include(s, i, s->high[i], to);
        s->high[i] = to;
    }
}

int prim_search_restricted(const struct prim_search *s, int i, int side)
{
    return side == 0 ? s->low[i] > 0 : s->high[i] < s->m;
}

double prim_search_bound(const struct prim_search *s, int i, int side)
{
    if (!prim_search_restricted(s, i, side))
        return side == 0 ? -HUGE_VAL : HUGE_VAL;
    /* Halfway between the last value out and the first in (as the EMA Workbench's quantiles
     * do), so that points not in the search, the held-out ones, are judged fairly; never on
     * either value, which would move a point across. */
    uint32_t r = side == 0 ? s->low[i] : s->high[i];
    if (r == 0 || r >= s->m)
        return value_at(s, i, r == 0 ? 0 : s->m - 1);
    double a = value_at(s, i, r - 1), b = value_at(s, i, r), mid = a / 2 + b / 2;
    /* An input with atoms: the first value in, which it takes (a held-out point takes one of
     * its atoms too, so it falls on the same side as the training points of its value). */
    if (s->atoms && s->atoms[i])
        return side == 0 ? b : a;
    if (side == 0)
        return mid > a ? mid : b;
    return mid < b ? mid : a;
}

static double density_of(uint32_t cases, uint32_t points)
{
    return points ? (double)cases / (double)points : 0;
}

/* At least one row, and the share 'alpha' of n rounded up. */
static uint32_t share_of(double alpha, uint32_t n)
{
    uint32_t c = (uint32_t)ceil(alpha * (double)n);
    return c ? c : 1;
}

/* A peel of side 'side' of input i: the rank its bound moves to and the rows and cases it
 * removes from the box. Equal values go together, so a peel may remove more than 'need'. */
static uint32_t peel_of(const struct prim_search *s, int i, int side, uint32_t need,
                        uint32_t *removed, uint32_t *removed_cases)
{
    uint32_t r = side == 0 ? s->low[i] : s->high[i];
    *removed = *removed_cases = 0;
    while (side == 0 ? r < s->high[i] : r > s->low[i]) {
        uint32_t at = side == 0 ? r++ : --r;
        uint32_t row = row_at(s, i, at);
        if (s->outside[row] == 0) {
            (*removed)++;
            *removed_cases += is_case(s, row);
        }
        if (*removed >= need && r > 0 && r < s->m && value_at(s, i, r) != value_at(s, i, r - 1))
            break;
    }
    return r;
}

static void record(const struct prim_search *s, struct prim_step *step)
{
    step->coverage = s->total_cases ? (double)s->cases / (double)s->total_cases : 0;
    step->density = density_of(s->cases, s->points);
    step->mass = s->m ? (double)s->points / (double)s->m : 0;
    step->restricted = 0;
    for (int i = 0; i < s->k; i++)
        step->restricted += s->low[i] > 0 || s->high[i] < s->m;
}

da_status prim_search_peel(struct prim_search *s, double alpha, struct prim_path *path)
{
    int cap = 64;
    path->n_moves = 0;
    path->steps = da_calloc((size_t)cap + 1, sizeof *path->steps);
    path->moves = da_calloc((size_t)cap, sizeof *path->moves);
    if (!path->steps || !path->moves)
        return DA_ERR_NOMEM;
    record(s, &path->steps[0]);
    for (;;) {
        /* Friedman and Fisher's peel: of the cuts of the share alpha of the box's rows at
         * either end of any input, the one that leaves the densest box. */
        uint32_t need = share_of(alpha, s->points);
        double best = -1;
        struct prim_move move = {-1, 0, 0};
        for (int i = 0; i < s->k; i++) {
            for (int side = 0; side < 2; side++) {
                uint32_t removed, removed_cases;
                uint32_t to = peel_of(s, i, side, need, &removed, &removed_cases);
                uint32_t left = s->points - removed;
                if (removed == 0 || left < s->min_points || left == 0)
                    continue;
                double d = density_of(s->cases - removed_cases, left);
                if (d > best) {
                    best = d;
                    move = (struct prim_move){i, side, to};
                }
            }
        }
        if (move.input < 0)
            return DA_OK;
        if (path->n_moves == cap) {
            struct prim_step *steps =
                da_reallocarray(path->steps, (size_t)cap * 2 + 1, sizeof *steps);
            if (steps)
                path->steps = steps;
            struct prim_move *moves = da_reallocarray(path->moves, (size_t)cap * 2, sizeof *moves);
            if (moves)
                path->moves = moves;
            if (!steps || !moves)
                return DA_ERR_NOMEM;
            cap *= 2;
        }
        prim_search_move(s, move.input, move.side, move.to);
        path->moves[path->n_moves++] = move;
        record(s, &path->steps[path->n_moves]);
    }
}

void prim_path_release(struct prim_path *path)
{
    da_free(path->steps);
    da_free(path->moves);
    path->steps = NULL;
    path->moves = NULL;
}

int prim_path_choose(const struct prim_path *path, int box)
{
    if (box > 0)
        return box < path->n_moves ? box : path->n_moves;
    int best = 0;
    for (int t = 1; t <= path->n_moves; t++) {
        const struct prim_step *a = &path->steps[t], *b = &path->steps[best];
        if (a->coverage * a->density > b->coverage * b->density)
            best = t;
    }
    return best;
}

void prim_search_replay(struct prim_search *s, const struct prim_path *path, int step)
{
    prim_search_reset(s);
    for (int t = 0; t < step && t < path->n_moves; t++)
        prim_search_move(s, path->moves[t].input, path->moves[t].side, path->moves[t].to);
}

/* Whether a row of ranks [from, to) of input i is in the box but for input i. */
static int any_outside_by_one(const struct prim_search *s, int i, uint32_t from, uint32_t to)
{
    for (uint32_t r = from; r < to; r++)
        if (s->outside[row_at(s, i, r)] == 1)
            return 1;
    return 0;
}

/* A paste of side 'side' of input i: the rank its bound moves to, the rows and cases it adds.
 * The rows outside the box's range of i, nearest first, that are in the box on every other
 * input; a bound that would then exclude no such row any more opens. */
static uint32_t paste_of(const struct prim_search *s, int i, int side, uint32_t want,
                         uint32_t *added, uint32_t *added_cases)
{
    uint32_t r = side == 0 ? s->low[i] : s->high[i];
    *added = *added_cases = 0;
    while (side == 0 ? r > 0 : r < s->m) {
        uint32_t at = side == 0 ? --r : r++;
        uint32_t row = row_at(s, i, at);
        if (s->outside[row] == 1) {
            (*added)++;
            *added_cases += is_case(s, row);
        }
        if (*added >= want && r > 0 && r < s->m && value_at(s, i, r) != value_at(s, i, r - 1))
            break;
    }
    if (side == 0 && r > 0 && !any_outside_by_one(s, i, 0, r))
        r = 0;
    if (side == 1 && r < s->m && !any_outside_by_one(s, i, r, s->m))
        r = s->m;
    return r;
}

void prim_search_paste(struct prim_search *s, double alpha)
{
    for (;;) {
        if (s->points == 0)
            return;
        uint32_t want = share_of(alpha, s->points);
        double best = density_of(s->cases, s->points);
        struct prim_move move = {-1, 0, 0};
        for (int i = 0; i < s->k; i++) {
            for (int side = 0; side < 2; side++) {
                if (!prim_search_restricted(s, i, side))
                    continue;
                uint32_t added, added_cases;
                uint32_t to = paste_of(s, i, side, want, &added, &added_cases);
                if (added == 0)
                    continue;
                double d = density_of(s->cases + added_cases, s->points + added);
                if (d > best) {
                    best = d;
                    move = (struct prim_move){i, side, to};
                }
            }
        }
        if (move.input < 0)
            return;
        prim_search_move(s, move.input, move.side, move.to);
    }
}
