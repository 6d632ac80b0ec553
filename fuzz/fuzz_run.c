/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_run.c - libFuzzer harness over loading a scenario and running it.
 *
 * A scenario that validates is run for two replications on one thread, and its results are
 * written as JSON and as the terminal table, so that extreme numbers that pass validation meet
 * the engine, the statistics and the writers under the sanitizers. The rules checked: a run
 * either succeeds, or fails with DA_ERR_NUMERIC and says why (out of memory aside); nothing
 * crashes or hangs. Scenarios whose run is long (many areas x days x options) are loaded but
 * not run, to keep each input to milliseconds. Build: meson setup -Dfuzz=true with clang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dayafter.h"

/* The most area-days-options an input is run for: a few milliseconds a replication. */
#define MAX_WORK 400000.0

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run(const da_scenario *scn)
{
    double work = (double)da_scenario_horizon_days(scn) * (double)da_scenario_area_count(scn) *
                  (double)da_scenario_option_count(scn);
    if (work > MAX_WORK)
        return;
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = 2;
    opt.threads = 1;
    char why[512] = "";
    opt.message = why;
    opt.message_size = sizeof why;
    da_results *res = NULL;
    da_status st = da_run(scn, &opt, &res);
    if (st == DA_OK) {
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            da_results_write_json(res, sink, NULL);
            da_results_write_table(res, sink, 0);
            fclose(sink);
        }
    } else if (st == DA_ERR_NUMERIC) {
        if (strstr(why, "replications gave no finite value for ") == NULL)
            __builtin_trap();
    } else if (st != DA_ERR_NOMEM) {
        __builtin_trap();
    }
    da_results_free(res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_diags *diags = da_diags_new();
    if (!diags)
        return 0;
    da_scenario *scn = NULL;
    if (da_scenario_load_buffer("fuzz.yaml", (const char *)data, size, diags, &scn) == DA_OK)
        run(scn);
    da_scenario_free(scn);
    da_diags_free(diags);
    return 0;
}
