/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dist.c - reading and checking distributions (see dist.h).
 *
 * Each kind is described by a row of 'kinds': the keys it takes, which are required, and their
 * defaults, so that unknown, missing and misspelt keys get the same messages as everywhere
 * else in the format. Parameters are constants: a distribution of a distribution is not part
 * of the format.
 */
#include "dist.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../util/diag.h"
#include "../util/text.h"
#include "value.h"
#include "ynode.h"

#define MAX_PARAMS      5
#define MIN_NORMAL_MASS 1e-6

struct param_spec {
    const char *key;
    size_t off;
    bool required;
    double dflt;
};

struct kind_spec {
    const char *name;
    struct param_spec params[MAX_PARAMS];
};

#define P(key, field, req, dflt)                                                                   \
    {                                                                                              \
        key, offsetof(struct da_dist, field), req, dflt                                            \
    }

static const struct kind_spec kinds[N_DIST_KINDS] = {
    [DIST_FIXED] = {"fixed", {P("value", value, true, 0)}},
    [DIST_UNIFORM] = {"uniform", {P("min", min, true, 0), P("max", max, true, 0)}},
    [DIST_TRIANGULAR] = {"triangular",
                         {P("min", min, true, 0), P("mode", mode, true, 0),
                          P("max", max, true, 0)}},
    [DIST_PERT] = {"pert",
                   {P("min", min, true, 0), P("mode", mode, true, 0), P("max", max, true, 0),
                    P("lambda", lambda, false, 4)}},
    [DIST_NORMAL] = {"normal",
                     {P("mean", mean, true, 0), P("sd", sd, true, 0),
                      P("min", min, false, -HUGE_VAL), P("max", max, false, HUGE_VAL)}},
    [DIST_LOGNORMAL] = {"lognormal", {P("median", median, true, 0), P("sigma", sigma, true, 0)}},
    [DIST_BETA] = {"beta",
                   {P("alpha", alpha, true, 0), P("beta", beta, true, 0), P("min", min, false, 0),
                    P("max", max, false, 1)}},
    [DIST_BERNOULLI] = {"bernoulli", {P("p", p, true, 0)}},
};

#undef P

const char *dist_kind_name(enum da_dist_kind kind)
{
    return kind < N_DIST_KINDS ? kinds[kind].name : "?";
}

struct da_dist dist_fixed(double value)
{
    struct da_dist d;
    memset(&d, 0, sizeof d);
    d.kind = DIST_FIXED;
    d.value = value;
    d.clamp_lo = -HUGE_VAL;
    d.clamp_hi = HUGE_VAL;
    return d;
}

static double *field(struct da_dist *d, size_t off)
{
    return (double *)(void *)((char *)d + off);
}

/* A bound as people read it: "10^13" and "10^-6" for the powers of ten of the limits, else %g. */
static const char *bound_text(double v, char *buf, size_t cap)
{
    double k = round(log10(v));
    if ((v >= 1e6 || (v > 0 && v <= 1e-6)) && k <= 308 && v == pow(10, k))
        snprintf(buf, cap, "10^%d", (int)k);
    else
        snprintf(buf, cap, "%g", v);
    return buf;
}

const char *range_describe(const struct da_range *r, char *buf, size_t cap)
{
    char lo[32], hi[32];
    bound_text(r->lo, lo, sizeof lo);
    bound_text(r->hi, hi, sizeof hi);
    if (isfinite(r->lo) && isfinite(r->hi) && r->lo_open)
        snprintf(buf, cap, "above %s and at most %s", lo, hi);
    else if (isfinite(r->lo) && isfinite(r->hi))
        snprintf(buf, cap, "from %s to %s", lo, hi);
    else if (isfinite(r->lo))
        snprintf(buf, cap, "%s %s", r->lo_open ? ">" : ">=", lo);
    else if (isfinite(r->hi))
        snprintf(buf, cap, "<= %s", hi);
    else
        snprintf(buf, cap, "of any value");
    return buf;
}

void dist_support(const struct da_dist *d, double *lo, double *hi)
{
    switch (d->kind) {
    case DIST_FIXED:
        *lo = *hi = d->value;
        break;
    case DIST_LOGNORMAL:
        *lo = 0;
        *hi = HUGE_VAL;
        break;
    case DIST_BERNOULLI:
        *lo = d->p >= 1 ? 1 : 0;
        *hi = d->p > 0 ? 1 : 0;
        break;
    default:
        *lo = d->min;
        *hi = d->max;
        break;
    }
}

bool dist_has_atoms(const struct da_dist *d)
{
    return d->kind == DIST_BERNOULLI && !dist_is_constant(d);
}

bool dist_is_constant(const struct da_dist *d)
{
    double lo, hi;
    dist_support(d, &lo, &hi);
    return lo == hi;
}

double dist_central(const struct da_dist *d)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->value;
    case DIST_UNIFORM:
        return d->min + (d->max - d->min) / 2;
    case DIST_TRIANGULAR:
    case DIST_PERT:
        return d->mode;
    case DIST_NORMAL:
        return fmin(fmax(d->mean, d->min), d->max);
    case DIST_LOGNORMAL:
        return d->median;
    case DIST_BETA:
        return d->min + (d->max - d->min) * (d->alpha / (d->alpha + d->beta));
    case DIST_BERNOULLI:
        return d->p >= 0.5 ? 1 : 0;
    default:
        return 0;
    }
}

const char *dist_describe(const struct da_dist *d, char *buf, size_t cap)
{
    switch (d->kind) {
    case DIST_FIXED:
        snprintf(buf, cap, "%g", d->value);
        break;
    case DIST_UNIFORM:
        snprintf(buf, cap, "uniform(%g, %g)", d->min, d->max);
        break;
    case DIST_TRIANGULAR:
        snprintf(buf, cap, "triangular(%g, %g, %g)", d->min, d->mode, d->max);
        break;
    case DIST_PERT:
        snprintf(buf, cap, "pert(%g, %g, %g)", d->min, d->mode, d->max);
        break;
    case DIST_NORMAL:
        snprintf(buf, cap, "normal(%g, %g) in [%g, %g]", d->mean, d->sd, d->min, d->max);
        break;
    case DIST_LOGNORMAL:
        snprintf(buf, cap, "lognormal(median %g, sigma %g)", d->median, d->sigma);
        break;
    case DIST_BETA:
        snprintf(buf, cap, "beta(%g, %g) on [%g, %g]", d->alpha, d->beta, d->min, d->max);
        break;
    case DIST_BERNOULLI:
        snprintf(buf, cap, "bernoulli(%g)", d->p);
        break;
    default:
        snprintf(buf, cap, "?");
        break;
    }
    return buf;
}

/* ---- reading --------------------------------------------------------------------------- */

struct reader {
    const char *file;
    const char *path;
    da_diags *diags;
    bool ok;
};

static void problem(struct reader *r, da_diag_code code, struct da_mark at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(struct reader *r, da_diag_code code, struct da_mark at, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_add(r->diags, r->file, code, r->path, at, "%s: %s", r->path, msg);
    r->ok = false;
}

/* Reads a constant: a bare number. */
static bool read_constant(struct reader *r, const struct ynode *node, const struct da_range *range,
                          bool number_only, struct da_dist *out)
{
    double v;
    char want[64], found[64], percent[64];
    range_describe(range, want, sizeof want);
    value_percent_hint(node, range->lo, range->hi, percent, sizeof percent);
    switch (value_number(node, &v)) {
    case VALUE_OK:
        break;
    case VALUE_NOT_FINITE:
        problem(r, DA_DIAG_OUT_OF_RANGE, node->mark, "expected a finite number %s, found %s", want,
                ynode_describe(node, found, sizeof found));
        return false;
    default:
        problem(r, DA_DIAG_WRONG_TYPE, node->mark, "expected a number %s%s, found %s%s%s", want,
                number_only ? "" : ", or a distribution", ynode_describe(node, found, sizeof found),
                value_number_hint(node), percent);
        return false;
    }
    *out = dist_fixed(v);
    bool below = range->lo_open ? !(v > range->lo) : v < range->lo;
    if (below || v > range->hi) {
        problem(r, DA_DIAG_OUT_OF_RANGE, node->mark, "expected a number %s, found %s%s", want,
                node->text, percent);
        return false;
    }
    return true;
}

static int find_kind(const char *name)
{
    for (int k = 0; k < N_DIST_KINDS; k++)
        if (strcmp(kinds[k].name, name) == 0)
            return k;
    return -1;
}

static const struct param_spec *find_param(const struct kind_spec *ks, const char *key)
{
    for (size_t i = 0; i < MAX_PARAMS && ks->params[i].key; i++)
        if (strcmp(ks->params[i].key, key) == 0)
            return &ks->params[i];
    return NULL;
}

/* The keys of 'ks' as "a, b, c", for messages. */
static void list_params(const struct kind_spec *ks, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t i = 0; i < MAX_PARAMS && ks->params[i].key; i++) {
        if (i)
            text_append(buf, cap, ", ");
        text_append(buf, cap, ks->params[i].key);
    }
}

static int read_kind(struct reader *r, const struct ynode *map)
{
    const struct ynode *kind_node = ynode_get(map, "dist");
    if (!kind_node) {
        problem(r, DA_DIAG_MISSING_KEY, map->mark,
                "a distribution needs the key 'dist' (fixed, uniform, triangular, pert, "
                "normal, lognormal, beta or bernoulli)");
        return -1;
    }
    if (kind_node->kind != YNODE_SCALAR) {
        char found[64];
        problem(r, DA_DIAG_WRONG_TYPE, kind_node->mark, "'dist' must name a distribution, found %s",
                ynode_describe(kind_node, found, sizeof found));
        return -1;
    }
    int k = find_kind(kind_node->text);
    if (k < 0) {
        const char *names[N_DIST_KINDS];
        for (int i = 0; i < N_DIST_KINDS; i++)
            names[i] = kinds[i].name;
        const char *near = text_closest(kind_node->text, names, N_DIST_KINDS);
        char hint[64] = "";
        if (near)
            snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
        problem(r, DA_DIAG_UNKNOWN_VALUE, kind_node->mark,
                "unknown distribution '%.*s' (expected fixed, uniform, triangular, pert, normal, "
                "lognormal, beta or bernoulli)%s",
                DIAG_QUOTE_MAX, kind_node->text, hint);
        return -1;
    }
    return k;
}

/* Reads the keys of a distribution mapping into *out, with defaults for the optional ones. */
static void read_params(struct reader *r, const struct ynode *map, const struct kind_spec *ks,
                        struct da_dist *out)
{
    char keys[96];
    list_params(ks, keys, sizeof keys);
    unsigned given = 0; /* bit j: parameter j was read */
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const struct ynode *key = map->items[i], *val = map->items[i + 1];
        if (key->kind != YNODE_SCALAR || strcmp(key->text, "dist") == 0)
            continue;
        const struct param_spec *ps = find_param(ks, key->text);
        if (!ps) {
            const char *cands[MAX_PARAMS];
            for (size_t j = 0; j < MAX_PARAMS; j++)
                cands[j] = ks->params[j].key;
            const char *near = text_closest(key->text, cands, MAX_PARAMS);
            problem(r, DA_DIAG_UNKNOWN_KEY, key->mark,
                    "unknown key '%.*s' in a %s distribution (it takes %s)%s%s%s", DIAG_QUOTE_MAX,
                    key->text, ks->name, keys, near ? "; did you mean '" : "", near ? near : "",
                    near ? "'?" : "");
            continue;
        }
        unsigned bit = 1u << (ps - ks->params);
        if (given & bit)
            continue; /* a repeated key: reported by the YAML layer; the first one counts */
        given |= bit;
        double v;
        enum value_status st = value_number(val, &v);
        if (st != VALUE_OK) {
            char found[64];
            problem(r, DA_DIAG_WRONG_TYPE, val->mark, "%s: expected a %snumber, found %s",
                    key->text, st == VALUE_NOT_FINITE ? "finite " : "",
                    ynode_describe(val, found, sizeof found));
            continue;
        }
        *field(out, ps->off) = v;
    }
    for (size_t i = 0; i < MAX_PARAMS && ks->params[i].key; i++) {
        const struct param_spec *ps = &ks->params[i];
        if (ynode_get(map, ps->key))
            continue;
        if (ps->required)
            problem(r, DA_DIAG_MISSING_KEY, map->mark, "a %s distribution needs the key '%s'",
                    ks->name, ps->key);
        else
            *field(out, ps->off) = ps->dflt;
    }
}

static const struct ynode *value_of(const struct ynode *map, const char *key)
{
    const struct ynode *v = ynode_get(map, key);
    return v ? v : map;
}

/* The largest shape a pert's lambda or a beta's alpha and beta may have. Beyond about 10^300
 * the shapes' arithmetic overflows (lambda (mode - min), alpha + beta), and the draws came out
 * NaN (a milestone that never came, a pledge of nothing) or 0, with exit status 0; long before
 * that the distribution is a point: at 10^6 a pert's standard deviation is a thousandth of its
 * range. */
#define DIST_SHAPE_MAX 1e6
#define SHAPE_ADVICE                                                                               \
    " (a larger one makes the distribution a point: give the value itself, or a narrower range)"

/* The distribution's own constraints: ordered bounds, positive scales. */
static void check_params(struct reader *r, const struct ynode *map, const struct da_dist *d)
{
    switch (d->kind) {
    case DIST_TRIANGULAR:
    case DIST_PERT:
        if (d->min > d->mode)
            problem(r, DA_DIAG_INVERTED_RANGE, value_of(map, "mode")->mark,
                    "min (%g) is greater than mode (%g)", d->min, d->mode);
        if (d->mode > d->max)
            problem(r, DA_DIAG_INVERTED_RANGE, value_of(map, "max")->mark,
                    "mode (%g) is greater than max (%g)", d->mode, d->max);
        if (d->kind == DIST_PERT && !(d->lambda > 0 && d->lambda <= DIST_SHAPE_MAX))
            problem(r, DA_DIAG_DIST_PARAMETER, value_of(map, "lambda")->mark,
                    "lambda must be > 0 and at most 10^6, found %g%s", d->lambda,
                    d->lambda > 0 ? SHAPE_ADVICE : "");
        break;
    case DIST_UNIFORM:
        if (d->min > d->max)
            problem(r, DA_DIAG_INVERTED_RANGE, value_of(map, "max")->mark,
                    "min (%g) is greater than max (%g)", d->min, d->max);
        break;
    case DIST_NORMAL:
        if (!(d->sd > 0))
            problem(r, DA_DIAG_DIST_PARAMETER, value_of(map, "sd")->mark,
                    "sd must be > 0, found %g", d->sd);
        if (!(d->min < d->max))
            problem(r, DA_DIAG_INVERTED_RANGE, value_of(map, "max")->mark,
                    "min (%g) must be less than max (%g)", d->min, d->max);
        break;
    case DIST_LOGNORMAL:
        if (!(d->median > 0))
            problem(r, DA_DIAG_DIST_PARAMETER, value_of(map, "median")->mark,
                    "median must be > 0, found %g", d->median);
        if (!(d->sigma > 0))
            problem(r, DA_DIAG_DIST_PARAMETER, value_of(map, "sigma")->mark,
                    "sigma must be > 0, found %g", d->sigma);
        break;
    case DIST_BETA:
        if (!(d->alpha > 0 && d->alpha <= DIST_SHAPE_MAX))
            problem(r, DA_DIAG_DIST_PARAMETER, value_of(map, "alpha")->mark,
                    "alpha must be > 0 and at most 10^6, found %g%s", d->alpha,
                    d->alpha > 0 ? SHAPE_ADVICE : "");
        if (!(d->beta > 0 && d->beta <= DIST_SHAPE_MAX))
            problem(r, DA_DIAG_DIST_PARAMETER, value_of(map, "beta")->mark,
                    "beta must be > 0 and at most 10^6, found %g%s", d->beta,
                    d->beta > 0 ? SHAPE_ADVICE : "");
        if (!(d->min < d->max))
            problem(r, DA_DIAG_INVERTED_RANGE, value_of(map, "max")->mark,
                    "min (%g) must be less than max (%g)", d->min, d->max);
        break;
    case DIST_BERNOULLI:
        if (!(d->p >= 0 && d->p <= 1))
            problem(r, DA_DIAG_DIST_PARAMETER, value_of(map, "p")->mark,
                    "p is a probability, from 0 to 1; found %g", d->p);
        break;
    default:
        break;
    }
}

/* The probability that 'd', a normal (truncated to [min, max]) or a lognormal, falls below
 * 'x' ('above' false) or above it. */
static double tail_beyond(const struct da_dist *d, double x, bool above)
{
    if (d->kind == DIST_LOGNORMAL) {
        if (!(x > 0))
            return above ? 1 : 0;
        double z = (log(x) - log(d->median)) / d->sigma;
        return above ? gsl_cdf_ugaussian_Q(z) : gsl_cdf_ugaussian_P(z);
    }
    double lo = (d->min - d->mean) / d->sd, hi = (d->max - d->mean) / d->sd;
    double z = fmin(fmax((x - d->mean) / d->sd, lo), hi);
    double mass = gsl_cdf_ugaussian_P(hi) - gsl_cdf_ugaussian_P(lo);
    double part = above ? gsl_cdf_ugaussian_Q(z) - gsl_cdf_ugaussian_Q(hi)
                        : gsl_cdf_ugaussian_P(z) - gsl_cdf_ugaussian_P(lo);
    return mass > 0 ? part / mass : 1;
}

/* True when the side of 'd' toward 'above' has no bound, so that it may cross a limit of
 * computation with a small probability: a lognormal's upper tail and its lower one (which
 * ends at 0), a normal's side without its bound above. A normal without 'min' stays an
 * error below, as the format has always said: write 'min'. */
static bool unbounded_tail(const struct da_dist *d, bool above)
{
    if (d->kind == DIST_LOGNORMAL)
        return true;
    return d->kind == DIST_NORMAL && above && isinf(d->max);
}

/* Checks the tail of 'd' beyond the cap 'limit' (above or below): at most DIST_MAX_TAIL of
 * its probability may lie there; its draws are then clamped to the limit. */
static void check_tail(struct reader *r, const struct ynode *map, struct da_dist *d, double limit,
                       bool above, const char *want)
{
    double p = tail_beyond(d, limit, above);
    char what[160], bound[32];
    if (p <= DIST_MAX_TAIL) {
        d->clamped = true;
        if (above)
            d->clamp_hi = limit;
        else
            d->clamp_lo = limit;
        return;
    }
    if (d->kind == DIST_LOGNORMAL)
        snprintf(what, sizeof what, "a lognormal distribution with median %g and sigma %g",
                 d->median, d->sigma);
    else
        snprintf(what, sizeof what, "a normal distribution with mean %g and sd %g", d->mean, d->sd);
    problem(r, DA_DIAG_DIST_OUT_OF_RANGE, map->mark,
            "%s is %s %s with probability %.2g (at most %g is allowed); "
            "expected values %s",
            what, above ? "above" : "below", bound_text(limit, bound, sizeof bound), p,
            DIST_MAX_TAIL, want);
}

/* For a distribution of a share (from 0 to 1) written in percentages, the shares to write:
 * "; for 30% to 60%, write min: 0.3, mode: 0.45, max: 0.6"; empty for anything else. It is
 * taken for percentages as a constant is (value.c) and an observed range is (check.c): its
 * values at most 100, and all above 1 (a lowest value from 0 to 1 is a share already, and
 * the writer would be sent to change what was right), or from 0 to a whole number above 1.
 * Only the numbers that are values of the share are divided: not a pert's lambda or a
 * beta's alpha and beta, which are no percentages. */
static const char *percent_hint(const struct da_dist *d, const struct da_range *range, double lo,
                                double hi, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (range->lo != 0 || range->hi != 1 || range->lo_open || !(hi > 1 && hi <= 100))
        return buf;
    if (!(lo > 1 || (lo == 0 && hi == floor(hi))))
        return buf;
    if (lo == hi)
        snprintf(buf, cap, "; for %g%%, write ", hi);
    else
        snprintf(buf, cap, "; for %g%% to %g%%, write ", lo, hi);
    const struct kind_spec *ks = &kinds[d->kind];
    bool first = true;
    for (size_t i = 0; i < MAX_PARAMS && ks->params[i].key; i++) {
        const struct param_spec *ps = &ks->params[i];
        double v = *(const double *)(const void *)((const char *)d + ps->off);
        if (strcmp(ps->key, "lambda") == 0 || strcmp(ps->key, "alpha") == 0 ||
            strcmp(ps->key, "beta") == 0 || !isfinite(v))
            continue; /* a shape, or a bound left out */
        char one[64];
        snprintf(one, sizeof one, "%s%s: %g", first ? "" : ", ", ps->key, v / 100);
        text_append(buf, cap, one);
        first = false;
    }
    return buf;
}

/* Every value the distribution can take must be valid for the field. */
static void check_support(struct reader *r, const struct ynode *map, struct da_dist *d,
                          const struct da_range *range)
{
    double lo, hi;
    dist_support(d, &lo, &hi);
    char want[64], what[160], bound[32];
    range_describe(range, want, sizeof want);
    const char *name = kinds[d->kind].name;
    bool below = range->lo_open ? !(lo > range->lo) : lo < range->lo;
    if (d->kind == DIST_LOGNORMAL && range->lo_open && range->lo == 0)
        below = false; /* a lognormal is never 0 */
    if (below && range->lo_cap && unbounded_tail(d, false)) {
        check_tail(r, map, d, range->lo, false, want);
    } else if (below) {
        if (!isfinite(lo))
            snprintf(what, sizeof what, "a %s distribution without 'min' can be below %s", name,
                     bound_text(range->lo, bound, sizeof bound));
        else
            snprintf(what, sizeof what,
                     "this %s distribution can be %s %s (its lowest value is %g)", name,
                     lo < range->lo ? "below" : "equal to",
                     bound_text(range->lo, bound, sizeof bound), lo);
        problem(r, DA_DIAG_DIST_OUT_OF_RANGE, map->mark, "%s; expected values %s", what, want);
    }
    if (hi > range->hi && range->hi_cap && unbounded_tail(d, true)) {
        check_tail(r, map, d, range->hi, true, want);
    } else if (hi > range->hi) {
        char percent[160];
        bound_text(range->hi, bound, sizeof bound);
        if (!isfinite(hi))
            snprintf(what, sizeof what, "a %s distribution %s can be above %s", name,
                     d->kind == DIST_LOGNORMAL ? "(unbounded above)" : "without 'max'", bound);
        else
            snprintf(what, sizeof what,
                     "this %s distribution can be above %s (its highest value is %g)", name, bound,
                     hi);
        problem(r, DA_DIAG_DIST_OUT_OF_RANGE, map->mark, "%s; expected values %s%s", what, want,
                percent_hint(d, range, lo, hi, percent, sizeof percent));
    }
}

/* A truncated normal must keep some probability between its bounds, or drawing it by rejection
 * would never end. */
static void check_normal_mass(struct reader *r, const struct ynode *map, const struct da_dist *d)
{
    if (d->kind != DIST_NORMAL || !(d->sd > 0) || !(d->min < d->max))
        return;
    double mass =
        gsl_cdf_gaussian_P(d->max - d->mean, d->sd) - gsl_cdf_gaussian_P(d->min - d->mean, d->sd);
    if (mass < MIN_NORMAL_MASS) {
        char a[96], b[64];
        snprintf(a, sizeof a, "mean %g and sd %g", d->mean, d->sd);
        snprintf(b, sizeof b, "%g and %g", d->min, d->max);
        problem(r, DA_DIAG_DIST_OUT_OF_RANGE, map->mark,
                "a normal distribution with %s has almost no probability between %s", a, b);
    }
}

bool dist_read(const struct ynode *node, const char *file, const char *path,
               const struct da_range *range, bool number_only, da_diags *diags, struct da_dist *out)
{
    struct reader r = {file, path, diags, true};
    if (node->kind != YNODE_MAP)
        return read_constant(&r, node, range, number_only, out);
    int k = read_kind(&r, node);
    if (k < 0)
        return false;
    memset(out, 0, sizeof *out);
    out->kind = (enum da_dist_kind)k;
    out->clamp_lo = -HUGE_VAL;
    out->clamp_hi = HUGE_VAL;
    read_params(&r, node, &kinds[k], out);
    if (!r.ok)
        return false;
    check_params(&r, node, out);
    if (!r.ok)
        return false;
    check_support(&r, node, out, range);
    check_normal_mass(&r, node, out);
    return r.ok;
}
