/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tornado.c - the tornado diagram's numbers: the metric's mean with one input at its 10th
 * percentile and at its 90th, every other input at its central value (docs/model.md section 1:
 * the mode of a PERT, the median of a lognormal...), and the swing between the two.
 *
 * Each of the 2k + 1 settings (all central, then each input low and high) runs the same n
 * replications' streams, so the incidents are the same in every setting and the differences
 * between the means are the inputs' alone. An event's uniform at its central value makes it
 * happen exactly when its probability is at least one half, as in a deterministic run.
 * (2k + 1) n evaluations.
 */
#include <math.h>

#include "../util/alloc.h"
#include "analysis.h"
#include "method.h"

struct tornado_design {
    int k;
    uint64_t n;
};

static uint64_t tornado_point(const struct evaluation *ev, uint64_t p, double *x)
{
    const struct tornado_design *d = ev->design;
    uint64_t setting = p / d->n;
    for (int i = 0; i < d->k; i++)
        x[i] = ev->an->scn->params[ev->an->pids[i]].central;
    if (setting > 0) {
        int i = (int)((setting - 1) / 2);
        x[i] = analysis_quantile(ev->an, i, setting % 2 == 1 ? 0.1 : 0.9);
    }
    return p % d->n;
}

static double mean_of(const double *f, uint64_t n)
{
    double sum = 0;
    for (uint64_t j = 0; j < n; j++)
        sum += f[j];
    return sum / (double)n;
}

/* The 95% half-width of the mean of high - low over the n paired runs (the same streams at
 * both settings): 1.96 standard errors of the differences' mean, which is the swing's too. */
static double paired_half_width(const double *low, const double *high, uint64_t n)
{
    if (n < 2)
        return (double)NAN;
    double mean = 0, m2 = 0;
    for (uint64_t j = 0; j < n; j++)
        mean += high[j] - low[j];
    mean /= (double)n;
    for (uint64_t j = 0; j < n; j++) {
        double d = high[j] - low[j] - mean;
        m2 += d * d;
    }
    return 1.96 * sqrt(m2 / (double)(n - 1) / (double)n);
}

double tornado_influence(const struct da_analysis *an, int i)
{
    return an->inputs[i].swing;
}

/* The settings need no random draw: 'rng' is not used. */
da_status analysis_tornado(struct da_analysis *an, gsl_rng *rng, int threads,
                           const da_analyze_options *opt)
{
    (void)rng;
    int k = an->n_inputs;
    uint64_t n = opt->samples ? opt->samples : TORNADO_REPLICATIONS;
    uint64_t points = n * (uint64_t)(2 * k + 1);
    da_status fits =
        analysis_design_fits(an, 8.0 * (double)points, (double)points, "tornado", "", "", opt);
    if (fits != DA_OK)
        return fits;
    double *f = da_calloc(points, sizeof *f);
    if (!f)
        return DA_ERR_NOMEM;
    struct tornado_design design = {k, n};
    struct evaluation ev = {an, tornado_point, &design, f, points, NULL, 0, NULL, NULL};
    da_status status = analysis_evaluate(&ev, threads, opt);
    if (status == DA_OK) {
        analysis_moments(an, f, n); /* all inputs central */
        for (int i = 0; i < k; i++) {
            struct input_result *r = &an->inputs[i];
            r->low = mean_of(&f[(1 + 2 * (uint64_t)i) * n], n);
            r->high = mean_of(&f[(2 + 2 * (uint64_t)i) * n], n);
            r->swing = fabs(r->high - r->low);
            r->swing_conf =
                paired_half_width(&f[(1 + 2 * (uint64_t)i) * n], &f[(2 + 2 * (uint64_t)i) * n], n);
        }
        an->samples = n;
        an->evaluations = points;
    }
    da_free(f);
    return status;
}
