/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_check.c - what the report checks of the results it draws (see report_check.h).
 *
 * The page draws whatever it is given: an option that is a number, or days that are text,
 * would leave it blank or drawing nonsense, and results edited by hand or cut short are what
 * a user hands the report more often than results that are not JSON at all. So every value
 * that report.js reads is checked for its type here first, from tables that follow the
 * schemas of docs/schema/ - only the keys the page cannot do without are required, since
 * results saved by older versions lack the newer ones. A problem is reported at its line and
 * column, which jansson does not keep for values: its path is followed through the text again
 * (locate()), which jansson has already found to be valid JSON.
 *
 * jansson takes about 40 bytes for a number, 130 for an empty array, 220 for an empty object
 * and 100 more for each key of an object: 90 MB of "[]," would take 4 GB to parse. The size
 * check counts what the text holds before it is parsed and refuses what would take more than
 * any results need (docs/report.md, "Limits").
 */
#include "report_check.h"

#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../engine/results.h"
#include "../util/diag.h"

/* ---- the size ------------------------------------------------------------------------- */

/* What report_check_size() counts each thing as, in bytes, at least what jansson takes for
 * it (measured on jansson 2.14, x86-64, with glibc's malloc): every value, an array's or an
 * object's own part on top of that, each key of an object on top of its value, and each
 * string, beside its bytes. */
#define COST_VALUE     48.0
#define COST_CONTAINER 192.0
#define COST_KEY       128.0
#define COST_STRING    48.0

/* The index just past the string whose opening quote is at 'p' (or 'len' if it does not
 * end). */
static size_t string_end(const char *s, size_t len, size_t p)
{
    for (p++; p < len; p++) {
        if (s[p] == '\\')
            p++;
        else if (s[p] == '"')
            return p + 1;
    }
    return len;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_space(const char *s, size_t len, size_t p)
{
    while (p < len && is_space(s[p]))
        p++;
    return p;
}

bool report_check_size(const char *json, size_t len, const char *file, da_diags *diags)
{
    /* Values are the commas that separate them, plus one in each array or object that is not
     * empty, plus the document itself: text that is not JSON may be miscounted, but jansson
     * refuses it next. */
    double values = 1, containers = 0, keys = 0, strings = 0, string_bytes = 0;
    for (size_t p = 0; p < len;) {
        char c = json[p];
        if (c == '"') {
            size_t end = string_end(json, len, p);
            size_t after = skip_space(json, len, end);
            if (after < len && json[after] == ':')
                keys++;
            else
                strings++;
            string_bytes += (double)(end - p);
            p = end;
            continue;
        }
        if (c == '[' || c == '{') {
            containers++;
            size_t next = skip_space(json, len, p + 1);
            values += next < len && json[next] != ']' && json[next] != '}';
        } else if (c == ',') {
            values++;
        }
        p++;
    }
    double need = values * COST_VALUE + containers * COST_CONTAINER + keys * COST_KEY +
                  strings * COST_STRING + string_bytes;
    if (need <= REPORT_MAX_TREE_BYTES)
        return true;
    diag_add(diags, file, DA_DIAG_NOT_RESULTS, NULL, (struct da_mark){.line = 1, .column = 1},
             "too large to be results of dayafter run or analyze --json: its %.0f values would "
             "take about %.1f GiB of memory to read, more than the %.0f GiB that a report reads "
             "at most",
             values, need / (1024.0 * 1024 * 1024), REPORT_MAX_TREE_BYTES / (1024.0 * 1024 * 1024));
    return false;
}

/* ---- the shape ------------------------------------------------------------------------ */

/* The JSON types a value may have. */
enum {
    IS_STRING = 1u << 0,
    IS_INTEGER = 1u << 1,
    IS_REAL = 1u << 2,
    IS_BOOL = 1u << 3,
    IS_NULL = 1u << 4,
    IS_OBJECT = 1u << 5,
    IS_ARRAY = 1u << 6,
};
#define IS_NUMBER (IS_INTEGER | IS_REAL)
#define NUM       (IS_NUMBER | IS_NULL) /* null stands for a value that does not exist */

/*
 * What a value must be: one of 'types'; in its object, there when 'required'; a number from
 * 'min' to 'max' when min < max (whole when 'types' takes no other number); an object's members as
 * 'members' says (its entries, in a list ended by a NULL key: the member named 'key', or with key
 * "*" every member not named before it; members named nowhere are not checked), an array's items as
 * 'items'.
 */
struct shape {
    const char *key;
    unsigned types;
    bool required;
    const struct shape *members;
    const struct shape *items;
    double min, max;
};

#define END                                                                                        \
    {                                                                                              \
        NULL, 0, false, NULL, NULL, 0, 0                                                           \
    }
#define REQUIRED true
/* Members of 'kind' (a shape), each named 'key'. */
#define OBJECT_OF(key, kind)                                                                       \
    {                                                                                              \
        key, IS_OBJECT, false, kind, NULL, 0, 0                                                    \
    }
#define ARRAY_OF(key, item)                                                                        \
    {                                                                                              \
        key, IS_ARRAY, false, NULL, item, 0, 0                                                     \
    }

static const struct shape a_number = {NULL, NUM, false, NULL, NULL, 0, 0};
static const struct shape a_string = {NULL, IS_STRING, false, NULL, NULL, 0, 0};
/* A day of a run: the format's horizon is at most 36,500 days. */
static const struct shape a_day = {NULL, IS_INTEGER, false, NULL, NULL, 0, 36500};

static const struct shape numbers[] = {{"*", NUM, false, NULL, NULL, 0, 0}, END};
/* Shares of the replications (a chance, a criticality index): the page draws them as percents
 * and bars, which a share of 3 or -1 would draw past their ends. */
#define SHARE(key)                                                                                 \
    {                                                                                              \
        key, NUM, false, NULL, NULL, 0, 1                                                          \
    }
static const struct shape shares[] = {SHARE("*"), END};
static const struct shape texts[] = {{"*", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0}, END};

/* A metric's mean and percentiles over the runs (run-output.schema.json's "quantiles"). */
static const struct shape quantiles[] = {
    {"mean", NUM, REQUIRED, NULL, NULL, 0, 0},
    {"p10", NUM, REQUIRED, NULL, NULL, 0, 0},
    {"p50", NUM, REQUIRED, NULL, NULL, 0, 0},
    {"p90", NUM, REQUIRED, NULL, NULL, 0, 0},
    {"date", IS_OBJECT | IS_NULL, false, texts, NULL, 0, 0},
    {"mc_error", IS_OBJECT | IS_NULL, false, numbers, NULL, 0, 0},
    END,
};
static const struct shape quantiles_by_key[] = {
    {"*", IS_OBJECT | IS_NULL, false, quantiles, NULL, 0, 0},
    END,
};
/* Money spent, by payer or purpose: never below 0 (no replication is paid back), where a
 * negative cost would draw a bar the other way and a total below a part. */
static const struct shape costs[] = {
    {"mean", NUM, REQUIRED, NULL, NULL, 0, DBL_MAX},
    {"p10", NUM, REQUIRED, NULL, NULL, 0, DBL_MAX},
    {"p50", NUM, REQUIRED, NULL, NULL, 0, DBL_MAX},
    {"p90", NUM, REQUIRED, NULL, NULL, 0, DBL_MAX},
    {"mc_error", IS_OBJECT | IS_NULL, false, numbers, NULL, 0, 0},
    END,
};
static const struct shape costs_by_key[] = {
    {"*", IS_OBJECT | IS_NULL, false, costs, NULL, 0, 0},
    END,
};

/* A weekly series' percentiles, week by week ("series_band"); check_weeks() counts them. */
static const struct shape band[] = {
    {"p10", IS_ARRAY, REQUIRED, NULL, &a_number, 0, 0},
    {"p50", IS_ARRAY, REQUIRED, NULL, &a_number, 0, 0},
    {"p90", IS_ARRAY, REQUIRED, NULL, &a_number, 0, 0},
    END,
};
static const struct shape bands_by_key[] = {OBJECT_OF("*", band), END};

static const struct shape metric_info[] = {
    {"id", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"label", IS_STRING, false, NULL, NULL, 0, 0},
    {"unit", IS_STRING, false, NULL, NULL, 0, 0},
    {"format", IS_STRING, false, NULL, NULL, 0, 0},
    {"description", IS_STRING, false, NULL, NULL, 0, 0},
    {"better", IS_STRING, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape a_metric_info = {NULL, IS_OBJECT, false, metric_info, NULL, 0, 0};

/* ---- a run's results (run-output.schema.json) ---- */

static const struct shape why_short[] = {
    OBJECT_OF("held_by", shares),
    SHARE("*"),
    END,
};
static const struct shape why_short_by_day[] = {
    {"*", IS_OBJECT | IS_NULL, false, why_short, NULL, 0, 0},
    END,
};

static const struct shape option_mc_error[] = {
    {"p_deployed_by_se", IS_OBJECT | IS_NULL, false, numbers, NULL, 0, 0},
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};

static const struct shape area_results[] = {
    {"id", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"name", IS_STRING, false, NULL, NULL, 0, 0},
    {"*", IS_OBJECT | IS_NULL, false, quantiles, NULL, 0, 0},
    END,
};
static const struct shape an_area_results = {NULL, IS_OBJECT, false, area_results, NULL, 0, 0};

static const struct shape series[] = {
    ARRAY_OF("day", &a_day),
    OBJECT_OF("*", bands_by_key),
    END,
};

/*
 * An option. What every version of dayafter has written (the schema's section 8 keys) is
 * required: without its metrics, its chance of starting or its costs, the page would not leave
 * a blank but draw a conclusion (an option that "never starts", a comparison without it). The
 * keys added since (why_short, p_half, mc_error) may be missing from older results.
 */
static const struct shape option[] = {
    {"id", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"name", IS_STRING, false, NULL, NULL, 0, 0},
    {"metrics", IS_OBJECT, REQUIRED, quantiles_by_key, NULL, 0, 0},
    {"p_start", NUM, REQUIRED, NULL, NULL, 0, 1},
    {"p_ioc", NUM, REQUIRED, NULL, NULL, 0, 1},
    SHARE("p_half"),
    {"p_deployed_by", IS_OBJECT, REQUIRED, shares, NULL, 0, 0},
    OBJECT_OF("why_short", why_short_by_day),
    OBJECT_OF("mc_error", option_mc_error),
    {"criticality", IS_OBJECT, REQUIRED, shares, NULL, 0, 0},
    {"cost_by_donor", IS_OBJECT, REQUIRED, costs_by_key, NULL, 0, 0},
    {"cost_by_purpose", IS_OBJECT, REQUIRED, costs_by_key, NULL, 0, 0},
    ARRAY_OF("areas", &an_area_results),
    OBJECT_OF("series", series),
    END,
};
static const struct shape an_option = {NULL, IS_OBJECT, false, option, NULL, 0, 0};

static const struct shape milestone[] = {
    {"id", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"p_reached", NUM, REQUIRED, NULL, NULL, 0, 1},
    {"day", IS_OBJECT | IS_NULL, REQUIRED, quantiles, NULL, 0, 0},
    SHARE("p_lapsed"),
    {"lapse_day", IS_OBJECT | IS_NULL, false, quantiles, NULL, 0, 0},
    SHARE("p_recovered"),
    {"recovery_day", IS_OBJECT | IS_NULL, false, quantiles, NULL, 0, 0},
    END,
};
static const struct shape a_milestone = {NULL, IS_OBJECT, false, milestone, NULL, 0, 0};

static const struct shape difference[] = {
    {"a", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"b", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"metrics", IS_OBJECT, REQUIRED, quantiles_by_key, NULL, 0, 0},
    END,
};
static const struct shape a_difference = {NULL, IS_OBJECT, false, difference, NULL, 0, 0};

static const struct shape input[] = {
    {"path", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"central", NUM, false, NULL, NULL, 0, 0},
    {"uncertain", IS_BOOL, false, NULL, NULL, 0, 0},
    {"distribution", IS_STRING, false, NULL, NULL, 0, 0},
    {"default", IS_BOOL, false, NULL, NULL, 0, 0},
    {"line", IS_INTEGER | IS_NULL, false, NULL, NULL, 0, 0},
    {"source", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape an_input = {NULL, IS_OBJECT, false, input, NULL, 0, 0};

static const struct shape donor[] = {
    {"id", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"name", IS_STRING, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape a_donor = {NULL, IS_OBJECT, false, donor, NULL, 0, 0};

static const struct shape run_info[] = {
    {"command_line", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    {"threads", IS_INTEGER, false, NULL, NULL, 0, 0},
    {"seconds", NUM, false, NULL, NULL, 0, 0},
    {"date", IS_STRING, false, NULL, NULL, 0, 0},
    END,
};

static const struct shape precision[] = {
    {"reached", IS_BOOL, false, NULL, NULL, 0, 0},
    {"worst_option", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    {"worst_metric", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};

static const struct shape requirement[] = {
    OBJECT_OF("areas", bands_by_key),
    OBJECT_OF("total", band),
    END,
};

static const struct shape observation[] = {
    {"kind", IS_STRING, false, NULL, NULL, 0, 0},
    {"quantity", IS_STRING, false, NULL, NULL, 0, 0},
    {"option", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    {"area", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    ARRAY_OF("from", &a_string),
    {"day", IS_INTEGER | IS_NULL, false, NULL, NULL, 0, 0},
    {"date", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    {"source", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    {"out_of_sample", IS_BOOL, false, NULL, NULL, 0, 0},
    {"inside_80", IS_BOOL | IS_NULL, false, NULL, NULL, 0, 0},
    {"inside_50", IS_BOOL | IS_NULL, false, NULL, NULL, 0, 0},
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape an_observation = {NULL, IS_OBJECT, false, observation, NULL, 0, 0};

static const struct shape observed_summary[] = {
    ARRAY_OF("percentile_histogram", &a_number),
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};

static const struct shape observed[] = {
    ARRAY_OF("observations", &an_observation),
    OBJECT_OF("in_sample", observed_summary),
    OBJECT_OF("out_of_sample", observed_summary),
    END,
};

static const struct shape run_results[] = {
    {"dayafter", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"scenario", IS_STRING, false, NULL, NULL, 0, 0},
    {"seed", IS_NUMBER, false, NULL, NULL, 0, 0},
    {"seed_decimal", IS_STRING, false, NULL, NULL, 0, 0},
    {"replications", IS_INTEGER, false, NULL, NULL, 1, DA_MAX_REPLICATIONS},
    {"horizon_days", IS_INTEGER, REQUIRED, NULL, NULL, 1, 36500},
    {"deterministic", IS_BOOL, false, NULL, NULL, 0, 0},
    OBJECT_OF("run", run_info),
    {"precision", IS_OBJECT | IS_NULL, false, precision, NULL, 0, 0},
    ARRAY_OF("check_days", &a_day),
    ARRAY_OF("series_days", &a_day),
    {"start_date", IS_STRING, false, NULL, NULL, 0, 0},
    ARRAY_OF("series_dates", &a_string),
    ARRAY_OF("donors", &a_donor),
    {"requirement_note", IS_STRING | IS_NULL, false, NULL, NULL, 0, 0},
    OBJECT_OF("requirement_series", requirement),
    OBJECT_OF("observed", observed),
    {"options", IS_ARRAY, REQUIRED, NULL, &an_option, 0, 0},
    {"milestones", IS_ARRAY, REQUIRED, NULL, &a_milestone, 0, 0},
    ARRAY_OF("differences", &a_difference),
    ARRAY_OF("inputs", &an_input),
    ARRAY_OF("metrics", &a_metric_info),
    ARRAY_OF("area_metrics", &a_metric_info),
    END,
};

/* ---- an analysis's results (analyze-output.schema.json) ---- */

/* An input's or a group's figures (the method's columns: S1, mu_star, evppi, ...), with voi's
 * shares of choices and a group's inputs. */
static const struct shape analysed[] = {
    {"name", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    OBJECT_OF("chosen", numbers),
    ARRAY_OF("inputs", &a_string),
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape an_analysed = {NULL, IS_OBJECT, false, analysed, NULL, 0, 0};

static const struct shape warning[] = {
    {"kind", IS_STRING, false, NULL, NULL, 0, 0},
    {"message", IS_STRING, false, NULL, NULL, 0, 0},
    {"recommended_samples", IS_INTEGER | IS_NULL, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape a_warning = {NULL, IS_OBJECT, false, warning, NULL, 0, 0};

static const struct shape by_output[] = {
    {"week", IS_INTEGER, false, NULL, NULL, 0, 0},
    {"day", IS_INTEGER, false, NULL, NULL, 0, 0},
    {"area", IS_STRING, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape a_by_output = {NULL, IS_OBJECT, false, by_output, NULL, 0, 0};

/* An input's or a group's indices output by output. */
static const struct shape by_analysed[] = {
    {"name", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"mean_ST", NUM, false, NULL, NULL, 0, 0},
    ARRAY_OF("*", &a_number),
    END,
};
static const struct shape a_by_analysed = {NULL, IS_OBJECT, false, by_analysed, NULL, 0, 0};

static const struct shape by[] = {
    {"kind", IS_STRING, false, NULL, NULL, 0, 0},
    ARRAY_OF("outputs", &a_by_output),
    ARRAY_OF("mean", &a_number),
    ARRAY_OF("variance", &a_number),
    ARRAY_OF("inputs", &a_by_analysed),
    ARRAY_OF("groups", &a_by_analysed),
    END,
};

static const struct shape restriction[] = {
    {"input", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape a_restriction = {NULL, IS_OBJECT, false, restriction, NULL, 0, 0};
static const struct shape a_step = {NULL, IS_OBJECT, false, numbers, NULL, 0, 0};
static const struct shape limits_by_input[] = {OBJECT_OF("*", numbers), END};

static const struct shape box[] = {
    OBJECT_OF("holdout", numbers),
    ARRAY_OF("trajectory", &a_step),
    ARRAY_OF("restrictions", &a_restriction),
    ARRAY_OF("dropped", &a_restriction),
    ARRAY_OF("stability", &a_restriction),
    OBJECT_OF("limits", limits_by_input),
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape a_box = {NULL, IS_OBJECT, false, box, NULL, 0, 0};

static const struct shape voi_option[] = {
    {"id", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape a_voi_option = {NULL, IS_OBJECT, false, voi_option, NULL, 0, 0};

static const struct shape voi_milestone[] = {
    {"milestone", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    OBJECT_OF("chosen", numbers),
    {"*", NUM, false, NULL, NULL, 0, 0},
    END,
};
static const struct shape a_voi_milestone = {NULL, IS_OBJECT, false, voi_milestone, NULL, 0, 0};

static const struct shape analysis_results[] = {
    {"method", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"metric", IS_STRING, REQUIRED, NULL, NULL, 0, 0},
    {"option", IS_STRING, false, NULL, NULL, 0, 0},
    {"samples", IS_INTEGER, false, NULL, NULL, 0, 0},
    {"evaluations", IS_INTEGER, false, NULL, NULL, 0, 0},
    {"dayafter", IS_STRING, false, NULL, NULL, 0, 0},
    {"scenario", IS_STRING, false, NULL, NULL, 0, 0},
    {"seed", IS_NUMBER, false, NULL, NULL, 0, 0},
    {"seed_decimal", IS_STRING, false, NULL, NULL, 0, 0},
    {"metric_mean", NUM, false, NULL, NULL, 0, 0},
    {"metric_variance", NUM, false, NULL, NULL, 0, 0},
    OBJECT_OF("metric_info", metric_info),
    ARRAY_OF("warnings", &a_warning),
    {"recommended_samples", IS_INTEGER | IS_NULL, false, NULL, NULL, 0, 0},
    {"inputs", IS_ARRAY, REQUIRED, NULL, &an_analysed, 0, 0},
    OBJECT_OF("by", by),
    ARRAY_OF("groups", &an_analysed),
    {"where", IS_STRING, false, NULL, NULL, 0, 0},
    {"cases", IS_INTEGER, false, NULL, NULL, 0, 0},
    OBJECT_OF("prim_settings", numbers),
    OBJECT_OF("training", numbers),
    OBJECT_OF("holdout", numbers),
    ARRAY_OF("boxes", &a_box),
    {"evpi", NUM, false, NULL, NULL, 0, 0},
    {"chosen_now", IS_STRING, false, NULL, NULL, 0, 0},
    ARRAY_OF("options", &a_voi_option),
    ARRAY_OF("milestones", &a_voi_milestone),
    END,
};

/* The deepest a path through the tables above goes (options[i].series.KEY.AREA.p10[j]: 6). */
#define MAX_DEPTH 16

/* One step of a path: a member's key, or (key NULL) an array's index. */
struct step {
    const char *key;
    size_t index;
};

struct check {
    const char *json, *file;
    size_t len;
    da_diags *diags;
    struct step path[MAX_DEPTH];
    int depth;
};

/* The path, "options[0].metrics.start_day", into 'buf'. */
static const char *path_text(const struct check *c, int depth, char *buf, size_t cap)
{
    buf[0] = '\0';
    size_t used = 0;
    for (int d = 0; d < depth && used < cap; d++) {
        const struct step *s = &c->path[d];
        int n = s->key ? snprintf(buf + used, cap - used, "%s%s", d ? "." : "", s->key)
                       : snprintf(buf + used, cap - used, "[%zu]", s->index);
        used += n > 0 ? (size_t)n : 0;
    }
    return buf;
}

/* Whether the string token at [p, end) of the text, quotes and all, is 'key'. */
static bool key_is(const char *s, size_t p, size_t end, const char *key)
{
    size_t n = end - p - 2;
    if (!memchr(s + p + 1, '\\', n))
        return n == strlen(key) && memcmp(s + p + 1, key, n) == 0;
    /* Escapes: jansson decodes the token as it decoded the key. */
    json_t *decoded = json_loadb(s + p, end - p, JSON_DECODE_ANY, NULL);
    bool same = json_is_string(decoded) && json_string_length(decoded) == strlen(key) &&
                memcmp(json_string_value(decoded), key, strlen(key)) == 0;
    json_decref(decoded);
    return same;
}

/* The index just past the value at 'p'. */
static size_t value_end(const char *s, size_t len, size_t p)
{
    if (p >= len)
        return len;
    if (s[p] == '"')
        return string_end(s, len, p);
    if (s[p] == '{' || s[p] == '[') {
        int depth = 0;
        while (p < len) {
            char c = s[p];
            if (c == '"') {
                p = string_end(s, len, p);
                continue;
            }
            depth += (c == '{' || c == '[') - (c == '}' || c == ']');
            p++;
            if (depth == 0)
                break;
        }
        return p;
    }
    while (p < len && !is_space(s[p]) && s[p] != ',' && s[p] != ']' && s[p] != '}')
        p++;
    return p;
}

/* Where the value at the first 'depth' steps of the path starts in the text (the document's
 * start when a step is not found, which does not happen to a path the check walked). */
static size_t locate(const struct check *c, int depth)
{
    const char *s = c->json;
    size_t len = c->len, p = skip_space(s, len, 0);
    for (int d = 0; d < depth; d++) {
        const struct step *step = &c->path[d];
        if (p >= len || s[p] != (step->key ? '{' : '['))
            return 0;
        bool found = false;
        for (size_t i = 0; !found;) {
            p = skip_space(s, len, p + 1); /* past the '{', '[' or ',' */
            if (p >= len || s[p] == '}' || s[p] == ']')
                return 0;
            if (step->key) {
                size_t end = string_end(s, len, p);
                found = key_is(s, p, end, step->key);
                p = skip_space(s, len, end);
                p = skip_space(s, len, p + 1); /* past the ':' */
            } else {
                found = i++ == step->index;
            }
            if (!found)
                p = skip_space(s, len, value_end(s, len, p));
        }
    }
    return p;
}

/* The line and column of the value at 'p', and how many characters its token covers when it
 * is a scalar (0 for an object or an array: a caret marks its start). */
static struct da_mark mark_of(const struct check *c, size_t p)
{
    struct da_mark at = {.line = 1, .column = 1};
    for (size_t i = 0; i < p; i++) {
        if (c->json[i] == '\n') {
            at.line++;
            at.column = 1;
        } else if (((unsigned char)c->json[i] & 0xC0) != 0x80) { /* a character's first byte */
            at.column++;
        }
    }
    if (p < c->len && c->json[p] != '{' && c->json[p] != '[') {
        size_t end = value_end(c->json, c->len, p);
        for (size_t i = p; i < end; i++)
            at.span += ((unsigned char)c->json[i] & 0xC0) != 0x80;
    }
    return at;
}

/* "a string or null", from a set of types. */
static const char *types_text(unsigned types, char *buf, size_t cap)
{
    static const struct {
        unsigned types;
        const char *text;
    } names[] = {
        {IS_NUMBER, "a number"},    {IS_INTEGER, "a whole number"}, {IS_STRING, "a string"},
        {IS_BOOL, "true or false"}, {IS_OBJECT, "an object"},       {IS_ARRAY, "an array"},
        {IS_NULL, "null"},
    };
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if ((types & names[i].types) != names[i].types)
            continue;
        types &= ~names[i].types;
        size_t used = strlen(buf);
        snprintf(buf + used, cap - used, "%s%s", used ? " or " : "", names[i].text);
    }
    return buf;
}

/* What was found at 'p': its text as written (cut), or "an object", "an array". */
static const char *found_text(const struct check *c, size_t p, char *buf, size_t cap)
{
    if (p < c->len && c->json[p] == '{')
        return "an object";
    if (p < c->len && c->json[p] == '[')
        return "an array";
    size_t n = value_end(c->json, c->len, p) - p;
    if (n > 40)
        snprintf(buf, cap, "%.37s...", c->json + p);
    else
        snprintf(buf, cap, "%.*s", (int)n, c->json + p);
    return buf;
}

/* Reports the problem of the value at the path's first 'depth' steps: "PATH: MESSAGE". */
static bool problem(struct check *c, int depth, da_diag_code code, const char *message)
{
    char path[DIAG_PATH_MAX];
    path_text(c, depth, path, sizeof path);
    struct da_mark at = mark_of(c, locate(c, depth));
    if (path[0])
        diag_add(c->diags, c->file, code, path, at, "%s: %s", path, message);
    else
        diag_add(c->diags, c->file, code, path, at, "%s", message);
    diag_keep_text(c->diags, c->file, c->json, c->len);
    return false;
}

static unsigned type_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return IS_STRING;
    case JSON_INTEGER:
        return IS_INTEGER;
    case JSON_REAL:
        return IS_REAL;
    case JSON_TRUE:
    case JSON_FALSE:
        return IS_BOOL;
    case JSON_OBJECT:
        return IS_OBJECT;
    case JSON_ARRAY:
        return IS_ARRAY;
    default:
        return IS_NULL;
    }
}

static bool check_value(struct check *c, const json_t *v, const struct shape *s);

/* Appends a step to the path and checks 'v' there. */
static bool check_at(struct check *c, const char *key, size_t index, const json_t *v,
                     const struct shape *s)
{
    if (c->depth >= MAX_DEPTH) /* the tables never go this deep */
        return true;
    c->path[c->depth++] = (struct step){key, index};
    bool ok = check_value(c, v, s);
    c->depth--;
    return ok;
}

/* The entry of 'members' for the key 'key'. */
static const struct shape *member_shape(const struct shape *members, const char *key)
{
    const struct shape *any = NULL;
    for (const struct shape *m = members; m->key; m++) {
        if (strcmp(m->key, key) == 0)
            return m;
        if (!any && strcmp(m->key, "*") == 0)
            any = m;
    }
    return any;
}

/* The value of key 'key' of 'obj' as a number; false when it is null or missing. */
static bool number_at(const json_t *obj, const char *key, double *x)
{
    const json_t *v = json_object_get(obj, key);
    *x = json_number_value(v);
    return json_is_number(v);
}

/* A metric's percentiles that a page would draw out of order (a 10th above the median: results
 * edited by hand) are refused at the later of the two. */
static bool check_order(struct check *c, const json_t *obj)
{
    double p10, p50, p90;
    if (!number_at(obj, "p10", &p10) || !number_at(obj, "p50", &p50) ||
        !number_at(obj, "p90", &p90) || (p10 <= p50 && p50 <= p90))
        return true;
    bool low = !(p10 <= p50);
    char message[160];
    snprintf(message, sizeof message, "%s %.17g is below %s %.17g: percentiles out of order",
             low ? "p50" : "p90", low ? p50 : p90, low ? "p10" : "p50", low ? p10 : p50);
    c->path[c->depth] = (struct step){low ? "p50" : "p90", 0};
    return problem(c, c->depth + 1, DA_DIAG_OUT_OF_RANGE, message);
}

static bool check_object(struct check *c, const json_t *obj, const struct shape *members)
{
    for (const struct shape *m = members; m->key; m++) {
        if (m->required && !json_object_get(obj, m->key)) {
            char message[DIAG_QUOTE_MAX + 64];
            snprintf(message, sizeof message, "missing required key '%s'", m->key);
            return problem(c, c->depth, DA_DIAG_MISSING_KEY, message);
        }
    }
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        const struct shape *m = member_shape(members, key);
        if (m && !check_at(c, key, 0, value, m))
            return false;
    }
    return (members != quantiles && members != costs) || check_order(c, obj);
}

static bool check_value(struct check *c, const json_t *v, const struct shape *s)
{
    char message[256];
    unsigned type = type_of(v);
    if (!(s->types & type)) {
        char want[96], found[64];
        size_t at = locate(c, c->depth);
        snprintf(message, sizeof message, "expected %s, found %s",
                 types_text(s->types, want, sizeof want), found_text(c, at, found, sizeof found));
        return problem(c, c->depth, DA_DIAG_WRONG_TYPE, message);
    }
    if (type == IS_INTEGER && !(s->types & IS_REAL) && s->min < s->max) {
        json_int_t n = json_integer_value(v);
        if ((double)n < s->min || (double)n > s->max) {
            snprintf(message, sizeof message,
                     "expected a whole number from %.0f to %.0f, found %" JSON_INTEGER_FORMAT,
                     s->min, s->max, n);
            return problem(c, c->depth, DA_DIAG_OUT_OF_RANGE, message);
        }
    } else if ((type & IS_NUMBER) && s->min < s->max) {
        double x = json_number_value(v);
        if (x < s->min || x > s->max) {
            char found[64];
            found_text(c, locate(c, c->depth), found, sizeof found);
            if (s->max == DBL_MAX)
                snprintf(message, sizeof message, "expected a number of %g or more, found %s",
                         s->min, found);
            else
                snprintf(message, sizeof message, "expected a number from %g to %g, found %s",
                         s->min, s->max, found);
            return problem(c, c->depth, DA_DIAG_OUT_OF_RANGE, message);
        }
    }
    if (type == IS_OBJECT && s->members)
        return check_object(c, v, s->members);
    if (type == IS_ARRAY && s->items) {
        for (size_t i = 0; i < json_array_size(v); i++)
            if (!check_at(c, NULL, i, json_array_get(v, i), s->items))
                return false;
    }
    return true;
}

/* An analysis's method is one the report draws. */
static bool check_method(struct check *c, const json_t *root)
{
    const char *method = json_string_value(json_object_get(root, "method"));
    if (da_method_of(method) >= 0)
        return true;
    char names[128], message[256];
    da_method_names(0, names, sizeof names);
    c->path[0] = (struct step){"method", 0};
    size_t at = locate(c, 1);
    snprintf(message, sizeof message, "expected %s, found %s", names,
             found_text(c, at, (char[64]){0}, 64));
    return problem(c, 1, DA_DIAG_UNKNOWN_VALUE, message);
}

/* ---- what the types do not say -------------------------------------------------------- */

/* A run has an option at least, each once: the page finds options by their ids. Each option's
 * metrics hold those of section 8, which every version has written (M_START_DAY to
 * M_DISPLACED_END): the page would read a missing one as a metric no run has, and an option
 * without its start day as one that never starts. */
static bool check_options(struct check *c, const json_t *options)
{
    c->path[0] = (struct step){"options", 0};
    if (json_array_size(options) == 0)
        return problem(c, 1, DA_DIAG_LIST_LENGTH, "expected at least one option, found none");
    json_t *seen = json_object();
    for (size_t i = 0; i < json_array_size(options); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(options, i), "id"));
        if (seen && json_object_get(seen, id)) {
            json_decref(seen);
            c->path[1] = (struct step){NULL, i};
            c->path[2] = (struct step){"id", 0};
            /* quoted as written, escapes and all: the id may hold any character */
            char message[128], written[64];
            snprintf(message, sizeof message, "option %s is listed twice",
                     found_text(c, locate(c, 3), written, sizeof written));
            return problem(c, 3, DA_DIAG_DUPLICATE_ID, message);
        }
        if (seen)
            json_object_set_new(seen, id, json_true());
    }
    json_decref(seen);
    for (size_t i = 0; i < json_array_size(options); i++) {
        const json_t *metrics = json_object_get(json_array_get(options, i), "metrics");
        for (int m = 0; m <= M_DISPLACED_END; m++) {
            if (json_object_get(metrics, metric_names[m]))
                continue;
            c->path[0] = (struct step){"options", 0};
            c->path[1] = (struct step){NULL, i};
            c->path[2] = (struct step){"metrics", 0};
            char message[DIAG_QUOTE_MAX + 64];
            snprintf(message, sizeof message, "missing required key '%s'", metric_names[m]);
            return problem(c, 3, DA_DIAG_MISSING_KEY, message);
        }
    }
    return true;
}

/* The weekly series' days are days of the run: before its horizon. */
static bool check_days(struct check *c, const json_t *root)
{
    json_int_t horizon = json_integer_value(json_object_get(root, "horizon_days"));
    const json_t *days = json_object_get(root, "series_days");
    for (size_t k = 0; k < json_array_size(days); k++) {
        json_int_t day = json_integer_value(json_array_get(days, k));
        if (day < horizon)
            continue;
        c->path[0] = (struct step){"series_days", 0};
        c->path[1] = (struct step){NULL, k};
        char message[160];
        snprintf(message, sizeof message,
                 "expected a day before the horizon (horizon_days %" JSON_INTEGER_FORMAT
                 "), found %" JSON_INTEGER_FORMAT,
                 horizon, day);
        return problem(c, 2, DA_DIAG_OUT_OF_RANGE, message);
    }
    return true;
}

/* Whether 'list', the array at the path's first 'depth' steps, holds 'weeks' values, one a
 * week of the series ('of' names the days it follows); a problem there when not. */
static bool check_weeks_of(struct check *c, int depth, const json_t *list, size_t weeks,
                           const char *of)
{
    if (json_array_size(list) == weeks)
        return true;
    char message[160];
    snprintf(message, sizeof message, "expected %zu values, one for each day of %s, found %zu",
             weeks, of, json_array_size(list));
    return problem(c, depth, DA_DIAG_LIST_LENGTH, message);
}

/* The band (p10, p50, p90) at the path's first 'depth' steps, each 'weeks' long. */
static bool check_band(struct check *c, int depth, const json_t *week_band, size_t weeks,
                       const char *of)
{
    static const char *const quantile[] = {"p10", "p50", "p90"};
    for (int q = 0; q < 3; q++) {
        c->path[depth] = (struct step){quantile[q], 0};
        if (!check_weeks_of(c, depth + 1, json_object_get(week_band, quantile[q]), weeks, of))
            return false;
    }
    return true;
}

/* The band of each key (an area) of 'bands', at the path's first 'depth' steps. */
static bool check_bands(struct check *c, int depth, const json_t *bands, size_t weeks,
                        const char *of)
{
    const char *key;
    const json_t *area;
    json_object_foreach((json_t *)bands, key, area)
    {
        c->path[depth] = (struct step){key, 0};
        if (!check_band(c, depth + 1, area, weeks, of))
            return false;
    }
    return true;
}

/* A weekly series holds a value for each of the series' days: series_days (older results: each
 * option's series.day), and series_dates one for each of them. The page reads week k of every
 * series by the k-th day, so that a series cut short would lose its last weeks without a
 * word. */
static bool check_weeks(struct check *c, const json_t *root)
{
    const json_t *days = json_object_get(root, "series_days");
    size_t weeks = json_array_size(days);
    const json_t *dates = json_object_get(root, "series_dates");
    c->path[0] = (struct step){"series_dates", 0};
    if (days && dates && !check_weeks_of(c, 1, dates, weeks, "series_days"))
        return false;
    const json_t *required = json_object_get(root, "requirement_series");
    const json_t *areas = json_object_get(required, "areas");
    const json_t *total = json_object_get(required, "total");
    c->path[0] = (struct step){"requirement_series", 0};
    c->path[1] = (struct step){"areas", 0};
    if (days && areas && !check_bands(c, 2, areas, weeks, "series_days"))
        return false;
    c->path[1] = (struct step){"total", 0};
    if (days && total && !check_band(c, 2, total, weeks, "series_days"))
        return false;

    const json_t *options = json_object_get(root, "options");
    for (size_t i = 0; i < json_array_size(options); i++) {
        const json_t *weekly = json_object_get(json_array_get(options, i), "series");
        const json_t *own = days ? days : json_object_get(weekly, "day");
        if (!weekly || !own)
            continue;
        c->path[0] = (struct step){"options", 0};
        c->path[1] = (struct step){NULL, i};
        c->path[2] = (struct step){"series", 0};
        const char *key;
        const json_t *bands;
        json_object_foreach((json_t *)weekly, key, bands)
        {
            c->path[3] = (struct step){key, 0};
            if (strcmp(key, "day") != 0 &&
                !check_bands(c, 4, bands, json_array_size(own),
                             days ? "series_days" : "the option's series.day"))
                return false;
        }
    }
    return true;
}

/* The version that wrote the results ("dayafter": "0.1.0") is one: digits, a dot, digits, a dot,
 * digits, then what a build may add ("-dev", "+g1a2b3c"). The page prints it as the version
 * that wrote the numbers; any other text there is no dayafter's. */
static bool check_version(struct check *c, const json_t *root)
{
    const char *v = json_string_value(json_object_get(root, "dayafter"));
    if (!v)
        return true;
    const char *p = v;
    for (int part = 0; part < 3; part++) {
        size_t digits = strspn(p, "0123456789");
        if (digits == 0 || digits > 9 || (part < 2 && p[digits] != '.'))
            break;
        p += digits + (part < 2);
        if (part == 2 && (*p == '\0' || *p == '-' || *p == '+'))
            return true;
    }
    char found[64], message[160];
    c->path[0] = (struct step){"dayafter", 0};
    snprintf(message, sizeof message,
             "expected the version of dayafter that wrote the results (as %s), found %s",
             da_version(), found_text(c, locate(c, 1), found, sizeof found));
    return problem(c, 1, DA_DIAG_UNKNOWN_VALUE, message);
}

bool report_check_shape(const json_t *root, bool analysis, const char *json, size_t len,
                        const char *file, da_diags *diags)
{
    struct check c = {.json = json, .file = file, .len = len, .diags = diags};
    const struct shape top = {NULL, IS_OBJECT, false, analysis ? analysis_results : run_results,
                              NULL, 0,         0};
    if (!check_value(&c, root, &top) || !check_version(&c, root))
        return false;
    if (analysis)
        return check_method(&c, root);
    return check_options(&c, json_object_get(root, "options")) && check_days(&c, root) &&
           check_weeks(&c, root);
}
