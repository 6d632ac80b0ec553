/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * serve.c - `dayafter serve`'s three jobs (serve.h): the server's life from opening the
 * database to the signal that stops it, the site administrator, and the online backup.
 */
#include "serve.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "bodies.h"
#include "db.h"
#include "http.h"
#include "jobs.h"
#include "server.h"
#include "store_serve.h"

enum serve_status serve_run(const struct serve_options *o, char *err, size_t errlen)
{
    if (!auth_init()) {
        snprintf(err, errlen, "libsodium could not start");
        return SERVE_FAILED;
    }
    /* The signals are blocked before any thread starts, so that only sigwait() sees them.
     * SIGPIPE, which a client that hangs up would raise, main() ignores for every command. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    struct server srv;
    memset(&srv, 0, sizeof srv);
    srv.quotas.runs_per_day = o->runs_per_day;
    srv.quotas.actions_per_day = SERVER_ACTIONS_PER_DAY;
    srv.quotas.stored_bytes = o->storage_mib * 1024 * 1024;
    sqlite3 *db = db_open(o->db, err, errlen);
    if (!db)
        return SERVE_FAILED;
    struct store *store = store_open(db);
    int failed = store ? jobs_recover(store, server_now()) : 0;
    if (failed > 0)
        fprintf(stderr, "dayafter serve: %d run(s) cut off by a crash marked failed\n", failed);
    store_close(store);
    sqlite3_close(db);
    srv.pool = db_pool_open(o->db, o->http_threads + 1, err, errlen);
    if (!srv.pool)
        return SERVE_FAILED;
    srv.jobs = jobs_start(o->db, o->workers, o->run_timeout, err, errlen);
    struct http *http = srv.jobs ? http_start(&srv, o->address, o->port, o->http_threads,
                                              o->trusted_proxy, err, errlen)
                                 : NULL;
    bool ok = http != NULL;
    if (ok) {
        bool v6 = strchr(o->address, ':') != NULL;
        fprintf(stderr,
                "dayafter serve: listening on http://%s%s%s:%u/ (database %s, %d "
                "worker%s)\n",
                v6 ? "[" : "", o->address, v6 ? "]" : "", (unsigned)http_port(http), o->db,
                o->workers, o->workers == 1 ? "" : "s");
        fflush(stderr);
        int sig = 0;
        sigwait(&stop, &sig);
        fprintf(stderr, "dayafter serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    }
    http_stop(http);
    int requeued = jobs_stop(srv.jobs);
    if (requeued > 0)
        fprintf(stderr, "dayafter serve: %d run(s) in progress queued again for the next start\n",
                requeued);
    db_pool_close(srv.pool);
    return ok ? SERVE_OK : SERVE_FAILED;
}

/* Gives the site administrator 'email' (new, or existing) a new first password, written to
 * 'password'. False with the reason in 'err', or with 'err' empty on a database failure. */
static bool set_admin(struct store *s, const char *email, char *password, char *err, size_t errlen)
{
    err[0] = '\0';
    char hash[AUTH_HASH_LEN];
    auth_new_password(password);
    if (!auth_hash_password(password, hash))
        return false;
    bool admin = false;
    int64_t existing = store_admin_find(s, email, &admin);
    if (existing && !admin) {
        snprintf(err, errlen, "%s is a member of an organization, not the site administrator",
                 email);
        return false;
    }
    return (existing ? store_admin_set_password(s, existing, email, hash)
                     : store_admin_add(s, email, hash)) == STORE_OK;
}

enum serve_status serve_create_admin(const char *path, const char *email, char *password, char *err,
                                     size_t errlen)
{
    if (!auth_init()) {
        snprintf(err, errlen, "libsodium could not start");
        return SERVE_FAILED;
    }
    /* The email is checked by the same rules as the API's. (A null one is refused first, or
     * GCC's format checks under the sanitizers see a path where snprintf() is given it.) */
    if (!email) {
        snprintf(err, errlen, "no email address");
        return SERVE_BAD_INPUT;
    }
    char body[512];
    struct body_login check;
    snprintf(body, sizeof body, "{\"email\": \"%.*s\", \"password\": \"x\"}",
             (int)strcspn(email, "\"\\"), email);
    if (strpbrk(email, "\"\\") || !body_login(body, strlen(body), &check, err, errlen)) {
        snprintf(err, errlen, "'%s' is not an email address", email);
        return SERVE_BAD_INPUT;
    }
    body_free(check.root);
    sqlite3 *db = db_open(path, err, errlen);
    if (!db)
        return SERVE_FAILED;
    struct store *store = store_open(db);
    bool ok = store && set_admin(store, email, password, err, errlen);
    if (!ok && store && !err[0])
        snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
    store_close(store);
    sqlite3_close(db);
    return ok ? SERVE_OK : SERVE_FAILED;
}

enum serve_status serve_backup(const char *path, const char *out, char *err, size_t errlen)
{
    if (!db_backup(path, out, err, errlen))
        return SERVE_FAILED;
    sqlite3 *copy = NULL;
    bool ok = sqlite3_open_v2(out, &copy, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK;
    struct store *store = ok ? store_open(copy) : NULL;
    char verdict[256];
    if (store && store_integrity(store, verdict, sizeof verdict)) {
        ok = strcmp(verdict, "ok") == 0;
        if (!ok)
            snprintf(err, errlen, "%s: the copy fails its integrity check: %s", out, verdict);
    } else {
        ok = false;
        snprintf(err, errlen, "%s: cannot check the copy", out);
    }
    store_close(store);
    sqlite3_close(copy);
    return ok ? SERVE_OK : SERVE_FAILED;
}
