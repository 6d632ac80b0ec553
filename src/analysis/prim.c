/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim.c - scenario discovery with PRIM, the patient rule induction method (Friedman and
 * Fisher, "Bump hunting in high-dimensional data", Statistics and Computing 9, 1999).
 *
 * n points drawn uniformly in the unit cube, each run as one replication; a point is a case of
 * interest when the --where condition holds for it. A box is a range per input. Peeling starts
 * from the whole space and, step by step, cuts off the share ALPHA of the box's points at the
 * low or the high end of one input: the cut that leaves the highest density of cases of
 * interest, until the box holds fewer than BETA of the points. Of the boxes on that path, the
 * one with the largest coverage x density is kept (coverage: the share of all cases of interest
 * in the box; density: the share of the box's points that are cases of interest), which is 1
 * for a box that holds exactly the cases of interest. Pasting then widens it again, one input
 * end at a time, by ALPHA of its points, while that raises its density. Covering repeats the
 * search on the points outside the boxes found: up to PRIM_MAX_BOXES boxes, best first, while a
 * box is denser than the cases of interest are among all the points (and among those left).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../model/rng.h"
#include "../util/alloc.h"
#include "analysis.h"
#include "../util/sort.h"

#define ALPHA 0.05
#define BETA 0.05

struct prim_design {
    const double *u; /* [j * k + i] */
    int k;
};

static uint64_t prim_point(const struct evaluation *ev, uint64_t p, double *x)
{
    const struct prim_design *d = ev->design;
    for (int i = 0; i < d->k; i++)
        x[i] = analysis_quantile(ev->an, i, d->u[p * (uint64_t)d->k + (uint64_t)i]);
    return p;
}

/* The search's state: which points are still in play and which are in the box. */
struct search {
    const double *u;
    const unsigned char *y;
    uint64_t n;
    int k;
    const unsigned char *alive; /* points not in an earlier box */
    double *lo, *hi;            /* the box, in unit coordinates, inclusive */
    double *vals;               /* scratch: one input's values in the box */
};

static bool inside(const struct search *s, uint64_t j, const double *lo, const double *hi)
{
    if (!s->alive[j])
        return false;
    for (int i = 0; i < s->k; i++) {
        double v = s->u[j * (uint64_t)s->k + (uint64_t)i];
        if (v < lo[i] || v > hi[i])
            return false;
    }
    return true;
}

/* Points and cases of interest in the box [lo, hi]. */
static void count(const struct search *s, const double *lo, const double *hi, uint64_t *points,
                  uint64_t *cases)
{
    *points = *cases = 0;
    for (uint64_t j = 0; j < s->n; j++) {
        if (inside(s, j, lo, hi)) {
            (*points)++;
            *cases += s->y[j];
        }
    }
}

/* The sorted values of input i over the box's points; their number. */
static uint64_t values_in(const struct search *s, int i)
{
    uint64_t m = 0;
    for (uint64_t j = 0; j < s->n; j++)
        if (inside(s, j, s->lo, s->hi))
            s->vals[m++] = s->u[j * (uint64_t)s->k + (uint64_t)i];
    qsort(s->vals, m, sizeof s->vals[0], sort_doubles_ascending);
    return m;
}

/* Density of the box with input i's bound 'side' (0 low, 1 high) moved to 'bound'. */
static double density_with(const struct search *s, int i, int side, double bound, uint64_t *pts)
{
    double keep_lo = s->lo[i], keep_hi = s->hi[i];
    if (side == 0)
        s->lo[i] = bound;
    else
        s->hi[i] = bound;
    uint64_t points, cases;
    count(s, s->lo, s->hi, &points, &cases);
    s->lo[i] = keep_lo;
    s->hi[i] = keep_hi;
    *pts = points;
    return points ? (double)cases / (double)points : 0;
}

/* One peel: the best cut, applied; false when none leaves a box of at least 'min_points'. */
static bool peel(struct search *s, uint64_t min_points)
{
    double best = -1, best_bound = 0;
    int best_i = -1, best_side = 0;
    for (int i = 0; i < s->k; i++) {
        uint64_t m = values_in(s, i);
        if (m < 2)
            continue;
        uint64_t cut = (uint64_t)ceil(ALPHA * (double)m);
        /* Low side: keep the values above the cut; high side: below it. Ties move together,
         * so a cut that would split equal values removes all of them or none. */
        double low_bound = nextafter(s->vals[cut - 1], INFINITY);
        double high_bound = nextafter(s->vals[m - cut], -INFINITY);
        for (int side = 0; side < 2; side++) {
            double bound = side == 0 ? low_bound : high_bound;
            if ((side == 0 && bound <= s->lo[i]) || (side == 1 && bound >= s->hi[i]))
                continue;
            uint64_t pts;
            double d = density_with(s, i, side, bound, &pts);
            if (pts >= min_points && pts < m && d > best) {
                best = d;
                best_i = i;
                best_side = side;
                best_bound = bound;
            }
        }
    }
    if (best_i < 0)
        return false;
    if (best_side == 0)
        s->lo[best_i] = best_bound;
    else
        s->hi[best_i] = best_bound;
    return true;
}

/* Pasting: widens the box while a widening by ALPHA of its points raises its density. */
static void paste(struct search *s)
{
    for (;;) {
        uint64_t points, cases;
        count(s, s->lo, s->hi, &points, &cases);
        double now = points ? (double)cases / (double)points : 0, best = now;
        int best_i = -1, best_side = 0;
        double best_bound = 0;
        uint64_t step = (uint64_t)ceil(ALPHA * (double)points);
        for (int i = 0; i < s->k; i++) {
            for (int side = 0; side < 2; side++) {
                /* The values just outside this end, among the points inside on the others. */
                double keep = side == 0 ? s->lo[i] : s->hi[i];
                if (side == 0)
                    s->lo[i] = 0;
                else
                    s->hi[i] = 1;
                uint64_t m = values_in(s, i);
                if (side == 0)
                    s->lo[i] = keep;
                else
                    s->hi[i] = keep;
                uint64_t outside = 0;
                for (uint64_t v = 0; v < m; v++)
                    outside += side == 0 ? s->vals[v] < keep : s->vals[v] > keep;
                if (outside == 0)
                    continue;
                uint64_t take = step < outside ? step : outside;
                double bound = side == 0 ? s->vals[outside - take] : s->vals[m - outside + take - 1];
                uint64_t pts;
                double d = density_with(s, i, side, bound, &pts);
                if (d > best) {
                    best = d;
                    best_i = i;
                    best_side = side;
                    best_bound = bound;
                }
            }
        }
        if (best_i < 0)
            return;
        if (best_side == 0)
            s->lo[best_i] = best_bound;
        else
            s->hi[best_i] = best_bound;
    }
}

/* Finds one box among the live points into s->lo, s->hi: peeling, the best box of the path,
 * pasting. False when no box is denser than the live points themselves. */
static bool find_box(struct search *s, double *best_lo, double *best_hi, uint64_t total_cases)
{
    for (int i = 0; i < s->k; i++) {
        s->lo[i] = 0;
        s->hi[i] = 1;
    }
    uint64_t all_points, all_cases;
    count(s, s->lo, s->hi, &all_points, &all_cases);
    if (all_cases == 0 || all_cases == all_points)
        return false;
    double base = (double)all_cases / (double)all_points, best = -1;
    uint64_t min_points = (uint64_t)ceil(BETA * (double)s->n);
    for (;;) {
        uint64_t points, cases;
        count(s, s->lo, s->hi, &points, &cases);
        double density = points ? (double)cases / (double)points : 0;
        double score = (double)cases / (double)total_cases * density;
        if (score > best) {
            best = score;
            memcpy(best_lo, s->lo, sizeof(double) * (size_t)s->k);
            memcpy(best_hi, s->hi, sizeof(double) * (size_t)s->k);
        }
        if (!peel(s, min_points))
            break;
    }
    memcpy(s->lo, best_lo, sizeof(double) * (size_t)s->k);
    memcpy(s->hi, best_hi, sizeof(double) * (size_t)s->k);
    paste(s);
    uint64_t points, cases;
    count(s, s->lo, s->hi, &points, &cases);
    return points > 0 && (double)cases / (double)points > base &&
           (double)cases / (double)points > (double)total_cases / (double)s->n;
}

/* The condition of --where on a metric value. */
static bool holds(const struct da_analysis *an, double v)
{
    switch (an->where_op) {
    case DA_WHERE_GT:
        return v > an->where_value;
    case DA_WHERE_GE:
        return v >= an->where_value;
    case DA_WHERE_LT:
        return v < an->where_value;
    default:
        return v <= an->where_value;
    }
}

da_status analysis_prim(struct da_analysis *an, gsl_rng *rng, int threads,
                        const da_analyze_options *opt)
{
    int k = an->n_inputs;
    uint64_t n = opt->samples ? opt->samples : PRIM_SAMPLES;
    double *u = da_calloc(n * (uint64_t)k, sizeof *u), *f = da_calloc(n, sizeof *f);
    unsigned char *y = da_calloc(n, 1), *alive = da_calloc(n, 1);
    double *lo = da_calloc((size_t)k, sizeof *lo), *hi = da_calloc((size_t)k, sizeof *hi);
    double *blo = da_calloc((size_t)k, sizeof *blo), *bhi = da_calloc((size_t)k, sizeof *bhi);
    double *vals = da_calloc(n, sizeof *vals);
    da_status status = u && f && y && alive && lo && hi && blo && bhi && vals ? DA_OK
                                                                               : DA_ERR_NOMEM;
    if (status == DA_OK) {
        for (uint64_t j = 0; j < n * (uint64_t)k; j++)
            u[j] = rng_uniform(rng);
        status = analysis_correlate(an, u, n, rng);
    }
    if (status == DA_OK) {
        struct prim_design design = {u, k};
        struct evaluation ev = {an, prim_point, &design, f, n, NULL, NULL};
        status = analysis_evaluate(&ev, threads, opt);
    }
    uint64_t total_cases = 0;
    if (status == DA_OK) {
        for (uint64_t j = 0; j < n; j++) {
            y[j] = holds(an, f[j]);
            total_cases += y[j];
            alive[j] = 1;
        }
        analysis_moments(an, f, n);
        an->cases = total_cases;
        an->samples = n;
        an->evaluations = n;
    }
    struct search s = {u, y, n, k, alive, lo, hi, vals};
    for (int b = 0; status == DA_OK && total_cases > 0 && b < PRIM_MAX_BOXES; b++) {
        if (!find_box(&s, blo, bhi, total_cases))
            break;
        struct prim_box *box = &an->boxes[an->n_boxes++];
        uint64_t points, cases;
        count(&s, lo, hi, &points, &cases);
        box->coverage = (double)cases / (double)total_cases;
        box->density = points ? (double)cases / (double)points : 0;
        box->lo = da_calloc((size_t)k, sizeof *box->lo);
        box->hi = da_calloc((size_t)k, sizeof *box->hi);
        if (!box->lo || !box->hi) {
            status = DA_ERR_NOMEM;
            break;
        }
        /* The limits in the inputs' own values: the quantiles of the box's unit bounds; an
         * input the box leaves whole is unrestricted (NaN). */
        for (int i = 0; i < k; i++) {
            box->lo[i] = lo[i] > 0 ? analysis_quantile(an, i, lo[i]) : NAN;
            box->hi[i] = hi[i] < 1 ? analysis_quantile(an, i, hi[i]) : NAN;
        }
        for (uint64_t j = 0; j < n; j++)
            if (inside(&s, j, lo, hi))
                alive[j] = 0;
    }
    /* Best first: coverage x density; and each input's share in the boxes that restrict it. */
    for (int a = 1; a < an->n_boxes; a++) {
        for (int b = a; b > 0; b--) {
            struct prim_box *p = &an->boxes[b - 1], *q = &an->boxes[b];
            if (q->coverage * q->density <= p->coverage * p->density)
                break;
            struct prim_box swap = *p;
            *p = *q;
            *q = swap;
        }
    }
    for (int b = 0; status == DA_OK && b < an->n_boxes; b++)
        for (int i = 0; i < k; i++)
            if (!isnan(an->boxes[b].lo[i]) || !isnan(an->boxes[b].hi[i]))
                an->inputs[i].restricted += an->boxes[b].coverage * an->boxes[b].density;
    da_free(u);
    da_free(f);
    da_free(y);
    da_free(alive);
    da_free(lo);
    da_free(hi);
    da_free(blo);
    da_free(bhi);
    da_free(vals);
    return status;
}
