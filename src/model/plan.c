/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.c - the run's plan (see plan.h).
 *
 * The milestone order comes from Kahn's algorithm over after and any_of; validation has ruled
 * out cycles, so every milestone gets a place.
 */
#include "plan.h"
#include "observe.h"

#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/idtab.h"
#include "../util/text.h"

const int plan_contract_days[N_CONTRACT_DAYS] = {90, 180, 365};
const char *const series_names[N_SERIES] = {"deployed",       "coverage",      "security",
                                            "water_coverage", "food_coverage", "displaced"};

/* Adds 'day' to the ascending list days[0 .. *n - 1] unless it is there. */
static void add_day(int *days, int *n, int day)
{
    int i = *n;
    for (int k = 0; k < *n; k++)
        if (days[k] == day)
            return;
    while (i > 0 && days[i - 1] > day) {
        days[i] = days[i - 1];
        i--;
    }
    days[i] = day;
    (*n)++;
}

/* The check days (the scenario's, or the contract's within the horizon) and the tracked days
 * (those and the contract's). */
static void choose_days(struct plan *plan)
{
    const struct da_scenario *scn = plan->scn;
    plan->n_check = plan->n_tracked = 0;
    for (size_t i = 0; i < scn->n_check_days; i++)
        add_day(plan->check_days, &plan->n_check, (int)scn->check_days[i].day);
    for (int k = 0; scn->n_check_days == 0 && k < N_CONTRACT_DAYS; k++) {
        int day = plan_contract_days[k];
        add_day(plan->check_days, &plan->n_check, day < plan->horizon ? day : plan->horizon - 1);
    }
    for (int k = 0; k < plan->n_check; k++)
        add_day(plan->tracked_days, &plan->n_tracked, plan->check_days[k]);
    for (int k = 0; k < N_CONTRACT_DAYS; k++)
        add_day(plan->tracked_days, &plan->n_tracked, plan_contract_days[k]);
}

int plan_tracked_index(const struct plan *plan, int day)
{
    for (int k = 0; k < plan->n_tracked; k++)
        if (plan->tracked_days[k] == day)
            return k;
    return -1;
}

static da_status topological_order(struct plan *plan)
{
    const struct da_scenario *scn = plan->scn;
    int n = plan->n_milestones;
    int *waiting = da_calloc((size_t)(n ? n : 1), sizeof *waiting);
    plan->topo = da_calloc((size_t)(n ? n : 1), sizeof *plan->topo);
    if (!waiting || !plan->topo) {
        da_free(waiting);
        return DA_ERR_NOMEM;
    }
    for (int m = 0; m < n; m++)
        waiting[m] = (int)(scn->milestones[m].n_after + scn->milestones[m].n_any_of);
    /* Repeatedly take the first milestone, in file order, whose prerequisites are all placed:
     * quadratic, but milestones are few and this runs once per run. */
    bool *placed = da_calloc((size_t)(n ? n : 1), sizeof *placed);
    if (!placed) {
        da_free(waiting);
        return DA_ERR_NOMEM;
    }
    for (int k = 0; k < n; k++) {
        int pick = -1;
        for (int m = 0; m < n && pick < 0; m++)
            if (!placed[m] && waiting[m] == 0)
                pick = m;
        if (pick < 0)
            break; /* impossible after validation */
        placed[pick] = true;
        plan->topo[k] = (uint32_t)pick;
        for (int m = 0; m < n; m++) {
            const struct da_milestone *ms = &scn->milestones[m];
            for (size_t i = 0; i < ms->n_after; i++)
                waiting[m] -= ms->after[i].index == (uint32_t)pick;
            for (size_t i = 0; i < ms->n_any_of; i++)
                waiting[m] -= ms->any_of[i].index == (uint32_t)pick;
        }
    }
    da_free(placed);
    da_free(waiting);
    return DA_OK;
}

int plan_longest_refs(const struct da_scenario *scn)
{
    size_t n = 1;
#define LONGER(k) n = (k) > n ? (k) : n
    for (size_t m = 0; m < scn->n_milestones; m++)
        LONGER(scn->milestones[m].n_after + scn->milestones[m].n_any_of);
    LONGER(scn->returns.n_after);
    for (size_t k = 0; k < scn->humanitarian.n_crossings; k++)
        LONGER(scn->humanitarian.crossings[k].n_after);
    for (size_t d = 0; d < scn->n_donors; d++)
        for (size_t p = 0; p < scn->donors[d].n_pledges; p++)
            LONGER(scn->donors[d].pledges[p].n_requires);
    for (size_t o = 0; o < scn->n_options; o++) {
        LONGER(scn->options[o].n_starts_when);
        for (size_t i = 0; i < scn->options[o].n_sources; i++)
            LONGER(scn->options[o].sources[i].n_requires);
    }
#undef LONGER
    return (int)n;
}

/* A country's key among the payers: as constraints.no_troops_from compares it (text_fold()),
 * so that "XX" and "xx" pay as one country, named as first written. */
#define PAYER_KEY_BYTES (4 * SCHEMA_COUNTRY_MAX_CHARS + 1)

/* The index of 'country' among the plan's self-paying countries ('seen' finds them by their
 * keys), added when new, its key written at 'key' (PAYER_KEY_BYTES, kept while 'seen' is);
 * -1 when memory runs out. */
static int self_payer(struct plan *plan, struct idtab *seen, const char *country, char *key)
{
    uint32_t existing;
    if (strnlen(country, PAYER_KEY_BYTES) < PAYER_KEY_BYTES) /* else not a valid scenario's */
        text_fold(key, country);
    else
        snprintf(key, PAYER_KEY_BYTES, "%s", country);
    if (!idtab_add(seen, key, (uint32_t)plan->n_self_payers, &existing))
        return -1;
    if (existing != UINT32_MAX)
        return (int)existing;
    plan->self_payers[plan->n_self_payers] = country;
    return plan->n_self_payers++;
}

/* 'head' followed by 'tail', from the allocator; NULL when memory runs out. */
static char *joined(const char *head, const char *tail)
{
    size_t a = strlen(head), b = strlen(tail);
    char *text = da_malloc(a + b + 1);
    if (text) {
        memcpy(text, head, a);
        memcpy(text + a, tail, b + 1);
    }
    return text;
}

/* The payers' ids and names: the donors', then "self:COUNTRY" for each self-paying country
 * (the plan owns those strings). */
static da_status name_payers(struct plan *plan)
{
    const struct da_scenario *scn = plan->scn;
    plan->n_payers = plan->n_donors + plan->n_self_payers;
    size_t n = (size_t)plan->n_payers;
    plan->payer_ids = da_calloc(n ? n : 1, sizeof *plan->payer_ids);
    plan->payer_names = da_calloc(n ? n : 1, sizeof *plan->payer_names);
    if (!plan->payer_ids || !plan->payer_names)
        return DA_ERR_NOMEM;
    for (int d = 0; d < plan->n_donors; d++) {
        plan->payer_ids[d] = scn->donors[d].id;
        plan->payer_names[d] = scn->donors[d].name;
    }
    for (int k = 0; k < plan->n_self_payers; k++) {
        int at = plan->n_donors + k;
        plan->payer_ids[at] = joined("self:", plan->self_payers[k]);
        plan->payer_names[at] = joined(plan->self_payers[k], ", for its own contingents");
        if (!plan->payer_ids[at] || !plan->payer_names[at])
            return DA_ERR_NOMEM;
    }
    return DA_OK;
}

/* What the plan needs of docs/model.md section 9: which mechanisms the scenario uses, the
 * longest list of milestones a rule waits on, and the countries that pay their own way. */
static da_status plan_v2(struct plan *plan)
{
    const struct da_scenario *scn = plan->scn;
    plan->max_refs = plan_longest_refs(scn);
    plan->effect_milestones = da_calloc((size_t)(plan->n_milestones ? plan->n_milestones : 1),
                                        sizeof *plan->effect_milestones);
    if (!plan->effect_milestones)
        return DA_ERR_NOMEM;
    for (int m = 0; m < plan->n_milestones; m++) {
        const struct da_milestone *ms = &scn->milestones[m];
        if (ms->n_effects > 0)
            plan->effect_milestones[plan->n_effect_milestones++] = m;
        plan->has_lapses = plan->has_lapses || ms->lapse.present;
        plan->has_effects = plan->has_effects || ms->n_effects > 0;
        for (size_t e = 0; e < ms->n_effects; e++)
            plan->has_returns = plan->has_returns || ms->effects[e].target == EFFECT_RETURNS_RATE;
    }
    plan->has_returns = plan->has_returns || scn->returns.present;
    size_t n_sources = (size_t)(plan->n_contingents ? plan->n_contingents : 1);
    plan->self_payer_of = da_calloc(n_sources, sizeof *plan->self_payer_of);
    plan->self_payers = da_calloc(n_sources, sizeof *plan->self_payers);
    char *keys = da_malloc(n_sources * PAYER_KEY_BYTES);
    if (!plan->self_payer_of || !plan->self_payers || !keys) {
        da_free(keys);
        return DA_ERR_NOMEM;
    }
    struct idtab seen;
    idtab_init(&seen);
    bool ok = true;
    for (int o = 0; o < plan->n_options; o++) {
        const struct da_option *opt = &scn->options[o];
        for (size_t i = 0; i < opt->n_sources; i++) {
            const struct da_source *src = &opt->sources[i];
            int payer = -1;
            if (src->kind == SOURCE_CONTINGENT && src->paid_by == PAID_BY_SELF) {
                char *key = &keys[(size_t)(plan->contingent_base[o] + (int)i) * PAYER_KEY_BYTES];
                payer = self_payer(plan, &seen, src->country, key);
                ok = ok && payer >= 0;
            }
            plan->self_payer_of[plan->contingent_base[o] + (int)i] = payer;
        }
    }
    idtab_release(&seen);
    da_free(keys);
    return ok ? name_payers(plan) : DA_ERR_NOMEM;
}

/* plan.day_marks, once the observations are placed on their days. */
static da_status mark_days(struct plan *plan)
{
    int H = plan->horizon;
    plan->day_marks = da_calloc((size_t)H + 1, sizeof *plan->day_marks);
    if (!plan->day_marks)
        return DA_ERR_NOMEM;
    for (int day = 0; day < H; day++)
        plan->day_marks[day] =
            (uint8_t)((day % 7 == 0 ? PLAN_DAY_WEEK : 0) | (day == 365 ? PLAN_DAY_365 : 0) |
                      (day == H - 1 ? PLAN_DAY_LAST : 0) |
                      (plan->observed_by_day[day] < plan->observed_by_day[day + 1]
                           ? PLAN_DAY_OBSERVED
                           : 0));
    for (int k = 0; k < plan->n_tracked; k++)
        if (plan->tracked_days[k] < H)
            plan->day_marks[plan->tracked_days[k]] |= PLAN_DAY_TRACKED;
    return DA_OK;
}

da_status plan_init(struct plan *plan, const struct da_scenario *scn)
{
    memset(plan, 0, sizeof *plan);
    plan->scn = scn;
    plan->horizon = (int)scn->horizon_days;
    plan->n_areas = (int)scn->n_areas;
    plan->n_milestones = (int)scn->n_milestones;
    plan->n_options = (int)scn->n_options;
    plan->n_donors = (int)scn->n_donors;
    plan->n_sectors = (int)scn->reconstruction.n_sectors;
    plan->n_params = scn->n_params;
    plan->n_weeks = (plan->horizon + 6) / 7;
    choose_days(plan);
    if (topological_order(plan) != DA_OK)
        goto nomem;
    for (size_t d = 0; d < scn->n_donors; d++)
        plan->n_pledges += (int)scn->donors[d].n_pledges;
    plan->pledges =
        da_calloc((size_t)(plan->n_pledges ? plan->n_pledges : 1), sizeof *plan->pledges);
    plan->contingent_base = da_calloc((size_t)plan->n_options, sizeof *plan->contingent_base);
    if (!plan->pledges || !plan->contingent_base)
        goto nomem;
    int k = 0;
    for (size_t d = 0; d < scn->n_donors; d++) {
        for (size_t p = 0; p < scn->donors[d].n_pledges; p++) {
            plan->pledges[k].pledge = &scn->donors[d].pledges[p];
            plan->pledges[k].donor = (uint32_t)d;
            int purpose = scn->donors[d].pledges[p].purpose; /* enum da_purpose */
            plan->pledges[k].pool = purpose == PURPOSE_ANY ? N_POOL_PURPOSES : purpose;
            k++;
        }
    }
    for (int o = 0; o < plan->n_options; o++) {
        const struct da_option *opt = &scn->options[o];
        plan->contingent_base[o] = plan->n_contingents;
        plan->n_contingents += (int)opt->n_sources;
        if ((int)opt->n_sources > plan->max_sources)
            plan->max_sources = (int)opt->n_sources;
        if ((int)opt->n_training_centers > plan->max_centers)
            plan->max_centers = (int)opt->n_training_centers;
    }
    if (plan_v2(plan) != DA_OK)
        goto nomem;
    if (observe_plan(plan) != DA_OK || mark_days(plan) != DA_OK)
        goto nomem;
    plan->n_correlated = correlation_inputs(scn, plan->correlated, CORRELATION_MAX_INPUTS);
    if (plan->n_correlated > 0) {
        int m = plan->n_correlated;
        plan->correlation_factor = da_calloc((size_t)m * (size_t)m, sizeof(double));
        if (!plan->correlation_factor)
            goto nomem;
        correlation_matrix(scn, plan->correlated, m, plan->correlation_factor);
        correlation_cholesky(plan->correlation_factor, m); /* checked when loaded */
    }
    return DA_OK;
nomem:
    plan_release(plan);
    return DA_ERR_NOMEM;
}

void plan_release(struct plan *plan)
{
    da_free(plan->topo);
    da_free(plan->pledges);
    da_free(plan->contingent_base);
    da_free(plan->correlation_factor);
    da_free(plan->self_payer_of);
    da_free(plan->effect_milestones);
    da_free(plan->day_marks);
    observe_release(plan);
    da_free((void *)plan->self_payers);
    for (int k = plan->n_donors; plan->payer_ids && k < plan->n_payers; k++) {
        da_free((void *)plan->payer_ids[k]);
        da_free((void *)plan->payer_names[k]);
    }
    da_free((void *)plan->payer_ids);
    da_free((void *)plan->payer_names);
    memset(plan, 0, sizeof *plan);
}
