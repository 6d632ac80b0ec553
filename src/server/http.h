/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http.h - the HTTP side of `dayafter serve`: libmicrohttpd's daemon on a thread pool, its
 * connections held to a share per address and a deadline per request, each request's body
 * checked before it is read and gathered within its limits, routed to its handler with a
 * database connection and the caller identified, the CSRF token checked, and the response sent
 * with its headers.
 */
#ifndef DA_SERVER_HTTP_H
#define DA_SERVER_HTTP_H

#include <stdint.h>

#include "server.h"

struct http;

/* Listens on 'address' (IPv4 or IPv6 literal) and 'port' (0: any free one) with 'threads'
 * request threads. 'trusted_proxy' (an address literal, or NULL) is the reverse proxy whose
 * X-Forwarded-For names the client, and which no per-address connection limit holds back.
 * NULL on failure, with the reason in 'err'. */
struct http *http_start(struct server *srv, const char *address, uint16_t port, int threads,
                        const char *trusted_proxy, char *err, size_t errlen);
/* The port it listens on. */
uint16_t http_port(const struct http *http);
void http_stop(struct http *http);

#endif
