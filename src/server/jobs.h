/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jobs.h - the server's run queue: worker threads take queued runs from the database,
 * organizations in turn and each organization's in the order it queued them, run them on the
 * engine, and store the results (JSON and CSV tables). A run can be cancelled while it runs,
 * and is stopped (failed) past the server's limit per run. The runs in progress when the
 * server stops are queued again; those a crash cut off are marked failed at the next start
 * (a run could be what brought the server down), and can be queued again.
 */
#ifndef DA_SERVER_JOBS_H
#define DA_SERVER_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include "server.h"
#include "store.h"

/* Marks the runs left running by an earlier server that crashed as failed; how many. */
int jobs_recover(struct store *s, int64_t now);

/* Starts 'workers' threads, each with its own connection to the database at 'db_path'. A run
 * gets the cores shared among the runs in progress when it starts (at least one engine
 * thread), and 'run_timeout' seconds (0: no limit) before it is stopped and failed. */
struct jobs *jobs_start(const char *db_path, int workers, int64_t run_timeout, char *err,
                        size_t errlen);
/* Tells the workers that a run was queued. */
void jobs_wake(struct jobs *jobs);
/* Stops run 'run' soon (within the engine's next check, a hundredth of a second) when a worker
 * is running it; the caller has marked it cancelled in the database already. */
void jobs_cancel(struct jobs *jobs, int64_t run);
/* The live progress of run 'run' (0 to 1) when a worker is running it, or -1. */
double jobs_progress(struct jobs *jobs, int64_t run);
/* Stops the runs in progress, queues them again (to run from the start at the next start),
 * and joins the workers; how many runs were queued again. */
int jobs_stop(struct jobs *jobs);

#endif
