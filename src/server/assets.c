/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * assets.c - the browser application's own files, embedded at build time from web/app/
 * (tools/embed_text.py): the page, its scripts (app.js, and web/format.js, which it shares
 * with the report) and its style; and the documents the application links to, the scenario
 * format and the API, as the Markdown they are written in. Nothing is fetched from elsewhere;
 * the page's Content-Security-Policy allows this server only.
 */
#include <string.h>

#include "server.h"

extern const char app_html[], app_js[], app_css[], app_format_js[], doc_scenario[], doc_api[];
extern const size_t app_html_len, app_js_len, app_css_len, app_format_js_len, doc_scenario_len,
    doc_api_len;

static const char app_policy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

void serve_asset(struct request *rq, struct response *rs)
{
    const char *path = rq->path;
    if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0)
        respond_bytes(rs, 200, "text/html; charset=utf-8", app_html, app_html_len);
    else if (strcmp(path, "/app.js") == 0)
        respond_bytes(rs, 200, "text/javascript; charset=utf-8", app_js, app_js_len);
    else if (strcmp(path, "/format.js") == 0)
        respond_bytes(rs, 200, "text/javascript; charset=utf-8", app_format_js, app_format_js_len);
    else if (strcmp(path, "/app.css") == 0)
        respond_bytes(rs, 200, "text/css; charset=utf-8", app_css, app_css_len);
    else if (strcmp(path, "/docs/scenario.md") == 0)
        respond_bytes(rs, 200, "text/plain; charset=utf-8", doc_scenario, doc_scenario_len);
    else if (strcmp(path, "/docs/api.md") == 0)
        respond_bytes(rs, 200, "text/plain; charset=utf-8", doc_api, doc_api_len);
    else
        respond_bytes(rs, 404, "text/plain; charset=utf-8", "not found\n", 10);
    rs->csp = app_policy;
}
