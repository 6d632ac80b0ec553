/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_load.c - loading whole scenarios: what the format example binds to, defaults,
 * references, parameter paths, the built-in scenarios, and the whole-scenario checks
 * (src/scenario/bind.c, check.c, load.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "scenario/scenario.h"

static const struct da_param *param_named(const struct da_scenario *scn, const char *path)
{
    for (size_t i = 0; i < scn->n_params; i++)
        if (strcmp(scn->params[i].path, path) == 0)
            return &scn->params[i];
    print_error("no parameter named %s\n", path);
    fail();
    return NULL;
}

static void test_load_format_example_binds_every_section(void **state)
{
    (void)state;
    struct da_scenario *scn = load_path(data_path("example.yaml"));
    assert_string_equal(scn->name, "Test scenario, two districts");
    assert_int_equal(scn->horizon_days, 730);
    assert_int_equal(scn->replications, 2000);
    assert_int_equal(scn->seed, 7);
    assert_int_equal(scn->n_areas, 2);
    assert_string_equal(scn->areas[1].id, "south");
    assert_near(scn_central(scn, scn->areas[0].population), 400000, 0);
    assert_near(scn_central(scn, scn->areas[0].risk), 1.5, 0);
    assert_int_equal(scn->n_milestones, 5);
    const struct da_milestone *pc = &scn->milestones[4];
    assert_string_equal(pc->id, "partners_commit");
    assert_int_equal(pc->n_any_of, 2);
    assert_int_equal(pc->any_of[0].index, 2); /* approval */
    assert_int_equal(pc->any_of[1].index, 3); /* two_state_commitment */
    assert_int_equal(scn->humanitarian.n_crossings, 2);
    assert_int_equal(scn->humanitarian.crossings[1].after[0].index, 2);
    assert_near(scn_central(scn, scn->humanitarian.truck_shares.share[CARGO_MATERIALS]), 0.15, 0);
    assert_int_equal(scn->reconstruction.starts_after.index, 2);
    const struct da_sector *water = &scn->reconstruction.sectors[1];
    assert_string_equal(water->id, "water");
    assert_near(scn_central(scn, water->damaged_by_area[1]), 10, 0);
    assert_near(scn_central(scn, water->restores.m3_day), 1000, 0);
    assert_int_equal(scn->n_donors, 3);
    const struct da_pledge *any = &scn->donors[1].pledges[1];
    assert_int_equal(any->purpose, PURPOSE_ANY);
    assert_true(any->has_options);
    assert_int_equal(any->options[0].index, 1); /* multinational */
    assert_true(scn->donors[0].pledges[0].per_year);
    assert_int_equal(scn->funding.order[0], PURPOSE_HUMANITARIAN);
    assert_int_equal(scn->funding.order[2], PURPOSE_RECONSTRUCTION);
    const struct da_option *local = &scn->options[0];
    assert_int_equal(local->allocation, ALLOCATION_NEED);
    assert_int_equal(scn->options[1].allocation, ALLOCATION_POPULATION);
    assert_int_equal(local->n_training_centers, 2);
    assert_int_equal(local->training_centers[1].opens_after.index, 4);
    assert_int_equal(local->sources[1].kind, SOURCE_RECRUITMENT);
    assert_int_equal(local->sources[1].center.index, 1); /* regional_center */
    const struct da_source *pa = &scn->options[1].sources[0];
    assert_int_equal(pa->kind, SOURCE_CONTINGENT);
    assert_string_equal(pa->country, "EG");
    assert_true(pa->rotates);
    assert_true(pa->has_areas);
    assert_int_equal(pa->areas[0].index, 1);
    /* 14 distributions are written in the file, and six probabilities below 1 make six
     * chances (test_chances.c); everything else is a constant. */
    assert_int_equal(da_scenario_uncertain_count(scn), 20);
    assert_int_equal(da_scenario_chance_count(scn), 6);
    da_scenario_free(scn);
}

static void test_load_defaults_are_those_of_model_md(void **state)
{
    (void)state;
    struct da_scenario *scn = load_path(data_path("example.yaml"));
    const struct da_param *p = param_named(scn, "milestones.ceasefire.probability");
    assert_true(p->is_default);
    assert_near(p->central, 1, 0);
    assert_near(param_named(scn, "humanitarian.tonnes_per_truck")->central, 20, 0);
    p = param_named(scn, "options.local_force.training_centers.academy.cost_per_trainee_usd");
    assert_false(p->is_default);
    p = param_named(scn, "options.multinational.sources.partner_b.ramp_days");
    assert_false(p->is_default);
    assert_near(param_named(scn, "options.local_force.sources.existing.vetting_days")->central, 21,
                0);
    p = param_named(scn, "donors.un_agencies.pledges.0.probability");
    assert_true(p->is_default);
    assert_near(p->central, 1, 0);
    p = param_named(scn, "options.multinational.attrition_per_year");
    assert_true(p->is_default);
    assert_near(p->central, 0, 0);
    p = param_named(scn, "options.multinational.arrears_attrition_multiplier");
    assert_near(p->central, 1, 0);
    assert_false(scn->options[1].sources[1].has_areas); /* partner_b: every area */
    da_scenario_free(scn);

    da_diags *diags;
    assert_int_equal(load_string(minimal_scenario, &diags, (da_scenario **)&scn), DA_OK);
    assert_int_equal(scn->replications, 10000);
    assert_int_equal(scn->seed, 1);
    assert_string_equal(scn->description, "");
    assert_near(scn_central(scn, scn->humanitarian.standards.water_l), 15, 0);
    assert_near(scn_central(scn, scn->humanitarian.standards.food_kg), 0.555, 0);
    assert_near(scn_central(scn, scn->humanitarian.standards.beds_per_10k), 18, 0);
    assert_near(scn_central(scn, scn->humanitarian.access_floor), 0, 0);
    assert_near(scn_central(scn, scn->areas[0].risk), 1, 0);
    const struct da_source *s = &scn->options[0].sources[0];
    assert_true(isinf(scn_central(scn, s->vetting_per_day)));
    assert_near(scn_central(scn, s->vetting_days), 1, 0);
    assert_null(s->center.name);
    assert_int_equal(scn->funding.order[1], PURPOSE_SECURITY);
    assert_int_equal(da_scenario_uncertain_count((da_scenario *)scn), 0);
    da_scenario_free((da_scenario *)scn);
    da_diags_free(diags);
}

static void test_load_paths_name_items_by_id_or_index(void **state)
{
    (void)state;
    struct da_scenario *scn = load_path(data_path("example.yaml"));
    const struct da_param *p = param_named(scn, "milestones.approval.delay_days");
    assert_int_equal(p->dist.kind, DIST_LOGNORMAL);
    assert_int_equal(p->at.line, 49); /* where tests/data/example.yaml writes it */
    assert_int_equal(p->at.column, 17);
    assert_int_equal(
        param_named(scn, "options.local_force.sources.existing.vetting_pass")->dist.kind,
        DIST_BETA);
    assert_int_equal(param_named(scn, "donors.us_dod.pledges.0.amount_usd")->dist.kind,
                     DIST_TRIANGULAR);
    assert_int_equal(param_named(scn, "humanitarian.crossings.0.trucks_per_day")->dist.kind,
                     DIST_TRIANGULAR);
    assert_near(param_named(scn, "reconstruction.sectors.housing.damaged_units.north")->central,
                50000, 0);
    da_scenario_free(scn);
}

static void test_load_builtin_scenarios(void **state)
{
    (void)state;
    assert_true(da_example_count() >= 2);
    const char *names[] = {"gaza", "gaza-2026"};
    for (size_t i = 0; i < 2; i++) {
        const char *text;
        size_t len;
        assert_int_equal(da_example_text(names[i], &text, &len), DA_OK);
        assert_int_equal(strlen(text), len);
        da_diags *diags = da_diags_new();
        da_scenario *scn;
        da_status st = da_scenario_load_buffer(names[i], text, len, diags, &scn);
        if (st != DA_OK)
            print_error("%s\n", diags_text(diags));
        assert_int_equal(st, DA_OK);
        assert_int_equal(da_scenario_area_count(scn), 5);
        assert_true(da_scenario_option_count(scn) >= 2);
        assert_true(da_scenario_uncertain_count(scn) > 50);
        /* The compiled-in text is the file under scenarios/. */
        char rel[64];
        snprintf(rel, sizeof rel, "scenarios/%s.yaml", names[i]);
        char *file = read_text_file(source_path(rel), NULL);
        assert_non_null(file);
        assert_string_equal(file, text);
        free(file);
        da_scenario_free(scn);
        da_diags_free(diags);
    }
    const char *text;
    size_t len;
    assert_int_equal(da_example_text("atlantis", &text, &len), DA_ERR_NOTFOUND);
}

static void test_load_gaza_options_are_those_of_the_proposal(void **state)
{
    (void)state;
    struct da_scenario *scn = load_path(source_path("scenarios/gaza.yaml"));
    assert_int_equal(scn->n_options, 3);
    assert_string_equal(scn->options[0].id, "pa_force");
    assert_string_equal(scn->options[1].id, "multinational");
    assert_string_equal(scn->options[2].id, "hybrid");
    /* The Palestinian-led force draws on a pool of about 20,000 PA-backed personnel. */
    const struct da_option *pa = &scn->options[0];
    bool pool = false;
    for (size_t i = 0; i < pa->n_sources; i++) {
        if (pa->sources[i].kind == SOURCE_POOL) {
            double size = scn_central(scn, pa->sources[i].size);
            pool = pool || (size >= 15000 && size <= 22000);
        }
    }
    assert_true(pool);
    /* No US troops on the ground: no contingent from the US, and the constraint is stated. */
    assert_int_equal(scn->constraints.n_no_troops_from, 1);
    assert_string_equal(scn->constraints.no_troops_from[0].name, "US");
    double people = 0;
    for (size_t i = 0; i < scn->n_areas; i++)
        people += scn_central(scn, scn->areas[i].population);
    assert_true(people > 2.0e6 && people < 2.4e6);
    da_scenario_free(scn);
}

static void test_load_problems_in_one_pass(void **state)
{
    (void)state;
    const char *yaml =
        replace_once(minimal_scenario, "    population: 1000\n", "    population: -1000\n");
    yaml = replace_once(yaml, "    starts_when: go\n", "    starts_when: goo\n");
    yaml = replace_once(yaml, "  tau_days: 30\n", "  tau_dys: 30\n");
    assert_problems(yaml,
                    "7:17: areas.a.population: expected a number from 1 to 10^10, found -1000\n"
                    "18:3: security: unknown key 'tau_dys'; did you mean 'tau_days'?\n"
                    "37:18: options.o.starts_when: unknown milestone 'goo'; did you mean "
                    "'go'?\n");
}

static void test_load_unknown_ids_list_the_known_ones(void **state)
{
    (void)state;
    /* "og" is two edits from "go" (a swap counts as one, but a two-letter word is too short
     * to guess from): no suggestion, the known ids instead. */
    const char *yaml =
        replace_once(minimal_scenario, "    starts_when: go\n", "    starts_when: og\n");
    assert_problems(yaml,
                    "37:18: options.o.starts_when: unknown milestone 'og' (milestones has: "
                    "go)\n");
    yaml = replace_once(minimal_scenario, "    delay_days: 10\n",
                        "    delay_days: 10\n"
                        "    after: nothing_like_it\n");
    yaml = replace_once(yaml, "milestones:\n", "milestones:\n  - id: alpha\n    delay_days: 1\n");
    assert_problems(yaml,
                    "18:12: milestones.go.after: unknown milestone 'nothing_like_it' "
                    "(milestones has: alpha, go)\n");
}

static void test_load_cycles_are_named(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "  - id: go\n    delay_days: 10\n",
                                    "  - id: go\n    after: [c]\n    delay_days: 10\n"
                                    "  - id: b\n    after: go\n    delay_days: 1\n"
                                    "  - id: c\n    any_of: [b]\n    delay_days: 1\n");
    assert_problems(yaml,
                    "18:12: milestones.b.after: the milestones wait for each other in a "
                    "cycle: go -> c -> b -> go\n");
}

static void test_load_constraints_and_sums(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "  truck_shares: {food: 0.6, water: 0.4}",
                                    "  truck_shares: {food: 0.6, water: 0.3}");
    assert_problems(yaml,
                    "24:17: humanitarian.truck_shares: the shares must sum to 1, found 0.9 "
                    "(food 0.6 + water 0.3)\n");
    yaml = replace_once(minimal_scenario, "name: Minimal\n",
                        "name: Minimal\nconstraints: {no_troops_from: [US]}\n");
    yaml = replace_once(yaml, "        kind: pool\n        size: 100\n        vetting_pass: 0.9\n",
                        "        kind: contingent\n        country: us\n        size: 100\n"
                        "        lead_time_days: 5\n");
    assert_problems(yaml,
                    "42:18: options.o.sources.s.country: a contingent from us, but "
                    "constraints.no_troops_from (line 3) rules out troops from US\n");
}

/* The minimal scenario with a chain of 'n' milestones m0 <- m1 <- ... and "go" waiting for all
 * of them; with 'cycle', m0 also waits for go. The caller frees the text. */
static char *long_chain(int n, bool cycle)
{
    size_t cap = (size_t)n * 120 + 4096, used = 0;
    char *ms = malloc(cap);
    used +=
        (size_t)snprintf(ms + used, cap - used, "milestones:\n  - id: m0\n%s    delay_days: 1\n",
                         cycle ? "    after: go\n" : "");
    for (int i = 1; i < n; i++)
        used += (size_t)snprintf(ms + used, cap - used,
                                 "  - id: m%d\n    after: m%d\n    delay_days: 1\n", i, i - 1);
    used += (size_t)snprintf(ms + used, cap - used, "  - id: go\n    after: [");
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(ms + used, cap - used, "%sm%d", i ? ", " : "", i);
    snprintf(ms + used, cap - used, "]\n    delay_days: 10\n");
    const char *rest = strstr(minimal_scenario, "security:\n");
    int head = (int)(strstr(minimal_scenario, "milestones:\n") - minimal_scenario);
    size_t total = (size_t)head + strlen(ms) + strlen(rest) + 1;
    char *yaml = malloc(total);
    snprintf(yaml, total, "%.*s%s%s", head, minimal_scenario, ms, rest);
    free(ms);
    return yaml;
}

/* A long chain of milestones and a long list of prerequisites: the checks stay linear and use
 * no recursion (the test's time limit catches a quadratic or exponential walk). The chain is
 * as long as a scenario may have (10,000 milestones with "go"); one more is refused. */
static void test_load_long_chains_and_lists(void **state)
{
    (void)state;
    enum { N = 9999 };
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    char *yaml = long_chain(N, false);
    da_status st = da_scenario_load_buffer("long.yaml", yaml, strlen(yaml), diags, &scn);
    if (st != DA_OK)
        print_error("%s", diags_text(diags));
    assert_int_equal(st, DA_OK);
    assert_int_equal(da_scenario_milestone_count(scn), N + 1);
    da_scenario_free(scn);
    free(yaml);
    /* Closed into cycles (m0 waits for go, which waits for every m): one wrong reference, one
     * message, though every m is on a cycle. */
    yaml = long_chain(N, true);
    assert_int_equal(da_scenario_load_buffer("long.yaml", yaml, strlen(yaml), diags, &scn),
                     DA_ERR_INPUT);
    assert_int_equal(da_diags_count(diags), 1);
    da_diag d = da_diags_get(diags, 0);
    assert_string_equal(d.message,
                        "milestones.go.after: the milestones wait for each other in a "
                        "cycle: m0 -> go -> m0");
    free(yaml);
    /* One milestone too many. */
    da_diags_clear(diags);
    yaml = long_chain(N + 1, false);
    assert_int_equal(da_scenario_load_buffer("long.yaml", yaml, strlen(yaml), diags, &scn),
                     DA_ERR_INPUT);
    assert_int_equal(da_diags_count(diags), 1);
    assert_string_equal(da_diags_get(diags, 0).message,
                        "milestones: expected at most 10000 milestones, found 10001");
    free(yaml);
    da_diags_free(diags);
}

static void test_load_file_errors(void **state)
{
    (void)state;
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    assert_int_equal(da_scenario_load_file("/nonexistent/x.yaml", diags, &scn), DA_ERR_IO);
    assert_null(scn);
    assert_string_equal(diags_text(diags),
                        "1:1: cannot open the file: No such file or directory\n");
    da_diags_clear(diags);
    assert_int_equal(da_scenario_load_file("/", diags, &scn), DA_ERR_IO);
    assert_string_equal(diags_text(diags), "1:1: cannot read the file: Is a directory\n");
    da_diags_clear(diags);
    size_t big = DA_SCENARIO_MAX_BYTES + 1;
    char *text = malloc(big);
    memset(text, '#', big);
    assert_int_equal(da_scenario_load_buffer("big.yaml", text, big, diags, &scn), DA_ERR_LIMIT);
    assert_string_equal(diags_text(diags),
                        "1:1: the file is too large (16777217 bytes); a "
                        "scenario may have at most 16777216 bytes\n");
    free(text);
    da_diags_free(diags);
}

/* A file or stream past the limit: the message gives a file's real size, read or not (the
 * reader stops one byte past the limit), and only "more than" for a stream without one. */
static void test_load_too_large_gives_the_real_size(void **state)
{
    (void)state;
    da_diags *diags = da_diags_new();
    da_scenario *scn;
    char path[] = "/tmp/dayafter-test-load-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 40 * 1024 * 1024), 0); /* past twice the limit */
    close(fd);
    assert_int_equal(da_scenario_load_file(path, diags, &scn), DA_ERR_LIMIT);
    assert_null(scn);
    assert_string_equal(diags_text(diags),
                        "1:1: the file is too large (41943040 bytes); a "
                        "scenario may have at most 16777216 bytes\n");
    unlink(path);
    da_diags_clear(diags);
    size_t big = DA_SCENARIO_MAX_BYTES + 100;
    char *text = malloc(big);
    assert_non_null(text);
    memset(text, '#', big);
    FILE *stream = fmemopen(text, big, "r");
    assert_non_null(stream);
    assert_int_equal(da_scenario_load_stream("<stdin>", stream, diags, &scn), DA_ERR_LIMIT);
    assert_string_equal(diags_text(diags),
                        "1:1: the file is too large (more than 16777216 "
                        "bytes); a scenario may have at most 16777216 bytes\n");
    fclose(stream);
    free(text);
    da_diags_free(diags);
}

/* The "# source:" note of the parameter at 'path', or "(none)". */
static const char *note_of(const struct da_scenario *scn, const char *path)
{
    const struct da_param *p = param_named(scn, path);
    return p->source ? p->source : "(none)";
}

/*
 * Sources are read off the file's comments: at the end of the value's line; in the comment
 * block right above the key, from its "source:" line on (an unrelated note before it is left
 * out, a continuation line after it is kept); above the key of a value written as a block
 * mapping; not when "source:" is not the comment's first word; none for a key left out.
 */
static void test_load_source_notes(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "    population: 1000\n",
                                    "    population: 1000  # source: PCBS 2023 (A)\n");
    yaml = replace_once(yaml, "    area_km2: 10\n",
                        "    # an unrelated note\n"
                        "    # source: Wikipedia \"Gaza\"\n"
                        "    #   (PCBS table)\n"
                        "    area_km2: 10\n");
    yaml = replace_once(yaml, "    hospital_beds: 2\n", "    hospital_beds: 2 #source:WHO\n");
    yaml = replace_once(yaml, "    delay_days: 10\n",
                        "    # source: Politico 28 Mar 2024\n"
                        "    delay_days:\n"
                        "      dist: pert\n"
                        "      min: 5\n"
                        "      mode: 10\n"
                        "      max: 20\n");
    yaml = replace_once(yaml, "  tau_days: 30\n", "  tau_days: 30  # days # source: not this\n");
    da_diags *diags = NULL;
    struct da_scenario *scn = NULL;
    assert_int_equal(load_string(yaml, &diags, (da_scenario **)&scn), DA_OK);
    assert_string_equal(note_of(scn, "areas.a.population"), "PCBS 2023 (A)");
    assert_string_equal(note_of(scn, "areas.a.area_km2"), "Wikipedia \"Gaza\" (PCBS table)");
    assert_string_equal(note_of(scn, "areas.a.hospital_beds"), "WHO");
    assert_string_equal(note_of(scn, "milestones.go.delay_days"), "Politico 28 Mar 2024");
    assert_string_equal(note_of(scn, "security.tau_days"), "(none)");
    assert_string_equal(note_of(scn, "areas.a.displaced_share"), "(none)");
    assert_string_equal(note_of(scn, "areas.a.risk"), "(none)"); /* left out: the default */
    da_scenario_free(scn);
    da_diags_free(diags);
}

static void test_load_contingent_named_once_against_the_first_country(void **state)
{
    (void)state;
    /* Three spellings of one country, compared ignoring case: one mistake, one message,
     * against the first. */
    const char *yaml = replace_once(minimal_scenario, "name: Minimal\n",
                                    "name: Minimal\nconstraints: {no_troops_from: [US, us, Us]}\n");
    yaml = replace_once(yaml, "        kind: pool\n        size: 100\n        vetting_pass: 0.9\n",
                        "        kind: contingent\n        country: uS\n        size: 100\n"
                        "        lead_time_days: 5\n");
    assert_problems(yaml,
                    "42:18: options.o.sources.s.country: a contingent from uS, but "
                    "constraints.no_troops_from (line 3) rules out troops from US\n");
}

/* A country written with a space at an end, a character that shows nothing, or fullwidth
 * letters is no other country: the first two are refused where they stand, the third is the
 * country it spells. */
static void test_load_country_spelled_otherwise(void **state)
{
    (void)state;
    /* A copy: replace_once()'s two buffers are used in turn */
    char *with_us = strdup(replace_once(minimal_scenario, "name: Minimal\n",
                                        "name: Minimal\nconstraints: {no_troops_from: [US]}\n"));
    assert_non_null(with_us);
    static const struct {
        const char *country, *problem;
    } cases[] = {
        {"\"US \"",
         "42:18: options.o.sources.s.country: the country ends with a space: write "
         "it without (countries are compared as written, ignoring case)\n"},
        {"\" US\"",
         "42:18: options.o.sources.s.country: the country begins with a space: "
         "write it without (countries are compared as written, ignoring case)\n"},
        {"\"U\\u200BS\"",
         "42:18: options.o.sources.s.country: character 2 is U+200B, which shows nothing: write "
         "the country without it (countries are compared as written, ignoring case)\n"},
        {"\"\xEF\xBC\xB5\xEF\xBC\xB3\"", /* U+FF35 U+FF33, fullwidth U and S */
         "42:18: options.o.sources.s.country: a contingent from \xEF\xBC\xB5\xEF\xBC\xB3, but "
         "constraints.no_troops_from (line 3) rules out troops from US\n"},
        {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", /* 65 */
         "42:18: options.o.sources.s.country: a country of more than 64 characters: write its "
         "code (such as EG) or its name\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char source[256];
        snprintf(source, sizeof source,
                 "        kind: contingent\n        country: %s\n        size: 100\n"
                 "        lead_time_days: 5\n",
                 cases[i].country);
        assert_problems(replace_once(with_us,
                                     "        kind: pool\n        size: 100\n"
                                     "        vetting_pass: 0.9\n",
                                     source),
                        cases[i].problem);
    }
    free(with_us);
    /* A name with spaces inside, of 64 characters (the most), is a country like any other. */
    const char *named = replace_once(
        minimal_scenario, "        kind: pool\n        size: 100\n        vetting_pass: 0.9\n",
        "        kind: contingent\n"
        "        country: Republic of Somewhere Far Away And With A Rather Long Name, Okay\n"
        "        size: 100\n        lead_time_days: 5\n");
    da_diags *diags = NULL;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(named, &diags, &scn), DA_OK);
    assert_string_equal(diags_text(diags), "");
    da_scenario_free(scn);
    da_diags_free(diags);
    /* The constraint's own list is held to the same. */
    assert_problems(replace_once(minimal_scenario, "name: Minimal\n",
                                 "name: Minimal\nconstraints: {no_troops_from: [\"US \"]}\n"),
                    "3:32: constraints.no_troops_from: the country ends with a space: write "
                    "it without (countries are compared as written, ignoring case)\n");
}

/* The minimal scenario with 'n' more milestones, m0 to m(n - 1), before "go"; the caller frees
 * the text. */
static char *many_milestones(int n, const char *go_after)
{
    size_t cap = (size_t)n * 48 + strlen(minimal_scenario) + 256, used = 0;
    char *yaml = malloc(cap);
    const char *ms = strstr(minimal_scenario, "milestones:\n") + strlen("milestones:\n");
    used += (size_t)snprintf(yaml, cap, "%.*s", (int)(ms - minimal_scenario), minimal_scenario);
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(yaml + used, cap - used, "  - id: m%d\n    delay_days: 1\n", i);
    used += (size_t)snprintf(yaml + used, cap - used, "  - id: ceasefire\n    delay_days: 1\n");
    snprintf(yaml + used, cap - used, "  - id: go\n    after: %s\n%s", go_after,
             strstr(minimal_scenario, "    delay_days: 10\n"));
    return yaml;
}

static void test_load_suggestions_among_many_ids(void **state)
{
    (void)state;
    /* More milestones than a lookup reads whole (TEXT_INDEX_SCAN_ALL): typos are still
     * caught, at the start of a word, at its end, and the same one twice. */
    char *yaml = many_milestones(400, "[xeasefire, ceasefirr, ceasfire]");
    size_t cap = strlen(yaml) + 64;
    char *twice = malloc(cap);
    const char *at = strstr(yaml, "    starts_when: go\n");
    assert_non_null(at);
    snprintf(twice, cap, "%.*s    starts_when: ceasfire\n%s", (int)(at - yaml), yaml,
             at + strlen("    starts_when: go\n"));
    da_diags *diags;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(twice, &diags, &scn), DA_ERR_INPUT);
    assert_string_equal(diags_text(diags),
                        "817:13: milestones.go.after: unknown milestone 'xeasefire'; did you mean "
                        "'ceasefire'?\n"
                        "817:24: milestones.go.after: unknown milestone 'ceasefirr'; did you mean "
                        "'ceasefire'?\n"
                        "817:35: milestones.go.after: unknown milestone 'ceasfire'; did you mean "
                        "'ceasefire'?\n"
                        "840:18: options.o.starts_when: unknown milestone 'ceasfire'; did you mean "
                        "'ceasefire'?\n");
    da_diags_free(diags);
    free(twice);
    free(yaml);
    /* Nothing like any of them: the first twelve are listed instead. */
    yaml = many_milestones(400, "nothing_like_these");
    assert_int_equal(load_string(yaml, &diags, &scn), DA_ERR_INPUT);
    assert_string_equal(
        diags_text(diags),
        "817:12: milestones.go.after: unknown milestone 'nothing_like_these' "
        "(milestones has: m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, ...)\n");
    da_diags_free(diags);
    free(yaml);
}

static void test_load_correlations_count_their_inputs(void **state)
{
    (void)state;
    /* 33 pairs of uncertain inputs, 66 in all: more than a matrix may have, counted before
     * any matrix is made. */
    enum { PAIRS = 33 };
    size_t cap = 64 * 1024, used = 0;
    char *ms = malloc(cap), *yaml = malloc(2 * cap);
    used += (size_t)snprintf(ms, cap, "milestones:\n  - id: go\n    delay_days: 10\n");
    for (int i = 0; i < 2 * PAIRS; i++)
        used +=
            (size_t)snprintf(ms + used, cap - used,
                             "  - id: m%d\n    delay_days: {dist: uniform, min: 1, max: 2}\n", i);
    const char *rest = strstr(minimal_scenario, "security:\n");
    int head = (int)(strstr(minimal_scenario, "milestones:\n") - minimal_scenario);
    used = (size_t)snprintf(yaml, 2 * cap, "%.*s%s%scorrelations:\n", head, minimal_scenario, ms,
                            rest);
    for (int i = 0; i < PAIRS; i++)
        used += (size_t)snprintf(yaml + used, 2 * cap - used,
                                 "  - between: [milestones.m%d.delay_days, "
                                 "milestones.m%d.delay_days]\n    rank: 0.1\n",
                                 2 * i, 2 * i + 1);
    da_diags *diags;
    da_scenario *scn = NULL;
    assert_int_equal(load_string(yaml, &diags, &scn), DA_ERR_INPUT);
    assert_int_equal(da_diags_count(diags), 1);
    assert_string_equal(da_diags_get(diags, 0).message,
                        "correlations: 66 inputs are correlated; at most 64 may be");
    da_diags_free(diags);
    free(ms);
    free(yaml);
}

static void test_load_source_notes_of_inputs_on_one_line(void **state)
{
    (void)state;
    /* Every input of a flow mapping shares its line's note, which is looked for once. */
    const char *yaml = replace_once(minimal_scenario,
                                    "  - id: a\n    name: Area A\n"
                                    "    population: 1000\n    area_km2: 10\n"
                                    "    displaced_share: 0.5\n    security_baseline: 0.2\n"
                                    "    water_capacity_m3_day: 5\n    hospital_beds: 2\n",
                                    "  # source: census\n"
                                    "  - {id: a, name: Area A, population: 1000, area_km2: 10, "
                                    "displaced_share: 0.5, security_baseline: 0.2, "
                                    "water_capacity_m3_day: 5, hospital_beds: 2}\n");
    da_diags *diags = NULL;
    struct da_scenario *scn = NULL;
    assert_int_equal(load_string(yaml, &diags, (da_scenario **)&scn), DA_OK);
    assert_string_equal(note_of(scn, "areas.a.population"), "census");
    assert_string_equal(note_of(scn, "areas.a.hospital_beds"), "census");
    assert_string_equal(note_of(scn, "security.tau_days"), "(none)");
    da_scenario_free(scn);
    da_diags_free(diags);
}

/* An aliased input is given where the alias stands: its line is the alias's, and its note is
 * the one beside the alias or above its key, as any input's is, else the anchor's, whose value
 * it repeats; the anchor's stays its own. */
static void test_load_source_notes_of_aliased_inputs(void **state)
{
    (void)state;
    const char *yaml = replace_once(minimal_scenario, "  required_per_1000: 10\n",
                                    "  required_per_1000: &k 10  # source: anchor note\n");
    yaml = replace_once(yaml, "  tau_days: 30\n", "  tau_days: *k  # source: alias note\n");
    yaml = replace_once(yaml, "  spoiler_incidents_per_100k_day: 0.2\n",
                        "  spoiler_incidents_per_100k_day: *k\n");
    da_diags *diags = NULL;
    struct da_scenario *scn = NULL;
    assert_int_equal(load_string(yaml, &diags, (da_scenario **)&scn), DA_OK);
    assert_string_equal(note_of(scn, "security.required_per_1000"), "anchor note");
    assert_string_equal(note_of(scn, "security.tau_days"), "alias note");
    assert_string_equal(note_of(scn, "security.spoiler_incidents_per_100k_day"), "anchor note");
    assert_int_equal(param_named(scn, "security.required_per_1000")->at.line, 17);
    assert_int_equal(param_named(scn, "security.tau_days")->at.line, 18);
    assert_int_equal(param_named(scn, "security.tau_days")->at.column, 13);
    assert_int_equal(param_named(scn, "security.spoiler_incidents_per_100k_day")->at.line, 20);
    da_scenario_free(scn);
    da_diags_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_format_example_binds_every_section),
        cmocka_unit_test(test_load_defaults_are_those_of_model_md),
        cmocka_unit_test(test_load_paths_name_items_by_id_or_index),
        cmocka_unit_test(test_load_builtin_scenarios),
        cmocka_unit_test(test_load_gaza_options_are_those_of_the_proposal),
        cmocka_unit_test(test_load_problems_in_one_pass),
        cmocka_unit_test(test_load_unknown_ids_list_the_known_ones),
        cmocka_unit_test(test_load_cycles_are_named),
        cmocka_unit_test(test_load_constraints_and_sums),
        cmocka_unit_test(test_load_long_chains_and_lists),
        cmocka_unit_test(test_load_file_errors),
        cmocka_unit_test(test_load_too_large_gives_the_real_size),
        cmocka_unit_test(test_load_source_notes),
        cmocka_unit_test(test_load_contingent_named_once_against_the_first_country),
        cmocka_unit_test(test_load_country_spelled_otherwise),
        cmocka_unit_test(test_load_suggestions_among_many_ids),
        cmocka_unit_test(test_load_correlations_count_their_inputs),
        cmocka_unit_test(test_load_source_notes_of_inputs_on_one_line),
        cmocka_unit_test(test_load_source_notes_of_aliased_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
