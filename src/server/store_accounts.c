/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_accounts.c - the accounts' statements (store_accounts.h). */
#include "store_accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs 'st' with ?1 = 'id': the rows it changed, or -1. */
static int changes_of(struct store *s, sqlite3_stmt *st, int64_t id)
{
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_run(st) == STORE_OK ? sqlite3_changes(s->db) : -1;
}

int64_t store_org_by_name(struct store *s, const char *name)
{
    sqlite3_stmt *st =
        store_statement(s, SQL_ORG_BY_NAME, "SELECT id FROM organizations WHERE name = ?1");
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    store_done(st);
    return id;
}

char *store_org_name(struct store *s, int64_t org)
{
    sqlite3_stmt *st =
        store_statement(s, SQL_ORG_NAME, "SELECT name FROM organizations WHERE id = ?1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, org);
    char *name = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        name = strdup((const char *)sqlite3_column_text(st, 0));
    store_done(st);
    return name;
}

enum store_status store_orgs_list(struct store *s, void (*row)(const struct store_org *, void *),
                                  void *ctx)
{
    sqlite3_stmt *st = store_statement(s, SQL_ORG_LIST,
                                       "SELECT id, name, created_at"
                                       " FROM organizations ORDER BY name");
    if (!st)
        return STORE_FAILED;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_org org = {sqlite3_column_int64(st, 0),
                                (const char *)sqlite3_column_text(st, 1),
                                sqlite3_column_int64(st, 2)};
        row(&org, ctx);
    }
    store_done(st);
    return store_status_of(rc);
}

enum store_status store_org_add(struct store *s, const char *name, int64_t now, int64_t *id)
{
    sqlite3_stmt *st = store_statement(s, SQL_ORG_ADD,
                                       "INSERT INTO organizations"
                                       " (name, created_at) VALUES (?1, ?2)");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    enum store_status status = store_run(st);
    *id = store_last_id(s);
    return status;
}

int64_t store_org_stored(struct store *s, int64_t org)
{
    return store_int(
        store_statement(s, SQL_ORG_STORED, "SELECT stored_bytes FROM organizations WHERE id = ?1"),
        org, 0);
}

bool store_login_user(struct store *s, const char *email, struct store_login *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_statement(s, SQL_LOGIN_USER,
                                       "SELECT id, password_hash, org_id, must_change FROM users"
                                       " WHERE email = ?1 AND disabled_at IS NULL");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->user = sqlite3_column_int64(st, 0);
        snprintf(out->hash, sizeof out->hash, "%s", (const char *)sqlite3_column_text(st, 1));
        out->org = sqlite3_column_int64(st, 2);
        out->password_kind = sqlite3_column_int64(st, 3);
    }
    store_done(st);
    return out->user != 0;
}

enum store_status store_first_password_used(struct store *s, int64_t user)
{
    sqlite3_stmt *st = store_statement(s, SQL_FIRST_PASSWORD_USED,
                                       "UPDATE users SET must_change = 2 WHERE id = ?1");
    return changes_of(s, st, user) == 1 ? STORE_OK : STORE_FAILED;
}

void store_user_hash(struct store *s, int64_t user, char hash[AUTH_HASH_LEN])
{
    hash[0] = '\0';
    sqlite3_stmt *st =
        store_statement(s, SQL_USER_HASH, "SELECT password_hash FROM users WHERE id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, user);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(hash, AUTH_HASH_LEN, "%s", (const char *)sqlite3_column_text(st, 0));
    store_done(st);
}

enum store_status store_user_set_password(struct store *s, int64_t user, const char *hash)
{
    sqlite3_stmt *st = store_statement(s, SQL_USER_SET_PASSWORD,
                                       "UPDATE users SET password_hash = ?2, must_change = 0"
                                       " WHERE id = ?1");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, user);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
    return store_run(st);
}

enum store_status store_sessions_end(struct store *s, int64_t user, int64_t keep)
{
    sqlite3_stmt *st = store_statement(s, SQL_SESSIONS_OTHERS_DELETE,
                                       "DELETE FROM sessions WHERE user_id = ?1 AND id != ?2");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, user);
    sqlite3_bind_int64(st, 2, keep);
    return store_run(st);
}

int store_tokens_revoke(struct store *s, int64_t user)
{
    return changes_of(
        s, store_statement(s, SQL_TOKENS_DELETE, "DELETE FROM api_tokens WHERE user_id = ?1"),
        user);
}

int64_t store_tokens_count(struct store *s, int64_t user)
{
    return store_int(
        store_statement(s, SQL_TOKENS_COUNT, "SELECT count(*) FROM api_tokens WHERE user_id = ?1"),
        user, 0);
}

enum store_status store_tokens_list(struct store *s, int64_t user,
                                    void (*row)(const struct store_token *, void *), void *ctx)
{
    sqlite3_stmt *st = store_statement(s, SQL_TOKENS_LIST,
                                       "SELECT id, name, created_at FROM api_tokens"
                                       " WHERE user_id = ?1 ORDER BY id");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, user);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_token token = {sqlite3_column_int64(st, 0),
                                    (const char *)sqlite3_column_text(st, 1),
                                    sqlite3_column_int64(st, 2)};
        row(&token, ctx);
    }
    store_done(st);
    return store_status_of(rc);
}

enum store_status store_token_delete(struct store *s, int64_t id, int64_t user)
{
    sqlite3_stmt *st = store_statement(s, SQL_TOKEN_DELETE,
                                       "DELETE FROM api_tokens WHERE id = ?1 AND user_id = ?2");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, user);
    enum store_status status = store_run(st);
    return status == STORE_OK && sqlite3_changes(s->db) == 0 ? STORE_NOT_FOUND : status;
}

enum store_status store_users_list(struct store *s, const struct principal *who,
                                   void (*row)(const struct store_user *, void *), void *ctx)
{
    sqlite3_stmt *st = store_statement(s, SQL_USERS_LIST,
                                       "SELECT u.id, u.email, o.name, u.role, u.site_admin,"
                                       " u.created_at, u.disabled_at IS NULL FROM users u"
                                       " LEFT JOIN organizations o ON o.id = u.org_id"
                                       " WHERE ?1 OR u.org_id = ?2 ORDER BY u.email");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int(st, 1, who->site_admin);
    sqlite3_bind_int64(st, 2, who->org_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_user user = {sqlite3_column_int64(st, 0),
                                  (const char *)sqlite3_column_text(st, 1),
                                  (const char *)sqlite3_column_text(st, 2),
                                  (const char *)sqlite3_column_text(st, 3),
                                  sqlite3_column_int(st, 4) != 0,
                                  sqlite3_column_int64(st, 5),
                                  sqlite3_column_int(st, 6) != 0};
        row(&user, ctx);
    }
    store_done(st);
    return store_status_of(rc);
}

enum store_status store_user_add(struct store *s, const char *email, const char *hash, int64_t org,
                                 const char *role, bool any_org, int64_t now, int64_t *id)
{
    /* A removed member added again comes back (with a new password): their old revisions
     * and runs are theirs again. An active one with the email updates nothing, and neither
     * does another organization than the one that removed them (the site administrator may
     * move them): a partner's admin took a removed member's account, id and all, into their
     * own organization, and with it the name on the first organization's revisions and runs,
     * which could then not add them again. */
    sqlite3_stmt *st = store_statement(s, SQL_USER_ADD,
                                       "INSERT INTO users (email, password_hash, org_id, role,"
                                       " created_at, must_change) VALUES (?1, ?2, ?3, ?4, ?5, 1)"
                                       " ON CONFLICT (email) DO UPDATE SET"
                                       " password_hash = excluded.password_hash,"
                                       " org_id = excluded.org_id, role = excluded.role,"
                                       " must_change = 1, disabled_at = NULL"
                                       " WHERE disabled_at IS NOT NULL"
                                       " AND (org_id = excluded.org_id OR ?6)"
                                       " RETURNING id");
    *id = 0;
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, org);
    sqlite3_bind_text(st, 4, role, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_int(st, 6, any_org);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_CONSTRAINT_UNIQUE; /* an active member, or another organization's, has it */
    }
    store_done(st);
    return store_status_of(rc);
}

bool store_member(struct store *s, int64_t user, struct store_member *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_statement(s, SQL_MEMBER,
                                       "SELECT org_id, email, site_admin FROM users"
                                       " WHERE id = ?1 AND disabled_at IS NULL");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, user);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        out->org = sqlite3_column_int64(st, 0);
        snprintf(out->email, sizeof out->email, "%s", (const char *)sqlite3_column_text(st, 1));
        out->site_admin = sqlite3_column_int(st, 2) != 0;
    }
    store_done(st);
    return found;
}

enum store_status store_user_set_role(struct store *s, int64_t user, const char *role)
{
    sqlite3_stmt *st =
        store_statement(s, SQL_USER_SET_ROLE, "UPDATE users SET role = ?2 WHERE id = ?1");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, user);
    sqlite3_bind_text(st, 2, role, -1, SQLITE_TRANSIENT);
    return store_run(st);
}

enum store_status store_user_remove(struct store *s, int64_t user)
{
    sqlite3_stmt *disable = store_statement(s, SQL_USER_DISABLE,
                                            "UPDATE users SET disabled_at = strftime('%s', 'now')"
                                            " WHERE id = ?1");
    sqlite3_stmt *sessions =
        store_statement(s, SQL_SESSIONS_DELETE, "DELETE FROM sessions WHERE user_id = ?1");
    bool ok = changes_of(s, disable, user) == 1 && changes_of(s, sessions, user) >= 0 &&
              store_tokens_revoke(s, user) >= 0;
    return ok ? STORE_OK : STORE_FAILED;
}
