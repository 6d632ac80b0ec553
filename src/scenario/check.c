/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.c - whole-scenario checks (see check.h).
 *
 * Ids are collected per section (and per option for training centers and sources) into hash
 * tables; a repeated id is reported where it repeats and the first one wins, so references to
 * it still resolve and one mistake gives one message. A reference that names nothing gets a
 * "did you mean" when an id is close to it.
 *
 * The milestone graph is searched depth first, without recursion, so that a long chain of
 * milestones cannot exhaust the C stack. A cycle is reported at the reference that closes it,
 * with the whole cycle spelt out; cycles through a milestone already named in one are not
 * reported again, so that one wrong reference gives one message.
 */
#include "check.h"
#include "correlations.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/idtab.h"
#include "../util/text.h"

struct section {
    const char *what;   /* "milestone": for messages */
    const char *where;  /* "milestones": for messages */
    struct idtab ids;
    const char **names; /* in order, for suggestions */
    size_t n;
};

struct checker {
    struct da_scenario *scn;
    da_diags *diags;
    bool nomem;
    struct section areas, milestones, options;
};

/* ---- ids -------------------------------------------------------------------------------- */

static void section_init(struct section *s, const char *what, const char *where)
{
    memset(s, 0, sizeof *s);
    s->what = what;
    s->where = where;
    idtab_init(&s->ids);
}

static void section_release(struct section *s)
{
    idtab_release(&s->ids);
    da_free(s->names);
}

static bool section_reserve(struct checker *c, struct section *s, size_t n)
{
    s->names = da_calloc(n ? n : 1, sizeof *s->names);
    if (!s->names)
        c->nomem = true;
    return s->names != NULL;
}

/* Adds item 'index' with 'id' (written at 'at') to 's'; reports a repeat. */
static void section_add(struct checker *c, struct section *s, const char *id, struct da_mark at,
                        uint32_t index, const char *path)
{
    if (!id)
        return; /* no valid id: reported when bound */
    uint32_t first;
    if (!idtab_add(&s->ids, id, index, &first)) {
        c->nomem = true;
        return;
    }
    if (first != UINT32_MAX) {
        diag_add(c->diags, c->scn->file, at, "%s: duplicate %s id '%s'", path, s->what, id);
        return;
    }
    if (s->names)
        s->names[s->n++] = id;
}

/* Resolves 'ref' in 's'; reports it when it names nothing. */
static void resolve(struct checker *c, const struct section *s, struct da_ref *ref)
{
    if (!ref->name)
        return;
    ref->index = idtab_get(&s->ids, ref->name);
    if (ref->index != UINT32_MAX)
        return;
    const char *near = text_closest(ref->name, s->names, s->n);
    if (near) {
        diag_add(c->diags, c->scn->file, ref->at, "%s: unknown %s '%s'; did you mean '%s'?",
                 ref->path, s->what, ref->name, near);
    } else if (s->n == 0) {
        diag_add(c->diags, c->scn->file, ref->at, "%s: unknown %s '%s' (%s defines none)",
                 ref->path, s->what, ref->name, s->where);
    } else {
        char known[256] = "";
        for (size_t i = 0; i < s->n && i < 12; i++) {
            if (i)
                text_append(known, sizeof known, ", ");
            text_append(known, sizeof known, s->names[i]);
        }
        if (s->n > 12)
            text_append(known, sizeof known, ", ...");
        diag_add(c->diags, c->scn->file, ref->at, "%s: unknown %s '%s' (%s has: %s)", ref->path,
                 s->what, ref->name, s->where, known);
    }
}

static void resolve_all(struct checker *c, const struct section *s, struct da_ref *refs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        resolve(c, s, &refs[i]);
}

static void collect_top_sections(struct checker *c)
{
    struct da_scenario *scn = c->scn;
    if (!section_reserve(c, &c->areas, scn->n_areas) ||
        !section_reserve(c, &c->milestones, scn->n_milestones) ||
        !section_reserve(c, &c->options, scn->n_options))
        return;
    for (size_t i = 0; i < scn->n_areas; i++)
        section_add(c, &c->areas, scn->areas[i].id, scn->areas[i].id_at, (uint32_t)i, "areas");
    for (size_t i = 0; i < scn->n_milestones; i++)
        section_add(c, &c->milestones, scn->milestones[i].id, scn->milestones[i].id_at,
                    (uint32_t)i, "milestones");
    for (size_t i = 0; i < scn->n_options; i++)
        section_add(c, &c->options, scn->options[i].id, scn->options[i].id_at, (uint32_t)i,
                    "options");
}

/* Ids that nothing refers to still must be unique: donors and sectors. */
static void check_unique(struct checker *c, const char *what, const char *path, size_t n,
                         const char *(*id_of)(const void *, size_t, struct da_mark *),
                         const void *items)
{
    struct section s;
    section_init(&s, what, path);
    for (size_t i = 0; i < n; i++) {
        struct da_mark at;
        const char *id = id_of(items, i, &at);
        section_add(c, &s, id, at, (uint32_t)i, path);
    }
    section_release(&s);
}

static const char *donor_id(const void *items, size_t i, struct da_mark *at)
{
    const struct da_donor *d = items;
    *at = d[i].id_at;
    return d[i].id;
}

static const char *sector_id(const void *items, size_t i, struct da_mark *at)
{
    const struct da_sector *s = items;
    *at = s[i].id_at;
    return s[i].id;
}

static const char *source_id(const void *items, size_t i, struct da_mark *at)
{
    const struct da_source *s = items;
    *at = s[i].id_at;
    return s[i].id;
}

/* ---- references ------------------------------------------------------------------------- */

static void resolve_milestone_refs(struct checker *c)
{
    struct da_scenario *scn = c->scn;
    const struct section *ms = &c->milestones;
    for (size_t i = 0; i < scn->n_milestones; i++) {
        resolve_all(c, ms, scn->milestones[i].after, scn->milestones[i].n_after);
        resolve_all(c, ms, scn->milestones[i].any_of, scn->milestones[i].n_any_of);
    }
    for (size_t i = 0; i < scn->humanitarian.n_crossings; i++)
        resolve_all(c, ms, scn->humanitarian.crossings[i].after,
                    scn->humanitarian.crossings[i].n_after);
    resolve(c, ms, &scn->reconstruction.starts_after);
    for (size_t d = 0; d < scn->n_donors; d++) {
        for (size_t p = 0; p < scn->donors[d].n_pledges; p++) {
            struct da_pledge *pl = &scn->donors[d].pledges[p];
            resolve_all(c, ms, pl->requires, pl->n_requires);
            resolve_all(c, &c->options, pl->options, pl->n_options);
        }
    }
}

static void resolve_damage(struct checker *c, struct da_sector *sector)
{
    size_t n = c->scn->n_areas;
    sector->damaged_by_area = arena_array(&c->scn->arena, n, sizeof(da_pid));
    if (!sector->damaged_by_area && n) {
        c->nomem = true;
        return;
    }
    /* Parameter 0 is the constant 0: the damage of an area left out. */
    for (size_t i = 0; i < sector->n_damaged_units; i++) {
        struct da_area_value *v = &sector->damaged_units[i];
        resolve(c, &c->areas, &v->area);
        if (v->area.index != UINT32_MAX)
            sector->damaged_by_area[v->area.index] = v->value;
    }
}

/* The path of option 'index': by its id, or by its index when it has no valid id. */
static const char *option_path(struct checker *c, size_t index)
{
    const struct da_option *opt = &c->scn->options[index];
    return opt->id ? arena_printf(&c->scn->arena, "options.%s", opt->id)
                   : arena_printf(&c->scn->arena, "options.%zu", index);
}

static void check_option(struct checker *c, size_t index)
{
    struct da_option *opt = &c->scn->options[index];
    const char *opt_path = option_path(c, index);
    struct section centers;
    section_init(&centers, "training center", opt_path);
    if (!opt_path || !section_reserve(c, &centers, opt->n_training_centers)) {
        c->nomem = true;
        section_release(&centers);
        return;
    }
    centers.where = opt->id ? arena_printf(&c->scn->arena, "option '%s'", opt->id) : opt_path;
    const char *ctr_path = arena_printf(&c->scn->arena, "%s.training_centers", opt_path);
    if (!centers.where || !ctr_path) {
        c->nomem = true;
        section_release(&centers);
        return;
    }
    for (size_t i = 0; i < opt->n_training_centers; i++) {
        struct da_center *ctr = &opt->training_centers[i];
        section_add(c, &centers, ctr->id, ctr->id_at, (uint32_t)i, ctr_path);
        resolve(c, &c->milestones, &ctr->opens_after);
    }
    const char *src_path = arena_printf(&c->scn->arena, "%s.sources", opt_path);
    if (!src_path)
        c->nomem = true;
    else
        check_unique(c, "source", src_path, opt->n_sources, source_id, opt->sources);
    resolve_all(c, &c->milestones, opt->starts_when, opt->n_starts_when);
    for (size_t i = 0; i < opt->n_sources; i++) {
        struct da_source *src = &opt->sources[i];
        resolve(c, &centers, &src->center);
        resolve_all(c, &c->milestones, src->requires, src->n_requires);
        resolve_all(c, &c->areas, src->areas, src->n_areas);
    }
    section_release(&centers);
}

/* ---- the milestone graph ----------------------------------------------------------------- */

/* The prerequisites of milestone 'm', 'after' then 'any_of': its 'k'-th one, or NULL. */
static const struct da_ref *prerequisite(const struct da_milestone *m, size_t k)
{
    if (k < m->n_after)
        return &m->after[k];
    k -= m->n_after;
    return k < m->n_any_of ? &m->any_of[k] : NULL;
}

static void report_cycle(struct checker *c, const uint32_t *stack, size_t depth, uint32_t target,
                         const struct da_ref *closing)
{
    const struct da_milestone *ms = c->scn->milestones;
    char chain[512] = "";
    size_t from = depth;
    while (from > 0 && stack[from - 1] != target)
        from--;
    if (from > 0)
        from--;
    for (size_t i = from; i < depth; i++) {
        text_append(chain, sizeof chain, ms[stack[i]].id);
        text_append(chain, sizeof chain, " -> ");
    }
    text_append(chain, sizeof chain, ms[target].id);
    diag_add(c->diags, c->scn->file, closing->at,
             "%s: the milestones wait for each other in a cycle: %s", closing->path, chain);
}

static void check_cycles(struct checker *c)
{
    size_t n = c->scn->n_milestones;
    const struct da_milestone *ms = c->scn->milestones;
    /* 0 new, 1 on the path, 2 done; bit 4: a cycle back to it was reported already, so that
     * many back edges into one milestone (a chain closed on itself) give one message. */
    unsigned char *color = da_calloc(n ? n : 1, 1);
    uint32_t *stack = da_calloc(n ? n : 1, sizeof *stack);
    size_t *next = da_calloc(n ? n : 1, sizeof *next);
    if (!color || !stack || !next) {
        c->nomem = true;
        goto done;
    }
    for (size_t root = 0; root < n; root++) {
        if (color[root])
            continue;
        size_t depth = 0;
        stack[depth++] = (uint32_t)root;
        color[root] = 1;
        next[root] = 0;
        while (depth > 0) {
            uint32_t m = stack[depth - 1];
            const struct da_ref *ref = prerequisite(&ms[m], next[m]++);
            if (!ref) {
                color[m] = (unsigned char)((color[m] & 4) | 2);
                depth--;
                continue;
            }
            if (ref->index == UINT32_MAX)
                continue;
            if ((color[ref->index] & 3) == 1) {
                if (!(color[ref->index] & 4))
                    report_cycle(c, stack, depth, ref->index, ref);
                color[ref->index] |= 4;
            } else if (color[ref->index] == 0) {
                color[ref->index] = 1;
                next[ref->index] = 0;
                stack[depth++] = ref->index;
            }
        }
    }
done:
    da_free(color);
    da_free(stack);
    da_free(next);
}

/* ---- sums and constraints ----------------------------------------------------------------- */

static void check_truck_shares(struct checker *c)
{
    static const char *const names[N_CARGO] = {"food", "water", "medical", "shelter",
                                               "materials"};
    const struct da_truck_shares *ts = &c->scn->humanitarian.truck_shares;
    if (ts->at.line == 0)
        return; /* missing or not a mapping: reported when bound */
    for (int k = 0; k < N_CARGO; k++)
        if (ts->share[k] == 0)
            return; /* a share that failed its own check: its value means nothing */
    double sum = 0;
    char terms[256] = "";
    for (int k = 0; k < N_CARGO; k++) {
        double v = scn_central(c->scn, ts->share[k]);
        sum += v;
        if (v == 0)
            continue;
        char term[48];
        snprintf(term, sizeof term, "%s%s %g", terms[0] ? " + " : "", names[k], v);
        text_append(terms, sizeof terms, term);
    }
    if (fabs(sum - 1) > 1e-9)
        diag_add(c->diags, c->scn->file, ts->at,
                 "humanitarian.truck_shares: the shares must sum to 1, found %g (%s)", sum,
                 terms[0] ? terms : "all 0");
}

static bool same_country(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

static void check_no_troops(struct checker *c)
{
    const struct da_constraints *k = &c->scn->constraints;
    for (size_t o = 0; o < c->scn->n_options; o++) {
        const struct da_option *opt = &c->scn->options[o];
        for (size_t s = 0; s < opt->n_sources; s++) {
            const struct da_source *src = &opt->sources[s];
            if (src->kind != SOURCE_CONTINGENT || !src->country)
                continue;
            for (size_t i = 0; i < k->n_no_troops_from; i++) {
                if (!same_country(src->country, k->no_troops_from[i].name))
                    continue;
                char where[64];
                if (src->id)
                    snprintf(where, sizeof where, "%s", src->id);
                else
                    snprintf(where, sizeof where, "%zu", s);
                diag_add(c->diags, c->scn->file, src->country_at,
                         "%s.sources.%s.country: a contingent from %s, but "
                         "constraints.no_troops_from (line %u) rules out troops from %s",
                         option_path(c, o), where, src->country,
                         (unsigned)k->no_troops_from[i].at.line, k->no_troops_from[i].name);
            }
        }
    }
}

/* The purposes in the order the flexible pool tops them up (MODEL.md section 7). */
static void resolve_funding_order(struct da_scenario *scn)
{
    static const int defaults[N_POOL_PURPOSES] = {PURPOSE_HUMANITARIAN, PURPOSE_SECURITY,
                                                  PURPOSE_RECONSTRUCTION};
    bool listed[N_POOL_PURPOSES] = {false, false, false};
    size_t n = 0;
    for (size_t i = 0; i < scn->funding.n_priority && n < N_POOL_PURPOSES; i++) {
        int p = scn->funding.priority[i];
        if (p >= 0 && p < N_POOL_PURPOSES && !listed[p]) {
            listed[p] = true;
            scn->funding.order[n++] = p;
        }
    }
    for (size_t i = 0; i < N_POOL_PURPOSES; i++)
        if (!listed[defaults[i]])
            scn->funding.order[n++] = defaults[i];
}

bool check_scenario(struct da_scenario *scn, da_diags *diags)
{
    struct checker c;
    memset(&c, 0, sizeof c);
    c.scn = scn;
    c.diags = diags;
    section_init(&c.areas, "area", "areas");
    section_init(&c.milestones, "milestone", "milestones");
    section_init(&c.options, "option", "options");

    collect_top_sections(&c);
    if (!c.nomem) {
        check_unique(&c, "donor", "donors", scn->n_donors, donor_id, scn->donors);
        check_unique(&c, "sector", "reconstruction.sectors", scn->reconstruction.n_sectors,
                     sector_id, scn->reconstruction.sectors);
        resolve_milestone_refs(&c);
        for (size_t i = 0; i < scn->reconstruction.n_sectors && !c.nomem; i++)
            resolve_damage(&c, &scn->reconstruction.sectors[i]);
        for (size_t i = 0; i < scn->n_options && !c.nomem; i++)
            check_option(&c, i);
        check_cycles(&c);
        check_truck_shares(&c);
        check_no_troops(&c);
        resolve_funding_order(scn);
        c.nomem = c.nomem || !check_correlations(scn, diags);
    }
    section_release(&c.areas);
    section_release(&c.milestones);
    section_release(&c.options);
    return !c.nomem;
}
