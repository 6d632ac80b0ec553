/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_out.c - an analysis's results: the JSON of analyze-output.schema.json and the
 * terminal's table, both with the inputs most influential first.
 */
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../analysis/analysis.h"
#include "dayafter.h"
#include "json_out.h"

static const char *const method_names[] = {"sobol", "morris", "tornado", "prim"};
static const char *const where_names[] = {">", ">=", "<", "<="};

/* A PRIM box: coverage, density, and the limits of the inputs it restricts (a side it leaves
 * open is left out). */
static json_t *box_json(bool *nomem, const struct da_analysis *an, const struct prim_box *box)
{
    json_t *b = json_object(), *limits = json_object();
    json_out_put(nomem, b, "coverage", json_out_number(box->coverage));
    json_out_put(nomem, b, "density", json_out_number(box->density));
    for (int i = 0; i < an->n_inputs; i++) {
        if (isnan(box->lo[i]) && isnan(box->hi[i]))
            continue;
        json_t *lim = json_object();
        if (!isnan(box->lo[i]))
            json_out_put(nomem, lim, "min", json_out_number(box->lo[i]));
        if (!isnan(box->hi[i]))
            json_out_put(nomem, lim, "max", json_out_number(box->hi[i]));
        json_out_put(nomem, limits, an->scn->params[an->pids[i]].path, lim);
    }
    json_out_put(nomem, b, "limits", limits);
    return b;
}

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
        json_out_put(nomem, in, "sigma", json_out_number(r->sigma));
    } else if (an->method == DA_METHOD_TORNADO) {
        json_out_put(nomem, in, "low", json_out_number(r->low));
        json_out_put(nomem, in, "high", json_out_number(r->high));
        json_out_put(nomem, in, "swing", json_out_number(r->swing));
    } else {
        json_out_put(nomem, in, "restricted", json_out_number(r->restricted));
    }
    return in;
}

da_status da_analysis_write_json(const da_analysis *an, FILE *out)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    bool nomem = false;
    json_t *root = json_object(), *inputs = json_array();
    json_out_put(&nomem, root, "method", json_string(method_names[an->method]));
    json_out_put(&nomem, root, "metric", json_string(metric_names[an->metric]));
    json_out_put(&nomem, root, "option", json_string(an->scn->options[an->option].id));
    json_out_put(&nomem, root, "samples", json_integer((json_int_t)an->samples));
    json_out_put(&nomem, root, "evaluations", json_integer((json_int_t)an->evaluations));
    json_out_put(&nomem, root, "dayafter", json_string(da_version()));
    json_out_put(&nomem, root, "scenario", json_string(an->scn->name));
    json_out_put(&nomem, root, "seed", json_integer((json_int_t)an->seed));
    json_out_put(&nomem, root, "metric_mean", json_out_number(an->mean));
    json_out_put(&nomem, root, "metric_variance", json_out_number(an->variance));
    for (int n = 0; n < an->n_inputs; n++)
        json_out_push(&nomem, inputs, input_json(&nomem, an, an->order[n]));
    json_out_put(&nomem, root, "inputs", inputs);
    if (an->method == DA_METHOD_PRIM) {
        char where[96];
        snprintf(where, sizeof where, "%s %s %.10g", metric_names[an->metric],
                 where_names[an->where_op], an->where_value);
        json_t *boxes = json_array();
        json_out_put(&nomem, root, "where", json_string(where));
        json_out_put(&nomem, root, "cases", json_integer((json_int_t)an->cases));
        for (int b = 0; b < an->n_boxes; b++)
            json_out_push(&nomem, boxes, box_json(&nomem, an, &an->boxes[b]));
        json_out_put(&nomem, root, "boxes", boxes);
    }
    return json_out_write(root, nomem, out);
}

/* PRIM's boxes, best first, with the limits they put on the inputs. */
static da_status prim_table(const struct da_analysis *an, FILE *out)
{
    fprintf(out, "Cases of interest (%s %s %g): %llu of %llu runs (%.1f%%)\n",
            metric_names[an->metric], where_names[an->where_op], an->where_value,
            (unsigned long long)an->cases, (unsigned long long)an->samples,
            an->samples ? 100.0 * (double)an->cases / (double)an->samples : 0.0);
    if (an->n_boxes == 0)
        fprintf(out, "No box of inputs holds them more densely than the runs as a whole.\n");
    for (int b = 0; b < an->n_boxes; b++) {
        const struct prim_box *box = &an->boxes[b];
        fprintf(out, "\nBox %d: coverage %.0f%% (of the cases of interest), density %.0f%% (of "
                     "the runs in the box)\n",
                b + 1, 100 * box->coverage, 100 * box->density);
        for (int i = 0; i < an->n_inputs; i++) {
            const char *name = an->scn->params[an->pids[i]].path;
            if (!isnan(box->lo[i]) && !isnan(box->hi[i]))
                fprintf(out, "  %.4g <= %s <= %.4g\n", box->lo[i], name, box->hi[i]);
            else if (!isnan(box->lo[i]))
                fprintf(out, "  %s >= %.4g\n", name, box->lo[i]);
            else if (!isnan(box->hi[i]))
                fprintf(out, "  %s <= %.4g\n", name, box->hi[i]);
        }
    }
    if (fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}

da_status da_analysis_write_table(const da_analysis *an, FILE *out, int rows)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    fprintf(out, "%s: %s of %s for option %s\n", an->scn->name, method_names[an->method],
            metric_names[an->metric], an->scn->options[an->option].id);
    fprintf(out, "%d uncertain inputs, %llu samples, %llu evaluations; the metric's mean %.4g, "
                 "standard deviation %.4g\n\n",
            an->n_inputs, (unsigned long long)an->samples, (unsigned long long)an->evaluations,
            an->mean, sqrt(an->variance));
    if (!(an->variance > 0) && an->method != DA_METHOD_TORNADO) {
        if ((an->metric == M_START_DAY || an->metric == M_IOC_DAY) && an->mean == an->plan.horizon)
            fprintf(out, "%s never comes within the horizon in these runs (it counts as day %d), "
                         "so no input moves it; a metric that varies, such as deployed_end or "
                         "coverage_min_day365, shows what holds the option back.\n\n",
                    metric_names[an->metric], an->plan.horizon);
        else
            fprintf(out, "The metric does not vary in these runs: no input moves it.\n\n");
    }
    if (an->method == DA_METHOD_PRIM)
        return prim_table(an, out);
    int n = rows > 0 && rows < an->n_inputs ? rows : an->n_inputs, w = 20;
    for (int k = 0; k < n; k++) {
        int len = (int)strlen(an->scn->params[an->pids[an->order[k]]].path);
        w = len > w ? len : w;
    }
    if (an->method == DA_METHOD_SOBOL) {
        double sum = 0;
        for (int i = 0; i < an->n_inputs; i++)
            sum += isnan(an->inputs[i].S1) ? 0 : an->inputs[i].S1;
        if (an->variance > 0)
            fprintf(out, "The first-order indices add up to %.2f: the rest of the variance comes "
                         "from the inputs' interactions and from the events and incidents, "
                         "which are not inputs. +- are 95%% bootstrap intervals: a larger -n "
                         "narrows them.\n\n",
                    sum);
        fprintf(out, "%-*s %8s %8s %8s %8s\n", w, "input", "S1", "+-", "ST", "+-");
    } else if (an->method == DA_METHOD_MORRIS) {
        fprintf(out, "%-*s %12s %12s\n", w, "input", "mu*", "sigma");
    } else {
        fprintf(out, "%-*s %12s %12s %12s\n", w, "input", "at p10", "at p90", "swing");
    }
    for (int k = 0; k < n; k++) {
        int i = an->order[k];
        const struct input_result *r = &an->inputs[i];
        const char *name = an->scn->params[an->pids[i]].path;
        if (an->method == DA_METHOD_SOBOL)
            fprintf(out, "%-*s %8.3f %8.3f %8.3f %8.3f\n", w, name, r->S1, r->S1_conf, r->ST,
                    r->ST_conf);
        else if (an->method == DA_METHOD_MORRIS)
            fprintf(out, "%-*s %12.4g %12.4g\n", w, name, r->mu_star, r->sigma);
        else
            fprintf(out, "%-*s %12.4g %12.4g %12.4g\n", w, name, r->low, r->high, r->swing);
    }
    if (n < an->n_inputs)
        fprintf(out, "... %d more inputs (all of them in --json)\n", an->n_inputs - n);
    if (fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}
