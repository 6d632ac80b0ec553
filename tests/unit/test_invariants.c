/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_invariants.c - what must hold in every replication, whatever the draws: no negative
 * stock, money conserved, people conserved through the pipelines, no more deployed than
 * exist; and the run's reproducibility: the same JSON bytes for 1, 2 and 4 threads, other
 * bytes for another seed.
 *
 * The worlds are driven as replication.c drives them (draw_replication, milestones_timeline, then
 * replication_option for each option), over several replications of the test scenario
 * (tests/data/example.yaml) and of the built-in gaza scenario, as written and in variants: without
 * attrition (so that people can be counted through the pipelines), with a hundredth of the money
 * (so that every shortfall path runs: arrears, partial admissions, partial building), and cut to
 * shorter horizons (the same worlds seen on an earlier day); and over a small
 * scenario with wide distributions on everything, written to take every path (sources sharing
 * a center, recruitment, contingents that come or not, crossings that open and close).
 * The deterministic replication is checked too. The keys of docs/model.md section 9 are
 * checked the same way: tests/data/v2-example.yaml, and the small scenario with effects (a
 * value, a scale, every area), lapses with and without recovery, returns on their own, a
 * contingent paid by its own country and a distribution of the IOC coverage; for those, also
 * the displaced people (still displaced, or returned on their own or to rebuilt housing) and
 * the parameters in force, and, over whole runs, the reasons why an option falls short, whose
 * shares add up to 1 - p_deployed_by.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/replication.h"
#include "engine/results.h"
#include "helpers.h"
#include "model/rng.h"

#define REPLICATIONS 6

/* 'text' with every 'from' replaced by 'to'; free() it. */
static char *replace_all(const char *text, const char *from, const char *to)
{
    size_t n = 0, lf = strlen(from), lt = strlen(to);
    for (const char *p = strstr(text, from); p; p = strstr(p + lf, from))
        n++;
    assert_true(n > 0);
    char *out = malloc(strlen(text) + n * lt + 1);
    assert_non_null(out);
    char *o = out;
    const char *p = text;
    for (const char *q = strstr(p, from); q; q = strstr(p, from)) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, to, lt);
        o += lt;
        p = q + lf;
    }
    memcpy(o, p, strlen(p) + 1);
    return out;
}

static char *format_example_text(void)
{
    char *text = read_text_file(data_path("example.yaml"), NULL);
    assert_non_null(text);
    return text;
}

/* The built-in Gaza scenario without its check_days line and its record (the observed list,
 * its last section), so that its horizon can be shortened (their days must lie within it). */
static char *gaza_text(void)
{
    const char *text;
    size_t len;
    assert_int_equal(da_example_text("gaza", &text, &len), DA_OK);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, text, len + 1);
    char *line = strstr(copy, "\ncheck_days:");
    if (line) {
        char *end = strchr(line + 1, '\n');
        memmove(line, end, strlen(end) + 1);
    }
    char *record = strstr(copy, "\nobserved:");
    if (record)
        record[1] = '\0';
    return copy;
}

static da_scenario *load_text(const char *yaml)
{
    da_diags *diags = da_diags_new();
    da_scenario *scn = NULL;
    da_status st = da_scenario_load_buffer("t.yaml", yaml, strlen(yaml), diags, &scn);
    if (st != DA_OK)
        print_error("scenario does not load:\n%s", diags_text(diags));
    da_diags_free(diags);
    assert_int_equal(st, DA_OK);
    return scn;
}

/* ---- the invariants of one world --------------------------------------------------------------
 */

#define EPS 1e-6

static int failures;

static void check(bool ok, const char *what, const char *where, int o, double got, double want)
{
    if (ok)
        return;
    if (failures++ < 20)
        print_error("%s, option %d: %s: %.10g (expected %.10g)\n", where, o, what, got, want);
}

static void nonnegative(double v, const char *what, const char *where, int o)
{
    check(v >= -EPS, what, where, o, v, 0);
}

/* |got - want| within EPS relative to 'scale' (at least 1). */
static void equal(double got, double want, double scale, const char *what, const char *where, int o)
{
    check(fabs(got - want) <= EPS * fmax(1, fabs(scale)), what, where, o, got, want);
}

/* The people of source 's' at the end of day H - 1, counted through its pipeline. */
static void check_people(const struct world *w, const struct source_state *s, int H,
                         const char *where)
{
    const struct da_source *src = s->src;
    double pass = wx(w, src->vetting_pass);
    double in_vetting = 0, failed = 0, in_training = 0, washed_out = 0;
    for (int d = 0; d < H; d++) {
        /* The cohort of day d passes (or fails) in the flows of day d + vet_days. */
        if (d + s->vet_days <= H - 1)
            failed += s->vet_in[d] * (1 - pass);
        else
            in_vetting += s->vet_in[d];
    }
    if (s->center >= 0) {
        const struct center_state *c = &w->centers[s->center];
        double washout = wx(w, w->opt->training_centers[s->center].washout);
        for (int d = 0; d < H; d++) {
            /* The cohort admitted on day d graduates in the flows of day d + course_days. */
            if (d + c->course_days <= H - 1)
                washed_out += s->admitted[d] * washout;
            else
                in_training += s->admitted[d];
        }
    }
    double total = src->kind == SOURCE_POOL ? wx(w, src->size) : *s->arrived;
    double counted = *s->remaining + *s->waiting_vet + in_vetting + *s->queue + in_training +
                     *s->waiting_equip + *s->equipped + *s->deployed + failed + washed_out;
    equal(counted, total, total, "people through the pipeline", where, w->option);
    if (src->kind == SOURCE_RECRUITMENT)
        check(*s->arrived <= wx(w, src->cap) + EPS, "recruits above the cap", where, w->option,
              *s->arrived, wx(w, src->cap));
}

static void check_world(const struct world *w, const char *where)
{
    const struct plan *plan = w->plan;
    int o = w->option, H = plan->horizon, A = plan->n_areas, D = plan->n_donors;
    /* Money: no negative balance; income = spent + what the pools hold; the donors' spending
     * adds up to the purposes'. */
    double held = 0, spent = 0, by_donor = 0;
    for (int k = 0; k < N_POOLS * D; k++) {
        nonnegative(w->sh.pools[k], "a pool's balance", where, o);
        held += w->sh.pools[k];
    }
    for (int p = 0; p < N_POOL_PURPOSES; p++) {
        nonnegative(*world_spent(w, p), "spending", where, o);
        spent += *world_spent(w, p);
    }
    for (int d = 0; d < D; d++)
        by_donor += w->sh.spent_by_donor[d];
    /* A contingent paid by its own country (section 9.5): its pay enters and leaves on the same
     * day, counted in the income, in security's spending and under the payer "self:COUNTRY"
     * of cost_by_donor, so the payers' spending is the donors' and the countries'. */
    for (int k = 0; k < plan->n_self_payers; k++) {
        nonnegative(w->self_spent[k], "a country's pay of its own contingents", where, o);
        by_donor += w->self_spent[k];
    }
    equal(spent + held, *w->sh.income, *w->sh.income, "income = spent + held", where, o);
    equal(by_donor, spent, spent, "spent by payers = spent by purposes", where, o);
    nonnegative(*w->sh.unfunded, "unfunded", where, o);
    /* Areas. */
    double strength = 0;
    for (int a = 0; a < A; a++) {
        nonnegative(w->sh.displaced[a], "displaced", where, o);
        nonnegative(w->force[a], "an area's force", where, o);
        check(w->sh.security[a] >= 0 && w->sh.security[a] <= 1, "security outside [0, 1]", where, o,
              w->sh.security[a], 0.5);
        check(w->sh.access[a] >= 0 && w->sh.access[a] <= 1, "access outside [0, 1]", where, o,
              w->sh.access[a], 0.5);
        check(w->sh.food_cov[a] >= 0 && w->sh.food_cov[a] <= 1, "food coverage outside [0, 1]",
              where, o, w->sh.food_cov[a], 0.5);
        check(w->sh.water_cov[a] >= 0 && w->sh.water_cov[a] <= 1, "water coverage outside [0, 1]",
              where, o, w->sh.water_cov[a], 0.5);
        strength += w->force[a];
    }
    /* The displaced at the start are still displaced, or have returned on their own or to
     * rebuilt housing (sections 6 and 9.3). */
    double displaced0 = 0, displaced = 0;
    for (int a = 0; a < A; a++) {
        displaced0 += w->in->pop[a] * wx(w, plan->scn->areas[a].displaced_share);
        displaced += w->sh.displaced[a];
    }
    nonnegative(*w->sh.returned_own, "returned on their own", where, o);
    nonnegative(*w->sh.returned_housing, "returned to rebuilt housing", where, o);
    equal(displaced + *w->sh.returned_own + *w->sh.returned_housing, displaced0, displaced0,
          "displaced + returned = displaced at the start", where, o);
    /* The parameters in force on the last day (section 9.1): shares within [0, 1], risk and
     * the requirement above 0, capacities not negative. */
    for (int a = 0; a < A; a++) {
        check(w->in->baseline[a] >= 0 && w->in->baseline[a] <= 1, "a baseline outside [0, 1]",
              where, o, w->in->baseline[a], 0.5);
        check(w->in->risk[a] > 0, "a risk not above 0", where, o, w->in->risk[a], 1);
        check(w->in->required[a] > 0, "a requirement not above 0", where, o, w->in->required[a], 1);
        nonnegative(w->in->incident_rate[a], "an incident rate", where, o);
        nonnegative(w->sh.water_capacity[a], "water capacity", where, o);
        nonnegative(w->sh.beds[a], "beds", where, o);
    }
    check(w->in->access_floor >= 0 && w->in->access_floor <= 1, "access floor outside [0, 1]",
          where, o, w->in->access_floor, 0.5);
    check(w->in->returns_rate >= 0 && w->in->returns_rate <= 1, "returns' rate outside [0, 1]",
          where, o, w->in->returns_rate, 0.5);
    for (int k = 0; k < plan->n_sectors * A; k++)
        nonnegative(w->sh.damage_left[k], "damage left", where, o);
    nonnegative(*w->sh.materials, "materials", where, o);
    nonnegative(*w->sh.trucks, "trucks", where, o);
    check(*w->sh.trucks <= w->timeline->stage_cap[H - 1] + EPS, "trucks above the capacity", where,
          o, *w->sh.trucks, w->timeline->stage_cap[H - 1]);
    nonnegative(*w->sh.incidents, "incidents", where, o);
    /* Force: no negative stock; never more deployed than exist. */
    double exist = 0;
    bool no_attrition = !(wx(w, w->opt->attrition_per_year) > 0);
    for (size_t c = 0; c < w->opt->n_training_centers; c++) {
        const struct center_state *cs = &w->centers[c];
        nonnegative(*cs->in_training, "in training", where, o);
        /* A center's trainees are its sources' cohorts that have not graduated yet. */
        double cohorts = 0;
        for (size_t i = 0; i < w->opt->n_sources; i++)
            if (w->sources[i].center == (int)c)
                for (int d = H - cs->course_days; d < H; d++)
                    if (d >= 0)
                        cohorts += w->sources[i].admitted[d];
        equal(*cs->in_training, cohorts, cohorts, "a center's trainees", where, o);
        check(*cs->in_training <= wx(w, w->opt->training_centers[c].seats) + EPS,
              "trainees above the seats", where, o, *cs->in_training,
              wx(w, w->opt->training_centers[c].seats));
    }
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        const struct da_source *src = s->src;
        nonnegative(*s->remaining, "remaining", where, o);
        nonnegative(*s->waiting_vet, "waiting for vetting", where, o);
        nonnegative(*s->queue, "queue", where, o);
        nonnegative(*s->waiting_equip, "waiting for equipment", where, o);
        nonnegative(*s->deployed, "deployed", where, o);
        for (int d = 0; d < H; d++) {
            nonnegative(s->vet_in[d], "entered vetting", where, o);
            nonnegative(s->admitted[d], "admitted", where, o);
        }
        double people;
        if (src->kind == SOURCE_CONTINGENT) {
            people = s->arrival < H ? wx(w, src->size) : 0;
        } else {
            people = src->kind == SOURCE_POOL ? wx(w, src->size) : *s->arrived;
            check(*s->deployed <= people + EPS, "deployed above the source's size", where, o,
                  *s->deployed, people);
            if (no_attrition)
                check_people(w, s, H, where);
        }
        exist += people;
    }
    check(strength <= exist + EPS * fmax(1, exist), "deployed above the personnel that exist",
          where, o, strength, exist);
}

/* Runs 'yaml' for replications 0 .. n - 1 (and the deterministic one) and checks every option's
 * world after its run. */
static void check_scenario(const char *yaml, const char *name, int n)
{
    da_scenario *scn = load_text(yaml);
    struct plan plan;
    assert_int_equal(plan_init(&plan, scn), DA_OK);
    struct worker wk;
    assert_int_equal(worker_init(&wk, &plan), DA_OK);
    char where[96];
    for (int r = -1; r < n; r++) {
        bool deterministic = r < 0;
        uint64_t rep = deterministic ? 0 : (uint64_t)r;
        rng_seed(wk.rng, 1, rep, RNG_STREAM_PARAMS);
        draw_replication(&plan, wk.rng, deterministic, &wk.draws);
        milestones_timeline(&plan, &wk.draws, &wk.timeline);
        for (int o = 0; o < plan.n_options; o++) {
            replication_option(&wk, o, 1, rep, deterministic, false);
            if (deterministic)
                snprintf(where, sizeof where, "%s, deterministic", name);
            else
                snprintf(where, sizeof where, "%s, replication %d", name, r);
            check_world(&wk.world, where);
        }
    }
    worker_release(&wk);
    plan_release(&plan);
    da_scenario_free(scn);
}

/* check_scenario() for 'yaml' as written and cut short at each of 'horizons' (a horizon
 * changes no draw, so the worlds are those of the full run, seen at an earlier day). */
static void check_horizons(const char *yaml, const char *name, const char *horizon_line,
                           const int *horizons, size_t n_horizons)
{
    check_scenario(yaml, name, REPLICATIONS);
    for (size_t k = 0; k < n_horizons; k++) {
        char line[64], label[96];
        snprintf(line, sizeof line, "horizon_days: %d", horizons[k]);
        snprintf(label, sizeof label, "%s, horizon %d", name, horizons[k]);
        char *cut = replace_all(yaml, horizon_line, line);
        check_scenario(cut, label, REPLICATIONS);
        free(cut);
    }
}

static const int format_example_horizons[] = {90, 200, 400};
static const int gaza_horizons[] = {150, 400};

static void test_invariants_format_example(void **state)
{
    (void)state;
    failures = 0;
    char *text = format_example_text();
    check_horizons(text, "format example", "horizon_days: 730", format_example_horizons, 3);
    /* Without attrition: people are counted through the pipelines too. */
    char *still = replace_all(text, "attrition_per_year: 0.08", "attrition_per_year: 0");
    check_horizons(still, "format example without attrition", "horizon_days: 730",
                   format_example_horizons, 3);
    /* A hundredth of the money (the file writes every amount as "N.Ne+8" or "N.Ne+9"): pay
     * in arrears, admissions and building cut short. */
    char *poor1 = replace_all(still, "e+8", "e+6");
    char *poor = replace_all(poor1, "e+9", "e+7");
    check_horizons(poor, "format example, poor", "horizon_days: 730", format_example_horizons, 3);
    free(poor);
    free(poor1);
    free(still);
    free(text);
    assert_int_equal(failures, 0);
}

static void test_invariants_gaza(void **state)
{
    (void)state;
    failures = 0;
    char *text = gaza_text();
    check_horizons(text, "gaza", "horizon_days: 1095", gaza_horizons, 2);
    char *still =
        replace_all(text, "attrition_per_year: {dist: pert, min: 0.05, mode: 0.1, max: 0.2}",
                    "attrition_per_year: 0");
    check_horizons(still, "gaza without attrition", "horizon_days: 1095", gaza_horizons, 2);
    /* A hundredth of the money: the file writes every amount in the scientific notation of
     * e+7 to e+10, and nothing else that way; lowered two powers of ten, the smallest first. */
    char *poor1 = replace_all(still, "e+7", "e+5");
    char *poor2 = replace_all(poor1, "e+8", "e+6");
    char *poor3 = replace_all(poor2, "e+9", "e+7");
    char *poor = replace_all(poor3, "e+10", "e+8");
    check_horizons(poor, "gaza, poor", "horizon_days: 1095", gaza_horizons, 2);
    free(poor);
    free(poor3);
    free(poor2);
    free(poor1);
    free(still);
    free(text);
    assert_int_equal(failures, 0);
}

/* A scenario made to exercise every path at once, with distributions everywhere: three
 * areas, two pools and a recruitment sharing one center, a second center that opens after a
 * milestone, contingents that may or may not come, crossings that open and close, pledges of
 * every purpose that may or may not be honoured, and little money. */
static const char *const shared_paths =
    "dayafter: 1\n"
    "name: Every path\n"
    "horizon_days: 300\n"
    "areas:\n"
    "  - id: a\n"
    "    name: A\n"
    "    population: {dist: uniform, min: 20000, max: 60000}\n"
    "    area_km2: 10\n"
    "    risk: {dist: triangular, min: 0.5, mode: 1, max: 2}\n"
    "    displaced_share: {dist: beta, alpha: 5, beta: 5}\n"
    "    security_baseline: {dist: uniform, min: 0.05, max: 0.4}\n"
    "    water_capacity_m3_day: {dist: uniform, min: 0, max: 400}\n"
    "    hospital_beds: 20\n"
    "  - id: b\n"
    "    name: B\n"
    "    population: 80000\n"
    "    area_km2: 20\n"
    "    displaced_share: 0.3\n"
    "    security_baseline: 0.3\n"
    "    water_capacity_m3_day: 300\n"
    "    hospital_beds: 50\n"
    "  - id: c\n"
    "    name: C\n"
    "    population: 5000\n"
    "    area_km2: 5\n"
    "    risk: 3\n"
    "    displaced_share: 0.9\n"
    "    security_baseline: 0\n"
    "    water_capacity_m3_day: 0\n"
    "    hospital_beds: 0\n"
    "milestones:\n"
    "  - id: go\n"
    "    delay_days: {dist: pert, min: 0, mode: 20, max: 80}\n"
    "  - id: more\n"
    "    after: go\n"
    "    delay_days: {dist: lognormal, median: 40, sigma: 0.7}\n"
    "    probability: 0.6\n"
    "  - id: closure\n"
    "    any_of: [more, go]\n"
    "    delay_days: {dist: uniform, min: 50, max: 250}\n"
    "    probability: 0.5\n"
    "security:\n"
    "  required_per_1000: {dist: uniform, min: 3, max: 8}\n"
    "  tau_days: {dist: normal, mean: 20, sd: 5, min: 5, max: 40}\n"
    "  shock: 0.01\n"
    "  spoiler_incidents_per_100k_day: {dist: uniform, min: 1, max: 30}\n"
    "humanitarian:\n"
    "  trucks_per_day: {dist: uniform, min: 0, max: 20}\n"
    "  crossings:\n"
    "    - after: more\n"
    "      trucks_per_day: 60\n"
    "    - after: closure\n"
    "      trucks_per_day: 5\n"
    "  cost_per_truck_usd: {dist: uniform, min: 1000, max: 20000}\n"
    "  truck_shares: {food: {dist: uniform, min: 0.3, max: 0.5}, water: 0.3, materials: 0.3}\n"
    "  access_floor: {dist: beta, alpha: 2, beta: 5}\n"
    "reconstruction:\n"
    "  starts_after: go\n"
    "  min_security: {dist: uniform, min: 0, max: 0.5}\n"
    "  materials_tonnes_per_day: {dist: uniform, min: 0, max: 50}\n"
    "  sectors:\n"
    "    - id: housing\n"
    "      damaged_units: {a: 5000, c: {dist: uniform, min: 0, max: 900}}\n"
    "      unit_cost_usd: {dist: pert, min: 5000, mode: 20000, max: 60000}\n"
    "      build_days: {dist: uniform, min: 10, max: 90}\n"
    "      max_units_per_day: {dist: uniform, min: 1, max: 40}\n"
    "      tonnes_per_unit: 20\n"
    "      restores: {persons: {dist: uniform, min: 2, max: 9}}\n"
    "    - id: water\n"
    "      damaged_units: {b: 10}\n"
    "      unit_cost_usd: 500000\n"
    "      build_days: 30\n"
    "      max_units_per_day: 0.3\n"
    "      tonnes_per_unit: 100\n"
    "      restores: {m3_day: 200, beds: 5}\n"
    "donors:\n"
    "  - id: d1\n"
    "    name: D1\n"
    "    pledges:\n"
    "      - amount_usd: {dist: lognormal, median: 3.0e+7, sigma: 1}\n"
    "        purpose: any\n"
    "        spread_days: {dist: uniform, min: 1, max: 200}\n"
    "        probability: 0.8\n"
    "      - amount_usd: {dist: uniform, min: 0, max: 2.0e+7}\n"
    "        purpose: security\n"
    "        requires: go\n"
    "        lag_days: {dist: uniform, min: 0, max: 30}\n"
    "        spread_days: 100\n"
    "        per_year: true\n"
    "  - id: d2\n"
    "    name: D2\n"
    "    pledges:\n"
    "      - amount_usd: {dist: uniform, min: 0, max: 5.0e+7}\n"
    "        purpose: reconstruction\n"
    "        requires: [go, more]\n"
    "        probability: 0.7\n"
    "        spread_days: 60\n"
    "      - amount_usd: 1.0e+7\n"
    "        purpose: humanitarian\n"
    "        options: mixed\n"
    "        spread_days: 300\n"
    "funding:\n"
    "  priority: [security]\n"
    "options:\n"
    "  - id: mixed\n"
    "    name: Mixed\n"
    "    starts_when: go\n"
    "    attrition_per_year: 0\n"
    "    training_centers:\n"
    "      - id: one\n"
    "        seats: {dist: uniform, min: 50, max: 400}\n"
    "        course_days: {dist: uniform, min: 5, max: 40}\n"
    "        washout: {dist: beta, alpha: 2, beta: 8}\n"
    "        setup_days: {dist: uniform, min: 0, max: 20}\n"
    "        cost_per_trainee_usd: {dist: uniform, min: 0, max: 9000}\n"
    "      - id: two\n"
    "        seats: 100\n"
    "        course_days: 15\n"
    "        washout: 0.2\n"
    "        setup_days: 3.5\n"
    "        opens_after: more\n"
    "        cost_per_trainee_usd: 2000\n"
    "    sources:\n"
    "      - id: p1\n"
    "        kind: pool\n"
    "        size: {dist: uniform, min: 100, max: 3000}\n"
    "        vetting_per_day: {dist: uniform, min: 5, max: 100}\n"
    "        vetting_days: {dist: uniform, min: 0, max: 20}\n"
    "        vetting_pass: {dist: beta, alpha: 6, beta: 3}\n"
    "        center: one\n"
    "        pay_per_person_day: {dist: uniform, min: 0, max: 40}\n"
    "        equipment_per_person_usd: {dist: uniform, min: 0, max: 6000}\n"
    "      - id: p2\n"
    "        kind: pool\n"
    "        size: 700\n"
    "        vetting_pass: 0.5\n"
    "        center: one\n"
    "        areas: [c]\n"
    "        pay_per_person_day: 20\n"
    "      - id: r\n"
    "        kind: recruitment\n"
    "        per_day: {dist: uniform, min: 0, max: 30}\n"
    "        start_delay_days: {dist: uniform, min: 0, max: 50}\n"
    "        cap: {dist: uniform, min: 0, max: 2000}\n"
    "        vetting_days: 7\n"
    "        vetting_pass: 0.7\n"
    "        center: two\n"
    "        pay_per_person_day: 15\n"
    "        equipment_per_person_usd: 1000\n"
    "      - id: raw\n"
    "        kind: pool\n"
    "        size: 300\n"
    "        vetting_per_day: 7.5\n"
    "        vetting_pass: 0.9\n"
    "        areas: [a, b]\n"
    "        pay_per_person_day: 10\n"
    "  - id: foreign\n"
    "    name: Foreign\n"
    "    starts_when: [go, more]\n"
    "    allocation: population\n"
    "    sources:\n"
    "      - id: k1\n"
    "        kind: contingent\n"
    "        country: EG\n"
    "        size: {dist: uniform, min: 100, max: 1500}\n"
    "        probability: 0.7\n"
    "        requires: closure\n"
    "        lead_time_days: {dist: uniform, min: 0, max: 60}\n"
    "        ramp_days: {dist: uniform, min: 0, max: 30}\n"
    "        tour_days: {dist: uniform, min: 30, max: 200}\n"
    "        pay_per_person_day: 60\n"
    "      - id: k2\n"
    "        kind: contingent\n"
    "        country: ID\n"
    "        size: 800\n"
    "        lead_time_days: 10\n"
    "        tour_days: 90\n"
    "        rotates: true\n"
    "        areas: b\n"
    "        pay_per_person_day: 80\n";

/* More replications here: the scenario is small and its distributions are wide. */
static void test_invariants_every_path(void **state)
{
    (void)state;
    failures = 0;
    check_scenario(shared_paths, "every path", 40);
    char *cut = replace_all(shared_paths, "horizon_days: 300", "horizon_days: 77");
    check_scenario(cut, "every path, horizon 77", 40);
    free(cut);
    assert_int_equal(failures, 0);
}

/* ---- the keys of section 9 ------------------------------------------------------------------ */

/* The every-path scenario with the keys of section 9 (docs/model.md): 'go' changes the
 * baselines of every area (a scale that may carry them above 1), the spoilers' rate, a risk, a
 * water capacity, beds and the access floor, and may lapse and recover; 'more' may lapse and
 * recover; 'closure' changes the shock, the thresholds of returns and reconstruction, every
 * risk and the returns' rate, and may lapse for good. People return on their own while 'go'
 * holds; the contingent k2 is paid by its country; IOC asks for an uncertain coverage. */
static char *v2_paths_text(void)
{
    static const struct {
        const char *from, *to;
    } edits[] = {
        {"  - id: go\n"
         "    delay_days: {dist: pert, min: 0, mode: 20, max: 80}\n",
         "  - id: go\n"
         "    delay_days: {dist: pert, min: 0, mode: 20, max: 80}\n"
         "    effects:\n"
         "      - path: areas.*.security_baseline\n"
         "        scale: {dist: uniform, min: 0.5, max: 3}\n"
         "      - path: security.spoiler_incidents_per_100k_day\n"
         "        scale: {dist: uniform, min: 0.1, max: 2}\n"
         "      - path: areas.c.risk\n"
         "        value: {dist: uniform, min: 0.5, max: 4}\n"
         "      - path: areas.b.water_capacity_m3_day\n"
         "        scale: {dist: uniform, min: 0, max: 3}\n"
         "      - path: areas.0.hospital_beds\n"
         "        value: {dist: uniform, min: 0, max: 100}\n"
         "      - path: humanitarian.access_floor\n"
         "        value: {dist: uniform, min: 0, max: 1}\n"
         "    lapse:\n"
         "      probability: 0.6\n"
         "      after_days: {dist: uniform, min: 0, max: 150}\n"
         "      recovery_days: {dist: uniform, min: 0, max: 100}\n"
         "      recovery_probability: 0.6\n"},
        {"    delay_days: {dist: lognormal, median: 40, sigma: 0.7}\n"
         "    probability: 0.6\n",
         "    delay_days: {dist: lognormal, median: 40, sigma: 0.7}\n"
         "    probability: 0.6\n"
         "    lapse:\n"
         "      probability: 0.5\n"
         "      after_days: {dist: uniform, min: 0, max: 60}\n"
         "      recovery_days: 20\n"},
        {"    delay_days: {dist: uniform, min: 50, max: 250}\n"
         "    probability: 0.5\n",
         "    delay_days: {dist: uniform, min: 50, max: 250}\n"
         "    probability: 0.5\n"
         "    effects:\n"
         "      - path: security.shock\n"
         "        scale: {dist: uniform, min: 0.5, max: 5}\n"
         "      - path: returns.min_security\n"
         "        value: 0.5\n"
         "      - path: reconstruction.min_security\n"
         "        scale: 2\n"
         "      - path: areas.*.risk\n"
         "        scale: {dist: uniform, min: 0.5, max: 2}\n"
         "      - path: returns.rate_per_day\n"
         "        scale: 3\n"
         "    lapse:\n"
         "      probability: 0.5\n"
         "      after_days: 30\n"
         "      recovery_probability: 0\n"},
        {"  spoiler_incidents_per_100k_day: {dist: uniform, min: 1, max: 30}\n",
         "  spoiler_incidents_per_100k_day: {dist: uniform, min: 1, max: 30}\n"
         "  ioc_coverage: {dist: uniform, min: 0.3, max: 1.5}\n"},
        {"donors:\n",
         "returns:\n"
         "  rate_per_day: {dist: uniform, min: 0, max: 0.02}\n"
         "  min_security: {dist: uniform, min: 0, max: 0.4}\n"
         "  after: [go]\n"
         "donors:\n"},
        {"        areas: b\n"
         "        pay_per_person_day: 80\n",
         "        areas: b\n"
         "        pay_per_person_day: 80\n"
         "        paid_by: self\n"},
    };
    char *text = replace_all(shared_paths, "name: Every path\n", "name: Every path, v2\n");
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *next = replace_all(text, edits[i].from, edits[i].to);
        free(text);
        text = next;
    }
    return text;
}

static void test_invariants_v2_paths(void **state)
{
    (void)state;
    failures = 0;
    char *text = v2_paths_text();
    check_scenario(text, "every path, v2", 40);
    char *cut = replace_all(text, "horizon_days: 300", "horizon_days: 77");
    check_scenario(cut, "every path, v2, horizon 77", 40);
    free(cut);
    free(text);
    assert_int_equal(failures, 0);
}

static const int v2_example_horizons[] = {90, 400};

static void test_invariants_v2_example(void **state)
{
    (void)state;
    failures = 0;
    char *text = read_text_file(data_path("v2-example.yaml"), NULL);
    assert_non_null(text);
    check_horizons(text, "v2 example", "horizon_days: 730", v2_example_horizons, 2);
    char *still = replace_all(text, "attrition_per_year: 0.08", "attrition_per_year: 0");
    check_horizons(still, "v2 example without attrition", "horizon_days: 730", v2_example_horizons,
                   2);
    /* A hundredth of the money (every amount is written "N.Ne+8" or "N.Ne+9"). */
    char *poor1 = replace_all(still, "e+8", "e+6");
    char *poor = replace_all(poor1, "e+9", "e+7");
    check_horizons(poor, "v2 example, poor", "horizon_days: 730", v2_example_horizons, 2);
    free(poor);
    free(poor1);
    free(still);
    free(text);
    assert_int_equal(failures, 0);
}

/* Over a whole run (random draws, incidents, several threads): on every tracked day within the
 * horizon, each replication is deployed or short for exactly one reason (docs/model.md section
 * 9.6), so the shares of the reasons add up to 1 - p_deployed_by; each one not started is held
 * back by exactly one milestone; half is reached only by replications that start; a milestone
 * lapses only once reached, and holds again only after a lapse. */
static void check_run_counts(const char *yaml, const char *name, uint64_t replications,
                             void (*also)(const da_results *res))
{
    da_scenario *scn = load_text(yaml);
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = replications;
    opt.threads = 2;
    da_results *res = NULL;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    const struct plan *plan = &res->plan;
    const struct acc *acc = &res->acc;
    assert_int_equal(acc->replications, replications);
    for (int o = 0; o < plan->n_options; o++) {
        const struct option_acc *oa = &acc->options[o];
        for (int k = 0; k < plan->n_tracked; k++) {
            if (plan->tracked_days[k] >= plan->horizon)
                continue;
            uint64_t shorts = 0, held = 0;
            for (int r = 0; r < N_SHORT_REASONS; r++)
                shorts += oa->short_by[k][r];
            for (int m = 0; m < plan->n_milestones; m++)
                held += oa->held_by[(size_t)k * (size_t)plan->n_milestones + (size_t)m];
            check(oa->deployed_by[k] + shorts == replications, "deployed + short by reason", name,
                  o, (double)(oa->deployed_by[k] + shorts), (double)replications);
            check(held == oa->short_by[k][SHORT_NOT_STARTED], "held back by a milestone", name, o,
                  (double)held, (double)oa->short_by[k][SHORT_NOT_STARTED]);
        }
        check(oa->half <= oa->started, "half reached by more than started", name, o,
              (double)oa->half, (double)oa->started);
        check(oa->ioc <= oa->started, "IOC in more than started", name, o, (double)oa->ioc,
              (double)oa->started);
    }
    for (int m = 0; m < plan->n_milestones; m++) {
        check(acc->milestone_lapsed[m] <= acc->milestone_reached[m], "lapsed more than reached",
              name, m, (double)acc->milestone_lapsed[m], (double)acc->milestone_reached[m]);
        check(acc->milestone_recovered[m] <= acc->milestone_lapsed[m], "recovered more than lapsed",
              name, m, (double)acc->milestone_recovered[m], (double)acc->milestone_lapsed[m]);
    }
    if (also)
        also(res);
    da_results_free(res);
    da_scenario_free(scn);
}

/* The v2 paths scenario's run took the paths it was written for: 'go' lapsed and recovered,
 * people returned on their own, ID paid its contingent in 'foreign' (the second option), and
 * the options fell short for at least three different reasons. */
static void v2_paths_taken(const da_results *res)
{
    const struct plan *plan = &res->plan;
    const struct acc *acc = &res->acc;
    assert_true(acc->milestone_lapsed[0] > 0);
    assert_true(acc->milestone_recovered[0] > 0);
    assert_int_equal(plan->n_self_payers, 1);
    assert_string_equal(plan->payer_ids[plan->n_donors], "self:ID");
    assert_true(sketch_mean(&acc->options[1].by_donor[plan->n_donors]) > 0);
    assert_true(sketch_mean(&acc->options[0].metric[M_RETURNED_OWN]) > 0);
    int reasons = 0;
    for (int r = 0; r < N_SHORT_REASONS; r++) {
        uint64_t n = 0;
        for (int o = 0; o < plan->n_options; o++)
            for (int k = 0; k < plan->n_tracked; k++)
                n += acc->options[o].short_by[k][r];
        reasons += n > 0;
    }
    assert_true(reasons >= 3);
}

static void test_invariants_v2_shares_of_reasons(void **state)
{
    (void)state;
    failures = 0;
    char *text = v2_paths_text();
    char *checked = replace_all(text, "horizon_days: 300\n",
                                "horizon_days: 300\ncheck_days: [20, 60, 150, 299]\n");
    check_run_counts(checked, "every path, v2", 200, v2_paths_taken);
    free(checked);
    free(text);
    text = read_text_file(data_path("v2-example.yaml"), NULL);
    assert_non_null(text);
    check_run_counts(text, "v2 example", 200, NULL);
    free(text);
    assert_int_equal(failures, 0);
}

/* ---- reproducibility ----------------------------------------------------------------------------
 */

/* 80 replications: 5 blocks of 16, spread over the threads in whatever order they come, and
 * enough values that the sketches are histograms. The timing keys are left out of the JSON
 * unless DAYAFTER_JSON_TIMING asks for them. */
static void test_invariants_same_bytes_any_threads(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    char *text = format_example_text();
    da_scenario *scn = load_text(text);
    size_t len1, len2, len4, len_other;
    char *one = json_of_run(scn, 80, 1, 11, &len1);
    char *two = json_of_run(scn, 80, 2, 11, &len2);
    char *four = json_of_run(scn, 80, 4, 11, &len4);
    assert_int_equal(len1, len2);
    assert_int_equal(len1, len4);
    assert_true(memcmp(one, two, len1) == 0);
    assert_true(memcmp(one, four, len1) == 0);
    /* Another seed, other results. */
    char *other = json_of_run(scn, 80, 2, 12, &len_other);
    assert_true(len_other != len1 || memcmp(one, other, len1) != 0);
    free(other);
    free(four);
    free(two);
    free(one);
    da_scenario_free(scn);
    free(text);
}

/* tests/data/v2-example.yaml, which uses every key of docs/model.md section 9 (effects, lapses,
 * returns, self-paying contingents), gives the same JSON bytes with one thread and with two. */
static void test_invariants_v2_same_bytes_any_threads(void **state)
{
    (void)state;
    unsetenv("DAYAFTER_JSON_TIMING");
    char *text = read_text_file(data_path("v2-example.yaml"), NULL);
    assert_non_null(text);
    da_scenario *scn = load_text(text);
    size_t len1, len2;
    char *one = json_of_run(scn, 80, 1, 11, &len1);
    char *two = json_of_run(scn, 80, 2, 11, &len2);
    assert_int_equal(len1, len2);
    assert_true(memcmp(one, two, len1) == 0);
    /* The run used what section 9 adds: the self-paying country is a payer. */
    assert_non_null(strstr(one, "\"self:ID\""));
    free(two);
    free(one);
    da_scenario_free(scn);
    free(text);
}

/* The same through the accumulators: another seed moves the milestones' mean days. */
static void test_invariants_seed_changes_draws(void **state)
{
    (void)state;
    char *text = format_example_text();
    da_scenario *scn = load_text(text);
    da_results *res[2];
    for (int k = 0; k < 2; k++) {
        da_run_options opt;
        da_run_options_init(&opt);
        opt.replications = 20;
        opt.threads = 2;
        opt.seed = 100 + (uint64_t)k;
        opt.use_seed = 1;
        assert_int_equal(da_run(scn, &opt, &res[k]), DA_OK);
    }
    /* The ceasefire (milestone 0) is drawn from PERT(0, 30, 120) in every replication. */
    assert_int_equal(res[0]->acc.milestone_reached[0], 20);
    assert_int_equal(res[1]->acc.milestone_reached[0], 20);
    assert_true(sketch_mean(&res[0]->acc.milestone_day[0]) !=
                sketch_mean(&res[1]->acc.milestone_day[0]));
    da_results_free(res[0]);
    da_results_free(res[1]);
    da_scenario_free(scn);
    free(text);
}

/* A caller's cancelled() stops a run: DA_ERR_CANCELLED, no results, nothing leaked (the
 * sanitizer builds check that); asked after the first progress, it stops a long run early. */
struct cancel_probe {
    int asked;
    uint64_t done;
};

static int cancel_after_first(void *ctx)
{
    struct cancel_probe *p = ctx;
    return ++p->asked > 1;
}

static void record_progress(void *ctx, uint64_t done, uint64_t total)
{
    (void)total;
    ((struct cancel_probe *)ctx)->done = done;
}

static void test_invariants_cancelled_run(void **state)
{
    (void)state;
    char *text = format_example_text();
    da_scenario *scn = load_text(text);
    da_run_options opt;
    da_run_options_init(&opt);
    opt.replications = 2000000;
    opt.threads = 2;
    struct cancel_probe probe = {0, 0};
    opt.cancelled = cancel_after_first;
    opt.progress = record_progress;
    opt.progress_ctx = &probe;
    da_results *res = (da_results *)&probe;
    assert_int_equal(da_run(scn, &opt, &res), DA_ERR_CANCELLED);
    assert_null(res);
    assert_int_equal(probe.asked, 2);
    assert_true(probe.done < 2000000);
    assert_string_equal(da_status_str(DA_ERR_CANCELLED), "cancelled");
    /* Never cancelled: the run completes as without the callback. */
    opt.replications = 30;
    opt.cancelled = NULL;
    assert_int_equal(da_run(scn, &opt, &res), DA_OK);
    assert_int_equal(probe.done, 30);
    da_results_free(res);
    da_scenario_free(scn);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invariants_format_example),
        cmocka_unit_test(test_invariants_gaza),
        cmocka_unit_test(test_invariants_every_path),
        cmocka_unit_test(test_invariants_v2_paths),
        cmocka_unit_test(test_invariants_v2_example),
        cmocka_unit_test(test_invariants_v2_shares_of_reasons),
        cmocka_unit_test(test_invariants_same_bytes_any_threads),
        cmocka_unit_test(test_invariants_v2_same_bytes_any_threads),
        cmocka_unit_test(test_invariants_seed_changes_draws),
        cmocka_unit_test(test_invariants_cancelled_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
