/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c - a connection's statement cache and transactions (store.h). A statement is
 * prepared once per connection, not once per request: parsing SQL was most of a small
 * request's database time.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

struct store *store_open(sqlite3 *db)
{
    struct store *s = calloc(1, sizeof *s);
    if (s)
        s->db = db;
    return s;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    for (int i = 0; i < SQL_COUNT; i++)
        sqlite3_finalize(s->cache[i]);
    free(s);
}

sqlite3_stmt *store_statement(struct store *s, enum store_statement which, const char *sql)
{
    if (!s->cache[which]) {
        /* Persistent: SQLite keeps it ready for many uses rather than tuned for one. */
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->cache[which], NULL) !=
            SQLITE_OK) {
            fprintf(stderr, "dayafter serve: SQL error: %s in: %s\n", sqlite3_errmsg(s->db), sql);
            s->cache[which] = NULL;
            return NULL;
        }
        s->prepared++;
    }
    return s->cache[which];
}

void store_done(sqlite3_stmt *st)
{
    if (!st)
        return;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

enum store_status store_run(sqlite3_stmt *st)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    store_done(st);
    return store_status_of(rc);
}

enum store_status store_status_of(int rc)
{
    if (rc == SQLITE_DONE)
        return STORE_OK;
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return STORE_CONFLICT;
    return rc == SQLITE_BUSY ? STORE_BUSY : STORE_FAILED;
}

int64_t store_int(sqlite3_stmt *st, int64_t id, int64_t fallback)
{
    if (!st)
        return fallback;
    sqlite3_bind_int64(st, 1, id);
    int64_t value = fallback;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        value = sqlite3_column_int64(st, 0);
    store_done(st);
    return value;
}

int64_t store_count_oldest(sqlite3_stmt *st, int64_t *oldest)
{
    int64_t n = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_int64(st, 0);
        *oldest = sqlite3_column_int64(st, 1);
    }
    store_done(st);
    return n;
}

enum store_status store_begin(struct store *s)
{
    return db_begin(s->db) ? STORE_OK : STORE_BUSY;
}

bool store_commit(struct store *s)
{
    return db_commit(s->db);
}

void store_rollback(struct store *s)
{
    db_rollback(s->db);
}

int64_t store_last_id(const struct store *s)
{
    return sqlite3_last_insert_rowid(s->db);
}

char *store_text_copy(sqlite3_stmt *st, int column)
{
    const char *text = (const char *)sqlite3_column_text(st, column);
    return text ? strdup(text) : NULL;
}
