/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * groups.c - the default groups of an analysis's inputs, by the scenario's parts that a
 * planner can learn about as one: a milestone (its delay, its effects, its lapse), a donor's
 * pledge (its amount and lag), a source of personnel of an option (its size, pay, vetting...)
 * and an area. An input's group is the prefix of its path that names that part:
 *
 *   milestones.M.*          -> milestones.M
 *   donors.D.pledges.P.*    -> donors.D.pledges.P
 *   options.O.sources.S.*   -> options.O.sources.S
 *   areas.A.*               -> areas.A
 *
 * Other inputs (security, humanitarian, reconstruction, an option's own attrition...) belong
 * to no default group. Grouping is by the path's text alone, one pass over the inputs.
 */
#include "groups.h"

#include <string.h>

#include "../util/alloc.h"

/* The length of the prefix of 'path' that names its group, or 0 when it has none: the first
 * 'parts' dot-separated parts of a path that starts with 'head'. */
static size_t prefix_of(const char *path)
{
    static const struct {
        const char *head;
        int parts;
    } rules[] = {
        {"milestones.", 2},
        {"donors.", 4},
        {"options.", 4},
        {"areas.", 2},
    };
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        if (strncmp(path, rules[r].head, strlen(rules[r].head)) != 0)
            continue;
        size_t len = 0;
        for (int part = 0; part < rules[r].parts; part++) {
            const char *dot = strchr(path + len, '.');
            if (!dot)
                return 0; /* the input is the part itself: nothing to group it with */
            len = (size_t)(dot - path) + 1;
        }
        /* donors.D.pledges.P and options.O.sources.S: only pledges and sources group. */
        if (rules[r].parts == 4) {
            const char *third = strchr(path + strlen(rules[r].head), '.') + 1;
            const char *want = r == 1 ? "pledges." : "sources.";
            if (strncmp(third, want, strlen(want)) != 0)
                return 0;
        }
        return len - 1;
    }
    return 0;
}

void analysis_groups_free(struct analysis_group *groups, int n_groups)
{
    for (int g = 0; groups && g < n_groups; g++) {
        da_free(groups[g].name);
        da_free(groups[g].members);
    }
    da_free(groups);
}

da_status analysis_default_groups(const struct da_analysis *an, struct analysis_group **groups,
                                  int *n_groups)
{
    *groups = NULL;
    *n_groups = 0;
    int k = an->n_inputs, n = 0;
    /* At most one group per input. */
    struct analysis_group *all = da_calloc((size_t)k + 1, sizeof *all);
    da_status status = all ? DA_OK : DA_ERR_NOMEM;
    for (int i = 0; status == DA_OK && i < k; i++) {
        const char *path = an->scn->params[an->pids[i]].path;
        size_t len = prefix_of(path);
        if (len == 0)
            continue;
        int g = 0;
        while (g < n && !(strlen(all[g].name) == len && strncmp(all[g].name, path, len) == 0))
            g++;
        if (g == n) {
            all[n].name = da_strndup(path, len);
            all[n].members = da_calloc((size_t)k, sizeof *all[n].members);
            n++;
            if (!all[g].name || !all[g].members)
                status = DA_ERR_NOMEM;
        }
        if (status == DA_OK)
            all[g].members[all[g].n_members++] = i;
    }
    /* Keep the groups of two or more, in order. */
    int kept = 0;
    for (int g = 0; status == DA_OK && g < n; g++) {
        if (all[g].n_members >= 2) {
            all[kept++] = all[g];
        } else {
            da_free(all[g].name);
            da_free(all[g].members);
        }
    }
    if (status != DA_OK) {
        analysis_groups_free(all, n);
        return status;
    }
    if (kept == 0) {
        da_free(all);
        return DA_OK;
    }
    *groups = all;
    *n_groups = kept;
    return DA_OK;
}
