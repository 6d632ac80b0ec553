/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * progress.c - the progress bar that run and analyze show on stderr when it is a terminal:
 * "[#######.....]  57%  5700 of 10000 replications, 2 s left", erased when done. It fits the
 * width in COLUMNS, else the terminal's, else 80 columns, as the table does: a line longer
 * than the terminal wraps, and each update then starts a new line instead of redrawing one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../output/layout.h"
#include "cli.h"

#define BAR_WIDTH     30 /* the bar's widest, between its brackets */
#define BAR_NARROWEST 5  /* narrower than this, the bar is left out and the counts shown alone */
#define LINE_MAX      512

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The columns the bar may take: one less than the terminal's width (COLUMNS, else stderr's
 * terminal, else 80), so that the cursor never reaches the last column, where some terminals
 * wrap. Asked at each update, so that a resized terminal is followed. */
static int columns_for_bar(void)
{
    long width = layout_terminal_columns(stderr);
    if (width > LINE_MAX)
        width = LINE_MAX;
    return width > 2 ? (int)width - 1 : 1;
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
    int room = columns_for_bar();
    double elapsed = seconds_now() - p->start;
    char left[32] = "", counts[160];
    /* The time left only once there is enough behind to judge by. */
    if (done > 0 && done < total && elapsed > 0.5)
        snprintf(left, sizeof left, ", %.0f s left",
                 elapsed * (double)(total - done) / (double)done);
    snprintf(counts, sizeof counts, "%3d%%  %" PRIu64 " of %" PRIu64 " %s%s",
             total ? (int)(done * 100 / total) : 100, done, total, p->unit, left);
    /* "[bar] " before the counts, as wide as there is room for, up to BAR_WIDTH */
    int width = room - (int)strlen(counts) - 3;
    if (width > BAR_WIDTH)
        width = BAR_WIDTH;
    char line[LINE_MAX + 1];
    int at = 0;
    if (width >= BAR_NARROWEST) {
        int filled = total ? (int)(done * (uint64_t)width / total) : width;
        line[at++] = '[';
        for (int i = 0; i < width; i++)
            line[at++] = i < filled ? '#' : '.';
        line[at++] = ']';
        line[at++] = ' ';
    }
    snprintf(line + at, sizeof line - (size_t)at, "%s", counts);
    /* Cut to the room (a terminal of a few columns), and the rest of the room cleared of what
     * a longer line before left there. */
    line[room] = '\0';
    fprintf(stderr, "\r%-*s", room, line);
    if (done >= total)
        fprintf(stderr, "\r%*s\r", room, "");
    fflush(stderr);
}
