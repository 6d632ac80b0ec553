/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * metrics.c - the registry of what a run measures (see metrics.h), and its public face:
 * da_metric_count(), da_metric_get(), da_metric_closest(), their per-area twins, the series over
 * all areas (da_series_get()) and da_metrics_write_json().
 *
 * Labels are short enough for a row of the terminal's table and say the unit when the format
 * does not ("person-days", "tonnes"); descriptions are one sentence for `dayafter metrics`,
 * the report's tooltips and the JSON's readers.
 */
#include "metrics.h"

#include <string.h>

#include "../util/text.h"
#include "dayafter.h"
#include "json_out.h"

const struct metric_desc metric_descs[N_METRICS] = {
    [M_START_DAY] = {"Start day (if it starts)", "day", FMT_DAY, BETTER_LOWER,
                     "The day the option starts, from the scenario's day 0, over the runs in "
                     "which it starts within the horizon.",
                     false},
    [M_DEPLOYED_DAY365] = {"Deployed, day 365", "persons", FMT_COUNT, BETTER_HIGHER,
                           "Security personnel deployed in all areas on day 365.", false},
    [M_DEPLOYED_END] = {"Deployed, last day", "persons", FMT_COUNT, BETTER_HIGHER,
                        "Security personnel deployed in all areas on the horizon's last day.",
                        false},
    [M_IOC_DAY] = {"IOC day (every area covered)", "day", FMT_DAY, BETTER_LOWER,
                   "The first day on which every area has the personnel it requires (initial "
                   "operating capability), over the runs that reach it.",
                   false},
    [M_COVERAGE_MIN_DAY365] = {"Lowest area coverage, day 365", "share", FMT_SHARE, BETTER_HIGHER,
                               "Deployed strength over the requirement on day 365, in the area "
                               "that has the least of it.",
                               false},
    [M_SECURITY_MEAN_END] = {"Security, last day", "share", FMT_SHARE, BETTER_HIGHER,
                             "Security on the last day, from 0 (none) to 100% (full), averaged "
                             "over the areas weighted by their population.",
                             true},
    [M_INCIDENTS_TOTAL] = {"Incidents", "incidents", FMT_COUNT, BETTER_LOWER,
                           "Security incidents in all areas over the horizon.", false},
    [M_COST_TOTAL_USD] = {"Cost", "USD", FMT_MONEY, BETTER_LOWER,
                          "All the money spent over the horizon, from every donor, on every "
                          "purpose.",
                          false},
    [M_UNFUNDED_USD] = {"Unfunded (needed, not paid)", "USD", FMT_MONEY, BETTER_LOWER,
                        "Spending that the mission needed and that no donor's money paid for.",
                        false},
    [M_WATER_GAP] = {"Water gap, person-days", "person-days", FMT_COUNT, BETTER_LOWER,
                     "Days people went without the water standard, summed over the people.", false},
    [M_FOOD_GAP] = {"Food gap, person-days", "person-days", FMT_COUNT, BETTER_LOWER,
                    "Days people went without the food standard, summed over the people.", false},
    [M_BED_COVERAGE_END] = {"Hospital bed coverage, last day", "share", FMT_SHARE, BETTER_HIGHER,
                            "Hospital beds over the standard need on the last day, averaged "
                            "over the areas weighted by their population.",
                            true},
    [M_DISPLACED_END] = {"Displaced, last day", "persons", FMT_COUNT, BETTER_LOWER,
                         "People displaced from their homes in all areas on the last day.", false},
    [M_MEDICAL_TONNES] = {"Medical supplies in, tonnes", "tonnes", FMT_COUNT, BETTER_HIGHER,
                          "Medical supplies that entered over the horizon.", false},
    [M_SHELTER_TONNES] = {"Shelter materials in, tonnes", "tonnes", FMT_COUNT, BETTER_HIGHER,
                          "Shelter materials that entered over the horizon.", false},
    [M_DAYS_TO_HALF] = {"Days from start to half strength", "days", FMT_COUNT, BETTER_LOWER,
                        "Days from the option's start to the first day its deployed strength "
                        "reaches half the day's requirement, over the runs that get there.",
                        false},
    [M_DEPLOYED_START_PLUS_365] = {"Deployed, a year after start", "persons", FMT_COUNT,
                                   BETTER_HIGHER,
                                   "Security personnel deployed in all areas 365 days after "
                                   "the option's start, over the runs in which that day is "
                                   "within the horizon.",
                                   false},
    [M_RETURNED_HOUSING] = {"Returned to rebuilt homes", "persons", FMT_COUNT, BETTER_HIGHER,
                            "Displaced people who went home because reconstruction rebuilt "
                            "housing for them, over the horizon.",
                            false},
    [M_RETURNED_OWN] = {"Returned on their own", "persons", FMT_COUNT, BETTER_HIGHER,
                        "Displaced people who went home on their own, to damaged homes and "
                        "shelter, over the horizon.",
                        false},
    [M_TRUCKS_SHORT_OF_MONEY] = {"Days trucks were short of money", "share of days", FMT_SHARE,
                                 BETTER_LOWER,
                                 "Share of the horizon's days on which money, not the "
                                 "crossings, limited the aid trucks that entered: near 100%, "
                                 "humanitarian spending is the humanitarian money.",
                                 true},
    [M_BUILD_HELD_BY_SECURITY] = {"Days building waited for security", "share of days", FMT_SHARE,
                                  BETTER_LOWER,
                                  "Share of the horizon's days on which reconstruction could "
                                  "have started but security was below its threshold.",
                                  true},
    [M_BUILD_SHORT_OF_MONEY] = {"Days building was short of money", "share of days", FMT_SHARE,
                                BETTER_LOWER,
                                "Share of the horizon's days on which money cut the day's "
                                "building short.",
                                true},
    [M_BUILD_SHORT_OF_MATERIALS] = {"Days building was short of materials", "share of days",
                                    FMT_SHARE, BETTER_LOWER,
                                    "Share of the horizon's days on which construction "
                                    "materials, before money, cut the day's building short.",
                                    true},
};

/* The weekly series' metrics first (enum series_metric), then bed coverage, as
 * area_metric_names. */
const struct metric_desc area_metric_descs[N_AREA_METRICS] = {
    [SERIES_DEPLOYED] = {"Deployed", "persons", FMT_COUNT, BETTER_HIGHER,
                         "Security personnel deployed in the area.", false},
    [SERIES_COVERAGE] = {"Coverage of the requirement", "share", FMT_SHARE, BETTER_HIGHER,
                         "Deployed strength over the area's requirement: from 100%, the area "
                         "has the personnel it needs.",
                         false},
    [SERIES_SECURITY] = {"Security", "share", FMT_SHARE, BETTER_HIGHER,
                         "Security in the area, from 0 (none) to 100% (full).", false},
    [SERIES_WATER] = {"Water coverage", "share", FMT_SHARE, BETTER_HIGHER,
                      "Water delivered to the area over its standard need.", false},
    [SERIES_FOOD] = {"Food coverage", "share", FMT_SHARE, BETTER_HIGHER,
                     "Food delivered to the area over its standard need.", false},
    [SERIES_DISPLACED] = {"Displaced", "persons", FMT_COUNT, BETTER_LOWER,
                          "People displaced from their homes in the area.", false},
    [AREA_BED_COVERAGE] = {"Hospital bed coverage", "share", FMT_SHARE, BETTER_HIGHER,
                           "Hospital beds in the area over its standard need (on the last day "
                           "only, not in the weekly series).",
                           false},
};

/* The weekly series over all areas: sums of people, the requirement's coverage as total over
 * total, shares as population-weighted means (model/observe.c reads them so). */
const struct metric_desc series_all_descs[N_SERIES] = {
    [SERIES_DEPLOYED] = {"Deployed", "persons", FMT_COUNT, BETTER_HIGHER,
                         "Security personnel deployed in all areas.", false},
    [SERIES_COVERAGE] = {"Coverage of the requirement", "share", FMT_SHARE, BETTER_HIGHER,
                         "Deployed strength over the requirement, all areas together (total "
                         "over total).",
                         false},
    [SERIES_SECURITY] = {"Security", "share", FMT_SHARE, BETTER_HIGHER,
                         "Security from 0 (none) to 100% (full), averaged over the areas "
                         "weighted by their population.",
                         false},
    [SERIES_WATER] = {"Water coverage", "share", FMT_SHARE, BETTER_HIGHER,
                      "Water delivered over the standard need, averaged over the areas "
                      "weighted by their population.",
                      false},
    [SERIES_FOOD] = {"Food coverage", "share", FMT_SHARE, BETTER_HIGHER,
                     "Food delivered over the standard need, averaged over the areas weighted "
                     "by their population.",
                     false},
    [SERIES_DISPLACED] = {"Displaced", "persons", FMT_COUNT, BETTER_LOWER,
                          "People displaced from their homes in all areas.", false},
};

static const char *const better_names[] = {"none", "lower", "higher"};

bool metric_is_share(const char *id, bool *at_most_one)
{
    *at_most_one = false;
    for (size_t m = 0; id && m < N_METRICS; m++) {
        if (strcmp(id, metric_names[m]) != 0)
            continue;
        *at_most_one = metric_descs[m].at_most_one;
        return metric_descs[m].format == FMT_SHARE;
    }
    return false;
}

const char *metric_better_name(enum metric_better better)
{
    return better_names[better];
}

static json_t *entry_json(bool *nomem, const char *id, const struct metric_desc *d)
{
    json_t *obj = json_object();
    json_out_put(nomem, obj, "id", json_string(id));
    json_out_put(nomem, obj, "label", json_string(d->label));
    json_out_put(nomem, obj, "unit", json_string(d->unit));
    json_out_put(nomem, obj, "format", json_string(fmt_style_name(d->format)));
    json_out_put(nomem, obj, "description", json_string(d->description));
    json_out_put(nomem, obj, "better", json_string(metric_better_name(d->better)));
    return obj;
}

json_t *metric_entry_json(bool *nomem, enum metric m)
{
    return entry_json(nomem, metric_names[m], &metric_descs[m]);
}

json_t *series_entry_json(bool *nomem, int series)
{
    return entry_json(nomem, series_names[series], &series_all_descs[series]);
}

json_t *metrics_registry_json(bool *nomem, bool area)
{
    json_t *arr = json_array();
    int n = area ? N_AREA_METRICS : N_METRICS;
    for (int m = 0; m < n; m++)
        json_out_push(nomem, arr,
                      area ? entry_json(nomem, area_metric_names[m], &area_metric_descs[m])
                           : metric_entry_json(nomem, (enum metric)m));
    return arr;
}

/* ---- the public API ---------------------------------------------------------------------- */

static da_metric_info info_of(const char *id, const struct metric_desc *d)
{
    return (da_metric_info){id,
                            d->label,
                            d->unit,
                            fmt_style_name(d->format),
                            d->description,
                            metric_better_name(d->better)};
}

size_t da_metric_count(void)
{
    return N_METRICS;
}

da_metric_info da_metric_get(size_t index)
{
    if (index >= N_METRICS)
        return (da_metric_info){0};
    return info_of(metric_names[index], &metric_descs[index]);
}

const char *da_metric_closest(const char *id)
{
    return id ? text_closest(id, metric_names, N_METRICS) : NULL;
}

size_t da_area_metric_count(void)
{
    return N_AREA_METRICS;
}

da_metric_info da_area_metric_get(size_t index)
{
    if (index >= N_AREA_METRICS)
        return (da_metric_info){0};
    return info_of(area_metric_names[index], &area_metric_descs[index]);
}

size_t da_series_count(void)
{
    return N_SERIES;
}

da_metric_info da_series_get(size_t index)
{
    if (index >= N_SERIES)
        return (da_metric_info){0};
    return info_of(series_names[index], &series_all_descs[index]);
}

da_status da_metrics_write_json(FILE *out)
{
    if (!out)
        return DA_ERR_USAGE;
    bool nomem = false;
    json_t *root = json_object();
    json_out_put(&nomem, root, "metrics", metrics_registry_json(&nomem, false));
    json_out_put(&nomem, root, "area_metrics", metrics_registry_json(&nomem, true));
    return json_out_write(root, nomem, out);
}
