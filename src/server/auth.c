/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth.c - passwords, sessions, API tokens and the login limiter (auth.h). Tokens are random
 * enough that a fast hash protects them at rest; passwords are not, so they get argon2id.
 */
#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "store_auth.h"

bool auth_init(void)
{
    return sodium_init() >= 0;
}

bool auth_hash_password(const char *password, char out[AUTH_HASH_LEN])
{
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool auth_password_matches(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_new_token(char out[AUTH_TOKEN_LEN + 1])
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2base64(out, AUTH_TOKEN_LEN + 1, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_new_password(char out[AUTH_PASSWORD_LEN + 1])
{
    /* 15 bytes are 20 base64 characters: 120 random bits. */
    unsigned char bytes[15];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2base64(out, AUTH_PASSWORD_LEN + 1, bytes, sizeof bytes,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void token_hash(const char *token, unsigned char out[STORE_TOKEN_HASH_LEN])
{
    crypto_generichash(out, STORE_TOKEN_HASH_LEN, (const unsigned char *)token, strlen(token), NULL,
                       0);
}

bool auth_session_create(struct store *s, int64_t user, int64_t now, char token[AUTH_TOKEN_LEN + 1],
                         char csrf[AUTH_TOKEN_LEN + 1])
{
    auth_new_token(token);
    auth_new_token(csrf);
    unsigned char hash[STORE_TOKEN_HASH_LEN];
    token_hash(token, hash);
    return store_session_add(s, hash, user, csrf, now, now + SERVER_SESSION_S) == STORE_OK;
}

bool auth_session_delete(struct store *s, int64_t session)
{
    return store_session_delete(s, session) == STORE_OK;
}

bool auth_token_create(struct store *s, int64_t user, const char *name, int64_t now,
                       char token[AUTH_TOKEN_LEN + 1])
{
    auth_new_token(token);
    unsigned char hash[STORE_TOKEN_HASH_LEN];
    token_hash(token, hash);
    return store_token_add(s, hash, user, name, now) == STORE_OK;
}

enum role role_of(const char *name)
{
    if (!name)
        return ROLE_NONE;
    if (strcmp(name, "viewer") == 0)
        return ROLE_VIEWER;
    if (strcmp(name, "editor") == 0)
        return ROLE_EDITOR;
    if (strcmp(name, "admin") == 0)
        return ROLE_ADMIN;
    return ROLE_NONE;
}

const char *role_name(enum role role)
{
    static const char *const names[] = {"none", "viewer", "editor", "admin"};
    return names[role];
}

void auth_identify(struct store *s, const char *cookie, const char *authorization, int64_t now,
                   struct principal *who, char csrf[AUTH_TOKEN_LEN + 1])
{
    memset(who, 0, sizeof *who);
    csrf[0] = '\0';
    unsigned char hash[STORE_TOKEN_HASH_LEN];
    if (authorization && strncasecmp(authorization, "Bearer ", 7) == 0) {
        const char *token = authorization + 7;
        if (strlen(token) != AUTH_TOKEN_LEN)
            return;
        token_hash(token, hash);
        /* The token's id comes back where a session's would. */
        if (store_token_principal(s, hash, who)) {
            who->token_id = who->session_id;
            who->session_id = 0;
        }
        return;
    }
    if (cookie && strlen(cookie) == AUTH_TOKEN_LEN) {
        token_hash(cookie, hash);
        who->by_cookie = store_session_principal(s, hash, now, who, csrf, AUTH_TOKEN_LEN + 1);
    }
}

/* The limiter's keys: one for the account, one for the client's address. */
static void keys(const char *email, const char *client, char account[256], char address[128])
{
    snprintf(account, 256, "email:%s", email);
    for (char *c = account; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    snprintf(address, 128, "client:%s", client);
}

int auth_login_wait(struct store *s, const char *email, const char *client, int64_t now)
{
    char account[256], address[128];
    keys(email, client, account, address);
    int wait = 0;
    const char *both[2] = {account, address};
    for (int i = 0; i < 2; i++) {
        int64_t oldest = now;
        /* An address may try several accounts: it gets four times an account's allowance. */
        int64_t limit = i == 0 ? SERVER_LOGIN_FAILURES : 4 * SERVER_LOGIN_FAILURES;
        if (store_login_failures(s, both[i], now - SERVER_LOGIN_WINDOW_S, &oldest) >= limit) {
            int w = (int)(oldest + SERVER_LOGIN_WINDOW_S - now);
            if (w > wait)
                wait = w;
        }
    }
    return wait;
}

void auth_login_failed(struct store *s, const char *email, const char *client, int64_t now)
{
    char account[256], address[128];
    keys(email, client, account, address);
    store_login_failed(s, account, address, now, now - SERVER_LOGIN_WINDOW_S);
}

void auth_login_succeeded(struct store *s, const char *email)
{
    char account[256], address[128];
    keys(email, "", account, address);
    store_login_forget(s, account);
}
