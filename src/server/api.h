/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api.h - what the API's handlers share: reading ids from the path, the request's body, the
 * audit log, the request's transaction, the scenario the path names, entity tags, and the
 * common refusals.
 */
#ifndef DA_SERVER_API_H
#define DA_SERVER_API_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "access.h"
#include "bodies.h"
#include "server.h"
#include "store.h"

/* A positive whole number from a path segment or a query value, or 0. */
int64_t api_id(const char *text);
/* The id that the path's part 'text' gives for a 'what' (a scenario, a run): its number; or 0,
 * with a 404 in 'rs' that names the text when it is not an id ("no run 'abc'"). */
int64_t api_path_id(struct response *rs, const char *what, const char *text);

/* Decodes the request's body with 'decoder' (one of bodies.h's) into 'out', which the request
 * then owns (freed at its end, whatever the handler returns); false with a 400 in 'rs' when
 * the body is refused. */
#define API_BODY(rq, rs, decoder, out)                                                             \
    (decoder((rq)->body, (rq)->body_len, (out), (rq)->problem, sizeof(rq)->problem)                \
         ? api_body((rq), (rs), true, (out)->root)                                                 \
         : api_body((rq), (rs), false, NULL))
bool api_body(struct request *rq, struct response *rs, bool decoded, json_t *root);

/* A quota of so many a day counts the last 24 hours, which slide: a place frees when the oldest
 * of the entries counted leaves them. The seconds until then for a window of 'count' entries
 * whose place frees once 'oldest' is 24 hours old, at least 1; 0 while 'count' is under
 * 'quota'. */
enum { API_DAY_S = 24 * 60 * 60 };
int64_t api_day_wait(int64_t count, int64_t quota, int64_t oldest, int64_t now);

/* Whether user 'user' may add another entry to the audit log now (SERVER_ACTIONS_PER_DAY in
 * 24 hours, quotas.actions_per_day); otherwise a 429 that names the quota, with when to try
 * again. A few reads of the log's hourly counts (migration 4), whatever the count. */
bool api_within_action_quota(const struct request *rq, struct response *rs, int64_t user);

/* Adds to the log of 'owner', when it is not the caller's organization, that the caller's
 * organization did 'what' with its scenario 'scenario' ("organization 2 queued a run of
 * scenario 1"), with no user, no client and nothing of the partner's own (its run, its fork):
 * the partner's own work on a shared scenario, which the partner's log records whole. */
void api_audit_owner(const struct request *rq, int64_t owner, int64_t scenario, const char *action,
                     const char *what);

/* Adds an entry to the audit log of organization 'org' (0: the site's): what the caller did;
 * and the same to the log of 'other' when it is another organization (0: none), whose
 * scenario it concerns or who it concerns. */
void api_audit_log(const struct request *rq, int64_t org, int64_t other, const char *action,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Begins the request's write transaction; false, with a 503 in 'rs', when the database stays
 * busy (another writer for the whole busy timeout) or fails. */
bool api_begin(const struct request *rq, struct response *rs);
/* Commits it and answers 'status' with 'json' (stolen); a 500 when the commit fails. */
void api_commit(const struct request *rq, struct response *rs, int status, json_t *json);
/* Rolls it back: nothing of the request is kept. */
void api_rollback(const struct request *rq);

/* The scenario named by the path's first part: its id and the caller's access, or false with
 * a 404 in 'rs' when the caller may not see it. */
bool api_visible_scenario(const struct request *rq, struct response *rs, int64_t *id,
                          struct access *a);

/* Refusals: 404 (the scenario is unknown or not visible: the two are not told apart), 403,
 * and 500 for a database failure. */
void api_not_found(struct response *rs, const char *what, int64_t id);
void api_forbidden(struct response *rs, const char *why);
void api_db_error(const struct request *rq, struct response *rs);
/* A quota refused the request: 'status' (429, or 413 for stored bytes) with {"error":
 * message, "code": "quota", "quota": 'quota'}, the quota's name for scripts. */
void api_quota(struct response *rs, int status, const char *quota, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Gives the response the entity tag 'etag' (a body that never changes for it); true, with a
 * 304 in 'rs', when the client already has it (If-None-Match). The 304 says the 200's
 * 'content_type', so that it carries the 200's headers (its Content-Security-Policy follows
 * from the type): a browser puts a 304's headers on the copy it keeps. */
bool api_not_modified(const struct request *rq, struct response *rs, const char *etag,
                      const char *content_type);

/* Values as the API writes them: 'when' (seconds since the epoch) as "YYYY-MM-DDTHH:MM:SSZ";
 * 'text' as a JSON string (null for NULL), its bytes that are not UTF-8 as U+FFFD. */
json_t *api_time(int64_t when);
json_t *api_text(const char *text);
/* Answers 200 with {name: list} when the store read the whole list ('status'), or a 500;
 * 'list' is stolen. */
void api_respond_list(const struct request *rq, struct response *rs, const char *name,
                      enum store_status status, json_t *list);

/* Whether the caller is an organization admin (or the site administrator, when 'site_ok'). */
bool api_is_admin(const struct principal *who, bool site_ok);

/* Work of seconds that a request thread does while it answers none of its other connections (a
 * report written, a diff computed), taken in turns: at most 'at_once' at a time, and at most
 * 'per_holder' of one holder (a user). A turn past them is refused at once, never waited for:
 * a thread that waits for a turn answers its connections no more than one that works, and
 * four diffs waiting for theirs held every request thread, and nobody was answered. */
enum { API_TURNS_MAX = 256 /* --http-threads' largest: a thread takes one turn at a time */ };
struct api_turns {
    pthread_mutex_t lock;
    int at_once, per_holder;        /* at most API_TURNS_MAX */
    int64_t holders[API_TURNS_MAX]; /* the holder of each turn taken, or 0 */
};

/* Takes a turn of 't' for 'holder' (not 0); false when none is free for it, with a 503 in 'rs'
 * that says why (the message of 'fmt'), Retry-After: 1, and nothing of the answer it replaces
 * (its entity tag would let a browser keep the 503). */
bool api_turn_take(struct api_turns *t, int64_t holder, struct response *rs, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Gives back a turn that 'holder' took. */
void api_turn_give(struct api_turns *t, int64_t holder);

#endif
