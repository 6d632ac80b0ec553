/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table.c - da_results_write_table(): the options side by side, for a terminal.
 *
 * Every uncertain number is shown as its median with the 10th-90th percentile range in
 * brackets, so that the reader sees the spread before the point. The rows follow what
 * planners ask first: can it start, how fast does it deploy, what does it cost and who pays,
 * what is left unfunded, and which milestones hold it up.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../engine/results.h"
#include "../scenario/schema.h"
#include "format.h"

#define LABEL_WIDTH 30
#define COLUMN_WIDTH 28

struct table {
    FILE *f;
    const struct da_results *res;
    int color;
};

static const struct da_scenario *scenario_of(const struct table *t)
{
    return t->res->scenario;
}

static int n_options(const struct table *t)
{
    return t->res->plan.n_options;
}

static void label(const struct table *t, const char *text)
{
    fprintf(t->f, "%-*.*s", LABEL_WIDTH, LABEL_WIDTH, text);
}

static void cell(const struct table *t, const char *text)
{
    fprintf(t->f, "%-*.*s", COLUMN_WIDTH, COLUMN_WIDTH - 1, text);
}

static void section(const struct table *t, const char *title)
{
    fprintf(t->f, t->color ? "\n\033[1m%s\033[0m\n" : "\n%s\n", title);
}

/* "median (p10-p90)", or "-" when nothing was measured. */
static const char *quantiles(const struct sketch *s, enum fmt_style style, char *buf, size_t cap)
{
    if (s->count == 0) {
        snprintf(buf, cap, "-");
        return buf;
    }
    char m[24], lo[24], hi[24];
    fmt_value(sketch_quantile(s, 0.5), style, m, sizeof m);
    fmt_value(sketch_quantile(s, 0.1), style, lo, sizeof lo);
    fmt_value(sketch_quantile(s, 0.9), style, hi, sizeof hi);
    if (strcmp(lo, hi) == 0)
        snprintf(buf, cap, "%s", m);
    else
        snprintf(buf, cap, "%s (%s-%s)", m, lo, hi);
    return buf;
}

/* A row of one sketch per option, picked from each option's accumulator by 'pick' with
 * 'index' (a metric, a donor, a purpose). */
typedef const struct sketch *(*sketch_pick)(const struct option_acc *oa, int index);

static void sketch_row(const struct table *t, const char *name, sketch_pick pick, int index,
                       enum fmt_style style)
{
    char buf[96];
    label(t, name);
    for (int o = 0; o < n_options(t); o++)
        cell(t, quantiles(pick(&t->res->acc.options[o], index), style, buf, sizeof buf));
    fputc('\n', t->f);
}

static const struct sketch *pick_metric(const struct option_acc *oa, int k)
{
    return &oa->metric[k];
}

static const struct sketch *pick_donor(const struct option_acc *oa, int d)
{
    return &oa->by_donor[d];
}

static const struct sketch *pick_purpose(const struct option_acc *oa, int p)
{
    return &oa->by_purpose[p];
}

static void metric_row(const struct table *t, const char *name, enum metric k,
                       enum fmt_style style)
{
    sketch_row(t, name, pick_metric, k, style);
}

static double share(uint64_t n, uint64_t of)
{
    return of ? (double)n / (double)of : NAN;
}

static void header(const struct table *t)
{
    const struct da_results *res = t->res;
    char reps[32];
    fmt_value((double)res->replications, FMT_COUNT, reps, sizeof reps);
    fprintf(t->f, t->color ? "\033[1m%s\033[0m\n" : "%s\n", scenario_of(t)->name);
    if (res->deterministic)
        fprintf(t->f, "deterministic run (central values, no incidents); %d days\n",
                res->plan.horizon);
    else
        fprintf(t->f, "%s replications, seed %llu, %d days; median (10th-90th percentile)\n",
                reps, (unsigned long long)res->seed, res->plan.horizon);
    fputc('\n', t->f);
    label(t, "");
    for (int o = 0; o < n_options(t); o++)
        cell(t, scenario_of(t)->options[o].id);
    fputc('\n', t->f);
}

static void start_rows(const struct table *t)
{
    const struct da_results *res = t->res;
    char buf[96];
    section(t, "When it can start");
    label(t, "starts within the horizon");
    for (int o = 0; o < n_options(t); o++)
        cell(t, fmt_value(share(res->acc.options[o].started, res->replications), FMT_SHARE, buf,
                          sizeof buf));
    fputc('\n', t->f);
    metric_row(t, "start day (if it starts)", M_START_DAY, FMT_COUNT);
    label(t, "half the need deployed by");
    fputc('\n', t->f);
    for (int k = 0; k < N_CHECK_DAYS; k++) {
        char name[48];
        snprintf(name, sizeof name, "  day %d", plan_check_days[k]);
        label(t, name);
        for (int o = 0; o < n_options(t); o++) {
            if (plan_check_days[k] >= res->plan.horizon)
                cell(t, "-");
            else
                cell(t, fmt_value(share(res->acc.options[o].deployed_by[k], res->replications),
                                  FMT_SHARE, buf, sizeof buf));
        }
        fputc('\n', t->f);
    }
    label(t, "every area covered (IOC)");
    for (int o = 0; o < n_options(t); o++)
        cell(t, fmt_value(share(res->acc.options[o].ioc, res->replications), FMT_SHARE, buf,
                          sizeof buf));
    fputc('\n', t->f);
    metric_row(t, "IOC day (if reached)", M_IOC_DAY, FMT_COUNT);
}

static void force_rows(const struct table *t)
{
    section(t, "Security");
    metric_row(t, "deployed, day 365", M_DEPLOYED_DAY365, FMT_COUNT);
    metric_row(t, "deployed, last day", M_DEPLOYED_END, FMT_COUNT);
    metric_row(t, "lowest area coverage, day 365", M_COVERAGE_MIN_DAY365, FMT_SHARE);
    metric_row(t, "security, last day", M_SECURITY_MEAN_END, FMT_SHARE);
    metric_row(t, "incidents", M_INCIDENTS_TOTAL, FMT_COUNT);
}

static void money_rows(const struct table *t)
{
    const struct da_scenario *scn = scenario_of(t);
    char name[96];
    section(t, "Money");
    metric_row(t, "spent", M_COST_TOTAL_USD, FMT_USD);
    for (size_t d = 0; d < scn->n_donors; d++) {
        snprintf(name, sizeof name, "  paid by %s", scn->donors[d].id);
        sketch_row(t, name, pick_donor, (int)d, FMT_USD);
    }
    for (int p = 0; p < N_POOL_PURPOSES; p++) {
        snprintf(name, sizeof name, "  for %s", schema_purpose_words[p]);
        sketch_row(t, name, pick_purpose, p, FMT_USD);
    }
    metric_row(t, "unfunded (needed, not paid)", M_UNFUNDED_USD, FMT_USD);
}

static void people_rows(const struct table *t)
{
    section(t, "People");
    metric_row(t, "water gap, person-days", M_WATER_GAP, FMT_COUNT);
    metric_row(t, "food gap, person-days", M_FOOD_GAP, FMT_COUNT);
    metric_row(t, "bed coverage, last day", M_BED_COVERAGE_END, FMT_SHARE);
    metric_row(t, "displaced, last day", M_DISPLACED_END, FMT_COUNT);
    metric_row(t, "medical supplies, tonnes in", M_MEDICAL_TONNES, FMT_COUNT);
    metric_row(t, "shelter, tonnes in", M_SHELTER_TONNES, FMT_COUNT);
}

/* The three milestones most often on the critical chain of each option. */
static void long_pole_rows(const struct table *t)
{
    const struct da_results *res = t->res;
    const struct da_scenario *scn = scenario_of(t);
    section(t, "The long pole (criticality: share of starting runs it holds up)");
    for (int rank = 0; rank < 3 && rank < res->plan.n_milestones; rank++) {
        char name[32];
        snprintf(name, sizeof name, "  %d.", rank + 1);
        label(t, name);
        for (int o = 0; o < n_options(t); o++) {
            const struct option_acc *oa = &res->acc.options[o];
            /* The rank-th largest, ties in file order. */
            int chosen[3] = {-1, -1, -1};
            for (int r = 0; r <= rank; r++) {
                int best = -1;
                for (int m = 0; m < res->plan.n_milestones; m++) {
                    if ((r > 0 && m == chosen[0]) || (r > 1 && m == chosen[1]))
                        continue;
                    if (best < 0 || oa->critical[m] > oa->critical[best])
                        best = m;
                }
                chosen[r] = best;
            }
            int m = chosen[rank];
            char buf[96];
            if (m < 0 || oa->started == 0 || oa->critical[m] == 0)
                snprintf(buf, sizeof buf, "-");
            else
                snprintf(buf, sizeof buf, "%s %.2f", scn->milestones[m].id,
                         share(oa->critical[m], oa->started));
            cell(t, buf);
        }
        fputc('\n', t->f);
    }
}

da_status da_results_write_table(const da_results *res, FILE *f, int color)
{
    struct table t = {f, res, color};
    header(&t);
    start_rows(&t);
    force_rows(&t);
    money_rows(&t);
    people_rows(&t);
    long_pole_rows(&t);
    return ferror(f) ? DA_ERR_IO : DA_OK;
}
