/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanes.h - the day's steps that run over the lanes of a block at once: replications run in
 * lockstep (engine/lockstep.c), the state these steps share interleaved, area a's value (or
 * donor d's balance of a pool) of lane l at [a * stride + l]. Each kernel does, in every
 * lane, the operations of one world's step in the same order, so a lane's numbers are the
 * same bits whatever the block's size; it does them on vectors of lanes (two with SSE2, four
 * with AVX2), selecting with masks where lanes differ.
 *
 * Each kernel is compiled twice, for SSE2 (every x86-64) and for AVX2, and the processor's
 * best is chosen once (lanes_kernels()); neither contracts a multiplication and an addition
 * into one rounding (no FMA: -ffp-contract=off), so both give the same bits. DAYAFTER_ISA=sse2
 * in the environment keeps SSE2 on a processor with AVX2 (the tests compare the two).
 */
#ifndef DA_MODEL_LANES_H
#define DA_MODEL_LANES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rng.h"

/* The most lanes a block has, and the lanes the kernels work on at once: they run over
 * 'width' lanes, a multiple of LANES_GROUP, which the interleaved arrays' stride leaves room
 * for; the lanes past a block's own are computed on and ignored. */
#define LANES_MAX   16
#define LANES_GROUP 4
static inline int lanes_width(int lanes)
{
    return (lanes + LANES_GROUP - 1) / LANES_GROUP * LANES_GROUP;
}

/* Access from security: access = floor + (1 - floor) x security. */
struct access_lanes {
    double *access;         /* [a * stride + l] */
    const double *security; /* [a * stride + l] */
    const double *floor;    /* [l] */
    int areas, stride, width;
};

/* Incidents and tomorrow's security (docs/model.md section 4). */
struct security_lanes {
    double *security;                                 /* [a * stride + l], updated */
    const double *coverage, *baseline, *rate, *shock; /* [a * stride + l] */
    const double *u;       /* [a * stride + l]: today's uniforms; NULL: no incidents */
    const double *inv_tau; /* [l] */
    /* [l], each all ones (-1) for true and 0 for false: the option has started (its target
     * follows coverage); the lane runs the day (a lane that waits draws nothing) */
    const int64_t *started, *on;
    double *incidents; /* [l]: the incidents so far, today's added (room for 'width') */
    /* Room for the kernel's work: lanes_security_scratch() doubles and areas x stride +
     * LANES_GROUP ints */
    double *scratch;
    int *which;
    int areas, stride, width;
};

/* The doubles of struct security_lanes' scratch for 'areas' areas of 'stride' lanes. */
static inline size_t lanes_security_scratch(int areas, int stride)
{
    return 5 * (size_t)areas * (size_t)stride + 3 * LANES_GROUP;
}

/* Today's coverages of food, water and beds, and the gaps they leave (section 5). */
struct deliver_lanes {
    double *food_cov, *water_cov, *bed_cov;             /* [a * stride + l], written */
    const double *access, *capacity, *beds;             /* [a * stride + l] */
    const double *inv_food, *inv_water, *inv_bed, *pop; /* [a * stride + l] */
    const double *food, *water;   /* [l]: a truck's food and water coverage, times the trucks */
    double *food_gap, *water_gap; /* [l]: today's, written */
    int areas, stride, width;
};

/* The day's trucks before the deliveries (section 5), in the lanes that run the day: where
 * money paid for fewer than the crossings let in, the cost of those the areas needed (each
 * area's food trucks, or its water need left after local water over a truck's water load,
 * whichever is more, summed; at most the crossings') that were not paid for is unfunded; and a
 * truck's coverage of food and of water times the trucks, for the deliveries (0 elsewhere). */
struct truck_loads_lanes {
    const double *food_trucks, *water_need, *capacity, *access; /* [a * stride + l] */
    const int64_t *on;                                          /* [l], a mask */
    const double *trucks, *crossings, *cost;      /* [l]: paid for today, let in, a truck's cost */
    const double *tonnes, *water_share;           /* [l]: a truck's tonnes, its share of water */
    const double *food_per_need, *water_per_need; /* [l]: a truck's coverage (humanitarian.c) */
    double *food, *water;                         /* [l], written */
    double *unfunded;                             /* [l], updated */
    int areas, stride, width;
};

/* The day's deliveries added up (section 5), in the lanes that run the day: the food and
 * water gaps of the day to theirs so far; the trucks' medical and shelter loads to those that
 * entered; and the materials arriving, usable tomorrow, the trucks' share and the day's
 * commercial deliveries. */
struct deliver_totals_lanes {
    const int64_t *on;                                 /* [l], a mask */
    const double *trucks, *tonnes;                     /* [l] */
    const double *medical_share, *shelter_share;       /* [l] */
    const double *materials_share, *materials_per_day; /* [l] */
    const double *food_gap_today, *water_gap_today;    /* [l] */
    double *food_gap, *water_gap, *medical, *shelter;  /* [l], updated */
    double *materials_in;                              /* [l], written */
    int width;
};

/* The day's money in (docs/model.md section 7): pledge k pays today[k * stride + l] (0 for
 * nothing) into donor donor_of[k]'s balance of pool pool_of[k], and to the day's income, in
 * the pledges' order; then every pool's balance is added up again, in donor order. */
struct income_lanes {
    double *pools;                 /* [(pool * donors + donor) * stride + l] */
    double *sums;                  /* [pool * stride + l]: the pools' balances, written */
    const double *today;           /* [k * stride + l] */
    double *income;                /* [l]: each lane's income so far, updated */
    const int *pool_of, *donor_of; /* [k] */
    int pledges, pools_n, donors, stride, width;
};

/* The purpose pools topped up from the flexible one (section 7), in the order order[i]: where
 * a purpose's demand is above its balance and the flexible pool holds money, the lack (or all
 * of the flexible pool, if less) moves, each donor's part keeping its donor. */
struct top_up_lanes {
    double *pools, *sums; /* as struct income_lanes' */
    const double *demand; /* [purpose * stride + l]: the day's demand */
    const int *order;     /* [purposes] */
    int purposes, flex, donors, stride, width;
};

/* The day's trucks paid for (section 5): as many as the crossings let in, or as the
 * humanitarian pool pays for at cost each, and their cost spent from the pool, charged to its
 * donors in proportion to their balances. */
struct trucks_lanes {
    double *pools, *sums;   /* as struct income_lanes' */
    double *charged;        /* [donor * stride + l]: each donor's spending so far, updated */
    const double *capacity; /* [l]: the trucks the crossings let in today */
    const double *cost;     /* [l]: a truck's cost */
    double *trucks;         /* [l]: the trucks paid for, written */
    double *spent;          /* [l]: the pool's spending so far, updated */
    double *short_days;     /* [l]: the days with fewer trucks than the crossings let in, updated */
    int pool, donors, stride, width;
};

/* Reconstruction's demand (docs/model.md section 6): in a lane that builds today (its day is
 * at least the first day of building), whether it may, the population-weighted mean security
 * being at least min_security; and if so the money of each sector's request,
 * max(0, min(max_units, left)) units at unit_cost each, added in sector order (0 where it may
 * not, or does not build). */
struct rebuild_demand_lanes {
    const double *security, *pop;               /* [a * stride + l] */
    const double *left, *max_units, *unit_cost; /* [sector * stride + l] */
    const double *min_security;                 /* [l] */
    const int64_t *building;                    /* [l], a mask as security_lanes' */
    int64_t *may_build;                         /* [l], a mask, written */
    double *demand;                             /* [l], written */
    int areas, sectors, stride, width;
};

/* Reconstruction's spending, in the lanes that build today: where it may not, nothing starts
 * (a day held back by insecurity while damage is left); where it may, each sector's request,
 * cut to the same fraction for all when the pool's money or the materials fall short (a day
 * held back by money on a tie, else by materials), paid from the pool as the trucks are, the
 * materials used. */
struct rebuild_spend_lanes {
    double *pools, *sums;                                /* as struct income_lanes' */
    double *charged;                                     /* as struct trucks_lanes' */
    const double *left, *max_units, *unit_cost, *tonnes; /* [sector * stride + l] */
    double *to_start;                                    /* [sector * stride + l], written */
    const int64_t *building, *may_build;                 /* [l], masks */
    double *materials, *spent;                           /* [l], updated */
    double *days_security, *days_money, *days_materials; /* [l], updated */
    int pool, donors, sectors, stride, width;
};

/* Building (section 6), in the lanes that build today: each sector's units started
 * build_days ago finish, each restoring persons (the displaced of its area return to rebuilt
 * housing), m3_day of water capacity and beds in its area, sector by sector and area by area;
 * then each sector's units of today start, spread over the areas in proportion to the damage
 * left. Then, in the lanes
 * whose returns on their own go on today (section 9.3), a share 'rate' of the displaced of
 * each area at least min_security secure go home. */
struct rebuild_build_lanes {
    double *displaced, *water_capacity, *beds; /* [a * stride + l], updated */
    const double *security;                    /* [a * stride + l] */
    double *damage;                            /* [(sector * areas + a) * stride + l] */
    double *left;                              /* [sector * stride + l] */
    const double *to_start;                    /* [sector * stride + l] */
    /* Units started, [((day * sectors + sector) * areas + a) * stride + l], and whether any
     * were, [(day * sectors + sector) * stride + l] (a mask; as world.h's, a day's units are
     * written only where any start) */
    double *started;
    int64_t *started_any;
    const double *build_days;                       /* [sector * stride + l], whole days */
    const double *rebuild_day;                      /* [l]: the first day of building */
    const double *persons, *m3_day, *beds_per_unit; /* [sector * stride + l] */
    const int64_t *building, *returning;            /* [l], masks as security_lanes' */
    const double *rate, *min_security;              /* [l]: the returns' */
    double *returned_housing, *returned_own;        /* [l], updated */
    int day, areas, sectors, stride, width;
};

/* The force's three steps of the day (docs/model.md section 3): what it asks of the security
 * pool (force_demand()), what it pays for (force_spend()) and its people's flows
 * (force_flows()). Its sources and centers are the option's, alike in every lane but for
 * their numbers, which are the lanes' worlds' (world.h), and their drawn parameters, [l], days
 * as whole numbers. A lane acts where it runs the day and its option has started: elsewhere
 * the steps change nothing. A contingent's pay and its self-paying sources' are the caller's. */
struct force_source_lanes {
    bool trained;   /* a pool or recruits, not a contingent */
    bool pool;      /* a pool (a trained source that is not one recruits) */
    bool pools_pay; /* paid from the pools, not by its country (section 9.5) */
    int center;     /* its training center, or -1 */
    double *remaining, *arrived, *waiting_vet, *queue, *waiting_equip, *equipped, *deployed,
        *ever_deployed;        /* [l] */
    double *vet_in, *admitted; /* [day * stride + l] */
    const double *weight;      /* [a * stride + l] */
    const double *vet_days, *start_day, *vetting_pass, *vetting_per_day, *per_day, *cap;
    const double *size, *pay_per_day, *equipment_cost, *arrival, *ramp_days, *tour_days;
};

struct force_center_lanes {
    const int *sources; /* its sources' indices, n_sources of them (world.h's center_state) */
    int n_sources;
    double *in_training;                                           /* [l] */
    const double *open_day, *course_days, *seats, *cost, *washout; /* [l] */
};

struct force_lanes {
    const struct force_source_lanes *sources;
    const struct force_center_lanes *centers;
    int n_sources, n_centers;
    const int64_t *on;                    /* [l], a mask as security_lanes' */
    const double *start_day;              /* [l]: the option's first day, ceil(S_o) */
    const double *attrition, *multiplier; /* [l]: q at full pay; its multiplier in arrears */
    double *pay_share, *pay_today;        /* [l], the lanes' worlds' */
    double *force, *coverage;             /* [a * stride + l], written by the flows */
    const double *required;               /* [a * stride + l] */
    double *demand;   /* [l]: the day's demand, written (0 where the lane does not act) */
    double *unpaid;   /* [l]: the pay due and not met today, written by the spending */
    double *unfunded; /* [l]: the costs not paid for so far, today's unpaid pay added */
    /* the security pool, as struct trucks_lanes' */
    double *pools, *sums, *charged, *spent;
    int pool, donors, day, areas, stride, width;
};

/* Uniforms from 'n' xoshiro256** streams at once: out[i * stride + l] is the i-th uniform of
 * stream l (rng_state_uniform()'s), for i < count; the states move on. 'stride' is at least n
 * rounded up to LANES_GROUP: the lanes past n are written, and meaningless. */
struct uniform_lanes {
    struct rng_state *states; /* [l] */
    double *out;
    size_t count;
    int stride, n;
};

/* The kernels a block's day runs one after another with nothing run lane by lane between them,
 * in one call each: before the force spends (force_demand, access, rebuild_demand, income,
 * top_up, trucks) and after it has paid what it is short of (rebuild_spend, force_flows,
 * rebuild_build, truck_loads, deliver, deliver_totals). Every kernel's width (and stride, where
 * it has one) is this 'width' and 'stride'. */
struct day_lanes {
    const struct force_lanes *force;
    const struct access_lanes *access;
    const struct rebuild_demand_lanes *rebuild_demand;
    const struct income_lanes *income;
    const struct top_up_lanes *top_up;
    const struct trucks_lanes *trucks;
    const struct rebuild_spend_lanes *rebuild_spend;
    const struct rebuild_build_lanes *build;
    const struct truck_loads_lanes *loads;
    const struct deliver_lanes *deliver;
    const struct deliver_totals_lanes *totals;
    int stride, width;
};

struct lanes_kernels {
    const char *isa; /* "sse2" or "avx2" */
    void (*access)(const struct access_lanes *k);
    void (*security)(const struct security_lanes *k);
    void (*deliver)(const struct deliver_lanes *k);
    void (*uniforms)(const struct uniform_lanes *k);
    void (*income)(const struct income_lanes *k);
    void (*top_up)(const struct top_up_lanes *k);
    void (*trucks)(const struct trucks_lanes *k);
    void (*rebuild_demand)(const struct rebuild_demand_lanes *k);
    void (*rebuild_spend)(const struct rebuild_spend_lanes *k);
    void (*rebuild_build)(const struct rebuild_build_lanes *k);
    void (*force_demand)(const struct force_lanes *k);
    void (*force_spend)(const struct force_lanes *k);
    void (*force_flows)(const struct force_lanes *k);
    void (*truck_loads)(const struct truck_loads_lanes *k);
    void (*deliver_totals)(const struct deliver_totals_lanes *k);
    void (*before_spend)(const struct day_lanes *k);
    void (*after_spend)(const struct day_lanes *k);
};

/* The kernels for this processor (and DAYAFTER_ISA), chosen once. */
const struct lanes_kernels *lanes_kernels(void);
/* The names of the kernels' instruction sets, as DAYAFTER_ISA takes them ("sse2, avx2"). */
#define LANES_ISA_NAMES "sse2 or avx2"

/* Whether 'isa' names a set of kernels (LANES_ISA_NAMES), whether or not this processor can run
 * it: DAYAFTER_ISA=avx2 on one without AVX2 runs SSE2's, as the default does there. */
bool lanes_isa_known(const char *isa);

/* The kernels for 'isa' ("sse2" or "avx2"), or NULL when this processor cannot run them. */
const struct lanes_kernels *lanes_kernels_for(const char *isa);

#endif /* DA_MODEL_LANES_H */
