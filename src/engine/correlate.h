/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * correlate.h - rank correlations imposed on samples by Iman and Conover's method (see
 * correlate.c), with the working memory of one sample size, allocated once.
 */
#ifndef DA_ENGINE_CORRELATE_H
#define DA_ENGINE_CORRELATE_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stddef.h>

#include "../scenario/correlations.h"
#include "dayafter.h"

struct correlate_key {
    double key;
    size_t row;
};

struct correlate {
    size_t n; /* rows */
    int m;    /* columns */
    double *scores, *t, *column, *e;
    struct correlate_key *order;
};

da_status correlate_init(struct correlate *c, size_t n, int m);
void correlate_release(struct correlate *c);

/* Reorders within each column the n x m values 'x' (row-major) so that their rank
 * correlations approach those of the target whose normal scores' correlation has the lower
 * Cholesky factor 'chol' (m x m). Each column keeps its values. False when the scores'
 * own correlation is singular (n too small for m). */
bool correlate_rearrange(struct correlate *c, double *x, const double *chol, gsl_rng *rng);

#endif /* DA_ENGINE_CORRELATE_H */
