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
 * d over option 0, NB_d - NB_0, is regressed on phi; its fitted values g_d(phi_j) estimate
 * E[NB_d - NB_0 | phi_j] (g_0 = 0), and
 *
 *   EVPPI = mean_j max_d g_d(phi_j) - max_d mean_j g_d(phi_j).
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
 * The standard error is Strong et al.'s (section 2.4): the spread of the EVPPI over
 * VOI_SE_DRAWS draws of each regression's coefficients from their sampling distribution (normal,
 * with the least-squares covariance), which counts the regression's error in the fitted
 * values. The draws come from stream RNG_STREAM_DESIGN of "replication" 1 of the sample's seed,
 * the same for every uncertainty and group, so that the results do not depend on the order in
 * which they are computed.
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
    double best_mean = -INFINITY;
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

/* The value of choosing with the estimates g ([(d - 1) * n + j] for options d >= 1; option 0's
 * is 0) over choosing on their means: mean_j max_d - max_d mean_j. 'chosen', when not NULL,
 * gets the share of the points at which each option is the best (the first of equals). */
static double choice_value(const double *g, uint64_t n, int options, double *chosen)
{
    if (chosen)
        for (int d = 0; d < options; d++)
            chosen[d] = 0;
    double total = 0;
    for (uint64_t j = 0; j < n; j++) {
        double best = 0;
        int arg = 0;
        for (int d = 1; d < options; d++) {
            double v = g[(uint64_t)(d - 1) * n + j];
            if (v > best) {
                best = v;
                arg = d;
            }
        }
        total += best;
        if (chosen)
            chosen[arg] += 1;
    }
    double top = 0;
    for (int d = 1; d < options; d++) {
        double sum = 0;
        for (uint64_t j = 0; j < n; j++)
            sum += g[(uint64_t)(d - 1) * n + j];
        top = fmax(top, sum / (double)n);
    }
    if (chosen)
        for (int d = 0; d < options; d++)
            chosen[d] /= (double)n;
    return total / (double)n - top;
}

/* Each option's increment over option 0 at every point, [(d - 1) * n + j]. */
static double *increments(const struct voi_sample *s)
{
    uint64_t n = s->n, k = (uint64_t)s->n_options;
    double *inc = da_calloc((k - 1) * n, sizeof *inc);
    for (uint64_t d = 1; inc && d < k; d++)
        for (uint64_t j = 0; j < n; j++)
            inc[(d - 1) * n + j] = s->nb[j * k + d] - s->nb[j * k];
    return inc;
}

void voi_evpi(const struct voi_sample *s, struct voi_value *out)
{
    out->se = NAN;
    double *inc = increments(s);
    out->value = inc ? choice_value(inc, s->n, s->n_options, out->chosen) : NAN;
    da_free(inc);
}

/* ---- the regressions ---------------------------------------------------------------------- */

struct regression {
    const struct voi_sample *s;
    const double *inc;
    struct voi_basis *terms;
    int m;
    double *xdata;                      /* room for X, n x p_max */
    gsl_multifit_linear_workspace *work;
};

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

/* Per option d >= 1, the level of least GCV into level[d - 1]; false when no model with a term
 * fits in n / 2 coefficients. */
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
        best[d] = INFINITY;
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

/* Option d's regression at 'level': its fitted values into g (n) and, into W (n x p), X times a
 * square root of the coefficients' covariance, so that g + W z for z standard normal is a draw
 * of the fitted values. */
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
    if (status == DA_OK && (!c || !cov || !eval || !evec || !*W ||
                            !(ew = gsl_eigen_symmv_alloc(p))))
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
        /* V diag(sqrt(lambda)): a square root of the covariance; rounding may leave tiny
         * negative eigenvalues of a covariance that is only semi-definite (an exact fit). */
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++)
                evec[a * p + b] *= sqrt(fmax(eval[b], 0));
        gsl_matrix_view Wm = gsl_matrix_view_array(*W, n, p);
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &X.matrix, &vecm.matrix, 0.0,
                       &Wm.matrix);
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

/* The standard deviation of the EVPPI over VOI_SE_DRAWS draws of the fitted values. */
static da_status standard_error(const struct voi_sample *s, const double *g, double *const *W,
                                const size_t *p, double *se)
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
            gsl_vector_view out = gsl_vector_view_array(&draw[(uint64_t)d * n], n);
            memcpy(out.vector.data, &g[(uint64_t)d * n], n * sizeof *draw);
            gsl_blas_dgemv(CblasNoTrans, 1.0, &Wm.matrix, &zv.vector, 1.0, &out.vector);
        }
        /* Welford's running mean and sum of squares. */
        double v = choice_value(draw, n, options, NULL), delta = v - mean;
        mean += delta / (t + 1);
        m2 += delta * (v - mean);
    }
    *se = sqrt(m2 / (VOI_SE_DRAWS - 1));
    gsl_rng_free(rng);
    da_free(draw);
    da_free(z);
    return DA_OK;
}

da_status voi_evppi(const struct voi_sample *s, const int *vars, int m, struct voi_value *out)
{
    uint64_t n = s->n;
    int options = s->n_options;
    out->value = out->se = NAN;
    for (int d = 0; out->chosen && d < options; d++)
        out->chosen[d] = NAN;
    if (n < 4 || options < 2 || m < 1)
        return DA_OK;
    struct regression r = {s, increments(s), da_calloc((size_t)m, sizeof *r.terms), m, NULL,
                           NULL};
    double *g = da_calloc((uint64_t)(options - 1) * n, sizeof *g);
    double **W = da_calloc((size_t)options, sizeof *W);
    size_t *p = da_calloc((size_t)options, sizeof *p);
    int *level = da_calloc((size_t)options, sizeof *level);
    da_status status = r.inc && r.terms && g && W && p && level ? DA_OK : DA_ERR_NOMEM;
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
        out->value = choice_value(g, n, options, out->chosen);
        status = standard_error(s, g, W, p, &out->se);
    }
    for (int i = 0; i < made; i++)
        voi_basis_release(&r.terms[i]);
    for (int d = 0; W && d < options; d++)
        da_free(W[d]);
    if (r.work)
        gsl_multifit_linear_free(r.work);
    da_free(r.xdata);
    da_free(r.terms);
    da_free((void *)r.inc);
    da_free(g);
    da_free(W);
    da_free(p);
    da_free(level);
    return status;
}
