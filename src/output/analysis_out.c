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

static const char *const method_names[] = {"sobol", "morris", "tornado", "prim"};
static const char *const where_names[] = {">", ">=", "<", "<="};

/* NaN and infinities are not JSON: null. */
static json_t *number(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static bool put(json_t *obj, const char *key, json_t *value)
{
    return value && json_object_set_new(obj, key, value) == 0;
}

/* A PRIM box: coverage, density, and the limits of the inputs it restricts (a side it leaves
 * open is left out). */
static json_t *box_json(const struct da_analysis *an, const struct prim_box *box)
{
    json_t *b = json_object(), *limits = json_object();
    bool ok = b && limits && put(b, "coverage", number(box->coverage)) &&
              put(b, "density", number(box->density));
    for (int i = 0; ok && i < an->n_inputs; i++) {
        if (isnan(box->lo[i]) && isnan(box->hi[i]))
            continue;
        json_t *lim = json_object();
        ok = lim && (isnan(box->lo[i]) || put(lim, "min", number(box->lo[i]))) &&
             (isnan(box->hi[i]) || put(lim, "max", number(box->hi[i]))) &&
             json_object_set_new(limits, an->scn->params[an->pids[i]].path, lim) == 0;
    }
    ok = ok && json_object_set(b, "limits", limits) == 0;
    json_decref(limits);
    if (!ok) {
        json_decref(b);
        return NULL;
    }
    return b;
}

static json_t *input_json(const struct da_analysis *an, int i)
{
    const struct input_result *r = &an->inputs[i];
    json_t *in = json_object();
    bool ok = in && put(in, "name", json_string(an->scn->params[an->pids[i]].path));
    if (an->method == DA_METHOD_SOBOL)
        ok = ok && put(in, "S1", number(r->S1)) && put(in, "S1_conf", number(r->S1_conf)) &&
             put(in, "ST", number(r->ST)) && put(in, "ST_conf", number(r->ST_conf));
    else if (an->method == DA_METHOD_MORRIS)
        ok = ok && put(in, "mu_star", number(r->mu_star)) && put(in, "sigma", number(r->sigma));
    else if (an->method == DA_METHOD_TORNADO)
        ok = ok && put(in, "low", number(r->low)) && put(in, "high", number(r->high)) &&
             put(in, "swing", number(r->swing));
    else
        ok = ok && put(in, "restricted", number(r->restricted));
    if (!ok) {
        json_decref(in);
        return NULL;
    }
    return in;
}

da_status da_analysis_write_json(const da_analysis *an, FILE *out)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    json_t *root = json_object(), *inputs = json_array();
    bool ok = root && inputs &&
              put(root, "method", json_string(method_names[an->method])) &&
              put(root, "metric", json_string(metric_names[an->metric])) &&
              put(root, "option", json_string(an->scn->options[an->option].id)) &&
              put(root, "samples", json_integer((json_int_t)an->samples)) &&
              put(root, "evaluations", json_integer((json_int_t)an->evaluations)) &&
              put(root, "dayafter", json_string(da_version())) &&
              put(root, "scenario", json_string(an->scn->name)) &&
              put(root, "seed", json_integer((json_int_t)an->seed)) &&
              put(root, "metric_mean", number(an->mean)) &&
              put(root, "metric_variance", number(an->variance));
    for (int n = 0; ok && n < an->n_inputs; n++) {
        json_t *in = input_json(an, an->order[n]);
        ok = in && json_array_append_new(inputs, in) == 0;
    }
    ok = ok && json_object_set(root, "inputs", inputs) == 0;
    json_decref(inputs);
    if (ok && an->method == DA_METHOD_PRIM) {
        char where[96];
        snprintf(where, sizeof where, "%s %s %.10g", metric_names[an->metric],
                 where_names[an->where_op], an->where_value);
        json_t *boxes = json_array();
        ok = boxes && put(root, "where", json_string(where)) &&
             put(root, "cases", json_integer((json_int_t)an->cases));
        for (int b = 0; ok && b < an->n_boxes; b++) {
            json_t *box = box_json(an, &an->boxes[b]);
            ok = box && json_array_append_new(boxes, box) == 0;
        }
        ok = ok && json_object_set(root, "boxes", boxes) == 0;
        json_decref(boxes);
    }
    char *text = ok ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))
                    : NULL;
    json_decref(root);
    if (!text)
        return DA_ERR_NOMEM;
    bool written = fputs(text, out) >= 0 && fputc('\n', out) != EOF;
    json_free_t release;
    json_get_alloc_funcs(NULL, &release);
    release(text);
    if (!written || fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
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
