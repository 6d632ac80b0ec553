/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_auth.h - the statements of who is asking: sessions and API tokens (stored only as the
 * hash of their token), the principal a live one names, and the login limiter's failures.
 */
#ifndef DA_SERVER_STORE_AUTH_H
#define DA_SERVER_STORE_AUTH_H

#include "server.h"
#include "store.h"

/* The BLAKE2b hash a token is stored as. */
#define STORE_TOKEN_HASH_LEN 32

/* A session of 'user' from 'now' until 'expires', with its CSRF token; the sessions expired
 * before 'now' go first (they go as new ones come). */
enum store_status store_session_add(struct store *s, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                                    int64_t user, const char *csrf, int64_t now, int64_t expires);
enum store_status store_session_delete(struct store *s, int64_t session);
/* An API token of 'user' named 'name'. */
enum store_status store_token_add(struct store *s, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                                  int64_t user, const char *name, int64_t now);

/* Fills 'who' (its user, their organization and role; the session's or token's id in
 * session_id) and 'csrf' (a session's CSRF token; may be NULL) from the live session, or the
 * token, of hash 'hash' at 'now' whose user is not disabled. False when there is none. */
bool store_session_principal(struct store *s, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                             int64_t now, struct principal *who, char *csrf, size_t csrf_cap);
bool store_token_principal(struct store *s, const unsigned char hash[STORE_TOKEN_HASH_LEN],
                           struct principal *who);

/* The login failures of limiter key 'key' after 'since', and the oldest of them in *oldest. */
int64_t store_login_failures(struct store *s, const char *key, int64_t since, int64_t *oldest);
/* A failure at 'now' for both keys; the failures before 'forget' go. */
void store_login_failed(struct store *s, const char *account, const char *address, int64_t now,
                        int64_t forget);
/* Forgets the failures of key 'key'. */
void store_login_forget(struct store *s, const char *key);

#endif
