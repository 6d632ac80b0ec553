/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.h - the server's data layer: one struct store per database connection, holding the
 * statements of the store_*.c files, each prepared the first time it is used and kept until
 * the connection closes (SQLite's persistent statements: a request parses no SQL), and the
 * statuses the store's functions return instead of HTTP answers. The handlers call the store;
 * only the store writes SQL, and only the handlers write JSON: a list's rows come back as
 * structs, given one by one to the caller's function.
 */
#ifndef DA_SERVER_STORE_H
#define DA_SERVER_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

enum store_status {
    STORE_OK,
    STORE_NOT_FOUND, /* no such row, or none that the caller may change */
    STORE_CONFLICT,  /* a unique name or email taken */
    STORE_BUSY,      /* another writer held the database for the whole busy timeout */
    STORE_FAILED,    /* anything else: the database's message is on the connection */
};

/* The statements, the keys of a connection's cache: each is used by one store_*.c file,
 * which holds its SQL. */
enum store_statement {
    /* store_audit.c */
    SQL_AUDIT_ADD,
    SQL_AUDIT_LIST,
    SQL_AUDIT_SINCE,
    /* store_accounts.c */
    SQL_ORG_BY_NAME,
    SQL_ORG_NAME,
    SQL_ORG_LIST,
    SQL_ORG_ADD,
    SQL_ORG_STORED,
    SQL_LOGIN_USER,
    SQL_FIRST_PASSWORD_USED,
    SQL_USER_HASH,
    SQL_USER_SET_PASSWORD,
    SQL_SESSIONS_OTHERS_DELETE,
    SQL_SESSIONS_DELETE,
    SQL_TOKENS_DELETE,
    SQL_TOKENS_COUNT,
    SQL_TOKENS_LIST,
    SQL_TOKEN_DELETE,
    SQL_USERS_LIST,
    SQL_USER_ADD,
    SQL_MEMBER,
    SQL_USER_SET_ROLE,
    SQL_USER_DISABLE,
    /* store_auth.c */
    SQL_SESSIONS_EXPIRED_DELETE,
    SQL_SESSION_ADD,
    SQL_SESSION_DELETE,
    SQL_TOKEN_ADD,
    SQL_SESSION_PRINCIPAL,
    SQL_TOKEN_PRINCIPAL,
    SQL_LOGIN_FAILURES,
    SQL_LOGIN_FAILED,
    SQL_LOGIN_FAILURES_OLD,
    SQL_LOGIN_FORGET,
    /* store_jobs.c */
    SQL_RUNS_RECOVER,
    SQL_RUN_FAIL,
    SQL_RUN_REQUEUE,
    SQL_QUEUE_NEXT,
    SQL_RUN_START,
    SQL_ORG_CLAIMED,
    SQL_RUN_PROGRESS,
    SQL_RUN_INPUT,
    SQL_RUN_CSV_ADD,
    SQL_RUN_DONE,
    /* store_serve.c */
    SQL_ADMIN_FIND,
    SQL_ADMIN_ADD,
    SQL_ADMIN_SET_PASSWORD,
    SQL_INTEGRITY_CHECK,
    /* store_runs.c */
    SQL_RUNS_ACTIVE,
    SQL_RUNS_SINCE,
    SQL_RUN_ADD,
    SQL_RUNS_OF,
    SQL_RUN_GET,
    SQL_RUN_CSV_NAMES,
    SQL_RUN_CSV,
    SQL_RUN_STATUS,
    SQL_RUN_CANCEL,
    /* store_scenarios.c */
    SQL_ACCESS,
    SQL_SCENARIOS_LIST,
    SQL_SCENARIO_GET,
    SQL_SCENARIO_NAME,
    SQL_REVISIONS_OF,
    SQL_SHARES_OF,
    SQL_FORK_SOURCE,
    SQL_REVISION_GET,
    SQL_LATEST,
    SQL_REVISION_TEXT,
    SQL_REVISION_ADD,
    SQL_SCENARIO_ADD,
    SQL_SHARE_SET,
    SQL_SHARE_DELETE,
    SQL_COUNT
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *cache[SQL_COUNT];
    unsigned long prepared; /* statements prepared on this connection so far */
};

/* A store over the open connection 'db' (which it does not close); NULL without memory. */
struct store *store_open(sqlite3 *db);
/* Finalizes the connection's statements and frees the store. */
void store_close(struct store *s);

/* Statement 'which' with the text 'sql', prepared on first use; NULL when it does not prepare
 * (a bug: the statements are the program's own). Give it back with store_done(). */
sqlite3_stmt *store_statement(struct store *s, enum store_statement which, const char *sql);
/* Resets a statement and clears its bindings, ready for the next request; NULL is ignored. */
void store_done(sqlite3_stmt *st);
/* Steps a statement that returns no rows to its end: STORE_OK, or the failure's status. */
enum store_status store_run(sqlite3_stmt *st);
/* The status of a step's result code (SQLITE_DONE: STORE_OK). */
enum store_status store_status_of(int rc);

/* The first column of the one row 'st' returns with ?1 = 'id' ('fallback' when there is none,
 * or it is NULL). */
int64_t store_int(sqlite3_stmt *st, int64_t id, int64_t fallback);

/* Steps 'st' (its parameters bound) to its one row of count(*) and min(something): the count,
 * and the minimum in *oldest (left as it is when the row does not come). */
int64_t store_count_oldest(sqlite3_stmt *st, int64_t *oldest);

/* The request's write transaction: BEGIN IMMEDIATE (STORE_BUSY when it cannot), COMMIT (false
 * on failure, rolled back) and ROLLBACK. */
enum store_status store_begin(struct store *s);
bool store_commit(struct store *s);
void store_rollback(struct store *s);

/* The row id of the connection's last insert. */
int64_t store_last_id(const struct store *s);

/* A text column of the row 'st' is on, copied (malloc'd); NULL for SQL NULL. */
char *store_text_copy(sqlite3_stmt *st, int column);

#endif
