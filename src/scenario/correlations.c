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
 *
 * A file may name thousands of inputs and correlations, so the checks stay linear: the inputs
 * are found by their paths in a hash table, a pair named twice is found by sorting, and the
 * inputs are counted before any matrix is made, which only ever has CORRELATION_MAX_INPUTS
 * rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/diag.h"
#include "../util/idtab.h"
#include "correlations.h"
#include "dist.h"

/* The uncertain inputs a correlation may name: each parameter written in the file, by path;
 * and each value that failed its checks, as parameter 0 (its placeholder, bind.c). A value
 * that failed may be a whole mapping or list (a key misspelt or missing, 'lapes:' for
 * 'lapse:'): the inputs under it failed with it. */
struct inputs {
    struct idtab by_path;
    size_t longest; /* a longer name is no path, and is not read past this */
    size_t deepest; /* the most dots in the path of a value that failed */
    char *prefix;   /* longest + 1 bytes, for the paths above a name */
};

/* The number of '.' in 'path'. */
static size_t dots(const char *path)
{
    size_t n = 0;
    for (; *path; path++)
        n += *path == '.';
    return n;
}

static bool inputs_init(struct inputs *in, const struct da_scenario *scn)
{
    idtab_init(&in->by_path);
    in->longest = 0;
    in->deepest = 0;
    in->prefix = NULL;
    for (size_t i = 1; i < scn->n_params; i++) {
        const struct da_param *p = &scn->params[i];
        uint32_t first;
        if (p->is_default)
            continue;
        if (!idtab_add(&in->by_path, p->path, (uint32_t)i, &first))
            return false;
        size_t len = strlen(p->path);
        if (len > in->longest)
            in->longest = len;
    }
    for (size_t f = 0; f < scn->n_failed; f++) {
        uint32_t first;
        if (!idtab_add(&in->by_path, scn->failed[f], 0, &first))
            return false;
        size_t len = strlen(scn->failed[f]), depth = dots(scn->failed[f]);
        if (len > in->longest)
            in->longest = len;
        if (depth > in->deepest)
            in->deepest = depth;
    }
    in->prefix = da_malloc(in->longest + 1);
    return in->prefix != NULL;
}

static void inputs_release(struct inputs *in)
{
    idtab_release(&in->by_path);
    da_free(in->prefix);
}

/* Whether parameter 'pid' is, or is the uniform of an event whose probability is, a value that
 * failed its checks: its problems are reported already, and what a correlation would say of
 * it (missing, a constant) would be false. */
static bool failed_input(const struct da_scenario *scn, int pid)
{
    return pid == 0 || (scn->params[pid].is_event && scn->params[pid].probability == 0);
}

/* Whether a value that failed holds 'path': a mapping or list above it ("milestones.a.lapse"
 * for "milestones.a.lapse.occurs"). Only the paths above it as deep as the deepest that failed
 * are looked up, each of at most 'longest' bytes, so that a long name costs no more than a
 * short one. */
static bool under_failed(const struct inputs *in, const char *path)
{
    size_t depth = 0;
    for (size_t len = 0; len <= in->longest && depth <= in->deepest && path[len]; len++) {
        if (path[len] != '.')
            continue;
        memcpy(in->prefix, path, len);
        in->prefix[len] = '\0';
        if (idtab_get(&in->by_path, in->prefix) == 0)
            return true;
        depth++;
    }
    return false;
}

/* The parameter named 'path' (the first, should two share it), or -1; 0 (a value that
 * failed) for an input under a mapping or list that failed. */
static int find_input(const struct inputs *in, const char *path)
{
    uint32_t pid = UINT32_MAX;
    if (strnlen(path, in->longest + 1) <= in->longest)
        pid = idtab_get(&in->by_path, path);
    if (pid == UINT32_MAX && under_failed(in, path))
        pid = 0;
    return pid == UINT32_MAX ? -1 : (int)pid;
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
static bool resolve_pair(struct da_scenario *scn, const struct inputs *in, size_t c,
                         da_diags *diags)
{
    struct da_correlation *k = &scn->correlations[c];
    if (k->n_between != 2) {
        diag_add(diags, scn->file, DA_DIAG_LIST_LENGTH, DIAG_PATH("correlations.%zu.between", c),
                 k->at, "correlations.%zu.between: expected two inputs, found %zu", c,
                 k->n_between);
        return false;
    }
    bool ok = true;
    for (size_t e = 0; e < 2; e++) {
        struct da_ref *ref = &k->between[e];
        int pid = find_input(in, ref->name);
        if (pid >= 0 && failed_input(scn, pid)) {
            ok = false; /* reported where it was written */
        } else if (pid < 0) {
            diag_add(diags, scn->file, DA_DIAG_UNKNOWN_PARAMETER,
                     DIAG_PATH("correlations.%zu.between", c), ref->at,
                     "correlations.%zu.between: no input '%.*s' in this scenario (inputs are named "
                     "by their paths, such as milestones.ID.delay_days)",
                     c, DIAG_QUOTE_MAX, ref->name);
            ok = false;
        } else if (dist_is_constant(&scn->params[pid].dist)) {
            diag_add(diags, scn->file, DA_DIAG_BAD_CORRELATION,
                     DIAG_PATH("correlations.%zu.between", c), ref->at,
                     "correlations.%zu.between: '%s' is a constant; only uncertain inputs can "
                     "be correlated",
                     c, ref->name);
            ok = false;
        } else {
            ref->index = (uint32_t)pid;
        }
    }
    if (ok && k->between[0].index == k->between[1].index) {
        diag_add(diags, scn->file, DA_DIAG_BAD_CORRELATION,
                 DIAG_PATH("correlations.%zu.between", c), k->between[1].at,
                 "correlations.%zu.between: an input is not correlated with itself", c);
        ok = false;
    }
    if (!dist_is_constant(&scn->params[k->rank].dist)) {
        diag_add(diags, scn->file, DA_DIAG_BAD_CORRELATION, DIAG_PATH("correlations.%zu.rank", c),
                 scn->params[k->rank].at,
                 "correlations.%zu.rank: a rank correlation is a number, not a distribution", c);
        ok = false;
    } else if (scn->params[k->rank].central >= 1) {
        /* (the schema's range ends at 1, which the matrix's check would refuse as a
         * correlation that cannot hold: true, but not why) */
        diag_add(diags, scn->file, DA_DIAG_BAD_CORRELATION, DIAG_PATH("correlations.%zu.rank", c),
                 scn->params[k->rank].at,
                 "correlations.%zu.rank: a rank correlation of 1 would make the two inputs one, "
                 "which no matrix of correlations can hold; give a rank below 1, such as 0.99",
                 c);
        ok = false;
    }
    return ok;
}

/* Entry 'entry's pair of inputs, the lower first, for finding a pair named twice. */
struct pair {
    uint32_t lo, hi;
    size_t entry;
};

static int by_pair(const void *pa, const void *pb)
{
    const struct pair *a = pa, *b = pb;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    if (a->hi != b->hi)
        return a->hi < b->hi ? -1 : 1;
    return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* Reports the first entry (in the file's order) whose pair an earlier entry named already,
 * against the first entry that named it, and sets *found; false when memory ran out. */
static bool check_repeated_pairs(const struct da_scenario *scn, da_diags *diags, bool *found)
{
    size_t n = scn->n_correlations;
    struct pair *pairs = da_calloc(n, sizeof *pairs);
    if (!pairs)
        return false;
    for (size_t c = 0; c < n; c++) {
        uint32_t a = scn->correlations[c].between[0].index;
        uint32_t b = scn->correlations[c].between[1].index;
        struct pair p = {a < b ? a : b, a < b ? b : a, c};
        pairs[c] = p;
    }
    qsort(pairs, n, sizeof *pairs, by_pair);
    size_t repeat = SIZE_MAX, first = 0;
    for (size_t i = 1; i < n; i++) {
        bool same = pairs[i].lo == pairs[i - 1].lo && pairs[i].hi == pairs[i - 1].hi;
        bool second =
            same && (i < 2 || pairs[i - 2].lo != pairs[i].lo || pairs[i - 2].hi != pairs[i].hi);
        if (second && pairs[i].entry < repeat) {
            repeat = pairs[i].entry;
            first = pairs[i - 1].entry;
        }
    }
    da_free(pairs);
    *found = repeat != SIZE_MAX;
    if (*found) {
        const struct da_correlation *k = &scn->correlations[repeat];
        diag_add(diags, scn->file, DA_DIAG_BAD_CORRELATION, DIAG_PATH("correlations.%zu", repeat),
                 k->at,
                 "correlations.%zu: the pair %s, %s is correlated already "
                 "(correlations.%zu, line %u)",
                 repeat, k->between[0].name, k->between[1].name, first,
                 (unsigned)scn->correlations[first].at.line);
    }
    return true;
}

/* The number of different inputs the correlations name; -1 when memory ran out. */
static int count_inputs(const struct da_scenario *scn)
{
    unsigned char *named = da_calloc(scn->n_params ? scn->n_params : 1, 1);
    if (!named)
        return -1;
    int m = 0;
    for (size_t c = 0; c < scn->n_correlations; c++) {
        for (size_t e = 0; e < 2; e++) {
            uint32_t pid = scn->correlations[c].between[e].index;
            m += !named[pid];
            named[pid] = 1;
        }
    }
    da_free(named);
    return m;
}

/* Whether the correlations, all resolved, can hold together; false when memory ran out. */
static bool check_matrix(const struct da_scenario *scn, da_diags *diags)
{
    int m = count_inputs(scn);
    if (m < 0)
        return false;
    if (m > CORRELATION_MAX_INPUTS) {
        diag_add(diags, scn->file, DA_DIAG_BAD_CORRELATION, "correlations", scn->correlations[0].at,
                 "correlations: %d inputs are correlated; at most %d may be", m,
                 CORRELATION_MAX_INPUTS);
        return true;
    }
    da_pid pids[CORRELATION_MAX_INPUTS];
    double *r = da_calloc((size_t)m * (size_t)m + 1, sizeof *r);
    if (!r)
        return false;
    m = correlation_inputs(scn, pids, m);
    correlation_matrix(scn, pids, m, r);
    if (!correlation_cholesky(r, m))
        diag_add(diags, scn->file, DA_DIAG_BAD_CORRELATION, "correlations", scn->correlations[0].at,
                 "correlations: these rank correlations cannot hold together (the matrix of "
                 "their normal scores' correlations is not positive definite); weaken some of "
                 "them");
    da_free(r);
    return true;
}

bool check_correlations(struct da_scenario *scn, da_diags *diags)
{
    if (scn->n_correlations == 0)
        return true;
    struct inputs in;
    if (!inputs_init(&in, scn)) {
        inputs_release(&in);
        return false;
    }
    bool all = true;
    for (size_t c = 0; c < scn->n_correlations; c++)
        all = resolve_pair(scn, &in, c, diags) && all;
    inputs_release(&in);
    if (!all)
        return true;
    bool repeated;
    if (!check_repeated_pairs(scn, diags, &repeated))
        return false;
    return repeated || check_matrix(scn, diags);
}
