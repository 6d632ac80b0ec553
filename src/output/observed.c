/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * observed.c - the scores of a run's observations (see observed.h).
 */
#include "observed.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../model/observe.h"
#include "../util/alloc.h"
#include "metrics.h"

bool observed_scores_of(const struct da_results *res, struct observed_scores *out)
{
    int n = res->plan.n_observed;
    score_summary_init(&out->in_sample);
    score_summary_init(&out->out_of_sample);
    out->scores = NULL; /* a run without observations allocates nothing here */
    if (n > 0 && !(out->scores = da_calloc((size_t)n, sizeof *out->scores)))
        return false;
    for (int i = 0; i < n; i++) {
        const struct da_observation *o = res->plan.observed[i].obs;
        const uint64_t *ranks = res->acc.observed_ranks;
        score_observation(&res->acc.observed[i], res->plan.observed[i].point, ranks[2 * (size_t)i],
                          ranks[2 * (size_t)i + 1], &out->scores[i]);
        score_summary_add(o->out_of_sample ? &out->out_of_sample : &out->in_sample,
                          &out->scores[i]);
    }
    score_summary_finish(&out->in_sample);
    score_summary_finish(&out->out_of_sample);
    return true;
}

void observed_scores_release(struct observed_scores *os)
{
    da_free(os->scores);
    os->scores = NULL;
}

const char *observed_quantity(const struct da_results *res, int i)
{
    const struct da_observation *o = res->plan.observed[i].obs;
    return o->kind == OBSERVED_MILESTONE ? o->milestone.name : o->quantity;
}

const char *observed_option(const struct da_results *res, int i)
{
    const struct plan_observation *ob = &res->plan.observed[i];
    return ob->obs->kind == OBSERVED_MILESTONE ? "" : res->scenario->options[ob->option].id;
}

void observed_from_text(const struct da_observation *o, char *buf, size_t cap)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < o->n_from && at < cap; k++)
        at += (size_t)snprintf(buf + at, cap - at, "%s%s", k ? ", " : ", from ", o->from[k].name);
}

const char *observed_value_text(double v, enum fmt_style style, char *buf, size_t cap)
{
    double whole = floor(v), part = v - whole;
    char digits[16];
    snprintf(digits, sizeof digits, "%.2f", part); /* "0.50"; "1.00" where it rounds up */
    if ((style != FMT_COUNT && style != FMT_DAY) || !(part > 0) || !(v < 1e6) || digits[0] != '0' ||
        strcmp(digits, "0.00") == 0)
        return fmt_value_nonzero(v, style, buf, cap);
    size_t end = strlen(digits); /* "0.x" at least: part > 0 and not "0.00" */
    while (end > 2 && digits[end - 1] == '0')
        digits[--end] = '\0';
    char head[32];
    fmt_value(whole, style, head, sizeof head);
    snprintf(buf, cap, "%s%s", head, digits + 1);
    return buf;
}

bool observed_past_horizon(const struct da_results *res, int i)
{
    const struct da_observation *o = res->plan.observed[i].obs;
    return o->kind == OBSERVED_MILESTONE && o->min >= res->plan.horizon;
}

bool observed_ends_past_horizon(const struct da_results *res, int i)
{
    const struct da_observation *o = res->plan.observed[i].obs;
    return o->kind == OBSERVED_MILESTONE && o->max >= res->plan.horizon &&
           o->min < res->plan.horizon;
}

/* What the CRPS of observation i is measured in: a milestone's in days, a quantity's in its own
 * unit, which observations of the same quantity share. */
static const char *crps_unit(const struct da_results *res, int i)
{
    const struct da_observation *o = res->plan.observed[i].obs;
    return o->kind == OBSERVED_MILESTONE ? "days" : o->quantity;
}

bool observed_crps_units_agree(const struct da_results *res, bool out_of_sample)
{
    int first = -1;
    for (int i = 0; i < res->plan.n_observed; i++) {
        if (res->plan.observed[i].obs->out_of_sample != out_of_sample)
            continue;
        if (first >= 0 && strcmp(crps_unit(res, first), crps_unit(res, i)) != 0)
            return false;
        if (first < 0)
            first = i;
    }
    return true;
}

enum fmt_style observation_format(const struct da_observation *o)
{
    if (o->kind == OBSERVED_MILESTONE)
        return FMT_DAY;
    if (o->observable < N_SERIES) /* the series' quantities, in enum series_metric order */
        return area_metric_descs[o->observable].format;
    for (int m = 0; m < N_METRICS; m++)
        if (strcmp(metric_names[m], o->quantity) == 0)
            return metric_descs[m].format;
    return FMT_NUMBER;
}

enum fmt_style observed_format(const struct da_results *res, int i)
{
    /* Its reading is its observable, or READ_MILESTONE (observe_plan()). */
    return observation_format(res->plan.observed[i].obs);
}
