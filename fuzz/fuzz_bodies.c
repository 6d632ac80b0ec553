/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_bodies.c - libFuzzer harness over the web application's request body decoders
 * (src/server/bodies.c). The first byte picks the decoder, the rest is the body as a client
 * would send it. A decoder either succeeds with every required field set, or fails with a
 * message; either way nothing leaks. Build: meson setup -Dfuzz=true with clang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/server/bodies.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A decoder that failed must say why; one that succeeded must have set its strings. */
static void verdict(bool ok, const char *err, const void *required1, const void *required2)
{
    if (!ok && err[0] == '\0')
        __builtin_trap();
    if (ok && (!required1 || !required2))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    char err[256] = "";
    union {
        struct body_login login;
        struct body_password password;
        struct body_token token;
        struct body_organization organization;
        struct body_user user;
        struct body_scenario scenario;
        struct body_save save;
        struct body_fork fork;
        struct body_share share;
        struct body_run run;
        struct body_validate validate;
        struct body_role role;
    } b;
    memset(&b, 0, sizeof b);
    json_t *root = NULL;
    bool ok;
    switch (data[0] % 12) {
    case 0:
        ok = body_login(text, len, &b.login, err, sizeof err);
        verdict(ok, err, b.login.email, b.login.password);
        root = b.login.root;
        break;
    case 1:
        ok = body_password(text, len, &b.password, err, sizeof err);
        verdict(ok, err, b.password.old_password, b.password.new_password);
        root = b.password.root;
        break;
    case 2:
        ok = body_token(text, len, &b.token, err, sizeof err);
        verdict(ok, err, b.token.name, b.token.name);
        root = b.token.root;
        break;
    case 3:
        ok = body_organization(text, len, &b.organization, err, sizeof err);
        verdict(ok, err, b.organization.name, b.organization.name);
        root = b.organization.root;
        break;
    case 4:
        ok = body_user(text, len, &b.user, err, sizeof err);
        verdict(ok, err, b.user.email, b.user.role);
        root = b.user.root;
        break;
    case 5:
        ok = body_scenario(text, len, &b.scenario, err, sizeof err);
        verdict(ok, err, b.scenario.name, b.scenario.yaml);
        root = b.scenario.root;
        break;
    case 6:
        ok = body_save(text, len, &b.save, err, sizeof err);
        verdict(ok, err, b.save.yaml, b.save.message);
        root = b.save.root;
        break;
    case 7:
        ok = body_fork(text, len, &b.fork, err, sizeof err);
        verdict(ok, err, "", "");
        root = b.fork.root;
        break;
    case 8:
        ok = body_share(text, len, &b.share, err, sizeof err);
        verdict(ok, err, b.share.organization, b.share.access);
        root = b.share.root;
        break;
    case 9:
        ok = body_run(text, len, &b.run, err, sizeof err);
        verdict(ok, err, "", "");
        if (ok && (b.run.replications < 0 || b.run.seed < 0))
            __builtin_trap();
        root = b.run.root;
        break;
    case 11:
        ok = body_role(text, len, &b.role, err, sizeof err);
        verdict(ok, err, b.role.role, b.role.role);
        if (ok && strcmp(b.role.role, "viewer") != 0 && strcmp(b.role.role, "editor") != 0 &&
            strcmp(b.role.role, "admin") != 0)
            __builtin_trap();
        root = b.role.root;
        break;
    default:
        ok = body_validate(text, len, &b.validate, err, sizeof err);
        verdict(ok, err, b.validate.yaml, b.validate.yaml);
        root = b.validate.root;
        break;
    }
    /* A failed decoder has released its JSON already. */
    if (!ok && root)
        __builtin_trap();
    body_free(root);
    return 0;
}
