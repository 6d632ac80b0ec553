/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jobs.c - the run queue's workers (jobs.h). The queue is the runs table itself: a worker
 * claims the oldest queued run in one transaction, so two workers never take the same run and
 * a crash leaves nothing but a 'running' row, which jobs_recover() fails at the next start.
 */
#include "jobs.h"

#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dayafter.h"
#include "db.h"

struct worker_slot {
    struct jobs *jobs;
    pthread_t thread;
    bool started;
    atomic_int_fast64_t run;      /* the run in progress, 0: none */
    _Atomic double progress;
    int64_t last_saved;           /* when progress was last written to the database */
    sqlite3 *db;
};

struct jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_bool stop;
    int cores;
    int count;
    struct worker_slot *slots;
};

int jobs_recover(sqlite3 *db, int64_t now)
{
    return db_exec_id(db, "UPDATE runs SET status = 'failed', finished_at = ?1,"
                          " error = 'the server stopped while this run was running: queue it"
                          " again' WHERE status = 'running'", now);
}

/* Sets run 'run' to failed with 'error'. */
static void fail_run(sqlite3 *db, int64_t run, int64_t now, const char *error)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE runs SET status = 'failed', error = ?2,"
                                      " finished_at = ?3 WHERE id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, error, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

/* Claims the oldest queued run: its id, or 0 when there is none. */
static int64_t claim(sqlite3 *db, int64_t now)
{
    if (!db_begin(db))
        return 0;
    int64_t run = db_int_id(db, "SELECT id FROM runs WHERE status = 'queued' ORDER BY id LIMIT 1",
                            0, 0);
    if (run) {
        sqlite3_stmt *st = db_prepare(db, "UPDATE runs SET status = 'running', started_at = ?2"
                                          " WHERE id = ?1");
        if (st) {
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_int64(st, 2, now);
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
    }
    return db_commit(db) ? run : 0;
}

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct worker_slot *slot = ctx;
    double p = total ? (double)done / (double)total : 1.0;
    atomic_store(&slot->progress, p);
    /* The database copy, for other processes reading it, once a second at most. */
    int64_t now = server_now();
    if (now > slot->last_saved) {
        slot->last_saved = now;
        sqlite3_stmt *st = db_prepare(slot->db, "UPDATE runs SET progress = ?2 WHERE id = ?1");
        if (st) {
            sqlite3_bind_int64(st, 1, atomic_load(&slot->run));
            sqlite3_bind_double(st, 2, p);
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
    }
}

static int on_cancel(void *ctx)
{
    const struct worker_slot *slot = ctx;
    return atomic_load(&slot->jobs->stop);
}

/* Reads the whole file 'path' into a string (malloc'd), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    char buf[65536];
    size_t n;
    while (out && (n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, out);
    if (out)
        fclose(out);
    fclose(f);
    return text;
}

/* Writes the results' CSV tables into a temporary directory and stores each in run_csv. */
static bool store_csv(sqlite3 *db, int64_t run, const da_results *res)
{
    char dir[] = "/tmp/dayafter-csv-XXXXXX";
    if (!mkdtemp(dir))
        return false;
    bool ok = da_results_write_csv(res, dir) == DA_OK;
    DIR *d = opendir(dir);
    struct dirent *e;
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO run_csv (run_id, name, content)"
                                      " VALUES (?1, ?2, ?3)");
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = slurp(path);
        if (ok && st && text) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_text(st, 2, e->d_name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
            ok = sqlite3_step(st) == SQLITE_DONE;
        } else {
            ok = false;
        }
        free(text);
        unlink(path);
    }
    sqlite3_finalize(st);
    if (d)
        closedir(d);
    rmdir(dir);
    return ok && d;
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
        st = db_prepare(db, "UPDATE runs SET status = 'done', progress = 1, results = ?2,"
                            " finished_at = ?3 WHERE id = ?1");
        if (st) {
            sqlite3_bind_int64(st, 1, run);
            sqlite3_bind_text(st, 2, json, (int)json_len, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, now);
            ok = ok && sqlite3_step(st) == SQLITE_DONE;
            sqlite3_finalize(st);
        }
        if (!ok || !db_commit(db)) {
            db_rollback(db);
            fail_run(db, run, now, "the results could not be stored");
        }
    } else {
        char error[512];
        if (status == DA_ERR_CANCELLED)
            snprintf(error, sizeof error, "the server stopped while this run was running: "
                                          "queue it again");
        else if (status == DA_ERR_INPUT && da_diags_count(diags) > 0)
            snprintf(error, sizeof error, "scenario.yaml:%u:%u: %s", da_diags_get(diags, 0).line,
                     da_diags_get(diags, 0).column, da_diags_get(diags, 0).message);
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

struct jobs *jobs_start(const char *db_path, int workers, char *err, size_t errlen)
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

double jobs_progress(struct jobs *jobs, int64_t run)
{
    for (int i = 0; jobs && i < jobs->count; i++)
        if (atomic_load(&jobs->slots[i].run) == run)
            return atomic_load(&jobs->slots[i].progress);
    return -1;
}

void jobs_stop(struct jobs *jobs)
{
    if (!jobs)
        return;
    atomic_store(&jobs->stop, true);
    jobs_wake(jobs);
    for (int i = 0; i < jobs->count; i++) {
        if (jobs->slots[i].started)
            pthread_join(jobs->slots[i].thread, NULL);
        sqlite3_close(jobs->slots[i].db);
    }
    pthread_mutex_destroy(&jobs->lock);
    pthread_cond_destroy(&jobs->wake);
    free(jobs->slots);
    free(jobs);
}
