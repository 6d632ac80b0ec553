/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * prim_out.c - PRIM's results as JSON (analyze-output.schema.json) and as text: per box the
 * peeling trajectory and the chosen step, the significant restrictions with their
 * quasi-p-values (most significant first), the restrictions dropped, the inputs the bootstrap
 * resamples restrict (most often first), and coverage and density in and out of sample.
 */
#include <math.h>
#include <stdio.h>

#include "../scenario/dist.h"
#include "../util/alloc.h"
#include "format.h"
#include "indices_out.h"
#include "json_out.h"
#include "layout.h"
#include "metrics.h"
#include "prim_out.h"

static const char *const where_names[] = {">", ">=", "<", "<="};
static const char *const side_keys[2] = {"min", "max"};
static const char *const p_keys[2] = {"p_min", "p_max"};

static const char *input_name(const struct da_analysis *an, int i)
{
    return an->scn->params[an->pids[i]].path;
}

/* The smallest quasi-p-value of input i's sides in 'state' (INFINITY: none). */
static double least_p(const struct prim_limit *l, int state)
{
    double p = HUGE_VAL;
    for (int side = 0; side < 2; side++)
        if (l->state[side] == state && l->p[side] < p)
            p = l->p[side];
    return p;
}

/* The inputs with a side in 'state' into 'idx', the most significant first (ties in input
 * order); their number. */
static int by_significance(const struct da_analysis *an, const struct prim_found *box, int state,
                           int *idx)
{
    int n = 0;
    for (int i = 0; i < an->n_inputs; i++) {
        double p = least_p(&box->limits[i], state);
        if (isinf(p))
            continue;
        int at = n++;
        while (at > 0 && least_p(&box->limits[idx[at - 1]], state) > p) {
            idx[at] = idx[at - 1];
            at--;
        }
        idx[at] = i;
    }
    return n;
}

/* The inputs that some resample restricts into 'idx', most often first; their number. */
static int by_stability(const struct da_analysis *an, const struct prim_found *box, int *idx)
{
    int n = 0;
    for (int i = 0; i < an->n_inputs; i++) {
        double s = box->stability[i];
        if (!(s > 0))
            continue;
        int at = n++;
        while (at > 0 && box->stability[idx[at - 1]] < s) {
            idx[at] = idx[at - 1];
            at--;
        }
        idx[at] = i;
    }
    return n;
}

/* An input's sides in 'state': {"input", "min", "p_min", "max", "p_max"}. */
static json_t *limit_json(bool *nomem, const struct da_analysis *an, const struct prim_limit *l,
                          int i, int state)
{
    json_t *o = json_object();
    json_out_put(nomem, o, "input", json_string(input_name(an, i)));
    for (int side = 0; side < 2; side++) {
        if (l->state[side] != state)
            continue;
        json_out_put(nomem, o, side_keys[side], json_out_number(l->bound[side]));
        json_out_put(nomem, o, p_keys[side], json_out_number(l->p[side]));
    }
    return o;
}

static json_t *count_json(bool *nomem, uint64_t points, uint64_t cases)
{
    json_t *o = json_object();
    json_out_put(nomem, o, "points", json_integer((json_int_t)points));
    json_out_put(nomem, o, "cases", json_integer((json_int_t)cases));
    return o;
}

static json_t *stats_json(bool *nomem, double coverage, double density, uint64_t points,
                          uint64_t cases)
{
    json_t *o = json_object();
    json_out_put(nomem, o, "coverage", json_out_number(coverage));
    json_out_put(nomem, o, "density", json_out_number(density));
    json_out_put(nomem, o, "points", json_integer((json_int_t)points));
    json_out_put(nomem, o, "cases", json_integer((json_int_t)cases));
    return o;
}

static json_t *box_json(bool *nomem, const struct da_analysis *an, const struct prim_found *box,
                        int *idx)
{
    json_t *b = json_object(), *limits = json_object(), *trajectory = json_array();
    json_t *kept = json_array(), *dropped = json_array(), *stable = json_array();
    json_out_put(nomem, b, "coverage", json_out_number(box->coverage));
    json_out_put(nomem, b, "density", json_out_number(box->density));
    json_out_put(nomem, b, "mass", json_out_number(box->mass));
    json_out_put(nomem, b, "points", json_integer((json_int_t)box->points));
    json_out_put(nomem, b, "cases", json_integer((json_int_t)box->cases));
    json_out_put(nomem, b, "holdout",
                 stats_json(nomem, box->test_coverage, box->test_density, box->test_points,
                            box->test_cases));
    json_out_put(nomem, b, "chosen", json_integer(box->chosen));
    for (int t = 0; t < box->n_steps; t++) {
        const struct prim_step *st = &box->steps[t];
        json_t *o = json_object();
        json_out_put(nomem, o, "coverage", json_out_number(st->coverage));
        json_out_put(nomem, o, "density", json_out_number(st->density));
        json_out_put(nomem, o, "mass", json_out_number(st->mass));
        json_out_put(nomem, o, "restricted", json_integer(st->restricted));
        json_out_push(nomem, trajectory, o);
    }
    json_out_put(nomem, b, "trajectory", trajectory);
    int n = by_significance(an, box, PRIM_KEPT, idx);
    for (int r = 0; r < n; r++) {
        const struct prim_limit *l = &box->limits[idx[r]];
        json_out_push(nomem, kept, limit_json(nomem, an, l, idx[r], PRIM_KEPT));
        json_t *lim = json_object();
        for (int side = 0; side < 2; side++)
            if (l->state[side] == PRIM_KEPT)
                json_out_put(nomem, lim, side_keys[side], json_out_number(l->bound[side]));
        json_out_put(nomem, limits, input_name(an, idx[r]), lim);
    }
    json_out_put(nomem, b, "restrictions", kept);
    json_out_put(nomem, b, "limits", limits);
    n = by_significance(an, box, PRIM_DROPPED, idx);
    for (int r = 0; r < n; r++)
        json_out_push(nomem, dropped,
                      limit_json(nomem, an, &box->limits[idx[r]], idx[r], PRIM_DROPPED));
    json_out_put(nomem, b, "dropped", dropped);
    n = by_stability(an, box, idx);
    for (int r = 0; r < n; r++) {
        json_t *o = json_object();
        json_out_put(nomem, o, "input", json_string(input_name(an, idx[r])));
        json_out_put(nomem, o, "share", json_out_number(box->stability[idx[r]]));
        json_out_push(nomem, stable, o);
    }
    json_out_put(nomem, b, "stability", stable);
    return b;
}

void prim_json(bool *nomem, const struct da_analysis *an, json_t *root)
{
    const struct prim_settings *set = &an->prim_settings;
    const struct prim_result *r = &an->prim;
    char where[96];
    snprintf(where, sizeof where, "%s %s %.10g", metric_names[an->metric],
             where_names[an->where_op], an->where_value);
    json_out_put(nomem, root, "where", json_string(where));
    json_out_put(nomem, root, "cases", json_integer((json_int_t)an->cases));
    json_t *s = json_object();
    json_out_put(nomem, s, "peel_alpha", json_out_number(set->peel_alpha));
    json_out_put(nomem, s, "paste_alpha", json_out_number(set->paste_alpha));
    json_out_put(nomem, s, "mass_min", json_out_number(set->mass_min));
    json_out_put(nomem, s, "significance", json_out_number(set->significance));
    json_out_put(nomem, s, "bootstrap", json_integer(set->bootstrap));
    json_out_put(nomem, s, "holdout", json_out_number(set->holdout));
    json_out_put(nomem, s, "box", set->box > 0 ? json_integer(set->box) : json_null());
    json_out_put(nomem, root, "prim_settings", s);
    /* The runs and their cases alone, as the schema has them: a coverage and a density are a
     * box's, and were always null here. */
    json_out_put(nomem, root, "training", count_json(nomem, r->train_points, r->train_cases));
    json_out_put(nomem, root, "holdout", count_json(nomem, r->test_points, r->test_cases));
    json_t *boxes = json_array();
    int *idx = da_calloc((size_t)an->n_inputs, sizeof *idx);
    if (!idx)
        *nomem = true;
    for (int b = 0; idx && b < r->n_boxes; b++)
        json_out_push(nomem, boxes, box_json(nomem, an, &r->boxes[b], idx));
    json_out_put(nomem, root, "boxes", boxes);
    da_free(idx);
}

/* ---- the terminal -------------------------------------------------------------------------- */

static const char *share(double v, char *buf, size_t cap)
{
    return fmt_value(v, FMT_SHARE, buf, cap);
}

/* For the uniform that decides an event, how to read its bounds: "; it happens below 0.6"
 * (its probability; where that is uncertain, "its probability, drawn in each run as" the
 * input that draws it); else nothing. */
static void event_reading(const struct da_analysis *an, int i, char *buf, size_t cap)
{
    const struct da_param *p = &an->scn->params[an->pids[i]];
    if (!p->is_event)
        return;
    const struct da_param *prob = &an->scn->params[p->probability];
    if (dist_is_constant(&prob->dist))
        snprintf(buf, cap, "; it happens below %.3g", prob->central);
    else
        snprintf(buf, cap, "; it happens below its probability, drawn in each run as %s",
                 prob->path);
}

/* Whether the kept sides of input i leave it one value, into *v: a bernoulli's "= 1". The
 * bounds of an input with atoms are values it takes (prim.h), so that a minimum at its largest
 * value, or a maximum at its smallest, keeps that value alone. */
static bool single_value(const struct da_analysis *an, const struct prim_limit *l, int i, double *v)
{
    const struct da_dist *d = &an->scn->params[an->pids[i]].dist;
    if (!dist_has_atoms(d))
        return false;
    double lo, hi;
    dist_support(d, &lo, &hi);
    if (l->state[0] == PRIM_KEPT)
        lo = l->bound[0];
    if (l->state[1] == PRIM_KEPT)
        hi = l->bound[1];
    *v = lo;
    return lo == hi;
}

/* One input's kept sides as a line: "  0.2 <= x <= 0.5 (quasi-p 0.001 and 0.03)", or "  x = 1
 * (quasi-p 0.008)" where they leave it one value. The bounds are the input's own values, which
 * have no format of their own. */
static void limit_line(const struct da_analysis *an, const struct prim_limit *l, int i, FILE *out)
{
    char lo[24] = "", hi[24] = "";
    int has_lo = l->state[0] == PRIM_KEPT, has_hi = l->state[1] == PRIM_KEPT;
    if (has_lo)
        fmt_value(l->bound[0], FMT_NUMBER, lo, sizeof lo);
    if (has_hi)
        fmt_value(l->bound[1], FMT_NUMBER, hi, sizeof hi);
    const char *name = input_name(an, i);
    char chance[64] = "";
    event_reading(an, i, chance, sizeof chance);
    double only;
    if (single_value(an, l, i, &only)) {
        char v[24];
        fmt_value(only, FMT_NUMBER, v, sizeof v);
        fprintf(out, "  %s = %s (quasi-p %.2g%s)\n", name, v, has_lo ? l->p[0] : l->p[1], chance);
    } else if (has_lo && has_hi)
        fprintf(out, "  %s <= %s <= %s (quasi-p %.2g and %.2g%s)\n", lo, name, hi, l->p[0], l->p[1],
                chance);
    else if (has_lo)
        fprintf(out, "  %s >= %s (quasi-p %.2g%s)\n", name, lo, l->p[0], chance);
    else
        fprintf(out, "  %s <= %s (quasi-p %.2g%s)\n", name, hi, l->p[1], chance);
}

static void more(FILE *out, int n, int shown, const char *what)
{
    if (n > shown)
        fprintf(out, "  ... %d more %s (all of them in --json; --rows 0 lists them)\n", n - shown,
                what);
}

static void box_text(const struct da_analysis *an, int b, FILE *out, int width, int rows, int *idx)
{
    const struct prim_found *box = &an->prim.boxes[b];
    const struct prim_settings *set = &an->prim_settings;
    char c[24], d[24], train[24];
    fputc('\n', out);
    layout_prosef(out, width,
                  "Box %d, step %d of the %d on its peeling trajectory%s, pasted: coverage %s "
                  "and density %s on the %s runs it was found on%s",
                  b + 1, box->chosen, box->n_steps - 1, b == 0 && set->box > 0 ? " (--box)" : "",
                  share(box->coverage, c, sizeof c), share(box->density, d, sizeof d),
                  fmt_value((double)an->prim.train_points, FMT_COUNT, train, sizeof train),
                  an->prim.test_points ? ";" : ".");
    if (an->prim.test_points) {
        char tc[24], td[24], test[24];
        layout_prosef(out, width, "  out of sample, on the %s held out: coverage %s, density %s.",
                      fmt_value((double)an->prim.test_points, FMT_COUNT, test, sizeof test),
                      share(box->test_coverage, tc, sizeof tc),
                      box->test_points ? share(box->test_density, td, sizeof td)
                                       : "none (no run in it)");
    }
    int n = by_significance(an, box, PRIM_KEPT, idx);
    int shown = rows > 0 && rows < n ? rows : n;
    for (int r = 0; r < shown; r++)
        limit_line(an, &box->limits[idx[r]], idx[r], out);
    more(out, n, shown, "restrictions");
    /* Only what survives is the box; the restrictions dropped are a count here, and listed
     * with their quasi-p-values in the JSON and the report. */
    n = by_significance(an, box, PRIM_DROPPED, idx);
    if (n > 0)
        layout_prosef(out, width,
                      "Dropped as not significant (quasi-p above %g): %d restriction%s of "
                      "the chosen box (--json and --report list %s).",
                      set->significance, n, n == 1 ? "" : "s", n == 1 ? "it" : "them");
    n = by_stability(an, box, idx);
    if (set->bootstrap > 0) {
        layout_prosef(
            out, width,
            "How often the box of %d bootstrap resamples restricts each input:", set->bootstrap);
        shown = rows > 0 && rows < n ? rows : n;
        for (int r = 0; r < shown; r++)
            fprintf(out, "  %6s  %s\n", share(box->stability[idx[r]], c, sizeof c),
                    input_name(an, idx[r]));
        more(out, n, shown, "inputs");
    }
}

da_status prim_print(const struct da_analysis *an, FILE *out, int width, int rows)
{
    char x[24], all[24], cases[24], samples[24];
    analysis_preamble(an, out, width);
    fmt_value(an->where_value, metric_descs[an->metric].format, x, sizeof x);
    share(an->samples ? (double)an->cases / (double)an->samples : (double)NAN, all, sizeof all);
    layout_prosef(out, width, "Cases of interest (%s %s %s): %s of %s runs (%s)",
                  metric_names[an->metric], where_names[an->where_op], x,
                  fmt_value((double)an->cases, FMT_COUNT, cases, sizeof cases),
                  fmt_value((double)an->samples, FMT_COUNT, samples, sizeof samples), all);
    /* Where no run or every run is a case, no box can be denser than the runs as a whole, and
     * "no box holds them more densely" read as a search that had looked and failed. */
    if (an->cases == 0 || an->cases == an->samples) {
        layout_prosef(out, width,
                      "%s run meets the condition: there is nothing to find, no box of inputs "
                      "that sets the runs where it holds apart from the others.",
                      an->cases == 0 ? "No" : "Every");
        return DA_OK;
    }
    if (an->prim.test_points) {
        char train[24], test[24];
        layout_prosef(out, width,
                      "The boxes are found on %s of the runs and checked on the %s "
                      "others, held out (--holdout %g).",
                      fmt_value((double)an->prim.train_points, FMT_COUNT, train, sizeof train),
                      fmt_value((double)an->prim.test_points, FMT_COUNT, test, sizeof test),
                      an->prim_settings.holdout);
    }
    if (an->prim.n_boxes == 0)
        layout_prosef(out, width,
                      "No box of inputs holds them more densely than the runs as a whole.");
    int *idx = da_calloc((size_t)an->n_inputs, sizeof *idx);
    for (int b = 0; idx && b < an->prim.n_boxes; b++)
        box_text(an, b, out, width, rows, idx);
    da_free(idx);
    return DA_OK;
}
