/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * db.c - opening the server's SQLite file with the settings every connection needs, applying
 * the schema's migrations, the pool of connections the request threads share, transactions
 * and the online backup.
 */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "migrations.h"
#include "store.h"

/* Settings of every connection. WAL lets readers work while one writer commits; synchronous
 * FULL makes an acknowledged commit durable even if the machine, not only the server, stops. */
static const char connection_settings[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = FULL;"
    "PRAGMA foreign_keys = ON;";

static bool exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return true;
    snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return false;
}

int db_schema_version(void)
{
    return migration_count();
}

int db_current_version(sqlite3 *db)
{
    return (int)db_int_id(db, "PRAGMA user_version", 0, -1);
}

/* Applies the migrations after the database's version, each with its version number in one
 * transaction, so a crash leaves the schema at one version or the next. */
static bool migrate(sqlite3 *db, char *err, size_t errlen)
{
    if (!exec(db, "BEGIN IMMEDIATE", err, errlen))
        return false;
    int version = db_current_version(db);
    if (version > migration_count()) {
        snprintf(err, errlen,
                 "the database's schema is version %d, newer than this dayafter's (%d)", version,
                 migration_count());
        db_rollback(db);
        return false;
    }
    for (int v = version + 1; v <= migration_count(); v++) {
        char set_version[64];
        snprintf(set_version, sizeof set_version, "PRAGMA user_version = %d", v);
        if (!exec(db, migration_sql(v), err, errlen) || !exec(db, set_version, err, errlen)) {
            db_rollback(db);
            return false;
        }
    }
    return exec(db, "COMMIT", err, errlen);
}

/* A connection, without the settings (which change the file: WAL is written in its header). */
static sqlite3 *open_file(const char *path, bool create, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 10000);
    sqlite3_extended_result_codes(db, 1);
    return db;
}

/* A connection with the settings, without migrating. */
static sqlite3 *connect(const char *path, bool create, char *err, size_t errlen)
{
    sqlite3 *db = open_file(path, create, err, errlen);
    if (db && !exec(db, connection_settings, err, errlen)) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* Whether the database open as 'db' is dayafter's (a schema version) or new (nothing in it):
 * another application's file, its schema version 0 and tables of its own, would be given
 * dayafter's tables and WAL mode by the migrations, a typo in --db altering someone else's
 * data. False with the reason in 'err'. */
static bool ours_or_new(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    int64_t version = db_int_id(db, "PRAGMA user_version", 0, -1);
    int64_t objects = db_int_id(db, "SELECT count(*) FROM sqlite_master", 0, -1);
    if (version < 0 || objects < 0) {
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
        return false;
    }
    if (version == 0 && objects > 0) {
        snprintf(err, errlen,
                 "%s: not a dayafter database (it holds another application's tables): give "
                 "dayafter's database, or a new file",
                 path);
        return false;
    }
    return true;
}

sqlite3 *db_open(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = open_file(path, true, err, errlen);
    if (db && (!ours_or_new(db, path, err, errlen) || !exec(db, connection_settings, err, errlen) ||
               !migrate(db, err, errlen))) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

struct db_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int size;
    int free_count;
    struct store **free_list;
    struct store **all;
};

struct db_pool *db_pool_open(const char *path, int size, char *err, size_t errlen)
{
    struct db_pool *pool = calloc(1, sizeof *pool);
    if (!pool) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    pool->free_list = calloc((size_t)size, sizeof *pool->free_list);
    pool->all = calloc((size_t)size, sizeof *pool->all);
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->freed, NULL);
    if (!pool->free_list || !pool->all) {
        snprintf(err, errlen, "out of memory");
        db_pool_close(pool);
        return NULL;
    }
    for (int i = 0; i < size; i++) {
        /* The first connection migrates; the others find the schema ready. */
        sqlite3 *db = i == 0 ? db_open(path, err, errlen) : connect(path, false, err, errlen);
        struct store *store = db ? store_open(db) : NULL;
        if (!store) {
            if (db)
                snprintf(err, errlen, "out of memory");
            sqlite3_close(db);
            db_pool_close(pool);
            return NULL;
        }
        pool->all[pool->size++] = store;
        pool->free_list[pool->free_count++] = store;
    }
    return pool;
}

struct store *db_pool_take(struct db_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    while (pool->free_count == 0)
        pthread_cond_wait(&pool->freed, &pool->lock);
    struct store *store = pool->free_list[--pool->free_count];
    pthread_mutex_unlock(&pool->lock);
    return store;
}

void db_pool_give(struct db_pool *pool, struct store *store)
{
    /* A handler that returned inside a transaction (a bug) must not leave it to the next. */
    if (!sqlite3_get_autocommit(store->db))
        db_rollback(store->db);
    pthread_mutex_lock(&pool->lock);
    pool->free_list[pool->free_count++] = store;
    pthread_cond_signal(&pool->freed);
    pthread_mutex_unlock(&pool->lock);
}

void db_pool_close(struct db_pool *pool)
{
    if (!pool)
        return;
    /* The statements first: a connection with statements left does not close. */
    for (int i = 0; i < pool->size; i++) {
        sqlite3 *db = pool->all[i]->db;
        store_close(pool->all[i]);
        sqlite3_close(db);
    }
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->freed);
    free(pool->free_list);
    free(pool->all);
    free(pool);
}

bool db_begin(sqlite3 *db)
{
    return sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
}

bool db_commit(sqlite3 *db)
{
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return true;
    db_rollback(db);
    return false;
}

void db_rollback(sqlite3 *db)
{
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

/* Prepares 'sql'; NULL on failure (a bug: the statements are the program's own). */
static sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "dayafter serve: SQL error: %s in: %s\n", sqlite3_errmsg(db), sql);
        return NULL;
    }
    return st;
}

int db_exec_id(sqlite3 *db, const char *sql, int64_t id)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? sqlite3_changes(db) : -1;
}

int64_t db_int_id(sqlite3 *db, const char *sql, int64_t id, int64_t fallback)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return fallback;
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, id);
    int64_t value = fallback;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return value;
}

bool db_backup(const char *path, const char *out, char *err, size_t errlen)
{
    /* Without the settings: a file that is not dayafter's is left as it is. */
    sqlite3 *src = open_file(path, false, err, errlen);
    if (!src)
        return false;
    if (db_current_version(src) <= 0) {
        snprintf(err, errlen, "%s: not a dayafter database", path);
        sqlite3_close(src);
        return false;
    }
    sqlite3 *dst = NULL;
    bool ok = false;
    if (sqlite3_open_v2(out, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", out, dst ? sqlite3_errmsg(dst) : "out of memory");
    } else {
        /* All pages in one step: one read transaction, so one consistent snapshot. */
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        if (!b) {
            snprintf(err, errlen, "%s: %s", out, sqlite3_errmsg(dst));
        } else {
            int rc = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
            ok = rc == SQLITE_DONE;
            if (!ok)
                snprintf(err, errlen, "%s: %s", out, sqlite3_errstr(rc));
        }
    }
    sqlite3_close(dst);
    sqlite3_close(src);
    return ok;
}
