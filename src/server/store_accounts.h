/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_accounts.h - organizations, users, their passwords and API tokens in the database:
 * what the accounts' handlers read and change (sessions and token lookups are auth.h's).
 */
#ifndef DA_SERVER_STORE_ACCOUNTS_H
#define DA_SERVER_STORE_ACCOUNTS_H

#include "auth.h"
#include "server.h"
#include "store.h"

/* The id of the organization named 'name', or 0. Its name, or NULL (a copy: free it). */
int64_t store_org_by_name(struct store *s, const char *name);
char *store_org_name(struct store *s, int64_t org);
/* Every organization, by name, each given to 'row' (STORE_FAILED when they cannot be read). */
struct store_org {
    int64_t id;
    const char *name;
    int64_t created;
};
enum store_status store_orgs_list(struct store *s, void (*row)(const struct store_org *, void *),
                                  void *ctx);
/* A new organization: its id in 'id'; STORE_CONFLICT when the name is taken. */
enum store_status store_org_add(struct store *s, const char *name, int64_t now, int64_t *id);
/* The bytes of scenario text organization 'org' stores, every revision counted. */
int64_t store_org_stored(struct store *s, int64_t org);

/* An active user, as a login finds them by email. */
struct store_login {
    int64_t user, org, password_kind; /* password_kind: users.must_change (auth.h) */
    char hash[AUTH_HASH_LEN];
};
bool store_login_user(struct store *s, const char *email, struct store_login *out);
/* Marks the first password of 'user' used (it logs in once). */
enum store_status store_first_password_used(struct store *s, int64_t user);
/* The password hash of 'user' into 'hash' (empty when there is none). */
void store_user_hash(struct store *s, int64_t user, char hash[AUTH_HASH_LEN]);
/* Sets the password of 'user' (their own from now on). */
enum store_status store_user_set_password(struct store *s, int64_t user, const char *hash);
/* Ends the sessions of 'user' but 'keep' (0: every one). */
enum store_status store_sessions_end(struct store *s, int64_t user, int64_t keep);
/* Revokes every API token of 'user': how many, or -1 on failure. */
int store_tokens_revoke(struct store *s, int64_t user);

/* The live API tokens of 'user': how many, and each given to 'row'. */
struct store_token {
    int64_t id;
    const char *name;
    int64_t created;
};
int64_t store_tokens_count(struct store *s, int64_t user);
enum store_status store_tokens_list(struct store *s, int64_t user,
                                    void (*row)(const struct store_token *, void *), void *ctx);
/* Revokes token 'id' of 'user': STORE_NOT_FOUND when 'user' has no such token. */
enum store_status store_token_delete(struct store *s, int64_t id, int64_t user);

/* The users 'who' manages, by email, each given to 'row': everyone for the site
 * administrator, their organization's otherwise. */
struct store_user {
    int64_t id;
    const char *email;
    const char *organization; /* NULL: none (the site administrator) */
    const char *role;         /* NULL: none */
    bool site_admin;
    int64_t created;
    bool active;
};
enum store_status store_users_list(struct store *s, const struct principal *who,
                                   void (*row)(const struct store_user *, void *), void *ctx);
/* A new member, or a removed one come back: their id in 'id'; STORE_CONFLICT when an active
 * user has the email, or a removed one was a member of another organization than 'org' and
 * 'any_org' (the site administrator's) is false. */
enum store_status store_user_add(struct store *s, const char *email, const char *hash, int64_t org,
                                 const char *role, bool any_org, int64_t now, int64_t *id);
/* An active user as their managers see them. */
struct store_member {
    int64_t org; /* 0: none (the site administrator) */
    bool site_admin;
    char email[SERVER_EMAIL_MAX + 1];
};
bool store_member(struct store *s, int64_t user, struct store_member *out);
enum store_status store_user_set_role(struct store *s, int64_t user, const char *role);
/* Disables 'user' (their revisions, runs and audit entries keep naming them) and ends their
 * sessions and tokens. */
enum store_status store_user_remove(struct store *s, int64_t user);

#endif
