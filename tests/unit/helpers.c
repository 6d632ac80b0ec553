/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * helpers.c - shared code of the unit tests (see helpers.h).
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/analysis.h"

const char *const minimal_scenario =
    "dayafter: 1\n"
    "name: Minimal\n"
    "horizon_days: 100\n"
    "areas:\n"
    "  - id: a\n"
    "    name: Area A\n"
    "    population: 1000\n"
    "    area_km2: 10\n"
    "    displaced_share: 0.5\n"
    "    security_baseline: 0.2\n"
    "    water_capacity_m3_day: 5\n"
    "    hospital_beds: 2\n"
    "milestones:\n"
    "  - id: go\n"
    "    delay_days: 10\n"
    "security:\n"
    "  required_per_1000: 10\n"
    "  tau_days: 30\n"
    "  shock: 0.001\n"
    "  spoiler_incidents_per_100k_day: 0.2\n"
    "humanitarian:\n"
    "  trucks_per_day: 10\n"
    "  cost_per_truck_usd: 1000\n"
    "  truck_shares: {food: 0.6, water: 0.4}\n"
    "reconstruction:\n"
    "  min_security: 0.1\n"
    "  sectors: []\n"
    "donors:\n"
    "  - id: d\n"
    "    name: Donor\n"
    "    pledges:\n"
    "      - amount_usd: 1000000\n"
    "        purpose: any\n"
    "options:\n"
    "  - id: o\n"
    "    name: Option\n"
    "    starts_when: go\n"
    "    sources:\n"
    "      - id: s\n"
    "        kind: pool\n"
    "        size: 100\n"
    "        vetting_pass: 0.9\n";

static const char *env_path(const char *var, const char *relative)
{
    static char buf[4][1024];
    static int next;
    const char *root = getenv(var);
    char *out = buf[next++ % 4];
    snprintf(out, sizeof buf[0], "%s/%s", root ? root : ".", relative);
    return out;
}

const char *source_path(const char *relative)
{
    return env_path("DAYAFTER_SOURCE_ROOT", relative);
}

const char *data_path(const char *relative)
{
    /* The tests' own scenarios and golden figures live in the repository, so that a clone
     * tests itself with nothing beside it. */
    char rel[512];
    snprintf(rel, sizeof rel, "tests/data/%s", relative);
    return env_path("DAYAFTER_SOURCE_ROOT", rel);
}

char *read_text_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[size] = '\0';
        if (len)
            *len = (size_t)size;
    }
    return buf;
}

da_status load_string(const char *yaml, da_diags **diags, da_scenario **out)
{
    *diags = da_diags_new();
    return da_scenario_load_buffer("t.yaml", yaml, strlen(yaml), *diags, out);
}

const char *diags_text(const da_diags *diags)
{
    static char buf[16384];
    buf[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < da_diags_count(diags) && used < sizeof buf; i++) {
        da_diag d = da_diags_get(diags, i);
        int n = snprintf(buf + used, sizeof buf - used, "%u:%u: %s\n", d.line, d.column, d.message);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return buf;
}

void assert_problems_at(const char *yaml, const char *expected, const char *file, int line)
{
    da_diags *diags;
    da_scenario *scn = NULL;
    da_status st = load_string(yaml, &diags, &scn);
    const char *got = diags_text(diags);
    if (st == DA_OK || strcmp(got, expected) != 0) {
        print_error("%s:%d: status %d; expected problems:\n%sgot:\n%s", file, line, (int)st,
                    expected, got);
        da_scenario_free(scn);
        da_diags_free(diags);
        fail();
    }
    da_diags_free(diags);
}

const char *replace_once(const char *base, const char *from, const char *to)
{
    /* Two buffers in turn, so that the result of one call can be the base of the next. */
    static char bufs[2][16384];
    static int turn;
    char *buf = bufs[turn++ % 2];
    const char *at = strstr(base, from);
    if (!at) {
        print_error("replace_once: '%s' not found\n", from);
        fail();
        return base;
    }
    /* Written in a buffer of its own first: 'base' may be the other one of bufs, and an
     * optimized build's -Wrestrict cannot tell the two apart. */
    char joined[sizeof bufs[0]];
    snprintf(joined, sizeof joined, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
    memcpy(buf, joined, sizeof joined);
    return buf;
}

void assert_near_at(double got, double want, double tol, const char *what, const char *file,
                    int line)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s:%d: %s = %.12g, expected %.12g (tolerance %g)\n", file, line, what, got,
                    want, tol);
        _fail(file, line);
    }
}

const char *with_section(const char *base, const char *key, const char *text)
{
    static char bufs[4][16384];
    static int turn;
    char *buf = bufs[turn++ % 4];
    char head[64];
    snprintf(head, sizeof head, "\n%s:", key);
    const char *at = strstr(base, head);
    if (!at) {
        print_error("with_section: no section '%s'\n", key);
        fail();
        return base;
    }
    at++; /* the start of the line "key:" */
    /* The end: the start of the next line that is not indented (or the end of the text). */
    const char *end = at;
    while ((end = strchr(end, '\n')) != NULL && *++end == ' ')
        ;
    if (!end)
        end = at + strlen(at);
    int n = snprintf(buf, sizeof bufs[0], "%.*s%s%s", (int)(at - base), base, text, end);
    assert_true(n > 0 && (size_t)n < sizeof bufs[0]);
    return buf;
}

da_scenario *load_path(const char *path)
{
    da_diags *diags = da_diags_new();
    da_scenario *scn = NULL;
    da_status st = da_scenario_load_file(path, diags, &scn);
    if (st != DA_OK)
        print_error("%s: %s\n%s", path, da_status_str(st), diags_text(diags));
    assert_int_equal(st, DA_OK);
    da_diags_free(diags);
    return scn;
}

int input_named(const da_analysis *an, const char *path)
{
    for (int i = 0; i < an->n_inputs; i++)
        if (strcmp(an->scn->params[an->pids[i]].path, path) == 0)
            return i;
    fail_msg("no input %s", path);
    return -1;
}

da_scenario *load_yaml_ok(const char *yaml)
{
    da_diags *diags = NULL;
    da_scenario *scn = NULL;
    if (load_string(yaml, &diags, &scn) != DA_OK)
        fail_msg("%s", diags_text(diags));
    da_diags_free(diags);
    return scn;
}

const char *chain_scenario(void)
{
    const char *yaml = replace_once(minimal_scenario, "horizon_days: 100\n", "horizon_days: 800\n");
    yaml = replace_once(yaml, "    population: 1000\n",
                        "    population: {dist: uniform, min: 900, max: 1100}\n");
    yaml = with_section(yaml, "milestones",
                        "milestones:\n"
                        "  - id: a\n"
                        "    delay_days: {dist: uniform, min: 0, max: 100}\n"
                        "  - id: b\n"
                        "    after: [a]\n"
                        "    delay_days: {dist: uniform, min: 0, max: 200}\n"
                        "  - id: c\n"
                        "    after: [b]\n"
                        "    delay_days: {dist: uniform, min: 0, max: 300}\n");
    return replace_once(yaml, "    starts_when: go\n", "    starts_when: c\n");
}

const char *two_contingents_scenario(void)
{
    const char *yaml = replace_once(minimal_scenario, "horizon_days: 100\n", "horizon_days: 200\n");
    yaml = replace_once(yaml, "  spoiler_incidents_per_100k_day: 0.2\n",
                        "  spoiler_incidents_per_100k_day: 0\n");
    return replace_once(yaml,
                        "      - id: s\n"
                        "        kind: pool\n"
                        "        size: 100\n"
                        "        vetting_pass: 0.9\n",
                        "      - {id: c1, kind: contingent, country: FR, size: 100,\n"
                        "         probability: 0.5, lead_time_days: 10, ramp_days: 1,\n"
                        "         paid_by: self}\n"
                        "      - {id: c2, kind: contingent, country: DE, size: 200,\n"
                        "         probability: 0.2, lead_time_days: 10, ramp_days: 1,\n"
                        "         paid_by: self}\n");
}

char *analysis_json(const da_analysis *an)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(da_analysis_write_json(an, f), DA_OK);
    fclose(f);
    return text;
}

/* DAYAFTER_TEST=PATTERN ('*' and '?' as wildcards) runs only the tests of a unit test program
 * whose names match: cmocka's filter, set before main() runs its group, so that no program
 * needs code of its own for it. */
__attribute__((constructor)) static void test_filter(void)
{
    const char *pattern = getenv("DAYAFTER_TEST");
    if (pattern && *pattern)
        cmocka_set_test_filter(pattern);
}

int signal_of_child(void (*fn)(void *arg), void *arg, char *err, size_t cap)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], 2);
        fn(arg);
        _exit(0);
    }
    close(fds[1]);
    size_t len = 0;
    ssize_t got;
    while (len + 1 < cap && (got = read(fds[0], err + len, cap - 1 - len)) > 0)
        len += (size_t)got;
    err[len] = '\0';
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/* The JSON of a run of 'scn' (its bytes, and their count in 'len'). */
char *json_of_run(const da_scenario *scn, uint64_t replications, int threads, uint64_t seed,
                  size_t *len)
{
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = replications;
    opt.threads = threads;
    opt.seed = seed;
    opt.use_seed = 1;
    da_results *res = NULL;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    assert_int_equal(da_results_write_json(res, f, "dayafter run"), DA_OK);
    assert_int_equal(fclose(f), 0);
    da_results_free(res);
    return buf;
}
