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

struct worker_slot {
    struct jobs *jobs;
    pthread_t thread;
    bool started;
    atomic_int_fast64_t run;      /* the run in progress, 0: none */
    atomic_bool cancel;           /* the run in progress was cancelled (marked so already) */
    double deadline;              /* when the run in progress must stop (monotonic s); 0: never */
    _Atomic double progress;
    int64_t last_saved;           /* when progress was last written to the database */
    sqlite3 *db;
};

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_bool stop;
    atomic_int requeued;          /* runs the stop cut off and queued again */
    int64_t run_timeout;          /* seconds; 0: none */
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

int jobs_recover(sqlite3 *db, int64_t now)
{
    return db_exec_id(db, "UPDATE runs SET status = 'failed', finished_at = ?1,"
                          " error = 'the server stopped while this run was running: queue it"
                          " again' WHERE status = 'running'", now);
}

/* Sets run 'run' to failed with 'error', unless it was cancelled meanwhile. */
static void fail_run(sqlite3 *db, int64_t run, int64_t now, const char *error)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE runs SET status = 'failed', error = ?2,"
                                      " finished_at = ?3 WHERE id = ?1 AND status = 'running'");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, error, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

/* Puts run 'run', cut off by the server's stop, back in the queue: it starts from the
 * beginning at the next start (a run's results depend on its seed, not on where it stopped). */
static bool requeue(sqlite3 *db, int64_t run)
{
    return db_exec_id(db, "UPDATE runs SET status = 'queued', started_at = NULL, progress = 0"
                          " WHERE id = ?1 AND status = 'running'", run) == 1;
}

/* Claims the next queued run: its id, or 0 when there is none. Organizations take turns, so
 * that one organization's queue cannot hold the others' back (docs/api.md, "The run queue"):
 * the organization with the fewest runs running, then the one that got a worker longest ago
 * (a counter, organizations.last_claim), then its oldest queued run. */
static int64_t claim(sqlite3 *db, int64_t now)
{
    if (!db_begin(db))
        return 0;
    int64_t run = db_int_id(db, "SELECT r.id FROM runs r JOIN organizations o ON o.id = r.org_id"
                                " WHERE r.status = 'queued' ORDER BY"
                                " (SELECT count(*) FROM runs x WHERE x.status = 'running'"
                                "  AND x.org_id = r.org_id), o.last_claim, r.id LIMIT 1",
                            0, 0);
    bool ok = true;
    if (run) {
        sqlite3_stmt *st = db_prepare(db, "UPDATE runs SET status = 'running', started_at = ?2,"
                                          " progress = 0 WHERE id = ?1");
        ok = st != NULL;
        if (st) {
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_int64(st, 2, now);
            ok = sqlite3_step(st) == SQLITE_DONE;
            sqlite3_finalize(st);
        }
        ok = ok && db_exec_id(db, "UPDATE organizations SET last_claim ="
                                  " (SELECT max(last_claim) + 1 FROM organizations)"
                                  " WHERE id = (SELECT org_id FROM runs WHERE id = ?1)",
                              run) == 1;
    }
    if (!ok) {
        db_rollback(db);
        return 0;
    }
    return db_commit(db) ? run : 0;
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
        sqlite3_stmt *st = db_prepare(slot->db, "UPDATE runs SET progress = ?2"
                                                " WHERE id = ?1 AND status = 'running'");
        if (st) {
            sqlite3_bind_int64(st, 1, atomic_load(&slot->run));
            sqlite3_bind_double(st, 2, p);
            if (sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(slot->db) == 0)
                atomic_store(&slot->cancel, true);
            sqlite3_finalize(st);
        }
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
        fail_run(slot->db, run, now, error);
        break;
    case STOP_SERVER:
        if (requeue(slot->db, run))
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
static bool store_csv(sqlite3 *db, int64_t run, const da_results *res)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO run_csv (run_id, name, content)"
                                      " VALUES (?1, ?2, ?3)");
    bool ok = st != NULL;
    for (size_t i = 0; ok && i < da_csv_table_count(); i++) {
        size_t len = 0;
        char *text = csv_table_text(res, i, &len);
        ok = text && len <= INT_MAX;
        if (ok) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_text(st, 2, da_csv_table_name(i), -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, text, (int)len, SQLITE_TRANSIENT);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        free(text);
    }
    sqlite3_finalize(st);
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
    sqlite3 *db = slot->db;
    sqlite3_stmt *st = db_prepare(db, "SELECT v.yaml, r.replications, r.seed, v.number,"
                                      " v.scenario_id FROM runs r"
                                      " JOIN revisions v ON v.id = r.revision_id WHERE r.id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, run);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return;
    }
    char *yaml = strdup((const char *)sqlite3_column_text(st, 0));
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = (uint64_t)sqlite3_column_int64(st, 1);
    opt.seed = (uint64_t)sqlite3_column_int64(st, 2);
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
             (long long)run, (long long)sqlite3_column_int64(st, 4),
             (long long)sqlite3_column_int64(st, 3));
    sqlite3_finalize(st);

    da_diags *diags = da_diags_new();
    da_scenario *scn = NULL;
    da_results *res = NULL;
    char *json = NULL;
    size_t json_len = 0;
    da_status status = yaml && diags ? da_scenario_load_buffer("scenario.yaml", yaml,
                                                               strlen(yaml), diags, &scn)
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
        db_begin(db);
        bool ok = store_csv(db, run, res);
        /* A run cancelled while its results were being written keeps its cancellation. */
        st = db_prepare(db, "UPDATE runs SET status = 'done', progress = 1, results = ?2,"
                            " finished_at = ?3 WHERE id = ?1 AND status = 'running'");
        if (st) {
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_text(st, 2, json, (int)json_len, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, now);
            ok = ok && sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1;
            sqlite3_finalize(st);
        }
        if (!ok || !db_commit(db)) {
            db_rollback(db);
            fail_run(db, run, now, "the results could not be stored");
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
        fail_run(db, run, now, error);
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
        int64_t run = claim(slot->db, server_now());
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
        slot->db = db_open(db_path, err, errlen);
        if (!slot->db || pthread_create(&slot->thread, NULL, work, slot) != 0) {
            if (slot->db)
                snprintf(err, errlen, "cannot start a worker thread: %s", strerror(errno));
            jobs_stop(jobs);
            return NULL;
        }
        slot->started = true;
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
        sqlite3_close(jobs->slots[i].db);
    }
    int requeued = atomic_load(&jobs->requeued);
    pthread_mutex_destroy(&jobs->lock);
    pthread_cond_destroy(&jobs->wake);
    free(jobs->slots);
    free(jobs);
    return requeued;
}
