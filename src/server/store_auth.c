/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_auth.c - the statements of sessions, API tokens and the login limiter (store_auth.h). */
#include "store_auth.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"

/* Runs 'st' with ?1 = 'id'. */
static enum store_status run_id(sqlite3_stmt *st, int64_t id)
{
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    return store_run(st);
}

/* Runs the insert 'st' of a hashed token: ?1 the hash, ?2 the user, ?3 'text' (the CSRF token
 * or the name), ?4 'now'. */
static enum store_status add_hashed(sqlite3_stmt *st, const unsigned char *hash, int64_t user,
                                    const char *text, int64_t now)
{
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_blob(st, 1, hash, STORE_TOKEN_HASH_LEN, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, user);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    return store_run(st);
}

enum store_status store_session_add(struct store *s, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                                    int64_t user, const char *csrf, int64_t now, int64_t expires)
{
    run_id(store_statement(s, SQL_SESSIONS_EXPIRED_DELETE,
                           "DELETE FROM sessions WHERE expires_at < ?1"),
           now);
    sqlite3_stmt *st = store_statement(s, SQL_SESSION_ADD,
                                       "INSERT INTO sessions (token_hash, user_id, csrf,"
                                       " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (st)
        sqlite3_bind_int64(st, 5, expires);
    return add_hashed(st, hash, user, csrf, now);
}

enum store_status store_session_delete(struct store *s, int64_t session)
{
    return run_id(store_statement(s, SQL_SESSION_DELETE, "DELETE FROM sessions WHERE id = ?1"),
                  session);
}

enum store_status store_token_add(struct store *s, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                                  int64_t user, const char *name, int64_t now)
{
    sqlite3_stmt *st = store_statement(s, SQL_TOKEN_ADD,
                                       "INSERT INTO api_tokens (token_hash, user_id, name,"
                                       " created_at) VALUES (?1, ?2, ?3, ?4)");
    return add_hashed(st, hash, user, name, now);
}

/* Fills 'who' from the row of 'st' (?1: the hash, ?2: now): user id, email, site_admin,
 * org_id, role, session or token id, csrf, must_change. */
static bool principal_of(sqlite3_stmt *st, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                         int64_t now, struct principal *who, char *csrf, size_t csrf_cap)
{
    if (!st)
        return false;
    sqlite3_bind_blob(st, 1, hash, STORE_TOKEN_HASH_LEN, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        who->user_id = sqlite3_column_int64(st, 0);
        snprintf(who->email, sizeof who->email, "%s", (const char *)sqlite3_column_text(st, 1));
        who->site_admin = sqlite3_column_int(st, 2) != 0;
        who->org_id = sqlite3_column_int64(st, 3);
        who->role = role_of((const char *)sqlite3_column_text(st, 4));
        who->session_id = sqlite3_column_int64(st, 5);
        who->must_change = sqlite3_column_int(st, 7) != 0;
        if (csrf && sqlite3_column_type(st, 6) == SQLITE_TEXT)
            snprintf(csrf, csrf_cap, "%s", (const char *)sqlite3_column_text(st, 6));
    }
    store_done(st);
    return found;
}

bool store_session_principal(struct store *s, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                             int64_t now, struct principal *who, char *csrf, size_t csrf_cap)
{
    return principal_of(store_statement(s, SQL_SESSION_PRINCIPAL,
                                        "SELECT u.id, u.email, u.site_admin, u.org_id, u.role,"
                                        " s.id, s.csrf, u.must_change"
                                        " FROM sessions s JOIN users u ON u.id = s.user_id"
                                        " WHERE s.token_hash = ?1 AND s.expires_at > ?2"
                                        " AND u.disabled_at IS NULL"),
                        hash, now, who, csrf, csrf_cap);
}

bool store_token_principal(struct store *s, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                           struct principal *who)
{
    /* An API token does not expire: ?2 is only there for principal_of(). */
    return principal_of(store_statement(s, SQL_TOKEN_PRINCIPAL,
                                        "SELECT u.id, u.email, u.site_admin, u.org_id, u.role,"
                                        " t.id, NULL, u.must_change"
                                        " FROM api_tokens t JOIN users u ON u.id = t.user_id"
                                        " WHERE t.token_hash = ?1 AND ?2 >= 0"
                                        " AND u.disabled_at IS NULL"),
                        hash, 0, who, NULL, 0);
}

int64_t store_login_failures(struct store *s, const char *key, int64_t since, int64_t *oldest)
{
    sqlite3_stmt *st = store_statement(s, SQL_LOGIN_FAILURES,
                                       "SELECT count(*), min(at) FROM login_failures"
                                       " WHERE key = ?1 AND at > ?2");
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, since);
    return store_count_oldest(st, oldest);
}

void store_login_failed(struct store *s, const char *account, const char *address, int64_t now,
                        int64_t forget)
{
    sqlite3_stmt *st = store_statement(s, SQL_LOGIN_FAILED,
                                       "INSERT INTO login_failures (key, at)"
                                       " VALUES (?1, ?3), (?2, ?3)");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    store_run(st);
    run_id(store_statement(s, SQL_LOGIN_FAILURES_OLD, "DELETE FROM login_failures WHERE at < ?1"),
           forget);
}

void store_login_forget(struct store *s, const char *key)
{
    sqlite3_stmt *st =
        store_statement(s, SQL_LOGIN_FORGET, "DELETE FROM login_failures WHERE key = ?1");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    store_run(st);
}
