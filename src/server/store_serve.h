/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_serve.h - the statements of `dayafter serve`'s command-line jobs: the site
 * administrator (--create-admin) and the check of a backup's copy (--backup).
 */
#ifndef DA_SERVER_STORE_SERVE_H
#define DA_SERVER_STORE_SERVE_H

#include <stddef.h>

#include "store.h"

/* The user with email 'email': their id (0: none) and whether they are the site
 * administrator. */
int64_t store_admin_find(struct store *s, const char *email, bool *site_admin);
/* A new site administrator, or the existing one's new password (ending their sessions and API
 * tokens, as POST /api/password does): a first password, to be changed at the first login. */
enum store_status store_admin_add(struct store *s, const char *email, const char *hash);
enum store_status store_admin_set_password(struct store *s, int64_t user, const char *email,
                                           const char *hash);

/* SQLite's integrity check of the whole database: its first line ("ok" when sound) into
 * 'verdict'; false when it cannot run. */
bool store_integrity(struct store *s, char *verdict, size_t cap);

#endif
