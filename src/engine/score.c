/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * score.c - scoring a run against the record (see score.h).
 *
 * The percentile is the observed value's mid-rank among the simulated values: the share below
 * it plus half the share equal to it, so that an observation on an atom (no force deployed in
 * most runs) scores the middle of the atom, not its edge. The CRPS of an ensemble x_1..x_n
 * against y is, as weather forecasters score ensembles (Gneiting and Raftery, JASA 2007),
 *   CRPS = (1/n) sum_i |x_i - y| - (1/(2 n^2)) sum_i sum_j |x_i - x_j|
 * and, over the sorted values, sum_i sum_j |x_i - x_j| = 2 sum_k (2k - n - 1) x_(k), k = 1..n.
 */
#include "score.h"

#include <math.h>

/* Whether the central range from the tail-th to the (100 - tail)-th percentile holds the point
 * that 'at_most' of the n runs are at most and 'below' of them below: at_most / n >= tail / 100
 * and below / n <= (100 - tail) / 100, in integers, exactly. */
static bool inside(uint64_t at_most, uint64_t below, uint64_t n, unsigned tail)
{
    /* n is at most DA_MAX_REPLICATIONS (10^8): the products are far from overflowing */
    return at_most * 100 >= n * tail && below * 100 <= n * (100 - tail);
}

/* The ensemble CRPS of the sketch's values against y: over all of them while there are at most
 * SCORE_CRPS_POINTS, else over that many order statistics evenly spread. */
static double crps(const struct sketch *s, uint64_t n, double y)
{
    bool all = n <= SCORE_CRPS_POINTS; /* n > 0: score_observation() returned before */
    uint64_t m = all ? n : SCORE_CRPS_POINTS;
    double spread = 0, misses = 0;
    for (uint64_t j = 0; j < m; j++) {
        uint64_t k = all ? j : (uint64_t)(((double)j + 0.5) * (double)n / (double)m);
        double x = sketch_order_statistic(s, k < n ? k : n - 1);
        misses += fabs(x - y);
        spread += (2.0 * (double)j - (double)m + 1) * x;
    }
    double mm = (double)m;
    return misses / mm - spread / (mm * mm);
}

void score_observation(const struct sketch *s, double y, uint64_t below, uint64_t equal,
                       struct score *out)
{
    uint64_t n = s->band.count;
    out->n = n;
    if (n == 0) {
        out->p10 = out->p25 = out->p50 = out->p75 = out->p90 = out->percentile = out->crps =
            (double)NAN;
        out->inside_80 = out->inside_50 = false;
        return;
    }
    out->p10 = sketch_quantile(s, 0.1);
    out->p25 = sketch_quantile(s, 0.25);
    out->p50 = sketch_quantile(s, 0.5);
    out->p75 = sketch_quantile(s, 0.75);
    out->p90 = sketch_quantile(s, 0.9);
    uint64_t at_most = below + equal;
    out->percentile = ((double)below + 0.5 * (double)equal) / (double)n;
    /* Inside a central range from the counts, as the percentile: y is at least the lower
     * p-quantile where a share p of the runs are at most y, and at most the upper
     * (1 - p)-quantile where no more than 1 - p of them are below it. It is p10 <= y <= p90 of
     * the runs' own values, which the sketch's estimates would miss on an atom (an
     * observation on day 10 "outside" a range that prints as 10 to 27). A range is inside
     * where its middle is, as its percentile and CRPS read it: counted by overlap, a range
     * that barely touched a band was "inside the 25th-75th" beside a percentile of 93%, and the
     * shares inside, compared with the nominal 80% and 50%, made a model look better
     * calibrated than it was. */
    out->inside_80 = inside(at_most, below, n, 10);
    out->inside_50 = inside(at_most, below, n, 25);
    out->crps = crps(s, n, y);
}

void score_summary_init(struct score_summary *sum)
{
    *sum = (struct score_summary){0};
}

void score_summary_add(struct score_summary *sum, const struct score *sc)
{
    if (sc->n == 0)
        return;
    sum->count++;
    sum->inside_80 += sc->inside_80;
    sum->inside_50 += sc->inside_50;
    sum->crps_mean += sc->crps;
    int bin = (int)floor(sc->percentile * SCORE_BINS);
    sum->histogram[bin < 0 ? 0 : bin >= SCORE_BINS ? SCORE_BINS - 1 : bin]++;
}

void score_summary_finish(struct score_summary *sum)
{
    sum->crps_mean = sum->count > 0 ? sum->crps_mean / sum->count : (double)NAN;
}
