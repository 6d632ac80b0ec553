/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * replication.h - one replication, every option, day by day (docs/model.md section 0's order), into
 * a worker's accumulator. A worker owns everything it writes; nothing here allocates once the
 * worker is set up.
 */
#ifndef DA_ENGINE_REPLICATION_H
#define DA_ENGINE_REPLICATION_H

#include <gsl/gsl_rng.h>
#include <pthread.h>

#include "../model/world.h"
#include "correlate.h"
#include "results.h"

/* A weekly series (enum series_metric) of one option read for an analysis (analyze --by): by
 * week, over all areas, values[week]; by area, on the last day, values[area]; and in either
 * case values[n] the reading over all areas on the last day (n: weeks or areas). */
struct capture {
    double *values;
    int option, series;
    bool by_area;
};

struct lockstep;

struct worker {
    const struct plan *plan;
    /* The worker whose accumulator and series buffer this one records into: itself, or for a
     * lane of a block (lockstep.h) the worker that owns the block. */
    struct worker *home;
    int slot;                  /* the series buffer's place of the replication running */
    struct lockstep *lockstep; /* the worker's block of lanes, or NULL: one at a time */
    struct arena arena;        /* everything below that is not the accumulator's */
    gsl_rng *rng;
    struct draws draws;
    struct timeline timeline;
    struct inputs inputs; /* the replication's, read by every option */
    struct world world;
    /* [day * areas + area]: the replication's incident uniforms, which every option draws
     * (common random numbers), drawn once. */
    double *day_uniforms;
    double *metrics; /* [option * N_METRICS + metric] of the current replication */
    double *scratch; /* per parameter: room for an analysis's point */
    /* The correlated inputs' values of one block of CORRELATION_BLOCK replications,
     * [replication in block * n_correlated + input], and the block's number + 1 (0: none). */
    double *correlated;
    uint64_t correlated_block;
    struct correlate correlate;
    unsigned char *critical; /* per milestone */
    double *observed;        /* per observation: what this replication read (NaN: not yet) */
    /* The weekly series of the last SERIES_BLOCK replications, [k * all series + sketch]:
     * added to their sketches a block at a time, so that each sketch's bins stay in cache for
     * the block instead of being fetched from memory for every value (the series are most of
     * the accumulator's memory). */
    float *series_buffer; /* floats: the bins are far coarser than a float's precision */
    int buffered;
    int *prefix_weeks;            /* per buffered replication: weeks recorded on shared days */
    pthread_mutex_t *series_lock; /* held while adding to series that workers share, or NULL */
    /* The weekly requirement of the last REQUIRED_BLOCK replications, [band * REQUIRED_BLOCK +
     * k]: added to its bands a block at a time, as the series are, each band's values side by
     * side. The requirement is a double (its bands keep an exact sum), so its block is smaller
     * than the series' and is added on its own. */
    double *required_buffer;
    int required_buffered;
    int required_slot; /* the requirement buffer's place of the replication running */
    /* Per slot of the series buffer and option: how many of its last weeks' rows have been
     * made present (options_ready_buffer()). */
    int *buffer_ready;
    /* The state of the days all options share (see replication.c), taken from option 0. */
    struct shared_state shared;
    int prefix_until;
    unsigned char prefix_check[PLAN_MAX_TRACKED];
    double prefix_metric[N_METRICS];
    bool no_sharing;        /* tests: simulate every option from day 0 */
    struct capture capture; /* what an analysis reads of the days (values NULL: nothing) */
    struct acc acc;
};

/* 128 replications: 7 MB of buffered values for gaza, which stay in the last-level cache from
 * their writing to their flush, where 512 (28 MB) went out to memory and back; more flushes,
 * but a third less peak memory and faster runs (docs/performance.md). */
#define SERIES_BLOCK 128
/* 32 replications of gaza's 942 bands of the requirement: 241 KB, within the second-level
 * cache, against 2 MB of bands that would each miss the cache for every value (64 were no
 * faster, for twice the memory). */
#define REQUIRED_BLOCK 32

/* Adds the buffered series values to the accumulator; call before merging or reading it
 * (and acc_finish() before reading it). */
void replication_flush(struct worker *wk);
/* Gives the next 'n' replications their places in the buffers of 'home' (for the lanes of a
 * block, 'n' at once), adding what the buffers hold first where they have not room for them. */
void replication_reserve(struct worker *home, int n);
/* Gives 'wk', lane 'lane' of those reserved, its places in the buffers of 'home'. */
void replication_place(struct worker *wk, const struct worker *home, int lane);
/* Counts the 'n' replications just run as buffered, adding a full buffer to the accumulator. */
void replication_buffered(struct worker *home, int n);

da_status worker_init(struct worker *wk, const struct plan *plan);
/* As worker_init(), with the weekly series of 'series_owner' (acc_init_sharing()). */
da_status worker_init_sharing(struct worker *wk, const struct plan *plan,
                              const struct acc *series_owner);
/* As worker_init_sharing(), but the weekly series the worker owns (when 'series_owner' is
 * NULL) are made ready by the run's workers as they start (acc_init_deferred()): for a pool of
 * workers (run.c), each of which calls acc_series_prepare() at its start. */
da_status worker_init_pooled(struct worker *wk, const struct plan *plan,
                             const struct acc *series_owner);
/* A lane of the block of 'home' (lockstep.h): a worker without an accumulator, recording
 * into home's. */
da_status worker_init_lane(struct worker *wk, const struct plan *plan, struct worker *home);
void worker_release(struct worker *wk);

/* Runs replication 'r' (0-based) of a run with 'seed' and adds it to the worker's
 * accumulator. With 'deterministic', central values and no incidents. */
void replication_run(struct worker *wk, uint64_t seed, uint64_t r, bool deterministic);

/* Resets the world of option 'o' for the current draws and runs its days; the outcome is in
 * the worker's metrics and the world's state. Exposed for tests. */
void replication_option(struct worker *wk, int o, uint64_t seed, uint64_t r, bool deterministic,
                        bool record);

/* Runs replication 'r' with the parameters 'pids' (n of them) set to 'values' instead of drawn:
 * the other parameters, the events' uniforms among them, and the incidents still come from the
 * streams of (seed, r). Only the metrics are kept (wk->metrics, per option); the accumulator
 * is left alone. For the analyses: every option (option < 0), or option 'option' alone, whose
 * metrics are the same bits as among all (the others' are NaN). */
void replication_evaluate(struct worker *wk, uint64_t seed, uint64_t r, const da_pid *pids,
                          const double *values, int n, int option);
/* replication_evaluate()'s draws and inputs, before any option runs ('drawn': its draws made
 * already, or NULL to draw them). */
void replication_evaluate_begin(struct worker *wk, uint64_t seed, uint64_t r, const da_pid *pids,
                                const double *values, int n, const struct draws *drawn);
/* The days replication_evaluate()'s options share, from its draws alone (into wk's draws and
 * timeline; nothing recorded). */
int replication_evaluate_shared_days(struct worker *wk, uint64_t seed, uint64_t r,
                                     const da_pid *pids, const double *values, int n);
/* Option o's metrics NaN: it is not run (an analysis reads another). */
void option_not_run(struct worker *wk, int o);

/* A task of engine_each(): task number 'i', on a worker of its own thread. */
typedef void (*engine_task)(struct worker *wk, uint64_t i, void *ctx);
/* Tasks tasks[0..n) of engine_each() at once, n at most the worker's block of lanes
 * (lockstep.h), on the worker whose block it is. */
typedef void (*engine_block)(struct worker *wk, const uint64_t *tasks, int n, void *ctx);
/* The order in which a worker with a block of lanes runs tasks [first, first + n) of a chunk:
 * into order[0..n), a permutation of them. */
typedef void (*engine_order)(struct worker *wk, uint64_t first, int n, uint64_t *order, void *ctx);

/* Runs task(worker, i, ctx) for every i of this MPI rank's share of [0, total) (all of it
 * with one rank: ranks.h), on 'threads' threads (0: one per core), each with a worker of its
 * own; progress through 'opt' (may be NULL). With 'block' (NULL: none), each worker has a
 * block of lanes (lockstep_lanes(), where that is more than one) and runs the tasks of each
 * chunk it takes in the order 'order' puts them (NULL: of number), block(worker, tasks, n,
 * ctx) for each n of them; the outcome must be task(worker, i, ctx)'s for each. Tasks must
 * write only to places of their own (results by i), so that the outcome is the same for any
 * threads; the ranks' results are then brought together by ranks_gather(). */
da_status engine_each(const struct plan *plan, int threads, uint64_t total, engine_task task,
                      engine_block block, engine_order order, void *ctx, const da_run_options *opt);

#endif /* DA_ENGINE_REPLICATION_H */
