/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario_store.h - scenarios and their revisions in the database: the checks a text must
 * pass to be saved, the latest revision, one revision's text, and adding a revision.
 */
#ifndef DA_SERVER_SCENARIO_STORE_H
#define DA_SERVER_SCENARIO_STORE_H

#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

/* NULL when 'yaml' is a valid scenario; otherwise its problems, as a JSON array of {line,
 * column, message}. */
json_t *store_validate(const char *yaml);

/* The scenario of 'yaml', or NULL when it does not load. */
struct da_scenario *store_load(const char *yaml);

/* The number of the latest revision of 'scenario' (0: none). */
int64_t store_latest(sqlite3 *db, int64_t scenario);

/* Revision 'number' of 'scenario': its id (0: none), and its text when 'yaml' is not NULL
 * (malloc'd). */
int64_t store_revision(sqlite3 *db, int64_t scenario, int64_t number, char **yaml);

/* Adds revision 'number' of 'scenario' (inside the caller's transaction); false on failure. */
bool store_add_revision(sqlite3 *db, int64_t scenario, int64_t number, const char *yaml,
                        int64_t author, int64_t now, const char *message);

/* Creates a scenario of 'org' named 'name' (forked from revision id 'forked_from', or 0) with
 * its first revision; its id, or 0 on failure. Inside the caller's transaction. */
int64_t store_create(sqlite3 *db, int64_t org, const char *name, int64_t forked_from,
                     const char *yaml, int64_t author, int64_t now, const char *message);

#endif
