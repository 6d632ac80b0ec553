/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * model_runs.c - the hand-worked model tests' ways of running a scenario (see model_runs.h).
 */
#include "model_runs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/rng.h"

const char *with_horizon(const char *base, int days)
{
    char line[64];
    snprintf(line, sizeof line, "horizon_days: %d", days);
    return replace_once(base, "horizon_days: 100", line);
}

da_scenario *load_or_fail(const char *yaml)
{
    da_diags *diags;
    da_scenario *scn = NULL;
    da_status st = load_string(yaml, &diags, &scn);
    if (st != DA_OK)
        print_error("scenario does not load:\n%s---\n%s", diags_text(diags), yaml);
    da_diags_free(diags);
    assert_int_equal(st, DA_OK);
    return scn;
}

void detrun_open(struct detrun *d, const char *yaml)
{
    d->scn = load_or_fail(yaml);
    da_run_options opt;
    da_run_options_init(&opt);
    opt.deterministic = 1;
    opt.threads = 1;
    d->res = NULL;
    assert_int_equal(da_run(d->scn, &opt, &d->res), DA_OK);
    assert_int_equal(d->res->acc.replications, 1);
}

void detrun_close(struct detrun *d)
{
    da_results_free(d->res);
    da_scenario_free(d->scn);
}

int index_of_option(const da_scenario *scn, const char *id)
{
    for (size_t i = 0; i < scn->n_options; i++)
        if (strcmp(scn->options[i].id, id) == 0)
            return (int)i;
    print_error("no option '%s'\n", id);
    fail();
    return -1;
}

int index_of_milestone(const da_scenario *scn, const char *id)
{
    for (size_t i = 0; i < scn->n_milestones; i++)
        if (strcmp(scn->milestones[i].id, id) == 0)
            return (int)i;
    print_error("no milestone '%s'\n", id);
    fail();
    return -1;
}

const struct option_acc *option_acc_of(const struct detrun *d, const char *id)
{
    return &d->res->acc.options[index_of_option(d->scn, id)];
}

double metric(const struct detrun *d, const char *id, int m)
{
    const struct sketch *s = &option_acc_of(d, id)->metric[m];
    return s->band.count ? sketch_mean(s) : (double)NAN;
}

double by_purpose(const struct detrun *d, const char *id, int purpose)
{
    return sketch_mean(&option_acc_of(d, id)->by_purpose[purpose]);
}

double criticality(const struct detrun *d, const char *o, const char *m)
{
    const struct option_acc *oa = option_acc_of(d, o);
    return oa->started ? (double)oa->critical[index_of_milestone(d->scn, m)] / (double)oa->started
                       : (double)NAN;
}

void sim_open(struct sim *s, const char *yaml)
{
    s->scn = load_or_fail(yaml);
    assert_int_equal(plan_init(&s->plan, s->scn), DA_OK);
    assert_int_equal(worker_init(&s->wk, &s->plan), DA_OK);
    rng_seed(s->wk.rng, 1, 0, RNG_STREAM_PARAMS);
    draw_replication(&s->plan, s->wk.rng, true, &s->wk.draws);
    milestones_timeline(&s->plan, &s->wk.draws, &s->wk.timeline);
}

struct world *sim_option(struct sim *s, const char *id)
{
    replication_option(&s->wk, index_of_option(s->scn, id), 1, 0, true, false);
    return &s->wk.world;
}

void sim_close(struct sim *s)
{
    worker_release(&s->wk);
    plan_release(&s->plan);
    da_scenario_free(s->scn);
}
