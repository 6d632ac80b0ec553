/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mc_error_json.c - the "mc_error" objects of the run's JSON (see mc_error_json.h).
 *
 * The keys name the figure they qualify ("p50_lo" beside "p50", "p_start_se" beside
 * "p_start"), so that a flattened table (pandas' json_normalize, R's jsonlite) lines each
 * error up with its figure without a lookup.
 */
#include "mc_error_json.h"

#include <math.h>
#include <stdio.h>

#include "../engine/mc_error.h"
#include "json_out.h"
#include "quantiles.h"

json_t *mc_error_quantiles_json(bool *nomem, const struct sketch *s)
{
    static const double levels[3] = {0.1, 0.5, 0.9};
    static const char *const keys[3][2] = {
        {"p10_lo", "p10_hi"}, {"p50_lo", "p50_hi"}, {"p90_lo", "p90_hi"}};
    json_t *obj = json_object();
    json_out_put(nomem, obj, "n", json_integer((json_int_t)s->band.count));
    json_out_put(nomem, obj, "mean_se", json_out_number(mc_mean_se(s)));
    for (int q = 0; q < 3; q++) {
        double lo, hi;
        mc_quantile_interval(s, levels[q], &lo, &hi);
        json_out_put(nomem, obj, keys[q][0], json_out_number(lo));
        json_out_put(nomem, obj, keys[q][1], json_out_number(hi));
    }
    return obj;
}

/* The standard error of a share, or NaN where the share itself is (not simulated, or a share
 * of nothing). */
static double share_se(double share, uint64_t part, uint64_t whole)
{
    return isnan(share) ? (double)NAN : mc_share_se(part, whole);
}

json_t *mc_error_shares_json(bool *nomem, const struct da_results *res, int o)
{
    const struct option_acc *oa = &res->acc.options[o];
    uint64_t n = res->replications;
    json_t *obj = json_object(), *by_day = json_object();
    json_out_put(nomem, obj, "p_start_se", json_out_number(mc_share_se(oa->started, n)));
    json_out_put(nomem, obj, "p_ioc_se", json_out_number(mc_share_se(oa->ioc, n)));
    json_out_put(nomem, obj, "p_half_se", json_out_number(mc_share_se(oa->half, oa->started)));
    for (int k = 0; k < res->plan.n_tracked; k++) {
        char day[16];
        snprintf(day, sizeof day, "%d", res->plan.tracked_days[k]);
        double se = share_se(share_deployed_by(res, o, k), oa->deployed_by[k], n);
        json_out_put(nomem, by_day, day, json_out_number(se));
    }
    json_out_put(nomem, obj, "p_deployed_by_se", by_day);
    return obj;
}

json_t *mc_error_precision_json(bool *nomem, const struct da_results *res)
{
    const struct precision_outcome *p = &res->precision;
    if (p->target == 0)
        return json_null();
    json_t *obj = json_object();
    bool named = p->worst_option >= 0;
    json_out_put(nomem, obj, "target_pct", json_real(p->target));
    json_out_put(nomem, obj, "reached", json_boolean(p->reached));
    json_out_put(nomem, obj, "widest_pct", json_out_number(p->widest));
    json_out_put(nomem, obj, "worst_option",
                 named ? json_string(res->scenario->options[p->worst_option].id) : json_null());
    json_out_put(nomem, obj, "worst_metric",
                 named ? json_string(metric_names[p->worst_metric]) : json_null());
    json_out_put(nomem, obj, "replications", json_integer((json_int_t)res->replications));
    json_out_put(nomem, obj, "block", json_integer(DA_PRECISION_BLOCK));
    json_out_put(nomem, obj, "blocks", json_integer((json_int_t)p->blocks));
    json_out_put(nomem, obj, "ceiling", json_integer((json_int_t)p->ceiling));
    return obj;
}
