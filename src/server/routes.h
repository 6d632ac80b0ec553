/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * routes.h - the API's routes: for each method and path pattern, its handler and who may call
 * it; and a plain request's way to its handler (the caller identified, the route's access and
 * the CSRF token checked). No HTTP library here: http.c gives it a request, and the tests do.
 */
#ifndef DA_SERVER_ROUTES_H
#define DA_SERVER_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "server.h"

/* Who may call a route. */
enum route_access {
    ROUTE_PUBLIC,         /* anyone (logging in) */
    ROUTE_FIRST_PASSWORD, /* a user, even one logged in with a first password (to choose their
                             own, see who they are, or log out) */
    ROUTE_USER,           /* a user with their own password */
};

struct route {
    const char *method;
    const char *pattern; /* "{}" matches one segment */
    handler_fn handler;
    enum route_access access;
    size_t body_max; /* the most bytes its request body may have; 0: it takes none */
    /* Refused past the caller's quota of entries in the audit log (SERVER_ACTIONS_PER_DAY),
     * before a byte of the body is read: every route whose handler adds one, but logging out,
     * changing the password and revoking a token, which are how an owner takes an account
     * back from whoever filled its quota (they still count). */
    bool quota;
};

/* Room for a route's {parts}, decoded: a name of SERVER_NAME_MAX bytes and the id before it
 * (no route takes two names). */
enum { ROUTE_STORAGE = 1024 };
_Static_assert(ROUTE_STORAGE >= SERVER_NAME_MAX + 1 + 16, "a name and an id of 15 digits");

/* The route for 'method' and 'path', with its {parts} (decoded from percent-escapes, kept in
 * 'storage') in params; NULL when none matches, *method_allowed telling whether the path
 * exists with another method. A part that decodes to more than SERVER_NAME_MAX bytes, or to a
 * NUL byte, matches no route. HEAD takes the GET routes. */
const struct route *route_find(const char *method, const char *path, const char *params[3],
                               char storage[ROUTE_STORAGE], bool *method_allowed);

/* The answer when no route matches: 414 for a part of the path longer than any name or id, 400
 * for one with a NUL byte, 405 when the path exists with another method, else 404. */
void route_missing(const struct request *rq, bool method_allowed, struct response *rs);

/* Identifies the caller of 'rq' (its method, headers and store filled in) from the cookie or
 * bearer token; true, with a 401 or 403 in 'rs', when they may not call 'route' (or sent a
 * cookie without its CSRF token). http.c asks it too before it reads a request's body. */
bool route_refuses(const struct route *route, struct request *rq, struct response *rs);

/* Answers 'rq' (its method, path, params, body, headers and store filled in) by 'route': its
 * caller's refusal (route_refuses()), else the handler's answer. */
void route_call(const struct route *route, struct request *rq, struct response *rs);

#endif
