/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth.c - passwords, sessions, API tokens and the login limiter (auth.h). Tokens are random
 * enough that a fast hash protects them at rest; passwords are not, so they get argon2id.
 */
#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "db.h"

bool auth_init(void)
{
    return sodium_init() >= 0;
}

bool auth_hash_password(const char *password, char out[AUTH_HASH_LEN])
{
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool auth_password_matches(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_new_token(char out[AUTH_TOKEN_LEN + 1])
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_new_password(char out[AUTH_PASSWORD_LEN + 1])
{
    /* 15 bytes are 20 base64 characters: 120 random bits. */
    unsigned char bytes[15];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2base64(out, AUTH_PASSWORD_LEN + 1, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void token_hash(const char *token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* 'sql' prepared with the token's hash as ?1 and 'number' as ?2. */
static sqlite3_stmt *prepare_hashed(sqlite3 *db, const char *sql, const char *token,
                                    int64_t number)
{
    unsigned char hash[32];
    token_hash(token, hash);
    sqlite3_stmt *st = db_prepare(db, sql);
    if (st) {
        sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, number);
    }
    return st;
}

/* Inserts a hashed token: 'sql' takes the hash as ?1, the user as ?2, 'text' as ?3 and 'now'
 * as ?4 (and ?5 = now + SERVER_SESSION_S where it has one). */
static bool insert_token(sqlite3 *db, const char *sql, const char *token, int64_t user,
                         const char *text, int64_t now)
{
    sqlite3_stmt *st = prepare_hashed(db, sql, token, user);
    if (!st)
        return false;
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    if (sqlite3_bind_parameter_count(st) >= 5)
        sqlite3_bind_int64(st, 5, now + SERVER_SESSION_S);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

bool auth_session_create(sqlite3 *db, int64_t user, int64_t now, char token[AUTH_TOKEN_LEN + 1],
                         char csrf[AUTH_TOKEN_LEN + 1])
{
    auth_new_token(token);
    auth_new_token(csrf);
    /* Expired sessions go as new ones come. */
    db_exec_id(db, "DELETE FROM sessions WHERE expires_at < ?1", now);
    return insert_token(db,
                        "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
                        token, user, csrf, now);
}

bool auth_session_delete(sqlite3 *db, int64_t session)
{
    return db_exec_id(db, "DELETE FROM sessions WHERE id = ?1", session) >= 0;
}

bool auth_token_create(sqlite3 *db, int64_t user, const char *name, int64_t now,
                       char token[AUTH_TOKEN_LEN + 1])
{
    auth_new_token(token);
    return insert_token(db,
                        "INSERT INTO api_tokens (token_hash, user_id, name, created_at)"
                        " VALUES (?1, ?2, ?3, ?4)",
                        token, user, name, now);
}

enum role role_of(const char *name)
{
    if (!name)
        return ROLE_NONE;
    if (strcmp(name, "viewer") == 0)
        return ROLE_VIEWER;
    if (strcmp(name, "editor") == 0)
        return ROLE_EDITOR;
    if (strcmp(name, "admin") == 0)
        return ROLE_ADMIN;
    return ROLE_NONE;
}

const char *role_name(enum role role)
{
    static const char *const names[] = {"none", "viewer", "editor", "admin"};
    return names[role];
}

/* Fills 'who' with the user of the row that 'sql' (?1: the token's hash, ?2: now) selects:
 * user id, email, site_admin, org_id, role, session id, csrf, must_change. */
static bool lookup(sqlite3 *db, const char *sql, const char *token, int64_t now,
                   struct principal *who, char csrf[AUTH_TOKEN_LEN + 1])
{
    if (strlen(token) != AUTH_TOKEN_LEN)
        return false;
    sqlite3_stmt *st = prepare_hashed(db, sql, token, now);
    if (!st)
        return false;
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
            snprintf(csrf, AUTH_TOKEN_LEN + 1, "%s", (const char *)sqlite3_column_text(st, 6));
    }
    sqlite3_finalize(st);
    return found;
}

void auth_identify(sqlite3 *db, const char *cookie, const char *authorization, int64_t now,
                   struct principal *who, char csrf[AUTH_TOKEN_LEN + 1])
{
    memset(who, 0, sizeof *who);
    csrf[0] = '\0';
    if (authorization && strncasecmp(authorization, "Bearer ", 7) == 0) {
        /* The token's id comes back where a session's would. */
        if (lookup(db,
                   "SELECT u.id, u.email, u.site_admin, u.org_id, u.role, t.id, NULL,"
                   " u.must_change FROM api_tokens t JOIN users u ON u.id = t.user_id"
                   " WHERE t.token_hash = ?1 AND ?2 >= 0 AND u.disabled_at IS NULL",
                   authorization + 7, now, who, NULL)) {
            who->token_id = who->session_id;
            who->session_id = 0;
        }
        return;
    }
    if (cookie && lookup(db,
                         "SELECT u.id, u.email, u.site_admin, u.org_id, u.role, s.id, s.csrf,"
                         " u.must_change"
                         " FROM sessions s JOIN users u ON u.id = s.user_id"
                         " WHERE s.token_hash = ?1 AND s.expires_at > ?2"
                         " AND u.disabled_at IS NULL",
                         cookie, now, who, csrf))
        who->by_cookie = true;
}

/* The failures of 'key' since 'since', and the oldest of them. */
static int64_t failures(sqlite3 *db, const char *key, int64_t since, int64_t *oldest)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*), min(at) FROM login_failures"
                                      " WHERE key = ?1 AND at > ?2");
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, since);
    int64_t n = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
        *oldest = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return n;
}

/* The limiter's keys: one for the account, one for the client's address. */
static void keys(const char *email, const char *client, char account[256], char address[128])
{
    snprintf(account, 256, "email:%s", email);
    for (char *c = account; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    snprintf(address, 128, "client:%s", client);
}

int auth_login_wait(sqlite3 *db, const char *email, const char *client, int64_t now)
{
    char account[256], address[128];
    keys(email, client, account, address);
    int wait = 0;
    const char *both[2] = {account, address};
    for (int i = 0; i < 2; i++) {
        int64_t oldest = now;
        /* An address may try several accounts: it gets four times an account's allowance. */
        int64_t limit = i == 0 ? SERVER_LOGIN_FAILURES : 4 * SERVER_LOGIN_FAILURES;
        if (failures(db, both[i], now - SERVER_LOGIN_WINDOW_S, &oldest) >= limit) {
            int w = (int)(oldest + SERVER_LOGIN_WINDOW_S - now);
            if (w > wait)
                wait = w;
        }
    }
    return wait;
}

void auth_login_failed(sqlite3 *db, const char *email, const char *client, int64_t now)
{
    char account[256], address[128];
    keys(email, client, account, address);
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO login_failures (key, at) VALUES (?1, ?3),"
                                      " (?2, ?3)");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, address, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_step(st);
    sqlite3_finalize(st);
    db_exec_id(db, "DELETE FROM login_failures WHERE at < ?1", now - SERVER_LOGIN_WINDOW_S);
}

void auth_login_succeeded(sqlite3 *db, const char *email)
{
    char account[256], address[128];
    keys(email, "", account, address);
    sqlite3_stmt *st = db_prepare(db, "DELETE FROM login_failures WHERE key = ?1");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, account, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_finalize(st);
}
