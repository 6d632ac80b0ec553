/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress.c - the progress bar that run and analyze show on stderr when it is a terminal:
 * "[#######.....]  57%  5700 of 10000 replications, 2 s left", erased when done.
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"

#define BAR_WIDTH 30

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool cli_progress_start(struct cli_progress *bar, bool quiet, const char *unit)
{
    bar->unit = unit;
    bar->start = seconds_now();
    return !quiet && cli_color(stderr) && da_rank() == 0;
}

void cli_progress(void *ctx, uint64_t done, uint64_t total)
{
    const struct cli_progress *p = ctx;
    int filled = total ? (int)(done * (uint64_t)BAR_WIDTH / total) : BAR_WIDTH;
    char bar[BAR_WIDTH + 1], left[32] = "";
    for (int i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    double elapsed = seconds_now() - p->start;
    /* The time left only once there is enough behind to judge by. */
    if (done > 0 && done < total && elapsed > 0.5)
        snprintf(left, sizeof left, ", %.0f s left",
                 elapsed * (double)(total - done) / (double)done);
    fprintf(stderr, "\r[%s] %3d%%  %" PRIu64 " of %" PRIu64 " %s%-14s", bar,
            total ? (int)(done * 100 / total) : 100, done, total, p->unit, left);
    if (done >= total)
        fprintf(stderr, "\r%*s\r", BAR_WIDTH + 64, "");
    fflush(stderr);
}
