/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jobs.c - the run queue's workers (jobs.h). The queue is the runs table itself: a worker
 * claims the next queued run (organizations in turn) in one transaction, so two workers never
 * take the same run and a crash leaves nothing but a 'running' row, which jobs_recover() fails
 * at the next start. A run in progress stops when it is cancelled, when it passes the
 * server's limit per run, or when the server stops (and is queued again).
 */
#include "jobs.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../util/text.h"
#include "dayafter.h"
#include "db.h"
#include "store_jobs.h"

struct worker_slot {
    struct jobs *jobs;
    pthread_t thread;
    bool started;
    atomic_int_fast64_t run; /* the run in progress, 0: none */
    atomic_bool cancel;      /* the run in progress was cancelled (marked so already) */
    double deadline;         /* when the run in progress must stop (monotonic s); 0: never */
    _Atomic double progress;
    int64_t last_saved;  /* when progress was last written to the database */
    struct store *store; /* the worker's own connection and its statements */
};

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_bool stop;
    atomic_int requeued; /* runs the stop cut off and queued again */
    int64_t run_timeout; /* seconds; 0: none */
    int cores;
    int count;
    struct worker_slot *slots;
};

/* Why a run in progress should stop; STOP_NONE: it goes on. */
enum stop_reason { STOP_NONE, STOP_CANCELLED, STOP_TIMEOUT, STOP_SERVER };

static double monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A cancellation wins over the limit, and the limit over the server's stop: a run past its
 * limit queued again would only be stopped again at the next start. */
static enum stop_reason stop_reason(const struct worker_slot *slot)
{
    if (atomic_load(&slot->cancel))
        return STOP_CANCELLED;
    if (slot->deadline > 0 && monotonic() >= slot->deadline)
        return STOP_TIMEOUT;
    if (atomic_load(&slot->jobs->stop))
        return STOP_SERVER;
    return STOP_NONE;
}

int jobs_recover(struct store *s, int64_t now)
{
    return store_runs_recover(s, now);
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct worker_slot *slot = ctx;
    double p = total ? (double)done / (double)total : 1.0;
    atomic_store(&slot->progress, p);
    /* The database copy, for other processes reading it, once a second at most. A run no
     * longer 'running' there was cancelled, by a request this process's jobs_cancel() may not
     * have seen (another process, or a cancel between the claim and the run's start). */
    int64_t now = server_now();
    if (now > slot->last_saved) {
        slot->last_saved = now;
        if (store_run_progress(slot->store, atomic_load(&slot->run), p) == STORE_NOT_FOUND)
            atomic_store(&slot->cancel, true);
    }
}

static int on_cancel(void *ctx)
{
    return stop_reason(ctx) != STOP_NONE;
}

/* What becomes of a run the engine stopped (DA_ERR_CANCELLED): a cancelled one was marked by
 * its request already; one past the limit fails, saying so; one the server's stop cut off is
 * queued again. */
static void stopped(struct worker_slot *slot, int64_t run, int64_t now)
{
    char error[160];
    switch (stop_reason(slot)) {
    case STOP_TIMEOUT:
        snprintf(error, sizeof error,
                 "stopped after %lld s: the server's limit per run (--run-timeout)",
                 (long long)slot->jobs->run_timeout);
        store_run_fail(slot->store, run, now, error);
        break;
    case STOP_SERVER:
        if (store_run_requeue(slot->store, run))
            atomic_fetch_add(&slot->jobs->requeued, 1);
        break;
    case STOP_CANCELLED:
    case STOP_NONE:
        break;
    }
}

/* One CSV table of the results as text (malloc'd, its length in *len), or NULL. */
static char *csv_table_text(const da_results *res, size_t index, size_t *len)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, len);
    if (!out)
        return NULL;
    bool ok = da_results_write_csv_table(res, index, out) == DA_OK;
    if (fclose(out) != 0 || !ok) {
        free(text);
        return NULL;
    }
    return text;
}

/* Stores each of the results' CSV tables in run_csv, under its file name. */
static bool store_csv(struct store *s, int64_t run, const da_results *res)
{
    bool ok = true;
    for (size_t i = 0; ok && i < da_csv_table_count(); i++) {
        size_t len = 0;
        char *text = csv_table_text(res, i, &len);
        ok = text && store_run_csv_add(s, run, da_csv_table_name(i), text, len) == STORE_OK;
        free(text);
    }
    return ok;
}

/* The engine threads for a run starting now: the cores shared among the runs in progress
 * (this one included), so that a run alone gets the whole machine. The thread count never
 * changes a run's results. */
static int engine_threads(const struct jobs *jobs)
{
    int busy = 0;
    for (int i = 0; i < jobs->count; i++)
        busy += atomic_load(&jobs->slots[i].run) != 0;
    int threads = jobs->cores / (busy > 0 ? busy : 1);
    return threads > 0 ? threads : 1;
}

/* Runs run 'run' and stores its results or its failure. */
static void execute(struct worker_slot *slot, int64_t run)
{
    struct store *s = slot->store;
    struct store_run_input input;
    /* Its revision is never deleted, so only a failing database lands here; the run fails
     * rather than staying 'running', which would hold its organization's place in the queue
     * until the server restarts. */
    if (!store_run_input(s, run, &input)) {
        store_run_fail(s, run, server_now(),
                       "the run's scenario could not be read from the database");
        return;
    }
    char *yaml = input.yaml;
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = (uint64_t)input.replications;
    opt.seed = (uint64_t)input.seed;
    opt.use_seed = 1;
    opt.threads = engine_threads(slot->jobs);
    opt.progress = on_progress;
    opt.cancelled = on_cancel;
    opt.progress_ctx = slot;
    char why[512] = "";
    opt.message = why;
    opt.message_size = sizeof why;
    char command[128];
    snprintf(command, sizeof command, "dayafter serve: run %lld of scenario %lld, revision %lld",
             (long long)run, (long long)input.scenario, (long long)input.revision);

    da_diags *diags = da_diags_new();
    da_scenario *scn = NULL;
    da_results *res = NULL;
    char *json = NULL;
    size_t json_len = 0;
    da_status status =
        yaml && diags ? da_scenario_load_buffer("scenario.yaml", yaml, strlen(yaml), diags, &scn)
                      : DA_ERR_NOMEM;
    if (status == DA_OK)
        status = da_run(scn, &opt, &res);
    if (status == DA_OK) {
        FILE *out = open_memstream(&json, &json_len);
        status = out ? da_results_write_json(res, out, command) : DA_ERR_NOMEM;
        if (out)
            fclose(out);
    }
    int64_t now = server_now();
    if (status == DA_OK) {
        store_begin(s);
        bool ok = store_csv(s, run, res);
        /* A run cancelled while its results were being written keeps its cancellation. */
        ok = ok && store_run_done(s, run, json, json_len, now) == STORE_OK;
        if (!ok || !store_commit(s)) {
            store_rollback(s);
            store_run_fail(s, run, now, "the results could not be stored");
        }
    } else if (status == DA_ERR_CANCELLED) {
        stopped(slot, run, now);
    } else {
        char error[512];
        /* The message (up to 1023 bytes) is cut to fit on a whole character: the run's error
         * is sent as JSON. */
        if ((status == DA_ERR_INPUT || status == DA_ERR_LIMIT) && da_diags_count(diags) > 0)
            snprintf(error, sizeof error, "scenario.yaml:%u:%u: %.*s", da_diags_get(diags, 0).line,
                     da_diags_get(diags, 0).column,
                     (int)text_utf8_cut(da_diags_get(diags, 0).message, sizeof error - 64),
                     da_diags_get(diags, 0).message);
        else if (why[0])
            snprintf(error, sizeof error, "the run failed: %.*s",
                     (int)text_utf8_cut(why, sizeof error - 32), why);
        else
            snprintf(error, sizeof error, "the run failed: %s", da_status_str(status));
        store_run_fail(s, run, now, error);
    }
    free(json);
    da_results_free(res);
    da_scenario_free(scn);
    da_diags_free(diags);
    free(yaml);
}

static void *work(void *arg)
{
    struct worker_slot *slot = arg;
    struct jobs *jobs = slot->jobs;
    while (!atomic_load(&jobs->stop)) {
        int64_t run = store_run_claim(slot->store, server_now());
        if (run) {
            atomic_store(&slot->progress, 0.0);
            slot->last_saved = 0;
            atomic_store(&slot->cancel, false);
            slot->deadline = jobs->run_timeout > 0 ? monotonic() + (double)jobs->run_timeout : 0;
            atomic_store(&slot->run, run);
            execute(slot, run);
            atomic_store(&slot->run, 0);
            continue;
        }
        /* Nothing queued: sleep until woken, or a second (a run queued by another process). */
        pthread_mutex_lock(&jobs->lock);
        if (!atomic_load(&jobs->stop)) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            pthread_cond_timedwait(&jobs->wake, &jobs->lock, &until);
        }
        pthread_mutex_unlock(&jobs->lock);
    }
    return NULL;
}

/* Opens the worker's own connection and store (a statement is never shared between threads)
 * and starts its thread. */
static bool slot_start(struct worker_slot *slot, const char *db_path, char *err, size_t errlen)
{
    sqlite3 *db = db_open(db_path, err, errlen);
    slot->store = db ? store_open(db) : NULL;
    if (!slot->store) {
        if (db)
            snprintf(err, errlen, "out of memory");
        sqlite3_close(db);
        return false;
    }
    if (pthread_create(&slot->thread, NULL, work, slot) != 0) {
        snprintf(err, errlen, "cannot start a worker thread: %s", strerror(errno));
        return false;
    }
    slot->started = true;
    return true;
}

struct jobs *jobs_start(const char *db_path, int workers, int64_t run_timeout, char *err,
                        size_t errlen)
{
    struct jobs *jobs = calloc(1, sizeof *jobs);
    if (!jobs || !(jobs->slots = calloc((size_t)workers, sizeof *jobs->slots))) {
        free(jobs);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&jobs->lock, NULL);
    pthread_cond_init(&jobs->wake, NULL);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    jobs->cores = cores < 1 ? 1 : cores > 256 ? 256 : (int)cores;
    jobs->count = workers;
    jobs->run_timeout = run_timeout;
    for (int i = 0; i < workers; i++) {
        struct worker_slot *slot = &jobs->slots[i];
        slot->jobs = jobs;
        if (!slot_start(slot, db_path, err, errlen)) {
            jobs_stop(jobs);
            return NULL;
        }
    }
    return jobs;
}

void jobs_wake(struct jobs *jobs)
{
    pthread_mutex_lock(&jobs->lock);
    pthread_cond_broadcast(&jobs->wake);
    pthread_mutex_unlock(&jobs->lock);
}

void jobs_cancel(struct jobs *jobs, int64_t run)
{
    for (int i = 0; jobs && i < jobs->count; i++)
        if (atomic_load(&jobs->slots[i].run) == run)
            atomic_store(&jobs->slots[i].cancel, true);
}

double jobs_progress(struct jobs *jobs, int64_t run)
{
    for (int i = 0; jobs && i < jobs->count; i++)
        if (atomic_load(&jobs->slots[i].run) == run)
            return atomic_load(&jobs->slots[i].progress);
    return -1;
}

int jobs_stop(struct jobs *jobs)
{
    if (!jobs)
        return 0;
    atomic_store(&jobs->stop, true);
    jobs_wake(jobs);
    for (int i = 0; i < jobs->count; i++) {
        if (jobs->slots[i].started)
            pthread_join(jobs->slots[i].thread, NULL);
        /* The statements first: a connection with statements left does not close. */
        struct store *store = jobs->slots[i].store;
        sqlite3 *db = store ? store->db : NULL;
        store_close(store);
        sqlite3_close(db);
    }
    int requeued = atomic_load(&jobs->requeued);
    pthread_mutex_destroy(&jobs->lock);
    pthread_cond_destroy(&jobs->wake);
    free(jobs->slots);
    free(jobs);
    return requeued;
}
