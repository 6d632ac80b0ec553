/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * correlate.c - rank correlations imposed on samples by Iman and Conover's method ("A
 * distribution-free approach to inducing rank correlation among input variables",
 * Communications in Statistics B 11, 1982).
 *
 * Each column's values are kept and only reordered, so every input keeps exactly the values
 * it was drawn with (its distribution is untouched). The order comes from van der Waerden
 * scores Phi^-1(i / (n + 1)), shuffled per column, whose sample correlation E = Q Q^T is undone
 * and replaced by the target C = P P^T: t = s Q^-T P^T. Each column's values are then placed
 * in the rank order of its column of t, whose rank correlations are close to the target's.
 */
#include "correlate.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/rng.h"
#include "../scenario/correlations.h"
#include "../util/alloc.h"
#include "../util/sort.h"

da_status correlate_init(struct correlate *c, size_t n, int m)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    c->m = m;
    size_t cells = n * (size_t)m;
    c->scores = da_calloc(cells, sizeof *c->scores);
    c->t = da_calloc(cells, sizeof *c->t);
    c->column = da_calloc(n, sizeof *c->column);
    c->order = da_calloc(n, sizeof *c->order);
    c->e = da_calloc((size_t)m * (size_t)m, sizeof *c->e);
    if (!c->scores || !c->t || !c->column || !c->order || !c->e) {
        correlate_release(c);
        return DA_ERR_NOMEM;
    }
    return DA_OK;
}

void correlate_release(struct correlate *c)
{
    da_free(c->scores);
    da_free(c->t);
    da_free(c->column);
    da_free(c->order);
    da_free(c->e);
    memset(c, 0, sizeof *c);
}

/* Row indices sorted by one column of t, ties by row: (value, row) pairs need no context. */
static int compare_keyed(const void *pa, const void *pb)
{
    const struct correlate_key *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

bool correlate_rearrange(struct correlate *c, double *x, const double *chol, gsl_rng *rng)
{
    size_t n = c->n;
    int m = c->m;
    /* Scores, each column a shuffle of the same n van der Waerden scores. */
    for (int j = 0; j < m; j++) {
        for (size_t i = 0; i < n; i++)
            c->scores[i * (size_t)m + (size_t)j] =
                gsl_cdf_ugaussian_Pinv((double)(i + 1) / (double)(n + 1));
        for (size_t i = n - 1; i > 0; i--) {
            size_t k = (size_t)(rng_uniform(rng) * (double)(i + 1));
            double *a = &c->scores[i * (size_t)m + (size_t)j],
                   *b = &c->scores[k * (size_t)m + (size_t)j];
            double swap = *a;
            *a = *b;
            *b = swap;
        }
    }
    /* Their correlation E (the scores have mean 0 and the same spread in every column). */
    double var = 0;
    for (size_t i = 0; i < n; i++)
        var += c->scores[i * (size_t)m] * c->scores[i * (size_t)m];
    for (int a = 0; a < m; a++) {
        for (int b = 0; b < m; b++) {
            double sum = 0;
            for (size_t i = 0; i < n; i++)
                sum += c->scores[i * (size_t)m + (size_t)a] * c->scores[i * (size_t)m + (size_t)b];
            c->e[a * m + b] = sum / var;
        }
    }
    if (!correlation_cholesky(c->e, m))
        return false;
    /* t = s Q^-T P^T, row by row: y Q^T = s by forward substitution, then t = y P^T. */
    double y[CORRELATION_MAX_INPUTS];
    for (size_t i = 0; i < n; i++) {
        const double *s = &c->scores[i * (size_t)m];
        double *t = &c->t[i * (size_t)m];
        for (int j = 0; j < m; j++) {
            double sum = s[j];
            for (int k = 0; k < j; k++)
                sum -= y[k] * c->e[j * m + k];
            y[j] = sum / c->e[j * m + j];
        }
        for (int j = 0; j < m; j++) {
            double sum = 0;
            for (int k = 0; k <= j; k++)
                sum += y[k] * chol[j * m + k];
            t[j] = sum;
        }
    }
    /* Each column's sorted values, placed in the rank order of t's column. */
    struct correlate_key *keyed = c->order;
    for (int j = 0; j < m; j++) {
        for (size_t i = 0; i < n; i++) {
            c->column[i] = x[i * (size_t)m + (size_t)j];
            keyed[i].key = c->t[i * (size_t)m + (size_t)j];
            keyed[i].row = i;
        }
        qsort(c->column, n, sizeof c->column[0], sort_doubles_ascending);
        qsort(keyed, n, sizeof keyed[0], compare_keyed);
        for (size_t r = 0; r < n; r++)
            x[keyed[r].row * (size_t)m + (size_t)j] = c->column[r];
    }
    return true;
}
