/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * world.h - the state of one option's world in one replication, and the model parts that
 * change it, one file each (docs/model.md sections 2 to 7 and 9).
 *
 * Each option is simulated as a world of its own over the replication's shared draws (struct
 * draws) and milestone timeline. Its state has three parts: the replication's inputs (struct
 * inputs: derived once, the same for every option), the state the options share until their
 * worlds part (struct shared_state), and the option's own (struct world). The state is flat
 * arrays from one arena per worker, reset for each option, so the day loop allocates nothing.
 * Arrays indexed by day run over the whole horizon: a cohort started on day t (of vetting, training
 * or building) is found at index t when it finishes, with no ring buffer to get wrong.
 *
 * Units: people in persons, money in US dollars, goods in tonnes, water in m3 (a tonne), time
 * in days. Every stock is a real number.
 */
#ifndef DA_MODEL_WORLD_H
#define DA_MODEL_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "../util/arena.h"
#include "draw.h"
#include "money.h"
#include "plan.h"

#define POOL_FLEX N_POOL_PURPOSES /* the 'any' pool, after the three purpose pools */
#define N_POOLS   (N_POOL_PURPOSES + 1)

/* A stretch of time [from, to): to may be HUGE_VAL. */
struct span {
    double from, to;
};

/* What the milestones give one replication (sections 2 and 9.2). A milestone holds at time t
 * when T <= t < L or t >= V: from the time it is reached until it lapses, and again from its
 * recovery. Without lapses L and V are infinite and it holds from T on. */
struct timeline {
    double *T;            /* per milestone: the time it is reached, HUGE_VAL when never */
    double *L;            /* per milestone: the time it lapses, HUGE_VAL when it does not */
    double *V;            /* per milestone: the time it holds again, HUGE_VAL when never */
    int *parent;          /* per milestone: the prerequisite that began its stretch, or -1 */
    double *start;        /* per option: S_o, the first time all its starts_when hold */
    double *trigger;      /* per source of every option (plan->contingent_base): the first
                           * time from S_o at which a contingent's requires all hold */
    double *pledge_from;  /* per plan pledge: the first time all its requires hold */
    double *stage_cap;    /* per day: the crossings' truck capacity */
    int *stage_reach;     /* per crossing stage: the day it is first reached, INT32_MAX if never */
    int64_t *stage_order; /* per crossing stage: room to rank them (milestones.c) */
    struct span *spans;   /* room for the span lists of four sets (milestones.c) */
    int spans_cap;        /* spans per set */
};

/* Whether milestone 'm' holds at time 't'. */
static inline bool timeline_holds(const struct timeline *tl, int m, double t)
{
    return (tl->T[m] <= t && t < tl->L[m]) || t >= tl->V[m];
}

/* The first time milestone 'm' holds (HUGE_VAL: never): the time it is reached, unless it
 * lapses as it is reached (after_days 0: T <= t < L holds for no t), then its recovery. */
static inline double timeline_first_holds(const struct timeline *tl, int m)
{
    return tl->T[m] < tl->L[m] ? tl->T[m] : tl->V[m];
}

/* The numbers of a source that its days change (section 3), in the order of their arrays. */
#define SOURCE_NUMBERS(X)                                                                          \
    X(remaining)     /* pool: not yet vetted */                                                    \
    X(arrived)       /* recruitment: arrived so far */                                             \
    X(waiting_vet)   /* recruitment: arrived, waiting for vetting */                               \
    X(queue)         /* vetted, waiting for a training seat */                                     \
    X(waiting_equip) /* trained (or vetted, without a center), waiting for equipment */            \
    X(equipped)      /* equipped today, deployed in today's flows */                               \
    X(deployed)                                                                                    \
    X(ever_deployed) /* pool and recruitment: everyone deployed so far (section 9.6) */

/* One source of one option (section 3). Its numbers and records are interleaved with a block's
 * other lanes, as struct world's 'lanes' says: each number this world's at [0], vet_in and
 * admitted day t's at [t * lanes], weight area a's at [a * lanes]. */
struct source_state {
    const struct da_source *src;
    int vet_days, center; /* center: index in the option, or -1 */
#define SOURCE_NUMBER(name) double *name;
    SOURCE_NUMBERS(SOURCE_NUMBER)
#undef SOURCE_NUMBER
    double *vet_in;   /* per day: entered vetting */
    double *admitted; /* per day: admitted to training */
    int clean_until;  /* vet_in and admitted are 0 on the days before it (force.c) */
    double *weight;   /* per area: its share of this source's personnel */
    int arrival;      /* contingent: first day, or INT32_MAX */
    int ramp_days, tour_days;
    int start_day; /* pool: first vetting day; recruitment: first arrival day */
    /* What the days read of the source's kind and drawn parameters, kept here at reset: a
     * day reads the source's state alone, not the scenario's source and the draws it names. */
    bool trained; /* a pool or recruits, not a contingent */
    int payer;    /* the country that pays it itself (section 9.5), or -1: the pools */
    double size, pay_per_day, equipment_cost, vetting_pass, vetting_per_day;
    double per_day, cap; /* recruitment */
};

/* The doubles of a source's interleaved arrays, per lane, for 'days' days and 'areas' areas. */
#define SOURCE_COUNT_NUMBER(name) +1
#define SOURCE_LANE_DOUBLES(days, areas)                                                           \
    ((size_t)(0 SOURCE_NUMBERS(SOURCE_COUNT_NUMBER)) + 2 * (size_t)(days) + (size_t)(areas))

struct center_state {
    int open_day, course_days;
    /* Its sources: world.center_sources[first_source ...], n_sources of them, in the option's
     * order (force_reset()), so that a day visits each source once, not once per center. */
    int first_source, n_sources;
    double *in_training;                     /* interleaved, as a source's numbers */
    double seats, cost_per_trainee, washout; /* drawn, kept at reset */
};

/* A milestone with effects that holds on a day, and the time it last began to hold. */
struct regime_entry {
    double since;
    int m;
};

/* What is fixed for one replication, whatever the option: the inputs derived from its draws
 * (needs, rates, their inverses). Worked out once per replication (world_inputs()) and read by
 * every option; nothing in the day loop writes it. */
struct inputs {
    /* per area */
    double *pop, *risk, *required;
    double half_required;       /* half the areas' requirement, 0.5 x world_sum(required) */
    double *baseline;           /* security's baseline */
    double *incident_rate;      /* incidents a day at security 0: rate x risk x pop / 1e5 */
    double *shock_per_incident; /* security lost per incident: shock x 1e5 / pop */
    double *food_need, *water_need, *bed_need;             /* per day: tonnes, m3, beds */
    double *inv_food_need, *inv_water_need, *inv_bed_need; /* 1/need, 0 for no need */
    double *food_trucks; /* trucks that would carry the area's food need, 0 with no food share */
    double food_total, water_total;
    /* humanitarian */
    double cargo_share[N_CARGO]; /* this replication's truck shares, summing to 1 */
    double truck_cost, tonnes_per_truck, materials_per_day;
    /* A truck's food (water) as a share of all areas' daily food (water) need, 0 when there
     * is no need: trucks x food_per_need x access_a is area a's food coverage before the cap. */
    double food_per_need, water_per_need;
    double access_floor, inv_tau;
    double ioc_coverage; /* the coverage every area needs for IOC (section 9.4) */
    /* The parameters that effects may change (section 9.1), as in force: an area's water
     * capacity and beds (what reconstruction restores comes on top), returns on their own
     * (section 9.3), and the security that reconstruction needs. */
    double *water_param, *beds_param;
    double returns_rate, returns_min_security, rebuild_min_security;
    /* The days on which a milestone with effects begins or stops holding, ascending, each
     * once, and the day whose parameters are in force (regime.c). */
    int *change_days, n_changes, regime_day;
    struct regime_entry *holding; /* room for the milestones holding on a day */
    /* reconstruction, per sector: its drawn parameters, which the days read */
    double *max_units, *unit_cost, *tonnes_per_unit; /* a day's units, and each one's needs */
    double *persons, *m3_day, *beds_per_unit;        /* what a unit restores */
    int *build_days;
    int rebuild_day;   /* first day building may start, or INT32_MAX */
    int longest_build; /* the longest of build_days */
};

/* The state the options share until their worlds part (engine/replication.c, "the days all
 * options share"): everything here, and only this, is copied from the first option to the
 * others on the day they part. An array of it is a field of struct shared_state and a line of
 * SHARED_ARRAYS, with its length in terms of A (areas), D (donors) and K (sectors), and 1 when
 * the lanes of a block interleave it (struct world's 'lanes'); a number is an array of one.
 * Allocation and the copy go through these lists, and a static assertion (world.c) fails the build
 * when an array is missing from the list. */
#define SHARED_ARRAYS(X)                                                                           \
    X(security, A, 1)                                                                              \
    X(access, A, 1)                                                                                \
    X(displaced, A, 1)                                                                             \
    X(water_capacity, A, 1)                                                                        \
    X(beds, A, 1)                                                                                  \
    X(water_cov, A, 1)                                                                             \
    X(food_cov, A, 1)                                                                              \
    X(bed_cov, A, 1)                                                                               \
    X(pools, N_POOLS *D, 1)                                                                        \
    X(spent_by_donor, D, 1)                                                                        \
    X(damage_left, K *A, 1)                                                                        \
    X(sector_left, K, 1)                                                                           \
    X(water_param, A, 0)                                                                           \
    X(beds_param, A, 0)                                                                            \
    X(spent_by_purpose, N_POOL_PURPOSES, 1)                                                        \
    X(income, 1, 1)                                                                                \
    X(trucks, 1, 1)                                                                                \
    X(materials, 1, 1)                                                                             \
    X(incidents, 1, 1)                                                                             \
    X(days_trucks_money, 1, 1)                                                                     \
    X(days_build_security, 1, 1)                                                                   \
    X(days_build_money, 1, 1)                                                                      \
    X(days_build_materials, 1, 1)                                                                  \
    X(returned_housing, 1, 1)                                                                      \
    X(returned_own, 1, 1)                                                                          \
    X(unfunded, 1, 1)                                                                              \
    X(materials_in, 1, 1)                                                                          \
    X(water_gap, 1, 1)                                                                             \
    X(food_gap, 1, 1)                                                                              \
    X(medical_tonnes, 1, 1)                                                                        \
    X(shelter_tonnes, 1, 1)

struct shared_state {
    /* per area, interleaved with the other lanes of a block: area a's value at [a * lanes]
     * (world_area()) */
    double *security, *access, *displaced, *water_capacity, *beds;
    double *water_cov, *food_cov, *bed_cov;
    /* money: pools[(pool * D + donor) * lanes], and what each donor's money paid for,
     * spent_by_donor[donor * lanes], both interleaved */
    double *pools, *spent_by_donor;
    /* reconstruction, interleaved: damage_left[(sector * A + area) * lanes], and per sector
     * over all areas, sector_left[sector * lanes] */
    double *damage_left, *sector_left;
    /* The water capacity and beds parameters that water_capacity and beds last followed: an
     * effect changes them by the difference, keeping what reconstruction restored. */
    double *water_param, *beds_param;
    /* The numbers that kernels read, each this world's at [0] (interleaved, a block's other
     * lanes' after it): what each purpose spent, spent_by_purpose[purpose * lanes]; all money
     * in so far (for the conservation check); the trucks paid today; the materials usable
     * today; the incidents so far; and what held aid and building back, in days: trucks fewer
     * than the crossings allowed for want of money, building stopped by insecurity, or cut
     * short by money or materials; the returns by cause (section 9.3). */
    double *spent_by_purpose, *income, *trucks, *materials, *incidents;
    double *days_trucks_money, *days_build_security, *days_build_money, *days_build_materials;
    double *returned_housing, *returned_own;
    /* ... and the money needed and not met, the materials arriving today (usable tomorrow),
     * the water and food gaps, and the medical and shelter loads that entered, so far */
    double *unfunded, *materials_in, *water_gap, *food_gap, *medical_tonnes, *shelter_tonnes;
    /* Units started, [((day * K + sector) * A + area) * lanes], and whether any were,
     * [(day * K + sector) * lanes] (-1 or 0: a mask, as the kernels' in lanes.h), interleaved:
     * the arrays copied in part (only the days whose cohorts may still finish), so they are not
     * in SHARED_ARRAYS. A sector's units of a day on which none started are not written: most
     * days start nothing, and the flag saves writing and reading back zeros. */
    double *started;
    int64_t *started_any;
};

/* One option's world in one replication: the replication's inputs, the state the options
 * share, and what belongs to this option alone (its force, its money's schedule, its caches). */
struct world {
    const struct plan *plan;
    const struct draws *draws;
    const struct timeline *timeline;
    const struct inputs *in;
    struct shared_state sh;
    const struct da_option *opt;
    int option;
    /* The stride of the block this world belongs to (1: a world of its own) and its lane. The
     * arrays a block's kernels read across lanes (those of shared_state marked 1 in
     * SHARED_ARRAYS, the units started and their flags, coverage, force, to_start, pay_share
     * and pay_today here, and the force's sources and centers) hold value i (an area's, a
     * pool's balance, a donor's spending, a sector's units, a day's record) of this world
     * at [i * lanes], the other lanes' between, and room for the lanes that round the block up
     * to the kernels' groups (engine/lockstep.c, model/lanes.h); every other array is the
     * world's own. */
    int lanes, lane;
    double start;  /* S_o */
    int start_day; /* ceil(S_o), or INT32_MAX */
    /* areas (coverage and force interleaved: [a * lanes]) */
    double *alloc_weight, *coverage, *force;
    /* force */
    struct source_state *sources;
    struct center_state *centers;
    int *center_sources;       /* the option's sources with a center, grouped by center */
    double *pay_share;         /* u: the share of today's pay that was met (interleaved) */
    double attrition;          /* q: the daily attrition rate at full pay */
    double arrears_multiplier; /* attrition's multiplier when no pay is met, drawn */
    double *pay_today;  /* the pay due today, worked out with the day's demand (interleaved) */
    int arrears_day;    /* the first day pay fell short, or INT32_MAX (section 9.6) */
    double *self_spent; /* per self-paying country (plan.h): its pay so far (section 9.5) */
    /* money: each pool's first donor's balance in sh.pools (the others follow, 'lanes' apart);
     * each pool's balance, the sum of its donors' in donor order, worked out again only after
     * the pool changed (funding_balance() is asked many times a day). */
    double *pool_at[N_POOLS];
    double pool_sum[N_POOLS];
    bool pool_dirty[N_POOLS];
    double *pledge_daily; /* per plan pledge: its daily amount for this option, 0 if none */
    int *pledge_first;    /* per plan pledge: first day of money, INT32_MAX if never */
    int *pledge_days;     /* per plan pledge: days it flows (spread) */
    /* The pledges paying on days [flows_from, flows_until), in plan order, and their daily
     * amounts (funding.c) */
    int *flowing, n_flowing, flows_from, flows_until;
    double *flowing_amount;
    /* reconstruction */
    double *to_start;  /* per sector: units started today, [sector * lanes] (interleaved) */
    int may_build_day; /* the day may_build was worked out for (reconstruction.c) */
    bool may_build;
};

/* The index of area 'a' in an interleaved array of 'w' (struct world's 'lanes'). */
static inline size_t world_area(const struct world *w, int a)
{
    return (size_t)a * (size_t)w->lanes;
}

/* The index of the i-th value (a sector's, a purpose's) in an interleaved array of 'w'. */
static inline size_t world_at(const struct world *w, int i)
{
    return (size_t)i * (size_t)w->lanes;
}

/* What purpose 'p' has spent so far. */
static inline double *world_spent(const struct world *w, int p)
{
    return &w->sh.spent_by_purpose[world_at(w, p)];
}

/* The sum of the per-area values 'v', an interleaved array of 'w', in area order. */
static inline double world_area_sum(const struct world *w, const double *v)
{
    double sum = 0;
    for (int a = 0; a < w->plan->n_areas; a++)
        sum += v[world_area(w, a)];
    return sum;
}

/* What all purposes have spent so far, added in purpose order. */
static inline double world_spent_total(const struct world *w)
{
    double sum = 0;
    for (int p = 0; p < N_POOL_PURPOSES; p++)
        sum += *world_spent(w, p);
    return sum;
}

/* ---- world.c: the worker's memory and the start of a world ------------------------------ */

/* Allocates from 'arena' every array of 'w', of 'in' and of a second shared state 'spare'
 * (NULL: none) for 'plan'. False when memory runs out (the arena keeps what it gave). */
bool world_alloc(struct world *w, struct inputs *in, struct shared_state *spare,
                 const struct plan *plan, struct arena *arena);
/* Works out the replication's inputs from its draws and timeline (every model part's). */
void world_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws,
                  const struct timeline *tl);
/* Resets 'w' to the start of option 'o' of the replication whose inputs are 'in'. */
void world_reset(struct world *w, int o, const struct plan *plan, const struct draws *draws,
                 const struct timeline *tl, const struct inputs *in);
/* Copies the shared state of the first 'days' days from 'from' to 'to', whose interleaved arrays
 * have 'lanes' lanes. */
void world_copy_shared(struct shared_state *to, const struct shared_state *from,
                       const struct plan *plan, const struct inputs *in, int days, int lanes);
/* Makes the 'n' worlds 'worlds' (each from world_alloc(), with their spares 'spares') the lanes of
 * one block: their interleaved arrays from 'arena', 'stride' (n or more) lanes wide. False when
 * memory runs out. */
bool world_interleave(struct world *const *worlds, struct shared_state *const *spares, int n,
                      int stride, const struct plan *plan, struct arena *arena);

/* ---- regime.c (section 9.1) ------------------------------------------------------------- */

/* Lists the days on which the parameters in force may change. */
void regime_schedule(struct inputs *in, const struct plan *plan, const struct timeline *tl);
/* Sets the parameters in force on 'day' in 'in', and what follows from them. */
void regime_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws,
                   const struct timeline *tl, int day);
/* Makes the world follow the parameters in force: its allocation weights, and the water
 * capacity and beds by the change of their parameters. */
void regime_follow(struct world *w);
/* The first change day after 'day', or INT32_MAX. */
int regime_next(const struct inputs *in, int day);

/* ---- milestones.c (section 2) ---------------------------------------------------------- */

/* The days of every milestone and the crossings' capacity on every day. */
void milestones_timeline(const struct plan *plan, const struct draws *draws, struct timeline *tl);
/* S_o: the time option 'o' starts (INFINITY when it never does). */
static inline double milestones_option_start(const struct plan *plan, const struct timeline *tl,
                                             int o)
{
    (void)plan;
    return tl->start[o];
}
/* Whether all of the milestones 'refs' hold at time 't'. */
bool milestones_all_hold(const struct timeline *tl, const struct da_ref *refs, size_t n, double t);
/* The milestone that held option 'o' back on day 'day' before it started (section 9.6). */
int milestones_holding_back(const struct plan *plan, const struct timeline *tl, int o, int day);
/* Marks in 'critical' (per milestone, 0 or 1) the critical chain of option 'o'. */
void milestones_critical_chain(const struct plan *plan, const struct timeline *tl, int o,
                               unsigned char *critical);

/* ---- funding.c (section 7) ------------------------------------------------------------------ */

void funding_reset(struct world *w);
/* Money in on 'day'. */
void funding_income(struct world *w, int day);
/* Tops up the purpose pools from the flexible one, 'demand' being each purpose's need today. */
void funding_top_up(struct world *w, const double demand[N_POOL_PURPOSES]);
/* Marks every pool's balance to be added up again (after its donors' balances were written
 * whole). */
void funding_pools_changed(struct world *w);
/* Adds up a pool's balance again (funding_balance()'s slow path). */
double funding_sum_pool(const struct world *w, int purpose);
/* The balance of a purpose's pool. */
static inline double funding_balance(const struct world *w, int purpose)
{
    return w->pool_dirty[purpose] ? funding_sum_pool(w, purpose) : w->pool_sum[purpose];
}
/* funding_today()'s work on a day the pledges that pay may change. */
void funding_list_today(struct world *w, int day, double *today, size_t stride);
/* funding_income() in a block of lanes (engine/lockstep.c): on a day the pledges that pay may
 * change, lists them and writes each plan pledge's amount of the day at today[k * stride], 0
 * for none; the kernel of lanes.h pays them. On the other days the amounts written last
 * hold. */
static inline void funding_today(struct world *w, int day, double *today, size_t stride)
{
    if (day < w->flows_from || day >= w->flows_until)
        funding_list_today(w, day, today, stride);
}
/* funding_spend() of an amount above 0. */
void funding_spend_some(struct world *w, int purpose, double amount);
/* Spends 'amount' (at most the balance) of purpose 'purpose', charged to its donors. Asked for
 * several times a day, often for nothing: nothing costs no call. */
static inline void funding_spend(struct world *w, int purpose, double amount)
{
    if (amount > 0)
        funding_spend_some(w, purpose, amount);
}

/* ---- force.c (section 3) ----------------------------------------------------------------------
 */

void force_reset(struct world *w);
/* True on the days before the option starts, S_o: no source acts yet (pools and recruits are
 * vetted, contingents arrive, from S_o on), so nobody is paid, queued or deployed, and the
 * force's part of the day is skipped. */
static inline bool force_idle(const struct world *w, int day)
{
    return day < w->start_day;
}
/* The money security needs today at full capacity: pay, admissions and equipment. */
double force_demand(struct world *w, int day);
/* The option's allocation weights from the risks in force, and each source's personnel spread
 * over its areas by them. */
void force_allocate(struct world *w);
/* Security spending, in docs/model.md's order: pay, then training, then equipment. */
void force_spend(struct world *w, int day);
/* force_spend()'s first parts: contingents that pay their own way are paid in full by their
 * countries, the money entering and leaving the same day, charged to "self:COUNTRY" and to
 * security (section 9.5), which a block of lanes runs lane by lane before its kernel
 * (model/lanes.h); and the day's pay not met, 'unpaid', is owed (pay in arrears from the first
 * such day, section 9.6). */
void force_pay_self(struct world *w, int day);
void force_pay_short(struct world *w, int day, double unpaid);
/* force_pay_short()'s record of the first day in arrears, on a day the pay was not met: what a
 * block of lanes runs lane by lane after its kernel, which adds the unpaid pay to the
 * unfunded itself. */
static inline void force_in_arrears(struct world *w, int day)
{
    if (w->arrears_day == INT32_MAX)
        w->arrears_day = day; /* section 9.6: pay in arrears from this day */
}
/* Flows of people: attrition, deployment, vetting, recruitment; then the areas' strength. */
void force_flows(struct world *w, int day);
/* The personnel on their way on 'day', after its flows (section 9.6): waiting to enter
 * vetting or in it, queued for a center or in a course, waiting for equipment; contingents
 * that have joined and are in their lead time, and the part of one still ramping up. */
double force_on_the_way(const struct world *w, int day);
/* The personnel lost to attrition so far: everyone ever deployed from pools and recruitment,
 * less those deployed now (section 9.6). */
double force_lost(const struct world *w);
/* Why an option falls short of half the requirement on a day (section 9.6): the first that
 * applies. */
enum short_reason {
    SHORT_NOT_STARTED,
    SHORT_MONEY,
    SHORT_PIPELINE,
    SHORT_SUPPLY,
    SHORT_ATTRITION,
    N_SHORT_REASONS
};
/* The reason of a started option whose 'deployed' strength on 'day' is below 'half'. */
enum short_reason force_short_reason(const struct world *w, int day, double deployed, double half);
/* The personnel of source 's' deployed on 'day' (a contingent's strength that day). */
double force_source_strength(const struct source_state *s, int day);
/* A contingent's strength on 'day'. */
double force_contingent_strength(const struct source_state *s, int day);

/* ---- reconstruction.c (section 6) ------------------------------------------------------------ */

void reconstruction_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws,
                           const struct timeline *tl);
void reconstruction_reset(struct world *w);
/* The money reconstruction needs today at full capacity, and whether it may build today. */
double reconstruction_demand(const struct world *w, int day);
/* Decides today's starts from the money and materials at hand, and pays for them. */
void reconstruction_spend(struct world *w, int day);
/* Starts today's units and finishes those whose build ends today; then the returns on their
 * own. */
void reconstruction_build(struct world *w, int day);
/* Whether the displaced return on their own today (section 9.3): the scenario has returns at a
 * rate above 0, and every milestone they wait for holds. */
bool reconstruction_returning(const struct world *w, int day);

/* ---- humanitarian.c (section 5) -------------------------------------------------------------- */

void humanitarian_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws);
void humanitarian_reset(struct world *w);
/* The trucks the needs call for today (for unfunded costs). */
double humanitarian_trucks_needed(const struct world *w);
/* Pays for today's trucks. */
void humanitarian_spend(struct world *w, int day);
/* Delivers today's loads; coverage and gaps (a world of its own: lanes 1). */
void humanitarian_deliver(struct world *w, int day);

/* ---- security.c (section 4) ------------------------------------------------------------------ */

void security_inputs(struct inputs *in, const struct plan *plan, const struct draws *draws);
/* What follows from the populations and risks, and the density and spoilers in force: each
 * area's required strength, incident rate and security lost per incident. */
void security_derive(struct inputs *in, const struct plan *plan, double per_1000, double shock,
                     double rate);
void security_reset(struct world *w);
/* Access of every area from today's security. */
void security_access(struct world *w);
/* Incidents of the day from 'u' (one uniform per area, NULL: none) and tomorrow's security
 * (a world of its own: lanes 1). */
void security_step(struct world *w, int day, const double *u);

/* Whether any units of sector 'k' started on 'day' (else world_started()'s are not written). */
static inline int64_t *world_started_any(const struct world *w, int day, int k)
{
    size_t cohort = (size_t)day * (size_t)w->plan->n_sectors + (size_t)k;
    return &w->sh.started_any[cohort * (size_t)w->lanes];
}

/* The units of sector 'k' started on 'day', per area (area a's at [world_area(w, a)]). */
static inline double *world_started(const struct world *w, int day, int k)
{
    size_t cohort = (size_t)day * (size_t)w->plan->n_sectors + (size_t)k;
    return &w->sh.started[cohort * (size_t)w->plan->n_areas * (size_t)w->lanes];
}

/* The parameter 'pid' as drawn: for the inputs, before any world exists. */
static inline double drawn(const struct draws *draws, da_pid pid)
{
    return draws->x[pid];
}

/* The sum of the 'n' values 'v', in order. */
static inline double world_sum(const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}

/* Population-weighted mean of the per-area values 'v', an interleaved array of 'w'. */
double world_pop_mean(const struct world *w, const double *v);

/* min and max without the library calls that fmin and fmax are (the model has no NaN). */
static inline double dmin(double a, double b)
{
    return a < b ? a : b;
}

static inline double dmax(double a, double b)
{
    return a > b ? a : b;
}

/* The parameter 'pid' as drawn in this replication. */
static inline double wx(const struct world *w, da_pid pid)
{
    return w->draws->x[pid];
}

/* A duration: rounded to whole days, at least 1 (docs/model.md section 0). */
int world_duration(double days);
/* The day something that starts at real time 't' takes effect: ceil(t), INT32_MAX when never. */
int world_day_of(double t);

#endif /* DA_MODEL_WORLD_H */
