/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lanes_force.c - the force's kernels (src/model/lanes.h: force_demand, force_spend,
 * force_flows): a day of four lanes by hand, two that act, one whose option has not started and
 * one that waits; and SSE2 against AVX2 bit for bit on random days. Whole runs against the
 * reference path (a replication alone) are test_lanes.c's.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "helpers.h"
#include "lanes_tests.h"

/* Four lanes, two areas, three sources (0: a pool trained at the center, 1: recruits without
 * one, 2: a contingent), one center, one donor, days 0 to 11. */
enum { FL = 4, FA = 2, FS = 3, FD = 12 };

struct force_day {
    /* each source's numbers, records and parameters */
    double remaining[FS][FL], arrived[FS][FL], waiting_vet[FS][FL], queue[FS][FL];
    double waiting_equip[FS][FL], equipped[FS][FL], deployed[FS][FL], ever[FS][FL];
    double vet_in[FS][FD * FL], admitted[FS][FD * FL], weight[FS][FA * FL];
    double vet_days[FS][FL], start_day[FS][FL], pass[FS][FL], per_vet_day[FS][FL];
    double per_day[FS][FL], cap[FS][FL], size[FS][FL], pay[FS][FL], equipment[FS][FL];
    double arrival[FS][FL], ramp[FS][FL], tour[FS][FL];
    /* the center's */
    double in_training[FL], open_day[FL], course_days[FL], seats[FL], cost[FL], washout[FL];
    /* the lanes' */
    int64_t on[FL];
    double first_day[FL], attrition[FL], multiplier[FL], pay_share[FL], pay_today[FL];
    double force[FA * FL], coverage[FA * FL], required[FA * FL], demand[FL], unpaid[FL];
    double unfunded[FL];
    double pools[FL], sums[FL], charged[FL], spent[FL];
    /* the kernels' arguments, last: two copies compare the bytes before them */
    struct force_source_lanes sources[FS];
    struct force_center_lanes center;
    int center_sources[FS]; /* the center's sources, as force.c lists them */
    struct force_lanes k;
};

/* Points the kernels' arguments at the arrays of 'f', for 'day'. */
static void aim(struct force_day *f, int day)
{
    for (int i = 0; i < FS; i++)
        f->sources[i] = (struct force_source_lanes){.trained = f->sources[i].trained,
                                                    .pool = f->sources[i].pool,
                                                    .pools_pay = f->sources[i].pools_pay,
                                                    .center = f->sources[i].center,
                                                    .remaining = f->remaining[i],
                                                    .arrived = f->arrived[i],
                                                    .waiting_vet = f->waiting_vet[i],
                                                    .queue = f->queue[i],
                                                    .waiting_equip = f->waiting_equip[i],
                                                    .equipped = f->equipped[i],
                                                    .deployed = f->deployed[i],
                                                    .ever_deployed = f->ever[i],
                                                    .vet_in = f->vet_in[i],
                                                    .admitted = f->admitted[i],
                                                    .weight = f->weight[i],
                                                    .vet_days = f->vet_days[i],
                                                    .start_day = f->start_day[i],
                                                    .vetting_pass = f->pass[i],
                                                    .vetting_per_day = f->per_vet_day[i],
                                                    .per_day = f->per_day[i],
                                                    .cap = f->cap[i],
                                                    .size = f->size[i],
                                                    .pay_per_day = f->pay[i],
                                                    .equipment_cost = f->equipment[i],
                                                    .arrival = f->arrival[i],
                                                    .ramp_days = f->ramp[i],
                                                    .tour_days = f->tour[i]};
    int n = 0;
    for (int i = 0; i < FS; i++)
        if (f->sources[i].center == 0)
            f->center_sources[n++] = i;
    f->center = (struct force_center_lanes){.sources = f->center_sources,
                                            .n_sources = n,
                                            .in_training = f->in_training,
                                            .open_day = f->open_day,
                                            .course_days = f->course_days,
                                            .seats = f->seats,
                                            .cost = f->cost,
                                            .washout = f->washout};
    f->k = (struct force_lanes){.sources = f->sources,
                                .centers = &f->center,
                                .n_sources = FS,
                                .n_centers = 1,
                                .on = f->on,
                                .start_day = f->first_day,
                                .attrition = f->attrition,
                                .multiplier = f->multiplier,
                                .pay_share = f->pay_share,
                                .pay_today = f->pay_today,
                                .force = f->force,
                                .coverage = f->coverage,
                                .required = f->required,
                                .demand = f->demand,
                                .unpaid = f->unpaid,
                                .unfunded = f->unfunded,
                                .pools = f->pools,
                                .sums = f->sums,
                                .charged = f->charged,
                                .spent = f->spent,
                                .pool = 0,
                                .donors = 1,
                                .day = day,
                                .areas = FA,
                                .stride = FL,
                                .width = FL};
}

/* Every number 7 (what the lanes that do not act keep), then the hand case's values in lanes 0
 * and 1 on day 10; lane 2's option starts on day 20, lane 3 waits. */
static void hand_case(struct force_day *f)
{
    memset(f, 0, sizeof *f);
    double *all = (double *)(void *)f;
    for (size_t i = 0; i < offsetof(struct force_day, on) / sizeof(double); i++)
        all[i] = 7;
    for (size_t i = 0; i < FL; i++) {
        f->first_day[i] = f->pay_share[i] = f->pay_today[i] = f->demand[i] = f->unpaid[i] = 7;
        f->unfunded[i] = 7;
        f->attrition[i] = 0.1;
        f->multiplier[i] = 3;
        f->pools[i] = f->sums[i] = 7;
        f->charged[i] = f->spent[i] = 7;
    }
    for (size_t i = 0; i < FA * FL; i++)
        f->force[i] = f->coverage[i] = f->required[i] = 7;
    f->sources[0] = (struct force_source_lanes){.trained = true, .pool = true, .pools_pay = true};
    f->sources[1] = (struct force_source_lanes){.trained = true, .pools_pay = true, .center = -1};
    f->sources[2] = (struct force_source_lanes){.pools_pay = true, .center = -1};
    f->on[0] = f->on[1] = f->on[2] = -1;
    f->first_day[0] = f->first_day[1] = 0;
    f->first_day[2] = 20;
    /* lane 0 */
    f->deployed[0][0] = 100, f->pay[0][0] = 2, f->ever[0][0] = 120;
    f->deployed[1][0] = 10, f->pay[1][0] = 1;
    f->arrival[2][0] = 5, f->ramp[2][0] = 10, f->size[2][0] = 100, f->tour[2][0] = 1000;
    f->pay[2][0] = 1;
    f->open_day[0] = 0, f->seats[0] = 30, f->in_training[0] = 10, f->cost[0] = 2;
    f->queue[0][0] = 50;
    f->waiting_equip[0][0] = 5, f->equipment[0][0] = 4;
    f->waiting_equip[1][0] = 2, f->equipment[1][0] = 5;
    f->pools[0] = f->sums[0] = 310, f->charged[0] = 0, f->spent[0] = 1000;
    f->vet_days[0][0] = 3, f->vet_in[0][7 * FL + 0] = 8, f->pass[0][0] = 0.5;
    f->start_day[0][0] = 0, f->remaining[0][0] = 25, f->per_vet_day[0][0] = 10;
    f->vet_days[1][0] = 2, f->vet_in[1][8 * FL + 0] = 6, f->pass[1][0] = 0.5;
    f->start_day[1][0] = 12;
    f->course_days[0] = 4, f->admitted[0][6 * FL + 0] = 6, f->washout[0] = 0.5;
    f->admitted[0][10 * FL + 0] = 99;
    /* lane 1 */
    f->deployed[0][1] = 50, f->pay[0][1] = 4;
    f->deployed[1][1] = 0, f->pay[1][1] = 1;
    f->arrival[2][1] = 20;
    f->open_day[1] = 15;
    f->waiting_equip[0][1] = 1, f->equipment[0][1] = 4;
    f->waiting_equip[1][1] = 0;
    f->pools[1] = f->sums[1] = 100, f->charged[1] = 0, f->spent[1] = 0;
    f->ever[0][1] = 50;
    f->vet_days[0][1] = 1, f->vet_in[0][9 * FL + 1] = 0, f->start_day[0][1] = 0;
    f->remaining[0][1] = 0, f->per_vet_day[0][1] = 5;
    f->vet_days[1][1] = 1, f->vet_in[1][9 * FL + 1] = 0, f->start_day[1][1] = 0;
    f->per_day[1][1] = 3, f->cap[1][1] = 10, f->arrived[1][1] = 8, f->waiting_vet[1][1] = 1;
    f->per_vet_day[1][1] = 5;
    f->course_days[1] = 2, f->admitted[0][8 * FL + 1] = 0;
    f->ever[1][1] = 0;
    for (int l = 0; l < 2; l++) {
        f->weight[0][0 * FL + l] = 0.25, f->weight[0][1 * FL + l] = 0.75;
        f->weight[1][0 * FL + l] = 1, f->weight[1][1 * FL + l] = 0;
        f->weight[2][0 * FL + l] = 0.5, f->weight[2][1 * FL + l] = 0.5;
        f->required[0 * FL + l] = 100, f->required[1 * FL + l] = 200;
    }
}

/* Lanes 2 and 3 of 'f' are as hand_case() left them: every number 7. */
static void assert_untouched(const struct force_day *f)
{
    for (int l = 2; l < FL; l++) {
        for (int i = 0; i < FS; i++) {
            assert_true(f->remaining[i][l] == 7 && f->queue[i][l] == 7 && f->deployed[i][l] == 7);
            assert_true(f->waiting_equip[i][l] == 7 && f->equipped[i][l] == 7);
            assert_true(f->arrived[i][l] == 7 && f->waiting_vet[i][l] == 7 && f->ever[i][l] == 7);
            assert_true(f->vet_in[i][10 * FL + l] == 7 && f->admitted[i][10 * FL + l] == 7);
        }
        assert_true(f->in_training[l] == 7 && f->pay_share[l] == 7 && f->pay_today[l] == 7);
        assert_true(f->pools[l] == 7 && f->sums[l] == 7 && f->charged[l] == 7 && f->spent[l] == 7);
        assert_true(f->force[l] == 7 && f->coverage[FL + l] == 7);
        assert_true(f->demand[l] == 0 && f->unpaid[l] == 0 && f->unfunded[l] == 7);
    }
}

/*
 * Day 10 of lanes 0 and 1 (lane 2 has not started, lane 3 waits: they keep every number).
 * Demand: pay for yesterday's people, 100 x 2 + 10 x 1 + a contingent ramping up (arrived day 5
 * over 10 days: 5/10 of 100 on day 9) x 1 = 260 in lane 0, 50 x 4 = 200 in lane 1; the center's
 * free seats, min(50 queued, 30 - 10) = 20 x 2 (lane 1's opens on day 15: none); equipment,
 * 5 x 4 + 2 x 5 (lane 1: 1 x 4). Spending: lane 0 pays 260 of its 310, admits 20 for 40 and
 * equips 10 / 4 = 2.5 with the rest; lane 1 pays 100 of 200 due (half: arrears, the 100 unpaid
 * added to its unfunded) and nothing else.
 * Flows: attrition 0.1 in lane 0, 0.1 x (1 + 2 x 0.5) = 0.2 in lane 1 (half its pay met);
 * (100 + 2.5) x 0.9 deployed, 8 x 0.5 vetted into the queue, 10 of the 25 left enter vetting;
 * the recruits (not started) deploy 9 and 6 x 0.5 vetted wait for equipment; the contingent has
 * 6/10 of 100 on day 10; the cohort of day 6 graduates, 6 x 0.5 after washout. Lane 1: 50 x 0.8
 * deployed, 2 recruits arrive (the cap) and 3 enter vetting.
 */
static void test_lanes_force_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    static struct force_day f;
    for (int s = 0; s < n_sets; s++) {
        hand_case(&f);
        aim(&f, 10);
        sets[s]->force_demand(&f.k);
        assert_true(f.pay_today[0] == 260 && f.pay_today[1] == 200);
        assert_true(f.demand[0] == 260 + 40 + 20 + 10 && f.demand[1] == 200 + 4);
        sets[s]->force_spend(&f.k);
        assert_true(f.pay_share[0] == 1 && f.pay_share[1] == 0.5);
        assert_true(f.unpaid[0] == 0 && f.unpaid[1] == 100);
        assert_true(f.unfunded[0] == 7 && f.unfunded[1] == 107); /* the unpaid pay owed */
        assert_true(f.pools[0] == 0 && f.sums[0] == 0 && f.charged[0] == 310);
        assert_true(f.spent[0] == 1310 && f.pools[1] == 0 && f.spent[1] == 100);
        assert_true(f.queue[0][0] == 30 && f.admitted[0][10 * FL] == 20);
        assert_true(f.admitted[1][10 * FL] == 0 && f.admitted[2][10 * FL] == 0);
        assert_true(f.in_training[0] == 30 && f.in_training[1] == 7);
        assert_true(f.equipped[0][0] == 2.5 && f.waiting_equip[0][0] == 2.5);
        assert_true(f.equipped[1][0] == 0 && f.waiting_equip[1][0] == 2);
        assert_true(f.equipped[0][1] == 0 && f.waiting_equip[0][1] == 1 && f.equipped[2][1] == 0);
        sets[s]->force_flows(&f.k);
        assert_true(f.deployed[0][0] == 102.5 * (1 - 0.1) && f.ever[0][0] == 122.5);
        assert_true(f.equipped[0][0] == 0 && f.queue[0][0] == 34);
        assert_true(f.remaining[0][0] == 15 && f.vet_in[0][10 * FL] == 10);
        assert_true(f.deployed[1][0] == 10 * (1 - 0.1) && f.waiting_equip[1][0] == 5);
        assert_true(f.vet_in[1][10 * FL] == 0 && f.arrived[1][0] == 7);
        assert_true(f.in_training[0] == 24 && f.waiting_equip[0][0] == 5.5);
        double d0 = 102.5 * (1 - 0.1), d1 = 10 * (1 - 0.1);
        double north = 0 + d0 * 0.25 + d1 * 1 + 60 * 0.5, south = 0 + d0 * 0.75 + d1 * 0 + 30;
        assert_true(f.force[0] == north && f.force[FL] == south);
        assert_true(f.coverage[0] == north / 100 && f.coverage[FL] == south / 200);
        assert_true(f.deployed[0][1] == 50 * (1 - 0.2) && f.ever[0][1] == 50);
        assert_true(f.vet_in[0][10 * FL + 1] == 0 && f.remaining[0][1] == 0);
        assert_true(f.arrived[1][1] == 10 && f.waiting_vet[1][1] == 0);
        assert_true(f.vet_in[1][10 * FL + 1] == 3 && f.deployed[1][1] == 0);
        double d = 50 * (1 - 0.2);
        assert_true(f.force[1] == 0 + d * 0.25 && f.force[FL + 1] == 0 + d * 0.75);
        assert_true(f.coverage[1] == d * 0.25 / 100 && f.coverage[FL + 1] == d * 0.75 / 200);
        assert_true(f.in_training[1] == 7);
        assert_untouched(&f);
    }
}

/* A whole number of days in [from, from + n). */
static double days_in(uint64_t *x, int from, int n)
{
    return from + (int)(next_unit(x) * n);
}

/* A random day of three sources of random kinds and shares, numbers that are often 0. */
static void random_case(struct force_day *f, uint64_t *x)
{
    memset(f, 0, sizeof *f);
    double *all = (double *)(void *)f;
    for (size_t i = 0; i < offsetof(struct force_day, on) / sizeof(double); i++)
        all[i] = next_unit(x) < 0.3 ? 0 : next_unit(x) * 100;
    for (int i = 0; i < FS; i++) {
        double kind = next_unit(x);
        f->sources[i].trained = kind < 0.7;
        f->sources[i].pool = kind < 0.4;
        f->sources[i].pools_pay = next_unit(x) < 0.8;
        f->sources[i].center = f->sources[i].trained && next_unit(x) < 0.6 ? 0 : -1;
        for (int l = 0; l < FL; l++) {
            f->vet_days[i][l] = days_in(x, 1, 5);
            f->start_day[i][l] = days_in(x, 0, 14);
            f->pass[i][l] = next_unit(x);
            f->arrival[i][l] = next_unit(x) < 0.2 ? INT32_MAX : days_in(x, 0, 14);
            f->ramp[i][l] = days_in(x, 1, 6);
            f->tour[i][l] = next_unit(x) < 0.3 ? INT32_MAX : days_in(x, 1, 12);
        }
    }
    for (int l = 0; l < FL; l++) {
        f->open_day[l] = days_in(x, 0, 14);
        f->course_days[l] = days_in(x, 1, 5);
        f->washout[l] = next_unit(x);
        f->on[l] = next_unit(x) < 0.8 ? -1 : 0;
        f->first_day[l] = next_unit(x) < 0.1 ? INT32_MAX : days_in(x, 0, 12);
        f->attrition[l] = next_unit(x) < 0.2 ? 0 : next_unit(x) * 0.01;
        f->multiplier[l] = 1 + next_unit(x) * 4;
        f->pay_share[l] = next_unit(x);
        f->pay_today[l] = next_unit(x) * 50;
        f->pools[l] = f->sums[l] = next_unit(x) < 0.2 ? 0 : next_unit(x) * 300;
        f->charged[l] = f->spent[l] = next_unit(x) * 1000;
    }
    for (int i = 0; i < FA * FL; i++) {
        f->force[i] = f->coverage[i] = next_unit(x) * 10;
        f->required[i] = 50 + next_unit(x) * 100;
    }
}

/* On random days, the three kernels leave every number the same bits on SSE2 and AVX2. */
static void test_lanes_force_sse2_and_avx2_same_bits(void **state)
{
    (void)state;
    const struct lanes_kernels *sse2 = lanes_kernels_for("sse2"), *avx2 = lanes_kernels_for("avx2");
    if (!avx2)
        skip();
    static struct force_day f[2];
    uint64_t x = 11;
    for (int trial = 0; trial < 500; trial++) {
        uint64_t seed = x;
        int day = (int)days_in(&x, 0, FD);
        for (int s = 0; s < 2; s++) {
            x = seed;
            random_case(&f[s], &x);
            aim(&f[s], day);
            const struct lanes_kernels *k = s ? avx2 : sse2;
            k->force_demand(&f[s].k);
            k->force_spend(&f[s].k);
            k->force_flows(&f[s].k);
        }
        assert_memory_equal(&f[0], &f[1], offsetof(struct force_day, sources));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lanes_force_by_hand),
        cmocka_unit_test(test_lanes_force_sse2_and_avx2_same_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
