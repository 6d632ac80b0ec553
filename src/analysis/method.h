/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * method.h - the table of the analysis's methods (methods.c): each method's name, what it
 * takes beyond a metric, how it runs, how it ranks the inputs, its columns, how much sample
 * it needs, and how its results are written. The driver (analyze.c) and the writers
 * (src/output/analysis_*.c) look a method up here instead of asking which method it is, so
 * that a method is added in one place.
 */
#ifndef DA_ANALYSIS_METHOD_H
#define DA_ANALYSIS_METHOD_H

#include <gsl/gsl_rng.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis.h"

/* One per-input result of a method: its key in the JSON and column of the CSV, its heading
 * in the terminal's table, and where it is kept in struct input_result. */
struct method_column {
    const char *name;
    const char *label;
    size_t offset;
};

/* What a sample too small leaves in doubt (warnings.c): the floor below which the method's
 * intervals cannot be trusted, in its unit, and the index whose interval is checked. With
 * 'shares' the indices are Sobol's S1 and ST, shares of variance that must lie in [0, 1];
 * else the one index 'index' (value at 'value', half-width at 'conf'), which matters at 5% of
 * the largest. */
struct method_warnings {
    uint64_t floor;
    const char *unit;
    bool shares;
    const char *index;
    size_t value, conf;
};

struct method {
    const char *name;
    unsigned takes; /* DA_TAKES_* (dayafter.h): what it takes beyond a metric */
    /* Fills an->inputs (and the method's own results), an->samples, an->evaluations,
     * an->mean and an->variance, from the design drawn from 'rng'. */
    da_status (*run)(struct da_analysis *an, gsl_rng *rng, int threads,
                     const da_analyze_options *opt);
    /* The key that ranks the inputs, most influential first (NaN: last); then 'tie', when
     * not NULL, among equals; then the inputs' order in the file. */
    double (*influence)(const struct da_analysis *an, int i);
    double (*tie)(const struct da_analysis *an, int i);
    /* The per-input results, in the JSON (unless input_json writes them), those with a label
     * in the terminal's table (of the methods that print with indices_print()), and the first
     * n_csv_columns of them in the CSV. */
    const struct method_column *columns;
    int n_columns, n_csv_columns;
    bool shares; /* the columns are shares of variance, printed as they are */
    /* It imposes the scenario's correlations on its design (analysis_correlate()); else it
     * moves one input at a time from designed levels, and says that it ignores them. */
    bool correlates;
    /* an->variance is over the design, so that none means no input moves the metric (not
     * the tornado's: its variance is that of the central setting alone) */
    bool variance_of_design;
    const struct method_warnings *warnings; /* NULL: it qualifies its results its own way */
    /* Column 'column' of the CSV's row of input 'index' (of group 'index' when 'group'), for a
     * method whose results are not input_result's (NULL: the columns' offsets say). */
    double (*csv_value)(const struct da_analysis *an, bool group, int index, int column);
    /* Input i's results into 'in', for a method whose results are not input_result's. */
    void (*input_json)(bool *nomem, const struct da_analysis *an, int i, json_t *in);
    /* The method's own keys of the JSON, after the inputs (NULL: none). */
    void (*json)(bool *nomem, const struct da_analysis *an, json_t *root);
    /* The terminal's account of the results, at most 'rows' inputs (0: all). */
    da_status (*print)(const struct da_analysis *an, FILE *out, int width, int rows);
};

/* The method 'method' (enum da_method), or NULL when there is none of that number. */
const struct method *method_at(int method);

/* The value of the column at 'offset' of the result 'r'. */
static inline double method_value(const struct input_result *r, size_t offset)
{
    return *(const double *)(const void *)((const char *)r + offset);
}

/* Fills an->warnings from the method's results and its rule (warnings.c). */
void analysis_warnings(const struct method *m, struct da_analysis *an);

/* The names of the methods that impose the scenario's correlations, as words ("sobol, prim
 * and voi"), into buf. */
void method_correlating_names(char *buf, size_t cap);

/* The methods' hooks (sobol.c, morris.c, tornado.c, prim.c, voi.c). */
da_status analysis_sobol(struct da_analysis *an, gsl_rng *rng, int threads,
                         const da_analyze_options *opt);
da_status analysis_morris(struct da_analysis *an, gsl_rng *rng, int threads,
                          const da_analyze_options *opt);
da_status analysis_tornado(struct da_analysis *an, gsl_rng *rng, int threads,
                           const da_analyze_options *opt);
da_status analysis_prim(struct da_analysis *an, gsl_rng *rng, int threads,
                        const da_analyze_options *opt);
da_status analysis_voi(struct da_analysis *an, gsl_rng *rng, int threads,
                       const da_analyze_options *opt);
double sobol_influence(const struct da_analysis *an, int i);
double morris_influence(const struct da_analysis *an, int i);
double tornado_influence(const struct da_analysis *an, int i);
double prim_influence(const struct da_analysis *an, int i);
double prim_stability(const struct da_analysis *an, int i);
double voi_influence(const struct da_analysis *an, int i);

#endif /* DA_ANALYSIS_METHOD_H */
