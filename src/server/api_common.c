/* SPDX-License-Identifier: GPL-3.0-or-later */
/* api_common.c - the helpers the API's handlers share (api.h), and the server's clock. */
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/text.h"
#include "store_audit.h"
#include "store_scenarios.h"

int64_t server_now(void)
{
    return (int64_t)time(NULL);
}

int64_t api_id(const char *text)
{
    if (!text || !*text || strlen(text) > 15)
        return 0;
    int64_t v = 0;
    for (const char *c = text; *c; c++) {
        if (*c < '0' || *c > '9')
            return 0;
        v = v * 10 + (*c - '0');
    }
    return v;
}

int64_t api_path_id(struct response *rs, const char *what, const char *text)
{
    int64_t id = api_id(text);
    /* Not "no run 0": the client sent no 0, and would look for the number it sent. */
    if (!id)
        respond_error(rs, 404, "no %s '%s' (an id is a whole number from 1)", what,
                      text ? text : "");
    return id;
}

bool api_body(struct request *rq, struct response *rs, bool decoded, json_t *root)
{
    json_decref(rq->body_json);
    rq->body_json = root;
    if (!decoded)
        respond_error(rs, 400, "%s", rq->problem);
    return decoded;
}

int64_t api_day_wait(int64_t count, int64_t quota, int64_t oldest, int64_t now)
{
    if (count < quota)
        return 0;
    int64_t wait = oldest + API_DAY_S - now;
    return wait < 1 ? 1 : wait;
}

bool api_within_action_quota(const struct request *rq, struct response *rs, int64_t user)
{
    int64_t now = server_now(), quota = rq->srv->quotas.actions_per_day, frees = now;
    int64_t today = store_audit_since(rq->store, user, now - API_DAY_S, quota, &frees);
    int64_t wait = api_day_wait(today, quota, frees, now);
    if (wait == 0)
        return true;
    api_quota(rs, 429, "actions",
              "your account's logins and changes added %lld entries to the audit log in the last "
              "24 hours, the most one account may (quota: %lld a day): the next can be made in "
              "%lld s",
              (long long)today, (long long)quota, (long long)wait);
    rs->retry_after = (int)wait;
    return false;
}

void api_audit_log(const struct request *rq, int64_t org, int64_t other, const char *action,
                   const char *fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    text_vformat(detail, sizeof detail, fmt, ap); /* read back as JSON: no half character */
    va_end(ap);
    int64_t now = server_now();
    store_audit_add(rq->store, now, org, &rq->who, action, detail, rq->client);
    if (other && other != org)
        store_audit_add(rq->store, now, other, &rq->who, action, detail, rq->client);
}

void api_audit_owner(const struct request *rq, int64_t owner, int64_t scenario, const char *action,
                     const char *what)
{
    if (!owner || owner == rq->who.org_id)
        return;
    const struct principal partner = {.org_id = rq->who.org_id};
    char detail[256];
    snprintf(detail, sizeof detail, "organization %lld %s scenario %lld", (long long)rq->who.org_id,
             what, (long long)scenario);
    store_audit_add(rq->store, server_now(), owner, &partner, action, detail, "");
}

void api_not_found(struct response *rs, const char *what, int64_t id)
{
    respond_error(rs, 404, "no %s %lld", what, (long long)id);
}

void api_forbidden(struct response *rs, const char *why)
{
    respond_error(rs, 403, "%s", why);
}

void api_db_error(const struct request *rq, struct response *rs)
{
    fprintf(stderr, "dayafter serve: database: %s\n", sqlite3_errmsg(rq->db));
    respond_error(rs, 500, "the database could not complete the request");
}

void api_quota(struct response *rs, int status, const char *quota, const char *fmt, ...)
{
    /* Room for an organization's name whole (SERVER_NAME_MAX bytes), and a cut on a whole
     * character all the same: half of one would make the answer a 500. */
    char message[2 * SERVER_NAME_MAX + 256];
    va_list ap;
    va_start(ap, fmt);
    text_vformat(message, sizeof message, fmt, ap);
    va_end(ap);
    respond_json(rs, status,
                 json_pack("{s:s, s:s, s:s}", "error", message, "code", "quota", "quota", quota));
}

bool api_is_admin(const struct principal *who, bool site_ok)
{
    return (site_ok && who->site_admin) || (who->org_id && who->role == ROLE_ADMIN);
}

bool api_not_modified(const struct request *rq, struct response *rs, const char *etag,
                      const char *content_type)
{
    snprintf(rs->etag, sizeof rs->etag, "%s", etag);
    if (!rq->if_none_match || strcmp(rq->if_none_match, etag) != 0)
        return false;
    /* Not text/plain with the API's policy: Chromium put those on the report it kept, and the
     * application's second look at a run showed a frame the policy blocked. */
    respond_bytes(rs, 304, content_type, "", 0);
    return true;
}

bool api_begin(const struct request *rq, struct response *rs)
{
    if (store_begin(rq->store) == STORE_OK)
        return true;
    fprintf(stderr, "dayafter serve: cannot begin a transaction: %s\n", sqlite3_errmsg(rq->db));
    respond_error(rs, 503, "the database is busy: try again in a moment");
    rs->retry_after = 1;
    return false;
}

void api_commit(const struct request *rq, struct response *rs, int status, json_t *json)
{
    if (store_commit(rq->store)) {
        respond_json(rs, status, json);
    } else {
        json_decref(json);
        api_db_error(rq, rs);
    }
}

void api_rollback(const struct request *rq)
{
    store_rollback(rq->store);
}

bool api_visible_scenario(const struct request *rq, struct response *rs, int64_t *id,
                          struct access *a)
{
    *id = api_path_id(rs, "scenario", rq->params[0]);
    if (!*id)
        return false;
    *a = store_access(rq->store, &rq->who, *id);
    if (a->visible)
        return true;
    api_not_found(rs, "scenario", *id);
    return false;
}

json_t *api_time(int64_t when)
{
    time_t t = (time_t)when;
    struct tm tm;
    char text[32];
    gmtime_r(&t, &tm);
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(text);
}

json_t *api_text(const char *text)
{
    if (!text)
        return json_null();
    if (text_utf8_valid(text))
        return json_string(text);
    /* A row written before its text was cut on whole characters: readable, not a 500 for
     * ever (jansson refuses the string, and the whole answer with it). */
    size_t cap = 3 * strlen(text) + 1;
    char *clean = malloc(cap);
    if (!clean)
        return NULL;
    text_utf8_sanitize(clean, cap, text);
    json_t *s = json_string(clean);
    free(clean);
    return s;
}

bool api_turn_take(struct api_turns *t, int64_t holder, struct response *rs, const char *fmt, ...)
{
    pthread_mutex_lock(&t->lock);
    int taken = 0, mine = 0, free_turn = -1;
    for (int i = 0; i < API_TURNS_MAX; i++) {
        taken += t->holders[i] != 0;
        mine += t->holders[i] == holder;
        if (t->holders[i] == 0 && free_turn < 0)
            free_turn = i;
    }
    bool ok = taken < t->at_once && mine < t->per_holder && free_turn >= 0;
    if (ok)
        t->holders[free_turn] = holder;
    pthread_mutex_unlock(&t->lock);
    if (ok)
        return true;
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    rs->disposition[0] = '\0';
    rs->etag[0] = '\0';
    respond_error(rs, 503, "%s", message);
    rs->retry_after = 1;
    return false;
}

void api_turn_give(struct api_turns *t, int64_t holder)
{
    pthread_mutex_lock(&t->lock);
    for (int i = 0; i < API_TURNS_MAX; i++)
        if (t->holders[i] == holder) {
            t->holders[i] = 0;
            break;
        }
    pthread_mutex_unlock(&t->lock);
}

void api_respond_list(const struct request *rq, struct response *rs, const char *name,
                      enum store_status status, json_t *list)
{
    if (status == STORE_OK && list) {
        respond_json(rs, 200, json_pack("{s:o}", name, list));
        return;
    }
    json_decref(list);
    api_db_error(rq, rs);
}
