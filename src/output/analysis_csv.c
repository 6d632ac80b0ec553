/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_csv.c - da_analysis_write_csv(): an analysis's results as one tidy table.
 *
 * With --by, a row per output (week or area) and input or group (analysis_by.c). Without
 * it, a row per input and group with the method's columns, in the JSON's names: the indices
 * are the JSON's, in long form for pandas and R.
 */
#include <math.h>

#include "../analysis/analysis.h"
#include "analysis_by.h"
#include "csv_row.h"
#include "dayafter.h"

/* The method's columns, in the JSON's names, and their values of r. */
static int columns(int method, const char **names, double *values, const struct input_result *r)
{
    const char *sobol[] = {"S1", "S1_conf", "ST", "ST_conf"};
    double sv[] = {r->S1, r->S1_conf, r->ST, r->ST_conf};
    const char *morris[] = {"mu_star", "mu_star_conf", "sigma"};
    double mv[] = {r->mu_star, r->mu_star_conf, r->sigma};
    const char *tornado[] = {"low", "high", "swing", "swing_conf"};
    double tv[] = {r->low, r->high, r->swing, r->swing_conf};
    const char **n = method == DA_METHOD_SOBOL ? sobol : method == DA_METHOD_MORRIS ? morris
                                                                                   : tornado;
    const double *v = method == DA_METHOD_SOBOL ? sv : method == DA_METHOD_MORRIS ? mv : tv;
    int count = method == DA_METHOD_MORRIS ? 3 : 4;
    if (method == DA_METHOD_PRIM) {
        names[0] = "restricted";
        values[0] = r->restricted;
        return 1;
    }
    for (int k = 0; k < count; k++) {
        names[k] = n[k];
        values[k] = v[k];
    }
    return count;
}

static void row(struct csv *c, const struct da_analysis *an, const char *kind, const char *name,
                const struct input_result *r)
{
    const char *names[4];
    double values[4];
    int n = columns(an->method, names, values, r);
    csv_text(c, kind);
    csv_text(c, name);
    for (int k = 0; k < n; k++)
        csv_number(c, values[k]);
    csv_end_row(c);
}

da_status da_analysis_write_csv(const da_analysis *an, FILE *out)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    struct csv c = {out, 0, false};
    if (an->series >= 0 && an->by_mean) {
        analysis_by_csv(&c, an);
    } else {
        const char *names[4];
        double values[4];
        int n = columns(an->method, names, values, &an->inputs[0]);
        csv_text(&c, "kind");
        csv_text(&c, "name");
        for (int k = 0; k < n; k++)
            csv_text(&c, names[k]);
        csv_end_row(&c);
        for (int i = 0; i < an->n_inputs; i++)
            row(&c, an, "input", an->scn->params[an->pids[an->order[i]]].path,
                &an->inputs[an->order[i]]);
        for (int g = 0; g < an->n_groups; g++)
            row(&c, an, "group", an->groups[an->group_order[g]].name,
                &an->groups[an->group_order[g]].result);
    }
    if (c.failed || fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}
