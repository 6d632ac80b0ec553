/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server.h - what the web application's files share: the server's settings and state, the
 * request being answered, the response being built, and who is asking.
 */
#ifndef DA_SERVER_SERVER_H
#define DA_SERVER_SERVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "db.h"

/* Limits a client cannot raise. */
enum {
    SERVER_BODY_MAX = 1024 * 1024, /* request body with a scenario's text, bytes */
    SERVER_FORM_MAX = 16 * 1024,   /* ... with anything else (names, passwords, settings) */
    SERVER_YAML_MAX = 512 * 1024,  /* a scenario's text, bytes */
    SERVER_RUNS_PER_ORG = 8,       /* queued or running runs of one organization */
    SERVER_TOKENS_PER_USER = 20,   /* live API tokens of one user */
    /* Entries one user may add to the audit log in 24 hours (logins, changes): what bounds the
     * log, which keeps every entry, where logging in and out or sharing and revoking again
     * and again would grow it without end. */
    SERVER_ACTIONS_PER_DAY = 100000,
    SERVER_LOGIN_FAILURES = 5,       /* failed logins per email or address ... */
    SERVER_LOGIN_WINDOW_S = 15 * 60, /* ... within this many seconds */
    SERVER_SESSION_S = 12 * 60 * 60, /* a session's life */
    /* Names and messages are limited in characters, as a form counts them, so that a name in
     * Arabic may be as long as one in English; their bytes (UTF-8, at most 4 a character) size
     * the buffers. An email is limited in bytes: an address is ASCII in practice. */
    SERVER_NAME_CHARS = 200,                 /* a scenario's, an organization's, a token's */
    SERVER_NAME_MAX = 4 * SERVER_NAME_CHARS, /* ... its bytes at most */
    SERVER_MESSAGE_CHARS = 2000,             /* a revision's message */
    SERVER_MESSAGE_MAX = 4 * SERVER_MESSAGE_CHARS,
    SERVER_EMAIL_MAX = 200, /* bytes */
    /* Connections: a client that holds one without finishing its request is cut off, no
     * address but a trusted proxy's holds more than a tenth of them, and their bodies together
     * hold a bounded memory. */
    SERVER_CONNECTIONS = 1000,            /* open connections, every client together */
    SERVER_CONNECTIONS_PER_ADDRESS = 100, /* ... from one address (an IPv6 /64) */
    SERVER_BODIES_MAX = 64 * 1024 * 1024, /* bytes of request bodies held, every connection
                                             together: a body past it is a 503 */
    SERVER_HEADER_S = 10,                 /* a request's line and headers must be in within this,
                                             from the connection's start or the last answer */
    SERVER_REQUEST_S = 30,                /* ... and the whole request, its body included */
    SERVER_IDLE_S = 30,                   /* silence while an answer is being sent */
    /* Of SERVER_BODIES_MAX, bodies over a form's (SERVER_FORM_MAX) hold at most this: the rest,
     * 16 MiB, is a form's body on each of SERVER_CONNECTIONS connections, so that a login or any
     * other small body always fits. One logged-in client held the whole budget with 64 slow
     * bodies of 1 MiB, and every POST of everyone, logins included, was a 503. */
    SERVER_BODIES_LARGE_MAX = 48 * 1024 * 1024,
    /* ... and those of one address (an IPv6 /64) at most a quarter of that: it takes four
     * addresses to hold them all, as it takes four to hold SERVER_ANSWERS_MAX. Twelve scenarios
     * of 1 MiB sent at the same moment from one office is more than its people do. */
    SERVER_BODIES_PER_ADDRESS = 12 * 1024 * 1024,
    /* Answers are held whole until the client has read them, and a client may read slowly:
     * the bytes of answers being sent are bounded too (an answer of at most SERVER_ANSWER_FREE
     * is not counted, so that errors always go out). An address holding none may take one
     * answer of any size within SERVER_ANSWERS_MAX: a run's results may be tens of MB. */
    SERVER_ANSWERS_MAX = 512 * 1024 * 1024,         /* every connection together */
    SERVER_ANSWERS_PER_ADDRESS = 128 * 1024 * 1024, /* ... of one address (an IPv6 /64) */
    SERVER_ANSWER_FREE = 64 * 1024,
    /* A query: the API's take one or two parameters; the parser's memory holds a few hundred. */
    SERVER_QUERY_PARAMS = 32, /* parameters of a request's query */
    SERVER_QUERY_MAX = 2048,  /* ... and its bytes */
};
#define SERVER_REPLICATIONS_MAX 1000000u
/* A session, CSRF or API token as text: 32 random bytes in URL-safe base64 without padding. */
#define SERVER_TOKEN_LEN 43

struct jobs;

/* The quotas the operator sets (dayafter serve's options; their defaults in serve.h). */
struct server_quotas {
    int64_t runs_per_day;    /* runs one organization may queue in 24 hours */
    int64_t stored_bytes;    /* scenario text (every revision) one organization may store */
    int64_t actions_per_day; /* audited actions one user may take in 24 hours */
};

struct server {
    struct db_pool *pool;
    struct jobs *jobs;
    struct server_quotas quotas;
};

/* Roles within an organization, in increasing power. */
enum role { ROLE_NONE = 0, ROLE_VIEWER = 1, ROLE_EDITOR = 2, ROLE_ADMIN = 3 };

/* The caller of a request, from its session cookie or bearer token. */
struct principal {
    int64_t user_id; /* 0: anonymous */
    int64_t org_id;  /* 0: none (the site administrator) */
    enum role role;
    bool site_admin;
    bool by_cookie;     /* state-changing requests then need the CSRF token */
    bool must_change;   /* logged in with a first password: only choosing one is allowed */
    int64_t session_id; /* the cookie's session, or 0 */
    int64_t token_id;   /* the bearer token, or 0 */
    char email[SERVER_EMAIL_MAX + 1];
};

/* A query parameter, as the client sent it (ids and flags: not decoded). */
struct query_param {
    const char *name, *value;
};

/* The request being answered, as plain data: http.c fills it from libmicrohttpd's, and a test
 * can fill it by hand. What it points to lives as long as the request. */
struct request {
    struct server *srv;
    struct store *store; /* the database connection's statements (store.h) */
    sqlite3 *db;         /* that connection */
    const char *method;
    const char *path;
    const char *body;
    size_t body_len;
    const char *params[3]; /* the route's {parts}, in order */
    const struct query_param *query;
    size_t query_count;
    /* The headers the API reads (NULL: not sent). */
    const char *cookie; /* the session cookie's value */
    const char *authorization;
    const char *csrf_header; /* X-CSRF-Token */
    const char *if_none_match;
    const char *forwarded_proto; /* X-Forwarded-Proto, from a TLS proxy in front */
    struct principal who;
    char csrf[SERVER_TOKEN_LEN + 1]; /* the cookie session's CSRF token; empty otherwise */
    char client[64];                 /* the client's address, for rate limits and the audit log */
    /* What the request owns, released once at its end (request_end): its parsed body, and
     * what its handler allocated. */
    json_t *body_json;
    void **owned;
    size_t owned_count, owned_cap;
    char problem[256]; /* the body decoder's message for a 400 */
};

/* Makes 'p' (malloc'd, or NULL) the request's, freed at its end; returns it. NULL (and 'p'
 * freed) when it cannot be kept (out of memory). */
void *request_own(struct request *rq, void *p);
/* Releases what the request owns. */
void request_end(struct request *rq);
/* A query parameter of the request, or NULL. */
const char *request_query(const struct request *rq, const char *name);

/* The response being built: a status, a body (owned) and at most one cookie. */
struct response {
    int status;
    char *body;
    size_t len;
    const char *content_type;
    char *cookie;          /* a Set-Cookie value, owned */
    char disposition[160]; /* a Content-Disposition value; empty: none */
    int retry_after;       /* seconds, for 429; 0: none */
    const char *csp;       /* a Content-Security-Policy, static; NULL: none */
    char etag[64];         /* an entity tag: the body never changes for it; empty: none */
    bool close;            /* Connection: close: the connection ends with this answer */
};

/* Sets 'rs' to 'json' (stolen) with 'status'. */
void respond_json(struct response *rs, int status, json_t *json);
/* {"error": message} with 'status'. */
void respond_error(struct response *rs, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A body of 'len' bytes (copied) of 'type'. */
void respond_bytes(struct response *rs, int status, const char *type, const char *bytes,
                   size_t len);

/* The handlers, one file a resource (routes.c names the one for each method and path). */
typedef void (*handler_fn)(struct request *rq, struct response *rs);

void api_login(struct request *rq, struct response *rs);
void api_logout(struct request *rq, struct response *rs);
void api_me(struct request *rq, struct response *rs);
void api_password(struct request *rq, struct response *rs);
void api_tokens_create(struct request *rq, struct response *rs);
void api_tokens_list(struct request *rq, struct response *rs);
void api_token_delete(struct request *rq, struct response *rs);
void api_organizations_list(struct request *rq, struct response *rs);
void api_organizations_create(struct request *rq, struct response *rs);
void api_users_list(struct request *rq, struct response *rs);
void api_users_create(struct request *rq, struct response *rs);
void api_user_update(struct request *rq, struct response *rs);
void api_user_remove(struct request *rq, struct response *rs);
void api_audit(struct request *rq, struct response *rs);

void api_scenarios_list(struct request *rq, struct response *rs);
void api_scenarios_create(struct request *rq, struct response *rs);
void api_scenario_get(struct request *rq, struct response *rs);
void api_scenario_save(struct request *rq, struct response *rs);
void api_scenario_revision(struct request *rq, struct response *rs);
void api_scenario_diff(struct request *rq, struct response *rs);
void api_scenario_fork(struct request *rq, struct response *rs);
void api_shares_create(struct request *rq, struct response *rs);
void api_shares_delete(struct request *rq, struct response *rs);
void api_validate(struct request *rq, struct response *rs);
void api_examples_list(struct request *rq, struct response *rs);
void api_example_get(struct request *rq, struct response *rs);

void api_runs_create(struct request *rq, struct response *rs);
void api_runs_list(struct request *rq, struct response *rs);
void api_run_get(struct request *rq, struct response *rs);
void api_run_json(struct request *rq, struct response *rs);
void api_run_report(struct request *rq, struct response *rs);
void api_run_csv(struct request *rq, struct response *rs);
void api_run_cancel(struct request *rq, struct response *rs);

/* The web application's own files (index.html, app.css, its ES modules). */
void serve_asset(struct request *rq, struct response *rs);

/* Seconds since the epoch: the time of sessions, logins, revisions, runs and the audit log. */
int64_t server_now(void);

#endif
