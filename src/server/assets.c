/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * assets.c - the browser application's own files, embedded at build time from web/app/
 * (tools/embed_text.py, the list in meson.build): the page, its style, its ES modules (app.js
 * and those it imports, web/format.js among them, which it shares with the report); and the
 * documents the application links to, the scenario format and the API, as the Markdown they
 * are written in. Nothing is fetched from elsewhere; the page's Content-Security-Policy
 * allows this server only.
 */
#include <stddef.h>
#include <string.h>

#include "server.h"

extern const char app_html[], app_css[], app_js[], app_api_js[], app_dom_js[], app_editor_js[],
    app_router_js[], app_routes_js[], app_view_account_js[], app_view_admin_js[],
    app_view_compare_js[], app_view_login_js[], app_view_new_scenario_js[], app_view_run_js[],
    app_view_scenario_js[], app_view_scenarios_js[], app_format_js[], doc_scenario[], doc_api[];
extern const size_t app_html_len, app_css_len, app_js_len, app_api_js_len, app_dom_js_len,
    app_editor_js_len, app_router_js_len, app_routes_js_len, app_view_account_js_len,
    app_view_admin_js_len, app_view_compare_js_len, app_view_login_js_len,
    app_view_new_scenario_js_len, app_view_run_js_len, app_view_scenario_js_len,
    app_view_scenarios_js_len, app_format_js_len, doc_scenario_len, doc_api_len;

static const char app_policy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

#define HTML "text/html; charset=utf-8"
#define CSS  "text/css; charset=utf-8"
/* What browsers require of a module script: a JavaScript type. */
#define JS   "text/javascript; charset=utf-8"
#define TEXT "text/plain; charset=utf-8"

/* Each file at its path: the modules import each other by these (./dom.js, ../format.js). */
static const struct asset {
    const char *path;
    const char *type;
    const char *body;
    const size_t *len;
} assets[] = {
    {"/", HTML, app_html, &app_html_len},
    {"/index.html", HTML, app_html, &app_html_len},
    {"/app.css", CSS, app_css, &app_css_len},
    {"/app.js", JS, app_js, &app_js_len},
    {"/api.js", JS, app_api_js, &app_api_js_len},
    {"/dom.js", JS, app_dom_js, &app_dom_js_len},
    {"/editor.js", JS, app_editor_js, &app_editor_js_len},
    {"/router.js", JS, app_router_js, &app_router_js_len},
    {"/routes.js", JS, app_routes_js, &app_routes_js_len},
    {"/views/account.js", JS, app_view_account_js, &app_view_account_js_len},
    {"/views/admin.js", JS, app_view_admin_js, &app_view_admin_js_len},
    {"/views/compare.js", JS, app_view_compare_js, &app_view_compare_js_len},
    {"/views/login.js", JS, app_view_login_js, &app_view_login_js_len},
    {"/views/new_scenario.js", JS, app_view_new_scenario_js, &app_view_new_scenario_js_len},
    {"/views/run.js", JS, app_view_run_js, &app_view_run_js_len},
    {"/views/scenario.js", JS, app_view_scenario_js, &app_view_scenario_js_len},
    {"/views/scenarios.js", JS, app_view_scenarios_js, &app_view_scenarios_js_len},
    {"/format.js", JS, app_format_js, &app_format_js_len},
    {"/docs/scenario.md", TEXT, doc_scenario, &doc_scenario_len},
    {"/docs/api.md", TEXT, doc_api, &doc_api_len},
};

void serve_asset(struct request *rq, struct response *rs)
{
    rs->csp = app_policy;
    /* The path is as the client sent it (http.c keeps its escapes): a NUL byte in it is a 400,
     * as under /api/ (routes.c), not a page that does not exist. */
    if (strstr(rq->path, "%00")) {
        respond_error(rs, 400, "a path may not hold a NUL byte (%%00): %s", rq->path);
        return;
    }
    for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
        if (strcmp(rq->path, assets[i].path) == 0) {
            respond_bytes(rs, 200, assets[i].type, assets[i].body, *assets[i].len);
            return;
        }
    }
    /* JSON, as every error of the server is. */
    respond_error(rs, 404, "no such page: %s", rq->path);
}
