/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * summary.c - da_scenario_write_summary(): a scenario as a planner reads it.
 *
 * Central values come first, because they are what people compare; an uncertain value is
 * followed by its distribution in brackets, so that the reader sees at once which numbers the
 * scenario is unsure of and how much.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../scenario/scenario.h"
#include "../scenario/schema.h"
#include "format.h"
#include "observed.h"

struct out {
    FILE *f;
    int color;
};

/* A section's title, with the number of its items when 'count' is not SIZE_MAX. */
static void heading(const struct out *o, const char *title, size_t count)
{
    char text[96];
    if (count == SIZE_MAX)
        snprintf(text, sizeof text, "%s", title);
    else
        snprintf(text, sizeof text, "%s (%zu)", title, count);
    fprintf(o->f, o->color ? "\n\033[1m%s\033[0m\n" : "\n%s\n", text);
}

/* A parameter: its central value in 'unit' style, and its distribution when uncertain. */
static const char *param_text(const struct da_scenario *scn, da_pid pid, enum fmt_style style,
                              char *buf, size_t cap)
{
    const struct da_param *p = scn_param(scn, pid);
    char value[48];
    fmt_value(p->central, style, value, sizeof value);
    if (dist_is_constant(&p->dist)) {
        snprintf(buf, cap, "%s", value);
    } else {
        char d[96];
        snprintf(buf, cap, "%s [%s]", value, dist_describe(&p->dist, d, sizeof d));
    }
    return buf;
}

static void refs_text(const struct da_ref *refs, size_t n, const char *none, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (n == 0)
        snprintf(buf, cap, "%s", none);
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s", i ? ", " : "", refs[i].name);
    }
}

static void write_areas(const struct out *o, const struct da_scenario *scn)
{
    double people = 0;
    for (size_t i = 0; i < scn->n_areas; i++)
        people += scn_central(scn, scn->areas[i].population);
    char total[32];
    heading(o, "Areas", scn->n_areas);
    fprintf(o->f, "  %s people in all\n", fmt_value(people, FMT_COUNT, total, sizeof total));
    for (size_t i = 0; i < scn->n_areas; i++) {
        const struct da_area *a = &scn->areas[i];
        char pop[96], disp[96], sec[96], risk[96];
        fprintf(o->f, "  %-16s %s: population %s, displaced %s, security %s, risk %s\n", a->id,
                a->name, param_text(scn, a->population, FMT_COUNT, pop, sizeof pop),
                param_text(scn, a->displaced_share, FMT_SHARE, disp, sizeof disp),
                param_text(scn, a->security_baseline, FMT_SHARE, sec, sizeof sec),
                param_text(scn, a->risk, FMT_NUMBER, risk, sizeof risk));
    }
}

static void write_milestones(const struct out *o, const struct da_scenario *scn)
{
    heading(o, "Milestones", scn->n_milestones);
    for (size_t i = 0; i < scn->n_milestones; i++) {
        const struct da_milestone *m = &scn->milestones[i];
        char after[256], any[256], delay[128];
        refs_text(m->after, m->n_after, "the start", after, sizeof after);
        refs_text(m->any_of, m->n_any_of, "", any, sizeof any);
        if (m->n_after && m->n_any_of)
            fprintf(o->f, "  %-22s after %s and any of %s", m->id, after, any);
        else if (m->n_any_of)
            fprintf(o->f, "  %-22s after any of %s", m->id, any);
        else
            fprintf(o->f, "  %-22s after %s", m->id, after);
        fprintf(o->f, ", then %s days",
                param_text(scn, m->delay_days, FMT_NUMBER, delay, sizeof delay));
        if (scn_central(scn, m->probability) < 1 ||
            !dist_is_constant(&scn_param(scn, m->probability)->dist)) {
            char prob[96];
            fprintf(o->f, "; probability %s",
                    param_text(scn, m->probability, FMT_SHARE, prob, sizeof prob));
        }
        fputc('\n', o->f);
    }
}

static void write_source(const struct out *o, const struct da_scenario *scn,
                         const struct da_source *s)
{
    char a[128], b[128], c[128];
    switch (s->kind) {
    case SOURCE_POOL:
        fprintf(o->f, "    %-18s pool of %s, vetting pass rate %s%s%s\n", s->id,
                param_text(scn, s->size, FMT_COUNT, a, sizeof a),
                param_text(scn, s->vetting_pass, FMT_SHARE, b, sizeof b),
                s->center.name ? ", trained at " : ", no training",
                s->center.name ? s->center.name : "");
        break;
    case SOURCE_RECRUITMENT:
        fprintf(o->f, "    %-18s recruits %s a day up to %s, vetting pass rate %s%s%s\n", s->id,
                param_text(scn, s->per_day, FMT_COUNT, a, sizeof a),
                param_text(scn, s->cap, FMT_COUNT, b, sizeof b),
                param_text(scn, s->vetting_pass, FMT_SHARE, c, sizeof c),
                s->center.name ? ", trained at " : ", no training",
                s->center.name ? s->center.name : "");
        break;
    default:
        fprintf(o->f, "    %-18s contingent of %s from %s, probability %s, lead time %s days\n",
                s->id, param_text(scn, s->size, FMT_COUNT, a, sizeof a), s->country,
                param_text(scn, s->probability, FMT_SHARE, b, sizeof b),
                param_text(scn, s->lead_time_days, FMT_NUMBER, c, sizeof c));
        break;
    }
}

static void write_options(const struct out *o, const struct da_scenario *scn)
{
    heading(o, "Options", scn->n_options);
    for (size_t i = 0; i < scn->n_options; i++) {
        const struct da_option *opt = &scn->options[i];
        char when[256];
        refs_text(opt->starts_when, opt->n_starts_when, "day 0", when, sizeof when);
        fprintf(o->f, "  %-16s %s: starts when %s\n", opt->id, opt->name, when);
        for (size_t c = 0; c < opt->n_training_centers; c++) {
            const struct da_center *ctr = &opt->training_centers[c];
            char seats[96], days[96];
            fprintf(o->f, "    %-18s training center: %s seats, %s-day course\n", ctr->id,
                    param_text(scn, ctr->seats, FMT_COUNT, seats, sizeof seats),
                    param_text(scn, ctr->course_days, FMT_NUMBER, days, sizeof days));
        }
        for (size_t s = 0; s < opt->n_sources; s++)
            write_source(o, scn, &opt->sources[s]);
    }
}

static void write_donors(const struct out *o, const struct da_scenario *scn)
{
    heading(o, "Donors", scn->n_donors);
    for (size_t i = 0; i < scn->n_donors; i++) {
        const struct da_donor *d = &scn->donors[i];
        fprintf(o->f, "  %-16s %s\n", d->id, d->name);
        for (size_t p = 0; p < d->n_pledges; p++) {
            const struct da_pledge *pl = &d->pledges[p];
            char amount[128], req[256], prob[96];
            refs_text(pl->requires, pl->n_requires, "the start", req, sizeof req);
            fprintf(o->f, "    %s%s for %s, from %s, probability %s\n",
                    param_text(scn, pl->amount_usd, FMT_MONEY, amount, sizeof amount),
                    pl->per_year ? " a year" : "", schema_purpose_words[pl->purpose], req,
                    param_text(scn, pl->probability, FMT_SHARE, prob, sizeof prob));
        }
    }
}

static void write_humanitarian(const struct out *o, const struct da_scenario *scn)
{
    const struct da_humanitarian *h = &scn->humanitarian;
    char trucks[128], cost[128], tonnes[128], req[128], tau[128];
    heading(o, "Security and humanitarian settings", SIZE_MAX);
    fprintf(o->f,
            "  required strength %s per 1,000 inhabitants x risk; security follows its "
            "target in %s days\n",
            param_text(scn, scn->security.required_per_1000, FMT_NUMBER, req, sizeof req),
            param_text(scn, scn->security.tau_days, FMT_NUMBER, tau, sizeof tau));
    fprintf(o->f, "  %s trucks a day at first, %s tonnes each, %s a truck; %zu crossing stages\n",
            param_text(scn, h->trucks_per_day, FMT_COUNT, trucks, sizeof trucks),
            param_text(scn, h->tonnes_per_truck, FMT_NUMBER, tonnes, sizeof tonnes),
            param_text(scn, h->cost_per_truck_usd, FMT_MONEY, cost, sizeof cost), h->n_crossings);
}

/* The record the runs are scored against: what each observation observes, when, and its
 * source. */
static void write_observed(const struct out *o, const struct da_scenario *scn)
{
    if (scn->n_observed == 0)
        return;
    heading(o, "Observations (what happened, to score the runs against)", scn->n_observed);
    for (size_t i = 0; i < scn->n_observed; i++) {
        const struct da_observation *ob = &scn->observed[i];
        char when[32] = "", where[96] = "", value[64], from[256];
        observed_from_text(ob, from, sizeof from);
        if (ob->is_range)
            snprintf(value, sizeof value, "%g to %g", ob->min, ob->max);
        else
            snprintf(value, sizeof value, "%g", ob->value);
        if (ob->has_day)
            snprintf(when, sizeof when, "day %lld: ", (long long)ob->day.day);
        if (ob->area.name)
            snprintf(where, sizeof where, " in %s", ob->area.name);
        if (ob->kind == OBSERVED_MILESTONE)
            fprintf(o->f, "  milestone %s reached on day %s%s; %s\n", ob->milestone.name, value,
                    ob->out_of_sample ? " (out of sample)" : "", ob->source);
        else
            fprintf(o->f, "  %s%s%s%s%s%s = %s%s; %s\n", when, ob->quantity, where,
                    ob->option.name ? ", " : "", ob->option.name ? ob->option.name : "", from,
                    value, ob->out_of_sample ? " (out of sample)" : "", ob->source);
    }
}

da_status da_scenario_write_summary(const da_scenario *scn, FILE *f, int color)
{
    struct out o = {f, color};
    if (color)
        fprintf(f, "\033[1m%s\033[0m\n", scn->name);
    else
        fprintf(f, "%s\n", scn->name);
    if (scn->description[0])
        fprintf(f, "%s\n", scn->description);
    fprintf(f,
            "horizon %lld days; %lld replications and seed %llu by default; %zu uncertain "
            "inputs\n",
            (long long)scn->horizon_days, (long long)scn->replications,
            (unsigned long long)scn->seed, da_scenario_uncertain_count(scn));
    write_areas(&o, scn);
    write_milestones(&o, scn);
    write_humanitarian(&o, scn);
    write_donors(&o, scn);
    write_options(&o, scn);
    write_observed(&o, scn);
    return ferror(f) ? DA_ERR_IO : DA_OK;
}
