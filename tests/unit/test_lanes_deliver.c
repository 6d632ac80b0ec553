/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_lanes_deliver.c - the kernels around the deliveries (src/model/lanes.h: truck_loads,
 * before the coverages, and deliver_totals, after them), by hand and SSE2 against AVX2 bit for
 * bit. The coverages' kernel is test_lanes.c's, whole runs against one replication at a time
 * too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "helpers.h"
#include "lanes_tests.h"

/* Four lanes, two areas. */
enum { S = 4, A = 2 };

struct loads {
    double food_trucks[A * S], water_need[A * S], capacity[A * S], access[A * S];
    int64_t on[S];
    double trucks[S], crossings[S], cost[S], tonnes[S], water_share[S], food_per_need[S];
    double water_per_need[S], food[S], water[S], unfunded[S];
    struct truck_loads_lanes k; /* last: two copies compare the bytes before it */
};

static void aim_loads(struct loads *t)
{
    t->k = (struct truck_loads_lanes){t->food_trucks,
                                      t->water_need,
                                      t->capacity,
                                      t->access,
                                      t->on,
                                      t->trucks,
                                      t->crossings,
                                      t->cost,
                                      t->tonnes,
                                      t->water_share,
                                      t->food_per_need,
                                      t->water_per_need,
                                      t->food,
                                      t->water,
                                      t->unfunded,
                                      A,
                                      S,
                                      S};
}

/*
 * Lane 0 paid for 10 of the 15 trucks the crossings let in: a truck carries 20 t, a quarter of
 * it water (5 t); its areas need 2 and 4 food trucks, and 100 and 50 m3 of water with 40 x 0.5
 * and 60 x 1 produced locally, so (100 - 20) / 5 = 16 and none (local water is more than the
 * need): max(2, 16) + max(4, 0) = 20 trucks wanted, of which the crossings let in 15; the 5
 * not paid for, at 3 each, add 15 to its 100 unfunded. Lane 1 paid for all the crossings let
 * in: nothing unfunded. Lane 2 paid for 5 of 8, but its trucks carry no water and its areas
 * need 1 food truck each: 2 wanted, fewer than it has. Lane 3 does not run the day: nothing
 * changes, and it delivers nothing. A truck's coverage times the trucks: 10 x 0.5 of food,
 * 10 x 0.25 of water in lane 0.
 */
static void test_lanes_truck_loads_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    for (int s = 0; s < n_sets; s++) {
        struct loads t = {.food_trucks = {2, 7, 1, 7, 4, 7, 1, 7},
                          .water_need = {100, 7, 9, 7, 50, 7, 9, 7},
                          .capacity = {40, 7, 0, 7, 60, 7, 0, 7},
                          .access = {0.5, 7, 1, 7, 1, 7, 1, 7},
                          .on = {-1, -1, -1, 0},
                          .trucks = {10, 20, 5, 7},
                          .crossings = {15, 20, 8, 7},
                          .cost = {3, 3, 3, 7},
                          .tonnes = {20, 20, 20, 7},
                          .water_share = {0.25, 0.25, 0, 7},
                          .food_per_need = {0.5, 0.5, 0.5, 7},
                          .water_per_need = {0.25, 0.25, 0.25, 7},
                          .food = {7, 7, 7, 7},
                          .water = {7, 7, 7, 7},
                          .unfunded = {100, 7, 7, 7}};
        aim_loads(&t);
        sets[s]->truck_loads(&t.k);
        assert_true(t.unfunded[0] == 115 && t.unfunded[1] == 7 && t.unfunded[2] == 7);
        assert_true(t.unfunded[3] == 7);
        assert_true(t.food[0] == 5 && t.water[0] == 2.5 && t.food[1] == 10 && t.water[1] == 5);
        assert_true(t.food[2] == 2.5 && t.water[2] == 1.25);
        assert_true(t.food[3] == 0 && t.water[3] == 0);
    }
}

struct totals {
    int64_t on[S];
    double trucks[S], tonnes[S], medical_share[S], shelter_share[S], materials_share[S];
    double materials_per_day[S], food_gap_today[S], water_gap_today[S], food_gap[S];
    double water_gap[S], medical[S], shelter[S], materials_in[S];
    struct deliver_totals_lanes k; /* last, as struct loads' */
};

static void aim_totals(struct totals *t)
{
    t->k = (struct deliver_totals_lanes){t->on,
                                         t->trucks,
                                         t->tonnes,
                                         t->medical_share,
                                         t->shelter_share,
                                         t->materials_share,
                                         t->materials_per_day,
                                         t->food_gap_today,
                                         t->water_gap_today,
                                         t->food_gap,
                                         t->water_gap,
                                         t->medical,
                                         t->shelter,
                                         t->materials_in,
                                         S};
}

/* Lane 0 runs the day: 10 trucks of 20 t, an eighth medical (25 t), a quarter shelter (50 t),
 * half materials (100 t, with 30 t of commercial deliveries arriving); its gaps of the day, 5
 * and 7, are added to 100 and 50. Lanes 1 to 3 do not run it: nothing changes. */
static void test_lanes_deliver_totals_by_hand(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    int n_sets = kernel_sets(sets);
    for (int s = 0; s < n_sets; s++) {
        struct totals t = {.on = {-1, 0, 0, 0},
                           .trucks = {10, 7, 7, 7},
                           .tonnes = {20, 7, 7, 7},
                           .medical_share = {0.125, 7, 7, 7},
                           .shelter_share = {0.25, 7, 7, 7},
                           .materials_share = {0.5, 7, 7, 7},
                           .materials_per_day = {30, 7, 7, 7},
                           .food_gap_today = {5, 7, 7, 7},
                           .water_gap_today = {7, 7, 7, 7},
                           .food_gap = {100, 7, 7, 7},
                           .water_gap = {50, 7, 7, 7},
                           .medical = {1, 7, 7, 7},
                           .shelter = {2, 7, 7, 7},
                           .materials_in = {3, 7, 7, 7}};
        aim_totals(&t);
        sets[s]->deliver_totals(&t.k);
        assert_true(t.food_gap[0] == 105 && t.water_gap[0] == 57);
        assert_true(t.medical[0] == 26 && t.shelter[0] == 52 && t.materials_in[0] == 130);
        for (int l = 1; l < S; l++) {
            assert_true(t.food_gap[l] == 7 && t.water_gap[l] == 7 && t.medical[l] == 7);
            assert_true(t.shelter[l] == 7 && t.materials_in[l] == 7);
        }
    }
}

/* Every double of the first 'n' bytes of 'p' random, a third of them 0; every lane's flag random
 * in 'on'. */
static void randomize(void *p, size_t n, int64_t *on, uint64_t *x)
{
    memset(p, 0, n);
    double *v = p;
    for (size_t i = 0; i < n / sizeof(double); i++)
        v[i] = next_unit(x) < 0.3 ? 0 : next_unit(x) * 100;
    for (int l = 0; l < S; l++)
        on[l] = next_unit(x) < 0.7 ? -1 : 0;
}

/* On random days, both kernels leave every number the same bits on SSE2 and AVX2. */
static void test_lanes_deliveries_sse2_and_avx2_same_bits(void **state)
{
    (void)state;
    const struct lanes_kernels *sets[2];
    if (kernel_sets(sets) < 2)
        skip();
    uint64_t x = 5;
    for (int trial = 0; trial < 500; trial++) {
        struct loads loads[2];
        struct totals totals[2];
        uint64_t seed = x;
        for (int s = 0; s < 2; s++) {
            x = seed;
            randomize(&loads[s], offsetof(struct loads, k), loads[s].on, &x);
            randomize(&totals[s], offsetof(struct totals, k), totals[s].on, &x);
            for (int l = 0; l < S; l++)
                loads[s].crossings[l] =
                    next_unit(&x) < 0.2 ? loads[s].trucks[l] : next_unit(&x) * 100;
            aim_loads(&loads[s]);
            aim_totals(&totals[s]);
            sets[s]->truck_loads(&loads[s].k);
            sets[s]->deliver_totals(&totals[s].k);
        }
        assert_memory_equal(&loads[0], &loads[1], offsetof(struct loads, k));
        assert_memory_equal(&totals[0], &totals[1], offsetof(struct totals, k));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lanes_truck_loads_by_hand),
        cmocka_unit_test(test_lanes_deliver_totals_by_hand),
        cmocka_unit_test(test_lanes_deliveries_sse2_and_avx2_same_bits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
