/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * world.c - a world's memory, its inputs and its start (see world.h).
 *
 * A worker's world is allocated once, from one arena, and reset for every option of every
 * replication, so that the day loop allocates nothing. The state comes in three parts with
 * three lifetimes: the replication's inputs (worked out once, read by every option), the state
 * the options share until their worlds part (SHARED_ARRAYS, copied as
 * a whole), and each option's own.
 */
#include <string.h>

#include "world.h"

/* Zeroed room for 'n' items of 'size' bytes (at least one, so that a list the scenario leaves
 * empty still has an address). */
static void *room(struct arena *arena, size_t n, size_t size)
{
    return arena_array(arena, n ? n : 1, size);
}

#define ROOM(ptr, n) (((ptr) = room(arena, (size_t)(n), sizeof *(ptr))) != NULL)

/* Every array of struct shared_state is in SHARED_ARRAYS (but 'started' and 'started_any'). */
#define COUNT_SHARED(name, n, interleaved) +1
_Static_assert(sizeof(struct shared_state) ==
                   (0 SHARED_ARRAYS(COUNT_SHARED) + 2) * sizeof(double *),
               "an array of struct shared_state is missing from SHARED_ARRAYS");
#undef COUNT_SHARED

static bool shared_alloc(struct shared_state *sh, const struct plan *plan, struct arena *arena)
{
    size_t A = (size_t)plan->n_areas, D = (size_t)plan->n_donors, K = (size_t)plan->n_sectors;
    bool ok = true;
#define ALLOC_SHARED(name, n, interleaved) ok = ok && ROOM(sh->name, n);
    SHARED_ARRAYS(ALLOC_SHARED)
#undef ALLOC_SHARED
    return ok && ROOM(sh->started, K * A * (size_t)plan->horizon) &&
           ROOM(sh->started_any, K * (size_t)plan->horizon);
}

static bool inputs_alloc(struct inputs *in, const struct plan *plan, struct arena *arena)
{
    int A = plan->n_areas;
    return ROOM(in->pop, A) && ROOM(in->risk, A) && ROOM(in->required, A) &&
           ROOM(in->baseline, A) && ROOM(in->incident_rate, A) && ROOM(in->shock_per_incident, A) &&
           ROOM(in->food_need, A) && ROOM(in->water_need, A) && ROOM(in->bed_need, A) &&
           ROOM(in->inv_food_need, A) && ROOM(in->inv_water_need, A) && ROOM(in->inv_bed_need, A) &&
           ROOM(in->food_trucks, A) && ROOM(in->build_days, plan->n_sectors) &&
           ROOM(in->max_units, plan->n_sectors) && ROOM(in->unit_cost, plan->n_sectors) &&
           ROOM(in->tonnes_per_unit, plan->n_sectors) && ROOM(in->persons, plan->n_sectors) &&
           ROOM(in->m3_day, plan->n_sectors) && ROOM(in->beds_per_unit, plan->n_sectors) &&
           ROOM(in->water_param, A) && ROOM(in->beds_param, A) &&
           ROOM(in->change_days, 3 * (size_t)plan->n_milestones) &&
           ROOM(in->holding, plan->n_milestones);
}

/* Each pool's first balance in w->sh.pools, w->lanes wide. */
static void point_at_pools(struct world *w, const struct plan *plan)
{
    for (int p = 0; p < N_POOLS; p++)
        w->pool_at[p] = &w->sh.pools[(size_t)p * (size_t)plan->n_donors * (size_t)w->lanes];
}

/* Points source 's' at its arrays, lane 0's at 'block' (SOURCE_LANE_DOUBLES() doubles for each
 * of 'stride' lanes): its numbers, then vet_in, admitted and weight. */
static void point_source(struct source_state *s, double *block, size_t days, size_t stride)
{
    size_t i = 0;
#define POINT_NUMBER(name) s->name = block + i++ * stride;
    SOURCE_NUMBERS(POINT_NUMBER)
#undef POINT_NUMBER
    s->vet_in = block + i * stride;
    s->admitted = s->vet_in + days * stride;
    s->weight = s->admitted + days * stride;
    s->clean_until = 0; /* nothing known of the records yet */
}

/* The force's interleaved arrays of the 'n' worlds, 'stride' lanes wide, from 'arena'. */
static bool force_alloc(struct world *const *worlds, int n, size_t stride, const struct plan *plan,
                        struct arena *arena)
{
    size_t A = (size_t)plan->n_areas, H = (size_t)plan->horizon;
    double *block, *pay;
    if (!ROOM(block, A * stride) || !ROOM(pay, 2 * stride))
        return false;
    for (int l = 0; l < n; l++) {
        worlds[l]->force = block + l;
        worlds[l]->pay_share = pay + l;
        worlds[l]->pay_today = pay + stride + l;
    }
    for (int s = 0; s < plan->max_sources; s++) {
        if (!ROOM(block, SOURCE_LANE_DOUBLES(H, A) * stride))
            return false;
        for (int l = 0; l < n; l++)
            point_source(&worlds[l]->sources[s], block + l, H, stride);
    }
    for (int c = 0; c < plan->max_centers; c++) {
        if (!ROOM(block, stride))
            return false;
        for (int l = 0; l < n; l++)
            worlds[l]->centers[c].in_training = block + l;
    }
    return true;
}

bool world_alloc(struct world *w, struct inputs *in, struct shared_state *spare,
                 const struct plan *plan, struct arena *arena)
{
    int A = plan->n_areas, S = plan->max_sources;
    memset(w, 0, sizeof *w);
    memset(in, 0, sizeof *in);
    w->lanes = 1;
    bool ok = inputs_alloc(in, plan, arena) && shared_alloc(&w->sh, plan, arena) &&
              (!spare || shared_alloc(spare, plan, arena)) && ROOM(w->alloc_weight, A) &&
              ROOM(w->coverage, A) && ROOM(w->sources, S) && ROOM(w->centers, plan->max_centers) &&
              ROOM(w->center_sources, S) && ROOM(w->pledge_daily, plan->n_pledges) &&
              ROOM(w->pledge_first, plan->n_pledges) && ROOM(w->pledge_days, plan->n_pledges) &&
              ROOM(w->flowing, plan->n_pledges) && ROOM(w->flowing_amount, plan->n_pledges) &&
              ROOM(w->to_start, plan->n_sectors) && ROOM(w->self_spent, plan->n_self_payers);
    ok = ok && force_alloc(&w, 1, 1, plan, arena);
    if (ok)
        point_at_pools(w, plan);
    return ok;
}

void world_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws,
                  const struct timeline *tl)
{
    const struct da_scenario *scn = plan->scn;
    for (int a = 0; a < plan->n_areas; a++) {
        const struct da_area *area = &scn->areas[a];
        in->pop[a] = drawn(draws, area->population);
        in->risk[a] = drawn(draws, area->risk);
        in->water_param[a] = drawn(draws, area->water_capacity_m3_day);
        in->beds_param[a] = drawn(draws, area->hospital_beds);
    }
    in->ioc_coverage = drawn(draws, scn->security.ioc_coverage);
    in->returns_rate = drawn(draws, scn->returns.rate_per_day);
    in->returns_min_security = drawn(draws, scn->returns.min_security);
    in->rebuild_min_security = drawn(draws, scn->reconstruction.min_security);
    security_inputs(in, plan, draws);
    reconstruction_inputs(in, plan, draws, tl);
    humanitarian_inputs(in, plan, draws);
    in->regime_day = 0;
    in->n_changes = 0;
    if (plan->has_effects) {
        regime_schedule(in, plan, tl);
        regime_inputs(in, plan, draws, tl, 0);
    }
}

void world_reset(struct world *w, int o, const struct plan *plan, const struct draws *draws,
                 const struct timeline *tl, const struct inputs *in)
{
    const struct da_scenario *scn = plan->scn;
    w->plan = plan;
    w->draws = draws;
    w->timeline = tl;
    w->in = in;
    w->opt = &scn->options[o];
    w->option = o;
    w->start = milestones_option_start(plan, tl, o);
    w->start_day = world_day_of(w->start);
    for (int a = 0; a < plan->n_areas; a++) {
        const struct da_area *area = &scn->areas[a];
        size_t at = world_area(w, a);
        w->sh.displaced[at] = in->pop[a] * wx(w, area->displaced_share);
        w->sh.water_capacity[at] = w->sh.water_param[a] = in->water_param[a];
        w->sh.beds[at] = w->sh.beds_param[a] = in->beds_param[a];
        w->force[at] = w->coverage[at] = 0;
    }
    security_reset(w);
    funding_reset(w);
    force_reset(w);
    reconstruction_reset(w);
    humanitarian_reset(w);
}

/* Copies 'n' values from 'from' to 'to', 'stride' apart. */
static void copy_strided(double *to, const double *from, size_t n, size_t stride)
{
    if (stride == 1) {
        memcpy(to, from, sizeof *to * n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        to[i * stride] = from[i * stride];
}

void world_copy_shared(struct shared_state *to, const struct shared_state *from,
                       const struct plan *plan, const struct inputs *in, int days, int lanes)
{
    size_t A = (size_t)plan->n_areas, D = (size_t)plan->n_donors, K = (size_t)plan->n_sectors;
#define COPY_SHARED(name, n, interleaved)                                                          \
    copy_strided(to->name, from->name, (size_t)(n), interleaved ? (size_t)lanes : 1);
    SHARED_ARRAYS(COPY_SHARED)
#undef COPY_SHARED
    /* Building records before rebuild_day are never read (reconstruction.c), nor those of
     * units finished before 'days'. */
    int first = in->rebuild_day < days ? in->rebuild_day : days;
    if (days - in->longest_build > first)
        first = days - in->longest_build;
    size_t L = (size_t)lanes, per_day = K * A, from_day = (size_t)first,
           n_days = (size_t)(days - first);
    copy_strided(&to->started[from_day * per_day * L], &from->started[from_day * per_day * L],
                 per_day * n_days, L);
    int64_t *any_to = &to->started_any[from_day * K * L];
    const int64_t *any_from = &from->started_any[from_day * K * L];
    for (size_t i = 0; i < K * n_days; i++)
        any_to[i * L] = any_from[i * L];
}

bool world_interleave(struct world *const *worlds, struct shared_state *const *spares, int n,
                      int stride, const struct plan *plan, struct arena *arena)
{
    size_t A = (size_t)plan->n_areas, D = (size_t)plan->n_donors, K = (size_t)plan->n_sectors;
    size_t L = (size_t)stride;
    /* One block of room per interleaved array, of the worlds and of their spares; lane l's
     * pointer is the block's plus l. */
    double *block;
#define INTERLEAVE(name, count, interleaved)                                                       \
    for (int copy = 0; interleaved && copy < 2; copy++) {                                          \
        if (!ROOM(block, (size_t)(count)*L))                                                       \
            return false;                                                                          \
        for (int l = 0; l < n; l++)                                                                \
            (copy ? spares[l] : &worlds[l]->sh)->name = block + l;                                 \
    }
    SHARED_ARRAYS(INTERLEAVE)
#undef INTERLEAVE
    size_t H = (size_t)plan->horizon;
    for (int copy = 0; copy < 2; copy++) {
        double *started;
        int64_t *started_any;
        if (!ROOM(started, K * A * H * L) || !ROOM(started_any, K * H * L))
            return false;
        for (int l = 0; l < n; l++) {
            struct shared_state *sh = copy ? spares[l] : &worlds[l]->sh;
            sh->started = started + l;
            sh->started_any = started_any + l;
        }
    }
    double *to_start;
    if (!ROOM(block, A * L) || !ROOM(to_start, K * L))
        return false;
    for (int l = 0; l < n; l++) {
        worlds[l]->coverage = block + l;
        worlds[l]->to_start = to_start + l;
        worlds[l]->lanes = stride;
        worlds[l]->lane = l;
        point_at_pools(worlds[l], plan);
    }
    return force_alloc(worlds, n, L, plan, arena);
}
