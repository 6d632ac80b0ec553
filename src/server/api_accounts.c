/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api_accounts.c - logging in and out, API tokens, passwords, organizations, users and the
 * audit log. The site administrator creates organizations; an organization's admins add its
 * members as viewers, editors or admins, and read its audit log.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "auth.h"
#include "store_accounts.h"
#include "store_audit.h"

/* A hash to check wrong emails against, so that an unknown email takes as long to refuse as
 * a wrong password (no account discovery by timing). */
static char decoy_hash[AUTH_HASH_LEN];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;

static void make_decoy(void)
{
    char password[AUTH_PASSWORD_LEN + 1];
    auth_new_password(password);
    auth_hash_password(password, decoy_hash);
}

/* The caller's description: email, organization, role, site_admin, must_change_password. */
static json_t *describe_user(struct request *rq, const struct principal *who)
{
    char *org = who->org_id ? request_own(rq, store_org_name(rq->store, who->org_id)) : NULL;
    return json_pack("{s:s, s:s?, s:s?, s:b, s:b}", "email", who->email, "organization", org,
                     "role", who->org_id ? role_name(who->role) : NULL, "site_admin",
                     who->site_admin, "must_change_password", who->must_change);
}

/* The session cookie's attributes: Secure too when a TLS proxy in front says the browser came
 * over HTTPS (a cookie marked Secure is never sent over plain HTTP, so a false claim only
 * restricts it). */
static const char *cookie_attributes(const struct request *rq)
{
    const char *proto = rq->forwarded_proto;
    return proto && strcmp(proto, "https") == 0 ? "Path=/; HttpOnly; SameSite=Strict; Secure"
                                                : "Path=/; HttpOnly; SameSite=Strict";
}

/* A refused login, counted by the limiter and in the audit log: a 401 with 'message', and
 * 'code' when there is one. */
static void login_refused(struct request *rq, struct response *rs, const struct body_login *b,
                          int64_t org, const char *detail, const char *message, const char *code)
{
    auth_login_failed(rq->store, b->email, rq->client, server_now());
    api_audit_log(rq, org, 0, "login_failed", "%s %s%s", detail, b->email,
                  code ? " with a first password used before" : "");
    json_t *reply = code ? json_pack("{s:s, s:s}", "error", message, "code", code)
                         : json_pack("{s:s}", "error", message);
    api_commit(rq, rs, 401, reply);
}

/* Whether the limiter lets 'b' try now; otherwise a 429 with when to try again. */
static bool login_allowed(struct request *rq, struct response *rs, const struct body_login *b,
                          int64_t now)
{
    int wait = auth_login_wait(rq->store, b->email, rq->client, now);
    if (wait > 0) {
        respond_error(rs, 429, "too many failed logins: try again in %d seconds", wait);
        rs->retry_after = wait;
    }
    return wait == 0;
}

/*
 * Logins of one account are taken in turn (a lock of the email's stripe): the limiter's count
 * is read before the password's hash is checked, a tenth of a second, and a failure is written
 * after it, so that attempts sent at once all passed the check before any failure was counted
 * (sixteen at once on four request threads got eight guesses where five are allowed). A login
 * that is refused outright (429) takes no turn; one sent while the account's turn is taken
 * waits for it, at most the hash's time per attempt the limiter lets through.
 */
#define LOGIN_STRIPES 16
static pthread_mutex_t login_stripes[LOGIN_STRIPES];
static pthread_once_t login_stripes_once = PTHREAD_ONCE_INIT;

static void make_login_stripes(void)
{
    for (int i = 0; i < LOGIN_STRIPES; i++)
        pthread_mutex_init(&login_stripes[i], NULL);
}

/* The stripe of an email, compared ignoring ASCII case as the limiter's key is (FNV-1a). */
static pthread_mutex_t *login_stripe(const char *email)
{
    pthread_once(&login_stripes_once, make_login_stripes);
    uint32_t h = 2166136261u;
    for (const char *c = email; *c; c++) {
        char lower = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c;
        h = (h ^ (uint8_t)lower) * 16777619u;
    }
    return &login_stripes[h % LOGIN_STRIPES];
}

/* A login in its account's turn: the limiter asked again, now that no other attempt of the
 * account is between its check and its count, then the password. */
static void login_in_turn(struct request *rq, struct response *rs, const struct body_login *b)
{
    int64_t now = server_now();
    if (!login_allowed(rq, rs, b, now))
        return;
    struct store_login user;
    if (!store_login_user(rq->store, b->email, &user)) {
        pthread_once(&decoy_once, make_decoy);
        snprintf(user.hash, sizeof user.hash, "%s", decoy_hash);
    }
    bool matches = auth_password_matches(user.hash, b->password) && user.user != 0;
    /* The right password, past the account's quota of entries in the audit log: no failure,
     * and asked before the write transaction, which the count would hold up. */
    if (matches && !api_within_action_quota(rq, rs, user.user))
        return;
    if (store_begin(rq->store) != STORE_OK) {
        api_db_error(rq, rs);
        return;
    }
    if (!matches) {
        login_refused(rq, rs, b, user.org, "failed login as", "wrong email or password", NULL);
        return;
    }
    /* A first password works once, as its owner was told: a second login with it is refused
     * (and counted as a failure) until an admin gives a new one. */
    if (user.password_kind == PASSWORD_FIRST_USED) {
        login_refused(rq, rs, b, user.org, "login as",
                      "this first password was used already: it works once. Ask an admin for "
                      "a new one",
                      "first_password_used");
        return;
    }
    char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
    bool ok = auth_session_create(rq->store, user.user, now, token, csrf);
    if (user.password_kind == PASSWORD_FIRST) /* now PASSWORD_FIRST_USED */
        ok = ok && store_first_password_used(rq->store, user.user) == STORE_OK;
    auth_login_succeeded(rq->store, b->email);
    auth_identify(rq->store, token, NULL, now, &rq->who, csrf);
    api_audit_log(rq, user.org, 0, "login", "logged in");
    if (!ok || !store_commit(rq->store)) {
        api_db_error(rq, rs);
        return;
    }
    char cookie[192];
    snprintf(cookie, sizeof cookie, "%s=%s; %s; Max-Age=%d", SESSION_COOKIE, token,
             cookie_attributes(rq), SERVER_SESSION_S);
    rs->cookie = strdup(cookie);
    respond_json(rs, 200,
                 json_pack("{s:s, s:o}", "csrf", csrf, "user", describe_user(rq, &rq->who)));
}

void api_login(struct request *rq, struct response *rs)
{
    struct body_login b;
    if (!API_BODY(rq, rs, body_login, &b))
        return;
    if (!login_allowed(rq, rs, &b, server_now()))
        return;
    pthread_mutex_t *turn = login_stripe(b.email);
    pthread_mutex_lock(turn);
    login_in_turn(rq, rs, &b);
    pthread_mutex_unlock(turn);
}

void api_logout(struct request *rq, struct response *rs)
{
    if (rq->who.by_cookie) {
        if (!api_begin(rq, rs))
            return;
        auth_session_delete(rq->store, rq->who.session_id);
        api_audit_log(rq, rq->who.org_id, 0, "logout", "logged out");
        if (!store_commit(rq->store)) {
            api_db_error(rq, rs);
            return;
        }
    }
    char cookie[128];
    snprintf(cookie, sizeof cookie, "%s=; %s; Max-Age=0", SESSION_COOKIE, cookie_attributes(rq));
    rs->cookie = strdup(cookie);
    respond_json(rs, 200, json_pack("{s:b}", "logged_out", 1));
}

void api_me(struct request *rq, struct response *rs)
{
    json_t *me = describe_user(rq, &rq->who);
    /* A cookie session's CSRF token, for a page reloaded or opened in another tab: only this
     * origin's pages can read the answer (the cookie is SameSite=Strict). */
    if (rq->who.by_cookie)
        json_object_set_new(me, "csrf", json_string(rq->csrf));
    respond_json(rs, 200, me);
}

/* Whether the caller may set 'b's new password; otherwise the refusal in 'rs'. Its hash into
 * 'fresh'. */
static bool new_password(struct request *rq, struct response *rs, const struct body_password *b,
                         char fresh[AUTH_HASH_LEN])
{
    char hash[AUTH_HASH_LEN];
    store_user_hash(rq->store, rq->who.user_id, hash);
    if (!auth_password_matches(hash, b->old_password))
        respond_error(rs, 403, "the old password is wrong");
    else if (strcmp(b->old_password, b->new_password) == 0)
        respond_error(rs, 400, "the new password must differ from the old one");
    else if (!auth_hash_password(b->new_password, fresh))
        respond_error(rs, 500, "cannot hash the password (out of memory)");
    else
        return true;
    return false;
}

void api_password(struct request *rq, struct response *rs)
{
    struct body_password b;
    char fresh[AUTH_HASH_LEN];
    if (!API_BODY(rq, rs, body_password, &b) || !new_password(rq, rs, &b, fresh) ||
        !api_begin(rq, rs))
        return;
    int64_t user = rq->who.user_id;
    /* A new password is what someone does who fears the old one is known: whatever was
     * opened with it ends, the other sessions and every API token (the one asking, if a
     * token asks, included; a token made by whoever knew the password would live on).
     * This session stays: it has just shown the old password. */
    bool ok = store_user_set_password(rq->store, user, fresh) == STORE_OK &&
              store_sessions_end(rq->store, user, rq->who.session_id) == STORE_OK;
    int tokens = store_tokens_revoke(rq->store, user);
    api_audit_log(rq, rq->who.org_id, 0, "password", "changed the password");
    if (tokens > 0)
        api_audit_log(rq, rq->who.org_id, 0, "token",
                      "revoked %d API token(s) with the password change", tokens);
    if (ok && tokens >= 0)
        api_commit(rq, rs, 200, json_pack("{s:b}", "changed", 1));
    else
        api_db_error(rq, rs);
}

void api_tokens_create(struct request *rq, struct response *rs)
{
    struct body_token b;
    if (!API_BODY(rq, rs, body_token, &b) || !api_begin(rq, rs))
        return;
    /* Tokens live until revoked: without a bound, a script that makes one per call fills the
     * table. Counted inside the transaction, so that two requests cannot both take the last. */
    int64_t live = store_tokens_count(rq->store, rq->who.user_id);
    if (live >= SERVER_TOKENS_PER_USER) {
        api_rollback(rq);
        api_quota(rs, 429, "tokens",
                  "you have %lld API tokens, the most one may have (quota: %d): revoke one "
                  "you no longer use (DELETE /api/tokens/{id}, or the account page)",
                  (long long)live, SERVER_TOKENS_PER_USER);
        return;
    }
    char token[AUTH_TOKEN_LEN + 1];
    bool ok = auth_token_create(rq->store, rq->who.user_id, b.name, server_now(), token);
    int64_t id = store_last_id(rq->store);
    api_audit_log(rq, rq->who.org_id, 0, "token", "created API token %lld '%s'", (long long)id,
                  b.name);
    if (ok)
        api_commit(
            rq, rs, 201,
            json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "token", token, "name", b.name));
    else
        api_db_error(rq, rs);
}

/* The caller's tokens: each row, with whether it is the token of this request. */
struct token_rows {
    json_t *list;
    int64_t current;
};

static void token_row(const struct store_token *t, void *ctx)
{
    struct token_rows *rows = ctx;
    json_array_append_new(rows->list, json_pack("{s:I, s:s, s:o, s:b}", "id", (json_int_t)t->id,
                                                "name", t->name, "created", api_time(t->created),
                                                "current", t->id == rows->current));
}

void api_tokens_list(struct request *rq, struct response *rs)
{
    struct token_rows rows = {json_array(), rq->who.token_id};
    enum store_status status = store_tokens_list(rq->store, rq->who.user_id, token_row, &rows);
    api_respond_list(rq, rs, "tokens", status, rows.list);
}

/* Revokes one of the caller's own API tokens (a token someone else holds is not found). */
void api_token_delete(struct request *rq, struct response *rs)
{
    int64_t id = api_path_id(rs, "API token of yours", rq->params[0]);
    if (!id || !api_begin(rq, rs))
        return;
    enum store_status status = store_token_delete(rq->store, id, rq->who.user_id);
    if (status == STORE_NOT_FOUND) {
        api_rollback(rq);
        api_not_found(rs, "API token of yours", id);
        return;
    }
    api_audit_log(rq, rq->who.org_id, 0, "token", "revoked API token %lld", (long long)id);
    if (status == STORE_OK)
        api_commit(rq, rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
    else
        api_db_error(rq, rs);
}

static void org_row(const struct store_org *o, void *list)
{
    json_array_append_new(list, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)o->id, "name",
                                          o->name, "created", api_time(o->created)));
}

void api_organizations_list(struct request *rq, struct response *rs)
{
    /* Every member may list the names: sharing names the organization to share with. */
    json_t *list = json_array();
    api_respond_list(rq, rs, "organizations", store_orgs_list(rq->store, org_row, list), list);
}

void api_organizations_create(struct request *rq, struct response *rs)
{
    if (!rq->who.site_admin) {
        api_forbidden(rs, "only the site administrator creates organizations");
        return;
    }
    struct body_organization b;
    if (!API_BODY(rq, rs, body_organization, &b) || !api_begin(rq, rs))
        return;
    int64_t id;
    enum store_status status = store_org_add(rq->store, b.name, server_now(), &id);
    if (status != STORE_OK) {
        api_rollback(rq);
        if (status == STORE_CONFLICT)
            respond_error(rs, 409, "an organization named '%s' exists", b.name);
        else
            api_db_error(rq, rs);
        return;
    }
    api_audit_log(rq, id, 0, "organization", "created organization '%s'", b.name);
    api_commit(rq, rs, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", b.name));
}

static void user_row(const struct store_user *u, void *list)
{
    json_array_append_new(list,
                          json_pack("{s:I, s:s, s:o, s:o, s:b, s:o, s:b}", "id", (json_int_t)u->id,
                                    "email", u->email, "organization", api_text(u->organization),
                                    "role", api_text(u->role), "site_admin", u->site_admin,
                                    "created", api_time(u->created), "active", u->active));
}

void api_users_list(struct request *rq, struct response *rs)
{
    if (!api_is_admin(&rq->who, true)) {
        api_forbidden(rs, "only an organization's admins list its members");
        return;
    }
    json_t *list = json_array();
    api_respond_list(rq, rs, "users", store_users_list(rq->store, &rq->who, user_row, list), list);
}

/* The organization a new member of 'b' joins, when the caller may add them to it; 0 with the
 * refusal in 'rs' otherwise. */
static int64_t joined_org(struct request *rq, struct response *rs, const struct body_user *b)
{
    int64_t org = store_org_by_name(rq->store, b->organization);
    if (!org)
        respond_error(rs, 422, "no organization named '%s'", b->organization);
    else if (!rq->who.site_admin && org != rq->who.org_id)
        api_forbidden(rs, "an organization's admins add members to their own organization only");
    else
        return org;
    return 0;
}

void api_users_create(struct request *rq, struct response *rs)
{
    if (!api_is_admin(&rq->who, true)) {
        api_forbidden(rs, "only an organization's admins add members");
        return;
    }
    struct body_user b;
    int64_t org;
    if (!API_BODY(rq, rs, body_user, &b) || !(org = joined_org(rq, rs, &b)))
        return;
    char password[AUTH_PASSWORD_LEN + 1], hash[AUTH_HASH_LEN];
    auth_new_password(password);
    if (!auth_hash_password(password, hash)) {
        respond_error(rs, 500, "cannot hash the password (out of memory)");
        return;
    }
    if (!api_begin(rq, rs))
        return;
    int64_t id;
    enum store_status status = store_user_add(rq->store, b.email, hash, org, b.role,
                                              rq->who.site_admin, server_now(), &id);
    if (status != STORE_OK) {
        api_rollback(rq);
        if (status == STORE_CONFLICT)
            respond_error(rs, 409, "a user with the email '%s' exists", b.email);
        else
            api_db_error(rq, rs);
        return;
    }
    api_audit_log(rq, org, 0, "user", "added %s as %s", b.email, b.role);
    api_commit(rq, rs, 201,
               json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "email", b.email,
                         "organization", b.organization, "role", b.role, "password", password));
}

/* The member named by the path, when the caller may manage them: their organization and email
 * (in 'email'), or 0 with the refusal in 'rs'. Admins manage their own organization's members,
 * the site administrator everyone's; nobody manages themselves (an organization could lose its
 * last admin) or the site administrator (--create-admin does). */
static int64_t managed_member(struct request *rq, struct response *rs, int64_t *user,
                              char email[SERVER_EMAIL_MAX + 1])
{
    if (!api_is_admin(&rq->who, true)) {
        api_forbidden(rs, "only an organization's admins manage its members");
        return 0;
    }
    *user = api_path_id(rs, "member", rq->params[0]);
    if (!*user)
        return 0;
    struct store_member m;
    store_member(rq->store, *user, &m);
    snprintf(email, SERVER_EMAIL_MAX + 1, "%s", m.email);
    bool theirs = rq->who.site_admin ? (m.org || m.site_admin) : (m.org && m.org == rq->who.org_id);
    if (!theirs)
        api_not_found(rs, "member", *user);
    else if (m.site_admin)
        api_forbidden(rs, "the site administrator is managed with dayafter serve --create-admin");
    else if (*user == rq->who.user_id)
        respond_error(rs, 409, "you cannot change or remove yourself: ask another admin");
    else
        return m.org;
    return 0;
}

void api_user_update(struct request *rq, struct response *rs)
{
    int64_t user, org;
    char email[SERVER_EMAIL_MAX + 1];
    struct body_role b;
    if (!(org = managed_member(rq, rs, &user, email)) || !API_BODY(rq, rs, body_role, &b) ||
        !api_begin(rq, rs))
        return;
    enum store_status status = store_user_set_role(rq->store, user, b.role);
    api_audit_log(rq, org, 0, "user", "made %s %s", email, b.role);
    char *org_name = request_own(rq, store_org_name(rq->store, org));
    if (status == STORE_OK)
        api_commit(rq, rs, 200,
                   json_pack("{s:I, s:s, s:s?, s:s}", "id", (json_int_t)user, "email", email,
                             "organization", org_name, "role", b.role));
    else
        api_db_error(rq, rs);
}

void api_user_remove(struct request *rq, struct response *rs)
{
    int64_t user, org;
    char email[SERVER_EMAIL_MAX + 1];
    /* Disabled, not deleted: their revisions, runs and audit entries keep naming them. */
    if (!(org = managed_member(rq, rs, &user, email)) || !api_begin(rq, rs))
        return;
    enum store_status status = store_user_remove(rq->store, user);
    api_audit_log(rq, org, 0, "user", "removed %s", email);
    if (status == STORE_OK)
        api_commit(
            rq, rs, 200,
            json_pack("{s:I, s:s, s:b}", "id", (json_int_t)user, "email", email, "removed", 1));
    else
        api_db_error(rq, rs);
}

static void audit_row(const struct store_audit_entry *e, void *list)
{
    json_array_append_new(
        list, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)e->id, "time",
                        api_time(e->at), "organization", api_text(e->organization), "user",
                        api_text(e->user), "action", api_text(e->action), "detail",
                        api_text(e->detail), "client", api_text(e->client)));
}

void api_audit(struct request *rq, struct response *rs)
{
    if (!api_is_admin(&rq->who, true)) {
        api_forbidden(rs, "only an organization's admins read its audit log");
        return;
    }
    json_t *list = json_array();
    enum store_status status =
        store_audit_list(rq->store, &rq->who, api_id(request_query(rq, "before")), audit_row, list);
    api_respond_list(rq, rs, "entries", status, list);
}
