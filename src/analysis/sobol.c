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
 * A group of inputs G (groups.c) is one more matrix AB_G, A with the columns of G taken from
 * B, and the same estimators give the group's closed first-order index (the share of the
 * variance that G's inputs explain together, their interactions among themselves included)
 * and its total index (Saltelli 2002, "Making best use of model evaluations to compute
 * sensitivity indices", section 3; Jacques et al. 2006 for groups).
 *
 * N (k + g + 2) evaluations for g groups. Row j of every matrix uses the streams of
 * replication j, so the incidents are the same along a row (common random numbers): they are
 * part of the function whose variance is shared out, not noise between its terms.
 * The confidence half-widths are 1.96 bootstrap standard deviations over 100 resamplings of
 * the rows (as SALib reports them).
 *
 * Each index also gets its rounding floor: how far it can move when every value of f moves by
 * its rounding, rho |f|. An input that cannot move the metric may still change its last bits
 * (an area's population, for the strength deployed at the end): f(AB_i) and f(A) differ by an ulp
 * here and there, and S1 comes out as -5e-17 +- 5e-17, below 0 by more than its interval,
 * which is rounding, not a sample too small. The floor is the first-order bound of the
 * estimators' change, from their own sums: with a, b, c the values of f at A_j, B_j, AB_i,j,
 * S1 = N1 / V and ST = NT / V,
 *
 *   dN1 <= rho / n sum_j (|b - m| (|c| + |a|) + |c - a| (|b| + |m|))
 *   dNT <= rho / n sum_j |a - c| (|a| + |c|)
 *   dV  <= rho / n sum_j (|a - m| |a| + |b - m| |b|)
 *
 * and dS = (dN + |S| dV) / V. rho is the relative rounding of a metric computed over the
 * horizon's days, a recursion whose error can grow by a rounding a step: H DBL_EPSILON (the
 * gamma_n of Higham, "Accuracy and Stability of Numerical Algorithms", 2002, section 3.1,
 * with n = H). The bound need not be tight: an excursion by rounding is of the order of
 * DBL_EPSILON |m| / sd, one by sampling of 1 / sqrt(n), and the floor lies far between.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/rng.h"
#include "../util/alloc.h"
#include "analysis.h"
#include "method.h"

#define BOOTSTRAP 100

struct sobol_design {
    /* [j * k + i]: the inputs' values at A's and B's points, their quantiles, worked out once
     * for every point that takes them (the quantiles of some distributions are iterations of
     * their own, and each of A's values is taken by k + g + 1 points) */
    const double *a, *b;
    int k;
    uint64_t n;
};

/* Point p: row j of block A (0), B (1), AB_i (2 + i) or AB_G (2 + k + g). */
static uint64_t sobol_point(const struct evaluation *ev, uint64_t p, double *x)
{
    const struct sobol_design *d = ev->design;
    uint64_t block = p / d->n, j = p % d->n;
    const double *a = &d->a[j * (uint64_t)d->k], *b = &d->b[j * (uint64_t)d->k];
    memcpy(x, block == 1 ? b : a, (size_t)d->k * sizeof *x);
    if (block >= 2 && block < 2 + (uint64_t)d->k) {
        int i = (int)(block - 2);
        x[i] = b[i];
    } else if (block >= 2 + (uint64_t)d->k) {
        const struct analysis_group *g = &ev->an->groups[block - 2 - (uint64_t)d->k];
        for (int m = 0; m < g->n_members; m++)
            x[g->members[m]] = b[g->members[m]];
    }
    return j;
}

/* The indices of the input or group whose block is 'block' (2 + its index) over the rows
 * 'rows' (n of them); V from the same rows. */
static void indices(const double *f, uint64_t n, const uint64_t *rows, uint64_t block, double *s1,
                    double *st)
{
    const double *fa = f, *fb = f + n, *fab = f + block * n;
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

/* The rounding floors of the indices of the block 'block' (see the top of the file), for a
 * relative rounding 'rho' of each value of f, into r (whose S1 and ST are known). */
static void rounding_floors(const double *f, uint64_t n, uint64_t block, double rho,
                            struct input_result *r)
{
    const double *fa = f, *fb = f + n, *fab = f + block * n;
    double mean = 0, m2 = 0, d1 = 0, dt = 0, dv = 0;
    for (uint64_t j = 0; j < n; j++)
        mean += fa[j] + fb[j];
    mean /= (double)(2 * n);
    for (uint64_t j = 0; j < n; j++) {
        double diff = fabs(fab[j] - fa[j]), size = fabs(fab[j]) + fabs(fa[j]);
        m2 += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
        d1 += fabs(fb[j] - mean) * size + diff * (fabs(fb[j]) + fabs(mean));
        dt += diff * size;
        dv += fabs(fa[j] - mean) * fabs(fa[j]) + fabs(fb[j] - mean) * fabs(fb[j]);
    }
    double v = m2 / (double)(2 * n);
    if (!(v > 0))
        return; /* the indices are 0 by definition: nothing to round */
    d1 *= rho / (double)n;
    dt *= rho / (double)n;
    dv *= rho / (double)n;
    r->S1_floor = (d1 + fabs(r->S1) * dv) / v;
    r->ST_floor = (dt + fabs(r->ST) * dv) / v;
}

/* The indices of the block 'block' into r, with their bootstrap half-widths. */
static void bootstrap(const double *f, uint64_t n, const uint64_t *resample, uint64_t block,
                      struct input_result *r)
{
    indices(f, n, NULL, block, &r->S1, &r->ST);
    double s1_sum = 0, s1_sq = 0, st_sum = 0, st_sq = 0;
    for (int t = 0; t < BOOTSTRAP; t++) {
        double s1, st;
        indices(f, n, &resample[(uint64_t)t * n], block, &s1, &st);
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

static bool by_alloc(struct by_indices *b, size_t n)
{
    n = n ? n : 1;
    b->S1 = da_calloc(n, sizeof *b->S1);
    b->S1_conf = da_calloc(n, sizeof *b->S1_conf);
    b->ST = da_calloc(n, sizeof *b->ST);
    b->ST_conf = da_calloc(n, sizeof *b->ST_conf);
    return b->S1 && b->S1_conf && b->ST && b->ST_conf;
}

static void by_store(struct by_indices *b, size_t at, const struct input_result *r)
{
    b->S1[at] = r->S1;
    b->S1_conf[at] = r->S1_conf;
    b->ST[at] = r->ST;
    b->ST_conf[at] = r->ST_conf;
}

/* analyze --by: the indices of each of the series' outputs (weeks or areas), from the same
 * runs and the same bootstrap resamplings as the metric's. 'by' holds per point the outputs
 * and the metric, n_by + 1 values. An output that varies by its rounding alone does not vary:
 * its variance is 0 and its indices are, as those of an output that is the same in every run
 * (shared out, its last bits ranked an area's population first, at S1 0.93, in weeks where
 * every run deployed the same force). */
static da_status by_outputs(struct da_analysis *an, const double *by, uint64_t n, uint64_t points,
                            const uint64_t *resample)
{
    int k = an->n_inputs, g = an->n_groups, K = an->n_by;
    double *column = da_calloc(points, sizeof *column);
    an->by_mean = da_calloc((size_t)K, sizeof *an->by_mean);
    an->by_variance = da_calloc((size_t)K, sizeof *an->by_variance);
    if (!column || !an->by_mean || !an->by_variance ||
        !by_alloc(&an->by_inputs, (size_t)K * (size_t)k) ||
        !by_alloc(&an->by_groups, (size_t)K * (size_t)g)) {
        da_free(column);
        return DA_ERR_NOMEM;
    }
    for (int o = 0; o < K; o++) {
        for (uint64_t p = 0; p < points; p++)
            column[p] = by[p * (uint64_t)(K + 1) + (uint64_t)o];
        /* Over A and B, as the metric's. */
        analysis_mean_variance(column, 2 * n, &an->by_mean[o], &an->by_variance[o]);
        bool moves = analysis_varies(an, column, 2 * n, an->by_variance[o]);
        if (!moves)
            an->by_variance[o] = 0;
        for (int i = 0; i < k + g; i++) {
            struct input_result r = {0};
            if (moves)
                bootstrap(column, n, resample, 2 + (uint64_t)i, &r);
            if (i < k)
                by_store(&an->by_inputs, (size_t)o * (size_t)k + (size_t)i, &r);
            else
                by_store(&an->by_groups, (size_t)o * (size_t)g + (size_t)(i - k), &r);
        }
    }
    da_free(column);
    return DA_OK;
}

/* Whether the design of n base samples fits in DA_RUN_MAX_BYTES: the matrices A and B, the
 * metric of every point, and with --by every point's outputs and their indices
 * (analysis_design_fits(an, )). */
static da_status design_fits(const struct da_analysis *an, uint64_t n, uint64_t points,
                             const da_analyze_options *opt)
{
    bool by = an->series >= 0;
    double k = an->n_inputs, g = an->n_groups, outputs = by ? an->n_by : 0;
    double bytes = 8.0 * (2 * (double)n * k + (double)points * (1 + (by ? outputs + 1 : 0)) +
                          4 * outputs * (k + g));
    return analysis_design_fits(an, bytes, (double)points, "Sobol'",
                                by ? ", each read on every week or area" : "",
                                by ? " or leave out --by" : "", opt);
}

/* The total-order index ranks the inputs: it counts every effect an input has. */
double sobol_influence(const struct da_analysis *an, int i)
{
    return an->inputs[i].ST;
}

da_status analysis_sobol(struct da_analysis *an, gsl_rng *rng, int threads,
                         const da_analyze_options *opt)
{
    int k = an->n_inputs;
    uint64_t n = opt->samples ? opt->samples : SOBOL_SAMPLES;
    uint64_t points = n * (uint64_t)(k + an->n_groups + 2);
    da_status fits = design_fits(an, n, points, opt);
    if (fits != DA_OK)
        return fits;
    double *a = da_calloc(n * (uint64_t)k, sizeof *a), *b = da_calloc(n * (uint64_t)k, sizeof *b);
    double *f = da_calloc(points, sizeof *f);
    int outputs = an->series >= 0 ? an->n_by : 0;
    double *by = outputs ? da_calloc(points * (uint64_t)(outputs + 1), sizeof *by) : NULL;
    da_status status = a && b && f && (by || !outputs) ? DA_OK : DA_ERR_NOMEM;
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
        for (uint64_t j = 0; j < n * (uint64_t)k; j++) {
            int i = (int)(j % (uint64_t)k);
            a[j] = analysis_quantile(an, i, a[j]);
            b[j] = analysis_quantile(an, i, b[j]);
        }
        struct sobol_design design = {a, b, k, n};
        struct evaluation ev = {an, sobol_point, &design, f, points, by, outputs, NULL, NULL};
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
        double rho = analysis_rounding(an);
        for (int i = 0; status == DA_OK && i < k + an->n_groups; i++) {
            struct input_result *r = i < k ? &an->inputs[i] : &an->groups[i - k].result;
            if (!(an->variance > 0)) { /* none, or its rounding alone: nothing to share out */
                r->S1 = r->S1_conf = r->ST = r->ST_conf = r->S1_floor = r->ST_floor = 0;
                continue;
            }
            bootstrap(f, n, resample, 2 + (uint64_t)i, r);
            rounding_floors(f, n, 2 + (uint64_t)i, rho, r);
        }
        if (status == DA_OK && outputs)
            status = by_outputs(an, by, n, points, resample);
        da_free(resample);
        an->samples = n;
        an->evaluations = points;
    }
    da_free(a);
    da_free(b);
    da_free(f);
    da_free(by);
    return status;
}
