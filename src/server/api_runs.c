/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api_runs.c - queueing runs of a revision, following and cancelling them, and their results:
 * the JSON of the run-output schema, the CSV tables, and the HTML report. Whoever may read a
 * scenario may run it, and whoever may queue a run of their organization may cancel it; an
 * organization has at most SERVER_RUNS_PER_ORG runs queued or running at once, and queues at
 * most the server's --runs-per-day in 24 hours.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../output/json_out.h"
#include "api.h"
#include "dayafter.h"
#include "jobs.h"
#include "report_cache.h"
#include "store_audit.h"
#include "store_runs.h"
#include "store_scenarios.h"

/* A run queued or cancelled in the caller's log, whole; and, when the scenario is another
 * organization's ('owner', shared with the caller's), in the owner's log without who, from
 * where, or which run: a partner's runs of a shared scenario are the partner's own business
 * (docs/api.md), and the owner learns only that its scenario was run. */
static void audit_run(const struct request *rq, int64_t owner, int64_t scenario, const char *what,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void audit_run(const struct request *rq, int64_t owner, int64_t scenario, const char *what,
                      const char *fmt, ...)
{
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    api_audit_log(rq, rq->who.org_id, 0, "run", "%s", detail);
    char partner_did[64];
    snprintf(partner_did, sizeof partner_did, "%s a run of", what);
    api_audit_owner(rq, owner, scenario, "run", partner_did);
}

/* Whether the caller's organization may queue another run now; otherwise a 429 that names
 * the quota, with when to try again. Inside the request's transaction, so that two requests
 * cannot both take the last place. */
static bool within_run_quotas(struct request *rq, struct response *rs)
{
    int64_t org = rq->who.org_id, now = server_now();
    int64_t active = store_runs_active(rq->store, org);
    if (active >= SERVER_RUNS_PER_ORG) {
        api_quota(rs, 429, "runs_queued",
                  "your organization has %lld runs queued or running, the most it may have at "
                  "once (quota: %d): wait for one to finish, or cancel one",
                  (long long)active, SERVER_RUNS_PER_ORG);
        rs->retry_after = 10;
        return false;
    }
    int64_t oldest = now;
    int64_t today = store_runs_since(rq->store, org, now - API_DAY_S, &oldest);
    int64_t quota = rq->srv->quotas.runs_per_day;
    int64_t wait = api_day_wait(today, quota, oldest, now);
    if (wait == 0)
        return true;
    api_quota(rs, 429, "runs_per_day",
              "your organization queued %lld runs in the last 24 hours, the most it may (quota: "
              "%lld a day, --runs-per-day): the next can be queued in %lld s",
              (long long)today, (long long)quota, (long long)wait);
    rs->retry_after = (int)wait;
    return false;
}

/* The replications and seed of a run of 'yaml': the request's, or the scenario's own; false
 * when the text does not load. */
static bool run_settings(const char *yaml, const struct body_run *b, uint64_t *replications,
                         uint64_t *seed)
{
    da_scenario *scn = store_load(yaml);
    if (!scn)
        return false;
    *replications = b->replications ? (uint64_t)b->replications : da_scenario_replications(scn);
    *seed = b->has_seed ? (uint64_t)b->seed : da_scenario_seed(scn);
    da_scenario_free(scn);
    return true;
}

void api_runs_create(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    struct body_run b;
    if (!api_visible_scenario(rq, rs, &id, &a) || !API_BODY(rq, rs, body_run, &b))
        return;
    int64_t number = b.revision ? b.revision : store_latest(rq->store, id);
    char *yaml = NULL;
    int64_t revision = store_revision(rq->store, id, number, &yaml);
    request_own(rq, yaml);
    uint64_t replications, seed;
    if (!revision) {
        api_not_found(rs, "revision", number);
    } else if (!run_settings(yaml, &b, &replications, &seed)) {
        respond_error(rs, 422, "revision %lld does not load: run `dayafter validate` on it",
                      (long long)number);
    } else if (!api_begin(rq, rs)) {
        return;
    } else if (replications > SERVER_REPLICATIONS_MAX) {
        api_rollback(rq);
        /* The code, the limit and the number asked for let the browser application say it
         * in the form's words (a number under Replications), not the API's. A scenario asks
         * for at most 10^8 (dayafter run's own limit): "asked" fits. */
        char message[160];
        snprintf(message, sizeof message,
                 "the scenario asks for %llu replications; the server runs at most %u: give "
                 "\"replications\"",
                 (unsigned long long)replications, SERVER_REPLICATIONS_MAX);
        respond_json(rs, 422,
                     json_pack("{s:s, s:s, s:I, s:I}", "error", message, "code", "replications",
                               "limit", (json_int_t)SERVER_REPLICATIONS_MAX, "asked",
                               (json_int_t)replications));
    } else if (!within_run_quotas(rq, rs)) {
        api_rollback(rq);
    } else {
        int64_t run;
        enum store_status status =
            store_run_add(rq->store, revision, rq->who.org_id, rq->who.user_id, replications, seed,
                          server_now(), &run);
        audit_run(rq, a.owner, id, "queued", "queued run %lld of scenario %lld revision %lld",
                  (long long)run, (long long)id, (long long)number);
        if (status != STORE_OK) {
            api_db_error(rq, rs);
            return;
        }
        api_commit(rq, rs, 202, json_pack("{s:I, s:s}", "id", (json_int_t)run, "status", "queued"));
        if (rs->status == 202)
            jobs_wake(rq->srv->jobs);
    }
}

static json_t *describe(const struct store_run *run, void *ctx)
{
    struct request *rq = ctx;
    double progress = run->progress;
    if (strcmp(run->status, "running") == 0) {
        double live = jobs_progress(rq->srv->jobs, run->id);
        if (live >= 0)
            progress = live;
    }
    json_t *o = json_pack(
        "{s:I, s:I, s:I, s:I, s:s, s:f, s:o, s:o, s:s}", "id", (json_int_t)run->id, "scenario",
        (json_int_t)run->scenario, "revision", (json_int_t)run->revision, "replications",
        (json_int_t)run->replications, "status", run->status, "progress", progress, "error",
        api_text(run->error), "created", api_time(run->created), "requested_by", run->requested_by);
    /* As the results write it: a seed above 2^63 - 1 (a scenario's own; it is stored as its
     * bits) rounded, and exactly in seed_decimal. Written as a signed integer it was -1. */
    bool nomem = false;
    json_out_seed(&nomem, o, (uint64_t)run->seed);
    json_object_set_new(o, "started", run->has_started ? api_time(run->started) : json_null());
    json_object_set_new(o, "finished", run->has_finished ? api_time(run->finished) : json_null());
    return o;
}

/* The runs of a scenario, described for request 'rq'. */
struct run_rows {
    struct request *rq;
    json_t *list;
};

static void run_row(const struct store_run *run, void *ctx)
{
    struct run_rows *rows = ctx;
    json_array_append_new(rows->list, describe(run, rows->rq));
}

static void csv_name_row(const char *name, void *names)
{
    json_array_append_new(names, json_string(name));
}

void api_runs_list(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    struct run_rows rows = {rq, json_array()};
    enum store_status status = store_runs_list(rq->store, id, rq->who.org_id, run_row, &rows);
    api_respond_list(rq, rs, "runs", status, rows.list);
}

/* The run named by the path when the caller's organization queued it and may still see its
 * scenario, with its results (owned by the request); false with a 404 or 500 in 'rs'. */
static bool visible_run(struct request *rq, struct response *rs, struct store_run *run)
{
    memset(run, 0, sizeof *run);
    int64_t id = api_path_id(rs, "run", rq->params[0]);
    if (!id)
        return false;
    enum store_status status = store_run_get(rq->store, id, rq->who.org_id, run);
    request_own(rq, run->error);
    request_own(rq, run->requested_by);
    request_own(rq, run->results);
    if (status == STORE_FAILED)
        api_db_error(rq, rs);
    else if (status != STORE_OK || !store_access(rq->store, &rq->who, run->scenario).visible)
        api_not_found(rs, "run", id);
    return status == STORE_OK && !rs->body;
}

void api_run_get(struct request *rq, struct response *rs)
{
    struct store_run run;
    if (!visible_run(rq, rs, &run))
        return;
    json_t *o = describe(&run, rq);
    /* The CSV tables' names, for their downloads. */
    json_t *names = json_array();
    store_run_csv_names(rq->store, run.id, csv_name_row, names);
    json_object_set_new(o, "csv", names);
    /* The stored results go out as they are, not parsed and written again: they are large,
     * and this is the endpoint clients poll. */
    char *head = request_own(rq, json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII));
    json_decref(o);
    const char *results = run.results ? run.results : "null";
    size_t results_len = run.results ? run.results_len : 4;
    size_t head_len = head ? strlen(head) : 0;
    char *body = head ? malloc(head_len + results_len + 16) : NULL;
    if (!body) {
        respond_error(rs, 500, "out of memory");
        return;
    }
    /* {"id":...} becomes {"id":...,"results":RESULTS} */
    memcpy(body, head, head_len - 1);
    size_t n = head_len - 1;
    memcpy(body + n, ",\"results\":", 11);
    n += 11;
    memcpy(body + n, results, results_len);
    n += results_len;
    body[n++] = '}';
    free(rs->body);
    rs->body = body;
    rs->len = n;
    rs->status = 200;
    rs->content_type = "application/json";
}

/* The run named by the path, visible and done: false with a 404 or 409 (not done yet) in
 * 'rs'. */
static bool finished_run(struct request *rq, struct response *rs, struct store_run *run)
{
    if (!visible_run(rq, rs, run))
        return false;
    if (strcmp(run->status, "done") == 0 && run->results)
        return true;
    /* "No results yet" promises results that a cancelled or failed run never gets. */
    if (strcmp(run->status, "cancelled") == 0 || strcmp(run->status, "failed") == 0)
        respond_error(rs, 409, "run %lld %s: it has no results (queue it again for some)",
                      (long long)run->id,
                      strcmp(run->status, "cancelled") == 0 ? "was cancelled" : "failed");
    else
        respond_error(rs, 409, "run %lld is %s: it has no results yet", (long long)run->id,
                      run->status);
    return false;
}

/* A finished run's results never change, nor its report for one version of dayafter: their
 * entity tags name the run, the form and the version. A 304 says 'content_type', the 200's. */
static bool not_modified(const struct request *rq, struct response *rs, int64_t run,
                         const char *form, const char *content_type)
{
    char etag[64];
    snprintf(etag, sizeof etag, "\"run-%lld-%s-%s\"", (long long)run, form, da_version());
    return api_not_modified(rq, rs, etag, content_type);
}

/* Names the answer's download "run-7-NAME", the name the page's links give it
 * (web/app/views/run.js), so that `curl -OJ` saves what a browser does. 'name' is one of the
 * run's own ("results.json", a table the store holds), never quoted text. */
static void attachment(struct response *rs, int64_t run, const char *name)
{
    snprintf(rs->disposition, sizeof rs->disposition, "attachment; filename=\"run-%lld-%s\"",
             (long long)run, name);
}

void api_run_json(struct request *rq, struct response *rs)
{
    struct store_run run;
    if (!finished_run(rq, rs, &run))
        return;
    if (!not_modified(rq, rs, run.id, "json", "application/json"))
        respond_bytes(rs, 200, "application/json", run.results, run.results_len);
    attachment(rs, run.id, "results.json");
}

/* Reports being written for one user at once. A report not in the cache (report_cache.h) is
 * written, a second of a core and 50 MB for a century-long run, and a request thread writing one
 * answers none of its other connections meanwhile: one reader asking for large reports on eight
 * connections kept another organization's GET /api/me waiting 11 s. A user's report past these
 * is refused at once, not waited for (api_turns), so that the thread goes back to its
 * connections. Two, because the comparison page shows two runs' reports side by side. The whole
 * server writes at most one per request thread (a thread takes one request at a time). */
enum { REPORTS_PER_USER = 2 };
static struct api_turns report_turns = {
    .lock = PTHREAD_MUTEX_INITIALIZER, .at_once = API_TURNS_MAX, .per_holder = REPORTS_PER_USER};

void api_run_report(struct request *rq, struct response *rs)
{
    struct store_run run;
    if (!finished_run(rq, rs, &run))
        return;
    static const char html_type[] = "text/html; charset=utf-8";
    /* The 304 has the 200's headers, Content-Disposition included. */
    if (request_query(rq, "download"))
        attachment(rs, run.id, "report.html");
    if (not_modified(rq, rs, run.id, "report", html_type))
        return;
    char *html = NULL;
    size_t html_len = 0;
    if (report_cache_get(run.id, &html, &html_len)) {
        free(rs->body);
        rs->body = html;
        rs->len = html_len;
        rs->status = 200;
        rs->content_type = html_type;
        return;
    }
    int64_t writer = rq->who.user_id ? rq->who.user_id : -1; /* the site's administrator: -1 */
    if (!api_turn_take(&report_turns, writer, rs,
                       "you have as many reports being written as you may at once (%d): try "
                       "again in a moment",
                       REPORTS_PER_USER))
        return;
    FILE *out = open_memstream(&html, &html_len);
    da_diags *diags = da_diags_new();
    da_status status =
        out && diags ? da_report_write(run.results, run.results_len, "results.json", out, diags)
                     : DA_ERR_NOMEM;
    if (out)
        fclose(out);
    da_diags_free(diags);
    api_turn_give(&report_turns, writer);
    if (status != DA_OK) {
        free(html);
        rs->disposition[0] = '\0';
        respond_error(rs, 500, "cannot write the report: %s", da_status_str(status));
        return;
    }
    report_cache_put(run.id, html, html_len);
    free(rs->body);
    rs->body = html;
    rs->len = html_len;
    rs->status = 200;
    rs->content_type = html_type;
}

void api_run_csv(struct request *rq, struct response *rs)
{
    struct store_run run;
    if (!finished_run(rq, rs, &run))
        return;
    char *content;
    size_t len;
    enum store_status status = store_run_csv(rq->store, run.id, rq->params[1], &content, &len);
    request_own(rq, content);
    if (status == STORE_OK) {
        respond_bytes(rs, 200, "text/csv; charset=utf-8", content, len);
        attachment(rs, run.id, rq->params[1]);
    } else if (status == STORE_NOT_FOUND) {
        respond_error(rs, 404, "run %lld has no table '%s'", (long long)run.id, rq->params[1]);
    } else {
        api_db_error(rq, rs);
    }
}

/* Cancels the run named by the path: queued, it never starts; running, its worker stops it
 * within the engine's next check. The same people who see it (and could queue it again) may
 * cancel it: the members of the organization that queued it, while they can read its
 * scenario. A run that has ended is a 409. */
void api_run_cancel(struct request *rq, struct response *rs)
{
    struct store_run run;
    if (!visible_run(rq, rs, &run))
        return;
    int64_t owner = store_access(rq->store, &rq->who, run.scenario).owner;
    if (!api_begin(rq, rs))
        return;
    /* Read again inside the transaction: a worker may have claimed or finished it since. */
    char was[16];
    store_run_status(rq->store, run.id, was);
    if (strcmp(was, "queued") != 0 && strcmp(was, "running") != 0) {
        api_rollback(rq);
        respond_error(rs, 409, "run %lld is %s: only a queued or running run can be cancelled",
                      (long long)run.id, was);
        return;
    }
    char why[SERVER_NAME_MAX + 32];
    snprintf(why, sizeof why, "cancelled by %s", rq->who.email);
    enum store_status status = store_run_cancel(rq->store, run.id, why, server_now());
    audit_run(rq, owner, run.scenario, "cancelled",
              "cancelled run %lld of scenario %lld (it was %s)", (long long)run.id,
              (long long)run.scenario, was);
    if (status != STORE_OK) {
        api_rollback(rq);
        api_db_error(rq, rs);
        return;
    }
    api_commit(
        rq, rs, 200,
        json_pack("{s:I, s:s, s:s}", "id", (json_int_t)run.id, "status", "cancelled", "was", was));
    /* After the commit: the worker, once stopped, finds the run cancelled and leaves it so. */
    if (rs->status == 200)
        jobs_cancel(rq->srv->jobs, run.id);
}
