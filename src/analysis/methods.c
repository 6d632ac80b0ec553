/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * methods.c - the table of the methods (method.h), indexed by enum da_method, and what
 * the public API says of them. Everything that differs between the methods is a row here;
 * the table names the writers of src/output as well as the methods' runs, so that adding a
 * method is one row and its own files.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../output/indices_out.h"
#include "../output/prim_out.h"
#include "../output/voi_out.h"
#include "method.h"

#define AT(field) offsetof(struct input_result, field)

static const struct method_column sobol_columns[] = {
    {"S1", "S1", AT(S1)},
    {"S1_conf", "+-", AT(S1_conf)},
    {"ST", "ST", AT(ST)},
    {"ST_conf", "+-", AT(ST_conf)},
    /* How far rounding alone can move each index (sobol.c): at or below it, the index is 0.
     * For the JSON's and the CSV's readers (no label: not in the table, whose three decimals
     * never show one). */
    {"S1_floor", NULL, AT(S1_floor)},
    {"ST_floor", NULL, AT(ST_floor)},
};
static const struct method_column morris_columns[] = {
    {"mu_star", "mu*", AT(mu_star)},
    {"mu_star_conf", "+-", AT(mu_star_conf)},
    {"sigma", "sigma", AT(sigma)},
    {"mu_star_floor", NULL, AT(mu_star_floor)}, /* as sobol's floors (morris.c) */
};
static const struct method_column tornado_columns[] = {
    {"low", "at p10", AT(low)},
    {"high", "at p90", AT(high)},
    {"swing", "swing", AT(swing)},
    {"swing_conf", "+-", AT(swing_conf)},
};
/* The CSV has only 'restricted': stability is the first box's alone (prim_out.c). */
static const struct method_column prim_columns[] = {
    {"restricted", NULL, AT(restricted)},
    {"stability", NULL, AT(stability)},
};
/* voi's values are not input_result's (voi.h): the CSV reads them through voi_csv_value(),
 * in this order, with the JSON's names. */
static const struct method_column voi_csv_columns[] = {
    {"evppi", NULL, 0},
    {"evppi_se", NULL, 0},
    {"evppi_bias", NULL, 0},
    {"evppi_share", NULL, 0},
};

#define COUNT(a) (int)(sizeof(a) / sizeof(a)[0])

static const struct method_warnings sobol_warnings = {64, "base samples", true, NULL, 0, 0};
static const struct method_warnings morris_warnings = {10,    "trajectories", false,
                                                       "mu*", AT(mu_star),    AT(mu_star_conf)};
static const struct method_warnings tornado_warnings = {
    30, "runs per setting", false, "the swing", AT(swing), AT(swing_conf)};

static const struct method methods[] = {
    [DA_METHOD_SOBOL] =
        {
            .name = "sobol",
            .takes = DA_TAKES_GROUPS | DA_TAKES_BY | DA_TAKES_OPTION,
            .run = analysis_sobol,
            .influence = sobol_influence,
            .columns = sobol_columns,
            .n_columns = COUNT(sobol_columns),
            .n_csv_columns = COUNT(sobol_columns),
            .shares = true,
            .correlates = true,
            .variance_of_design = true,
            .warnings = &sobol_warnings,
            .json = sobol_json,
            .print = sobol_print,
        },
    [DA_METHOD_MORRIS] =
        {
            .name = "morris",
            .takes = DA_TAKES_OPTION,
            .run = analysis_morris,
            .influence = morris_influence,
            .columns = morris_columns,
            .n_columns = COUNT(morris_columns),
            .n_csv_columns = COUNT(morris_columns),
            .variance_of_design = true,
            .warnings = &morris_warnings,
            .print = indices_print,
        },
    [DA_METHOD_TORNADO] =
        {
            .name = "tornado",
            .takes = DA_TAKES_OPTION,
            .run = analysis_tornado,
            .influence = tornado_influence,
            .columns = tornado_columns,
            .n_columns = COUNT(tornado_columns),
            .n_csv_columns = COUNT(tornado_columns),
            .warnings = &tornado_warnings,
            .print = indices_print,
        },
    [DA_METHOD_PRIM] =
        {
            .name = "prim",
            .takes = DA_TAKES_WHERE | DA_TAKES_OPTION,
            .run = analysis_prim,
            .influence = prim_influence,
            .tie = prim_stability,
            .columns = prim_columns,
            .n_columns = COUNT(prim_columns),
            .n_csv_columns = 1,
            .correlates = true,
            .variance_of_design = true,
            .json = prim_json,
            .print = prim_print,
        },
    [DA_METHOD_VOI] =
        {
            .name = "voi",
            .takes = DA_TAKES_GROUPS,
            .run = analysis_voi,
            .influence = voi_influence,
            .columns = voi_csv_columns,
            .n_columns = COUNT(voi_csv_columns),
            .n_csv_columns = COUNT(voi_csv_columns),
            .correlates = true,
            .variance_of_design = true,
            .csv_value = voi_csv_value,
            .input_json = voi_input_json,
            .json = voi_json,
            .print = voi_write_table,
        },
};

#define N_METHODS COUNT(methods)

const struct method *method_at(int method)
{
    return method >= 0 && method < N_METHODS ? &methods[method] : NULL;
}

int da_method_of(const char *name)
{
    for (int m = 0; name && m < N_METHODS; m++)
        if (strcmp(name, methods[m].name) == 0)
            return m;
    return -1;
}

const char *da_method_name(int method)
{
    const struct method *m = method_at(method);
    return m ? m->name : NULL;
}

unsigned da_method_takes(int method)
{
    const struct method *m = method_at(method);
    return m ? m->takes : 0;
}

void da_method_names(unsigned takes, char *buf, size_t cap)
{
    int listed = 0, count = 0;
    for (int m = 0; m < N_METHODS; m++)
        count += (methods[m].takes & takes) == takes;
    if (cap)
        buf[0] = '\0';
    for (int m = 0; cap && m < N_METHODS; m++) {
        if ((methods[m].takes & takes) != takes)
            continue;
        size_t used = strlen(buf);
        const char *sep = listed == 0 ? "" : listed == count - 1 ? " or " : ", ";
        snprintf(buf + used, cap - used, "%s%s", sep, methods[m].name);
        listed++;
    }
}

void method_correlating_names(char *buf, size_t cap)
{
    int listed = 0, count = 0;
    for (int m = 0; m < N_METHODS; m++)
        count += methods[m].correlates;
    if (cap)
        buf[0] = '\0';
    for (int m = 0; cap && m < N_METHODS; m++) {
        if (!methods[m].correlates)
            continue;
        size_t used = strlen(buf);
        const char *sep = listed == 0 ? "" : listed == count - 1 ? " and " : ", ";
        snprintf(buf + used, cap - used, "%s%s", sep, methods[m].name);
        listed++;
    }
}

/* Why a method does not take something: the text around the names of the methods that do
 * (or, for --option, around the method's own name). */
static const struct refusal {
    unsigned what;
    const char *before, *after;
} refusals[] = {
    {DA_TAKES_GROUPS, "--group goes with --method ", ": the other methods give no group indices"},
    {DA_TAKES_BY, "--by goes with --method ",
     ": the other methods give no indices per week or area"},
    {DA_TAKES_WHERE, "--where goes with --method ", ""},
    {DA_TAKES_OPTION, "--option does not go with --method ", ", which compares every option"},
};

int da_method_check(int method, unsigned what, char *buf, size_t cap)
{
    const struct method *m = method_at(method);
    if (!m || (m->takes & what) == what)
        return 1;
    char names[128];
    if (what == DA_TAKES_OPTION)
        snprintf(names, sizeof names, "%s", m->name);
    else
        da_method_names(what, names, sizeof names);
    for (int r = 0; cap && r < COUNT(refusals); r++)
        if (refusals[r].what == what)
            snprintf(buf, cap, "%s%s%s", refusals[r].before, names, refusals[r].after);
    return 0;
}
