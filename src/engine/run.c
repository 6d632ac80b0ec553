/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * run.c - da_run(): replications over a pool of threads.
 *
 * Workers take replications in chunks from a shared counter, each into its own accumulator,
 * and the accumulators are merged when all are done. Which worker ran which replication does
 * not matter: a replication's draws depend only on (seed, replication), and merging is exact
 * (sketch.h), so the results are the same bits for any number of threads. The calling thread
 * reports progress while the workers run.
 *
 * A run to a precision runs the same replications in blocks, the workers' accumulators going
 * on from one block to the next, and stops after the first block whose merged medians are
 * precise enough (precision.h): its results are those of a run of its final count.
 */
#define _GNU_SOURCE /* sched_getaffinity() and CPU_COUNT(), Linux's */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "footprint.h"
#include "lockstep.h"
#include "precision.h"
#include "ranks.h"
#include "replication.h"
#include "results.h"

/* The tasks a worker takes at a time: CHUNK; or, for blocks of lanes where every worker has
 * at least 8 of them to take, CHUNK_ORDERED, since the more replications a chunk holds, the
 * closer in their shared days are the ones lockstep_order() puts in one block (gaza: 49% of
 * the lanes' days of its second and third options run with 4 replications in order, 78% at
 * 16 ordered, 93% at 64: docs/performance.md). */
#define CHUNK         16
#define CHUNK_ORDERED 64
_Static_assert(CHUNK <= CHUNK_ORDERED && CHUNK_ORDERED <= LOCKSTEP_ORDER_MAX,
               "a chunk is ordered at once");

struct pool {
    const struct plan *plan;
    uint64_t first, total; /* this rank's share of the tasks run now: [first, first + total) */
    uint64_t shown;        /* the tasks this rank ran before them, for the progress shown */
    engine_task task;      /* task(worker, i, ctx) for each of them */
    /* With 'block', a worker with a block of lanes (lockstep.h) runs the tasks of a chunk in
     * the order order(worker, first, n, tasks, ctx) puts them, with one call block(worker,
     * tasks, n, ctx) for each n of them, n at most its lanes. */
    engine_block block;
    engine_order order;
    void *ctx;
    atomic_uint_fast64_t next;
    atomic_uint_fast64_t done;
    atomic_bool stop; /* the caller cancelled: workers take no more tasks */
    struct worker *workers;
    int n, ready; /* workers, and how many of them are set up */
    /* The tasks record weekly series: each worker readies its share of them as it starts
     * (acc_series_prepare()). The analyses' tasks do not, and their series are never touched. */
    bool series;
};

/* da_run's task r: replication r. */
struct run_ctx {
    uint64_t seed;
    bool deterministic;
};

static void run_task(struct worker *wk, uint64_t r, void *ctx)
{
    const struct run_ctx *run = ctx;
    replication_run(wk, run->seed, r, run->deterministic);
}

static void run_block(struct worker *wk, const uint64_t *reps, int n, void *ctx)
{
    const struct run_ctx *run = ctx;
    lockstep_run(wk, run->seed, reps, n, run->deterministic);
}

static void run_order(struct worker *wk, uint64_t first, int n, uint64_t *reps, void *ctx)
{
    const struct run_ctx *run = ctx;
    lockstep_order(wk, run->seed, first, n, run->deterministic, reps);
}

struct job {
    struct pool *pool;
    struct worker *worker;
};

static void *work(void *arg)
{
    struct job *job = arg;
    struct pool *pool = job->pool;
    /* Its share of the weekly series' first writes: tens of thousands of pages, which the
     * workers make ready side by side rather than the thread that set them up alone. */
    if (pool->series)
        acc_series_prepare(&job->worker->acc, false);
    int step = pool->block && job->worker->lockstep ? lockstep_size(job->worker) : 1;
    uint64_t chunk =
        step > 1 && pool->total / (uint64_t)pool->n >= 8 * CHUNK_ORDERED ? CHUNK_ORDERED : CHUNK;
    while (!atomic_load(&pool->stop)) {
        uint64_t first = atomic_fetch_add(&pool->next, chunk);
        if (first >= pool->total)
            break;
        uint64_t last = first + chunk < pool->total ? first + chunk : pool->total;
        /* A cancelled run stops after the replication (or block) in progress, not the chunk: a
         * chunk of a long horizon takes seconds. What it leaves unfinished is discarded. */
        uint64_t tasks[CHUNK_ORDERED];
        for (uint64_t i = first; step > 1 && !pool->order && i < last; i++)
            tasks[i - first] = pool->first + i;
        if (step > 1 && pool->order)
            pool->order(job->worker, pool->first + first, (int)(last - first), tasks, pool->ctx);
        for (uint64_t i = first;
             i < last && !atomic_load_explicit(&pool->stop, memory_order_relaxed);
             i += (uint64_t)step) {
            if (step == 1) {
                pool->task(job->worker, pool->first + i, pool->ctx);
                continue;
            }
            int n = last - i < (uint64_t)step ? (int)(last - i) : step;
            pool->block(job->worker, &tasks[i - first], n, pool->ctx);
        }
        atomic_fetch_add(&pool->done, last - first);
    }
    replication_flush(job->worker);
    return NULL;
}

void da_run_options_init(da_run_options *o)
{
    memset(o, 0, sizeof *o);
}

/* The cores this process may run on: those of its CPU affinity mask where the system has one
 * (`taskset -c 0`, a batch system's or mpirun's binding), else those online. Counting every
 * core of the machine put several threads on a process bound to one. */
static int cores(void)
{
#if defined(CPU_COUNT)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set) > 256 ? 256 : CPU_COUNT(&set);
#endif
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* Workers for 'total' tasks: 'threads' (0: one per core), at most 256, and no more than there
 * are chunks of tasks. */
static int thread_count(int threads, uint64_t total)
{
    int n = threads > 0 ? threads : cores();
    if (n > 256)
        n = 256;
    if ((uint64_t)n > (total + CHUNK - 1) / CHUNK)
        n = (int)((total + CHUNK - 1) / CHUNK);
    return n < 1 ? 1 : n;
}

/* The threads asked for (0: one per core), but no more than fit in DA_RUN_MAX_BYTES beside
 * the weekly series they share: a run's results do not depend on how many there are. */
static int run_threads(const struct da_scenario *scn, int threads, uint64_t replications)
{
    int n = threads > 0 ? threads : cores();
    uint64_t shared = footprint_series_bytes(scn, replications),
             each = footprint_worker_bytes(scn, replications);
    uint64_t room = DA_RUN_MAX_BYTES > shared ? DA_RUN_MAX_BYTES - shared : 0;
    uint64_t fit = each ? room / each : (uint64_t)n;
    return fit < 1 ? 1 : fit < (uint64_t)n ? (int)fit : n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Waits for the workers, reporting progress about ten times a second and asking whether to
 * cancel as often; a short poll keeps a small run from waiting for nothing. False when
 * cancelled. */
static bool wait_reporting(struct pool *pool, const da_run_options *opt)
{
    for (int tick = 0; atomic_load(&pool->done) < pool->total; tick++) {
        if (opt->cancelled && opt->cancelled(opt->progress_ctx)) {
            atomic_store(&pool->stop, true);
            return false;
        }
        if (opt->progress && tick % 10 == 0)
            opt->progress(opt->progress_ctx, pool->shown + atomic_load(&pool->done),
                          pool->shown + pool->total);
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    if (opt->progress)
        opt->progress(opt->progress_ctx, pool->shown + pool->total, pool->shown + pool->total);
    return true;
}

/* Runs the pool on 'n' workers (the calling thread reports progress); DA_OK or the status of
 * the first thread that could not start. */
static da_status run_workers(struct pool *pool, int n, const da_run_options *opt)
{
    pthread_t threads[256];
    struct job jobs[256];
    int started = 0;
    da_status status = DA_OK;
    for (int i = 0; i < n; i++) {
        jobs[i].pool = pool;
        jobs[i].worker = &pool->workers[i];
        if (pthread_create(&threads[i], NULL, work, &jobs[i]) != 0) {
            status = DA_ERR_INTERNAL;
            break;
        }
        started++;
    }
    if (status == DA_OK && !wait_reporting(pool, opt))
        status = DA_ERR_CANCELLED;
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    return status;
}

/* Sets up 'pool' for this rank's share of 'total' tasks on n workers; pool->ready of them
 * were set up, even on failure, and pool_close() releases them. */
static da_status pool_open(struct pool *pool, const struct plan *plan, uint64_t total, int threads,
                           engine_task task, void *ctx, bool share_series)
{
    memset(pool, 0, sizeof *pool);
    pool->plan = plan;
    ranks_share(total, &pool->first, &pool->total);
    pool->n = thread_count(threads, pool->total);
    pool->task = task;
    pool->ctx = ctx;
    pool->workers = da_calloc((size_t)pool->n, sizeof *pool->workers);
    da_status status = pool->workers ? DA_OK : DA_ERR_NOMEM;
    for (; status == DA_OK && pool->ready < pool->n; pool->ready++) {
        const struct acc *owner = share_series && pool->ready ? &pool->workers[0].acc : NULL;
        status = worker_init_pooled(&pool->workers[pool->ready], plan, owner);
    }
    return status;
}

/* Points the pool at this rank's share of tasks [start, start + count), none of them done. */
static void pool_range(struct pool *pool, uint64_t start, uint64_t count)
{
    uint64_t first;
    ranks_share(count, &first, &pool->total);
    pool->first = start + first;
    atomic_store(&pool->next, 0);
    atomic_store(&pool->done, 0);
}

static void pool_close(struct pool *pool)
{
    for (int i = 0; i < pool->ready; i++)
        worker_release(&pool->workers[i]);
    da_free(pool->workers);
    pool->workers = NULL;
    pool->ready = 0;
}

/* The options' headline sketches of every worker, merged into 'into' [option * N_METRICS +
 * metric], and on rank 0 every other rank's added. */
static da_status merged_metrics(const struct pool *pool, struct sketch *into)
{
    int n_options = pool->plan->n_options;
    for (int o = 0; o < n_options; o++) {
        for (int m = 0; m < N_METRICS; m++) {
            struct sketch *s = &into[o * N_METRICS + m];
            *s = pool->workers[0].acc.options[o].metric[m];
            for (int i = 1; i < pool->n; i++)
                sketch_merge(s, &pool->workers[i].acc.options[o].metric[m]);
        }
    }
    return ranks_merge_sketches(into, (size_t)n_options * N_METRICS);
}

/* Runs blocks of DA_PRECISION_BLOCK replications, each after the last, until the headline
 * medians are as precise as res->precision.target asks or res->precision.ceiling
 * replications are done. Rank 0 decides from the merged results, and every rank follows. */
static da_status run_to_precision(struct pool *pool, struct da_results *res,
                                  const da_run_options *opt)
{
    struct precision_outcome *p = &res->precision;
    struct sketch *merged =
        da_reallocarray(NULL, (size_t)pool->plan->n_options * N_METRICS, sizeof *merged);
    if (!merged)
        return DA_ERR_NOMEM;
    uint64_t done = 0;
    int stop = 0;
    da_status status = DA_OK;
    while (status == DA_OK && !stop) {
        uint64_t left = p->ceiling - done;
        uint64_t count = left < DA_PRECISION_BLOCK ? left : DA_PRECISION_BLOCK;
        pool_range(pool, done, count);
        status = run_workers(pool, pool->n, opt);
        pool->shown += pool->total;
        done += count;
        p->blocks++;
        if (status == DA_OK)
            status = merged_metrics(pool, merged);
        if (status == DA_OK && da_rank() == 0) {
            precision_measure(merged, pool->plan->n_options, p);
            stop = p->reached || done >= p->ceiling;
        }
        if (status != DA_OK)
            stop = 1; /* on rank 0, so that the others do not wait for a block it will not run */
        ranks_share_flag(&stop);
    }
    da_free(merged);
    res->replications = done;
    return status;
}

da_status da_run(const da_scenario *scn, const da_run_options *options, da_results **out)
{
    if (!scn || !out)
        return DA_ERR_USAGE;
    *out = NULL;
    da_run_options opt;
    if (options)
        opt = *options;
    else
        da_run_options_init(&opt);
    uint64_t total = opt.replications ? opt.replications : (uint64_t)scn->replications;
    bool to_precision = opt.precision != 0;
    if (to_precision &&
        (opt.deterministic || !(opt.precision >= DA_PRECISION_MIN && opt.precision <= 100)))
        return DA_ERR_USAGE;
    if (to_precision && !opt.replications)
        total = DA_PRECISION_CEILING;
    if (opt.deterministic)
        total = 1;
    if (total > DA_MAX_REPLICATIONS)
        return DA_ERR_USAGE;
    struct da_results *res = da_calloc(1, sizeof *res);
    if (!res)
        return DA_ERR_NOMEM;
    res->scenario = scn;
    res->seed = opt.use_seed ? opt.seed : scn->seed;
    res->replications = total;
    res->deterministic = opt.deterministic != 0;
    if (to_precision) {
        res->precision.target = opt.precision;
        res->precision.ceiling = total;
    }
    double t0 = now();
    struct run_ctx run = {res->seed, res->deterministic};
    struct pool pool;
    memset(&pool, 0, sizeof pool);
    da_status status = plan_init(&res->plan, scn);
    /* Each band of the weekly series and requirement takes one value a replication: a run of
     * at most BAND_NARROW_MAX (at most that many to a precision) counts them in 16 bits. */
    res->plan.narrow_bands = band_narrow_for(total);
    /* A run to a precision has as many workers as its blocks need. */
    uint64_t first = to_precision && total > DA_PRECISION_BLOCK ? DA_PRECISION_BLOCK : total;
    if (status == DA_OK)
        status = pool_open(&pool, &res->plan, first, run_threads(scn, opt.threads, total), run_task,
                           &run, true);
    /* Replications in lockstep, a block of lanes per worker (lockstep.h). */
    int lanes = lockstep_lanes();
    pool.block = run_block;
    pool.order = run_order;
    for (int i = 0; status == DA_OK && lanes > 1 && i < pool.ready; i++)
        status = lockstep_init(&pool.workers[i], lanes);
    int n = pool.n;
    res->threads = n;
    /* One set of weekly series for all workers, added to under a lock (a flush a block). */
    pthread_mutex_t series_lock = PTHREAD_MUTEX_INITIALIZER;
    for (int i = 0; n > 1 && i < pool.ready; i++)
        pool.workers[i].series_lock = &series_lock;
    pool.series = true;
    if (status == DA_OK)
        status = to_precision ? run_to_precision(&pool, res, &opt) : run_workers(&pool, n, &opt);
    if (status == DA_OK) {
        /* What reads the series next finds them ready, even where no replication wrote them. */
        acc_series_prepare(&pool.workers[0].acc, true);
        /* Worker 0's accumulator becomes the run's; the others are added to it. */
        res->acc = pool.workers[0].acc;
        memset(&pool.workers[0].acc, 0, sizeof pool.workers[0].acc);
        for (int i = 1; i < n; i++)
            acc_merge(&res->acc, &pool.workers[i].acc, &res->plan);
        /* The other ranks' parts, in rank order, before the common series are spread. */
        status = ranks_merge_acc(&res->acc, &res->plan);
        acc_finish(&res->acc, &res->plan);
        if (status == DA_OK && !acc_all_usable(&res->acc, &res->plan, res->replications,
                                               opt.message, opt.message_size))
            status = DA_ERR_NUMERIC;
    }
    pool_close(&pool);
    res->seconds = now() - t0;
    if (status != DA_OK) {
        da_results_free(res);
        return status;
    }
    *out = res;
    return DA_OK;
}

da_status engine_each(const struct plan *plan, int threads, uint64_t total, engine_task task,
                      engine_block block, engine_order order, void *ctx, const da_run_options *opt)
{
    struct pool pool;
    /* The analyses' tasks record no series: one set for all workers, never written. */
    da_status status =
        pool_open(&pool, plan, total, run_threads(plan->scn, threads, 0), task, ctx, true);
    /* In blocks of lanes (lockstep.h). */
    int lanes = block ? lockstep_lanes() : 1;
    pool.block = block;
    pool.order = order;
    for (int i = 0; status == DA_OK && lanes > 1 && i < pool.ready; i++)
        status = lockstep_init(&pool.workers[i], lanes);
    da_run_options quiet;
    da_run_options_init(&quiet);
    if (status == DA_OK)
        status = run_workers(&pool, pool.n, opt ? opt : &quiet);
    pool_close(&pool);
    return status;
}

void da_results_free(da_results *res)
{
    if (!res)
        return;
    if (res->acc.options)
        acc_release(&res->acc, &res->plan);
    plan_release(&res->plan);
    da_free(res);
}
