/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * events.c - every chance of a scenario as an uncertain input.
 *
 * Each event (a milestone that may not happen, a pledge that may not be paid, a contingent
 * that may not join, a lapse and its recovery) is decided by one uniform draw u on (0, 1): it
 * happens when u < p, its probability (docs/model.md section 1). The uniforms are parameters
 * like any other, named by paths:
 *
 *   milestones.ID.occurs             donors.ID.pledges.K.occurs
 *   options.ID.sources.ID.joins      milestones.ID.lapse.occurs, milestones.ID.lapse.recovers
 *
 * so that the analyses vary them (whether Israel's approval comes at all is an input beside
 * its delay) and correlations can tie them (the rank correlation of the uniforms). They follow
 * every parameter of the file in the table, in the order the engine has always drawn the
 * events (milestones, pledges, contingents, then each lapse and its recovery), so a run draws
 * the same numbers as before they were parameters. An event whose probability is fixed at 0
 * or 1 has nothing uncertain: its uniform is a constant parameter, which no analysis varies
 * (it is still drawn, so that the stream stays where it was).
 */
#include "events.h"

#include <math.h>
#include <string.h>

#include "bind.h"
#include "dist.h"

struct adder {
    struct da_scenario *scn;
    bool nomem;
};

/* Whether the probability 'pid' leaves the event uncertain. */
static bool uncertain(const struct da_scenario *scn, da_pid pid)
{
    const struct da_dist *d = &scn->params[pid].dist;
    double lo, hi;
    dist_support(d, &lo, &hi);
    return !(lo == hi && (lo <= 0 || lo >= 1));
}

/* Adds the uniform of the event whose probability is 'probability', written at 'at'. */
static da_pid add(struct adder *a, da_pid probability, const char *path, struct da_mark at)
{
    if (a->nomem || !path) {
        a->nomem = true;
        return 0;
    }
    struct da_dist d;
    memset(&d, 0, sizeof d);
    if (uncertain(a->scn, probability)) {
        d.kind = DIST_UNIFORM;
        d.max = 1;
    } else {
        d.kind = DIST_FIXED;
        d.value = 0.5;
    }
    da_pid pid = bind_add_param(a->scn, &d, path, at, false, &a->nomem);
    if (!a->nomem) {
        struct da_param *p = &a->scn->params[pid];
        p->is_event = true;
        p->probability = probability;
        /* Just below one half: U < p then holds exactly when p >= 1/2, so the event happens
         * at the central value when a deterministic run says it does (draw.c). */
        p->central = nextafter(0.5, 0);
    }
    return pid;
}

/* A name for a section's item whose id is missing (the file is invalid and will be refused;
 * its events are still added, so that the checks after this one read a whole table). */
static const char *id_of(const char *id)
{
    return id ? id : "?";
}

bool events_add(struct da_scenario *scn)
{
    struct adder a = {scn, false};
    struct arena *ar = &scn->arena;
    scn->first_event = scn->n_params;
    for (size_t m = 0; m < scn->n_milestones; m++) {
        struct da_milestone *ms = &scn->milestones[m];
        ms->occurs = add(&a, ms->probability,
                         arena_printf(ar, "milestones.%s.occurs", id_of(ms->id)), ms->at);
    }
    for (size_t d = 0; d < scn->n_donors; d++) {
        struct da_donor *donor = &scn->donors[d];
        for (size_t k = 0; k < donor->n_pledges; k++) {
            struct da_pledge *pl = &donor->pledges[k];
            pl->occurs =
                add(&a, pl->probability,
                    arena_printf(ar, "donors.%s.pledges.%zu.occurs", id_of(donor->id), k), pl->at);
        }
    }
    for (size_t o = 0; o < scn->n_options; o++) {
        struct da_option *opt = &scn->options[o];
        for (size_t s = 0; s < opt->n_sources; s++) {
            struct da_source *src = &opt->sources[s];
            if (src->kind != SOURCE_CONTINGENT)
                continue;
            src->joins =
                add(&a, src->probability,
                    arena_printf(ar, "options.%s.sources.%s.joins", id_of(opt->id), id_of(src->id)),
                    src->at);
        }
    }
    for (size_t m = 0; m < scn->n_milestones; m++) {
        struct da_milestone *ms = &scn->milestones[m];
        struct da_lapse *l = &ms->lapse;
        if (!l->present)
            continue;
        l->occurs = add(&a, l->probability,
                        arena_printf(ar, "milestones.%s.lapse.occurs", id_of(ms->id)), l->at);
        l->recovers = add(&a, l->recovery_probability,
                          arena_printf(ar, "milestones.%s.lapse.recovers", id_of(ms->id)), l->at);
    }
    return !a.nomem;
}
