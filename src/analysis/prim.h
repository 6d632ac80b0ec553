/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim.h - PRIM, the patient rule induction method (Friedman and Fisher, "Bump hunting in
 * high-dimensional data", Statistics and Computing 9, 1999), on a table of points: n points
 * of k inputs and, for each, whether it is a case of interest. It knows nothing of the engine
 * (src/analysis/prim.c runs the design and calls it), so that it can be tested on made-up
 * data whose answer is known.
 *
 * What it does is what careful analysts do with the EMA Workbench's PRIM (Kwakkel,
 * Environmental Modelling & Software 96, 2017) after Bryant and Lempert ("Thinking inside the
 * box", Technological Forecasting & Social Change 77, 2010): a share of the points is held out;
 * on the others, peeling gives a trajectory of ever smaller and denser boxes, one of which is
 * chosen and pasted; each restriction of the chosen box gets a quasi-p-value, and those that
 * are not significant are dropped; bootstrap resamples say how often each input is restricted;
 * the held-out points give the box's coverage and density out of sample. Covering repeats the
 * search on the points outside the boxes found. docs/analysis.md explains every choice.
 */
#ifndef DA_ANALYSIS_PRIM_H
#define DA_ANALYSIS_PRIM_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

#include "dayafter.h"

#define PRIM_MAX_BOXES 3

/* The method's settings and their defaults (docs/analysis.md, "PRIM"). */
#define PRIM_PEEL_ALPHA   0.05 /* each peel cuts this share of the box's points */
#define PRIM_PASTE_ALPHA  0.05 /* each paste adds this share of the box's points */
#define PRIM_MASS_MIN     0.05 /* peeling stops before a box holds fewer of the points */
#define PRIM_SIGNIFICANCE 0.05 /* a restriction whose quasi-p-value is above is dropped */
#define PRIM_BOOTSTRAP    50   /* resamples for the box's stability */
#define PRIM_HOLDOUT      0.3  /* share of the points held out */
#define PRIM_HOLDOUT_MAX  0.9  /* at most: the rest must be enough to search */

struct prim_settings {
    double peel_alpha, paste_alpha, mass_min, significance, holdout;
    int bootstrap;
    int max_boxes;
    int box; /* 0: the rule's box; I > 0: box I of the first box's trajectory */
    /* Per input (NULL: none): nonzero when its values have atoms (a bernoulli's 0 and 1). Its
     * bounds are then the first value in the box, not halfway to the last one out: a value it
     * takes, so that x >= 1 reads "x = 1", where halfway (0.5) names no value of it. */
    const unsigned char *atoms;
};

void prim_settings_default(struct prim_settings *s);

/* One box of a peeling trajectory: step 0 is the whole space (of the points in play). */
struct prim_step {
    double coverage, density, mass;
    int restricted; /* inputs it restricts */
};

/* A restriction's state: none, kept in the box, or dropped as not significant. */
enum prim_state { PRIM_OPEN, PRIM_KEPT, PRIM_DROPPED };

/* Per input, its two sides (0: the low bound, a minimum; 1: the high bound, a maximum): the
 * state, the bound in the inputs' units (x lies in the box when min <= x <= max) and the
 * quasi-p-value (of the final box for a kept one; when it was dropped for a dropped one). */
struct prim_limit {
    int state[2];
    double bound[2], p[2];
};

struct prim_found {
    struct prim_step *steps;
    int n_steps, chosen;       /* the chosen step of the trajectory */
    struct prim_limit *limits; /* per input */
    double *stability;         /* per input: the share of resamples whose box restricts it */
    /* The final box (chosen, pasted, pruned) on the training points in play... */
    uint64_t points, cases;
    double coverage, density, mass;
    /* ... and on the held-out points not in an earlier box (NaN density: none is in it). */
    uint64_t test_points, test_cases;
    double test_coverage, test_density;
};

struct prim_result {
    uint64_t train_points, train_cases, test_points, test_cases;
    int n_boxes;
    struct prim_found boxes[PRIM_MAX_BOXES];
};

/* Finds up to s->max_boxes boxes in the n points x ([point * k + input]) whose cases of
 * interest are those with y set. The holdout and the resamples are drawn from 'rng'. The
 * result is released with prim_result_release(), also after a failure. */
da_status prim_discover(const double *x, const unsigned char *y, uint64_t n, int k,
                        const struct prim_settings *s, gsl_rng *rng, struct prim_result *out);

void prim_result_release(struct prim_result *r);

/* Whether the box restricts input i (a kept restriction on either side). */
int prim_restricts(const struct prim_found *box, int i);

#endif /* DA_ANALYSIS_PRIM_H */
