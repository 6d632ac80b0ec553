/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_scenarios.c - scenarios, revisions and shares in the database (store_scenarios.h). */
#include "store_scenarios.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dayafter.h"

#include "../util/text.h"

json_t *store_validate(const char *yaml)
{
    da_diags *diags = da_diags_new();
    if (!diags)
        return json_pack("[{s:i, s:i, s:s}]", "line", 1, "column", 1, "message", "out of memory");
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

struct access store_access(struct store *s, const struct principal *who, int64_t scenario)
{
    struct access none = {false, false, false, 0};
    sqlite3_stmt *st = store_statement(s, SQL_ACCESS,
                                       "SELECT s.org_id, sh.access FROM scenarios s"
                                       " LEFT JOIN shares sh ON sh.scenario_id = s.id"
                                       " AND sh.org_id = ?2 WHERE s.id = ?1");
    if (!st)
        return none;
    sqlite3_bind_int64(st, 1, scenario);
    sqlite3_bind_int64(st, 2, who->org_id);
    struct access a = none;
    if (sqlite3_step(st) == SQLITE_ROW)
        a = access_decide(who, sqlite3_column_int64(st, 0),
                          (const char *)sqlite3_column_text(st, 1));
    store_done(st);
    return a;
}

enum store_status store_scenarios_list(struct store *s, int64_t org,
                                       void (*row)(const struct store_scenario_row *, void *),
                                       void *ctx)
{
    sqlite3_stmt *st =
        store_statement(s, SQL_SCENARIOS_LIST,
                        "SELECT s.id, s.name, o.name, s.org_id, sh.access,"
                        " (SELECT max(number) FROM revisions r WHERE r.scenario_id = s.id),"
                        " (SELECT max(created_at) FROM revisions r WHERE r.scenario_id = s.id)"
                        " FROM scenarios s JOIN organizations o ON o.id = s.org_id"
                        " LEFT JOIN shares sh ON sh.scenario_id = s.id AND sh.org_id = ?1"
                        " WHERE s.org_id = ?1 OR sh.org_id IS NOT NULL ORDER BY s.name, s.id");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, org);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_scenario_row scenario = {sqlite3_column_int64(st, 0),
                                              (const char *)sqlite3_column_text(st, 1),
                                              (const char *)sqlite3_column_text(st, 2),
                                              sqlite3_column_int64(st, 3),
                                              (const char *)sqlite3_column_text(st, 4),
                                              sqlite3_column_int64(st, 5),
                                              sqlite3_column_int64(st, 6)};
        row(&scenario, ctx);
    }
    store_done(st);
    return store_status_of(rc);
}

enum store_status store_scenario_get(struct store *s, int64_t id, struct store_scenario *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_statement(s, SQL_SCENARIO_GET,
                                       "SELECT s.name, o.name, s.forked_from FROM scenarios s"
                                       " JOIN organizations o ON o.id = s.org_id"
                                       " WHERE s.id = ?1");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    enum store_status status = STORE_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->name = store_text_copy(st, 0);
        out->organization = store_text_copy(st, 1);
        out->forked_from = sqlite3_column_int64(st, 2);
        status = out->name && out->organization ? STORE_OK : STORE_FAILED;
    }
    store_done(st);
    return status;
}

void store_scenario_name(struct store *s, int64_t id, char *name, size_t cap)
{
    name[0] = '\0';
    sqlite3_stmt *st =
        store_statement(s, SQL_SCENARIO_NAME, "SELECT name FROM scenarios WHERE id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    /* A name stored before names were cut on whole characters is not passed on. */
    if (sqlite3_step(st) == SQLITE_ROW)
        text_utf8_sanitize(name, cap, (const char *)sqlite3_column_text(st, 0));
    store_done(st);
}

enum store_status store_revisions_of(struct store *s, int64_t scenario,
                                     void (*row)(const struct store_revision_row *, void *),
                                     void *ctx)
{
    sqlite3_stmt *st = store_statement(s, SQL_REVISIONS_OF,
                                       "SELECT r.number, u.email, r.created_at, r.message"
                                       " FROM revisions r JOIN users u ON u.id = r.author_id"
                                       " WHERE r.scenario_id = ?1 ORDER BY r.number DESC");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, scenario);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_revision_row revision = {
            sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
            sqlite3_column_int64(st, 2), (const char *)sqlite3_column_text(st, 3)};
        row(&revision, ctx);
    }
    store_done(st);
    return store_status_of(rc);
}

enum store_status store_shares_of(struct store *s, int64_t scenario,
                                  void (*row)(const struct store_share *, void *), void *ctx)
{
    sqlite3_stmt *st = store_statement(s, SQL_SHARES_OF,
                                       "SELECT o.name, sh.access, sh.created_at FROM shares sh"
                                       " JOIN organizations o ON o.id = sh.org_id"
                                       " WHERE sh.scenario_id = ?1 ORDER BY o.name");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, scenario);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_share share = {(const char *)sqlite3_column_text(st, 0),
                                    (const char *)sqlite3_column_text(st, 1),
                                    sqlite3_column_int64(st, 2)};
        row(&share, ctx);
    }
    store_done(st);
    return store_status_of(rc);
}

bool store_revision_source(struct store *s, int64_t revision, int64_t *scenario, int64_t *number,
                           char **name)
{
    *name = NULL;
    sqlite3_stmt *st = store_statement(s, SQL_FORK_SOURCE,
                                       "SELECT r.scenario_id, r.number, s.name FROM revisions r"
                                       " JOIN scenarios s ON s.id = r.scenario_id"
                                       " WHERE r.id = ?1");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, revision);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        *scenario = sqlite3_column_int64(st, 0);
        *number = sqlite3_column_int64(st, 1);
        *name = store_text_copy(st, 2);
    }
    store_done(st);
    return found && *name;
}

int64_t store_latest(struct store *s, int64_t scenario)
{
    return store_int(store_statement(s, SQL_LATEST,
                                     "SELECT max(number) FROM revisions"
                                     " WHERE scenario_id = ?1"),
                     scenario, 0);
}

int64_t store_revision(struct store *s, int64_t scenario, int64_t number, char **yaml)
{
    sqlite3_stmt *st = store_statement(s, SQL_REVISION_TEXT,
                                       "SELECT id, yaml FROM revisions"
                                       " WHERE scenario_id = ?1"
                                       " AND number = ?2");
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
    store_done(st);
    return id;
}

enum store_status store_revision_get(struct store *s, int64_t scenario, int64_t number,
                                     struct store_revision *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_statement(s, SQL_REVISION_GET,
                                       "SELECT r.yaml, u.email, r.created_at, r.message"
                                       " FROM revisions r JOIN users u ON u.id = r.author_id"
                                       " WHERE r.scenario_id = ?1 AND r.number = ?2");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, scenario);
    sqlite3_bind_int64(st, 2, number);
    enum store_status status = STORE_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->yaml = store_text_copy(st, 0);
        out->author = store_text_copy(st, 1);
        out->created = sqlite3_column_int64(st, 2);
        out->message = store_text_copy(st, 3);
        status = out->yaml && out->author ? STORE_OK : STORE_FAILED;
    }
    store_done(st);
    return status;
}

bool store_add_revision(struct store *s, int64_t scenario, int64_t number, const char *yaml,
                        int64_t author, int64_t now, const char *message)
{
    sqlite3_stmt *st = store_statement(s, SQL_REVISION_ADD,
                                       "INSERT INTO revisions (scenario_id, number, yaml,"
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
    return store_run(st) == STORE_OK;
}

int64_t store_create(struct store *s, int64_t org, const char *name, int64_t forked_from,
                     const char *yaml, int64_t author, int64_t now, const char *message)
{
    sqlite3_stmt *st = store_statement(s, SQL_SCENARIO_ADD,
                                       "INSERT INTO scenarios (org_id, name, forked_from,"
                                       " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, org);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    if (forked_from)
        sqlite3_bind_int64(st, 3, forked_from);
    sqlite3_bind_int64(st, 4, author);
    sqlite3_bind_int64(st, 5, now);
    int64_t id = store_run(st) == STORE_OK ? store_last_id(s) : 0;
    if (id && !store_add_revision(s, id, 1, yaml, author, now, message))
        id = 0;
    return id;
}

enum store_status store_share_set(struct store *s, int64_t scenario, int64_t org,
                                  const char *access, int64_t now)
{
    sqlite3_stmt *st = store_statement(s, SQL_SHARE_SET,
                                       "INSERT INTO shares (scenario_id, org_id, access,"
                                       " created_at) VALUES (?1, ?2, ?3, ?4)"
                                       " ON CONFLICT (scenario_id, org_id)"
                                       " DO UPDATE SET access = excluded.access");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, scenario);
    sqlite3_bind_int64(st, 2, org);
    sqlite3_bind_text(st, 3, access, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    return store_run(st);
}

enum store_status store_share_delete(struct store *s, int64_t scenario, int64_t org)
{
    sqlite3_stmt *st = store_statement(s, SQL_SHARE_DELETE,
                                       "DELETE FROM shares WHERE scenario_id = ?1"
                                       " AND org_id = ?2");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, scenario);
    sqlite3_bind_int64(st, 2, org);
    enum store_status status = store_run(st);
    return status == STORE_OK && sqlite3_changes(s->db) == 0 ? STORE_NOT_FOUND : status;
}
