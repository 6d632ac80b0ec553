/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_serve.c - the statements of `dayafter serve`'s command-line jobs (store_serve.h). */
#include "store_serve.h"

#include <stdio.h>

#include "store_accounts.h"

int64_t store_admin_find(struct store *s, const char *email, bool *site_admin)
{
    *site_admin = false;
    sqlite3_stmt *st =
        store_statement(s, SQL_ADMIN_FIND, "SELECT id, site_admin FROM users WHERE email = ?1");
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        *site_admin = sqlite3_column_int64(st, 1) != 0;
    }
    store_done(st);
    return id;
}

/* Runs 'st' with ?1 = 'email' and ?2 = 'hash'. */
static enum store_status run_email_hash(sqlite3_stmt *st, const char *email, const char *hash)
{
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
    return store_run(st);
}

enum store_status store_admin_add(struct store *s, const char *email, const char *hash)
{
    return run_email_hash(store_statement(s, SQL_ADMIN_ADD,
                                          "INSERT INTO users (email, password_hash, site_admin,"
                                          " created_at, must_change)"
                                          " VALUES (?1, ?2, 1, strftime('%s', 'now'), 1)"),
                          email, hash);
}

enum store_status store_admin_set_password(struct store *s, int64_t user, const char *email,
                                           const char *hash)
{
    enum store_status status =
        run_email_hash(store_statement(s, SQL_ADMIN_SET_PASSWORD,
                                       "UPDATE users SET password_hash = ?2, must_change = 1"
                                       " WHERE email = ?1"),
                       email, hash);
    if (status == STORE_OK)
        status = store_sessions_end(s, user, 0);
    if (status == STORE_OK && store_tokens_revoke(s, user) < 0)
        status = STORE_FAILED;
    return status;
}

bool store_integrity(struct store *s, char *verdict, size_t cap)
{
    sqlite3_stmt *st = store_statement(s, SQL_INTEGRITY_CHECK, "PRAGMA integrity_check");
    bool ran = st && sqlite3_step(st) == SQLITE_ROW;
    if (ran) {
        const char *text = (const char *)sqlite3_column_text(st, 0);
        snprintf(verdict, cap, "%s", text ? text : "?");
    }
    store_done(st);
    return ran;
}
