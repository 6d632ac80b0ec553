/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sobol.c - Sobol' first- and total-order indices by Saltelli's design, with bootstrap
 * confidence intervals.
 *
 * Two independent matrices A and B of N points in the unit cube, and for each input i the
 * matrix AB_i: A with column i taken from B. With f the metric and V the variance of f over A
 * and B together (Saltelli et al., "Variance based sensitivity analysis of model output",
 * Computer Physics Communications 181, 2010, table 2, estimators (b) and (f)):
 *
 *   S1_i = mean_j (f(B_j) - m) (f(AB_i,j) - f(A_j)) / V      (Saltelli 2010)
 *   ST_i = mean_j (f(A_j) - f(AB_i,j))^2 / (2 V)              (Jansen 1999)
 *
 * where m is the mean of f over A and B: subtracting it leaves the estimator's expectation
 * alone (f(AB_i) - f(A) has mean 0) and takes away the part of its variance that grows with
 * the square of the metric's mean, large for metrics such as a day or a cost (Sobol' 2007).
 *
 * N (k + 2) evaluations. Row j of every matrix uses the streams of replication j, so the
 * events and incidents that are not inputs are the same along a row (common random numbers):
 * they are part of the function whose variance is shared out, not noise between its terms.
 * The confidence half-widths are 1.96 bootstrap standard deviations over 100 resamplings of
 * the rows (as SALib reports them).
 */
#include <math.h>

#include "../model/rng.h"
#include "../util/alloc.h"
#include "analysis.h"

#define BOOTSTRAP 100

struct sobol_design {
    const double *a, *b; /* [j * k + i] */
    int k;
    uint64_t n;
};

static uint64_t sobol_point(const struct evaluation *ev, uint64_t p, double *x)
{
    const struct sobol_design *d = ev->design;
    uint64_t block = p / d->n, j = p % d->n;
    const double *a = &d->a[j * (uint64_t)d->k], *b = &d->b[j * (uint64_t)d->k];
    for (int i = 0; i < d->k; i++) {
        const double *from = block == 0 ? a : block == 1 ? b : (uint64_t)i == block - 2 ? b : a;
        x[i] = analysis_quantile(ev->an, i, from[i]);
    }
    return j;
}

/* The indices of input i over the rows 'rows' (n of them); V from the same rows. */
static void indices(const double *f, uint64_t n, const uint64_t *rows, int i, double *s1,
                    double *st)
{
    const double *fa = f, *fb = f + n, *fab = f + (2 + (uint64_t)i) * n;
    double mean = 0, m2 = 0, first = 0, total = 0;
    for (uint64_t r = 0; r < n; r++) {
        uint64_t j = rows ? rows[r] : r;
        mean += fa[j] + fb[j];
    }
    mean /= (double)(2 * n);
    for (uint64_t r = 0; r < n; r++) {
        uint64_t j = rows ? rows[r] : r;
        m2 += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
        first += (fb[j] - mean) * (fab[j] - fa[j]);
        total += (fa[j] - fab[j]) * (fa[j] - fab[j]);
    }
    double v = m2 / (double)(2 * n);
    *s1 = v > 0 ? first / (double)n / v : 0;
    *st = v > 0 ? total / (double)(2 * n) / v : 0;
}

da_status analysis_sobol(struct da_analysis *an, gsl_rng *rng, int threads,
                         const da_analyze_options *opt)
{
    int k = an->n_inputs;
    uint64_t n = opt->samples ? opt->samples : SOBOL_SAMPLES;
    uint64_t points = n * (uint64_t)(k + 2);
    double *a = da_calloc(n * (uint64_t)k, sizeof *a), *b = da_calloc(n * (uint64_t)k, sizeof *b);
    double *f = da_calloc(points, sizeof *f);
    da_status status = a && b && f ? DA_OK : DA_ERR_NOMEM;
    if (status == DA_OK) {
        for (uint64_t j = 0; j < n * (uint64_t)k; j++)
            a[j] = rng_uniform(rng);
        for (uint64_t j = 0; j < n * (uint64_t)k; j++)
            b[j] = rng_uniform(rng);
        status = analysis_correlate(an, a, n, rng);
        if (status == DA_OK)
            status = analysis_correlate(an, b, n, rng);
    }
    if (status == DA_OK) {
        struct sobol_design design = {a, b, k, n};
        struct evaluation ev = {an, sobol_point, &design, f, points, NULL, NULL};
        status = analysis_evaluate(&ev, threads, opt);
    }
    if (status == DA_OK) {
        analysis_moments(an, f, 2 * n); /* over A and B */
        /* The resamplings are drawn once and used for every input, in input order. */
        uint64_t *resample = da_calloc(n * BOOTSTRAP, sizeof *resample);
        if (!resample)
            status = DA_ERR_NOMEM;
        for (uint64_t j = 0; resample && j < n * BOOTSTRAP; j++)
            resample[j] = (uint64_t)(rng_uniform(rng) * (double)n) % n;
        for (int i = 0; status == DA_OK && i < k; i++) {
            struct input_result *r = &an->inputs[i];
            indices(f, n, NULL, i, &r->S1, &r->ST);
            double s1_sum = 0, s1_sq = 0, st_sum = 0, st_sq = 0;
            for (int t = 0; t < BOOTSTRAP; t++) {
                double s1, st;
                indices(f, n, &resample[(uint64_t)t * n], i, &s1, &st);
                s1_sum += s1;
                s1_sq += s1 * s1;
                st_sum += st;
                st_sq += st * st;
            }
            double s1_var = (s1_sq - s1_sum * s1_sum / BOOTSTRAP) / (BOOTSTRAP - 1);
            double st_var = (st_sq - st_sum * st_sum / BOOTSTRAP) / (BOOTSTRAP - 1);
            r->S1_conf = 1.96 * sqrt(s1_var > 0 ? s1_var : 0);
            r->ST_conf = 1.96 * sqrt(st_var > 0 ? st_var : 0);
        }
        da_free(resample);
        an->samples = n;
        an->evaluations = points;
    }
    da_free(a);
    da_free(b);
    da_free(f);
    return status;
}
