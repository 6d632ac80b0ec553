/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * groups.c - groups of an analysis's inputs (see groups.h).
 *
 * A planner's question is often about a thing, not a number: "everything about Israel's
 * approval" is its delay, whether it comes at all, and whether it lapses. A group's Sobol'
 * indices (sobol.c) share out the variance to the group as one input. The default grouping
 * puts together the inputs under one prefix of their paths:
 *
 *   milestones.ID            a milestone: its delay, its chance, its lapse, its effects
 *   donors.ID.pledges.K      a pledge: its amount, chance, lag, spread
 *   options.ID.sources.ID    a source of personnel
 *   options.ID.training_centers.ID   a training center
 *   areas.ID                 an area, with every per-area value written elsewhere (the
 *                            damaged units of each sector, say: paths ending in the area's id)
 *
 * and keeps the groups of two inputs or more (a group of one is the input itself). A user's
 * groups (--group 'NAME=PATTERN,...') replace them; '*' in a pattern stands for any text.
 * The work is linear in the inputs for the default grouping (a hash table of prefixes) and
 * in inputs x patterns for the user's.
 */
#include "groups.h"

#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/idtab.h"

/* The length of the default group's prefix of 'path', or 0 when it belongs to none. */
static size_t prefix_length(const char *path)
{
    static const struct {
        const char *head, *third; /* the first segment, and the third one when it counts */
        int segments;
    } rules[] = {
        {"milestones", NULL, 2},
        {"areas", NULL, 2},
        {"donors", "pledges", 4},
        {"options", "sources", 4},
        {"options", "training_centers", 4},
    };
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        size_t head = strlen(rules[r].head);
        if (strncmp(path, rules[r].head, head) != 0 || path[head] != '.')
            continue;
        int dots = 0;
        size_t i = 0, third = 0;
        for (; path[i]; i++) {
            if (path[i] != '.')
                continue;
            if (++dots == 2)
                third = i + 1;
            if (dots == rules[r].segments)
                break;
        }
        /* The whole path no more than the prefix, or a third segment not the rule's: the next
         * rule may be the path's (options.ID.sources, then options.ID.training_centers). */
        if (dots < rules[r].segments)
            continue;
        if (rules[r].third) {
            size_t len = strlen(rules[r].third);
            if (strncmp(path + third, rules[r].third, len) != 0 || path[third + len] != '.')
                continue;
        }
        return i;
    }
    return 0;
}

/* One membership: input 'input' in group 'group'. */
struct pair {
    int group, input;
};

struct builder {
    struct da_analysis *an;
    struct idtab names;
    struct pair *pairs;
    size_t n_pairs, cap_pairs;
    char **names_made; /* per group, its name (owned until the groups are made) */
    int n_made, cap_made;
    bool nomem;
};

/* The group named by the 'len' bytes of 'name', made when new. */
static int group_of(struct builder *b, const char *name, size_t len)
{
    char *copy = da_malloc(len + 1);
    if (!copy) {
        b->nomem = true;
        return -1;
    }
    memcpy(copy, name, len);
    copy[len] = '\0';
    uint32_t found = idtab_get(&b->names, copy);
    if (found != UINT32_MAX) {
        da_free(copy);
        return (int)found;
    }
    if (b->n_made == b->cap_made) {
        int cap = b->cap_made ? 2 * b->cap_made : 16;
        char **grown = da_reallocarray(b->names_made, (size_t)cap, sizeof *grown);
        if (!grown) {
            da_free(copy);
            b->nomem = true;
            return -1;
        }
        b->names_made = grown;
        b->cap_made = cap;
    }
    uint32_t existing;
    if (!idtab_add(&b->names, copy, (uint32_t)b->n_made, &existing)) {
        da_free(copy);
        b->nomem = true;
        return -1;
    }
    b->names_made[b->n_made] = copy;
    return b->n_made++;
}

static void add_pair(struct builder *b, int group, int input)
{
    if (group < 0 || b->nomem)
        return;
    if (b->n_pairs == b->cap_pairs) {
        size_t cap = b->cap_pairs ? 2 * b->cap_pairs : 64;
        struct pair *grown = da_reallocarray(b->pairs, cap, sizeof *grown);
        if (!grown) {
            b->nomem = true;
            return;
        }
        b->pairs = grown;
        b->cap_pairs = cap;
    }
    b->pairs[b->n_pairs++] = (struct pair){group, input};
}

static void default_pairs(struct builder *b)
{
    const struct da_analysis *an = b->an;
    /* The areas' ids, found by a table rather than a scan per input. */
    struct idtab areas;
    idtab_init(&areas);
    for (size_t a = 0; a < an->scn->n_areas && !b->nomem; a++) {
        uint32_t existing;
        b->nomem = !idtab_add(&areas, an->scn->areas[a].id, (uint32_t)a, &existing);
    }
    for (int i = 0; i < an->n_inputs && !b->nomem; i++) {
        const char *path = an->scn->params[an->pids[i]].path;
        size_t len = prefix_length(path);
        if (len > 0)
            add_pair(b, group_of(b, path, len), i);
        const char *dot = strrchr(path, '.');
        if (strncmp(path, "areas.", 6) != 0 && dot && idtab_get(&areas, dot + 1) != UINT32_MAX) {
            char name[256];
            int n = snprintf(name, sizeof name, "areas.%s", dot + 1);
            if (n > 0 && (size_t)n < sizeof name)
                add_pair(b, group_of(b, name, (size_t)n), i);
        }
    }
    idtab_release(&areas);
}

static da_status usage(const da_analyze_options *opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static da_status usage(const da_analyze_options *opt, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (opt->message && opt->message_size)
        vsnprintf(opt->message, opt->message_size, fmt, ap);
    va_end(ap);
    return DA_ERR_USAGE;
}

/* The user's group 'text' ("NAME=PATTERN,PATTERN"): its name and its members' pairs. */
static da_status user_pairs(struct builder *b, const char *text, const da_analyze_options *opt)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text || !eq[1])
        return usage(opt,
                     "--group '%s': expected NAME=PATTERN[,PATTERN...], a pattern being "
                     "an input's path with '*' for any text",
                     text);
    /* The name is written into the table, the CSV and the report: text, on one line. */
    for (const char *c = text; c < eq; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return usage(opt,
                         "--group: a group's name is text on one line, without control "
                         "characters (character %d is one)",
                         (int)(c - text) + 1);
    size_t n_before = (size_t)b->n_made;
    int g = group_of(b, text, (size_t)(eq - text));
    if (g < 0)
        return DA_ERR_NOMEM;
    if ((size_t)g < n_before)
        return usage(opt, "--group '%s': a group of that name is given twice", b->names_made[g]);
    const char *p = eq + 1;
    while (*p) {
        size_t len = strcspn(p, ",");
        char pattern[512];
        if (len == 0 || len >= sizeof pattern)
            return usage(opt, "--group '%s': an empty or overlong pattern in '%s'",
                         b->names_made[g], eq + 1);
        memcpy(pattern, p, len);
        pattern[len] = '\0';
        bool matched = false;
        for (int i = 0; i < b->an->n_inputs && !b->nomem; i++) {
            if (fnmatch(pattern, b->an->scn->params[b->an->pids[i]].path, 0) == 0) {
                add_pair(b, g, i); /* twice when two patterns name it: make_groups() keeps one */
                matched = true;
            }
        }
        if (b->nomem)
            return DA_ERR_NOMEM;
        if (!matched)
            return usage(opt,
                         "--group '%s': no uncertain input matches '%s' (inputs are named "
                         "by their paths, as analyze --json lists them)",
                         b->names_made[g], pattern);
        p += len + (p[len] == ',');
    }
    return DA_OK;
}

static int by_group_then_input(const void *pa, const void *pb)
{
    const struct pair *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    return (a->input > b->input) - (a->input < b->input);
}

/* The groups from the pairs: each group's members ascending; with 'at_least_two', the groups
 * of one input left out. */
static da_status make_groups(struct builder *b, bool at_least_two)
{
    struct da_analysis *an = b->an;
    qsort(b->pairs, b->n_pairs, sizeof *b->pairs, by_group_then_input);
    an->groups = da_calloc((size_t)(b->n_made ? b->n_made : 1), sizeof *an->groups);
    an->group_order = da_calloc((size_t)(b->n_made ? b->n_made : 1), sizeof *an->group_order);
    if (!an->groups || !an->group_order)
        return DA_ERR_NOMEM;
    size_t k = 0;
    for (int g = 0; g < b->n_made; g++) {
        size_t first = k;
        int n = 0;
        for (; k < b->n_pairs && b->pairs[k].group == g; k++)
            n += k == first || b->pairs[k].input != b->pairs[k - 1].input;
        if (n == 0 || (at_least_two && n < 2))
            continue;
        struct analysis_group *grp = &an->groups[an->n_groups];
        grp->members = da_calloc((size_t)n, sizeof *grp->members);
        if (!grp->members)
            return DA_ERR_NOMEM;
        for (size_t j = first; j < k; j++)
            if (j == first || b->pairs[j].input != b->pairs[j - 1].input)
                grp->members[grp->n_members++] = b->pairs[j].input;
        grp->name = b->names_made[g];
        b->names_made[g] = NULL; /* the group owns it now */
        input_result_clear(&grp->result);
        an->group_order[an->n_groups] = an->n_groups;
        an->n_groups++;
    }
    return DA_OK;
}

da_status analysis_groups(struct da_analysis *an, const da_analyze_options *opt)
{
    struct builder b;
    memset(&b, 0, sizeof b);
    b.an = an;
    idtab_init(&b.names);
    da_status status = DA_OK;
    if (opt->n_groups > 0) {
        for (size_t g = 0; g < opt->n_groups && status == DA_OK; g++)
            status = opt->groups[g] ? user_pairs(&b, opt->groups[g], opt) : DA_ERR_USAGE;
    } else {
        default_pairs(&b);
    }
    if (status == DA_OK && b.nomem)
        status = DA_ERR_NOMEM;
    if (status == DA_OK)
        status = make_groups(&b, opt->n_groups == 0);
    for (int g = 0; g < b.n_made; g++)
        da_free(b.names_made[g]);
    da_free(b.names_made);
    da_free(b.pairs);
    idtab_release(&b.names);
    return status;
}

void analysis_groups_free(struct da_analysis *an)
{
    for (int g = 0; g < an->n_groups; g++) {
        da_free(an->groups[g].name);
        da_free(an->groups[g].members);
    }
    da_free(an->groups);
    da_free(an->group_order);
    an->groups = NULL;
    an->group_order = NULL;
    an->n_groups = 0;
}
