/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * indices_out.c - the terminal's table of the methods whose results are indices per input
 * (sobol, morris, tornado), laid out from the method's columns (src/analysis/methods.c):
 * Sobol' indices as they are (shares of variance), the other methods' values in the
 * metric's own format; sobol's groups, in the table and the JSON; and the preamble that
 * every method but voi starts with.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/method.h"
#include "format.h"
#include "indices_out.h"
#include "json_out.h"
#include "layout.h"
#include "metrics.h"

const char *analysis_metric_value(const struct da_analysis *an, double v, char *buf, size_t cap)
{
    return fmt_value(
        v, an->series >= 0 ? series_all_descs[an->series].format : metric_descs[an->metric].format,
        buf, cap);
}

/* The metric's mean or standard deviation: in its own format, but to 3 significant digits
 * where that format writes whole persons or days. Rounded to whole persons, a strength deployed
 * in half the runs read "mean 1, standard deviation 0" beside a JSON of 0.505 and a variance of
 * 0.25: a spread that is not 0 must never read as 0. From 1,000 up the two write the same. */
static const char *statistic(const struct da_analysis *an, double v, char *buf, size_t cap)
{
    enum fmt_style style =
        an->series >= 0 ? series_all_descs[an->series].format : metric_descs[an->metric].format;
    return fmt_value(v, style == FMT_COUNT || style == FMT_DAY ? FMT_NUMBER : style, buf, cap);
}

void analysis_preamble(const struct da_analysis *an, FILE *out, int width)
{
    char mean[24], sd[24], samples[24], evaluations[24];
    /* A weekly series is analysed on its last day (docs/analysis.md, "When and where"): the
     * table below is that day's, the week-by-week indices come after it. */
    char last[64] = "";
    if (an->series >= 0) {
        char day[24];
        snprintf(last, sizeof last, " (over all areas on the last day, day %s)",
                 fmt_value(an->plan.horizon - 1, FMT_DAY, day, sizeof day));
    }
    layout_prosef(out, width, "%s: %s of %s%s for option %s", an->scn->name,
                  method_at(an->method)->name, analysis_metric_name(an), last,
                  an->scn->options[an->option].id);
    /* The tornado's figures are its central setting's alone (every input at its central
     * value, docs/analysis.md): read as the design's, a standard deviation of $0 beside
     * swings of $60m would say that no input moves the metric. */
    bool central = !method_at(an->method)->variance_of_design;
    /* A day that never comes counts as the horizon (docs/analysis.md): a start day's mean of
     * 962 where the run's table says 630 (over the runs that start) reads as a contradiction
     * unless it says so. */
    char never[128] = "";
    if (analysis_never_is_horizon(an)) {
        char horizon[24];
        bool half = an->metric == M_DAYS_TO_HALF; /* a count of days, not a day */
        snprintf(never, sizeof never, " (a run %s counts as %s%s%s)",
                 half ? "that never gets to half strength" : "in which it never comes",
                 half ? "" : "day ", fmt_value(an->plan.horizon, FMT_DAY, horizon, sizeof horizon),
                 half ? " days" : "");
    }
    layout_prosef(out, width,
                  "%d uncertain inputs, %s samples, %s evaluations; %s mean %s%s, standard "
                  "deviation %s",
                  an->n_inputs, fmt_value((double)an->samples, FMT_COUNT, samples, sizeof samples),
                  fmt_value((double)an->evaluations, FMT_COUNT, evaluations, sizeof evaluations),
                  central ? "with every input at its central value, the metric's" : "the metric's",
                  statistic(an, an->mean, mean, sizeof mean), never,
                  statistic(an, sqrt(an->variance), sd, sizeof sd));
    fputc('\n', out);
    if (!(an->variance > 0) && method_at(an->method)->variance_of_design) {
        if ((an->metric == M_START_DAY || an->metric == M_IOC_DAY) &&
            an->mean == an->plan.horizon) {
            char horizon[24];
            layout_prosef(out, width,
                          "%s never comes within the horizon in these runs (it counts "
                          "as day %s), so no input moves it; a metric that varies, such as "
                          "deployed_end or coverage_min_day365, shows what holds the "
                          "option back.",
                          metric_names[an->metric],
                          fmt_value(an->plan.horizon, FMT_DAY, horizon, sizeof horizon));
        } else {
            layout_prosef(out, width, "The metric does not vary in these runs: no input moves it.");
        }
        fputc('\n', out);
    }
}

/* The width of a column: a share's, or a value's in the metric's format. */
static int column_width(const struct method *m)
{
    return m->shares ? 8 : 12;
}

static void table_heading(const struct method *m, FILE *out, int w)
{
    fprintf(out, "%-*s", w, "input");
    for (int c = 0; c < m->n_columns; c++)
        if (m->columns[c].label) /* else the JSON's and the CSV's only */
            fprintf(out, " %*s", column_width(m), m->columns[c].label);
    fputc('\n', out);
}

/* 'v' as "%.3f" writes it, less the sign of what rounds to 0: an estimate of -0.0002 is
 * "0.000", not "-0.000" (a negative estimate beyond rounding keeps its sign). */
static double three_decimals(double v)
{
    return fabs(v) < 0.0005 ? 0.0 : v;
}

int sobol_outside(double v, double floor)
{
    char text[32];
    snprintf(text, sizeof text, "%.3f", v);
    double shown = strtod(text, NULL); /* "-0.000" reads as -0, which is not below 0 */
    floor = floor > 0 ? floor : 0;
    if (shown > 1 && v - floor > 1)
        return 1;
    if (shown < 0 && v + floor < 0)
        return -1;
    return 0;
}

/* The estimates of one index (S1 or ST) on one side of [0, 1]: how many, the farthest out, and
 * whose it is. */
struct outside {
    int n;
    double farthest;
    const char *name;
};

static void outside_add(struct outside *o, double v, const char *name)
{
    if (o->n++ == 0 || fabs(v - 0.5) > fabs(o->farthest - 0.5)) {
        o->farthest = v;
        o->name = name;
    }
}

/* S1 and ST of one input or group into the tallies [index][side]: [0] S1, [1] ST; [.][0] above
 * 1, [.][1] below 0. */
static void outside_tally(struct outside tally[2][2], const struct input_result *r,
                          const char *name)
{
    const double v[2] = {r->S1, r->ST}, floor[2] = {r->S1_floor, r->ST_floor};
    for (int k = 0; k < 2; k++) {
        int side = isnan(v[k]) ? 0 : sobol_outside(v[k], floor[k]);
        if (side != 0)
            outside_add(&tally[k][side > 0 ? 0 : 1], v[k], name);
    }
}

/* The inputs' and groups' indices that the tables show outside [0, 1], which no share of
 * variance can be: how many, the farthest, and what they are. The first-order indices' sum
 * above 1 is said before the table; an ST of 1.118 or an S1 of -0.047 went without a word, and
 * read as an input that explains more than all of the variance, or less than none. They are
 * left as they are, not cut to [0, 1]: cut, the noise would look like a measurement. */
static void sobol_outside_note(const struct da_analysis *an, FILE *out, int width)
{
    struct outside tally[2][2] = {{{0, 0, NULL}, {0, 0, NULL}}, {{0, 0, NULL}, {0, 0, NULL}}};
    for (int i = 0; i < an->n_inputs; i++)
        outside_tally(tally, &an->inputs[i], an->scn->params[an->pids[i]].path);
    for (int g = 0; g < an->n_groups; g++)
        outside_tally(tally, &an->groups[g].result, an->groups[g].name);
    static const char *const index[2][2] = {{"first-order index (S1)", "first-order indices (S1)"},
                                            {"total-order index (ST)", "total-order indices (ST)"}};
    static const char *const side[2][2] = {{"above 1:", "above 1, the largest"},
                                           {"below 0:", "below 0, the lowest"}};
    char parts[1536] = "";
    size_t used = 0;
    int total = 0;
    for (int s = 0; s < 2; s++)
        for (int k = 0; k < 2; k++) {
            const struct outside *o = &tally[k][s];
            if (o->n == 0)
                continue;
            total += o->n;
            int w = snprintf(parts + used, sizeof parts - used, "%s%d %s %s %.3f (%s)",
                             used ? "; " : "", o->n, index[k][o->n > 1], side[s][o->n > 1],
                             o->farthest, o->name);
            used += w > 0 && (size_t)w < sizeof parts - used ? (size_t)w : 0;
        }
    if (used == 0)
        return;
    layout_prosef(out, width,
                  "Estimates outside the [0, 1] that a share of the variance cannot leave, "
                  "among the inputs and groups: %s. At this -n that is %s sampling error, "
                  "shown as it is rather than cut to [0, 1]; a larger -n narrows it.",
                  parts, total == 1 ? "its" : "their");
    fputc('\n', out);
}

static void input_row(const struct method *m, const struct da_analysis *an, int i, FILE *out, int w)
{
    const struct input_result *r = &an->inputs[i];
    fprintf(out, "%-*s", w, an->scn->params[an->pids[i]].path);
    for (int c = 0; c < m->n_columns; c++) {
        if (!m->columns[c].label)
            continue;
        double v = method_value(r, m->columns[c].offset);
        if (m->shares) {
            fprintf(out, " %8.3f", three_decimals(v));
        } else {
            char text[24];
            fprintf(out, " %12s", analysis_metric_value(an, v, text, sizeof text));
        }
    }
    fputc('\n', out);
}

/* The inputs' rows, most influential first: 'rows' of them (0: all); returns how many. */
static int inputs_table(const struct method *m, const struct da_analysis *an, FILE *out, int rows)
{
    int n = rows > 0 && rows < an->n_inputs ? rows : an->n_inputs, w = 20;
    for (int k = 0; k < n; k++) {
        int len = (int)strlen(an->scn->params[an->pids[an->order[k]]].path);
        w = len > w ? len : w;
    }
    table_heading(m, out, w);
    for (int k = 0; k < n; k++)
        input_row(m, an, an->order[k], out, w);
    if (n < an->n_inputs)
        fprintf(out, "... %d more inputs (all of them in --json)\n", an->n_inputs - n);
    return n;
}

/* How to read a chance's row of the tornado, when the table shows one: its input is the
 * uniform that decides the event, which happens below its probability, so its 10th percentile
 * is the event happening (where the probability is above 0.1) and its 90th not; read as
 * values of the event itself, the two columns would say the opposite. */
static void tornado_chances(const struct da_analysis *an, int shown, FILE *out, int width)
{
    for (int k = 0; k < shown; k++)
        if (an->scn->params[an->pids[an->order[k]]].is_event) {
            fputc('\n', out);
            layout_prosef(out, width,
                          "A chance's input (.occurs, .joins, .recovers) is the uniform that "
                          "decides its event, which happens below its probability: at p10 the "
                          "event happens (unless its probability is under 0.1), at p90 it does "
                          "not (unless its probability is over 0.9).");
            return;
        }
}

da_status indices_print(const struct da_analysis *an, FILE *out, int width, int rows)
{
    analysis_preamble(an, out, width);
    int shown = inputs_table(method_at(an->method), an, out, rows);
    if (an->method == DA_METHOD_TORNADO)
        tornado_chances(an, shown, out, width);
    return DA_OK;
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
    layout_prosef(out, width,
                  "Groups of inputs, each as one input (its members' own effects and "
                  "their interactions among themselves):");
    fprintf(out, "%-*s %6s %8s %8s %8s %8s\n", w, "group", "inputs", "S1", "+-", "ST", "+-");
    for (int k = 0; k < n; k++) {
        const struct analysis_group *g = &an->groups[an->group_order[k]];
        fprintf(out, "%-*s %6d %8.3f %8.3f %8.3f %8.3f\n", w, g->name, g->n_members,
                three_decimals(g->result.S1), three_decimals(g->result.S1_conf),
                three_decimals(g->result.ST), three_decimals(g->result.ST_conf));
    }
    if (n < an->n_groups)
        fprintf(out, "... %d more groups (all of them in --json)\n", an->n_groups - n);
}

da_status sobol_print(const struct da_analysis *an, FILE *out, int width, int rows)
{
    analysis_preamble(an, out, width);
    double sum = 0;
    for (int i = 0; i < an->n_inputs; i++)
        sum += isnan(an->inputs[i].S1) ? 0 : an->inputs[i].S1;
    if (an->variance > 0 && sum > 1) {
        /* The true indices add up to 1 at most: above it, the estimates' sampling error is all
         * there is to read, and "the rest of the variance" would be a negative rest. */
        layout_prosef(out, width,
                      "The first-order indices add up to %.2f, above the 1 that they cannot "
                      "exceed: at this -n their sampling error is larger than what is left "
                      "for the inputs' interactions and the daily incidents. +- are 95%% "
                      "bootstrap intervals: a larger -n narrows them.",
                      sum);
        fputc('\n', out);
    } else if (an->variance > 0) {
        layout_prosef(out, width,
                      "The first-order indices add up to %.2f: the rest of the "
                      "variance comes from the inputs' interactions and from the daily "
                      "incidents, which are not inputs. +- are 95%% bootstrap intervals: a "
                      "larger -n narrows them.",
                      sum);
        fputc('\n', out);
    }
    if (an->variance > 0)
        sobol_outside_note(an, out, width);
    inputs_table(method_at(an->method), an, out, rows);
    if (an->n_groups > 0)
        groups_table(an, out, width, rows);
    return DA_OK;
}

/* A group of inputs with its Sobol' indices and its members' paths. */
static json_t *group_json(bool *nomem, const struct da_analysis *an, int g)
{
    const struct method *method = method_at(an->method);
    const struct analysis_group *grp = &an->groups[g];
    json_t *obj = json_object(), *members = json_array();
    json_out_put(nomem, obj, "name", json_string(grp->name));
    for (int c = 0; c < method->n_columns; c++)
        json_out_put(nomem, obj, method->columns[c].name,
                     json_out_number(method_value(&grp->result, method->columns[c].offset)));
    for (int m = 0; m < grp->n_members; m++)
        json_out_push(nomem, members, json_string(an->scn->params[an->pids[grp->members[m]]].path));
    json_out_put(nomem, obj, "inputs", members);
    return obj;
}

void sobol_json(bool *nomem, const struct da_analysis *an, json_t *root)
{
    json_t *groups = json_array();
    for (int g = 0; g < an->n_groups; g++)
        json_out_push(nomem, groups, group_json(nomem, an, an->group_order[g]));
    json_out_put(nomem, root, "groups", groups);
}
