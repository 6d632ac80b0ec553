/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api_runs.c - queueing runs of a revision, following and cancelling them, and their results:
 * the JSON of the run-output schema, the CSV tables, and the HTML report. Whoever may read a
 * scenario may run it, and whoever may queue a run of their organization may cancel it; an
 * organization has at most SERVER_RUNS_PER_ORG runs queued or running at once, and queues at
 * most the server's --runs-per-day in 24 hours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "api.h"
#include "bodies.h"
#include "dayafter.h"
#include "db.h"
#include "jobs.h"
#include "scenario_store.h"

/* Whether the caller's organization may queue another run now; otherwise a 429 that names
 * the quota, with when to try again. Inside the request's transaction, so that two requests
 * cannot both take the last place. */
static bool within_run_quotas(struct request *rq, struct response *rs)
{
    int64_t org = rq->who.org_id, now = server_now();
    int64_t active = db_int_id(rq->db, "SELECT count(*) FROM runs WHERE org_id = ?1"
                                       " AND status IN ('queued', 'running')",
                               org, 0);
    if (active >= SERVER_RUNS_PER_ORG) {
        api_quota(rs, 429, "runs_queued",
                  "your organization has %lld runs queued or running, the most it may have at "
                  "once (quota: %d): wait for one to finish, or cancel one",
                  (long long)active, SERVER_RUNS_PER_ORG);
        rs->retry_after = 10;
        return false;
    }
    enum { DAY = 24 * 60 * 60 };
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT count(*), min(created_at) FROM runs"
                                          " WHERE org_id = ?1 AND created_at > ?2");
    int64_t today = 0, oldest = now;
    if (st) {
        sqlite3_bind_int64(st, 1, org);
        sqlite3_bind_int64(st, 2, now - DAY);
        if (sqlite3_step(st) == SQLITE_ROW) {
            today = sqlite3_column_int64(st, 0);
            oldest = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
    }
    int64_t quota = rq->srv->quotas.runs_per_day;
    if (today < quota)
        return true;
    /* The window slides: a place frees when the oldest run of the 24 hours leaves them. */
    int64_t wait = oldest + DAY - now;
    wait = wait < 1 ? 1 : wait;
    api_quota(rs, 429, "runs_per_day",
              "your organization queued %lld runs in the last 24 hours, the most it may (quota: "
              "%lld a day, --runs-per-day): the next can be queued in %lld s",
              (long long)today, (long long)quota, (long long)wait);
    rs->retry_after = (int)wait;
    return false;
}

void api_runs_create(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    struct body_run b;
    char err[256];
    if (!body_run(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    int64_t number = b.revision ? b.revision : store_latest(rq->db, id);
    char *yaml = NULL;
    int64_t revision = store_revision(rq->db, id, number, &yaml);
    da_scenario *scn = NULL;
    if (!revision) {
        api_not_found(rs, "revision", number);
    } else if (!(scn = store_load(yaml))) {
        respond_error(rs, 422, "revision %lld does not load: run `dayafter validate` on it",
                      (long long)number);
    } else {
        uint64_t replications = b.replications ? (uint64_t)b.replications
                                               : da_scenario_replications(scn);
        uint64_t seed = b.has_seed ? (uint64_t)b.seed : da_scenario_seed(scn);
        if (!api_begin(rq, rs)) {
            da_scenario_free(scn);
            free(yaml);
            body_free(b.root);
            return;
        }
        if (replications > SERVER_REPLICATIONS_MAX) {
            db_rollback(rq->db);
            respond_error(rs, 422, "the scenario asks for %llu replications; the server runs at "
                                   "most %u: give \"replications\"",
                          (unsigned long long)replications, SERVER_REPLICATIONS_MAX);
        } else if (!within_run_quotas(rq, rs)) {
            db_rollback(rq->db);
        } else {
            sqlite3_stmt *st = db_prepare(rq->db,
                                          "INSERT INTO runs (revision_id, org_id, requested_by,"
                                          " replications, seed, status, created_at)"
                                          " VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6)");
            bool ok = false;
            if (st) {
                sqlite3_bind_int64(st, 1, revision);
                sqlite3_bind_int64(st, 2, rq->who.org_id);
                sqlite3_bind_int64(st, 3, rq->who.user_id);
                sqlite3_bind_int64(st, 4, (int64_t)replications);
                /* SQLite's integers are signed: a seed above 2^63 is stored as its bits. */
                sqlite3_bind_int64(st, 5, (int64_t)seed);
                sqlite3_bind_int64(st, 6, server_now());
                ok = sqlite3_step(st) == SQLITE_DONE;
                sqlite3_finalize(st);
            }
            int64_t run = sqlite3_last_insert_rowid(rq->db);
            char detail[200];
            snprintf(detail, sizeof detail, "queued run %lld of scenario %lld revision %lld",
                     (long long)run, (long long)id, (long long)number);
            api_audit_log(rq, rq->who.org_id, "run", "%s", detail);
            if (a.owner != rq->who.org_id)
                api_audit_log(rq, a.owner, "run", "%s", detail);
            if (ok && db_commit(rq->db)) {
                jobs_wake(rq->srv->jobs);
                respond_json(rs, 202, json_pack("{s:I, s:s}", "id", (json_int_t)run, "status",
                                                "queued"));
            } else {
                api_db_error(rs, rq->db);
            }
        }
    }
    da_scenario_free(scn);
    free(yaml);
    body_free(b.root);
}

/* The columns every description of a run reads, and its description from them. */
#define RUN_COLUMNS                                                                             \
    "r.id, v.scenario_id, v.number, r.replications, r.seed, r.status, r.progress, r.error,"    \
    " r.created_at, r.started_at, r.finished_at, u.email"
#define RUN_FROM                                                                                \
    " FROM runs r JOIN revisions v ON v.id = r.revision_id JOIN users u ON u.id = r.requested_by"

static json_t *describe(struct request *rq, sqlite3_stmt *st)
{
    int64_t run = sqlite3_column_int64(st, 0);
    const char *status = (const char *)sqlite3_column_text(st, 5);
    double progress = sqlite3_column_double(st, 6);
    if (strcmp(status, "running") == 0) {
        double live = jobs_progress(rq->srv->jobs, run);
        if (live >= 0)
            progress = live;
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:f, s:o, s:o, s:s}", "id",
                          (json_int_t)run, "scenario", (json_int_t)sqlite3_column_int64(st, 1),
                          "revision", (json_int_t)sqlite3_column_int64(st, 2), "replications",
                          (json_int_t)sqlite3_column_int64(st, 3), "seed",
                          (json_int_t)sqlite3_column_int64(st, 4), "status", status, "progress",
                          progress, "error", api_text_column(st, 7), "created",
                          api_time(sqlite3_column_int64(st, 8)), "requested_by",
                          (const char *)sqlite3_column_text(st, 11));
    json_object_set_new(o, "started", sqlite3_column_type(st, 9) == SQLITE_NULL
                                          ? json_null()
                                          : api_time(sqlite3_column_int64(st, 9)));
    json_object_set_new(o, "finished", sqlite3_column_type(st, 10) == SQLITE_NULL
                                           ? json_null()
                                           : api_time(sqlite3_column_int64(st, 10)));
    return o;
}

void api_runs_list(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT " RUN_COLUMNS RUN_FROM
                                          " WHERE v.scenario_id = ?1 AND r.org_id = ?2"
                                          " ORDER BY r.id DESC");
    if (!st) {
        api_db_error(rs, rq->db);
        return;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, rq->who.org_id);
    json_t *list = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, describe(rq, st));
    sqlite3_finalize(st);
    respond_json(rs, 200, json_pack("{s:o}", "runs", list));
}

/* The run named by the path when the caller's organization queued it and may still see its
 * scenario: a statement positioned on its row (RUN_COLUMNS, then its results), or NULL with a
 * 404 or 500 in 'rs'. */
static sqlite3_stmt *visible_run(struct request *rq, struct response *rs)
{
    int64_t run = api_id(rq->params[0]);
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT " RUN_COLUMNS ", r.results" RUN_FROM
                                          " WHERE r.id = ?1 AND r.org_id = ?2");
    if (!st) {
        api_db_error(rs, rq->db);
        return NULL;
    }
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int64(st, 2, rq->who.org_id);
    if (sqlite3_step(st) != SQLITE_ROW ||
        !access_scenario(rq->db, &rq->who, sqlite3_column_int64(st, 1)).visible) {
        sqlite3_finalize(st);
        api_not_found(rs, "run", run);
        return NULL;
    }
    return st;
}

void api_run_get(struct request *rq, struct response *rs)
{
    sqlite3_stmt *st = visible_run(rq, rs);
    if (!st)
        return;
    json_t *o = describe(rq, st);
    /* The CSV tables' names, for their downloads. */
    sqlite3_stmt *csv = db_prepare(rq->db, "SELECT name FROM run_csv WHERE run_id = ?1"
                                           " ORDER BY name");
    json_t *names = json_array();
    if (csv) {
        sqlite3_bind_int64(csv, 1, sqlite3_column_int64(st, 0));
        while (sqlite3_step(csv) == SQLITE_ROW)
            json_array_append_new(names, json_string((const char *)sqlite3_column_text(csv, 0)));
        sqlite3_finalize(csv);
    }
    json_object_set_new(o, "csv", names);
    /* The stored results go out as they are, not parsed and written again: they are large,
     * and this is the endpoint clients poll. */
    char *head = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(o);
    const char *results = (const char *)sqlite3_column_text(st, 12);
    size_t results_len = results ? (size_t)sqlite3_column_bytes(st, 12) : 4;
    size_t head_len = head ? strlen(head) : 0;
    char *body = head ? malloc(head_len + results_len + 16) : NULL;
    if (body) {
        /* {"id":...} becomes {"id":...,"results":RESULTS} */
        memcpy(body, head, head_len - 1);
        size_t n = head_len - 1;
        memcpy(body + n, ",\"results\":", 11);
        n += 11;
        memcpy(body + n, results ? results : "null", results_len);
        n += results_len;
        body[n++] = '}';
        free(rs->body);
        rs->body = body;
        rs->len = n;
        rs->status = 200;
        rs->content_type = "application/json";
    } else {
        respond_error(rs, 500, "out of memory");
    }
    free(head);
    sqlite3_finalize(st);
}

/* The run named by the path, visible and done: a statement on its row and its results, or
 * NULL with a 404 or 409 (not done yet) in 'rs'. */
static sqlite3_stmt *finished_run(struct request *rq, struct response *rs, const char **results,
                                  size_t *len)
{
    sqlite3_stmt *st = visible_run(rq, rs);
    if (!st)
        return NULL;
    const char *status = (const char *)sqlite3_column_text(st, 5);
    if (strcmp(status, "done") != 0 || sqlite3_column_type(st, 12) == SQLITE_NULL) {
        respond_error(rs, 409, "run %lld is %s: it has no results yet",
                      (long long)sqlite3_column_int64(st, 0), status);
        sqlite3_finalize(st);
        return NULL;
    }
    *len = (size_t)sqlite3_column_bytes(st, 12);
    *results = (const char *)sqlite3_column_text(st, 12);
    return st;
}

/* A finished run's results never change, nor its report for one version of dayafter: their
 * entity tags name the run, the form and the version. */
static bool not_modified(const struct request *rq, struct response *rs, sqlite3_stmt *st,
                         const char *form)
{
    char etag[64];
    snprintf(etag, sizeof etag, "\"run-%lld-%s-%s\"", (long long)sqlite3_column_int64(st, 0),
             form, da_version());
    return api_not_modified(rq, rs, etag);
}

void api_run_json(struct request *rq, struct response *rs)
{
    const char *results;
    size_t len;
    sqlite3_stmt *st = finished_run(rq, rs, &results, &len);
    if (!st)
        return;
    if (!not_modified(rq, rs, st, "json"))
        respond_bytes(rs, 200, "application/json", results, len);
    rs->disposition = "attachment; filename=\"results.json\"";
    sqlite3_finalize(st);
}

void api_run_report(struct request *rq, struct response *rs)
{
    const char *results;
    size_t len;
    sqlite3_stmt *st = finished_run(rq, rs, &results, &len);
    if (!st)
        return;
    if (not_modified(rq, rs, st, "report")) {
        sqlite3_finalize(st);
        return;
    }
    char *html = NULL;
    size_t html_len = 0;
    FILE *out = open_memstream(&html, &html_len);
    da_diags *diags = da_diags_new();
    da_status status = out && diags ? da_report_write(results, len, "results.json", out,
                                                      diags)
                                    : DA_ERR_NOMEM;
    if (out)
        fclose(out);
    if (status == DA_OK) {
        free(rs->body);
        rs->body = html;
        rs->len = html_len;
        rs->status = 200;
        rs->content_type = "text/html; charset=utf-8";
        html = NULL;
        if (api_query(rq, "download"))
            rs->disposition = "attachment; filename=\"report.html\"";
    } else {
        respond_error(rs, 500, "cannot write the report: %s", da_status_str(status));
    }
    free(html);
    da_diags_free(diags);
    sqlite3_finalize(st);
}

void api_run_csv(struct request *rq, struct response *rs)
{
    const char *results;
    size_t len;
    sqlite3_stmt *st = finished_run(rq, rs, &results, &len);
    if (!st)
        return;
    sqlite3_stmt *csv = db_prepare(rq->db, "SELECT content FROM run_csv"
                                           " WHERE run_id = ?1 AND name = ?2");
    if (csv) {
        sqlite3_bind_int64(csv, 1, sqlite3_column_int64(st, 0));
        sqlite3_bind_text(csv, 2, rq->params[1], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(csv) == SQLITE_ROW) {
            respond_bytes(rs, 200, "text/csv; charset=utf-8",
                          (const char *)sqlite3_column_text(csv, 0),
                          (size_t)sqlite3_column_bytes(csv, 0));
            rs->disposition = "attachment";
        } else {
            respond_error(rs, 404, "run %lld has no table '%s'",
                          (long long)sqlite3_column_int64(st, 0), rq->params[1]);
        }
        sqlite3_finalize(csv);
    } else {
        api_db_error(rs, rq->db);
    }
    sqlite3_finalize(st);
}

/* Cancels the run named by the path: queued, it never starts; running, its worker stops it
 * within the engine's next check. The same people who see it (and could queue it again) may
 * cancel it: the members of the organization that queued it, while they can read its
 * scenario. A run that has ended is a 409. */
void api_run_cancel(struct request *rq, struct response *rs)
{
    sqlite3_stmt *st = visible_run(rq, rs);
    if (!st)
        return;
    int64_t run = sqlite3_column_int64(st, 0), scenario = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    int64_t owner = access_scenario(rq->db, &rq->who, scenario).owner;
    if (!api_begin(rq, rs))
        return;
    /* Read again inside the transaction: a worker may have claimed or finished it since. */
    char was[16] = "";
    st = db_prepare(rq->db, "SELECT status FROM runs WHERE id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, run);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(was, sizeof was, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    if (strcmp(was, "queued") != 0 && strcmp(was, "running") != 0) {
        db_rollback(rq->db);
        respond_error(rs, 409, "run %lld is %s: only a queued or running run can be cancelled",
                      (long long)run, was);
        return;
    }
    char error[SERVER_NAME_MAX + 32];
    snprintf(error, sizeof error, "cancelled by %s", rq->who.email);
    st = db_prepare(rq->db, "UPDATE runs SET status = 'cancelled', error = ?2, finished_at = ?3"
                            " WHERE id = ?1");
    bool ok = st != NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, error, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, server_now());
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    char detail[200];
    snprintf(detail, sizeof detail, "cancelled run %lld of scenario %lld (it was %s)",
             (long long)run, (long long)scenario, was);
    api_audit_log(rq, rq->who.org_id, "run", "%s", detail);
    if (owner && owner != rq->who.org_id)
        api_audit_log(rq, owner, "run", "%s", detail);
    if (!ok || !db_commit(rq->db)) {
        db_rollback(rq->db);
        api_db_error(rs, rq->db);
        return;
    }
    /* After the commit: the worker, once stopped, finds the run cancelled and leaves it so. */
    jobs_cancel(rq->srv->jobs, run);
    respond_json(rs, 200, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)run, "status",
                                    "cancelled", "was", was));
}
