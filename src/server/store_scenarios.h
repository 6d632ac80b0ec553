/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_scenarios.h - scenarios, their revisions and shares in the database: the checks a text
 * must pass to be saved, who may see a scenario, the lists and the one scenario the API shows,
 * revisions read and added, scenarios created and forked, shares set and revoked.
 */
#ifndef DA_SERVER_STORE_SCENARIOS_H
#define DA_SERVER_STORE_SCENARIOS_H

#include <stdint.h>

#include "access.h"
#include "store.h"

/* NULL when 'yaml' is a valid scenario; otherwise its problems, as a JSON array of {line,
 * column, message}. */
json_t *store_validate(const char *yaml);
/* The scenario of 'yaml', or NULL when it does not load. */
struct da_scenario *store_load(const char *yaml);

/* The decision for 'who' on scenario 'scenario' (access.h); not visible when it does not
 * exist. */
struct access store_access(struct store *s, const struct principal *who, int64_t scenario);

/* The scenarios of 'org' and those shared with it, by name, each given to 'row' (whether
 * its caller sees one is access_decide()'s question). */
struct store_scenario_row {
    int64_t id;
    const char *name;
    const char *organization;
    int64_t owner;      /* the owning organization */
    const char *access; /* the share's access for 'org'; NULL: none */
    int64_t revision;   /* the latest revision's number, and when it was made */
    int64_t updated;
};
enum store_status store_scenarios_list(struct store *s, int64_t org,
                                       void (*row)(const struct store_scenario_row *, void *),
                                       void *ctx);

/* A scenario's own row. The strings are malloc'd. */
struct store_scenario {
    char *name, *organization;
    int64_t forked_from; /* the revision id it was forked from; 0: none */
};
enum store_status store_scenario_get(struct store *s, int64_t id, struct store_scenario *out);
/* The name of scenario 'id' into 'name', its bytes that are not UTF-8 as U+FFFD (empty when
 * there is no such scenario). */
void store_scenario_name(struct store *s, int64_t id, char *name, size_t cap);
/* Its revisions, newest first, and its shares, by organization, each given to 'row'. */
struct store_revision_row {
    int64_t number;
    const char *author;
    int64_t created;
    const char *message;
};
enum store_status store_revisions_of(struct store *s, int64_t scenario,
                                     void (*row)(const struct store_revision_row *, void *),
                                     void *ctx);
struct store_share {
    const char *organization;
    const char *access;
    int64_t since;
};
enum store_status store_shares_of(struct store *s, int64_t scenario,
                                  void (*row)(const struct store_share *, void *), void *ctx);
/* The scenario, number and name (malloc'd) of revision id 'revision'. */
bool store_revision_source(struct store *s, int64_t revision, int64_t *scenario, int64_t *number,
                           char **name);

/* The number of the latest revision of 'scenario' (0: none). */
int64_t store_latest(struct store *s, int64_t scenario);
/* Revision 'number' of 'scenario': its id (0: none), and its text when 'yaml' is not NULL
 * (malloc'd). */
int64_t store_revision(struct store *s, int64_t scenario, int64_t number, char **yaml);
/* The same revision as the API shows it. The strings are malloc'd; message may be NULL. */
struct store_revision {
    char *yaml, *author, *message;
    int64_t created;
};
enum store_status store_revision_get(struct store *s, int64_t scenario, int64_t number,
                                     struct store_revision *out);

/* Adds revision 'number' of 'scenario' (inside the caller's transaction); false on failure. */
bool store_add_revision(struct store *s, int64_t scenario, int64_t number, const char *yaml,
                        int64_t author, int64_t now, const char *message);
/* Creates a scenario of 'org' named 'name' (forked from revision id 'forked_from', or 0) with
 * its first revision; its id, or 0 on failure. Inside the caller's transaction. */
int64_t store_create(struct store *s, int64_t org, const char *name, int64_t forked_from,
                     const char *yaml, int64_t author, int64_t now, const char *message);

/* Shares 'scenario' with 'org' for 'access' ("read", "edit"), or changes the share's access;
 * revokes it (STORE_NOT_FOUND when there is none). */
enum store_status store_share_set(struct store *s, int64_t scenario, int64_t org,
                                  const char *access, int64_t now);
enum store_status store_share_delete(struct store *s, int64_t scenario, int64_t org);

#endif
