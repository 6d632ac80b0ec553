/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_runs.h - runs in the database as the API sees them: queueing one, the counts the run
 * quotas read, a run's description, its stored results and CSV tables, and cancelling it.
 * (The workers' own statements are in jobs.c.)
 */
#ifndef DA_SERVER_STORE_RUNS_H
#define DA_SERVER_STORE_RUNS_H

#include <stddef.h>

#include "store.h"

/* A run's row. The strings are malloc'd: store_run_clear() frees them. */
struct store_run {
    int64_t id, scenario, revision, replications, seed;
    int64_t created, started, finished; /* started, finished: 0 when not yet */
    bool has_started, has_finished;
    char status[16];
    double progress;
    char *error;        /* NULL: none */
    char *requested_by; /* the email of who queued it */
    char *results;      /* the run-output JSON (store_run_get only; NULL: none yet) */
    size_t results_len;
};
void store_run_clear(struct store_run *run);

/* The runs of organization 'org' queued or running now; those it queued after 'since', and
 * when the oldest of them was queued (left alone when there is none). */
int64_t store_runs_active(struct store *s, int64_t org);
int64_t store_runs_since(struct store *s, int64_t org, int64_t since, int64_t *oldest);

/* Queues a run of revision id 'revision' for 'org', asked by 'user': its id in 'id'. */
enum store_status store_run_add(struct store *s, int64_t revision, int64_t org, int64_t user,
                                uint64_t replications, uint64_t seed, int64_t now, int64_t *id);

/* The runs of 'scenario' that 'org' queued, newest first, each given to 'row'. */
enum store_status store_runs_list(struct store *s, int64_t scenario, int64_t org,
                                  void (*row)(const struct store_run *, void *), void *ctx);

/* Run 'id' when 'org' queued it, with its results; STORE_NOT_FOUND otherwise. */
enum store_status store_run_get(struct store *s, int64_t id, int64_t org, struct store_run *out);
/* The names of the CSV tables of run 'id', by name, each given to 'row'; and one's content
 * (malloc'd). */
enum store_status store_run_csv_names(struct store *s, int64_t id,
                                      void (*row)(const char *name, void *), void *ctx);
enum store_status store_run_csv(struct store *s, int64_t id, const char *name, char **content,
                                size_t *len);

/* The status of run 'id' now into 'was' (empty when there is no such run). */
void store_run_status(struct store *s, int64_t id, char was[16]);
/* Marks run 'id' cancelled at 'now' with the error 'why'. */
enum store_status store_run_cancel(struct store *s, int64_t id, const char *why, int64_t now);

#endif
