/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dist.h - the distributions of docs/model.md section 1, as a scenario writes them.
 *
 * Any numeric field may be a constant or a mapping such as {dist: pert, min: 0, mode: 30,
 * max: 120}. dist_read() reads either form, checks the distribution's own parameters (min <=
 * mode <= max, positive sd, ...) and checks that every value it can take lies in the field's
 * valid range (its support, not only its centre: a normal without 'min' in a field that must
 * be >= 0 is an error, because some replications would draw a negative count).
 */
#ifndef DA_SCENARIO_DIST_H
#define DA_SCENARIO_DIST_H

#include <stdbool.h>

#include "dayafter.h"

struct ynode;

enum da_dist_kind {
    DIST_FIXED,
    DIST_UNIFORM,
    DIST_TRIANGULAR,
    DIST_PERT,
    DIST_NORMAL,
    DIST_LOGNORMAL,
    DIST_BETA,
    DIST_BERNOULLI,
    N_DIST_KINDS
};

struct da_dist {
    enum da_dist_kind kind;
    double value;          /* fixed */
    double min, mode, max; /* uniform, triangular, pert; the bounds of normal and beta */
    double lambda;         /* pert */
    double mean, sd;       /* normal */
    double median, sigma;  /* lognormal */
    double alpha, beta;    /* beta */
    double p;              /* bernoulli */
    /* With 'clamped', draws are clamped to [clamp_lo, clamp_hi]: the field's range where an
     * unbounded tail (a lognormal's, a normal's without a bound) crosses a limit of
     * computation, which it does with probability at most DIST_MAX_TAIL. */
    bool clamped;
    double clamp_lo, clamp_hi;
};

/* The most probability an unbounded tail may have beyond a field's limit of computation: about
 * one draw in a billion, a tenth of a draw in a run of the most replications a run takes. */
#define DIST_MAX_TAIL 1e-9

/* A field's valid range: lo < x or lo <= x, and x <= hi (lo and hi may be infinite). A bound
 * marked 'cap' is a limit of what the engine computes rather than of what the field means:
 * a lognormal, or a normal without that bound, may cross it with probability at most
 * DIST_MAX_TAIL, and its draws are clamped to it. */
struct da_range {
    double lo, hi;
    bool lo_open;
    bool lo_cap, hi_cap;
};

/* The name of 'kind' as written in a scenario ("pert"). */
const char *dist_kind_name(enum da_dist_kind kind);

/* A constant. */
struct da_dist dist_fixed(double value);

/*
 * Reads 'node' (a number or a distribution mapping) into *out; 'path' names the field in
 * messages, 'range' is its valid range and 'file' the file's name; with 'number_only', a
 * value of the wrong type is asked for a number, not "a number or a distribution" (a field
 * whose value must not vary). Returns false after adding every problem found to 'diags'.
 */
bool dist_read(const struct ynode *node, const char *file, const char *path,
               const struct da_range *range, bool number_only, da_diags *diags,
               struct da_dist *out);

/* The central value that --deterministic uses (docs/model.md section 1). */
double dist_central(const struct da_dist *d);

/* True when the distribution always gives the same value. */
bool dist_is_constant(const struct da_dist *d);

/* True when some single value has a probability of its own (an atom): a bernoulli's 0 and 1.
 * A clamped tail's bound is no atom here: it holds at most DIST_MAX_TAIL, which no sample
 * sees. An analysis cannot split the draws of an atom by a bound on the value. */
bool dist_has_atoms(const struct da_dist *d);

/* The smallest and largest values it can take (possibly infinite). */
void dist_support(const struct da_dist *d, double *lo, double *hi);

/* Writes the range as words for messages: ">= 0", "> 0", "from 0 to 1". */
const char *range_describe(const struct da_range *r, char *buf, size_t cap);

/* Writes 'd' compactly for people: "pert(0, 30, 120)", "20000". */
const char *dist_describe(const struct da_dist *d, char *buf, size_t cap);

#endif /* DA_SCENARIO_DIST_H */
