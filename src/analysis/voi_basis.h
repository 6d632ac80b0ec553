/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * voi_basis.h - how one uncertainty enters the regressions of the value of information
 * (evppi.c): the columns of its term in a regression on it, at a level of flexibility that
 * generalized cross-validation chooses (see voi_basis.c).
 */
#ifndef DA_ANALYSIS_VOI_BASIS_H
#define DA_ANALYSIS_VOI_BASIS_H

#include <gsl/gsl_matrix.h>
#include <stdbool.h>
#include <stdint.h>

#include "dayafter.h"

/* An uncertainty with at most this many distinct values (and at most half as many as points)
 * is discrete: one indicator per value (group means) instead of a curve. */
#define VOI_DISCRETE_MAX 12
/* A value that at least this share of the points take, two at least (a milestone that never
 * comes, counted as the horizon), is an atom: it gets an indicator of its own, so that the curve
 * does not smooth over the jump there. */
#define VOI_ATOM_SHARE 0.05
/* The most interior knots a curve has: min(VOI_KNOTS_MAX, n / VOI_POINTS_PER_KNOT). */
#define VOI_KNOTS_MAX       10
#define VOI_POINTS_PER_KNOT 50

struct voi_basis {
    const double *x; /* the n values (borrowed) */
    uint64_t n;
    double lo, hi;
    bool discrete;
    double *levels; /* discrete: the distinct values; else the atoms */
    int n_levels;
    double *rest; /* continuous: the values that are not atoms, sorted */
    uint64_t n_rest;
};

/* Levels of flexibility: 0 no term; 1 a straight line (discrete: the group means); from 2 a
 * cubic B-spline with level - 2 interior knots (discrete: the group means still). */
da_status voi_basis_init(struct voi_basis *b, const double *x, uint64_t n);
void voi_basis_release(struct voi_basis *b);

/* The highest level that differs from the one below it, for n points. */
int voi_basis_max_level(const struct voi_basis *b);

/* The number of columns of the term at 'level' (the intercept is the regression's). */
int voi_basis_columns(const struct voi_basis *b, int level);

/* Writes the term's columns at 'level' into X from column 'col' on, one row per point. */
da_status voi_basis_fill(const struct voi_basis *b, int level, gsl_matrix *X, size_t col);

#endif /* DA_ANALYSIS_VOI_BASIS_H */
