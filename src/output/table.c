/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table.c - da_results_write_table(): the options side by side, for a terminal.
 *
 * Every uncertain number is shown as its median with the 10th-90th percentile range in
 * brackets, so that the reader sees the spread before the point. The rows follow what
 * planners ask first: can it start, how fast does it deploy, what does it cost and who pays,
 * what is left unfunded, and which milestones hold it up. The metrics' rows are named and
 * written as the registry says (metrics.c), like the report's and the web application's;
 * layout.c fits them to the terminal's width. On request (DA_TABLE_MC_ERROR), each median's
 * 95% interval follows on a row of its own, so that the default table is unchanged and the
 * intervals widen no column beyond the numbers'.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../engine/mc_error.h"
#include "../engine/results.h"
#include "../scenario/schema.h"
#include "../util/alloc.h"
#include "format.h"
#include "layout.h"
#include "metrics.h"
#include "observed.h"
#include "quantiles.h"

struct table {
    const struct da_results *res;
    struct grid g;
    int flags; /* DA_TABLE_* */
};

static int n_options(const struct table *t)
{
    return t->res->plan.n_options;
}

/* "median (p10-p90)", or the median alone when the range reads the same, or "-" when nothing
 * was measured. */
static void quantiles_text(const struct sketch *s, enum fmt_style style, char *buf, size_t cap)
{
    if (s->band.count == 0) {
        snprintf(buf, cap, "-");
        return;
    }
    char m[24], lo[24], hi[24];
    fmt_value(sketch_quantile(s, 0.5), style, m, sizeof m);
    fmt_value(sketch_quantile(s, 0.1), style, lo, sizeof lo);
    fmt_value(sketch_quantile(s, 0.9), style, hi, sizeof hi);
    if (strcmp(lo, hi) == 0)
        snprintf(buf, cap, "%s", m);
    else
        snprintf(buf, cap, "%s (%s-%s)", m, lo, hi);
}

/* A row of one sketch per option, picked from each option's accumulator by 'pick' with
 * 'index' (a metric, a donor, a purpose). */
typedef const struct sketch *(*sketch_pick)(const struct option_acc *oa, int index);

static void sketch_row(struct table *t, int indent, const char *name, sketch_pick pick, int index,
                       enum fmt_style style)
{
    int row = grid_add(&t->g, GRID_NUMBERS, indent, name);
    for (int o = 0; o < n_options(t) && !t->g.nomem; o++)
        quantiles_text(pick(&t->res->acc.options[o], index), style, grid_cell(&t->g, row, o),
                       GRID_TEXT);
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

/* "lo-hi", the 95% interval of the median of 's' (mc_error.h); "-" when nothing was measured,
 * "too few values" when a side cannot be bounded, and the median alone, "exactly" or "to the
 * last digit", when both ends are written alike ("105,273-105,273" read as an interval of
 * none). */
static void interval_text(const struct sketch *s, enum fmt_style style, char *buf, size_t cap)
{
    double lo, hi;
    mc_quantile_interval(s, 0.5, &lo, &hi);
    char a[24], b[24];
    if (s->band.count == 0)
        snprintf(buf, cap, "-");
    else if (isnan(lo) || isnan(hi))
        snprintf(buf, cap, "too few values");
    else if (strcmp(fmt_value(lo, style, a, sizeof a), fmt_value(hi, style, b, sizeof b)) == 0)
        snprintf(buf, cap, "%s (%s)", a, lo == hi ? "exactly" : "to the last digit");
    else
        snprintf(buf, cap, "%s-%s", a, b);
}

/* Under a metric that some runs lack (a start day is of the runs that start), how many runs
 * each option's figures rest on: a median of 4 runs reads like one of 2,000 otherwise. */
static void runs_row(struct table *t, enum metric k)
{
    const struct da_results *res = t->res;
    bool some_lack = false;
    for (int o = 0; o < n_options(t); o++)
        some_lack |= res->acc.options[o].metric[k].band.count < res->replications;
    if (!some_lack || res->deterministic)
        return;
    char all[32];
    fmt_value((double)res->replications, FMT_COUNT, all, sizeof all);
    int row = grid_add(&t->g, GRID_NUMBERS, 2, "runs counted");
    for (int o = 0; o < n_options(t) && !t->g.nomem; o++) {
        char n[32];
        fmt_value((double)res->acc.options[o].metric[k].band.count, FMT_COUNT, n, sizeof n);
        snprintf(grid_cell(&t->g, row, o), GRID_TEXT, "%s of %s", n, all);
    }
}

/* The row of metric 'k', named and written as the registry says; below it, the runs it rests
 * on where some lack it, and with DA_TABLE_MC_ERROR its medians' 95% intervals. */
static void metric_row(struct table *t, enum metric k)
{
    sketch_row(t, 0, metric_descs[k].label, pick_metric, (int)k, metric_descs[k].format);
    runs_row(t, k);
    if (!(t->flags & DA_TABLE_MC_ERROR))
        return;
    int row = grid_add(&t->g, GRID_NUMBERS, 2, "median's 95% interval");
    for (int o = 0; o < n_options(t) && !t->g.nomem; o++)
        interval_text(&t->res->acc.options[o].metric[k], metric_descs[k].format,
                      grid_cell(&t->g, row, o), GRID_TEXT);
}

/* With a start_date, the dates of metric 'k' (a day): the median's, then the 10th and 90th
 * percentiles' on a row of their own, so that the dates widen no column beyond the numbers'. */
static void date_rows(struct table *t, enum metric k)
{
    char probe[16];
    if (!date_of_day(t->res, 0, probe, sizeof probe))
        return;
    int median = grid_add(&t->g, GRID_TEXT_ROW, 2, "as a date");
    /* A deterministic run is one run: its percentiles are its one value, "X to X". */
    int range =
        t->res->deterministic ? -1 : grid_add(&t->g, GRID_TEXT_ROW, 2, "10th-90th as dates");
    for (int o = 0; o < n_options(t) && !t->g.nomem; o++) {
        const struct sketch *s = &t->res->acc.options[o].metric[k];
        char m[16], lo[16], hi[16];
        if (!date_of_day(t->res, sketch_quantile(s, 0.5), m, sizeof m))
            snprintf(m, sizeof m, "-");
        snprintf(grid_cell(&t->g, median, o), GRID_TEXT, "%s", m);
        if (range < 0)
            continue;
        if (date_of_day(t->res, sketch_quantile(s, 0.1), lo, sizeof lo) &&
            date_of_day(t->res, sketch_quantile(s, 0.9), hi, sizeof hi))
            snprintf(grid_cell(&t->g, range, o), GRID_TEXT, "%s to %s", lo, hi);
        else
            snprintf(grid_cell(&t->g, range, o), GRID_TEXT, "-");
    }
}

/* A share of the runs into 'buf'; in a deterministic run, whether it happened in its one run
 * ("yes" or "no"), as the report writes it: "100%" of one run reads as a probability. */
static void run_share_text(const struct table *t, double share, char *buf, size_t cap)
{
    if (t->res->deterministic && !isnan(share))
        snprintf(buf, cap, "%s", share > 0 ? "yes" : "no");
    else
        fmt_value(share, FMT_SHARE, buf, cap);
}

/* A row of shares of the runs, one per option, given by 'share(res, o, arg)'. */
static void share_row(struct table *t, int indent, const char *name,
                      double (*share)(const struct da_results *res, int o, int arg), int arg)
{
    int row = grid_add(&t->g, GRID_NUMBERS, indent, name);
    for (int o = 0; o < n_options(t) && !t->g.nomem; o++)
        run_share_text(t, share(t->res, o, arg), grid_cell(&t->g, row, o), GRID_TEXT);
}

static double started_share(const struct da_results *res, int o, int unused)
{
    (void)unused;
    return share_of(res->acc.options[o].started, res->replications);
}

static double ioc_share(const struct da_results *res, int o, int unused)
{
    (void)unused;
    return share_of(res->acc.options[o].ioc, res->replications);
}

/* Over the runs that start, as days_to_half is: its median alone would read "0 days" for an
 * option that gets there in 1 run in 70. */
static double half_share(const struct da_results *res, int o, int unused)
{
    (void)unused;
    return share_of(res->acc.options[o].half, res->acc.options[o].started);
}

/* "day 365", with its date when the scenario has a start date: "day 365 (2025-03-28)";
 * after 'prefix' ("on "), into 'buf'. */
static const char *day_label(const struct da_results *res, const char *prefix, int day, char *buf,
                             size_t cap)
{
    char date[16];
    if (date_of_day(res, day, date, sizeof date))
        snprintf(buf, cap, "%sday %d (%s)", prefix, day, date);
    else
        snprintf(buf, cap, "%sday %d", prefix, day);
    return buf;
}

static void start_rows(struct table *t)
{
    grid_add(&t->g, GRID_TITLE, 0, "When it can start");
    share_row(t, 0, "Starts within the horizon", started_share, 0);
    metric_row(t, M_START_DAY);
    date_rows(t, M_START_DAY);
    grid_add(&t->g, GRID_HEADING, 0, "Half the need deployed by");
    const struct plan *plan = &t->res->plan;
    for (int k = 0; k < plan->n_check; k++) {
        char name[48];
        int day = plan->check_days[k];
        share_row(t, 2, day_label(t->res, "", day, name, sizeof name), share_deployed_by,
                  plan_tracked_index(plan, day));
    }
    share_row(t, 0, "Every area covered (IOC)", ioc_share, 0);
    metric_row(t, M_IOC_DAY);
    date_rows(t, M_IOC_DAY);
}

static void force_rows(struct table *t)
{
    grid_add(&t->g, GRID_TITLE, 0, "Security");
    metric_row(t, M_DEPLOYED_DAY365);
    metric_row(t, M_DEPLOYED_END);
    metric_row(t, M_COVERAGE_MIN_DAY365);
    /* One run is not "runs": a deterministic run's row says whether it got there. */
    share_row(t, 0,
              t->res->deterministic ? "Reaches half strength"
                                    : "Reaches half strength (of runs that start)",
              half_share, 0);
    metric_row(t, M_DAYS_TO_HALF);
    metric_row(t, M_DEPLOYED_START_PLUS_365);
    metric_row(t, M_SECURITY_MEAN_END);
    metric_row(t, M_INCIDENTS_TOTAL);
}

/* Whether any option fell short for 'reason' on tracked day 'k'. */
static bool any_short(const struct da_results *res, int k, int reason)
{
    for (int o = 0; o < res->plan.n_options; o++)
        if (res->acc.options[o].short_by[k][reason] > 0)
            return true;
    return false;
}

/* A cell of option 'o' naming milestone 'm' with a share of runs: "ceasefire 76%"; in a
 * deterministic run the milestone alone, which held its one run back. */
static void milestone_cell(struct table *t, int row, int o, int m, double share)
{
    const char *id = t->res->scenario->milestones[m].id;
    if (t->res->deterministic) {
        snprintf(grid_cell(&t->g, row, o), GRID_TEXT, "%s", id);
        return;
    }
    char text[24];
    fmt_value(share, FMT_SHARE, text, sizeof text);
    snprintf(grid_cell(&t->g, row, o), GRID_TEXT, "%s %s", id, text);
}

/* The milestone that most often held each option back on tracked day 'k', with its share. */
static void held_by_row(struct table *t, int k)
{
    const struct da_results *res = t->res;
    int row = grid_add(&t->g, GRID_TEXT_ROW, 6, "most often held by");
    for (int o = 0; o < n_options(t) && !t->g.nomem; o++) {
        int m = top_held_by(res, o, k);
        if (m >= 0) /* else the cell stays "-" */
            milestone_cell(t, row, o, m, share_held_by(res, o, k, m));
    }
}

static double short_share(const struct da_results *res, int o, int arg)
{
    return share_short(res, o, arg / N_SHORT_REASONS, arg % N_SHORT_REASONS);
}

/* Why each option falls short of half the requirement on each check day within the horizon
 * (docs/model.md section 9.6): the shares of the replications by reason, which sum to the
 * share not deployed by that day; reasons no option has are left out. */
static void short_rows(struct table *t)
{
    static const char *const labels[N_SHORT_REASONS] = {
        "not started", "money (arrears since start)", "pipeline (on the way)",
        "supply (too few came, or tours ended)", "attrition (too many left)"};
    const struct plan *plan = &t->res->plan;
    grid_add(&t->g, GRID_TITLE, 0, "Why it falls short of half the need");
    for (int i = 0; i < plan->n_check; i++) {
        int day = plan->check_days[i], k = plan_tracked_index(plan, day);
        if (day >= plan->horizon)
            continue;
        char name[48];
        grid_add(&t->g, GRID_HEADING, 2, day_label(t->res, "on ", day, name, sizeof name));
        for (int r = 0; r < N_SHORT_REASONS; r++) {
            if (r != SHORT_NOT_STARTED && !any_short(t->res, k, r))
                continue;
            share_row(t, 4, labels[r], short_share, k * N_SHORT_REASONS + r);
            if (r == SHORT_NOT_STARTED && any_short(t->res, k, r))
                held_by_row(t, k);
        }
    }
}

static void money_rows(struct table *t)
{
    char name[96];
    grid_add(&t->g, GRID_TITLE, 0, "Money");
    metric_row(t, M_COST_TOTAL_USD);
    const struct plan *plan = &t->res->plan;
    for (int d = 0; d < plan->n_payers; d++) {
        snprintf(name, sizeof name, "paid by %s", plan->payer_ids[d]);
        sketch_row(t, 2, name, pick_donor, d, FMT_MONEY);
    }
    for (int p = 0; p < N_POOL_PURPOSES; p++) {
        snprintf(name, sizeof name, "for %s", schema_purpose_words[p]);
        sketch_row(t, 2, name, pick_purpose, p, FMT_MONEY);
    }
    metric_row(t, M_UNFUNDED_USD);
    /* What held aid and building back: a figure that only echoes an input says so here. */
    metric_row(t, M_TRUCKS_SHORT_OF_MONEY);
    metric_row(t, M_BUILD_HELD_BY_SECURITY);
    metric_row(t, M_BUILD_SHORT_OF_MONEY);
    metric_row(t, M_BUILD_SHORT_OF_MATERIALS);
}

static void people_rows(struct table *t)
{
    grid_add(&t->g, GRID_TITLE, 0, "People");
    metric_row(t, M_WATER_GAP);
    metric_row(t, M_FOOD_GAP);
    metric_row(t, M_BED_COVERAGE_END);
    metric_row(t, M_DISPLACED_END);
    metric_row(t, M_RETURNED_HOUSING);
    metric_row(t, M_RETURNED_OWN);
    metric_row(t, M_MEDICAL_TONNES);
    metric_row(t, M_SHELTER_TONNES);
}

/* The milestone of option 'oa' at 'rank' (0: most often critical), ties in file order; -1
 * when there are fewer milestones. */
static int ranked_milestone(const struct da_results *res, const struct option_acc *oa, int rank)
{
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
    return chosen[rank];
}

/* The milestones of option 'o' that tie the third of its long pole and are not shown: as
 * often critical as it, and more than never. */
static int tied_beyond_three(const struct da_results *res, int o)
{
    const struct option_acc *oa = &res->acc.options[o];
    int third = ranked_milestone(res, oa, 2), tied = 0;
    if (third < 0 || oa->critical[third] == 0)
        return 0;
    for (int m = 0; m < res->plan.n_milestones; m++)
        tied += oa->critical[m] == oa->critical[third];
    for (int rank = 0; rank < 3; rank++) /* the shown ones are as critical as the third or more */
        tied -= oa->critical[ranked_milestone(res, oa, rank)] == oa->critical[third];
    return tied;
}

/* Under the long pole, where an option has milestones tied with its third that three rows
 * cannot show: how many, so that a fourth as critical as the third is not read as less. */
static void tied_rows(struct table *t)
{
    bool any = false;
    for (int o = 0; o < n_options(t); o++)
        any |= tied_beyond_three(t->res, o) > 0;
    if (!any)
        return;
    int row = grid_add(&t->g, GRID_TEXT_ROW, 4, "tied with 3.");
    for (int o = 0; o < n_options(t) && !t->g.nomem; o++) {
        int tied = tied_beyond_three(t->res, o);
        if (tied > 0) /* else the cell stays "-" */
            snprintf(grid_cell(&t->g, row, o), GRID_TEXT, "%d more", tied);
    }
}

/* The three milestones most often on the critical chain of each option, with their
 * criticality. */
static void long_pole_rows(struct table *t)
{
    const struct da_results *res = t->res;
    /* Where no milestone holds up any option (none waits for one, or none starts), rows of
     * "-" read as results missing: one line says so instead. */
    bool any = false;
    for (int o = 0; o < n_options(t) && !any; o++) {
        const struct option_acc *oa = &res->acc.options[o];
        for (int m = 0; m < res->plan.n_milestones && oa->started > 0 && !any; m++)
            any = oa->critical[m] > 0;
    }
    if (!any) {
        grid_add(&t->g, GRID_TITLE, 0,
                 "The long pole: none (no option's start waits for a milestone in a run in "
                 "which it starts)");
        return;
    }
    grid_add(&t->g, GRID_TITLE, 0,
             "The long pole (criticality: share of starting runs it holds up)");
    for (int rank = 0; rank < 3 && rank < res->plan.n_milestones; rank++) {
        char name[16];
        snprintf(name, sizeof name, "%d.", rank + 1);
        int row = grid_add(&t->g, GRID_TEXT_ROW, 2, name);
        for (int o = 0; o < n_options(t) && !t->g.nomem; o++) {
            const struct option_acc *oa = &res->acc.options[o];
            int m = ranked_milestone(res, oa, rank);
            if (m >= 0 && oa->started > 0 && oa->critical[m] > 0) /* else the cell stays "-" */
                milestone_cell(t, row, o, m, criticality_of(res, o, m));
        }
    }
    tied_rows(t);
}

/* How precise a run to a precision got (precision.h), in one sentence. */
static void precision_line(const struct da_results *res, FILE *f, int width)
{
    const struct precision_outcome *p = &res->precision;
    char text[512], reps[32], block[32], asked[32], widest[32], whose[160] = "";
    fmt_value((double)res->replications, FMT_COUNT, reps, sizeof reps);
    fmt_value(DA_PRECISION_BLOCK, FMT_COUNT, block, sizeof block);
    fmt_value(p->target / 100, FMT_SHARE, asked, sizeof asked);
    fmt_value(p->widest / 100, FMT_SHARE, widest, sizeof widest);
    if (p->worst_option >= 0)
        snprintf(whose, sizeof whose, "%s, %s", metric_descs[p->worst_metric].label,
                 res->scenario->options[p->worst_option].id);
    if (isnan(p->widest))
        snprintf(text, sizeof text,
                 "Precision: no median to measure (none is finite and "
                 "nonzero) after %s replications",
                 reps);
    else if (p->reached)
        snprintf(text, sizeof text,
                 "Precision: after %s replications (blocks of %s), every "
                 "median's 95%% interval is within +-%s of it, as asked (+-%s); the widest: %s",
                 reps, block, widest, asked, whose);
    else if (isinf(p->widest))
        snprintf(text, sizeof text,
                 "Precision: not reached within the ceiling of %s "
                 "replications (asked: +-%s): too few values for a 95%% interval of the median "
                 "of %s",
                 reps, asked, whose);
    else
        snprintf(text, sizeof text,
                 "Precision: not reached within the ceiling of %s "
                 "replications (asked: +-%s): the widest median's 95%% interval is +-%s of it "
                 "(%s)",
                 reps, asked, widest, whose);
    layout_prose(f, text, width, false);
}

/* What "covered" means for IOC where it is not the whole requirement (security.ioc_coverage,
 * docs/model.md 9.4): the rows "Every area covered (IOC)" and "IOC day" read as full cover
 * otherwise. */
static void ioc_line(const struct da_scenario *scn, FILE *f, int width)
{
    const struct da_param *p = scn_param(scn, scn->security.ioc_coverage);
    bool constant = dist_is_constant(&p->dist);
    if (constant && p->central == 1)
        return;
    char share[48], dist[96] = "", text[256];
    fmt_value(p->central, FMT_SHARE, share, sizeof share);
    if (!constant)
        dist_describe(&p->dist, dist, sizeof dist);
    snprintf(
        text, sizeof text,
        "IOC: an area counts as covered at %s%s%s%s of its requirement (security.ioc_coverage)",
        share, constant ? "" : " [", dist, constant ? "" : "; a draw in each run]");
    layout_prose(f, text, width, false);
}

/* The scenario's name and what the numbers are. */
static void preamble(const struct da_results *res, FILE *f, int width, int color)
{
    char text[160], reps[32], days[32];
    layout_prose(f, res->scenario->name, width, color);
    fmt_value((double)res->replications, FMT_COUNT, reps, sizeof reps);
    fmt_value((double)res->plan.horizon, FMT_DAY, days, sizeof days);
    /* Every count agrees in number with its noun: "1 day", "1 replication". */
    const char *day_s = res->plan.horizon == 1 ? "" : "s";
    if (res->deterministic)
        snprintf(text, sizeof text, "deterministic run (central values, no incidents); %s day%s",
                 days, day_s);
    else
        snprintf(text, sizeof text,
                 "%s replication%s, seed %llu, %s day%s; median (10th-90th percentile)", reps,
                 res->replications == 1 ? "" : "s", (unsigned long long)res->seed, days, day_s);
    layout_prose(f, text, width, false);
    if (res->precision.target > 0)
        precision_line(res, f, width);
    /* The doctrine the requirement follows, as the scenario says it (docs/model.md 9.4). */
    const char *note = res->scenario->security.requirement_note;
    size_t len = note ? strlen(note) + 32 : 0;
    char *line = note ? da_malloc(len) : NULL;
    if (line) {
        snprintf(line, len, "The requirement: %s", note);
        layout_prose(f, line, width, false);
        da_free(line);
    }
    ioc_line(res->scenario, f, width);
}

/* How observation i's CRPS is written: in its quantity's format (a share as a share), a
 * distance in days with its part day (a day's format drops it: 0.43 would read 0). */
static enum fmt_style crps_format(const struct da_results *res, int i)
{
    enum fmt_style style = observed_format(res, i);
    return style == FMT_DAY ? FMT_NUMBER : style;
}

/* "; mean CRPS 1,301" where the set's observations ('in_sample' or not) share a unit, written
 * as each of their lines writes its own; else nothing: a mean of days and persons (Kosovo's
 * 104, 348, 55 and 98 days with 532 persons) is no quantity, and each line gives its own. */
static void crps_mean_text(const struct da_results *res, bool out_of_sample,
                           const struct score_summary *sum, char *buf, size_t cap)
{
    int first = -1;
    for (int i = 0; i < res->plan.n_observed && first < 0; i++)
        if (res->plan.observed[i].obs->out_of_sample == out_of_sample)
            first = i;
    if (first < 0 || !observed_crps_units_agree(res, out_of_sample)) {
        buf[0] = '\0';
        return;
    }
    char crps[32];
    snprintf(buf, cap, "; mean CRPS %s",
             fmt_value(sum->crps_mean, crps_format(res, first), crps, sizeof crps));
}

/* The summary of a set of scores in one sentence. */
static void summary_line(FILE *f, int width, const struct da_results *res, bool out_of_sample,
                         const struct score_summary *sum)
{
    char text[512], crps[64];
    crps_mean_text(res, out_of_sample, sum, crps, sizeof crps);
    snprintf(text, sizeof text,
             "%s, %d: %d inside the 10th-90th percentiles (%.0f%%, against 80%% when calibrated), "
             "%d inside the 25th-75th (%.0f%%, against 50%%)%s; percentiles by tenths "
             "%d %d %d %d %d %d %d %d %d %d (about equal counts when calibrated)",
             out_of_sample ? "Out of sample (after the inputs were set)" : "In sample", sum->count,
             sum->inside_80, 100.0 * sum->inside_80 / sum->count, sum->inside_50,
             100.0 * sum->inside_50 / sum->count, crps, sum->histogram[0], sum->histogram[1],
             sum->histogram[2], sum->histogram[3], sum->histogram[4], sum->histogram[5],
             sum->histogram[6], sum->histogram[7], sum->histogram[8], sum->histogram[9]);
    layout_prose(f, text, width, false);
}

/* What observation 'i' reads, as the report names it: "day 120 (2003-10-29), deployed in
 * north, local_force, from recruits", or "milestone ceasefire". */
static void observation_what(const struct da_results *res, int i, char *buf, size_t cap)
{
    const struct da_observation *o = res->plan.observed[i].obs;
    char when[64] = "", from[256];
    if (o->has_day) {
        day_label(res, "", (int)o->day.day, when, sizeof when);
        size_t len = strlen(when);
        snprintf(when + len, sizeof when - len, ", ");
    }
    const char *option = observed_option(res, i);
    observed_from_text(o, from, sizeof from);
    snprintf(buf, cap, "%s%s%s%s%s%s%s%s", when, o->kind == OBSERVED_MILESTONE ? "milestone " : "",
             observed_quantity(res, i), o->area.name ? " in " : "",
             o->area.name ? o->area.name : "", *option ? ", " : "", option, from);
}

/* A simulated value of observation o: a milestone's day, at or past the horizon where it was
 * not reached (docs/model.md, "Against the record": censored at H), is "beyond the horizon",
 * as the report writes it; "1,095" would name a day past the last, 1,094. */
static void simulated_text(const struct da_results *res, const struct da_observation *o, double x,
                           enum fmt_style style, char *buf, size_t cap)
{
    if (o->kind == OBSERVED_MILESTONE && x >= res->plan.horizon)
        snprintf(buf, cap, "beyond the horizon");
    else
        fmt_value(x, style, buf, cap);
}

/* One observation against the run: what, when, the record and the simulated range; in a
 * deterministic run, the one simulated value alone, which no percentile can be taken of. */
static void observation_line(FILE *f, int width, const struct da_results *res, int i,
                             const struct score *sc)
{
    const struct da_observation *o = res->plan.observed[i].obs;
    enum fmt_style style = observed_format(res, i);
    char what[512], value[128], p10[32], p50[32], p90[32], text[1024];
    observation_what(res, i, what, sizeof what);
    if (o->is_range) {
        char lo[32], hi[32];
        observed_value_text(o->min, style, lo, sizeof lo);
        observed_value_text(o->max, style, hi, sizeof hi);
        snprintf(value, sizeof value, "%s-%s", lo, hi);
    } else {
        observed_value_text(o->value, style, value, sizeof value);
    }
    size_t len = strlen(value);
    if (observed_past_horizon(res, i))
        snprintf(value + len, sizeof value - len, " (after the horizon: scored as not by the end)");
    else if (observed_ends_past_horizon(res, i))
        snprintf(value + len, sizeof value - len,
                 " (its end after the horizon, read as the horizon)");
    simulated_text(res, o, sc->p10, style, p10, sizeof p10);
    simulated_text(res, o, sc->p50, style, p50, sizeof p50);
    simulated_text(res, o, sc->p90, style, p90, sizeof p90);
    const char *sample = o->out_of_sample ? " (out of sample)" : "";
    char crps[48], percentile[24];
    fmt_value(sc->crps, crps_format(res, i), crps, sizeof crps);
    /* As the report and observed.csv's share give it: "0.85%", not "1%". */
    fmt_value(sc->percentile, FMT_SHARE, percentile, sizeof percentile);
    if (res->deterministic)
        snprintf(text, sizeof text, "  %s: observed %s, simulated %s%s", what, value, p50, sample);
    else
        snprintf(text, sizeof text,
                 "  %s: observed %s, simulated %s (%s to %s); percentile %s, %s; CRPS %s%s", what,
                 value, p50, p10, p90, percentile,
                 sc->inside_80 ? (sc->inside_50 ? "inside the 25th-75th" : "inside the 10th-90th")
                               : "outside the 10th-90th",
                 crps, sample);
    layout_prose(f, text, width, false);
}

/* "Against the record": each observation against the simulated range on its day, and how
 * often the ranges held what happened (docs/model.md, "Against the record"). */
static bool record_block(const struct da_results *res, FILE *f, int width, int color)
{
    if (res->plan.n_observed == 0)
        return true;
    struct observed_scores os;
    if (!observed_scores_of(res, &os))
        return false;
    fputc('\n', f);
    layout_prose(f, "Against the record", width, color != 0);
    /* Calibration is how often the runs' ranges held what happened: one run has no range. */
    if (res->deterministic)
        layout_prose(f,
                     "One replication at the central values (--deterministic): each observation "
                     "against its one simulated value, and no calibration scores, which take the "
                     "spread of many replications",
                     width, false);
    if (os.in_sample.count > 0 && !res->deterministic)
        summary_line(f, width, res, false, &os.in_sample);
    if (os.out_of_sample.count > 0 && !res->deterministic)
        summary_line(f, width, res, true, &os.out_of_sample);
    for (int i = 0; i < res->plan.n_observed; i++)
        observation_line(f, width, res, i, &os.scores[i]);
    observed_scores_release(&os);
    return true;
}

da_status da_results_write_table(const da_results *res, FILE *f, int color)
{
    return da_results_write_table_with(res, f, color, 0);
}

da_status da_results_write_table_with(const da_results *res, FILE *f, int color, int flags)
{
    if (!res || !f)
        return DA_ERR_USAGE;
    struct table t = {res, {0}, flags};
    bool ok = grid_init(&t.g, res->plan.n_options);
    for (int o = 0; ok && o < res->plan.n_options; o++)
        snprintf(grid_cell(&t.g, 0, o), GRID_TEXT, "%s", res->scenario->options[o].id);
    if (ok) {
        start_rows(&t);
        short_rows(&t);
        force_rows(&t);
        money_rows(&t);
        people_rows(&t);
        long_pole_rows(&t);
        int width = layout_width(f);
        preamble(res, f, width, color);
        ok = grid_print(&t.g, f, width, color != 0) && record_block(res, f, width, color);
    }
    grid_release(&t.g);
    if (!ok)
        return DA_ERR_NOMEM;
    return ferror(f) ? DA_ERR_IO : DA_OK;
}
