/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * evppi.h - the value of information of a choice between options, from one sample of their
 * paired net benefits: the expected value of perfect information (EVPI) and of partial perfect
 * information (EVPPI) about one uncertainty or a group of them (see evppi.c). Knows nothing
 * of the engine: the sample is numbers.
 */
#ifndef DA_ANALYSIS_EVPPI_H
#define DA_ANALYSIS_EVPPI_H

#include <stdint.h>

#include "dayafter.h"

/* Draws of the regressions' coefficients behind an EVPPI's standard error. */
#define VOI_SE_DRAWS 200

struct voi_sample {
    uint64_t n;       /* points */
    int n_options;    /* at least 2 */
    const double *nb; /* [j * n_options + d]: option d's net benefit at point j; more is
                       * better */
    int n_vars;
    const double *x; /* [v * n + j]: uncertainty v's value at point j */
    uint64_t seed;   /* of the draws of the standard errors */
};

struct voi_value {
    double value;   /* EVPI or EVPPI, in the net benefit's units; NaN: too few points
                     * for the group's regression */
    double se;      /* EVPPI: its standard error; EVPI: NaN */
    double bias;    /* EVPPI: the upward bias that the regression's noise adds, as
                     * estimated from the same draws; EVPI: NaN */
    double *chosen; /* the caller's room for n_options: the share of the points at which
                     * each option would be chosen with the information */
};

/* The option chosen on what is known now: the best mean net benefit (the first of equals). */
int voi_chosen_now(const struct voi_sample *s);

/* The EVPI: mean_j max_d nb[j][d] - max_d mean_j nb[j][d]. */
void voi_evpi(const struct voi_sample *s, struct voi_value *out);

/* The EVPPI of the uncertainties 'vars' (m of them, indices into s->x) together. */
da_status voi_evppi(const struct voi_sample *s, const int *vars, int m, struct voi_value *out);

#endif /* DA_ANALYSIS_EVPPI_H */
