/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * voi_out.c - the value of information (analysis voi, src/analysis/voi.c) as the analysis's
 * JSON entries and as the terminal's account of it, in the metric's own units: a share's
 * values are percentage points, a day's are days, money is dollars.
 *
 * Inputs, milestones' days and groups are ranked together by their EVPPI in the terminal, so
 * that the planner reads what is worth finding out first whatever kind of thing it is; the
 * JSON keeps them apart, each list ranked.
 */
#include "voi_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/voi.h"
#include "../util/alloc.h"
#include "csv_row.h"
#include "format.h"
#include "json_out.h"
#include "layout.h"
#include "metrics.h"

enum entry_kind { KIND_INPUT, KIND_MILESTONE, KIND_GROUP };

/* One row of the ranking. */
struct ranked {
    double key;
    int kind, index;
};

static int by_value(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind - b->kind;
    return a->index - b->index;
}

static const struct voi_entry *entry_of(const struct voi_results *voi, const struct ranked *r)
{
    return r->kind == KIND_INPUT       ? &voi->inputs[r->index]
           : r->kind == KIND_MILESTONE ? &voi->milestones[r->index]
                                       : &voi->group_values[r->index];
}

/* The entries of 'kinds' (a bit per kind) that have a value, best first; their number. A
 * milestone whose day never varies has none: knowing it tells nothing. */
static int rank(const struct da_analysis *an, unsigned kinds, struct ranked **out)
{
    const struct voi_results *voi = an->voi;
    const int counts[] = {an->n_inputs, an->plan.n_milestones, voi->n_groups};
    int n = 0;
    *out = da_calloc((size_t)(counts[0] + counts[1] + counts[2] + 1), sizeof **out);
    if (!*out)
        return -1;
    for (int kind = KIND_INPUT; kind <= KIND_GROUP; kind++) {
        if (!(kinds & (1u << kind)))
            continue;
        for (int i = 0; i < counts[kind]; i++) {
            struct ranked r = {0, kind, i};
            double v = entry_of(voi, &r)->evppi;
            if (kind != KIND_INPUT && isnan(v))
                continue;
            r.key = isnan(v) ? -HUGE_VAL : v;
            (*out)[n++] = r;
        }
    }
    qsort(*out, (size_t)n, sizeof **out, by_value);
    return n;
}

static double share_of_evpi(const struct voi_results *voi, double v)
{
    return voi->evpi.evppi > 0 ? v / voi->evpi.evppi : (double)NAN;
}

/* An estimate that, less its estimated upward bias, is within two standard errors of 0 is not
 * told apart from what the regression's noise alone gives: an input that has nothing to do
 * with the choice gets about that much, and with many inputs some get more. */
static bool stands_out(const struct voi_entry *e)
{
    return e->evppi > 0 && e->evppi - fmax(e->bias, 0) >= 2 * e->se;
}

/* ---- JSON ------------------------------------------------------------------------------- */

static json_t *chosen_json(bool *nomem, const struct da_analysis *an, const double *chosen)
{
    json_t *obj = json_object();
    for (int d = 0; d < an->voi->n_options; d++)
        json_out_put(nomem, obj, an->scn->options[d].id, json_out_number(chosen[d]));
    return obj;
}

static void entry_json(bool *nomem, const struct da_analysis *an, const struct voi_entry *e,
                       json_t *obj)
{
    json_out_put(nomem, obj, "evppi", json_out_number(e->evppi));
    json_out_put(nomem, obj, "evppi_se", json_out_number(e->se));
    json_out_put(nomem, obj, "evppi_bias", json_out_number(e->bias));
    json_out_put(nomem, obj, "evppi_share", json_out_number(share_of_evpi(an->voi, e->evppi)));
    json_out_put(nomem, obj, "chosen", chosen_json(nomem, an, e->chosen));
}

/* The CSV's columns of an entry: evppi, evppi_se, evppi_bias, evppi_share (methods.c's
 * voi_csv_columns). */
#define CSV_COLUMNS 4

/* The CSV's column 'column' of entry 'e': an input's, a group's or a milestone's alike. */
static double entry_csv_value(const struct voi_results *voi, const struct voi_entry *e, int column)
{
    double values[] = {e->evppi, e->se, e->bias, share_of_evpi(voi, e->evppi)};
    return column >= 0 && column < CSV_COLUMNS ? values[column] : (double)NAN;
}

double voi_csv_value(const struct da_analysis *an, bool group, int index, int column)
{
    const struct voi_entry *e = group ? &an->voi->group_values[index] : &an->voi->inputs[index];
    return entry_csv_value(an->voi, e, column);
}

void voi_csv_milestones(struct csv *c, const struct da_analysis *an)
{
    struct ranked *r;
    int n = rank(an, 1u << KIND_MILESTONE, &r);
    if (n < 0) {
        c->failed = true;
        return;
    }
    for (int k = 0; k < n; k++) {
        csv_text(c, "milestone");
        csv_text(c, an->scn->milestones[r[k].index].id);
        for (int column = 0; column < CSV_COLUMNS; column++)
            csv_number(c, entry_csv_value(an->voi, entry_of(an->voi, &r[k]), column));
        csv_end_row(c);
    }
    da_free(r);
}

void voi_input_json(bool *nomem, const struct da_analysis *an, int i, json_t *in)
{
    entry_json(nomem, an, &an->voi->inputs[i], in);
}

void voi_json(bool *nomem, const struct da_analysis *an, json_t *root)
{
    const struct voi_results *voi = an->voi;
    json_out_put(nomem, root, "evpi", json_out_number(voi->evpi.evppi));
    json_out_put(nomem, root, "chosen_now", json_string(an->scn->options[voi->chosen_now].id));
    json_t *options = json_array();
    for (int d = 0; d < voi->n_options; d++) {
        json_t *o = json_object();
        json_out_put(nomem, o, "id", json_string(an->scn->options[d].id));
        json_out_put(nomem, o, "mean", json_out_number(voi->means[d]));
        json_out_put(nomem, o, "chosen_with_perfect_information",
                     json_out_number(voi->evpi.chosen[d]));
        json_out_push(nomem, options, o);
    }
    json_out_put(nomem, root, "options", options);
    struct ranked *r;
    int n = rank(an, 1u << KIND_MILESTONE, &r);
    *nomem = *nomem || n < 0;
    json_t *milestones = json_array();
    for (int k = 0; k < n; k++) {
        json_t *m = json_object();
        json_out_put(nomem, m, "milestone", json_string(an->scn->milestones[r[k].index].id));
        entry_json(nomem, an, entry_of(voi, &r[k]), m);
        json_out_push(nomem, milestones, m);
    }
    da_free(r);
    json_out_put(nomem, root, "milestones", milestones);
    n = rank(an, 1u << KIND_GROUP, &r);
    *nomem = *nomem || n < 0;
    json_t *groups = json_array();
    for (int k = 0; k < n; k++) {
        const struct analysis_group *g = &voi->groups[r[k].index];
        json_t *obj = json_object(), *members = json_array();
        json_out_put(nomem, obj, "name", json_string(g->name));
        for (int i = 0; i < g->n_members; i++)
            json_out_push(nomem, members,
                          json_string(an->scn->params[an->pids[g->members[i]]].path));
        json_out_put(nomem, obj, "inputs", members);
        entry_json(nomem, an, entry_of(voi, &r[k]), obj);
        json_out_push(nomem, groups, obj);
    }
    da_free(r);
    json_out_put(nomem, root, "groups", groups);
}

/* ---- the terminal ----------------------------------------------------------------------- */

/* A difference of the metric, 'v', in its units: with the unit's words ("2.1 percentage
 * points", "3.4 days", "1,234 persons", "$1.2m") or, for the table, bare ("2.1", "$1.2m"). */
static const char *amount(const struct da_analysis *an, double v, bool words, char *buf, size_t cap)
{
    const struct metric_desc *m = &metric_descs[an->metric];
    char num[24];
    const char *unit = m->unit;
    if (m->format == FMT_SHARE) {
        fmt_value(100 * v, FMT_NUMBER, num, sizeof num);
        unit = "percentage points";
    } else if (m->format == FMT_DAY) {
        fmt_value(v, FMT_NUMBER, num, sizeof num);
        unit = "days";
    } else {
        fmt_value(v, m->format, num, sizeof num);
        if (m->format == FMT_MONEY)
            unit = "";
    }
    snprintf(buf, cap, "%s%s%s", num, words && unit[0] && !isnan(v) ? " " : "",
             words && !isnan(v) ? unit : "");
    return buf;
}

/* The units of the table's columns. */
static const char *units(const struct da_analysis *an)
{
    const struct metric_desc *m = &metric_descs[an->metric];
    return m->format == FMT_SHARE ? "percentage points" : m->format == FMT_DAY ? "days" : m->unit;
}

/* The row's label: an input's path, "when M comes" for a milestone's day, "G.* (n inputs)". */
static const char *label(const struct da_analysis *an, const struct ranked *r, char *buf,
                         size_t cap)
{
    if (r->kind == KIND_INPUT)
        snprintf(buf, cap, "%s", an->scn->params[an->pids[r->index]].path);
    else if (r->kind == KIND_MILESTONE)
        snprintf(buf, cap, "when %s comes", an->scn->milestones[r->index].id);
    else
        snprintf(buf, cap, "%s (%d inputs)", an->voi->groups[r->index].name,
                 an->voi->groups[r->index].n_members);
    return buf;
}

/* The options chosen with the information, and how often: "hybrid 40%, multinational 60%". */
static const char *choices(const struct da_analysis *an, const double *chosen, char *buf,
                           size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int d = 0; d < an->voi->n_options && used < cap; d++) {
        if (!(chosen[d] > 0))
            continue;
        char share[24];
        fmt_value(chosen[d], FMT_SHARE, share, sizeof share);
        int w = snprintf(buf + used, cap - used, "%s%s %s", used ? ", " : "",
                         an->scn->options[d].id, share);
        used += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

/* What comes before the table: the choice now and the EVPI. */
static void preamble(const struct da_analysis *an, FILE *out, int width)
{
    const struct voi_results *voi = an->voi;
    const char *metric = metric_names[an->metric];
    char means[512] = "", buf[512], a[48];
    size_t used = 0;
    for (int d = 0; d < voi->n_options; d++) {
        char v[24];
        fmt_value(voi->means[d], metric_descs[an->metric].format, v, sizeof v);
        int w = snprintf(means + used, sizeof means - used, "%s%s %s", d ? ", " : "",
                         an->scn->options[d].id, v);
        used += w > 0 && (size_t)w < sizeof means - used ? (size_t)w : 0;
    }
    layout_prosef(out, width,
                  "%s: the value of information for the choice between %d options by %s "
                  "(%s is better)",
                  an->scn->name, voi->n_options, metric,
                  metric_better_name(metric_descs[an->metric].better));
    char runs[24];
    fmt_value((double)an->samples, FMT_COUNT, runs, sizeof runs);
    layout_prosef(out, width,
                  "%s runs, each of every option on the same draws; %d uncertain inputs. "
                  "Means: %s.",
                  runs, an->n_inputs, means);
    layout_prosef(out, width, "Chosen now: %s, the best mean.",
                  an->scn->options[voi->chosen_now].id);
    fputc('\n', out);
    if (!(voi->evpi.evppi > 0)) {
        layout_prosef(out, width,
                      "No uncertainty changes the choice: %s is the best by %s in every "
                      "run, so nothing is worth finding out for it (the expected value of "
                      "perfect information is 0).",
                      an->scn->options[voi->chosen_now].id, metric);
        return;
    }
    layout_prosef(out, width,
                  "Perfect information about everything (EVPI) would be worth %s of %s: "
                  "knowing each run's outcome in advance, one would choose %s. No study "
                  "can be worth more.",
                  amount(an, voi->evpi.evppi, true, a, sizeof a), metric,
                  choices(an, voi->evpi.chosen, buf, sizeof buf));
    fputc('\n', out);
}

static const char *runs_text(const struct da_analysis *an, char *buf, size_t cap)
{
    return fmt_value((double)an->samples, FMT_COUNT, buf, cap);
}

/* A group is worth at least as much as any of its members (knowing more cannot be worth less),
 * but the regression estimates each on its own, and a group's estimate may come out below a
 * member's (Gaza's milestones.two_state_commitment, 48 persons, against 93 for its .occurs):
 * said, with the first such group of the ranking 'r' whose value is written unlike its
 * member's (a gap within rounding would read "7 persons, against 7 persons"; the first of all
 * where none is), so that it is not read as a finding. */
static void groups_below_members(const struct da_analysis *an, const struct ranked *r, int n,
                                 FILE *out, int width)
{
    const struct voi_results *voi = an->voi;
    int count = 0, group = -1, member = -1;
    bool shown_apart = false;
    for (int k = 0; k < n; k++) {
        if (r[k].kind != KIND_GROUP)
            continue;
        const struct analysis_group *g = &voi->groups[r[k].index];
        int best = -1;
        for (int m = 0; m < g->n_members; m++) {
            int i = g->members[m];
            if (voi->inputs[i].evppi > voi->group_values[r[k].index].evppi &&
                (best < 0 || voi->inputs[i].evppi > voi->inputs[best].evppi))
                best = i;
        }
        if (best < 0)
            continue;
        count++;
        char a[48], b[48];
        bool apart = strcmp(amount(an, voi->group_values[r[k].index].evppi, true, a, sizeof a),
                            amount(an, voi->inputs[best].evppi, true, b, sizeof b)) != 0;
        if (group < 0 || (apart && !shown_apart)) {
            group = r[k].index;
            member = best;
            shown_apart = apart;
        }
    }
    if (count == 0)
        return;
    char a[48], b[48];
    layout_prosef(out, width,
                  "A group is worth at least as much as any of its members: knowing more "
                  "cannot be worth less. The regression estimates each on its own, and %d "
                  "group%s came out below a member (%s, %s, against %s for %s): read a group "
                  "as worth at least its largest member.",
                  count, count == 1 ? "" : "s", voi->groups[group].name,
                  amount(an, voi->group_values[group].evppi, true, a, sizeof a),
                  amount(an, voi->inputs[member].evppi, true, b, sizeof b),
                  an->scn->params[an->pids[member]].path);
    fputc('\n', out);
}

/* Nothing is worth more than knowing everything, which includes it; but the EVPI is the
 * runs' own mean and each EVPPI a regression's estimate, whose noise (and upward bias) can
 * put it above (East Timor's required density, 18 times the EVPI at -n 2000): said, with
 * the first of the ranking 'r', so that the table is not read against the sentence above
 * it. */
static void above_evpi(const struct da_analysis *an, const struct ranked *r, int n, FILE *out,
                       int width)
{
    const struct voi_results *voi = an->voi;
    int count = 0, first = -1;
    for (int k = 0; k < n; k++) {
        if (entry_of(voi, &r[k])->evppi > voi->evpi.evppi && count++ == 0)
            first = k;
    }
    if (count == 0)
        return;
    char name[GRID_TEXT], a[48], b[48];
    layout_prosef(out, width,
                  "Nothing can be worth more than the EVPI: knowing everything includes "
                  "knowing any one thing. The regression estimates each on its own, and %d "
                  "came out above it (%s, %s, against the EVPI's %s): read such a value as "
                  "the EVPI at most, and its choices as noise; a larger -n brings them "
                  "below it.",
                  count, label(an, &r[first], name, sizeof name),
                  amount(an, entry_of(voi, &r[first])->evppi, true, a, sizeof a),
                  amount(an, voi->evpi.evppi, true, b, sizeof b));
    fputc('\n', out);
}

/* The planner's reading: the three things most worth finding out that stand out from the
 * noise, in words. */
static void reading(const struct da_analysis *an, const struct ranked *r, int n, FILE *out,
                    int width)
{
    char text[1024], what[GRID_TEXT], a[48];
    size_t used = 0;
    int said = 0;
    for (int k = 0; k < n && said < 3; k++) {
        const struct voi_entry *e = entry_of(an->voi, &r[k]);
        if (!stands_out(e))
            continue;
        if (r[k].kind == KIND_MILESTONE)
            snprintf(what, sizeof what, "whether and when %s comes",
                     an->scn->milestones[r[k].index].id);
        else if (r[k].kind == KIND_GROUP)
            snprintf(what, sizeof what, "everything about %s", an->voi->groups[r[k].index].name);
        else
            label(an, &r[k], what, sizeof what);
        amount(an, e->evppi, true, a, sizeof a);
        char note[96] = "";
        if (e->evppi > an->voi->evpi.evppi) {
            /* An estimate above the EVPI is read as the EVPI at most (above_evpi()): said
             * bare, "worth $599k" stood under "no study can be worth more" than $338k. */
            char estimate[48];
            snprintf(estimate, sizeof estimate, "%s", a);
            amount(an, an->voi->evpi.evppi, true, a, sizeof a);
            snprintf(note, sizeof note, " at most, the EVPI (its estimate, %s, is above it)",
                     estimate);
        }
        int w = said == 0 ? snprintf(text, sizeof text, "Knowing in advance %s is worth %s of %s%s",
                                     what, a, metric_names[an->metric], note)
                          : snprintf(text + used, sizeof text - used, "; %s, %s%s", what, a, note);
        used += w > 0 && (size_t)w < sizeof text - used ? (size_t)w : 0;
        said++;
    }
    if (said == 0) {
        layout_prosef(out, width,
                      "No single input, milestone's day or group stands clear of the "
                      "regression's noise: what is worth knowing is everything together, or "
                      "what a larger -n would tell apart.");
        return;
    }
    layout_prosef(out, width, "%s.", text);
}

da_status voi_write_table(const struct da_analysis *an, FILE *out, int width, int rows)
{
    const struct voi_results *voi = an->voi;
    preamble(an, out, width);
    if (!(voi->evpi.evppi > 0))
        return fflush(out) != 0 || ferror(out) ? DA_ERR_IO : DA_OK;
    struct ranked *r;
    int n = rank(an, (1u << KIND_INPUT) | (1u << KIND_MILESTONE) | (1u << KIND_GROUP), &r);
    if (n < 0)
        return DA_ERR_NOMEM;
    int shown = rows > 0 && rows < n ? rows : n, w = 20;
    char name[GRID_TEXT], a[24], b[24], c[24], buf[512];
    for (int k = 0; k < shown; k++) {
        int len = (int)strlen(label(an, &r[k], name, sizeof name));
        w = len > w ? len : w;
    }
    layout_prosef(out, width,
                  "What is worth finding out before choosing (EVPPI: the expected gain of "
                  "choosing with it known, in %s; +-: its standard error; share of the "
                  "EVPI; how often each option would then be chosen):",
                  units(an));
    fprintf(out, "%-*s %11s %8s %8s  %s\n", w, "uncertainty", "EVPPI", "+-", "of EVPI",
            "chosen with it");
    int faint = 0;
    for (int k = 0; k < shown; k++) {
        const struct voi_entry *e = entry_of(voi, &r[k]);
        bool mark = e->evppi > 0 && !stands_out(e);
        faint += mark;
        fmt_value(share_of_evpi(voi, e->evppi), FMT_SHARE, c, sizeof c);
        fprintf(out, "%-*s %10s%c %8s %8s  %s\n", w, label(an, &r[k], name, sizeof name),
                amount(an, e->evppi, false, a, sizeof a), mark ? '*' : ' ',
                amount(an, e->se, false, b, sizeof b), c, choices(an, e->chosen, buf, sizeof buf));
    }
    if (shown < n)
        fprintf(out, "... %d more (all of them in --json)\n", n - shown);
    fputc('\n', out);
    if (faint > 0) {
        layout_prosef(out, width,
                      "* Not told apart from the regression's noise at %s runs: less the "
                      "upward bias that the noise adds, within two standard errors of 0 (an "
                      "input that has nothing to do with the choice gets about that much, "
                      "and of many inputs some get more); a larger -n tells them apart.",
                      runs_text(an, a, sizeof a));
        fputc('\n', out);
    }
    groups_below_members(an, r, n, out, width);
    above_evpi(an, r, n, out, width);
    reading(an, r, n, out, width);
    da_free(r);
    return fflush(out) != 0 || ferror(out) ? DA_ERR_IO : DA_OK;
}
