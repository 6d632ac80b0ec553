/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * force.c - force generation (docs/model.md section 3): pools and recruits through vetting,
 * training centers and equipment to deployment; contingents that arrive, ramp up and leave;
 * attrition, made worse by unpaid pay; and the spread of personnel over the areas.
 *
 * Days, as section 0 orders them (spending, then flows of people): a cohort admitted to a
 * course on day t (and paid for then) graduates in the flows of day t + course_days, which
 * frees its seats for the next day's admissions; "a person who finishes a step on day t can
 * start the next step on day t + 1", so graduates are equipped, when money allows, on the
 * next day and deploy in that day's flows, paid from the day after. A cohort entering vetting
 * on day t finishes in the flows of day t + vetting_days and can be admitted the next day.
 * This is the reading that reproduces tests/data/example.deterministic.json.
 */
#include <math.h>
#include <stdint.h>

#include "../util/check.h"
#include "world.h"

/* Day t's place in a source's record 'v' (vet_in, admitted) of 'w'. */
static inline double *on_day(const struct world *w, double *v, int t)
{
    return &v[(size_t)t * (size_t)w->lanes];
}

static bool trained(const struct da_source *src)
{
    return src->kind != SOURCE_CONTINGENT;
}

/* The option's allocation weight of each area: need (population x risk) or population. */
static void weigh_areas(struct world *w)
{
    const struct inputs *in = w->in;
    bool by_population = w->opt->allocation == ALLOCATION_POPULATION;
    for (int a = 0; a < w->plan->n_areas; a++)
        w->alloc_weight[a] = by_population ? in->pop[a] : in->pop[a] * in->risk[a];
}

/* The allocation weights of a source over its areas: need (population x risk) or population,
 * renormalized over the areas it may serve. */
static void allocation(struct world *w, struct source_state *s)
{
    int n = w->plan->n_areas;
    const struct da_source *src = s->src;
    double sum = 0;
    for (int a = 0; a < n; a++)
        s->weight[world_area(w, a)] = 0;
    if (src->has_areas) {
        for (size_t i = 0; i < src->n_areas; i++) {
            int a = (int)src->areas[i].index;
            s->weight[world_area(w, a)] = w->alloc_weight[a];
        }
    } else {
        for (int a = 0; a < n; a++)
            s->weight[world_area(w, a)] = w->alloc_weight[a];
    }
    for (int a = 0; a < n; a++)
        sum += s->weight[world_area(w, a)];
    double total = 0;
    for (int a = 0; a < n; a++) {
        double *weight = &s->weight[world_area(w, a)];
        *weight = sum > 0 ? *weight / sum : 0;
        total += *weight;
    }
    DA_ASSERT(!(sum > 0) || da_close(total, 1)); /* a source's people all go somewhere */
    (void)total; /* read by the check alone, which release builds leave out */
}

static int center_open_day(const struct world *w, const struct da_center *c)
{
    double from = w->start;
    if (c->opens_after.name)
        from = timeline_first_holds(w->timeline, (int)c->opens_after.index);
    return world_day_of(from + wx(w, c->setup_days));
}

/* The index of source 's' among every option's sources (plan->contingent_base). */
static int source_index(const struct world *w, const struct source_state *s)
{
    return w->plan->contingent_base[w->option] + (int)(s - w->sources);
}

static void reset_source(struct world *w, struct source_state *s)
{
    const struct da_source *src = s->src;
#define CLEAR_NUMBER(name) *s->name = 0;
    SOURCE_NUMBERS(CLEAR_NUMBER)
#undef CLEAR_NUMBER
    *s->remaining = src->kind == SOURCE_POOL ? wx(w, src->size) : 0;
    /* Before the option starts, no day of the force is simulated (see force_idle()): the
     * records of those days are 0 (cleared here, for the cohorts that later days look back on
     * and for whoever sums them); from the start on, vet_in[t] and admitted[t] are set on day t
     * before they are read, and only those days are written. So the records are 0 before the
     * start of the last option that used them, and only the days from there to this option's
     * start need clearing: none when it starts no later. */
    int idle = w->start_day < w->plan->horizon ? w->start_day : w->plan->horizon;
    if (trained(src)) {
        for (int t = s->clean_until; t < idle; t++)
            *on_day(w, s->vet_in, t) = *on_day(w, s->admitted, t) = 0;
        s->clean_until = idle;
    }
    s->center = src->center.name ? (int)src->center.index : -1;
    s->vet_days = trained(src) ? world_duration(wx(w, src->vetting_days)) : 1;
    s->start_day = w->start_day;
    if (src->kind == SOURCE_RECRUITMENT)
        s->start_day = world_day_of(w->start + wx(w, src->start_delay_days));
    s->arrival = INT32_MAX;
    if (src->kind == SOURCE_CONTINGENT) {
        int index = source_index(w, s);
        double t = w->timeline->trigger[index];
        if (w->draws->contingent_joins[index])
            s->arrival = world_day_of(t + wx(w, src->lead_time_days));
        s->ramp_days = world_duration(wx(w, src->ramp_days));
        double tour = wx(w, src->tour_days);
        s->tour_days = src->rotates || isinf(tour) ? INT32_MAX : world_duration(tour);
    }
    s->trained = trained(src);
    s->payer = w->plan->n_self_payers > 0 ? w->plan->self_payer_of[source_index(w, s)] : -1;
    s->size = src->kind != SOURCE_RECRUITMENT ? wx(w, src->size) : 0;
    s->pay_per_day = wx(w, src->pay_per_person_day);
    s->equipment_cost = s->trained ? wx(w, src->equipment_per_person_usd) : 0;
    s->vetting_pass = s->trained ? wx(w, src->vetting_pass) : 0;
    s->vetting_per_day = s->trained ? wx(w, src->vetting_per_day) : 0;
    s->per_day = src->kind == SOURCE_RECRUITMENT ? wx(w, src->per_day) : 0;
    s->cap = src->kind == SOURCE_RECRUITMENT ? wx(w, src->cap) : 0;
    allocation(w, s);
}

/* Lists each center's sources (center_state.first_source, n_sources), in the option's order,
 * by counting: the days then visit a center's own sources, and work stays linear in sources
 * and centers where scanning every source for each center took their product (a thousand of
 * each made a replication of a scenario that validates take minutes). */
static void list_center_sources(struct world *w)
{
    int n_centers = (int)w->opt->n_training_centers, n_sources = (int)w->opt->n_sources;
    for (int c = 0; c < n_centers; c++)
        w->centers[c].n_sources = 0;
    for (int i = 0; i < n_sources; i++)
        if (w->sources[i].center >= 0)
            w->centers[w->sources[i].center].n_sources++;
    int first = 0;
    for (int c = 0; c < n_centers; c++) {
        w->centers[c].first_source = first;
        first += w->centers[c].n_sources;
        w->centers[c].n_sources = 0;
    }
    for (int i = 0; i < n_sources; i++) {
        int c = w->sources[i].center;
        if (c >= 0) {
            struct center_state *cs = &w->centers[c];
            w->center_sources[cs->first_source + cs->n_sources++] = i;
        }
    }
}

void force_reset(struct world *w)
{
    const struct da_option *opt = w->opt;
    weigh_areas(w);
    for (size_t c = 0; c < opt->n_training_centers; c++) {
        const struct da_center *ctr = &opt->training_centers[c];
        w->centers[c].open_day = center_open_day(w, ctr);
        w->centers[c].course_days = world_duration(wx(w, ctr->course_days));
        *w->centers[c].in_training = 0;
        w->centers[c].seats = wx(w, ctr->seats);
        w->centers[c].cost_per_trainee = wx(w, ctr->cost_per_trainee_usd);
        w->centers[c].washout = wx(w, ctr->washout);
    }
    for (size_t s = 0; s < opt->n_sources; s++) {
        w->sources[s].src = &opt->sources[s];
        reset_source(w, &w->sources[s]);
    }
    list_center_sources(w);
    *w->pay_share = 1;
    w->arrears_day = INT32_MAX;
    for (int k = 0; k < w->plan->n_self_payers; k++)
        w->self_spent[k] = 0;
    w->arrears_multiplier = wx(w, opt->arrears_attrition_multiplier);
    double a = wx(w, opt->attrition_per_year);
    w->attrition = a <= 0 ? 0 : a >= 1 ? 1 : 1 - pow(1 - a, 1.0 / 365);
}

/* The share of its size a contingent has on 'day': size / ramp_days on its arrival day,
 * growing linearly to all of it on day arrival + ramp_days - 1, until its tour ends. */
double force_contingent_strength(const struct source_state *s, int day)
{
    if (day < s->arrival)
        return 0;
    int k = day - s->arrival;
    if (k >= s->tour_days)
        return 0;
    double ramp = (double)(k + 1) / s->ramp_days;
    return ramp >= 1 ? 1 : ramp; /* a share of the size; the caller multiplies */
}

/* A contingent's personnel on 'day'. */
static double contingent_on(const struct source_state *s, int day)
{
    if (day < 0)
        return 0;
    return s->size * force_contingent_strength(s, day);
}

static void graduate(struct world *w, int day)
{
    int n = (int)w->opt->n_sources;
    for (int i = 0; i < n; i++) {
        struct source_state *s = &w->sources[i];
        if (s->center < 0)
            continue;
        struct center_state *c = &w->centers[s->center];
        int cohort = day - c->course_days;
        if (cohort < 0)
            continue;
        double admitted = *on_day(w, s->admitted, cohort);
        if (admitted <= 0)
            continue;
        double washout = c->washout;
        *c->in_training -= admitted;
        if (*c->in_training < 0)
            *c->in_training = 0;
        *s->waiting_equip += admitted * (1 - washout);
    }
}

/* The pay due today from the pools, for the personnel deployed by the end of yesterday. */
static double pay_due(const struct world *w, int day)
{
    double pay = 0;
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        if (s->payer < 0)
            pay += force_source_strength(s, day - 1) * s->pay_per_day;
    }
    return pay;
}

void force_pay_self(struct world *w, int day)
{
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        int payer = s->payer;
        if (payer < 0)
            continue;
        double pay = force_source_strength(s, day - 1) * s->pay_per_day;
        w->self_spent[payer] += pay;
        *world_spent(w, PURPOSE_SECURITY) += pay;
        *w->sh.income += pay;
    }
}

void force_pay_short(struct world *w, int day, double unpaid)
{
    if (unpaid > 0)
        force_in_arrears(w, day);
    *w->sh.unfunded += unpaid;
}

/* The people waiting for a seat at center 'c', over its sources in their order. */
static double center_queue(const struct world *w, int c)
{
    const struct center_state *cs = &w->centers[c];
    const int *sources = &w->center_sources[cs->first_source];
    double queue = 0;
    for (int k = 0; k < cs->n_sources; k++)
        queue += *w->sources[sources[k]].queue;
    return queue;
}

/* The trainees center 'c', with 'queue' waiting, can admit today: free seats, up to the queue. */
static double admissible(const struct world *w, int c, double queue, int day)
{
    const struct center_state *cs = &w->centers[c];
    if (day < cs->open_day)
        return 0;
    double seats = cs->seats - *cs->in_training;
    return dmax(0, dmin(queue, seats));
}

void force_allocate(struct world *w)
{
    weigh_areas(w);
    for (size_t s = 0; s < w->opt->n_sources; s++)
        allocation(w, &w->sources[s]);
}

double force_demand(struct world *w, int day)
{
    if (force_idle(w, day)) {
        *w->pay_today = 0;
        return 0;
    }
    *w->pay_today = pay_due(w, day);
    double demand = *w->pay_today;
    for (size_t c = 0; c < w->opt->n_training_centers; c++)
        demand +=
            admissible(w, (int)c, center_queue(w, (int)c), day) * w->centers[c].cost_per_trainee;
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        if (s->trained)
            demand += *s->waiting_equip * s->equipment_cost;
    }
    return demand;
}

/* Admits 'n' trainees to center 'c' from its sources' queues ('queue' in all), in proportion
 * to their sizes. */
static void admit(struct world *w, int c, double queue, double n, int day)
{
    if (!(n > 0) || !(queue > 0))
        return;
    const struct center_state *cs = &w->centers[c];
    for (int k = 0; k < cs->n_sources; k++) {
        struct source_state *s = &w->sources[w->center_sources[cs->first_source + k]];
        double part = n >= queue ? *s->queue : n * *s->queue / queue;
        *s->queue -= part;
        *on_day(w, s->admitted, day) += part;
    }
    *w->centers[c].in_training += dmin(n, queue);
}

/* How many of 'wanted' units at 'cost' each the purpose's balance pays for. */
static double affordable(const struct world *w, double wanted, double cost)
{
    if (!(wanted > 0))
        return 0;
    if (!(cost > 0))
        return wanted;
    return dmin(wanted, funding_balance(w, PURPOSE_SECURITY) / cost);
}

void force_spend(struct world *w, int day)
{
    if (force_idle(w, day))
        return; /* nothing is due, queued or waiting; the records of the day are 0 */
    for (size_t i = 0; i < w->opt->n_sources; i++)
        *on_day(w, w->sources[i].admitted, day) = 0;
    if (w->plan->n_self_payers > 0)
        force_pay_self(w, day);
    double due = *w->pay_today; /* worked out by force_demand() earlier in the day */
    double paid = dmin(due, funding_balance(w, PURPOSE_SECURITY));
    funding_spend(w, PURPOSE_SECURITY, paid);
    double unpaid = pay_unpaid(paid, due, w->plan->n_donors);
    *w->pay_share = unpaid > 0 ? paid / due : 1;
    force_pay_short(w, day, unpaid);
    for (size_t c = 0; c < w->opt->n_training_centers; c++) {
        double cost = w->centers[c].cost_per_trainee, queue = center_queue(w, (int)c);
        double n = affordable(w, admissible(w, (int)c, queue, day), cost);
        funding_spend(w, PURPOSE_SECURITY, n * cost);
        admit(w, (int)c, queue, n, day); /* paying changed no queue */
    }
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        struct source_state *s = &w->sources[i];
        *s->equipped = 0;
        if (!s->trained)
            continue;
        double cost = s->equipment_cost;
        double n = affordable(w, *s->waiting_equip, cost);
        funding_spend(w, PURPOSE_SECURITY, n * cost);
        *s->waiting_equip -= n;
        *s->equipped = n;
    }
}

/* Deployed personnel leave at q = 1 - (1 - attrition)^(1/365) a day (w->attrition), more
 * when pay was short: q x (1 + (multiplier - 1) x (1 - u)). */
static double daily_attrition(const struct world *w)
{
    double q = w->attrition;
    if (!(q > 0))
        return 0;
    double m = w->arrears_multiplier;
    q *= 1 + (m - 1) * (1 - *w->pay_share);
    return q > 1 ? 1 : q;
}

static void vetting_flows(const struct world *w, struct source_state *s, int day)
{
    int done = day - s->vet_days;
    if (done >= 0 && *on_day(w, s->vet_in, done) > 0) {
        double passed = *on_day(w, s->vet_in, done) * s->vetting_pass;
        if (s->center >= 0)
            *s->queue += passed;
        else
            *s->waiting_equip += passed;
    }
    double *vet_in = on_day(w, s->vet_in, day);
    *vet_in = 0;
    if (day < s->start_day)
        return;
    double limit = s->vetting_per_day;
    if (s->src->kind == SOURCE_POOL) {
        double enter = dmin(*s->remaining, limit);
        *s->remaining -= enter;
        *vet_in = enter;
    } else {
        double arrive = dmin(s->per_day, s->cap - *s->arrived);
        if (arrive > 0) {
            *s->arrived += arrive;
            *s->waiting_vet += arrive;
        }
        double enter = dmin(*s->waiting_vet, limit);
        *s->waiting_vet -= enter;
        *vet_in = enter;
    }
}

void force_flows(struct world *w, int day)
{
    if (force_idle(w, day))
        return; /* nobody deployed: force and coverage stay 0, as reset_world() left them */
    int n_areas = w->plan->n_areas;
    double q = daily_attrition(w);
    for (int a = 0; a < n_areas; a++)
        w->force[world_area(w, a)] = 0;
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        struct source_state *s = &w->sources[i];
        double people;
        if (s->trained) {
            /* Attrition takes its share of the day's new arrivals too, as the reference
             * implementation does (docs/model.md). */
            *s->ever_deployed += *s->equipped;
            *s->deployed = (*s->deployed + *s->equipped) * (1 - q);
            *s->equipped = 0;
            vetting_flows(w, s, day);
            people = *s->deployed;
        } else {
            people = contingent_on(s, day);
        }
        if (people > 0)
            for (int a = 0; a < n_areas; a++)
                w->force[world_area(w, a)] += people * s->weight[world_area(w, a)];
    }
    graduate(w, day);
    for (int a = 0; a < n_areas; a++)
        w->coverage[world_area(w, a)] = w->force[world_area(w, a)] / w->in->required[a];
}

/* The sum of the record 'v' over the 'n' days up to 'day' (fewer at the start). */
static double last_days(const struct world *w, double *v, int day, int n)
{
    double sum = 0;
    for (int t = day - n + 1 < 0 ? 0 : day - n + 1; t <= day; t++)
        sum += *on_day(w, v, t);
    return sum;
}

/* A trained source's personnel on their way on 'day'. */
static double trained_on_the_way(const struct world *w, const struct source_state *s, int day)
{
    double people = *s->queue + *s->waiting_equip + *s->equipped;
    people += s->src->kind == SOURCE_POOL ? *s->remaining : *s->waiting_vet;
    people += last_days(w, s->vet_in, day, s->vet_days);
    if (s->center >= 0)
        people += last_days(w, s->admitted, day, w->centers[s->center].course_days);
    return people;
}

/* A contingent's personnel on their way on 'day': joined and in its lead time, or the part
 * still to come while it ramps up. */
static double contingent_on_the_way(const struct world *w, const struct source_state *s, int day)
{
    if (s->arrival == INT32_MAX || w->timeline->trigger[source_index(w, s)] > day)
        return 0;
    double size = s->size;
    if (day < s->arrival)
        return size;
    if (day - s->arrival >= s->tour_days)
        return 0;
    return size - contingent_on(s, day);
}

double force_on_the_way(const struct world *w, int day)
{
    double people = 0;
    for (size_t i = 0; i < w->opt->n_sources; i++) {
        const struct source_state *s = &w->sources[i];
        people += s->trained ? trained_on_the_way(w, s, day) : contingent_on_the_way(w, s, day);
    }
    return people;
}

double force_lost(const struct world *w)
{
    double people = 0;
    for (size_t i = 0; i < w->opt->n_sources; i++)
        if (w->sources[i].trained)
            people += *w->sources[i].ever_deployed - *w->sources[i].deployed;
    return people;
}

enum short_reason force_short_reason(const struct world *w, int day, double deployed, double half)
{
    if (w->arrears_day <= day)
        return SHORT_MONEY;
    double coming = force_on_the_way(w, day);
    if (deployed + coming >= half)
        return SHORT_PIPELINE;
    if (deployed + coming + force_lost(w) < half)
        return SHORT_SUPPLY;
    return SHORT_ATTRITION;
}

double force_source_strength(const struct source_state *s, int day)
{
    return s->trained ? *s->deployed : contingent_on(s, day);
}
