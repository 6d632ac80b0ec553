/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mc_error.c - the Monte Carlo error of the headline figures (see mc_error.h).
 *
 * The quantiles' intervals are distribution-free on purpose: the outcomes of a run are
 * lumpy (atoms at 0 and at the extremes, a start day only where the option starts), and an
 * interval from a density estimate would be as uncertain as the tails it guesses.
 */
#include "mc_error.h"

#include <math.h>

void mc_ranks(uint64_t n, double q, uint64_t *j, uint64_t *k)
{
    double centre = (double)n * q, spread = MC_Z95 * sqrt(centre * (1 - q));
    double lo = floor(centre - spread), hi = ceil(centre + spread) + 1;
    *j = lo < 1 ? 0 : (uint64_t)lo;
    *k = hi > (double)n ? n + 1 : (uint64_t)hi;
}

/* The interval of the q-quantile of 's' (mc_quantile_interval()), and in *lo_err, *hi_err how
 * far each end may be from the order statistic it reads (sketch_order_statistic_error()). */
static void interval_of(const struct sketch *s, double q, double *lo, double *hi, double *lo_err,
                        double *hi_err)
{
    uint64_t n = s->band.count, j, k;
    *lo = *hi = *lo_err = *hi_err = (double)NAN;
    if (n == 0)
        return;
    mc_ranks(n, q, &j, &k);
    if (j >= 1) {
        *lo = sketch_order_statistic(s, j - 1);
        *lo_err = sketch_order_statistic_error(s, j - 1);
    }
    if (k <= n) {
        *hi = sketch_order_statistic(s, k - 1);
        *hi_err = sketch_order_statistic_error(s, k - 1);
    }
}

void mc_quantile_interval(const struct sketch *s, double q, double *lo, double *hi)
{
    double lo_err, hi_err;
    interval_of(s, q, lo, hi, &lo_err, &hi_err);
}

double mc_mean_se(const struct sketch *s)
{
    return sketch_sd(s) / sqrt((double)s->band.count); /* NaN below two values */
}

double mc_share_se(uint64_t part, uint64_t whole)
{
    if (whole == 0)
        return (double)NAN;
    double p = (double)part / (double)whole;
    return sqrt(p * (1 - p) / (double)whole);
}

double mc_median_half_width_pct(const struct sketch *s, double zero_below)
{
    double median = sketch_quantile(s, 0.5), lo, hi, lo_err, hi_err;
    if (!(isfinite(median) && median != 0 && fabs(median) >= zero_below))
        return (double)NAN;
    interval_of(s, 0.5, &lo, &hi, &lo_err, &hi_err);
    if (isnan(lo) || isnan(hi))
        return HUGE_VAL;
    /* Widened by the sketch's own error where it estimates an end, so that a width the sketch
     * cannot resolve never passes for a precise median. */
    return 100 * fmax(median - (lo - lo_err), (hi + hi_err) - median) / fabs(median);
}
