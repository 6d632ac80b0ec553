/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model_runs.h - what the hand-worked model tests share (test_model_parts.c, test_model_v2.c):
 * a tiny scenario run deterministically through the public API and read back from its
 * accumulators (struct detrun), or one replication driven by hand, option by option, whose
 * world is then read directly (struct sim).
 */
#ifndef DA_TESTS_MODEL_RUNS_H
#define DA_TESTS_MODEL_RUNS_H

#include "engine/replication.h"
#include "engine/results.h"
#include "helpers.h"

/* 'base' with horizon_days set to 'days' (the minimal scenario's is 100). */
const char *with_horizon(const char *base, int days);

/* Loads 'yaml', failing the test (with the problems) when it does not load. */
da_scenario *load_or_fail(const char *yaml);

/* One deterministic run through the public API: the accumulators hold one replication. */
struct detrun {
    da_scenario *scn;
    da_results *res;
};
void detrun_open(struct detrun *d, const char *yaml);
void detrun_close(struct detrun *d);

/* The index of option (milestone) 'id', failing the test when there is none. */
int index_of_option(const da_scenario *scn, const char *id);
int index_of_milestone(const da_scenario *scn, const char *id);

/* The accumulator of option 'id'. */
const struct option_acc *option_acc_of(const struct detrun *d, const char *id);
/* The mean of metric 'm' of option 'id' (its only value in a deterministic run); NaN when the
 * metric has no value. */
double metric(const struct detrun *d, const char *id, int m);
/* The money option 'id' spent on 'purpose'. */
double by_purpose(const struct detrun *d, const char *id, int purpose);
/* The criticality index of milestone 'm' for option 'o': 0 or 1 in a deterministic run. */
double criticality(const struct detrun *d, const char *o, const char *m);

/* One replication driven by hand, as replication.c runs it: the draws and the milestones,
 * then one option's world at a time. */
struct sim {
    da_scenario *scn;
    struct plan plan;
    struct worker wk;
};
void sim_open(struct sim *s, const char *yaml);
/* Runs option 'id' over the whole horizon; its world is left as the last day left it. */
struct world *sim_option(struct sim *s, const char *id);
void sim_close(struct sim *s);

#endif /* DA_TESTS_MODEL_RUNS_H */
