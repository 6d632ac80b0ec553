/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_runs.c - the API's statements on runs (store_runs.h). */
#include "store_runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns every description of a run reads. */
#define RUN_COLUMNS                                                                                \
    "r.id, v.scenario_id, v.number, r.replications, r.seed, r.status, r.progress, r.error,"        \
    " r.created_at, r.started_at, r.finished_at, u.email"
#define RUN_FROM                                                                                   \
    " FROM runs r JOIN revisions v ON v.id = r.revision_id JOIN users u ON u.id = r.requested_by"

/* The row 'st' is on (RUN_COLUMNS) into 'run'. */
static void read_run(sqlite3_stmt *st, struct store_run *run)
{
    memset(run, 0, sizeof *run);
    run->id = sqlite3_column_int64(st, 0);
    run->scenario = sqlite3_column_int64(st, 1);
    run->revision = sqlite3_column_int64(st, 2);
    run->replications = sqlite3_column_int64(st, 3);
    run->seed = sqlite3_column_int64(st, 4);
    snprintf(run->status, sizeof run->status, "%s", (const char *)sqlite3_column_text(st, 5));
    run->progress = sqlite3_column_double(st, 6);
    run->error = store_text_copy(st, 7);
    run->created = sqlite3_column_int64(st, 8);
    run->has_started = sqlite3_column_type(st, 9) != SQLITE_NULL;
    run->started = sqlite3_column_int64(st, 9);
    run->has_finished = sqlite3_column_type(st, 10) != SQLITE_NULL;
    run->finished = sqlite3_column_int64(st, 10);
    run->requested_by = store_text_copy(st, 11);
}

void store_run_clear(struct store_run *run)
{
    free(run->error);
    free(run->requested_by);
    free(run->results);
    memset(run, 0, sizeof *run);
}

int64_t store_runs_active(struct store *s, int64_t org)
{
    return store_int(store_statement(s, SQL_RUNS_ACTIVE,
                                     "SELECT count(*) FROM runs WHERE org_id = ?1"
                                     " AND status IN ('queued', 'running')"),
                     org, 0);
}

int64_t store_runs_since(struct store *s, int64_t org, int64_t since, int64_t *oldest)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUNS_SINCE,
                                       "SELECT count(*), min(created_at) FROM runs"
                                       " WHERE org_id = ?1 AND created_at > ?2");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, org);
    sqlite3_bind_int64(st, 2, since);
    return store_count_oldest(st, oldest);
}

enum store_status store_run_add(struct store *s, int64_t revision, int64_t org, int64_t user,
                                uint64_t replications, uint64_t seed, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUN_ADD,
                                       "INSERT INTO runs (revision_id, org_id, requested_by,"
                                       " replications, seed, status, created_at)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6)");
    enum store_status status = STORE_FAILED;
    if (st) {
        sqlite3_bind_int64(st, 1, revision);
        sqlite3_bind_int64(st, 2, org);
        sqlite3_bind_int64(st, 3, user);
        sqlite3_bind_int64(st, 4, (int64_t)replications);
        /* SQLite's integers are signed: a seed above 2^63 is stored as its bits. */
        sqlite3_bind_int64(st, 5, (int64_t)seed);
        sqlite3_bind_int64(st, 6, now);
        status = store_run(st);
    }
    *id = store_last_id(s);
    return status;
}

enum store_status store_runs_list(struct store *s, int64_t scenario, int64_t org,
                                  void (*row)(const struct store_run *, void *), void *ctx)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUNS_OF,
                                       "SELECT " RUN_COLUMNS RUN_FROM
                                       " WHERE v.scenario_id = ?1 AND r.org_id = ?2"
                                       " ORDER BY r.id DESC");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, scenario);
    sqlite3_bind_int64(st, 2, org);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_run run;
        read_run(st, &run);
        row(&run, ctx);
        store_run_clear(&run);
    }
    store_done(st);
    return store_status_of(rc);
}

enum store_status store_run_get(struct store *s, int64_t id, int64_t org, struct store_run *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_statement(s, SQL_RUN_GET,
                                       "SELECT " RUN_COLUMNS ", r.results" RUN_FROM
                                       " WHERE r.id = ?1 AND r.org_id = ?2");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, org);
    enum store_status status = STORE_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        read_run(st, out);
        bool ok = out->requested_by != NULL;
        if (sqlite3_column_type(st, 12) != SQLITE_NULL) {
            size_t len = (size_t)sqlite3_column_bytes(st, 12);
            out->results = malloc(len + 1);
            ok = ok && out->results;
            if (out->results) {
                memcpy(out->results, sqlite3_column_text(st, 12), len);
                out->results[len] = '\0';
                out->results_len = len;
            }
        }
        status = ok ? STORE_OK : STORE_FAILED;
    }
    store_done(st);
    return status;
}

enum store_status store_run_csv_names(struct store *s, int64_t id,
                                      void (*row)(const char *name, void *), void *ctx)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUN_CSV_NAMES,
                                       "SELECT name FROM run_csv"
                                       " WHERE run_id = ?1 ORDER BY name");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        row((const char *)sqlite3_column_text(st, 0), ctx);
    store_done(st);
    return store_status_of(rc);
}

enum store_status store_run_csv(struct store *s, int64_t id, const char *name, char **content,
                                size_t *len)
{
    *content = NULL;
    *len = 0;
    sqlite3_stmt *st = store_statement(s, SQL_RUN_CSV,
                                       "SELECT content FROM run_csv"
                                       " WHERE run_id = ?1 AND name = ?2");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    enum store_status status = STORE_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *len = (size_t)sqlite3_column_bytes(st, 0);
        *content = malloc(*len + 1);
        if (*content)
            memcpy(*content, sqlite3_column_text(st, 0), *len);
        status = *content ? STORE_OK : STORE_FAILED;
    }
    store_done(st);
    return status;
}

void store_run_status(struct store *s, int64_t id, char was[16])
{
    was[0] = '\0';
    sqlite3_stmt *st = store_statement(s, SQL_RUN_STATUS, "SELECT status FROM runs WHERE id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(was, 16, "%s", (const char *)sqlite3_column_text(st, 0));
    store_done(st);
}

enum store_status store_run_cancel(struct store *s, int64_t id, const char *why, int64_t now)
{
    sqlite3_stmt *st = store_statement(s, SQL_RUN_CANCEL,
                                       "UPDATE runs SET status = 'cancelled', error = ?2,"
                                       " finished_at = ?3 WHERE id = ?1");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, why, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    return store_run(st);
}
