/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * http.c - libmicrohttpd's daemon and the request's way through the server (http.h): a
 * state-changing request that a browser says another site sent refused (cross_site()), a
 * body's route, caller, size and type (JSON) checked before a byte of it is read, the body held
 * within its route's limit and the budget of every connection's bodies together
 * (SERVER_BODIES_MAX: a form's body always fits, larger ones share what is left of it, an
 * address at most a part of that), the route (routes.c), a database connection from the pool,
 * the plain request filled in (its query and the headers the API reads, copied from
 * libmicrohttpd's: nothing past this file calls libmicrohttpd), the route's checks and handler,
 * the request's end (what it owns freed once), and the response with the headers every
 * response carries.
 *
 * Connections are watched here too. libmicrohttpd's timeout is an idle timer, which a client
 * that sends a byte now and then restarts for ever: a thousand such clients held every slot.
 * So each connection is tracked from its start (MHD_OPTION_NOTIFY_CONNECTION), one address (an
 * IPv6 /64) may hold only so many (MHD_OPTION_ACCEPT_POLICY), and a watchdog thread shuts down
 * the socket of a request that is not whole within its deadline (SERVER_HEADER_S for the line
 * and headers, SERVER_REQUEST_S with the body); libmicrohttpd then reads the end of the stream
 * and closes the connection itself, in its own thread. A query over its limits is refused
 * before libmicrohttpd takes it apart (on_uri()), and answered on the socket. libmicrohttpd's
 * own messages, a line for each connection that ends badly, are written a few a second
 * (on_log()).
 */
#include "http.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "../util/text.h"
#include "auth.h"
#include "routes.h"
#include "store.h"

/* An address for counting and comparing: IPv4-mapped IPv6 ones as the IPv4 they are. */
struct address {
    int family; /* AF_INET, AF_INET6; 0: unknown, equal to nothing */
    unsigned char bytes[16];
};

/* A connection as the watchdog sees it (its libmicrohttpd socket context). */
struct conn {
    struct conn *prev, *next;
    int fd;
    struct address from;
    int64_t since_ms; /* when the request it owes began to be owed: its start, or the last
                         answer (the wait of a kept-alive connection counts) */
    bool headers;     /* that request's line and headers are in */
    bool answering;   /* it is whole: its answer is being made or sent (no deadline) */
    bool cut;         /* the watchdog shut its socket down */
    size_t answer;    /* bytes of SERVER_ANSWERS_MAX its answer holds (hold_answer()) */
    size_t large;     /* bytes of SERVER_BODIES_LARGE_MAX its request's body holds (reserve()) */
    /* A request whose query is over the limits (on_uri()): its parameters and bytes, and when
     * its line came; 0 parameters: none. */
    size_t query_params, query_bytes;
    int64_t query_ms;
};

struct http {
    struct MHD_Daemon *daemon;
    struct server *srv;
    struct address proxy; /* the trusted proxy (--trusted-proxy); family 0: none */
    pthread_mutex_t lock; /* the list of connections and their fields, and 'buffered' */
    pthread_cond_t wake;
    struct conn *conns;
    size_t buffered; /* bytes of request bodies held (their buffers' room), within
                        SERVER_BODIES_MAX */
    size_t large;    /* ... of bodies over a form's, within SERVER_BODIES_LARGE_MAX */
    size_t answers;  /* bytes of answers being sent, within SERVER_ANSWERS_MAX */
    pthread_t watchdog;
    bool watching, stopping;
    /* libmicrohttpd's messages (on_log()): the second being counted, the messages written in
     * it and those left out since the last said how many. */
    pthread_mutex_t log_lock;
    int64_t log_second;
    int log_written;
    unsigned long log_left_out;
};

/* Whether a body's room may be taken (reserve()): it may, or the bodies of every connection,
 * or those of its address, hold as much as they may. */
enum budget { BUDGET_OK, BUDGET_SERVER, BUDGET_ADDRESS };

/* A connection's request in progress: its body so far. */
struct pending {
    char *body;
    size_t len, cap;
    size_t max;          /* the most its route takes */
    size_t reserved;     /* bytes of SERVER_BODIES_MAX it holds (cap or more) */
    bool large;          /* they are over a form's, and counted in SERVER_BODIES_LARGE_MAX */
    struct conn *conn;   /* its connection, whose address it counts for; or NULL */
    bool too_large;      /* past 'max': the rest is read and dropped, then a 413 */
    enum budget refused; /* past a budget: the same, then a 503 */
    unsigned long long declared; /* its Content-Length; 0: none (chunked) */
};

/* ---- a request's way ---------------------------------------------------------------- */

static struct address address_of(const struct sockaddr *sa)
{
    struct address a;
    memset(&a, 0, sizeof a);
    if (sa && sa->sa_family == AF_INET) {
        a.family = AF_INET;
        memcpy(a.bytes, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    } else if (sa && sa->sa_family == AF_INET6) {
        const struct in6_addr *in6 = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
        bool mapped = IN6_IS_ADDR_V4MAPPED(in6);
        a.family = mapped ? AF_INET : AF_INET6;
        memcpy(a.bytes, in6->s6_addr + (mapped ? 12 : 0), mapped ? 4 : 16);
    }
    return a;
}

/* An IPv4 or IPv6 literal; family 0 when 'text' is neither. */
static struct address address_parse(const char *text)
{
    struct address a;
    memset(&a, 0, sizeof a);
    if (inet_pton(AF_INET, text, a.bytes) == 1) {
        a.family = AF_INET;
    } else if (inet_pton(AF_INET6, text, a.bytes) == 1) {
        a.family = AF_INET6;
        if (IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)(const void *)a.bytes)) {
            memmove(a.bytes, a.bytes + 12, 4);
            memset(a.bytes + 4, 0, 12);
            a.family = AF_INET;
        }
    }
    return a;
}

static bool same_address(const struct address *a, const struct address *b)
{
    return a->family != 0 && a->family == b->family && memcmp(a->bytes, b->bytes, 16) == 0;
}

/* Whether 'a' and 'b' are one client for the per-address limit: the same IPv4 address, or the
 * same IPv6 /64, the least a network gives one host, which picks any address in it at will
 * (compared whole, one host's addresses would each have the limit). */
static bool same_client(const struct address *a, const struct address *b)
{
    size_t n = a->family == AF_INET6 ? 8 : 16;
    return a->family != 0 && a->family == b->family && memcmp(a->bytes, b->bytes, n) == 0;
}

static void address_text(const struct address *a, char out[64])
{
    if (!a->family || !inet_ntop(a->family, a->bytes, out, 64))
        snprintf(out, 64, "unknown");
}

/* The client's address for the login limiter and the audit log: the peer's, or, when the
 * peer is the trusted proxy, the last entry of its X-Forwarded-For (the one the proxy added;
 * those before it are the client's word). Without a trusted proxy the header is ignored: any
 * client may send one, and would get a fresh login allowance for every address it names. */
static void client_address(const struct http *http, struct MHD_Connection *conn, char out[64])
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    struct address peer = address_of(info ? info->client_addr : NULL);
    address_text(&peer, out);
    if (!same_address(&peer, &http->proxy))
        return;
    const char *forwarded = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
    if (!forwarded)
        return;
    const char *last = strrchr(forwarded, ',');
    last = last ? last + 1 : forwarded;
    last += strspn(last, " \t");
    size_t len = strcspn(last, " \t");
    char text[64];
    if (len == 0 || len >= sizeof text)
        return;
    memcpy(text, last, len);
    text[len] = '\0';
    /* An address or nothing: the audit log shows it, the limiter counts by it. */
    struct address client = address_parse(text);
    if (client.family)
        address_text(&client, out);
}

/* ---- libmicrohttpd's messages: a few a second ---------------------------------------- */

/* libmicrohttpd writes a line on standard error for each connection that ends badly ("closed by
 * remote side with incomplete request"), and anyone may open connections and drop them: a
 * hundred a second, from one address and without a login, wrote megabytes an hour to the
 * journal. At most LOG_PER_SECOND are written in a second; the others are counted, and one
 * line says how many once their second is over. Five: the line of a connection that ends badly
 * now and then is always there, and a flood's first lines show what it is. */
enum { LOG_PER_SECOND = 5 };

static int64_t now_ms(void);

/* Says how many messages were left out, if any, and begins counting 'second' (under
 * http->log_lock). */
static void log_next_second(struct http *http, int64_t second)
{
    if (http->log_left_out)
        fprintf(stderr,
                "dayafter serve: %lu more messages of libmicrohttpd left out (at most %d a "
                "second are written)\n",
                http->log_left_out, LOG_PER_SECOND);
    http->log_left_out = 0;
    http->log_written = 0;
    http->log_second = second;
}

/* MHD_OPTION_EXTERNAL_LOGGER: one of libmicrohttpd's messages, written (as libmicrohttpd
 * would, its own line) while this second has room, else counted. */
__attribute__((format(printf, 2, 0))) static void on_log(void *cls, const char *fmt, va_list ap)
{
    struct http *http = cls;
    int64_t second = now_ms() / 1000;
    pthread_mutex_lock(&http->log_lock);
    if (second != http->log_second)
        log_next_second(http, second);
    if (http->log_written < LOG_PER_SECOND) {
        http->log_written++;
        vfprintf(stderr, fmt, ap);
    } else {
        http->log_left_out++;
    }
    pthread_mutex_unlock(&http->log_lock);
}

/* The watchdog's look at the messages: the count of those left out is said once their second
 * is over, whether another message comes or not. */
static void log_tick(struct http *http)
{
    int64_t second = now_ms() / 1000;
    pthread_mutex_lock(&http->log_lock);
    if (second != http->log_second && http->log_left_out)
        log_next_second(http, second);
    pthread_mutex_unlock(&http->log_lock);
}

/* ---- connections: the per-address limit and the request deadline ------------------------ */

/* The API's answers are data, never a page: nothing in them may load or run. The report is
 * the one page among them, self-contained: its own policy (the one its file carries, see
 * src/output/report.c: inline scripts and styles, Vega's compiled expressions, no network),
 * and it may be shown in the application's frame. It runs in a sandbox of its own origin,
 * opened in a tab or framed (the application's frames say the same): its scripts draw from the
 * results a scenario's authors wrote, and on the application's origin they could call the API
 * with its reader's cookie (through window.parent, or fetch once the policy lets one through).
 * Scripts are all it needs: it offers no download, form, link or pop-up. */
static const char api_policy[] = "default-src 'none'; frame-ancestors 'none'";
static const char report_policy[] =
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'; "
    "frame-ancestors 'self'; sandbox allow-scripts";

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* MHD_OPTION_ACCEPT_POLICY: refuses a connection from an address (an IPv6 /64) that holds its
 * share already (libmicrohttpd closes it at once). A trusted proxy carries everyone's
 * requests. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
    (void)len;
    struct http *http = cls;
    struct address from = address_of(addr);
    if (same_address(&from, &http->proxy))
        return MHD_YES;
    int held = 0;
    pthread_mutex_lock(&http->lock);
    for (const struct conn *c = http->conns; c; c = c->next)
        held += same_client(&c->from, &from);
    pthread_mutex_unlock(&http->lock);
    return held < SERVER_CONNECTIONS_PER_ADDRESS ? MHD_YES : MHD_NO;
}

/* MHD_OPTION_NOTIFY_CONNECTION: each connection is on the watchdog's list from its start to
 * its close. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http *http = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *addr =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        struct conn *c = fd ? calloc(1, sizeof *c) : NULL;
        if (!c) {
            /* A connection without a deadline is what the watchdog is there to prevent. */
            if (fd)
                shutdown(fd->connect_fd, SHUT_RDWR);
            return;
        }
        c->fd = fd->connect_fd;
        c->from = address_of(addr ? addr->client_addr : NULL);
        c->since_ms = now_ms();
        pthread_mutex_lock(&http->lock);
        c->next = http->conns;
        if (c->next)
            c->next->prev = c;
        http->conns = c;
        pthread_mutex_unlock(&http->lock);
        *context = c;
        return;
    }
    struct conn *c = *context;
    if (!c)
        return;
    /* Off the list before libmicrohttpd closes the socket: the watchdog never shuts down a
     * descriptor that a newer connection may have been given since. */
    pthread_mutex_lock(&http->lock);
    http->answers -= c->answer;
    if (c->prev)
        c->prev->next = c->next;
    else
        http->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    pthread_mutex_unlock(&http->lock);
    free(c);
    *context = NULL;
}

/* The connection 'conn' as the watchdog sees it, or NULL. */
static struct conn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/* Where the connection's request stands: its headers are in, or it is whole (its answer
 * begins), or answered (the next one is owed from now). */
enum stage { HEADERS_IN, WHOLE, ANSWERED };

static void request_stage(struct http *http, struct MHD_Connection *conn, enum stage stage)
{
    struct conn *c = conn_of(conn);
    if (!c)
        return;
    pthread_mutex_lock(&http->lock);
    c->headers = stage != ANSWERED;
    c->answering = stage == WHOLE;
    if (stage == ANSWERED)
        c->since_ms = now_ms();
    pthread_mutex_unlock(&http->lock);
}

/* Answers the request of 'c' whose query is over the limits with a 414, written on its socket,
 * whose both sides are then shut down; under http->lock, once (whoever comes first: the
 * handler, or the watchdog when libmicrohttpd never calls it). */
static void refuse_query(struct conn *c)
{
    char body[256], answer[768];
    int body_len = snprintf(body, sizeof body,
                            "{\"error\":\"the query has %zu parameters (%zu bytes); a request may "
                            "have at most %d parameters and %d bytes\"}",
                            c->query_params, c->query_bytes, SERVER_QUERY_PARAMS, SERVER_QUERY_MAX);
    int len = snprintf(answer, sizeof answer,
                       "HTTP/1.1 414 URI Too Long\r\nContent-Type: application/json\r\n"
                       "Content-Length: %d\r\nConnection: close\r\nCache-Control: no-store\r\n"
                       "X-Content-Type-Options: nosniff\r\nContent-Security-Policy: %s\r\n\r\n%s",
                       body_len, api_policy, body);
    /* A fresh request's answer fits in the socket's buffer; if it does not, the client sees
     * the connection closed, as it would have. */
    ssize_t sent = send(c->fd, answer, (size_t)len, MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)sent;
    shutdown(c->fd, SHUT_RDWR);
    c->cut = true;
}

/* MHD_OPTION_URI_LOG_CALLBACK: a request's line is in, its query not yet taken apart. One over
 * SERVER_QUERY_PARAMS or SERVER_QUERY_MAX is marked to be refused, before libmicrohttpd puts
 * its parameters in the connection's memory pool: when they fill it, libmicrohttpd 0.9.75
 * loses its own 431 (its parser goes on as if the line had been taken) and never calls the
 * handler, and when they nearly do, the handler's answer finds no room for its headers: the
 * client of 455 parameters or more got no answer at all. The refusal is written on the socket
 * (refuse_query()), by the handler or by the watchdog, whichever finds it first. Returns the
 * request's first state: none. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct http *http = cls;
    const char *query = uri ? strchr(uri, '?') : NULL;
    if (!query)
        return NULL;
    query++;
    size_t params = 1, bytes = strlen(query);
    for (const char *q = query; *q; q++)
        params += *q == '&';
    struct conn *c = conn_of(conn);
    if (c && (params > SERVER_QUERY_PARAMS || bytes > SERVER_QUERY_MAX)) {
        pthread_mutex_lock(&http->lock);
        c->query_params = params;
        c->query_bytes = bytes;
        c->query_ms = now_ms();
        pthread_mutex_unlock(&http->lock);
    }
    return NULL;
}

/* Whether the request of 'conn' is one whose query was refused (on_uri()), answered now if the
 * watchdog has not answered it yet. */
static bool query_refused(struct http *http, struct MHD_Connection *conn)
{
    struct conn *c = conn_of(conn);
    bool refused = false;
    pthread_mutex_lock(&http->lock);
    if (c && c->query_params) {
        if (!c->cut)
            refuse_query(c);
        refused = true;
    }
    pthread_mutex_unlock(&http->lock);
    return refused;
}

/* The watchdog: four times a second, shuts down the socket of each request past its deadline,
 * and answers a refused query that libmicrohttpd left unanswered (its handler not called a
 * quarter of a second after the request's line). */
static void *watch(void *arg)
{
    struct http *http = arg;
    pthread_mutex_lock(&http->lock);
    while (!http->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&http->wake, &http->lock, &until);
        int64_t now = now_ms();
        for (struct conn *c = http->conns; c; c = c->next) {
            int64_t age = now - c->since_ms;
            bool late = !c->answering && (age >= SERVER_REQUEST_S * 1000 ||
                                          (!c->headers && age >= SERVER_HEADER_S * 1000));
            if (!c->cut && c->query_params && !c->headers && now - c->query_ms >= 250) {
                refuse_query(c);
            } else if (late && !c->cut) {
                shutdown(c->fd, SHUT_RDWR);
                c->cut = true;
            }
        }
        /* Not under the lock: standard error may be slow. */
        pthread_mutex_unlock(&http->lock);
        log_tick(http);
        pthread_mutex_lock(&http->lock);
    }
    pthread_mutex_unlock(&http->lock);
    return NULL;
}

/* The query parameters being copied into a plain request. */
struct query_list {
    struct query_param *items;
    size_t count, cap;
};

/* MHD_get_connection_values' callback: each query parameter into the list. */
static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *name,
                                 const char *value)
{
    (void)kind;
    struct query_list *list = cls;
    if (list->count == list->cap)
        return MHD_NO;
    list->items[list->count].name = name;
    list->items[list->count].value = value;
    list->count++;
    return MHD_YES;
}

/* MHD_OPTION_UNESCAPE_CALLBACK: the path stays as the client sent it, so that routes.c decodes
 * each segment once, after splitting: a "%2F" in an organization's name stays inside its
 * segment, and "%2567" is "%67", not "g". Query values are ids and flags, which need no
 * decoding. */
static size_t keep_escapes(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

/* The plain request's query and the headers the API reads, from libmicrohttpd's (which keeps
 * them until the request completes); false without memory for the query. */
static bool read_request(struct MHD_Connection *conn, struct request *rq)
{
    int count = MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, NULL, NULL);
    struct query_list list = {NULL, 0, count > 0 ? (size_t)count : 0};
    list.items = request_own(rq, calloc(list.cap + 1, sizeof *list.items));
    if (!list.items)
        return false;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_query, &list);
    rq->query = list.items;
    rq->query_count = list.count;
    rq->cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    rq->authorization = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    rq->csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
    rq->if_none_match = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    rq->forwarded_proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    return true;
}

/* The route of 'method' on 'url', with 'rq' made ready for it (its parameters decoded into
 * 'storage', ROUTE_STORAGE bytes, which must outlive it); NULL when there is none, with the
 * 404 or 405 in 'rs'. */
static const struct route *request_route(struct http *http, const char *method, const char *url,
                                         struct request *rq, char *storage, struct response *rs)
{
    memset(rq, 0, sizeof *rq);
    rq->srv = http->srv;
    rq->method = method;
    rq->path = url;
    bool allowed;
    const struct route *route = route_find(method, url, rq->params, storage, &allowed);
    if (!route)
        route_missing(rq, allowed, rs);
    return route;
}

/* Answers an API request whose body is complete. */
static void answer_api(struct http *http, struct MHD_Connection *conn, const char *method,
                       const char *url, const struct pending *body, struct response *rs)
{
    struct request rq;
    char storage[ROUTE_STORAGE];
    const struct route *route = request_route(http, method, url, &rq, storage, rs);
    if (!route)
        return;
    rq.body = body->body ? body->body : "";
    rq.body_len = body->len;
    client_address(http, conn, rq.client);
    if (read_request(conn, &rq)) {
        rq.store = db_pool_take(http->srv->pool);
        rq.db = rq.store->db;
        route_call(route, &rq, rs);
        db_pool_give(http->srv->pool, rq.store);
    }
    request_end(&rq);
}

/* Answers a request for the application's own files: they take no body. */
static void answer_file(struct http *http, const char *method, const char *url, struct response *rs)
{
    if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
        struct request rq;
        memset(&rq, 0, sizeof rq);
        rq.srv = http->srv;
        rq.method = method;
        rq.path = url;
        serve_asset(&rq, rs);
    } else {
        respond_error(rs, 405, "%s is not allowed on %s", method, url);
    }
}

/* ---- cross-site requests ------------------------------------------------------------- */

static bool changes_state(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* The length of 'host' ('len' bytes: a Host header, or an origin's host and port) without the
 * default port of 'scheme', so that "example.org:443" and "example.org" are one host over
 * https. */
static size_t host_length(const char *scheme, const char *host, size_t len)
{
    const char *port = strcmp(scheme, "https") == 0 ? ":443" : ":80";
    size_t n = strlen(port);
    return len > n && strncmp(host + len - n, port, n) == 0 ? len - n : len;
}

/* This server's origin as the browser sees it, into 'out' ("http://127.0.0.1:8080"): the
 * scheme of X-Forwarded-Proto (https from a TLS proxy in front, as the session cookie's Secure
 * takes it: no cross-site page can make a browser send the header), else http; the host of
 * the Host header, or of the X-Forwarded-Host that the trusted proxy added (its last entry:
 * those before it are the client's word, and no other peer's is taken). An empty host when
 * none was sent. */
static void own_origin(const struct http *http, struct MHD_Connection *conn, char *out, size_t cap)
{
    const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    const char *scheme = proto && strcasecmp(proto, "https") == 0 ? "https" : "http";
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    struct address peer = address_of(info ? info->client_addr : NULL);
    const char *forwarded =
        same_address(&peer, &http->proxy)
            ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Host")
            : NULL;
    if (forwarded) {
        const char *last = strrchr(forwarded, ',');
        host = last ? last + 1 : forwarded;
    }
    host = host ? host + strspn(host, " \t") : "";
    size_t len = strcspn(host, " \t,");
    snprintf(out, cap, "%s://%.*s", scheme, (int)host_length(scheme, host, len), host);
}

/* Whether 'origin' (an Origin header: "scheme://host[:port]") is 'own' (own_origin()):
 * schemes and hosts compared without case, default ports left out of both. */
static bool same_origin(const char *origin, const char *own)
{
    const char *sep = strstr(origin, "://");
    const char *own_host = strstr(own, "://") + 3;
    if (!sep || own_host[0] == '\0')
        return false;
    size_t scheme_len = (size_t)(sep - origin);
    char scheme[8];
    if (scheme_len >= sizeof scheme)
        return false;
    memcpy(scheme, origin, scheme_len);
    scheme[scheme_len] = '\0';
    for (char *c = scheme; *c; c++)
        *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    const char *host = sep + 3;
    size_t len = host_length(scheme, host, strlen(host));
    return strncmp(own, scheme, scheme_len) == 0 && own[scheme_len] == ':' &&
           strlen(own_host) == len && strncasecmp(host, own_host, len) == 0;
}

/* Whether a state-changing request (POST, PUT, DELETE, PATCH) is one that a browser marks as
 * sent by another site, with a 403 in 'rs' saying why: an Origin that is not this server's,
 * Origin: null (a sandboxed frame, a file, a redirect), or Sec-Fetch-Site: cross-site or
 * same-site. A cross-site page's form was a login into the attacker's account: the session
 * cookie's SameSite=Strict keeps a victim's own cookie from such a request, but not the one
 * its answer sets, and the CSRF token is a session's, which a login has not yet. Clients that
 * send neither header (curl, scripts with a bearer token) are no browser's page, and pass. */
static bool cross_site(const struct http *http, struct MHD_Connection *conn, const char *method,
                       struct response *rs)
{
    if (!changes_state(method))
        return false;
    const char *site = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
    const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    char own[320];
    own_origin(http, conn, own, sizeof own);
    char why[384];
    if (site && (strcasecmp(site, "cross-site") == 0 || strcasecmp(site, "same-site") == 0))
        snprintf(why, sizeof why,
                 "the browser says this request comes from another site "
                 "(Sec-Fetch-Site: %s)",
                 site);
    else if (origin && strcmp(origin, "null") == 0)
        snprintf(why, sizeof why,
                 "this request comes from a page without an origin (Origin: null: a "
                 "sandboxed frame, a file, a redirect)");
    else if (origin && !same_origin(origin, own))
        snprintf(why, sizeof why,
                 "this request comes from %.120s (Origin) and this server is %.160s", origin, own);
    else
        return false;
    char message[640], clean[3 * sizeof message];
    snprintf(message, sizeof message,
             "refused: %s, and a browser may change something only from this server's own "
             "pages",
             why);
    /* The Origin is the client's bytes: cut on whole characters, or jansson refuses them. */
    text_utf8_sanitize(clean, sizeof clean, message);
    respond_json(rs, 403, json_pack("{s:s, s:s}", "error", clean, "code", "cross_site"));
    return true;
}

/* ---- request bodies: checked before they are read, held within their budget -------------- */

/* The room of a form's body (SERVER_FORM_MAX and the NUL after it): what a client that is not
 * logged in may make the server hold on each of its connections. */
#define FORM_ROOM ((size_t)SERVER_FORM_MAX + 1)

/* The room kept for bodies of at most a form's holds one on every connection, so that those
 * bodies always fit, whatever larger ones hold. */
_Static_assert(FORM_ROOM *SERVER_CONNECTIONS <= (size_t)SERVER_BODIES_MAX - SERVER_BODIES_LARGE_MAX,
               "the room of bodies over a form's leaves a form's body on every connection");

/* Bytes of SERVER_BODIES_LARGE_MAX that the connections of the address of 'c' hold (under
 * http->lock). */
static size_t address_large(const struct http *http, const struct conn *c)
{
    size_t held = 0;
    for (const struct conn *d = http->conns; d; d = d->next)
        held += same_client(&d->from, &c->from) ? d->large : 0;
    return held;
}

/* Takes 'bytes' more of SERVER_BODIES_MAX for 'p'. A body of at most a form's always fits (the
 * budget keeps room for one on every connection); a larger one's room, all of it once it grows
 * past a form's, is counted in SERVER_BODIES_LARGE_MAX too, and in its address's share of it,
 * SERVER_BODIES_PER_ADDRESS (the trusted proxy, which carries everyone's requests, has none).
 * BUDGET_OK, or the budget that has not the bytes left (nothing is then taken). */
static enum budget reserve(struct http *http, struct pending *p, size_t bytes)
{
    size_t total = p->reserved + bytes;
    bool large = total > FORM_ROOM;
    size_t more = !large ? 0 : p->large ? bytes : total; /* bytes of SERVER_BODIES_LARGE_MAX */
    pthread_mutex_lock(&http->lock);
    enum budget verdict = BUDGET_OK;
    if (more && p->conn && !same_address(&p->conn->from, &http->proxy) &&
        address_large(http, p->conn) + more > SERVER_BODIES_PER_ADDRESS)
        verdict = BUDGET_ADDRESS;
    else if (bytes > SERVER_BODIES_MAX - http->buffered ||
             more > SERVER_BODIES_LARGE_MAX - http->large)
        verdict = BUDGET_SERVER;
    if (verdict == BUDGET_OK) {
        http->buffered += bytes;
        http->large += more;
        if (p->conn)
            p->conn->large += more;
        p->reserved = total;
        p->large = large;
    }
    pthread_mutex_unlock(&http->lock);
    return verdict;
}

/* Frees what 'p' holds of its body, and gives its room back. The request ends before its
 * connection closes (libmicrohttpd calls on_completed() first): p->conn is still there. */
static void drop_body(struct http *http, struct pending *p)
{
    free(p->body);
    p->body = NULL;
    p->len = p->cap = 0;
    pthread_mutex_lock(&http->lock);
    http->buffered -= p->reserved;
    if (p->large) {
        http->large -= p->reserved;
        if (p->conn)
            p->conn->large -= p->reserved;
    }
    pthread_mutex_unlock(&http->lock);
    p->reserved = 0;
    p->large = false;
}

/* The 503 of a body whose room is not left: the budget of every connection's bodies over a
 * form's, or its address's share of it. */
static void refuse_busy(struct response *rs, enum budget why)
{
    if (why == BUDGET_ADDRESS)
        respond_error(rs, 503,
                      "your address holds as many request bodies over %d KiB as one address may "
                      "at once (%d MiB): try again in a moment",
                      SERVER_FORM_MAX / 1024, SERVER_BODIES_PER_ADDRESS / (1024 * 1024));
    else
        respond_error(rs, 503,
                      "the server holds as many request bodies over %d KiB as it may at once "
                      "(%d MiB): try again in a moment",
                      SERVER_FORM_MAX / 1024, SERVER_BODIES_LARGE_MAX / (1024 * 1024));
    rs->retry_after = 1;
}

/* Whether the answer of 'bytes' to the request of 'conn' may be sent: it is held whole until
 * the client has read it, and a client that reads a byte now and then holds it for as long as
 * it likes. A hundred connections of one client asking for a run's results (37 MB for the
 * built-in scenario over a century) made the server hold 3.7 GB. Small answers pass uncounted;
 * an address (the trusted proxy excepted) holds at most SERVER_ANSWERS_PER_ADDRESS, or one
 * answer of any size, and every connection together SERVER_ANSWERS_MAX. What is taken is
 * given back when the answer is sent or the connection closes (release_answer()). */
static bool hold_answer(struct http *http, struct MHD_Connection *conn, size_t bytes)
{
    struct conn *c = conn_of(conn);
    if (!c || bytes <= SERVER_ANSWER_FREE)
        return true;
    pthread_mutex_lock(&http->lock);
    size_t mine = 0;
    if (!same_address(&c->from, &http->proxy))
        for (const struct conn *d = http->conns; d; d = d->next)
            mine += same_client(&d->from, &c->from) ? d->answer : 0;
    bool ok = bytes <= SERVER_ANSWERS_MAX - http->answers &&
              (mine == 0 || mine + bytes <= SERVER_ANSWERS_PER_ADDRESS);
    if (ok) {
        c->answer += bytes;
        http->answers += bytes;
    }
    pthread_mutex_unlock(&http->lock);
    return ok;
}

/* Gives back what the answer of 'conn' held of SERVER_ANSWERS_MAX. */
static void release_answer(struct http *http, struct MHD_Connection *conn)
{
    struct conn *c = conn_of(conn);
    if (!c)
        return;
    pthread_mutex_lock(&http->lock);
    http->answers -= c->answer;
    c->answer = 0;
    pthread_mutex_unlock(&http->lock);
}

/* The answer in 'rs' replaced by a 503: the answers being sent are at their bound. Nothing of
 * the answer it replaces stays (its entity tag would let a browser keep the 503). */
static void refuse_answer(struct response *rs)
{
    rs->etag[0] = '\0';
    rs->disposition[0] = '\0';
    respond_error(rs, 503,
                  "the server is sending as many answers as it may at once (%d MiB, %d MiB to "
                  "one address): try again in a moment",
                  SERVER_ANSWERS_MAX / (1024 * 1024), SERVER_ANSWERS_PER_ADDRESS / (1024 * 1024));
    rs->retry_after = 1;
}

/* Whether a request's body is said to be JSON, as every route's is (a scenario's text is a
 * field of it): Content-Type application/json, with parameters (charset) or without; else a
 * 415 in 'rs'. An HTML form sends text/plain, urlencoded or multipart, and can post JSON-looking
 * text/plain to any site; a page's fetch() with a JSON type is one the browser asks the server
 * about first (CORS), which it never allows. A request with a bearer token passes: no browser
 * adds one to another site's request, and scripts that always sent their JSON without its type
 * (curl -d) keep working. */
static bool json_body(struct MHD_Connection *conn, const char *method, const char *url,
                      struct response *rs)
{
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
        return true;
    const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    const char *rest = type ? type + strspn(type, " \t") : "";
    if (strncasecmp(rest, "application/json", 16) == 0 &&
        (rest[16] == '\0' || rest[16] == ';' || rest[16] == ' ' || rest[16] == '\t'))
        return true;
    respond_error(rs, 415,
                  "the body of %s %s must be JSON, sent with Content-Type: application/json "
                  "(it came as %s)",
                  method, url, type ? type : "no Content-Type");
    return false;
}

/* MHD_get_connection_values' callback: counts the Content-Length headers into 'cls'. */
static enum MHD_Result count_lengths(void *cls, enum MHD_ValueKind kind, const char *name,
                                     const char *value)
{
    (void)kind;
    (void)value;
    *(int *)cls += strcasecmp(name, "Content-Length") == 0;
    return MHD_YES;
}

/* Whether the request says where its body ends in two ways, with a 400 in 'rs' after which the
 * connection is closed (RFC 9112, 6.1 and 6.3: the request cannot be told from the next one):
 * two Content-Length headers, equal or not, or Content-Length beside Transfer-Encoding. A proxy
 * in front may read such a request otherwise than libmicrohttpd, which took the first of two
 * lengths (and the rest of the body as a request of its own) or the chunks: the two then see
 * different requests on the connection, and one smuggled past the proxy reaches the server. */
static bool framed_twice(struct MHD_Connection *conn, struct response *rs)
{
    int lengths = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_lengths, &lengths);
    bool coded = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding") != NULL;
    if (lengths > 1)
        respond_error(rs, 400,
                      "the request has %d Content-Length headers: a request says the length of "
                      "its body once",
                      lengths);
    else if (lengths == 1 && coded)
        respond_error(rs, 400,
                      "the request has both Content-Length and Transfer-Encoding: a request "
                      "sends its body with one of them");
    else
        return false;
    rs->close = true;
    return true;
}

/* Whether the body of a request may be read, when it has one; otherwise false, with the answer
 * in 'rs', given before a byte of the body is taken: the path has a route, the route takes a
 * body of that size, the caller may call it (as route_call() will ask again), the body is said
 * to be JSON (json_body()), and a declared body fits in what is left of its budget (reserve()).
 * Bodies were read whole first: anonymous clients made the server hold a megabyte per
 * connection, a gigabyte in all, for a path that did not exist. */
static bool admit_body(struct http *http, struct MHD_Connection *conn, const char *method,
                       const char *url, struct pending *p, struct response *rs)
{
    const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    const char *coding = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
    /* A chunked body's Content-Length is not its size: libmicrohttpd ignores it then (RFC 9112,
     * 6.3), and so must the room taken for it. "Content-Length: 1" beside a chunked body of 4 KB
     * had 2 bytes allocated and the 4 KB copied into them, by a client not even logged in. (Such
     * a request is refused before this now, framed_twice(); the room stays right without it.) */
    p->declared = length && !coding ? strtoull(length, NULL, 10) : 0;
    if (p->declared == 0 && !coding)
        return true;
    /* libmicrohttpd takes a body apart when it is chunked, and reads another coding (gzip) to
     * the end of the stream, which the client, waiting for an answer, never closes: it was cut
     * at the deadline, unanswered. */
    if (coding && strcasecmp(coding, "chunked") != 0) {
        respond_error(rs, 501,
                      "a request body in Transfer-Encoding '%s' cannot be read: send it as it "
                      "is, with its Content-Length, or chunked",
                      coding);
        return false;
    }
    if (strncmp(url, "/api/", 5) != 0) {
        answer_file(http, method, url, rs);
        return false;
    }
    struct request rq;
    char storage[ROUTE_STORAGE];
    const struct route *route = request_route(http, method, url, &rq, storage, rs);
    if (!route)
        return false;
    if (read_request(conn, &rq)) {
        rq.store = db_pool_take(http->srv->pool);
        rq.db = rq.store->db;
        route_refuses(route, &rq, rs);
        db_pool_give(http->srv->pool, rq.store);
    } else {
        respond_error(rs, 500, "out of memory");
    }
    request_end(&rq);
    if (rs->body)
        return false;
    if (route->body_max == 0) {
        respond_error(rs, 413, "%s %s takes no request body", method, url);
        return false;
    }
    /* The size when the client declared it; a chunked body is counted as it comes. */
    if (p->declared > route->body_max) {
        respond_error(rs, 413,
                      "the request body is too large (%llu bytes); a request may have "
                      "at most %zu bytes",
                      p->declared, route->body_max);
        return false;
    }
    if (!json_body(conn, method, url, rs))
        return false;
    p->max = route->body_max;
    /* A declared body's room is taken whole at once: it is never refused half read. */
    enum budget verdict = p->declared ? reserve(http, p, (size_t)p->declared + 1) : BUDGET_OK;
    if (verdict != BUDGET_OK) {
        refuse_busy(rs, verdict);
        return false;
    }
    return true;
}

/* Adds 'n' bytes of the body to 'p'. Past its route's limit, or its budget (reserve()) for a
 * chunked body (whose room is taken as it grows), what it held is freed and the rest is read
 * and dropped: a chunked body is not counted past the limit, so all that is known of it then
 * is that it went past. */
static void take_body(struct http *http, struct pending *p, const char *data, size_t n)
{
    if (p->too_large || p->refused)
        return;
    if (n > p->max - p->len) {
        p->too_large = true;
        drop_body(http, p);
        return;
    }
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->declared ? (size_t)p->declared + 1 : 2 * (p->len + n + 1);
        cap = cap > p->max + 1 ? p->max + 1 : cap;
        /* Never less than what is copied, whatever was declared (n <= max - len above). */
        cap = cap < p->len + n + 1 ? p->len + n + 1 : cap;
        enum budget verdict = cap <= p->reserved ? BUDGET_OK : reserve(http, p, cap - p->reserved);
        char *grown = verdict == BUDGET_OK ? realloc(p->body, cap) : NULL;
        if (!grown) {
            p->refused = verdict == BUDGET_OK ? BUDGET_SERVER : verdict;
            drop_body(http, p);
            return;
        }
        p->body = grown;
        p->cap = cap;
    }
    memcpy(p->body + p->len, data, n);
    p->len += n;
    p->body[p->len] = '\0';
}

static void add_common_headers(struct MHD_Response *r, const struct response *rs, bool api)
{
    MHD_add_response_header(r, "Content-Type",
                            rs->content_type ? rs->content_type : "application/octet-stream");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "SAMEORIGIN");
    /* Answers with an entity tag never change: the browser may keep them, but asks each time
     * (and the access check runs each time); everything else of the API is not kept. */
    MHD_add_response_header(r, "Cache-Control",
                            rs->etag[0] ? "private, no-cache"
                            : api       ? "no-store"
                                        : "no-cache");
    if (rs->etag[0])
        MHD_add_response_header(r, "ETag", rs->etag);
    if (rs->cookie)
        MHD_add_response_header(r, "Set-Cookie", rs->cookie);
    if (rs->csp)
        MHD_add_response_header(r, "Content-Security-Policy", rs->csp);
    if (rs->disposition[0])
        MHD_add_response_header(r, "Content-Disposition", rs->disposition);
    if (rs->retry_after > 0) {
        char s[32];
        snprintf(s, sizeof s, "%d", rs->retry_after);
        MHD_add_response_header(r, "Retry-After", s);
    }
    /* libmicrohttpd then closes the connection once the answer is sent. */
    if (rs->close)
        MHD_add_response_header(r, "Connection", "close");
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

/* The answer in 'rs' on its way, with the policy of what it is (API data, the report page, or
 * the application's files, which set their own). */
static enum MHD_Result send_answer(struct MHD_Connection *conn, struct response *rs, bool api)
{
    if (!rs->body)
        respond_error(rs, 500, "internal error");
    if (api && !rs->csp)
        rs->csp = rs->content_type && strncmp(rs->content_type, "text/html", 9) == 0 ? report_policy
                                                                                     : api_policy;
    return send_response(conn, rs, api);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **state)
{
    (void)version;
    struct http *http = cls;
    struct pending *p = *state;
    bool api = strncmp(url, "/api/", 5) == 0;
    struct response rs;
    memset(&rs, 0, sizeof rs);
    if (!p) {
        /* Answered already, on its socket: libmicrohttpd closes the connection. */
        if (query_refused(http, conn))
            return MHD_NO;
        p = calloc(1, sizeof *p);
        if (!p)
            return MHD_NO;
        p->conn = conn_of(conn);
        *state = p;
        request_stage(http, conn, HEADERS_IN);
        if (!framed_twice(conn, &rs) && !(api && cross_site(http, conn, method, &rs)) &&
            admit_body(http, conn, method, url, p, &rs))
            return MHD_YES;
        /* Refused before its body: libmicrohttpd closes the connection after the answer. */
        request_stage(http, conn, WHOLE);
        return send_answer(conn, &rs, api);
    }
    if (*upload_size > 0) {
        take_body(http, p, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    request_stage(http, conn, WHOLE);
    if (p->refused)
        refuse_busy(&rs, p->refused);
    else if (p->too_large)
        respond_error(&rs, 413,
                      "the request body is too large (more than %zu bytes); a request may have "
                      "at most %zu bytes",
                      p->max, p->max);
    else if (api)
        answer_api(http, conn, method, url, p, &rs);
    else
        answer_file(http, method, url, &rs);
    if (!hold_answer(http, conn, rs.len))
        refuse_answer(&rs);
    return send_answer(conn, &rs, api);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode code)
{
    (void)code;
    struct http *http = cls;
    request_stage(http, conn, ANSWERED);
    release_answer(http, conn);
    struct pending *p = *state;
    if (p) {
        drop_body(http, p);
        free(p);
        *state = NULL;
    }
}

/* The connections open at once that the process's descriptors leave room for:
 * SERVER_CONNECTIONS, or fewer when RLIMIT_NOFILE, raised first toward its hard limit, does not
 * hold them beside the descriptors open now, the request threads' own (libmicrohttpd's poll and
 * wake-up descriptors, 3 a thread) and 32 spare (SQLite's journals). Past it, libmicrohttpd ran
 * out of descriptors as it accepted ("Too many open files"), and a SIGTERM after that could
 * take 30 s rather than a few. Said on standard error when it is fewer. */
static unsigned connection_limit(int threads)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == RLIM_INFINITY)
        return SERVER_CONNECTIONS;
    rlim_t open_now = 0, probe = r.rlim_cur < 65536 ? r.rlim_cur : 65536;
    for (rlim_t fd = 0; fd < probe; fd++)
        open_now += fcntl((int)fd, F_GETFD) != -1;
    rlim_t kept = open_now + 3 * (rlim_t)threads + 32;
    if (r.rlim_cur < kept + SERVER_CONNECTIONS && r.rlim_cur < r.rlim_max) {
        struct rlimit raised = r;
        raised.rlim_cur =
            kept + SERVER_CONNECTIONS < r.rlim_max ? kept + SERVER_CONNECTIONS : r.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            r = raised;
    }
    if (r.rlim_cur >= kept + SERVER_CONNECTIONS)
        return SERVER_CONNECTIONS;
    unsigned limit = r.rlim_cur > kept + 1 ? (unsigned)(r.rlim_cur - kept) : 1;
    fprintf(stderr,
            "dayafter serve: the %llu descriptors a process may open (ulimit -n) leave room for "
            "%u connections at once, not %d\n",
            (unsigned long long)r.rlim_cur, limit, SERVER_CONNECTIONS);
    return limit;
}

struct http *http_start(struct server *srv, const char *address, uint16_t port, int threads,
                        const char *trusted_proxy, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags =
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG | MHD_USE_ITC;
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
    struct address proxy;
    memset(&proxy, 0, sizeof proxy);
    if (trusted_proxy) {
        proxy = address_parse(trusted_proxy);
        if (!proxy.family) {
            snprintf(err, errlen, "the trusted proxy '%s' is not an IPv4 or IPv6 address",
                     trusted_proxy);
            return NULL;
        }
    }
    struct http *http = calloc(1, sizeof *http);
    if (!http) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    http->srv = srv;
    http->proxy = proxy;
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_mutex_init(&http->lock, NULL);
    pthread_mutex_init(&http->log_lock, NULL);
    pthread_cond_init(&http->wake, &monotonic);
    pthread_condattr_destroy(&monotonic);
    /* The logger first, as libmicrohttpd asks: options before it may log on their own. */
    http->daemon = MHD_start_daemon(
        flags, port, on_accept, http, on_request, http, MHD_OPTION_EXTERNAL_LOGGER, on_log, http,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, http,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, http, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)SERVER_IDLE_S, MHD_OPTION_CONNECTION_LIMIT, connection_limit(threads),
        MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL, MHD_OPTION_URI_LOG_CALLBACK, on_uri, http,
        MHD_OPTION_END);
    if (!http->daemon) {
        snprintf(err, errlen, "cannot listen on %s port %u (in use, or not allowed)", address,
                 (unsigned)port);
        http_stop(http);
        return NULL;
    }
    http->watching = pthread_create(&http->watchdog, NULL, watch, http) == 0;
    if (!http->watching) {
        snprintf(err, errlen, "cannot start the connections' watchdog thread");
        http_stop(http);
        return NULL;
    }
    return http;
}

uint16_t http_port(const struct http *http)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(http->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

void http_stop(struct http *http)
{
    if (!http)
        return;
    if (http->watching) {
        pthread_mutex_lock(&http->lock);
        http->stopping = true;
        pthread_cond_signal(&http->wake);
        pthread_mutex_unlock(&http->lock);
        pthread_join(http->watchdog, NULL);
    }
    /* libmicrohttpd closes every connection without waiting for its client: a slow one
     * holds nothing up. */
    if (http->daemon)
        MHD_stop_daemon(http->daemon);
    pthread_mutex_lock(&http->log_lock);
    log_next_second(http, 0);
    pthread_mutex_unlock(&http->log_lock);
    pthread_cond_destroy(&http->wake);
    pthread_mutex_destroy(&http->log_lock);
    pthread_mutex_destroy(&http->lock);
    free(http);
}
