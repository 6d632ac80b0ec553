/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_run.c - libFuzzer harness over loading a scenario and running it.
 *
 * A scenario that validates is run for two replications on one thread, and its results are
 * written as JSON and as the terminal table, so that extreme numbers that pass validation meet
 * the engine, the statistics and the writers under the sanitizers. The rules checked: a run
 * either succeeds, or fails with DA_ERR_NUMERIC and says why (out of memory aside); nothing
 * crashes or hangs; and the two replications run in lockstep, as one block of two lanes
 * (DAYAFTER_LANES=2), give the same status and the same JSON bytes as each run alone. Scenarios
 * whose run is long (many areas x days x options) are loaded but not run, to keep each input to
 * milliseconds. Build: meson setup -Dfuzz=true with clang.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dayafter.h"

/* The most area-days-options an input is run for: a few milliseconds a replication. */
#define MAX_WORK 400000.0

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs the scenario in blocks of 'lanes' replications and checks its status; on success, the
 * run's JSON (its length in 'len'), with the table written too. */
static da_status run_in_blocks(const da_scenario *scn, const char *lanes, char **json, size_t *len)
{
    setenv("DAYAFTER_LANES", lanes, 1);
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = 2;
    opt.threads = 1;
    char why[512] = "";
    opt.message = why;
    opt.message_size = sizeof why;
    da_results *res = NULL;
    da_status st = da_run(scn, &opt, &res);
    *json = NULL;
    if (st == DA_OK) {
        FILE *out = open_memstream(json, len);
        if (out) {
            da_results_write_json(res, out, NULL);
            fclose(out);
        }
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
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
    return st;
}

static void run(const da_scenario *scn)
{
    double work = (double)da_scenario_horizon_days(scn) * (double)da_scenario_area_count(scn) *
                  (double)da_scenario_option_count(scn);
    if (work > MAX_WORK)
        return;
    unsetenv("DAYAFTER_JSON_TIMING"); /* the JSON's bytes are compared */
    char *alone, *block;
    size_t alone_len = 0, block_len = 0;
    da_status alone_st = run_in_blocks(scn, "1", &alone, &alone_len);
    da_status block_st = run_in_blocks(scn, "2", &block, &block_len);
    bool no_memory = alone_st == DA_ERR_NOMEM || block_st == DA_ERR_NOMEM;
    if (!no_memory &&
        (alone_st != block_st ||
         (alone && block && (alone_len != block_len || memcmp(alone, block, alone_len) != 0))))
        __builtin_trap();
    free(alone);
    free(block);
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
