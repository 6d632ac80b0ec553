/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * voi_basis.c - the term of one uncertainty in the regressions of evppi.c: a regression
 * spline (cubic B-splines, de Boor, "A practical guide to splines", 1978, evaluated by GSL's
 * gsl_bspline) with its interior knots at quantiles of the values, a straight line, or, for an
 * uncertainty with few distinct values, one indicator per value (the group means, which are
 * the conditional expectations themselves).
 *
 * Knots at quantiles put the same number of points between any two, so that no piece of the
 * curve rests on a handful of them. The B-splines of one curve add up to 1 everywhere, as the
 * regression's intercept does, so the first is left out: the columns stay independent. A
 * value shared by many points (VOI_ATOM_SHARE: the horizon that stands for "never") is a
 * step that no smooth curve follows, so it gets an indicator and the knots come from the
 * other values.
 */
#include "voi_basis.h"

#include <gsl/gsl_bspline.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/sort.h"

da_status voi_basis_init(struct voi_basis *b, const double *x, uint64_t n)
{
    memset(b, 0, sizeof *b);
    b->x = x;
    b->n = n;
    double *sorted = da_calloc(n ? n : 1, sizeof *sorted);
    if (!sorted)
        return DA_ERR_NOMEM;
    memcpy(sorted, x, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, sort_doubles_ascending);
    b->lo = n ? sorted[0] : 0;
    b->hi = n ? sorted[n - 1] : 0;
    int distinct = 0;
    for (uint64_t j = 0; j < n && distinct <= VOI_DISCRETE_MAX; j++)
        distinct += j == 0 || sorted[j] != sorted[j - 1];
    /* Few values, each taken by two points or more on average: a handful of points are all
     * different, and not levels. */
    b->discrete = distinct <= VOI_DISCRETE_MAX && 2 * (uint64_t)distinct <= n;
    /* At most VOI_DISCRETE_MAX values, or 1 / VOI_ATOM_SHARE atoms. */
    b->levels = da_calloc(VOI_DISCRETE_MAX + 1 + (size_t)(1 / VOI_ATOM_SHARE), sizeof *b->levels);
    if (!b->levels) {
        da_free(sorted);
        return DA_ERR_NOMEM;
    }
    uint64_t kept = 0;
    for (uint64_t j = 0; j < n;) {
        uint64_t run = 1;
        while (j + run < n && sorted[j + run] == sorted[j])
            run++;
        /* An atom is a value repeated: with few points, one point is 5% of them. */
        if (b->discrete || (run >= 2 && (double)run >= VOI_ATOM_SHARE * (double)n)) {
            b->levels[b->n_levels++] = sorted[j];
        } else {
            memmove(&sorted[kept], &sorted[j], run * sizeof *sorted);
            kept += run;
        }
        j += run;
    }
    b->rest = sorted;
    b->n_rest = b->discrete ? 0 : kept;
    return DA_OK;
}

void voi_basis_release(struct voi_basis *b)
{
    da_free(b->levels);
    da_free(b->rest);
    memset(b, 0, sizeof *b);
}

int voi_basis_max_level(const struct voi_basis *b)
{
    if (b->discrete)
        return b->n_levels > 1 ? 1 : 0;
    uint64_t most = b->n / VOI_POINTS_PER_KNOT;
    return 2 + (int)(most < VOI_KNOTS_MAX ? most : VOI_KNOTS_MAX);
}

/* The interior knots of a curve with 'want' of them, at the quantiles k / (want + 1) of the
 * values that are not atoms, strictly inside (lo, hi) and increasing (ties merge): their
 * number, and the knots in 'out' when it is not NULL. */
static int knots(const struct voi_basis *b, int want, double *out)
{
    int count = 0;
    double last = b->lo;
    for (int k = 1; k <= want && b->n_rest > 0; k++) {
        uint64_t at = (uint64_t)((double)k * (double)b->n_rest / (double)(want + 1));
        double q = b->rest[at < b->n_rest ? at : b->n_rest - 1];
        if (q > last && q < b->hi) {
            if (out)
                out[count] = q;
            count++;
            last = q;
        }
    }
    return count;
}

int voi_basis_columns(const struct voi_basis *b, int level)
{
    if (level <= 0)
        return 0;
    if (b->discrete)
        return b->n_levels - 1;
    /* A cubic curve on K interior knots has K + 4 B-splines; the first goes (see above). */
    return b->n_levels + (level == 1 ? 1 : knots(b, level - 2, NULL) + 3);
}

/* The cubic B-splines (less the first) at every point, from column 'col'. */
static da_status fill_spline(const struct voi_basis *b, int want, gsl_matrix *X, size_t col)
{
    double inner[VOI_KNOTS_MAX];
    int k = knots(b, want, inner);
    double breaks[VOI_KNOTS_MAX + 2];
    breaks[0] = b->lo;
    memcpy(&breaks[1], inner, (size_t)k * sizeof *inner);
    breaks[k + 1] = b->hi;
    size_t ncoeffs = (size_t)k + 4;
    double *values = da_calloc(ncoeffs, sizeof *values);
    gsl_bspline_workspace *w = values ? gsl_bspline_alloc(4, (size_t)k + 2) : NULL;
    if (!w) {
        da_free(values);
        return DA_ERR_NOMEM;
    }
    gsl_vector_view bv = gsl_vector_view_array(breaks, (size_t)k + 2);
    gsl_vector_view B = gsl_vector_view_array(values, ncoeffs);
    da_status status = gsl_bspline_knots(&bv.vector, w) ? DA_ERR_NUMERIC : DA_OK;
    for (uint64_t j = 0; status == DA_OK && j < b->n; j++) {
        if (gsl_bspline_eval(b->x[j], &B.vector, w)) {
            status = DA_ERR_NUMERIC;
            break;
        }
        for (size_t c = 1; c < ncoeffs; c++)
            gsl_matrix_set(X, j, col + c - 1, values[c]);
    }
    gsl_bspline_free(w);
    da_free(values);
    return status;
}

da_status voi_basis_fill(const struct voi_basis *b, int level, gsl_matrix *X, size_t col)
{
    if (level <= 0)
        return DA_OK;
    /* Indicators: every value but the first (discrete), or every atom. */
    int first = b->discrete ? 1 : 0;
    for (uint64_t j = 0; j < b->n; j++)
        for (int l = first; l < b->n_levels; l++)
            gsl_matrix_set(X, j, col + (size_t)(l - first), b->x[j] == b->levels[l] ? 1 : 0);
    if (b->discrete)
        return DA_OK;
    col += (size_t)b->n_levels;
    if (level >= 2)
        return fill_spline(b, level - 2, X, col);
    /* The line on [0, 1] rather than in the input's own units (dollars, persons): columns of
     * like sizes keep the least-squares problem well conditioned. */
    double span = b->hi > b->lo ? b->hi - b->lo : 1;
    for (uint64_t j = 0; j < b->n; j++)
        gsl_matrix_set(X, j, col, (b->x[j] - b->lo) / span);
    return DA_OK;
}
