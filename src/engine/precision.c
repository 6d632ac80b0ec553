/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * precision.c - the stopping rule of a run to a precision (see precision.h).
 *
 * Only medians decide: every output leads with them, and the 10th percentiles of the
 * headline outcomes often sit at or near 0, relative to which no width is small. The measure
 * reads merged sketches, which are the same bits for any number of threads and ranks, so
 * every split of a run stops at the same block.
 *
 * A median that every output shows as 0 (metric_zero_below) is left out as a median of 0 is:
 * the displaced of a small area that go home at a rate a day never reach 0, and a median of a
 * few billionths of a person, shown as 0, held a run to its ceiling at a width of 100% of
 * itself, whatever the count.
 */
#include "precision.h"

#include <math.h>

#include "mc_error.h"
#include "results.h"

void precision_measure(const struct sketch *metric, int n_options, struct precision_outcome *out)
{
    out->widest = (double)NAN;
    out->worst_option = out->worst_metric = -1;
    for (int o = 0; o < n_options; o++) {
        for (int m = 0; m < N_METRICS; m++) {
            double w = mc_median_half_width_pct(&metric[(size_t)o * N_METRICS + (size_t)m],
                                                metric_zero_below[m]);
            if (isnan(w) || !(isnan(out->widest) || w > out->widest))
                continue;
            out->widest = w;
            out->worst_option = o;
            out->worst_metric = m;
        }
    }
    out->reached = isnan(out->widest) || out->widest <= out->target;
}
