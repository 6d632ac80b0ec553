/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api_accounts.c - logging in and out, API tokens, passwords, organizations, users and the
 * audit log. The site administrator creates organizations; an organization's admins add its
 * members as viewers, editors or admins, and read its audit log.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "access.h"
#include "api.h"
#include "auth.h"
#include "bodies.h"
#include "db.h"

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

/* Adds the caller's description to 'o': email, organization, role, site_admin. */
static json_t *describe_user(sqlite3 *db, const struct principal *who)
{
    char *org = who->org_id ? api_org_name(db, who->org_id) : NULL;
    json_t *o = json_pack("{s:s, s:s?, s:s?, s:b, s:b}", "email", who->email, "organization",
                          org, "role", who->org_id ? role_name(who->role) : NULL, "site_admin",
                          who->site_admin, "must_change_password", who->must_change);
    free(org);
    return o;
}

/* The session cookie's attributes: Secure too when a TLS proxy in front says the browser came
 * over HTTPS (a cookie marked Secure is never sent over plain HTTP, so a false claim only
 * restricts it). */
static const char *cookie_attributes(const struct request *rq)
{
    const char *proto = rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
                                                               "X-Forwarded-Proto")
                                 : NULL;
    return proto && strcmp(proto, "https") == 0 ? "Path=/; HttpOnly; SameSite=Strict; Secure"
                                                : "Path=/; HttpOnly; SameSite=Strict";
}

void api_login(struct request *rq, struct response *rs)
{
    struct body_login b;
    char err[256];
    if (!body_login(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    int64_t now = server_now();
    int wait = auth_login_wait(rq->db, b.email, rq->client, now);
    if (wait > 0) {
        respond_error(rs, 429, "too many failed logins: try again in %d seconds", wait);
        rs->retry_after = wait;
        body_free(b.root);
        return;
    }
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT id, password_hash, org_id, must_change"
                                          " FROM users WHERE email = ?1 AND disabled_at IS NULL");
    int64_t user = 0, org = 0, password_kind = PASSWORD_OWN;
    char hash[AUTH_HASH_LEN] = "";
    if (st) {
        sqlite3_bind_text(st, 1, b.email, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            user = sqlite3_column_int64(st, 0);
            snprintf(hash, sizeof hash, "%s", (const char *)sqlite3_column_text(st, 1));
            org = sqlite3_column_int64(st, 2);
            password_kind = sqlite3_column_int64(st, 3);
        }
        sqlite3_finalize(st);
    }
    if (!user) {
        pthread_once(&decoy_once, make_decoy);
        snprintf(hash, sizeof hash, "%s", decoy_hash);
    }
    bool matches = auth_password_matches(hash, b.password) && user != 0;
    char token[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
    if (!db_begin(rq->db)) {
        api_db_error(rs, rq->db);
        body_free(b.root);
        return;
    }
    if (!matches) {
        auth_login_failed(rq->db, b.email, rq->client, now);
        api_audit_log(rq, org, "login_failed", "failed login as %s", b.email);
        if (db_commit(rq->db))
            respond_error(rs, 401, "wrong email or password");
        else
            api_db_error(rs, rq->db);
        body_free(b.root);
        return;
    }
    /* A first password works once, as its owner was told: a second login with it is refused
     * (and counted as a failure) until an admin gives a new one. */
    if (password_kind == PASSWORD_FIRST_USED) {
        auth_login_failed(rq->db, b.email, rq->client, now);
        api_audit_log(rq, org, "login_failed", "login as %s with a first password used before",
                      b.email);
        if (db_commit(rq->db))
            respond_json(rs, 401,
                         json_pack("{s:s, s:s}", "error",
                                   "this first password was used already: it works once. Ask "
                                   "an admin for a new one",
                                   "code", "first_password_used"));
        else
            api_db_error(rs, rq->db);
        body_free(b.root);
        return;
    }
    bool ok = auth_session_create(rq->db, user, now, token, csrf);
    if (password_kind == PASSWORD_FIRST) /* now PASSWORD_FIRST_USED */
        ok = ok && db_exec_id(rq->db, "UPDATE users SET must_change = 2 WHERE id = ?1", user) == 1;
    auth_login_succeeded(rq->db, b.email);
    struct principal who;
    auth_identify(rq->db, token, NULL, now, &who, csrf);
    rq->who = who;
    api_audit_log(rq, org, "login", "logged in");
    if (!ok || !db_commit(rq->db)) {
        api_db_error(rs, rq->db);
        body_free(b.root);
        return;
    }
    char cookie[192];
    snprintf(cookie, sizeof cookie, "%s=%s; %s; Max-Age=%d", SESSION_COOKIE, token,
             cookie_attributes(rq), SERVER_SESSION_S);
    rs->cookie = strdup(cookie);
    json_t *reply = json_pack("{s:s, s:o}", "csrf", csrf, "user", describe_user(rq->db, &who));
    respond_json(rs, 200, reply);
    body_free(b.root);
}

void api_logout(struct request *rq, struct response *rs)
{
    if (rq->who.by_cookie) {
        if (!api_begin(rq, rs))
            return;
        auth_session_delete(rq->db, rq->who.session_id);
        api_audit_log(rq, rq->who.org_id, "logout", "logged out");
        if (!db_commit(rq->db)) {
            api_db_error(rs, rq->db);
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
    json_t *me = describe_user(rq->db, &rq->who);
    /* A cookie session's CSRF token, for a page reloaded or opened in another tab: only this
     * origin's pages can read the answer (the cookie is SameSite=Strict). */
    if (rq->who.by_cookie)
        json_object_set_new(me, "csrf", json_string(rq->csrf));
    respond_json(rs, 200, me);
}

void api_password(struct request *rq, struct response *rs)
{
    struct body_password b;
    char err[256];
    if (!body_password(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    char hash[AUTH_HASH_LEN] = "";
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT password_hash FROM users WHERE id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, rq->who.user_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(hash, sizeof hash, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    char fresh[AUTH_HASH_LEN];
    if (!auth_password_matches(hash, b.old_password)) {
        respond_error(rs, 403, "the old password is wrong");
    } else if (strcmp(b.old_password, b.new_password) == 0) {
        respond_error(rs, 400, "the new password must differ from the old one");
    } else if (!auth_hash_password(b.new_password, fresh)) {
        respond_error(rs, 500, "cannot hash the password (out of memory)");
    } else {
        if (!api_begin(rq, rs)) {
            body_free(b.root);
            return;
        }
        st = db_prepare(rq->db, "UPDATE users SET password_hash = ?2, must_change = 0"
                                " WHERE id = ?1");
        if (st) {
            sqlite3_bind_int64(st, 1, rq->who.user_id);
            sqlite3_bind_text(st, 2, fresh, -1, SQLITE_TRANSIENT);
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
        /* A new password is what someone does who fears the old one is known: whatever was
         * opened with it ends, the other sessions and every API token (the one asking, if a
         * token asks, included; a token made by whoever knew the password would live on).
         * This session stays: it has just shown the old password. */
        sqlite3_stmt *others = db_prepare(rq->db, "DELETE FROM sessions WHERE user_id = ?1"
                                                  " AND id != ?2");
        if (others) {
            sqlite3_bind_int64(others, 1, rq->who.user_id);
            sqlite3_bind_int64(others, 2, rq->who.session_id);
            sqlite3_step(others);
            sqlite3_finalize(others);
        }
        int tokens = db_exec_id(rq->db, "DELETE FROM api_tokens WHERE user_id = ?1",
                                rq->who.user_id);
        api_audit_log(rq, rq->who.org_id, "password", "changed the password");
        if (tokens > 0)
            api_audit_log(rq, rq->who.org_id, "token",
                          "revoked %d API token(s) with the password change", tokens);
        if (st && others && tokens >= 0 && db_commit(rq->db))
            respond_json(rs, 200, json_pack("{s:b}", "changed", 1));
        else
            api_db_error(rs, rq->db);
    }
    body_free(b.root);
}

void api_tokens_create(struct request *rq, struct response *rs)
{
    struct body_token b;
    char err[256];
    if (!body_token(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    char token[AUTH_TOKEN_LEN + 1];
    if (!api_begin(rq, rs)) {
        body_free(b.root);
        return;
    }
    /* Tokens live until revoked: without a bound, a script that makes one per call fills the
     * table. Counted inside the transaction, so that two requests cannot both take the last. */
    int64_t live = db_int_id(rq->db, "SELECT count(*) FROM api_tokens WHERE user_id = ?1",
                             rq->who.user_id, 0);
    if (live >= SERVER_TOKENS_PER_USER) {
        db_rollback(rq->db);
        api_quota(rs, 429, "tokens",
                  "you have %lld API tokens, the most one may have (quota: %d): revoke one "
                  "you no longer use (DELETE /api/tokens/{id}, or the account page)",
                  (long long)live, SERVER_TOKENS_PER_USER);
        body_free(b.root);
        return;
    }
    bool ok = auth_token_create(rq->db, rq->who.user_id, b.name, server_now(), token);
    int64_t id = sqlite3_last_insert_rowid(rq->db);
    api_audit_log(rq, rq->who.org_id, "token", "created API token %lld '%s'", (long long)id,
                  b.name);
    if (ok && db_commit(rq->db))
        respond_json(rs, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "token", token,
                                        "name", b.name));
    else
        api_db_error(rs, rq->db);
    body_free(b.root);
}

void api_tokens_list(struct request *rq, struct response *rs)
{
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT id, name, created_at FROM api_tokens"
                                          " WHERE user_id = ?1 ORDER BY id");
    if (!st) {
        api_db_error(rs, rq->db);
        return;
    }
    sqlite3_bind_int64(st, 1, rq->who.user_id);
    json_t *list = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:o, s:b}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                            "name", (const char *)sqlite3_column_text(st, 1), "created",
                            api_time(sqlite3_column_int64(st, 2)), "current",
                            sqlite3_column_int64(st, 0) == rq->who.token_id));
    sqlite3_finalize(st);
    respond_json(rs, 200, json_pack("{s:o}", "tokens", list));
}

/* Revokes one of the caller's own API tokens (a token someone else holds is not found). */
void api_token_delete(struct request *rq, struct response *rs)
{
    int64_t id = api_id(rq->params[0]);
    if (!api_begin(rq, rs))
        return;
    sqlite3_stmt *st = db_prepare(rq->db, "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2");
    int changed = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, rq->who.user_id);
        changed = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(rq->db) : -1;
        sqlite3_finalize(st);
    }
    if (changed == 0) {
        db_rollback(rq->db);
        api_not_found(rs, "API token of yours", id);
        return;
    }
    api_audit_log(rq, rq->who.org_id, "token", "revoked API token %lld", (long long)id);
    if (changed > 0 && db_commit(rq->db))
        respond_json(rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
    else
        api_db_error(rs, rq->db);
}

void api_organizations_list(struct request *rq, struct response *rs)
{
    /* Every member may list the names: sharing names the organization to share with. */
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT id, name, created_at FROM organizations"
                                          " ORDER BY name");
    if (!st) {
        api_db_error(rs, rq->db);
        return;
    }
    json_t *list = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:I, s:s, s:o}", "id",
                                              (json_int_t)sqlite3_column_int64(st, 0), "name",
                                              (const char *)sqlite3_column_text(st, 1),
                                              "created", api_time(sqlite3_column_int64(st, 2))));
    sqlite3_finalize(st);
    respond_json(rs, 200, json_pack("{s:o}", "organizations", list));
}

void api_organizations_create(struct request *rq, struct response *rs)
{
    if (!rq->who.site_admin) {
        api_forbidden(rs, "only the site administrator creates organizations");
        return;
    }
    struct body_organization b;
    char err[256];
    if (!body_organization(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    if (!api_begin(rq, rs)) {
        body_free(b.root);
        return;
    }
    sqlite3_stmt *st = db_prepare(rq->db, "INSERT INTO organizations (name, created_at)"
                                          " VALUES (?1, ?2)");
    int rc = SQLITE_ERROR;
    if (st) {
        sqlite3_bind_text(st, 1, b.name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, server_now());
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
    }
    int64_t id = sqlite3_last_insert_rowid(rq->db);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        db_rollback(rq->db);
        respond_error(rs, 409, "an organization named '%s' exists", b.name);
    } else if (rc != SQLITE_DONE) {
        db_rollback(rq->db);
        api_db_error(rs, rq->db);
    } else {
        api_audit_log(rq, id, "organization", "created organization '%s'", b.name);
        if (db_commit(rq->db))
            respond_json(rs, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", b.name));
        else
            api_db_error(rs, rq->db);
    }
    body_free(b.root);
}

void api_users_list(struct request *rq, struct response *rs)
{
    if (!api_is_admin(&rq->who, true)) {
        api_forbidden(rs, "only an organization's admins list its members");
        return;
    }
    sqlite3_stmt *st = db_prepare(rq->db,
                                  "SELECT u.id, u.email, o.name, u.role, u.site_admin, u.created_at,"
                                  " u.disabled_at IS NULL"
                                  " FROM users u LEFT JOIN organizations o ON o.id = u.org_id"
                                  " WHERE ?1 OR u.org_id = ?2 ORDER BY u.email");
    if (!st) {
        api_db_error(rs, rq->db);
        return;
    }
    sqlite3_bind_int(st, 1, rq->who.site_admin);
    sqlite3_bind_int64(st, 2, rq->who.org_id);
    json_t *list = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:o, s:o, s:b, s:o, s:b}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "email",
                            (const char *)sqlite3_column_text(st, 1), "organization",
                            api_text_column(st, 2), "role", api_text_column(st, 3),
                            "site_admin", sqlite3_column_int(st, 4), "created",
                            api_time(sqlite3_column_int64(st, 5)), "active",
                            sqlite3_column_int(st, 6)));
    sqlite3_finalize(st);
    respond_json(rs, 200, json_pack("{s:o}", "users", list));
}

void api_users_create(struct request *rq, struct response *rs)
{
    if (!api_is_admin(&rq->who, true)) {
        api_forbidden(rs, "only an organization's admins add members");
        return;
    }
    struct body_user b;
    char err[256];
    if (!body_user(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    int64_t org = api_org_by_name(rq->db, b.organization), id = 0;
    char password[AUTH_PASSWORD_LEN + 1], hash[AUTH_HASH_LEN];
    if (!org) {
        respond_error(rs, 422, "no organization named '%s'", b.organization);
    } else if (!rq->who.site_admin && org != rq->who.org_id) {
        api_forbidden(rs, "an organization's admins add members to their own organization only");
    } else {
        auth_new_password(password);
        if (!auth_hash_password(password, hash)) {
            respond_error(rs, 500, "cannot hash the password (out of memory)");
            body_free(b.root);
            return;
        }
        if (!api_begin(rq, rs)) {
            body_free(b.root);
            return;
        }
        /* A removed member added again comes back (with a new password): their old revisions
         * and runs are theirs again. */
        sqlite3_stmt *st = db_prepare(rq->db,
                                      "INSERT INTO users (email, password_hash, org_id, role,"
                                      " created_at, must_change) VALUES (?1, ?2, ?3, ?4, ?5, 1)"
                                      " ON CONFLICT (email) DO UPDATE SET"
                                      " password_hash = excluded.password_hash,"
                                      " org_id = excluded.org_id, role = excluded.role,"
                                      " must_change = 1, disabled_at = NULL"
                                      " WHERE disabled_at IS NOT NULL"
                                      " RETURNING id");
        int rc = SQLITE_ERROR;
        if (st) {
            sqlite3_bind_text(st, 1, b.email, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, org);
            sqlite3_bind_text(st, 4, b.role, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 5, server_now());
            rc = sqlite3_step(st);
            id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
            if (rc == SQLITE_ROW)
                rc = sqlite3_step(st);
            else if (rc == SQLITE_DONE)
                rc = SQLITE_CONSTRAINT_UNIQUE; /* an active member has this email */
            sqlite3_finalize(st);
        }
        if (rc == SQLITE_CONSTRAINT_UNIQUE) {
            db_rollback(rq->db);
            respond_error(rs, 409, "a user with the email '%s' exists", b.email);
        } else if (rc != SQLITE_DONE) {
            db_rollback(rq->db);
            api_db_error(rs, rq->db);
        } else {
            api_audit_log(rq, org, "user", "added %s as %s", b.email, b.role);
            if (db_commit(rq->db))
                respond_json(rs, 201,
                             json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id,
                                       "email", b.email, "organization", b.organization,
                                       "role", b.role, "password", password));
            else
                api_db_error(rs, rq->db);
        }
    }
    body_free(b.root);
}

/* The member named by the path, when the caller may manage them: their organization and email
 * (in 'email'), or 0 with the refusal in 'rs'. Admins manage their own organization's members,
 * the site administrator everyone's; nobody manages themselves (an organization could lose its
 * last admin) or the site administrator (--create-admin does). */
static int64_t managed_member(struct request *rq, struct response *rs, int64_t *user,
                              char email[SERVER_NAME_MAX + 1])
{
    if (!api_is_admin(&rq->who, true)) {
        api_forbidden(rs, "only an organization's admins manage its members");
        return 0;
    }
    *user = api_id(rq->params[0]);
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT org_id, email, site_admin FROM users"
                                          " WHERE id = ?1 AND disabled_at IS NULL");
    int64_t org = 0;
    bool site_admin = false;
    if (st) {
        sqlite3_bind_int64(st, 1, *user);
        if (sqlite3_step(st) == SQLITE_ROW) {
            org = sqlite3_column_int64(st, 0);
            snprintf(email, SERVER_NAME_MAX + 1, "%s", (const char *)sqlite3_column_text(st, 1));
            site_admin = sqlite3_column_int(st, 2) != 0;
        }
        sqlite3_finalize(st);
    }
    bool theirs = rq->who.site_admin ? (org || site_admin) : (org && org == rq->who.org_id);
    if (!theirs) {
        api_not_found(rs, "member", *user);
        return 0;
    }
    if (site_admin) {
        api_forbidden(rs, "the site administrator is managed with dayafter serve --create-admin");
        return 0;
    }
    if (*user == rq->who.user_id) {
        respond_error(rs, 409, "you cannot change or remove yourself: ask another admin");
        return 0;
    }
    return org;
}

void api_user_update(struct request *rq, struct response *rs)
{
    int64_t user;
    char email[SERVER_NAME_MAX + 1];
    int64_t org = managed_member(rq, rs, &user, email);
    if (!org)
        return;
    struct body_role b;
    char err[256];
    if (!body_role(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    if (!api_begin(rq, rs)) {
        body_free(b.root);
        return;
    }
    sqlite3_stmt *st = db_prepare(rq->db, "UPDATE users SET role = ?2 WHERE id = ?1");
    bool ok = false;
    if (st) {
        sqlite3_bind_int64(st, 1, user);
        sqlite3_bind_text(st, 2, b.role, -1, SQLITE_TRANSIENT);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    api_audit_log(rq, org, "user", "made %s %s", email, b.role);
    char *org_name = api_org_name(rq->db, org);
    if (ok && db_commit(rq->db))
        respond_json(rs, 200, json_pack("{s:I, s:s, s:s?, s:s}", "id", (json_int_t)user, "email",
                                        email, "organization", org_name, "role", b.role));
    else
        api_db_error(rs, rq->db);
    free(org_name);
    body_free(b.root);
}

void api_user_remove(struct request *rq, struct response *rs)
{
    int64_t user;
    char email[SERVER_NAME_MAX + 1];
    int64_t org = managed_member(rq, rs, &user, email);
    if (!org)
        return;
    /* Disabled, not deleted: their revisions, runs and audit entries keep naming them. */
    if (!api_begin(rq, rs))
        return;
    bool ok = db_exec_id(rq->db, "UPDATE users SET disabled_at = strftime('%s', 'now')"
                                 " WHERE id = ?1", user) == 1 &&
              db_exec_id(rq->db, "DELETE FROM sessions WHERE user_id = ?1", user) >= 0 &&
              db_exec_id(rq->db, "DELETE FROM api_tokens WHERE user_id = ?1", user) >= 0;
    api_audit_log(rq, org, "user", "removed %s", email);
    if (ok && db_commit(rq->db))
        respond_json(rs, 200, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)user, "email", email,
                                        "removed", 1));
    else
        api_db_error(rs, rq->db);
}

void api_audit(struct request *rq, struct response *rs)
{
    if (!api_is_admin(&rq->who, true)) {
        api_forbidden(rs, "only an organization's admins read its audit log");
        return;
    }
    int64_t before = api_id(api_query(rq, "before"));
    sqlite3_stmt *st = db_prepare(rq->db,
                                  "SELECT a.id, a.at, o.name, a.email, a.action, a.detail, a.client"
                                  " FROM audit a LEFT JOIN organizations o ON o.id = a.org_id"
                                  " WHERE (?1 OR a.org_id = ?2) AND (?3 = 0 OR a.id < ?3)"
                                  " ORDER BY a.id DESC LIMIT 200");
    if (!st) {
        api_db_error(rs, rq->db);
        return;
    }
    sqlite3_bind_int(st, 1, rq->who.site_admin);
    sqlite3_bind_int64(st, 2, rq->who.org_id);
    sqlite3_bind_int64(st, 3, before);
    json_t *list = json_array();
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(
            list, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "time",
                            api_time(sqlite3_column_int64(st, 1)), "organization",
                            api_text_column(st, 2), "user", api_text_column(st, 3), "action",
                            api_text_column(st, 4), "detail", api_text_column(st, 5), "client",
                            api_text_column(st, 6)));
    sqlite3_finalize(st);
    respond_json(rs, 200, json_pack("{s:o}", "entries", list));
}
