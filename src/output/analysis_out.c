/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_out.c - an analysis's results: the JSON of analyze-output.schema.json and the
 * terminal's table, both with the inputs most influential first (the value of information's
 * own parts in voi_out.c).
 */
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../analysis/analysis.h"
#include "analysis_by.h"
#include "dayafter.h"
#include "format.h"
#include "json_out.h"
#include "layout.h"
#include "metrics.h"
#include "prim_out.h"
#include "voi_out.h"

static const char *const method_names[] = {"sobol", "morris", "tornado", "prim", "voi"};

static json_t *input_json(bool *nomem, const struct da_analysis *an, int i)
{
    const struct input_result *r = &an->inputs[i];
    json_t *in = json_object();
    json_out_put(nomem, in, "name", json_string(an->scn->params[an->pids[i]].path));
    if (an->method == DA_METHOD_SOBOL) {
        json_out_put(nomem, in, "S1", json_out_number(r->S1));
        json_out_put(nomem, in, "S1_conf", json_out_number(r->S1_conf));
        json_out_put(nomem, in, "ST", json_out_number(r->ST));
        json_out_put(nomem, in, "ST_conf", json_out_number(r->ST_conf));
    } else if (an->method == DA_METHOD_MORRIS) {
        json_out_put(nomem, in, "mu_star", json_out_number(r->mu_star));
        json_out_put(nomem, in, "mu_star_conf", json_out_number(r->mu_star_conf));
        json_out_put(nomem, in, "sigma", json_out_number(r->sigma));
    } else if (an->method == DA_METHOD_TORNADO) {
        json_out_put(nomem, in, "low", json_out_number(r->low));
        json_out_put(nomem, in, "high", json_out_number(r->high));
        json_out_put(nomem, in, "swing", json_out_number(r->swing));
        json_out_put(nomem, in, "swing_conf", json_out_number(r->swing_conf));
    } else if (an->method == DA_METHOD_VOI) {
        voi_input_json(nomem, an, i, in);
    } else {
        json_out_put(nomem, in, "restricted", json_out_number(r->restricted));
        json_out_put(nomem, in, "stability", json_out_number(r->stability));
    }
    return in;
}

/* What the sample size leaves in doubt (warnings.c): kind, text, the samples that would do. */
static json_t *warnings_json(bool *nomem, const struct da_analysis *an)
{
    static const char *const kinds[] = {"small", "wide", "outside"};
    json_t *arr = json_array();
    for (int w = 0; w < an->n_warnings; w++) {
        const struct analysis_warning *warning = &an->warnings[w];
        json_t *obj = json_object();
        json_out_put(nomem, obj, "kind", json_string(kinds[warning->kind]));
        json_out_put(nomem, obj, "message", json_string(warning->text));
        json_out_put(nomem, obj, "recommended_samples",
                     json_integer((json_int_t)warning->recommended));
        json_out_push(nomem, arr, obj);
    }
    return arr;
}

/* A group of inputs with its Sobol' indices and its members' paths. */
static json_t *group_json(bool *nomem, const struct da_analysis *an, int g)
{
    const struct analysis_group *grp = &an->groups[g];
    json_t *obj = json_object(), *members = json_array();
    json_out_put(nomem, obj, "name", json_string(grp->name));
    json_out_put(nomem, obj, "S1", json_out_number(grp->result.S1));
    json_out_put(nomem, obj, "S1_conf", json_out_number(grp->result.S1_conf));
    json_out_put(nomem, obj, "ST", json_out_number(grp->result.ST));
    json_out_put(nomem, obj, "ST_conf", json_out_number(grp->result.ST_conf));
    for (int m = 0; m < grp->n_members; m++)
        json_out_push(nomem, members,
                      json_string(an->scn->params[an->pids[grp->members[m]]].path));
    json_out_put(nomem, obj, "inputs", members);
    return obj;
}

da_status da_analysis_write_json(const da_analysis *an, FILE *out)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    bool nomem = false;
    json_t *root = json_object(), *inputs = json_array();
    json_out_put(&nomem, root, "method", json_string(method_names[an->method]));
    json_out_put(&nomem, root, "metric", json_string(analysis_metric_name(an)));
    json_out_put(&nomem, root, "option", json_string(an->scn->options[an->option].id));
    json_out_put(&nomem, root, "samples", json_integer((json_int_t)an->samples));
    json_out_put(&nomem, root, "evaluations", json_integer((json_int_t)an->evaluations));
    json_out_put(&nomem, root, "dayafter", json_string(da_version()));
    json_out_put(&nomem, root, "scenario", json_string(an->scn->name));
    json_out_put(&nomem, root, "seed", json_integer((json_int_t)an->seed));
    json_out_put(&nomem, root, "metric_mean", json_out_number(an->mean));
    json_out_put(&nomem, root, "metric_variance", json_out_number(an->variance));
    json_out_put(&nomem, root, "metric_info", an->series >= 0
                                                  ? series_entry_json(&nomem, an->series)
                                                  : metric_entry_json(&nomem, (enum metric)an->metric));
    json_out_put(&nomem, root, "warnings", warnings_json(&nomem, an));
    json_out_put(&nomem, root, "recommended_samples",
                 an->recommended_samples ? json_integer((json_int_t)an->recommended_samples)
                                         : json_null());
    for (int n = 0; n < an->n_inputs; n++)
        json_out_push(&nomem, inputs, input_json(&nomem, an, an->order[n]));
    json_out_put(&nomem, root, "inputs", inputs);
    if (an->series >= 0 && an->by_mean)
        json_out_put(&nomem, root, "by", analysis_by_json(&nomem, an));
    if (an->method == DA_METHOD_SOBOL) {
        json_t *groups = json_array();
        for (int g = 0; g < an->n_groups; g++)
            json_out_push(&nomem, groups, group_json(&nomem, an, an->group_order[g]));
        json_out_put(&nomem, root, "groups", groups);
    }
    if (an->method == DA_METHOD_VOI)
        voi_json(&nomem, an, root);
    if (an->method == DA_METHOD_PRIM)
        prim_json_put(&nomem, root, an);
    return json_out_write(root, nomem, out);
}

/* The analysed metric's value 'v' written as the registry says (cost as $5.42bn). */
static const char *metric_value(const struct da_analysis *an, double v, char *buf, size_t cap)
{
    return fmt_value(v,
                     an->series >= 0 ? series_all_descs[an->series].format
                                     : metric_descs[an->metric].format,
                     buf, cap);
}

/* What comes before the table: the analysis, its runs, and the metric's spread. */
static void analysis_preamble(const struct da_analysis *an, FILE *out, int width)
{
    char mean[24], sd[24];
    layout_prosef(out, width, "%s: %s of %s for option %s", an->scn->name, method_names[an->method],
          analysis_metric_name(an), an->scn->options[an->option].id);
    layout_prosef(out, width, "%d uncertain inputs, %llu samples, %llu evaluations; the metric's mean "
                      "%s, standard deviation %s", an->n_inputs, (unsigned long long)an->samples,
          (unsigned long long)an->evaluations, metric_value(an, an->mean, mean, sizeof mean),
          metric_value(an, sqrt(an->variance), sd, sizeof sd));
    fputc('\n', out);
    if (!(an->variance > 0) && an->method != DA_METHOD_TORNADO) {
        if ((an->metric == M_START_DAY || an->metric == M_IOC_DAY) && an->mean == an->plan.horizon)
            layout_prosef(out, width, "%s never comes within the horizon in these runs (it counts as "
                              "day %d), so no input moves it; a metric that varies, such as "
                              "deployed_end or coverage_min_day365, shows what holds the "
                              "option back.", metric_names[an->metric], an->plan.horizon);
        else
            layout_prosef(out, width, "The metric does not vary in these runs: no input moves it.");
        fputc('\n', out);
    }
}

/* The table's heading line, for the method's columns. */
static void table_heading(const struct da_analysis *an, FILE *out, int width, int w)
{
    if (an->method == DA_METHOD_SOBOL) {
        double sum = 0;
        for (int i = 0; i < an->n_inputs; i++)
            sum += isnan(an->inputs[i].S1) ? 0 : an->inputs[i].S1;
        if (an->variance > 0) {
            layout_prosef(out, width, "The first-order indices add up to %.2f: the rest of the variance "
                              "comes from the inputs' interactions and from the daily "
                              "incidents, which are not inputs. +- are 95%% bootstrap "
                              "intervals: a larger -n narrows them.", sum);
            fputc('\n', out);
        }
        fprintf(out, "%-*s %8s %8s %8s %8s\n", w, "input", "S1", "+-", "ST", "+-");
    } else if (an->method == DA_METHOD_MORRIS) {
        fprintf(out, "%-*s %12s %12s %12s\n", w, "input", "mu*", "+-", "sigma");
    } else {
        fprintf(out, "%-*s %12s %12s %12s %12s\n", w, "input", "at p10", "at p90", "swing", "+-");
    }
}

/* Input i's row: Sobol' indices as they are (shares of variance), the other methods' values
 * in the metric's own format. */
static void input_row(const struct da_analysis *an, int i, FILE *out, int w)
{
    const struct input_result *r = &an->inputs[i];
    const char *name = an->scn->params[an->pids[i]].path;
    char a[24], b[24], c[24], d[24];
    if (an->method == DA_METHOD_SOBOL)
        fprintf(out, "%-*s %8.3f %8.3f %8.3f %8.3f\n", w, name, r->S1, r->S1_conf, r->ST,
                r->ST_conf);
    else if (an->method == DA_METHOD_MORRIS)
        fprintf(out, "%-*s %12s %12s %12s\n", w, name, metric_value(an, r->mu_star, a, sizeof a),
                metric_value(an, r->mu_star_conf, b, sizeof b),
                metric_value(an, r->sigma, c, sizeof c));
    else
        fprintf(out, "%-*s %12s %12s %12s %12s\n", w, name, metric_value(an, r->low, a, sizeof a),
                metric_value(an, r->high, b, sizeof b), metric_value(an, r->swing, c, sizeof c),
                metric_value(an, r->swing_conf, d, sizeof d));
}

/* The groups' Sobol' indices, most influential first: 'rows' of them (0: all). */
static void groups_table(const struct da_analysis *an, FILE *out, int width, int rows)
{
    int n = rows > 0 && rows < an->n_groups ? rows : an->n_groups, w = 20;
    for (int k = 0; k < n; k++) {
        int len = (int)strlen(an->groups[an->group_order[k]].name);
        w = len > w ? len : w;
    }
    fputc('\n', out);
    layout_prosef(out, width, "Groups of inputs, each as one input (its members' own effects and their "
                      "interactions among themselves):");
    fprintf(out, "%-*s %6s %8s %8s %8s %8s\n", w, "group", "inputs", "S1", "+-", "ST", "+-");
    for (int k = 0; k < n; k++) {
        const struct analysis_group *g = &an->groups[an->group_order[k]];
        fprintf(out, "%-*s %6d %8.3f %8.3f %8.3f %8.3f\n", w, g->name, g->n_members,
                g->result.S1, g->result.S1_conf, g->result.ST, g->result.ST_conf);
    }
    if (n < an->n_groups)
        fprintf(out, "... %d more groups (all of them in --json)\n", an->n_groups - n);
}

da_status da_analysis_write_table(const da_analysis *an, FILE *out, int rows)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    int width = layout_width(out);
    if (an->method == DA_METHOD_VOI)
        return voi_write_table(an, out, width, rows);
    analysis_preamble(an, out, width);
    if (an->method == DA_METHOD_PRIM) {
        prim_write_table(an, out, width, rows);
        return fflush(out) != 0 || ferror(out) ? DA_ERR_IO : DA_OK;
    }
    int n = rows > 0 && rows < an->n_inputs ? rows : an->n_inputs, w = 20;
    for (int k = 0; k < n; k++) {
        int len = (int)strlen(an->scn->params[an->pids[an->order[k]]].path);
        w = len > w ? len : w;
    }
    table_heading(an, out, width, w);
    for (int k = 0; k < n; k++)
        input_row(an, an->order[k], out, w);
    if (n < an->n_inputs)
        fprintf(out, "... %d more inputs (all of them in --json)\n", an->n_inputs - n);
    if (an->method == DA_METHOD_SOBOL && an->n_groups > 0)
        groups_table(an, out, width, rows);
    if (an->series >= 0 && an->by_mean)
        analysis_by_table(an, out, width, rows);
    if (fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}
