/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * db.h - the server's SQLite file: opening it (WAL, foreign keys, a busy timeout), its
 * versioned migrations, a pool of connections for the request threads, and transactions.
 */
#ifndef DA_SERVER_DB_H
#define DA_SERVER_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

/* Opens (creating it when missing) the database at 'path' with the server's settings and
 * brings its schema to the latest version. NULL on failure, with the reason in 'err': among
 * them a file of another application (no schema version, tables of its own), left as it
 * was. */
sqlite3 *db_open(const char *path, char *err, size_t errlen);

/* The schema version the code expects, and the version of an open database. */
int db_schema_version(void);
int db_current_version(sqlite3 *db);

/* A fixed set of connections for the request threads, each with its statements (store.h). */
struct db_pool;
struct store;
struct db_pool *db_pool_open(const char *path, int size, char *err, size_t errlen);
/* Takes a connection, waiting for one to be free; gives it back. */
struct store *db_pool_take(struct db_pool *pool);
void db_pool_give(struct db_pool *pool, struct store *store);
void db_pool_close(struct db_pool *pool);

/* BEGIN IMMEDIATE (a write transaction from the start, so it cannot fail half-way on a busy
 * database), COMMIT and ROLLBACK. db_begin and db_commit return false on failure. */
bool db_begin(sqlite3 *db);
bool db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db);

/* One-off statements, prepared for one use: the schema's version, and the tests' looks at a
 * database. The server's own statements are the store's (store.h), prepared once. */
/* Runs 'sql' with one optional integer parameter (?1); the number of rows changed, or -1. */
int db_exec_id(sqlite3 *db, const char *sql, int64_t id);
/* The first column of the first row of 'sql' with ?1 = id, or 'fallback'. */
int64_t db_int_id(sqlite3 *db, const char *sql, int64_t id, int64_t fallback);

/* A copy of the open database 'path' into 'out', consistent while others write to it (the
 * backup API reads one snapshot). Returns true, or false with the reason in 'err'. */
bool db_backup(const char *path, const char *out, char *err, size_t errlen);

#endif
