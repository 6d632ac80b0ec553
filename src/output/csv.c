/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * csv.c - a run's results as tidy tables: da_results_write_csv() writes each into a file of a
 * directory, da_results_write_csv_table() one of them to a stream (a file, a pipe, or a buffer
 * by way of open_memstream).
 *
 * Long form throughout - one row per option, metric (and area, day) - so that pandas and R
 * read every table as it is, without reshaping, and a new metric adds rows, not columns.
 * Every file has a header row; text is quoted as RFC 4180 says when it holds a comma, a quote
 * or a line break; numbers are "%.10g", the precision of the JSON; a value that does not
 * exist (an empty sketch, a share of nothing) is an empty field, which both read as missing.
 * The tables of metrics' values end with a "unit" column, the registry's (metrics.c), added
 * last so that the columns before it keep their places.
 *
 * Each table is written to NAME.tmp and renamed into place once complete, so that a failed
 * write never leaves a truncated table that looks whole.
 */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../engine/results.h"
#include "../scenario/schema.h"
#include "../util/alloc.h"
#include "csv_row.h"
#include "dayafter.h"
#include "metrics.h"
#include "observed.h"
#include "quantiles.h"

/* The date of day 'day', or an empty field without a start_date. */
static void date_field(struct csv *c, const struct da_results *res, double day)
{
    char buf[16];
    const char *date = date_of_day(res, day, buf, sizeof buf);
    csv_text(c, date ? date : "");
}

/* The four columns mean, p10, p50, p90 of a sketch. */
static void quantile_fields(struct csv *c, const struct sketch *s)
{
    struct quantiles q;
    quantiles_of(s, &q);
    csv_number(c, q.mean);
    csv_number(c, q.p10);
    csv_number(c, q.p50);
    csv_number(c, q.p90);
}

/* A share in metrics.csv: in the mean column, over 'n' replications (0 when it does not
 * exist), the quantile columns empty, its unit "share". */
static void share_row(struct csv *c, const char *option, const char *name, double share, uint64_t n)
{
    csv_text(c, option);
    csv_text(c, name);
    csv_number(c, share);
    for (int i = 0; i < 3; i++)
        csv_number(c, (double)NAN);
    csv_count(c, isnan(share) ? 0 : n);
    csv_text(c, "share");
    csv_end_row(c);
}

/* metrics.csv: option,metric,mean,p10,p50,p90,n,unit - the metrics, then the shares:
 * p_start, p_ioc, p_deployed_by_N, p_half. */
static void metrics_rows(struct csv *c, const struct da_results *res)
{
    for (int o = 0; o < res->plan.n_options; o++) {
        const char *id = res->scenario->options[o].id;
        const struct option_acc *oa = &res->acc.options[o];
        for (int m = 0; m < N_METRICS; m++) {
            csv_text(c, id);
            csv_text(c, metric_names[m]);
            quantile_fields(c, &oa->metric[m]);
            csv_count(c, oa->metric[m].band.count);
            csv_text(c, metric_descs[m].unit);
            csv_end_row(c);
        }
        share_row(c, id, "p_start", share_of(oa->started, res->replications), res->replications);
        share_row(c, id, "p_ioc", share_of(oa->ioc, res->replications), res->replications);
        for (int k = 0; k < res->plan.n_tracked; k++) {
            char name[32];
            snprintf(name, sizeof name, "p_deployed_by_%d", res->plan.tracked_days[k]);
            share_row(c, id, name, share_deployed_by(res, o, k), res->replications);
        }
        /* Over the replications that start, as the JSON's p_half (docs/model.md section
         * 9.6): its n is theirs, so that a share of 1 run in 70 reads as such. Last, so that
         * the rows before it keep their places. */
        share_row(c, id, "p_half", share_of(oa->half, oa->started), oa->started);
    }
}

/* milestones.csv: milestone,p_reached,mean,p10,p50,p90,date_p10,date_p50,date_p90,p_lapsed,
 * lapse_p50,p_recovered,recovery_p50 (the day, over replications that reach it, and its dates
 * with a start_date; then its lapses and recoveries, docs/model.md section 9.2). */
static void milestones_rows(struct csv *c, const struct da_results *res)
{
    for (int m = 0; m < res->plan.n_milestones; m++) {
        csv_text(c, res->scenario->milestones[m].id);
        csv_number(c, share_of(res->acc.milestone_reached[m], res->replications));
        const struct sketch *day = &res->acc.milestone_day[m];
        quantile_fields(c, day);
        date_field(c, res, sketch_quantile(day, 0.1)); /* NaN, and no date, when empty */
        date_field(c, res, sketch_quantile(day, 0.5));
        date_field(c, res, sketch_quantile(day, 0.9));
        csv_number(c, share_of(res->acc.milestone_lapsed[m], res->replications));
        csv_number(c, sketch_quantile(&res->acc.lapse_day[m], 0.5));
        csv_number(c, share_of(res->acc.milestone_recovered[m], res->replications));
        csv_number(c, sketch_quantile(&res->acc.recovery_day[m], 0.5));
        csv_end_row(c);
    }
}

/* why_short.csv: option,day,reason,share - the share of replications short of half the
 * requirement on each tracked day within the horizon, by reason (docs/model.md section 9.6);
 * an option's shares of a day sum to 1 - p_deployed_by. */
static void why_short_rows(struct csv *c, const struct da_results *res)
{
    const struct plan *plan = &res->plan;
    for (int o = 0; o < plan->n_options; o++) {
        for (int k = 0; k < plan->n_tracked; k++) {
            if (plan->tracked_days[k] >= plan->horizon)
                continue;
            for (int r = 0; r < N_SHORT_REASONS; r++) {
                csv_text(c, res->scenario->options[o].id);
                csv_number(c, plan->tracked_days[k]);
                csv_text(c, short_reason_names[r]);
                csv_number(c, share_short(res, o, k, r));
                csv_end_row(c);
            }
        }
    }
}

/* held_by.csv: option,day,milestone,share - of the replications not started on a tracked day,
 * the share held back by each milestone (those that held some back); they sum to the
 * not_started share of why_short.csv. */
static void held_by_rows(struct csv *c, const struct da_results *res)
{
    const struct plan *plan = &res->plan;
    for (int o = 0; o < plan->n_options; o++) {
        for (int k = 0; k < plan->n_tracked; k++) {
            if (plan->tracked_days[k] >= plan->horizon)
                continue;
            for (int m = 0; m < plan->n_milestones; m++) {
                double share = share_held_by(res, o, k, m);
                if (!(share > 0))
                    continue;
                csv_text(c, res->scenario->options[o].id);
                csv_number(c, plan->tracked_days[k]);
                csv_text(c, res->scenario->milestones[m].id);
                csv_number(c, share);
                csv_end_row(c);
            }
        }
    }
}

/* The sources an observation counts, their ids joined by ';', whole however many and long
 * they are (a fixed buffer cut the list: an id that does not exist, and no word of it). */
static void from_field(struct csv *c, const struct da_observation *o)
{
    size_t len = 1;
    for (size_t k = 0; k < o->n_from; k++)
        len += strlen(o->from[k].name) + 1;
    char *from = da_malloc(len);
    if (!from) {
        c->failed = true;
        csv_text(c, "");
        return;
    }
    size_t at = 0;
    from[0] = '\0';
    for (size_t k = 0; k < o->n_from; k++) {
        size_t n = strlen(o->from[k].name);
        if (k)
            from[at++] = ';';
        memcpy(from + at, o->from[k].name, n + 1);
        at += n;
    }
    csv_text(c, from);
    da_free(from);
}

/* observed.csv: kind,quantity,option,area,from,day,date,value,min,max,out_of_sample,n,p10,p25,
 * p50,p75,p90,percentile,inside_80,inside_50,crps,source - each observation and its score
 * (docs/model.md, "Against the record"); 'from' lists the counted sources, joined by ';'. */
static void observed_rows(struct csv *c, const struct da_results *res)
{
    static const char *const kinds[] = {"series", "metric", "milestone"};
    struct observed_scores os;
    if (!observed_scores_of(res, &os)) {
        c->failed = true;
        return;
    }
    for (int i = 0; i < res->plan.n_observed && !c->failed; i++) {
        const struct da_observation *o = res->plan.observed[i].obs;
        const struct score *sc = &os.scores[i];
        csv_text(c, kinds[o->kind]);
        csv_text(c, observed_quantity(res, i));
        csv_text(c, observed_option(res, i));
        csv_text(c, o->area.name ? o->area.name : "");
        from_field(c, o);
        if (o->has_day) {
            csv_count(c, (uint64_t)o->day.day);
            date_field(c, res, (double)o->day.day);
        } else {
            csv_text(c, "");
            csv_text(c, "");
        }
        csv_number(c, o->value);
        csv_number(c, o->min);
        csv_number(c, o->max);
        csv_text(c, o->out_of_sample ? "true" : "false");
        csv_count(c, sc->n);
        csv_number(c, sc->p10);
        csv_number(c, sc->p25);
        csv_number(c, sc->p50);
        csv_number(c, sc->p75);
        csv_number(c, sc->p90);
        /* one deterministic run places the record in no range (docs/model.md) */
        bool placed = sc->n && !res->deterministic;
        csv_number(c, placed ? sc->percentile : (double)NAN);
        csv_text(c, placed ? (sc->inside_80 ? "true" : "false") : "");
        csv_text(c, placed ? (sc->inside_50 ? "true" : "false") : "");
        csv_number(c, sc->crps);
        csv_free_text(c, o->source);
        csv_end_row(c);
    }
    observed_scores_release(&os);
}

/* criticality.csv: option,milestone,criticality. */
static void criticality_rows(struct csv *c, const struct da_results *res)
{
    for (int o = 0; o < res->plan.n_options; o++) {
        for (int m = 0; m < res->plan.n_milestones; m++) {
            csv_text(c, res->scenario->options[o].id);
            csv_text(c, res->scenario->milestones[m].id);
            csv_number(c, criticality_of(res, o, m));
            csv_end_row(c);
        }
    }
}

/* donors.csv: option,donor,mean,p10,p50,p90,unit - money spent from each donor (USD). */
static void donors_rows(struct csv *c, const struct da_results *res)
{
    for (int o = 0; o < res->plan.n_options; o++) {
        for (int d = 0; d < res->plan.n_payers; d++) {
            csv_text(c, res->scenario->options[o].id);
            csv_text(c, res->plan.payer_ids[d]);
            quantile_fields(c, &res->acc.options[o].by_donor[d]);
            csv_text(c, "USD");
            csv_end_row(c);
        }
    }
}

/* purposes.csv: option,purpose,mean,p10,p50,p90,unit - money spent on each purpose (USD). */
static void purposes_rows(struct csv *c, const struct da_results *res)
{
    for (int o = 0; o < res->plan.n_options; o++) {
        for (int p = 0; p < N_POOL_PURPOSES; p++) {
            csv_text(c, res->scenario->options[o].id);
            csv_text(c, schema_purpose_words[p]); /* indexed by enum da_purpose */
            quantile_fields(c, &res->acc.options[o].by_purpose[p]);
            csv_text(c, "USD");
            csv_end_row(c);
        }
    }
}

/* areas.csv: option,area,metric,mean,p10,p50,p90,unit - each area on the last day; the
 * metric is named "<name>_end" as in the JSON. */
static void areas_rows(struct csv *c, const struct da_results *res)
{
    for (int o = 0; o < res->plan.n_options; o++) {
        const struct sketch *end = res->acc.options[o].area_end;
        for (int a = 0; a < res->plan.n_areas; a++) {
            for (int m = 0; m < N_AREA_METRICS; m++) {
                char name[64];
                snprintf(name, sizeof name, "%s_end", area_metric_names[m]);
                csv_text(c, res->scenario->options[o].id);
                csv_text(c, res->scenario->areas[a].id);
                csv_text(c, name);
                quantile_fields(c, &end[a * N_AREA_METRICS + m]);
                csv_text(c, area_metric_descs[m].unit);
                csv_end_row(c);
            }
        }
    }
}

/* series.csv: option,area,metric,day,p10,p50,p90,unit,date - one row per week; the date is
 * empty without a start_date. */
static void series_rows(struct csv *c, const struct da_results *res)
{
    const struct plan *plan = &res->plan;
    for (int o = 0; o < plan->n_options; o++) {
        const struct band *series = res->acc.options[o].series;
        for (int a = 0; a < plan->n_areas; a++) {
            for (int k = 0; k < N_SERIES; k++) {
                for (int w = 0; w < plan->n_weeks && !c->failed; w++) {
                    const struct band *s = series_band_const(
                        series, plan,
                        ((size_t)w * (size_t)plan->n_areas + (size_t)a) * N_SERIES + (size_t)k);
                    csv_text(c, res->scenario->options[o].id);
                    csv_text(c, res->scenario->areas[a].id);
                    csv_text(c, series_names[k]);
                    csv_count(c, 7 * (uint64_t)w);
                    csv_number(c, band_quantile(s, 0.1));
                    csv_number(c, band_quantile(s, 0.5));
                    csv_number(c, band_quantile(s, 0.9));
                    csv_text(c, area_metric_descs[k].unit);
                    date_field(c, res, 7.0 * w);
                    csv_end_row(c);
                }
            }
        }
    }
}

/* requirement.csv: area,day,p10,p50,p90,unit,date - the personnel required week by week, the
 * same for every option (effects on risk change it, docs/model.md section 9.1); area "*" is
 * all areas together, as an effect's path names them. */
static void requirement_rows(struct csv *c, const struct da_results *res)
{
    const struct plan *plan = &res->plan;
    for (int a = 0; a <= plan->n_areas; a++) {
        for (int w = 0; w < plan->n_weeks && !c->failed; w++) {
            const struct band *s = results_required(&res->acc, plan, w, a);
            csv_text(c, a < plan->n_areas ? res->scenario->areas[a].id : "*");
            csv_count(c, 7 * (uint64_t)w);
            csv_number(c, band_quantile(s, 0.1));
            csv_number(c, band_quantile(s, 0.5));
            csv_number(c, band_quantile(s, 0.9));
            csv_text(c, "persons");
            date_field(c, res, 7.0 * w);
            csv_end_row(c);
        }
    }
}

/* differences.csv: a,b,metric,mean,p10,p50,p90,unit - b minus a, over the same
 * replications, in the metric's unit. */
static void differences_rows(struct csv *c, const struct da_results *res)
{
    for (int p = 0; p < res->acc.n_pairs; p++) {
        int a, b;
        results_pair(res->plan.n_options, p, &a, &b);
        for (int m = 0; m < N_METRICS; m++) {
            csv_text(c, res->scenario->options[a].id);
            csv_text(c, res->scenario->options[b].id);
            csv_text(c, metric_names[m]);
            quantile_fields(c, &res->acc.diff[(size_t)p * N_METRICS + (size_t)m]);
            csv_text(c, metric_descs[m].unit);
            csv_end_row(c);
        }
    }
}

struct table {
    const char *file;
    const char *header;
    void (*rows)(struct csv *c, const struct da_results *res);
};

static const struct table tables[] = {
    {"metrics.csv", "option,metric,mean,p10,p50,p90,n,unit", metrics_rows},
    {"milestones.csv",
     "milestone,p_reached,mean,p10,p50,p90,date_p10,date_p50,date_p90,p_lapsed,lapse_p50,"
     "p_recovered,recovery_p50",
     milestones_rows},
    {"criticality.csv", "option,milestone,criticality", criticality_rows},
    {"why_short.csv", "option,day,reason,share", why_short_rows},
    {"held_by.csv", "option,day,milestone,share", held_by_rows},
    {"donors.csv", "option,donor,mean,p10,p50,p90,unit", donors_rows},
    {"purposes.csv", "option,purpose,mean,p10,p50,p90,unit", purposes_rows},
    {"areas.csv", "option,area,metric,mean,p10,p50,p90,unit", areas_rows},
    {"series.csv", "option,area,metric,day,p10,p50,p90,unit,date", series_rows},
    {"requirement.csv", "area,day,p10,p50,p90,unit,date", requirement_rows},
    {"observed.csv",
     "kind,quantity,option,area,from,day,date,value,min,max,out_of_sample,n,p10,p25,p50,p75,"
     "p90,percentile,inside_80,inside_50,crps,source",
     observed_rows},
    {"differences.csv", "a,b,metric,mean,p10,p50,p90,unit", differences_rows},
};

/* Writes table 't' to 'out': its header row, then its rows. */
static da_status write_rows(FILE *out, const struct table *t, const struct da_results *res)
{
    struct csv c = {.f = out};
    if (fputs(t->header, c.f) == EOF || fputc('\n', c.f) == EOF)
        c.failed = true;
    t->rows(&c, res);
    if (fflush(c.f) != 0 || ferror(c.f))
        c.failed = true;
    return c.failed ? DA_ERR_IO : DA_OK;
}

/* Writes table 't' into 'dir' by way of a temporary file renamed into place. */
static da_status write_table(const char *dir, const struct table *t, const struct da_results *res)
{
    size_t cap = strlen(dir) + strlen(t->file) + sizeof "/.tmp";
    char *path = da_malloc(2 * cap);
    if (!path)
        return DA_ERR_NOMEM;
    char *tmp = path + cap;
    snprintf(path, cap, "%s/%s", dir, t->file);
    snprintf(tmp, cap, "%s/%s.tmp", dir, t->file);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        da_free(path);
        return DA_ERR_IO;
    }
    bool failed = write_rows(f, t, res) != DA_OK;
    if (fclose(f) != 0)
        failed = true;
    if (!failed && rename(tmp, path) != 0)
        failed = true;
    if (failed)
        remove(tmp);
    da_free(path);
    return failed ? DA_ERR_IO : DA_OK;
}

size_t da_csv_table_count(void)
{
    return sizeof tables / sizeof tables[0];
}

const char *da_csv_table_name(size_t index)
{
    return index < da_csv_table_count() ? tables[index].file : NULL;
}

da_status da_results_write_csv_table(const da_results *res, size_t index, FILE *out)
{
    if (!res || !out || index >= da_csv_table_count())
        return DA_ERR_USAGE;
    return write_rows(out, &tables[index], res);
}

da_status da_results_write_csv(const da_results *res, const char *dir)
{
    if (!res || !dir || !*dir)
        return DA_ERR_USAGE;
    for (size_t i = 0; i < da_csv_table_count(); i++) {
        da_status st = write_table(dir, &tables[i], res);
        if (st != DA_OK)
            return st;
    }
    return DA_OK;
}
