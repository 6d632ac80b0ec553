/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_model_v2.c - hand-worked deterministic cases for docs/model.md section 9, "When the war
 * ends": milestones' effects on the parameters in force (a value from a fixed day, a scale on a
 * rate and on risk, two effects on one parameter in both orders, ties, shares held within
 * [0, 1]); lapses and recoveries (an effect off and on again, the crossings' capacity during a
 * closure, a pledge that pays nothing while its milestone has lapsed, a dependent milestone's
 * delay counted again from the recovery, an option and a contingent that wait until their
 * milestones hold together); returns on their own; contingents paid by their own country; the
 * coverage that IOC asks for; and why an option falls short (section 9.6: each reason produced
 * alone by a scenario built for it, the milestone that held an option back, days_to_half and
 * deployed_start_plus_365). Last, tests/data/v2-example.yaml gives the same JSON bytes with one
 * thread and with two.
 *
 * The conventions are those of test_model_parts.c: each case is the minimal scenario of
 * helpers.c with some sections replaced, run in deterministic mode (central values, no
 * incidents), and read from the run's accumulators (struct detrun) or from one option's world
 * after its run (struct sim). Every expected number is worked out by hand in the comment above
 * its assertion. The day conventions that matter here:
 *   - a milestone's effects act on day t when it holds at time t: from day ceil(T) to day
 *     ceil(L) - 1, and again from ceil(V); the parameters in force are set as the first step of
 *     such a day;
 *   - security: s(0) = baseline(0), s(t + 1) = s(t) + (target(t) - s(t)) / tau, where the target
 *     is the baseline in force on day t before the option starts (no incidents); with the
 *     minimal scenario's tau = 30 we write q = 29/30, and a baseline b held from day d gives
 *     s(t) = b + (s(d) - b) q^(t - d) for t >= d;
 *   - the world after a run of H days holds s(H) (the last day's security step included), the
 *     parameters in force on day H - 1, and the last day's flows; metrics of the last day read
 *     s(H - 1);
 *   - returns on their own are taken in the reconstruction step of day t, with s(t): after the
 *     run, displaced = D0 (1 - r)^(number of days with returns).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/money.h"
#include "model/rng.h"
#include "model_runs.h"

/* ---- scenario text ------------------------------------------------------------------------ */

/* 'base' with the top-level line 'line' (with its newline) added before its areas. */
static const char *with_top_line(const char *base, const char *line)
{
    char to[256];
    snprintf(to, sizeof to, "%sareas:\n", line);
    return replace_once(base, "areas:\n", to);
}

/* 'base' with the top-level section 'text' added before its donors. */
static const char *with_section_before_donors(const char *base, const char *text)
{
    static char to[4096];
    snprintf(to, sizeof to, "%sdonors:\n", text);
    return replace_once(base, "donors:\n", to);
}

/* A copy of 'text' that no later call of the helpers overwrites; free() it. */
static char *keep(const char *text)
{
    char *copy = strdup(text);
    assert_non_null(copy);
    return copy;
}

/* ---- running it ----------------------------------------------------------------------------- */

/* The money payer 'payer' (a donor, then the self-paying countries) spent for option 'id'. */
static double by_payer(const struct detrun *d, const char *id, int payer)
{
    return sketch_mean(&option_acc_of(d, id)->by_donor[payer]);
}

/* The world of option 'id' after a run of 'horizon' days of 'base' (kept in 's'). */
static const struct world *world_after(struct sim *s, const char *base, int horizon, const char *id)
{
    sim_open(s, with_horizon(base, horizon));
    return sim_option(s, id);
}

/* Money is summed in 2^-32 fixed point by the sketches: a cent is far above their error. */
#define CENT 0.005
/* Values read through a sketch's mean are truncated to 2^-32 (2.3e-10) each. */
#define SKETCH_TOL 1e-9
/* Security after tens of steps of s += (b - s) / tau, against its closed form. */
#define STEP_TOL 1e-12

/* The minimal scenario's tau_days is 30: each day security closes 1/30 of its gap. */
static const double q = 29.0 / 30.0;

/* ---- section 9.1: an effect sets the baseline from a fixed day ------------------------------ */

static const char *const idle_option =
    "options:\n"
    "  - id: o\n"
    "    name: Never starts\n"
    "    starts_when: never\n"
    "    sources: []\n";

static const char *const baseline_milestones =
    "milestones:\n"
    "  - id: ceasefire\n"
    "    delay_days: 9.5\n"
    "    effects:\n"
    "      - path: areas.a.security_baseline\n"
    "        value: 0.6\n"
    "  - id: never\n"
    "    delay_days: 1\n"
    "    probability: 0\n";

/*
 * The ceasefire is reached at T = 9.5: its effect acts from day ceil(9.5) = 10. The option never
 * starts (probability 0), so security's target is the baseline in force: 0.2 on days 0..9, 0.6
 * from day 10. No incidents:
 *   s(t) = 0.2 for t <= 10 (the step of day 9 still pulls toward 0.2);
 *   s(t) = 0.6 - 0.4 q^(t - 10) for t >= 10.
 * The world after H days holds s(H).
 */
static void test_effect_sets_baseline_from_a_day(void **state)
{
    (void)state;
    char *base = keep(with_section(
        with_section(minimal_scenario, "milestones", baseline_milestones), "options", idle_option));
    const struct {
        int horizon;
        double security, baseline;
    } cases[] = {
        /* H = 5, 10: s(5) = s(10) = 0.2, and the baseline in force on day H - 1 is 0.2. */
        {5, 0.2, 0.2},
        {10, 0.2, 0.2},
        /* H = 11: s(11) = 0.2 + (0.6 - 0.2) / 30 = 0.6 - 0.4 q = 0.213333...; day 10 has 0.6. */
        {11, 0.6 - 0.4 * q, 0.6},
        /* H = 40: s(40) = 0.6 - 0.4 q^30 = 0.6 - 0.4 x 0.361662 = 0.455335. */
        {40, 0.6 - 0.4 * pow(q, 30), 0.6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sim s;
        const struct world *w = world_after(&s, base, cases[i].horizon, "o");
        assert_near(w->sh.security[0], cases[i].security, STEP_TOL);
        assert_near(w->in->baseline[0], cases[i].baseline, 0);
        sim_close(&s);
    }
    /* The closed form's q^30, written out above. */
    assert_near(pow(q, 30), 0.361662, 1e-6);
    /* H = 100: s(100) = 0.6 - 0.4 q^90. */
    struct sim s;
    const struct world *w = world_after(&s, base, 100, "o");
    assert_near(w->sh.security[0], 0.6 - 0.4 * pow(q, 90), STEP_TOL);
    sim_close(&s);

    /* The metric security_mean_end reads day H - 1: H = 40 gives s(39) = 0.6 - 0.4 q^29. */
    struct detrun d;
    detrun_open(&d, with_horizon(base, 40));
    assert_near(metric(&d, "o", M_SECURITY_MEAN_END), 0.6 - 0.4 * pow(q, 29), SKETCH_TOL);
    detrun_close(&d);
    free(base);
}

/*
 * An effect of a milestone reached at T = 0 acts from day ceil(0) = 0, and security starts at
 * the baseline in force on day 0: s(0) = 0.6, the target is 0.6, so s stays 0.6 every day.
 */
static void test_effect_baseline_on_day_zero(void **state)
{
    (void)state;
    const char *yaml = replace_once(baseline_milestones, "delay_days: 9.5", "delay_days: 0");
    char *base = keep(
        with_section(with_section(minimal_scenario, "milestones", yaml), "options", idle_option));
    struct sim s;
    const struct world *w = world_after(&s, base, 30, "o");
    assert_near(w->sh.security[0], 0.6, 1e-15);
    sim_close(&s);
    struct detrun d;
    detrun_open(&d, with_horizon(base, 1));
    /* H = 1: the only day, day 0, reads s(0) = 0.6. */
    assert_near(metric(&d, "o", M_SECURITY_MEAN_END), 0.6, SKETCH_TOL);
    detrun_close(&d);
    free(base);
}

/* ---- section 9.1: a scale on a rate, and on risk (the requirement and allocation follow) ----- */

static const char *const two_areas =
    "areas:\n"
    "  - id: a\n"
    "    name: Area A\n"
    "    population: 1000\n"
    "    area_km2: 10\n"
    "    displaced_share: 0.5\n"
    "    security_baseline: 0.2\n"
    "    water_capacity_m3_day: 5\n"
    "    hospital_beds: 2\n"
    "  - id: b\n"
    "    name: Area B\n"
    "    population: 2000\n"
    "    area_km2: 10\n"
    "    displaced_share: 0.5\n"
    "    security_baseline: 0.2\n"
    "    water_capacity_m3_day: 5\n"
    "    hospital_beds: 2\n";

static const char *const scale_milestones =
    "milestones:\n"
    "  - id: go\n"
    "    delay_days: 10\n"
    "  - id: calm\n"
    "    delay_days: 20\n"
    "    effects:\n"
    "      - path: security.spoiler_incidents_per_100k_day\n"
    "        scale: 0.5\n"
    "      - path: security.shock\n"
    "        value: 0.004\n"
    "  - id: worse\n"
    "    delay_days: 50.5\n"
    "    effects:\n"
    "      - path: areas.*.risk\n"
    "        scale: 2\n"
    "      - path: areas.b.risk\n"
    "        scale: 1.5\n";

static const char *const twenty_by_need =
    "options:\n"
    "  - id: o\n"
    "    name: Twenty, by need\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        lead_time_days: 0\n";

/*
 * Areas a (1000 people) and b (2000), risk 1, required_per_1000 10: R = (10, 20), 30 in all.
 * Spoilers 0.2 per 100k a day, shock 0.001. A contingent of 20 arrives on day 10, allocated by
 * need (population x risk): a 20 x 1000/3000 = 6.667, b 13.333.
 *   days 0..19:  incident rates 0.2 x 1 x pop / 1e5 = (0.002, 0.004); shock per incident
 *                0.001 x 1e5 / pop = (0.1, 0.05).
 *   'calm' (T = 20, day 20): the rate scaled by 0.5 -> 0.1: rates (0.001, 0.002); shock set to
 *                0.004: (0.4, 0.2).
 *   'worse' (T = 50.5, day 51): every risk x 2, then b's x 1.5 (file order): risk (2, 3);
 *                R = (1000/1000 x 10 x 2, 2000/1000 x 10 x 3) = (20, 60), 80 in all; rates
 *                0.1 x risk x pop / 1e5 = (0.002, 0.006); weights 1000 x 2 : 2000 x 3 = 1 : 3,
 *                so a 5 and b 15; coverage 5/20 = 15/60 = 0.25.
 * Check days 40 and 60: on day 40 the 20 deployed reach half of 30 (15); on day 60 they do not
 * reach half of 80 (40), nothing is on the way, nobody was lost: the reason is supply.
 */
/* The scenario above, with the check days 40 and 60 (within the horizon only for the run of 70
 * days): a copy, free() it. */
static char *scale_scenario(void)
{
    const char *yaml = with_section(minimal_scenario, "areas", two_areas);
    yaml = with_section(yaml, "milestones", scale_milestones);
    return keep(with_section(yaml, "options", twenty_by_need));
}

/* The world of option 'o' after 'days' days of the scenario above. */
static const struct world *scale_world(struct sim *s, int days)
{
    char *base = scale_scenario();
    const struct world *w = world_after(s, base, days, "o");
    free(base);
    return w;
}

/* Days 0..19: the rates and shocks as written. */
static void test_effect_before_any(void **state)
{
    (void)state;
    struct sim s;
    const struct world *w = scale_world(&s, 15);
    assert_near(w->in->incident_rate[0], 0.002, 1e-15);
    assert_near(w->in->incident_rate[1], 0.004, 1e-15);
    assert_near(w->in->shock_per_incident[0], 0.1, 1e-15);
    assert_near(w->in->shock_per_incident[1], 0.05, 1e-15);
    assert_near(w->in->required[0], 10, 1e-12);
    assert_near(w->in->required[1], 20, 1e-12);
    assert_near(w->force[0], 20.0 / 3, 1e-12);
    assert_near(w->force[1], 40.0 / 3, 1e-12);
    sim_close(&s);
}

/* After 'calm': the rate scaled, the shock set. */
static void test_effect_scales_a_rate_sets_a_shock(void **state)
{
    (void)state;
    struct sim s;
    const struct world *w = scale_world(&s, 30);
    assert_near(w->in->incident_rate[0], 0.001, 1e-15);
    assert_near(w->in->incident_rate[1], 0.002, 1e-15);
    assert_near(w->in->shock_per_incident[0], 0.4, 1e-15);
    assert_near(w->in->shock_per_incident[1], 0.2, 1e-15);
    assert_near(w->in->required[1], 20, 1e-12);
    sim_close(&s);
}

/* After 'worse': the risks scaled, the requirement and the force's weights with them. */
static void test_effect_scales_risk(void **state)
{
    (void)state;
    struct sim s;
    const struct world *w = scale_world(&s, 70);
    assert_near(w->in->risk[0], 2, 1e-15);
    assert_near(w->in->risk[1], 3, 1e-15);
    assert_near(w->in->required[0], 20, 1e-12);
    assert_near(w->in->required[1], 60, 1e-12);
    assert_near(w->in->incident_rate[0], 0.002, 1e-15);
    assert_near(w->in->incident_rate[1], 0.006, 1e-15);
    assert_near(w->in->shock_per_incident[0], 0.4, 1e-15);
    assert_near(w->force[0], 5, 1e-12);
    assert_near(w->force[1], 15, 1e-12);
    assert_near(w->coverage[0], 0.25, 1e-12);
    assert_near(w->coverage[1], 0.25, 1e-12);
    sim_close(&s);
}

/* A risk that a scale carries below its limit of 10^-6 (docs/scenario.md, "Ranges") is held
 * there, as a share is held at 1: b's risk 1 x 1e-9 from day 20 is 1e-6, its requirement
 * 2000 / 1000 x 10 x 1e-6 = 2e-5, and its coverage, which divides by it, finite. */
static void test_effect_holds_risk_at_its_limit(void **state)
{
    (void)state;
    static const char *const tiny =
        "milestones:\n"
        "  - id: go\n"
        "    delay_days: 10\n"
        "  - id: safe\n"
        "    delay_days: 20\n"
        "    effects:\n"
        "      - path: areas.b.risk\n"
        "        scale: 1e-9\n";
    const char *yaml = with_section(minimal_scenario, "areas", two_areas);
    yaml = with_section(yaml, "milestones", tiny);
    char *base = keep(with_section(yaml, "options", twenty_by_need));
    struct sim s;
    const struct world *w = world_after(&s, base, 30, "o");
    free(base);
    assert_true(w->in->risk[0] == 1);
    assert_true(w->in->risk[1] == 1e-6);
    assert_near(w->in->required[1], 2e-5, 1e-18);
    assert_true(isfinite(w->coverage[1]) && w->coverage[1] > 0);
    sim_close(&s);
}

/* The check days: deployed by day 40, short of supply on day 60. */
static void test_effect_check_days(void **state)
{
    (void)state;
    char *base = scale_scenario();
    struct detrun d;
    detrun_open(&d, with_horizon(with_top_line(base, "check_days: [40, 60]\n"), 70));
    const struct option_acc *oa = option_acc_of(&d, "o");
    int k40 = plan_tracked_index(&d.res->plan, 40), k60 = plan_tracked_index(&d.res->plan, 60);
    assert_true(k40 >= 0 && k60 >= 0);
    assert_int_equal(oa->deployed_by[k40], 1);
    assert_int_equal(oa->deployed_by[k60], 0);
    assert_int_equal(oa->short_by[k60][SHORT_SUPPLY], 1);
    /* coverage_min_day365 is beyond the horizon; deployed_end is the 20 of the last day. */
    assert_near(metric(&d, "o", M_DEPLOYED_END), 20, 1e-9);
    detrun_close(&d);
    free(base);
}

/* ---- section 9.1: two effects on one parameter, in both orders --------------------------------
 */

/* Milestones 'm1' (delay d1) and 'm2' (delay d2), each with one effect on the baseline ('b1',
 * 'b2') and one on the access floor ('f1', 'f2'), each "value: X" or "scale: X"; and 'never'.
 * With 'swap', m2 is listed first. */
static const char *two_effects(double d1, const char *b1, const char *f1, double d2, const char *b2,
                               const char *f2, bool swap)
{
    static char text[2048];
    char m1[512], m2[512];
#define MILESTONE                                                                                  \
    "  - id: %s\n    delay_days: %g\n    effects:\n"                                               \
    "      - path: areas.a.security_baseline\n        %s\n"                                        \
    "      - path: humanitarian.access_floor\n        %s\n"
    snprintf(m1, sizeof m1, MILESTONE, "m1", d1, b1, f1);
    snprintf(m2, sizeof m2, MILESTONE, "m2", d2, b2, f2);
#undef MILESTONE
    snprintf(text, sizeof text,
             "milestones:\n%s%s"
             "  - id: never\n"
             "    delay_days: 1\n"
             "    probability: 0\n",
             swap ? m2 : m1, swap ? m1 : m2);
    return with_section(with_section(minimal_scenario, "milestones", text), "options", idle_option);
}

/*
 * The drawn baseline is 0.2 and the drawn access floor 0 (the minimal scenario's default). The
 * effects of the milestones that hold on a day apply in the order the milestones began to
 * hold, the latest last; ties in file order. 'value' sets, 'scale' multiplies. m1 sets the
 * baseline to 0.6 and the floor to 0.5; m2 scales both by 0.5.
 *
 *   A: m1 at T = 10, m2 at T = 20:
 *      days 10..19: baseline 0.6, floor 0.5; from day 20, m1 then m2: 0.6 x 0.5 = 0.3, floor
 *      0.5 x 0.5 = 0.25.
 *      s(20) = 0.6 - 0.4 q^10; s(t) = 0.3 + (s(20) - 0.3) q^(t - 20) from day 20.
 *   B: m1 at T = 20, m2 at T = 10 (the order reversed):
 *      days 10..19: 0.2 x 0.5 = 0.1, floor 0 x 0.5 = 0; from day 20, m2 then m1: the value
 *      wins, 0.6 and 0.5.
 *      s(20) = 0.1 + 0.1 q^10; s(t) = 0.6 - (0.6 - s(20)) q^(t - 20) from day 20.
 *   C: both at T = 10, m1 listed first: 0.6 x 0.5 = 0.3 and 0.5 x 0.5 = 0.25 from day 10;
 *      s(t) = 0.3 - 0.1 q^(t - 10).
 *   D: both at T = 10, m2 listed first: 0.2 x 0.5 = 0.1, then 0.6; floor 0, then 0.5: 0.6 and
 *      0.5 from day 10; s(t) = 0.6 - 0.4 q^(t - 10).
 *   E: as A with m2 scaling by 4: 0.6 x 4 = 2.4 and 0.5 x 4 = 2, shares held within [0, 1]:
 *      1 and 1 from day 20.
 * Read after H = 15 (the parameters of day 14) and H = 30 (those of day 29, s(30), and the
 * access of day 29, floor + (1 - floor) x s(29)).
 */
static void test_two_effects_both_orders(void **state)
{
    (void)state;
    double A20 = 0.6 - 0.4 * pow(q, 10), B20 = 0.1 + 0.1 * pow(q, 10);
    static const char *const set_b = "value: 0.6", *const set_f = "value: 0.5",
                             *const half = "scale: 0.5";
    const struct {
        const char *name;
        double d1, d2;
        bool swap;
        double base15, floor15, base30, floor30, s29, s30;
    } cases[] = {
        {"A", 10, 20, false, 0.6, 0.5, 0.3, 0.25, 0.3 + (A20 - 0.3) * pow(q, 9),
         0.3 + (A20 - 0.3) * pow(q, 10)},
        {"B", 20, 10, false, 0.1, 0, 0.6, 0.5, 0.6 - (0.6 - B20) * pow(q, 9),
         0.6 - (0.6 - B20) * pow(q, 10)},
        {"C", 10, 10, false, 0.3, 0.25, 0.3, 0.25, 0.3 - 0.1 * pow(q, 19), 0.3 - 0.1 * pow(q, 20)},
        {"D", 10, 10, true, 0.6, 0.5, 0.6, 0.5, 0.6 - 0.4 * pow(q, 19), 0.6 - 0.4 * pow(q, 20)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *base =
            keep(two_effects(cases[i].d1, set_b, set_f, cases[i].d2, half, half, cases[i].swap));
        print_message("case %s\n", cases[i].name);
        struct sim s;
        const struct world *w = world_after(&s, base, 15, "o");
        assert_near(w->in->baseline[0], cases[i].base15, 1e-15);
        assert_near(w->in->access_floor, cases[i].floor15, 1e-15);
        sim_close(&s);
        w = world_after(&s, base, 30, "o");
        assert_near(w->in->baseline[0], cases[i].base30, 1e-15);
        assert_near(w->in->access_floor, cases[i].floor30, 1e-15);
        assert_near(w->sh.security[0], cases[i].s30, STEP_TOL);
        assert_near(w->sh.access[0], cases[i].floor30 + (1 - cases[i].floor30) * cases[i].s29,
                    STEP_TOL);
        sim_close(&s);
        free(base);
    }

    /* E: the shares held within [0, 1]. */
    char *base = keep(two_effects(10, set_b, set_f, 20, "scale: 4", "scale: 4", false));
    struct sim s;
    const struct world *w = world_after(&s, base, 30, "o");
    assert_near(w->in->baseline[0], 1, 0);
    assert_near(w->in->access_floor, 1, 0);
    sim_close(&s);
    free(base);

    /* One milestone's own effects apply in file order: [value 0.6, scale 0.5] gives 0.3,
     * [scale 0.5, value 0.6] gives 0.6 (the area named by id, then by position). */
    static const char *const one_milestone =
        "milestones:\n"
        "  - id: m\n"
        "    delay_days: 10\n"
        "    effects:\n"
        "      - path: areas.a.security_baseline\n"
        "        value: 0.6\n"
        "      - path: areas.0.security_baseline\n"
        "        scale: 0.5\n"
        "  - id: never\n"
        "    delay_days: 1\n"
        "    probability: 0\n";
    static const char *const one_milestone_swapped =
        "milestones:\n"
        "  - id: m\n"
        "    delay_days: 10\n"
        "    effects:\n"
        "      - path: areas.a.security_baseline\n"
        "        scale: 0.5\n"
        "      - path: areas.0.security_baseline\n"
        "        value: 0.6\n"
        "  - id: never\n"
        "    delay_days: 1\n"
        "    probability: 0\n";
    base = keep(with_section(with_section(minimal_scenario, "milestones", one_milestone), "options",
                             idle_option));
    w = world_after(&s, base, 20, "o");
    assert_near(w->in->baseline[0], 0.3, 1e-15);
    sim_close(&s);
    free(base);
    base = keep(with_section(with_section(minimal_scenario, "milestones", one_milestone_swapped),
                             "options", idle_option));
    w = world_after(&s, base, 20, "o");
    assert_near(w->in->baseline[0], 0.6, 1e-15);
    sim_close(&s);
    free(base);
}

/* ---- section 9.2: a lapse and its recovery ----------------------------------------------------
 */

static const char *const lapsing_baseline =
    "milestones:\n"
    "  - id: cf\n"
    "    delay_days: 10\n"
    "    effects:\n"
    "      - path: areas.a.security_baseline\n"
    "        value: 0.6\n"
    "    lapse:\n"
    "      probability: 1\n"
    "      after_days: 20\n"
    "      recovery_days: 15.5\n"
    "      recovery_probability: 1\n"
    "  - id: never\n"
    "    delay_days: 1\n"
    "    probability: 0\n";

/*
 * cf: T = 10, L = T + 20 = 30, V = L + 15.5 = 45.5. It holds at times [10, 30) and [45.5, inf):
 * its effect acts on days 10..29 and from day ceil(45.5) = 46. The baseline in force: 0.2 on
 * days 0..9, 0.6 on 10..29, 0.2 on 30..45 (back to the drawn value), 0.6 from 46.
 *   s(30) = 0.6 - 0.4 q^20;
 *   s(46) = 0.2 + (s(30) - 0.2) q^16;
 *   s(t)  = 0.6 - (0.6 - s(46)) q^(t - 46) for t >= 46.
 */
static void test_lapse_effect_off_and_on(void **state)
{
    (void)state;
    char *base = keep(with_section(with_section(minimal_scenario, "milestones", lapsing_baseline),
                                   "options", idle_option));
    double s30 = 0.6 - 0.4 * pow(q, 20), s46 = 0.2 + (s30 - 0.2) * pow(q, 16);
    struct sim s;
    const struct world *w = world_after(&s, base, 60, "o");
    assert_near(s.wk.timeline.T[0], 10, 0);
    assert_near(s.wk.timeline.L[0], 30, 0);
    assert_near(s.wk.timeline.V[0], 45.5, 0);
    assert_near(w->sh.security[0], 0.6 - (0.6 - s46) * pow(q, 14), STEP_TOL);
    sim_close(&s);
    static const struct {
        int horizon;
        double baseline;
    } in_force[] = {{30, 0.6}, {31, 0.2}, {46, 0.2}, {47, 0.6}};
    for (size_t i = 0; i < sizeof in_force / sizeof in_force[0]; i++) {
        /* The baseline in force on day H - 1: 29 -> 0.6, 30 -> 0.2, 45 -> 0.2, 46 -> 0.6. */
        w = world_after(&s, base, in_force[i].horizon, "o");
        assert_near(w->in->baseline[0], in_force[i].baseline, 0);
        sim_close(&s);
    }
    w = world_after(&s, base, 30, "o");
    assert_near(w->sh.security[0], s30, STEP_TOL);
    sim_close(&s);
    w = world_after(&s, base, 46, "o");
    assert_near(w->sh.security[0], s46, STEP_TOL);
    sim_close(&s);

    /* The run's records: cf lapsed on 30 and held again on 45.5 (both < H = 60); the metric
     * security_mean_end is s(59) = 0.6 - (0.6 - s(46)) q^13. */
    struct detrun d;
    detrun_open(&d, with_horizon(base, 60));
    assert_int_equal(d.res->acc.milestone_reached[0], 1);
    assert_int_equal(d.res->acc.milestone_lapsed[0], 1);
    assert_near(sketch_mean(&d.res->acc.lapse_day[0]), 30, SKETCH_TOL);
    assert_int_equal(d.res->acc.milestone_recovered[0], 1);
    assert_near(sketch_mean(&d.res->acc.recovery_day[0]), 45.5, SKETCH_TOL);
    assert_near(metric(&d, "o", M_SECURITY_MEAN_END), 0.6 - (0.6 - s46) * pow(q, 13), SKETCH_TOL);
    detrun_close(&d);
    /* H = 40: the recovery at 45.5 is beyond the horizon: lapsed, not recovered. */
    detrun_open(&d, with_horizon(base, 40));
    assert_int_equal(d.res->acc.milestone_lapsed[0], 1);
    assert_int_equal(d.res->acc.milestone_recovered[0], 0);
    detrun_close(&d);
    free(base);

    /* A lapse for good (recovery_probability 0, no recovery_days): L = 30, V infinite; the
     * baseline is 0.2 from day 30 on: s(60) = 0.2 + (s(30) - 0.2) q^30. */
    const char *for_good = replace_once(lapsing_baseline,
                                        "      recovery_days: 15.5\n"
                                        "      recovery_probability: 1\n",
                                        "      recovery_probability: 0\n");
    base = keep(with_section(with_section(minimal_scenario, "milestones", for_good), "options",
                             idle_option));
    w = world_after(&s, base, 60, "o");
    assert_near(s.wk.timeline.L[0], 30, 0);
    assert_true(isinf(s.wk.timeline.V[0]));
    assert_near(w->sh.security[0], 0.2 + (s30 - 0.2) * pow(q, 30), STEP_TOL);
    sim_close(&s);
    free(base);

    /* A lapse of probability 0.4 does not happen in deterministic mode (below 0.5): L and V
     * are infinite and the baseline stays 0.6: s(60) = 0.6 - 0.4 q^50. */
    const char *unlikely = replace_once(lapsing_baseline, "probability: 1\n      after_days",
                                        "probability: 0.4\n      after_days");
    base = keep(with_section(with_section(minimal_scenario, "milestones", unlikely), "options",
                             idle_option));
    w = world_after(&s, base, 60, "o");
    assert_true(isinf(s.wk.timeline.L[0]));
    assert_true(isinf(s.wk.timeline.V[0]));
    assert_near(w->sh.security[0], 0.6 - 0.4 * pow(q, 50), STEP_TOL);
    sim_close(&s);
    free(base);
}

/* ---- section 9.2: the crossings during a lapse and a closure --------------------------------- */

static const char *const crossing_milestones =
    "milestones:\n"
    "  - id: open\n"
    "    delay_days: 5\n"
    "  - id: cf\n"
    "    delay_days: 10\n"
    "    lapse:\n"
    "      after_days: 10\n"
    "      recovery_days: 10.5\n"
    "  - id: closure\n"
    "    delay_days: 40\n"
    "    lapse:\n"
    "      after_days: 5\n"
    "      recovery_probability: 0\n";

static const char *const crossing_humanitarian =
    "humanitarian:\n"
    "  trucks_per_day: 10\n"
    "  crossings:\n"
    "    - after: open\n"
    "      trucks_per_day: 20\n"
    "    - after: cf\n"
    "      trucks_per_day: 30\n"
    "    - after: closure\n"
    "      trucks_per_day: 2\n"
    "  cost_per_truck_usd: 1000\n"
    "  truck_shares: {food: 0.6, water: 0.4}\n";

/*
 * open: T = 5, for good. cf: T = 10, L = 20, V = 20 + 10.5 = 30.5: in force on days 10..19 and
 * from ceil(30.5) = 31. closure: T = 40, L = 45, no recovery: days 40..44.
 * The stages rank by the day first reached: open (5) < cf (10) < closure (40); a day has the
 * capacity of the highest-ranked stage in force, else the base 10:
 *   days 0..4: 10;  5..9: 20 (open);  10..19: 30 (cf);  20..30: 20 (cf lapsed, back to open);
 *   31..39: 30 (cf again);  40..44: 2 (the closure);  45..59: 30 (the closure over).
 * Money is ample: the trucks bought are the capacity. In 60 days: 5 x 10 + 5 x 20 + 10 x 30 +
 * 11 x 20 + 9 x 30 + 5 x 2 + 15 x 30 = 50 + 100 + 300 + 220 + 270 + 10 + 450 = 1400 trucks,
 * 1,400,000 USD.
 */
static void test_lapse_crossings(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "milestones", crossing_milestones);
    yaml = with_section(yaml, "humanitarian", crossing_humanitarian);
    yaml = with_section(yaml, "donors",
                        "donors:\n"
                        "  - id: d\n"
                        "    name: Donor\n"
                        "    pledges:\n"
                        "      - amount_usd: 1.0e+7\n"
                        "        purpose: humanitarian\n");
    yaml = with_section(yaml, "options",
                        "options:\n"
                        "  - id: o\n"
                        "    name: No force\n"
                        "    starts_when: open\n"
                        "    sources: []\n");
    char *base = keep(yaml);
    struct sim s;
    const struct world *w = world_after(&s, base, 60, "o");
    const struct timeline *tl = &s.wk.timeline;
    assert_int_equal(tl->stage_reach[0], 5);
    assert_int_equal(tl->stage_reach[1], 10);
    assert_int_equal(tl->stage_reach[2], 40);
    static const struct {
        int from, to;
        double cap;
    } runs[] = {{0, 4, 10},   {5, 9, 20},  {10, 19, 30}, {20, 30, 20},
                {31, 39, 30}, {40, 44, 2}, {45, 59, 30}};
    double trucks = 0;
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        for (int t = runs[i].from; t <= runs[i].to; t++) {
            if (tl->stage_cap[t] != runs[i].cap)
                print_error("day %d: capacity %g, expected %g\n", t, tl->stage_cap[t], runs[i].cap);
            assert_near(tl->stage_cap[t], runs[i].cap, 0);
            trucks += runs[i].cap;
        }
    assert_near(trucks, 1400, 0);
    assert_near(*world_spent(w, PURPOSE_HUMANITARIAN), 1400000, 1e-6);
    /* The last day, 59, bought the 30 trucks of its capacity. */
    assert_near(*w->sh.trucks, 30, 1e-12);
    sim_close(&s);
    /* The last day of H = 43 is day 42, in the closure: 2 trucks. */
    w = world_after(&s, base, 43, "o");
    assert_near(*w->sh.trucks, 2, 1e-12);
    sim_close(&s);
    free(base);
}

/* ---- section 9.2: a pledge pays nothing while its milestone has lapsed ----------------------- */

static const char *const pledge_milestones =
    "milestones:\n"
    "  - id: cf\n"
    "    delay_days: 10\n"
    "    lapse:\n"
    "      after_days: 10\n"
    "      recovery_days: 10.5\n";

static const char *const paused_pledges =
    "donors:\n"
    "  - id: d\n"
    "    name: Donor\n"
    "    pledges:\n"
    "      - amount_usd: 1000\n"
    "        purpose: security\n"
    "        requires: cf\n"
    "        spread_days: 40\n"
    "      - amount_usd: 1000\n"
    "        purpose: reconstruction\n"
    "        requires: cf\n"
    "        lag_days: 12\n"
    "        spread_days: 40\n";

/*
 * cf: T = 10, L = 20, V = 30.5; it holds on days 10..19 and from 31.
 * Pledge 0: first day ceil(10 + 0) = 10, 1000 / 40 = 25 a day on days 10..49; it pays on the
 *   days cf holds: 10..19 (10 days) and 31..49 (19 days): 29 x 25 = 725; the 11 days 20..30 are
 *   lost (275).
 * Pledge 1: the first time cf holds is 10; first day ceil(10 + 12) = 22 (inside the lapse), 25 a
 *   day on days 22..61; paid on 31..61: 31 x 25 = 775.
 * Nothing spends security or reconstruction money (the option has no force, no sectors), so the
 * pools keep it all: H = 70: security 725, reconstruction 775, income 1500.
 * H = 25 (days 0..24): pledge 0 paid 10 days (250), pledge 1 nothing yet (days 22..24 lapsed).
 */
static void test_lapse_pledge_paused(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "milestones", pledge_milestones);
    yaml = with_section(yaml, "donors", paused_pledges);
    yaml = with_section(yaml, "options",
                        "options:\n"
                        "  - id: o\n"
                        "    name: No force\n"
                        "    starts_when: cf\n"
                        "    sources: []\n");
    char *base = keep(yaml);
    struct sim s;
    const struct world *w = world_after(&s, base, 70, "o");
    assert_int_equal(w->pledge_first[0], 10);
    assert_int_equal(w->pledge_first[1], 22);
    assert_near(w->pledge_daily[0], 25, 0);
    assert_near(*w->sh.income, 1500, 1e-9);
    assert_near(funding_balance(w, PURPOSE_SECURITY), 725, 1e-9);
    assert_near(funding_balance(w, PURPOSE_RECONSTRUCTION), 775, 1e-9);
    sim_close(&s);
    w = world_after(&s, base, 25, "o");
    assert_near(*w->sh.income, 250, 1e-9);
    assert_near(funding_balance(w, PURPOSE_SECURITY), 250, 1e-9);
    assert_near(funding_balance(w, PURPOSE_RECONSTRUCTION), 0, 0);
    sim_close(&s);
    free(base);
}

/* ---- section 9.2: milestones that wait on a lapsing one ---------------------------------------
 */

static const char *const dependent_milestones =
    "milestones:\n"
    "  - id: cf\n"
    "    delay_days: 10\n"
    "    lapse:\n"
    "      after_days: 10\n"
    "      recovery_days: 10.5\n"
    "  - id: other\n"
    "    delay_days: 25\n"
    "  - id: dep\n"
    "    after: cf\n"
    "    delay_days: 15\n"
    "  - id: dep2\n"
    "    after: cf\n"
    "    delay_days: 5\n"
    "  - id: dep3\n"
    "    any_of: [cf, other]\n"
    "    delay_days: 8\n"
    "  - id: dep4\n"
    "    any_of: [cf, other]\n"
    "    delay_days: 12\n"
    "  - id: dep5\n"
    "    after: cf\n"
    "    delay_days: 10\n"
    "  - id: dep6\n"
    "    after: dep\n"
    "    delay_days: 1\n"
    "  - id: dep7\n"
    "    after: [other, cf]\n"
    "    delay_days: 3\n";

/*
 * cf holds on [10, 20) and [30.5, inf); other on [25, inf). A milestone is reached at b + delay,
 * b the start of the first stretch of its prerequisites' set that lasts beyond b + delay
 * (strictly):
 *   dep  (after cf, 15): [10, 20) ends at 20, not beyond 10 + 15 = 25; [30.5, inf): 45.5;
 *        the delay counted from the recovery, V + 15. Its parent: cf (began at 30.5).
 *   dep2 (after cf, 5): 20 > 15: T = 15, parent cf.
 *   dep3 (any_of cf, other, 8): the union [10, 20) u [25, inf); 20 > 18: T = 18, parent cf.
 *   dep4 (any_of cf, other, 12): 20 > 22 fails; [25, inf): T = 37, parent other (which began
 *        at 25; cf did not).
 *   dep5 (after cf, 10): 20 > 20 fails (the stretch must last beyond b + delay): 40.5.
 *   dep6 (after dep, 1): dep holds from 45.5: 46.5, parent dep.
 *   dep7 (after other and cf, 3): both hold on [30.5, inf): 33.5, parent cf (the one that began
 *        at 30.5).
 */
static void test_lapse_dependent_milestones(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "milestones", dependent_milestones);
    yaml = with_section(yaml, "options", idle_option);
    /* 'never' is not in this list: start the option with 'other' instead. */
    char *base = keep(replace_once(yaml, "starts_when: never", "starts_when: other"));
    struct sim s;
    sim_open(&s, base);
    const struct timeline *tl = &s.wk.timeline;
    static const struct {
        const char *id;
        double T;
        const char *parent;
    } cases[] = {
        {"dep", 45.5, "cf"},  {"dep2", 15, "cf"},    {"dep3", 18, "cf"},   {"dep4", 37, "other"},
        {"dep5", 40.5, "cf"}, {"dep6", 46.5, "dep"}, {"dep7", 33.5, "cf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int m = index_of_milestone(s.scn, cases[i].id);
        print_message("milestone %s\n", cases[i].id);
        assert_near(tl->T[m], cases[i].T, 0);
        assert_int_equal(tl->parent[m], index_of_milestone(s.scn, cases[i].parent));
    }
    sim_close(&s);
    struct detrun d;
    detrun_open(&d, base);
    assert_near(sketch_mean(&d.res->acc.milestone_day[index_of_milestone(d.scn, "dep")]), 45.5,
                SKETCH_TOL);
    detrun_close(&d);
    free(base);
}

/* ---- section 9.2: an option and a contingent wait until their milestones hold together ------- */

static const char *const waiting_milestones =
    "milestones:\n"
    "  - id: cf\n"
    "    delay_days: 10\n"
    "    lapse:\n"
    "      after_days: 10\n"
    "      recovery_days: 10.5\n"
    "  - id: late\n"
    "    delay_days: 25\n"
    "  - id: early\n"
    "    delay_days: 22\n";

static const char *const waiting_options =
    "options:\n"
    "  - id: both\n"
    "    name: Waits for late and cf together\n"
    "    starts_when: [late, cf]\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        lead_time_days: 0\n"
    "  - id: cont\n"
    "    name: Its contingent waits for cf\n"
    "    starts_when: early\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        requires: cf\n"
    "        lead_time_days: 2\n";

/*
 * cf holds on [10, 20) and [30.5, inf); late from 25; early from 22.
 *   both: S = the first time late and cf hold together = 30.5 (late alone from 25 is not
 *         enough): start day 31; its contingent (no requires) is triggered at S, arrives on
 *         ceil(30.5 + 0) = 31. Critical chain: of its starts_when, the one that last began to
 *         hold latest before S is cf (at 30.5; late at 25): cf is critical, late is not.
 *   cont: S = 22; its contingent requires cf: triggered at the first time from 22 at which cf
 *         holds, 30.5; it arrives on ceil(30.5 + 2) = 33. Critical: early.
 */
static void test_lapse_option_and_contingent_wait(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "milestones", waiting_milestones);
    char *base = keep(with_section(yaml, "options", waiting_options));
    struct sim s;
    sim_open(&s, with_horizon(base, 40));
    const struct world *w = sim_option(&s, "both");
    assert_near(w->start, 30.5, 0);
    assert_int_equal(w->start_day, 31);
    assert_int_equal(w->sources[0].arrival, 31);
    assert_near(w->force[0], 20, 1e-12);
    w = sim_option(&s, "cont");
    assert_near(w->start, 22, 0);
    assert_int_equal(w->start_day, 22);
    assert_near(s.wk.timeline.trigger[s.plan.contingent_base[1]], 30.5, 0);
    assert_int_equal(w->sources[0].arrival, 33);
    assert_near(w->force[0], 20, 1e-12);
    sim_close(&s);

    struct detrun d;
    detrun_open(&d, with_horizon(base, 40));
    assert_near(metric(&d, "both", M_START_DAY), 30.5, SKETCH_TOL);
    assert_near(metric(&d, "cont", M_START_DAY), 22, SKETCH_TOL);
    assert_near(criticality(&d, "both", "cf"), 1, 0);
    assert_near(criticality(&d, "both", "late"), 0, 0);
    assert_near(criticality(&d, "cont", "early"), 1, 0);
    assert_near(criticality(&d, "cont", "cf"), 0, 0);
    detrun_close(&d);
    free(base);
}

/* ---- section 9.2: a milestone that lapses as it is reached never opened anything ---------------
 */

/* cf is reached at 20 and lapses at once (after_days 0): T = L = 20, so T <= t < L holds for no
 * t. '%s' is its recovery. */
static const char *const at_once_milestones =
    "milestones:\n"
    "  - id: go\n"
    "    delay_days: 10\n"
    "  - id: cf\n"
    "    delay_days: 20\n"
    "    lapse:\n"
    "      after_days: 0\n"
    "%s";

static const char *const at_once_option =
    "options:\n"
    "  - id: o\n"
    "    name: Trains at a center that opens after cf\n"
    "    starts_when: go\n"
    "    training_centers:\n"
    "      - id: k\n"
    "        seats: 100\n"
    "        course_days: 5\n"
    "        washout: 0\n"
    "        setup_days: 2\n"
    "        opens_after: cf\n"
    "    sources:\n"
    "      - id: s\n"
    "        kind: pool\n"
    "        size: 100\n"
    "        vetting_pass: 1\n"
    "        center: k\n";

static const char *const at_once_reconstruction =
    "reconstruction:\n"
    "  starts_after: cf\n"
    "  min_security: 0\n"
    "  sectors:\n"
    "    - id: housing\n"
    "      damaged_units: {a: 10}\n"
    "      unit_cost_usd: 1\n"
    "      build_days: 1\n"
    "      max_units_per_day: 1\n"
    "      tonnes_per_unit: 0\n"
    "      restores: {persons: 1}\n";

/*
 * Section 9.2: a center's opens_after and reconstruction's starts_after use the first time
 * their milestone holds. cf never holds without a recovery: the center never opens (its day is
 * past every horizon) and nothing is built; with recovery_days 10.5 it holds from V = 30.5: the
 * center opens on ceil(30.5 + 2) = 33 and building may start on ceil(30.5) = 31. (Before, both
 * used T = 20: the center opened on day 22 and building began on day 20.)
 */
static void test_lapse_at_once_opens_nothing(void **state)
{
    (void)state;
    const char *recoveries[] = {"      recovery_probability: 0\n", "      recovery_days: 10.5\n"};
    const int open_days[] = {INT32_MAX, 33}, rebuild_days[] = {INT32_MAX, 31};
    for (int k = 0; k < 2; k++) {
        char milestones[512];
        snprintf(milestones, sizeof milestones, at_once_milestones, recoveries[k]);
        const char *yaml = with_section(minimal_scenario, "milestones", milestones);
        yaml = with_section(yaml, "options", at_once_option);
        char *base = keep(with_section(yaml, "reconstruction", at_once_reconstruction));
        struct sim s;
        sim_open(&s, with_horizon(base, 60));
        const struct world *w = sim_option(&s, "o");
        assert_near(s.wk.timeline.T[1], 20, 0);
        assert_near(s.wk.timeline.L[1], 20, 0);
        assert_int_equal(w->centers[0].open_day, open_days[k]);
        assert_int_equal(w->in->rebuild_day, rebuild_days[k]);
        sim_close(&s);
        free(base);
    }
}

/* ---- section 9.3: returns on their own ------------------------------------------------------ */

static const char *const no_force =
    "options:\n"
    "  - id: o\n"
    "    name: No force\n"
    "    starts_when: go\n"
    "    sources: []\n";

static const char *returns_base(const char *milestones, const char *returns)
{
    const char *yaml = with_section(minimal_scenario, "options", no_force);
    if (milestones)
        yaml = with_section(yaml, "milestones", milestones);
    return returns ? with_section_before_donors(yaml, returns) : yaml;
}

/*
 * One area of 1000 with displaced_share 0.5: D0 = 500. No sectors, so nobody returns to rebuilt
 * housing. Security stays at the baseline 0.2 (no force, no incidents) unless an effect moves
 * it. With rate r on n days, displaced = 500 (1 - r)^n and returned_own = 500 - that.
 */
static void test_returns_fixed_rate(void **state)
{
    (void)state;
    static const char *const plain =
        "returns:\n"
        "  rate_per_day: 0.01\n"
        "  min_security: 0.1\n";
    char *base = keep(returns_base(NULL, plain));
    /* Security 0.2 >= 0.1 every day, no after: returns on each of days 0..H-1.
     * H = 10: 500 x 0.99^10 = 452.191...; H = 100: 500 x 0.99^100 = 183.016... */
    struct sim s;
    const struct world *w = world_after(&s, base, 10, "o");
    assert_near(w->sh.displaced[0], 500 * pow(0.99, 10), 1e-9);
    assert_near(*w->sh.returned_own, 500 - 500 * pow(0.99, 10), 1e-9);
    assert_near(*w->sh.returned_housing, 0, 0);
    sim_close(&s);
    struct detrun d;
    detrun_open(&d, with_horizon(base, 100));
    assert_near(metric(&d, "o", M_DISPLACED_END), 500 * pow(0.99, 100), 1e-9);
    assert_near(metric(&d, "o", M_RETURNED_OWN), 500 - 500 * pow(0.99, 100), 1e-9);
    assert_near(metric(&d, "o", M_RETURNED_HOUSING), 0, 0);
    detrun_close(&d);
    free(base);

    /* min_security 0.3 above the security of 0.2: nobody returns. */
    base = keep(returns_base(NULL, replace_once(plain, "min_security: 0.1", "min_security: 0.3")));
    detrun_open(&d, with_horizon(base, 100));
    assert_near(metric(&d, "o", M_DISPLACED_END), 500, 0);
    assert_near(metric(&d, "o", M_RETURNED_OWN), 0, 0);
    detrun_close(&d);
    free(base);

    /* after: [cf], cf holding on days 10..29 and from 46 (T = 10, L = 30, V = 45.5): with H = 60
     * returns on 20 + 14 = 34 days: 500 x 0.99^34. */
    static const char *const lapsing =
        "milestones:\n"
        "  - id: go\n"
        "    delay_days: 10\n"
        "  - id: cf\n"
        "    delay_days: 10\n"
        "    lapse:\n"
        "      after_days: 20\n"
        "      recovery_days: 15.5\n";
    base = keep(returns_base(lapsing,
                             "returns:\n"
                             "  rate_per_day: 0.01\n"
                             "  min_security: 0.1\n"
                             "  after: [cf]\n"));
    detrun_open(&d, with_horizon(base, 60));
    assert_near(metric(&d, "o", M_DISPLACED_END), 500 * pow(0.99, 34), 1e-9);
    assert_near(metric(&d, "o", M_RETURNED_OWN), 500 - 500 * pow(0.99, 34), 1e-9);
    detrun_close(&d);
    /* H = 30: days 10..29, 20 days; H = 46: still 20 (days 30..45 lapsed). */
    detrun_open(&d, with_horizon(base, 30));
    assert_near(metric(&d, "o", M_DISPLACED_END), 500 * pow(0.99, 20), 1e-9);
    detrun_close(&d);
    detrun_open(&d, with_horizon(base, 46));
    assert_near(metric(&d, "o", M_DISPLACED_END), 500 * pow(0.99, 20), 1e-9);
    detrun_close(&d);
    free(base);

    /* min_security 0.3, and a milestone at T = 10 sets the baseline to 0.6: security
     * s(t) = 0.6 - 0.4 q^(t - 10) from day 10. s(18) = 0.6 - 0.4 q^8 = 0.6 - 0.4 x 0.76245 =
     * 0.29502 < 0.3; s(19) = 0.6 - 0.4 q^9 = 0.6 - 0.4 x 0.73704 = 0.30518 >= 0.3. Returns on
     * days 19..39 with H = 40: 21 days. */
    static const char *const safer =
        "milestones:\n"
        "  - id: go\n"
        "    delay_days: 10\n"
        "    effects:\n"
        "      - path: areas.a.security_baseline\n"
        "        value: 0.6\n";
    assert_true(0.6 - 0.4 * pow(q, 8) < 0.3);
    assert_true(0.6 - 0.4 * pow(q, 9) >= 0.3);
    base = keep(returns_base(safer,
                             "returns:\n"
                             "  rate_per_day: 0.01\n"
                             "  min_security: 0.3\n"));
    detrun_open(&d, with_horizon(base, 40));
    assert_near(metric(&d, "o", M_DISPLACED_END), 500 * pow(0.99, 21), 1e-9);
    detrun_close(&d);
    free(base);

    /* An effect on the rate: scale 2 from T = 10: 0.01 on days 0..9, 0.02 on 10..19 (H = 20):
     * 500 x 0.99^10 x 0.98^10. */
    static const char *const faster =
        "milestones:\n"
        "  - id: go\n"
        "    delay_days: 10\n"
        "    effects:\n"
        "      - path: returns.rate_per_day\n"
        "        scale: 2\n";
    base = keep(returns_base(faster, plain));
    detrun_open(&d, with_horizon(base, 20));
    assert_near(metric(&d, "o", M_DISPLACED_END), 500 * pow(0.99, 10) * pow(0.98, 10), 1e-9);
    detrun_close(&d);
    free(base);

    /* Without a returns block the rate and the threshold are 0; an effect may still set the
     * rate: 0.01 from day 10, threshold 0: H = 20 gives 500 x 0.99^10. */
    static const char *const from_nothing =
        "milestones:\n"
        "  - id: go\n"
        "    delay_days: 10\n"
        "    effects:\n"
        "      - path: returns.rate_per_day\n"
        "        value: 0.01\n";
    base = keep(returns_base(from_nothing, NULL));
    detrun_open(&d, with_horizon(base, 20));
    assert_near(metric(&d, "o", M_DISPLACED_END), 500 * pow(0.99, 10), 1e-9);
    assert_near(metric(&d, "o", M_RETURNED_OWN), 500 - 500 * pow(0.99, 10), 1e-9);
    detrun_close(&d);
    free(base);
}

/* ---- section 9.5: contingents that pay their own way --------------------------------------- */

static const char *const self_paid_options =
    "options:\n"
    "  - id: self\n"
    "    name: Paid by its country\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 4\n"
    "        lead_time_days: 0\n"
    "        pay_per_person_day: 50\n"
    "        paid_by: self\n"
    "  - id: free4\n"
    "    name: The same at no pay\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 4\n"
    "        lead_time_days: 0\n"
    "  - id: mixed\n"
    "    name: One self-paid, one from the pools\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 4\n"
    "        lead_time_days: 0\n"
    "        pay_per_person_day: 50\n"
    "        paid_by: self\n"
    "      - id: j\n"
    "        kind: contingent\n"
    "        country: JO\n"
    "        size: 2\n"
    "        lead_time_days: 0\n"
    "        pay_per_person_day: 50\n"
    "  - id: free6\n"
    "    name: Both at no pay\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 4\n"
    "        lead_time_days: 0\n"
    "      - id: j\n"
    "        kind: contingent\n"
    "        country: JO\n"
    "        size: 2\n"
    "        lead_time_days: 0\n";

/* The minimal scenario with 'options' and one donor of 5000 for humanitarian trucks alone:
 * no money for security (in with_section()'s buffers). */
static const char *with_trucks_money_only(const char *options)
{
    const char *yaml = with_section(minimal_scenario, "donors",
                                    "donors:\n"
                                    "  - id: d\n"
                                    "    name: Donor\n"
                                    "    pledges:\n"
                                    "      - amount_usd: 5000\n"
                                    "        purpose: humanitarian\n");
    return with_section(yaml, "options", options);
}

/*
 * No money for security at all: one donor, 5000 for humanitarian trucks (10 a day at 1000: all
 * of it on day 0). The contingents arrive on day ceil(10 + 0) = 10 at full strength and are
 * paid on day t for their strength of day t - 1: days 11..29 with H = 30, 19 days.
 *   self:  EG pays 4 x 50 x 19 = 3800 itself: cost_by_donor "self:EG" 3800, the donor 5000;
 *          security 3800; cost_total 5000 + 3800 = 8800. Its pay is never short, so the
 *          unfunded money is that of 'free4' (the same force at no pay: same security, same
 *          needs). 4 < half of the 10 required: short on days 20 and 29, and the reason is not
 *          money but supply (nothing on the way, nobody lost).
 *   mixed: EG's 3800 as above; JO's pay, 2 x 50 x 19 = 1900, is due from the pools, which are
 *          empty: all of it unfunded, in arrears. The unfunded money is that of 'free6' plus
 *          1900. Its 6 reach half of 10: deployed on both days.
 * Money conserved: income (5000 + the self pay 3800) = spent (8800) + balances (0).
 */
static void test_paid_by_self(void **state)
{
    (void)state;
    const char *yaml = with_trucks_money_only(self_paid_options);
    char *base = keep(with_horizon(with_top_line(yaml, "check_days: [20, 29]\n"), 30));
    struct detrun d;
    detrun_open(&d, base);
    const struct plan *plan = &d.res->plan;
    assert_int_equal(plan->n_donors, 1);
    assert_int_equal(plan->n_self_payers, 1);
    assert_string_equal(plan->payer_ids[1], "self:EG");
    assert_string_equal(plan->payer_names[1], "EG, for its own contingents");
    assert_near(by_payer(&d, "self", 1), 3800, CENT);
    assert_near(by_payer(&d, "self", 0), 5000, CENT);
    assert_near(by_purpose(&d, "self", PURPOSE_SECURITY), 3800, CENT);
    assert_near(by_purpose(&d, "self", PURPOSE_HUMANITARIAN), 5000, CENT);
    assert_near(metric(&d, "self", M_COST_TOTAL_USD), 8800, CENT);
    assert_near(metric(&d, "self", M_UNFUNDED_USD), metric(&d, "free4", M_UNFUNDED_USD), CENT);
    assert_near(by_payer(&d, "free4", 1), 0, 0);
    assert_near(by_payer(&d, "mixed", 1), 3800, CENT);
    assert_near(by_purpose(&d, "mixed", PURPOSE_SECURITY), 3800, CENT);
    assert_near(metric(&d, "mixed", M_COST_TOTAL_USD), 8800, CENT);
    assert_near(metric(&d, "mixed", M_UNFUNDED_USD) - metric(&d, "free6", M_UNFUNDED_USD), 1900,
                2 * CENT);
    static const int days[] = {20, 29};
    for (size_t i = 0; i < 2; i++) {
        int k = plan_tracked_index(plan, days[i]);
        assert_true(k >= 0);
        const struct option_acc *self = option_acc_of(&d, "self");
        assert_int_equal(self->deployed_by[k], 0);
        assert_int_equal(self->short_by[k][SHORT_MONEY], 0);
        assert_int_equal(self->short_by[k][SHORT_SUPPLY], 1);
        assert_int_equal(option_acc_of(&d, "mixed")->deployed_by[k], 1);
    }
    detrun_close(&d);

    struct sim s;
    sim_open(&s, base);
    const struct world *w = sim_option(&s, "self");
    assert_near(w->self_spent[0], 3800, 1e-9);
    assert_near(*w->pay_share, 1, 0);
    assert_near(*w->sh.income, 8800, 1e-9);
    double spent = 0, held = 0;
    for (int p = 0; p < N_POOL_PURPOSES; p++)
        spent += *world_spent(w, p);
    for (int k = 0; k < N_POOLS * s.plan.n_donors; k++)
        held += w->sh.pools[k];
    assert_near(spent, 8800, 1e-9);
    assert_near(held, 0, 1e-9);
    /* The donors' spending (5000) and the self pay (3800) add up to the purposes' (8800). */
    assert_near(w->sh.spent_by_donor[0] + w->self_spent[0], spent, 1e-9);
    /* mixed: JO's pay is due and none of it is met, u = 0; EG's takes no part in u. */
    w = sim_option(&s, "mixed");
    assert_near(w->self_spent[0], 3800, 1e-9);
    assert_near(*w->pay_share, 0, 0);
    sim_close(&s);
    free(base);
}

/* ---- section 9.4: the coverage IOC asks for ----------------------------------------------------
 */

/*
 * A contingent of 10 arrives on day 10 and ramps up over 10 days: 10 x (t - 9) / 10 = t - 9 on
 * days 10..19. The requirement is 10, so coverage is (t - 9) / 10, and IOC is the first day on
 * which it is at least ioc_coverage:
 *   1 (the default): t - 9 >= 10, day 19;  0.5: t - 9 >= 5, day 14;  0.45: t - 9 >= 4.5, day 14;
 *   0.55: t - 9 >= 5.5, day 15;  uniform(0.4, 0.6), whose central value is 0.5: day 14;
 *   1.2: never (coverage stops at 1): no ioc_day, p_ioc 0.
 */
static void test_ioc_coverage(void **state)
{
    (void)state;
    static const char *const ramping =
        "options:\n"
        "  - id: o\n"
        "    name: Ramping\n"
        "    starts_when: go\n"
        "    sources:\n"
        "      - id: c\n"
        "        kind: contingent\n"
        "        country: EG\n"
        "        size: 10\n"
        "        lead_time_days: 0\n"
        "        ramp_days: 10\n";
    static const struct {
        const char *ioc;
        double day;
    } cases[] = {{NULL, 19},
                 {"0.5", 14},
                 {"0.45", 14},
                 {"0.55", 15},
                 {"{dist: uniform, min: 0.4, max: 0.6}", 14},
                 {"1.2", (double)NAN}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *yaml = with_section(minimal_scenario, "options", ramping);
        if (cases[i].ioc) {
            char line[128];
            snprintf(line, sizeof line, "spoiler_incidents_per_100k_day: 0.2\n  ioc_coverage: %s\n",
                     cases[i].ioc);
            yaml = replace_once(yaml, "spoiler_incidents_per_100k_day: 0.2\n", line);
        }
        struct detrun d;
        detrun_open(&d, yaml);
        print_message("ioc_coverage %s\n", cases[i].ioc ? cases[i].ioc : "(default)");
        if (isnan(cases[i].day)) {
            assert_true(isnan(metric(&d, "o", M_IOC_DAY)));
            assert_int_equal(option_acc_of(&d, "o")->ioc, 0);
        } else {
            assert_near(metric(&d, "o", M_IOC_DAY), cases[i].day, SKETCH_TOL);
            assert_int_equal(option_acc_of(&d, "o")->ioc, 1);
        }
        detrun_close(&d);
    }
}

/* ---- section 9.6: why an option falls short -------------------------------------------------- */

#define NONE (-1)

/* Asserts what option 'id' shows on tracked day 'day' of a deterministic run: deployed (reason
 * NONE) or short for 'reason', and, for not_started, held back by milestone 'held'; that the
 * shares sum to 1 - p_deployed_by; and that no other reason or milestone is counted. */
static void assert_day(const struct detrun *d, const char *id, int day, int reason,
                       const char *held)
{
    const struct plan *plan = &d->res->plan;
    const struct option_acc *oa = option_acc_of(d, id);
    int k = plan_tracked_index(plan, day);
    print_message("option %s, day %d\n", id, day);
    assert_true(k >= 0);
    uint64_t shorts = 0;
    for (int r = 0; r < N_SHORT_REASONS; r++) {
        shorts += oa->short_by[k][r];
        if (oa->short_by[k][r] != (r == reason ? 1u : 0u))
            print_error("option %s, day %d: %s counted %llu times, expected %d\n", id, day,
                        short_reason_names[r], (unsigned long long)oa->short_by[k][r], r == reason);
    }
    for (int r = 0; r < N_SHORT_REASONS; r++)
        assert_int_equal(oa->short_by[k][r], r == reason ? 1 : 0);
    assert_int_equal(oa->deployed_by[k], reason == NONE ? 1 : 0);
    /* The shares of the reasons sum to 1 - p_deployed_by. */
    assert_int_equal(oa->deployed_by[k] + shorts, d->res->acc.replications);
    int want = held ? index_of_milestone(d->scn, held) : -1;
    for (int m = 0; m < plan->n_milestones; m++) {
        uint64_t n = oa->held_by[(size_t)k * (size_t)plan->n_milestones + (size_t)m];
        if (n != (m == want ? 1u : 0u))
            print_error("option %s, day %d: held by %s %llu times\n", id, day,
                        d->scn->milestones[m].id, (unsigned long long)n);
        assert_int_equal(n, m == want ? 1 : 0);
    }
}

static const char *const held_back_milestones =
    "milestones:\n"
    "  - id: a\n"
    "    delay_days: 10\n"
    "  - id: b\n"
    "    after: a\n"
    "    delay_days: 30\n"
    "  - id: never\n"
    "    delay_days: 1\n"
    "    probability: 0\n"
    "  - id: c\n"
    "    any_of: [never, b]\n"
    "    delay_days: 1\n"
    "  - id: cf\n"
    "    delay_days: 10\n"
    "    lapse:\n"
    "      after_days: 10\n"
    "      recovery_days: 10.5\n"
    "  - id: late\n"
    "    delay_days: 25\n";

/* An option that starts when 'starts' hold, with a contingent of 20 arriving at once. */
static void add_contingent_option(char *out, size_t cap, const char *id, const char *starts)
{
    size_t used = strlen(out);
    snprintf(out + used, cap - used,
             "  - id: %s\n"
             "    name: %s\n"
             "    starts_when: %s\n"
             "    sources:\n"
             "      - id: c\n"
             "        kind: contingent\n"
             "        country: EG\n"
             "        size: 20\n"
             "        lead_time_days: 0\n",
             id, id, starts);
}

/*
 * not_started alone. H = 80, check days 5, 20, 22, 27, 50 (90, 180 and 365 are past H).
 * a: T = 10; b (after a, 30): 40; never: no; c (any_of never, b; 1): 41; cf: T = 10, L = 20,
 * V = 30.5; late: 25. Each option brings 20 people the day it starts (R = 10, half 5): once
 * started it is never short.
 *   o (starts_when b): S = 40. Day 5: b does not hold, nor its prerequisite a, which has none:
 *     held by a. Days 20, 22, 27: a holds, b does not: held by b. Day 50: 20 deployed.
 *   o_never (starts_when never): held by never on every day.
 *   o_any (starts_when c): c has no after and none of its any_of holds (never, b): the first of
 *     any_of, never, which has no prerequisites: held by never on days 5..27. S = 41: day 50
 *     deployed.
 *   o_waits (starts_when [late, cf]): S = 30.5. Days 5, 20, 22: late (the first listed) does not
 *     hold: held by late. Day 27: late holds, cf has lapsed (20 <= 27 < 30.5): held by cf.
 *     Day 50: deployed.
 * The start of o is day 40 with 20 deployed at once: days_to_half = 0; o_never never starts:
 * no days_to_half, and p_half has no replication that started.
 */
static void test_short_not_started(void **state)
{
    (void)state;
    char options[2048] = "options:\n";
    add_contingent_option(options, sizeof options, "o", "b");
    add_contingent_option(options, sizeof options, "o_never", "never");
    add_contingent_option(options, sizeof options, "o_any", "c");
    add_contingent_option(options, sizeof options, "o_waits", "[late, cf]");
    const char *yaml = with_section(minimal_scenario, "milestones", held_back_milestones);
    yaml = with_section(yaml, "options", options);
    yaml = with_horizon(with_top_line(yaml, "check_days: [5, 20, 22, 27, 50]\n"), 80);
    struct detrun d;
    detrun_open(&d, yaml);
    assert_day(&d, "o", 5, SHORT_NOT_STARTED, "a");
    assert_day(&d, "o", 20, SHORT_NOT_STARTED, "b");
    assert_day(&d, "o", 22, SHORT_NOT_STARTED, "b");
    assert_day(&d, "o", 27, SHORT_NOT_STARTED, "b");
    assert_day(&d, "o", 50, NONE, NULL);
    static const int days[] = {5, 20, 22, 27, 50};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        assert_day(&d, "o_never", days[i], SHORT_NOT_STARTED, "never");
    for (size_t i = 0; i < 4; i++)
        assert_day(&d, "o_any", days[i], SHORT_NOT_STARTED, "never");
    assert_day(&d, "o_any", 50, NONE, NULL);
    assert_day(&d, "o_waits", 5, SHORT_NOT_STARTED, "late");
    assert_day(&d, "o_waits", 20, SHORT_NOT_STARTED, "late");
    assert_day(&d, "o_waits", 22, SHORT_NOT_STARTED, "late");
    assert_day(&d, "o_waits", 27, SHORT_NOT_STARTED, "cf");
    assert_day(&d, "o_waits", 50, NONE, NULL);
    assert_near(metric(&d, "o", M_DAYS_TO_HALF), 0, 0);
    assert_int_equal(option_acc_of(&d, "o")->half, 1);
    assert_true(isnan(metric(&d, "o_never", M_DAYS_TO_HALF)));
    assert_int_equal(option_acc_of(&d, "o_never")->started, 0);
    assert_int_equal(option_acc_of(&d, "o_never")->half, 0);
    /* o_waits starts at 30.5, day 31, with 20 at once: 0 days to half. */
    assert_near(metric(&d, "o_waits", M_DAYS_TO_HALF), 0, 0);
    detrun_close(&d);
}

static const char *const arrears_options =
    "options:\n"
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
    "        pay_per_person_day: 10\n"
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
    "        pay_per_person_day: 10\n";

/*
 * money alone. required_per_1000 150: R = 150, half 75. A pool of 100 enters vetting on day 10,
 * passes on 11, deploys on 12; pay (10 a day) is due from day 13 for the strength of day 12.
 * q = 1 - 0.5^(1/365) = 0.0018972. 'unpaid' has no security money: from day 13 no pay is met,
 * u = 0, and the daily attrition is q (1 + (3 - 1)(1 - 0)) = 3q:
 *   deployed(t) = 100 (1 - q) (1 - 3q)^(t - 12).
 *   Day 30: 100 x 0.99810 x (1 - 3q)^18 = 100 x 0.99810 x 0.90236 = 90.06 >= 75: deployed.
 *   Day 70: 100 x 0.99810 x (1 - 3q)^58 = 100 x 0.99810 x 0.71816 = 71.68 < 75: short, and
 *   pay has been in arrears since day 13: money (the first reason that applies; without it the
 *   rule would give attrition: 71.68 + 0 on the way + 28.32 lost = 100 >= 75).
 * 'paid' has the money: u = 1, deployed(70) = 100 (1 - q)^59 = 89.40 >= 75: deployed on both.
 */
static void test_short_money(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "options", arrears_options);
    yaml = replace_once(yaml, "required_per_1000: 10", "required_per_1000: 150");
    yaml = with_section(yaml, "donors",
                        "donors:\n"
                        "  - id: d\n"
                        "    name: Donor\n"
                        "    pledges:\n"
                        "      - amount_usd: 1.0e+9\n"
                        "        purpose: any\n"
                        "        options: paid\n");
    yaml = with_horizon(with_top_line(yaml, "check_days: [30, 70]\n"), 80);
    double q0 = 1 - pow(0.5, 1.0 / 365);
    /* The hand figures above, checked. */
    assert_near(100 * (1 - q0) * pow(1 - 3 * q0, 18), 90.06, 0.01);
    assert_near(100 * (1 - q0) * pow(1 - 3 * q0, 58), 71.68, 0.01);
    assert_near(100 * pow(1 - q0, 59), 89.40, 0.01);
    struct detrun d;
    detrun_open(&d, yaml);
    assert_day(&d, "unpaid", 30, NONE, NULL);
    assert_day(&d, "unpaid", 70, SHORT_MONEY, NULL);
    assert_day(&d, "paid", 30, NONE, NULL);
    assert_day(&d, "paid", 70, NONE, NULL);
    assert_near(metric(&d, "unpaid", M_DEPLOYED_END), 100 * (1 - q0) * pow(1 - 3 * q0, 67), 1e-9);
    detrun_close(&d);
}

/*
 * A pool that the flexible pool tops up to the day's demand holds it but for rounding: the
 * top-up moves each donor's balance times lack / balance, and 7e8 x (4e5 / 7e8) is 5.8e-11 above
 * 4e5, 3e9 x (7000 / 3e9) 9.1e-13 below 7000. A shortfall that small is no arrears, no truck
 * short of money and nothing unfunded (money.h, funding_unpaid()). Before, a contingent of 8000
 * paid 50 a day from 'any' money of 1e9 was in arrears on some day (unfunded 1.6e-11), so on
 * day 90 the option was short for money rather than supply (8000 x 79/100 deployed against half
 * of 20,000); and with 7 trucks a day at 1000 the trucks were short of money every day.
 */
static const char *const flexible_only =
    "dayafter: 1\n"
    "name: Paid from flexible money alone\n"
    "horizon_days: 100\n"
    "areas:\n"
    "  - {id: a, name: A, population: 1000000, area_km2: 10, risk: 1, displaced_share: 0,\n"
    "     security_baseline: 0.3, water_capacity_m3_day: 0, hospital_beds: 0}\n"
    "  - {id: b, name: B, population: 1000000, area_km2: 10, risk: 1, displaced_share: 0,\n"
    "     security_baseline: 0.3, water_capacity_m3_day: 0, hospital_beds: 0}\n"
    "milestones:\n"
    "  - {id: m, delay_days: 0}\n"
    "security: {required_per_1000: 10, tau_days: 30, shock: 0.001,\n"
    "           spoiler_incidents_per_100k_day: 0.1}\n"
    "humanitarian:\n"
    "  trucks_per_day: %d\n"
    "  cost_per_truck_usd: 1000\n"
    "  truck_shares: {food: 0.5, water: 0.5}\n"
    "reconstruction:\n"
    "  min_security: 0\n"
    "  sectors: []\n"
    "donors:\n"
    "  - id: d\n"
    "    name: D\n"
    "    pledges:\n"
    "      - {amount_usd: %s, purpose: any}\n"
    "options:\n"
    "  - id: o\n"
    "    name: O\n"
    "    sources:\n"
    "      - {id: c, kind: contingent, country: EG, size: %s, lead_time_days: 12,\n"
    "         ramp_days: 100, pay_per_person_day: 50}\n";

static void test_rounding_is_not_short(void **state)
{
    (void)state;
    assert_true(7e8 * (4e5 / 7e8) != 4e5 && 3e9 * (7000 / 3e9) != 7000); /* the case rounds */
    char yaml[2048];
    snprintf(yaml, sizeof yaml, flexible_only, 0, "1.0e+9", "8000");
    struct detrun d;
    detrun_open(&d, yaml);
    assert_day(&d, "o", 90, SHORT_SUPPLY, NULL);
    assert_true(metric(&d, "o", M_UNFUNDED_USD) == 0);
    detrun_close(&d);
    snprintf(yaml, sizeof yaml, flexible_only, 7, "3.0e+9", "8000");
    detrun_open(&d, yaml);
    assert_true(metric(&d, "o", M_TRUCKS_SHORT_OF_MONEY) == 0);
    assert_true(metric(&d, "o", M_UNFUNDED_USD) == 0);
    detrun_close(&d);
    /* No money at all, for a contingent of 10^-13 people (a residue of rounding, as a stock that
     * should be empty can hold): its 5 x 10^-12 a day unpaid is below a cent, no arrears. */
    snprintf(yaml, sizeof yaml, flexible_only, 0, "0", "1.0e-13");
    detrun_open(&d, yaml);
    assert_day(&d, "o", 90, SHORT_SUPPLY, NULL);
    assert_true(metric(&d, "o", M_UNFUNDED_USD) == 0);
    detrun_close(&d);
    /* The rule itself, by hand: within rounding or below a cent is paid; more is owed. */
    assert_true(funding_unpaid(4e5 - 5.8e-11, 4e5, 1) == 0);
    double below = 4e5 - 1e-9; /* 17 ulps of 4e5 short: more than 6 roundings */
    assert_true(funding_unpaid(below, 4e5, 1) == 4e5 - below && 4e5 - below > 0);
    assert_true(pay_unpaid(0, 5e-12, 1) == 0);
    assert_true(pay_unpaid(0, 0.02, 1) == 0.02);
    assert_true(pay_unpaid(4e5 - 1, 4e5, 3) == 1);
}

/* One country written "EG" in one option and "eg" in another pays as one (as
 * constraints.no_troops_from compares countries), under the name first written. */
static void test_paid_by_self_one_country_in_any_case(void **state)
{
    (void)state;
    const char *yaml = with_trucks_money_only(self_paid_options);
    yaml = replace_once(yaml,
                        "One self-paid, one from the pools\n    starts_when: go\n    sources:\n"
                        "      - id: c\n        kind: contingent\n        country: EG\n",
                        "One self-paid, one from the pools\n    starts_when: go\n    sources:\n"
                        "      - id: c\n        kind: contingent\n        country: eg\n");
    struct detrun d;
    detrun_open(&d, with_horizon(yaml, 30));
    const struct plan *plan = &d.res->plan;
    assert_int_equal(plan->n_self_payers, 1);
    assert_string_equal(plan->payer_ids[1], "self:EG");
    assert_near(by_payer(&d, "self", 1), 3800, CENT);
    assert_near(by_payer(&d, "mixed", 1), 3800, CENT);
    detrun_close(&d);
}

/*
 * Arrears are the pools' only: two options of 4 people each, below half of the 10 required on
 * days 20 and 29, with no security money. 'self4' is EG's 4, paid by EG: never in arrears, so
 * the reason is supply (nothing on the way, nobody lost). 'split4' is EG's 2, self-paid, and
 * JO's 2, paid from the empty pools from day 11 (pay_due 2 x 50, paid 0): in arrears, so the
 * reason is money (section 9.6, rule 2 comes before supply).
 */
static void test_paid_by_self_only_pool_pay_in_arrears(void **state)
{
    (void)state;
    static const char *const options =
        "options:\n"
        "  - id: self4\n"
        "    name: Paid by its country\n"
        "    starts_when: go\n"
        "    sources:\n"
        "      - id: c\n"
        "        kind: contingent\n"
        "        country: EG\n"
        "        size: 4\n"
        "        lead_time_days: 0\n"
        "        pay_per_person_day: 50\n"
        "        paid_by: self\n"
        "  - id: split4\n"
        "    name: Half of it paid from the pools\n"
        "    starts_when: go\n"
        "    sources:\n"
        "      - id: c\n"
        "        kind: contingent\n"
        "        country: EG\n"
        "        size: 2\n"
        "        lead_time_days: 0\n"
        "        pay_per_person_day: 50\n"
        "        paid_by: self\n"
        "      - id: j\n"
        "        kind: contingent\n"
        "        country: JO\n"
        "        size: 2\n"
        "        lead_time_days: 0\n"
        "        pay_per_person_day: 50\n";
    const char *yaml = with_trucks_money_only(options);
    yaml = with_horizon(with_top_line(yaml, "check_days: [20, 29]\n"), 30);
    struct detrun d;
    detrun_open(&d, yaml);
    /* EG's pay in split4: 2 x 50 x 19 days = 1900, none of it unfunded or short. */
    assert_near(by_payer(&d, "split4", 1), 1900, CENT);
    assert_day(&d, "self4", 20, SHORT_SUPPLY, NULL);
    assert_day(&d, "self4", 29, SHORT_SUPPLY, NULL);
    assert_day(&d, "split4", 20, SHORT_MONEY, NULL);
    assert_day(&d, "split4", 29, SHORT_MONEY, NULL);
    detrun_close(&d);
}

static const char *const pipeline_options =
    "options:\n"
    "  - id: pool\n"
    "    name: Slow vetting\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: s\n"
    "        kind: pool\n"
    "        size: 100\n"
    "        vetting_per_day: 10\n"
    "        vetting_days: 20\n"
    "        vetting_pass: 1\n"
    "  - id: lead\n"
    "    name: A contingent on its way\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        lead_time_days: 30\n"
    "  - id: ramp\n"
    "    name: A contingent ramping up\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        lead_time_days: 0\n"
    "        ramp_days: 20\n"
    "  - id: course\n"
    "    name: In a course\n"
    "    starts_when: go\n"
    "    training_centers:\n"
    "      - id: academy\n"
    "        seats: 100\n"
    "        course_days: 20\n"
    "        washout: 0\n"
    "        setup_days: 0\n"
    "    sources:\n"
    "      - id: s\n"
    "        kind: pool\n"
    "        size: 100\n"
    "        vetting_pass: 1\n"
    "        center: academy\n";

/*
 * pipeline alone. R = 10, half 5; check days 11, 20, 29, 31; everyone starts at T_go = 10.
 *   pool: 10 a day enter a 20-day vetting on days 10..19 and pass on days 30..39. Day 11: 80 not
 *     yet vetted + 20 in vetting = 100 on the way; days 20 and 29: 100 in vetting (entered on
 *     days 10..19, within the last 20 days): pipeline. The cohort of day 10 passes on day 30
 *     and deploys on 31: 10 >= 5, deployed. days_to_half: 31 - 10 = 21.
 *   lead: triggered at S = 10, arrives on ceil(10 + 30) = 40: in its lead time on every check
 *     day, its whole size (20) on the way: pipeline. days_to_half: 40 - 10 = 30.
 *   ramp: 20 x (t - 9) / 20 = t - 9 on day t: day 11: 2 deployed, 18 to come: pipeline; from
 *     day 14 (5) deployed, so on days 20, 29, 31. days_to_half 14 - 10 = 4.
 *   course: 100 enter vetting on day 10, pass on 11 (queue 100 on day 11: pipeline), are
 *     admitted on 12 (the center opens on ceil(10 + 0) = 10, 100 seats), graduate in the flows
 *     of day 32 and deploy on 33. Days 20, 29, 31: the 100 admitted on day 12 are within the
 *     last 20 days (31 - 20 + 1 = 12): pipeline. days_to_half 33 - 10 = 23.
 */
static void test_short_pipeline(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "options", pipeline_options);
    yaml = with_horizon(with_top_line(yaml, "check_days: [11, 20, 29, 31]\n"), 80);
    struct detrun d;
    detrun_open(&d, yaml);
    assert_day(&d, "pool", 11, SHORT_PIPELINE, NULL);
    assert_day(&d, "pool", 20, SHORT_PIPELINE, NULL);
    assert_day(&d, "pool", 29, SHORT_PIPELINE, NULL);
    assert_day(&d, "pool", 31, NONE, NULL);
    static const int days[] = {11, 20, 29, 31};
    for (size_t i = 0; i < 4; i++) {
        assert_day(&d, "lead", days[i], SHORT_PIPELINE, NULL);
        assert_day(&d, "course", days[i], SHORT_PIPELINE, NULL);
        assert_day(&d, "ramp", days[i], i == 0 ? SHORT_PIPELINE : NONE, NULL);
    }
    assert_near(metric(&d, "pool", M_DAYS_TO_HALF), 21, 0);
    assert_near(metric(&d, "lead", M_DAYS_TO_HALF), 30, 0);
    assert_near(metric(&d, "ramp", M_DAYS_TO_HALF), 4, 0);
    assert_near(metric(&d, "course", M_DAYS_TO_HALF), 23, 0);
    detrun_close(&d);
}

static const char *const supply_options =
    "options:\n"
    "  - id: few\n"
    "    name: Few pass vetting\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: s\n"
    "        kind: pool\n"
    "        size: 100\n"
    "        vetting_pass: 0.04\n"
    "  - id: washed\n"
    "    name: Few finish the course\n"
    "    starts_when: go\n"
    "    training_centers:\n"
    "      - id: academy\n"
    "        seats: 100\n"
    "        course_days: 5\n"
    "        washout: 0.97\n"
    "        setup_days: 0\n"
    "    sources:\n"
    "      - id: s\n"
    "        kind: pool\n"
    "        size: 100\n"
    "        vetting_pass: 1\n"
    "        center: academy\n"
    "  - id: waiting\n"
    "    name: A contingent that waits for a late milestone\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        requires: late\n"
    "        lead_time_days: 0\n"
    "  - id: absent\n"
    "    name: A contingent that does not take part\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        probability: 0\n"
    "        lead_time_days: 0\n"
    "  - id: gone\n"
    "    name: A contingent whose tour ends\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: c\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: 20\n"
    "        lead_time_days: 0\n"
    "        tour_days: 15\n";

/*
 * supply alone. R = 10, half 5; check days 30 and 60; go at 10, late at 50.
 *   few: 100 x 0.04 = 4 pass vetting and deploy on day 12; 4 < 5, nothing on the way, nobody
 *     lost: supply on both days; never half: no days_to_half.
 *   washed: 100 pass vetting on 11, are admitted on 12, 100 x (1 - 0.97) = 3 graduate on 17 and
 *     deploy on 18: supply on both days.
 *   waiting: the contingent requires late (T = 50): on day 30 it is not yet triggered, so it
 *     is not on the way: supply; on day 60 it is there (arrived on 50): deployed.
 *   absent: never takes part: supply on both days.
 *   gone: 20 arrive on day 10, all of the requirement, and go home after their 15 days' tour:
 *     not in the personnel lost to attrition, which counts pools and recruitment alone
 *     (docs/model.md section 9.6): supply on day 60, as for a force that never came.
 */
static void test_short_supply(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "milestones",
                                    "milestones:\n"
                                    "  - id: go\n"
                                    "    delay_days: 10\n"
                                    "  - id: late\n"
                                    "    delay_days: 50\n");
    yaml = with_section(yaml, "options", supply_options);
    yaml = with_horizon(with_top_line(yaml, "check_days: [30, 60]\n"), 80);
    struct detrun d;
    detrun_open(&d, yaml);
    assert_day(&d, "few", 30, SHORT_SUPPLY, NULL);
    assert_day(&d, "few", 60, SHORT_SUPPLY, NULL);
    assert_day(&d, "washed", 30, SHORT_SUPPLY, NULL);
    assert_day(&d, "washed", 60, SHORT_SUPPLY, NULL);
    assert_day(&d, "waiting", 30, SHORT_SUPPLY, NULL);
    assert_day(&d, "waiting", 60, NONE, NULL);
    assert_day(&d, "absent", 30, SHORT_SUPPLY, NULL);
    assert_day(&d, "absent", 60, SHORT_SUPPLY, NULL);
    assert_day(&d, "gone", 60, SHORT_SUPPLY, NULL);
    assert_near(metric(&d, "gone", M_DEPLOYED_END), 0, 0);
    assert_int_equal(option_acc_of(&d, "gone")->half, 1);
    assert_near(metric(&d, "few", M_DEPLOYED_END), 4, 1e-9);
    assert_near(metric(&d, "washed", M_DEPLOYED_END), 3, 1e-9);
    assert_true(isnan(metric(&d, "few", M_DAYS_TO_HALF)));
    assert_int_equal(option_acc_of(&d, "few")->started, 1);
    assert_int_equal(option_acc_of(&d, "few")->half, 0);
    /* waiting: half reached on day 50: 40 days from its start. */
    assert_near(metric(&d, "waiting", M_DAYS_TO_HALF), 40, 0);
    detrun_close(&d);
}

/*
 * attrition alone. A pool of 6 (all pass), deployed on day 12; attrition_per_year 0.999, so
 * 1 - q = 0.001^(1/365) a day, applied to the day's arrivals too: deployed(t) = 6 (1 - q)^(t - 11)
 * for t >= 12. R = 10, half 5. H = 400: tracked days 15, 30 (the check days), 90, 180, 365.
 *   Day 15: 6 x 0.001^(4/365) = 6 x 0.92709 = 5.563 >= 5: deployed.
 *   Day 30: 6 x 0.001^(19/365) = 6 x 0.69796 = 4.188 < 5; none on the way; lost 6 - 4.188 = 1.812;
 *     4.188 + 1.812 = 6 >= 5: attrition. Days 90, 180, 365: fewer still, attrition.
 * days_to_half: day 12, 6 x 0.001^(1/365) = 5.889 >= 5: 12 - 10 = 2.
 * deployed_start_plus_365: day ceil(10) + 365 = 375: 6 (1 - q)^364 = 6 x 0.001^(364/365)
 *   = 0.0061146; deployed_day365: 6 (1 - q)^354.
 */
static void test_short_attrition(void **state)
{
    (void)state;
    static const char *const leaving =
        "options:\n"
        "  - id: o\n"
        "    name: Leaving\n"
        "    starts_when: go\n"
        "    attrition_per_year: 0.999\n"
        "    sources:\n"
        "      - id: s\n"
        "        kind: pool\n"
        "        size: 6\n"
        "        vetting_pass: 1\n";
    const char *yaml = with_section(minimal_scenario, "options", leaving);
    yaml = with_horizon(with_top_line(yaml, "check_days: [15, 30]\n"), 400);
    double keep_rate = pow(0.001, 1.0 / 365); /* 1 - q */
    assert_near(6 * pow(keep_rate, 4), 5.563, 0.001);
    assert_near(6 * pow(keep_rate, 19), 4.188, 0.001);
    assert_near(6 * pow(keep_rate, 364), 0.0061146, 1e-7);
    struct detrun d;
    detrun_open(&d, yaml);
    assert_day(&d, "o", 15, NONE, NULL);
    static const int days[] = {30, 90, 180, 365};
    for (size_t i = 0; i < 4; i++)
        assert_day(&d, "o", days[i], SHORT_ATTRITION, NULL);
    assert_near(metric(&d, "o", M_DAYS_TO_HALF), 2, 0);
    assert_int_equal(option_acc_of(&d, "o")->half, 1);
    assert_near(metric(&d, "o", M_DEPLOYED_START_PLUS_365), 6 * pow(keep_rate, 364), 1e-9);
    assert_near(metric(&d, "o", M_DEPLOYED_DAY365), 6 * pow(keep_rate, 354), 1e-9);
    detrun_close(&d);
}

/*
 * days_to_half and deployed_start_plus_365 from a start in the middle of a day: go at 10.5, so
 * the start day is ceil(10.5) = 11, and a contingent of 20 (ramp 10) arrives on 11:
 * 20 x (t - 10) / 10 = 2 (t - 10) on days 11..20. Half of R = 10 is 5: 2 (t - 10) >= 5 from
 * t = 13: days_to_half 13 - 11 = 2. A year after the start is day 11 + 365 = 376: with H = 377
 * the contingent that stays has its 20, the one whose tour of 300 days ended on day 311 has 0;
 * with H = 376 that day is beyond the horizon: no value.
 */
static void test_days_to_half_and_a_year_on(void **state)
{
    (void)state;
    static const char *const two =
        "options:\n"
        "  - id: stays\n"
        "    name: Stays\n"
        "    starts_when: go\n"
        "    sources:\n"
        "      - id: c\n"
        "        kind: contingent\n"
        "        country: EG\n"
        "        size: 20\n"
        "        lead_time_days: 0\n"
        "        ramp_days: 10\n"
        "  - id: toured\n"
        "    name: Leaves after 300 days\n"
        "    starts_when: go\n"
        "    sources:\n"
        "      - id: c\n"
        "        kind: contingent\n"
        "        country: EG\n"
        "        size: 20\n"
        "        lead_time_days: 0\n"
        "        ramp_days: 10\n"
        "        tour_days: 300\n";
    const char *yaml = replace_once(minimal_scenario, "delay_days: 10", "delay_days: 10.5");
    char *base = keep(with_section(yaml, "options", two));
    struct detrun d;
    detrun_open(&d, with_horizon(base, 377));
    assert_near(metric(&d, "stays", M_DAYS_TO_HALF), 2, 0);
    assert_near(metric(&d, "toured", M_DAYS_TO_HALF), 2, 0);
    assert_near(metric(&d, "stays", M_DEPLOYED_START_PLUS_365), 20, 1e-9);
    assert_near(metric(&d, "toured", M_DEPLOYED_START_PLUS_365), 0, 0);
    detrun_close(&d);
    detrun_open(&d, with_horizon(base, 376));
    assert_true(isnan(metric(&d, "stays", M_DEPLOYED_START_PLUS_365)));
    assert_true(isnan(metric(&d, "toured", M_DEPLOYED_START_PLUS_365)));
    detrun_close(&d);
    free(base);
}

/*
 * What held aid back (a headline that only echoes an input says so). The minimal scenario: 10
 * trucks a day at $1,000, H = 100; a pledge of $500,000 on day 0 pays 500 trucks: days 0-49 at
 * the crossings' 10, then no money: trucks short of money on days 50-99, 50 of 100 days = 0.5.
 * No sector: building is never held back. Twice the money: short on no day.
 */
static void test_trucks_short_of_money(void **state)
{
    (void)state;
#define DONORS                                                                                     \
    "donors:\n  - id: d\n    name: Donor\n    pledges:\n      - amount_usd: %s\n"                  \
    "        purpose: humanitarian\n"
    char text[256];
    snprintf(text, sizeof text, DONORS, "500000");
    struct detrun d;
    detrun_open(&d, with_section(minimal_scenario, "donors", text));
    assert_near(metric(&d, "o", M_TRUCKS_SHORT_OF_MONEY), 0.5, 1e-9);
    assert_near(metric(&d, "o", M_BUILD_HELD_BY_SECURITY), 0, 0);
    assert_near(metric(&d, "o", M_BUILD_SHORT_OF_MONEY), 0, 0);
    assert_near(metric(&d, "o", M_BUILD_SHORT_OF_MATERIALS), 0, 0);
    detrun_close(&d);
    snprintf(text, sizeof text, DONORS, "1000000");
#undef DONORS
    detrun_open(&d, with_section(minimal_scenario, "donors", text));
    assert_near(metric(&d, "o", M_TRUCKS_SHORT_OF_MONEY), 0, 0);
    detrun_close(&d);
}

/*
 * Observations read on their exact day (docs/model.md, "Against the record"), by hand on the
 * minimal scenario (one area of 1,000, 500 displaced, 'go' on day 10) with two contingents of
 * one option, c (20) and d (5), arriving on day ceil(10 + 0) = 10 at full strength:
 *   deployed on day 9: 0; on day 15: 25; from [c] only: 20; in area a: 25 (one area);
 *   coverage on day 15: 25 / 10 = 2.5 (required 1,000 / 1,000 x 10 x 1 = 10);
 *   displaced in a on day 3: 500 (no returns, no building); security on day 5: 0.2;
 *   incidents so far on day 20: 0 (deterministic); 'go' reached on day 10.
 * A deterministic run has one replication: every quantile is the value read.
 */
static void test_observations_read_on_their_day(void **state)
{
    (void)state;
    const char *options =
        "options:\n"
        "  - id: o\n"
        "    name: Option\n"
        "    starts_when: go\n"
        "    sources:\n"
        "      - {id: c, kind: contingent, country: EG, size: 20, lead_time_days: 0}\n"
        "      - {id: d, kind: contingent, country: JO, size: 5, lead_time_days: 0}\n";
    const char *observed =
        "observed:\n"
        "  - {series: deployed, day: 9, value: 0, source: t}\n"
        "  - {series: deployed, day: 15, value: 25, source: t}\n"
        "  - {series: deployed, from: c, day: 15, value: 20, source: t}\n"
        "  - {series: deployed, area: a, day: 15, value: 25, source: t}\n"
        "  - {series: coverage, day: 15, value: 2.5, source: t}\n"
        "  - {series: displaced, area: a, day: 3, value: 500, source: t}\n"
        "  - {series: security, day: 5, value: 0.2, source: t}\n"
        "  - {series: incidents_total, day: 20, value: 0, source: t}\n"
        "  - {milestone: go, value: 10, source: t}\n";
    static char text[8192];
    snprintf(text, sizeof text, "%s%s", with_section(minimal_scenario, "options", options),
             observed);
    struct detrun d;
    detrun_open(&d, text);
    const double want[] = {0, 25, 20, 25, 2.5, 500, 0.2, 0, 10};
    assert_int_equal(d.res->plan.n_observed, 9);
    for (int i = 0; i < 9; i++) {
        const struct sketch *s = &d.res->acc.observed[i];
        assert_int_equal(s->band.count, 1);
        assert_near(sketch_quantile(s, 0.5), want[i], 1e-12);
    }
    detrun_close(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_observations_read_on_their_day),
        cmocka_unit_test(test_trucks_short_of_money),
        cmocka_unit_test(test_effect_sets_baseline_from_a_day),
        cmocka_unit_test(test_effect_baseline_on_day_zero),
        cmocka_unit_test(test_effect_before_any),
        cmocka_unit_test(test_effect_scales_a_rate_sets_a_shock),
        cmocka_unit_test(test_effect_scales_risk),
        cmocka_unit_test(test_effect_holds_risk_at_its_limit),
        cmocka_unit_test(test_effect_check_days),
        cmocka_unit_test(test_two_effects_both_orders),
        cmocka_unit_test(test_lapse_effect_off_and_on),
        cmocka_unit_test(test_lapse_crossings),
        cmocka_unit_test(test_lapse_pledge_paused),
        cmocka_unit_test(test_lapse_dependent_milestones),
        cmocka_unit_test(test_lapse_option_and_contingent_wait),
        cmocka_unit_test(test_lapse_at_once_opens_nothing),
        cmocka_unit_test(test_returns_fixed_rate),
        cmocka_unit_test(test_paid_by_self),
        cmocka_unit_test(test_paid_by_self_one_country_in_any_case),
        cmocka_unit_test(test_paid_by_self_only_pool_pay_in_arrears),
        cmocka_unit_test(test_ioc_coverage),
        cmocka_unit_test(test_short_not_started),
        cmocka_unit_test(test_short_money),
        cmocka_unit_test(test_rounding_is_not_short),
        cmocka_unit_test(test_short_pipeline),
        cmocka_unit_test(test_short_supply),
        cmocka_unit_test(test_short_attrition),
        cmocka_unit_test(test_days_to_half_and_a_year_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
