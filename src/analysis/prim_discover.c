/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim_discover.c - PRIM from start to end on a table of points (see prim.h): the holdout,
 * covering (Friedman and Fisher 1999, section 2.3), each box's search, its stability under
 * bootstrap resampling and its coverage and density on the held-out points.
 */
#include <math.h>
#include <string.h>

#include "../util/alloc.h"
#include "prim_search.h"

void prim_settings_default(struct prim_settings *s)
{
    s->peel_alpha = PRIM_PEEL_ALPHA;
    s->paste_alpha = PRIM_PASTE_ALPHA;
    s->mass_min = PRIM_MASS_MIN;
    s->significance = PRIM_SIGNIFICANCE;
    s->holdout = PRIM_HOLDOUT;
    s->bootstrap = PRIM_BOOTSTRAP;
    s->max_boxes = PRIM_MAX_BOXES;
    s->box = 0;
    s->atoms = NULL;
}

int prim_restricts(const struct prim_found *box, int i)
{
    return box->limits[i].state[0] == PRIM_KEPT || box->limits[i].state[1] == PRIM_KEPT;
}

void prim_result_release(struct prim_result *r)
{
    for (int b = 0; b < PRIM_MAX_BOXES; b++) {
        da_free(r->boxes[b].steps);
        da_free(r->boxes[b].limits);
        da_free(r->boxes[b].stability);
    }
    memset(r, 0, sizeof *r);
}

/* A uniform index in [0, n) from the analysis's stream. */
static uint64_t draw_index(gsl_rng *rng, uint64_t n)
{
    uint64_t j = (uint64_t)(gsl_rng_uniform(rng) * (double)n);
    return j < n ? j : n - 1;
}

/* One box: peeling from the whole space of the rows in play, the chosen step, pasting, the
 * quasi-p-values. *found is 0 when it is no box worth the name: no restriction is left, or it
 * is not denser than the rows in play and than all the rows. 'path' is left to the caller. */
static da_status one_box(struct prim_search *s, const struct prim_settings *set, int box,
                         struct prim_path *path, int *chosen, struct prim_limit *limits, int *found)
{
    *found = 0;
    prim_search_reset(s);
    uint32_t live_points = s->points, live_cases = s->cases;
    if (live_cases == 0 || live_cases == live_points)
        return DA_OK;
    da_status status = prim_search_peel(s, set->peel_alpha, path);
    if (status != DA_OK)
        return status;
    *chosen = prim_path_choose(path, box);
    prim_search_replay(s, path, *chosen);
    prim_search_paste(s, set->paste_alpha);
    prim_search_prune(s, set->significance, limits);
    int restricts = 0;
    for (int i = 0; i < s->k; i++)
        restricts |= prim_search_restricted(s, i, 0) || prim_search_restricted(s, i, 1);
    double density = s->points ? (double)s->cases / (double)s->points : 0;
    *found = restricts && density > (double)live_cases / (double)live_points &&
             density > (double)s->total_cases / (double)s->m;
    return DA_OK;
}

/* The box's stability: the same search on 'bootstrap' resamples (with replacement) of the
 * rows in play, and for each input the share of them whose box restricts it. */
static da_status stability(const struct prim_search *s, const struct prim_settings *set, int box,
                           gsl_rng *rng, double *share)
{
    uint32_t live = 0;
    for (uint32_t r = 0; r < s->m; r++)
        live += s->outside[r] < PRIM_DEAD;
    uint32_t *pool = da_calloc((size_t)live + 1, sizeof *pool);
    uint32_t *rows = da_calloc((size_t)live + 1, sizeof *rows);
    struct prim_limit *limits = da_calloc((size_t)s->k, sizeof *limits);
    da_status status = pool && rows && limits ? DA_OK : DA_ERR_NOMEM;
    uint32_t q = 0;
    for (uint32_t r = 0; status == DA_OK && r < s->m; r++)
        if (s->outside[r] < PRIM_DEAD)
            pool[q++] = s->rows[r];
    for (int i = 0; i < s->k; i++)
        share[i] = set->bootstrap > 0 ? 0 : (double)NAN;
    for (int b = 0; status == DA_OK && b < set->bootstrap; b++) {
        for (uint32_t r = 0; r < live; r++)
            rows[r] = pool[draw_index(rng, live)];
        struct prim_search t;
        struct prim_path path = {0};
        status = prim_search_init(&t, s->x, s->y, s->k, s->atoms, rows, live, s->min_points);
        int found = 0, chosen = 0;
        if (status == DA_OK) {
            memset(limits, 0, sizeof *limits * (size_t)s->k);
            status = one_box(&t, set, box, &path, &chosen, limits, &found);
        }
        for (int i = 0; status == DA_OK && found && i < s->k; i++)
            share[i] += limits[i].state[0] == PRIM_KEPT || limits[i].state[1] == PRIM_KEPT;
        prim_path_release(&path);
        prim_search_release(&t);
    }
    for (int i = 0; set->bootstrap > 0 && i < s->k; i++)
        share[i] /= set->bootstrap; /* a count until here: exactly 1 for all of them */
    da_free(pool);
    da_free(rows);
    da_free(limits);
    return status;
}

/* The box's statistics on the rows of the search (as the training rows' box). */
static void in_sample(const struct prim_search *s, struct prim_found *f)
{
    f->points = s->points;
    f->cases = s->cases;
    f->coverage = s->total_cases ? (double)s->cases / (double)s->total_cases : 0;
    f->density = s->points ? (double)s->cases / (double)s->points : 0;
    f->mass = s->m ? (double)s->points / (double)s->m : 0;
}

static int in_box(const struct prim_found *f, const double *x, int k)
{
    for (int i = 0; i < k; i++) {
        const struct prim_limit *l = &f->limits[i];
        if ((l->state[0] == PRIM_KEPT && x[i] < l->bound[0]) ||
            (l->state[1] == PRIM_KEPT && x[i] > l->bound[1]))
            return 0;
    }
    return 1;
}

/* The boxes on the held-out points: each point counts for the first box that holds it. */
static void out_of_sample(struct prim_result *r, const double *x, const unsigned char *y, int k,
                          const uint32_t *test)
{
    for (uint64_t t = 0; t < r->test_points; t++) {
        const double *xt = x + (size_t)test[t] * (size_t)k;
        for (int b = 0; b < r->n_boxes; b++) {
            if (in_box(&r->boxes[b], xt, k)) {
                r->boxes[b].test_points++;
                r->boxes[b].test_cases += y[test[t]] != 0;
                break;
            }
        }
    }
    for (int b = 0; b < r->n_boxes; b++) {
        struct prim_found *f = &r->boxes[b];
        f->test_coverage =
            r->test_cases ? (double)f->test_cases / (double)r->test_cases : (double)NAN;
        f->test_density =
            f->test_points ? (double)f->test_cases / (double)f->test_points : (double)NAN;
    }
}

/* Which points are held out: a share of them drawn without replacement (a partial
 * Fisher-Yates shuffle); the training and test points each in their original order. */
static void split(uint64_t n, double holdout, gsl_rng *rng, uint32_t *train, uint32_t *test,
                  unsigned char *held, struct prim_result *r)
{
    uint64_t n_test = holdout > 0 ? (uint64_t)floor(holdout * (double)n + 0.5) : 0;
    if (n_test >= n)
        n_test = n - 1;
    for (uint64_t j = 0; j < n; j++)
        train[j] = (uint32_t)j;
    for (uint64_t t = 0; t < n_test; t++) {
        uint64_t j = t + draw_index(rng, n - t);
        uint32_t swap = train[t];
        train[t] = train[j];
        train[j] = swap;
        held[train[t]] = 1;
    }
    r->train_points = r->test_points = 0;
    for (uint64_t j = 0; j < n; j++) {
        if (held[j])
            test[r->test_points++] = (uint32_t)j;
        else
            train[r->train_points++] = (uint32_t)j;
    }
}

da_status prim_discover(const double *x, const unsigned char *y, uint64_t n, int k,
                        const struct prim_settings *set, gsl_rng *rng, struct prim_result *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0 || n >= UINT32_MAX || k <= 0 || k >= (int)PRIM_DEAD)
        return DA_ERR_USAGE;
    uint32_t *train = da_calloc(n, sizeof *train), *test = da_calloc(n, sizeof *test);
    unsigned char *held = da_calloc(n, 1);
    struct prim_search s = {0};
    da_status status = train && test && held ? DA_OK : DA_ERR_NOMEM;
    if (status == DA_OK) {
        split(n, set->holdout, rng, train, test, held, out);
        for (uint64_t t = 0; t < out->test_points; t++)
            out->test_cases += y[test[t]] != 0;
        uint32_t m = (uint32_t)out->train_points;
        uint32_t min_points = (uint32_t)ceil(set->mass_min * (double)m);
        status = prim_search_init(&s, x, y, k, set->atoms, train, m, min_points ? min_points : 1);
        out->train_cases = s.total_cases;
    }
    int max_boxes = set->max_boxes < PRIM_MAX_BOXES ? set->max_boxes : PRIM_MAX_BOXES;
    for (int b = 0; status == DA_OK && b < max_boxes; b++) {
        struct prim_found *f = &out->boxes[b];
        struct prim_path path = {0};
        f->limits = da_calloc((size_t)k, sizeof *f->limits);
        f->stability = da_calloc((size_t)k, sizeof *f->stability);
        int found = 0, box = b == 0 ? set->box : 0;
        if (!f->limits || !f->stability)
            status = DA_ERR_NOMEM;
        if (status == DA_OK)
            status = one_box(&s, set, box, &path, &f->chosen, f->limits, &found);
        if (status == DA_OK && found) {
            in_sample(&s, f);
            f->steps = path.steps;
            f->n_steps = path.n_moves + 1;
            path.steps = NULL;
            status = stability(&s, set, box, rng, f->stability);
            prim_search_retire(&s);
            out->n_boxes++;
        }
        prim_path_release(&path);
        if (!found)
            break;
    }
    if (status == DA_OK)
        out_of_sample(out, x, y, k, test);
    prim_search_release(&s);
    da_free(train);
    da_free(test);
    da_free(held);
    return status;
}
