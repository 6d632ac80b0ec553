/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_audit.h - the audit log in the database: adding an entry and reading a page of them. */
#ifndef DA_SERVER_STORE_AUDIT_H
#define DA_SERVER_STORE_AUDIT_H

#include "server.h"
#include "store.h"

/* An entry at 'at' in the log of organization 'org' (0: the site's): what 'who' (anonymous:
 * no user) did from 'client'. */
enum store_status store_audit_add(struct store *s, int64_t at, int64_t org,
                                  const struct principal *who, const char *action,
                                  const char *detail, const char *client);

/* The entries of user 'user' since 'since' (from the start of its hour: the log's entries are
 * counted by the hour, migration 4), and, where they are 'most' or more, into *frees the time
 * which, once 24 hours old, leaves fewer than 'most' of them. */
int64_t store_audit_since(struct store *s, int64_t user, int64_t since, int64_t most,
                          int64_t *frees);

/* The newest 200 entries before entry 'before' (0: the newest) that 'who' may read, each given
 * to 'row': their organization's, or every one for the site administrator. */
struct store_audit_entry {
    int64_t id;
    int64_t at;
    const char *organization; /* each NULL where the entry has none */
    const char *user;
    const char *action;
    const char *detail;
    const char *client;
};
enum store_status store_audit_list(struct store *s, const struct principal *who, int64_t before,
                                   void (*row)(const struct store_audit_entry *, void *),
                                   void *ctx);

#endif
