/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * jobs.h - the server's run queue: worker threads take queued runs from the database in the
 * order they were queued, run them on the engine, and store the results (JSON and CSV
 * tables). A run that was running when the server stopped or crashed is marked failed at the
 * next start, and can be queued again.
 */
#ifndef DA_SERVER_JOBS_H
#define DA_SERVER_JOBS_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "server.h"

/* Marks the runs left running by an earlier server as failed; how many. */
int jobs_recover(sqlite3 *db, int64_t now);

/* Starts 'workers' threads, each with its own connection to the database at 'db_path'. A run
 * gets the cores shared among the runs in progress when it starts (at least one engine
 * thread). */
struct jobs *jobs_start(const char *db_path, int workers, char *err, size_t errlen);
/* Tells the workers that a run was queued. */
void jobs_wake(struct jobs *jobs);
/* The live progress of run 'run' (0 to 1) when a worker is running it, or -1. */
double jobs_progress(struct jobs *jobs, int64_t run);
/* Cancels the runs in progress (marked failed: "the server stopped") and joins the workers. */
void jobs_stop(struct jobs *jobs);

#endif
