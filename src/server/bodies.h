/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bodies.h - the API's request bodies: each is a JSON object, read into a struct by one
 * decoder per endpoint, which checks every field (type, presence, length, range) and names
 * the first problem. The strings point into 'root'; body_free() releases them. These are the
 * parsers the fuzz harness (fuzz/fuzz_bodies.c) drives.
 */
#ifndef DA_SERVER_BODIES_H
#define DA_SERVER_BODIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct body_login {
    json_t *root;
    const char *email, *password;
};
struct body_password {
    json_t *root;
    const char *old_password, *new_password;
};
struct body_token {
    json_t *root;
    const char *name;
};
struct body_organization {
    json_t *root;
    const char *name;
};
struct body_user {
    json_t *root;
    const char *email, *organization, *role;
};
struct body_role {
    json_t *root;
    const char *role;
};
struct body_scenario {
    json_t *root;
    const char *name, *yaml;
};
struct body_save {
    json_t *root;
    const char *yaml, *message;
    int64_t base; /* 0: none */
};
struct body_fork {
    json_t *root;
    const char *name;
    int64_t revision; /* 0: the latest */
};
struct body_share {
    json_t *root;
    const char *organization, *access;
};
struct body_run {
    json_t *root;
    int64_t revision;     /* 0: the latest */
    int64_t replications; /* 0: the scenario's own */
    int64_t seed;
    bool has_seed;
};
struct body_validate {
    json_t *root;
    const char *yaml;
};

/* Each returns true, or false with a message for the client in 'err'. */
bool body_login(const char *text, size_t len, struct body_login *out, char *err, size_t n);
bool body_password(const char *text, size_t len, struct body_password *out, char *err, size_t n);
bool body_token(const char *text, size_t len, struct body_token *out, char *err, size_t n);
bool body_organization(const char *text, size_t len, struct body_organization *out, char *err,
                       size_t n);
bool body_user(const char *text, size_t len, struct body_user *out, char *err, size_t n);
bool body_role(const char *text, size_t len, struct body_role *out, char *err, size_t n);
bool body_scenario(const char *text, size_t len, struct body_scenario *out, char *err, size_t n);
bool body_save(const char *text, size_t len, struct body_save *out, char *err, size_t n);
bool body_fork(const char *text, size_t len, struct body_fork *out, char *err, size_t n);
bool body_share(const char *text, size_t len, struct body_share *out, char *err, size_t n);
bool body_run(const char *text, size_t len, struct body_run *out, char *err, size_t n);
bool body_validate(const char *text, size_t len, struct body_validate *out, char *err, size_t n);

/* Releases a body's JSON (any of the structs above: pass its root). */
void body_free(json_t *root);

#endif
