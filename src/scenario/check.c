/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.c - whole-scenario checks (see check.h).
 *
 * Ids are collected per section (and per option for training centers and sources) into hash
 * tables; a repeated id is reported where it repeats and the first one wins, so references to
 * it still resolve and one mistake gives one message. A reference that names nothing gets a
 * "did you mean" when an id is close to it: the section's ids are indexed at its first unknown
 * reference and each unknown name is looked up once, so that a file of many ids and many
 * wrong references stays linear.
 *
 * The milestone graph is searched depth first, without recursion, so that a long chain of
 * milestones cannot exhaust the C stack. A cycle is reported at the reference that closes it,
 * with the whole cycle spelt out; cycles through a milestone already named in one are not
 * reported again, so that one wrong reference gives one message.
 *
 * Observations that repeat one another are found by sorting them, not by comparing each with
 * each: a file may hold 10,000.
 */
#include "check.h"
#include "correlations.h"
#include "effects.h"
#include "events.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/idtab.h"
#include "../util/text.h"
#include "value.h"

struct section {
    const char *what;  /* "milestone": for messages */
    const char *where; /* "milestones": for messages */
    struct idtab ids;
    const char **names; /* in order, for suggestions */
    size_t n;
    struct text_index *near; /* 'names' for "did you mean", made at the first unknown name */
    struct idtab asked;      /* unknown names so far -> their suggestion's place in 'names' */
};

/* What 'asked' holds for a name with no suggestion. */
#define NO_SUGGESTION (UINT32_MAX - 1)

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
    idtab_init(&s->asked);
}

static void section_release(struct section *s)
{
    idtab_release(&s->ids);
    idtab_release(&s->asked);
    text_index_free(s->near);
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
        diag_add(c->diags, c->scn->file, DA_DIAG_DUPLICATE_ID, path, at, "%s: duplicate %s id '%s'",
                 path, s->what, id);
        return;
    }
    if (s->names)
        s->names[s->n++] = id;
}

/* The id of 's' that 'name', which names none, was probably meant to be, or NULL. */
static const char *suggestion(struct checker *c, struct section *s, const char *name)
{
    uint32_t known = idtab_get(&s->asked, name);
    if (known != UINT32_MAX)
        return known == NO_SUGGESTION ? NULL : s->names[known];
    if (!s->near && !(s->near = text_index_new(s->names, s->n))) {
        c->nomem = true;
        return NULL;
    }
    size_t at = text_index_closest(s->near, name, NULL);
    uint32_t answer = at == SIZE_MAX ? NO_SUGGESTION : (uint32_t)at;
    if (!idtab_add(&s->asked, name, answer, &known))
        c->nomem = true;
    return at == SIZE_MAX ? NULL : s->names[at];
}

/* Reports 'name', written at 'at' for the key 'path', which names nothing in 's'; 'lead' is
 * put before "unknown" (an effect's path says first what it is). */
static void report_unknown(struct checker *c, struct section *s, const char *name, const char *path,
                           struct da_mark at, const char *lead)
{
    if (diag_full(c->diags)) {
        /* Past the list's cap only the count is kept: no suggestion is worth looking for. */
        diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_REFERENCE, path, at, "%s: %sunknown %s",
                 path, lead, s->what);
        return;
    }
    const char *near = suggestion(c, s, name);
    if (near) {
        diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_REFERENCE, path, at,
                 "%s: %sunknown %s '%s'; did you mean '%s'?", path, lead, s->what, name, near);
    } else if (s->n == 0) {
        diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_REFERENCE, path, at,
                 "%s: %sunknown %s '%s' (%s defines none)", path, lead, s->what, name, s->where);
    } else {
        char known[256] = "";
        for (size_t i = 0; i < s->n && i < 12; i++) {
            if (i)
                text_append(known, sizeof known, ", ");
            text_append(known, sizeof known, s->names[i]);
        }
        if (s->n > 12)
            text_append(known, sizeof known, ", ...");
        diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_REFERENCE, path, at,
                 "%s: %sunknown %s '%s' (%s has: %s)", path, lead, s->what, name, s->where, known);
    }
}

/* Resolves 'ref' in 's'; reports it when it names nothing. */
static void resolve(struct checker *c, struct section *s, struct da_ref *ref)
{
    if (!ref->name)
        return;
    ref->index = idtab_get(&s->ids, ref->name);
    if (ref->index != UINT32_MAX)
        return;
    report_unknown(c, s, ref->name, ref->path, ref->at, "");
}

static void resolve_all(struct checker *c, struct section *s, struct da_ref *refs, size_t n)
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
        section_add(c, &c->milestones, scn->milestones[i].id, scn->milestones[i].id_at, (uint32_t)i,
                    "milestones");
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
    struct section *ms = &c->milestones;
    for (size_t i = 0; i < scn->n_milestones; i++) {
        resolve_all(c, ms, scn->milestones[i].after, scn->milestones[i].n_after);
        resolve_all(c, ms, scn->milestones[i].any_of, scn->milestones[i].n_any_of);
    }
    for (size_t i = 0; i < scn->humanitarian.n_crossings; i++)
        resolve_all(c, ms, scn->humanitarian.crossings[i].after,
                    scn->humanitarian.crossings[i].n_after);
    resolve(c, ms, &scn->reconstruction.starts_after);
    resolve_all(c, ms, scn->returns.after, scn->returns.n_after);
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
    for (size_t i = 0; i < sector->n_damaged_units; i++)
        resolve(c, &c->areas, &sector->damaged_units[i].area);
}

bool check_damage_tables(struct da_scenario *scn)
{
    size_t n = scn->n_areas;
    for (size_t k = 0; k < scn->reconstruction.n_sectors; k++) {
        struct da_sector *sector = &scn->reconstruction.sectors[k];
        /* Parameter 0 is the constant 0: the damage of an area left out. */
        sector->damaged_by_area = arena_array(&scn->arena, n, sizeof(da_pid));
        if (!sector->damaged_by_area && n)
            return false;
        for (size_t i = 0; i < sector->n_damaged_units; i++) {
            const struct da_area_value *v = &sector->damaged_units[i];
            if (v->area.index != UINT32_MAX)
                sector->damaged_by_area[v->area.index] = v->value;
        }
    }
    return true;
}

/* The path of option 'index': by its id, or by its index when it has no valid id. */
static const char *option_path(struct checker *c, size_t index)
{
    const struct da_option *opt = &c->scn->options[index];
    return opt->id ? arena_printf(&c->scn->arena, "options.%s", opt->id)
                   : arena_printf(&c->scn->arena, "options.%zu", index);
}

/* A contingent rotates at the end of each tour (docs/model.md section 3): without a tour it
 * stays for good whether it rotates or not, and 'rotates: true' would be accepted while it
 * changes nothing. Only a tour left out counts: one misspelt or wrong was reported itself. */
static void check_rotation(struct checker *c, const struct da_source *src, const char *opt_path,
                           size_t index)
{
    if (src->kind != SOURCE_CONTINGENT || !src->rotates || src->rotates_at.line == 0 ||
        !scn_param(c->scn, src->tour_days)->is_default || src->tour_days == 0)
        return;
    char where[80];
    if (src->id)
        snprintf(where, sizeof where, "%s", src->id);
    else
        snprintf(where, sizeof where, "%zu", index);
    diag_add(c->diags, c->scn->file, DA_DIAG_KEY_NOT_APPLICABLE,
             DIAG_PATH("%s.sources.%s.rotates", opt_path, where), src->rotates_at,
             "%s.sources.%s.rotates: a contingent rotates at the end of each tour, and without "
             "'tour_days' it has none: it stays for good; give tour_days, or leave rotates out",
             opt_path, where);
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
        check_rotation(c, src, opt_path, i);
        resolve(c, &centers, &src->center);
        resolve_all(c, &c->milestones, src->requires, src->n_requires);
        resolve_all(c, &c->areas, src->areas, src->n_areas);
    }
    section_release(&centers);
}

/* ---- effects and lapses (docs/model.md section 9) ----------------------------------------- */

/* The path of milestone 'index': by its id, or by its index when it has no valid id. */
static const char *milestone_path(struct checker *c, size_t index)
{
    const struct da_milestone *m = &c->scn->milestones[index];
    const char *path = m->id ? arena_printf(&c->scn->arena, "milestones.%s", m->id)
                             : arena_printf(&c->scn->arena, "milestones.%zu", index);
    if (!path)
        c->nomem = true;
    return path ? path : "milestones";
}

/* Finds the area that an effect's path names by 'item' ('len' bytes), written as the
 * scenario's paths write it: '*' for every area (EFFECT_EVERY_AREA), its position from 0, or
 * its id. False when it names none of the scenario's. */
static bool effect_area(const struct checker *c, const char *item, size_t len, uint32_t *area)
{
    size_t digits = 0;
    *area = EFFECT_EVERY_AREA;
    if (len == 1 && item[0] == '*')
        return true;
    while (digits < len && isdigit((unsigned char)item[digits]))
        digits++;
    if (digits == len) {
        /* Ids start with a letter: digits are a position. Past 9 of them none is in range. */
        size_t at = len <= 9 ? (size_t)strtoul(item, NULL, 10) : SIZE_MAX;
        if (at >= c->scn->n_areas)
            return false;
        *area = (uint32_t)at;
        return true;
    }
    char name[VALUE_ID_MAX + 1];
    if (len > VALUE_ID_MAX)
        return false; /* longer than any id */
    memcpy(name, item, len);
    name[len] = '\0';
    uint32_t index = idtab_get(&c->areas.ids, name);
    if (index == UINT32_MAX)
        return false;
    *area = index;
    return true;
}

/* Resolves the area of an effect on an area's parameter (effect_area()). 'key' is the path of
 * the effect's 'path' key, for messages. */
static void resolve_effect_area(struct checker *c, struct da_effect *e,
                                const struct effect_path *read, const char *key)
{
    const char *item = read->item;
    size_t len = read->item_len, digits = 0;
    if (effect_area(c, item, len, &e->area))
        return;
    char lead[DIAG_QUOTE_MAX + 64];
    snprintf(lead, sizeof lead, "'%.*s' names no parameter: ", DIAG_QUOTE_MAX, e->path);
    while (digits < len && isdigit((unsigned char)item[digits]))
        digits++;
    if (digits == len) {
        diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_PARAMETER, key, e->path_at,
                 "%s: %sthere is no area %.*s (areas has %zu, counted from 0)", key, lead, (int)len,
                 item, c->scn->n_areas); /* len < EFFECT_PATH_MAX */
        return;
    }
    char *name = arena_strndup(&c->scn->arena, item, len);
    if (!name) {
        c->nomem = true;
        return;
    }
    report_unknown(c, &c->areas, name, key, e->path_at, lead);
}

/* Whether the target path 'near' that effect_suggest() offers names an area of the scenario,
 * when it names one: a suggestion that would be refused in turn is none. */
static bool names_an_area(const struct checker *c, const char *near)
{
    struct effect_path read;
    uint32_t area;
    effect_read_path(near, &read);
    return !read.item || effect_area(c, read.item, read.item_len, &area);
}

/* A scale of 0 would take a target that must stay above 0 (risk, by which the coverage
 * divides) to 0, where it means what no scenario means: it is refused. The other ends the
 * engine holds: a share at 1, any other number at its limit of computation (a risk that a
 * small scale carries below 10^-6 at that). */
static void check_scale(struct checker *c, const struct da_effect *e,
                        const struct field_spec *target, const char *where)
{
    if (!e->has_scale || e->scale_by == 0 || !(target->lo_open || target->lo > 0))
        return; /* parameter 0: the scale failed its own check */
    double lo, hi;
    const struct da_param *p = scn_param(c->scn, e->scale_by);
    dist_support(&p->dist, &lo, &hi);
    if (lo <= 0)
        diag_add(c->diags, c->scn->file, DA_DIAG_BAD_EFFECT, DIAG_PATH("%s.scale", where), p->at,
                 "%s.scale: a scale of 0 would make '%.*s' 0, and it must stay above 0; "
                 "expected values above 0 and at most %g",
                 where, DIAG_QUOTE_MAX, e->path, SCHEMA_MAX_MULTIPLIER);
}

/* Checks effect 'e', the item at 'where' ("milestones.ceasefire.effects.0"), and resolves what
 * it changes. */
static void check_effect(struct checker *c, struct da_effect *e, const char *where)
{
    if (e->has_value && e->has_scale)
        diag_add(c->diags, c->scn->file, DA_DIAG_CONFLICTING_KEYS, where, e->at,
                 "%s: an effect takes 'value' or 'scale', not both", where);
    else if (!e->has_value && !e->has_scale)
        diag_add(c->diags, c->scn->file, DA_DIAG_MISSING_KEY, where, e->at,
                 "%s: an effect needs 'value' (what the parameter becomes) or 'scale' (what it "
                 "is multiplied by)",
                 where);
    e->scale = e->has_scale;
    e->target = -1;
    e->area = EFFECT_EVERY_AREA;
    if (!e->path)
        return; /* missing or not text: reported when bound */
    const char *key = arena_printf(&c->scn->arena, "%s.path", where);
    if (!key) {
        c->nomem = true;
        return;
    }
    struct effect_path read;
    char text[512], near[TEXT_MAX_WORD + 1];
    switch (effect_read_path(e->path, &read)) {
    case EFFECT_PATH_TARGET:
        e->target = read.target;
        if (effect_per_area(read.target))
            resolve_effect_area(c, e, &read, key);
        check_scale(c, e, read.field, where);
        break;
    case EFFECT_PATH_FIXED:
        diag_add(c->diags, c->scn->file, DA_DIAG_BAD_EFFECT, key, e->path_at,
                 "%s: '%.*s' cannot change in time; an effect may change %s", key, DIAG_QUOTE_MAX,
                 e->path, effect_targets_text(text, sizeof text));
        break;
    case EFFECT_PATH_NONE:
        if (effect_suggest(e->path, near, sizeof near) && names_an_area(c, near))
            diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_PARAMETER, key, e->path_at,
                     "%s: '%.*s' names no parameter; did you mean '%s'?", key, DIAG_QUOTE_MAX,
                     e->path, near);
        else
            diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_PARAMETER, key, e->path_at,
                     "%s: '%.*s' names no parameter; an effect may change %s", key, DIAG_QUOTE_MAX,
                     e->path, effect_targets_text(text, sizeof text));
        break;
    }
}

/* A lapse may leave out 'recovery_days' only where it never recovers. */
static void check_lapse(struct checker *c, const struct da_lapse *lapse, const char *where)
{
    if (!lapse->present || lapse->at.line == 0 || lapse->has_recovery_days)
        return; /* absent, or not a mapping: reported when bound */
    double lo, hi;
    dist_support(&scn_param(c->scn, lapse->recovery_probability)->dist, &lo, &hi);
    if (hi > 0)
        diag_add(c->diags, c->scn->file, DA_DIAG_MISSING_KEY,
                 DIAG_PATH("%s.lapse.recovery_days", where), lapse->at,
                 "%s.lapse: missing key 'recovery_days' (it may be left out only with "
                 "recovery_probability: 0)",
                 where);
}

static void check_effects_and_lapses(struct checker *c)
{
    for (size_t m = 0; m < c->scn->n_milestones && !c->nomem; m++) {
        struct da_milestone *ms = &c->scn->milestones[m];
        if (ms->n_effects == 0 && !ms->lapse.present)
            continue;
        const char *path = milestone_path(c, m);
        for (size_t k = 0; k < ms->n_effects && !c->nomem; k++) {
            const char *where = arena_printf(&c->scn->arena, "%s.effects.%zu", path, k);
            if (!where)
                c->nomem = true;
            else
                check_effect(c, &ms->effects[k], where);
        }
        check_lapse(c, &ms->lapse, path);
    }
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

/* Reports the cycle that 'closing' closes, from stack[from], its target, to stack[depth - 1].
 * The chain is written until the message is full: a long chain costs no more than a short. */
static void report_cycle(struct checker *c, const uint32_t *stack, size_t from, size_t depth,
                         const struct da_ref *closing)
{
    const struct da_milestone *ms = c->scn->milestones;
    char chain[512] = "";
    bool room = !diag_full(c->diags); /* else the message is only counted */
    for (size_t i = from; i < depth && room; i++)
        room = text_append(chain, sizeof chain, ms[stack[i]].id) &&
               text_append(chain, sizeof chain, " -> ");
    text_append(chain, sizeof chain, ms[stack[from]].id);
    diag_add(c->diags, c->scn->file, DA_DIAG_CYCLE, closing->path, closing->at,
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
    /* Where each milestone on the path stands in 'stack': a cycle starts there. */
    size_t *on_path_at = da_calloc(n ? n : 1, sizeof *on_path_at);
    if (!color || !stack || !next || !on_path_at) {
        c->nomem = true;
        goto done;
    }
    for (size_t root = 0; root < n; root++) {
        if (color[root])
            continue;
        size_t depth = 0;
        on_path_at[root] = depth;
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
                    report_cycle(c, stack, on_path_at[ref->index], depth, ref);
                color[ref->index] |= 4;
            } else if (color[ref->index] == 0) {
                color[ref->index] = 1;
                next[ref->index] = 0;
                on_path_at[ref->index] = depth;
                stack[depth++] = ref->index;
            }
        }
    }
done:
    da_free(color);
    da_free(stack);
    da_free(next);
    da_free(on_path_at);
}

/* ---- sums and constraints ----------------------------------------------------------------- */

static void check_truck_shares(struct checker *c)
{
    static const char *const names[N_CARGO] = {"food", "water", "medical", "shelter", "materials"};
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
        diag_add(c->diags, c->scn->file, DA_DIAG_BAD_SUM, "humanitarian.truck_shares", ts->at,
                 "humanitarian.truck_shares: the shares must sum to 1, found %g (%s)", sum,
                 terms[0] ? terms : "all 0");
}

/*
 * constraints.no_troops_from against the contingents. Countries compare ignoring case and
 * fullwidth forms (text_fold()), so the names are kept folded in a hash table, first listed
 * first; each contingent is reported
 * once, against the first name it matches. A country named by many aliases is one text: it is
 * looked up once (the contingents are sorted by the pointer of their country for that), so
 * that neither many names nor many contingents nor a long aliased name make this quadratic.
 */

struct contingent {
    const char *country;
    size_t option, source;
    uint32_t banned; /* the first name of no_troops_from that the country is, or UINT32_MAX */
};

struct banned_names {
    struct idtab folded; /* folded name -> its place in no_troops_from */
    char *text;          /* the folded names, one after another */
    size_t longest;      /* the longest folded name's bytes */
};

static bool banned_init(struct banned_names *b, const struct da_constraints *k)
{
    memset(b, 0, sizeof *b);
    idtab_init(&b->folded);
    size_t total = 0;
    for (size_t i = 0; i < k->n_no_troops_from; i++)
        total += strlen(k->no_troops_from[i].name) + 1;
    b->text = da_malloc(total ? total : 1);
    if (!b->text)
        return false;
    char *at = b->text;
    for (size_t i = 0; i < k->n_no_troops_from; i++) {
        size_t len = text_fold(at, k->no_troops_from[i].name);
        uint32_t first;
        if (len > b->longest)
            b->longest = len;
        if (!idtab_add(&b->folded, at, (uint32_t)i, &first))
            return false;
        at += len + 1;
    }
    return true;
}

static void banned_release(struct banned_names *b)
{
    idtab_release(&b->folded);
    da_free(b->text);
}

/* The most bytes of a country that may fold to a banned name: each folded byte may have been a
 * fullwidth form of 3. Countries longer are not looked at, so that a long aliased country costs
 * no more than the longest name. */
static size_t banned_reach(const struct banned_names *b)
{
    return 3 * b->longest;
}

/* The first banned name that 'country' is, or UINT32_MAX; 'buf' holds banned_reach() + 1
 * bytes. */
static uint32_t banned_match(const struct banned_names *b, const char *country, char *buf)
{
    size_t len = strnlen(country, banned_reach(b) + 1);
    if (len > banned_reach(b))
        return UINT32_MAX;
    text_fold(buf, country);
    return idtab_get(&b->folded, buf);
}

/* The contingents with a country, in the order of their options and sources; *n their count. */
static struct contingent *collect_contingents(const struct da_scenario *scn, size_t *n)
{
    size_t count = 0;
    for (size_t o = 0; o < scn->n_options; o++)
        for (size_t s = 0; s < scn->options[o].n_sources; s++)
            count += scn->options[o].sources[s].kind == SOURCE_CONTINGENT &&
                     scn->options[o].sources[s].country;
    struct contingent *all = da_calloc(count ? count : 1, sizeof *all);
    if (!all)
        return NULL;
    *n = 0;
    for (size_t o = 0; o < scn->n_options; o++) {
        for (size_t s = 0; s < scn->options[o].n_sources; s++) {
            const struct da_source *src = &scn->options[o].sources[s];
            if (src->kind != SOURCE_CONTINGENT || !src->country)
                continue;
            struct contingent one = {src->country, o, s, UINT32_MAX};
            all[(*n)++] = one;
        }
    }
    return all;
}

struct by_country {
    const char *country;
    size_t at; /* in the list of contingents */
};

static int country_pointers(const void *pa, const void *pb)
{
    const struct by_country *a = pa, *b = pb;
    uintptr_t x = (uintptr_t)a->country, y = (uintptr_t)b->country;
    if (x != y)
        return x < y ? -1 : 1;
    return a->at < b->at ? -1 : a->at > b->at;
}

/* Sets each contingent's 'banned', looking each country's text up once. */
static bool match_contingents(const struct banned_names *b, struct contingent *all, size_t n)
{
    struct by_country *order = da_calloc(n ? n : 1, sizeof *order);
    char *buf = da_malloc(banned_reach(b) + 1);
    if (!order || !buf) {
        da_free(order);
        da_free(buf);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        order[i].country = all[i].country;
        order[i].at = i;
    }
    qsort(order, n, sizeof *order, country_pointers);
    uint32_t banned = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || order[i].country != order[i - 1].country)
            banned = banned_match(b, order[i].country, buf);
        all[order[i].at].banned = banned;
    }
    da_free(order);
    da_free(buf);
    return true;
}

static void report_contingent(struct checker *c, const struct contingent *one)
{
    const struct da_source *src = &c->scn->options[one->option].sources[one->source];
    const struct da_ref *name = &c->scn->constraints.no_troops_from[one->banned];
    char where[64];
    if (src->id)
        snprintf(where, sizeof where, "%s", src->id);
    else
        snprintf(where, sizeof where, "%zu", one->source);
    diag_add(c->diags, c->scn->file, DA_DIAG_CONSTRAINT,
             DIAG_PATH("%s.sources.%s.country", option_path(c, one->option), where),
             src->country_at,
             "%s.sources.%s.country: a contingent from %.*s, but "
             "constraints.no_troops_from (line %u) rules out troops from %.*s",
             option_path(c, one->option), where, DIAG_QUOTE_MAX, src->country,
             (unsigned)name->at.line, DIAG_QUOTE_MAX, name->name);
}

static void check_no_troops(struct checker *c)
{
    if (c->scn->constraints.n_no_troops_from == 0)
        return;
    struct banned_names banned;
    size_t n = 0;
    struct contingent *all = NULL;
    if (!banned_init(&banned, &c->scn->constraints) || !(all = collect_contingents(c->scn, &n)) ||
        !match_contingents(&banned, all, n)) {
        c->nomem = true;
    } else {
        for (size_t i = 0; i < n; i++)
            if (all[i].banned != UINT32_MAX)
                report_contingent(c, &all[i]);
    }
    da_free(all);
    banned_release(&banned);
}

/* The purposes in the order the flexible pool tops them up (docs/model.md section 7). */
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

/* A check day is a day of the run: below the horizon. A horizon that is missing or wrong has
 * been reported where it is (or should be) written, and is 0 here: the days are not judged
 * against it, or each would be said to lie past a horizon of "days 0 to -1". */
static void check_days_in_horizon(struct checker *c)
{
    const struct da_scenario *scn = c->scn;
    if (scn->horizon_days <= 0)
        return;
    for (size_t i = 0; i < scn->n_check_days; i++)
        if (scn->check_days[i].day >= scn->horizon_days)
            diag_add(c->diags, scn->file, DA_DIAG_OUT_OF_RANGE, "check_days", scn->check_days[i].at,
                     "check_days: day %" PRId64 " is not within the horizon (days 0 to %" PRId64
                     ")",
                     scn->check_days[i].day, scn->horizon_days - 1);
}

/* ---- observed ------------------------------------------------------------------------------ */

/* The sources of each option, for observations' 'from': made at the first that names one, so
 * that many observations look each up in a hash table rather than along the list. */
struct option_sources {
    struct section *of; /* one per option; 'names' NULL until made */
    size_t n;
};

static struct section *option_sources(struct checker *c, struct option_sources *all, size_t o)
{
    if (!all->of) {
        all->of = da_calloc(c->scn->n_options, sizeof *all->of);
        if (!all->of) {
            c->nomem = true;
            return NULL;
        }
        all->n = c->scn->n_options;
    }
    struct section *s = &all->of[o];
    if (s->names)
        return s;
    const struct da_option *opt = &c->scn->options[o];
    section_init(s, "source",
                 opt->id ? arena_printf(&c->scn->arena, "option '%s'", opt->id)
                         : option_path(c, o));
    if (!s->where || !section_reserve(c, s, opt->n_sources)) {
        c->nomem = true;
        return NULL;
    }
    /* Repeated ids were reported with the option; the first one wins here too. */
    for (size_t i = 0; i < opt->n_sources; i++) {
        uint32_t first;
        if (!opt->sources[i].id)
            continue;
        if (!idtab_add(&s->ids, opt->sources[i].id, (uint32_t)i, &first)) {
            c->nomem = true;
            return NULL;
        }
        if (first == UINT32_MAX)
            s->names[s->n++] = opt->sources[i].id;
    }
    return s;
}

static void option_sources_release(struct option_sources *all)
{
    for (size_t i = 0; i < all->n; i++)
        if (all->of[i].names)
            section_release(&all->of[i]);
    da_free(all->of);
}

/* "deployed, coverage, ... or bed_coverage_end": the words a 'series' takes from 'first' to
 * before 'end', the last after 'last' (" or ", " and "); read from the one list of them. */
static const char *observable_list(int first, int end, const char *last, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int q = first; q < end; q++) {
        if (q > first)
            text_append(buf, cap, q + 1 < end ? ", " : last);
        text_append(buf, cap, schema_observable_words[q]);
    }
    return buf;
}

/* Resolves the word of 'o's series into o->observable and o->kind; reports a word that names
 * no quantity with a day's value. Returns false then. */
static bool read_observable(struct checker *c, struct da_observation *o, const char *path)
{
    for (int q = 0; q < N_OBSERVABLES; q++) {
        if (strcmp(o->quantity, schema_observable_words[q]) == 0) {
            o->observable = q;
            o->kind = q < OBSERVABLE_FIRST_METRIC ? OBSERVED_SERIES : OBSERVED_METRIC;
            return true;
        }
    }
    for (size_t i = 0; schema_unobservable_metrics[i].metric; i++) {
        if (strcmp(o->quantity, schema_unobservable_metrics[i].metric) == 0) {
            diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_VALUE, DIAG_PATH("%s.series", path),
                     o->quantity_at,
                     "%s.series: '%s' has no value on a given day; observe %s instead", path,
                     o->quantity, schema_unobservable_metrics[i].instead);
            return false;
        }
    }
    char words[512];
    const char *near = text_closest(o->quantity, schema_observable_words, N_OBSERVABLES);
    diag_add(c->diags, c->scn->file, DA_DIAG_UNKNOWN_VALUE, DIAG_PATH("%s.series", path),
             o->quantity_at, "%s.series: expected %s, found '%.*s'%s%s%s", path,
             observable_list(0, N_OBSERVABLES, " or ", words, sizeof words), DIAG_QUOTE_MAX,
             o->quantity, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    return false;
}

/* A milestone's observation: its value is the day it was reached, the same in every option
 * and area, so it takes none of the keys that place a quantity. */
static void check_observed_milestone(struct checker *c, struct da_observation *o, const char *path)
{
    o->kind = OBSERVED_MILESTONE;
    o->observable = -1;
    o->option_index = 0;
    resolve(c, &c->milestones, &o->milestone);
    if (o->day.at.line)
        diag_add(c->diags, c->scn->file, DA_DIAG_KEY_NOT_APPLICABLE, DIAG_PATH("%s.day", path),
                 o->day.at, "%s.day: a milestone's observation takes no day: its value is the day",
                 path);
    if (o->option.at.line)
        diag_add(c->diags, c->scn->file, DA_DIAG_KEY_NOT_APPLICABLE, DIAG_PATH("%s.option", path),
                 o->option.at,
                 "%s.option: a milestone's observation takes no option: a milestone is reached "
                 "on the same day in every option",
                 path);
    if (o->area.at.line)
        diag_add(c->diags, c->scn->file, DA_DIAG_KEY_NOT_APPLICABLE, DIAG_PATH("%s.area", path),
                 o->area.at,
                 "%s.area: a milestone's observation takes no area: a milestone is reached "
                 "once, for every area",
                 path);
    if (o->n_from)
        diag_add(c->diags, c->scn->file, DA_DIAG_KEY_NOT_APPLICABLE, DIAG_PATH("%s.from", path),
                 o->from[0].at,
                 "%s.from: a milestone's observation takes no 'from': only the series "
                 "'deployed' counts the strength of some sources",
                 path);
}

/* An observed share above 1 can match no run: most likely a percentage (40 for 40%), which would
 * else be scored at the 100th percentile of every run. A range is taken for percentages only
 * when both its ends are above 1: {min: 0.5, max: 1.5} has a share at its min, and reading it
 * as 0.5% to 1.5% would send the writer to change the end that was right. */
static void check_observed_share(struct checker *c, const struct da_observation *o,
                                 const char *path)
{
    /* Every share the model caps at 1; coverage of the requirement it reports uncapped
     * (section 4). */
    bool capped = schema_observable_is_share(o->observable) && o->observable != OBSERVABLE_COVERAGE;
    if (!capped || !(o->max > 1))
        return;
    char found[96], hint[128] = "";
    if (o->min == o->max)
        snprintf(found, sizeof found, "%g", o->max);
    else
        snprintf(found, sizeof found, "%g to %g", o->min, o->max);
    if (o->max <= 100 && o->min == o->max)
        snprintf(hint, sizeof hint, "; for %g%%, write %g", o->max, o->max / 100);
    else if (o->max <= 100 && o->min > 1)
        snprintf(hint, sizeof hint, "; for %g%% to %g%%, write %g to %g", o->min, o->max,
                 o->min / 100, o->max / 100);
    else if (!(o->min > 1))
        snprintf(hint, sizeof hint, "; its max (%g) is above 1", o->max);
    diag_add(c->diags, c->scn->file, DA_DIAG_OUT_OF_RANGE, DIAG_PATH("%s.value", path), o->value_at,
             "%s.value: '%s' is a share from 0 to 1, found %s%s", path, o->quantity, found, hint);
}

/* A series' or metric's observation: on a day of the run, of an option, perhaps of an area
 * and (deployed) of some sources. 'known' is false when the word named nothing: the keys
 * that depend on it are then not judged. */
static void check_observed_quantity(struct checker *c, struct option_sources *sources,
                                    struct da_observation *o, const char *path, bool known)
{
    const struct da_scenario *scn = c->scn;
    o->has_day = o->day.at.line != 0;
    /* A 'date' given in its place has said that the day is missing, and which it is. A
     * horizon that is not valid (0) was reported itself: the day is not judged against it. */
    if (!o->has_day && !diag_has_path(c->diags, DIAG_PATH("%s.date", path)))
        diag_add(c->diags, scn->file, DA_DIAG_MISSING_KEY, DIAG_PATH("%s.day", path), o->at,
                 "%s: missing required key 'day'", path);
    else if (scn->horizon_days > 0 && o->day.day >= scn->horizon_days)
        diag_add(c->diags, scn->file, DA_DIAG_OUT_OF_RANGE, DIAG_PATH("%s.day", path), o->day.at,
                 "%s.day: day %" PRId64 " is not within the horizon (days 0 to %" PRId64 ")", path,
                 o->day.day, scn->horizon_days - 1);
    bool option_known = false;
    if (o->option.name) {
        resolve(c, &c->options, &o->option);
        option_known = o->option.index != UINT32_MAX;
        o->option_index = option_known ? o->option.index : 0;
    } else if (!o->option.at.line && scn->n_options == 1) {
        option_known = true;
        o->option_index = 0;
    } else if (!o->option.at.line && scn->n_options > 1) {
        diag_add(c->diags, scn->file, DA_DIAG_MISSING_KEY, DIAG_PATH("%s.option", path), o->at,
                 "%s: the scenario has %zu options; say which with 'option'", path, scn->n_options);
    }
    if (o->area.at.line && known && o->kind == OBSERVED_METRIC) {
        char series[256];
        diag_add(c->diags, scn->file, DA_DIAG_KEY_NOT_APPLICABLE, DIAG_PATH("%s.area", path),
                 o->area.at,
                 "%s.area: '%s' is counted over the whole scenario; only the series %s take an "
                 "area",
                 path, o->quantity,
                 observable_list(0, OBSERVABLE_FIRST_METRIC, " and ", series, sizeof series));
    } else if (o->area.name) {
        resolve(c, &c->areas, &o->area);
    }
    if (known)
        check_observed_share(c, o, path);
    if (o->n_from == 0 || !known)
        return;
    if (o->observable != OBSERVABLE_DEPLOYED) {
        diag_add(c->diags, scn->file, DA_DIAG_KEY_NOT_APPLICABLE, DIAG_PATH("%s.from", path),
                 o->from[0].at,
                 "%s.from: only the series 'deployed' takes 'from' (the sources whose strength "
                 "counts), not '%s'",
                 path, o->quantity);
        return;
    }
    struct section *s = option_known ? option_sources(c, sources, o->option_index) : NULL;
    if (s)
        resolve_all(c, s, o->from, o->n_from);
}

/* An observation as it is scored: what it observes, where, on what day, and its value. Two
 * that are the same would be scored twice, and the record would count one figure twice. The
 * source takes no part (one figure that two publications give is still one figure), nor does
 * out_of_sample (one figure cannot be both). */
struct observed_key {
    int kind, observable;  /* observable -1 for a milestone */
    uint32_t milestone;    /* its index; 0 for a series */
    uint32_t option, area; /* area UINT32_MAX: every area */
    int64_t day;
    double min, max;
    const uint32_t *from; /* the sources' indices, sorted: the same sources in any order */
    size_t n_from;
    size_t index;
};

static int by_index(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

/* 0 when two keys observe the same thing with the same value; else their order. */
static int by_observed(const struct observed_key *a, const struct observed_key *b)
{
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->observable != b->observable)
        return a->observable < b->observable ? -1 : 1;
    if (a->milestone != b->milestone)
        return a->milestone < b->milestone ? -1 : 1;
    if (a->option != b->option)
        return a->option < b->option ? -1 : 1;
    if (a->area != b->area)
        return a->area < b->area ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    if (a->min != b->min)
        return a->min < b->min ? -1 : 1;
    if (a->max != b->max)
        return a->max < b->max ? -1 : 1;
    if (a->n_from != b->n_from)
        return a->n_from < b->n_from ? -1 : 1;
    for (size_t k = 0; k < a->n_from; k++)
        if (a->from[k] != b->from[k])
            return a->from[k] < b->from[k] ? -1 : 1;
    return 0;
}

/* The file's order breaks ties, so that each run of equal keys starts with the first written. */
static int by_observed_then_index(const void *pa, const void *pb)
{
    const struct observed_key *a = pa, *b = pb;
    int order = by_observed(a, b);
    return order ? order : (a->index > b->index) - (a->index < b->index);
}

/* Marks in 'bad' the observations that have a problem reported (under "observed.N"), bound or
 * checked: a value, day or reference that failed is left at a placeholder, and two such
 * would look the same without being so. */
static void mark_observations_with_problems(const struct checker *c, bool *bad)
{
    static const char prefix[] = "observed.";
    for (size_t k = 0; k < da_diags_count(c->diags); k++) {
        da_diag d = da_diags_get(c->diags, k);
        if (strcmp(d.file, c->scn->file) != 0 || strncmp(d.path, prefix, sizeof prefix - 1) != 0)
            continue;
        const char *at = d.path + sizeof prefix - 1;
        size_t i = 0;
        for (; isdigit((unsigned char)*at) && i <= c->scn->n_observed; at++)
            i = i * 10 + (size_t)(*at - '0');
        if ((*at == '\0' || *at == '.') && i < c->scn->n_observed)
            bad[i] = true;
    }
}

static void report_repeated_observation(struct checker *c, size_t repeat, size_t first)
{
    const struct da_observation *o = &c->scn->observed[repeat], *f = &c->scn->observed[first];
    char what[DIAG_QUOTE_MAX + 64];
    if (o->kind == OBSERVED_MILESTONE)
        snprintf(what, sizeof what, "milestone '%s'", o->milestone.name);
    else
        snprintf(what, sizeof what, "'%s' on day %" PRId64, o->quantity, o->day.day);
    bool sources = o->source && f->source && strcmp(o->source, f->source) != 0;
    diag_add(c->diags, c->scn->file, DA_DIAG_DUPLICATE_ITEM, DIAG_PATH("observed.%zu", repeat),
             o->at,
             "observed.%zu: %s is observed twice with the same value (first at line %u, "
             "observed.%zu)%s",
             repeat, what, (unsigned)f->at.line, first,
             sources ? "; one figure that two publications give is one observation: name both "
                       "in the first's 'source'"
                     : "");
}

/* Reports each observation that repeats an earlier one exactly, against the first: sorted,
 * so that 10,000 observations are not compared pair by pair. Only observations without other
 * problems take part. */
static void check_repeated_observations(struct checker *c)
{
    const struct da_scenario *scn = c->scn;
    size_t n = scn->n_observed, n_from = 0;
    if (n < 2 || diag_full(c->diags))
        return; /* past the list's end the problems' paths are not known */
    for (size_t i = 0; i < n; i++)
        n_from += scn->observed[i].n_from;
    bool *bad = da_calloc(n, sizeof *bad);
    struct observed_key *keys = da_calloc(n, sizeof *keys);
    uint32_t *from = da_calloc(n_from ? n_from : 1, sizeof *from);
    if (!bad || !keys || !from) {
        c->nomem = true;
        goto out;
    }
    mark_observations_with_problems(c, bad);
    size_t m = 0, at = 0;
    for (size_t i = 0; i < n; i++) {
        const struct da_observation *o = &scn->observed[i];
        if (bad[i])
            continue;
        bool milestone = o->kind == OBSERVED_MILESTONE;
        struct observed_key *k = &keys[m++];
        k->kind = o->kind;
        k->observable = o->observable;
        k->milestone = milestone ? o->milestone.index : 0;
        k->option = o->option_index;
        k->area = o->area.name ? o->area.index : UINT32_MAX;
        k->day = milestone ? 0 : o->day.day;
        k->min = o->min;
        k->max = o->max;
        k->from = from + at;
        k->n_from = o->n_from;
        k->index = i;
        for (size_t s = 0; s < o->n_from; s++)
            from[at++] = o->from[s].index;
        qsort(from + at - o->n_from, o->n_from, sizeof *from, by_index);
    }
    qsort(keys, m, sizeof *keys, by_observed_then_index);
    for (size_t i = 1, first = 0; i < m; i++) {
        if (by_observed(&keys[i], &keys[first]) != 0)
            first = i;
        else
            report_repeated_observation(c, keys[i].index, keys[first].index);
    }
out:
    da_free(bad);
    da_free(keys);
    da_free(from);
}

/* Each observation observes one thing, named once, at a place and day the run has. */
static void check_observed(struct checker *c)
{
    struct option_sources sources = {NULL, 0};
    for (size_t i = 0; i < c->scn->n_observed && !c->nomem; i++) {
        struct da_observation *o = &c->scn->observed[i];
        const char *path = arena_printf(&c->scn->arena, "observed.%zu", i);
        if (!path) {
            c->nomem = true;
            break;
        }
        bool series = o->quantity_at.line != 0, milestone = o->milestone.at.line != 0;
        if (series && milestone) {
            diag_add(c->diags, c->scn->file, DA_DIAG_CONFLICTING_KEYS, path, o->at,
                     "%s: an observation takes 'series' or 'milestone', not both", path);
        } else if (!series && !milestone) {
            diag_add(c->diags, c->scn->file, DA_DIAG_MISSING_KEY, path, o->at,
                     "%s: an observation needs 'series' (a quantity on a day) or 'milestone' "
                     "(the day it was reached)",
                     path);
        } else if (milestone) {
            check_observed_milestone(c, o, path);
        } else {
            /* A series that is no string was reported when bound. */
            bool known = o->quantity && read_observable(c, o, path);
            check_observed_quantity(c, &sources, o, path, known);
        }
    }
    option_sources_release(&sources);
    if (!c->nomem)
        check_repeated_observations(c);
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
        check_effects_and_lapses(&c);
        for (size_t i = 0; i < scn->reconstruction.n_sectors && !c.nomem; i++)
            resolve_damage(&c, &scn->reconstruction.sectors[i]);
        for (size_t i = 0; i < scn->n_options && !c.nomem; i++)
            check_option(&c, i);
        check_cycles(&c);
        check_days_in_horizon(&c);
        check_truck_shares(&c);
        check_no_troops(&c);
        check_observed(&c);
        resolve_funding_order(scn);
        /* The events' uniforms are inputs that correlations may name. */
        c.nomem = c.nomem || !events_add(scn) || !check_correlations(scn, diags);
    }
    section_release(&c.areas);
    section_release(&c.milestones);
    section_release(&c.options);
    return !c.nomem;
}
