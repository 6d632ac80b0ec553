/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http.c - libmicrohttpd's daemon and the request's way through the server (http.h): the body
 * within SERVER_BODY_MAX, the route, a database connection from the pool, the caller, the CSRF
 * check for state-changing requests made with a session cookie, then the handler, and the
 * response with the headers every response carries.
 */
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "auth.h"

struct http {
    struct MHD_Daemon *daemon;
};

/* A connection's request in progress: its body so far. */
struct pending {
    char *body;
    size_t len, cap;
    bool too_large;
};

/* ---- responses ---------------------------------------------------------------------- */

void respond_bytes(struct response *rs, int status, const char *type, const char *bytes,
                   size_t len)
{
    free(rs->body);
    rs->body = malloc(len ? len : 1);
    rs->len = rs->body ? len : 0;
    if (rs->body && len)
        memcpy(rs->body, bytes, len);
    rs->status = rs->body ? status : 500;
    rs->content_type = type;
}

void respond_json(struct response *rs, int status, json_t *json)
{
    char *text = json ? json_dumps(json, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(json);
    free(rs->body);
    rs->body = text;
    rs->len = text ? strlen(text) : 0;
    rs->status = text ? status : 500;
    rs->content_type = "application/json";
}

void respond_error(struct response *rs, int status, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    respond_json(rs, status, json_pack("{s:s}", "error", message));
}

/* ---- routes ------------------------------------------------------------------------- */

struct route {
    const char *method;
    const char *pattern; /* "{}" matches one segment */
    handler_fn handler;
    bool public_route;
};

static const struct route routes[] = {
    {"POST", "/api/login", api_login, true},
    {"POST", "/api/logout", api_logout, false},
    {"GET", "/api/me", api_me, false},
    {"POST", "/api/password", api_password, false},
    {"POST", "/api/tokens", api_tokens_create, false},
    {"GET", "/api/tokens", api_tokens_list, false},
    {"DELETE", "/api/tokens/{}", api_token_delete, false},
    {"GET", "/api/organizations", api_organizations_list, false},
    {"POST", "/api/organizations", api_organizations_create, false},
    {"GET", "/api/users", api_users_list, false},
    {"POST", "/api/users", api_users_create, false},
    {"PUT", "/api/users/{}", api_user_update, false},
    {"DELETE", "/api/users/{}", api_user_remove, false},
    {"GET", "/api/audit", api_audit, false},
    {"POST", "/api/validate", api_validate, false},
    {"GET", "/api/examples", api_examples_list, false},
    {"GET", "/api/examples/{}", api_example_get, false},
    {"GET", "/api/scenarios", api_scenarios_list, false},
    {"POST", "/api/scenarios", api_scenarios_create, false},
    {"GET", "/api/scenarios/{}", api_scenario_get, false},
    {"PUT", "/api/scenarios/{}", api_scenario_save, false},
    {"GET", "/api/scenarios/{}/revisions/{}", api_scenario_revision, false},
    {"GET", "/api/scenarios/{}/diff", api_scenario_diff, false},
    {"POST", "/api/scenarios/{}/fork", api_scenario_fork, false},
    {"POST", "/api/scenarios/{}/shares", api_shares_create, false},
    {"DELETE", "/api/scenarios/{}/shares/{}", api_shares_delete, false},
    {"GET", "/api/scenarios/{}/runs", api_runs_list, false},
    {"POST", "/api/scenarios/{}/runs", api_runs_create, false},
    {"GET", "/api/runs/{}", api_run_get, false},
    {"GET", "/api/runs/{}/results.json", api_run_json, false},
    {"GET", "/api/runs/{}/report.html", api_run_report, false},
    {"GET", "/api/runs/{}/csv/{}", api_run_csv, false},
};

/* Matches 'path' against 'pattern', copying the {} segments into 'storage' (decoded from
 * percent-escapes) and pointing 'params' at them. */
static bool match(const char *pattern, const char *path, const char *params[3],
                  char storage[256])
{
    size_t used = 0;
    int n = 0;
    while (*pattern && *path) {
        if (pattern[0] == '{' && pattern[1] == '}') {
            const char *end = strchr(path, '/');
            size_t len = end ? (size_t)(end - path) : strlen(path);
            if (len == 0 || n == 3 || used + len + 1 > 256)
                return false;
            char *param = storage + used;
            memcpy(param, path, len);
            param[len] = '\0';
            param[MHD_http_unescape(param)] = '\0';
            params[n++] = param;
            used += len + 1;
            pattern += 2;
            path += len;
        } else if (*pattern == *path) {
            pattern++;
            path++;
        } else {
            return false;
        }
    }
    return *pattern == '\0' && *path == '\0';
}

handler_fn http_route(const char *method, const char *path, const char *params[3],
                      char storage[256], bool *method_allowed, bool *public_route)
{
    *method_allowed = false;
    *public_route = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const char *p[3] = {NULL, NULL, NULL};
        if (!match(routes[i].pattern, path, p, storage))
            continue;
        *method_allowed = true;
        if (strcmp(routes[i].method, method) == 0) {
            memcpy(params, p, sizeof p);
            *public_route = routes[i].public_route;
            return routes[i].handler;
        }
    }
    return NULL;
}

/* ---- a request's way ---------------------------------------------------------------- */

static bool changes_state(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* The address of the connection's other end. */
static void peer_address(struct MHD_Connection *conn, char out[64])
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, 64, "unknown");
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, 64);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  64);
}

/* The client's address for the login limiter and the audit log. Behind a reverse proxy on
 * this machine every peer is loopback, so a loopback peer's X-Forwarded-For names the client:
 * its last entry, the one the proxy added (the entries before it are the client's word). */
static void client_address(struct MHD_Connection *conn, char out[64])
{
    peer_address(conn, out);
    if (strcmp(out, "127.0.0.1") != 0 && strcmp(out, "::1") != 0)
        return;
    const char *forwarded = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                        "X-Forwarded-For");
    if (!forwarded)
        return;
    const char *last = strrchr(forwarded, ',');
    last = last ? last + 1 : forwarded;
    while (*last == ' ')
        last++;
    size_t len = strcspn(last, " ");
    if (len > 0 && len < 64) {
        memcpy(out, last, len);
        out[len] = '\0';
    }
}


/* Answers an API request whose body is complete. */
static void answer_api(struct server *srv, struct MHD_Connection *conn, const char *method,
                       const char *url, const struct pending *body, struct response *rs)
{
    const char *params[3] = {NULL, NULL, NULL};
    char storage[256];
    bool allowed, public_route;
    handler_fn handler = http_route(method, url, params, storage, &allowed, &public_route);
    if (!handler) {
        if (allowed)
            respond_error(rs, 405, "%s is not allowed on %s", method, url);
        else
            respond_error(rs, 404, "no such endpoint: %s", url);
        return;
    }
    if (body->too_large) {
        respond_error(rs, 413, "the request body is larger than %d bytes", SERVER_BODY_MAX);
        return;
    }
    struct request rq;
    memset(&rq, 0, sizeof rq);
    rq.srv = srv;
    rq.method = method;
    rq.path = url;
    rq.conn = conn;
    rq.body = body->body ? body->body : "";
    rq.body_len = body->len;
    memcpy(rq.params, params, sizeof params);
    client_address(conn, rq.client);
    rq.db = db_pool_take(srv->pool);
    char *csrf = rq.csrf;
    auth_identify(rq.db,
                  MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE),
                  MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization"),
                  server_now(), &rq.who, csrf);
    /* A first password opens only the way to choosing one's own. */
    bool first_password_route = handler == api_me || handler == api_password ||
                                handler == api_logout;
    if (!public_route && rq.who.user_id == 0) {
        respond_error(rs, 401, "log in first (POST /api/login) or send a bearer token");
    } else if (!public_route && rq.who.must_change && !first_password_route) {
        respond_json(rs, 403,
                     json_pack("{s:s, s:s}", "error",
                               "choose your own password first (POST /api/password): the one "
                               "you were given works once",
                               "code", "password_change"));
    } else if (!public_route && rq.who.by_cookie && changes_state(method)) {
        const char *sent = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
        if (!sent || strlen(sent) != strlen(csrf) ||
            sodium_memcmp(sent, csrf, strlen(csrf)) != 0)
            respond_json(rs, 403,
                         json_pack("{s:s, s:s}", "error",
                                   "missing or wrong X-CSRF-Token header (the csrf value that "
                                   "POST /api/login and GET /api/me return)",
                                   "code", "csrf"));
        else
            handler(&rq, rs);
    } else {
        handler(&rq, rs);
    }
    db_pool_give(srv->pool, rq.db);
}

static void add_common_headers(struct MHD_Response *r, const struct response *rs, bool api)
{
    MHD_add_response_header(r, "Content-Type", rs->content_type ? rs->content_type
                                                                : "application/octet-stream");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "SAMEORIGIN");
    /* Answers with an entity tag never change: the browser may keep them, but asks each time
     * (and the access check runs each time); everything else of the API is not kept. */
    MHD_add_response_header(r, "Cache-Control",
                            rs->etag[0] ? "private, no-cache" : api ? "no-store" : "no-cache");
    if (rs->etag[0])
        MHD_add_response_header(r, "ETag", rs->etag);
    if (rs->cookie)
        MHD_add_response_header(r, "Set-Cookie", rs->cookie);
    if (rs->csp)
        MHD_add_response_header(r, "Content-Security-Policy", rs->csp);
    if (rs->disposition)
        MHD_add_response_header(r, "Content-Disposition", rs->disposition);
    if (rs->retry_after > 0) {
        char s[32];
        snprintf(s, sizeof s, "%d", rs->retry_after);
        MHD_add_response_header(r, "Retry-After", s);
    }
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct response *rs, bool api)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer_with_free_callback(rs->len, rs->body, free);
    if (!r) {
        free(rs->body);
        free(rs->cookie);
        return MHD_NO;
    }
    rs->body = NULL;
    add_common_headers(r, rs, api);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    free(rs->cookie);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **state)
{
    (void)version;
    struct server *srv = cls;
    struct pending *p = *state;
    if (!p) {
        p = calloc(1, sizeof *p);
        if (!p)
            return MHD_NO;
        *state = p;
        /* A declared length over the limit is refused before its body is read. */
        const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                         "Content-Length");
        if (length && strtoull(length, NULL, 10) > SERVER_BODY_MAX)
            p->too_large = true;
        else
            return MHD_YES;
    }
    if (*upload_size > 0) {
        if (!p->too_large && p->len + *upload_size <= SERVER_BODY_MAX) {
            if (p->len + *upload_size + 1 > p->cap) {
                size_t cap = (p->len + *upload_size + 1) * 2;
                char *grown = realloc(p->body, cap);
                if (!grown)
                    return MHD_NO;
                p->body = grown;
                p->cap = cap;
            }
            memcpy(p->body + p->len, upload, *upload_size);
            p->len += *upload_size;
            p->body[p->len] = '\0';
        } else {
            p->too_large = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    struct response rs;
    memset(&rs, 0, sizeof rs);
    bool api = strncmp(url, "/api/", 5) == 0;
    if (api) {
        answer_api(srv, conn, method, url, p, &rs);
    } else if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
        struct request rq;
        memset(&rq, 0, sizeof rq);
        rq.srv = srv;
        rq.method = method;
        rq.path = url;
        serve_asset(&rq, &rs);
    } else {
        respond_error(&rs, 405, "%s is not allowed on %s", method, url);
    }
    if (!rs.body)
        respond_error(&rs, 500, "internal error");
    return send_response(conn, &rs, api);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    struct pending *p = *state;
    if (p) {
        free(p->body);
        free(p);
        *state = NULL;
    }
}

struct http *http_start(struct server *srv, const char *address, uint16_t port, int threads,
                        char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)&ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)&ss;
    if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
    } else if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, errlen, "'%s' is not an IPv4 or IPv6 address", address);
        return NULL;
    }
    struct http *http = calloc(1, sizeof *http);
    if (!http) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    http->daemon = MHD_start_daemon(
        flags, port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_END);
    if (!http->daemon) {
        snprintf(err, errlen, "cannot listen on %s port %u (in use, or not allowed)", address,
                 (unsigned)port);
        free(http);
        return NULL;
    }
    return http;
}

uint16_t http_port(const struct http *http)
{
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(http->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void http_stop(struct http *http)
{
    if (!http)
        return;
    MHD_stop_daemon(http->daemon);
    free(http);
}
