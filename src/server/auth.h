/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth.h - who is asking: password hashes (argon2id), session and API tokens (256 random bits,
 * stored only as their BLAKE2b hash), the CSRF token of a session, and the login limiter.
 */
#ifndef DA_SERVER_AUTH_H
#define DA_SERVER_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include <sodium.h>

#include "server.h"
#include "store.h"

#define AUTH_TOKEN_LEN    SERVER_TOKEN_LEN
#define AUTH_PASSWORD_LEN 20
#define AUTH_HASH_LEN     crypto_pwhash_STRBYTES
#define SESSION_COOKIE    "dayafter_session"

/* users.must_change: whose password it is. A first password (--create-admin, POST /api/users)
 * logs in once; that session may only choose the user's own. */
enum { PASSWORD_OWN = 0, PASSWORD_FIRST = 1, PASSWORD_FIRST_USED = 2 };

/* Starts libsodium; false when it cannot. */
bool auth_init(void);

/* An argon2id hash of 'password' (libsodium's interactive limits) into 'out'. */
bool auth_hash_password(const char *password, char out[AUTH_HASH_LEN]);
bool auth_password_matches(const char *hash, const char *password);
/* A new random password of AUTH_PASSWORD_LEN characters, and a new token. */
void auth_new_password(char out[AUTH_PASSWORD_LEN + 1]);
void auth_new_token(char out[AUTH_TOKEN_LEN + 1]);

/* A new session of 'user' lasting SERVER_SESSION_S from 'now': its cookie token and CSRF
 * token. False on a database failure. */
bool auth_session_create(struct store *s, int64_t user, int64_t now, char token[AUTH_TOKEN_LEN + 1],
                         char csrf[AUTH_TOKEN_LEN + 1]);
bool auth_session_delete(struct store *s, int64_t session);
/* A new API token of 'user', named 'name'. */
bool auth_token_create(struct store *s, int64_t user, const char *name, int64_t now,
                       char token[AUTH_TOKEN_LEN + 1]);

/*
 * Fills 'who' from the session cookie 'cookie' or the header 'authorization' ("Bearer
 * TOKEN"), either may be NULL; anonymous when neither names a live session or token. A
 * cookie's session also gives its CSRF token in 'csrf' (empty otherwise).
 */
void auth_identify(struct store *s, const char *cookie, const char *authorization, int64_t now,
                   struct principal *who, char csrf[AUTH_TOKEN_LEN + 1]);

/* The seconds a login for 'email' from 'client' must wait (too many recent failures), or 0. */
int auth_login_wait(struct store *s, const char *email, const char *client, int64_t now);
void auth_login_failed(struct store *s, const char *email, const char *client, int64_t now);
void auth_login_succeeded(struct store *s, const char *email);

/* Roles by name ("viewer", "editor", "admin"); ROLE_NONE for anything else. */
enum role role_of(const char *name);
const char *role_name(enum role role);

#endif
