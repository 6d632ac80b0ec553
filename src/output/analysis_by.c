/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * analysis_by.c - when and where an input matters (see analysis_by.h).
 *
 * The inputs are listed most influential first by their mean total-order index over the
 * outputs whose value varies (an output that does not vary, such as the weeks before anyone
 * deploys, has no variance to share out and indices of 0), so that an input that dominates
 * one period and no other still ranks by what it does there.
 */
#include "analysis_by.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/sort.h"
#include "format.h"
#include "indices_out.h"
#include "json_out.h"
#include "layout.h"

/* The label of output o: its week's first day, or its area's id. */
static const char *label_of(const struct da_analysis *an, int o, char *buf, size_t cap)
{
    if (an->by == DA_BY_AREA)
        return an->scn->areas[o].id;
    char day[24];
    snprintf(buf, cap, "day %s", fmt_value(7 * o, FMT_DAY, day, sizeof day));
    return buf;
}

/* Input or group i's mean ST over the outputs that vary. */
static double mean_total(const struct da_analysis *an, const struct by_indices *b, int count, int i)
{
    double sum = 0;
    int n = 0;
    for (int o = 0; o < an->n_by; o++) {
        if (!(an->by_variance[o] > 0))
            continue;
        sum += b->ST[(size_t)o * (size_t)count + (size_t)i];
        n++;
    }
    return n ? sum / n : 0;
}

/* The inputs ranked by mean_total(), ties in input order. */
static int *ranked(const struct da_analysis *an)
{
    int k = an->n_inputs;
    int *order = da_calloc((size_t)(k ? k : 1), sizeof *order);
    struct sort_ranked *items = da_calloc((size_t)(k ? k : 1), sizeof *items);
    if (!order || !items) {
        da_free(order);
        da_free(items);
        return NULL;
    }
    for (int i = 0; i < k; i++)
        items[i] = (struct sort_ranked){mean_total(an, &an->by_inputs, k, i), 0, i};
    sort_ranked_order(items, k, order);
    da_free(items);
    return order;
}

static json_t *numbers(bool *nomem, const double *v, int n, int stride, int at)
{
    json_t *arr = json_array();
    for (int o = 0; o < n; o++)
        json_out_push(nomem, arr, json_out_number(v[(size_t)o * (size_t)stride + (size_t)at]));
    return arr;
}

static json_t *indices_json(bool *nomem, const struct da_analysis *an, const char *name,
                            const struct by_indices *b, int count, int i)
{
    json_t *obj = json_object();
    json_out_put(nomem, obj, "name", json_string(name));
    json_out_put(nomem, obj, "mean_ST", json_out_number(mean_total(an, b, count, i)));
    json_out_put(nomem, obj, "S1", numbers(nomem, b->S1, an->n_by, count, i));
    json_out_put(nomem, obj, "S1_conf", numbers(nomem, b->S1_conf, an->n_by, count, i));
    json_out_put(nomem, obj, "ST", numbers(nomem, b->ST, an->n_by, count, i));
    json_out_put(nomem, obj, "ST_conf", numbers(nomem, b->ST_conf, an->n_by, count, i));
    return obj;
}

json_t *analysis_by_json(bool *nomem, const struct da_analysis *an)
{
    int *order = ranked(an);
    if (!order) {
        *nomem = true;
        return json_null();
    }
    json_t *by = json_object(), *outputs = json_array(), *inputs = json_array();
    json_t *groups = json_array();
    bool area = an->by == DA_BY_AREA;
    json_out_put(nomem, by, "kind", json_string(area ? "area" : "week"));
    for (int o = 0; o < an->n_by; o++) {
        json_t *out = json_object();
        if (area) {
            json_out_put(nomem, out, "area", json_string(an->scn->areas[o].id));
            json_out_put(nomem, out, "day", json_integer(an->plan.horizon - 1));
        } else {
            json_out_put(nomem, out, "week", json_integer(o));
            json_out_put(nomem, out, "day", json_integer(7 * o));
        }
        json_out_push(nomem, outputs, out);
    }
    json_out_put(nomem, by, "outputs", outputs);
    json_out_put(nomem, by, "mean", numbers(nomem, an->by_mean, an->n_by, 1, 0));
    json_out_put(nomem, by, "variance", numbers(nomem, an->by_variance, an->n_by, 1, 0));
    for (int r = 0; r < an->n_inputs; r++)
        json_out_push(nomem, inputs,
                      indices_json(nomem, an, an->scn->params[an->pids[order[r]]].path,
                                   &an->by_inputs, an->n_inputs, order[r]));
    for (int g = 0; g < an->n_groups; g++)
        json_out_push(nomem, groups,
                      indices_json(nomem, an, an->groups[g].name, &an->by_groups, an->n_groups, g));
    json_out_put(nomem, by, "inputs", inputs);
    json_out_put(nomem, by, "groups", groups);
    da_free(order);
    return by;
}

/* The inputs' total-order indices above 1 in every output that varies, the table's columns and
 * rows or not: a share of the variance cannot exceed 1, and an area's 1.494 at -n 64, said
 * nowhere, read as an input that explains more than all of it. Said as the headline table's are
 * (indices_out.c), and left as they are: cut to 1, the noise would look like a measurement.
 * (Jansen's ST is a mean of squares, never below 0.) */
static void outside_note(const struct da_analysis *an, FILE *out, int width)
{
    int n = 0, at = 0, input = 0;
    double largest = 0;
    for (int o = 0; o < an->n_by; o++) {
        if (!(an->by_variance[o] > 0))
            continue;
        for (int i = 0; i < an->n_inputs; i++) {
            double v = an->by_inputs.ST[(size_t)o * (size_t)an->n_inputs + (size_t)i];
            if (isnan(v) || sobol_outside(v, 0) <= 0)
                continue;
            if (n++ == 0 || v > largest) {
                largest = v;
                at = o;
                input = i;
            }
        }
    }
    if (n == 0)
        return;
    bool area = an->by == DA_BY_AREA;
    char where[160];
    if (area) {
        snprintf(where, sizeof where, "in %s", an->scn->areas[at].id);
    } else {
        char label[32];
        snprintf(where, sizeof where, "in the week from %s", label_of(an, at, label, sizeof label));
    }
    fputc('\n', out);
    layout_prosef(out, width,
                  "%d total-order %s (ST) of the inputs, in every %s (--json has them all), %s "
                  "above the 1 that a share of the variance cannot exceed%s %.3f (%s %s). At "
                  "this -n that is %s sampling error, shown as it is rather than cut to 1; a "
                  "larger -n narrows it.",
                  n, n == 1 ? "index" : "indices", area ? "area" : "week", n == 1 ? "is" : "are",
                  n == 1 ? ":" : ", the largest", largest, an->scn->params[an->pids[input]].path,
                  where, n == 1 ? "its" : "their");
}

void analysis_by_table(const struct da_analysis *an, FILE *out, int width, int rows)
{
    int *order = ranked(an);
    if (!order)
        return;
    int n = rows > 0 && rows < an->n_inputs ? rows : an->n_inputs, w = 20;
    for (int r = 0; r < n; r++) {
        int len = (int)strlen(an->scn->params[an->pids[order[r]]].path);
        w = len > w ? len : w;
    }
    /* As many columns as the width holds, two to six: every output when they fit, else
     * evenly spaced ones, the first and the last included. */
    enum { MAX_COLUMNS = 6 };
    int columns[MAX_COLUMNS], n_columns = (width - w) / 11;
    n_columns = n_columns < 2 ? 2 : n_columns > MAX_COLUMNS ? MAX_COLUMNS : n_columns;
    bool every = an->n_by <= n_columns;
    n_columns = every ? an->n_by : n_columns;
    for (int c = 0; c < n_columns; c++)
        columns[c] = n_columns > 1 ? (int)((long)c * (an->n_by - 1) / (n_columns - 1)) : 0;
    char text[512];
    snprintf(text, sizeof text,
             "When and where it matters: the total-order index (ST) of %s "
             "%s, %s; every %s in --json and --csv.",
             series_names[an->series],
             an->by == DA_BY_AREA ? "in each area on the last day" : "over all areas, by week",
             every ? "at each" : "at evenly spaced ones", an->by == DA_BY_AREA ? "area" : "week");
    fputc('\n', out);
    layout_prose(out, text, width, false);
    fprintf(out, "%-*s", w, "input");
    char label[32];
    for (int c = 0; c < n_columns; c++)
        fprintf(out, " %10.10s", label_of(an, columns[c], label, sizeof label));
    fputc('\n', out);
    for (int r = 0; r < n; r++) {
        fprintf(out, "%-*s", w, an->scn->params[an->pids[order[r]]].path);
        for (int c = 0; c < n_columns; c++) {
            int o = columns[c];
            if (an->by_variance[o] > 0)
                fprintf(out, " %10.3f",
                        an->by_inputs.ST[(size_t)o * (size_t)an->n_inputs + (size_t)order[r]]);
            else
                fprintf(out, " %10s", "-");
        }
        fputc('\n', out);
    }
    if (n < an->n_inputs)
        fprintf(out, "... %d more inputs\n", an->n_inputs - n);
    fprintf(out, "(-: %s does not vary there)\n", series_names[an->series]);
    outside_note(an, out, width);
    da_free(order);
}

static void csv_rows(struct csv *c, const struct da_analysis *an, const char *kind,
                     const char *name, const struct by_indices *b, int count, int i, int o)
{
    bool area = an->by == DA_BY_AREA;
    csv_text(c, area ? "area" : "week");
    if (area)
        csv_text(c, an->scn->areas[o].id);
    else
        csv_count(c, (uint64_t)o);
    csv_count(c, (uint64_t)(area ? an->plan.horizon - 1 : 7 * o));
    csv_text(c, kind);
    csv_free_text(c, name); /* a user's group name: guarded as analysis_csv.c guards it */
    size_t at = (size_t)o * (size_t)count + (size_t)i;
    csv_number(c, b->S1[at]);
    csv_number(c, b->S1_conf[at]);
    csv_number(c, b->ST[at]);
    csv_number(c, b->ST_conf[at]);
    csv_number(c, an->by_mean[o]);
    csv_number(c, an->by_variance[o]);
    csv_end_row(c);
}

void analysis_by_csv(struct csv *c, const struct da_analysis *an)
{
    static const char *const header[] = {"by",      "output", "day",     "kind", "name",    "S1",
                                         "S1_conf", "ST",     "ST_conf", "mean", "variance"};
    for (size_t h = 0; h < sizeof header / sizeof header[0]; h++)
        csv_text(c, header[h]);
    csv_end_row(c);
    for (int o = 0; o < an->n_by; o++) {
        for (int i = 0; i < an->n_inputs; i++)
            csv_rows(c, an, "input", an->scn->params[an->pids[i]].path, &an->by_inputs,
                     an->n_inputs, i, o);
        for (int g = 0; g < an->n_groups; g++)
            csv_rows(c, an, "group", an->groups[g].name, &an->by_groups, an->n_groups, g, o);
    }
}
