/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_chances.c - every chance of a scenario as an uncertain input (scenario/events.c): the
 * uniforms' paths and place in the table, the same draws as before they were inputs, the
 * events they decide, the analyses that vary them, and correlations that tie them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "engine/replication.h"
#include "helpers.h"
#include "model/draw.h"
#include "model/rng.h"
#include "util/alloc.h"

#define PI 3.14159265358979323846

static const struct da_param *param_named(const da_scenario *scn, const char *path)
{
    for (size_t i = 0; i < scn->n_params; i++)
        if (strcmp(scn->params[i].path, path) == 0)
            return &scn->params[i];
    fail_msg("no parameter %s", path);
    return NULL;
}

/*
 * The test scenario's six probabilities below 1 (three milestones, a pledge, two contingents)
 * are six uncertain inputs after the file's 14 distributions, in the order the engine draws
 * them; every event whose probability is 1 (the default) has a constant uniform.
 */
static void test_chances_paths_and_order(void **state)
{
    (void)state;
    da_scenario *scn = load_path(data_path("example.yaml"));
    assert_int_equal(da_scenario_uncertain_count(scn), 20);
    assert_int_equal(da_scenario_chance_count(scn), 6);
    static const char *const uncertain[] = {"milestones.approval.occurs",
                                            "milestones.two_state_commitment.occurs",
                                            "milestones.partners_commit.occurs",
                                            "donors.partners.pledges.0.occurs",
                                            "options.multinational.sources.partner_a.joins",
                                            "options.multinational.sources.partner_b.joins"};
    size_t at = scn->first_event, seen = 0;
    for (size_t i = 0; i < scn->first_event; i++)
        assert_false(scn->params[i].is_event);
    for (size_t i = scn->first_event; i < scn->n_params; i++) {
        const struct da_param *p = &scn->params[i];
        assert_true(p->is_event);
        assert_null(p->source);
        if (dist_is_constant(&p->dist))
            continue;
        assert_true(seen < 6);
        assert_string_equal(p->path, uncertain[seen]);
        assert_int_equal(p->dist.kind, DIST_UNIFORM);
        assert_near(p->dist.min, 0, 0);
        assert_near(p->dist.max, 1, 0);
        assert_true(i >= at); /* in draw order */
        at = i;
        seen++;
    }
    assert_int_equal(seen, 6);
    /* The public list: the 14 quantities first, then the same six chances in the same order. */
    for (size_t i = 0; i < 20; i++) {
        const char *path = da_scenario_input_path(scn, i);
        assert_non_null(path);
        assert_false(dist_is_constant(&param_named(scn, path)->dist));
        assert_int_equal(da_scenario_input_is_chance(scn, i), i >= 14);
        if (i >= 14)
            assert_string_equal(path, uncertain[i - 14]);
    }
    size_t first = 0;
    while (dist_is_constant(&scn->params[first].dist))
        first++;
    assert_string_equal(da_scenario_input_path(scn, 0), scn->params[first].path);
    assert_null(da_scenario_input_path(scn, 20));
    assert_int_equal(da_scenario_input_is_chance(scn, 20), 0);
    assert_null(da_scenario_input_path(NULL, 0));
    /* A milestone whose probability is left out happens for sure: nothing to vary. */
    assert_true(dist_is_constant(&param_named(scn, "milestones.ceasefire.occurs")->dist));
    assert_int_equal(scn->milestones[0].occurs, (da_pid)scn->first_event);
    da_scenario_free(scn);
}

/*
 * A lapse and its recovery are chances too, and a probability that is itself uncertain leaves
 * its event uncertain; a probability of 0 does not.
 */
static void test_chances_of_lapses(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "milestones",
                                    "milestones:\n"
                                    "  - id: go\n"
                                    "    delay_days: 10\n"
                                    "    probability: {dist: uniform, min: 0.2, max: 0.9}\n"
                                    "    lapse: {probability: 0.3, after_days: 5,\n"
                                    "            recovery_probability: 0}\n");
    da_scenario *scn = load_yaml_ok(yaml);
    const struct da_milestone *go = &scn->milestones[0];
    assert_string_equal(scn->params[go->occurs].path, "milestones.go.occurs");
    assert_string_equal(scn->params[go->lapse.occurs].path, "milestones.go.lapse.occurs");
    assert_string_equal(scn->params[go->lapse.recovers].path, "milestones.go.lapse.recovers");
    assert_false(dist_is_constant(&scn->params[go->occurs].dist));
    assert_false(dist_is_constant(&scn->params[go->lapse.occurs].dist));
    assert_true(dist_is_constant(&scn->params[go->lapse.recovers].dist));
    /* The probability, the milestone's and the lapse's uniforms. */
    assert_int_equal(da_scenario_uncertain_count(scn), 3);
    assert_int_equal(da_scenario_chance_count(scn), 2);
    da_scenario_free(scn);
}

/*
 * The uniforms decide: a run's events are its uniforms below their probabilities; setting a
 * uniform (as the analyses do) above the probability takes the event away, below it brings it
 * back, and leaves every other draw of the replication as it was.
 */
static void test_chances_decide_the_events(void **state)
{
    (void)state;
    da_scenario *scn = load_path(data_path("example.yaml"));
    struct plan plan;
    assert_int_equal(plan_init(&plan, scn), DA_OK);
    struct worker wk;
    assert_int_equal(worker_init(&wk, &plan), DA_OK);
    int approval = -1;
    for (int m = 0; m < plan.n_milestones; m++)
        if (strcmp(scn->milestones[m].id, "approval") == 0)
            approval = m;
    assert_true(approval >= 0);
    const struct da_milestone *ms = &scn->milestones[approval];
    double p = scn->params[ms->probability].central; /* 0.8 */
    assert_near(p, 0.8, 0);
    double *run = da_calloc(plan.n_params, sizeof *run);
    assert_non_null(run);
    int happened = 0;
    for (uint64_t r = 0; r < 200; r++) {
        rng_seed(wk.rng, 11, r, RNG_STREAM_PARAMS);
        draw_replication(&plan, wk.rng, false, &wk.draws);
        assert_true(wk.draws.milestone_occurs[approval] == (wk.draws.x[ms->occurs] < p));
        happened += wk.draws.milestone_occurs[approval];
        memcpy(run, wk.draws.x, plan.n_params * sizeof *run);
        for (int k = 0; k < 2; k++) {
            double u = k == 0 ? 0.95 : 0.05;
            rng_seed(wk.rng, 11, r, RNG_STREAM_PARAMS);
            draw_replication_with(&plan, wk.rng, &ms->occurs, &u, 1, &wk.draws);
            assert_true(wk.draws.milestone_occurs[approval] == (k == 1));
            for (size_t i = 0; i < plan.n_params; i++)
                if (i != ms->occurs)
                    assert_true(wk.draws.x[i] == run[i]);
        }
    }
    /* 200 Bernoulli(0.8) draws: 160, give or take 4 standard deviations (22.6). */
    assert_true(happened > 160 - 23 && happened < 160 + 23);
    da_free(run);
    worker_release(&wk);
    plan_release(&plan);
    da_scenario_free(scn);
}

static da_analysis *sobol(da_scenario *scn, const char *metric, uint64_t n)
{
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_SOBOL;
    o.metric = metric;
    o.samples = n;
    o.threads = 2;
    da_analysis *an = NULL;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    return an;
}

/*
 * A milestone whose occurrence is the only uncertainty of the start day: the option starts on
 * day 10 when it happens (p = 0.5) and never (the horizon, 100) when it does not. The start
 * day is a function of that one input: S1 and ST are 1, up to the estimators' error at N =
 * 2,000, and the variance is 45^2.
 */
static void test_chances_alone_explain_the_start(void **state)
{
    (void)state;
    da_scenario *scn = load_yaml_ok(replace_once(minimal_scenario, "    delay_days: 10\n",
                                                 "    delay_days: 10\n    probability: 0.5\n"));
    da_analysis *an = sobol(scn, "start_day", 2000);
    assert_int_equal(an->n_inputs, 1);
    const struct input_result *r = &an->inputs[input_named(an, "milestones.go.occurs")];
    assert_near(r->S1, 1, 0.05);
    assert_near(r->ST, 1, 0.05);
    assert_near(an->variance, 45.0 * 45.0, 0.1 * 45.0 * 45.0);
    da_analysis_free(an);
    /* The tornado: at its central value the milestone happens, as in a deterministic run (its
     * probability is one half); at its 10th percentile too (0.1 < 0.5), at its 90th not. */
    da_analyze_options o;
    da_analyze_options_init(&o);
    o.method = DA_METHOD_TORNADO;
    o.metric = "start_day";
    o.samples = 5;
    assert_int_equal(da_analyze(scn, &o, &an), DA_OK);
    const struct input_result *t = &an->inputs[0];
    assert_near(an->mean, 10, 0);
    assert_near(t->low, 10, 0);
    assert_near(t->high, 100, 0);
    assert_near(t->swing, 90, 0);
    da_analysis_free(an);
    da_scenario_free(scn);
}

/*
 * Two independent Bernoulli inputs in an additive metric: the last day's strength is
 * 100 J1 + 200 J2, so each contingent's share of the variance is its own term's over the sum:
 * 100^2 0.5 0.5 = 2,500 and 200^2 0.2 0.8 = 6,400, shares 0.281 and 0.719, first and total
 * order alike.
 */
static void test_chances_additive_shares(void **state)
{
    (void)state;
    da_scenario *scn = load_yaml_ok(two_contingents_scenario());
    da_analysis *an = sobol(scn, "deployed_end", 3000);
    assert_int_equal(an->n_inputs, 2);
    double share[2] = {2500.0 / 8900, 6400.0 / 8900};
    static const char *const names[] = {"options.o.sources.c1.joins", "options.o.sources.c2.joins"};
    for (int k = 0; k < 2; k++) {
        const struct input_result *r = &an->inputs[input_named(an, names[k])];
        assert_near(r->S1, share[k], 0.05);
        assert_near(r->ST, share[k], 0.05);
    }
    assert_near(an->mean, 90, 5);
    assert_near(an->variance, 8900, 0.1 * 8900);
    assert_int_equal(an->order[0], input_named(an, names[1]));
    da_analysis_free(an);
    da_scenario_free(scn);
}

/*
 * Correlations tie chances: two milestones of probability 1/2 whose uniforms have rank
 * correlation 0.9, and a third that waits for both. Independent, both happen in a quarter of
 * the runs; through the normal scores' correlation r = 2 sin(0.9 pi / 6) = 0.908, in
 * 1/4 + asin(r) / (2 pi) = 0.431 of them.
 */
static void test_chances_correlated(void **state)
{
    (void)state;
    const char *yaml = with_section(minimal_scenario, "milestones",
                                    "milestones:\n"
                                    "  - {id: a, delay_days: 1, probability: 0.5}\n"
                                    "  - {id: b, delay_days: 1, probability: 0.5}\n"
                                    "  - {id: go, after: [a, b], delay_days: 1}\n");
    size_t len = strlen(yaml) + 200;
    char *text = malloc(len);
    assert_non_null(text);
    snprintf(text, len,
             "%scorrelations:\n  - between: [milestones.a.occurs, milestones.b.occurs]\n"
             "    rank: 0.9\n",
             yaml);
    da_scenario *scn = load_yaml_ok(text);
    free(text);
    da_run_options o;
    da_run_options_init(&o);
    o.replications = 8000;
    o.threads = 2;
    da_results *res = NULL;
    assert_int_equal(da_run(scn, &o, &res), DA_OK);
    double r = 2 * sin(0.9 * PI / 6), both = 0.25 + asin(r) / (2 * PI);
    assert_near(both, 0.431, 0.001);
    double reached = (double)res->acc.milestone_reached[2] / 8000;
    assert_near(reached, both, 0.03);
    assert_near((double)res->acc.milestone_reached[0] / 8000, 0.5, 0.03);
    da_results_free(res);
    da_scenario_free(scn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chances_paths_and_order),
        cmocka_unit_test(test_chances_of_lapses),
        cmocka_unit_test(test_chances_decide_the_events),
        cmocka_unit_test(test_chances_alone_explain_the_start),
        cmocka_unit_test(test_chances_additive_shares),
        cmocka_unit_test(test_chances_correlated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
