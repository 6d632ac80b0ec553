/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * score.h - how a run scores itself against what was observed (docs/model.md, "Against the
 * record"): for each observation, where the observed value falls in the simulated
 * distribution, whether the central ranges hold it, and its continuous ranked probability
 * score (CRPS); in all, how often the ranges held what happened against how often they should.
 */
#ifndef DA_ENGINE_SCORE_H
#define DA_ENGINE_SCORE_H

#include <stdbool.h>
#include <stdint.h>

#include "sketch.h"

/* The CRPS of a sketch with more values than this is that of this many of its order
 * statistics, evenly spread (a stratified sample of the ensemble), so that scoring stays cheap. */
#define SCORE_CRPS_POINTS 1000
/* The percentiles' histogram: bins of 10%. */
#define SCORE_BINS 10

struct score {
    uint64_t n; /* simulated values (replications) */
    double p10, p25, p50, p75, p90;
    double percentile;         /* mid-rank of the observed value, from 0 to 1 */
    bool inside_80, inside_50; /* within the 10-90 and 25-75 ranges (a range: overlapping) */
    double crps;               /* in the quantity's unit; 0 is a perfect forecast */
};

/* Scores the observation whose point is y (a value, or a range's middle) against the simulated
 * values of 's', of which 'below' were less than y and 'equal' equal to it, counted exactly as
 * they came (the sketch's order statistics are estimates: of a milestone's many distinct days,
 * day 10 can read 10.03). With no simulated value, n is 0 and the rest NaN. */
void score_observation(const struct sketch *s, double y, uint64_t below, uint64_t equal,
                       struct score *out);

/* The summary of a set of scores. */
struct score_summary {
    int count;
    int inside_80, inside_50; /* how many fell inside each range */
    double crps_mean;
    int histogram[SCORE_BINS]; /* percentiles in [0, 0.1), [0.1, 0.2), ... [0.9, 1] */
};

void score_summary_init(struct score_summary *sum);
void score_summary_add(struct score_summary *sum, const struct score *sc);
/* Call once every score is added: the CRPS's sum becomes its mean. */
void score_summary_finish(struct score_summary *sum);

#endif /* DA_ENGINE_SCORE_H */
