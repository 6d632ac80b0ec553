/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * serve.h - the web application's entry points for the command line (`dayafter serve`):
 * running the server until a signal stops it, creating the site administrator, and taking a
 * backup of the database while a server uses it.
 */
#ifndef DA_SERVER_SERVE_H
#define DA_SERVER_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct serve_options {
    const char *db;            /* the SQLite file, created on first start */
    const char *address;       /* an IPv4 or IPv6 literal */
    uint16_t port;             /* 0: any free port */
    int workers;               /* run queue workers */
    int http_threads;          /* request threads */
    int64_t run_timeout;       /* seconds a run may take before it is stopped; 0: no limit */
    int64_t runs_per_day;      /* runs an organization may queue in 24 hours */
    int64_t storage_mib;       /* scenario text an organization may store, MiB */
    const char *trusted_proxy; /* the reverse proxy's address, whose X-Forwarded-For is
                                  believed; NULL: none, the header is ignored */
};

/* How a job of serve ended: done, refused for what it was given (the command's exit status
 * 2), or failed (1); with the reason in 'err' when not done. */
enum serve_status { SERVE_OK, SERVE_BAD_INPUT, SERVE_FAILED };

/* Runs the server until SIGINT or SIGTERM; prints its address on standard error once it
 * listens. SERVE_FAILED when it cannot start. */
enum serve_status serve_run(const struct serve_options *options, char *err, size_t errlen);

/* Creates the site administrator 'email' in 'db' (or gives an existing one a new password)
 * and its password in 'password' (at least 32 bytes); SERVE_BAD_INPUT when 'email' is none. */
enum serve_status serve_create_admin(const char *db, const char *email, char *password, char *err,
                                     size_t errlen);

/* A consistent copy of 'db' into 'out'; checks the copy's integrity. */
enum serve_status serve_backup(const char *db, const char *out, char *err, size_t errlen);

#endif
