/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * footprint.c - the memory a run needs (see footprint.h).
 *
 * Sizes are products of counts that the format bounds (36,500 days, and lists of at most
 * 10^5 items or so), so they are worked out in doubles, which cannot overflow, and returned
 * as bytes saturated at UINT64_MAX.
 */
#include "footprint.h"

#include "../model/lanes.h"
#include "../scenario/correlations.h"
#include "../util/arena.h"
#include "lockstep.h"
#include "replication.h"
#include "results.h"

/* The element size of the array a pointer member of a struct points at. */
#define ELEM(type, member) ((double)sizeof(*((type *)0)->member))

static uint64_t bytes(double b)
{
    return b >= 1.8e19 ? UINT64_MAX : (uint64_t)b;
}

static double weeks(const struct da_scenario *scn)
{
    return (double)((scn->horizon_days + 6) / 7);
}

/* A band of a run of 'replications' (0: of any number), each taking one value a replication. */
static double band_bytes(uint64_t replications)
{
    return (double)band_size(band_narrow_for(replications));
}

uint64_t footprint_series_bytes(const struct da_scenario *scn, uint64_t replications)
{
    return bytes(((double)scn->n_options + 1) * weeks(scn) * (double)scn->n_areas * N_SERIES *
                 band_bytes(replications));
}

/* The contingents that pay their own way: each may be a payer of its own (an upper bound). */
static double self_payers(const struct da_scenario *scn)
{
    double n = 0;
    for (size_t o = 0; o < scn->n_options; o++)
        for (size_t i = 0; i < scn->options[o].n_sources; i++)
            n += scn->options[o].sources[i].paid_by == PAID_BY_SELF;
    return n;
}

/* Whether a milestone has effects: then the requirement is recorded week by week. */
static bool has_effects(const struct da_scenario *scn)
{
    for (size_t m = 0; m < scn->n_milestones; m++)
        if (scn->milestones[m].n_effects > 0)
            return true;
    return false;
}

/* The bands of the weekly requirement. */
static double required_bands(const struct da_scenario *scn)
{
    return (has_effects(scn) ? weeks(scn) : 1) * ((double)scn->n_areas + 1);
}

/* The accumulator less the series. */
static double acc_bytes(const struct da_scenario *scn, uint64_t replications)
{
    double O = (double)scn->n_options, M = (double)scn->n_milestones;
    double A = (double)scn->n_areas, D = (double)scn->n_donors + self_payers(scn);
    double sketch = (double)sizeof(struct sketch), pairs = O * (O - 1) / 2;
    double tracked =
        (double)(scn->n_check_days ? scn->n_check_days : N_CONTRACT_DAYS) + N_CONTRACT_DAYS;
    double per_option = (double)sizeof(struct option_acc) + (D + A * N_AREA_METRICS) * sketch +
                        (M + 1) * sizeof(uint64_t) + (tracked * M + 1) * sizeof(uint64_t);
    double milestones = M * 3 * sketch + 3 * (M + 1) * sizeof(uint64_t);
    double required = required_bands(scn) * band_bytes(replications);
    double observed = (double)scn->n_observed * (sketch + sizeof(double) + 2 * sizeof(uint64_t));
    return O * per_option + milestones + pairs * N_METRICS * sketch + required + observed;
}

/* Every donor's pledges. */
static double pledges(const struct da_scenario *scn)
{
    double n = 0;
    for (size_t d = 0; d < scn->n_donors; d++)
        n += (double)scn->donors[d].n_pledges;
    return n;
}

/* The arrays of one world of the worker (its own, or the days the options share). */
static double world_bytes(const struct da_scenario *scn, double sources, double centers,
                          double pledges)
{
    double A = (double)scn->n_areas, H = (double)scn->horizon_days;
    double D = (double)scn->n_donors, K = (double)scn->reconstruction.n_sectors;
    double per_area = 24 * sizeof(double);
    double per_source = (double)sizeof(struct source_state) + (double)sizeof(int) +
                        (double)SOURCE_LANE_DOUBLES(H, A) * ELEM(struct source_state, vet_in);
    double per_pledge = 2 * sizeof(double) + 3 * sizeof(int);
    /* what each purpose spent, and the other numbers that kernels read (world.h) */
    double numbers = (N_POOL_PURPOSES + 16) * sizeof(double);
    /* the force's pay due and share met, each center's trainees */
    numbers += (2 + centers) * sizeof(double);
    return A * per_area + sources * per_source + centers * (double)sizeof(struct center_state) +
           (N_POOLS + 1) * D * sizeof(double) + pledges * per_pledge + numbers +
           K * (A + 8) * sizeof(double) + K * sizeof(int) +
           K * A * H * ELEM(struct shared_state, started) +
           K * H * ELEM(struct shared_state, started_any);
}

/* What every worker has, a lane of a block too (replication.c's worker_alloc()), in its arena:
 * the draws, the timeline, the parameters in force, the world and its spare, the metrics and
 * what it reads, and each array's rounding up; not the arena's last block, partly used. */
/* The most sources and centers of an option, and the sources of all options. */
static void force_shape(const struct da_scenario *scn, double *sources, double *centers,
                        double *all)
{
    *sources = *centers = *all = 0;
    for (size_t o = 0; o < scn->n_options; o++) {
        double n = (double)scn->options[o].n_sources,
               c = (double)scn->options[o].n_training_centers;
        *all += n;
        *sources = n > *sources ? n : *sources;
        *centers = c > *centers ? c : *centers;
    }
}

/* One replication's draws (draw.h): each parameter, and an event each milestone (three),
 * plan pledge and contingent. */
static double draws_bytes(const struct da_scenario *scn)
{
    double M = (double)scn->n_milestones, P = pledges(scn), C, sources, centers;
    force_shape(scn, &sources, &centers, &C);
    return (double)scn->n_params * sizeof(double) + 3 * M + P + C;
}

static double replication_content(const struct da_scenario *scn)
{
    double A = (double)scn->n_areas, H = (double)scn->horizon_days;
    double O = (double)scn->n_options, M = (double)scn->n_milestones;
    double P = pledges(scn), C, sources, centers;
    force_shape(scn, &sources, &centers, &C);
    double draws = draws_bytes(scn);
    double stages = (double)scn->humanitarian.n_crossings;
    double timeline = M * (3 * sizeof(double) + sizeof(int)) + O * sizeof(double) +
                      (C + P) * sizeof(double) + H * ELEM(struct timeline, stage_cap) +
                      stages * (ELEM(struct timeline, stage_reach) + sizeof(int64_t)) +
                      4 * (2 * (double)plan_longest_refs(scn) + 4) * (double)sizeof(struct span);
    /* The parameters in force (regime.c): change days, the milestones holding, two per area. */
    double regime =
        3 * M * sizeof(int) + M * (double)sizeof(struct regime_entry) + 6 * A * sizeof(double);
    double records = O * N_METRICS * sizeof(double) + M + (double)scn->n_observed * sizeof(double);
    /* The shared world holds the per-area state and the money, not the force's. */
    double shared = world_bytes(scn, 0, 0, 0);
    double rounding = 16 * (64 + 3 * sources);
    return draws + timeline + regime + records + world_bytes(scn, sources, centers, P) + shared +
           rounding;
}

/* replication_content() and the arena's last block, partly used: of a worker, whose arena
 * holds more (its buffers, a block's interleaved arrays). */
static double replication_bytes(const struct da_scenario *scn)
{
    return replication_content(scn) + ARENA_BLOCK_BYTES;
}

/* A lane's arena holds replication_content() and the values of an analysis's point (its
 * scratch): one block where that fits in one (a small scenario's), else the content and a last
 * block partly used. */
static double lane_bytes(const struct da_scenario *scn)
{
    double content = replication_content(scn) + (double)scn->n_params * sizeof(double) + 16;
    return content <= ARENA_BLOCK_BYTES ? ARENA_BLOCK_BYTES : content + ARENA_BLOCK_BYTES;
}

/* A block of 'lanes' lanes (lockstep.c): a worker of its own for each, and the block's incident
 * uniforms and interleaved state and inputs; nothing for a block of one. */
static double lanes_bytes(const struct da_scenario *scn, int lanes)
{
    if (lanes < 2)
        return 0;
    double A = (double)scn->n_areas, H = (double)scn->horizon_days, L = lanes;
    double K = (double)scn->reconstruction.n_sectors, D = (double)scn->n_donors, P = pledges(scn);
    double W = lanes_width(lanes); /* the interleaved arrays' stride */
    /* Interleaved (each lane's own copies stay allocated, and are counted in its world): the
     * world's and its spare's shared state (eight per-area arrays, the damage left and each
     * sector's, the pools and what each donor spent, the numbers, the units started and their
     * flags), the world's coverage and units to start, seven per-area inputs and seven per
     * sector, the money kernels' arrays; and the incidents kernel's room. */
    double shared = 8 * A + K * A + K + (N_POOLS + 1) * D + N_POOL_PURPOSES + 16;
    double started = K * H * (A * sizeof(double) + ELEM(struct shared_state, started_any));
    double money = P + N_POOL_PURPOSES + N_POOLS;
    /* The force's: each source's numbers and records, each center's trainees, the areas' force
     * and the pay, and the kernel's parameters and requirements (lockstep.h). */
    double sources, centers, all;
    force_shape(scn, &sources, &centers, &all);
    double force = sources * ((double)SOURCE_LANE_DOUBLES(H, A) + SOURCE_PARAMS) +
                   centers * (1 + CENTER_PARAMS) + 2 * A + 2;
    double interleaved = (2 * shared + A + K + 7 * A + 7 * K + money + force) * sizeof(double);
    double draws =
        (double)lanes_security_scratch((int)scn->n_areas, lanes_width(lanes)) * sizeof(double) +
        (A * W + LANES_GROUP) * sizeof(int);
    double kernel = (sources > 0 ? sources : 1) * (double)sizeof(struct force_source_lanes) +
                    (centers > 0 ? centers : 1) * (double)sizeof(struct force_center_lanes);
    /* The draws lockstep_order() keeps, where there are options to order (each of its six
     * arrays rounded up to the arena's alignment). */
    double kept =
        scn->n_options >= 2
            ? LOCKSTEP_ORDER_MAX * (draws_bytes(scn) + 6 * 16 + (double)sizeof(struct draws))
            : 0;
    double block = H * A * W * sizeof(double) + W * (interleaved + 2 * started) + draws + kernel +
                   kept + ARENA_BLOCK_BYTES + L * (double)sizeof(struct worker) + 64;
    return L * lane_bytes(scn) + block;
}

uint64_t footprint_worker_bytes(const struct da_scenario *scn, uint64_t replications)
{
    double A = (double)scn->n_areas, H = (double)scn->horizon_days;
    double O = (double)scn->n_options, params = (double)scn->n_params;
    double buffers =
        H * A * sizeof(double) + params * sizeof(double) + SERIES_BLOCK * (1 + O) * sizeof(int) +
        O * weeks(scn) * A * N_SERIES * SERIES_BLOCK * ELEM(struct worker, series_buffer) +
        required_bands(scn) * REQUIRED_BLOCK * ELEM(struct worker, required_buffer);
    /* The correlated draws of a block, and correlate.c's work arrays for them. */
    da_pid pids[CORRELATION_MAX_INPUTS];
    double m = (double)correlation_inputs(scn, pids, CORRELATION_MAX_INPUTS);
    double n = CORRELATION_BLOCK;
    double correlated = m > 0
                            ? n * m * 3 * sizeof(double) + n * sizeof(double) +
                                  n * (double)sizeof(struct correlate_key) + m * m * sizeof(double)
                            : 0;
    return bytes(replication_bytes(scn) + buffers + correlated + acc_bytes(scn, replications) +
                 lanes_bytes(scn, lockstep_lanes()));
}

uint64_t footprint_run_bytes(const struct da_scenario *scn, int threads, uint64_t replications)
{
    double b =
        (double)footprint_series_bytes(scn, replications) +
        (double)(threads < 1 ? 1 : threads) * (double)footprint_worker_bytes(scn, replications);
    return bytes(b);
}

double footprint_effect_work(const struct da_scenario *scn)
{
    double milestones = 0, applications = 0, A = (double)scn->n_areas;
    for (size_t m = 0; m < scn->n_milestones; m++) {
        const struct da_milestone *ms = &scn->milestones[m];
        milestones += ms->n_effects > 0;
        for (size_t e = 0; e < ms->n_effects; e++)
            applications += ms->effects[e].area == EFFECT_EVERY_AREA ? A : 1;
    }
    if (milestones == 0)
        return 0;
    /* Three change days a milestone at most (reached, lapsed, recovered), one a day at most;
     * each scans and sorts the holders, applies the effects and works out four area arrays. */
    double days =
        3 * milestones < (double)scn->horizon_days ? 3 * milestones : (double)scn->horizon_days;
    return days * (milestones * 17 + applications + 4 * A);
}

double footprint_run_work(const struct da_scenario *scn)
{
    double A = (double)scn->n_areas;
    double shared = A * (4 + 2 * (double)scn->reconstruction.n_sectors) + 2 * pledges(scn) +
                    4 * N_POOLS * (double)scn->n_donors;
    double days = 0;
    for (size_t o = 0; o < scn->n_options; o++) {
        const struct da_option *opt = &scn->options[o];
        days += shared + (double)opt->n_sources * (A + 8) + (double)opt->n_training_centers;
    }
    return (double)scn->horizon_days * days;
}

void footprint_counts(const struct da_scenario *scn, double *sources, double *all_pledges)
{
    double most_sources, most_centers;
    force_shape(scn, &most_sources, &most_centers, sources);
    *all_pledges = pledges(scn);
}

double footprint_day_work(const struct da_scenario *scn)
{
    return (double)scn->horizon_days * ((double)scn->n_areas + 1);
}
