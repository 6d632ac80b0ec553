/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_out.c - an analysis's results: the JSON of analyze-output.schema.json and the
 * terminal's table, both with the inputs most influential first. What is the same for every
 * method is here; what differs is the method's, through the table of methods
 * (src/analysis/method.h): its columns, its own keys and its account on the terminal
 * (indices_out.c, prim_out.c, voi_out.c).
 */
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../analysis/method.h"
#include "../scenario/dist.h"
#include "analysis_by.h"
#include "dayafter.h"
#include "json_out.h"
#include "layout.h"
#include "metrics.h"

/* For the uniform that decides an event (.occurs, .joins, .recovers), which happens below its
 * probability: that probability, or null with the input that draws it in each run, so that a
 * reader of a bound or a tornado's row knows which side is the event happening. */
static void event_json(bool *nomem, const struct da_analysis *an, int i, json_t *in)
{
    const struct da_param *p = &an->scn->params[an->pids[i]];
    if (!p->is_event)
        return;
    const struct da_param *prob = &an->scn->params[p->probability];
    bool constant = dist_is_constant(&prob->dist);
    json_out_put(nomem, in, "event_probability",
                 constant ? json_out_number(prob->central) : json_null());
    if (!constant)
        json_out_put(nomem, in, "event_probability_input", json_string(prob->path));
}

static json_t *input_json(bool *nomem, const struct method *m, const struct da_analysis *an, int i)
{
    json_t *in = json_object();
    json_out_put(nomem, in, "name", json_string(an->scn->params[an->pids[i]].path));
    event_json(nomem, an, i, in);
    if (m->input_json) {
        m->input_json(nomem, an, i, in);
        return in;
    }
    for (int c = 0; c < m->n_columns; c++)
        json_out_put(nomem, in, m->columns[c].name,
                     json_out_number(method_value(&an->inputs[i], m->columns[c].offset)));
    return in;
}

/* What the sample size leaves in doubt (warnings.c): kind, text, the samples that would do (null
 * for the correlations a method ignores, which no sample answers). */
static json_t *warnings_json(bool *nomem, const struct da_analysis *an)
{
    static const char *const kinds[] = {"small", "wide", "outside", "correlations"};
    json_t *arr = json_array();
    for (int w = 0; w < an->n_warnings; w++) {
        const struct analysis_warning *warning = &an->warnings[w];
        json_t *obj = json_object();
        json_out_put(nomem, obj, "kind", json_string(kinds[warning->kind]));
        json_out_put(nomem, obj, "message", json_string(warning->text));
        json_out_put(nomem, obj, "recommended_samples",
                     warning->recommended ? json_integer((json_int_t)warning->recommended)
                                          : json_null());
        json_out_push(nomem, arr, obj);
    }
    return arr;
}

da_status da_analysis_write_json(const da_analysis *an, FILE *out)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    const struct method *m = method_at(an->method);
    bool nomem = false;
    json_t *root = json_object(), *inputs = json_array();
    json_out_put(&nomem, root, "method", json_string(m->name));
    json_out_put(&nomem, root, "metric", json_string(analysis_metric_name(an)));
    json_out_put(&nomem, root, "option", json_string(an->scn->options[an->option].id));
    json_out_put(&nomem, root, "samples", json_integer((json_int_t)an->samples));
    json_out_put(&nomem, root, "evaluations", json_integer((json_int_t)an->evaluations));
    json_out_put(&nomem, root, "dayafter", json_string(da_version()));
    json_out_put(&nomem, root, "scenario", json_string(an->scn->name));
    json_out_seed(&nomem, root, an->seed);
    json_out_put(&nomem, root, "horizon_days", json_integer(an->plan.horizon));
    json_out_put(&nomem, root, "metric_mean", json_out_number(an->mean));
    json_out_put(&nomem, root, "metric_variance", json_out_number(an->variance));
    json_out_put(&nomem, root, "metric_info",
                 an->series >= 0 ? series_entry_json(&nomem, an->series)
                                 : metric_entry_json(&nomem, (enum metric)an->metric));
    json_out_put(&nomem, root, "warnings", warnings_json(&nomem, an));
    json_out_put(&nomem, root, "recommended_samples",
                 an->recommended_samples ? json_integer((json_int_t)an->recommended_samples)
                                         : json_null());
    for (int n = 0; n < an->n_inputs; n++)
        json_out_push(&nomem, inputs, input_json(&nomem, m, an, an->order[n]));
    json_out_put(&nomem, root, "inputs", inputs);
    if (an->series >= 0 && an->by_mean)
        json_out_put(&nomem, root, "by", analysis_by_json(&nomem, an));
    if (m->json)
        m->json(&nomem, an, root);
    return json_out_write(root, nomem, out);
}

da_status da_analysis_write_table(const da_analysis *an, FILE *out, int rows)
{
    if (!an || !out)
        return DA_ERR_USAGE;
    int width = layout_width(out);
    da_status status = method_at(an->method)->print(an, out, width, rows);
    if (status != DA_OK)
        return status;
    if (an->series >= 0 && an->by_mean)
        analysis_by_table(an, out, width, rows);
    if (fflush(out) != 0 || ferror(out))
        return DA_ERR_IO;
    return DA_OK;
}
