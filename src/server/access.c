/* SPDX-License-Identifier: GPL-3.0-or-later */
/* access.c - the scenario access rules of access.h, as one pure decision and its lookup. */
#include "access.h"

#include <string.h>

#include "db.h"

struct access access_decide(const struct principal *who, int64_t owner, const char *shared)
{
    struct access a = {false, false, false, owner};
    if (who->user_id == 0 || who->org_id == 0 || owner == 0)
        return a;
    bool writer = who->role >= ROLE_EDITOR;
    if (who->org_id == owner) {
        a.visible = true;
        a.edit = a.share = writer;
    } else if (shared) {
        a.visible = true;
        a.edit = writer && strcmp(shared, "edit") == 0;
    }
    return a;
}

struct access access_scenario(sqlite3 *db, const struct principal *who, int64_t scenario)
{
    struct access none = {false, false, false, 0};
    sqlite3_stmt *st = db_prepare(db, "SELECT s.org_id, sh.access FROM scenarios s"
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
    sqlite3_finalize(st);
    return a;
}
