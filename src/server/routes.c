/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes.c - the API's route table and the checks before a handler (routes.h): the caller
 * identified, logged in where the route needs it, with their own password, and, for a
 * state-changing request made with the session cookie, the CSRF token the session was given.
 */
#include "routes.h"

#include <string.h>
#include <strings.h>

#include "api.h"
#include "auth.h"

/* Each route's body: a scenario's text (SERVER_BODY_MAX), a form of names, passwords and
 * settings (SERVER_FORM_MAX), or none (0), which is refused before a byte of it is read. */
#define TEXT     SERVER_BODY_MAX
#define FORM     SERVER_FORM_MAX
#define QUOTA    true
#define NO_QUOTA false

static const struct route routes[] = {
    {"POST", "/api/login", api_login, ROUTE_PUBLIC, FORM, NO_QUOTA},
    {"POST", "/api/logout", api_logout, ROUTE_FIRST_PASSWORD, FORM, NO_QUOTA},
    {"GET", "/api/me", api_me, ROUTE_FIRST_PASSWORD, 0, NO_QUOTA},
    {"POST", "/api/password", api_password, ROUTE_FIRST_PASSWORD, FORM, NO_QUOTA},
    {"POST", "/api/tokens", api_tokens_create, ROUTE_USER, FORM, QUOTA},
    {"GET", "/api/tokens", api_tokens_list, ROUTE_USER, 0, NO_QUOTA},
    {"DELETE", "/api/tokens/{}", api_token_delete, ROUTE_USER, 0, NO_QUOTA},
    {"GET", "/api/organizations", api_organizations_list, ROUTE_USER, 0, NO_QUOTA},
    {"POST", "/api/organizations", api_organizations_create, ROUTE_USER, FORM, QUOTA},
    {"GET", "/api/users", api_users_list, ROUTE_USER, 0, NO_QUOTA},
    {"POST", "/api/users", api_users_create, ROUTE_USER, FORM, QUOTA},
    {"PUT", "/api/users/{}", api_user_update, ROUTE_USER, FORM, QUOTA},
    {"DELETE", "/api/users/{}", api_user_remove, ROUTE_USER, 0, QUOTA},
    {"GET", "/api/audit", api_audit, ROUTE_USER, 0, NO_QUOTA},
    {"POST", "/api/validate", api_validate, ROUTE_USER, TEXT, NO_QUOTA},
    {"GET", "/api/examples", api_examples_list, ROUTE_USER, 0, NO_QUOTA},
    {"GET", "/api/examples/{}", api_example_get, ROUTE_USER, 0, NO_QUOTA},
    {"GET", "/api/scenarios", api_scenarios_list, ROUTE_USER, 0, NO_QUOTA},
    {"POST", "/api/scenarios", api_scenarios_create, ROUTE_USER, TEXT, QUOTA},
    {"GET", "/api/scenarios/{}", api_scenario_get, ROUTE_USER, 0, NO_QUOTA},
    {"PUT", "/api/scenarios/{}", api_scenario_save, ROUTE_USER, TEXT, QUOTA},
    {"GET", "/api/scenarios/{}/revisions/{}", api_scenario_revision, ROUTE_USER, 0, NO_QUOTA},
    {"GET", "/api/scenarios/{}/diff", api_scenario_diff, ROUTE_USER, 0, NO_QUOTA},
    {"POST", "/api/scenarios/{}/fork", api_scenario_fork, ROUTE_USER, FORM, QUOTA},
    {"POST", "/api/scenarios/{}/shares", api_shares_create, ROUTE_USER, FORM, QUOTA},
    {"DELETE", "/api/scenarios/{}/shares/{}", api_shares_delete, ROUTE_USER, 0, QUOTA},
    {"GET", "/api/scenarios/{}/runs", api_runs_list, ROUTE_USER, 0, NO_QUOTA},
    {"POST", "/api/scenarios/{}/runs", api_runs_create, ROUTE_USER, FORM, QUOTA},
    {"GET", "/api/runs/{}", api_run_get, ROUTE_USER, 0, NO_QUOTA},
    {"DELETE", "/api/runs/{}", api_run_cancel, ROUTE_USER, 0, QUOTA},
    {"GET", "/api/runs/{}/results.json", api_run_json, ROUTE_USER, 0, NO_QUOTA},
    {"GET", "/api/runs/{}/report.html", api_run_report, ROUTE_USER, 0, NO_QUOTA},
    {"GET", "/api/runs/{}/csv/{}", api_run_csv, ROUTE_USER, 0, NO_QUOTA},
};

#undef TEXT
#undef FORM
#undef QUOTA
#undef NO_QUOTA

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes the 'len' bytes of the path segment at 'part' into 'out', which has room for 'cap'
 * bytes with the terminating NUL: each %HH escape once (a '%' without two hex digits stays as it
 * is, as libmicrohttpd's own decoder leaves it). The decoded length; more than cap - 1 when it
 * does not fit, and 'out' is then not terminated. *nul tells whether an escape gave a NUL byte,
 * which would end the text early: "1%00junk" was read as scenario 1. */
static size_t decode_part(const char *part, size_t len, char *out, size_t cap, bool *nul)
{
    size_t n = 0;
    *nul = false;
    for (size_t i = 0; i < len; n++) {
        int hi = part[i] == '%' && i + 2 < len ? hex_digit(part[i + 1]) : -1;
        int lo = hi >= 0 ? hex_digit(part[i + 2]) : -1;
        char c = part[i];
        if (lo >= 0) {
            c = (char)(hi * 16 + lo);
            *nul = *nul || c == '\0';
            i += 3;
        } else {
            i++;
        }
        if (n + 1 < cap)
            out[n] = c;
    }
    if (n < cap)
        out[n] = '\0';
    return n;
}

/* Matches 'path' against 'pattern', copying the {} segments into 'storage' (decoded from
 * percent-escapes, each once, after splitting: a "%2F" in an organization's name stays inside
 * its segment) and pointing 'params' at them. A segment is measured decoded: a name of
 * SERVER_NAME_MAX bytes takes up to three times as many escaped (an Arabic name of 97 bytes is
 * 289). One that decodes longer, or to a NUL byte, matches nothing (route_missing() says
 * why). */
static bool match(const char *pattern, const char *path, const char *params[3],
                  char storage[ROUTE_STORAGE])
{
    size_t used = 0;
    int n = 0;
    while (*pattern && *path) {
        if (pattern[0] == '{' && pattern[1] == '}') {
            const char *end = strchr(path, '/');
            size_t len = end ? (size_t)(end - path) : strlen(path);
            if (len == 0 || n == 3)
                return false;
            size_t room = ROUTE_STORAGE - used;
            if (room > SERVER_NAME_MAX + 1)
                room = SERVER_NAME_MAX + 1;
            bool nul;
            size_t decoded = decode_part(path, len, storage + used, room, &nul);
            if (decoded >= room || nul)
                return false;
            params[n++] = storage + used;
            used += decoded + 1;
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

const struct route *route_find(const char *method, const char *path, const char *params[3],
                               char storage[ROUTE_STORAGE], bool *method_allowed)
{
    *method_allowed = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const char *p[3] = {NULL, NULL, NULL};
        if (!match(routes[i].pattern, path, p, storage))
            continue;
        *method_allowed = true;
        /* HEAD is GET without the body (libmicrohttpd leaves it out). */
        if (strcmp(routes[i].method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
            memcpy(params, p, sizeof p);
            return &routes[i];
        }
    }
    return NULL;
}

/* What makes a segment of 'path' one that no route takes, answered in 'rs'; false when none
 * does. */
static bool bad_segment(const char *path, struct response *rs)
{
    for (const char *part = path; *part;) {
        part += *part == '/';
        size_t len = strcspn(part, "/");
        char decoded[SERVER_NAME_MAX + 1];
        bool nul;
        if (decode_part(part, len, decoded, sizeof decoded, &nul) > SERVER_NAME_MAX) {
            respond_error(rs, 414,
                          "a part of the path is longer than any name or id: %d bytes at most (a "
                          "name's %d characters), counted after its %%-escapes are decoded",
                          SERVER_NAME_MAX, SERVER_NAME_CHARS);
            return true;
        }
        if (nul) {
            respond_error(rs, 400, "a path may not hold a NUL byte (%%00): %s", path);
            return true;
        }
        part += len;
    }
    return false;
}

void route_missing(const struct request *rq, bool method_allowed, struct response *rs)
{
    if (bad_segment(rq->path, rs))
        return;
    if (method_allowed)
        respond_error(rs, 405, "%s is not allowed on %s", rq->method, rq->path);
    else
        respond_error(rs, 404, "no such endpoint: %s", rq->path);
}

static bool changes_state(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static bool csrf_matches(const struct request *rq)
{
    const char *sent = rq->csrf_header;
    size_t len = strlen(rq->csrf);
    return sent && strlen(sent) == len && sodium_memcmp(sent, rq->csrf, len) == 0;
}

/* A refusal with a code that the browser application acts on. */
static void refuse(struct response *rs, const char *message, const char *code)
{
    respond_json(rs, 403, json_pack("{s:s, s:s}", "error", message, "code", code));
}

bool route_refuses(const struct route *route, struct request *rq, struct response *rs)
{
    auth_identify(rq->store, rq->cookie, rq->authorization, server_now(), &rq->who, rq->csrf);
    bool user_only = route->access != ROUTE_PUBLIC;
    /* A bearer token that identifies nobody was sent: "send a bearer token" read as if it had
     * not been. Tokens do not expire; one that is not valid was revoked (by its owner, by a
     * password change or with its owner's removal) or is mistyped. */
    bool bearer = rq->authorization && strncasecmp(rq->authorization, "Bearer ", 7) == 0;
    if (user_only && rq->who.user_id == 0 && bearer)
        respond_error(rs, 401,
                      "the bearer token is not valid: it was revoked (by its owner, a password "
                      "change or the owner's removal) or is mistyped; create a new one (POST "
                      "/api/tokens, or the account page)");
    else if (user_only && rq->who.user_id == 0)
        respond_error(rs, 401, "log in first (POST /api/login) or send a bearer token");
    else if (route->access == ROUTE_USER && rq->who.must_change)
        refuse(rs,
               "choose your own password first (POST /api/password): the one you were "
               "given works once",
               "password_change");
    else if (user_only && rq->who.by_cookie && changes_state(rq->method) && !csrf_matches(rq))
        refuse(rs,
               "missing or wrong X-CSRF-Token header (the csrf value that POST /api/login "
               "and GET /api/me return)",
               "csrf");
    else if (route->quota && !api_within_action_quota(rq, rs, rq->who.user_id))
        ; /* refused, with the quota's 429 */
    else
        return false;
    return true;
}

void route_call(const struct route *route, struct request *rq, struct response *rs)
{
    if (!route_refuses(route, rq, rs))
        route->handler(rq, rs);
}
