/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_out.c - an analysis's results: the JSON of analyze-output.schema.json and the
 * terminal's table, both with the inputs most influential first (the value of information's
 * own parts in voi_out.c).
 */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../analysis/analysis.h"
#include "dayafter.h"
#include "format.h"
#include "json_out.h"
#include "layout.h"
#include "metrics.h"
#include "voi_out.h"

static const char *const method_names[] = {"sobol", "morris", "tornado", "prim", "voi"};
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
    } else if (an->method == DA_METHOD_VOI) {
        voi_input_json(nomem, an, i, in);
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
    json_out_put(&nomem, root, "metric_info", metric_entry_json(&nomem, an->metric));
    for (int n = 0; n < an->n_inputs; n++)
        json_out_push(&nomem, inputs, input_json(&nomem, an, an->order[n]));
    json_out_put(&nomem, root, "inputs", inputs);
    if (an->method == DA_METHOD_VOI)
        voi_json(&nomem, an, root);
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

/* One input's limits in a PRIM box, as a line ("  0.2 <= x <= 0.5"); nothing when the box
 * leaves it open. The limits are the input's own values, which have no format of their own. */
static void box_limit(const struct da_analysis *an, const struct prim_box *box, int i, FILE *out)
{
    const char *name = an->scn->params[an->pids[i]].path;
    char lo[24], hi[24];
    fmt_value(box->lo[i], FMT_NUMBER, lo, sizeof lo);
    fmt_value(box->hi[i], FMT_NUMBER, hi, sizeof hi);
    if (!isnan(box->lo[i]) && !isnan(box->hi[i]))
        fprintf(out, "  %s <= %s <= %s\n", lo, name, hi);
    else if (!isnan(box->lo[i]))
        fprintf(out, "  %s >= %s\n", name, lo);
    else if (!isnan(box->hi[i]))
        fprintf(out, "  %s <= %s\n", name, hi);
}

/* Text of 'fmt' wrapped to the width of 'out', as a paragraph. */
static void prose(FILE *out, int width, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void prose(FILE *out, int width, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    layout_prose(out, text, width, false);
}

/* The analysed metric's value 'v' written as the registry says (cost as $5.42bn). */
static const char *metric_value(const struct da_analysis *an, double v, char *buf, size_t cap)
{
    return fmt_value(v, metric_descs[an->metric].format, buf, cap);
}

/* PRIM's boxes, best first, with the limits they put on the inputs. */
static da_status prim_table(const struct da_analysis *an, FILE *out, int width)
{
    char x[24], share[24];
    metric_value(an, an->where_value, x, sizeof x);
    fmt_value(an->samples ? (double)an->cases / (double)an->samples : NAN, FMT_SHARE, share,
              sizeof share);
    prose(out, width, "Cases of interest (%s %s %s): %llu of %llu runs (%s)",
          metric_names[an->metric], where_names[an->where_op], x,
          (unsigned long long)an->cases, (unsigned long long)an->samples, share);
    if (an->n_boxes == 0)
        prose(out, width, "No box of inputs holds them more densely than the runs as a whole.");
    for (int b = 0; b < an->n_boxes; b++) {
        const struct prim_box *box = &an->boxes[b];
        char coverage[24], density[24];
        fmt_value(box->coverage, FMT_SHARE, coverage, sizeof coverage);
        fmt_value(box->density, FMT_SHARE, density, sizeof density);
        fputc('\n', out);
        prose(out, width, "Box %d: coverage %s (of the cases of interest), density %s (of the "
                          "runs in the box)", b + 1, coverage, density);
        for (int i = 0; i < an->n_inputs; i++)
            box_limit(an, box, i, out);
    }
    if (fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}

/* What comes before the table: the analysis, its runs, and the metric's spread. */
static void analysis_preamble(const struct da_analysis *an, FILE *out, int width)
{
    char mean[24], sd[24];
    prose(out, width, "%s: %s of %s for option %s", an->scn->name, method_names[an->method],
          metric_names[an->metric], an->scn->options[an->option].id);
    prose(out, width, "%d uncertain inputs, %llu samples, %llu evaluations; the metric's mean "
                      "%s, standard deviation %s", an->n_inputs, (unsigned long long)an->samples,
          (unsigned long long)an->evaluations, metric_value(an, an->mean, mean, sizeof mean),
          metric_value(an, sqrt(an->variance), sd, sizeof sd));
    fputc('\n', out);
    if (!(an->variance > 0) && an->method != DA_METHOD_TORNADO) {
        if ((an->metric == M_START_DAY || an->metric == M_IOC_DAY) && an->mean == an->plan.horizon)
            prose(out, width, "%s never comes within the horizon in these runs (it counts as "
                              "day %d), so no input moves it; a metric that varies, such as "
                              "deployed_end or coverage_min_day365, shows what holds the "
                              "option back.", metric_names[an->metric], an->plan.horizon);
        else
            prose(out, width, "The metric does not vary in these runs: no input moves it.");
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
            prose(out, width, "The first-order indices add up to %.2f: the rest of the variance "
                              "comes from the inputs' interactions and from the events and "
                              "incidents, which are not inputs. +- are 95%% bootstrap "
                              "intervals: a larger -n narrows them.", sum);
            fputc('\n', out);
        }
        fprintf(out, "%-*s %8s %8s %8s %8s\n", w, "input", "S1", "+-", "ST", "+-");
    } else if (an->method == DA_METHOD_MORRIS) {
        fprintf(out, "%-*s %12s %12s\n", w, "input", "mu*", "sigma");
    } else {
        fprintf(out, "%-*s %12s %12s %12s\n", w, "input", "at p10", "at p90", "swing");
    }
}

/* Input i's row: Sobol' indices as they are (shares of variance), the other methods' values
 * in the metric's own format. */
static void input_row(const struct da_analysis *an, int i, FILE *out, int w)
{
    const struct input_result *r = &an->inputs[i];
    const char *name = an->scn->params[an->pids[i]].path;
    char a[24], b[24], c[24];
    if (an->method == DA_METHOD_SOBOL)
        fprintf(out, "%-*s %8.3f %8.3f %8.3f %8.3f\n", w, name, r->S1, r->S1_conf, r->ST,
                r->ST_conf);
    else if (an->method == DA_METHOD_MORRIS)
        fprintf(out, "%-*s %12s %12s\n", w, name, metric_value(an, r->mu_star, a, sizeof a),
                metric_value(an, r->sigma, b, sizeof b));
    else
        fprintf(out, "%-*s %12s %12s %12s\n", w, name, metric_value(an, r->low, a, sizeof a),
                metric_value(an, r->high, b, sizeof b), metric_value(an, r->swing, c, sizeof c));
}

da_status da_analysis_write_table(const da_analysis *an, FILE *out, int rows)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    int width = layout_width(out);
    if (an->method == DA_METHOD_VOI)
        return voi_write_table(an, out, width, rows);
    analysis_preamble(an, out, width);
    if (an->method == DA_METHOD_PRIM)
        return prim_table(an, out, width);
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
    if (fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}
