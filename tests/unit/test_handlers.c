/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_handlers.c - the API's handlers called with plain requests against an in-memory
 * database with the schema's migrations: no socket, no libmicrohttpd. Status codes and bodies,
 * refusals (401, 403, 404, 400) and quotas (413, 429), the audit entry a change writes, and a
 * statement prepared once and reused by the next request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/db.h"
#include "server/routes.h"
#include "server/store.h"

struct fixture {
    sqlite3 *db;
    struct store *store;
    struct server srv;
    struct principal editor, viewer, stranger; /* of organizations 1, 1 and 2 */
};

static struct fixture fx;

static int setup(void **state)
{
    (void)state;
    char err[256];
    memset(&fx, 0, sizeof fx);
    fx.db = db_open(":memory:", err, sizeof err);
    assert_non_null(fx.db);
    fx.store = store_open(fx.db);
    assert_non_null(fx.store);
    fx.srv.quotas.runs_per_day = 100;
    fx.srv.quotas.stored_bytes = 1024 * 1024;
    fx.srv.quotas.actions_per_day = SERVER_ACTIONS_PER_DAY;
    assert_true(auth_init());
    assert_int_equal(sqlite3_exec(fx.db,
                                  "INSERT INTO organizations (name, created_at) VALUES"
                                  " ('Alpha', 0), ('Beta', 0);"
                                  "INSERT INTO users (email, password_hash, org_id, role,"
                                  " created_at) VALUES ('ed@alpha.org', 'h', 1, 'editor', 0),"
                                  " ('vi@alpha.org', 'h', 1, 'viewer', 0),"
                                  " ('ed@beta.org', 'h', 2, 'editor', 0)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    struct principal *people[] = {&fx.editor, &fx.viewer, &fx.stranger};
    const char *emails[] = {"ed@alpha.org", "vi@alpha.org", "ed@beta.org"};
    for (int i = 0; i < 3; i++) {
        people[i]->user_id = i + 1;
        people[i]->org_id = i == 2 ? 2 : 1;
        people[i]->role = i == 1 ? ROLE_VIEWER : ROLE_EDITOR;
        snprintf(people[i]->email, sizeof people[i]->email, "%s", emails[i]);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    store_close(fx.store);
    sqlite3_close(fx.db);
    return 0;
}

/* A plain request as 'who', with 'body' (or none) and the path's parts. */
static struct request request(const struct principal *who, const char *body, const char *p0,
                              const char *p1)
{
    struct request rq;
    memset(&rq, 0, sizeof rq);
    rq.srv = &fx.srv;
    rq.store = fx.store;
    rq.db = fx.db;
    rq.method = "GET";
    rq.path = "/api/test";
    rq.body = body ? body : "";
    rq.body_len = body ? strlen(body) : 0;
    rq.params[0] = p0;
    rq.params[1] = p1;
    if (who)
        rq.who = *who;
    snprintf(rq.client, sizeof rq.client, "192.0.2.1");
    return rq;
}

/* Calls 'handler' with 'rq' and ends the request; the response's status, its body in 'body'
 * (a copy, or NULL). */
static int call(handler_fn handler, struct request *rq, char **body)
{
    struct response rs;
    memset(&rs, 0, sizeof rs);
    handler(rq, &rs);
    request_end(rq);
    assert_null(rq->body_json);
    assert_int_equal(rq->owned_count, 0);
    if (body)
        *body = rs.body ? strndup(rs.body, rs.len) : NULL;
    free(rs.body);
    free(rs.cookie);
    return rs.status;
}

/* The body of a new scenario named 'name' with a built-in scenario's text. */
static char *scenario_body(const char *name)
{
    const char *text;
    size_t len;
    assert_int_equal(da_example_text(da_example_name(0), &text, &len), DA_OK);
    json_t *o = json_pack("{s:s, s:s%}", "name", name, "yaml", text, len);
    char *body = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return body;
}

static void test_create_and_read(void **state)
{
    (void)state;
    char *body = scenario_body("Plan"), *reply;
    struct request rq = request(&fx.editor, body, NULL, NULL);
    assert_int_equal(call(api_scenarios_create, &rq, &reply), 201);
    assert_string_equal(reply, "{\"id\":1,\"revision\":1}");
    free(reply);
    /* The change is in the organization's audit log, with who made it and from where. */
    assert_int_equal(db_int_id(fx.db,
                               "SELECT count(*) FROM audit WHERE org_id = ?1 AND"
                               " action = 'edit' AND email = 'ed@alpha.org' AND"
                               " client = '192.0.2.1' AND"
                               " detail = 'created scenario 1 ''Plan'''",
                               1, 0),
                     1);
    rq = request(&fx.viewer, NULL, "1", NULL);
    assert_int_equal(call(api_scenario_get, &rq, &reply), 200);
    assert_non_null(strstr(reply,
                           "\"name\":\"Plan\",\"organization\":\"Alpha\",\"owned\":true,"
                           "\"can_edit\":false"));
    free(reply);
    rq = request(&fx.viewer, "{\"revision\": 1}", "1", "1");
    assert_int_equal(call(api_scenario_revision, &rq, &reply), 200);
    assert_non_null(strstr(reply, "\"author\":\"ed@alpha.org\""));
    free(reply);
    free(body);
}

static void test_refusals(void **state)
{
    (void)state;
    char *body = scenario_body("Other"), *reply;
    /* A viewer creates nothing; another organization does not see the scenario at all. */
    struct request rq = request(&fx.viewer, body, NULL, NULL);
    assert_int_equal(call(api_scenarios_create, &rq, &reply), 403);
    assert_string_equal(reply,
                        "{\"error\":\"only an organization's editors and admins create "
                        "scenarios\"}");
    free(reply);
    rq = request(&fx.stranger, NULL, "1", NULL);
    assert_int_equal(call(api_scenario_get, &rq, &reply), 404);
    assert_string_equal(reply, "{\"error\":\"no scenario 1\"}");
    free(reply);
    rq = request(&fx.viewer, body, "1", NULL);
    assert_int_equal(call(api_scenario_save, &rq, NULL), 403);
    /* A body that is not the endpoint's: a 400 that names the problem, and nothing kept. */
    rq = request(&fx.editor, "{\"name\": \"x\"}", NULL, NULL);
    assert_int_equal(call(api_scenarios_create, &rq, &reply), 400);
    assert_non_null(strstr(reply, "yaml"));
    free(reply);
    rq = request(&fx.editor, "", NULL, NULL);
    assert_int_equal(call(api_scenarios_create, &rq, &reply), 400);
    assert_string_equal(reply, "{\"error\":\"the request needs a JSON object as its body\"}");
    free(reply);
    free(body);
}

static void test_quotas(void **state)
{
    (void)state;
    char *reply;
    fx.srv.quotas.runs_per_day = 0;
    struct request rq = request(&fx.editor, "{}", "1", NULL);
    assert_int_equal(call(api_runs_create, &rq, &reply), 429);
    assert_non_null(strstr(reply, "\"code\":\"quota\",\"quota\":\"runs_per_day\""));
    free(reply);
    fx.srv.quotas.runs_per_day = 100;
    fx.srv.quotas.stored_bytes = 10;
    char *body = scenario_body("Big");
    rq = request(&fx.editor, body, NULL, NULL);
    assert_int_equal(call(api_scenarios_create, &rq, &reply), 413);
    assert_non_null(strstr(reply, "\"quota\":\"storage\""));
    assert_non_null(strstr(reply, "the scenarios Alpha stores past its quota"));
    free(reply);
    fx.srv.quotas.stored_bytes = 1024 * 1024;
    /* Refused inside the transaction, which is rolled back: nothing was written. */
    assert_int_equal(sqlite3_get_autocommit(fx.db), 1);
    assert_int_equal(db_int_id(fx.db, "SELECT count(*) FROM scenarios", 0, -1), 1);
    free(body);
}

/* Adds an audit entry of user 'user' 'ago' seconds before 'now'. */
static void audit_entry(int64_t user, int64_t now, int64_t ago)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO audit (at, org_id, user_id, action, detail, client)"
             " VALUES (%lld, 1, %lld, 'token', 'x', '192.0.2.1')",
             (long long)(now - ago), (long long)user);
    assert_int_equal(sqlite3_exec(fx.db, sql, NULL, NULL, NULL), SQLITE_OK);
}

/* Whether 'route' (method and path) refuses a request of the holder of 'bearer' (a header); the
 * response's status and retry_after, and whether its body holds 'says'. */
static bool refused(const char *method, const char *path, const char *bearer, int *status,
                    int *retry_after, const char *says)
{
    const char *params[3];
    char storage[ROUTE_STORAGE];
    bool allowed;
    const struct route *route = route_find(method, path, params, storage, &allowed);
    assert_non_null(route);
    struct request rq = request(NULL, NULL, NULL, NULL);
    rq.method = method;
    rq.authorization = bearer;
    struct response rs;
    memset(&rs, 0, sizeof rs);
    bool no = route_refuses(route, &rq, &rs);
    *status = rs.status;
    *retry_after = rs.retry_after;
    if (says) {
        char *body = rs.body ? strndup(rs.body, rs.len) : NULL;
        assert_non_null(body);
        assert_non_null(strstr(body, says));
        free(body);
    }
    free(rs.body);
    request_end(&rq);
    return no;
}

/*
 * A user's entries in the audit log are bounded (SERVER_ACTIONS_PER_DAY in 24 hours; 3 here),
 * counted by the hour: past them a route that adds one is refused before its handler, with the
 * quota's 429 and the seconds until the hour of the oldest entry needed leaves the 24 hours;
 * a route that writes no entry, another user, and an entry of 26 hours ago are not counted,
 * and the hours older than that are deleted. Logging out, changing the password and revoking a
 * token are never refused (an owner takes the account back with them). A login with the right
 * password past the quota is refused too, and neither opens a session nor counts as a failure.
 */
static void test_action_quota(void **state)
{
    (void)state;
    enum { DAY = 24 * 60 * 60 };
    fx.srv.quotas.actions_per_day = 3;
    /* The earlier tests' entries (the scenario created) out of the count. */
    assert_int_equal(
        sqlite3_exec(fx.db, "DELETE FROM audit; DELETE FROM audit_hours", NULL, NULL, NULL),
        SQLITE_OK);
    int64_t now = server_now();
    char token[AUTH_TOKEN_LEN + 1], bearer[AUTH_TOKEN_LEN + 16], other[AUTH_TOKEN_LEN + 16];
    assert_true(auth_token_create(fx.store, fx.editor.user_id, "quota", now, token));
    snprintf(bearer, sizeof bearer, "Bearer %s", token);
    assert_true(auth_token_create(fx.store, fx.viewer.user_id, "quota", now, token));
    snprintf(other, sizeof other, "Bearer %s", token);
    audit_entry(fx.editor.user_id, now, DAY + 2 * 3600); /* out of the 24 hours and their hour */
    audit_entry(fx.editor.user_id, now, 100);
    audit_entry(fx.editor.user_id, now, 50);
    int status, wait;
    assert_false(refused("POST", "/api/tokens", bearer, &status, &wait, NULL));
    audit_entry(fx.editor.user_id, now, 10);
    assert_true(refused("POST", "/api/tokens", bearer, &status, &wait,
                        "\"code\":\"quota\",\"quota\":\"actions\""));
    assert_int_equal(status, 429);
    /* The oldest entry counted is 100 s old: its hour leaves the 24 hours within the hour. */
    assert_true(wait > DAY - 100 - 2 && wait <= DAY + 3600);
    assert_true(refused("DELETE", "/api/runs/1", bearer, &status, &wait,
                        "your account's logins and changes added 3 entries to the audit log in the "
                        "last 24 hours, the most one account may (quota: 3 a day): the next can be "
                        "made in "));
    char old[128];
    snprintf(old, sizeof old, "SELECT count(*) FROM audit_hours WHERE hour < %lld",
             (long long)(now / 3600 - 25));
    assert_int_equal(db_int_id(fx.db, old, 0, -1), 0);
    assert_false(refused("POST", "/api/validate", bearer, &status, &wait, NULL));
    assert_false(refused("POST", "/api/logout", bearer, &status, &wait, NULL));
    assert_false(refused("POST", "/api/password", bearer, &status, &wait, NULL));
    assert_false(refused("DELETE", "/api/tokens/1", bearer, &status, &wait, NULL));
    assert_false(refused("POST", "/api/tokens", other, &status, &wait, NULL));
    /* The right password, past the quota. */
    char hash[AUTH_HASH_LEN];
    assert_true(auth_hash_password("a long enough password", hash));
    char sql[AUTH_HASH_LEN + 96];
    snprintf(sql, sizeof sql, "UPDATE users SET password_hash = '%s' WHERE id = %lld", hash,
             (long long)fx.editor.user_id);
    assert_int_equal(sqlite3_exec(fx.db, sql, NULL, NULL, NULL), SQLITE_OK);
    const char *login = "{\"email\": \"ed@alpha.org\", \"password\": \"a long enough password\"}";
    struct request rq = request(NULL, login, NULL, NULL);
    char *reply;
    assert_int_equal(call(api_login, &rq, &reply), 429);
    assert_non_null(strstr(reply, "\"quota\":\"actions\""));
    free(reply);
    assert_int_equal(db_int_id(fx.db, "SELECT count(*) FROM sessions", 0, -1), 0);
    assert_int_equal(db_int_id(fx.db, "SELECT count(*) FROM login_failures", 0, -1), 0);
    fx.srv.quotas.actions_per_day = 4; /* room for one more: the login goes through */
    rq = request(NULL, login, NULL, NULL);
    assert_int_equal(call(api_login, &rq, NULL), 200);
    assert_int_equal(db_int_id(fx.db, "SELECT count(*) FROM sessions", 0, -1), 1);
    fx.srv.quotas.actions_per_day = SERVER_ACTIONS_PER_DAY;
}

static void test_query_and_routes(void **state)
{
    (void)state;
    char *reply;
    struct query_param query[] = {{"from", "1"}, {"to", "1"}};
    struct request rq = request(&fx.editor, NULL, "1", NULL);
    rq.query = query;
    rq.query_count = 2;
    assert_int_equal(call(api_scenario_diff, &rq, &reply), 200);
    assert_non_null(strstr(reply, "\"from\":1,\"to\":1,\"added\":0,\"removed\":0"));
    free(reply);
    rq = request(&fx.editor, NULL, "1", NULL);
    assert_int_equal(call(api_scenario_diff, &rq, NULL), 400);
    /* Through the route table: nobody logged in is a 401 before any handler runs. */
    const char *params[3];
    char storage[ROUTE_STORAGE];
    bool allowed;
    const struct route *route = route_find("GET", "/api/scenarios", params, storage, &allowed);
    assert_non_null(route);
    rq = request(NULL, NULL, NULL, NULL);
    struct response rs;
    memset(&rs, 0, sizeof rs);
    route_call(route, &rq, &rs);
    assert_int_equal(rs.status, 401);
    free(rs.body);
    request_end(&rq);
}

static void test_statements_reused(void **state)
{
    (void)state;
    struct request rq = request(&fx.editor, NULL, NULL, NULL);
    char *first, *second;
    assert_int_equal(call(api_scenarios_list, &rq, &first), 200);
    sqlite3_stmt *list = fx.store->cache[SQL_SCENARIOS_LIST];
    assert_non_null(list);
    unsigned long prepared = fx.store->prepared;
    rq = request(&fx.editor, NULL, NULL, NULL);
    assert_int_equal(call(api_scenarios_list, &rq, &second), 200);
    /* The second request prepared nothing: the same statement, reset, answered it alike. */
    assert_ptr_equal(fx.store->cache[SQL_SCENARIOS_LIST], list);
    assert_int_equal(fx.store->prepared, prepared);
    assert_string_equal(first, second);
    assert_false(sqlite3_stmt_busy(list));
    free(first);
    free(second);
}

/* A removed member comes back only to the organization that removed them, or by the site
 * administrator's hand: another organization's admin adding their email gets the answer of an
 * email in use, where it took the account, id and all, into its own organization. */
static void test_removed_member_returns(void **state)
{
    (void)state;
    assert_int_equal(sqlite3_exec(fx.db,
                                  "INSERT INTO users (email, password_hash, org_id, role,"
                                  " created_at) VALUES ('fp@alpha.org', 'h', 1, 'viewer', 0);"
                                  "INSERT INTO users (email, password_hash, org_id, role,"
                                  " created_at, site_admin) VALUES ('site@x.org', 'h', NULL,"
                                  " NULL, 0, 1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char id[16];
    snprintf(
        id, sizeof id, "%lld",
        (long long)db_int_id(fx.db, "SELECT id FROM users WHERE email = 'fp@alpha.org'", 0, 0));
    struct principal alpha = fx.editor, beta = fx.stranger, site;
    alpha.role = beta.role = ROLE_ADMIN;
    memset(&site, 0, sizeof site);
    site.user_id = db_int_id(fx.db, "SELECT id FROM users WHERE site_admin = 1", 0, 0);
    site.site_admin = true;
    snprintf(site.email, sizeof site.email, "site@x.org");
    const char *to_alpha =
        "{\"email\": \"fp@alpha.org\", \"organization\": \"Alpha\", "
        "\"role\": \"viewer\"}";
    const char *to_beta =
        "{\"email\": \"fp@alpha.org\", \"organization\": \"Beta\", "
        "\"role\": \"admin\"}";
    char *reply, expected[64];
    struct request rq = request(&alpha, NULL, id, NULL);
    assert_int_equal(call(api_user_remove, &rq, NULL), 200);
    rq = request(&beta, to_beta, NULL, NULL);
    assert_int_equal(call(api_users_create, &rq, &reply), 409);
    assert_string_equal(reply, "{\"error\":\"a user with the email 'fp@alpha.org' exists\"}");
    free(reply);
    assert_int_equal(db_int_id(fx.db,
                               "SELECT count(*) FROM users WHERE email = 'fp@alpha.org' AND"
                               " org_id = 1 AND disabled_at IS NOT NULL",
                               0, 0),
                     1);
    /* Alpha brings them back, as the same member. */
    rq = request(&alpha, to_alpha, NULL, NULL);
    assert_int_equal(call(api_users_create, &rq, &reply), 201);
    snprintf(expected, sizeof expected, "{\"id\":%s,", id);
    assert_non_null(strstr(reply, expected));
    free(reply);
    /* Removed again, the site administrator may move them to another organization. */
    rq = request(&alpha, NULL, id, NULL);
    assert_int_equal(call(api_user_remove, &rq, NULL), 200);
    rq = request(&site, to_beta, NULL, NULL);
    assert_int_equal(call(api_users_create, &rq, &reply), 201);
    assert_non_null(strstr(reply, expected));
    assert_non_null(strstr(reply, "\"organization\":\"Beta\""));
    free(reply);
}

/*
 * A request with a bearer token that identifies nobody is told that the token is not valid;
 * "send a bearer token", which it had, is for a request without one.
 */
static void test_bearer_not_valid(void **state)
{
    (void)state;
    int status, retry_after;
    char bearer[64];
    snprintf(bearer, sizeof bearer, "Bearer %0*d", AUTH_TOKEN_LEN, 7);
    assert_true(refused("GET", "/api/scenarios", bearer, &status, &retry_after,
                        "the bearer token is not valid: it was revoked (by its owner, a password "
                        "change or the owner's removal) or is mistyped; create a new one (POST "
                        "/api/tokens, or the account page)"));
    assert_int_equal(status, 401);
    assert_true(refused("GET", "/api/scenarios", "Bearer short", &status, &retry_after,
                        "the bearer token is not valid"));
    assert_true(refused("GET", "/api/scenarios", NULL, &status, &retry_after,
                        "log in first (POST /api/login) or send a bearer token"));
    assert_int_equal(status, 401);
}

/*
 * The results, CSV and report of a run that was cancelled or failed: a 409 that says it never
 * will have any ("no results yet" promised them); one still queued has none yet.
 */
static void test_runs_without_results(void **state)
{
    (void)state;
    struct {
        const char *status, *says;
    } cases[] = {
        {"cancelled",
         "{\"error\":\"run 1 was cancelled: it has no results (queue it again for "
         "some)\"}"},
        {"failed", "{\"error\":\"run 1 failed: it has no results (queue it again for some)\"}"},
        {"queued", "{\"error\":\"run 1 is queued: it has no results yet\"}"},
    };
    assert_int_equal(sqlite3_exec(fx.db,
                                  "INSERT INTO runs (id, revision_id, org_id, requested_by,"
                                  " replications, seed, status, created_at)"
                                  " VALUES (1, 1, 1, 1, 10, 1, 'queued', 0)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    handler_fn handlers[] = {api_run_json, api_run_csv, api_run_report};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char sql[128], *reply;
        snprintf(sql, sizeof sql, "UPDATE runs SET status = '%s' WHERE id = 1", cases[i].status);
        assert_int_equal(sqlite3_exec(fx.db, sql, NULL, NULL, NULL), SQLITE_OK);
        for (size_t h = 0; h < sizeof handlers / sizeof handlers[0]; h++) {
            struct request rq = request(&fx.editor, NULL, "1", "metrics.csv");
            assert_int_equal(call(handlers[h], &rq, &reply), 409);
            assert_string_equal(reply, cases[i].says);
            free(reply);
        }
    }
}

/*
 * A partner's fork of a shared scenario is its own work, as its runs are: its log has the fork
 * whole (who, from where, into what); the owner's says only that its scenario was forked by
 * that organization, with no user, no client and no scenario of the partner's.
 */
static void test_partner_fork_audit(void **state)
{
    (void)state;
    char *reply;
    assert_int_equal(sqlite3_exec(fx.db,
                                  "INSERT INTO shares (scenario_id, org_id, access, created_at)"
                                  " VALUES (1, 2, 'read', 0)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    struct request rq = request(&fx.stranger, "{}", "1", NULL);
    assert_int_equal(call(api_scenario_fork, &rq, &reply), 201);
    int64_t fork = db_int_id(fx.db, "SELECT max(id) FROM scenarios WHERE org_id = ?1", 2, 0);
    free(reply);
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE org_id = ?1 AND action = 'edit' AND"
             " email = 'ed@beta.org' AND client = '192.0.2.1' AND"
             " detail = 'forked scenario 1 revision 1 as scenario %lld'",
             (long long)fork);
    assert_int_equal(db_int_id(fx.db, sql, 2, 0), 1);
    assert_int_equal(db_int_id(fx.db,
                               "SELECT count(*) FROM audit WHERE org_id = ?1 AND action = 'edit'"
                               " AND user_id IS NULL AND email IS NULL AND client = '' AND"
                               " detail = 'organization 2 forked scenario 1'",
                               1, 0),
                     1);
    /* Nothing of the partner's in the owner's log: not its member, nor its address. */
    assert_int_equal(db_int_id(fx.db,
                               "SELECT count(*) FROM audit WHERE org_id = ?1 AND"
                               " (email = 'ed@beta.org' OR detail LIKE 'forked%')",
                               1, 0),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_read),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_quotas),
        cmocka_unit_test(test_action_quota),
        cmocka_unit_test(test_query_and_routes),
        cmocka_unit_test(test_statements_reused),
        cmocka_unit_test(test_removed_member_returns),
        cmocka_unit_test(test_bearer_not_valid),
        cmocka_unit_test(test_runs_without_results),
        cmocka_unit_test(test_partner_fork_audit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
