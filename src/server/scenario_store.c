/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario_store.c - scenarios and revisions in the database (scenario_store.h). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dayafter.h"
#include "db.h"
#include "scenario_store.h"

json_t *store_validate(const char *yaml)
{
    da_diags *diags = da_diags_new();
    if (!diags)
        return json_pack("[{s:i, s:i, s:s}]", "line", 1, "column", 1, "message",
                         "out of memory");
    da_scenario *scn = NULL;
    da_status status = da_scenario_load_buffer("scenario.yaml", yaml, strlen(yaml), diags, &scn);
    json_t *errors = NULL;
    if (status != DA_OK) {
        errors = json_array();
        for (size_t i = 0; i < da_diags_count(diags); i++) {
            da_diag d = da_diags_get(diags, i);
            json_array_append_new(errors, json_pack("{s:i, s:i, s:s, s:s, s:s, s:i}", "line",
                                                    (int)d.line, "column", (int)d.column, "message",
                                                    d.message, "code", da_diag_code_name(d.code),
                                                    "path", d.path, "span", (int)d.span));
        }
        if (json_array_size(errors) == 0)
            json_array_append_new(errors, json_pack("{s:i, s:i, s:s}", "line", 1, "column", 1,
                                                    "message", da_status_str(status)));
    }
    da_scenario_free(scn);
    da_diags_free(diags);
    return errors;
}

da_scenario *store_load(const char *yaml)
{
    da_diags *diags = da_diags_new();
    da_scenario *scn = NULL;
    if (diags && da_scenario_load_buffer("scenario.yaml", yaml, strlen(yaml), diags, &scn) != DA_OK)
        scn = NULL;
    da_diags_free(diags);
    return scn;
}

int64_t store_latest(sqlite3 *db, int64_t scenario)
{
    return db_int_id(db, "SELECT max(number) FROM revisions WHERE scenario_id = ?1", scenario,
                     0);
}

int64_t store_revision(sqlite3 *db, int64_t scenario, int64_t number, char **yaml)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id, yaml FROM revisions"
                                      " WHERE scenario_id = ?1 AND number = ?2");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, scenario);
    sqlite3_bind_int64(st, 2, number);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        if (yaml) {
            *yaml = strdup((const char *)sqlite3_column_text(st, 1));
            if (!*yaml)
                id = 0;
        }
    }
    sqlite3_finalize(st);
    return id;
}

bool store_add_revision(sqlite3 *db, int64_t scenario, int64_t number, const char *yaml,
                        int64_t author, int64_t now, const char *message)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO revisions (scenario_id, number, yaml,"
                                      " author_id, created_at, message)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, scenario);
    sqlite3_bind_int64(st, 2, number);
    sqlite3_bind_text(st, 3, yaml, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, author);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_text(st, 6, message, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

int64_t store_create(sqlite3 *db, int64_t org, const char *name, int64_t forked_from,
                     const char *yaml, int64_t author, int64_t now, const char *message)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO scenarios (org_id, name, forked_from,"
                                      " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, org);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    if (forked_from)
        sqlite3_bind_int64(st, 3, forked_from);
    sqlite3_bind_int64(st, 4, author);
    sqlite3_bind_int64(st, 5, now);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    int64_t id = ok ? sqlite3_last_insert_rowid(db) : 0;
    if (id && !store_add_revision(db, id, 1, yaml, author, now, message))
        id = 0;
    return id;
}
