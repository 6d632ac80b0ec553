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

/* The entries of user 'user' after 'since', counted up to 'most' (the newest ones: no further,
 * so that a count costs no more than the quota), and into *oldest the time of the oldest of
 * those counted. */
int64_t store_audit_since(struct store *s, int64_t user, int64_t since, int64_t most,
                          int64_t *oldest);

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
