/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * warnings.c - what an analysis's sample size leaves in doubt, said with the sample that
 * would do, so that a small sample never passes silently.
 *
 * Three warnings, each at most once, naming the worst case:
 *
 *   small    fewer samples than the method's intervals need to be trusted: 64 base samples
 *            for sobol (a bootstrap of fewer rows misjudges its own spread), 10 trajectories
 *            for morris (Campolongo, Cariboni and Saltelli 2007 use 10 to 20), 30 runs per
 *            setting for the tornado (the normal interval of a mean).
 *   wide     an index that matters (a Sobol' index of 0.05 or more; a Morris mu* or a swing of
 *            5% or more of the largest) whose 95% interval is wider than the index itself:
 *            its estimate is not distinguishable from half or twice its value.
 *   outside  a Sobol' index below 0 or above 1 by more than its interval and its rounding
 *            floor (sobol.c): a share of variance cannot be, so the estimate is noise
 *            (Saltelli 2010's estimators are unbiased but not bounded). An index that rounding
 *            alone puts outside, -5e-17 +- 5e-17 for an input that moves nothing but the
 *            metric's last bits, is 0, and no sample would change it.
 *
 * And one that is not of the sample: a method that moves one input at a time (morris,
 * tornado) ignores the scenario's correlations, and says so when it has some, so that its
 * indices are not read as those of the correlated inputs.
 *
 * The sample recommended is the smallest power of two (the designs' usual sizes) at which
 * every index that may matter (S + c at least the threshold, for an index S of half-width c)
 * is expected to have a half-width of a quarter of what it is at least, max(S - c,
 * threshold): then its interval is half its index or less. Intervals narrow as one over the
 * square root of the sample, so n (4 c / max(S - c, threshold))^2. Judging by the index's
 * lower bound, not its estimate, keeps a small sample's overestimate from recommending too
 * little. For an estimate outside [0, 1], four times the sample (intervals half as wide);
 * never less than the floor of 'small'.
 */
#include <math.h>
#include <stdio.h>

#include "../output/indices_out.h"
#include "analysis.h"
#include "method.h"

#define MATTERS_SOBOL   0.05         /* a Sobol' index that matters */
#define MATTERS_SHARE   0.05         /* a mu* or swing that matters, as a share of the largest */
#define MAX_RECOMMENDED 100000000ULL /* analyze's limit of -n */

static uint64_t power_of_two_above(double n)
{
    uint64_t p = 1;
    while ((double)p < n && p < MAX_RECOMMENDED)
        p *= 2;
    return p < MAX_RECOMMENDED ? p : MAX_RECOMMENDED;
}

/* The worst case of one kind of warning: its ratio (how far from enough) and its text;
 * for 'wide', 'need' is the largest 4 c / max(S - c, threshold) of every index that may
 * matter. */
struct worst {
    double ratio;
    const char *name, *index;
    double value, conf;
    double need;
};

static void consider(struct worst *w, double ratio, const char *name, const char *index,
                     double value, double conf)
{
    if (ratio > w->ratio) {
        w->ratio = ratio;
        w->name = name;
        w->index = index;
        w->value = value;
        w->conf = conf;
    }
}

/* An index v +- c of which 'matters' is the threshold: whether it is too wide, and what it
 * needs. */
static void check_width(struct worst *wide, const char *name, const char *index, double v, double c,
                        double matters)
{
    if (v + c >= matters && c > 0) {
        double need = 4 * c / fmax(v - c, matters);
        wide->need = need > wide->need ? need : wide->need;
    }
    if (v >= matters && 2 * c > v)
        consider(wide, 2 * c / v, name, index, v, c);
}

/* One Sobol' index: its width, and whether it is outside [0, 1] by more than its interval
 * and what rounding alone can make of it ('rounding'). */
static void check_share(struct worst *wide, struct worst *outside, const char *name,
                        const char *index, double v, double c, double rounding)
{
    if (isnan(v) || isnan(c))
        return;
    check_width(wide, name, index, v, c, MATTERS_SOBOL);
    double slack = c + (rounding > 0 ? rounding : 0);
    if (v + slack < 0)
        consider(outside, -(v + c) + 1, name, index, v, c);
    else if (v - slack > 1)
        consider(outside, v - c, name, index, v, c);
}

static void add(struct da_analysis *an, int kind, uint64_t recommended, const char *text)
{
    struct analysis_warning *w = &an->warnings[an->n_warnings++];
    w->kind = kind;
    w->recommended = recommended;
    snprintf(w->text, sizeof w->text, "%s", text);
    if (recommended > an->recommended_samples)
        an->recommended_samples = recommended;
}

/* The largest of the index 'w' names over the inputs: what 5% of is an index that matters. */
static double largest_index(const struct da_analysis *an, const struct method_warnings *w)
{
    double largest = 0;
    for (int i = 0; i < an->n_inputs; i++) {
        double v = method_value(&an->inputs[i], w->value);
        if (v > largest)
            largest = v;
    }
    return largest;
}

/* The worst of the inputs' and groups' intervals, by the method's index. */
static void check_indices(const struct da_analysis *an, const struct method_warnings *w,
                          struct worst *wide, struct worst *outside)
{
    double largest = w->shares ? 0 : largest_index(an, w);
    for (int i = 0; i < an->n_inputs; i++) {
        const struct input_result *r = &an->inputs[i];
        const char *name = an->scn->params[an->pids[i]].path;
        if (w->shares) {
            check_share(wide, outside, name, "S1", r->S1, r->S1_conf, r->S1_floor);
            check_share(wide, outside, name, "ST", r->ST, r->ST_conf, r->ST_floor);
            continue;
        }
        double v = method_value(r, w->value), c = method_value(r, w->conf);
        if (largest > 0 && !isnan(v) && !isnan(c))
            check_width(wide, name, w->index, v, c, MATTERS_SHARE * largest);
    }
    for (int g = 0; g < an->n_groups; g++) {
        const struct input_result *r = &an->groups[g].result;
        check_share(wide, outside, an->groups[g].name, "S1", r->S1, r->S1_conf, r->S1_floor);
        check_share(wide, outside, an->groups[g].name, "ST", r->ST, r->ST_conf, r->ST_floor);
    }
}

/* The correlations a method ignores, if the scenario has any. */
static void ignored_correlations(const struct method *m, struct da_analysis *an)
{
    size_t n = an->scn->n_correlations;
    if (m->correlates || n == 0)
        return;
    char names[64], text[320];
    method_correlating_names(names, sizeof names);
    snprintf(text, sizeof text,
             "the scenario's %zu correlation%s not applied: %s moves one input at a time from "
             "designed levels, as if the inputs were independent (%s apply them)",
             n, n == 1 ? " is" : "s are", m->name, names);
    add(an, WARN_CORRELATIONS, 0, text);
}

/* An index as the tables write it: a share of variance to three significant digits, as
 * "0.116" (its interval to 'digits'); an index in the metric's units (Morris's mu*) in the metric's
 * format, as the table beside it writes it ("1,350", not "1.35e+03"). */
static const char *index_text(const struct method_warnings *w, const struct da_analysis *an,
                              double v, int digits, char *buf, size_t cap)
{
    if (w->shares) {
        snprintf(buf, cap, "%.*g", digits, v);
        return buf;
    }
    return analysis_metric_value(an, v, buf, cap);
}

/* What the sample leaves in doubt. */
static void sample_warnings(const struct method *m, struct da_analysis *an)
{
    const struct method_warnings *w = m->warnings;
    /* PRIM and voi qualify their results their own way (a box's stability under resampling;
     * each value's standard error and the mark of the values not clear of the noise), and a
     * metric that does not move has nothing to qualify. */
    if (!w || !(an->variance > 0))
        return;
    struct worst wide = {0, NULL, NULL, 0, 0, 0}, outside = {0, NULL, NULL, 0, 0, 0};
    check_indices(an, w, &wide, &outside);
    uint64_t n = an->samples, least = w->floor;
    const char *unit = w->unit;
    char text[320], value[32], conf[32];
    if (n < least) {
        snprintf(text, sizeof text,
                 "-n %llu is too small: below %llu %s the intervals "
                 "themselves cannot be trusted; use -n %llu or more",
                 (unsigned long long)n, (unsigned long long)least, unit, (unsigned long long)least);
        add(an, WARN_SMALL, least, text);
    }
    if (wide.name) {
        double want = (double)n * wide.need * wide.need;
        uint64_t rec = power_of_two_above(want);
        rec = rec > least ? rec : least;
        snprintf(text, sizeof text,
                 "%s of %s is %s +- %s: its 95%% interval is wider than "
                 "the index; about -n %llu would make every interval that matters half its "
                 "index or less",
                 wide.index, wide.name, index_text(w, an, wide.value, 3, value, sizeof value),
                 index_text(w, an, wide.conf, 2, conf, sizeof conf), (unsigned long long)rec);
        add(an, WARN_WIDE, rec, text);
    }
    if (outside.name) {
        uint64_t rec = power_of_two_above(4.0 * (double)n);
        rec = rec > least ? rec : least;
        snprintf(text, sizeof text,
                 "%s of %s is %s +- %s: outside [0, 1] by more than its "
                 "interval, which no share of variance can be: the estimate is noise; about "
                 "-n %llu would halve the intervals",
                 outside.index, outside.name,
                 index_text(w, an, outside.value, 3, value, sizeof value),
                 index_text(w, an, outside.conf, 2, conf, sizeof conf), (unsigned long long)rec);
        add(an, WARN_OUTSIDE, rec, text);
    }
}

void analysis_warnings(const struct method *m, struct da_analysis *an)
{
    an->n_warnings = 0;
    an->recommended_samples = 0;
    sample_warnings(m, an);
    ignored_correlations(m, an); /* last: the sample recommended answers those before */
}
