/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis.h - which assumptions matter: the analyses of `dayafter analyze` over the engine.
 *
 * An analysis's inputs are the scenario's uncertain parameters (every distribution that is
 * not a constant), named by their paths. A method makes a design of points in the unit cube,
 * one coordinate per input, which evaluate() maps through each input's quantile function and
 * runs as replications of the engine: the parameters of the design are set, everything else
 * (the constants, the events, the incidents) comes from the replication's own random streams,
 * shared by the points that the method compares (common random numbers). The metric of one
 * option is read from each replication (of every option, for the value of information); the
 * method turns the values into its indices.
 */
#ifndef DA_ANALYSIS_ANALYSIS_H
#define DA_ANALYSIS_ANALYSIS_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#include "../model/plan.h"
#include "../engine/results.h"
#include "dayafter.h"

/* Per input: what the methods report (NaN where a method says nothing). */
struct input_result {
    double S1, S1_conf, ST, ST_conf; /* sobol */
    double mu_star, sigma;           /* morris */
    double low, high, swing;         /* tornado */
    double restricted;               /* prim: the boxes that restrict it, weighted by quality */
};

/* A PRIM box: per input its limits in the input's own values (NaN: unrestricted). */
struct prim_box {
    double coverage, density;
    double *lo, *hi;
};

#define PRIM_MAX_BOXES 3

struct da_analysis {
    struct plan plan;
    const struct da_scenario *scn;
    int method;      /* enum da_method */
    int metric;      /* enum metric */
    int option;
    uint64_t seed;
    uint64_t samples, evaluations;
    int n_inputs;
    da_pid *pids;    /* per input: its parameter */
    struct input_result *inputs;
    double mean, variance; /* of the metric over the evaluations the method's indices use */
    int *order;      /* the inputs, most influential first, as the method ranks them */
    /* prim */
    int where_op;    /* enum da_where */
    double where_value;
    uint64_t cases;  /* points where the condition holds */
    struct prim_box boxes[PRIM_MAX_BOXES];
    int n_boxes;
    struct voi_results *voi; /* voi (voi.h); NULL for the other methods */
};

/* A method's design, evaluated: point(ev, p, x) writes the n_inputs parameter values of point
 * p into x and returns the replication whose streams the point uses. */
struct evaluation {
    const struct da_analysis *an;
    uint64_t (*point)(const struct evaluation *ev, uint64_t p, double *x);
    const void *design;    /* the method's, for point() */
    double *values;        /* per point: the metric */
    uint64_t n_points;
    /* When not NULL (voi): per option and point, every option's metric from the same
     * replication, [o * n_points + p]; and per milestone and point, the day it is reached (the
     * horizon when it is not), [m * n_points + p]. */
    double *paired, *days;
};

/* Imposes the scenario's rank correlations (if any) on the n points u (n x n_inputs, in the
 * unit cube) by reordering the correlated inputs' coordinates (Iman-Conover). */
da_status analysis_correlate(const struct da_analysis *an, double *u, uint64_t n, gsl_rng *rng);

/* The metric's mean and variance (over n, not n - 1) over the n values f, into an->mean and
 * an->variance: what every method reports of the runs its indices use. */
void analysis_moments(struct da_analysis *an, const double *f, uint64_t n);

/* The value of input i at u in (0, 1): its quantile. */
double analysis_quantile(const struct da_analysis *an, int i, double u);

/* Runs the points of 'ev' on the engine; the values come back in ev->values. */
da_status analysis_evaluate(struct evaluation *ev, int threads, const da_analyze_options *opt);

/* The methods: fill an->inputs, an->samples, an->evaluations, an->mean and an->variance. */
da_status analysis_sobol(struct da_analysis *an, gsl_rng *rng, int threads,
                         const da_analyze_options *opt);
da_status analysis_morris(struct da_analysis *an, gsl_rng *rng, int threads,
                          const da_analyze_options *opt);
da_status analysis_tornado(struct da_analysis *an, int threads, const da_analyze_options *opt);
da_status analysis_prim(struct da_analysis *an, gsl_rng *rng, int threads,
                        const da_analyze_options *opt);
da_status analysis_voi(struct da_analysis *an, gsl_rng *rng, int threads,
                       const da_analyze_options *opt);

/* The default number of samples of each method. */
enum {
    SOBOL_SAMPLES = 64,
    MORRIS_TRAJECTORIES = 20,
    TORNADO_REPLICATIONS = 50,
    PRIM_SAMPLES = 2000,
    VOI_SAMPLES = 1000
};

#endif /* DA_ANALYSIS_ANALYSIS_H */
