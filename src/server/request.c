/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * request.c - the plain request and response (server.h): what a request owns (a handler hands
 * its allocations to the request and returns wherever it likes; request_end() frees them
 * once), its query, and the response's body as JSON, an error or bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/text.h"
#include "server.h"

void *request_own(struct request *rq, void *p)
{
    if (!p)
        return NULL;
    if (rq->owned_count == rq->owned_cap) {
        size_t cap = rq->owned_cap ? 2 * rq->owned_cap : 8;
        void **grown = realloc(rq->owned, cap * sizeof *grown);
        if (!grown) {
            free(p);
            return NULL;
        }
        rq->owned = grown;
        rq->owned_cap = cap;
    }
    rq->owned[rq->owned_count++] = p;
    return p;
}

void request_end(struct request *rq)
{
    for (size_t i = 0; i < rq->owned_count; i++)
        free(rq->owned[i]);
    free(rq->owned);
    rq->owned = NULL;
    rq->owned_count = rq->owned_cap = 0;
    json_decref(rq->body_json);
    rq->body_json = NULL;
}

const char *request_query(const struct request *rq, const char *name)
{
    for (size_t i = 0; i < rq->query_count; i++)
        if (strcmp(rq->query[i].name, name) == 0)
            return rq->query[i].value;
    return NULL;
}

void respond_bytes(struct response *rs, int status, const char *type, const char *bytes, size_t len)
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
    /* Room for two names whole (a scenario's and an organization's, SERVER_NAME_MAX bytes each). */
    char message[2 * SERVER_NAME_MAX + 256], clean[3 * sizeof message];
    va_list ap;
    va_start(ap, fmt);
    /* Messages echo what the client sent (a path, a name): cut on a whole character, with
     * the bytes that are not UTF-8 as U+FFFD, or jansson would refuse the message (a 500). */
    text_vformat(message, sizeof message, fmt, ap);
    va_end(ap);
    text_utf8_sanitize(clean, sizeof clean, message);
    respond_json(rs, status, json_pack("{s:s}", "error", clean));
}
