/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_model_parts.c - one hand-computed deterministic case per part of the model (docs/model.md
 * sections 2 to 7): milestones, start days and the critical chain; a pool through vetting and
 * training; attrition and arrears; a contingent's ramp, tour and pay; pledges, yearly pledges and
 * the donors' shares of a pool; trucks, crossings, food and water gaps; one reconstruction sector
 * limited by money or by materials; and security's approach to its target.
 *
 * Each case is a tiny scenario written as YAML (the minimal scenario of helpers.c with some of
 * its sections replaced), run in deterministic mode, and read back either from the run's
 * accumulators (engine/results.h) or from the world of one option, driven as replication.c
 * drives it. Every expected number is worked out by hand in the comment above its assertion,
 * with the day conventions of src/model/force.c and replication.c:
 *   - a day's order: yesterday's materials into the stock, money in, spending (trucks, then
 *     pay, admissions, equipment, then reconstruction), flows of people, reconstruction,
 *     deliveries, outputs, security (tomorrow's);
 *   - a vetting cohort entering on day t passes in the flows of day t + vetting_days and can be
 *     admitted on the next day; admission happens at spending; a course admitted on day t
 *     graduates in the flows of day t + course_days; graduates are equipped (spending) and
 *     deployed (flows) on the next day; pay starts the day after deployment;
 *   - metrics read on the last day H - 1 see that day's flows and deliveries and its security
 *     s(H - 1); the world after a run holds s(H), the last day's step included.
 */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/invariants.h"
#include "model/rng.h"
#include "model_runs.h"

/* ---- scenario text ------------------------------------------------------------------------ */

/* ---- running it ----------------------------------------------------------------------------- */

/* Money is summed in 2^-32 fixed point by the sketches: a cent is far above their error. */
#define CENT 0.005
/* Values read through a sketch's mean are truncated to 2^-32 (2.3e-10) each. */
#define SKETCH_TOL 1e-9

/* ---- section 2: milestones ------------------------------------------------------------------ */

static const char *const milestones_yaml =
    "milestones:\n"
    "  - id: a\n"
    "    delay_days: 10\n"
    "  - id: b\n"
    "    after: a\n"
    "    delay_days: 5\n"
    "  - id: c\n"
    "    delay_days: 30\n"
    "  - id: d\n"
    "    any_of: [b, c]\n"
    "    delay_days: 2\n"
    "  - id: e\n"
    "    after: c\n"
    "    any_of: b\n"
    "    delay_days: 1\n"
    "  - id: p\n"
    "    delay_days: 1\n"
    "    probability: 0.4\n"
    "  - id: q\n"
    "    after: p\n"
    "    delay_days: 1\n"
    "  - id: r\n"
    "    any_of: [p, a]\n"
    "    delay_days: 3\n"
    "  - id: x\n"
    "    delay_days: 10\n"
    "  - id: t\n"
    "    after: a\n"
    "    any_of: x\n"
    "    delay_days: 1.5\n"
    "  - id: h\n"
    "    delay_days: 2\n"
    "    probability: 0.5\n";

static const char *const milestones_options =
    "options:\n"
    "  - id: o1\n"
    "    name: b and d\n"
    "    starts_when: [b, d]\n"
    "    sources: []\n"
    "  - id: o2\n"
    "    name: t\n"
    "    starts_when: t\n"
    "    sources: []\n"
    "  - id: o3\n"
    "    name: x and a, a tie\n"
    "    starts_when: [x, a]\n"
    "    sources: []\n"
    "  - id: o4\n"
    "    name: never\n"
    "    starts_when: [a, q]\n"
    "    sources: []\n"
    "  - id: o5\n"
    "    name: e\n"
    "    starts_when: e\n"
    "    sources: []\n";

static double milestone_day(const struct detrun *d, const char *id)
{
    int m = index_of_milestone(d->scn, id);
    return d->res->acc.milestone_reached[m] ? sketch_mean(&d->res->acc.milestone_day[m])
                                            : (double)NAN;
}

/* The deterministic run of the milestones above. */
static void milestones_open(struct detrun *d)
{
    const char *yaml = with_section(minimal_scenario, "milestones", milestones_yaml);
    detrun_open(d, with_section(yaml, "options", milestones_options));
}

static void test_milestones_days_by_hand(void **state)
{
    (void)state;
    struct detrun d;
    milestones_open(&d);
    /* a: no prerequisite, T = 0 + 10 = 10; a chain adds: b = T_a + 5 = 15. */
    assert_near(milestone_day(&d, "a"), 10, 1e-9);
    assert_near(milestone_day(&d, "b"), 15, 1e-9);
    /* any_of takes the earliest: d = min(T_b, T_c) + 2 = min(15, 30) + 2 = 17. */
    assert_near(milestone_day(&d, "d"), 17, 1e-9);
    /* after and any_of together: e = max(T_c, T_b) + 1 = max(30, 15) + 1 = 31. */
    assert_near(milestone_day(&d, "e"), 31, 1e-9);
    /* p has probability 0.4 < 0.5: never in deterministic mode, so never reached, and q (after
     * p) is infinite too; h (0.5) happens: T = 2. */
    assert_int_equal(d.res->acc.milestone_reached[index_of_milestone(d.scn, "p")], 0);
    assert_int_equal(d.res->acc.milestone_reached[index_of_milestone(d.scn, "q")], 0);
    assert_near(milestone_day(&d, "h"), 2, 1e-9);
    /* any_of with one prerequisite that never happens: r = min(inf, T_a) + 3 = 13. */
    assert_near(milestone_day(&d, "r"), 13, 1e-9);
    /* t = max(T_a, T_x) + 1.5 = max(10, 10) + 1.5 = 11.5. */
    assert_near(milestone_day(&d, "t"), 11.5, 1e-9);
    detrun_close(&d);
}

static void test_milestones_start_days_by_hand(void **state)
{
    (void)state;
    struct detrun d;
    milestones_open(&d);
    /* Start days: max over starts_when. o1 = max(T_b, T_d) = max(15, 17) = 17; o2 = T_t =
     * 11.5; o3 = max(T_x, T_a) = 10; o5 = T_e = 31. o4 waits for q, which never happens: no
     * start, no start_day value. */
    assert_near(metric(&d, "o1", M_START_DAY), 17, 1e-9);
    assert_near(metric(&d, "o2", M_START_DAY), 11.5, 1e-9);
    assert_near(metric(&d, "o3", M_START_DAY), 10, 1e-9);
    assert_near(metric(&d, "o5", M_START_DAY), 31, 1e-9);
    assert_true(isnan(metric(&d, "o4", M_START_DAY)));
    assert_int_equal(d.res->acc.options[index_of_option(d.scn, "o4")].started, 0);
    assert_true(isnan(criticality(&d, "o4", "a")));
    detrun_close(&d);
}

/* The chain of milestones that held each option back (docs/model.md, criticality). */
static void test_milestones_criticality_by_hand(void **state)
{
    (void)state;
    struct detrun d;
    milestones_open(&d);
    /* o1: the latest of starts_when is d (17 > 15); d's base came from any_of's earliest, b;
     * b's from after, a. Critical: d, b, a; not c (the later any_of) nor the others. */
    assert_near(criticality(&d, "o1", "d"), 1, 0);
    assert_near(criticality(&d, "o1", "b"), 1, 0);
    assert_near(criticality(&d, "o1", "a"), 1, 0);
    assert_near(criticality(&d, "o1", "c"), 0, 0);
    assert_near(criticality(&d, "o1", "e"), 0, 0);
    /* o2: t's base is a tie between after (T_a = 10) and any_of (T_x = 10): after wins, so
     * t, a are critical and x is not. */
    assert_near(criticality(&d, "o2", "t"), 1, 0);
    assert_near(criticality(&d, "o2", "a"), 1, 0);
    assert_near(criticality(&d, "o2", "x"), 0, 0);
    /* o3: x and a tie at 10 in starts_when: the first listed, x, is the chain; a is not. */
    assert_near(criticality(&d, "o3", "x"), 1, 0);
    assert_near(criticality(&d, "o3", "a"), 0, 0);
    /* o5: e's after (T_c = 30) is later than its any_of (T_b = 15): c binds; then c has no
     * prerequisite. Critical: e, c; b and a are not. */
    assert_near(criticality(&d, "o5", "e"), 1, 0);
    assert_near(criticality(&d, "o5", "c"), 1, 0);
    assert_near(criticality(&d, "o5", "b"), 0, 0);
    assert_near(criticality(&d, "o5", "a"), 0, 0);
    detrun_close(&d);
}

/* The same milestones read from the timeline itself: infinite days are HUGE_VAL. */
static void test_milestones_timeline_direct(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "milestones", milestones_yaml);
    yaml = with_section(yaml, "options", milestones_options);
    struct sim s;
    sim_open(&s, yaml);
    const double *T = s.wk.timeline.T;
    /* As above: p (probability 0.4) and q (after p) never happen. */
    assert_true(isinf(T[index_of_milestone(s.scn, "p")]));
    assert_true(isinf(T[index_of_milestone(s.scn, "q")]));
    /* d = min(15, 30) + 2 = 17; e = max(30, 15) + 1 = 31. */
    assert_near(T[index_of_milestone(s.scn, "d")], 17, 0);
    assert_near(T[index_of_milestone(s.scn, "e")], 31, 0);
    /* S of o4 = max(T_a, T_q) = max(10, inf) = inf: the world never starts. */
    const struct world *w = sim_option(&s, "o4");
    assert_true(isinf(w->start));
    assert_int_equal(w->start_day, INT32_MAX);
    /* o2 starts at 11.5: its first day is ceil(11.5) = 12. */
    w = sim_option(&s, "o2");
    assert_near(w->start, 11.5, 0);
    assert_int_equal(w->start_day, 12);
    sim_close(&s);
}

/*
 * An option whose start S_o falls in the last day's fraction, H - 1 < S_o < H, starts:
 * docs/model.md section 2 counts the replications "with S_o < H" (criticality) and section 8
 * reports start_day over those that start, as a milestone counts as reached when T < H. Minimal
 * case: H = 100, 'go' with delay_days 99.5, an option with starts_when: go (a regression test: the
 * engine once required ceil(S_o) < H).
 */
static void test_start_in_last_day_fraction(void **state)
{
    (void)state;
    const char *yaml =
        replace_once(minimal_scenario, "    delay_days: 10\n", "    delay_days: 99.5\n");
    struct detrun d;
    detrun_open(&d, yaml);
    /* T_go = 99.5 < H = 100: reached; S_o = 99.5 < 100: started, start_day 99.5, and go is
     * critical in the one replication that starts. */
    assert_int_equal(d.res->acc.milestone_reached[0], 1);
    assert_int_equal(d.res->acc.options[0].started, 1);
    assert_near(metric(&d, "o", M_START_DAY), 99.5, SKETCH_TOL);
    assert_int_equal(d.res->acc.options[0].critical[0], 1);
    detrun_close(&d);
}

/* ---- section 3: a pool through vetting and one training center ---------------------------- */

static const char *pool_options(void)
{
    return "options:\n"
           "  - id: o\n"
           "    name: Pool\n"
           "    starts_when: go\n"
           "    training_centers:\n"
           "      - id: academy\n"
           "        seats: 200\n"
           "        course_days: 20\n"
           "        washout: 0.1\n"
           "        setup_days: 0\n"
           "    sources:\n"
           "      - id: s\n"
           "        kind: pool\n"
           "        size: 1000\n"
           "        vetting_per_day: 100\n"
           "        vetting_days: 10\n"
           "        vetting_pass: 0.5\n"
           "        center: academy\n";
}

/*
 * The pool's timeline, by hand (no cost anywhere, so money never binds):
 *   S = T_go = 10: vetting entries on days 10..19, 100 a day (1000 / 100 = 10 days).
 *   The cohort of day v passes in the flows of day v + 10, 100 x 0.5 = 50: the queue gets 50 on
 *   each of days 20..29 (500 in all; 500 fail vetting).
 *   The center opens on ceil(10 + 0) = 10. Admissions, at spending: day 21 takes the 50 of
 *   day 20, days 22, 23, 24 take 50 each; then in_training = 4 x 50 = 200 = seats, so days
 *   25..41 admit nothing (the queue grows to 500 - 200 = 300 by day 29).
 *   The cohort of day 21 graduates in the flows of day 21 + 20 = 41: 50 x (1 - 0.1) = 45, and
 *   frees 50 seats; day 42 admits 50. Likewise cohorts 22, 23, 24 graduate on 42, 43, 44 and
 *   days 43, 44, 45 admit 50 each. Cohorts 42..45 graduate on 62..65, past the horizon.
 *   Graduates of day g are equipped and deployed on day g + 1: 45 deployed on each of days
 *   42, 43, 44, 45.
 */
static void test_pool_vetting_training(void **state)
{
    (void)state;
    const char *base = with_section(minimal_scenario, "options", pool_options());
    struct detrun d;

    /* H = 42, last day 41: the first cohort graduates that day but deploys only on day 42. */
    detrun_open(&d, with_horizon(base, 42));
    assert_near(metric(&d, "o", M_DEPLOYED_END), 0, 0);
    detrun_close(&d);

    /* H = 43, last day 42: 45 deployed (the cohort of day 21). */
    detrun_open(&d, with_horizon(base, 43));
    assert_near(metric(&d, "o", M_DEPLOYED_END), 45, 1e-9);
    detrun_close(&d);

    /* H = 50, last day 49: 4 cohorts of 50 x 0.9 = 4 x 45 = 180. */
    detrun_open(&d, with_horizon(base, 50));
    assert_near(metric(&d, "o", M_DEPLOYED_END), 180, 1e-9);
    detrun_close(&d);

    /* The state at the end of day 49, and where the 1000 went. */
    struct sim s;
    sim_open(&s, with_horizon(base, 50));
    const struct world *w = sim_option(&s, "o");
    const struct source_state *src = &w->sources[0];
    /* remaining: 1000 - 10 x 100 = 0. */
    assert_near(*src->remaining, 0, 0);
    /* queue: 500 passed - 8 cohorts x 50 admitted (days 21..24 and 42..45) = 100. */
    assert_near(*src->queue, 100, 1e-9);
    /* in training: the cohorts of days 42..45, 4 x 50 = 200. */
    assert_near(*w->centers[0].in_training, 200, 1e-9);
    /* deployed 180, none waiting for equipment. */
    assert_near(*src->deployed, 180, 1e-9);
    assert_near(*src->waiting_equip, 0, 0);
    /* Admissions: 50 on each of days 21..24 and 42..45, none on day 25 (seats full). */
    assert_near(src->admitted[21], 50, 1e-9);
    assert_near(src->admitted[24], 50, 1e-9);
    assert_near(src->admitted[25], 0, 0);
    assert_near(src->admitted[41], 0, 0);
    assert_near(src->admitted[42], 50, 1e-9);
    assert_near(src->admitted[45], 50, 1e-9);
    assert_near(src->admitted[46], 0, 0);
    /* 1000 = 0 remaining + 100 queue + 200 training + 180 deployed + 500 failed vetting
     *        + 4 x 50 x 0.1 = 20 washed out. */
    assert_near(*src->remaining + *src->queue + *w->centers[0].in_training + *src->deployed + 500 +
                    20,
                1000, 1e-9);
    sim_close(&s);
}

/* ---- section 3: recruitment, and two sources sharing a center ------------------------------ */

static const char *const recruitment_options =
    "options:\n"
    "  - id: o\n"
    "    name: Recruits\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: r\n"
    "        kind: recruitment\n"
    "        per_day: 30\n"
    "        start_delay_days: 2.5\n"
    "        cap: 100\n"
    "        vetting_per_day: 20\n"
    "        vetting_days: 2\n"
    "        vetting_pass: 1\n";

/*
 * Recruits arrive from ceil(S + start_delay) = ceil(10 + 2.5) = 13, 30 a day until the cap of
 * 100: 30 on days 13, 14, 15 and the last 10 on day 16. At most 20 a day enter vetting, from
 * what has arrived (w = waiting after the day's arrivals and entries):
 *   day 13: w 30 -> 20 enter, w 10;  day 14: w 40 -> 20, w 20;  day 15: w 50 -> 20, w 30;
 *   day 16: w 40 -> 20, w 20;  day 17: w 20 -> 20, w 0.
 * Vetting of 2 days, all pass, no center: the cohort of day d waits for equipment after the
 * flows of d + 2 and deploys on d + 3, so 20 deploy on each of days 16..20:
 *   end of day 17 (H = 18): 40;  end of day 20 (H = 21): 100.
 */
static void test_recruitment_by_hand(void **state)
{
    (void)state;
    const char *base = with_section(minimal_scenario, "options", recruitment_options);
    struct sim s;
    sim_open(&s, with_horizon(base, 18));
    const struct world *w = sim_option(&s, "o");
    const struct source_state *r = &w->sources[0];
    assert_int_equal(r->start_day, 13);
    assert_near(*r->arrived, 100, 1e-9);
    assert_near(*r->waiting_vet, 0, 1e-9);
    assert_near(r->vet_in[12], 0, 0);
    for (int d = 13; d <= 17; d++)
        assert_near(r->vet_in[d], 20, 1e-9);
    assert_near(*r->deployed, 40, 1e-9);
    /* Still in the pipeline at the end of day 17: the cohorts of days 16 and 17 in vetting
     * (40), the cohort of day 15 waiting for equipment (20): 40 + 20 + 40 deployed = 100. */
    assert_near(*r->waiting_equip, 20, 1e-9);
    sim_close(&s);
    struct detrun d;
    detrun_open(&d, with_horizon(base, 21));
    assert_near(metric(&d, "o", M_DEPLOYED_END), 100, 1e-9);
    detrun_close(&d);
}

static const char *const shared_center_options =
    "options:\n"
    "  - id: o\n"
    "    name: Two pools, one center\n"
    "    starts_when: go\n"
    "    training_centers:\n"
    "      - id: academy\n"
    "        seats: 20\n"
    "        course_days: 5\n"
    "        washout: 0\n"
    "        setup_days: 1.5\n"
    "    sources:\n"
    "      - id: big\n"
    "        kind: pool\n"
    "        size: 60\n"
    "        vetting_pass: 0.5\n"
    "        center: academy\n"
    "      - id: small\n"
    "        kind: pool\n"
    "        size: 20\n"
    "        vetting_pass: 0.5\n"
    "        center: academy\n";

/*
 * Both pools enter vetting whole on day 10 (no limit) and pass in the flows of day 11: queues
 * 60 x 0.5 = 30 and 20 x 0.5 = 10. The center opens on ceil(10 + 1.5) = 12. Day 12 admits
 * min(30 + 10, 20 seats) = 20, in proportion to the queues: 20 x 30/40 = 15 and 20 x 10/40 = 5.
 * The course of 5 days ends in the flows of day 17; day 18 admits the rest, 15 and 5 (all of
 * both queues). The first graduates deploy on day 18: 15 and 5; the second on day 24.
 */
static void test_shared_center_by_hand(void **state)
{
    (void)state;
    const char *yaml =
        with_horizon(with_section(minimal_scenario, "options", shared_center_options), 20);
    struct sim s;
    sim_open(&s, yaml);
    const struct world *w = sim_option(&s, "o");
    const struct source_state *big = &w->sources[0], *small = &w->sources[1];
    assert_int_equal(w->centers[0].open_day, 12);
    assert_near(big->admitted[11], 0, 0);
    assert_near(big->admitted[12], 15, 1e-9);
    assert_near(small->admitted[12], 5, 1e-9);
    assert_near(big->admitted[17], 0, 0);
    assert_near(big->admitted[18], 15, 1e-9);
    assert_near(small->admitted[18], 5, 1e-9);
    assert_near(*big->queue, 0, 1e-9);
    assert_near(*small->queue, 0, 1e-9);
    assert_near(*w->centers[0].in_training, 20, 1e-9);
    assert_near(*big->deployed, 15, 1e-9);
    assert_near(*small->deployed, 5, 1e-9);
    sim_close(&s);
}

/* ---- section 3: a pool without a center, attrition and arrears ------------------------------- */

static const char *const attrition_options =
    "options:\n"
    "  - id: paid\n"
    "    name: Paid\n"
    "    starts_when: go\n"
    "    attrition_per_year: 0.5\n"
    "    arrears_attrition_multiplier: 3\n"
    "    sources:\n"
    "      - id: s\n"
    "        kind: pool\n"
    "        size: 100\n"
    "        vetting_pass: 1\n"
    "        pay_per_person_day: 10\n"
    "  - id: unpaid\n"
    "    name: Unpaid\n"
    "    starts_when: go\n"
    "    attrition_per_year: 0.5\n"
    "    arrears_attrition_multiplier: 3\n"
    "    sources:\n"
    "      - id: s\n"
    "        kind: pool\n"
    "        size: 100\n"
    "        vetting_pass: 1\n"
    "        pay_per_person_day: 10\n";

static const char *const paid_only =
    "donors:\n"
    "  - id: d\n"
    "    name: Donor\n"
    "    pledges:\n"
    "      - amount_usd: 1.0e+9\n"
    "        purpose: security\n"
    "        options: paid\n";

/*
 * 100 personnel, no vetting limit, vetting 1 day, all pass, no center: all 100 enter vetting
 * on day ceil(T_go) = 10, pass in the flows of day 11, are equipped (at no cost) and deployed
 * on day 12. The daily attrition rate is q = 1 - (1 - 0.5)^(1/365), so (1 - q)^365 = 0.5;
 * it takes its share of the day's new arrivals too (force.c), so after the flows of day t >= 12
 * the deployed are 100 (1 - q)^(t - 11).
 *   paid, H = 377 (last day 376): 100 (1 - q)^365 = 50. Pay, 10 a day each, from day 13 for
 *   the deployed of the day before: 10 x 100 x sum_{k=1..364} (1 - q)^k
 *   = 1000 (1 - q) (1 - (1 - q)^364) / q.
 *   unpaid (no money): day 12 owes nothing (nobody was deployed on day 11), so u = 1 and the
 *   rate is q; from day 13 no pay is met, u = 0 and the rate is q (1 + (3 - 1)(1 - 0)) = 3q:
 *   100 (1 - q) (1 - 3q)^364 on day 376, and all the pay is unfunded:
 *   1000 (1 - q) sum_{k=0..363} (1 - 3q)^k = 1000 (1 - q) (1 - (1 - 3q)^364) / (3q).
 */
static void test_pool_attrition_and_arrears(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "options", attrition_options);
    yaml = with_horizon(with_section(yaml, "donors", paid_only), 377);
    double q = 1 - pow(0.5, 1.0 / 365);
    struct sim s;
    sim_open(&s, yaml);
    const struct world *w = sim_option(&s, "paid");
    assert_near(*w->sources[0].deployed, 50, 1e-9);
    assert_near(*world_spent(w, PURPOSE_SECURITY), 1000 * (1 - q) * (1 - pow(1 - q, 364)) / q,
                1e-6);
    w = sim_option(&s, "unpaid");
    assert_near(*w->sources[0].deployed, 100 * (1 - q) * pow(1 - 3 * q, 364), 1e-9);
    assert_near(*world_spent(w, PURPOSE_SECURITY), 0, 0);
    sim_close(&s);

    /* The unpaid pay through the run's unfunded_usd. Neither option has humanitarian money,
     * so the trucks they need are unfunded too, the same in both: both forces keep the
     * coverage above 1 (the unpaid one ends near 100 x 0.5^3 = 12.5 >= the 10 required), so
     * security and the needs are the same. The difference between the options is the pay. */
    struct detrun d;
    detrun_open(&d, yaml);
    assert_near(metric(&d, "paid", M_DEPLOYED_END), 50, 1e-9);
    double unpaid_pay = 1000 * (1 - q) * (1 - pow(1 - 3 * q, 364)) / (3 * q);
    assert_near(metric(&d, "unpaid", M_UNFUNDED_USD) - metric(&d, "paid", M_UNFUNDED_USD),
                unpaid_pay, 1e-6);
    detrun_close(&d);
}

/*
 * The same force, with a yearly attrition of 0.99 and a multiplier of 1,000: q0 = 1 - 0.01^(1/365)
 * (0.0125), so on a day without pay q0 (1 + 999) is 12.5, which as a share of the deployed
 * lost in a day means nothing; the rate is at most 1 (docs/model.md, deviations, 3).
 *   paid: u = 1 every day, so 100 (1 - q0)^365 = 1 on day 376.
 *   unpaid: day 12 owes nothing (u = 1): 100 (1 - q0) deployed. Day 13 owes their pay, none
 *   met: the rate is 1 and every one of them leaves, exactly, where the rate as written
 *   (12.5) would leave -1,150 deployed.
 */
static void test_attrition_rate_at_most_one(void **state)
{
    (void)state;
    char options[2048];
    const char *from = attrition_options;
    size_t n = 0;
    for (const char *p; (p = strstr(from, "0.5\n    arrears_attrition_multiplier: 3\n"));) {
        n += (size_t)snprintf(options + n, sizeof options - n,
                              "%.*s0.99\n"
                              "    arrears_attrition_multiplier: 1000\n",
                              (int)(p - from), from);
        from = p + strlen("0.5\n    arrears_attrition_multiplier: 3\n");
    }
    snprintf(options + n, sizeof options - n, "%s", from);
    assert_non_null(strstr(options, "1000\n    sources"));
    const char *yaml = with_section(minimal_scenario, "options", options);
    yaml = with_horizon(with_section(yaml, "donors", paid_only), 377);
    struct sim s;
    sim_open(&s, yaml);
    assert_near(*sim_option(&s, "paid")->sources[0].deployed, 1, 1e-9);
    assert_true(*sim_option(&s, "unpaid")->sources[0].deployed == 0);
    sim_close(&s);

    struct detrun d;
    detrun_open(&d, yaml);
    assert_true(metric(&d, "unpaid", M_DEPLOYED_END) == 0);
    assert_near(metric(&d, "paid", M_DEPLOYED_END), 1, 1e-9);
    detrun_close(&d);
}

/* ---- section 3: a contingent ------------------------------------------------------------------
 */

static const char *const contingent_milestones =
    "milestones:\n"
    "  - id: go\n"
    "    delay_days: 10\n"
    "  - id: late\n"
    "    delay_days: 12.5\n"
    "  - id: never\n"
    "    delay_days: 1\n"
    "    probability: 0.4\n";

static const char *const contingent_options =
    "options:\n"
    "  - id: o\n"
    "    name: Tour\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 300\n"
    "        requires: late\n"
    "        lead_time_days: 4\n"
    "        ramp_days: 3\n"
    "        tour_days: 20\n"
    "        pay_per_person_day: 50\n"
    "  - id: rot\n"
    "    name: Rotating\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 300\n"
    "        requires: late\n"
    "        lead_time_days: 4\n"
    "        ramp_days: 3\n"
    "        tour_days: 20\n"
    "        rotates: true\n"
    "  - id: blocked\n"
    "    name: Requires a milestone that never happens\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 300\n"
    "        requires: never\n"
    "        lead_time_days: 4\n";

static const char *const security_money =
    "donors:\n"
    "  - id: d\n"
    "    name: Donor\n"
    "    pledges:\n"
    "      - amount_usd: 10000000\n"
    "        purpose: security\n";

static const char *contingent_base(void)
{
    const char *yaml = with_section(minimal_scenario, "milestones", contingent_milestones);
    yaml = with_section(yaml, "donors", security_money);
    return with_section(yaml, "options", contingent_options);
}

static void test_contingent_ramp_tour_pay(void **state)
{
    (void)state;
    struct sim s;
    sim_open(&s, contingent_base());
    const struct world *w = sim_option(&s, "o");
    const struct source_state *c = &w->sources[0];
    /* Arrival: ceil(max(S, T_late) + lead) = ceil(max(10, 12.5) + 4) = ceil(16.5) = 17. */
    assert_int_equal(c->arrival, 17);
    /* Ramp over 3 days: 300 / 3 = 100 on day 17, 200 on day 18, 300 (full) on day 17 + 3 - 1
     * = 19; it leaves after 20 days: present on days 17..36, gone on day 37. */
    assert_near(300 * force_contingent_strength(c, 16), 0, 0);
    assert_near(300 * force_contingent_strength(c, 17), 100, 1e-9);
    assert_near(300 * force_contingent_strength(c, 18), 200, 1e-9);
    assert_near(300 * force_contingent_strength(c, 19), 300, 1e-9);
    assert_near(300 * force_contingent_strength(c, 36), 300, 1e-9);
    assert_near(300 * force_contingent_strength(c, 37), 0, 0);
    /* Pay, 50 a day from the day after deployment: paid on day t for the strength of day
     * t - 1, so days 18..37 for the strength of days 17..36:
     *   (100 + 200 + 18 x 300) x 50 = 5700 x 50 = 285,000. */
    assert_near(*world_spent(w, PURPOSE_SECURITY), 285000, 1e-6);
    /* rotates: no end of tour, still 300 on day 99. */
    w = sim_option(&s, "rot");
    assert_int_equal(w->sources[0].arrival, 17);
    assert_near(300 * force_contingent_strength(&w->sources[0], 99), 300, 1e-9);
    /* A contingent whose requires never happens never arrives. */
    w = sim_option(&s, "blocked");
    assert_int_equal(w->sources[0].arrival, INT32_MAX);
    assert_near(w->force[0], 0, 0);
    sim_close(&s);

    /* The same through the run's metrics, with the horizon's last day H - 1 as the day read:
     * deployed on day 16 is 0, day 17 100, day 18 200, day 19 300, day 36 300, day 37 0. */
    static const struct {
        int horizon;
        double deployed;
    } days[] = {{17, 0}, {18, 100}, {19, 200}, {20, 300}, {37, 300}, {38, 0}};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        struct detrun d;
        detrun_open(&d, with_horizon(contingent_base(), days[i].horizon));
        assert_near(metric(&d, "o", M_DEPLOYED_END), days[i].deployed, 1e-9);
        detrun_close(&d);
    }
    /* Horizon 100: the whole tour's pay, 285,000 as above, is all the security money spent;
     * the rotating contingent is still there on day 99. */
    struct detrun d;
    detrun_open(&d, contingent_base());
    assert_near(by_purpose(&d, "o", PURPOSE_SECURITY), 285000, CENT);
    assert_near(metric(&d, "rot", M_DEPLOYED_END), 300, 1e-9);
    assert_near(metric(&d, "blocked", M_DEPLOYED_END), 0, 0);
    detrun_close(&d);
}

/* ---- section 7: pledges, pools and donors' shares ---------------------------------------------
 */

static const char *const two_donors =
    "donors:\n"
    "  - id: da\n"
    "    name: Donor A\n"
    "    pledges:\n"
    "      - amount_usd: 3000\n"
    "        purpose: security\n"
    "        requires: go\n"
    "        lag_days: 2.5\n"
    "        spread_days: 3\n"
    "  - id: db\n"
    "    name: Donor B\n"
    "    pledges:\n"
    "      - amount_usd: 1000\n"
    "        purpose: security\n";

static const char *const paid_unit =
    "options:\n"
    "  - id: o\n"
    "    name: Paid unit\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 10\n"
    "        lead_time_days: 1\n"
    "        pay_per_person_day: 50\n";

/*
 * Donor B's 1000 comes on day 0 (no requires, lag 0, spread 1). Donor A's 3000 comes from
 * ceil(T_go + lag) = ceil(10 + 2.5) = 13, 3000 / 3 = 1000 a day on days 13, 14, 15.
 * The unit of 10 arrives on ceil(10 + 1) = 11 and is paid 10 x 50 = 500 a day from day 12.
 * Each day's 500 is charged in proportion to the donors' balances (A, B), after the day's
 * income:
 *   day 12: (0, 1000): B pays 500                          -> (0, 500)
 *   day 13: (1000, 500): A 500 x 2/3 = 333.33, B 166.67      -> (666.67, 333.33)
 *   day 14: (1666.67, 333.33): A 500 x 5/6 = 416.67, B 83.33 -> (1250, 250)
 *   day 15: (2250, 250): A 500 x 0.9 = 450, B 50             -> (1800, 200)
 *   days 16, 17, 18: A 450, B 50 each                         -> (450, 50)
 * With H = 19 (days 0..18): A pays 333.33 + 416.67 + 450 + 3 x 450 = 2550,
 * B pays 500 + 166.67 + 83.33 + 50 + 3 x 50 = 950; 7 days x 500 = 3500 in all.
 */
static void test_pledges_two_donors_one_pool(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "donors", two_donors);
    yaml = with_horizon(with_section(yaml, "options", paid_unit), 19);
    struct detrun d;
    detrun_open(&d, yaml);
    const struct option_acc *oa = &d.res->acc.options[0];
    assert_near(sketch_mean(&oa->by_donor[0]), 2550, CENT);
    assert_near(sketch_mean(&oa->by_donor[1]), 950, CENT);
    assert_near(sketch_mean(&oa->by_purpose[PURPOSE_SECURITY]), 3500, CENT);
    detrun_close(&d);

    struct sim s;
    sim_open(&s, yaml);
    const struct world *w = sim_option(&s, "o");
    /* Pledge 0 (A's): first day 13, 3 days of 1000. Pledge 1 (B's): day 0, one day of 1000. */
    assert_int_equal(w->pledge_first[0], 13);
    assert_int_equal(w->pledge_days[0], 3);
    assert_near(w->pledge_daily[0], 1000, 1e-9);
    assert_int_equal(w->pledge_first[1], 0);
    assert_near(w->pledge_daily[1], 1000, 1e-9);
    /* Income 3000 + 1000 = 4000; left in the security pool: A 450, B 50 (see above). */
    assert_near(*w->sh.income, 4000, 1e-9);
    const double *security_pool = &w->sh.pools[PURPOSE_SECURITY * s.plan.n_donors];
    assert_near(security_pool[0], 450, 1e-9);
    assert_near(security_pool[1], 50, 1e-9);
    assert_near(w->sh.spent_by_donor[0], 2550, 1e-9);
    assert_near(w->sh.spent_by_donor[1], 950, 1e-9);
    sim_close(&s);
}

static const char *const yearly_donor =
    "donors:\n"
    "  - id: d\n"
    "    name: Donor\n"
    "    pledges:\n"
    "      - amount_usd: 700\n"
    "        purpose: humanitarian\n"
    "        spread_days: 7\n"
    "        per_year: true\n"
    "      - amount_usd: 5000\n"
    "        purpose: any\n"
    "        requires: never\n"
    "      - amount_usd: 800\n"
    "        purpose: security\n"
    "        spread_days: 400\n"
    "        per_year: true\n";

/*
 * per_year: 700 over 7 days = 100 a day on days 0..6, and again on days 365..371. The second
 * pledge requires a milestone that never happens: it never pays. The third, 800 over 400 days
 * = 2 a day, has yearly windows that overlap (docs/model.md: both pay): days 0..399 and
 * 365..764. Income after the last day H - 1:
 *   H = 365: 700 + 365 x 2 = 700 + 730 = 1430;
 *   H = 366: (700 + 100) + (366 x 2 + 1 x 2) = 800 + 734 = 1534;
 *   H = 370: (700 + 5 x 100) + (370 x 2 + 5 x 2) = 1200 + 750 = 1950;
 *   H = 400: (700 + 700) + (400 x 2 + 35 x 2) = 1400 + 870 = 2270.
 * The trucks (10 a day at 1000) take all the humanitarian money as it comes, so the
 * humanitarian money spent is that pledge's income; nothing spends security money.
 */
static void test_pledge_per_year(void **state)
{
    (void)state;
    const char *base = with_section(minimal_scenario, "milestones", contingent_milestones);
    base = with_section(base, "options",
                        "options:\n"
                        "  - id: o\n"
                        "    name: Nothing\n"
                        "    sources: []\n");
    base = with_section(base, "donors", yearly_donor);
    static const struct {
        int horizon;
        double humanitarian, security;
    } cases[] = {{365, 700, 730}, {366, 800, 734}, {370, 1200, 750}, {400, 1400, 870}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sim s;
        sim_open(&s, with_horizon(base, cases[i].horizon));
        const struct world *w = sim_option(&s, "o");
        assert_int_equal(w->pledge_first[1], INT32_MAX);
        assert_near(*w->sh.income, cases[i].humanitarian + cases[i].security, 1e-9);
        assert_near(*world_spent(w, PURPOSE_HUMANITARIAN), cases[i].humanitarian, 1e-9);
        assert_near(funding_balance(w, PURPOSE_SECURITY), cases[i].security, 1e-9);
        sim_close(&s);
    }
    struct detrun d;
    detrun_open(&d, with_horizon(base, 400));
    assert_near(by_purpose(&d, "o", PURPOSE_HUMANITARIAN), 1400, CENT);
    detrun_close(&d);
}

/* ---- section 5: trucks and crossings ------------------------------------------------------------
 */

static const char *const big_area =
    "areas:\n"
    "  - id: a\n"
    "    name: Area A\n"
    "    population: 100000\n"
    "    area_km2: 10\n"
    "    displaced_share: 0.5\n"
    "    security_baseline: 0.2\n"
    "    water_capacity_m3_day: 1000\n"
    "    hospital_beds: 2\n";

static const char *const trucks_milestones =
    "milestones:\n"
    "  - id: go\n"
    "    delay_days: 10\n"
    "  - id: open\n"
    "    delay_days: 20.5\n";

static const char *const trucks_humanitarian =
    "humanitarian:\n"
    "  standards: {water_l: 15, food_kg: 0.5}\n"
    "  trucks_per_day: 5\n"
    "  crossings:\n"
    "    - after: open\n"
    "      trucks_per_day: 10\n"
    "  cost_per_truck_usd: 1000\n"
    "  truck_shares: {food: 0.6, water: 0.4}\n"
    "  access_floor: 0.3\n";

static const char *trucks_base(const char *amount)
{
    static char donors[512];
    snprintf(donors, sizeof donors,
             "donors:\n"
             "  - id: d\n"
             "    name: Donor\n"
             "    pledges:\n"
             "      - amount_usd: %s\n"
             "        purpose: humanitarian\n",
             amount);
    const char *yaml = with_section(minimal_scenario, "areas", big_area);
    yaml = with_section(yaml, "milestones", trucks_milestones);
    yaml = with_section(yaml, "humanitarian", trucks_humanitarian);
    yaml = with_section(yaml, "donors", donors);
    return with_section(yaml, "options",
                        "options:\n"
                        "  - id: o\n"
                        "    name: No force\n"
                        "    starts_when: go\n"
                        "    sources: []\n");
}

/*
 * Four stages listed out of the order they are reached, on the base of 5 trucks a day: "wide"
 * after milestone a (T = 20.5: day 21) lets in 10; "closed" after b (T = 8: day 8) lowers it
 * to 3; "partial" after c (T = 20.2: day 21 too, and listed after "wide", so it wins the day)
 * 7; "late" after d (T = 40) is never reached within the 30 days. So 5 on days 0..7, 3 on days
 * 8..20 and 7 from day 21.
 */
static void test_crossing_stages_in_order(void **state)
{
    (void)state;
    const char *yaml = with_section(trucks_base("1.0e+9"), "milestones",
                                    "milestones:\n"
                                    "  - id: go\n"
                                    "    delay_days: 10\n"
                                    "  - id: a\n"
                                    "    delay_days: 20.5\n"
                                    "  - id: b\n"
                                    "    delay_days: 8\n"
                                    "  - id: c\n"
                                    "    delay_days: 20.2\n"
                                    "  - id: d\n"
                                    "    delay_days: 40\n");
    yaml = with_section(yaml, "humanitarian",
                        "humanitarian:\n"
                        "  standards: {water_l: 15, food_kg: 0.5}\n"
                        "  trucks_per_day: 5\n"
                        "  crossings:\n"
                        "    - after: a\n"
                        "      trucks_per_day: 10\n"
                        "    - after: b\n"
                        "      trucks_per_day: 3\n"
                        "    - after: c\n"
                        "      trucks_per_day: 7\n"
                        "    - after: d\n"
                        "      trucks_per_day: 50\n"
                        "  cost_per_truck_usd: 1000\n"
                        "  truck_shares: {food: 0.6, water: 0.4}\n"
                        "  access_floor: 0.3\n");
    struct sim s;
    sim_open(&s, with_horizon(yaml, 30));
    const struct timeline *tl = &s.wk.timeline;
    assert_int_equal(tl->stage_reach[0], 21);
    assert_int_equal(tl->stage_reach[1], 8);
    assert_int_equal(tl->stage_reach[2], 21);
    assert_int_equal(tl->stage_reach[3], 40);
    for (int t = 0; t < 30; t++)
        assert_near(tl->stage_cap[t], t < 8 ? 5 : t < 21 ? 3 : 7, 0);
    sim_close(&s);
}

/*
 * One area of 100,000 at security 0.2 throughout (no force, no incidents: security stays at
 * its baseline), so access = floor + (1 - floor) x s = 0.3 + 0.7 x 0.2 = 0.44.
 * Needs a day: food 100,000 x 0.5 kg = 50 t; water 100,000 x 15 l = 1500 m3.
 * A truck carries 20 t: 0.6 x 20 = 12 t of food and 0.4 x 20 = 8 t of water.
 * Local water: 1000 m3 x 0.44 = 440 m3.
 * The crossing opens at T = 20.5, so on day ceil(20.5) = 21: 5 trucks on days 0..20, 10 from 21.
 *   5 trucks: food 60 t x 0.44 = 26.4 t, coverage 26.4 / 50 = 0.528, gap 100,000 x 0.472
 *             = 47,200 person-days; water 40 x 0.44 + 440 = 457.6 m3, gap
 *             100,000 x (1 - 457.6 / 1500) = 100,000 x 1042.4 / 1500 = 69,493.33.
 *   10 trucks: food 120 x 0.44 = 52.8 t >= 50: coverage 1, no gap; water 80 x 0.44 + 440 =
 *             475.2 m3, gap 100,000 x 1024.8 / 1500 = 68,320.
 */
static void test_trucks_and_crossing(void **state)
{
    (void)state;
    const char *base = trucks_base("1.0e+9");
    struct sim s;
    sim_open(&s, with_horizon(base, 30));
    /* The capacity: 5 before day 21, 10 from day 21. */
    assert_int_equal(s.wk.timeline.stage_reach[0], 21);
    assert_near(s.wk.timeline.stage_cap[20], 5, 0);
    assert_near(s.wk.timeline.stage_cap[21], 10, 0);
    const struct world *w = sim_option(&s, "o");
    /* Day 29: 10 trucks (money is ample); access 0.44; food covered. */
    assert_near(*w->sh.trucks, 10, 1e-9);
    assert_near(w->sh.access[0], 0.44, 1e-12);
    assert_near(w->sh.food_cov[0], 1, 0);
    assert_near(w->sh.water_cov[0], 475.2 / 1500, 1e-12);
    sim_close(&s);

    /* H = 30: food gap 21 days x 47,200 = 991,200; water gap 21 x 69,493.33 + 9 x 68,320 =
     * 1,459,360 + 614,880 = 2,074,240; trucks paid 21 x 5 x 1000 + 9 x 10 x 1000 = 195,000.
     * Unfunded: the trucks needed are max(50 / 12, (1500 - 440) / 8) = 132.5 a day, above the
     * capacity, and the capacity was always paid: nothing unfunded. */
    struct detrun d;
    detrun_open(&d, with_horizon(base, 30));
    assert_near(metric(&d, "o", M_FOOD_GAP), 991200, 1e-6);
    assert_near(metric(&d, "o", M_WATER_GAP), 2074240, 1e-6);
    assert_near(by_purpose(&d, "o", PURPOSE_HUMANITARIAN), 195000, CENT);
    assert_near(metric(&d, "o", M_UNFUNDED_USD), 0, CENT);
    /* Security stayed at its baseline. */
    assert_near(metric(&d, "o", M_SECURITY_MEAN_END), 0.2, SKETCH_TOL);
    detrun_close(&d);

    /* Money binds: 12,500 for trucks of 1000, H = 3. Trucks = min(capacity, funds / cost):
     * day 0 min(5, 12.5) = 5, day 1 min(5, 7.5) = 5, day 2 min(5, 2.5) = 2.5.
     * Food gap: 2 x 47,200 + day 2's 100,000 x (1 - 2.5 x 12 x 0.44 / 50) = 100,000 x
     * (1 - 0.264) = 73,600: 168,000 in all. Unfunded: on day 2 the needed trucks (132.5)
     * capped by the capacity, 5, less the 2.5 paid: 2.5 x 1000 = 2,500. */
    detrun_open(&d, with_horizon(trucks_base("12500"), 3));
    assert_near(metric(&d, "o", M_FOOD_GAP), 168000, 1e-6);
    assert_near(metric(&d, "o", M_UNFUNDED_USD), 2500, CENT);
    assert_near(metric(&d, "o", M_COST_TOTAL_USD), 12500, CENT);
    detrun_close(&d);
    sim_open(&s, with_horizon(trucks_base("12500"), 3));
    w = sim_option(&s, "o");
    assert_near(*w->sh.trucks, 2.5, 1e-12);
    sim_close(&s);
}

/* ---- section 6: reconstruction ------------------------------------------------------------------
 */

static const char *reconstruction_base(double materials_per_day, const char *amount)
{
    static char sector[768], donors[512];
    snprintf(sector, sizeof sector,
             "reconstruction:\n"
             "  min_security: 0.1\n"
             "  materials_tonnes_per_day: %g\n"
             "  sectors:\n"
             "    - id: housing\n"
             "      damaged_units: {a: 100}\n"
             "      unit_cost_usd: 1000\n"
             "      build_days: 10\n"
             "      max_units_per_day: 1\n"
             "      tonnes_per_unit: 2\n"
             "      restores: {persons: 6}\n",
             materials_per_day);
    snprintf(donors, sizeof donors,
             "donors:\n"
             "  - id: d\n"
             "    name: Donor\n"
             "    pledges:\n"
             "      - amount_usd: %s\n"
             "        purpose: reconstruction\n",
             amount);
    const char *yaml = with_section(minimal_scenario, "reconstruction", sector);
    yaml = with_section(yaml, "donors", donors);
    return with_section(yaml, "options",
                        "options:\n"
                        "  - id: o\n"
                        "    name: No force\n"
                        "    sources: []\n");
}

/*
 * Displaced at the start: 1000 x 0.5 = 500. Security is 0.2 >= min_security 0.1 every day.
 * Materials arrive at the end of a day and are usable the next: none on day 0, so nothing
 * starts on day 0.
 * Money binds (1500, 10 t of materials a day):
 *   day 1: materials 10, money 1500; request 1 unit = 1000 USD, 2 t: fraction
 *          min(1, 1500 / 1000, 10 / 2) = 1: 1 unit, 1000 spent, 500 left;
 *   day 2: fraction min(1, 500 / 1000, 18 / 2) = 0.5: half a unit, 500 spent;
 *   day 3 on: no money, fraction 0.
 *   Built in 10 days: the unit of day 1 finishes on day 11 (500 - 6 = 494 displaced), the half
 *   unit of day 2 on day 12 (494 - 3 = 491).
 */
static void test_reconstruction_money_limit(void **state)
{
    (void)state;
    static const struct {
        int horizon;
        double displaced;
    } cases[] = {{11, 500}, {12, 494}, {13, 491}, {40, 491}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct detrun d;
        detrun_open(&d, with_horizon(reconstruction_base(10, "1500"), cases[i].horizon));
        assert_near(metric(&d, "o", M_DISPLACED_END), cases[i].displaced, 1e-9);
        detrun_close(&d);
    }
    /* What held building back over the 40 days: day 0 has no materials yet (min(1.5, 0 / 2):
     * materials first); day 1 builds in full; day 2 on, money binds (0.5, then 0): 38 days. */
    struct detrun d;
    /* A unit of any sector that restores persons lets them return (docs/model.md section 6's
     * reading): the same sector called water, 500 - 9 = 491 displaced on day 40. */
    detrun_open(
        &d, with_horizon(replace_once(reconstruction_base(10, "1500"), "id: housing", "id: water"),
                         40));
    assert_near(metric(&d, "o", M_DISPLACED_END), 491, 1e-9);
    detrun_close(&d);
    detrun_open(&d, with_horizon(reconstruction_base(10, "1500"), 40));
    assert_near(metric(&d, "o", M_BUILD_SHORT_OF_MATERIALS), 1.0 / 40, SKETCH_TOL);
    assert_near(metric(&d, "o", M_BUILD_SHORT_OF_MONEY), 38.0 / 40, SKETCH_TOL);
    assert_near(metric(&d, "o", M_BUILD_HELD_BY_SECURITY), 0, 0);
    detrun_close(&d);
    /* Security 0.2 below a threshold of 0.3: building may start on day 0 but never does, held
     * back by security on all 40 days. */
    detrun_open(&d, with_horizon(replace_once(reconstruction_base(10, "1500"), "min_security: 0.1",
                                              "min_security: 0.3"),
                                 40));
    assert_near(metric(&d, "o", M_BUILD_HELD_BY_SECURITY), 1, SKETCH_TOL);
    assert_near(metric(&d, "o", M_BUILD_SHORT_OF_MONEY), 0, 0);
    assert_near(metric(&d, "o", M_DISPLACED_END), 500, 1e-9);
    detrun_close(&d);
    struct sim s;
    sim_open(&s, with_horizon(reconstruction_base(10, "1500"), 40));
    const struct world *w = sim_option(&s, "o");
    /* 1000 + 500 spent; 100 - 1.5 units left damaged. */
    assert_near(*world_spent(w, PURPOSE_RECONSTRUCTION), 1500, 1e-9);
    assert_near(w->sh.damage_left[0], 98.5, 1e-9);
    sim_close(&s);
}

/*
 * Materials bind (money ample, 1 t a day, 2 t a unit): from day 1 on, each day's fraction is
 * min(1, 1 / 2) = 0.5, half a unit a day, 500 USD a day. Finished: half a unit on each day
 * from 11: displaced 500 - 3 = 497 on day 11, 494 on day 12. With H = 13 (days 0..12):
 * 12 days (1..12) x 500 = 6000 spent, 100 - 6 = 94 units left damaged.
 */
static void test_reconstruction_materials_limit(void **state)
{
    (void)state;
    struct detrun d;
    detrun_open(&d, with_horizon(reconstruction_base(1, "1.0e+9"), 12));
    assert_near(metric(&d, "o", M_DISPLACED_END), 497, 1e-9);
    detrun_close(&d);
    detrun_open(&d, with_horizon(reconstruction_base(1, "1.0e+9"), 13));
    assert_near(metric(&d, "o", M_DISPLACED_END), 494, 1e-9);
    assert_near(by_purpose(&d, "o", PURPOSE_RECONSTRUCTION), 6000, CENT);
    /* Materials bind on every day, day 0 (none yet) included; money on none. */
    assert_near(metric(&d, "o", M_BUILD_SHORT_OF_MATERIALS), 1, SKETCH_TOL);
    assert_near(metric(&d, "o", M_BUILD_SHORT_OF_MONEY), 0, 0);
    detrun_close(&d);
    struct sim s;
    sim_open(&s, with_horizon(reconstruction_base(1, "1.0e+9"), 13));
    const struct world *w = sim_option(&s, "o");
    assert_near(w->sh.damage_left[0], 94, 1e-9);
    assert_near(*w->sh.materials, 0, 1e-12);
    sim_close(&s);
}

/* ---- section 4: security -----------------------------------------------------------------------
 */

static const char *const guarded_options =
    "options:\n"
    "  - id: half\n"
    "    name: Half coverage\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 5\n"
    "        lead_time_days: 0\n"
    "  - id: full\n"
    "    name: Double coverage\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        lead_time_days: 0\n"
    "  - id: none\n"
    "    name: No mission\n"
    "    starts_when: go\n"
    "    sources: []\n";

/*
 * Required strength: 1000 / 1000 x 10 x risk 1 = 10. The option starts on T_go = 10 and its
 * contingent arrives on ceil(10 + 0) = 10 at full strength (ramp 1):
 *   'half': 5 / 10 = coverage 0.5, target max(0.2, min(1, 0.5)) = 0.5;
 *   'full': 20 / 10 = coverage 2, target max(0.2, min(1, 2)) = 1;
 *   'none': coverage 0, target = the baseline 0.2.
 * No incidents in deterministic mode: s(t) = 0.2 up to day 10, then each day
 * s += (target - s) / 30, so s(10 + n) = target - (target - 0.2) x (29/30)^n.
 * After a run of H = 40 days the world holds s(40): n = 30; the metric security_mean_end is
 * read on day 39: n = 29.
 */
static void test_security_toward_target(void **state)
{
    (void)state;
    const char *yaml = with_horizon(with_section(minimal_scenario, "options", guarded_options), 40);
    struct sim s;
    sim_open(&s, yaml);
    const struct world *w = sim_option(&s, "half");
    assert_near(w->coverage[0], 0.5, 1e-12);
    assert_near(w->sh.security[0], 0.5 - 0.3 * pow(29.0 / 30, 30), 1e-12);
    w = sim_option(&s, "full");
    assert_near(w->coverage[0], 2, 1e-12);
    assert_near(w->sh.security[0], 1 - 0.8 * pow(29.0 / 30, 30), 1e-12);
    w = sim_option(&s, "none");
    assert_near(w->sh.security[0], 0.2, 1e-15);
    assert_near(*w->sh.incidents, 0, 0);
    sim_close(&s);

    struct detrun d;
    detrun_open(&d, yaml);
    assert_near(metric(&d, "half", M_SECURITY_MEAN_END), 0.5 - 0.3 * pow(29.0 / 30, 29),
                SKETCH_TOL);
    assert_near(metric(&d, "full", M_SECURITY_MEAN_END), 1 - 0.8 * pow(29.0 / 30, 29), SKETCH_TOL);
    assert_near(metric(&d, "none", M_SECURITY_MEAN_END), 0.2, SKETCH_TOL);
    /* Coverage on day 39, uncapped: 0.5 and 2 (coverage_min_day365 is beyond the horizon). */
    assert_true(isnan(metric(&d, "half", M_COVERAGE_MIN_DAY365)));
    assert_near(metric(&d, "half", M_INCIDENTS_TOTAL), 0, 0);
    detrun_close(&d);

    /* Security before the start: the day-10 value with H = 10 (days 0..9, s(10)) is still the
     * baseline, 0.2: the target is the baseline before S. */
    sim_open(&s, with_horizon(with_section(minimal_scenario, "options", guarded_options), 10));
    w = sim_option(&s, "full");
    assert_near(w->sh.security[0], 0.2, 1e-15);
    sim_close(&s);
}

/* ---- the day's invariants (src/model/invariants.c) ------------------------------------------- */

#ifndef NDEBUG
/* The format example's world after its last day, with one thing broken by 'arg'. */
struct broken {
    struct world *w;
    int what;
};

static void check_broken(void *arg)
{
    const struct broken *b = arg;
    struct world *w = b->w;
    switch (b->what) {
    case 0:
        *w->sh.income += 1000;
        break; /* money from nowhere */
    case 1:
        w->force[0] = -5;
        break; /* people below zero */
    case 2:
        w->sh.displaced[0] += 1000;
        break; /* displaced from nowhere */
    case 3:
        w->sh.security[1] = 1.5;
        break; /* a share above 1 */
    default:
        *w->sh.income = (double)NAN;
        break; /* beyond the model: left to the engine */
    }
    world_check_day(w, 0);
}
#endif

/* Every day of both options of the format example keeps them (the run would have stopped);
 * each broken in turn stops the check with the invariant that broke; a value that is not finite
 * is the engine's to refuse, not an abort. */
static void test_invariants_of_the_day(void **state)
{
    (void)state;
#ifdef NDEBUG
    skip();
#else
    char *yaml = read_text_file(data_path("example.yaml"), NULL);
    assert_non_null(yaml);
    struct sim s;
    sim_open(&s, yaml);
    struct broken b = {sim_option(&s, "multinational"), 0};
    world_check_day(b.w, 0);
    static const char *const broke[] = {
        "da_close_after(spent + held, *w->sh.income, terms)",
        "da_at_least_zero_after(w->force[world_area(w, a)], w->in->required[a], terms)",
        "da_close_after(displaced + *w->sh.returned_own", "share(w->sh.security[at])"};
    char err[1024];
    for (b.what = 0; b.what < 4; b.what++) {
        assert_int_equal(signal_of_child(check_broken, &b, err, sizeof err), SIGABRT);
        assert_non_null(strstr(err, "invariants.c:"));
        if (!strstr(err, broke[b.what]))
            fail_msg("case %d: %s", b.what, err);
    }
    assert_int_equal(signal_of_child(check_broken, &b, err, sizeof err), 0);
    sim_close(&s);
    free(yaml);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invariants_of_the_day),
        cmocka_unit_test(test_milestones_days_by_hand),
        cmocka_unit_test(test_milestones_start_days_by_hand),
        cmocka_unit_test(test_milestones_criticality_by_hand),
        cmocka_unit_test(test_milestones_timeline_direct),
        cmocka_unit_test(test_start_in_last_day_fraction),
        cmocka_unit_test(test_pool_vetting_training),
        cmocka_unit_test(test_pool_attrition_and_arrears),
        cmocka_unit_test(test_attrition_rate_at_most_one),
        cmocka_unit_test(test_recruitment_by_hand),
        cmocka_unit_test(test_shared_center_by_hand),
        cmocka_unit_test(test_contingent_ramp_tour_pay),
        cmocka_unit_test(test_pledges_two_donors_one_pool),
        cmocka_unit_test(test_pledge_per_year),
        cmocka_unit_test(test_trucks_and_crossing),
        cmocka_unit_test(test_crossing_stages_in_order),
        cmocka_unit_test(test_reconstruction_money_limit),
        cmocka_unit_test(test_reconstruction_materials_limit),
        cmocka_unit_test(test_security_toward_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
