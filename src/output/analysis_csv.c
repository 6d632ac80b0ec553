/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_csv.c - da_analysis_write_csv(): an analysis's results as one tidy table.
 *
 * With --by, a row per output (week or area) and input or group (analysis_by.c). Without
 * it, a row per input and group with the method's columns, in the JSON's names (and for voi a
 * row per milestone's day too): the indices are the JSON's, in long form for pandas and R.
 */
#include <math.h>

#include "../analysis/method.h"
#include "analysis_by.h"
#include "csv_row.h"
#include "dayafter.h"
#include "voi_out.h"

/* The row of input 'index', or of group 'index' when 'group'. */
static void row(struct csv *c, const struct da_analysis *an, const struct method *m, bool group,
                int index)
{
    const struct input_result *r = group ? &an->groups[index].result : &an->inputs[index];
    csv_text(c, group ? "group" : "input");
    csv_free_text(c, group ? an->groups[index].name : an->scn->params[an->pids[index]].path);
    for (int k = 0; k < m->n_csv_columns; k++)
        csv_number(c, m->csv_value ? m->csv_value(an, group, index, k)
                                   : method_value(r, m->columns[k].offset));
    csv_end_row(c);
}

/* The header and a row per input and group, with the method's columns. */
static void indices_csv(struct csv *c, const struct da_analysis *an)
{
    const struct method *m = method_at(an->method);
    csv_text(c, "kind");
    csv_text(c, "name");
    for (int k = 0; k < m->n_csv_columns; k++)
        csv_text(c, m->columns[k].name);
    csv_end_row(c);
    for (int i = 0; i < an->n_inputs; i++)
        row(c, an, m, false, an->order[i]);
    /* The value of knowing when each milestone comes (voi's own): the JSON's "milestones". */
    if (an->method == DA_METHOD_VOI)
        voi_csv_milestones(c, an);
    for (int g = 0; g < an->n_groups; g++)
        row(c, an, m, true, an->group_order[g]);
}

da_status da_analysis_write_csv(const da_analysis *an, FILE *out)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    struct csv c = {out, 0, false};
    if (an->series >= 0 && an->by_mean)
        analysis_by_csv(&c, an);
    else
        indices_csv(&c, an);
    if (c.failed || fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}
