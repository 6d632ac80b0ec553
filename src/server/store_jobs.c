/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_jobs.c - the run queue's statements (store_jobs.h). The queue is the runs table
 * itself: a claim is one transaction, so two workers never take the same run.
 */
#include "store_jobs.h"

#include <limits.h>
#include <string.h>

/* Runs 'st' with ?1 = 'id' (and ?2 = 'number' where it has one): the rows it changed, or -1. */
static int changes_of(struct store *s, sqlite3_stmt *st, int64_t id, int64_t number)
{
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, number);
    return store_run(st) == STORE_OK ? sqlite3_changes(s->db) : -1;
}

int store_runs_recover(struct store *s, int64_t now)
{
    return changes_of(s,
                      store_statement(s, SQL_RUNS_RECOVER,
                                      "UPDATE runs SET status = 'failed', finished_at = ?1,"
                                      " error = 'the server stopped while this run was"
                                      " running: queue it again' WHERE status = 'running'"),
                      now, 0);
}

/* The next queued run: organizations take turns, so that one organization's queue cannot
 * hold the others' back (docs/api.md, "The run queue"): the organization with the fewest runs
 * running, then the one that got a worker longest ago (a counter, organizations.last_claim),
 * then its oldest queued run. */
static int64_t queue_next(struct store *s)
{
    sqlite3_stmt *st = store_statement(s, SQL_QUEUE_NEXT,
                                       "SELECT r.id FROM runs r JOIN organizations o"
                                       " ON o.id = r.org_id WHERE r.status = 'queued' ORDER BY"
                                       " (SELECT count(*) FROM runs x WHERE x.status = 'running'"
                                       "  AND x.org_id = r.org_id), o.last_claim, r.id LIMIT 1");
    if (!st)
        return 0;
    int64_t run = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    store_done(st);
    return run;
}

int64_t store_run_claim(struct store *s, int64_t now)
{
    if (store_begin(s) != STORE_OK)
        return 0;
    int64_t run = queue_next(s);
    bool ok = true;
    if (run) {
        ok = changes_of(s,
                        store_statement(s, SQL_RUN_START,
                                        "UPDATE runs SET status = 'running', started_at = ?2,"
                                        " progress = 0 WHERE id = ?1"),
                        run, now) >= 0;
        ok = ok && changes_of(s,
                              store_statement(s, SQL_ORG_CLAIMED,
                                              "UPDATE organizations SET last_claim ="
                                              " (SELECT max(last_claim) + 1 FROM organizations)"
                                              " WHERE id = (SELECT org_id FROM runs"
                                              " WHERE id = ?1)"),
                              run, 0) == 1;
    }
    if (!ok) {
        store_rollback(s);
        return 0;
    }
    return store_commit(s) ? run : 0;
}

bool store_run_input(struct store *s, int64_t run, struct store_run_input *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_statement(s, SQL_RUN_INPUT,
                                       "SELECT v.yaml, r.replications, r.seed, v.number,"
                                       " v.scenario_id FROM runs r"
                                       " JOIN revisions v ON v.id = r.revision_id WHERE r.id = ?1");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        out->yaml = store_text_copy(st, 0);
        out->replications = sqlite3_column_int64(st, 1);
        out->seed = sqlite3_column_int64(st, 2);
        out->revision = sqlite3_column_int64(st, 3);
        out->scenario = sqlite3_column_int64(st, 4);
    }
    store_done(st);
    return found;
}

enum store_status store_run_progress(struct store *s, int64_t run, double p)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUN_PROGRESS,
                                       "UPDATE runs SET progress = ?2"
                                       " WHERE id = ?1 AND status = 'running'");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_double(st, 2, p);
    enum store_status status = store_run(st);
    return status == STORE_OK && sqlite3_changes(s->db) == 0 ? STORE_NOT_FOUND : status;
}

enum store_status store_run_csv_add(struct store *s, int64_t run, const char *name,
                                    const char *text, size_t len)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUN_CSV_ADD,
                                       "INSERT INTO run_csv (run_id, name, content)"
                                       " VALUES (?1, ?2, ?3)");
    if (!st || len > INT_MAX)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, text, (int)len, SQLITE_TRANSIENT);
    return store_run(st);
}

enum store_status store_run_done(struct store *s, int64_t run, const char *json, size_t len,
                                 int64_t now)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUN_DONE,
                                       "UPDATE runs SET status = 'done', progress = 1,"
                                       " results = ?2, finished_at = ?3"
                                       " WHERE id = ?1 AND status = 'running'");
    if (!st || len > INT_MAX)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, json, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    enum store_status status = store_run(st);
    return status == STORE_OK && sqlite3_changes(s->db) != 1 ? STORE_NOT_FOUND : status;
}

void store_run_fail(struct store *s, int64_t run, int64_t now, const char *error)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUN_FAIL,
                                       "UPDATE runs SET status = 'failed', error = ?2,"
                                       " finished_at = ?3 WHERE id = ?1 AND status = 'running'");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, error, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    store_run(st);
}

bool store_run_requeue(struct store *s, int64_t run)
{
    return changes_of(s,
                      store_statement(s, SQL_RUN_REQUEUE,
                                      "UPDATE runs SET status = 'queued', started_at = NULL,"
                                      " progress = 0 WHERE id = ?1 AND status = 'running'"),
                      run, 0) == 1;
}
