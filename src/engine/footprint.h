/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * footprint.h - the memory a run of a scenario needs, worked out from the scenario's sizes
 * before anything is allocated: the loader refuses a scenario whose run cannot fit in
 * DA_RUN_MAX_BYTES, and da_run() uses no more threads than fit in it.
 *
 * The figures follow the allocations of worker_init() and acc_init() (replication.c,
 * results.c) array by array; test_invariants checks them against the bytes a run allocates.
 */
#ifndef DA_ENGINE_FOOTPRINT_H
#define DA_ENGINE_FOOTPRINT_H

#include <stdint.h>

#include "../scenario/scenario.h"

/* The weekly series that all of a run of 'replications' (0: of any number) shares: (options +
 * 1) x weeks x areas x the series' metrics, one band each, narrow for a run of at most
 * BAND_NARROW_MAX (band.h), as the bands of the weekly requirement are. */
uint64_t footprint_series_bytes(const struct da_scenario *scn, uint64_t replications);

/* What each worker (thread) of a run of 'replications' (0: of any number) allocates besides
 * the shared series. */
uint64_t footprint_worker_bytes(const struct da_scenario *scn, uint64_t replications);

/* A run of 'replications' (0: of any number) on 'threads' workers: the series once, the rest
 * per worker. */
uint64_t footprint_run_bytes(const struct da_scenario *scn, int threads, uint64_t replications);

/* The work of the parameters in force (docs/model.md section 9.1) in one option of one
 * replication, in steps: on each day a milestone with effects begins or stops holding, the
 * milestones with effects are scanned, their effects applied (an area's parameter written with
 * '*' once per area) and the areas' inputs worked out again. The loader refuses a scenario
 * whose effects would take more than FOOTPRINT_EFFECT_WORK_FACTOR times the days' own work,
 * horizon x (areas + 1) steps. */
#define FOOTPRINT_EFFECT_WORK_FACTOR 100
double footprint_effect_work(const struct da_scenario *scn);
double footprint_day_work(const struct da_scenario *scn);

/* The work of one replication of every option, in steps: each day of each option, each area's
 * security, supplies and sectors, each source's flows and its people spread over the areas,
 * each center, each pledge's flow and each donor's pools. A scenario small on the page may
 * ask for much (aliases repeat a pledge thousands of times, in a hundred options), so the
 * loader refuses one beyond FOOTPRINT_MAX_RUN_WORK: about a second or more a replication on
 * one core, where the built-in scenarios take a few hundred thousand. */
#define FOOTPRINT_MAX_RUN_WORK 1e9
double footprint_run_work(const struct da_scenario *scn);
/* The sources of all options and the pledges of all donors, that a refusal of the work names. */
void footprint_counts(const struct da_scenario *scn, double *sources, double *pledges);

#endif /* DA_ENGINE_FOOTPRINT_H */
