/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c - a connection's statement cache and transactions (store.h), and a row's values as
 * JSON. A statement is prepared once per connection, not once per request: parsing SQL was
 * most of a small request's database time.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/text.h"
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
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->cache[which],
                               NULL) != SQLITE_OK) {
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

json_t *store_time(int64_t when)
{
    time_t t = (time_t)when;
    struct tm tm;
    char text[32];
    gmtime_r(&t, &tm);
    strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(text);
}

json_t *store_text_column(sqlite3_stmt *st, int column)
{
    if (sqlite3_column_type(st, column) == SQLITE_NULL)
        return json_null();
    return store_json_text((const char *)sqlite3_column_text(st, column));
}

json_t *store_json_text(const char *text)
{
    if (!text)
        return json_null();
    if (text_utf8_valid(text))
        return json_string(text);
    /* A row written before its text was cut on whole characters: readable, not a 500 for
     * ever (jansson refuses the string, and the whole answer with it). */
    size_t cap = 3 * strlen(text) + 1;
    char *clean = malloc(cap);
    if (!clean)
        return NULL;
    text_utf8_sanitize(clean, cap, text);
    json_t *s = json_string(clean);
    free(clean);
    return s;
}
