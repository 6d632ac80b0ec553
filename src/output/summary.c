/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * summary.c - da_scenario_write_summary(): a scenario as a planner reads it.
 *
 * Central values come first, because they are what people compare; an uncertain value is
 * followed by its distribution in brackets, so that the reader sees at once which numbers the
 * scenario is unsure of and how much. Every part of the file that changes a run is shown (a
 * milestone's effects and lapse, reconstruction, returns, the terms of pledges and sources),
 * and a value left at its default is not, so that a reader checking a file sees what it says.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../scenario/scenario.h"
#include "../scenario/schema.h"
#include "../util/date.h"
#include "../util/text.h"
#include "format.h"
#include "observed.h"

struct out {
    FILE *f;
    int color;
};

/* A whole number with the thousands separators of every other number here: 2,127 days,
 * 10,000 replications (FMT_DAY writes a whole number with all its digits). */
static const char *whole_text(long long n, char *buf, size_t cap)
{
    return fmt_value((double)n, FMT_DAY, buf, cap);
}

/* The noun that agrees with a number as written: "1 day" but "1.5 days", "0 days"; a
 * number with its distribution after it ("1 [uniform(0.5, 2)]") agrees by the number shown. */
static const char *noun(const char *number, const char *one, const char *many)
{
    return number[0] == '1' && (number[1] == '\0' || number[1] == ' ') ? one : many;
}

/* A section's title, with the number of its items when 'count' is not SIZE_MAX. */
static void heading(const struct out *o, const char *title, size_t count)
{
    char text[96];
    if (count == SIZE_MAX) {
        snprintf(text, sizeof text, "%s", title);
    } else {
        char n[32];
        snprintf(text, sizeof text, "%s (%s)", title, whole_text((long long)count, n, sizeof n));
    }
    fprintf(o->f, o->color ? "\n\033[1m%s\033[0m\n" : "\n%s\n", text);
}

/* A parameter: its central value in 'unit' style, and its distribution when uncertain. */
static const char *param_text(const struct da_scenario *scn, da_pid pid, enum fmt_style style,
                              char *buf, size_t cap)
{
    const struct da_param *p = scn_param(scn, pid);
    char value[48];
    fmt_value_nonzero(p->central, style, value, sizeof value);
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

/* People per km2 at the central values of 'people' and 'km2' (both above 0: the schema's
 * ranges), written as the report writes it (FMT_NUMBER: 6,667, 45.6), with its noun: "1
 * person per km2". */
static const char *density_text(double people, double km2, char *buf, size_t cap)
{
    char v[32];
    fmt_value_nonzero(people / km2, FMT_NUMBER, v, sizeof v);
    snprintf(buf, cap, "%s %s per km2", v, noun(v, "person", "people"));
    return buf;
}

/* The areas, each with its land area and population density (docs/scenario.md, area_km2):
 * densities are of the central values, the ones --deterministic runs, and the first line says
 * so when an area's population or land area is uncertain. */
static void write_areas(const struct out *o, const struct da_scenario *scn)
{
    double people = 0, km2 = 0;
    bool uncertain = false;
    for (size_t i = 0; i < scn->n_areas; i++) {
        const struct da_area *a = &scn->areas[i];
        people += scn_central(scn, a->population);
        km2 += scn_central(scn, a->area_km2);
        uncertain = uncertain || !dist_is_constant(&scn_param(scn, a->population)->dist) ||
                    !dist_is_constant(&scn_param(scn, a->area_km2)->dist);
    }
    char total[32], land[32], density[64];
    heading(o, "Areas", scn->n_areas);
    fmt_value_nonzero(people, FMT_COUNT, total, sizeof total);
    fprintf(o->f, "  %s %s in all, on %s km2: %s%s\n", total, noun(total, "person", "people"),
            fmt_value_nonzero(km2, FMT_NUMBER, land, sizeof land),
            density_text(people, km2, density, sizeof density),
            uncertain ? " (densities at the central values)" : "");
    for (size_t i = 0; i < scn->n_areas; i++) {
        const struct da_area *a = &scn->areas[i];
        char pop[96], area[96], dens[64], disp[96], sec[96], risk[96];
        fprintf(o->f,
                "  %-16s %s: population %s, %s km2 (%s), displaced %s, security %s, risk %s\n",
                a->id, a->name, param_text(scn, a->population, FMT_COUNT, pop, sizeof pop),
                param_text(scn, a->area_km2, FMT_NUMBER, area, sizeof area),
                density_text(scn_central(scn, a->population), scn_central(scn, a->area_km2), dens,
                             sizeof dens),
                param_text(scn, a->displaced_share, FMT_SHARE, disp, sizeof disp),
                param_text(scn, a->security_baseline, FMT_SHARE, sec, sizeof sec),
                param_text(scn, a->risk, FMT_NUMBER, risk, sizeof risk));
    }
}

/* Whether a parameter is a constant equal to 'v': a default that need not be shown. */
static bool is_constant_at(const struct da_scenario *scn, da_pid pid, double v)
{
    return dist_is_constant(&scn_param(scn, pid)->dist) && scn_central(scn, pid) == v;
}

/* A parameter in 'style' followed by its noun, which agrees with the number shown: "1 truck",
 * "20 trucks", "1.5 days". */
static const char *counted_text(const struct da_scenario *scn, da_pid pid, enum fmt_style style,
                                const char *one, const char *many, char *buf, size_t cap)
{
    char v[128];
    param_text(scn, pid, style, v, sizeof v);
    snprintf(buf, cap, "%s %s", v, noun(v, one, many));
    return buf;
}

/* A parameter counted in days, with its unit: "14 days", "1 day", "30 [pert(7, 30, 90)] days". */
static const char *days_text(const struct da_scenario *scn, da_pid pid, char *buf, size_t cap)
{
    return counted_text(scn, pid, FMT_NUMBER, "day", "days", buf, cap);
}

/* A parameter between 'before' and 'after' ('after_one' when the number shown is 1: " person"
 * for " people"), unless it is the constant 'dflt' that the format gives it when left out. */
static void write_unless(const struct out *o, const struct da_scenario *scn, da_pid pid,
                         double dflt, enum fmt_style style, const char *before, const char *after,
                         const char *after_one)
{
    if (is_constant_at(scn, pid, dflt))
        return;
    char v[128];
    param_text(scn, pid, style, v, sizeof v);
    fprintf(o->f, "%s%s%s", before, v, noun(v, after_one, after));
}

/* A milestone's effect, as its path is written: what it sets or scales while the milestone
 * holds. */
static void write_effect(const struct out *o, const struct da_scenario *scn,
                         const struct da_effect *e)
{
    char v[128];
    if (e->scale)
        fprintf(o->f, "    while it holds: %s x %s\n", e->path,
                param_text(scn, e->scale_by, FMT_NUMBER, v, sizeof v));
    else
        fprintf(o->f, "    while it holds: %s = %s\n", e->path,
                param_text(scn, e->value, FMT_NUMBER, v, sizeof v));
}

static void write_lapse(const struct out *o, const struct da_scenario *scn,
                        const struct da_lapse *l)
{
    if (!l->present)
        return;
    char prob[96], after[160], rprob[96], rdays[160];
    fprintf(o->f, "    lapses with probability %s, %s after it is reached",
            param_text(scn, l->probability, FMT_SHARE, prob, sizeof prob),
            days_text(scn, l->after_days, after, sizeof after));
    if (is_constant_at(scn, l->recovery_probability, 0))
        fputs("; never recovers\n", o->f);
    else if (l->has_recovery_days)
        fprintf(o->f, "; recovers with probability %s after %s\n",
                param_text(scn, l->recovery_probability, FMT_SHARE, rprob, sizeof rprob),
                days_text(scn, l->recovery_days, rdays, sizeof rdays));
    else
        fprintf(o->f, "; recovers with probability %s\n",
                param_text(scn, l->recovery_probability, FMT_SHARE, rprob, sizeof rprob));
}

static void write_milestones(const struct out *o, const struct da_scenario *scn)
{
    heading(o, "Milestones", scn->n_milestones);
    for (size_t i = 0; i < scn->n_milestones; i++) {
        const struct da_milestone *m = &scn->milestones[i];
        char after[256], any[256], delay[160];
        refs_text(m->after, m->n_after, "the start", after, sizeof after);
        refs_text(m->any_of, m->n_any_of, "", any, sizeof any);
        if (m->n_after && m->n_any_of)
            fprintf(o->f, "  %-22s after %s and any of %s", m->id, after, any);
        else if (m->n_any_of)
            fprintf(o->f, "  %-22s after any of %s", m->id, any);
        else
            fprintf(o->f, "  %-22s after %s", m->id, after);
        fprintf(o->f, ", then %s", days_text(scn, m->delay_days, delay, sizeof delay));
        if (scn_central(scn, m->probability) < 1 ||
            !dist_is_constant(&scn_param(scn, m->probability)->dist)) {
            char prob[96];
            fprintf(o->f, "; probability %s",
                    param_text(scn, m->probability, FMT_SHARE, prob, sizeof prob));
        }
        fputc('\n', o->f);
        for (size_t e = 0; e < m->n_effects; e++)
            write_effect(o, scn, &m->effects[e]);
        write_lapse(o, scn, &m->lapse);
    }
}

/* What a source costs, where it serves and, for a contingent, what it waits for and how long
 * it stays: one line below the source, when any of it differs from the defaults. */
static void write_source_terms(const struct out *o, const struct da_scenario *scn,
                               const struct da_source *s)
{
    char line[1024] = "", v[160], part[384];
    if (s->kind == SOURCE_RECRUITMENT && !is_constant_at(scn, s->start_delay_days, 0)) {
        snprintf(part, sizeof part, "; recruiting from %s after the start",
                 days_text(scn, s->start_delay_days, v, sizeof v));
        text_append(line, sizeof line, part);
    }
    if (s->kind != SOURCE_CONTINGENT && !is_constant_at(scn, s->vetting_per_day, HUGE_VAL)) {
        snprintf(part, sizeof part, "; vets at most %s a day",
                 param_text(scn, s->vetting_per_day, FMT_COUNT, v, sizeof v));
        text_append(line, sizeof line, part);
    }
    if (s->kind != SOURCE_CONTINGENT && !is_constant_at(scn, s->vetting_days, 1)) {
        snprintf(part, sizeof part, "; vetting takes %s",
                 days_text(scn, s->vetting_days, v, sizeof v));
        text_append(line, sizeof line, part);
    }
    if (!is_constant_at(scn, s->pay_per_person_day, 0)) {
        snprintf(part, sizeof part, "; pay %s a person-day%s",
                 param_text(scn, s->pay_per_person_day, FMT_MONEY, v, sizeof v),
                 s->kind == SOURCE_CONTINGENT && s->paid_by == PAID_BY_SELF ? ", by its country"
                                                                            : "");
        text_append(line, sizeof line, part);
    }
    if (s->kind != SOURCE_CONTINGENT && !is_constant_at(scn, s->equipment_per_person_usd, 0)) {
        snprintf(part, sizeof part, "; equipment %s a person",
                 param_text(scn, s->equipment_per_person_usd, FMT_MONEY, v, sizeof v));
        text_append(line, sizeof line, part);
    }
    if (s->kind == SOURCE_CONTINGENT && s->n_requires) {
        char req[256];
        refs_text(s->requires, s->n_requires, "", req, sizeof req);
        snprintf(part, sizeof part, "; comes only once %s", req);
        text_append(line, sizeof line, part);
    }
    if (s->kind == SOURCE_CONTINGENT && !isinf(scn_central(scn, s->tour_days))) {
        snprintf(part, sizeof part, "; tours of %s%s", days_text(scn, s->tour_days, v, sizeof v),
                 s->rotates ? ", relieved in place" : ", then leaves");
        text_append(line, sizeof line, part);
    }
    if (s->has_areas) {
        char areas[256];
        refs_text(s->areas, s->n_areas, "", areas, sizeof areas);
        snprintf(part, sizeof part, "; serves %s only", areas);
        text_append(line, sizeof line, part);
    }
    if (line[0])
        fprintf(o->f, "    %-18s %s\n", "", line + 2);
}

static void write_source(const struct out *o, const struct da_scenario *scn,
                         const struct da_source *s)
{
    char a[128], b[128], c[160];
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
        fprintf(o->f, "    %-18s contingent of %s from %s, probability %s, lead time %s\n", s->id,
                param_text(scn, s->size, FMT_COUNT, a, sizeof a), s->country,
                param_text(scn, s->probability, FMT_SHARE, b, sizeof b),
                days_text(scn, s->lead_time_days, c, sizeof c));
        break;
    }
    write_source_terms(o, scn, s);
}

static void write_options(const struct out *o, const struct da_scenario *scn)
{
    heading(o, "Options", scn->n_options);
    for (size_t i = 0; i < scn->n_options; i++) {
        const struct da_option *opt = &scn->options[i];
        char refs[240], when[256];
        refs_text(opt->starts_when, opt->n_starts_when, "", refs, sizeof refs);
        /* "starts on day 0" where no milestone holds it back ("starts when day 0" was);
         * "starts when m" where one does. */
        snprintf(when, sizeof when, "%s%s", opt->n_starts_when ? "starts when " : "starts on day 0",
                 refs);
        fprintf(o->f, "  %-16s %s: %s; force spread by %s", opt->id, opt->name, when,
                schema_allocation_words[opt->allocation]);
        write_unless(o, scn, opt->attrition_per_year, 0, FMT_SHARE, ", ", " leave a year",
                     " leave a year");
        fputc('\n', o->f);
        for (size_t c = 0; c < opt->n_training_centers; c++) {
            const struct da_center *ctr = &opt->training_centers[c];
            char seats[160], days[96], setup[160], washout[96];
            fprintf(o->f,
                    "    %-18s training center: %s, %s-day course, %s wash out; opens %s after %s",
                    ctr->id,
                    counted_text(scn, ctr->seats, FMT_COUNT, "seat", "seats", seats, sizeof seats),
                    param_text(scn, ctr->course_days, FMT_NUMBER, days, sizeof days),
                    param_text(scn, ctr->washout, FMT_SHARE, washout, sizeof washout),
                    days_text(scn, ctr->setup_days, setup, sizeof setup),
                    ctr->opens_after.name ? ctr->opens_after.name : "the option's start");
            write_unless(o, scn, ctr->cost_per_trainee_usd, 0, FMT_MONEY, ", ", " a trainee",
                         " a trainee");
            fputc('\n', o->f);
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
            fprintf(o->f, "    %s%s for %s, from %s, probability %s",
                    param_text(scn, pl->amount_usd, FMT_MONEY, amount, sizeof amount),
                    pl->per_year ? " a year" : "",
                    pl->purpose == PURPOSE_ANY ? "any purpose" : schema_purpose_words[pl->purpose],
                    req, param_text(scn, pl->probability, FMT_SHARE, prob, sizeof prob));
            if (!is_constant_at(scn, pl->lag_days, 0)) {
                char lag[160];
                fprintf(o->f, ", %s later", days_text(scn, pl->lag_days, lag, sizeof lag));
            }
            write_unless(o, scn, pl->spread_days, 1, FMT_NUMBER, ", over ", " days", " day");
            if (pl->n_options) {
                char only[256];
                refs_text(pl->options, pl->n_options, "", only, sizeof only);
                fprintf(o->f, ", for %s only", only);
            }
            fputc('\n', o->f);
        }
    }
    const struct da_funding *f = &scn->funding;
    fputs("  flexible money tops up", o->f);
    for (int i = 0; i < N_POOL_PURPOSES; i++)
        fprintf(o->f, "%s %s", i ? (i == N_POOL_PURPOSES - 1 ? " then" : ",") : "",
                schema_purpose_words[f->order[i]]);
    fputs(" in that order\n", o->f);
}

static void write_humanitarian(const struct out *o, const struct da_scenario *scn)
{
    const struct da_humanitarian *h = &scn->humanitarian;
    char trucks[160], cost[128], tonnes[160], req[128], tau[160];
    heading(o, "Security and humanitarian settings", SIZE_MAX);
    fprintf(o->f,
            "  required strength %s per 1,000 inhabitants x risk; security follows its "
            "target in %s\n",
            param_text(scn, scn->security.required_per_1000, FMT_NUMBER, req, sizeof req),
            days_text(scn, scn->security.tau_days, tau, sizeof tau));
    char shock[128], spoil[160], ioc[96];
    fprintf(o->f,
            "  %s a day per 100,000 people x risk x (1 - security), each lowering "
            "security by %s per 100,000 people; initial operating capability at coverage %s\n",
            counted_text(scn, scn->security.spoiler_incidents_per_100k_day, FMT_NUMBER, "incident",
                         "incidents", spoil, sizeof spoil),
            param_text(scn, scn->security.shock, FMT_NUMBER, shock, sizeof shock),
            param_text(scn, scn->security.ioc_coverage, FMT_SHARE, ioc, sizeof ioc));
    if (scn->security.requirement_note)
        fprintf(o->f, "  the requirement: %s\n", scn->security.requirement_note);
    char water[160], food[96], beds[160], floor[96];
    fprintf(
        o->f,
        "  standards: %s of water and %s kg of food a person a day, %s per "
        "10,000; at least %s of aid gets through, whatever the security\n",
        counted_text(scn, h->standards.water_l, FMT_NUMBER, "litre", "litres", water, sizeof water),
        param_text(scn, h->standards.food_kg, FMT_NUMBER, food, sizeof food),
        counted_text(scn, h->standards.beds_per_10k, FMT_NUMBER, "bed", "beds", beds, sizeof beds),
        param_text(scn, h->access_floor, FMT_SHARE, floor, sizeof floor));
    fprintf(
        o->f, "  %s a day at first, %s each, %s a truck\n",
        counted_text(scn, h->trucks_per_day, FMT_COUNT, "truck", "trucks", trucks, sizeof trucks),
        counted_text(scn, h->tonnes_per_truck, FMT_NUMBER, "tonne", "tonnes", tonnes,
                     sizeof tonnes),
        param_text(scn, h->cost_per_truck_usd, FMT_MONEY, cost, sizeof cost));
    for (size_t i = 0; i < h->n_crossings; i++) {
        const struct da_crossing *c = &h->crossings[i];
        char after[256], n[160];
        refs_text(c->after, c->n_after, "the start", after, sizeof after);
        fprintf(o->f, "    %s a day from %s\n",
                counted_text(scn, c->trucks_per_day, FMT_COUNT, "truck", "trucks", n, sizeof n),
                after);
    }
    static const char *const cargo[N_CARGO] = {"food", "water", "medical", "shelter", "materials"};
    fputs("  each day's trucks:", o->f);
    for (int c = 0; c < N_CARGO; c++) {
        char share[96];
        fprintf(o->f, "%s %s %s", c ? "," : "",
                param_text(scn, h->truck_shares.share[c], FMT_SHARE, share, sizeof share),
                cargo[c]);
    }
    fputc('\n', o->f);
}

/* Rebuilding, when the scenario has any sector: when it may start, and each sector's damage,
 * pace and what a unit gives back. */
static void write_reconstruction(const struct out *o, const struct da_scenario *scn)
{
    const struct da_reconstruction *r = &scn->reconstruction;
    if (r->n_sectors == 0)
        return;
    heading(o, "Reconstruction", r->n_sectors);
    char sec[96], mat[160];
    fprintf(o->f,
            "  from %s, in areas with security of at least %s; %s of materials a "
            "day besides the trucks'\n",
            r->starts_after.name ? r->starts_after.name : "the start",
            param_text(scn, r->min_security, FMT_SHARE, sec, sizeof sec),
            counted_text(scn, r->materials_tonnes_per_day, FMT_COUNT, "tonne", "tonnes", mat,
                         sizeof mat));
    for (size_t i = 0; i < r->n_sectors; i++) {
        const struct da_sector *x = &r->sectors[i];
        double damaged = 0;
        for (size_t a = 0; a < x->n_damaged_units; a++)
            damaged += scn_central(scn, x->damaged_units[a].value);
        char units[32], cost[128], days[160], pace[160], tonnes[160];
        fmt_value_nonzero(damaged, FMT_COUNT, units, sizeof units);
        fprintf(
            o->f, "  %-16s %s %s damaged, %s a unit, %s to build, at most %s a day, %s a unit",
            x->id, units, noun(units, "unit", "units"),
            param_text(scn, x->unit_cost_usd, FMT_MONEY, cost, sizeof cost),
            days_text(scn, x->build_days, days, sizeof days),
            counted_text(scn, x->max_units_per_day, FMT_NUMBER, "unit", "units", pace, sizeof pace),
            counted_text(scn, x->tonnes_per_unit, FMT_NUMBER, "tonne", "tonnes", tonnes,
                         sizeof tonnes));
        const struct da_restores *g = &x->restores;
        write_unless(o, scn, g->persons, 0, FMT_NUMBER, "; a unit houses ", " people", " person");
        write_unless(o, scn, g->m3_day, 0, FMT_NUMBER, "; a unit gives ", " m3 of water a day",
                     " m3 of water a day");
        write_unless(o, scn, g->beds, 0, FMT_NUMBER, "; a unit gives ", " hospital beds",
                     " hospital bed");
        fputc('\n', o->f);
    }
}

/* Returns on their own, when the scenario has them. */
static void write_returns(const struct out *o, const struct da_scenario *scn)
{
    const struct da_returns *r = &scn->returns;
    if (!r->present)
        return;
    char rate[128], sec[96], after[256];
    refs_text(r->after, r->n_after, "the start", after, sizeof after);
    heading(o, "Returns", SIZE_MAX);
    fprintf(o->f, "  %s of the displaced a day go home, from %s, where security is at least %s\n",
            param_text(scn, r->rate_per_day, FMT_SHARE, rate, sizeof rate), after,
            param_text(scn, r->min_security, FMT_SHARE, sec, sizeof sec));
}

/* The rank correlations between inputs: they shape every run, and a reader checking the inputs'
 * ranges one at a time would not see them. */
static void write_correlations(const struct out *o, const struct da_scenario *scn)
{
    if (scn->n_correlations == 0)
        return;
    heading(o, "Rank correlations", scn->n_correlations);
    for (size_t i = 0; i < scn->n_correlations; i++) {
        const struct da_correlation *k = &scn->correlations[i];
        fprintf(o->f, "  %s and %s: %g\n", k->between[0].name, k->between[1].name,
                scn_param(scn, k->rank)->central);
    }
}

/* Day 0's date and the days whose strength the outputs report, when the file gives them. */
static void write_days(FILE *f, const struct da_scenario *scn)
{
    if (scn->has_start_date) {
        char date[16];
        fprintf(f, "day 0 is %s\n", date_format(scn->start_date, date, sizeof date));
    }
    if (scn->n_check_days == 0)
        return;
    fprintf(f, "strength checked on day%s", scn->n_check_days == 1 ? "" : "s");
    for (size_t i = 0; i < scn->n_check_days; i++) {
        char day[32];
        fprintf(f, "%s %s", i ? "," : "", whole_text(scn->check_days[i].day, day, sizeof day));
    }
    fputc('\n', f);
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
        char when[48] = "", where[96] = "", value[64], from[256];
        enum fmt_style style = observation_format(ob);
        observed_from_text(ob, from, sizeof from);
        if (ob->is_range) {
            char lo[32], hi[32];
            snprintf(value, sizeof value, "%s to %s",
                     observed_value_text(ob->min, style, lo, sizeof lo),
                     observed_value_text(ob->max, style, hi, sizeof hi));
        } else {
            observed_value_text(ob->value, style, value, sizeof value);
        }
        if (ob->has_day) {
            char day[32];
            snprintf(when, sizeof when, "day %s: ", whole_text(ob->day.day, day, sizeof day));
        }
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
    /* The seed is an identifier, written as --seed takes it: without separators. */
    char horizon[32], reps[32], inputs[32];
    whole_text(scn->horizon_days, horizon, sizeof horizon);
    whole_text(scn->replications, reps, sizeof reps);
    whole_text((long long)da_scenario_uncertain_count(scn), inputs, sizeof inputs);
    fprintf(f, "horizon %s %s; %s %s and seed %llu by default; %s %s\n", horizon,
            noun(horizon, "day", "days"), reps, noun(reps, "replication", "replications"),
            (unsigned long long)scn->seed, inputs,
            noun(inputs, "uncertain input", "uncertain inputs"));
    if (scn->constraints.n_no_troops_from) {
        char countries[256];
        refs_text(scn->constraints.no_troops_from, scn->constraints.n_no_troops_from, "", countries,
                  sizeof countries);
        fprintf(f, "no troops from %s\n", countries);
    }
    write_days(f, scn);
    write_areas(&o, scn);
    write_milestones(&o, scn);
    write_humanitarian(&o, scn);
    write_reconstruction(&o, scn);
    write_returns(&o, scn);
    write_donors(&o, scn);
    write_options(&o, scn);
    write_correlations(&o, scn);
    write_observed(&o, scn);
    return ferror(f) ? DA_ERR_IO : DA_OK;
}
