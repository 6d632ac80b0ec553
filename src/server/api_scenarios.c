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
#include "api.h"
#include "diff.h"
#include "store_accounts.h"
#include "store_scenarios.h"

/* True when 'yaml' is a valid scenario; otherwise a 422 with its located problems. */
static bool validates(struct response *rs, const char *yaml)
{
    json_t *errors = store_validate(yaml);
    if (!errors)
        return true;
    respond_json(rs, 422,
                 json_pack("{s:s, s:o}", "error",
                           "the scenario does not validate: nothing was saved", "errors", errors));
    return false;
}

/* Whether organization 'org' may store 'bytes' more of scenario text (every revision counts:
 * they are never deleted); otherwise a 413 that names the quota. Inside the request's
 * transaction, so that two saves cannot both take the last of it. */
static bool within_storage(struct request *rq, struct response *rs, int64_t org, size_t bytes)
{
    int64_t stored = store_org_stored(rq->store, org);
    int64_t quota = rq->srv->quotas.stored_bytes;
    if (stored + (int64_t)bytes <= quota)
        return true;
    char *name = request_own(rq, store_org_name(rq->store, org));
    api_quota(rs, 413, "storage",
              "this text (%zu bytes) would take the scenarios %s stores past its quota (%lld "
              "MiB, --storage-quota): %lld bytes stored, every revision counted",
              bytes, name ? name : "the organization", (long long)(quota / (1024 * 1024)),
              (long long)stored);
    return false;
}

/* Begins the request's transaction when organization 'org' may store 'bytes' more; false
 * (rolled back) with the refusal in 'rs' otherwise. */
static bool begin_storing(struct request *rq, struct response *rs, int64_t org, size_t bytes)
{
    if (!api_begin(rq, rs))
        return false;
    if (within_storage(rq, rs, org, bytes))
        return true;
    api_rollback(rq);
    return false;
}

/* Whether 'yaml' is the text of revision 'number' of 'scenario'. */
static bool same_text(struct request *rq, int64_t scenario, int64_t number, const char *yaml)
{
    char *text = NULL;
    bool same = store_revision(rq->store, scenario, number, &text) && strcmp(text, yaml) == 0;
    free(text);
    return same;
}

/* The scenarios the caller sees, with what they may do with each. */
struct scenario_rows {
    const struct principal *who;
    json_t *list;
};

static void scenario_row(const struct store_scenario_row *scn, void *ctx)
{
    struct scenario_rows *rows = ctx;
    struct access a = access_decide(rows->who, scn->owner, scn->access);
    if (!a.visible)
        return;
    json_array_append_new(
        rows->list,
        json_pack("{s:I, s:o, s:s, s:b, s:b, s:b, s:I, s:o}", "id", (json_int_t)scn->id, "name",
                  api_text(scn->name), "organization", scn->organization, "owned",
                  a.owner == rows->who->org_id, "can_edit", a.edit, "can_share", a.share,
                  "revision", (json_int_t)scn->revision, "updated", api_time(scn->updated)));
}

void api_scenarios_list(struct request *rq, struct response *rs)
{
    struct scenario_rows rows = {&rq->who, json_array()};
    enum store_status status = store_scenarios_list(rq->store, rq->who.org_id, scenario_row, &rows);
    api_respond_list(rq, rs, "scenarios", status, rows.list);
}

void api_scenarios_create(struct request *rq, struct response *rs)
{
    if (!rq->who.org_id || rq->who.role < ROLE_EDITOR) {
        api_forbidden(rs, "only an organization's editors and admins create scenarios");
        return;
    }
    struct body_scenario b;
    if (!API_BODY(rq, rs, body_scenario, &b) || !validates(rs, b.yaml) ||
        !begin_storing(rq, rs, rq->who.org_id, strlen(b.yaml)))
        return;
    int64_t id = store_create(rq->store, rq->who.org_id, b.name, 0, b.yaml, rq->who.user_id,
                              server_now(), "created");
    api_audit_log(rq, rq->who.org_id, 0, "edit", "created scenario %lld '%s'", (long long)id,
                  b.name);
    if (id)
        api_commit(rq, rs, 201, json_pack("{s:I, s:i}", "id", (json_int_t)id, "revision", 1));
    else
        api_db_error(rq, rs);
}

/* Where a fork came from: the scenario and revision, when the caller may still see it. */
static json_t *fork_source(struct request *rq, int64_t revision_id)
{
    int64_t scenario, number;
    char *name;
    if (!store_revision_source(rq->store, revision_id, &scenario, &number, &name))
        return json_null();
    request_own(rq, name);
    if (!store_access(rq->store, &rq->who, scenario).visible)
        return json_null();
    return json_pack("{s:I, s:I, s:o}", "scenario", (json_int_t)scenario, "revision",
                     (json_int_t)number, "name", api_text(name));
}

static void revision_row(const struct store_revision_row *r, void *list)
{
    json_array_append_new(list, json_pack("{s:I, s:s, s:o, s:o}", "number", (json_int_t)r->number,
                                          "author", r->author, "time", api_time(r->created),
                                          "message", api_text(r->message)));
}

static void share_row(const struct store_share *sh, void *list)
{
    json_array_append_new(list, json_pack("{s:s, s:s, s:o}", "organization", sh->organization,
                                          "access", sh->access, "since", api_time(sh->since)));
}

/* A scenario's revisions, newest first, and its shares (each empty when they cannot be
 * read). */
static json_t *revisions_of(const struct request *rq, int64_t scenario)
{
    json_t *list = json_array();
    store_revisions_of(rq->store, scenario, revision_row, list);
    return list;
}

static json_t *shares_of(const struct request *rq, int64_t scenario)
{
    json_t *list = json_array();
    store_shares_of(rq->store, scenario, share_row, list);
    return list;
}

void api_scenario_get(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    struct store_scenario scn;
    enum store_status status = store_scenario_get(rq->store, id, &scn);
    request_own(rq, scn.name);
    request_own(rq, scn.organization);
    if (status != STORE_OK) {
        if (status == STORE_NOT_FOUND)
            api_not_found(rs, "scenario", id);
        else
            api_db_error(rq, rs);
        return;
    }
    int64_t latest = store_latest(rq->store, id);
    char *yaml = NULL;
    store_revision(rq->store, id, latest, &yaml);
    request_own(rq, yaml);
    /* Names and messages written before they were cut on whole characters come out with
     * U+FFFD (store_json_text), not as a 500. */
    json_t *o =
        json_pack("{s:I, s:o, s:s, s:b, s:b, s:b, s:I, s:s, s:o}", "id", (json_int_t)id, "name",
                  api_text(scn.name), "organization", scn.organization, "owned",
                  a.owner == rq->who.org_id, "can_edit", a.edit, "can_share", a.share, "revision",
                  (json_int_t)latest, "yaml", yaml ? yaml : "", "revisions", revisions_of(rq, id));
    json_object_set_new(o, "forked_from",
                        scn.forked_from ? fork_source(rq, scn.forked_from) : json_null());
    /* Who else sees it is the owner's business only. */
    if (a.owner == rq->who.org_id)
        json_object_set_new(o, "shares", shares_of(rq, id));
    respond_json(rs, 200, o);
}

/* Whether a save of 'yaml' on 'latest' adds a revision; otherwise the answer in 'rs' (rolled
 * back): the latest text again changes nothing, whatever the base (a save retried after its
 * answer was lost is no conflict) and the message; an older base is a conflict. */
static bool adds_revision(struct request *rq, struct response *rs, int64_t id, int64_t latest,
                          const struct body_save *b)
{
    if (same_text(rq, id, latest, b->yaml)) {
        api_rollback(rq);
        respond_json(rs, 200,
                     json_pack("{s:I, s:b}", "revision", (json_int_t)latest, "unchanged", 1));
        return false;
    }
    if (b->base && b->base != latest) {
        api_rollback(rq);
        respond_json(rs, 409,
                     json_pack("{s:s, s:I}", "error",
                               "the scenario changed since the revision you edited: "
                               "diff against the latest and save again",
                               "latest", (json_int_t)latest));
        return false;
    }
    return true;
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
    if (!API_BODY(rq, rs, body_save, &b) || !validates(rs, b.yaml) || !api_begin(rq, rs))
        return;
    int64_t latest = store_latest(rq->store, id);
    /* The revision is the owner's, shared for editing or not: it counts in the owner's quota. */
    if (!adds_revision(rq, rs, id, latest, &b))
        return;
    if (!within_storage(rq, rs, a.owner, strlen(b.yaml))) {
        api_rollback(rq);
        return;
    }
    bool ok = store_add_revision(rq->store, id, latest + 1, b.yaml, rq->who.user_id, server_now(),
                                 b.message);
    api_audit_log(rq, a.owner, rq->who.org_id, "edit", "saved revision %lld of scenario %lld",
                  (long long)latest + 1, (long long)id);
    if (ok)
        api_commit(rq, rs, 201, json_pack("{s:I}", "revision", (json_int_t)latest + 1));
    else
        api_db_error(rq, rs);
}

void api_scenario_revision(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    int64_t number = api_path_id(rs, "revision", rq->params[1]);
    if (!number)
        return;
    struct store_revision r;
    enum store_status status = store_revision_get(rq->store, id, number, &r);
    request_own(rq, r.yaml);
    request_own(rq, r.author);
    request_own(rq, r.message);
    if (status == STORE_OK)
        respond_json(rs, 200,
                     json_pack("{s:I, s:s, s:s, s:o, s:o}", "number", (json_int_t)number, "yaml",
                               r.yaml, "author", r.author, "time", api_time(r.created), "message",
                               api_text(r.message)));
    else if (status == STORE_NOT_FOUND)
        api_not_found(rs, "revision", number);
    else
        api_db_error(rq, rs);
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

/* Writes 'text' ('len' bytes) to 'out' as a JSON string, as respond_json() writes strings
 * (jansson's escapes, ASCII only); false when it is not UTF-8 or memory runs out. */
static bool write_string(FILE *out, const char *text, size_t len)
{
    json_t *s = json_stringn(text, len);
    char *escaped = s ? json_dumps(s, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
    json_decref(s);
    bool ok = escaped && fputs(escaped, out) >= 0;
    free(escaped);
    return ok;
}

/* The difference as the JSON text of the answer: each line's op, text and numbers, the counts
 * and the unified form. Written line by line, not built as one JSON value of a few hundred
 * bytes a line first: the answer's memory is its own size. NULL when memory runs out or a text
 * is not UTF-8. */
static char *diff_answer(const struct diff_line *d, size_t n, int64_t from, int64_t to,
                         const char *text, size_t *len)
{
    char *answer = NULL;
    FILE *out = open_memstream(&answer, len);
    if (!out)
        return NULL;
    size_t added = 0, removed = 0;
    for (size_t i = 0; i < n; i++) {
        added += d[i].op == '+';
        removed += d[i].op == '-';
    }
    fprintf(out, "{\"from\":%lld,\"to\":%lld,\"added\":%zu,\"removed\":%zu,\"lines\":[",
            (long long)from, (long long)to, added, removed);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        fprintf(out, "%s{\"op\":\"%c\",\"text\":", i ? "," : "", d[i].op);
        ok = write_string(out, d[i].text, d[i].len);
        if (d[i].old_no)
            fprintf(out, ",\"old\":%zu", d[i].old_no);
        else
            fputs(",\"old\":null", out);
        if (d[i].new_no)
            fprintf(out, ",\"new\":%zu}", d[i].new_no);
        else
            fputs(",\"new\":null}", out);
    }
    fputs("],\"unified\":", out);
    ok = ok && text && write_string(out, text, strlen(text));
    fputc('}', out);
    ok = !ferror(out) && ok;
    if (fclose(out) != 0 || !ok) {
        free(answer);
        return NULL;
    }
    return answer;
}

/* Diffs computed at once, every request thread together: each holds up to its frontiers'
 * 16 MB (DIFF_MAX_EDITS) and its answer, and --http-threads may be 256. One past them is a 503
 * at once (api_turns): diffs that waited for their turn held the request threads, and four
 * of them, a few tenths of a second each, sent again and again, left no thread to answer
 * anybody else (an answer took seconds). */
enum { DIFFS_AT_ONCE = 2 };
static struct api_turns diff_turns = {
    .lock = PTHREAD_MUTEX_INITIALIZER, .at_once = DIFFS_AT_ONCE, .per_holder = DIFFS_AT_ONCE};

/* The answer to a diff of 'old_text' and 'new_text' into 'rs' for user 'user': the lines, a
 * 422 when the texts have more lines together than DIFF_MAX_LINES, or a 503 when
 * DIFFS_AT_ONCE are being computed. */
static void respond_diff(struct response *rs, int64_t user, const char *old_text,
                         const char *new_text, int64_t from, int64_t to)
{
    size_t old_lines = diff_count_lines(old_text), new_lines = diff_count_lines(new_text);
    if (old_lines + new_lines > DIFF_MAX_LINES) {
        char message[512];
        snprintf(message, sizeof message,
                 "the diff is too large to show: revisions %lld and %lld have %zu lines "
                 "together, and a diff shows at most %d (compare their texts, from GET "
                 "/api/scenarios/{id}/revisions/{n}, with diff -u)",
                 (long long)from, (long long)to, old_lines + new_lines, DIFF_MAX_LINES);
        respond_json(rs, 422, json_pack("{s:s, s:s}", "error", message, "code", "diff_too_large"));
        return;
    }
    if (!api_turn_take(&diff_turns, user, rs,
                       "the server is computing as many diffs as it may at once (%d): try again "
                       "in a moment",
                       DIFFS_AT_ONCE))
        return;
    struct diff_line *d = NULL;
    size_t n = 0, len = 0;
    char *answer = NULL;
    if (diff_lines(old_text, new_text, &d, &n)) {
        char *text = unified(d, n, from, to);
        answer = diff_answer(d, n, from, to, text, &len);
        free(text);
    }
    free(d);
    api_turn_give(&diff_turns, user);
    if (!answer) {
        respond_error(rs, 500, "out of memory");
        return;
    }
    free(rs->body);
    rs->body = answer;
    rs->len = len;
    rs->status = 200;
    rs->content_type = "application/json";
}

void api_scenario_diff(struct request *rq, struct response *rs)
{
    int64_t id;
    struct access a;
    if (!api_visible_scenario(rq, rs, &id, &a))
        return;
    int64_t from = api_id(request_query(rq, "from")), to = api_id(request_query(rq, "to"));
    if (!from || !to) {
        respond_error(rs, 400, "give the two revisions to compare: ?from=A&to=B");
        return;
    }
    char *old_text = NULL, *new_text = NULL;
    if (!store_revision(rq->store, id, from, &old_text)) {
        api_not_found(rs, "revision", from);
        return;
    }
    request_own(rq, old_text);
    if (!store_revision(rq->store, id, to, &new_text)) {
        api_not_found(rs, "revision", to);
        return;
    }
    request_own(rq, new_text);
    respond_diff(rs, rq->who.user_id, old_text, new_text, from, to);
}

/* The name of a fork of scenario 'id' (the body's, or the source's with " (fork)") and the
 * message of its first revision, naming where it came from. */
static void fork_names(struct request *rq, const struct body_fork *b, int64_t id, int64_t owner,
                       int64_t number, char name[SERVER_NAME_MAX + 1], char *message,
                       size_t message_cap)
{
    char *org = request_own(rq, store_org_name(rq->store, owner));
    char source[SERVER_NAME_MAX + 1];
    store_scenario_name(rq->store, id, source, sizeof source);
    /* The default name is the source's, cut to leave room for " (fork)" within the characters
     * a name may have: a longer one could not be renamed to itself, and half a character would
     * make the fork a 500 for ever, and gone from lists. */
    static const char suffix[] = " (fork)";
    if (b->name)
        snprintf(name, SERVER_NAME_MAX + 1, "%s", b->name);
    else
        snprintf(name, SERVER_NAME_MAX + 1, "%.*s%s",
                 (int)text_utf8_prefix(source, SERVER_NAME_CHARS - (sizeof suffix - 1)), source,
                 suffix);
    snprintf(message, message_cap, "forked from %s / %s, revision %lld", org ? org : "?", source,
             (long long)number);
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
    if (!API_BODY(rq, rs, body_fork, &b))
        return;
    int64_t number = b.revision ? b.revision : store_latest(rq->store, id);
    char *yaml = NULL;
    int64_t revision_id = store_revision(rq->store, id, number, &yaml);
    request_own(rq, yaml);
    if (!revision_id) {
        api_not_found(rs, "revision", number);
        return;
    }
    /* The message names the organization and the source, both up to SERVER_NAME_MAX: it has
     * room for both, whole. */
    char name[SERVER_NAME_MAX + 1], message[2 * SERVER_NAME_MAX + 64];
    fork_names(rq, &b, id, a.owner, number, name, message, sizeof message);
    if (!begin_storing(rq, rs, rq->who.org_id, strlen(yaml)))
        return;
    int64_t fork = store_create(rq->store, rq->who.org_id, name, revision_id, yaml, rq->who.user_id,
                                server_now(), message);
    /* A fork is the forking organization's own work, a scenario of its own, as its runs are:
     * its log has it whole; the owner's says only that its scenario was forked, as for a run
     * (docs/api.md, the audit log), not who forked it, from where, nor into what. */
    api_audit_log(rq, rq->who.org_id, 0, "edit",
                  "forked scenario %lld revision %lld as scenario %lld", (long long)id,
                  (long long)number, (long long)fork);
    api_audit_owner(rq, a.owner, id, "edit", "forked");
    if (fork)
        api_commit(rq, rs, 201, json_pack("{s:I, s:i}", "id", (json_int_t)fork, "revision", 1));
    else
        api_db_error(rq, rs);
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
    if (!API_BODY(rq, rs, body_share, &b))
        return;
    int64_t org = store_org_by_name(rq->store, b.organization);
    if (!org) {
        respond_error(rs, 422, "no organization named '%s'", b.organization);
        return;
    }
    if (org == a.owner) {
        respond_error(rs, 422, "'%s' owns this scenario already", b.organization);
        return;
    }
    if (!api_begin(rq, rs))
        return;
    enum store_status status = store_share_set(rq->store, id, org, b.access, server_now());
    api_audit_log(rq, a.owner, org, "share", "shared scenario %lld with '%s' for %s", (long long)id,
                  b.organization, strcmp(b.access, "edit") == 0 ? "editing" : "reading");
    if (status == STORE_OK)
        api_commit(rq, rs, 201,
                   json_pack("{s:s, s:s}", "organization", b.organization, "access", b.access));
    else
        api_db_error(rq, rs);
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
    int64_t org = store_org_by_name(rq->store, name);
    if (!api_begin(rq, rs))
        return;
    enum store_status status = store_share_delete(rq->store, id, org);
    if (status == STORE_NOT_FOUND) {
        api_rollback(rq);
        respond_error(rs, 404, "scenario %lld is not shared with '%s'", (long long)id, name);
        return;
    }
    api_audit_log(rq, a.owner, org, "unshare", "revoked the share of scenario %lld with '%s'",
                  (long long)id, name);
    if (status == STORE_OK)
        api_commit(rq, rs, 200, json_pack("{s:s, s:b}", "organization", name, "revoked", 1));
    else
        api_db_error(rq, rs);
}

void api_validate(struct request *rq, struct response *rs)
{
    struct body_validate b;
    if (!API_BODY(rq, rs, body_validate, &b))
        return;
    json_t *errors = store_validate(b.yaml);
    respond_json(
        rs, 200,
        json_pack("{s:b, s:o}", "valid", errors == NULL, "errors", errors ? errors : json_array()));
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
    respond_json(
        rs, 200,
        json_pack("{s:s, s:s, s:s%}", "name", rq->params[0], "title", title, "yaml", text, len));
}
