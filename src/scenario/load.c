/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * load.c - da_scenario_load_file() and da_scenario_load_buffer(): read, parse, bind, check.
 *
 * The stages run in order and each one reports every problem it can see: the YAML layer
 * (ynode.c), the keys and values (bind.c), then the whole-scenario checks (check.c), and last
 * whether a run of it fits in memory (engine/footprint.c). A stage runs only when the one
 * before it produced something to work on; a scenario is handed out only when no stage found
 * anything.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../engine/footprint.h"
#include "../util/alloc.h"
#include "bind.h"
#include "check.h"
#include "inputs.h"
#include "scenario.h"
#include "sources.h"
#include "value.h"
#include "ynode.h"

#define DA_VERSION_STRING "0.1.0"

const char *da_version(void)
{
    return DA_VERSION_STRING;
}

const char *da_status_str(da_status status)
{
    switch (status) {
    case DA_OK:
        return "success";
    case DA_ERR_NOMEM:
        return "out of memory";
    case DA_ERR_IO:
        return "input/output error";
    case DA_ERR_INPUT:
        return "invalid input";
    case DA_ERR_USAGE:
        return "invalid arguments";
    case DA_ERR_LIMIT:
        return "input too large";
    case DA_ERR_INTERNAL:
        return "internal error";
    case DA_ERR_NOTFOUND:
        return "not found";
    case DA_ERR_CANCELLED:
        return "cancelled";
    case DA_ERR_NUMERIC:
        return "a result is beyond what dayafter computes";
    }
    return "unknown status";
}

void da_scenario_free(da_scenario *scn)
{
    if (!scn)
        return;
    da_free(scn->params);
    da_free(scn->failed);
    arena_release(&scn->arena);
    da_free(scn);
}

/* A future format is not read as this one: its keys would only produce noise. */
static bool supported_version(const struct ynode *root, const char *file, da_diags *diags)
{
    const struct ynode *v = ynode_get(root, "dayafter");
    double version;
    if (!v || value_number(v, &version) != VALUE_OK || version == 1)
        return true;
    diag_add(diags, file, DA_DIAG_UNSUPPORTED_VERSION, "dayafter", v->mark,
             "dayafter: unsupported format version %s; this dayafter reads format 1", v->text);
    return false;
}

static struct da_mark start_of_file(void)
{
    struct da_mark m = {.line = 1, .column = 1};
    return m;
}

/* A valid scenario whose run would need more than DA_RUN_MAX_BYTES on one thread is refused,
 * at its horizon, with the figure and where it comes from. */
static bool fits_in_memory(const struct da_scenario *scn, da_diags *diags)
{
    uint64_t need = footprint_run_bytes(scn, 1, 0); /* -n may ask for any number */
    if (need <= DA_RUN_MAX_BYTES)
        return true;
    double gib = 1024.0 * 1024.0 * 1024.0;
    diag_add(diags, scn->file, DA_DIAG_RUN_TOO_LARGE, "horizon_days", scn->horizon_at,
             "horizon_days: a run of this scenario needs %.1f GiB of memory (%zu area%s x %" PRId64
             " days x %zu option%s, the weekly series alone %.1f GiB), more than the %.0f GiB a "
             "run may use; use fewer areas, options or days",
             (double)need / gib, scn->n_areas, scn->n_areas == 1 ? "" : "s", scn->horizon_days,
             scn->n_options, scn->n_options == 1 ? "" : "s",
             (double)footprint_series_bytes(scn, 0) / gib, (double)DA_RUN_MAX_BYTES / gib);
    return false;
}

/* The first effect of the scenario (where a message about effects points), or NULL. */
static const struct da_effect *first_effect(const struct da_scenario *scn)
{
    for (size_t m = 0; m < scn->n_milestones; m++)
        if (scn->milestones[m].n_effects > 0)
            return &scn->milestones[m].effects[0];
    return NULL;
}

/* Effects whose parameters in force would cost far more to work out than the days themselves
 * (thousands of milestones with effects on every area) are refused at the first effect: a
 * scenario's work stays bounded by its days and areas. */
static bool effects_affordable(const struct da_scenario *scn, da_diags *diags)
{
    double work = footprint_effect_work(scn), days = footprint_day_work(scn);
    if (work <= FOOTPRINT_EFFECT_WORK_FACTOR * days)
        return true;
    diag_add(diags, scn->file, DA_DIAG_RUN_TOO_LARGE, "effects", first_effect(scn)->at,
             "effects: working out the parameters in force would take about %.3g steps in each "
             "replication of an option, more than %d times the days' own %.3g; use fewer "
             "milestones with effects, fewer effects, or name areas instead of '*'",
             work, FOOTPRINT_EFFECT_WORK_FACTOR, days);
    return false;
}

/* A replication whose days would take more than FOOTPRINT_MAX_RUN_WORK steps is refused at
 * horizon_days, with the figures, as one beyond the memory a run may use: the work of a run
 * stays bounded by the number of its replications. */
static bool work_affordable(const struct da_scenario *scn, da_diags *diags)
{
    double work = footprint_run_work(scn);
    if (work <= FOOTPRINT_MAX_RUN_WORK)
        return true;
    double sources, pledges;
    footprint_counts(scn, &sources, &pledges);
    diag_add(diags, scn->file, DA_DIAG_RUN_TOO_LARGE, "horizon_days", scn->horizon_at,
             "horizon_days: a replication of this scenario would take about %.3g steps (%" PRId64
             " days of %zu option%s: %zu area%s, %.0f source%s and %.0f pledge%s in all), more "
             "than the 10^9 a replication may take; use fewer options, sources, pledges, areas "
             "or days",
             work, scn->horizon_days, scn->n_options, scn->n_options == 1 ? "" : "s", scn->n_areas,
             scn->n_areas == 1 ? "" : "s", sources, sources == 1 ? "" : "s", pledges,
             pledges == 1 ? "" : "s");
    return false;
}

da_status da_scenario_load_buffer(const char *file_name, const char *text, size_t len,
                                  da_diags *diags, da_scenario **out)
{
    if (!out || !diags || (!text && len))
        return DA_ERR_USAGE;
    *out = NULL;
    if (!file_name)
        file_name = "<buffer>";
    if (len > DA_SCENARIO_MAX_BYTES) {
        diag_add(diags, file_name, DA_DIAG_FILE_TOO_LARGE, NULL, start_of_file(),
                 "the file is too large (%zu bytes); a scenario may have at most %u bytes", len,
                 DA_SCENARIO_MAX_BYTES);
        return diag_nomem(diags) ? DA_ERR_NOMEM : DA_ERR_LIMIT;
    }
    size_t before = da_diags_count(diags) + da_diags_dropped(diags);
    struct da_scenario *scn = da_calloc(1, sizeof *scn);
    if (!scn)
        return DA_ERR_NOMEM;
    arena_init(&scn->arena);
    da_status status;
    scn->file = arena_strdup(&scn->arena, file_name);
    if (!scn->file) {
        status = DA_ERR_NOMEM;
        goto fail;
    }
    bool nomem = false;
    struct ynode *root = ynode_parse(&scn->arena, scn->file, text ? text : "", len, diags, &nomem);
    if (nomem) {
        status = DA_ERR_NOMEM;
        goto fail;
    }
    if (root && root->kind == YNODE_MAP && !supported_version(root, scn->file, diags))
        root = NULL;
    if (root && (!bind_scenario(scn, root, diags) || !check_scenario(scn, diags))) {
        status = DA_ERR_NOMEM;
        goto fail;
    }
    if (diag_nomem(diags)) {
        status = DA_ERR_NOMEM;
        goto fail;
    }
    if (da_diags_count(diags) + da_diags_dropped(diags) > before) {
        status = DA_ERR_INPUT;
        goto fail;
    }
    if (!fits_in_memory(scn, diags) || !work_affordable(scn, diags) ||
        !effects_affordable(scn, diags)) {
        status = diag_nomem(diags) ? DA_ERR_NOMEM : DA_ERR_LIMIT;
        goto fail;
    }
    if (!scn->description)
        scn->description = "";
    if (!check_damage_tables(scn) || !inputs_index(scn) ||
        !sources_attach(scn, text ? text : "", len)) {
        status = DA_ERR_NOMEM;
        goto fail;
    }
    *out = scn;
    return DA_OK;
fail:
    /* The problems' lines are shown from this text: the caller may have no other copy. */
    if (status != DA_ERR_NOMEM && da_diags_count(diags) + da_diags_dropped(diags) > before)
        diag_keep_text(diags, file_name, text, len);
    da_scenario_free(scn);
    return status;
}

/* Reads all of 'stream', up to one byte past the size limit, into a new buffer. */
static da_status read_all(FILE *stream, char **text, size_t *len)
{
    size_t cap = 64 * 1024, n = 0;
    char *buf = da_malloc(cap);
    while (buf && n <= DA_SCENARIO_MAX_BYTES) {
        if (n == cap) {
            char *grown = da_reallocarray(buf, cap, 2);
            if (!grown) {
                da_free(buf);
                return DA_ERR_NOMEM;
            }
            buf = grown;
            cap *= 2;
        }
        size_t want = cap - n;
        if (want > DA_SCENARIO_MAX_BYTES + 1 - n)
            want = DA_SCENARIO_MAX_BYTES + 1 - n;
        size_t got = fread(buf + n, 1, want, stream);
        n += got;
        if (got == 0)
            break;
    }
    if (!buf)
        return DA_ERR_NOMEM;
    if (ferror(stream)) {
        da_free(buf);
        return DA_ERR_IO;
    }
    *text = buf;
    *len = n;
    return DA_OK;
}

da_status da_scenario_load_stream(const char *file_name, FILE *stream, da_diags *diags,
                                  da_scenario **out)
{
    if (!file_name || !stream || !diags || !out)
        return DA_ERR_USAGE;
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    errno = 0;
    da_status status = read_all(stream, &text, &len);
    if (status == DA_ERR_IO)
        diag_add(diags, file_name, DA_DIAG_IO, NULL, start_of_file(), "cannot read the file: %s",
                 strerror(errno ? errno : EIO));
    if (status != DA_OK)
        return diag_nomem(diags) ? DA_ERR_NOMEM : status;
    if (len > DA_SCENARIO_MAX_BYTES) {
        /* Reading stopped one byte past the limit: the size is a file's, when it is one; a
         * pipe's is not known. */
        da_free(text);
        struct stat st;
        int fd = fileno(stream);
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
            (uintmax_t)st.st_size > DA_SCENARIO_MAX_BYTES)
            diag_add(diags, file_name, DA_DIAG_FILE_TOO_LARGE, NULL, start_of_file(),
                     "the file is too large (%ju bytes); a scenario may have at most %u bytes",
                     (uintmax_t)st.st_size, DA_SCENARIO_MAX_BYTES);
        else
            diag_add(diags, file_name, DA_DIAG_FILE_TOO_LARGE, NULL, start_of_file(),
                     "the file is too large (more than %u bytes); a scenario may have at most "
                     "%u bytes",
                     DA_SCENARIO_MAX_BYTES, DA_SCENARIO_MAX_BYTES);
        return diag_nomem(diags) ? DA_ERR_NOMEM : DA_ERR_LIMIT;
    }
    status = da_scenario_load_buffer(file_name, text, len, diags, out);
    da_free(text);
    return status;
}

da_status da_scenario_load_file(const char *path, da_diags *diags, da_scenario **out)
{
    if (!path || !diags || !out)
        return DA_ERR_USAGE;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, path, DA_DIAG_IO, NULL, start_of_file(), "cannot open the file: %s",
                 strerror(errno));
        return diag_nomem(diags) ? DA_ERR_NOMEM : DA_ERR_IO;
    }
    da_status status = da_scenario_load_stream(path, f, diags, out);
    fclose(f);
    return status;
}

/* ---- accessors ------------------------------------------------------------------------------ */

const char *da_scenario_name(const da_scenario *scn)
{
    return scn->name;
}

const char *da_scenario_description(const da_scenario *scn)
{
    return scn->description;
}

uint32_t da_scenario_horizon_days(const da_scenario *scn)
{
    return (uint32_t)scn->horizon_days;
}

uint64_t da_scenario_replications(const da_scenario *scn)
{
    return (uint64_t)scn->replications;
}

uint64_t da_scenario_seed(const da_scenario *scn)
{
    return scn->seed;
}

size_t da_scenario_area_count(const da_scenario *scn)
{
    return scn->n_areas;
}

size_t da_scenario_milestone_count(const da_scenario *scn)
{
    return scn->n_milestones;
}

size_t da_scenario_option_count(const da_scenario *scn)
{
    return scn->n_options;
}

const char *da_scenario_option_id(const da_scenario *scn, size_t index)
{
    return scn && index < scn->n_options ? scn->options[index].id : NULL;
}

size_t da_scenario_donor_count(const da_scenario *scn)
{
    return scn->n_donors;
}
