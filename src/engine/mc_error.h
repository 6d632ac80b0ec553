/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mc_error.h - the Monte Carlo error of a run's headline figures: how far each could move
 * with other replications (docs/model.md, "Monte Carlo error"). A mean has its standard
 * error, a share of replications the binomial one, and a quantile a distribution-free 95%
 * interval between two order statistics.
 *
 * Every figure here is a function of a sketch's contents or of integer counts alone, so it is
 * the same bits whatever the number of threads or ranks, like the figures it qualifies.
 */
#ifndef DA_ENGINE_MC_ERROR_H
#define DA_ENGINE_MC_ERROR_H

#include <stdint.h>

#include "sketch.h"

/* The normal quantile of a two-sided 95% interval. */
#define MC_Z95 1.96

/* The ranks (1-based) j < k of the order statistics whose interval [x_(j), x_(k)] holds the
 * q-quantile (0 < q < 1) of the distribution sampled by n values with a probability of about
 * 95%, whatever the distribution: the count of values at or below the quantile is binomial
 * (n, q), and with its normal approximation j = floor(n q - 1.96 s), k = ceil(n q + 1.96 s) + 1,
 * s = sqrt(n q (1 - q)) (the + 1 because x_(k) must lie above the k - 1 values at or below the
 * quantile; for the median, k = n + 1 - j, the sign test's interval). A side with no rank in
 * the sample has j = 0 or k = n + 1: the sample is too small to bound the quantile there. */
void mc_ranks(uint64_t n, double q, uint64_t *j, uint64_t *k);

/* The 95% interval of the q-quantile of the values of 's': the order statistics of mc_ranks()
 * as the sketch gives them (exact where it keeps them, else within its bound: sketch.h).
 * NaN on a side with no rank in the sample, and both when 's' is empty. */
void mc_quantile_interval(const struct sketch *s, double q, double *lo, double *hi);

/* The standard error of the mean of 's': its standard deviation over sqrt(n); NaN with
 * fewer than two values. */
double mc_mean_se(const struct sketch *s);

/* The standard error of the share part / whole: sqrt(p (1 - p) / whole); NaN when whole is
 * 0. */
double mc_share_se(uint64_t part, uint64_t whole);

/* The half-width of the median's 95% interval, max(median - lo, hi - median), as a percentage
 * of |median|, with each end moved out by the sketch's error bound where it is not exact
 * (sketch_order_statistic_error()): how far the reported median may be from the
 * distribution's, which `run --precision` compares with its target. HUGE_VAL when a side is
 * unbounded (too few values); NaN when there is nothing to compare: no values, or a median
 * of 0, relative to which no width is small, or one of magnitude below 'zero_below' (what the
 * outputs show as 0: metric_zero_below). */
double mc_median_half_width_pct(const struct sketch *s, double zero_below);

#endif /* DA_ENGINE_MC_ERROR_H */
