/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_scenario.c - libFuzzer harness over loading and validating a scenario.
 *
 * Any byte string goes through the whole loader (YAML, binding, whole-scenario checks); the
 * diagnostics are read back, and a scenario that loads is summarized, so that every path a
 * user's file can take is under the sanitizers. Build: meson setup -Dfuzz=true with clang.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dayafter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_diags *diags = da_diags_new();
    if (!diags)
        return 0;
    da_scenario *scn = NULL;
    da_status st = da_scenario_load_buffer("fuzz.yaml", (const char *)data, size, diags, &scn);
    size_t total = 0;
    FILE *context = fopen("/dev/null", "w");
    for (size_t i = 0; i < da_diags_count(diags); i++) {
        da_diag d = da_diags_get(diags, i);
        total += strlen(d.message) + d.line + d.column + strlen(d.path) + d.span;
        /* Every problem has a code with a name, and its line shows from the kept text. */
        if (!da_diag_code_name(d.code))
            __builtin_trap();
        if (context)
            da_diags_write_context(diags, i, context, (int)(i & 1));
    }
    if (context)
        fclose(context);
    /* A load fails exactly when it says why. */
    if ((st == DA_OK) != (da_diags_count(diags) == 0 && scn != NULL))
        __builtin_trap();
    if (scn) {
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            da_scenario_write_summary(scn, sink, (int)(total & 1));
            fclose(sink);
        }
    }
    da_scenario_free(scn);
    da_diags_free(diags);
    return 0;
}
