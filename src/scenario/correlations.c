/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * correlations.c - the scenario's rank correlations between uncertain inputs: their checks,
 * and the correlation matrix that Iman and Conover's method imposes (src/engine/correlate.c).
 *
 *   correlations:
 *     - between: [milestones.ceasefire.delay_days, milestones.hostages_released.delay_days]
 *       rank: 0.6
 *
 * Each entry names two uncertain inputs by their paths and gives their Spearman rank
 * correlation. Pairs not named are uncorrelated. The method correlates normal scores, whose
 * Pearson correlation r gives the rank correlation (6 / pi) asin(r / 2): the matrix of
 * r = 2 sin(pi rho / 6) must be positive definite, or the correlations cannot hold together.
 */
#include <math.h>
#include <string.h>

#include "../util/diag.h"
#include "correlations.h"
#include "dist.h"

static int find_input(const struct da_scenario *scn, const char *path)
{
    for (size_t i = 1; i < scn->n_params; i++)
        if (!scn->params[i].is_default && strcmp(scn->params[i].path, path) == 0)
            return (int)i;
    return -1;
}

int correlation_inputs(const struct da_scenario *scn, da_pid *pids, int max)
{
    int m = 0;
    for (size_t c = 0; c < scn->n_correlations; c++) {
        const struct da_correlation *k = &scn->correlations[c];
        for (size_t e = 0; e < k->n_between && e < 2; e++) {
            da_pid pid = (da_pid)k->between[e].index;
            bool seen = false;
            for (int j = 0; j < m; j++)
                seen = seen || pids[j] == pid;
            if (!seen && m < max)
                pids[m++] = pid;
        }
    }
    return m;
}

/* The position of 'pid' in 'pids', or -1. */
static int position(const da_pid *pids, int m, da_pid pid)
{
    for (int j = 0; j < m; j++)
        if (pids[j] == pid)
            return j;
    return -1;
}

void correlation_matrix(const struct da_scenario *scn, const da_pid *pids, int m, double *r)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            r[i * m + j] = i == j;
    for (size_t c = 0; c < scn->n_correlations; c++) {
        const struct da_correlation *k = &scn->correlations[c];
        int a = position(pids, m, (da_pid)k->between[0].index);
        int b = position(pids, m, (da_pid)k->between[1].index);
        double rho = scn->params[k->rank].central;
        r[a * m + b] = r[b * m + a] = 2 * sin(3.14159265358979323846 * rho / 6);
    }
}

bool correlation_cholesky(double *a, int m)
{
    /* Cholesky-Banachiewicz, in place: the lower factor L with L L^T = a; the upper triangle
     * is cleared. (GSL's decomposition reports failure through its process-wide error
     * handler, which aborts unless turned off for the whole program.) */
    for (int i = 0; i < m; i++) {
        for (int j = 0; j <= i; j++) {
            double sum = a[i * m + j];
            for (int k = 0; k < j; k++)
                sum -= a[i * m + k] * a[j * m + k];
            if (i == j) {
                if (!(sum > 1e-12))
                    return false;
                a[i * m + i] = sqrt(sum);
            } else {
                a[i * m + j] = sum / a[j * m + j];
            }
        }
        for (int j = i + 1; j < m; j++)
            a[i * m + j] = 0;
    }
    return true;
}

/* Resolves entry c's two paths; false when one is missing, a constant or both the same. */
static bool resolve_pair(struct da_scenario *scn, size_t c, da_diags *diags)
{
    struct da_correlation *k = &scn->correlations[c];
    if (k->n_between != 2) {
        diag_add(diags, scn->file, k->at,
                 "correlations.%zu.between: expected two inputs, found %zu", c, k->n_between);
        return false;
    }
    bool ok = true;
    for (size_t e = 0; e < 2; e++) {
        struct da_ref *ref = &k->between[e];
        int pid = find_input(scn, ref->name);
        if (pid < 0) {
            diag_add(diags, scn->file, ref->at,
                     "correlations.%zu.between: no input '%s' in this scenario (inputs are named "
                     "by their paths, such as milestones.ID.delay_days)", c, ref->name);
            ok = false;
        } else if (dist_is_constant(&scn->params[pid].dist)) {
            diag_add(diags, scn->file, ref->at,
                     "correlations.%zu.between: '%s' is a constant; only uncertain inputs can "
                     "be correlated", c, ref->name);
            ok = false;
        } else {
            ref->index = (uint32_t)pid;
        }
    }
    if (ok && k->between[0].index == k->between[1].index) {
        diag_add(diags, scn->file, k->between[1].at,
                 "correlations.%zu.between: an input is not correlated with itself", c);
        ok = false;
    }
    if (!dist_is_constant(&scn->params[k->rank].dist)) {
        diag_add(diags, scn->file, scn->params[k->rank].at,
                 "correlations.%zu.rank: a rank correlation is a number, not a distribution", c);
        ok = false;
    }
    return ok;
}

bool check_correlations(struct da_scenario *scn, da_diags *diags)
{
    bool all = true;
    for (size_t c = 0; c < scn->n_correlations; c++)
        all = resolve_pair(scn, c, diags) && all;
    if (!all || scn->n_correlations == 0)
        return true;
    for (size_t c = 1; c < scn->n_correlations; c++) {
        const struct da_correlation *k = &scn->correlations[c];
        for (size_t d = 0; d < c; d++) {
            const struct da_correlation *e = &scn->correlations[d];
            bool same = (k->between[0].index == e->between[0].index &&
                         k->between[1].index == e->between[1].index) ||
                        (k->between[0].index == e->between[1].index &&
                         k->between[1].index == e->between[0].index);
            if (same) {
                diag_add(diags, scn->file, k->at,
                         "correlations.%zu: the pair %s, %s is correlated already "
                         "(correlations.%zu, line %u)", c, k->between[0].name,
                         k->between[1].name, d, (unsigned)e->at.line);
                return true;
            }
        }
    }
    int m = (int)(2 * scn->n_correlations);
    da_pid *pids = da_calloc((size_t)m, sizeof *pids);
    double *r = da_calloc((size_t)m * (size_t)m, sizeof *r);
    if (!pids || !r) {
        da_free(pids);
        da_free(r);
        return false;
    }
    m = correlation_inputs(scn, pids, m);
    correlation_matrix(scn, pids, m, r);
    if (m > CORRELATION_MAX_INPUTS)
        diag_add(diags, scn->file, scn->correlations[0].at,
                 "correlations: %d inputs are correlated; at most %d may be", m,
                 CORRELATION_MAX_INPUTS);
    else if (!correlation_cholesky(r, m))
        diag_add(diags, scn->file, scn->correlations[0].at,
                 "correlations: these rank correlations cannot hold together (the matrix of "
                 "their normal scores' correlations is not positive definite); weaken some of "
                 "them");
    da_free(pids);
    da_free(r);
    return true;
}
