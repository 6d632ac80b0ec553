/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evppi.c - the expected value of perfect information (EVPI) and of partial perfect information
 * (EVPPI) by the regression-based estimator of Strong, Oakley and Brennan ("Estimating
 * multiparameter partial expected value of perfect information from a probabilistic
 * sensitivity analysis sample: a nonparametric regression approach", Medical Decision Making
 * 34(3), 2014).
 *
 * With NB[j][d] the net benefit of option d at point j of one sample (every option evaluated
 * at the same point: paired results), the choice made now is the option with the best mean, and
 *
 *   EVPI  = mean_j max_d NB[j][d] - max_d mean_j NB[j][d].
 *
 * Knowing an uncertainty phi first, one would choose by E[NB_d | phi]. The increment of option
 * d over the option chosen now, c, NB_d - NB_c, is regressed on phi; its fitted values
 * g_d(phi_j) estimate E[NB_d - NB_c | phi_j] (g_c = 0), and
 *
 *   EVPPI = mean_j max_d g_d(phi_j) - max_d mean_j g_d(phi_j).
 *
 * A conditional expectation lies within the values it averages, so the fitted values are kept
 * within each increment's range in the sample: where c is best in every run, no increment is
 * above 0 and knowing anything is worth exactly 0, as it is, instead of what a curve's
 * overshoot at the edge of the data would add.
 *
 * The regression (voi_basis.c for its terms): a regression spline in phi by least squares
 * (GSL's gsl_multifit_linear); for a group, the sum of its members' terms (an additive model,
 * where Strong et al. fit tensor products or a Gaussian process: it misses what the members do
 * only together, so a group's EVPPI is a lower estimate when their interaction decides the
 * choice). The flexibility (no term, a line, or a curve with 0 to min(10, n / 50) interior
 * knots at quantiles, the same for every member) is chosen per option by generalized
 * cross-validation (Craven and Wahba 1979), GCV = n RSS / (n - p)^2 over models of p <= n / 2
 * coefficients: too rigid a curve misses where the choice changes, too flexible a one fits the
 * noise, whose maximum biases the EVPPI upwards.
 *
 * The standard error is Strong et al.'s: the spread of the EVPPI over VOI_SE_DRAWS draws of
 * each regression's coefficients from their sampling distribution (normal, with the
 * least-squares covariance), which counts the regression's error in the fitted values. The
 * same draws' mean less the estimate is the parametric bootstrap's estimate of the upward bias
 * that this error adds through the maximum over the options (an input that has nothing to do
 * with the choice still gets a little). The draws come from stream RNG_STREAM_DESIGN of
 * "replication" 1 of the sample's seed, the same for every uncertainty and group, so that the
 * results do not depend on the order in which they are computed.
 *
 * Both estimates take their maxima and means in the same order of points, so that a choice that
 * no information changes (one option best everywhere, or fitted values that do not vary) is
 * worth exactly 0.
 */
#include "evppi.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#include "../model/rng.h"
#include "../util/alloc.h"
#include "voi_basis.h"

int voi_chosen_now(const struct voi_sample *s)
{
    int best = 0;
    double best_mean = -HUGE_VAL;
    for (int d = 0; d < s->n_options; d++) {
        double sum = 0;
        for (uint64_t j = 0; j < s->n; j++)
            sum += s->nb[j * (uint64_t)s->n_options + (uint64_t)d];
        double mean = sum / (double)s->n;
        if (mean > best_mean) {
            best_mean = mean;
            best = d;
        }
    }
    return best;
}

/* The increments of the other options over the one chosen now, 'base': column c (0 to
 * options - 2) is option c, or c + 1 from the base on. */
struct increments {
    double *inc;     /* [c * n + j] */
    double *lo, *hi; /* per column: its least and greatest value */
    int base;
};

static int option_of(int base, int c)
{
    return c < base ? c : c + 1;
}

static da_status increments_init(struct increments *in, const struct voi_sample *s)
{
    uint64_t n = s->n, k = (uint64_t)s->n_options;
    in->base = voi_chosen_now(s);
    in->inc = da_calloc((k - 1) * n, sizeof *in->inc);
    in->lo = da_calloc(k, sizeof *in->lo);
    in->hi = da_calloc(k, sizeof *in->hi);
    if (!in->inc || !in->lo || !in->hi)
        return DA_ERR_NOMEM;
    for (uint64_t c = 0; c + 1 < k; c++) {
        uint64_t d = (uint64_t)option_of(in->base, (int)c), b = (uint64_t)in->base;
        in->lo[c] = HUGE_VAL;
        in->hi[c] = -HUGE_VAL;
        for (uint64_t j = 0; j < n; j++) {
            double v = s->nb[j * k + d] - s->nb[j * k + b];
            in->inc[c * n + j] = v;
            in->lo[c] = fmin(in->lo[c], v);
            in->hi[c] = fmax(in->hi[c], v);
        }
    }
    return DA_OK;
}

static void increments_release(struct increments *in)
{
    da_free(in->inc);
    da_free(in->lo);
    da_free(in->hi);
}

/* The value of choosing with the estimates g of the increments (as in struct increments; the
 * base's is 0) over choosing on their means: mean_j max_d - max_d mean_j. 'chosen', when not
 * NULL, gets the share of the points at which each option is the best: the base where none
 * does better, else the first of the best. */
static double choice_value(const double *g, uint64_t n, int options, int base, double *chosen)
{
    if (chosen)
        for (int d = 0; d < options; d++)
            chosen[d] = 0;
    double total = 0;
    for (uint64_t j = 0; j < n; j++) {
        double best = 0;
        int arg = base;
        for (int c = 0; c < options - 1; c++) {
            double v = g[(uint64_t)c * n + j];
            if (v > best) {
                best = v;
                arg = option_of(base, c);
            }
        }
        total += best;
        if (chosen)
            chosen[arg] += 1;
    }
    double top = 0;
    for (int c = 0; c < options - 1; c++) {
        double sum = 0;
        for (uint64_t j = 0; j < n; j++)
            sum += g[(uint64_t)c * n + j];
        top = fmax(top, sum / (double)n);
    }
    if (chosen)
        for (int d = 0; d < options; d++)
            chosen[d] /= (double)n;
    return total / (double)n - top;
}

void voi_evpi(const struct voi_sample *s, struct voi_value *out)
{
    out->se = out->bias = (double)NAN;
    struct increments in;
    out->value = increments_init(&in, s) == DA_OK
                     ? choice_value(in.inc, s->n, s->n_options, in.base, out->chosen)
                     : (double)NAN;
    increments_release(&in);
}

/* ---- the regressions ---------------------------------------------------------------------- */

struct regression {
    const struct voi_sample *s;
    const struct increments *in;
    const double *inc; /* in->inc */
    struct voi_basis *terms;
    int m;
    double *xdata; /* room for X, n x p_max */
    gsl_multifit_linear_workspace *work;
};

/* Keeps the fitted values of increment c within the values the sample shows, where its
 * conditional expectation lies: a curve that overshoots at the edge of the data would
 * otherwise find a gain that no run has (with the base chosen in every run, none). */
static void clamp(const struct increments *in, int c, double *g, uint64_t n)
{
    for (uint64_t j = 0; j < n; j++)
        g[j] = fmin(fmax(g[j], in->lo[c]), in->hi[c]);
}

/* The member's level when the group's is 'level': a discrete one has nothing above 1. */
static int member_level(const struct voi_basis *b, int level)
{
    int top = voi_basis_max_level(b);
    return level < top ? level : top;
}

static size_t coefficients(const struct regression *r, int level)
{
    size_t p = 1;
    for (int i = 0; i < r->m; i++)
        p += (size_t)voi_basis_columns(&r->terms[i], member_level(&r->terms[i], level));
    return p;
}

/* X at 'level': the intercept, then each member's term. */
static da_status design(const struct regression *r, int level, gsl_matrix_view *X)
{
    size_t p = coefficients(r, level), col = 1;
    *X = gsl_matrix_view_array(r->xdata, r->s->n, p);
    for (uint64_t j = 0; j < r->s->n; j++)
        gsl_matrix_set(&X->matrix, j, 0, 1);
    da_status status = DA_OK;
    for (int i = 0; status == DA_OK && i < r->m; i++) {
        int l = member_level(&r->terms[i], level);
        status = voi_basis_fill(&r->terms[i], l, &X->matrix, col);
        col += (size_t)voi_basis_columns(&r->terms[i], l);
    }
    return status;
}

/* Per increment c, the level of least GCV into level[c]; *fits false when no model with a
 * term fits in n / 2 coefficients. */
static da_status choose_levels(const struct regression *r, int *level, bool *fits)
{
    uint64_t n = r->s->n;
    int options = r->s->n_options, top = 0;
    for (int i = 0; i < r->m; i++) {
        int l = voi_basis_max_level(&r->terms[i]);
        top = l > top ? l : top;
    }
    double *best = da_calloc((size_t)options, sizeof *best);
    double *c = da_calloc(coefficients(r, top) + 1, sizeof *c);
    if (!best || !c) {
        da_free(best);
        da_free(c);
        return DA_ERR_NOMEM;
    }
    for (int d = 0; d < options - 1; d++) {
        best[d] = HUGE_VAL;
        level[d] = 0;
    }
    *fits = false;
    da_status status = DA_OK;
    for (int l = 0; status == DA_OK && l <= top; l++) {
        size_t p = coefficients(r, l);
        if (l > 0 && 2 * p > n)
            continue;
        *fits = *fits || l > 0;
        gsl_matrix_view X;
        status = design(r, l, &X);
        if (status == DA_OK && gsl_multifit_linear_bsvd(&X.matrix, r->work))
            status = DA_ERR_NUMERIC;
        gsl_vector_view cv = gsl_vector_view_array(c, p);
        for (int d = 0; status == DA_OK && d < options - 1; d++) {
            gsl_vector_const_view y = gsl_vector_const_view_array(&r->inc[(uint64_t)d * n], n);
            double rnorm, snorm;
            if (gsl_multifit_linear_solve(0.0, &X.matrix, &y.vector, &cv.vector, &rnorm, &snorm,
                                          r->work)) {
                status = DA_ERR_NUMERIC;
                break;
            }
            double rest = (double)n - (double)p;
            double gcv = (double)n * rnorm * rnorm / (rest * rest);
            if (gcv < best[d]) {
                best[d] = gcv;
                level[d] = l;
            }
        }
    }
    da_free(best);
    da_free(c);
    return status;
}

/* The regression of increment d at 'level': its fitted values into g (n) and, into W (n x p),
 * X times a square root of the coefficients' covariance, so that g + W z for z standard normal
 * is a draw of the fitted values. */
static da_status fit(const struct regression *r, int d, int level, double *g, double **W,
                     size_t *p_out)
{
    uint64_t n = r->s->n;
    size_t p = coefficients(r, level);
    gsl_matrix_view X;
    da_status status = design(r, level, &X);
    double *c = da_calloc(p, sizeof *c), *cov = da_calloc(p * p, sizeof *cov);
    double *eval = da_calloc(p, sizeof *eval), *evec = da_calloc(p * p, sizeof *evec);
    *W = da_calloc(n * p, sizeof **W);
    gsl_eigen_symmv_workspace *ew = NULL;
    if (status == DA_OK &&
        (!c || !cov || !eval || !evec || !*W || !(ew = gsl_eigen_symmv_alloc(p))))
        status = DA_ERR_NOMEM;
    gsl_vector_view cv = gsl_vector_view_array(c, p), ev = gsl_vector_view_array(eval, p);
    gsl_matrix_view covm = gsl_matrix_view_array(cov, p, p);
    gsl_matrix_view vecm = gsl_matrix_view_array(evec, p, p);
    gsl_vector_const_view y = gsl_vector_const_view_array(&r->inc[(uint64_t)d * n], n);
    double chisq;
    if (status == DA_OK &&
        (gsl_multifit_linear(&X.matrix, &y.vector, &cv.vector, &covm.matrix, &chisq, r->work) ||
         gsl_eigen_symmv(&covm.matrix, &ev.vector, &vecm.matrix, ew)))
        status = DA_ERR_NUMERIC;
    if (status == DA_OK) {
        gsl_vector_view gv = gsl_vector_view_array(g, n);
        gsl_blas_dgemv(CblasNoTrans, 1.0, &X.matrix, &cv.vector, 0.0, &gv.vector);
        clamp(r->in, d, g, n);
        /* V diag(sqrt(lambda)): a square root of the covariance; rounding may leave tiny
         * negative eigenvalues of a covariance that is only semi-definite (an exact fit). */
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++)
                evec[a * p + b] *= sqrt(fmax(eval[b], 0));
        gsl_matrix_view Wm = gsl_matrix_view_array(*W, n, p);
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &X.matrix, &vecm.matrix, 0.0, &Wm.matrix);
    }
    if (ew)
        gsl_eigen_symmv_free(ew);
    da_free(c);
    da_free(cov);
    da_free(eval);
    da_free(evec);
    *p_out = p;
    return status;
}

/* The standard deviation of the EVPPI over VOI_SE_DRAWS draws of the fitted values, and the
 * draws' mean less the estimate 'value': the parametric bootstrap's estimate of the upward bias
 * (Efron and Tibshirani, "An introduction to the bootstrap", 1993, section 10.2) that the
 * regression's error adds to the maximum over the options. */
static da_status standard_error(const struct voi_sample *s, const struct increments *in,
                                const double *g, double *const *W, const size_t *p,
                                struct voi_value *out)
{
    uint64_t n = s->n;
    int options = s->n_options;
    size_t p_max = 1;
    for (int d = 0; d < options - 1; d++)
        p_max = p[d] > p_max ? p[d] : p_max;
    double *draw = da_calloc((uint64_t)(options - 1) * n, sizeof *draw);
    double *z = da_calloc(p_max, sizeof *z);
    gsl_rng *rng = draw && z ? rng_alloc() : NULL;
    if (!rng) {
        da_free(draw);
        da_free(z);
        return DA_ERR_NOMEM;
    }
    rng_seed(rng, s->seed, 1, RNG_STREAM_DESIGN);
    double mean = 0, m2 = 0;
    for (int t = 0; t < VOI_SE_DRAWS; t++) {
        for (int d = 0; d < options - 1; d++) {
            for (size_t c = 0; c < p[d]; c++)
                z[c] = gsl_ran_gaussian(rng, 1.0);
            gsl_matrix_const_view Wm = gsl_matrix_const_view_array(W[d], n, p[d]);
            gsl_vector_const_view zv = gsl_vector_const_view_array(z, p[d]);
            gsl_vector_view row = gsl_vector_view_array(&draw[(uint64_t)d * n], n);
            memcpy(row.vector.data, &g[(uint64_t)d * n], n * sizeof *draw);
            gsl_blas_dgemv(CblasNoTrans, 1.0, &Wm.matrix, &zv.vector, 1.0, &row.vector);
            clamp(in, d, row.vector.data, n);
        }
        /* Welford's running mean and sum of squares. */
        double v = choice_value(draw, n, options, in->base, NULL), delta = v - mean;
        mean += delta / (t + 1);
        m2 += delta * (v - mean);
    }
    out->se = sqrt(m2 / (VOI_SE_DRAWS - 1));
    out->bias = mean - out->value;
    gsl_rng_free(rng);
    da_free(draw);
    da_free(z);
    return DA_OK;
}

da_status voi_evppi(const struct voi_sample *s, const int *vars, int m, struct voi_value *out)
{
    uint64_t n = s->n;
    int options = s->n_options;
    out->value = out->se = out->bias = (double)NAN;
    for (int d = 0; out->chosen && d < options; d++)
        out->chosen[d] = (double)NAN;
    if (n < 4 || options < 2 || m < 1)
        return DA_OK;
    struct increments in;
    da_status status = increments_init(&in, s);
    struct regression r = {s, &in, in.inc, da_calloc((size_t)m, sizeof *r.terms), m, NULL, NULL};
    double *g = da_calloc((uint64_t)(options - 1) * n, sizeof *g);
    double **W = da_calloc((size_t)options, sizeof *W);
    size_t *p = da_calloc((size_t)options, sizeof *p);
    int *level = da_calloc((size_t)options, sizeof *level);
    if (status == DA_OK && !(r.terms && g && W && p && level))
        status = DA_ERR_NOMEM;
    int made = 0;
    for (; status == DA_OK && made < m; made++)
        status = voi_basis_init(&r.terms[made], &s->x[(uint64_t)vars[made] * n], n);
    size_t p_max = 1;
    for (int l = 0; status == DA_OK && l <= 2 + VOI_KNOTS_MAX; l++) {
        size_t q = coefficients(&r, l);
        p_max = q > p_max ? q : p_max;
    }
    if (status == DA_OK) {
        r.xdata = da_calloc(n * p_max, sizeof *r.xdata);
        r.work = r.xdata ? gsl_multifit_linear_alloc(n, p_max) : NULL;
        if (!r.work)
            status = DA_ERR_NOMEM;
    }
    bool fits = false;
    if (status == DA_OK)
        status = choose_levels(&r, level, &fits);
    for (int d = 0; status == DA_OK && fits && d < options - 1; d++)
        status = fit(&r, d, level[d], &g[(uint64_t)d * n], &W[d], &p[d]);
    if (status == DA_OK && fits) {
        out->value = choice_value(g, n, options, in.base, out->chosen);
        status = standard_error(s, &in, g, W, p, out);
    }
    for (int i = 0; i < made; i++)
        voi_basis_release(&r.terms[i]);
    for (int d = 0; W && d < options; d++)
        da_free(W[d]);
    if (r.work)
        gsl_multifit_linear_free(r.work);
    da_free(r.xdata);
    da_free(r.terms);
    increments_release(&in);
    da_free(g);
    da_free(W);
    da_free(p);
    da_free(level);
    return status;
}
