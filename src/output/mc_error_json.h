/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mc_error_json.h - the Monte Carlo error of the run's headline figures in its JSON
 * (docs/model.md, "Monte Carlo error"): an "mc_error" object beside each of them, with flat
 * keys, so that a reader's table of the figures takes their errors as more columns.
 */
#ifndef DA_OUTPUT_MC_ERROR_JSON_H
#define DA_OUTPUT_MC_ERROR_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "../engine/results.h"

/* {"n", "mean_se", "p10_lo", "p10_hi", "p50_lo", "p50_hi", "p90_lo", "p90_hi"} of a sketch
 * that holds values: how many, the mean's standard error, and each quantile's 95% interval
 * (null on a side the values are too few to bound). */
json_t *mc_error_quantiles_json(bool *nomem, const struct sketch *s);

/* {"p_start_se", "p_ioc_se", "p_half_se", "p_deployed_by_se": {DAY: se}}: the standard errors
 * of option 'o''s shares, null where the share is. */
json_t *mc_error_shares_json(bool *nomem, const struct da_results *res, int o);

/* "precision": null for a run of a fixed count; for a run to a precision, {"target_pct",
 * "reached", "widest_pct", "worst_option", "worst_metric", "replications", "block", "blocks",
 * "ceiling"}: what was asked, whether it was met (false: the run stopped at its ceiling), the
 * widest half-width of a median's 95% interval as a percentage of the median (null when too
 * few values bound it, or when no median is finite and nonzero) and whose it is, and the
 * blocks that were run. */
json_t *mc_error_precision_json(bool *nomem, const struct da_results *res);

#endif /* DA_OUTPUT_MC_ERROR_JSON_H */
