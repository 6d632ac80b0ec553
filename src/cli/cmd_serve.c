/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_serve.c - `dayafter serve`: the web application over one SQLite file; also creates the
 * site administrator (--create-admin) and backs the database up while it runs (--backup).
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#ifdef DA_HAVE_SERVER
#include "../server/serve.h"
#endif

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: dayafter serve [--db FILE] [--listen ADDR:PORT] [--workers N]\n"
            "       dayafter serve --db FILE --create-admin EMAIL\n"
            "       dayafter serve --db FILE --backup OUT\n"
            "\n"
            "Runs the web application: organizations and their members, scenarios with\n"
            "revisions, diffs and shares, and runs on the engine with their reports, over one\n"
            "SQLite file (created on first start). Stops on SIGINT or SIGTERM.\n"
            "\n"
            "Options:\n"
            "  -d, --db FILE            the database (default: dayafter.db)\n"
            "  -l, --listen ADDR:PORT   where to listen (default: 127.0.0.1:8080; port 0:\n"
            "                           any free port; IPv6 as [::1]:8080)\n"
            "  -w, --workers N          runs run at once (default: 2)\n"
            "      --http-threads N     request threads (default: 4)\n"
            "      --run-timeout S      stop a run after S seconds and mark it failed\n"
            "                           (default: 3600; 0: no limit)\n"
            "      --runs-per-day N     runs an organization may queue in 24 hours\n"
            "                           (default: 200)\n"
            "      --storage-quota MIB  scenario text an organization may store, all\n"
            "                           revisions counted (default: 64)\n"
            "      --create-admin EMAIL create the site administrator (or give it a new\n"
            "                           password), print the password as the last line, exit;\n"
            "                           it works once: the first login chooses another\n"
            "      --backup OUT         write a consistent copy of the database to OUT, even\n"
            "                           while a server uses it, check it, and exit\n"
            "      --trusted-proxy ADDR the reverse proxy's address: the last entry of\n"
            "                           X-Forwarded-For in its requests names the client,\n"
            "                           and it has no per-address connection limit\n"
            "                           (default: none, and the header is ignored)\n"
            "  -h, --help               show this help\n"
            "\n"
            "The API is described in docs/api.md. Exit status: 0 after a clean stop, 1 when\n"
            "the server cannot start, 2 on bad usage.\n");
}

/* "ADDR:PORT" or "[ADDR6]:PORT" into 'address' and *port; ADDR an IPv4 or IPv6 address, as the
 * server listens on (a host name such as localhost was refused only when it started, exit
 * status 1). */
static bool parse_listen(const char *text, char *address, size_t cap, uint16_t *port)
{
    const char *colon;
    const char *start = text;
    size_t len;
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (!close || close[1] != ':')
            return false;
        start = text + 1;
        len = (size_t)(close - start);
        colon = close + 1;
    } else {
        colon = strrchr(text, ':');
        if (!colon)
            return false;
        len = (size_t)(colon - text);
    }
    uint64_t p;
    if (len == 0 || len >= cap || !cli_parse_count(colon + 1, 0, 65535, &p))
        return false;
    memcpy(address, start, len);
    address[len] = '\0';
    *port = (uint16_t)p;
    unsigned char bytes[16];
    return inet_pton(text[0] == '[' ? AF_INET6 : AF_INET, address, bytes) == 1 ||
           (text[0] != '[' && inet_pton(AF_INET6, address, bytes) == 1);
}

/* Whether 'name', the file of option 'option' (db, backup), is no file; its problem said.
 * SQLite takes "" for a private temporary database and ":memory:" for one in memory, each gone
 * when the command exits, and "file:..." for a URI that may name either: the site
 * administrator's password was printed for a database that no longer existed, and a backup
 * "succeeded" into nothing. */
static bool not_a_file(const char *option, const char *name)
{
    if (!name[0])
        cli_usage_error("serve",
                        "--%s: expected a file, found '' (SQLite's private temporary database, "
                        "gone at exit)",
                        option);
    else if (strcmp(name, ":memory:") == 0)
        cli_usage_error("serve",
                        "--%s: expected a file, found ':memory:' (SQLite's database in memory, "
                        "gone at exit)",
                        option);
    else if (strncmp(name, "file:", 5) == 0)
        cli_usage_error("serve",
                        "--%s: expected a file, found '%s' (an SQLite URI, which may name a "
                        "database in memory; the file of that name is ./%s)",
                        option, name, name);
    else
        return false;
    return true;
}

/* Whether the files 'a' and 'b' are one (both exist, with the same device and inode). */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* What the command line asked for. */
struct serve_args {
    const char *db, *listen, *admin, *backup, *trusted_proxy;
    uint64_t workers, http_threads, run_timeout, runs_per_day, storage_mib;
    char address[64];
    uint16_t port;
};

enum {
    OPT_HTTP_THREADS = 1000,
    OPT_CREATE_ADMIN,
    OPT_BACKUP,
    OPT_TRUSTED_PROXY,
    OPT_RUN_TIMEOUT,
    OPT_RUNS_PER_DAY,
    OPT_STORAGE_QUOTA
};

/* Option 'c' (of those below) with its value: false, its problem said, when the value is out of
 * range. */
static bool take_option(struct serve_args *a, int c)
{
    switch (c) {
    case 'd':
        a->db = optarg;
        return true;
    case 'l':
        a->listen = optarg;
        return true;
    case 'w':
        return cli_parse_option("serve", "workers", optarg, 1, 64, &a->workers);
    case OPT_HTTP_THREADS:
        return cli_parse_option("serve", "http-threads", optarg, 1, 256, &a->http_threads);
    case OPT_CREATE_ADMIN:
        a->admin = optarg;
        return true;
    case OPT_BACKUP:
        a->backup = optarg;
        return true;
    case OPT_TRUSTED_PROXY:
        a->trusted_proxy = optarg;
        return true;
    case OPT_RUN_TIMEOUT:
        return cli_parse_option("serve", "run-timeout", optarg, 0, 31536000, &a->run_timeout);
    case OPT_RUNS_PER_DAY:
        return cli_parse_option("serve", "runs-per-day", optarg, 1, 1000000, &a->runs_per_day);
    default: /* OPT_STORAGE_QUOTA */
        return cli_parse_option("serve", "storage-quota", optarg, 1, 1048576, &a->storage_mib);
    }
}

/* What the options say together: one task at a time, files that are files (and a backup that
 * is not the database itself), an address to listen on, a proxy's address that is one. */
static bool check_args(struct serve_args *a)
{
    if (a->admin && a->backup) {
        cli_usage_error("serve", "--create-admin and --backup are separate steps: give one");
        return false;
    }
    if (not_a_file("db", a->db) || (a->backup && not_a_file("backup", a->backup)))
        return false;
    if (a->backup && (strcmp(a->backup, a->db) == 0 || same_file(a->backup, a->db))) {
        cli_usage_error("serve",
                        "--backup: '%s' is the database itself (--db %s): give another file",
                        a->backup, a->db);
        return false;
    }
    if (!parse_listen(a->listen, a->address, sizeof a->address, &a->port)) {
        cli_usage_error("serve",
                        "--listen: expected ADDR:PORT, ADDR an IPv4 or IPv6 address "
                        "(127.0.0.1:8080, [::1]:8080), found '%s'",
                        a->listen);
        return false;
    }
    unsigned char proxy_bytes[16];
    if (a->trusted_proxy && inet_pton(AF_INET, a->trusted_proxy, proxy_bytes) != 1 &&
        inet_pton(AF_INET6, a->trusted_proxy, proxy_bytes) != 1) {
        cli_usage_error("serve",
                        "--trusted-proxy: expected an IPv4 or IPv6 address "
                        "(127.0.0.1, ::1), found '%s'",
                        a->trusted_proxy);
        return false;
    }
    return true;
}

/* The command line into 'a': EXIT_OK to go on, -1 after --help, else the exit status. */
static int parse_args(int argc, char **argv, struct serve_args *a)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"workers", required_argument, NULL, 'w'},
        {"http-threads", required_argument, NULL, OPT_HTTP_THREADS},
        {"create-admin", required_argument, NULL, OPT_CREATE_ADMIN},
        {"backup", required_argument, NULL, OPT_BACKUP},
        {"trusted-proxy", required_argument, NULL, OPT_TRUSTED_PROXY},
        {"run-timeout", required_argument, NULL, OPT_RUN_TIMEOUT},
        {"runs-per-day", required_argument, NULL, OPT_RUNS_PER_DAY},
        {"storage-quota", required_argument, NULL, OPT_STORAGE_QUOTA},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:l:w:h", longs, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            return -1;
        }
        if (c == ':' || c == '?')
            return cli_option_error("serve", c, argv, longs);
        if (!take_option(a, c))
            return EXIT_BAD_INPUT;
    }
    if (optind < argc) {
        cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
        return EXIT_BAD_INPUT;
    }
    return check_args(a) ? EXIT_OK : EXIT_BAD_INPUT;
}

#ifdef DA_HAVE_SERVER
/* --create-admin: the site administrator and its first password, shown this once. */
static int create_admin(const struct serve_args *a)
{
    char err[512], password[64];
    enum serve_status st = serve_create_admin(a->db, a->admin, password, err, sizeof err);
    if (st != SERVE_OK) {
        fprintf(stderr, "dayafter serve: %s\n", err);
        return st == SERVE_BAD_INPUT ? EXIT_BAD_INPUT : EXIT_RUN_FAILED;
    }
    printf(
        "site administrator %s in %s; its first password, shown this once (the first "
        "login chooses another):\n%s\n",
        a->admin, a->db, password);
    return EXIT_OK;
}

static int backup(const struct serve_args *a)
{
    char err[512];
    if (serve_backup(a->db, a->backup, err, sizeof err) != SERVE_OK) {
        fprintf(stderr, "dayafter serve: backup: %s\n", err);
        return EXIT_RUN_FAILED;
    }
    printf("backed up %s to %s (integrity check: ok)\n", a->db, a->backup);
    return EXIT_OK;
}

static int serve(const struct serve_args *a)
{
    char err[512];
    struct serve_options o = {a->db,
                              a->address,
                              a->port,
                              (int)a->workers,
                              (int)a->http_threads,
                              .run_timeout = (int64_t)a->run_timeout,
                              .runs_per_day = (int64_t)a->runs_per_day,
                              .storage_mib = (int64_t)a->storage_mib};
    o.trusted_proxy = a->trusted_proxy;
    if (serve_run(&o, err, sizeof err) != SERVE_OK) {
        fprintf(stderr, "dayafter serve: %s\n", err);
        return EXIT_RUN_FAILED;
    }
    return EXIT_OK;
}
#endif

int cmd_serve(int argc, char **argv)
{
    /* An hour for a run: the longest run the server takes (10^6 replications of a 3-year
     * scenario) needs minutes, so a run past an hour is one whose horizon or size holds a
     * worker that other organizations wait for; longer work belongs to `dayafter run`. */
    struct serve_args a = {.db = "dayafter.db",
                           .listen = "127.0.0.1:8080",
                           .workers = 2,
                           .http_threads = 4,
                           .run_timeout = 3600,
                           .runs_per_day = 200,
                           .storage_mib = 64};
    int status = parse_args(argc, argv, &a);
    if (status != EXIT_OK)
        return status < 0 ? EXIT_OK : status;
#ifndef DA_HAVE_SERVER
    fprintf(stderr,
            "dayafter serve: this dayafter was built without the web application "
            "(libmicrohttpd, libsodium and SQLite's development packages; "
            "scripts/deps installs them)\n");
    return EXIT_RUN_FAILED;
#else
    if (a.admin)
        return create_admin(&a);
    if (a.backup)
        return backup(&a);
    return serve(&a);
#endif
}
