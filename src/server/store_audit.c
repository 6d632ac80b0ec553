/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_audit.c - the audit log's statements (store_audit.h). */
#include "store_audit.h"

enum store_status store_audit_add(struct store *s, int64_t at, int64_t org,
                                  const struct principal *who, const char *action,
                                  const char *detail, const char *client)
{
    sqlite3_stmt *st = store_statement(s, SQL_AUDIT_ADD,
                                       "INSERT INTO audit (at, org_id, user_id, email, action,"
                                       " detail, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int64(st, 1, at);
    if (org)
        sqlite3_bind_int64(st, 2, org);
    if (who->user_id) {
        sqlite3_bind_int64(st, 3, who->user_id);
        sqlite3_bind_text(st, 4, who->email, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_text(st, 5, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, client, -1, SQLITE_TRANSIENT);
    return store_run(st);
}

int64_t store_audit_since(struct store *s, int64_t user, int64_t since, int64_t most,
                          int64_t *frees)
{
    /* Counted by the hour: an hour that began before 'since' is counted whole, so that the
     * window is 24 to 25 hours, never less than it says. */
    sqlite3_stmt *st = store_statement(s, SQL_AUDIT_SINCE,
                                       "SELECT hour, n FROM audit_hours WHERE user_id = ?1"
                                       " AND hour >= ?2 ORDER BY hour");
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, user);
    sqlite3_bind_int64(st, 2, since / 3600);
    enum { HOURS = 26 };
    int64_t hours[HOURS], counts[HOURS], total = 0;
    int n = 0;
    while (n < HOURS && sqlite3_step(st) == SQLITE_ROW) {
        hours[n] = sqlite3_column_int64(st, 0);
        counts[n] = sqlite3_column_int64(st, 1);
        total += counts[n++];
    }
    store_done(st);
    /* The oldest hours leave first: room comes when the count left drops under 'most'. */
    int64_t left = total;
    for (int k = 0; k < n && left >= most; k++) {
        left -= counts[k];
        *frees = (hours[k] + 1) * 3600;
    }
    return total;
}

enum store_status store_audit_list(struct store *s, const struct principal *who, int64_t before,
                                   void (*row)(const struct store_audit_entry *, void *), void *ctx)
{
    sqlite3_stmt *st = store_statement(s, SQL_AUDIT_LIST,
                                       "SELECT a.id, a.at, o.name, a.email, a.action, a.detail,"
                                       " a.client FROM audit a"
                                       " LEFT JOIN organizations o ON o.id = a.org_id"
                                       " WHERE (?1 OR a.org_id = ?2) AND (?3 = 0 OR a.id < ?3)"
                                       " ORDER BY a.id DESC LIMIT 200");
    if (!st)
        return STORE_FAILED;
    sqlite3_bind_int(st, 1, who->site_admin);
    sqlite3_bind_int64(st, 2, who->org_id);
    sqlite3_bind_int64(st, 3, before);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_audit_entry entry = {sqlite3_column_int64(st, 0),
                                          sqlite3_column_int64(st, 1),
                                          (const char *)sqlite3_column_text(st, 2),
                                          (const char *)sqlite3_column_text(st, 3),
                                          (const char *)sqlite3_column_text(st, 4),
                                          (const char *)sqlite3_column_text(st, 5),
                                          (const char *)sqlite3_column_text(st, 6)};
        row(&entry, ctx);
    }
    store_done(st);
    return store_status_of(rc);
}
