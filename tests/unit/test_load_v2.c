/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_load_v2.c - the keys of the model's section 9 as the loader resolves them: milestones'
 * effects and lapses, returns on their own, the coverage IOC asks for, the note on the
 * requirement, and who pays a contingent (src/scenario/schema.c, bind.c, check.c, effects.c).
 * tests/data/v2-example.yaml uses every one of them; tests/data/example.yaml none.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "scenario/effects.h"
#include "scenario/scenario.h"

/* The parameter named 'path', or NULL. */
static const struct da_param *find_param(const struct da_scenario *scn, const char *path)
{
    for (size_t i = 0; i < scn->n_params; i++)
        if (strcmp(scn->params[i].path, path) == 0)
            return &scn->params[i];
    return NULL;
}

/* Asserts that 'pid' is the parameter written at 'path' (not a default), of central value
 * 'central'. */
static void assert_param(const struct da_scenario *scn, da_pid pid, const char *path,
                         double central)
{
    assert_true(pid != 0);
    assert_string_equal(scn_param(scn, pid)->path, path);
    assert_false(scn_param(scn, pid)->is_default);
    assert_near(scn_central(scn, pid), central, 1e-12);
}

static void assert_effect(const struct da_effect *e, int target, uint32_t area, bool scale)
{
    assert_int_equal(e->target, target);
    assert_int_equal(e->area, area);
    assert_int_equal(e->scale, scale);
    assert_int_equal(e->has_scale, scale);
    assert_int_equal(e->has_value, !scale);
}

static void test_v2_effects_resolve_target_area_and_draw(void **state)
{
    (void)state;
    struct da_scenario *scn = load_path(data_path("v2-example.yaml"));
    const struct da_milestone *cf = &scn->milestones[0];
    assert_string_equal(cf->id, "ceasefire");
    assert_int_equal(cf->n_effects, 5);
    const struct da_effect *e = cf->effects;
    /* areas.north.security_baseline: value 0.4 in area 0 */
    assert_effect(&e[0], EFFECT_SECURITY_BASELINE, 0, false);
    assert_string_equal(e[0].path, "areas.north.security_baseline");
    assert_int_equal(e[0].path_at.line, 46);
    assert_param(scn, e[0].value, "milestones.ceasefire.effects.0.value", 0.4);
    /* security.spoiler_incidents_per_100k_day: scale uniform(0.2, 0.6), scenario-wide */
    assert_effect(&e[1], EFFECT_SPOILER_RATE, EFFECT_EVERY_AREA, true);
    assert_param(scn, e[1].scale_by, "milestones.ceasefire.effects.1.scale", 0.4);
    assert_false(dist_is_constant(&scn_param(scn, e[1].scale_by)->dist));
    /* areas.*.risk: scale 0.8 in every area, one parameter */
    assert_effect(&e[2], EFFECT_RISK, EFFECT_EVERY_AREA, true);
    assert_param(scn, e[2].scale_by, "milestones.ceasefire.effects.2.scale", 0.8);
    /* humanitarian.access_floor: value triangular, mode 0.5 */
    assert_effect(&e[3], EFFECT_ACCESS_FLOOR, EFFECT_EVERY_AREA, false);
    assert_param(scn, e[3].value, "milestones.ceasefire.effects.3.value", 0.5);
    /* areas.1.water_capacity_m3_day: an area by its position */
    assert_effect(&e[4], EFFECT_WATER_CAPACITY, 1, true);
    assert_param(scn, e[4].scale_by, "milestones.ceasefire.effects.4.scale", 1.5);
    /* The key left out adds no parameter. */
    assert_int_equal(e[0].scale_by, 0);
    assert_int_equal(e[4].value, 0);
    assert_null(find_param(scn, "milestones.ceasefire.effects.0.scale"));
    assert_null(find_param(scn, "milestones.ceasefire.effects.4.value"));

    const struct da_milestone *ap = &scn->milestones[2];
    assert_string_equal(ap->id, "approval");
    assert_int_equal(ap->n_effects, 1);
    assert_effect(&ap->effects[0], EFFECT_RETURNS_RATE, EFFECT_EVERY_AREA, true);
    assert_param(scn, ap->effects[0].scale_by, "milestones.approval.effects.0.scale", 2);
    assert_int_equal(scn->milestones[1].n_effects, 0);
    da_scenario_free(scn);
}

static void test_v2_lapses(void **state)
{
    (void)state;
    struct da_scenario *scn = load_path(data_path("v2-example.yaml"));
    const struct da_lapse *l = &scn->milestones[0].lapse;
    assert_true(l->present);
    assert_true(l->has_recovery_days);
    assert_int_equal(l->at.line, 57);
    assert_param(scn, l->probability, "milestones.ceasefire.lapse.probability", 0.3);
    assert_param(scn, l->after_days, "milestones.ceasefire.lapse.after_days", 180);
    assert_param(scn, l->recovery_days, "milestones.ceasefire.lapse.recovery_days", 45);
    assert_param(scn, l->recovery_probability, "milestones.ceasefire.lapse.recovery_probability",
                 0.5);
    /* A lapse for good: recovery_probability 0 and no recovery_days. */
    l = &scn->milestones[2].lapse;
    assert_true(l->present);
    assert_false(l->has_recovery_days);
    assert_int_equal(l->recovery_days, 0);
    assert_param(scn, l->after_days, "milestones.approval.lapse.after_days", 365);
    assert_param(scn, l->recovery_probability, "milestones.approval.lapse.recovery_probability", 0);
    /* No lapse: nothing present and no parameters of one. */
    assert_false(scn->milestones[1].lapse.present);
    assert_null(find_param(scn, "milestones.hostages_released.lapse.after_days"));
    assert_null(find_param(scn, "milestones.hostages_released.lapse.probability"));
    da_scenario_free(scn);
}

static void test_v2_returns_security_and_paid_by(void **state)
{
    (void)state;
    struct da_scenario *scn = load_path(data_path("v2-example.yaml"));
    const struct da_returns *r = &scn->returns;
    assert_true(r->present);
    assert_param(scn, r->rate_per_day, "returns.rate_per_day", 0.00125);
    assert_param(scn, r->min_security, "returns.min_security", 0.3);
    assert_int_equal(r->n_after, 1);
    assert_string_equal(r->after[0].name, "ceasefire");
    assert_int_equal(r->after[0].index, 0);

    assert_param(scn, scn->security.ioc_coverage, "security.ioc_coverage", 0.8);
    assert_string_equal(scn->security.requirement_note,
                        "Ten per 1,000 inhabitants, a common planning figure for stabilization.");

    const struct da_option *mn = &scn->options[1];
    assert_string_equal(mn->sources[0].id, "partner_a");
    assert_int_equal(mn->sources[0].paid_by, PAID_BY_POOLS);
    assert_string_equal(mn->sources[1].id, "partner_b");
    assert_int_equal(mn->sources[1].paid_by, PAID_BY_SELF);
    assert_int_equal(scn->options[0].sources[0].paid_by, PAID_BY_POOLS); /* a pool */
    da_scenario_free(scn);
}

/* A file without the keys: no effects, lapses or returns, and constant defaults where the
 * engine reads a number regardless (docs/scenario.md). */
static void test_v2_defaults_without_the_keys(void **state)
{
    (void)state;
    struct da_scenario *scn = load_path(data_path("example.yaml"));
    for (size_t m = 0; m < scn->n_milestones; m++) {
        assert_int_equal(scn->milestones[m].n_effects, 0);
        assert_false(scn->milestones[m].lapse.present);
    }
    assert_false(scn->returns.present);
    assert_int_equal(scn->returns.n_after, 0);
    const struct da_param *p = scn_param(scn, scn->returns.rate_per_day);
    assert_string_equal(p->path, "returns.rate_per_day");
    assert_true(p->is_default);
    assert_true(dist_is_constant(&p->dist));
    assert_near(p->central, 0, 0);
    p = scn_param(scn, scn->returns.min_security);
    assert_string_equal(p->path, "returns.min_security");
    assert_true(p->is_default);
    assert_near(p->central, 0, 0);
    p = scn_param(scn, scn->security.ioc_coverage);
    assert_string_equal(p->path, "security.ioc_coverage");
    assert_true(p->is_default);
    assert_near(p->central, 1, 0);
    assert_null(scn->security.requirement_note);
    assert_int_equal(scn->options[1].sources[0].paid_by, PAID_BY_POOLS);
    /* The defaults are constants: the file's uncertain inputs are those it writes, and the
     * chances of its six probabilities below 1. */
    assert_int_equal(da_scenario_uncertain_count(scn), 20);
    da_scenario_free(scn);
}

/* Effects on returns hold without a returns block; a single id stands for a list of
 * milestones; an area by its position and every area. */
static void test_v2_forms(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "    delay_days: 10\n",
                                    "    delay_days: 10\n"
                                    "    effects:\n"
                                    "      - {path: returns.min_security, value: 0.2}\n"
                                    "      - {path: areas.0.hospital_beds, value: 10}\n"
                                    "      - {path: areas.*.security_baseline, scale: 1.5}\n"
                                    "      - {path: reconstruction.min_security, value: 0}\n"
                                    "      - {path: security.shock, scale: 0}\n"
                                    "    lapse: {after_days: 5, recovery_days: 3}\n");
    da_diags *diags;
    struct da_scenario *scn;
    assert_int_equal(load_string(yaml, &diags, (da_scenario **)&scn), DA_OK);
    da_diags_free(diags);
    const struct da_milestone *go = &scn->milestones[0];
    assert_int_equal(go->n_effects, 5);
    assert_effect(&go->effects[0], EFFECT_RETURNS_MIN_SECURITY, EFFECT_EVERY_AREA, false);
    assert_effect(&go->effects[1], EFFECT_HOSPITAL_BEDS, 0, false);
    assert_effect(&go->effects[2], EFFECT_SECURITY_BASELINE, EFFECT_EVERY_AREA, true);
    assert_effect(&go->effects[3], EFFECT_RECONSTRUCTION_MIN_SECURITY, EFFECT_EVERY_AREA, false);
    assert_effect(&go->effects[4], EFFECT_SHOCK, EFFECT_EVERY_AREA, true);
    /* The lapse's probabilities take their defaults, 1. */
    assert_true(go->lapse.present);
    assert_near(scn_central(scn, go->lapse.probability), 1, 0);
    assert_near(scn_central(scn, go->lapse.recovery_probability), 1, 0);
    assert_near(scn_central(scn, go->lapse.recovery_days), 3, 0);
    assert_false(scn->returns.present);
    da_scenario_free(scn);

    yaml = replace_once(minimal_scenario, "donors:\n",
                        "returns:\n  rate_per_day: 0.01\n  after: go\ndonors:\n");
    assert_int_equal(load_string(yaml, &diags, (da_scenario **)&scn), DA_OK);
    da_diags_free(diags);
    assert_true(scn->returns.present);
    assert_int_equal(scn->returns.n_after, 1);
    assert_int_equal(scn->returns.after[0].index, 0);
    assert_near(scn_central(scn, scn->returns.min_security), 0, 0);
    assert_true(scn_param(scn, scn->returns.min_security)->is_default);
    da_scenario_free(scn);
}

/* Every mistake is one located message; the golden corpus (tests/bad) has the others. */
static void test_v2_mistakes(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "    delay_days: 10\n",
                                    "    delay_days: 10\n"
                                    "    effects:\n"
                                    "      - {path: milestones.go.delay_days, value: 3}\n"
                                    "      - {path: areas.a.risk, value: 0}\n"
                                    "      - {path: areas.a.rsk, scale: 2}\n"
                                    "      - {path: areas.b.risk, scale: {dist: uniform, min: 0, "
                                    "max: 1}}\n"
                                    "    lapse: {after_days: 5, recovery_probability: 0.5}\n");
    assert_problems(yaml,
                    "17:16: milestones.go.effects.0.path: 'milestones.go.delay_days' cannot "
                    "change in time; an effect may change areas.ID.security_baseline, "
                    "areas.ID.risk, areas.ID.water_capacity_m3_day, areas.ID.hospital_beds, "
                    "security.shock, security.spoiler_incidents_per_100k_day, "
                    "humanitarian.access_floor, returns.rate_per_day, returns.min_security or "
                    "reconstruction.min_security\n"
                    "18:37: milestones.go.effects.1.value: expected a number from 10^-6 to 1000, "
                    "found 0\n"
                    "19:16: milestones.go.effects.2.path: 'areas.a.rsk' names no parameter; did "
                    "you mean 'areas.a.risk'?\n"
                    "20:16: milestones.go.effects.3.path: 'areas.b.risk' names no parameter: "
                    "unknown area 'b' (areas has: a)\n"
                    "20:37: milestones.go.effects.3.scale: a scale of 0 would make 'areas.b.risk' "
                    "0, and it must stay above 0; expected values above 0 and at most 1000\n"
                    "21:12: milestones.go.lapse: missing key 'recovery_days' (it may be left out "
                    "only with recovery_probability: 0)\n");
    yaml = with_section(minimal_scenario, "security",
                        "security:\n"
                        "  required_per_1000: 10\n"
                        "  tau_days: 30\n"
                        "  shock: 0.001\n"
                        "  spoiler_incidents_per_100k_day: 0.2\n"
                        "  ioc_coverage: 11\n"
                        "  requirement_note: [a list]\n");
    assert_problems(yaml,
                    "21:17: security.ioc_coverage: expected a number above 0 and at most "
                    "10, found 11\n"
                    "22:21: security.requirement_note: expected a string, found a list\n");
}

/* "Did you mean" offers only a path that would be taken: its area one of the scenario's ('*',
 * a position, an id), never the path itself. */
static void test_v2_effect_suggestions_name_targets(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "    delay_days: 10\n",
                                    "    delay_days: 10\n"
                                    "    effects:\n"
                                    "      - {path: 'areas.*.rsk', scale: 2}\n"
                                    "      - {path: areas.0.rsk, scale: 2}\n"
                                    "      - {path: 'areas..risk', scale: 2}\n"
                                    "      - {path: areas.b.rsk, scale: 2}\n"
                                    "      - {path: areas.1.rsk, scale: 2}\n");
    char targets[512];
    effect_targets_text(targets, sizeof targets);
    char expected[4096];
    snprintf(expected, sizeof expected,
             "17:16: milestones.go.effects.0.path: 'areas.*.rsk' names no parameter; did you "
             "mean 'areas.*.risk'?\n"
             "18:16: milestones.go.effects.1.path: 'areas.0.rsk' names no parameter; did you "
             "mean 'areas.0.risk'?\n"
             "19:16: milestones.go.effects.2.path: 'areas..risk' names no parameter; an effect "
             "may change %s\n"
             "20:16: milestones.go.effects.3.path: 'areas.b.rsk' names no parameter; an effect "
             "may change %s\n"
             "21:16: milestones.go.effects.4.path: 'areas.1.rsk' names no parameter; an effect "
             "may change %s\n",
             targets, targets, targets);
    assert_problems(yaml, expected);
}

/* The minimal scenario, 3,650 days long, with 'n' milestones that each scale every area's
 * risk (in a static buffer). */
static const char *many_effects(int n)
{
    static char text[65536];
    static char milestones[60000];
    size_t at = (size_t)snprintf(milestones, sizeof milestones,
                                 "milestones:\n  - id: go\n    delay_days: 10\n");
    for (int m = 0; m < n && at < sizeof milestones; m++)
        at += (size_t)snprintf(milestones + at, sizeof milestones - at,
                               "  - id: m%d\n    delay_days: %d\n    effects:\n"
                               "      - {path: areas.*.risk, scale: 1.01}\n",
                               m, m);
    const char *yaml = with_section(minimal_scenario, "milestones", milestones);
    snprintf(text, sizeof text, "%s",
             replace_once(yaml, "horizon_days: 100", "horizon_days: 3650"));
    return text;
}

/*
 * Effects whose upkeep outweighs the days': one area, 3,650 days, the days' own work is
 * 3,650 x 2 = 7,300 steps, the limit 100 times it, 730,000. n milestones with one effect each
 * (on the one area) cost min(3,650, 3n) x (17n + n + 4): 150 of them 450 x 2,704 = 1,216,800,
 * refused at the first effect; 100 of them 300 x 1,804 = 541,200, loaded.
 */
static void test_v2_effects_bounded_work(void **state)
{
    (void)state;
    da_diags *diags;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(many_effects(150), &diags, &scn), DA_ERR_LIMIT);
    assert_null(scn);
    assert_int_equal(da_diags_count(diags), 1);
    da_diag d = da_diags_get(diags, 0);
    assert_non_null(strstr(d.message,
                           "effects: working out the parameters in force would take "
                           "about 1.22e+06 steps"));
    assert_non_null(strstr(d.message, "more than 100 times the days' own 7.3e+03"));
    da_diags_free(diags);
    assert_int_equal(load_string(many_effects(100), &diags, &scn), DA_OK);
    da_scenario_free(scn);
    da_diags_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_effects_resolve_target_area_and_draw),
        cmocka_unit_test(test_v2_lapses),
        cmocka_unit_test(test_v2_returns_security_and_paid_by),
        cmocka_unit_test(test_v2_defaults_without_the_keys),
        cmocka_unit_test(test_v2_forms),
        cmocka_unit_test(test_v2_mistakes),
        cmocka_unit_test(test_v2_effect_suggestions_name_targets),
        cmocka_unit_test(test_v2_effects_bounded_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
