/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api.h - what the API's handlers share: reading ids from the path, organizations by name,
 * times as text, the audit log, and the common refusals.
 */
#ifndef DA_SERVER_API_H
#define DA_SERVER_API_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "access.h"
#include "server.h"

/* A positive whole number from a path segment or a query value, or 0. */
int64_t api_id(const char *text);
/* A query parameter of the request, or NULL. */
const char *api_query(const struct request *rq, const char *name);

/* The id of the organization named 'name', or 0. Its name, or NULL (a copy: free it). */
int64_t api_org_by_name(sqlite3 *db, const char *name);
char *api_org_name(sqlite3 *db, int64_t org);

/* 'when' (seconds since the epoch) as "YYYY-MM-DDTHH:MM:SSZ". */
json_t *api_time(int64_t when);
/* A text column of 'st' as JSON (null for SQL NULL). */
json_t *api_text_column(sqlite3_stmt *st, int column);
/* 'text' as a JSON string (null for NULL), its bytes that are not UTF-8 as U+FFFD. */
json_t *api_json_text(const char *text);

/* Adds an entry to the audit log of organization 'org' (0: the site's): what 'who' did. */
void api_audit_log(const struct request *rq, int64_t org, const char *action, const char *fmt,
                   ...) __attribute__((format(printf, 4, 5)));

/* Begins the request's write transaction; false, with a 503 in 'rs', when the database stays
 * busy (another writer for the whole busy timeout) or fails. */
bool api_begin(const struct request *rq, struct response *rs);

/* The scenario named by the path's first part: its id and the caller's access, or false with
 * a 404 in 'rs' when the caller may not see it. */
bool api_visible_scenario(const struct request *rq, struct response *rs, int64_t *id,
                          struct access *a);

/* Refusals: 404 (the scenario is unknown or not visible: the two are not told apart), 403,
 * and 500 for a database failure. */
void api_not_found(struct response *rs, const char *what, int64_t id);
void api_forbidden(struct response *rs, const char *why);
void api_db_error(struct response *rs, sqlite3 *db);
/* A quota refused the request: 'status' (429, or 413 for stored bytes) with {"error":
 * message, "code": "quota", "quota": 'quota'}, the quota's name for scripts. */
void api_quota(struct response *rs, int status, const char *quota, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Gives the response the entity tag 'etag' (a body that never changes for it); true, with a
 * 304 in 'rs', when the client already has it (If-None-Match). */
bool api_not_modified(const struct request *rq, struct response *rs, const char *etag);

/* Whether the caller is an organization admin (or the site administrator, when 'site_ok'). */
bool api_is_admin(const struct principal *who, bool site_ok);

#endif
