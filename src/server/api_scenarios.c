/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * api_scenarios.c - scenarios, their revisions, diffs, forks and shares. Every save of a new
 * text is a new revision (the latest text again adds none); a text that does not validate is
 * refused with its located problems (422), one that would take the organization past its
 * storage quota with a 413. A scenario the caller may not see is a 404, one they may see but
 * not change a 403. The built-in scenarios are there to start from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dayafter.h"

#include "../util/text.h"
#include "access.h"
#include "api.h"
#include "auth.h"
#include "bodies.h"
#include "db.h"
#include "diff.h"
#include "scenario_store.h"

/* True when 'yaml' is a valid scenario; otherwise a 422 with its located problems, and the
 * body 'root' released. */
static bool validates(struct response *rs, const char *yaml, json_t *root)
{
    json_t *errors = store_validate(yaml);
    if (!errors)
        return true;
    respond_json(rs, 422, json_pack("{s:s, s:o}", "error",
                                    "the scenario does not validate: nothing was saved",
                                    "errors", errors));
    body_free(root);
    return false;
}

/* Whether organization 'org' may store 'bytes' more of scenario text (every revision counts:
 * they are never deleted); otherwise a 413 that names the quota. Inside the request's
 * transaction, so that two saves cannot both take the last of it. */
static bool within_storage(struct request *rq, struct response *rs, int64_t org, size_t bytes)
{
    int64_t stored = db_int_id(rq->db, "SELECT stored_bytes FROM organizations WHERE id = ?1",
                               org, 0);
    int64_t quota = rq->srv->quotas.stored_bytes;
    if (stored + (int64_t)bytes <= quota)
        return true;
    char *name = api_org_name(rq->db, org);
    api_quota(rs, 413, "storage",
              "this text (%zu bytes) would take the scenarios %s stores past its quota (%lld "
              "MiB, --storage-quota): %lld bytes stored, every revision counted",
              bytes, name ? name : "the organization", (long long)(quota / (1024 * 1024)),
              (long long)stored);
    free(name);
    return false;
}

/* Whether 'yaml' is the text of revision 'number' of 'scenario'. */
static bool same_text(sqlite3 *db, int64_t scenario, int64_t number, const char *yaml)
{
    char *text = NULL;
    bool same = store_revision(db, scenario, number, &text) && strcmp(text, yaml) == 0;
    free(text);
    return same;
}

/* The audit entry of a change to a scenario of 'owner': in the owner's log, and in the
 * caller's when they belong to another organization (they changed a shared scenario). */
static void audit_both(struct request *rq, int64_t owner, int64_t other, const char *action,
                       const char *detail)
{
    api_audit_log(rq, owner, action, "%s", detail);
    if (other && other != owner)
        api_audit_log(rq, other, action, "%s", detail);
}

void api_scenarios_list(struct request *rq, struct response *rs)
{
    sqlite3_stmt *st = db_prepare(
        rq->db, "SELECT s.id, s.name, o.name, s.org_id, sh.access,"
                " (SELECT max(number) FROM revisions r WHERE r.scenario_id = s.id),"
                " (SELECT max(created_at) FROM revisions r WHERE r.scenario_id = s.id)"
                " FROM scenarios s JOIN organizations o ON o.id = s.org_id"
                " LEFT JOIN shares sh ON sh.scenario_id = s.id AND sh.org_id = ?1"
                " WHERE s.org_id = ?1 OR sh.org_id IS NOT NULL ORDER BY s.name, s.id");
    if (!st) {
        api_db_error(rs, rq->db);
        return;
    }
    sqlite3_bind_int64(st, 1, rq->who.org_id);
    json_t *list = json_array();
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct access a = access_decide(&rq->who, sqlite3_column_int64(st, 3),
                                        (const char *)sqlite3_column_text(st, 4));
        if (!a.visible)
            continue;
        json_array_append_new(
            list, json_pack("{s:I, s:o, s:s, s:b, s:b, s:b, s:I, s:o}", "id",
                            (json_int_t)sqlite3_column_int64(st, 0), "name",
                            api_text_column(st, 1), "organization",
                            (const char *)sqlite3_column_text(st, 2), "owned",
                            a.owner == rq->who.org_id, "can_edit", a.edit, "can_share", a.share,
                            "revision", (json_int_t)sqlite3_column_int64(st, 5), "updated",
                            api_time(sqlite3_column_int64(st, 6))));
    }
    sqlite3_finalize(st);
    respond_json(rs, 200, json_pack("{s:o}", "scenarios", list));
}

void api_scenarios_create(struct request *rq, struct response *rs)
{
    if (!rq->who.org_id || rq->who.role < ROLE_EDITOR) {
        api_forbidden(rs, "only an organization's editors and admins create scenarios");
        return;
    }
    struct body_scenario b;
    char err[256];
    if (!body_scenario(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    if (!validates(rs, b.yaml, b.root))
        return;
    if (!api_begin(rq, rs)) {
        body_free(b.root);
        return;
    }
    if (!within_storage(rq, rs, rq->who.org_id, strlen(b.yaml))) {
        db_rollback(rq->db);
        body_free(b.root);
        return;
    }
    int64_t id = store_create(rq->db, rq->who.org_id, b.name, 0, b.yaml, rq->who.user_id,
                              server_now(), "created");
    char detail[300];
    snprintf(detail, sizeof detail, "created scenario %lld '%s'", (long long)id, b.name);
    api_audit_log(rq, rq->who.org_id, "edit", "%s", detail);
    if (id && db_commit(rq->db))
        respond_json(rs, 201, json_pack("{s:I, s:i}", "id", (json_int_t)id, "revision", 1));
    else
        api_db_error(rs, rq->db);
    body_free(b.root);
}

static json_t *revisions_of(sqlite3 *db, int64_t scenario)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT r.number, u.email, r.created_at, r.message"
                                      " FROM revisions r JOIN users u ON u.id = r.author_id"
                                      " WHERE r.scenario_id = ?1 ORDER BY r.number DESC");
    json_t *list = json_array();
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, scenario);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:I, s:s, s:o, s:o}", "number",
                                              (json_int_t)sqlite3_column_int64(st, 0), "author",
                                              (const char *)sqlite3_column_text(st, 1), "time",
                                              api_time(sqlite3_column_int64(st, 2)), "message",
                                              api_text_column(st, 3)));
    sqlite3_finalize(st);
    return list;
}

static json_t *shares_of(sqlite3 *db, int64_t scenario)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT o.name, sh.access, sh.created_at FROM shares sh"
                                      " JOIN organizations o ON o.id = sh.org_id"
                                      " WHERE sh.scenario_id = ?1 ORDER BY o.name");
    json_t *list = json_array();
    if (!st)
        return list;
    sqlite3_bind_int64(st, 1, scenario);
    while (sqlite3_step(st) == SQLITE_ROW)
        json_array_append_new(list, json_pack("{s:s, s:s, s:o}", "organization",
                                              (const char *)sqlite3_column_text(st, 0), "access",
                                              (const char *)sqlite3_column_text(st, 1), "since",
                                              api_time(sqlite3_column_int64(st, 2))));
    sqlite3_finalize(st);
    return list;
}

/* Where a fork came from: the scenario and revision, when the caller may still see it. */
static json_t *fork_source(struct request *rq, int64_t revision_id)
{
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT r.scenario_id, r.number, s.name FROM revisions r"
                                          " JOIN scenarios s ON s.id = r.scenario_id"
                                          " WHERE r.id = ?1");
    json_t *o = json_null();
    if (!st)
        return o;
    sqlite3_bind_int64(st, 1, revision_id);
    if (sqlite3_step(st) == SQLITE_ROW &&
        access_scenario(rq->db, &rq->who, sqlite3_column_int64(st, 0)).visible)
        o = json_pack("{s:I, s:I, s:o}", "scenario", (json_int_t)sqlite3_column_int64(st, 0),
                      "revision", (json_int_t)sqlite3_column_int64(st, 1), "name",
                      api_text_column(st, 2));
    sqlite3_finalize(st);
    return o;
}

void api_scenario_get(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT s.name, o.name, s.forked_from FROM scenarios s"
                                          " JOIN organizations o ON o.id = s.org_id"
                                          " WHERE s.id = ?1");
    if (!st) {
        api_db_error(rs, rq->db);
        return;
    }
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        api_not_found(rs, "scenario", id);
        return;
    }
    int64_t latest = store_latest(rq->db, id);
    char *yaml = NULL;
    store_revision(rq->db, id, latest, &yaml);
    /* Names and messages written before they were cut on whole characters come out with
     * U+FFFD (api_text_column), not as a 500. */
    json_t *o = json_pack("{s:I, s:o, s:s, s:b, s:b, s:b, s:I, s:s, s:o}", "id", (json_int_t)id,
                          "name", api_text_column(st, 0), "organization",
                          (const char *)sqlite3_column_text(st, 1), "owned",
                          a.owner == rq->who.org_id, "can_edit", a.edit, "can_share", a.share,
                          "revision", (json_int_t)latest, "yaml", yaml ? yaml : "",
                          "revisions", revisions_of(rq->db, id));
    int64_t forked = sqlite3_column_int64(st, 2);
    sqlite3_finalize(st);
    free(yaml);
    json_object_set_new(o, "forked_from", forked ? fork_source(rq, forked) : json_null());
    /* Who else sees it is the owner's business only. */
    if (a.owner == rq->who.org_id)
        json_object_set_new(o, "shares", shares_of(rq->db, id));
    respond_json(rs, 200, o);
}

void api_scenario_save(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    if (!a.edit) {
        api_forbidden(rs, "you may read this scenario but not change it");
        return;
    }
    struct body_save b;
    char err[256];
    if (!body_save(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    if (!validates(rs, b.yaml, b.root))
        return;
    if (!api_begin(rq, rs)) {
        body_free(b.root);
        return;
    }
    int64_t latest = store_latest(rq->db, id);
    /* The latest text again changes nothing: no revision, whatever the base (a save retried
     * after its answer was lost is no conflict) and the message. */
    if (same_text(rq->db, id, latest, b.yaml)) {
        db_rollback(rq->db);
        respond_json(rs, 200, json_pack("{s:I, s:b}", "revision", (json_int_t)latest,
                                        "unchanged", 1));
        body_free(b.root);
        return;
    }
    if (b.base && b.base != latest) {
        db_rollback(rq->db);
        respond_json(rs, 409, json_pack("{s:s, s:I}", "error",
                                        "the scenario changed since the revision you edited: "
                                        "diff against the latest and save again",
                                        "latest", (json_int_t)latest));
        body_free(b.root);
        return;
    }
    /* The revision is the owner's, shared for editing or not: it counts in the owner's quota. */
    if (!within_storage(rq, rs, a.owner, strlen(b.yaml))) {
        db_rollback(rq->db);
        body_free(b.root);
        return;
    }
    bool ok = store_add_revision(rq->db, id, latest + 1, b.yaml, rq->who.user_id,
                                 server_now(), b.message);
    char detail[300];
    snprintf(detail, sizeof detail, "saved revision %lld of scenario %lld", (long long)latest + 1,
             (long long)id);
    audit_both(rq, a.owner, rq->who.org_id, "edit", detail);
    if (ok && db_commit(rq->db))
        respond_json(rs, 201, json_pack("{s:I}", "revision", (json_int_t)latest + 1));
    else
        api_db_error(rs, rq->db);
    body_free(b.root);
}

void api_scenario_revision(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    int64_t number = api_id(rq->params[1]);
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT r.yaml, u.email, r.created_at, r.message"
                                          " FROM revisions r JOIN users u ON u.id = r.author_id"
                                          " WHERE r.scenario_id = ?1 AND r.number = ?2");
    if (!st) {
        api_db_error(rs, rq->db);
        return;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, number);
    if (sqlite3_step(st) == SQLITE_ROW)
        respond_json(rs, 200,
                     json_pack("{s:I, s:s, s:s, s:o, s:o}", "number", (json_int_t)number, "yaml",
                               (const char *)sqlite3_column_text(st, 0), "author",
                               (const char *)sqlite3_column_text(st, 1), "time",
                               api_time(sqlite3_column_int64(st, 2)), "message",
                               api_text_column(st, 3)));
    else
        api_not_found(rs, "revision", number);
    sqlite3_finalize(st);
}

/* The unified form of a difference: hunks with 3 lines of context, as `diff -u` writes. */
static char *unified(const struct diff_line *d, size_t n, int64_t from, int64_t to)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return NULL;
    fprintf(out, "--- revision %lld\n+++ revision %lld\n", (long long)from, (long long)to);
    enum { CONTEXT = 3 };
    size_t i = 0;
    while (i < n) {
        while (i < n && d[i].op == ' ')
            i++;
        if (i == n)
            break;
        size_t start = i > CONTEXT ? i - CONTEXT : 0;
        /* The hunk ends where more than 2 x CONTEXT kept lines follow its last change. */
        size_t end = i, kept = 0;
        for (size_t j = i; j < n; j++) {
            if (d[j].op == ' ') {
                if (++kept > 2 * CONTEXT)
                    break;
            } else {
                kept = 0;
                end = j;
            }
        }
        size_t stop = end + 1 + CONTEXT < n ? end + 1 + CONTEXT : n;
        /* A side with no line in the hunk names the line before it, as diff -u does. */
        size_t old_start = 0, new_start = 0, old_n = 0, new_n = 0;
        for (size_t j = start; j > 0 && !old_start; j--)
            old_start = d[j - 1].old_no;
        for (size_t j = start; j > 0 && !new_start; j--)
            new_start = d[j - 1].new_no;
        for (size_t j = start; j < stop; j++) {
            if (d[j].op != '+' && old_n++ == 0)
                old_start = d[j].old_no;
            if (d[j].op != '-' && new_n++ == 0)
                new_start = d[j].new_no;
        }
        fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", old_start, old_n, new_start, new_n);
        for (size_t j = start; j < stop; j++)
            fprintf(out, "%c%.*s\n", d[j].op, (int)d[j].len, d[j].text);
        i = stop;
    }
    fclose(out);
    return text;
}

void api_scenario_diff(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    int64_t from = api_id(api_query(rq, "from")), to = api_id(api_query(rq, "to"));
    if (!from || !to) {
        respond_error(rs, 400, "give the two revisions to compare: ?from=A&to=B");
        return;
    }
    char *old_text = NULL, *new_text = NULL;
    if (!store_revision(rq->db, id, from, &old_text)) {
        api_not_found(rs, "revision", from);
    } else if (!store_revision(rq->db, id, to, &new_text)) {
        api_not_found(rs, "revision", to);
    } else {
        struct diff_line *d = NULL;
        size_t n = 0;
        if (!diff_lines(old_text, new_text, &d, &n)) {
            respond_error(rs, 500, "out of memory");
        } else {
            json_t *lines = json_array();
            int added = 0, removed = 0;
            for (size_t i = 0; i < n; i++) {
                char op[2] = {d[i].op, '\0'};
                added += d[i].op == '+';
                removed += d[i].op == '-';
                json_t *line = json_pack("{s:s, s:s%}", "op", op, "text", d[i].text,
                                         d[i].len);
                json_object_set_new(line, "old", d[i].old_no ? json_integer((json_int_t)d[i].old_no)
                                                             : json_null());
                json_object_set_new(line, "new", d[i].new_no ? json_integer((json_int_t)d[i].new_no)
                                                             : json_null());
                json_array_append_new(lines, line);
            }
            char *text = unified(d, n, from, to);
            respond_json(rs, 200,
                         json_pack("{s:I, s:I, s:i, s:i, s:o, s:s}", "from", (json_int_t)from,
                                   "to", (json_int_t)to, "added", added, "removed", removed,
                                   "lines", lines, "unified", text ? text : ""));
            free(text);
            free(d);
        }
    }
    free(old_text);
    free(new_text);
}

void api_scenario_fork(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    if (!rq->who.org_id || rq->who.role < ROLE_EDITOR) {
        api_forbidden(rs, "only an organization's editors and admins fork scenarios");
        return;
    }
    struct body_fork b;
    char err[256];
    if (!body_fork(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    int64_t number = b.revision ? b.revision : store_latest(rq->db, id);
    char *yaml = NULL;
    int64_t revision_id = store_revision(rq->db, id, number, &yaml);
    if (!revision_id) {
        api_not_found(rs, "revision", number);
        body_free(b.root);
        return;
    }
    /* The message names the organization and the source, both up to SERVER_NAME_MAX: it has
     * room for both, whole. */
    char name[SERVER_NAME_MAX + 1], message[2 * SERVER_NAME_MAX + 64];
    char *org = api_org_name(rq->db, a.owner);
    sqlite3_stmt *st = db_prepare(rq->db, "SELECT name FROM scenarios WHERE id = ?1");
    char source[SERVER_NAME_MAX + 1] = "";
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        /* A name stored before names were cut on whole characters is not passed on. */
        if (sqlite3_step(st) == SQLITE_ROW)
            text_utf8_sanitize(source, sizeof source, (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    /* The default name is the source's, cut to leave room for " (fork)" on a character
     * boundary: half a character would make the fork a 500 for ever, and gone from lists. */
    if (b.name)
        snprintf(name, sizeof name, "%s", b.name);
    else
        snprintf(name, sizeof name, "%.*s (fork)", (int)text_utf8_cut(source, SERVER_NAME_MAX - 10),
                 source);
    snprintf(message, sizeof message, "forked from %s / %s, revision %lld", org ? org : "?",
             source, (long long)number);
    free(org);
    if (!api_begin(rq, rs)) {
        free(yaml);
        body_free(b.root);
        return;
    }
    if (!within_storage(rq, rs, rq->who.org_id, strlen(yaml))) {
        db_rollback(rq->db);
        free(yaml);
        body_free(b.root);
        return;
    }
    int64_t fork = store_create(rq->db, rq->who.org_id, name, revision_id, yaml, rq->who.user_id,
                                server_now(), message);
    char detail[400];
    snprintf(detail, sizeof detail, "forked scenario %lld revision %lld as scenario %lld",
             (long long)id, (long long)number, (long long)fork);
    audit_both(rq, rq->who.org_id, a.owner, "edit", detail);
    if (fork && db_commit(rq->db))
        respond_json(rs, 201, json_pack("{s:I, s:i}", "id", (json_int_t)fork, "revision", 1));
    else
        api_db_error(rs, rq->db);
    free(yaml);
    body_free(b.root);
}

void api_shares_create(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    if (!a.share) {
        api_forbidden(rs, "only the owning organization's editors and admins share a scenario");
        return;
    }
    struct body_share b;
    char err[256];
    if (!body_share(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    int64_t org = api_org_by_name(rq->db, b.organization);
    if (!org) {
        respond_error(rs, 422, "no organization named '%s'", b.organization);
    } else if (org == a.owner) {
        respond_error(rs, 422, "'%s' owns this scenario already", b.organization);
    } else {
        if (!api_begin(rq, rs)) {
            body_free(b.root);
            return;
        }
        sqlite3_stmt *st = db_prepare(rq->db,
                                      "INSERT INTO shares (scenario_id, org_id, access, created_at)"
                                      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (scenario_id, org_id)"
                                      " DO UPDATE SET access = excluded.access");
        bool ok = false;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, org);
            sqlite3_bind_text(st, 3, b.access, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 4, server_now());
            ok = sqlite3_step(st) == SQLITE_DONE;
            sqlite3_finalize(st);
        }
        char detail[300];
        snprintf(detail, sizeof detail, "shared scenario %lld with '%s' for %s", (long long)id,
                 b.organization, strcmp(b.access, "edit") == 0 ? "editing" : "reading");
        audit_both(rq, a.owner, org, "share", detail);
        if (ok && db_commit(rq->db))
            respond_json(rs, 201, json_pack("{s:s, s:s}", "organization", b.organization,
                                            "access", b.access));
        else
            api_db_error(rs, rq->db);
    }
    body_free(b.root);
}

void api_shares_delete(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    if (!a.share) {
        api_forbidden(rs, "only the owning organization's editors and admins revoke a share");
        return;
    }
    const char *name = rq->params[1];
    int64_t org = api_org_by_name(rq->db, name);
    if (!api_begin(rq, rs))
        return;
    sqlite3_stmt *st = db_prepare(rq->db, "DELETE FROM shares WHERE scenario_id = ?1"
                                          " AND org_id = ?2");
    int changed = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, org);
        changed = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(rq->db) : -1;
        sqlite3_finalize(st);
    }
    if (changed == 0) {
        db_rollback(rq->db);
        respond_error(rs, 404, "scenario %lld is not shared with '%s'", (long long)id, name);
        return;
    }
    char detail[300];
    snprintf(detail, sizeof detail, "revoked the share of scenario %lld with '%s'", (long long)id,
             name);
    audit_both(rq, a.owner, org, "unshare", detail);
    if (changed > 0 && db_commit(rq->db))
        respond_json(rs, 200, json_pack("{s:s, s:b}", "organization", name, "revoked", 1));
    else
        api_db_error(rs, rq->db);
}

void api_validate(struct request *rq, struct response *rs)
{
    struct body_validate b;
    char err[256];
    if (!body_validate(rq->body, rq->body_len, &b, err, sizeof err)) {
        respond_error(rs, 400, "%s", err);
        return;
    }
    json_t *errors = store_validate(b.yaml);
    respond_json(rs, 200, json_pack("{s:b, s:o}", "valid", errors == NULL, "errors",
                                    errors ? errors : json_array()));
    body_free(b.root);
}

void api_examples_list(struct request *rq, struct response *rs)
{
    (void)rq;
    json_t *list = json_array();
    for (size_t i = 0; i < da_example_count(); i++)
        json_array_append_new(list, json_pack("{s:s, s:s}", "name", da_example_name(i), "title",
                                              da_example_title(i)));
    respond_json(rs, 200, json_pack("{s:o}", "examples", list));
}

void api_example_get(struct request *rq, struct response *rs)
{
    const char *text;
    size_t len;
    if (da_example_text(rq->params[0], &text, &len) != DA_OK) {
        respond_error(rs, 404, "no built-in scenario named '%s'", rq->params[0]);
        return;
    }
    const char *title = "";
    for (size_t i = 0; i < da_example_count(); i++)
        if (strcmp(da_example_name(i), rq->params[0]) == 0)
            title = da_example_title(i);
    respond_json(rs, 200, json_pack("{s:s, s:s, s:s%}", "name", rq->params[0], "title", title,
                                    "yaml", text, len));
}
