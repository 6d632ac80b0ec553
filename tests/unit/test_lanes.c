/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lanes.c - replications in lockstep (src/model/lanes.h, src/engine/lockstep.c): each
 * kernel by hand (the money's too), its draws one at a time's, SSE2 against AVX2 bit for bit; the
 * block a run takes by default; and whole runs the same JSON bytes for blocks of 1 (each
 * replication alone, the reference path), 3, 8 and 16 lanes and the default on 1 and 2 threads,
 * on the built-in scenarios and the test data.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/lockstep.h"
#include "helpers.h"
#include "lanes_tests.h"

/* ---- the kernels ------------------------------------------------------------------------ */

/* The incidents kernel's room, for up to 7 areas of LANES_MAX lanes. */
static double draws_room[5 * 7 * LANES_MAX + 3 * LANES_GROUP];
static int draws_which[7 * LANES_MAX + LANES_GROUP];

/* The two runs' copies of 'x', x[0] and x[1], are the same bits. */
#define SAME_BITS(x) assert_memory_equal((x)[0], (x)[1], sizeof((x)[0]))

/* Uniforms from n streams at once are each stream's own, in order, and leave each state where
 * drawing them one by one does. */
static void test_lanes_uniforms_are_each_streams(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    static const int sizes[] = {1, 3, 8, 16};
    enum { COUNT = 37 };
    for (int k = 0; k < n_sets; k++) {
        for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
            int n = sizes[z];
            gsl_rng *rng = rng_alloc();
            assert_non_null(rng);
            struct rng_state states[LANES_MAX], ref[LANES_MAX];
            for (int l = 0; l < n; l++) {
                rng_seed(rng, 99, (uint64_t)l, RNG_STREAM_INCIDENTS);
                states[l] = ref[l] = *rng_state_of(rng);
            }
            double out[COUNT * LANES_MAX];
            struct uniform_lanes u = {states, out, COUNT, LANES_MAX, n};
            sets[k]->uniforms(&u);
            for (int l = 0; l < n; l++) {
                for (int i = 0; i < COUNT; i++) {
                    double want = rng_state_uniform(&ref[l]);
                    if (memcmp(&out[i * LANES_MAX + l], &want, sizeof want) != 0)
                        fail_msg("%s, %d lanes: uniform %d of lane %d", sets[k]->isa, n, i, l);
                }
                assert_memory_equal(&states[l], &ref[l], sizeof ref[l]);
            }
            gsl_rng_free(rng);
        }
    }
}

/* access = floor + (1 - floor) x security: 0.2 + 0.8 x 0.5 = 0.6 and 0.5 + 0.5 x 1 = 1, in
 * two areas of two lanes, a group of four wide; nothing past the two areas' stride is written. */
static void test_lanes_access_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    for (int k = 0; k < n_sets; k++) {
        double security[9] = {0.5, 1, 0, 0, 0, 0.25, 0, 0, 7}, access[9];
        for (int i = 0; i < 9; i++)
            access[i] = -1;
        double floor[4] = {0.2, 0.5, 0, 0};
        struct access_lanes a = {access, security, floor, 2, 4, 4};
        sets[k]->access(&a);
        assert_true(access[0] == 0.2 + 0.8 * 0.5);
        assert_true(access[1] == 1);
        assert_true(access[4] == 0.2);
        assert_true(access[5] == 0.5 + 0.5 * 0.25);
        assert_true(access[8] == -1); /* past the block */
    }
}

/* Security moves 1/tau of the way to its target, less the incidents' shock, within [0, 1].
 * Lane 0: started, coverage 0.9 above the baseline 0.3: 0.5 + (0.9 - 0.5) / 4 = 0.6. Lane 1:
 * not started, so the baseline 0.3 is the target whatever the coverage: 0.5 - 0.2 / 4 = 0.45.
 * Lane 2: coverage 2 is capped at 1: 0.9 + 0.1 / 2 = 0.95. Lane 3: waits, so draws nothing
 * though its uniform would give incidents. With uniforms: a draw of (nearly) 1 at mean 0.5
 * is the inversion's count, and its shock is taken off. */
static void test_lanes_security_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    for (int k = 0; k < n_sets; k++) {
        double security[4] = {0.5, 0.5, 0.9, 0.5};
        const double coverage[4] = {0.9, 0.9, 2, 0.9}, baseline[4] = {0.3, 0.3, 0.3, 0.3};
        const double rate[4] = {1, 1, 1, 1}, shock[4] = {0.01, 0.01, 0.01, 0.01};
        const double inv_tau[4] = {0.25, 0.25, 0.5, 0.25};
        const int64_t started[4] = {-1, 0, -1, -1}, on[4] = {-1, -1, -1, 0};
        double incidents[4] = {2, 0, 0, 7}; /* so far: today's are added */
        struct security_lanes s = {security,   coverage,    baseline, rate, shock,
                                   NULL,       inv_tau,     started,  on,   incidents,
                                   draws_room, draws_which, 1,        4,    4};
        sets[k]->security(&s);
        assert_true(security[0] == 0.5 + (0.9 - 0.5) * 0.25);
        assert_true(security[1] == 0.5 + (0.3 - 0.5) * 0.25);
        assert_true(security[2] == 0.9 + (1 - 0.9) * 0.5);
        assert_true(incidents[0] == 2 && incidents[1] == 0 && incidents[2] == 0);
        assert_true(incidents[3] == 7);
        /* Incidents: mean rate x (1 - s) = 0.5 in lane 0, uniform 0.999999. */
        double again[4] = {0.5, 0.5, 0.9, 0.5};
        const double u[4] = {0.999999, 0.1, 0.999999, 0.999999};
        s.security = again;
        s.u = u;
        sets[k]->security(&s);
        double count = rng_poisson_inversion(0.5, 0.999999);
        assert_true(count >= 5); /* P(N >= 5) at mean 0.5 is below 2e-4 */
        assert_true(incidents[0] == 2 + count);
        double want = 0.5 + ((0.9 - 0.5) * 0.25 - 0.01 * count);
        assert_true(again[0] == (want < 0 ? 0 : want));
        assert_true(incidents[1] == 0); /* F(0) = exp(-0.5) > 0.1 */
        assert_true(incidents[3] == 7); /* waits */
        assert_true(again[3] == 0.5 + (0.9 - 0.5) * 0.25);
    }
}

/* Food coverage min(1, food x access); water min(1, access x (water + capacity / need));
 * beds min(1, beds / need); no need, full coverage; the gaps are pop x (1 - coverage) summed
 * over the areas. Two areas, lane 0 of a group of four (the others all zero: their coverages
 * are full, the need being none, and their gaps nothing). */
static void test_lanes_deliver_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    for (int k = 0; k < n_sets; k++) {
        double food_cov[8] = {0}, water_cov[8] = {0}, bed_cov[8] = {0};
        const double access[8] = {0.5, 0, 0, 0, 1}, capacity[8] = {100}, beds[8] = {10, 0, 0, 0, 5};
        const double inv_food[8] = {0.01}, inv_water[8] = {0.002, 0, 0, 0, 0.001};
        const double inv_bed[8] = {0.05, 0, 0, 0, 0.1}, pop[8] = {1000, 0, 0, 0, 2000};
        const double food[4] = {0.8}, water[4] = {0.1};
        double food_gap[4] = {-1, -1, -1, -1}, water_gap[4] = {-1, -1, -1, -1};
        struct deliver_lanes d = {food_cov, water_cov, bed_cov, access, capacity, beds,
                                  inv_food, inv_water, inv_bed, pop,    food,     water,
                                  food_gap, water_gap, 2,       4,      4};
        sets[k]->deliver(&d);
        assert_true(food_cov[0] == 0.8 * 0.5);
        assert_true(food_cov[4] == 1); /* no food need */
        assert_true(water_cov[0] == 0.5 * (0.1 + 100 * 0.002));
        assert_true(water_cov[4] == 1 * (0.1 + 0 * 0.001));
        assert_true(bed_cov[0] == 10 * 0.05 && bed_cov[4] == 5 * 0.1);
        assert_true(food_gap[0] == 1000 * (1 - 0.8 * 0.5) + 2000 * (1 - 1.0));
        assert_true(water_gap[0] == 1000 * (1 - water_cov[0]) + 2000 * (1 - water_cov[4]));
        for (int l = 1; l < 4; l++) {
            assert_true(food_cov[l] == 1 && water_cov[l] == 1 && bed_cov[l] == 1);
            assert_true(food_gap[l] == 0 && water_gap[l] == 0);
        }
    }
}

/* Pledges pay into their donor's balance of their pool and to the income, in the pledges'
 * order; then each pool's balance is its donors' summed. Two donors, four pools, two pledges:
 * pledge 0 pays donor 1's security pool (pool 0), pledge 1 donor 0's flexible pool (pool 3).
 * Lane 0 is paid by both, lane 1 by pledge 1 alone, lanes 2 and 3 by neither. */
static void test_lanes_income_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    enum { S = 4, D = 2, P = 4 };
    for (int k = 0; k < n_sets; k++) {
        double pools[P * D * S] = {0}, sums[P * S], income[S] = {100, 3, 0, 0};
        for (int i = 0; i < P * S; i++)
            sums[i] = -1;
        pools[(0 * D + 0) * S + 0] = 1;   /* lane 0: donor 0 has 1 in the security pool */
        pools[(2 * D + 1) * S + 2] = 0.5; /* lane 2: donor 1 has 0.5 in pool 2 */
        const double today[2 * S] = {10, 0, 0, 0, 5, 7, 0, 0};
        const int pool_of[2] = {0, 3}, donor_of[2] = {1, 0};
        struct income_lanes in = {pools, sums, today, income, pool_of, donor_of, 2, P, D, S, S};
        sets[k]->income(&in);
        assert_true(pools[(0 * D + 1) * S + 0] == 10 && pools[(0 * D + 0) * S + 0] == 1);
        assert_true(pools[(3 * D + 0) * S + 0] == 5 && pools[(3 * D + 0) * S + 1] == 7);
        assert_true(pools[(0 * D + 1) * S + 1] == 0 && pools[(2 * D + 1) * S + 2] == 0.5);
        assert_true(income[0] == 115 && income[1] == 10 && income[2] == 0 && income[3] == 0);
        assert_true(sums[0 * S + 0] == 11 && sums[3 * S + 0] == 5 && sums[3 * S + 1] == 7);
        assert_true(sums[2 * S + 2] == 0.5);
        assert_true(sums[1 * S + 0] == 0 && sums[0 * S + 1] == 0 && sums[0 * S + 3] == 0);
    }
}

/* The flexible pool (pool 3) tops up the purposes in the order security (0), humanitarian (1),
 * reconstruction (2), two donors. Lane 0: security holds 5 of a demand of 25; the flexible pool
 * holds 30 + 10, so half of it moves (20, each donor's half keeping its donor): flexible (15,
 * 5), security (20, 5). Humanitarian asks 100 and has nothing: the 20 left all move, the
 * flexible pool exactly empty. Reconstruction asks 10 of an empty flexible pool: nothing. Lane
 * 1: every purpose holds its demand, nothing moves. Lane 2: the flexible pool is empty. */
static void test_lanes_top_up_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    enum { S = 4, D = 2, P = 4 };
    for (int k = 0; k < n_sets; k++) {
        double pools[P * D * S] = {0}, sums[P * S] = {0}, demand[3 * S] = {0};
        pools[(3 * D + 0) * S + 0] = 30;
        pools[(3 * D + 1) * S + 0] = 10;
        pools[(0 * D + 0) * S + 0] = 5;
        sums[3 * S + 0] = 40;
        sums[0 * S + 0] = 5;
        demand[0 * S + 0] = 25;
        demand[1 * S + 0] = 100;
        demand[2 * S + 0] = 10;
        pools[(0 * D + 0) * S + 1] = pools[(0 * D + 1) * S + 1] = 50; /* lane 1 */
        pools[(3 * D + 0) * S + 1] = 8;
        sums[0 * S + 1] = 100;
        sums[3 * S + 1] = 8;
        demand[0 * S + 1] = 60;
        demand[1 * S + 2] = 10; /* lane 2 */
        const int order[3] = {0, 1, 2};
        struct top_up_lanes t = {pools, sums, demand, order, 3, 3, D, S, S};
        sets[k]->top_up(&t);
        /* lane 0 */
        assert_true(pools[(0 * D + 0) * S] == 20 && pools[(0 * D + 1) * S] == 5);
        assert_true(sums[0 * S] == 25);
        assert_true(pools[(1 * D + 0) * S] == 15 && pools[(1 * D + 1) * S] == 5);
        assert_true(sums[1 * S] == 20);
        assert_true(pools[(3 * D + 0) * S] == 0 && pools[(3 * D + 1) * S] == 0);
        assert_true(sums[3 * S] == 0);
        assert_true(pools[(2 * D + 0) * S] == 0 && sums[2 * S] == 0);
        /* lane 1: as it was */
        assert_true(pools[(0 * D + 0) * S + 1] == 50 && sums[0 * S + 1] == 100);
        assert_true(pools[(3 * D + 0) * S + 1] == 8 && sums[3 * S + 1] == 8);
        assert_true(pools[(1 * D + 0) * S + 1] == 0 && sums[1 * S + 1] == 0);
        /* lane 2: nothing to move */
        assert_true(sums[1 * S + 2] == 0 && pools[(1 * D + 0) * S + 2] == 0);
    }
}

/* The trucks the crossings let in, or as many as the humanitarian pool (pool 1) pays for at
 * cost, paid from it, each donor charged its part. Lane 0: 10 let in at 2 each, 6 + 2 in the
 * pool: 4 trucks, the pool emptied (the amount is the whole balance), the donors charged 6 and
 * 2, a day short of trucks. Lane 1: 5 let in at 1, 10 + 10 in the pool: 5 trucks, a quarter of
 * each donor's balance. Lane 2: trucks cost nothing: all 10 let in, nothing spent. Lane 3: an
 * empty pool pays for no truck: a day short, nothing spent. */
static void test_lanes_trucks_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    enum { S = 4, D = 2, P = 4 };
    for (int k = 0; k < n_sets; k++) {
        double pools[P * D * S] = {0}, sums[P * S] = {0}, charged[D * S] = {1, 0, 0, 0, 0, 0, 0, 0};
        pools[(1 * D + 0) * S + 0] = 6;
        pools[(1 * D + 1) * S + 0] = 2;
        pools[(1 * D + 0) * S + 1] = pools[(1 * D + 1) * S + 1] = 10;
        pools[(0 * D + 0) * S + 3] = 50; /* another pool's money pays for no truck */
        sums[1 * S + 0] = 8;
        sums[1 * S + 1] = 20;
        sums[0 * S + 3] = 50;
        const double capacity[S] = {10, 5, 10, 4}, cost[S] = {2, 1, 0, 1};
        double trucks[S] = {-1, -1, -1, -1}, spent[S] = {100, 0, 7, 0},
               short_days[S] = {3, 0, 0, 1};
        struct trucks_lanes t = {pools, sums,       charged, capacity, cost, trucks,
                                 spent, short_days, 1,       D,        S,    S};
        sets[k]->trucks(&t);
        assert_true(trucks[0] == 4 && trucks[1] == 5 && trucks[2] == 10 && trucks[3] == 0);
        assert_true(pools[(1 * D + 0) * S + 0] == 0 && pools[(1 * D + 1) * S + 0] == 0);
        assert_true(sums[1 * S + 0] == 0);
        assert_true(charged[0 * S + 0] == 1 + 6 && charged[1 * S + 0] == 2);
        assert_true(pools[(1 * D + 0) * S + 1] == 7.5 && pools[(1 * D + 1) * S + 1] == 7.5);
        assert_true(sums[1 * S + 1] == 15);
        assert_true(charged[0 * S + 1] == 2.5 && charged[1 * S + 1] == 2.5);
        assert_true(spent[0] == 108 && spent[1] == 5 && spent[2] == 7 && spent[3] == 0);
        assert_true(short_days[0] == 4 && short_days[1] == 0 && short_days[2] == 0);
        assert_true(short_days[3] == 2);
        assert_true(charged[0 * S + 2] == 0 && charged[0 * S + 3] == 0);
        assert_true(pools[(0 * D + 0) * S + 3] == 50 && sums[0 * S + 3] == 50);
    }
}

/* Reconstruction's demand, two areas and two sectors. Lane 0 builds: its mean security,
 * (100 x 0.25 + 300 x 0.75) / 400 = 0.625, is its minimum (a tie: it may); it asks min(3, 5)
 * units of sector 0 at 2 and min(10, 4) of sector 1 at 0.5, 8 in all. Lane 1 builds but is not
 * secure enough (0.125 < 0.625): 0. Lane 2 does not build today: 0, though secure. Lane 3
 * builds with no one in its areas (mean 0, minimum 0: it may) and nothing left: 0. */
static void test_lanes_rebuild_demand_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    enum { S = 4 };
    for (int k = 0; k < n_sets; k++) {
        const double security[2 * S] = {0.25, 0.125, 1, 0.5, 0.75, 0.125, 1, 0.5};
        const double pop[2 * S] = {100, 100, 100, 0, 300, 300, 300, 0};
        const double left[2 * S] = {5, 5, 5, 0, 4, 4, 4, 0};
        const double max_units[2 * S] = {3, 3, 3, 3, 10, 10, 10, 10};
        const double unit_cost[2 * S] = {2, 2, 2, 2, 0.5, 0.5, 0.5, 0.5};
        const double min_security[S] = {0.625, 0.625, 0.625, 0};
        const int64_t building[S] = {-1, -1, 0, -1};
        int64_t may[S] = {7, 7, 7, 7};
        double demand[S] = {-1, -1, -1, -1};
        struct rebuild_demand_lanes d = {security, pop, left,   max_units, unit_cost, min_security,
                                         building, may, demand, 2,         2,         S,
                                         S};
        sets[k]->rebuild_demand(&d);
        assert_true(may[0] == -1 && may[1] == 0 && may[2] == 0 && may[3] == -1);
        assert_true(demand[0] == 8 && demand[1] == 0 && demand[2] == 0 && demand[3] == 0);
    }
}

/* Reconstruction's spending from pool 2, two donors, two sectors, each lane asking 3 units of
 * sector 0 at 2 and 4 of sector 1 at 0.5 (8), a tonne each (7). Lane 0: 6 + 2 in the pool, 14
 * tonnes: all of it starts, the pool emptied, 7 tonnes left. Lane 1: 2 + 2, 7 tonnes: half
 * the money, so half of each sector starts (1.5 and 2), 4 spent (the whole pool), a day held
 * back by money. Lane 2: 10 + 10, 3.5 tonnes: half the materials, 4 spent (a fifth of each
 * donor's), the materials used up, a day held back by materials. Lane 3 may not build, with
 * damage left: nothing starts, a day held back by insecurity. Lane 4 does not build today
 * (though its mask says it may): as it was. Lane 5: money and materials both allow half (1 + 3,
 * 3.5 tonnes): a tie, held back by money. */
static void test_lanes_rebuild_spend_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    enum { S = 8, D = 2, P = 4, K = 2 };
    for (int k = 0; k < n_sets; k++) {
        double pools[P * D * S] = {0}, sums[P * S] = {0}, charged[D * S] = {0};
        const double donor0[S] = {6, 2, 10, 5, 5, 1, 0, 0}, donor1[S] = {2, 2, 10, 5, 5, 3, 0, 0};
        for (int l = 0; l < S; l++) {
            pools[(2 * D + 0) * S + l] = donor0[l];
            pools[(2 * D + 1) * S + l] = donor1[l];
            sums[2 * S + l] = donor0[l] + donor1[l];
        }
        double left[K * S], max_units[K * S], unit_cost[K * S], tonnes[K * S], to_start[K * S];
        for (int l = 0; l < S; l++) {
            left[l] = 5;
            left[S + l] = l == 3 ? 1 : 4;
            max_units[l] = 3;
            max_units[S + l] = 10;
            unit_cost[l] = 2;
            unit_cost[S + l] = 0.5;
            tonnes[l] = tonnes[S + l] = 1;
            to_start[l] = to_start[S + l] = 9;
        }
        left[3] = 0;
        const int64_t building[S] = {-1, -1, -1, -1, 0, -1, 0, 0};
        const int64_t may[S] = {-1, -1, -1, 0, -1, -1, 0, 0};
        double materials[S] = {14, 7, 3.5, 20, 20, 3.5, 0, 0}, spent[S] = {1, 0, 0, 0, 0, 0, 0, 0};
        double held_security[S] = {0}, held_money[S] = {0}, held_materials[S] = {0};
        struct rebuild_spend_lanes r = {
            pools,    sums, charged,   left,  max_units,     unit_cost,  tonnes,         to_start,
            building, may,  materials, spent, held_security, held_money, held_materials, 2,
            D,        K,    S,         S};
        sets[k]->rebuild_spend(&r);
        const double start0[S] = {3, 1.5, 1.5, 0, 9, 1.5, 9, 9};
        const double start1[S] = {4, 2, 2, 0, 9, 2, 9, 9};
        const double pool0[S] = {0, 0, 8, 5, 5, 0, 0, 0}, pool1[S] = {0, 0, 8, 5, 5, 0, 0, 0};
        const double paid0[S] = {6, 2, 2, 0, 0, 1, 0, 0}, paid1[S] = {2, 2, 2, 0, 0, 3, 0, 0};
        const double spent_after[S] = {9, 4, 4, 0, 0, 4, 0, 0};
        const double materials_after[S] = {7, 3.5, 0, 20, 20, 0, 0, 0};
        for (int l = 0; l < S; l++) {
            assert_true(to_start[l] == start0[l] && to_start[S + l] == start1[l]);
            assert_true(pools[(2 * D + 0) * S + l] == pool0[l]);
            assert_true(pools[(2 * D + 1) * S + l] == pool1[l]);
            assert_true(sums[2 * S + l] == pool0[l] + pool1[l]);
            assert_true(charged[l] == paid0[l] && charged[S + l] == paid1[l]);
            assert_true(spent[l] == spent_after[l] && materials[l] == materials_after[l]);
            assert_true(held_security[l] == (l == 3) && held_money[l] == (l == 1 || l == 5));
            assert_true(held_materials[l] == (l == 2));
        }
    }
}

/* Building on day 5, two areas, two sectors, restoring per unit 2 persons, 1 m3 a day and 0.5
 * beds (sector 0) and 2 beds (sector 1). Lanes 0, 4, 6 and 7 (in a group whose lanes share
 * their build days: 3 and 2) finish 10 units of sector 0 in area 0 started on day 2 (20 persons
 * return, of 100; 10 m3; 5 beds) and 4 of sector 1 in area 1 started on day 3 (8 beds); then
 * start 6 units of sector 0, 20 and 10 left in its areas (30): 4 and 2, leaving 16, 8 and 24;
 * sector 1 asks nothing. Then their displaced return on their own at half a day where secure
 * enough: area 1 (0.7 >= 0.6) but not area 0 (0.5): 25 of 50. Lane 5, the same but for its flag
 * that no units of sector 0 started on day 2, finishes only sector 1's. Lane 1 builds from day 3
 * on: its cohort of day 2 (sector 0) is before it and is not read, that of day 3 (sector 1, 4
 * units in area 1) finishes (8 beds); it asks 3 units of a sector with nothing left: none start.
 * Lane 2 does not build yet: it writes nothing. Lane 3 (build days 1, unlike its group's
 * others) finishes 2 units in area 1 from day 4: 4 persons of 3 (all of them return), 2 m3, 1
 * bed; and returns half of area 0's 10 (its minimum security 0). Today's units and flags are
 * written where a lane builds, the units only where any start. */
static void test_lanes_rebuild_build_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    enum { S = 8, A = 2, K = 2, H = 10 };
#define AT_STARTED(day, k, a, l)                                                                   \
    ((((size_t)(day)*K + (size_t)(k)) * A + (size_t)(a)) * S + (size_t)(l))
    for (int set = 0; set < n_sets; set++) {
        double displaced[A * S], water[A * S] = {0}, beds[A * S] = {0}, security[A * S];
        double damage[K * A * S], left[K * S], to_start[K * S] = {0}, build_days[K * S];
        double persons[K * S], m3_day[K * S], beds_per_unit[K * S], rebuild_day[S];
        double rate[S], min_security[S], returned_housing[S] = {0}, returned_own[S] = {0};
        static double started[H * K * A * S];
        static int64_t started_any[H * K * S];
        int64_t building[S], returning[S];
        for (size_t i = 0; i < sizeof started / sizeof *started; i++)
            started[i] = 99; /* what no lane may read */
        for (size_t i = 0; i < sizeof started_any / sizeof *started_any; i++)
            started_any[i] = -1;
        started_any[(2 * K + 0) * S + 5] = 0; /* lane 5 started nothing of sector 0 on day 2 */
        for (int l = 0; l < S; l++) {
            bool like_0 = l == 0 || l >= 4;
            displaced[l] = like_0 ? 100 : 10;
            displaced[S + l] = like_0 ? 50 : 3;
            security[l] = 0.5;
            security[S + l] = 0.7;
            build_days[l] = l == 3 ? 1 : 3;
            build_days[S + l] = l == 3 ? 1 : 2;
            persons[l] = 2, persons[S + l] = 0;
            m3_day[l] = 1, m3_day[S + l] = 0;
            beds_per_unit[l] = 0.5, beds_per_unit[S + l] = 2;
            rebuild_day[l] = l == 1 ? 3 : l == 2 ? 9 : 0;
            building[l] = l == 2 ? 0 : -1;
            returning[l] = like_0 || l == 3 ? -1 : 0;
            rate[l] = 0.5;
            min_security[l] = l == 3 ? 0 : 0.6;
            damage[(0 * A + 0) * S + l] = 20, damage[(0 * A + 1) * S + l] = 10;
            damage[(1 * A + 0) * S + l] = 0, damage[(1 * A + 1) * S + l] = 0;
            left[l] = like_0 ? 30 : 5;
            left[S + l] = 0;
            to_start[l] = like_0 ? 6 : 0;
            to_start[S + l] = l == 1 ? 3 : 0;
            started[AT_STARTED(2, 0, 0, l)] = 10, started[AT_STARTED(2, 0, 1, l)] = 0;
            started[AT_STARTED(3, 1, 0, l)] = 0, started[AT_STARTED(3, 1, 1, l)] = 4;
            started[AT_STARTED(4, 0, 0, l)] = 0, started[AT_STARTED(4, 0, 1, l)] = 2;
            started[AT_STARTED(4, 1, 0, l)] = 0, started[AT_STARTED(4, 1, 1, l)] = 0;
        }
        struct rebuild_build_lanes b = {.displaced = displaced,
                                        .water_capacity = water,
                                        .beds = beds,
                                        .security = security,
                                        .damage = damage,
                                        .left = left,
                                        .to_start = to_start,
                                        .started = started,
                                        .started_any = started_any,
                                        .build_days = build_days,
                                        .rebuild_day = rebuild_day,
                                        .persons = persons,
                                        .m3_day = m3_day,
                                        .beds_per_unit = beds_per_unit,
                                        .building = building,
                                        .returning = returning,
                                        .rate = rate,
                                        .min_security = min_security,
                                        .returned_housing = returned_housing,
                                        .returned_own = returned_own,
                                        .day = 5,
                                        .areas = A,
                                        .sectors = K,
                                        .stride = S,
                                        .width = S};
        sets[set]->rebuild_build(&b);
        for (int l = 0; l < S; l++) {
            if (l == 5) {
                assert_true(displaced[l] == 100 && displaced[S + l] == 25);
                assert_true(returned_housing[l] == 0 && returned_own[l] == 25);
                assert_true(water[l] == 0 && water[S + l] == 0);
                assert_true(beds[l] == 0 && beds[S + l] == 8);
                assert_true(damage[l] == 16 && damage[S + l] == 8 && left[l] == 24);
            } else if (l == 0 || l >= 4) {
                assert_true(displaced[l] == 80 && displaced[S + l] == 25);
                assert_true(returned_housing[l] == 20 && returned_own[l] == 25);
                assert_true(water[l] == 10 && water[S + l] == 0);
                assert_true(beds[l] == 5 && beds[S + l] == 8);
                assert_true(damage[l] == 16 && damage[S + l] == 8 && left[l] == 24);
            } else if (l == 3) {
                assert_true(displaced[l] == 5 && displaced[S + l] == 0);
                assert_true(returned_housing[l] == 3 && returned_own[l] == 5);
                assert_true(water[l] == 0 && water[S + l] == 2);
                assert_true(beds[l] == 0 && beds[S + l] == 1);
            } else { /* lanes 1 and 2: no one returns, nothing starts */
                assert_true(displaced[l] == 10 && displaced[S + l] == 3);
                assert_true(returned_housing[l] == 0 && returned_own[l] == 0);
                assert_true(water[l] == 0 && water[S + l] == 0 && beds[l] == 0);
                assert_true(beds[S + l] == (l == 1 ? 8 : 0));
                assert_true(damage[l] == 20 && left[l] == 5 && left[S + l] == 0);
            }
            bool starts = l == 0 || l >= 4;
            if (starts) {
                assert_true(started[AT_STARTED(5, 0, 0, l)] == 4);
                assert_true(started[AT_STARTED(5, 0, 1, l)] == 2);
            } else {
                assert_true(started[AT_STARTED(5, 0, 0, l)] == 99 &&
                            started[AT_STARTED(5, 0, 1, l)] == 99);
            }
            assert_true(started[AT_STARTED(5, 1, 0, l)] == 99 &&
                        started[AT_STARTED(5, 1, 1, l)] == 99);
            /* the flags: set where units started, clear where the lane builds and none did */
            assert_true(started_any[(5 * K + 0) * S + l] == (starts || l == 2 ? -1 : 0));
            assert_true(started_any[(5 * K + 1) * S + l] == (l == 2 ? -1 : 0));
        }
    }
#undef AT_STARTED
}

/* The kernel's draws are rng_poisson_from_uniform()'s, lane by lane: means over (0, 45) take
 * the grid (below 16), the inversion's chain run for the lanes at once (16 to 30, and where the
 * grid's two rows disagree) and the normal approximation (30 and more). */
static void test_lanes_draws_are_one_at_a_times(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    gsl_rng_free(rng_alloc()); /* fills the grid, once per process */
    uint64_t x = 3;
    int regimes[3] = {0, 0, 0};
    enum { A = 3, N = A * LANES_MAX };
    for (int trial = 0; trial < 150; trial++) {
        double rate[N], u[N], zero[N] = {0}, ones[N], baseline[N] = {0}, tau[LANES_MAX];
        int64_t yes[LANES_MAX];
        for (int i = 0; i < N; i++) {
            rate[i] = next_unit(&x) * 45;
            u[i] = next_unit(&x);
            ones[i] = 1e-6;
            regimes[rate[i] < 16 ? 0 : rate[i] < 30 ? 1 : 2]++;
        }
        for (int l = 0; l < LANES_MAX; l++) {
            tau[l] = 0.1;
            yes[l] = -1;
        }
        for (int k = 0; k < n_sets; k++) {
            double security[N] = {0}, incidents[LANES_MAX] = {0};
            struct security_lanes s = {security,   zero,        baseline, rate,      ones,
                                       u,          tau,         yes,      yes,       incidents,
                                       draws_room, draws_which, A,        LANES_MAX, LANES_MAX};
            sets[k]->security(&s);
            /* Each lane's incidents are its three draws added in the areas' order: whole
             * numbers, so a count that differs shows. */
            for (int l = 0; l < LANES_MAX; l++) {
                double want = 0;
                for (int a = 0; a < A; a++)
                    want += rng_poisson_from_uniform(rate[a * LANES_MAX + l], u[a * LANES_MAX + l]);
                if (incidents[l] != want)
                    fail_msg("%s: lane %d: %g incidents, one at a time %g", sets[k]->isa, l,
                             incidents[l], want);
            }
        }
    }
    assert_true(regimes[0] > 100 && regimes[1] > 100 && regimes[2] > 100);
}

/* The kernel's draws where u sits on a grid row's or a window's own F(k), or one ulp either side,
 * at means near either end of a row's step: where the comparisons of the two rows around a mean
 * decide whether the grid knows the count (AVX2 compares four columns at a time and counts the
 * mask's bits, one at a time compares two), the count is still rng_poisson_from_uniform()'s. */
static void test_lanes_draws_at_the_rows_edges(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    gsl_rng_free(rng_alloc());
    uint64_t x = 11;
    enum { L = LANES_MAX };
    int checked = 0, by_window = 0;
    for (int trial = 0; trial < 3000; trial++) {
        double rate[L], u[L], zero[L] = {0}, ones[L], tau[L];
        int64_t yes[L];
        for (int l = 0; l < L; l++) {
            /* a mean inside a row's step, near either end now and then; the u of one of the
             * two rows' F(k) around it */
            bool window = next_unit(&x) < 0.5;
            int rows = window ? RNG_WINDOW_ROWS - 1 : RNG_GRID_ROWS - 1;
            int i = (int)(next_unit(&x) * rows), row = i + (next_unit(&x) < 0.5);
            double frac = next_unit(&x) < 0.2 ? 1e-9 : next_unit(&x) < 0.2 ? 1 - 1e-9 : 0.5;
            rate[l] = (window ? RNG_GRID_MAX : 0) + (i + frac) / RNG_GRID_STEPS;
            const double *f = window ? &rng_poisson_window[row * RNG_WINDOW_ROW]
                                     : &rng_poisson_grid[row * RNG_GRID_WIDTH];
            double edge = f[(int)(next_unit(&x) * (window ? RNG_WINDOW_ROW : RNG_GRID_WIDTH))];
            double side = next_unit(&x);
            u[l] = side < 1.0 / 3 ? edge : nextafter(edge, side < 2.0 / 3 ? 0 : 1);
            if (!(u[l] >= 0 && u[l] < 1))
                u[l] = 0.5;
            by_window += window;
            ones[l] = 1e-6;
            tau[l] = 0.1;
            yes[l] = -1;
        }
        for (int k = 0; k < n_sets; k++) {
            double security[L] = {0}, incidents[L] = {0};
            struct security_lanes s = {security,   zero,        zero, rate, ones,
                                       u,          tau,         yes,  yes,  incidents,
                                       draws_room, draws_which, 1,    L,    L};
            sets[k]->security(&s);
            for (int l = 0; l < L; l++) {
                double want = rng_poisson_from_uniform(rate[l], u[l]);
                if (incidents[l] != want)
                    fail_msg("%s: mean %.17g, u %a: %g, one at a time %g", sets[k]->isa, rate[l],
                             u[l], incidents[l], want);
                checked++;
            }
        }
    }
    assert_true(checked >= 3000 * L && by_window > 1000 * L && by_window < 2000 * L);
}

/* The first 'W' lanes of each of 'rows' rows of LANES_MAX lanes, as rows of W. */
static void first_lanes(const void *from, size_t size, int rows, int W, void *to)
{
    for (int r = 0; r < rows; r++)
        memcpy((char *)to + (size_t)r * (size_t)W * size,
               (const char *)from + (size_t)r * LANES_MAX * size, (size_t)W * size);
}

/* On random states of 16 lanes over 7 areas, SSE2 and AVX2 give the same bits, and so do AVX2's
 * kernels for a block of 4 (the default, whose width is known when they are compiled) on the
 * first 4 lanes laid out 4 wide (on a processor without AVX2, there is nothing to compare:
 * skipped). */
static void test_lanes_sse2_and_avx2_same_bits(void **state)
{
    (void)state;
    const struct lanes_kernels *sse2 = lanes_kernels_for("sse2"), *avx2 = lanes_kernels_for("avx2");
    if (!avx2)
        skip();
    enum { A = 7, L = LANES_MAX, N = A * L, W = 4 };
    uint64_t x = 1;
    double in[12][N], lane[4][L];
    for (int trial = 0; trial < 50; trial++) {
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < N; j++)
                in[i][j] = next_unit(&x) * (i == 3 ? 40 : 1.2) - (i == 0 ? 0.1 : 0);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < L; j++)
                lane[i][j] = next_unit(&x);
        int64_t started[L], on[L];
        for (int j = 0; j < L; j++) {
            started[j] = next_unit(&x) < 0.5 ? -1 : 0;
            on[j] = next_unit(&x) < 0.8 ? -1 : 0;
        }
        double sec[2][N], inc[2][L] = {{0}}, covs[2][3][N] = {{{0}}}, gaps[2][2][L] = {{{0}}};
        double access[2][N] = {{0}};
        const struct lanes_kernels *sets[2] = {sse2, avx2};
        for (int k = 0; k < 2; k++) {
            memcpy(sec[k], in[0], sizeof sec[k]);
            struct security_lanes s = {sec[k],     in[1],       in[2],   in[3], in[4],
                                       in[5],      lane[0],     started, on,    inc[k],
                                       draws_room, draws_which, A,       L,     L};
            sets[k]->security(&s);
            struct access_lanes a = {access[k], in[6], lane[1], A, L, L};
            sets[k]->access(&a);
            struct deliver_lanes d = {covs[k][0], covs[k][1], covs[k][2], in[6], in[7],   in[8],
                                      in[9],      in[10],     in[11],     in[2], lane[2], lane[3],
                                      gaps[k][0], gaps[k][1], A,          L,     L};
            sets[k]->deliver(&d);
        }
        SAME_BITS(sec);
        SAME_BITS(inc);
        SAME_BITS(access);
        SAME_BITS(covs);
        SAME_BITS(gaps);
        /* The block of 4: the same inputs, the first 4 lanes of each area */
        double in4[12][A * W], lane4[4][W], sec4[A * W], inc4[W] = {0}, access4[A * W] = {0};
        double covs4[3][A * W] = {{0}}, gaps4[2][W] = {{0}}, want[A * W];
        int64_t started4[W], on4[W];
        for (int i = 0; i < 12; i++)
            first_lanes(in[i], sizeof **in, A, W, in4[i]);
        for (int i = 0; i < 4; i++)
            first_lanes(lane[i], sizeof **lane, 1, W, lane4[i]);
        first_lanes(started, sizeof *started, 1, W, started4);
        first_lanes(on, sizeof *on, 1, W, on4);
        memcpy(sec4, in4[0], sizeof sec4);
        struct security_lanes s = {sec4,       in4[1],      in4[2],   in4[3], in4[4],
                                   in4[5],     lane4[0],    started4, on4,    inc4,
                                   draws_room, draws_which, A,        W,      W};
        avx2->security(&s);
        struct access_lanes a = {access4, in4[6], lane4[1], A, W, W};
        avx2->access(&a);
        struct deliver_lanes d = {covs4[0], covs4[1], covs4[2], in4[6], in4[7],   in4[8],
                                  in4[9],   in4[10],  in4[11],  in4[2], lane4[2], lane4[3],
                                  gaps4[0], gaps4[1], A,        W,      W};
        avx2->deliver(&d);
        first_lanes(sec[1], sizeof **sec, A, W, want);
        assert_memory_equal(sec4, want, sizeof want);
        assert_memory_equal(inc4, inc[1], sizeof inc4);
        first_lanes(access[1], sizeof **access, A, W, want);
        assert_memory_equal(access4, want, sizeof want);
        for (int i = 0; i < 3; i++) {
            first_lanes(covs[1][i], sizeof ***covs, A, W, want);
            assert_memory_equal(covs4[i], want, sizeof want);
        }
        assert_memory_equal(gaps4[0], gaps[1][0], sizeof gaps4[0]);
        assert_memory_equal(gaps4[1], gaps[1][1], sizeof gaps4[1]);
    }
}

/* The building kernel on random state, lanes whose build days differ and groups whose lanes
 * share them: SSE2's bits are AVX2's; people are conserved (who leaves the displaced returned
 * to rebuilt housing or on their own), and no damage, sector or count goes below 0. */
static void test_lanes_building_sse2_and_avx2_same_bits(void **state)
{
    (void)state;
    const struct lanes_kernels *sse2 = lanes_kernels_for("sse2"), *avx2 = lanes_kernels_for("avx2");
    if (!avx2)
        skip();
    enum { L = LANES_MAX, A = 3, K = 3, H = 12, DAY = 11 };
    static double started0[H * K * A * L], started[2][H * K * A * L];
    static int64_t any0[H * K * L], started_any[2][H * K * L];
    uint64_t x = 11;
    for (int trial = 0; trial < 100; trial++) {
        double displaced0[A * L], security[A * L], damage0[K * A * L], left0[K * L];
        double to_start[K * L], build_days[K * L], persons[K * L], m3_day[K * L];
        double beds_per_unit[K * L], rebuild_day[L], rate[L], min_security[L];
        int64_t building[L], returning[L];
        for (size_t i = 0; i < sizeof started0 / sizeof *started0; i++)
            started0[i] = next_unit(&x) < 0.5 ? 0 : next_unit(&x) * 5;
        for (size_t i = 0; i < sizeof any0 / sizeof *any0; i++)
            any0[i] = next_unit(&x) < 0.8 ? -1 : 0;
        for (int i = 0; i < A * L; i++) {
            displaced0[i] = next_unit(&x) * 1000;
            security[i] = next_unit(&x);
        }
        bool shared = trial % 2 == 0; /* every lane the same build days, or each its own */
        for (int k = 0; k < K; k++) {
            double days = 1 + floor(next_unit(&x) * 6);
            for (int l = 0; l < L; l++) {
                int at = k * L + l;
                left0[at] = 0;
                for (int a = 0; a < A; a++) {
                    damage0[(k * A + a) * L + l] = next_unit(&x) < 0.2 ? 0 : next_unit(&x) * 50;
                    left0[at] += damage0[(k * A + a) * L + l];
                }
                /* at most what is left, as reconstruction's spending asks */
                to_start[at] = next_unit(&x) < 0.3 ? 0 : next_unit(&x) * left0[at];
                build_days[at] = shared ? days : 1 + floor(next_unit(&x) * 6);
                persons[at] = next_unit(&x) * 8;
                m3_day[at] = next_unit(&x) * 100;
                beds_per_unit[at] = next_unit(&x) * 3;
            }
        }
        for (int l = 0; l < L; l++) {
            rebuild_day[l] = floor(next_unit(&x) * 9);
            rate[l] = next_unit(&x) * 0.1;
            min_security[l] = next_unit(&x);
            building[l] = next_unit(&x) < 0.8 ? -1 : 0;
            returning[l] = next_unit(&x) < 0.5 ? -1 : 0;
        }
        double displaced[2][A * L], water[2][A * L] = {{0}}, beds[2][A * L] = {{0}};
        double damage[2][K * A * L], left[2][K * L], housing[2][L] = {{0}}, own[2][L] = {{0}};
        const struct lanes_kernels *sets[2] = {sse2, avx2};
        for (int k = 0; k < 2; k++) {
            memcpy(displaced[k], displaced0, sizeof displaced0);
            memcpy(damage[k], damage0, sizeof damage0);
            memcpy(left[k], left0, sizeof left0);
            memcpy(started[k], started0, sizeof started0);
            memcpy(started_any[k], any0, sizeof any0);
            struct rebuild_build_lanes b = {displaced[k],
                                            water[k],
                                            beds[k],
                                            security,
                                            damage[k],
                                            left[k],
                                            to_start,
                                            started[k],
                                            started_any[k],
                                            build_days,
                                            rebuild_day,
                                            persons,
                                            m3_day,
                                            beds_per_unit,
                                            building,
                                            returning,
                                            rate,
                                            min_security,
                                            housing[k],
                                            own[k],
                                            DAY,
                                            A,
                                            K,
                                            L,
                                            L};
            sets[k]->rebuild_build(&b);
        }
        SAME_BITS(displaced);
        SAME_BITS(water);
        SAME_BITS(beds);
        SAME_BITS(damage);
        SAME_BITS(left);
        SAME_BITS(housing);
        SAME_BITS(own);
        SAME_BITS(started);
        SAME_BITS(started_any);
        for (int l = 0; l < L; l++) {
            double before = 0, after = housing[0][l] + own[0][l];
            for (int a = 0; a < A; a++) {
                before += displaced0[a * L + l];
                after += displaced[0][a * L + l];
                assert_true(displaced[0][a * L + l] >= 0 && water[0][a * L + l] >= 0);
            }
            assert_true(fabs(after - before) <= 1e-9 * before);
            for (int i = 0; i < K * A; i++)
                assert_true(damage[0][i * L + l] >= -1e-12 * damage0[i * L + l]);
            for (int k = 0; k < K; k++)
                assert_true(left[0][k * L + l] >= -1e-12 * left0[k * L + l]);
        }
    }
}

/* The money kernels on random pools, pledges, demands, trucks and building: SSE2's bits are
 * AVX2's, and every balance stays at least 0 with money conserved (what the pools and the
 * spending gained is what the pledges paid; a top-up moves money between pools; what the donors
 * are charged is what the trucks and the building cost); building starts no more than it asked
 * for and uses no more materials than it had. */
static void test_lanes_money_sse2_and_avx2_same_bits(void **state)
{
    (void)state;
    const struct lanes_kernels *sse2 = lanes_kernels_for("sse2"), *avx2 = lanes_kernels_for("avx2");
    if (!avx2)
        skip();
    enum { L = LANES_MAX, D = 3, P = 4, K = 5 };
    uint64_t x = 7;
    for (int trial = 0; trial < 200; trial++) {
        double pools0[P * D * L], today[K * L], demand[3 * L], income0[L], capacity[L], cost[L];
        for (int i = 0; i < P * D * L; i++)
            pools0[i] = next_unit(&x) < 0.3 ? 0 : next_unit(&x) * 100;
        for (int i = 0; i < K * L; i++)
            today[i] = next_unit(&x) < 0.5 ? 0 : next_unit(&x) * 20;
        for (int i = 0; i < 3 * L; i++)
            demand[i] = next_unit(&x) * 150;
        for (int l = 0; l < L; l++) {
            income0[l] = next_unit(&x) * 1000;
            capacity[l] = next_unit(&x) * 30;
            cost[l] = next_unit(&x) < 0.2 ? 0 : next_unit(&x) * 10;
        }
        /* building: two areas, three sectors */
        enum { A = 2, N = 3 };
        double security[A * L], pop[A * L], left[N * L], max_units[N * L], unit_cost[N * L];
        double tonnes[N * L], min_security[L], materials0[L];
        int64_t building[L];
        for (int i = 0; i < A * L; i++) {
            security[i] = next_unit(&x);
            pop[i] = next_unit(&x) < 0.1 ? 0 : next_unit(&x) * 1e5;
        }
        for (int i = 0; i < N * L; i++) {
            left[i] = next_unit(&x) < 0.2 ? 0 : next_unit(&x) * 50;
            max_units[i] = next_unit(&x) * 10;
            unit_cost[i] = next_unit(&x) < 0.1 ? 0 : next_unit(&x) * 5;
            tonnes[i] = next_unit(&x) < 0.1 ? 0 : next_unit(&x) * 3;
        }
        for (int l = 0; l < L; l++) {
            min_security[l] = next_unit(&x) * 0.6;
            materials0[l] = next_unit(&x) * 60;
            building[l] = next_unit(&x) < 0.8 ? -1 : 0;
        }
        const int pool_of[K] = {0, 3, 1, 3, 2}, donor_of[K] = {2, 0, 1, 1, 0}, order[3] = {1, 0, 2};
        double pools[2][P * D * L], sums[2][P * L] = {{0}}, income[2][L];
        double charged[2][D * L] = {{0}}, trucks[2][L] = {{0}}, spent[2][L] = {{0}},
                              short_days[2][L] = {{0}};
        double rebuild_demand[2][L] = {{0}}, to_start[2][N * L] = {{0}}, materials[2][L];
        double rebuild_spent[2][L] = {{0}}, held[2][3][L] = {{{0}}}, rebuild_charged[2][D * L];
        int64_t may[2][L] = {{0}};
        const struct lanes_kernels *sets[2] = {sse2, avx2};
        for (int k = 0; k < 2; k++) {
            memcpy(pools[k], pools0, sizeof pools0);
            memcpy(income[k], income0, sizeof income0);
            struct income_lanes in = {pools[k], sums[k], today, income[k], pool_of, donor_of,
                                      K,        P,       D,     L,         L};
            sets[k]->income(&in);
            struct top_up_lanes t = {pools[k], sums[k], demand, order, 3, 3, D, L, L};
            sets[k]->top_up(&t);
            struct trucks_lanes tr = {pools[k], sums[k],   charged[k], capacity,
                                      cost,     trucks[k], spent[k],   short_days[k],
                                      1,        D,         L,          L};
            sets[k]->trucks(&tr);
            memcpy(rebuild_charged[k], charged[k], sizeof charged[k]);
            memcpy(materials[k], materials0, sizeof materials0);
            struct rebuild_demand_lanes rd = {
                security,          pop, left, max_units, unit_cost, min_security, building, may[k],
                rebuild_demand[k], A,   N,    L,         L};
            sets[k]->rebuild_demand(&rd);
            struct rebuild_spend_lanes rs = {pools[k],
                                             sums[k],
                                             rebuild_charged[k],
                                             left,
                                             max_units,
                                             unit_cost,
                                             tonnes,
                                             to_start[k],
                                             building,
                                             may[k],
                                             materials[k],
                                             rebuild_spent[k],
                                             held[k][0],
                                             held[k][1],
                                             held[k][2],
                                             2,
                                             D,
                                             N,
                                             L,
                                             L};
            sets[k]->rebuild_spend(&rs);
        }
        SAME_BITS(may);
        SAME_BITS(rebuild_demand);
        SAME_BITS(to_start);
        SAME_BITS(materials);
        SAME_BITS(rebuild_spent);
        SAME_BITS(held);
        SAME_BITS(rebuild_charged);
        for (int l = 0; l < L; l++) {
            double by_donor = 0, asked = 0;
            for (int d = 0; d < D; d++)
                by_donor += rebuild_charged[0][d * L + l] - charged[0][d * L + l];
            assert_true(fabs(by_donor - rebuild_spent[0][l]) <= 1e-9 * (rebuild_spent[0][l] + 1));
            for (int i = 0; i < N; i++) {
                double request = fmax(0, fmin(max_units[i * L + l], left[i * L + l]));
                assert_true(to_start[0][i * L + l] >= 0);
                assert_true(to_start[0][i * L + l] <= request);
                asked += request * unit_cost[i * L + l];
            }
            assert_true(materials[0][l] >= 0 && materials[0][l] <= materials0[l]);
            assert_true(rebuild_spent[0][l] <= asked * (1 + 1e-12));
            assert_true(rebuild_demand[0][l] == (may[0][l] ? asked : 0));
            assert_true(held[0][0][l] + held[0][1][l] + held[0][2][l] <= 1);
        }
        SAME_BITS(pools);
        SAME_BITS(sums);
        SAME_BITS(income);
        SAME_BITS(charged);
        SAME_BITS(trucks);
        SAME_BITS(spent);
        SAME_BITS(short_days);
        for (int l = 0; l < L; l++) {
            double before = 0, after = spent[0][l] + rebuild_spent[0][l], paid = 0, by_donor = 0;
            for (int d = 0; d < D; d++)
                by_donor += charged[0][d * L + l];
            /* what the donors were charged is what the trucks cost, at most what was asked */
            assert_true(fabs(by_donor - spent[0][l]) <= 1e-9 * (spent[0][l] + 1));
            assert_true(spent[0][l] <= trucks[0][l] * cost[l] * (1 + 1e-12));
            assert_true(trucks[0][l] <= capacity[l]);
            for (int i = 0; i < P * D; i++) {
                assert_true(pools[0][i * L + l] >= 0);
                before += pools0[i * L + l];
                after += pools[0][i * L + l];
            }
            for (int i = 0; i < K; i++)
                paid += today[i * L + l];
            assert_true(fabs(after - (before + paid)) <= 1e-9 * (before + paid + 1));
            assert_true(fabs(income[0][l] - (income0[l] + paid)) <= 1e-9 * income[0][l]);
        }
    }
}

/* ---- whole runs --------------------------------------------------------------------------- */

/* The run's JSON for blocks of 3, 8 and 16 lanes and the default block, on 1 and 2 threads, is
 * the bytes of each replication run alone on one thread. 'replications' not a multiple of the
 * chunks of 16 or of the blocks: blocks that the chunks cut short. */
static void same_bytes_any_lanes(const da_scenario *scn, const char *name, uint64_t replications)
{
    setenv("DAYAFTER_LANES", "1", 1);
    size_t len;
    char *reference = json_of_run(scn, replications, 1, 5, &len);
    static const struct {
        const char *lanes; /* "": the default */
        int threads;
    } runs[] = {{"3", 2}, {"8", 1}, {"8", 2}, {"16", 2}, {"", 2}};
    for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
        setenv("DAYAFTER_LANES", runs[k].lanes, 1);
        size_t n;
        char *json = json_of_run(scn, replications, runs[k].threads, 5, &n);
        if (n != len || memcmp(json, reference, len) != 0)
            fail_msg("%s: %s lanes on %d thread(s) differ from one at a time", name, runs[k].lanes,
                     runs[k].threads);
        free(json);
    }
    unsetenv("DAYAFTER_LANES");
    free(reference);
}

static void test_lanes_same_bytes_builtin(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    static const char *const names[] = {"gaza", "gaza-2026"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        const char *text;
        size_t len;
        assert_int_equal(da_example_text(names[k], &text, &len), DA_OK);
        da_scenario *scn = load_yaml_ok(text);
        same_bytes_any_lanes(scn, names[k], 45);
        da_scenario_free(scn);
    }
}

static void test_lanes_same_bytes_test_data(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    static const char *const files[] = {"example.yaml", "v2-example.yaml", "observed-example.yaml"};
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        da_scenario *scn = load_path(data_path(files[k]));
        assert_non_null(scn);
        same_bytes_any_lanes(scn, files[k], 100);
        da_scenario_free(scn);
    }
    /* Two options that never share a day (one starts on day 0) and contingents. */
    da_scenario *scn = load_yaml_ok(two_contingents_scenario());
    same_bytes_any_lanes(scn, "two contingents", 100);
    da_scenario_free(scn);
}

/* The block a run takes: DAYAFTER_LANES where it is a whole number from 1 to LANES_MAX, else
 * the default, 4 lanes where the kernels are AVX2's and 1 (each replication alone) where they
 * are SSE2's. */
static void test_lanes_default_block(void **state)
{
    (void)state;
    int fallback = strcmp(lanes_kernels()->isa, "avx2") == 0 ? 4 : 1;
    unsetenv("DAYAFTER_LANES");
    assert_int_equal(lockstep_lanes(), fallback);
    static const struct {
        const char *text;
        int lanes;
    } cases[] = {{"1", 1},   {"3", 3},   {"16", 16}, {"", -1},      {"0", -1},
                 {"17", -1}, {"-4", -1}, {"8x", -1}, {"lanes", -1}, {"99999999999999999999", -1}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        setenv("DAYAFTER_LANES", cases[k].text, 1);
        int want = cases[k].lanes > 0 ? cases[k].lanes : fallback;
        if (lockstep_lanes() != want)
            fail_msg("DAYAFTER_LANES=\"%s\": %d lanes, not %d", cases[k].text, lockstep_lanes(),
                     want);
    }
    unsetenv("DAYAFTER_LANES");
}

/* --deterministic: one replication, no incidents; a block of one lane of eight. */
static void test_lanes_same_bytes_deterministic(void **state)
{
    (void)state;
    da_scenario *scn = load_path(data_path("example.yaml"));
    assert_non_null(scn);
    char *json[2];
    size_t len[2];
    for (int k = 0; k < 2; k++) {
        setenv("DAYAFTER_LANES", k ? "8" : "1", 1);
        da_run_options opt;
        da_run_options_init(&opt);
        opt.deterministic = 1;
        da_results *res = NULL;
        assert_int_equal(da_run(scn, &opt, &res), DA_OK);
        FILE *f = open_memstream(&json[k], &len[k]);
        assert_int_equal(da_results_write_json(res, f, "dayafter run"), DA_OK);
        assert_int_equal(fclose(f), 0);
        da_results_free(res);
    }
    unsetenv("DAYAFTER_LANES");
    assert_int_equal(len[0], len[1]);
    assert_memory_equal(json[0], json[1], len[0]);
    free(json[0]);
    free(json[1]);
    da_scenario_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lanes_uniforms_are_each_streams),
        cmocka_unit_test(test_lanes_access_by_hand),
        cmocka_unit_test(test_lanes_security_by_hand),
        cmocka_unit_test(test_lanes_deliver_by_hand),
        cmocka_unit_test(test_lanes_income_by_hand),
        cmocka_unit_test(test_lanes_top_up_by_hand),
        cmocka_unit_test(test_lanes_trucks_by_hand),
        cmocka_unit_test(test_lanes_rebuild_demand_by_hand),
        cmocka_unit_test(test_lanes_rebuild_spend_by_hand),
        cmocka_unit_test(test_lanes_rebuild_build_by_hand),
        cmocka_unit_test(test_lanes_draws_are_one_at_a_times),
        cmocka_unit_test(test_lanes_draws_at_the_rows_edges),
        cmocka_unit_test(test_lanes_sse2_and_avx2_same_bits),
        cmocka_unit_test(test_lanes_building_sse2_and_avx2_same_bits),
        cmocka_unit_test(test_lanes_money_sse2_and_avx2_same_bits),
        cmocka_unit_test(test_lanes_default_block),
        cmocka_unit_test(test_lanes_same_bytes_builtin),
        cmocka_unit_test(test_lanes_same_bytes_test_data),
        cmocka_unit_test(test_lanes_same_bytes_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
