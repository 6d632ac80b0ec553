/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_groups.c - groups of inputs (analysis/groups.c) and their Sobol' indices, against
 * shares worked out by hand.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "helpers.h"

static da_scenario *chain(void)
{
    return load_yaml_ok(chain_scenario());
}

static da_status sobol(da_scenario *scn, const char *const *groups, size_t n_groups,
                       uint64_t samples, char *why, size_t why_size, da_analysis **out)
{
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_SOBOL;
    o.metric = "start_day";
    o.samples = samples;
    o.threads = 2;
    o.groups = groups;
    o.n_groups = n_groups;
    o.message = why;
    o.message_size = why_size;
    return da_analyze(scn, &o, out);
}

static const struct analysis_group *group_named(const da_analysis *an, const char *name)
{
    for (int g = 0; g < an->n_groups; g++)
        if (strcmp(an->groups[g].name, name) == 0)
            return &an->groups[g];
    fail_msg("no group %s", name);
    return NULL;
}

/*
 * The user's groups: {a, b} explains (100^2 + 200^2) / (100^2 + 200^2 + 300^2) = 5/14 of the
 * variance, first and total order alike (the sum is additive); {c} and the population 9/14 (a
 * pattern that names an input twice counts it once); a group of everything explains all of it.
 * The inputs' own indices are those of an analysis without groups, bit for bit: the groups'
 * runs come after theirs.
 */
static void test_groups_shares_of_a_sum(void **state)
{
    (void)state;
    da_scenario *scn = chain();
    static const char *const groups[] = {
        "first two=milestones.a.*,milestones.b.delay_days",
        "the last=milestones.c.*,areas.a.population,milestones.c.delay_days",
        "all=*",
    };
    char why[256] = "";
    da_analysis *an = NULL, *plain = NULL;
    assert_int_equal(sobol(scn, groups, 3, 4000, why, sizeof why, &an), DA_OK);
    assert_int_equal(an->n_groups, 3);
    assert_int_equal(an->evaluations, 4000 * (4 + 3 + 2));
    const struct analysis_group *ab = group_named(an, "first two");
    const struct analysis_group *c = group_named(an, "the last");
    const struct analysis_group *all = group_named(an, "all");
    assert_int_equal(ab->n_members, 2);
    assert_int_equal(c->n_members, 2);
    assert_int_equal(all->n_members, 4);
    assert_near(ab->result.S1, 5.0 / 14, 0.05);
    assert_near(ab->result.ST, 5.0 / 14, 0.05);
    assert_near(c->result.S1, 9.0 / 14, 0.05);
    assert_near(c->result.ST, 9.0 / 14, 0.05);
    assert_near(all->result.S1, 1, 0.05);
    assert_near(all->result.ST, 1, 0.05);
    assert_true(ab->result.ST_conf > 0 && ab->result.ST_conf < 0.1);
    /* Most influential first. */
    assert_string_equal(an->groups[an->group_order[0]].name, "all");
    assert_string_equal(an->groups[an->group_order[2]].name, "first two");
    static const char *const none[] = {"nobody=no.such.*"};
    /* Without groups of one's own, the defaults: each milestone and the area have one input,
     * and a group of one is the input itself, so there are none. */
    assert_int_equal(sobol(scn, NULL, 0, 4000, why, sizeof why, &plain), DA_OK);
    assert_int_equal(plain->n_groups, 0);
    for (int i = 0; i < an->n_inputs; i++) {
        assert_true(an->inputs[i].S1 == plain->inputs[i].S1);
        assert_true(an->inputs[i].ST_conf == plain->inputs[i].ST_conf);
    }
    da_analysis_free(plain);
    da_analysis_free(an);
    assert_int_equal(sobol(scn, none, 1, 10, why, sizeof why, &an), DA_ERR_USAGE);
    assert_string_equal(why,
                        "--group 'nobody': no uncertain input matches 'no.such.*' (inputs "
                        "are named by their paths, as analyze --json lists them)");
    da_scenario_free(scn);
}

/*
 * The default grouping: a milestone's delay and its chance are one group, named by the
 * milestone's path. The option starts on the delay (uniform on [0, 50]) when the milestone
 * happens (p 1/2), at the horizon (100) when not: the group explains all of it, S1 = ST = 1.
 * Each input alone explains less: the chance, E[Var(start | delay)] / Var is not all.
 */
static void test_groups_default_by_milestone(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "    delay_days: 10\n",
                                    "    delay_days: {dist: uniform, min: 0, max: 50}\n"
                                    "    probability: 0.5\n");
    da_scenario *scn = load_yaml_ok(yaml);
    char why[256] = "";
    da_analysis *an = NULL;
    assert_int_equal(sobol(scn, NULL, 0, 4000, why, sizeof why, &an), DA_OK);
    assert_int_equal(an->n_groups, 1);
    const struct analysis_group *go = group_named(an, "milestones.go");
    assert_int_equal(go->n_members, 2);
    assert_near(go->result.S1, 1, 0.03);
    assert_near(go->result.ST, 1, 0.03);
    /* start = D B + 100 (1 - B), D ~ U(0, 50), B ~ Bernoulli(1/2): Var = E[Var | B] + Var(E | B)
     * = 1/2 (50^2 / 12) + (100 - 25)^2 / 4 = 104.2 + 1406.25 = 1510.4; the chance alone
     * explains Var(E | B) = 1406.25, 93.1%; the delay alone nothing of the first order
     * (E[start | D] = (D + 100) / 2, variance 50^2 / 48 = 52.1: 3.4%). */
    const struct input_result *occurs = &an->inputs[input_named(an, "milestones.go.occurs")];
    const struct input_result *delay = &an->inputs[input_named(an, "milestones.go.delay_days")];
    assert_near(occurs->S1, 1406.25 / 1510.4, 0.03);
    assert_near(delay->S1, 52.08 / 1510.4, 0.03);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/* The default groups of the test scenario, each with its members: a milestone's, a pledge's,
 * a source's and a training center's inputs (the academy's washout and, made uncertain here,
 * its setup days), an area's with the values written elsewhere for it; none for the inputs
 * alone under their prefix. */
static void test_groups_default_of_every_kind(void **state)
{
    (void)state;
    char *text = read_text_file(data_path("example.yaml"), NULL);
    const char *yaml = replace_once(text, "        setup_days: 30\n",
                                    "        setup_days: {dist: uniform, min: 20, max: 40}\n");
    free(text);
    da_scenario *scn = load_yaml_ok(yaml);
    char why[256] = "";
    da_analysis *an = NULL;
    assert_int_equal(sobol(scn, NULL, 0, 16, why, sizeof why, &an), DA_OK);
    const struct analysis_group *academy =
        group_named(an, "options.local_force.training_centers.academy");
    assert_int_equal(academy->n_members, 2);
    int washout = input_named(an, "options.local_force.training_centers.academy.washout");
    int setup = input_named(an, "options.local_force.training_centers.academy.setup_days");
    assert_true((academy->members[0] == washout && academy->members[1] == setup) ||
                (academy->members[0] == setup && academy->members[1] == washout));
    /* Every group of the scenario is one of the kinds the defaults make. */
    for (int g = 0; g < an->n_groups; g++) {
        const char *name = an->groups[g].name;
        assert_true(an->groups[g].n_members >= 2);
        assert_true(strncmp(name, "milestones.", 11) == 0 || strncmp(name, "areas.", 6) == 0 ||
                    strncmp(name, "donors.", 7) == 0 || strstr(name, ".sources.") ||
                    strstr(name, ".training_centers."));
    }
    da_analysis_free(an);
    da_scenario_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_shares_of_a_sum),
        cmocka_unit_test(test_groups_default_by_milestone),
        cmocka_unit_test(test_groups_default_of_every_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
