/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * precision.h - when a run to a precision (`run --precision P`) may stop: the widest 95%
 * interval of the options' headline medians, relative to its median, against the target
 * (docs/model.md, "Precision"). The block loop is da_run()'s (run.c).
 */
#ifndef DA_ENGINE_PRECISION_H
#define DA_ENGINE_PRECISION_H

#include <stdbool.h>
#include <stdint.h>

#include "sketch.h"

/* Where a run to a precision stands after a block, and where it stopped. */
struct precision_outcome {
    double target; /* the percentage asked for; 0: a run of a fixed count */
    /* The widest half-width of a median's 95% interval, as a percentage of the median:
     * HUGE_VAL when some median has too few values to be bounded, NaN when no median can be
     * compared (none is finite and nonzero). */
    double widest;
    int worst_option, worst_metric; /* whose it is; -1 for none */
    uint64_t blocks, ceiling;
    bool reached; /* widest <= target, or nothing to compare */
};

/* Measures the medians of 'metric' ([option * N_METRICS + metric], 'n_options' of them)
 * against out->target: out->widest, the worst option and metric (the first in that order on a
 * tie), and out->reached. Only medians that are finite and nonzero count: a width relative to
 * 0 is never small. */
void precision_measure(const struct sketch *metric, int n_options, struct precision_outcome *out);

#endif /* DA_ENGINE_PRECISION_H */
