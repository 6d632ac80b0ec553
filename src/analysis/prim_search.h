/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim_search.h - one PRIM search over a set of rows (the training points, or a bootstrap
 * resample of them): the box, the peeling trajectory, pasting and the quasi-p-values.
 *
 * A box is kept as ranks: each input's rows sorted by value once, the box is ranks [low, high)
 * of every input, and each row counts the inputs whose range excludes it. A row is in the box
 * when it counts none, and in the box but for input i when it counts one and lies outside i's
 * range; moving a bound visits only the rows it passes. A peel or a paste never separates
 * equal values, so a rank bound is always a bound on the values (the midpoint between the
 * last value out and the first in).
 */
#ifndef DA_ANALYSIS_PRIM_SEARCH_H
#define DA_ANALYSIS_PRIM_SEARCH_H

#include <stdint.h>

#include "dayafter.h"
#include "prim.h"

/* Added to a row's count when it lies in an earlier box: it is then out of every search. */
#define PRIM_DEAD (1u << 30)

/* A bound moved: input, side (0 low, 1 high), to which rank. */
struct prim_move {
    int input, side;
    uint32_t to;
};

struct prim_search {
    const double *x;        /* [point * k + input] */
    const unsigned char *y; /* per point */
    int k;
    const unsigned char *atoms; /* per input (NULL: none): its values have atoms (prim.h) */
    const uint32_t *rows;       /* the rows: points, repeats allowed */
    uint32_t m;
    uint32_t *order;        /* [input * m + rank]: the rows by the input's value */
    uint32_t *low, *high;   /* per input: the box is ranks [low, high) */
    uint32_t *outside;      /* per row: the inputs whose range excludes it (+ PRIM_DEAD) */
    uint32_t points, cases; /* rows in the box, and the cases among them */
    uint32_t total_cases;   /* cases among all the rows: coverage's denominator */
    uint32_t min_points;    /* peeling stops before a box would hold fewer rows */
};

/* A peeling trajectory: the boxes' statistics (n_moves + 1 of them) and the moves between. */
struct prim_path {
    struct prim_step *steps;
    struct prim_move *moves;
    int n_moves;
};

da_status prim_search_init(struct prim_search *s, const double *x, const unsigned char *y, int k,
                           const unsigned char *atoms, const uint32_t *rows, uint32_t m,
                           uint32_t min_points);
void prim_search_release(struct prim_search *s);

/* The whole space: every bound open, the rows of earlier boxes still out. */
void prim_search_reset(struct prim_search *s);
/* Marks the rows in the box as in an earlier box. */
void prim_search_retire(struct prim_search *s);
/* Moves a bound of input i to rank 'to'. */
void prim_search_move(struct prim_search *s, int i, int side, uint32_t to);
/* Whether the box restricts side 'side' of input i; the bound in the inputs' units (of an input
 * with atoms, the first value in the box on that side). */
int prim_search_restricted(const struct prim_search *s, int i, int side);
double prim_search_bound(const struct prim_search *s, int i, int side);

/* Peels from the current box (reset first) while a peel leaves at least min_points rows,
 * recording the trajectory into 'path' (released with prim_path_release()). */
da_status prim_search_peel(struct prim_search *s, double alpha, struct prim_path *path);
void prim_path_release(struct prim_path *path);
/* The step of the trajectory the method keeps: 'box' (> 0, clipped to the last step) or the
 * largest coverage x density. */
int prim_path_choose(const struct prim_path *path, int box);
/* Back to the whole space, then the first 'step' moves of 'path'. */
void prim_search_replay(struct prim_search *s, const struct prim_path *path, int step);
/* Pasting: widens the box while a widening by 'alpha' of its rows raises its density. */
void prim_search_paste(struct prim_search *s, double alpha);

/* Quasi-p-value of side 'side' of input i (Bryant and Lempert 2010): the chance, under the
 * density of the box without that restriction, of at least as many cases of interest as the
 * box holds among as many rows. */
double prim_search_quasi_p(const struct prim_search *s, int i, int side);
/* Drops, one at a time, the restriction with the largest quasi-p-value while it is above
 * 'significance', recording it in 'limits' (may be NULL); then records the kept ones. */
void prim_search_prune(struct prim_search *s, double significance, struct prim_limit *limits);

#endif /* DA_ANALYSIS_PRIM_SEARCH_H */
