/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockstep.h - replications in lockstep: a block of them runs each option's days together, the
 * block's per-area state interleaved so that the steps that scale with the areas run over the
 * lanes at once (model/lanes.h). Each lane is a worker of its own for everything else (its
 * draws, timeline, inputs, world and records), going through the same steps in the same order
 * as a replication run alone (replication.c), so a replication's results are the same bits for
 * any block size; the home worker keeps the accumulator that its lanes record into.
 *
 * Also the parts of replication.c that the lockstep runs lane by lane.
 */
#ifndef DA_ENGINE_LOCKSTEP_H
#define DA_ENGINE_LOCKSTEP_H

#include "replication.h"

/* The lanes of a block by default, and the block size the run takes: DAYAFTER_LANES from the
 * environment when it is 1 to LANES_MAX (1: each replication alone, the reference path),
 * else LOCKSTEP_LANES where the kernels are AVX2's (one vector of four lanes) and 1 on SSE2's.
 * The bits are the same for any block: this is a choice of speed alone (docs/performance.md,
 * "The default block"). On AVX2 a block of 4 is as fast as 8 or faster on every scenario
 * measured, and its lanes' state stays nearer the core; SSE2's blocks are slower than one
 * replication at a time on every scenario measured. */
#define LOCKSTEP_LANES 4
int lockstep_lanes(void);
/* The most replications lockstep_order() orders at once (run.c's largest chunk). */
#define LOCKSTEP_ORDER_MAX 64

/* The drawn parameters of a source and of a center that the force's kernel reads, each
 * kept for all lanes (lockstep.c). */
enum {
    SOURCE_VET_DAYS,
    SOURCE_START_DAY,
    SOURCE_VETTING_PASS,
    SOURCE_VETTING_PER_DAY,
    SOURCE_PER_DAY,
    SOURCE_CAP,
    SOURCE_SIZE,
    SOURCE_PAY_PER_DAY,
    SOURCE_EQUIPMENT_COST,
    SOURCE_ARRIVAL,
    SOURCE_RAMP_DAYS,
    SOURCE_TOUR_DAYS,
    SOURCE_PARAMS
};
enum {
    CENTER_OPEN_DAY,
    CENTER_COURSE_DAYS,
    CENTER_SEATS,
    CENTER_COST,
    CENTER_WASHOUT,
    CENTER_PARAMS
};

/* Gives the worker 'home' a block of 'lanes' lanes (2 or more). DA_ERR_NOMEM, or DA_OK. */
da_status lockstep_init(struct worker *home, int lanes);
void lockstep_release(struct worker *home);
/* The lanes of the block of 'home'. */
int lockstep_size(const struct worker *home);
/* Runs replications reps[0..n) of a run with 'seed' (n at most the block's lanes) and adds
 * them to the home worker's accumulator, as replication_run() would one by one. */
void lockstep_run(struct worker *home, uint64_t seed, const uint64_t *reps, int n,
                  bool deterministic);
/* replication_evaluate() of tasks[0..n), replications reps[0..n) of a run with 'seed' (n at
 * most the block's lanes), lane l's parameters 'pids' (n_values of them) set to values[l]:
 * each lane's metrics, in its worker (lockstep_lane()), are what replication_evaluate() gives,
 * every option (only < 0) or option 'only' alone. */
void lockstep_evaluate(struct worker *home, uint64_t seed, const uint64_t *tasks,
                       const uint64_t *reps, int n, const da_pid *pids, const double *const *values,
                       int n_values, int only);
/* What lockstep_order_tasks() asks of its caller: task 'task' drawn into the lane worker 'wk'
 * (its draws and timeline, as the task will run them), the days its options share
 * (options_prepare()'s), in *rep its replication and in *group the group of tasks it stays
 * with (0: one group). */
typedef int (*lockstep_days)(struct worker *wk, uint64_t task, void *ctx, uint64_t *rep,
                             uint64_t *group);
/* lockstep_order() for tasks other than a run's replications (an analysis's points, run by
 * lockstep_evaluate(), whose 'tasks' find the draws kept here): 'waiting' of their options
 * begin on the days they share with option 0 (0: none, and the order stays). */
void lockstep_order_tasks(struct worker *home, uint64_t seed, uint64_t first, int n,
                          uint64_t *order, int waiting, lockstep_days days_of, void *ctx);
/* Whether the ordering of the chunk kept the draws of task 'task' of a run with 'seed', and
 * then its replication in *rep (lockstep_evaluate() takes the draws, and no values). */
bool lockstep_kept(struct worker *home, uint64_t seed, uint64_t task, uint64_t *rep);
/* The worker of lane l of the block of 'home': its metrics, timeline, capture and scratch. */
struct worker *lockstep_lane(struct worker *home, int l);
/* Replications [first, first + n) in 'order', in the order blocks run them best: by the days
 * their options share (an option after the first begins, for the whole block, on its lanes'
 * earliest own day, and the lanes whose own day is later wait), within each block of
 * correlated draws. A worker's first chunk decides whether ordering saves enough (at least 2%
 * of its lane-days) to draw each replication's parameters ahead; if not, this and later chunks
 * keep the order of number. The draws made for the order are kept, and lockstep_run() takes
 * them for the chunk's replications rather than draw them again (until the next call, for the
 * same seed and 'deterministic'). The results are the same in any order. */
void lockstep_order(struct worker *home, uint64_t seed, uint64_t first, int n, bool deterministic,
                    uint64_t *order);
/* The lane 'wk' has new inputs (a replication's, or the parameters of a day): the block's
 * interleaved copy of those its kernels read follows. */
void lockstep_inputs_changed(struct worker *wk);

/* ---- replication.c, step by step ---------------------------------------------------------- */

/* Where a world is in its days: the next day the parameters in force change, the next tracked
 * day's index. */
struct day_cursor {
    int change, tracked;
};

/* A replication's draws, timeline, inputs and milestone records (replication_run()'s start);
 * then, once its options are done, its observations, differences and count. 'drawn': the
 * replication's draws made already (lockstep_order() keeps them), or NULL to draw them. */
void replication_begin(struct worker *wk, uint64_t seed, uint64_t r, bool deterministic,
                       const struct draws *drawn);
/* The days replication r's options share (options_prepare()'s), from its draws alone: nothing
 * is recorded, and wk's draws and timeline are overwritten. */
int replication_shared_days(struct worker *wk, uint64_t seed, uint64_t r, bool deterministic);
void replication_finish(struct worker *wk);
/* The first day the options' worlds may differ, with the records of the shared days reset. */
int options_prepare(struct worker *wk);
/* Makes present the pages of the series buffer that the replication is about to write
 * (da_populate()), once options_prepare() has found its shared days. */
void options_ready_buffer(struct worker *wk);
/* Option 0 keeps its state at the end of the shared 'days'; another option takes it. */
void options_keep_shared(struct worker *wk, int days);
void options_take_shared(struct worker *wk, int o, int days);
void option_begin(struct worker *wk, int o);
void option_end(struct worker *wk, int o);
void record_option(struct worker *wk, int o);
/* The parts of a day (option_days()): its parameters from day 'from'; then of day t, the
 * regime's change and the materials; the trucks' demand for money (the force's and
 * reconstruction's are kernels'); the day's outputs, once the deliveries are made; and the
 * checks and end-of-day observations, once security has moved on. Access, the force's and
 * reconstruction's demand, spending and flows, building, the income, the top-up, the trucks,
 * the deliveries and security are the kernels' between them. 'marks': the day's
 * plan.day_marks. */
void days_begin(struct worker *wk, int from, struct day_cursor *cur);
void day_head(struct worker *wk, int t, struct day_cursor *cur);
double day_trucks_demand(const struct worker *wk, int t);
void day_record(struct worker *wk, int o, int t, int marks, struct day_cursor *cur, bool record);
/* Whether day_tail() does anything on a day of plan.day_marks 'marks' (in release builds, only
 * where the day has observations to record): a block runs it for its lanes only then. */
bool day_tail_needed(int marks, bool record);
void day_tail(struct worker *wk, int o, int t, bool record);

#endif /* DA_ENGINE_LOCKSTEP_H */
