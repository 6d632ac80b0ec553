/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_jobs.h - the run queue's statements, for the workers (jobs.c): claiming the next run,
 * what a run computes, its progress, its results and CSV tables, and its failure. Each worker
 * has its own connection and so its own store: a statement is never shared between threads.
 */
#ifndef DA_SERVER_STORE_JOBS_H
#define DA_SERVER_STORE_JOBS_H

#include <stddef.h>

#include "store.h"

/* Marks the runs left 'running' as failed at 'now' (a crash cut them off); how many, or -1. */
int store_runs_recover(struct store *s, int64_t now);

/* Claims the next queued run in one transaction, setting it running from 'now': its id, or 0
 * when there is none (or the database was busy). */
int64_t store_run_claim(struct store *s, int64_t now);

/* What run 'run' computes: its revision's YAML (malloc'd), replications and seed, and which
 * scenario and revision it is of. */
struct store_run_input {
    char *yaml;
    int64_t replications;
    int64_t seed;
    int64_t revision; /* the revision's number */
    int64_t scenario;
};
bool store_run_input(struct store *s, int64_t run, struct store_run_input *out);

/* Saves the progress 'p' (0 to 1) of run 'run': STORE_NOT_FOUND when the run is no longer
 * running (it was cancelled). */
enum store_status store_run_progress(struct store *s, int64_t run, double p);

/* One CSV table of the run's results, 'len' bytes of 'text', stored under 'name'. */
enum store_status store_run_csv_add(struct store *s, int64_t run, const char *name,
                                    const char *text, size_t len);
/* Run 'run' done at 'now' with the results 'json' ('len' bytes): STORE_NOT_FOUND when it is
 * no longer running (cancelled while its results were written). */
enum store_status store_run_done(struct store *s, int64_t run, const char *json, size_t len,
                                 int64_t now);
/* Run 'run' failed at 'now' with 'error', unless it was cancelled meanwhile. */
void store_run_fail(struct store *s, int64_t run, int64_t now, const char *error);
/* Run 'run', still running, queued again to start from the beginning; false when it was not
 * running. */
bool store_run_requeue(struct store *s, int64_t run);

#endif
