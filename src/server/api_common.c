/* SPDX-License-Identifier: GPL-3.0-or-later */
/* api_common.c - the helpers the API's handlers share (api.h), and the server's clock. */
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "../util/text.h"
#include "db.h"

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

const char *api_query(const struct request *rq, const char *name)
{
    return rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name) : NULL;
}

int64_t api_org_by_name(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id FROM organizations WHERE name = ?1");
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return id;
}

char *api_org_name(sqlite3 *db, int64_t org)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT name FROM organizations WHERE id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, org);
    char *name = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        name = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return name;
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

json_t *api_text_column(sqlite3_stmt *st, int column)
{
    if (sqlite3_column_type(st, column) == SQLITE_NULL)
        return json_null();
    return api_json_text((const char *)sqlite3_column_text(st, column));
}

json_t *api_json_text(const char *text)
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

void api_audit_log(const struct request *rq, int64_t org, const char *action, const char *fmt,
                   ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    int full = vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    /* The entry is read back as JSON: never half a character. */
    if (full >= (int)sizeof detail)
        detail[text_utf8_cut(detail, sizeof detail - 1)] = '\0';
    sqlite3_stmt *st = db_prepare(rq->db, "INSERT INTO audit (at, org_id, user_id, email, action,"
                                          " detail, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, server_now());
    if (org)
        sqlite3_bind_int64(st, 2, org);
    if (rq->who.user_id) {
        sqlite3_bind_int64(st, 3, rq->who.user_id);
        sqlite3_bind_text(st, 4, rq->who.email, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_text(st, 5, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, rq->client, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

void api_not_found(struct response *rs, const char *what, int64_t id)
{
    respond_error(rs, 404, "no %s %lld", what, (long long)id);
}

void api_forbidden(struct response *rs, const char *why)
{
    respond_error(rs, 403, "%s", why);
}

void api_db_error(struct response *rs, sqlite3 *db)
{
    fprintf(stderr, "dayafter serve: database: %s\n", sqlite3_errmsg(db));
    respond_error(rs, 500, "the database could not complete the request");
}

void api_quota(struct response *rs, int status, const char *quota, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    respond_json(rs, status, json_pack("{s:s, s:s, s:s}", "error", message, "code", "quota",
                                       "quota", quota));
}

bool api_is_admin(const struct principal *who, bool site_ok)
{
    return (site_ok && who->site_admin) || (who->org_id && who->role == ROLE_ADMIN);
}

bool api_not_modified(const struct request *rq, struct response *rs, const char *etag)
{
    snprintf(rs->etag, sizeof rs->etag, "%s", etag);
    const char *have =
        rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "If-None-Match") : NULL;
    if (!have || strcmp(have, etag) != 0)
        return false;
    respond_bytes(rs, 304, "text/plain", "", 0);
    return true;
}

bool api_begin(const struct request *rq, struct response *rs)
{
    if (db_begin(rq->db))
        return true;
    fprintf(stderr, "dayafter serve: cannot begin a transaction: %s\n", sqlite3_errmsg(rq->db));
    respond_error(rs, 503, "the database is busy: try again in a moment");
    rs->retry_after = 1;
    return false;
}

bool api_visible_scenario(const struct request *rq, struct response *rs, int64_t *id,
                          struct access *a)
{
    *id = api_id(rq->params[0]);
    *a = access_scenario(rq->db, &rq->who, *id);
    if (a->visible)
        return true;
    api_not_found(rs, "scenario", *id);
    return false;
}
