/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis.h - which assumptions matter: the state of an analysis of `dayafter analyze` and
 * the core that every method builds on (evaluate.c). The methods themselves, and the table
 * that the driver (analyze.c) and the writers reach them through, are in method.h.
 *
 * An analysis's inputs are the scenario's uncertain parameters (every distribution that is
 * not a constant, and the uniforms that decide its events: scenario/events.c), named by their
 * paths. A method makes a design of points in the unit cube, one coordinate per input, which
 * analysis_evaluate() maps through each input's quantile function and runs as replications of the
 * engine: the parameters of the design are set, everything else (the constants, the
 * incidents) comes from the replication's own random streams,
 * shared by the points that the method compares (common random numbers). The metric of one
 * option is read from each replication (of every option, for the value of information); the
 * method turns the values into its indices.
 */
#ifndef DA_ANALYSIS_ANALYSIS_H
#define DA_ANALYSIS_ANALYSIS_H

#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

#include "../engine/results.h"
#include "../model/plan.h"
#include "dayafter.h"
#include "prim.h"

/* Per input: what the methods report (NaN where a method says nothing). */
struct input_result {
    double S1, S1_conf, ST, ST_conf;     /* sobol */
    double S1_floor, ST_floor;           /* sobol: how far rounding alone can move them (sobol.c) */
    double mu_star, mu_star_conf, sigma; /* morris; mu*'s 95% bootstrap half-width */
    double mu_star_floor;                /* morris: how far rounding alone can move mu* */
    double low, high, swing, swing_conf; /* tornado; the swing's 95% half-width */
    double restricted;                   /* prim: the boxes that restrict it, weighted by quality */
    double stability;                    /* prim: the share of resamples whose first box does */
};

/* Every result of 'r' unknown (NaN), its rounding floors 0, before a method fills it. */
void input_result_clear(struct input_result *r);

/* Sobol' indices of each of the n outputs of a series (analyze --by), [output * count + i]
 * for the inputs (count = n_inputs) and the groups (count = n_groups). */
struct by_indices {
    double *S1, *S1_conf, *ST, *ST_conf;
};

/* What an analysis's sample size leaves in doubt (warnings.c), and the scenario's correlations
 * that a method ignores (WARN_CORRELATIONS, which no sample answers). */
enum analysis_warning_kind {
    WARN_SMALL,
    WARN_WIDE,
    WARN_OUTSIDE,
    WARN_CORRELATIONS,
    N_WARNING_KINDS
};

struct analysis_warning {
    int kind; /* enum analysis_warning_kind */
    char text[320];
    uint64_t recommended; /* the samples (-n) that would do; 0: no sample would */
};

/* A group of inputs (groups.c): its name, its members (indices of inputs, ascending) and,
 * for the methods that give groups indices, its results. */
struct analysis_group {
    char *name;
    int *members;
    int n_members;
    struct input_result result;
};

struct da_analysis {
    struct plan plan;
    const struct da_scenario *scn;
    int method; /* enum da_method */
    int metric; /* enum metric */
    int option;
    uint64_t seed;
    uint64_t samples, evaluations;
    int n_inputs;
    da_pid *pids; /* per input: its parameter */
    struct input_result *inputs;
    double mean, variance; /* of the metric over the evaluations the method's indices use */
    /* analyze --by: the series analysed (enum series_metric; metric is then -1), per week or
     * per area, its n_by outputs' means and variances, and their indices. */
    int by, series, n_by;
    double *by_mean, *by_variance;
    struct by_indices by_inputs, by_groups;
    int *order; /* the inputs, most influential first, as the method ranks them */
    struct analysis_warning warnings[N_WARNING_KINDS];
    int n_warnings;
    uint64_t recommended_samples; /* the largest of the warnings' (0: no warning of the sample) */
    struct analysis_group *groups;
    int n_groups;
    int *group_order; /* the groups, most influential first */
    /* prim */
    int where_op; /* enum da_where */
    double where_value;
    uint64_t cases; /* points where the condition holds */
    struct prim_settings prim_settings;
    struct prim_result prim; /* the boxes' bounds in the inputs' own values */
    struct voi_results *voi; /* voi (voi.h); NULL for the other methods */
};

/* A method's design, evaluated: point(ev, p, x) writes the n_inputs parameter values of point
 * p into x and returns the replication whose streams the point uses. */
struct evaluation {
    const struct da_analysis *an;
    uint64_t (*point)(const struct evaluation *ev, uint64_t p, double *x);
    const void *design; /* the method's, for point() */
    double *values;     /* per point: the metric */
    uint64_t n_points;
    double *outputs; /* analyze --by: per point, the series' n_outputs values */
    int n_outputs;
    /* When not NULL (voi): per option and point, every option's metric from the same
     * replication, [o * n_points + p]; and per milestone and point, the day it is reached (the
     * horizon when it is not), [m * n_points + p]. */
    double *paired, *days;
};

/* Imposes the scenario's rank correlations (if any) on the n points u (n x n_inputs, in the
 * unit cube) by reordering the correlated inputs' coordinates (Iman-Conover). */
da_status analysis_correlate(const struct da_analysis *an, double *u, uint64_t n, gsl_rng *rng);

/* The metric's mean and variance (over n, not n - 1) over the n values f, into an->mean and
 * an->variance: what every method reports of the runs its indices use. A variance of the
 * values' rounding alone (analysis_varies()) is 0: the metric does not vary. */
void analysis_moments(struct da_analysis *an, const double *f, uint64_t n);
/* The relative rounding of a metric computed over the horizon's days, a recursion whose error
 * can grow by a rounding a step: H DBL_EPSILON (the gamma_n of Higham, "Accuracy and Stability
 * of Numerical Algorithms", 2002, section 3.1, with n = H). */
double analysis_rounding(const struct da_analysis *an);
/* Whether the n values f, of that variance, vary by more than their rounding: a standard
 * deviation above analysis_rounding() times their largest magnitude. Less is the last bits
 * that an input which cannot move the metric still changes (3,500 deployed in every run,
 * summed over areas whose populations vary, differs by 10^-13 between runs), which shared out
 * as variance ranked an area's population first. */
bool analysis_varies(const struct da_analysis *an, const double *f, uint64_t n, double variance);
/* The same of any n values f, into *mean and *variance. */
void analysis_mean_variance(const double *f, uint64_t n, double *mean, double *variance);

/* The name of the metric analysed: a metric of the registry's, or a weekly series's. */
const char *analysis_metric_name(const struct da_analysis *an);
/* Whether a run without a value of the metric counts as the horizon: a day that never comes
 * within it (start_day, ioc_day), the days to a half strength never reached (days_to_half). */
bool analysis_never_is_horizon(const struct da_analysis *an);

/* The value of input i at u in (0, 1): its quantile. */
double analysis_quantile(const struct da_analysis *an, int i, double u);

/* Whether a design of 'bytes' (its 'runs' and what it keeps of them) fits in
 * DA_RUN_MAX_BYTES, and its runs' work in ANALYSIS_MAX_WORK steps: else DA_ERR_LIMIT, saying
 * so of the method's 'design' ("Morris"), with 'note' after its runs and 'advice' after "use a
 * smaller -n" (both may be ""), before anything is allocated or run. -n may ask for 10^8
 * samples, and every method keeps a few numbers of each. */
da_status analysis_design_fits(const struct da_analysis *an, double bytes, double runs,
                               const char *design, const char *note, const char *advice,
                               const da_analyze_options *opt);
/* The most steps (engine/footprint.h: a replication's work, plus a point's inputs) that an
 * analysis's runs may take together. At the default -n the runs grow with the uncertain
 * inputs, and each run with the scenario, so that a scenario of 10,000 milestones with lapses
 * asked of Sobol' 2.6 million runs of them, for hours; the built-in Gaza's Sobol' takes
 * 8.6 x 10^9 (2 s of a core) at the default -n, and 8.9 x 10^12 at the -n of 65,536 that its
 * warnings may suggest. */
#define ANALYSIS_MAX_WORK 1e13

/* Runs the points of 'ev' on the engine; the values come back in ev->values. The methods
 * (method.h) build on these functions of the core (evaluate.c), which call none of them. */
da_status analysis_evaluate(struct evaluation *ev, int threads, const da_analyze_options *opt);

/* The default number of samples of each method. */
enum {
    SOBOL_SAMPLES = 64,
    MORRIS_TRAJECTORIES = 20,
    TORNADO_REPLICATIONS = 50,
    PRIM_SAMPLES = 2000,
    VOI_SAMPLES = 1000
};

#endif /* DA_ANALYSIS_ANALYSIS_H */
